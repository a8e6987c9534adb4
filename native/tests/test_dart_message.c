/*
 * test_dart_message.c: every builder of dart_message.h, posted through the
 * core's table into the test VM host and decoded back, both raw (the exact
 * array the VM received) and through vm_host_await_outcome.
 */
#include <stdlib.h>

#include "core/dart_api.h"
#include "core/dart_message.h"
#include "dart_vm_host.h"
#include "test.h"

static Dart_Port start_host(void) {
  vm_host_start();
  ASSERT_EQ(app_core_init_dart_api(vm_host_api_data()), 0);
  Dart_Port port = vm_host_open_port();
  ASSERT_GT(port, 0);
  return port;
}

/* Posts through the core and returns what the VM received (caller frees). */
static vm_value *round_trip(Dart_Port port, Dart_CObject *message) {
  ASSERT_TRUE(app_core__dart_post(port, message));
  vm_value *received = NULL;
  ASSERT_TRUE(vm_host_receive(port, HUNG_AFTER_NS, &received));
  ASSERT_NOT_NULL(received);
  return received;
}

/* Checks the shape [kind, ...] with `length` elements and returns the elements. */
static const vm_value *expect_array(const vm_value *received, int64_t kind, size_t length) {
  ASSERT_EQ(received->type, Dart_CObject_kArray);
  ASSERT_UINT_EQ(received->value.as_array.length, length);
  ASSERT_EQ(received->value.as_array.items[0].type, Dart_CObject_kInt64);
  ASSERT_EQ(received->value.as_array.items[0].value.as_int, kind);
  return received->value.as_array.items;
}

static char *string_value_of(Dart_Port port, const char *input) {
  app_core__message message;
  vm_value *received = round_trip(port, app_core__message_value_string(&message, input));
  const vm_value *items = expect_array(received, APP_CORE_MESSAGE_VALUE, 2);
  ASSERT_EQ(items[1].type, Dart_CObject_kString);
  size_t size = strlen(items[1].value.as_string) + 1;
  char *copy = malloc(size);
  ASSERT_NOT_NULL(copy);
  memcpy(copy, items[1].value.as_string, size);
  vm_value_free(received);
  return copy;
}

TEST(value_int_round_trips_extremes) {
  Dart_Port port = start_host();
  const int64_t values[] = {0, 1, -1, 42, (int64_t)INT32_MAX + 1, (int64_t)INT32_MIN - 1, INT64_MIN, INT64_MAX};
  for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
    app_core__message message;
    vm_value *received = round_trip(port, app_core__message_value_int(&message, values[i]));
    const vm_value *items = expect_array(received, APP_CORE_MESSAGE_VALUE, 2);
    ASSERT_EQ(items[1].type, Dart_CObject_kInt64);
    ASSERT_EQ(items[1].value.as_int, values[i]);
    vm_value_free(received);

    ASSERT_TRUE(app_core__dart_post(port, app_core__message_value_int(&message, values[i])));
    vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
    ASSERT_TRUE(outcome.well_formed);
    ASSERT_TRUE(outcome.has_int);
    ASSERT_EQ(outcome.int_value, values[i]);
    ASSERT_NULL(outcome.string_value);
    vm_outcome_free(&outcome);
  }
  vm_host_stop();
}

TEST(value_string_round_trips_unicode) {
  Dart_Port port = start_host();
  const char *inputs[] = {"",
                          "hello",
                          "h\xC3\xA9llo\xF0\x9F\x91\x8B",
                          "\xE6\x97\xA5\xE6\x9C\xAC",
                          "\xF4\x8F\xBF\xBF" /* U+10FFFF */,
                          "\xEF\xBF\xBD" /* U+FFFD */};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    char *received = string_value_of(port, inputs[i]);
    ASSERT_STR_EQ(received, inputs[i]);
    free(received);

    app_core__message message;
    ASSERT_TRUE(app_core__dart_post(port, app_core__message_value_string(&message, inputs[i])));
    vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
    ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
    ASSERT_TRUE(outcome.well_formed);
    ASSERT_FALSE(outcome.has_int);
    ASSERT_STR_EQ(outcome.string_value, inputs[i]);
    vm_outcome_free(&outcome);
  }
  ASSERT_UINT_EQ(vm_host_get_stats().invalid_strings, 0);
  vm_host_stop();
}

TEST(null_and_invalid_utf8_strings_become_the_placeholder) {
  Dart_Port port = start_host();
  char *placeholder = string_value_of(port, NULL);
  ASSERT_STR_CONTAINS(placeholder, "UTF-8");
  const char *invalid[] = {"\xC0\xAF",         /* overlong '/' */
                           "\xED\xA0\x80",     /* surrogate U+D800 */
                           "\xF4\x90\x80\x80", /* above U+10FFFF */
                           "abc\xFF",          /* never valid */
                           "\xE2\x82",         /* truncated */
                           "\x80"};            /* stray continuation */
  for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
    char *received = string_value_of(port, invalid[i]);
    ASSERT_STR_EQ(received, placeholder);
    free(received);
  }
  app_core__message message;
  vm_value *received = round_trip(port, app_core__message_error(&message, APP_CORE_IO, "bad \xC3\x28 byte"));
  const vm_value *items = expect_array(received, APP_CORE_MESSAGE_ERROR, 3);
  ASSERT_STR_EQ(items[2].value.as_string, placeholder);
  vm_value_free(received);
  /* The VM never saw invalid UTF-8: every post was accepted. */
  vm_host_stats stats = vm_host_get_stats();
  ASSERT_UINT_EQ(stats.invalid_strings, 0);
  ASSERT_UINT_EQ(stats.posts_rejected, 0);
  free(placeholder);
  vm_host_stop();
}

TEST(error_carries_code_and_text) {
  Dart_Port port = start_host();
  app_core__message message;
  vm_value *received =
      round_trip(port, app_core__message_error(&message, APP_CORE_INVALID_UTF8, "bad byte at offset 3 \xE2\x9C\x93"));
  const vm_value *items = expect_array(received, APP_CORE_MESSAGE_ERROR, 3);
  ASSERT_EQ(items[1].type, Dart_CObject_kInt64);
  ASSERT_EQ(items[1].value.as_int, APP_CORE_INVALID_UTF8);
  ASSERT_EQ(items[2].type, Dart_CObject_kString);
  ASSERT_STR_EQ(items[2].value.as_string, "bad byte at offset 3 \xE2\x9C\x93");
  vm_value_free(received);

  ASSERT_TRUE(app_core__dart_post(port, app_core__message_error(&message, APP_CORE_IO, "no such file")));
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.error_code, APP_CORE_IO);
  ASSERT_STR_EQ(outcome.error_message, "no such file");
  vm_outcome_free(&outcome);
  vm_host_stop();
}

TEST(error_without_text_sends_the_code_name) {
  Dart_Port port = start_host();
  app_core__message message;
  ASSERT_TRUE(app_core__dart_post(port, app_core__message_error(&message, APP_CORE_OUT_OF_MEMORY, NULL)));
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_ERROR);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_EQ(outcome.error_code, APP_CORE_OUT_OF_MEMORY);
  ASSERT_STR_EQ(outcome.error_message, "OUT_OF_MEMORY");
  vm_outcome_free(&outcome);
  vm_host_stop();
}

TEST(cancelled_is_a_one_element_array) {
  Dart_Port port = start_host();
  app_core__message message;
  vm_value *received = round_trip(port, app_core__message_cancelled(&message));
  (void)expect_array(received, APP_CORE_MESSAGE_CANCELLED, 1);
  vm_value_free(received);

  ASSERT_TRUE(app_core__dart_post(port, app_core__message_cancelled(&message)));
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_CANCELLED);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_UINT_EQ(outcome.item_count, 0);
  vm_outcome_free(&outcome);
  vm_host_stop();
}

TEST(items_stream_before_the_final_message) {
  Dart_Port port = start_host();
  app_core__message message;
  vm_value *received = round_trip(port, app_core__message_item_int(&message, INT64_MIN));
  const vm_value *items = expect_array(received, APP_CORE_MESSAGE_ITEM, 2);
  ASSERT_EQ(items[1].value.as_int, INT64_MIN);
  vm_value_free(received);

  const int64_t progress[] = {0, 65536, 131072, 196608, INT64_MAX};
  for (size_t i = 0; i < sizeof progress / sizeof progress[0]; i++) {
    ASSERT_TRUE(app_core__dart_post(port, app_core__message_item_int(&message, progress[i])));
  }
  ASSERT_TRUE(app_core__dart_post(port, app_core__message_value_string(&message, "done")));
  ASSERT_UINT_EQ(vm_host_pending(port), 6);
  vm_outcome outcome = vm_host_await_outcome(port, HUNG_AFTER_NS);
  ASSERT_EQ(outcome.kind, APP_CORE_MESSAGE_VALUE);
  ASSERT_TRUE(outcome.well_formed);
  ASSERT_UINT_EQ(outcome.item_count, 5);
  ASSERT_EQ(outcome.first_item, 0);
  ASSERT_EQ(outcome.last_item, INT64_MAX);
  ASSERT_TRUE(outcome.items_increasing);
  ASSERT_STR_EQ(outcome.string_value, "done");
  vm_outcome_free(&outcome);
  ASSERT_UINT_EQ(vm_host_pending(port), 0);
  vm_host_stop();
}

TEST(reused_message_storage_leaves_nothing_stale) {
  Dart_Port port = start_host();
  app_core__message message;
  (void)app_core__message_error(&message, APP_CORE_IO, "first");
  vm_value *received = round_trip(port, app_core__message_cancelled(&message));
  (void)expect_array(received, APP_CORE_MESSAGE_CANCELLED, 1);
  vm_value_free(received);
  received = round_trip(port, app_core__message_value_int(&message, 5));
  (void)expect_array(received, APP_CORE_MESSAGE_VALUE, 2);
  vm_value_free(received);
  vm_host_stop();
}

TEST(message_to_a_closed_port_is_refused) {
  Dart_Port port = start_host();
  app_core__message message;
  ASSERT_TRUE(app_core__dart_post(port, app_core__message_item_int(&message, 1)));
  vm_host_close_port(port);
  ASSERT_FALSE(app_core__dart_post(port, app_core__message_value_int(&message, 2)));
  ASSERT_FALSE(app_core__dart_post(port, app_core__message_error(&message, APP_CORE_IO, "x")));
  ASSERT_FALSE(app_core__dart_post(port, app_core__message_cancelled(&message)));
  vm_value *received = NULL;
  ASSERT_FALSE(vm_host_receive(port, 0, &received)); /* the queued item was dropped */
  ASSERT_NULL(received);
  vm_host_stats stats = vm_host_get_stats();
  ASSERT_UINT_EQ(stats.posts_accepted, 1);
  ASSERT_UINT_EQ(stats.posts_rejected, 3);
  vm_host_stop();
}
