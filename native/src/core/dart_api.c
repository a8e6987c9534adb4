/*
 * dart_api.c: app_core_init_dart_api() and posting through the looked-up table.
 *
 * The function pointers are published with release stores and read with
 * acquire loads, so a worker that sees "ready" also sees a complete table.
 * Re-initialising (hot restart, a second isolate) stores the same VM's
 * pointers again, which is harmless to concurrent posters.
 */
#include "dart_api.h"

#include <string.h>

#include "app_core.h"
#include "platform.h"

static void *volatile post_cobject;      /* Dart_PostCObject_Type; NULL until initialised */
static void *volatile new_native_port;   /* Dart_NewNativePort_Type */
static void *volatile close_native_port; /* Dart_CloseNativePort_Type */

/* Function and data pointers have one size on every platform Dart runs on. */
static void *function_to_pointer(void (*function)(void)) {
  void *pointer;
  memcpy(&pointer, &function, sizeof pointer);
  return pointer;
}

static void (*find_function(const app_core__dart_api_entry *entries, const char *name))(void) {
  for (const app_core__dart_api_entry *entry = entries; entry->name != NULL; entry++) {
    if (strcmp(entry->name, name) == 0) return entry->function;
  }
  return NULL;
}

intptr_t app_core_init_dart_api(void *data) {
  const app_core__dart_api_data *api = data;
  if (api == NULL || api->major != APP_CORE__DART_API_DL_MAJOR_VERSION || api->functions == NULL) return -1;
  /* All four must exist for the table to be the one we were built against;
   * Dart_PostInteger is not called today. The port functions are published
   * before post_cobject, so whoever sees "ready" sees them too. */
  static const char *const required[] = {"Dart_PostCObject", "Dart_PostInteger", "Dart_NewNativePort",
                                         "Dart_CloseNativePort"};
  for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
    if (find_function(api->functions, required[i]) == NULL) return -1;
  }
  app_core__atomic_store_release_ptr(&new_native_port,
                                     function_to_pointer(find_function(api->functions, "Dart_NewNativePort")));
  app_core__atomic_store_release_ptr(&close_native_port,
                                     function_to_pointer(find_function(api->functions, "Dart_CloseNativePort")));
  app_core__atomic_store_release_ptr(&post_cobject,
                                     function_to_pointer(find_function(api->functions, "Dart_PostCObject")));
  return 0;
}

void app_core__dart_api_reset(void) { app_core__atomic_store_release_ptr(&post_cobject, NULL); }

bool app_core__dart_ready(void) { return app_core__atomic_load_acquire_ptr(&post_cobject) != NULL; }

bool app_core__dart_post(Dart_Port port, Dart_CObject *message) {
  void *pointer = app_core__atomic_load_acquire_ptr(&post_cobject);
  if (pointer == NULL) return false;
  Dart_PostCObject_Type post;
  memcpy(&post, &pointer, sizeof post);
  return post(port, message);
}

Dart_Port app_core__dart_new_native_port(const char *name, Dart_NativeMessageHandler handler) {
  void *pointer = app_core__atomic_load_acquire_ptr(&new_native_port);
  if (pointer == NULL || !app_core__dart_ready()) return APP_CORE__ILLEGAL_PORT;
  Dart_NewNativePort_Type create;
  memcpy(&create, &pointer, sizeof create);
  return create(name, handler, false);
}

bool app_core__dart_close_native_port(Dart_Port port) {
  void *pointer = app_core__atomic_load_acquire_ptr(&close_native_port);
  if (pointer == NULL) return false;
  Dart_CloseNativePort_Type close_port;
  memcpy(&close_port, &pointer, sizeof close_port);
  return close_port(port);
}
