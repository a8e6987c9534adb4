/*
 * vm_callable.c: the host's NativeCallables (see vm_callable.h).
 *
 * A C function pointer carries no state, so each callable is one slot with
 * its own trampoline function; the trampolines are generated below. `lock`
 * guards the slots, the queue of listener calls and the stats; functions run
 * outside it (a listener's function may log, close callables, ...).
 */
#include "vm_callable.h"

#include <stdlib.h>

#include "core/platform.h"

#define SLOTS 32

enum { SLOT_FREE, SLOT_OPEN, SLOT_CLOSED };

struct vm_host_callable {
  int state;
  bool listener;
  const int *owner_thread; /* isolate-local: &thread_marker of the creating thread */
  void (*listener_fn)(void *context, int64_t value);
  bool (*visitor_fn)(void *context, const char *word, int64_t length, void *user_data);
  void *context;
};

typedef struct pending_call {
  vm_host_callable *callable;
  int64_t value;
} pending_call;

static _Thread_local int thread_marker;

static struct {
  app_core__mutex lock;
  app_core__cond queued;
  vm_host_callable listeners[SLOTS], visitors[SLOTS];
  pending_call *pending;
  size_t pending_count, pending_capacity;
  vm_host_callable_stats stats;
} host;

static app_core__once host_once = APP_CORE__ONCE_INIT;

static void init_host(void) {
  app_core__mutex_init(&host.lock);
  app_core__cond_init(&host.queued);
}

static void lock_host(void) {
  app_core__call_once(&host_once, init_host);
  app_core__mutex_lock(&host.lock);
}

/* What a call of a closed callable would be in the VM: undefined behaviour. */
static bool usable_locked(vm_host_callable *callable) {
  if (callable->state == SLOT_OPEN) return true;
  host.stats.calls_after_close++;
  return false;
}

static void listener_call(int index, int64_t value) {
  lock_host();
  vm_host_callable *callable = &host.listeners[index];
  if (usable_locked(callable)) {
    if (host.pending_count == host.pending_capacity) {
      size_t capacity = host.pending_capacity ? host.pending_capacity * 2 : 64;
      pending_call *grown = realloc(host.pending, capacity * sizeof *grown);
      if (grown == NULL) abort(); /* test host: out of memory is not a case under test */
      host.pending = grown;
      host.pending_capacity = capacity;
    }
    host.pending[host.pending_count++] = (pending_call){callable, value};
    host.stats.listener_calls++;
    app_core__cond_signal(&host.queued);
  }
  app_core__mutex_unlock(&host.lock);
}

static bool visitor_call(int index, const char *word, int64_t length, void *user_data) {
  lock_host();
  vm_host_callable *callable = &host.visitors[index];
  bool ok = usable_locked(callable);
  if (ok && callable->owner_thread != &thread_marker) {
    host.stats.wrong_thread++;
    ok = false;
  }
  bool (*fn)(void *, const char *, int64_t, void *) = callable->visitor_fn;
  void *context = callable->context;
  app_core__mutex_unlock(&host.lock);
  return ok ? fn(context, word, length, user_data) : false;
}

/* clang-format reflows this list differently on each pass, so it is left out. */
/* clang-format off */
#define SLOT_LIST(X) \
  X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15) \
  X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23) X(24) X(25) X(26) X(27) X(28) X(29) X(30) X(31)
/* clang-format on */

#define LISTENER_TRAMPOLINE(n) \
  static void listener_##n(int64_t value) { listener_call(n, value); }
#define VISITOR_TRAMPOLINE(n) \
  static bool visitor_##n(const char *word, int64_t length, void *user_data) { \
    return visitor_call(n, word, length, user_data); \
  }
SLOT_LIST(LISTENER_TRAMPOLINE)
SLOT_LIST(VISITOR_TRAMPOLINE)

#define LISTENER_ENTRY(n) listener_##n,
#define VISITOR_ENTRY(n) visitor_##n,
static const app_core_log_wakeup listener_trampolines[SLOTS] = {SLOT_LIST(LISTENER_ENTRY)};
static const app_core_word_visitor visitor_trampolines[SLOTS] = {SLOT_LIST(VISITOR_ENTRY)};

static vm_host_callable *claim(vm_host_callable *slots) {
  for (int i = 0; i < SLOTS; i++) {
    if (slots[i].state == SLOT_FREE) {
      slots[i].state = SLOT_OPEN;
      return &slots[i];
    }
  }
  return NULL;
}

vm_host_callable *vm_host_listener_new(void (*fn)(void *context, int64_t value), void *context) {
  lock_host();
  vm_host_callable *callable = claim(host.listeners);
  if (callable != NULL) {
    callable->listener = true;
    callable->listener_fn = fn;
    callable->context = context;
  }
  app_core__mutex_unlock(&host.lock);
  return callable;
}

app_core_log_wakeup vm_host_listener_function(const vm_host_callable *callable) {
  return listener_trampolines[callable - host.listeners];
}

vm_host_callable *vm_host_isolate_local_visitor_new(bool (*fn)(void *context, const char *word, int64_t length,
                                                               void *user_data),
                                                    void *context) {
  lock_host();
  vm_host_callable *callable = claim(host.visitors);
  if (callable != NULL) {
    callable->owner_thread = &thread_marker;
    callable->visitor_fn = fn;
    callable->context = context;
  }
  app_core__mutex_unlock(&host.lock);
  return callable;
}

app_core_word_visitor vm_host_visitor_function(const vm_host_callable *callable) {
  return visitor_trampolines[callable - host.visitors];
}

void vm_host_callable_close(vm_host_callable *callable) {
  lock_host();
  callable->state = SLOT_CLOSED;
  app_core__mutex_unlock(&host.lock);
}

uint64_t vm_host_run_listener_calls(uint64_t timeout_ns) {
  lock_host();
  if (host.pending_count == 0) (void)app_core__cond_timedwait(&host.queued, &host.lock, timeout_ns);
  pending_call *calls = host.pending;
  size_t count = host.pending_count;
  host.pending = NULL;
  host.pending_count = host.pending_capacity = 0;
  app_core__mutex_unlock(&host.lock);

  uint64_t ran = 0;
  for (size_t i = 0; i < count; i++) {
    lock_host();
    bool open = calls[i].callable->state == SLOT_OPEN;
    if (!open) host.stats.listener_dropped++;
    void (*fn)(void *, int64_t) = calls[i].callable->listener_fn;
    void *context = calls[i].callable->context;
    app_core__mutex_unlock(&host.lock);
    if (open) {
      fn(context, calls[i].value);
      ran++;
    }
  }
  free(calls);
  return ran;
}

uint64_t vm_host_pending_listener_calls(void) {
  lock_host();
  uint64_t count = host.pending_count;
  app_core__mutex_unlock(&host.lock);
  return count;
}

vm_host_callable_stats vm_host_get_callable_stats(void) {
  lock_host();
  vm_host_callable_stats stats = host.stats;
  app_core__mutex_unlock(&host.lock);
  return stats;
}
