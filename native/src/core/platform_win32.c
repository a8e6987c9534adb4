/* platform_win32.c: platform.h for Windows (MSVC and mingw-w64), on Win32 APIs only. */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "platform.h"

#include <errno.h>
#include <process.h>
#include <stdlib.h>
#include <string.h>

/* platform.h stores each Win32 object in a pointer-sized slot. */
_Static_assert(sizeof(SRWLOCK) == sizeof(void *), "SRWLOCK size");
_Static_assert(sizeof(CONDITION_VARIABLE) == sizeof(void *), "CONDITION_VARIABLE size");
_Static_assert(sizeof(INIT_ONCE) == sizeof(void *), "INIT_ONCE size");

static BOOL CALLBACK once_trampoline(PINIT_ONCE once, PVOID fn, PVOID *context) {
  (void)once;
  (void)context;
  ((void (*)(void))(uintptr_t)fn)();
  return TRUE;
}

void app_core__call_once(app_core__once *once, void (*fn)(void)) {
  (void)InitOnceExecuteOnce((PINIT_ONCE)&once->init_once, once_trampoline, (PVOID)(uintptr_t)fn, NULL);
}

void app_core__mutex_init(app_core__mutex *mutex) { InitializeSRWLock((PSRWLOCK)&mutex->srw); }
void app_core__mutex_destroy(app_core__mutex *mutex) { (void)mutex; /* SRW locks own no resources */ }
void app_core__mutex_lock(app_core__mutex *mutex) { AcquireSRWLockExclusive((PSRWLOCK)&mutex->srw); }
void app_core__mutex_unlock(app_core__mutex *mutex) { ReleaseSRWLockExclusive((PSRWLOCK)&mutex->srw); }

void app_core__cond_init(app_core__cond *cond) { InitializeConditionVariable((PCONDITION_VARIABLE)&cond->cv); }
void app_core__cond_destroy(app_core__cond *cond) { (void)cond; }
void app_core__cond_signal(app_core__cond *cond) { WakeConditionVariable((PCONDITION_VARIABLE)&cond->cv); }
void app_core__cond_broadcast(app_core__cond *cond) { WakeAllConditionVariable((PCONDITION_VARIABLE)&cond->cv); }

void app_core__cond_wait(app_core__cond *cond, app_core__mutex *mutex) {
  (void)SleepConditionVariableSRW((PCONDITION_VARIABLE)&cond->cv, (PSRWLOCK)&mutex->srw, INFINITE, 0);
}

bool app_core__cond_timedwait(app_core__cond *cond, app_core__mutex *mutex, uint64_t timeout_ns) {
  /* Round up so a wait never ends before its deadline; stay below INFINITE. */
  uint64_t ms = timeout_ns / 1000000u + (timeout_ns % 1000000u != 0); /* no wrap near UINT64_MAX */
  if (ms >= INFINITE) ms = INFINITE - 1;
  if (SleepConditionVariableSRW((PCONDITION_VARIABLE)&cond->cv, (PSRWLOCK)&mutex->srw, (DWORD)ms, 0)) return true;
  return GetLastError() != ERROR_TIMEOUT;
}

typedef struct thread_start {
  void (*entry)(void *arg);
  void *arg;
} thread_start;

static unsigned __stdcall thread_trampoline(void *raw) {
  thread_start start = *(thread_start *)raw;
  free(raw);
  start.entry(start.arg);
  return 0;
}

bool app_core__thread_create(app_core__thread *thread, void (*entry)(void *arg), void *arg) {
  thread_start *start = malloc(sizeof *start);
  if (start == NULL) return false;
  start->entry = entry;
  start->arg = arg;
  /* _beginthreadex, not CreateThread, so the C runtime is set up for the thread. */
  uintptr_t handle = _beginthreadex(NULL, 0, thread_trampoline, start, 0, NULL);
  if (handle == 0) {
    free(start);
    return false;
  }
  thread->handle = (void *)handle;
  return true;
}

void app_core__thread_join(app_core__thread *thread) {
  (void)WaitForSingleObject((HANDLE)thread->handle, INFINITE);
  (void)CloseHandle((HANDLE)thread->handle);
}

uint64_t app_core__now_ns(void) {
  static LARGE_INTEGER frequency; /* benign race: every thread writes the same value */
  LARGE_INTEGER counter;
  if (frequency.QuadPart == 0) (void)QueryPerformanceFrequency(&frequency);
  (void)QueryPerformanceCounter(&counter);
  uint64_t ticks = (uint64_t)counter.QuadPart, hz = (uint64_t)frequency.QuadPart;
  return ticks / hz * 1000000000u + ticks % hz * 1000000000u / hz;
}

void app_core__thread_yield(void) { (void)SwitchToThread(); }

void app_core__sleep_ns(uint64_t duration_ns) {
  uint64_t ms = duration_ns / 1000000u + (duration_ns % 1000000u != 0);
  Sleep(ms >= INFINITE ? INFINITE - 1 : (DWORD)ms);
}

uint32_t app_core__cpu_count(void) {
  DWORD n = GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
  return n < 1 ? 1u : (uint32_t)n;
}

FILE *app_core__file_open_read(const char *path, char *reason, size_t reason_size) {
  /* fopen() would read `path` in the ANSI code page; convert UTF-8 to UTF-16. */
  int wide_length = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, NULL, 0);
  if (wide_length <= 0) {
    (void)snprintf(reason, reason_size, "the path is not valid UTF-8");
    return NULL;
  }
  wchar_t *wide = malloc((size_t)wide_length * sizeof *wide);
  if (wide == NULL) {
    (void)snprintf(reason, reason_size, "out of memory");
    return NULL;
  }
  (void)MultiByteToWideChar(CP_UTF8, 0, path, -1, wide, wide_length);
  FILE *file = _wfopen(wide, L"rb");
  int saved = errno;
  free(wide);
  if (file == NULL) app_core__errno_text(saved, reason, reason_size);
  return file;
}

void app_core__errno_text(int errnum, char *buf, size_t size) {
  if (size == 0) return;
  if (strerror_s(buf, size, errnum) != 0) (void)snprintf(buf, size, "error %d", errnum);
  buf[size - 1] = '\0';
}

void app_core__at_fork_child(void (*fn)(void)) { (void)fn; /* no fork() on Windows */ }
