/*
 * fuzz_utf8.c: app_core__utf8_validate reads only bytes[0, length) (ASan
 * watches the exact-size input) and agrees with the reference decoder in
 * fuzz_support.c on the verdict and on the offset of the first bad sequence.
 * app_core__copy_utf8_input agrees too on the NUL-terminated form.
 */
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "fuzz_support.h"

static void check_validate(const uint8_t *data, size_t size) {
  uint32_t *code_points = malloc((size + 1) * sizeof *code_points);
  FUZZ_REQUIRE(code_points != NULL);
  size_t count = 0, bad_offset = 0;
  bool reference_valid = fuzz_utf8_decode(data, size, code_points, &count, &bad_offset);
  app_core__utf8_status status = app_core__utf8_validate((const char *)data, size);
  FUZZ_REQUIRE(status.valid == reference_valid);
  if (reference_valid) {
    /* Valid input is exactly the re-encoding of its code points. */
    uint8_t *encoded = malloc(4 * count + 1);
    FUZZ_REQUIRE(encoded != NULL);
    size_t length = 0;
    for (size_t i = 0; i < count; i++) length += fuzz_utf8_encode(code_points[i], encoded + length);
    FUZZ_REQUIRE(length == size && (size == 0 || memcmp(encoded, data, size) == 0));
    free(encoded);
  } else {
    FUZZ_REQUIRE(status.offset == bad_offset);
    FUZZ_REQUIRE(status.reason != NULL && status.reason[0] != '\0');
    /* Everything before the first bad sequence is valid on its own. */
    FUZZ_REQUIRE(app_core__utf8_validate((const char *)data, bad_offset).valid);
  }
  free(code_points);
}

static void check_copy_input(const uint8_t *data, size_t size) {
  char *text = fuzz_copy_text(data, size);
  size_t length = strlen(text); /* an embedded NUL ends the string early */
  size_t bad_offset = 0;
  bool reference_valid = fuzz_utf8_decode((const uint8_t *)text, length, NULL, NULL, &bad_offset);

  app_core_error error = APP_CORE_ERROR_INIT;
  char *copy = app_core__copy_utf8_input(text, "input", &error);
  if (reference_valid) {
    FUZZ_REQUIRE(copy != NULL && strcmp(copy, text) == 0 && copy != text);
    FUZZ_REQUIRE(error.code == APP_CORE_OK && error.message == NULL);
  } else {
    FUZZ_REQUIRE(copy == NULL);
    FUZZ_REQUIRE(error.code == APP_CORE_INVALID_UTF8 && error.message != NULL);
    FUZZ_REQUIRE(fuzz_utf8_text_valid(error.message)); /* it may reach Dart as a String */
  }
  app_core_string_free(copy);
  app_core_error_clear(&error);
  free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  check_validate(data, size);
  check_copy_input(data, size);
  return 0;
}
