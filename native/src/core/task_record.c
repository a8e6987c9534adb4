/* task_record.c: a task's own life: initialisation, outcome setters, item and
 * final posts, destruction. Nothing here schedules (runtime.c) or starts
 * (task.c) a task. */
#include "task_record.h"

#include <stdlib.h>
#include <string.h>

#include "dart_message.h"
#include "platform.h"

app_core__task *app_core__task_init(app_core__task *memory, app_core__task_fn run, Dart_Port port) {
  memset(memory, 0, sizeof *memory);
  memory->run = run;
  memory->port = port;
  memory->state = APP_CORE__TASK_QUEUED;
  memory->outcome = APP_CORE__OUTCOME_NONE;
  memory->error_code = APP_CORE_OK;
  return memory;
}

bool app_core__task_cancelled(app_core__task *task) { return app_core__atomic_load_relaxed_i32(&task->cancelled) != 0; }

bool app_core__task_post_item(app_core__task *task, int64_t item) {
  /* Once abandoned in a call, the task has answered [2]: nothing follows it. */
  if (task->port_closed || app_core__atomic_load_acquire_i32(&task->call_state) == APP_CORE__CALL_ABANDONED) {
    return false;
  }
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
