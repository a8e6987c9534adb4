/* fork_child.c: see fork_child.h. */
#if !defined(_WIN32)
#  define _POSIX_C_SOURCE 200809L /* kill() under -std=c11 */
#endif

#include "fork_child.h"

#include <stdio.h>

#include "core/platform.h"
#include "test.h"

#if !defined(_WIN32)

#  include <signal.h>
#  include <sys/wait.h>
#  include <unistd.h>

int fork_and_wait(void (*child_main)(int64_t), int64_t arg) {
  fflush(stdout);
  fflush(stderr);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) child_main(arg);
  int status = 0;
  pid_t waited = 0;
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while ((waited = waitpid(child, &status, WNOHANG)) == 0 && app_core__now_ns() < give_up_at) {
    app_core__sleep_ns(1 * MS);
  }
  if (waited == 0) {
    (void)kill(child, SIGKILL);
    (void)waitpid(child, &status, 0);
  }
  ASSERT_EQ(waited, child); /* else the child hung */
  return status;
}

#  if defined(__SANITIZE_ADDRESS__)
#    define BUILT_WITH_ASAN 1
#  elif defined(__has_feature)
#    if __has_feature(address_sanitizer)
#      define BUILT_WITH_ASAN 1
#    endif
#  endif

#  if !defined(BUILT_WITH_ASAN)
static void do_nothing(void *arg) { (void)arg; }

static void start_a_thread_and_exit(int64_t unused) {
  (void)unused;
  app_core__thread thread;
  if (!app_core__thread_create(&thread, do_nothing, NULL)) _exit(1);
  app_core__thread_join(&thread);
  _exit(0);
}
#  endif

bool forked_child_can_start_threads(void) {
#  if defined(BUILT_WITH_ASAN)
  /* This ASan's allocator takes no lock around fork(): a child that
   * allocates (starting a thread does) can wait for ever on an allocator
   * lock a parent's thread held (seen: the probe itself hung in calloc). */
  return false;
#  else
  int status = fork_and_wait(start_a_thread_and_exit, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
#  endif
}

#endif
