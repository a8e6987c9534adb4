/*
 * isolates.h: tasks die with the isolate that started them.
 *
 * Each isolate registers once (app_core_isolate_register) and gets an owner
 * id plus the SendPort of one native "exit port" shared by the process, which
 * it hands to Isolate.addOnExitListener with its owner id as the response.
 * When the isolate ends the VM posts that id to the exit port, and its
 * handler cancels every live task carrying that owner, as app_core_cancel
 * would. Tasks carry their owner from app_core_task_set_owner (0 = none).
 */
#ifndef APP_CORE_ISOLATES_H
#define APP_CORE_ISOLATES_H

#include <stdbool.h>
#include <stdint.h>

/* Closes the exit port (the next register opens a new one). Called by
 * app_core_shutdown before it stops the runtime. */
void app_core__isolates_shutdown(void);

/* ---- in runtime.c, which owns the task table ----------------------------- */

/* Sets the owner of a live task. False for unknown (or finished) tasks. */
bool app_core__runtime_set_owner(int64_t task_id, int64_t owner);

/* Cancels every live task of `owner` (> 0) as app_core_cancel does. */
void app_core__runtime_cancel_owner(int64_t owner);

#endif
