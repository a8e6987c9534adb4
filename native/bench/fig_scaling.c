/*
 * fig_scaling.c: figure 4, k concurrent app_core_fibonacci_async(n): wall time
 * from the first submit until the submitter holds all k answers. Speedup at k
 * is k * T(1) / T(k) (ideal: k). Baseline: the same computation
 * (app_core_fibonacci) in k uv_queue_work requests, until the last after-work
 * callback.
 */
#include <stdlib.h>
#include <uv.h>

#include "app_core.h"
#include "bench.h"
#include "dart_vm_host.h"

#define MAX_K 256

static int64_t expected_value(uint32_t n) {
  static uint32_t cached_n = UINT32_MAX;
  static int64_t cached;
  if (n != cached_n) {
    cached = (int64_t)app_core_fibonacci(n, NULL);
    cached_n = n;
  }
  return cached;
}

double fig_scaling_ours(unsigned k, uint32_t n) {
  if (k == 0 || k > MAX_K) bench_fatal("scaling: k = %u out of range", k);
  int64_t expected = expected_value(n);
  Dart_Port ports[MAX_K];
  for (unsigned i = 0; i < k; i++) {
    ports[i] = vm_host_open_port();
    if (ports[i] == APP_CORE__ILLEGAL_PORT) bench_fatal("vm_host_open_port failed");
  }
  uint64_t start = bench_now_ns();
  for (unsigned i = 0; i < k; i++) {
    if (app_core_fibonacci_async(n, ports[i]) == 0) bench_fatal("scaling: task refused");
  }
  for (unsigned i = 0; i < k; i++) bench_expect_int(ports[i], expected);
  uint64_t elapsed = bench_now_ns() - start;
  for (unsigned i = 0; i < k; i++) vm_host_close_port(ports[i]);
  return (double)elapsed / 1e6;
}

typedef struct scaling_request {
  uv_work_t work;
  uint32_t n;
  uint64_t result;
} scaling_request;

typedef struct scaling_state {
  unsigned done;
  uint64_t last_ns;
} scaling_state;

static scaling_state state;

static void compute(uv_work_t *work) {
  scaling_request *request = (scaling_request *)work;
  request->result = app_core_fibonacci(request->n, NULL);
}

static void computed(uv_work_t *work, int status) {
  (void)work;
  if (status != 0) bench_fatal("uv_queue_work reported %s", uv_strerror(status));
  state.done++;
  state.last_ns = bench_now_ns();
}

double fig_scaling_libuv(unsigned k, uint32_t n) {
  if (k == 0 || k > MAX_K) bench_fatal("scaling: k = %u out of range", k);
  int64_t expected = expected_value(n);
  uv_loop_t loop;
  if (uv_loop_init(&loop) != 0) bench_fatal("uv_loop_init failed");
  scaling_request requests[MAX_K];
  state.done = 0;
  uint64_t start = bench_now_ns();
  for (unsigned i = 0; i < k; i++) {
    requests[i].n = n;
    if (uv_queue_work(&loop, &requests[i].work, compute, computed) != 0) bench_fatal("uv_queue_work failed");
  }
  (void)uv_run(&loop, UV_RUN_DEFAULT);
  (void)uv_loop_close(&loop);
  if (state.done != k) bench_fatal("libuv scaling: %u of %u done", state.done, k);
  for (unsigned i = 0; i < k; i++) {
    if ((int64_t)requests[i].result != expected) bench_fatal("libuv scaling: wrong fib(%u)", n);
  }
  return (double)(state.last_ns - start) / 1e6;
}
