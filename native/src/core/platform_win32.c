/* platform_win32.c: platform.h for Windows (MSVC and mingw-w64), on Win32 APIs only. */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "platform.h"

#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

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

/* The thread runs on; only our handle to it goes. */
void app_core__thread_detach(app_core__thread *thread) { (void)CloseHandle((HANDLE)thread->handle); }

static LARGE_INTEGER counter_frequency; /* fixed at boot; read once */

static void read_counter_frequency(void) { (void)QueryPerformanceFrequency(&counter_frequency); }

uint64_t app_core__now_ns(void) {
  static app_core__once frequency_once = APP_CORE__ONCE_INIT;
  app_core__call_once(&frequency_once, read_counter_frequency);
  LARGE_INTEGER counter;
  (void)QueryPerformanceCounter(&counter);
  uint64_t ticks = (uint64_t)counter.QuadPart, hz = (uint64_t)counter_frequency.QuadPart;
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

/* The Interlocked functions are full fences, so acquire and release hold.
 * LONG is 32 bits on every Windows ABI. */
_Static_assert(sizeof(LONG) == sizeof(int32_t), "LONG size");

int32_t app_core__atomic_load_acquire_i32(volatile int32_t *p) {
  return InterlockedCompareExchange((volatile LONG *)p, 0, 0);
}
int32_t app_core__atomic_load_relaxed_i32(volatile int32_t *p) { return *p; }
void app_core__atomic_store_release_i32(volatile int32_t *p, int32_t v) {
  (void)InterlockedExchange((volatile LONG *)p, v);
}
bool app_core__atomic_cas_i32(volatile int32_t *p, int32_t expected, int32_t desired) {
  return InterlockedCompareExchange((volatile LONG *)p, desired, expected) == expected;
}
void *app_core__atomic_load_acquire_ptr(void *volatile *p) { return InterlockedCompareExchangePointer(p, NULL, NULL); }
void app_core__atomic_store_release_ptr(void *volatile *p, void *v) { (void)InterlockedExchangePointer(p, v); }
void *app_core__atomic_exchange_ptr(void *volatile *p, void *v) { return InterlockedExchangePointer(p, v); }

void app_core__yield_processor(void) { YieldProcessor(); }

/* The system's text for a Win32 error code, as UTF-8 without the final ".\r\n". */
static void win32_error_text(DWORD code, char *reason, size_t reason_size) {
  wchar_t wide[256];
  DWORD length = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, wide,
                                sizeof wide / sizeof wide[0], NULL);
  while (length > 0 && (wide[length - 1] == L'\r' || wide[length - 1] == L'\n' || wide[length - 1] == L'.' ||
                        wide[length - 1] == L' ')) {
    length--;
  }
  int written = length == 0 || reason_size < 2
                  ? 0
                  : WideCharToMultiByte(CP_UTF8, 0, wide, (int)length, reason, (int)(reason_size - 1), NULL, NULL);
  if (written > 0) {
    reason[written] = '\0';
  } else {
    (void)snprintf(reason, reason_size, "Windows error %lu", (unsigned long)code);
  }
}

static bool refuse(const char *text, char *reason, size_t reason_size) {
  (void)snprintf(reason, reason_size, "%s", text);
  return false;
}

static bool refuse_last_error(char *reason, size_t reason_size) {
  win32_error_text(GetLastError(), reason, reason_size);
  return false;
}

static bool starts_with(const wchar_t *text, const wchar_t *prefix) {
  return wcsncmp(text, prefix, wcslen(prefix)) == 0;
}

static wchar_t *wide_from_utf8(const char *path, char *reason, size_t reason_size) {
  int length = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, NULL, 0);
  if (length <= 0) {
    (void)refuse("the path is not valid UTF-8", reason, reason_size);
    return NULL;
  }
  wchar_t *wide = malloc((size_t)length * sizeof *wide);
  if (wide == NULL) {
    (void)refuse("out of memory", reason, reason_size);
    return NULL;
  }
  (void)MultiByteToWideChar(CP_UTF8, 0, path, -1, wide, length);
  return wide;
}

/* `path` as UTF-16 that CreateFileW opens whatever its length. Classic paths
 * stop at MAX_PATH (260) unless the application's manifest opts into long
 * paths (and the system allows them), so a longer one becomes \\?\C:\... or
 * \\?\UNC\server\share\.... Such paths skip Win32's normalisation, so
 * GetFullPathNameW (which takes long paths) first makes the path absolute,
 * turns '/' into '\' and resolves "." and "..". Shorter paths stay as given.
 * Returns NULL with the reason on failure; free() the result. */
static wchar_t *openable_wide_path(const char *path, char *reason, size_t reason_size) {
  wchar_t *wide = wide_from_utf8(path, reason, reason_size);
  if (wide == NULL || starts_with(wide, L"\\\\?\\") || starts_with(wide, L"\\\\.\\")) return wide;
  DWORD size = GetFullPathNameW(wide, 0, NULL, NULL); /* counts the NUL */
  wchar_t *full = size > 0 ? malloc((size_t)size * sizeof *full) : NULL;
  DWORD length = full != NULL ? GetFullPathNameW(wide, size, full, NULL) : 0; /* does not */
  if (length == 0 || length >= size) {
    if (size == 0 || full != NULL) {
      (void)refuse_last_error(reason, reason_size);
    } else {
      (void)refuse("out of memory", reason, reason_size);
    }
    free(full);
    free(wide);
    return NULL;
  }
  if (length < MAX_PATH) {
    free(full);
    return wide;
  }
  free(wide);
  if (starts_with(full, L"\\\\?\\") || starts_with(full, L"\\\\.\\")) return full; /* given as //?/ or //./ */
  bool unc = starts_with(full, L"\\\\");
  const wchar_t *prefix = unc ? L"\\\\?\\UNC" : L"\\\\?\\";
  const wchar_t *rest = unc ? full + 1 : full; /* \\server\share: keep one '\' */
  size_t prefix_length = wcslen(prefix), rest_length = wcslen(rest);
  wchar_t *verbatim = malloc((prefix_length + rest_length + 1) * sizeof *verbatim);
  if (verbatim == NULL) {
    (void)refuse("out of memory", reason, reason_size);
  } else {
    memcpy(verbatim, prefix, prefix_length * sizeof *verbatim);
    memcpy(verbatim + prefix_length, rest, (rest_length + 1) * sizeof *verbatim);
  }
  free(full);
  return verbatim;
}

bool app_core__file_open_regular(app_core__file *file, const char *path, char *reason, size_t reason_size) {
  wchar_t *wide = openable_wide_path(path, reason, reason_size);
  if (wide == NULL) return false;
  /* No security attributes: child processes do not inherit the handle.
   * Opening a pipe or device does not wait, reading one may: GetFileType
   * refuses them before any read. Without FILE_FLAG_BACKUP_SEMANTICS a
   * directory fails to open (access denied); its attributes tell why. */
  HANDLE handle = CreateFileW(wide, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                              OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_SEQUENTIAL_SCAN, NULL);
  if (handle == INVALID_HANDLE_VALUE) {
    DWORD error = GetLastError();
    DWORD attributes = error == ERROR_ACCESS_DENIED ? GetFileAttributesW(wide) : INVALID_FILE_ATTRIBUTES;
    free(wide);
    if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY)) {
      return refuse("is a directory", reason, reason_size);
    }
    win32_error_text(error, reason, reason_size);
    return false;
  }
  free(wide);
  DWORD type = GetFileType(handle);
  if (type != FILE_TYPE_DISK) {
    (void)CloseHandle(handle);
    return refuse(type == FILE_TYPE_PIPE   ? "not a regular file (a pipe)"
                  : type == FILE_TYPE_CHAR ? "not a regular file (a character device)"
                                           : "not a regular file",
                  reason, reason_size);
  }
  file->handle = handle;
  return true;
}

bool app_core__file_read(app_core__file *file, void *buffer, size_t size, size_t *got, char *reason,
                         size_t reason_size) {
  size_t total = 0;
  while (total < size) {
    DWORD chunk = size - total > MAXDWORD ? MAXDWORD : (DWORD)(size - total), n = 0;
    if (!ReadFile((HANDLE)file->handle, (char *)buffer + total, chunk, &n, NULL)) {
      *got = total;
      return refuse_last_error(reason, reason_size);
    }
    if (n == 0) break; /* the end of the file */
    total += n;
  }
  *got = total;
  return true;
}

bool app_core__file_size(app_core__file *file, uint64_t *size) {
  LARGE_INTEGER value;
  if (!GetFileSizeEx((HANDLE)file->handle, &value) || value.QuadPart < 0) return false;
  *size = (uint64_t)value.QuadPart;
  return true;
}

void app_core__file_close(app_core__file *file) { (void)CloseHandle((HANDLE)file->handle); }

void app_core__errno_text(int errnum, char *buf, size_t size) {
  if (size == 0) return;
  if (strerror_s(buf, size, errnum) != 0) (void)snprintf(buf, size, "error %d", errnum);
  buf[size - 1] = '\0';
}

/* x86-64 asks the CPU (CPUID: MSVC and clang-cl spell it __cpuidex, mingw's
 * gcc and clang __get_cpuid_count); arm64 asks Windows. */
#if (defined(_M_X64) || defined(__x86_64__)) && defined(_MSC_VER)
#  include <intrin.h>
#elif defined(__x86_64__)
#  include <cpuid.h>
#endif

uint32_t app_core__cpu_features(void) {
#if defined(_M_X64) || defined(__x86_64__)
  unsigned leaf1_ecx, leaf7_ebx;
#  if defined(_MSC_VER)
  int info[4];
  __cpuid(info, 0);
  if (info[0] < 7) return 0; /* leaf 7 absent */
  __cpuid(info, 1);
  leaf1_ecx = (unsigned)info[2];
  __cpuidex(info, 7, 0);
  leaf7_ebx = (unsigned)info[1];
#  else
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  leaf1_ecx = ecx;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0; /* leaf 7 absent */
  leaf7_ebx = ebx;
#  endif
  bool ssse3_and_sse41 = (leaf1_ecx & (1u << 9)) != 0 && (leaf1_ecx & (1u << 19)) != 0;
  return ssse3_and_sse41 && (leaf7_ebx & (1u << 29)) != 0 ? APP_CORE__CPU_X86_SHA : 0;
#elif defined(_M_ARM64) || defined(__aarch64__)
  /* PF_ARM_V8_CRYPTO_INSTRUCTIONS_AVAILABLE: AES, SHA-1 and SHA-256. */
  return IsProcessorFeaturePresent(PF_ARM_V8_CRYPTO_INSTRUCTIONS_AVAILABLE) ? APP_CORE__CPU_ARM_SHA2 : 0;
#else
  return 0;
#endif
}

void app_core__at_fork_child(void (*fn)(void)) { (void)fn; /* no fork() on Windows */ }
