/*
 * fuzz_dart_message.c: every builder in src/dart_message.h with fuzzed ints
 * and strings (NULL, valid and invalid UTF-8), built into storage first
 * filled with fuzz bytes. The tree must be well-formed: a kArray whose
 * length is the protocol's for that kind, every element inside the message,
 * the kind first, ints carried exactly, every kString valid UTF-8 by the
 * reference decoder, and a valid string passed through unchanged (borrowed).
 *
 * Input: repeated [op: 1 byte][fill: 1 byte][operands]; strings are
 * [length: 1 byte][bytes].
 */
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "core/dart_message.h"
#include "fuzz_support.h"

enum { max_string = 64 };

/* Checks the shape shared by every message and returns element 1 or NULL. */
static const Dart_CObject *check_array(const app_core__message *message, const Dart_CObject *root, int32_t kind,
                                       intptr_t length) {
  FUZZ_REQUIRE(root == &message->root);
  FUZZ_REQUIRE(root->type == Dart_CObject_kArray);
  FUZZ_REQUIRE(root->value.as_array.length == length);
  Dart_CObject *const *values = root->value.as_array.values;
  FUZZ_REQUIRE(values != NULL);
  for (intptr_t i = 0; i < length; i++) {
    /* Each element is one of the message's own, in order, so the tree holds no cycles or strays. */
    FUZZ_REQUIRE(values[i] == &message->elements[i]);
  }
  FUZZ_REQUIRE(values[0]->type == Dart_CObject_kInt32 && values[0]->value.as_int32 == kind);
  return length > 1 ? values[1] : NULL;
}

static void check_string(const Dart_CObject *object, const char *given) {
  FUZZ_REQUIRE(object->type == Dart_CObject_kString);
  FUZZ_REQUIRE(object->value.as_string != NULL);
  FUZZ_REQUIRE(fuzz_utf8_text_valid(object->value.as_string));
  if (given != NULL && fuzz_utf8_text_valid(given)) FUZZ_REQUIRE(object->value.as_string == given);
}

static void check_int(const Dart_CObject *object, int64_t value) {
  bool as_32 = object->type == Dart_CObject_kInt32 && object->value.as_int32 == value;
  bool as_64 = object->type == Dart_CObject_kInt64 && object->value.as_int64 == value;
  FUZZ_REQUIRE(as_32 || as_64);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_reader reader = {data, size};
  while (reader.size > 0) {
    uint8_t op = fuzz_read_u8(&reader);
    app_core__message message;
    memset(&message, fuzz_read_u8(&reader), sizeof message); /* the builder must not rely on zeroed storage */
    switch ((op & 0x07u) % 5u) {                             /* bit 3 is a flag, below */
      case 0: {
        int64_t value = (int64_t)fuzz_read_u64(&reader);
        Dart_CObject *root = app_core__message_value_int(&message, value);
        check_int(check_array(&message, root, APP_CORE_MESSAGE_VALUE, 2), value);
        break;
      }
      case 1: {
        /* Bit 3 of op: pass NULL instead of a string. */
        char *text = (op & 0x08u) != 0 ? NULL : fuzz_read_string(&reader, max_string);
        Dart_CObject *root = app_core__message_value_string(&message, text);
        check_string(check_array(&message, root, APP_CORE_MESSAGE_VALUE, 2), text);
        free(text);
        break;
      }
      case 2: {
        int32_t code = (int32_t)fuzz_read_u32(&reader);
        char *text = (op & 0x08u) != 0 ? NULL : fuzz_read_string(&reader, max_string);
        Dart_CObject *root = app_core__message_error(&message, code, text);
        check_int(check_array(&message, root, APP_CORE_MESSAGE_ERROR, 3), code);
        check_string(message.element_pointers[2], text);
        free(text);
        break;
      }
      case 3: {
        Dart_CObject *root = app_core__message_cancelled(&message);
        FUZZ_REQUIRE(check_array(&message, root, APP_CORE_MESSAGE_CANCELLED, 1) == NULL);
        break;
      }
      default: {
        int64_t item = (int64_t)fuzz_read_u64(&reader);
        Dart_CObject *root = app_core__message_item_int(&message, item);
        check_int(check_array(&message, root, APP_CORE_MESSAGE_ITEM, 2), item);
        break;
      }
    }
  }
  return 0;
}
