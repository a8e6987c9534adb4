/* vm_host_internal.h: shared between the test VM host's own files. */
#ifndef VM_HOST_INTERNAL_H
#define VM_HOST_INTERNAL_H

#include "dart_vm_host.h"

/* vm_host_receive, but with stop_on_violation it also returns false (at once)
 * when the queue is empty and a malformed post to the port was refused. */
bool vm_host__receive(Dart_Port port, uint64_t timeout_ns, bool stop_on_violation, vm_value **message);

#endif
