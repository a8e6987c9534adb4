/* demo_async.c: the async half of the tour. A Dart-VM stand-in (the test
 * host) receives every message exactly as a Dart ReceivePort would, and each
 * one is printed as the List Dart sees. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "core/platform.h"
#include "dart_vm_host.h"
#include "demo.h"

#define SECOND UINT64_C(1000000000)

static double seconds_since(uint64_t start_ns) { return (double)(app_core__now_ns() - start_ns) / 1e9; }

/* The demo is also a ctest entry, run on busy machines, under sanitizers and
 * emulators: a time above what an idle machine takes is reported, never a
 * failure (what happened is checked; how fast is tool/bench's job). */
static void note_if_slow(double seconds, const char *what) {
  if (seconds >= 1.0) printf("  note: %s took %.3f s, about 0.5 s on an idle machine\n", what, seconds);
}

static void print_value(const vm_value *value) {
  switch (value->type) {
    case Dart_CObject_kInt64:
      printf("%" PRId64, value->value.as_int);
      break;
    case Dart_CObject_kString:
      printf("\"%s\"", value->value.as_string);
      break;
    case Dart_CObject_kTypedData:
      printf("Uint8List(%zu)", value->value.as_typed_data.length_bytes);
      break;
    case Dart_CObject_kArray:
      putchar('[');
      for (size_t i = 0; i < value->value.as_array.length; i++) {
        if (i > 0) printf(", ");
        print_value(&value->value.as_array.items[i]);
      }
      putchar(']');
      break;
    default:
      printf("(type %d)", (int)value->type);
      break;
  }
}

static int64_t message_kind(const vm_value *message) {
  bool is_list = message->type == Dart_CObject_kArray && message->value.as_array.length > 0;
  return is_list ? message->value.as_array.items[0].value.as_int : -1;
}

/* Prints every message of one task until its final one; returns that final
 * message's kind (or -1 on timeout) and, for [0, "text"], copies the text. */
static int64_t print_until_final(Dart_Port port, char *text, size_t text_size) {
  for (;;) {
    vm_value *message = NULL;
    if (!vm_host_receive(port, 30 * SECOND, &message)) {
      printf("  (no message within 30 s)\n");
      return -1;
    }
    int64_t kind = message_kind(message);
    printf("  ");
    print_value(message);
    putchar('\n');
    if (kind == APP_CORE_MESSAGE_VALUE && text != NULL &&
        message->value.as_array.items[1].type == Dart_CObject_kString) {
      snprintf(text, text_size, "%s", message->value.as_array.items[1].value.as_string);
    }
    vm_value_free(message);
    if (kind != APP_CORE_MESSAGE_ITEM) return kind;
  }
}

static void demo_fetch(void) {
  Dart_Port port = vm_host_open_port();
  uint64_t start = app_core__now_ns();
  int64_t id = app_core_fetch_data_async("https://example.com/items", port);
  printf("fetch_data_async(\"https://example.com/items\") -> task %" PRId64 "\n", id);
  char text[128] = "";
  int64_t kind = print_until_final(port, text, sizeof text);
  double elapsed = seconds_since(start);
  printf("  answered after %.3f s (the wait holds no thread)\n", elapsed);
  demo_expect(kind == APP_CORE_MESSAGE_VALUE && strcmp(text, "Data from: https://example.com/items") == 0,
              "fetch value");
  demo_expect(elapsed >= 0.5, "fetch waits 500 ms");
  note_if_slow(elapsed, "the fetch");

  port = vm_host_open_port();
  printf("fetch_data_async(NULL) -> task %" PRId64 "\n", app_core_fetch_data_async(NULL, port));
  demo_expect(print_until_final(port, NULL, 0) == APP_CORE_MESSAGE_ERROR, "fetch(NULL) fails");
}

static void demo_fibonacci(void) {
  Dart_Port port = vm_host_open_port();
  printf("fibonacci_async(30) -> task %" PRId64 "\n", app_core_fibonacci_async(30, port));
  demo_expect(print_until_final(port, NULL, 0) == APP_CORE_MESSAGE_VALUE, "fibonacci_async(30)");

  port = vm_host_open_port();
  printf("fibonacci_async(93) -> task %" PRId64 "\n", app_core_fibonacci_async(93, port));
  demo_expect(print_until_final(port, NULL, 0) == APP_CORE_MESSAGE_ERROR, "fibonacci_async(93) overflows");

  port = vm_host_open_port();
  int64_t id = app_core_fibonacci_async(90, port); /* would run for centuries */
  printf("fibonacci_async(90) -> task %" PRId64 ", cancelled after 100 ms of computing\n", id);
  app_core__sleep_ns(SECOND / 10);
  uint64_t cancelled_at = app_core__now_ns();
  bool accepted = app_core_cancel(id);
  printf("  cancel(%" PRId64 ") -> %s\n", id, accepted ? "true" : "false");
  int64_t kind = print_until_final(port, NULL, 0);
  printf("  [2] arrived %.2f ms after cancel\n", seconds_since(cancelled_at) * 1000.0);
  demo_expect(accepted && kind == APP_CORE_MESSAGE_CANCELLED, "fibonacci_async(90) cancelled");
  demo_expect(!app_core_cancel(id), "a second cancel returns false");
}

static bool write_demo_file(const char *path, size_t size) {
  FILE *file = fopen(path, "wb");
  if (file == NULL) return false;
  unsigned char block[4096];
  for (size_t i = 0; i < sizeof block; i++) block[i] = (unsigned char)(i * 31u + 7u);
  for (size_t written = 0; written < size; written += sizeof block) (void)fwrite(block, 1, sizeof block, file);
  return fclose(file) == 0;
}

static void demo_sha256(void) {
  const char *path = "app_core_demo_hash.bin";
  size_t size = (size_t)64 << 20;
  if (!write_demo_file(path, size)) {
    demo_expect(false, "could not write the demo file");
    return;
  }
  Dart_Port port = vm_host_open_port();
  printf("sha256_file_async(\"%s\", 64 MiB) -> task %" PRId64 "\n", path, app_core_sha256_file_async(path, port));
  char digest[80] = "";
  uint64_t start = app_core__now_ns();
  demo_expect(print_until_final(port, digest, sizeof digest) == APP_CORE_MESSAGE_VALUE && strlen(digest) == 64,
              "sha256 digest");
  printf("  hashed in %.3f s\n", seconds_since(start));
  (void)remove(path);

  port = vm_host_open_port();
  printf("sha256_file_async(\"missing.bin\") -> task %" PRId64 "\n", app_core_sha256_file_async("missing.bin", port));
  demo_expect(print_until_final(port, NULL, 0) == APP_CORE_MESSAGE_ERROR, "missing file is an IO error");
}

/* template:full-only-begin */
/* 1 MiB hashed by sha256_bytes_async (copied, hashed on a worker) and by a
 * hasher fed 64 KiB pieces: the same digest. */
static void demo_sha256_bytes_async(void) {
  enum { SIZE = 1 << 20 };
  uint8_t *data = malloc(SIZE);
  if (data == NULL) return;
  for (size_t i = 0; i < SIZE; i++) data[i] = (uint8_t)(i * 31u + 7u);
  Dart_Port port = vm_host_open_port();
  printf("sha256_bytes_async(1 MiB) -> task %" PRId64 "\n", app_core_sha256_bytes_async(data, SIZE, port));
  char digest[80] = "";
  int64_t kind = print_until_final(port, digest, sizeof digest);
  app_core_hasher *hasher = app_core_hasher_new(NULL);
  bool updated = hasher != NULL;
  for (size_t at = 0; updated && at < SIZE; at += (size_t)APP_CORE_SHA256_BYTES_LEAF_MAX) {
    updated = app_core_hasher_update(hasher, data + at, APP_CORE_SHA256_BYTES_LEAF_MAX, NULL);
  }
  char *pieces = updated ? app_core_hasher_finish(hasher, NULL) : NULL;
  printf("  a hasher fed the same MiB in 64 KiB pieces -> \"%s\"\n", pieces ? pieces : "(null)");
  demo_expect(kind == APP_CORE_MESSAGE_VALUE && pieces != NULL && strcmp(digest, pieces) == 0,
              "sha256_bytes_async and the hasher agree");
  app_core_string_free(pieces);
  app_core_hasher_free(hasher);
  free(data);
}

/* A file's bytes arrive as a Uint8List without a copy; a hasher hashes in pieces. */
static void demo_bytes(void) {
  const char *path = "app_core_demo_read.txt";
  FILE *file = fopen(path, "wb");
  demo_expect(file != NULL && fputs("hello, bytes\n", file) >= 0 && fclose(file) == 0, "could write the demo file");
  Dart_Port port = vm_host_open_port();
  printf("read_file_async(\"%s\") -> task %" PRId64 "\n", path, app_core_read_file_async(path, port));
  demo_expect(print_until_final(port, NULL, 0) == APP_CORE_MESSAGE_VALUE, "read_file_async gives the bytes");
  vm_host_collect_garbage(); /* Dart's GC frees the buffer through the library */
  (void)remove(path);

  app_core_hasher *hasher = app_core_hasher_new(NULL);
  bool updated = app_core_hasher_update(hasher, (const uint8_t *)"ab", 2, NULL) &&
                 app_core_hasher_update(hasher, (const uint8_t *)"c", 1, NULL);
  char *hex = app_core_hasher_finish(hasher, NULL);
  printf("hasher: update(\"ab\"), update(\"c\"), finish() -> \"%s\"\n", hex ? hex : "(null)");
  demo_expect(
      updated && hex != NULL && strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0,
      "hasher digest of \"abc\"");
  app_core_string_free(hex);
  app_core_hasher_free(hasher);

  char abc_hex[APP_CORE_SHA256_HEX_SIZE];
  bool hashed = app_core_sha256_bytes((const uint8_t *)"abc", 3, abc_hex, NULL);
  printf("sha256_bytes(\"abc\") -> \"%s\" (on the calling thread)\n", abc_hex);
  demo_expect(hashed && strcmp(abc_hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0,
              "sha256_bytes digest of \"abc\"");
  demo_sha256_bytes_async();
}

/* template:full-only-end */
static void demo_many_waits(void) {
  enum { COUNT = 10000 };
  Dart_Port *ports = malloc(COUNT * sizeof *ports);
  if (ports == NULL) return;
  uint64_t start = app_core__now_ns();
  for (int i = 0; i < COUNT; i++) {
    ports[i] = vm_host_open_port();
    (void)app_core_fetch_data_async("https://example.com", ports[i]);
  }
  int answered = 0;
  for (int i = 0; i < COUNT; i++) {
    vm_outcome outcome = vm_host_await_outcome(ports[i], 10 * SECOND);
    answered += outcome.kind == APP_CORE_MESSAGE_VALUE;
    vm_outcome_free(&outcome);
  }
  double elapsed = seconds_since(start);
  printf("10000 x fetch_data_async at once -> %d answered in %.3f s (waits hold no thread)\n", answered, elapsed);
  demo_expect(answered == COUNT, "10000 concurrent waits all answered");
  note_if_slow(elapsed, "10000 concurrent waits");
  free(ports);
}

void demo_async(void) {
  printf("\n== async calls (answered on Dart native ports by the worker pool) ==\n");
  demo_worker_count();
  vm_host_start();
  intptr_t init = app_core_init_dart_api(vm_host_api_data());
  printf("init_dart_api(table) -> %" PRIdPTR "\n", init);
  demo_expect(init == 0, "init_dart_api");
  demo_fetch();
  demo_fibonacci();
  demo_sha256();
  /* template:full-only-begin */
  demo_bytes();
  /* template:full-only-end */
  demo_many_waits();
  demo_isolate_exit();
  demo_log();
  app_core_shutdown();
  printf("shutdown() -> every task finished, threads joined, memory freed\n");
  vm_host_stop();
}
