# Linux 32-bit x86 with the host gcc and -m32 (Debian's libc6-dev-i386 and
# lib32gcc-N-dev), so the sanitizers can check a 32-bit build: size_t,
# pointers, long and time_t are 32 bits, as on 32-bit ARM.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR i686)

set(CMAKE_C_COMPILER gcc)
# <asm/*.h> is biarch, but only gcc-multilib's /usr/include/asm symlink lets
# -m32 find it, and that package conflicts with Debian's cross compilers (the
# armhf and arm64 stages need them). -idirafter gives the same fallback and
# is searched last, after the i386 bits/ that libc6-dev-i386 installs.
set(CMAKE_C_FLAGS_INIT "-m32 -idirafter /usr/include/x86_64-linux-gnu")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-m32")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-m32")

# Where the kernel runs no i386 programs (no IA32 emulation), tool/test sets
# APP_CORE_M32_EMULATOR=qemu-i386; elsewhere the tests run natively.
set(APP_CORE_M32_EMULATOR "" CACHE STRING "Command that runs i386 programs, or empty to run them natively")
if(APP_CORE_M32_EMULATOR)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${APP_CORE_M32_EMULATOR}")
endif()
