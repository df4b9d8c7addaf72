/*
 * map.c — Go's built-in map: a hash table of 8-slot buckets that grows
 * incrementally (Go's map.go; docs/maps.md draws all of this).
 *
 * A key's hash picks a bucket with its low B bits and is summarised inside
 * the bucket by its top byte (tophash), so a lookup compares keys only in
 * slots whose tophash matches:
 *
 *     hash = 0x 9c 3e ... 5b      B = 3: bucket = hash & 7 = 3
 *               ^^ tophash 0x9c
 *     buckets[3]: tophash [9c 41 00 00 ...] -> compare key 0; slot 1 is
 *                 another key; slot 2 is emptyRest: stop, not present
 *
 * A full bucket chains an overflow bucket.  The table grows when
 *   - count > 6.5 * 2^B (load factor): a new array twice the size; or
 *   - noverflow >= 2^min(B,15): as many overflow buckets as buckets, left by
 *     deletes.  The new array has the same size; re-inserting packs the
 *     entries densely again.
 * Growth is incremental: hashgrow only allocates the new array and moves
 * the old one to oldbuckets.  Each later assign or delete evacuates the old
 * bucket it is about to touch, plus the oldest not yet evacuated one
 * (nevacuate), so a write costs at most two bucket moves and growth is
 * finished after 2^oldB writes.  When doubling, old bucket i splits into
 * new buckets i ("X") and i + 2^oldB ("Y") by hash bit oldB; the old
 * slots' tophash records which half each entry went to.  Reads during
 * growth look in the old bucket if it has not been evacuated yet.
 * growwork prefetches the old bucket and both destinations before moving
 * anything (one overlapped miss instead of three in a row) and skips old
 * buckets below nevacuate without reading them; 4- and 8-byte keys get an
 * evacuation loop with the hash inlined (evacchain, Go's evacuate_fast64).
 *
 * Iteration starts at a random bucket and a random slot offset, and walks
 * every bucket once, wrapping around.  If the table grows meanwhile, the
 * iterator keeps walking the array it started with; for a bucket of that
 * array whose entries have moved, it looks each key up again in the current
 * table (the entry may have been updated or deleted).  If it started during
 * a growth and meets a new bucket not yet filled, it walks the old bucket
 * and keeps only the entries that will land in the new one.  So every
 * entry present for the whole iteration is seen exactly once; one added or
 * deleted during it may or may not be.
 *
 * Memory: the HMap, bucket arrays, overflow buckets and indirect keys and
 * values are GC objects.  The bucket descriptor is built by gort_map_make
 * from the key and elem types: its ptrmask marks the pointer words of each
 * key and elem slot and the overflow pointer.  When neither key nor elem
 * holds pointers the buckets are noscan (the collector never reads them),
 * and overflow buckets are then kept alive by HMap.extra's overflow lists
 * instead of by their chain pointer.  Keys and values are stored with
 * rt_typedmemmove/rt_typedmemclr and pointer fields with gort_store_ptr,
 * the write barrier the concurrent collector needs.
 *
 * Invariants:
 *   - tophash[i] >= MAP_MINTOPHASH iff slot i holds a live entry.
 *   - emptyRest at slot i: every later slot of the bucket and of its
 *     overflow chain is empty.
 *   - oldbuckets != NULL iff growing; old buckets below nevacuate are
 *     evacuated (others may be too); evacuated old buckets are never
 *     written again.
 *   - hashWriting is set for the whole of every write; readers that see it
 *     throw.
 *
 * Rejected: open addressing (Swiss tables).  Faster lookups, but Go's
 * guarantees for iteration during growth and the 1:1 teaching mapping to
 * map.go come from the bucket design; stop-the-map rehashing (a latency
 * spike proportional to the map's size on one insert).
 */
#include "map.h"

#include <stdarg.h>

/* ---------------------------------------------------------------------- */
/* Types                                                                   */
/* ---------------------------------------------------------------------- */

_Static_assert(offsetof(HMap, t) % 8 == 0, "MapType alignment");
#define HMAP_KEYW ((offsetof(HMap, t) + offsetof(MapType, key)) / 8)
#define HMAP_ELEMW ((offsetof(HMap, t) + offsetof(MapType, elem)) / 8)
_Static_assert(HMAP_KEYW == 9 && HMAP_ELEMW == 10, "hmap ptrmask layout");
/* buckets, oldbuckets, extra, zero, pad_; t.key, t.elem (a VM may build
 * types on the heap). */
static const uint8_t hmapmask[2] = {0x1f, 0x06};
static const gort_type hmapType = {
    .size = sizeof(HMap), .align = 8, .ptrwords = 11, .ptrmask = hmapmask,
    .name = "runtime.hmap", .kind = GORT_KIND_STRUCT};

static const uint8_t mask1[1] = {1}, mask7[1] = {7};
static const gort_type extraType = {
    .size = sizeof(MapExtra), .align = 8, .ptrwords = 3, .ptrmask = mask7,
    .name = "runtime.mapextra", .kind = GORT_KIND_STRUCT};
static const gort_type ovflistType = {
    .size = sizeof(OvfList), .align = 8, .ptrwords = 1, .ptrmask = mask1,
    .name = "*[]*runtime.bmap", .kind = GORT_KIND_STRUCT};
static const gort_type emptyType = {.size = 0, .align = 1, .name = "struct {}",
                                    .kind = GORT_KIND_STRUCT};

const uint8_t rt_map_zeroval[MAP_ZEROSIZE] RT_ALIGNED(16);

static inline uintptr_t roundup(uintptr_t n, uintptr_t a) {
    return (n + a - 1) & ~(a - 1);
}

static inline void setbit(uint8_t *mask, uintptr_t w) {
    if (w / 8 >= sizeof(((MapType *)0)->bucketmask))
        rt_throw("map: bucket pointer mask too small");
    mask[w / 8] |= (uint8_t)(1u << (w % 8));
}

/* Marks the pointer words of 8 slots of size sz at off holding type t. */
static void maskslots(uint8_t *mask, uintptr_t off, uintptr_t sz,
                      const gort_type *t, bool indirect) {
    for (uintptr_t i = 0; i < MAP_BUCKETCNT; i++) {
        uintptr_t at = off + i * sz;
        if (indirect) {
            setbit(mask, at / 8);
            continue;
        }
        if (at % 8) rt_throw("map: misaligned pointer slot");
        for (uintptr_t j = 0; j < t->ptrwords && j * 8 < t->size; j++)
            if (t->ptrmask[j / 8] >> (j % 8) & 1) setbit(mask, at / 8 + j);
    }
}

/* Builds h->t: the bucket layout and the key algorithm for kt/et. */
static void maketype(MapType *mt, const gort_type *kt, const gort_type *et) {
    uint64_t (*hash)(const void *, uint64_t);
    bool (*equal)(const void *, const void *);
    bool refl, upd;
    mt->key = kt;
    mt->elem = et;
    mt->fast = (uint8_t)rt_keyalg(kt, &hash, &equal, &refl, &upd);
    mt->hasher = hash;
    mt->equal = equal;
    mt->reflexivekey = refl;
    mt->needkeyupdate = upd;
    mt->indirectkey = kt->size > MAP_MAXKEYSIZE;
    mt->indirectelem = et->size > MAP_MAXELEMSIZE;
    mt->keysize = mt->indirectkey ? 8 : (uint32_t)kt->size;
    mt->elemsize = mt->indirectelem ? 8 : (uint32_t)et->size;
    uintptr_t ka = mt->indirectkey ? 8 : (kt->align ? kt->align : 1);
    uintptr_t ea = mt->indirectelem ? 8 : (et->align ? et->align : 1);
    uintptr_t ma = ka > ea ? ka : ea;
    if (ma < 8) ma = 8;
    mt->keyoff = (uint32_t)roundup(MAP_BUCKETCNT, ka);
    mt->elemoff = (uint32_t)roundup(mt->keyoff + MAP_BUCKETCNT * mt->keysize, ea);
    mt->ovfoff = (uint32_t)roundup(mt->elemoff + MAP_BUCKETCNT * mt->elemsize, 8);
    mt->bucketsize = (uint32_t)roundup(mt->ovfoff + 8, ma);
    mt->keyptrs = mt->indirectkey || kt->ptrwords != 0;
    mt->elemptrs = mt->indirectelem || et->ptrwords != 0;
    memset(mt->bucketmask, 0, sizeof mt->bucketmask);
    gort_type *bt = &mt->bucket;
    *bt = (gort_type){.size = mt->bucketsize, .align = ma,
                      .name = "runtime.bmap", .kind = GORT_KIND_STRUCT};
    if (mt->keyptrs || mt->elemptrs) {
        if (mt->keyptrs)
            maskslots(mt->bucketmask, mt->keyoff, mt->keysize, kt, mt->indirectkey);
        if (mt->elemptrs)
            maskslots(mt->bucketmask, mt->elemoff, mt->elemsize, et, mt->indirectelem);
        setbit(mt->bucketmask, mt->ovfoff / 8);
        bt->ptrwords = mt->ovfoff / 8 + 1;
        bt->ptrmask = mt->bucketmask;
    }
}

/* ---------------------------------------------------------------------- */
/* Small helpers                                                           */
/* ---------------------------------------------------------------------- */

static inline bool noscan(const HMap *h) { return h->t.bucket.ptrwords == 0; }

static inline uint64_t keyhash(const HMap *h, const void *key) {
    /* The common key sizes inline their hash (the same function as the
     * fast paths'). */
    if (h->t.fast == MAP_FAST64) return rt_memhash64v(*(const uint64_t *)key, h->hash0);
    if (h->t.fast == MAP_FAST32) return rt_memhash32v(*(const uint32_t *)key, h->hash0);
    if (likely(h->t.hasher != NULL)) return h->t.hasher(key, h->hash0);
    /* raw memory, or a composite hashed by its fields */
    return rt_typehash(h->t.key, key, h->hash0);
}

static inline bool keyeq(const HMap *h, const void *a, const void *b) {
    if (h->t.equal) return h->t.equal(a, b);
    return rt_typeequal(h->t.key, a, b);
}

/* Key callbacks run during a write (MAP_HASHWRITING set: growth work,
 * assign, delete) count as a held runtime lock.  The map is inconsistent
 * until endwrite, so a fault in a user's hash or equal must be a fatal
 * error (signal.c), not a recoverable panic that leaves the write half
 * done and the flag set; Go's hash and equal functions are runtime code
 * for the same reason.  A callback must not park (it would throw). */
static inline uint64_t keyhashw(const HMap *h, const void *key) {
    M *mp = rt_tlsm;
    if (h->t.fast == MAP_FAST64 || h->t.fast == MAP_FAST32 || !mp)
        return keyhash(h, key);
    mp->locks++;
    uint64_t r = keyhash(h, key);
    mp->locks--;
    return r;
}

static inline bool keyeqw(const HMap *h, const void *a, const void *b) {
    M *mp = rt_tlsm;
    if (!h->t.equal || !mp) return keyeq(h, a, b);
    mp->locks++;
    bool r = h->t.equal(a, b);
    mp->locks--;
    return r;
}

/* The key stored in slot i (following the indirection). */
static inline void *keyof(const HMap *h, BMap *b, uintptr_t i) {
    void *k = map_key(h, b, i);
    return h->t.indirectkey ? *(void **)k : k;
}
static inline void *elemof(const HMap *h, BMap *b, uintptr_t i) {
    void *e = map_elem(h, b, i);
    return h->t.indirectelem ? *(void **)e : e;
}

static inline BMap **ovfslot(const HMap *h, BMap *b) {
    return (BMap **)((char *)b + h->t.ovfoff);
}

static inline bool growing(const HMap *h) { return h->oldbuckets != NULL; }

static inline uintptr_t noldbuckets(const HMap *h) {
    uint8_t B = h->B;
    if (!(map_flags(h) & MAP_SAMESIZEGROW)) B--;
    return (uintptr_t)1 << B;
}

static inline void *zeroval(const HMap *h) {
    return h->zero ? h->zero : (void *)rt_map_zeroval;
}

GORT_NORETURN RT_NOINLINE void rt_map_throwwriting(void) {
    rt_throw("concurrent map writes");
}
GORT_NORETURN RT_NOINLINE void rt_map_throwreadwrite(void) {
    rt_throw("concurrent map read and map write");
}
GORT_NORETURN RT_NOINLINE void rt_map_nilassign(void) {
    rt_panicplain("assignment to entry in nil map");
}

static inline void beginwrite(HMap *h) {
    uint8_t f = map_flags(h);
    if (unlikely(f & MAP_HASHWRITING)) rt_map_throwwriting();
    map_setflags(h, f | MAP_HASHWRITING);
}
static inline void endwrite(HMap *h) {
    uint8_t f = map_flags(h);
    if (unlikely(!(f & MAP_HASHWRITING))) rt_map_throwwriting();
    map_setflags(h, f & ~MAP_HASHWRITING);
}

static inline uint64_t newseed(void) {
    return (uint64_t)rt_fastrand() << 32 | rt_fastrand();
}

/* ---------------------------------------------------------------------- */
/* Bucket arrays and overflow buckets                                      */
/* ---------------------------------------------------------------------- */

static MapExtra *getextra(HMap *h) {
    if (!h->extra) gort_store_ptr((void **)&h->extra, gort_new(&extraType));
    return h->extra;
}

/* Sets up the spare overflow buckets at the end of an array of 2^B
 * buckets: nextOverflow points at the first, and the last one's overflow
 * pointer is set (to the array) to mark the end of the spares. */
static void setspares(HMap *h, BMap *arr, uint8_t B) {
    if (B < 4) {
        if (h->extra) gort_store_ptr((void **)&h->extra->nextOverflow, NULL);
        return;
    }
    uintptr_t base = (uintptr_t)1 << B, n = base + ((uintptr_t)1 << (B - 4));
    MapExtra *x = getextra(h);
    gort_store_ptr((void **)&x->nextOverflow, map_bucketat(h, arr, base));
    gort_store_ptr((void **)ovfslot(h, map_bucketat(h, arr, n - 1)), arr);
}

/* A new zeroed array of 2^B buckets plus 2^(B-4) spare overflow buckets
 * (B >= 4), as Go preallocates them. */
static BMap *makebuckets(HMap *h, uint8_t B) {
    uintptr_t n = (uintptr_t)1 << B;
    if (B >= 4) n += (uintptr_t)1 << (B - 4);
    if (n > RT_MAX_ALLOC / h->t.bucketsize)
        rt_panicplain("runtime: allocation size out of range");
    /* Large arrays land on transparent huge pages (mheap.c asks for them
     * on the whole heap): a lookup in a big map is one random access, and
     * with 4 KiB pages a TLB miss too (1M-entry lookups 166 -> 52 ns). */
    return rt_mallocgc(n * h->t.bucketsize, &h->t.bucket, true);
}

void rt_map_initbuckets(HMap *h) {
    BMap *b = makebuckets(h, h->B);
    gort_store_ptr((void **)&h->buckets, b);
    setspares(h, b, h->B);
}

/* Appends ovf to l (a noscan map's list of overflow buckets). */
static void ovfappend(OvfList *l, BMap *ovf) {
    if (l->len == l->cap) {
        uintptr_t nc = l->cap ? l->cap * 2 : 8;
        BMap **np = gort_alloc(nc * sizeof *np, &gort_type_pointer);
        for (uintptr_t i = 0; i < l->len; i++)
            gort_store_ptr((void **)&np[i], l->ptrs[i]);
        gort_store_ptr((void **)&l->ptrs, np);
        l->cap = nc;
    }
    gort_store_ptr((void **)&l->ptrs[l->len], ovf);
    l->len++;
}

static void incrnoverflow(HMap *h) {
    /* Exact below B = 16; above, counted with probability 2^(15-B) so that
     * the threshold 2^15 means about 2^B overflow buckets. */
    if (h->B < 16) {
        h->noverflow++;
        return;
    }
    uint32_t mask = ((uint32_t)1 << (h->B - 15)) - 1;
    if ((rt_fastrand() & mask) == 0) h->noverflow++;
}

/* Chains a new overflow bucket after b and returns it. */
BMap *rt_map_newoverflow(HMap *h, BMap *b) {
    BMap *ovf;
    MapExtra *x = h->extra;
    if (x && x->nextOverflow) {
        ovf = x->nextOverflow;
        BMap **end = ovfslot(h, ovf);
        if (*end == NULL) {
            gort_store_ptr((void **)&x->nextOverflow,
                           (char *)ovf + h->t.bucketsize);
        } else { /* the last spare: clear its end mark */
            gort_store_ptr((void **)end, NULL);
            gort_store_ptr((void **)&x->nextOverflow, NULL);
        }
    } else {
        ovf = rt_mallocgc(h->t.bucketsize, &h->t.bucket, true);
    }
    incrnoverflow(h);
    if (noscan(h)) {
        x = getextra(h);
        if (!x->overflow) gort_store_ptr((void **)&x->overflow, gort_new(&ovflistType));
        ovfappend(x->overflow, ovf);
    }
    gort_store_ptr((void **)ovfslot(h, b), ovf);
    return ovf;
}

/* ---------------------------------------------------------------------- */
/* Growth                                                                  */
/* ---------------------------------------------------------------------- */

/* Starts a growth: allocates the new array; the entries move later. */
void rt_map_hashgrow(HMap *h) {
    uint8_t bigger = 1, f = map_flags(h);
    if (!map_overloadfactor(h->count + 1, h->B)) {
        bigger = 0;
        f |= MAP_SAMESIZEGROW;
    }
    BMap *nb = makebuckets(h, h->B + bigger);
    /* Iterators of the current array now iterate the old one. */
    if (f & MAP_ITERATOR) f = (f & ~MAP_ITERATOR) | MAP_OLDITERATOR;
    map_setflags(h, f);
    gort_store_ptr((void **)&h->oldbuckets, h->buckets);
    gort_store_ptr((void **)&h->buckets, nb);
    h->B += bigger;
    h->nevacuate = 0;
    h->noverflow = 0;
    if (h->extra) {
        MapExtra *x = h->extra;
        if (x->overflow) {
            if (x->oldoverflow) rt_throw("map: oldoverflow is not nil");
            gort_store_ptr((void **)&x->oldoverflow, x->overflow);
            gort_store_ptr((void **)&x->overflow, NULL);
        }
    }
    setspares(h, nb, h->B);
}

typedef struct evacdst {
    BMap *b;     /* current destination bucket */
    uintptr_t i; /* next free slot in b */
} evacdst;

/* Copies one key or elem slot: with the bulk barrier if it holds pointers
 * and a cycle is marking, else as plain bytes, inline for the common
 * sizes (rt_typedmemmove's own test, hoisted). */
static inline void copyslot(const gort_type *t, bool ptrs, uint32_t size,
                            void *d, const void *s) {
    if (ptrs && unlikely(ald_relaxed(&rt_writeBarrierEnabled))) {
        rt_typedmemmove(t, d, s); /* the barrier, then the same copy */
        return;
    }
    switch (size) {
    case 0: return;
    case 4: memcpy(d, s, 4); return;
    case 8: memcpy(d, s, 8); return;
    case 16: memcpy(d, s, 16); return; /* strings, interfaces */
    default: memcpy(d, s, size); return;
    }
}

static void advanceevac(HMap *h, uintptr_t nold) {
    h->nevacuate++;
    uintptr_t stop = h->nevacuate + 1024;
    if (stop > nold) stop = nold;
    while (h->nevacuate != stop &&
           map_evacuated(map_bucketat(h, h->oldbuckets, h->nevacuate)))
        h->nevacuate++;
    if (h->nevacuate == nold) { /* done: drop the old array */
        gort_store_ptr((void **)&h->oldbuckets, NULL);
        if (h->extra) gort_store_ptr((void **)&h->extra->oldoverflow, NULL);
        map_setflags(h, map_flags(h) & ~MAP_SAMESIZEGROW);
    }
}

/* Moves the entries of old bucket b's chain (index ob) to the new array.
 * fast is h->t.fast, passed as a constant by evacuate so that for 4- and
 * 8-byte plain keys (Go's evacuate_fast32/64) the key's hash is inlined,
 * the key is copied as one word and the k != k case (never true for them)
 * disappears. */
static inline __attribute__((always_inline)) void
evacchain(HMap *h, BMap *b, uintptr_t ob, uintptr_t nold, int fast) {
    bool same = map_flags(h) & MAP_SAMESIZEGROW;
    evacdst xy[2] = {{map_bucketat(h, h->buckets, ob), 0}, {NULL, 0}};
    if (!same) xy[1].b = map_bucketat(h, h->buckets, ob + nold);
    for (BMap *c = b; c; c = map_overflow(h, c)) {
        for (uintptr_t i = 0; i < MAP_BUCKETCNT; i++) {
            uint8_t top = c->tophash[i];
            if (map_isempty(top)) {
                c->tophash[i] = MAP_EVACUATEDEMPTY;
                continue;
            }
            if (top < MAP_MINTOPHASH) rt_throw("bad map state");
            uint8_t useY = 0;
            if (!same) {
                void *k = map_key(h, c, i);
                uint64_t hash;
                if (fast == MAP_FAST64) {
                    hash = rt_memhash64v(*(uint64_t *)k, h->hash0);
                } else if (fast == MAP_FAST32) {
                    hash = rt_memhash32v(*(uint32_t *)k, h->hash0);
                } else {
                    k = keyof(h, c, i);
                    hash = keyhashw(h, k);
                }
                if (fast != MAP_FAST64 && fast != MAP_FAST32 &&
                    (map_flags(h) & MAP_ITERATOR) && !h->t.reflexivekey &&
                    !keyeqw(h, k, k)) {
                    /* k != k (NaN): the hash is random, but the
                     * choice must match what an iterator decided:
                     * the low bit of the old tophash decides. */
                    useY = top & 1;
                    top = map_tophash(hash);
                } else {
                    useY = (hash & nold) != 0;
                }
            }
            c->tophash[i] = MAP_EVACUATEDX + useY;
            evacdst *d = &xy[useY];
            if (d->i == MAP_BUCKETCNT) {
                d->b = rt_map_newoverflow(h, d->b);
                d->i = 0;
            }
            d->b->tophash[d->i] = top;
            void *dk = map_key(h, d->b, d->i), *de = map_elem(h, d->b, d->i);
            void *sk = map_key(h, c, i), *se = map_elem(h, c, i);
            if (fast == MAP_FAST64)
                copyslot(h->t.key, h->t.keyptrs, 8, dk, sk);
            else if (fast == MAP_FAST32)
                memcpy(dk, sk, 4); /* 4 bytes never hold a heap pointer */
            else if (h->t.indirectkey)
                gort_store_ptr(dk, *(void **)sk);
            else
                copyslot(h->t.key, h->t.keyptrs, h->t.keysize, dk, sk);
            if (h->t.indirectelem) gort_store_ptr(de, *(void **)se);
            else copyslot(h->t.elem, h->t.elemptrs, h->t.elemsize, de, se);
            d->i++;
        }
    }
}

/* Evacuates old bucket ob (and its chain) into the new array. */
static void evacuate(HMap *h, uintptr_t ob) {
    BMap *b = map_bucketat(h, h->oldbuckets, ob);
    uintptr_t nold = noldbuckets(h);
    if (!map_evacuated(b)) {
        switch (h->t.fast) {
        case MAP_FAST64: evacchain(h, b, ob, nold, MAP_FAST64); break;
        case MAP_FAST32: evacchain(h, b, ob, nold, MAP_FAST32); break;
        default: evacchain(h, b, ob, nold, MAP_FASTNONE); break;
        }
        /* Unlink the chain and drop the old references for the GC; the
         * tophash bytes keep the evacuation state.  Iterators of the old
         * array still need its contents. */
        if (!(map_flags(h) & MAP_OLDITERATOR) && !noscan(h)) {
            uint64_t th;
            memcpy(&th, b->tophash, 8);
            rt_typedmemclr(&h->t.bucket, b);
            memcpy(b->tophash, &th, 8);
        }
    }
    if (ob == h->nevacuate) advanceevac(h, nold);
}

/* Asks for every cache line of bucket b. */
static inline void prefetchbucket(const HMap *h, const BMap *b) {
    const char *p = (const char *)b;
    uint32_t n = h->t.bucketsize;
    for (uint32_t off = 0; off < n; off += RT_CACHELINE) __builtin_prefetch(p + off, 1);
    __builtin_prefetch(p + n - 1, 1);
}

void rt_map_growwork(HMap *h, uintptr_t bucket) {
    /* The old bucket the caller is about to use, then one more.  Both
     * are at random addresses in arrays far larger than the cache: ask
     * for the old bucket and its two destinations at once, so the misses
     * overlap instead of being taken one after another as evacuate
     * reaches each. */
    uintptr_t nold = noldbuckets(h), ob = bucket & (nold - 1);
    if (ob >= h->nevacuate) {
        prefetchbucket(h, map_bucketat(h, h->oldbuckets, ob));
        prefetchbucket(h, map_bucketat(h, h->buckets, ob));
        if (!(map_flags(h) & MAP_SAMESIZEGROW))
            prefetchbucket(h, map_bucketat(h, h->buckets, ob + nold));
        evacuate(h, ob);
    } else {
        /* Below nevacuate every old bucket is evacuated: no need to read
         * (and miss on) ob's tophash to find out.  The caller's bucket
         * comes in while the other bucket is evacuated. */
        __builtin_prefetch(map_bucketat(h, h->buckets, bucket), 1);
    }
    if (growing(h)) evacuate(h, h->nevacuate);
}
/* ---------------------------------------------------------------------- */
/* Making maps                                                             */
/* ---------------------------------------------------------------------- */

gort_map *gort_map_make(const gort_type *kt, const gort_type *et,
                        intptr_t hint) {
    if (!kt) rt_panicplain("gort_map_make: nil key type");
    if (!rt_typehashable(kt))
        rt_panicrt("hash of unhashable type %s", kt->name ? kt->name : "?");
    if (!et) et = &emptyType;
    HMap *h = gort_new(&hmapType);
    maketype(&h->t, kt, et);
    h->hash0 = newseed();
    if (et->size > MAP_ZEROSIZE)
        gort_store_ptr(&h->zero, rt_mallocgc(et->size, et, true));
    if (hint < 0) hint = 0;
    uint8_t B = 0;
    while (map_overloadfactor(hint, B)) B++;
    h->B = B;
    /* Small maps get their bucket at the first assign. */
    if (B != 0) rt_map_initbuckets(h);
    return (gort_map *)h;
}

/* ---------------------------------------------------------------------- */
/* Lookup                                                                  */
/* ---------------------------------------------------------------------- */

/* Finds key; returns its bucket and sets *slot, or NULL. */
static BMap *find(const HMap *h, const void *key, uint64_t hash,
                  uintptr_t *slot) {
    uint8_t top = map_tophash(hash);
    for (BMap *b = map_readbucket(h, hash); b; b = map_overflow(h, b)) {
        for (uintptr_t i = 0; i < MAP_BUCKETCNT; i++) {
            if (b->tophash[i] != top) {
                if (b->tophash[i] == MAP_EMPTYREST) return NULL;
                continue;
            }
            if (keyeq(h, key, keyof(h, (BMap *)b, i))) {
                *slot = i;
                return b;
            }
        }
    }
    return NULL;
}

/* Go's hashMightPanic: an empty map still rejects an unhashable key. */
static inline void checkkey(const HMap *h, const void *key) {
    if (h->t.key->kind == GORT_KIND_INTERFACE) keyhash(h, key);
}

void *gort_map_access2(gort_map *m, const void *key, bool *ok) {
    HMap *h = (HMap *)m;
    if (ok) *ok = false;
    if (!h) return (void *)rt_map_zeroval;
    if (h->count == 0) {
        checkkey(h, key);
        return zeroval(h);
    }
    if (unlikely(map_flags(h) & MAP_HASHWRITING)) rt_map_throwreadwrite();
    uintptr_t i;
    BMap *b = find(h, key, keyhash(h, key), &i);
    if (!b) return zeroval(h);
    if (ok) *ok = true;
    return elemof(h, b, i);
}

void *gort_map_access(gort_map *m, const void *key) {
    return gort_map_access2(m, key, NULL);
}

bool gort_map_load(gort_map *m, const void *key, void *elem) {
    bool ok;
    void *e = gort_map_access2(m, key, &ok);
    if (elem && m) rt_typedmemmove(((HMap *)m)->t.elem, elem, e);
    return ok;
}

/* The current key and elem for k (iteration after growth). */
static bool accessk(HMap *h, const void *k, void **rk, void **re) {
    if (h->count == 0) return false;
    uintptr_t i;
    BMap *b = find(h, k, keyhash(h, k), &i);
    if (!b) return false;
    *rk = keyof(h, b, i);
    *re = elemof(h, b, i);
    return true;
}

intptr_t gort_map_len(gort_map *m) {
    return m ? ((HMap *)m)->count : 0;
}

/* ---------------------------------------------------------------------- */
/* Assign and delete                                                       */
/* ---------------------------------------------------------------------- */

/* Stores a new key in the slot (k points at the key slot). */
static void putkey(HMap *h, void *kslot, const void *key) {
    if (h->t.indirectkey) {
        const gort_type *kt = h->t.key;
        /* Zeroed when it has pointers (a scan may see it before the copy
         * lands), and copied with the barrier even though it is fresh: a
         * black kmem must not be the only holder of the key's white
         * pointers once the caller's copy leaves its stack. */
        void *kmem = rt_mallocgc(kt->size, kt, kt->ptrwords != 0);
        rt_typedmemmove(kt, kmem, key);
        gort_store_ptr(kslot, kmem);
        return;
    }
    rt_typedmemmove(h->t.key, kslot, key);
}

void *gort_map_assign(gort_map *m, const void *key) {
    HMap *h = (HMap *)m;
    if (!h) rt_map_nilassign();
    if (unlikely(map_flags(h) & MAP_HASHWRITING)) rt_map_throwwriting();
    uint64_t hash = keyhash(h, key);
    beginwrite(h);
    if (!h->buckets) rt_map_initbuckets(h);
    uint8_t top = map_tophash(hash);
    void *elem;
again:;
    uintptr_t bucket = hash & map_bucketmask(h->B);
    if (growing(h)) rt_map_growwork(h, bucket);
    BMap *b = map_bucketat(h, h->buckets, bucket), *insb = NULL;
    uintptr_t insi = 0;
    for (;;) {
        for (uintptr_t i = 0; i < MAP_BUCKETCNT; i++) {
            if (b->tophash[i] != top) {
                if (!insb && map_isempty(b->tophash[i])) insb = b, insi = i;
                if (b->tophash[i] == MAP_EMPTYREST) goto notfound;
                continue;
            }
            void *k = keyof(h, b, i);
            if (!keyeqw(h, key, k)) continue;
            /* Present: maybe update the key (+0 -> -0, new string). */
            if (h->t.needkeyupdate) rt_typedmemmove(h->t.key, k, key);
            elem = map_elem(h, b, i);
            goto done;
        }
        BMap *ovf = map_overflow(h, b);
        if (!ovf) break;
        b = ovf;
    }
notfound:
    /* A new entry.  Grow first if it would overload the table; growing
     * invalidates what we found, so start again. */
    if (map_needgrow(h)) {
        rt_map_hashgrow(h);
        goto again;
    }
    if (!insb) {
        insb = rt_map_newoverflow(h, b);
        insi = 0;
    }
    putkey(h, map_key(h, insb, insi), key);
    elem = map_elem(h, insb, insi);
    if (h->t.indirectelem)
        gort_store_ptr(elem, rt_mallocgc(h->t.elem->size, h->t.elem, true));
    insb->tophash[insi] = top;
    h->count++;
done:
    endwrite(h);
    if (h->t.indirectelem) elem = *(void **)elem;
    return elem;
}

void gort_map_store(gort_map *m, const void *key, const void *elem) {
    void *slot = gort_map_assign(m, key);
    const gort_type *et = ((HMap *)m)->t.elem;
    if (elem) rt_typedmemmove(et, slot, elem);
    else rt_typedmemclr(et, slot);
}

/* Clears slot i of b (whose chain starts at first) after a delete and
 * turns trailing emptyOne slots into emptyRest. */
void rt_map_clearslot(HMap *h, BMap *first, BMap *b, uintptr_t i) {
    void *k = map_key(h, b, i), *e = map_elem(h, b, i);
    if (h->t.indirectkey) gort_store_ptr(k, NULL);
    else if (h->t.keyptrs) rt_typedmemclr(h->t.key, k);
    if (h->t.indirectelem) gort_store_ptr(e, NULL);
    else rt_typedmemclr(h->t.elem, e);
    b->tophash[i] = MAP_EMPTYONE;
    /* Only if everything after slot i is empty-rest. */
    if (i == MAP_BUCKETCNT - 1) {
        BMap *ovf = map_overflow(h, b);
        if (ovf && ovf->tophash[0] != MAP_EMPTYREST) return;
    } else if (b->tophash[i + 1] != MAP_EMPTYREST) {
        return;
    }
    for (;;) {
        b->tophash[i] = MAP_EMPTYREST;
        if (i == 0) {
            if (b == first) return;
            BMap *c = b; /* step back to the previous bucket's last slot */
            for (b = first; map_overflow(h, b) != c; b = map_overflow(h, b)) {}
            i = MAP_BUCKETCNT - 1;
        } else {
            i--;
        }
        if (b->tophash[i] != MAP_EMPTYONE) return;
    }
}

void gort_map_delete(gort_map *m, const void *key) {
    HMap *h = (HMap *)m;
    if (!h) return;
    if (h->count == 0) {
        checkkey(h, key);
        return;
    }
    if (unlikely(map_flags(h) & MAP_HASHWRITING)) rt_map_throwwriting();
    uint64_t hash = keyhash(h, key);
    beginwrite(h);
    uintptr_t bucket = hash & map_bucketmask(h->B);
    if (growing(h)) rt_map_growwork(h, bucket);
    BMap *first = map_bucketat(h, h->buckets, bucket);
    uint8_t top = map_tophash(hash);
    for (BMap *b = first; b; b = map_overflow(h, b)) {
        for (uintptr_t i = 0; i < MAP_BUCKETCNT; i++) {
            if (b->tophash[i] != top) {
                if (b->tophash[i] == MAP_EMPTYREST) goto out;
                continue;
            }
            if (!keyeqw(h, key, keyof(h, b, i))) continue;
            rt_map_clearslot(h, first, b, i);
            if (--h->count == 0) h->hash0 = newseed();
            goto out;
        }
    }
out:
    endwrite(h);
}

void gort_map_clear(gort_map *m) {
    HMap *h = (HMap *)m;
    if (!h) return;
    beginwrite(h);
    map_setflags(h, map_flags(h) & ~MAP_SAMESIZEGROW);
    gort_store_ptr((void **)&h->oldbuckets, NULL);
    h->nevacuate = 0;
    h->noverflow = 0;
    h->count = 0;
    h->hash0 = newseed();
    if (h->extra) {
        gort_store_ptr((void **)&h->extra->overflow, NULL);
        gort_store_ptr((void **)&h->extra->oldoverflow, NULL);
    }
    if (h->buckets) {
        /* Reuse the array: clear every bucket, spares included. */
        uintptr_t n = (uintptr_t)1 << h->B;
        if (h->B >= 4) n += (uintptr_t)1 << (h->B - 4);
        if (noscan(h)) {
            memset(h->buckets, 0, n * h->t.bucketsize);
        } else {
            for (uintptr_t i = 0; i < n; i++)
                rt_typedmemclr(&h->t.bucket, map_bucketat(h, h->buckets, i));
        }
        setspares(h, h->buckets, h->B);
    }
    endwrite(h);
}

/* ---------------------------------------------------------------------- */
/* Iteration                                                               */
/* ---------------------------------------------------------------------- */

#define NOCHECK ((uintptr_t)1 << (8 * sizeof(uintptr_t) - 1))

_Static_assert(sizeof(((gort_map_iter *)0)->offset_) == 1, "iter layout");

void gort_map_iter_init(gort_map *m, gort_map_iter *it) {
    HMap *h = (HMap *)m;
    memset(it, 0, sizeof *it);
    if (!h || h->count == 0) return;
    it->h_ = h;
    it->B_ = h->B;
    it->buckets_ = h->buckets;
    if (noscan(h)) {
        /* Keep this generation's overflow buckets alive for the iterator
         * even after the table has grown past them. */
        MapExtra *x = getextra(h);
        if (!x->overflow) gort_store_ptr((void **)&x->overflow, gort_new(&ovflistType));
        it->overflow_ = x->overflow;
        it->oldoverflow_ = x->oldoverflow;
    }
    uint64_t r = (uint64_t)rt_fastrand() << 32 | rt_fastrand();
    it->startbucket_ = (uintptr_t)(r & map_bucketmask(h->B));
    it->offset_ = (uint8_t)(r >> 61);
    it->bucket_ = it->startbucket_;
    it->checkbucket_ = NOCHECK;
    /* Several readers may start iterators at once. */
    uint8_t f = map_flags(h);
    if ((f & (MAP_ITERATOR | MAP_OLDITERATOR)) != (MAP_ITERATOR | MAP_OLDITERATOR))
        __atomic_fetch_or(&h->flags, MAP_ITERATOR | MAP_OLDITERATOR,
                          __ATOMIC_RELAXED);
}

/* Should slot k of old bucket b (walked on behalf of new bucket
 * it->checkbucket_) be skipped because it will land in the other half? */
static bool otherhalf(const HMap *h, const gort_map_iter *it, BMap *b,
                      uintptr_t i, void *k) {
    if (it->checkbucket_ == NOCHECK || (map_flags(h) & MAP_SAMESIZEGROW))
        return false;
    if (h->t.reflexivekey || keyeq(h, k, k)) {
        uint64_t hash = keyhash(h, k);
        return (hash & map_bucketmask(it->B_)) != it->checkbucket_;
    }
    /* NaN-like keys go by the low bit of tophash (see evacuate). */
    return (it->checkbucket_ >> (it->B_ - 1)) != (uintptr_t)(b->tophash[i] & 1);
}

bool gort_map_iter_next(gort_map_iter *it) {
    HMap *h = it->h_;
    if (!h) return false;
    if (unlikely(map_flags(h) & MAP_HASHWRITING))
        rt_throw("concurrent map iteration and map write");
    uintptr_t bucket = it->bucket_, check = it->checkbucket_;
    BMap *b = it->bptr_;
    uintptr_t i = it->i_;
    for (;;) {
        if (!b) {
            if (bucket == it->startbucket_ && it->wrapped_) {
                it->key = it->elem = NULL;
                it->h_ = NULL;
                return false;
            }
            if (growing(h) && it->B_ == h->B) {
                /* Started mid-growth: a new bucket not yet filled is read
                 * from its old bucket, filtered by the destination. */
                BMap *ob = map_bucketat(h, h->oldbuckets, bucket & (noldbuckets(h) - 1));
                if (!map_evacuated(ob)) {
                    b = ob;
                    check = bucket;
                } else {
                    b = map_bucketat(h, it->buckets_, bucket);
                    check = NOCHECK;
                }
            } else {
                b = map_bucketat(h, it->buckets_, bucket);
                check = NOCHECK;
            }
            if (++bucket == (uintptr_t)1 << it->B_) {
                bucket = 0;
                it->wrapped_ = 1;
            }
            i = 0;
        }
        it->checkbucket_ = check;
        for (; i < MAP_BUCKETCNT; i++) {
            uintptr_t oi = (i + it->offset_) & (MAP_BUCKETCNT - 1);
            uint8_t top = b->tophash[oi];
            if (map_isempty(top) || top == MAP_EVACUATEDEMPTY) continue;
            void *k = keyof(h, b, oi);
            if (otherhalf(h, it, b, oi, k)) continue;
            if ((top != MAP_EVACUATEDX && top != MAP_EVACUATEDY) ||
                !(h->t.reflexivekey || keyeq(h, k, k))) {
                /* The data here is current (or k != k: it can be neither
                 * updated nor deleted, so this copy is as good). */
                it->key = k;
                it->elem = elemof(h, b, oi);
            } else {
                /* Moved since we started: read the live entry, which may
                 * have been updated or deleted. */
                void *rk, *re;
                if (!accessk(h, k, &rk, &re)) continue;
                it->key = rk;
                it->elem = re;
            }
            it->bucket_ = bucket;
            it->bptr_ = b;
            it->i_ = (uint8_t)(i + 1);
            return true;
        }
        b = map_overflow(h, b);
        i = 0;
    }
}

/* ---------------------------------------------------------------------- */
/* Introspection                                                           */
/* ---------------------------------------------------------------------- */

static uintptr_t chainlen(const HMap *h, BMap *b) {
    uintptr_t n = 0;
    for (b = map_overflow(h, b); b; b = map_overflow(h, b)) n++;
    return n;
}

void gort_map_inspect(gort_map *m, gort_map_info *info) {
    HMap *h = (HMap *)m;
    memset(info, 0, sizeof *info);
    if (!h) return;
    info->count = h->count;
    info->B = h->B;
    info->nbuckets = (uintptr_t)1 << h->B;
    info->noverflow = h->noverflow;
    info->growing = growing(h);
    info->same_size_grow = growing(h) && (map_flags(h) & MAP_SAMESIZEGROW);
    info->nevacuate = h->nevacuate;
    info->noldbuckets = growing(h) ? noldbuckets(h) : 0;
    info->keysize = h->t.keysize;
    info->elemsize = h->t.elemsize;
    info->bucketsize = h->t.bucketsize;
    if (h->buckets)
        for (uintptr_t i = 0; i < info->nbuckets; i++)
            info->overflow_buckets += chainlen(h, map_bucketat(h, h->buckets, i));
}

/* snprintf into buf at *len (saturating), counting what it wanted. */
static void emit(char *buf, size_t n, size_t *len, const char *fmt, ...)
    GORT_PRINTF(4, 5);
static void emit(char *buf, size_t n, size_t *len, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    size_t room = *len < n ? n - *len : 0;
    int w = vsnprintf(room ? buf + *len : NULL, room, fmt, ap);
    va_end(ap);
    if (w > 0) *len += (size_t)w;
}

static char slotchar(uint8_t top) {
    switch (top) {
    case MAP_EMPTYREST: return '.';
    case MAP_EMPTYONE: return '_';
    case MAP_EVACUATEDX: return 'x';
    case MAP_EVACUATEDY: return 'y';
    case MAP_EVACUATEDEMPTY: return 'e';
    default: return '#';
    }
}

static void dumparray(const HMap *h, BMap *arr, uintptr_t n, const char *name,
                      char *buf, size_t bn, size_t *len) {
    for (uintptr_t i = 0; i < n; i++) {
        emit(buf, bn, len, "%s %3zu:", name, (size_t)i);
        for (BMap *b = map_bucketat(h, arr, i); b; b = map_overflow(h, b)) {
            char s[MAP_BUCKETCNT + 1];
            for (int j = 0; j < MAP_BUCKETCNT; j++) s[j] = slotchar(b->tophash[j]);
            s[MAP_BUCKETCNT] = 0;
            emit(buf, bn, len, " [%s]", s);
        }
        emit(buf, bn, len, "\n");
    }
}

size_t gort_map_dump(gort_map *m, char *buf, size_t n) {
    HMap *h = (HMap *)m;
    size_t len = 0;
    if (n) buf[0] = 0;
    if (!h) {
        emit(buf, n, &len, "nil map\n");
        return len;
    }
    gort_map_info in;
    gort_map_inspect(m, &in);
    emit(buf, n, &len,
         "map count=%td B=%d buckets=%zu overflow=%zu noverflow=%zu",
         (ptrdiff_t)in.count, in.B, (size_t)in.nbuckets,
         (size_t)in.overflow_buckets, (size_t)in.noverflow);
    if (in.growing)
        emit(buf, n, &len, " growing(%s) nevacuate=%zu/%zu",
             in.same_size_grow ? "same size" : "double", (size_t)in.nevacuate,
             (size_t)in.noldbuckets);
    emit(buf, n, &len, "\n");
    if (h->oldbuckets) dumparray(h, h->oldbuckets, in.noldbuckets, "old", buf, n, &len);
    if (h->buckets)
        dumparray(h, h->buckets, in.nbuckets, h->oldbuckets ? "new" : "bucket",
                  buf, n, &len);
    return len;
}
