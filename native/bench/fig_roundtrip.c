/*
 * fig_roundtrip.c: figure 0, one zero-work task at a time, from submit until
 * the submitter holds the final message.
 *
 * Ours: app_core_fibonacci_async(0, port) then vm_host_receive on that port (a
 * fresh port per task, as Dart opens a ReceivePort per call; opening and
 * closing it are not timed). Baseline: libuv's uv_queue_work from the loop
 * thread, timed until its after_work callback runs on that thread: the same
 * shape (caller wakes a pool thread, the pool thread wakes the caller).
 */
#include <stdlib.h>
#include <uv.h>

#include "app_core.h"
#include "bench.h"
#include "dart_vm_host.h"

latency_figure fig_roundtrip_ours(size_t tasks) {
  uint64_t *latencies = bench_alloc(tasks * sizeof *latencies);
  /* Where the time goes (BENCH_VERBOSE): submit -> post, post -> received. */
  uint64_t *to_post = bench_alloc(tasks * sizeof *to_post);
  uint64_t *to_receive = bench_alloc(tasks * sizeof *to_receive);
  for (size_t i = 0; i < tasks; i++) {
    Dart_Port port = vm_host_open_port();
    if (port == APP_CORE__ILLEGAL_PORT) bench_fatal("vm_host_open_port failed");
    uint64_t posted = 0;
    post_probe_arm(&port, 1, &posted);
    vm_value *message = NULL;
    uint64_t start = bench_now_ns();
    if (app_core_fibonacci_async(0, port) == 0) bench_fatal("app_core_fibonacci_async refused a task");
    bool received = vm_host_receive(port, UINT64_C(60000000000), &message);
    uint64_t end = bench_now_ns();
    latencies[i] = end - start;
    post_probe_disarm();
    to_post[i] = posted - start;
    to_receive[i] = end - posted;
    if (!received) bench_fatal("round trip %zu: no answer within 60 s", i);
    bool ok = bench_is_value_int(message, 0);
    vm_value_free(message);
    if (!ok) bench_fatal("round trip %zu: the answer is not [0, 0]", i);
    vm_host_close_port(port);
  }
  latency_figure figure = bench_latency_figure(latencies, tasks);
  bench_verbose_legs("round trip ours: submit->post", to_post, to_receive, tasks);
  free(latencies);
  free(to_post);
  free(to_receive);
  return figure;
}

typedef struct roundtrip_state {
  uv_loop_t *loop;
  uv_work_t requests[2]; /* alternated, so a request is never reused inside its own callback */
  uint64_t *latencies;
  size_t done, total;
  uint64_t start;
} roundtrip_state;

static void trivial_work(uv_work_t *request) {
  bench_consume(app_core_fibonacci(0, NULL));
  (void)request;
}

static void submit_next(roundtrip_state *state);

static void roundtrip_done(uv_work_t *request, int status) {
  roundtrip_state *state = request->data;
  state->latencies[state->done++] = bench_now_ns() - state->start;
  if (status != 0) bench_fatal("uv_queue_work reported %s", uv_strerror(status));
  if (state->done < state->total) submit_next(state);
}

static void submit_next(roundtrip_state *state) {
  uv_work_t *request = &state->requests[state->done % 2];
  request->data = state;
  state->start = bench_now_ns();
  int rc = uv_queue_work(state->loop, request, trivial_work, roundtrip_done);
  if (rc != 0) bench_fatal("uv_queue_work: %s", uv_strerror(rc));
}

latency_figure fig_roundtrip_libuv(size_t tasks) {
  uv_loop_t loop;
  if (uv_loop_init(&loop) != 0) bench_fatal("uv_loop_init failed");
  roundtrip_state state = {0};
  state.loop = &loop;
  state.latencies = bench_alloc(tasks * sizeof *state.latencies);
  state.total = tasks;
  submit_next(&state);
  (void)uv_run(&loop, UV_RUN_DEFAULT);
  if (state.done != tasks) bench_fatal("libuv round trip: %zu of %zu done", state.done, tasks);
  (void)uv_loop_close(&loop);
  latency_figure figure = bench_latency_figure(state.latencies, tasks);
  free(state.latencies);
  return figure;
}
