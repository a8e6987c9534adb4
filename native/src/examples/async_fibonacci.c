/* async_fibonacci.c: app_core_fibonacci_async, CPU work on a worker that
 * stops at the next recursion check once cancelled. */
#include "core/task.h"
#include "fibonacci.h"

static void fibonacci_run(app_core__task *task) {
  app_core_error error = APP_CORE_ERROR_INIT;
  if (!app_core__fibonacci_check_input(task->input_int, "fibonacci_async", &error)) {
    app_core__task_set_error_from(task, &error);
    return;
  }
  uint64_t result;
  if (app_core__fibonacci_recursive((uint32_t)task->input_int, &task->cancelled, &result)) {
    app_core__task_set_int(task, (int64_t)result);
  }
}

int64_t app_core_fibonacci_async(int64_t n, int64_t port) {
  return app_core__task_start_int(fibonacci_run, port, n, 0);
}
