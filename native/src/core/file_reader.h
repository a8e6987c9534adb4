/*
 * file_reader.h: opening and reading a file in a task, so that a cancel can
 * abandon a call that never returns.
 *
 * Even a regular file's open(), read() or close() may block for ever: a
 * stalled FUSE server (Android's shared storage), a hard NFS mount, an
 * iCloud file not downloaded yet, /proc/kmsg. No signal or close reliably
 * ends such a call. So each runs on the task's own worker inside a call a
 * cancel can abandon (app_core__runtime_call_begin, runtime.h): the task
 * answers [2] at once, a new worker takes the stuck one's place, and the
 * stuck thread is left alone, never joined. If its call ever returns, the
 * functions here free what they hold, close the file and return CANCELLED;
 * the thread then frees the task and ends. Until then it keeps its stack,
 * the task, the file descriptor or handle, and the buffer.
 *
 * A call costs one lock hold to begin and one CAS to end: no thread
 * hand-over, so a small cached file reads as fast as with plain calls.
 * For run functions only, on the task's thread.
 */
#ifndef APP_CORE_FILE_READER_H
#define APP_CORE_FILE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "platform.h"
#include "task_record.h"

typedef enum app_core__read_status {
  APP_CORE__READ_OK,
  APP_CORE__READ_FAILED,   /* `reason` holds why */
  APP_CORE__READ_CANCELLED /* cancelled before a call, or abandoned in one: return at once, with no outcome */
} app_core__read_status;

/* Why app_core__file_read_all failed. */
typedef enum app_core__read_failure {
  APP_CORE__READ_FAILURE_OPEN, /* `reason` holds why */
  APP_CORE__READ_FAILURE_READ, /* `reason` holds why */
  APP_CORE__READ_FAILURE_TOO_LARGE,
  APP_CORE__READ_FAILURE_OUT_OF_MEMORY
} app_core__read_failure;

/* Reads the whole of `path` (borrowed; opened as app_core__file_open_regular
 * does): open, reads to the end, close. On OK, *bytes is the file's content,
 * the caller's (app_core__bytes_free, or post it). FAILED says why in
 * *failure: also TOO_LARGE if the file is, or grows while read, beyond
 * max_bytes (at most SIZE_MAX / 2). */
app_core__read_status app_core__file_read_all(app_core__task *task, const char *path, size_t max_bytes,
                                              app_core__bytes **bytes, app_core__read_failure *failure, char *reason,
                                              size_t reason_size);

/* Opens `path` as app_core__file_open_regular does, and asks its size (a
 * FUSE fstat asks the server too) into *size, unless size is NULL:
 * *has_size is false if the OS could not tell. Only on OK is *file open:
 * close it with app_core__file_task_close. */
app_core__read_status app_core__file_task_open(app_core__task *task, app_core__file *file, const char *path,
                                               bool *has_size, uint64_t *size, char *reason, size_t reason_size);

/* Reads as app_core__file_read does into buffer[0, size). On CANCELLED the
 * file is still open: close it. */
app_core__read_status app_core__file_task_read(app_core__task *task, app_core__file *file, void *buffer, size_t size,
                                               size_t *got, char *reason, size_t reason_size);

/* Closes the file, also after a cancel (a close can block too: a FUSE
 * close sends a flush). False if the task was abandoned during the close. */
bool app_core__file_task_close(app_core__task *task, app_core__file *file);

/* TEST ONLY (compiled in every build, never set by the library): every read
 * here calls `hook` instead of app_core__file_read, e.g. to block until the
 * test lets it go; NULL restores app_core__file_read. */
typedef bool (*app_core__file_read_hook)(app_core__file *file, void *buffer, size_t size, size_t *got, char *reason,
                                         size_t reason_size);
void app_core__file_reader_set_read_hook(app_core__file_read_hook hook);

#endif
