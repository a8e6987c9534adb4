/*
 * sha256_arm.c: SHA-256 blocks on the arm64 SHA-2 instructions, for sha256.c
 * to call when the OS reports them (app_core__cpu_features).
 *
 * SHA256H/SHA256H2 do four rounds, giving the new (A,B,C,D) and (E,F,G,H)
 * from the old ones and W[t..t+3] + K[t..t+3]; SHA256SU0/SU1 compute the
 * next four schedule words from W[t-16..t-1] (FIPS 180-4 section 6.2.2).
 */
#include "sha256_accel.h"

#if APP_CORE__SHA256_HAVE_ARM

#  include <arm_neon.h>

/* See sha256_accel.h for which compilers need the attribute. */
#  if (defined(__GNUC__) || defined(__clang__)) && !defined(__ARM_FEATURE_SHA2) && !defined(__ARM_FEATURE_CRYPTO)
#    define SHA2_TARGET __attribute__((target("+crypto")))
#  else
#    define SHA2_TARGET
#  endif

#  define FOUR_ROUNDS(w, i) \
    do { \
      uint32x4_t wk_ = vaddq_u32((w), vld1q_u32(&app_core__sha256_round_constants[i])); \
      uint32x4_t abcd_before_ = abcd; \
      abcd = vsha256hq_u32(abcd, efgh, wk_); \
      efgh = vsha256h2q_u32(efgh, abcd_before_, wk_); \
    } while (0)

/* w0..w3 hold W[t-16..t-1]; afterwards w0 holds W[t..t+3]. */
#  define NEXT_WORDS(w0, w1, w2, w3) (w0) = vsha256su1q_u32(vsha256su0q_u32((w0), (w1)), (w2), (w3))

/* Big-endian words from any alignment (vld1q_u8 has no alignment needs). */
#  define LOAD_WORDS(p) vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p)))

SHA2_TARGET void app_core__sha256_blocks_arm(uint32_t state[8], const uint8_t *data, size_t blocks) {
  uint32x4_t abcd = vld1q_u32(&state[0]);
  uint32x4_t efgh = vld1q_u32(&state[4]);
  for (; blocks > 0; blocks--, data += 64) {
    uint32x4_t saved_abcd = abcd, saved_efgh = efgh;
    uint32x4_t w0 = LOAD_WORDS(data + 0);
    uint32x4_t w1 = LOAD_WORDS(data + 16);
    uint32x4_t w2 = LOAD_WORDS(data + 32);
    uint32x4_t w3 = LOAD_WORDS(data + 48);
    FOUR_ROUNDS(w0, 0);
    FOUR_ROUNDS(w1, 4);
    FOUR_ROUNDS(w2, 8);
    FOUR_ROUNDS(w3, 12);
    for (int i = 16; i < 64; i += 16) {
      NEXT_WORDS(w0, w1, w2, w3);
      FOUR_ROUNDS(w0, i);
      NEXT_WORDS(w1, w2, w3, w0);
      FOUR_ROUNDS(w1, i + 4);
      NEXT_WORDS(w2, w3, w0, w1);
      FOUR_ROUNDS(w2, i + 8);
      NEXT_WORDS(w3, w0, w1, w2);
      FOUR_ROUNDS(w3, i + 12);
    }
    abcd = vaddq_u32(abcd, saved_abcd);
    efgh = vaddq_u32(efgh, saved_efgh);
  }
  vst1q_u32(&state[0], abcd);
  vst1q_u32(&state[4], efgh);
}

#endif
