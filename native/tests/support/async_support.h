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

/* Threads in this process, or -1 where the OS does not say (no /proc). */
int process_thread_count(void);

/* Polls the host until it has rejected `count` posts; false if that has not
 * happened after HUNG_AFTER_NS. */
bool wait_for_rejected_posts(uint64_t count);

/* Work that computes until it is cancelled, whose progress a test can watch
 * without a clock: `started` turns 1 once a worker runs it, then `progress`
 * counts its loops until its first check after a cancel, when it returns
 * without an outcome (so it answers [2]). */
typedef struct spinner {
  volatile int32_t started;
  volatile int32_t progress;
} spinner;

/* Starts `s` as a task answering on `port` and returns the task id. At most
 * SPINNERS_MAX per test process. */
#define SPINNERS_MAX 16
int64_t spinner_start(spinner *s, Dart_Port port);

/* Returns once a worker runs `s`; fails the test after HUNG_AFTER_NS. */
void spinner_await_started(spinner *s);

int32_t spinner_progress(spinner *s);

/* Starts a task that waits `delay_ns` on the runtime's timers, then answers
 * [0, 1]. With a delay far beyond HUNG_AFTER_NS, any answer that comes proves
 * it did not wait for the timer. */
int64_t start_waiting_task(Dart_Port port, uint64_t delay_ns);
#define AN_HOUR_NS (UINT64_C(3600) * UINT64_C(1000000000))

/* Writes `size` deterministic pseudo-random bytes; if expected_hex is not
 * NULL, also stores their SHA-256 (computed in memory). */
void write_pattern_file(const char *path, uint64_t size, char expected_hex[APP_CORE__SHA256_HEX_SIZE]);

/* Waits for the task's final message on `port` (a timeout means "hung") and
 * expects it well formed and of `kind` (APP_CORE_MESSAGE_*). */
void expect_outcome_kind(Dart_Port port, int kind);

/* Hashes `path` with app_core_sha256_file_async and expects `expected_hex`. */
void expect_sha256_file(const char *path, const char *expected_hex);
void write_text_file(const char *path, const char *content);

/* Writes a file of `size` zero bytes (at most LONG_MAX) that file systems
 * which can store it sparsely do: quick to make, long to hash. */
void write_sparse_file(const char *path, uint64_t size);

#endif
