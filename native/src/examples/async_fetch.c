/* async_fetch.c: app_core_fetch_data_async, the reference design's async call:
 * a 500 ms wait on the deadline heap (no thread held), then one string. */
#include "core/string_alloc.h"
#include "core/task.h"

#define FETCH_DELAY_NS UINT64_C(500000000)

static void fetch_run(app_core__task *task) {
  app_core__task_set_string(task, app_core__format("Data from: %s", task->input_text));
}

int64_t app_core_fetch_data_async(const char *url, int64_t port) {
  return app_core__task_start_text(fetch_run, port, url, "fetch_data_async: url", FETCH_DELAY_NS);
}
