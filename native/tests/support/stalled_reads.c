/* stalled_reads.c: see stalled_reads.h. */
#include "stalled_reads.h"

#include <stdbool.h>

#include "core/file_reader.h"
#include "core/platform.h"
#include "core/runtime.h"
#include "test.h"

static struct {
  app_core__mutex lock;
  app_core__cond changed;
  int entered; /* reads held so far */
  bool released;
} stall;

/* Every read waits here until release_stalled_reads, then reads. */
static bool stalled_read(app_core__file *file, void *buffer, size_t size, size_t *got, char *reason,
                         size_t reason_size) {
  app_core__mutex_lock(&stall.lock);
  stall.entered++;
  app_core__cond_broadcast(&stall.changed);
  while (!stall.released) app_core__cond_wait(&stall.changed, &stall.lock);
  app_core__mutex_unlock(&stall.lock);
  return app_core__file_read(file, buffer, size, got, reason, reason_size);
}

void stall_reads(void) {
  app_core__mutex_init(&stall.lock);
  app_core__cond_init(&stall.changed);
  stall.entered = 0;
  stall.released = false;
  app_core__file_reader_set_read_hook(stalled_read);
}

void await_stalled_reads(int count) {
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  app_core__mutex_lock(&stall.lock);
  while (stall.entered < count && app_core__now_ns() < give_up_at) {
    (void)app_core__cond_timedwait(&stall.changed, &stall.lock, 10 * MS);
  }
  int entered = stall.entered;
  app_core__mutex_unlock(&stall.lock);
  ASSERT_GE(entered, count);
}

void release_stalled_reads(void) {
  app_core__mutex_lock(&stall.lock);
  stall.released = true;
  app_core__cond_broadcast(&stall.changed);
  app_core__mutex_unlock(&stall.lock);
  await_abandoned_threads_gone();
  app_core__file_reader_set_read_hook(NULL);
}

void await_abandoned_threads_gone(void) {
  uint64_t give_up_at = app_core__now_ns() + HUNG_AFTER_NS;
  while (app_core__runtime_abandoned_threads() > 0 && app_core__now_ns() < give_up_at) app_core__sleep_ns(1 * MS);
  ASSERT_EQ(app_core__runtime_abandoned_threads(), 0);
}
