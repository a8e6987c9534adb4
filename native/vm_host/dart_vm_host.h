/*
 * dart_vm_host.h: a test host that behaves like the Dart VM towards the core.
 *
 * It hands out a Dart API DL table (what NativeApi.initializeApiDLData points
 * to) whose functions post into per-port queues (or one queue per "isolate")
 * the test thread reads back.
 * Posting copies like the VM does, and adopts external typed data without a
 * copy like the VM does (see vm_message.c and dart_vm_host.c for the rules
 * copied and the few places where the host is deliberately stricter).
 *
 * Threads: every function may be called from any thread, concurrently, except
 * vm_host_start/vm_host_stop, which the test thread calls while no other thread
 * is inside a vm_host_* call. The DL functions stay safe to call after
 * vm_host_stop (they then refuse every post), so a core that still holds the
 * table never calls into freed state.
 */
#ifndef DART_VM_HOST_H
#define DART_VM_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dart_api.h" /* internal header: Dart_CObject, Dart_Port, app_core__dart_api_data */

/* A received message, owned by the receiver: a deep copy, except that
 * external typed data points at the poster's bytes (adopted, as in Dart). */
typedef struct vm_value {
  /* Normalised as Dart sees it: kInt32 and kInt64 both arrive as kInt64;
   * kTypedData, kExternalTypedData and kUnmodifiableExternalTypedData all
   * arrive as kTypedData; kCapability and kSendPort keep their type with the
   * id in as_int. */
  Dart_CObject_Type type;
  union {
    bool as_bool;
    int64_t as_int; /* kInt32 and kInt64 both land here, as Dart makes both an int */
    double as_double;
    char *as_string;
    struct {
      size_t length;
      struct vm_value *items;
    } as_array;
    struct {
      Dart_TypedData_Type type;
      size_t length_bytes;
      uint8_t *bytes;
    } as_typed_data; /* kTypedData: a copy; external: the posted data pointer itself */
  } value;
} vm_value;

/* Frees a value returned by vm_host_receive (a root, never a part of one).
 * NULL is a no-op. Its external typed data becomes garbage: the finalizers
 * run at the next vm_host_collect_garbage (at once if the host has stopped). */
void vm_value_free(vm_value *value);

/* Fresh host state: no ports, zeroed stats. A no-op while already running;
 * starting again after vm_host_stop gives a fresh state again. */
void vm_host_start(void);

/* Closes all ports (dropping queued messages), runs every pending finalizer,
 * frees everything, including the variant tables. Stats stay readable until
 * the next vm_host_start. Later posts return false. */
void vm_host_stop(void);

/* A complete DL table (major 2, minor 5) to pass to app_core_init_dart_api.
 * Static: valid for the whole process, running or not. */
void *vm_host_api_data(void);

/* The same table with another major and/or one function left out (NULL =
 * none). NULL only if memory ran out. Valid until vm_host_stop. */
void *vm_host_api_data_variant(int major, const char *omit_function);

/* The function a DL table (vm_host_api_data or a variant) lists under `name`,
 * or NULL; convert it back to its Dart_*_Type before calling. */
void (*vm_host_api_lookup(const void *table, const char *name))(void);

/* A new receive port: an id > 0, never reused within the process (ids start
 * above 2^32, so a core that truncates ports to 32 bits posts nowhere).
 * Returns 0 (ILLEGAL_PORT) if the host is not running or memory ran out. */
Dart_Port vm_host_open_port(void);

/* Closes a receive or native port: later posts to it return false; queued
 * messages are dropped (freed, their finalizers become due, as when an
 * isolate dies with messages queued); a thread blocked in vm_host_receive on
 * it returns false. Unknown ports are ignored. */
void vm_host_close_port(Dart_Port port);

/* Blocks until a message is queued on `port` or timeout_ns passes. On success
 * *message is the oldest message (FIFO per port), owned by the caller (free it
 * with vm_value_free). Returns false, with *message NULL, on timeout, for
 * unknown, closed and native ports, and if message is NULL. */
bool vm_host_receive(Dart_Port port, uint64_t timeout_ns, vm_value **message);

/* An "isolate": one message queue with its own lock that all its ports
 * deliver into, as every port of a Dart isolate delivers into the isolate's
 * one MessageQueue. A post to one of its ports costs what any post costs (the
 * host lock, the port lookup, the copy); receiving takes neither the host lock
 * nor a port lookup. NULL if memory ran out. */
typedef struct vm_host_isolate vm_host_isolate;
vm_host_isolate *vm_host_open_isolate(void);

/* A new receive port delivering into `isolate`, as vm_host_open_port. Close it
 * with vm_host_close_port (its queued messages are dropped) or with the
 * isolate. vm_host_receive and vm_host_await_outcome refuse such ports (they
 * return false / kind -1): receive with vm_host_receive_any. */
Dart_Port vm_host_open_port_in(vm_host_isolate *isolate);

/* Blocks until a message is queued on any open port of `isolate` or timeout_ns
 * passes. On success *message is the oldest message of the isolate (in the
 * order the posts were accepted), owned by the caller, and *port the port it
 * was posted to. Returns false, with *message NULL and *port 0, on timeout.
 * One receiving thread per isolate, as an isolate has one thread. */
bool vm_host_receive_any(vm_host_isolate *isolate, uint64_t timeout_ns, Dart_Port *port, vm_value **message);

/* Closes every port of the isolate (dropping their messages) and frees it,
 * also after vm_host_stop. No thread may be inside vm_host_receive_any on it.
 * NULL is a no-op. */
void vm_host_close_isolate(vm_host_isolate *isolate);

/* Plays "an isolate ends" for Isolate.addOnExitListener(listener, response:
 * response): posts `response` to the listener's port as the VM does (kInt32
 * when it fits 32 bits, else kInt64). A native port's handler runs before
 * this returns. False if the port is unknown or closed. */
bool vm_host_notify_exit(Dart_Port listener, int64_t response);

/* Messages queued on `port`, not yet received (0 for unknown ports). */
size_t vm_host_pending(Dart_Port port);

/* Rejected malformed posts aimed at this (open) port so far: invalid UTF-8,
 * NULL strings, unsupported types. The VM refuses them; the core's protocol
 * never produces them. 0 for unknown ports. */
uint64_t vm_host_port_violations(Dart_Port port);

typedef struct vm_host_stats {
  uint64_t posts_accepted, posts_rejected, finalizers_run;
  uint64_t invalid_strings;  /* kString nodes that were not strict UTF-8 */
  uint64_t invalid_objects;  /* other refused nodes: unsupported types, NULL pointers, bad lengths, depth */
  uint64_t unexpected_calls; /* calls to table entries the host does not implement */
} vm_host_stats;

vm_host_stats vm_host_get_stats(void);

/* Runs the external-typed-data finalizers that are due, as GC would: those of
 * received messages already freed with vm_value_free, and of dropped ones. Finalizers run on the calling thread,
 * outside the host lock, oldest first. Each first reads its data's first and
 * last byte, as Dart may until GC, so data freed early is caught. */
void vm_host_collect_garbage(void);

/* What a refused post does with the finalizers of its external typed data.
 * The VM does either, depending on why it refuses (runtime/vm/port.cc,
 * PortMap::PostMessage), and never runs them after returning false. */
typedef enum vm_host_refusal {
  /* Runs them inside the post, before it returns false: the VM once its port
   * map is gone (`if (ports_ == nullptr) return false;` destroys the message),
   * reported as dart-lang/native#2079. The default. */
  VM_HOST_REFUSAL_FINALIZES,
  /* Runs none: the data stays the poster's (an unknown port: the VM calls
   * message->DropFinalizers(); a message that fails to serialise). */
  VM_HOST_REFUSAL_KEEPS
} vm_host_refusal;

/* Chooses how refused posts treat finalizers from now until the next
 * vm_host_start, which restores VM_HOST_REFUSAL_FINALIZES. */
void vm_host_set_refusal(vm_host_refusal refusal);

/* When on, each accepted post to a receive port is dropped at once: its
 * finalizers run on the posting thread before the post returns true, as when
 * the isolate shuts down right after accepting (MessageQueue::Clear deletes
 * the message on another thread while the poster is still in its call). Off
 * again at vm_host_start. */
void vm_host_set_drop_accepted(bool drop);

/* When gate is not NULL, Dart_NewNativePort calls gate() first, on the
 * caller's thread and outside every host lock, so a test can hold a thread
 * inside the core's call into the VM (or slow it down). NULL restores the
 * plain call. Not reset by vm_host_start. */
void vm_host_set_new_native_port_gate(void (*gate)(void));

/* Protocol decoding for async tests: receives messages on `port` until the final one. */
typedef struct vm_outcome {
  int kind;         /* APP_CORE_MESSAGE_VALUE / _ERROR / _CANCELLED, or -1 on timeout (or closed port) */
  bool well_formed; /* every message so far matched the protocol in app_core.h exactly */
  bool has_int;
  int64_t int_value;
  char *string_value; /* for VALUE: an int or a string */
  int32_t error_code;
  char *error_message; /* for ERROR */
  size_t item_count;
  int64_t first_item, last_item; /* [3, int] stream items seen before the final */
  bool items_increasing;         /* each item above the one before */
  bool has_bytes;                /* for VALUE: a Uint8List (typed data of kUint8) */
  uint8_t *bytes_value;          /* a copy of it, bytes_length bytes; never NULL when has_bytes */
  size_t bytes_length;
} vm_outcome;

/* Receives until a final message ([0, v], [1, code, text] or [2]). The timeout
 * applies to each wait. Also well_formed = false when: a message is not one of
 * the protocol's shapes (a VALUE that is not an int, string or Uint8List, an
 * ITEM that is neither int nor string, an
 * ERROR code that is not a known non-OK app_core_error_code), a message is
 * already queued behind the final one, or a malformed post to this port was
 * rejected (then, once the queue is empty, it returns at once with kind -1:
 * after a refused post the core posts nothing more). Strings are owned by the
 * outcome: free them with vm_outcome_free. */
vm_outcome vm_host_await_outcome(Dart_Port port, uint64_t timeout_ns);
void vm_outcome_free(vm_outcome *outcome);

#endif /* DART_VM_HOST_H */
