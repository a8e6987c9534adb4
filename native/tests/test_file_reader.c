/* test_file_reader.c: a file read that never returns (a stalled FUSE or NFS
 * server, /proc/kmsg) holds no worker: a cancel answers [2], a new worker
 * takes the stuck one's place and its queued tasks, shutdown returns, and
 * when the read returns after all, the abandoned thread frees what it held
 * (ASan and valgrind check that nothing leaks or is freed twice). The stall
 * is the file reader's test-only read hook (support/stalled_reads.h). */
#include <stdio.h>

#include "async_support.h"
#include "core/platform.h"
#include "core/runtime.h"
#include "core/task.h"
#include "stalled_reads.h"
#include "test.h"

static volatile int32_t shutdown_returned;

static void shut_down(void *arg) {
  (void)arg;
  app_core_shutdown();
  app_core__atomic_store_release_i32(&shutdown_returned, 1);
}

/* app_core_shutdown on another thread; fails the test if it hangs. */
static void expect_shutdown_returns(void) {
  app_core__atomic_store_release_i32(&shutdown_returned, 0);
  app_core__thread thread;
  ASSERT_TRUE(app_core__thread_create(&thread, shut_down, NULL));
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (!app_core__atomic_load_acquire_i32(&shutdown_returned) && app_core__now_ns() < give_up_at) {
    app_core__sleep_ns(1 * MS);
  }
  ASSERT_TRUE(app_core__atomic_load_acquire_i32(&shutdown_returned)); /* else it hangs on the stuck read */
  app_core__thread_join(&thread);
}

TEST(cancel_answers_while_reads_never_return) {
  ASSERT_TRUE(app_core_set_worker_count(2));
  start_host();
  const char *path = "app_core_test_stalled_cancel.bin";
  write_pattern_file(path, UINT64_C(3) << 20, NULL);
  stall_reads();
  Dart_Port hash_port = vm_host_open_port();
  int64_t hashing = app_core_sha256_file_async(path, hash_port);
  ASSERT_GT(hashing, 0);
  /* template:full-only-begin */
  Dart_Port read_port = vm_host_open_port();
  int64_t reading = app_core_read_file_async(path, read_port);
  ASSERT_GT(reading, 0);
  await_stalled_reads(2);
  ASSERT_TRUE(app_core_cancel(reading));
  expect_outcome_kind(read_port, APP_CORE_MESSAGE_CANCELLED);
  /* template:full-only-end */
  await_stalled_reads(1);
  ASSERT_TRUE(app_core_cancel(hashing));
  expect_outcome_kind(hash_port, APP_CORE_MESSAGE_CANCELLED);
  ASSERT_GE(app_core__runtime_abandoned_threads(), 1);

  /* Two workers serve again, while the stuck threads still wait. */
  Dart_Port fibonacci_port[2] = {vm_host_open_port(), vm_host_open_port()};
  for (size_t i = 0; i < 2; i++) ASSERT_GT(app_core_fibonacci_async(20, fibonacci_port[i]), 0);
  for (size_t i = 0; i < 2; i++) expect_outcome_kind(fibonacci_port[i], APP_CORE_MESSAGE_VALUE);
  expect_shutdown_returns();
  release_stalled_reads();
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

/* One worker. A stuck in a read; B, C and D queued behind it. Cancelling A
 * gives its place to a new worker, which takes B, C and D in one batch: B
 * (stalled) holds it with C and D unclaimed. Cancelling B must hand C and D
 * to a third worker, and nothing the stuck workers answered may linger in
 * the table (shutdown would wait for it). */
TEST(a_stuck_workers_tasks_go_to_its_successor) {
  ASSERT_TRUE(app_core_set_worker_count(1));
  start_host();
  const char *path = "app_core_test_stalled_successor.bin";
  write_pattern_file(path, UINT64_C(1) << 20, NULL);
  stall_reads();
  Dart_Port a_port = vm_host_open_port();
  int64_t a = app_core_sha256_file_async(path, a_port);
  ASSERT_GT(a, 0);
  await_stalled_reads(1);
  Dart_Port b_port = vm_host_open_port(), c_port = vm_host_open_port(), d_port = vm_host_open_port();
  int64_t b = app_core_sha256_file_async(path, b_port);
  ASSERT_GT(b, 0);
  ASSERT_GT(app_core_fibonacci_async(10, c_port), 0);
  ASSERT_GT(app_core_fibonacci_async(11, d_port), 0);
  ASSERT_TRUE(app_core_cancel(a));
  expect_outcome_kind(a_port, APP_CORE_MESSAGE_CANCELLED);
  await_stalled_reads(2);
  ASSERT_FALSE(app_core_cancel(a)); /* answered once: the stand-in is gone */
  ASSERT_TRUE(app_core_cancel(b));
  expect_outcome_kind(b_port, APP_CORE_MESSAGE_CANCELLED);
  expect_outcome_kind(c_port, APP_CORE_MESSAGE_VALUE);
  expect_outcome_kind(d_port, APP_CORE_MESSAGE_VALUE);
  ASSERT_EQ(app_core__runtime_abandoned_threads(), 2);
  expect_shutdown_returns();
  release_stalled_reads();
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

/* A task answered before a stalled one in the same worker's batch is
 * forgotten when the worker is abandoned: shutdown does not wait for it. */
TEST(tasks_answered_before_a_stuck_one_are_forgotten) {
  ASSERT_TRUE(app_core_set_worker_count(1));
  start_host();
  const char *path = "app_core_test_stalled_posted.bin";
  write_pattern_file(path, UINT64_C(1) << 20, NULL);
  stall_reads();
  Dart_Port first_port = vm_host_open_port();
  Dart_Port before_port[3] = {vm_host_open_port(), vm_host_open_port(), vm_host_open_port()};
  Dart_Port stuck_port = vm_host_open_port();
  int64_t first = app_core_sha256_file_async(path, first_port); /* holds the worker while the rest queue */
  ASSERT_GT(first, 0);
  await_stalled_reads(1);
  for (size_t i = 0; i < 3; i++) ASSERT_GT(app_core_fibonacci_async(12, before_port[i]), 0);
  int64_t stuck = app_core_sha256_file_async(path, stuck_port);
  ASSERT_GT(stuck, 0);
  ASSERT_TRUE(app_core_cancel(first)); /* the successor takes the three and the stuck one */
  expect_outcome_kind(first_port, APP_CORE_MESSAGE_CANCELLED);
  for (size_t i = 0; i < 3; i++) expect_outcome_kind(before_port[i], APP_CORE_MESSAGE_VALUE);
  await_stalled_reads(2);
  ASSERT_TRUE(app_core_cancel(stuck));
  expect_outcome_kind(stuck_port, APP_CORE_MESSAGE_CANCELLED);
  expect_shutdown_returns();
  release_stalled_reads();
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

TEST(shutdown_returns_while_a_read_never_returns) {
  start_host();
  const char *path = "app_core_test_stalled_shutdown.bin";
  write_pattern_file(path, UINT64_C(1) << 20, NULL);
  stall_reads();
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_sha256_file_async(path, port), 0);
  await_stalled_reads(1);
  expect_shutdown_returns();
  expect_outcome_kind(port, APP_CORE_MESSAGE_CANCELLED);
  release_stalled_reads(); /* after shutdown: the thread frees its buffer, file and task alone */
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

/* A read that returns before anyone cancels abandons nothing. */
TEST(a_read_that_returns_abandons_nothing) {
  start_host();
  const char *path = "app_core_test_unstalled.bin";
  char hex[APP_CORE__SHA256_HEX_SIZE];
  write_pattern_file(path, UINT64_C(3) << 20, hex);
  expect_sha256_file(path, hex);
  ASSERT_EQ(app_core__runtime_abandoned_threads(), 0);
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

/* ---- a cleanup call after a cancel ----------------------------------------- */

/* A task that runs until cancelled, then makes a "close" that blocks until
 * the test lets it go, as a FUSE close (a flush) to a stalled server would. */
static struct { volatile int32_t started, released, cleanup_ended_abandoned; } cleanup;

static void run_then_clean_up(app_core__task *task) {
  app_core__atomic_store_release_i32(&cleanup.started, 1);
  while (!app_core__task_cancelled(task)) app_core__thread_yield();
  bool in_call = app_core__runtime_call_begin_cleanup(task);
  while (!app_core__atomic_load_acquire_i32(&cleanup.released)) app_core__sleep_ns(1 * MS);
  app_core__atomic_store_release_i32(&cleanup.cleanup_ended_abandoned, in_call && !app_core__runtime_call_end(task));
}

static void await_flag(volatile int32_t *flag) {
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (!app_core__atomic_load_acquire_i32(flag) && app_core__now_ns() < give_up_at) app_core__sleep_ns(1 * MS);
  ASSERT_TRUE(app_core__atomic_load_acquire_i32(flag));
}

/* The cancel lands outside any call; the cleanup call that follows must not
 * hold the [2] back: the task is abandoned as the call begins. */
TEST(a_cleanup_call_after_a_cancel_does_not_hold_back_the_answer) {
  ASSERT_TRUE(app_core_set_worker_count(1));
  start_host();
  cleanup.started = cleanup.released = cleanup.cleanup_ended_abandoned = 0;
  Dart_Port port = vm_host_open_port();
  int64_t id = app_core__task_start_int(run_then_clean_up, port, 0, 0);
  ASSERT_GT(id, 0);
  await_flag(&cleanup.started);
  ASSERT_TRUE(app_core_cancel(id));
  expect_outcome_kind(port, APP_CORE_MESSAGE_CANCELLED); /* while the cleanup still blocks */
  ASSERT_EQ(app_core__runtime_abandoned_threads(), 1);
  Dart_Port next_port = vm_host_open_port(); /* and a new worker serves */
  ASSERT_GT(app_core_fibonacci_async(20, next_port), 0);
  expect_outcome_kind(next_port, APP_CORE_MESSAGE_VALUE);
  app_core__atomic_store_release_i32(&cleanup.released, 1);
  await_flag(&cleanup.cleanup_ended_abandoned);
  await_abandoned_threads_gone();
  expect_shutdown_returns();
  stop_host();
}
