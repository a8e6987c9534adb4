/* async_support.c: see async_support.h. Built into the test binary only. */
#include "async_support.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "core/platform.h"
#include "test.h"

void start_host(void) {
  vm_host_start();
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data()), 0);
}

void stop_host(void) {
  app_core_shutdown();
  vm_host_stop();
}

uint64_t slow_factor(void) {
  const char *text = getenv("APP_CORE_TEST_SLOW_FACTOR");
  long factor = text ? strtol(text, NULL, 10) : 1;
  return factor < 1 ? 1u : (uint64_t)factor;
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

bool wait_for_rejected_posts(uint64_t count, uint64_t timeout_ns) {
  uint64_t deadline = app_core__now_ns() + timeout_ns * slow_factor();
  while (vm_host_get_stats().posts_rejected < count) {
    if (app_core__now_ns() > deadline) return false;
    app_core__sleep_ns(UINT64_C(1000000));
  }
  return true;
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
