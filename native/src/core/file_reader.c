/*
 * file_reader.c: see file_reader.h.
 *
 * The reader and its thread share one struct, freed by whichever of the two
 * lets go last (refs). The caller hands over one request at a time (open,
 * read, quit) and waits for its answer; the thread works without the lock.
 * A caller that abandons a request lets go of the struct at once; the thread
 * finds `abandoned` when its call returns, takes no further request, frees
 * the request's buffer and ends.
 */
#include "file_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How often a waiting caller looks at its cancel flag while a call is slow:
 * a fast call's answer wakes it at once, and a cancel is seen within this. */
#define CANCEL_POLL_NS UINT64_C(5000000)

#define REASON_SIZE 256

typedef enum request { REQUEST_NONE, REQUEST_OPEN, REQUEST_READ, REQUEST_CLOSE, REQUEST_QUIT } request;

struct app_core__file_reader {
  app_core__mutex lock;
  app_core__cond changed; /* a request or an answer arrived */
  int32_t refs;           /* 2: the caller and the thread */
  bool abandoned;         /* the caller let go while a request was under way */
  request pending;        /* REQUEST_NONE once the thread answered */
  bool answered;
  /* The request: the caller's, read-only for the thread while pending. */
  char *path;   /* REQUEST_OPEN: a copy, since the thread may outlive the caller's */
  void *buffer; /* REQUEST_READ */
  size_t size;
  void (*release)(void *owner);
  void *owner;
  /* The answer. */
  bool ok;
  size_t got;
  char reason[REASON_SIZE];
  /* The thread's own. */
  app_core__file file;
  bool open;
  bool has_size;
  uint64_t file_size;
  app_core__thread thread;
};

static volatile int32_t readers_alive;
static void *volatile read_hook; /* an app_core__file_read_hook, or NULL */

static void add_alive(int32_t delta) {
  int32_t seen;
  do {
    seen = app_core__atomic_load_acquire_i32(&readers_alive);
  } while (!app_core__atomic_cas_i32(&readers_alive, seen, seen + delta));
}

int32_t app_core__file_readers_alive(void) { return app_core__atomic_load_acquire_i32(&readers_alive); }

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

/* Runs one request without the lock; the reader's file fields are the
 * thread's alone. */
static bool serve(app_core__file_reader *reader, request kind, size_t *got, char *reason) {
  if (kind == REQUEST_OPEN) {
    reader->open = app_core__file_open_regular(&reader->file, reader->path, reason, REASON_SIZE);
    if (reader->open) reader->has_size = app_core__file_size(&reader->file, &reader->file_size);
    return reader->open;
  }
  if (kind == REQUEST_CLOSE) {
    if (reader->open) app_core__file_close(&reader->file);
    reader->open = false;
    return true;
  }
  return hooked_read(&reader->file, reader->buffer, reader->size, got, reason, REASON_SIZE);
}

static void reader_main(void *arg) {
  app_core__file_reader *reader = arg;
  app_core__mutex_lock(&reader->lock);
  for (;;) {
    while (reader->pending == REQUEST_NONE) app_core__cond_wait(&reader->changed, &reader->lock);
    request kind = reader->pending;
    if (kind == REQUEST_QUIT || reader->abandoned) break;
    app_core__mutex_unlock(&reader->lock);
    size_t got = 0;
    char reason[REASON_SIZE] = "";
    bool ok = serve(reader, kind, &got, reason);
    app_core__mutex_lock(&reader->lock);
    if (reader->abandoned) break;
    reader->ok = ok;
    reader->got = got;
    memcpy(reader->reason, reason, sizeof reason);
    reader->pending = REQUEST_NONE;
    reader->answered = true;
    app_core__cond_broadcast(&reader->changed);
  }
  /* Quit, or abandoned: no request comes any more. */
  void (*release)(void *) = reader->abandoned && reader->pending == REQUEST_READ ? reader->release : NULL;
  void *owner = reader->owner;
  bool open = reader->open;
  app_core__mutex_unlock(&reader->lock);
  if (release != NULL) release(owner);
  if (open) app_core__file_close(&reader->file);
  app_core__mutex_lock(&reader->lock);
  let_go_unlock(reader);
  add_alive(-1);
}

/* Ends the thread, which lets go; so does the caller. Never blocks. */
static void quit(app_core__file_reader *reader) {
  app_core__mutex_lock(&reader->lock);
  reader->pending = REQUEST_QUIT;
  app_core__cond_broadcast(&reader->changed);
  let_go_unlock(reader);
}

/* Hands `kind` (its fields set, lock held) to the thread and waits for the
 * answer while *cancelled is 0. Releases the lock, and on CANCELLED lets go
 * of the reader. */
static app_core__read_status ask(app_core__file_reader *reader, request kind, volatile int32_t *cancelled, size_t *got,
                                 char *reason, size_t reason_size) {
  reader->pending = kind;
  reader->answered = false;
  app_core__cond_broadcast(&reader->changed);
  while (!reader->answered) {
    if (app_core__atomic_load_relaxed_i32(cancelled) != 0) {
      reader->abandoned = true;
      let_go_unlock(reader);
      return APP_CORE__READ_CANCELLED;
    }
    (void)app_core__cond_timedwait(&reader->changed, &reader->lock, CANCEL_POLL_NS);
  }
  bool ok = reader->ok;
  if (got != NULL) *got = reader->got;
  if (!ok) (void)snprintf(reason, reason_size, "%s", reader->reason);
  app_core__mutex_unlock(&reader->lock);
  return ok ? APP_CORE__READ_OK : APP_CORE__READ_FAILED;
}

app_core__read_status app_core__file_reader_open(app_core__file_reader **reader_out, const char *path,
                                                 volatile int32_t *cancelled, char *reason, size_t reason_size) {
  *reader_out = NULL;
  app_core__file_reader *reader = calloc(1, sizeof *reader);
  size_t path_size = strlen(path) + 1;
  char *path_copy = reader != NULL ? malloc(path_size) : NULL;
  if (path_copy == NULL) {
    free(reader);
    (void)snprintf(reason, reason_size, "out of memory");
    return APP_CORE__READ_FAILED;
  }
  memcpy(path_copy, path, path_size);
  reader->path = path_copy;
  app_core__mutex_init(&reader->lock);
  app_core__cond_init(&reader->changed);
  reader->refs = 2;
  reader->pending = REQUEST_NONE;
  add_alive(1);
  if (!app_core__thread_create(&reader->thread, reader_main, reader)) {
    add_alive(-1);
    app_core__cond_destroy(&reader->changed);
    app_core__mutex_destroy(&reader->lock);
    free(reader->path);
    free(reader);
    (void)snprintf(reason, reason_size, "cannot start a reader thread");
    return APP_CORE__READ_FAILED;
  }
  app_core__thread_detach(&reader->thread);
  app_core__mutex_lock(&reader->lock);
  app_core__read_status status = ask(reader, REQUEST_OPEN, cancelled, NULL, reason, reason_size);
  if (status == APP_CORE__READ_OK) {
    *reader_out = reader;
  } else if (status == APP_CORE__READ_FAILED) {
    quit(reader); /* nothing is open */
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
  return ask(reader, REQUEST_READ, cancelled, got, reason, reason_size);
}

void app_core__file_reader_close(app_core__file_reader *reader, volatile int32_t *cancelled) {
  char reason[REASON_SIZE];
  app_core__mutex_lock(&reader->lock);
  if (ask(reader, REQUEST_CLOSE, cancelled, NULL, reason, sizeof reason) != APP_CORE__READ_CANCELLED) quit(reader);
}
