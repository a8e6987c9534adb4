/* fibonacci.h: the naive recursive Fibonacci shared by the sync and async entry points. */
#ifndef APP_CORE_FIBONACCI_H
#define APP_CORE_FIBONACCI_H

#include <stdbool.h>
#include <stdint.h>

#include "app_core.h"

/* fib(92) = 7540113804746346429 is the largest that fits int64_t (a Dart int). */
#define APP_CORE__FIBONACCI_MAX_N 92

/* Computes fib(n) by naive recursion (about 1.6^n calls). The caller ensures
 * n <= APP_CORE__FIBONACCI_MAX_N. `cancelled` may be NULL; otherwise it is read
 * (relaxed) at each recursion node with n >= 28, so a non-zero value stops the
 * computation within about a millisecond (optimised build): the function then
 * returns false and leaves *result untouched. n < 28 (a few ms at most) never
 * looks at the flag. Returns true and sets *result when the computation
 * completes. Any thread. */
bool app_core__fibonacci_recursive(uint32_t n, volatile int32_t *cancelled, uint64_t *result);

/* Sets INVALID_ARGUMENT (n < 0) or OVERFLOW (n > APP_CORE__FIBONACCI_MAX_N),
 * naming `function` and n in the message, and returns false; true if n is in
 * range. `error` may be NULL. */
bool app_core__fibonacci_check_input(int64_t n, const char *function, app_core_error *error);

#endif
