/*
 * gc_testlib.h — holding a collection open in its mark phase, for tests that
 * must act while every root has been scanned but the cycle has not ended
 * (barrier tests: a store then must shade by itself, or the object is lost).
 *
 *   ast(&rt_gcTestHoldMark, 1u);
 *   gort_go(gc_runner, &done);           // a collection, on its own goroutine
 *   while (!gc_marked_all(NULL)) sleep;  // roots scanned, no grey work left
 *   ... the store under test ...
 *   ast(&rt_gcTestHoldMark, 0u);         // let mark termination run
 *
 * Include after runtime.h and mgc.h.
 */
#ifndef GORT_GC_TESTLIB_H
#define GORT_GC_TESTLIB_H

#include <stdbool.h>

/* Runs gort_gc() and then sets *(int *)arg to 1 (release). */
static inline void gc_runner(void *arg) {
    gort_gc();
    __atomic_store_n((int *)arg, 1, __ATOMIC_RELEASE);
}

/* Marking has nothing left to do but is held open (rt_gcTestHoldMark):
 * every root, the caller's stack included, has been scanned.  The argument
 * is unused (the shape fits wait_until). */
static inline bool gc_marked_all(void *arg) {
    (void)arg;
    return ald(&rt_gcphase) == GCmark &&
           ald(&rt_gcwork.markrootNext) >= rt_gcwork.markrootJobs &&
           ald(&rt_gcwork.full) == 0 && ald(&rt_gcwork.nwait) == rt_gcwork.nproc;
}

#endif
