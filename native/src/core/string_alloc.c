/* string_alloc.c: the one allocator for strings that cross the boundary. */
#include "string_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void app_core_string_free(char *s) { free(s); }

char *app_core__alloc_string(size_t length) {
  if (length == SIZE_MAX) return NULL;
  char *text = malloc(length + 1);
  if (text != NULL) text[length] = '\0';
  return text;
}

char *app_core__copy_bytes(const char *bytes, size_t length) {
  char *copy = app_core__alloc_string(length);
  if (copy == NULL) return NULL;
  if (length > 0) memcpy(copy, bytes, length);
  return copy;
}

/* Most answers are short: one formatting pass into a stack buffer, then a
 * copy; only a longer text is measured and formatted a second time. */
char *app_core__vformat(const char *format, va_list args) {
  char buffer[256];
  va_list again;
  va_copy(again, args);
  int length = vsnprintf(buffer, sizeof buffer, format, args);
  char *text = NULL;
  if (length >= 0) text = malloc((size_t)length + 1);
  if (text != NULL) {
    if ((size_t)length < sizeof buffer) {
      memcpy(text, buffer, (size_t)length + 1);
    } else {
      (void)vsnprintf(text, (size_t)length + 1, format, again);
    }
  }
  va_end(again);
  return text;
}

char *app_core__format(const char *format, ...) {
  va_list args;
  va_start(args, format);
  char *text = app_core__vformat(format, args);
  va_end(args);
  return text;
}
