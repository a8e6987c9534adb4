/* sha256.h: streaming SHA-256 (FIPS 180-4). */
#ifndef APP_CORE_SHA256_H
#define APP_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define APP_CORE__SHA256_DIGEST_SIZE 32
#define APP_CORE__SHA256_HEX_SIZE 65 /* 64 lowercase hex digits and a NUL */

typedef struct app_core__sha256 {
  uint32_t state[8];
  uint64_t total_bytes;
  uint8_t block[64];
  size_t block_used;
} app_core__sha256;

void app_core__sha256_init(app_core__sha256 *ctx);
/* Any split of the input into updates gives the same digest. data may be NULL if length is 0. */
void app_core__sha256_update(app_core__sha256 *ctx, const void *data, size_t length);
void app_core__sha256_final(app_core__sha256 *ctx, uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE]);
void app_core__sha256_hex(const uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE], char hex[APP_CORE__SHA256_HEX_SIZE]);

#endif
