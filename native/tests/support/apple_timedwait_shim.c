/*
 * apple_timedwait_shim.c: Apple's pthread_cond_timedwait_relative_np for
 * Linux, built into the library only with the CMake option
 * APP_CORE_PLATFORM_APPLE_TIMEDWAIT (the apple-timedwait stage of tool/test).
 *
 * With the option platform_posix.c takes its Apple branch for condition
 * variables: no pthread_condattr_setclock, timeouts passed relative. This
 * stand-in gives the same contract as Apple's function (wait at most
 * `relative`, return ETIMEDOUT when it passes) on glibc's absolute wait. What
 * the stage proves: the Apple branch's arithmetic and control flow compile
 * and run the whole suite correctly. What it cannot prove: anything about
 * Apple's libc itself.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <time.h>

_Static_assert(sizeof(time_t) == 8, "a 64-bit time_t holds any relative timeout we pass");

int pthread_cond_timedwait_relative_np(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *relative);

int pthread_cond_timedwait_relative_np(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *relative) {
  /* A condition variable made without attributes waits on CLOCK_REALTIME.
   * platform_posix.c passes at most UINT64_MAX ns (585 years): the sum fits
   * a 64-bit time_t. */
  struct timespec deadline;
  (void)clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += relative->tv_sec;
  deadline.tv_nsec += relative->tv_nsec;
  if (deadline.tv_nsec >= 1000000000) {
    deadline.tv_sec += 1;
    deadline.tv_nsec -= 1000000000;
  }
  return pthread_cond_timedwait(cond, mutex, &deadline);
}
