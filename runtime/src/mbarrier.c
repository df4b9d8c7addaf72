/*
 * mbarrier.c — the write barrier: what every pointer store into the GC heap
 * goes through while the collector marks.
 *
 * Go 1.8's hybrid barrier (Yuasa deletion + Dijkstra insertion):
 *
 *     writePointer(slot, ptr):
 *         shade(*slot)                 deletion: what the slot held
 *         if current stack is grey:    insertion: what it will hold
 *             shade(ptr)
 *         *slot = ptr
 *
 * The deletion half keeps alive anything a not-yet-scanned stack could have
 * loaded from the slot before it was overwritten; the insertion half covers
 * a pointer moving from a not-yet-scanned (grey) stack into a black object.
 * Together they mean a stack is scanned once and never rescanned.  Which
 * stacks are grey is not known here (a conservatively scanned C stack has
 * no cheap "already scanned" bit, and the G may be scanned concurrently),
 * so like Go's own implementation we shade ptr unconditionally: slightly
 * more floating garbage, no per-store lookup.  See
 * docs/design/gc-roots-and-barrier.md.
 *
 * Cost when no cycle is marking: gort_store_ptr is inline in gort.h, one
 * relaxed load of gort_writebarrier and a not-taken branch before the plain
 * store.  When marking, the slow path shades two values into the current
 * P's grey queue (no lock).  Stores to memory outside the heap (stacks, C
 * memory) through these functions are allowed and harmless.
 *
 * rt_atomicwb is the same barrier for atomic pointer stores (sync.Pool,
 * sync.Map, context): shade both, then the caller stores or CASes.
 *
 * Typed copies (rt_typedmemmove: channels, maps, slices, gort_typedmemmove)
 * shade every pointer word of the destination and of the source, by the
 * type's ptrmask, before the memmove: Go's bulkBarrierPreWrite.  A copy
 * into a stack slot (a channel receive) is thereby covered too: the value
 * it carries was shaded on the way.
 *
 * The copy itself moves pointer words whole (rt_ptrmemmove), as Go's
 * memmove promises: a goroutine that races a copy of a pointer with
 * another copy must read the old pointer or the new one, never a mix of
 * their bytes, or the collector (and the program) follows a torn address.
 * glibc's memmove happens to move aligned words whole; a sanitizer's
 * interceptor need not (Go's fixedbugs/issue13160.go read a pointer with
 * its low bytes zeroed under ASan).  Rejected: memmove and hoping.
 */
#include "mgc.h"

void rt_ptrmemmove(void *dst, const void *src, size_t n) {
    uintptr_t d = (uintptr_t)dst, s = (uintptr_t)src;
    if (((d | s | n) & 7) != 0) { /* cannot hold a pointer word */
        memmove(dst, src, n);
        return;
    }
    uint64_t *dw = dst;
    const uint64_t *sw = src;
    size_t w = n / 8;
    if (d <= s || d >= s + n) {
        for (size_t i = 0; i < w; i++)
            __atomic_store_n(&dw[i], __atomic_load_n(&sw[i], __ATOMIC_RELAXED), __ATOMIC_RELAXED);
    } else {
        for (size_t i = w; i-- > 0;)
            __atomic_store_n(&dw[i], __atomic_load_n(&sw[i], __ATOMIC_RELAXED), __ATOMIC_RELAXED);
    }
}

void rt_ptrmemclr(void *dst, size_t n) {
    if ((((uintptr_t)dst | n) & 7) != 0) {
        memset(dst, 0, n);
        return;
    }
    uint64_t *dw = dst;
    for (size_t i = 0; i < n / 8; i++) __atomic_store_n(&dw[i], 0, __ATOMIC_RELAXED);
}

static inline gcWork *curgcw(P **pp) {
    *pp = rt_getp();
    return *pp ? &rt_gcp[(*pp)->id].gcw : NULL;
}

/* Shades old and new for one slot. */
static void shade2(uintptr_t old, uintptr_t new) {
    P *pp;
    gcWork *w = curgcw(&pp);
    if (w) {
        if (old) rt_gcShade(old, w);
        if (new) rt_gcShade(new, w);
        return;
    }
    if (old) rt_gcShadeSlow((void *)old);
    if (new) rt_gcShadeSlow((void *)new);
}

void gort_wbstore(void **slot, void *ptr) {
    if (ald_relaxed(&rt_writeBarrierEnabled))
        shade2((uintptr_t)*(void *volatile *)slot, (uintptr_t)ptr);
    *slot = ptr;
}

/* Go's atomicwb: the barrier of an atomic store or CAS of new into *slot,
 * called just before it (the caller does the store itself). */
void rt_atomicwb(void **slot, void *new) {
    if (ald_relaxed(&rt_writeBarrierEnabled))
        shade2((uintptr_t)__atomic_load_n(slot, __ATOMIC_RELAXED), (uintptr_t)new);
}

/* Go's bulkBarrierPreWrite for one value of type t (src NULL: clearing;
 * dst NULL: shade the source only). */
static void bulkbarrier(const gort_type *t, void *dst, const void *src) {
    size_t nw = t->ptrwords;
    if (nw * sizeof(uintptr_t) > t->size) nw = t->size / sizeof(uintptr_t);
    const uintptr_t *d = dst, *s = src;
    for (size_t i = 0; i < nw; i++) {
        if (!(t->ptrmask[i / 8] >> (i % 8) & 1)) continue;
        shade2(d ? ((const volatile uintptr_t *)d)[i] : 0, s ? s[i] : 0);
    }
}

/* Go's bulkBarrierPreWrite over n consecutive values of type t: shades
 * every pointer the n destination values hold and (src non-NULL) every
 * pointer the n source values hold.  Called before the caller's memmove,
 * so overlap between dst and src does not matter.  With srconly, the
 * destination is a fresh allocated-black object holding nothing yet
 * (growslice: Go's bulkBarrierPreWriteSrcOnly). */
static void bulkbarrierN(const gort_type *t, char *dst, const char *src,
                         intptr_t n, bool srconly) {
    for (intptr_t i = 0; i < n; i++) {
        size_t off = (size_t)i * t->size;
        if (srconly) bulkbarrier(t, NULL, src + off);
        else bulkbarrier(t, dst + off, src ? src + off : NULL);
    }
}

void rt_typedslicecopy(const gort_type *t, void *dst, const void *src,
                       intptr_t n) {
    if (n <= 0 || dst == src || t->size == 0) return;
    if (t->ptrwords && unlikely(ald_relaxed(&rt_writeBarrierEnabled)))
        bulkbarrierN(t, dst, src, n, false);
    if (t->ptrwords) rt_ptrmemmove(dst, src, (size_t)n * t->size);
    else memmove(dst, src, (size_t)n * t->size);
}

void rt_bulkBarrierPreWriteSrcOnly(const gort_type *t, const void *src,
                                   intptr_t n) {
    if (t->ptrwords && unlikely(ald_relaxed(&rt_writeBarrierEnabled)))
        bulkbarrierN(t, NULL, src, n, true);
}

void rt_typedmemmove(const gort_type *t, void *dst, const void *src) {
    if (dst == src || t->size == 0) return;
    if (t->ptrwords && unlikely(ald_relaxed(&rt_writeBarrierEnabled)))
        bulkbarrier(t, dst, src);
    if (t->ptrwords) rt_ptrmemmove(dst, src, t->size);
    else memmove(dst, src, t->size);
}

void rt_typedmemclr(const gort_type *t, void *dst) {
    if (t->size == 0) return;
    if (t->ptrwords && unlikely(ald_relaxed(&rt_writeBarrierEnabled)))
        bulkbarrier(t, dst, NULL);
    if (t->ptrwords) rt_ptrmemclr(dst, t->size);
    else memset(dst, 0, t->size);
}

void gort_typedmemmove(const gort_type *t, void *dst, const void *src) {
    if (!t) rt_panicplain("gort_typedmemmove: nil type");
    if (t->size && (!dst || !src))
        rt_panicrt("invalid memory address or nil pointer dereference");
    rt_typedmemmove(t, dst, src);
}

void gort_typedmemclr(const gort_type *t, void *dst) {
    if (!t) rt_panicplain("gort_typedmemclr: nil type");
    if (t->size && !dst)
        rt_panicrt("invalid memory address or nil pointer dereference");
    rt_typedmemclr(t, dst);
}
