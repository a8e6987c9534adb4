/* errors.c: the error table (from APP_CORE_ERROR_MAP) and error-struct helpers. */
#include "errors.h"

#include <stdarg.h>
#include <stdlib.h>

#include "string_alloc.h"

void app_core_error_clear(app_core_error *error) {
  if (error == NULL) return;
  free(error->message);
  error->code = APP_CORE_OK;
  error->message = NULL;
}

const char *app_core_error_name(int32_t code) {
  switch (code) {
#define APP_CORE_ERROR_NAME_CASE(name, value, description) \
  case value: \
    return #name;
    APP_CORE_ERROR_MAP(APP_CORE_ERROR_NAME_CASE)
#undef APP_CORE_ERROR_NAME_CASE
    default:
      return "UNKNOWN";
  }
}

void app_core__error_begin(app_core_error *error) { app_core_error_clear(error); }

void app_core__error_set(app_core_error *error, int32_t code, const char *format, ...) {
  if (error == NULL) return;
  app_core_error_clear(error);
  error->code = code;
  va_list args;
  va_start(args, format);
  error->message = app_core__vformat(format, args);
  va_end(args);
}
