/* test_sha256.c: the streaming SHA-256 against published vectors and itself,
 * on every compression path this build and CPU have. */
#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "examples/sha256.h"
#include "examples/sha256_accel.h"
#include "test.h"

/* The first path from `path` on that this build and CPU have, or
 * APP_CORE__SHA256_PATH_COUNT after the last. Portable is always there. */
static app_core__sha256_path next_available(int path) {
  for (; path < APP_CORE__SHA256_PATH_COUNT; path++) {
    app_core__sha256 probe;
    if (app_core__sha256_init_path(&probe, (app_core__sha256_path)path)) return (app_core__sha256_path)path;
  }
  return APP_CORE__SHA256_PATH_COUNT;
}

/* Runs the statement after it once per available path, named `path`. */
#define FOR_EACH_PATH(path) \
  for (app_core__sha256_path path = next_available(0); path != APP_CORE__SHA256_PATH_COUNT; \
       path = next_available((int)path + 1))

static void start(app_core__sha256 *ctx, app_core__sha256_path path) {
  if (!app_core__sha256_init_path(ctx, path)) {
    test_fail(__FILE__, __LINE__, "path %s refused", app_core__sha256_path_name(path));
  }
}

static void finish_hex(app_core__sha256 *ctx, char hex[APP_CORE__SHA256_HEX_SIZE]) {
  uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE];
  app_core__sha256_final(ctx, digest);
  app_core__sha256_hex(digest, hex);
}

static void hex_on(app_core__sha256_path path, const void *data, size_t length, char hex[APP_CORE__SHA256_HEX_SIZE]) {
  app_core__sha256 ctx;
  start(&ctx, path);
  app_core__sha256_update(&ctx, data, length);
  finish_hex(&ctx, hex);
}

static void assert_hex_on(app_core__sha256_path path, const void *data, size_t length, const char *expected) {
  char hex[APP_CORE__SHA256_HEX_SIZE];
  hex_on(path, data, length, hex);
  if (strcmp(hex, expected) != 0) {
    test_fail(__FILE__, __LINE__, "%s path, %zu bytes: %s, expected %s", app_core__sha256_path_name(path), length, hex,
              expected);
  }
}

static void assert_hex_of(const char *text, const char *expected) {
  FOR_EACH_PATH(path) assert_hex_on(path, text, strlen(text), expected);
}

/* Deterministic, non-repeating-looking bytes for the self-consistency tests. */
static void fill_pattern(uint8_t *bytes, size_t length) {
  for (size_t i = 0; i < length; i++) bytes[i] = (uint8_t)(i * 31u + 7u);
}

/* FIPS 180-4 example vectors (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf"). */
TEST(empty_input) {
  assert_hex_of("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  FOR_EACH_PATH(path) { /* the header allows NULL data with length 0 */
    assert_hex_on(path, NULL, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}

TEST(abc) { assert_hex_of("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); }

TEST(two_block_448_bit_message) {
  assert_hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(two_block_896_bit_message) {
  assert_hex_of(
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
      "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(one_million_a) {
  static const char expected[] = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  char *million = malloc(1000000);
  ASSERT_NOT_NULL(million);
  memset(million, 'a', 1000000);
  FOR_EACH_PATH(path) {
    /* In uneven pieces (1000 updates of 1000 bytes would line up with nothing)... */
    app_core__sha256 ctx;
    start(&ctx, path);
    for (size_t done = 0, take; done < 1000000; done += take) {
      take = 1000000 - done < 997 ? 1000000 - done : 997;
      app_core__sha256_update(&ctx, million + done, take);
    }
    char hex[APP_CORE__SHA256_HEX_SIZE];
    finish_hex(&ctx, hex);
    if (strcmp(hex, expected) != 0) test_fail(__FILE__, __LINE__, "%s path: %s", app_core__sha256_path_name(path), hex);
    /* ...and in one update, the accelerated paths' many-block loop. */
    assert_hex_on(path, million, 1000000, expected);
  }
  free(million);
}

/* Padding needs one block up to 55 bytes and two from 56; 64 fills a block
 * exactly. Expected values from Python's hashlib. */
TEST(padding_boundaries) {
  static const struct {
    size_t length;
    const char *hex;
  } cases[] = {
      {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
      {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
      {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
      {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
      {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
  };
  char as[128];
  memset(as, 'a', sizeof as);
  FOR_EACH_PATH(path) {
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) assert_hex_on(path, as, cases[i].length, cases[i].hex);
  }
}

/* Every length 0..130 fed one byte per update equals one update of it all,
 * and the digests of all these lengths, chained, match Python's hashlib:
 * sha256(concat(sha256(pattern[0:n]).hexdigest() for n in 0..130)). */
TEST(byte_by_byte_equals_one_shot_for_lengths_0_to_130) {
  uint8_t input[130];
  fill_pattern(input, sizeof input);
  FOR_EACH_PATH(path) {
    app_core__sha256 chain;
    start(&chain, path);
    for (size_t length = 0; length <= sizeof input; length++) {
      char one_shot[APP_CORE__SHA256_HEX_SIZE], streamed[APP_CORE__SHA256_HEX_SIZE];
      hex_on(path, input, length, one_shot);

      app_core__sha256 ctx;
      start(&ctx, path);
      for (size_t i = 0; i < length; i++) app_core__sha256_update(&ctx, input + i, 1);
      finish_hex(&ctx, streamed);
      if (strcmp(one_shot, streamed) != 0) {
        test_fail(__FILE__, __LINE__, "%s path, length %zu: one-shot %s, byte by byte %s",
                  app_core__sha256_path_name(path), length, one_shot, streamed);
      }
      app_core__sha256_update(&chain, one_shot, 64);
    }
    char hex[APP_CORE__SHA256_HEX_SIZE];
    finish_hex(&chain, hex);
    ASSERT_STR_EQ(hex, "d1e182aed84ee7f620b81742c1212ff01b9b9592c24cf33543435b897522e47c");
  }
}

TEST(every_two_way_split_gives_the_same_digest) {
  uint8_t input[200];
  fill_pattern(input, sizeof input);
  char expected[APP_CORE__SHA256_HEX_SIZE];
  hex_on(APP_CORE__SHA256_PORTABLE, input, sizeof input, expected);
  FOR_EACH_PATH(path) {
    for (size_t split = 0; split <= sizeof input; split++) {
      app_core__sha256 ctx;
      char hex[APP_CORE__SHA256_HEX_SIZE];
      start(&ctx, path);
      app_core__sha256_update(&ctx, input, split);
      app_core__sha256_update(&ctx, input + split, sizeof input - split);
      finish_hex(&ctx, hex);
      if (strcmp(hex, expected) != 0) {
        test_fail(__FILE__, __LINE__, "%s path, split at %zu: %s vs %s", app_core__sha256_path_name(path), split, hex,
                  expected);
      }
    }
  }
}

/* The accelerated paths load whole blocks straight from the caller's buffer:
 * every length to 17 blocks, at every alignment mod 8, in two updates split
 * at a length-dependent point, equals the portable one-shot digest. */
TEST(every_path_matches_portable_at_every_length_alignment_and_split) {
  static uint8_t input[17 * 64 + 8];
  fill_pattern(input, sizeof input);
  FOR_EACH_PATH(path) {
    for (size_t length = 0; length <= 17 * 64; length++) {
      size_t offset = length % 8, split = length * 7 / 11;
      char expected[APP_CORE__SHA256_HEX_SIZE], hex[APP_CORE__SHA256_HEX_SIZE];
      hex_on(APP_CORE__SHA256_PORTABLE, input + offset, length, expected);
      app_core__sha256 ctx;
      start(&ctx, path);
      app_core__sha256_update(&ctx, input + offset, split);
      app_core__sha256_update(&ctx, input + offset + split, length - split);
      finish_hex(&ctx, hex);
      if (strcmp(hex, expected) != 0) {
        test_fail(__FILE__, __LINE__, "%s path, %zu bytes at offset %zu split at %zu: %s, portable %s",
                  app_core__sha256_path_name(path), length, offset, split, hex, expected);
      }
    }
  }
}

/* init picks the CPU's SHA instructions when it has them: every x86-64
 * compiler builds the SHA-NI path; only clang before 16 lacks the arm64 one. */
TEST(default_path_is_the_fastest_the_cpu_has) {
  uint32_t features = app_core__cpu_features();
  bool x86 = (features & APP_CORE__CPU_X86_SHA) != 0;
  bool arm = (features & APP_CORE__CPU_ARM_SHA2) != 0 && APP_CORE__SHA256_HAVE_ARM;
  app_core__sha256_path expected = x86 ? APP_CORE__SHA256_X86_SHA_NI
                                 : arm ? APP_CORE__SHA256_ARM_SHA2
                                       : APP_CORE__SHA256_PORTABLE;
  app_core__sha256 ctx;
  app_core__sha256_init(&ctx);
  ASSERT_STR_EQ(app_core__sha256_path_name(ctx.path), app_core__sha256_path_name(expected));
  ASSERT_EQ(app_core__sha256_init_path(&ctx, APP_CORE__SHA256_X86_SHA_NI), x86);
  ASSERT_EQ(app_core__sha256_init_path(&ctx, APP_CORE__SHA256_ARM_SHA2), arm);
}

/* A test stage that knows its CPU names the path it must run in
 * APP_CORE_TEST_SHA256_PATH (tool/test: arm64 under qemu, whose CPU has
 * SHA-2), so a build that silently fell back to portable C fails there. */
TEST(default_path_is_the_one_the_stage_expects) {
  const char *expected = getenv("APP_CORE_TEST_SHA256_PATH");
  if (expected == NULL) return;
  app_core__sha256 ctx;
  app_core__sha256_init(&ctx);
  ASSERT_STR_EQ(app_core__sha256_path_name(ctx.path), expected);
  assert_hex_on(ctx.path, "abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(unknown_path_is_refused_and_final_keeps_the_path) {
  app_core__sha256 ctx;
  start(&ctx, APP_CORE__SHA256_PORTABLE);
  ASSERT_FALSE(app_core__sha256_init_path(&ctx, APP_CORE__SHA256_PATH_COUNT));
  ASSERT_EQ(ctx.path, APP_CORE__SHA256_PORTABLE);
  ASSERT_STR_EQ(app_core__sha256_path_name(APP_CORE__SHA256_PATH_COUNT), "unknown");
  FOR_EACH_PATH(path) {
    start(&ctx, path);
    char first[APP_CORE__SHA256_HEX_SIZE], second[APP_CORE__SHA256_HEX_SIZE];
    app_core__sha256_update(&ctx, "abc", 3);
    finish_hex(&ctx, first);
    ASSERT_EQ(ctx.path, path); /* final starts over on the same path */
    app_core__sha256_update(&ctx, "abc", 3);
    finish_hex(&ctx, second);
    ASSERT_STR_EQ(second, first);
  }
}

TEST(zero_length_updates_change_nothing) {
  app_core__sha256 ctx;
  uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE];
  char hex[APP_CORE__SHA256_HEX_SIZE];
  app_core__sha256_init(&ctx);
  app_core__sha256_update(&ctx, NULL, 0);
  app_core__sha256_update(&ctx, "ab", 2);
  app_core__sha256_update(&ctx, NULL, 0);
  app_core__sha256_update(&ctx, "c", 1);
  app_core__sha256_update(&ctx, "xyz", 0);
  app_core__sha256_final(&ctx, digest);
  app_core__sha256_hex(digest, hex);
  ASSERT_STR_EQ(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(hex_is_lowercase_and_terminated) {
  uint8_t digest[APP_CORE__SHA256_DIGEST_SIZE];
  for (size_t i = 0; i < sizeof digest; i++) digest[i] = (uint8_t)(i * 0x11u + 0x09u); /* every nibble 0..f appears */
  digest[0] = 0x00;
  digest[31] = 0xff;
  char hex[APP_CORE__SHA256_HEX_SIZE];
  memset(hex, 'X', sizeof hex);
  app_core__sha256_hex(digest, hex);
  ASSERT_STR_EQ(hex, "001a2b3c4d5e6f8091a2b3c4d5e6f708192a3b4c5d6e7f90a1b2c3d4e5f607ff");
  ASSERT_EQ(hex[64], '\0');
}
