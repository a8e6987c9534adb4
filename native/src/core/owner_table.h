/* owner_table.h: live tasks by owner (the isolate that started them, see
 * isolates.h), so an isolate's exit visits its own tasks and no others.
 *
 * A chained hash table of owners; each owner's entry heads an intrusive list
 * of its tasks, linked through the tasks' next_of_owner and prev_of_owner
 * (removal O(1)). An entry is allocated with its owner's first task and
 * freed with its last, so the table holds only owners with live tasks. */
#ifndef APP_CORE_OWNER_TABLE_H
#define APP_CORE_OWNER_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "task_record.h"

typedef struct app_core__owner_entry app_core__owner_entry;

typedef struct app_core__owner_table {
  app_core__owner_entry **buckets;
  size_t bucket_count; /* a power of two, or 0 before the first add */
  size_t count;        /* owners with live tasks */
} app_core__owner_table;

/* Sets task->owner to `owner` (> 0) and links the task into its list, first
 * unlinking it from a previous owner's. Returns false if memory ran out (the
 * task then keeps its previous owner). */
bool app_core__owner_table_add(app_core__owner_table *table, app_core__task *task, int64_t owner);
/* Unlinks a task that has an owner; a task without one (owner 0) is left alone. */
void app_core__owner_table_remove(app_core__owner_table *table, app_core__task *task);
/* The first task of `owner` (the rest follow through next_of_owner), or NULL. */
app_core__task *app_core__owner_table_first(const app_core__owner_table *table, int64_t owner);
/* Frees the storage; the table must be empty. */
void app_core__owner_table_free(app_core__owner_table *table);

#endif
