/*
 * test_slice.c — slices (runtime/src/slice.c, docs/slices-and-strings.md):
 * make, append's growth sequence, aliasing, copy, reslicing, every bounds
 * panic message, and the collector keeping pointer elements alive.
 *
 * Bodies run on goroutines through gort_call (testlib.h).  Panics
 * are caught in-process with a deferred recover and compared with the
 * text Go 1.19 prints for the same expression (the Go expression is
 * beside each case).  Scenarios that end the program, or that need
 * GODEBUG settings, run in a child process (/proc/self/exe --child NAME).
 */
#include "testlib.h"

typedef struct node {
    struct node *next;
    int64_t val;
} node;

static const uint8_t node_mask[1] = {0x1};
static const gort_type node_type = {.size = sizeof(node),
                                    .align = _Alignof(node),
                                    .ptrwords = 1,
                                    .ptrmask = node_mask,
                                    .name = "node",
                                    .kind = GORT_KIND_STRUCT};

/* Element types of 1, 8, 24 and 40 bytes; the 24-byte one holds a
 * pointer in its middle word. */
typedef struct { int64_t a; void *p; int64_t c; } elem24;
typedef struct { int64_t w[5]; } elem40;
static const uint8_t elem24_mask[1] = {0x2};
static const gort_type elem24_type = {.size = 24, .align = 8, .ptrwords = 2,
                                      .ptrmask = elem24_mask, .name = "elem24",
                                      .kind = GORT_KIND_STRUCT};
static const gort_type elem40_type = {.size = 40, .align = 8, .name = "elem40",
                                      .kind = GORT_KIND_STRUCT};

/* ---------------------------------------------------------------------- */
/* make                                                                    */
/* ---------------------------------------------------------------------- */

static void body_make(void *arg) {
    (void)arg;
    gort_slice s = gort_make_slice(&gort_type_int, 3, 10);
    CHECK_EQ(s.len, 3);
    CHECK_EQ(s.cap, 10);
    for (int i = 0; i < 10; i++) CHECK_EQ(((int64_t *)s.ptr)[i], 0);
    CHECK(objsize(s.ptr) == 80);
    /* make([]T, 0) is not nil: it points at the zero-size base. */
    gort_slice z = gort_make_slice(&gort_type_int, 0, 0);
    CHECK(z.ptr != NULL);
    CHECK(z.ptr == gort_make_slice(&node_type, 0, 0).ptr);
    /* A pointerful array is scanned with the element's mask repeated. */
    gort_slice e = gort_make_slice(&elem24_type, 4, 4);
    uintptr_t idx;
    MSpan *sp = obj_span(e.ptr, &idx);
    CHECK(sp != NULL);
    for (int i = 0; i < 4 * 3; i++)
        CHECK_EQ(rt_heapBitsIsPointer(sp, (uintptr_t)e.ptr + (uintptr_t)i * 8),
                 i % 3 == 1);
}

/* ---------------------------------------------------------------------- */
/* Growth                                                                  */
/* ---------------------------------------------------------------------- */

/* Capacities after appending one element at a time to a nil slice, as
 * Go 1.19 prints them (the oracle: a Go program appending to []byte,
 * []int64, a 24-byte and a 40-byte struct, run with go1.19). */
static const intptr_t go_caps1[] = {8, 16, 32, 64, 128, 256, 512, 896, 1408,
                                    2048, 3072, 4096, 5376, 6912, 9472,
                                    12288, 16384, 21760};
static const intptr_t go_caps8[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512,
                                    848, 1280, 1792, 2560, 3408, 5120, 7168,
                                    9216, 12288, 16384, 21504, 27648};
static const intptr_t go_caps24[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512,
                                     853, 1365, 2048, 3072, 4096, 5461, 7168,
                                     9216, 11946, 15360, 19456, 24576};
static const intptr_t go_caps40[] = {1, 2, 4, 8, 16, 32, 67, 134, 272, 544,
                                     1024, 1638, 2252, 3072, 4096, 5324, 6963,
                                     9011, 11468, 14540, 18432, 23347};

/* The same under GODEBUG=gortgrowslice=classic (double below 1024, then
 * x1.25 until it fits, over Go's size classes), computed outside the
 * runtime (a short Python model of the rule over the class table). */
static const intptr_t caps1[] = {8, 16, 32, 64, 128, 256, 512, 1024, 1280,
                                 1792, 2304, 3072, 4096, 5376, 6784, 9472,
                                 12288, 16384, 20480};
static const intptr_t caps8[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024,
                                 1280, 1696, 2304, 3072, 4096, 5120, 7168,
                                 9216, 12288, 15360, 19456, 24576};
static const intptr_t caps24[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024,
                                  1365, 1706, 2389, 3072, 4096, 5120, 6485,
                                  8192, 10240, 12970, 16384, 20480};
static const intptr_t caps40[] = {1, 2, 4, 8, 16, 32, 67, 134, 272, 544, 1228,
                                  1638, 2048, 2662, 3481, 4505, 5734, 7168,
                                  9011, 11264, 14131, 17817, 22323};

/* One append to a full slice of cap c (make([]T, c, c)), element size 1, 8
 * or 24: Go 1.19's resulting capacities. */
static const struct { int size; intptr_t from, to; } go_one[] = {
    {8, 0, 1},       {1, 0, 8},       {24, 0, 1},      {8, 5, 10},
    {1, 5, 16},      {24, 5, 10},     {8, 100, 224},   {1, 100, 208},
    {24, 100, 202},  {8, 255, 512},   {1, 255, 512},   {24, 255, 512},
    {8, 256, 512},   {1, 256, 512},   {24, 256, 512},  {8, 257, 608},
    {1, 257, 576},   {24, 257, 565},  {8, 300, 608},   {1, 300, 576},
    {24, 300, 597},  {8, 511, 848},   {1, 511, 896},   {24, 511, 853},
    {8, 1000, 1536}, {1, 1000, 1536}, {24, 1000, 1706}, {8, 1024, 1536},
    {1, 1024, 1536}, {24, 1024, 1706}, {8, 1280, 1792}, {1, 1280, 1792},
    {24, 1280, 2048}, {8, 2000, 2720}, {1, 2000, 3072}, {24, 2000, 2730},
    {8, 5000, 7168}, {1, 5000, 6528}, {24, 5000, 6485}, {8, 100000, 125952},
    {1, 100000, 131072}, {24, 100000, 125269},
};

/* Both rules, restated for any starting point (the size-class rounding
 * from the allocator's own rt_roundupsize). */
static intptr_t rulecap(intptr_t old, intptr_t need, uintptr_t size) {
    intptr_t c;
    bool classic = rt_debug.growclassic;
    if (need > 2 * old) c = need;
    else if (old < (classic ? 1024 : 256)) c = 2 * old;
    else if (classic) for (c = old; c < need;) c += c / 4;
    else for (c = old; c < need;) c += (c + 768) / 4;
    return (intptr_t)(rt_roundupsize((uintptr_t)c * size) / size);
}

static void growth(const gort_type *t, const intptr_t *want, size_t n) {
    char zero[64] = {0};
    gort_slice s = {0};
    size_t k = 0;
    intptr_t lastcap = 0;
    while (k < n) {
        s = gort_append(t, s, zero, 1);
        if (s.cap != lastcap) {
            if (s.cap != want[k])
                FAILF("%s: growth %zu: cap %ld, want %ld",
                      t->name, k, (long)s.cap, (long)want[k]);
            CHECK_EQ(s.cap, rulecap(lastcap, lastcap + 1, t->size));
            /* The backing object is the size class of cap elements. */
            uintptr_t bytes = (uintptr_t)s.cap * t->size;
            CHECK(objsize(s.ptr) >= bytes);
            CHECK(objsize(s.ptr) - bytes < t->size || bytes < 16);
            lastcap = s.cap;
            k++;
        }
    }
}

static void body_growth_sequence(void *arg) {
    (void)arg;
    CHECK(!rt_debug.growclassic);
    growth(&gort_type_bytes, go_caps1, RT_ARRAY_LEN(go_caps1));
    growth(&gort_type_int, go_caps8, RT_ARRAY_LEN(go_caps8));
    growth(&elem24_type, go_caps24, RT_ARRAY_LEN(go_caps24));
    growth(&elem40_type, go_caps40, RT_ARRAY_LEN(go_caps40));
    for (size_t i = 0; i < RT_ARRAY_LEN(go_one); i++) {
        const gort_type *t = go_one[i].size == 1   ? &gort_type_bytes
                             : go_one[i].size == 8 ? &gort_type_int
                                                   : &elem24_type;
        gort_slice s = gort_make_slice(t, go_one[i].from, go_one[i].from);
        char zero[24] = {0};
        s = gort_append(t, s, zero, 1);
        if (s.cap != go_one[i].to)
            FAILF("size %d cap %ld + 1: cap %ld, want %ld",
                  go_one[i].size, (long)go_one[i].from, (long)s.cap,
                  (long)go_one[i].to);
    }
}

/* GODEBUG=gortgrowslice=classic, set here the way rt_parsedebugvars sets
 * it (the tests run one at a time). */
static void body_growth_classic(void *arg) {
    (void)arg;
    rt_debug.growclassic = 1;
    growth(&gort_type_bytes, caps1, RT_ARRAY_LEN(caps1));
    growth(&gort_type_int, caps8, RT_ARRAY_LEN(caps8));
    growth(&elem24_type, caps24, RT_ARRAY_LEN(caps24));
    growth(&elem40_type, caps40, RT_ARRAY_LEN(caps40));
    rt_debug.growclassic = 0;
}

static void body_growth_bulk(void *arg) {
    (void)arg;
    int64_t vals[5000];
    for (int i = 0; i < 5000; i++) vals[i] = i;
    /* More than double at once: exactly what is needed, rounded. */
    gort_slice s = gort_append(&gort_type_int, (gort_slice){0}, vals, 5);
    CHECK_EQ(s.cap, 6); /* 40 bytes -> class 48 */
    s = gort_append(&gort_type_int, s, vals, 100);
    CHECK_EQ(s.len, 105);
    CHECK_EQ(s.cap, rulecap(6, 105, 8));
    s = gort_append(&gort_type_int, s, vals, 5000);
    CHECK_EQ(s.len, 5105);
    for (int i = 0; i < 5; i++) CHECK_EQ(((int64_t *)s.ptr)[i], i);
    for (int i = 0; i < 5000; i++) CHECK_EQ(((int64_t *)s.ptr)[105 + i], i);
    /* From 256 on the steps repeat until the request fits. */
    gort_slice b = gort_make_slice(&gort_type_int, 2000, 2000);
    gort_slice g = gort_slice_grow(&gort_type_int, b, 3500);
    CHECK_EQ(g.len, 2000);
    CHECK_EQ(g.cap, rulecap(2000, 3500, 8)); /* 2000 2692 3557 */
    CHECK_EQ(g.cap, 3584);                   /* 28456 bytes -> class 28672 */
    /* Zero-size elements never allocate. */
    static const gort_type empty = {.size = 0, .align = 1, .name = "struct{}"};
    gort_slice e = {0};
    for (int i = 0; i < 100; i++) e = gort_append(&empty, e, vals, 1);
    CHECK_EQ(e.len, 100);
    CHECK(e.ptr == gort_make_slice(&gort_type_int, 0, 0).ptr);
    /* The tail beyond len is zeroed after growth. */
    gort_slice t = gort_make_slice(&gort_type_int, 3, 3);
    t = gort_append(&gort_type_int, t, vals + 7, 1);
    for (intptr_t i = 4; i < t.cap; i++) CHECK_EQ(((int64_t *)t.ptr)[i], 0);
}

static void body_append_macro(void *arg) {
    (void)arg;
    gort_slice s = {0};
    for (int64_t i = 0; i < 10000; i++) GORT_APPEND(s, &gort_type_int, int64_t, i * 3);
    CHECK_EQ(s.len, 10000);
    for (int64_t i = 0; i < 10000; i++) CHECK_EQ(((int64_t *)s.ptr)[i], i * 3);
    gort_slice p = {0};
    for (int i = 0; i < 100; i++) {
        node *n = gort_new(&node_type);
        n->val = i;
        GORT_APPEND(p, &gort_type_pointer, node *, n);
    }
    for (int i = 0; i < 100; i++) CHECK_EQ(((node **)p.ptr)[i]->val, i);
    /* Every element width through the macro (its pointer branch is
     * compiled for all of them). */
    gort_slice b = {0};
    for (int i = 0; i < 300; i++) GORT_APPEND(b, &gort_type_bytes, uint8_t, (uint8_t)i);
    CHECK_EQ(b.len, 300);
    CHECK_EQ(((uint8_t *)b.ptr)[299], 299 % 256);
    gort_slice e = {0};
    for (int i = 0; i < 50; i++) {
        elem24 v = {i, gort_new(&node_type), -i};
        GORT_APPEND(e, &elem24_type, elem24, v);
    }
    CHECK_EQ(((elem24 *)e.ptr)[49].c, -49);
    /* append(s, s...) reads the old array while writing the new one. */
    gort_slice d = gort_append(&gort_type_int, s, s.ptr, s.len);
    CHECK_EQ(d.len, 20000);
    for (int64_t i = 0; i < 20000; i++) CHECK_EQ(((int64_t *)d.ptr)[i], (i % 10000) * 3);
}

/* ---------------------------------------------------------------------- */
/* Aliasing                                                                */
/* ---------------------------------------------------------------------- */

static int64_t at(gort_slice s, intptr_t i) {
    return *(int64_t *)gort_slice_index(&gort_type_int, s, i);
}

static void body_aliasing(void *arg) {
    (void)arg;
    int64_t one = 1, two = 2, five = 5;
    /* a := make([]int, 3, 4); b := append(a, 1); c := append(a, 2) */
    gort_slice a = gort_make_slice(&gort_type_int, 3, 4);
    gort_slice b = gort_append(&gort_type_int, a, &one, 1);
    gort_slice c = gort_append(&gort_type_int, a, &two, 1);
    CHECK(b.ptr == a.ptr && c.ptr == a.ptr);
    CHECK_EQ(at(b, 3), 2); /* c's append overwrote b's last element */
    CHECK_EQ(at(c, 3), 2);
    /* d := append(b, 5): b is full, so d gets a new array. */
    gort_slice d = gort_append(&gort_type_int, b, &five, 1);
    CHECK(d.ptr != b.ptr);
    *(int64_t *)gort_slice_index(&gort_type_int, d, 0) = 99;
    CHECK_EQ(at(b, 0), 0); /* b no longer shares with d */
    CHECK_EQ(at(d, 0), 99);
    CHECK_EQ(at(d, 3), 2);
    CHECK_EQ(at(d, 4), 5);
    /* A subslice shares the array up to its cap: s[1:2] then append
     * writes s[2]. */
    gort_slice s = gort_make_slice(&gort_type_int, 4, 4);
    gort_slice sub = gort_slice_slice(&gort_type_int, s, 1, 2);
    CHECK_EQ(sub.cap, 3);
    sub = gort_append(&gort_type_int, sub, &five, 1);
    CHECK_EQ(at(s, 2), 5);
    /* The full slice expression limits cap, so append must copy. */
    gort_slice lim = gort_slice_slice3(&gort_type_int, s, 1, 2, 2);
    CHECK_EQ(lim.cap, 1);
    lim = gort_append(&gort_type_int, lim, &one, 1);
    CHECK(lim.ptr != (char *)s.ptr + 8);
    CHECK_EQ(at(s, 2), 5);
    /* A zero-cap reslice at the end keeps the base pointer. */
    gort_slice end = gort_slice_slice(&gort_type_int, s, 4, 4);
    CHECK(end.ptr == s.ptr);
    CHECK_EQ(end.len, 0);
    CHECK_EQ(end.cap, 0);
}

static void body_copy(void *arg) {
    (void)arg;
    gort_slice s = gort_make_slice(&gort_type_int, 10, 10);
    int64_t *v = s.ptr;
    for (int i = 0; i < 10; i++) v[i] = i;
    /* copy(s[2:], s): overlapping, forward. */
    CHECK_EQ(gort_copy(&gort_type_int, gort_slice_slice(&gort_type_int, s, 2, 10), s), 8);
    for (int i = 0; i < 8; i++) CHECK_EQ(v[2 + i], i);
    /* copy(s, s[3:]): overlapping, backward. */
    for (int i = 0; i < 10; i++) v[i] = i;
    CHECK_EQ(gort_copy(&gort_type_int, s, gort_slice_slice(&gort_type_int, s, 3, 10)), 7);
    for (int i = 0; i < 7; i++) CHECK_EQ(v[i], i + 3);
    /* min(len) elements; nil slices copy nothing. */
    gort_slice small = gort_make_slice(&gort_type_int, 2, 2);
    CHECK_EQ(gort_copy(&gort_type_int, small, s), 2);
    CHECK_EQ(gort_copy(&gort_type_int, (gort_slice){0}, s), 0);
    CHECK_EQ(gort_copy(&gort_type_int, s, (gort_slice){0}), 0);
    /* Pointer elements, overlapping both ways. */
    gort_slice p = gort_make_slice(&gort_type_pointer, 6, 6);
    node *ns[6];
    for (int i = 0; i < 6; i++) {
        ns[i] = gort_new(&node_type);
        ((node **)p.ptr)[i] = ns[i];
    }
    CHECK_EQ(gort_copy(&gort_type_pointer, gort_slice_slice(&gort_type_pointer, p, 1, 6), p), 5);
    CHECK(((node **)p.ptr)[0] == ns[0]);
    for (int i = 1; i < 6; i++) CHECK(((node **)p.ptr)[i] == ns[i - 1]);
    CHECK_EQ(gort_copy(&gort_type_pointer, p, gort_slice_slice(&gort_type_pointer, p, 1, 6)), 5);
    for (int i = 0; i < 5; i++) CHECK(((node **)p.ptr)[i] == ns[i]);
}

/* Byte copies of every length around the vector path's edges (256 B to
 * 64 KiB, any tail), at odd offsets, overlapping or not. */
static void body_copy_sizes(void *arg) {
    (void)arg;
    enum { N = 70000 };
    gort_slice a = gort_make_slice(&gort_type_bytes, N, N);
    gort_slice b = gort_make_slice(&gort_type_bytes, N, N);
    static uint8_t ref[N];
    uint8_t *pa = a.ptr, *pb = b.ptr;
    intptr_t lens[] = {0, 1, 127, 255, 256, 257, 300, 383, 384, 4096, 4097,
                       5000, 65535, 65536, 65537, 69000};
    for (size_t li = 0; li < RT_ARRAY_LEN(lens); li++) {
        for (int off = 0; off < 3; off++) {
            intptr_t n = lens[li];
            for (int i = 0; i < N; i++) pa[i] = (uint8_t)(i * 7 + off), pb[i] = 0xEE;
            gort_slice src = gort_slice_slice(&gort_type_bytes, a, off, off + n);
            gort_slice dst = gort_slice_slice(&gort_type_bytes, b, 2 * off + 1, N);
            CHECK_EQ(gort_copy(&gort_type_bytes, dst, src), n);
            for (intptr_t i = 0; i < N; i++) {
                uint8_t want = i >= 2 * off + 1 && i < 2 * off + 1 + n
                                   ? (uint8_t)((i - 2 * off - 1 + off) * 7 + off)
                                   : 0xEE;
                if (pb[i] != want)
                    FAILF("len %ld off %d: byte %ld", (long)n, off, (long)i);
            }
            /* Overlapping, within one array, both directions. */
            if (n + 300 > N) continue;
            memcpy(ref, pa, N);
            gort_copy(&gort_type_bytes, gort_slice_slice(&gort_type_bytes, a, 200 + off, N),
                      gort_slice_slice(&gort_type_bytes, a, 0, n));
            memmove(ref + 200 + off, ref, (size_t)n);
            CHECK(memcmp(ref, pa, N) == 0);
            gort_copy(&gort_type_bytes, a, gort_slice_slice(&gort_type_bytes, a, 100 + off, 100 + off + n));
            memmove(ref, ref + 100 + off, (size_t)n);
            CHECK(memcmp(ref, pa, N) == 0);
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Bounds panics                                                           */
/* ---------------------------------------------------------------------- */

enum { OP_INDEX, OP_SLICE, OP_SLICE3, OP_MAKE, OP_GROW, OP_APPEND, OP_BOUNDS };

typedef struct op {
    int kind;
    const gort_type *t;
    gort_slice s;
    intptr_t a, b, c;
} op;

static void run_op(void *arg) {
    op *o = arg;
    switch (o->kind) {
    case OP_INDEX: gort_slice_index(o->t, o->s, o->a); break;
    case OP_SLICE: gort_slice_slice(o->t, o->s, o->a, o->b); break;
    case OP_SLICE3: gort_slice_slice3(o->t, o->s, o->a, o->b, o->c); break;
    case OP_MAKE: gort_make_slice(o->t, o->a, o->b); break;
    case OP_GROW: gort_slice_grow(o->t, o->s, o->a); break;
    case OP_APPEND: gort_append(o->t, o->s, o->s.ptr, o->a); break;
    case OP_BOUNDS: gort_panic_bounds((gort_bounds)o->a, o->b, o->c); break;
    }
}

static void body_bounds_messages(void *arg) {
    (void)arg;
    gort_slice s = gort_make_slice(&gort_type_int, 3, 3);
    const gort_type *T = &gort_type_int;
    static const char *const rt = "runtime error: ";
    struct {
        op o;
        const char *want; /* after "runtime error: " */
    } cases[] = {
        /* s[5], s[-1] */
        {{OP_INDEX, T, s, 5, 0, 0}, "index out of range [5] with length 3"},
        {{OP_INDEX, T, s, -1, 0, 0}, "index out of range [-1]"},
        {{OP_INDEX, T, s, 3, 0, 0}, "index out of range [3] with length 3"},
        /* s[:5], s[2:1], s[-1:], s[:-1] */
        {{OP_SLICE, T, s, 0, 5, 0}, "slice bounds out of range [:5] with capacity 3"},
        {{OP_SLICE, T, s, 2, 1, 0}, "slice bounds out of range [2:1]"},
        {{OP_SLICE, T, s, -1, 3, 0}, "slice bounds out of range [-1:]"},
        {{OP_SLICE, T, s, 0, -1, 0}, "slice bounds out of range [:-1]"},
        /* s[:0:5], s[:3:2], s[2:1:3], s[0:1:-1], s[0:-1:2], s[-1:1:2] */
        {{OP_SLICE3, T, s, 0, 0, 5}, "slice bounds out of range [::5] with capacity 3"},
        {{OP_SLICE3, T, s, 0, 3, 2}, "slice bounds out of range [:3:2]"},
        {{OP_SLICE3, T, s, 2, 1, 3}, "slice bounds out of range [2:1:]"},
        {{OP_SLICE3, T, s, 0, 1, -1}, "slice bounds out of range [::-1]"},
        {{OP_SLICE3, T, s, 0, -1, 2}, "slice bounds out of range [:-1:]"},
        {{OP_SLICE3, T, s, -1, 1, 2}, "slice bounds out of range [-1::]"},
        /* make([]int, -1), make([]int, 3, 2), make([]int64, 0, 1<<60),
         * make([]int64, 1<<60) */
        {{OP_MAKE, T, s, -1, 0, 0}, "makeslice: len out of range"},
        {{OP_MAKE, T, s, 3, 2, 0}, "makeslice: cap out of range"},
        {{OP_MAKE, T, s, 0, (intptr_t)1 << 60, 0}, "makeslice: cap out of range"},
        {{OP_MAKE, T, s, (intptr_t)1 << 60, (intptr_t)1 << 60, 0},
         "makeslice: len out of range"},
        /* growslice below the old cap, or beyond what can be allocated */
        {{OP_GROW, T, s, 2, 0, 0}, "growslice: cap out of range"},
        {{OP_GROW, T, s, (intptr_t)1 << 60, 0, 0}, "growslice: cap out of range"},
        {{OP_APPEND, T, s, INTPTR_MAX, 0, 0}, "growslice: cap out of range"},
        /* arrays: a[:5], a[:0:5] with a [3]int */
        {{OP_BOUNDS, T, s, GORT_BOUNDS_SLICE_ALEN, 5, 3},
         "slice bounds out of range [:5] with length 3"},
        {{OP_BOUNDS, T, s, GORT_BOUNDS_SLICE3_ALEN, 5, 3},
         "slice bounds out of range [::5] with length 3"},
        {{OP_BOUNDS, T, s, GORT_BOUNDS_INDEX, INT64_MIN, 3},
         "index out of range [-9223372036854775808]"},
        /* in range: no panic */
        {{OP_SLICE3, T, s, 3, 3, 3}, NULL},
        {{OP_SLICE, T, s, 0, 3, 0}, NULL},
        {{OP_INDEX, T, s, 2, 0, 0}, NULL},
    };
    for (size_t i = 0; i < RT_ARRAY_LEN(cases); i++) {
        char want[160];
        if (cases[i].want) snprintf(want, sizeof want, "%s%s", rt, cases[i].want);
        else snprintf(want, sizeof want, "<no panic>");
        const char *got = panictext(run_op, &cases[i].o);
        if (strcmp(got, want) != 0)
            FAILF("case %zu: got \"%s\", want \"%s\"", i,
                  got, want);
    }
}

/* An unrecovered bounds panic prints as Go's and exits with status 2. */
static void child_index_panic(void *arg) {
    (void)arg;
    gort_slice s = gort_make_slice(&gort_type_int, 3, 3);
    volatile intptr_t i = 5;
    gort_slice_index(&gort_type_int, s, i);
}

static tl_child_result cres;

static void body_unrecovered(void *arg) {
    (void)arg;
    tl_child("index_panic", NULL, NULL, &cres);
    static const char want[] =
        "panic: runtime error: index out of range [5] with length 3\n\n"
        "goroutine 1 [running]:\n";
    if (strncmp(cres.out, want, strlen(want)) != 0)
        FAILF("child printed:\n%s", cres.out);
    CHECK_EQ(cres.status, 2);
}

/* ---------------------------------------------------------------------- */
/* The collector and pointer elements                                      */
/* ---------------------------------------------------------------------- */

#define NNODES 2000

/* Fills a slice of type t (a pointer, or uintptr) with new nodes, keeping
 * no other reference.  Not inlined, so its locals die with its frame. */
static RT_NOINLINE gort_slice fill(const gort_type *t) {
    gort_slice s = {0};
    for (int i = 0; i < NNODES; i++) {
        node *n = gort_new(&node_type);
        n->val = 1000 + i;
        GORT_APPEND(s, t, node *, n);
    }
    return s;
}

/* Overwrites the words of a dead stack region that may hold stale node
 * pointers (the stack is scanned conservatively). */
static RT_NOINLINE void scrub(void) {
    volatile char pad[16384];
    memset((char *)pad, 0, sizeof pad);
}

/* Nodes of s still allocated and holding their value (a freed node is
 * either unallocated or reused by the churn, which writes -1). */
static int alive(gort_slice s) {
    int n = 0;
    for (int i = 0; i < NNODES; i++) {
        uintptr_t p = ((uintptr_t *)s.ptr)[i];
        n += rt_findObject(p, NULL, NULL, NULL) && ((node *)p)->val == 1000 + i;
    }
    return n;
}

static void body_gc_keeps_elements(void *arg) {
    (void)arg;
    gort_slice ptrs = fill(&gort_type_pointer);
    gort_slice words = fill(&gort_type_uintptr); /* noscan: not roots */
    scrub();
    for (int k = 0; k < 3; k++) {
        gort_gc();
        /* Churn the same size class, reusing any freed slot. */
        for (int i = 0; i < NNODES; i++) {
            node *g = gort_new(&node_type);
            g->val = -1;
        }
    }
    for (int i = 0; i < NNODES; i++)
        CHECK_EQ(((node **)ptrs.ptr)[i]->val, 1000 + i);
    CHECK_EQ(alive(ptrs), NNODES);
    /* The control: nodes reachable only as integers are collected (a few
     * may survive through stale stack words). */
    if (alive(words) > NNODES / 2)
        FAILF("noscan control: %d of %d survived",
              alive(words), NNODES);
    gort_keepalive(ptrs.ptr);
    gort_keepalive(words.ptr);
}

/* Appends, copies and reslices pointer slices while cycles run back to
 * back (GODEBUG=gcstress), with checkmark verifying every cycle: a
 * missing barrier on any of these paths is reported as a fatal error. */
static void child_checkmark(void *arg) {
    (void)arg;
    gort_slice keep = {0};
    for (int round = 0; round < 40; round++) {
        gort_slice s = {0};
        for (int i = 0; i < 500; i++) {
            node *n = gort_new(&node_type);
            n->val = i;
            GORT_APPEND(s, &gort_type_pointer, node *, n);
        }
        gort_slice t = gort_make_slice(&gort_type_pointer, 250, 250);
        gort_copy(&gort_type_pointer, t, gort_slice_slice(&gort_type_pointer, s, 250, 500));
        gort_copy(&gort_type_pointer, s, gort_slice_slice(&gort_type_pointer, s, 1, 500));
        keep = gort_append(&gort_type_pointer, gort_slice_slice(&gort_type_pointer, keep, 0, keep.len > 1000 ? 0 : keep.len), t.ptr, t.len);
        gort_slice e = {0};
        for (int i = 0; i < 100; i++) {
            elem24 v = {i, gort_new(&node_type), -i};
            GORT_APPEND(e, &elem24_type, elem24, v);
        }
        for (int i = 0; i < 100; i++)
            if (((elem24 *)e.ptr)[i].a != i) gort_panic_str("elem24 corrupted");
        for (intptr_t i = 0; i < t.len; i++)
            if (((node **)t.ptr)[i]->val != 250 + i) gort_panic_str("node corrupted");
    }
    for (intptr_t i = 0; i < keep.len; i++)
        if (((node **)keep.ptr)[i]->val < 250) gort_panic_str("keep corrupted");
    gort_gc();
    gort_memstats ms;
    gort_read_memstats(&ms);
    printf("ok cycles>=5: %d\n", ms.NumGC >= 5);
}

/* The three barrier paths, each made to matter: while a cycle is held in
 * its mark phase after everything reachable was marked, a node that only
 * C memory (not a root) references moves into a black object through
 *   1. gort_copy into a black pointer array,
 *   2. growslice of an array only C memory references (the new array is
 *      allocated black; only the source shading saves the node),
 *   3. GORT_APPEND into a black array's spare capacity,
 * and the C reference is dropped.  Without the barrier the node stays
 * white and is freed; with gccheckmark=1 that is a fatal error. */

static RT_NOINLINE node *mknode(int64_t v) {
    node *n = gort_new(&node_type);
    n->val = v;
    return n;
}

static RT_NOINLINE void barriers(void) {
    node **hid = malloc(3 * sizeof *hid); /* C memory: not scanned */
    gort_slice *hs = malloc(sizeof *hs);
    for (int i = 0; i < 3; i++) hid[i] = mknode(7000 + i);
    *hs = gort_make_slice(&gort_type_pointer, 1, 1);
    ((node **)hs->ptr)[0] = mknode(8000);
    gort_slice a = gort_make_slice(&gort_type_pointer, 4, 4);
    gort_slice b = gort_make_slice(&gort_type_pointer, 0, 4);
    scrub();
    int done = 0;
    ast(&rt_gcTestHoldMark, 1u);
    gort_go(gc_runner, &done);
    while (!gc_marked_all(NULL)) gort_sleep(100 * GORT_MICROSECOND);
    gort_sleep(5 * GORT_MILLISECOND);
    /* 1 */
    gort_copy(&gort_type_pointer, a, (gort_slice){hid, 1, 1});
    hid[0] = NULL;
    /* 2 */
    gort_slice g = gort_slice_grow(&gort_type_pointer, *hs, 2);
    g.len = 1;
    memset(hs, 0, sizeof *hs);
    /* 3 */
    GORT_APPEND(b, &gort_type_pointer, node *, hid[1]);
    hid[1] = NULL;
    ast(&rt_gcTestHoldMark, 0u);
    rt_gcMarkDone();
    while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) gort_sleep(GORT_MILLISECOND);
    for (int k = 0; k < 2; k++) {
        gort_gc();
        for (int i = 0; i < 20000; i++) mknode(-1);
    }
    int ok = (((node **)a.ptr)[0]->val == 7000) +
             (((node **)g.ptr)[0]->val == 8000) +
             (((node **)b.ptr)[0]->val == 7001);
    printf("survived: %d\n", ok);
    free(hid);
    free(hs);
}

static void child_barriers(void *arg) {
    (void)arg;
    barriers();
}

static void body_checkmark(void *arg) {
    (void)arg;
    const char *stress[] = {"GODEBUG=gccheckmark=1,gcstress=200", NULL};
    tl_child("checkmark", stress, NULL, &cres);
    if (!strstr(cres.out, "ok cycles>=5: 1"))
        FAILF("child printed:\n%s", cres.out);
    CHECK_EQ(cres.status, 0);
    const char *checkmark[] = {"GODEBUG=gccheckmark=1", NULL};
    tl_child("barriers", checkmark, NULL, &cres);
    if (!strstr(cres.out, "survived: 3"))
        FAILF("child printed:\n%s", cres.out);
    CHECK_EQ(cres.status, 0);
}

static const tl_scenario scenarios[] = {
    {"index_panic", .main = child_index_panic},
    {"checkmark", .main = child_checkmark},
    {"barriers", .main = child_barriers},
};

int main(int argc, char **argv) {
    tl_child_main(argc, argv, scenarios, RT_ARRAY_LEN(scenarios));
    const struct CMUnitTest tests[] = {
        GO_TEST(body_make),
        GO_TEST(body_growth_sequence),
        GO_TEST(body_growth_classic),
        GO_TEST(body_growth_bulk),
        GO_TEST(body_append_macro),
        GO_TEST(body_aliasing),
        GO_TEST(body_copy),
        GO_TEST(body_copy_sizes),
        GO_TEST(body_bounds_messages),
        GO_TEST(body_unrecovered),
        GO_TEST(body_gc_keeps_elements),
        GO_TEST(body_checkmark),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
