/*
 * map_cache.c — a concurrent memo cache two ways: a built-in map behind a
 * gort_mutex, and a gort_syncmap (sync.Map).
 *
 *   goroutine 1 ─┐                     ┌──────────────────────────────┐
 *   goroutine 2 ─┼─ get(k) ──lock──>   │ gort_map  map[int64]int64    │
 *   ...          │                     └──────────────────────────────┘
 *   goroutine 8 ─┘ get(k) ──Load──>    gort_syncmap: lock-free reads of
 *                                      keys already in its read snapshot
 *
 * A Go map is not safe for concurrent use: two writers at once are the
 * fatal error "concurrent map writes", so every access goes through the
 * mutex.  sync.Map needs no lock from the caller and reads without one,
 * which wins when keys are written once and read many times (a cache);
 * the mutex-and-map is simpler and wins when writes are frequent.
 *
 * Both caches live in a GC object (the maps are GC objects and must stay
 * reachable); the goroutines get a pointer to it.
 */
#include <gort.h>

#include <stddef.h>
#include <stdio.h>

enum { WORKERS = 8, LOOKUPS = 100000, KEYS = 512 };

typedef struct cache {
    gort_map *m;       /* map[int64]int64, guarded by mu */
    gort_syncmap sm;   /* key word -> *int64 */
    gort_mutex mu;
    gort_waitgroup wg;
    int64_t computed;  /* atomic: cache fills */
    int64_t sums[WORKERS];
} cache;

static int64_t compute(int64_t k) { /* the "expensive" function */
    int64_t v = k;
    for (int i = 0; i < 200; i++) v = (v * 1103515245 + 12345) % 2147483647;
    return v;
}

static int64_t get_mutex(cache *c, int64_t k) {
    gort_mutex_lock(&c->mu);
    bool ok;
    int64_t v = *(int64_t *)gort_map_access2_fast64(c->m, (uint64_t)k, &ok);
    if (!ok) {
        v = compute(k);
        *(int64_t *)gort_map_assign_fast64(c->m, (uint64_t)k) = v;
        __atomic_add_fetch(&c->computed, 1, __ATOMIC_RELAXED);
    }
    gort_mutex_unlock(&c->mu);
    return v;
}

static int64_t get_sync(cache *c, int64_t k) {
    void *p;
    const void *key = (const void *)(uintptr_t)(k + 1); /* word key */
    if (gort_syncmap_load(&c->sm, key, &p)) return *(int64_t *)p;
    int64_t *box = gort_new(&gort_type_int64);
    *box = compute(k);
    void *actual;
    if (!gort_syncmap_load_or_store(&c->sm, key, box, &actual))
        __atomic_add_fetch(&c->computed, 1, __ATOMIC_RELAXED);
    return *(int64_t *)actual;
}

typedef struct job {
    cache *c;
    int id;
    bool sync;
} job;

static void worker(void *arg) {
    job *j = arg;
    uint32_t s = (uint32_t)j->id * 2654435761u + 1;
    int64_t sum = 0;
    for (int i = 0; i < LOOKUPS; i++) {
        s = s * 1664525u + 1013904223u;
        int64_t k = (s >> 8) % KEYS;
        sum += j->sync ? get_sync(j->c, k) : get_mutex(j->c, k);
    }
    j->c->sums[j->id] = sum;
    gort_waitgroup_done(&j->c->wg);
}

/* Pointer words: m (word 0), sm.read (3), sm.dirty (4). */
#define W(f) (offsetof(cache, f) / 8)
_Static_assert(W(m) == 0 && W(sm.read) == 3 && W(sm.dirty) == 4, "cache_mask");
static const uint8_t cache_mask[1] = {1 << 0 | 1 << 3 | 1 << 4};
static const gort_type cache_type = {.size = sizeof(cache), .align = 8,
                                     .ptrwords = 5, .ptrmask = cache_mask,
                                     .name = "main.cache",
                                     .kind = GORT_KIND_STRUCT};

static void run_one(bool sync) {
    cache *c = gort_new(&cache_type);
    gort_store_ptr((void **)&c->m, gort_map_make(&gort_type_int64, &gort_type_int64, 0));
    job jobs[WORKERS];
    int64_t start = gort_nanotime();
    for (int i = 0; i < WORKERS; i++) {
        jobs[i] = (job){c, i, sync};
        gort_waitgroup_add(&c->wg, 1);
        gort_go(worker, &jobs[i]);
    }
    gort_waitgroup_wait(&c->wg);
    double ns = (double)(gort_nanotime() - start) / (WORKERS * LOOKUPS);
    int64_t total = 0;
    for (int i = 0; i < WORKERS; i++) total += c->sums[i];
    printf("%-22s %d goroutines x %d lookups: %lld fills, checksum %lld, %.0f ns/lookup\n",
           sync ? "gort_syncmap:" : "gort_map + gort_mutex:", WORKERS, LOOKUPS,
           (long long)c->computed, (long long)total, ns);
}

static void run(void *arg) {
    (void)arg;
    run_one(false);
    run_one(true);
}

int main(void) {
    gort_config cfg = {.gomaxprocs = 4};
    return gort_main(&cfg, run, NULL);
}
