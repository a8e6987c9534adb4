/* async_read_file.c: app_core_read_file_async, a whole file read on a worker
 * and handed to Dart as a Uint8List without a copy (core/bytes.h).
 * Like sha256_file_async it opens regular files only, so a pipe or a device
 * can never hold a worker where cancel cannot reach it, and it opens and
 * reads through a reader thread that a cancel abandons if a call never
 * returns (core/file_reader.h). */

#include "core/bytes.h"
#include "core/file_reader.h"
#include "core/string_alloc.h"
#include "core/task.h"

#define READ_CHUNK ((size_t)1 << 20)       /* bytes per read: the cancel check's granularity */
#define FIRST_CAPACITY ((size_t)64 * 1024) /* when the size is unknown */
#define MAX_BYTES ((size_t)APP_CORE_READ_FILE_MAX_BYTES)
/* So that size_t and the message's intptr_t length hold it on 32-bit targets. */
_Static_assert(APP_CORE_READ_FILE_MAX_BYTES <= INT32_MAX, "read_file_async's limit must fit 32 bits");
#define REASON_SIZE 256

static void fail_io(app_core__task *task, const char *what, const char *path, const char *reason) {
  app_core__task_set_error(task, APP_CORE_IO,
                           app_core__format("read_file_async: cannot %s '%s': %s", what, path, reason));
}

static void fail_too_large(app_core__task *task, const char *path) {
  app_core__task_set_error(task, APP_CORE_INVALID_ARGUMENT,
                           app_core__format("read_file_async: '%s' is larger than %lld bytes "
                                            "(APP_CORE_READ_FILE_MAX_BYTES)",
                                            path, (long long)APP_CORE_READ_FILE_MAX_BYTES));
}

/* The size the file reported, capped just above the limit, or 0 if unknown. */
static size_t size_hint(const app_core__file_reader *reader) {
  uint64_t size = 0;
  if (!app_core__file_reader_size(reader, &size)) return 0;
  return size > MAX_BYTES ? MAX_BYTES + 1 : (size_t)size;
}

static void release_bytes(void *bytes) { app_core__bytes_free(bytes); }

/* Reads to the end of the file, or sets the task's outcome and returns NULL
 * (also when cancelled; *abandoned if a cancel abandoned a read, which then
 * owns the bytes and the reader). The room for one more byte than the hint
 * lets the read that finds the end of a file of the expected size need no
 * growth. */
static app_core__bytes *read_all(app_core__task *task, app_core__file_reader *reader, const char *path,
                                 bool *abandoned) {
  size_t hint = size_hint(reader);
  if (hint > MAX_BYTES) {
    fail_too_large(task, path);
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
    size_t got = 0;
    char reason[REASON_SIZE];
    app_core__read_status status = app_core__file_reader_read(
        reader, bytes->data + bytes->length, want, &got, release_bytes, bytes, &task->cancelled, reason, sizeof reason);
    if (status == APP_CORE__READ_CANCELLED) {
      *abandoned = true;
      return NULL;
    }
    if (status == APP_CORE__READ_FAILED) {
      fail_io(task, "read", path, reason);
      break;
    }
    bytes->length += got;
    if (got == want) continue;
    app_core__bytes *fitted = app_core__bytes_resize(bytes, bytes->length); /* give back the slack */
    return fitted != NULL ? fitted : bytes;
  }
  app_core__bytes_free(bytes);
  return NULL;
}

static void read_file_run(app_core__task *task) {
  const char *path = task->input_text;
  char reason[REASON_SIZE];
  app_core__file_reader *reader;
  app_core__read_status status = app_core__file_reader_open(&reader, path, &task->cancelled, reason, sizeof reason);
  if (status == APP_CORE__READ_FAILED) fail_io(task, "open", path, reason);
  if (status != APP_CORE__READ_OK) return; /* failed, or cancelled: answers [2] */
  bool abandoned = false;
  app_core__bytes *bytes = read_all(task, reader, path, &abandoned);
  if (abandoned) return; /* the reader frees the bytes and itself */
  app_core__file_reader_close(reader, &task->cancelled);
  if (bytes != NULL) app_core__task_set_bytes(task, bytes);
}

int64_t app_core_read_file_async(const char *path, int64_t port) {
  return app_core__task_start_text(read_file_run, port, path, "read_file_async: path", 0);
}
