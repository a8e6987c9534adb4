/* test_log.c: app_core_log and its listeners, with the test host playing the
 * VM: each listener is a port of its own host "isolate" (a RawReceivePort in
 * Dart); a wakeup is the listener id posted there, received on this, the
 * "isolate", thread. A closed port or isolate refuses posts as a dead
 * isolate's port does. Leaks are for ASan and valgrind to find. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "async_support.h"
#include "core/dart_api.h"
#include "core/log.h"
#include "core/platform.h"
#include "dart_vm_host.h"
#include "test.h"

/* A Dart isolate listening to the log, as lib/src/native_log.dart does it. */
typedef struct dart_listener {
  vm_host_isolate *isolate;
  Dart_Port port;
  int64_t id;
  int64_t wakeups;          /* wakeup messages received */
  int64_t records, dropped; /* drained so far */
  int64_t last_sequence;
  char last_message[APP_CORE_LOG_MESSAGE_MAX];
  int32_t last_level;
} dart_listener;

static dart_listener *listen_at(int32_t min_level, int64_t owner) {
  dart_listener *self = calloc(1, sizeof *self);
  ASSERT_TRUE(self != NULL);
  self->isolate = vm_host_open_isolate();
  ASSERT_TRUE(self->isolate != NULL);
  self->port = vm_host_open_port_in(self->isolate);
  ASSERT_GT(self->port, 0);
  self->id = app_core_log_listen(min_level, self->port, owner);
  ASSERT_GT(self->id, 0);
  return self;
}

/* Wakeups queued for the listener and not yet received. */
static size_t pending_wakeups(const dart_listener *self) { return vm_host_pending(self->port); }

/* Receives every queued wakeup (waiting up to timeout_ns for the first); each
 * must be this listener's id, an int, as RawReceivePort's handler gets it. */
static int64_t receive_wakeups(dart_listener *self, uint64_t timeout_ns) {
  int64_t got = 0;
  Dart_Port port = 0;
  vm_value *message = NULL;
  while (vm_host_receive_any(self->isolate, got == 0 ? timeout_ns : 0, &port, &message)) {
    ASSERT_EQ(port, self->port);
    ASSERT_EQ(message->type, Dart_CObject_kInt64);
    ASSERT_EQ(message->value.as_int, self->id);
    vm_value_free(message);
    got++;
  }
  self->wakeups += got;
  return got;
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

/* The isolate ends (or Dart closes the port): later posts are refused. */
static void end_isolate(dart_listener *self) {
  vm_host_close_isolate(self->isolate);
  self->isolate = NULL;
}

/* The order the header demands: unlisten, then close the port. */
static void stop_listening(dart_listener *self) {
  ASSERT_TRUE(app_core_log_unlisten(self->id));
  vm_host_close_isolate(self->isolate);
  free(self);
}

TEST(nobody_listening_queues_nothing) {
  start_host();
  app_core_log(APP_CORE_LOG_ERROR, "nobody hears %d", 1);
  dart_listener *self = listen_at(APP_CORE_LOG_WARNING, 0);
  app_core_log(APP_CORE_LOG_INFO, "below the level");
  ASSERT_UINT_EQ(pending_wakeups(self), 0);
  ASSERT_EQ(drain(self), 0); /* the ERROR before listening is not replayed */
  stop_listening(self);
  ASSERT_EQ(app_core__log_listener_count(), 0);
  stop_host();
}

TEST(wakeup_is_the_listener_id_posted_to_its_port) {
  start_host();
  dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, 0);
  app_core_log(APP_CORE_LOG_WARNING, "disk %s is %d%% full", "/data", 97);
  ASSERT_UINT_EQ(pending_wakeups(self), 1);
  ASSERT_EQ(receive_wakeups(self, 5000 * MS), 1);
  ASSERT_EQ(drain(self), 1);
  ASSERT_STR_EQ(self->last_message, "disk /data is 97% full");
  ASSERT_EQ(self->last_level, APP_CORE_LOG_WARNING);
  stop_listening(self);
  stop_host();
}

TEST(one_wakeup_per_drain) {
  start_host();
  dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, 0);
  for (int i = 0; i < 5; i++) app_core_log(APP_CORE_LOG_INFO, "record %d", i);
  ASSERT_UINT_EQ(pending_wakeups(self), 1); /* not five */
  ASSERT_EQ(receive_wakeups(self, 5000 * MS), 1);
  app_core_log(APP_CORE_LOG_INFO, "before the drain");
  ASSERT_UINT_EQ(pending_wakeups(self), 0); /* still disarmed */
  ASSERT_EQ(drain(self), 6);
  app_core_log(APP_CORE_LOG_INFO, "after the drain");
  ASSERT_UINT_EQ(pending_wakeups(self), 1); /* re-armed by the empty read */
  ASSERT_EQ(receive_wakeups(self, 5000 * MS), 1);
  ASSERT_EQ(drain(self), 1);
  stop_listening(self);
  stop_host();
}

TEST(flood_keeps_the_newest_and_counts_the_dropped) {
  start_host();
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
  ASSERT_EQ(receive_wakeups(self, 5000 * MS), 1);                                   /* one wakeup for all */
  stop_listening(self);
  stop_host();
}

TEST(messages_are_cut_and_made_utf8) {
  start_host();
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
  stop_host();
}

TEST(several_isolates_each_get_every_record_at_their_level) {
  start_host();
  dart_listener *all = listen_at(APP_CORE_LOG_DEBUG, 0), *errors = listen_at(APP_CORE_LOG_ERROR, 0);
  app_core_log(APP_CORE_LOG_DEBUG, "d");
  app_core_log(APP_CORE_LOG_ERROR, "e");
  ASSERT_EQ(receive_wakeups(all, 5000 * MS), 1);
  ASSERT_EQ(receive_wakeups(errors, 5000 * MS), 1);
  ASSERT_EQ(drain(all), 2);
  ASSERT_EQ(drain(errors), 1);
  ASSERT_STR_EQ(errors->last_message, "e");
  stop_listening(errors);
  app_core_log(APP_CORE_LOG_DEBUG, "only one left");
  ASSERT_EQ(drain(all), 1);
  stop_listening(all);
  stop_host();
}

TEST(unlisten_frees_the_queue_and_a_queued_wakeup_is_only_an_id) {
  start_host();
  dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, 0);
  app_core_log(APP_CORE_LOG_INFO, "still queued in C");
  app_core_log(APP_CORE_LOG_INFO, "and this one");
  int64_t id = self->id;
  ASSERT_TRUE(app_core_log_unlisten(id));         /* frees both records */
  ASSERT_EQ(receive_wakeups(self, 5000 * MS), 1); /* still delivered: Dart ignores an old id */
  app_core_log_record record;
  ASSERT_FALSE(app_core_log_next(id, &record)); /* unknown now */
  ASSERT_FALSE(app_core_log_unlisten(id));      /* a second unlisten is refused */
  app_core_log(APP_CORE_LOG_INFO, "after the unlisten");
  ASSERT_UINT_EQ(pending_wakeups(self), 0);
  vm_host_close_isolate(self->isolate);
  free(self);
  stop_host();
}

TEST(listen_and_next_refuse_bad_arguments) {
  start_host();
  ASSERT_EQ(app_core_log_listen(APP_CORE_LOG_DEBUG, 0, 0), 0); /* no port */
  app_core__dart_api_reset();
  ASSERT_EQ(app_core_log_listen(APP_CORE_LOG_DEBUG, vm_host_open_port(), 0), 0); /* nowhere to post yet */
  ASSERT_FALSE(app_core_log_next(1, NULL));
  ASSERT_FALSE(app_core_log_unlisten(0));
  ASSERT_FALSE(app_core_log_unlisten(-5));
  app_core_log_record record;
  memset(&record, 0x55, sizeof record);
  ASSERT_FALSE(app_core_log_next(12345, &record));
  ASSERT_TRUE(record.message == NULL); /* zeroed */
  ASSERT_EQ(record.sequence, 0);
  ASSERT_EQ(app_core__log_listener_count(), 0);
  stop_host();
}

TEST(a_closed_port_removes_its_listener_and_frees_its_records) {
  start_host();
  dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, 0);
  ASSERT_EQ(app_core__log_listener_count(), 1);
  uint64_t refused = vm_host_get_stats().posts_rejected;
  end_isolate(self); /* closed without unlistening: the wrong order, or a dead isolate */
  app_core_log(APP_CORE_LOG_INFO, "to a closed port");
  ASSERT_UINT_EQ(vm_host_get_stats().posts_rejected, refused + 1); /* refused, nothing called */
  ASSERT_EQ(app_core__log_listener_count(), 0);                    /* removed, record freed */
  app_core_log(APP_CORE_LOG_INFO, "nobody left");
  ASSERT_UINT_EQ(vm_host_get_stats().posts_rejected, refused + 1); /* not posted again */
  app_core_log_record record;
  ASSERT_FALSE(app_core_log_next(self->id, &record));
  ASSERT_FALSE(app_core_log_unlisten(self->id));
  free(self);
  stop_host();
}

/* ---- unlisten racing loggers: no post once it returned ------------------ */

typedef struct logger {
  app_core__thread thread;
  volatile int32_t stop;
  volatile int32_t calls; /* app_core_log calls returned, wrapping */
} logger;

static void log_until_stopped(void *arg) {
  logger *self = arg;
  int64_t n = 0;
  while (!app_core__atomic_load_acquire_i32(&self->stop)) {
    app_core_log(APP_CORE_LOG_INFO, "busy %lld", (long long)n++);
    app_core__atomic_store_release_i32(&self->calls, (int32_t)(n & 0x3fffffff));
  }
}

static void start_loggers(logger *loggers, int count) {
  for (int i = 0; i < count; i++) {
    loggers[i].stop = 0;
    loggers[i].calls = 0;
    ASSERT_TRUE(app_core__thread_create(&loggers[i].thread, log_until_stopped, &loggers[i]));
  }
}

/* Waits until every logger has begun and finished a whole app_core_log call
 * after this point: each count moved by two. */
static void wait_for_whole_log_calls(logger *loggers, int count) {
  uint64_t deadline = app_core__now_ns() + HUNG_AFTER_NS;
  for (int i = 0; i < count; i++) {
    int32_t start = app_core__atomic_load_acquire_i32(&loggers[i].calls);
    while (((app_core__atomic_load_acquire_i32(&loggers[i].calls) - start) & 0x3fffffff) < 2) {
      ASSERT_TRUE(app_core__now_ns() < deadline); /* hung */
      app_core__sleep_ns(100 * 1000);
    }
  }
}

static void stop_loggers(logger *loggers, int count) {
  for (int i = 0; i < count; i++) app_core__atomic_store_release_i32(&loggers[i].stop, 1);
  for (int i = 0; i < count; i++) app_core__thread_join(&loggers[i].thread);
}

TEST(no_wakeup_is_posted_after_unlisten_returns) {
  start_host();
  logger loggers[2];
  start_loggers(loggers, 2);
  for (int round = 0; round < 20; round++) {
    dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, 0);
    ASSERT_GT(receive_wakeups(self, HUNG_AFTER_NS), 0); /* the loggers woke it */
    (void)drain(self);                                  /* re-arms it (or the loggers refilled it): the race is on */
    ASSERT_TRUE(app_core_log_unlisten(self->id));
    size_t at_unlisten = pending_wakeups(self);
    wait_for_whole_log_calls(loggers, 2);
    ASSERT_UINT_EQ(pending_wakeups(self), at_unlisten); /* nothing posted since */
    vm_host_close_isolate(self->isolate);               /* Dart closes the port after the unlisten */
    free(self);
  }
  stop_loggers(loggers, 2);
  ASSERT_EQ(app_core__log_listener_count(), 0);
  stop_host();
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
  app_core_log(APP_CORE_LOG_INFO, "before the restart"); /* both disarmed: wakeups outstanding */
  end_isolate(dead);                                     /* its wakeup dropped unread */
  app_core_log(APP_CORE_LOG_INFO, "queued for the dead one, posting nothing");
  ASSERT_EQ(app_core__log_listener_count(), 2);
  ASSERT_TRUE(vm_host_notify_exit(exit_port, old_isolate)); /* the handler runs before this returns */
  ASSERT_EQ(app_core__log_listener_count(), 1);             /* its two records freed with it */
  ASSERT_FALSE(app_core_log_unlisten(dead->id));            /* already gone */
  free(dead);
  ASSERT_EQ(receive_wakeups(alive, 5000 * MS), 1);
  ASSERT_EQ(drain(alive), 2);
  stop_listening(alive);
  stop_host();
}

/* ---- relisten: a new level or owner in place, nothing lost -------------- */

TEST(relisten_raising_the_level_stops_lower_records_and_keeps_the_queued) {
  start_host();
  dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, 0);
  app_core_log(APP_CORE_LOG_DEBUG, "queued before the change");
  ASSERT_TRUE(app_core_log_relisten(self->id, APP_CORE_LOG_WARNING, 0));
  app_core_log(APP_CORE_LOG_INFO, "below the new level");
  app_core_log(APP_CORE_LOG_ERROR, "at the new level");
  ASSERT_EQ(receive_wakeups(self, 5000 * MS), 1); /* the first record's; still disarmed after */
  ASSERT_EQ(drain(self), 2);
  ASSERT_STR_EQ(self->last_message, "at the new level");
  ASSERT_EQ(self->last_level, APP_CORE_LOG_ERROR);
  stop_listening(self);
  stop_host();
}

TEST(relisten_lowering_the_level_admits_lower_records) {
  start_host();
  dart_listener *self = listen_at(APP_CORE_LOG_ERROR, 0);
  app_core_log(APP_CORE_LOG_DEBUG, "below the old level");
  ASSERT_UINT_EQ(pending_wakeups(self), 0);
  ASSERT_TRUE(app_core_log_relisten(self->id, APP_CORE_LOG_DEBUG, 0));
  /* The only listener: unless the threshold followed, app_core_log drops
   * this before it takes the lock. */
  app_core_log(APP_CORE_LOG_DEBUG, "admitted now");
  ASSERT_EQ(receive_wakeups(self, 5000 * MS), 1); /* still armed: the same wakeup rules */
  ASSERT_EQ(drain(self), 1);
  ASSERT_STR_EQ(self->last_message, "admitted now");
  stop_listening(self);
  stop_host();
}

TEST(relisten_with_a_new_owner_is_removed_by_its_exit_not_the_olds) {
  start_host();
  Dart_Port exit_port = 0;
  int64_t old_owner = register_owner(&exit_port), new_owner = register_owner(&exit_port);
  dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, old_owner);
  ASSERT_TRUE(app_core_log_relisten(self->id, APP_CORE_LOG_DEBUG, new_owner));
  ASSERT_TRUE(vm_host_notify_exit(exit_port, old_owner)); /* the handler runs before this returns */
  ASSERT_EQ(app_core__log_listener_count(), 1);           /* not its owner any more */
  app_core_log(APP_CORE_LOG_INFO, "queued for the new owner");
  ASSERT_TRUE(vm_host_notify_exit(exit_port, new_owner));
  ASSERT_EQ(app_core__log_listener_count(), 0); /* its record freed with it */
  ASSERT_FALSE(app_core_log_unlisten(self->id));
  end_isolate(self);
  free(self);
  stop_host();
}

TEST(relisten_refuses_an_unknown_listener) {
  start_host();
  ASSERT_FALSE(app_core_log_relisten(0, APP_CORE_LOG_DEBUG, 0));
  ASSERT_FALSE(app_core_log_relisten(-5, APP_CORE_LOG_DEBUG, 0));
  ASSERT_FALSE(app_core_log_relisten(12345, APP_CORE_LOG_DEBUG, 0));
  dart_listener *self = listen_at(APP_CORE_LOG_DEBUG, 0);
  int64_t id = self->id;
  stop_listening(self);
  ASSERT_FALSE(app_core_log_relisten(id, APP_CORE_LOG_DEBUG, 0)); /* removed */
  ASSERT_EQ(app_core__log_listener_count(), 0);
  stop_host();
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
    (void)receive_wakeups(self, 10 * MS);
  }
  return false;
}

TEST(a_dead_isolates_port_closed_before_its_exit_is_handled_is_not_called) {
  /* A hot restart: the VM has torn the isolate down (its ports refuse
   * posts) but the core has not handled the exit message yet, and a task of
   * the dead isolate fails right then, which the core logs. With a
   * NativeCallable.listener as the wakeup this called a freed callable. */
  start_host();
  Dart_Port exit_port = 0;
  int64_t old_isolate = register_owner(&exit_port);
  dart_listener *dead = listen_at(APP_CORE_LOG_DEBUG, old_isolate); /* armed */
  dart_listener *witness = listen_at(APP_CORE_LOG_WARNING, 0);
  Dart_Port task_port = vm_host_open_port_in(dead->isolate);
  end_isolate(dead);
  uint64_t refused = vm_host_get_stats().posts_rejected;
  ASSERT_GT(app_core_fibonacci_async(-1, task_port), 0);
  ASSERT_TRUE(drain_until_contains(witness, "port was closed", HUNG_AFTER_NS));
  /* The task's error post and the dead listener's wakeup were refused; the
   * listener went with its record. */
  ASSERT_UINT_EQ(vm_host_get_stats().posts_rejected, refused + 2);
  ASSERT_EQ(app_core__log_listener_count(), 1);
  ASSERT_TRUE(vm_host_notify_exit(exit_port, old_isolate)); /* finds nothing left to remove */
  ASSERT_EQ(app_core__log_listener_count(), 1);
  ASSERT_FALSE(app_core_log_unlisten(dead->id));
  free(dead);
  stop_listening(witness);
  stop_host();
}

TEST(a_failure_nobody_reads_is_logged) {
  start_host();
  dart_listener *self = listen_at(APP_CORE_LOG_WARNING, 0);
  Dart_Port port = vm_host_open_port();
  vm_host_close_port(port); /* the isolate stopped listening */
  ASSERT_GT(app_core_fibonacci_async(-1, port), 0);
  ASSERT_TRUE(drain_until_contains(self, "failed with INVALID_ARGUMENT", HUNG_AFTER_NS));
  stop_listening(self);
  stop_host();
}

TEST(shutdown_is_logged) {
  start_host();
  dart_listener *self = listen_at(APP_CORE_LOG_INFO, 0);
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fibonacci_async(3, port), 0); /* starts the runtime */
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  vm_outcome_free(&outcome);
  app_core_shutdown();
  ASSERT_TRUE(drain_until_contains(self, "runtime shut down", HUNG_AFTER_NS));
  stop_listening(self);
  stop_host();
}
