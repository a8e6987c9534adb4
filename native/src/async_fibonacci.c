/* async_fibonacci.c: app_core_fibonacci_async, CPU work on a worker that
 * stops at the next recursion check once cancelled. */
#include <stdlib.h>

#include "fibonacci.h"
#include "task.h"

typedef struct fibonacci_task {
  app_core__task base;
  uint32_t n;
} fibonacci_task;

static void fibonacci_run(app_core__task *task) {
  uint32_t n = ((fibonacci_task *)task)->n;
  if (n > APP_CORE__FIBONACCI_MAX_N) {
    /* The synchronous call rejects it at once with the same message. */
    app_core_error error = APP_CORE_ERROR_INIT;
    (void)app_core_fibonacci(n, &error);
    app_core__task_set_error_from(task, &error);
    return;
  }
  uint64_t result;
  if (app_core__fibonacci_recursive(n, &task->cancelled, &result)) app_core__task_set_int(task, (int64_t)result);
}

static void fibonacci_destroy(app_core__task *task) { free(task); }

static const app_core__task_ops fibonacci_ops = {fibonacci_run, fibonacci_destroy};

int64_t app_core_fibonacci_async(uint32_t n, int64_t port) {
  fibonacci_task *fib = malloc(sizeof *fib);
  if (fib == NULL) return 0;
  app_core__task_init(&fib->base, &fibonacci_ops, port);
  fib->n = n;
  return app_core__task_submit(&fib->base, 0);
}
