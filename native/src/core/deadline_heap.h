/* deadline_heap.h: 4-ary min-heap of waiting tasks by deadline, ties by id
 * (submission order). Each task records its index, so removal is O(log n). */
#ifndef APP_CORE_DEADLINE_HEAP_H
#define APP_CORE_DEADLINE_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "task.h"

typedef struct app_core__deadline_heap {
  app_core__task **items;
  uint64_t *deadlines; /* deadlines[i] == items[i]->deadline_ns */
  size_t count;
  size_t capacity;
} app_core__deadline_heap;

/* Returns false if memory ran out (the heap is unchanged). */
bool app_core__deadline_heap_push(app_core__deadline_heap *heap, app_core__task *task);
/* The earliest task, or NULL when empty. */
app_core__task *app_core__deadline_heap_top(const app_core__deadline_heap *heap);
void app_core__deadline_heap_remove(app_core__deadline_heap *heap, app_core__task *task);
/* Frees the storage; the heap must be empty. */
void app_core__deadline_heap_free(app_core__deadline_heap *heap);

#endif
