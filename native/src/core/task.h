/*
 * task.h: what an async function is written with: the starters here, and
 * the task itself with its outcome setters from task_record.h.
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
 * The starters are the one part of the task layer above the runtime: they
 * submit to it, and it never calls back into them.
 */
#ifndef APP_CORE_TASK_H
#define APP_CORE_TASK_H

#include <stdint.h>

#include "dart_api.h"
#include "task_record.h"

/* Starts `run` with one string input: `input` is borrowed, validated as UTF-8
 * and copied into task->input_text before this returns. `what` names the input
 * in error messages, e.g. "fetch_data_async: url". The task runs after
 * delay_ns (0 = as soon as a worker is free; a delay occupies no thread); bad
 * input is answered at once. After a delay, run may execute on the runtime's
 * short-work lane, which must never be held up: it must be short (format a
 * result from the input), never compute; work that computes takes no delay.
 * A task whose input exceeds APP_CORE__LANE_INPUT_MAX bytes runs on a worker
 * after its delay instead, since even formatting it is long work. Returns the task
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

#endif
