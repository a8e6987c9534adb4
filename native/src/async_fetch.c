/* async_fetch.c: app_core_fetch_data_async, the seed's async demo: a 500 ms
 * wait on the deadline heap (no thread held), then one formatted string. */
#include <stdlib.h>

#include "string_alloc.h"
#include "task.h"
#include "utf8.h"

#define FETCH_DELAY_NS UINT64_C(500000000)

typedef struct fetch_task {
  app_core__task base;
  char *url; /* NULL when validation failed; the error is already the outcome */
} fetch_task;

static void fetch_run(app_core__task *task) {
  fetch_task *fetch = (fetch_task *)task;
  if (fetch->url != NULL) app_core__task_set_string(task, app_core__format("Data from: %s", fetch->url));
}

static void fetch_destroy(app_core__task *task) {
  free(((fetch_task *)task)->url);
  free(task);
}

static const app_core__task_ops fetch_ops = {fetch_run, fetch_destroy};

int64_t app_core_fetch_data_async(const char *url, int64_t port) {
  fetch_task *fetch = calloc(1, sizeof *fetch);
  if (fetch == NULL) return 0;
  app_core__task_init(&fetch->base, &fetch_ops, port);
  app_core_error error = APP_CORE_ERROR_INIT;
  fetch->url = app_core__copy_utf8_input(url, "fetch_data_async: url", &error);
  if (fetch->url == NULL) {
    /* Bad input is answered with [1, ...] at once, not after the wait. */
    app_core__task_set_error_from(&fetch->base, &error);
    return app_core__task_submit(&fetch->base, 0);
  }
  return app_core__task_submit(&fetch->base, FETCH_DELAY_NS);
}
