/*
 * test.h: the test harness. A test is `TEST(name) { ... }` in any
 * tests/test_*.c file; CMake finds it and registers it with ctest as
 * <file>.<name>, each run in its own process with a timeout.
 * Asserts print both sides and end the test at the first failure.
 */
#ifndef APP_CORE_TEST_H
#define APP_CORE_TEST_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app_core.h"

#define MS UINT64_C(1000000) /* nanoseconds in a millisecond */

/* How long a test waits for what must happen before it calls the code hung:
 * far beyond any delay a busy machine, a sanitizer, valgrind or an emulator
 * causes. It is the only bound on time a test has: a test asserts what
 * happened (the answer came, once; the work stopped; threads stayed few),
 * never how fast, which is tool/bench's job. */
#define HUNG_AFTER_NS (60000 * MS)

/* The prototype keeps -Wmissing-prototypes quiet; test_main.c declares them too. */

#define TEST(name) \
  void test_##name(void); \
  void test_##name(void)

#if defined(__MINGW32__)
__attribute__((noreturn, format(gnu_printf, 3, 4))) /* C99 printf under mingw, as in errors.h */
#elif defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn, format(printf, 3, 4)))
#endif
void test_fail(const char *file, int line, const char *format, ...);

#define ASSERT_TRUE(expr) \
  do { \
    if (!(expr)) test_fail(__FILE__, __LINE__, "expected true: %s", #expr); \
  } while (0)

#define ASSERT_FALSE(expr) \
  do { \
    if (expr) test_fail(__FILE__, __LINE__, "expected false: %s", #expr); \
  } while (0)

#define ASSERT_INT_OP(a, op, b) \
  do { \
    int64_t a_ = (int64_t)(a), b_ = (int64_t)(b); \
    if (!(a_ op b_)) test_fail(__FILE__, __LINE__, "expected %s %s %s: %" PRId64 " vs %" PRId64, #a, #op, #b, a_, b_); \
  } while (0)

#define ASSERT_UINT_OP(a, op, b) \
  do { \
    uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b); \
    if (!(a_ op b_)) test_fail(__FILE__, __LINE__, "expected %s %s %s: %" PRIu64 " vs %" PRIu64, #a, #op, #b, a_, b_); \
  } while (0)

#define ASSERT_EQ(a, b) ASSERT_INT_OP(a, ==, b)
#define ASSERT_NE(a, b) ASSERT_INT_OP(a, !=, b)
#define ASSERT_LT(a, b) ASSERT_INT_OP(a, <, b)
#define ASSERT_LE(a, b) ASSERT_INT_OP(a, <=, b)
#define ASSERT_GT(a, b) ASSERT_INT_OP(a, >, b)
#define ASSERT_GE(a, b) ASSERT_INT_OP(a, >=, b)
#define ASSERT_UINT_EQ(a, b) ASSERT_UINT_OP(a, ==, b)

#define ASSERT_STR_EQ(a, b) \
  do { \
    const char *a_ = (a), *b_ = (b); \
    if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0) \
      test_fail(__FILE__, __LINE__, "expected %s == %s: \"%s\" vs \"%s\"", #a, #b, a_ ? a_ : "(null)", \
                b_ ? b_ : "(null)"); \
  } while (0)

#define ASSERT_STR_CONTAINS(haystack, needle) \
  do { \
    const char *h_ = (haystack), *n_ = (needle); \
    if (h_ == NULL || strstr(h_, n_) == NULL) \
      test_fail(__FILE__, __LINE__, "expected %s to contain \"%s\": \"%s\"", #haystack, n_, h_ ? h_ : "(null)"); \
  } while (0)

#define ASSERT_NULL(p) \
  do { \
    if ((p) != NULL) test_fail(__FILE__, __LINE__, "expected NULL: %s", #p); \
  } while (0)

#define ASSERT_NOT_NULL(p) \
  do { \
    if ((p) == NULL) test_fail(__FILE__, __LINE__, "expected non-NULL: %s", #p); \
  } while (0)

/* Asserts an app_core_error holds `expected_code` and, for failures, a message. */
#define ASSERT_ERROR(error, expected_code) \
  do { \
    const app_core_error *e_ = &(error); \
    if (e_->code != (expected_code)) \
      test_fail(__FILE__, __LINE__, "expected error %s, got %s (%s)", app_core_error_name(expected_code), \
                app_core_error_name(e_->code), e_->message ? e_->message : "no message"); \
    if ((expected_code) == APP_CORE_OK && e_->message != NULL) \
      test_fail(__FILE__, __LINE__, "success left a message: %s", e_->message); \
    if ((expected_code) != APP_CORE_OK && e_->message == NULL) \
      test_fail(__FILE__, __LINE__, "failure %s has no message", app_core_error_name(expected_code)); \
  } while (0)

#endif
