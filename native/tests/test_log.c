/* test_log.c: app_core_log and its listeners, with the test host playing the
 * VM's NativeCallable.listener (vm_callable.h): the wakeup returns at once and
 * its function runs later on this, the "isolate", thread. Every test ends
 * with no call of a closed callable and no isolate-local call off-thread. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "async_support.h"
#include "core/dart_api.h"
#include "core/log.h"
#include "core/platform.h"
#include "test.h"
#include "vm_callable.h"

/* A Dart isolate listening to the log, as lib/src/native_log.dart does it. */
typedef struct dart_listener {
  vm_host_callable *callable;
  int64_t id;
  int64_t wakeups;          /* wakeup functions run on the isolate thread */
  int64_t records, dropped; /* drained so far */
  int64_t last_sequence;
  char last_message[APP_CORE_LOG_MESSAGE_MAX];
  int32_t last_level;
} dart_listener;

static void on_wakeup(void *context, int64_t listener) {
  dart_listener *self = context;
  ASSERT_EQ(listener, self->id);
  self->wakeups++;
}

static dart_listener *listen_at(int32_t min_level, int64_t owner) {
  dart_listener *self = calloc(1, sizeof *self);
  ASSERT_TRUE(self != NULL);
  self->callable = vm_host_listener_new(on_wakeup, self);
  ASSERT_TRUE(self->callable != NULL);
  self->id = app_core_log_listen(min_level, vm_host_listener_function(self->callable), owner);
  ASSERT_GT(self->id, 0);
  return self;
}

/* Drains the queue until app_core_log_next says empty (which re-arms). */
static int64_t drain(dart_listener *self) {
  int64_t got = 0;
  app_core_log_record record;
  while (app_core_log_next(self->id, &record)) {
    ASSERT_TRUE(record.message != NULL);
    ASSERT_GT(record.sequence, self->last_sequence);
    self->last_sequence = record.sequence;
    self->dropped += record.dropped;
    self->last_level = record.level;
    snprintf(self->last_message, sizeof self->last_message, "%s", record.message);
    app_core_string_free(record.message);
    got++;
  }
  ASSERT_TRUE(record.message == NULL);
  self->records += got;
  return got;
}

/* The order the header demands: unlisten, then close. */
static void stop_listening(dart_listener *self) {
  ASSERT_TRUE(app_core_log_unlisten(self->id));
  vm_host_callable_close(self->callable);
  free(self);
}

static void expect_no_undefined_behaviour(void) {
  vm_host_callable_stats stats = vm_host_get_callable_stats();
  ASSERT_UINT_EQ(stats.calls_after_close, 0);
  ASSERT_UINT_EQ(stats.wrong_thread, 0);
}

TEST(nobody_listening_queues_nothing) {
  app_core_log(APP_CORE_LOG_ERROR, "nobody hears %d", 1);
  dart_listener *self = listen_at(APP_CORE_LOG_WARNING, 0);
  app_core_log(APP_CORE_LOG_INFO, "below the level");
  ASSERT_UINT_EQ(vm_host_pending_listener_calls(), 0);
  ASSERT_EQ(drain(self), 0); /* the ERROR before listening is not replayed */
  stop_listening(self);
  ASSERT_EQ(app_core__log_listener_count(), 0);
  expect_no_undefined_behaviour();
}

TEST(wakeup_returns_at_once_and_runs_later_on_the_isolate) {
  dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, 0);
  app_core_log(APP_CORE_LOG_WARNING, "disk %s is %d%% full", "/data", 97);
  ASSERT_EQ(self->wakeups, 0); /* the call returned; the function has not run */
  ASSERT_UINT_EQ(vm_host_pending_listener_calls(), 1);
  ASSERT_UINT_EQ(vm_host_run_listener_calls(5000 * MS), 1);
  ASSERT_EQ(self->wakeups, 1);
  ASSERT_EQ(drain(self), 1);
  ASSERT_STR_EQ(self->last_message, "disk /data is 97% full");
  ASSERT_EQ(self->last_level, APP_CORE_LOG_WARNING);
  stop_listening(self);
  expect_no_undefined_behaviour();
}

TEST(one_wakeup_per_drain) {
  dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, 0);
  for (int i = 0; i < 5; i++) app_core_log(APP_CORE_LOG_INFO, "record %d", i);
  ASSERT_UINT_EQ(vm_host_pending_listener_calls(), 1); /* not five */
  ASSERT_UINT_EQ(vm_host_run_listener_calls(5000 * MS), 1);
  app_core_log(APP_CORE_LOG_INFO, "before the drain");
  ASSERT_UINT_EQ(vm_host_pending_listener_calls(), 0); /* still disarmed */
  ASSERT_EQ(drain(self), 6);
  app_core_log(APP_CORE_LOG_INFO, "after the drain");
  ASSERT_UINT_EQ(vm_host_pending_listener_calls(), 1); /* re-armed by the empty read */
  ASSERT_UINT_EQ(vm_host_run_listener_calls(5000 * MS), 1);
  ASSERT_EQ(drain(self), 1);
  stop_listening(self);
  expect_no_undefined_behaviour();
}

TEST(flood_keeps_the_newest_and_counts_the_dropped) {
  dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, 0);
  const int total = APP_CORE_LOG_QUEUE_CAPACITY + 100;
  for (int i = 0; i < total; i++) app_core_log(APP_CORE_LOG_DEBUG, "flood %d", i);
  app_core_log_record first;
  ASSERT_TRUE(app_core_log_next(self->id, &first));
  ASSERT_EQ(first.dropped, 100);
  ASSERT_STR_EQ(first.message, "flood 100");
  self->last_sequence = first.sequence;
  app_core_string_free(first.message);
  ASSERT_EQ(drain(self), APP_CORE_LOG_QUEUE_CAPACITY - 1);
  ASSERT_EQ(self->dropped, 0); /* only the head carried a count */
  ASSERT_STR_EQ(self->last_message, "flood 355");
  ASSERT_EQ(self->last_sequence - first.sequence, APP_CORE_LOG_QUEUE_CAPACITY - 1); /* no gap after it */
  ASSERT_UINT_EQ(vm_host_run_listener_calls(5000 * MS), 1);                         /* one wakeup for all */
  stop_listening(self);
  expect_no_undefined_behaviour();
}

TEST(messages_are_cut_and_made_utf8) {
  dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, 0);
  char *long_text = malloc(3000);
  ASSERT_TRUE(long_text != NULL);
  memset(long_text, 'x', 3000);
  memcpy(long_text + APP_CORE_LOG_MESSAGE_MAX - 2, "\xC3\xA9", 2); /* é cut after its first byte */
  long_text[2999] = '\0';
  app_core_log(APP_CORE_LOG_INFO, "%s", long_text);
  app_core_log(APP_CORE_LOG_INFO, "bad \xFF byte, good \xC3\xA9");
  app_core_log(APP_CORE_LOG_INFO, NULL); /* ignored */
  app_core_log_record record;
  ASSERT_TRUE(app_core_log_next(self->id, &record));
  ASSERT_UINT_EQ(strlen(record.message), APP_CORE_LOG_MESSAGE_MAX - 1);
  ASSERT_EQ(record.message[APP_CORE_LOG_MESSAGE_MAX - 2], '?');
  app_core_string_free(record.message);
  ASSERT_TRUE(app_core_log_next(self->id, &record));
  ASSERT_STR_EQ(record.message, "bad ? byte, good \xC3\xA9");
  app_core_string_free(record.message);
  ASSERT_FALSE(app_core_log_next(self->id, &record));
  free(long_text);
  stop_listening(self);
  expect_no_undefined_behaviour();
}

TEST(several_isolates_each_get_every_record_at_their_level) {
  dart_listener *all = listen_at(APP_CORE_LOG_DEBUG, 0), *errors = listen_at(APP_CORE_LOG_ERROR, 0);
  app_core_log(APP_CORE_LOG_DEBUG, "d");
  app_core_log(APP_CORE_LOG_ERROR, "e");
  ASSERT_UINT_EQ(vm_host_run_listener_calls(5000 * MS), 2);
  ASSERT_EQ(all->wakeups, 1);
  ASSERT_EQ(errors->wakeups, 1);
  ASSERT_EQ(drain(all), 2);
  ASSERT_EQ(drain(errors), 1);
  ASSERT_STR_EQ(errors->last_message, "e");
  stop_listening(errors);
  app_core_log(APP_CORE_LOG_DEBUG, "only one left");
  ASSERT_EQ(drain(all), 1);
  stop_listening(all);
  expect_no_undefined_behaviour();
}

TEST(queued_wakeups_of_a_closed_listener_are_dropped_without_leaks) {
  dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, 0);
  app_core_log(APP_CORE_LOG_INFO, "still queued in C");
  app_core_log(APP_CORE_LOG_INFO, "and this one");
  ASSERT_UINT_EQ(vm_host_pending_listener_calls(), 1);
  int64_t id = self->id;
  stop_listening(self); /* frees both records; the wakeup message is still queued */
  ASSERT_UINT_EQ(vm_host_run_listener_calls(5000 * MS), 0);
  ASSERT_UINT_EQ(vm_host_get_callable_stats().listener_dropped, 1);
  app_core_log_record record;
  ASSERT_FALSE(app_core_log_next(id, &record)); /* unknown now */
  ASSERT_FALSE(app_core_log_unlisten(id));      /* a second unlisten is refused */
  expect_no_undefined_behaviour();
}

TEST(listen_and_next_refuse_bad_arguments) {
  ASSERT_EQ(app_core_log_listen(APP_CORE_LOG_DEBUG, NULL, 0), 0);
  ASSERT_FALSE(app_core_log_next(1, NULL));
  ASSERT_FALSE(app_core_log_unlisten(0));
  ASSERT_FALSE(app_core_log_unlisten(-5));
  app_core_log_record record;
  memset(&record, 0x55, sizeof record);
  ASSERT_FALSE(app_core_log_next(12345, &record));
  ASSERT_TRUE(record.message == NULL); /* zeroed */
  ASSERT_EQ(record.sequence, 0);
}

/* ---- unregister, then close: with threads logging all the while --------- */

typedef struct logger {
  app_core__thread thread;
  volatile int32_t stop;
} logger;

static void log_until_stopped(void *arg) {
  logger *self = arg;
  int64_t n = 0;
  while (!app_core__atomic_load_acquire_i32(&self->stop)) app_core_log(APP_CORE_LOG_INFO, "busy %lld", (long long)n++);
}

static void start_loggers(logger *loggers, int count) {
  for (int i = 0; i < count; i++) {
    loggers[i].stop = 0;
    ASSERT_TRUE(app_core__thread_create(&loggers[i].thread, log_until_stopped, &loggers[i]));
  }
}

static void stop_loggers(logger *loggers, int count) {
  for (int i = 0; i < count; i++) app_core__atomic_store_release_i32(&loggers[i].stop, 1);
  for (int i = 0; i < count; i++) app_core__thread_join(&loggers[i].thread);
}

TEST(unlisten_then_close_never_calls_a_closed_callable) {
  logger loggers[2];
  start_loggers(loggers, 2);
  for (int round = 0; round < 20; round++) {
    dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, 0);
    (void)vm_host_run_listener_calls(5000 * MS * slow_factor()); /* the loggers woke it */
    (void)drain(self);
    stop_listening(self); /* close() right after unlisten returned, loggers still running */
  }
  stop_loggers(loggers, 2);
  (void)vm_host_run_listener_calls(0);
  ASSERT_EQ(app_core__log_listener_count(), 0);
  expect_no_undefined_behaviour();
}

TEST(closing_before_unlisten_is_caught_by_the_host) {
  /* The wrong order, to show the host catches it: the VM would call freed
   * trampoline memory here. */
  dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, 0);
  vm_host_callable_close(self->callable);
  app_core_log(APP_CORE_LOG_INFO, "to a closed callable");
  ASSERT_UINT_EQ(vm_host_get_callable_stats().calls_after_close, 1);
  ASSERT_TRUE(app_core_log_unlisten(self->id));
  free(self);
}

/* ---- hot restart: the isolate ends without unlistening ------------------ */

static int64_t register_owner(Dart_Port *exit_port) {
  Dart_Port reply = vm_host_open_port();
  int64_t owner = app_core_isolate_register(reply);
  ASSERT_GT(owner, 0);
  vm_value *message = NULL;
  ASSERT_TRUE(vm_host_receive(reply, 5000 * MS, &message));
  *exit_port = message->value.as_array.items[1].value.as_int;
  vm_value_free(message);
  vm_host_close_port(reply);
  return owner;
}

TEST(isolate_exit_removes_only_its_listeners) {
  start_host();
  Dart_Port exit_port = 0;
  int64_t old_isolate = register_owner(&exit_port), other_isolate = register_owner(&exit_port);
  dart_listener *dead = listen_at(APP_CORE_LOG_DEBUG, old_isolate);
  dart_listener *alive = listen_at(APP_CORE_LOG_DEBUG, other_isolate);
  ASSERT_TRUE(vm_host_notify_exit(exit_port, old_isolate)); /* the handler runs before this returns */
  ASSERT_EQ(app_core__log_listener_count(), 1);
  /* The VM frees a dead isolate's callables without close() being called. */
  vm_host_callable_close(dead->callable);
  app_core_log(APP_CORE_LOG_ERROR, "after the restart");
  ASSERT_UINT_EQ(vm_host_run_listener_calls(5000 * MS), 1);
  ASSERT_EQ(alive->wakeups, 1);
  ASSERT_EQ(dead->wakeups, 0);
  ASSERT_FALSE(app_core_log_unlisten(dead->id)); /* already gone */
  free(dead);
  stop_listening(alive);
  stop_host();
  expect_no_undefined_behaviour();
}

/* ---- what the core itself logs ------------------------------------------- */

static bool drain_until_contains(dart_listener *self, const char *needle, uint64_t timeout_ns) {
  uint64_t deadline = app_core__now_ns() + timeout_ns;
  while (app_core__now_ns() < deadline) {
    app_core_log_record record;
    while (app_core_log_next(self->id, &record)) {
      bool found = strstr(record.message, needle) != NULL;
      app_core_string_free(record.message);
      if (found) return true;
    }
    (void)vm_host_run_listener_calls(10 * MS);
  }
  return false;
}

TEST(a_failure_nobody_reads_is_logged) {
  start_host();
  dart_listener *self = listen_at(APP_CORE_LOG_WARNING, 0);
  Dart_Port port = vm_host_open_port();
  vm_host_close_port(port); /* the isolate stopped listening */
  ASSERT_GT(app_core_fibonacci_async(-1, port), 0);
  ASSERT_TRUE(drain_until_contains(self, "failed with INVALID_ARGUMENT", 5000 * MS * slow_factor()));
  stop_listening(self);
  stop_host();
  expect_no_undefined_behaviour();
}

TEST(shutdown_is_logged) {
  start_host();
  dart_listener *self = listen_at(APP_CORE_LOG_INFO, 0);
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fibonacci_async(3, port), 0); /* starts the runtime */
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS * slow_factor());
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  vm_outcome_free(&outcome);
  app_core_shutdown();
  ASSERT_TRUE(drain_until_contains(self, "runtime shut down", 5000 * MS * slow_factor()));
  stop_listening(self);
  stop_host();
  expect_no_undefined_behaviour();
}
