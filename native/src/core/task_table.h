/* task_table.h: live tasks by id (chained hash table, intrusive), so
 * app_core_cancel finds a task in O(1) and shutdown can reach every task. */
#ifndef APP_CORE_TASK_TABLE_H
#define APP_CORE_TASK_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "task_record.h"

typedef struct app_core__task_table {
  app_core__task **buckets;
  size_t bucket_count; /* a power of two, or 0 before the first insert */
  size_t count;
} app_core__task_table;

/* Returns false if memory ran out (the table is unchanged). */
bool app_core__task_table_insert(app_core__task_table *table, app_core__task *task);
app_core__task *app_core__task_table_find(const app_core__task_table *table, int64_t id);
void app_core__task_table_remove(app_core__task_table *table, app_core__task *task);
/* Puts `with` (same id) in the place of `task`, which leaves the table. */
void app_core__task_table_replace(app_core__task_table *table, app_core__task *task, app_core__task *with);
/* Calls visit for every task; visit may replace the task it is given (the
 * replacement is not visited), and change the table no other way. */
void app_core__task_table_for_each(const app_core__task_table *table, void (*visit)(app_core__task *task));
/* Frees the storage; the table must be empty. */
void app_core__task_table_free(app_core__task_table *table);

#endif
