/*
 * runtime.c: the worker pool and the short-work lane that run every async call.
 *
 * Rules:
 *  - Layering: the runtime calls only down, into a task's own functions
 *    (task_record.h: posts, clear, destroy), its own structures (task and
 *    owner tables, deadlines, task lists) and the platform. Above it, and
 *    never called by it: the starters (task.c), the isolates' exit handler
 *    (isolates.c) and app_core_shutdown (shutdown.c). Its entries for them
 *    are in runtime.h.
 *  - One lock guards everything below: the task table (live tasks by id), the
 *    owner table (live tasks by isolate, owner_table.h), the run queue and
 *    the answer queue (both FIFO), the deadlines (waiting tasks,
 *    deadline_heap.h), the trash and the lifecycle state. Nothing calls into the Dart VM
 *    or runs task code while holding it.
 *  - Lazy start: the first submit creates the workers (set_worker_count, or
 *    online CPUs, at least 2) and one lane thread: workers + 1 threads in all,
 *    however many tasks wait. A waiting task occupies no thread.
 *  - Short work is never stuck behind long work. Only workers take the run
 *    queue, whose tasks may compute for as long as they like. The lane never
 *    runs such a task: it times the deadline heap and answers short work,
 *    namely due timers (the run after a delay must be short, see task.h) and
 *    the answer queue (tasks whose final message is decided: cancelled before
 *    they ran, or bad input). So those answers go out within a wake-up even
 *    while every worker computes, and all workers still compute in parallel
 *    (libuv instead caps slow work at half its pool; that, or reserving a
 *    worker, would halve CPU scaling on two cores, while a mostly parked
 *    thread costs only its stack). Workers take short work too, before the
 *    run queue, and whoever takes work while more is ready wakes a parked
 *    worker, so a burst of due timers is shared. Short work is taken in
 *    batches (one lock hold takes up to SHORT_BATCH tasks, the next settles
 *    them all).
 *  - Short means no work that grows with an input, since while the lane
 *    works no timer and no cancel is answered: a due task whose input
 *    exceeds APP_CORE__LANE_INPUT_MAX (a huge url to format and post) joins
 *    the run queue instead, and a huge task the lane answered (a cancelled
 *    one) goes to the trash list for a worker to free. Inputs are not capped.
 *  - Run-queue tasks are taken in batches too (up to RUN_BATCH per lock hold),
 *    but none waits for a long one ahead of it: the owner claims its batch's
 *    tasks one by one with a CAS, and an idle worker (spinning, or woken
 *    because the batch held more than one) steals the back half of the
 *    unclaimed ones with a CAS, under the lock. Each is answered as soon as
 *    it has run, not when its batch ends. Cancelling a task that waits
 *    unclaimed in a batch puts the batch's unclaimed tasks back at the front
 *    of the run queue, so its [2] does not wait for the task ahead of it.
 *  - Workers park on one condition variable without a timeout. Before parking,
 *    at most one worker spins for up to SPIN_NS watching the run queue, so a
 *    steady stream of submits is picked up without a wake-up system call
 *    each. Submit signals only when no worker spins. The lane likewise spins
 *    watching the answer queue and the clock, so a stream of cancels or of
 *    deadlines needs no wake-up each, then parks until the earliest
 *    deadline; a new earliest deadline or a new answer wakes it. Idle means
 *    parked: spins are bounded, so an idle runtime burns no CPU.
 *  - A task lives in the table from submit until a thread "settles" it, which
 *    decides the final message: short work under the lock (the thread
 *    removes it and reads its cancel flag), a run-queue task without it (a
 *    CAS of the flag from 0 to SETTLED after run; the next lock hold removes
 *    it). app_core_cancel finds tasks only through the table under the same
 *    lock and cancels with a CAS from 0, so it either wins (the task will
 *    post [2]) or finds the message decided (no task, or a SETTLED one) and
 *    can never touch a freed task. After settling, only that thread holds
 *    the task: it posts the final message outside the lock, then destroys
 *    the task, or keeps its memory for the next submit to reuse.
 *  - Cancel: a queued or waiting task moves to the answer queue at once; a
 *    running task sees the flag at its next check. A closed port (a failed
 *    post) cancels the task silently. An isolate's exit cancels its tasks
 *    through its owner's list, never visiting other tasks, so its lock hold
 *    does not grow with everybody else's tasks.
 *  - A call that may never return (call_begin/call_end: a file's open or
 *    read) is abandoned by a cancel that finds a task in it: a stand-in
 *    record takes the task's id in the table and answers [2] through the
 *    answer queue; the stuck worker's unclaimed batch goes back to the run
 *    queue, the tasks it answered are forgotten, and a new thread takes its
 *    place (none while stopping). The stuck thread keeps the task, frees it
 *    when its call returns, and ends without touching the runtime. No thread
 *    hand-over on the way: a call costs a lock hold and a CAS.
 *  - Shutdown cancels every live task, lets the threads drain them (each still
 *    posts its [2]), and joins them when the table is empty. The caller of
 *    app_core_shutdown joins the threads; they never join each other. A
 *    concurrent shutdown waits for that one to complete (a counter, since a
 *    submit may restart the runtime before the waiter wakes).
 *  - fork(): the child has none of the parent's threads, so a handler resets
 *    the runtime there to STOPPED with fresh locks and abandons the parent's
 *    tasks (never run, answered or freed in the child: they belong to the
 *    parent's isolates, and the parent still answers them). The child's next
 *    submit starts its own threads.
 */
#include <stdlib.h>

#include "runtime.h"

#include "app_core.h"
#include "deadline_heap.h"
#include "owner_table.h"
#include "platform.h"
#include "task_list.h"
#include "task_record.h"
#include "task_table.h"

typedef enum lifecycle { STOPPED, RUNNING, STOPPING } lifecycle;

/* task->cancelled once a worker has decided a run task's final message
 * without the lock (see run_claimed); a cancel then finds nothing to do. */
#define SETTLED 2

/* Run-queue tasks a worker takes per lock hold; the rest of the queue stays
 * for the others. */
#define RUN_BATCH 16

/* Finished tasks' memory kept for reuse: enough for a stream of submits,
 * little after a burst. */
#define REUSE_MAX 256

/* A worker's taken run-queue tasks. The owner claims them front to back, a
 * thief (an idle worker, lock held) takes the back half, both by one CAS on
 * span, so a task behind a long one never waits for it. batch[] changes only
 * under the lock while the span is empty. */
typedef struct worker {
  volatile int32_t span;          /* unclaimed batch[first, end): first | end << 16 */
  char pad[64 - sizeof(int32_t)]; /* the owner's CASes bounce no neighbour's line */
  app_core__task *batch[RUN_BATCH];
  /* Tasks the owner ran and answered, in the table until its next lock hold
   * (serve, or a call's begin_call) forgets them; the owner's alone. */
  app_core__task *posted[RUN_BATCH];
  uint32_t posted_count;
  bool lost; /* its thread was abandoned in a call and none took its place: not joined */
} worker;

/* About one wake-up's cost: long enough to catch the next submit of a busy
 * caller, short enough not to matter for battery. */
#define SPIN_NS UINT64_C(50000)

static struct runtime {
  app_core__mutex lock;
  app_core__cond work_available; /* workers park here */
  app_core__cond lane_wake;      /* the lane parks here */
  app_core__cond stopped;        /* concurrent shutdown callers wait here */
  lifecycle state;
  uint64_t shutdowns_completed; /* a waiting shutdown returns once this moves */
  uint32_t configured_workers;  /* 0 = default */
  app_core__thread *threads;    /* [0] the lane, then the workers */
  uint32_t thread_count;
  worker *workers; /* [i] for threads[i + 1] */
  uint32_t worker_count;
  uint32_t lost_workers;     /* workers[i].lost: abandoned in a call, no thread in their place */
  uint32_t idle_workers;     /* parked on work_available */
  uint32_t spinning_workers; /* 0 or 1 */
  bool lane_parked;          /* and not signalled since */
  /* Mirror run_queue.head and answers.head != NULL for spinners, who read them without the lock. */
  volatile int32_t queue_nonempty;
  volatile int32_t answers_nonempty;
  int64_t next_id; /* never reset: ids are unique for the life of the process */
  app_core__task_table table;
  app_core__owner_table owners; /* the live tasks that have an owner */
  app_core__deadline_heap deadlines;
  app_core__task_list run_queue; /* QUEUED: may compute, workers only */
  app_core__task_list answers;   /* DECIDED: short, the lane or any worker */
  app_core__task_list trash;     /* answered tasks with a huge input, for a worker to free */
  app_core__task *reusable;      /* finished tasks' memory, linked by next_in_queue */
  uint32_t reusable_count;
} rt;

/* Threads abandoned in a call that has not returned yet. */
static volatile int32_t abandoned_threads;

/* One task's memory that the next task_new takes without the lock; refilled
 * from rt.reusable by submit. */
static void *volatile spare_task;

static app_core__once rt_once = APP_CORE__ONCE_INIT;

static void add(volatile int32_t *counter, int32_t delta) {
  int32_t seen;
  do {
    seen = app_core__atomic_load_acquire_i32(counter);
  } while (!app_core__atomic_cas_i32(counter, seen, seen + delta));
}

/* What a forked child inherited from its parent's runtime: kept reachable (so
 * leak checkers stay quiet), never used again; it may be mid-update. */
static struct runtime abandoned_by_fork;

static void init_locks(void) {
  app_core__mutex_init(&rt.lock);
  app_core__cond_init(&rt.work_available);
  app_core__cond_init(&rt.lane_wake);
  app_core__cond_init(&rt.stopped);
}

/* In a forked child, the only thread: the parent's threads do not exist here,
 * a lock may be held by one of them, and the parent's tasks belong to the
 * parent's isolates. Start over from STOPPED; only the settings and the id
 * counter (ids stay unique) carry over. */
static void reset_after_fork(void) {
  abandoned_by_fork = rt;
  struct runtime fresh = {0};
  fresh.configured_workers = rt.configured_workers;
  fresh.next_id = rt.next_id;
  rt = fresh;
  init_locks();
  app_core__atomic_store_release_i32(&abandoned_threads, 0); /* they exist only in the parent */
}

static void init_runtime_globals(void) {
  init_locks();
  rt.next_id = 1;
  app_core__at_fork_child(reset_after_fork);
}

static void ensure_globals(void) { app_core__call_once(&rt_once, init_runtime_globals); }

/* ---- queues and wake-ups (lock held) --------------------------------------- */

/* At the back for a submit; at the front for a task taken back (it was taken
 * before everything queued now). */
static void run_queue_push(app_core__task *task, bool front) {
  task->state = APP_CORE__TASK_QUEUED;
  if (front) {
    app_core__task_list_push_front(&rt.run_queue, task);
  } else {
    app_core__task_list_push_back(&rt.run_queue, task);
  }
  /* Written only when it changes: a spinner reads this line in its loop. */
  if (!rt.queue_nonempty) app_core__atomic_store_release_i32(&rt.queue_nonempty, 1);
}

static void run_queue_remove(app_core__task *task) {
  app_core__task_list_remove(&rt.run_queue, task);
  if (rt.run_queue.head == NULL) app_core__atomic_store_release_i32(&rt.queue_nonempty, 0);
}

static void wake_lane(void) {
  if (rt.lane_parked) {
    rt.lane_parked = false; /* one signal is enough until it parks again */
    app_core__cond_signal(&rt.lane_wake);
  }
}

/* Queues a task whose final message is decided, for the lane. */
static void answer(app_core__task *task) {
  task->state = APP_CORE__TASK_DECIDED;
  app_core__task_list_push_back(&rt.answers, task);
  app_core__atomic_store_release_i32(&rt.answers_nonempty, 1);
  wake_lane();
}

static bool short_work_ready(uint64_t now) {
  const app_core__task *top = app_core__deadline_heap_top(&rt.deadlines);
  return rt.answers.head != NULL || (top != NULL && top->deadline_ns <= now);
}

/* After a take: wakes a parked worker for work left behind, in the run queue
 * or in the taker's batch (which it steals if the taker is held up). A
 * spinning worker sees both by itself, but not short work. */
static void share_backlog(uint64_t now, bool batch_left) {
  if (rt.idle_workers == 0) return;
  if (short_work_ready(now) || ((rt.run_queue.head != NULL || batch_left) && rt.spinning_workers == 0)) {
    app_core__cond_signal(&rt.work_available);
  }
}

/* ---- run-queue batches ----------------------------------------------------- */

static int32_t span_first(int32_t span) { return span & 0xffff; }
static int32_t span_end(int32_t span) { return span >> 16; }
static int32_t make_span(int32_t first, int32_t end) { return first | (end << 16); }

/* The owner, without the lock: the next unclaimed task of its batch, or NULL. */
static app_core__task *claim_own(worker *self) {
  for (;;) {
    int32_t span = app_core__atomic_load_acquire_i32(&self->span);
    int32_t first = span_first(span);
    if (first >= span_end(span)) return NULL;
    if (app_core__atomic_cas_i32(&self->span, span, make_span(first + 1, span_end(span)))) return self->batch[first];
  }
}

/* Lock held, self's batch empty: takes the back half of another worker's
 * unclaimed tasks into self's batch. Returns how many. */
static int32_t steal_into(worker *self) {
  for (uint32_t i = 0; i < rt.worker_count; i++) {
    worker *victim = &rt.workers[i];
    int32_t span = app_core__atomic_load_acquire_i32(&victim->span);
    while (span_first(span) < span_end(span)) {
      int32_t end = span_end(span);
      int32_t half = (end - span_first(span) + 1) / 2;
      if (app_core__atomic_cas_i32(&victim->span, span, make_span(span_first(span), end - half))) {
        for (int32_t j = 0; j < half; j++) self->batch[j] = victim->batch[end - half + j];
        return half;
      }
      span = app_core__atomic_load_acquire_i32(&victim->span);
    }
  }
  return 0;
}

/* Lock held, self's batch empty: fills it from the run queue, else by
 * stealing. Returns how many tasks it holds. */
static int32_t fill_batch(worker *self) {
  int32_t count = 0;
  app_core__task *task;
  while (count < RUN_BATCH && (task = rt.run_queue.head) != NULL) {
    run_queue_remove(task);
    task->state = APP_CORE__TASK_RUNNING;
    self->batch[count++] = task;
  }
  if (count == 0) count = steal_into(self);
  if (count > 0) app_core__atomic_store_release_i32(&self->span, make_span(0, count));
  return count;
}

/* Lock held: moves a worker's unclaimed tasks, as `span` saw them, back to
 * the front of the run queue, in order. The owner claims concurrently, so
 * its span is taken by CAS; thieves hold the lock. False if the span changed
 * meanwhile. */
static bool requeue_unclaimed(worker *owner, int32_t span) {
  int32_t first = span_first(span), end = span_end(span);
  if (!app_core__atomic_cas_i32(&owner->span, span, make_span(first, first))) return false;
  for (int32_t j = end - 1; j >= first; j--) run_queue_push(owner->batch[j], true);
  if (first < end && rt.idle_workers > 0 && rt.spinning_workers == 0) app_core__cond_signal(&rt.work_available);
  return true;
}

/* Lock held: if task waits unclaimed in a worker's batch (it is RUNNING, but
 * has not started), takes that batch's unclaimed tasks back to the front of
 * the run queue, in order, so that a cancel need not wait for the long task
 * the owner runs. The owner claims concurrently, so its span is taken by CAS;
 * thieves hold the lock. */
static void requeue_batch_holding(const app_core__task *task) {
  for (uint32_t i = 0; i < rt.worker_count; i++) {
    worker *owner = &rt.workers[i];
    for (;;) {
      int32_t span = app_core__atomic_load_acquire_i32(&owner->span);
      int32_t first = span_first(span), end = span_end(span), at = first;
      while (at < end && owner->batch[at] != task) at++;
      if (at == end) break; /* not here, or claimed meanwhile */
      if (requeue_unclaimed(owner, span)) return;
    }
  }
}

static void abandon_call(app_core__task *task);

/* A cancelled task that no thread holds needs no worker to answer it; nor
 * does one whose worker is stuck in a call. */
static void answer_if_not_running(app_core__task *task) {
  if (task->state == APP_CORE__TASK_RUNNING) requeue_batch_holding(task);
  if (task->state == APP_CORE__TASK_WAITING) {
    app_core__deadline_heap_remove(&rt.deadlines, task);
  } else if (task->state == APP_CORE__TASK_QUEUED) {
    run_queue_remove(task);
  } else {
    /* Running: stops at its next check, or is abandoned if in a call;
     * decided: already queued. */
    if (task->state == APP_CORE__TASK_RUNNING) abandon_call(task);
    return;
  }
  answer(task);
}

/* For spinners, without the lock: does any worker hold unclaimed tasks? */
static bool batch_to_steal(worker *workers, uint32_t count) {
  for (uint32_t i = 0; i < count; i++) {
    int32_t span = app_core__atomic_load_relaxed_i32(&workers[i].span);
    if (span_first(span) < span_end(span)) return true;
  }
  return false;
}

/* ---- the threads ---------------------------------------------------------- */

/* Short work taken at once: one lock hold takes (and later settles) a batch,
 * so a burst of due timers or cancels costs the lock a handful of times, not
 * once per task. Short work only: a task that may compute is taken alone, so
 * it can never hold others back. */
#define SHORT_BATCH 32

/* Takes the next tasks into batch[]: up to SHORT_BATCH of short work (answers,
 * then due timers). Else a worker fills its run batch (*run_taken tasks).
 * Returns how many short tasks (0 if none). */
static size_t take_tasks(worker *self, app_core__task **batch, int32_t *run_taken) {
  bool lane = self == NULL;
  uint64_t now = rt.deadlines.count > 0 ? app_core__now_ns() : 0;
  size_t taken = 0;
  app_core__task *task;
  while (taken < SHORT_BATCH && (task = rt.answers.head) != NULL) {
    app_core__task_list_remove(&rt.answers, task);
    batch[taken++] = task;
  }
  if (taken > 0 && rt.answers.head == NULL) app_core__atomic_store_release_i32(&rt.answers_nonempty, 0);
  size_t queued = 0; /* due tasks too big for short work, moved to the run queue */
  while (taken + queued < SHORT_BATCH && (task = app_core__deadline_heap_top(&rt.deadlines)) != NULL &&
         task->deadline_ns <= now) {
    app_core__deadline_heap_remove(&rt.deadlines, task);
    if (task->input_length > APP_CORE__LANE_INPUT_MAX) {
      run_queue_push(task, false);
      queued++;
    } else {
      batch[taken++] = task;
    }
  }
  if (queued > 0 && rt.idle_workers > 0 && rt.spinning_workers == 0) app_core__cond_signal(&rt.work_available);
  *run_taken = taken == 0 && !lane ? fill_batch(self) : 0;
  if (taken == 0 && *run_taken == 0) return 0;
  for (size_t i = 0; i < taken; i++) batch[i]->state = APP_CORE__TASK_RUNNING;
  share_backlog(now, *run_taken > 1);
  return taken;
}

/* Spins without the lock until *work_flag is set, a batch has tasks to steal
 * (if steal), the clock reaches due_at, or SPIN_NS pass. Lock held on entry
 * and exit. Returns true if work appeared. */
static bool spin_for(volatile int32_t *work_flag, bool steal, uint64_t due_at) {
  worker *workers = rt.workers;
  uint32_t worker_count = steal ? rt.worker_count : 0;
  app_core__mutex_unlock(&rt.lock);
  uint64_t give_up_at = app_core__now_ns() + SPIN_NS;
  bool found = false;
  for (uint32_t i = 1;; i++) {
    if (app_core__atomic_load_relaxed_i32(work_flag)) {
      found = true;
      break;
    }
    app_core__cpu_relax();
    if (i % 64 == 0) {
      if (batch_to_steal(workers, worker_count)) {
        found = true;
        break;
      }
      uint64_t now = app_core__now_ns();
      if (now >= due_at) {
        found = true;
        break;
      }
      if (now > give_up_at) break;
      app_core__thread_yield(); /* where cores are scarce, let the submitter run */
    }
  }
  app_core__mutex_lock(&rt.lock);
  return found;
}

static void worker_park(void) {
  rt.idle_workers++;
  app_core__cond_wait(&rt.work_available, &rt.lock);
  rt.idle_workers--;
}

/* The lane alone times the deadline heap. */
static void lane_park(void) {
  const app_core__task *top = app_core__deadline_heap_top(&rt.deadlines);
  rt.lane_parked = true;
  if (top == NULL) {
    app_core__cond_wait(&rt.lane_wake, &rt.lock);
  } else {
    uint64_t now = app_core__now_ns();
    if (top->deadline_ns > now) (void)app_core__cond_timedwait(&rt.lane_wake, &rt.lock, top->deadline_ns - now);
  }
  rt.lane_parked = false;
}

/* Removes a task whose final message is decided from the table. */
static void forget(app_core__task *task) {
  app_core__task_table_remove(&rt.table, task);
  app_core__owner_table_remove(&rt.owners, task);
  if (rt.state == STOPPING && rt.table.count == 0) {
    app_core__cond_broadcast(&rt.work_available);
    wake_lane();
  }
}

/* Removes a task that has run (or been skipped) from the table and decides its
 * final message. Returns true if the task was cancelled. */
static bool settle(app_core__task *task) {
  forget(task);
  return app_core__atomic_load_acquire_i32(&task->cancelled) != 0;
}

/* Runs a claimed run-queue task and posts its final message right away, so
 * no answer waits for the rest of the batch. The settling CAS decides the
 * message without the lock: a cancel after it fails, and finds the task in
 * the table (not freed) until the next lock hold forgets it. Returns false
 * if the task was abandoned in a call: its [2] went out meanwhile, the
 * worker's place and batch are another thread's, and this thread frees the
 * task and touches nothing of the runtime's again. */
static bool run_claimed(worker *self, app_core__task *task) {
  task->runner = self;
  if (!app_core__task_cancelled(task) && task->outcome == APP_CORE__OUTCOME_NONE) task->run(task);
  if (app_core__atomic_load_acquire_i32(&task->call_state) == APP_CORE__CALL_ABANDONED) {
    /* The abandoning thread reads and unlinks the task under the lock: wait
     * until it has let go before freeing it. */
    app_core__mutex_lock(&rt.lock);
    app_core__mutex_unlock(&rt.lock);
    app_core__task_destroy(task);
    add(&abandoned_threads, -1);
    return false;
  }
  bool cancelled = !app_core__atomic_cas_i32(&task->cancelled, 0, SETTLED);
  app_core__task_post_final(task, cancelled);
  app_core__task_clear(task);
  self->posted[self->posted_count++] = task;
  return true;
}

/* Lock held: keeps a finished, cleared task's memory for reuse, unless
 * REUSE_MAX are kept. */
static bool keep_for_reuse(app_core__task *task) {
  if (rt.reusable_count >= REUSE_MAX) return false;
  task->next_in_queue = rt.reusable;
  rt.reusable = task;
  rt.reusable_count++;
  return true;
}

/* Lock held: forgets the tasks a worker answered (they stay in the table
 * until then), keeping their memory for reuse or adding it to unkept[] for
 * the caller to free without the lock. */
static void forget_posted(worker *self, app_core__task **unkept, size_t *unkept_count) {
  for (uint32_t i = 0; i < self->posted_count; i++) {
    app_core__task *task = self->posted[i];
    forget(task);
    if (!keep_for_reuse(task)) unkept[(*unkept_count)++] = task;
  }
  self->posted_count = 0;
}

/* self is the worker's batch, NULL for the lane. */
static void serve(worker *self) {
  bool lane = self == NULL;
  app_core__task *ran[SHORT_BATCH]; /* run, but not settled yet */
  bool ran_cancelled[SHORT_BATCH];
  app_core__task *next[SHORT_BATCH];
  app_core__task *unkept[RUN_BATCH]; /* answered run-queue tasks, forgotten, to free without the lock */
  app_core__task *huge[SHORT_BATCH]; /* the lane's answered tasks, for rt.trash; a worker's taken from it */
  size_t ran_count = 0, unkept_count = 0, huge_count = 0;
  bool may_spin = true; /* false after a spin that found nothing: park next */
  app_core__mutex_lock(&rt.lock);
  for (;;) {
    for (size_t i = 0; i < ran_count; i++) ran_cancelled[i] = settle(ran[i]);
    if (self != NULL) forget_posted(self, unkept, &unkept_count);
    if (lane) {
      for (size_t i = 0; i < huge_count; i++) app_core__task_list_push_back(&rt.trash, huge[i]);
      if (huge_count > 0 && rt.idle_workers > 0) app_core__cond_signal(&rt.work_available);
      huge_count = 0;
    } else {
      for (app_core__task *task; huge_count < SHORT_BATCH && (task = rt.trash.head) != NULL;) {
        app_core__task_list_remove(&rt.trash, task);
        huge[huge_count++] = task;
      }
    }
    int32_t run_taken;
    size_t next_count = take_tasks(self, next, &run_taken);
    if (ran_count == 0 && next_count == 0 && run_taken == 0 && unkept_count == 0 && huge_count == 0) {
      if (rt.state == STOPPING && rt.table.count == 0) break;
      if (lane) {
        if (may_spin && rt.state == RUNNING) {
          /* A deadline due within the spin is caught by it: in a stream of
           * deadlines a timed park per few due timers costs more than they. */
          const app_core__task *top = app_core__deadline_heap_top(&rt.deadlines);
          may_spin = spin_for(&rt.answers_nonempty, false, top != NULL ? top->deadline_ns : UINT64_MAX);
        } else {
          lane_park();
          may_spin = true;
        }
      } else if (may_spin && rt.spinning_workers == 0 && rt.state == RUNNING) {
        rt.spinning_workers++;
        may_spin = spin_for(&rt.queue_nonempty, true, UINT64_MAX);
        rt.spinning_workers--;
      } else {
        worker_park();
        may_spin = true;
      }
      continue;
    }
    app_core__mutex_unlock(&rt.lock);
    for (size_t i = 0; i < unkept_count; i++) app_core__task_destroy(unkept[i]);
    unkept_count = 0;
    if (!lane) {
      for (size_t i = 0; i < huge_count; i++) app_core__task_destroy(huge[i]);
      huge_count = 0;
    }
    for (size_t i = 0; i < ran_count; i++) {
      app_core__task_post_final(ran[i], ran_cancelled[i]);
      if (lane && ran[i]->input_length > APP_CORE__LANE_INPUT_MAX) {
        huge[huge_count++] = ran[i]; /* freeing 200 MiB takes the lane some 25 ms */
      } else {
        app_core__task_destroy(ran[i]);
      }
    }
    for (size_t i = 0; i < next_count; i++) {
      app_core__task *task = next[i];
      task->runner = NULL; /* short work: its calls are never abandoned */
      /* A task whose starter already set the outcome (bad input) is not run. */
      if (!app_core__task_cancelled(task) && task->outcome == APP_CORE__OUTCOME_NONE) task->run(task);
      ran[i] = task;
    }
    ran_count = next_count;
    for (app_core__task *task; self != NULL && run_taken > 0 && (task = claim_own(self)) != NULL;) {
      if (!run_claimed(self, task)) return; /* abandoned in a call: this thread ends */
    }
    app_core__mutex_lock(&rt.lock);
  }
  app_core__mutex_unlock(&rt.lock);
}

static void worker_main(void *arg) { serve(arg); }

static void lane_main(void *arg) {
  (void)arg;
  serve(NULL);
}

/* ---- abandoning a worker stuck in a call (lock held) ----------------------- */

/* Starts a new thread in a lost worker's place; false if none could start. */
static bool revive(worker *lost) {
  if (!app_core__thread_create(&rt.threads[lost - rt.workers + 1], worker_main, lost)) return false;
  lost->lost = false;
  rt.lost_workers--;
  return true;
}

/* Gives a stuck worker's place to a new thread: its unclaimed tasks go back
 * to the run queue and its thread is detached. (The tasks it answered left
 * the table when its call began.) No new thread while stopping: the place
 * is lost, never joined; if no thread can start, the next submit tries
 * again. */
static void replace_worker(worker *stuck) {
  int32_t span;
  do {
    span = app_core__atomic_load_acquire_i32(&stuck->span);
  } while (!requeue_unclaimed(stuck, span)); /* only a thief, under this lock, could change it */
  app_core__thread_detach(&rt.threads[stuck - rt.workers + 1]);
  stuck->lost = true;
  rt.lost_workers++;
  if (rt.state == RUNNING && !revive(stuck)) {
    app_core_log(APP_CORE_LOG_WARNING, "app_core: could not replace a worker stuck in a call; running with fewer");
  }
}

/* A cancelled task whose worker is stuck in a call (call_begin) answers
 * [2] now, through a stand-in that takes its place in the table, and its
 * worker is replaced. The task itself stays the stuck thread's until the
 * call returns: the call may still use its input. Without memory for the
 * stand-in it answers when the call returns, as any running task. */
static void abandon_call(app_core__task *task) {
  /* Only a task in a call has a runner this thread may read: call_begin set
   * the state under this lock, after run_claimed set the runner. */
  if (app_core__atomic_load_acquire_i32(&task->call_state) != APP_CORE__CALL_IN) return;
  worker *stuck = task->runner;
  app_core__task *stand_in = malloc(sizeof *stand_in);
  if (stand_in == NULL) return;
  if (!app_core__atomic_cas_i32(&task->call_state, APP_CORE__CALL_IN, APP_CORE__CALL_ABANDONED)) {
    free(stand_in); /* the call returned meanwhile */
    return;
  }
  add(&abandoned_threads, 1);
  app_core__task_init(stand_in, NULL, task->port);
  stand_in->id = task->id;
  stand_in->cancelled = 1;
  stand_in->port_closed = task->port_closed;
  app_core__task_table_replace(&rt.table, task, stand_in);
  app_core__owner_table_remove(&rt.owners, task);
  answer(stand_in);
  replace_worker(stuck);
}

/* ---- lifecycle (lock held) ------------------------------------------------ */

/* Lets the threads drain the live tasks (cancelled by the caller), joins them
 * and frees everything. The lock is released meanwhile: while STOPPING, only
 * this thread reads rt.threads and nothing starts threads. */
static void stop_runtime(void) {
  rt.state = STOPPING;
  app_core__cond_broadcast(&rt.work_available);
  wake_lane();
  app_core__mutex_unlock(&rt.lock);
  for (uint32_t i = 0; i < rt.thread_count; i++) {
    if (i == 0 || !rt.workers[i - 1].lost) app_core__thread_join(&rt.threads[i]);
  }
  app_core__mutex_lock(&rt.lock);
  free(rt.threads);
  rt.threads = NULL;
  rt.thread_count = 0;
  free(rt.workers);
  rt.workers = NULL;
  rt.worker_count = 0;
  rt.lost_workers = 0;
  app_core__task_table_free(&rt.table);
  app_core__owner_table_free(&rt.owners);
  app_core__deadline_heap_free(&rt.deadlines);
  for (app_core__task *task; (task = rt.trash.head) != NULL;) {
    app_core__task_list_remove(&rt.trash, task);
    app_core__task_destroy(task);
  }
  while (rt.reusable != NULL) {
    app_core__task *task = rt.reusable;
    rt.reusable = task->next_in_queue;
    free(task);
  }
  rt.reusable_count = 0;
  free(app_core__atomic_exchange_ptr(&spare_task, NULL));
  rt.state = STOPPED;
  rt.shutdowns_completed++;
  app_core__cond_broadcast(&rt.stopped);
}

static bool start_runtime(void) {
  uint32_t workers = rt.configured_workers;
  if (workers == 0) {
    workers = app_core__cpu_count();
    if (workers < 2) workers = 2;
    if (workers > APP_CORE_MAX_WORKERS) workers = APP_CORE_MAX_WORKERS;
  }
  rt.threads = calloc(workers + 1u, sizeof *rt.threads);
  rt.workers = calloc(workers, sizeof *rt.workers);
  if (rt.threads == NULL || rt.workers == NULL) {
    free(rt.threads);
    free(rt.workers);
    rt.threads = NULL;
    rt.workers = NULL;
    return false;
  }
  rt.state = RUNNING; /* the threads start serving when our caller unlocks */
  rt.thread_count = 0;
  if (app_core__thread_create(&rt.threads[0], lane_main, NULL)) {
    rt.thread_count = 1;
    while (rt.thread_count <= workers &&
           app_core__thread_create(&rt.threads[rt.thread_count], worker_main, &rt.workers[rt.thread_count - 1])) {
      rt.thread_count++;
      rt.worker_count++;
    }
  }
  if (rt.thread_count >= 2) {
    if (rt.worker_count < workers) {
      app_core_log(APP_CORE_LOG_WARNING, "app_core: started %u of %u worker threads; running with fewer",
                   (unsigned)rt.worker_count, (unsigned)workers);
    }
    return true;
  }
  app_core_log(APP_CORE_LOG_ERROR, "app_core: could not start the runtime's threads (%u of %u); async calls return 0",
               (unsigned)rt.thread_count, (unsigned)workers + 1u);
  stop_runtime(); /* no lane or no worker: undo (no task is live yet) */
  return false;
}

static void cancel_for_shutdown(app_core__task *task) {
  (void)app_core__atomic_cas_i32(&task->cancelled, 0, 1); /* not a SETTLED one */
  answer_if_not_running(task);
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
  for (uint32_t i = 0; rt.lost_workers > 0 && i < rt.worker_count; i++) {
    if (rt.workers[i].lost) (void)revive(&rt.workers[i]); /* a replacement that could not start before */
  }
  task->id = rt.next_id;
  if (!app_core__task_table_insert(&rt.table, task)) goto refuse;
  rt.next_id++;
  if (task->outcome != APP_CORE__OUTCOME_NONE) {
    answer(task); /* bad input: the starter decided the final message */
  } else if (delay_ns == 0) {
    run_queue_push(task, false);
    if (rt.idle_workers > 0 && rt.spinning_workers == 0) app_core__cond_signal(&rt.work_available);
  } else {
    uint64_t now = app_core__now_ns();
    task->deadline_ns = delay_ns > UINT64_MAX - now ? UINT64_MAX : now + delay_ns;
    task->state = APP_CORE__TASK_WAITING;
    if (!app_core__deadline_heap_push(&rt.deadlines, task)) {
      app_core__task_table_remove(&rt.table, task);
      goto refuse;
    }
    /* A new earliest deadline shortens the lane's wait. */
    if (app_core__deadline_heap_top(&rt.deadlines) == task) wake_lane();
  }
  if (rt.reusable != NULL && app_core__atomic_load_acquire_ptr(&spare_task) == NULL) {
    /* Only here, under the lock, is the spare set: nothing can fill it meanwhile. */
    app_core__task *spare = rt.reusable;
    rt.reusable = spare->next_in_queue;
    rt.reusable_count--;
    app_core__atomic_store_release_ptr(&spare_task, spare);
  }
  int64_t id = task->id;
  app_core__mutex_unlock(&rt.lock);
  return id;

refuse:
  app_core__mutex_unlock(&rt.lock);
  app_core__task_destroy(task);
  return 0;
}

app_core__task *app_core__runtime_reuse_task(void) { return app_core__atomic_exchange_ptr(&spare_task, NULL); }

/* Under the lock that a cancel holds while it looks for a call: a cancel
 * comes either before (seen here) or after (it sees the call). */
static bool begin_call(app_core__task *task, bool cleanup) {
  worker *self = task->runner;
  if (self == NULL) return cleanup || !app_core__task_cancelled(task); /* on the lane: never abandoned */
  if (app_core__atomic_load_acquire_i32(&task->call_state) == APP_CORE__CALL_ABANDONED) return false;
  app_core__task *unkept[RUN_BATCH];
  size_t unkept_count = 0;
  app_core__mutex_lock(&rt.lock);
  /* The tasks this worker answered leave the table now, not at its next
   * lock hold, which a stuck call may never reach. */
  forget_posted(self, unkept, &unkept_count);
  bool cancelled = app_core__task_cancelled(task);
  bool go = cleanup || !cancelled;
  if (go) {
    app_core__atomic_store_release_i32(&task->call_state, APP_CORE__CALL_IN);
    if (cancelled) abandon_call(task); /* a cleanup of a cancelled task: its [2] waits for no call */
  }
  app_core__mutex_unlock(&rt.lock);
  for (size_t i = 0; i < unkept_count; i++) app_core__task_destroy(unkept[i]);
  return go;
}

bool app_core__runtime_call_begin(app_core__task *task) { return begin_call(task, false); }

bool app_core__runtime_call_begin_cleanup(app_core__task *task) { return begin_call(task, true); }

bool app_core__runtime_call_end(app_core__task *task) {
  if (task->runner == NULL) return true;
  return app_core__atomic_cas_i32(&task->call_state, APP_CORE__CALL_IN, APP_CORE__CALL_NONE);
}

int32_t app_core__runtime_abandoned_threads(void) { return app_core__atomic_load_acquire_i32(&abandoned_threads); }

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
  if (cancelled) answer_if_not_running(task);
  app_core__mutex_unlock(&rt.lock);
  return cancelled;
}

void app_core__runtime_shutdown(void) {
  ensure_globals();
  app_core__mutex_lock(&rt.lock);
  if (rt.state == STOPPING) {
    /* Not "until STOPPED": a submit may restart the runtime before we wake. */
    uint64_t seen = rt.shutdowns_completed;
    while (rt.shutdowns_completed == seen) app_core__cond_wait(&rt.stopped, &rt.lock);
  } else if (rt.state == RUNNING) {
    rt.state = STOPPING; /* a worker abandoned in a call gets no successor */
    app_core__task_table_for_each(&rt.table, cancel_for_shutdown);
    stop_runtime();
    app_core_log(APP_CORE_LOG_INFO, "app_core: runtime shut down");
  }
  app_core__mutex_unlock(&rt.lock);
}

/* ---- isolate owners (isolates.c) ------------------------------------------- */

bool app_core__runtime_set_owner(int64_t task_id, int64_t owner) {
  ensure_globals();
  app_core__mutex_lock(&rt.lock);
  app_core__task *task = app_core__task_table_find(&rt.table, task_id);
  bool live = task != NULL && app_core__atomic_load_acquire_i32(&task->cancelled) != SETTLED &&
              app_core__owner_table_add(&rt.owners, task, owner);
  app_core__mutex_unlock(&rt.lock);
  return live;
}

size_t app_core__runtime_cancel_owner(int64_t owner) {
  ensure_globals();
  size_t visited = 0;
  app_core__mutex_lock(&rt.lock);
  /* Cancelling moves a task between queues; only abandoning it in a call
   * takes it out of its owner's list, hence `next` first. */
  for (app_core__task *task = app_core__owner_table_first(&rt.owners, owner), *next; task; task = next) {
    next = task->next_of_owner;
    visited++;
    if (app_core__atomic_cas_i32(&task->cancelled, 0, 1)) answer_if_not_running(task);
  }
  app_core__mutex_unlock(&rt.lock);
  return visited;
}
