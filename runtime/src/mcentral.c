/*
 * mcentral.c — the central free lists, one per span class.
 *
 * An mcache that runs out of objects of a class swaps its full span for
 * one from the class's mcentral (cacheSpan), and gives the full one back
 * (uncacheSpan).  The mcentral keeps the spans that are not cached:
 *
 *   partial[sg/2%2]    swept, with free objects      <- cacheSpan looks first
 *   partial[1-sg/2%2]  unswept, had free objects     <- then sweeps these
 *   full[1-sg/2%2]     unswept, had none             <- then these
 *   full[sg/2%2]       swept, none free              (waits for next GC)
 *
 * (sg = mheap sweepgen.)  rt_sweepStart adds 2 to sg, which swaps the
 * roles of the two halves of each pair: every swept list becomes the
 * unswept one, in O(1) for the whole heap.  Sweeping is lazy: a span is
 * swept by whoever first needs it (cacheSpan here, the background
 * sweeper, or the heap reclaiming pages), each claiming it by moving its
 * sweepgen from sg-2 to sg-1 with a CAS.  cacheSpan sweeps at most 100
 * spans before it gives up and asks the heap for a fresh span, so one
 * allocation never pays for sweeping the whole class.
 *
 * Large objects (span class 0 and 1) never go through an mcache; their
 * spans sit on class 0/1's full lists so the sweeper finds them.
 *
 * Locking: one rt_mutex per class, held only for list operations, never
 * while sweeping (sweeping a span may free it to the heap, which takes
 * the heap lock).  Go 1.19 uses lock-free span sets here instead; with
 * one lock per class and the lists touched once per span (not per object)
 * the lock is rarely contended, and the lists are simpler to follow.
 */
#include "runtime.h"

static inline unsigned sweptIdx(uint32_t sg) { return (sg >> 1) & 1; }

/* ---------------------------------------------------------------------- */
/* Span lists                                                              */
/* ---------------------------------------------------------------------- */

void rt_spanlist_insert(SpanList *l, MSpan *s) {
    if (s->list) rt_throw("spanlist.insert: span already on a list");
    s->prev = NULL;
    s->next = l->first;
    if (l->first) l->first->prev = s;
    else l->last = s;
    l->first = s;
    s->list = l;
    l->n++;
}

void rt_spanlist_insertBack(SpanList *l, MSpan *s) {
    if (s->list) rt_throw("spanlist.insertBack: span already on a list");
    s->next = NULL;
    s->prev = l->last;
    if (l->last) l->last->next = s;
    else l->first = s;
    l->last = s;
    s->list = l;
    l->n++;
}

void rt_spanlist_remove(SpanList *l, MSpan *s) {
    if (s->list != l) rt_throw("spanlist.remove: span not on this list");
    if (s->prev) s->prev->next = s->next;
    else l->first = s->next;
    if (s->next) s->next->prev = s->prev;
    else l->last = s->prev;
    s->next = s->prev = NULL;
    s->list = NULL;
    l->n--;
}

MSpan *rt_spanlist_pop(SpanList *l) {
    MSpan *s = l->first;
    if (s) rt_spanlist_remove(l, s);
    return s;
}

/* ---------------------------------------------------------------------- */
/* cacheSpan / uncacheSpan                                                 */
/* ---------------------------------------------------------------------- */

static uint8_t classOf(MCentral *c) {
    return (uint8_t)(c - rt_mheap.central);
}

/* A fresh span from the heap. */
static MSpan *grow(MCentral *c) {
    uint8_t spc = classOf(c);
    uintptr_t npages = rt_class_to_allocnpages[spc >> 1];
    MSpan *s = rt_mheap_alloc(npages, spc);
    if (!s) return NULL;
    RT_POISON(s->startAddr, npages << RT_PAGE_SHIFT);
    return s;
}

/* Claims unswept span s (popped from an unswept list) for sweeping. */
static void claim(MSpan *s, uint32_t sg) {
    uint32_t want = sg - 2;
    if (!acas(&s->sweepgen, &want, sg - 1))
        rt_throwf("mcentral: unswept span has sweepgen %u, heap %u", want, sg);
}

MSpan *rt_mcentral_cacheSpan(MCentral *c) {
    uint32_t sg = ald(&rt_mheap.sweepgen);
    unsigned sw = sweptIdx(sg);
    int budget = 100;
    bool sweeping = !ald(&rt_mheap.sweepdone);
    MSpan *s;
    if (sweeping) axadd(&rt_mheap.sweepers, 1);
    rt_lock(&c->lock);
    s = rt_spanlist_pop(&c->partial[sw]);
    if (s) goto havespanlocked;
    for (; budget > 0; budget--) {
        s = rt_spanlist_pop(&c->partial[sw ^ 1]);
        if (!s) break;
        claim(s, sg);
        rt_unlock(&c->lock);
        rt_sweepspan(s, true); /* a partial span keeps free objects */
        goto havespan;
    }
    for (; budget > 0; budget--) {
        s = rt_spanlist_pop(&c->full[sw ^ 1]);
        if (!s) break;
        claim(s, sg);
        rt_unlock(&c->lock);
        rt_sweepspan(s, true);
        if (s->allocCount < s->nelems) goto havespan;
        rt_lock(&c->lock);
        rt_spanlist_insert(&c->full[sw], s);
    }
    rt_unlock(&c->lock);
    if (sweeping) axadd(&rt_mheap.sweepers, -1);
    s = grow(c);
    if (!s) return NULL;
    goto ready;

havespanlocked:
    rt_unlock(&c->lock);
havespan:
    if (sweeping) axadd(&rt_mheap.sweepers, -1);
ready:
    if (s->allocCount >= s->nelems || s->freeindex >= s->nelems)
        rt_throw("mcentral.cacheSpan: span has no free objects");
    /* Point the alloc cache at freeindex. */
    rt_span_refillAllocCache(s, s->freeindex / 64);
    s->allocCache >>= s->freeindex % 64;
    return s;
}

void rt_mcentral_pushSwept(MCentral *c, MSpan *s) {
    unsigned sw = sweptIdx(ald(&rt_mheap.sweepgen));
    rt_lock(&c->lock);
    if (s->allocCount == s->nelems) rt_spanlist_insert(&c->full[sw], s);
    else rt_spanlist_insert(&c->partial[sw], s);
    rt_unlock(&c->lock);
}

void rt_mcentral_uncacheSpan(MCentral *c, MSpan *s) {
    if (s->allocCount == 0) rt_throw("uncaching span but s.allocCount == 0");
    uint32_t sg = ald(&rt_mheap.sweepgen);
    if (ald(&s->sweepgen) == sg + 1) {
        /* Cached before the last sweepStart: sweep it now (this sends it
         * to the right list, or frees it). */
        ast(&s->sweepgen, sg - 1);
        rt_sweepspan(s, false);
        return;
    }
    ast(&s->sweepgen, sg);
    rt_mcentral_pushSwept(c, s);
}
