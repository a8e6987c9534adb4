/*
 * test_bytes.c: bytes handed to Dart without a copy (core/bytes.c), posted
 * raw and by the example functions that return them. Every way a buffer can
 * end is played on the VM host, and each must free it exactly once: ASan and valgrind catch a double
 * free or a read of freed data, app_core__bytes_live_count() a leak (also on
 * the plain gcc and clang stages).
 *   delivered, then garbage-collected          *_delivered_*
 *   refused, the VM runs the finalizer inside  *_refused_post_that_finalizes_*  (dart-lang/native#2079)
 *   refused, no finalizer at all               *_refused_post_without_finalizer_*
 *   queued when the isolate dies               *_dropped_*, *_host_stops_*
 *   finalized before the post has returned     *_finalized_before_the_post_returns_*
 */
#include <stdio.h>
#include <stdlib.h>

#include "async_support.h"
#include "core/bytes.h"
#include "core/platform.h"
#include "special_files.h"
#include "test.h"

/* template:full-only-begin */
/* Polls until `count` buffers are live; buffers are released on worker
 * threads just after their post returns, so the test may see them a moment later. */
static bool wait_for_live_bytes(int32_t count) {
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (app_core__bytes_live_count() != count) {
    if (app_core__now_ns() > give_up_at) return false;
    app_core__sleep_ns(MS);
  }
  return true;
}

/* Polls until `port` has `count` messages queued. */
static bool wait_for_pending(Dart_Port port, size_t count) {
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (vm_host_pending(port) != count) {
    if (app_core__now_ns() > give_up_at) return false;
    app_core__sleep_ns(MS);
  }
  return true;
}

/* Polls until the host has accepted `count` posts. */
static bool wait_for_accepted_posts(uint64_t count) {
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (vm_host_get_stats().posts_accepted < count) {
    if (app_core__now_ns() > give_up_at) return false;
    app_core__sleep_ns(MS);
  }
  return true;
}

#define ASSERT_LIVE_BYTES(count) \
  do { \
    if (!wait_for_live_bytes(count)) \
      test_fail(__FILE__, __LINE__, "expected %d live byte buffers, still %d", (int)(count), \
                (int)app_core__bytes_live_count()); \
  } while (0)

/* template:full-only-end */
/* A buffer holding 0, 1, 2, ... */
static app_core__bytes *pattern_bytes(size_t length) {
  app_core__bytes *bytes = app_core__bytes_new(length);
  ASSERT_NOT_NULL(bytes);
  for (size_t i = 0; i < length; i++) bytes->data[i] = (uint8_t)(i * 7);
  bytes->length = length;
  return bytes;
}

/* template:full-only-begin */
static uint8_t *read_whole_file(const char *path, size_t size) {
  FILE *file = fopen(path, "rb");
  ASSERT_NOT_NULL(file);
  uint8_t *content = malloc(size > 0 ? size : 1);
  ASSERT_NOT_NULL(content);
  ASSERT_EQ(fread(content, 1, size, file), size);
  ASSERT_EQ(fclose(file), 0);
  return content;
}

/* template:full-only-end */
/* ---- The buffer and its post, without the runtime ------------------------ */

TEST(post_value_delivered_then_collected_frees_once) {
  start_host();
  Dart_Port port = vm_host_open_port();
  ASSERT_TRUE(app_core__bytes_post_value(port, pattern_bytes(1000)));
  ASSERT_EQ(app_core__bytes_live_count(), 1); /* the VM holds it */
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_TRUE(outcome.has_bytes);
  ASSERT_UINT_EQ(outcome.bytes_length, 1000);
  ASSERT_EQ(outcome.bytes_value[999], (uint8_t)(999 * 7));
  ASSERT_EQ(app_core__bytes_live_count(), 1); /* Dart's Uint8List still uses it */
  vm_host_collect_garbage();
  ASSERT_EQ(app_core__bytes_live_count(), 0);
  ASSERT_UINT_EQ(vm_host_get_stats().finalizers_run, 1);
  vm_outcome_free(&outcome);
  stop_host();
}

TEST(post_value_refused_post_that_finalizes_frees_once) {
  start_host();
  vm_host_set_refusal(VM_HOST_REFUSAL_FINALIZES);
  Dart_Port port = vm_host_open_port();
  vm_host_close_port(port);
  ASSERT_FALSE(app_core__bytes_post_value(port, pattern_bytes(64)));
  ASSERT_UINT_EQ(vm_host_get_stats().finalizers_run, 1); /* inside the post */
  ASSERT_EQ(app_core__bytes_live_count(), 0);            /* and freed once: by the poster */
  vm_host_collect_garbage();
  stop_host();
}

TEST(post_value_refused_post_without_finalizer_frees_once) {
  start_host();
  vm_host_set_refusal(VM_HOST_REFUSAL_KEEPS);
  Dart_Port port = vm_host_open_port();
  vm_host_close_port(port);
  ASSERT_FALSE(app_core__bytes_post_value(port, pattern_bytes(64)));
  ASSERT_UINT_EQ(vm_host_get_stats().finalizers_run, 0);
  ASSERT_EQ(app_core__bytes_live_count(), 0); /* the poster freed it */
  stop_host();
}

TEST(post_value_finalized_before_the_post_returns_frees_once) {
  start_host();
  vm_host_set_drop_accepted(true);
  Dart_Port port = vm_host_open_port();
  ASSERT_TRUE(app_core__bytes_post_value(port, pattern_bytes(64)));
  ASSERT_UINT_EQ(vm_host_get_stats().finalizers_run, 1); /* ran first; the poster freed it after */
  ASSERT_EQ(app_core__bytes_live_count(), 0);
  ASSERT_UINT_EQ(vm_host_pending(port), 0);
  stop_host();
}

TEST(post_value_dropped_with_its_isolate_frees_once) {
  start_host();
  Dart_Port port = vm_host_open_port();
  ASSERT_TRUE(app_core__bytes_post_value(port, pattern_bytes(64)));
  vm_host_close_port(port); /* the isolate exits with the message unread */
  ASSERT_EQ(app_core__bytes_live_count(), 1);
  vm_host_collect_garbage();
  ASSERT_EQ(app_core__bytes_live_count(), 0);
  stop_host();
}

TEST(post_value_queued_when_the_host_stops_frees_once) {
  start_host();
  Dart_Port port = vm_host_open_port();
  ASSERT_TRUE(app_core__bytes_post_value(port, pattern_bytes(64)));
  ASSERT_TRUE(app_core__bytes_post_value(port, pattern_bytes(0))); /* empty: still a buffer to free */
  stop_host();                                                     /* VM shutdown with both queued */
  ASSERT_EQ(app_core__bytes_live_count(), 0);
  ASSERT_UINT_EQ(vm_host_get_stats().finalizers_run, 2);
}

TEST(post_value_before_the_api_is_initialised_frees_once) {
  app_core__dart_api_reset();
  ASSERT_FALSE(app_core__bytes_post_value(1, pattern_bytes(8)));
  ASSERT_EQ(app_core__bytes_live_count(), 0);
}

TEST(buffer_resize_keeps_the_data_and_cuts_the_length) {
  app_core__bytes *bytes = pattern_bytes(100);
  app_core__bytes *grown = app_core__bytes_resize(bytes, 1000);
  ASSERT_NOT_NULL(grown);
  ASSERT_UINT_EQ(grown->length, 100);
  ASSERT_EQ(grown->data[99], (uint8_t)(99 * 7));
  app_core__bytes *cut = app_core__bytes_resize(grown, 10);
  ASSERT_NOT_NULL(cut);
  ASSERT_UINT_EQ(cut->length, 10);
  ASSERT_UINT_EQ(cut->capacity, 10);
  ASSERT_NULL(app_core__bytes_resize(cut, SIZE_MAX)); /* too big: the old buffer stays valid */
  ASSERT_EQ(cut->data[9], (uint8_t)(9 * 7));
  ASSERT_NULL(app_core__bytes_new(SIZE_MAX));
  ASSERT_EQ(app_core__bytes_live_count(), 1);
  app_core__bytes_free(cut);
  app_core__bytes_free(NULL);
  ASSERT_EQ(app_core__bytes_live_count(), 0);
}
/* template:full-only-begin */

/* ---- app_core_read_file_async ------------------------------------------- */

TEST(read_file_delivered_bytes_match_and_gc_frees_them) {
  start_host();
  const char *path = "app_core_test_read_file.bin";
  uint64_t size = (UINT64_C(3) << 20) + 17; /* several reads, an odd tail */
  write_pattern_file(path, size, NULL);
  uint8_t *expected = read_whole_file(path, (size_t)size);
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_read_file_async(path, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_TRUE(outcome.has_bytes);
  ASSERT_UINT_EQ(outcome.bytes_length, size);
  ASSERT_EQ(memcmp(outcome.bytes_value, expected, (size_t)size), 0);
  ASSERT_LIVE_BYTES(1); /* kept for the Uint8List until GC */
  vm_host_collect_garbage();
  ASSERT_LIVE_BYTES(0);
  ASSERT_UINT_EQ(vm_host_get_stats().finalizers_run, 1);
  vm_outcome_free(&outcome);
  free(expected);
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

TEST(read_file_empty_file_is_an_empty_list) {
  start_host();
  const char *path = "app_core_test_read_file_empty.bin";
  write_text_file(path, "");
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_read_file_async(path, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_TRUE(outcome.has_bytes);
  ASSERT_UINT_EQ(outcome.bytes_length, 0);
  vm_outcome_free(&outcome);
  vm_host_collect_garbage();
  ASSERT_LIVE_BYTES(0);
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

/* Reads a small file for a port that is already closed: the final post is refused. */
static void read_for_closed_port(const char *path) {
  write_text_file(path, "refused bytes");
  Dart_Port port = vm_host_open_port();
  vm_host_close_port(port);
  ASSERT_GT(app_core_read_file_async(path, port), 0);
  ASSERT_TRUE(wait_for_rejected_posts(1));
  app_core_shutdown();
  ASSERT_EQ(remove(path), 0);
}

TEST(read_file_refused_post_that_finalizes_frees_once) {
  start_host();
  vm_host_set_refusal(VM_HOST_REFUSAL_FINALIZES);
  read_for_closed_port("app_core_test_read_file_refused_finalized.bin");
  ASSERT_UINT_EQ(vm_host_get_stats().finalizers_run, 1);
  ASSERT_EQ(app_core__bytes_live_count(), 0);
  stop_host();
}

TEST(read_file_refused_post_without_finalizer_frees_once) {
  start_host();
  vm_host_set_refusal(VM_HOST_REFUSAL_KEEPS);
  read_for_closed_port("app_core_test_read_file_refused_kept.bin");
  ASSERT_UINT_EQ(vm_host_get_stats().finalizers_run, 0);
  ASSERT_EQ(app_core__bytes_live_count(), 0);
  stop_host();
}

TEST(read_file_dropped_with_its_isolate_frees_once) {
  start_host();
  const char *path = "app_core_test_read_file_dropped.bin";
  write_text_file(path, "never read by Dart");
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_read_file_async(path, port), 0);
  ASSERT_TRUE(wait_for_pending(port, 1)); /* the final message is queued, unread */
  app_core_shutdown();                    /* so the worker has let go of it too */
  vm_host_close_port(port);               /* the isolate exits */
  ASSERT_EQ(app_core__bytes_live_count(), 1);
  vm_host_collect_garbage();
  ASSERT_EQ(app_core__bytes_live_count(), 0);
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

TEST(read_file_finalized_before_the_post_returns_frees_once) {
  start_host();
  vm_host_set_drop_accepted(true);
  const char *path = "app_core_test_read_file_drop_accepted.bin";
  write_text_file(path, "finalized at once");
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_read_file_async(path, port), 0);
  ASSERT_TRUE(wait_for_accepted_posts(1));
  app_core_shutdown(); /* the worker is done with it */
  vm_host_stats stats = vm_host_get_stats();
  ASSERT_UINT_EQ(stats.posts_accepted, 1);
  ASSERT_UINT_EQ(stats.finalizers_run, 1);
  ASSERT_EQ(app_core__bytes_live_count(), 0);
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

/* Many reads at once while the test thread receives and collects: the VM's
 * finalizer (here) races the worker's release after the post (TSan watches). */
TEST(read_file_concurrent_finalizers_free_each_buffer_once) {
  start_host();
  const char *path = "app_core_test_read_file_many.bin";
  write_pattern_file(path, 4096, NULL);
  enum { TASKS = 300 };
  static Dart_Port ports[TASKS];
  for (size_t i = 0; i < TASKS; i++) {
    ports[i] = vm_host_open_port();
    ASSERT_GT(app_core_read_file_async(path, ports[i]), 0);
  }
  for (size_t i = 0; i < TASKS; i++) {
    vm_outcome outcome = vm_host_await_outcome(ports[i], HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
    ASSERT_UINT_EQ(outcome.bytes_length, 4096);
    vm_outcome_free(&outcome);
    vm_host_collect_garbage();
  }
  ASSERT_LIVE_BYTES(0);
  ASSERT_UINT_EQ(vm_host_get_stats().finalizers_run, TASKS);
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

TEST(read_file_cancelled_or_not_frees_each_buffer_once) {
  start_host();
  const char *path = "app_core_test_read_file_cancel.bin";
  write_pattern_file(path, UINT64_C(1) << 20, NULL);
  enum { TASKS = 40 };
  Dart_Port ports[TASKS];
  for (size_t i = 0; i < TASKS; i++) {
    ports[i] = vm_host_open_port();
    int64_t id = app_core_read_file_async(path, ports[i]);
    ASSERT_GT(id, 0);
    (void)app_core_cancel(id); /* before, during or after the read */
  }
  for (size_t i = 0; i < TASKS; i++) {
    vm_outcome outcome = vm_host_await_outcome(ports[i], HUNG_AFTER_NS);
    ASSERT_TRUE(outcome.kind == APP_CORE_MESSAGE_CANCELLED || outcome.kind == APP_CORE_MESSAGE_VALUE);
    vm_outcome_free(&outcome);
  }
  vm_host_collect_garbage();
  ASSERT_LIVE_BYTES(0);
  ASSERT_EQ(remove(path), 0);
  stop_host();
}

TEST(read_file_missing_file_or_directory_is_an_io_error) {
  start_host();
  const char *paths[] = {"no/such/dir/missing.bin", "."};
  for (size_t i = 0; i < 2; i++) {
    Dart_Port port = vm_host_open_port();
    ASSERT_GT(app_core_read_file_async(paths[i], port), 0);
    vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
    ASSERT_EQ(outcome.error_code, APP_CORE_IO);
    ASSERT_STR_CONTAINS(outcome.error_message, paths[i]);
    vm_outcome_free(&outcome);
  }
  ASSERT_EQ(app_core__bytes_live_count(), 0);
  stop_host();
}

/* A pipe nobody writes to, or an endless device, must not hold a worker. */
TEST(read_file_refuses_pipes_and_devices_at_once) {
  start_host();
  test_pipe pipe;
  test_pipe_create(&pipe, "app_core_test_read_file_pipe");
  const char *paths[] = {pipe.path, test_device_path()};
  for (size_t i = 0; i < 2; i++) {
    Dart_Port port = vm_host_open_port();
    ASSERT_GT(app_core_read_file_async(paths[i], port), 0);
    vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
    ASSERT_EQ(outcome.error_code, APP_CORE_IO);
    ASSERT_STR_CONTAINS(outcome.error_message, "not a regular file");
    vm_outcome_free(&outcome);
  }
  test_pipe_remove(&pipe);
  ASSERT_EQ(app_core__bytes_live_count(), 0);
  stop_host();
}

TEST(read_file_rejects_null_and_invalid_utf8_paths) {
  start_host();
  const char *paths[] = {NULL, "bad\xC0\xAF.bin"};
  int32_t codes[] = {APP_CORE_INVALID_ARGUMENT, APP_CORE_INVALID_UTF8};
  for (size_t i = 0; i < 2; i++) {
    Dart_Port port = vm_host_open_port();
    ASSERT_GT(app_core_read_file_async(paths[i], port), 0);
    vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
    ASSERT_EQ(outcome.error_code, codes[i]);
    vm_outcome_free(&outcome);
  }
  ASSERT_EQ(app_core_read_file_async("x", 0), 0); /* illegal port: not started */
  stop_host();
}

/* A sparse file one byte over the limit: refused from its size, nothing read. */
TEST(read_file_above_the_limit_is_refused) {
  start_host();
  const char *path = "app_core_test_read_file_too_large.bin";
  FILE *file = fopen(path, "wb");
  ASSERT_NOT_NULL(file);
  ASSERT_EQ(fseek(file, (long)APP_CORE_READ_FILE_MAX_BYTES, SEEK_SET), 0);
  ASSERT_EQ(fputc('x', file), 'x');
  ASSERT_EQ(fclose(file), 0);
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_read_file_async(path, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
  ASSERT_EQ(outcome.error_code, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(outcome.error_message, "APP_CORE_READ_FILE_MAX_BYTES");
  ASSERT_STR_CONTAINS(outcome.error_message, path);
  vm_outcome_free(&outcome);
  ASSERT_EQ(app_core__bytes_live_count(), 0);
  ASSERT_EQ(remove(path), 0);
  stop_host();
}
/* Over 4 GiB: on 32-bit glibc a core without large-file support could not
 * even stat it (EOVERFLOW, an IO error); its size must read as too large. */
TEST(read_file_over_4_gib_is_refused_as_too_large) {
  const char *path = "app_core_test_read_file_5gib.bin";
  if (!test_sparse_file_create(path, UINT64_C(5) << 30)) return; /* Windows: 64-bit file APIs only */
  start_host();
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_read_file_async(path, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
  test_remove_file(path);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
  ASSERT_STR_CONTAINS(outcome.error_message, "APP_CORE_READ_FILE_MAX_BYTES");
  ASSERT_EQ(outcome.error_code, APP_CORE_INVALID_ARGUMENT);
  vm_outcome_free(&outcome);
  ASSERT_EQ(app_core__bytes_live_count(), 0);
  stop_host();
}
/* template:full-only-end */
