/* test_runtime.c: the async runtime's scheduling guarantees under races that
 * the end-to-end tests in test_async.c do not provoke on their own. */
#if !defined(_WIN32)
#  define _POSIX_C_SOURCE 200809L /* kill() under -std=c11 */
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "async_support.h"
#include "core/platform.h"
#include "core/task.h"
#include "fork_child.h"
#include "test.h"

/* Polls instead of blocking in vm_host_receive, so the caller sees the post
 * within microseconds, while the worker that made it is still spinning. */
static void poll_until_pending(Dart_Port port) {
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (vm_host_pending(port) == 0) {
    ASSERT_LT(app_core__now_ns(), give_up_at);
    app_core__cpu_relax();
  }
}

/* A worker that has just finished a task spins watching the run queue. A fetch
 * submitted then, followed by a long computation the spinner takes, must still
 * be answered: the new earliest deadline has to reach a thread that times it,
 * not only the spinner, or the fetch waits until the computation ends (here,
 * never). The race window is the spin (about 50 us), so the test tries
 * several times. */
TEST(new_deadline_is_timed_while_a_worker_spins) {
  start_host();
  app_core_shutdown();
  ASSERT_TRUE(app_core_set_worker_count(2));
  for (int attempt = 0; attempt < 8; attempt++) {
    Dart_Port quick = vm_host_open_port(), fetch = vm_host_open_port(), fib = vm_host_open_port();
    ASSERT_GT(app_core_fibonacci_async(0, quick), 0);
    poll_until_pending(quick);
    ASSERT_GT(app_core_fetch_data_async("https://example.com/spin", fetch), 0);
    int64_t long_task = app_core_fibonacci_async(80, fib); /* runs until cancelled */
    ASSERT_GT(long_task, 0);
    vm_outcome fetched = vm_host_await_outcome(fetch, HUNG_AFTER_NS);
    if (fetched.kind != APP_CORE_MESSAGE_VALUE) printf("attempt %d: the fetch was never answered\n", attempt);
    ASSERT_EQ(fetched.kind, APP_CORE_MESSAGE_VALUE);
    vm_outcome_free(&fetched);
    ASSERT_TRUE(app_core_cancel(long_task));
    vm_outcome cancelled = vm_host_await_outcome(fib, HUNG_AFTER_NS);
    ASSERT_EQ(cancelled.kind, APP_CORE_MESSAGE_CANCELLED);
    vm_outcome_free(&cancelled);
    vm_outcome quick_outcome = vm_host_await_outcome(quick, HUNG_AFTER_NS);
    ASSERT_EQ(quick_outcome.kind, APP_CORE_MESSAGE_VALUE);
    vm_outcome_free(&quick_outcome);
  }
  stop_host();
}

/* ---- concurrent shutdown -------------------------------------------------- */

static volatile int32_t final_post_started; /* set by slow_final_handler */
static volatile int32_t second_shutdown_returned;

/* A native port's handler runs on the posting worker: sleeping there keeps the
 * first shutdown busy joining while the other threads line up. */
static void slow_final_handler(Dart_Port port, Dart_CObject *message) {
  (void)port;
  (void)message;
  app_core__atomic_store_release_i32(&final_post_started, 1);
  app_core__sleep_ns(20 * MS);
}

static void wait_for_final_post(void) {
  while (!app_core__atomic_load_acquire_i32(&final_post_started)) app_core__thread_yield();
}

static void second_shutdown(void *arg) {
  (void)arg;
  wait_for_final_post();
  app_core_shutdown();
  app_core__atomic_store_release_i32(&second_shutdown_returned, 1);
}

/* Submits until the runtime has restarted, right as the first shutdown ends. */
static void restarting_submitter(void *arg) {
  Dart_Port port = *(Dart_Port *)arg;
  wait_for_final_post();
  while (app_core_fibonacci_async(0, port) == 0) {
  }
}

/* A second app_core_shutdown() waiting for a first one returns when the first
 * has finished, even if another thread restarts the runtime before it wakes.
 * That restart wins the race only now and then (a few submitters racing the
 * waiter for the lock raise its odds), so the test repeats it for a while. */
TEST(concurrent_shutdown_returns_when_a_restart_follows) {
  start_host();
  Dart_NewNativePort_Type new_native_port =
      (Dart_NewNativePort_Type)vm_host_api_lookup(vm_host_api_data(), "Dart_NewNativePort");
  ASSERT_NOT_NULL(new_native_port);
  enum { SUBMITTERS = 3 };
  uint64_t stop_trying_at = app_core__now_ns() + 3000 * MS;
  for (int attempt = 0; attempt < 5 || app_core__now_ns() < stop_trying_at; attempt++) {
    app_core__atomic_store_release_i32(&final_post_started, 0);
    app_core__atomic_store_release_i32(&second_shutdown_returned, 0);
    Dart_Port slow_port = new_native_port("slow final", slow_final_handler, false);
    Dart_Port restart_port = vm_host_open_port();
    ASSERT_GT(app_core_fibonacci_async(80, slow_port), 0); /* its [2] comes from the shutdown below */
    app_core__thread second, submitters[SUBMITTERS];
    ASSERT_TRUE(app_core__thread_create(&second, second_shutdown, NULL));
    for (int i = 0; i < SUBMITTERS; i++) {
      ASSERT_TRUE(app_core__thread_create(&submitters[i], restarting_submitter, &restart_port));
    }
    app_core_shutdown();
    for (int i = 0; i < SUBMITTERS; i++) app_core__thread_join(&submitters[i]);
    uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
    while (!app_core__atomic_load_acquire_i32(&second_shutdown_returned) && app_core__now_ns() < give_up_at) {
      app_core__sleep_ns(1 * MS);
    }
    bool returned = app_core__atomic_load_acquire_i32(&second_shutdown_returned) != 0;
    if (!returned) printf("attempt %d: the second shutdown hangs after the first returned\n", attempt);
    app_core_shutdown(); /* releases a stuck second shutdown */
    app_core__thread_join(&second);
    ASSERT_TRUE(returned);
  }
  stop_host();
}

/* ---- short work while every worker computes -------------------------------- */

enum { WORKERS = 2 };

typedef struct busy_workers {
  Dart_Port ports[WORKERS];
  int64_t tasks[WORKERS];
  spinner work[WORKERS];
} busy_workers;

/* Every worker computing work that runs until it is cancelled. */
static void occupy_every_worker(busy_workers *busy) {
  app_core_shutdown();
  ASSERT_TRUE(app_core_set_worker_count(WORKERS));
  for (int i = 0; i < WORKERS; i++) {
    busy->ports[i] = vm_host_open_port();
    busy->tasks[i] = spinner_start(&busy->work[i], busy->ports[i]);
  }
  for (int i = 0; i < WORKERS; i++) spinner_await_started(&busy->work[i]);
}

/* Without the lane such an answer would wait for a worker to free: here,
 * never. So it came while every worker still computed. */
static void expect_answered_while_busy(Dart_Port port, int kind, const busy_workers *busy) {
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, kind);
  vm_outcome_free(&outcome);
  for (int i = 0; i < WORKERS; i++) ASSERT_EQ(vm_host_pending(busy->ports[i]), 0);
}

static void release_workers(busy_workers *busy) {
  for (int i = 0; i < WORKERS; i++) {
    ASSERT_TRUE(app_core_cancel(busy->tasks[i]));
    vm_outcome outcome = vm_host_await_outcome(busy->ports[i], HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
    vm_outcome_free(&outcome);
  }
}

TEST(due_timer_is_answered_while_every_worker_computes) {
  start_host();
  busy_workers busy;
  occupy_every_worker(&busy);
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fetch_data_async("https://example.com/busy", port), 0);
  expect_answered_while_busy(port, APP_CORE_MESSAGE_VALUE, &busy);
  release_workers(&busy);
  stop_host();
}

TEST(cancelled_waiting_task_is_answered_while_every_worker_computes) {
  start_host();
  busy_workers busy;
  occupy_every_worker(&busy);
  Dart_Port port = vm_host_open_port();
  int64_t id = start_waiting_task(port, AN_HOUR_NS);
  ASSERT_TRUE(app_core_cancel(id));
  expect_answered_while_busy(port, APP_CORE_MESSAGE_CANCELLED, &busy);
  release_workers(&busy);
  stop_host();
}

TEST(cancelled_queued_task_is_answered_while_every_worker_computes) {
  start_host();
  busy_workers busy;
  occupy_every_worker(&busy);
  Dart_Port port = vm_host_open_port();
  int64_t id = app_core_fibonacci_async(30, port); /* queued behind the two */
  ASSERT_GT(id, 0);
  ASSERT_TRUE(app_core_cancel(id));
  expect_answered_while_busy(port, APP_CORE_MESSAGE_CANCELLED, &busy);
  release_workers(&busy);
  stop_host();
}

TEST(bad_input_is_answered_while_every_worker_computes) {
  start_host();
  busy_workers busy;
  occupy_every_worker(&busy);
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fetch_data_async(NULL, port), 0);
  expect_answered_while_busy(port, APP_CORE_MESSAGE_ERROR, &busy);
  release_workers(&busy);
  stop_host();
}

/* ---- O(n) work stays off the lane ------------------------------------------ */

static volatile int32_t huge_answer_started;  /* the huge fetch's answer is being posted */
static volatile int32_t huge_answer_finished; /* and its post returned */
static volatile int32_t short_answer_seen;    /* the test received the short answer */

/* Runs on the thread that posts the huge fetch's answer: holding that thread
 * until the test has seen the short answer stands for the long work a huge
 * answer is (formatting, validating and copying it). It lets go after a
 * liveness timeout, later than the test's own. */
static void held_huge_answer(Dart_Port port, Dart_CObject *message) {
  (void)port;
  (void)message;
  app_core__atomic_store_release_i32(&huge_answer_started, 1);
  uint64_t give_up_at = app_core__now_ns() + 2 * HUNG_AFTER_NS;
  while (!app_core__atomic_load_acquire_i32(&short_answer_seen) && app_core__now_ns() < give_up_at) {
    app_core__sleep_ns(1 * MS);
  }
  app_core__atomic_store_release_i32(&huge_answer_finished, 1);
}

/* A fetch whose url is HUGE_URL bytes, answered through held_huge_answer. */
#define HUGE_URL (16u << 20)

static void start_huge_fetch(void) {
  app_core__atomic_store_release_i32(&huge_answer_started, 0);
  app_core__atomic_store_release_i32(&huge_answer_finished, 0);
  app_core__atomic_store_release_i32(&short_answer_seen, 0);
  Dart_NewNativePort_Type new_native_port =
      (Dart_NewNativePort_Type)vm_host_api_lookup(vm_host_api_data(), "Dart_NewNativePort");
  ASSERT_NOT_NULL(new_native_port);
  Dart_Port huge_port = new_native_port("held huge answer", held_huge_answer, false);
  char *url = malloc(HUGE_URL + 1);
  ASSERT_NOT_NULL(url);
  memset(url, 'u', HUGE_URL);
  url[HUGE_URL] = '\0';
  ASSERT_GT(app_core_fetch_data_async(url, huge_port), 0);
  free(url);
}

/* Receives the short task's final message while the huge answer is still
 * held, then lets the huge one finish. */
static void expect_answer_before_the_huge_one(Dart_Port port, int kind) {
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  bool huge_finished = app_core__atomic_load_acquire_i32(&huge_answer_finished) != 0;
  app_core__atomic_store_release_i32(&short_answer_seen, 1);
  if (outcome.kind != kind) printf("no final message while the huge fetch was answered\n");
  ASSERT_EQ(outcome.kind, kind);
  ASSERT_FALSE(huge_finished);
  vm_outcome_free(&outcome);
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (!app_core__atomic_load_acquire_i32(&huge_answer_finished)) {
    ASSERT_LT(app_core__now_ns(), give_up_at);
    app_core__sleep_ns(1 * MS);
  }
}

/* The lane alone times deadlines: a due task with a huge input must not run
 * there, or every timer waits for it. Both fetches come due 500 ms after
 * their submit, the short one just after the huge one. */
TEST(short_timer_due_after_a_huge_one_is_answered_while_that_runs) {
  start_host();
  start_huge_fetch();
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fetch_data_async("https://example.com/short", port), 0);
  expect_answer_before_the_huge_one(port, APP_CORE_MESSAGE_VALUE);
  stop_host();
}

/* Likewise a cancel's [2], which only the lane is woken for. */
TEST(cancel_is_answered_while_a_huge_due_timer_runs) {
  start_host();
  start_huge_fetch();
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (!app_core__atomic_load_acquire_i32(&huge_answer_started)) {
    ASSERT_LT(app_core__now_ns(), give_up_at);
    app_core__sleep_ns(1 * MS);
  }
  Dart_Port port = vm_host_open_port();
  int64_t waiting = app_core_fetch_data_async("https://example.com/cancelled", port);
  ASSERT_GT(waiting, 0);
  ASSERT_TRUE(app_core_cancel(waiting));
  expect_answer_before_the_huge_one(port, APP_CORE_MESSAGE_CANCELLED);
  stop_host();
}

/* The lane answers a cancelled huge task but leaves freeing it to a worker
 * (the sanitizer and valgrind stages check that it is freed, also when the
 * shutdown comes first). */
TEST(cancelled_huge_waiting_tasks_are_answered_and_freed) {
  enum { HUGE_TASKS = 3 };
  start_host();
  char *url = malloc(HUGE_URL + 1);
  ASSERT_NOT_NULL(url);
  memset(url, 'u', HUGE_URL);
  url[HUGE_URL] = '\0';
  Dart_Port ports[HUGE_TASKS];
  for (int i = 0; i < HUGE_TASKS; i++) {
    ports[i] = vm_host_open_port();
    int64_t id = app_core_fetch_data_async(url, ports[i]);
    ASSERT_GT(id, 0);
    ASSERT_TRUE(app_core_cancel(id));
  }
  free(url);
  for (int i = 0; i < HUGE_TASKS; i++) {
    vm_outcome outcome = vm_host_await_outcome(ports[i], HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
    vm_outcome_free(&outcome);
  }
  stop_host();
}

/* ---- a burst of short work ------------------------------------------------- */

static volatile int32_t lane_held;     /* held_answer has started */
static volatile int32_t lane_released; /* and may return */

static void held_answer(Dart_Port port, Dart_CObject *message) {
  (void)port;
  (void)message;
  app_core__atomic_store_release_i32(&lane_held, 1);
  uint64_t give_up_at = app_core__now_ns() + 2 * HUNG_AFTER_NS;
  while (!app_core__atomic_load_acquire_i32(&lane_released) && app_core__now_ns() < give_up_at) {
    app_core__sleep_ns(1 * MS);
  }
}

/* Cancels and due timers pile up while the lane is held in a post (the idle
 * workers are not woken for them): when it returns, it finds more short work
 * than one take holds, answers and due timers at once. Every task must still
 * get exactly its one final message. */
TEST(a_pile_of_answers_and_due_timers_is_taken_in_bounded_batches) {
  enum { PILE = 40 };
  start_host();
  app_core_shutdown();
  ASSERT_TRUE(app_core_set_worker_count(WORKERS));
  app_core__atomic_store_release_i32(&lane_held, 0);
  app_core__atomic_store_release_i32(&lane_released, 0);
  Dart_NewNativePort_Type new_native_port =
      (Dart_NewNativePort_Type)vm_host_api_lookup(vm_host_api_data(), "Dart_NewNativePort");
  ASSERT_NOT_NULL(new_native_port);
  ASSERT_GT(app_core_fetch_data_async("held", new_native_port("held answer", held_answer, false)), 0);
  app_core__sleep_ns(50 * MS); /* the pile comes due after the held one */
  Dart_Port due[PILE], cancelled[PILE];
  int64_t cancel_ids[PILE];
  uint64_t submitted = app_core__now_ns();
  for (int i = 0; i < PILE; i++) {
    due[i] = vm_host_open_port();
    cancelled[i] = vm_host_open_port();
    ASSERT_GT(app_core_fetch_data_async("due", due[i]), 0);
    cancel_ids[i] = app_core_fetch_data_async("cancelled", cancelled[i]);
    ASSERT_GT(cancel_ids[i], 0);
  }
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (!app_core__atomic_load_acquire_i32(&lane_held)) {
    ASSERT_LT(app_core__now_ns(), give_up_at);
    app_core__sleep_ns(1 * MS);
  }
  for (int i = 0; i < PILE; i++) ASSERT_TRUE(app_core_cancel(cancel_ids[i]));
  while (app_core__now_ns() < submitted + 550 * MS) app_core__sleep_ns(5 * MS); /* the pile is due */
  app_core__atomic_store_release_i32(&lane_released, 1);
  for (int i = 0; i < PILE; i++) {
    vm_outcome outcome = vm_host_await_outcome(cancelled[i], HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
    vm_outcome_free(&outcome);
    outcome = vm_host_await_outcome(due[i], HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
    vm_outcome_free(&outcome);
  }
  app_core_shutdown();
  for (int i = 0; i < PILE; i++) ASSERT_UINT_EQ(vm_host_pending(due[i]) + vm_host_pending(cancelled[i]), 0);
  stop_host();
}

static void answer_zero(app_core__task *task) { app_core__task_set_int(task, 0); }

/* The starter decides bad input's answer, so its delay (an hour here) never applies. */
TEST(bad_input_is_answered_without_waiting_for_the_delay) {
  start_host();
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core__task_start_text(answer_zero, port, NULL, "test_runtime: text", AN_HOUR_NS), 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
  ASSERT_EQ(outcome.error_code, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(outcome.error_message, "test_runtime: text");
  vm_outcome_free(&outcome);
  stop_host();
}

/* ---- run-queue batches ---------------------------------------------------- */

/* Workers take queued tasks in batches. A long task in a batch must not hold
 * back the cheap ones queued behind it: the other worker takes them, and the
 * one that ran before it is answered at once, not when the batch ends. */
TEST(cheap_tasks_batched_behind_a_long_one_are_answered_while_it_runs) {
  enum { CHEAP = 7 };
  start_host();
  busy_workers busy;
  occupy_every_worker(&busy);
  Dart_Port cheap[CHEAP];
  Dart_Port long_port = vm_host_open_port();
  cheap[0] = vm_host_open_port();
  ASSERT_GT(app_core_fibonacci_async(1, cheap[0]), 0);
  int64_t long_task = app_core_fibonacci_async(80, long_port); /* runs until cancelled */
  ASSERT_GT(long_task, 0);
  for (int i = 1; i < CHEAP; i++) {
    cheap[i] = vm_host_open_port();
    ASSERT_GT(app_core_fibonacci_async(1, cheap[i]), 0);
  }
  release_workers(&busy); /* the first worker free takes all eight at once */
  for (int i = 0; i < CHEAP; i++) {
    vm_outcome outcome = vm_host_await_outcome(cheap[i], HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
    vm_outcome_free(&outcome);
  }
  ASSERT_EQ(vm_host_pending(long_port), 0); /* answered while it still ran */
  ASSERT_TRUE(app_core_cancel(long_task));
  vm_outcome outcome = vm_host_await_outcome(long_port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
  vm_outcome_free(&outcome);
  stop_host();
}

/* A cancel must not wait for the batch a cancelled task sits in: here every
 * worker computes (one on a busy task, one on the first long task of its
 * batch), so the task behind it would otherwise be answered only when one
 * of them ends. */
TEST(cancelled_task_batched_behind_a_long_one_is_answered_while_every_worker_computes) {
  enum { LONG = 2 };
  start_host();
  busy_workers busy;
  occupy_every_worker(&busy);
  Dart_Port long_ports[LONG];
  int64_t long_tasks[LONG];
  spinner long_work[LONG];
  for (int i = 0; i < LONG; i++) {
    long_ports[i] = vm_host_open_port();
    long_tasks[i] = spinner_start(&long_work[i], long_ports[i]);
  }
  Dart_Port cheap_port = vm_host_open_port();
  int64_t cheap = app_core_fibonacci_async(30, cheap_port);
  ASSERT_GT(cheap, 0);
  /* Free one worker: it takes all three in one batch and runs the first. */
  ASSERT_TRUE(app_core_cancel(busy.tasks[0]));
  vm_outcome freed = vm_host_await_outcome(busy.ports[0], HUNG_AFTER_NS);
  ASSERT_EQ(freed.kind, APP_CORE_MESSAGE_CANCELLED);
  vm_outcome_free(&freed);
  spinner_await_started(&long_work[0]);

  ASSERT_TRUE(app_core_cancel(cheap));
  vm_outcome outcome = vm_host_await_outcome(cheap_port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
  vm_outcome_free(&outcome);
  ASSERT_EQ(vm_host_pending(long_ports[0]), 0); /* answered while both workers still computed */
  ASSERT_EQ(vm_host_pending(busy.ports[1]), 0);

  for (int i = 0; i < LONG; i++) {
    ASSERT_TRUE(app_core_cancel(long_tasks[i]));
    outcome = vm_host_await_outcome(long_ports[i], HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
    vm_outcome_free(&outcome);
  }
  ASSERT_TRUE(app_core_cancel(busy.tasks[1]));
  vm_outcome last = vm_host_await_outcome(busy.ports[1], HUNG_AFTER_NS);
  ASSERT_EQ(last.kind, APP_CORE_MESSAGE_CANCELLED);
  vm_outcome_free(&last);
  stop_host();
}

/* ---- fork ------------------------------------------------------------------ */

#if !defined(_WIN32)

#  include <signal.h>
#  include <sys/wait.h>
#  include <unistd.h>

/* The child: only the forking thread exists. The parent's tasks are not the
 * child's (their ports belong to the parent's isolates): it must not see them,
 * and its own async calls must work. */
static void run_forked_child(int64_t parent_task) {
  ASSERT_FALSE(app_core_cancel(parent_task));
  ASSERT_TRUE(app_core_set_worker_count(WORKERS)); /* accepted only while STOPPED */
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fibonacci_async(20, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_EQ(outcome.int_value, 6765);
  vm_outcome_free(&outcome);
  app_core_shutdown(); /* joins the child's threads only */
  _exit(0);
}

/* Where a forked child cannot start threads at all, it checks only what it
 * can without them: its runtime is stopped and holds no parent task. */
static void check_forked_child_without_threads(int64_t parent_task) {
  ASSERT_FALSE(app_core_cancel(parent_task));
  ASSERT_TRUE(app_core_set_worker_count(WORKERS));
  app_core_shutdown(); /* returns at once: nothing to join */
  _exit(0);
}

#endif

TEST(forked_child_gets_a_fresh_runtime) {
#if defined(_WIN32)
  printf("SKIP forked_child_gets_a_fresh_runtime: Windows has no fork()\n");
#else
  start_host();
  app_core_shutdown();
  ASSERT_TRUE(app_core_set_worker_count(WORKERS));
  Dart_Port waiting_port = vm_host_open_port(), busy_port = vm_host_open_port();
  int64_t waiting = start_waiting_task(waiting_port, AN_HOUR_NS);
  ASSERT_GT(waiting, 0);
  spinner work;
  int64_t busy = spinner_start(&work, busy_port);
  /* A task waiting, one computing, and no post under way: a fork while a
   * parent thread held the test host's lock would hang the child in the host
   * (the VM is not forked so), however slow the machine. */
  spinner_await_started(&work);

  /* TSan (die_after_fork) and qemu-user 7 (an assertion in its plugin core)
   * kill a child that starts a thread after a multi-threaded fork. */
  if (forked_child_can_start_threads()) {
    int status = fork_and_wait(run_forked_child, busy);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0);
  } else {
    printf(
        "PARTIAL: a forked child cannot start threads here (TSan, ASan or qemu-user): it checks only its reset "
        "runtime\n");
    int status = fork_and_wait(check_forked_child_without_threads, busy);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0);
  }

  /* The parent's runtime goes on as if nothing happened. */
  ASSERT_TRUE(app_core_cancel(waiting));
  vm_outcome waited = vm_host_await_outcome(waiting_port, HUNG_AFTER_NS);
  ASSERT_EQ(waited.kind, APP_CORE_MESSAGE_CANCELLED);
  vm_outcome_free(&waited);
  ASSERT_TRUE(app_core_cancel(busy));
  vm_outcome cancelled = vm_host_await_outcome(busy_port, HUNG_AFTER_NS);
  ASSERT_EQ(cancelled.kind, APP_CORE_MESSAGE_CANCELLED);
  vm_outcome_free(&cancelled);
  stop_host();
#endif
}
