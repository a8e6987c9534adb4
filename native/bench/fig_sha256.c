/*
 * fig_sha256.c: figure 6, SHA-256 of a 64 MiB file. Ours is
 * app_core_sha256_file_async end to end: submit until its final [0, hex] is
 * received through the VM host (the progress items it posts on the way
 * included). The baseline is the command `openssl dgst -sha256` on the same
 * file, a child process whose wall time includes its start; running it on
 * an empty file as well gives that start, so its hashing rate can be shown
 * without it too. The file is in the page cache for both (written, then
 * hashed untimed), and every digest is checked: ours against openssl's.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app_core.h"
#include "bench.h"
#include "dart_vm_host.h"

#define HEX_LENGTH 64
#define RECEIVE_TIMEOUT_NS UINT64_C(60000000000)

extern char **environ;

/* splitmix64: incompressible bytes, the same on every run. */
static uint64_t next_random(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

char *fig_sha256_make_file(size_t size) {
  const char *dir = getenv("TMPDIR");
  char *path = bench_alloc(4096);
  snprintf(path, 4096, "%s/app_core_bench_sha256_XXXXXX", dir != NULL && dir[0] != '\0' ? dir : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0) bench_fatal("cannot create %s: %s", path, strerror(errno));
  enum { CHUNK = 1 << 20 };
  uint64_t *chunk = bench_alloc(CHUNK);
  uint64_t state = 20261130u;
  for (size_t written = 0; written < size;) {
    for (size_t i = 0; i < CHUNK / sizeof *chunk; i++) chunk[i] = next_random(&state);
    size_t want = size - written < CHUNK ? size - written : CHUNK;
    ssize_t n = write(fd, chunk, want);
    if (n <= 0) bench_fatal("cannot write %s: %s", path, strerror(errno));
    written += (size_t)n;
  }
  free(chunk);
  if (close(fd) != 0) bench_fatal("cannot write %s: %s", path, strerror(errno));
  return path;
}

static uint64_t hash_ours(const char *path, char hex[HEX_LENGTH + 1]) {
  Dart_Port port = vm_host_open_port();
  if (port == APP_CORE__ILLEGAL_PORT) bench_fatal("vm_host_open_port failed");
  uint64_t start = bench_now_ns();
  if (app_core_sha256_file_async(path, port) == 0) bench_fatal("sha256_file_async refused %s", path);
  for (;;) {
    vm_value *message = NULL;
    if (!vm_host_receive(port, RECEIVE_TIMEOUT_NS, &message)) bench_fatal("sha256_file_async: no answer in 60 s");
    bool is_array = message->type == Dart_CObject_kArray && message->value.as_array.length >= 1;
    const vm_value *items = is_array ? message->value.as_array.items : NULL;
    int64_t kind = is_array && items[0].type == Dart_CObject_kInt64 ? items[0].value.as_int : -1;
    if (kind == APP_CORE_MESSAGE_ITEM) {
      vm_value_free(message);
      continue;
    }
    bool ok = kind == APP_CORE_MESSAGE_VALUE && message->value.as_array.length == 2 &&
              items[1].type == Dart_CObject_kString && strlen(items[1].value.as_string) == HEX_LENGTH;
    if (ok) memcpy(hex, items[1].value.as_string, HEX_LENGTH + 1);
    vm_value_free(message);
    if (!ok) bench_fatal("sha256_file_async: expected [0, \"<64 hex digits>\"]");
    break;
  }
  uint64_t ns = bench_now_ns() - start;
  vm_host_close_port(port);
  return ns;
}

/* Runs `openssl dgst -sha256 -r path`; false if there is no openssl. */
static bool hash_openssl(const char *path, uint64_t *ns, char hex[HEX_LENGTH + 1]) {
  int out[2];
  if (pipe(out) != 0) bench_fatal("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  char *argv[] = {"openssl", "dgst", "-sha256", "-r", (char *)path, NULL};
  pid_t pid;
  uint64_t start = bench_now_ns();
  int spawned = posix_spawnp(&pid, "openssl", &actions, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  char output[512];
  size_t used = 0;
  ssize_t n;
  while (spawned == 0 && (n = read(out[0], output + used, sizeof output - 1 - used)) > 0) used += (size_t)n;
  close(out[0]);
  int status = 0;
  if (spawned == 0 && waitpid(pid, &status, 0) != pid) bench_fatal("waitpid failed");
  *ns = bench_now_ns() - start;
  output[used] = '\0';
  /* Not installed: spawn fails (glibc), or the child exits 127 (posix_spawnp may exec in the child). */
  if (spawned != 0 || (WIFEXITED(status) && WEXITSTATUS(status) == 127)) return false;
  /* -r prints "<hex> *<path>". */
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || used < HEX_LENGTH ||
      strspn(output, "0123456789abcdef") != HEX_LENGTH) {
    bench_fatal("openssl dgst -sha256 %s failed: \"%s\"", path, output);
  }
  memcpy(hex, output, HEX_LENGTH);
  hex[HEX_LENGTH] = '\0';
  return true;
}

void fig_sha256_remove_file(char *path) {
  (void)unlink(path);
  free(path);
}

/* Best of ROUNDS per run, ours and openssl alternating (as in figure 4): a
 * hash of the file takes tens of milliseconds, so one preemption by another
 * process would swamp a single round. */
#define ROUNDS 3

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }

sha256_figure fig_sha256(const char *path, const char *empty_path, size_t size) {
  sha256_figure figure = {0};
  uint64_t ours_ns = UINT64_MAX, empty_ns = UINT64_MAX, whole_ns = UINT64_MAX;
  figure.have_openssl = empty_path != NULL;
  for (int round = 0; round < ROUNDS; round++) {
    char ours[HEX_LENGTH + 1], theirs[HEX_LENGTH + 1];
    ours_ns = min_u64(ours_ns, hash_ours(path, ours));
    if (!figure.have_openssl) continue;
    uint64_t empty, whole;
    figure.have_openssl = hash_openssl(empty_path, &empty, theirs) && hash_openssl(path, &whole, theirs);
    if (!figure.have_openssl) continue;
    if (strcmp(ours, theirs) != 0) bench_fatal("SHA-256 of %s: ours %s, openssl %s", path, ours, theirs);
    empty_ns = min_u64(empty_ns, empty);
    whole_ns = min_u64(whole_ns, whole);
  }
  figure.ours_mbps = (double)size * 1e3 / (double)ours_ns;
  figure.ours_ms = (double)ours_ns / 1e6;
  if (!figure.have_openssl) return figure;
  figure.openssl_ms = (double)whole_ns / 1e6;
  /* Its start (the command on an empty file) taken out; at least 1 us is left. */
  uint64_t hashing_ns = whole_ns > empty_ns + 1000 ? whole_ns - empty_ns : 1000;
  figure.openssl_mbps = (double)size * 1e3 / (double)hashing_ns;
  bench_verbose("sha256: ours %.1f ms; openssl %.1f ms, of which %.1f ms start (empty file)", figure.ours_ms,
                figure.openssl_ms, (double)empty_ns / 1e6);
  return figure;
}
