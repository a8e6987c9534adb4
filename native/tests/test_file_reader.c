/* test_file_reader.c: a file read that never returns (a stalled FUSE or NFS
 * server, /proc/kmsg) holds no worker: a cancel answers [2], shutdown
 * returns, and when the read returns after all, the abandoned reader frees
 * what it held (ASan and valgrind check that nothing leaks or is freed
 * twice). The stall is the readers' test-only read hook. */
#include <stdio.h>

#include "async_support.h"
#include "core/file_reader.h"
#include "core/platform.h"
#include "test.h"

static struct {
  app_core__mutex lock;
  app_core__cond changed;
  int entered; /* reads held so far */
  bool released;
} stall;

/* Every read waits here until release_stalled_reads, then reads. */
static bool stalled_read(app_core__file *file, void *buffer, size_t size, size_t *got, char *reason,
                         size_t reason_size) {
  app_core__mutex_lock(&stall.lock);
  stall.entered++;
  app_core__cond_broadcast(&stall.changed);
  while (!stall.released) app_core__cond_wait(&stall.changed, &stall.lock);
  app_core__mutex_unlock(&stall.lock);
  return app_core__file_read(file, buffer, size, got, reason, reason_size);
}

static void stall_reads(void) {
  app_core__mutex_init(&stall.lock);
  app_core__cond_init(&stall.changed);
  stall.entered = 0;
  stall.released = false;
  app_core__file_reader_set_read_hook(stalled_read);
}

/* Waits (the timeout only means "hung") until `count` reads, or more, have
 * been held. */
static void await_stalled_reads(int count) {
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  app_core__mutex_lock(&stall.lock);
  while (stall.entered < count && app_core__now_ns() < give_up_at) {
    (void)app_core__cond_timedwait(&stall.changed, &stall.lock, 10 * MS);
  }
  int entered = stall.entered;
  app_core__mutex_unlock(&stall.lock);
  ASSERT_GE(entered, count);
}

/* Lets the held reads return, then waits until their abandoned readers have
 * freed everything and ended. */
static void release_stalled_reads(void) {
  app_core__mutex_lock(&stall.lock);
  stall.released = true;
  app_core__cond_broadcast(&stall.changed);
  app_core__mutex_unlock(&stall.lock);
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (app_core__file_readers_alive() > 0 && app_core__now_ns() < give_up_at) app_core__sleep_ns(1 * MS);
  ASSERT_EQ(app_core__file_readers_alive(), 0);
  app_core__file_reader_set_read_hook(NULL);
}

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

static void expect_kind(Dart_Port port, int kind) {
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, kind);
  vm_outcome_free(&outcome);
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
  expect_kind(read_port, APP_CORE_MESSAGE_CANCELLED);
  /* template:full-only-end */
  await_stalled_reads(1);
  ASSERT_TRUE(app_core_cancel(hashing));
  expect_kind(hash_port, APP_CORE_MESSAGE_CANCELLED);

  /* Both workers are free again. */
  Dart_Port fibonacci_port[2] = {vm_host_open_port(), vm_host_open_port()};
  for (size_t i = 0; i < 2; i++) ASSERT_GT(app_core_fibonacci_async(20, fibonacci_port[i]), 0);
  for (size_t i = 0; i < 2; i++) expect_kind(fibonacci_port[i], APP_CORE_MESSAGE_VALUE);
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
  expect_kind(port, APP_CORE_MESSAGE_CANCELLED);
  release_stalled_reads(); /* after shutdown: the reader frees its buffer and file alone */
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

/* ---- parked readers ------------------------------------------------------- */

TEST(a_parked_reader_serves_the_next_file_task) {
  start_host();
  const char *path = "app_core_test_reader_reuse.bin";
  char hex[APP_CORE__SHA256_HEX_SIZE];
  write_pattern_file(path, UINT64_C(3) << 20, hex);
  int32_t started = app_core__file_readers_started();
  expect_sha256_file(path, hex);
  expect_sha256_file(path, hex);
  ASSERT_EQ(app_core__file_readers_started() - started, 1); /* the second task took the first's reader */
  ASSERT_EQ(app_core__file_readers_alive(), 1);             /* parked */
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

TEST(shutdown_ends_parked_readers) {
  start_host();
  const char *path = "app_core_test_reader_parked.bin";
  char hex[APP_CORE__SHA256_HEX_SIZE];
  write_pattern_file(path, UINT64_C(1) << 20, hex);
  expect_sha256_file(path, hex);
  ASSERT_EQ(app_core__file_readers_alive(), 1);
  expect_shutdown_returns();
  ASSERT_EQ(app_core__file_readers_alive(), 0); /* ended and joined, not left running */
  expect_sha256_file(path, hex);                /* a restarted runtime starts readers again */
  ASSERT_EQ(remove(path), 0);
  stop_host();
}
