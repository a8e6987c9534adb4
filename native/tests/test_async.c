/* test_async.c: the async functions end to end through the Dart-VM test host:
 * results, errors, cancellation at every stage, dead ports, shutdown. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "async_support.h"
#include "core/platform.h"
#include "examples/sha256.h"
#include "special_files.h"
#include "test.h"

/* No earlier than the 500 ms wait; how much later depends on the machine. */
TEST(fetch_posts_data_after_a_500ms_wait) {
  start_host();
  Dart_Port port = vm_host_open_port();
  uint64_t started = app_core__now_ns();
  int64_t id = app_core_fetch_data_async("https://example.com/a", port);
  ASSERT_GT(id, 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  uint64_t elapsed = app_core__now_ns() - started;
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_STR_EQ(outcome.string_value, "Data from: https://example.com/a");
  ASSERT_EQ(outcome.item_count, 0);
  ASSERT_GE(elapsed, 500 * MS);
  vm_outcome_free(&outcome);
  stop_host();
}

/* That bad input is answered without the wait is test_runtime.c's
 * bad_input_is_answered_without_waiting_for_the_delay. */
TEST(fetch_rejects_null_url) {
  start_host();
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fetch_data_async(NULL, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
  ASSERT_EQ(outcome.error_code, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(outcome.error_message, "url");
  vm_outcome_free(&outcome);
  stop_host();
}

TEST(fetch_rejects_invalid_utf8_url) {
  start_host();
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fetch_data_async("http://\xC0\xAF", port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed); /* the error text itself must be valid UTF-8 */
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
  ASSERT_EQ(outcome.error_code, APP_CORE_INVALID_UTF8);
  ASSERT_STR_CONTAINS(outcome.error_message, "byte 7");
  vm_outcome_free(&outcome);
  stop_host();
}

TEST(fibonacci_async_posts_the_value) {
  start_host();
  static const struct {
    uint32_t n;
    int64_t value;
  } cases[] = {{0, 0}, {1, 1}, {2, 1}, {25, 75025}, {30, 832040}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    Dart_Port port = vm_host_open_port();
    ASSERT_GT(app_core_fibonacci_async(cases[i].n, port), 0);
    vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
    ASSERT_TRUE(outcome.has_int);
    ASSERT_EQ(outcome.int_value, cases[i].value);
    vm_outcome_free(&outcome);
  }
  stop_host();
}

TEST(fibonacci_async_rejects_out_of_range_n) {
  start_host();
  static const struct {
    int64_t n;
    int32_t code;
    const char *in_message;
  } table[] = {{93, APP_CORE_OVERFLOW, "fibonacci_async(93)"},
               {1000, APP_CORE_OVERFLOW, "fibonacci_async(1000)"},
               {(INT64_C(1) << 32) + 5, APP_CORE_OVERFLOW, "fibonacci_async(4294967301)"},
               {-1, APP_CORE_INVALID_ARGUMENT, "fibonacci_async(-1)"},
               {INT64_MIN, APP_CORE_INVALID_ARGUMENT, "fibonacci_async(-9223372036854775808)"}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    Dart_Port port = vm_host_open_port();
    ASSERT_GT(app_core_fibonacci_async(table[i].n, port), 0);
    vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
    ASSERT_EQ(outcome.error_code, table[i].code);
    ASSERT_NOT_NULL(outcome.error_message);
    ASSERT_NOT_NULL(strstr(outcome.error_message, table[i].in_message));
    vm_outcome_free(&outcome);
  }
  stop_host();
}

TEST(calls_before_init_do_not_start) {
  vm_host_start();
  app_core__dart_api_reset();
  Dart_Port port = vm_host_open_port();
  ASSERT_EQ(app_core_fetch_data_async("x", port), 0);
  ASSERT_EQ(app_core_fibonacci_async(1, port), 0);
  ASSERT_EQ(app_core_sha256_file_async("x", port), 0);
  ASSERT_EQ(vm_host_pending(port), 0);
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data()), 0);
  ASSERT_GT(app_core_fibonacci_async(1, port), 0); /* and works once initialised */
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  vm_outcome_free(&outcome);
  stop_host();
}

TEST(illegal_port_does_not_start) {
  start_host();
  ASSERT_EQ(app_core_fetch_data_async("x", 0), 0);
  ASSERT_EQ(app_core_fibonacci_async(1, 0), 0);
  ASSERT_EQ(app_core_sha256_file_async("x", 0), 0);
  stop_host();
}

TEST(task_ids_are_positive_and_never_reused) {
  start_host();
  int64_t previous = 0;
  for (int round = 0; round < 2; round++) {
    for (int i = 0; i < 500; i++) {
      Dart_Port port = vm_host_open_port();
      int64_t id = app_core_fibonacci_async(0, port);
      ASSERT_GT(id, previous);
      previous = id;
    }
    app_core_shutdown(); /* ids keep growing across a restart */
  }
  stop_host();
}

/* Answers a fibonacci_async(n) on the runtime's only worker: proof that no
 * cancelled computation still holds it. */
static void expect_the_only_worker_free(void) {
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fibonacci_async(20, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_EQ(outcome.int_value, 6765);
  vm_outcome_free(&outcome);
}

/* The work stops: once [2] has come, its progress no longer moves, and the
 * only worker runs the next task. */
TEST(cancel_while_computing_stops_the_work) {
  start_host();
  app_core_shutdown();
  ASSERT_TRUE(app_core_set_worker_count(1));
  Dart_Port port = vm_host_open_port();
  spinner work;
  int64_t id = spinner_start(&work, port);
  spinner_await_started(&work);
  ASSERT_TRUE(app_core_cancel(id));
  ASSERT_FALSE(app_core_cancel(id)); /* only the first cancel wins */
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
  vm_outcome_free(&outcome);
  int32_t stopped_at = spinner_progress(&work);
  expect_the_only_worker_free();
  ASSERT_EQ(spinner_progress(&work), stopped_at);
  ASSERT_EQ(vm_host_pending(port), 0); /* [2] once */
  app_core_shutdown();
  ASSERT_TRUE(app_core_set_worker_count(2));
  stop_host();
}

/* fib(80) would hold the only worker for centuries: [2], then the next task
 * on that worker, show the recursion checked the flag. (Cancelled before a
 * worker took it, as on a very busy machine, it must answer just the same.) */
TEST(cancel_while_computing_fibonacci_frees_its_worker) {
  start_host();
  app_core_shutdown();
  ASSERT_TRUE(app_core_set_worker_count(1));
  Dart_Port port = vm_host_open_port();
  int64_t id = app_core_fibonacci_async(80, port);
  ASSERT_GT(id, 0);
  app_core__sleep_ns(50 * MS); /* most likely computing by now */
  ASSERT_TRUE(app_core_cancel(id));
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
  vm_outcome_free(&outcome);
  expect_the_only_worker_free();
  app_core_shutdown();
  ASSERT_TRUE(app_core_set_worker_count(2));
  stop_host();
}

TEST(cancel_before_start_skips_the_task) {
  start_host();
  app_core_shutdown();
  ASSERT_TRUE(app_core_set_worker_count(1));
  Dart_Port busy_port = vm_host_open_port(), queued_port = vm_host_open_port();
  int64_t busy = app_core_fibonacci_async(80, busy_port); /* holds the only worker */
  int64_t queued = app_core_fibonacci_async(20, queued_port);
  ASSERT_TRUE(app_core_cancel(queued));
  ASSERT_TRUE(app_core_cancel(busy));
  vm_outcome a = vm_host_await_outcome(queued_port, HUNG_AFTER_NS);
  vm_outcome b = vm_host_await_outcome(busy_port, HUNG_AFTER_NS);
  ASSERT_EQ(a.kind, APP_CORE_MESSAGE_CANCELLED);
  ASSERT_EQ(b.kind, APP_CORE_MESSAGE_CANCELLED);
  vm_outcome_free(&a);
  vm_outcome_free(&b);
  app_core_shutdown();
  ASSERT_TRUE(app_core_set_worker_count(2));
  stop_host();
}

/* A waiting task is answered at the cancel, not when its timer fires: here
 * that would be an hour later. */
TEST(cancel_while_waiting_answers_before_the_timer) {
  start_host();
  Dart_Port port = vm_host_open_port();
  int64_t id = start_waiting_task(port, AN_HOUR_NS);
  app_core__sleep_ns(20 * MS); /* on the timers by now, unless the machine is very busy */
  ASSERT_TRUE(app_core_cancel(id));
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
  vm_outcome_free(&outcome);
  ASSERT_EQ(vm_host_pending(port), 0);
  stop_host();
}

TEST(cancel_after_completion_or_unknown_id_is_false) {
  start_host();
  Dart_Port port = vm_host_open_port();
  int64_t id = app_core_fibonacci_async(5, port);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  vm_outcome_free(&outcome);
  ASSERT_FALSE(app_core_cancel(id));
  ASSERT_FALSE(app_core_cancel(0));
  ASSERT_FALSE(app_core_cancel(-1));
  ASSERT_FALSE(app_core_cancel(INT64_MAX));
  ASSERT_EQ(vm_host_pending(port), 0); /* no second final message */
  stop_host();
}

TEST(worker_count_is_fixed_while_running) {
  start_host();
  ASSERT_FALSE(app_core_set_worker_count(0));
  ASSERT_FALSE(app_core_set_worker_count(-1));
  ASSERT_FALSE(app_core_set_worker_count(APP_CORE_MAX_WORKERS + 1));
  ASSERT_FALSE(app_core_set_worker_count(INT64_C(1) << 32)); /* would read as 0 if truncated */
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fibonacci_async(1, port), 0);
  ASSERT_FALSE(app_core_set_worker_count(3));
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  vm_outcome_free(&outcome);
  app_core_shutdown();
  ASSERT_TRUE(app_core_set_worker_count(3));
  ASSERT_TRUE(app_core_set_worker_count(2));
  stop_host();
}

TEST(exactly_one_final_message_per_task_under_load) {
  start_host();
  enum { TASKS = 4000 };
  Dart_Port *ports = calloc(TASKS, sizeof *ports);
  int64_t *ids = calloc(TASKS, sizeof *ids);
  ASSERT_NOT_NULL(ports);
  ASSERT_NOT_NULL(ids);
  for (int i = 0; i < TASKS; i++) {
    ports[i] = vm_host_open_port();
    ids[i] = i % 2 ? app_core_fibonacci_async((int64_t)(i % 16), ports[i])
                   : app_core_fetch_data_async(i % 4 ? "u" : NULL, ports[i]);
    ASSERT_GT(ids[i], 0);
    if (i % 10 == 3) (void)app_core_cancel(ids[i]); /* some win, some are too late */
  }
  for (int i = 0; i < TASKS; i++) {
    vm_outcome outcome = vm_host_await_outcome(ports[i], HUNG_AFTER_NS);
    ASSERT_TRUE(outcome.well_formed);
    ASSERT_NE(outcome.kind, -1);
    if (i % 10 != 3) ASSERT_NE(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
    vm_outcome_free(&outcome);
  }
  app_core_shutdown();
  for (int i = 0; i < TASKS; i++) ASSERT_EQ(vm_host_pending(ports[i]), 0);
  free(ports);
  free(ids);
  stop_host();
}

/* The waits overlap: one after another they would take 10000 x 0.5 s, so
 * long that ctest's timeout would call the test hung. No wait holds a thread. */
TEST(ten_thousand_fetches_wait_concurrently_on_few_threads) {
  start_host();
  enum { TASKS = 10000 };
  Dart_Port *ports = calloc(TASKS, sizeof *ports);
  ASSERT_NOT_NULL(ports);
  int threads_before = process_thread_count();
  uint64_t started = app_core__now_ns();
  for (int i = 0; i < TASKS; i++) {
    ports[i] = vm_host_open_port();
    ASSERT_GT(app_core_fetch_data_async("https://example.com", ports[i]), 0);
  }
  int threads_during = process_thread_count();
  for (int i = 0; i < TASKS; i++) {
    vm_outcome outcome = vm_host_await_outcome(ports[i], HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
    vm_outcome_free(&outcome);
  }
  uint64_t elapsed = app_core__now_ns() - started;
  printf("10000 fetches: %.3f s, threads %d -> %d\n", (double)elapsed / 1e9, threads_before, threads_during);
  ASSERT_GE(elapsed, 500 * MS);
  if (threads_before > 0) ASSERT_LE(threads_during - threads_before, (int)app_core__cpu_count() + 2);
  free(ports);
  stop_host();
}

/* Shutdown returns without waiting out the timers (an hour here) or the
 * computations (centuries), and every task has its [2] when it does. */
TEST(shutdown_cancels_tasks_in_flight) {
  start_host();
  enum { FETCHES = 200, TASKS = FETCHES + 4 };
  Dart_Port ports[TASKS];
  for (int i = 0; i < TASKS; i++) ports[i] = vm_host_open_port();
  for (int i = 0; i < FETCHES; i++) ASSERT_GT(app_core_fetch_data_async("u", ports[i]), 0);
  (void)start_waiting_task(ports[FETCHES], AN_HOUR_NS);
  (void)start_waiting_task(ports[FETCHES + 1], AN_HOUR_NS);
  ASSERT_GT(app_core_fibonacci_async(80, ports[FETCHES + 2]), 0);
  ASSERT_GT(app_core_fibonacci_async(80, ports[FETCHES + 3]), 0);
  app_core__sleep_ns(20 * MS); /* most likely computing by now */
  app_core_shutdown();
  for (int i = 0; i < TASKS; i++) {
    ASSERT_EQ(vm_host_pending(ports[i]), 1);
    vm_outcome outcome = vm_host_await_outcome(ports[i], 0);
    ASSERT_TRUE(outcome.well_formed);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
    vm_outcome_free(&outcome);
  }
  /* The runtime starts again on the next call. */
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fibonacci_async(3, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.int_value, 2);
  vm_outcome_free(&outcome);
  stop_host();
}

TEST(closed_port_drops_the_final_message_and_frees_the_task) {
  start_host();
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fetch_data_async("u", port), 0);
  vm_host_close_port(port);                /* the isolate died while the task waited */
  ASSERT_TRUE(wait_for_rejected_posts(1)); /* the post at 500 ms failed */
  app_core_shutdown();                     /* ASan/valgrind see any leak of the task */
  vm_host_stats stats = vm_host_get_stats();
  ASSERT_EQ(stats.posts_accepted, 0);
  ASSERT_EQ(stats.posts_rejected, 1);
  stop_host();
}

TEST(sha256_file_streams_progress_then_the_digest) {
  start_host();
  const char *path = "app_core_test_sha256_progress.bin";
  uint64_t size = UINT64_C(16) << 20; /* a few items where hashing is slow, one where it is fast */
  char expected[APP_CORE__SHA256_HEX_SIZE];
  write_pattern_file(path, size, expected);
  Dart_Port port = vm_host_open_port();
  uint64_t started = app_core__now_ns(); /* before the task's own clock starts */
  ASSERT_GT(app_core_sha256_file_async(path, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  uint64_t elapsed = app_core__now_ns() - started;
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_STR_EQ(outcome.string_value, expected);
  ASSERT_GE(outcome.item_count, 1);
  ASSERT_TRUE(outcome.items_increasing);
  ASSERT_EQ(outcome.last_item, (int64_t)size);
  /* At most one item per 50 ms, plus the final one: a slower machine only
   * makes fewer. */
  ASSERT_LE(outcome.item_count, elapsed / (50 * MS) + 2);
  printf("16 MiB hashed in %.3f s with %zu progress items\n", (double)elapsed / 1e9, outcome.item_count);
  vm_outcome_free(&outcome);
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

TEST(sha256_file_of_known_content) {
  start_host();
  static const struct {
    const char *content;
    const char *digest;
  } cases[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
  };
  const char *path = "app_core_test_sha256_known.txt";
  for (size_t i = 0; i < 2; i++) {
    write_text_file(path, cases[i].content);
    Dart_Port port = vm_host_open_port();
    ASSERT_GT(app_core_sha256_file_async(path, port), 0);
    vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
    ASSERT_STR_EQ(outcome.string_value, cases[i].digest);
    ASSERT_EQ(outcome.item_count, 1); /* the full-size item, even for an empty file */
    ASSERT_EQ(outcome.last_item, (int64_t)strlen(cases[i].content));
    vm_outcome_free(&outcome);
  }
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

TEST(sha256_missing_file_is_an_io_error_naming_path_and_reason) {
  start_host();
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_sha256_file_async("no/such/dir/missing.bin", port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
  ASSERT_EQ(outcome.error_code, APP_CORE_IO);
  ASSERT_STR_CONTAINS(outcome.error_message, "sha256_file_async: cannot open 'no/such/dir/missing.bin': ");
  ASSERT_STR_CONTAINS(outcome.error_message, test_missing_file_reason());
  vm_outcome_free(&outcome);
  stop_host();
}

TEST(sha256_rejects_null_and_invalid_utf8_paths) {
  start_host();
  const char *paths[] = {NULL, "bad\xED\xA0\x80.bin"};
  int32_t codes[] = {APP_CORE_INVALID_ARGUMENT, APP_CORE_INVALID_UTF8};
  for (size_t i = 0; i < 2; i++) {
    Dart_Port port = vm_host_open_port();
    ASSERT_GT(app_core_sha256_file_async(paths[i], port), 0);
    vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
    ASSERT_EQ(outcome.error_code, codes[i]);
    vm_outcome_free(&outcome);
  }
  stop_host();
}

/* Starts hashing a sparse file and returns once its first progress item has
 * arrived, so the task is known to be mid-stream. The file takes minutes to
 * hash even at the 1.5 GB/s of the SHA instructions (a terabyte; 2 GiB where
 * `long` has 32 bits), so a task that ignored its cancel would hang the test. */
static int64_t start_hashing_mid_stream(const char *path, Dart_Port port) {
  uint64_t size = UINT64_C(1) << 40;
  write_sparse_file(path, size < (uint64_t)LONG_MAX ? size : (uint64_t)LONG_MAX);
  int64_t id = app_core_sha256_file_async(path, port);
  ASSERT_GT(id, 0);
  vm_value *first = NULL;
  ASSERT_TRUE(vm_host_receive(port, HUNG_AFTER_NS, &first));
  vm_value_free(first);
  return id;
}

/* [2] is posted only once the task has returned: had it hashed on, this
 * would wait for minutes. */
TEST(sha256_cancel_between_blocks) {
  start_host();
  const char *path = "app_core_test_sha256_cancel.bin";
  Dart_Port port = vm_host_open_port();
  int64_t id = start_hashing_mid_stream(path, port);
  ASSERT_TRUE(app_core_cancel(id));
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
  vm_outcome_free(&outcome);
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

TEST(sha256_port_closed_mid_stream_stops_and_frees) {
  start_host();
  const char *path = "app_core_test_sha256_dead_port.bin";
  Dart_Port port = vm_host_open_port();
  (void)start_hashing_mid_stream(path, port);
  vm_host_close_port(port);
  ASSERT_TRUE(wait_for_rejected_posts(1)); /* the next item failed */
  /* A task that kept hashing would try another item 50 ms later and be
   * rejected again. (app_core_cancel(id) is no probe here: it may still win in
   * the instant between the host refusing the post and the task seeing it.) */
  app_core__sleep_ns(200 * MS);
  ASSERT_EQ(vm_host_get_stats().posts_rejected, 1);
  app_core_shutdown();
  ASSERT_EQ(vm_host_get_stats().posts_rejected, 1); /* and no final message either */
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

/* ---- only regular files are hashed ------------------------------------- */

/* Hashes `path` and expects [1, IO, "sha256_file_async: cannot open '<path>':
 * <reason>"] promptly: a refusal, not a worker blocked in open or read. */
static void expect_refused(const char *path, const char *reason) {
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_sha256_file_async(path, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
  ASSERT_EQ(outcome.error_code, APP_CORE_IO);
  char expected[256];
  (void)snprintf(expected, sizeof expected, "sha256_file_async: cannot open '%s': %s", path, reason);
  ASSERT_STR_EQ(outcome.error_message, expected);
  ASSERT_EQ(outcome.item_count, 0);
  vm_outcome_free(&outcome);
}

TEST(sha256_refuses_a_pipe_without_blocking) {
  start_host();
  test_pipe pipe;
  test_pipe_create(&pipe, "app_core_test_sha256_pipe");
  expect_refused(pipe.path, "not a regular file (a pipe)");
  test_pipe_remove(&pipe);
  stop_host();
}

/* The reported symptom: tasks blocked on pipes took every worker, so other
 * tasks never ran and shutdown never returned. */
TEST(sha256_on_pipes_never_holds_the_workers) {
  ASSERT_TRUE(app_core_set_worker_count(2));
  start_host();
  test_pipe pipes[3];
  Dart_Port ports[3];
  for (size_t i = 0; i < 3; i++) {
    char name[64];
    (void)snprintf(name, sizeof name, "app_core_test_sha256_pipe_%zu", i);
    test_pipe_create(&pipes[i], name);
    ports[i] = vm_host_open_port();
    ASSERT_GT(app_core_sha256_file_async(pipes[i].path, ports[i]), 0);
  }
  Dart_Port fibonacci_port = vm_host_open_port();
  ASSERT_GT(app_core_fibonacci_async(20, fibonacci_port), 0);
  vm_outcome outcome = vm_host_await_outcome(fibonacci_port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_EQ(outcome.int_value, 6765);
  vm_outcome_free(&outcome);
  for (size_t i = 0; i < 3; i++) {
    outcome = vm_host_await_outcome(ports[i], HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
    vm_outcome_free(&outcome);
  }
  app_core_shutdown(); /* returns: no worker is blocked on a pipe */
  for (size_t i = 0; i < 3; i++) test_pipe_remove(&pipes[i]);
  stop_host();
}

TEST(sha256_refuses_devices_and_sockets) {
  start_host();
  expect_refused(test_device_path(), "not a regular file (a character device)");
  const char *socket_path = "app_core_test_sha256.sock";
  if (test_socket_file_create(socket_path)) { /* not on Windows */
    expect_refused(socket_path, "not a regular file (a socket)");
    test_remove_file(socket_path);
  }
  stop_host();
}

TEST(sha256_refuses_a_directory_naming_it) {
  start_host();
  const char *path = "app_core_test_sha256_dir";
  test_mkdir(path);
  expect_refused(path, "is a directory");
  test_rmdir(path);
  stop_host();
}

/* Windows limits classic paths to 260 characters unless they are turned into
 * \\?\ paths; this one is longer, relative and uses '/'. */
TEST(sha256_hashes_a_path_longer_than_260_characters) {
  start_host();
  enum { LEVELS = 5 };
  const char *segment = "/a_directory_name_long_enough_that_five_nested_pass_260";
  char path[512];
  size_t ends[LEVELS + 1]; /* where each directory's path ends */
  int length = snprintf(path, sizeof path, "app_core_test_sha256_long");
  for (size_t level = 0; level <= LEVELS; level++) {
    if (level > 0) length += snprintf(path + length, sizeof path - (size_t)length, "%s", segment);
    test_mkdir(path);
    ends[level] = (size_t)length;
  }
  (void)snprintf(path + length, sizeof path - (size_t)length, "/abc.txt");
  ASSERT_GT(strlen(path), 300);
  test_write_file(path, "abc");
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_sha256_file_async(path, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_STR_EQ(outcome.kind == APP_CORE_MESSAGE_ERROR ? outcome.error_message : "no error", "no error");
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_STR_EQ(outcome.string_value, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  vm_outcome_free(&outcome);
  test_remove_file(path);
  for (size_t level = LEVELS + 1; level-- > 0;) {
    path[ends[level]] = '\0';
    test_rmdir(path);
  }
  stop_host();
}
