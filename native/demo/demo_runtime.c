/* demo_runtime.c: the runtime's own controls in the tour: the worker count,
 * and native work that ends with the isolate that started it. */
#include <inttypes.h>
#include <stdio.h>

#include "app_core.h"
#include "dart_vm_host.h"
#include "demo.h"

#define SECOND UINT64_C(1000000000)

/* Only before the runtime starts (or after shutdown) may the count change. */
void demo_worker_count(void) {
  printf("set_worker_count(3) -> %s\n", app_core_set_worker_count(3) ? "true" : "false");
  printf("set_worker_count(0) -> %s (out of range)\n", app_core_set_worker_count(0) ? "true" : "false");
  demo_expect(!app_core_set_worker_count(0), "set_worker_count(0) is refused");
  demo_expect(!app_core_set_worker_count(APP_CORE_MAX_WORKERS + 1), "set_worker_count above the maximum is refused");
}

/* What the Dart layer does for each isolate: register it, mark its tasks with
 * its owner id; the VM then posts the owner id to the core's exit port when
 * the isolate ends (played here by vm_host_notify_exit). */
void demo_isolate_exit(void) {
  Dart_Port reply = vm_host_open_port();
  int64_t owner = app_core_isolate_register(reply);
  vm_value *message = NULL;
  bool replied = vm_host_receive(reply, 30 * SECOND, &message);
  Dart_Port exit_port = 0;
  if (replied && message->type == Dart_CObject_kArray && message->value.as_array.length == 2 &&
      message->value.as_array.items[1].type == Dart_CObject_kSendPort) {
    exit_port = message->value.as_array.items[1].value.as_int;
  }
  if (replied) vm_value_free(message);
  vm_host_close_port(reply);
  printf("isolate_register(reply) -> owner %" PRId64 ", [0, SendPort] posted to reply\n", owner);
  demo_expect(owner > 0 && exit_port != 0, "isolate_register answers with the exit SendPort");
  if (owner <= 0 || exit_port == 0) return;

  Dart_Port port = vm_host_open_port();
  int64_t id = app_core_fibonacci_async(90, port); /* would run for centuries */
  bool owned = app_core_task_set_owner(id, owner);
  printf("fibonacci_async(90) -> task %" PRId64 "; task_set_owner(task, owner) -> %s\n", id, owned ? "true" : "false");
  bool notified = vm_host_notify_exit(exit_port, owner);
  printf("  the isolate exits (the VM posts %" PRId64 " to the exit port)\n", owner);
  vm_outcome outcome = vm_host_await_outcome(port, 30 * SECOND);
  printf("  the task ends with [%" PRId64 "]\n", (int64_t)outcome.kind);
  demo_expect(owned && notified && outcome.kind == APP_CORE_MESSAGE_CANCELLED, "an isolate's exit cancels its task");
  vm_outcome_free(&outcome);
}
