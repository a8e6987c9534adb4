/*
 * dart_vm_host.c: ports, the DL function table and "GC" of the test VM host.
 *
 * One mutex guards all host state; posts copy the message (vm_message.c)
 * before taking it, so the locked part of a post is a hash lookup and a queue
 * append. Ports are reference counted (the map holds one reference, each
 * thread waiting in receive or running a native handler another), so closing
 * a port never frees it under a waiter. The mutex is created once and never
 * destroyed: the DL functions keep working (refusing posts) after stop.
 *
 * Native ports (Dart_NewNativePort) are simplified: the handler runs on the
 * posting thread, before the post returns, with a copy of the message that
 * lives until the handler returns; handle_concurrently is ignored (so is it in
 * the VM) and a handler may run on several posting threads at once.
 *
 * Ports opened in an isolate (vm_host_open_port_in) deliver into the
 * isolate's one queue instead of their own, as in the VM: PortMap::PostMessage
 * (runtime/vm/port.cc) takes the PortMap mutex, looks the port up and calls
 * its handler's MessageHandler::PostMessage (message_handler.cc), which
 * enqueues under the handler's own monitor; the isolate's thread dequeues under
 * that monitor alone and dispatches by the message's dest_port. So posts keep
 * their cost (host lock, lookup, then the isolate lock inside it: the lock
 * order is host, then isolate) and vm_host_receive_any takes only the isolate
 * lock. Closing such a port removes its messages from the isolate queue, as
 * the VM's PortMap::ClosePort once did with message_queue()->Flush(port).
 *
 * External typed data is adopted, not copied: a received value points at the
 * poster's bytes. Their finalizers become due when the receiver frees that
 * value (it is then unreachable, as a Uint8List Dart dropped) or when the
 * message is dropped unread; they run in vm_host_collect_garbage and
 * vm_host_stop (right away once the host has stopped). A refused post runs
 * them inside the post or not at all (vm_host_set_refusal), as the VM does;
 * it never leaves them for later, since the VM never finalizes after
 * returning false.
 */
#include "dart_vm_host.h"

#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "vm_host_internal.h"
#include "vm_message.h"
#include "vm_port_map.h"

/* A FIFO of envelopes linked through their next. */
typedef struct envelope_queue {
  vm_envelope *head, *tail;
} envelope_queue;

static void queue_push(envelope_queue *queue, vm_envelope *envelope) {
  envelope->next = NULL;
  if (queue->tail != NULL) queue->tail->next = envelope;
  else queue->head = envelope;
  queue->tail = envelope;
}

/* The oldest envelope, unlinked, or NULL. */
static vm_envelope *queue_pop(envelope_queue *queue) {
  vm_envelope *envelope = queue->head;
  if (envelope != NULL) {
    queue->head = envelope->next;
    if (queue->head == NULL) queue->tail = NULL;
  }
  return envelope;
}

/* The whole list, leaving the queue empty. */
static vm_envelope *queue_take_all(envelope_queue *queue) {
  vm_envelope *all = queue->head;
  queue->head = queue->tail = NULL;
  return all;
}

struct vm_host_isolate {
  app_core__mutex lock; /* guards the rest; taken inside the host lock, never around it */
  app_core__cond changed;
  size_t waiters;
  envelope_queue messages; /* every open port's messages, in accepted order */
};

typedef struct port {
  Dart_Port id;
  vm_host_isolate *isolate; /* NULL: the port queues on its own messages below */
  size_t refs;
  bool open;
  Dart_NativeMessageHandler handler; /* non-NULL for native ports; set before publication */
  app_core__cond changed;            /* a message, a violation or the close */
  size_t waiters;
  envelope_queue messages;
  size_t pending;
  uint64_t violations;
} port;

enum { TABLE_SIZE = 16 }; /* entries in the DL table, without the NULL end */

typedef struct variant {
  struct variant *next;
  app_core__dart_api_data data;
  app_core__dart_api_entry entries[TABLE_SIZE + 1];
} variant;

static struct {
  app_core__mutex lock;
  bool running;
  vm_port_map ports;
  envelope_queue due; /* finalizers waiting for "GC" */
  vm_host_stats stats;
  vm_host_refusal refusal;
  bool drop_accepted;
  variant *variants;
  Dart_Port last_port; /* never reset: ids are unique per process */
} host;

static app_core__once host_once = APP_CORE__ONCE_INIT;

static void init_host_lock(void) {
  app_core__mutex_init(&host.lock);
  host.last_port = (Dart_Port)1 << 32;
}

static void lock_host(void) {
  app_core__call_once(&host_once, init_host_lock);
  app_core__mutex_lock(&host.lock);
}

static void unlock_host(void) { app_core__mutex_unlock(&host.lock); }

static port *find_port(Dart_Port id) { return vm_port_map_get(&host.ports, id); }

static void release_port(port *p) {
  if (--p->refs > 0) return;
  app_core__cond_destroy(&p->changed);
  free(p);
}

/* Drops the value and queues the finalizers (if any). Lock held, host running. */
static void make_due(vm_envelope *envelope) {
  vm_envelope_drop_value(envelope);
  if (envelope->external_count == 0) {
    vm_envelope_free(envelope);
    return;
  }
  queue_push(&host.due, envelope);
}

static void run_finalizers(vm_envelope *list) {
  uint64_t count = 0;
  while (list != NULL) {
    vm_envelope *next = list->next;
    count += vm_envelope_finalize(list);
    list = next;
  }
  if (count == 0) return;
  lock_host();
  host.stats.finalizers_run += count;
  unlock_host();
}

/* An envelope the host no longer needs, from outside the lock. */
static void retire(vm_envelope *envelope) {
  if (envelope == NULL) return;
  lock_host();
  if (host.running) {
    make_due(envelope);
    unlock_host();
    return;
  }
  unlock_host();
  envelope->next = NULL;
  run_finalizers(envelope); /* no GC will come: finalize now */
}

void vm_value_free(vm_value *value) {
  if (value != NULL) retire(vm_value_release(value));
}

/* The external data of a refused post, outside the lock: finalized inside
 * the post, or left to the poster. */
static void refuse(vm_envelope *envelope, vm_host_refusal refusal) {
  if (envelope == NULL) return;
  if (refusal == VM_HOST_REFUSAL_KEEPS) {
    vm_envelope_free(envelope);
    return;
  }
  envelope->next = NULL;
  run_finalizers(envelope);
}

/* Unlinks the port's messages from its isolate's queue and returns them. */
static vm_envelope *take_isolate_messages(vm_host_isolate *isolate, Dart_Port id) {
  vm_envelope *taken = NULL, **taken_end = &taken;
  app_core__mutex_lock(&isolate->lock);
  vm_envelope **link = &isolate->messages.head;
  isolate->messages.tail = NULL;
  while (*link != NULL) {
    vm_envelope *envelope = *link;
    if (envelope->port == id) {
      *link = envelope->next;
      envelope->next = NULL;
      *taken_end = envelope;
      taken_end = &envelope->next;
    } else {
      isolate->messages.tail = envelope;
      link = &envelope->next;
    }
  }
  app_core__mutex_unlock(&isolate->lock);
  return taken;
}

static void close_port_locked(port *p, bool remove_from_map) {
  if (remove_from_map) (void)vm_port_map_remove(&host.ports, p->id);
  p->open = false;
  vm_envelope *dropped = p->isolate != NULL ? take_isolate_messages(p->isolate, p->id) : queue_take_all(&p->messages);
  for (vm_envelope *envelope = dropped, *next; envelope != NULL; envelope = next) {
    next = envelope->next;
    make_due(envelope);
  }
  p->pending = 0;
  if (p->waiters > 0) app_core__cond_broadcast(&p->changed);
  release_port(p);
}

static Dart_Port open_port(Dart_NativeMessageHandler handler, vm_host_isolate *isolate) {
  port *p = calloc(1, sizeof *p);
  if (p == NULL) return APP_CORE__ILLEGAL_PORT;
  app_core__cond_init(&p->changed);
  p->refs = 1;
  p->open = true;
  p->handler = handler;
  p->isolate = isolate;
  lock_host();
  if (host.running) p->id = ++host.last_port;
  if (!host.running || !vm_port_map_add(&host.ports, p->id, p)) {
    unlock_host();
    app_core__cond_destroy(&p->changed);
    free(p);
    return APP_CORE__ILLEGAL_PORT;
  }
  unlock_host();
  return p->id;
}

/* ---- The DL functions ---------------------------------------------------- */

static bool host_post_cobject(Dart_Port port_id, Dart_CObject *message) {
  vm_copy_result copy = vm_message_copy(message);
  lock_host();
  host.stats.invalid_strings += copy.invalid_strings;
  host.stats.invalid_objects += copy.invalid_objects;
  port *p = host.running ? find_port(port_id) : NULL;
  if (!copy.accepted || p == NULL) {
    host.stats.posts_rejected++;
    if (p != NULL) { /* refused as malformed: the core broke the protocol */
      p->violations++;
      if (p->waiters > 0) app_core__cond_broadcast(&p->changed);
    }
    vm_host_refusal refusal = host.refusal;
    unlock_host();
    refuse(copy.envelope, refusal);
    return false;
  }
  host.stats.posts_accepted++;
  if (p->handler == NULL && host.drop_accepted) { /* the isolate died right after accepting */
    unlock_host();
    copy.envelope->next = NULL;
    run_finalizers(copy.envelope);
    return true;
  }
  copy.envelope->port = port_id;
  if (p->isolate != NULL) {
    vm_host_isolate *isolate = p->isolate;
    app_core__mutex_lock(&isolate->lock);
    queue_push(&isolate->messages, copy.envelope);
    if (isolate->waiters > 0) app_core__cond_signal(&isolate->changed);
    app_core__mutex_unlock(&isolate->lock);
    unlock_host();
    return true;
  }
  if (p->handler == NULL) {
    queue_push(&p->messages, copy.envelope);
    p->pending++;
    if (p->waiters > 0) app_core__cond_signal(&p->changed);
    unlock_host();
    return true;
  }
  p->refs++;
  unlock_host();
  vm_value *value = vm_envelope_take_value(copy.envelope);
  Dart_CObject *view = vm_value_to_cobject(value);
  if (view != NULL) p->handler(port_id, view);
  free(view);
  lock_host();
  release_port(p);
  unlock_host();
  vm_value_free(value);
  return true;
}

static bool host_post_integer(Dart_Port port_id, int64_t value) {
  Dart_CObject object;
  memset(&object, 0, sizeof object);
  object.type = Dart_CObject_kInt64;
  object.value.as_int64 = value;
  return host_post_cobject(port_id, &object);
}

/* vm_host_set_new_native_port_gate's hook, or NULL; read without the host
 * lock, which the gate must not hold the caller in. */
static void *volatile new_native_port_gate;

static Dart_Port host_new_native_port(const char *name, Dart_NativeMessageHandler handler, bool handle_concurrently) {
  (void)name;
  (void)handle_concurrently;
  void *gate_pointer = app_core__atomic_load_acquire_ptr(&new_native_port_gate);
  if (gate_pointer != NULL) {
    void (*gate)(void);
    memcpy(&gate, &gate_pointer, sizeof gate);
    gate();
  }
  return handler == NULL ? APP_CORE__ILLEGAL_PORT : open_port(handler, NULL);
}

static bool host_close_native_port(Dart_Port port_id) {
  lock_host();
  port *p = find_port(port_id);
  bool native = p != NULL && p->handler != NULL;
  if (native) close_port_locked(p, true);
  unlock_host();
  return native;
}

/* Stands in for the table entries the core must never call. */
static void unexpected_call(void) {
  lock_host();
  host.stats.unexpected_calls++;
  unlock_host();
}

#define DL_ENTRY(name, function) \
  { name, (void (*)(void))(function) }

/* The native-API entries come first, as in the VM; the rest are names from
 * dart_api_dl.h the core has no business calling. */
static const app_core__dart_api_entry api_entries[TABLE_SIZE + 1] = {
    DL_ENTRY("Dart_PostCObject", host_post_cobject),
    DL_ENTRY("Dart_PostInteger", host_post_integer),
    DL_ENTRY("Dart_NewNativePort", host_new_native_port),
    DL_ENTRY("Dart_CloseNativePort", host_close_native_port),
    DL_ENTRY("Dart_IsError", unexpected_call),
    DL_ENTRY("Dart_IsApiError", unexpected_call),
    DL_ENTRY("Dart_GetError", unexpected_call),
    DL_ENTRY("Dart_NewApiError", unexpected_call),
    DL_ENTRY("Dart_PropagateError", unexpected_call),
    DL_ENTRY("Dart_NewPersistentHandle", unexpected_call),
    DL_ENTRY("Dart_DeletePersistentHandle", unexpected_call),
    DL_ENTRY("Dart_NewFinalizableHandle", unexpected_call),
    DL_ENTRY("Dart_DeleteFinalizableHandle", unexpected_call),
    DL_ENTRY("Dart_Post", unexpected_call),
    DL_ENTRY("Dart_NewSendPort", unexpected_call),
    DL_ENTRY("Dart_SendPortGetId", unexpected_call),
    {NULL, NULL},
};

static app_core__dart_api_data api_data = {APP_CORE__DART_API_DL_MAJOR_VERSION, 5, api_entries};

void *vm_host_api_data(void) { return &api_data; }

void *vm_host_api_data_variant(int major, const char *omit_function) {
  variant *v = calloc(1, sizeof *v);
  if (v == NULL) return NULL;
  size_t kept = 0;
  for (size_t i = 0; i < TABLE_SIZE; i++) {
    if (omit_function == NULL || strcmp(api_entries[i].name, omit_function) != 0) v->entries[kept++] = api_entries[i];
  }
  v->data = api_data;
  v->data.major = major;
  v->data.functions = v->entries;
  lock_host();
  v->next = host.variants;
  host.variants = v;
  unlock_host();
  return &v->data;
}

void (*vm_host_api_lookup(const void *table, const char *name))(void) {
  const app_core__dart_api_data *data = table;
  if (data == NULL || data->functions == NULL || name == NULL) return NULL;
  for (const app_core__dart_api_entry *entry = data->functions; entry->name != NULL; entry++) {
    if (strcmp(entry->name, name) == 0) return entry->function;
  }
  return NULL;
}

/* ---- The test side ------------------------------------------------------- */

void vm_host_start(void) {
  lock_host();
  if (!host.running) {
    memset(&host.stats, 0, sizeof host.stats);
    host.refusal = VM_HOST_REFUSAL_FINALIZES;
    host.drop_accepted = false;
    host.running = true;
  }
  unlock_host();
}

void vm_host_set_new_native_port_gate(void (*gate)(void)) {
  void *gate_pointer = NULL;
  if (gate != NULL) memcpy(&gate_pointer, &gate, sizeof gate_pointer);
  app_core__atomic_store_release_ptr(&new_native_port_gate, gate_pointer);
}

void vm_host_set_refusal(vm_host_refusal refusal) {
  lock_host();
  host.refusal = refusal;
  unlock_host();
}

void vm_host_set_drop_accepted(bool drop) {
  lock_host();
  host.drop_accepted = drop;
  unlock_host();
}

void vm_host_stop(void) {
  lock_host();
  if (!host.running) {
    unlock_host();
    return;
  }
  for (size_t i = 0; i < host.ports.capacity; i++) {
    if (host.ports.slots[i].key != 0) close_port_locked(host.ports.slots[i].value, false);
  }
  vm_port_map_free(&host.ports);
  host.running = false;
  vm_envelope *due = queue_take_all(&host.due);
  variant *variants = host.variants;
  host.variants = NULL;
  unlock_host();
  run_finalizers(due);
  while (variants != NULL) {
    variant *next = variants->next;
    free(variants);
    variants = next;
  }
}

Dart_Port vm_host_open_port(void) { return open_port(NULL, NULL); }

void vm_host_close_port(Dart_Port port_id) {
  lock_host();
  port *p = find_port(port_id);
  if (p != NULL) close_port_locked(p, true);
  unlock_host();
}

bool vm_host__receive(Dart_Port port_id, uint64_t timeout_ns, bool stop_on_violation, vm_value **message) {
  if (message == NULL) return false;
  *message = NULL;
  lock_host();
  port *p = find_port(port_id);
  if (p == NULL || p->handler != NULL || p->isolate != NULL) {
    unlock_host();
    return false;
  }
  p->refs++;
  uint64_t start = app_core__now_ns();
  while (p->messages.head == NULL && p->open && !(stop_on_violation && p->violations > 0)) {
    uint64_t elapsed = app_core__now_ns() - start;
    if (elapsed >= timeout_ns) break;
    p->waiters++;
    (void)app_core__cond_timedwait(&p->changed, &host.lock, timeout_ns - elapsed);
    p->waiters--;
  }
  vm_envelope *envelope = queue_pop(&p->messages);
  if (envelope != NULL) p->pending--;
  release_port(p);
  unlock_host();
  if (envelope == NULL) return false;
  *message = vm_envelope_take_value(envelope);
  return true;
}

bool vm_host_receive(Dart_Port port_id, uint64_t timeout_ns, vm_value **message) {
  return vm_host__receive(port_id, timeout_ns, false, message);
}

bool vm_host_notify_exit(Dart_Port listener, int64_t response) {
  Dart_CObject object;
  memset(&object, 0, sizeof object);
  if (response >= INT32_MIN && response <= INT32_MAX) {
    object.type = Dart_CObject_kInt32;
    object.value.as_int32 = (int32_t)response;
  } else {
    object.type = Dart_CObject_kInt64;
    object.value.as_int64 = response;
  }
  return host_post_cobject(listener, &object);
}

size_t vm_host_pending(Dart_Port port_id) {
  lock_host();
  port *p = find_port(port_id);
  size_t pending = p != NULL ? p->pending : 0;
  if (p != NULL && p->isolate != NULL) { /* a test helper: counting is fine */
    app_core__mutex_lock(&p->isolate->lock);
    for (const vm_envelope *envelope = p->isolate->messages.head; envelope != NULL; envelope = envelope->next) {
      if (envelope->port == port_id) pending++;
    }
    app_core__mutex_unlock(&p->isolate->lock);
  }
  unlock_host();
  return pending;
}

uint64_t vm_host_port_violations(Dart_Port port_id) {
  lock_host();
  port *p = find_port(port_id);
  uint64_t violations = p != NULL ? p->violations : 0;
  unlock_host();
  return violations;
}

vm_host_stats vm_host_get_stats(void) {
  lock_host();
  vm_host_stats stats = host.stats;
  unlock_host();
  return stats;
}

void vm_host_collect_garbage(void) {
  lock_host();
  vm_envelope *due = queue_take_all(&host.due);
  unlock_host();
  run_finalizers(due);
}

/* ---- Isolates: one queue for many ports ---------------------------------- */

vm_host_isolate *vm_host_open_isolate(void) {
  vm_host_isolate *isolate = calloc(1, sizeof *isolate);
  if (isolate == NULL) return NULL;
  app_core__mutex_init(&isolate->lock);
  app_core__cond_init(&isolate->changed);
  return isolate;
}

Dart_Port vm_host_open_port_in(vm_host_isolate *isolate) {
  return isolate == NULL ? APP_CORE__ILLEGAL_PORT : open_port(NULL, isolate);
}

bool vm_host_receive_any(vm_host_isolate *isolate, uint64_t timeout_ns, Dart_Port *port_id, vm_value **message) {
  if (message != NULL) *message = NULL;
  if (port_id != NULL) *port_id = APP_CORE__ILLEGAL_PORT;
  if (isolate == NULL || port_id == NULL || message == NULL) return false;
  app_core__mutex_lock(&isolate->lock);
  if (isolate->messages.head == NULL) { /* the clock only when there is something to wait for */
    uint64_t start = app_core__now_ns();
    for (uint64_t elapsed = 0; isolate->messages.head == NULL && elapsed < timeout_ns;
         elapsed = app_core__now_ns() - start) {
      isolate->waiters++;
      (void)app_core__cond_timedwait(&isolate->changed, &isolate->lock, timeout_ns - elapsed);
      isolate->waiters--;
    }
  }
  vm_envelope *envelope = queue_pop(&isolate->messages);
  app_core__mutex_unlock(&isolate->lock);
  if (envelope == NULL) return false;
  *port_id = envelope->port;
  *message = vm_envelope_take_value(envelope);
  return true;
}

void vm_host_close_isolate(vm_host_isolate *isolate) {
  if (isolate == NULL) return;
  lock_host();
  /* A scan of the whole map, as PortMap::ClosePorts(handler) once did. Removing
   * an entry may shift a later one back into slot i, so slot i is looked at
   * again; an entry shifted across the end lands in a slot still to come. */
  for (size_t i = 0; i < host.ports.capacity;) {
    port *p = host.ports.slots[i].key != 0 ? host.ports.slots[i].value : NULL;
    if (p != NULL && p->isolate == isolate) {
      close_port_locked(p, true);
    } else {
      i++;
    }
  }
  unlock_host();
  app_core__cond_destroy(&isolate->changed);
  app_core__mutex_destroy(&isolate->lock);
  free(isolate);
}
