/* platform_posix.c: platform.h for Linux, Android, macOS and iOS. */
#if !defined(__APPLE__)
/* The XSI strerror_r and pthread_condattr_setclock; Apple exposes them by default. */
#  define _POSIX_C_SOURCE 200809L
#endif

#include "platform.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void app_core__call_once(app_core__once *once, void (*fn)(void)) {
  /* pthread_once only fails for invalid arguments, which we never pass. */
  (void)pthread_once(&once->o, fn);
}

void app_core__mutex_init(app_core__mutex *mutex) { (void)pthread_mutex_init(&mutex->m, NULL); }
void app_core__mutex_destroy(app_core__mutex *mutex) { (void)pthread_mutex_destroy(&mutex->m); }
/* Critical sections here last tens of nanoseconds: a short spin before
 * sleeping in the kernel saves a futex wait and wake under contention. */
#define LOCK_SPIN_TRIES 64

void app_core__mutex_lock(app_core__mutex *mutex) {
  for (int i = 0; i < LOCK_SPIN_TRIES; i++) {
    if (pthread_mutex_trylock(&mutex->m) == 0) return;
    app_core__cpu_relax();
  }
  (void)pthread_mutex_lock(&mutex->m);
}
void app_core__mutex_unlock(app_core__mutex *mutex) { (void)pthread_mutex_unlock(&mutex->m); }

void app_core__cond_init(app_core__cond *cond) {
#if defined(__APPLE__)
  (void)pthread_cond_init(&cond->c, NULL); /* timed waits use the relative variant */
#else
  pthread_condattr_t attr;
  (void)pthread_condattr_init(&attr);
  (void)pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  (void)pthread_cond_init(&cond->c, &attr);
  (void)pthread_condattr_destroy(&attr);
#endif
}
void app_core__cond_destroy(app_core__cond *cond) { (void)pthread_cond_destroy(&cond->c); }
void app_core__cond_signal(app_core__cond *cond) { (void)pthread_cond_signal(&cond->c); }
void app_core__cond_broadcast(app_core__cond *cond) { (void)pthread_cond_broadcast(&cond->c); }
void app_core__cond_wait(app_core__cond *cond, app_core__mutex *mutex) {
  (void)pthread_cond_wait(&cond->c, &mutex->m);
}

bool app_core__cond_timedwait(app_core__cond *cond, app_core__mutex *mutex, uint64_t timeout_ns) {
  struct timespec ts;
#if defined(__APPLE__)
  ts.tv_sec = (time_t)(timeout_ns / 1000000000u);
  ts.tv_nsec = (long)(timeout_ns % 1000000000u);
  return pthread_cond_timedwait_relative_np(&cond->c, &mutex->m, &ts) != ETIMEDOUT;
#else
  uint64_t deadline = app_core__now_ns() + timeout_ns;
  if (deadline < timeout_ns) deadline = UINT64_MAX; /* saturate instead of wrapping */
  ts.tv_sec = (time_t)(deadline / 1000000000u);
  ts.tv_nsec = (long)(deadline % 1000000000u);
  return pthread_cond_timedwait(&cond->c, &mutex->m, &ts) != ETIMEDOUT;
#endif
}

typedef struct thread_start {
  void (*entry)(void *arg);
  void *arg;
} thread_start;

static void *thread_trampoline(void *raw) {
  thread_start start = *(thread_start *)raw;
  free(raw);
  start.entry(start.arg);
  return NULL;
}

bool app_core__thread_create(app_core__thread *thread, void (*entry)(void *arg), void *arg) {
  thread_start *start = malloc(sizeof *start);
  if (start == NULL) return false;
  start->entry = entry;
  start->arg = arg;
  if (pthread_create(&thread->t, NULL, thread_trampoline, start) != 0) {
    free(start);
    return false;
  }
  return true;
}

void app_core__thread_join(app_core__thread *thread) { (void)pthread_join(thread->t, NULL); }

uint64_t app_core__now_ns(void) {
  struct timespec ts;
  (void)clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void app_core__thread_yield(void) { (void)sched_yield(); }

void app_core__sleep_ns(uint64_t duration_ns) {
  struct timespec remaining = {(time_t)(duration_ns / 1000000000u), (long)(duration_ns % 1000000000u)};
  while (nanosleep(&remaining, &remaining) != 0 && errno == EINTR) {
  }
}

uint32_t app_core__cpu_count(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1u : (uint32_t)n;
}

FILE *app_core__file_open_read(const char *path, char *reason, size_t reason_size) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) app_core__errno_text(errno, reason, reason_size);
  return file;
}

void app_core__errno_text(int errnum, char *buf, size_t size) {
  if (size == 0) return;
  /* The XSI variant (int result), thread-safe unlike strerror(). */
  if (strerror_r(errnum, buf, size) != 0) (void)snprintf(buf, size, "error %d", errnum);
  buf[size - 1] = '\0';
}

void app_core__at_fork_child(void (*fn)(void)) {
  /* Fails only for lack of memory; then a forked child keeps the parent's state. */
  (void)pthread_atfork(NULL, NULL, fn);
}
