/* shutdown.c: app_core_shutdown, at the top of the core: it closes the
 * isolates' exit port, then stops the runtime. Neither layer calls the
 * other, so the call that ends them lives above them. */
#include "app_core.h"
#include "isolates.h"
#include "runtime.h"

void app_core_shutdown(void) {
  app_core__isolates_shutdown();
  app_core__runtime_shutdown();
}
