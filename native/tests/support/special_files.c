/* special_files.c: see special_files.h. Built into the test binary only. */
#if !defined(_WIN32)
#  define _POSIX_C_SOURCE 200809L /* mkfifo, sockets, rmdir under -std=c11 */
#  define _FILE_OFFSET_BITS 64    /* a 64-bit off_t for ftruncate on 32-bit glibc */
#endif

#include "special_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#if defined(_WIN32)
#  define WIN32_LEAN_AND_MEAN
#  include <windows.h>

void test_pipe_create(test_pipe *pipe, const char *name) {
  ASSERT_LT(snprintf(pipe->path, sizeof pipe->path, "\\\\.\\pipe\\%s", name), (int)sizeof pipe->path);
  /* Outbound: a client opens it for reading, then waits for data that never comes. */
  HANDLE server =
      CreateNamedPipeA(pipe->path, PIPE_ACCESS_OUTBOUND, PIPE_TYPE_BYTE | PIPE_WAIT, 4, 4096, 4096, 0, NULL);
  ASSERT_TRUE(server != INVALID_HANDLE_VALUE);
  pipe->server = server;
}

void test_pipe_remove(test_pipe *pipe) { ASSERT_TRUE(CloseHandle((HANDLE)pipe->server)); }

const char *test_device_path(void) { return "NUL"; }

bool test_socket_file_create(const char *path) {
  (void)path;
  return false;
}

/* \\?\<current directory>\<path with backslashes>: no 260-character limit. */
static wchar_t *verbatim_path(const char *path) {
  DWORD cwd_length = GetCurrentDirectoryW(0, NULL);
  ASSERT_GT(cwd_length, 0);
  size_t length = strlen(path), size = 4 + cwd_length + 1 + length + 1;
  wchar_t *wide = malloc(size * sizeof *wide);
  ASSERT_NOT_NULL(wide);
  wcscpy(wide, L"\\\\?\\");
  ASSERT_EQ(GetCurrentDirectoryW(cwd_length, wide + 4), cwd_length - 1);
  size_t at = 4 + cwd_length - 1;
  wide[at++] = L'\\';
  for (size_t i = 0; i < length; i++) wide[at++] = path[i] == '/' ? L'\\' : (wchar_t)(unsigned char)path[i];
  wide[at] = L'\0';
  return wide;
}

void test_mkdir(const char *path) {
  wchar_t *wide = verbatim_path(path);
  ASSERT_TRUE(CreateDirectoryW(wide, NULL) || GetLastError() == ERROR_ALREADY_EXISTS);
  free(wide);
}

void test_rmdir(const char *path) {
  wchar_t *wide = verbatim_path(path);
  ASSERT_TRUE(RemoveDirectoryW(wide));
  free(wide);
}

void test_write_file(const char *path, const char *content) {
  wchar_t *wide = verbatim_path(path);
  HANDLE file = CreateFileW(wide, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  free(wide);
  ASSERT_TRUE(file != INVALID_HANDLE_VALUE);
  DWORD written = 0;
  ASSERT_TRUE(WriteFile(file, content, (DWORD)strlen(content), &written, NULL));
  ASSERT_EQ(written, strlen(content));
  ASSERT_TRUE(CloseHandle(file));
}

void test_remove_file(const char *path) {
  wchar_t *wide = verbatim_path(path);
  ASSERT_TRUE(DeleteFileW(wide));
  free(wide);
}

const char *test_missing_file_reason(void) { return ""; }

/* Windows' file APIs are 64-bit on every target, and a file grown there is
 * not sparse: nothing to make. */
bool test_sparse_file_create(const char *path, uint64_t size) {
  (void)path;
  (void)size;
  return false;
}

#else
#  include <errno.h>
#  include <fcntl.h>
#  include <sys/socket.h>
#  include <sys/stat.h>
#  include <sys/un.h>
#  include <unistd.h>

void test_pipe_create(test_pipe *pipe, const char *name) {
  ASSERT_LT(snprintf(pipe->path, sizeof pipe->path, "%s", name), (int)sizeof pipe->path);
  (void)unlink(pipe->path); /* left by an interrupted run */
  ASSERT_EQ(mkfifo(pipe->path, 0600), 0);
  pipe->server = NULL;
}

void test_pipe_remove(test_pipe *pipe) { ASSERT_EQ(unlink(pipe->path), 0); }

const char *test_device_path(void) { return "/dev/zero"; }

bool test_socket_file_create(const char *path) {
  struct sockaddr_un address;
  memset(&address, 0, sizeof address);
  address.sun_family = AF_UNIX;
  ASSERT_LT(strlen(path), sizeof address.sun_path);
  memcpy(address.sun_path, path, strlen(path) + 1);
  (void)unlink(path);
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  /* The file stays after close; nothing listens, so opening it fails (ENXIO). */
  ASSERT_EQ(bind(fd, (const struct sockaddr *)&address, sizeof address), 0);
  ASSERT_EQ(close(fd), 0);
  return true;
}

void test_mkdir(const char *path) { ASSERT_TRUE(mkdir(path, 0700) == 0 || errno == EEXIST); }
void test_rmdir(const char *path) { ASSERT_EQ(rmdir(path), 0); }

void test_write_file(const char *path, const char *content) {
  FILE *file = fopen(path, "wb");
  ASSERT_NOT_NULL(file);
  ASSERT_EQ(fwrite(content, 1, strlen(content), file), strlen(content));
  ASSERT_EQ(fclose(file), 0);
}

void test_remove_file(const char *path) { ASSERT_EQ(unlink(path), 0); }

const char *test_missing_file_reason(void) { return "No such file"; }

bool test_sparse_file_create(const char *path, uint64_t size) {
  if (size > (uint64_t)INT64_MAX || (sizeof(off_t) < 8 && size > (uint64_t)INT32_MAX)) return false;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, (off_t)size), 0);
  ASSERT_EQ(close(fd), 0);
  return true;
}
#endif
