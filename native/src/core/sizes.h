/* sizes.h: lengths and counts from Dart (a 64-bit int) as size_t. On a
 * 32-bit target size_t is 32 bits: a length it cannot hold must be refused,
 * never truncated (5 GiB would otherwise read as 1 GiB). */
#ifndef APP_CORE_SIZES_H
#define APP_CORE_SIZES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sets *size to value and returns true when 0 <= value <= SIZE_MAX; returns
 * false, leaving *size alone, otherwise. */
static inline bool app_core__size_from_int64(int64_t value, size_t *size) {
  if (value < 0) return false;
#if SIZE_MAX < INT64_MAX
  if ((uint64_t)value > SIZE_MAX) return false;
#endif
  *size = (size_t)value;
  return true;
}

#endif
