/* test_owner_table.c: the runtime's owner -> live tasks index. */
#include <stdlib.h>

#include "core/owner_table.h"
#include "test.h"

/* How many tasks the owner's list holds, each checked to carry the owner. */
static size_t count_of(const app_core__owner_table *table, int64_t owner) {
  size_t count = 0;
  for (app_core__task *task = app_core__owner_table_first(table, owner); task != NULL; task = task->next_of_owner) {
    ASSERT_EQ(task->owner, owner);
    count++;
  }
  return count;
}

TEST(lists_exactly_each_owners_tasks_across_growth) {
  enum { OWNERS = 300, EACH = 5 };
  app_core__task *tasks = calloc(OWNERS * EACH, sizeof *tasks);
  ASSERT_NOT_NULL(tasks);
  app_core__owner_table table = {0};
  ASSERT_NULL(app_core__owner_table_first(&table, 1)); /* empty table, no buckets yet */
  for (int i = 0; i < OWNERS * EACH; i++) ASSERT_TRUE(app_core__owner_table_add(&table, &tasks[i], 1 + i % OWNERS));
  ASSERT_UINT_EQ(table.count, OWNERS);
  for (int64_t owner = 1; owner <= OWNERS; owner++) ASSERT_UINT_EQ(count_of(&table, owner), EACH);
  ASSERT_NULL(app_core__owner_table_first(&table, OWNERS + 1));
  for (int i = 0; i < OWNERS * EACH; i++) app_core__owner_table_remove(&table, &tasks[i]);
  ASSERT_UINT_EQ(table.count, 0);
  ASSERT_NULL(app_core__owner_table_first(&table, 1));
  app_core__owner_table_free(&table);
  free(tasks);
}

TEST(removes_from_head_middle_and_tail_and_frees_the_last) {
  app_core__task tasks[4] = {{0}};
  app_core__owner_table table = {0};
  for (int i = 0; i < 4; i++) ASSERT_TRUE(app_core__owner_table_add(&table, &tasks[i], 7));
  app_core__owner_table_remove(&table, &tasks[3]); /* the head: added last */
  app_core__owner_table_remove(&table, &tasks[1]); /* the middle */
  app_core__owner_table_remove(&table, &tasks[0]); /* the tail */
  ASSERT_TRUE(app_core__owner_table_first(&table, 7) == &tasks[2]);
  ASSERT_NULL(tasks[2].next_of_owner);
  ASSERT_EQ(tasks[0].owner, 0);
  app_core__owner_table_remove(&table, &tasks[0]); /* no owner any more: no-op */
  app_core__owner_table_remove(&table, &tasks[2]);
  ASSERT_NULL(app_core__owner_table_first(&table, 7));
  ASSERT_UINT_EQ(table.count, 0);
  app_core__owner_table_free(&table);
}

TEST(a_new_owner_takes_the_task_from_the_old_one) {
  app_core__task tasks[2] = {{0}};
  app_core__owner_table table = {0};
  ASSERT_TRUE(app_core__owner_table_add(&table, &tasks[0], 1));
  ASSERT_TRUE(app_core__owner_table_add(&table, &tasks[1], 1));
  ASSERT_TRUE(app_core__owner_table_add(&table, &tasks[0], 2));
  ASSERT_TRUE(app_core__owner_table_add(&table, &tasks[0], 2)); /* again: unchanged */
  ASSERT_UINT_EQ(count_of(&table, 1), 1);
  ASSERT_UINT_EQ(count_of(&table, 2), 1);
  ASSERT_TRUE(app_core__owner_table_first(&table, 1) == &tasks[1]);
  app_core__owner_table_remove(&table, &tasks[1]);
  app_core__owner_table_remove(&table, &tasks[0]);
  ASSERT_UINT_EQ(table.count, 0);
  app_core__owner_table_free(&table);
}
