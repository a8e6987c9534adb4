/* test_deadline_heap.c: ordering and removal of the runtime's deadline heap. */
#include <stdlib.h>

#include "core/deadline_heap.h"
#include "test.h"

enum { COUNT = 2000 };

static app_core__task *make_tasks(void) {
  app_core__task *tasks = calloc(COUNT, sizeof *tasks);
  ASSERT_NOT_NULL(tasks);
  uint32_t state = 7;
  for (int i = 0; i < COUNT; i++) {
    state = state * 1103515245u + 12345u;
    tasks[i].id = i + 1;
    tasks[i].deadline_ns = (state >> 8) % 500; /* many equal deadlines: ties go by id */
  }
  return tasks;
}

static void drain_in_order(app_core__deadline_heap *heap, size_t expected_count) {
  const app_core__task *previous = NULL;
  size_t drained = 0;
  for (app_core__task *top; (top = app_core__deadline_heap_top(heap)) != NULL; drained++) {
    if (previous) {
      ASSERT_TRUE(previous->deadline_ns < top->deadline_ns ||
                  (previous->deadline_ns == top->deadline_ns && previous->id < top->id));
    }
    previous = top;
    app_core__deadline_heap_remove(heap, top);
  }
  ASSERT_EQ(drained, expected_count);
}

TEST(pops_by_deadline_then_submission_order) {
  app_core__task *tasks = make_tasks();
  app_core__deadline_heap heap = {0};
  for (int i = 0; i < COUNT; i++) ASSERT_TRUE(app_core__deadline_heap_push(&heap, &tasks[i]));
  drain_in_order(&heap, COUNT);
  ASSERT_NULL(app_core__deadline_heap_top(&heap));
  app_core__deadline_heap_free(&heap);
  free(tasks);
}

TEST(removing_from_the_middle_keeps_the_order) {
  app_core__task *tasks = make_tasks();
  app_core__deadline_heap heap = {0};
  for (int i = 0; i < COUNT; i++) ASSERT_TRUE(app_core__deadline_heap_push(&heap, &tasks[i]));
  for (int i = 0; i < COUNT; i += 3) app_core__deadline_heap_remove(&heap, &tasks[i]); /* as cancel does */
  for (int i = 0; i < COUNT; i++) {
    if (i % 3 != 0) ASSERT_TRUE(heap.items[tasks[i].heap_index] == &tasks[i]);
  }
  drain_in_order(&heap, COUNT - (COUNT + 2) / 3);
  app_core__deadline_heap_free(&heap);
  free(tasks);
}
