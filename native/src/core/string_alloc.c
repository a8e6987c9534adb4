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

char *app_core__vformat(const char *format, va_list args) {
  va_list measure;
  va_copy(measure, args);
  int length = vsnprintf(NULL, 0, format, measure);
  va_end(measure);
  if (length < 0) return NULL;
  char *text = malloc((size_t)length + 1);
  if (text == NULL) return NULL;
  (void)vsnprintf(text, (size_t)length + 1, format, args);
  return text;
}

char *app_core__format(const char *format, ...) {
  va_list args;
  va_start(args, format);
  char *text = app_core__vformat(format, args);
  va_end(args);
  return text;
}
