/* errors.h: filling an app_core_error, shared by every module. */
#ifndef APP_CORE_ERRORS_H
#define APP_CORE_ERRORS_H

#include "app_core.h"

#if defined(__MINGW32__)
/* mingw gcc reads plain `printf` as the old MSVCRT dialect (no %zu); CMake
 * defines __USE_MINGW_ANSI_STDIO so its runtime printf is the C99 one too. */
#  define APP_CORE__PRINTF(fmt_index, args_index) __attribute__((format(gnu_printf, fmt_index, args_index)))
#elif defined(__GNUC__) || defined(__clang__)
#  define APP_CORE__PRINTF(fmt_index, args_index) __attribute__((format(printf, fmt_index, args_index)))
#else
#  define APP_CORE__PRINTF(fmt_index, args_index)
#endif

/* Called first by every function that takes an error: frees any old message
 * and sets APP_CORE_OK. NULL is a no-op. */
void app_core__error_begin(app_core_error *error);

/* Sets code and a formatted message (the message stays NULL if memory runs
 * out). NULL error is a no-op. */
void app_core__error_set(app_core_error *error, int32_t code, const char *format, ...) APP_CORE__PRINTF(3, 4);

#endif
