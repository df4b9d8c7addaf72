/*
 * test_malloc_concurrent.c — many goroutines (and a foreign thread)
 * allocating at once, while simulated GC cycles sweep behind them.
 * GORT_TEST_CONCURRENCY: runs under ThreadSanitizer in scripts/test.
 *
 * Each worker allocates objects of mixed sizes (tiny, small, large; scan
 * and noscan), stamps each with its own (worker, index) pattern and keeps
 * a share of them in its table; the rest is garbage.  Meanwhile the main
 * body runs GC cycles: it stops the world, marks every kept object, and
 * starts a sweep, so the background sweeper, allocation-time sweeping and
 * heap reclaim all run concurrently with allocation.  At the end every
 * kept object must still hold its stamp, be found by rt_findObject, and
 * overlap no other kept object.
 */
#include "testlib.h"

enum { WORKERS = 6, PER = 6000, KEEP_EVERY = 3 };
#define KEPT (PER / KEEP_EVERY + 1)

typedef struct worker {
    int id;
    size_t nkept;               /* written by the worker; read under STW */
    void *kept[KEPT];
    size_t size[KEPT];
    uint32_t done;              /* atomic */
} worker;

static worker workers[WORKERS + 1]; /* + the foreign thread */

/* The foreign thread is not stopped by a stop-the-world: it allocates and
 * records each object under flock, which a cycle holds from marking to
 * rt_sweepStart (an object allocated in between would be swept). */
static pthread_mutex_t flock = PTHREAD_MUTEX_INITIALIZER;

static size_t pick_size(uint32_t *seed) {
    *seed = *seed * 1103515245u + 12345u;
    uint32_t r = (*seed >> 8) % 1000;
    if (r < 300) return 1 + r % 15;                 /* tiny */
    if (r < 950) return 16 + (r * 37) % 2000;        /* small */
    if (r < 995) return 2048 + (r * 97) % 30000;     /* up to 32 KiB */
    return 40000 + (r % 5) * 20000;                  /* large */
}

static void stamp(void *p, size_t n, int id, size_t i) {
    unsigned char v = (unsigned char)(id * 31 + i);
    memset(p, v, n);
}

static bool stamped(void *p, size_t n, int id, size_t i) {
    unsigned char v = (unsigned char)(id * 31 + i);
    for (size_t k = 0; k < n; k++)
        if (((unsigned char *)p)[k] != v) return false;
    return true;
}

static void work(worker *w, bool foreign) {
    uint32_t seed = (uint32_t)w->id * 7919u + 1;
    for (size_t i = 0; i < PER; i++) {
        size_t n = pick_size(&seed);
        /* A third of the objects have pointer slots. */
        const gort_type *t = (i % 3 == 0 && n >= 8) ? &gort_type_pointer : NULL;
        if (foreign) pthread_mutex_lock(&flock);
        void *p = gort_alloc(n, t);
        if (t) n &= ~(size_t)7; /* stay off the pointer words' tail */
        stamp(p, n, w->id, i);
        if (i % KEEP_EVERY == 0) {
            w->kept[w->nkept] = p;
            w->size[w->nkept] = n;
            w->nkept++;
        }
        if (foreign) pthread_mutex_unlock(&flock);
        else if (i % 64 == 0) gort_gosched();
    }
    ast(&w->done, 1u);
}

static void worker_main(void *arg) { work(arg, false); }
static void *foreign_main(void *arg) {
    work(arg, true);
    return NULL;
}

/* Marks everything kept so far; world stopped. */
static void mark_kept(void) {
    for (int k = 0; k <= WORKERS; k++)
        for (size_t i = 0; i < workers[k].nkept; i++) mark_obj(workers[k].kept[i]);
}

static bool all_done(void) {
    for (int k = 0; k <= WORKERS; k++)
        if (!ald(&workers[k].done)) return false;
    return true;
}

static int cmp_ptr(const void *a, const void *b) {
    uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
    return x < y ? -1 : x > y;
}

static void body_concurrent_alloc_and_sweep(void *arg) {
    (void)arg;
    memset(workers, 0, sizeof workers);
    for (int k = 0; k <= WORKERS; k++) workers[k].id = k + 1;
    for (int k = 0; k < WORKERS; k++) gort_go(worker_main, &workers[k]);
    pthread_t ft;
    pthread_create(&ft, NULL, foreign_main, &workers[WORKERS]);

    int cycles = 0;
    while (!all_done()) {
        gort_sleep(2 * GORT_MILLISECOND);
        rt_stopTheWorld("test gc");
        rt_sweepFinish(); /* sweep termination */
        pthread_mutex_lock(&flock);
        mark_kept();
        rt_sweepStart();
        pthread_mutex_unlock(&flock);
        rt_startTheWorld();
        cycles++;
    }
    gort_syscall_enter();
    pthread_join(ft, NULL);
    gort_syscall_exit();
    rt_sweepFinish();
    CHECK(cycles >= 1);

    static uintptr_t all[(WORKERS + 1) * KEPT][2];
    size_t n = 0;
    for (int k = 0; k <= WORKERS; k++) {
        worker *w = &workers[k];
        for (size_t i = 0; i < w->nkept; i++) {
            void *p = w->kept[i];
            uintptr_t base;
            CHECK(rt_findObject((uintptr_t)p, &base, NULL, NULL));
            CHECK_EQ(base <= (uintptr_t)p, 1);
            if (!stamped(p, w->size[i], w->id, i * KEEP_EVERY))
                FAILF("worker %d object %zu corrupted",
                      w->id, i);
            all[n][0] = (uintptr_t)p;
            all[n][1] = w->size[i];
            n++;
        }
    }
    qsort(all, n, sizeof all[0], cmp_ptr);
    for (size_t i = 1; i < n; i++)
        if (all[i - 1][1] && all[i - 1][0] + all[i - 1][1] > all[i][0])
            FAILF("objects %#lx+%lu and %#lx overlap",
                  (unsigned long)all[i - 1][0], (unsigned long)all[i - 1][1],
                  (unsigned long)all[i][0]);
    CHECK_EQ(rt_memstats_heap.heapSys,
             rt_memstats_heap.heapInuse + rt_memstats_heap.heapIdle);
}

int main(void) {
    setenv("GOGC", "off", 1);
    const struct CMUnitTest tests[] = {
        GO_TEST(body_concurrent_alloc_and_sweep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
