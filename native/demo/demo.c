/* demo.c: exercises every app_core function and prints what it returns. */
#include <stdio.h>

#include "app_core.h"

int main(void) {
  printf("app_core ABI version %d\n", app_core_abi_version());
  return 0;
}
