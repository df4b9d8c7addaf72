/*
 * map.c — benchmarks for the built-in map, against the Go twin
 * tests/bench/go/map/main.go (same loops, same keys, same row names):
 *
 *   map_int64_insert_1k / _1m     m[k] = v into a fresh map (no size hint,
 *                                 so the growth is included), random keys
 *   map_int64_lookup_hit_1k / _1m v := m[k] for present keys, random order
 *   map_int64_lookup_miss_1k / _1m  the same for absent keys
 *   map_string_insert_100k        m[s] = i, fresh map, "key-%d" strings
 *   map_string_lookup_100k        m[s] hits (strings are other copies)
 *   map_iterate_1m                for k, v := range m, per entry
 *   map_delete_churn_100k         delete(m, old); m[new] = v, at a steady
 *                                 100k entries (per delete+insert pair)
 *
 * ns/op; keys come from the same xorshift sequence in both programs.
 * C uses the fast paths, as Go's compiler does for these key types.
 */
#include <gort.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void report(const char *name, int64_t start, long ops) {
    double ns = (double)(gort_nanotime() - start) / (double)ops;
    printf("BENCH %s ns/op %.2f\n", name, ns);
    fflush(stdout);
}

static uint64_t xs;
static uint64_t next(void) {
    xs ^= xs << 13;
    xs ^= xs >> 7;
    xs ^= xs << 17;
    return xs;
}

static volatile int64_t sink;

static void insert_bench(const char *name, const uint64_t *keys, long n,
                         int reps) {
    int64_t start = gort_nanotime();
    for (int r = 0; r < reps; r++) {
        gort_map *m = gort_map_make(&gort_type_int64, &gort_type_int64, 0);
        for (long i = 0; i < n; i++)
            *(int64_t *)gort_map_assign_fast64(m, keys[i]) = (int64_t)i;
        sink += gort_map_len(m);
    }
    report(name, start, n * reps);
}

static void lookup_bench(const char *name, gort_map *m, const uint64_t *keys,
                         long n, long ops) {
    int64_t s = 0;
    int64_t start = gort_nanotime();
    for (long i = 0; i < ops; i++) s += *(int64_t *)gort_map_access_fast64(m, keys[i % n]);
    report(name, start, ops);
    sink += s;
}

static void int64_benches(long n, const char *ins, const char *hit,
                          const char *miss, int reps, long ops) {
    uint64_t *keys = malloc((size_t)n * sizeof *keys);
    uint64_t *absent = malloc((size_t)n * sizeof *absent);
    xs = 88172645463325252ull;
    for (long i = 0; i < n; i++) keys[i] = next();
    for (long i = 0; i < n; i++) absent[i] = next();
    insert_bench(ins, keys, n, reps);
    gort_map *m = gort_map_make(&gort_type_int64, &gort_type_int64, 0);
    for (long i = 0; i < n; i++) *(int64_t *)gort_map_assign_fast64(m, keys[i]) = (int64_t)i;
    /* Lookups in a shuffled order (a second pass over another order). */
    uint64_t *order = malloc((size_t)n * sizeof *order);
    for (long i = 0; i < n; i++) order[i] = keys[(uint64_t)i * 7919 % (uint64_t)n];
    lookup_bench(hit, m, order, n, ops);
    lookup_bench(miss, m, absent, n, ops);
    free(keys);
    free(absent);
    free(order);
}

static void string_benches(void) {
    enum { N = 100000 };
    gort_string *ks = malloc(N * sizeof *ks), *qs = malloc(N * sizeof *qs);
    for (int i = 0; i < N; i++) {
        char b[32];
        int n = snprintf(b, sizeof b, "key-%d", i);
        char *p = malloc((size_t)n), *q = malloc((size_t)n);
        memcpy(p, b, (size_t)n);
        memcpy(q, b, (size_t)n);
        ks[i] = (gort_string){p, n};
        qs[(long)i * 7919 % N] = (gort_string){q, n};
    }
    int reps = 5;
    int64_t start = gort_nanotime();
    gort_map *m = NULL;
    for (int r = 0; r < reps; r++) {
        m = gort_map_make(&gort_type_string, &gort_type_int64, 0);
        for (int i = 0; i < N; i++) *(int64_t *)gort_map_assign_faststr(m, ks[i]) = i;
    }
    report("map_string_insert_100k", start, (long)N * reps);
    int64_t s = 0;
    long ops = 2000000;
    start = gort_nanotime();
    for (long i = 0; i < ops; i++) s += *(int64_t *)gort_map_access_faststr(m, qs[i % N]);
    report("map_string_lookup_100k", start, ops);
    sink += s;
}

static void iterate_bench(void) {
    long n = 1000000;
    gort_map *m = gort_map_make(&gort_type_int64, &gort_type_int64, 0);
    xs = 88172645463325252ull;
    for (long i = 0; i < n; i++) *(int64_t *)gort_map_assign_fast64(m, next()) = i;
    int reps = 5;
    int64_t s = 0;
    int64_t start = gort_nanotime();
    for (int r = 0; r < reps; r++) {
        gort_map_iter it;
        gort_map_iter_init(m, &it);
        while (gort_map_iter_next(&it)) s += *(int64_t *)it.elem;
    }
    report("map_iterate_1m", start, n * reps);
    sink += s;
}

static void churn_bench(void) {
    enum { N = 100000 };
    uint64_t *ring = malloc(N * sizeof *ring);
    gort_map *m = gort_map_make(&gort_type_int64, &gort_type_int64, 0);
    xs = 88172645463325252ull;
    for (int i = 0; i < N; i++) {
        ring[i] = next();
        *(int64_t *)gort_map_assign_fast64(m, ring[i]) = i;
    }
    long ops = 2000000;
    int64_t start = gort_nanotime();
    for (long i = 0; i < ops; i++) {
        long j = i % N;
        gort_map_delete_fast64(m, ring[j]);
        ring[j] = next();
        *(int64_t *)gort_map_assign_fast64(m, ring[j]) = i;
    }
    report("map_delete_churn_100k", start, ops);
    sink += gort_map_len(m);
    free(ring);
}

static void run(void *arg) {
    (void)arg;
    int64_benches(1000, "map_int64_insert_1k", "map_int64_lookup_hit_1k",
                  "map_int64_lookup_miss_1k", 2000, 10000000);
    int64_benches(1000000, "map_int64_insert_1m", "map_int64_lookup_hit_1m",
                  "map_int64_lookup_miss_1m", 3, 5000000);
    string_benches();
    iterate_bench();
    churn_bench();
}

int main(void) { return gort_main(NULL, run, NULL); }
