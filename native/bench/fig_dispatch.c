/*
 * fig_dispatch.c: figure 1, a million zero-work tasks submitted back to back
 * from one thread: throughput, and latency from submit to the final post.
 *
 * Ours: app_core_fibonacci_async(0, port), one fresh port per task (opened
 * before and closed after the timed part); the post time comes from the
 * probe's Dart_PostCObject. Baseline: uv_queue_work from the loop thread, its
 * work callback doing what a libuv-based core would: compute fib(0) and post
 * [0, 0] to the task's port through the same probe into the same host. So
 * both pay the same message copy and host lock; only the scheduling differs.
 * The host ceiling is the same posts with no runtime at all: `threads`
 * threads posting [0, 0] to the ports in turn, as fast as the host takes them.
 *
 * Throughput is tasks / (last post - first submit). While tasks run, the
 * submitting thread only polls the stamps every 100 us (no receiving, no
 * after-work callbacks), so it takes no CPU from the pool in either run; the
 * answers are received and checked afterwards. CPU per task is the process's
 * user + system time over the same window, all threads, divided by tasks.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <uv.h>

#include "app_core.h"
#include "bench.h"
#include "core/dart_message.h"
#include "dart_vm_host.h"

#define STALL_LIMIT_NS UINT64_C(60000000000) /* liveness: a busy machine is slow, not hung */
#define MAX_POSTERS 64

static uint64_t process_cpu_ns(void) {
  struct rusage usage;
  (void)getrusage(RUSAGE_SELF, &usage);
  return (uint64_t)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000000u +
         (uint64_t)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1000u;
}

static void wait_all_stamped(const uint64_t *stamps, size_t count) {
  size_t next = 0;
  uint64_t stalled_since = 0;
  while (next < count) {
    if (post_probe_read(&stamps[next]) != 0) {
      next++;
      stalled_since = 0;
      continue;
    }
    uint64_t now = bench_now_ns();
    if (stalled_since == 0) {
      stalled_since = now;
    } else if (now - stalled_since > STALL_LIMIT_NS) {
      bench_fatal("dispatch: task %zu of %zu never finished", next, count);
    }
    struct timespec pause = {0, 100000};
    (void)nanosleep(&pause, NULL);
  }
}

/* Ports opened in order (so the probe maps them by subtraction), armed. */
static Dart_Port *open_ports(size_t count, uint64_t *posted) {
  Dart_Port *ports = bench_alloc(count * sizeof *ports);
  for (size_t i = 0; i < count; i++) {
    ports[i] = vm_host_open_port();
    if (ports[i] == APP_CORE__ILLEGAL_PORT) bench_fatal("vm_host_open_port failed at %zu", i);
  }
  post_probe_arm(ports, count, posted);
  return ports;
}

/* Checks every answer, then closes the ports. */
static void check_and_close(Dart_Port *ports, size_t count) {
  for (size_t i = 0; i < count; i++) bench_expect_int(ports[i], 0);
  post_probe_disarm();
  for (size_t i = 0; i < count; i++) vm_host_close_port(ports[i]);
  free(ports);
}

/* Turns `done` into latencies in place. */
static dispatch_figure summarise(const uint64_t *submitted, uint64_t submit_end, uint64_t *done, size_t count,
                                 uint64_t cpu_ns) {
  uint64_t last = 0;
  for (size_t i = 0; i < count; i++) {
    if (done[i] > last) last = done[i];
    done[i] -= submitted[i];
  }
  dispatch_figure figure;
  figure.tasks_per_s = (double)count / ((double)(last - submitted[0]) / 1e9);
  figure.p50_us = (double)bench_quantile(done, count, 0.50) / 1e3;
  figure.p99_us = (double)bench_quantile(done, count, 0.99) / 1e3;
  figure.cpu_ns_per_task = (double)cpu_ns / (double)count;
  figure.submits_per_s = (double)count / ((double)(submit_end - submitted[0]) / 1e9);
  return figure;
}

dispatch_figure fig_dispatch_ours(size_t tasks) {
  uint64_t *submitted = bench_alloc(tasks * sizeof *submitted);
  uint64_t *posted = bench_zalloc(tasks * sizeof *posted);
  Dart_Port *ports = open_ports(tasks, posted);

  uint64_t cpu = process_cpu_ns();
  for (size_t i = 0; i < tasks; i++) {
    submitted[i] = bench_now_ns();
    if (app_core_fibonacci_async(0, ports[i]) == 0) bench_fatal("dispatch: task %zu refused", i);
  }
  uint64_t submit_end = bench_now_ns();
  wait_all_stamped(posted, tasks);
  cpu = process_cpu_ns() - cpu;

  check_and_close(ports, tasks);
  dispatch_figure figure = summarise(submitted, submit_end, posted, tasks, cpu);
  /* Ours needs the submitter and a worker on cores at once, the host ceiling
   * one poster: a machine busy elsewhere (another cgroup's share) halves ours
   * alone. Cores busy near 1 instead of 2 says the run measured that. */
  bench_verbose("dispatch ours: %.2f cores busy over the window (CPU / wall)",
                figure.cpu_ns_per_task * figure.tasks_per_s / 1e9);
  free(submitted);
  free(posted);
  return figure;
}

typedef struct dispatch_state {
  uv_work_t *requests;
  const Dart_Port *ports;
  size_t completed;
} dispatch_state;

static void post_zero(Dart_Port port) {
  app_core__message message;
  Dart_CObject *answer = app_core__message_value_int(&message, (int64_t)app_core_fibonacci(0, NULL));
  if (!post_probe_post(port, answer)) bench_fatal("dispatch: post refused");
}

static void posting_work(uv_work_t *request) {
  dispatch_state *state = request->data;
  post_zero(state->ports[request - state->requests]);
}

static void count_completion(uv_work_t *request, int status) {
  dispatch_state *state = request->data;
  if (status != 0) bench_fatal("uv_queue_work reported %s", uv_strerror(status));
  state->completed++;
}

dispatch_figure fig_dispatch_libuv(size_t tasks) {
  uv_loop_t loop;
  if (uv_loop_init(&loop) != 0) bench_fatal("uv_loop_init failed");
  uint64_t *submitted = bench_alloc(tasks * sizeof *submitted);
  uint64_t *posted = bench_zalloc(tasks * sizeof *posted);
  dispatch_state state = {0};
  state.requests = bench_alloc(tasks * sizeof *state.requests);
  Dart_Port *ports = open_ports(tasks, posted);
  state.ports = ports;

  uint64_t cpu = process_cpu_ns();
  for (size_t i = 0; i < tasks; i++) {
    state.requests[i].data = &state;
    submitted[i] = bench_now_ns();
    int rc = uv_queue_work(&loop, &state.requests[i], posting_work, count_completion);
    if (rc != 0) bench_fatal("uv_queue_work: %s", uv_strerror(rc));
  }
  uint64_t submit_end = bench_now_ns();
  wait_all_stamped(posted, tasks);
  cpu = process_cpu_ns() - cpu;

  (void)uv_run(&loop, UV_RUN_DEFAULT);
  if (state.completed != tasks) bench_fatal("libuv dispatch: %zu of %zu completed", state.completed, tasks);
  (void)uv_loop_close(&loop);
  check_and_close(ports, tasks);
  dispatch_figure figure = summarise(submitted, submit_end, posted, tasks, cpu);
  free(state.requests);
  free(submitted);
  free(posted);
  return figure;
}

typedef struct poster {
  pthread_t thread;
  const Dart_Port *ports;
  size_t first, count, stride;
} poster;

static void *post_every_stride(void *raw) {
  poster *p = raw;
  for (size_t i = p->first; i < p->count; i += p->stride) post_zero(p->ports[i]);
  return NULL;
}

double fig_dispatch_host_ceiling(size_t tasks, unsigned threads) {
  if (threads == 0 || threads > MAX_POSTERS) bench_fatal("host ceiling: %u threads", threads);
  uint64_t *posted = bench_zalloc(tasks * sizeof *posted);
  Dart_Port *ports = open_ports(tasks, posted);
  poster posters[MAX_POSTERS];
  uint64_t start = bench_now_ns();
  for (unsigned t = 0; t < threads; t++) {
    posters[t] = (poster){.ports = ports, .first = t, .count = tasks, .stride = threads};
    if (pthread_create(&posters[t].thread, NULL, post_every_stride, &posters[t]) != 0) {
      bench_fatal("pthread_create failed");
    }
  }
  for (unsigned t = 0; t < threads; t++) (void)pthread_join(posters[t].thread, NULL);
  uint64_t last = 0;
  for (size_t i = 0; i < tasks; i++) {
    if (posted[i] > last) last = posted[i];
  }
  check_and_close(ports, tasks);
  free(posted);
  return (double)tasks / ((double)(last - start) / 1e9);
}
