/* shutdown.c: app_core_shutdown, at the top of the core: it closes the
 * isolates' exit port, stops the runtime, then ends the parked file readers
 * (the workers that used them are joined by then). None of these layers
 * calls another, so the call that ends them lives above them. */
#include "app_core.h"
#include "file_reader.h"
#include "isolates.h"
#include "runtime.h"

void app_core_shutdown(void) {
  app_core__isolates_shutdown();
  app_core__runtime_shutdown();
  app_core__file_readers_shutdown();
}
