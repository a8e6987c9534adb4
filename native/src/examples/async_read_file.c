/* async_read_file.c: app_core_read_file_async, a whole file read on a worker
 * and handed to Dart as a Uint8List without a copy (core/bytes.h).
 *
 * It opens files with app_core__file_open_read, as sha256_file_async does;
 * when the platform layer gains its stricter open (regular files only), both
 * switch to it. */
#include <errno.h>
#include <stdio.h>

#include "core/bytes.h"
#include "core/platform.h"
#include "core/string_alloc.h"
#include "core/task.h"

#define READ_CHUNK ((size_t)1 << 20) /* bytes per fread: the cancel check's granularity */
#define FIRST_CAPACITY ((size_t)64 * 1024) /* when the size is unknown */
#define MAX_BYTES ((size_t)APP_CORE_READ_FILE_MAX_BYTES)

static void fail_io(app_core__task *task, const char *what, const char *path, int errnum) {
  char reason[128];
  app_core__errno_text(errnum, reason, sizeof reason);
  app_core__task_set_error(task, APP_CORE_IO, app_core__format("read_file_async: cannot %s '%s': %s", what, path, reason));
}

static void fail_too_large(app_core__task *task, const char *path) {
  app_core__task_set_error(task, APP_CORE_INVALID_ARGUMENT,
                           app_core__format("read_file_async: '%s' is larger than %lld bytes "
                                            "(APP_CORE_READ_FILE_MAX_BYTES)",
                                            path, (long long)APP_CORE_READ_FILE_MAX_BYTES));
}

/* The size a seekable stream reports, or 0 if it cannot tell; leaves the
 * stream at its start. Only a hint: the file may change while it is read. */
static size_t size_hint(FILE *file) {
  if (fseek(file, 0, SEEK_END) != 0) {
    clearerr(file);
    return 0;
  }
  long end = ftell(file);
  rewind(file);
  if (end <= 0) return 0;
  return (unsigned long)end > MAX_BYTES ? MAX_BYTES + 1 : (size_t)end;
}

/* Reads to the end of the file, or sets the task's outcome and returns NULL
 * (also when cancelled). The room for one more byte than the hint lets the
 * read that finds the end of a file of the expected size need no growth. */
static app_core__bytes *read_all(app_core__task *task, FILE *file, const char *path) {
  size_t hint = size_hint(file);
  if (hint > MAX_BYTES) {
    /* Some Linux file systems report a directory's size as huge; its first
     * read fails, which names the real problem. */
    if (fgetc(file) == EOF && ferror(file)) fail_io(task, "read", path, errno);
    else fail_too_large(task, path);
    return NULL;
  }
  app_core__bytes *bytes = app_core__bytes_new(hint > 0 ? hint + 1 : FIRST_CAPACITY);
  if (bytes == NULL) {
    app_core__task_set_error(task, APP_CORE_OUT_OF_MEMORY, NULL);
    return NULL;
  }
  for (;;) {
    if (app_core__task_cancelled(task)) break;
    if (bytes->length > MAX_BYTES) { /* grew while being read */
      fail_too_large(task, path);
      break;
    }
    if (bytes->length == bytes->capacity) {
      size_t grown = bytes->capacity <= MAX_BYTES / 2 ? bytes->capacity * 2 : MAX_BYTES + 1;
      app_core__bytes *moved = app_core__bytes_resize(bytes, grown);
      if (moved == NULL) {
        app_core__task_set_error(task, APP_CORE_OUT_OF_MEMORY, NULL);
        break;
      }
      bytes = moved;
    }
    size_t room = bytes->capacity - bytes->length;
    size_t want = room < READ_CHUNK ? room : READ_CHUNK;
    size_t got = fread(bytes->data + bytes->length, 1, want, file);
    bytes->length += got;
    if (got == want) continue;
    if (ferror(file)) {
      fail_io(task, "read", path, errno);
      break;
    }
    app_core__bytes *fitted = app_core__bytes_resize(bytes, bytes->length); /* give back the slack */
    return fitted != NULL ? fitted : bytes;
  }
  app_core__bytes_free(bytes);
  return NULL;
}

static void read_file_run(app_core__task *task) {
  const char *path = task->input_text;
  char reason[128];
  FILE *file = app_core__file_open_read(path, reason, sizeof reason);
  if (file == NULL) {
    app_core__task_set_error(task, APP_CORE_IO, app_core__format("read_file_async: cannot open '%s': %s", path, reason));
    return;
  }
  app_core__bytes *bytes = read_all(task, file, path);
  (void)fclose(file);
  if (bytes != NULL) app_core__task_set_bytes(task, bytes);
}

int64_t app_core_read_file_async(const char *path, int64_t port) {
  return app_core__task_start_text(read_file_run, port, path, "read_file_async: path", 0);
}
