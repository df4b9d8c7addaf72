/*
 * gc_cache.c — a long-running cache whose heap stays bounded.
 *
 * WORKERS goroutines share a fixed-capacity cache of SLOTS entries (a hash
 * table split into SHARDS shards, each behind a gort_mutex).  Each worker
 * looks up random keys from a key space four times the capacity: a hit
 * checks the cached value, a miss builds a new entry (a GC object plus a
 * 1 KiB value buffer) and stores it into the key's slot, evicting whatever
 * was there.  Evicted entries are simply dropped: the collector reclaims
 * them.  The program allocates far more than it keeps, so without a
 * collector the heap would grow without limit; with one it stays near twice
 * the live set (GOGC=100).
 *
 * The main goroutine prints HeapAlloc and NumGC from gort_read_memstats
 * every 250 ms, stops the workers after the run time (default 2 s, or the
 * first argument in seconds) or when they have done MAX_OPS operations, and
 * checks that the heap stayed bounded: the largest HeapAlloc it saw is
 * under BOUND_FACTOR times the cache's live size plus some slack.
 *
 *     gc_cache [seconds]
 *
 * GC pointers live only where the collector sees them: the table is a GC
 * object (an array of pointers typed gort_type_pointer) referenced from a
 * registered root; entries hold their value through a pointer word marked
 * in their type.  Every pointer store into a GC object uses gort_store_ptr.
 */
#include <gort.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    WORKERS = 8,
    SHARDS = 16,
    SLOTS = 4096,        /* entries the cache holds */
    KEYSPACE = 4 * SLOTS,
    VALUE_BYTES = 1024,
    BOUND_FACTOR = 4,
};
#define MAX_OPS 20000000L

typedef struct entry {
    uint64_t key;
    char *value; /* VALUE_BYTES, pointer-free GC object */
    uint64_t hits;
} entry;

static const uint8_t entry_ptrs[] = {0x2}; /* word 1: value */
static const gort_type entry_type = {
    .size = sizeof(entry), .align = 8, .ptrwords = 2, .ptrmask = entry_ptrs,
    .name = "*main.entry", .kind = GORT_KIND_STRUCT};

typedef struct shard {
    gort_mutex mu;
    uint64_t hits, misses; /* guarded by mu */
} shard;

static entry **table; /* SLOTS pointers, a GC object; registered root */
static shard shards[SHARDS];
static int stop;      /* atomic */
static long ops_done; /* atomic */
static gort_waitgroup wg;

static char fill_byte(uint64_t key) { return (char)(key * 131 + 7); }

static entry *make_entry(uint64_t key) {
    entry *e = gort_new(&entry_type);
    e->key = key;
    char *v = gort_alloc(VALUE_BYTES, NULL);
    memset(v, fill_byte(key), VALUE_BYTES);
    gort_store_ptr((void **)&e->value, v);
    return e;
}

static void worker(void *arg) {
    uint64_t rng = (uint64_t)(uintptr_t)arg * 0x9E3779B97F4A7C15ull + 1;
    long n = 0;
    while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17; /* xorshift */
        uint64_t key = rng % KEYSPACE;
        size_t slot = (size_t)(key * 0x9E3779B97F4A7C15ull >> 52) % SLOTS;
        shard *sh = &shards[slot % SHARDS];
        gort_mutex_lock(&sh->mu);
        entry *e = table[slot];
        if (e && e->key == key) {
            if (e->value[VALUE_BYTES - 1] != fill_byte(key)) {
                fprintf(stderr, "corrupt value for key %lu\n",
                        (unsigned long)key);
                abort();
            }
            e->hits++;
            sh->hits++;
            gort_mutex_unlock(&sh->mu);
        } else {
            sh->misses++;
            gort_mutex_unlock(&sh->mu);
            entry *ne = make_entry(key); /* outside the lock */
            gort_mutex_lock(&sh->mu);
            gort_store_ptr((void **)&table[slot], ne); /* evicts */
            gort_mutex_unlock(&sh->mu);
        }
        if (++n % 1024 == 0 &&
            __atomic_add_fetch(&ops_done, 1024, __ATOMIC_RELAXED) >= MAX_OPS)
            __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
    }
    gort_waitgroup_done(&wg);
}

static gort_memstats ms; /* large: keep it off the goroutine stack */

static double mib(uint64_t b) { return (double)b / (1 << 20); }

static void main_fn(void *arg) {
    double seconds = *(double *)arg;
    gort_root_add(&table, 1);
    table = gort_alloc(SLOTS * sizeof *table, &gort_type_pointer);

    int64_t t0 = gort_nanotime();
    for (long i = 0; i < WORKERS; i++) {
        gort_waitgroup_add(&wg, 1);
        gort_go(worker, (void *)(i + 1));
    }
    uint64_t max_heap = 0;
    uint32_t first_gc = 0;
    for (int tick = 1;; tick++) {
        gort_sleep(250 * GORT_MILLISECOND);
        gort_read_memstats(&ms);
        if (tick == 1) first_gc = ms.NumGC;
        if (ms.HeapAlloc > max_heap) max_heap = ms.HeapAlloc;
        double t = (double)(gort_nanotime() - t0) / 1e9;
        printf("t=%.2fs HeapAlloc=%6.1f MiB NumGC=%4u TotalAlloc=%7.1f MiB "
               "ops=%ld\n",
               t, mib(ms.HeapAlloc), ms.NumGC, mib(ms.TotalAlloc),
               __atomic_load_n(&ops_done, __ATOMIC_RELAXED));
        if (t >= seconds) __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
        if (__atomic_load_n(&stop, __ATOMIC_RELAXED)) break;
    }
    gort_waitgroup_wait(&wg);

    uint64_t hits = 0, misses = 0;
    for (int i = 0; i < SHARDS; i++) {
        hits += shards[i].hits;
        misses += shards[i].misses;
    }
    gort_gc();
    gort_read_memstats(&ms);
    double live = (double)SLOTS * (sizeof(entry) + VALUE_BYTES) +
                  SLOTS * sizeof *table;
    double bound = BOUND_FACTOR * live + 8.0 * (1 << 20);
    printf("%lu hits, %lu misses (evictions and fills); allocated %.0f MiB "
           "in all\n",
           (unsigned long)hits, (unsigned long)misses, mib(ms.TotalAlloc));
    printf("live after a full GC: %.1f MiB (cache ~%.1f MiB); largest "
           "HeapAlloc seen: %.1f MiB; bound %.1f MiB; %u cycles\n",
           mib(ms.HeapAlloc), live / (1 << 20), mib(max_heap), bound / (1 << 20),
           ms.NumGC);
    if ((double)max_heap > bound || (double)ms.HeapAlloc > 2 * live ||
        ms.NumGC == first_gc) {
        printf("FAIL: the heap did not stay bounded\n");
        gort_exit(1);
    }
    printf("ok: the heap stayed bounded\n");
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 2.0;
    return gort_main(NULL, main_fn, &seconds);
}
