/*
 * fuzz_reverse_string.c: app_core_reverse_string on the input made
 * NUL-terminated. Valid UTF-8 gives the reference reversal (same byte length,
 * valid, and reversing it again gives the input back); invalid input gives
 * NULL and INVALID_UTF8 with a message naming the offset. Everything is freed,
 * so LeakSanitizer sees any leak, including from error-struct reuse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "fuzz_support.h"

/* The reference: decode, reverse the code points, encode. */
static char *reference_reverse(const char *text, size_t length) {
  uint32_t *code_points = malloc((length + 1) * sizeof *code_points);
  char *reversed = malloc(length + 1);
  FUZZ_REQUIRE(code_points != NULL && reversed != NULL);
  size_t count = 0;
  FUZZ_REQUIRE(fuzz_utf8_decode((const uint8_t *)text, length, code_points, &count, NULL));
  size_t used = 0;
  for (size_t i = count; i > 0; i--) used += fuzz_utf8_encode(code_points[i - 1], (uint8_t *)reversed + used);
  FUZZ_REQUIRE(used == length);
  reversed[used] = '\0';
  free(code_points);
  return reversed;
}

/* True if `number` appears in `text` as a whole decimal number. */
static bool mentions_number(const char *text, size_t number) {
  char digits[32];
  size_t width = (size_t)snprintf(digits, sizeof digits, "%zu", number); /* fits: at most 20 digits */
  for (const char *at = strstr(text, digits); at != NULL; at = strstr(at + 1, digits)) {
    bool starts = at == text || at[-1] < '0' || at[-1] > '9';
    bool ends = at[width] < '0' || at[width] > '9';
    if (starts && ends) return true;
  }
  return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *input = fuzz_copy_text(data, size);
  size_t length = strlen(input); /* an embedded NUL ends the string early */
  size_t bad_offset = 0;
  bool valid = fuzz_utf8_decode((const uint8_t *)input, length, NULL, NULL, &bad_offset);

  /* The struct starts with a message from an earlier failure: the call must
   * free it (LeakSanitizer) before writing its own result. */
  app_core_error error = APP_CORE_ERROR_INIT;
  FUZZ_REQUIRE(app_core_reverse_string(NULL, &error) == NULL);
  FUZZ_REQUIRE(error.code == APP_CORE_INVALID_ARGUMENT && error.message != NULL);

  char *reversed = app_core_reverse_string(input, &error);
  if (valid) {
    FUZZ_REQUIRE(reversed != NULL);
    FUZZ_REQUIRE(error.code == APP_CORE_OK && error.message == NULL);
    FUZZ_REQUIRE(strlen(reversed) == length);
    FUZZ_REQUIRE(fuzz_utf8_text_valid(reversed));
    char *expected = reference_reverse(input, length);
    FUZZ_REQUIRE(strcmp(reversed, expected) == 0);
    free(expected);

    char *back = app_core_reverse_string(reversed, &error);
    FUZZ_REQUIRE(back != NULL && strcmp(back, input) == 0);
    FUZZ_REQUIRE(error.code == APP_CORE_OK && error.message == NULL);
    app_core_string_free(back);

    char *without_error = app_core_reverse_string(input, NULL);
    FUZZ_REQUIRE(without_error != NULL && strcmp(without_error, reversed) == 0);
    app_core_string_free(without_error);
  } else {
    FUZZ_REQUIRE(reversed == NULL);
    FUZZ_REQUIRE(error.code == APP_CORE_INVALID_UTF8 && error.message != NULL);
    FUZZ_REQUIRE(mentions_number(error.message, bad_offset));
    FUZZ_REQUIRE(fuzz_utf8_text_valid(error.message));
    FUZZ_REQUIRE(app_core_reverse_string(input, NULL) == NULL);
  }
  app_core_string_free(reversed);
  app_core_error_clear(&error);
  free(input);
  return 0;
}
