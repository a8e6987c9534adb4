/* test_reverse_string.c: app_core_reverse_string on valid, empty, NULL and invalid input. */
#include <stdio.h>
#include <stdlib.h>

#include "test.h"

/* Reverses and checks success, the same byte length and the expected text. */
static void expect_reversed(const char *input, const char *expected) {
  app_core_error error = APP_CORE_ERROR_INIT;
  char *reversed = app_core_reverse_string(input, &error);
  ASSERT_ERROR(error, APP_CORE_OK);
  ASSERT_NOT_NULL(reversed);
  ASSERT_TRUE(reversed != input);
  ASSERT_UINT_EQ(strlen(reversed), strlen(input));
  ASSERT_STR_EQ(reversed, expected);
  app_core_string_free(reversed);
}

/* Reference: walks the input backwards, copying each character found by its
 * lead byte; independent of the forward walk in reverse_string.c. */
static char *reference_reverse(const char *input) {
  size_t length = strlen(input);
  char *out = malloc(length + 1);
  ASSERT_NOT_NULL(out);
  size_t written = 0, end = length;
  while (end > 0) {
    size_t start = end - 1;
    while (start > 0 && ((unsigned char)input[start] & 0xC0u) == 0x80u) start--;
    memcpy(out + written, input + start, end - start);
    written += end - start;
    end = start;
  }
  out[written] = '\0';
  return out;
}

TEST(reverse_ascii) {
  static const char *const table[][2] = {
      {"a", "a"},
      {"ab", "ba"},
      {"hello", "olleh"},
      {"1234567", "7654321"},
      {"12345678", "87654321"},                 /* exactly one 8-byte block */
      {"123456789", "987654321"},               /* a block and a tail */
      {"0123456789abcdef", "fedcba9876543210"}, /* two blocks */
      {"0123456789abcdefg", "gfedcba9876543210"},
      {"Hello, World!", "!dlroW ,olleH"},
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) expect_reversed(table[i][0], table[i][1]);
}

TEST(reverse_unicode_example_from_the_header) {
  expect_reversed("h\xC3\xA9llo\xF0\x9F\x91\x8B", "\xF0\x9F\x91\x8Boll\xC3\xA9h"); /* "héllo👋" -> "👋olléh" */
}

TEST(reverse_each_utf8_width) {
  static const char *const table[][2] = {
      {"\xC3\xA9", "\xC3\xA9"},                 /* é alone */
      {"\xE2\x82\xAC", "\xE2\x82\xAC"},         /* € alone */
      {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"}, /* 😀 alone */
      {"a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80\xE2\x82\xAC\xC3\xA9\x61"},
      {"\xF0\x9F\x98\x80\xC3\xA9", "\xC3\xA9\xF0\x9F\x98\x80"},
      {"\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", /* every boundary */
       "\xF4\x8F\xBF\xBF\xF0\x90\x80\x80\xEF\xBF\xBF\xE0\xA0\x80\xDF\xBF\xC2\x80\x7F"},
      {"abcdefg\xE2\x82\xACxyz", "zyx\xE2\x82\xACgfedcba"}, /* a multi-byte character inside a block */
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) expect_reversed(table[i][0], table[i][1]);
}

TEST(reverse_empty_gives_new_empty_string) {
  const char *empty = "";
  app_core_error error = APP_CORE_ERROR_INIT;
  char *reversed = app_core_reverse_string(empty, &error);
  ASSERT_ERROR(error, APP_CORE_OK);
  ASSERT_NOT_NULL(reversed);
  ASSERT_TRUE(reversed != empty);
  ASSERT_STR_EQ(reversed, "");
  app_core_string_free(reversed);
}

TEST(reverse_null_is_invalid_argument) {
  app_core_error error = APP_CORE_ERROR_INIT;
  ASSERT_NULL(app_core_reverse_string(NULL, &error));
  ASSERT_ERROR(error, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(error.message, "NULL");
  app_core_error_clear(&error);
}

TEST(reverse_invalid_utf8_names_offset_and_reason) {
  static const struct {
    const char *input;
    const char *offset_text;
    const char *reason;
  } table[] = {
      {"\xC0\x80", "byte offset 0", "overlong"},
      {"ab\xE0\x80\x80", "byte offset 2", "overlong"},
      {"\xED\xA0\x80", "byte offset 0", "surrogate"},
      {"xyz\xF4\x90\x80\x80", "byte offset 3", "above U+10FFFF"},
      {"abc\xE2\x82", "byte offset 3", "truncated"},
      {"\xC3\x41", "byte offset 0", "truncated"},
      {"0123456789\x80", "byte offset 10", "continuation"},
      {"\xC3\xA9\xFF", "byte offset 2", "never valid"},
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    app_core_error error = APP_CORE_ERROR_INIT;
    ASSERT_NULL(app_core_reverse_string(table[i].input, &error));
    ASSERT_ERROR(error, APP_CORE_INVALID_UTF8);
    ASSERT_STR_CONTAINS(error.message, table[i].offset_text);
    ASSERT_STR_CONTAINS(error.message, table[i].reason);
    app_core_error_clear(&error);
  }
}

TEST(reverse_leaves_input_untouched) {
  char input[] = "caf\xC3\xA9 \xF0\x9F\x8D\xB5 au lait";
  char before[sizeof input];
  memcpy(before, input, sizeof input);
  char *reversed = app_core_reverse_string(input, NULL);
  ASSERT_NOT_NULL(reversed);
  ASSERT_EQ(memcmp(input, before, sizeof input), 0);
  app_core_string_free(reversed);
}

TEST(reverse_ascii_runs_of_every_length_around_each_width) {
  /* ASCII runs of 0..100 bytes put each character at every position of the
   * 8- and 32-byte block paths. */
  static const char *const characters[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};
  char input[256];
  for (size_t c = 0; c < 3; c++) {
    for (size_t run = 0; run <= 100; run++) {
      size_t used = 0;
      for (size_t i = 0; i < run; i++) input[used++] = (char)('A' + i % 26);
      used += (size_t)snprintf(input + used, sizeof input - used, "%s", characters[c]);
      for (size_t i = 0; i < 45; i++) input[used++] = (char)('a' + i % 26);
      input[used] = '\0';
      char *expected = reference_reverse(input);
      expect_reversed(input, expected);
      free(expected);
    }
  }
}

/* About 1 MiB of mixed widths, with ASCII runs of every length up to 19 so the
 * block path starts and stops at every alignment. */
static char *make_long_text(void) {
  static const char *const pieces[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\x7F"};
  size_t capacity = (size_t)1 << 20, used = 0;
  char *text = malloc(capacity + 1);
  ASSERT_NOT_NULL(text);
  for (size_t round = 0; used + 32 < capacity; round++) {
    for (size_t run = 0; run < round % 20; run++) text[used++] = (char)('a' + (round + run) % 26);
    const char *piece = pieces[round % 4];
    memcpy(text + used, piece, strlen(piece));
    used += strlen(piece);
  }
  text[used] = '\0';
  return text;
}

TEST(reverse_long_string_matches_reference) {
  char *text = make_long_text();
  char *expected = reference_reverse(text);
  expect_reversed(text, expected);
  free(expected);
  free(text);
}

TEST(reverse_round_trip_restores_input) {
  char *long_text = make_long_text();
  const char *inputs[] = {"", "a", "h\xC3\xA9llo\xF0\x9F\x91\x8B", "0123456789abcdef\xE2\x82\xAC", long_text};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    char *once = app_core_reverse_string(inputs[i], NULL);
    char *twice = app_core_reverse_string(once, NULL);
    ASSERT_STR_EQ(twice, inputs[i]);
    app_core_string_free(once);
    app_core_string_free(twice);
  }
  free(long_text);
}

TEST(reverse_long_invalid_reports_far_offset) {
  char *text = make_long_text();
  size_t length = strlen(text);
  text[length] = (char)0xC0; /* append a bad byte (make_long_text leaves room) */
  text[length + 1] = '\0';
  app_core_error error = APP_CORE_ERROR_INIT;
  ASSERT_NULL(app_core_reverse_string(text, &error));
  ASSERT_ERROR(error, APP_CORE_INVALID_UTF8);
  char offset_text[64];
  snprintf(offset_text, sizeof offset_text, "byte offset %zu", length);
  ASSERT_STR_CONTAINS(error.message, offset_text);
  app_core_error_clear(&error);
  free(text);
}
