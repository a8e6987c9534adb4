/*
 * app_core.h: the whole public ABI of the app_core native library.
 *
 * This header is the contract between the C core and every client (the Dart
 * bindings are generated from it by ffigen). Nothing else is public.
 *
 * Conventions that hold for every function below unless its comment says
 * otherwise:
 *
 *  - Strings are NUL-terminated UTF-8.
 *  - Inputs are borrowed: the caller keeps ownership of every pointer it
 *    passes in, and the pointer need only stay valid until the call returns
 *    (the core copies what it keeps). The core never frees caller memory.
 *  - Every string the core returns (results and error messages) is owned by the
 *    caller, who frees it with app_core_string_free() (an error's message may
 *    instead be freed by app_core_error_clear(), which calls it), never with
 *    its own allocator's free: the core and the caller may use different
 *    allocators (on Windows, Dart's malloc is CoTaskMemAlloc).
 *  - Freeing NULL is always a no-op.
 *  - Threads: every function may be called from any thread, concurrently.
 *  - "Leaf": the call is short, never blocks on other threads' work and never
 *    calls back into Dart, so Dart may bind it with `isLeaf: true`. Each
 *    function's own comment ends with "Leaf." or "Not leaf." (ffigen's leaf
 *    list and the contract check read it there).
 *  - Counts, lengths, ports and task ids that come from Dart (a 64-bit int)
 *    are int64_t, so nothing is truncated on the way in, and values out of
 *    range are rejected. On 32-bit targets (Android armeabi-v7a) a length
 *    above SIZE_MAX is rejected too, never cut to 32 bits. The tutorial's
 *    arithmetic keeps its C types (app_core_sum and app_core_divide take
 *    int32_t, app_core_heavy_computation uint64_t); the Dart API checks the
 *    range before it calls them.
 *  - SHA-256 runs on the CPU's SHA instructions where the build and the CPU
 *    have them (x86-64 SHA-NI, arm64 SHA-2), else in portable C: always on
 *    32-bit ARM and x86, ARMv8 cores running 32-bit code included (their
 *    AArch32 SHA-2 instructions are not used).
 *  - Errors: a function that can fail takes a trailing `app_core_error *error`,
 *    which may be NULL (the caller then gets no details). The function first
 *    releases any message the struct still holds (so one struct can be reused
 *    in a loop without leaking; it must therefore start zeroed, e.g. with
 *    APP_CORE_ERROR_INIT or calloc). On success code is APP_CORE_OK and message
 *    NULL. On failure the function returns 0 / NULL, code is set, and message
 *    is a library-allocated sentence naming the bad input (NULL only if memory
 *    ran out while writing it).
 */
#ifndef APP_CORE_H
#define APP_CORE_H

#include <stdbool.h>
#include <stddef.h> /* NULL, used by APP_CORE_ERROR_INIT */
#include <stdint.h>

#if defined(_WIN32)
#  if defined(APP_CORE_STATIC)
#    define APP_CORE_API
#  elif defined(APP_CORE_BUILDING)
#    define APP_CORE_API __declspec(dllexport)
#  else
#    define APP_CORE_API __declspec(dllimport)
#  endif
#else
#  define APP_CORE_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on every incompatible change of anything in this header. The Dart
 * layer compares it with the version it was generated from at load time. */
#define APP_CORE_ABI_VERSION 2

/* Returns APP_CORE_ABI_VERSION of the library actually loaded. Leaf. */
APP_CORE_API int32_t app_core_abi_version(void);

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */
/* ------------------------------------------------------------------------ */

/* X(NAME, value, description). Values are fixed once published: append only. */
#define APP_CORE_ERROR_MAP(X) \
  X(OK, 0, "success") \
  X(INVALID_ARGUMENT, 1, "an argument is NULL or out of its documented range") \
  X(INVALID_UTF8, 2, "a string is not valid UTF-8") \
  X(OVERFLOW, 3, "the result does not fit the return type") \
  X(DIVISION_BY_ZERO, 4, "division by zero") \
  X(OUT_OF_MEMORY, 5, "memory could not be allocated") \
  X(NOT_INITIALIZED, 6, "app_core_init_dart_api has not succeeded yet") \
  X(IO, 7, "an operating-system I/O call failed") \
  X(CANCELLED, 8, "the task was cancelled")

typedef enum app_core_error_code {
#define APP_CORE_ERROR_ENUM_ENTRY(name, value, description) APP_CORE_##name = value,
  APP_CORE_ERROR_MAP(APP_CORE_ERROR_ENUM_ENTRY)
#undef APP_CORE_ERROR_ENUM_ENTRY
} app_core_error_code;

/* Error details. `message` is owned by whoever owns the struct and is freed by
 * app_core_error_clear() (or app_core_string_free()). */
typedef struct app_core_error {
  int32_t code;  /* an app_core_error_code */
  char *message; /* NULL, or a library-allocated UTF-8 sentence */
} app_core_error;

#define APP_CORE_ERROR_INIT \
  { APP_CORE_OK, NULL }

/* Frees error->message and resets the struct to APP_CORE_ERROR_INIT.
 * NULL is a no-op. Leaf. */
APP_CORE_API void app_core_error_clear(app_core_error *error);

/* The code's name without prefix ("INVALID_UTF8"), or "UNKNOWN". The string is
 * static: never free it. Leaf. */
APP_CORE_API const char *app_core_error_name(int32_t code);

/* Frees a string returned by any app_core function. NULL is a no-op. After the
 * call the pointer is no longer valid. Leaf. */
APP_CORE_API void app_core_string_free(char *s);

/* ------------------------------------------------------------------------ */
/* Synchronous functions (run on the calling thread)                         */
/* ------------------------------------------------------------------------ */

/* template:full-only-begin */
/* a + b with two's-complement wrap-around (INT32_MAX + 1 == INT32_MIN); never
 * undefined behaviour. Cannot fail. Leaf. */
APP_CORE_API int32_t app_core_sum(int32_t a, int32_t b);

/* template:full-only-end */
/* Returns a new string holding `input` reversed by Unicode scalar value
 * ("héllo👋" -> "👋olléh"). `input` is borrowed. An empty input gives a new
 * empty string (non-NULL), never failure. The result is owned by the caller:
 * free it with app_core_string_free().
 * Errors: INVALID_ARGUMENT (input is NULL), INVALID_UTF8 (overlong forms,
 * surrogates, truncated sequences, stray continuation bytes, > U+10FFFF; the
 * message names the byte offset), OUT_OF_MEMORY. Linear in length. Leaf. */
APP_CORE_API char *app_core_reverse_string(const char *input, app_core_error *error);

/* Calling Dart from C on the calling thread: a visitor. `word` points into
 * the caller's text: it is NOT NUL-terminated (use `length`, in bytes) and is
 * valid only during this call of the visitor. `user_data` is what the caller
 * passed, untouched. Return true to go on, false to stop. The visitor runs on
 * the thread that called app_core_visit_words, before that call returns (in
 * Dart a NativeCallable.isolateLocal or Pointer.fromFunction; an exception
 * there returns its exceptionalReturn, false: stop). */
typedef bool (*app_core_word_visitor)(const char *word, int64_t length, void *user_data);

/* Calls visitor(word, length, user_data) for each word of `text` in order; a
 * word is a maximal run of bytes that are not ASCII whitespace (space, \t,
 * \n, \v, \f, \r), so "  a  bc " gives "a", "bc". `text` is borrowed and
 * validated first: on failure the visitor is never called. Returns the
 * number of calls made (the one that returned false included; 0 for a text
 * without words), or -1 on failure.
 * Errors: INVALID_ARGUMENT (text or visitor NULL), INVALID_UTF8 (message
 * names the byte offset). Never allocates on success. Calls back into the
 * caller: never bind it as leaf. Not leaf. */
APP_CORE_API int64_t app_core_visit_words(const char *text, app_core_word_visitor visitor, void *user_data,
                                          app_core_error *error);

/* template:full-only-begin */
/* a / b truncated toward zero.
 * Errors: DIVISION_BY_ZERO (b == 0), OVERFLOW (a == INT32_MIN && b == -1).
 * Returns 0 on failure. Leaf. */
APP_CORE_API int32_t app_core_divide(int32_t a, int32_t b, app_core_error *error);

/* template:full-only-end */
/* The n-th Fibonacci number (fib(0) = 0, fib(1) = 1), computed by naive
 * recursion on purpose: it is the CPU-heavy demo, and its cost grows as about
 * 1.6^n calls (on the 2-core test machine n = 40 takes about 0.16 s and n = 50
 * about 20 s: each +1 multiplies the time by 1.6), so call it off the UI
 * thread or use app_core_fibonacci_async(), which can be cancelled.
 * Errors: INVALID_ARGUMENT (n < 0), OVERFLOW (n > 92: fib(93) does not fit a
 * signed 64-bit Dart int). Returns 0 on failure. It blocks for as long as it
 * computes. Not leaf. */
APP_CORE_API int64_t app_core_fibonacci(int64_t n, app_core_error *error);

/* template:full-only-begin */
/* Sum of i*i for 0 <= i < iterations, modulo 2^64. Cannot fail. Runs in
 * O(iterations) on the calling thread. Dart reads a uint64_t result as a
 * signed 64-bit int, so results at or above 2^63 arrive negative (the same
 * 64 bits; BigInt.from(x).toUnsigned(64) recovers the value). Not leaf. */
APP_CORE_API uint64_t app_core_heavy_computation(uint64_t iterations);

/* template:full-only-end */
/* ------------------------------------------------------------------------ */
/* Async runtime and Dart native ports                                       */
/* ------------------------------------------------------------------------ */

/* Initialises the Dart API DL function table. Pass NativeApi.initializeApiDLData.
 * `data` is borrowed for the call only. Returns 0 on success, -1 if data is NULL,
 * its major version is not 2, or a required function is missing (the previous
 * table, if any, stays in force). Safe to call again, from any isolate
 * (hot restart, several isolates); every call must pass the same VM's table.
 * Leaf. */
APP_CORE_API intptr_t app_core_init_dart_api(void *data);

/*
 * The message protocol. Every async call takes `port`, the native port of a
 * fresh Dart ReceivePort (ReceivePort.sendPort.nativePort), and returns a task
 * id: an int64 > 0, never reused within the process. It returns 0 when the
 * task could not start (app_core_init_dart_api has not succeeded, port is 0, the
 * runtime is shutting down, or memory ran out); then nothing is ever posted.
 *
 * On the port the core posts Dart arrays (Dart_CObject kArray; Dart receives a
 * List), first element the kind:
 *   [3, item]             zero or more stream items (progress, partial results)
 *   then exactly ONE final message:
 *   [0, value]            success: an int, a String, or a Uint8List
 *   [1, code, message]    failure: an app_core_error_code (int) and a String
 *   [2]                   cancelled
 * Every message is copied by the VM while it is posted; the core keeps no
 * reference to it. The one exception is a Uint8List value (posted by
 * core/bytes.c): its bytes are handed to the VM without a copy
 * and freed by the library once Dart no longer needs them. If the port is
 * closed (Dart_PostCObject fails) the task is cancelled and freed and nothing
 * more is posted to it.
 *
 * Tasks run on a fixed pool of worker threads (started lazily on first use)
 * plus a deadline queue for waits, which occupy no thread while they wait.
 * One more thread, the short-work lane, times the waits and posts every final
 * message that needs no computation: the result of a wait that fell due, [2]
 * for a task cancelled before it ran, [1, ...] for bad input. These arrive
 * promptly (one thread wake-up: microseconds on an idle machine) even while
 * every worker is busy computing; only a computing task itself waits for its
 * next cancellation check.
 *
 * fork() (POSIX): the child process starts with a fresh, stopped runtime, and
 * its first async call starts its own threads. The parent's tasks stay the
 * parent's: in the child they are unknown to app_core_cancel and are never
 * run, answered or freed (the parent answers them as usual). A fork by any
 * thread at any moment is safe: the child re-initialises every lock the core
 * owns (a parent's thread may have held one, also the log's, which a wakeup
 * post holds), so no call of the child blocks on one. The child forgets the
 * parent's exit port (its first app_core_isolate_register opens its own) and
 * the parent's log listeners. Task, owner and listener ids keep counting,
 * never reused.
 *
 * Files: a file's open, read or close may never return even for a regular
 * file (a stalled FUSE or NFS server, an iCloud file not downloaded yet,
 * /proc/kmsg). The file functions below make each such call on the task's
 * worker as a call a cancel can abandon: a cancel (or app_core_shutdown, or
 * the isolate's exit) that finds the task inside one answers [2] at once, a
 * new worker takes the stuck one's place (so the pool keeps its size and its
 * queued tasks run), and shutdown never waits for it. The stuck thread is
 * left to finish alone, never joined: it holds its stack, the task, the open
 * file and one read buffer (up to 1 MiB; for app_core_read_file_async, the
 * bytes read so far) until the call returns, then frees them and ends,
 * posting nothing more. A call that never returns keeps them until the
 * process exits.
 *
 * Bad input is answered at once: every async function checks its arguments
 * before it queues the task, and the errors its comment lists for them
 * (INVALID_ARGUMENT, INVALID_UTF8, OVERFLOW, ...) go out as [1, ...] from the
 * short-work lane, never waiting for a worker. Only errors that need the
 * work itself (IO, a file found too large) come from the worker.
 *
 * Every async function below may be called from any thread; it copies its
 * input, queues the task and returns (the first call of the process, or the
 * first after app_core_shutdown, also starts the workers). Pointer inputs are
 * borrowed.
 */
#define APP_CORE_MESSAGE_VALUE 0
#define APP_CORE_MESSAGE_ERROR 1
#define APP_CORE_MESSAGE_CANCELLED 2
#define APP_CORE_MESSAGE_ITEM 3

/* The most worker threads app_core_set_worker_count accepts. */
#define APP_CORE_MAX_WORKERS 256

/* Sets the number of worker threads (1 <= count <= APP_CORE_MAX_WORKERS) used
 * the next time the runtime starts; it starts no thread itself. Default: the
 * number of online CPUs, at least 2, at most APP_CORE_MAX_WORKERS. The
 * runtime runs count + 1 threads: the workers and the short-work lane. Returns
 * false, changing nothing, if count is out of range or the runtime is running
 * (call it before the first async call, or after app_core_shutdown()). Leaf. */
APP_CORE_API bool app_core_set_worker_count(int64_t count);

/* Requests cancellation of a task. Returns true if the task was still pending
 * or running: it will now finish with [2] (promptly: a task that is waiting or
 * queued is answered at once, even while every worker computes; a computing
 * one stops at its next check). Returns false, changing
 * nothing, for unknown ids, finished tasks, and tasks already cancelled.
 * Any thread, any time; never posts itself. Leaf. */
APP_CORE_API bool app_core_cancel(int64_t task);

/* Cancels every task, waits for them to post their final messages, joins all
 * worker threads and frees everything the runtime holds. Async calls made
 * while it runs return 0; the runtime starts again lazily afterwards. A call
 * made while another thread's shutdown runs returns once that one has
 * finished (another thread's async call may have restarted the runtime by
 * then).
 * Any thread except a worker (never from inside a task). Blocks. Not leaf. */
APP_CORE_API void app_core_shutdown(void);

/* After a 500 ms wait that occupies no thread, posts [0, "Data from: <url>"].
 * `url` is borrowed (copied before return). Errors arrive as [1, ...]:
 * INVALID_ARGUMENT (url is NULL), INVALID_UTF8. Cancellable while waiting.
 * Leaf. */
APP_CORE_API int64_t app_core_fetch_data_async(const char *url, int64_t port);

/* Computes app_core_fibonacci(n) on a worker and posts [0, fib(n)] (an int).
 * Errors as app_core_fibonacci, answered at once without a worker:
 * [1, INVALID_ARGUMENT, ...] for n < 0, [1, OVERFLOW, ...] for n > 92.
 * Cancellable mid-computation. Leaf. */
APP_CORE_API int64_t app_core_fibonacci_async(int64_t n, int64_t port);

/* Hashes the regular file at `path` (UTF-8, any length; borrowed, copied
 * before return) with SHA-256 on a worker. Posts progress [3, bytes_hashed]
 * at most about 20 times a second, always ending with one for the full size,
 * then [0, "<64 lowercase hex digits>"]. Errors: [1, IO, message naming the
 * path and the reason] if the file cannot be opened or read, including for
 * anything but a regular file ("...: is a directory", "...: not a regular
 * file (a pipe)"; pipes, devices and sockets are refused without waiting on
 * them); INVALID_ARGUMENT (NULL), INVALID_UTF8. Cancellable between 64 KiB
 * blocks, and while an open or read is stuck ("Files" above). Leaf. */
APP_CORE_API int64_t app_core_sha256_file_async(const char *path, int64_t port);
/* template:full-only-begin */

/* The largest file app_core_read_file_async reads: 2^30 - 1 bytes, the
 * longest Uint8List a Dart VM with 31-bit small integers can make (32-bit
 * targets, and 64-bit ones with compressed pointers: Flutter on Android and
 * iOS). */
#define APP_CORE_READ_FILE_MAX_BYTES INT64_C(1073741823)

/* Reads the whole file at `path` (UTF-8; borrowed, copied before return) on a
 * worker and posts [0, bytes], bytes a Uint8List holding the file.
 * No copy is made on the way to Dart: the VM adopts the library's buffer as
 * external typed data, and the library frees it exactly once, when the
 * Uint8List is garbage-collected, or when the message is dropped unread or
 * refused. The Uint8List is Dart's: it may keep it, change it, and send it to
 * other isolates (sending copies it).
 * Errors: [1, IO, message naming the path and the OS reason] if the file
 * cannot be opened or read; [1, INVALID_ARGUMENT, ...] for a NULL path or a
 * file longer than APP_CORE_READ_FILE_MAX_BYTES; INVALID_UTF8;
 * OUT_OF_MEMORY. Cancellable between 1 MiB reads, and while an open or read
 * is stuck ("Files" above). Leaf. */
APP_CORE_API int64_t app_core_read_file_async(const char *path, int64_t port);
/* template:full-only-end */

/*
 * Work dies with its isolate. An isolate that ends (a Flutter hot restart, a
 * background isolate returning) can no longer receive its tasks' results, so
 * its tasks should stop computing. Each isolate registers once, hands the
 * SendPort it gets to Isolate.current.addOnExitListener with its owner id as
 * the response, and marks each task it starts with that owner; when the
 * isolate ends, the VM posts the owner id to the core, which cancels that
 * owner's live tasks as app_core_cancel does (their [2] goes to a closed port
 * and is dropped). Other isolates' tasks are untouched.
 */

/* Registers the calling isolate: returns a new owner id (> 0, never reused
 * within the process) and posts [0, SendPort] to `reply_port` (a Dart
 * ReceivePort's native port). Pass that SendPort to
 * Isolate.current.addOnExitListener(sendPort, response: <owner id>): the VM
 * then posts the owner id to the core when the isolate ends. The SendPort is
 * the same for every isolate until app_core_shutdown, which closes it (the
 * next register opens a new one; owners registered before no longer end
 * their tasks). Returns 0, posting nothing, if app_core_init_dart_api has not
 * succeeded, reply_port is 0, or the VM refused the port or the post. It
 * calls into the VM to open a native port. Not leaf. */
APP_CORE_API int64_t app_core_isolate_register(int64_t reply_port);

/* Marks a task as started by `owner` (an id from app_core_isolate_register):
 * the task is cancelled when that owner's isolate ends. Call it right after
 * the async call returned the id, on the same isolate. Returns false, changing
 * nothing, if owner <= 0, the task is unknown or finished, or memory ran out.
 * Leaf. */
APP_CORE_API bool app_core_task_set_owner(int64_t task, int64_t owner);

/* ------------------------------------------------------------------------ */
/* Calling Dart from C: the core's log, delivered from any thread            */
/* ------------------------------------------------------------------------ */

/*
 * app_core_log() is the core's log, and a plugin's own C code may use it too.
 * Dart reads it through a listener: app_core_log_listen() registers a Dart
 * receive port (in Dart a RawReceivePort's sendPort.nativePort) and gets a
 * listener id; each listener owns a bounded queue of records. Records carry
 * no pointer into Dart and the wakeup carries none to Dart: it is a post of
 * the listener id (an int) meaning "records are ready", and Dart then drains
 * the queue with app_core_log_next(), which copies each record out.
 *
 * Why a port and not a NativeCallable.listener: records come from any thread
 * at any time, also while an isolate dies (a hot restart) and before the
 * core hears of it (the VM's exit message comes later, and the core logs
 * exactly then: a task failing whose port was closed). A listener callable
 * called after its isolate died is undefined behaviour (the VM has freed its
 * trampoline, which may serve another callable already); a post to a dead
 * isolate's port is simply refused. So no window remains. The hard cases:
 *
 *  - Nobody listening: app_core_log costs one relaxed atomic load and a
 *    compare (the lowest level any listener wants), then returns.
 *  - A flood: each queue holds APP_CORE_LOG_QUEUE_CAPACITY records; when it
 *    is full the oldest record is dropped (its text freed at once) and the
 *    count is carried on the record that is then oldest (`dropped`), so
 *    memory stays bounded and Dart learns how much it missed.
 *  - Wakeups are bounded too: at most one is outstanding per listener. The
 *    record that finds the queue "armed" posts the wakeup and disarms it;
 *    app_core_log_next() re-arms it when it finds the queue empty. So Dart
 *    drains until app_core_log_next() returns false, and every record logged
 *    after that brings a new wakeup.
 *  - The wakeup is posted with the log lock held, on whatever thread logged.
 *    Because of the lock, when app_core_log_unlisten() returns no post for
 *    that listener is in flight and none will follow: Dart may then close
 *    the port. Wakeups posted before remain queued in Dart; they carry only
 *    the id, so Dart ignores them (or they are dropped with the closed
 *    port): nothing leaks, nothing is freed twice. app_core_log_unlisten()
 *    frees the records still queued.
 *  - A port found closed (its isolate died, or Dart closed it without
 *    unlistening): the refused wakeup removes the listener at once and frees
 *    its records, including the one being logged.
 *  - Several isolates: each listens for itself and receives every record at
 *    or above its own level, in its own queue.
 *  - An isolate that ends (hot restart, a background isolate returning)
 *    without unlistening while its wakeup is outstanding (so no post finds
 *    the port closed): give app_core_log_listen the isolate's owner id
 *    (app_core_isolate_register); when the VM posts the isolate's exit to
 *    the core, the core removes that owner's listeners, freeing their
 *    queues. Without an owner such a queue stays (bounded) until unlisten.
 *    After app_core_shutdown (which closes the exit port) a listener's
 *    owner no longer removes it: give it the new owner with
 *    app_core_log_relisten.
 *  - A new level or owner: app_core_log_relisten changes the listener in
 *    place, so no record is lost as between an unlisten and a new listen.
 */

/* Log levels. Any int32 is accepted; these are the ones the core uses. */
#define APP_CORE_LOG_DEBUG 0
#define APP_CORE_LOG_INFO 1
#define APP_CORE_LOG_WARNING 2
#define APP_CORE_LOG_ERROR 3

/* Records each listener's queue holds before it drops the oldest. */
#define APP_CORE_LOG_QUEUE_CAPACITY 256

/* The longest message in bytes, NUL included; longer ones are cut. */
#define APP_CORE_LOG_MESSAGE_MAX 1024

/* One record, copied out of a queue by app_core_log_next(). */
typedef struct app_core_log_record {
  int32_t level;    /* as given to app_core_log */
  int64_t sequence; /* 1, 2, ... in the order records were logged, process-wide */
  int64_t dropped;  /* records this listener lost (queue full) just before this one */
  char *message;    /* owned by the caller: free with app_core_string_free */
} app_core_log_record;

#if defined(__MINGW32__)
#  define APP_CORE_LOG_PRINTF __attribute__((format(gnu_printf, 2, 3)))
#elif defined(__GNUC__) || defined(__clang__)
#  define APP_CORE_LOG_PRINTF __attribute__((format(printf, 2, 3)))
#else
#  define APP_CORE_LOG_PRINTF
#endif

/* Logs printf-style: formats the message (cut to APP_CORE_LOG_MESSAGE_MAX - 1
 * bytes; bytes that are not UTF-8 become '?') and queues a copy for every
 * listener whose level is at most `level`, posting a listener's wakeup if its
 * queue was armed. `format` is borrowed; NULL is ignored. With nobody
 * listening at `level` it returns after one atomic load. Any thread, also
 * inside tasks and native port handlers. Never blocks on anything but the
 * log lock (and the VM's port lock inside Dart_PostCObject). C only: Dart
 * does not bind it (ffigen.yaml excludes it). Not leaf. */
APP_CORE_API void app_core_log(int32_t level, const char *format, ...) APP_CORE_LOG_PRINTF;

/* Registers a listener for records of level >= min_level and returns its id
 * (> 0, never reused within the process), or 0 if port is 0,
 * app_core_init_dart_api has not succeeded, or memory ran out. `port` is
 * where wakeups go, the listener id posted as an int: in Dart the
 * sendPort.nativePort of a RawReceivePort. Close the port only after
 * app_core_log_unlisten(id) returned; a port found closed removes the
 * listener. `owner` is an id from app_core_isolate_register, or 0 for
 * none. The queue starts empty and armed. Any thread. Leaf. */
APP_CORE_API int64_t app_core_log_listen(int32_t min_level, int64_t port, int64_t owner);

/* Changes a listener's level and owner in place (`min_level` and `owner` as
 * for app_core_log_listen): it keeps its id, its queued records (also those
 * below the new level) and its armed or disarmed wakeup, so a record logged
 * meanwhile is not lost as between an unlisten and a new listen. For a level
 * change, or the isolate's new owner id after app_core_shutdown. Returns
 * false, changing nothing, for unknown or already removed ids (also after
 * the owner's isolate ended or its port was found closed): listen anew then.
 * Any thread. Blocks only on the log lock. Leaf. */
APP_CORE_API bool app_core_log_relisten(int64_t listener, int32_t min_level, int64_t owner);

/* Removes a listener and frees its queued records. When it returns, no
 * wakeup post for it is in flight and none will follow, so the caller may
 * then close the port. Returns false for unknown or already removed ids
 * (also after the owner's isolate ended or its port was found closed). Any
 * thread. Blocks only on the log lock. Leaf. */
APP_CORE_API bool app_core_log_unlisten(int64_t listener);

/* Moves the oldest record of the listener's queue into *record and returns
 * true; record->message is then the caller's (app_core_string_free). When the
 * queue is empty it re-arms the wakeup and returns false with *record zeroed;
 * so does an unknown listener. *record's old contents are overwritten, not
 * freed. False if record is NULL. Any thread. Leaf. */
APP_CORE_API bool app_core_log_next(int64_t listener, app_core_log_record *record);

/* template:full-only-begin */
/* ------------------------------------------------------------------------ */
/* SHA-256 of bytes, and a hasher object                                     */
/* ------------------------------------------------------------------------ */

/* The most bytes app_core_sha256_bytes and app_core_hasher_update take in one
 * call: 64 KiB, hashed in about 0.04 ms where the CPU has SHA instructions
 * (tool/bench figure 8: about 1.6 GB/s) and about 0.3 ms on the portable C
 * path, so the calls stay short enough to be leaf calls (Dart passes a
 * Uint8List's .address only to leaf calls). It is also the size of the chunks
 * File.openRead yields. Longer inputs: app_core_sha256_bytes_async, or
 * several updates. */
#define APP_CORE_SHA256_BYTES_LEAF_MAX INT64_C(65536)

/* Bytes of a hex digest written by the functions below: 64 lowercase hex
 * digits and a NUL. */
#define APP_CORE_SHA256_HEX_SIZE 65

/* Writes the SHA-256 of data[0, length) to hex_out as 64 lowercase hex digits
 * and a NUL. `data` is borrowed for the call; `hex_out` is the caller's, at
 * least APP_CORE_SHA256_HEX_SIZE bytes (it may be a Uint8List's .address too).
 * data may be NULL when length is 0. Returns false on failure, with hex_out
 * (if not NULL) set to "".
 * Errors: INVALID_ARGUMENT (length < 0, length > APP_CORE_SHA256_BYTES_LEAF_MAX,
 * data NULL with length > 0, hex_out NULL). Never allocates on success. Leaf. */
APP_CORE_API bool app_core_sha256_bytes(const uint8_t *data, int64_t length, char *hex_out, app_core_error *error);

/* Copies data[0, length) (borrowed for the call) and hashes the copy on a
 * worker, then posts [0, "<64 lowercase hex digits>"]; for inputs above
 * APP_CORE_SHA256_BYTES_LEAF_MAX. Any length the memory holds. Errors arrive
 * as [1, ...]: INVALID_ARGUMENT (length < 0, data NULL with length > 0),
 * OUT_OF_MEMORY. Cancellable between 64 KiB blocks. The copy is a memcpy of
 * `length` bytes on the calling thread (about 0.1 ms per MiB). Leaf. */
APP_CORE_API int64_t app_core_sha256_bytes_async(const uint8_t *data, int64_t length, int64_t port);

/* An incremental SHA-256: new, any number of updates, finish, free. Opaque.
 * Owner: the caller, who frees it with app_core_hasher_free() exactly once
 * (in Dart: a NativeFinalizer on app_core_hasher_free, plus an explicit
 * close that detaches it). Threads: one call at a time per hasher, from any
 * thread; different hashers are independent. */
typedef struct app_core_hasher app_core_hasher;

/* A new hasher, or NULL with OUT_OF_MEMORY. Free it with
 * app_core_hasher_free(). Leaf. */
APP_CORE_API app_core_hasher *app_core_hasher_new(app_core_error *error);

/* Feeds data[0, length) (borrowed for the call; may be NULL when length is 0)
 * into the hash. Any split of the input gives the same digest. Returns false
 * on failure, and the hasher is then unchanged.
 * Errors: INVALID_ARGUMENT (hasher NULL, already finished, length < 0,
 * length > APP_CORE_SHA256_BYTES_LEAF_MAX, data NULL with length > 0). Leaf. */
APP_CORE_API bool app_core_hasher_update(app_core_hasher *hasher, const uint8_t *data, int64_t length,
                                         app_core_error *error);

/* Ends the hash and returns its 64 lowercase hex digits, owned by the caller
 * (free with app_core_string_free). The hasher is then finished: further
 * updates and finishes fail with INVALID_ARGUMENT; only free remains.
 * Errors: INVALID_ARGUMENT (hasher NULL, already finished), OUT_OF_MEMORY
 * (the hasher is then not finished, so finish may be retried). Leaf. */
APP_CORE_API char *app_core_hasher_finish(app_core_hasher *hasher, app_core_error *error);

/* Frees the hasher, finished or not. NULL is a no-op. Safe on any thread,
 * including a Dart NativeFinalizer thread and during isolate shutdown: it
 * takes no lock and never calls into Dart. No other call on this hasher may
 * be in flight, and the pointer is invalid afterwards. Leaf. */
APP_CORE_API void app_core_hasher_free(app_core_hasher *hasher);

/* template:full-only-end */
#ifdef __cplusplus
}
#endif

#endif /* APP_CORE_H */
