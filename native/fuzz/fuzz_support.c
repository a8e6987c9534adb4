/* fuzz_support.c: see fuzz_support.h. */
#include "fuzz_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fuzz_fail(const char *file, int line, const char *what) {
  (void)fprintf(stderr, "fuzz check failed at %s:%d: %s\n", file, line, what); /* aborting either way */
  (void)fflush(stderr);
  abort();
}

/* The sequence length announced by a lead byte's run of leading one bits,
 * or 0 for a continuation byte (10xxxxxx) and for runs of five or more. */
static size_t announced_length(uint8_t lead) {
  size_t ones = 0;
  while (ones < 8 && (lead & (0x80u >> ones)) != 0) ones++;
  if (ones == 0) return 1;
  if (ones == 1 || ones > 4) return 0;
  return ones;
}

bool fuzz_utf8_decode(const uint8_t *bytes, size_t length, uint32_t *code_points, size_t *count, size_t *bad_offset) {
  /* The smallest code point that needs n bytes; anything below is overlong. */
  static const uint32_t smallest[5] = {0, 0, 0x80u, 0x800u, 0x10000u};
  size_t decoded = 0;
  size_t i = 0;
  bool valid = true;
  while (i < length) {
    size_t n = announced_length(bytes[i]);
    bool ok = n != 0 && n <= length - i;
    uint32_t value = 0;
    if (ok) {
      value = n == 1 ? bytes[i] : (uint32_t)(bytes[i] & (0x7Fu >> n));
      for (size_t k = 1; k < n && ok; k++) {
        ok = (bytes[i + k] & 0xC0u) == 0x80u;
        value = (value << 6) | (uint32_t)(bytes[i + k] & 0x3Fu);
      }
    }
    if (ok && n > 1) ok = value >= smallest[n];
    if (ok) ok = value <= 0x10FFFFu && (value < 0xD800u || value > 0xDFFFu);
    if (!ok) {
      valid = false;
      if (bad_offset != NULL) *bad_offset = i;
      break;
    }
    if (code_points != NULL) code_points[decoded] = value;
    decoded++;
    i += n;
  }
  if (count != NULL) *count = decoded;
  return valid;
}

size_t fuzz_utf8_encode(uint32_t code_point, uint8_t *out) {
  if (code_point < 0x80u) {
    out[0] = (uint8_t)code_point;
    return 1;
  }
  if (code_point < 0x800u) {
    out[0] = (uint8_t)(0xC0u | (code_point >> 6));
    out[1] = (uint8_t)(0x80u | (code_point & 0x3Fu));
    return 2;
  }
  if (code_point < 0x10000u) {
    out[0] = (uint8_t)(0xE0u | (code_point >> 12));
    out[1] = (uint8_t)(0x80u | ((code_point >> 6) & 0x3Fu));
    out[2] = (uint8_t)(0x80u | (code_point & 0x3Fu));
    return 3;
  }
  out[0] = (uint8_t)(0xF0u | (code_point >> 18));
  out[1] = (uint8_t)(0x80u | ((code_point >> 12) & 0x3Fu));
  out[2] = (uint8_t)(0x80u | ((code_point >> 6) & 0x3Fu));
  out[3] = (uint8_t)(0x80u | (code_point & 0x3Fu));
  return 4;
}

bool fuzz_utf8_text_valid(const char *text) {
  return fuzz_utf8_decode((const uint8_t *)text, strlen(text), NULL, NULL, NULL);
}

uint8_t fuzz_read_u8(fuzz_reader *reader) {
  if (reader->size == 0) return 0;
  uint8_t byte = reader->data[0];
  reader->data++;
  reader->size--;
  return byte;
}

uint32_t fuzz_read_u32(fuzz_reader *reader) {
  uint32_t value = 0;
  for (int i = 0; i < 4; i++) value = (value << 8) | fuzz_read_u8(reader);
  return value;
}

uint64_t fuzz_read_u64(fuzz_reader *reader) {
  uint64_t value = fuzz_read_u32(reader);
  return (value << 32) | fuzz_read_u32(reader);
}

char *fuzz_read_string(fuzz_reader *reader, size_t max_length) {
  size_t length = fuzz_read_u8(reader);
  if (length > max_length) length = max_length;
  if (length > reader->size) length = reader->size;
  char *text = fuzz_copy_text(reader->data, length);
  if (length > 0) { /* libFuzzer may pass NULL data for an empty input, and NULL + 0 is undefined */
    reader->data += length;
    reader->size -= length;
  }
  return text;
}

char *fuzz_copy_text(const uint8_t *bytes, size_t length) {
  char *text = malloc(length + 1);
  if (text == NULL) fuzz_fail(__FILE__, __LINE__, "out of memory");
  if (length > 0) memcpy(text, bytes, length); /* bytes may be NULL when length is 0 */
  text[length] = '\0';
  return text;
}
