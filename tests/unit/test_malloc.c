/*
 * test_malloc.c — the allocator's mechanisms: size classes, span bits,
 * mcentral refill, large objects, arena growth, the tiny allocator,
 * interior-pointer lookup, zeroing, sweeping, the pointer bitmap, the
 * scavenger and out-of-memory.  Concurrency lives in
 * test_malloc_concurrent.c.
 *
 * Runs with GOMAXPROCS=1 so a body stays on one P (and one mcache), and
 * GOGC=off so that only the simulated cycles of testlib.h (gc_cycle) sweep.
 */
#include "testlib.h"

#include <sys/mman.h>

#define KiB ((size_t)1 << 10)
#define MiB ((size_t)1 << 20)

static MCache *mycache(void) { return rt_getp()->mcache; }

static unsigned sweptIdx(void) { return (ald(&rt_mheap.sweepgen) >> 1) & 1; }

/* ---- size classes (no runtime needed) ------------------------------- */

static void test_sizeclass_table(void **state) {
    (void)state;
    for (int c = 2; c < RT_NUM_SIZE_CLASSES; c++)
        assert_true(rt_class_to_size[c] > rt_class_to_size[c - 1]);
    assert_int_equal(rt_class_to_size[RT_NUM_SIZE_CLASSES - 1], RT_MAX_SMALL_SIZE);
    /* Every size maps to the smallest class that holds it. */
    for (uintptr_t size = 1; size <= RT_MAX_SMALL_SIZE; size++) {
        uint32_t c = rt_sizeclass(size);
        assert_true(c >= 1 && c < RT_NUM_SIZE_CLASSES);
        assert_true(rt_class_to_size[c] >= size);
        assert_true(c == 1 || rt_class_to_size[c - 1] < size);
        assert_int_equal(rt_roundupsize(size), rt_class_to_size[c]);
    }
    assert_int_equal(rt_roundupsize(0), 0);
    assert_int_equal(rt_roundupsize(1), 8);
    assert_int_equal(rt_roundupsize(17), 24);
    assert_int_equal(rt_roundupsize(1025), 1152);
    assert_int_equal(rt_roundupsize(RT_MAX_SMALL_SIZE + 1), 40960);
    assert_int_equal(rt_roundupsize(1 << 20), 1 << 20);
    for (int c = 1; c < RT_NUM_SIZE_CLASSES; c++) {
        uintptr_t size = rt_class_to_size[c];
        uintptr_t span = rt_class_to_allocnpages[c] * RT_PAGE_SIZE;
        uintptr_t n = span / size;
        assert_true(n >= 1 && n <= 1024);
        /* Tail waste at most 1/8 of the span (Go's criterion). */
        assert_true((span - n * size) * 8 <= span);
        /* A power-of-two type up to 8 KiB that fits the class is aligned. */
        for (uintptr_t a = 8; a <= 8192; a *= 2)
            if (size % a == 0)
                for (uintptr_t i = 0; i < n; i++) assert_true((i * size) % a == 0);
        /* divmagic gives the object index of every offset in the span. */
        for (uintptr_t off = 0; off < n * size; off++)
            assert_int_equal((uintptr_t)(((uint64_t)off * rt_class_to_divmagic[c]) >> 32),
                             off / size);
    }
}

/* ---- small objects ------------------------------------------------- */

static void body_small_span_bits(void *arg) {
    (void)arg;
    enum { N = 100 };
    char *p[N];
    MSpan *prev = NULL;
    uintptr_t previdx = 0;
    for (int i = 0; i < N; i++) {
        p[i] = gort_alloc(40, NULL); /* class 48, noscan */
        uintptr_t idx;
        MSpan *s = obj_span(p[i], &idx);
        CHECK(s != NULL);
        CHECK_EQ(rt_span_elemsize(s), 48);
        CHECK(rt_span_noscan(s));
        CHECK_EQ(s->spanclass, rt_makeSpanClass(5, true));
        CHECK_EQ((uintptr_t)p[i], s->startAddr + idx * 48);
        for (int k = 0; k < 48; k++) CHECK_EQ(p[i][k], 0);
        memset(p[i], i + 1, 40);
        if (s == prev) CHECK(idx > previdx);
        prev = s;
        previdx = idx;
    }
    for (int i = 0; i < N; i++)
        for (int k = 0; k < 40; k++) CHECK_EQ((unsigned char)p[i][k], i + 1);
    /* Accounting equation of the cached span. */
    MSpan *s = mycache()->alloc[rt_makeSpanClass(5, true)];
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->nelems; i++)
        if (i < s->freeindex || (s->allocBits[i / 64] >> (i % 64) & 1)) n++;
    CHECK_EQ(n, s->allocCount);
    CHECK_EQ(ald(&s->sweepgen), ald(&rt_mheap.sweepgen) + 3); /* cached */
}

static void body_next_free_index(void *arg) {
    (void)arg;
    /* A 1-page span of 8-byte objects: 1024 slots, 16 bit words. */
    MSpan *s = rt_mheap_alloc(1, rt_makeSpanClass(1, true));
    CHECK(s != NULL);
    CHECK_EQ(s->nelems, 1024);
    CHECK_EQ(s->npages, 1);
    /* Allocated: every third slot, all of word 1 (64..127), slot 1022. */
    bool used[1024] = {0};
    for (int i = 0; i < 1024; i += 3) used[i] = true;
    for (int i = 64; i < 128; i++) used[i] = true;
    used[1022] = true;
    for (int i = 0; i < 1024; i++)
        if (used[i]) s->allocBits[i / 64] |= (uint64_t)1 << (i % 64);
    rt_span_refillAllocCache(s, 0);
    int want = 0;
    for (;;) {
        while (want < 1024 && used[want]) want++;
        uint32_t got = rt_span_nextFreeIndex(s);
        if (want == 1024) {
            CHECK_EQ(got, 1024);
            break;
        }
        CHECK_EQ(got, want);
        CHECK_EQ(s->freeindex, want + 1);
        want++;
    }
    CHECK(rt_spanOf(s->startAddr + 100) == s);
    uint64_t inuse = stat_ld(&rt_memstats_heap.heapInuse);
    rt_mheap_freeSpan(s);
    CHECK_EQ(stat_ld(&rt_memstats_heap.heapInuse), inuse - RT_PAGE_SIZE);
    CHECK(rt_spanOf(s->startAddr + 100) == NULL);
}

static void body_mcentral_refill(void *arg) {
    (void)arg;
    /* Class 1024: 8 objects per one-page span. */
    uint8_t spc = rt_makeSpanClass(rt_sizeclass(1024), true);
    MCentral *c = &rt_mheap.central[spc];
    MSpan *spans[8] = {0};
    int nspans = 0;
    uint64_t live0 = stat_ld(&rt_memstats_heap.heapLive);
    for (int i = 0; i < 30; i++) {
        void *p = gort_alloc(1000, NULL);
        MSpan *s = obj_span(p, NULL);
        CHECK(s != NULL);
        if (nspans == 0 || spans[nspans - 1] != s) {
            CHECK(nspans < 8);
            spans[nspans++] = s;
        }
        CHECK(mycache()->alloc[spc] == s);
    }
    CHECK(nspans >= 3);
    /* The spans the mcache gave back are full and on the swept full list;
     * the current one is cached (on no list). */
    for (int i = 0; i < nspans - 1; i++) {
        CHECK_EQ(spans[i]->allocCount, spans[i]->nelems);
        CHECK(spans[i]->list == &c->full[sweptIdx()]);
        CHECK_EQ(ald(&spans[i]->sweepgen), ald(&rt_mheap.sweepgen));
    }
    CHECK(spans[nspans - 1]->list == NULL);
    /* heapLive is charged a span's free space when it is cached. */
    CHECK(stat_ld(&rt_memstats_heap.heapLive) >= live0 + 2 * 8 * 1024);
}

/* ---- large objects and arenas --------------------------------------- */

static void body_large_objects(void *arg) {
    (void)arg;
    uint64_t mallocs = stat_ld(&rt_memstats_heap.mallocs);
    char *p = gort_alloc(100000, NULL);
    MSpan *s = obj_span(p, NULL);
    CHECK(s != NULL);
    CHECK_EQ(s->spanclass, rt_makeSpanClass(0, true));
    CHECK_EQ(s->npages, 13);
    CHECK_EQ(rt_span_elemsize(s), 13 * RT_PAGE_SIZE);
    CHECK_EQ((uintptr_t)p, s->startAddr);
    CHECK_EQ((uintptr_t)p % RT_PAGE_SIZE, 0);
    CHECK_EQ(stat_ld(&rt_memstats_heap.mallocs), mallocs + 1);
    for (size_t i = 0; i < 100000; i += 4096) CHECK_EQ(p[i], 0);
    uintptr_t base;
    CHECK(rt_findObject((uintptr_t)p + 99999, &base, NULL, NULL));
    CHECK_EQ(base, (uintptr_t)p);
    CHECK(s->list == &rt_mheap.central[s->spanclass].full[sweptIdx()]);
    /* A pointerful large object: every word is a pointer slot. */
    void **q = gort_alloc(64 * KiB, &gort_type_pointer);
    MSpan *qs = obj_span(q, NULL);
    CHECK(qs != NULL && !rt_span_noscan(qs));
    CHECK_EQ(qs->spanclass, rt_makeSpanClass(0, false));
    for (size_t i = 0; i < 64 * KiB / 8; i++)
        CHECK(rt_heapBitsIsPointer(qs, (uintptr_t)&q[i]));
}

static void body_arena_growth(void *arg) {
    (void)arg;
    uint64_t sys0 = stat_ld(&rt_memstats_heap.heapSys);
    size_t big = 80 * MiB;
    char *p = gort_alloc(big, NULL);
    CHECK(stat_ld(&rt_memstats_heap.heapSys) >= sys0 + big);
    MSpan *s = obj_span(p, NULL);
    CHECK(s != NULL);
    CHECK(rt_spanOf((uintptr_t)p + big - 1) == s);
    CHECK(rt_spanOf((uintptr_t)p + 70 * MiB) == s);
    CHECK(rt_arenaOf((uintptr_t)p) != rt_arenaOf((uintptr_t)p + big - 1));
    p[0] = 1;
    p[big - 1] = 2;
    /* Small objects past one arena's worth. */
    HeapArena *first = NULL;
    int arenas = 0;
    for (size_t total = 0; total < 68 * MiB; total += 32 * KiB) {
        char *q = gort_alloc(32 * KiB, NULL);
        HeapArena *ha = rt_arenaOf((uintptr_t)q);
        CHECK(ha != NULL);
        CHECK_EQ(ha->base, (uintptr_t)q & ~(RT_ARENA_SIZE - 1));
        if (ha != first) {
            first = ha;
            arenas++;
        }
        q[0] = 1;
    }
    CHECK(arenas >= 2);
    CHECK_EQ(stat_ld(&rt_memstats_heap.heapSys),
             stat_ld(&rt_memstats_heap.heapInuse) +
                 stat_ld(&rt_memstats_heap.heapIdle));
}

/* ---- tiny allocator ------------------------------------------------- */

static void body_tiny_packing(void *arg) {
    (void)arg;
    MCache *c = mycache();
    c->tiny = 0; /* start a fresh block */
    uint64_t tiny0 = c->tinyAllocs;
    char *a = gort_alloc(1, NULL);
    char *b = gort_alloc(1, NULL);
    char *d = gort_alloc(2, NULL);
    char *e = gort_alloc(4, NULL);
    char *f = gort_alloc(8, NULL);
    CHECK_EQ((uintptr_t)a % 16, 0);
    CHECK_EQ(b - a, 1);
    CHECK_EQ(d - a, 2);
    CHECK_EQ(e - a, 4);
    CHECK_EQ(f - a, 8);
    CHECK_EQ(c->tinyAllocs, tiny0 + 4);
    for (int i = 0; i < 16; i++) CHECK_EQ(a[i], 0);
    uintptr_t base;
    MSpan *s;
    CHECK(rt_findObject((uintptr_t)f + 7, &base, &s, NULL));
    CHECK_EQ(base, (uintptr_t)a);
    CHECK_EQ(rt_span_elemsize(s), 16);
    CHECK(rt_span_noscan(s));
    /* Full block: the next one starts a new block. */
    char *g = gort_alloc(3, NULL);
    CHECK(g < a || g >= a + 16);
    CHECK_EQ((uintptr_t)g % 16, 0);
    char *h = gort_alloc(2, NULL); /* 2-aligned after 3 bytes */
    CHECK_EQ(h - g, 4);
    /* Tiny is only for pointer-free data. */
    void **pp = gort_new(&gort_type_pointer);
    MSpan *ps = obj_span(pp, NULL);
    CHECK(!rt_span_noscan(ps));
    CHECK_EQ(rt_span_elemsize(ps), 8);
    CHECK(rt_heapBitsIsPointer(ps, (uintptr_t)pp));
    /* Zero size: one shared address outside the heap. */
    CHECK(gort_alloc(0, NULL) == gort_alloc(0, NULL));
    CHECK(rt_spanOf((uintptr_t)gort_alloc(0, NULL)) == NULL);
}

/* ---- lookups -------------------------------------------------------- */

static void body_find_object(void *arg) {
    (void)arg;
    char *p = gort_alloc(200, NULL); /* class 208 */
    uintptr_t base, idx;
    MSpan *s;
    for (int off = 0; off < 208; off += 13) {
        CHECK(rt_findObject((uintptr_t)p + off, &base, &s, &idx));
        CHECK_EQ(base, (uintptr_t)p);
    }
    CHECK(rt_findObject((uintptr_t)p + 208 - 1, &base, NULL, NULL));
    CHECK_EQ(base, (uintptr_t)p);
    /* The slot after the last allocated one is free. */
    MSpan *cs = mycache()->alloc[s->spanclass];
    CHECK(cs == s);
    uint32_t fi = s->freeindex;
    if (fi < s->nelems && !(s->allocBits[fi / 64] >> (fi % 64) & 1)) {
        uintptr_t freeslot = s->startAddr + fi * 208;
        CHECK(!rt_findObject(freeslot, NULL, NULL, NULL));
        CHECK(!rt_findObject(freeslot + 100, NULL, NULL, NULL));
        CHECK(rt_spanOf(freeslot) == s); /* in the span, not an object */
    }
    /* The span tail: class 208 leaves 8192 - 39 * 208 = 80 bytes. */
    CHECK_EQ(s->nelems, 39);
    CHECK(!rt_findObject(s->startAddr + 39 * 208 + 10, NULL, NULL, NULL));
    /* Not heap memory. */
    int local;
    void *m = malloc(64);
    CHECK(!rt_findObject((uintptr_t)&local, NULL, NULL, NULL));
    CHECK(!rt_findObject((uintptr_t)m, NULL, NULL, NULL));
    CHECK(!rt_findObject(0, NULL, NULL, NULL));
    CHECK(!rt_findObject(UINTPTR_MAX - 5, NULL, NULL, NULL));
    CHECK(rt_spanOf((uintptr_t)&local) == NULL);
    free(m);
}

/* ---- pointer bitmap -------------------------------------------------- */

typedef struct node3 {
    void *a;
    int64_t b;
    void *c;
} node3;
static const uint8_t node3_mask[] = {0x5};
static const gort_type node3_type = {.size = sizeof(node3), .align = 8,
                                     .ptrwords = 3, .ptrmask = node3_mask,
                                     .name = "node3", .kind = GORT_KIND_STRUCT};
typedef struct rec8 {
    void *p;
    int64_t x[7];
} rec8;
static const uint8_t rec8_mask[] = {0x1};
static const gort_type rec8_type = {.size = sizeof(rec8), .align = 8,
                                    .ptrwords = 1, .ptrmask = rec8_mask,
                                    .name = "rec8", .kind = GORT_KIND_STRUCT};

static void check_bits(void *p, uintptr_t words, bool (*want)(uintptr_t)) {
    MSpan *s = obj_span(p, NULL);
    CHECK(s != NULL);
    for (uintptr_t i = 0; i < words; i++)
        if (rt_heapBitsIsPointer(s, (uintptr_t)p + i * 8) != want(i))
            FAILF("word %lu of %p: bit %d", (unsigned long)i,
                  p, !want(i));
}
static bool w_node3(uintptr_t i) { return i < 15 && (i % 3) != 1; }
static bool w_node3one(uintptr_t i) { return i == 0 || i == 2; }
static bool w_rec8(uintptr_t i) { return i % 8 == 0; }
static bool w_first(uintptr_t i) { return i == 0; }

static void body_heap_bits(void *arg) {
    (void)arg;
    node3 *n = gort_new(&node3_type); /* class 24 */
    CHECK_EQ(rt_span_elemsize(obj_span(n, NULL)), 24);
    check_bits(n, 3, w_node3one);
    node3 *arr = gort_alloc(5 * sizeof(node3), &node3_type); /* class 128 */
    CHECK_EQ(rt_span_elemsize(obj_span(arr, NULL)), 128);
    check_bits(arr, 16, w_node3); /* words 15: tail, no pointer */
    rec8 *r = gort_alloc(20 * sizeof(rec8), &rec8_type); /* class 1280 */
    check_bits(r, 160, w_rec8);
    rec8 *big = gort_alloc(5000 * sizeof(rec8), &rec8_type); /* large */
    check_bits(big, 5000 * 8, w_rec8);
    /* A large single object with one pointer word. */
    static const gort_type bigone = {.size = 100008, .align = 8, .ptrwords = 1,
                                     .ptrmask = rec8_mask, .name = "bigone",
                                     .kind = GORT_KIND_STRUCT};
    void *b1 = gort_new(&bigone);
    check_bits(b1, 13 * RT_PAGE_SIZE / 8, w_first);
    /* Noscan objects never report pointers. */
    void *ns = gort_alloc(64, NULL);
    CHECK(!rt_heapBitsIsPointer(obj_span(ns, NULL), (uintptr_t)ns));
}

/* ---- sweeping and zeroing ------------------------------------------- */

static void body_sweep_and_zero(void *arg) {
    (void)arg;
    enum { N = 48 };
    char *p[N];
    void *keep[N + 2];
    size_t nkeep = 0;
    for (int i = 0; i < N; i++) {
        p[i] = gort_alloc(500, NULL); /* class 512 */
        memset(p[i], 0xff, 512);
        if (i % 2 == 0) keep[nkeep++] = p[i];
    }
    char *lgone = gort_alloc(256 * KiB, NULL);
    char *lkeep = gort_alloc(256 * KiB, NULL);
    memset(lgone, 0xff, 256 * KiB);
    memset(lkeep, 0xee, 256 * KiB);
    keep[nkeep++] = lkeep;
    uint64_t frees0 = stat_ld(&rt_memstats_heap.frees);
    uint64_t inuse0 = stat_ld(&rt_memstats_heap.heapInuse);
    uint32_t sg0 = ald(&rt_mheap.sweepgen);

    gc_cycle(keep, nkeep, true);

    CHECK_EQ(ald(&rt_mheap.sweepgen), sg0 + 2);
    CHECK_EQ(ald(&rt_mheap.sweepdone), 1);
    for (int i = 0; i < N; i++) {
        bool found = rt_findObject((uintptr_t)p[i], NULL, NULL, NULL);
        CHECK_EQ(found, i % 2 == 0);
        if (found)
            for (int k = 0; k < 512; k++) CHECK_EQ((unsigned char)p[i][k], 0xff);
    }
    CHECK(!rt_findObject((uintptr_t)lgone, NULL, NULL, NULL));
    CHECK(rt_findObject((uintptr_t)lkeep + 1000, NULL, NULL, NULL));
    CHECK_EQ((unsigned char)lkeep[256 * KiB - 1], 0xee);
    CHECK(stat_ld(&rt_memstats_heap.frees) >= frees0 + N / 2 + 1);
    CHECK(stat_ld(&rt_memstats_heap.heapInuse) <= inuse0 - 256 * KiB);
    /* Every span is swept, none is cached. */
    CHECK(mycache()->alloc[rt_makeSpanClass(rt_sizeclass(500), true)] ==
          &rt_emptymspan);

    /* Freed memory comes back zeroed. */
    for (int i = 0; i < N; i++) {
        char *q = gort_alloc(500, NULL);
        for (int k = 0; k < 512; k++) CHECK_EQ(q[k], 0);
    }
    char *l2 = gort_alloc(256 * KiB, NULL);
    for (size_t k = 0; k < 256 * KiB; k += 512) CHECK_EQ(l2[k], 0);
    CHECK_EQ(l2[256 * KiB - 1], 0);
}

/* During a cycle new objects are born marked (black) and survive it. */
static void body_allocate_black(void *arg) {
    (void)arg;
    rt_sweepFinish();
    MCache *c = mycache();
    c->tiny = 0;
    ast(&rt_gcphase, (uint32_t)GCmark);
    char *small = gort_alloc(100, NULL);
    char *tiny1 = gort_alloc(4, NULL);
    char *large = gort_alloc(50000, NULL);
    uintptr_t tinyidx = 0;
    MSpan *tinys = obj_span(tiny1, &tinyidx);
    /* A new block is marked when it is taken; clear it to see the next
     * tiny allocation (from the same block) blacken it again. */
    tinys->gcmarkBits[tinyidx / 64] &= ~((uint64_t)1 << (tinyidx % 64));
    char *tiny2 = gort_alloc(4, NULL);
    ast(&rt_gcphase, (uint32_t)GCoff);
    char *white = gort_alloc(100, NULL);
    CHECK(tiny2 - tiny1 == 4);
    uintptr_t idx = 0;
    MSpan *s = obj_span(small, &idx);
    CHECK(rt_span_isMarked(s, idx));
    CHECK(rt_span_isMarked(tinys, tinyidx));
    s = obj_span(large, &idx);
    CHECK(rt_span_isMarked(s, idx));
    s = obj_span(white, &idx);
    CHECK(!rt_span_isMarked(s, idx));

    gc_cycle(NULL, 0, true); /* nothing marked by "the collector" */
    CHECK(rt_findObject((uintptr_t)small, NULL, NULL, NULL));
    CHECK(rt_findObject((uintptr_t)tiny2, NULL, NULL, NULL));
    CHECK(rt_findObject((uintptr_t)large, NULL, NULL, NULL));
    CHECK(!rt_findObject((uintptr_t)white, NULL, NULL, NULL));
    gc_cycle(NULL, 0, true); /* the next cycle frees them */
    CHECK(!rt_findObject((uintptr_t)small, NULL, NULL, NULL));
    CHECK(!rt_findObject((uintptr_t)large, NULL, NULL, NULL));
}

#if GORT_SANITIZE_ADDRESS || GORT_DEBUG >= 2
static char *volatile freed_obj;

/* Frees an object by a cycle that does not mark it, then reads it. */
static void child_use_after_free(void *arg) {
    (void)arg;
    char *keep = gort_alloc(96, NULL);
    freed_obj = gort_alloc(96, NULL);
    memset(freed_obj, 7, 96);
    void *k[1] = {keep};
    gc_cycle(k, 1, true);
    printf("read %d\n", freed_obj[10]);
    fflush(stdout);
}

static void body_freed_objects_poisoned(void *arg) {
    (void)arg;
    static tl_child_result r;
    tl_child("use_after_free", NULL, NULL, &r);
#if GORT_SANITIZE_ADDRESS
    if (!strstr(r.out, "use-after-poison"))
        FAILF("status %d, output: %.2000s", r.status, r.out);
    CHECK(r.status != 0);
#else
    CHECK_EQ(r.status, 0);
    CHECK(strstr(r.out, "read -37") != NULL); /* 0xdb */
#endif
}
#endif

static bool sweepdone(void) { return ald(&rt_mheap.sweepdone) != 0; }

static void body_background_sweeper(void *arg) {
    (void)arg;
    for (int i = 0; i < 2000; i++) gort_alloc(96, NULL);
    void *keep[1] = {gort_alloc(96, NULL)};
    gc_cycle(keep, 1, false); /* no rt_sweepFinish */
    int64_t end = gort_nanotime() + 5 * GORT_SECOND;
    while (!sweepdone() && gort_nanotime() < end) gort_sleep(GORT_MILLISECOND);
    CHECK(sweepdone()); /* the sweeper goroutine did it */
    CHECK(rt_findObject((uintptr_t)keep[0], NULL, NULL, NULL));
}

typedef struct spanwalk {
    uintptr_t n, bytes;
    bool bad;
} spanwalk;

static void walk(MSpan *s, void *arg) {
    spanwalk *w = arg;
    w->n++;
    w->bytes += s->npages * RT_PAGE_SIZE;
    if (rt_spanOf(s->startAddr) != s) w->bad = true;
}

static void body_for_each_span(void *arg) {
    (void)arg;
    gort_alloc(3000, NULL);
    rt_sweepFinish();
    spanwalk w = {0};
    rt_stopTheWorld("test walk");
    rt_forEachSpan(walk, &w);
    uint64_t inuse = stat_ld(&rt_memstats_heap.heapInuse);
    rt_startTheWorld();
    CHECK(w.n > 0);
    CHECK(!w.bad);
    CHECK_EQ(w.bytes, inuse);
}

/* ---- scavenger ------------------------------------------------------- */

static bool resident(void *p, size_t n) {
    long pg = sysconf(_SC_PAGESIZE);
    size_t np = (n + (size_t)pg - 1) / (size_t)pg;
    unsigned char vec[1024];
    if (np > sizeof vec || mincore(p, n, vec) != 0) return true;
    for (size_t i = 0; i < np; i++)
        if (vec[i] & 1) return true;
    return false;
}

static void body_scavenger(void *arg) {
    (void)arg;
    /* The heap's free path directly: a 2 MiB span, touched, freed. */
    MSpan *s = rt_mheap_alloc(256, rt_makeSpanClass(0, true));
    CHECK(s != NULL);
    char *p = (char *)s->startAddr;
    memset(p, 0x5a, 2 * MiB);
    CHECK(resident(p, 2 * MiB));
    uint64_t rel0 = stat_ld(&rt_memstats_heap.heapReleased);
    rt_mheap_freeSpan(s);
    uintptr_t r = rt_mheap_scavenge(UINTPTR_MAX);
    CHECK(r >= 2 * MiB);
    CHECK(stat_ld(&rt_memstats_heap.heapReleased) >= rel0 + 2 * MiB);
    CHECK(stat_ld(&rt_memstats_heap.heapReleased) <=
          stat_ld(&rt_memstats_heap.heapIdle));
    CHECK(!resident(p, 2 * MiB));
    /* Released pages come back zeroed without a memset. */
    MSpan *t = rt_mheap_alloc(256, rt_makeSpanClass(0, true));
    CHECK(!t->needzero);
    for (size_t k = 0; k < 256 * RT_PAGE_SIZE; k += 4096)
        CHECK_EQ(((char *)t->startAddr)[k], 0);
    memset((void *)t->startAddr, 1, 2 * MiB);
    rt_mheap_freeSpan(t);

    /* The background scavenger (sysmon) releases it when retained memory
     * is above its goal; force the goal to 0.  Judged by t's own pages, not
     * by the heapReleased total: any allocation meanwhile that takes
     * released pages (a background goroutine's, sysmon's) lowers the total
     * again, which made a check on it fail under load. */
    ast(&rt_scavenger_goal, (int64_t)0);
    int64_t end = gort_nanotime() + 10 * GORT_SECOND;
    bool released = false, reused = false;
    while (gort_nanotime() < end) {
        reused = rt_spanOf(t->startAddr) != NULL;
        released = !reused && !resident((void *)t->startAddr, 2 * MiB);
        if (released || reused) break;
        gort_sleep(GORT_MILLISECOND);
    }
    ast(&rt_scavenger_goal, (int64_t)-1);
    CHECK(released || reused);
}

/* ---- foreign threads and out of memory ------------------------------ */

static void *foreign(void *arg) {
    char **out = arg;
    for (int i = 0; i < 1000; i++) {
        out[i] = gort_alloc(24 + (size_t)(i % 5) * 100, NULL);
        out[i][0] = (char)i;
    }
    return NULL;
}

static void body_foreign_thread(void *arg) {
    (void)arg;
    static char *out[1000];
    pthread_t t;
    gort_syscall_enter();
    pthread_create(&t, NULL, foreign, out);
    pthread_join(t, NULL);
    gort_syscall_exit();
    for (int i = 0; i < 1000; i++) {
        uintptr_t base;
        CHECK(rt_findObject((uintptr_t)out[i], &base, NULL, NULL));
        CHECK_EQ(base, (uintptr_t)out[i]);
        CHECK_EQ(out[i][0], (char)i);
    }
}

static void child_oom(void *arg) {
    (void)arg;
    gort_alloc((size_t)1 << 50, NULL);
    printf("allocation returned\n");
}

static void body_out_of_memory(void *arg) {
    (void)arg;
    static tl_child_result r;
    tl_child("oom", NULL, NULL, &r);
    CHECK_EQ(r.status, 2);
    if (!strstr(r.out, "fatal error: runtime: out of memory: cannot allocate "
                       "1125899906842624-byte block ("))
        FAILF("output: %s", r.out);
    CHECK(strstr(r.out, "goroutine 1 [running]:") != NULL);
    CHECK(strstr(r.out, "allocation returned") == NULL);
}

static const tl_scenario children[] = {
    {"oom", .main = child_oom},
#if GORT_SANITIZE_ADDRESS || GORT_DEBUG >= 2
    {"use_after_free", .main = child_use_after_free},
#endif
};

int main(int argc, char **argv) {
    setenv("GOGC", "off", 1);
    setenv("GOMAXPROCS", "1", 1);
    tl_child_main(argc, argv, children, RT_ARRAY_LEN(children));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizeclass_table),
        GO_TEST(body_small_span_bits),
        GO_TEST(body_next_free_index),
        GO_TEST(body_mcentral_refill),
        GO_TEST(body_large_objects),
        GO_TEST(body_arena_growth),
        GO_TEST(body_tiny_packing),
        GO_TEST(body_find_object),
        GO_TEST(body_heap_bits),
        GO_TEST(body_sweep_and_zero),
        GO_TEST(body_allocate_black),
#if GORT_SANITIZE_ADDRESS || GORT_DEBUG >= 2
        GO_TEST(body_freed_objects_poisoned),
#endif
        GO_TEST(body_background_sweeper),
        GO_TEST(body_for_each_span),
        GO_TEST(body_scavenger),
        GO_TEST(body_foreign_thread),
        GO_TEST(body_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
