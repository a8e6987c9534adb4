/* test_starters.c: every async starter answers bad input at once, even while
 * every worker computes: the answer must not wait for a worker. */
#include <stdint.h>

#include "async_support.h"
#include "test.h"

enum { BUSY_WORKERS = 2 };

/* Workers each held by an endless, cancellable fib(80). */
typedef struct busy {
  Dart_Port ports[BUSY_WORKERS];
  int64_t tasks[BUSY_WORKERS];
} busy;

static busy occupy_every_worker(void) {
  ASSERT_TRUE(app_core_set_worker_count(BUSY_WORKERS));
  start_host();
  busy self;
  for (size_t i = 0; i < BUSY_WORKERS; i++) {
    self.ports[i] = vm_host_open_port();
    self.tasks[i] = app_core_fibonacci_async(80, self.ports[i]); /* centuries of recursion */
    ASSERT_GT(self.tasks[i], 0);
  }
  return self;
}

/* The bad input's answer came while the long tasks had not posted, so they
 * were still computing; they end with [2] when cancelled. */
static void release_workers(busy *self) {
  for (size_t i = 0; i < BUSY_WORKERS; i++) ASSERT_UINT_EQ(vm_host_pending(self->ports[i]), 0);
  for (size_t i = 0; i < BUSY_WORKERS; i++) ASSERT_TRUE(app_core_cancel(self->tasks[i]));
  for (size_t i = 0; i < BUSY_WORKERS; i++) {
    vm_outcome outcome = vm_host_await_outcome(self->ports[i], HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
    vm_outcome_free(&outcome);
  }
  stop_host();
}

/* Awaits the final message on `port` (the timeout only means "hung") and
 * expects [1, code, message containing `in_message`]. */
static void expect_rejected(Dart_Port port, int64_t id, int32_t code, const char *in_message) {
  ASSERT_GT(id, 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
  ASSERT_EQ(outcome.error_code, code);
  ASSERT_STR_CONTAINS(outcome.error_message, in_message);
  vm_outcome_free(&outcome);
}

TEST(fetch_bad_input_answered_while_workers_compute) {
  busy workers = occupy_every_worker();
  Dart_Port port = vm_host_open_port();
  expect_rejected(port, app_core_fetch_data_async(NULL, port), APP_CORE_INVALID_ARGUMENT, "fetch_data_async: url");
  port = vm_host_open_port();
  expect_rejected(port, app_core_fetch_data_async("\xC0\xAF", port), APP_CORE_INVALID_UTF8, "fetch_data_async: url");
  release_workers(&workers);
}

TEST(fibonacci_bad_input_answered_while_workers_compute) {
  busy workers = occupy_every_worker();
  Dart_Port port = vm_host_open_port();
  expect_rejected(port, app_core_fibonacci_async(-1, port), APP_CORE_INVALID_ARGUMENT, "fibonacci_async(-1)");
  port = vm_host_open_port();
  expect_rejected(port, app_core_fibonacci_async(93, port), APP_CORE_OVERFLOW, "fibonacci_async(93)");
  port = vm_host_open_port();
  expect_rejected(port, app_core_fibonacci_async(INT64_MIN, port), APP_CORE_INVALID_ARGUMENT, "fibonacci_async(-");
  release_workers(&workers);
}

TEST(sha256_file_bad_input_answered_while_workers_compute) {
  busy workers = occupy_every_worker();
  Dart_Port port = vm_host_open_port();
  expect_rejected(port, app_core_sha256_file_async(NULL, port), APP_CORE_INVALID_ARGUMENT, "sha256_file_async: path");
  port = vm_host_open_port();
  expect_rejected(port, app_core_sha256_file_async("bad\xED\xA0\x80", port), APP_CORE_INVALID_UTF8,
                  "sha256_file_async: path");
  release_workers(&workers);
}

/* template:full-only-begin */
TEST(read_file_bad_input_answered_while_workers_compute) {
  busy workers = occupy_every_worker();
  Dart_Port port = vm_host_open_port();
  expect_rejected(port, app_core_read_file_async(NULL, port), APP_CORE_INVALID_ARGUMENT, "read_file_async: path");
  port = vm_host_open_port();
  expect_rejected(port, app_core_read_file_async("bad\xC0\xAF", port), APP_CORE_INVALID_UTF8, "read_file_async: path");
  release_workers(&workers);
}

TEST(sha256_bytes_bad_input_answered_while_workers_compute) {
  busy workers = occupy_every_worker();
  static const uint8_t data[4] = {1, 2, 3, 4};
  Dart_Port port = vm_host_open_port();
  expect_rejected(port, app_core_sha256_bytes_async(data, -1, port), APP_CORE_INVALID_ARGUMENT,
                  "sha256_bytes_async: length -1");
  port = vm_host_open_port();
  expect_rejected(port, app_core_sha256_bytes_async(NULL, 4, port), APP_CORE_INVALID_ARGUMENT,
                  "sha256_bytes_async: data is NULL");
  release_workers(&workers);
}
/* template:full-only-end */
