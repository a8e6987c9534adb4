/* async_sha256.c: app_core_sha256_file_async, streaming a file through
 * SHA-256 on a worker with throttled progress and a cancel check per block.
 * Only regular files are hashed: a pipe or device could block the worker in
 * open or read, where no cancel reaches it, or never end (/dev/zero). Even a
 * regular file's open or read may never return (a stalled FUSE or NFS
 * server): they are calls a cancel abandons (core/file_reader.h). */
#include <stdlib.h>

#include "core/file_reader.h"
#include "core/string_alloc.h"
#include "core/task.h"
#include "sha256.h"

#define READ_SIZE ((size_t)1 << 20)             /* bytes per read */
#define BLOCK_SIZE ((size_t)64 * 1024)          /* bytes hashed between cancel checks */
#define PROGRESS_INTERVAL_NS UINT64_C(50000000) /* at most ~20 items a second */
#define REASON_SIZE 256

static void fail_io(app_core__task *task, const char *what, const char *path, const char *reason) {
  app_core__task_set_error(task, APP_CORE_IO,
                           app_core__format("sha256_file_async: cannot %s '%s': %s", what, path, reason));
}

/* Hashes the file through `buffer` (READ_SIZE bytes), setting the outcome.
 * Returns without one if cancelled or abandoned in a read. */
static void hash_stream(app_core__task *task, app_core__file *file, const char *path, unsigned char *buffer) {
  app_core__sha256 ctx;
  app_core__sha256_init(&ctx);
  uint64_t hashed = 0, last_progress_ns = app_core__now_ns();
  int64_t last_item = -1; /* items strictly increase: the full size is posted once */
  for (;;) {
    size_t got = 0;
    char reason[REASON_SIZE];
    app_core__read_status status = app_core__file_task_read(task, file, buffer, READ_SIZE, &got, reason, sizeof reason);
    if (status == APP_CORE__READ_CANCELLED) return;
    if (status == APP_CORE__READ_FAILED) {
      fail_io(task, "read", path, reason);
      return;
    }
    for (size_t done = 0; done < got;) {
      if (app_core__task_cancelled(task)) return;
      size_t n = got - done < BLOCK_SIZE ? got - done : BLOCK_SIZE;
      app_core__sha256_update(&ctx, buffer + done, n);
      done += n;
      hashed += n;
      uint64_t now = app_core__now_ns();
      if (now - last_progress_ns >= PROGRESS_INTERVAL_NS) {
        last_progress_ns = now;
        if (!app_core__task_post_item(task, (int64_t)hashed)) return;
        last_item = (int64_t)hashed;
      }
    }
    if (got < READ_SIZE) break; /* the end of the file */
  }
  /* The full-size item, unless the last progress item already said it. */
  if (last_item != (int64_t)hashed && !app_core__task_post_item(task, (int64_t)hashed)) return;
  uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE];
  char hex[APP_CORE__SHA256_HEX_SIZE];
  app_core__sha256_final(&ctx, digest);
  app_core__sha256_hex(digest, hex);
  app_core__task_set_string(task, app_core__copy_bytes(hex, APP_CORE__SHA256_HEX_SIZE - 1));
}

static void sha256_run(app_core__task *task) {
  const char *path = task->input_text;
  char reason[REASON_SIZE];
  app_core__file file;
  app_core__read_status status = app_core__file_task_open(task, &file, path, NULL, NULL, reason, sizeof reason);
  if (status == APP_CORE__READ_FAILED) fail_io(task, "open", path, reason);
  if (status != APP_CORE__READ_OK) return; /* failed, or cancelled: answers [2] */
  unsigned char *buffer = malloc(READ_SIZE);
  if (buffer == NULL) {
    app_core__task_set_error(task, APP_CORE_OUT_OF_MEMORY, NULL);
  } else {
    hash_stream(task, &file, path, buffer);
  }
  free(buffer);
  (void)app_core__file_task_close(task, &file); /* if abandoned in it, the runtime drops the outcome */
}

int64_t app_core_sha256_file_async(const char *path, int64_t port) {
  return app_core__task_start_text(sha256_run, port, path, "sha256_file_async: path", 0);
}
