/* deadline_heap.h: waiting tasks by deadline, ties by id (submission order).
 *
 * Most deadlines arrive in order (one function, one delay: each deadline is
 * the latest yet), so such a task is appended to a sorted list linked through
 * the task (O(1) push, pop and removal, no array); a task that would go
 * before the list's tail goes into a 4-ary min-heap instead, which records
 * each task's index so removal is O(log n). The earliest task is the earlier
 * of the two fronts. */
#ifndef APP_CORE_DEADLINE_HEAP_H
#define APP_CORE_DEADLINE_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "task_list.h"
#include "task_record.h"

typedef struct app_core__deadline_heap {
  app_core__task_list sorted;
  app_core__task **items; /* the heap */
  uint64_t *deadlines;    /* deadlines[i] == items[i]->deadline_ns */
  size_t heap_count;
  size_t capacity;
  size_t count; /* in the list and the heap */
} app_core__deadline_heap;

/* Returns false if memory ran out (nothing changed). */
bool app_core__deadline_heap_push(app_core__deadline_heap *heap, app_core__task *task);
/* The earliest task, or NULL when empty. */
app_core__task *app_core__deadline_heap_top(const app_core__deadline_heap *heap);
void app_core__deadline_heap_remove(app_core__deadline_heap *heap, app_core__task *task);
/* Frees the storage; the heap must be empty. */
void app_core__deadline_heap_free(app_core__deadline_heap *heap);

#endif
