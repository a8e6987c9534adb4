/* visit_words.c: app_core_visit_words, the shape of a C library that calls
 * its caller back on the calling thread (a visitor that may stop early). */
#include <string.h>

#include "app_core.h"
#include "core/errors.h"
#include "core/utf8.h"

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

int64_t app_core_visit_words(const char *text, app_core_word_visitor visitor, void *user_data, app_core_error *error) {
  app_core__error_begin(error);
  if (text == NULL || visitor == NULL) {
    app_core__error_set(error, APP_CORE_INVALID_ARGUMENT, "%s is NULL", text == NULL ? "text" : "visitor");
    return -1;
  }
  size_t length = strlen(text);
  /* All or nothing: the visitor never sees part of a text that is then refused. */
  app_core__utf8_status status = app_core__utf8_validate(text, length);
  if (!status.valid) {
    app_core__error_set(error, APP_CORE_INVALID_UTF8, "text is not valid UTF-8: %s at byte %zu", status.reason,
                        status.offset);
    return -1;
  }
  int64_t calls = 0;
  size_t i = 0;
  while (i < length) {
    while (i < length && is_space(text[i])) i++;
    size_t start = i;
    while (i < length && !is_space(text[i])) i++;
    if (i == start) break;
    calls++;
    /* Whitespace is ASCII, so a word never splits a multi-byte sequence. */
    if (!visitor(text + start, (int64_t)(i - start), user_data)) break;
  }
  return calls;
}
