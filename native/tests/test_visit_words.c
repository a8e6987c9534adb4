/* test_visit_words.c: app_core_visit_words, a callback on the calling thread.
 * The visitors are the test host's isolate-local callables (vm_callable.h),
 * which fail a call from any other thread, as the VM does. */
#include <string.h>

#include "core/platform.h"
#include "test.h"
#include "vm_callable.h"

typedef struct collected {
  char words[16][32];
  int count;
  int stop_after; /* 0: never stop */
  void *expected_user_data;
} collected;

static bool collect(void *context, const char *word, int64_t length, void *user_data) {
  collected *self = context;
  ASSERT_TRUE(user_data == self->expected_user_data);
  ASSERT_LT(self->count, 16);
  ASSERT_LT(length, 32);
  memcpy(self->words[self->count], word, (size_t)length);
  self->words[self->count][length] = '\0';
  self->count++;
  return self->stop_after == 0 || self->count < self->stop_after;
}

static int64_t visit(const char *text, collected *self, app_core_error *error) {
  vm_host_callable *callable = vm_host_isolate_local_visitor_new(collect, self);
  ASSERT_TRUE(callable != NULL);
  int64_t calls = app_core_visit_words(text, vm_host_visitor_function(callable), self->expected_user_data, error);
  vm_host_callable_close(callable); /* after the call: nothing calls it later */
  return calls;
}

static void expect_no_undefined_behaviour(void) {
  vm_host_callable_stats stats = vm_host_get_callable_stats();
  ASSERT_UINT_EQ(stats.calls_after_close, 0);
  ASSERT_UINT_EQ(stats.wrong_thread, 0);
}

TEST(visits_each_word_in_order) {
  collected seen = {.expected_user_data = &seen};
  app_core_error error = APP_CORE_ERROR_INIT;
  ASSERT_EQ(visit("  héllo\twörld 👋\n\r\v\fend ", &seen, &error), 4);
  ASSERT_EQ(error.code, APP_CORE_OK);
  ASSERT_EQ(seen.count, 4);
  ASSERT_STR_EQ(seen.words[0], "héllo");
  ASSERT_STR_EQ(seen.words[1], "wörld");
  ASSERT_STR_EQ(seen.words[2], "👋");
  ASSERT_STR_EQ(seen.words[3], "end");
  expect_no_undefined_behaviour();
}

TEST(text_without_words_calls_nothing) {
  collected seen = {0};
  ASSERT_EQ(visit("", &seen, NULL), 0);
  ASSERT_EQ(visit(" \t\n ", &seen, NULL), 0);
  ASSERT_EQ(seen.count, 0);
  expect_no_undefined_behaviour();
}

TEST(visitor_returning_false_stops_the_walk) {
  collected seen = {.stop_after = 2};
  ASSERT_EQ(visit("one two three four", &seen, NULL), 2);
  ASSERT_EQ(seen.count, 2);
  ASSERT_STR_EQ(seen.words[1], "two");
  expect_no_undefined_behaviour();
}

TEST(invalid_utf8_is_refused_before_any_call) {
  collected seen = {0};
  app_core_error error = APP_CORE_ERROR_INIT;
  ASSERT_EQ(visit("fine words \xC3\x28 bad", &seen, &error), -1);
  ASSERT_EQ(error.code, APP_CORE_INVALID_UTF8);
  ASSERT_STR_CONTAINS(error.message, "byte 11");
  ASSERT_EQ(seen.count, 0);
  app_core_error_clear(&error);
  expect_no_undefined_behaviour();
}

TEST(null_arguments_are_refused) {
  app_core_error error = APP_CORE_ERROR_INIT;
  collected seen = {0};
  vm_host_callable *callable = vm_host_isolate_local_visitor_new(collect, &seen);
  ASSERT_EQ(app_core_visit_words(NULL, vm_host_visitor_function(callable), NULL, &error), -1);
  ASSERT_EQ(error.code, APP_CORE_INVALID_ARGUMENT);
  ASSERT_STR_CONTAINS(error.message, "text");
  ASSERT_EQ(app_core_visit_words("a", NULL, NULL, &error), -1);
  ASSERT_STR_CONTAINS(error.message, "visitor");
  app_core_error_clear(&error);
  vm_host_callable_close(callable);
  expect_no_undefined_behaviour();
}

/* The host's check itself: an isolate-local callable used from another
 * thread is what the VM aborts on; the host counts it and runs nothing. */
typedef struct other_thread_call {
  app_core_word_visitor visitor;
  int64_t calls;
} other_thread_call;

static void visit_elsewhere(void *arg) {
  other_thread_call *call = arg;
  call->calls = app_core_visit_words("a b", call->visitor, NULL, NULL);
}

TEST(an_isolate_local_call_from_another_thread_is_caught_by_the_host) {
  collected seen = {0};
  vm_host_callable *callable = vm_host_isolate_local_visitor_new(collect, &seen);
  other_thread_call call = {vm_host_visitor_function(callable), 0};
  app_core__thread thread;
  ASSERT_TRUE(app_core__thread_create(&thread, visit_elsewhere, &call));
  app_core__thread_join(&thread);
  vm_host_callable_close(callable);
  ASSERT_EQ(call.calls, 1); /* the refused call returned false: stop */
  ASSERT_EQ(seen.count, 0);
  ASSERT_UINT_EQ(vm_host_get_callable_stats().wrong_thread, 1);
}
