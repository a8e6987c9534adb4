/*
 * runtime.h: the runtime's internal entries (runtime.c), for the layers
 * above it: the starters (task.c), the isolates' exit handler (isolates.c)
 * and app_core_shutdown (shutdown.c). The runtime itself calls only down,
 * into task_record.h and its own structures, never back up.
 */
#ifndef APP_CORE_RUNTIME_H
#define APP_CORE_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "task_record.h"

/* A due task whose input is longer than this runs on a worker, not on the
 * short-work lane: the lane alone times the deadlines and answers cancels,
 * so it does no work that grows with an input. */
#define APP_CORE__LANE_INPUT_MAX ((size_t)64 * 1024)

/* Hands the task to the runtime, which starts lazily. Returns the task id,
 * or 0 after destroying the task if it could not start. */
int64_t app_core__runtime_submit(app_core__task *task, uint64_t delay_ns);

/* The memory of a finished task for a new one to reuse (its fields are
 * stale: app_core__task_init it), or NULL: saves a malloc here and a free on
 * the worker, which would contend for the same malloc arena lock. */
app_core__task *app_core__runtime_reuse_task(void);

/* Sets the owner (> 0) of a live task. False for unknown (or finished)
 * tasks, or if memory ran out. */
bool app_core__runtime_set_owner(int64_t task_id, int64_t owner);

/* Cancels every live task of `owner` (> 0) as app_core_cancel does, in time
 * proportional to that owner's tasks. Returns how many tasks it looked at:
 * the owner's live ones, and no other (a test checks it). */
size_t app_core__runtime_cancel_owner(int64_t owner);

/* Calls that may never return. A run function brackets each call that may
 * block for ever (a file's open, read or close, see file_reader.h) with
 * call_begin and call_end. A cancel (or shutdown, or the isolate's exit)
 * that finds the task inside such a call on a worker abandons that worker:
 * the task answers [2] at once, a new worker takes the stuck one's place
 * (its unclaimed tasks go back to the run queue), and the stuck thread is
 * detached, never joined. When its call returns, call_end says so: the run
 * function then frees what it holds and returns at once, without an
 * outcome or a post, and the thread frees the task and ends. A task run on
 * the lane (after a delay) is never abandoned.
 *
 * call_begin returns false if the task is cancelled: make no call.
 * call_begin_cleanup is for a call that must be made even then (closing a
 * file): if the task is cancelled already, it is abandoned at once (its [2]
 * goes out, a new worker takes this one's place) and the call runs on a
 * thread nobody waits for. It returns false only for a task abandoned
 * already: make the call without call_end. */
bool app_core__runtime_call_begin(app_core__task *task);
bool app_core__runtime_call_begin_cleanup(app_core__task *task);
/* False if the task was abandoned during the call. */
bool app_core__runtime_call_end(app_core__task *task);

/* Abandoned threads whose call has not returned yet, for tests. */
int32_t app_core__runtime_abandoned_threads(void);

/* Cancels every live task, waits for their final messages and joins the
 * threads (app_core_shutdown's part in the runtime). */
void app_core__runtime_shutdown(void);

#endif
