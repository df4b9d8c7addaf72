/*
 * map_fast.c — the map's fast paths for 4-byte, 8-byte and string keys
 * (Go's map_fast32.go, map_fast64.go, map_faststr.go).
 *
 * The generic paths in map.c call the key type's hash and equality through
 * function pointers and find slots through the MapType offsets.  Here the
 * key is a value, its hash is inlined (rt_memhash64v, the same function a
 * generic access of this map would call), and keys are compared with one
 * integer compare each, without looking at tophash first:
 *
 *     bucket: [th0..th7][k0 k1 k2 k3 k4 k5 k6 k7][e0 .. e7][ovf]
 *                         ^ 64 bytes of uint64 keys: one or two cache lines
 *
 * A one-bucket map (B == 0, never growing) is searched without hashing at
 * all.  String keys compare tophash first (a string compare costs more
 * than a byte compare), then length, then bytes.
 *
 * The write paths are the generic algorithm with these comparisons; growth,
 * evacuation, overflow buckets and emptyRest bookkeeping are shared with
 * map.c (rt_map_hashgrow, rt_map_growwork, rt_map_newoverflow,
 * rt_map_clearslot).  Keys that hold a pointer (an 8-byte pointer key)
 * are stored through the write barrier.
 *
 * Calling a fast path on a map whose key type does not qualify would hash
 * the key differently from the generic path; it is a fatal error instead.
 */
#include "map.h"

static GORT_NORETURN RT_NOINLINE void badkey(const HMap *h, const char *fn) {
    rt_throwf("%s: map key type %s does not fit this fast path", fn,
              h->t.key->name ? h->t.key->name : "?");
}

static inline void *retelem(const HMap *h, BMap *b, uintptr_t i) {
    void *e = map_elem(h, b, i);
    return unlikely(h->t.indirectelem) ? *(void **)e : e;
}

static inline void *missval(const HMap *h) {
    return h->zero ? h->zero : (void *)rt_map_zeroval;
}

/* The new entry's elem slot (allocating an indirect elem). */
static inline void *newelem(HMap *h, BMap *b, uintptr_t i) {
    void *e = map_elem(h, b, i);
    if (unlikely(h->t.indirectelem))
        gort_store_ptr(e, rt_mallocgc(h->t.elem->size, h->t.elem, true));
    return e;
}

static inline void endwrite(HMap *h) {
    uint8_t f = map_flags(h);
    if (unlikely(!(f & MAP_HASHWRITING))) rt_map_throwwriting();
    map_setflags(h, f & ~MAP_HASHWRITING);
}

static inline void beginwrite(HMap *h) {
    uint8_t f = map_flags(h);
    if (unlikely(f & MAP_HASHWRITING)) rt_map_throwwriting();
    map_setflags(h, f | MAP_HASHWRITING);
}

/* ---------------------------------------------------------------------- */
/* 32- and 64-bit keys                                                     */
/* ---------------------------------------------------------------------- */

/* FASTN(32, uint32_t, MAP_FAST32) and FASTN(64, uint64_t, MAP_FAST64). */
#define FASTN(N, KT, KIND)                                                     \
    static inline KT *keys##N(BMap *b) { return (KT *)((char *)b + 8); }       \
                                                                               \
    static inline BMap *find##N(const HMap *h, KT key, uintptr_t *slot) {      \
        BMap *b;                                                               \
        if (h->B == 0 && !h->oldbuckets) b = h->buckets;                       \
        else b = map_readbucket(h, rt_memhash##N##v(key, h->hash0));           \
        for (; b; b = map_overflow(h, b)) {                                    \
            KT *k = keys##N(b);                                                \
            for (uintptr_t i = 0; i < MAP_BUCKETCNT; i++)                      \
                if (k[i] == key && !map_isempty(b->tophash[i])) {              \
                    *slot = i;                                                 \
                    return b;                                                  \
                }                                                              \
        }                                                                      \
        return NULL;                                                           \
    }                                                                          \
                                                                               \
    void *gort_map_access2_fast##N(gort_map *m, KT key, bool *ok) {            \
        HMap *h = (HMap *)m;                                                   \
        if (ok) *ok = false;                                                   \
        if (unlikely(!h)) return (void *)rt_map_zeroval;                       \
        if (unlikely(h->t.fast != KIND)) badkey(h, __func__);                  \
        if (h->count == 0) return missval(h);                                  \
        if (unlikely(map_flags(h) & MAP_HASHWRITING)) rt_map_throwreadwrite(); \
        uintptr_t i;                                                           \
        BMap *b = find##N(h, key, &i);                                         \
        if (!b) return missval(h);                                             \
        if (ok) *ok = true;                                                    \
        return retelem(h, b, i);                                               \
    }                                                                          \
                                                                               \
    void *gort_map_access_fast##N(gort_map *m, KT key) {                       \
        HMap *h = (HMap *)m;                                                   \
        if (unlikely(!h)) return (void *)rt_map_zeroval;                       \
        if (unlikely(h->t.fast != KIND)) badkey(h, __func__);                  \
        if (h->count == 0) return missval(h);                                  \
        if (unlikely(map_flags(h) & MAP_HASHWRITING)) rt_map_throwreadwrite(); \
        uintptr_t i;                                                           \
        BMap *b = find##N(h, key, &i);                                         \
        return b ? retelem(h, b, i) : missval(h);                              \
    }                                                                          \
                                                                               \
    void *gort_map_assign_fast##N(gort_map *m, KT key) {                       \
        HMap *h = (HMap *)m;                                                   \
        if (unlikely(!h)) rt_map_nilassign();                                  \
        if (unlikely(h->t.fast != KIND)) badkey(h, __func__);                  \
        uint64_t hash = rt_memhash##N##v(key, h->hash0);                       \
        beginwrite(h);                                                         \
        if (unlikely(!h->buckets)) rt_map_initbuckets(h);                      \
        void *elem;                                                            \
    again:;                                                                    \
        uintptr_t bucket = hash & map_bucketmask(h->B);                        \
        if (unlikely(h->oldbuckets != NULL)) rt_map_growwork(h, bucket);       \
        BMap *b = map_bucketat(h, h->buckets, bucket), *insb = NULL;           \
        uintptr_t insi = 0;                                                    \
        for (;;) {                                                             \
            KT *k = keys##N(b);                                                \
            for (uintptr_t i = 0; i < MAP_BUCKETCNT; i++) {                    \
                if (map_isempty(b->tophash[i])) {                              \
                    if (!insb) insb = b, insi = i;                             \
                    if (b->tophash[i] == MAP_EMPTYREST) goto notfound;         \
                    continue;                                                  \
                }                                                              \
                if (k[i] != key) continue;                                     \
                elem = map_elem(h, b, i);                                      \
                goto done;                                                     \
            }                                                                  \
            BMap *ovf = map_overflow(h, b);                                    \
            if (!ovf) break;                                                   \
            b = ovf;                                                           \
        }                                                                      \
    notfound:                                                                  \
        if (unlikely(map_needgrow(h))) {                                    \
            rt_map_hashgrow(h);                                                \
            goto again;                                                        \
        }                                                                      \
        if (!insb) {                                                           \
            insb = rt_map_newoverflow(h, b);                                   \
            insi = 0;                                                          \
        }                                                                      \
        if (N == 64 && h->t.keyptrs)                                           \
            gort_store_ptr((void **)&keys##N(insb)[insi],                      \
                           (void *)(uintptr_t)key);                            \
        else                                                                   \
            keys##N(insb)[insi] = key;                                         \
        insb->tophash[insi] = map_tophash(hash);                               \
        h->count++;                                                            \
        elem = newelem(h, insb, insi);                                         \
    done:                                                                      \
        endwrite(h);                                                           \
        return unlikely(h->t.indirectelem) ? *(void **)elem : elem;            \
    }                                                                          \
                                                                               \
    void gort_map_delete_fast##N(gort_map *m, KT key) {                        \
        HMap *h = (HMap *)m;                                                   \
        if (!h) return;                                                        \
        if (unlikely(h->t.fast != KIND)) badkey(h, __func__);                  \
        if (h->count == 0) return;                                             \
        uint64_t hash = rt_memhash##N##v(key, h->hash0);                       \
        beginwrite(h);                                                         \
        uintptr_t bucket = hash & map_bucketmask(h->B);                        \
        if (h->oldbuckets) rt_map_growwork(h, bucket);                         \
        BMap *first = map_bucketat(h, h->buckets, bucket);                     \
        for (BMap *b = first; b; b = map_overflow(h, b)) {                     \
            KT *k = keys##N(b);                                                \
            for (uintptr_t i = 0; i < MAP_BUCKETCNT; i++) {                    \
                if (k[i] != key || map_isempty(b->tophash[i])) continue;       \
                rt_map_clearslot(h, first, b, i);                              \
                if (--h->count == 0)                                           \
                    h->hash0 = (uint64_t)rt_fastrand() << 32 | rt_fastrand(); \
                goto out;                                                      \
            }                                                                  \
        }                                                                      \
    out:                                                                       \
        endwrite(h);                                                           \
    }

FASTN(32, uint32_t, MAP_FAST32)
FASTN(64, uint64_t, MAP_FAST64)

/* ---------------------------------------------------------------------- */
/* String keys                                                             */
/* ---------------------------------------------------------------------- */

static inline gort_string *skeys(BMap *b) { return (gort_string *)((char *)b + 8); }

static inline bool streq(const gort_string *a, gort_string b) {
    return a->len == b.len &&
           (a->ptr == b.ptr || memcmp(a->ptr, b.ptr, (size_t)b.len) == 0);
}

static BMap *findstr(const HMap *h, gort_string key, uintptr_t *slot) {
    if (h->B == 0 && !h->oldbuckets) { /* one bucket: no hash */
        BMap *b = h->buckets;
        gort_string *k = skeys(b);
        for (uintptr_t i = 0; i < MAP_BUCKETCNT; i++) {
            if (b->tophash[i] == MAP_EMPTYREST) break;
            if (map_isempty(b->tophash[i]) || !streq(&k[i], key)) continue;
            *slot = i;
            return b;
        }
        return NULL;
    }
    uint64_t hash = rt_strhash(&key, h->hash0);
    uint8_t top = map_tophash(hash);
    for (BMap *b = map_readbucket(h, hash); b; b = map_overflow(h, b)) {
        gort_string *k = skeys(b);
        for (uintptr_t i = 0; i < MAP_BUCKETCNT; i++) {
            if (b->tophash[i] != top) {
                if (b->tophash[i] == MAP_EMPTYREST) return NULL;
                continue;
            }
            if (streq(&k[i], key)) {
                *slot = i;
                return b;
            }
        }
    }
    return NULL;
}

void *gort_map_access2_faststr(gort_map *m, gort_string key, bool *ok) {
    HMap *h = (HMap *)m;
    if (ok) *ok = false;
    if (unlikely(!h)) return (void *)rt_map_zeroval;
    if (unlikely(h->t.fast != MAP_FASTSTR)) badkey(h, __func__);
    if (h->count == 0) return missval(h);
    if (unlikely(map_flags(h) & MAP_HASHWRITING)) rt_map_throwreadwrite();
    uintptr_t i;
    BMap *b = findstr(h, key, &i);
    if (!b) return missval(h);
    if (ok) *ok = true;
    return retelem(h, b, i);
}

void *gort_map_access_faststr(gort_map *m, gort_string key) {
    return gort_map_access2_faststr(m, key, NULL);
}

/* Stores the string header with the barrier for its pointer word. */
static inline void putstr(gort_string *slot, gort_string key) {
    gort_store_ptr((void **)&slot->ptr, (void *)(uintptr_t)key.ptr);
    slot->len = key.len;
}

void *gort_map_assign_faststr(gort_map *m, gort_string key) {
    HMap *h = (HMap *)m;
    if (unlikely(!h)) rt_map_nilassign();
    if (unlikely(h->t.fast != MAP_FASTSTR)) badkey(h, __func__);
    uint64_t hash = rt_strhash(&key, h->hash0);
    uint8_t top = map_tophash(hash);
    beginwrite(h);
    if (unlikely(!h->buckets)) rt_map_initbuckets(h);
    void *elem;
again:;
    uintptr_t bucket = hash & map_bucketmask(h->B);
    if (unlikely(h->oldbuckets != NULL)) rt_map_growwork(h, bucket);
    BMap *b = map_bucketat(h, h->buckets, bucket), *insb = NULL;
    uintptr_t insi = 0;
    for (;;) {
        gort_string *k = skeys(b);
        for (uintptr_t i = 0; i < MAP_BUCKETCNT; i++) {
            if (b->tophash[i] != top) {
                if (!insb && map_isempty(b->tophash[i])) insb = b, insi = i;
                if (b->tophash[i] == MAP_EMPTYREST) goto notfound;
                continue;
            }
            if (!streq(&k[i], key)) continue;
            /* Present: take the new string so the old one can be freed. */
            putstr(&k[i], key);
            elem = map_elem(h, b, i);
            goto done;
        }
        BMap *ovf = map_overflow(h, b);
        if (!ovf) break;
        b = ovf;
    }
notfound:
    if (unlikely(map_needgrow(h))) {
        rt_map_hashgrow(h);
        goto again;
    }
    if (!insb) {
        insb = rt_map_newoverflow(h, b);
        insi = 0;
    }
    putstr(&skeys(insb)[insi], key);
    insb->tophash[insi] = top;
    h->count++;
    elem = newelem(h, insb, insi);
done:
    endwrite(h);
    return unlikely(h->t.indirectelem) ? *(void **)elem : elem;
}

void gort_map_delete_faststr(gort_map *m, gort_string key) {
    HMap *h = (HMap *)m;
    if (!h) return;
    if (unlikely(h->t.fast != MAP_FASTSTR)) badkey(h, __func__);
    if (h->count == 0) return;
    uint64_t hash = rt_strhash(&key, h->hash0);
    uint8_t top = map_tophash(hash);
    beginwrite(h);
    uintptr_t bucket = hash & map_bucketmask(h->B);
    if (h->oldbuckets) rt_map_growwork(h, bucket);
    BMap *first = map_bucketat(h, h->buckets, bucket);
    for (BMap *b = first; b; b = map_overflow(h, b)) {
        gort_string *k = skeys(b);
        for (uintptr_t i = 0; i < MAP_BUCKETCNT; i++) {
            if (b->tophash[i] != top) {
                if (b->tophash[i] == MAP_EMPTYREST) goto out;
                continue;
            }
            if (!streq(&k[i], key)) continue;
            rt_map_clearslot(h, first, b, i);
            if (--h->count == 0)
                h->hash0 = (uint64_t)rt_fastrand() << 32 | rt_fastrand();
            goto out;
        }
    }
out:
    endwrite(h);
}
