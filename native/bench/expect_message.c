/* expect_message.c: the bench checks every answer it times, so a broken core
 * cannot look fast by answering wrongly or not at all. */
#include <string.h>

#include "app_core.h"
#include "bench.h"
#include "dart_vm_host.h"

#define RECEIVE_TIMEOUT_NS UINT64_C(60000000000) /* liveness: a busy machine is slow, not hung */

vm_value *bench_receive(Dart_Port port) {
  vm_value *message = NULL;
  if (!vm_host_receive(port, RECEIVE_TIMEOUT_NS, &message)) {
    bench_fatal("no message on port %lld within 60 s", (long long)port);
  }
  return message;
}

static bool is_int(const vm_value *value, int64_t expected) {
  return value->type == Dart_CObject_kInt64 && value->value.as_int == expected;
}

static bool has_kind(const vm_value *message, int64_t kind, size_t length) {
  return message->type == Dart_CObject_kArray && message->value.as_array.length == length &&
         is_int(&message->value.as_array.items[0], kind);
}

bool bench_is_value_int(const vm_value *message, int64_t expected) {
  return has_kind(message, APP_CORE_MESSAGE_VALUE, 2) && is_int(&message->value.as_array.items[1], expected);
}

void bench_expect_int(Dart_Port port, int64_t expected) {
  vm_value *message = bench_receive(port);
  bool ok = bench_is_value_int(message, expected);
  vm_value_free(message);
  if (!ok) bench_fatal("port %lld: expected [0, %lld]", (long long)port, (long long)expected);
}

bool bench_is_text_prefix(const vm_value *message, const char *expected_prefix) {
  if (!has_kind(message, APP_CORE_MESSAGE_VALUE, 2)) return false;
  const vm_value *text = &message->value.as_array.items[1];
  return text->type == Dart_CObject_kString &&
         strncmp(text->value.as_string, expected_prefix, strlen(expected_prefix)) == 0;
}

bool bench_is_cancelled(const vm_value *message) { return has_kind(message, APP_CORE_MESSAGE_CANCELLED, 1); }

void bench_expect_cancelled(Dart_Port port) {
  vm_value *message = bench_receive(port);
  bool ok = bench_is_cancelled(message);
  vm_value_free(message);
  if (!ok) bench_fatal("port %lld: expected [2]", (long long)port);
}
