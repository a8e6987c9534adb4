/* version.c: the ABI version the Dart layer checks at load time. */
#include "app_core.h"

int32_t app_core_abi_version(void) { return APP_CORE_ABI_VERSION; }
