/* async_fetch.c: app_core_fetch_data_async, the seed's async demo: a 500 ms
 * wait on the deadline heap (no thread held), then one formatted string. */
#include <stdlib.h>

#include "string_alloc.h"
#include "task.h"

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
  fetch->url = app_core__task_copy_input(&fetch->base, url, "fetch_data_async: url");
  /* Bad input is answered with [1, ...] at once, not after the wait. */
  return app_core__task_submit(&fetch->base, fetch->url != NULL ? FETCH_DELAY_NS : 0);
}
