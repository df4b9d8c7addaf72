/*
 * timer.c — runtime timers on per-P 4-ary heaps.
 *
 *           timers[0]                         P0.timers (min-heap on when)
 *        /   |    |   \
 *      [1]  [2]  [3]  [4]      children of i: 4i+1 .. 4i+4
 *
 * Every P owns a heap guarded by its timerslock.  A timer is added to the
 * heap of the P that arms it, so timers move with their P's work and there
 * is no global timer lock.  The scheduler runs expired timers in
 * findrunnable (its own P's, and, while stealing, other Ps'), and an idle M
 * blocks in epoll_wait with the earliest `when` over all Ps as its timeout,
 * so a sleeping program uses no CPU.  A 4-ary heap is shallower than a
 * binary one (log4 n levels) and its four children share a cache line.
 *
 * A timer's f runs on the scheduler (g0) with no lock held; it must not
 * block (readying a goroutine or sending on a buffered channel without
 * blocking is the intended use).  Removal is eager and O(log n): the timer
 * knows its heap and its index.  (Go 1.14+ removes lazily to avoid taking
 * another P's lock; our per-timer lock plus index make the eager form
 * simple and cheap; docs/design/ records the choice.)
 *
 * Invariant: t->pp != NULL iff t is in t->pp's heap at index t->idx, and
 * pp->timer0when == timers[0]->when (0 when empty).
 */
#include "runtime.h"

#include <stdlib.h>
#include <time.h>

static inline bool less(Timer *a, Timer *b) { return a->when < b->when; }

static void siftup(P *pp, int i) {
    Timer **h = pp->timers;
    Timer *t = h[i];
    while (i > 0) {
        int p = (i - 1) / 4;
        if (!less(t, h[p])) break;
        h[i] = h[p];
        h[i]->idx = i;
        i = p;
    }
    h[i] = t;
    t->idx = i;
}

static void siftdown(P *pp, int i) {
    Timer **h = pp->timers;
    int n = pp->ntimers;
    Timer *t = h[i];
    for (;;) {
        int c = 4 * i + 1;
        if (c >= n) break;
        int best = c;
        for (int k = c + 1; k < c + 4 && k < n; k++)
            if (less(h[k], h[best])) best = k;
        if (!less(h[best], t)) break;
        h[i] = h[best];
        h[i]->idx = i;
        i = best;
    }
    h[i] = t;
    t->idx = i;
}

static void update0(P *pp) {
    ast(&pp->timer0when, pp->ntimers ? pp->timers[0]->when : (int64_t)0);
}

static void heapadd(P *pp, Timer *t) {
    /* The heaps are C memory the collector scans once per cycle (a root
     * job): a timer queued after that job ran must be shaded here, or a
     * white timer (and what its arg holds) could be freed while queued.
     * This is the insertion barrier of a store into the heap array. */
    rt_gcShadeArg(t);
    rt_gcShadeArg(t->arg);
    if (pp->ntimers == pp->captimers) {
        int nc = pp->captimers ? pp->captimers * 2 : 64;
        Timer **n = realloc(pp->timers, (size_t)nc * sizeof *n);
        if (!n) rt_throw("runtime: out of memory growing timer heap");
        pp->timers = n;
        pp->captimers = nc;
    }
    pp->timers[pp->ntimers] = t;
    ast(&pp->ntimers, pp->ntimers + 1);
    siftup(pp, pp->ntimers - 1);
    ast(&t->pp, pp);
    update0(pp);
}

static void heapdel(P *pp, int i) {
    Timer *t = pp->timers[i];
    int last = pp->ntimers - 1;
    ast(&pp->ntimers, last);
    if (i != last) {
        pp->timers[i] = pp->timers[last];
        pp->timers[i]->idx = i;
        siftup(pp, i);
        siftdown(pp, pp->timers[i]->idx == i ? i : pp->timers[i]->idx);
        /* siftup may have moved it; siftdown from its new place is a no-op
         * in that case, and from i otherwise. */
    }
    ast(&t->pp, (P *)NULL);
    update0(pp);
}

/* Wakes the M blocked in the poller if t now expires before its timeout;
 * otherwise makes sure some M is looking at timers. */
static void wakeNetPoller(int64_t when) {
    if (ald(&rt_sched.lastpoll) == 0) {
        int64_t until = ald(&rt_sched.pollUntil);
        if (until == 0 || until > when) rt_netpollBreak();
    } else {
        rt_wakep();
    }
}

static void addtimer_locked_t(Timer *t) {
    P *pp = rt_getp();
    if (!pp) pp = rt_allp[0];
    rt_lock(&pp->timerslock);
    heapadd(pp, t);
    int64_t when = t->when; /* once unlocked, t may fire and be re-armed */
    rt_unlock(&pp->timerslock);
    wakeNetPoller(when);
}

void rt_addtimer(Timer *t) {
    rt_lock(&t->mu);
    if (ald(&t->pp)) rt_throw("addtimer: timer already added");
    if (t->when < 0) t->when = INT64_MAX;
    addtimer_locked_t(t);
    rt_unlock(&t->mu);
}

static bool deltimer_locked_t(Timer *t) {
    for (;;) {
        P *pp = ald(&t->pp);
        if (!pp) return false;
        rt_lock(&pp->timerslock);
        if (ald(&t->pp) != pp) { /* moved by movetimers, or fired */
            rt_unlock(&pp->timerslock);
            continue;
        }
        heapdel(pp, t->idx);
        rt_unlock(&pp->timerslock);
        return true;
    }
}

bool rt_deltimer(Timer *t) {
    rt_lock(&t->mu);
    bool was = deltimer_locked_t(t);
    rt_unlock(&t->mu);
    return was;
}

bool rt_modtimer(Timer *t, int64_t when, int64_t period) {
    rt_lock(&t->mu);
    bool was = deltimer_locked_t(t);
    t->when = when < 0 ? INT64_MAX : when;
    t->period = period;
    addtimer_locked_t(t);
    rt_unlock(&t->mu);
    return was;
}

int64_t rt_checkTimers(P *pp, int64_t now, bool *ran) {
    int64_t next = ald(&pp->timer0when);
    if (next == 0) return 0;
    if (now == 0) now = rt_nanotime(); /* only read the clock if needed */
    if (next > now) return next;
    rt_lock(&pp->timerslock);
    while (pp->ntimers > 0 && pp->timers[0]->when <= now) {
        Timer *t = pp->timers[0];
        void (*f)(void *, uintptr_t, int64_t) = t->f;
        void *arg = t->arg;
        uintptr_t seq = t->seq;
        if (t->period > 0) {
            int64_t delta = now - t->when;
            t->when += t->period * (1 + delta / t->period);
            if (t->when < 0) t->when = INT64_MAX; /* overflow */
            siftdown(pp, 0);
            update0(pp);
        } else {
            heapdel(pp, 0);
        }
        rt_unlock(&pp->timerslock);
        f(arg, seq, now);
        *ran = true;
        rt_lock(&pp->timerslock);
    }
    next = pp->ntimers ? pp->timers[0]->when : 0;
    rt_unlock(&pp->timerslock);
    return next;
}

int64_t rt_nobarrier_earliest_timer(void) {
    int64_t best = 0;
    for (int i = 0; i < ald_relaxed(&rt_sched.gomaxprocs); i++) {
        int64_t w = ald(&rt_allp[i]->timer0when);
        if (w && (!best || w < best)) best = w;
    }
    return best;
}

int rt_numtimers(void) {
    int n = 0;
    for (int i = 0; i < ald_relaxed(&rt_sched.gomaxprocs); i++)
        n += ald(&rt_allp[i]->ntimers);
    return n;
}

void rt_movetimers(P *to, P *from) {
    if (to == from) return;
    rt_lock(&from->timerslock);
    rt_lock(&to->timerslock);
    while (from->ntimers > 0) {
        Timer *t = from->timers[from->ntimers - 1];
        ast(&from->ntimers, from->ntimers - 1);
        heapadd(to, t);
    }
    update0(from);
    rt_unlock(&to->timerslock);
    rt_unlock(&from->timerslock);
}

/* ---------------------------------------------------------------------- */
/* Sleeping                                                                */
/* ---------------------------------------------------------------------- */

static void goroutineReady(void *arg, uintptr_t seq, int64_t now) {
    (void)seq;
    (void)now;
    rt_goready((G *)arg);
}

/* unlockf for gort_sleep: arm the timer only once the G is parked, so the
 * timer can never ready a goroutine that is still running. */
static bool resetForSleep(G *gp, void *arg) {
    (void)arg;
    rt_addtimer(gp->timer);
    return true;
}

void gort_sleep(int64_t ns) {
    G *gp = rt_mustg("gort_sleep");
    if (ns <= 0) {
        rt_gosched();
        return;
    }
    if (!gp->timer) {
        gp->timer = calloc(1, sizeof(Timer));
        if (!gp->timer) rt_throw("runtime: out of memory allocating timer");
    }
    Timer *t = gp->timer;
    t->f = goroutineReady;
    t->arg = gp;
    t->period = 0;
    int64_t now = rt_nanotime();
    t->when = now + ns;
    if (t->when < now) t->when = INT64_MAX;
    rt_gopark(resetForSleep, NULL, WAIT_SLEEP);
}

int64_t gort_nanotime(void) { return rt_nanotime(); }

int64_t gort_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
