/* demo_callbacks.c: calling Dart from C in the tour. A visitor called on the
 * calling thread (in Dart a NativeCallable.isolateLocal), and the core's log,
 * whose records reach a listener's port from any thread. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app_core.h"
#include "dart_vm_host.h"
#include "demo.h"

#define SECOND UINT64_C(1000000000)

typedef struct word_list {
  char text[64];
  int64_t visits;
  int64_t stop_after; /* the visitor returns false on this visit */
} word_list;

/* Prints each word as it comes; `word` is only borrowed for the call. */
static bool print_word(const char *word, int64_t length, void *user_data) {
  word_list *list = user_data;
  list->visits++;
  size_t used = strlen(list->text);
  snprintf(list->text + used, sizeof list->text - used, "%s\"%.*s\"", used ? ", " : "", (int)length, word);
  return list->visits != list->stop_after;
}

static void demo_visit(const char *shown, const char *text, int64_t stop_after, int64_t expected,
                       const char *expected_words, int32_t expected_code) {
  word_list list = {.stop_after = stop_after};
  app_core_error error = APP_CORE_ERROR_INIT;
  int64_t calls = app_core_visit_words(text, print_word, &list, &error);
  if (error.code != APP_CORE_OK) {
    printf("visit_words(%s) -> error %s: %s\n", shown, app_core_error_name(error.code), error.message);
  } else {
    printf("visit_words(%s) -> %" PRId64 " calls: %s\n", shown, calls, list.text);
  }
  demo_expect(calls == expected && error.code == expected_code && strcmp(list.text, expected_words) == 0,
              "visit_words");
  app_core_error_clear(&error);
}

void demo_visit_words(void) {
  demo_visit("\"  héllo wörld 👋 \"", "  h\xc3\xa9llo w\xc3\xb6rld \xf0\x9f\x91\x8b ", 0, 3,
             "\"h\xc3\xa9llo\", \"w\xc3\xb6rld\", \"\xf0\x9f\x91\x8b\"", APP_CORE_OK);
  demo_visit("\"a b c d\", stop at the 2nd", "a b c d", 2, 2, "\"a\", \"b\"", APP_CORE_OK);
  demo_visit("\"ok \\xff\"", "ok \xff", 0, -1, "", APP_CORE_INVALID_UTF8);
}

/* A listener as lib/src/native_log.dart is one: a port that receives the
 * listener's id as "records are ready", then drains the queue. */
void demo_log(void) {
  vm_host_isolate *isolate = vm_host_open_isolate();
  Dart_Port port = vm_host_open_port_in(isolate);
  int64_t listener = app_core_log_listen(APP_CORE_LOG_INFO, port, 0);
  printf("log_listen(INFO, port, no owner) -> listener %" PRId64 "\n", listener);
  app_core_log(APP_CORE_LOG_DEBUG, "below the level: %d atomic load", 1);
  app_core_log(APP_CORE_LOG_WARNING, "disk %d%% full", 91);
  printf("log(DEBUG, ...), log(WARNING, \"disk %%d%%%% full\", 91)\n");

  Dart_Port woken = 0;
  vm_value *message = NULL;
  bool wakeup = vm_host_receive_any(isolate, 30 * SECOND, &woken, &message);
  if (wakeup) {
    printf("  wakeup on the port: %" PRId64 "\n", message->value.as_int);
    vm_value_free(message);
  }
  int records = 0;
  bool as_logged = false;
  app_core_log_record record;
  while (app_core_log_next(listener, &record)) {
    printf("  log_next -> level %" PRId32 ", #%" PRId64 ", \"%s\"\n", record.level, record.sequence, record.message);
    as_logged = record.level == APP_CORE_LOG_WARNING && strcmp(record.message, "disk 91% full") == 0;
    app_core_string_free(record.message);
    records++;
  }
  bool removed = app_core_log_unlisten(listener);
  printf("  log_next -> false (empty); log_unlisten -> %s\n", removed ? "true" : "false");
  demo_expect(listener > 0 && wakeup && records == 1 && as_logged && removed,
              "one WARNING record, none below the level");
  vm_host_close_isolate(isolate);
}
