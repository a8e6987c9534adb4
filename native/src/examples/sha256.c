/*
 * sha256.c: streaming SHA-256 written from FIPS 180-4 (sections 4.1.2, 4.2.2,
 * 5.1.1, 5.3.3, 6.2). All arithmetic is on uint32_t (wrap-around is defined),
 * rotations never shift by 0 or 32, and words are loaded and stored byte by
 * byte, so the result is the same on every endianness and alignment.
 *
 * The blocks go through this portable C, or through the CPU's SHA-256
 * instructions (sha256_x86.c, sha256_arm.c) when the build has code for them
 * and app_core__cpu_features reports them: about six times faster.
 */
#include "sha256.h"

#include <string.h>

#include "core/platform.h"
#include "sha256_accel.h"

/* Section 4.2.2: the first 32 bits of the fractional parts of the cube roots
 * of the first 64 primes. */
const uint32_t app_core__sha256_round_constants[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

/* n is always a constant in 1..31, so neither shift is by 0 or 32. */
#define ROTR(x, n) ((uint32_t)(((x) >> (n)) | ((x) << (32 - (n)))))
#define CH(x, y, z) ((uint32_t)(((x) & (y)) ^ (~(x) & (z))))
#define MAJ(x, y, z) ((uint32_t)(((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z))))
#define BIG_SIGMA0(x) (ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define BIG_SIGMA1(x) (ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define SMALL_SIGMA0(x) (ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define SMALL_SIGMA1(x) (ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))

/* One round of section 6.2.2 step 3, portable C, with the working variables
 * renamed instead of moved: after the round, d holds the new e and h the new a. */
#define ROUND(a, b, c, d, e, f, g, h, i) \
  do { \
    uint32_t t1_ = (uint32_t)(h + BIG_SIGMA1(e) + CH(e, f, g) + app_core__sha256_round_constants[i] + w[i]); \
    uint32_t t2_ = (uint32_t)(BIG_SIGMA0(a) + MAJ(a, b, c)); \
    d = (uint32_t)(d + t1_); \
    h = (uint32_t)(t1_ + t2_); \
  } while (0)

#define EIGHT_ROUNDS(i) \
  do { \
    ROUND(a, b, c, d, e, f, g, h, i + 0); \
    ROUND(h, a, b, c, d, e, f, g, i + 1); \
    ROUND(g, h, a, b, c, d, e, f, i + 2); \
    ROUND(f, g, h, a, b, c, d, e, i + 3); \
    ROUND(e, f, g, h, a, b, c, d, i + 4); \
    ROUND(d, e, f, g, h, a, b, c, i + 5); \
    ROUND(c, d, e, f, g, h, a, b, i + 6); \
    ROUND(b, c, d, e, f, g, h, a, i + 7); \
  } while (0)

static uint32_t load_be32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void store_be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

static void compress_portable(uint32_t state[8], const uint8_t block[64]) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++) w[i] = load_be32(block + 4 * i);
  for (int i = 16; i < 64; i++) {
    w[i] = (uint32_t)(SMALL_SIGMA1(w[i - 2]) + w[i - 7] + SMALL_SIGMA0(w[i - 15]) + w[i - 16]);
  }
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  EIGHT_ROUNDS(0);
  EIGHT_ROUNDS(8);
  EIGHT_ROUNDS(16);
  EIGHT_ROUNDS(24);
  EIGHT_ROUNDS(32);
  EIGHT_ROUNDS(40);
  EIGHT_ROUNDS(48);
  EIGHT_ROUNDS(56);
  state[0] = (uint32_t)(state[0] + a);
  state[1] = (uint32_t)(state[1] + b);
  state[2] = (uint32_t)(state[2] + c);
  state[3] = (uint32_t)(state[3] + d);
  state[4] = (uint32_t)(state[4] + e);
  state[5] = (uint32_t)(state[5] + f);
  state[6] = (uint32_t)(state[6] + g);
  state[7] = (uint32_t)(state[7] + h);
}

static void compress_blocks(app_core__sha256_path path, uint32_t state[8], const uint8_t *data, size_t blocks) {
  (void)path; /* unused where the build has no accelerated path */
#if APP_CORE__SHA256_HAVE_X86
  if (path == APP_CORE__SHA256_X86_SHA_NI) {
    app_core__sha256_blocks_x86(state, data, blocks);
    return;
  }
#endif
#if APP_CORE__SHA256_HAVE_ARM
  if (path == APP_CORE__SHA256_ARM_SHA2) {
    app_core__sha256_blocks_arm(state, data, blocks);
    return;
  }
#endif
  for (; blocks > 0; blocks--, data += 64) compress_portable(state, data);
}

/* app_core__cpu_features, asked once per process: in a virtual machine CPUID
 * traps to the hypervisor. Racing first callers store the same value. */
#define FEATURES_PROBED (1u << 30)

static uint32_t cpu_features(void) {
  static volatile int32_t cached; /* 0 until probed */
  int32_t value = app_core__atomic_load_relaxed_i32(&cached);
  if (value == 0) {
    value = (int32_t)(app_core__cpu_features() | FEATURES_PROBED);
    app_core__atomic_store_release_i32(&cached, value);
  }
  return (uint32_t)value;
}

static bool path_available(app_core__sha256_path path) {
  switch (path) {
    case APP_CORE__SHA256_PORTABLE:
      return true;
    case APP_CORE__SHA256_X86_SHA_NI:
      return APP_CORE__SHA256_HAVE_X86 && (cpu_features() & APP_CORE__CPU_X86_SHA);
    case APP_CORE__SHA256_ARM_SHA2:
      return APP_CORE__SHA256_HAVE_ARM && (cpu_features() & APP_CORE__CPU_ARM_SHA2);
    case APP_CORE__SHA256_PATH_COUNT:
      break;
  }
  return false;
}

static void reset(app_core__sha256 *ctx) {
  /* Section 5.3.3: the fractional parts of the square roots of the first 8 primes. */
  static const uint32_t initial[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                      0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
  memcpy(ctx->state, initial, sizeof initial);
  ctx->total_bytes = 0;
  ctx->block_used = 0;
  memset(ctx->block, 0, sizeof ctx->block);
}

bool app_core__sha256_init_path(app_core__sha256 *ctx, app_core__sha256_path path) {
  if (!path_available(path)) return false;
  ctx->path = path;
  reset(ctx);
  return true;
}

void app_core__sha256_init(app_core__sha256 *ctx) {
  /* The enum lists the paths slowest first; a CPU has at most one family. */
  app_core__sha256_path best = APP_CORE__SHA256_PORTABLE;
  for (int path = 0; path < APP_CORE__SHA256_PATH_COUNT; path++) {
    if (path_available((app_core__sha256_path)path)) best = (app_core__sha256_path)path;
  }
  (void)app_core__sha256_init_path(ctx, best);
}

const char *app_core__sha256_path_name(app_core__sha256_path path) {
  switch (path) {
    case APP_CORE__SHA256_PORTABLE:
      return "portable";
    case APP_CORE__SHA256_X86_SHA_NI:
      return "x86-sha-ni";
    case APP_CORE__SHA256_ARM_SHA2:
      return "arm-sha2";
    case APP_CORE__SHA256_PATH_COUNT:
      break;
  }
  return "unknown";
}

void app_core__sha256_update(app_core__sha256 *ctx, const void *data, size_t length) {
  if (length == 0) return; /* data may be NULL then, and memcpy(NULL, 0) is UB */
  const uint8_t *bytes = data;
  ctx->total_bytes += (uint64_t)length; /* wraps at 2^64 bytes; the length field is mod 2^64 bits anyway */
  if (ctx->block_used > 0) {
    size_t take = sizeof ctx->block - ctx->block_used;
    if (take > length) take = length;
    memcpy(ctx->block + ctx->block_used, bytes, take);
    ctx->block_used += take;
    bytes += take;
    length -= take;
    if (ctx->block_used < sizeof ctx->block) return;
    compress_blocks(ctx->path, ctx->state, ctx->block, 1);
    ctx->block_used = 0;
  }
  /* Whole blocks straight from the caller's buffer, without copying. */
  size_t whole = length / 64;
  if (whole > 0) {
    compress_blocks(ctx->path, ctx->state, bytes, whole);
    bytes += whole * 64;
    length -= whole * 64;
  }
  if (length > 0) {
    memcpy(ctx->block, bytes, length);
    ctx->block_used = length;
  }
}

void app_core__sha256_final(app_core__sha256 *ctx, uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE]) {
  /* Section 5.1.1: a 1 bit, zeros up to 56 mod 64 bytes, then the length in
   * bits as a 64-bit big-endian number (mod 2^64, hence the unsigned wrap). */
  uint64_t total_bits = ctx->total_bytes * 8u;
  size_t used = ctx->block_used;
  ctx->block[used++] = 0x80u;
  if (used > 56) {
    memset(ctx->block + used, 0, 64 - used);
    compress_blocks(ctx->path, ctx->state, ctx->block, 1);
    used = 0;
  }
  memset(ctx->block + used, 0, 56 - used);
  store_be32(ctx->block + 56, (uint32_t)(total_bits >> 32));
  store_be32(ctx->block + 60, (uint32_t)total_bits);
  compress_blocks(ctx->path, ctx->state, ctx->block, 1);
  for (int i = 0; i < 8; i++) store_be32(digest + 4 * i, ctx->state[i]);
  /* The context now holds only derived data; start it over so a reuse
   * without init hashes from scratch (on the same path) instead of continuing a finished one. */
  reset(ctx);
}

void app_core__sha256_hex(const uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE], char hex[APP_CORE__SHA256_HEX_SIZE]) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < APP_CORE__SHA256_DIGEST_SIZE; i++) {
    hex[2 * i] = digits[digest[i] >> 4];
    hex[2 * i + 1] = digits[digest[i] & 0x0Fu];
  }
  hex[2 * APP_CORE__SHA256_DIGEST_SIZE] = '\0';
}
