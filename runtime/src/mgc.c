/*
 * mgc.c — the garbage collector's cycle: phases, pacer, gctrace, memstats.
 *
 * A cycle, as in Go (mgc.go):
 *
 *   GCoff ──trigger──> sweep termination (STW) ──> GCmark (concurrent)
 *     ^                 finish last sweep,          barrier on, workers,
 *     |                 reset mark state,           assists, allocate black
 *     |                 barrier + blacken on             |
 *     |                                             no grey object left
 *     |                                                  v
 *     └── concurrent sweep <── mark termination (STW) <──┘
 *         (allocator: lazy      flush every P's queue, rescan registered
 *          + background)        roots, [gccheckmark], finalizers, pacer,
 *                               barrier off, rt_sweepStart
 *
 *   time ─────────────────────────────────────────────────────────────>
 *   mutators  ████████|  |████▒▒▒▒████▒▒▒▒████████|  |████████████████
 *   workers           |  |░░░░░░░░░░░░░░░░░░░░░░░░|  |
 *                     STW1                        STW2
 *   (▒ = mark assist, ░ = background marking, | | = stop-the-world)
 *
 * Both STW pauses do O(GOMAXPROCS + registered roots) work, independent of
 * the number of goroutines and of the heap size: no stack is scanned in
 * them (mgcmark.c scans each stack on its own) except stacks whose scan had
 * to be deferred, and mark termination drains at most a 200 µs budget of
 * leftover grey objects in the pause; if more is left it restarts the
 * world and lets the workers finish (Go's gcMarkDone restart).
 *
 * Triggers (gcStart's test): the heap (heapLive reaching the pacer's
 * trigger; checked per span the allocator hands out, rt_gcAllocHook), time
 * (no cycle for 2 minutes; sysmon wakes the forcegc goroutine), and cycle
 * (gort_gc() asking for cycle n+1).  GODEBUG=gcstress=N runs a full cycle
 * every N allocations by goroutines (N=1: every allocation).
 *
 * The pacer (Go 1.19's, simplified where noted):
 *   goal    = marked + (marked + stacks + globals) * GOGC/100, at least
 *             4 MiB * GOGC/100, and at most what GOMEMLIMIT leaves after
 *             the non-heap memory (read from /proc/self/statm's RSS at each
 *             mark termination: an estimate, as Go's own is);
 *   trigger = goal - runway, where runway is the allocation expected while
 *             a cycle marks (consMark * (1-u)/u * last scan work, u = 25%),
 *             clamped to [0.7, 0.95] of the way from marked to goal;
 *   assists = (scan work still expected) / (heap left before the goal)
 *             scan work per allocated byte, revised as the cycle goes.
 * consMark (allocation rate / scan rate) is the largest of the last four
 * cycles' measurements, as in Go 1.18 (1.19 smooths it with a PI
 * controller instead).
 *
 * Locks: startlock (parks) serialises gcStart; pacelock (rt_mutex) guards
 * the pacer's inputs outside a STW; waitlock guards gort_gc's waiters.
 * Rejected: a dedicated GC-controller goroutine running every cycle (a
 * trigger in a tight allocation loop would wait for it to be scheduled
 * while the heap grows; Go too runs gcStart on the allocating goroutine).
 */
#include "mgc.h"
#include "trace.h"

#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

uint32_t rt_gcphase;
uint32_t rt_gcBlackenEnabled;
/* The barrier flag is public (gort.h's inline gort_store_ptr reads it);
 * rt_writeBarrierEnabled is its runtime-internal name. */
uint32_t gort_writebarrier;
extern uint32_t rt_writeBarrierEnabled __attribute__((alias("gort_writebarrier")));

gcWorkState rt_gcwork;
gcController rt_gcctl;

/* 2 minutes, as Go's forcegcperiod; tests shorten it (mgc.h). */
int64_t rt_gcForcePeriod = (int64_t)120 * 1000 * 1000 * 1000;
uint32_t rt_gcTestHoldMark;

#define HEAP_MINIMUM ((uint64_t)4 << 20)
#define GC_BACKGROUND_UTILIZATION 0.25
#define MARKDONE_STW_BUDGET_NS (200 * 1000)

enum { TRIGGER_HEAP, TRIGGER_TIME, TRIGGER_CYCLE };

/* Memory statistics kept by the collector (the heap's own are the
 * allocator's rt_memstats_heap). */
static struct {
    uint64_t pauseTotalNs;
    uint64_t pauseNs[256], pauseEnd[256];
    uint32_t numgc, numforcedgc;
    uint64_t lastgc;       /* wall clock ns */
    int64_t lastgcmono;    /* atomic: nanotime of the last cycle's end */
    uint64_t lastHeapGoal; /* goal of the last completed cycle */
} gcstats;

static pthread_mutex_t statslock = PTHREAD_MUTEX_INITIALIZER;
/* Atomic: > 0 while the collector waits for the world to stop; allocation
 * is then a safe point (rt_gcAllocHook), so goroutines that only allocate
 * still let the stop-the-world through. */
static uint32_t gcstwpending;

static void gcstoptheworld(const char *reason) {
    axadd(&gcstwpending, 1u);
    rt_stopTheWorld(reason);
    axadd(&gcstwpending, (uint32_t)-1);
}
static rt_mutex pacelock;
static uint32_t markdoneactive;
static uint64_t consMarkHist[4];

/* ---------------------------------------------------------------------- */
/* A parking lock and the cycle waiters                                    */
/* ---------------------------------------------------------------------- */

static rt_mutex startmu;
static bool startheld;
static G *startwaiters, *startwaitertail;

static void startlock(void) {
    G *gp = rt_getg();
    rt_lock(&startmu);
    while (startheld) {
        gp->schedlink = NULL;
        if (startwaitertail) startwaitertail->schedlink = gp;
        else startwaiters = gp;
        startwaitertail = gp;
        rt_goparkunlock(&startmu, "GC start");
        rt_lock(&startmu);
    }
    startheld = true;
    rt_unlock(&startmu);
}

static void startunlock(void) {
    rt_lock(&startmu);
    startheld = false;
    G *gp = startwaiters;
    if (gp) {
        startwaiters = gp->schedlink;
        if (!startwaiters) startwaitertail = NULL;
    }
    rt_unlock(&startmu);
    if (gp) rt_goready(gp);
}

static rt_mutex waitlock;
static G *cyclewaiters;

/* Parks until cycle n's mark termination has finished. */
static void waitcycle(uint32_t n) {
    G *gp = rt_getg();
    rt_lock(&waitlock);
    while ((int32_t)(ald(&rt_gcwork.completed) - n) < 0) {
        gp->schedlink = cyclewaiters;
        cyclewaiters = gp;
        rt_goparkunlock(&waitlock, "GC wait");
        rt_lock(&waitlock);
    }
    rt_unlock(&waitlock);
}

static void wakecyclewaiters(void) {
    rt_lock(&waitlock);
    G *list = cyclewaiters;
    cyclewaiters = NULL;
    rt_unlock(&waitlock);
    while (list) {
        G *gp = list;
        list = gp->schedlink;
        rt_goready(gp);
    }
}

/* ---------------------------------------------------------------------- */
/* The pacer                                                               */
/* ---------------------------------------------------------------------- */

static uint64_t readrss(void) {
    char buf[128];
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = 0;
    unsigned long long size, resident;
    if (sscanf(buf, "%llu %llu", &size, &resident) != 2) return 0;
    return (uint64_t)resident * (uint64_t)sysconf(_SC_PAGESIZE);
}

/* Go's memoryLimitHeapGoal.  pacelock held or world stopped. */
static uint64_t memoryLimitHeapGoal(void) {
    uint64_t limit = (uint64_t)rt_gcctl.memoryLimit;
    uint64_t inuse = ald_relaxed(&rt_memstats_heap.heapInuse);
    uint64_t idle = ald_relaxed(&rt_memstats_heap.heapIdle);
    uint64_t released = ald_relaxed(&rt_memstats_heap.heapReleased);
    uint64_t heapFree = idle > released ? idle - released : 0;
    uint64_t rss = ald_relaxed(&rt_gcctl.rss);
    uint64_t nonHeap = rss > inuse + heapFree ? rss - inuse - heapFree : 0;
    uint64_t mappedReady = inuse + heapFree + nonHeap;
    uint64_t overage = mappedReady > limit ? mappedReady - limit : 0;
    if (nonHeap + overage >= limit) return rt_gcctl.heapMarked;
    uint64_t goal = limit - (nonHeap + overage);
    const uint64_t headroom = 1 << 20;
    if (goal < headroom || goal - headroom < headroom) goal = headroom;
    else goal -= headroom;
    if (goal < rt_gcctl.heapMarked) goal = rt_gcctl.heapMarked;
    return goal;
}

/* Recomputes goal, runway and trigger (Go's commit + trigger).  pacelock
 * held or world stopped. */
static void commit(void) {
    gcController *c = &rt_gcctl;
    uint64_t goal = UINT64_MAX;
    if (c->gcPercent >= 0) {
        goal = c->heapMarked + (c->heapMarked + c->lastStackScan +
                                c->globalsScan) *
                                   (uint64_t)c->gcPercent / 100;
        if (goal < c->heapMinimum) goal = c->heapMinimum;
    }
    if (c->memoryLimit != INT64_MAX) {
        uint64_t lg = memoryLimitHeapGoal();
        if (lg < goal) goal = lg;
    }
    c->runway = (uint64_t)(c->consMark * (1 - GC_BACKGROUND_UTILIZATION) /
                           GC_BACKGROUND_UTILIZATION *
                           (double)(c->lastHeapScan + c->lastStackScan +
                                    c->globalsScan));
    uint64_t trigger;
    if (goal == UINT64_MAX) {
        trigger = UINT64_MAX;
    } else if (c->heapMarked >= goal) {
        trigger = goal;
    } else {
        uint64_t d = goal - c->heapMarked;
        uint64_t minT = c->heapMarked + d / 64 * 45;
        uint64_t maxT = c->heapMarked + d / 64 * 61;
        if (goal > HEAP_MINIMUM && goal - HEAP_MINIMUM > maxT)
            maxT = goal - HEAP_MINIMUM;
        if (maxT < minT) maxT = minT;
        trigger = c->runway > goal ? minT : goal - c->runway;
        if (trigger < minT) trigger = minT;
        if (trigger > maxT) trigger = maxT;
    }
    ast(&c->heapGoal, goal);
    ast(&c->trigger, trigger);
}

/* Assist ratio from the work and heap left (Go's revise). */
static void revise(void) {
    gcController *c = &rt_gcctl;
    int32_t pct = ald_relaxed(&c->gcPercent);
    if (pct < 0) pct = 100000;
    int64_t live = (int64_t)ald_relaxed(&rt_memstats_heap.heapLive);
    int64_t work = ald_relaxed(&rt_gcwork.heapScanWork) +
                   ald_relaxed(&rt_gcwork.stackScanWork) +
                   ald_relaxed(&rt_gcwork.globalsScanWork);
    uint64_t g = ald_relaxed(&c->heapGoal);
    int64_t heapGoal = g > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)g;
    int64_t expected = (int64_t)(c->lastHeapScan + c->lastStackScan +
                                 c->globalsScan);
    /* Worst case: everything allocated is scannable. */
    int64_t maxScan = live + (int64_t)c->maxStackScan + (int64_t)c->globalsScan;
    if (work > expected || expected == 0) {
        int64_t trig = (int64_t)c->triggered;
        if (expected > 0 && heapGoal != INT64_MAX) {
            int64_t ext = rt_gcScale((double)(heapGoal - trig) / (double)expected,
                                     maxScan) + trig;
            int64_t hard = rt_gcScale(1.0 + pct / 100.0, heapGoal);
            heapGoal = ext > hard ? hard : ext;
        }
        expected = maxScan;
    }
    if (live > heapGoal) {
        heapGoal = (int64_t)((double)heapGoal * 1.1);
        expected = maxScan;
    }
    int64_t remaining = expected - work;
    if (remaining < 1000) remaining = 1000;
    int64_t heapRemaining = heapGoal - live;
    if (heapRemaining <= 0) heapRemaining = 1;
    rt_gcStoreDouble(&c->assistWorkPerByte,
                     (double)remaining / (double)heapRemaining);
    rt_gcStoreDouble(&c->assistBytesPerWork,
                     (double)heapRemaining / (double)remaining);
}

/* World stopped. */
static void startCycle(int64_t now, int procs) {
    gcController *c = &rt_gcctl;
    c->markStartTime = now;
    c->triggered = ald_relaxed(&rt_memstats_heap.heapLive);
    c->assistTime = c->dedicatedMarkTime = 0;
    c->fractionalMarkTime = c->idleMarkTime = 0;
    c->bgScanCredit = 0;
    c->allocBlack = 0;
    double goal = procs * GC_BACKGROUND_UTILIZATION;
    int64_t dedicated = (int64_t)(goal + 0.5);
    double utilError = (double)dedicated / goal - 1;
    double fractional = 0;
    if (utilError < -0.3 || utilError > 0.3) {
        if ((double)dedicated > goal) dedicated--;
        fractional = (goal - (double)dedicated) / procs;
    }
    c->dedicatedMarkWorkersNeeded = dedicated;
    c->fractionalUtilizationGoal = fractional;
    for (int i = 0; i < procs; i++) {
        rt_gcp[i].fractionalTime = 0;
        rt_gcp[i].workerMode = gcMarkWorkerNone;
    }
    revise();
}

/* Mark termination: learn consMark from this cycle (Go's endCycle). */
static void endCycle(int64_t now, int procs) {
    gcController *c = &rt_gcctl;
    int64_t dur = now - c->markStartTime;
    uint64_t live = ald_relaxed(&rt_memstats_heap.heapLive);
    if (dur <= 0 || live <= c->triggered) return;
    double util = GC_BACKGROUND_UTILIZATION +
                  (double)c->assistTime / ((double)dur * procs);
    double idle = (double)c->idleMarkTime / ((double)dur * procs);
    int64_t scan = rt_gcwork.heapScanWork + rt_gcwork.stackScanWork +
                   rt_gcwork.globalsScanWork;
    if (scan <= 0 || util >= 1) return;
    double cur = (double)(live - c->triggered) * (util + idle) /
                 ((double)scan * (1 - util));
    memmove(&consMarkHist[1], &consMarkHist[0], 3 * sizeof consMarkHist[0]);
    rt_gcStoreDouble(&consMarkHist[0], cur);
    double m = 0;
    for (int i = 0; i < 4; i++) {
        double v = rt_gcLoadDouble(&consMarkHist[i]);
        if (v > m) m = v;
    }
    c->consMark = m;
}

/* ---------------------------------------------------------------------- */
/* gcStart: sweep termination                                              */
/* ---------------------------------------------------------------------- */

static bool triggertest(int kind, uint32_t n) {
    if (ald(&rt_gcphase) != GCoff) return false;
    switch (kind) {
    case TRIGGER_HEAP:
        return ald_relaxed(&rt_memstats_heap.heapLive) >=
               ald_relaxed(&rt_gcctl.trigger);
    case TRIGGER_TIME:
        return ald_relaxed(&rt_gcctl.gcPercent) >= 0 &&
               rt_nanotime() - ald(&gcstats.lastgcmono) > ald_relaxed(&rt_gcForcePeriod);
    default:
        return (int32_t)(n - ald(&rt_gcwork.cycles)) > 0;
    }
}

/* Starts a cycle if the trigger still holds.  Goroutine with a P only. */
static void gcStart(int kind, uint32_t n) {
    M *mp = rt_getm();
    if (!mp || !mp->curg || mp->locks || !mp->p) return;
    if (!triggertest(kind, n)) return;
    startlock();
    if (!triggertest(kind, n)) {
        startunlock();
        return;
    }
    /* The previous cycle's sweep must be over: marking reuses the bits. */
    rt_sweepFinish();
    rt_gcBgMarkStartWorkers();
    int64_t now = rt_nanotime();
    uint64_t heap0 = ald_relaxed(&rt_memstats_heap.heapLive);
    TRACE_GC_START(rt_gcwork.cycles + 1);
    gcstoptheworld("GC sweep termination");
    /* The world is stopped: nobody else reads what we reset below. */
    rt_gc_run_cycle_hooks(); /* Go's clearpools: sync.Pool's victim cache */
    gcWorkState *w = &rt_gcwork;
    w->tSweepTerm = now;
    w->heap0 = heap0;
    w->pauseNS = 0;
    w->userForced = kind == TRIGGER_CYCLE;
    w->maxprocs = rt_sched.gomaxprocs;
    ast(&w->cycles, w->cycles + 1);
    w->bytesMarked = 0;
    w->heapScanWork = w->stackScanWork = w->globalsScanWork = 0;
    w->nproc = w->nwait = UINT32_MAX;
    rt_gcMarkRootPrepare();
    rt_lock(&pacelock);
    startCycle(now, w->maxprocs);
    rt_unlock(&pacelock);
    ast(&rt_gcphase, (uint32_t)GCmark);
    TRACE_GC_MARK();
    ast(&rt_writeBarrierEnabled, 1u);
    ast(&rt_gcBlackenEnabled, 1u);
    /* Every scheduling decision consults the worker hook while marking. */
    axadd(&rt_sched.slowsched, 1u);
    int64_t t = rt_nanotime();
    w->tMark = t;
    rt_startTheWorld();
    w->pauseNS += rt_nanotime() - now;
    startunlock();
}

/* ---------------------------------------------------------------------- */
/* Mark termination                                                        */
/* ---------------------------------------------------------------------- */

static void gctrace(const gcWorkState *w, uint64_t goal, uint64_t stacks,
                    uint64_t globals, double cpufrac, int64_t assist,
                    int64_t mark, int64_t idle);

static void gcMarkTermination(int64_t t0) {
    gcWorkState *w = &rt_gcwork;
    ast(&rt_gcBlackenEnabled, 0u);
    ast(&rt_gcphase, (uint32_t)GCmarktermination);
    TRACE_GC_MARKTERM();
    w->tMarkTerm = t0;
    w->heap1 = ald_relaxed(&rt_memstats_heap.heapLive);
    if (rt_debug.gccheckmark > 0) rt_gcCheckmark();
    rt_gcFinCollect();

    gcController *c = &rt_gcctl;
    int64_t now = rt_nanotime();
    uint64_t marked = ald(&w->bytesMarked) + ald(&c->allocBlack);
    w->heap2 = marked;
    endCycle(now, w->maxprocs);
    uint64_t goal = ald(&c->heapGoal);
    rt_lock(&pacelock);
    c->heapMarked = marked;
    c->lastHeapScan = (uint64_t)w->heapScanWork;
    c->lastStackScan = (uint64_t)w->stackScanWork;
    c->maxStackScan = (uint64_t)w->stackScanWork;
    c->globalsScan = rt_gcRootWords() * sizeof(uintptr_t);
    commit();
    rt_unlock(&pacelock);

    /* Sweep first, then GCoff: threads that are not goroutines still
     * allocate while the world is stopped, and an object they get before
     * the sweep generation turns must be allocated black, or its span
     * would be swept with this cycle's marks and the object freed. */
    rt_sweepStart();
    ast(&rt_gcphase, (uint32_t)GCoff);
    TRACE_GC_DONE();
    ast(&rt_writeBarrierEnabled, 0u);
    axadd(&rt_sched.slowsched, (uint32_t)-1);
    /* The pacer's view of the heap restarts from what survived (the
     * allocator adds every span it caches from now on). */
    ast(&rt_memstats_heap.heapLive, marked);

    now = rt_nanotime();
    w->tEnd = now;
    w->pauseNS += now - t0;
    /* CPU accounting (Go's gc_cpu_fraction excludes idle marking). */
    int64_t sweepTermCpu = (w->tMark - w->tSweepTerm) * w->maxprocs;
    int64_t markTermCpu = (w->tEnd - w->tMarkTerm) * w->maxprocs;
    int64_t markCpu = c->assistTime + c->dedicatedMarkTime + c->fractionalMarkTime;
    c->totalGCTime += sweepTermCpu + markCpu + markTermCpu;
    int64_t since = now - rt_sched.starttime;
    double cpufrac = since > 0 ? (double)c->totalGCTime /
                                     ((double)since * w->maxprocs)
                               : 0;
    pthread_mutex_lock(&statslock);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t wall = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    uint32_t i = gcstats.numgc % 256;
    gcstats.pauseNs[i] = (uint64_t)w->pauseNS;
    gcstats.pauseEnd[i] = wall;
    gcstats.pauseTotalNs += (uint64_t)w->pauseNS;
    gcstats.lastgc = wall;
    gcstats.lastHeapGoal = goal;
    ast(&gcstats.numgc, gcstats.numgc + 1);
    if (w->userForced) gcstats.numforcedgc++;
    pthread_mutex_unlock(&statslock);
    ast(&gcstats.lastgcmono, now);
    ast(&w->completed, w->cycles);

    /* Snapshot for gctrace: the next cycle may start once the world runs. */
    gcWorkState snap = *w;
    int64_t assist = c->assistTime;
    int64_t mark = c->dedicatedMarkTime + c->fractionalMarkTime;
    int64_t idle = c->idleMarkTime;
    uint64_t stacks = c->maxStackScan, globals = c->globalsScan;
    rt_startTheWorld();

    wakecyclewaiters();
    rt_gcWakeAllAssists();
    rt_gcFinWake();
    if (rt_debug.gctrace > 0)
        gctrace(&snap, goal, stacks, globals, cpufrac, assist, mark, idle);
}

void rt_gcMarkDone(void) {
    uint32_t z = 0;
    if (!acas(&markdoneactive, &z, 1u)) return;
    if (!ald(&rt_gcBlackenEnabled) || !rt_getg() || rt_getm()->locks ||
        ald(&rt_gcTestHoldMark)) {
        ast(&markdoneactive, 0u);
        return;
    }
    if (ald_relaxed(&rt_gcctl.memoryLimit) != INT64_MAX)
        ast_relaxed(&rt_gcctl.rss, readrss());
    int64_t t0 = rt_nanotime();
    gcstoptheworld("GC mark termination");
    gcWork *w = &rt_gcp[rt_getp()->id].gcw;
    /* Every grey object anywhere (other Ps' queues, deferred stacks, the
     * registered roots) goes into our queue or work.full ... */
    rt_gcMarkTermFlush(w);
    /* ... and we finish it here if it is small. */
    if (!rt_gcDrainSTW(w, MARKDONE_STW_BUDGET_NS)) {
        /* Released before the world runs: a drainer finishing right after
         * the restart must be able to come back here. */
        ast(&markdoneactive, 0u);
        rt_gcwork.pauseNS += rt_nanotime() - t0;
        rt_startTheWorld();
        return;
    }
    ast(&markdoneactive, 0u);
    gcMarkTermination(t0);
}

/* ---------------------------------------------------------------------- */
/* gctrace                                                                 */
/* ---------------------------------------------------------------------- */

/* Go's itoaDiv: val/10^dec with dec decimals, written at the end of buf. */
static char *itoadiv(char *buf, size_t n, uint64_t val, int dec) {
    char *p = buf + n - 1;
    *p = 0;
    char *idec = p - 1 - dec;
    --p;
    while (val >= 10 || p >= idec) {
        *p-- = (char)('0' + val % 10);
        if (p == idec) *p-- = '.';
        val /= 10;
    }
    *p = (char)('0' + val);
    return p;
}

/* Go's fmtNSAsMS. */
static char *fmtms(char *buf, size_t n, uint64_t ns) {
    if (ns >= 10000000) return itoadiv(buf, n, ns / 1000000, 0);
    uint64_t x = ns / 1000;
    if (x == 0) {
        buf[0] = '0';
        buf[1] = 0;
        return buf;
    }
    int dec = 3;
    while (x >= 100) {
        x /= 10;
        dec--;
    }
    return itoadiv(buf, n, x, dec);
}

static void gctrace(const gcWorkState *w, uint64_t goal, uint64_t stacks,
                    uint64_t globals, double cpufrac, int64_t assist,
                    int64_t mark, int64_t idle) {
    char line[512], b[8][32];
    int64_t clk[3] = {w->tMark - w->tSweepTerm, w->tMarkTerm - w->tMark,
                      w->tEnd - w->tMarkTerm};
    int64_t cpu[5] = {clk[0] * w->maxprocs, assist, mark, idle,
                      clk[2] * w->maxprocs};
    char at[32];
    uint64_t since = (uint64_t)(w->tSweepTerm - rt_sched.starttime) / 1000000;
    snprintf(line, sizeof line,
             "gc %u @%ss %d%%: %s+%s+%s ms clock, %s+%s/%s/%s+%s ms cpu, "
             "%llu->%llu->%llu MB, %llu MB goal, %llu MB stacks, %llu MB "
             "globals, %d P%s\n",
             w->completed, itoadiv(at, sizeof at, since, 3),
             (int)(cpufrac * 100), fmtms(b[0], 32, (uint64_t)clk[0]),
             fmtms(b[1], 32, (uint64_t)clk[1]), fmtms(b[2], 32, (uint64_t)clk[2]),
             fmtms(b[3], 32, (uint64_t)cpu[0]), fmtms(b[4], 32, (uint64_t)cpu[1]),
             fmtms(b[5], 32, (uint64_t)cpu[2]), fmtms(b[6], 32, (uint64_t)cpu[3]),
             fmtms(b[7], 32, (uint64_t)cpu[4]),
             (unsigned long long)(w->heap0 >> 20),
             (unsigned long long)(w->heap1 >> 20),
             (unsigned long long)(w->heap2 >> 20),
             (unsigned long long)(goal == UINT64_MAX ? 0 : goal >> 20),
             (unsigned long long)(stacks >> 20),
             (unsigned long long)(globals >> 20), w->maxprocs,
             w->userForced ? " (forced)" : "");
    rt_write(line, strlen(line));
}

/* ---------------------------------------------------------------------- */
/* The allocation hook, forced GCs and the public API                      */
/* ---------------------------------------------------------------------- */

static struct {
    rt_mutex lock;
    G *g;       /* the forcegc goroutine, once created */
    bool idle;  /* parked and waiting for a wake-up (lock) */
    int kind;
    uint32_t created; /* atomic */
} forcegc;

static void forcegchelper(void *arg) {
    (void)arg;
    for (;;) {
        rt_lock(&forcegc.lock);
        forcegc.idle = true;
        rt_goparkunlock(&forcegc.lock, "force gc (idle)");
        gcStart(forcegc.kind, 0);
    }
}

static void ensureforcegc(void) {
    uint32_t z = 0;
    if (ald_relaxed(&forcegc.created) || !acas(&forcegc.created, &z, 1u)) return;
    G *gp = rt_newproc(forcegchelper, NULL, true);
    rt_lock(&forcegc.lock); /* wakeforcegc (sysmon) reads it under the lock */
    forcegc.g = gp;
    rt_unlock(&forcegc.lock);
}

/* Wakes forcegc to run gcStart(kind).  Any thread, no P needed. */
static void wakeforcegc(int kind) {
    rt_lock(&forcegc.lock);
    if (!forcegc.g || !forcegc.idle) {
        rt_unlock(&forcegc.lock);
        return;
    }
    forcegc.idle = false;
    forcegc.kind = kind;
    rt_unlock(&forcegc.lock);
    rt_goready(forcegc.g);
}

static void gcsysmon(int64_t now) {
    if (ald_relaxed(&rt_gcphase) != GCoff) return;
    if (ald_relaxed(&rt_gcctl.gcPercent) >= 0 &&
        now - ald(&gcstats.lastgcmono) > ald_relaxed(&rt_gcForcePeriod))
        wakeforcegc(TRIGGER_TIME);
    else if (ald_relaxed(&rt_memstats_heap.heapLive) >= ald_relaxed(&rt_gcctl.trigger))
        wakeforcegc(TRIGGER_HEAP); /* foreign threads' allocations */
}

static uint64_t stresscount;

void rt_gcAllocHook(uintptr_t size) {
    M *mp = rt_getm();
    G *gp = mp ? mp->curg : NULL;
    bool canblock = gp && !mp->locks && mp->p;
    if (unlikely(ald_relaxed(&rt_gcBlackenEnabled)) && size) {
        axadd(&rt_gcctl.allocBlack, (uint64_t)size);
        if (canblock && !gp->sys) {
            uint32_t cyc = ald_relaxed(&rt_gcwork.cycles);
            if (gp->gcAssistGen != cyc) {
                gp->gcAssistGen = cyc;
                gp->gcAssistBytes = 0;
            }
            gp->gcAssistBytes -= (int64_t)size;
            revise();
            if (gp->gcAssistBytes < 0) rt_gcAssistAlloc(gp);
        }
    }
    if (!canblock) return;
    ensureforcegc();
    if (unlikely(rt_debug.gcstress > 0)) {
        if (axadd(&stresscount, 1) % (uint64_t)rt_debug.gcstress == 0) gort_gc();
        return;
    }
    if (ald_relaxed(&rt_memstats_heap.heapLive) >= ald_relaxed(&rt_gcctl.trigger) &&
        ald_relaxed(&rt_gcphase) == GCoff)
        gcStart(TRIGGER_HEAP, 0);
    /* While the collector stops the world, a span's worth of allocation is
     * a safe point: loops that only allocate must still let it through.
     * (Not for other stops: code may rely on gort_alloc not yielding.) */
    if (unlikely(ald_relaxed(&gcstwpending)) && gort_preempt_pending())
        gort_safepoint();
}

static void gcwrap(void *arg) {
    (void)arg;
    gort_gc();
}

void gort_gc(void) {
    if (!rt_getg()) {
        gort_call(gcwrap, NULL);
        return;
    }
    ensureforcegc();
    uint32_t n = ald(&rt_gcwork.cycles);
    waitcycle(n);
    gcStart(TRIGGER_CYCLE, n + 1);
    waitcycle(n + 1);
    rt_sweepFinish();
}

int gort_set_gc_percent(int percent) {
    if (percent < 0) percent = -1;
    rt_lock(&pacelock);
    int old = rt_gcctl.gcPercent;
    ast(&rt_gcctl.gcPercent, (int32_t)percent);
    rt_gcctl.heapMinimum = percent < 0 ? 0 : HEAP_MINIMUM * (uint64_t)percent / 100;
    commit();
    rt_unlock(&pacelock);
    /* Disabling: return with no cycle running, as Go does. */
    if (percent < 0 && rt_getg()) waitcycle(ald(&rt_gcwork.cycles));
    return old;
}

int64_t gort_set_memory_limit(int64_t limit) {
    rt_lock(&pacelock);
    int64_t old = rt_gcctl.memoryLimit;
    if (limit >= 0) {
        ast_relaxed(&rt_gcctl.memoryLimit, limit);
        ast_relaxed(&rt_gcctl.rss, readrss());
        commit();
    }
    rt_unlock(&pacelock);
    return old;
}

static void readstats(void *arg) {
    gort_memstats *ms = arg;
    gcstoptheworld("read mem stats");
    /* Objects are counted when their span leaves a cache: flush them all
     * (world stopped) so HeapAlloc and Mallocs are exact. */
    for (int i = 0; i < rt_sched.gomaxprocs; i++) rt_mcache_flush(rt_allp[i]);
    rt_lock(&rt_foreignlock);
    if (rt_foreigncache) rt_mcache_releaseAll(rt_foreigncache);
    rt_unlock(&rt_foreignlock);
    rt_heapstats *h = &rt_memstats_heap;
    memset(ms, 0, sizeof *ms);
    ms->HeapAlloc = ald(&h->heapAlloc);
    ms->Alloc = ms->HeapAlloc;
    ms->TotalAlloc = ald(&h->totalAlloc);
    ms->Mallocs = ald(&h->mallocs);
    ms->Frees = ald(&h->frees);
    ms->HeapSys = ald(&h->heapSys);
    ms->HeapIdle = ald(&h->heapIdle);
    ms->HeapInuse = ald(&h->heapInuse);
    ms->HeapReleased = ald(&h->heapReleased);
    ms->HeapObjects = ms->Mallocs - ms->Frees;
    size_t n = ald(&rt_allglen);
    G **all = ald(&rt_allgs);
    for (size_t i = 0; i < n; i++) {
        G *gp = all[i];
        if (!gp->stack_map) continue;
        ms->StackSys += gp->stack_map_size;
        if (ald(&gp->status) != Gdead) ms->StackInuse += gp->stack_map_size;
    }
    ms->GCSys = ald(&rt_gcwork.gcsys);
    ms->Sys = ms->HeapSys + ms->StackSys + ms->GCSys;
    uint64_t goal = ald(&rt_gcctl.heapGoal);
    ms->NextGC = goal == UINT64_MAX ? 0 : goal;
    pthread_mutex_lock(&statslock);
    ms->LastGC = gcstats.lastgc;
    ms->PauseTotalNs = gcstats.pauseTotalNs;
    memcpy(ms->PauseNs, gcstats.pauseNs, sizeof ms->PauseNs);
    memcpy(ms->PauseEnd, gcstats.pauseEnd, sizeof ms->PauseEnd);
    ms->NumGC = gcstats.numgc;
    ms->NumForcedGC = gcstats.numforcedgc;
    pthread_mutex_unlock(&statslock);
    int64_t since = rt_nanotime() - rt_sched.starttime;
    ms->GCCPUFraction = since > 0 ? (double)rt_gcctl.totalGCTime /
                                        ((double)since * rt_sched.gomaxprocs)
                                  : 0;
    ms->EnableGC = true;
    ms->DebugGC = false;
    rt_startTheWorld();
}

void gort_read_memstats(gort_memstats *ms) {
    if (!ms) rt_panicplain("gort_read_memstats: nil pointer");
    if (!rt_getg()) {
        gort_call(readstats, ms);
        return;
    }
    readstats(ms);
}

/* ---------------------------------------------------------------------- */
/* Initialisation                                                          */
/* ---------------------------------------------------------------------- */


static int32_t readgogc(void) {
    const char *p = getenv("GOGC");
    if (!p) return 100;
    if (!strcmp(p, "off")) return -1;
    char *end;
    long v = strtol(p, &end, 10);
    if (*p == 0 || *end != 0 || v < INT32_MIN || v > INT32_MAX) return 100;
    return (int32_t)v;
}

static int64_t readmemlimit(void) {
    const char *p = getenv("GOMEMLIMIT");
    if (!p || !*p || !strcmp(p, "off")) return INT64_MAX;
    if (!strcmp(p, "0")) return 0;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", p);
    size_t n = strlen(buf);
    int64_t mul = 1;
    if (n > 3 && !strcmp(buf + n - 3, "TiB")) {
        buf[n - 3] = 0;
        mul = (int64_t)1 << 40;
    }
    int64_t v = rt_parse_size(buf);
    if (v < 0 || v > INT64_MAX / mul) {
        rt_printf("GOMEMLIMIT=%s\n", p);
        rt_throw("malformed GOMEMLIMIT; see `go doc runtime/debug.SetMemoryLimit`");
    }
    return v * mul;
}

void rt_gcinit(void) {
    rt_gcctl.gcPercent = readgogc();
    rt_gcctl.memoryLimit = readmemlimit();
    rt_gcctl.heapMinimum =
        rt_gcctl.gcPercent < 0 ? 0 : HEAP_MINIMUM * (uint64_t)rt_gcctl.gcPercent / 100;
    if (rt_gcctl.memoryLimit != INT64_MAX) rt_gcctl.rss = readrss();
    commit();
    gcstats.lastgcmono = rt_nanotime();
    rt_sysmon_hook(gcsysmon);
}
