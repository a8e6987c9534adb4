/* test_platform.c: the platform layer's contract (core/platform.h) on the OS
 * the tests run on: files, errno text, atomics, one-time init, the clock and
 * timed waits. The sha256 tests in test_async.c cover special files end to end. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "special_files.h"
#include "test.h"

#define RACE_THREADS 4 /* threads that race in one test */

TEST(file_read_fills_the_buffer_then_reports_the_end) {
  const char *path = "app_core_test_platform_read.txt";
  test_write_file(path, "0123456789");
  app_core__file file;
  char reason[128] = "";
  ASSERT_TRUE(app_core__file_open_regular(&file, path, reason, sizeof reason));
  char buffer[8];
  size_t got = 99;
  ASSERT_TRUE(app_core__file_read(&file, buffer, 5, &got, reason, sizeof reason));
  ASSERT_EQ(got, 5);
  ASSERT_EQ(memcmp(buffer, "01234", 5), 0);
  ASSERT_TRUE(app_core__file_read(&file, buffer, 5, &got, reason, sizeof reason)); /* exactly the rest */
  ASSERT_EQ(got, 5);
  ASSERT_EQ(memcmp(buffer, "56789", 5), 0);
  ASSERT_TRUE(app_core__file_read(&file, buffer, sizeof buffer, &got, reason, sizeof reason));
  ASSERT_EQ(got, 0); /* the end */
  app_core__file_close(&file);
  test_remove_file(path);
}

TEST(file_open_reasons_are_terminated_within_the_buffer) {
  app_core__file file;
  char reason[8];
  memset(reason, 'x', sizeof reason);
  ASSERT_FALSE(app_core__file_open_regular(&file, "no/such/dir/missing.bin", reason, sizeof reason));
  ASSERT_LT(strlen(reason), sizeof reason);
  ASSERT_GT(strlen(reason), 0);
  const char *directory = "app_core_test_platform_dir";
  test_mkdir(directory);
  memset(reason, 'x', sizeof reason);
  ASSERT_FALSE(app_core__file_open_regular(&file, directory, reason, sizeof reason));
  ASSERT_STR_EQ(reason, "is a di"); /* "is a directory", cut to fit */
  test_rmdir(directory);
}

TEST(errno_text_names_the_error_and_fits_the_buffer) {
  char text[128];
  app_core__errno_text(ENOENT, text, sizeof text);
  ASSERT_STR_CONTAINS(text, "No such file");
  char tiny[4];
  memset(tiny, 'x', sizeof tiny);
  app_core__errno_text(ENOENT, tiny, sizeof tiny);
  ASSERT_LT(strlen(tiny), sizeof tiny);
}

TEST(atomics_do_what_their_names_say) {
  volatile int32_t value = 5;
  ASSERT_EQ(app_core__atomic_load_acquire_i32(&value), 5);
  ASSERT_EQ(app_core__atomic_load_relaxed_i32(&value), 5);
  app_core__atomic_store_release_i32(&value, -7);
  ASSERT_EQ(app_core__atomic_load_acquire_i32(&value), -7);
  ASSERT_FALSE(app_core__atomic_cas_i32(&value, 5, 9)); /* not 5: unchanged */
  ASSERT_EQ(value, -7);
  ASSERT_TRUE(app_core__atomic_cas_i32(&value, -7, 9));
  ASSERT_EQ(value, 9);
  int target = 0;
  void *volatile pointer = NULL;
  ASSERT_NULL(app_core__atomic_load_acquire_ptr(&pointer));
  app_core__atomic_store_release_ptr(&pointer, &target);
  ASSERT_TRUE(app_core__atomic_load_acquire_ptr(&pointer) == &target);
  ASSERT_TRUE(app_core__atomic_exchange_ptr(&pointer, NULL) == &target);
  ASSERT_NULL(app_core__atomic_load_acquire_ptr(&pointer));
  ASSERT_NULL(app_core__atomic_exchange_ptr(&pointer, &target));
  ASSERT_TRUE(pointer == &target);
  app_core__cpu_relax();
}

/* Threads hand one token around with exchange: whoever takes it may touch
 * token_uses without a lock (acquire and release order it; TSan checks),
 * then puts it back. The token is never lost or duplicated. */
#define EXCHANGE_ROUNDS 100000

static int exchange_token;
static void *volatile exchange_slot = &exchange_token;
static int64_t token_uses; /* the token's holder only */

typedef struct token_passer {
  app_core__thread thread;
  int64_t takes;
  bool lost_or_duplicated;
} token_passer;

static void pass_token_many(void *arg) {
  token_passer *passer = arg;
  for (int i = 0; i < EXCHANGE_ROUNDS; i++) {
    void *taken = app_core__atomic_exchange_ptr(&exchange_slot, NULL);
    if (taken == NULL) continue;
    passer->takes++;
    token_uses++;
    if (taken != &exchange_token || app_core__atomic_exchange_ptr(&exchange_slot, taken) != NULL) {
      passer->lost_or_duplicated = true;
    }
  }
}

TEST(atomic_exchange_hands_a_pointer_to_one_thread_at_a_time) {
  token_passer passers[RACE_THREADS] = {0};
  for (int i = 0; i < RACE_THREADS; i++) {
    ASSERT_TRUE(app_core__thread_create(&passers[i].thread, pass_token_many, &passers[i]));
  }
  int64_t takes = 0;
  for (int i = 0; i < RACE_THREADS; i++) {
    app_core__thread_join(&passers[i].thread);
    ASSERT_FALSE(passers[i].lost_or_duplicated);
    takes += passers[i].takes;
  }
  ASSERT_EQ(token_uses, takes);
  ASSERT_TRUE(app_core__atomic_load_acquire_ptr(&exchange_slot) == &exchange_token);
}

/* Threads race on a counter with compare-and-swap; no increment may be lost. */
#define RACE_INCREMENTS 100000

static volatile int32_t race_counter;

static void increment_many(void *arg) {
  (void)arg;
  for (int i = 0; i < RACE_INCREMENTS; i++) {
    int32_t seen = app_core__atomic_load_relaxed_i32(&race_counter);
    while (!app_core__atomic_cas_i32(&race_counter, seen, seen + 1)) {
      app_core__cpu_relax();
      seen = app_core__atomic_load_acquire_i32(&race_counter);
    }
  }
}

TEST(atomic_cas_loses_no_increment_between_threads) {
  app_core__thread threads[RACE_THREADS];
  for (int i = 0; i < RACE_THREADS; i++) ASSERT_TRUE(app_core__thread_create(&threads[i], increment_many, NULL));
  for (int i = 0; i < RACE_THREADS; i++) app_core__thread_join(&threads[i]);
  ASSERT_EQ(app_core__atomic_load_acquire_i32(&race_counter), RACE_THREADS * RACE_INCREMENTS);
}

/* The clock's first calls race (on Windows its first call reads the counter
 * frequency); every thread must see a clock that never goes back. */
static volatile int32_t clock_went_back;

static void read_clock_many(void *arg) {
  (void)arg;
  uint64_t previous = app_core__now_ns();
  for (int i = 0; i < 100000; i++) {
    uint64_t now = app_core__now_ns();
    if (now < previous) app_core__atomic_store_release_i32(&clock_went_back, 1);
    previous = now;
  }
}

TEST(clock_is_monotonic_on_every_thread_from_the_first_call) {
  app_core__thread threads[RACE_THREADS];
  for (int i = 0; i < RACE_THREADS; i++) ASSERT_TRUE(app_core__thread_create(&threads[i], read_clock_many, NULL));
  for (int i = 0; i < RACE_THREADS; i++) app_core__thread_join(&threads[i]);
  ASSERT_EQ(app_core__atomic_load_acquire_i32(&clock_went_back), 0);
  uint64_t before = app_core__now_ns();
  app_core__sleep_ns(20 * MS);
  ASSERT_GE(app_core__now_ns() - before, 20 * MS);
}

static int once_runs; /* call_once orders the run before every return */
static app_core__once race_once = APP_CORE__ONCE_INIT;

static void count_once_run(void) { once_runs++; }

static void call_once_racing(void *arg) {
  (void)arg;
  app_core__call_once(&race_once, count_once_run);
  ASSERT_EQ(once_runs, 1); /* done before any caller returns */
}

TEST(call_once_runs_once_however_many_threads_race) {
  app_core__thread threads[RACE_THREADS];
  for (int i = 0; i < RACE_THREADS; i++) ASSERT_TRUE(app_core__thread_create(&threads[i], call_once_racing, NULL));
  for (int i = 0; i < RACE_THREADS; i++) app_core__thread_join(&threads[i]);
  ASSERT_EQ(once_runs, 1);
}

/* No earlier than asked, and not never: a wait in the wrong unit (a thousand
 * times too long) or without a timeout would pass HUNG_AFTER_NS. */
TEST(cond_timedwait_times_out_no_earlier_than_asked) {
  app_core__mutex mutex;
  app_core__cond cond;
  app_core__mutex_init(&mutex);
  app_core__cond_init(&cond);
  app_core__mutex_lock(&mutex);
  uint64_t started = app_core__now_ns(), timeout = 100 * MS;
  bool signalled = true;
  /* Wakes may be spurious: wait again for what is left. */
  for (uint64_t now = started; signalled && now - started < timeout; now = app_core__now_ns()) {
    signalled = app_core__cond_timedwait(&cond, &mutex, timeout - (now - started));
  }
  uint64_t elapsed = app_core__now_ns() - started;
  app_core__mutex_unlock(&mutex);
  ASSERT_FALSE(signalled); /* the last wait timed out */
  ASSERT_GE(elapsed, timeout);
  ASSERT_LT(elapsed, HUNG_AFTER_NS);
  app_core__cond_destroy(&cond);
  app_core__mutex_destroy(&mutex);
}

typedef struct signal_job {
  app_core__mutex mutex;
  app_core__cond cond;
  bool ready;
} signal_job;

static void signal_after_a_while(void *arg) {
  signal_job *job = arg;
  app_core__sleep_ns(20 * MS);
  app_core__mutex_lock(&job->mutex);
  job->ready = true;
  app_core__cond_signal(&job->cond);
  app_core__mutex_unlock(&job->mutex);
}

/* A wait that ignored the signal would run out its hour, and hang the test. */
TEST(cond_timedwait_wakes_on_a_signal_long_before_its_timeout) {
  signal_job job = {.ready = false};
  app_core__mutex_init(&job.mutex);
  app_core__cond_init(&job.cond);
  app_core__thread thread;
  ASSERT_TRUE(app_core__thread_create(&thread, signal_after_a_while, &job));
  app_core__mutex_lock(&job.mutex);
  bool signalled = true;
  while (!job.ready && signalled) signalled = app_core__cond_timedwait(&job.cond, &job.mutex, 3600000 * MS);
  app_core__mutex_unlock(&job.mutex);
  app_core__thread_join(&thread);
  ASSERT_TRUE(signalled);
  ASSERT_TRUE(job.ready);
  app_core__cond_destroy(&job.cond);
  app_core__mutex_destroy(&job.mutex);
}

/* A huge timeout must not wrap into a deadline in the past. */
TEST(cond_timedwait_with_the_largest_timeout_still_waits) {
  signal_job job = {.ready = false};
  app_core__mutex_init(&job.mutex);
  app_core__cond_init(&job.cond);
  app_core__thread thread;
  ASSERT_TRUE(app_core__thread_create(&thread, signal_after_a_while, &job));
  app_core__mutex_lock(&job.mutex);
  bool signalled = true;
  while (!job.ready && signalled) signalled = app_core__cond_timedwait(&job.cond, &job.mutex, UINT64_MAX);
  app_core__mutex_unlock(&job.mutex);
  app_core__thread_join(&thread);
  ASSERT_TRUE(signalled); /* woken by the signal, not "timed out" at once */
  app_core__cond_destroy(&job.cond);
  app_core__mutex_destroy(&job.mutex);
}

/* 32-bit Android and glibc have a 32-bit time_t: a deadline past 2^31 s must
 * clamp to the latest time it can hold, not wrap into the past (which times
 * out at once). 3 * 2^30 s wraps negative; UINT64_MAX's 18446744073 s does not. */
TEST(cond_timedwait_past_32_bit_seconds_still_waits) {
  signal_job job = {.ready = false};
  app_core__mutex_init(&job.mutex);
  app_core__cond_init(&job.cond);
  app_core__thread thread;
  ASSERT_TRUE(app_core__thread_create(&thread, signal_after_a_while, &job));
  app_core__mutex_lock(&job.mutex);
  bool signalled = true;
  uint64_t timeout = (UINT64_C(3) << 30) * 1000 * MS;
  while (!job.ready && signalled) signalled = app_core__cond_timedwait(&job.cond, &job.mutex, timeout);
  app_core__mutex_unlock(&job.mutex);
  app_core__thread_join(&thread);
  ASSERT_TRUE(signalled); /* woken by the signal, not "timed out" at once */
  app_core__cond_destroy(&job.cond);
  app_core__mutex_destroy(&job.mutex);
}

/* 32-bit glibc without large-file support refuses to stat or open a file of
 * 2 GiB or more (EOVERFLOW). 5 GiB also exceeds 32 bits of size. */
TEST(file_over_4_gib_opens_and_reports_its_size) {
  const char *path = "app_core_test_platform_5gib.bin";
  uint64_t size = UINT64_C(5) << 30;
  if (!test_sparse_file_create(path, size)) return; /* Windows: 64-bit file APIs only */
  app_core__file file;
  char reason[128] = "";
  if (!app_core__file_open_regular(&file, path, reason, sizeof reason)) {
    test_remove_file(path);
    test_fail(__FILE__, __LINE__, "open refused a 5 GiB file: %s", reason);
  }
  uint64_t reported = 0;
  bool known = app_core__file_size(&file, &reported);
  app_core__file_close(&file);
  test_remove_file(path);
  ASSERT_TRUE(known);
  ASSERT_UINT_EQ(reported, size);
}

/* The platform's atomics are 32-bit and pointer-sized only (no 64-bit ones:
 * 64-bit values shared between threads stay under a lock), and on every
 * target, ARMv7 (LDREX/STREX) and i386 included, they need no lock or
 * libatomic call. MSVC's Interlocked functions are lock-free by definition. */
TEST(atomics_are_lock_free_on_this_target) {
#if defined(__GNUC__) || defined(__clang__)
  ASSERT_TRUE(__atomic_always_lock_free(sizeof(int32_t), 0));
  ASSERT_TRUE(__atomic_always_lock_free(sizeof(void *), 0));
#endif
}
