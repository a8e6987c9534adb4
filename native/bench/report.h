/* report.h: the results table: one row per figure, each holding every run of
 * ours and of its baseline; printed and written as markdown. */
#ifndef APP_CORE_BENCH_REPORT_H
#define APP_CORE_BENCH_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define REPORT_MAX_RUNS 32

typedef enum goal_kind {
  GOAL_NONE,           /* reported only: no goal for this figure */
  GOAL_AT_MOST,        /* median of ours <= goal_value */
  GOAL_AT_LEAST,       /* median of ours >= goal_value */
  GOAL_RATIO_AT_LEAST, /* median of ours / median of the baseline >= goal_value */
  GOAL_RATIO_AT_MOST   /* median of ours / median of the baseline <= goal_value */
} goal_kind;

typedef struct report_row {
  const char *figure;   /* name, unit and which way is better */
  const char *baseline; /* short name of what the baseline column measured */
  int decimals;
  goal_kind goal;
  double goal_value;
  const char *goal_text;
  double ours[REPORT_MAX_RUNS], base[REPORT_MAX_RUNS];
  size_t ours_runs, base_runs;
} report_row;

typedef struct report_context {
  char date[64];
  char cpu_model[160];
  unsigned cores;
  char load_before[64], load_after[64];
  char kernel[400];
  char compiler[96];
  char libuv[32];
  unsigned runs;
  double seconds; /* the whole bench */
} report_context;

void report_add(report_row *row, bool ours, double value);

/* Writes the markdown table (and, with notes, the context and notes). */
void report_write(FILE *out, const report_context *context, report_row *rows, size_t row_count, const char *notes);

#endif
