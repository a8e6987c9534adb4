/*
 * sha256_accel.h: SHA-256 block functions on the CPU's SHA instructions
 * (sha256_x86.c, sha256_arm.c), and which ones this compiler and target can
 * build. Each compresses `blocks` whole 64-byte blocks at `data` (any
 * alignment) into state; sha256.c calls one only after app_core__cpu_features
 * reported its instructions, so the rest of the library needs no CPU flags.
 */
#ifndef APP_CORE_SHA256_ACCEL_H
#define APP_CORE_SHA256_ACCEL_H

#include <stddef.h>
#include <stdint.h>

/* x86-64 SHA-NI: MSVC emits any intrinsic without a flag; gcc and clang
 * (also clang-cl and mingw) take a per-function target attribute instead. */
#if defined(__x86_64__) || defined(_M_X64)
#  define APP_CORE__SHA256_HAVE_X86 1
#else
#  define APP_CORE__SHA256_HAVE_X86 0
#endif

/* arm64 SHA-2, little-endian only (the loads byte-swap for that order):
 * - MSVC declares the intrinsics unconditionally and needs no flag;
 * - with __ARM_FEATURE_SHA2 (or, from older compilers, __ARM_FEATURE_CRYPTO)
 *   the whole file may use them already: Apple targets, or a -march +crypto;
 * - gcc declares them always, and a function with target("+crypto") may call
 *   them ("+crypto", not "+sha2": gcc 12's arm_neon.h tags them so);
 * - clang from 16 on likewise; older clang declares them only under
 *   __ARM_FEATURE_SHA2, so it builds the portable path alone. */
#if (defined(__aarch64__) && !defined(__AARCH64EB__)) || defined(_M_ARM64)
#  if (defined(_MSC_VER) && !defined(__clang__)) || defined(__ARM_FEATURE_SHA2) || defined(__ARM_FEATURE_CRYPTO) || \
      (defined(__GNUC__) && !defined(__clang__)) || (defined(__clang__) && __clang_major__ >= 16)
#    define APP_CORE__SHA256_HAVE_ARM 1
#  endif
#endif
#if !defined(APP_CORE__SHA256_HAVE_ARM)
#  define APP_CORE__SHA256_HAVE_ARM 0
#endif

/* FIPS 180-4 section 4.2.2 (sha256.c). */
extern const uint32_t app_core__sha256_round_constants[64];

void app_core__sha256_blocks_x86(uint32_t state[8], const uint8_t *data, size_t blocks);
void app_core__sha256_blocks_arm(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
