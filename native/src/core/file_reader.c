/*
 * file_reader.c: see file_reader.h. Every call that may block goes between
 * app_core__runtime_call_begin and app_core__runtime_call_end; once a call
 * ends abandoned, nothing here posts or sets an outcome again: it frees,
 * closes and returns CANCELLED.
 */
#include "file_reader.h"

#include <string.h>

#include "runtime.h"

#define READ_ALL_CHUNK ((size_t)1 << 20)   /* bytes per read: the cancel check's granularity */
#define READ_ALL_FIRST ((size_t)64 * 1024) /* capacity when the size is unknown */

static void *volatile read_hook; /* an app_core__file_read_hook, or NULL */

void app_core__file_reader_set_read_hook(app_core__file_read_hook hook) {
  void *pointer = NULL;
  if (hook != NULL) memcpy(&pointer, &hook, sizeof pointer);
  app_core__atomic_store_release_ptr(&read_hook, pointer);
}

static bool hooked_read(app_core__file *file, void *buffer, size_t size, size_t *got, char *reason,
                        size_t reason_size) {
  void *pointer = app_core__atomic_load_acquire_ptr(&read_hook);
  if (pointer == NULL) return app_core__file_read(file, buffer, size, got, reason, reason_size);
  app_core__file_read_hook hook;
  memcpy(&hook, &pointer, sizeof hook);
  return hook(file, buffer, size, got, reason, reason_size);
}

app_core__read_status app_core__file_task_open(app_core__task *task, app_core__file *file, const char *path,
                                               bool *has_size, uint64_t *size, char *reason, size_t reason_size) {
  if (!app_core__runtime_call_begin(task)) return APP_CORE__READ_CANCELLED;
  bool opened = app_core__file_open_regular(file, path, reason, reason_size);
  if (size != NULL) *has_size = opened && app_core__file_size(file, size);
  if (app_core__runtime_call_end(task)) return opened ? APP_CORE__READ_OK : APP_CORE__READ_FAILED;
  if (opened) app_core__file_close(file); /* abandoned: nobody reads it */
  return APP_CORE__READ_CANCELLED;
}

app_core__read_status app_core__file_task_read(app_core__task *task, app_core__file *file, void *buffer, size_t size,
                                               size_t *got, char *reason, size_t reason_size) {
  *got = 0;
  if (!app_core__runtime_call_begin(task)) return APP_CORE__READ_CANCELLED;
  bool read = hooked_read(file, buffer, size, got, reason, reason_size);
  if (!app_core__runtime_call_end(task)) return APP_CORE__READ_CANCELLED;
  return read ? APP_CORE__READ_OK : APP_CORE__READ_FAILED;
}

bool app_core__file_task_close(app_core__task *task, app_core__file *file) {
  bool in_call = app_core__runtime_call_begin_cleanup(task); /* false only if abandoned already */
  app_core__file_close(file);
  return in_call && app_core__runtime_call_end(task);
}

/* Reads the open file to its end into *bytes (moved as it grows). */
static app_core__read_status read_to_end(app_core__task *task, app_core__file *file, size_t max,
                                         app_core__bytes **bytes, app_core__read_failure *failure, char *reason,
                                         size_t reason_size) {
  for (;;) {
    app_core__bytes *buffer = *bytes;
    if (buffer->length > max) { /* grew while being read */
      *failure = APP_CORE__READ_FAILURE_TOO_LARGE;
      return APP_CORE__READ_FAILED;
    }
    if (buffer->length == buffer->capacity) {
      size_t grown = buffer->capacity <= max / 2 ? buffer->capacity * 2 : max + 1;
      app_core__bytes *moved = app_core__bytes_resize(buffer, grown);
      if (moved == NULL) {
        *failure = APP_CORE__READ_FAILURE_OUT_OF_MEMORY;
        return APP_CORE__READ_FAILED;
      }
      *bytes = buffer = moved;
    }
    size_t room = buffer->capacity - buffer->length;
    size_t want = room < READ_ALL_CHUNK ? room : READ_ALL_CHUNK;
    size_t got = 0;
    app_core__read_status status =
        app_core__file_task_read(task, file, buffer->data + buffer->length, want, &got, reason, reason_size);
    if (status != APP_CORE__READ_OK) {
      *failure = APP_CORE__READ_FAILURE_READ;
      return status;
    }
    buffer->length += got;
    if (got < want) {
      app_core__bytes *fitted = app_core__bytes_resize(buffer, buffer->length); /* give back the slack */
      if (fitted != NULL) *bytes = fitted;
      return APP_CORE__READ_OK;
    }
  }
}

/* The room for one byte more than the size lets the read that finds the end
 * of a file of the expected size need no growth. */
app_core__read_status app_core__file_read_all(app_core__task *task, const char *path, size_t max_bytes,
                                              app_core__bytes **bytes, app_core__read_failure *failure, char *reason,
                                              size_t reason_size) {
  *bytes = NULL;
  *failure = APP_CORE__READ_FAILURE_OPEN;
  app_core__file file;
  bool has_size = false;
  uint64_t size = 0;
  app_core__read_status status = app_core__file_task_open(task, &file, path, &has_size, &size, reason, reason_size);
  if (status != APP_CORE__READ_OK) return status;
  app_core__bytes *content = NULL;
  if (has_size && size > max_bytes) {
    *failure = APP_CORE__READ_FAILURE_TOO_LARGE;
    status = APP_CORE__READ_FAILED;
  } else if ((content = app_core__bytes_new(has_size ? (size_t)size + 1 : READ_ALL_FIRST)) == NULL) {
    *failure = APP_CORE__READ_FAILURE_OUT_OF_MEMORY;
    status = APP_CORE__READ_FAILED;
  } else {
    status = read_to_end(task, &file, max_bytes, &content, failure, reason, reason_size);
  }
  if (!app_core__file_task_close(task, &file)) status = APP_CORE__READ_CANCELLED;
  if (status == APP_CORE__READ_OK) {
    *bytes = content;
  } else {
    app_core__bytes_free(content);
  }
  return status;
}
