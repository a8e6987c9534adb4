/* async_fibonacci.c: app_core_fibonacci_async, CPU work on a worker that
 * stops at the next recursion check once cancelled. */
#include "core/task.h"
#include "fibonacci.h"

static void fibonacci_run(app_core__task *task) {
  uint64_t result; /* n is in [0, 92]: the starter checked it */
  if (app_core__fibonacci_recursive((uint32_t)task->input_int, &task->cancelled, &result)) {
    app_core__task_set_int(task, (int64_t)result);
  }
}

int64_t app_core_fibonacci_async(int64_t n, int64_t port) {
  /* Checked here, not in run: bad input is answered at once, not after a worker frees up. */
  app_core_error error = APP_CORE_ERROR_INIT;
  if (!app_core__fibonacci_check_input(n, "fibonacci_async", &error)) return app_core__task_reject(port, &error);
  return app_core__task_start_int(fibonacci_run, port, n, 0);
}
