/* vm_port_map.c: linear probing keeps lookups to a cache line or two even with
 * 10,000+ ports; deletion shifts entries back so no tombstones pile up. */
#include "vm_port_map.h"

#include <stdint.h>
#include <stdlib.h>

static size_t home_slot(Dart_Port key, size_t capacity) {
  /* Fibonacci hashing spreads the sequential ids the host hands out. */
  uint64_t mixed = (uint64_t)key * UINT64_C(0x9E3779B97F4A7C15);
  return (size_t)(mixed ^ (mixed >> 32)) & (capacity - 1);
}

static size_t find_slot(const vm_port_map *map, Dart_Port key) {
  size_t mask = map->capacity - 1;
  size_t i = home_slot(key, map->capacity);
  while (map->slots[i].key != 0 && map->slots[i].key != key) i = (i + 1) & mask;
  return i;
}

void *vm_port_map_get(const vm_port_map *map, Dart_Port key) {
  if (map->capacity == 0 || key == 0) return NULL;
  const vm_port_slot *slot = &map->slots[find_slot(map, key)];
  return slot->key == key ? slot->value : NULL;
}

static bool grow(vm_port_map *map) {
  size_t capacity = map->capacity == 0 ? 64 : map->capacity * 2;
  if (capacity > SIZE_MAX / sizeof(vm_port_slot)) return false;
  vm_port_slot *slots = calloc(capacity, sizeof *slots);
  if (slots == NULL) return false;
  vm_port_map bigger = {slots, capacity, map->count};
  for (size_t i = 0; i < map->capacity; i++) {
    if (map->slots[i].key != 0) bigger.slots[find_slot(&bigger, map->slots[i].key)] = map->slots[i];
  }
  free(map->slots);
  *map = bigger;
  return true;
}

bool vm_port_map_add(vm_port_map *map, Dart_Port key, void *value) {
  if ((map->count + 1) * 2 > map->capacity && !grow(map)) return false;
  vm_port_slot *slot = &map->slots[find_slot(map, key)];
  slot->key = key;
  slot->value = value;
  map->count++;
  return true;
}

void *vm_port_map_remove(vm_port_map *map, Dart_Port key) {
  if (map->capacity == 0 || key == 0) return NULL;
  size_t mask = map->capacity - 1;
  size_t hole = find_slot(map, key);
  if (map->slots[hole].key != key) return NULL;
  void *value = map->slots[hole].value;
  /* Backward-shift: move each later entry of the probe run into the hole
   * unless its home lies cyclically in (hole, next]. */
  for (size_t next = (hole + 1) & mask; map->slots[next].key != 0; next = (next + 1) & mask) {
    size_t home = home_slot(map->slots[next].key, map->capacity);
    bool stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
    if (!stays) {
      map->slots[hole] = map->slots[next];
      hole = next;
    }
  }
  map->slots[hole].key = 0;
  map->slots[hole].value = NULL;
  map->count--;
  return value;
}

void vm_port_map_free(vm_port_map *map) {
  free(map->slots);
  map->slots = NULL;
  map->capacity = 0;
  map->count = 0;
}
