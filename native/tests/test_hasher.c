/*
 * test_hasher.c: SHA-256 of bytes passed by address: app_core_sha256_bytes
 * (one leaf call), app_core_sha256_bytes_async (copied, hashed on a worker)
 * and the app_core_hasher object (new, updates, finish, free from any thread).
 * Digests are the FIPS 180-4 example vectors.
 */
#include <stdlib.h>

#include "async_support.h"
#include "core/platform.h"
#include "test.h"

static const char empty_digest[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
static const char abc_digest[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
static const char two_block_text[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char two_block_digest[] = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
static const char million_a_digest[] = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
enum { MILLION = 1000000 };

static uint8_t *million_a(void) {
  uint8_t *data = malloc(MILLION);
  ASSERT_NOT_NULL(data);
  memset(data, 'a', MILLION);
  return data;
}

/* Deterministic pseudo-random bytes (a fixed LCG). */
static void fill_random(uint8_t *data, size_t length, uint32_t *state) {
  for (size_t i = 0; i < length; i++) {
    *state = *state * 1664525u + 1013904223u;
    data[i] = (uint8_t)(*state >> 24);
  }
}

/* ---- app_core_sha256_bytes ------------------------------------------------ */

TEST(sha256_bytes_fips_vectors) {
  char hex[APP_CORE_SHA256_HEX_SIZE];
  app_core_error error = APP_CORE_ERROR_INIT;
  ASSERT_TRUE(app_core_sha256_bytes(NULL, 0, hex, &error)); /* NULL is fine when empty */
  ASSERT_STR_EQ(hex, empty_digest);
  ASSERT_EQ(error.code, APP_CORE_OK);
  ASSERT_TRUE(app_core_sha256_bytes((const uint8_t *)"abc", 3, hex, &error));
  ASSERT_STR_EQ(hex, abc_digest);
  ASSERT_TRUE(app_core_sha256_bytes((const uint8_t *)two_block_text, (int64_t)strlen(two_block_text), hex, NULL));
  ASSERT_STR_EQ(hex, two_block_digest);
  ASSERT_NULL(error.message);
}

TEST(sha256_bytes_takes_exactly_the_leaf_maximum) {
  uint8_t *data = malloc(APP_CORE_SHA256_BYTES_LEAF_MAX);
  ASSERT_NOT_NULL(data);
  uint32_t state = 1;
  fill_random(data, APP_CORE_SHA256_BYTES_LEAF_MAX, &state);
  char hex[APP_CORE_SHA256_HEX_SIZE], expected[APP_CORE_SHA256_HEX_SIZE];
  ASSERT_TRUE(app_core_sha256_bytes(data, APP_CORE_SHA256_BYTES_LEAF_MAX, hex, NULL));
  app_core__sha256 ctx;
  uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE];
  app_core__sha256_init(&ctx);
  app_core__sha256_update(&ctx, data, APP_CORE_SHA256_BYTES_LEAF_MAX);
  app_core__sha256_final(&ctx, digest);
  app_core__sha256_hex(digest, expected);
  ASSERT_STR_EQ(hex, expected);
  free(data);
}

TEST(sha256_bytes_rejects_bad_input_naming_it) {
  static const uint8_t byte = 0;
  char hex[APP_CORE_SHA256_HEX_SIZE] = "stale";
  app_core_error error = APP_CORE_ERROR_INIT; /* reused: each failure frees the previous message */
  ASSERT_FALSE(app_core_sha256_bytes(&byte, -1, hex, &error));
  ASSERT_EQ(error.code, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(error.message, "length -1");
  ASSERT_STR_EQ(hex, ""); /* never a stale digest */
  ASSERT_FALSE(app_core_sha256_bytes(&byte, APP_CORE_SHA256_BYTES_LEAF_MAX + 1, hex, &error));
  ASSERT_EQ(error.code, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(error.message, "APP_CORE_SHA256_BYTES_LEAF_MAX");
  ASSERT_STR_CONTAINS(error.message, "app_core_sha256_bytes_async");
  ASSERT_FALSE(app_core_sha256_bytes(NULL, 1, hex, &error));
  ASSERT_EQ(error.code, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(error.message, "data is NULL");
  ASSERT_FALSE(app_core_sha256_bytes(&byte, 1, NULL, &error));
  ASSERT_EQ(error.code, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(error.message, "hex_out");
  ASSERT_FALSE(app_core_sha256_bytes(&byte, INT64_MIN, hex, NULL));
  ASSERT_TRUE(app_core_sha256_bytes(&byte, 0, hex, &error)); /* success clears the error */
  ASSERT_EQ(error.code, APP_CORE_OK);
  ASSERT_NULL(error.message);
}

/* ---- app_core_sha256_bytes_async ------------------------------------------ */

TEST(sha256_bytes_async_hashes_a_copy_on_a_worker) {
  start_host();
  uint8_t *data = million_a();
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_sha256_bytes_async(data, MILLION, port), 0);
  memset(data, 'b', MILLION); /* the caller's buffer is free again once the call returns */
  free(data);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_STR_EQ(outcome.string_value, million_a_digest);
  vm_outcome_free(&outcome);

  port = vm_host_open_port();
  ASSERT_GT(app_core_sha256_bytes_async(NULL, 0, port), 0);
  outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_STR_EQ(outcome.string_value, empty_digest);
  vm_outcome_free(&outcome);
  stop_host();
}

TEST(sha256_bytes_async_rejects_bad_input_with_a_message) {
  start_host();
  static const uint8_t byte = 0;
  const uint8_t *datas[] = {&byte, NULL, &byte};
  int64_t lengths[] = {-1, 5, INT64_MIN};
  for (size_t i = 0; i < 3; i++) {
    Dart_Port port = vm_host_open_port();
    ASSERT_GT(app_core_sha256_bytes_async(datas[i], lengths[i], port), 0);
    vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
    ASSERT_TRUE(outcome.well_formed);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
    ASSERT_EQ(outcome.error_code, APP_CORE_INVALID_ARGUMENT);
    ASSERT_STR_CONTAINS(outcome.error_message, "sha256_bytes_async");
    vm_outcome_free(&outcome);
  }
  ASSERT_EQ(app_core_sha256_bytes_async(&byte, 1, 0), 0); /* illegal port: not started */
  stop_host();
}

/* 32-bit targets: a length above SIZE_MAX is refused, never truncated (here
 * to the 16 bytes the buffer really has, which would hash "successfully").
 * 64-bit targets hold every int64 length, so there is nothing to refuse. */
TEST(sha256_bytes_async_refuses_a_length_size_t_cannot_hold) {
  if (SIZE_MAX >= INT64_MAX) return;
  start_host();
  static const uint8_t sixteen[16] = {0};
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(app_core_sha256_bytes_async(sixteen, (INT64_C(1) << 32) + 16, port), 0);
  vm_outcome outcome = vm_host_await_outcome(port, 5000 * MS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
  ASSERT_EQ(outcome.error_code, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(outcome.error_message, "length 4294967312");
  vm_outcome_free(&outcome);
  stop_host();
}

TEST(sha256_bytes_async_cancel_answers_cancelled_or_the_digest) {
  start_host();
  size_t length = (size_t)4 << 20; /* the cancel lands before, during or after the hash */
  uint8_t *data = calloc(length, 1);
  ASSERT_NOT_NULL(data);
  Dart_Port port = vm_host_open_port();
  int64_t id = app_core_sha256_bytes_async(data, (int64_t)length, port);
  free(data);
  ASSERT_GT(id, 0);
  bool cancelled = app_core_cancel(id);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, cancelled ? APP_CORE_MESSAGE_CANCELLED : APP_CORE_MESSAGE_VALUE);
  vm_outcome_free(&outcome);
  stop_host();
}

/* ---- app_core_hasher ------------------------------------------------------ */

static char *finish_or_fail(app_core_hasher *hasher) {
  app_core_error error = APP_CORE_ERROR_INIT;
  char *hex = app_core_hasher_finish(hasher, &error);
  ASSERT_NOT_NULL(hex);
  ASSERT_EQ(error.code, APP_CORE_OK);
  return hex;
}

TEST(hasher_fips_vectors_in_leaf_sized_updates) {
  app_core_hasher *hasher = app_core_hasher_new(NULL);
  ASSERT_NOT_NULL(hasher);
  char *hex = finish_or_fail(hasher);
  ASSERT_STR_EQ(hex, empty_digest);
  app_core_string_free(hex);
  app_core_hasher_free(hasher);

  hasher = app_core_hasher_new(NULL);
  ASSERT_TRUE(app_core_hasher_update(hasher, (const uint8_t *)"ab", 2, NULL));
  ASSERT_TRUE(app_core_hasher_update(hasher, NULL, 0, NULL));
  ASSERT_TRUE(app_core_hasher_update(hasher, (const uint8_t *)"c", 1, NULL));
  hex = finish_or_fail(hasher);
  ASSERT_STR_EQ(hex, abc_digest);
  app_core_string_free(hex);
  app_core_hasher_free(hasher);

  uint8_t *data = million_a();
  hasher = app_core_hasher_new(NULL);
  for (int64_t done = 0; done < MILLION;) {
    int64_t n = MILLION - done < APP_CORE_SHA256_BYTES_LEAF_MAX ? MILLION - done : APP_CORE_SHA256_BYTES_LEAF_MAX;
    ASSERT_TRUE(app_core_hasher_update(hasher, data + done, n, NULL));
    done += n;
  }
  hex = finish_or_fail(hasher);
  ASSERT_STR_EQ(hex, million_a_digest);
  app_core_string_free(hex);
  app_core_hasher_free(hasher);
  free(data);
}

TEST(hasher_incremental_equals_one_shot_for_random_splits) {
  enum { LENGTH = 300000 };
  uint8_t *data = malloc(LENGTH);
  ASSERT_NOT_NULL(data);
  uint32_t state = 0x2545F491u;
  fill_random(data, LENGTH, &state);
  app_core__sha256 ctx;
  uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE];
  char expected[APP_CORE__SHA256_HEX_SIZE];
  app_core__sha256_init(&ctx);
  app_core__sha256_update(&ctx, data, LENGTH);
  app_core__sha256_final(&ctx, digest);
  app_core__sha256_hex(digest, expected);
  for (int round = 0; round < 50; round++) {
    app_core_hasher *hasher = app_core_hasher_new(NULL);
    ASSERT_NOT_NULL(hasher);
    size_t updates = 0;
    for (size_t done = 0; done < LENGTH; updates++) {
      state = state * 1664525u + 1013904223u;
      /* Mostly small pieces (block edges), sometimes up to the leaf maximum, sometimes empty. */
      size_t limit = (state >> 28) == 0 ? (size_t)APP_CORE_SHA256_BYTES_LEAF_MAX : 200;
      size_t n = (size_t)(state >> 8) % (limit + 1);
      if (n > LENGTH - done) n = LENGTH - done;
      ASSERT_TRUE(app_core_hasher_update(hasher, data + done, (int64_t)n, NULL));
      done += n;
    }
    char *hex = finish_or_fail(hasher);
    if (strcmp(hex, expected) != 0)
      test_fail(__FILE__, __LINE__, "round %d (%zu updates): %s, expected %s", round, updates, hex, expected);
    app_core_string_free(hex);
    app_core_hasher_free(hasher);
  }
  free(data);
}

TEST(hasher_finished_and_null_are_errors_never_crashes) {
  app_core_error error = APP_CORE_ERROR_INIT;
  app_core_hasher *hasher = app_core_hasher_new(&error);
  ASSERT_NOT_NULL(hasher);
  ASSERT_EQ(error.code, APP_CORE_OK);
  char *hex = finish_or_fail(hasher);
  app_core_string_free(hex);
  ASSERT_FALSE(app_core_hasher_update(hasher, (const uint8_t *)"x", 1, &error));
  ASSERT_EQ(error.code, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(error.message, "already finished");
  ASSERT_NULL(app_core_hasher_finish(hasher, &error));
  ASSERT_EQ(error.code, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(error.message, "already finished");
  app_core_hasher_free(hasher);

  ASSERT_FALSE(app_core_hasher_update(NULL, (const uint8_t *)"x", 1, &error));
  ASSERT_EQ(error.code, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(error.message, "hasher is NULL");
  ASSERT_NULL(app_core_hasher_finish(NULL, &error));
  ASSERT_EQ(error.code, APP_CORE_INVALID_ARGUMENT);
  app_core_hasher_free(NULL); /* a no-op */
  app_core_error_clear(&error);
}

TEST(hasher_rejected_update_leaves_the_hash_unchanged) {
  app_core_error error = APP_CORE_ERROR_INIT;
  app_core_hasher *hasher = app_core_hasher_new(NULL);
  ASSERT_TRUE(app_core_hasher_update(hasher, (const uint8_t *)"ab", 2, NULL));
  ASSERT_FALSE(app_core_hasher_update(hasher, (const uint8_t *)"zz", -2, &error));
  ASSERT_EQ(error.code, APP_CORE_INVALID_ARGUMENT);
  ASSERT_FALSE(app_core_hasher_update(hasher, NULL, 3, &error));
  ASSERT_FALSE(app_core_hasher_update(hasher, (const uint8_t *)"zz", APP_CORE_SHA256_BYTES_LEAF_MAX + 1, &error));
  ASSERT_STR_CONTAINS(error.message, "APP_CORE_SHA256_BYTES_LEAF_MAX");
  ASSERT_TRUE(app_core_hasher_update(hasher, (const uint8_t *)"c", 1, &error));
  ASSERT_EQ(error.code, APP_CORE_OK);
  char *hex = finish_or_fail(hasher);
  ASSERT_STR_EQ(hex, abc_digest);
  app_core_string_free(hex);
  app_core_hasher_free(hasher);
}

/* Hands hashers from the creating thread to others, as Dart does when a
 * NativeFinalizer frees one on a VM thread: one finishes and frees, the
 * other frees an unfinished one. Thread creation orders the handover; TSan
 * must see no race and no lock. */
typedef struct handover {
  app_core_hasher *finish_then_free;
  app_core_hasher *free_unfinished;
  char hex[APP_CORE_SHA256_HEX_SIZE];
} handover;

static void finish_and_free_elsewhere(void *arg) {
  handover *h = arg;
  char *hex = app_core_hasher_finish(h->finish_then_free, NULL);
  if (hex != NULL) memcpy(h->hex, hex, APP_CORE_SHA256_HEX_SIZE);
  app_core_string_free(hex);
  app_core_hasher_free(h->finish_then_free);
  app_core_hasher_free(h->free_unfinished);
}

TEST(hasher_free_on_another_thread_is_race_free) {
  enum { THREADS = 4 };
  handover handovers[THREADS];
  app_core__thread threads[THREADS];
  for (size_t i = 0; i < THREADS; i++) {
    memset(&handovers[i], 0, sizeof handovers[i]);
    handovers[i].finish_then_free = app_core_hasher_new(NULL);
    handovers[i].free_unfinished = app_core_hasher_new(NULL);
    ASSERT_NOT_NULL(handovers[i].finish_then_free);
    ASSERT_NOT_NULL(handovers[i].free_unfinished);
    ASSERT_TRUE(app_core_hasher_update(handovers[i].finish_then_free, (const uint8_t *)"abc", 3, NULL));
    ASSERT_TRUE(app_core_hasher_update(handovers[i].free_unfinished, (const uint8_t *)"abc", 3, NULL));
  }
  for (size_t i = 0; i < THREADS; i++) {
    ASSERT_TRUE(app_core__thread_create(&threads[i], finish_and_free_elsewhere, &handovers[i]));
  }
  for (size_t i = 0; i < THREADS; i++) {
    app_core__thread_join(&threads[i]);
    ASSERT_STR_EQ(handovers[i].hex, abc_digest);
  }
}
