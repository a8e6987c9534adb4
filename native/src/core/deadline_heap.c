/* deadline_heap.c: see deadline_heap.h. The deadlines are kept beside the
 * task pointers, so a sift compares keys in the array instead of reading a
 * task (a cache miss each) per comparison; and the heap is 4-ary: half the
 * levels of a binary heap, four sibling keys in one cache line. At 100,000
 * waiting tasks, popping the earliest was the runtime's largest cost. */
#include "deadline_heap.h"

#include <stdlib.h>

#define ARITY 4

/* Whether the entry at `index` goes before (deadline, task). */
static bool before(const app_core__deadline_heap *heap, size_t index, uint64_t deadline, const app_core__task *task) {
  uint64_t other = heap->deadlines[index];
  return other != deadline ? other < deadline : heap->items[index]->id < task->id;
}

static void place(app_core__deadline_heap *heap, size_t index, app_core__task *task, uint64_t deadline) {
  heap->items[index] = task;
  heap->deadlines[index] = deadline;
  task->heap_index = index;
}

static void sift_up(app_core__deadline_heap *heap, size_t index, app_core__task *task) {
  uint64_t deadline = task->deadline_ns;
  while (index > 0) {
    size_t parent = (index - 1) / ARITY;
    if (before(heap, parent, deadline, task)) break;
    place(heap, index, heap->items[parent], heap->deadlines[parent]);
    index = parent;
  }
  place(heap, index, task, deadline);
}

static void sift_down(app_core__deadline_heap *heap, size_t index, app_core__task *task) {
  uint64_t deadline = task->deadline_ns;
  for (;;) {
    size_t first = ARITY * index + 1;
    if (first >= heap->count) break;
    size_t end = first + ARITY < heap->count ? first + ARITY : heap->count;
    size_t best = first;
    for (size_t child = first + 1; child < end; child++) {
      if (before(heap, child, heap->deadlines[best], heap->items[best])) best = child;
    }
    if (!before(heap, best, deadline, task)) break;
    place(heap, index, heap->items[best], heap->deadlines[best]);
    index = best;
  }
  place(heap, index, task, deadline);
}

static bool grow(app_core__deadline_heap *heap) {
  size_t capacity = heap->capacity ? heap->capacity * 2 : 64;
  if (capacity > SIZE_MAX / sizeof *heap->items) return false;
  app_core__task **items = realloc(heap->items, capacity * sizeof *items);
  if (items == NULL) return false;
  heap->items = items;
  uint64_t *deadlines = realloc(heap->deadlines, capacity * sizeof *deadlines);
  if (deadlines == NULL) return false; /* items merely grew: the heap is unchanged */
  heap->deadlines = deadlines;
  heap->capacity = capacity;
  return true;
}

bool app_core__deadline_heap_push(app_core__deadline_heap *heap, app_core__task *task) {
  if (heap->count == heap->capacity && !grow(heap)) return false;
  sift_up(heap, heap->count++, task);
  return true;
}

app_core__task *app_core__deadline_heap_top(const app_core__deadline_heap *heap) {
  return heap->count > 0 ? heap->items[0] : NULL;
}

void app_core__deadline_heap_remove(app_core__deadline_heap *heap, app_core__task *task) {
  size_t index = task->heap_index;
  size_t last_index = --heap->count;
  if (index == last_index) return;
  app_core__task *last = heap->items[last_index];
  if (index > 0 && !before(heap, (index - 1) / ARITY, heap->deadlines[last_index], last)) {
    sift_up(heap, index, last);
  } else {
    sift_down(heap, index, last);
  }
}

void app_core__deadline_heap_free(app_core__deadline_heap *heap) {
  free(heap->items);
  free(heap->deadlines);
  heap->items = NULL;
  heap->deadlines = NULL;
  heap->count = heap->capacity = 0;
}
