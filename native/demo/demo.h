/* demo.h: the parts of the demo program. */
#ifndef APP_CORE_DEMO_H
#define APP_CORE_DEMO_H

/* Runs the async tour; returns how many results differed from app_core.h. */
int demo_async(void);

#endif
