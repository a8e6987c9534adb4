/*
 * fig_bytes_examples.c: the rows of figure 8 that measure example functions
 * (tool/new_plugin --minimal leaves them out with those functions).
 *
 * Read file: app_core_read_file_async of a 1 MiB file in the page cache,
 * submit until its [0, <Uint8List>] is received and released, against
 * open/read/close of the same file on the calling thread.
 *
 * Hashing: SHA-256 of 1 MiB of the caller's memory. Ours is what
 * Sha256Hasher does from Dart: app_core_hasher_new, 16 leaf updates of
 * 64 KiB, finish, free, all on the calling thread. The baseline is
 * app_core_sha256_bytes_async on the whole MiB (a copy on the calling thread,
 * the hash on a worker, the digest posted), until its digest is received.
 * Every answer is checked: lengths, the digests.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_core.h"
#include "bench.h"
#include "core/dart_api.h"
#include "dart_vm_host.h"

#define HEX_LENGTH 64

latency_figure fig_bytes_read_file(const char *path, size_t size, size_t files) {
  uint64_t *latencies = bench_alloc(files * sizeof *latencies);
  for (size_t i = 0; i < files; i++) {
    Dart_Port port = vm_host_open_port();
    if (port == APP_CORE__ILLEGAL_PORT) bench_fatal("vm_host_open_port failed");
    uint64_t start = bench_now_ns();
    if (app_core_read_file_async(path, port) == 0) bench_fatal("read_file_async refused %s", path);
    vm_value *message = bench_receive(port);
    const vm_value *list = fig_bytes_value(message);
    bool ok = list != NULL && list->value.as_typed_data.length_bytes == size;
    vm_value_free(message);
    vm_host_collect_garbage();
    latencies[i] = bench_now_ns() - start;
    if (!ok) bench_fatal("read_file_async %s: expected [0, <Uint8List of %zu bytes>]", path, size);
    vm_host_close_port(port);
  }
  latency_figure figure = bench_latency_figure(latencies, files);
  free(latencies);
  return figure;
}

uint8_t *fig_bytes_read_whole(const char *path, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) bench_fatal("cannot open %s: %s", path, strerror(errno));
  uint8_t *data = bench_alloc(size);
  size_t done = 0;
  for (ssize_t n; done < size && (n = read(fd, data + done, size - done)) > 0;) done += (size_t)n;
  close(fd);
  if (done != size) bench_fatal("read %s: %zu of %zu bytes", path, done, size);
  return data;
}

latency_figure fig_bytes_read_plain(const char *path, size_t size, size_t files) {
  uint64_t *latencies = bench_alloc(files * sizeof *latencies);
  for (size_t i = 0; i < files; i++) {
    uint64_t start = bench_now_ns();
    uint8_t *data = fig_bytes_read_whole(path, size);
    bench_consume(data[0] ^ data[size - 1]);
    free(data);
    latencies[i] = bench_now_ns() - start;
  }
  latency_figure figure = bench_latency_figure(latencies, files);
  free(latencies);
  return figure;
}

static uint64_t hash_with_hasher(const uint8_t *data, size_t size, char hex[HEX_LENGTH + 1]) {
  uint64_t start = bench_now_ns();
  app_core_hasher *hasher = app_core_hasher_new(NULL);
  bool ok = hasher != NULL;
  for (size_t done = 0; ok && done < size; done += APP_CORE_SHA256_BYTES_LEAF_MAX) {
    size_t chunk = size - done < APP_CORE_SHA256_BYTES_LEAF_MAX ? size - done : APP_CORE_SHA256_BYTES_LEAF_MAX;
    ok = app_core_hasher_update(hasher, data + done, (int64_t)chunk, NULL);
  }
  char *digest = ok ? app_core_hasher_finish(hasher, NULL) : NULL;
  app_core_hasher_free(hasher);
  uint64_t ns = bench_now_ns() - start;
  if (digest == NULL || strlen(digest) != HEX_LENGTH) bench_fatal("hasher: no digest");
  memcpy(hex, digest, HEX_LENGTH + 1);
  app_core_string_free(digest);
  return ns;
}

/* Also stores the submit -> post leg in *to_post. */
static uint64_t hash_async(const uint8_t *data, size_t size, char hex[HEX_LENGTH + 1], uint64_t *to_post) {
  Dart_Port port = vm_host_open_port();
  if (port == APP_CORE__ILLEGAL_PORT) bench_fatal("vm_host_open_port failed");
  uint64_t posted = 0;
  post_probe_arm(&port, 1, &posted);
  uint64_t start = bench_now_ns();
  if (app_core_sha256_bytes_async(data, (int64_t)size, port) == 0) bench_fatal("sha256_bytes_async refused");
  vm_value *message = bench_receive(port);
  uint64_t ns = bench_now_ns() - start;
  post_probe_disarm();
  *to_post = posted - start;
  bool ok = bench_is_text_prefix(message, "") && strlen(message->value.as_array.items[1].value.as_string) == HEX_LENGTH;
  if (ok) memcpy(hex, message->value.as_array.items[1].value.as_string, HEX_LENGTH + 1);
  vm_value_free(message);
  vm_host_close_port(port);
  if (!ok) bench_fatal("sha256_bytes_async: expected [0, \"<64 hex digits>\"]");
  return ns;
}

hash_bytes_figure fig_bytes_hash(const uint8_t *data, size_t size, size_t rounds) {
  uint64_t *leaf = bench_alloc(rounds * sizeof *leaf), *async = bench_alloc(rounds * sizeof *async);
  uint64_t *to_post = bench_alloc(rounds * sizeof *to_post), *to_receive = bench_alloc(rounds * sizeof *to_receive);
  for (size_t i = 0; i < rounds; i++) { /* alternating, so load hits both alike */
    char ours[HEX_LENGTH + 1], theirs[HEX_LENGTH + 1];
    leaf[i] = hash_with_hasher(data, size, ours);
    async[i] = hash_async(data, size, theirs, &to_post[i]);
    to_receive[i] = async[i] - to_post[i];
    if (strcmp(ours, theirs) != 0) bench_fatal("SHA-256 of 1 MiB: hasher %s, sha256_bytes_async %s", ours, theirs);
  }
  hash_bytes_figure figure;
  figure.hasher_mbps = (double)size * 1e3 / (double)bench_quantile(leaf, rounds, 0.5);
  figure.async_mbps = (double)size * 1e3 / (double)bench_quantile(async, rounds, 0.5);
  bench_verbose("sha256 of 1 MiB: hasher min %.0f us, p50 %.0f us; async min %.0f us, p50 %.0f us",
                (double)leaf[0] / 1e3, (double)size / figure.hasher_mbps, (double)async[0] / 1e3,
                (double)size / figure.async_mbps);
  bench_verbose_legs("sha256_bytes_async of 1 MiB: submit->post", to_post, to_receive, rounds);
  free(leaf);
  free(async);
  free(to_post);
  free(to_receive);
  return figure;
}
