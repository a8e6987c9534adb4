/* demo.c: a tour of app_core. Each line shows a call and what it returned; a
 * result that differs from what app_core.h documents is flagged, and the exit
 * status is non-zero if there was any. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app_core.h"
#include "demo.h"

#define CALL_COLUMN 33

static int unexpected_count;

void demo_expect(bool as_documented, const char *what) {
  if (as_documented) return;
  unexpected_count++;
  printf("    ^ UNEXPECTED: %s\n", what);
}

/* Pads by characters, not bytes, so lines with UTF-8 in the call still line up. */
static void print_call(const char *call) {
  size_t characters = 0;
  for (const char *p = call; *p != '\0'; p++) characters += ((unsigned char)*p & 0xC0u) != 0x80u;
  printf("%s ", call);
  for (; characters < CALL_COLUMN; characters++) putchar(' ');
}

/* "call -> result", or "call -> error NAME: message" if the call failed. */
static void show(const char *call, const char *result, const app_core_error *error) {
  print_call(call);
  if (error != NULL && error->code != APP_CORE_OK) {
    printf("-> error %s: %s\n", app_core_error_name(error->code), error->message ? error->message : "(no message)");
  } else {
    printf("-> %s\n", result);
  }
}

/* template:full-only-begin */
static void demo_sum(int32_t a, int32_t b, int32_t expected) {
  char call[64], result[32];
  int32_t value = app_core_sum(a, b);
  snprintf(call, sizeof call, "sum(%" PRId32 ", %" PRId32 ")", a, b);
  snprintf(result, sizeof result, "%" PRId32, value);
  show(call, result, NULL);
  demo_expect(value == expected, "sum");
}

/* template:full-only-end */
/* `shown` is how the input appears in the printed call (escaped or NULL). */
static void demo_reverse(const char *shown, const char *input, const char *expected, int32_t expected_code) {
  char call[96], result[96];
  app_core_error error = APP_CORE_ERROR_INIT;
  char *reversed = app_core_reverse_string(input, &error);
  snprintf(call, sizeof call, "reverse_string(%s)", shown);
  snprintf(result, sizeof result, "\"%s\"", reversed ? reversed : "");
  show(call, result, &error);
  bool same = expected == NULL ? reversed == NULL : reversed != NULL && strcmp(reversed, expected) == 0;
  demo_expect(error.code == expected_code && same, "reverse_string");
  app_core_string_free(reversed);
  app_core_error_clear(&error);
}

/* template:full-only-begin */
static void demo_divide(int32_t a, int32_t b, int32_t expected, int32_t expected_code) {
  char call[64], result[32];
  app_core_error error = APP_CORE_ERROR_INIT;
  int32_t value = app_core_divide(a, b, &error);
  snprintf(call, sizeof call, "divide(%" PRId32 ", %" PRId32 ")", a, b);
  snprintf(result, sizeof result, "%" PRId32, value);
  show(call, result, &error);
  demo_expect(error.code == expected_code && value == expected, "divide");
  app_core_error_clear(&error);
}

/* template:full-only-end */
static void demo_fibonacci(int64_t n, int64_t expected, int32_t expected_code) {
  char call[64], result[32];
  app_core_error error = APP_CORE_ERROR_INIT;
  int64_t value = app_core_fibonacci(n, &error);
  snprintf(call, sizeof call, "fibonacci(%" PRId64 ")", n);
  snprintf(result, sizeof result, "%" PRId64, value);
  show(call, result, &error);
  demo_expect(error.code == expected_code && value == expected, "fibonacci");
  app_core_error_clear(&error);
}

/* template:full-only-begin */
static void demo_heavy_computation(uint64_t iterations, uint64_t expected) {
  char call[64], result[32];
  uint64_t value = app_core_heavy_computation(iterations);
  snprintf(call, sizeof call, "heavy_computation(%" PRIu64 ")", iterations);
  snprintf(result, sizeof result, "%" PRIu64, value);
  show(call, result, NULL);
  demo_expect(value == expected, "heavy_computation");
}

/* template:full-only-end */
static void demo_error_name(int32_t code, const char *expected) {
  char call[64], result[32];
  const char *name = app_core_error_name(code);
  snprintf(call, sizeof call, "error_name(%" PRId32 ")", code);
  snprintf(result, sizeof result, "\"%s\"", name);
  show(call, result, NULL);
  demo_expect(strcmp(name, expected) == 0, "error_name");
}

/* Every synchronous function, with each of its error cases. */
static void demo_sync(void) {
  printf("== synchronous calls (on this thread) ==\n");
  int32_t version = app_core_abi_version();
  print_call("abi_version()");
  printf("-> %" PRId32 " (this demo was built against %d)\n", version, APP_CORE_ABI_VERSION);
  demo_expect(version == APP_CORE_ABI_VERSION, "abi_version");

  /* template:full-only-begin */
  demo_sum(2, 3, 5);
  demo_sum(INT32_MAX, 1, INT32_MIN); /* wraps */
  demo_sum(INT32_MIN, -1, INT32_MAX);

  /* template:full-only-end */
  demo_reverse("\"h\xC3\xA9llo\xF0\x9F\x91\x8B\"", "h\xC3\xA9llo\xF0\x9F\x91\x8B", "\xF0\x9F\x91\x8Boll\xC3\xA9h",
               APP_CORE_OK);
  demo_reverse("\"\"", "", "", APP_CORE_OK);
  demo_reverse("NULL", NULL, NULL, APP_CORE_INVALID_ARGUMENT);
  demo_reverse("\"\\xC0\\x80\"", "\xC0\x80", NULL, APP_CORE_INVALID_UTF8);
  demo_reverse("\"ab\\xED\\xA0\\x80\"", "ab\xED\xA0\x80", NULL, APP_CORE_INVALID_UTF8);
  demo_reverse("\"abc\\xE2\\x82\"", "abc\xE2\x82", NULL, APP_CORE_INVALID_UTF8);

  /* template:full-only-begin */
  demo_divide(7, 2, 3, APP_CORE_OK);
  demo_divide(-7, 2, -3, APP_CORE_OK); /* truncates toward zero */
  demo_divide(7, 0, 0, APP_CORE_DIVISION_BY_ZERO);
  demo_divide(INT32_MIN, -1, 0, APP_CORE_OVERFLOW);

  /* template:full-only-end */
  demo_fibonacci(10, 55, APP_CORE_OK);
  demo_fibonacci(30, 832040, APP_CORE_OK);
  demo_fibonacci(93, 0, APP_CORE_OVERFLOW);
  demo_fibonacci(-1, 0, APP_CORE_INVALID_ARGUMENT);

  /* template:full-only-begin */
  demo_heavy_computation(0, 0);
  demo_heavy_computation(1000000, UINT64_C(333332833333500000));
  demo_heavy_computation(5000000, UINT64_C(4773166019248396768)); /* wrapped mod 2^64 */

  /* template:full-only-end */
  demo_error_name(APP_CORE_INVALID_UTF8, "INVALID_UTF8");
  demo_error_name(99, "UNKNOWN");
  demo_visit_words();
}

int main(void) {
  demo_sync();
  demo_async();
  if (unexpected_count > 0) {
    printf("%d result(s) differ from app_core.h\n", unexpected_count);
    return 1;
  }
  printf("every result is as app_core.h documents\n");
  return 0;
}
