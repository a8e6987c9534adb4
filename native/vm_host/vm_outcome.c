/* vm_outcome.c: decodes the message protocol of app_core.h for async tests. */
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "dart_vm_host.h"
#include "vm_host_internal.h"

/* A failure code must be one of app_core.h's codes other than OK. */
static bool is_failure_code(int64_t code) {
  switch (code) {
#define FAILURE_CASE(name, value, description) case value:
    APP_CORE_ERROR_MAP(FAILURE_CASE)
#undef FAILURE_CASE
    return code != APP_CORE_OK;
    default:
      return false;
  }
}

static char *copy_text(const char *text) {
  size_t size = strlen(text) + 1;
  char *copy = malloc(size);
  if (copy != NULL) memcpy(copy, text, size);
  return copy;
}

static bool is_int(const vm_value *value) { return value->type == Dart_CObject_kInt64; }
static bool is_string(const vm_value *value) { return value->type == Dart_CObject_kString; }
static bool is_uint8_list(const vm_value *value) {
  return value->type == Dart_CObject_kTypedData && value->value.as_typed_data.type == Dart_TypedData_kUint8;
}

static uint8_t *copy_bytes(const uint8_t *bytes, size_t length) {
  uint8_t *copy = malloc(length > 0 ? length : 1);
  if (copy != NULL && length > 0) memcpy(copy, bytes, length);
  return copy;
}

typedef struct decoder {
  vm_outcome *outcome;
  size_t int_items;
} decoder;

static void decode_item(decoder *d, const vm_value *items, size_t length) {
  vm_outcome *o = d->outcome;
  o->item_count++;
  if (length != 2 || !(is_int(&items[1]) || is_string(&items[1]))) {
    o->well_formed = false;
    return;
  }
  if (!is_int(&items[1])) return;
  int64_t item = items[1].value.as_int;
  if (d->int_items++ == 0) o->first_item = item;
  else if (item <= o->last_item) o->items_increasing = false;
  o->last_item = item;
}

static void decode_value(vm_outcome *o, const vm_value *items, size_t length) {
  if (length != 2) o->well_formed = false;
  if (length < 2) return;
  if (is_int(&items[1])) {
    o->has_int = true;
    o->int_value = items[1].value.as_int;
  } else if (is_string(&items[1])) {
    o->string_value = copy_text(items[1].value.as_string);
  } else if (is_uint8_list(&items[1])) {
    o->bytes_length = items[1].value.as_typed_data.length_bytes;
    o->bytes_value = copy_bytes(items[1].value.as_typed_data.bytes, o->bytes_length);
    o->has_bytes = o->bytes_value != NULL;
  } else {
    o->well_formed = false;
  }
}

static void decode_error(vm_outcome *o, const vm_value *items, size_t length) {
  if (length != 3) o->well_formed = false;
  if (length >= 2 && is_int(&items[1]) && is_failure_code(items[1].value.as_int)) {
    o->error_code = (int32_t)items[1].value.as_int;
  } else {
    o->well_formed = false;
  }
  if (length >= 3 && is_string(&items[2])) o->error_message = copy_text(items[2].value.as_string);
  else o->well_formed = false;
}

/* Returns the kind of a final message, or -1 for items and malformed messages. */
static int decode(decoder *d, const vm_value *message) {
  vm_outcome *o = d->outcome;
  if (message->type != Dart_CObject_kArray || message->value.as_array.length == 0 ||
      !is_int(&message->value.as_array.items[0])) {
    o->well_formed = false;
    return -1;
  }
  const vm_value *items = message->value.as_array.items;
  size_t length = message->value.as_array.length;
  switch (items[0].value.as_int) {
    case APP_CORE_MESSAGE_ITEM:
      decode_item(d, items, length);
      return -1;
    case APP_CORE_MESSAGE_VALUE:
      decode_value(o, items, length);
      return APP_CORE_MESSAGE_VALUE;
    case APP_CORE_MESSAGE_ERROR:
      decode_error(o, items, length);
      return APP_CORE_MESSAGE_ERROR;
    case APP_CORE_MESSAGE_CANCELLED:
      if (length != 1) o->well_formed = false;
      return APP_CORE_MESSAGE_CANCELLED;
    default:
      o->well_formed = false;
      return -1;
  }
}

vm_outcome vm_host_await_outcome(Dart_Port port, uint64_t timeout_ns) {
  vm_outcome outcome;
  memset(&outcome, 0, sizeof outcome);
  outcome.kind = -1;
  outcome.well_formed = true;
  outcome.items_increasing = true;
  decoder d = {&outcome, 0};
  vm_value *message;
  while (vm_host__receive(port, timeout_ns, true, &message)) {
    int kind = decode(&d, message);
    vm_value_free(message);
    if (kind >= 0) {
      outcome.kind = kind;
      if (vm_host_pending(port) > 0) outcome.well_formed = false; /* nothing may follow the final */
      break;
    }
  }
  if (vm_host_port_violations(port) > 0) outcome.well_formed = false;
  return outcome;
}

void vm_outcome_free(vm_outcome *outcome) {
  if (outcome == NULL) return;
  free(outcome->string_value);
  free(outcome->error_message);
  free(outcome->bytes_value);
  outcome->string_value = NULL;
  outcome->error_message = NULL;
  outcome->bytes_value = NULL;
  outcome->has_bytes = false;
}
