/*
 * test_map.c — Go's map (runtime/src/map.c, map_fast.c, alg.c;
 * docs/maps.md).
 *
 * What is covered:
 *   - a million random assigns/deletes/lookups against a reference model,
 *     through the generic and the fast paths, then a full iteration;
 *   - iteration while the table grows (started before and during a
 *     growth), with inserts and deletes during it: every entry present
 *     throughout is seen exactly once, deleted ones not yet seen are not;
 *   - same-size growth from delete-heavy churn (through gort_map_inspect);
 *   - float keys (+0/-0 one key, NaN never found, NaN twice two entries),
 *     NaN keys during growth and iteration;
 *   - string keys (generic and fast), composite keys with their own
 *     hash/equal, interface keys, the unhashable-type panic (recovered,
 *     and unrecovered in a child), large (indirect) keys and values;
 *   - nil maps: reads give zero values, writes panic ("assignment to entry
 *     in nil map", child process);
 *   - "fatal error: concurrent map writes" and "concurrent map read and
 *     map write" in children (deliberately racy: skipped under TSan);
 *   - the collector: values reachable only through maps (pointer values,
 *     string keys, indirect values, a noscan map's overflow buckets)
 *     survive cycles run concurrently with the churn, in children with
 *     GODEBUG=gccheckmark=1 and with gcstress=1.
 * Seeds are fixed.  The whole file runs in a few seconds.
 */
#include "testlib.h"
#include "map.h"

#include <math.h>

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* A bijective scramble: keys spread over 64 bits, model indexed by i. */
static uint64_t keyof(uint64_t i) { return i * 0x9e3779b97f4a7c15ull ^ 0x5555; }

static gort_map_info info(gort_map *m) {
    gort_map_info in;
    gort_map_inspect(m, &in);
    return in;
}

static int64_t geti(gort_map *m, int64_t k) {
    return *(int64_t *)gort_map_access(m, &k);
}
static void seti(gort_map *m, int64_t k, int64_t v) {
    *(int64_t *)gort_map_assign(m, &k) = v;
}

/* ---------------------------------------------------------------------- */
/* Random operations against a model                                       */
/* ---------------------------------------------------------------------- */

enum { NKEYS = 1 << 16, NOPS = 1000000 };

static void test_model_random(void *arg) {
    (void)arg;
    static int64_t val[NKEYS];
    static uint8_t present[NKEYS];
    memset(present, 0, sizeof present);
    rng = 12345;
    gort_map *m = gort_map_make(&gort_type_int64, &gort_type_int64, 0);
    intptr_t n = 0;
    for (int op = 0; op < NOPS; op++) {
        uint64_t r = rnd();
        uint64_t i = (r >> 8) % NKEYS;
        /* Phases: growing (more inserts) then shrinking (more deletes). */
        int ins = (op / 100000) % 2 == 0 ? 6 : 3;
        uint64_t k = keyof(i);
        bool fast = r & 1;
        switch ((r >> 1) % 10) {
        case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7:
            if ((int)((r >> 1) % 10) < ins) {
                int64_t v = (int64_t)(r >> 3);
                if (fast) *(int64_t *)gort_map_assign_fast64(m, k) = v;
                else seti(m, (int64_t)k, v);
                if (!present[i]) n++;
                present[i] = 1;
                val[i] = v;
            } else {
                if (fast) gort_map_delete_fast64(m, k);
                else gort_map_delete(m, &k);
                if (present[i]) n--;
                present[i] = 0;
            }
            break;
        default: {
            bool ok;
            int64_t *p = fast ? gort_map_access2_fast64(m, k, &ok)
                              : gort_map_access2(m, &k, &ok);
            CHECK_EQ(ok, present[i]);
            CHECK_EQ(*p, present[i] ? val[i] : 0);
        }
        }
        if ((op & 0xffff) == 0) CHECK_EQ(gort_map_len(m), n);
    }
    CHECK_EQ(gort_map_len(m), n);
    for (uint64_t i = 0; i < NKEYS; i++) {
        int64_t *p = gort_map_access_fast64(m, keyof(i));
        CHECK_EQ(*p, present[i] ? val[i] : 0);
    }
    /* Iteration sees exactly the model. */
    static uint8_t seen[NKEYS];
    memset(seen, 0, sizeof seen);
    gort_map_iter it;
    intptr_t cnt = 0;
    gort_map_iter_init(m, &it);
    while (gort_map_iter_next(&it)) {
        uint64_t k = *(uint64_t *)it.key;
        uint64_t i = (k ^ 0x5555) * 0xf1de83e19937733dull; /* inverse */
        CHECK(i < NKEYS);
        CHECK(present[i] && !seen[i]);
        CHECK_EQ(*(int64_t *)it.elem, val[i]);
        seen[i] = 1;
        cnt++;
    }
    CHECK_EQ(cnt, n);
}

/* The multiplicative inverse above is right. */
static void test_inverse(void *arg) {
    (void)arg;
    for (uint64_t i = 0; i < 1000; i++)
        CHECK_EQ((keyof(i) ^ 0x5555) * 0xf1de83e19937733dull, i);
}

/* ---------------------------------------------------------------------- */
/* Iteration during growth                                                 */
/* ---------------------------------------------------------------------- */

enum { ITN = 5000, ITMAX = 40000 };

/* Iterates m (keys 0..ITN-1 present) while inserting keys from ITN up and
 * deleting some keys not yet seen.  start_growing: begin the iteration
 * only once a growth is in progress. */
static void iter_growth(bool start_growing, bool deletes) {
    gort_map *m = gort_map_make(&gort_type_int64, &gort_type_int64, 0);
    for (int64_t i = 0; i < ITN; i++) seti(m, i, i * 3);
    int64_t next = ITN;
    if (start_growing) {
        while (!info(m).growing) seti(m, next, next * 3), next++;
        CHECK(info(m).nevacuate < info(m).noldbuckets);
    }
    static uint8_t seen[ITMAX], deleted[ITMAX];
    memset(seen, 0, sizeof seen);
    memset(deleted, 0, sizeof deleted);
    int64_t first = next;
    int grew = 0;
    gort_map_iter it;
    gort_map_iter_init(m, &it);
    int steps = 0;
    while (gort_map_iter_next(&it)) {
        int64_t k = *(int64_t *)it.key;
        CHECK(k >= 0 && k < ITMAX);
        CHECK(!seen[k]);
        CHECK(!deleted[k]);
        CHECK_EQ(*(int64_t *)it.elem, k * 3);
        seen[k] = 1;
        steps++;
        /* Insert steadily: this triggers one or two growths and pushes
         * evacuation along while we iterate. */
        for (int j = 0; j < 3 && next < ITMAX; j++) {
            bool was = info(m).growing;
            seti(m, next, next * 3), next++;
            if (!was && info(m).growing) grew++;
        }
        if (deletes && steps % 7 == 0) {
            int64_t d = (int64_t)(rnd() % ITN);
            if (!seen[d] && !deleted[d]) {
                gort_map_delete(m, &d);
                deleted[d] = 1;
            }
        }
    }
    for (int64_t k = 0; k < ITN; k++) CHECK(seen[k] || deleted[k]);
    for (int64_t k = ITN; k < first; k++) CHECK(seen[k]);
    CHECK(grew >= 1 || start_growing);
    CHECK_EQ(gort_map_len(m),
                next - (int64_t)({
                    int64_t c = 0;
                    for (int64_t k = 0; k < ITMAX; k++) c += deleted[k];
                    c;
                }));
}

static void test_iter_during_growth(void *arg) {
    (void)arg;
    rng = 7;
    iter_growth(false, false);
    iter_growth(true, false);
    iter_growth(false, true);
    iter_growth(true, true);
}

/* Two iterations at once, one inserting; and an update during iteration is
 * seen with the new value. */
static void test_iter_update(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&gort_type_int64, &gort_type_int64, 0);
    for (int64_t i = 0; i < 1000; i++) seti(m, i, i);
    gort_map_iter it;
    gort_map_iter_init(m, &it);
    static uint8_t seen[1000];
    memset(seen, 0, sizeof seen);
    int n = 0;
    while (gort_map_iter_next(&it)) {
        int64_t k = *(int64_t *)it.key;
        CHECK(!seen[k]);
        seen[k] = 1;
        if (n++ == 10)
            for (int64_t i = 0; i < 1000; i++) seti(m, i, -i - 1);
        if (n > 11) CHECK_EQ(*(int64_t *)it.elem, -k - 1);
    }
    CHECK_EQ(n, 1000);
}

/* Iteration order differs between iterations (random start). */
static void test_iter_random(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&gort_type_int64, &gort_type_int64, 0);
    for (int64_t i = 0; i < 100; i++) seti(m, i, i);
    int64_t firsts[16];
    int distinct = 0;
    for (int r = 0; r < 16; r++) {
        gort_map_iter it;
        gort_map_iter_init(m, &it);
        CHECK(gort_map_iter_next(&it));
        firsts[r] = *(int64_t *)it.key;
        bool dup = false;
        for (int j = 0; j < r; j++) dup |= firsts[j] == firsts[r];
        distinct += !dup;
    }
    CHECK(distinct >= 4);
}

/* ---------------------------------------------------------------------- */
/* Same-size growth                                                        */
/* ---------------------------------------------------------------------- */

static void test_same_size_grow(void *arg) {
    (void)arg;
    /* Hold the count steady just under the load factor while replacing
     * keys: full buckets chain overflow buckets that later deletes leave
     * sparse, until there are as many overflow buckets as buckets. */
    rng = 99;
    gort_map *m = gort_map_make(&gort_type_int64, &gort_type_int64, 0);
    enum { LIVE = 100 };
    static int64_t live[LIVE];
    int64_t next = 0;
    for (int i = 0; i < LIVE; i++) live[i] = next, seti(m, next, next), next++;
    int B0 = info(m).B;
    bool saw = false;
    for (int op = 0; op < 200000 && !saw; op++) {
        int j = (int)(rnd() % LIVE);
        gort_map_delete(m, &live[j]);
        live[j] = next;
        seti(m, next, next);
        next++;
        gort_map_info in = info(m);
        if (in.growing && in.same_size_grow) {
            saw = true;
            CHECK_EQ(in.B, B0);
            CHECK_EQ(in.noldbuckets, in.nbuckets);
            char buf[4096];
            gort_map_dump(m, buf, sizeof buf);
            CHECK_STR(buf, "growing(same size)");
        }
        CHECK_EQ(in.B, B0);
    }
    CHECK(saw);
    /* Finish the growth; everything is still there and packed. */
    for (int i = 0; i < 64; i++) {
        int64_t k = live[i];
        gort_map_delete(m, &k);
        seti(m, k, k);
    }
    CHECK(!info(m).growing);
    for (int i = 0; i < LIVE; i++) CHECK_EQ(geti(m, live[i]), live[i]);
    CHECK_EQ(gort_map_len(m), LIVE);
}

static void test_introspection(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&gort_type_int64, &gort_type_int64, 100);
    gort_map_info in = info(m);
    CHECK_EQ(in.B, 4); /* 100 <= 6.5 * 16 */
    CHECK_EQ(in.nbuckets, 16);
    CHECK(!in.growing);
    CHECK_EQ(in.keysize, 8);
    CHECK_EQ(in.bucketsize, 8 + 64 + 64 + 8);
    int64_t k = 0;
    while (!info(m).growing) seti(m, k, k), k++;
    CHECK_EQ(k, 105); /* 104 entries fit: 104 < 6.5*16 is false at 105 */
    in = info(m);
    CHECK_EQ(in.B, 5);
    CHECK_EQ(in.noldbuckets, 16);
    CHECK(!in.same_size_grow);
    /* One write evacuated at most two old buckets. */
    CHECK(in.nevacuate <= 2);
    char buf[8192];
    size_t len = gort_map_dump(m, buf, sizeof buf);
    CHECK(len < sizeof buf);
    CHECK_STR(buf, "growing(double)");
    CHECK_STR(buf, "old   0:");
    CHECK_STR(buf, "new  31:");
    /* 16 more writes finish it. */
    for (int i = 0; i < 16; i++) seti(m, i, i);
    CHECK(!info(m).growing);
    for (int64_t i = 0; i < k; i++) CHECK_EQ(geti(m, i), i);
    CHECK_EQ(gort_map_dump(NULL, buf, sizeof buf), strlen("nil map\n"));
}

/* ---------------------------------------------------------------------- */
/* Key kinds                                                               */
/* ---------------------------------------------------------------------- */

static void test_float_keys(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&gort_type_float64, &gort_type_int64, 0);
    double pz = 0.0, nz = -0.0, nan = NAN, one = 1.0;
    *(int64_t *)gort_map_assign(m, &pz) = 1;
    *(int64_t *)gort_map_assign(m, &nz) = 2; /* same key: updates */
    CHECK_EQ(gort_map_len(m), 1);
    CHECK_EQ(*(int64_t *)gort_map_access(m, &pz), 2);
    /* The stored key is now -0 (Go overwrites float keys). */
    gort_map_iter it;
    gort_map_iter_init(m, &it);
    CHECK(gort_map_iter_next(&it));
    CHECK(signbit(*(double *)it.key));
    *(int64_t *)gort_map_assign(m, &nan) = 3;
    *(int64_t *)gort_map_assign(m, &nan) = 4;
    CHECK_EQ(gort_map_len(m), 3);
    bool ok = true;
    CHECK_EQ(*(int64_t *)gort_map_access2(m, &nan, &ok), 0);
    CHECK(!ok);
    gort_map_delete(m, &nan); /* deletes nothing */
    CHECK_EQ(gort_map_len(m), 3);
    *(int64_t *)gort_map_assign(m, &one) = 5;
    int nans = 0, sum = 0;
    gort_map_iter_init(m, &it);
    while (gort_map_iter_next(&it)) {
        double k = *(double *)it.key;
        if (isnan(k)) nans++;
        sum += (int)*(int64_t *)it.elem;
    }
    CHECK_EQ(nans, 2);
    CHECK_EQ(sum, 2 + 3 + 4 + 5);

    /* float32 too. */
    gort_map *f = gort_map_make(&gort_type_float32, &gort_type_int64, 0);
    float fz = 0.0f, fnz = -0.0f, fnan = NAN;
    *(int64_t *)gort_map_assign(f, &fz) = 1;
    *(int64_t *)gort_map_assign(f, &fnz) = 2;
    *(int64_t *)gort_map_assign(f, &fnan) = 3;
    CHECK_EQ(gort_map_len(f), 2);
    CHECK_EQ(*(int64_t *)gort_map_access(f, &fz), 2);
}

/* NaN keys survive growth and iteration exactly once each. */
static void test_nan_growth(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&gort_type_float64, &gort_type_int64, 0);
    double nan = NAN;
    for (int i = 0; i < 50; i++) *(int64_t *)gort_map_assign(m, &nan) = 1;
    gort_map_iter it;
    gort_map_iter_init(m, &it);
    int nans = 0, others = 0;
    double d = 1;
    while (gort_map_iter_next(&it)) {
        if (isnan(*(double *)it.key)) nans++;
        else others++;
        for (int j = 0; j < 5; j++, d++) *(int64_t *)gort_map_assign(m, &d) = 2;
    }
    CHECK_EQ(nans, 50);
    CHECK_EQ(gort_map_len(m), 50 + (intptr_t)d - 1);
    nans = 0;
    gort_map_iter_init(m, &it);
    while (gort_map_iter_next(&it)) nans += isnan(*(double *)it.key);
    CHECK_EQ(nans, 50);
}

static void test_string_keys(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&gort_type_string, &gort_type_int64, 0);
    enum { N = 20000 };
    char buf[32];
    for (int i = 0; i < N; i++) {
        int n = snprintf(buf, sizeof buf, "key-%d", i);
        char *heap = gort_alloc((size_t)n, NULL);
        memcpy(heap, buf, (size_t)n);
        gort_string s = {heap, n};
        if (i % 2) *(int64_t *)gort_map_assign_faststr(m, s) = i;
        else *(int64_t *)gort_map_assign(m, &s) = i;
    }
    CHECK_EQ(gort_map_len(m), N);
    for (int i = 0; i < N; i++) {
        int n = snprintf(buf, sizeof buf, "key-%d", i); /* another buffer */
        gort_string s = {buf, n};
        bool ok;
        int64_t *p = (i % 3) ? gort_map_access2_faststr(m, s, &ok)
                             : gort_map_access2(m, &s, &ok);
        CHECK(ok);
        CHECK_EQ(*p, i);
    }
    gort_string empty = {"", 0}, miss = GORT_STR("key-x");
    CHECK_EQ(*(int64_t *)gort_map_access_faststr(m, miss), 0);
    *(int64_t *)gort_map_assign_faststr(m, empty) = -1;
    CHECK_EQ(*(int64_t *)gort_map_access(m, &empty), -1);
    for (int i = 0; i < N; i += 2) {
        int n = snprintf(buf, sizeof buf, "key-%d", i);
        gort_string s = {buf, n};
        if (i % 4) gort_map_delete_faststr(m, s);
        else gort_map_delete(m, &s);
    }
    CHECK_EQ(gort_map_len(m), N / 2 + 1);
    for (int i = 0; i < N; i++) {
        int n = snprintf(buf, sizeof buf, "key-%d", i);
        gort_string s = {buf, n};
        bool ok;
        gort_map_access2_faststr(m, s, &ok);
        CHECK_EQ(ok, i % 2);
    }
    /* A one-bucket string map (no hashing on lookup). */
    gort_map *s1 = gort_map_make(&gort_type_string, &gort_type_int64, 0);
    *(int64_t *)gort_map_assign_faststr(s1, GORT_STR("a")) = 1;
    *(int64_t *)gort_map_assign_faststr(s1, GORT_STR("b")) = 2;
    gort_map_delete_faststr(s1, GORT_STR("a"));
    CHECK_EQ(*(int64_t *)gort_map_access_faststr(s1, GORT_STR("b")), 2);
    CHECK_EQ(*(int64_t *)gort_map_access_faststr(s1, GORT_STR("a")), 0);
}

/* A struct key with a string and padding: its own hash and equality. */
typedef struct point {
    gort_string name;
    int32_t x; /* 4 bytes of padding follow */
} point;

static uint64_t point_hash(const void *v, uint64_t seed) {
    const point *p = v;
    seed = gort_hash_value(&gort_type_string, &p->name, seed);
    return gort_hash_value(&gort_type_int32, &p->x, seed);
}
static bool point_equal(const void *a, const void *b) {
    const point *p = a, *q = b;
    return p->x == q->x && gort_equal_value(&gort_type_string, &p->name, &q->name);
}
static const uint8_t point_mask[1] = {1};
static const gort_type point_type = {
    .size = sizeof(point), .align = 8, .ptrwords = 1, .ptrmask = point_mask,
    .name = "main.point", .kind = GORT_KIND_STRUCT, .hash = point_hash,
    .equal = point_equal};

static void test_composite_keys(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&point_type, &gort_type_int64, 0);
    char b1[16], b2[16];
    for (int i = 0; i < 500; i++) {
        point p;
        memset(&p, 0xaa, sizeof p); /* garbage padding */
        int n = snprintf(b1, sizeof b1, "p%d", i % 50);
        char *h = gort_alloc((size_t)n, NULL);
        memcpy(h, b1, (size_t)n);
        p.name = (gort_string){h, n};
        p.x = i / 50;
        *(int64_t *)gort_map_assign(m, &p) = i;
    }
    CHECK_EQ(gort_map_len(m), 500);
    for (int i = 0; i < 500; i++) {
        point p;
        memset(&p, 0x55, sizeof p);
        int n = snprintf(b2, sizeof b2, "p%d", i % 50);
        p.name = (gort_string){b2, n};
        p.x = i / 50;
        CHECK_EQ(*(int64_t *)gort_map_access(m, &p), i);
    }
    /* Fast paths refuse this map's key type: tested in a child. */
}

static const gort_type slice_type = {.size = 24, .align = 8, .name = "[]int",
                                     .kind = GORT_KIND_SLICE};

static gort_any recovered;
static void catcher(void *arg) {
    (void)arg;
    recovered = gort_recover();
}
static RT_NOINLINE void try_assign(gort_map *m, const void *key) {
    GORT_FRAME_BEGIN(fr);
    gort_defer(catcher, NULL);
    gort_map_assign(m, key);
    GORT_FRAME_END(fr);
}
static RT_NOINLINE void try_access(gort_map *m, const void *key) {
    GORT_FRAME_BEGIN(fr);
    gort_defer(catcher, NULL);
    gort_map_access(m, key);
    GORT_FRAME_END(fr);
}

static void test_interface_keys(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&(gort_type){.size = sizeof(gort_any),
                                             .align = 8, .name = "interface {}",
                                             .kind = GORT_KIND_INTERFACE},
                                &gort_type_int64, 0);
    int64_t one = 1;
    uint64_t uone = 1;
    double fone = 1.0, nan = NAN;
    gort_any k1 = gort_any_of(&gort_type_int64, &one);
    gort_any k2 = gort_any_of(&gort_type_uint64, &uone); /* another type */
    gort_any k3 = gort_any_string("one");
    gort_any k4 = gort_any_of(&gort_type_float64, &fone);
    gort_any kn = gort_any_of(&gort_type_float64, &nan);
    gort_any knil = GORT_NIL;
    *(int64_t *)gort_map_assign(m, &k1) = 1;
    *(int64_t *)gort_map_assign(m, &k2) = 2;
    *(int64_t *)gort_map_assign(m, &k3) = 3;
    *(int64_t *)gort_map_assign(m, &k4) = 4;
    *(int64_t *)gort_map_assign(m, &kn) = 5;
    *(int64_t *)gort_map_assign(m, &kn) = 6;
    *(int64_t *)gort_map_assign(m, &knil) = 7;
    CHECK_EQ(gort_map_len(m), 7);
    int64_t one2 = 1;
    gort_any q1 = gort_any_of(&gort_type_int64, &one2);
    gort_any q3 = gort_any_string("one");
    CHECK_EQ(*(int64_t *)gort_map_access(m, &q1), 1);
    CHECK_EQ(*(int64_t *)gort_map_access(m, &k2), 2);
    CHECK_EQ(*(int64_t *)gort_map_access(m, &q3), 3);
    CHECK_EQ(*(int64_t *)gort_map_access(m, &k4), 4);
    CHECK_EQ(*(int64_t *)gort_map_access(m, &kn), 0);
    CHECK_EQ(*(int64_t *)gort_map_access(m, &knil), 7);
    /* A boxed NaN is not equal to itself, even as the very same box (a
     * lookup whose random hash lands on the stored NaN's slot must not
     * find it): Go's x == x for x := any(math.NaN()). */
    const gort_type iface = {.size = sizeof(gort_any), .align = 8,
                             .name = "interface {}", .kind = GORT_KIND_INTERFACE};
    CHECK(!gort_equal_value(&iface, &kn, &kn));
    CHECK(gort_equal_value(&iface, &k4, &k4));

    /* An unhashable dynamic type panics, and leaves the map usable. */
    int64_t sl[3] = {0, 0, 0};
    gort_any bad = gort_any_of(&slice_type, sl);
    recovered = GORT_NIL;
    try_assign(m, &bad);
    CHECK(!gort_any_isnil(recovered));
    char msg[128];
    gort_any_format(recovered, msg, sizeof msg);
    CHECK(strcmp(msg, "runtime error: hash of unhashable type []int") == 0);
    CHECK(gort_error_is_runtime(gort_any_to_error(recovered)));
    recovered = GORT_NIL;
    try_access(m, &bad);
    CHECK(!gort_any_isnil(recovered));
    *(int64_t *)gort_map_assign(m, &k1) = 11;
    CHECK_EQ(*(int64_t *)gort_map_access(m, &q1), 11);
    /* Even an empty map checks the key, as Go does. */
    gort_map *e = gort_map_make(m ? ((HMap *)m)->t.key : NULL, &gort_type_int64, 0);
    recovered = GORT_NIL;
    try_access(e, &bad);
    CHECK(!gort_any_isnil(recovered));
}

/* Keys and values above 128 bytes are stored indirectly; values above
 * 1024 bytes get a per-map zero value. */
typedef struct bigkey {
    int64_t a[25];
} bigkey;
typedef struct bigval {
    void *p[40]; /* pointers: scanned */
    int64_t n;
} bigval;
static const gort_type bigkey_type = {.size = sizeof(bigkey), .align = 8,
                                      .name = "bigkey", .kind = GORT_KIND_ARRAY};
static const uint8_t bigval_mask[5] = {0xff, 0xff, 0xff, 0xff, 0xff};
static const gort_type bigval_type = {.size = sizeof(bigval), .align = 8,
                                      .ptrwords = 40, .ptrmask = bigval_mask,
                                      .name = "bigval", .kind = GORT_KIND_STRUCT};
typedef struct hugeval {
    int64_t a[300];
} hugeval;
static const gort_type hugeval_type = {.size = sizeof(hugeval), .align = 8,
                                       .name = "hugeval", .kind = GORT_KIND_ARRAY};

static void test_indirect(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&bigkey_type, &bigval_type, 0);
    gort_map_info in = info(m);
    CHECK_EQ(in.keysize, 8);
    CHECK_EQ(in.elemsize, 8);
    for (int i = 0; i < 300; i++) {
        bigkey k;
        for (int j = 0; j < 25; j++) k.a[j] = i * 100 + j;
        bigval v = {.n = i};
        v.p[7] = gort_alloc(16, NULL);
        gort_map_store(m, &k, &v);
    }
    gort_gc();
    for (int i = 0; i < 300; i++) {
        bigkey k;
        for (int j = 0; j < 25; j++) k.a[j] = i * 100 + j;
        bigval *v = gort_map_access(m, &k);
        CHECK_EQ(v->n, i);
        CHECK(v->p[7] != NULL);
        if (i % 2) gort_map_delete(m, &k);
    }
    CHECK_EQ(gort_map_len(m), 150);
    gort_map *h = gort_map_make(&gort_type_int64, &hugeval_type, 0);
    int64_t k = 5;
    hugeval *z = gort_map_access(h, &k);
    for (int j = 0; j < 300; j++) CHECK_EQ(z->a[j], 0);
    ((hugeval *)gort_map_assign(h, &k))->a[299] = 9;
    CHECK_EQ(((hugeval *)gort_map_access(h, &k))->a[299], 9);
    hugeval out;
    CHECK(gort_map_load(h, &k, &out));
    CHECK_EQ(out.a[299], 9);
}

static void test_fast32_and_sets(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&gort_type_uint32, &gort_type_int32, 0);
    for (uint32_t i = 0; i < 10000; i++)
        *(int32_t *)gort_map_assign_fast32(m, i * 7) = (int32_t)i;
    for (uint32_t i = 0; i < 10000; i++) {
        uint32_t k = i * 7;
        CHECK_EQ(*(int32_t *)gort_map_access(m, &k), (int32_t)i);
        bool ok;
        gort_map_access2_fast32(m, k + 1, &ok);
        CHECK(!ok);
        if (i % 2) gort_map_delete_fast32(m, k);
    }
    CHECK_EQ(gort_map_len(m), 5000);
    /* map[int64]struct{}: a set. */
    gort_map *s = gort_map_make(&gort_type_int64, NULL, 0);
    for (int64_t i = 0; i < 100; i++) gort_map_assign(s, &i);
    for (int64_t i = 0; i < 100; i += 3) gort_map_delete(s, &i);
    CHECK_EQ(gort_map_len(s), 66);
    int64_t three = 3, four = 4;
    CHECK(!gort_map_load(s, &three, NULL));
    CHECK(gort_map_load(s, &four, NULL));
}

static void test_clear(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&gort_type_string, &gort_type_pointer, 0);
    for (int i = 0; i < 1000; i++) {
        char b[16];
        int n = snprintf(b, sizeof b, "%d", i);
        char *h = gort_alloc((size_t)n, NULL);
        memcpy(h, b, (size_t)n);
        gort_string s = {h, n};
        void *v = gort_alloc(8, NULL);
        gort_map_store(m, &s, &v);
        if (i == 500) CHECK(info(m).growing || true);
    }
    int B = info(m).B;
    gort_map_clear(m);
    CHECK_EQ(gort_map_len(m), 0);
    CHECK_EQ(info(m).B, B);
    CHECK(!info(m).growing);
    gort_map_iter it;
    gort_map_iter_init(m, &it);
    CHECK(!gort_map_iter_next(&it));
    gort_string s = GORT_STR("7");
    CHECK(!gort_map_load(m, &s, NULL));
    void *v = &rng;
    gort_map_store(m, &s, &v);
    CHECK_EQ(gort_map_len(m), 1);
    CHECK(*(void **)gort_map_access_faststr(m, s) == &rng);
    gort_map_clear(NULL);
}

static void test_nil_map_reads(void *arg) {
    (void)arg;
    gort_map *m = NULL;
    int64_t k = 1;
    bool ok = true;
    CHECK_EQ(*(int64_t *)gort_map_access(m, &k), 0);
    CHECK_EQ(*(int64_t *)gort_map_access2(m, &k, &ok), 0);
    CHECK(!ok);
    CHECK_EQ(*(int64_t *)gort_map_access_fast64(m, 1), 0);
    CHECK_EQ(*(int64_t *)gort_map_access_faststr(m, GORT_STR("x")), 0);
    CHECK_EQ(gort_map_len(m), 0);
    gort_map_delete(m, &k);
    gort_map_delete_fast64(m, 1);
    gort_map_iter it;
    gort_map_iter_init(m, &it);
    CHECK(!gort_map_iter_next(&it));
    CHECK(!gort_map_load(m, &k, NULL));
}

/* ---------------------------------------------------------------------- */
/* Children: panics, fatal errors, the collector                           */
/* ---------------------------------------------------------------------- */

static void main_nilassign(void *arg) {
    (void)arg;
    gort_map *m = NULL;
    int64_t k = 1;
    gort_map_assign(m, &k);
}
static void main_nilassign_fast(void *arg) {
    (void)arg;
    gort_map_assign_fast64(NULL, 1);
}
static void main_unhashable(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&(gort_type){.size = sizeof(gort_any),
                                             .align = 8, .name = "interface {}",
                                             .kind = GORT_KIND_INTERFACE},
                                &gort_type_int64, 0);
    int64_t sl[3] = {0};
    gort_any bad = gort_any_of(&slice_type, sl);
    gort_map_assign(m, &bad);
}
static void main_badfast(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&gort_type_float64, &gort_type_int64, 0);
    gort_map_assign_fast64(m, 1);
}

/* Two writers (or a writer and a reader) on one map without a lock. */
static gort_map *race_map;
static volatile int race_stop;
static void racer_write(void *arg) {
    uint64_t base = (uintptr_t)arg;
    for (uint64_t i = 0; !race_stop; i++) {
        *(int64_t *)gort_map_assign_fast64(race_map, base + (i & 0xffff)) = 1;
        gort_map_delete_fast64(race_map, base + ((i + 100) & 0xffff));
    }
}
static void racer_read(void *arg) {
    (void)arg;
    for (uint64_t i = 0; !race_stop; i++) gort_map_access_fast64(race_map, i & 0xffff);
}
static void main_race(void *arg) {
    gort_map *m = gort_map_make(&gort_type_int64, &gort_type_int64, 0);
    race_map = m;
    gort_go(racer_write, (void *)(uintptr_t)1);
    gort_go(arg ? racer_read : racer_write, (void *)(uintptr_t)(1u << 20));
    gort_sleep(15 * GORT_SECOND);
    race_stop = 1;
    printf("not detected\n");
}

/* The collector against maps: values and keys reachable only through the
 * maps, cycles running concurrently with the churn. */
typedef struct node {
    struct node *self;
    int64_t id;
} node;
static const uint8_t node_mask[1] = {1};
static const gort_type node_type = {.size = sizeof(node), .align = 8,
                                    .ptrwords = 1, .ptrmask = node_mask,
                                    .name = "*node", .kind = GORT_KIND_STRUCT};
static int gc_stop; /* atomic */
static void gcloop(void *arg) {
    int *done = arg;
    while (!__atomic_load_n(&gc_stop, __ATOMIC_ACQUIRE)) {
        gort_gc();
        gort_sleep(200 * GORT_MICROSECOND);
    }
    __atomic_store_n(done, 1, __ATOMIC_RELEASE);
}
static node *mknode(int64_t id) {
    node *n = gort_new(&node_type);
    gort_store_ptr((void **)&n->self, n);
    n->id = id;
    return n;
}
static bool oknode(const node *n, int64_t id) { return n && n->self == n && n->id == id; }

static void gc_churn(int rounds, int n, int churn) {
    gort_map *ptrs = gort_map_make(&gort_type_int64, &gort_type_pointer, 0);
    gort_map *strs = gort_map_make(&gort_type_string, &gort_type_int64, 0);
    gort_map *big = gort_map_make(&gort_type_int64, &bigval_type, 0);
    gort_map *plain = gort_map_make(&gort_type_int64, &gort_type_int64, 0);
    int done = 0;
    gort_go(gcloop, &done);
    for (int r = 0; r < rounds; r++) {
        for (int64_t i = 0; i < n; i++) {
            int64_t k = r * n + i;
            node *v = mknode(k);
            gort_map_store(ptrs, &k, &v);
            char b[24];
            int len = snprintf(b, sizeof b, "s%lld", (long long)k);
            char *h = gort_alloc((size_t)len, NULL);
            memcpy(h, b, (size_t)len);
            *(int64_t *)gort_map_assign_faststr(strs, (gort_string){h, len}) = k;
            if (i % 4 == 0) {
                bigval bv = {.n = k};
                bv.p[39] = mknode(k);
                gort_map_store(big, &k, &bv);
            }
            *(int64_t *)gort_map_assign_fast64(plain, (uint64_t)k) = k;
            /* Delete half of the previous round. */
            if (r > 0 && i % 2) {
                int64_t d = (r - 1) * n + i;
                gort_map_delete(ptrs, &d);
                gort_map_delete_fast64(plain, (uint64_t)d);
            }
        }
    }
    /* Move values between maps while cycles run: each value is only on
     * this stack and in one map slot at a time. */
    gort_map *moved = gort_map_make(&gort_type_int64, &gort_type_pointer, 0);
    for (int64_t k = 0; k < (int64_t)rounds * n; k++) {
        node *v;
        if (!gort_map_load(ptrs, &k, &v)) continue;
        gort_map_delete(ptrs, &k);
        gort_map_store(moved, &k, &v);
        if (k % 3 == 0) {
            gort_map_load(moved, &k, &v);
            gort_map_delete(moved, &k);
            gort_map_store(ptrs, &k, &v);
        }
    }
    __atomic_store_n(&gc_stop, 1, __ATOMIC_RELEASE);
    while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) gort_sleep(GORT_MILLISECOND);
    for (int i = 0; i < 3; i++) gort_gc();
    /* Churn so that wrongly freed slots are reused. */
    for (int i = 0; i < churn; i++) mknode(-1);
    long bad = 0, seen = 0;
    gort_map_iter it;
    gort_map_iter_init(ptrs, &it);
    while (gort_map_iter_next(&it)) {
        seen++;
        if (!oknode(*(node **)it.elem, *(int64_t *)it.key)) bad++;
    }
    gort_map_iter_init(moved, &it);
    while (gort_map_iter_next(&it)) {
        seen++;
        if (!oknode(*(node **)it.elem, *(int64_t *)it.key)) bad++;
    }
    gort_map_iter_init(strs, &it);
    while (gort_map_iter_next(&it)) {
        gort_string s = *(gort_string *)it.key;
        char b[24];
        int len = snprintf(b, sizeof b, "s%lld", (long long)*(int64_t *)it.elem);
        if (s.len != len || memcmp(s.ptr, b, (size_t)len) != 0) bad++;
        seen++;
    }
    gort_map_iter_init(big, &it);
    while (gort_map_iter_next(&it)) {
        bigval *bv = it.elem;
        if (bv->n != *(int64_t *)it.key || !oknode(bv->p[39], bv->n)) bad++;
        seen++;
    }
    gort_map_iter_init(plain, &it);
    while (gort_map_iter_next(&it)) {
        if (*(int64_t *)it.elem != *(int64_t *)it.key) bad++;
        seen++;
    }
    printf("gc maps: bad=%ld seen=%ld len=%ld\n", bad, seen,
           (long)(gort_map_len(ptrs) + gort_map_len(moved) + gort_map_len(strs) +
                  gort_map_len(big) + gort_map_len(plain)));
}

static void main_gc(void *arg) {
    (void)arg;
#if GORT_SANITIZE_THREAD /* every goroutine switch and atomic is slow */
    gc_churn(2, 4000, 5000);
#else
    gc_churn(6, 20000, 20000);
#endif
}
static void main_gcstress(void *arg) {
    (void)arg;
    gc_churn(2, 300, 1000);
}

static void c_race_ww(void) {
    gort_config cfg = {.gomaxprocs = 2};
    gort_main(&cfg, main_race, NULL);
}
static void c_race_rw(void) {
    gort_config cfg = {.gomaxprocs = 2};
    gort_main(&cfg, main_race, (void *)1);
}

static const tl_scenario scenarios[] = {
    {"nilassign", .main = main_nilassign}, {"nilassign_fast", .main = main_nilassign_fast},
    {"unhashable", .main = main_unhashable}, {"badfast", .main = main_badfast},
    {"race_ww", .raw = c_race_ww}, {"race_rw", .raw = c_race_rw},
    {"gc", .main = main_gc}, {"gcstress", .main = main_gcstress},
};

static tl_child_result res;

static bool startswith(const char *s, const char *p) {
    return strncmp(s, p, strlen(p)) == 0;
}

static void test_panics(void *arg) {
    (void)arg;
    const char *env[] = {"GOTRACEBACK=none", NULL};
    tl_child("nilassign", env, NULL, &res);
    CHECK_EQ(res.status, 2);
    CHECK(startswith(res.out, "panic: assignment to entry in nil map\n"));
    tl_child("nilassign_fast", env, NULL, &res);
    CHECK(startswith(res.out, "panic: assignment to entry in nil map\n"));
    tl_child("unhashable", env, NULL, &res);
    CHECK_EQ(res.status, 2);
    CHECK(startswith(res.out,
                        "panic: runtime error: hash of unhashable type []int\n"));
    tl_child("badfast", env, NULL, &res);
    CHECK_EQ(res.status, 2);
    CHECK(startswith(res.out, "fatal error: gort_map_assign_fast64: map key "
                                 "type float64 does not fit this fast path\n"));
}

static void test_concurrent_writes(void *arg) {
    (void)arg;
#if GORT_SANITIZE_THREAD
    /* The children race on purpose; TSan would report that instead. */
    return;
#endif
    const char *env[] = {"GOTRACEBACK=none", NULL};
    tl_child("race_ww", env, NULL, &res);
    if (!startswith(res.out, "fatal error: concurrent map writes\n"))
        FAILF("race_ww printed:\n%s", res.out);
    CHECK_EQ(res.status, 2);
    tl_child("race_rw", env, NULL, &res);
    if (!startswith(res.out, "fatal error: concurrent map read and map write\n"))
        FAILF("race_rw printed:\n%s", res.out);
    CHECK_EQ(res.status, 2);
}

static void test_gc_keeps_values(void *arg) {
    (void)arg;
    const char *env1[] = {"GODEBUG=gccheckmark=1", NULL};
    tl_child("gc", env1, NULL, &res);
    if (res.status != 0 || !strstr(res.out, "gc maps: bad=0 seen="))
        FAILF("gc child (%d):\n%s", res.status, res.out);
    const char *env2[] = {"GODEBUG=gcstress=1,gccheckmark=1", NULL};
    tl_child("gcstress", env2, NULL, &res);
    if (res.status != 0 || !strstr(res.out, "gc maps: bad=0 seen="))
        FAILF("gcstress child (%d):\n%s", res.status, res.out);
}

int main(int argc, char **argv) {
    tl_child_main(argc, argv, scenarios, RT_ARRAY_LEN(scenarios));
    tl_procs = 2; /* every body starts with GOMAXPROCS 2 */
    const struct CMUnitTest tests[] = {
        GO_TEST(test_inverse),
        GO_TEST(test_model_random),
        GO_TEST(test_iter_during_growth),
        GO_TEST(test_iter_update),
        GO_TEST(test_iter_random),
        GO_TEST(test_same_size_grow),
        GO_TEST(test_introspection),
        GO_TEST(test_float_keys),
        GO_TEST(test_nan_growth),
        GO_TEST(test_string_keys),
        GO_TEST(test_composite_keys),
        GO_TEST(test_interface_keys),
        GO_TEST(test_indirect),
        GO_TEST(test_fast32_and_sets),
        GO_TEST(test_clear),
        GO_TEST(test_nil_map_reads),
        GO_TEST(test_panics),
        GO_TEST(test_concurrent_writes),
        GO_TEST(test_gc_keeps_values),
    };
    return cmocka_run_group_tests_name("map", tests, NULL, NULL);
}
