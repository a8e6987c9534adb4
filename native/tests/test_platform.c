/* test_platform.c: the platform layer's contract (core/platform.h) on the OS
 * the tests run on: files, errno text, atomics, one-time init, the clock and
 * timed waits. The sha256 tests in test_async.c cover special files end to end. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "async_support.h"
#include "core/platform.h"
#include "special_files.h"
#include "test.h"

#define MS UINT64_C(1000000)

TEST(file_read_fills_the_buffer_then_reports_the_end) {
  const char *path = "app_core_test_platform_read.txt";
  test_write_file(path, "0123456789");
  app_core__file file;
  char reason[128] = "";
  ASSERT_TRUE(app_core__file_open_regular(&file, path, reason, sizeof reason));
  char buffer[8];
  size_t got = 99;
  ASSERT_TRUE(app_core__file_read(&file, buffer, 5, &got, reason, sizeof reason));
  ASSERT_EQ(got, 5);
  ASSERT_EQ(memcmp(buffer, "01234", 5), 0);
  ASSERT_TRUE(app_core__file_read(&file, buffer, 5, &got, reason, sizeof reason)); /* exactly the rest */
  ASSERT_EQ(got, 5);
  ASSERT_EQ(memcmp(buffer, "56789", 5), 0);
  ASSERT_TRUE(app_core__file_read(&file, buffer, sizeof buffer, &got, reason, sizeof reason));
  ASSERT_EQ(got, 0); /* the end */
  app_core__file_close(&file);
  test_remove_file(path);
}

TEST(file_open_reasons_are_terminated_within_the_buffer) {
  app_core__file file;
  char reason[8];
  memset(reason, 'x', sizeof reason);
  ASSERT_FALSE(app_core__file_open_regular(&file, "no/such/dir/missing.bin", reason, sizeof reason));
  ASSERT_LT(strlen(reason), sizeof reason);
  ASSERT_GT(strlen(reason), 0);
  const char *directory = "app_core_test_platform_dir";
  test_mkdir(directory);
  memset(reason, 'x', sizeof reason);
  ASSERT_FALSE(app_core__file_open_regular(&file, directory, reason, sizeof reason));
  ASSERT_STR_EQ(reason, "is a di"); /* "is a directory", cut to fit */
  test_rmdir(directory);
}

TEST(errno_text_names_the_error_and_fits_the_buffer) {
  char text[128];
  app_core__errno_text(ENOENT, text, sizeof text);
  ASSERT_STR_CONTAINS(text, "No such file");
  char tiny[4];
  memset(tiny, 'x', sizeof tiny);
  app_core__errno_text(ENOENT, tiny, sizeof tiny);
  ASSERT_LT(strlen(tiny), sizeof tiny);
}

