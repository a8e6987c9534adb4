/*
 * fig_strings.c: figure 3, UTF-8 validation (the internal
 * app_core__utf8_validate every string input goes through) and
 * app_core_reverse_string over 1 MiB of text, against memcpy of the same bytes
 * into a buffer allocated once.
 *
 * Each figure is bytes processed / time over REPEATS passes. reverse_string is
 * timed as the public call it is: strlen, validation, allocating the result,
 * reversing, and app_core_string_free.
 */
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "bench.h"
#include "core/utf8.h"

#define REPEATS 64

/* Through a volatile pointer, so the copies cannot be elided. */
static void *(*volatile copy_bytes)(void *, const void *, size_t) = memcpy;

static double gbps(size_t bytes, uint64_t ns) { return (double)bytes * REPEATS / (double)ns; }

strings_figure fig_strings(const char *text, size_t length) {
  strings_figure figure;
  char *copy = bench_alloc(length + 1);
  copy_bytes(copy, text, length); /* fault the pages in before timing */

  uint64_t start = bench_now_ns();
  for (int r = 0; r < REPEATS; r++) {
    copy_bytes(copy, text, length);
    bench_consume((unsigned char)copy[r]);
  }
  figure.memcpy_gbps = gbps(length, bench_now_ns() - start);

  start = bench_now_ns();
  for (int r = 0; r < REPEATS; r++) {
    app_core__utf8_status status = app_core__utf8_validate(text, length);
    if (!status.valid) bench_fatal("the %zu-byte text is not valid UTF-8 at %zu", length, status.offset);
  }
  figure.validate_gbps = gbps(length, bench_now_ns() - start);

  start = bench_now_ns();
  for (int r = 0; r < REPEATS; r++) {
    char *reversed = app_core_reverse_string(text, NULL);
    if (reversed == NULL) bench_fatal("app_core_reverse_string failed on the %zu-byte text", length);
    bench_consume((unsigned char)reversed[0]);
    app_core_string_free(reversed);
  }
  figure.reverse_gbps = gbps(length, bench_now_ns() - start);

  /* Checked once, untimed: reversing twice gives the text back. */
  char *once = app_core_reverse_string(text, NULL);
  char *twice = once ? app_core_reverse_string(once, NULL) : NULL;
  if (twice == NULL || strcmp(twice, text) != 0) bench_fatal("reverse(reverse(text)) != text");
  app_core_string_free(once);
  app_core_string_free(twice);
  free(copy);
  return figure;
}

char *fig_strings_make_ascii(size_t length) {
  static const char words[] = "The quick brown fox jumps over the lazy dog; 0123456789! ";
  char *text = bench_alloc(length + 1);
  for (size_t i = 0; i < length; i++) text[i] = words[i % (sizeof words - 1)];
  text[length] = '\0';
  return text;
}

/* Text as an app's strings look when they are not English: words of 1-, 2-,
 * 3- and 4-byte characters with ASCII spaces and punctuation between. */
char *fig_strings_make_mixed(size_t length, double *ascii_share) {
  static const char *const pieces[] = {
      "Hello, world! ", "Grüße aus Köln, ", "naïve café — ", "Привет, мир! ",  "Γειά σου κόσμε. ", "こんにちは世界。",
      "你好，世界！",   "안녕하세요 ",      "👋🌍✨🚀 ",         "مرحبا بالعالم ", "שלום עולם ",
  };
  size_t piece_count = sizeof pieces / sizeof pieces[0];
  char *text = bench_alloc(length + 1);
  size_t used = 0;
  for (size_t k = 0;; k++) {
    const char *piece = pieces[k % piece_count];
    size_t size = strlen(piece);
    if (used + size > length) break;
    memcpy(text + used, piece, size);
    used += size;
  }
  while (used < length) text[used++] = ' '; /* exact length, still whole characters */
  text[length] = '\0';
  size_t ascii = 0;
  for (size_t i = 0; i < length; i++) ascii += (unsigned char)text[i] < 0x80;
  *ascii_share = (double)ascii / (double)length;
  return text;
}
