/*
 * bench.h: what the benchmark's files share: clock, statistics, /proc readers,
 * checked allocation, and one result struct per figure.
 *
 * The benchmark is a Linux tool (it reads /proc and links libuv); it is not
 * part of the library or the tests, so it is exempt from the portability rule.
 */
#ifndef APP_CORE_BENCH_H
#define APP_CORE_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dart_api.h"

/* ---- utilities (bench_util.c) --------------------------------------------- */

/* CLOCK_MONOTONIC in nanoseconds: the clock the runtime uses for deadlines. */
uint64_t bench_now_ns(void);

/* Prints "bench: <message>" to stderr and exits 1. A bench that measured
 * something other than it claims must not print a table. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn, format(printf, 1, 2)))
#endif
void bench_fatal(const char *format, ...);

/* Prints "bench: <message>" to stderr when BENCH_VERBOSE is set: details
 * behind a figure, for whoever investigates it. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 1, 2)))
#endif
void bench_verbose(const char *format, ...);

void *bench_alloc(size_t size);  /* never NULL (fatal instead) */
void *bench_zalloc(size_t size); /* zeroed */

/* The q-quantile (0 <= q <= 1, nearest rank) of values[0, count); sorts them. */
uint64_t bench_quantile(uint64_t *values, size_t count, double q);

/* Median of doubles (sorts them); the mean of the middle two for even counts. */
double bench_median(double *values, size_t count);

/* A field of /proc/self/status as a number ("Threads", "VmHWM" in kB); -1 if absent. */
long bench_proc_status(const char *field);

/* "model name" of /proc/cpuinfo, or "unknown". */
void bench_cpu_model(char *buffer, size_t size);

/* Online CPUs (at least 1). */
unsigned bench_cpu_count(void);

/* The first three fields of /proc/loadavg ("0.52 0.31 0.20"). */
void bench_load_average(char *buffer, size_t size);

/* Keeps `value` alive so the compiler cannot drop the work that made it. */
void bench_consume(uint64_t value);

/* ---- the Dart-VM host, with timestamps (post_probe.c) ---------------------- */

/* Starts the host and initialises the core with a copy of its DL table whose
 * Dart_PostCObject stamps the time before forwarding to the host's. */
void post_probe_install(void);

/* From now on every post to ports[i] stores its time in stamps[i] (the last
 * post wins, so it holds the final message's time). The arrays are borrowed
 * until post_probe_disarm. Posts to other ports are forwarded untouched. */
void post_probe_arm(const Dart_Port *ports, size_t count, uint64_t *stamps);
void post_probe_disarm(void);

/* The probe's Dart_PostCObject, for baselines that post like the core does. */
bool post_probe_post(Dart_Port port, Dart_CObject *message);

/* Relaxed read of a stamp another thread may be writing (0 = not posted yet). */
uint64_t post_probe_read(const uint64_t *stamp);

/* ---- checking answers (expect_message.c) ----------------------------------- */

struct vm_value;
/* The next message on port; fatal if none comes within 60 s. */
struct vm_value *bench_receive(Dart_Port port);
/* Is the received message [0, expected]? */
bool bench_is_value_int(const struct vm_value *message, int64_t expected);
/* Is it [0, "<expected_prefix>..."]? Is it [2]? */
bool bench_is_text_prefix(const struct vm_value *message, const char *expected_prefix);
bool bench_is_cancelled(const struct vm_value *message);

/* Receive the next message on `port` (waiting up to 60 s) and check it is
 * [0, expected] or [2]; fatal otherwise. */
void bench_expect_int(Dart_Port port, int64_t expected);
void bench_expect_cancelled(Dart_Port port);

/* ---- figures: one call measures one run ----------------------------------- */

typedef struct latency_figure {
  double p50_us, p99_us;
} latency_figure;

/* p50 and p99 of latencies in ns (sorts them), in microseconds. */
latency_figure bench_latency_figure(uint64_t *latencies, size_t count);

/* With BENCH_VERBOSE: p50/p99 of the two legs of a latency, "<first_leg>" and
 * post->received (sorts both arrays). */
void bench_verbose_legs(const char *first_leg, uint64_t *to_post, uint64_t *to_receive, size_t count);

typedef struct dispatch_figure {
  double tasks_per_s;
  double p50_us, p99_us;  /* submit -> post */
  double cpu_ns_per_task; /* all threads of the process */
  double submits_per_s;   /* the submitting loop alone */
} dispatch_figure;

typedef struct wait_figure {
  double wall_ms;
  double threads; /* peak threads of the process, the measuring sampler not counted */
  double peak_rss_mib;
} wait_figure;

typedef struct strings_figure {
  double memcpy_gbps, validate_gbps, reverse_gbps;
} strings_figure;

/* fig_roundtrip.c: one zero-work task at a time, submit -> final message seen. */
latency_figure fig_roundtrip_ours(size_t tasks);
latency_figure fig_roundtrip_libuv(size_t tasks);

/* fig_dispatch.c: `tasks` zero-work tasks submitted from one thread. */
dispatch_figure fig_dispatch_ours(size_t tasks);
dispatch_figure fig_dispatch_libuv(size_t tasks);
/* The same posts from `threads` threads with no runtime: what the host allows. */
double fig_dispatch_host_ceiling(size_t tasks, unsigned threads);

/* fig_wait.c: `tasks` concurrent 500 ms waits, each run in a fresh child process
 * (`self` is this program) so its thread count and peak RSS are its own. */
wait_figure fig_wait(const char *self, bool ours, size_t tasks);
int fig_wait_child(const char *which, size_t tasks); /* the child's side; prints one line */

typedef struct many_waits_figure {
  double ms;             /* last answer - last deadline; or, cancelling, first cancel -> last [2] */
  double threads;        /* peak, the sampler not counted */
  double bytes_per_task; /* VmHWM growth over the submits / tasks */
} many_waits_figure;

/* fig_wait.c, figure 7: `tasks` concurrent 500 ms fetches in a fresh child:
 * all answered, or (`cancel`) all cancelled right after submitting. */
many_waits_figure fig_many_waits(const char *self, size_t tasks, bool cancel);

/* fig_strings.c: `text` is NUL-terminated, valid UTF-8, `length` bytes. */
strings_figure fig_strings(const char *text, size_t length);
char *fig_strings_make_ascii(size_t length);
char *fig_strings_make_mixed(size_t length, double *ascii_share);

/* fig_scaling.c: wall time of k concurrent fib(n) tasks, in ms. */
double fig_scaling_ours(unsigned k, uint32_t n);
double fig_scaling_libuv(unsigned k, uint32_t n);

/* fig_cancel.c: cancel a waiting fetch -> its [2] seen; and a condvar ping-pong. */
latency_figure fig_cancel_ours(size_t cancels);
latency_figure fig_cancel_condvar(size_t rounds);

typedef struct sha256_figure {
  double ours_mbps, ours_ms;       /* app_core_sha256_file_async end to end */
  double openssl_mbps, openssl_ms; /* the rate without its process start; the whole command's wall time */
  bool have_openssl;               /* false: no `openssl` on PATH, no openssl figures */
} sha256_figure;

/* fig_sha256.c: SHA-256 of the file at `path` (`size` bytes), ours vs
 * `openssl dgst -sha256`; `empty_path` is an empty file for openssl's start
 * (NULL: ours only).
 * make_file writes `size` pseudo-random bytes to a new temporary file;
 * remove_file deletes it and frees the path. */
char *fig_sha256_make_file(size_t size);
void fig_sha256_remove_file(char *path);
sha256_figure fig_sha256(const char *path, const char *empty_path, size_t size);

/* fig_bytes.c, figure 8. Per message of `size` bytes, posted and received on
 * the calling thread, from the post until it is received and released:
 * zero_copy posts it as the core does (external typed data, adopted by the
 * host), otherwise as kTypedData the host copies. */
latency_figure fig_bytes_transfer(bool zero_copy, size_t messages, size_t size);
/* The Uint8List of a [0, <Uint8List>] message, or NULL. */
const struct vm_value *fig_bytes_value(const struct vm_value *message);

/* template:full-only-begin */
/* fig_bytes_examples.c, figure 8's example rows.
 * app_core_read_file_async of `path` (`size` bytes), submit -> received and
 * released; and open/read/close of it on the calling thread. */
latency_figure fig_bytes_read_file(const char *path, size_t size, size_t files);
latency_figure fig_bytes_read_plain(const char *path, size_t size, size_t files);
/* The file's first `size` bytes in new memory (free it); fatal if shorter. */
uint8_t *fig_bytes_read_whole(const char *path, size_t size);

typedef struct hash_bytes_figure {
  double hasher_mbps; /* hasher_new, leaf updates of 64 KiB, finish, free */
  double async_mbps;  /* app_core_sha256_bytes_async, submit -> digest received */
} hash_bytes_figure;

/* SHA-256 of data[0, size) both ways, `rounds` of each alternating (medians). */
hash_bytes_figure fig_bytes_hash(const uint8_t *data, size_t size, size_t rounds);
/* template:full-only-end */

typedef struct log_figure {
  double nobody_ns, empty_call_ns; /* app_core_log nobody hears; an empty call through a pointer */
  double record_ns, port_post_ns;  /* one record delivered through its port; the text as a port post */
} log_figure;

/* fig_log.c, figure 9: `calls` of each, on the calling thread. */
log_figure fig_log(size_t calls);

/* libuv's threadpool size is read once, at its first use: call this first. */
void bench_libuv_set_pool_size(unsigned threads);

#endif /* APP_CORE_BENCH_H */
