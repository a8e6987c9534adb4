/* runtime.c: placeholder entry points until the worker pool lands (issue 3). */
#include "app_core.h"

bool app_core_set_worker_count(uint32_t count) { return count > 0; }
bool app_core_cancel(int64_t task) { (void)task; return false; }
void app_core_shutdown(void) {}
