/*
 * task_record.h: one async call as the runtime holds it: its input, its
 * outcome, its place in the runtime's queues, and what it does by itself
 * (record an outcome, post its messages, free itself). It calls nothing
 * above it: starting a task is task.h's, scheduling it runtime.h's.
 */
#ifndef APP_CORE_TASK_RECORD_H
#define APP_CORE_TASK_RECORD_H

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

/* task->call_state: see app_core__runtime_call_begin (runtime.h). */
enum {
  APP_CORE__CALL_NONE = 0,
  APP_CORE__CALL_IN,       /* in a call that may never return */
  APP_CORE__CALL_ABANDONED /* a cancel answered [2] for it; its thread is left to end alone */
};

/* The 4-byte fields go in pairs, so the record wastes no padding. */
struct app_core__task {
  app_core__task_fn run;
  int64_t id;
  Dart_Port port;
  int64_t owner;               /* the isolate's owner id (isolates.h), 0 = none; guarded by the runtime's lock */
  volatile int32_t cancelled;  /* 0 -> 1 once (cancel, shutdown, dead port), or 0 -> 2 (settled, runtime.c) */
  app_core__task_state state;  /* guarded by the runtime's lock */
  bool port_closed;            /* written and read only by the worker running the task */
  volatile int32_t call_state; /* runtime.c: in a call its worker may abandon (app_core__runtime_call_begin) */

  /* The input, set by the starter and read-only afterwards. */
  char *input_text; /* validated UTF-8 copy (app_core__task_start_text), or NULL */
  int64_t input_int;
  uint8_t *input_bytes; /* copy made by app_core__task_start_bytes, or NULL */
  size_t input_length;  /* bytes in input_bytes, or in input_text without its NUL */

  /* Owned by the runtime, guarded by its lock. */
  uint64_t deadline_ns;
  union {              /* one word for two states, so the record stays in its malloc size class */
    size_t heap_index; /* WAITING: its place in the deadline heap */
    void *runner;      /* RUNNING: the worker running it (set by that worker), NULL on the lane */
  };
  app_core__task *next_in_queue; /* task_list.h: run queue, answer queue or the deadlines' sorted list */
  app_core__task *prev_in_queue;
  app_core__task *next_in_table;
  app_core__task *next_of_owner; /* owner_table.h: the owner's live tasks */
  app_core__task *prev_of_owner;

  /* The outcome, written by run (or by the starter for bad input). */
  app_core__outcome outcome;
  int32_t error_code;
  int64_t int_value;
  char *text;             /* STRING value or ERROR message; freed with the task */
  app_core__bytes *bytes; /* BYTES value; handed to the VM by the final post, else freed with the task */
};

/* Makes `memory` (uninitialised, or a finished task's) a new task of `run`
 * answering on `port`, with no input and no outcome. Returns it. */
app_core__task *app_core__task_init(app_core__task *memory, app_core__task_fn run, Dart_Port port);

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

/* Posts the task's final message: its outcome, or [2] if `cancelled` or it has
 * none. Nothing is posted once the port was found closed. */
void app_core__task_post_final(app_core__task *task, bool cancelled);

/* Frees the task, its input and its outcome. */
void app_core__task_destroy(app_core__task *task);

/* Frees the task's input and outcome only, so the runtime can reuse its
 * memory; app_core__task_destroy may still follow. */
void app_core__task_clear(app_core__task *task);

#endif
