/* test_async.c: the async functions end to end through the Dart-VM test host:
 * results, errors, cancellation at every stage, dead ports, shutdown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "async_support.h"
#include "core/platform.h"
#include "examples/sha256.h"
#include "special_files.h"
#include "test.h"

TEST(fetch_posts_data_after_a_500ms_wait) {
  start_host();
  Dart_Port port = vm_host_open_port();
  uint64_t started = app_core__now_ns();
  int64_t id = app_core_fetch_data_async("https://example.com/a", port);
  ASSERT_GT(id, 0);
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
  uint64_t elapsed = app_core__now_ns() - started;
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_STR_EQ(outcome.string_value, "Data from: https://example.com/a");
  ASSERT_EQ(outcome.item_count, 0);
  ASSERT_GE(elapsed, 500 * MS);
  ASSERT_LT(elapsed, 1500 * MS);
  vm_outcome_free(&outcome);
  stop_host();
}

TEST(fetch_rejects_null_url_at_once) {
  start_host();
  Dart_Port warm_up = vm_host_open_port(); /* thread start-up is not what is timed here */
  ASSERT_GT(app_core_fibonacci_async(0, warm_up), 0);
  vm_outcome started_up = vm_host_await_outcome(warm_up, 5000 * MS);
  ASSERT_EQ(started_up.kind, APP_CORE_MESSAGE_VALUE);
  vm_outcome_free(&started_up);
  Dart_Port port = vm_host_open_port();
  uint64_t started = app_core__now_ns();
  ASSERT_GT(app_core_fetch_data_async(NULL, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
  ASSERT_EQ(outcome.error_code, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(outcome.error_message, "url");
  ASSERT_LT(app_core__now_ns() - started, 400 * MS); /* not after the 500 ms wait */
  vm_outcome_free(&outcome);
  stop_host();
}

TEST(fetch_rejects_invalid_utf8_url) {
  start_host();
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fetch_data_async("http://\xC0\xAF", port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
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
    vm_outcome outcome = vm_host_await_outcome(port, 10000 * MS);
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
    vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
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
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
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

TEST(cancel_while_computing_stops_the_work) {
  start_host();
  Dart_Port port = vm_host_open_port();
  int64_t id = app_core_fibonacci_async(80, port); /* centuries of recursion */
  ASSERT_GT(id, 0);
  app_core__sleep_ns(50 * MS);
  uint64_t cancelled_at = app_core__now_ns();
  ASSERT_TRUE(app_core_cancel(id));
  ASSERT_FALSE(app_core_cancel(id)); /* only the first cancel wins */
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_LT(app_core__now_ns() - cancelled_at, 100 * MS * slow_factor());
  vm_outcome_free(&outcome);
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
  vm_outcome a = vm_host_await_outcome(queued_port, 5000 * MS);
  vm_outcome b = vm_host_await_outcome(busy_port, 5000 * MS);
  ASSERT_EQ(a.kind, APP_CORE_MESSAGE_CANCELLED);
  ASSERT_EQ(b.kind, APP_CORE_MESSAGE_CANCELLED);
  vm_outcome_free(&a);
  vm_outcome_free(&b);
  app_core_shutdown();
  ASSERT_TRUE(app_core_set_worker_count(2));
  stop_host();
}

TEST(cancel_while_waiting_answers_within_10ms) {
  start_host();
  Dart_Port port = vm_host_open_port();
  int64_t id = app_core_fetch_data_async("https://example.com", port);
  app_core__sleep_ns(20 * MS);
  uint64_t cancelled_at = app_core__now_ns();
  ASSERT_TRUE(app_core_cancel(id));
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
  uint64_t latency = app_core__now_ns() - cancelled_at;
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
  ASSERT_LT(latency, 10 * MS * slow_factor());
  vm_outcome_free(&outcome);
  stop_host();
}

TEST(cancel_after_completion_or_unknown_id_is_false) {
  start_host();
  Dart_Port port = vm_host_open_port();
  int64_t id = app_core_fibonacci_async(5, port);
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
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
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
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
    vm_outcome outcome = vm_host_await_outcome(ports[i], 10000 * MS);
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
    vm_outcome outcome = vm_host_await_outcome(ports[i], 10000 * MS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
    vm_outcome_free(&outcome);
  }
  uint64_t elapsed = app_core__now_ns() - started;
  printf("10000 fetches: %.3f s, threads %d -> %d\n", (double)elapsed / 1e9, threads_before, threads_during);
  ASSERT_GE(elapsed, 500 * MS);
  ASSERT_LT(elapsed, 750 * MS * slow_factor()); /* about 0.5 s, not 10000 x 0.5 s */
  if (threads_before > 0) ASSERT_LE(threads_during - threads_before, (int)app_core__cpu_count() + 2);
  free(ports);
  stop_host();
}

TEST(shutdown_cancels_tasks_in_flight) {
  start_host();
  enum { FETCHES = 200 };
  Dart_Port ports[FETCHES + 2];
  for (int i = 0; i < FETCHES; i++) {
    ports[i] = vm_host_open_port();
    ASSERT_GT(app_core_fetch_data_async("u", ports[i]), 0);
  }
  ports[FETCHES] = vm_host_open_port();
  ports[FETCHES + 1] = vm_host_open_port();
  ASSERT_GT(app_core_fibonacci_async(80, ports[FETCHES]), 0);
  ASSERT_GT(app_core_fibonacci_async(80, ports[FETCHES + 1]), 0);
  app_core__sleep_ns(20 * MS);
  uint64_t started = app_core__now_ns();
  app_core_shutdown();
  ASSERT_LT(app_core__now_ns() - started, 400 * MS * slow_factor()); /* did not wait out the fetches */
  for (int i = 0; i < FETCHES + 2; i++) {
    ASSERT_EQ(vm_host_pending(ports[i]), 1);
    vm_outcome outcome = vm_host_await_outcome(ports[i], 1000 * MS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
    vm_outcome_free(&outcome);
  }
  /* The runtime starts again on the next call. */
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fibonacci_async(3, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
  ASSERT_EQ(outcome.int_value, 2);
  vm_outcome_free(&outcome);
  stop_host();
}

TEST(closed_port_drops_the_final_message_and_frees_the_task) {
  start_host();
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_fetch_data_async("u", port), 0);
  vm_host_close_port(port);                           /* the isolate died while the task waited */
  ASSERT_TRUE(wait_for_rejected_posts(1, 5000 * MS)); /* the post at 500 ms failed */
  app_core_shutdown();                                /* ASan/valgrind see any leak of the task */
  vm_host_stats stats = vm_host_get_stats();
  ASSERT_EQ(stats.posts_accepted, 0);
  ASSERT_EQ(stats.posts_rejected, 1);
  stop_host();
}

TEST(sha256_file_streams_progress_then_the_digest) {
  start_host();
  const char *path = "app_core_test_sha256_progress.bin";
  uint64_t size = UINT64_C(48) << 20;
  char expected[APP_CORE__SHA256_HEX_SIZE];
  write_pattern_file(path, size, expected);
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_sha256_file_async(path, port), 0);
  uint64_t started = app_core__now_ns();
  vm_outcome outcome = vm_host_await_outcome(port, 60000 * MS);
  uint64_t elapsed = app_core__now_ns() - started;
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_STR_EQ(outcome.string_value, expected);
  ASSERT_GE(outcome.item_count, 1);
  ASSERT_TRUE(outcome.items_increasing);
  ASSERT_EQ(outcome.last_item, (int64_t)size);
  /* At most one item per 50 ms, plus the final one. */
  ASSERT_LE(outcome.item_count, elapsed / (50 * MS) + 2);
  printf("48 MiB hashed in %.3f s with %zu progress items\n", (double)elapsed / 1e9, outcome.item_count);
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
    vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
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
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
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
    vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
    ASSERT_EQ(outcome.error_code, codes[i]);
    vm_outcome_free(&outcome);
  }
  stop_host();
}

/* Starts hashing a 1 GiB file and returns once its first progress item has
 * arrived, so the task is known to be mid-stream (at the 1.5 GB/s of the SHA
 * instructions a 64 MiB file could end before its first item, due after 50 ms). */
static int64_t start_hashing_mid_stream(const char *path, Dart_Port port) {
  write_sparse_file(path, UINT64_C(1) << 30);
  int64_t id = app_core_sha256_file_async(path, port);
  ASSERT_GT(id, 0);
  vm_value *first = NULL;
  ASSERT_TRUE(vm_host_receive(port, 10000 * MS, &first));
  vm_value_free(first);
  return id;
}

TEST(sha256_cancel_between_blocks) {
  start_host();
  const char *path = "app_core_test_sha256_cancel.bin";
  Dart_Port port = vm_host_open_port();
  int64_t id = start_hashing_mid_stream(path, port);
  ASSERT_TRUE(app_core_cancel(id));
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
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
  ASSERT_TRUE(wait_for_rejected_posts(1, 10000 * MS)); /* the next item failed */
  /* A task that kept hashing would try another item within 50 ms and be
   * rejected again. (app_core_cancel(id) is no probe here: it may still win in
   * the instant between the host refusing the post and the task seeing it.) */
  app_core__sleep_ns(100 * MS * slow_factor());
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
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
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
  vm_outcome outcome = vm_host_await_outcome(fibonacci_port, 5000 * MS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_EQ(outcome.int_value, 6765);
  vm_outcome_free(&outcome);
  for (size_t i = 0; i < 3; i++) {
    outcome = vm_host_await_outcome(ports[i], 5000 * MS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
    vm_outcome_free(&outcome);
  }
  uint64_t started = app_core__now_ns();
  app_core_shutdown();
  ASSERT_LT(app_core__now_ns() - started, 2000 * MS * slow_factor());
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
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
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
