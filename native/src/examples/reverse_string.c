/* reverse_string.c: app_core_reverse_string, reversal by Unicode scalar value. */
#include <stdint.h>
#include <string.h>

#include "app_core.h"
#include "core/errors.h"
#include "core/string_alloc.h"
#include "core/utf8.h"

#define HIGH_BITS UINT64_C(0x8080808080808080)

/* Written with shifts so it is portable; gcc and clang compile it to one bswap. */
static uint64_t reverse_bytes(uint64_t x) {
  x = ((x & UINT64_C(0x00FF00FF00FF00FF)) << 8) | ((x >> 8) & UINT64_C(0x00FF00FF00FF00FF));
  x = ((x & UINT64_C(0x0000FFFF0000FFFF)) << 16) | ((x >> 16) & UINT64_C(0x0000FFFF0000FFFF));
  return (x << 32) | (x >> 32);
}

/* Copies each scalar value of valid UTF-8 `in` to the mirrored position of
 * `out`, which has the same length: the byte at i lands before out + length - i. */
static void reverse_valid_utf8(const unsigned char *in, unsigned char *out, size_t length) {
  unsigned char *end = out + length;
  size_t i = 0;
  while (i < length) {
    if (length - i >= 8) {
      uint64_t word;
      memcpy(&word, in + i, 8);
      if ((word & HIGH_BITS) == 0) { /* eight ASCII characters: reverse them as a block */
        word = reverse_bytes(word);
        memcpy(end - i - 8, &word, 8);
        i += 8;
        /* Inside an ASCII run, go on 32 bytes at a time; text without 8-byte
         * ASCII runs never pays for this check. */
        while (length - i >= 32) {
          uint64_t a, b, c, d;
          memcpy(&a, in + i, 8);
          memcpy(&b, in + i + 8, 8);
          memcpy(&c, in + i + 16, 8);
          memcpy(&d, in + i + 24, 8);
          if (((a | b | c | d) & HIGH_BITS) != 0) break;
          unsigned char *to = end - i - 32;
          d = reverse_bytes(d);
          c = reverse_bytes(c);
          b = reverse_bytes(b);
          a = reverse_bytes(a);
          memcpy(to, &d, 8);
          memcpy(to + 8, &c, 8);
          memcpy(to + 16, &b, 8);
          memcpy(to + 24, &a, 8);
          i += 32;
        }
        continue;
      }
    }
    unsigned char lead = in[i];
    size_t size = lead < 0x80u ? 1 : lead < 0xE0u ? 2 : lead < 0xF0u ? 3 : 4; /* input is validated */
    unsigned char *to = end - i - size;
    switch (size) { /* the bytes of one character keep their order */
      case 4:
        to[3] = in[i + 3]; /* fall through */
      case 3:
        to[2] = in[i + 2]; /* fall through */
      case 2:
        to[1] = in[i + 1]; /* fall through */
      default:
        to[0] = lead;
    }
    i += size;
  }
}

char *app_core_reverse_string(const char *input, app_core_error *error) {
  app_core__error_begin(error);
  if (input == NULL) {
    app_core__error_set(error, APP_CORE_INVALID_ARGUMENT, "reverse_string: input is NULL");
    return NULL;
  }
  size_t length = strlen(input);
  app_core__utf8_status status = app_core__utf8_validate(input, length);
  if (!status.valid) {
    app_core__error_set(error, APP_CORE_INVALID_UTF8, "reverse_string: input is not valid UTF-8: %s at byte offset %zu",
                        status.reason, status.offset);
    return NULL;
  }
  char *reversed = app_core__alloc_string(length);
  if (reversed == NULL) {
    app_core__error_set(error, APP_CORE_OUT_OF_MEMORY, "reverse_string: out of memory for a %zu-byte result", length);
    return NULL;
  }
  reverse_valid_utf8((const unsigned char *)input, (unsigned char *)reversed, length);
  return reversed;
}
