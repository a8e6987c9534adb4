# Linux 32-bit ARM (what an armeabi-v7a APK runs) with Debian's
# gcc-arm-linux-gnueabihf: ARMv7-A, NEON, hard float. ctest runs every test
# binary under qemu-user against the armhf libc in /usr/arm-linux-gnueabihf.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR armv7-a)

set(APP_CORE_CROSS_ROOT /usr/arm-linux-gnueabihf)
set(CMAKE_C_COMPILER arm-linux-gnueabihf-gcc)
# The instruction set of Android's armeabi-v7a (whose NDK turns NEON on by
# default); hard float is Debian's armhf calling convention, where Android
# passes floats in integer registers (softfp). Struct layouts are the same.
set(CMAKE_C_FLAGS_INIT "-march=armv7-a -mfpu=neon -mfloat-abi=hard")
set(CMAKE_CROSSCOMPILING_EMULATOR "qemu-arm;-L;${APP_CORE_CROSS_ROOT}")

# Headers and libraries come from the armhf root only; build tools from the host.
set(CMAKE_FIND_ROOT_PATH ${APP_CORE_CROSS_ROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
