/*
 * isolates.c: the exit port that ends an isolate's tasks when it ends.
 *
 * Rules:
 *  - One native port for the process, opened by the first register (or the
 *    first after app_core_shutdown, which closes it). The VM runs its handler
 *    on a thread of its own with one message at a time per port, but nothing
 *    here relies on that: the handler only reads the message and calls into
 *    the runtime, which takes its own lock.
 *  - Owner ids come from a counter never reset, so an id is never reused
 *    within the process: a late exit message of a dead isolate can only hit
 *    tasks of that isolate.
 *  - `lock` guards the port and the counter, and is never held across a call
 *    into the VM: a fork() by another thread while the VM opens or closes the
 *    port (which may take long, or wait for a running handler) must not leave
 *    it held in the child. Two first registers may both open a port; the
 *    loser closes its own.
 *  - fork(): the child re-initialises the lock (a parent's thread may have
 *    held it) and forgets the parent's exit port (the child's first register
 *    opens its own). The owner counter carries on, so ids stay unique.
 */
#include "isolates.h"

#include "app_core.h"
#include "dart_api.h"
#include "log.h"
#include "platform.h"
#include "runtime.h"

static struct {
  app_core__mutex lock;
  Dart_Port exit_port; /* ILLEGAL_PORT until the first register */
  int64_t last_owner;
} owners;

static app_core__once owners_once = APP_CORE__ONCE_INIT;

/* In a forked child, the only thread. */
static void reset_owners_after_fork(void) {
  app_core__mutex_init(&owners.lock);
  owners.exit_port = APP_CORE__ILLEGAL_PORT;
}

static void init_owners(void) {
  app_core__mutex_init(&owners.lock);
  app_core__at_fork_child(reset_owners_after_fork);
}

/* The VM posts the `response` given to addOnExitListener: our owner id, which
 * arrives as kInt32 when it fits 32 bits (as every small int does), else as
 * kInt64. Anything else is not ours to act on. */
static void on_isolate_exit(Dart_Port port, Dart_CObject *message) {
  (void)port;
  int64_t owner = 0;
  if (message->type == Dart_CObject_kInt32) {
    owner = message->value.as_int32;
  } else if (message->type == Dart_CObject_kInt64) {
    owner = message->value.as_int64;
  }
  if (owner <= 0) return;
  /* The dead isolate's log queues go first: nobody will drain them. */
  app_core__log_forget_owner(owner);
  app_core__runtime_cancel_owner(owner);
}

int64_t app_core_isolate_register(int64_t reply_port) {
  if (reply_port == APP_CORE__ILLEGAL_PORT || !app_core__dart_ready()) return 0;
  app_core__call_once(&owners_once, init_owners);
  app_core__mutex_lock(&owners.lock);
  Dart_Port exit_port = owners.exit_port;
  app_core__mutex_unlock(&owners.lock);
  Dart_Port opened = APP_CORE__ILLEGAL_PORT;
  if (exit_port == APP_CORE__ILLEGAL_PORT) {
    opened = app_core__dart_new_native_port("app_core isolate exit", on_isolate_exit);
    if (opened == APP_CORE__ILLEGAL_PORT) return 0;
  }
  Dart_Port spare = APP_CORE__ILLEGAL_PORT; /* opened, but another register's came first */
  app_core__mutex_lock(&owners.lock);
  if (opened != APP_CORE__ILLEGAL_PORT) {
    if (owners.exit_port == APP_CORE__ILLEGAL_PORT) owners.exit_port = opened;
    exit_port = owners.exit_port;
    if (exit_port != opened) spare = opened;
  }
  int64_t owner = ++owners.last_owner;
  app_core__mutex_unlock(&owners.lock);
  if (spare != APP_CORE__ILLEGAL_PORT) (void)app_core__dart_close_native_port(spare);

  /* [0, SendPort]: a kSendPort object with a native port's id reaches Dart as
   * a SendPort to that port (origin_id is for Dart ports only). */
  Dart_CObject kind = {.type = Dart_CObject_kInt64, .value.as_int64 = APP_CORE_MESSAGE_VALUE};
  Dart_CObject send_port = {.type = Dart_CObject_kSendPort};
  send_port.value.as_send_port.id = exit_port;
  send_port.value.as_send_port.origin_id = APP_CORE__ILLEGAL_PORT;
  Dart_CObject *items[] = {&kind, &send_port};
  Dart_CObject reply = {.type = Dart_CObject_kArray};
  reply.value.as_array.length = 2;
  reply.value.as_array.values = items;
  return app_core__dart_post(reply_port, &reply) ? owner : 0;
}

bool app_core_task_set_owner(int64_t task, int64_t owner) {
  return owner > 0 && app_core__runtime_set_owner(task, owner);
}

void app_core__isolates_shutdown(void) {
  app_core__call_once(&owners_once, init_owners);
  app_core__mutex_lock(&owners.lock);
  Dart_Port exit_port = owners.exit_port;
  owners.exit_port = APP_CORE__ILLEGAL_PORT;
  app_core__mutex_unlock(&owners.lock);
  if (exit_port != APP_CORE__ILLEGAL_PORT) (void)app_core__dart_close_native_port(exit_port);
}
