/* bytes.c: byte buffers handed to Dart as external typed data, freed exactly
 * once by whichever of the poster and the VM's finalizer lets go last (see
 * bytes.h for the VM behaviour this relies on). */
#include "bytes.h"

#include <stdlib.h>

#include "dart_message.h"
#include "platform.h"

static volatile int32_t live_buffers;

static void count_live(int32_t delta) {
  int32_t seen;
  do {
    seen = app_core__atomic_load_relaxed_i32(&live_buffers);
  } while (!app_core__atomic_cas_i32(&live_buffers, seen, seen + delta));
}

int32_t app_core__bytes_live_count(void) { return app_core__atomic_load_acquire_i32(&live_buffers); }

static bool block_size(size_t capacity, size_t *size) {
  if (capacity > SIZE_MAX - sizeof(app_core__bytes)) return false;
  *size = sizeof(app_core__bytes) + capacity;
  return true;
}

app_core__bytes *app_core__bytes_new(size_t capacity) {
  size_t size;
  if (!block_size(capacity, &size)) return NULL;
  app_core__bytes *bytes = malloc(size);
  if (bytes == NULL) return NULL;
  bytes->released_once = 0;
  bytes->length = 0;
  bytes->capacity = capacity;
  count_live(1);
  return bytes;
}

app_core__bytes *app_core__bytes_resize(app_core__bytes *bytes, size_t capacity) {
  size_t size;
  if (!block_size(capacity, &size)) return NULL;
  app_core__bytes *moved = realloc(bytes, size);
  if (moved == NULL) return NULL;
  moved->capacity = capacity;
  if (moved->length > capacity) moved->length = capacity;
  return moved;
}

void app_core__bytes_free(app_core__bytes *bytes) {
  if (bytes == NULL) return;
  free(bytes);
  count_live(-1);
}

/* The second of the two owners to get here frees the buffer. The CAS is
 * acquire-release, so the freeing thread sees everything the other owner did
 * with the buffer before letting go. */
static void release(app_core__bytes *bytes) {
  if (!app_core__atomic_cas_i32(&bytes->released_once, 0, 1)) app_core__bytes_free(bytes);
}

/* The VM's finalizer: any VM thread, maybe inside the post itself. Never calls into Dart. */
static void finalize(void *isolate_callback_data, void *peer) {
  (void)isolate_callback_data;
  release(peer);
}

bool app_core__bytes_post_value(Dart_Port port, app_core__bytes *bytes) {
  app_core__message message;
  Dart_CObject *object =
      app_core__message_value_external_bytes(&message, bytes->data, (intptr_t)bytes->length, bytes, finalize);
  if (app_core__dart_post(port, object)) {
    release(bytes); /* the finalizer, maybe already run, owns the rest */
    return true;
  }
  app_core__bytes_free(bytes); /* refused: the VM keeps nothing, whether or not its finalizer ran */
  return false;
}
