/* test_utf8.c: the strict validator against a table of boundary cases and an
 * independent decode-and-check reference. */
#include <stdio.h>

#include "core/string_alloc.h"
#include "core/utf8.h"
#include "test.h"

typedef struct utf8_case {
  const char *what;
  const char *bytes;
  size_t length;
  bool valid;
  size_t offset;      /* when invalid */
  const char *reason; /* when invalid: a word the reason must contain */
} utf8_case;

#define VALID(what, bytes) \
  { what, bytes, sizeof bytes - 1, true, 0, NULL }
#define INVALID(what, bytes, offset, reason) \
  { what, bytes, sizeof bytes - 1, false, offset, reason }

static const utf8_case cases[] = {
    VALID("empty", ""),
    VALID("ASCII", "hello, world"),
    VALID("U+0000 inside the length", "a\0b"),
    VALID("U+007F, last 1-byte", "\x7F"),
    VALID("U+0080, first 2-byte", "\xC2\x80"),
    VALID("U+07FF, last 2-byte", "\xDF\xBF"),
    VALID("U+0800, first 3-byte", "\xE0\xA0\x80"),
    VALID("U+D7FF, before the surrogates", "\xED\x9F\xBF"),
    VALID("U+E000, after the surrogates", "\xEE\x80\x80"),
    VALID("U+FFFF, last 3-byte", "\xEF\xBF\xBF"),
    VALID("U+10000, first 4-byte", "\xF0\x90\x80\x80"),
    VALID("U+10FFFF, last scalar value", "\xF4\x8F\xBF\xBF"),
    VALID("mixed widths", "h\xC3\xA9llo\xF0\x9F\x91\x8B"),
    VALID("multi-byte after 8 ASCII", "abcdefgh\xE2\x82\xAC"),
    INVALID("U+110000, first above the range", "\xF4\x90\x80\x80", 0, "above U+10FFFF"),
    INVALID("lead F4 with BF", "\xF4\xBF\xBF\xBF", 0, "above U+10FFFF"),
    INVALID("overlong C0 80 (U+0000)", "\xC0\x80", 0, "overlong"),
    INVALID("overlong C1 BF (U+007F)", "\xC1\xBF", 0, "overlong"),
    INVALID("overlong E0 80 80", "\xE0\x80\x80", 0, "overlong"),
    INVALID("overlong E0 9F BF (U+07FF)", "\xE0\x9F\xBF", 0, "overlong"),
    INVALID("overlong F0 80 80 80", "\xF0\x80\x80\x80", 0, "overlong"),
    INVALID("overlong F0 8F BF BF (U+FFFF)", "\xF0\x8F\xBF\xBF", 0, "overlong"),
    INVALID("surrogate ED A0 80 (U+D800)", "\xED\xA0\x80", 0, "surrogate"),
    INVALID("surrogate ED BF BF (U+DFFF)", "\xED\xBF\xBF", 0, "surrogate"),
    INVALID("surrogate after text", "ok \xED\xB0\x80", 3, "surrogate"),
    INVALID("2-byte cut at end", "ab\xC3", 2, "truncated"),
    INVALID("3-byte cut after 1", "\xE2", 0, "truncated"),
    INVALID("3-byte cut after 2", "\xE2\x82", 0, "truncated"),
    INVALID("4-byte cut after 3", "x\xF0\x9F\x91", 1, "truncated"),
    INVALID("2-byte cut in the middle", "\xC3\x41", 0, "truncated"),
    INVALID("3-byte cut in the middle", "\xE2\x82\x41", 0, "truncated"),
    INVALID("4-byte cut in the middle", "ab\xF0\x9F\x91 c", 2, "truncated"),
    INVALID("stray continuation 80", "\x80", 0, "continuation"),
    INVALID("stray continuation after ASCII", "a\xBF", 1, "continuation"),
    INVALID("extra continuation after a character", "\xC3\xA9\xA9", 2, "continuation"),
    INVALID("byte F5", "\xF5\x80\x80\x80", 0, "never valid"),
    INVALID("byte F8", "\xF8\x88\x80\x80\x80", 0, "never valid"),
    INVALID("byte FE", "a\xFE", 1, "never valid"),
    INVALID("byte FF", "\xFF", 0, "never valid"),
    /* A cut-off prefix that is already wrong is reported for what is wrong. */
    INVALID("surrogate prefix at end", "\xED\xA0", 0, "surrogate"),
    INVALID("overlong prefix at end", "\xE0\x80", 0, "overlong"),
    INVALID("above-range prefix at end", "\xF4\x90", 0, "above U+10FFFF"),
    INVALID("offset past an ASCII block", "0123456789abcdefXYZ\xC0\xAF", 19, "overlong"),
};

TEST(utf8_boundary_table) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const utf8_case *c = &cases[i];
    app_core__utf8_status status = app_core__utf8_validate(c->bytes, c->length);
    if (status.valid != c->valid) test_fail(__FILE__, __LINE__, "%s: expected valid=%d", c->what, c->valid);
    if (c->valid) continue;
    if (status.offset != c->offset)
      test_fail(__FILE__, __LINE__, "%s: offset %zu, expected %zu", c->what, status.offset, c->offset);
    if (status.reason == NULL || strstr(status.reason, c->reason) == NULL)
      test_fail(__FILE__, __LINE__, "%s: reason \"%s\" lacks \"%s\"", c->what, status.reason ? status.reason : "(null)",
                c->reason);
  }
}

TEST(utf8_offset_at_every_position_around_the_ascii_fast_path) {
  char buffer[100]; /* past the 8- and 32-byte ASCII strides */
  for (size_t bad = 0; bad < sizeof buffer; bad++) {
    memset(buffer, 'a', sizeof buffer);
    buffer[bad] = (char)0xFF;
    app_core__utf8_status status = app_core__utf8_validate(buffer, sizeof buffer);
    ASSERT_FALSE(status.valid);
    ASSERT_UINT_EQ(status.offset, bad);
  }
}

TEST(utf8_length_bounds_the_scan) {
  /* A valid prefix followed by garbage that lies outside `length`. */
  ASSERT_TRUE(app_core__utf8_validate("abcdefghij\xFF", 10).valid);
  ASSERT_TRUE(app_core__utf8_validate("\xC3\xA9\xFF", 2).valid);
  app_core__utf8_status cut = app_core__utf8_validate("\xC3\xA9", 1);
  ASSERT_FALSE(cut.valid);
  ASSERT_STR_CONTAINS(cut.reason, "truncated");
}

/* Reference: decode by bit pattern, then reject what RFC 3629 forbids. Written
 * differently from utf8.c (which uses the well-formed byte table) on purpose. */
static bool reference_valid(const unsigned char *s, size_t length, size_t *bad_offset) {
  size_t i = 0;
  while (i < length) {
    unsigned char lead = s[i];
    size_t size = (lead & 0x80u) == 0     ? 1
                : (lead & 0xE0u) == 0xC0u ? 2
                : (lead & 0xF0u) == 0xE0u ? 3
                : (lead & 0xF8u) == 0xF0u ? 4
                                          : 0;
    if (size == 0) break;
    static const uint32_t payload_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    static const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000}; /* below it: overlong */
    uint32_t cp = lead & payload_mask[size];
    size_t k = 1;
    for (; k < size && i + k < length && (s[i + k] & 0xC0u) == 0x80u; k++) cp = (cp << 6) | (s[i + k] & 0x3Fu);
    if (k < size || cp < smallest[size] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) break;
    i += size;
  }
  *bad_offset = i;
  return i == length;
}

static void expect_same_as_reference(const unsigned char *bytes, size_t length) {
  size_t expected_offset;
  bool expected_valid = reference_valid(bytes, length, &expected_offset);
  app_core__utf8_status status = app_core__utf8_validate((const char *)bytes, length);
  if (status.valid == expected_valid && (expected_valid || status.offset == expected_offset)) return;
  char hex[3 * 8 + 1] = "";
  for (size_t i = 0; i < length && i < 8; i++) snprintf(hex + 3 * i, 4, "%02X ", bytes[i]);
  test_fail(__FILE__, __LINE__, "[%s] (%zu bytes): validator says valid=%d offset=%zu, reference valid=%d offset=%zu",
            hex, length, status.valid, status.offset, expected_valid, expected_offset);
}

TEST(utf8_agrees_with_reference_on_all_short_inputs) {
  /* Every 1- and 2-byte input; every (lead, second) pair followed by bytes from
   * each class (ASCII, low/high continuation, lead, invalid). */
  static const unsigned char tails[] = {0x41, 0x80, 0x8F, 0x90, 0xA0, 0xBF, 0xC3, 0xFF};
  unsigned char bytes[4];
  for (unsigned a = 0; a < 256; a++) {
    bytes[0] = (unsigned char)a;
    expect_same_as_reference(bytes, 1);
    for (unsigned b = 0; b < 256; b++) {
      bytes[1] = (unsigned char)b;
      expect_same_as_reference(bytes, 2);
      for (size_t c = 0; c < sizeof tails; c++) {
        bytes[2] = tails[c];
        expect_same_as_reference(bytes, 3);
        for (size_t d = 0; d < sizeof tails; d++) {
          bytes[3] = tails[d];
          expect_same_as_reference(bytes, 4);
        }
      }
    }
  }
}

TEST(utf8_copy_input_validates_and_copies) {
  app_core_error error = APP_CORE_ERROR_INIT;
  const char *original = "caf\xC3\xA9";
  char *copy = app_core__copy_utf8_input(original, "url", &error);
  ASSERT_ERROR(error, APP_CORE_OK);
  ASSERT_STR_EQ(copy, original);
  ASSERT_TRUE(copy != original);
  app_core_string_free(copy);

  ASSERT_NULL(app_core__copy_utf8_input(NULL, "url", &error));
  ASSERT_ERROR(error, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(error.message, "url");

  ASSERT_NULL(app_core__copy_utf8_input("ab\xED\xA0\x80", "path", &error));
  ASSERT_ERROR(error, APP_CORE_INVALID_UTF8);
  ASSERT_STR_CONTAINS(error.message, "path");
  ASSERT_STR_CONTAINS(error.message, "surrogate");
  ASSERT_STR_CONTAINS(error.message, "byte 2");
  app_core_error_clear(&error);
}
