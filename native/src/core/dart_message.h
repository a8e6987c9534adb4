/*
 * dart_message.h: builds the protocol messages documented in app_core.h as
 * Dart_CObject trees in caller-provided storage (no allocation), so building
 * cannot fail and posting copies everything the VM needs.
 */
#ifndef APP_CORE_DART_MESSAGE_H
#define APP_CORE_DART_MESSAGE_H

#include "dart_api.h"

typedef struct app_core__message {
  Dart_CObject root; /* the kArray that is posted */
  Dart_CObject elements[3];
  Dart_CObject *element_pointers[3];
} app_core__message;

/* Each builder fills `message` and returns &message->root. String arguments
 * are borrowed until the message is posted; a NULL or invalid-UTF-8 string is
 * replaced by a fixed placeholder, so every built message is valid for the VM. */
Dart_CObject *app_core__message_value_int(app_core__message *message, int64_t value);
Dart_CObject *app_core__message_value_string(app_core__message *message, const char *value);
Dart_CObject *app_core__message_error(app_core__message *message, int32_t code, const char *text);
Dart_CObject *app_core__message_cancelled(app_core__message *message);
Dart_CObject *app_core__message_item_int(app_core__message *message, int64_t item);

/* [0, <Uint8List>] whose bytes stay where they are (kExternalTypedData): the
 * VM adopts data[0, length) and calls finalizer(NULL, peer) once it no longer
 * needs them (bytes.c decides who frees what). */
Dart_CObject *app_core__message_value_external_bytes(app_core__message *message, uint8_t *data, intptr_t length,
                                                     void *peer, Dart_HandleFinalizer finalizer);

#endif
