/*
 * fig_wait.c: figure 2, 10,000 concurrent 500 ms waits: wall time until the
 * last final message, peak thread count and peak RSS.
 *
 * Each child opens its ports in one vm_host isolate and its receiving thread
 * drains that isolate's one queue (vm_host_receive_any), as a Dart isolate
 * drains its MessageQueue whatever port a message is for; each answer is
 * matched to its port and checked, and a port answered twice is fatal.
 *
 * Each run is a fresh child process (this program with --child), so threads
 * and VmHWM are those of that run alone: libuv's pool threads from other
 * figures, and their memory, are not counted. Ours: app_core_fetch_data_async
 * on the host, every answer received and checked on the main thread.
 * Baseline: what a libuv-based core would do: one loop thread with a timer per
 * task, each callback formatting the same answer and posting it into the same
 * host, while the main thread receives and checks every answer as in ours. A sampler thread reads /proc/self/status
 * every millisecond; it is not counted in the thread figure.
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
#include "core/dart_message.h"
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

/* The receiving side: one port per task, all in one isolate. */
typedef struct receiver {
  vm_host_isolate *isolate;
  Dart_Port *ports; /* ascending: the host hands out increasing ids */
  bool *answered;
  size_t count;
} receiver;

static void open_ports(receiver *r, size_t count) {
  post_probe_install(); /* not armed: it only forwards to the host */
  r->isolate = vm_host_open_isolate();
  if (r->isolate == NULL) bench_fatal("vm_host_open_isolate failed");
  r->ports = bench_alloc(count * sizeof *r->ports);
  r->answered = bench_zalloc(count * sizeof *r->answered);
  r->count = count;
  for (size_t i = 0; i < count; i++) {
    r->ports[i] = vm_host_open_port_in(r->isolate);
    if (r->ports[i] == APP_CORE__ILLEGAL_PORT) bench_fatal("vm_host_open_port_in failed");
    if (i > 0 && r->ports[i] <= r->ports[i - 1]) bench_fatal("port ids not ascending");
  }
}

static void close_ports(receiver *r) {
  vm_host_close_isolate(r->isolate); /* closes every port in it */
  free(r->ports);
  free(r->answered);
  vm_host_stop();
}

/* The next message on any of the ports (waiting up to 60 s), with the index of
 * its port; fatal for an unknown port or a second answer. */
static vm_value *receive_answer(receiver *r, size_t *index) {
  Dart_Port port;
  vm_value *message;
  if (!vm_host_receive_any(r->isolate, UINT64_C(60000000000), &port, &message)) {
    bench_fatal("no answer within 60 s");
  }
  size_t low = 0, high = r->count; /* binary search in the ascending ids */
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (r->ports[middle] < port) low = middle + 1;
    else high = middle;
  }
  if (low == r->count || r->ports[low] != port) bench_fatal("answer on unknown port %lld", (long long)port);
  if (r->answered[low]) bench_fatal("port %lld answered twice", (long long)port);
  r->answered[low] = true;
  *index = low;
  return message;
}

/* Receives one answer and checks it is [0, "Data from: <URL>..."]. */
static void expect_fetched(receiver *r) {
  size_t index;
  vm_value *message = receive_answer(r, &index);
  bool ok = bench_is_text_prefix(message, "Data from: " URL);
  vm_value_free(message);
  if (!ok) bench_fatal("port %lld: expected [0, \"Data from: " URL "...\"]", (long long)r->ports[index]);
}

static void run_ours(size_t tasks, uint64_t *wall_ns, long *threads) {
  receiver r;
  open_ports(&r, tasks);
  sampler s;
  sampler_start(&s);
  uint64_t start = bench_now_ns();
  for (size_t i = 0; i < tasks; i++) {
    if (app_core_fetch_data_async(URL, r.ports[i]) == 0) bench_fatal("fetch %zu refused", i);
  }
  uint64_t submitted = bench_now_ns();
  expect_fetched(&r);
  uint64_t first = bench_now_ns();
  for (size_t i = 1; i < tasks; i++) expect_fetched(&r);
  *wall_ns = bench_now_ns() - start;
  bench_verbose("waits ours: submitting took %.1f ms, first answer at %.1f ms, last at %.1f ms",
                (double)(submitted - start) / 1e6, (double)(first - start) / 1e6, (double)*wall_ns / 1e6);
  *threads = sampler_stop(&s);
  app_core_shutdown();
  close_ports(&r);
}

typedef struct timer_state {
  uv_loop_t loop;
  uv_timer_t *timers;
  const Dart_Port *ports;
  size_t tasks, fired;
} timer_state;

/* What a libuv-based core would do when the wait ends: format the answer and
 * post it to the task's port. */
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
  uv_close((uv_handle_t *)timer, NULL);
}

/* The core's loop thread: starts every timer, runs until all have fired. */
static void *run_loop(void *raw) {
  timer_state *state = raw;
  for (size_t i = 0; i < state->tasks; i++) {
    (void)uv_timer_init(&state->loop, &state->timers[i]);
    state->timers[i].data = state;
    if (uv_timer_start(&state->timers[i], timer_fired, WAIT_MS, 0) != 0) bench_fatal("uv_timer_start failed");
  }
  (void)uv_run(&state->loop, UV_RUN_DEFAULT);
  return NULL;
}

static void run_libuv(size_t tasks, uint64_t *wall_ns, long *threads) {
  timer_state state = {0};
  if (uv_loop_init(&state.loop) != 0) bench_fatal("uv_loop_init failed");
  receiver r;
  open_ports(&r, tasks);
  state.timers = bench_alloc(tasks * sizeof *state.timers);
  state.ports = r.ports;
  state.tasks = tasks;
  sampler s;
  sampler_start(&s);
  uint64_t start = bench_now_ns();
  pthread_t loop_thread;
  if (pthread_create(&loop_thread, NULL, run_loop, &state) != 0) bench_fatal("pthread_create failed");
  for (size_t i = 0; i < tasks; i++) expect_fetched(&r);
  *wall_ns = bench_now_ns() - start;
  *threads = sampler_stop(&s);
  (void)pthread_join(loop_thread, NULL);
  if (state.fired != tasks) bench_fatal("libuv: %zu of %zu timers fired", state.fired, tasks);
  (void)uv_loop_close(&state.loop);
  close_ports(&r);
  free(state.timers);
}

/* CPU time of all the process's threads: what the answers cost, whatever
 * else runs on the machine. */
static uint64_t process_cpu_ns(void) {
  struct timespec ts;
  (void)clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

/* Figure 7: how late the last answer is, how much memory a waiting task
 * takes, and how long cancelling all of them takes. Lateness is measured from
 * the time just before the last submit + WAIT_MS, which is no later than the
 * last deadline (so the figure errs high). Bytes per task: VmHWM after all
 * submits (all waiting, no answer yet) less VmHWM before the first. */
static void run_many_ours(size_t tasks, bool cancel) {
  receiver r;
  open_ports(&r, tasks);
  const Dart_Port *ports = r.ports;
  int64_t *ids = bench_alloc(tasks * sizeof *ids);
  uint64_t *posted = bench_alloc(tasks * sizeof *posted); /* where the time goes (BENCH_VERBOSE) */
  /* Written now, so the probe's first touch of each page (a fault) does not
   * land on the posting threads in the timed part; an atomic store, which the
   * compiler cannot fold into a calloc of untouched pages. */
  for (size_t i = 0; i < tasks; i++) __atomic_store_n(&posted[i], 0, __ATOMIC_RELAXED);
  post_probe_arm(ports, tasks, posted);
  sampler s;
  sampler_start(&s);
  long hwm_before = bench_proc_status("VmHWM");
  uint64_t before_last = 0, start = bench_now_ns();
  for (size_t i = 0; i < tasks; i++) {
    if (i + 1 == tasks) before_last = bench_now_ns();
    ids[i] = app_core_fetch_data_async(URL, ports[i]);
    if (ids[i] == 0) bench_fatal("fetch %zu refused", i);
  }
  long hwm_waiting = bench_proc_status("VmHWM");
  double late_ms = 0;
  if (cancel) {
    start = bench_now_ns();
    size_t lost = 0; /* on a loaded machine the last cancels may come after their deadline */
    for (size_t i = 0; i < tasks; i++) {
      if (!app_core_cancel(ids[i])) {
        ids[i] = 0;
        lost++;
      }
    }
    uint64_t cancelled = bench_now_ns();
    for (size_t received = 0; received < tasks; received++) {
      size_t i;
      vm_value *message = receive_answer(&r, &i);
      bool ok = ids[i] != 0 ? bench_is_cancelled(message) : bench_is_text_prefix(message, "Data from: " URL);
      vm_value_free(message);
      if (!ok) bench_fatal("port %lld: expected %s", (long long)ports[i], ids[i] != 0 ? "[2]" : "the answer");
    }
    late_ms = (double)(bench_now_ns() - start) / 1e6;
    bench_verbose("many cancels: cancelling took %.1f ms, last [2] at %.1f ms, %zu cancels came too late",
                  (double)(cancelled - start) / 1e6, late_ms, lost);
  } else {
    expect_fetched(&r);
    uint64_t first = bench_now_ns();
    uint64_t cpu_first = process_cpu_ns();
    for (size_t i = 1; i < tasks; i++) expect_fetched(&r);
    uint64_t last = bench_now_ns();
    uint64_t answer_cpu_ns = process_cpu_ns() - cpu_first;
    late_ms = ((double)last - (double)before_last) / 1e6 - WAIT_MS;
    uint64_t last_post = 0;
    for (size_t i = 0; i < tasks; i++) {
      uint64_t stamp = post_probe_read(&posted[i]);
      if (stamp > last_post) last_post = stamp;
    }
    bench_verbose(
        "many waits: submitting took %.1f ms, first answer %.1f ms after its deadline, last posted %.1f ms "
        "and received %.1f ms after the last deadline; from the first answer to the last %.1f ms, using %.0f ns "
        "of CPU (all threads) per answer",
        (double)(before_last - start) / 1e6, ((double)first - (double)start) / 1e6 - WAIT_MS,
        ((double)last_post - (double)before_last) / 1e6 - WAIT_MS, late_ms, (double)(last - first) / 1e6,
        (double)answer_cpu_ns / (double)(tasks - 1));
  }
  long threads = sampler_stop(&s);
  app_core_shutdown();
  post_probe_disarm();
  close_ports(&r);
  free(ids);
  free(posted);
  printf("%.3f %ld %.1f\n", late_ms, threads, (double)(hwm_waiting - hwm_before) * 1024.0 / (double)tasks);
}

int fig_wait_child(const char *which, size_t tasks) {
  if (strcmp(which, "many-ours") == 0 || strcmp(which, "many-cancel-ours") == 0) {
    run_many_ours(tasks, strcmp(which, "many-cancel-ours") == 0);
    return 0;
  }
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

/* Runs `self --child which --tasks N` and returns its one line of output. */
static void run_child(const char *self, const char *which, size_t tasks, char *line, size_t size) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) bench_fatal("pipe failed");
  char tasks_text[32];
  snprintf(tasks_text, sizeof tasks_text, "%zu", tasks);
  char *argv[] = {(char *)self, "--child", (char *)which, "--tasks", tasks_text, NULL};
  posix_spawn_file_actions_t actions;
  (void)posix_spawn_file_actions_init(&actions);
  (void)posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  (void)posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  pid_t pid;
  int rc = posix_spawn(&pid, self, &actions, NULL, argv, environ);
  (void)posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (rc != 0) bench_fatal("posix_spawn %s: %s", self, strerror(rc));

  FILE *out = fdopen(pipe_fds[0], "r");
  if (out == NULL || fgets(line, (int)size, out) == NULL) line[0] = '\0';
  if (out) fclose(out);
  int status = 0;
  (void)waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) bench_fatal("wait child (%s) failed", which);
}

wait_figure fig_wait(const char *self, bool ours, size_t tasks) {
  char line[256] = {0};
  run_child(self, ours ? "wait-ours" : "wait-libuv", tasks, line, sizeof line);
  unsigned long long wall_ns;
  long threads, hwm_kib;
  if (sscanf(line, "%llu %ld %ld", &wall_ns, &threads, &hwm_kib) != 3) bench_fatal("wait child: bad output");
  wait_figure figure;
  figure.wall_ms = (double)wall_ns / 1e6;
  figure.threads = (double)threads;
  figure.peak_rss_mib = (double)hwm_kib / 1024.0;
  return figure;
}

many_waits_figure fig_many_waits(const char *self, size_t tasks, bool cancel) {
  char line[256] = {0};
  run_child(self, cancel ? "many-cancel-ours" : "many-ours", tasks, line, sizeof line);
  many_waits_figure figure;
  if (sscanf(line, "%lf %lf %lf", &figure.ms, &figure.threads, &figure.bytes_per_task) != 3) {
    bench_fatal("many waits child: bad output");
  }
  return figure;
}
