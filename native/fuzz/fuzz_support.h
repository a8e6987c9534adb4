/*
 * fuzz_support.h: shared by the libFuzzer targets. A reference UTF-8 decoder
 * written independently of src/utf8.c (it decodes code points and range-checks
 * them, where utf8.c walks the RFC 3629 byte table), a reader that turns fuzz
 * bytes into typed values, and a check that aborts with a message.
 */
#ifndef APP_CORE_FUZZ_SUPPORT_H
#define APP_CORE_FUZZ_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The libFuzzer entry point, declared for -Wmissing-prototypes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts (libFuzzer then saves the input) when `condition` is false. */
#define FUZZ_REQUIRE(condition) \
  do { \
    if (!(condition)) fuzz_fail(__FILE__, __LINE__, #condition); \
  } while (0)

#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn))
#endif
void fuzz_fail(const char *file, int line, const char *what);

/* Reference decoding of bytes[0, length). Returns true if it is valid UTF-8.
 * Otherwise *bad_offset is where the first ill-formed sequence starts. If
 * code_points is not NULL it receives the decoded values of the valid prefix
 * (at most `length` of them) and *count their number. */
bool fuzz_utf8_decode(const uint8_t *bytes, size_t length, uint32_t *code_points, size_t *count, size_t *bad_offset);

/* Encodes one valid scalar value at out (room for 4 bytes); returns its length. */
size_t fuzz_utf8_encode(uint32_t code_point, uint8_t *out);

/* True if the NUL-terminated text is valid UTF-8 by the reference decoder. */
bool fuzz_utf8_text_valid(const char *text);

/* Consumes fuzz input front to back; reads past the end give zeros. */
typedef struct fuzz_reader {
  const uint8_t *data;
  size_t size;
} fuzz_reader;

uint8_t fuzz_read_u8(fuzz_reader *reader);
uint32_t fuzz_read_u32(fuzz_reader *reader);
uint64_t fuzz_read_u64(fuzz_reader *reader);
/* A new NUL-terminated copy of bytes[0, length) (it may hold invalid UTF-8,
 * and an embedded NUL ends it early for strlen); free() it. */
char *fuzz_copy_text(const uint8_t *bytes, size_t length);

/* A new NUL-terminated string of up to max_length bytes taken from the input
 * (it may hold invalid UTF-8 and stops early at a NUL byte); free() it. */
char *fuzz_read_string(fuzz_reader *reader, size_t max_length);

#endif
