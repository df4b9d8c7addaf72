/*
 * mheap.c — the page heap: arenas from the OS, runs of 8 KiB pages for
 * spans, the address -> span lookup, and the scavenger that gives idle
 * pages back to the OS.
 *
 * Address space.  The heap reserves address space in 64 MiB-aligned
 * multiples of 64 MiB (mmap PROT_NONE, MAP_NORESERVE: no memory, no commit
 * charge), starting at Go's hint 0xc000000000 so heap addresses look like
 * Go's, and commits it 4 MiB at a time as it grows (mprotect read/write).
 * Committed memory that has never been touched costs nothing until a page
 * is written, so it is counted as "released" (HeapReleased), as Go does.
 *
 *   reserved  [arena 0: 64 MiB ...........][arena 1 ...   (PROT_NONE)
 *   committed [=== 4 MiB ===|=== 4 MiB ===]                (read/write)
 *                                         ^ curArenaBase: next commit
 *
 * Metadata.  Each 64 MiB arena has a HeapArena (runtime.h) mmap'd apart
 * from the arena: the pointer bitmap (1 bit per heap word, malloc.c), the
 * page -> span table, and the per-page "scavenged" bits.  The arena index
 * is two levels (64 L1 entries x 65536 L2 entries cover 48-bit addresses),
 * each level published with a release store, so rt_spanOf is a few
 * dependent loads and no lock:
 *
 *   p --> rt_arenas[p>>42][(p>>26) & 0xffff] --> HeapArena
 *                                                 .spans[(p>>13) & 8191] --> MSpan
 *
 * Page allocator.  Free page runs are MSpan records in state mSpanFree.  A
 * free run's first and last page map to it in the spans table, so freeing
 * a span finds its neighbours in O(1) and coalesces with them.  Runs of
 * fewer than 128 pages sit on exact-size lists (free[n]); longer runs on
 * one list searched best fit, lowest address on ties.  Allocation takes the
 * smallest fitting run and splits off the rest.  On each list runs with
 * resident pages come first, so the heap reuses warm memory before
 * faulting in released pages.  (Go 1.19 uses a radix tree of bitmap
 * summaries instead: lowest-address-first in O(log n) for any size and
 * lock-free reads; the size-bucketed lists here are Go's pre-1.14 design,
 * much smaller and fast for the common one-page span.  Rejected: a single
 * address-ordered list (O(n) per allocation); a plain page bitmap scan
 * (O(heap) for long runs).)
 *
 * Zeroing.  A page is either scavenged (zero and not resident: never
 * touched, or released with MADV_DONTNEED) or dirty (it belonged to a span
 * once).  A new span needs zeroing only if one of its pages is dirty
 * (span.needzero); a large object on fresh pages is never memset, so
 * allocating 1 GiB touches no memory.
 *
 * Scavenger.  Free runs with dirty pages are also on a FIFO "dirty" list
 * (oldest first).  rt_mheap_scavenge takes the oldest, at most 512 KiB at a
 * time, out of the free lists (state mSpanManual), drops the heap lock,
 * madvises its dirty pages away, and frees it back.  A sysmon hook runs it
 * in the background when retained memory (HeapSys - HeapReleased) exceeds
 * 110% of the peak in-use heap of the current or previous GC cycle (Go
 * aims at 110% of the heap goal; the peak in-use heap is what the goal
 * turns into), pacing itself to about 1% of one CPU.
 *
 * Invariants (heap lock):
 *   - spans[] maps every page of an in-use span to it, and the first and
 *     last page of a free span to it.
 *   - A free span is on exactly one of free[]/freelarge, and on the dirty
 *     list iff nscav < npages.  Two free spans are never adjacent.
 *   - heapSys = heapInuse + heapIdle; heapReleased = pages with scav bit set
 *     (all free) * page size.
 *
 * Lock order: mcentral.lock > mheap.lock.  Nothing is called with the heap
 * lock held that takes another lock, and no syscall but mmap/mprotect
 * (when growing) runs under it.
 */
#include "runtime.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

MHeap rt_mheap = {.sweepdone = 1}; /* nothing to sweep yet */
HeapArena **rt_arenas[1 << RT_ARENA_L1_BITS];
rt_heapstats rt_memstats_heap;
int64_t rt_scavenger_goal = -1;

#define HEAP_CHUNK ((uintptr_t)4 << 20)        /* commit granularity */
#define ARENA_HINT ((uintptr_t)0xc000000000)   /* Go's first arena hint */
#define L2_ENTRIES ((uintptr_t)1 << RT_ARENA_L2_BITS)
#define SCAV_CHUNK_PAGES 64                    /* 512 KiB per step */
#define META_CHUNK ((uintptr_t)64 << 10)

#define h (&rt_mheap)
#define stats (&rt_memstats_heap)

/* ---------------------------------------------------------------------- */
/* OS memory                                                               */
/* ---------------------------------------------------------------------- */

/* Reserves size bytes (a multiple of the arena size) aligned to the arena
 * size, at hint if possible.  Returns 0 when the OS refuses. */
static uintptr_t sysReserve(uintptr_t size, uintptr_t hint) {
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
#if !GORT_SANITIZE_THREAD
    /* TSan only accepts application memory in its own ranges: let the
     * kernel choose there. */
    if (hint && !((hint + size) >> RT_HEAP_ADDR_BITS)) {
        void *p = mmap((void *)hint, size, PROT_NONE, flags, -1, 0);
        if (p == (void *)hint) return hint;
        if (p != MAP_FAILED) munmap(p, size);
    }
#else
    (void)hint;
#endif
    uintptr_t want = size + RT_ARENA_SIZE;
    if (want < size) return 0;
    void *p = mmap(NULL, want, PROT_NONE, flags, -1, 0);
    if (p == MAP_FAILED) return 0;
    uintptr_t b = (uintptr_t)p;
    uintptr_t a = (b + RT_ARENA_SIZE - 1) & ~(RT_ARENA_SIZE - 1);
    if (a > b) munmap(p, a - b);
    if (b + want > a + size) munmap((void *)(a + size), b + want - (a + size));
    if ((a + size) >> RT_HEAP_ADDR_BITS) {
        munmap((void *)a, size);
        return 0;
    }
    return a;
}

/* Runtime metadata (arena descriptors, span records): never freed. */
static void *sysAllocMeta(uintptr_t n) {
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        rt_throwf("runtime: out of memory: cannot allocate %zu-byte block "
                  "of heap metadata",
                  (size_t)n);
    return p;
}

/* ---------------------------------------------------------------------- */
/* Arena index and the page -> span table                                  */
/* ---------------------------------------------------------------------- */

static inline uintptr_t pageIndex(uintptr_t p) {
    return (p >> RT_PAGE_SHIFT) & (RT_PAGES_PER_ARENA - 1);
}

/* Makes sure the arena containing base is registered.  Heap lock held. */
static void registerArena(uintptr_t base) {
    uintptr_t ai = base >> RT_ARENA_SHIFT;
    HeapArena ***l1 = &rt_arenas[ai >> RT_ARENA_L2_BITS];
    HeapArena **l2 = *l1;
    if (!l2) {
        l2 = sysAllocMeta(L2_ENTRIES * sizeof *l2);
        ast(l1, l2);
    }
    HeapArena **slot = &l2[ai & (L2_ENTRIES - 1)];
    if (*slot) return;
    HeapArena *ha = sysAllocMeta(sizeof(HeapArena));
    ha->base = ai << RT_ARENA_SHIFT;
    ast(slot, ha);
}

static inline MSpan *spanAt(uintptr_t p) {
    HeapArena *ha = rt_arenaOf(p);
    return ha ? ald(&ha->spans[pageIndex(p)]) : NULL;
}

static inline void setSpan(uintptr_t p, MSpan *s) {
    ast(&rt_arenaOf(p)->spans[pageIndex(p)], s);
}

/* Maps every page of [base, base + npages pages) to s. */
static void setSpans(uintptr_t base, uintptr_t npages, MSpan *s) {
    while (npages) {
        HeapArena *ha = rt_arenaOf(base);
        uintptr_t i = pageIndex(base);
        uintptr_t n = RT_PAGES_PER_ARENA - i;
        if (n > npages) n = npages;
        for (uintptr_t k = 0; k < n; k++) ast(&ha->spans[i + k], s);
        base += n << RT_PAGE_SHIFT;
        npages -= n;
    }
}

/* A free span's ends map to it. */
static void setSpanEnds(MSpan *s) {
    setSpan(s->startAddr, s);
    setSpan(s->startAddr + ((s->npages - 1) << RT_PAGE_SHIFT), s);
}

MSpan *rt_spanOf(uintptr_t p) {
    MSpan *s = spanAt(p);
    if (!s || ald(&s->state) != mSpanInUse) return NULL;
    uintptr_t start = ald_relaxed(&s->startAddr);
    uintptr_t np = ald_relaxed(&s->npages);
    if (p < start || p - start >= (np << RT_PAGE_SHIFT)) return NULL;
    return s;
}

/* ---------------------------------------------------------------------- */
/* Scavenged-page bits                                                     */
/* ---------------------------------------------------------------------- */

/* Counts the scavenged pages in [base, base + npages pages); op 1 then sets
 * their bits, op 0 clears them, op -1 only counts.  Heap lock held. */
static uintptr_t scavRange(uintptr_t base, uintptr_t npages, int op) {
    uintptr_t n = 0;
    while (npages) {
        HeapArena *ha = rt_arenaOf(base);
        uintptr_t i = pageIndex(base);
        uintptr_t b = i & 63;
        uintptr_t k = 64 - b;
        if (k > npages) k = npages;
        uint64_t m = (k == 64 ? ~(uint64_t)0 : (((uint64_t)1 << k) - 1)) << b;
        uint64_t *w = &ha->scav[i >> 6];
        n += (uintptr_t)__builtin_popcountll(*w & m);
        if (op == 1) *w |= m;
        else if (op == 0) *w &= ~m;
        base += k << RT_PAGE_SHIFT;
        npages -= k;
    }
    return n;
}

/* ---------------------------------------------------------------------- */
/* Span records                                                            */
/* ---------------------------------------------------------------------- */

static void allspansAdd(MSpan *s) {
    if (h->nallspans == h->capallspans) {
        uintptr_t nc = h->capallspans ? h->capallspans * 2 : 1024;
        MSpan **a = sysAllocMeta(nc * sizeof *a);
        if (h->nallspans) memcpy(a, h->allspans, h->nallspans * sizeof *a);
        /* The old array is leaked on purpose: rt_forEachSpan may still be
         * reading it without the lock. */
        ast(&h->allspans, a);
        h->capallspans = nc;
    }
    h->allspans[h->nallspans] = s;
    ast(&h->nallspans, h->nallspans + 1);
}

/* A span record, fields cleared (with atomic stores: stale spans[] entries
 * may still lead lock-free readers here).  Heap lock held. */
static MSpan *spanalloc(void) {
    static char *chunk;
    static uintptr_t left;
    MSpan *s = h->spanfree;
    if (s) {
        h->spanfree = s->next;
    } else {
        uintptr_t sz = (sizeof(MSpan) + 63) & ~(uintptr_t)63;
        if (left < sz) {
            chunk = sysAllocMeta(META_CHUNK);
            left = META_CHUNK;
        }
        s = (MSpan *)chunk;
        chunk += sz;
        left -= sz;
        allspansAdd(s);
    }
    s->next = s->prev = s->snext = s->sprev = NULL;
    s->list = NULL;
    ast_relaxed(&s->startAddr, (uintptr_t)0);
    ast_relaxed(&s->npages, (uintptr_t)0);
    ast_relaxed(&s->elemsize, (uintptr_t)0);
    s->arena = NULL;
    ast_relaxed(&s->nelems, 0u);
    ast_relaxed(&s->divMul, 0u);
    ast_relaxed(&s->spanclass, (uint8_t)0);
    s->needzero = false;
    ast_relaxed(&s->freeindex, 0u);
    s->allocCount = s->allocCountBeforeCache = 0;
    s->allocCache = 0;
    s->nscav = 0;
    return s;
}

static void spanfree(MSpan *s) {
    ast(&s->state, (uint8_t)mSpanDead);
    s->next = h->spanfree;
    h->spanfree = s;
}

/* ---------------------------------------------------------------------- */
/* Mark/alloc bit blocks                                                   */
/* ---------------------------------------------------------------------- */

/* A span's allocBits and gcmarkBits come from one block of 2 * nw words
 * (nw = ceil(nelems / 64) <= 16), kept on per-size free lists. */
#define BITS_MAXW 16
static uint64_t *bitsfree[BITS_MAXW + 1];

static void bitsAlloc(MSpan *s) {
    static char *chunk;
    static uintptr_t left;
    uintptr_t nw = (s->nelems + 63) / 64;
    if (nw > BITS_MAXW) rt_throw("runtime: span with too many objects");
    uint64_t *b = bitsfree[nw];
    if (b) {
        bitsfree[nw] = *(uint64_t **)b;
    } else {
        uintptr_t sz = 2 * nw * sizeof(uint64_t);
        if (left < sz) {
            chunk = sysAllocMeta(META_CHUNK);
            left = META_CHUNK;
        }
        b = (uint64_t *)chunk;
        chunk += sz;
        left -= sz;
    }
    memset(b, 0, 2 * nw * sizeof(uint64_t));
    ast(&s->allocBits, b);
    ast(&s->gcmarkBits, b + nw);
}

static void bitsFree(MSpan *s) {
    uintptr_t nw = (s->nelems + 63) / 64;
    uint64_t *b = s->allocBits < s->gcmarkBits ? s->allocBits : s->gcmarkBits;
    *(uint64_t **)b = bitsfree[nw];
    bitsfree[nw] = b;
}

/* ---------------------------------------------------------------------- */
/* Free runs                                                               */
/* ---------------------------------------------------------------------- */

static SpanList *freelistFor(uintptr_t npages) {
    return npages < RT_HEAP_FREELISTS ? &h->free[npages] : &h->freelarge;
}

static void dirtyAppend(MSpan *s) {
    s->snext = NULL;
    s->sprev = h->dirtylast;
    if (h->dirtylast) h->dirtylast->snext = s;
    else h->dirtyfirst = s;
    h->dirtylast = s;
}

static void dirtyRemove(MSpan *s) {
    if (s->sprev) s->sprev->snext = s->snext;
    else h->dirtyfirst = s->snext;
    if (s->snext) s->snext->sprev = s->sprev;
    else h->dirtylast = s->sprev;
    s->snext = s->sprev = NULL;
}

/* Puts free span s (ends already mapped) on its lists. */
static void insertFree(MSpan *s) {
    SpanList *l = freelistFor(s->npages);
    if (s->nscav == s->npages) {
        rt_spanlist_insertBack(l, s);
    } else {
        rt_spanlist_insert(l, s);
        dirtyAppend(s);
    }
}

static void removeFree(MSpan *s) {
    rt_spanlist_remove((SpanList *)s->list, s);
    if (s->nscav < s->npages) dirtyRemove(s);
}

/* Merges free span s with free neighbours and lists it.  s is not on any
 * list yet; its state is mSpanFree. */
static void coalesce(MSpan *s) {
    uintptr_t start = s->startAddr;
    MSpan *l = spanAt(start - RT_PAGE_SIZE);
    if (l && l != s && ald(&l->state) == mSpanFree &&
        l->startAddr + (l->npages << RT_PAGE_SHIFT) == start) {
        removeFree(l);
        ast_relaxed(&s->startAddr, l->startAddr);
        ast_relaxed(&s->npages, s->npages + l->npages);
        s->nscav += l->nscav;
        spanfree(l);
    }
    uintptr_t end = s->startAddr + (s->npages << RT_PAGE_SHIFT);
    MSpan *r = spanAt(end);
    if (r && r != s && ald(&r->state) == mSpanFree && r->startAddr == end) {
        removeFree(r);
        ast_relaxed(&s->npages, s->npages + r->npages);
        s->nscav += r->nscav;
        spanfree(r);
    }
    setSpanEnds(s);
    insertFree(s);
}

/* Commits [v, v + n) and adds it to the free pages (never touched, so
 * counted as released). */
static bool commitLocked(uintptr_t v, uintptr_t n) {
    if (mprotect((void *)v, n, PROT_READ | PROT_WRITE) != 0) return false;
#ifdef MADV_HUGEPAGE
    /* Transparent huge pages for the heap, as Go asks for its arenas
     * (sysHugePage): marking and map lookups walk the heap at random, and
     * 4 KiB TLB entries cover little of it (1M-entry map lookups ran 3x
     * slower without).  Advisory; chunks are 4 MiB, 2 MiB aligned.  The
     * scavenger's MADV_DONTNEED on 8 KiB pages splits a huge page back. */
    madvise((void *)v, n, MADV_HUGEPAGE);
#endif
    for (uintptr_t a = v & ~(RT_ARENA_SIZE - 1); a < v + n; a += RT_ARENA_SIZE)
        registerArena(a);
    MSpan *s = spanalloc();
    ast_relaxed(&s->startAddr, v);
    ast_relaxed(&s->npages, n >> RT_PAGE_SHIFT);
    s->nscav = s->npages;
    scavRange(v, s->npages, 1);
    ast(&s->state, (uint8_t)mSpanFree);
    rt_statadd(&stats->heapSys, (int64_t)n);
    rt_statadd(&stats->heapIdle, (int64_t)n);
    rt_statadd(&stats->heapReleased, (int64_t)n);
    coalesce(s);
    return true;
}

/* Adds at least npages of committed free memory.  False: the OS refused. */
static bool growLocked(uintptr_t npages) {
    uintptr_t ask = ((npages << RT_PAGE_SHIFT) + HEAP_CHUNK - 1) &
                    ~(HEAP_CHUNK - 1);
    if (h->curArenaEnd - h->curArenaBase < ask) {
        uintptr_t rsz = (ask + RT_ARENA_SIZE - 1) & ~(RT_ARENA_SIZE - 1);
        if (rsz < ask) return false;
        uintptr_t hint = h->curArenaEnd ? h->curArenaEnd : ARENA_HINT;
        uintptr_t p = sysReserve(rsz, hint);
        if (!p) return false;
        if (p == h->curArenaEnd) {
            h->curArenaEnd += rsz;
        } else {
            /* Discontiguous: what is left of the old space joins the heap
             * (it costs nothing until touched), then switch. */
            if (h->curArenaEnd > h->curArenaBase &&
                !commitLocked(h->curArenaBase,
                              h->curArenaEnd - h->curArenaBase))
                return false;
            h->curArenaBase = p;
            h->curArenaEnd = p + rsz;
        }
    }
    if (!commitLocked(h->curArenaBase, ask)) return false;
    h->curArenaBase += ask;
    return true;
}

/* Splits free span s (on no list) after its first keep pages; returns the
 * rest as a new free span.  Neither is listed nor has its ends mapped. */
static MSpan *splitLocked(MSpan *s, uintptr_t keep) {
    MSpan *t = spanalloc();
    ast_relaxed(&t->startAddr, s->startAddr + (keep << RT_PAGE_SHIFT));
    ast_relaxed(&t->npages, s->npages - keep);
    /* Count the smaller side: allocations cut small pieces off big runs. */
    if (keep < t->npages)
        t->nscav = s->nscav - scavRange(s->startAddr, keep, -1);
    else
        t->nscav = scavRange(t->startAddr, t->npages, -1);
    s->nscav -= t->nscav;
    ast_relaxed(&s->npages, keep);
    ast(&t->state, (uint8_t)mSpanFree);
    return t;
}

static MSpan *findFree(uintptr_t npages) {
    for (uintptr_t i = npages; i < RT_HEAP_FREELISTS; i++)
        if (h->free[i].first) return h->free[i].first;
    MSpan *best = NULL;
    for (MSpan *s = h->freelarge.first; s; s = s->next) {
        if (s->npages < npages) continue;
        if (!best || s->npages < best->npages ||
            (s->npages == best->npages && s->startAddr < best->startAddr))
            best = s;
    }
    return best;
}

/* Takes npages off the free lists (growing if needed).  The result is not
 * yet initialised as a span.  NULL: out of memory. */
static MSpan *allocPagesLocked(uintptr_t npages) {
    MSpan *s = findFree(npages);
    if (!s) {
        if (!growLocked(npages)) return NULL;
        s = findFree(npages);
        if (!s) rt_throw("mheap: grew but found no free run");
    }
    removeFree(s);
    if (s->npages > npages) {
        MSpan *t = splitLocked(s, npages);
        setSpanEnds(t);
        insertFree(t);
    }
    uintptr_t sc = s->nscav;
    scavRange(s->startAddr, npages, 0);
    s->nscav = 0;
    s->needzero = sc < npages;
    uintptr_t bytes = npages << RT_PAGE_SHIFT;
    rt_statadd(&stats->heapReleased, -(int64_t)(sc << RT_PAGE_SHIFT));
    rt_statadd(&stats->heapIdle, -(int64_t)bytes);
    uint64_t inuse = __atomic_add_fetch(&stats->heapInuse, bytes,
                                        __ATOMIC_RELAXED);
    if (inuse > h->peakInuse) ast_relaxed(&h->peakInuse, inuse);
    return s;
}

/* Sets up s (pages already taken) as an in-use span of class spc. */
static void initSpanLocked(MSpan *s, uint8_t spc) {
    uint32_t sc = spc >> 1;
    ast_relaxed(&s->spanclass, spc);
    if (sc == 0) {
        ast_relaxed(&s->elemsize, s->npages << RT_PAGE_SHIFT);
        ast_relaxed(&s->nelems, 1u);
        ast_relaxed(&s->divMul, 0u);
    } else {
        uintptr_t size = rt_class_to_size[sc];
        ast_relaxed(&s->elemsize, size);
        ast_relaxed(&s->nelems, (uint32_t)((s->npages << RT_PAGE_SHIFT) / size));
        ast_relaxed(&s->divMul, rt_class_to_divmagic[sc]);
    }
    s->arena = rt_arenaOf(s->startAddr);
    ast_relaxed(&s->freeindex, 0u);
    s->allocCount = 0;
    s->allocCountBeforeCache = 0;
    s->allocCache = ~(uint64_t)0;
    bitsAlloc(s);
    ast(&s->sweepgen, ald(&h->sweepgen));
    setSpans(s->startAddr, s->npages, s);
    ast(&s->state, (uint8_t)mSpanInUse); /* publishes the fields above */
}

/* Sweeps until npages have been freed or nothing is left unswept, so that
 * the heap reuses what the last GC freed before it grows (Go's reclaim). */
static void reclaim(uintptr_t npages) {
    uintptr_t freed = 0;
    while (freed < npages) {
        uintptr_t n = rt_sweepone();
        if (n == UINTPTR_MAX) break;
        freed += n;
    }
}

MSpan *rt_mheap_alloc(uintptr_t npages, uint8_t spc) {
    if (npages == 0 || npages > (RT_MAX_ALLOC >> RT_PAGE_SHIFT)) return NULL;
    if (!ald(&h->sweepdone)) reclaim(npages);
    rt_lock(&h->lock);
    MSpan *s = allocPagesLocked(npages);
    if (s) initSpanLocked(s, spc);
    rt_unlock(&h->lock);
    return s;
}

void rt_mheap_freeSpan(MSpan *s) {
    if (ald(&s->state) != mSpanInUse) rt_throw("mheap.freeSpan: span not in use");
    RT_UNPOISON(s->startAddr, s->npages << RT_PAGE_SHIFT);
    rt_lock(&h->lock);
    uintptr_t bytes = s->npages << RT_PAGE_SHIFT;
    bitsFree(s);
    ast(&s->state, (uint8_t)mSpanFree);
    s->nscav = 0;
    rt_statadd(&stats->heapInuse, -(int64_t)bytes);
    rt_statadd(&stats->heapIdle, (int64_t)bytes);
    coalesce(s);
    rt_unlock(&h->lock);
}

/* ---------------------------------------------------------------------- */
/* Scavenger                                                               */
/* ---------------------------------------------------------------------- */

/* Takes a window of at most SCAV_CHUNK_PAGES pages ending at the highest
 * unscavenged page of free span s (off its lists) for the scavenger: the
 * parts around it go back to the free lists, the window becomes
 * mSpanManual so nobody allocates it.  Heap lock held. */
static MSpan *carveScavWindow(MSpan *s) {
    uintptr_t hi = s->npages - 1;
    while (scavRange(s->startAddr + (hi << RT_PAGE_SHIFT), 1, -1)) hi--;
    uintptr_t lo = hi >= SCAV_CHUNK_PAGES ? hi - SCAV_CHUNK_PAGES + 1 : 0;
    if (hi + 1 < s->npages) {
        MSpan *r = splitLocked(s, hi + 1);
        setSpanEnds(r);
        insertFree(r);
    }
    if (lo > 0) {
        MSpan *w = splitLocked(s, lo);
        setSpanEnds(s);
        insertFree(s);
        s = w;
    }
    ast(&s->state, (uint8_t)mSpanManual);
    setSpanEnds(s);
    return s;
}

/* Fills runs with s's unscavenged page runs {address, pages}; returns how
 * many.  Heap lock held (the bit words are shared with other pages). */
static int dirtyRuns(MSpan *s, uintptr_t runs[][2]) {
    int n = 0;
    for (uintptr_t i = 0; i < s->npages;) {
        uintptr_t j = i;
        while (j < s->npages &&
               !scavRange(s->startAddr + (j << RT_PAGE_SHIFT), 1, -1))
            j++;
        if (j > i) {
            runs[n][0] = s->startAddr + (i << RT_PAGE_SHIFT);
            runs[n][1] = j - i;
            n++;
        }
        i = j + 1;
    }
    return n;
}

uintptr_t rt_mheap_scavenge(uintptr_t nbytes) {
    uintptr_t released = 0;
    while (released < nbytes) {
        uintptr_t runs[SCAV_CHUNK_PAGES][2];
        rt_lock(&h->lock);
        MSpan *s = h->dirtyfirst;
        if (!s) {
            rt_unlock(&h->lock);
            break;
        }
        removeFree(s);
        s = carveScavWindow(s);
        int nruns = dirtyRuns(s, runs);
        uintptr_t dirty = s->npages - s->nscav;
        rt_unlock(&h->lock);

        for (int k = 0; k < nruns; k++)
            madvise((void *)runs[k][0], runs[k][1] << RT_PAGE_SHIFT,
                    MADV_DONTNEED);

        rt_lock(&h->lock);
        scavRange(s->startAddr, s->npages, 1);
        s->nscav = s->npages;
        rt_statadd(&stats->heapReleased, (int64_t)(dirty << RT_PAGE_SHIFT));
        ast(&s->state, (uint8_t)mSpanFree);
        coalesce(s);
        rt_unlock(&h->lock);
        released += dirty << RT_PAGE_SHIFT;
    }
    return released;
}

static int64_t threadcpu(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The background scavenger, on sysmon's thread. */
static void scavengeTick(int64_t now) {
    static int64_t next;
    if (now < next) return;
    uint64_t sys = ald_relaxed(&stats->heapSys);
    uint64_t rel = ald_relaxed(&stats->heapReleased);
    uint64_t retained = sys - rel;
    int64_t g = ald_relaxed(&rt_scavenger_goal);
    uint64_t goal;
    if (g >= 0) {
        goal = (uint64_t)g;
    } else {
        uint64_t peak = ald_relaxed(&h->peakInuse);
        uint64_t last = ald_relaxed(&h->lastPeakInuse);
        if (last > peak) peak = last;
        goal = peak + peak / 10;
    }
    if (retained <= goal) {
        next = now + 10 * 1000 * 1000;
        return;
    }
    uint64_t want = retained - goal;
    if (want > SCAV_CHUNK_PAGES * RT_PAGE_SIZE) want = SCAV_CHUNK_PAGES * RT_PAGE_SIZE;
    int64_t c0 = threadcpu();
    uintptr_t r = rt_mheap_scavenge((uintptr_t)want);
    int64_t c1 = threadcpu(), t1 = rt_nanotime();
    if (r == 0) {
        next = t1 + 10 * 1000 * 1000; /* nothing resident is free */
        return;
    }
    /* Work 1%, sleep 99%.  The work is this thread's CPU time, not the
     * wall time: on a loaded machine the thread may wait for a CPU in the
     * middle of the madvise, and 99 times that wait once stalled the
     * scavenger for seconds per 512 KiB.  The cap keeps one slow chunk
     * from doing the same. */
    int64_t sleep = (c1 - c0) * 99;
    if (sleep < 100 * 1000) sleep = 100 * 1000;
    if (sleep > 50 * 1000 * 1000) sleep = 50 * 1000 * 1000;
    next = t1 + sleep;
}

/* ---------------------------------------------------------------------- */
/* Initialisation and iteration                                            */
/* ---------------------------------------------------------------------- */

void rt_mallocinit(void) {
    static bool done;
    if (done) return;
    done = true;
    /* Map the first arena now, at startup, rather than in the middle of
     * the program's first allocation (a few mmaps; much more under TSan,
     * which shadows every new mapping). */
    rt_lock(&h->lock);
    if (!h->curArenaEnd && !growLocked(1))
        rt_throw("runtime: out of memory: cannot reserve the heap");
    rt_unlock(&h->lock);
    rt_sysmon_hook(scavengeTick);
}

void rt_forEachSpan(void (*fn)(MSpan *s, void *arg), void *arg) {
    uintptr_t n = ald(&h->nallspans);
    MSpan **a = ald(&h->allspans);
    for (uintptr_t i = 0; i < n; i++) {
        MSpan *s = a[i];
        if (ald(&s->state) == mSpanInUse) fn(s, arg);
    }
}
