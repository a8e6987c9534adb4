/*
 * sha256_x86.c: SHA-256 blocks on the x86-64 SHA extensions (SHA-NI), for
 * sha256.c to call when CPUID reports SHA, SSSE3 and SSE4.1.
 *
 * SHA256RNDS2 does two rounds on the state split across two registers,
 * (A,B,E,F) and (C,D,G,H), and takes W[t] + K[t] for both rounds in the low
 * half of its third operand; SHA256MSG1/MSG2 compute four schedule words
 * W[t..t+3] from W[t-16..t-1] (FIPS 180-4 section 6.2.2, steps 1 and 3).
 */
#include "sha256_accel.h"

#if APP_CORE__SHA256_HAVE_X86

#  include <immintrin.h>
#  if defined(_MSC_VER) && defined(__clang__)
/* clang-cl's immintrin.h includes these only when the whole build enables
 * their instructions; after it they may be included directly. */
#    include <shaintrin.h>
#    include <smmintrin.h>
#    include <tmmintrin.h>
#  endif

/* gcc and clang compile this function, and only it, for the SHA and
 * SSE4.1 (which includes SSSE3) instructions; MSVC needs no flag for any. */
#  if defined(__GNUC__) || defined(__clang__)
#    define SHA_TARGET __attribute__((target("sha,sse4.1")))
#  else
#    define SHA_TARGET
#  endif

/* Four rounds from the schedule words in `w`, with state0 = (A,B,E,F) and
 * state1 = (C,D,G,H) (each listed from the highest lane down). */
#  define FOUR_ROUNDS(w, i) \
    do { \
      __m128i wk_ = _mm_add_epi32((w), _mm_loadu_si128((const __m128i *)&app_core__sha256_round_constants[i])); \
      state1 = _mm_sha256rnds2_epu32(state1, state0, wk_); \
      state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(wk_, 0x0E)); \
    } while (0)

/* w0..w3 hold W[t-16..t-1]; afterwards w0 holds W[t..t+3]. The middle term
 * is W[t-7..t-4], the four words straddling w2 and w3. */
#  define NEXT_WORDS(w0, w1, w2, w3) \
    (w0) = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32((w0), (w1)), _mm_alignr_epi8((w3), (w2), 4)), (w3))

SHA_TARGET void app_core__sha256_blocks_x86(uint32_t state[8], const uint8_t *data, size_t blocks) {
  /* Big-endian words: reverse the bytes of each 32-bit lane. */
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);

  /* (A,B,C,D) and (E,F,G,H) in memory order -> (A,B,E,F) and (C,D,G,H). */
  __m128i abcd = _mm_loadu_si128((const __m128i *)&state[0]);
  __m128i efgh = _mm_loadu_si128((const __m128i *)&state[4]);
  __m128i badc = _mm_shuffle_epi32(abcd, 0xB1);
  __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1B);
  __m128i state0 = _mm_alignr_epi8(badc, hgfe, 8);    /* lanes F,E,B,A */
  __m128i state1 = _mm_blend_epi16(hgfe, badc, 0xF0); /* lanes H,G,D,C */

  for (; blocks > 0; blocks--, data += 64) {
    __m128i saved0 = state0, saved1 = state1;
    __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), byte_swap);
    __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), byte_swap);
    __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), byte_swap);
    __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), byte_swap);
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
    state0 = _mm_add_epi32(state0, saved0);
    state1 = _mm_add_epi32(state1, saved1);
  }

  /* Back to (A,B,C,D) and (E,F,G,H). */
  __m128i abef = _mm_shuffle_epi32(state0, 0x1B);
  __m128i ghcd = _mm_shuffle_epi32(state1, 0xB1);
  _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(abef, ghcd, 0xF0));
  _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(ghcd, abef, 8));
}

#endif
