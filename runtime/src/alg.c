/*
 * alg.c — hashing and equality for map keys (Go's alg.go).
 *
 * Every hash here takes a seed: each map draws its own (HMap.hash0) when it
 * is made, so the bucket a key lands in differs from map to map and from
 * run to run.  That is what makes collision attacks against a map built
 * from untrusted input impractical, and it is also why iteration order can
 * never be relied on.
 *
 * The memory hash is the wyhash construction: read the input in 8-byte
 * words, and mix pairs of words with one 64x64->128-bit multiplication
 * whose two halves are xor-folded ("mum").  A multiply moves every input
 * bit into the high half and the fold brings it back down, so one mum per
 * 16 bytes is enough to avalanche.
 *
 *     len <= 16:  two overlapping reads a, b cover the bytes
 *                 (4-byte reads for 4..16, a 3-byte gather below 4)
 *     len >  16:  48-byte rounds on three lanes, then 16-byte rounds, then
 *                 the last 16 bytes (overlapping) as a, b
 *     finish:     mum(a ^ P1, b ^ seed), then mix(a ^ P0 ^ len, b ^ P1)
 *
 * Keys of 4 and 8 bytes have their own one-multiply hashes in map.h
 * (rt_memhash32v/64v): the fast paths inline them, and every map whose key
 * is 4 or 8 plain bytes uses them, fast path or not, so the two kinds of
 * access agree.
 *
 * Values that are equal without being bit-identical get hashes that agree:
 *   floats   +0 and -0 are equal, so they hash alike; NaN != NaN, so a NaN
 *            key hashes to a random value (each NaN inserted is a new key,
 *            and looking one up never finds it), as in Go;
 *   strings  the bytes, not the pointer;
 *   any      the dynamic type's hash of the value; a nil any hashes to the
 *            seed.  A type that may not be a key (slice, map, func, or a
 *            type whose hash is gort_hash_unhashable) panics:
 *            "runtime error: hash of unhashable type []int".
 * Composite types (structs with strings or padding inside) describe
 * themselves with gort_type.hash/equal; gort_hash_value/gort_equal_value
 * are there to build those from the fields.
 *
 * Rejected: AES-NI hashing as Go does on amd64 (fast, but needs a portable
 * fallback anyway and the multiply hash is within a few ns for map keys);
 * FNV and other byte-at-a-time hashes (several times slower on strings).
 */
#include "map.h"

/* ---------------------------------------------------------------------- */
/* The memory hash                                                         */
/* ---------------------------------------------------------------------- */

static inline uint64_t rd8(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}
static inline uint64_t rd4(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* mum: a, b <- low and high halves of a*b. */
static inline void mum(uint64_t *a, uint64_t *b) {
    __uint128_t r = (__uint128_t)*a * *b;
    *a = (uint64_t)r;
    *b = (uint64_t)(r >> 64);
}

static RT_NOINLINE uint64_t memhash_long(const uint8_t *p, size_t n,
                                         uint64_t seed, uint64_t *pa,
                                         uint64_t *pb) {
    size_t i = n;
    if (i > 48) {
        uint64_t s1 = seed, s2 = seed;
        do {
            seed = rt_hmix(rd8(p) ^ RT_HASH_P1, rd8(p + 8) ^ seed);
            s1 = rt_hmix(rd8(p + 16) ^ RT_HASH_P2, rd8(p + 24) ^ s1);
            s2 = rt_hmix(rd8(p + 32) ^ RT_HASH_P3, rd8(p + 40) ^ s2);
            p += 48;
            i -= 48;
        } while (i > 48);
        seed ^= s1 ^ s2;
    }
    while (i > 16) {
        seed = rt_hmix(rd8(p) ^ RT_HASH_P1, rd8(p + 8) ^ seed);
        p += 16;
        i -= 16;
    }
    *pa = rd8(p + i - 16);
    *pb = rd8(p + i - 8);
    return seed;
}

uint64_t rt_memhash(const void *v, size_t n, uint64_t seed) {
    const uint8_t *p = v;
    uint64_t a, b;
    seed ^= rt_hmix(seed ^ RT_HASH_P0, RT_HASH_P1);
    if (likely(n <= 16)) {
        if (n >= 4) {
            size_t m = (n >> 3) << 2; /* 0 or 4 */
            a = rd4(p) << 32 | rd4(p + m);
            b = rd4(p + n - 4) << 32 | rd4(p + n - 4 - m);
        } else if (n > 0) {
            a = (uint64_t)p[0] << 16 | (uint64_t)p[n >> 1] << 8 | p[n - 1];
            b = 0;
        } else {
            a = b = 0;
        }
    } else {
        seed = memhash_long(p, n, seed, &a, &b);
    }
    a ^= RT_HASH_P1;
    b ^= seed;
    mum(&a, &b);
    return rt_hmix(a ^ RT_HASH_P0 ^ n, b ^ RT_HASH_P1);
}

uint64_t rt_memhash64(const void *p, uint64_t seed) {
    uint64_t v;
    memcpy(&v, p, 8);
    return rt_memhash64v(v, seed);
}

uint64_t rt_memhash32(const void *p, uint64_t seed) {
    uint32_t v;
    memcpy(&v, p, 4);
    return rt_memhash32v(v, seed);
}

/* A hash for a size the table of fixed-size hashers does not cover. */
#define MEMHASHN(n)                                                            \
    static uint64_t memhash##n(const void *p, uint64_t seed) {                 \
        return rt_memhash(p, n, seed);                                         \
    }                                                                          \
    static bool memequal##n(const void *a, const void *b) {                    \
        return memcmp(a, b, n) == 0;                                           \
    }
MEMHASHN(1)
MEMHASHN(2)
MEMHASHN(16)

static bool memequal32(const void *a, const void *b) {
    return *(const uint32_t *)a == *(const uint32_t *)b;
}
static bool memequal64(const void *a, const void *b) {
    return *(const uint64_t *)a == *(const uint64_t *)b;
}

/* ---------------------------------------------------------------------- */
/* Strings, floats, complex                                                */
/* ---------------------------------------------------------------------- */

uint64_t rt_strhash(const void *p, uint64_t seed) {
    const gort_string *s = p;
    return rt_memhash(s->ptr, (size_t)s->len, seed);
}

bool rt_strequal(const void *a, const void *b) {
    const gort_string *x = a, *y = b;
    return x->len == y->len &&
           (x->ptr == y->ptr || memcmp(x->ptr, y->ptr, (size_t)x->len) == 0);
}

/* A hash for a NaN: random, so that NaN keys never collide on purpose. */
static uint64_t nanhash(uint64_t seed) {
    return rt_memhash64v((uint64_t)rt_fastrand() << 32 | rt_fastrand(), seed);
}

uint64_t rt_f32hash(const void *p, uint64_t seed) {
    float f = *(const float *)p;
    if (f == 0) return rt_memhash32v(0, seed); /* +0 and -0 */
    if (f != f) return nanhash(seed);
    return rt_memhash32(p, seed);
}

uint64_t rt_f64hash(const void *p, uint64_t seed) {
    double f = *(const double *)p;
    if (f == 0) return rt_memhash64v(0, seed);
    if (f != f) return nanhash(seed);
    return rt_memhash64(p, seed);
}

uint64_t rt_c64hash(const void *p, uint64_t seed) {
    const float *x = p;
    return rt_f32hash(x + 1, rt_f32hash(x, seed));
}

uint64_t rt_c128hash(const void *p, uint64_t seed) {
    const double *x = p;
    return rt_f64hash(x + 1, rt_f64hash(x, seed));
}

bool rt_f32equal(const void *a, const void *b) {
    return *(const float *)a == *(const float *)b;
}
bool rt_f64equal(const void *a, const void *b) {
    return *(const double *)a == *(const double *)b;
}
bool rt_c64equal(const void *a, const void *b) {
    const float *x = a, *y = b;
    return x[0] == y[0] && x[1] == y[1];
}
bool rt_c128equal(const void *a, const void *b) {
    const double *x = a, *y = b;
    return x[0] == y[0] && x[1] == y[1];
}

/* ---------------------------------------------------------------------- */
/* Any type                                                                */
/* ---------------------------------------------------------------------- */

uint64_t gort_hash_unhashable(const void *value, uint64_t seed) {
    (void)value;
    (void)seed;
    rt_panicrt("hash of unhashable type");
}

bool rt_typehashable(const gort_type *t) {
    if (t->hash == gort_hash_unhashable) return false;
    if (t->hash) return true;
    switch (t->kind) {
    case GORT_KIND_SLICE:
    case GORT_KIND_MAP:
    case GORT_KIND_FUNC:
        return false;
    default:
        return true;
    }
}

static GORT_NORETURN RT_NOINLINE void unhashable(const gort_type *t) {
    rt_panicrt("hash of unhashable type %s", t->name ? t->name : "?");
}

/* Composites described by their fields or elements (GORT_TFLAG_FIELDALG,
 * as the VM's link step makes them): the fields' hashes chained through
 * the seed, and == field by field, so that strings compare by bytes, +0
 * equals -0 and padding is never read. */
static uint64_t fieldhash(const gort_type *t, const void *p, uint64_t seed) {
    const char *b = p;
    if (t->kind == GORT_KIND_ARRAY) {
        for (intptr_t i = 0; i < t->len; i++)
            seed = rt_typehash(t->elem, b + (size_t)i * t->elem->size, seed);
        return seed;
    }
    for (intptr_t i = 0; i < t->nfields; i++) {
        const gort_field *f = &t->fields[i];
        if (f->name && f->name[0] == '_' && !f->name[1]) continue;
        seed = rt_typehash(f->type, b + f->offset, seed);
    }
    return seed;
}

static bool fieldequal(const gort_type *t, const void *x, const void *y) {
    const char *a = x, *b = y;
    if (t->kind == GORT_KIND_ARRAY) {
        size_t sz = t->elem->size;
        for (intptr_t i = 0; i < t->len; i++)
            if (!rt_typeequal(t->elem, a + (size_t)i * sz, b + (size_t)i * sz)) return false;
        return true;
    }
    for (intptr_t i = 0; i < t->nfields; i++) {
        const gort_field *f = &t->fields[i];
        if (f->name && f->name[0] == '_' && !f->name[1]) continue;
        if (!rt_typeequal(f->type, a + f->offset, b + f->offset)) return false;
    }
    return true;
}

uint64_t rt_typehash(const gort_type *t, const void *p, uint64_t seed) {
    if (t->hash) {
        if (t->hash == gort_hash_unhashable) unhashable(t);
        return t->hash(p, seed);
    }
    if (t->tflags & GORT_TFLAG_FIELDALG) return fieldhash(t, p, seed);
    switch (t->kind) {
    case GORT_KIND_STRING: return rt_strhash(p, seed);
    case GORT_KIND_FLOAT32: return rt_f32hash(p, seed);
    case GORT_KIND_FLOAT64: return rt_f64hash(p, seed);
    case GORT_KIND_COMPLEX64: return rt_c64hash(p, seed);
    case GORT_KIND_COMPLEX128: return rt_c128hash(p, seed);
    case GORT_KIND_INTERFACE: return t->nmethods ? rt_itabhash(p, seed) : rt_interhash(p, seed);
    case GORT_KIND_SLICE:
    case GORT_KIND_MAP:
    case GORT_KIND_FUNC: unhashable(t);
    default: break;
    }
    if (t->size == 8) return rt_memhash64(p, seed);
    if (t->size == 4) return rt_memhash32(p, seed);
    return rt_memhash(p, t->size, seed);
}

bool rt_typeequal(const gort_type *t, const void *a, const void *b) {
    if (t->equal) return t->equal(a, b);
    if (t->hash == gort_hash_unhashable)
        rt_panicrt("comparing uncomparable type %s", t->name ? t->name : "?");
    if (t->tflags & GORT_TFLAG_FIELDALG) return fieldequal(t, a, b);
    switch (t->kind) {
    case GORT_KIND_STRING: return rt_strequal(a, b);
    case GORT_KIND_FLOAT32: return rt_f32equal(a, b);
    case GORT_KIND_FLOAT64: return rt_f64equal(a, b);
    case GORT_KIND_COMPLEX64: return rt_c64equal(a, b);
    case GORT_KIND_COMPLEX128: return rt_c128equal(a, b);
    case GORT_KIND_INTERFACE: return t->nmethods ? rt_itabequal(a, b) : rt_interequal(a, b);
    case GORT_KIND_SLICE:
    case GORT_KIND_MAP:
    case GORT_KIND_FUNC:
        rt_panicrt("comparing uncomparable type %s", t->name ? t->name : "?");
    default: return memcmp(a, b, t->size) == 0;
    }
}

/* An interface key: the dynamic type's hash of the value it holds.  The
 * type pointer is not hashed: equal values of different types merely share
 * a bucket, and equality tells them apart. */
uint64_t rt_interhash(const void *p, uint64_t seed) {
    const gort_any *v = p;
    if (!v->type) return seed;
    return rt_typehash(v->type, v->data, seed ^ RT_HASH_P2);
}

/* An interface with methods holds (itab, data), not (type, data): the
 * word is a table whose first member is the dynamic type (the VM's
 * vmitab, as Go's itab starts with _type).  Itabs are unique per
 * (interface, type), so equal words mean equal dynamic types. */
static const gort_type *itabtype(const void *tab) {
    return tab ? *(const gort_type *const *)tab : NULL;
}

uint64_t rt_itabhash(const void *p, uint64_t seed) {
    const gort_any *v = p;
    const gort_type *t = itabtype(v->type);
    if (!t) return seed;
    return rt_typehash(t, v->data, seed ^ RT_HASH_P2);
}

bool rt_itabequal(const void *a, const void *b) {
    const gort_any *x = a, *y = b;
    if (x->type != y->type) return false;
    const gort_type *t = itabtype(x->type);
    if (!t) return true;
    return rt_typeequal(t, x->data, y->data);
}

bool rt_interequal(const void *a, const void *b) {
    const gort_any *x = a, *y = b;
    if (x->type != y->type) return false;
    /* No shortcut for x->data == y->data: one boxed NaN is not equal to
     * itself (a map lookup with a NaN key found the entry it had stored,
     * when the random hash landed on its slot). */
    if (!x->type) return true;
    return rt_typeequal(x->type, x->data, y->data);
}

/* ---------------------------------------------------------------------- */
/* Choosing a key algorithm                                                */
/* ---------------------------------------------------------------------- */

int rt_keyalg(const gort_type *t, uint64_t (**hash)(const void *, uint64_t),
              bool (**equal)(const void *, const void *), bool *reflexive,
              bool *update) {
    *reflexive = true;
    *update = false;
    if (t->tflags & GORT_TFLAG_FIELDALG) {
        /* no callback of two arguments can know t: the map falls back to
         * rt_typehash/rt_typeequal on its key type */
        *hash = NULL;
        *equal = NULL;
        *update = true;
        *reflexive = false;
        return MAP_FASTNONE;
    }
    if (t->hash) {
        *hash = t->hash;
        *equal = t->equal; /* NULL: raw memory */
        /* A type-provided equality may equate different bit patterns or
         * hold floats: be conservative, as Go is for such structs. */
        *update = true;
        *reflexive = false;
        return MAP_FASTNONE;
    }
    switch (t->kind) {
    case GORT_KIND_STRING:
        *hash = rt_strhash;
        *equal = rt_strequal;
        *update = true; /* the map keeps the latest string's bytes alive */
        return MAP_FASTSTR;
    case GORT_KIND_FLOAT32:
        *hash = rt_f32hash, *equal = rt_f32equal;
        goto floats;
    case GORT_KIND_FLOAT64:
        *hash = rt_f64hash, *equal = rt_f64equal;
        goto floats;
    case GORT_KIND_COMPLEX64:
        *hash = rt_c64hash, *equal = rt_c64equal;
        goto floats;
    case GORT_KIND_COMPLEX128:
        *hash = rt_c128hash, *equal = rt_c128equal;
        goto floats;
    case GORT_KIND_INTERFACE:
        if (t->nmethods) *hash = rt_itabhash, *equal = rt_itabequal;
        else *hash = rt_interhash, *equal = rt_interequal;
        goto floats;
    default:
        break;
    }
    switch (t->size) {
    case 1: *hash = memhash1, *equal = memequal1; return MAP_FASTNONE;
    case 2: *hash = memhash2, *equal = memequal2; return MAP_FASTNONE;
    case 4: *hash = rt_memhash32, *equal = memequal32; return MAP_FAST32;
    case 8: *hash = rt_memhash64, *equal = memequal64; return MAP_FAST64;
    case 16: *hash = memhash16, *equal = memequal16; return MAP_FASTNONE;
    default: *hash = NULL, *equal = NULL; return MAP_FASTNONE;
    }
floats:
    *reflexive = false; /* NaN != NaN */
    *update = true;     /* +0 replaced by -0 */
    return MAP_FASTNONE;
}

/* ---------------------------------------------------------------------- */
/* Public helpers                                                          */
/* ---------------------------------------------------------------------- */

uint64_t gort_hash_bytes(const void *p, size_t n, uint64_t seed) {
    return rt_memhash(p, n, seed);
}

uint64_t gort_hash_value(const gort_type *t, const void *v, uint64_t seed) {
    return rt_typehash(t, v, seed);
}

bool gort_equal_value(const gort_type *t, const void *a, const void *b) {
    return rt_typeequal(t, a, b);
}
