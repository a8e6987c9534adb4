/*
 * post_probe.c: the host's DL table with a timestamping Dart_PostCObject.
 *
 * The wrapper reads the clock first, stores it in the slot of the armed port
 * (a relaxed store into a preallocated array: no lock, no allocation), then
 * forwards to the host's function, so the recorded time is when the core
 * posted, before the host copies the message.
 */
#include <stdlib.h>
#include <string.h>

#include "app_core.h"
#include "bench.h"
#include "dart_vm_host.h"

typedef struct port_index {
  const Dart_Port *ports;
  size_t count;
  uint64_t *stamps;
  bool contiguous; /* ports[i] == ports[0] + i: the index is a subtraction */
  Dart_Port *keys; /* otherwise an open-addressing table port -> index */
  size_t *indices;
  size_t mask;
} port_index;

static Dart_PostCObject_Type host_post;
static port_index index_storage;
static port_index *volatile armed;
static app_core__dart_api_entry *probe_entries;
static app_core__dart_api_data probe_data;

static size_t slot_of(Dart_Port port, size_t mask) {
  return (size_t)(((uint64_t)port * UINT64_C(0x9E3779B97F4A7C15)) >> 29) & mask;
}

static bool find_index(const port_index *map, Dart_Port port, size_t *index) {
  if (map->contiguous) {
    if (port < map->ports[0] || (uint64_t)(port - map->ports[0]) >= map->count) return false;
    *index = (size_t)(port - map->ports[0]);
    return true;
  }
  for (size_t s = slot_of(port, map->mask); map->keys[s] != 0; s = (s + 1) & map->mask) {
    if (map->keys[s] == port) {
      *index = map->indices[s];
      return true;
    }
  }
  return false;
}

bool post_probe_post(Dart_Port port, Dart_CObject *message) {
  uint64_t now = bench_now_ns();
  port_index *map = __atomic_load_n(&armed, __ATOMIC_ACQUIRE);
  size_t index;
  if (map != NULL && find_index(map, port, &index)) __atomic_store_n(&map->stamps[index], now, __ATOMIC_RELAXED);
  return host_post(port, message);
}

void post_probe_install(void) {
  vm_host_start();
  const app_core__dart_api_data *host = vm_host_api_data();
  size_t count = 0;
  while (host->functions[count].name != NULL) count++;
  probe_entries = bench_zalloc((count + 1) * sizeof *probe_entries);
  for (size_t i = 0; i < count; i++) {
    probe_entries[i] = host->functions[i];
    if (strcmp(host->functions[i].name, "Dart_PostCObject") == 0) {
      host_post = (Dart_PostCObject_Type)host->functions[i].function;
      probe_entries[i].function = (void (*)(void))post_probe_post;
    }
  }
  if (host_post == NULL) bench_fatal("the host's DL table has no Dart_PostCObject");
  probe_data.major = host->major;
  probe_data.minor = host->minor;
  probe_data.functions = probe_entries;
  if (app_core_init_dart_api(&probe_data) != 0) bench_fatal("app_core_init_dart_api refused the probe table");
}

void post_probe_arm(const Dart_Port *ports, size_t count, uint64_t *stamps) {
  port_index *map = &index_storage;
  memset(map, 0, sizeof *map);
  map->ports = ports;
  map->count = count;
  map->stamps = stamps;
  map->contiguous = count > 0;
  for (size_t i = 1; i < count && map->contiguous; i++) map->contiguous = ports[i] == ports[0] + (Dart_Port)i;
  if (!map->contiguous && count > 0) {
    size_t slots = 2;
    while (slots < 2 * count) slots *= 2;
    map->keys = bench_zalloc(slots * sizeof *map->keys);
    map->indices = bench_zalloc(slots * sizeof *map->indices);
    map->mask = slots - 1;
    for (size_t i = 0; i < count; i++) {
      size_t s = slot_of(ports[i], map->mask);
      while (map->keys[s] != 0) s = (s + 1) & map->mask;
      map->keys[s] = ports[i];
      map->indices[s] = i;
    }
  }
  __atomic_store_n(&armed, map, __ATOMIC_RELEASE);
}

/* Called once every armed port's final message has been received, so no
 * worker is still inside probe_post with this map. */
void post_probe_disarm(void) {
  __atomic_store_n(&armed, NULL, __ATOMIC_RELEASE);
  free(index_storage.keys);
  free(index_storage.indices);
  memset(&index_storage, 0, sizeof index_storage);
}

uint64_t post_probe_read(const uint64_t *stamp) { return __atomic_load_n(stamp, __ATOMIC_RELAXED); }
