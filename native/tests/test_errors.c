/* test_errors.c: the error struct, the error-name table and string ownership. */
#include <stdlib.h>

#include "core/errors.h"
#include "core/string_alloc.h"
#include "test.h"

TEST(errors_clear_null_is_noop) { app_core_error_clear(NULL); }

TEST(errors_clear_zeroed_struct_stays_ok) {
  app_core_error error = APP_CORE_ERROR_INIT;
  app_core_error_clear(&error);
  ASSERT_EQ(error.code, APP_CORE_OK);
  ASSERT_NULL(error.message);
}

TEST(errors_clear_frees_message_and_resets) {
  app_core_error error = APP_CORE_ERROR_INIT;
  app_core__error_set(&error, APP_CORE_IO, "reading %s failed", "x.bin");
  ASSERT_ERROR(error, APP_CORE_IO);
  ASSERT_STR_EQ(error.message, "reading x.bin failed");
  app_core_error_clear(&error); /* the sanitizers and valgrind report the message if it leaks */
  ASSERT_EQ(error.code, APP_CORE_OK);
  ASSERT_NULL(error.message);
}

TEST(errors_set_replaces_previous_message) {
  app_core_error error = APP_CORE_ERROR_INIT;
  app_core__error_set(&error, APP_CORE_IO, "first");
  app_core__error_set(&error, APP_CORE_OVERFLOW, "second %d", 2);
  ASSERT_ERROR(error, APP_CORE_OVERFLOW);
  ASSERT_STR_EQ(error.message, "second 2");
  app_core_error_clear(&error);
}

TEST(errors_begin_resets_to_ok) {
  app_core_error error = APP_CORE_ERROR_INIT;
  app_core__error_set(&error, APP_CORE_IO, "old");
  app_core__error_begin(&error);
  ASSERT_ERROR(error, APP_CORE_OK);
  app_core__error_begin(NULL);
  app_core__error_set(NULL, APP_CORE_IO, "nobody reads this");
}

TEST(errors_message_may_be_freed_with_string_free) {
  app_core_error error = APP_CORE_ERROR_INIT;
  ASSERT_NULL(app_core_reverse_string(NULL, &error));
  ASSERT_ERROR(error, APP_CORE_INVALID_ARGUMENT);
  app_core_string_free(error.message); /* the header allows either function */
}

TEST(errors_name_of_every_code) {
  static const struct {
    int32_t code;
    int32_t enum_value;
    const char *name;
  } codes[] = {
#define NAME_ROW(name, value, description) {value, APP_CORE_##name, #name},
      APP_CORE_ERROR_MAP(NAME_ROW)
#undef NAME_ROW
  };
  ASSERT_GE(sizeof codes / sizeof codes[0], 9); /* codes are append-only */
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
    ASSERT_EQ(codes[i].enum_value, codes[i].code);
    ASSERT_STR_EQ(app_core_error_name(codes[i].code), codes[i].name);
  }
  ASSERT_STR_EQ(app_core_error_name(APP_CORE_INVALID_UTF8), "INVALID_UTF8");
  ASSERT_STR_EQ(app_core_error_name(APP_CORE_CANCELLED), "CANCELLED");
}

/* One past the largest code in the table, so the test survives appended codes. */
static int32_t first_unused_code(void) {
  int32_t largest = 0;
#define LARGEST(name, value, description) \
  if ((value) > largest) largest = (value);
  APP_CORE_ERROR_MAP(LARGEST)
#undef LARGEST
  return largest + 1;
}

TEST(errors_name_of_unknown_codes) {
  const int32_t unknown[] = {-1, first_unused_code(), first_unused_code() + 1, INT32_MIN, INT32_MAX};
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
    ASSERT_STR_EQ(app_core_error_name(unknown[i]), "UNKNOWN");
  }
}

TEST(errors_string_free_null_is_noop) { app_core_string_free(NULL); }

TEST(errors_string_free_releases_library_strings) {
  char *text = app_core__format("%d-%s", 7, "seven");
  ASSERT_STR_EQ(text, "7-seven");
  app_core_string_free(text); /* a leak here fails the asan and valgrind runs */
  char *copy = app_core__copy_bytes("abc", 2);
  ASSERT_STR_EQ(copy, "ab");
  app_core_string_free(copy);
}

TEST(errors_struct_reused_across_failing_then_succeeding_calls) {
  app_core_error error = APP_CORE_ERROR_INIT;
  for (int round = 0; round < 3; round++) { /* each failing call must release the previous message */
    /* template:full-only-begin */
    ASSERT_EQ(app_core_divide(1, 0, &error), 0);
    ASSERT_ERROR(error, APP_CORE_DIVISION_BY_ZERO);
    /* template:full-only-end */
    ASSERT_NULL(app_core_reverse_string("\xFF", &error));
    ASSERT_ERROR(error, APP_CORE_INVALID_UTF8);
    ASSERT_NULL(app_core_reverse_string(NULL, &error));
    ASSERT_ERROR(error, APP_CORE_INVALID_ARGUMENT);
    ASSERT_UINT_EQ(app_core_fibonacci(93, &error), 0);
    ASSERT_ERROR(error, APP_CORE_OVERFLOW);
    /* template:full-only-begin */
    ASSERT_EQ(app_core_divide(INT32_MIN, -1, &error), 0);
    ASSERT_ERROR(error, APP_CORE_OVERFLOW);
    /* template:full-only-end */
  }
  /* template:full-only-begin */
  ASSERT_EQ(app_core_divide(9, 3, &error), 3);
  ASSERT_ERROR(error, APP_CORE_OK);
  /* template:full-only-end */
  ASSERT_UINT_EQ(app_core_fibonacci(-1, &error), 0);
  char *reversed = app_core_reverse_string("ab", &error);
  ASSERT_STR_EQ(reversed, "ba");
  ASSERT_ERROR(error, APP_CORE_OK);
  app_core_string_free(reversed);
  ASSERT_NULL(app_core_reverse_string(NULL, &error));
  ASSERT_UINT_EQ(app_core_fibonacci(10, &error), 55);
  ASSERT_ERROR(error, APP_CORE_OK);
}

TEST(errors_null_error_accepted_everywhere) {
  ASSERT_NULL(app_core_reverse_string(NULL, NULL));
  ASSERT_NULL(app_core_reverse_string("\xC0\x80", NULL));
  char *reversed = app_core_reverse_string("abc", NULL);
  ASSERT_STR_EQ(reversed, "cba");
  app_core_string_free(reversed);
  /* template:full-only-begin */
  ASSERT_EQ(app_core_divide(1, 0, NULL), 0);
  ASSERT_EQ(app_core_divide(INT32_MIN, -1, NULL), 0);
  ASSERT_EQ(app_core_divide(-9, 2, NULL), -4);
  /* template:full-only-end */
  ASSERT_UINT_EQ(app_core_fibonacci(93, NULL), 0);
  ASSERT_UINT_EQ(app_core_fibonacci(12, NULL), 144);
}
