/*
 * file_reader.c: see file_reader.h.
 *
 * The reader and its thread share one struct, freed by whichever of the two
 * lets go last (refs): the thread, and its user (a task's worker, or the idle
 * cache while it keeps the reader). The user hands over one request at a time
 * and waits for its answer; the thread works without the lock. A user that
 * abandons a request detaches the thread and lets go of the struct at once;
 * the thread finds `abandoned` when its call returns, takes no further
 * request, frees what the request held and ends.
 *
 * Costs, for a small cached file: a thread start and four hand-overs each
 * cost a wake-up, so readers are kept parked for reuse (up to one per CPU;
 * app_core_shutdown stops and joins them, which never waits long since an
 * idle reader is in no call), and a whole-file read is one request. The
 * waiting user parks at once: spinning for the answer (50 us) made the
 * figure worse on a loaded 2-core machine, the reader then waiting for the
 * spinner's CPU.
 */
#include "file_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How often a waiting user looks at its cancel flag while a call is slow:
 * a fast call's answer wakes it at once, and a cancel is seen within this. */
#define CANCEL_POLL_NS UINT64_C(5000000)

#define REASON_SIZE 256

#define READ_ALL_CHUNK ((size_t)1 << 20)   /* bytes per read: the abandon check's granularity */
#define READ_ALL_FIRST ((size_t)64 * 1024) /* capacity when the size is unknown */

typedef enum request {
  REQUEST_NONE,
  REQUEST_OPEN,
  REQUEST_READ,
  REQUEST_READ_ALL,
  REQUEST_CLOSE,
  REQUEST_QUIT
} request;

typedef enum outcome {
  OUTCOME_OK,
  OUTCOME_OPEN_FAILED,
  OUTCOME_READ_FAILED,
  OUTCOME_TOO_LARGE,
  OUTCOME_NO_MEMORY
} outcome;

struct app_core__file_reader {
  app_core__mutex lock;
  app_core__cond changed; /* a request or an answer arrived */
  int32_t refs;           /* 2: the user and the thread */
  bool abandoned;         /* the user let go while a request was under way */
  request pending;        /* REQUEST_NONE once the thread answered */
  bool answered;
  /* The request: the user's, read-only for the thread while pending. */
  char *path;   /* REQUEST_OPEN, _READ_ALL: a copy, since the thread may outlive the user's */
  void *buffer; /* REQUEST_READ */
  size_t size;  /* REQUEST_READ; REQUEST_READ_ALL: the most bytes accepted */
  void (*release)(void *owner);
  void *owner;
  /* The answer. */
  outcome result;
  size_t got;
  app_core__bytes *bytes; /* REQUEST_READ_ALL */
  char reason[REASON_SIZE];
  /* The thread's own. */
  app_core__file file;
  bool open;
  bool has_size;
  uint64_t file_size;
  app_core__thread thread;
  app_core__file_reader *next_idle; /* in the cache */
};

static volatile int32_t readers_alive;
static volatile int32_t readers_started;
static void *volatile read_hook; /* an app_core__file_read_hook, or NULL */

/* Idle readers, parked for the next file task. */
static struct {
  app_core__mutex lock;
  app_core__file_reader *idle;
  uint32_t idle_count;
  uint32_t kept_max;
} cache;

static app_core__once cache_once = APP_CORE__ONCE_INIT;

/* What a forked child inherited: readers whose threads exist only in the
 * parent. Kept reachable (leak checkers stay quiet), never used. */
static app_core__file_reader *abandoned_by_fork;

static void add(volatile int32_t *counter, int32_t delta) {
  int32_t seen;
  do {
    seen = app_core__atomic_load_acquire_i32(counter);
  } while (!app_core__atomic_cas_i32(counter, seen, seen + delta));
}

/* In a forked child, the only thread: the cache lock may be held by a
 * parent's thread, and no reader thread exists here. */
static void forget_readers_after_fork(void) {
  abandoned_by_fork = cache.idle;
  cache.idle = NULL;
  cache.idle_count = 0;
  app_core__mutex_init(&cache.lock);
  app_core__atomic_store_release_i32(&readers_alive, 0);
}

static void init_cache(void) {
  app_core__mutex_init(&cache.lock);
  uint32_t cpus = app_core__cpu_count();
  cache.kept_max = cpus < 2 ? 2 : cpus > 64 ? 64 : cpus;
  app_core__at_fork_child(forget_readers_after_fork);
}

int32_t app_core__file_readers_alive(void) { return app_core__atomic_load_acquire_i32(&readers_alive); }

int32_t app_core__file_readers_started(void) { return app_core__atomic_load_acquire_i32(&readers_started); }

void app_core__file_reader_set_read_hook(app_core__file_read_hook hook) {
  void *pointer = NULL;
  if (hook != NULL) memcpy(&pointer, &hook, sizeof pointer);
  app_core__atomic_store_release_ptr(&read_hook, pointer);
}

static bool hooked_read(app_core__file *file, void *buffer, size_t size, size_t *got, char *reason,
                        size_t reason_size) {
  void *pointer = app_core__atomic_load_acquire_ptr(&read_hook);
  if (pointer == NULL) return app_core__file_read(file, buffer, size, got, reason, reason_size);
  app_core__file_read_hook hook;
  memcpy(&hook, &pointer, sizeof hook);
  return hook(file, buffer, size, got, reason, reason_size);
}

/* Lock held on entry, released on exit; frees the reader if the other side
 * has let go already. */
static void let_go_unlock(app_core__file_reader *reader) {
  bool last = --reader->refs == 0;
  app_core__mutex_unlock(&reader->lock);
  if (!last) return;
  app_core__cond_destroy(&reader->changed);
  app_core__mutex_destroy(&reader->lock);
  free(reader->path);
  free(reader);
}

static bool is_abandoned(app_core__file_reader *reader) {
  app_core__mutex_lock(&reader->lock);
  bool abandoned = reader->abandoned;
  app_core__mutex_unlock(&reader->lock);
  return abandoned;
}

static bool open_file(app_core__file_reader *reader, char *reason) {
  reader->open = app_core__file_open_regular(&reader->file, reader->path, reason, REASON_SIZE);
  reader->has_size = reader->open && app_core__file_size(&reader->file, &reader->file_size);
  return reader->open;
}

static void close_file(app_core__file_reader *reader) {
  if (reader->open) app_core__file_close(&reader->file);
  reader->open = false;
}

/* Reads the open file to its end into *bytes (moved as it grows), in
 * chunks, checking between chunks whether the user left. */
static outcome read_to_end(app_core__file_reader *reader, app_core__bytes **bytes, char *reason) {
  size_t max = reader->size;
  for (;;) {
    app_core__bytes *buffer = *bytes;
    if (buffer->length > max) return OUTCOME_TOO_LARGE; /* grew while being read */
    if (buffer->length == buffer->capacity) {
      size_t grown = buffer->capacity <= max / 2 ? buffer->capacity * 2 : max + 1;
      app_core__bytes *moved = app_core__bytes_resize(buffer, grown);
      if (moved == NULL) return OUTCOME_NO_MEMORY;
      *bytes = buffer = moved;
    }
    size_t room = buffer->capacity - buffer->length;
    size_t want = room < READ_ALL_CHUNK ? room : READ_ALL_CHUNK;
    size_t got = 0;
    if (!hooked_read(&reader->file, buffer->data + buffer->length, want, &got, reason, REASON_SIZE)) {
      return OUTCOME_READ_FAILED;
    }
    buffer->length += got;
    if (got < want) {
      app_core__bytes *fitted = app_core__bytes_resize(buffer, buffer->length); /* give back the slack */
      if (fitted != NULL) *bytes = fitted;
      return OUTCOME_OK;
    }
    if (is_abandoned(reader)) return OUTCOME_OK; /* nobody wants the rest */
  }
}

/* REQUEST_READ_ALL: the file's bytes into *out. The room for one byte more
 * than the size lets the read that finds the end of a file of the expected
 * size need no growth. Leaves the file closed. */
static outcome read_all(app_core__file_reader *reader, app_core__bytes **out, char *reason) {
  *out = NULL;
  if (!open_file(reader, reason)) return OUTCOME_OPEN_FAILED;
  outcome result = OUTCOME_TOO_LARGE;
  if (!reader->has_size || reader->file_size <= reader->size) {
    app_core__bytes *bytes = app_core__bytes_new(reader->has_size ? (size_t)reader->file_size + 1 : READ_ALL_FIRST);
    result = bytes != NULL ? read_to_end(reader, &bytes, reason) : OUTCOME_NO_MEMORY;
    if (result == OUTCOME_OK) {
      *out = bytes;
    } else {
      app_core__bytes_free(bytes);
    }
  }
  close_file(reader);
  return result;
}

/* Runs one request without the lock; the reader's file fields are the
 * thread's alone. */
static outcome serve(app_core__file_reader *reader, request kind, size_t *got, app_core__bytes **bytes, char *reason) {
  switch (kind) {
    case REQUEST_OPEN:
      return open_file(reader, reason) ? OUTCOME_OK : OUTCOME_OPEN_FAILED;
    case REQUEST_READ:
      return hooked_read(&reader->file, reader->buffer, reader->size, got, reason, REASON_SIZE) ? OUTCOME_OK
                                                                                                : OUTCOME_READ_FAILED;
    case REQUEST_READ_ALL:
      return read_all(reader, bytes, reason);
    default:
      close_file(reader);
      return OUTCOME_OK;
  }
}

static void reader_main(void *arg) {
  app_core__file_reader *reader = arg;
  app_core__bytes *bytes = NULL; /* a REQUEST_READ_ALL's, until it is answered */
  app_core__mutex_lock(&reader->lock);
  for (;;) {
    while (reader->pending == REQUEST_NONE) app_core__cond_wait(&reader->changed, &reader->lock);
    request kind = reader->pending;
    if (kind == REQUEST_QUIT || reader->abandoned) break;
    app_core__mutex_unlock(&reader->lock);
    size_t got = 0;
    char reason[REASON_SIZE] = "";
    outcome result = serve(reader, kind, &got, &bytes, reason);
    app_core__mutex_lock(&reader->lock);
    if (reader->abandoned) break;
    reader->result = result;
    reader->got = got;
    reader->bytes = bytes;
    bytes = NULL;
    memcpy(reader->reason, reason, sizeof reason);
    reader->pending = REQUEST_NONE;
    reader->answered = true;
    app_core__cond_broadcast(&reader->changed);
  }
  /* Quit, or abandoned: no request comes any more. */
  void (*release)(void *) = reader->abandoned && reader->pending == REQUEST_READ ? reader->release : NULL;
  void *owner = reader->owner;
  app_core__mutex_unlock(&reader->lock);
  if (release != NULL) release(owner);
  app_core__bytes_free(bytes);
  close_file(reader);
  app_core__mutex_lock(&reader->lock);
  let_go_unlock(reader);
  add(&readers_alive, -1);
}

/* Ends the thread, which lets go; so does the user. Never blocks. */
static void quit(app_core__file_reader *reader) {
  app_core__mutex_lock(&reader->lock);
  reader->pending = REQUEST_QUIT;
  app_core__cond_broadcast(&reader->changed);
  let_go_unlock(reader);
}

/* A parked reader from the cache, or a new one; NULL if no thread could
 * start. */
static app_core__file_reader *take_reader(void) {
  app_core__call_once(&cache_once, init_cache);
  app_core__mutex_lock(&cache.lock);
  app_core__file_reader *reader = cache.idle;
  if (reader != NULL) {
    cache.idle = reader->next_idle;
    cache.idle_count--;
  }
  app_core__mutex_unlock(&cache.lock);
  if (reader != NULL) return reader;
  reader = calloc(1, sizeof *reader);
  if (reader == NULL) return NULL;
  app_core__mutex_init(&reader->lock);
  app_core__cond_init(&reader->changed);
  reader->refs = 2;
  reader->pending = REQUEST_NONE;
  add(&readers_alive, 1);
  if (!app_core__thread_create(&reader->thread, reader_main, reader)) {
    add(&readers_alive, -1);
    app_core__cond_destroy(&reader->changed);
    app_core__mutex_destroy(&reader->lock);
    free(reader);
    return NULL;
  }
  add(&readers_started, 1);
  return reader;
}

/* Parks an idle reader (no file open, no request) for the next task, or ends
 * it if the cache is full. */
static void give_back(app_core__file_reader *reader) {
  app_core__mutex_lock(&cache.lock);
  bool kept = cache.idle_count < cache.kept_max;
  if (kept) {
    reader->next_idle = cache.idle;
    cache.idle = reader;
    cache.idle_count++;
  }
  app_core__mutex_unlock(&cache.lock);
  if (kept) return;
  app_core__thread_detach(&reader->thread);
  quit(reader);
}

void app_core__file_readers_shutdown(void) {
  app_core__call_once(&cache_once, init_cache);
  app_core__mutex_lock(&cache.lock);
  app_core__file_reader *idle = cache.idle;
  cache.idle = NULL;
  cache.idle_count = 0;
  app_core__mutex_unlock(&cache.lock);
  while (idle != NULL) {
    app_core__file_reader *next = idle->next_idle;
    app_core__thread thread = idle->thread; /* quit lets the thread free the reader */
    quit(idle);
    app_core__thread_join(&thread); /* parked in no call: it ends at once */
    idle = next;
  }
}

/* Stores a copy of `path` for the thread (lock held). */
static bool set_path(app_core__file_reader *reader, const char *path) {
  size_t path_size = strlen(path) + 1;
  char *copy = malloc(path_size);
  if (copy == NULL) return false;
  memcpy(copy, path, path_size);
  free(reader->path);
  reader->path = copy;
  return true;
}

/* Hands `kind` (its fields set, lock held) to the thread and waits for the
 * answer while *cancelled is 0. Releases the lock, and on CANCELLED detaches
 * the thread and lets go of the reader. Else the answer is in the reader's
 * fields, which the user may read until its next request. */
static app_core__read_status ask(app_core__file_reader *reader, request kind, volatile int32_t *cancelled, char *reason,
                                 size_t reason_size) {
  reader->pending = kind;
  reader->answered = false;
  app_core__cond_broadcast(&reader->changed);
  while (!reader->answered) {
    if (app_core__atomic_load_relaxed_i32(cancelled) != 0) {
      reader->abandoned = true;
      app_core__thread_detach(&reader->thread);
      let_go_unlock(reader);
      return APP_CORE__READ_CANCELLED;
    }
    (void)app_core__cond_timedwait(&reader->changed, &reader->lock, CANCEL_POLL_NS);
  }
  bool ok = reader->result == OUTCOME_OK;
  if (!ok && reason != NULL) (void)snprintf(reason, reason_size, "%s", reader->reason);
  app_core__mutex_unlock(&reader->lock);
  return ok ? APP_CORE__READ_OK : APP_CORE__READ_FAILED;
}

/* A reader for `path`, its lock held; NULL if no reader thread could start
 * (*no_thread set) or the path could not be copied. */
static app_core__file_reader *locked_reader_for(const char *path, bool *no_thread) {
  app_core__file_reader *reader = take_reader();
  if (reader == NULL) {
    *no_thread = true;
    return NULL;
  }
  app_core__mutex_lock(&reader->lock);
  if (set_path(reader, path)) return reader;
  app_core__mutex_unlock(&reader->lock);
  give_back(reader);
  return NULL;
}

app_core__read_status app_core__file_reader_open(app_core__file_reader **reader_out, const char *path,
                                                 volatile int32_t *cancelled, char *reason, size_t reason_size) {
  *reader_out = NULL;
  bool no_thread = false;
  app_core__file_reader *reader = locked_reader_for(path, &no_thread);
  if (reader == NULL) {
    (void)snprintf(reason, reason_size, no_thread ? "cannot start a reader thread" : "out of memory");
    return APP_CORE__READ_FAILED;
  }
  app_core__read_status status = ask(reader, REQUEST_OPEN, cancelled, reason, reason_size);
  if (status == APP_CORE__READ_OK) {
    *reader_out = reader;
  } else if (status == APP_CORE__READ_FAILED) {
    give_back(reader); /* nothing is open */
  }
  return status;
}

bool app_core__file_reader_size(const app_core__file_reader *reader, uint64_t *size) {
  if (!reader->has_size) return false; /* written by the thread before it answered the open */
  *size = reader->file_size;
  return true;
}

app_core__read_status app_core__file_reader_read(app_core__file_reader *reader, void *buffer, size_t size, size_t *got,
                                                 void (*release)(void *owner), void *owner, volatile int32_t *cancelled,
                                                 char *reason, size_t reason_size) {
  *got = 0;
  app_core__mutex_lock(&reader->lock);
  reader->buffer = buffer;
  reader->size = size;
  reader->release = release;
  reader->owner = owner;
  app_core__read_status status = ask(reader, REQUEST_READ, cancelled, reason, reason_size);
  if (status == APP_CORE__READ_OK) *got = reader->got;
  return status;
}

void app_core__file_reader_close(app_core__file_reader *reader, volatile int32_t *cancelled) {
  app_core__mutex_lock(&reader->lock);
  if (ask(reader, REQUEST_CLOSE, cancelled, NULL, 0) != APP_CORE__READ_CANCELLED) give_back(reader);
}

app_core__read_status app_core__file_read_all(const char *path, size_t max_bytes, app_core__bytes **bytes,
                                              app_core__read_failure *failure, volatile int32_t *cancelled,
                                              char *reason, size_t reason_size) {
  *bytes = NULL;
  *failure = APP_CORE__READ_FAILURE_OPEN;
  bool no_thread = false;
  app_core__file_reader *reader = locked_reader_for(path, &no_thread);
  if (reader == NULL) {
    if (no_thread) {
      (void)snprintf(reason, reason_size, "cannot start a reader thread");
    } else {
      *failure = APP_CORE__READ_FAILURE_OUT_OF_MEMORY;
    }
    return APP_CORE__READ_FAILED;
  }
  reader->size = max_bytes;
  app_core__read_status status = ask(reader, REQUEST_READ_ALL, cancelled, reason, reason_size);
  if (status == APP_CORE__READ_CANCELLED) return status; /* the thread frees the bytes, if any */
  /* The answer is ours until the next request: no lock needed. */
  *bytes = reader->bytes;
  reader->bytes = NULL;
  static const app_core__read_failure failures[] = {
      [OUTCOME_OK] = APP_CORE__READ_FAILURE_OPEN,
      [OUTCOME_OPEN_FAILED] = APP_CORE__READ_FAILURE_OPEN,
      [OUTCOME_READ_FAILED] = APP_CORE__READ_FAILURE_READ,
      [OUTCOME_TOO_LARGE] = APP_CORE__READ_FAILURE_TOO_LARGE,
      [OUTCOME_NO_MEMORY] = APP_CORE__READ_FAILURE_OUT_OF_MEMORY,
  };
  *failure = failures[reader->result];
  give_back(reader);
  return status;
}
