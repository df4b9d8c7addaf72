/*
 * mgc.h — the collector's internal state, shared by mgc.c (phases, pacer),
 * mgcmark.c (roots, grey queues, workers, assists, checkmark), mbarrier.c
 * (write barrier) and mfinal.c (finalizers).  Nothing outside these four
 * files includes it: the rest of the runtime sees the collector through the
 * "provided by the collector" block of runtime.h.
 *
 * Grey objects live in work buffers:
 *
 *     P0.gcw [wbuf1|wbuf2]   P1.gcw [wbuf1|wbuf2]   ...   (no lock: owner P)
 *            |  full / need empty                |
 *            v                                   v
 *     work.full  (lock-free stack of full workbufs)   work.empty (spares)
 *
 * A marker pushes and pops on its P's gcWork; when both of its buffers are
 * full it publishes one on work.full, and when both are empty it takes one
 * from there.  So the common case touches no shared cache line, and idle
 * workers find work by popping work.full.
 */
#ifndef GORT_MGC_H
#define GORT_MGC_H

#include "runtime.h"

/* Attribute for functions that read memory the sanitizers must not check:
 * other goroutines' stacks (conservatively, racing with nothing but still
 * "uninitialised" or "poisoned" to ASan) and heap words that mutators write
 * concurrently (benign: the write barrier covers the race). */
#if defined(__clang__) || __GNUC__ >= 8
#define GC_NOSAN __attribute__((no_sanitize("address", "thread")))
#else
#define GC_NOSAN
#endif

/* ---- work buffers (mgcmark.c) ------------------------------------------ */

#define WORKBUF_BYTES 2048
#define WORKBUF_NOBJ ((WORKBUF_BYTES - 16) / sizeof(uintptr_t))

typedef struct workbuf {
    uint64_t lfnext;  /* work.full/empty link (packed, see lfstack) */
    uint32_t nobj;    /* objects in obj[] */
    uint32_t pushcnt; /* lfstack ABA counter */
    uintptr_t obj[WORKBUF_NOBJ];
} workbuf;

/* A P's (or the global fallback's) grey-object queue plus the counters the
 * pacer reads; flushed to work.* by gcw_dispose. */
typedef struct gcWork {
    workbuf *wbuf1, *wbuf2;
    uint64_t bytesMarked;     /* bytes of objects this gcw greyed/blackened */
    int64_t heapScanWork;     /* bytes of heap objects scanned */
    int64_t stackScanWork;    /* bytes of stack scanned */
    int64_t globalsScanWork;  /* bytes of registered roots scanned */
} gcWork;

void rt_gcw_put(gcWork *w, uintptr_t obj);
uintptr_t rt_gcw_tryget(gcWork *w);
bool rt_gcw_empty(gcWork *w);
/* Publishes w's buffers on work.full and its counters on work.* . */
void rt_gcw_dispose(gcWork *w);

/* Marks the object p points into (interior pointers fine; anything not in
 * the heap is ignored) and queues it for scanning. */
void rt_gcShade(uintptr_t p, gcWork *w);
/* Conservatively scans [lo, hi): every word that points into an object
 * shades it. */
void rt_gcScanBlock(uintptr_t lo, uintptr_t hi, gcWork *w);
/* Scans the contents of the heap object at base precisely (its pointer
 * bitmap) without marking base itself (finalizer roots). */
void rt_gcScanObjectContents(uintptr_t base, gcWork *w);

/* ---- per-P collector state ------------------------------------------- */

enum { gcMarkWorkerNone, gcMarkWorkerDedicated, gcMarkWorkerFractional,
       gcMarkWorkerIdle };

typedef struct gcPState {
    gcWork gcw;               /* owner P only (or the STW owner) */
    int workerMode;           /* mode of the worker scheduled on this P */
    int64_t fractionalTime;   /* ns of fractional work this cycle */
    char pad[RT_CACHELINE];
} gcPState;
extern gcPState rt_gcp[GORT_MAXPROCS];

/* ---- cycle state (mgc.c) --------------------------------------------- */

typedef struct gcWorkState {
    uint64_t full;            /* lfstack of full workbufs */
    uint64_t empty;           /* lfstack of empty workbufs */
    uint32_t nproc, nwait;    /* drainers: nwait == nproc <=> none active */
    uint32_t markrootNext;    /* next root job (atomic) */
    uint32_t markrootJobs;    /* root jobs this cycle */
    uint32_t nStackRoots;     /* allgs snapshot at mark start */
    uint32_t cycles;          /* cycles started (atomic) */
    uint32_t completed;       /* cycles whose mark termination finished */
    uint64_t bytesMarked;     /* atomic, from disposed gcws */
    int64_t heapScanWork, stackScanWork, globalsScanWork; /* atomic */
    bool userForced;          /* this cycle was gort_gc() */
    int64_t tSweepTerm, tMark, tMarkTerm, tEnd;
    int64_t pauseNS;          /* STW time this cycle */
    uint64_t heap0, heap1, heap2;
    int maxprocs;             /* GOMAXPROCS during the cycle */
    uint64_t gcsys;           /* bytes the collector mapped (workbufs...) */
} gcWorkState;
extern gcWorkState rt_gcwork;

/* The pacer: see mgc.c. */
typedef struct gcController {
    int32_t gcPercent;        /* GOGC; < 0: off */
    int64_t memoryLimit;      /* GOMEMLIMIT; INT64_MAX: none */
    uint64_t heapMinimum;     /* 4 MiB * GOGC/100 */
    uint64_t heapMarked;      /* live bytes marked by the last cycle */
    uint64_t heapGoal;        /* atomic */
    uint64_t trigger;         /* atomic: heapLive that starts a cycle */
    uint64_t triggered;       /* heapLive when this cycle started */
    uint64_t lastHeapScan;    /* heap scan work of the last cycle */
    uint64_t lastStackScan;
    uint64_t maxStackScan;    /* stack bytes scanned this cycle */
    uint64_t globalsScan;     /* registered root bytes */
    double consMark;          /* allocation/scan rate ratio (smoothed) */
    uint64_t runway;
    uint64_t assistWorkPerByte;  /* double bits (atomic) */
    uint64_t assistBytesPerWork; /* double bits (atomic) */
    int64_t dedicatedMarkWorkersNeeded; /* atomic */
    double fractionalUtilizationGoal;
    int64_t markStartTime;
    int64_t assistTime, dedicatedMarkTime, fractionalMarkTime,
        idleMarkTime;         /* atomic, ns this cycle */
    int64_t bgScanCredit;     /* atomic: scan work banked by workers */
    uint64_t allocBlack;      /* atomic: bytes of spans allocated in mark */
    int64_t totalGCTime;      /* ns of GC CPU since start (CPU fraction) */
    uint64_t rss;             /* last resident set size read (memory limit) */
} gcController;
extern gcController rt_gcctl;

/* A product of an assist ratio and a byte or work count, as an int64.
 * The ratios can be huge near the heap goal (work remaining over almost
 * no heap remaining), and an 8 GB allocation's debt times such a ratio
 * is past INT64_MAX, where a plain cast is undefined behaviour.  Saturate
 * instead, at a quarter of the range so that the callers' sums (debt plus
 * credit plus one) cannot overflow either: an assist that owes "everything"
 * marks until the cycle ends.  NaN (0/0 before the first cycle) is 0. */
static inline int64_t rt_gcScale(double ratio, int64_t n) {
    double v = ratio * (double)n;
    if (v != v) return 0;
    if (v > (double)(INT64_MAX / 4)) return INT64_MAX / 4;
    if (v < (double)(INT64_MIN / 4)) return INT64_MIN / 4;
    return (int64_t)v;
}
static inline double rt_gcLoadDouble(const uint64_t *p) {
    uint64_t b = __atomic_load_n(p, __ATOMIC_RELAXED);
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}
static inline void rt_gcStoreDouble(uint64_t *p, double d) {
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    __atomic_store_n(p, b, __ATOMIC_RELAXED);
}

/* ---- mgc.c ------------------------------------------------------------ */

/* Period of the time trigger (2 minutes; tests shorten it). */
extern int64_t rt_gcForcePeriod;
/* Test hook: while set, marking never terminates (rt_gcMarkDone returns);
 * clear it and call rt_gcMarkDone to finish the cycle. */
extern uint32_t rt_gcTestHoldMark;

/* Called by the last drainer to run out of work: stops the world, checks
 * that no grey object is left anywhere, and finishes the cycle. */
void rt_gcMarkDone(void);
/* Credits scan work done by background workers to parked assists. */
void rt_gcFlushBgCredit(int64_t scanWork);

/* ---- mgcmark.c -------------------------------------------------------- */

/* World stopped: prepares root jobs for a new cycle. */
void rt_gcMarkRootPrepare(void);
/* True if some grey object or root job is left where any drainer can see
 * it (pp's own gcw included when pp is non-NULL). */
bool rt_gcMarkWorkAvailable(P *pp);
/* World stopped: moves every P's grey objects to work.full, scans the
 * stacks whose scan was deferred, and rescans the registered roots. */
void rt_gcMarkTermFlush(gcWork *w);
/* Drains w until no grey object is left or the budget (ns, <= 0: none)
 * runs out.  World stopped.  Returns true when done. */
bool rt_gcDrainSTW(gcWork *w, int64_t budgetns);
/* Creates the background mark workers (one per P). */
void rt_gcBgMarkStartWorkers(void);
/* Assists: pays the allocating goroutine's debt with scan work. */
void rt_gcAssistAlloc(G *gp);
/* Wakes every goroutine parked in an assist (mark is over). */
void rt_gcWakeAllAssists(void);
/* GODEBUG=gccheckmark=1: re-marks from the roots with separate bits and
 * throws on any reachable object the cycle left unmarked.  World stopped. */
void rt_gcCheckmark(void);
extern bool rt_gcCheckmarkOn;
/* Registered roots: words and count (for the pacer). */
uint64_t rt_gcRootWords(void);
void rt_gcScanRoots(gcWork *w);
/* Test hook: stack scans done by signal suspension so far. */
extern uint64_t rt_gcSignalScans;

/* ---- mfinal.c --------------------------------------------------------- */

/* Root job: the contents of every object with a finalizer (what the
 * finalizer may touch must stay alive) and the queue of objects waiting
 * for their finalizer to run. */
void rt_gcFinMarkRoots(gcWork *w);
/* World stopped, marking done: objects with a finalizer that were not
 * marked are marked again (resurrected) and queued; returns how many. */
int rt_gcFinCollect(void);
/* Wakes the finalizer goroutine if finalizers are queued. */
void rt_gcFinWake(void);

#endif /* GORT_MGC_H */
