/* utf8.c: strict UTF-8 validation per RFC 3629 (the well-formed byte table). */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

#include "errors.h"
#include "string_alloc.h"

#define HIGH_BITS UINT64_C(0x8080808080808080)

static app_core__utf8_status invalid(size_t offset, const char *reason) {
  app_core__utf8_status status = {false, offset, reason};
  return status;
}

static bool is_continuation(unsigned char byte) { return (byte & 0xC0u) == 0x80u; }

app_core__utf8_status app_core__utf8_validate(const char *bytes, size_t length) {
  const unsigned char *s = (const unsigned char *)bytes;
  size_t i = 0;
  while (i < length) {
    /* Most text is ASCII: skip it eight bytes at a time, and once in an ASCII
     * run, 32 at a time (checked only then, so mixed text pays nothing). */
    if (length - i >= 8) {
      uint64_t word;
      memcpy(&word, s + i, 8);
      if ((word & HIGH_BITS) == 0) {
        i += 8;
        while (length - i >= 32) {
          uint64_t words[4];
          memcpy(words, s + i, 32);
          if (((words[0] | words[1] | words[2] | words[3]) & HIGH_BITS) != 0) break;
          i += 32;
        }
        continue;
      }
    }
    unsigned char lead = s[i];
    if (lead < 0x80u) {
      i++;
      continue;
    }
    size_t need;
    unsigned char second_min = 0x80u, second_max = 0xBFu;
    if (lead < 0xC2u) return invalid(i, lead < 0xC0u ? "unexpected continuation byte" : "overlong encoding");
    if (lead < 0xE0u) {
      need = 1;
    } else if (lead < 0xF0u) {
      need = 2;
      if (lead == 0xE0u) second_min = 0xA0u; /* below U+0800 would be overlong */
      if (lead == 0xEDu) second_max = 0x9Fu; /* U+D800..U+DFFF are surrogates */
    } else if (lead < 0xF5u) {
      need = 3;
      if (lead == 0xF0u) second_min = 0x90u; /* below U+10000 would be overlong */
      if (lead == 0xF4u) second_max = 0x8Fu; /* above U+10FFFF */
    } else {
      return invalid(i, "byte never valid in UTF-8 (code point above U+10FFFF)");
    }
    /* Judge the bytes that are there before calling the sequence truncated, so
     * "ED A0" at the end is reported as a surrogate, not as merely cut short. */
    size_t available = length - i - 1;
    if (available == 0) return invalid(i, "truncated sequence");
    unsigned char second = s[i + 1];
    if (!is_continuation(second)) return invalid(i, "truncated sequence");
    if (second < second_min) return invalid(i, "overlong encoding");
    if (second > second_max) return invalid(i, lead == 0xEDu ? "UTF-16 surrogate" : "code point above U+10FFFF");
    for (size_t k = 2; k <= need; k++) {
      if (k > available || !is_continuation(s[i + k])) return invalid(i, "truncated sequence");
    }
    i += need + 1;
  }
  app_core__utf8_status ok = {true, 0, NULL};
  return ok;
}

char *app_core__copy_utf8_input(const char *input, const char *what, app_core_error *error) {
  if (input == NULL) {
    app_core__error_set(error, APP_CORE_INVALID_ARGUMENT, "%s is NULL", what);
    return NULL;
  }
  size_t length = strlen(input);
  app_core__utf8_status status = app_core__utf8_validate(input, length);
  if (!status.valid) {
    app_core__error_set(error, APP_CORE_INVALID_UTF8, "%s is not valid UTF-8: %s at byte %zu", what, status.reason,
                        status.offset);
    return NULL;
  }
  char *copy = app_core__copy_bytes(input, length);
  if (copy == NULL)
    app_core__error_set(error, APP_CORE_OUT_OF_MEMORY, "out of memory copying %s (%zu bytes)", what, length);
  return copy;
}
