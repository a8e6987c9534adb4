/*
 * fuzz_sha256.c: streaming SHA-256 over fuzzed split points equals the
 * one-shot digest of the same bytes.
 *
 * Input: [split count: 1 byte][count x 2-byte piece lengths][message].
 */
#include <string.h>

#include "examples/sha256.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_reader reader = {data, size};
  size_t splits = fuzz_read_u8(&reader) % 16u;
  size_t pieces[16];
  for (size_t i = 0; i < splits; i++) {
    size_t high = fuzz_read_u8(&reader);
    pieces[i] = high << 8 | fuzz_read_u8(&reader);
  }
  static const uint8_t nothing[1];
  const uint8_t *message = reader.data != NULL ? reader.data : nothing; /* NULL + 0 is undefined */
  size_t length = reader.size;

  uint8_t one_shot[APP_CORE__SHA256_DIGEST_SIZE], streamed[APP_CORE__SHA256_DIGEST_SIZE];
  app_core__sha256 ctx;
  app_core__sha256_init(&ctx);
  app_core__sha256_update(&ctx, length > 0 ? message : NULL, length); /* NULL is allowed for 0 */
  app_core__sha256_final(&ctx, one_shot);

  app_core__sha256_init(&ctx);
  size_t offset = 0;
  for (size_t i = 0; i < splits; i++) {
    size_t piece = pieces[i] % (length - offset + 1); /* 0 is a valid (empty) update too */
    app_core__sha256_update(&ctx, message + offset, piece);
    offset += piece;
  }
  app_core__sha256_update(&ctx, message + offset, length - offset);
  app_core__sha256_final(&ctx, streamed);
  FUZZ_REQUIRE(memcmp(one_shot, streamed, sizeof one_shot) == 0);

  char hex[APP_CORE__SHA256_HEX_SIZE];
  app_core__sha256_hex(streamed, hex);
  FUZZ_REQUIRE(strlen(hex) == 64 && strspn(hex, "0123456789abcdef") == 64);
  return 0;
}
