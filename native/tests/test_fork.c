/* test_fork.c: every lock of the core is fork-safe. A fork() by another
 * thread at any moment, also while a thread is inside a call into the VM or
 * holds one of the core's locks, leaves the child able to use the core: its
 * calls and app_core_shutdown never block on a lock a parent's thread held,
 * and it opens its own exit port. */
#if !defined(_WIN32)
#  define _POSIX_C_SOURCE 200809L /* kill() under -std=c11 */
#endif

#include <stdio.h>

#include "async_support.h"
#include "core/file_reader.h"
#include "core/platform.h"
#include "core/runtime.h"
#include "fork_child.h"
#include "stalled_reads.h"
#include "test.h"

#if !defined(_WIN32)

#  include <signal.h>
#  include <sys/wait.h>
#  include <unistd.h>

static void expect_clean_exit(int status) {
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
}

/* Registers as an isolate and returns the exit port it was handed. */
static Dart_Port register_for_exit_port(void) {
  Dart_Port reply = vm_host_open_port();
  ASSERT_GT(app_core_isolate_register(reply), 0);
  vm_value *message = NULL;
  ASSERT_TRUE(vm_host_receive(reply, HUNG_AFTER_NS, &message));
  ASSERT_EQ(message->type, Dart_CObject_kArray);
  ASSERT_UINT_EQ(message->value.as_array.length, 2);
  ASSERT_EQ(message->value.as_array.items[1].type, Dart_CObject_kSendPort);
  Dart_Port exit_port = message->value.as_array.items[1].value.as_int;
  vm_value_free(message);
  vm_host_close_port(reply);
  return exit_port;
}

/* The child registers (opening its own exit port, not the parent's) and
 * shuts down: each takes the isolates' lock, shutdown the runtime's too. */
static void register_and_shut_down(int64_t parent_exit_port) {
  ASSERT_NE(register_for_exit_port(), parent_exit_port);
  app_core_shutdown();
  _exit(0);
}

/* ---- a fork while a thread is inside Dart_NewNativePort -------------------- */

static struct {
  app_core__mutex lock;
  app_core__cond changed;
  bool armed, entered, released;
} gate;

/* The VM host's Dart_NewNativePort gate: holds the first caller once armed. */
static void hold_first_caller(void) {
  app_core__mutex_lock(&gate.lock);
  if (gate.armed) {
    gate.armed = false;
    gate.entered = true;
    app_core__cond_broadcast(&gate.changed);
    while (!gate.released) app_core__cond_wait(&gate.changed, &gate.lock);
  }
  app_core__mutex_unlock(&gate.lock);
}

static void register_in_thread(void *arg) { *(Dart_Port *)arg = register_for_exit_port(); }

static void fork_during_register(void) {
  start_host();
  app_core__mutex_init(&gate.lock);
  app_core__cond_init(&gate.changed);
  gate.armed = true;
  vm_host_set_new_native_port_gate(hold_first_caller);
  Dart_Port registered = APP_CORE__ILLEGAL_PORT;
  app_core__thread thread;
  ASSERT_TRUE(app_core__thread_create(&thread, register_in_thread, &registered));
  app_core__mutex_lock(&gate.lock);
  bool entered = true;
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (!gate.entered && (entered = app_core__now_ns() < give_up_at)) {
    (void)app_core__cond_timedwait(&gate.changed, &gate.lock, 10 * MS);
  }
  app_core__mutex_unlock(&gate.lock);
  ASSERT_TRUE(entered); /* the thread is inside app_core_isolate_register's call into the VM */

  expect_clean_exit(fork_and_wait(register_and_shut_down, APP_CORE__ILLEGAL_PORT));

  app_core__mutex_lock(&gate.lock);
  gate.released = true;
  app_core__cond_broadcast(&gate.changed);
  app_core__mutex_unlock(&gate.lock);
  app_core__thread_join(&thread);
  ASSERT_NE(registered, APP_CORE__ILLEGAL_PORT); /* and the parent's register completed */
  vm_host_set_new_native_port_gate(NULL);
  stop_host();
}

static void fork_after_register(void) {
  start_host();
  Dart_Port parent_exit_port = register_for_exit_port();
  expect_clean_exit(fork_and_wait(register_and_shut_down, parent_exit_port));
  ASSERT_EQ(register_for_exit_port(), parent_exit_port); /* the parent's is unchanged */
  stop_host();
}

/* ---- a fork while another thread holds a lock of the core ------------------- */

static volatile int32_t hammering;

/* Takes both of the core's locks over and over: app_core_shutdown takes the
 * isolates' lock then the runtime's (the runtime is stopped, the exit port
 * closed, so neither the VM nor a thread join is involved), app_core_cancel
 * the runtime's. */
static volatile int32_t lockers_started;

static void take_the_locks(void *arg) {
  (void)arg;
  int32_t seen;
  do {
    seen = app_core__atomic_load_acquire_i32(&lockers_started);
  } while (!app_core__atomic_cas_i32(&lockers_started, seen, seen + 1));
  while (app_core__atomic_load_acquire_i32(&hammering)) {
    app_core_shutdown();
    (void)app_core_cancel(1);
    (void)app_core_log_unlisten(INT64_MAX); /* the log's lock */
  }
}

static void use_the_locks_and_exit(int64_t unused) {
  (void)unused;
  app_core_shutdown();
  ASSERT_FALSE(app_core_cancel(1));
  ASSERT_FALSE(app_core_log_unlisten(INT64_MAX));
  ASSERT_TRUE(app_core_set_worker_count(2));
  _exit(0);
}

static void fork_while_locked(void) {
  enum { LOCKERS = 2 };
  /* Enough forks that many land while a lock is held, few enough for
   * valgrind, which serialises the threads and checks every child. */
  enum { FORKS = 20 };
  start_host();
  app_core_shutdown(); /* no runtime threads: only the lockers run */
  app_core__atomic_store_release_i32(&hammering, 1);
  app_core__thread lockers[LOCKERS];
  for (size_t i = 0; i < LOCKERS; i++) ASSERT_TRUE(app_core__thread_create(&lockers[i], take_the_locks, NULL));
  /* Forks start once the lockers run: a thread being created holds memory a
   * child would inherit with no thread to free it (valgrind sees a leak). */
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (app_core__atomic_load_acquire_i32(&lockers_started) < LOCKERS && app_core__now_ns() < give_up_at) {
    app_core__sleep_ns(1 * MS);
  }
  ASSERT_EQ(app_core__atomic_load_acquire_i32(&lockers_started), LOCKERS);
  for (int i = 0; i < FORKS; i++) expect_clean_exit(fork_and_wait(use_the_locks_and_exit, 0));
  app_core__atomic_store_release_i32(&hammering, 0);
  for (size_t i = 0; i < LOCKERS; i++) app_core__thread_join(&lockers[i]);
  stop_host();
}

/* ---- a fork while a thread is stuck in a call ---------------------------- */

static char fork_file_hex[APP_CORE__SHA256_HEX_SIZE];
#  define FORK_FILE "app_core_test_fork_stuck.bin"

/* The parent's stuck thread does not exist here, nor does its stall: the
 * child's runtime counts no abandoned thread, reads for real, and shuts
 * down without waiting for the parent's. */
static void hash_in_child(int64_t can_start_threads) {
  ASSERT_EQ(app_core__runtime_abandoned_threads(), 0);
  app_core__file_reader_set_read_hook(NULL);
  if (can_start_threads) expect_sha256_file(FORK_FILE, fork_file_hex);
  app_core_shutdown();
  /* The stuck thread's buffer is in this image without its thread: a leak
   * checker at exit would count it lost. exec leaves without that check. */
  execl("/bin/true", "true", (char *)NULL);
  _exit(0);
}

static void fork_with_a_stuck_read(void) {
  ASSERT_TRUE(app_core_set_worker_count(1));
  start_host();
  write_pattern_file(FORK_FILE, UINT64_C(1) << 20, fork_file_hex);
  stall_reads();
  Dart_Port port = vm_host_open_port();
  int64_t stuck = app_core_sha256_file_async(FORK_FILE, port);
  ASSERT_GT(stuck, 0);
  await_stalled_reads(1);
  ASSERT_TRUE(app_core_cancel(stuck));
  ASSERT_EQ(app_core__runtime_abandoned_threads(), 1);
  /* TSan (die_after_fork), ASan and qemu-user cannot start a thread in a
   * child of a multi-threaded fork (see fork_child.h). */
  bool can_start_threads = forked_child_can_start_threads();
  if (!can_start_threads) printf("PARTIAL: a forked child cannot start threads here: it only shuts down\n");
  expect_clean_exit(fork_and_wait(hash_in_child, can_start_threads));
  ASSERT_EQ(app_core__runtime_abandoned_threads(), 1); /* the parent's is still stuck */
  release_stalled_reads();
  expect_sha256_file(FORK_FILE, fork_file_hex);
  ASSERT_EQ(remove(FORK_FILE), 0);
  stop_host();
}

#endif

/* Each test forks (POSIX); Windows has no fork(). */
#if defined(_WIN32)
#  define RUN_WITH_FORK(body) printf("SKIP: Windows has no fork()\n")
#else
#  define RUN_WITH_FORK(body) body()
#endif

TEST(fork_during_register_leaves_no_lock_held_in_the_child) { RUN_WITH_FORK(fork_during_register); }

TEST(forked_child_opens_its_own_exit_port) { RUN_WITH_FORK(fork_after_register); }

TEST(fork_while_the_core_locks_are_held_never_hangs_the_child) { RUN_WITH_FORK(fork_while_locked); }

TEST(forked_child_forgets_a_thread_stuck_in_a_call) { RUN_WITH_FORK(fork_with_a_stuck_read); }
