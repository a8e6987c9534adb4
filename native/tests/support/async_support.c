/* async_support.c: see async_support.h. Built into the test binary only. */
#include "async_support.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "core/platform.h"
#include "core/task.h"
#include "test.h"

void start_host(void) {
  vm_host_start();
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data()), 0);
}

void stop_host(void) {
  app_core_shutdown();
  vm_host_stop();
}

int process_thread_count(void) {
  FILE *status = fopen("/proc/self/status", "r");
  if (status == NULL) return -1;
  char line[256];
  int threads = -1;
  while (fgets(line, sizeof line, status)) {
    if (strncmp(line, "Threads:", 8) == 0) threads = atoi(line + 8);
  }
  fclose(status);
  return threads;
}

bool wait_for_rejected_posts(uint64_t count) {
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (vm_host_get_stats().posts_rejected < count) {
    if (app_core__now_ns() > give_up_at) return false;
    app_core__sleep_ns(MS);
  }
  return true;
}

/* The spinners this test process started, by the index each task carries as its input. */
static spinner *spinners[SPINNERS_MAX];
static int64_t spinner_count;

static void spin_until_cancelled(app_core__task *task) {
  spinner *s = spinners[task->input_int];
  app_core__atomic_store_release_i32(&s->started, 1);
  for (int32_t loops = 1; !app_core__task_cancelled(task); loops = loops == INT32_MAX ? 1 : loops + 1) {
    app_core__atomic_store_release_i32(&s->progress, loops);
  }
}

int64_t spinner_start(spinner *s, Dart_Port port) {
  ASSERT_LT(spinner_count, SPINNERS_MAX);
  s->started = 0;
  s->progress = 0;
  spinners[spinner_count] = s; /* the submit's lock publishes it to the worker */
  int64_t id = app_core__task_start_int(spin_until_cancelled, port, spinner_count++, 0);
  ASSERT_GT(id, 0);
  return id;
}

void spinner_await_started(spinner *s) {
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (!app_core__atomic_load_acquire_i32(&s->started)) {
    if (app_core__now_ns() > give_up_at) test_fail(__FILE__, __LINE__, "no worker ran the spinner: hung");
    app_core__sleep_ns(MS);
  }
}

int32_t spinner_progress(spinner *s) { return app_core__atomic_load_acquire_i32(&s->progress); }

static void answer_one(app_core__task *task) { app_core__task_set_int(task, 1); }

int64_t start_waiting_task(Dart_Port port, uint64_t delay_ns) {
  int64_t id = app_core__task_start_int(answer_one, port, 0, delay_ns);
  ASSERT_GT(id, 0);
  return id;
}

void write_sparse_file(const char *path, uint64_t size) {
  ASSERT_TRUE(size > 0 && size <= (uint64_t)LONG_MAX); /* fseek takes a long: 32 bits on Windows */
  FILE *file = fopen(path, "wb");
  ASSERT_NOT_NULL(file);
  ASSERT_EQ(fseek(file, (long)(size - 1), SEEK_SET), 0);
  ASSERT_EQ(fputc(0, file), 0);
  ASSERT_EQ(fclose(file), 0);
}

void write_pattern_file(const char *path, uint64_t size, char expected_hex[APP_CORE__SHA256_HEX_SIZE]) {
  FILE *file = fopen(path, "wb");
  ASSERT_NOT_NULL(file);
  enum { CHUNK = 1 << 16 };
  unsigned char *chunk = malloc(CHUNK);
  ASSERT_NOT_NULL(chunk);
  app_core__sha256 ctx;
  app_core__sha256_init(&ctx);
  uint32_t state = 0x12345678u;
  for (uint64_t written = 0; written < size;) {
    size_t n = size - written < CHUNK ? (size_t)(size - written) : CHUNK;
    for (size_t i = 0; i < n; i++) {
      state = state * 1664525u + 1013904223u; /* a fixed LCG: the same bytes every run */
      chunk[i] = (unsigned char)(state >> 24);
    }
    ASSERT_EQ(fwrite(chunk, 1, n, file), n);
    app_core__sha256_update(&ctx, chunk, n);
    written += n;
  }
  free(chunk);
  ASSERT_EQ(fclose(file), 0);
  if (expected_hex) {
    uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE];
    app_core__sha256_final(&ctx, digest);
    app_core__sha256_hex(digest, expected_hex);
  }
}

void write_text_file(const char *path, const char *content) {
  FILE *file = fopen(path, "wb");
  ASSERT_NOT_NULL(file);
  size_t length = strlen(content);
  ASSERT_EQ(fwrite(content, 1, length, file), length);
  ASSERT_EQ(fclose(file), 0);
}

void expect_outcome_kind(Dart_Port port, int kind) {
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, kind);
  vm_outcome_free(&outcome);
}

void expect_sha256_file(const char *path, const char *expected_hex) {
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_sha256_file_async(path, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_STR_EQ(outcome.string_value, expected_hex);
  vm_outcome_free(&outcome);
}
