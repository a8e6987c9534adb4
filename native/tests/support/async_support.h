/* async_support.h: what the async tests share: host set-up, clocks, files. */
#ifndef APP_CORE_ASYNC_SUPPORT_H
#define APP_CORE_ASYNC_SUPPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "dart_vm_host.h"
#include "examples/sha256.h"

/* A fresh VM host with app_core_init_dart_api done, and its teardown (which
 * shuts the runtime down first, so no task outlives the host). */
void start_host(void);
void stop_host(void);

/* Timing bounds are multiplied by APP_CORE_TEST_SLOW_FACTOR (default 1), which
 * the test command raises under valgrind and emulators. */
uint64_t slow_factor(void);

/* Threads in this process, or -1 where the OS does not say (no /proc). */
int process_thread_count(void);

/* Polls the host until it has rejected `count` posts; false on timeout. */
bool wait_for_rejected_posts(uint64_t count, uint64_t timeout_ns);

/* Writes `size` deterministic pseudo-random bytes; if expected_hex is not
 * NULL, also stores their SHA-256 (computed in memory). */
void write_pattern_file(const char *path, uint64_t size, char expected_hex[APP_CORE__SHA256_HEX_SIZE]);
void write_text_file(const char *path, const char *content);

/* Writes a file of `size` zero bytes (at most LONG_MAX) that file systems
 * which can store it sparsely do: quick to make, long to hash. */
void write_sparse_file(const char *path, uint64_t size);

#endif
