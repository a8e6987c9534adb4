/*
 * vm_callable.h: the test host's isolate-local NativeCallables, played as the
 * VM plays them (sdk/lib/ffi/ffi.dart; runtime/vm/ffi_callback_metadata.cc).
 * (The core calls no NativeCallable.listener: its log posts to a port, see
 * app_core.h, so the host plays none.)
 *
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

/* An isolate-local callable of C type app_core_word_visitor, owned by the
 * calling thread. NULL when every slot has been used. */
vm_host_callable *vm_host_isolate_local_visitor_new(bool (*fn)(void *context, const char *word, int64_t length,
                                                               void *user_data),
                                                    void *context);
app_core_word_visitor vm_host_visitor_function(const vm_host_callable *callable);

/* NativeCallable.close(): a second close is ignored. */
void vm_host_callable_close(vm_host_callable *callable);

typedef struct vm_host_callable_stats {
  uint64_t calls_after_close; /* undefined behaviour in the VM */
  uint64_t wrong_thread;      /* an isolate-local callable called off its thread: the VM aborts */
} vm_host_callable_stats;

vm_host_callable_stats vm_host_get_callable_stats(void);

#endif /* VM_CALLABLE_H */
