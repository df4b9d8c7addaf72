/*
 * mcache.c — the per-P allocation cache.
 *
 * Each P owns one MCache: for every span class, the span it currently
 * allocates from, plus the tiny block.  Only the goroutine running on the
 * P touches it, with mp->locks raised so it cannot move to another M in
 * the middle (Go's acquirem), so the fast path in malloc.c takes no lock
 * and no atomic read-modify-write: it pops the next free slot out of the
 * span's 64-bit alloc cache.
 *
 * When a span fills up, refill gives it back to its mcentral and takes a
 * span with free objects: one lock round trip per span, not per object.
 *
 * Accounting.  Objects are counted in the heap stats when their span
 * leaves the cache (allocCount - allocCountBeforeCache), so the fast path
 * touches no shared counter; the stats are exact whenever the caches are
 * flushed.  heapLive, which paces the collector, is charged up front for
 * the whole free space of a span when it is cached (Go does the same), and
 * the unused part is handed back when the span leaves the cache - unless
 * the span is "stale" (cached before the last sweepStart), because the
 * collector recomputed heapLive at mark termination.
 *
 * Sweep states of a cached span: sweepgen h+3 while cached in the current
 * cycle; after rt_sweepStart (h += 2) the same number reads h+1, "cached
 * before sweep began, needs sweeping".  rt_sweepStart moves every cached
 * span straight to its mcentral's unswept lists (prepareForSweep), so
 * they are swept like any other span and no mcache outlives a cycle.
 */
#include "runtime.h"

#include <stdlib.h>

MSpan rt_emptymspan; /* nelems 0: the fast path falls through to refill */

MCache *rt_mcache_new(void) {
    MCache *c = calloc(1, sizeof *c);
    if (!c) rt_throw("runtime: out of memory allocating mcache");
    for (int i = 0; i < RT_NUM_SPAN_CLASSES; i++) c->alloc[i] = &rt_emptymspan;
    return c;
}

/* Counts what was allocated from s while cached. */
static void countUsed(MSpan *s) {
    int64_t used = (int64_t)s->allocCount - (int64_t)s->allocCountBeforeCache;
    s->allocCountBeforeCache = 0;
    if (!used) return;
    int64_t bytes = used * (int64_t)s->elemsize;
    rt_statadd(&rt_memstats_heap.mallocs, used);
    rt_statadd(&rt_memstats_heap.heapAlloc, bytes);
    rt_statadd(&rt_memstats_heap.totalAlloc, bytes);
}

static void flushTiny(MCache *c) {
    if (c->tinyAllocs) {
        rt_statadd(&rt_memstats_heap.mallocs, (int64_t)c->tinyAllocs);
        c->tinyAllocs = 0;
    }
}

uintptr_t rt_mcache_refill(MCache *c, uint8_t spc) {
    MCentral *central = &rt_mheap.central[spc];
    MSpan *s = c->alloc[spc];
    if (s->allocCount != s->nelems)
        rt_throw("refill of span with free space remaining");
    if (s != &rt_emptymspan) {
        countUsed(s);
        c->alloc[spc] = &rt_emptymspan;
        rt_mcentral_uncacheSpan(central, s);
    }
    s = rt_mcentral_cacheSpan(central);
    if (!s) return 0;
    flushTiny(c);
    s->allocCountBeforeCache = s->allocCount;
    uintptr_t bytes = (uintptr_t)(s->nelems - s->allocCount) * s->elemsize;
    rt_statadd(&rt_memstats_heap.heapLive, (int64_t)bytes);
    /* Cached: the next sweepStart turns this into h+1 (stale). */
    ast(&s->sweepgen, ald(&rt_mheap.sweepgen) + 3);
    c->alloc[spc] = s;
    return bytes;
}

static void dropTiny(MCache *c) {
    c->tiny = 0;
    c->tinyoffset = 0;
    c->tinyspan = NULL;
    c->tinyindex = 0;
    flushTiny(c);
}

void rt_mcache_releaseAll(MCache *c) {
    uint32_t sg = ald(&rt_mheap.sweepgen);
    for (int i = 0; i < RT_NUM_SPAN_CLASSES; i++) {
        MSpan *s = c->alloc[i];
        if (s == &rt_emptymspan) continue;
        countUsed(s);
        if (ald(&s->sweepgen) != sg + 1) {
            uintptr_t unused = (uintptr_t)(s->nelems - s->allocCount) * s->elemsize;
            rt_statadd(&rt_memstats_heap.heapLive, -(int64_t)unused);
        }
        c->alloc[i] = &rt_emptymspan;
        rt_mcentral_uncacheSpan(&rt_mheap.central[i], s);
    }
    dropTiny(c);
}

void rt_mcache_prepareForSweep(MCache *c) {
    uint32_t sg = ald(&rt_mheap.sweepgen);
    unsigned unswept = ((sg >> 1) & 1) ^ 1;
    for (int i = 0; i < RT_NUM_SPAN_CLASSES; i++) {
        MSpan *s = c->alloc[i];
        if (s == &rt_emptymspan) continue;
        if (ald(&s->sweepgen) != sg + 1)
            rt_throwf("mcache.prepareForSweep: cached span sweepgen %u, "
                      "heap %u",
                      ald(&s->sweepgen), sg);
        countUsed(s);
        c->alloc[i] = &rt_emptymspan;
        ast(&s->sweepgen, sg - 2);
        MCentral *central = &rt_mheap.central[i];
        rt_lock(&central->lock);
        if (s->allocCount == s->nelems)
            rt_spanlist_insert(&central->full[unswept], s);
        else
            rt_spanlist_insert(&central->partial[unswept], s);
        rt_unlock(&central->lock);
    }
    dropTiny(c);
}

void rt_mcache_flush(P *pp) {
    if (pp->mcache) rt_mcache_releaseAll(pp->mcache);
}
