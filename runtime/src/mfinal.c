/*
 * mfinal.c — finalizers: gort_set_finalizer(obj, fn) runs fn(obj) on the
 * finalizer goroutine once obj is found unreachable.
 *
 * As in Go:
 *   - While obj has a finalizer, everything obj points to is a root (the
 *     finalizer may use it), but obj itself is not: root job 1 scans the
 *     contents of every registered object without marking the object.
 *   - At mark termination an unmarked registered object is marked again
 *     ("resurrected") so the sweep keeps it, its entry moves from the table
 *     to the queue, and the finalizer goroutine is woken.  The queue is a
 *     root, so the object survives until fn has run; if fn does not store
 *     it anywhere, the next cycle frees it.  Each finalizer runs once.
 *   - A chain A -> B of objects with finalizers is finalized one link per
 *     cycle (B is reachable from A while A's finalizer is pending); a cycle
 *     of them is never collected.
 *   - Finalizers run one at a time on one goroutine: a finalizer that
 *     blocks delays the others.
 *
 * The table is an open-addressing hash from object address to function,
 * guarded by finlock (C memory: its keys are deliberately not roots).
 * Setting a finalizer during mark shades the object, so that it is not
 * finalized by a cycle whose finalizer root job did not see it.
 */
#include "mgc.h"

#include <stdlib.h>

typedef struct finentry {
    uintptr_t obj; /* 0: empty; 1: deleted */
    void (*fn)(void *obj);
} finentry;

static rt_mutex finlock;
static finentry *fintab; /* finlock */
static size_t fincap, finused, finlive;

static finentry *finq;   /* due finalizers, a FIFO ring (finlock) */
static size_t finqcap, finqhead, finqlen;

static struct {
    G *g;
    bool idle;           /* parked, waiting for work (finlock) */
} fing;

#define FIN_DELETED 1

static size_t finhash(uintptr_t x) {
    x ^= x >> 31;
    x *= 0x9e3779b97f4a7c15ull;
    return (size_t)(x ^ x >> 29);
}

static finentry *finfind(uintptr_t obj) {
    if (!fincap) return NULL;
    size_t i = finhash(obj) & (fincap - 1);
    while (fintab[i].obj) {
        if (fintab[i].obj == obj) return &fintab[i];
        i = (i + 1) & (fincap - 1);
    }
    return NULL;
}

static void fininsert(uintptr_t obj, void (*fn)(void *));

static void fingrow(void) {
    finentry *old = fintab;
    size_t oldcap = fincap;
    fincap = fincap ? (finlive * 4 > fincap ? fincap * 2 : fincap) : 64;
    fintab = calloc(fincap, sizeof *fintab);
    if (!fintab) rt_throw("runtime: out of memory growing the finalizer table");
    finused = finlive = 0;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].obj > FIN_DELETED) fininsert(old[i].obj, old[i].fn);
    free(old);
}

static void fininsert(uintptr_t obj, void (*fn)(void *)) {
    if ((finused + 1) * 2 > fincap) fingrow();
    size_t i = finhash(obj) & (fincap - 1);
    while (fintab[i].obj > FIN_DELETED) i = (i + 1) & (fincap - 1);
    if (fintab[i].obj == 0) finused++;
    fintab[i].obj = obj;
    fintab[i].fn = fn;
    finlive++;
}

void gort_set_finalizer(void *obj, void (*fn)(void *obj)) {
    if (!obj) rt_throw("runtime.SetFinalizer: first argument is nil");
    uintptr_t base, idx;
    MSpan *s;
    if (!rt_findObject((uintptr_t)obj, &base, &s, &idx))
        rt_throw("runtime.SetFinalizer: pointer not in allocated block");
    if (base != (uintptr_t)obj &&
        !(rt_span_noscan(s) && rt_span_elemsize(s) == RT_TINY_SIZE))
        /* Inner pointers are allowed only into a tiny block, where several
         * small pointer-free objects share one 16-byte slot (as Go). */
        rt_throw("runtime.SetFinalizer: pointer not at beginning of "
                 "allocated block");
    rt_lock(&finlock);
    finentry *e = finfind((uintptr_t)obj);
    if (!fn) {
        if (e) {
            e->obj = FIN_DELETED;
            e->fn = NULL;
            finlive--;
        }
        rt_unlock(&finlock);
        return;
    }
    if (e) {
        rt_unlock(&finlock);
        rt_throw("runtime.SetFinalizer: finalizer already set");
    }
    fininsert((uintptr_t)obj, fn);
    rt_unlock(&finlock);
    rt_gcShadeArg(obj);
}

/* Root job: see the essay.  Also used by checkmark (world stopped). */
void rt_gcFinMarkRoots(gcWork *w) {
    rt_lock(&finlock);
    for (size_t i = 0; i < fincap; i++)
        if (fintab[i].obj > FIN_DELETED)
            rt_gcScanObjectContents(fintab[i].obj, w);
    for (size_t k = 0; k < finqlen; k++)
        rt_gcShade(finq[(finqhead + k) % finqcap].obj, w);
    rt_unlock(&finlock);
}

static void finqput(finentry e) {
    if (finqlen == finqcap) {
        size_t nc = finqcap ? finqcap * 2 : 64;
        finentry *n = malloc(nc * sizeof *n);
        if (!n) rt_throw("runtime: out of memory queueing finalizers");
        for (size_t k = 0; k < finqlen; k++) n[k] = finq[(finqhead + k) % finqcap];
        free(finq);
        finq = n;
        finqcap = nc;
        finqhead = 0;
    }
    finq[(finqhead + finqlen) % finqcap] = e;
    finqlen++;
}

int rt_gcFinCollect(void) {
    int n = 0;
    rt_lock(&finlock);
    for (size_t i = 0; i < fincap; i++) {
        finentry *e = &fintab[i];
        if (e->obj <= FIN_DELETED) continue;
        uintptr_t base, idx;
        MSpan *s;
        if (!rt_findObject(e->obj, &base, &s, &idx)) {
            e->obj = FIN_DELETED; /* cannot happen: it was never freed */
            finlive--;
            continue;
        }
        if (rt_span_isMarked(s, idx)) continue;
        /* Unreachable: resurrect it (its referents were marked by the
         * root job) and queue the finalizer. */
        rt_span_setMarked(s, idx);
        axadd(&rt_gcwork.bytesMarked, (uint64_t)rt_span_elemsize(s));
        finqput(*e);
        e->obj = FIN_DELETED;
        e->fn = NULL;
        finlive--;
        n++;
    }
    rt_unlock(&finlock);
    return n;
}

static void runfinq(void *arg) {
    (void)arg;
    for (;;) {
        rt_lock(&finlock);
        if (finqlen == 0) {
            fing.idle = true;
            rt_goparkunlock(&finlock, "finalizer wait");
            continue;
        }
        finentry e = finq[finqhead];
        finqhead = (finqhead + 1) % finqcap;
        finqlen--;
        rt_unlock(&finlock);
        /* e.obj is on this stack now: it stays alive while fn runs. */
        e.fn((void *)e.obj);
        gort_keepalive((void *)e.obj);
        /* Do not keep the object alive from this parked frame. */
        *(volatile uintptr_t *)&e.obj = 0;
    }
}

void rt_gcFinWake(void) {
    rt_lock(&finlock);
    if (finqlen == 0) {
        rt_unlock(&finlock);
        return;
    }
    if (!fing.g) { /* first finalizer: it will find the queue */
        fing.g = rt_newproc(runfinq, NULL, true);
        rt_unlock(&finlock);
        return;
    }
    bool wake = fing.idle;
    fing.idle = false;
    rt_unlock(&finlock);
    if (wake) rt_goready(fing.g);
}
