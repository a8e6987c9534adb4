/*
 * vm_callable.h: the test host's NativeCallables, played as the VM plays them
 * (sdk/lib/ffi/ffi.dart; runtime/vm/ffi_callback_metadata.cc).
 *
 *  - A listener (NativeCallable.listener): callable from any thread; the call
 *    returns at once and the function runs later, on the thread that calls
 *    vm_host_run_listener_calls (the "isolate" thread), as the VM sends the
 *    arguments to the isolate as a message. Calls still queued when the
 *    callable closes are dropped, as the VM drops messages to a closed port.
 *  - An isolate-local callable (NativeCallable.isolateLocal): runs the
 *    function at once, and only on the thread that created it. A call from
 *    another thread is counted as `wrong_thread` and returns false without
 *    running it (the VM aborts the process).
 *  - After vm_host_callable_close, calling the function pointer is undefined
 *    behaviour in the VM (its trampoline may already serve another callable):
 *    the host counts each such call in `calls_after_close` and runs nothing.
 *    Slots are never reused within the process, so every such call is seen.
 * Tests assert both counters are 0 (or, where a test shows the detection,
 * exactly what it provoked).
 *
 * Threads: all functions may be called from any thread.
 */
#ifndef VM_CALLABLE_H
#define VM_CALLABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "app_core.h"

typedef struct vm_host_callable vm_host_callable;

/* A listener of C type void(int64_t); fn(context, value) runs on the isolate
 * thread. NULL when every slot has been used. */
vm_host_callable *vm_host_listener_new(void (*fn)(void *context, int64_t value), void *context);
app_core_log_wakeup vm_host_listener_function(const vm_host_callable *callable);

/* An isolate-local callable of C type app_core_word_visitor, owned by the
 * calling thread. NULL when every slot has been used. */
vm_host_callable *vm_host_isolate_local_visitor_new(bool (*fn)(void *context, const char *word, int64_t length,
                                                               void *user_data),
                                                    void *context);
app_core_word_visitor vm_host_visitor_function(const vm_host_callable *callable);

/* NativeCallable.close(): a second close is ignored. */
void vm_host_callable_close(vm_host_callable *callable);

/* Waits until a listener call is queued or timeout_ns passes, then runs every
 * queued call on this thread, oldest first. Returns how many functions ran
 * (calls dropped because their callable closed are not counted). */
uint64_t vm_host_run_listener_calls(uint64_t timeout_ns);

/* Listener calls made and not yet run or dropped. */
uint64_t vm_host_pending_listener_calls(void);

typedef struct vm_host_callable_stats {
  uint64_t calls_after_close; /* undefined behaviour in the VM */
  uint64_t wrong_thread;      /* an isolate-local callable called off its thread: the VM aborts */
  uint64_t listener_calls;    /* listener calls accepted (made while open) */
  uint64_t listener_dropped;  /* accepted, but the callable closed before they ran */
} vm_host_callable_stats;

vm_host_callable_stats vm_host_get_callable_stats(void);

#endif /* VM_CALLABLE_H */
