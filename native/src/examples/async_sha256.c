/* async_sha256.c: app_core_sha256_file_async, streaming a file through
 * SHA-256 on a worker with throttled progress and a cancel check per block.
 * Only regular files are hashed: a pipe or device could block the worker in
 * open or read, where no cancel reaches it, or never end (/dev/zero). */
#include <stdlib.h>

#include "core/platform.h"
#include "core/string_alloc.h"
#include "core/task.h"
#include "sha256.h"

#define BLOCK_SIZE (64 * 1024)
#define PROGRESS_INTERVAL_NS UINT64_C(50000000) /* at most ~20 items a second */
#define REASON_SIZE 256

static void fail_io(app_core__task *task, const char *what, const char *path, const char *reason) {
  app_core__task_set_error(task, APP_CORE_IO,
                           app_core__format("sha256_file_async: cannot %s '%s': %s", what, path, reason));
}

static void hash_stream(app_core__task *task, app_core__file *file, const char *path, unsigned char *block) {
  app_core__sha256 ctx;
  app_core__sha256_init(&ctx);
  uint64_t hashed = 0, last_progress_ns = app_core__now_ns();
  int64_t last_item = -1; /* items strictly increase: the full size is posted once */
  for (;;) {
    if (app_core__task_cancelled(task)) return;
    size_t got = 0;
    char reason[REASON_SIZE];
    if (!app_core__file_read(file, block, BLOCK_SIZE, &got, reason, sizeof reason)) {
      fail_io(task, "read", path, reason);
      return;
    }
    app_core__sha256_update(&ctx, block, got);
    hashed += got;
    if (got < BLOCK_SIZE) break; /* the end of the file */
    uint64_t now = app_core__now_ns();
    if (now - last_progress_ns >= PROGRESS_INTERVAL_NS) {
      last_progress_ns = now;
      if (!app_core__task_post_item(task, (int64_t)hashed)) return;
      last_item = (int64_t)hashed;
    }
  }
  /* The full-size item, unless the last full block's item already said it (a
   * size that is a multiple of BLOCK_SIZE ends with an empty read). */
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
  if (!app_core__file_open_regular(&file, path, reason, sizeof reason)) {
    fail_io(task, "open", path, reason);
    return;
  }
  unsigned char *block = malloc(BLOCK_SIZE);
  if (block == NULL) {
    app_core__task_set_error(task, APP_CORE_OUT_OF_MEMORY, NULL);
  } else {
    hash_stream(task, &file, path, block);
    free(block);
  }
  app_core__file_close(&file);
}

int64_t app_core_sha256_file_async(const char *path, int64_t port) {
  return app_core__task_start_text(sha256_run, port, path, "sha256_file_async: path", 0);
}
