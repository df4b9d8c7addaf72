/*
 * sync.c — Mutex, RWMutex, WaitGroup, Once and Cond (Go's package sync).
 *
 * Every type here is a few plain words in a public struct (gort.h), valid
 * when zeroed, and blocks only through the semaphore table (sema.c), so a
 * goroutine waiting for a lock never holds an OS thread.
 *
 * Mutex state word (int32):
 *
 *     31                                  3   2   1   0
 *    +-------------------------------------+---+---+---+
 *    |         number of waiters           | S | W | L |
 *    +-------------------------------------+---+---+---+
 *      L locked   W woken: a waiter is awake and competing, so Unlock need
 *      not wake another   S starving: the lock is handed FIFO
 *
 * Normal mode: waiters queue FIFO, but a woken waiter competes with
 * goroutines that are just arriving (and are already running, possibly
 * spinning), and usually loses; it then goes back to the *front* of the
 * queue (LIFO enqueue).  This gives the best throughput: a lock can be
 * re-taken many times by running goroutines without any context switch.
 * Starvation mode: a waiter that has waited more than 1 ms sets S.  Now
 * Unlock hands the lock directly to the queue head (rt_semrelease1 with
 * handoff, which also yields the P to it); newcomers neither spin nor take
 * the lock, they queue at the tail.  The waiter that receives the lock
 * leaves starvation mode if it is the last waiter or waited less than
 * 1 ms.  Normal mode comes back as soon as the queue is short or fast.
 *
 * Spinning: a Lock that finds the mutex locked (not starving) spins a few
 * rounds of 30 pause instructions when that can pay off: more than one CPU,
 * another P running (probably the owner), our own run queue empty, and
 * fewer than 4 rounds so far (Go's sync_runtime_canSpin).  While spinning
 * it sets W so that Unlock does not wake a waiter it will not need.
 *
 * RWMutex: readers add 1 to readerCount; a writer first takes w (excluding
 * other writers) and then subtracts 1<<30, so readerCount goes negative and
 * new readers block on readerSem.  The writer adds the readers that were
 * active to readerWait and blocks on writerSem; each departing reader
 * decrements readerWait and the last one wakes the writer.  Unlock adds
 * 1<<30 back and releases exactly the readers that blocked meanwhile.
 *
 * WaitGroup: counter (high 32 bits) and waiter count (low 32) in one
 * uint64, so Add can see "counter reached zero with w waiters" atomically
 * and release w semaphore counts; Wait increments the waiter count with a
 * CAS that fails if the counter changed.
 *
 * Errors: misuse that Go reports with panic (WaitGroup, Cond) panics here
 * with the same string value (recoverable); bad unlocks are fatal errors,
 * as Go's sync.fatal (not recoverable).
 *
 * Rejected: a futex per mutex (blocks the thread); a ticket lock (strict
 * FIFO always; no barging, so a convoy forms after every context switch);
 * pthread condition variables for Cond (threads again).
 */
#include "runtime.h"

enum {
    mutexLocked = GORT_MUTEX_LOCKED,
    mutexWoken = GORT_MUTEX_WOKEN,
    mutexStarving = GORT_MUTEX_STARVING,
    mutexWaiterShift = GORT_MUTEX_WAITER_SHIFT,
};

#define STARVATION_THRESHOLD_NS 1000000 /* 1 ms */
enum { ACTIVE_SPIN = 4, ACTIVE_SPIN_CNT = 30 };

uint64_t rt_mutex_starve_enter, rt_mutex_starve_exit;

/* ---------------------------------------------------------------------- */
/* Mutex                                                                   */
/* ---------------------------------------------------------------------- */

/* Spinning pays off only if the owner is running on another CPU and we do
 * not delay runnable work of our own P. */
static bool canspin(int iter) {
    if (iter >= ACTIVE_SPIN || rt_ncpu <= 1) return false;
    int busy = ald_relaxed(&rt_sched.gomaxprocs) -
               ald_relaxed(&rt_sched.npidle) -
               ald_relaxed(&rt_sched.nmspinning);
    if (busy <= 1) return false; /* nobody else runs: the owner is parked */
    P *pp = rt_getp();
    return pp && rt_runqempty(pp);
}

static void dospin(void) {
    for (int i = 0; i < ACTIVE_SPIN_CNT; i++) rt_cpu_relax();
}

static inline bool cas32(int32_t *p, int32_t *old, int32_t v) {
    return __atomic_compare_exchange_n(p, old, v, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_RELAXED);
}

void gort_mutex_lock_slow(gort_mutex *m) {
    int64_t waitstart = 0;
    bool starving = false, awoke = false;
    int iter = 0;
    int32_t old = ald_relaxed(&m->state);
    for (;;) {
        /* Locked but not starving: spin if it can pay off. */
        if ((old & (mutexLocked | mutexStarving)) == mutexLocked &&
            canspin(iter)) {
            /* Tell Unlock not to wake a waiter: we are awake already. */
            if (!awoke && !(old & mutexWoken) && (old >> mutexWaiterShift) &&
                cas32(&m->state, &old, old | mutexWoken))
                awoke = true;
            dospin();
            iter++;
            old = ald_relaxed(&m->state);
            continue;
        }
        int32_t new = old;
        /* Newcomers don't take a starving mutex: it belongs to the queue. */
        if (!(old & mutexStarving)) new |= mutexLocked;
        if (old & (mutexLocked | mutexStarving)) new += 1 << mutexWaiterShift;
        /* Switch to starvation mode, unless the mutex just got free (then
         * Unlock would expect waiters and find none). */
        if (starving && (old & mutexLocked)) new |= mutexStarving;
        if (awoke) {
            if (!(new & mutexWoken)) rt_throw("sync: inconsistent mutex state");
            new &= ~mutexWoken;
        }
        int32_t seen = old;
        if (!cas32(&m->state, &seen, new)) {
            old = seen;
            continue;
        }
        if ((new & mutexStarving) && !(old & mutexStarving))
            axadd(&rt_mutex_starve_enter, 1);
        if (!(old & (mutexLocked | mutexStarving))) return; /* got it */
        /* Waited before: back to the front of the queue. */
        bool lifo = waitstart != 0;
        if (!waitstart) waitstart = rt_nanotime();
        rt_semacquire1(&m->sema, lifo, WAIT_MUTEX);
        starving = starving ||
                   rt_nanotime() - waitstart > STARVATION_THRESHOLD_NS;
        old = ald(&m->state);
        if (old & mutexStarving) {
            /* Handed off to us: the mutex is ours, but the state still
             * counts us as a waiter and is not marked locked. */
            if ((old & (mutexLocked | mutexWoken)) || !(old >> mutexWaiterShift))
                rt_throw("sync: inconsistent mutex state");
            int32_t delta = mutexLocked - (1 << mutexWaiterShift);
            if (!starving || (old >> mutexWaiterShift) == 1) {
                /* Leave starvation mode: waiting was short, or nobody is
                 * left to starve.  Staying would make every Lock hand off,
                 * which is slow (a context switch per acquisition). */
                delta -= mutexStarving;
                axadd(&rt_mutex_starve_exit, 1);
            }
            axadd(&m->state, delta);
            return;
        }
        awoke = true;
        iter = 0;
    }
}

bool gort_mutex_trylock(gort_mutex *m) {
    int32_t old = ald_relaxed(&m->state);
    if (old & (mutexLocked | mutexStarving)) return false;
    /* A waiter may be awake and about to take it; we may still win, which
     * is the same opportunistic barging Lock's fast path does. */
    return __atomic_compare_exchange_n(&m->state, &old, old | mutexLocked,
                                       false, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED);
}

void gort_mutex_unlock_slow(gort_mutex *m, int32_t new) {
    if (!((new + mutexLocked) & mutexLocked))
        rt_throw("sync: unlock of unlocked mutex");
    if (new & mutexStarving) {
        /* Hand the lock to the first waiter and yield our P to it.  The
         * locked bit stays clear; the waiter sets it. */
        rt_semrelease1(&m->sema, true);
        return;
    }
    int32_t old = new;
    for (;;) {
        /* Nobody to wake, or someone already awake / holding it / the
         * mutex went starving (then the holder will hand it off). */
        if (!(old >> mutexWaiterShift) ||
            (old & (mutexLocked | mutexWoken | mutexStarving)))
            return;
        new = (old - (1 << mutexWaiterShift)) | mutexWoken;
        if (cas32(&m->state, &old, new)) {
            rt_semrelease1(&m->sema, false);
            return;
        }
    }
}

/* ---------------------------------------------------------------------- */
/* RWMutex                                                                 */
/* ---------------------------------------------------------------------- */

#define MAX_READERS GORT_RWMUTEX_MAX_READERS

void gort_rwmutex_rlock_slow(gort_rwmutex *rw) {
    /* A writer is pending: wait until it unlocks. */
    rt_semacquire1(&rw->reader_sem, false, WAIT_RWMUTEX_R);
}

void gort_rwmutex_runlock_slow(gort_rwmutex *rw, int32_t r) {
    if (r + 1 == 0 || r + 1 == -MAX_READERS)
        rt_throw("sync: RUnlock of unlocked RWMutex");
    /* A writer is pending; the last departing reader wakes it. */
    if (axadd(&rw->reader_wait, -1) == 0) rt_semrelease1(&rw->writer_sem, false);
}

bool gort_rwmutex_tryrlock(gort_rwmutex *rw) {
    int32_t c = ald_relaxed(&rw->reader_count);
    while (c >= 0)
        if (__atomic_compare_exchange_n(&rw->reader_count, &c, c + 1, false,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return true;
    return false;
}

void gort_rwmutex_lock(gort_rwmutex *rw) {
    gort_mutex_lock(&rw->w);
    /* Announce the writer; r is the number of active readers. */
    int32_t r = axadd(&rw->reader_count, -MAX_READERS) + MAX_READERS;
    if (r != 0 && axadd(&rw->reader_wait, r) != 0)
        rt_semacquire1(&rw->writer_sem, false, WAIT_RWMUTEX_W);
}

bool gort_rwmutex_trylock(gort_rwmutex *rw) {
    if (!gort_mutex_trylock(&rw->w)) return false;
    int32_t zero = 0;
    if (!__atomic_compare_exchange_n(&rw->reader_count, &zero, -MAX_READERS,
                                     false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_RELAXED)) {
        gort_mutex_unlock(&rw->w);
        return false;
    }
    return true;
}

void gort_rwmutex_unlock(gort_rwmutex *rw) {
    /* Announce to readers there is no active writer. */
    int32_t r = axadd(&rw->reader_count, MAX_READERS);
    if (r >= MAX_READERS) rt_throw("sync: Unlock of unlocked RWMutex");
    /* Unblock the readers that arrived while we held the lock. */
    for (int32_t i = 0; i < r; i++) rt_semrelease1(&rw->reader_sem, false);
    gort_mutex_unlock(&rw->w);
}

/* ---------------------------------------------------------------------- */
/* WaitGroup                                                               */
/* ---------------------------------------------------------------------- */

void gort_waitgroup_add(gort_waitgroup *wg, int delta) {
    uint64_t state = axadd(&wg->state, (uint64_t)(int64_t)delta << 32);
    int32_t v = (int32_t)(state >> 32);
    uint32_t w = (uint32_t)state;
    if (v < 0) gort_panic_str("sync: negative WaitGroup counter");
    if (w != 0 && delta > 0 && v == delta)
        gort_panic_str("sync: WaitGroup misuse: Add called concurrently with Wait");
    if (v > 0 || w == 0) return;
    /* Counter hit zero with waiters: no Add may race now (it would be the
     * misuse above) and Wait does not register while the counter is zero,
     * so the state is stable.  Check cheaply anyway. */
    if (ald(&wg->state) != state)
        gort_panic_str("sync: WaitGroup misuse: Add called concurrently with Wait");
    ast(&wg->state, (uint64_t)0);
    for (; w != 0; w--) rt_semrelease1(&wg->sema, false);
}

void gort_waitgroup_done(gort_waitgroup *wg) { gort_waitgroup_add(wg, -1); }

void gort_waitgroup_wait(gort_waitgroup *wg) {
    uint64_t state = ald(&wg->state);
    for (;;) {
        if ((int32_t)(state >> 32) == 0) return;
        if (acas(&wg->state, &state, state + 1)) {
            rt_semacquire1(&wg->sema, false, WAIT_WAITGROUP);
            if (ald(&wg->state) != 0)
                gort_panic_str("sync: WaitGroup is reused before previous "
                               "Wait has returned");
            return;
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Once                                                                    */
/* ---------------------------------------------------------------------- */

/* done is set only after fn returned, so a concurrent caller that loses
 * the race waits on the mutex until fn has finished: Do's guarantee is
 * "when Do returns, fn has run", which a plain CAS on done could not give.
 * Both the unlock and the store of done are deferred, so a panicking fn
 * still counts as done and leaves the mutex unlocked (the panic goes on to
 * the caller), as with Go's defers. */
static void once_unlock(void *m) { gort_mutex_unlock(m); }
static void once_setdone(void *o) { ast(&((gort_once *)o)->done, 1u); }

void gort_once_do_slow(gort_once *o, gort_func fn, void *arg) {
    gort_mutex_lock(&o->m);
    GORT_FRAME_BEGIN(fr);
    gort_defer(once_unlock, &o->m);
    if (ald_relaxed(&o->done) == 0) {
        gort_defer(once_setdone, o);
        fn(arg);
    }
    GORT_FRAME_END(fr);
}

/* ---------------------------------------------------------------------- */
/* Cond                                                                    */
/* ---------------------------------------------------------------------- */

_Static_assert(sizeof(((gort_cond *)0)->notify) == sizeof(rt_notifyList),
               "gort_cond.notify must match rt_notifyList");
_Static_assert(offsetof(rt_notifyList, lock) == 8 &&
                   offsetof(rt_notifyList, head) == 16,
               "rt_notifyList layout");

static inline rt_notifyList *nlist(gort_cond *c) {
    return (rt_notifyList *)(void *)&c->notify;
}

static void copycheck(gort_cond *c) {
    uintptr_t self = (uintptr_t)&c->checker, v = ald(&c->checker);
    if (v == self) return;
    uintptr_t zero = 0;
    if (v == 0 && acas(&c->checker, &zero, self)) return;
    if (ald(&c->checker) != self) gort_panic_str("sync.Cond is copied");
}

void gort_cond_init(gort_cond *c, gort_mutex *L) {
    memset(c, 0, sizeof *c);
    c->L = L;
}

void gort_cond_wait(gort_cond *c) {
    copycheck(c);
    rt_mustg("gort_cond_wait");
    /* Take the ticket while still holding L: a Signal after our Unlock
     * is then guaranteed to count us. */
    uint32_t t = rt_notifyListAdd(nlist(c));
    gort_mutex_unlock(c->L);
    rt_notifyListWait(nlist(c), t);
    gort_mutex_lock(c->L);
}

void gort_cond_signal(gort_cond *c) {
    copycheck(c);
    rt_notifyListNotifyOne(nlist(c));
}

void gort_cond_broadcast(gort_cond *c) {
    copycheck(c);
    rt_notifyListNotifyAll(nlist(c));
}

/* ---------------------------------------------------------------------- */
/* Atomics on GC pointers                                                  */
/* ---------------------------------------------------------------------- */

void gort_atomic_store_pointer(void **slot, void *v) {
    rt_atomicwb(slot, v);
    __atomic_store_n(slot, v, __ATOMIC_SEQ_CST);
}

void *gort_atomic_swap_pointer(void **slot, void *v) {
    rt_atomicwb(slot, v);
    return __atomic_exchange_n(slot, v, __ATOMIC_SEQ_CST);
}

bool gort_atomic_cas_pointer(void **slot, void *old, void *v) {
    rt_atomicwb(slot, v);
    return __atomic_compare_exchange_n(slot, &old, v, false, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}
