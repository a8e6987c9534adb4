/* task.c: the starters: a new task with a validated copy of its input, handed
 * to the runtime. They sit above the runtime (runtime.h), which never calls
 * back into them. */
#include "task.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "platform.h"
#include "runtime.h"
#include "sizes.h"
#include "utf8.h"

static app_core__task *task_new(app_core__task_fn run, Dart_Port port) {
  app_core__task *memory = app_core__runtime_reuse_task();
  if (memory == NULL) memory = malloc(sizeof *memory);
  return memory != NULL ? app_core__task_init(memory, run, port) : NULL;
}

int64_t app_core__task_start_text(app_core__task_fn run, Dart_Port port, const char *input, const char *what,
                                  uint64_t delay_ns) {
  app_core__task *task = task_new(run, port);
  if (task == NULL) return 0;
  app_core_error error = APP_CORE_ERROR_INIT;
  task->input_text = app_core__copy_utf8_input(input, what, &error);
  if (task->input_text == NULL) {
    app_core__task_set_error_from(task, &error);
    delay_ns = 0; /* bad input is answered at once, not after the wait */
  } else {
    task->input_length = strlen(task->input_text); /* the runtime keeps a huge input off its lane */
  }
  return app_core__runtime_submit(task, delay_ns);
}

int64_t app_core__task_start_int(app_core__task_fn run, Dart_Port port, int64_t input, uint64_t delay_ns) {
  app_core__task *task = task_new(run, port);
  if (task == NULL) return 0;
  task->input_int = input;
  return app_core__runtime_submit(task, delay_ns);
}

int64_t app_core__task_reject(Dart_Port port, app_core_error *error) {
  app_core__task *task = task_new(NULL, port);
  if (task == NULL) {
    app_core_error_clear(error);
    return 0;
  }
  app_core__task_set_error_from(task, error);
  return app_core__runtime_submit(task, 0);
}

int64_t app_core__task_start_bytes(app_core__task_fn run, Dart_Port port, const uint8_t *data, int64_t length,
                                   const char *what, uint64_t delay_ns) {
  app_core__task *task = task_new(run, port);
  if (task == NULL) return 0;
  app_core_error error = APP_CORE_ERROR_INIT;
  size_t size = 0;
  if (!app_core__size_from_int64(length, &size) || size == SIZE_MAX) { /* SIZE_MAX: no room for the + 1 */
    app_core__error_set(&error, APP_CORE_INVALID_ARGUMENT, "%s: length %lld is out of range", what, (long long)length);
  } else if (data == NULL && length > 0) {
    app_core__error_set(&error, APP_CORE_INVALID_ARGUMENT, "%s: data is NULL but length is %lld", what,
                        (long long)length);
  } else {
    task->input_length = size;
    task->input_bytes = malloc(task->input_length + 1); /* + 1: never malloc(0) */
    if (task->input_bytes == NULL) {
      app_core__error_set(&error, APP_CORE_OUT_OF_MEMORY, "%s: cannot copy %lld bytes", what, (long long)length);
    } else if (length > 0) {
      memcpy(task->input_bytes, data, task->input_length);
    }
  }
  if (error.code != APP_CORE_OK) {
    app_core__task_set_error_from(task, &error);
    delay_ns = 0; /* bad input is answered at once, not after the wait */
  }
  return app_core__runtime_submit(task, delay_ns);
}
