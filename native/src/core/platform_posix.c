/* platform_posix.c: platform.h for Linux, Android, macOS and iOS. */
#if !defined(__APPLE__)
/* POSIX 2008: the XSI strerror_r, pthread_condattr_setclock, O_CLOEXEC.
 * Apple exposes them by default. */
#  define _POSIX_C_SOURCE 200809L
/* 32-bit glibc: a 64-bit off_t, or stat and open refuse files of 2 GiB and
 * more (EOVERFLOW). Apple, musl and 64-bit targets have it anyway; 32-bit
 * Android's stat already reports 64-bit sizes and its open adds O_LARGEFILE. */
#  define _FILE_OFFSET_BITS 64
#endif

#include "platform.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Apple has no pthread_condattr_setclock, so timed waits there use the
 * relative pthread_cond_timedwait_relative_np. The CMake option
 * APP_CORE_PLATFORM_APPLE_TIMEDWAIT selects that branch on Linux too, so the
 * apple-timedwait test stage compiles and runs it (against a stand-in for
 * Apple's function, tests/support/apple_timedwait_shim.c). */
#if defined(__APPLE__) && !defined(APP_CORE_PLATFORM_APPLE_TIMEDWAIT)
#  define APP_CORE_PLATFORM_APPLE_TIMEDWAIT 1
#endif
#if defined(APP_CORE_PLATFORM_APPLE_TIMEDWAIT) && !defined(__APPLE__)
int pthread_cond_timedwait_relative_np(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *relative);
#endif

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
#if defined(APP_CORE_PLATFORM_APPLE_TIMEDWAIT)
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
void app_core__cond_wait(app_core__cond *cond, app_core__mutex *mutex) { (void)pthread_cond_wait(&cond->c, &mutex->m); }

/* ns as a timespec. time_t is 32 bits on 32-bit Android and glibc: seconds
 * past its range clamp to the latest time it holds (68 years on), where a
 * cast would wrap into the past and a wait would time out at once. */
static struct timespec timespec_from_ns(uint64_t ns) {
  uint64_t seconds = ns / 1000000000u;
  uint64_t max_seconds = sizeof(time_t) < 8 ? (uint64_t)INT32_MAX : (uint64_t)INT64_MAX;
  struct timespec ts;
  ts.tv_sec = (time_t)(seconds < max_seconds ? seconds : max_seconds);
  ts.tv_nsec = (long)(ns % 1000000000u);
  return ts;
}

bool app_core__cond_timedwait(app_core__cond *cond, app_core__mutex *mutex, uint64_t timeout_ns) {
#if defined(APP_CORE_PLATFORM_APPLE_TIMEDWAIT)
  struct timespec ts = timespec_from_ns(timeout_ns);
  return pthread_cond_timedwait_relative_np(&cond->c, &mutex->m, &ts) != ETIMEDOUT;
#else
  uint64_t deadline = app_core__now_ns() + timeout_ns;
  if (deadline < timeout_ns) deadline = UINT64_MAX; /* saturate instead of wrapping */
  struct timespec ts = timespec_from_ns(deadline);
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
void app_core__thread_detach(app_core__thread *thread) { (void)pthread_detach(thread->t); }

uint64_t app_core__now_ns(void) {
  struct timespec ts;
  (void)clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void app_core__thread_yield(void) { (void)sched_yield(); }

void app_core__sleep_ns(uint64_t duration_ns) {
  struct timespec remaining = timespec_from_ns(duration_ns);
  while (nanosleep(&remaining, &remaining) != 0 && errno == EINTR) {
  }
}

uint32_t app_core__cpu_count(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1u : (uint32_t)n;
}

/* Why a file that is not a regular one is refused (the open error's reason). */
static const char *not_regular_reason(mode_t mode) {
  if (S_ISDIR(mode)) return "is a directory";
  if (S_ISFIFO(mode)) return "not a regular file (a pipe)";
  if (S_ISCHR(mode)) return "not a regular file (a character device)";
  if (S_ISBLK(mode)) return "not a regular file (a block device)";
  if (S_ISSOCK(mode)) return "not a regular file (a socket)";
  return "not a regular file";
}

static bool refuse(const char *text, char *reason, size_t reason_size) {
  (void)snprintf(reason, reason_size, "%s", text);
  return false;
}

static bool refuse_errno(int errnum, char *reason, size_t reason_size) {
  app_core__errno_text(errnum, reason, reason_size);
  return false;
}

static bool close_and_refuse_errno(int fd, int errnum, char *reason, size_t reason_size) {
  (void)close(fd);
  return refuse_errno(errnum, reason, reason_size);
}

bool app_core__file_open_regular(app_core__file *file, const char *path, char *reason, size_t reason_size) {
  /* Look before opening: opening some devices acts (a tape rewinds, a
   * watchdog arms) and a socket cannot be opened at all. */
  struct stat info;
  if (stat(path, &info) != 0) return refuse_errno(errno, reason, reason_size);
  if (!S_ISREG(info.st_mode)) return refuse(not_regular_reason(info.st_mode), reason, reason_size);
  /* The path may name something else by now: O_NONBLOCK keeps open from
   * waiting for a FIFO's writer, and fstat checks what was really opened. */
  int fd;
  do {
    fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return refuse_errno(errno, reason, reason_size);
  if (fstat(fd, &info) != 0) return close_and_refuse_errno(fd, errno, reason, reason_size);
  if (!S_ISREG(info.st_mode)) {
    (void)close(fd);
    return refuse(not_regular_reason(info.st_mode), reason, reason_size);
  }
  /* Regular files ignore O_NONBLOCK on most filesystems, but FUSE hands the
   * flag to its server, which may answer EAGAIN: clear it. */
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    return close_and_refuse_errno(fd, errno, reason, reason_size);
  }
  file->fd = fd;
  return true;
}

bool app_core__file_read(app_core__file *file, void *buffer, size_t size, size_t *got, char *reason,
                         size_t reason_size) {
  size_t total = 0;
  while (total < size) {
    ssize_t n = read(file->fd, (char *)buffer + total, size - total);
    if (n > 0) {
      total += (size_t)n;
    } else if (n == 0) {
      break;
    } else if (errno != EINTR) {
      *got = total;
      return refuse_errno(errno, reason, reason_size);
    }
  }
  *got = total;
  return true;
}

/* No retry on EINTR: Linux and macOS have released the descriptor by then,
 * and a retry could close one another thread just opened. */
bool app_core__file_size(app_core__file *file, uint64_t *size) {
  struct stat info;
  if (fstat(file->fd, &info) != 0 || info.st_size < 0) return false;
  *size = (uint64_t)info.st_size;
  return true;
}

void app_core__file_close(app_core__file *file) { (void)close(file->fd); }

void app_core__errno_text(int errnum, char *buf, size_t size) {
  if (size == 0) return;
  /* The XSI variant (int result), thread-safe unlike strerror(). */
  if (strerror_r(errnum, buf, size) != 0) (void)snprintf(buf, size, "error %d", errnum);
  buf[size - 1] = '\0';
}

/* x86-64 asks the CPU (CPUID needs no OS help: SSE state is always enabled on
 * x86-64); arm64 user code cannot read the ID registers, so the OS tells. */
#if defined(__x86_64__)
#  include <cpuid.h>
#elif defined(__aarch64__) && defined(__linux__) /* Linux and Android */
#  include <sys/auxv.h>
#  define HWCAP_SHA2_BIT (1ul << 6) /* HWCAP_SHA2 of the kernel's arm64 <asm/hwcap.h> (fixed ABI) */
#endif

uint32_t app_core__cpu_features(void) {
#if defined(__x86_64__)
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  bool ssse3_and_sse41 = (ecx & (1u << 9)) != 0 && (ecx & (1u << 19)) != 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0; /* leaf 7 absent */
  return ssse3_and_sse41 && (ebx & (1u << 29)) != 0 ? APP_CORE__CPU_X86_SHA : 0;
#elif defined(__aarch64__) && defined(__linux__)
  return (getauxval(AT_HWCAP) & HWCAP_SHA2_BIT) != 0 ? APP_CORE__CPU_ARM_SHA2 : 0;
#elif defined(__aarch64__) && defined(__APPLE__)
  return APP_CORE__CPU_ARM_SHA2; /* every Apple arm64 chip, from the A7 on, has them */
#else
  return 0;
#endif
}

void app_core__at_fork_child(void (*fn)(void)) {
  /* Fails only for lack of memory; then a forked child keeps the parent's state. */
  (void)pthread_atfork(NULL, NULL, fn);
}
