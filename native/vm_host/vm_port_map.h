/* vm_port_map.h: Dart_Port -> pointer hash map for the test VM host (O(1) per post). */
#ifndef VM_PORT_MAP_H
#define VM_PORT_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/dart_api.h"

typedef struct vm_port_slot {
  Dart_Port key; /* 0 = empty: ports are > 0 */
  void *value;
} vm_port_slot;

/* Open addressing with linear probing, at most half full; zero-initialise. */
typedef struct vm_port_map {
  vm_port_slot *slots;
  size_t capacity; /* 0 or a power of two */
  size_t count;
} vm_port_map;

void *vm_port_map_get(const vm_port_map *map, Dart_Port key);
/* Adds a key that is not in the map yet (key > 0). False if memory ran out. */
bool vm_port_map_add(vm_port_map *map, Dart_Port key, void *value);
/* Removes and returns the value, or NULL if the key is absent. */
void *vm_port_map_remove(vm_port_map *map, Dart_Port key);
/* Frees the slots; the values are the caller's. */
void vm_port_map_free(vm_port_map *map);

#endif
