/*
 * pool.c — sync.Pool: per-P caches of reusable objects, emptied by the GC.
 *
 *   gort_pool p
 *   +-----------+      local[GOMAXPROCS] (GC heap, one cache line each)
 *   | local   --+--->  +-----------------+-----------------+----
 *   | victim  --+-+    | private         | private         |
 *   +-----------+ |    | shared: chain   | shared: chain   |  ...
 *                 |    +--------+--------+-----------------+----
 *                 |             |  P0                P1
 *                 |             v
 *                 |    head -> [ring of 16] <-> [ring of 8] <- tail
 *                 |            owner pushes      other Ps steal
 *                 |            and pops here     (popTail) here
 *                 +--> last cycle's local array (the victim cache)
 *
 * Put and Get run "pinned" to the current P (m->locks > 0: no preemption,
 * no stop-the-world, no P change).  Put stores into the P's private slot or
 * pushes onto the head of its shared chain; Get takes private, then pops
 * the head of its own chain, then steals from the tails of other Ps'
 * chains, then looks in the victim cache.  Nothing takes a lock.
 *
 * The shared chain is Go's poolChain: a list of single-producer,
 * multi-consumer lock-free rings (poolDequeue), each twice the size of the
 * previous.  A ring packs head and tail indices in one 64-bit word:
 *
 *     headTail = head << 32 | tail       slots [tail, head) are full
 *
 * The owner pushes at head (a plain slot write, then head++), pops at head
 * with a CAS (head--); any P pops at tail with a CAS (tail++).  A slot is
 * non-NULL while occupied, and a stealer clears it (with a release store)
 * only after its CAS, so the owner must see it NULL before reusing it.
 * When the tail ring runs empty, a stealer unlinks it.
 *
 * The GC: at the start of every cycle (world stopped) poolCleanup drops
 * every pool's victim cache and moves its local cache to victim.  An object
 * put into a pool therefore survives one collection in the victim cache
 * (a Get there is still a hit, which smooths the cost of the cycle) and is
 * dropped at the second.  The collector calls the hook through
 * rt_gc_run_cycle_hooks() (registered here), and marks the pools' arrays
 * through rt_gc_markroot_hooks(): pools in allPools/oldPools are roots, as
 * Go's globals of the same names are.  Pointer stores into the GC-heap
 * arrays and rings go through the write barrier (rt_typedmemmove for plain
 * stores, rt_atomicwb before atomic ones).
 *
 * Rejected: one mutex-protected list per pool (every Put/Get contends);
 * thread-local caches (goroutines move between threads, Ps do not).
 */
#include "runtime.h"

#include <stdlib.h>

/* ---------------------------------------------------------------------- */
/* Hooks the collector calls                                               */
/* ---------------------------------------------------------------------- */

enum { MAXHOOKS = 16 };
static rt_mutex hooklock;
static void (*cyclehooks[MAXHOOKS])(void);
static int ncyclehooks;
static void (*roothooks[MAXHOOKS])(rt_gc_markfn mark, void *gcw);
static int nroothooks;

void rt_gc_register_cycle_hook(void (*fn)(void)) {
    rt_lock(&hooklock);
    if (ncyclehooks == MAXHOOKS) rt_throw("too many GC cycle hooks");
    cyclehooks[ncyclehooks] = fn;
    ast(&ncyclehooks, ncyclehooks + 1);
    rt_unlock(&hooklock);
}

void rt_gc_register_root_hook(void (*fn)(rt_gc_markfn mark, void *gcw)) {
    rt_lock(&hooklock);
    if (nroothooks == MAXHOOKS) rt_throw("too many GC root hooks");
    roothooks[nroothooks] = fn;
    ast(&nroothooks, nroothooks + 1);
    rt_unlock(&hooklock);
}

void rt_gc_run_cycle_hooks(void) {
    int n = ald(&ncyclehooks);
    for (int i = 0; i < n; i++) cyclehooks[i]();
}

void rt_gc_markroot_hooks(rt_gc_markfn mark, void *gcw) {
    int n = ald(&nroothooks);
    for (int i = 0; i < n; i++) roothooks[i](mark, gcw);
}

/* ---------------------------------------------------------------------- */
/* GC-heap layouts                                                         */
/* ---------------------------------------------------------------------- */

/* One ring of the chain.  vals is a separate array of pointers. */
typedef struct poolChainElt {
    uint64_t headTail;          /* atomic: head << 32 | tail */
    struct poolChainElt *next;  /* atomic: toward the head (newer) */
    struct poolChainElt *prev;  /* atomic: toward the tail (older) */
    void **vals;                /* ring; immutable after creation */
    uint32_t n;                 /* ring size, a power of two */
} poolChainElt;

typedef struct poolChain {
    poolChainElt *head;         /* owner only (plain) */
    poolChainElt *tail;         /* atomic: stealers advance it */
} poolChain;

typedef struct poolLocal {
    void *private;              /* owner P only */
    poolChain shared;
    char pad[128 - sizeof(void *) - sizeof(poolChain)]; /* false sharing */
} poolLocal;

static const uint8_t eltmask[1] = {0x0e};   /* next, prev, vals */
static const gort_type eltType = {
    .size = sizeof(poolChainElt), .align = _Alignof(poolChainElt),
    .ptrwords = 4, .ptrmask = eltmask, .name = "sync.poolChainElt",
    .kind = GORT_KIND_STRUCT};
static const uint8_t localmask[1] = {0x07}; /* private, head, tail */
static const gort_type localType = {
    .size = sizeof(poolLocal), .align = _Alignof(poolLocal),
    .ptrwords = 3, .ptrmask = localmask, .name = "sync.poolLocal",
    .kind = GORT_KIND_STRUCT};
_Static_assert(sizeof(poolLocal) == 128, "poolLocal is two cache lines' worth");

static const uint8_t poolmask[1] = {0x16}; /* new_arg, local, victim */
const gort_type gort_type_pool = {
    .size = sizeof(gort_pool), .align = _Alignof(gort_pool),
    .ptrwords = 5, .ptrmask = poolmask, .name = "sync.Pool",
    .kind = GORT_KIND_STRUCT};
_Static_assert(offsetof(gort_pool, local) == 2 * sizeof(void *) &&
                   offsetof(gort_pool, victim) == 4 * sizeof(void *),
               "gort_type_pool's mask");

/* Barriered pointer stores. */
static inline void wbstore(void **slot, void *v) {
    rt_typedmemmove(&gort_type_pointer, slot, &v);
}
static inline void atomicstorep(void **slot, void *v) {
    rt_atomicwb(slot, v);
    ast(slot, v);
}

/* ---------------------------------------------------------------------- */
/* poolDequeue: one ring                                                   */
/* ---------------------------------------------------------------------- */

#define DEQUEUE_BITS 32
/* Rings never grow beyond this (head and tail are 32 bits; keep well
 * below so that full and empty stay distinguishable). */
#define DEQUEUE_LIMIT (1u << 30)

static inline uint32_t htHead(uint64_t ht) { return (uint32_t)(ht >> DEQUEUE_BITS); }
static inline uint32_t htTail(uint64_t ht) { return (uint32_t)ht; }
static inline uint64_t htPack(uint32_t h, uint32_t t) {
    return (uint64_t)h << DEQUEUE_BITS | t;
}

static poolChainElt *newElt(uint32_t n) {
    poolChainElt *d = gort_alloc(sizeof *d, &eltType);
    void **vals = gort_alloc(n * sizeof(void *), &gort_type_pointer);
    wbstore((void **)&d->vals, vals);
    d->n = n;
    return d;
}

/* Owner only.  false if the ring is full. */
static bool pushHead(poolChainElt *d, void *val) {
    uint64_t ht = ald(&d->headTail);
    uint32_t head = htHead(ht), tail = htTail(ht);
    if (tail + d->n == head) return false; /* full */
    void **slot = &d->vals[head & (d->n - 1)];
    /* A stealer that took this slot may not have cleared it yet. */
    if (ald(slot) != NULL) return false;
    rt_atomicwb(slot, val);
    ast_relaxed(slot, val);
    /* Publishes the slot: stealers read it after seeing the new head. */
    __atomic_add_fetch(&d->headTail, (uint64_t)1 << DEQUEUE_BITS,
                       __ATOMIC_RELEASE);
    return true;
}

/* Owner only.  NULL if empty. */
static void *popHead(poolChainElt *d) {
    uint64_t ht = ald(&d->headTail);
    for (;;) {
        uint32_t head = htHead(ht), tail = htTail(ht);
        if (tail == head) return NULL;
        head--;
        if (acas(&d->headTail, &ht, htPack(head, tail))) {
            void **slot = &d->vals[head & (d->n - 1)];
            void *val = ald_relaxed(slot);
            atomicstorep(slot, NULL);
            return val;
        }
    }
}

/* Any P.  NULL if empty. */
static void *popTail(poolChainElt *d) {
    uint64_t ht = ald(&d->headTail);
    for (;;) {
        uint32_t head = htHead(ht), tail = htTail(ht);
        if (tail == head) return NULL;
        if (acas(&d->headTail, &ht, htPack(head, tail + 1))) {
            void **slot = &d->vals[tail & (d->n - 1)];
            void *val = ald(slot);
            /* Release: the owner may reuse the slot once it sees NULL. */
            atomicstorep(slot, NULL);
            return val;
        }
    }
}

/* ---------------------------------------------------------------------- */
/* poolChain                                                               */
/* ---------------------------------------------------------------------- */

/* Owner only.  Links d (a new, empty ring) as the chain's head. */
static void chainLink(poolChain *c, poolChainElt *d) {
    poolChainElt *h = c->head;
    if (!h) {
        wbstore((void **)&c->head, d);
        atomicstorep((void **)&c->tail, d);
        return;
    }
    atomicstorep((void **)&d->prev, h);
    wbstore((void **)&c->head, d);
    atomicstorep((void **)&h->next, d);
}

/* Owner only.  Returns false if the head ring is full (or missing): the
 * caller allocates a ring outside the pin and links it (chainLink). */
static bool chainPushHead(poolChain *c, void *val) {
    poolChainElt *d = c->head;
    return d && pushHead(d, val);
}

static void *chainPopHead(poolChain *c) {
    for (poolChainElt *d = c->head; d; d = ald(&d->prev)) {
        void *v = popHead(d);
        if (v) return v;
        /* Empty; look at older rings (stealers may not have emptied them
         * yet). */
    }
    return NULL;
}

static void *chainPopTail(poolChain *c) {
    poolChainElt *d = ald(&c->tail);
    if (!d) return NULL;
    for (;;) {
        /* Load next before popping: if d is empty and next is NULL, no
         * push can have made the chain non-empty in between. */
        poolChainElt *d2 = ald(&d->next);
        void *v = popTail(d);
        if (v) return v;
        if (!d2) return NULL;
        /* d is empty and has a successor: unlink it, so that nobody looks
         * at it again (the owner's popHead stops at prev == NULL). */
        poolChainElt *exp = d;
        if (acas(&c->tail, &exp, d2)) atomicstorep((void **)&d2->prev, NULL);
        d = d2;
    }
}

/* ---------------------------------------------------------------------- */
/* The pool                                                                */
/* ---------------------------------------------------------------------- */

/* allPools: pools with a non-empty local cache; oldPools: pools with a
 * non-empty victim cache.  Under poolslock (a runtime lock: no allocation
 * from the GC heap and no parking while holding it).  C memory; the
 * collector learns about them through poolMarkRoots. */
static rt_mutex poolslock;
static gort_pool **allPools, **oldPools;
static size_t nall, capall, nold, capold;
static uint32_t hooksregistered; /* atomic */

static inline M *procPin(void) {
    M *mp = rt_getm();
    mp->locks++;
    return mp;
}
static inline void procUnpin(M *mp) { mp->locks--; }

static void poolCleanup(void);
static void poolMarkRoots(rt_gc_markfn mark, void *gcw);

static void registerHooks(void) {
    uint32_t z = 0;
    if (ald(&hooksregistered) || !acas(&hooksregistered, &z, 1u)) return;
    rt_gc_register_cycle_hook(poolCleanup);
    rt_gc_register_root_hook(poolMarkRoots);
}

/* Slow pin: allocates the local array for the current GOMAXPROCS.  Called
 * unpinned (allocation may park); returns pinned with *lp set. */
static M *pinSlow(gort_pool *p, poolLocal **lp) {
    registerHooks();
    for (;;) {
        int size = gort_gomaxprocs(0);
        poolLocal *fresh =
            gort_alloc((size_t)size * sizeof(poolLocal), &localType);
        M *mp = procPin();
        int pid = mp->p->id;
        /* poolCleanup cannot run while we are pinned; poolslock keeps two
         * pinSlows of the same pool (on two Ps) from both registering it. */
        rt_lock(&poolslock);
        uintptr_t s = ald(&p->local_size);
        poolLocal *l = ald(&p->local);
        if ((uintptr_t)pid < s) { /* someone else made it meanwhile */
            rt_unlock(&poolslock);
            *lp = &l[pid];
            return mp;
        }
        if (pid >= size) { /* GOMAXPROCS grew meanwhile */
            rt_unlock(&poolslock);
            procUnpin(mp);
            continue;
        }
        if (!l) {
            if (nall == capall) {
                capall = capall ? 2 * capall : 16;
                allPools = realloc(allPools, capall * sizeof *allPools);
                if (!allPools) rt_throw("sync: out of memory registering a Pool");
            }
            allPools[nall++] = p;
        }
        /* If GOMAXPROCS changed between GCs, the old array is dropped. */
        atomicstorep(&p->local, fresh);
        __atomic_store_n(&p->local_size, (uintptr_t)size, __ATOMIC_RELEASE);
        rt_unlock(&poolslock);
        *lp = &fresh[pid];
        return mp;
    }
}

static M *pin(gort_pool *p, poolLocal **lp) {
    M *mp = procPin();
    int pid = mp->p->id;
    /* local_size first (acquire): local is at least that long. */
    uintptr_t s = ald(&p->local_size);
    poolLocal *l = ald_relaxed(&p->local);
    if (likely((uintptr_t)pid < s)) {
        *lp = &l[pid];
        return mp;
    }
    procUnpin(mp);
    return pinSlow(p, lp);
}

void gort_pool_put(gort_pool *p, void *x) {
    if (!x) return;
    rt_mustg("gort_pool_put");
    poolLocal *l;
    M *mp = pin(p, &l);
    if (!l->private) {
        wbstore(&l->private, x);
        procUnpin(mp);
        return;
    }
    if (chainPushHead(&l->shared, x)) {
        procUnpin(mp);
        return;
    }
    /* The head ring is full (or there is none): make a ring twice as big
     * unpinned, then link it into whatever P we are on now. */
    poolChainElt *h = l->shared.head;
    uint32_t n = h ? h->n * 2 : 8;
    if (n > DEQUEUE_LIMIT) n = DEQUEUE_LIMIT;
    procUnpin(mp);
    poolChainElt *d = newElt(n);
    mp = pin(p, &l);
    if (!chainPushHead(&l->shared, x)) {
        chainLink(&l->shared, d);
        if (!pushHead(d, x)) rt_throw("sync: new pool ring is full");
    }
    procUnpin(mp);
}

/* Steals from other Ps, then tries the victim cache.  Pinned. */
static void *getSlow(gort_pool *p, int pid) {
    uintptr_t size = ald(&p->local_size);
    poolLocal *locals = ald_relaxed(&p->local);
    for (uintptr_t i = 0; i < size; i++) {
        poolLocal *l = &locals[(pid + i + 1) % size];
        void *x = chainPopTail(&l->shared);
        if (x) return x;
    }
    /* The victim cache: same order.  victim is only written with the
     * world stopped, so plain loads are fine while pinned. */
    size = __atomic_load_n(&p->victim_size, __ATOMIC_RELAXED);
    if ((uintptr_t)pid >= size) return NULL;
    locals = p->victim;
    poolLocal *l = &locals[pid];
    void *x = l->private;
    if (x) {
        wbstore(&l->private, NULL);
        return x;
    }
    for (uintptr_t i = 0; i < size; i++) {
        l = &locals[(pid + i) % size];
        x = chainPopTail(&l->shared);
        if (x) return x;
    }
    /* Empty: don't look here again until the next cycle refills it. */
    __atomic_store_n(&p->victim_size, (uintptr_t)0, __ATOMIC_RELAXED);
    return NULL;
}

void *gort_pool_get(gort_pool *p) {
    rt_mustg("gort_pool_get");
    poolLocal *l;
    M *mp = pin(p, &l);
    void *x = l->private;
    if (x) {
        wbstore(&l->private, NULL);
    } else {
        x = chainPopHead(&l->shared);
        if (!x) x = getSlow(p, mp->p->id);
    }
    procUnpin(mp);
    if (!x && p->new_fn) x = p->new_fn(p->new_arg);
    return x;
}

/* ---------------------------------------------------------------------- */
/* GC                                                                      */
/* ---------------------------------------------------------------------- */

/* At the start of a GC cycle, with the world stopped: no Put or Get is in
 * progress (they are pinned), so the arrays can be swapped with plain
 * stores.  Must not allocate. */
static void poolCleanup(void) {
    rt_lock(&poolslock);
    for (size_t i = 0; i < nold; i++) {
        oldPools[i]->victim = NULL;
        oldPools[i]->victim_size = 0;
    }
    for (size_t i = 0; i < nall; i++) {
        gort_pool *p = allPools[i];
        p->victim = p->local;
        p->victim_size = p->local_size;
        p->local = NULL;
        p->local_size = 0;
    }
    /* oldPools, allPools = allPools, nil (keeping the buffers). */
    gort_pool **t = oldPools;
    size_t tc = capold;
    oldPools = allPools;
    nold = nall;
    capold = capall;
    allPools = t;
    capall = tc;
    nall = 0;
    rt_unlock(&poolslock);
}

static void poolMarkRoots(rt_gc_markfn mark, void *gcw) {
    rt_lock(&poolslock);
    for (int pass = 0; pass < 2; pass++) {
        gort_pool **v = pass ? oldPools : allPools;
        size_t n = pass ? nold : nall;
        for (size_t i = 0; i < n; i++) {
            mark(v[i], gcw); /* a pool on the GC heap stays alive */
            mark(ald(&v[i]->local), gcw);
            mark(v[i]->victim, gcw);
        }
    }
    rt_unlock(&poolslock);
}

/* Test hook: pools registered in allPools / oldPools. */
void rt_pool_counts(size_t *all, size_t *old) {
    rt_lock(&poolslock);
    *all = nall;
    *old = nold;
    rt_unlock(&poolslock);
}
