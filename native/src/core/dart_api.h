/*
 * dart_api.h: the slice of the Dart VM's native API the core uses, declared
 * here from the published ABI (dart_native_api.h, dart_api_dl.h; DL major
 * version 2) so the project vendors no Dart source.
 */
#ifndef APP_CORE_DART_API_H
#define APP_CORE_DART_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t Dart_Port;
#define APP_CORE__ILLEGAL_PORT ((Dart_Port)0)

typedef enum {
  Dart_CObject_kNull = 0,
  Dart_CObject_kBool,
  Dart_CObject_kInt32,
  Dart_CObject_kInt64,
  Dart_CObject_kDouble,
  Dart_CObject_kString,
  Dart_CObject_kArray,
  Dart_CObject_kTypedData,
  Dart_CObject_kExternalTypedData,
  Dart_CObject_kSendPort,
  Dart_CObject_kCapability,
  Dart_CObject_kNativePointer,
  Dart_CObject_kUnsupported,
  /* Appended later (the VM only adds at the end): 13, not next to kExternalTypedData. */
  Dart_CObject_kUnmodifiableExternalTypedData,
  Dart_CObject_kNumberOfTypes
} Dart_CObject_Type;

typedef enum {
  Dart_TypedData_kByteData = 0,
  Dart_TypedData_kInt8,
  Dart_TypedData_kUint8,
  Dart_TypedData_kUint8Clamped,
  Dart_TypedData_kInt16,
  Dart_TypedData_kUint16,
  Dart_TypedData_kInt32,
  Dart_TypedData_kUint32,
  Dart_TypedData_kInt64,
  Dart_TypedData_kUint64,
  Dart_TypedData_kFloat32,
  Dart_TypedData_kFloat64,
  Dart_TypedData_kInt32x4,
  Dart_TypedData_kFloat32x4,
  Dart_TypedData_kFloat64x2,
  Dart_TypedData_kInvalid
} Dart_TypedData_Type;

typedef void (*Dart_HandleFinalizer)(void *isolate_callback_data, void *peer);

typedef struct _Dart_CObject {
  Dart_CObject_Type type;
  union {
    bool as_bool;
    int32_t as_int32;
    int64_t as_int64;
    double as_double;
    const char *as_string;
    struct {
      Dart_Port id;
      Dart_Port origin_id;
    } as_send_port;
    struct {
      int64_t id;
    } as_capability;
    struct {
      intptr_t length;
      struct _Dart_CObject **values;
    } as_array;
    struct {
      Dart_TypedData_Type type;
      intptr_t length; /* in elements */
      const uint8_t *values;
    } as_typed_data;
    struct {
      Dart_TypedData_Type type;
      intptr_t length; /* in elements */
      uint8_t *data;
      void *peer;
      Dart_HandleFinalizer callback;
    } as_external_typed_data;
    struct {
      intptr_t ptr;
      intptr_t size;
      Dart_HandleFinalizer callback;
    } as_native_pointer;
  } value;
} Dart_CObject;

typedef void (*Dart_NativeMessageHandler)(Dart_Port dest_port_id, Dart_CObject *message);

/* The VM functions the core looks up, with their published signatures. */
typedef bool (*Dart_PostCObject_Type)(Dart_Port port_id, Dart_CObject *message);
typedef bool (*Dart_PostInteger_Type)(Dart_Port port_id, int64_t message);
typedef Dart_Port (*Dart_NewNativePort_Type)(const char *name, Dart_NativeMessageHandler handler,
                                             bool handle_concurrently);
typedef bool (*Dart_CloseNativePort_Type)(Dart_Port native_port_id);

/* What NativeApi.initializeApiDLData points to: a version and a table of
 * named functions that ends at a NULL name. */
typedef struct app_core__dart_api_entry {
  const char *name;
  void (*function)(void);
} app_core__dart_api_entry;

typedef struct app_core__dart_api_data {
  int major;
  int minor;
  const app_core__dart_api_entry *functions;
} app_core__dart_api_data;

#define APP_CORE__DART_API_DL_MAJOR_VERSION 2

/* True once app_core_init_dart_api() has succeeded. */
bool app_core__dart_ready(void);

/* Forgets the table, as in a process that never initialised; the tests use
 * it to reach that state whatever ran before in the same process. */
void app_core__dart_api_reset(void);

/* Dart_PostCObject through the table; false if not initialised or the VM
 * refused (port closed). The VM copies the message before returning. */
bool app_core__dart_post(Dart_Port port, Dart_CObject *message);

/* Dart_NewNativePort through the table (handle_concurrently false: the VM
 * ignores it anyway); ILLEGAL_PORT if not initialised or the VM refused. */
Dart_Port app_core__dart_new_native_port(const char *name, Dart_NativeMessageHandler handler);

/* Dart_CloseNativePort through the table; false if not initialised or the
 * port is not an open native port. */
bool app_core__dart_close_native_port(Dart_Port port);

#endif /* APP_CORE_DART_API_H */
