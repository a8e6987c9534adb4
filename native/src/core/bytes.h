/*
 * bytes.h: a byte buffer handed to Dart without a copy, as the final value
 * [0, <Uint8List>] of a task.
 *
 * The buffer travels as Dart_CObject_kExternalTypedData: the VM adopts the
 * memory and calls a finalizer when Dart no longer needs it. What the VM does
 * with that finalizer (dart-lang/sdk, runtime/vm):
 *  - Post accepted: the finalizer runs exactly once, later, on a VM thread:
 *    when the Uint8List is garbage-collected, or when the message is dropped
 *    unread (its isolate shut down; ~MessageFinalizableData in
 *    finalizable_data.h runs every record not taken). It may even run before
 *    Dart_PostCObject has returned true, if the isolate dies at once.
 *  - Post refused, port unknown: PortMap::PostMessage (port.cc) calls
 *    message->DropFinalizers() and returns false: no finalizer, ever. Older
 *    VMs did `delete message; return false;` there instead, which runs the
 *    finalizer inside the refused post.
 *  - Post refused, port map gone (VM shutting down: `if (ports_ == nullptr)
 *    return false;` in the same function): the message, finalizers included, is
 *    destroyed as the function returns, so the finalizer runs INSIDE the
 *    refused post (dart-lang/native#2079 reports this as a double free in code
 *    that frees on false). A message that fails to serialise is refused before
 *    any finalizer is registered (WriteApiMessage, message_snapshot.cc).
 * So after a refused post the VM is finished with the buffer either way, but
 * may or may not have called the finalizer.
 *
 * The rule here: the buffer has two owners, the poster and the VM's
 * finalizer, and whichever releases second frees it (one compare-and-swap on
 * a flag in the buffer's header, which is the finalizer's peer). After an
 * accepted post the poster releases at once, so the finalizer frees it, or
 * the poster does if the finalizer was first. After a refused post the VM
 * holds nothing, so the poster frees it whether or not the finalizer ran.
 * Either way it is freed exactly once.
 *
 * (Rejected alternative: post [0, address, length] and let Dart wrap it with
 * asTypedList(finalizer: ...). A message dropped unread, e.g. queued when the
 * isolate exits, carries only an integer, so nothing would ever free it.)
 */
#ifndef APP_CORE_BYTES_H
#define APP_CORE_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dart_api.h"

typedef struct app_core__bytes {
  volatile int32_t released_once; /* 0 until the first of the two owners lets go */
  size_t length;                  /* bytes of data in use */
  size_t capacity;                /* bytes of data allocated */
  uint8_t data[];                 /* in the same allocation */
} app_core__bytes;

/* A new empty buffer with room for `capacity` bytes, or NULL if memory ran out. */
app_core__bytes *app_core__bytes_new(size_t capacity);

/* Moves the buffer to room for `capacity` bytes (length is cut to fit), like
 * realloc: returns the buffer to use from now on, or NULL with `bytes` still
 * valid and unchanged if memory ran out. Only before the buffer is posted. */
app_core__bytes *app_core__bytes_resize(app_core__bytes *bytes, size_t capacity);

/* Frees a buffer that was never posted. NULL is a no-op. */
void app_core__bytes_free(app_core__bytes *bytes);

/* Posts [0, <Uint8List of bytes->data[0, length)>] to `port` and hands the
 * buffer over: the caller must not touch it afterwards, whatever the result.
 * Returns what Dart_PostCObject returned (false also if the API is not
 * initialised). bytes->length must be at most INTPTR_MAX. */
bool app_core__bytes_post_value(Dart_Port port, app_core__bytes *bytes);

/* Buffers allocated and not yet freed, for tests that prove each is freed
 * exactly once. */
int32_t app_core__bytes_live_count(void);

#endif
