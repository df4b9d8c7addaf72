/*
 * mgcsweep.c — sweeping: turning what the last mark left white into free
 * slots.
 *
 * After mark termination every object that is still in use has its bit set
 * in its span's gcmarkBits.  Sweeping a span is then just
 *
 *     nalloc      = popcount(gcmarkBits)
 *     freed       = allocCount - nalloc
 *     allocBits   = gcmarkBits        (the survivors are the allocated set)
 *     gcmarkBits  = cleared words     (the old allocBits, reused)
 *     freeindex   = 0
 *
 * No object is touched, no free list is built: the next allocation finds
 * free slots by scanning the new allocBits 64 at a time (malloc.c).  A span
 * with no survivors goes back to the heap; the others go to their
 * mcentral's swept lists (or stay with the caller that asked to keep it).
 *
 * Sweepgen protocol (runtime.h): with h = mheap.sweepgen, a span is
 *   h-2 unswept, h-1 being swept (owned by its sweeper), h swept,
 *   h+1 cached before sweep started (stale), h+3 swept and cached.
 * rt_sweepStart (world stopped, at mark termination) adds 2 to h, so every
 * swept span becomes unswept at once, and empties every mcache onto the
 * unswept lists.  Then spans are swept by whoever gets to them first,
 * claiming each with a CAS from h-2 to h-1:
 *   - an allocation that needs a span of its class (mcentral.cacheSpan),
 *   - an allocation that needs pages (mheap reclaim, before the heap grows),
 *   - the background sweeper, one span at a time,
 *   - rt_sweepFinish, which the collector calls before the next cycle.
 *
 * The background sweeper is a system goroutine (not a sysmon hook): it
 * uses P time like the program does, runs in parallel with it on an idle
 * P, and yields after every span when the program has work (no idle P),
 * like Go's bgsweep.  sysmon is one thread with other duties and no P;
 * sweeping a large heap there would delay its 20 us ticks.  The goroutine
 * is created at the first rt_sweepStart and parks between cycles
 * ("GC sweep wait").
 *
 * Go also paces sweeping against allocation (proportional sweep) so it
 * always finishes before the next GC trigger.  Here the heap reclaims
 * before growing and rt_sweepFinish completes whatever is left; this
 * bounds heap growth the same way with less machinery, at the price of
 * the rare allocation that sweeps many spans.
 *
 * Debugging aids: with GORT_DEBUG >= 2 freed objects are filled with 0xdb
 * before reuse; under ASan their bytes are poisoned.
 */
#include "runtime.h"

#include <sched.h>

static struct {
    rt_mutex lock;            /* guards g and parked */
    G *g;                     /* the background sweeper */
    bool parked;
    uint32_t centralIndex;    /* atomic: next span class sweepone scans */
    uint64_t nbgsweep;        /* spans swept in the background (atomic) */
    uint64_t npausesweep;     /* spans swept by rt_sweepFinish (atomic) */
} sweep = {.centralIndex = RT_NUM_SPAN_CLASSES}; /* nothing to sweep yet */

/* Poisons (ASan) or fills (GORT_DEBUG >= 2) the objects of s that this
 * sweep frees: allocated (below freeindex or in allocBits), not marked. */
static void scribbleFreed(MSpan *s) {
#if GORT_SANITIZE_ADDRESS || GORT_DEBUG >= 2
    for (uint32_t i = 0; i < s->nelems; i++) {
        uint64_t bit = (uint64_t)1 << (i & 63);
        bool alloc = i < s->freeindex || (s->allocBits[i >> 6] & bit);
        if (!alloc || (s->gcmarkBits[i >> 6] & bit)) continue;
        uintptr_t x = s->startAddr + (uintptr_t)i * s->elemsize;
#if GORT_DEBUG >= 2
        memset((void *)x, 0xdb, s->elemsize);
#endif
        RT_POISON(x, s->elemsize);
    }
#else
    (void)s;
#endif
}

bool rt_sweepspan(MSpan *s, bool preserve) {
    uint32_t sg = ald(&rt_mheap.sweepgen);
    if (ald(&s->state) != mSpanInUse || ald(&s->sweepgen) != sg - 1)
        rt_throwf("mspan.sweep: bad span state (state=%u sweepgen=%u "
                  "mheap.sweepgen=%u)",
                  ald(&s->state), ald(&s->sweepgen), sg);
    uint8_t spc = s->spanclass;
    uint32_t nw = (s->nelems + 63) / 64;
    uint32_t nalloc = 0;
    for (uint32_t i = 0; i < nw; i++)
        nalloc += (uint32_t)__builtin_popcountll(ald_relaxed(&s->gcmarkBits[i]));
    if (nalloc > s->allocCount)
        rt_throwf("sweep increased allocation count (nelems=%u nalloc=%u "
                  "allocCount=%u)",
                  s->nelems, nalloc, s->allocCount);
    uint32_t nfreed = s->allocCount - nalloc;
    if (nfreed && (spc >> 1) != 0) scribbleFreed(s);

    s->allocCount = nalloc;
    ast_relaxed(&s->freeindex, 0u);
    uint64_t *old = s->allocBits;
    ast(&s->allocBits, s->gcmarkBits);
    memset(old, 0, nw * sizeof(uint64_t));
    ast(&s->gcmarkBits, old);
    rt_span_refillAllocCache(s, 0);
    if (nfreed) {
        s->needzero = true;
        int64_t bytes = (int64_t)nfreed * (int64_t)s->elemsize;
        rt_statadd(&rt_memstats_heap.frees, nfreed);
        rt_statadd(&rt_memstats_heap.heapAlloc, -bytes);
    }
    ast(&s->sweepgen, sg);
    if (preserve) return false;
    if (nalloc == 0) {
        rt_mheap_freeSpan(s);
        return true;
    }
    rt_mcentral_pushSwept(&rt_mheap.central[spc], s);
    return false;
}

uintptr_t rt_sweepone(void) {
    uintptr_t npages = UINTPTR_MAX;
    if (ald(&sweep.centralIndex) >= RT_NUM_SPAN_CLASSES) return npages;
    axadd(&rt_mheap.sweepers, 1);
    uint32_t sg = ald(&rt_mheap.sweepgen);
    unsigned unswept = ((sg >> 1) & 1) ^ 1;
    for (;;) {
        uint32_t i = ald(&sweep.centralIndex);
        if (i >= RT_NUM_SPAN_CLASSES) break;
        MCentral *c = &rt_mheap.central[i];
        rt_lock(&c->lock);
        MSpan *s = rt_spanlist_pop(&c->partial[unswept]);
        if (!s) s = rt_spanlist_pop(&c->full[unswept]);
        rt_unlock(&c->lock);
        if (!s) {
            acas(&sweep.centralIndex, &i, i + 1);
            continue;
        }
        uint32_t want = sg - 2;
        if (!acas(&s->sweepgen, &want, sg - 1))
            rt_throwf("sweepone: unswept span has sweepgen %u, heap %u", want,
                      sg);
        uintptr_t np = s->npages;
        npages = rt_sweepspan(s, false) ? np : 0;
        break;
    }
    if (axadd(&rt_mheap.sweepers, -1) == 0 && npages == UINTPTR_MAX)
        ast(&rt_mheap.sweepdone, 1u);
    return npages;
}

void rt_sweepFinish(void) {
    while (rt_sweepone() != UINTPTR_MAX)
        __atomic_add_fetch(&sweep.npausesweep, 1, __ATOMIC_RELAXED);
    /* Spans claimed by others are being swept on other Ms right now (a
     * sweep never parks), so this wait is short. */
    while (ald(&rt_mheap.sweepers) > 0) sched_yield();
    ast(&rt_mheap.sweepdone, 1u);
}

static void bgsweep(void *arg) {
    (void)arg;
    for (;;) {
        uint32_t sg = ald(&rt_mheap.sweepgen);
        while (rt_sweepone() != UINTPTR_MAX) {
            __atomic_add_fetch(&sweep.nbgsweep, 1, __ATOMIC_RELAXED);
            if (ald_relaxed(&rt_sched.npidle) == 0 || gort_preempt_pending())
                rt_gosched();
        }
        rt_lock(&sweep.lock);
        if (ald(&rt_mheap.sweepgen) != sg) {
            rt_unlock(&sweep.lock); /* a new cycle began meanwhile */
            continue;
        }
        sweep.parked = true;
        rt_goparkunlock(&sweep.lock, "GC sweep wait");
    }
}

void rt_sweepStart(void) {
    /* The previous sweep must have finished before marking began (sweep
     * termination): marks set on an unswept span would be taken for the
     * old cycle's and then cleared. */
    if (!ald(&rt_mheap.sweepdone))
        rt_throw("rt_sweepStart: the previous sweep was not finished "
                 "(call rt_sweepFinish before marking)");
    rt_lock(&rt_foreignlock);
    uint32_t sg = ald(&rt_mheap.sweepgen) + 2;
    ast(&rt_mheap.sweepgen, sg);
    ast(&rt_mheap.sweepdone, 0u);
    ast(&sweep.centralIndex, 0u);
    for (int i = 0; i < rt_sched.gomaxprocs; i++) {
        P *pp = rt_allp[i];
        if (pp && pp->mcache) rt_mcache_prepareForSweep(pp->mcache);
    }
    if (rt_foreigncache) rt_mcache_prepareForSweep(rt_foreigncache);
    rt_lock(&rt_mheap.lock);
    ast_relaxed(&rt_mheap.lastPeakInuse, rt_mheap.peakInuse);
    ast_relaxed(&rt_mheap.peakInuse, ald_relaxed(&rt_memstats_heap.heapInuse));
    rt_unlock(&rt_mheap.lock);
    rt_unlock(&rt_foreignlock);

    /* Wake (or start) the background sweeper. */
    rt_lock(&sweep.lock);
    bool wake = sweep.parked;
    sweep.parked = false;
    bool start = !sweep.g && rt_getp();
    rt_unlock(&sweep.lock);
    if (wake) rt_goready(sweep.g);
    else if (start) sweep.g = rt_newproc(bgsweep, NULL, true);
}
