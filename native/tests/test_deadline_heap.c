/* test_deadline_heap.c: ordering and removal of the runtime's deadlines (a
 * sorted list for in-order deadlines, a heap for the rest). */
#include <stdlib.h>

#include "core/deadline_heap.h"
#include "test.h"

enum { COUNT = 2000 };

/* Random deadlines with many ties (ties go by id); with `mostly_in_order`,
 * nine in ten are the latest yet (the sorted list) and the rest earlier. */
static app_core__task *make_tasks(bool mostly_in_order) {
  app_core__task *tasks = calloc(COUNT, sizeof *tasks);
  ASSERT_NOT_NULL(tasks);
  uint32_t state = 7;
  uint64_t latest = 0;
  for (int i = 0; i < COUNT; i++) {
    state = state * 1103515245u + 12345u;
    tasks[i].id = i + 1;
    tasks[i].deadline_ns = (state >> 8) % 500;
    if (mostly_in_order && (state >> 4) % 10 != 0) {
      latest += (state >> 12) % 2; /* equal to the previous about half the time */
      tasks[i].deadline_ns = latest;
    }
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

static void pop_in_order(bool mostly_in_order) {
  app_core__task *tasks = make_tasks(mostly_in_order);
  app_core__deadline_heap heap = {0};
  for (int i = 0; i < COUNT; i++) ASSERT_TRUE(app_core__deadline_heap_push(&heap, &tasks[i]));
  ASSERT_EQ(heap.count, (size_t)COUNT);
  drain_in_order(&heap, COUNT);
  ASSERT_NULL(app_core__deadline_heap_top(&heap));
  ASSERT_EQ(heap.count, (size_t)0);
  app_core__deadline_heap_free(&heap);
  free(tasks);
}

static void remove_from_the_middle(bool mostly_in_order) {
  app_core__task *tasks = make_tasks(mostly_in_order);
  app_core__deadline_heap heap = {0};
  for (int i = 0; i < COUNT; i++) ASSERT_TRUE(app_core__deadline_heap_push(&heap, &tasks[i]));
  for (int i = 0; i < COUNT; i += 3) app_core__deadline_heap_remove(&heap, &tasks[i]); /* as cancel does */
  for (int i = 0; i < COUNT; i++) {
    if (i % 3 != 0 && tasks[i].heap_index != SIZE_MAX) ASSERT_TRUE(heap.items[tasks[i].heap_index] == &tasks[i]);
  }
  drain_in_order(&heap, COUNT - (COUNT + 2) / 3);
  app_core__deadline_heap_free(&heap);
  free(tasks);
}

TEST(pops_by_deadline_then_submission_order) { pop_in_order(false); }

TEST(removing_from_the_middle_keeps_the_order) { remove_from_the_middle(false); }

/* In-order deadlines go to the sorted list, the others to the heap: the
 * earliest is still the earlier of the two, ties by id across both. */
TEST(mixed_list_and_heap_pop_in_order) { pop_in_order(true); }

TEST(mixed_list_and_heap_removal_keeps_the_order) { remove_from_the_middle(true); }
