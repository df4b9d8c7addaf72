/*
 * select.c — Go's select over gort_select_case arrays.
 *
 *   cases:      [0] recv a   [1] send b   [2] recv a   [3] recv nil
 *   pollorder:  2 0 1          random permutation of the non-nil cases
 *   lockorder:  1 0 2          the same cases sorted by channel address
 *                              (here b's address is below a's)
 *
 *   lock b, a (each once), poll in pollorder, or else enqueue:
 *
 *   G.waiting -> sudog(b,send) -> sudog(a,recv#0) -> sudog(a,recv#2)
 *                  on b.sendq       on a.recvq         on a.recvq
 *
 * The steps (Go's selectgo, plus one optimistic pass in front):
 *   0. In a random poll order, look at each case with the lock-free checks
 *      of the non-blocking fast paths (one or two atomic loads); a case
 *      that may be ready is tried as a non-blocking channel operation
 *      under its own lock only.  The first that proceeds is the result, so
 *      a select that finds a ready case usually locks one channel, not
 *      all of them.
 *      Without block, pass 0 also decides "default" without any lock: it
 *      reads every channel's seqlock count (HChan.seq) before looking and
 *      again after; if no count moved and no case looked ready, every
 *      channel held its "not ready" state over a common instant (all first
 *      reads precede all looks precede all second reads), which is exactly
 *      what returning default claims.  Plain lock-free looks would not do:
 *      they happen at different instants, and a value can move from an
 *      unseen channel to a seen one in between.
 *   1. Otherwise lock every channel in address order (each once, even if
 *      it appears in several cases) and poll again in the same order: a
 *      parked peer, buffer data or room, or a close decides a case.
 *      Without block, return -1 (default).
 *   2. Enqueue a sudog (isSelect) on every channel, linked in lock order
 *      through G.waiting, and park; the park's unlockf releases the locks
 *      once the G is off its stack.  Sudogs come from the per-P cache.
 *   3. Woken: the waker won G.selectdone (0 -> 1 CAS in rt_waitq_dequeue),
 *      so exactly one case woke us, named by G.param.  Relock everything,
 *      dequeue the losing sudogs, release all, and report the winner.
 *
 * Random poll order makes the choice among ready cases uniform, so no
 * case starves.  Address lock order means two selects (or a select and a
 * close) can never deadlock on each other's channel locks.  A case whose
 * channel is NULL never proceeds (it is left out of both orders); a select
 * of only such cases blocks forever, with no cases at all it blocks with
 * "select (no cases)".
 *
 * Rejected: locking every channel even when a case is ready or none is
 * (Go's way; pass 0 gives the same answers without the locks); one global
 * select lock (serialises all selects); version counters bumped with an
 * atomic add (the seqlock's plain stores under the channel lock cost
 * nothing extra on x86).
 */
#include "runtime.h"

#define SORT_INSERTION 16 /* cases: insertion sort up to here, then heap */
#define STACK_CASES 64    /* cases whose orders fit in select's frame */

static inline HChan *H(gort_chan *c) { return (HChan *)c; }

static __thread uint32_t pollrand; /* xorshift32 state; 0: not seeded */

/* The queue a case of direction dir waits in. */
static inline WaitQ *caseq(HChan *c, int dir) {
    return dir == GORT_SELECT_RECV ? &c->recvq : &c->sendq;
}

static inline uintptr_t key(const gort_select_case *cases, uint32_t i) {
    return (uintptr_t)cases[i].c;
}

/* Sorts order[0..n) by channel address: insertion sort for the usual few
 * cases, heapsort (no O(n^2) worst case, no allocation) beyond that. */
static void sortlockorder(const gort_select_case *cases, uint32_t *o,
                          uint32_t n) {
    if (n <= SORT_INSERTION) {
        for (uint32_t i = 1; i < n; i++) {
            uint32_t v = o[i];
            uintptr_t k = key(cases, v);
            uint32_t j = i;
            for (; j > 0 && key(cases, o[j - 1]) > k; j--) o[j] = o[j - 1];
            o[j] = v;
        }
        return;
    }
    for (uint32_t start = n / 2; start-- > 0;) { /* heapify */
        uint32_t r = start;
        for (;;) {
            uint32_t ch = 2 * r + 1;
            if (ch >= n) break;
            if (ch + 1 < n && key(cases, o[ch]) < key(cases, o[ch + 1])) ch++;
            if (key(cases, o[r]) >= key(cases, o[ch])) break;
            uint32_t t = o[r];
            o[r] = o[ch];
            o[ch] = t;
            r = ch;
        }
    }
    for (uint32_t end = n; end-- > 1;) { /* pop the max to the end */
        uint32_t t = o[0];
        o[0] = o[end];
        o[end] = t;
        uint32_t r = 0;
        for (;;) {
            uint32_t ch = 2 * r + 1;
            if (ch >= end) break;
            if (ch + 1 < end && key(cases, o[ch]) < key(cases, o[ch + 1]))
                ch++;
            if (key(cases, o[r]) >= key(cases, o[ch])) break;
            t = o[r];
            o[r] = o[ch];
            o[ch] = t;
            r = ch;
        }
    }
}

static inline void sellock(const gort_select_case *cases, const uint32_t *lo,
                    uint32_t n) {
    gort_chan *last = NULL;
    for (uint32_t i = 0; i < n; i++) {
        gort_chan *c = cases[lo[i]].c;
        if (c != last) rt_lock(&H(c)->lock);
        last = c;
    }
}

static inline void selunlock(const gort_select_case *cases, const uint32_t *lo,
                      uint32_t n) {
    for (uint32_t i = n; i-- > 0;) {
        gort_chan *c = cases[lo[i]].c;
        if (i > 0 && c == cases[lo[i - 1]].c) continue; /* unlocked below */
        rt_unlock(&H(c)->lock);
    }
}

/* rt_gopark's unlockf: runs on g0 once the G is off its stack, releasing
 * every channel lock.  It walks G.waiting (lock order, so repeats are
 * adjacent) and never the caller's case array, which lives on the parked
 * stack.  Reading sg->waitlink after unlocking an earlier channel is safe:
 * a waker may already have readied the G, but the G must relock every
 * channel, including the one we still hold, before it touches the list. */
static bool selparkcommit(G *gp, void *unused) {
    (void)unused;
    HChan *last = NULL;
    for (Sudog *sg = gp->waiting; sg; sg = sg->waitlink) {
        if (sg->c != last && last) rt_unlock(&last->lock);
        last = sg->c;
    }
    if (last) rt_unlock(&last->lock);
    return true;
}

static GORT_NORETURN void sendclosed(const gort_select_case *cases,
                                     const uint32_t *lo, uint32_t n) {
    selunlock(cases, lo, n);
    rt_panicplain("send on closed channel");
}

/* False when the case plainly cannot proceed now: the lock-free checks of
 * chan.c's non-blocking fast paths, without the call. */
static inline bool maybeready(const gort_select_case *cs) {
    HChan *c = H(cs->c);
    if (ald(&c->closed)) return true;
    if (cs->dir == GORT_SELECT_RECV)
        return c->dataqsiz ? ald(&c->qcount) != 0
                           : ald(&c->sendq.first) != NULL;
    return c->dataqsiz ? ald(&c->qcount) != c->dataqsiz
                       : ald(&c->recvq.first) != NULL;
}

/* Pass 0: each case as a non-blocking operation, in poll order.  Sets
 * *locked if some case was tried under its lock (and failed). */
static int trycases(gort_select_case *cases, const uint32_t *po, uint32_t n,
                    bool *locked) {
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = po[k];
        gort_select_case *cs = &cases[i];
        if (!maybeready(cs)) continue;
        *locked = true;
        if (cs->dir == GORT_SELECT_RECV) {
            bool ok;
            if (rt_chanrecv(H(cs->c), cs->elem, false, &ok)) {
                cs->ok = ok;
                return (int)i;
            }
        } else {
            int r = rt_chansend(H(cs->c), cs->elem, false);
            if (r < 0) rt_panicplain("send on closed channel");
            if (r > 0) return (int)i;
        }
    }
    return -1;
}

/* True if no channel's seqlock count moved since seq[] was taken: then
 * every "not ready" that pass 0 read held at one instant (each channel's
 * state was constant from its first to its second count, and all first
 * counts were read before all second ones), which is what default needs. */
static bool unchanged(const gort_select_case *cases, const uint32_t *po,
                      const uint32_t *seq, uint32_t n) {
    for (uint32_t k = 0; k < n; k++)
        if (ald(&H(cases[po[k]].c)->seq) != seq[k]) return false;
    return true;
}

/* Pass 1, every channel locked.  Returns the case that proceeded (all
 * locks released), or -1 with the locks still held. */
static int pollcases(gort_select_case *cases, const uint32_t *po,
                     const uint32_t *lo, uint32_t n) {
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = po[k];
        gort_select_case *cs = &cases[i];
        HChan *c = H(cs->c);
        Sudog *sg;
        if (cs->dir == GORT_SELECT_RECV) {
            if ((sg = rt_waitq_dequeue(c, &c->sendq)) != NULL) {
                rt_chanrecvlocked(c, sg, cs->elem);
                selunlock(cases, lo, n);
                rt_chanready(sg);
                cs->ok = true;
                return (int)i;
            }
            if (c->qcount > 0) {
                rt_chanbufget(c, cs->elem);
                selunlock(cases, lo, n);
                cs->ok = true;
                return (int)i;
            }
            if (c->closed) {
                selunlock(cases, lo, n);
                rt_chanelemmove(c, cs->elem, NULL);
                cs->ok = false;
                return (int)i;
            }
        } else {
            if (c->closed) sendclosed(cases, lo, n);
            if ((sg = rt_waitq_dequeue(c, &c->recvq)) != NULL) {
                rt_chansendlocked(c, sg, cs->elem);
                selunlock(cases, lo, n);
                rt_chanready(sg);
                return (int)i;
            }
            if (c->qcount < c->dataqsiz) {
                rt_chanbufput(c, cs->elem);
                selunlock(cases, lo, n);
                return (int)i;
            }
        }
    }
    return -1;
}

/* Passes 2 and 3: every channel locked on entry, none on return. */
static int selpark(gort_select_case *cases, const uint32_t *lo, uint32_t n) {
    G *gp = rt_mustg("gort_select");
    Sudog **nextp = &gp->waiting;
    for (uint32_t k = 0; k < n; k++) {
        gort_select_case *cs = &cases[lo[k]];
        HChan *c = H(cs->c);
        Sudog *sg = rt_acquireSudog();
        sg->g = gp;
        sg->isSelect = true;
        sg->elem = cs->elem;
        sg->c = c;
        *nextp = sg;
        nextp = &sg->waitlink;
        rt_waitq_enqueue(c, caseq(c, cs->dir), sg);
    }
    gp->param = NULL;
    rt_gopark(selparkcommit, NULL, WAIT_SELECT);

    sellock(cases, lo, n);
    ast(&gp->selectdone, 0u);
    Sudog *won = gp->param;
    gp->param = NULL;
    /* Pass 3: drop the losing sudogs from their queues. */
    Sudog *sglist = gp->waiting;
    for (Sudog *s = sglist; s; s = s->waitlink) {
        s->isSelect = false;
        s->elem = NULL;
        s->c = NULL;
    }
    gp->waiting = NULL;
    int casi = -1;
    bool success = false;
    for (uint32_t k = 0; k < n; k++) {
        gort_select_case *cs = &cases[lo[k]];
        if (sglist == won) {
            casi = (int)lo[k];
            success = won->success;
        } else {
            HChan *c = H(cs->c);
            rt_waitq_remove(c, caseq(c, cs->dir), sglist);
        }
        Sudog *next = sglist->waitlink;
        sglist->waitlink = NULL;
        rt_releaseSudog(sglist);
        sglist = next;
    }
    if (casi < 0) rt_throw("selectgo: bad wakeup");
    if (cases[casi].dir == GORT_SELECT_SEND) {
        if (!success) sendclosed(cases, lo, n); /* woken by close */
    } else {
        cases[casi].ok = success;
    }
    selunlock(cases, lo, n);
    return casi;
}

int gort_select(gort_select_case *cases, int n, bool block) {
    if (unlikely(n < 0)) rt_panicplain("gort_select: negative case count");
    uint32_t small[2 * STACK_CASES];
    uint32_t *po = small, *lo;
    if (n > STACK_CASES)
        po = gort_alloc(2 * (size_t)n * sizeof(uint32_t), NULL);

    /* Poll order: a random permutation of the cases that have a channel
     * (inside-out Fisher-Yates), from a per-thread xorshift generator
     * (seeded from the M's generator; only its statistics matter, so which
     * thread a goroutine runs on does not). */
    uint32_t norder = 0, x = pollrand;
    if (unlikely(x == 0)) x = rt_fastrand() | 1;
    for (int i = 0; i < n; i++) {
        if (unlikely(cases[i].dir != GORT_SELECT_SEND &&
                     cases[i].dir != GORT_SELECT_RECV))
            rt_panicplain("gort_select: case direction is neither "
                          "GORT_SELECT_SEND nor GORT_SELECT_RECV");
        if (!cases[i].c) continue;
        uint32_t j = (uint32_t)(((uint64_t)x * (norder + 1)) >> 32);
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        po[norder] = po[j];
        po[j] = (uint32_t)i;
        norder++;
    }
    pollrand = x;
    lo = po + norder;

    /* Without block, pass 0 doubles as a snapshot: note every channel's
     * seqlock count first (lo is free until the lock order is built). */
    bool snap = !block && norder > 1, locked = false;
    for (uint32_t k = 0; snap && k < norder; k++) {
        lo[k] = ald(&H(cases[po[k]].c)->seq);
        if (lo[k] & 1) snap = false; /* a change in progress */
    }
    int r = trycases(cases, po, norder, &locked);
    if (r >= 0) return r;
    if (!block) {
        if (norder <= 1) return -1; /* one non-blocking op: atomic */
        if (snap && !locked && unchanged(cases, po, lo, norder)) return -1;
    }
    if (norder == 0) { /* select {}, or only nil channels */
        rt_mustg("gort_select");
        rt_gopark(NULL, NULL, n == 0 ? WAIT_SELECT_NOCASES : WAIT_SELECT);
        rt_throw("unreachable: woke a goroutine blocked forever");
    }

    for (uint32_t k = 0; k < norder; k++) lo[k] = po[k];
    sortlockorder(cases, lo, norder);
    sellock(cases, lo, norder);
    r = pollcases(cases, po, lo, norder);
    if (r >= 0) return r;
    if (!block) {
        selunlock(cases, lo, norder);
        return -1;
    }
    return selpark(cases, lo, norder);
}
