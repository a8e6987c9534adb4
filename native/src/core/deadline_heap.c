/* deadline_heap.c: see deadline_heap.h. The sorted list is there because
 * at 100,000 waiting tasks popping the heap was the runtime's largest cost:
 * each level of a sift writes the moved task's index (a cache miss each),
 * about eight per pop, where the list touches only the task it pops, which
 * its taker reads next anyway. In the heap the deadlines are kept beside the
 * task pointers, so a sift compares keys in the array instead of reading a
 * task per comparison; and it is 4-ary: half the levels of a binary heap,
 * four sibling keys in one cache line. */
#include "deadline_heap.h"

#include <stdlib.h>

#define ARITY 4

/* heap_index of a task in the sorted list. */
#define IN_SORTED_LIST SIZE_MAX

static bool earlier(const app_core__task *a, const app_core__task *b) {
  return a->deadline_ns != b->deadline_ns ? a->deadline_ns < b->deadline_ns : a->id < b->id;
}

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
    if (first >= heap->heap_count) break;
    size_t end = first + ARITY < heap->heap_count ? first + ARITY : heap->heap_count;
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

static bool heap_push(app_core__deadline_heap *heap, app_core__task *task) {
  if (heap->heap_count == heap->capacity && !grow(heap)) return false;
  sift_up(heap, heap->heap_count++, task);
  return true;
}

static void heap_remove(app_core__deadline_heap *heap, app_core__task *task) {
  size_t index = task->heap_index;
  size_t last_index = --heap->heap_count;
  if (index == last_index) return;
  app_core__task *last = heap->items[last_index];
  if (index > 0 && !before(heap, (index - 1) / ARITY, heap->deadlines[last_index], last)) {
    sift_up(heap, index, last);
  } else {
    sift_down(heap, index, last);
  }
}

bool app_core__deadline_heap_push(app_core__deadline_heap *heap, app_core__task *task) {
  if (heap->sorted.tail != NULL && earlier(task, heap->sorted.tail)) {
    if (!heap_push(heap, task)) return false;
  } else {
    task->heap_index = IN_SORTED_LIST;
    app_core__task_list_push_back(&heap->sorted, task);
  }
  heap->count++;
  return true;
}

app_core__task *app_core__deadline_heap_top(const app_core__deadline_heap *heap) {
  app_core__task *listed = heap->sorted.head;
  if (heap->heap_count == 0) return listed;
  app_core__task *heaped = heap->items[0];
  /* The heap's root deadline is in the array: the task is read only on a tie. */
  if (listed == NULL || heap->deadlines[0] < listed->deadline_ns) return heaped;
  return heap->deadlines[0] == listed->deadline_ns && heaped->id < listed->id ? heaped : listed;
}

void app_core__deadline_heap_remove(app_core__deadline_heap *heap, app_core__task *task) {
  heap->count--;
  if (task->heap_index != IN_SORTED_LIST) {
    heap_remove(heap, task);
  } else {
    app_core__task_list_remove(&heap->sorted, task);
  }
}

void app_core__deadline_heap_free(app_core__deadline_heap *heap) {
  free(heap->items);
  free(heap->deadlines);
  heap->items = NULL;
  heap->deadlines = NULL;
  heap->heap_count = heap->capacity = heap->count = 0;
  heap->sorted.head = heap->sorted.tail = NULL;
}
