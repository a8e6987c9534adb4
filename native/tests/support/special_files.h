/* special_files.h: files that are not regular files, and paths longer than
 * Windows' classic 260-character limit, made the way each OS makes them. The
 * only test code with OS conditionals (in special_files.c). Paths are
 * relative to the current directory; each test uses its own names, as ctest
 * runs tests side by side in one directory. */
#ifndef APP_CORE_SPECIAL_FILES_H
#define APP_CORE_SPECIAL_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SPECIAL_PATH_SIZE 128

/* A pipe that no one ever writes to, so reading it blocks forever: a FIFO
 * named `name` (POSIX) or the server end of \\.\pipe\<name> (Windows).
 * `path` is what a reader opens. */
typedef struct test_pipe {
  char path[SPECIAL_PATH_SIZE];
  void *server; /* the Windows pipe handle; unused on POSIX */
} test_pipe;
void test_pipe_create(test_pipe *pipe, const char *name);
void test_pipe_remove(test_pipe *pipe);

/* A character device: /dev/zero (reads never end) on POSIX, NUL on Windows. */
const char *test_device_path(void);

/* Makes a UNIX-domain socket file at `path` (nothing listens on it). Returns
 * false, making nothing, where the OS has no socket files (Windows). */
bool test_socket_file_create(const char *path);

/* Directory and file helpers that also work past 260 characters on Windows
 * (where they go through a \\?\ absolute path); '/' separates components.
 * test_mkdir accepts a directory left by an interrupted run. */
void test_mkdir(const char *path);
void test_rmdir(const char *path);
void test_write_file(const char *path, const char *content);
void test_remove_file(const char *path);

/* Makes `path` a sparse file of `size` zero bytes, with 64-bit offsets even
 * on 32-bit POSIX. Returns false, making nothing, on Windows (its file APIs
 * are 64-bit everywhere). */
bool test_sparse_file_create(const char *path, uint64_t size);

/* The start of the OS reason for a missing file, where it is the same on
 * every version of the OS ("" on Windows, whose texts vary with the locale). */
const char *test_missing_file_reason(void);

#endif
