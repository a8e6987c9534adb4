/*
 * task.h: one async call, as the runtime and the async functions share it.
 *
 * An async function is a work function plus a starter (see async_fetch.c):
 *
 *   static void fetch_run(app_core__task *task) {
 *     app_core__task_set_string(task, app_core__format("Data from: %s", task->input_text));
 *   }
 *   int64_t app_core_fetch_data_async(const char *url, int64_t port) {
 *     return app_core__task_start_text(fetch_run, port, url, "fetch_data_async: url", FETCH_DELAY_NS);
 *   }
 *
 * The starter validates every argument before it submits: bad input is
 * answered at once as [1, code, message] by the short-work lane, never after
 * a worker frees up, and run is never called for it. The text and bytes
 * starters check their input themselves; any other check goes before the
 * start call, with app_core__task_reject (see async_fibonacci.c):
 *
 *   int64_t app_core_fibonacci_async(int64_t n, int64_t port) {
 *     app_core_error error = APP_CORE_ERROR_INIT;
 *     if (!app_core__fibonacci_check_input(n, "fibonacci_async", &error)) return app_core__task_reject(port, &error);
 *     return app_core__task_start_int(fibonacci_run, port, n, 0);
 *   }
 *
 * The starter allocates the task, copies the input, and submits it. From
 * then on the runtime owns the task: one of its threads calls run once
 * (unless the task was cancelled or already has an outcome), posts the final
 * message, and frees the task with its input.
 */
#ifndef APP_CORE_TASK_H
#define APP_CORE_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app_core.h"
#include "bytes.h"
#include "dart_api.h"

typedef struct app_core__task app_core__task;

/* Runs on a runtime thread. Sets the outcome with one app_core__task_set_*
 * call, or returns without one once app_core__task_cancelled() is true (the
 * task then answers [2]). Long work checks app_core__task_cancelled() often. */
typedef void (*app_core__task_fn)(app_core__task *task);

typedef enum app_core__outcome {
  APP_CORE__OUTCOME_NONE = 0,
  APP_CORE__OUTCOME_INT,
  APP_CORE__OUTCOME_STRING,
  APP_CORE__OUTCOME_ERROR,
  APP_CORE__OUTCOME_BYTES
} app_core__outcome;

typedef enum app_core__task_state {
  APP_CORE__TASK_QUEUED,  /* in the run queue */
  APP_CORE__TASK_WAITING, /* in the deadline heap */
  APP_CORE__TASK_DECIDED, /* in the answer queue: cancelled or bad input, run will not be called */
  APP_CORE__TASK_RUNNING  /* taken by a thread */
} app_core__task_state;

struct app_core__task {
  app_core__task_fn run;
  int64_t id;
  Dart_Port port;
  int64_t owner;              /* the isolate's owner id (isolates.h), 0 = none; guarded by the runtime's lock */
  volatile int32_t cancelled; /* 0 -> 1 once (cancel, shutdown, dead port), or 0 -> 2 (settled, runtime.c) */
  bool port_closed;           /* written and read only by the worker running the task */

  /* The input, set by the starter and read-only afterwards. */
  char *input_text; /* validated UTF-8 copy (app_core__task_start_text), or NULL */
  int64_t input_int;

  /* Owned by the runtime, guarded by its lock. */
  app_core__task_state state;
  uint64_t deadline_ns;
  size_t heap_index;
  app_core__task *next_in_queue; /* task_list.h: run queue, answer queue or the deadlines' sorted list */
  app_core__task *prev_in_queue;
  app_core__task *next_in_table;

  /* The outcome, written by run (or by the starter for bad input). */
  app_core__outcome outcome;
  int64_t int_value;
  char *text; /* STRING value or ERROR message; freed with the task */
  int32_t error_code;

  /* Appended for byte inputs and outcomes. */
  uint8_t *input_bytes; /* copy made by app_core__task_start_bytes, or NULL */
  size_t input_length;
  app_core__bytes *bytes; /* BYTES value; handed to the VM by the final post, else freed with the task */
};

/* Starts `run` with one string input: `input` is borrowed, validated as UTF-8
 * and copied into task->input_text before this returns. `what` names the input
 * in error messages, e.g. "fetch_data_async: url". The task runs after
 * delay_ns (0 = as soon as a worker is free; a delay occupies no thread); bad
 * input is answered at once. After a delay, run may execute on the runtime's
 * short-work lane, which must never be held up: it must be short (format a
 * result), never compute; work that computes takes no delay. Returns the task
 * id, or 0 if the task could not start (then nothing is posted). */
int64_t app_core__task_start_text(app_core__task_fn run, Dart_Port port, const char *input, const char *what,
                                  uint64_t delay_ns);

/* Starts `run` with one integer input (task->input_int), as above. It checks
 * nothing: validate the integer first, and reject bad values with
 * app_core__task_reject. */
int64_t app_core__task_start_int(app_core__task_fn run, Dart_Port port, int64_t input, uint64_t delay_ns);

/* Starts `run` with a copy of data[0, length) in task->input_bytes and
 * task->input_length, as above. Negative length, NULL data with length > 0 and
 * lengths beyond SIZE_MAX are answered at once as [1, INVALID_ARGUMENT, ...]
 * naming `what`; a failed copy as [1, OUT_OF_MEMORY, ...]. */
int64_t app_core__task_start_bytes(app_core__task_fn run, Dart_Port port, const uint8_t *data, int64_t length,
                                   const char *what, uint64_t delay_ns);

/* Answers bad input found by a starter: a task whose final message is
 * [1, error->code, error->message], posted at once by the short-work lane
 * (even while every worker computes). Moves the message out of `error`,
 * leaving it cleared. Returns the task id, or 0 if the task could not start
 * (then nothing is posted and the error is cleared). */
int64_t app_core__task_reject(Dart_Port port, app_core_error *error);

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
/* Takes ownership of `value` (posted as [0, <Uint8List>] without a copy);
 * NULL becomes OUT_OF_MEMORY. */
void app_core__task_set_bytes(app_core__task *task, app_core__bytes *value);

/* ---- for the runtime (runtime.c) ----------------------------------------- */

/* Hands the task to the runtime (runtime.c), which starts lazily. Returns the
 * task id, or 0 after destroying the task if it could not start. */
int64_t app_core__runtime_submit(app_core__task *task, uint64_t delay_ns);

/* Posts the task's final message: its outcome, or [2] if `cancelled` or it has
 * none. Nothing is posted once the port was found closed. */
void app_core__task_post_final(app_core__task *task, bool cancelled);

/* Frees the task, its input and its outcome. */
void app_core__task_destroy(app_core__task *task);

/* Frees the task's input and outcome only, so the runtime can reuse its
 * memory; app_core__task_destroy may still follow. */
void app_core__task_clear(app_core__task *task);

/* The memory of a finished task for a new one to reuse (its fields are
 * stale), or NULL: saves a malloc here and a free on the worker, which would
 * contend for the same malloc arena lock. */
app_core__task *app_core__runtime_reuse_task(void);

#endif
