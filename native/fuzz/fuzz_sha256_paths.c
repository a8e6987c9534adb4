/*
 * fuzz_sha256_paths.c: every SHA-256 path this build and CPU have (x86
 * SHA-NI, arm64 SHA-2), fed in fuzzed pieces, gives the digest of the
 * portable C path over the whole message in one update.
 *
 * Input: [split count: 1 byte][count x 2-byte piece lengths][message]. The
 * message starts at any alignment, and ASan sees a read past its end.
 */
#include <string.h>

#include "examples/sha256.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_reader reader = {data, size};
  size_t splits = fuzz_read_u8(&reader) % 32u;
  size_t pieces[32];
  for (size_t i = 0; i < splits; i++) {
    size_t high = fuzz_read_u8(&reader);
    pieces[i] = high << 8 | fuzz_read_u8(&reader);
  }
  const uint8_t *message = reader.data; /* NULL only when length is 0, which update allows */
  size_t length = reader.size;

  uint8_t expected[APP_CORE__SHA256_DIGEST_SIZE];
  app_core__sha256 ctx;
  FUZZ_REQUIRE(app_core__sha256_init_path(&ctx, APP_CORE__SHA256_PORTABLE));
  app_core__sha256_update(&ctx, message, length);
  app_core__sha256_final(&ctx, expected);

  for (int path = APP_CORE__SHA256_PORTABLE + 1; path < APP_CORE__SHA256_PATH_COUNT; path++) {
    if (!app_core__sha256_init_path(&ctx, (app_core__sha256_path)path)) continue;
    size_t offset = 0;
    for (size_t i = 0; i < splits; i++) {
      size_t piece = pieces[i] % (length - offset + 1); /* 0 is a valid (empty) update too */
      app_core__sha256_update(&ctx, piece > 0 ? message + offset : NULL, piece);
      offset += piece;
    }
    app_core__sha256_update(&ctx, length > offset ? message + offset : NULL, length - offset);
    uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE];
    app_core__sha256_final(&ctx, digest);
    FUZZ_REQUIRE(memcmp(digest, expected, sizeof digest) == 0);
  }
  return 0;
}
