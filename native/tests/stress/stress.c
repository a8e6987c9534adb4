/*
 * stress.c: a million async tasks through the runtime and the Dart-VM test host.
 *
 * Mix: instant tasks (fib of 0..12), CPU tasks (fib 18..22) and waiting tasks
 * (500 ms fetches). 10% are cancelled at a random moment (right after submit,
 * or later while others are drained), 10% have their port closed at a random
 * moment (the isolate "dies"). Checks: every task whose port stays open gets
 * exactly one final message, and the right one; threads stay bounded; nothing
 * leaks (run it under ASan or valgrind). Prints tasks/s.
 *
 * Usage: app_core_stress [task_count]   (default 1,000,000)
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "app_core.h"
#include "async_support.h"
#include "core/platform.h"
#include "test.h"

#define WINDOW 100000 /* tasks in flight at most: bounds memory, keeps the waits overlapped */

typedef enum fate { FATE_RUN, FATE_CANCEL_NOW, FATE_CANCEL_LATER, FATE_CLOSE_NOW, FATE_CLOSE_LATER } fate;

typedef struct tracked {
  Dart_Port port;
  int64_t id;
  int64_t expected; /* fib value, or -1 for a fetch */
  fate fate;
  bool cancel_won;
  bool acted; /* the "later" action is done at most once */
} tracked;

void test_fail(const char *file, int line, const char *format, ...) {
  va_list args;
  fprintf(stderr, "FAIL stress at %s:%d: ", file, line);
  va_start(args, format);
  vfprintf(stderr, format, args);
  va_end(args);
  fputc('\n', stderr);
  exit(1);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint32_t next_random(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 32);
}

static int64_t fibonacci_reference(uint32_t n) {
  int64_t a = 0, b = 1;
  for (uint32_t i = 0; i < n; i++) {
    int64_t next = a + b;
    a = b;
    b = next;
  }
  return a;
}

static void submit(tracked *task) {
  uint32_t roll = next_random() % 100;
  task->port = vm_host_open_port();
  if (roll < 10) {
    task->expected = -1;
    task->id = app_core_fetch_data_async("stress", task->port);
  } else {
    uint32_t n = roll < 20 ? 18 + next_random() % 5 : next_random() % 13;
    task->expected = fibonacci_reference(n);
    task->id = app_core_fibonacci_async(n, task->port);
  }
  ASSERT_GT(task->id, 0);
  uint32_t fate_roll = next_random() % 20;
  task->fate = fate_roll == 0 ? FATE_CANCEL_NOW
             : fate_roll == 1 ? FATE_CANCEL_LATER
             : fate_roll == 2 ? FATE_CLOSE_NOW
             : fate_roll == 3 ? FATE_CLOSE_LATER
                              : FATE_RUN;
  task->cancel_won = false;
  task->acted = false;
  if (task->fate == FATE_CANCEL_NOW) task->cancel_won = app_core_cancel(task->id);
  if (task->fate == FATE_CLOSE_NOW) vm_host_close_port(task->port);
}

static void act_later(tracked *task) {
  if (task->acted) return;
  task->acted = true;
  if (task->fate == FATE_CANCEL_LATER) task->cancel_won = app_core_cancel(task->id);
  if (task->fate == FATE_CLOSE_LATER) vm_host_close_port(task->port);
}

/* Ports whose final message was received; swept after shutdown. */
static Dart_Port *verified_ports;
static size_t verified_count;

static void verify(const tracked *task) {
  if (task->fate == FATE_CLOSE_NOW || task->fate == FATE_CLOSE_LATER) return;
  vm_outcome outcome = vm_host_await_outcome(task->port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  if (task->cancel_won) {
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
  } else if (task->fate == FATE_RUN) {
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
    if (task->expected >= 0) {
      ASSERT_EQ(outcome.int_value, task->expected);
    } else {
      ASSERT_STR_EQ(outcome.string_value, "Data from: stress");
    }
  } else {
    ASSERT_TRUE(outcome.kind == APP_CORE_MESSAGE_VALUE); /* the cancel came after the result */
  }
  vm_outcome_free(&outcome);
  verified_ports[verified_count++] = task->port;
}

int main(int argc, char **argv) {
  long total = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
  if (total < 1) total = 1;
  vm_host_start();
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data()), 0);
  tracked *ring = calloc(WINDOW, sizeof *ring);
  verified_ports = calloc((size_t)total, sizeof *verified_ports);
  ASSERT_NOT_NULL(ring);
  ASSERT_NOT_NULL(verified_ports);
  int threads_before = process_thread_count(), threads_peak = threads_before;
  uint64_t closed_ports = 0, cancelled = 0, started = app_core__now_ns();

  long submitted = 0, drained = 0;
  while (drained < total) {
    while (submitted < total && submitted - drained < WINDOW) {
      submit(&ring[submitted++ % WINDOW]);
      /* A random task in flight: queued, running, waiting or already done. */
      act_later(&ring[(drained + (long)(next_random() % (uint32_t)(submitted - drained))) % WINDOW]);
    }
    long batch_end = drained + WINDOW / 4 < submitted ? drained + WINDOW / 4 : submitted;
    for (; drained < batch_end; drained++) {
      tracked *task = &ring[drained % WINDOW];
      act_later(task); /* if the early pass above did not reach it */
      closed_ports += task->fate == FATE_CLOSE_NOW || task->fate == FATE_CLOSE_LATER;
      cancelled += task->cancel_won;
      verify(task);
    }
    int threads = process_thread_count();
    if (threads > threads_peak) threads_peak = threads;
  }
  uint64_t elapsed = app_core__now_ns() - started;
  vm_host_stats before_shutdown = vm_host_get_stats();
  app_core_shutdown();
  vm_host_stats after = vm_host_get_stats();
  /* Every open port had its final message, so shutdown delivers nothing more;
   * tasks whose port was closed may still be waiting and post into the void. */
  ASSERT_EQ(after.posts_accepted, before_shutdown.posts_accepted);
  /* Exactly once: no port received anything after its final message. */
  for (size_t i = 0; i < verified_count; i++) ASSERT_EQ(vm_host_pending(verified_ports[i]), 0);
  if (threads_before > 0) ASSERT_LE(threads_peak - threads_before, (int)app_core__cpu_count() + 2);
  printf("stress: %ld tasks in %.2f s = %.0f tasks/s; %" PRIu64 " cancelled, %" PRIu64 " closed ports, %" PRIu64
         " posts rejected, peak threads %d (before %d)\n",
         total, (double)elapsed / 1e9, (double)total / ((double)elapsed / 1e9), cancelled, closed_ports,
         after.posts_rejected, threads_peak, threads_before);
  free(ring);
  free(verified_ports);
  vm_host_stop();
  printf("1 passed, 0 failed\n");
  return 0;
}
