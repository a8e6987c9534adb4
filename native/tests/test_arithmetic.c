/* test_arithmetic.c: app_core_sum, app_core_divide and app_core_heavy_computation. */
#include "test.h"

TEST(sum_table_including_wrap_at_both_ends) {
  static const struct {
    int32_t a, b, expected;
  } table[] = {
      {0, 0, 0},
      {1, 2, 3},
      {-1, 1, 0},
      {-5, -7, -12},
      {INT32_MAX, 1, INT32_MIN},  /* wraps up */
      {INT32_MIN, -1, INT32_MAX}, /* wraps down */
      {INT32_MAX, INT32_MAX, -2},
      {INT32_MIN, INT32_MIN, 0},
      {INT32_MAX, INT32_MIN, -1},
      {INT32_MIN, INT32_MAX, -1},
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    ASSERT_EQ(app_core_sum(table[i].a, table[i].b), table[i].expected);
  }
}

TEST(divide_table_truncates_toward_zero) {
  static const struct {
    int32_t a, b, expected;
  } table[] = {
      {7, 2, 3},
      {-7, 2, -3},
      {7, -2, -3},
      {-7, -2, 3},
      {1, 2, 0},
      {-1, 2, 0},
      {0, 5, 0},
      {6, 3, 2},
      {INT32_MIN, 1, INT32_MIN},
      {INT32_MIN, 2, -1073741824},
      {INT32_MIN, INT32_MIN, 1},
      {INT32_MAX, -1, -INT32_MAX},
      {INT32_MAX, INT32_MIN, 0},
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    app_core_error error = APP_CORE_ERROR_INIT;
    ASSERT_EQ(app_core_divide(table[i].a, table[i].b, &error), table[i].expected);
    ASSERT_ERROR(error, APP_CORE_OK);
  }
}

TEST(divide_by_zero_names_both_operands) {
  static const struct {
    int32_t a;
    const char *mention;
  } table[] = {{7, "divide(7, 0)"}, {0, "divide(0, 0)"}, {INT32_MIN, "divide(-2147483648, 0)"}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    app_core_error error = APP_CORE_ERROR_INIT;
    ASSERT_EQ(app_core_divide(table[i].a, 0, &error), 0);
    ASSERT_ERROR(error, APP_CORE_DIVISION_BY_ZERO);
    ASSERT_STR_CONTAINS(error.message, table[i].mention);
    app_core_error_clear(&error);
  }
}

TEST(divide_int32_min_by_minus_one_overflows) {
  app_core_error error = APP_CORE_ERROR_INIT;
  ASSERT_EQ(app_core_divide(INT32_MIN, -1, &error), 0);
  ASSERT_ERROR(error, APP_CORE_OVERFLOW);
  ASSERT_STR_CONTAINS(error.message, "divide(-2147483648, -1)");
  app_core_error_clear(&error);
}

static uint64_t reference_sum_of_squares(uint64_t iterations) {
  uint64_t sum = 0;
  for (uint64_t i = 0; i < iterations; i++) sum += i * i;
  return sum;
}

/* n(n-1)(2n-1)/6 mod 2^64, dividing out 2 and 3 before multiplying so the
 * division stays exact under wrap-around. */
static uint64_t closed_form_sum_of_squares(uint64_t n) {
  if (n == 0) return 0;
  uint64_t f[3] = {n, n - 1, 2 * n - 1};
  for (int i = 0; i < 3; i++) {
    if (f[i] % 2 == 0) {
      f[i] /= 2;
      break;
    }
  }
  for (int i = 0; i < 3; i++) {
    if (f[i] % 3 == 0) {
      f[i] /= 3;
      break;
    }
  }
  return f[0] * f[1] * f[2];
}

TEST(heavy_computation_small_values) {
  ASSERT_UINT_EQ(app_core_heavy_computation(0), 0);
  ASSERT_UINT_EQ(app_core_heavy_computation(1), 0); /* only i = 0 */
  ASSERT_UINT_EQ(app_core_heavy_computation(2), 1);
  ASSERT_UINT_EQ(app_core_heavy_computation(4), 14); /* 0 + 1 + 4 + 9 */
  for (uint64_t n = 0; n <= 2000; n += 37) {
    ASSERT_UINT_EQ(app_core_heavy_computation(n), reference_sum_of_squares(n));
    ASSERT_UINT_EQ(app_core_heavy_computation(n), closed_form_sum_of_squares(n));
  }
}

TEST(heavy_computation_wraps_modulo_2_pow_64) {
  const uint64_t n = 5000000; /* the exact sum is about 4.2e19 > 2^64 */
  ASSERT_TRUE((double)n * (double)n * (double)n / 3.0 > 18446744073709551616.0);
  uint64_t result = app_core_heavy_computation(n);
  ASSERT_UINT_EQ(result, reference_sum_of_squares(n));
  ASSERT_UINT_EQ(result, closed_form_sum_of_squares(n));
}
