/*
 * platform.h: everything the core needs from the operating system, and the only
 * internal header with OS conditionals. platform_posix.c (Linux, Android, macOS,
 * iOS) and platform_win32.c implement it; the build picks one.
 *
 * Contract: none of these functions fail except where a return value says so.
 * Mutexes are not recursive. Condition variables may wake spuriously.
 */
#ifndef APP_CORE_PLATFORM_H
#define APP_CORE_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
typedef struct app_core__mutex {
  void *srw;
} app_core__mutex; /* SRWLOCK */
typedef struct app_core__cond {
  void *cv;
} app_core__cond; /* CONDITION_VARIABLE */
typedef struct app_core__thread {
  void *handle;
} app_core__thread;
typedef struct app_core__once {
  void *init_once;
} app_core__once; /* INIT_ONCE */
typedef struct app_core__file {
  void *handle;
} app_core__file; /* HANDLE */
#  define APP_CORE__ONCE_INIT \
    { 0 }
#else
#  include <pthread.h>
typedef struct app_core__mutex {
  pthread_mutex_t m;
} app_core__mutex;
typedef struct app_core__cond {
  pthread_cond_t c;
} app_core__cond;
typedef struct app_core__thread {
  pthread_t t;
} app_core__thread;
typedef struct app_core__once {
  pthread_once_t o;
} app_core__once;
typedef struct app_core__file {
  int fd;
} app_core__file;
#  define APP_CORE__ONCE_INIT \
    { PTHREAD_ONCE_INIT }
#endif

/* Runs fn exactly once per `once`, however many threads race here. */
void app_core__call_once(app_core__once *once, void (*fn)(void));

void app_core__mutex_init(app_core__mutex *mutex);
void app_core__mutex_destroy(app_core__mutex *mutex);
void app_core__mutex_lock(app_core__mutex *mutex);
void app_core__mutex_unlock(app_core__mutex *mutex);

/* Waits use the monotonic clock, so wall-clock changes never stretch them. */
void app_core__cond_init(app_core__cond *cond);
void app_core__cond_destroy(app_core__cond *cond);
void app_core__cond_signal(app_core__cond *cond);
void app_core__cond_broadcast(app_core__cond *cond);
void app_core__cond_wait(app_core__cond *cond, app_core__mutex *mutex);
/* Returns false on timeout. */
bool app_core__cond_timedwait(app_core__cond *cond, app_core__mutex *mutex, uint64_t timeout_ns);

/* Returns false if the thread could not be created. */
bool app_core__thread_create(app_core__thread *thread, void (*entry)(void *arg), void *arg);
void app_core__thread_join(app_core__thread *thread);
/* Lets the thread end on its own: it is never joined, and what it holds
 * is freed when it returns. */
void app_core__thread_detach(app_core__thread *thread);

/* Monotonic nanoseconds since an arbitrary origin. */
uint64_t app_core__now_ns(void);

/* Offers the CPU to another ready thread, if there is one. */
void app_core__thread_yield(void);

/* Blocks the calling thread for at least duration_ns. */
void app_core__sleep_ns(uint64_t duration_ns);

/* Online CPUs, at least 1. */
uint32_t app_core__cpu_count(void);

/*
 * Files, for reading only. `path` is UTF-8 on every OS, of any length (also
 * past 260 characters on Windows). On failure these return false and write the
 * reason (NUL-terminated UTF-8) into `reason`: the OS text, "is a directory",
 * or "not a regular file (a pipe)" (a character device, a block device, a
 * socket).
 */
/* Opens a regular file and nothing else: never blocks on a pipe or device,
 * never acquires a controlling terminal, and child processes do not inherit
 * the descriptor or handle. */
bool app_core__file_open_regular(app_core__file *file, const char *path, char *reason, size_t reason_size);
/* Reads until `size` bytes or the end of the file; *got is the count (less
 * than size only at the end). Returns false on an error. It may block for
 * ever (a stalled FUSE or NFS server): tasks read through file_reader.h,
 * whose calls a cancel can abandon. */
bool app_core__file_read(app_core__file *file, void *buffer, size_t size, size_t *got, char *reason,
                         size_t reason_size);
/* The file's size now, or false if the OS cannot tell; only a hint, since
 * the file may change while it is read. */
bool app_core__file_size(app_core__file *file, uint64_t *size);
void app_core__file_close(app_core__file *file);

/* Writes the text of the C errno value `errnum` into buf (NUL-terminated). */
void app_core__errno_text(int errnum, char *buf, size_t size);

/*
 * Atomics with the memory order in the name. Used for flags read outside the
 * runtime lock and for the Dart API table. POSIX compilers (gcc, clang) use
 * the __atomic builtins inline; Windows uses the Interlocked API (full fences)
 * behind a call, so mingw, which the windows test stage builds, compiles the
 * same code as MSVC.
 */
#if defined(_WIN32)
int32_t app_core__atomic_load_acquire_i32(volatile int32_t *p);
int32_t app_core__atomic_load_relaxed_i32(volatile int32_t *p);
void app_core__atomic_store_release_i32(volatile int32_t *p, int32_t v);
bool app_core__atomic_cas_i32(volatile int32_t *p, int32_t expected, int32_t desired);
void *app_core__atomic_load_acquire_ptr(void *volatile *p);
void app_core__atomic_store_release_ptr(void *volatile *p, void *v);
void *app_core__atomic_exchange_ptr(void *volatile *p, void *v);
#else
static inline int32_t app_core__atomic_load_acquire_i32(volatile int32_t *p) {
  return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}
static inline int32_t app_core__atomic_load_relaxed_i32(volatile int32_t *p) {
  return __atomic_load_n(p, __ATOMIC_RELAXED);
}
static inline void app_core__atomic_store_release_i32(volatile int32_t *p, int32_t v) {
  __atomic_store_n(p, v, __ATOMIC_RELEASE);
}
static inline bool app_core__atomic_cas_i32(volatile int32_t *p, int32_t expected, int32_t desired) {
  return __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}
static inline void *app_core__atomic_load_acquire_ptr(void *volatile *p) {
  return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}
static inline void app_core__atomic_store_release_ptr(void *volatile *p, void *v) {
  __atomic_store_n(p, v, __ATOMIC_RELEASE);
}
/* Stores v and returns the previous value, acquire and release. */
static inline void *app_core__atomic_exchange_ptr(void *volatile *p, void *v) {
  return __atomic_exchange_n(p, v, __ATOMIC_ACQ_REL);
}
#endif

#if defined(_WIN32)
void app_core__yield_processor(void); /* YieldProcessor(), which needs <windows.h> */
#endif

/* A hint inside spin loops: lets the sibling hyperthread run, saves power. */
static inline void app_core__cpu_relax(void) {
#if defined(_WIN32)
  app_core__yield_processor();
#elif defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__) || (defined(__arm__) && defined(__ARM_ARCH) && __ARM_ARCH >= 7)
  __asm__ __volatile__("yield");
#endif
}

/* Instruction-set extensions the core can use, as the CPU and the OS report
 * them at run time: a set of APP_CORE__CPU_* bits (0 where none is known). */
#define APP_CORE__CPU_X86_SHA (1u << 0)  /* x86-64 SHA-NI with SSSE3 and SSE4.1 */
#define APP_CORE__CPU_ARM_SHA2 (1u << 1) /* arm64 SHA-256 instructions (FEAT_SHA256) */
uint32_t app_core__cpu_features(void);

/* Registers fn to run in the child process right after a fork(), in the
 * forking thread, the only thread the child has (pthread_atfork). Windows has
 * no fork: a no-op there. */
void app_core__at_fork_child(void (*fn)(void));

#endif /* APP_CORE_PLATFORM_H */
