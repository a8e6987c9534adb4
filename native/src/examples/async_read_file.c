/* async_read_file.c: app_core_read_file_async, a whole file read on a worker
 * and handed to Dart as a Uint8List without a copy (core/bytes.h).
 * Like sha256_file_async it opens regular files only, so a pipe or a device
 * can never hold a worker where cancel cannot reach it, and it opens, reads
 * and closes in calls a cancel abandons if one never returns
 * (core/file_reader.h). */

#include "core/bytes.h"
#include "core/file_reader.h"
#include "core/string_alloc.h"
#include "core/task.h"

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

static void read_file_run(app_core__task *task) {
  const char *path = task->input_text;
  char reason[REASON_SIZE] = "";
  app_core__bytes *bytes = NULL;
  app_core__read_failure failure;
  app_core__read_status status =
      app_core__file_read_all(task, path, MAX_BYTES, &bytes, &failure, reason, sizeof reason);
  if (status == APP_CORE__READ_OK) {
    app_core__task_set_bytes(task, bytes);
  } else if (status == APP_CORE__READ_FAILED) {
    switch (failure) {
      case APP_CORE__READ_FAILURE_OPEN:
        fail_io(task, "open", path, reason);
        break;
      case APP_CORE__READ_FAILURE_READ:
        fail_io(task, "read", path, reason);
        break;
      case APP_CORE__READ_FAILURE_TOO_LARGE:
        fail_too_large(task, path);
        break;
      case APP_CORE__READ_FAILURE_OUT_OF_MEMORY:
        app_core__task_set_error(task, APP_CORE_OUT_OF_MEMORY, NULL);
        break;
    }
  } /* else cancelled, or abandoned in a call: [2] */
}

int64_t app_core_read_file_async(const char *path, int64_t port) {
  return app_core__task_start_text(read_file_run, port, path, "read_file_async: path", 0);
}
