/* dart_message.c: the protocol messages of app_core.h as Dart_CObject arrays. */
#include "dart_message.h"

#include <string.h>

#include "app_core.h"
#include "utf8.h"

/* The VM must only ever see valid UTF-8 in a kString. */
static const char invalid_text_placeholder[] = "(text was not valid UTF-8)";

static Dart_CObject *start(app_core__message *message, int32_t kind, intptr_t length) {
  memset(message, 0, sizeof *message);
  message->root.type = Dart_CObject_kArray;
  message->root.value.as_array.length = length;
  message->root.value.as_array.values = message->element_pointers;
  for (intptr_t i = 0; i < length; i++) message->element_pointers[i] = &message->elements[i];
  message->elements[0].type = Dart_CObject_kInt32;
  message->elements[0].value.as_int32 = kind;
  return &message->root;
}

static void set_int(Dart_CObject *object, int64_t value) {
  object->type = Dart_CObject_kInt64;
  object->value.as_int64 = value;
}

static void set_string(Dart_CObject *object, const char *text) {
  bool valid = text != NULL && app_core__utf8_validate(text, strlen(text)).valid;
  object->type = Dart_CObject_kString;
  object->value.as_string = valid ? text : invalid_text_placeholder;
}

Dart_CObject *app_core__message_value_int(app_core__message *message, int64_t value) {
  Dart_CObject *root = start(message, APP_CORE_MESSAGE_VALUE, 2);
  set_int(&message->elements[1], value);
  return root;
}

Dart_CObject *app_core__message_value_string(app_core__message *message, const char *value) {
  Dart_CObject *root = start(message, APP_CORE_MESSAGE_VALUE, 2);
  set_string(&message->elements[1], value);
  return root;
}

Dart_CObject *app_core__message_error(app_core__message *message, int32_t code, const char *text) {
  Dart_CObject *root = start(message, APP_CORE_MESSAGE_ERROR, 3);
  message->elements[1].type = Dart_CObject_kInt32;
  message->elements[1].value.as_int32 = code;
  /* A failed allocation leaves no text; the code alone must still arrive. */
  set_string(&message->elements[2], text != NULL ? text : app_core_error_name(code));
  return root;
}

Dart_CObject *app_core__message_cancelled(app_core__message *message) {
  return start(message, APP_CORE_MESSAGE_CANCELLED, 1);
}

Dart_CObject *app_core__message_item_int(app_core__message *message, int64_t item) {
  Dart_CObject *root = start(message, APP_CORE_MESSAGE_ITEM, 2);
  set_int(&message->elements[1], item);
  return root;
}

Dart_CObject *app_core__message_value_external_bytes(app_core__message *message, uint8_t *data, intptr_t length,
                                                     void *peer, Dart_HandleFinalizer finalizer) {
  Dart_CObject *root = start(message, APP_CORE_MESSAGE_VALUE, 2);
  Dart_CObject *bytes = &message->elements[1];
  bytes->type = Dart_CObject_kExternalTypedData; /* modifiable: the bytes are Dart's alone */
  bytes->value.as_external_typed_data.type = Dart_TypedData_kUint8;
  bytes->value.as_external_typed_data.length = length;
  bytes->value.as_external_typed_data.data = data;
  bytes->value.as_external_typed_data.peer = peer;
  bytes->value.as_external_typed_data.callback = finalizer;
  return root;
}
