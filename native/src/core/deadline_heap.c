/* deadline_heap.c: see deadline_heap.h. */
#include "deadline_heap.h"

#include <stdlib.h>

static bool earlier(const app_core__task *a, const app_core__task *b) {
  return a->deadline_ns != b->deadline_ns ? a->deadline_ns < b->deadline_ns : a->id < b->id;
}

static void place(app_core__deadline_heap *heap, size_t index, app_core__task *task) {
  heap->items[index] = task;
  task->heap_index = index;
}

static void sift_up(app_core__deadline_heap *heap, size_t index) {
  app_core__task *task = heap->items[index];
  while (index > 0) {
    size_t parent = (index - 1) / 2;
    if (!earlier(task, heap->items[parent])) break;
    place(heap, index, heap->items[parent]);
    index = parent;
  }
  place(heap, index, task);
}

static void sift_down(app_core__deadline_heap *heap, size_t index) {
  app_core__task *task = heap->items[index];
  for (;;) {
    size_t child = 2 * index + 1;
    if (child >= heap->count) break;
    if (child + 1 < heap->count && earlier(heap->items[child + 1], heap->items[child])) child++;
    if (!earlier(heap->items[child], task)) break;
    place(heap, index, heap->items[child]);
    index = child;
  }
  place(heap, index, task);
}

bool app_core__deadline_heap_push(app_core__deadline_heap *heap, app_core__task *task) {
  if (heap->count == heap->capacity) {
    size_t capacity = heap->capacity ? heap->capacity * 2 : 64;
    if (capacity > SIZE_MAX / sizeof *heap->items) return false;
    app_core__task **items = realloc(heap->items, capacity * sizeof *items);
    if (items == NULL) return false;
    heap->items = items;
    heap->capacity = capacity;
  }
  heap->items[heap->count] = task;
  sift_up(heap, heap->count++);
  return true;
}

app_core__task *app_core__deadline_heap_top(const app_core__deadline_heap *heap) {
  return heap->count > 0 ? heap->items[0] : NULL;
}

void app_core__deadline_heap_remove(app_core__deadline_heap *heap, app_core__task *task) {
  size_t index = task->heap_index;
  app_core__task *last = heap->items[--heap->count];
  if (index == heap->count) return;
  place(heap, index, last);
  if (index > 0 && earlier(last, heap->items[(index - 1) / 2])) {
    sift_up(heap, index);
  } else {
    sift_down(heap, index);
  }
}

void app_core__deadline_heap_free(app_core__deadline_heap *heap) {
  free(heap->items);
  heap->items = NULL;
  heap->count = heap->capacity = 0;
}
