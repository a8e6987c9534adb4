/* test_fibonacci.c: app_core_fibonacci and the cancellable recursion. */
#include <string.h>

#include "core/platform.h"
#include "examples/fibonacci.h"
#include "test.h"

static uint64_t iterative_fibonacci(uint32_t n) {
  uint64_t previous = 0, current = 1;
  for (uint32_t i = 0; i < n; i++) {
    uint64_t next = previous + current; /* unsigned: fib(94) and up wrap, harmlessly */
    previous = current;
    current = next;
  }
  return previous;
}

TEST(fibonacci_small_values) {
  static const struct {
    uint32_t n;
    uint64_t expected;
  } table[] = {{0, 0}, {1, 1}, {2, 1}, {3, 2}, {10, 55}, {20, 6765}, {30, 832040}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    app_core_error error = APP_CORE_ERROR_INIT;
    ASSERT_UINT_EQ(app_core_fibonacci(table[i].n, &error), table[i].expected);
    ASSERT_ERROR(error, APP_CORE_OK);
  }
}

/* Dart passes 64-bit ints: nothing may be truncated to 32 bits on the way in. */
TEST(fibonacci_rejects_what_a_64_bit_caller_passes_out_of_range) {
  static const struct {
    int64_t n;
    int32_t code;
    const char *in_message;
  } table[] = {{-1, APP_CORE_INVALID_ARGUMENT, "fibonacci(-1)"},
               {INT64_MIN, APP_CORE_INVALID_ARGUMENT, "fibonacci(-9223372036854775808)"},
               {93, APP_CORE_OVERFLOW, "fibonacci(93)"},
               {(INT64_C(1) << 32) + 5, APP_CORE_OVERFLOW, "fibonacci(4294967301)"},
               {INT64_MAX, APP_CORE_OVERFLOW, "fibonacci(9223372036854775807)"}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    app_core_error error = APP_CORE_ERROR_INIT;
    ASSERT_EQ(app_core_fibonacci(table[i].n, &error), 0);
    ASSERT_ERROR(error, table[i].code);
    ASSERT_NOT_NULL(strstr(error.message, table[i].in_message));
    app_core_error_clear(&error);
  }
}

TEST(fibonacci_recursion_matches_iteration_up_to_30) {
  for (uint32_t n = 0; n <= 30; n++) ASSERT_UINT_EQ(app_core_fibonacci(n, NULL), iterative_fibonacci(n));
}

/* fib(50..92) would take the recursion hours to centuries, so the large values
 * check the limit the library enforces: fib(92) is the last that fits int64. */
TEST(fibonacci_max_n_is_the_last_that_fits_int64) {
  ASSERT_UINT_EQ(iterative_fibonacci(50), UINT64_C(12586269025));
  ASSERT_UINT_EQ(iterative_fibonacci(90), UINT64_C(2880067194370816120));
  ASSERT_UINT_EQ(iterative_fibonacci(APP_CORE__FIBONACCI_MAX_N), UINT64_C(7540113804746346429));
  ASSERT_TRUE(iterative_fibonacci(APP_CORE__FIBONACCI_MAX_N) <= (uint64_t)INT64_MAX);
  ASSERT_TRUE(iterative_fibonacci(APP_CORE__FIBONACCI_MAX_N + 1) > (uint64_t)INT64_MAX);
}

TEST(fibonacci_93_overflows) {
  app_core_error error = APP_CORE_ERROR_INIT;
  ASSERT_UINT_EQ(app_core_fibonacci(93, &error), 0);
  ASSERT_ERROR(error, APP_CORE_OVERFLOW);
  ASSERT_STR_CONTAINS(error.message, "fibonacci(93)");
  ASSERT_STR_CONTAINS(error.message, "signed 64-bit Dart int");
  app_core_error_clear(&error);
}

TEST(fibonacci_uint32_max_overflows) {
  app_core_error error = APP_CORE_ERROR_INIT;
  ASSERT_UINT_EQ(app_core_fibonacci(UINT32_MAX, &error), 0);
  ASSERT_ERROR(error, APP_CORE_OVERFLOW);
  ASSERT_STR_CONTAINS(error.message, "fibonacci(4294967295)");
  app_core_error_clear(&error);
}

TEST(fibonacci_recursive_without_flag_computes) {
  uint64_t result = 0;
  ASSERT_TRUE(app_core__fibonacci_recursive(27, NULL, &result));
  ASSERT_UINT_EQ(result, 196418);
}

TEST(fibonacci_recursive_with_clear_flag_computes) {
  volatile int32_t cancelled = 0;
  uint64_t result = 0;
  ASSERT_TRUE(app_core__fibonacci_recursive(30, &cancelled, &result)); /* passes the checked levels */
  ASSERT_UINT_EQ(result, 832040);
}

/* Returning at all is the proof: completing would take centuries. */
TEST(fibonacci_recursive_with_set_flag_returns_false_at_once) {
  volatile int32_t cancelled = 1;
  uint64_t result = 12345;
  ASSERT_FALSE(app_core__fibonacci_recursive(APP_CORE__FIBONACCI_MAX_N, &cancelled, &result));
  ASSERT_UINT_EQ(result, 12345); /* untouched */
}

typedef struct fibonacci_job {
  volatile int32_t cancelled;
  uint64_t result;
  bool completed;
} fibonacci_job;

static void run_fibonacci_job(void *arg) {
  fibonacci_job *job = arg;
  job->completed = app_core__fibonacci_recursive(80, &job->cancelled, &job->result);
}

static void sleep_ms(uint64_t ms) {
  app_core__mutex mutex;
  app_core__cond cond;
  app_core__mutex_init(&mutex);
  app_core__cond_init(&cond);
  app_core__mutex_lock(&mutex);
  uint64_t deadline = app_core__now_ns() + ms * 1000000;
  for (uint64_t now = app_core__now_ns(); now < deadline; now = app_core__now_ns()) {
    (void)app_core__cond_timedwait(&cond, &mutex, deadline - now);
  }
  app_core__mutex_unlock(&mutex);
  app_core__cond_destroy(&cond);
  app_core__mutex_destroy(&mutex);
}

/* The join returning is the proof: fib(80) would take centuries. */
TEST(fibonacci_recursive_stops_mid_computation) {
  fibonacci_job job = {0, 0, true};
  app_core__thread thread;
  ASSERT_TRUE(app_core__thread_create(&thread, run_fibonacci_job, &job));
  sleep_ms(50); /* let it get deep into fib(80) */
  app_core__atomic_store_release_i32(&job.cancelled, 1);
  app_core__thread_join(&thread);
  ASSERT_FALSE(job.completed);
}
