/*
 * vm_callable.c: the host's NativeCallables (see vm_callable.h).
 *
 * A C function pointer carries no state, so each callable is one slot with
 * its own trampoline function; the trampolines are generated below. `lock`
 * guards the slots and the stats; functions run outside it (a visitor may
 * close callables, ...).
 */
#include "vm_callable.h"

#include "core/platform.h"

#define SLOTS 32

enum { SLOT_FREE, SLOT_OPEN, SLOT_CLOSED };

struct vm_host_callable {
  int state;
  const int *owner_thread; /* isolate-local: &thread_marker of the creating thread */
  bool (*visitor_fn)(void *context, const char *word, int64_t length, void *user_data);
  void *context;
};

static _Thread_local int thread_marker;

static struct {
  app_core__mutex lock;
  vm_host_callable visitors[SLOTS];
  vm_host_callable_stats stats;
} host;

static app_core__once host_once = APP_CORE__ONCE_INIT;

static void init_host(void) { app_core__mutex_init(&host.lock); }

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

#define VISITOR_TRAMPOLINE(n) \
  static bool visitor_##n(const char *word, int64_t length, void *user_data) { \
    return visitor_call(n, word, length, user_data); \
  }
SLOT_LIST(VISITOR_TRAMPOLINE)

#define VISITOR_ENTRY(n) visitor_##n,
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

vm_host_callable_stats vm_host_get_callable_stats(void) {
  lock_host();
  vm_host_callable_stats stats = host.stats;
  app_core__mutex_unlock(&host.lock);
  return stats;
}
