/* utf8.h: strict UTF-8 validation (RFC 3629) for every string that enters the core. */
#ifndef APP_CORE_UTF8_H
#define APP_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "app_core.h"

typedef struct app_core__utf8_status {
  bool valid;
  size_t offset;      /* when invalid: byte offset where the bad sequence starts */
  const char *reason; /* when invalid: static text, e.g. "overlong encoding" */
} app_core__utf8_status;

/* Checks bytes[0, length): rejects overlong forms, surrogates (U+D800..DFFF),
 * code points above U+10FFFF, truncated sequences and stray continuation bytes. */
app_core__utf8_status app_core__utf8_validate(const char *bytes, size_t length);

/* Validates the NUL-terminated `input` and returns a new copy of it. On failure
 * returns NULL and sets error: INVALID_ARGUMENT (NULL), INVALID_UTF8 (offset and
 * reason in the message), OUT_OF_MEMORY. `what` names the input in messages,
 * e.g. "url". */
char *app_core__copy_utf8_input(const char *input, const char *what, app_core_error *error);

#endif
