/*
 * fig_bytes.c: figure 8, bytes between native code and Dart.
 *
 * Transfer: 1 MiB handed to Dart as the final value [0, <Uint8List>], timed
 * per message from the post until the receiver has it and has let go of it.
 * Ours is what the core does (core/bytes.c): kExternalTypedData, which the VM
 * host adopts without a copy, as the VM does; the receiver frees the message
 * and the next GC runs the finalizer, which frees the buffer. The baseline is
 * what a copying core does: the same bytes as kTypedData, which the host
 * copies inside the post, from one buffer the poster keeps and refills.
 * Posting and receiving happen on one thread, so no wake-up is counted: the
 * figure is the transfer's own cost. Buffers are filled untimed. The baseline
 * is the cheap side of a copy: the VM copies kTypedData twice (into the
 * message, then into the Dart heap), the host once; and its poster reuses a
 * warm buffer, so malloc keeps the copies' pages (a fresh buffer per message
 * made glibc give the 2 MiB back each time, and each copy then paid about
 * 256 page faults, 20 times the memcpy).
 * Every answer is checked: the length, the adopted pointer, the bytes.
 * fig_bytes_examples.c has the rows of the examples that use these bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "bench.h"
#include "core/bytes.h"
#include "dart_vm_host.h"

const struct vm_value *fig_bytes_value(const struct vm_value *message) {
  if (message->type != Dart_CObject_kArray || message->value.as_array.length != 2) return NULL;
  const vm_value *items = message->value.as_array.items;
  if (items[0].type != Dart_CObject_kInt64 || items[0].value.as_int != APP_CORE_MESSAGE_VALUE) return NULL;
  if (items[1].type != Dart_CObject_kTypedData || items[1].value.as_typed_data.type != Dart_TypedData_kUint8)
    return NULL;
  return &items[1];
}

/* A buffer of `size` bytes, every page written (untimed). */
static app_core__bytes *filled_buffer(size_t size, uint8_t seed) {
  app_core__bytes *bytes = app_core__bytes_new(size);
  if (bytes == NULL) bench_fatal("out of memory");
  memset(bytes->data, seed, size);
  bytes->length = size;
  return bytes;
}

/* [0, kTypedData] over `data`: the message a copying core posts. */
static bool post_copied(Dart_Port port, const uint8_t *data, size_t size) {
  Dart_CObject kind, list, *items[2] = {&kind, &list}, root;
  memset(&kind, 0, sizeof kind);
  kind.type = Dart_CObject_kInt32;
  kind.value.as_int32 = APP_CORE_MESSAGE_VALUE;
  memset(&list, 0, sizeof list);
  list.type = Dart_CObject_kTypedData;
  list.value.as_typed_data.type = Dart_TypedData_kUint8;
  list.value.as_typed_data.length = (intptr_t)size;
  list.value.as_typed_data.values = data;
  memset(&root, 0, sizeof root);
  root.type = Dart_CObject_kArray;
  root.value.as_array.length = 2;
  root.value.as_array.values = items;
  return post_probe_post(port, &root);
}

latency_figure fig_bytes_transfer(bool zero_copy, size_t messages, size_t size) {
  uint64_t *latencies = bench_alloc(messages * sizeof *latencies);
  Dart_Port port = vm_host_open_port();
  if (port == APP_CORE__ILLEGAL_PORT) bench_fatal("vm_host_open_port failed");
  uint8_t *kept = zero_copy ? NULL : bench_alloc(size); /* the copying poster's buffer */
  for (size_t i = 0; i < messages; i++) {
    uint8_t seed = (uint8_t)(i * 31 + 1);
    app_core__bytes *bytes = NULL;
    const uint8_t *posted = kept;
    if (zero_copy) {
      bytes = filled_buffer(size, seed); /* a new one each time: the last one was handed over */
      posted = bytes->data;
    } else {
      memset(kept, seed, size);
    }
    uint64_t start = bench_now_ns();
    bool accepted = zero_copy ? app_core__bytes_post_value(port, bytes) : post_copied(port, kept, size);
    vm_value *message = bench_receive(port);
    const vm_value *list = fig_bytes_value(message);
    bool ok = accepted && list != NULL && list->value.as_typed_data.length_bytes == size &&
              (zero_copy == (list->value.as_typed_data.bytes == posted)) &&
              list->value.as_typed_data.bytes[0] == seed && list->value.as_typed_data.bytes[size - 1] == seed;
    vm_value_free(message);
    vm_host_collect_garbage(); /* the Uint8List is unreachable: GC runs its finalizer */
    latencies[i] = bench_now_ns() - start;
    if (!ok)
      bench_fatal("1 MiB %s: message %zu is not the [0, <Uint8List>] posted", zero_copy ? "zero-copy" : "copied", i);
  }
  vm_host_close_port(port);
  free(kept);
  if (app_core__bytes_live_count() != 0)
    bench_fatal("1 MiB transfer: %d buffers never freed", (int)app_core__bytes_live_count());
  latency_figure figure = bench_latency_figure(latencies, messages);
  free(latencies);
  return figure;
}
