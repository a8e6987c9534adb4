/*
 * fuzz_hasher.c: app_core_hasher driven by fuzzed call sequences, as a Dart
 * layer might make them: valid updates (their bytes taken from the input),
 * bad updates (negative, oversized, NULL data), finishes, and calls after
 * finish. Accepted updates must give the digest of exactly the bytes they
 * were given; every rejected call must fail with INVALID_ARGUMENT and leave
 * the hash unchanged; one error struct is reused throughout (leaks fail).
 *
 * Input: a sequence of [op: 1 byte][argument: 1 or 2 bytes][bytes for op 0].
 */
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "examples/sha256.h"
#include "fuzz_support.h"

static const uint8_t spare[1]; /* a valid pointer for calls that must not read it */

static void require_rejected(bool accepted, const app_core_error *error, const char *needle) {
  FUZZ_REQUIRE(!accepted);
  FUZZ_REQUIRE(error->code == APP_CORE_INVALID_ARGUMENT);
  FUZZ_REQUIRE(error->message != NULL && strstr(error->message, needle) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_reader reader = {data, size};
  app_core_error error = APP_CORE_ERROR_INIT;
  app_core_hasher *hasher = app_core_hasher_new(&error);
  FUZZ_REQUIRE(hasher != NULL && error.code == APP_CORE_OK);
  app_core__sha256 reference; /* fed the bytes of every accepted update */
  app_core__sha256_init(&reference);
  bool finished = false;

  while (reader.size > 0) {
    uint8_t op = fuzz_read_u8(&reader) % 6u;
    if (op == 0) { /* a valid update of the next n input bytes */
      size_t n = fuzz_read_u8(&reader);
      n = n << 8 | fuzz_read_u8(&reader);
      if (n > reader.size) n = reader.size;
      const uint8_t *bytes = n > 0 ? reader.data : NULL;
      bool accepted = app_core_hasher_update(hasher, bytes, (int64_t)n, &error);
      if (finished) {
        require_rejected(accepted, &error, "already finished");
      } else {
        FUZZ_REQUIRE(accepted && error.code == APP_CORE_OK && error.message == NULL);
        app_core__sha256_update(&reference, bytes, n);
      }
      reader.data += n;
      reader.size -= n;
    } else if (op == 1) { /* negative length */
      int64_t length = -1 - (int64_t)fuzz_read_u8(&reader);
      require_rejected(app_core_hasher_update(hasher, spare, length, &error), &error,
                       finished ? "already finished" : "length -");
    } else if (op == 2) { /* above the leaf maximum */
      int64_t length = APP_CORE_SHA256_BYTES_LEAF_MAX + 1 + (int64_t)fuzz_read_u8(&reader);
      require_rejected(app_core_hasher_update(hasher, spare, length, &error), &error,
                       finished ? "already finished" : "APP_CORE_SHA256_BYTES_LEAF_MAX");
    } else if (op == 3) { /* NULL data with a length */
      int64_t length = 1 + (int64_t)fuzz_read_u8(&reader);
      require_rejected(app_core_hasher_update(hasher, NULL, length, &error), &error,
                       finished ? "already finished" : "data is NULL");
    } else if (op == 4) { /* finish */
      char *hex = app_core_hasher_finish(hasher, &error);
      if (finished) {
        require_rejected(hex != NULL, &error, "already finished");
      } else {
        FUZZ_REQUIRE(hex != NULL && error.code == APP_CORE_OK);
        uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE];
        char expected[APP_CORE__SHA256_HEX_SIZE];
        app_core__sha256_final(&reference, digest);
        app_core__sha256_hex(digest, expected);
        FUZZ_REQUIRE(strcmp(hex, expected) == 0);
        finished = true;
      }
      app_core_string_free(hex);
    } else { /* the same calls on NULL */
      require_rejected(app_core_hasher_update(NULL, spare, 1, &error), &error, "hasher is NULL");
      char *hex = app_core_hasher_finish(NULL, &error);
      require_rejected(hex != NULL, &error, "hasher is NULL");
    }
  }
  app_core_hasher_free(hasher);
  app_core_error_clear(&error);
  return 0;
}
