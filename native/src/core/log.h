/* log.h: the core's log (app_core_log and its listeners), internal part. */
#ifndef APP_CORE_LOG_H
#define APP_CORE_LOG_H

#include <stdint.h>

/* Removes every listener registered with `owner` (> 0), as
 * app_core_log_unlisten does for each. Called when the owner's isolate ends. */
void app_core__log_forget_owner(int64_t owner);

/* Listeners currently registered, for the tests. */
int64_t app_core__log_listener_count(void);

#endif
