/* task.c: a task's own life: creation with a validated input, outcome
 * setters, item and final posts, destruction. Scheduling is runtime.c's. */
#include "task.h"

#include <stdlib.h>
#include <string.h>

#include "dart_message.h"
#include "errors.h"
#include "platform.h"
#include "utf8.h"

static app_core__task *task_new(app_core__task_fn run, Dart_Port port) {
  app_core__task *task = app_core__runtime_reuse_task();
  if (task != NULL) {
    memset(task, 0, sizeof *task);
  } else {
    task = calloc(1, sizeof *task);
    if (task == NULL) return NULL;
  }
  task->run = run;
  task->port = port;
  task->state = APP_CORE__TASK_QUEUED;
  task->outcome = APP_CORE__OUTCOME_NONE;
  task->error_code = APP_CORE_OK;
  return task;
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
  }
  return app_core__runtime_submit(task, delay_ns);
}

int64_t app_core__task_start_int(app_core__task_fn run, Dart_Port port, int64_t input, uint64_t delay_ns) {
  app_core__task *task = task_new(run, port);
  if (task == NULL) return 0;
  task->input_int = input;
  return app_core__runtime_submit(task, delay_ns);
}

int64_t app_core__task_start_bytes(app_core__task_fn run, Dart_Port port, const uint8_t *data, int64_t length,
                                   const char *what, uint64_t delay_ns) {
  app_core__task *task = task_new(run, port);
  if (task == NULL) return 0;
  app_core_error error = APP_CORE_ERROR_INIT;
  if (length < 0 || (uint64_t)length > SIZE_MAX - 1) {
    app_core__error_set(&error, APP_CORE_INVALID_ARGUMENT, "%s: length %lld is out of range", what, (long long)length);
  } else if (data == NULL && length > 0) {
    app_core__error_set(&error, APP_CORE_INVALID_ARGUMENT, "%s: data is NULL but length is %lld", what,
                        (long long)length);
  } else {
    task->input_length = (size_t)length;
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

bool app_core__task_cancelled(app_core__task *task) { return app_core__atomic_load_relaxed_i32(&task->cancelled) != 0; }

bool app_core__task_post_item(app_core__task *task, int64_t item) {
  if (task->port_closed) return false;
  app_core__message message;
  if (app_core__dart_post(task->port, app_core__message_item_int(&message, item))) return true;
  task->port_closed = true;
  (void)app_core__atomic_cas_i32(&task->cancelled, 0, 1);
  return false;
}

void app_core__task_set_int(app_core__task *task, int64_t value) {
  task->outcome = APP_CORE__OUTCOME_INT;
  task->int_value = value;
}

void app_core__task_set_string(app_core__task *task, char *value) {
  if (value == NULL) {
    app_core__task_set_error(task, APP_CORE_OUT_OF_MEMORY, NULL);
    return;
  }
  free(task->text);
  task->outcome = APP_CORE__OUTCOME_STRING;
  task->text = value;
}

void app_core__task_set_error(app_core__task *task, int32_t code, char *message) {
  free(task->text);
  task->outcome = APP_CORE__OUTCOME_ERROR;
  task->error_code = code;
  task->text = message;
}

void app_core__task_set_error_from(app_core__task *task, app_core_error *error) {
  app_core__task_set_error(task, error->code, error->message);
  error->code = APP_CORE_OK;
  error->message = NULL;
}

void app_core__task_set_bytes(app_core__task *task, app_core__bytes *value) {
  if (value == NULL) {
    app_core__task_set_error(task, APP_CORE_OUT_OF_MEMORY, NULL);
    return;
  }
  app_core__bytes_free(task->bytes);
  task->outcome = APP_CORE__OUTCOME_BYTES;
  task->bytes = value;
}

void app_core__task_post_final(app_core__task *task, bool cancelled) {
  if (task->port_closed) return;
  if (!cancelled && task->outcome == APP_CORE__OUTCOME_BYTES) {
    app_core__bytes *bytes = task->bytes;
    task->bytes = NULL; /* the post decides who frees it from here */
    (void)app_core__bytes_post_value(task->port, bytes);
    return;
  }
  app_core__message message;
  Dart_CObject *object;
  if (cancelled || task->outcome == APP_CORE__OUTCOME_NONE) {
    object = app_core__message_cancelled(&message);
  } else if (task->outcome == APP_CORE__OUTCOME_INT) {
    object = app_core__message_value_int(&message, task->int_value);
  } else if (task->outcome == APP_CORE__OUTCOME_STRING) {
    object = app_core__message_value_string(&message, task->text);
  } else {
    object = app_core__message_error(&message, task->error_code, task->text);
  }
  if (!app_core__dart_post(task->port, object) && !cancelled && task->outcome == APP_CORE__OUTCOME_ERROR) {
    /* A failure nobody will read: the port closed first. Say it in the log. */
    app_core_log(APP_CORE_LOG_WARNING, "app_core: task %lld failed with %s (%s), but its port was closed",
                 (long long)task->id, app_core_error_name(task->error_code), task->text ? task->text : "no message");
  }
}

void app_core__task_clear(app_core__task *task) {
  free(task->input_text);
  free(task->input_bytes);
  app_core__bytes_free(task->bytes);
  free(task->text);
  task->input_text = NULL;
  task->input_bytes = NULL;
  task->bytes = NULL;
  task->text = NULL;
}

void app_core__task_destroy(app_core__task *task) {
  app_core__task_clear(task);
  free(task);
}
