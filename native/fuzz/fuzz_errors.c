/*
 * fuzz_errors.c: a fuzzed sequence of example calls (app_core_fibonacci and
 * others) and error-struct operations, all sharing one app_core_error
 * that is never cleared between calls (each call must release the previous
 * message: LeakSanitizer watches). Invariants after every call:
 * code OK <=> message NULL; results equal a 64-bit reference computation.
 *
 * Input: repeated [op: 1 byte][operands: big-endian 32-bit words].
 */
#include <stdint.h>
#include <string.h>

#include "app_core.h"
#include "fuzz_support.h"

static void check_error_shape(const app_core_error *error) {
  FUZZ_REQUIRE((error->code == APP_CORE_OK) == (error->message == NULL));
  FUZZ_REQUIRE(strcmp(app_core_error_name(error->code), "UNKNOWN") != 0);
  if (error->message != NULL) FUZZ_REQUIRE(fuzz_utf8_text_valid(error->message) && error->message[0] != '\0');
}

/* template:full-only-begin */
/* Ops 0 and 2: app_core_divide and app_core_sum. */
static void check_divide(int32_t a, int32_t b, app_core_error *error) {
  int32_t result = app_core_divide(a, b, error);
  if (b == 0) {
    FUZZ_REQUIRE(result == 0);
    if (error != NULL) FUZZ_REQUIRE(error->code == APP_CORE_DIVISION_BY_ZERO);
    return;
  }
  int64_t expected = (int64_t)a / (int64_t)b; /* C truncates toward zero, as documented */
  if (expected > INT32_MAX) {                 /* only INT32_MIN / -1 */
    FUZZ_REQUIRE(result == 0);
    if (error != NULL) FUZZ_REQUIRE(error->code == APP_CORE_OVERFLOW);
    return;
  }
  FUZZ_REQUIRE((int64_t)result == expected);
  if (error != NULL) FUZZ_REQUIRE(error->code == APP_CORE_OK);
}

/* template:full-only-end */
/* Only n <= 20 (cheap recursion) and n > 92 (the overflow check) are fuzzed. */
static void check_fibonacci(uint32_t raw, app_core_error *error) {
  uint32_t n = raw > 92 ? raw : raw % 21;
  uint64_t result = app_core_fibonacci(n, error);
  if (n > 92) {
    FUZZ_REQUIRE(result == 0);
    if (error != NULL) FUZZ_REQUIRE(error->code == APP_CORE_OVERFLOW);
    return;
  }
  uint64_t previous = 0, current = 0, next = 1; /* current = fib(i) */
  for (uint32_t i = 0; i < n; i++) {
    previous = current;
    current = next;
    next = previous + current;
  }
  FUZZ_REQUIRE(result == current);
  if (error != NULL) FUZZ_REQUIRE(error->code == APP_CORE_OK);
}

/* template:full-only-begin */
static void check_sum(int32_t a, int32_t b) {
  int64_t expected = (int64_t)a + (int64_t)b;
  if (expected > INT32_MAX) expected -= INT64_C(1) << 32; /* two's-complement wrap, computed without UB */
  if (expected < INT32_MIN) expected += INT64_C(1) << 32;
  FUZZ_REQUIRE((int64_t)app_core_sum(a, b) == expected);
}

/* template:full-only-end */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_reader reader = {data, size};
  app_core_error error = APP_CORE_ERROR_INIT;
  while (reader.size > 0) {
    uint8_t op = fuzz_read_u8(&reader);
    /* Bit 7 set: pass NULL instead of the shared struct, which must then be left alone
     * (for app_core_error_clear too: NULL is a no-op). */
    app_core_error *target = (op & 0x80u) != 0 ? NULL : &error;
    app_core_error before = error;
    switch (op & 0x7Fu) {
      /* template:full-only-begin */
      case 0: {
        int32_t a = (int32_t)fuzz_read_u32(&reader);
        check_divide(a, (int32_t)fuzz_read_u32(&reader), target);
        break;
      }
      /* template:full-only-end */
      case 1:
        check_fibonacci(fuzz_read_u32(&reader), target);
        break;
      /* template:full-only-begin */
      case 2: {
        int32_t a = (int32_t)fuzz_read_u32(&reader);
        check_sum(a, (int32_t)fuzz_read_u32(&reader));
        break;
      }
      /* template:full-only-end */
      case 3:
        app_core_error_clear(target);
        if (target != NULL) FUZZ_REQUIRE(error.code == APP_CORE_OK && error.message == NULL);
        break;
      default: /* any int32 has a name, never NULL */
        FUZZ_REQUIRE(app_core_error_name((int32_t)fuzz_read_u32(&reader)) != NULL);
        break;
    }
    if (target == NULL) FUZZ_REQUIRE(error.code == before.code && error.message == before.message);
    check_error_shape(&error);
  }
  app_core_error_clear(&error);
  return 0;
}
