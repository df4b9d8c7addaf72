/*
 * lock.c — futex-based locks and notes for the runtime's own use.
 *
 * rt_mutex follows the classic three-state futex mutex (0 unlocked,
 * 1 locked, 2 locked and someone may sleep): an uncontended lock or unlock
 * is one atomic instruction; a contended lock spins briefly (the holder is
 * usually running on another core and about to release) and then sleeps in
 * the kernel.  These locks block OS threads, so they guard only short
 * runtime critical sections.  Goroutine-level blocking (sync.Mutex,
 * channels) parks goroutines instead and lives in sema.c and chan.c.
 *
 * Held locks are counted in the M (mp->locks, as Go's lock does), so that
 * code that must not run inside a critical section can tell: a fault
 * while a lock is held is a fatal error, not a recoverable panic (its
 * critical section would never finish: the lock stays held), a panic is
 * "panic holding locks", and an allocation never blocks; and a
 * stop-the-world never suspends a thread in place while it holds one
 * (preempt.c).  A thread attached with gort_thread_attach counts in its
 * record; any other thread that is not an M counts nothing.  A lock
 * handed to rt_gopark is released by its unlockf on the same M.
 *
 * rt_note is a one-shot wake-up for parking Ms: key 0 means "not yet", 1
 * means "woken".  One thread sleeps on a note, one wakes it.
 *
 * Rejected: pthread_mutex (heavier, and its futex word is opaque to the
 * deadlock-free ordering rules in HACKING.md) and spinlocks alone (burn a
 * core when the holder is descheduled).
 */
#include "runtime.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

void rt_futexsleep(uint32_t *addr, uint32_t val, int64_t ns) {
    struct timespec ts, *tsp = NULL;
    if (ns >= 0) {
        ts.tv_sec = ns / 1000000000;
        ts.tv_nsec = ns % 1000000000;
        tsp = &ts;
    }
    syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, tsp, NULL, 0);
}

void rt_futexwakeup(uint32_t *addr, uint32_t cnt) {
    syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, cnt, NULL, NULL, 0);
}

enum { MUTEX_UNLOCKED = 0, MUTEX_LOCKED = 1, MUTEX_SLEEPING = 2 };
enum { ACTIVE_SPIN = 4, ACTIVE_SPIN_CNT = 30, PASSIVE_SPIN = 1 };

/* The M's count of held locks; nothing can park inside these functions,
 * so the thread-local is read directly. */
static inline void lockheld(void) {
    M *mp = rt_tlsm;
    if (mp) {
        mp->locks++;
        return;
    }
    rt_attached *a = rt_tls_attached; /* preempt.c: counted too */
    if (a) a->locks++;
}

static inline void lockreleased(void) {
    M *mp = rt_tlsm;
    if (mp) {
        if (unlikely(--mp->locks < 0)) rt_throw("runtime: unlock: lock count");
        return;
    }
    rt_attached *a = rt_tls_attached;
    if (a && unlikely(--a->locks < 0)) rt_throw("runtime: unlock: lock count");
}

bool rt_trylock(rt_mutex *l) {
    uint32_t old = MUTEX_UNLOCKED;
    if (!acas(&l->key, &old, MUTEX_LOCKED)) return false;
    lockheld();
    return true;
}

void rt_lock(rt_mutex *l) {
    lockheld();
    uint32_t v = axchg(&l->key, MUTEX_LOCKED);
    if (likely(v == MUTEX_UNLOCKED)) return;
    /* wait is the state to leave behind: if we ever slept, others may be
     * sleeping too, so we must lock in the SLEEPING state. */
    uint32_t wait = v;
    for (;;) {
        for (int i = 0; i < ACTIVE_SPIN; i++) {
            while (ald_relaxed(&l->key) == MUTEX_UNLOCKED) {
                uint32_t o = MUTEX_UNLOCKED;
                if (acas(&l->key, &o, wait)) return;
            }
            for (int j = 0; j < ACTIVE_SPIN_CNT; j++) rt_cpu_relax();
        }
        for (int i = 0; i < PASSIVE_SPIN; i++) {
            while (ald_relaxed(&l->key) == MUTEX_UNLOCKED) {
                uint32_t o = MUTEX_UNLOCKED;
                if (acas(&l->key, &o, wait)) return;
            }
            sched_yield();
        }
        v = axchg(&l->key, MUTEX_SLEEPING);
        if (v == MUTEX_UNLOCKED) return;
        wait = MUTEX_SLEEPING;
        rt_futexsleep(&l->key, MUTEX_SLEEPING, -1);
    }
}

void rt_unlock(rt_mutex *l) {
    uint32_t v = axchg(&l->key, MUTEX_UNLOCKED);
    if (unlikely(v == MUTEX_UNLOCKED)) rt_throw("unlock of unlocked lock");
    if (v == MUTEX_SLEEPING) rt_futexwakeup(&l->key, 1);
    lockreleased();
}

void rt_noteclear(rt_note *n) { ast(&n->key, 0); }

void rt_notewakeup(rt_note *n) {
    uint32_t old = axchg(&n->key, 1);
    if (old != 0) rt_throwf("notewakeup - double wakeup (%u)", old);
    rt_futexwakeup(&n->key, 1);
}

void rt_notesleep(rt_note *n) {
    while (ald(&n->key) == 0) rt_futexsleep(&n->key, 0, -1);
}

bool rt_notetsleep(rt_note *n, int64_t ns) {
    if (ns < 0) {
        rt_notesleep(n);
        return true;
    }
    int64_t deadline = rt_nanotime() + ns;
    while (ald(&n->key) == 0) {
        rt_futexsleep(&n->key, 0, ns);
        if (ald(&n->key) != 0) break;
        ns = deadline - rt_nanotime();
        if (ns <= 0) return ald(&n->key) != 0;
    }
    return true;
}
