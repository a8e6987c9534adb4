/*
 * file_reader.h: opening and reading a file so that a cancel can abandon a
 * read that never returns.
 *
 * Even a regular file's open() or read() may block for ever: a stalled FUSE
 * server (Android's shared storage), a hard NFS mount, an iCloud file not
 * downloaded yet, /proc/kmsg. No signal or close reliably ends such a call,
 * so it runs on a reader thread of its own, and the task's thread waits for
 * each open, read and close (a FUSE close sends a flush) with the task's
 * cancel flag in view. Once the flag is
 * set, the wait abandons the reader and returns at once: the task answers
 * [2], and the worker is free (so app_core_shutdown joins it). The reader
 * thread is detached, never joined: if the call ever returns, it frees what
 * the abandoned request held (the buffer, through its release function),
 * closes the file and ends. Until then it keeps its stack, the file
 * descriptor or handle, and that buffer.
 *
 * One reader per file, used by one thread at a time (the task's worker).
 * Once its file is closed, a reader is parked for the next file task (a
 * thread start costs more than the read of a small cached file), up to one
 * per CPU; app_core_shutdown ends the parked ones. A forked child forgets
 * its parent's readers: their threads exist only in the parent.
 */
#ifndef APP_CORE_FILE_READER_H
#define APP_CORE_FILE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "platform.h"

typedef struct app_core__file_reader app_core__file_reader;

typedef enum app_core__read_status {
  APP_CORE__READ_OK,
  APP_CORE__READ_FAILED,   /* `reason` holds why */
  APP_CORE__READ_CANCELLED /* *cancelled was set first: the reader is abandoned, never use it again */
} app_core__read_status;

/* Why app_core__file_read_all failed. */
typedef enum app_core__read_failure {
  APP_CORE__READ_FAILURE_OPEN, /* `reason` holds why */
  APP_CORE__READ_FAILURE_READ, /* `reason` holds why */
  APP_CORE__READ_FAILURE_TOO_LARGE,
  APP_CORE__READ_FAILURE_OUT_OF_MEMORY
} app_core__read_failure;

/* Reads the whole of `path` (borrowed for the call; opened as
 * app_core__file_open_regular does) on a reader, in one hand-over: open,
 * reads to the end, close. Waits for it while *cancelled stays 0. On OK,
 * *bytes is the file's content, the caller's (app_core__bytes_free or post
 * it). FAILED says why in *failure: also TOO_LARGE if the file is, or grows
 * while read, beyond max_bytes (at most SIZE_MAX / 2). On CANCELLED the
 * reader is abandoned and frees what it read. */
app_core__read_status app_core__file_read_all(const char *path, size_t max_bytes, app_core__bytes **bytes,
                                              app_core__read_failure *failure, volatile int32_t *cancelled,
                                              char *reason, size_t reason_size);

/* Starts (or takes a parked) reader thread that opens `path` (borrowed for the call) as
 * app_core__file_open_regular does, and waits for it while *cancelled stays
 * 0. On OK, *reader is the reader: close it with app_core__file_reader_close
 * (unless a read abandons it). Else *reader is NULL; FAILED also when no
 * thread could start. */
app_core__read_status app_core__file_reader_open(app_core__file_reader **reader, const char *path,
                                                 volatile int32_t *cancelled, char *reason, size_t reason_size);

/* The file's size when it was opened, or false if the OS could not tell: a
 * hint, the file may change. Never blocks. */
bool app_core__file_reader_size(const app_core__file_reader *reader, uint64_t *size);

/* Reads as app_core__file_read does into buffer[0, size), and waits for it
 * while *cancelled stays 0. The read owns the buffer until this returns OK or
 * FAILED. On CANCELLED it keeps it: the reader thread calls release(owner)
 * once the read returns (owner being whatever holds `buffer`), so the caller
 * must touch neither owner nor reader again. */
app_core__read_status app_core__file_reader_read(app_core__file_reader *reader, void *buffer, size_t size, size_t *got,
                                                 void (*release)(void *owner), void *owner, volatile int32_t *cancelled,
                                                 char *reason, size_t reason_size);

/* Closes the file and waits for it while *cancelled stays 0 (so the file is
 * closed when the task answers: on Windows, until then it could not be
 * deleted with its directory), then parks the reader for the next task (or
 * ends its thread). Once cancelled, it abandons the close to the thread. */
void app_core__file_reader_close(app_core__file_reader *reader, volatile int32_t *cancelled);

/* Ends the parked readers and joins their threads, which are in no call, so
 * this returns at once; readers in use or abandoned are left alone. For
 * app_core_shutdown, after the workers are joined. */
void app_core__file_readers_shutdown(void);

/* Reader threads alive: parked, working for a task, or abandoned in a call
 * that has not returned yet. */
int32_t app_core__file_readers_alive(void);

/* Reader threads started so far, for tests of the reuse. */
int32_t app_core__file_readers_started(void);

/* TEST ONLY (compiled in every build, never set by the library): every read
 * of every reader calls `hook` instead of app_core__file_read, e.g. to block
 * until the test lets it go; NULL restores app_core__file_read. */
typedef bool (*app_core__file_read_hook)(app_core__file *file, void *buffer, size_t size, size_t *got, char *reason,
                                         size_t reason_size);
void app_core__file_reader_set_read_hook(app_core__file_read_hook hook);

#endif
