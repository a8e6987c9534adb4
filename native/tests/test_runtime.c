/* test_runtime.c: the async runtime's scheduling guarantees under races that
 * the end-to-end tests in test_async.c do not provoke on their own. */
#include <stdio.h>

#include "async_support.h"
#include "core/platform.h"
#include "test.h"

#define MS UINT64_C(1000000)

/* Polls instead of blocking in vm_host_receive, so the caller sees the post
 * within microseconds, while the worker that made it is still spinning. */
static void poll_until_pending(Dart_Port port) {
  uint64_t deadline = app_core__now_ns() + 5000 * MS * slow_factor();
  while (vm_host_pending(port) == 0) {
    ASSERT_LT(app_core__now_ns(), deadline);
    app_core__cpu_relax();
  }
}

/* A worker that has just finished a task spins watching the run queue. A fetch
 * submitted then, followed by a long computation the spinner takes, must still
 * be answered on time: the new earliest deadline has to reach a thread that
 * times it, not only the spinner. The race window is the spin (about 50 us),
 * so the test tries several times. */
TEST(new_deadline_is_timed_while_a_worker_spins) {
  start_host();
  app_core_shutdown();
  ASSERT_TRUE(app_core_set_worker_count(2));
  for (int attempt = 0; attempt < 8; attempt++) {
    Dart_Port quick = vm_host_open_port(), fetch = vm_host_open_port(), fib = vm_host_open_port();
    ASSERT_GT(app_core_fibonacci_async(0, quick), 0);
    poll_until_pending(quick);
    uint64_t submitted = app_core__now_ns();
    ASSERT_GT(app_core_fetch_data_async("https://example.com/spin", fetch), 0);
    int64_t long_task = app_core_fibonacci_async(80, fib); /* runs until cancelled */
    ASSERT_GT(long_task, 0);
    vm_outcome fetched = vm_host_await_outcome(fetch, (500 + 250 * slow_factor()) * MS);
    uint64_t elapsed = app_core__now_ns() - submitted;
    if (fetched.kind != APP_CORE_MESSAGE_VALUE) {
      printf("attempt %d: no answer to the fetch %.0f ms after it was submitted\n", attempt, (double)elapsed / 1e6);
    }
    ASSERT_EQ(fetched.kind, APP_CORE_MESSAGE_VALUE);
    ASSERT_LT(elapsed, (500 + 250 * slow_factor()) * MS);
    vm_outcome_free(&fetched);
    ASSERT_TRUE(app_core_cancel(long_task));
    vm_outcome cancelled = vm_host_await_outcome(fib, 5000 * MS);
    ASSERT_EQ(cancelled.kind, APP_CORE_MESSAGE_CANCELLED);
    vm_outcome_free(&cancelled);
    vm_outcome quick_outcome = vm_host_await_outcome(quick, 5000 * MS);
    ASSERT_EQ(quick_outcome.kind, APP_CORE_MESSAGE_VALUE);
    vm_outcome_free(&quick_outcome);
  }
  stop_host();
}
