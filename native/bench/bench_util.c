/* bench_util.c: clock, statistics, /proc readers and checked allocation. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

uint64_t bench_now_ns(void) {
  struct timespec ts;
  (void)clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

__attribute__((format(printf, 1, 0))) static void print_line(const char *format, va_list args) {
  fputs("bench: ", stderr);
  vfprintf(stderr, format, args);
  fputc('\n', stderr);
}

void bench_fatal(const char *format, ...) {
  va_list args;
  va_start(args, format);
  print_line(format, args);
  va_end(args);
  exit(1);
}

static bool verbose_enabled(void) {
  static int enabled = -1;
  if (enabled < 0) enabled = getenv("BENCH_VERBOSE") != NULL;
  return enabled != 0;
}

void bench_verbose(const char *format, ...) {
  if (!verbose_enabled()) return;
  va_list args;
  va_start(args, format);
  print_line(format, args);
  va_end(args);
}

latency_figure bench_latency_figure(uint64_t *latencies, size_t count) {
  latency_figure figure;
  figure.p50_us = (double)bench_quantile(latencies, count, 0.50) / 1e3;
  figure.p99_us = (double)bench_quantile(latencies, count, 0.99) / 1e3;
  return figure;
}

void bench_verbose_legs(const char *first_leg, uint64_t *to_post, uint64_t *to_receive, size_t count) {
  if (!verbose_enabled()) return;
  latency_figure first = bench_latency_figure(to_post, count), second = bench_latency_figure(to_receive, count);
  bench_verbose("%s p50 %.1f p99 %.1f us, post->received p50 %.1f p99 %.1f us", first_leg, first.p50_us, first.p99_us,
                second.p50_us, second.p99_us);
}

void *bench_alloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (p == NULL) bench_fatal("out of memory (%zu bytes)", size);
  return p;
}

void *bench_zalloc(size_t size) {
  void *p = calloc(1, size ? size : 1);
  if (p == NULL) bench_fatal("out of memory (%zu bytes)", size);
  return p;
}

static int compare_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

uint64_t bench_quantile(uint64_t *values, size_t count, double q) {
  if (count == 0) return 0;
  qsort(values, count, sizeof *values, compare_u64);
  size_t rank = (size_t)(q * (double)count + 0.5); /* nearest rank, 1-based */
  if (rank < 1) rank = 1;
  if (rank > count) rank = count;
  return values[rank - 1];
}

double bench_median(double *values, size_t count) {
  if (count == 0) return 0;
  qsort(values, count, sizeof *values, compare_double);
  return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

long bench_proc_status(const char *field) {
  FILE *f = fopen("/proc/self/status", "r");
  if (f == NULL) return -1;
  char line[256];
  size_t field_length = strlen(field);
  long value = -1;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, field, field_length) == 0 && line[field_length] == ':') {
      value = strtol(line + field_length + 1, NULL, 10);
      break;
    }
  }
  fclose(f);
  return value;
}

void bench_cpu_model(char *buffer, size_t size) {
  snprintf(buffer, size, "unknown");
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (f == NULL) return;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "model name", 10) != 0) continue;
    const char *colon = strchr(line, ':');
    if (colon == NULL) continue;
    const char *value = colon + 1;
    while (*value == ' ' || *value == '\t') value++;
    snprintf(buffer, size, "%s", value);
    buffer[strcspn(buffer, "\n")] = '\0';
    break;
  }
  fclose(f);
}

unsigned bench_cpu_count(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1u : (unsigned)n;
}

void bench_load_average(char *buffer, size_t size) {
  snprintf(buffer, size, "unknown");
  FILE *f = fopen("/proc/loadavg", "r");
  if (f == NULL) return;
  double a, b, c;
  if (fscanf(f, "%lf %lf %lf", &a, &b, &c) == 3) snprintf(buffer, size, "%.2f %.2f %.2f", a, b, c);
  fclose(f);
}

static volatile uint64_t consumed;

void bench_consume(uint64_t value) { consumed += value; }
