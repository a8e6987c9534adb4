/* sha256_bytes.c: SHA-256 of bytes Dart passes by address in leaf calls: one
 * shot (app_core_sha256_bytes) and incremental (app_core_hasher_*). Each call
 * takes at most APP_CORE_SHA256_BYTES_LEAF_MAX bytes, so it stays short. */
#include <stdlib.h>

#include "core/errors.h"
#include "core/string_alloc.h"
#include "sha256.h"

_Static_assert(APP_CORE_SHA256_HEX_SIZE == APP_CORE__SHA256_HEX_SIZE, "public and internal hex sizes differ");

struct app_core_hasher {
  app_core__sha256 ctx;
  bool finished;
};

/* Checks one leaf call's input; `what` names the function in the message. */
static bool leaf_input_ok(const uint8_t *data, int64_t length, const char *what, app_core_error *error) {
  if (length < 0 || length > APP_CORE_SHA256_BYTES_LEAF_MAX) {
    app_core__error_set(error, APP_CORE_INVALID_ARGUMENT,
                        "%s: length %lld is outside 0..%lld (APP_CORE_SHA256_BYTES_LEAF_MAX; longer inputs: "
                        "app_core_sha256_bytes_async or several updates)",
                        what, (long long)length, (long long)APP_CORE_SHA256_BYTES_LEAF_MAX);
    return false;
  }
  if (data == NULL && length > 0) {
    app_core__error_set(error, APP_CORE_INVALID_ARGUMENT, "%s: data is NULL but length is %lld", what,
                        (long long)length);
    return false;
  }
  return true;
}

bool app_core_sha256_bytes(const uint8_t *data, int64_t length, char *hex_out, app_core_error *error) {
  app_core__error_begin(error);
  if (hex_out != NULL) hex_out[0] = '\0';
  if (hex_out == NULL) {
    app_core__error_set(error, APP_CORE_INVALID_ARGUMENT, "sha256_bytes: hex_out is NULL");
    return false;
  }
  if (!leaf_input_ok(data, length, "sha256_bytes", error)) return false;
  app_core__sha256 ctx;
  uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE];
  app_core__sha256_init(&ctx);
  app_core__sha256_update(&ctx, data, (size_t)length);
  app_core__sha256_final(&ctx, digest);
  app_core__sha256_hex(digest, hex_out);
  return true;
}

app_core_hasher *app_core_hasher_new(app_core_error *error) {
  app_core__error_begin(error);
  app_core_hasher *hasher = malloc(sizeof *hasher);
  if (hasher == NULL) {
    app_core__error_set(error, APP_CORE_OUT_OF_MEMORY, "hasher_new: out of memory");
    return NULL;
  }
  app_core__sha256_init(&hasher->ctx);
  hasher->finished = false;
  return hasher;
}

static bool hasher_usable(const app_core_hasher *hasher, const char *what, app_core_error *error) {
  if (hasher == NULL) {
    app_core__error_set(error, APP_CORE_INVALID_ARGUMENT, "%s: hasher is NULL", what);
    return false;
  }
  if (hasher->finished) {
    app_core__error_set(error, APP_CORE_INVALID_ARGUMENT, "%s: hasher already finished", what);
    return false;
  }
  return true;
}

bool app_core_hasher_update(app_core_hasher *hasher, const uint8_t *data, int64_t length, app_core_error *error) {
  app_core__error_begin(error);
  if (!hasher_usable(hasher, "hasher_update", error) || !leaf_input_ok(data, length, "hasher_update", error))
    return false;
  app_core__sha256_update(&hasher->ctx, data, (size_t)length);
  return true;
}

char *app_core_hasher_finish(app_core_hasher *hasher, app_core_error *error) {
  app_core__error_begin(error);
  if (!hasher_usable(hasher, "hasher_finish", error)) return NULL;
  char *hex = app_core__alloc_string(APP_CORE__SHA256_HEX_SIZE - 1);
  if (hex == NULL) { /* before touching the state, so finish can be retried */
    app_core__error_set(error, APP_CORE_OUT_OF_MEMORY, "hasher_finish: out of memory");
    return NULL;
  }
  uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE];
  app_core__sha256_final(&hasher->ctx, digest);
  app_core__sha256_hex(digest, hex);
  hasher->finished = true;
  return hex;
}

void app_core_hasher_free(app_core_hasher *hasher) { free(hasher); }
