/*
 * vm_message.c: posting as the Dart VM does it (dart_native_api.h,
 * message_snapshot.cc), for the test host.
 *
 *  - The whole tree is validated, then copied, before the post returns; the
 *    caller's tree is only read. kInt32/kInt64 become one int; kTypedData
 *    bytes are copied at once.
 *  - External typed data is adopted, not copied (ExternalTypedData::New on
 *    the posted pointer): the received value points at the poster's bytes,
 *    and the finalizer waits until that value is freed, as for GC. The VM
 *    requires a non-NULL callback.
 *  - kSendPort arrives as a SendPort (id kept, origin_id dropped: Dart sees
 *    only the port), as the VM delivers one posted from C.
 *  - Refused: NULL strings (the VM asserts), strings that are not UTF-8,
 *    kNativePointer, kUnsupported, unknown types,
 *    bad typed-data types or lengths, NULL arrays or elements. The host's UTF-8
 *    check is strict RFC 3629 (it also refuses encoded surrogates, which newer
 *    VMs let through): the core promises strict UTF-8.
 *  - Trees deeper than MAX_DEPTH or larger than MAX_NODES (e.g. cycles) are
 *    refused instead of looping.
 */
#include "vm_message.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 256, MAX_NODES = 1 << 20, ALIGN = 8 };

/* Bytes per element, indexed by Dart_TypedData_Type (kByteData .. kFloat64x2). */
static const uint8_t element_sizes[Dart_TypedData_kInvalid] = {1, 1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 16, 16, 16};

static bool utf8_valid(const unsigned char *s, size_t length) {
  size_t i = 0;
  while (i < length) {
    unsigned lead = s[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    size_t trail;
    uint32_t code_point, minimum;
    if (lead >= 0xC2 && lead <= 0xDF) {
      trail = 1, code_point = lead & 0x1F, minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      trail = 2, code_point = lead & 0x0F, minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      trail = 3, code_point = lead & 0x07, minimum = 0x10000;
    } else {
      return false; /* continuation byte, C0/C1, F5..FF */
    }
    if (length - i - 1 < trail) return false;
    for (size_t k = 1; k <= trail; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (s[i + k] & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return false;
    i += trail + 1;
  }
  return true;
}

static bool add_size(size_t *total, size_t amount) {
  if (SIZE_MAX - *total < amount) return false;
  *total += amount;
  return true;
}

/* Byte size of a typed-data node, or false if the VM would refuse it. */
static bool typed_size(Dart_TypedData_Type type, intptr_t length, const void *data, size_t *size) {
  if ((int)type < 0 || (int)type >= (int)Dart_TypedData_kInvalid || length < 0) return false;
  size_t count = (size_t)length, element = element_sizes[type];
  if (count > SIZE_MAX / element || (count > 0 && data == NULL)) return false;
  *size = count * element;
  return true;
}

typedef struct walk {
  size_t nodes, bytes, externals, visited;
  uint64_t invalid_strings, invalid_objects;
  bool too_big;
  vm_external *collect; /* when set, external nodes are recorded here (for a rejected post) */
} walk;

/* Validates and measures; keeps going after a fault so every external node is found. */
static void walk_object(const Dart_CObject *object, int depth, walk *w) {
  if (object == NULL || depth > MAX_DEPTH) {
    w->invalid_objects++;
    return;
  }
  if (++w->visited > MAX_NODES) {
    w->too_big = true;
    return;
  }
  size_t size = 0;
  switch ((int)object->type) {
    case Dart_CObject_kNull:
    case Dart_CObject_kBool:
    case Dart_CObject_kInt32:
    case Dart_CObject_kInt64:
    case Dart_CObject_kDouble:
    case Dart_CObject_kCapability:
    case Dart_CObject_kSendPort:
      return;
    case Dart_CObject_kString: {
      const char *text = object->value.as_string;
      if (text == NULL) {
        w->invalid_objects++;
        return;
      }
      size_t length = strlen(text);
      if (!utf8_valid((const unsigned char *)text, length)) w->invalid_strings++;
      if (!add_size(&w->bytes, length) || !add_size(&w->bytes, 1)) w->too_big = true;
      return;
    }
    case Dart_CObject_kArray: {
      intptr_t length = object->value.as_array.length;
      Dart_CObject *const *values = object->value.as_array.values;
      if (length < 0 || (length > 0 && values == NULL)) {
        w->invalid_objects++;
        return;
      }
      if (!add_size(&w->nodes, (size_t)length)) {
        w->too_big = true;
        return;
      }
      for (intptr_t i = 0; i < length && !w->too_big; i++) walk_object(values[i], depth + 1, w);
      return;
    }
    case Dart_CObject_kTypedData:
      if (!typed_size(object->value.as_typed_data.type, object->value.as_typed_data.length,
                      object->value.as_typed_data.values, &size)) {
        w->invalid_objects++;
      } else if (!add_size(&w->bytes, size) || !add_size(&w->bytes, ALIGN - 1)) {
        w->too_big = true;
      }
      return;
    case Dart_CObject_kExternalTypedData:
    case Dart_CObject_kUnmodifiableExternalTypedData: {
      const Dart_CObject *e = object;
      if (e->value.as_external_typed_data.callback == NULL) {
        w->invalid_objects++;
        return;
      }
      if (w->collect != NULL) {
        vm_external *slot = &w->collect[w->externals];
        memset(slot, 0, sizeof *slot);
        slot->peer = e->value.as_external_typed_data.peer;
        slot->callback = e->value.as_external_typed_data.callback;
      }
      w->externals++;
      if (!typed_size(e->value.as_external_typed_data.type, e->value.as_external_typed_data.length,
                      e->value.as_external_typed_data.data, &size)) {
        w->invalid_objects++;
      }
      return;
    }
    default: /* kNativePointer, kUnsupported, out of range */
      w->invalid_objects++;
      return;
  }
}

/* Sits before the root of every copied value, in the same block: the
 * envelope whose finalizers wait for the value to be freed (NULL if none). */
typedef union value_head {
  vm_envelope *envelope;
  vm_value align; /* keeps the nodes after it aligned */
} value_head;

static value_head *head_of(vm_value *value) { return (value_head *)(void *)value - 1; }

typedef struct cursor {
  vm_value *nodes;
  unsigned char *bytes;
  vm_external *externals;
} cursor;

static unsigned char *take_aligned(cursor *c, size_t size) {
  unsigned char *start = c->bytes + (ALIGN - (uintptr_t)c->bytes % ALIGN) % ALIGN;
  c->bytes = start + size;
  return start;
}

/* Copies a tree walk_object() accepted into space it measured. */
static void copy_object(const Dart_CObject *src, vm_value *dst, cursor *c) {
  memset(dst, 0, sizeof *dst);
  dst->type = src->type;
  size_t size = 0;
  switch ((int)src->type) {
    case Dart_CObject_kBool:
      dst->value.as_bool = src->value.as_bool;
      break;
    case Dart_CObject_kInt32:
      dst->type = Dart_CObject_kInt64;
      dst->value.as_int = src->value.as_int32;
      break;
    case Dart_CObject_kInt64:
      dst->value.as_int = src->value.as_int64;
      break;
    case Dart_CObject_kDouble:
      dst->value.as_double = src->value.as_double;
      break;
    case Dart_CObject_kCapability:
      dst->value.as_int = src->value.as_capability.id;
      break;
    case Dart_CObject_kSendPort:
      dst->value.as_int = src->value.as_send_port.id;
      break;
    case Dart_CObject_kString: {
      size_t length = strlen(src->value.as_string);
      memcpy(c->bytes, src->value.as_string, length + 1);
      dst->value.as_string = (char *)c->bytes;
      c->bytes += length + 1;
      break;
    }
    case Dart_CObject_kArray: {
      size_t length = (size_t)src->value.as_array.length;
      dst->value.as_array.length = length;
      if (length == 0) break;
      dst->value.as_array.items = c->nodes;
      c->nodes += length;
      for (size_t i = 0; i < length; i++) copy_object(src->value.as_array.values[i], &dst->value.as_array.items[i], c);
      break;
    }
    case Dart_CObject_kTypedData:
      (void)typed_size(src->value.as_typed_data.type, src->value.as_typed_data.length, src->value.as_typed_data.values,
                       &size);
      dst->type = Dart_CObject_kTypedData;
      dst->value.as_typed_data.type = src->value.as_typed_data.type;
      dst->value.as_typed_data.length_bytes = size;
      dst->value.as_typed_data.bytes = take_aligned(c, size);
      if (size > 0) memcpy(dst->value.as_typed_data.bytes, src->value.as_typed_data.values, size);
      break;
    case Dart_CObject_kExternalTypedData:
    case Dart_CObject_kUnmodifiableExternalTypedData: {
      (void)typed_size(src->value.as_external_typed_data.type, src->value.as_external_typed_data.length,
                       src->value.as_external_typed_data.data, &size);
      dst->type = Dart_CObject_kTypedData;
      dst->value.as_typed_data.type = src->value.as_external_typed_data.type;
      dst->value.as_typed_data.length_bytes = size;
      dst->value.as_typed_data.bytes = src->value.as_external_typed_data.data; /* adopted */
      vm_external *external = c->externals++;
      external->data = src->value.as_external_typed_data.data;
      external->length_bytes = size;
      external->peer = src->value.as_external_typed_data.peer;
      external->callback = src->value.as_external_typed_data.callback;
      break;
    }
    default: /* kNull */
      break;
  }
}

static vm_envelope *new_envelope(size_t external_count) {
  if (external_count > (SIZE_MAX - sizeof(vm_envelope)) / sizeof(vm_external)) return NULL;
  vm_envelope *envelope = calloc(1, sizeof(vm_envelope) + external_count * sizeof(vm_external));
  if (envelope == NULL) return NULL;
  envelope->external_count = external_count;
  envelope->externals = (vm_external *)(envelope + 1);
  return envelope;
}

/* For a refused post: an envelope with just the finalizers, or NULL if none. */
static vm_envelope *rejected_envelope(const Dart_CObject *message, size_t external_count) {
  if (external_count == 0) return NULL;
  vm_envelope *envelope = new_envelope(external_count);
  if (envelope == NULL) return NULL;
  walk again = {0};
  again.collect = envelope->externals;
  walk_object(message, 0, &again);
  return envelope;
}

vm_copy_result vm_message_copy(const Dart_CObject *message) {
  vm_copy_result result = {0};
  walk w = {0};
  w.nodes = 1; /* the root */
  walk_object(message, 0, &w);
  if (w.too_big) w.invalid_objects++;
  result.invalid_strings = w.invalid_strings;
  result.invalid_objects = w.invalid_objects;
  if (w.invalid_strings > 0 || w.invalid_objects > 0) {
    result.envelope = rejected_envelope(message, w.externals);
    return result;
  }
  size_t node_bytes = 0, total = 0;
  bool fits = w.nodes < SIZE_MAX / sizeof(vm_value);
  if (fits) {
    node_bytes = sizeof(value_head) + w.nodes * sizeof(vm_value);
    node_bytes += (ALIGN - node_bytes % ALIGN) % ALIGN;
    total = node_bytes;
    fits = add_size(&total, w.bytes);
  }
  vm_envelope *envelope = fits ? new_envelope(w.externals) : NULL;
  unsigned char *block = envelope != NULL ? malloc(total) : NULL;
  if (block == NULL) { /* out of memory: refuse, as the VM would */
    free(envelope);
    result.envelope = rejected_envelope(message, w.externals);
    return result;
  }
  value_head *head = (value_head *)(void *)block;
  head->envelope = envelope;
  vm_value *root = (vm_value *)(head + 1);
  cursor c = {root + 1, block + node_bytes, envelope->externals};
  copy_object(message, root, &c);
  envelope->value = root;
  result.envelope = envelope;
  result.accepted = true;
  return result;
}

vm_value *vm_envelope_take_value(vm_envelope *envelope) {
  vm_value *value = envelope->value;
  envelope->value = NULL;
  if (envelope->external_count == 0) {
    head_of(value)->envelope = NULL;
    vm_envelope_free(envelope);
  }
  return value;
}

vm_envelope *vm_value_release(vm_value *value) {
  value_head *head = head_of(value);
  vm_envelope *envelope = head->envelope;
  free(head); /* one block per message */
  return envelope;
}

void vm_envelope_drop_value(vm_envelope *envelope) {
  if (envelope->value == NULL) return;
  free(head_of(envelope->value));
  envelope->value = NULL;
}

void vm_envelope_free(vm_envelope *envelope) {
  if (envelope == NULL) return;
  vm_envelope_drop_value(envelope);
  free(envelope);
}

size_t vm_envelope_finalize(vm_envelope *envelope) {
  size_t count = envelope->external_count;
  for (size_t i = 0; i < count; i++) {
    const vm_external *external = &envelope->externals[i];
    if (external->data != NULL && external->length_bytes > 0) {
      /* ASan and valgrind report these reads if the data was freed already. */
      volatile uint8_t last_look = (uint8_t)(external->data[0] ^ external->data[external->length_bytes - 1]);
      (void)last_look;
    }
    external->callback(NULL, external->peer);
  }
  vm_envelope_free(envelope);
  return count;
}

static size_t count_nodes(const vm_value *value) {
  size_t count = 1;
  if (value->type == Dart_CObject_kArray) {
    for (size_t i = 0; i < value->value.as_array.length; i++) count += count_nodes(&value->value.as_array.items[i]);
  }
  return count;
}

static void fill_cobject(const vm_value *value, Dart_CObject *dst, Dart_CObject **nodes, Dart_CObject ***pointers) {
  memset(dst, 0, sizeof *dst);
  dst->type = value->type;
  switch ((int)value->type) {
    case Dart_CObject_kBool:
      dst->value.as_bool = value->value.as_bool;
      break;
    case Dart_CObject_kInt64:
      dst->value.as_int64 = value->value.as_int;
      break;
    case Dart_CObject_kDouble:
      dst->value.as_double = value->value.as_double;
      break;
    case Dart_CObject_kCapability:
      dst->value.as_capability.id = value->value.as_int;
      break;
    case Dart_CObject_kSendPort:
      dst->value.as_send_port.id = value->value.as_int;
      dst->value.as_send_port.origin_id = APP_CORE__ILLEGAL_PORT;
      break;
    case Dart_CObject_kString:
      dst->value.as_string = value->value.as_string;
      break;
    case Dart_CObject_kArray: {
      size_t length = value->value.as_array.length;
      dst->value.as_array.length = (intptr_t)length;
      dst->value.as_array.values = *pointers;
      *pointers += length;
      for (size_t i = 0; i < length; i++) {
        Dart_CObject *child = (*nodes)++;
        dst->value.as_array.values[i] = child;
        fill_cobject(&value->value.as_array.items[i], child, nodes, pointers);
      }
      break;
    }
    case Dart_CObject_kTypedData:
      dst->value.as_typed_data.type = value->value.as_typed_data.type;
      dst->value.as_typed_data.length =
          (intptr_t)(value->value.as_typed_data.length_bytes / element_sizes[value->value.as_typed_data.type]);
      dst->value.as_typed_data.values = value->value.as_typed_data.bytes;
      break;
    default: /* kNull */
      break;
  }
}

Dart_CObject *vm_value_to_cobject(const vm_value *value) {
  size_t count = count_nodes(value);
  Dart_CObject *block = malloc(count * sizeof(Dart_CObject) + count * sizeof(Dart_CObject *));
  if (block == NULL) return NULL;
  Dart_CObject *nodes = block + 1;
  Dart_CObject **pointers = (Dart_CObject **)(void *)(block + count);
  fill_cobject(value, block, &nodes, &pointers);
  return block;
}
