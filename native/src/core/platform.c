/* platform.c: the one platform source every build compiles. It includes the
 * implementation for the target OS, so the source list (native/sources.txt)
 * names no OS-specific file and CMake, the Dart build hook and any IDE build
 * the same list. */
/* NOLINTBEGIN(bugprone-suspicious-include): including the OS file is the point. */
#if defined(_WIN32)
#  include "platform_win32.c"
#else
#  include "platform_posix.c"
#endif
/* NOLINTEND(bugprone-suspicious-include) */
