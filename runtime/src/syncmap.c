/*
 * syncmap.c — sync.Map: a read-mostly concurrent map.
 *
 *   gort_syncmap
 *   +------------+     readOnly (immutable once published)
 *   | read  -----+---> { slots --> [k|e|h][k|e|h][   ][k|e|h] ...
 *   |            |       amended: dirty has keys read lacks }
 *   | mu         |                   |        |
 *   | dirty -----+---> table { slots --> [k|e|h][k|e|h][k|e|h] ... }
 *   | misses     |                   |        |       |
 *   +------------+                   v        v       v
 *                                  entry    entry   entry  { p }
 *
 * Two hash tables share their entries.  `read` is a snapshot that is never
 * modified after it is published (an atomic pointer): a Load of a key
 * present there takes no lock and writes nothing shared.  `dirty`, under
 * mu, holds every live key, including those added since the snapshot.
 * An entry's value word p changes in place with atomics, so updating an
 * existing key is also lock-free, through either table:
 *
 *     p == NULL       deleted (still in dirty, if dirty exists)
 *     p == expunged   deleted, and not in dirty (dirty was rebuilt
 *                     without it); re-storing must add it to dirty first
 *     otherwise       the value (a NULL value is stored as &nilval)
 *
 * Misses: a Load that does not find its key in read but read.amended is set
 * locks mu and looks in dirty.  After as many such misses as dirty has
 * entries (the copy then costs no more than the misses did), dirty is
 * promoted: it becomes the new read (amended false) and dirty becomes nil.
 * The next Store of a new key rebuilds dirty from read, expunging deleted
 * entries (NULL -> expunged) instead of copying them.
 *
 * The tables are open-addressing (linear probing, power-of-two size, load
 * at most 3/4) arrays of {key, entry, hash}.  The Go-style hashmap is
 * another component; this one only needs insert, lookup and (for dirty)
 * delete with backward shifting, which keeps probe runs tombstone-free.
 * Keys are pointer-sized words, or with key_type set, pointers to copies
 * of the key values, hashed by the type (strings by their bytes).
 *
 * Everything lives on the GC heap and is reclaimed by the collector when
 * unreachable: old snapshots may still be in use by a concurrent Load, so
 * nothing here could be freed explicitly.  Pointer stores use the write
 * barrier (rt_typedmemmove; rt_atomicwb before atomic stores).
 *
 * Rejected: one map under a RWMutex (readers contend on the reader count,
 * a shared cache line); sharded maps (every Load still takes a lock).
 */
#include "map.h"

/* ---------------------------------------------------------------------- */
/* Layouts and values                                                      */
/* ---------------------------------------------------------------------- */

typedef struct entry {
    void *p; /* atomic: NULL, expunged, or the value */
} entry;

typedef struct slot {
    uintptr_t key; /* the word, or a pointer to a key copy */
    entry *e;      /* NULL: empty slot */
    uint64_t hash;
} slot;

typedef struct table {
    slot *slots;
    uintptr_t mask;  /* cap - 1; slots == NULL: empty */
    uintptr_t count;
} table;

typedef struct readOnly {
    table m;          /* immutable */
    uintptr_t amended;
} readOnly;

static const uint8_t mask1[1] = {0x1}, mask3[1] = {0x3};
static const gort_type entryType = {
    .size = sizeof(entry), .align = _Alignof(entry), .ptrwords = 1,
    .ptrmask = mask1, .name = "*sync.entry", .kind = GORT_KIND_STRUCT};
static const gort_type slotType = {
    .size = sizeof(slot), .align = _Alignof(slot), .ptrwords = 2,
    .ptrmask = mask3, .name = "sync.slot", .kind = GORT_KIND_STRUCT};
static const gort_type tableType = {
    .size = sizeof(table), .align = _Alignof(table), .ptrwords = 1,
    .ptrmask = mask1, .name = "sync.table", .kind = GORT_KIND_STRUCT};
static const gort_type readOnlyType = {
    .size = sizeof(readOnly), .align = _Alignof(readOnly), .ptrwords = 1,
    .ptrmask = mask1, .name = "sync.readOnly", .kind = GORT_KIND_STRUCT};
static const uint8_t mapmask[1] = {0x0c}; /* read, dirty */
const gort_type gort_type_syncmap = {
    .size = sizeof(gort_syncmap), .align = _Alignof(gort_syncmap),
    .ptrwords = 4, .ptrmask = mapmask, .name = "sync.Map",
    .kind = GORT_KIND_STRUCT};
_Static_assert(offsetof(gort_syncmap, read) == 2 * sizeof(void *) &&
                   offsetof(gort_syncmap, dirty) == 3 * sizeof(void *),
               "gort_type_syncmap's mask");

static char expungedv, nilv;
#define EXPUNGED ((void *)&expungedv)
#define NILVAL ((void *)&nilv) /* a stored NULL */

static inline void *boxv(void *v) { return v ? v : NILVAL; }
static inline void *unboxv(void *p) { return p == NILVAL ? NULL : p; }

static inline void wbstore(void **slotp, void *v) {
    rt_typedmemmove(&gort_type_pointer, slotp, &v);
}
static inline bool casp(void **p, void *old, void *new) {
    rt_atomicwb(p, new);
    return __atomic_compare_exchange_n(p, &old, new, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_ACQUIRE);
}
static inline void storep(void **p, void *v) {
    rt_atomicwb(p, v);
    ast(p, v);
}

/* ---------------------------------------------------------------------- */
/* Keys                                                                    */
/* ---------------------------------------------------------------------- */

static uint64_t hashseed; /* set once, before any map is used */

static inline uint64_t mix(uint64_t a, uint64_t b) {
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* The map's memory hash (alg.c). */
static inline uint64_t memhash(const void *p, size_t n, uint64_t seed) {
    return rt_memhash(p, n, seed);
}

static uint64_t seed(void) {
    uint64_t s = ald_relaxed(&hashseed);
    if (unlikely(s == 0)) {
        uint64_t z = 0;
        s = ((uint64_t)rt_fastrand() << 32 | rt_fastrand()) | 1;
        if (!__atomic_compare_exchange_n(&hashseed, &z, s, false,
                                         __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            s = z;
    }
    return s;
}

static uint64_t keyhash(const gort_type *kt, const void *key) {
    uint64_t s = seed();
    if (!kt) return mix((uintptr_t)key ^ s, 0x9e3779b97f4a7c15ull);
    if (kt->hash) return kt->hash(key, s);
    if (kt->kind == GORT_KIND_STRING) {
        const gort_string *str = key;
        return memhash(str->ptr, (size_t)str->len, s);
    }
    return memhash(key, kt->size, s);
}

/* Does the stored key k equal the caller's key? */
static bool keyeq(const gort_type *kt, uintptr_t k, const void *key) {
    if (!kt) return k == (uintptr_t)key;
    const void *stored = (const void *)k;
    if (kt->equal) return kt->equal(stored, key);
    if (kt->kind == GORT_KIND_STRING) {
        const gort_string *a = stored, *b = key;
        return a->len == b->len &&
               (a->len == 0 || memcmp(a->ptr, b->ptr, (size_t)a->len) == 0);
    }
    return memcmp(stored, key, kt->size) == 0;
}

/* The word stored in a slot for a new key: the key itself, or a copy. */
static uintptr_t keystore(const gort_type *kt, const void *key) {
    if (!kt) return (uintptr_t)key;
    void *copy = gort_alloc(kt->size, kt);
    rt_typedmemmove(kt, copy, key);
    return (uintptr_t)copy;
}

/* The key as Range reports it. */
static inline const void *keyview(const gort_type *kt, uintptr_t k) {
    (void)kt;
    return (const void *)k;
}

/* ---------------------------------------------------------------------- */
/* Tables                                                                  */
/* ---------------------------------------------------------------------- */

static entry *lookup(const gort_type *kt, const table *t, const void *key,
                     uint64_t h) {
    if (!t->slots) return NULL;
    for (uintptr_t i = h & t->mask;; i = (i + 1) & t->mask) {
        const slot *s = &t->slots[i];
        if (!s->e) return NULL;
        if (s->hash == h && keyeq(kt, s->key, key)) return s->e;
    }
}

/* Places a slot known to be absent (no equality checks). */
static void place(table *t, slot s) {
    uintptr_t i = s.hash & t->mask;
    while (t->slots[i].e) i = (i + 1) & t->mask;
    rt_typedmemmove(&slotType, &t->slots[i], &s);
    t->count++;
}

static slot *allocslots(uintptr_t cap) {
    return gort_alloc(cap * sizeof(slot), &slotType);
}

/* Makes room for one more key (load factor <= 3/4). */
static void grow(table *t) {
    if (t->slots && (t->count + 1) * 4 <= (t->mask + 1) * 3) return;
    uintptr_t cap = t->slots ? (t->mask + 1) * 2 : 8;
    table n = {allocslots(cap), cap - 1, 0};
    for (uintptr_t i = 0; t->slots && i <= t->mask; i++)
        if (t->slots[i].e) place(&n, t->slots[i]);
    wbstore((void **)&t->slots, n.slots);
    t->mask = n.mask;
    t->count = n.count;
}

/* Removes key from a (dirty) table by backward shifting. */
static void tabledelete(const gort_type *kt, table *t, const void *key,
                        uint64_t h) {
    if (!t->slots) return;
    uintptr_t i = h & t->mask;
    for (;; i = (i + 1) & t->mask) {
        slot *s = &t->slots[i];
        if (!s->e) return;
        if (s->hash == h && keyeq(kt, s->key, key)) break;
    }
    static const slot empty;
    for (uintptr_t j = (i + 1) & t->mask;; j = (j + 1) & t->mask) {
        slot *s = &t->slots[j];
        if (!s->e) break;
        /* s may move back to hole i if its home is not in (i, j]. */
        uintptr_t home = s->hash & t->mask;
        bool inrange = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!inrange) {
            rt_typedmemmove(&slotType, &t->slots[i], s);
            i = j;
        }
    }
    rt_typedmemmove(&slotType, &t->slots[i], &empty);
    t->count--;
}

/* ---------------------------------------------------------------------- */
/* Entries                                                                 */
/* ---------------------------------------------------------------------- */

static entry *newentry(void *v) {
    entry *e = gort_alloc(sizeof *e, &entryType);
    wbstore(&e->p, boxv(v));
    return e;
}

static bool eload(entry *e, void **value) {
    void *p = ald(&e->p);
    if (!p || p == EXPUNGED) return false;
    if (value) *value = unboxv(p);
    return true;
}

/* Stores unless the entry is expunged (then it must go into dirty first,
 * under the lock). */
static bool trystore(entry *e, void *v) {
    void *p = ald(&e->p);
    for (;;) {
        if (p == EXPUNGED) return false;
        if (casp(&e->p, p, boxv(v))) return true;
        p = ald(&e->p);
    }
}

/* mu held.  Was expunged: the caller adds it to dirty. */
static bool unexpunge(entry *e) { return casp(&e->p, EXPUNGED, NULL); }

/* mu held, entry known not expunged. */
static void storelocked(entry *e, void *v) { storep(&e->p, boxv(v)); }

/* mu held.  NULL -> expunged; true if it is (now) expunged. */
static bool tryexpunge(entry *e) {
    void *p = ald(&e->p);
    while (p == NULL) {
        if (casp(&e->p, NULL, EXPUNGED)) return true;
        p = ald(&e->p);
    }
    return p == EXPUNGED;
}

/* LoadOrStore on an entry.  *ok false: expunged, retry under the lock. */
static bool tryloadorstore(entry *e, void *v, void **actual, bool *ok) {
    void *p = ald(&e->p);
    *ok = true;
    if (p == EXPUNGED) {
        *ok = false;
        return false;
    }
    if (p) {
        if (actual) *actual = unboxv(p);
        return true;
    }
    for (;;) {
        if (casp(&e->p, NULL, boxv(v))) {
            if (actual) *actual = v;
            return false;
        }
        p = ald(&e->p);
        if (p == EXPUNGED) {
            *ok = false;
            return false;
        }
        if (p) {
            if (actual) *actual = unboxv(p);
            return true;
        }
    }
}

static bool edelete(entry *e, void **value) {
    void *p = ald(&e->p);
    for (;;) {
        if (!p || p == EXPUNGED) return false;
        if (casp(&e->p, p, NULL)) {
            if (value) *value = unboxv(p);
            return true;
        }
        p = ald(&e->p);
    }
}

/* ---------------------------------------------------------------------- */
/* The map                                                                 */
/* ---------------------------------------------------------------------- */

static const table emptytable;

static inline readOnly *loadread(gort_syncmap *m) { return ald(&m->read); }
static inline const table *readtable(readOnly *r) {
    return r ? &r->m : &emptytable;
}
static inline bool amended(readOnly *r) { return r && r->amended; }
static inline table *dirtyt(gort_syncmap *m) { return m->dirty; }

static void storeread(gort_syncmap *m, const table *t, bool am) {
    readOnly *r = gort_alloc(sizeof *r, &readOnlyType);
    rt_typedmemmove(&tableType, &r->m, t);
    r->amended = am;
    storep(&m->read, r); /* release: the table is complete */
}

/* mu held: dirty becomes read. */
static void promote(gort_syncmap *m) {
    storeread(m, dirtyt(m), false);
    wbstore(&m->dirty, NULL);
    m->misses = 0;
}

/* mu held. */
static void misslocked(gort_syncmap *m) {
    m->misses++;
    if ((uintptr_t)m->misses < dirtyt(m)->count) return;
    promote(m);
}

/* mu held: makes dirty (if nil) from read, expunging deleted entries. */
static void dirtylocked(gort_syncmap *m) {
    if (m->dirty) return;
    const table *r = readtable(loadread(m));
    table *d = gort_alloc(sizeof *d, &tableType);
    uintptr_t cap = 8;
    while (cap * 3 < r->count * 4 + 4) cap *= 2;
    wbstore((void **)&d->slots, allocslots(cap));
    d->mask = cap - 1;
    for (uintptr_t i = 0; r->slots && i <= r->mask; i++) {
        const slot *s = &r->slots[i];
        if (s->e && !tryexpunge(s->e)) place(d, *s);
    }
    wbstore(&m->dirty, d);
}

/* mu held: adds a new key to dirty. */
static void dirtyinsert(gort_syncmap *m, const void *key, uint64_t h, entry *e) {
    table *d = dirtyt(m);
    grow(d);
    slot s = {keystore(m->key_type, key), e, h};
    place(d, s);
}

bool gort_syncmap_load(gort_syncmap *m, const void *key, void **value) {
    const gort_type *kt = m->key_type;
    uint64_t h = keyhash(kt, key);
    readOnly *r = loadread(m);
    entry *e = lookup(kt, readtable(r), key, h);
    if (!e && amended(r)) {
        gort_mutex_lock(&m->mu);
        /* Re-check: dirty may have been promoted while we waited. */
        r = loadread(m);
        e = lookup(kt, readtable(r), key, h);
        if (!e && amended(r)) {
            e = lookup(kt, dirtyt(m), key, h);
            /* Count the miss whether or not the key exists: this key will
             * take the slow path until dirty is promoted. */
            misslocked(m);
        }
        gort_mutex_unlock(&m->mu);
    }
    return e && eload(e, value);
}

void gort_syncmap_store(gort_syncmap *m, const void *key, void *value) {
    const gort_type *kt = m->key_type;
    uint64_t h = keyhash(kt, key);
    entry *e = lookup(kt, readtable(loadread(m)), key, h);
    if (e && trystore(e, value)) return;
    gort_mutex_lock(&m->mu);
    readOnly *r = loadread(m);
    if ((e = lookup(kt, readtable(r), key, h)) != NULL) {
        /* Expunged: not in dirty (which exists), so add it there. */
        if (unexpunge(e)) dirtyinsert(m, key, h, e);
        storelocked(e, value);
    } else if (m->dirty && (e = lookup(kt, dirtyt(m), key, h)) != NULL) {
        storelocked(e, value);
    } else {
        if (!amended(r)) {
            /* First new key since the last promotion. */
            dirtylocked(m);
            storeread(m, readtable(r), true);
        }
        dirtyinsert(m, key, h, newentry(value));
    }
    gort_mutex_unlock(&m->mu);
}

bool gort_syncmap_load_or_store(gort_syncmap *m, const void *key, void *value,
                                void **actual) {
    const gort_type *kt = m->key_type;
    uint64_t h = keyhash(kt, key);
    bool ok, loaded;
    entry *e = lookup(kt, readtable(loadread(m)), key, h);
    if (e) {
        loaded = tryloadorstore(e, value, actual, &ok);
        if (ok) return loaded;
    }
    gort_mutex_lock(&m->mu);
    readOnly *r = loadread(m);
    if ((e = lookup(kt, readtable(r), key, h)) != NULL) {
        if (unexpunge(e)) dirtyinsert(m, key, h, e);
        loaded = tryloadorstore(e, value, actual, &ok);
    } else if (m->dirty && (e = lookup(kt, dirtyt(m), key, h)) != NULL) {
        loaded = tryloadorstore(e, value, actual, &ok);
        misslocked(m);
    } else {
        if (!amended(r)) {
            dirtylocked(m);
            storeread(m, readtable(r), true);
        }
        dirtyinsert(m, key, h, newentry(value));
        if (actual) *actual = value;
        loaded = false;
    }
    gort_mutex_unlock(&m->mu);
    return loaded;
}

bool gort_syncmap_load_and_delete(gort_syncmap *m, const void *key,
                                  void **value) {
    const gort_type *kt = m->key_type;
    uint64_t h = keyhash(kt, key);
    readOnly *r = loadread(m);
    entry *e = lookup(kt, readtable(r), key, h);
    if (!e && amended(r)) {
        gort_mutex_lock(&m->mu);
        r = loadread(m);
        e = lookup(kt, readtable(r), key, h);
        if (!e && amended(r)) {
            e = lookup(kt, dirtyt(m), key, h);
            tabledelete(kt, dirtyt(m), key, h);
            /* Counted as a miss, as in Load. */
            misslocked(m);
        }
        gort_mutex_unlock(&m->mu);
    }
    return e && edelete(e, value);
}

void gort_syncmap_delete(gort_syncmap *m, const void *key) {
    (void)gort_syncmap_load_and_delete(m, key, NULL);
}

void gort_syncmap_range(gort_syncmap *m,
                        bool (*f)(const void *key, void *value, void *arg),
                        void *arg) {
    /* All keys must be in read to be seen: promote dirty first if read is
     * incomplete.  Range is O(n) anyway, so the copy is amortised. */
    readOnly *r = loadread(m);
    if (amended(r)) {
        gort_mutex_lock(&m->mu);
        r = loadread(m);
        if (amended(r)) {
            promote(m);
            r = loadread(m);
        }
        gort_mutex_unlock(&m->mu);
    }
    const table *t = readtable(r);
    for (uintptr_t i = 0; t->slots && i <= t->mask; i++) {
        const slot *s = &t->slots[i];
        void *v;
        if (!s->e || !eload(s->e, &v)) continue;
        if (!f(keyview(m->key_type, s->key), v, arg)) break;
    }
}

/* Test hook: entries in read / dirty, and the miss count. */
void rt_syncmap_stats(gort_syncmap *m, intptr_t *nread, intptr_t *ndirty,
                      intptr_t *misses, bool *isamended) {
    gort_mutex_lock(&m->mu);
    readOnly *r = loadread(m);
    *nread = (intptr_t)readtable(r)->count;
    *ndirty = m->dirty ? (intptr_t)dirtyt(m)->count : -1;
    *misses = m->misses;
    *isamended = amended(r);
    gort_mutex_unlock(&m->mu);
}
