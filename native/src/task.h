/*
 * task.h: one async call, as the runtime and the async functions share it.
 *
 * An async function allocates a struct whose first member is an app_core__task,
 * fills its own fields, calls app_core__task_init() and hands it to
 * app_core__task_submit(). From then on the runtime owns it: a worker calls
 * ops->run once (unless cancelled first), posts the final message, and calls
 * ops->destroy to free it.
 */
#ifndef APP_CORE_TASK_H
#define APP_CORE_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app_core.h"
#include "dart_api.h"

typedef struct app_core__task app_core__task;

typedef struct app_core__task_ops {
  /* Runs on a worker thread. Sets the outcome with one app_core__task_set_*
   * call, or returns without one once app_core__task_cancelled() is true. */
  void (*run)(app_core__task *task);
  /* Frees the whole task (the containing struct). Never NULL. */
  void (*destroy)(app_core__task *task);
} app_core__task_ops;

typedef enum app_core__outcome {
  APP_CORE__OUTCOME_NONE = 0,
  APP_CORE__OUTCOME_INT,
  APP_CORE__OUTCOME_STRING,
  APP_CORE__OUTCOME_ERROR
} app_core__outcome;

typedef enum app_core__task_state {
  APP_CORE__TASK_QUEUED,  /* in the run queue */
  APP_CORE__TASK_WAITING, /* in the deadline heap */
  APP_CORE__TASK_RUNNING  /* taken by a worker */
} app_core__task_state;

struct app_core__task {
  const app_core__task_ops *ops;
  int64_t id;
  Dart_Port port;
  volatile int32_t cancelled; /* 0 -> 1 once, by app_core_cancel, shutdown or a dead port */
  bool port_closed;           /* written and read only by the worker running the task */

  /* Owned by the runtime, guarded by its lock. */
  app_core__task_state state;
  uint64_t deadline_ns;
  size_t heap_index;
  app_core__task *next_in_queue;
  app_core__task *next_in_table;

  /* The outcome, written by run(). */
  app_core__outcome outcome;
  int64_t int_value;
  char *text;         /* STRING value or ERROR message; freed by the runtime */
  int32_t error_code;
};

void app_core__task_init(app_core__task *task, const app_core__task_ops *ops, Dart_Port port);

/* Hands the task to the runtime, starting it lazily, to run after delay_ns
 * (0 = as soon as a worker is free; a delay occupies no thread). Returns the
 * task id, or 0 if it could not start (then the task has been destroyed and
 * nothing is posted). */
int64_t app_core__task_submit(app_core__task *task, uint64_t delay_ns);

/* Cheap enough for inner loops (one relaxed load). */
bool app_core__task_cancelled(app_core__task *task);

/* Posts [3, item]. Returns false, and cancels the task, if the port is closed. */
bool app_core__task_post_item(app_core__task *task, int64_t item);

void app_core__task_set_int(app_core__task *task, int64_t value);
/* Takes ownership of `value`; NULL (allocation failed) becomes OUT_OF_MEMORY. */
void app_core__task_set_string(app_core__task *task, char *value);
/* Takes ownership of `message` (may be NULL). */
void app_core__task_set_error(app_core__task *task, int32_t code, char *message);
/* Moves code and message out of `error`, leaving it cleared. */
void app_core__task_set_error_from(app_core__task *task, app_core_error *error);

/* Copies a NUL-terminated UTF-8 input the task keeps. If it is NULL or invalid
 * (or memory runs out), returns NULL and makes that error the task's outcome,
 * so the task answers [1, code, message] as soon as it runs. `what` names the
 * input in the message, e.g. "fetch_data_async: url". */
char *app_core__task_copy_input(app_core__task *task, const char *input, const char *what);

#endif
