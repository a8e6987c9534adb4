/* report.c: medians, ratios and the pass/fail verdict, rendered as markdown. */
#include "report.h"

#include <stdio.h>
#include <string.h>

#include "bench.h"

void report_add(report_row *row, bool ours, double value) {
  size_t *runs = ours ? &row->ours_runs : &row->base_runs;
  if (*runs >= REPORT_MAX_RUNS) bench_fatal("more than %d runs", REPORT_MAX_RUNS);
  (ours ? row->ours : row->base)[(*runs)++] = value;
}

typedef struct summary {
  double median, min, max;
} summary;

static summary summarise(const double *values, size_t count) {
  double sorted[REPORT_MAX_RUNS];
  memcpy(sorted, values, count * sizeof *values);
  summary s = {0, 0, 0};
  if (count == 0) return s;
  s.median = bench_median(sorted, count); /* sorts */
  s.min = sorted[0];
  s.max = sorted[count - 1];
  return s;
}

static void format_cell(char *buffer, size_t size, const double *values, size_t count, int decimals) {
  if (count == 0) {
    snprintf(buffer, size, "—");
    return;
  }
  summary s = summarise(values, count);
  snprintf(buffer, size, "**%.*f** [%.*f–%.*f]", decimals, s.median, decimals, s.min, decimals, s.max);
}

static const char *verdict(const report_row *row, double ours, double base) {
  switch (row->goal) {
    case GOAL_AT_MOST:
      return ours <= row->goal_value ? "pass" : "**FAIL**";
    case GOAL_AT_LEAST:
      return ours >= row->goal_value ? "pass" : "**FAIL**";
    case GOAL_RATIO_AT_LEAST:
      return base > 0 && ours / base >= row->goal_value ? "pass" : "**FAIL**";
    case GOAL_RATIO_AT_MOST:
      return base > 0 && ours / base <= row->goal_value ? "pass" : "**FAIL**";
    case GOAL_NONE:
      break;
  }
  return "info";
}

static void write_table(FILE *out, report_row *rows, size_t row_count) {
  fprintf(out,
          "| Figure | Ours: median [min–max] | Baseline: median [min–max] | Ratio ours/baseline | Goal | Result |\n");
  fprintf(out, "|---|---|---|---|---|---|\n");
  for (size_t i = 0; i < row_count; i++) {
    report_row *row = &rows[i];
    char ours[96], base[96], ratio[32];
    format_cell(ours, sizeof ours, row->ours, row->ours_runs, row->decimals);
    format_cell(base, sizeof base, row->base, row->base_runs, row->decimals);
    summary o = summarise(row->ours, row->ours_runs);
    summary b = summarise(row->base, row->base_runs);
    if (row->base_runs > 0 && b.median > 0) {
      snprintf(ratio, sizeof ratio, "%.2f", o.median / b.median);
    } else {
      snprintf(ratio, sizeof ratio, "—");
    }
    char base_cell[160];
    if (row->base_runs > 0) {
      snprintf(base_cell, sizeof base_cell, "%s: %s", row->baseline, base);
    } else {
      snprintf(base_cell, sizeof base_cell, "—");
    }
    fprintf(out, "| %s | %s | %s | %s | %s | %s |\n", row->figure, ours, base_cell, ratio,
            row->goal_text ? row->goal_text : "—", verdict(row, o.median, b.median));
  }
}

void report_write(FILE *out, const report_context *context, report_row *rows, size_t row_count, const char *notes) {
  if (notes != NULL) {
    fprintf(out, "# app_core benchmark results\n\n");
    fprintf(out, "Written by `tool/bench` (native/bench/, preset `bench`, Release build). Do not edit by hand.\n\n");
    fprintf(out, "- Date: %s\n", context->date);
    fprintf(out, "- CPU: %s, %u online cores\n", context->cpu_model, context->cores);
    fprintf(out, "- Load average (1/5/15 min) before: %s, after: %s (the machine is shared)\n", context->load_before,
            context->load_after);
    fprintf(out, "- Kernel: %s; compiler: %s; libuv %s\n", context->kernel, context->compiler, context->libuv);
    fprintf(out, "- Each figure: median of %u runs, [min–max] over the runs; whole bench took %.0f s\n\n",
            context->runs, context->seconds);
  }
  write_table(out, rows, row_count);
  if (notes != NULL) fprintf(out, "\n%s", notes);
}
