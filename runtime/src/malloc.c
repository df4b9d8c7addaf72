/*
 * malloc.c — allocating on the GC heap: rt_mallocgc, gort_new, gort_alloc,
 * and the per-object bitmaps the collector reads (mark bits, pointer bits,
 * object lookup).
 *
 * The path of an allocation (docs/allocator.md has the picture):
 *
 *   size 0                 -> &rt_zerobase, a shared non-heap address
 *   noscan, size < 16      -> tiny: a bump pointer inside the P's current
 *                             16-byte block; a new block from class 2
 *   size <= 32 KiB         -> round up to a size class; take the next free
 *                             slot of the P's cached span of that class
 *                             (ctz on a 64-bit alloc cache: no lock, no
 *                             atomic); when the span is full, refill it
 *                             from the class's mcentral (mcache.c)
 *   larger                 -> a span of its own straight from the heap
 *
 * "noscan" means the type has no pointers (t NULL or t->ptrwords == 0):
 * such objects go to noscan span classes, which the collector never scans.
 * For every other object the allocator writes the pointer bitmap (one bit
 * per word, in the arena's metadata) from t->ptrmask, repeating the mask
 * every t->size bytes when size > t->size (an array of t).  Bits for the
 * slot's tail beyond size are cleared, so stale words are never scanned.
 *
 * Zeroing: a slot is cleared unless its span is known to be zero (fresh
 * pages; span.needzero) or the caller will overwrite it (needzero false).
 *
 * During a GC's mark phase new objects are allocated black: their mark bit
 * is set before they are returned, so the collector never frees an object
 * allocated during the cycle and never needs to scan it.  The tiny block
 * in use is blackened on every tiny allocation during mark, and every
 * mcache drops its tiny block at rt_sweepStart, so a block that survives
 * as "current" is never freed underneath its later sub-objects.
 *
 * The goroutine keeps its M (mp->locks++) while it uses its P's mcache, so
 * nothing can move it to another P halfway.  Threads that are not Ms
 * allocate through one shared mcache under rt_foreignlock.  The
 * collector's rt_gcAllocHook runs after that, with no lock held, once per
 * new span or large object (and per allocation with GODEBUG=gcstress=1).
 *
 * Running out of memory is fatal, as in Go:
 *   fatal error: runtime: out of memory: cannot allocate N-byte block (M in use)
 */
#include "runtime.h"

#include <stdlib.h>

uintptr_t rt_zerobase;
rt_mutex rt_foreignlock;
MCache *rt_foreigncache;

#define NOFREE UINT32_MAX
#define ARENA_WORDS (RT_ARENA_SIZE / 8)

GORT_NORETURN RT_NOINLINE static void outofmemory(uintptr_t size) {
    rt_throwf("runtime: out of memory: cannot allocate %zu-byte block "
              "(%llu in use)",
              (size_t)size,
              (unsigned long long)ald_relaxed(&rt_memstats_heap.heapSys));
}

static inline bool blacken(void) {
    return ald_relaxed(&rt_gcBlackenEnabled) != 0 ||
           ald_relaxed(&rt_gcphase) != GCoff;
}

/* ---------------------------------------------------------------------- */
/* Free slots: the alloc cache                                             */
/* ---------------------------------------------------------------------- */

void rt_span_refillAllocCache(MSpan *s, uint32_t word) {
    s->allocCache = ~ald_relaxed(&s->allocBits[word]);
}

/* The next free slot at or after freeindex, or nelems; advances freeindex
 * past it.  Owner only. */
uint32_t rt_span_nextFreeIndex(MSpan *s) {
    uint32_t fi = s->freeindex, n = s->nelems;
    if (fi == n) return fi;
    if (fi > n) rt_throw("s.freeindex > s.nelems");
    uint64_t c = s->allocCache;
    while (c == 0) {
        fi = (fi + 64) & ~63u;
        if (fi >= n) {
            ast_relaxed(&s->freeindex, n);
            return n;
        }
        rt_span_refillAllocCache(s, fi / 64);
        c = s->allocCache;
    }
    uint32_t bit = (uint32_t)__builtin_ctzll(c);
    uint32_t result = fi + bit;
    if (result >= n) {
        ast_relaxed(&s->freeindex, n);
        return n;
    }
    s->allocCache = (c >> bit) >> 1;
    fi = result + 1;
    if ((fi & 63) == 0 && fi != n) rt_span_refillAllocCache(s, fi / 64);
    ast_relaxed(&s->freeindex, fi);
    return result;
}

/* The fast path: a free slot from the cached 64 bits, or NOFREE. */
static inline uint32_t nextFreeFast(MSpan *s) {
    uint64_t c = s->allocCache;
    if (!c) return NOFREE;
    uint32_t bit = (uint32_t)__builtin_ctzll(c);
    uint32_t result = s->freeindex + bit;
    if (result >= s->nelems) return NOFREE;
    uint32_t fi = result + 1;
    if ((fi & 63) == 0 && fi != s->nelems) return NOFREE; /* cache refill */
    s->allocCache = (c >> bit) >> 1;
    ast_relaxed(&s->freeindex, fi);
    s->allocCount++;
    return result;
}

/* The slow path: next free slot of c's span of class spc, refilling the
 * span if it is full.  *hook accumulates heapLive added by a refill. */
static uint32_t nextFree(MCache *c, uint8_t spc, MSpan **sp, uintptr_t *hook,
                         uintptr_t size) {
    MSpan *s = c->alloc[spc];
    uint32_t idx = rt_span_nextFreeIndex(s);
    if (idx == s->nelems) {
        if (s->allocCount != s->nelems)
            rt_throw("s.allocCount != s.nelems && freeIndex == s.nelems");
        uintptr_t bytes = rt_mcache_refill(c, spc);
        if (!bytes) outofmemory(size);
        *hook += bytes;
        s = c->alloc[spc];
        idx = rt_span_nextFreeIndex(s);
    }
    if (idx >= s->nelems) rt_throw("freeIndex is not valid");
    if (++s->allocCount > s->nelems) rt_throw("s.allocCount > s.nelems");
    *sp = s;
    return idx;
}

/* ---------------------------------------------------------------------- */
/* Pointer bitmap                                                          */
/* ---------------------------------------------------------------------- */

static inline uint64_t lowbits(uintptr_t n) {
    return n >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1);
}

/* Writes the n (<= 64) bits v at bitmap position wi of ha.  The bitmap
 * words of a page belong to the page's span, and only its owner writes
 * them, so a plain load/store pair suffices (atomic for the readers). */
static inline void writebits(HeapArena *ha, uintptr_t wi, uintptr_t n,
                             uint64_t v) {
    uint64_t *w = &ha->bitmap[wi >> 6];
    unsigned sh = (unsigned)(wi & 63);
    uint64_t m = lowbits(n);
    ast_relaxed(w, (ald_relaxed(w) & ~(m << sh)) | (v << sh));
    if (sh + n > 64) {
        unsigned done = 64 - sh;
        w++;
        ast_relaxed(w, (ald_relaxed(w) & ~(m >> done)) | (v >> done));
    }
}

/* The first n (<= 64) bits of t's pointer mask. */
static inline uint64_t maskbits(const gort_type *t, uintptr_t n) {
    uint64_t v = 0;
    for (uintptr_t i = 0; i * 8 < n; i++)
        v |= (uint64_t)t->ptrmask[i] << (i * 8);
    return v & lowbits(n);
}

static inline bool maskbit(const gort_type *t, uintptr_t j) {
    return (t->ptrmask[j >> 3] >> (j & 7)) & 1;
}

/* General case: big objects, arrays, objects crossing an arena. */
static RT_NOINLINE void heapBitsSetSlow(uintptr_t x, uintptr_t size,
                                        uintptr_t elemsize, const gort_type *t,
                                        uintptr_t tw, uintptr_t pw) {
    uintptr_t nw = elemsize >> 3, dw = size >> 3;
    bool single = size <= t->size;
    HeapArena *ha = NULL;
    for (uintptr_t i = 0; i < nw;) {
        uintptr_t addr = x + (i << 3);
        if (!ha || addr - ha->base >= RT_ARENA_SIZE) ha = rt_arenaOf(addr);
        uintptr_t wi = (addr - ha->base) >> 3;
        uintptr_t n = 64 - (wi & 63); /* up to the next bitmap word */
        if (n > nw - i) n = nw - i;
        uint64_t v = 0;
        if (i < dw && !(single && i >= pw)) {
            uintptr_t nd = dw - i < n ? dw - i : n;
            if (tw == 1) {
                v = lowbits(nd);
            } else {
                uintptr_t j = i % tw;
                for (uintptr_t k = 0; k < nd; k++) {
                    if (j < pw && maskbit(t, j)) v |= (uint64_t)1 << k;
                    if (++j == tw) j = 0;
                }
            }
        }
        writebits(ha, wi, n, v);
        i += n;
    }
}

/* Records which words of the new object x (size bytes in a slot of
 * elemsize) hold pointers, from t. */
static inline void heapBitsSetType(MSpan *s, uintptr_t x, uintptr_t size,
                                   uintptr_t elemsize, const gort_type *t) {
    uintptr_t tw = t->size >> 3;
    uintptr_t pw = t->ptrwords < tw ? t->ptrwords : tw;
    uintptr_t nw = elemsize >> 3;
    HeapArena *ha = s->arena;
    uintptr_t wi = (x - ha->base) >> 3;
    if (likely(nw <= 64 && size <= t->size && wi + nw <= ARENA_WORDS)) {
        uintptr_t dw = size >> 3;
        writebits(ha, wi, nw, maskbits(t, pw < dw ? pw : dw));
        return;
    }
    heapBitsSetSlow(x, size, elemsize, t, tw, pw);
}

bool rt_heapBitsIsPointer(MSpan *s, uintptr_t addr) {
    if (ald_relaxed(&s->spanclass) & 1) return false;
    HeapArena *ha = rt_arenaOf(addr);
    if (!ha) return false;
    uintptr_t wi = (addr - ha->base) >> 3;
    return (ald_relaxed(&ha->bitmap[wi >> 6]) >> (wi & 63)) & 1;
}

/* ---------------------------------------------------------------------- */
/* Mark bits and object lookup (the collector's view)                      */
/* ---------------------------------------------------------------------- */

bool rt_span_setMarked(MSpan *s, uintptr_t idx) {
    uint64_t bit = (uint64_t)1 << (idx & 63);
    uint64_t *bits = ald_relaxed(&s->gcmarkBits);
    return (__atomic_fetch_or(&bits[idx >> 6], bit, __ATOMIC_RELAXED) & bit) != 0;
}

bool rt_span_isMarked(MSpan *s, uintptr_t idx) {
    uint64_t *bits = ald_relaxed(&s->gcmarkBits);
    return (ald_relaxed(&bits[idx >> 6]) >> (idx & 63)) & 1;
}

uintptr_t rt_span_elemsize(MSpan *s) { return ald_relaxed(&s->elemsize); }

bool rt_span_noscan(MSpan *s) { return ald_relaxed(&s->spanclass) & 1; }

bool rt_findObject(uintptr_t p, uintptr_t *base, MSpan **span,
                   uintptr_t *objIndex) {
    MSpan *s = rt_spanOf(p);
    if (!s) return false;
    uintptr_t start = ald_relaxed(&s->startAddr);
    uintptr_t idx = 0;
    if (ald_relaxed(&s->spanclass) >> 1) {
        idx = (uintptr_t)(((uint64_t)(p - start) * ald_relaxed(&s->divMul)) >> 32);
        if (idx >= ald_relaxed(&s->nelems)) return false; /* span tail */
    }
    /* Allocated: below freeindex, or set in allocBits. */
    if (idx >= ald_relaxed(&s->freeindex)) {
        uint64_t *ab = ald_relaxed(&s->allocBits);
        if (!((ald_relaxed(&ab[idx >> 6]) >> (idx & 63)) & 1)) return false;
    }
    if (base) *base = start + idx * ald_relaxed(&s->elemsize);
    if (span) *span = s;
    if (objIndex) *objIndex = idx;
    return true;
}

/* ---------------------------------------------------------------------- */
/* mallocgc                                                                */
/* ---------------------------------------------------------------------- */

static RT_NOINLINE MSpan *largeAlloc(uintptr_t size, bool noscan,
                                     uintptr_t *hook) {
    if (size > RT_MAX_ALLOC) outofmemory(size);
    uintptr_t npages = (size + RT_PAGE_SIZE - 1) >> RT_PAGE_SHIFT;
    uint8_t spc = rt_makeSpanClass(0, noscan);
    MSpan *s = rt_mheap_alloc(npages, spc);
    if (!s) outofmemory(size);
    ast_relaxed(&s->freeindex, 1u);
    s->allocCount = 1;
    int64_t bytes = (int64_t)(npages << RT_PAGE_SHIFT);
    rt_statadd(&rt_memstats_heap.heapLive, bytes);
    rt_statadd(&rt_memstats_heap.mallocs, 1);
    rt_statadd(&rt_memstats_heap.heapAlloc, bytes);
    rt_statadd(&rt_memstats_heap.totalAlloc, bytes);
    rt_mcentral_pushSwept(&rt_mheap.central[spc], s); /* for the sweeper */
    *hook += (uintptr_t)bytes;
    return s;
}

/* Tiny: pointer-free and < 16 bytes.  Aligns the offset in the current
 * block by what the size allows (or the type asks), and bumps it.  When
 * the object does not fit, takes a new block and sets *sp and *idx to it (the
 * caller blackens it during a cycle); *sp stays NULL for a bump. */
static inline uintptr_t tinyAlloc(MCache *c, uintptr_t size, const gort_type *t,
                                  uintptr_t *hook, MSpan **sp, uint32_t *idx) {
    uintptr_t off = c->tinyoffset;
    if ((size & 7) == 0) off = (off + 7) & ~(uintptr_t)7;
    else if ((size & 3) == 0) off = (off + 3) & ~(uintptr_t)3;
    else if ((size & 1) == 0) off = (off + 1) & ~(uintptr_t)1;
    if (t && t->align > 1) off = (off + t->align - 1) & ~(t->align - 1);
    if (off + size <= RT_TINY_SIZE && c->tiny) {
        c->tinyoffset = off + size;
        c->tinyAllocs++;
        if (unlikely(blacken())) rt_span_setMarked(c->tinyspan, c->tinyindex);
        return c->tiny + off;
    }
    MSpan *s = c->alloc[RT_TINY_SPANCLASS];
    uint32_t i = nextFreeFast(s);
    if (i == NOFREE) i = nextFree(c, RT_TINY_SPANCLASS, &s, hook, size);
    uintptr_t x = s->startAddr + (uintptr_t)i * RT_TINY_SIZE;
    RT_UNPOISON(x, RT_TINY_SIZE);
    ((uint64_t *)x)[0] = 0;
    ((uint64_t *)x)[1] = 0;
    /* Keep whichever block has more room left. */
    if (size < c->tinyoffset || !c->tiny) {
        c->tiny = x;
        c->tinyoffset = size;
        c->tinyspan = s;
        c->tinyindex = i;
    }
    *sp = s;
    *idx = i;
    return x;
}

/* Allocates from c, which the caller owns. */
static inline void *mallocp(MCache *c, uintptr_t size, const gort_type *t,
                            bool needzero, uintptr_t *hook) {
    bool noscan = !t || t->ptrwords == 0 || t->size < 8;
    MSpan *s = NULL;
    uint32_t idx = 0;
    uintptr_t x;
    if (likely(size <= RT_MAX_SMALL_SIZE)) {
        if (noscan && size < RT_TINY_SIZE) {
            x = tinyAlloc(c, size, t, hook, &s, &idx);
            if (!s) return (void *)x; /* a bump in the current block */
        } else {
            uint8_t spc = rt_makeSpanClass(rt_sizeclass(size), noscan);
            s = c->alloc[spc];
            idx = nextFreeFast(s);
            if (idx == NOFREE) idx = nextFree(c, spc, &s, hook, size);
            uintptr_t es = s->elemsize;
            x = s->startAddr + (uintptr_t)idx * es;
            RT_UNPOISON(x, es);
            if (needzero && s->needzero) memset((void *)x, 0, es);
            if (!noscan) heapBitsSetType(s, x, size, es, t);
        }
    } else {
        s = largeAlloc(size, noscan, hook);
        x = s->startAddr;
        if (needzero && s->needzero) memset((void *)x, 0, size);
        if (!noscan) heapBitsSetType(s, x, size, s->elemsize, t);
    }
    if (unlikely(blacken())) rt_span_setMarked(s, idx);
    /* Publication barrier: the object's zeroes and bitmap are visible
     * before any pointer to it is (a no-op on x86).  TSan does not model
     * fences (gcc refuses them); there it is only a compiler barrier. */
#if GORT_SANITIZE_THREAD
    __asm__ volatile("" ::: "memory");
#else
    __atomic_thread_fence(__ATOMIC_RELEASE);
#endif
    return (void *)x;
}

static RT_NOINLINE void *mallocforeign(uintptr_t size, const gort_type *t,
                                       bool needzero, uintptr_t *hook) {
    rt_lock(&rt_foreignlock);
    if (!rt_foreigncache) rt_foreigncache = rt_mcache_new();
    void *x = mallocp(rt_foreigncache, size, t, needzero, hook);
    rt_unlock(&rt_foreignlock);
    return x;
}

void *rt_mallocgc(size_t size, const gort_type *t, bool needzero) {
    if (unlikely(size == 0)) return &rt_zerobase;
    uintptr_t hook = 0;
    void *x;
    M *mp = rt_getm();
    P *pp = mp ? mp->p : NULL;
    if (likely(pp != NULL)) {
        mp->locks++; /* acquirem: stay on this M (and P) */
        x = mallocp(pp->mcache, size, t, needzero, &hook);
        mp->locks--;
    } else {
        x = mallocforeign(size, t, needzero, &hook);
    }
    if (unlikely(hook != 0 || rt_debug.gcstress))
        rt_gcAllocHook(hook);
    return x;
}

void *gort_new(const gort_type *t) {
    if (unlikely(!t)) rt_throw("gort_new: nil type");
    return rt_mallocgc(t->size, t, true);
}

void *gort_alloc(size_t size, const gort_type *t) {
    return rt_mallocgc(size, t, true);
}
