/*
 * fig_cancel.c: figure 5, cancellation latency: app_core_cancel on a fetch
 * that is waiting (its 500 ms deadline far away) until its [2] reaches the
 * submitter, who is blocked in vm_host_receive.
 *
 * The floor it is compared with: a condition-variable ping-pong between two
 * threads, timed on the first from its signal until it is woken by the
 * answer. Cancel needs exactly these two wake-ups (the canceller wakes a
 * worker, the worker's post wakes the receiver), so the ratio is the
 * runtime's own cost on top of them.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app_core.h"
#include "bench.h"
#include "dart_vm_host.h"

/* Fetches are submitted in batches and cancelled one at a time after a pause,
 * so each cancel finds its task parked in the deadline heap and the workers
 * idle (not still busy with the wake-up a new earliest deadline causes), with
 * the whole batch done long before the 500 ms deadlines. */
#define BATCH 250

latency_figure fig_cancel_ours(size_t cancels) {
  uint64_t *latencies = bench_alloc(cancels * sizeof *latencies);
  /* Where the time goes (BENCH_VERBOSE): cancel -> [2] posted -> received. */
  uint64_t *to_post = bench_alloc(cancels * sizeof *to_post);
  uint64_t *to_receive = bench_alloc(cancels * sizeof *to_receive);
  Dart_Port ports[BATCH];
  int64_t tasks[BATCH];
  size_t timed = 0, late = 0;
  for (size_t first = 0; first < cancels; first += BATCH) {
    size_t count = cancels - first < BATCH ? cancels - first : BATCH;
    for (size_t i = 0; i < count; i++) {
      ports[i] = vm_host_open_port();
      if (ports[i] == APP_CORE__ILLEGAL_PORT) bench_fatal("vm_host_open_port failed");
      tasks[i] = app_core_fetch_data_async("https://example.com/cancel-me", ports[i]);
      if (tasks[i] == 0) bench_fatal("cancel: fetch refused");
    }
    struct timespec pause = {0, 2000000};
    (void)nanosleep(&pause, NULL);
    for (size_t i = 0; i < count; i++) {
      uint64_t posted = 0;
      post_probe_arm(&ports[i], 1, &posted);
      uint64_t start = bench_now_ns();
      if (!app_core_cancel(tasks[i])) {
        /* On a busy machine the earlier cancels of the batch can outlast the
         * 500 ms: then the fetch has answered, and there is nothing to time. */
        post_probe_disarm();
        vm_value *message = bench_receive(ports[i]);
        bool answered = bench_is_text_prefix(message, "Data from: ");
        vm_value_free(message);
        if (!answered)
          bench_fatal("cancel: app_core_cancel(%lld) returned false, but no value came", (long long)tasks[i]);
        late++;
        vm_host_close_port(ports[i]);
        continue;
      }
      bench_expect_cancelled(ports[i]);
      uint64_t end = bench_now_ns();
      post_probe_disarm();
      latencies[timed] = end - start;
      to_post[timed] = posted - start;
      to_receive[timed] = end - posted;
      timed++;
      vm_host_close_port(ports[i]);
    }
  }
  if (timed == 0) bench_fatal("cancel: every fetch answered before its cancel (%zu)", late);
  if (late > 0)
    fprintf(stderr, "bench: cancel: %zu of %zu fetches answered before their cancel, not timed\n", late, cancels);
  latency_figure figure = bench_latency_figure(latencies, timed);
  bench_verbose_legs("cancel ours: cancel->post", to_post, to_receive, timed);
  free(latencies);
  free(to_post);
  free(to_receive);
  return figure;
}

typedef struct ping_pong {
  pthread_mutex_t lock;
  pthread_cond_t ping_cond, pong_cond;
  size_t ping, pong; /* rounds signalled each way */
  size_t rounds;
} ping_pong;

/* Both sides signal after unlocking, so the woken thread never blocks again
 * on the mutex: the cheapest hand-off a condition variable allows. */
static void *answer_pings(void *raw) {
  ping_pong *pp = raw;
  pthread_mutex_lock(&pp->lock);
  while (pp->pong < pp->rounds) {
    while (pp->ping == pp->pong) pthread_cond_wait(&pp->ping_cond, &pp->lock);
    pp->pong++;
    pthread_mutex_unlock(&pp->lock);
    pthread_cond_signal(&pp->pong_cond);
    pthread_mutex_lock(&pp->lock);
  }
  pthread_mutex_unlock(&pp->lock);
  return NULL;
}

latency_figure fig_cancel_condvar(size_t rounds) {
  ping_pong pp = {.rounds = rounds};
  pthread_mutex_init(&pp.lock, NULL);
  pthread_cond_init(&pp.ping_cond, NULL);
  pthread_cond_init(&pp.pong_cond, NULL);
  pthread_t thread;
  if (pthread_create(&thread, NULL, answer_pings, &pp) != 0) bench_fatal("pthread_create failed");
  uint64_t *latencies = bench_alloc(rounds * sizeof *latencies);
  for (size_t i = 0; i < rounds; i++) {
    uint64_t start = bench_now_ns();
    pthread_mutex_lock(&pp.lock);
    pp.ping++;
    pthread_mutex_unlock(&pp.lock);
    pthread_cond_signal(&pp.ping_cond);
    pthread_mutex_lock(&pp.lock);
    while (pp.pong != pp.ping) pthread_cond_wait(&pp.pong_cond, &pp.lock);
    pthread_mutex_unlock(&pp.lock);
    latencies[i] = bench_now_ns() - start;
  }
  (void)pthread_join(thread, NULL);
  pthread_cond_destroy(&pp.ping_cond);
  pthread_cond_destroy(&pp.pong_cond);
  pthread_mutex_destroy(&pp.lock);
  latency_figure figure = bench_latency_figure(latencies, rounds);
  free(latencies);
  return figure;
}
