/* string_alloc.h: allocating the strings the core hands out (freed by app_core_string_free). */
#ifndef APP_CORE_STRING_ALLOC_H
#define APP_CORE_STRING_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

#include "errors.h"

/* A new buffer of length + 1 bytes whose last byte is NUL, for the caller to
 * fill bytes[0, length); NULL if memory ran out. */
char *app_core__alloc_string(size_t length);

/* A new NUL-terminated copy of bytes[0, length), or NULL if memory ran out. */
char *app_core__copy_bytes(const char *bytes, size_t length);

/* A new formatted string, or NULL if memory ran out or the format failed. */
char *app_core__format(const char *format, ...) APP_CORE__PRINTF(1, 2);
char *app_core__vformat(const char *format, va_list args) APP_CORE__PRINTF(1, 0);

#endif
