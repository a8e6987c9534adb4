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

/* Closes the exit port (the next register opens a new one). Called by
 * app_core_shutdown (shutdown.c) before it stops the runtime. */
void app_core__isolates_shutdown(void);

#endif
