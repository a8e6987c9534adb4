/* fork_child.h: runs a function in a forked child and waits for it (POSIX
 * only; the fork tests skip Windows, which has no fork). */
#ifndef APP_CORE_FORK_CHILD_H
#define APP_CORE_FORK_CHILD_H

#include <stdbool.h>
#include <stdint.h>

#if !defined(_WIN32)
/* Forks, runs child_main(arg) in the child (which must _exit), and returns
 * the child's wait status; a child still running after HUNG_AFTER_NS hung: it
 * is killed and fails the test. */
int fork_and_wait(void (*child_main)(int64_t), int64_t arg);

/* Whether a forked child can start a thread: not under TSan, qemu-user or
 * ASan (whose allocator is not fork-safe), where the fork tests check less. */
bool forked_child_can_start_threads(void);
#endif

#endif
