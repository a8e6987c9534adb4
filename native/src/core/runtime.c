/*
 * runtime.c: the worker pool that runs every async call.
 *
 * Rules:
 *  - One lock guards everything below: the task table (live tasks by id), the
 *    run queue (FIFO), the deadline heap (waiting tasks) and the lifecycle
 *    state. Nothing calls into the Dart VM or runs task code while holding it.
 *  - Lazy start: the first submit creates the workers (set_worker_count, or
 *    online CPUs, at least 2). Workers park on one condition variable, with a
 *    timeout equal to the nearest deadline: no timer thread, no thread per
 *    task. A waiting task occupies no thread.
 *  - Before parking, at most one worker spins for up to SPIN_NS watching the
 *    run queue, so a steady stream of submits is picked up without a wake-up
 *    system call each. Submit signals only when no worker spins; a worker that
 *    takes a task while more are queued wakes one more. A new earliest
 *    deadline wakes every parked worker to re-time its wait, spinner or not
 *    (the spinner watches only the run queue). Idle means parked:
 *    the spin is bounded, so an idle pool burns no CPU.
 *  - A task lives in the table from submit until a worker "settles" it: under
 *    the lock the worker removes it and reads its cancel flag, which decides
 *    the final message. app_core_cancel finds tasks only through the table
 *    under the same lock, so it either wins (the task will post [2]) or sees
 *    no task (the final message was already decided) and can never touch a
 *    freed task. After settling, only that worker holds the task: it posts the
 *    final message outside the lock, then destroys the task.
 *  - Cancel: a queued task is skipped by its worker; a waiting task moves to
 *    the front of the run queue at once; a running task sees the flag at its
 *    next check. A closed port (a failed post) cancels the task silently.
 *  - Shutdown cancels every live task, lets the workers drain them (each still
 *    posts its [2]), and joins them when the table is empty. The caller of
 *    app_core_shutdown joins the threads; workers never join each other. A
 *    concurrent shutdown waits for that one to complete (a counter, since a
 *    submit may restart the runtime before the waiter wakes).
 */
#include <stdlib.h>

#include "app_core.h"
#include "deadline_heap.h"
#include "platform.h"
#include "task.h"
#include "task_table.h"

typedef enum lifecycle { STOPPED, RUNNING, STOPPING } lifecycle;

/* About one wake-up's cost: long enough to catch the next submit of a busy
 * caller, short enough not to matter for battery. */
#define SPIN_NS UINT64_C(50000)

static struct runtime {
  app_core__mutex lock;
  app_core__cond work_available; /* workers wait here */
  app_core__cond stopped;        /* concurrent shutdown callers wait here */
  lifecycle state;
  uint64_t shutdowns_completed; /* a waiting shutdown returns once this moves */
  uint32_t configured_workers; /* 0 = default */
  app_core__thread *workers;
  uint32_t worker_count;
  uint32_t idle_workers;     /* parked on work_available */
  uint32_t spinning_workers; /* 0 or 1 */
  volatile int32_t queue_nonempty; /* mirrors queue_head != NULL for spinners, who read it without the lock */
  int64_t next_id; /* never reset: ids are unique for the life of the process */
  app_core__task_table table;
  app_core__deadline_heap deadlines;
  app_core__task *queue_head;
  app_core__task *queue_tail;
} rt;

static app_core__once rt_once = APP_CORE__ONCE_INIT;

static void init_runtime_globals(void) {
  app_core__mutex_init(&rt.lock);
  app_core__cond_init(&rt.work_available);
  app_core__cond_init(&rt.stopped);
  rt.next_id = 1;
}

static void ensure_globals(void) { app_core__call_once(&rt_once, init_runtime_globals); }

/* ---- run queue (lock held) ---------------------------------------------- */

static void queue_push_back(app_core__task *task) {
  task->state = APP_CORE__TASK_QUEUED;
  task->next_in_queue = NULL;
  if (rt.queue_tail) {
    rt.queue_tail->next_in_queue = task;
  } else {
    rt.queue_head = task;
  }
  rt.queue_tail = task;
  app_core__atomic_store_release_i32(&rt.queue_nonempty, 1);
}

static void queue_push_front(app_core__task *task) {
  task->state = APP_CORE__TASK_QUEUED;
  task->next_in_queue = rt.queue_head;
  rt.queue_head = task;
  if (rt.queue_tail == NULL) rt.queue_tail = task;
  app_core__atomic_store_release_i32(&rt.queue_nonempty, 1);
}

static app_core__task *queue_pop(void) {
  app_core__task *task = rt.queue_head;
  if (task) {
    rt.queue_head = task->next_in_queue;
    if (rt.queue_head == NULL) {
      rt.queue_tail = NULL;
      app_core__atomic_store_release_i32(&rt.queue_nonempty, 0);
    }
  }
  return task;
}

/* A spinning worker will see new work by itself. */
static void wake_one_idle_worker(void) {
  if (rt.idle_workers > 0 && rt.spinning_workers == 0) app_core__cond_signal(&rt.work_available);
}

/* ---- workers -------------------------------------------------------------- */

/* The next task to run, or NULL; expired deadlines go first. Lock held. */
static app_core__task *take_ready_task(void) {
  app_core__task *waiting = app_core__deadline_heap_top(&rt.deadlines);
  if (waiting && waiting->deadline_ns <= app_core__now_ns()) {
    app_core__deadline_heap_remove(&rt.deadlines, waiting);
    waiting->state = APP_CORE__TASK_RUNNING;
    return waiting;
  }
  app_core__task *task = queue_pop();
  if (task) {
    task->state = APP_CORE__TASK_RUNNING;
    if (rt.queue_head != NULL) wake_one_idle_worker(); /* spread a backlog */
  }
  return task;
}

/* Spins without the lock until the queue has work or SPIN_NS pass. Lock held
 * on entry and exit. Returns true if work appeared. */
static bool spin_for_work(void) {
  rt.spinning_workers++;
  app_core__mutex_unlock(&rt.lock);
  uint64_t give_up_at = app_core__now_ns() + SPIN_NS;
  bool found = false;
  for (uint32_t i = 1;; i++) {
    if (app_core__atomic_load_relaxed_i32(&rt.queue_nonempty)) {
      found = true;
      break;
    }
    app_core__cpu_relax();
    if (i % 64 == 0) {
      if (app_core__now_ns() > give_up_at) break;
      app_core__thread_yield(); /* where cores are scarce, let the submitter run */
    }
  }
  app_core__mutex_lock(&rt.lock);
  rt.spinning_workers--;
  return found;
}

static void wait_for_work(void) {
  rt.idle_workers++;
  app_core__task *waiting = app_core__deadline_heap_top(&rt.deadlines);
  if (waiting) {
    uint64_t now = app_core__now_ns();
    if (waiting->deadline_ns > now) {
      (void)app_core__cond_timedwait(&rt.work_available, &rt.lock, waiting->deadline_ns - now);
    }
  } else {
    app_core__cond_wait(&rt.work_available, &rt.lock);
  }
  rt.idle_workers--;
}

/* Removes a task that has run (or been skipped) from the table and decides its
 * final message. Lock held. Returns true if the task was cancelled. */
static bool settle(app_core__task *task) {
  app_core__task_table_remove(&rt.table, task);
  bool cancelled = app_core__atomic_load_acquire_i32(&task->cancelled) != 0;
  if (rt.state == STOPPING && rt.table.count == 0) app_core__cond_broadcast(&rt.work_available);
  return cancelled;
}

static void worker_main(void *arg) {
  (void)arg;
  app_core__task *ran = NULL; /* run, but not settled yet */
  bool may_spin = true;        /* false after a spin that found nothing: park next */
  app_core__mutex_lock(&rt.lock);
  for (;;) {
    bool ran_cancelled = ran ? settle(ran) : false;
    app_core__task *next = take_ready_task();
    if (ran == NULL && next == NULL) {
      if (rt.state == STOPPING && rt.table.count == 0) break;
      if (may_spin && rt.spinning_workers == 0 && rt.state == RUNNING) {
        may_spin = spin_for_work();
      } else {
        wait_for_work();
        may_spin = true;
      }
      continue;
    }
    app_core__mutex_unlock(&rt.lock);
    if (ran) {
      app_core__task_post_final(ran, ran_cancelled);
      app_core__task_destroy(ran);
    }
    /* A task whose starter already set the outcome (bad input) is not run. */
    if (next && !app_core__task_cancelled(next) && next->outcome == APP_CORE__OUTCOME_NONE) next->run(next);
    ran = next;
    app_core__mutex_lock(&rt.lock);
  }
  app_core__mutex_unlock(&rt.lock);
}

/* ---- lifecycle (lock held) ------------------------------------------------ */

static bool start_runtime(void) {
  uint32_t count = rt.configured_workers;
  if (count == 0) {
    count = app_core__cpu_count();
    if (count < 2) count = 2;
    if (count > APP_CORE_MAX_WORKERS) count = APP_CORE_MAX_WORKERS;
  }
  rt.workers = calloc(count, sizeof *rt.workers);
  if (rt.workers == NULL) return false;
  rt.worker_count = 0;
  for (uint32_t i = 0; i < count; i++) {
    if (!app_core__thread_create(&rt.workers[i], worker_main, NULL)) break;
    rt.worker_count++;
  }
  if (rt.worker_count == 0) {
    free(rt.workers);
    rt.workers = NULL;
    return false;
  }
  rt.state = RUNNING;
  return true;
}

static void cancel_for_shutdown(app_core__task *task) {
  app_core__atomic_store_release_i32(&task->cancelled, 1);
  if (task->state == APP_CORE__TASK_WAITING) {
    app_core__deadline_heap_remove(&rt.deadlines, task);
    queue_push_back(task);
  }
}

/* ---- internal API --------------------------------------------------------- */

int64_t app_core__runtime_submit(app_core__task *task, uint64_t delay_ns) {
  ensure_globals();
  if (!app_core__dart_ready() || task->port == APP_CORE__ILLEGAL_PORT) {
    app_core__task_destroy(task);
    return 0;
  }
  app_core__mutex_lock(&rt.lock);
  if (rt.state == STOPPING || (rt.state == STOPPED && !start_runtime())) goto refuse;
  task->id = rt.next_id;
  if (!app_core__task_table_insert(&rt.table, task)) goto refuse;
  rt.next_id++;
  if (delay_ns == 0) {
    queue_push_back(task);
    wake_one_idle_worker();
  } else {
    uint64_t now = app_core__now_ns();
    task->deadline_ns = delay_ns > UINT64_MAX - now ? UINT64_MAX : now + delay_ns;
    task->state = APP_CORE__TASK_WAITING;
    if (!app_core__deadline_heap_push(&rt.deadlines, task)) {
      app_core__task_table_remove(&rt.table, task);
      goto refuse;
    }
    /* A new earliest deadline shortens every parked worker's wait. Not one
     * signal: the one woken (or the spinner, which watches only the run
     * queue) may take a long task next, leaving no one to time the deadline. */
    if (app_core__deadline_heap_top(&rt.deadlines) == task && rt.idle_workers > 0) {
      app_core__cond_broadcast(&rt.work_available);
    }
  }
  int64_t id = task->id;
  app_core__mutex_unlock(&rt.lock);
  return id;

refuse:
  app_core__mutex_unlock(&rt.lock);
  app_core__task_destroy(task);
  return 0;
}

/* ---- public API ------------------------------------------------------------ */

bool app_core_set_worker_count(int64_t count) {
  if (count < 1 || count > APP_CORE_MAX_WORKERS) return false;
  ensure_globals();
  app_core__mutex_lock(&rt.lock);
  bool accepted = rt.state == STOPPED;
  if (accepted) rt.configured_workers = (uint32_t)count;
  app_core__mutex_unlock(&rt.lock);
  return accepted;
}

bool app_core_cancel(int64_t task_id) {
  ensure_globals();
  app_core__mutex_lock(&rt.lock);
  app_core__task *task = app_core__task_table_find(&rt.table, task_id);
  bool cancelled = task != NULL && app_core__atomic_cas_i32(&task->cancelled, 0, 1);
  if (cancelled && task->state == APP_CORE__TASK_WAITING) {
    app_core__deadline_heap_remove(&rt.deadlines, task);
    queue_push_front(task);
    wake_one_idle_worker();
  }
  app_core__mutex_unlock(&rt.lock);
  return cancelled;
}

void app_core_shutdown(void) {
  ensure_globals();
  app_core__mutex_lock(&rt.lock);
  if (rt.state == STOPPING) {
    /* Not "until STOPPED": a submit may restart the runtime before we wake. */
    uint64_t seen = rt.shutdowns_completed;
    while (rt.shutdowns_completed == seen) app_core__cond_wait(&rt.stopped, &rt.lock);
    app_core__mutex_unlock(&rt.lock);
    return;
  }
  if (rt.state == STOPPED) {
    app_core__mutex_unlock(&rt.lock);
    return;
  }
  rt.state = STOPPING;
  app_core__task_table_for_each(&rt.table, cancel_for_shutdown);
  app_core__cond_broadcast(&rt.work_available);
  app_core__mutex_unlock(&rt.lock);

  /* Only this thread reads rt.workers while STOPPING; no one else starts them. */
  for (uint32_t i = 0; i < rt.worker_count; i++) app_core__thread_join(&rt.workers[i]);

  app_core__mutex_lock(&rt.lock);
  free(rt.workers);
  rt.workers = NULL;
  rt.worker_count = 0;
  app_core__task_table_free(&rt.table);
  app_core__deadline_heap_free(&rt.deadlines);
  rt.state = STOPPED;
  rt.shutdowns_completed++;
  app_core__cond_broadcast(&rt.stopped);
  app_core__mutex_unlock(&rt.lock);
}
