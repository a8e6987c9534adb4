/* async_sha256_bytes.c: app_core_sha256_bytes_async, for inputs too long for
 * one leaf call: the starter copies them, a worker hashes the copy. */
#include "core/string_alloc.h"
#include "core/task.h"
#include "sha256.h"

#define BLOCK_SIZE ((size_t)64 * 1024) /* bytes hashed between cancel checks */

static void sha256_bytes_run(app_core__task *task) {
  app_core__sha256 ctx;
  app_core__sha256_init(&ctx);
  for (size_t done = 0; done < task->input_length;) {
    if (app_core__task_cancelled(task)) return;
    size_t left = task->input_length - done;
    size_t n = left < BLOCK_SIZE ? left : BLOCK_SIZE;
    app_core__sha256_update(&ctx, task->input_bytes + done, n);
    done += n;
  }
  uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE];
  char hex[APP_CORE__SHA256_HEX_SIZE];
  app_core__sha256_final(&ctx, digest);
  app_core__sha256_hex(digest, hex);
  app_core__task_set_string(task, app_core__copy_bytes(hex, APP_CORE__SHA256_HEX_SIZE - 1));
}

int64_t app_core_sha256_bytes_async(const uint8_t *data, int64_t length, int64_t port) {
  return app_core__task_start_bytes(sha256_bytes_run, port, data, length, "sha256_bytes_async", 0);
}
