/*
 * log.c: app_core_log and the listeners that carry it to Dart.
 *
 * Rules:
 *  - `threshold` is the lowest min_level of any listener (INT32_MAX with
 *    none), written under `lock` and read without it: that one relaxed load
 *    is all a record below every listener's level costs. A record that races
 *    with a listen, relisten or unlisten may be filtered by the old
 *    threshold; it is checked again under the lock against each listener's
 *    own level.
 *  - `lock` guards the listener list, every queue and the sequence counter.
 *    Wakeups are posted under it, which is what lets app_core_log_unlisten
 *    promise that no post for the listener follows its return. Nothing is
 *    called under it but malloc/free and Dart_PostCObject of an int64, which
 *    calls nothing of ours (no finalizer; a native port's handler runs later
 *    on the VM's thread pool), so it never re-enters the log. It is taken
 *    inside other locks (the runtime logs under its own), never the other
 *    way round.
 *  - A refused wakeup post means the port is closed: its isolate is gone
 *    (or Dart closed it without unlistening), so nobody will drain the
 *    queue. The listener is removed there and then, its records freed.
 *  - fork(): the child re-initialises the lock (a parent's thread may have
 *    held it) and starts with no listener (their ports are the parent's).
 *  - Each queue is a ring of APP_CORE_LOG_QUEUE_CAPACITY records; when full,
 *    the oldest is dropped and its count carried by the next oldest.
 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "dart_api.h"
#include "platform.h"
#include "string_alloc.h"
#include "utf8.h"

typedef struct listener {
  struct listener *next;
  int64_t id, owner;
  int32_t min_level;
  Dart_Port port;
  bool armed;         /* the next record posts a wakeup */
  size_t head, count; /* ring: oldest at records[head] */
  int64_t lost_alone; /* dropped while no record was left to carry the count */
  app_core_log_record records[APP_CORE_LOG_QUEUE_CAPACITY];
} listener;

static volatile int32_t threshold = INT32_MAX;

static struct {
  app_core__mutex lock;
  listener *listeners;
  int64_t last_listener, last_sequence, listener_count;
} logs;

static app_core__once logs_once = APP_CORE__ONCE_INIT;

/* What a forked child inherited: listeners whose ports belong to the
 * parent's isolates. Kept reachable, never touched (a parent's thread may
 * have been changing them when it forked). */
static listener *abandoned_by_fork;

/* In a forked child, the only thread: the lock may be held by a parent's
 * thread that does not exist here. The child starts with no listener. */
static void reset_logs_after_fork(void) {
  abandoned_by_fork = logs.listeners;
  logs.listeners = NULL;
  logs.listener_count = 0;
  app_core__mutex_init(&logs.lock);
  app_core__atomic_store_release_i32(&threshold, INT32_MAX);
}

static void init_logs(void) {
  app_core__mutex_init(&logs.lock);
  app_core__at_fork_child(reset_logs_after_fork);
}

static void lock_logs(void) {
  app_core__call_once(&logs_once, init_logs);
  app_core__mutex_lock(&logs.lock);
}

/* Under the lock. */
static void update_threshold(void) {
  int32_t lowest = INT32_MAX;
  for (listener *l = logs.listeners; l != NULL; l = l->next) {
    if (l->min_level < lowest) lowest = l->min_level;
  }
  app_core__atomic_store_release_i32(&threshold, lowest);
}

/* Bytes that are not UTF-8 (including a sequence cut by truncation) become '?'. */
static void make_utf8(char *text, size_t length) {
  size_t from = 0;
  while (from < length) {
    app_core__utf8_status status = app_core__utf8_validate(text + from, length - from);
    if (status.valid) return;
    text[from + status.offset] = '?';
    from += status.offset + 1;
  }
}

static void free_listener(listener *l) {
  for (size_t i = 0; i < l->count; i++) free(l->records[(l->head + i) % APP_CORE_LOG_QUEUE_CAPACITY].message);
  free(l);
}

/* Under the lock: posts the listener id to its port; false if refused. */
static bool post_wakeup(const listener *l) {
  Dart_CObject message;
  memset(&message, 0, sizeof message);
  message.type = Dart_CObject_kInt64;
  message.value.as_int64 = l->id;
  return app_core__dart_post(l->port, &message);
}

/* Under the lock: queues a copy of `text` for `l`, dropping the oldest record
 * when full, and wakes the listener if armed. False if the wakeup was
 * refused (the port is closed): then the caller removes the listener. */
static bool enqueue(listener *l, int32_t level, int64_t sequence, const char *text, size_t length) {
  int64_t dropped = 0;
  if (l->count == APP_CORE_LOG_QUEUE_CAPACITY) {
    app_core_log_record *oldest = &l->records[l->head];
    dropped = oldest->dropped + 1;
    free(oldest->message);
    l->head = (l->head + 1) % APP_CORE_LOG_QUEUE_CAPACITY;
    l->count--;
    if (l->count > 0) {
      l->records[l->head].dropped += dropped;
      dropped = 0;
    }
  }
  char *copy = app_core__copy_bytes(text, length);
  if (copy == NULL) {
    l->lost_alone += dropped + 1; /* out of memory: this record is lost too */
    return true;
  }
  app_core_log_record *slot = &l->records[(l->head + l->count) % APP_CORE_LOG_QUEUE_CAPACITY];
  slot->level = level;
  slot->sequence = sequence;
  slot->dropped = dropped + l->lost_alone;
  slot->message = copy;
  l->lost_alone = 0;
  l->count++;
  if (!l->armed) return true;
  l->armed = false;
  return post_wakeup(l);
}

void app_core_log(int32_t level, const char *format, ...) {
  if (level < app_core__atomic_load_relaxed_i32(&threshold) || format == NULL) return;
  char text[APP_CORE_LOG_MESSAGE_MAX];
  va_list args;
  va_start(args, format);
  int written = vsnprintf(text, sizeof text, format, args);
  va_end(args);
  if (written < 0) return; /* an encoding error in the format */
  size_t length = (size_t)written < sizeof text ? (size_t)written : sizeof text - 1;
  make_utf8(text, length);

  lock_logs();
  int64_t sequence = ++logs.last_sequence;
  bool removed = false;
  for (listener **at = &logs.listeners; *at != NULL;) {
    listener *l = *at;
    if (level < l->min_level || enqueue(l, level, sequence, text, length)) {
      at = &l->next;
      continue;
    }
    *at = l->next; /* its port is closed: nobody will drain this queue */
    logs.listener_count--;
    free_listener(l);
    removed = true;
  }
  if (removed) update_threshold();
  app_core__mutex_unlock(&logs.lock);
}

int64_t app_core_log_listen(int32_t min_level, int64_t port, int64_t owner) {
  if (port == APP_CORE__ILLEGAL_PORT || !app_core__dart_ready()) return 0;
  listener *l = calloc(1, sizeof *l);
  if (l == NULL) return 0;
  l->min_level = min_level;
  l->port = port;
  l->owner = owner > 0 ? owner : 0;
  l->armed = true;
  lock_logs();
  l->id = ++logs.last_listener;
  l->next = logs.listeners;
  logs.listeners = l;
  logs.listener_count++;
  update_threshold();
  app_core__mutex_unlock(&logs.lock);
  return l->id;
}

/* Unlinks every listener `matches` accepts (under the lock) and frees them after. */
static int64_t remove_listeners(bool (*matches)(const listener *l, int64_t key), int64_t key) {
  listener *removed = NULL;
  int64_t count = 0;
  lock_logs();
  for (listener **at = &logs.listeners; *at != NULL;) {
    listener *l = *at;
    if (matches(l, key)) {
      *at = l->next;
      l->next = removed;
      removed = l;
      count++;
    } else {
      at = &l->next;
    }
  }
  logs.listener_count -= count;
  if (count > 0) update_threshold();
  app_core__mutex_unlock(&logs.lock);
  while (removed != NULL) {
    listener *next = removed->next;
    free_listener(removed);
    removed = next;
  }
  return count;
}

static bool has_id(const listener *l, int64_t id) { return l->id == id; }
static bool has_owner(const listener *l, int64_t owner) { return l->owner == owner; }

bool app_core_log_unlisten(int64_t listener_id) { return listener_id > 0 && remove_listeners(has_id, listener_id) > 0; }

bool app_core_log_relisten(int64_t listener_id, int32_t min_level, int64_t owner) {
  if (listener_id <= 0) return false;
  bool found = false;
  lock_logs();
  for (listener *l = logs.listeners; l != NULL; l = l->next) {
    if (l->id != listener_id) continue;
    l->min_level = min_level; /* queued records stay, also those below it */
    l->owner = owner > 0 ? owner : 0;
    found = true;
    break;
  }
  if (found) update_threshold();
  app_core__mutex_unlock(&logs.lock);
  return found;
}

void app_core__log_forget_owner(int64_t owner) {
  if (owner > 0) (void)remove_listeners(has_owner, owner);
}

bool app_core_log_next(int64_t listener_id, app_core_log_record *record) {
  if (record == NULL) return false;
  memset(record, 0, sizeof *record);
  bool found = false;
  lock_logs();
  for (listener *l = logs.listeners; l != NULL; l = l->next) {
    if (l->id != listener_id) continue;
    if (l->count == 0) {
      l->armed = true;
    } else {
      *record = l->records[l->head];
      memset(&l->records[l->head], 0, sizeof l->records[l->head]);
      l->head = (l->head + 1) % APP_CORE_LOG_QUEUE_CAPACITY;
      l->count--;
      found = true;
    }
    break;
  }
  app_core__mutex_unlock(&logs.lock);
  return found;
}

int64_t app_core__log_listener_count(void) {
  lock_logs();
  int64_t count = logs.listener_count;
  app_core__mutex_unlock(&logs.lock);
  return count;
}
