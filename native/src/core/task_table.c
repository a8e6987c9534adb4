/* task_table.c: see task_table.h. Ids are handed out in sequence and live
 * tasks are mostly recent ones, so the low bits of the id already spread them
 * evenly, and consecutive submits touch consecutive buckets (cache-friendly,
 * unlike a scrambling hash). The table doubles at load factor 1. */
#include "task_table.h"

#include <stdlib.h>

static size_t bucket_of(int64_t id, size_t bucket_count) { return (size_t)((uint64_t)id & (bucket_count - 1)); }

static bool grow(app_core__task_table *table) {
  size_t bucket_count = table->bucket_count ? table->bucket_count * 2 : 256;
  if (bucket_count > SIZE_MAX / sizeof *table->buckets) return false;
  app_core__task **buckets = calloc(bucket_count, sizeof *buckets);
  if (buckets == NULL) return false;
  for (size_t i = 0; i < table->bucket_count; i++) {
    app_core__task *task = table->buckets[i];
    while (task != NULL) {
      app_core__task *next = task->next_in_table;
      size_t b = bucket_of(task->id, bucket_count);
      task->next_in_table = buckets[b];
      buckets[b] = task;
      task = next;
    }
  }
  free(table->buckets);
  table->buckets = buckets;
  table->bucket_count = bucket_count;
  return true;
}

bool app_core__task_table_insert(app_core__task_table *table, app_core__task *task) {
  if (table->count >= table->bucket_count && !grow(table) && table->bucket_count == 0) return false;
  size_t b = bucket_of(task->id, table->bucket_count);
  task->next_in_table = table->buckets[b];
  table->buckets[b] = task;
  table->count++;
  return true;
}

app_core__task *app_core__task_table_find(const app_core__task_table *table, int64_t id) {
  if (table->bucket_count == 0) return NULL;
  for (app_core__task *task = table->buckets[bucket_of(id, table->bucket_count)]; task; task = task->next_in_table) {
    if (task->id == id) return task;
  }
  return NULL;
}

void app_core__task_table_remove(app_core__task_table *table, app_core__task *task) {
  app_core__task **link = &table->buckets[bucket_of(task->id, table->bucket_count)];
  while (*link != task) link = &(*link)->next_in_table;
  *link = task->next_in_table;
  table->count--;
}

void app_core__task_table_replace(app_core__task_table *table, app_core__task *task, app_core__task *with) {
  app_core__task **link = &table->buckets[bucket_of(task->id, table->bucket_count)];
  while (*link != task) link = &(*link)->next_in_table;
  with->next_in_table = task->next_in_table;
  *link = with;
}

void app_core__task_table_for_each(const app_core__task_table *table, void (*visit)(app_core__task *task)) {
  for (size_t i = 0; i < table->bucket_count; i++) {
    for (app_core__task *task = table->buckets[i], *next; task; task = next) {
      next = task->next_in_table; /* visit may replace the task */
      visit(task);
    }
  }
}

void app_core__task_table_free(app_core__task_table *table) {
  free(table->buckets);
  table->buckets = NULL;
  table->bucket_count = table->count = 0;
}
