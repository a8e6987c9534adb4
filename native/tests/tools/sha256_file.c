/*
 * sha256_file.c: test helper for sha256.matches_sha256sum.
 *   sha256_file write <path> <bytes>   writes <bytes> pseudo-random bytes
 *   sha256_file <path>                 prints the file's SHA-256 in hex
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "examples/sha256.h"

/* splitmix64: a fixed seed, so a failure reproduces with the same file. */
static uint64_t next_random(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

static int write_random_file(const char *path, const char *size_text) {
  char *end = NULL;
  unsigned long long size = strtoull(size_text, &end, 10);
  if (end == size_text || *end != '\0') {
    fprintf(stderr, "bad size: %s\n", size_text);
    return 2;
  }
  FILE *file = fopen(path, "wb");
  if (file == NULL) {
    perror(path);
    return 1;
  }
  uint64_t state = 20240601u;
  for (unsigned long long i = 0; i < size; i++) {
    if (fputc((int)(next_random(&state) & 0xFFu), file) == EOF) break;
  }
  int failed = ferror(file) != 0;
  if (fclose(file) != 0) failed = 1;
  if (failed) perror(path);
  return failed;
}

static int print_file_hash(const char *path) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) {
    perror(path);
    return 1;
  }
  /* An odd buffer size, so reads end mid-block and the streaming path is used. */
  static unsigned char buffer[65521];
  app_core__sha256 ctx;
  app_core__sha256_init(&ctx);
  size_t got;
  while ((got = fread(buffer, 1, sizeof buffer, file)) > 0) app_core__sha256_update(&ctx, buffer, got);
  int failed = ferror(file) != 0;
  fclose(file);
  if (failed) {
    perror(path);
    return 1;
  }
  uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE];
  char hex[APP_CORE__SHA256_HEX_SIZE];
  app_core__sha256_final(&ctx, digest);
  app_core__sha256_hex(digest, hex);
  printf("%s\n", hex);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "write") == 0) return write_random_file(argv[2], argv[3]);
  if (argc == 2) return print_file_hash(argv[1]);
  fprintf(stderr, "usage: %s write <path> <bytes> | %s <path>\n", argv[0], argv[0]);
  return 2;
}
