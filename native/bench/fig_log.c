/*
 * fig_log.c: figure 9, calling Dart from C: the cost of app_core_log with
 * nobody listening at its level (one atomic load), against an empty call
 * through a function pointer; and one record delivered to a listener (format,
 * queue, the wakeup: the listener id posted to its port, received, then
 * app_core_log_next and free, as lib/src/native_log.dart drains), against the
 * same text posted as a kString to a port and received. Everything runs on
 * the calling thread: no thread wake-up is counted, only the work.
 */
#include <stdio.h>

#include "app_core.h"
#include "bench.h"
#include "dart_vm_host.h"

static void (*volatile empty_target)(int32_t, const char *);
static void empty_call(int32_t level, const char *text) {
  (void)level;
  (void)text;
}

static double per_call_ns(uint64_t start, size_t calls) { return (double)(bench_now_ns() - start) / (double)calls; }

log_figure fig_log(size_t calls) {
  log_figure figure;
  empty_target = empty_call;

  uint64_t start = bench_now_ns();
  for (size_t i = 0; i < calls; i++) app_core_log(APP_CORE_LOG_DEBUG, "record %zu", i); /* nobody at DEBUG */
  figure.nobody_ns = per_call_ns(start, calls);

  start = bench_now_ns();
  for (size_t i = 0; i < calls; i++) empty_target(APP_CORE_LOG_DEBUG, "record");
  figure.empty_call_ns = per_call_ns(start, calls);

  Dart_Port wakeups = vm_host_open_port();
  int64_t listener = app_core_log_listen(APP_CORE_LOG_INFO, wakeups, 0);
  if (listener == 0) bench_fatal("app_core_log_listen failed");
  start = bench_now_ns();
  for (size_t i = 0; i < calls; i++) {
    app_core_log(APP_CORE_LOG_INFO, "record %zu", i);
    vm_value *wakeup = bench_receive(wakeups);
    if (wakeup->value.as_int != listener)
      bench_fatal("record %zu: a wakeup for %lld", i, (long long)wakeup->value.as_int);
    vm_value_free(wakeup);
    app_core_log_record record;
    size_t got = 0;
    while (app_core_log_next(listener, &record)) {
      bench_consume((unsigned char)record.message[0]);
      app_core_string_free(record.message);
      got++;
    }
    if (got != 1) bench_fatal("record %zu: drained %zu records", i, got);
  }
  figure.record_ns = per_call_ns(start, calls);
  if (!app_core_log_unlisten(listener)) bench_fatal("app_core_log_unlisten failed");
  vm_host_close_port(wakeups);

  Dart_Port port = vm_host_open_port();
  start = bench_now_ns();
  for (size_t i = 0; i < calls; i++) {
    char text[64];
    snprintf(text, sizeof text, "record %zu", i);
    Dart_CObject message = {.type = Dart_CObject_kString, .value.as_string = text};
    if (!post_probe_post(port, &message)) bench_fatal("post %zu refused", i);
    vm_value *received = bench_receive(port);
    bench_consume((unsigned char)received->value.as_string[0]);
    vm_value_free(received);
  }
  figure.port_post_ns = per_call_ns(start, calls);
  vm_host_close_port(port);
  return figure;
}
