/* owner_table.c: see owner_table.h. Owner ids come from a counter, so their
 * low bits spread them evenly, as task ids do in task_table.c. The table
 * doubles at load factor 1. */
#include "owner_table.h"

#include <stdlib.h>

struct app_core__owner_entry {
  int64_t owner;
  app_core__task *tasks; /* never NULL: an entry goes with its last task */
  app_core__owner_entry *next;
};

static size_t bucket_of(int64_t owner, size_t bucket_count) { return (size_t)((uint64_t)owner & (bucket_count - 1)); }

static app_core__owner_entry **link_of(const app_core__owner_table *table, int64_t owner) {
  app_core__owner_entry **link = &table->buckets[bucket_of(owner, table->bucket_count)];
  while (*link != NULL && (*link)->owner != owner) link = &(*link)->next;
  return link;
}

static void grow(app_core__owner_table *table) {
  size_t bucket_count = table->bucket_count ? table->bucket_count * 2 : 64;
  if (bucket_count > SIZE_MAX / sizeof *table->buckets) return;
  app_core__owner_entry **buckets = calloc(bucket_count, sizeof *buckets);
  if (buckets == NULL) return; /* the chains just grow longer */
  for (size_t i = 0; i < table->bucket_count; i++) {
    app_core__owner_entry *entry = table->buckets[i];
    while (entry != NULL) {
      app_core__owner_entry *next = entry->next;
      size_t b = bucket_of(entry->owner, bucket_count);
      entry->next = buckets[b];
      buckets[b] = entry;
      entry = next;
    }
  }
  free(table->buckets);
  table->buckets = buckets;
  table->bucket_count = bucket_count;
}

bool app_core__owner_table_add(app_core__owner_table *table, app_core__task *task, int64_t owner) {
  if (task->owner == owner) return true;
  if (table->count >= table->bucket_count) grow(table);
  if (table->bucket_count == 0) return false;
  app_core__owner_entry **link = link_of(table, owner);
  app_core__owner_entry *entry = *link;
  if (entry == NULL) {
    entry = malloc(sizeof *entry);
    if (entry == NULL) return false;
    entry->owner = owner;
    entry->tasks = NULL;
    entry->next = NULL;
    *link = entry;
    table->count++;
  }
  app_core__owner_table_remove(table, task); /* from a previous owner; entry is not its */
  task->owner = owner;
  task->prev_of_owner = NULL;
  task->next_of_owner = entry->tasks;
  if (entry->tasks != NULL) entry->tasks->prev_of_owner = task;
  entry->tasks = task;
  return true;
}

void app_core__owner_table_remove(app_core__owner_table *table, app_core__task *task) {
  if (task->owner == 0) return;
  if (task->next_of_owner != NULL) task->next_of_owner->prev_of_owner = task->prev_of_owner;
  if (task->prev_of_owner != NULL) {
    task->prev_of_owner->next_of_owner = task->next_of_owner;
  } else {
    app_core__owner_entry **link = link_of(table, task->owner);
    app_core__owner_entry *entry = *link;
    entry->tasks = task->next_of_owner;
    if (entry->tasks == NULL) {
      *link = entry->next;
      free(entry);
      table->count--;
    }
  }
  task->owner = 0;
  task->next_of_owner = task->prev_of_owner = NULL;
}

app_core__task *app_core__owner_table_first(const app_core__owner_table *table, int64_t owner) {
  if (table->bucket_count == 0) return NULL;
  app_core__owner_entry *entry = *link_of(table, owner);
  return entry != NULL ? entry->tasks : NULL;
}

void app_core__owner_table_free(app_core__owner_table *table) {
  free(table->buckets);
  table->buckets = NULL;
  table->bucket_count = table->count = 0;
}
