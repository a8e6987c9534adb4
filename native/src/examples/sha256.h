/* sha256.h: streaming SHA-256 (FIPS 180-4). */
#ifndef APP_CORE_SHA256_H
#define APP_CORE_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define APP_CORE__SHA256_DIGEST_SIZE 32
#define APP_CORE__SHA256_HEX_SIZE 65 /* 64 lowercase hex digits and a NUL */

/* How the 64-byte blocks are compressed: portable C, or the CPU's SHA-256
 * instructions where the build and the CPU have them. All give the same digest. */
typedef enum app_core__sha256_path {
  APP_CORE__SHA256_PORTABLE,
  APP_CORE__SHA256_X86_SHA_NI,
  APP_CORE__SHA256_ARM_SHA2,
  APP_CORE__SHA256_PATH_COUNT
} app_core__sha256_path;

typedef struct app_core__sha256 {
  uint32_t state[8];
  uint64_t total_bytes;
  uint8_t block[64];
  size_t block_used;
  app_core__sha256_path path;
} app_core__sha256;

/* Starts a hash on the fastest path this build and CPU have. */
void app_core__sha256_init(app_core__sha256 *ctx);
/* Starts a hash on `path` (tests run every path on the same input); returns
 * false, leaving ctx untouched, if this build or CPU lacks it. */
bool app_core__sha256_init_path(app_core__sha256 *ctx, app_core__sha256_path path);
/* "portable", "x86-sha-ni" or "arm-sha2". */
const char *app_core__sha256_path_name(app_core__sha256_path path);
/* Any split of the input into updates gives the same digest. data may be NULL if length is 0. */
void app_core__sha256_update(app_core__sha256 *ctx, const void *data, size_t length);
void app_core__sha256_final(app_core__sha256 *ctx, uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE]);
void app_core__sha256_hex(const uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE], char hex[APP_CORE__SHA256_HEX_SIZE]);

#endif
