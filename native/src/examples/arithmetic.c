/* arithmetic.c: the small synchronous functions, all free of undefined behaviour. */
#include <inttypes.h>

#include "app_core.h"
#include "core/errors.h"

int32_t app_core_sum(int32_t a, int32_t b) {
  uint32_t wrapped = (uint32_t)a + (uint32_t)b; /* unsigned overflow is defined */
  /* Converting a uint32_t above INT32_MAX back to int32_t is implementation
   * defined, so subtract 2^32 in two in-range steps instead. */
  if (wrapped <= (uint32_t)INT32_MAX) return (int32_t)wrapped;
  return (int32_t)(wrapped - UINT32_C(0x80000000)) + INT32_MIN;
}

int32_t app_core_divide(int32_t a, int32_t b, app_core_error *error) {
  app_core__error_begin(error);
  if (b == 0) {
    app_core__error_set(error, APP_CORE_DIVISION_BY_ZERO, "divide(%" PRId32 ", %" PRId32 "): division by zero", a, b);
    return 0;
  }
  if (a == INT32_MIN && b == -1) {
    app_core__error_set(error, APP_CORE_OVERFLOW,
                        "divide(%" PRId32 ", %" PRId32
                        "): the quotient 2147483648 "
                        "does not fit a signed 32-bit int",
                        a, b);
    return 0;
  }
  return a / b; /* C99 and later truncate toward zero */
}

/* clang turns the loop below into the closed form n(n-1)(2n-1)/6, which would
 * make this CPU-bound demo instant on clang builds (Android, iOS, macOS) only.
 * An empty asm that "changes" the sum keeps it the O(iterations) loop the
 * header promises; other compilers are not known to do this. */
#if defined(__GNUC__) || defined(__clang__)
#  define KEEP_LOOP(value) __asm__ volatile("" : "+r"(value))
#else
#  define KEEP_LOOP(value) ((void)0)
#endif

uint64_t app_core_heavy_computation(uint64_t iterations) {
  uint64_t sum = 0;
  for (uint64_t i = 0; i < iterations; i++) {
    sum += i * i; /* unsigned: wraps mod 2^64 */
    KEEP_LOOP(sum);
  }
  return sum;
}
