/* demo.h: the parts of the demo program. */
#ifndef APP_CORE_DEMO_H
#define APP_CORE_DEMO_H

#include <stdbool.h>

/* Prints an UNEXPECTED line and counts it (main's exit status) unless the
 * result is as app_core.h documents. */
void demo_expect(bool as_documented, const char *what);

/* Runs the async tour. */
void demo_async(void);

/* The runtime's controls: the worker count (before the runtime starts), and
 * an isolate's exit cancelling its tasks (vm_host running). */
void demo_worker_count(void);
void demo_isolate_exit(void);

/* Calling Dart from C: a visitor on the calling thread; the core's log read
 * through a listener's port (vm_host running). */
void demo_visit_words(void);
void demo_log(void);

#endif
