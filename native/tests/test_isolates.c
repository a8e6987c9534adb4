/* test_isolates.c: tasks die with their isolate (app_core_isolate_register,
 * app_core_task_set_owner, the exit port). An "isolate" here is an owner id
 * with its reply port; its exit is vm_host_notify_exit on the SendPort it got,
 * as the VM posts the addOnExitListener response. */
#include <stdio.h>
#include <stdlib.h>

#include "async_support.h"
#include "core/dart_api.h"
#include "core/platform.h"
#include "core/runtime.h"
#include "core/task.h"
#include "stalled_reads.h"
#include "test.h"

typedef struct isolate {
  int64_t owner;
  Dart_Port exit_port; /* the SendPort it received */
} isolate;

/* Registers one isolate and reads its [0, SendPort] reply. */
static isolate register_isolate(void) {
  Dart_Port reply = vm_host_open_port();
  isolate self = {app_core_isolate_register(reply), APP_CORE__ILLEGAL_PORT};
  ASSERT_GT(self.owner, 0);
  vm_value *message = NULL;
  ASSERT_TRUE(vm_host_receive(reply, HUNG_AFTER_NS, &message));
  ASSERT_EQ(message->type, Dart_CObject_kArray);
  ASSERT_UINT_EQ(message->value.as_array.length, 2);
  ASSERT_EQ(message->value.as_array.items[0].type, Dart_CObject_kInt64);
  ASSERT_EQ(message->value.as_array.items[0].value.as_int, APP_CORE_MESSAGE_VALUE);
  ASSERT_EQ(message->value.as_array.items[1].type, Dart_CObject_kSendPort);
  self.exit_port = message->value.as_array.items[1].value.as_int;
  ASSERT_NE(self.exit_port, APP_CORE__ILLEGAL_PORT);
  vm_value_free(message);
  vm_host_close_port(reply);
  return self;
}

/* An async start as the Dart layer does it: start, then set the owner. Only
 * for tasks that cannot have finished yet however slow the machine: an
 * hour's wait (waiting_task) or a computation that runs until cancelled. */
static int64_t owned(const isolate *self, int64_t id) {
  ASSERT_GT(id, 0);
  ASSERT_TRUE(app_core_task_set_owner(id, self->owner));
  return id;
}

/* A task waiting an hour on `port`: no exit, cancel or shutdown in a test can
 * come too late for it, and any answer proves it did not wait for its timer. */
static int64_t waiting_task(Dart_Port port) { return start_waiting_task(port, AN_HOUR_NS); }

/* Cancels a task that must still be live (no exit ended it) and takes its [2]. */
static void expect_live_then_cancel(int64_t id, Dart_Port port) {
  ASSERT_TRUE(app_core_cancel(id));
  expect_outcome_kind(port, APP_CORE_MESSAGE_CANCELLED);
}

TEST(register_posts_the_exit_send_port) {
  start_host();
  isolate a = register_isolate(), b = register_isolate();
  ASSERT_GT(b.owner, a.owner);         /* never reused */
  ASSERT_EQ(b.exit_port, a.exit_port); /* one exit port for the process */
  stop_host();
}

TEST(register_refuses_port_zero_and_no_table) {
  start_host();
  ASSERT_EQ(app_core_isolate_register(APP_CORE__ILLEGAL_PORT), 0);
  app_core__dart_api_reset();
  Dart_Port reply = vm_host_open_port();
  ASSERT_EQ(app_core_isolate_register(reply), 0);
  ASSERT_UINT_EQ(vm_host_pending(reply), 0); /* nothing posted */
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data()), 0);
  stop_host();
}

TEST(set_owner_refuses_bad_owners_and_unknown_tasks) {
  start_host();
  isolate a = register_isolate();
  Dart_Port port = vm_host_open_port();
  int64_t id = waiting_task(port);
  ASSERT_FALSE(app_core_task_set_owner(id, 0));
  ASSERT_FALSE(app_core_task_set_owner(id, -1));
  ASSERT_FALSE(app_core_task_set_owner(id + 1000, a.owner));
  ASSERT_TRUE(app_core_task_set_owner(id, a.owner));
  expect_live_then_cancel(id, port);
  ASSERT_FALSE(app_core_task_set_owner(id, a.owner)); /* finished */
  stop_host();
}

TEST(exit_ends_only_that_isolates_tasks) {
  start_host();
  isolate a = register_isolate(), b = register_isolate();
  Dart_Port a_compute = vm_host_open_port(), a_wait = vm_host_open_port();
  Dart_Port b_compute = vm_host_open_port(), b_wait = vm_host_open_port(), none_wait = vm_host_open_port();
  spinner a_work;
  (void)owned(&a, spinner_start(&a_work, a_compute));
  (void)owned(&a, waiting_task(a_wait));
  int64_t b_waiting = owned(&b, waiting_task(b_wait));
  int64_t unowned = waiting_task(none_wait);
  spinner_await_started(&a_work);
  int64_t short_one = app_core_fibonacci_async(25, b_compute);
  ASSERT_GT(short_one, 0);
  (void)app_core_task_set_owner(short_one, b.owner); /* false if it has already finished */

  ASSERT_TRUE(vm_host_notify_exit(a.exit_port, a.owner));
  expect_outcome_kind(a_wait, APP_CORE_MESSAGE_CANCELLED);    /* an hour before its timer */
  expect_outcome_kind(a_compute, APP_CORE_MESSAGE_CANCELLED); /* the computation returned */
  int32_t stopped_at = spinner_progress(&a_work);

  vm_outcome outcome = vm_host_await_outcome(b_compute, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_EQ(outcome.int_value, 75025);
  vm_outcome_free(&outcome);
  expect_live_then_cancel(b_waiting, b_wait);
  expect_live_then_cancel(unowned, none_wait);
  ASSERT_EQ(spinner_progress(&a_work), stopped_at);
  stop_host();
}

TEST(second_init_and_exit_of_another_isolate_leave_tasks_alone) {
  start_host();
  isolate a = register_isolate();
  Dart_Port a_wait = vm_host_open_port(), a_compute = vm_host_open_port();
  int64_t waiting = owned(&a, waiting_task(a_wait));
  int64_t computing = app_core_fibonacci_async(27, a_compute);
  ASSERT_GT(computing, 0);
  (void)app_core_task_set_owner(computing, a.owner);        /* false if it has already finished */
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data()), 0); /* isolate B starts */
  isolate b = register_isolate();
  ASSERT_TRUE(vm_host_notify_exit(b.exit_port, b.owner)); /* and ends */
  expect_outcome_kind(a_compute, APP_CORE_MESSAGE_VALUE);
  expect_live_then_cancel(waiting, a_wait);
  stop_host();
}

TEST(exit_of_unknown_owner_or_other_messages_changes_nothing) {
  start_host();
  isolate a = register_isolate();
  Dart_Port port = vm_host_open_port();
  int64_t id = owned(&a, waiting_task(port));
  ASSERT_TRUE(vm_host_notify_exit(a.exit_port, a.owner + 1000));
  ASSERT_TRUE(vm_host_notify_exit(a.exit_port, INT64_C(1) << 40)); /* arrives as kInt64 */
  ASSERT_TRUE(vm_host_notify_exit(a.exit_port, 0));
  ASSERT_TRUE(vm_host_notify_exit(a.exit_port, -a.owner));
  Dart_CObject text = {.type = Dart_CObject_kString, .value.as_string = "1"};
  Dart_CObject *items[] = {&text};
  Dart_CObject array = {.type = Dart_CObject_kArray};
  array.value.as_array.length = 1;
  array.value.as_array.values = items;
  ASSERT_TRUE(app_core__dart_post(a.exit_port, &text));
  ASSERT_TRUE(app_core__dart_post(a.exit_port, &array));
  expect_live_then_cancel(id, port);
  stop_host();
}

TEST(exit_of_a_large_owner_id_arrives_as_int64) {
  start_host();
  isolate a = register_isolate();
  Dart_Port port = vm_host_open_port();
  int64_t id = waiting_task(port);
  /* Owner ids above 2^31 arrive as kInt64: the handler reads both widths. */
  Dart_CObject response = {.type = Dart_CObject_kInt64, .value.as_int64 = a.owner};
  ASSERT_TRUE(app_core_task_set_owner(id, a.owner));
  ASSERT_TRUE(app_core__dart_post(a.exit_port, &response));
  expect_outcome_kind(port, APP_CORE_MESSAGE_CANCELLED);
  stop_host();
}

TEST(exit_after_shutdown_goes_nowhere_and_register_reopens) {
  start_host();
  isolate a = register_isolate();
  app_core_shutdown();
  ASSERT_FALSE(vm_host_notify_exit(a.exit_port, a.owner)); /* the port is closed */
  isolate b = register_isolate();
  ASSERT_NE(b.exit_port, a.exit_port);
  Dart_Port port = vm_host_open_port();
  (void)owned(&b, waiting_task(port));
  ASSERT_TRUE(vm_host_notify_exit(b.exit_port, b.owner));
  expect_outcome_kind(port, APP_CORE_MESSAGE_CANCELLED);
  stop_host();
}

TEST(many_isolates_each_end_their_own) {
  enum { ISOLATES = 64 };
  start_host();
  isolate isolates[ISOLATES];
  Dart_Port ports[ISOLATES];
  int64_t ids[ISOLATES];
  for (size_t i = 0; i < ISOLATES; i++) {
    isolates[i] = register_isolate();
    ports[i] = vm_host_open_port();
    ids[i] = owned(&isolates[i], waiting_task(ports[i]));
  }
  for (size_t i = 0; i < ISOLATES; i += 2) ASSERT_TRUE(vm_host_notify_exit(isolates[i].exit_port, isolates[i].owner));
  for (size_t i = 0; i < ISOLATES; i++) {
    if (i % 2 == 0) {
      expect_outcome_kind(ports[i], APP_CORE_MESSAGE_CANCELLED);
    } else {
      expect_live_then_cancel(ids[i], ports[i]);
    }
  }
  stop_host();
}

/* ---- an exit touches only its own isolate's tasks --------------------------- */

enum { OWNERS = 40, OWN_TASKS = 8, LOOSE_TASKS = 200 };

static void never_runs(app_core__task *task) { app_core__task_set_int(task, 0); }

typedef struct crowd {
  isolate isolates[OWNERS];
  Dart_Port ports[OWNERS][OWN_TASKS];
  Dart_Port loose[LOOSE_TASKS]; /* tasks of no isolate */
} crowd;

/* OWNERS isolates with OWN_TASKS waiting tasks each, and LOOSE_TASKS more. */
static crowd *gather_crowd(void) {
  crowd *c = calloc(1, sizeof *c);
  ASSERT_NOT_NULL(c);
  for (size_t i = 0; i < OWNERS; i++) {
    c->isolates[i] = register_isolate();
    for (size_t j = 0; j < OWN_TASKS; j++) {
      c->ports[i][j] = vm_host_open_port();
      (void)owned(&c->isolates[i], app_core__task_start_int(never_runs, c->ports[i][j], 0, AN_HOUR_NS));
    }
  }
  for (size_t k = 0; k < LOOSE_TASKS; k++) {
    c->loose[k] = vm_host_open_port();
    ASSERT_GT(app_core__task_start_int(never_runs, c->loose[k], 0, AN_HOUR_NS), 0);
  }
  return c;
}

/* Every task of `ended` got [2]; no other task got anything. */
static void expect_only_ended_cancelled(const crowd *c, size_t ended) {
  for (size_t j = 0; j < OWN_TASKS; j++) expect_outcome_kind(c->ports[ended][j], APP_CORE_MESSAGE_CANCELLED);
  for (size_t i = 0; i < OWNERS; i++) {
    for (size_t j = 0; i != ended && j < OWN_TASKS; j++) ASSERT_UINT_EQ(vm_host_pending(c->ports[i][j]), 0);
  }
  for (size_t k = 0; k < LOOSE_TASKS; k++) ASSERT_UINT_EQ(vm_host_pending(c->loose[k]), 0);
}

TEST(exit_among_many_isolates_cancels_exactly_its_own_tasks) {
  start_host();
  crowd *c = gather_crowd();
  ASSERT_TRUE(vm_host_notify_exit(c->isolates[OWNERS / 2].exit_port, c->isolates[OWNERS / 2].owner));
  expect_only_ended_cancelled(c, OWNERS / 2);
  ASSERT_TRUE(vm_host_notify_exit(c->isolates[0].exit_port, c->isolates[0].owner));
  expect_only_ended_cancelled(c, 0);
  stop_host();
  free(c);
}

/* The exit handler's cancel looks at the ending isolate's own tasks, not at
 * every live task: the visits it reports equal the isolate's task count. */
TEST(exit_visits_only_that_isolates_tasks) {
  start_host();
  crowd *c = gather_crowd();
  ASSERT_UINT_EQ(app_core__runtime_cancel_owner(c->isolates[3].owner), OWN_TASKS);
  expect_only_ended_cancelled(c, 3);
  ASSERT_UINT_EQ(app_core__runtime_cancel_owner(c->isolates[3].owner), 0); /* all answered and gone */
  ASSERT_UINT_EQ(app_core__runtime_cancel_owner(c->isolates[OWNERS - 1].owner + 1000), 0);
  stop_host();
  free(c);
}

/* Register, start, set the owner, cancel and exit, on several threads at once
 * (for TSan); every task still ends with exactly one final message. */
enum { RACERS = 4, ROUNDS = 50 };

static void race(void *arg) {
  (void)arg;
  for (int round = 0; round < ROUNDS; round++) {
    isolate self = register_isolate();
    Dart_Port wait = vm_host_open_port(), compute = vm_host_open_port();
    int64_t waiting = waiting_task(wait);
    int64_t computing = app_core_fibonacci_async(80, compute);
    ASSERT_TRUE(computing > 0);
    (void)app_core_task_set_owner(waiting, self.owner);
    if (round % 2 == 0) (void)app_core_cancel(computing);
    (void)app_core_task_set_owner(computing, self.owner);
    ASSERT_TRUE(vm_host_notify_exit(self.exit_port, self.owner));
    expect_outcome_kind(wait, APP_CORE_MESSAGE_CANCELLED);
    expect_outcome_kind(compute, APP_CORE_MESSAGE_CANCELLED);
    vm_host_close_port(wait);
    vm_host_close_port(compute);
  }
}

TEST(register_exit_and_cancel_race_cleanly) {
  start_host();
  app_core__thread threads[RACERS];
  for (size_t i = 0; i < RACERS; i++) ASSERT_TRUE(app_core__thread_create(&threads[i], race, NULL));
  for (size_t i = 0; i < RACERS; i++) app_core__thread_join(&threads[i]);
  stop_host();
}

/* An exit that abandons a task stuck in a read (which leaves its owner's
 * list) still ends the owner's tasks after it in that list. */
TEST(exit_abandons_a_stuck_read_and_ends_the_rest) {
  start_host();
  isolate a = register_isolate();
  const char *path = "app_core_test_exit_stuck.bin";
  write_pattern_file(path, UINT64_C(1) << 20, NULL);
  Dart_Port first_wait = vm_host_open_port(), stuck_port = vm_host_open_port(), last_wait = vm_host_open_port();
  (void)owned(&a, waiting_task(first_wait));
  stall_reads();
  (void)owned(&a, app_core_sha256_file_async(path, stuck_port)); /* cannot finish while its read is held */
  await_stalled_reads(1);
  (void)owned(&a, waiting_task(last_wait)); /* the owner's list: last, stuck, first */
  ASSERT_TRUE(vm_host_notify_exit(a.exit_port, a.owner));
  expect_outcome_kind(last_wait, APP_CORE_MESSAGE_CANCELLED);
  expect_outcome_kind(stuck_port, APP_CORE_MESSAGE_CANCELLED);
  expect_outcome_kind(first_wait, APP_CORE_MESSAGE_CANCELLED);
  ASSERT_EQ(app_core__runtime_abandoned_threads(), 1);
  release_stalled_reads();
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

/* The worker stuck in a read had answered another task of the same owner
 * just before (it stays in the table and its owner's list until that
 * worker's next lock hold). An exit that abandons the stuck one must still
 * reach every task after it in the list: last, stuck, answered, first. */
TEST(exit_reaches_every_task_past_a_stuck_workers_answered_one) {
  ASSERT_TRUE(app_core_set_worker_count(1));
  start_host();
  isolate a = register_isolate();
  const char *path = "app_core_test_exit_answered.bin";
  write_pattern_file(path, UINT64_C(1) << 20, NULL);
  Dart_Port first_wait = vm_host_open_port(), blocker_port = vm_host_open_port();
  Dart_Port answered_port = vm_host_open_port(), stuck_port = vm_host_open_port();
  (void)owned(&a, waiting_task(first_wait));
  stall_reads();
  int64_t blocker = app_core_sha256_file_async(path, blocker_port); /* holds the one worker */
  ASSERT_GT(blocker, 0);
  await_stalled_reads(1);
  (void)owned(&a, app_core_fibonacci_async(10, answered_port));  /* queued behind the blocker */
  (void)owned(&a, app_core_sha256_file_async(path, stuck_port)); /* then this: one batch */
  ASSERT_TRUE(app_core_cancel(blocker)); /* the successor takes both: answers one, sticks in the other */
  expect_outcome_kind(blocker_port, APP_CORE_MESSAGE_CANCELLED);
  expect_outcome_kind(answered_port, APP_CORE_MESSAGE_VALUE);
  await_stalled_reads(2);
  ASSERT_TRUE(vm_host_notify_exit(a.exit_port, a.owner));
  expect_outcome_kind(stuck_port, APP_CORE_MESSAGE_CANCELLED);
  expect_outcome_kind(first_wait, APP_CORE_MESSAGE_CANCELLED); /* an hour before its timer */
  release_stalled_reads();
  ASSERT_EQ(remove(path), 0);
  stop_host();
}
