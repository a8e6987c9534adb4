/*
 * vm_message.h: what the test VM host does to a posted Dart_CObject tree:
 * validate it, deep-copy it into one vm_value block, and keep the finalizers
 * of its external typed data (adopted, not copied) in an envelope until the
 * received value is freed.
 */
#ifndef VM_MESSAGE_H
#define VM_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dart_vm_host.h"

/* One kExternalTypedData / kUnmodifiableExternalTypedData node of a post. */
typedef struct vm_external {
  const uint8_t *data; /* NULL in a rejected post */
  size_t length_bytes;
  void *peer;
  Dart_HandleFinalizer callback; /* never NULL: the VM requires one */
} vm_external;

/* A posted message while the host holds it: queued, received and not yet
 * freed (when it has external data), or waiting for GC. */
typedef struct vm_envelope {
  struct vm_envelope *next;
  Dart_Port port;  /* the destination: set by the host when it queues a post */
  vm_value *value; /* NULL once handed out or dropped, and for rejected posts */
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

/* Hands the value out (the caller frees it with vm_value_free). An envelope
 * without external data is freed here; one with it stays, reachable from the
 * value, until vm_value_release returns it. */
vm_value *vm_envelope_take_value(vm_envelope *envelope);

/* Frees a value handed out by vm_envelope_take_value and returns the
 * envelope that waited for it (its finalizers now due), or NULL. */
vm_envelope *vm_value_release(vm_value *value);

/* Frees the value the envelope still holds (a message dropped unread). */
void vm_envelope_drop_value(vm_envelope *envelope);

/* Frees the value still held and the envelope; runs no finalizer. NULL ok. */
void vm_envelope_free(vm_envelope *envelope);

/* Runs the envelope's finalizers, frees it and returns how many ran. Each
 * first reads the first and last byte of its data (of an accepted post), as
 * Dart may until GC: data freed early is caught here. */
size_t vm_envelope_finalize(vm_envelope *envelope);

/* A Dart_CObject view of `value` in one block (free() it), for native port
 * handlers; strings and bytes point into `value`. NULL if memory ran out. */
Dart_CObject *vm_value_to_cobject(const vm_value *value);

#endif
