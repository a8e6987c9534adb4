/* stalled_reads.h: file reads that never return until the test lets them go
 * (a stalled FUSE or NFS server, /proc/kmsg), through the file reader's
 * test-only read hook. */
#ifndef APP_CORE_STALLED_READS_H
#define APP_CORE_STALLED_READS_H

/* From now on every task's read waits until release_stalled_reads. */
void stall_reads(void);

/* Waits (the timeout only means "hung") until `count` reads, or more, are
 * held. */
void await_stalled_reads(int count);

/* Lets the held reads return, then waits until the threads abandoned in
 * them have freed everything and ended; restores plain reads. */
void release_stalled_reads(void);

/* Waits (the timeout only means "hung") until no thread abandoned in a call
 * is left: each has freed its task and ended. */
void await_abandoned_threads_gone(void);

#endif
