/*
 * mbarrier.c — typed memory operations: the copies and clears that must
 * tell the collector about the pointers they overwrite and store.
 *
 * rt_typedmemmove and rt_typedmemclr are how runtime code (channels, maps,
 * slices, panics) moves typed values whose destination may be on the GC
 * heap.  With the hybrid write barrier on, every pointer slot a copy
 * overwrites must be shaded first (Yuasa deletion barrier) and every
 * pointer it stores must be shaded when the current stack is grey
 * (Dijkstra insertion barrier).  The collector owns this file and adds the
 * barriers here; until then these are the plain copies that used to live
 * in the temporary calloc allocator (alloc_plain.c).
 */
#include "runtime.h"

void rt_typedmemmove(const gort_type *t, void *dst, const void *src) {
    if (dst != src) memmove(dst, src, t->size);
}

void rt_typedmemclr(const gort_type *t, void *dst) { memset(dst, 0, t->size); }

void rt_atomicwb(void **slot, void *v) {
    (void)slot;
    (void)v;
}
