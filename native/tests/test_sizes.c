/* test_sizes.c: core/sizes.h, Dart's int64 lengths as size_t on 32-bit and
 * 64-bit targets alike. */
#include "core/sizes.h"
#include "test.h"

TEST(size_from_int64_takes_every_length_size_t_holds) {
  const int64_t largest = SIZE_MAX < INT64_MAX ? (int64_t)SIZE_MAX : INT64_MAX;
  const int64_t values[] = {0, 1, INT32_MAX, largest};
  for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
    size_t size = 7;
    ASSERT_TRUE(app_core__size_from_int64(values[i], &size));
    ASSERT_UINT_EQ(size, values[i]);
  }
}

TEST(size_from_int64_refuses_negatives_and_what_size_t_cannot_hold) {
  size_t size = 7;
  ASSERT_FALSE(app_core__size_from_int64(-1, &size));
  ASSERT_FALSE(app_core__size_from_int64(INT64_MIN, &size));
  if (SIZE_MAX < INT64_MAX) { /* 32-bit: what a cast would truncate */
    ASSERT_FALSE(app_core__size_from_int64((int64_t)SIZE_MAX + 1, &size));
    ASSERT_FALSE(app_core__size_from_int64((INT64_C(1) << 32) + 16, &size)); /* not 16 */
    ASSERT_FALSE(app_core__size_from_int64(INT64_MAX, &size));
  }
  ASSERT_EQ(size, 7); /* untouched */
}
