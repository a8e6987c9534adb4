/* task_list.h: a FIFO of tasks linked through their own next_in_queue and
 * prev_in_queue (no allocation; removal anywhere is O(1)). A task is in at
 * most one list at a time: the run queue, the answer queue or the deadlines'
 * sorted list. */
#ifndef APP_CORE_TASK_LIST_H
#define APP_CORE_TASK_LIST_H

#include <stddef.h>

#include "task_record.h"

typedef struct app_core__task_list {
  app_core__task *head;
  app_core__task *tail;
} app_core__task_list;

static inline void app_core__task_list_push_back(app_core__task_list *list, app_core__task *task) {
  task->next_in_queue = NULL;
  task->prev_in_queue = list->tail;
  if (list->tail) {
    list->tail->next_in_queue = task;
  } else {
    list->head = task;
  }
  list->tail = task;
}

static inline void app_core__task_list_push_front(app_core__task_list *list, app_core__task *task) {
  task->prev_in_queue = NULL;
  task->next_in_queue = list->head;
  if (list->head) {
    list->head->prev_in_queue = task;
  } else {
    list->tail = task;
  }
  list->head = task;
}

static inline void app_core__task_list_remove(app_core__task_list *list, app_core__task *task) {
  if (task->prev_in_queue) {
    task->prev_in_queue->next_in_queue = task->next_in_queue;
  } else {
    list->head = task->next_in_queue;
  }
  if (task->next_in_queue) {
    task->next_in_queue->prev_in_queue = task->prev_in_queue;
  } else {
    list->tail = task->prev_in_queue;
  }
}

#endif
