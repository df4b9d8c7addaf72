/*
 * mgcmark.c — marking: roots, grey queues, background workers, assists,
 * and the gccheckmark verifier.
 *
 * Tri-color marking.  White objects are not (yet) known reachable, grey
 * ones are marked and queued, black ones are marked and scanned.  Marking
 * starts from the roots, greys everything they point to, and then scans
 * grey objects until none is left; whatever stayed white is garbage.  The
 * mark bit is the allocator's gcmarkBits; "grey" is "marked and in some
 * gcWork".  Invariant at mark termination (what gccheckmark verifies): no
 * black object points to a white one.
 *
 * Roots.  Two kinds live in C memory that stores reach without a
 * barrier, so they are shaded in the sweep-termination pause itself
 * (rt_gcMarkRootPrepare), before any stack is scanned:
 *
 *     registered globals (gort_root_add), conservatively
 *     runtime structures: every P's timer heap, and the heap pointers
 *     other subsystems keep in C memory (rt_gc_markroot_hooks: sync.Pool)
 *
 * Scanned concurrently instead, a goroutine whose stack was already
 * scanned could load a pointer from such a root and clear the root before
 * its job ran: a deletion with no Yuasa barrier, and the object would be
 * lost (Go puts barriers on its globals; C globals cannot have them).
 * New pointers stored into them later are found by the rescan at mark
 * termination (registered roots) or by the insertion barrier (timers are
 * shaded when queued).  The rest are jobs, claimed by any drainer with an
 * atomic counter (markrootNext) so that the workers share them:
 *
 *     job 1          finalizers: the contents of objects with a finalizer,
 *                    and the queue of objects whose finalizer is due
 *     job 3 + i      the stack of allgs[i] (snapshot taken at mark start)
 *     (jobs 0 and 2, the two above, are empty)
 *
 * Stacks.  C frames have no pointer maps, so a goroutine stack is scanned
 * conservatively: every aligned word from the saved stack pointer up to
 * stack_hi that points into an allocated object (interior pointers
 * included, rt_findObject) marks it.  A stack is scanned while its
 * goroutine is stopped, one goroutine at a time, never all under one STW:
 *
 *   Grunnable, Gwaiting  the scanner takes the Gscan bit (the G cannot be
 *                        resumed meanwhile) and scans from ctx.sp: the
 *                        context switch pushed the callee-saved registers
 *                        there, so they are scanned too.
 *   Gsyscall             the G runs C code that may not touch the runtime
 *                        nor move heap pointers (gort.h); scanned from the
 *                        sp and callee-saved registers gort_syscall_enter
 *                        saved, under Gscan (so it cannot leave the call
 *                        state while we read).
 *   Grunning, self       a drainer reaching its own stack job spills its
 *                        registers and scans from its own frame up.
 *   Grunning, other      suspended by a signal: the preemption signal
 *                        (SIGURG by default, signal.c) to its M; the
 *                        handler publishes the interrupted context and
 *                        waits (futex) until the scanner is done; the stack
 *                        is scanned from the interrupted sp (minus the red
 *                        zone) and the registers in the ucontext, FP/SIMD
 *                        state included.  A goroutine that is running C code
 *                        that never reaches a safe point is therefore still
 *                        scanned promptly.  If the handler does not answer
 *                        within 2 ms (a sanitizer may defer signals) the
 *                        scanner cancels, asks the G to yield at its next
 *                        safe point, and defers the job.  A goroutine with
 *                        VM hooks is never signal-suspended (its VM stack
 *                        is only consistent at safe points): it is asked
 *                        to yield and its job is deferred.
 * Deferred jobs are retried when a drainer runs out of other work, and in
 * the mark termination STW at the latest.  Goroutines created during mark
 * are not in the snapshot: their stacks start empty (born black), and the
 * argument they are created with is shaded by rt_newproc.
 *
 * Why no stack is ever rescanned: the hybrid write barrier (mbarrier.c)
 * shades both the overwritten and the stored pointer of every heap store,
 * and new objects are allocated black, so a pointer a scanned (black)
 * stack obtains later either comes from an object the marker will reach
 * anyway or was shaded on its way in.  Registered globals are the one
 * exception: C code may store into them without a barrier, so mark
 * termination rescans them (they are few words; see mgc.c).
 *
 * Heap objects are scanned precisely: only the words the object's type
 * marks as pointers (rt_heapBitsIsPointer), and objects in noscan spans
 * are never queued.  Objects over 128 KiB are split into oblets queued
 * separately, so one huge array is scanned by several workers and never
 * delays a preemption for long.
 *
 * Workers (Go's gcBgMarkWorker).  One worker goroutine per P waits in a
 * pool.  The scheduler asks rt_gcFindRunnableWorker before running user
 * code: it hands out "dedicated" slots (25% of GOMAXPROCS, rounded) that
 * drain until preempted, or, when 25% is not a whole number of Ps,
 * "fractional" runs that stop once the P spent its share of the mark
 * phase; a P with nothing else to do runs an "idle" worker.  Allocating
 * goroutines assist: each span they allocate during mark costs scan work
 * (the pacer's assist ratio), paid by draining or by stealing credit that
 * workers banked; an assist that can pay neither parks until a worker's
 * credit (or the end of mark) wakes it.
 *
 * Rejected: scanning all stacks in the sweep-termination STW (the pause
 * would grow with the goroutine count); precise stack maps (C has none);
 * a global mark stack under a lock (every push would share one line);
 * waiting cooperatively for running goroutines only (C code in a tight
 * loop would stall the cycle forever).
 */
#include "mgc.h"
#include "trace.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

gcPState rt_gcp[GORT_MAXPROCS] RT_ALIGNED(RT_CACHELINE);
bool rt_gcCheckmarkOn;
uint64_t rt_gcSignalScans;

/* A gcWork for code running without a P (a foreign thread storing through
 * the barrier); guarded by nopgcwlock. */
static gcWork nopgcw;
static rt_mutex nopgcwlock;

enum { ROOT_GLOBALS, ROOT_FINALIZERS, ROOT_RUNTIME, ROOT_FIXED };
#define OBLET_BYTES ((uintptr_t)128 << 10)
#define PTRSIZE sizeof(uintptr_t)

/* ---------------------------------------------------------------------- */
/* Lock-free stacks of workbufs                                            */
/* ---------------------------------------------------------------------- */

/* A stack head packs a workbuf address (2 KiB aligned, below 2^47) with
 * the node's push count, so a pop that raced with pop-push-push of the
 * same node fails its CAS (ABA).  Workbufs are never unmapped, so reading
 * the next link of a node someone else popped is harmless. */
#define LF_CNTBITS 28
static inline uint64_t lfpack(workbuf *b, uint32_t cnt) {
    return ((uint64_t)(uintptr_t)b >> 11) << LF_CNTBITS |
           (cnt & ((1u << LF_CNTBITS) - 1));
}
static inline workbuf *lfunpack(uint64_t v) {
    return (workbuf *)(uintptr_t)((v >> LF_CNTBITS) << 11);
}

static void lfpush(uint64_t *head, workbuf *b) {
    b->pushcnt++;
    uint64_t nv = lfpack(b, b->pushcnt);
    if (lfunpack(nv) != b) rt_throw("lfstack: workbuf address out of range");
    uint64_t old = ald(head);
    for (;;) {
        ast_relaxed(&b->lfnext, old);
        if (acas(head, &old, nv)) return;
    }
}

static workbuf *lfpop(uint64_t *head) {
    uint64_t old = ald(head);
    for (;;) {
        if (old == 0) return NULL;
        workbuf *b = lfunpack(old);
        uint64_t next = ald(&b->lfnext);
        if (acas(head, &old, next)) return b;
    }
}

/* Lock-free (mmap is thread-safe): a scanner may call this while another
 * thread is suspended in the preemption signal's handler holding any lock
 * at all. */
static workbuf *getempty(void) {
    workbuf *b = lfpop(&rt_gcwork.empty);
    if (!b) {
        enum { CHUNK = 64 << 10 };
        void *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) rt_throw("runtime: out of memory for GC work buffers");
        axadd(&rt_gcwork.gcsys, (uint64_t)CHUNK);
        workbuf *bs = p;
        for (size_t i = 1; i < CHUNK / sizeof(workbuf); i++)
            lfpush(&rt_gcwork.empty, &bs[i]);
        b = &bs[0];
    }
    b->nobj = 0;
    return b;
}

static inline void putempty(workbuf *b) { lfpush(&rt_gcwork.empty, b); }
static inline void putfull(workbuf *b) { lfpush(&rt_gcwork.full, b); }

/* ---------------------------------------------------------------------- */
/* gcWork: a P's grey queue                                                */
/* ---------------------------------------------------------------------- */

static void gcw_init(gcWork *w) {
    w->wbuf1 = getempty();
    w->wbuf2 = getempty();
}

void rt_gcw_put(gcWork *w, uintptr_t obj) {
    workbuf *b = w->wbuf1;
    if (unlikely(!b)) {
        gcw_init(w);
        b = w->wbuf1;
    } else if (unlikely(b->nobj == WORKBUF_NOBJ)) {
        w->wbuf1 = w->wbuf2;
        w->wbuf2 = b;
        b = w->wbuf1;
        if (b->nobj == WORKBUF_NOBJ) {
            putfull(b);
            b = w->wbuf1 = getempty();
        }
    }
    b->obj[b->nobj++] = obj;
}

uintptr_t rt_gcw_tryget(gcWork *w) {
    workbuf *b = w->wbuf1;
    if (unlikely(!b)) {
        gcw_init(w);
        b = w->wbuf1;
    }
    if (unlikely(b->nobj == 0)) {
        w->wbuf1 = w->wbuf2;
        w->wbuf2 = b;
        b = w->wbuf1;
        if (b->nobj == 0) {
            workbuf *full = lfpop(&rt_gcwork.full);
            if (!full) return 0;
            putempty(b);
            b = w->wbuf1 = full;
        }
    }
    return b->obj[--b->nobj];
}

bool rt_gcw_empty(gcWork *w) {
    return (!w->wbuf1 || w->wbuf1->nobj == 0) &&
           (!w->wbuf2 || w->wbuf2->nobj == 0);
}

/* Gives half of our work to others when the global list ran dry. */
static void gcw_balance(gcWork *w) {
    if (!w->wbuf2) return;
    if (w->wbuf2->nobj != 0) {
        putfull(w->wbuf2);
        w->wbuf2 = getempty();
    } else if (w->wbuf1->nobj > 4) {
        workbuf *b = getempty();
        uint32_t n = w->wbuf1->nobj / 2;
        memcpy(b->obj, &w->wbuf1->obj[w->wbuf1->nobj - n], n * PTRSIZE);
        b->nobj = n;
        w->wbuf1->nobj -= n;
        putfull(b);
    }
}

static void gcw_flushstats(gcWork *w) {
    if (w->bytesMarked) axadd(&rt_gcwork.bytesMarked, w->bytesMarked);
    if (w->heapScanWork) axadd(&rt_gcwork.heapScanWork, w->heapScanWork);
    if (w->stackScanWork) axadd(&rt_gcwork.stackScanWork, w->stackScanWork);
    if (w->globalsScanWork)
        axadd(&rt_gcwork.globalsScanWork, w->globalsScanWork);
    w->bytesMarked = 0;
    w->heapScanWork = w->stackScanWork = w->globalsScanWork = 0;
}

void rt_gcw_dispose(gcWork *w) {
    workbuf *bs[2] = {w->wbuf1, w->wbuf2};
    for (int i = 0; i < 2; i++) {
        if (!bs[i]) continue;
        if (bs[i]->nobj) putfull(bs[i]);
        else putempty(bs[i]);
    }
    w->wbuf1 = w->wbuf2 = NULL;
    gcw_flushstats(w);
}

static inline int64_t gcw_scanwork(gcWork *w) {
    return w->heapScanWork + w->stackScanWork + w->globalsScanWork;
}

/* ---------------------------------------------------------------------- */
/* Shading and scanning                                                    */
/* ---------------------------------------------------------------------- */

static void checkmark_shade(uintptr_t p, uintptr_t srcbase, uintptr_t srcoff,
                            bool precise);
/* Source of the pointer being shaded, for checkmark reports. */
static uintptr_t cm_srcbase, cm_srcoff;
static bool cm_precise;

static inline void greyobject(uintptr_t base, MSpan *s, uintptr_t idx,
                              gcWork *w) {
    uint64_t *bits = ald_relaxed(&s->gcmarkBits);
    uint64_t bit = (uint64_t)1 << (idx & 63);
    if (ald_relaxed(&bits[idx >> 6]) & bit) return;
    if (__atomic_fetch_or(&bits[idx >> 6], bit, __ATOMIC_RELAXED) & bit) return;
    w->bytesMarked += ald_relaxed(&s->elemsize);
    if (ald_relaxed(&s->spanclass) & 1) return; /* noscan */
    /* Its words are read when it is popped, soon for the common LIFO
     * case: start the cache miss now (Go 1.19 does the same). */
    __builtin_prefetch((const void *)base);
    rt_gcw_put(w, base);
}

/* rt_findObject for a pointer loaded precisely from a heap object (a word
 * its type marks as a pointer): it points into an allocated object or
 * outside the heap, so the allocated check (freeindex, allocBits) that
 * conservative words need is skipped, as Go's findObject does.  Inline:
 * this is the inner loop of marking. */
static inline bool findobj_precise(uintptr_t p, uintptr_t *base, MSpan **sp,
                                   uintptr_t *idx) {
    HeapArena *ha = rt_arenaOf(p);
    if (!ha) return false;
    MSpan *s = ald_relaxed(&ha->spans[(p >> RT_PAGE_SHIFT) &
                                      (RT_PAGES_PER_ARENA - 1)]);
    if (!s || ald(&s->state) != mSpanInUse) return false;
    uintptr_t start = ald_relaxed(&s->startAddr);
    if (p < start || p - start >= (ald_relaxed(&s->npages) << RT_PAGE_SHIFT))
        return false;
    uintptr_t i = 0;
    if (ald_relaxed(&s->spanclass) >> 1) {
        i = (uintptr_t)(((uint64_t)(p - start) * ald_relaxed(&s->divMul)) >> 32);
        if (i >= ald_relaxed(&s->nelems)) return false;
    }
    *base = start + i * ald_relaxed(&s->elemsize);
    *sp = s;
    *idx = i;
    return true;
}

static inline void shadeprecise(uintptr_t p, gcWork *w) {
    uintptr_t base, idx;
    MSpan *s;
    if (findobj_precise(p, &base, &s, &idx)) greyobject(base, s, idx, w);
}

void rt_gcShade(uintptr_t p, gcWork *w) {
    if (unlikely(rt_gcCheckmarkOn)) {
        checkmark_shade(p, cm_srcbase, cm_srcoff, cm_precise);
        return;
    }
    uintptr_t base, idx;
    MSpan *s;
    if (rt_findObject(p, &base, &s, &idx)) greyobject(base, s, idx, w);
}

void rt_gcShadeSlow(void *p) {
    if (!p || !ald_relaxed(&rt_writeBarrierEnabled)) return;
    P *pp = rt_getp();
    if (pp) {
        rt_gcShade((uintptr_t)p, &rt_gcp[pp->id].gcw);
    } else {
        rt_lock(&nopgcwlock);
        rt_gcShade((uintptr_t)p, &nopgcw);
        rt_unlock(&nopgcwlock);
    }
}

GC_NOSAN void rt_gcScanBlock(uintptr_t lo, uintptr_t hi, gcWork *w) {
    lo = (lo + PTRSIZE - 1) & ~(PTRSIZE - 1);
    for (uintptr_t a = lo; a + PTRSIZE <= hi; a += PTRSIZE) {
        uintptr_t v = *(volatile uintptr_t *)a;
        if (v < 4096) continue;
        if (unlikely(rt_gcCheckmarkOn)) {
            cm_srcbase = lo;
            cm_srcoff = a - lo;
        }
        rt_gcShade(v, w);
    }
}

/* Scans words [from, to) of the object in s precisely. */
static GC_NOSAN void scanrange(MSpan *s, uintptr_t base, uintptr_t from,
                               uintptr_t to, gcWork *w) {
    HeapArena *ha = s->arena;
    if (likely(!rt_gcCheckmarkOn && ha && from >= ha->base &&
               to - ha->base <= RT_ARENA_SIZE)) {
        /* The usual case: the bitmap 64 words at a time, visiting only
         * the words it marks as pointers. */
        uintptr_t wi = (from - ha->base) / PTRSIZE;
        uintptr_t we = (to - ha->base) / PTRSIZE;
        while (wi < we) {
            uintptr_t sh = wi & 63, n = 64 - sh;
            uint64_t bits = ald_relaxed(&ha->bitmap[wi >> 6]) >> sh;
            if (n > we - wi) {
                n = we - wi;
                bits &= ((uint64_t)1 << n) - 1;
            }
            while (bits) {
                uintptr_t a = ha->base + (wi + (uintptr_t)__builtin_ctzll(bits)) * PTRSIZE;
                bits &= bits - 1;
                uintptr_t v = *(volatile uintptr_t *)a;
                if (v >= 4096) shadeprecise(v, w);
            }
            wi += n;
        }
        return;
    }
    for (uintptr_t a = from; a < to; a += PTRSIZE) {
        if (!rt_heapBitsIsPointer(s, a)) continue;
        uintptr_t v = *(volatile uintptr_t *)a;
        if (v < 4096) continue;
        if (unlikely(rt_gcCheckmarkOn)) {
            cm_srcbase = base;
            cm_srcoff = a - base;
            cm_precise = true;
            rt_gcShade(v, w);
            cm_precise = false;
            continue;
        }
        rt_gcShade(v, w);
    }
}

/* Scans a grey object (or an oblet: a 128 KiB piece of a large one). */
static void scanobject(uintptr_t b, gcWork *w) {
    uintptr_t base, idx;
    MSpan *s;
    /* b is a marked object (or an oblet of one): no allocated check. */
    if (!findobj_precise(b, &base, &s, &idx)) return; /* cannot happen */
    uintptr_t size = ald_relaxed(&s->elemsize);
    uintptr_t end = base + size;
    if (size > OBLET_BYTES) {
        if (b == base) {
            for (uintptr_t o = base + OBLET_BYTES; o < end; o += OBLET_BYTES)
                rt_gcw_put(w, o);
        }
        if (b + OBLET_BYTES < end) end = b + OBLET_BYTES;
    }
    scanrange(s, base, b, end, w);
    w->heapScanWork += (int64_t)(end - b);
}

void rt_gcScanObjectContents(uintptr_t p, gcWork *w) {
    uintptr_t base, idx;
    MSpan *s;
    if (!rt_findObject(p, &base, &s, &idx) || rt_span_noscan(s)) return;
    scanrange(s, base, base, base + rt_span_elemsize(s), w);
}

/* ---------------------------------------------------------------------- */
/* Registered roots (gort_root_add)                                        */
/* ---------------------------------------------------------------------- */

typedef struct rootreg {
    void *ptr;
    size_t nwords;
} rootreg;

static rt_mutex rootlock;
static rootreg *roots;  /* under rootlock */
static size_t nroots, caproots;
static uint64_t rootwords; /* atomic */

void gort_root_add(void *ptr, size_t nwords) {
    if (!ptr || nwords == 0) return;
    rt_lock(&rootlock);
    if (nroots == caproots) {
        size_t nc = caproots ? caproots * 2 : 64;
        rootreg *n = realloc(roots, nc * sizeof *n);
        if (!n) {
            rt_unlock(&rootlock);
            rt_throw("runtime: out of memory registering a GC root");
        }
        roots = n;
        caproots = nc;
    }
    roots[nroots++] = (rootreg){ptr, nwords};
    axadd(&rootwords, (uint64_t)nwords);
    rt_unlock(&rootlock);
    /* Its contents may have come from a stack the marker already scanned:
     * shade them now (mark termination would find them too). */
    if (ald_relaxed(&rt_writeBarrierEnabled))
        for (size_t i = 0; i < nwords; i++)
            rt_gcShadeSlow(((void *volatile *)ptr)[i]);
}

void gort_root_remove(void *ptr) {
    rt_lock(&rootlock);
    for (size_t i = nroots; i-- > 0;) {
        if (roots[i].ptr == ptr) {
            axadd(&rootwords, -(uint64_t)roots[i].nwords);
            roots[i] = roots[--nroots];
            rt_unlock(&rootlock);
            return;
        }
    }
    rt_unlock(&rootlock);
    rt_panicplain("gort_root_remove: region was not registered with "
                  "gort_root_add");
}

uint64_t rt_gcRootWords(void) { return ald_relaxed(&rootwords); }

void rt_gcScanRoots(gcWork *w) {
    rt_lock(&rootlock);
    for (size_t i = 0; i < nroots; i++) {
        uintptr_t lo = (uintptr_t)roots[i].ptr;
        rt_gcScanBlock(lo, lo + roots[i].nwords * PTRSIZE, w);
        w->globalsScanWork += (int64_t)(roots[i].nwords * PTRSIZE);
    }
    rt_unlock(&rootlock);
}

/* ---------------------------------------------------------------------- */
/* Runtime roots: timers                                                   */
/* ---------------------------------------------------------------------- */

/* A timer's argument may be the only reference to a heap object (a
 * callback's closure), and a timer struct may itself live in the heap
 * while only a P's heap array (C memory) refers to it. */
static void scantimers(gcWork *w) {
    for (int i = 0; i < GORT_MAXPROCS; i++) {
        P *pp = ald(&rt_allp[i]);
        if (!pp) break;
        rt_lock(&pp->timerslock);
        for (int k = 0; k < pp->ntimers; k++) {
            Timer *t = pp->timers[k];
            rt_gcShade((uintptr_t)t, w);
            rt_gcShade((uintptr_t)t->arg, w);
        }
        rt_unlock(&pp->timerslock);
    }
}

/* ---------------------------------------------------------------------- */
/* Stack scanning                                                          */
/* ---------------------------------------------------------------------- */

static void vmmark(void *ptr, void *gcw) {
    if (ptr) rt_gcShade((uintptr_t)ptr, gcw);
}

/* The parts of a G that are not on its stack.  (Not gp->param: it only
 * ever holds a Sudog, which is C memory, and wakers write it without the
 * G's scan bit.) */
static void scangfields(G *gp, gcWork *w) {
    rt_gcShade((uintptr_t)gp->arg, w);
    rt_scandefers(gp, vmmark, w); /* pooled defer records, panic values */
    const gort_vm_hooks *hk = ald(&gp->hooks); /* then ctx: see proc.c */
    if (hk && hk->scan) hk->scan(ald(&gp->hooks_ctx), vmmark, w);
}

static void scanrange_stack(G *gp, uintptr_t lo, gcWork *w) {
    uintptr_t hi = gp->stack_hi;
    if (lo < gp->stack_lo || lo > hi) {
        rt_throwf("runtime: goroutine %lld: saved sp 0x%lx outside its stack "
                  "[0x%lx, 0x%lx)",
                  (long long)gp->goid, (unsigned long)lo,
                  (unsigned long)gp->stack_lo, (unsigned long)hi);
    }
    rt_gcScanBlock(lo, hi, w);
    w->stackScanWork += (int64_t)(hi - lo);
}

/* The G is stopped at a context switch (Grunnable/Gwaiting). */
static void scanparked(G *gp, gcWork *w) {
#if GORT_UCONTEXT
    rt_gcScanBlock((uintptr_t)&gp->ctx.uc,
                   (uintptr_t)&gp->ctx.uc + sizeof gp->ctx.uc, w);
#if defined(__x86_64__)
    uintptr_t sp = (uintptr_t)gp->ctx.uc.uc_mcontext.gregs[REG_RSP];
#elif defined(__aarch64__)
    uintptr_t sp = (uintptr_t)gp->ctx.uc.uc_mcontext.sp;
#else
    uintptr_t sp = gp->stack_lo; /* unknown layout: the whole stack */
#endif
    if (sp < gp->stack_lo || sp > gp->stack_hi) sp = gp->stack_lo;
    scanrange_stack(gp, sp, w);
#else
    scanrange_stack(gp, (uintptr_t)gp->ctx.sp, w);
#endif
}

static void scanstopped(G *gp, uint32_t status, gcWork *w) {
    if (!gp->stack_map) { /* never ran: its argument is its only root */
        scangfields(gp, w);
        return;
    }
    if (status == Gsyscall) {
        rt_gcScanBlock((uintptr_t)gp->syscallregs,
                       (uintptr_t)(gp->syscallregs + RT_NSAVEDREGS), w);
        scanrange_stack(gp, gp->syscallsp, w);
    } else {
        scanparked(gp, w);
    }
    scangfields(gp, w);
}

/* Scans the calling goroutine's own stack. */
static RT_NOINLINE void scanself(G *gp, gcWork *w) {
    uintptr_t regs[RT_NSAVEDREGS];
    rt_savecalleeregs(regs);
    rt_gcScanBlock((uintptr_t)regs, (uintptr_t)(regs + RT_NSAVEDREGS), w);
    scanrange_stack(gp, (uintptr_t)__builtin_frame_address(0), w);
    scangfields(gp, w);
}

/* --- signal suspension --------------------------------------------------- */

enum { SUSP_REQUESTED = 1, SUSP_ACKED = 2, SUSP_DONE = 3, SUSP_CANCELLED = 4,
       SUSP_REFUSED = 5 };

/* Set while this thread suspends another: it must then refuse to be
 * suspended itself, or two scanners could each wait for the other. */
static __thread volatile int tls_suspending;

/* One request slot per scanning P (rt_suspendreq, runtime.h; who is the
 * target M).  state = seq << 3 | SUSP_*: the seq makes a late signal of an
 * old request unable to acknowledge a new one.  A stop-the-world's
 * requests (M.stwreq, rt_attached.req) use the same protocol. */
typedef rt_suspendreq suspendreq;

static suspendreq suspslots[GORT_MAXPROCS];
static suspendreq *suspreqs[GORT_MAXPROCS]; /* atomic: active requests */
static int suspmax;                          /* atomic: slots ever used */

static inline uint32_t stseq(uint32_t s) { return s >> 3; }
static inline uint32_t stkind(uint32_t s) { return s & 7; }

/* Raw futex calls: they leave errno alone, so the signal handler does not
 * disturb the code it interrupted. */
static long rawfutex(uint32_t *addr, int op, uint32_t val) {
#if defined(__x86_64__)
    long ret;
    register long r10 __asm__("r10") = 0;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "0"((long)SYS_futex), "D"(addr), "S"((long)op),
                       "d"((long)val), "r"(r10)
                     : "rcx", "r11", "memory");
    return ret;
#elif defined(__aarch64__)
    register long x8 __asm__("x8") = SYS_futex;
    register long x0 __asm__("x0") = (long)addr;
    register long x1 __asm__("x1") = op;
    register long x2 __asm__("x2") = val;
    register long x3 __asm__("x3") = 0;
    __asm__ volatile("svc #0"
                     : "+r"(x0)
                     : "r"(x8), "r"(x1), "r"(x2), "r"(x3)
                     : "memory");
    return x0;
#else
    int e = errno;
    long r = syscall(SYS_futex, addr, op, val, NULL, NULL, 0);
    errno = e;
    return r;
#endif
}
static void futexwait(uint32_t *addr, uint32_t val) {
    rawfutex(addr, FUTEX_WAIT_PRIVATE, val);
}
static void futexwake(uint32_t *addr) { rawfutex(addr, FUTEX_WAKE_PRIVATE, 1); }

/* Answers r if it asks for `self`: publishes the interrupted context,
 * acknowledges, and waits until the requester releases it (or refuses
 * while this thread suspends someone itself).  Returns true if it did. */
static bool answer(suspendreq *r, void *self, void *ucv) {
    uint32_t s = ald(&r->state);
    if (stkind(s) != SUSP_REQUESTED || ald(&r->who) != self) return false;
    if (tls_suspending) {
        acas(&r->state, &s, (stseq(s) << 3) | SUSP_REFUSED);
        return true;
    }
    ast_relaxed(&r->uc, ucv);
    ast_relaxed(&r->sp, rt_ucsp(ucv));
    /* On the thread's own stack when the handler did not switch to the
     * signal stack (a sanitizer calling it later from an interceptor):
     * frames between here and sp are live too (preempt.c). */
    ast_relaxed(&r->hsp, (uintptr_t)__builtin_frame_address(0));
    uint32_t acked = (stseq(s) << 3) | SUSP_ACKED;
    if (!acas(&r->state, &s, acked)) return false;
    /* The release (an acquire load of the new state) orders everything
     * the requester wrote meanwhile, such as the barrier flag, before the
     * interrupted code's next instruction. */
    while (ald(&r->state) == acked) futexwait(&r->state, acked);
    return true;
}

/* The preemption signal (SIGURG by default; signal.c): if a stop-the-world
 * asked this thread to stay suspended (M.stwreq, an attached thread's
 * req), or the collector asked it to stop for a stack scan, publish the
 * interrupted context and wait until released.  Async-signal-safe:
 * atomics and futex system calls only. */
void rt_sigsuspend(void *ucv) {
    M *mp = rt_tlsm;
    rt_attached *at = mp ? NULL : rt_tls_attached;
    void *self = mp ? (void *)mp : (void *)at;
    if (!self) return;
    suspendreq *stw = mp ? &mp->stwreq : &at->req;
    if (answer(stw, self, ucv)) return;
    if (!mp) return;
    int n = ald(&suspmax);
    for (int k = 0; k < n; k++) {
        suspendreq *r = ald(&suspreqs[k]);
        if (r && answer(r, self, ucv)) break;
    }
}

static bool suspendwait(suspendreq *r, uint32_t seq, pthread_t thread);

bool rt_suspend_hold(suspendreq *r, void *who, pthread_t thread) {
    uint32_t seq = stseq(ald(&r->state)) + 1;
    ast(&r->who, who);
    ast(&r->state, (seq << 3) | SUSP_REQUESTED);
    return suspendwait(r, seq, thread);
}

void rt_suspend_release(suspendreq *r) {
    ast(&r->state, (stseq(ald(&r->state)) << 3) | SUSP_DONE);
    futexwake(&r->state);
}

/* Racy peeks at a G that another thread may be changing (sysmon reads the
 * same fields the same way); invisible to TSan on purpose.  What matters
 * is re-checked after a synchronising handshake. */
static GC_NOSAN M *peekm(G *gp) { return ald(&gp->m); }
static GC_NOSAN gort_func peekfn(G *gp) { return ald_relaxed(&gp->fn); }
static GC_NOSAN bool peekhooks(G *gp) { return ald_relaxed(&gp->hooks) != NULL; }

static GC_NOSAN void preemptg(G *gp) {
    M *mp = ald(&gp->m);
    ast_relaxed(&gp->preempt, 1u);
    if (mp && mp->tls) ast_relaxed(&mp->tls->preempt, 1u);
}

static bool sp_in(uintptr_t sp, uintptr_t lo, uintptr_t hi) {
    return sp >= lo && sp < hi;
}

/* Scans the registers of an interrupted context: general-purpose ones and
 * the FP/SIMD state (compilers keep pointers in vector registers). */
static void scanucontext(void *ucv, gcWork *w) {
    ucontext_t *uc = ucv;
    rt_gcScanBlock((uintptr_t)uc, (uintptr_t)uc + sizeof *uc, w);
#if defined(__x86_64__)
    if (uc->uc_mcontext.fpregs)
        rt_gcScanBlock((uintptr_t)uc->uc_mcontext.fpregs,
                       (uintptr_t)uc->uc_mcontext.fpregs +
                           sizeof *uc->uc_mcontext.fpregs,
                       w);
#endif
}

#define SUSPEND_TIMEOUT_NS (2 * 1000 * 1000)

/* Sends the preemption signal for r and waits for the answer, at most
 * SUSPEND_TIMEOUT_NS.  Returns true if the target sits in its handler. */
static bool suspendwait(suspendreq *r, uint32_t seq, pthread_t thread) {
    if (rt_sigpreempt_thread(thread) != 0) {
        uint32_t s = (seq << 3) | SUSP_REQUESTED;
        if (acas(&r->state, &s, (seq << 3) | SUSP_CANCELLED)) return false;
    }
    int64_t deadline = rt_nanotime() + SUSPEND_TIMEOUT_NS;
    for (int spins = 0;; spins++) {
        uint32_t s = ald(&r->state);
        if (stkind(s) == SUSP_ACKED) return true;
        if (stkind(s) == SUSP_REFUSED) return false; /* it is scanning too */
        if (spins < 100) {
            rt_cpu_relax();
            continue;
        }
        if (rt_nanotime() > deadline) {
            if (acas(&r->state, &s, (seq << 3) | SUSP_CANCELLED)) return false;
            continue; /* acknowledged meanwhile */
        }
        sched_yield();
    }
}

uintptr_t rt_heldscanlo(const suspendreq *r, uintptr_t lo, uintptr_t hi) {
    uintptr_t sp = r->sp, hsp = r->hsp;
    if (hsp >= lo && hsp < sp && sp <= hi) return hsp;
#if defined(__x86_64__)
    return sp - 128 < lo ? lo : sp - 128; /* the red zone */
#else
    return sp < lo ? lo : sp;
#endif
}

enum { SCAN_DONE, SCAN_AGAIN, SCAN_DEFER };

/* Scans gp, running on mp, which sits in its preemption signal's handler
 * interrupted as r says.  A running G's status changes only on its own M,
 * so what we read holds until mp is released.  false: gp's state is not
 * readable now (mp is in some other signal handler, or gp moved). */
static bool scaninterrupted(G *gp, M *mp, const suspendreq *r, gcWork *w) {
    uint32_t st = ald(&gp->status);
    if ((st != Grunning && st != Gheld) || ald(&gp->m) != mp || !gp->stack_map)
        return false;
    uintptr_t sp = r->sp;
    G *cur = ald(&mp->curg);
    if (sp_in(sp, gp->stack_lo, gp->stack_hi)) {
        /* Running on its stack: the interrupted registers are live. */
        scanucontext(r->uc, w);
        scanrange_stack(gp, rt_heldscanlo(r, gp->stack_lo, gp->stack_hi), w);
        scangfields(gp, w);
        return true;
    }
    if ((mp->g0 && sp_in(sp, mp->g0->stack_lo, mp->g0->stack_hi)) ||
        (cur && cur != gp && sp_in(sp, cur->stack_lo, cur->stack_hi))) {
        /* On g0 or on the next G's stack: gp's context is saved (it is
         * switching in or out) and cannot run before we release mp. */
        scanstopped(gp, Grunning, w);
        return true;
    }
    return false;
}

/* Tries to scan gp, which was seen Grunning on another M.  SCAN_AGAIN: its
 * state changed, look again; SCAN_DEFER: it cannot be stopped now. */
static int scanrunning(G *gp, gcWork *w) {
    if (peekhooks(gp)) {
        preemptg(gp);
        return SCAN_DEFER;
    }
    M *mp = peekm(gp);
    P *self = rt_getp();
    if (!mp || mp == rt_getm()) return SCAN_AGAIN;
    if (!self) return SCAN_DEFER;
    int k = self->id;
    suspendreq *r = &suspslots[k];
    tls_suspending = 1;
    uint32_t seq = stseq(ald(&r->state)) + 1;
    ast(&r->who, (void *)mp);
    ast(&r->state, (seq << 3) | SUSP_REQUESTED);
    int n = ald(&suspmax);
    while (n <= k && !acas(&suspmax, &n, k + 1)) {
    }
    ast(&suspreqs[k], r);
    bool acked = suspendwait(r, seq, mp->thread);
    ast(&suspreqs[k], (suspendreq *)NULL);
    if (!acked) {
        tls_suspending = 0;
        preemptg(gp);
        return SCAN_DEFER;
    }
    /* Hooks installed since peekhooks: its VM stack is not consistent at
     * an arbitrary instruction; look again (it will be deferred). */
    bool ok = !ald(&gp->hooks) && scaninterrupted(gp, mp, r, w);
    ast(&r->state, (seq << 3) | SUSP_DONE);
    futexwake(&r->state);
    tls_suspending = 0;
    if (ok) axadd(&rt_gcSignalScans, 1);
    return ok ? SCAN_DONE : SCAN_AGAIN;
}

/* Greys the pointer words of every object a word in [lo, hi) points
 * into: the values a store halfway through a barrier sequence is about to
 * overwrite (or, for a copy, to copy). */
static GC_NOSAN void shadecontents(uintptr_t lo, uintptr_t hi, gcWork *w) {
    lo = (lo + PTRSIZE - 1) & ~(PTRSIZE - 1);
    for (uintptr_t a = lo; a + PTRSIZE <= hi; a += PTRSIZE) {
        uintptr_t v = *(volatile uintptr_t *)a, base, idx;
        MSpan *s;
        if (v < 4096 || !rt_findObject(v, &base, &s, &idx)) continue;
        if (ald_relaxed(&s->spanclass) & 1) continue; /* noscan */
        scanrange(s, base, base, base + rt_span_elemsize(s), w);
    }
}

/* The innermost frame a barrier sequence can keep its slot in (spilled at
 * -O0, or a libc copy's locals): bytes above the interrupted sp. */
#define HELD_FRAME_BYTES 512

void rt_gcShadeHeld(const suspendreq *r, uintptr_t lo, uintptr_t hi,
                    gcWork *w) {
    ucontext_t *uc = r->uc;
    uintptr_t flo = rt_heldscanlo(r, lo, hi);
    uintptr_t fhi = r->sp + HELD_FRAME_BYTES > hi ? hi : r->sp + HELD_FRAME_BYTES;
    /* Insertion half: whatever it may store is grey. */
    scanucontext(uc, w);
    rt_gcScanBlock(flo, hi, w);
    w->stackScanWork += (int64_t)(hi - flo);
    /* Deletion half: whatever it may overwrite is grey. */
    shadecontents((uintptr_t)uc, (uintptr_t)uc + sizeof *uc, w);
#if defined(__x86_64__)
    if (uc->uc_mcontext.fpregs)
        shadecontents((uintptr_t)uc->uc_mcontext.fpregs,
                      (uintptr_t)uc->uc_mcontext.fpregs +
                          sizeof *uc->uc_mcontext.fpregs,
                      w);
#endif
    shadecontents(flo, fhi, w);
}

/* An attached thread's roots: held, as a held goroutine; parked inside
 * gort_call, the registers and sp it saved. */
static void scanattached(rt_attached *a, void *ctx) {
    gcWork *w = ctx;
    if (!a->held) {
        rt_gcScanBlock((uintptr_t)a->parkedregs,
                       (uintptr_t)(a->parkedregs + RT_NSAVEDREGS), w);
        rt_gcScanBlock(a->parkedsp, a->stack_hi, w);
        w->stackScanWork += (int64_t)(a->stack_hi - a->parkedsp);
    } else {
        rt_gcShadeHeld(&a->req, a->stack_lo, a->stack_hi, w);
    }
}

/* Sweep termination: the goroutines the stop-the-world holds (preempt.c)
 * and the attached foreign threads, whose stacks are roots scanned here,
 * in the pause, once per cycle. */
static void shadeheld(gcWork *w) {
    for (int i = 0; i < rt_sched.gomaxprocs; i++) {
        P *pp = rt_allp[i];
        M *mp = pp->stwheld ? pp->m : NULL;
        if (!mp || !ald(&mp->held)) continue;
        G *gp = mp->curg;
        rt_gcShadeHeld(&mp->stwreq, gp->stack_lo, gp->stack_hi, w);
    }
    rt_forattached(scanattached, w);
}

static void bgMarkWorker(void *arg);

/* Scans gp's stack once.  Returns false if gp must be retried later. */
static bool scanstack(G *gp, gcWork *w) {
    /* Mark workers hold no roots, only addresses of objects they scan: of
     * objects with finalizers too, which must stay unmarked. */
    if (peekfn(gp) == bgMarkWorker) return true;
    if (gp == rt_getg()) {
        scanself(gp, w);
        return true;
    }
    for (int tries = 0; tries < 10000; tries++) {
        uint32_t s = ald(&gp->status);
        switch (s) {
        case Gdead:
        case Gidle:
            return true; /* reused later: born black */
        case Grunnable:
        case Gwaiting:
        case Gsyscall:
            if (rt_castogscanstatus(gp, s)) {
                scanstopped(gp, s, w);
                rt_casfromgscanstatus(gp, s);
                return true;
            }
            break;
        case Gheld: {
            /* Held by the stop-the-world in progress: its context is
             * published already, and stays valid while we scan (we are
             * the STW owner, or our own P, still running, keeps the world
             * from having stopped, so it cannot restart). */
            M *mp = peekm(gp);
            if (mp && ald(&mp->held) && scaninterrupted(gp, mp, &mp->stwreq, w))
                return true;
            break;
        }
        case Grunning: {
            switch (scanrunning(gp, w)) {
            case SCAN_DONE: return true;
            case SCAN_DEFER: return false;
            default: break;
            }
            break;
        }
        default: /* Gscan held by someone else: cannot be, but wait */
            break;
        }
        if (tries > 100) sched_yield();
        else rt_cpu_relax();
    }
    return false;
}

/* Scans gp, waiting as long as it takes (world stopped: every goroutine
 * reaches a stoppable state soon). */
static void scanstack_stw(G *gp, gcWork *w) {
    while (!scanstack(gp, w)) sched_yield();
}

/* Stack jobs that could not be done at once (see the essay). */
static rt_mutex deferlock;
static G **deferred;   /* under deferlock */
static size_t ndeferred, capdeferred;
static uint32_t ndeferredA; /* atomic copy of ndeferred */

static void deferstack(G *gp) {
    rt_lock(&deferlock);
    if (ndeferred == capdeferred) {
        size_t nc = capdeferred ? capdeferred * 2 : 16;
        G **n = realloc(deferred, nc * sizeof *n);
        if (!n) {
            rt_unlock(&deferlock);
            rt_throw("runtime: out of memory deferring a stack scan");
        }
        deferred = n;
        capdeferred = nc;
    }
    deferred[ndeferred++] = gp;
    ast(&ndeferredA, (uint32_t)ndeferred);
    rt_unlock(&deferlock);
}

/* Retries deferred stacks; returns true if any was scanned. */
static bool retrydeferred(gcWork *w) {
    if (ald(&ndeferredA) == 0) return false;
    rt_lock(&deferlock);
    G *gp = ndeferred ? deferred[--ndeferred] : NULL;
    ast(&ndeferredA, (uint32_t)ndeferred);
    rt_unlock(&deferlock);
    if (!gp) return false;
    if (scanstack(gp, w)) return true;
    deferstack(gp);
    return false;
}

/* ---------------------------------------------------------------------- */
/* Root jobs and draining                                                  */
/* ---------------------------------------------------------------------- */

void rt_gcMarkRootPrepare(void) {
    /* World stopped, barrier not yet on: see "Roots" above. */
    P *pp = rt_getp();
    gcWork *w = pp ? &rt_gcp[pp->id].gcw : &nopgcw;
    rt_gcScanRoots(w);
    shadeheld(w);
    scantimers(w);
    rt_gc_markroot_hooks(vmmark, w); /* sync.Pool's allPools/oldPools */
    rt_gcw_dispose(w); /* on work.full, for any worker to take */
    rt_gcwork.nStackRoots = (uint32_t)ald(&rt_allglen);
    rt_gcwork.markrootJobs = ROOT_FIXED + rt_gcwork.nStackRoots;
    ast(&rt_gcwork.markrootNext, 0u);
    ndeferred = 0;
    ast(&ndeferredA, 0u);
}

static void markroot(gcWork *w, uint32_t i) {
    switch (i) {
    case ROOT_GLOBALS: /* done in rt_gcMarkRootPrepare */
    case ROOT_RUNTIME:
        break;
    case ROOT_FINALIZERS:
        rt_gcFinMarkRoots(w);
        break;
    default: {
        G **all = ald(&rt_allgs);
        G *gp = all[i - ROOT_FIXED];
        if (!scanstack(gp, w)) deferstack(gp);
        break;
    }
    }
}

bool rt_gcMarkWorkAvailable(P *pp) {
    if (pp && !rt_gcw_empty(&rt_gcp[pp->id].gcw)) return true;
    if (ald(&rt_gcwork.full) != 0) return true;
    if (ald(&rt_gcwork.markrootNext) < rt_gcwork.markrootJobs) return true;
    return ald(&ndeferredA) != 0;
}

#define PREFETCH_N 8u /* objects in flight between pop and scan (drain) */

enum {
    DRAIN_UNTIL_PREEMPT = 1, /* stop when the goroutine should yield */
    DRAIN_IDLE = 2,          /* stop when the P has other work */
    DRAIN_FRACTIONAL = 4,    /* stop when the P used its share */
    DRAIN_CREDIT = 8,        /* flush scan work as credit for assists */
};

static bool pollwork(P *pp) {
    return !rt_runqempty(pp) || ald_relaxed(&rt_sched.runqsize) > 0;
}

static bool fractionaldone(P *pp, int64_t start) {
    double goal = rt_gcctl.fractionalUtilizationGoal;
    int64_t delta = rt_nanotime() - rt_gcctl.markStartTime;
    if (delta <= 0) return false;
    int64_t used = rt_gcp[pp->id].fractionalTime + (rt_nanotime() - start);
    return (double)used / (double)delta > goal * 1.2;
}

/* Drains w until no work is left or a stop condition holds.  budget > 0
 * stops after that much scan work (assists).  Returns the scan work done. */
static int64_t drain(gcWork *w, int flags, int64_t budget, P *pp) {
    int64_t start = rt_nanotime();
    int64_t init = gcw_scanwork(w);
    int64_t credited = init;
    int n = 0;
    /* Roots first; background workers only: a root job leaves addresses
     * of objects with finalizers (which must stay white) in the drainer's
     * registers, and only workers' stacks are never scanned. */
    while ((flags & DRAIN_CREDIT) &&
           ald(&rt_gcwork.markrootNext) < rt_gcwork.markrootJobs) {
        if ((flags & DRAIN_UNTIL_PREEMPT) && gort_preempt_pending()) goto done;
        uint32_t job = axadd(&rt_gcwork.markrootNext, 1u) - 1;
        if (job >= rt_gcwork.markrootJobs) break;
        markroot(w, job);
        if (budget > 0 && gcw_scanwork(w) - init >= budget) goto done;
        if ((flags & DRAIN_IDLE) && pollwork(pp)) goto done;
    }
    /* Objects are scanned PREFETCH_N pops after they leave the queue, with
     * a prefetch issued at the pop: the grey queue is LIFO, so an object
     * greyed by one scan is usually the next one popped, and its first
     * word would otherwise be a cache miss the scan waits on (over half
     * of scanrange's time in binary-trees).  Objects still in the ring
     * when draining stops go back to the queue. */
    uintptr_t ring[PREFETCH_N];
    unsigned rhead = 0, rn = 0;
    for (;;) {
        if ((flags & DRAIN_UNTIL_PREEMPT) && gort_preempt_pending()) break;
        if (ald_relaxed(&rt_gcwork.full) == 0) gcw_balance(w);
        while (rn < PREFETCH_N) {
            uintptr_t p = rt_gcw_tryget(w);
            if (!p) break;
            __builtin_prefetch((const void *)p);
            ring[(rhead + rn++) % PREFETCH_N] = p;
        }
        if (rn == 0) {
            if (retrydeferred(w)) continue;
            break;
        }
        uintptr_t b = ring[rhead];
        rhead = (rhead + 1) % PREFETCH_N;
        rn--;
        scanobject(b, w);
        if (++n % 64 == 0) {
            int64_t done = gcw_scanwork(w);
            if ((flags & DRAIN_CREDIT) && done - credited > 0) {
                rt_gcFlushBgCredit(done - credited);
                credited = done;
            }
            if (budget > 0 && done - init >= budget) break;
            if ((flags & DRAIN_IDLE) && pollwork(pp)) break;
            if ((flags & DRAIN_FRACTIONAL) && fractionaldone(pp, start)) break;
        }
    }
    while (rn) { /* unscanned: back to the queue */
        rt_gcw_put(w, ring[rhead]);
        rhead = (rhead + 1) % PREFETCH_N;
        rn--;
    }
done:;
    int64_t done = gcw_scanwork(w);
    if ((flags & DRAIN_CREDIT) && done - credited > 0)
        rt_gcFlushBgCredit(done - credited);
    /* Counters go global now so the pacer sees progress. */
    gcw_flushstats(w);
    return done - init;
}

/* ---------------------------------------------------------------------- */
/* Mark termination support (world stopped)                                */
/* ---------------------------------------------------------------------- */

void rt_gcMarkTermFlush(gcWork *w) {
    for (int i = 0; i < GORT_MAXPROCS; i++) {
        if (!rt_allp[i]) break;
        if (&rt_gcp[i].gcw != w) rt_gcw_dispose(&rt_gcp[i].gcw);
    }
    rt_lock(&nopgcwlock);
    rt_gcw_dispose(&nopgcw);
    rt_unlock(&nopgcwlock);
    /* Deferred stacks: their goroutines are stopped now. */
    while (ndeferred) scanstack_stw(deferred[--ndeferred], w);
    ast(&ndeferredA, 0u);
    rt_gcScanRoots(w);
}

bool rt_gcDrainSTW(gcWork *w, int64_t budgetns) {
    int64_t deadline = budgetns > 0 ? rt_nanotime() + budgetns : 0;
    int n = 0;
    for (;;) {
        uintptr_t b = rt_gcw_tryget(w);
        if (!b) {
            gcw_flushstats(w);
            return true;
        }
        scanobject(b, w);
        if (deadline && ++n % 256 == 0 && rt_nanotime() > deadline) {
            /* Out of budget with nothing left is done, not a restart: a
             * restart with no grey object anywhere leaves no drainer to
             * come back to rt_gcMarkDone, and the cycle never ends. */
            if (rt_gcw_empty(w) && ald(&rt_gcwork.full) == 0) {
                gcw_flushstats(w);
                return true;
            }
            rt_gcw_dispose(w);
            return false;
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Background mark workers                                                 */
/* ---------------------------------------------------------------------- */

static rt_mutex poollock;
static G *pool[GORT_MAXPROCS]; /* parked workers, under poollock */
static int npool;
static int nworkers;           /* created so far (gcStart serialises) */

static bool poolput(G *gp, void *arg) {
    (void)arg;
    rt_lock(&poollock);
    pool[npool++] = gp;
    rt_unlock(&poollock);
    return true;
}

static G *poolget(void) {
    rt_lock(&poollock);
    G *gp = npool ? pool[--npool] : NULL;
    rt_unlock(&poollock);
    return gp;
}

static void bgMarkWorker(void *arg) {
    (void)arg;
    for (;;) {
        rt_gopark(poolput, NULL, "GC worker (idle)");
        /* Scheduled by rt_gcFind*Worker, which set our mode on this P.
         * Nothing below parks until drain returns, so we stay on it. */
        P *pp = rt_getp();
        gcPState *ps = &rt_gcp[pp->id];
        int mode = ps->workerMode;
        int64_t start = rt_nanotime();
        axadd(&rt_gcwork.nwait, (uint32_t)-1);
        int flags = DRAIN_CREDIT;
        if (mode == gcMarkWorkerDedicated) flags |= DRAIN_UNTIL_PREEMPT;
        else if (mode == gcMarkWorkerFractional)
            flags |= DRAIN_UNTIL_PREEMPT | DRAIN_FRACTIONAL;
        else flags |= DRAIN_UNTIL_PREEMPT | DRAIN_IDLE;
        if (ald(&rt_gcBlackenEnabled)) drain(&ps->gcw, flags, 0, pp);
        int64_t d = rt_nanotime() - start;
        switch (mode) {
        case gcMarkWorkerDedicated:
            axadd(&rt_gcctl.dedicatedMarkTime, d);
            axadd(&rt_gcctl.dedicatedMarkWorkersNeeded, (int64_t)1);
            break;
        case gcMarkWorkerFractional:
            axadd(&rt_gcctl.fractionalMarkTime, d);
            ps->fractionalTime += d;
            break;
        default:
            axadd(&rt_gcctl.idleMarkTime, d);
            break;
        }
        ps->workerMode = gcMarkWorkerNone;
        /* Stopped early (preempted, quota) with grey objects left: publish
         * them.  Kept in this P's queue they would be invisible to the
         * other Ps' idle workers and to the test below, which would then
         * take the cycle for done and stop the world for nothing. */
        if (!rt_gcw_empty(&ps->gcw)) rt_gcw_dispose(&ps->gcw);
        uint32_t incnwait = axadd(&rt_gcwork.nwait, 1u);
        if (incnwait == rt_gcwork.nproc && !rt_gcMarkWorkAvailable(NULL))
            rt_gcMarkDone();
        /* A preempted worker yields here, parking again at the top. */
    }
}

void rt_gcBgMarkStartWorkers(void) {
    int want = rt_sched.gomaxprocs;
    while (nworkers < want) {
        rt_newproc(bgMarkWorker, NULL, true);
        nworkers++;
    }
    /* Let them reach the pool before the cycle needs them. */
    for (int i = 0; i < 1000; i++) {
        rt_lock(&poollock);
        int n = npool;
        rt_unlock(&poollock);
        if (n >= nworkers) break;
        rt_gosched();
    }
}

G *rt_gcFindRunnableWorker(P *pp) {
    if (!ald(&rt_gcBlackenEnabled) || !rt_gcMarkWorkAvailable(pp)) return NULL;
    int mode;
    int64_t need = ald(&rt_gcctl.dedicatedMarkWorkersNeeded);
    while (need > 0 &&
           !acas(&rt_gcctl.dedicatedMarkWorkersNeeded, &need, need - 1)) {
    }
    if (need > 0) {
        mode = gcMarkWorkerDedicated;
    } else {
        double goal = rt_gcctl.fractionalUtilizationGoal;
        if (goal == 0) return NULL;
        int64_t delta = rt_nanotime() - rt_gcctl.markStartTime;
        if (delta <= 0) return NULL;
        if ((double)rt_gcp[pp->id].fractionalTime / (double)delta > goal)
            return NULL;
        mode = gcMarkWorkerFractional;
    }
    G *gp = poolget();
    if (!gp) {
        if (mode == gcMarkWorkerDedicated)
            axadd(&rt_gcctl.dedicatedMarkWorkersNeeded, (int64_t)1);
        return NULL;
    }
    rt_gcp[pp->id].workerMode = mode;
    return gp;
}

G *rt_gcFindIdleWorker(P *pp) {
    if (!ald(&rt_gcBlackenEnabled) || !rt_gcMarkWorkAvailable(pp)) return NULL;
    G *gp = poolget();
    if (gp) rt_gcp[pp->id].workerMode = gcMarkWorkerIdle;
    return gp;
}

/* ---------------------------------------------------------------------- */
/* Mark assists                                                            */
/* ---------------------------------------------------------------------- */

#define GC_OVERASSIST_WORK ((int64_t)64 << 10)

static rt_mutex assistlock;
static G *assisthead, *assisttail; /* parked assists (schedlink), lock */

/* Parks gp until background credit pays its debt or mark ends.  Returns
 * false if it should retry at once. */
static bool parkassist(G *gp) {
    rt_lock(&assistlock);
    if (!ald(&rt_gcBlackenEnabled)) {
        rt_unlock(&assistlock);
        return true;
    }
    if (ald(&rt_gcctl.bgScanCredit) > 0) {
        rt_unlock(&assistlock);
        return false;
    }
    gp->schedlink = NULL;
    if (assisttail) assisttail->schedlink = gp;
    else ast(&assisthead, gp);
    assisttail = gp;
    rt_goparkunlock(&assistlock, "GC assist wait");
    return true;
}

void rt_gcWakeAllAssists(void) {
    rt_lock(&assistlock);
    G *list = assisthead;
    ast(&assisthead, (G *)NULL);
    assisttail = NULL;
    rt_unlock(&assistlock);
    while (list) {
        G *gp = list;
        list = gp->schedlink;
        rt_goready(gp);
    }
}

void rt_gcFlushBgCredit(int64_t scanWork) {
    if (ald_relaxed(&assisthead) == NULL) {
        axadd(&rt_gcctl.bgScanCredit, scanWork);
        return;
    }
    double bytesPerWork = rt_gcLoadDouble(&rt_gcctl.assistBytesPerWork);
    int64_t scanBytes = rt_gcScale(bytesPerWork, scanWork);
    G *wake = NULL;
    rt_lock(&assistlock);
    while (assisthead && scanBytes > 0) {
        G *gp = assisthead;
        if (scanBytes + gp->gcAssistBytes >= 0) {
            scanBytes += gp->gcAssistBytes;
            gp->gcAssistBytes = 0;
            ast(&assisthead, gp->schedlink);
            if (!assisthead) assisttail = NULL;
            gp->schedlink = wake;
            wake = gp;
        } else {
            gp->gcAssistBytes += scanBytes;
            scanBytes = 0;
            if (gp->schedlink) { /* to the back of the queue */
                ast(&assisthead, gp->schedlink);
                gp->schedlink = NULL;
                assisttail->schedlink = gp;
                assisttail = gp;
            }
        }
    }
    if (scanBytes > 0) {
        double workPerByte = rt_gcLoadDouble(&rt_gcctl.assistWorkPerByte);
        axadd(&rt_gcctl.bgScanCredit, rt_gcScale(workPerByte, scanBytes));
    }
    rt_unlock(&assistlock);
    while (wake) {
        G *gp = wake;
        wake = gp->schedlink;
        rt_goready(gp);
    }
}

void rt_gcAssistAlloc(G *gp) {
    for (;;) {
        if (!ald(&rt_gcBlackenEnabled) || gp->gcAssistBytes >= 0) return;
        double workPerByte = rt_gcLoadDouble(&rt_gcctl.assistWorkPerByte);
        double bytesPerWork = rt_gcLoadDouble(&rt_gcctl.assistBytesPerWork);
        int64_t debtBytes = -gp->gcAssistBytes;
        int64_t scanWork = rt_gcScale(workPerByte, debtBytes);
        if (scanWork < GC_OVERASSIST_WORK) {
            scanWork = GC_OVERASSIST_WORK;
            debtBytes = rt_gcScale(bytesPerWork, scanWork);
        }
        /* Steal credit the background workers banked. */
        int64_t bg = ald(&rt_gcctl.bgScanCredit);
        int64_t stolen = 0;
        if (bg > 0) {
            stolen = bg < scanWork ? bg : scanWork;
            axadd(&rt_gcctl.bgScanCredit, -stolen);
            if (stolen == scanWork) {
                gp->gcAssistBytes += debtBytes;
                return;
            }
            gp->gcAssistBytes += rt_gcScale(bytesPerWork, stolen);
            scanWork -= stolen;
        }
        /* Pay by marking. */
        int64_t start = rt_nanotime();
        P *pp = rt_getp();
        axadd(&rt_gcwork.nwait, (uint32_t)-1);
        gcWork *gw = &rt_gcp[pp->id].gcw;
        TRACE_ASSIST(gp, true);
        int64_t done = drain(gw, DRAIN_UNTIL_PREEMPT, scanWork, pp);
        TRACE_ASSIST(gp, false);
        if (!rt_gcw_empty(gw)) rt_gcw_dispose(gw); /* as bgMarkWorker */
        gp->gcAssistBytes += 1 + rt_gcScale(bytesPerWork, done);
        uint32_t incnwait = axadd(&rt_gcwork.nwait, 1u);
        axadd(&rt_gcctl.assistTime, rt_nanotime() - start);
        if (incnwait == rt_gcwork.nproc && !rt_gcMarkWorkAvailable(NULL)) {
            rt_gcMarkDone();
            return;
        }
        if (gp->gcAssistBytes >= 0) return;
        if (gort_preempt_pending()) {
            gort_safepoint();
            continue;
        }
        if (!parkassist(gp)) continue;
        /* Woken: either paid or mark is over; loop re-checks. */
    }
}

/* ---------------------------------------------------------------------- */
/* GODEBUG=gccheckmark=1                                                    */
/* ---------------------------------------------------------------------- */

/* A set of object bases (open addressing) and an explicit mark stack.
 * World stopped, one thread: no locks. */
static uintptr_t *cmset;
static size_t cmcap, cmcount;
static uintptr_t *cmstack;
static size_t cmsp, cmstackcap;

static void *cmmap(size_t bytes) {
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) rt_throw("runtime: out of memory for checkmark");
    return p;
}

static inline size_t cmhash(uintptr_t x) {
    x ^= x >> 29;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 32;
    return (size_t)x;
}

static bool cmadd(uintptr_t x); /* true if newly added */

static void cmgrow(void) {
    uintptr_t *old = cmset;
    size_t oldcap = cmcap;
    cmcap = cmcap ? cmcap * 2 : 1 << 16;
    cmset = cmmap(cmcap * sizeof *cmset);
    cmcount = 0;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i]) cmadd(old[i]);
    if (old) munmap(old, oldcap * sizeof *old);
}

static bool cmadd(uintptr_t x) {
    if ((cmcount + 1) * 2 > cmcap) cmgrow();
    size_t i = cmhash(x) & (cmcap - 1);
    while (cmset[i]) {
        if (cmset[i] == x) return false;
        i = (i + 1) & (cmcap - 1);
    }
    cmset[i] = x;
    cmcount++;
    return true;
}

static void cmpush(uintptr_t x) {
    if (cmsp == cmstackcap) {
        size_t nc = cmstackcap ? cmstackcap * 2 : 1 << 16;
        uintptr_t *n = cmmap(nc * sizeof *n);
        if (cmstack) {
            memcpy(n, cmstack, cmsp * sizeof *n);
            munmap(cmstack, cmstackcap * sizeof *n);
        }
        cmstack = n;
        cmstackcap = nc;
    }
    cmstack[cmsp++] = x;
}

/* Go's gcDumpObject. */
static GC_NOSAN void dumpobject(const char *label, uintptr_t obj, uintptr_t off) {
    uintptr_t base, idx;
    MSpan *s;
    rt_printf("%s=0x%lx", label, (unsigned long)obj);
    if (!rt_findObject(obj, &base, &s, &idx)) {
        s = rt_spanOf(obj);
        if (!s) {
            rt_printf(" s=nil\n");
            return;
        }
        rt_printf(" (free slot) s.elemsize=%lu\n",
                  (unsigned long)rt_span_elemsize(s));
        return;
    }
    uintptr_t size = rt_span_elemsize(s);
    rt_printf(" s.elemsize=%lu s.noscan=%d\n", (unsigned long)size,
              (int)rt_span_noscan(s));
    bool skipped = false;
    for (uintptr_t i = 0; i < size; i += PTRSIZE) {
        if (!(i < 128 * PTRSIZE ||
              (off + 16 * PTRSIZE > i && i + 16 * PTRSIZE > off))) {
            skipped = true;
            continue;
        }
        if (skipped) {
            rt_printf(" ...\n");
            skipped = false;
        }
        rt_printf(" *(%s+%lu) = 0x%lx%s\n", label, (unsigned long)i,
                  (unsigned long)*(uintptr_t *)(base + i),
                  i == off ? " <==" : "");
    }
    if (skipped) rt_printf(" ...\n");
}

static void checkmark_shade(uintptr_t p, uintptr_t srcbase, uintptr_t srcoff,
                            bool precise) {
    uintptr_t base, idx;
    MSpan *s;
    if (!rt_findObject(p, &base, &s, &idx)) {
        if (precise && rt_spanOf(p)) {
            rt_printf("runtime: marking free object 0x%lx found at *(0x%lx+0x%lx)\n",
                      (unsigned long)p, (unsigned long)srcbase,
                      (unsigned long)srcoff);
            dumpobject("base", srcbase, srcoff);
            dumpobject("obj", p, ~(uintptr_t)0);
            rt_throw("marking free object");
        }
        return;
    }
    if (!rt_span_isMarked(s, idx)) {
        /* A conservative word (a stack, a registered root) may hold an
         * integer or a one-past-the-end pointer that looks like a pointer
         * to a dead object: only precise heap pointers prove a bug. */
        if (!precise) return;
        rt_printf("runtime: checkmarks found unexpected unmarked object "
                  "obj=0x%lx\n",
                  (unsigned long)base);
        rt_printf("runtime: found obj at *(0x%lx+0x%lx)\n",
                  (unsigned long)srcbase, (unsigned long)srcoff);
        dumpobject("base", srcbase, srcoff);
        dumpobject("obj", base, ~(uintptr_t)0);
        rt_printf("runtime: obj's span: sweepgen=%u (heap %u) freeindex=%u "
                  "allocCount=%u nelems=%u allocBit=%d\n",
                  ald(&s->sweepgen), ald(&rt_mheap.sweepgen),
                  ald_relaxed(&s->freeindex), s->allocCount, s->nelems,
                  (int)((ald_relaxed(&s->allocBits[idx >> 6]) >> (idx & 63)) & 1));
        rt_throw("checkmark found unmarked object");
    }
    if (cmadd(base) && !rt_span_noscan(s)) cmpush(base);
}

void rt_gcCheckmark(void) {
    static gcWork cmgcw; /* only its counters are touched */
    gcWork *w = &cmgcw;
    cmcount = 0;
    if (cmset) memset(cmset, 0, cmcap * sizeof *cmset);
    cmsp = 0;
    rt_gcCheckmarkOn = true;
    rt_gcScanRoots(w);
    rt_gcFinMarkRoots(w);
    scantimers(w);
    rt_gc_markroot_hooks(vmmark, w);
    size_t n = ald(&rt_allglen);
    G **all = ald(&rt_allgs);
    for (size_t i = 0; i < n; i++) scanstack_stw(all[i], w);
    rt_forattached(scanattached, w);
    while (cmsp) {
        uintptr_t b = cmstack[--cmsp];
        uintptr_t base, idx;
        MSpan *s;
        if (!rt_findObject(b, &base, &s, &idx)) continue;
        scanrange(s, base, base, base + rt_span_elemsize(s), w);
    }
    rt_gcCheckmarkOn = false;
}
