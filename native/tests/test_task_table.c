/* test_task_table.c: the runtime's id -> task index. */
#include <stdlib.h>

#include "core/task_table.h"
#include "test.h"

TEST(finds_every_inserted_task_across_growth) {
  enum { COUNT = 5000 };
  app_core__task *tasks = calloc(COUNT, sizeof *tasks);
  ASSERT_NOT_NULL(tasks);
  app_core__task_table table = {0};
  ASSERT_NULL(app_core__task_table_find(&table, 1)); /* empty table, no buckets yet */
  for (int i = 0; i < COUNT; i++) {
    tasks[i].id = 1000000 + i;
    ASSERT_TRUE(app_core__task_table_insert(&table, &tasks[i]));
  }
  ASSERT_EQ(table.count, COUNT);
  for (int i = 0; i < COUNT; i++) ASSERT_TRUE(app_core__task_table_find(&table, tasks[i].id) == &tasks[i]);
  ASSERT_NULL(app_core__task_table_find(&table, 999999));
  ASSERT_NULL(app_core__task_table_find(&table, 1000000 + COUNT));
  for (int i = 0; i < COUNT; i += 2) app_core__task_table_remove(&table, &tasks[i]);
  ASSERT_EQ(table.count, COUNT / 2);
  for (int i = 0; i < COUNT; i++) {
    app_core__task *found = app_core__task_table_find(&table, tasks[i].id);
    ASSERT_TRUE(i % 2 ? found == &tasks[i] : found == NULL);
  }
  for (int i = 1; i < COUNT; i += 2) app_core__task_table_remove(&table, &tasks[i]);
  ASSERT_EQ(table.count, 0);
  app_core__task_table_free(&table);
  free(tasks);
}

static int visited;
static void count_visit(app_core__task *task) {
  (void)task;
  visited++;
}

TEST(for_each_visits_every_task_once) {
  app_core__task tasks[300] = {{0}};
  app_core__task_table table = {0};
  for (int i = 0; i < 300; i++) {
    tasks[i].id = i + 1;
    ASSERT_TRUE(app_core__task_table_insert(&table, &tasks[i]));
  }
  visited = 0;
  app_core__task_table_for_each(&table, count_visit);
  ASSERT_EQ(visited, 300);
  for (int i = 0; i < 300; i++) app_core__task_table_remove(&table, &tasks[i]);
  app_core__task_table_free(&table);
}
