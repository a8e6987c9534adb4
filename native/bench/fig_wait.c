/*
 * fig_wait.c: figure 2, 10,000 concurrent 500 ms waits: wall time until the
 * last final message, peak thread count and peak RSS.
 *
 * Each run is a fresh child process (this program with --child), so threads
 * and VmHWM are those of that run alone: libuv's pool threads from other
 * figures, and their memory, are not counted. Ours: app_core_fetch_data_async
 * on the host, every answer received and checked on the main thread.
 * Baseline: libuv timers on one loop, each callback formatting the same
 * answer and posting it into the same host (as a libuv-based core would), so
 * both runs hold the same ports and message copies; its wall time ends at the
 * last post, and the answers are received and checked afterwards. A sampler thread reads /proc/self/status every millisecond;
 * it is not counted in the thread figure.
 */
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "app_core.h"
#include "bench.h"
#include "dart_message.h"
#include "dart_vm_host.h"

#define WAIT_MS 500
#define URL "https://example.com/data"

extern char **environ;

/* ---- the sampler ---------------------------------------------------------- */

typedef struct sampler {
  pthread_t thread;
  volatile int stop;
  long peak_threads;
} sampler;

static void *sample_threads(void *raw) {
  sampler *s = raw;
  while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
    long threads = bench_proc_status("Threads");
    if (threads > s->peak_threads) s->peak_threads = threads;
    struct timespec pause = {0, 1000000};
    (void)nanosleep(&pause, NULL);
  }
  return NULL;
}

static void sampler_start(sampler *s) {
  memset(s, 0, sizeof *s);
  if (pthread_create(&s->thread, NULL, sample_threads, s) != 0) bench_fatal("pthread_create failed");
}

static long sampler_stop(sampler *s) {
  __atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
  (void)pthread_join(s->thread, NULL);
  long threads = bench_proc_status("Threads"); /* once more, after the sampler has gone */
  if (s->peak_threads - 1 > threads) threads = s->peak_threads - 1;
  return threads;
}

/* ---- the two children ----------------------------------------------------- */

static Dart_Port *open_ports(size_t count) {
  post_probe_install(); /* not armed: it only forwards to the host */
  Dart_Port *ports = bench_alloc(count * sizeof *ports);
  for (size_t i = 0; i < count; i++) {
    ports[i] = vm_host_open_port();
    if (ports[i] == APP_CORE__ILLEGAL_PORT) bench_fatal("vm_host_open_port failed");
  }
  return ports;
}

static void close_ports(Dart_Port *ports, size_t count) {
  for (size_t i = 0; i < count; i++) vm_host_close_port(ports[i]);
  free(ports);
  vm_host_stop();
}

static void run_ours(size_t tasks, uint64_t *wall_ns, long *threads) {
  Dart_Port *ports = open_ports(tasks);
  sampler s;
  sampler_start(&s);
  uint64_t start = bench_now_ns();
  for (size_t i = 0; i < tasks; i++) {
    if (app_core_fetch_data_async(URL, ports[i]) == 0) bench_fatal("fetch %zu refused", i);
  }
  for (size_t i = 0; i < tasks; i++) bench_expect_text_prefix(ports[i], "Data from: " URL);
  *wall_ns = bench_now_ns() - start;
  *threads = sampler_stop(&s);
  app_core_shutdown();
  close_ports(ports, tasks);
}

typedef struct timer_state {
  uv_timer_t *timers;
  const Dart_Port *ports;
  size_t fired;
  uint64_t last_ns;
} timer_state;

/* What a libuv-based core would do when the wait ends: format the answer and
 * post it to the task's port (so both runs hold the same ports and copies). */
static void timer_fired(uv_timer_t *timer) {
  timer_state *state = timer->data;
  size_t size = sizeof "Data from: " URL;
  char *answer = bench_alloc(size);
  snprintf(answer, size, "Data from: %s", URL);
  app_core__message message;
  Dart_CObject *object = app_core__message_value_string(&message, answer);
  if (!post_probe_post(state->ports[timer - state->timers], object)) bench_fatal("libuv wait: post refused");
  free(answer);
  state->fired++;
  state->last_ns = bench_now_ns();
}

static void run_libuv(size_t tasks, uint64_t *wall_ns, long *threads) {
  uv_loop_t loop;
  if (uv_loop_init(&loop) != 0) bench_fatal("uv_loop_init failed");
  Dart_Port *ports = open_ports(tasks);
  timer_state state = {0};
  state.timers = bench_alloc(tasks * sizeof *state.timers);
  state.ports = ports;
  sampler s;
  sampler_start(&s);
  uv_update_time(&loop);
  uint64_t start = bench_now_ns();
  for (size_t i = 0; i < tasks; i++) {
    (void)uv_timer_init(&loop, &state.timers[i]);
    state.timers[i].data = &state;
    if (uv_timer_start(&state.timers[i], timer_fired, WAIT_MS, 0) != 0) bench_fatal("uv_timer_start failed");
  }
  (void)uv_run(&loop, UV_RUN_DEFAULT);
  *threads = sampler_stop(&s);
  if (state.fired != tasks) bench_fatal("libuv: %zu of %zu timers fired", state.fired, tasks);
  *wall_ns = state.last_ns - start;
  for (size_t i = 0; i < tasks; i++) bench_expect_text_prefix(ports[i], "Data from: " URL);
  for (size_t i = 0; i < tasks; i++) uv_close((uv_handle_t *)&state.timers[i], NULL);
  (void)uv_run(&loop, UV_RUN_DEFAULT);
  (void)uv_loop_close(&loop);
  close_ports(ports, tasks);
  free(state.timers);
}

int fig_wait_child(const char *which, size_t tasks) {
  uint64_t wall_ns = 0;
  long threads = 0;
  if (strcmp(which, "wait-ours") == 0) {
    run_ours(tasks, &wall_ns, &threads);
  } else if (strcmp(which, "wait-libuv") == 0) {
    run_libuv(tasks, &wall_ns, &threads);
  } else {
    bench_fatal("unknown child figure '%s'", which);
  }
  printf("%llu %ld %ld\n", (unsigned long long)wall_ns, threads, bench_proc_status("VmHWM"));
  return 0;
}

/* ---- the parent ------------------------------------------------------------ */

wait_figure fig_wait(const char *self, bool ours, size_t tasks) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) bench_fatal("pipe failed");
  char tasks_text[32];
  snprintf(tasks_text, sizeof tasks_text, "%zu", tasks);
  char *argv[] = {(char *)self, "--child", ours ? "wait-ours" : "wait-libuv", "--tasks", tasks_text, NULL};
  posix_spawn_file_actions_t actions;
  (void)posix_spawn_file_actions_init(&actions);
  (void)posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  (void)posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  pid_t pid;
  int rc = posix_spawn(&pid, self, &actions, NULL, argv, environ);
  (void)posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (rc != 0) bench_fatal("posix_spawn %s: %s", self, strerror(rc));

  char line[256] = {0};
  FILE *out = fdopen(pipe_fds[0], "r");
  if (out == NULL || fgets(line, sizeof line, out) == NULL) line[0] = '\0';
  if (out) fclose(out);
  int status = 0;
  (void)waitpid(pid, &status, 0);
  unsigned long long wall_ns;
  long threads, hwm_kib;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || sscanf(line, "%llu %ld %ld", &wall_ns, &threads, &hwm_kib) != 3) {
    bench_fatal("wait child (%s) failed", ours ? "ours" : "libuv");
  }
  wait_figure figure;
  figure.wall_ms = (double)wall_ns / 1e6;
  figure.threads = (double)threads;
  figure.peak_rss_mib = (double)hwm_kib / 1024.0;
  return figure;
}
