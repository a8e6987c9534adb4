/*
 * vm_message.h: what the test VM host does to a posted Dart_CObject tree:
 * validate it, deep-copy it into one vm_value block, and keep the external
 * typed data (adopted, read on delivery, finalized later) in an envelope.
 */
#ifndef VM_MESSAGE_H
#define VM_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dart_vm_host.h"

/* One kExternalTypedData / kUnmodifiableExternalTypedData node of a post. */
typedef struct vm_external {
  vm_value *node; /* where its bytes land on delivery; NULL in a rejected post */
  const uint8_t *data;
  size_t length_bytes;
  void *peer;
  Dart_HandleFinalizer callback; /* never NULL: the VM requires one */
} vm_external;

/* A posted message while the host holds it (queued, or waiting for GC). */
typedef struct vm_envelope {
  struct vm_envelope *next;
  vm_value *value; /* NULL once handed out, and for rejected posts */
  size_t external_count;
  vm_external *externals; /* in the same allocation, after the struct */
} vm_envelope;

typedef struct vm_copy_result {
  vm_envelope *envelope; /* NULL if nothing needs keeping or memory ran out */
  bool accepted;         /* valid: envelope->value holds the copy */
  uint64_t invalid_strings, invalid_objects;
} vm_copy_result;

/* Validates and copies `message` (borrowed for the call, never modified).
 * Accepted: the envelope holds the copy and every external node. Rejected: the
 * envelope (if any) holds only the external nodes, for a host that runs their
 * finalizers inside the refused post (dart-lang/native#2079). */
vm_copy_result vm_message_copy(const Dart_CObject *message);

/* Copies the external bytes into the value: the VM reads adopted data when
 * Dart touches it, so a core that frees it early is caught here. */
void vm_envelope_deliver(vm_envelope *envelope);

/* Frees the value still held and the envelope; runs no finalizer. NULL ok. */
void vm_envelope_free(vm_envelope *envelope);

/* Runs the envelope's finalizers, frees it and returns how many ran. Each
 * first reads the first and last byte of its data (when it was delivered or
 * is still queued), as Dart may until GC: data freed early is caught here. */
size_t vm_envelope_finalize(vm_envelope *envelope);

/* A Dart_CObject view of `value` in one block (free() it), for native port
 * handlers; strings and bytes point into `value`. NULL if memory ran out. */
Dart_CObject *vm_value_to_cobject(const vm_value *value);

#endif
