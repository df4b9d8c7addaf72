/*
 * alloc_plain.c — TEMPORARY allocation entry points on the C heap.
 *
 * gort_new and gort_alloc are part of the API from the start, so code
 * written against them (examples, tests, channels) does not change when
 * the real allocator arrives.  Until the tcmalloc-style allocator and the
 * garbage collector land (the memory issue), they are backed by calloc and
 * memory is never reclaimed.  This is the only temporary piece of the
 * runtime and docs/allocator.md says so.  The memory issue deletes this
 * file.
 */
#include "runtime.h"

#include <stdlib.h>

void *gort_alloc(size_t size, const gort_type *t) {
    size_t align = t && t->align > 16 ? t->align : 16;
    void *p = NULL;
    if (size == 0) size = 1;
    if (posix_memalign(&p, align, size) != 0 || !p)
        rt_throwf("runtime: out of memory: cannot allocate %zu-byte block",
                  size);
    memset(p, 0, size);
    return p;
}

void *gort_new(const gort_type *t) {
    if (!t) rt_throw("gort_new: nil type");
    return gort_alloc(t->size, t);
}

/* Until the collector exists there is nothing to tell it about a store:
 * mbarrier.c replaces these with the write-barrier versions. */
void rt_typedmemmove(const gort_type *t, void *dst, const void *src) {
    if (dst != src) memmove(dst, src, t->size);
}

void rt_typedmemclr(const gort_type *t, void *dst) { memset(dst, 0, t->size); }

void rt_atomicwb(void **slot, void *v) {
    (void)slot;
    (void)v;
}
