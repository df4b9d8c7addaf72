/*
 * map.h — the hash map's internal structures (map.c, map_fast.c, alg.c)
 * and the hashing primitives the fast paths inline.
 *
 *   HMap (one GC object per map)
 *   +-----------+
 *   | count     |  live entries (len(m))
 *   | flags     |  iterator | oldIterator | hashWriting | sameSizeGrow
 *   | B         |  log2 of the number of buckets
 *   | noverflow |  ~ number of overflow buckets (exact below B = 16)
 *   | hash0     |  per-map random seed
 *   | buckets  -+--> [bmap 0][bmap 1] ... [bmap 2^B-1][spare overflow bmaps]
 *   | oldbuckets+--> the previous array while a growth is in progress
 *   | nevacuate |  old buckets below this index are all evacuated
 *   | extra    -+--> MapExtra { overflow, oldoverflow, nextOverflow }
 *   | t         |  MapType: layout, hash and equal (built by gort_map_make)
 *   +-----------+
 *
 *   BMap (one bucket, t.bucketsize bytes; the struct only names the header)
 *   +---------------------------+
 *   | tophash[8]                |  top byte of each slot's hash, or a state
 *   | keys[8]  (t.keysize each) |  key, or a pointer to it when indirect
 *   | elems[8] (t.elemsize each)|  value, or a pointer to it when indirect
 *   | overflow *BMap            |  next bucket of the chain
 *   +---------------------------+
 *
 * Ownership: a map has no lock.  One writer at a time (hashWriting set for
 * the duration of assign/delete/clear) or any number of readers; misuse is
 * detected on a best-effort basis and is a fatal error, as in Go.  flags is
 * read and written with relaxed atomics because concurrent readers may set
 * the iterator bits while other readers test hashWriting.
 */
#ifndef GORT_MAP_H
#define GORT_MAP_H

#include "runtime.h"

/* ---------------------------------------------------------------------- */
/* Constants                                                               */
/* ---------------------------------------------------------------------- */

#define MAP_BUCKETCNTBITS 3
#define MAP_BUCKETCNT 8 /* slots per bucket */
/* Maximum average load of a bucket that triggers growth: 6.5 = 13 / 2. */
#define MAP_LOADFACTORNUM 13
#define MAP_LOADFACTORDEN 2
/* Keys and values larger than this are stored indirectly (a pointer in
 * the slot to a separately allocated copy). */
#define MAP_MAXKEYSIZE 128
#define MAP_MAXELEMSIZE 128
/* Size of the shared zero value gort_map_access returns for a miss;
 * larger values get a per-map zero object. */
#define MAP_ZEROSIZE 1024

/* tophash values.  A real top byte is >= MAP_MINTOPHASH; smaller values
 * are slot states. */
enum {
    MAP_EMPTYREST = 0,      /* empty, and so is every later slot and bucket
                               of the chain */
    MAP_EMPTYONE = 1,       /* empty */
    MAP_EVACUATEDX = 2,     /* entry moved to the first half of the new
                               array (same index) */
    MAP_EVACUATEDY = 3,     /* entry moved to the second half (index +
                               old size) */
    MAP_EVACUATEDEMPTY = 4, /* empty, and the bucket has been evacuated */
    MAP_MINTOPHASH = 5,
};

/* HMap.flags */
enum {
    MAP_ITERATOR = 1,     /* there may be an iterator using buckets */
    MAP_OLDITERATOR = 2,  /* there may be an iterator using oldbuckets */
    MAP_HASHWRITING = 4,  /* a goroutine is writing to the map */
    MAP_SAMESIZEGROW = 8, /* the current growth keeps the size */
};

/* MapType.fast: which fast path family the key type allows. */
enum { MAP_FASTNONE = 0, MAP_FAST32, MAP_FAST64, MAP_FASTSTR };

/* ---------------------------------------------------------------------- */
/* Structures                                                              */
/* ---------------------------------------------------------------------- */

typedef struct BMap BMap;
struct BMap {
    uint8_t tophash[MAP_BUCKETCNT];
    /* keys, elems and the overflow pointer follow at MapType offsets */
};

/* The bucket layout and key behaviour of one map.  Built once by
 * gort_map_make; immutable afterwards.  Lives inside the HMap. */
typedef struct MapType {
    const gort_type *key, *elem;
    uint64_t (*hasher)(const void *key, uint64_t seed);
    bool (*equal)(const void *a, const void *b); /* NULL: memcmp keysize */
    uint32_t keysize;    /* bytes per key slot (8 if indirect) */
    uint32_t elemsize;   /* bytes per elem slot (8 if indirect) */
    uint32_t keyoff;     /* offset of keys[0] in a bucket */
    uint32_t elemoff;    /* offset of elems[0] */
    uint32_t ovfoff;     /* offset of the overflow pointer */
    uint32_t bucketsize; /* bytes per bucket */
    uint8_t indirectkey, indirectelem;
    uint8_t reflexivekey;  /* k == k for every key (false: floats, any) */
    uint8_t needkeyupdate; /* overwrite the key on assign (+0/-0, strings) */
    uint8_t fast;          /* MAP_FAST* */
    uint8_t keyptrs;       /* key slots hold heap pointers */
    uint8_t elemptrs;      /* elem slots hold heap pointers */
    gort_type bucket;      /* descriptor the bucket arrays are allocated
                              with; noscan when no slot holds pointers */
    uint8_t bucketmask[40];/* bucket.ptrmask points here */
} MapType;

/* Overflow buckets of a noscan map: the only references that keep them
 * alive (Go's *[]*bmap).  Appended to by the writer; an iterator keeps the
 * list of its generation. */
typedef struct OvfList {
    BMap **ptrs;   /* GC array of cap pointers */
    uintptr_t len; /* writer only */
    uintptr_t cap;
} OvfList;

typedef struct MapExtra {
    OvfList *overflow;    /* noscan maps: overflow buckets of buckets */
    OvfList *oldoverflow; /* noscan maps: those of oldbuckets */
    BMap *nextOverflow;   /* next free preallocated overflow bucket */
} MapExtra;

typedef struct HMap {
    /* Pointer words first: the HMap type's ptrmask covers words 0..4. */
    BMap *buckets;       /* 2^B buckets (NULL until the first assign if
                            count == 0) */
    BMap *oldbuckets;    /* half (or same) size previous array while
                            growing, else NULL */
    MapExtra *extra;     /* NULL until needed */
    void *zero;          /* zero value when elem > MAP_ZEROSIZE */
    void *pad_;          /* (spare pointer word) */
    intptr_t count;      /* live entries; writer only */
    uint8_t flags;       /* MAP_* flags; relaxed atomics */
    uint8_t B;           /* log2(buckets) */
    uint16_t noverflow;  /* overflow buckets, approximate above B=15 */
    uint32_t pad2_;
    uint64_t hash0;      /* hash seed */
    uintptr_t nevacuate; /* progress counter: buckets below are evacuated */
    MapType t;
} HMap;

/* ---------------------------------------------------------------------- */
/* Small helpers shared by map.c and map_fast.c                            */
/* ---------------------------------------------------------------------- */

static inline uint8_t map_flags(const HMap *h) {
    return __atomic_load_n(&h->flags, __ATOMIC_RELAXED);
}
static inline void map_setflags(HMap *h, uint8_t f) {
    __atomic_store_n(&h->flags, f, __ATOMIC_RELAXED);
}
static inline uintptr_t map_bucketmask(uint8_t B) {
    return ((uintptr_t)1 << B) - 1;
}
static inline uint8_t map_tophash(uint64_t hash) {
    uint8_t top = (uint8_t)(hash >> 56);
    return top < MAP_MINTOPHASH ? top + MAP_MINTOPHASH : top;
}
static inline bool map_isempty(uint8_t top) { return top <= MAP_EMPTYONE; }
static inline bool map_evacuated(const BMap *b) {
    uint8_t h = b->tophash[0];
    return h > MAP_EMPTYONE && h < MAP_MINTOPHASH;
}
static inline BMap *map_bucketat(const HMap *h, BMap *arr, uintptr_t i) {
    return (BMap *)((char *)arr + i * h->t.bucketsize);
}
static inline BMap *map_overflow(const HMap *h, const BMap *b) {
    return *(BMap **)((char *)b + h->t.ovfoff);
}
static inline void *map_key(const HMap *h, BMap *b, uintptr_t i) {
    return (char *)b + h->t.keyoff + i * h->t.keysize;
}
static inline void *map_elem(const HMap *h, BMap *b, uintptr_t i) {
    return (char *)b + h->t.elemoff + i * h->t.elemsize;
}
/* The bucket a read for hash must search: the old one while it has not
 * been evacuated. */
static inline BMap *map_readbucket(const HMap *h, uint64_t hash) {
    uintptr_t m = map_bucketmask(h->B);
    BMap *old = h->oldbuckets;
    if (unlikely(old != NULL)) {
        uintptr_t om = (map_flags(h) & MAP_SAMESIZEGROW) ? m : m >> 1;
        BMap *ob = map_bucketat(h, old, hash & om);
        if (!map_evacuated(ob)) return ob;
    }
    return map_bucketat(h, h->buckets, hash & m);
}

static inline bool map_overloadfactor(intptr_t count, uint8_t B) {
    return count > MAP_BUCKETCNT &&
           (uintptr_t)count >
               MAP_LOADFACTORNUM * (((uintptr_t)1 << B) / MAP_LOADFACTORDEN);
}
static inline bool map_toomanyoverflow(uint16_t noverflow, uint8_t B) {
    if (B > 15) B = 15;
    return noverflow >= (uint16_t)1 << (B & 15);
}
/* Should an insert of a new key start a growth? */
static inline bool map_needgrow(const HMap *h) {
    return h->oldbuckets == NULL &&
           (map_overloadfactor(h->count + 1, h->B) ||
            map_toomanyoverflow(h->noverflow, h->B));
}

/* Shared zero value (read-only). */
extern const uint8_t rt_map_zeroval[MAP_ZEROSIZE];

/* map.c: the slow pieces the fast paths call. */
void rt_map_growwork(HMap *h, uintptr_t bucket);
void rt_map_hashgrow(HMap *h);
BMap *rt_map_newoverflow(HMap *h, BMap *b);
void rt_map_initbuckets(HMap *h);
/* Empties slot i of b (first: the chain's first bucket) after a delete. */
void rt_map_clearslot(HMap *h, BMap *first, BMap *b, uintptr_t i);
GORT_NORETURN void rt_map_throwwriting(void);  /* concurrent map writes */
GORT_NORETURN void rt_map_throwreadwrite(void); /* read and map write */
GORT_NORETURN void rt_map_nilassign(void);

/* ---------------------------------------------------------------------- */
/* Hashing (alg.c)                                                         */
/* ---------------------------------------------------------------------- */

/* The wyhash mixing step: the 128-bit product of a and b, folded. */
static inline uint64_t rt_hmix(uint64_t a, uint64_t b) {
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

#define RT_HASH_P0 0xa0761d6478bd642full
#define RT_HASH_P1 0xe7037ed1a0b428dbull
#define RT_HASH_P2 0x8ebc6af09c88c6e3ull
#define RT_HASH_P3 0x589965cc75374cc3ull

/* Hash of an 8-byte (4-byte) value: the fast paths and the generic path
 * of a map whose key is 8 (4) bytes of plain memory both use these. */
static inline uint64_t rt_memhash64v(uint64_t v, uint64_t seed) {
    return rt_hmix(v ^ seed ^ RT_HASH_P1, (v >> 32 | v << 32) ^ RT_HASH_P0 ^ seed >> 7) ^ seed;
}
static inline uint64_t rt_memhash32v(uint32_t v, uint64_t seed) {
    uint64_t w = (uint64_t)v << 32 | v;
    return rt_hmix(w ^ seed ^ RT_HASH_P1, w ^ RT_HASH_P2 ^ seed >> 7) ^ seed;
}

uint64_t rt_memhash(const void *p, size_t n, uint64_t seed);
uint64_t rt_memhash32(const void *p, uint64_t seed);
uint64_t rt_memhash64(const void *p, uint64_t seed);
uint64_t rt_strhash(const void *p, uint64_t seed);      /* gort_string */
uint64_t rt_f32hash(const void *p, uint64_t seed);
uint64_t rt_f64hash(const void *p, uint64_t seed);
uint64_t rt_c64hash(const void *p, uint64_t seed);
uint64_t rt_c128hash(const void *p, uint64_t seed);
uint64_t rt_interhash(const void *p, uint64_t seed);    /* gort_any */
uint64_t rt_itabhash(const void *p, uint64_t seed);     /* (itab, data): an interface with methods */
bool rt_strequal(const void *a, const void *b);
bool rt_f32equal(const void *a, const void *b);
bool rt_f64equal(const void *a, const void *b);
bool rt_c64equal(const void *a, const void *b);
bool rt_c128equal(const void *a, const void *b);
bool rt_interequal(const void *a, const void *b);
bool rt_itabequal(const void *a, const void *b);
/* Hash/equality of a value of any type (the dispatch interface keys use). */
uint64_t rt_typehash(const gort_type *t, const void *p, uint64_t seed);
bool rt_typeequal(const gort_type *t, const void *a, const void *b);
/* May t be a map key?  false for slices, maps, funcs and types whose hash
 * is gort_hash_unhashable. */
bool rt_typehashable(const gort_type *t);
/* Picks the hash and equality functions for keys of type t; *reflexive and
 * *update report whether k == k always holds and whether assign must
 * overwrite an equal key.  Returns the MAP_FAST* family. */
int rt_keyalg(const gort_type *t, uint64_t (**hash)(const void *, uint64_t),
              bool (**equal)(const void *, const void *), bool *reflexive,
              bool *update);

#endif /* GORT_MAP_H */
