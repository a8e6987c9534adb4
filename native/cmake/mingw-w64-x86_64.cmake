# Windows x64 cross build with Debian's mingw-w64; ctest runs every test .exe
# under wine, headless, with its own prefix inside the build directory.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(APP_CORE_CROSS_ROOT /usr/x86_64-w64-mingw32)
# The -win32 flavour uses the Win32 thread model, so its runtime never needs
# libwinpthread; the plain name is whichever flavour update-alternatives picked.
find_program(APP_CORE_MINGW_GCC NAMES x86_64-w64-mingw32-gcc-win32 x86_64-w64-mingw32-gcc REQUIRED)
set(CMAKE_C_COMPILER ${APP_CORE_MINGW_GCC})
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)

# Link libgcc statically so the binaries need no DLL beyond what Windows ships.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static-libgcc")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static-libgcc")

set(CMAKE_FIND_ROOT_PATH ${APP_CORE_CROSS_ROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Debian ships the 64-bit loader as /usr/lib/wine/wine64 (not on PATH); the
# `wine` wrapper would also do, but warns about a missing wine32.
find_program(APP_CORE_WINE NAMES wine64 wine PATHS /usr/lib/wine)
if(APP_CORE_WINE)
  # WINEDLLOVERRIDES keeps a fresh prefix from asking to install Mono and Gecko.
  set(CMAKE_CROSSCOMPILING_EMULATOR
      "env;WINEPREFIX=${CMAKE_BINARY_DIR}/wineprefix;WINEDEBUG=-all;WINEDLLOVERRIDES=mscoree,mshtml=;${APP_CORE_WINE}")
endif()
