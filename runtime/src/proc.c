/*
 * proc.c — the G/M/P scheduler.
 *
 * Three kinds of object (runtime.h has the fields):
 *   G  a goroutine: a stack, a saved context, a status.
 *   M  an OS thread.  Its own pthread stack is its g0: the scheduler runs
 *      there, never on a goroutine stack.
 *   P  a processor: the right to run Go code.  GOMAXPROCS of them.  Each has
 *      a lock-free 256-slot run queue plus a runnext slot, a cache of dead Gs
 *      (with stacks), a sudog cache, a timer heap and an mcache.
 * An M needs a P to run a G.  Ms without work park on a futex (their note);
 * at most one parks in epoll_wait instead, with the nearest timer as timeout.
 *
 * Switching.  A goroutine leaves through mcall.  If its P already holds a
 * runnable G (runnext or the local ring), mcall switches straight to it and
 * that G first does the bookkeeping for the one that left (park with its
 * unlockf, requeue, free: afterswitch).  Otherwise it switches to its M's
 * g0, whose loop does the bookkeeping and then picks the next G
 * (findrunnable) and switches to it (execute).  Either way the parking G is
 * off its stack before its unlockf runs, so the lock that protects a wait
 * queue is released only when nobody can still be running on that stack,
 * exactly as Go's park_m guarantees.  docs/design/scheduler-decisions.md
 * explains the direct hand-off and when it is skipped.
 *
 * findrunnable order: every 61st tick the global queue first (fairness);
 * runnext; the local queue; the global queue; a non-blocking netpoll; then,
 * if fewer than half the busy Ps already have a spinning M, steal half of a
 * random victim's queue (running its expired timers on the way).  Finding
 * nothing, the M gives up its P, re-checks every queue once (the "spinning"
 * hand-off protocol that prevents lost wake-ups), then parks.
 *
 * Invariants:
 *   - A G is on at most one run queue, and only when Grunnable.
 *   - An M holding a P is either running a G, or spinning, or about to.
 *   - If there is an idle P and runnable work, some M is spinning or will be
 *     woken (wakep is called after every runqput that might need it).
 *   - nmspinning counts Ms with mp->spinning set.
 *
 * Lock order: sched.lock > pp->timerslock > gflock.  A goroutine never parks
 * while holding an rt_mutex except via rt_gopark's unlockf.
 *
 * Rejected alternatives: one global run queue (a contended lock on every
 * spawn and wake-up); direct G-to-G switches that run the old G's
 * bookkeeping *before* the switch (the parked G would still be on its stack
 * when another M can ready it); OS thread per goroutine (the thing this
 * runtime exists to avoid).
 */
#include "runtime.h"
#include "trace.h"

#include <dlfcn.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

Sched rt_sched;
P *rt_allp[GORT_MAXPROCS];
int rt_ncpu;
rt_mutex rt_allglock;
G **rt_allgs;
size_t rt_allglen;
static size_t allgcap;

__thread M *rt_tlsm RT_TLS_IE;
__thread gort_mtls gort_mtls_cur;

static rt_mutex initlock;
static bool mainstarted;

/* STW ownership: one goroutine at a time; others park here. */
static G *stwowner;
static G *stwwaithead, *stwwaittail;
static int newprocs;   /* pending GOMAXPROCS for startTheWorld, 0: none */

static void schedule_loop(M *mp);
static void acquirep(M *mp, P *pp);
static P *releasep(M *mp);
static void stopm(M *mp);
static void startm(P *pp, bool spinning);
static void handoffp(P *pp);
static void checkdead(void);
static void injectglist(G *list);

/* ---------------------------------------------------------------------- */
/* Current M and G                                                         */
/* ---------------------------------------------------------------------- */

RT_NOINLINE M *rt_getm(void) {
    M *mp = rt_tlsm;
    __asm__ volatile("" : "+r"(mp)::"memory");
    return mp;
}

G *rt_getg(void) {
    M *mp = rt_getm();
    return mp ? mp->curg : NULL;
}

void rt_dropm(void) { rt_tlsm = NULL; }

static const char forkmsg[] =
    "gort: runtime used in the child of a fork; fork, then exec";

G *rt_mustg(const char *what) {
    G *gp = rt_getg();
    if (unlikely(!gp)) {
        if (rt_forkchild) rt_throw(forkmsg);
        if (!rt_sched.started)
            rt_throwf("%s called before the runtime started (call it inside "
                      "gort_main or gort_call)",
                      what);
        rt_throwf("%s called from a thread that is not running a goroutine "
                  "(use gort_call)",
                  what);
    }
    return gp;
}

P *rt_getp(void) {
    M *mp = rt_getm();
    return mp ? mp->p : NULL;
}

uint32_t rt_fastrand(void) {
    M *mp = rt_getm();
    uint64_t *s, local;
    if (mp) {
        s = &mp->fastrand;
    } else {
        local = (uint64_t)rt_nanotime() ^ (uint64_t)(uintptr_t)&local;
        s = &local;
    }
    /* wyrand */
    *s += 0xa0761d6478bd642full;
    __uint128_t t = (__uint128_t)*s * (*s ^ 0xe7037ed1a0b428dbull);
    return (uint32_t)((uint64_t)(t >> 64) ^ (uint64_t)t);
}

uint32_t rt_fastrandn(uint32_t n) {
    return (uint32_t)(((uint64_t)rt_fastrand() * n) >> 32);
}

/* ---------------------------------------------------------------------- */
/* G status                                                                */
/* ---------------------------------------------------------------------- */

static inline uint32_t readgstatus(G *gp) { return ald(&gp->status); }

/* Moves gp from old to new without a trace event (the caller emits it).
 * Waits while a scanner holds the Gscan bit (only ever briefly: one stack
 * scan). */
static inline __attribute__((always_inline)) void casgstatus_quiet(
    G *gp, uint32_t old, uint32_t new) {
    for (int spins = 0;; spins++) {
        uint32_t o = old;
        if (likely(acas(&gp->status, &o, new))) return;
        if (o != (old | Gscan))
            rt_throwf("casgstatus: goroutine %lld bad status %#x, want %u -> "
                      "%u",
                      (long long)gp->goid, o, old, new);
        if (spins < 64) rt_cpu_relax();
        else sched_yield();
    }
}

/* casgstatus_quiet plus the trace event of the transitions that are
 * events: create (dead -> runnable), unblock (waiting -> runnable) and
 * syscall exit.  old and new are constants at every call, so the other
 * transitions compile to no site at all.  Always inlined: the trace
 * hook's call would otherwise tip the inliner. */
static inline __attribute__((always_inline)) void casgstatus(G *gp,
                                                             uint32_t old,
                                                             uint32_t new) {
    if ((old == Gdead && new == Grunnable) ||
        (old == Gwaiting && new == Grunnable) ||
        (old == Gsyscall && new == Grunning))
        RT_TRACE(rt_trace_gstatus(gp, old, new));
    casgstatus_quiet(gp, old, new);
}

/* Leaves Grunning.  Only the G's own M changes a running G's status and no
 * scanner sets Gscan on a running G, so a release store suffices (one
 * fewer locked instruction on every switch). */
static inline void setgstatus_from_running(G *gp, uint32_t new) {
#if GORT_DEBUG
    if (ald(&gp->status) != Grunning)
        rt_throwf("setgstatus: goroutine %lld not running (%#x)",
                  (long long)gp->goid, ald(&gp->status));
#endif
    ast(&gp->status, new);
}

bool rt_castogscanstatus(G *gp, uint32_t old) {
    uint32_t o = old;
    return acas(&gp->status, &o, old | Gscan);
}

void rt_casfromgscanstatus(G *gp, uint32_t old) {
    uint32_t o = old | Gscan;
    if (!acas(&gp->status, &o, old))
        rt_throwf("casfromgscanstatus: goroutine %lld bad status %#x",
                  (long long)gp->goid, o);
}

/* ---------------------------------------------------------------------- */
/* Run queues                                                              */
/* ---------------------------------------------------------------------- */

static inline G *slot_ld(P *pp, uint32_t i) {
    return ald_relaxed(&pp->runq[i % RUNQ_SIZE]);
}
static inline void slot_st(P *pp, uint32_t i, G *gp) {
    ast_relaxed(&pp->runq[i % RUNQ_SIZE], gp);
}

bool rt_runqempty(P *pp) {
    /* runnext and the ring can change under us; re-read until stable. */
    for (;;) {
        uint32_t h = ald(&pp->runqhead);
        uint32_t t = ald(&pp->runqtail);
        G *next = ald(&pp->runnext);
        if (t == ald(&pp->runqtail)) return h == t && next == NULL;
    }
}

/* Moves half the local queue plus gp to the global queue (queue full). */
static bool runqputslow(P *pp, G *gp, uint32_t h, uint32_t t) {
    G *batch[RUNQ_SIZE / 2 + 1];
    uint32_t n = (t - h) / 2;
    if (n != RUNQ_SIZE / 2) rt_throw("runqputslow: queue is not full");
    for (uint32_t i = 0; i < n; i++) batch[i] = slot_ld(pp, h + i);
    if (!acas(&pp->runqhead, &h, h + n)) return false;
    batch[n] = gp;
    for (uint32_t i = 0; i < n; i++) batch[i]->schedlink = batch[i + 1];
    batch[n]->schedlink = NULL;
    rt_lock(&rt_sched.lock);
    if (rt_sched.runqtail)
        rt_sched.runqtail->schedlink = batch[0];
    else
        rt_sched.runqhead = batch[0];
    rt_sched.runqtail = batch[n];
    ast_relaxed(&rt_sched.runqsize, rt_sched.runqsize + (int)n + 1);
    rt_unlock(&rt_sched.lock);
    return true;
}

void rt_runqput(P *pp, G *gp, bool next) {
    if (next) {
        /* Only the owner fills runnext; stealers only empty it.  So an
         * empty slot can be filled with a plain release store (no locked
         * instruction on the ping-pong path), a full one needs the swap. */
        G *old = ald(&pp->runnext);
        if (!old) {
            ast(&pp->runnext, gp);
            return;
        }
        old = axchg(&pp->runnext, gp);
        if (!old) return;
        gp = old; /* kick the old runnext to the tail */
    }
    for (;;) {
        uint32_t h = ald(&pp->runqhead);
        uint32_t t = pp->runqtail;
        if (t - h < RUNQ_SIZE) {
            slot_st(pp, t, gp);
            ast(&pp->runqtail, t + 1);
            return;
        }
        if (runqputslow(pp, gp, h, t)) return;
    }
}

G *rt_runqget(P *pp, bool *inheritTime) {
    G *next = ald(&pp->runnext);
    if (next && acas(&pp->runnext, &next, NULL)) {
        *inheritTime = true;
        return next;
    }
    *inheritTime = false;
    for (;;) {
        uint32_t h = ald(&pp->runqhead);
        uint32_t t = pp->runqtail;
        if (t == h) return NULL;
        G *gp = slot_ld(pp, h);
        if (acas(&pp->runqhead, &h, h + 1)) return gp;
    }
}

/* Grabs half of pp's queue into batch[bh...]; returns how many. */
static uint32_t runqgrab(P *pp, G **batch, uint32_t bh, bool stealnext) {
    for (;;) {
        uint32_t h = ald(&pp->runqhead);
        uint32_t t = ald(&pp->runqtail);
        uint32_t n = t - h;
        n = n - n / 2;
        if (n == 0) {
            if (stealnext) {
                G *next = ald(&pp->runnext);
                if (next) {
                    /* The owner is probably about to run it: give it a
                     * moment, so ping-pong pairs are not split. */
                    if (ald(&pp->status) == Prunning) usleep(3);
                    if (!acas(&pp->runnext, &next, NULL)) continue;
                    batch[bh % RUNQ_SIZE] = next;
                    return 1;
                }
            }
            return 0;
        }
        if (n > RUNQ_SIZE / 2) continue; /* read an inconsistent h and t */
        for (uint32_t i = 0; i < n; i++)
            batch[(bh + i) % RUNQ_SIZE] = slot_ld(pp, h + i);
        if (acas(&pp->runqhead, &h, h + n)) return n;
    }
}

uint32_t rt_runqsteal(P *pp, P *victim, bool stealnext, G **first) {
    G *batch[RUNQ_SIZE];
    uint32_t t = pp->runqtail;
    uint32_t n = runqgrab(victim, batch, 0, stealnext);
    *first = NULL;
    if (n == 0) return 0;
    *first = batch[n - 1];
    for (uint32_t i = 0; i + 1 < n; i++) slot_st(pp, t + i, batch[i]);
    if (n > 1) ast(&pp->runqtail, t + n - 1);
    return n;
}

void rt_globrunqput(G *gp) {
    gp->schedlink = NULL;
    if (rt_sched.runqtail)
        rt_sched.runqtail->schedlink = gp;
    else
        rt_sched.runqhead = gp;
    rt_sched.runqtail = gp;
    ast_relaxed(&rt_sched.runqsize, rt_sched.runqsize + 1);
}

static void globrunqputhead(G *gp) {
    gp->schedlink = rt_sched.runqhead;
    rt_sched.runqhead = gp;
    if (!rt_sched.runqtail) rt_sched.runqtail = gp;
    ast_relaxed(&rt_sched.runqsize, rt_sched.runqsize + 1);
}

static G *globpop(void) {
    G *gp = rt_sched.runqhead;
    if (!gp) return NULL;
    rt_sched.runqhead = gp->schedlink;
    if (!rt_sched.runqhead) rt_sched.runqtail = NULL;
    ast_relaxed(&rt_sched.runqsize, rt_sched.runqsize - 1);
    return gp;
}

G *rt_globrunqget(P *pp, int max) {
    int n = rt_sched.runqsize;
    if (n == 0) return NULL;
    int per = n / ald_relaxed(&rt_sched.gomaxprocs) + 1;
    if (n > per) n = per;
    if (max > 0 && n > max) n = max;
    if (n > RUNQ_SIZE / 2) n = RUNQ_SIZE / 2;
    G *gp = globpop();
    for (n--; n > 0; n--) rt_runqput(pp, globpop(), false);
    return gp;
}

/* ---------------------------------------------------------------------- */
/* Idle P and M lists (sched.lock held)                                    */
/* ---------------------------------------------------------------------- */

static void pidleput(P *pp) {
    if (!rt_runqempty(pp)) rt_throw("pidleput: P has non-empty run queue");
    ast(&pp->status, Pidle);
    ast(&pp->m, (M *)NULL);
    pp->link = rt_sched.pidle;
    rt_sched.pidle = pp;
    axadd(&rt_sched.npidle, 1);
}

static P *pidleget(void) {
    P *pp = rt_sched.pidle;
    if (pp) {
        rt_sched.pidle = pp->link;
        axadd(&rt_sched.npidle, -1);
    }
    return pp;
}

static void mput(M *mp) {
    mp->schedlink = rt_sched.midle;
    rt_sched.midle = mp;
    rt_sched.nmidle++;
    checkdead();
}

static M *mget(void) {
    M *mp = rt_sched.midle;
    if (mp) {
        rt_sched.midle = mp->schedlink;
        rt_sched.nmidle--;
    }
    return mp;
}

/* ---------------------------------------------------------------------- */
/* Sudog cache                                                             */
/* ---------------------------------------------------------------------- */

static rt_mutex sudoglock;
static Sudog *sudogfree;

Sudog *rt_acquireSudog(void) {
    P *pp = rt_getp();
    if (pp && pp->nsudog == 0) {
        rt_lock(&sudoglock);
        while (pp->nsudog < SUDOG_CACHE / 2 && sudogfree) {
            Sudog *s = sudogfree;
            sudogfree = s->next;
            pp->sudogcache[pp->nsudog++] = s;
        }
        rt_unlock(&sudoglock);
        while (pp->nsudog < SUDOG_CACHE / 2) {
            Sudog *s = malloc(sizeof *s);
            if (!s) rt_throw("runtime: out of memory allocating sudog");
            pp->sudogcache[pp->nsudog++] = s;
        }
    }
    Sudog *s;
    if (pp) {
        s = pp->sudogcache[--pp->nsudog];
    } else {
        s = malloc(sizeof *s);
        if (!s) rt_throw("runtime: out of memory allocating sudog");
    }
    memset(s, 0, sizeof *s);
    return s;
}

void rt_releaseSudog(Sudog *s) {
    if (s->elem || s->next || s->prev || s->waitlink || s->c)
        rt_throw("runtime: sudog with non-nil fields released");
    P *pp = rt_getp();
    if (!pp) {
        free(s);
        return;
    }
    if (pp->nsudog == SUDOG_CACHE) {
        /* Move half to the global pool. */
        rt_lock(&sudoglock);
        while (pp->nsudog > SUDOG_CACHE / 2) {
            Sudog *x = pp->sudogcache[--pp->nsudog];
            x->next = sudogfree;
            sudogfree = x;
        }
        rt_unlock(&sudoglock);
    }
    pp->sudogcache[pp->nsudog++] = s;
}

/* ---------------------------------------------------------------------- */
/* G allocation and free lists                                             */
/* ---------------------------------------------------------------------- */

static void allgadd(G *gp) {
    rt_lock(&rt_allglock);
    if (rt_allglen == allgcap) {
        size_t nc = allgcap ? allgcap * 2 : 1024;
        G **n = malloc(nc * sizeof *n);
        if (!n) rt_throw("runtime: out of memory growing allgs");
        if (rt_allglen) memcpy(n, rt_allgs, rt_allglen * sizeof *n);
        /* The old array is kept on purpose: dumps and the GC may read it
         * without the lock (they see a prefix, which is fine).  Listed so
         * that LeakSanitizer sees it is still referenced. */
        static G **oldallgs[64] __attribute__((used));
        static int noldallgs;
        if (rt_allgs && noldallgs < 64) oldallgs[noldallgs++] = rt_allgs;
        ast(&rt_allgs, n);
        allgcap = nc;
    }
    rt_allgs[rt_allglen] = gp;
    ast(&rt_allglen, rt_allglen + 1);
    rt_unlock(&rt_allglock);
}

/* A new G struct, without a stack (it gets one when it first runs). */
static G *malg(void) {
    G *gp = calloc(1, sizeof *gp);
    if (!gp) rt_throw("runtime: out of memory allocating goroutine");
    gp->status = Gdead;
    rt_ctx_sanitizer_new(&gp->ctx);
    allgadd(gp);
    return gp;
}

/*
 * Dead Gs are recycled through a per-P list (owner only) and a global list
 * (gflock).  They hold no stack: a goroutine takes a stack when it first
 * runs and gives it back when it exits (stack.c), so a burst of spawns
 * costs G structs, not stacks, and the few stacks in use stay hot.
 */
static void gfput(P *pp, G *gp) {
    gp->schedlink = pp->gfree;
    pp->gfree = gp;
    pp->ngfree++;
    if (pp->ngfree < GFREE_LOCAL_MAX) return;
    rt_lock(&rt_sched.gflock);
    while (pp->ngfree > GFREE_LOCAL_MAX / 2) {
        G *x = pp->gfree;
        pp->gfree = x->schedlink;
        pp->ngfree--;
        x->schedlink = rt_sched.gfree;
        rt_sched.gfree = x;
        ast_relaxed(&rt_sched.ngfree, rt_sched.ngfree + 1); /* gfget peeks */
    }
    rt_unlock(&rt_sched.gflock);
}

static G *gfget(P *pp) {
    if (pp && !pp->gfree && ald_relaxed(&rt_sched.ngfree)) {
        rt_lock(&rt_sched.gflock);
        while (pp->ngfree < GFREE_LOCAL_MAX / 2 && rt_sched.gfree) {
            G *x = rt_sched.gfree;
            rt_sched.gfree = x->schedlink;
            ast_relaxed(&rt_sched.ngfree, rt_sched.ngfree - 1);
            x->schedlink = pp->gfree;
            pp->gfree = x;
            pp->ngfree++;
        }
        rt_unlock(&rt_sched.gflock);
    }
    G *gp = NULL;
    if (pp && pp->gfree) {
        gp = pp->gfree;
        pp->gfree = gp->schedlink;
        pp->ngfree--;
    } else if (!pp) {
        rt_lock(&rt_sched.gflock);
        if (rt_sched.gfree) {
            gp = rt_sched.gfree;
            rt_sched.gfree = gp->schedlink;
            ast_relaxed(&rt_sched.ngfree, rt_sched.ngfree - 1);
        }
        rt_unlock(&rt_sched.gflock);
    }
    return gp;
}

static int64_t newgoid(P *pp) {
    if (!pp) return axadd(&rt_sched.goidgen, 1);
    if (pp->goidcache == pp->goidcacheend) {
        enum { BATCH = 16 };
        pp->goidcache = axadd(&rt_sched.goidgen, BATCH) - BATCH + 1;
        pp->goidcacheend = pp->goidcache + BATCH;
    }
    return pp->goidcache++;
}

static void goentry(void);

/* Makes a runnable G for fn(arg).  pp may be NULL (foreign thread). */
static G *newg(P *pp, gort_func fn, void *arg, bool sys, int64_t goid) {
    G *gp = gfget(pp);
    if (!gp) gp = malg();
    G *parent = rt_getg();
    gp->fn = fn;
    gp->arg = arg;
    rt_gcShadeArg(arg); /* not on a scanned stack until the G runs */
    gp->sys = sys;
    gp->goid = goid ? goid : newgoid(pp);
    gp->parentgoid = parent ? parent->goid : 0;
    gp->waitreason = NULL;
    ast_relaxed(&gp->preempt, 0u); /* sysmon may still flag a dead G */
    gp->stacksize = rt_sched.stacksize;
    gp->param = NULL;
    gp->frames = NULL;
    gp->panic = NULL;
    gp->hooks = NULL;
    gp->hooks_ctx = NULL;
    gp->donenote = NULL;
    gp->ismain = false;
    gp->saved_errno = 0;
    if (!sys) axadd(&rt_sched.ngoroutine, 1);
    casgstatus(gp, Gdead, Grunnable);
    return gp;
}

G *rt_newproc(gort_func fn, void *arg, bool sys) {
    return rt_newproc_stack(fn, arg, sys, 0);
}

G *rt_newproc_stack(gort_func fn, void *arg, bool sys, size_t stacksize) {
    M *mp = rt_getm();
    P *pp = mp->p;
    mp->locks++;
    G *gp = newg(pp, fn, arg, sys, 0);
    if (stacksize) gp->stacksize = stacksize;
    rt_runqput(pp, gp, true);
    mp->locks--;
    if (ald_relaxed(&mainstarted)) rt_wakep();
    return gp;
}

void gort_go(gort_func fn, void *arg) {
    G *gp = rt_mustg("gort_go");
    (void)gp;
    if (unlikely(!fn)) rt_throw("go of nil func value"); /* Go's newproc */
    G *ng = rt_newproc(fn, arg, false);
    ng->gopc = __builtin_return_address(0);
}

/* The stack size gort_go_stack gives: whole pages, at least
 * GORT_STACK_MIN, at most 1 GiB. */
size_t rt_roundstack(size_t size) {
    if (size < GORT_STACK_MIN) size = GORT_STACK_MIN;
    if (size > ((size_t)1 << 30)) size = (size_t)1 << 30;
    size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    return (size + pg - 1) & ~(pg - 1);
}

void gort_go_stack(gort_func fn, void *arg, size_t stacksize) {
    rt_mustg("gort_go_stack");
    if (unlikely(!fn)) rt_throw("go of nil func value");
    size_t sz = stacksize ? rt_roundstack(stacksize) : 0;
    G *ng = rt_newproc_stack(fn, arg, false, sz);
    ng->gopc = __builtin_return_address(0);
}

/* ---------------------------------------------------------------------- */
/* mcall: switching to g0                                                  */
/* ---------------------------------------------------------------------- */

/* Makes gp the running G of mp (on whatever stack we are on now). */
static inline void becomecurg(M *mp, P *pp, G *gp, bool inheritTime) {
    if (!gp->stack_map) {
        /* First run: take a (usually hot) stack from the P's cache.  We
         * hold the G's scan bit meanwhile, so a concurrent stack scan sees
         * either no stack (then the argument is the only root) or a stack
         * with its initial context, never one without the other. */
        while (!rt_castogscanstatus(gp, Grunnable)) rt_cpu_relax();
        rt_stackget(pp, gp);
        rt_ctx_init(&gp->ctx, (void *)gp->stack_lo, gp->stack_hi - gp->stack_lo,
                    goentry);
        rt_casfromgscanstatus(gp, Grunnable);
    }
    ast(&mp->curg, gp);
    gp->m = mp;
    casgstatus_quiet(gp, Grunnable, Grunning); /* callers emit GoStart */
    gp->waitreason = NULL;
    uint32_t stw = ald(&rt_sched.gcwaiting) ? 1u : 0u;
    ast_relaxed(&gp->preempt, stw);
    ast_relaxed(&mp->tls->preempt, stw);
    if (!inheritTime) ast_relaxed(&pp->schedtick, pp->schedtick + 1);
}

/* Runs gp on mp (g0 context).  Returns when gp mcalls back. */
static void execute(M *mp, G *gp, bool inheritTime) {
    becomecurg(mp, mp->p, gp, inheritTime);
    RT_TRACE(rt_trace_gostart(mp, gp));
    rt_switch(&mp->g0->ctx, &gp->ctx, false);
}

/*
 * Could pp's earliest timer (when) have expired?  Reading the clock costs
 * ~25 ns here (kvm-clock), more than the rest of a hand-off, so on x86-64
 * the TSC bounds the elapsed time first: with an invariant TSC of at least
 * 1 GHz, ticks elapsed >= nanoseconds elapsed, so fewer ticks than
 * (when - last clock reading) since that reading proves the timer has not
 * expired.  tscok is cleared if the TSC is ever seen to run slower than
 * that; pp->clocktsc is taken before pp->clocknow, so the bound is safe.
 */
#if defined(__x86_64__)
static bool tscok;
static uint64_t tsc0;
static int64_t tscns0;
#endif

static void tscinit(void) {
#if defined(__x86_64__)
    tsc0 = __builtin_ia32_rdtsc();
    tscns0 = rt_nanotime();
    tscok = true;
#endif
}

/* Returns 0 if pp's timers cannot be due yet, else the current time. */
static inline int64_t timersmaybedue(P *pp, int64_t when) {
#if defined(__x86_64__)
    if (likely(tscok)) {
        uint64_t t = __builtin_ia32_rdtsc();
        if (t - pp->clocktsc < (uint64_t)(when - pp->clocknow)) return 0;
        int64_t now = rt_nanotime();
        pp->clocktsc = t;
        pp->clocknow = now;
        /* Keep checking the bound itself. */
        if (t - tsc0 < (uint64_t)(now - tscns0)) tscok = false;
        return now;
    }
#else
    (void)when;
#endif
    return pp->clocknow = rt_nanotime();
}

/*
 * The next G for a direct hand-off, or NULL when the full scheduler must
 * decide (no local work, a stop-the-world, the fairness tick, a subsystem
 * asking for the slow path).  Runs on the yielding G's stack: it must not
 * block.
 */
static inline G *fastnext(M *mp, P *pp, bool *inherit, bool parking) {
    /* A park's locks are released by its unlockf (park_m), which the next
     * G runs first: only other critical sections forbid the hand-off. */
    if (!pp || (mp->locks && !parking) || ald_relaxed(&rt_sched.slowsched) ||
        ald_relaxed(&rt_sched.gcwaiting))
        return NULL;
    if ((pp->schedtick + 1) % 61 == 0 && ald_relaxed(&rt_sched.runqsize) > 0)
        return NULL;
    /* Due timers send the slow way: their functions (a channel send, a
     * goready) must not run here, on the yielding G's stack, before fn has
     * run, because the yielding G may still hold the lock its park will
     * release (e.g. the very channel a gort_after timer sends on). */
    int64_t when = ald_relaxed(&pp->timer0when);
    if (when != 0 && timersmaybedue(pp, when) != 0) return NULL;
    /* The time slice is over (see findrunnable): the slow path decides. */
    if (unlikely(ald_relaxed(&mp->tls->preempt))) return NULL;
    return rt_runqget(pp, inherit);
}

/* Runs the work a G that switched directly to us left for its M (see
 * mcall): the old G is now fully off its stack. */
static void afterswitch(void) {
    M *mp = rt_getm();
    G *(*fn)(M *, G *) = mp->pendingfn;
    if (!fn) return;
    G *prev = mp->pendingg;
    mp->pendingfn = NULL;
    mp->pendingg = NULL;
    prev->m = NULL;
    G *again = fn(mp, prev);
    if (again) rt_runqput(mp->p, again, true); /* park declined: run soon */
}

/*
 * errno is thread-local and glibc declares __errno_location() const, so a
 * compiler may compute errno's address once per function and reuse it
 * after a switch that resumed the G on another thread: `errno = x` would
 * then write the old thread's errno.  After a switch, set errno through
 * this out-of-line helper, which computes the address on the thread it
 * runs on.
 */
static RT_NOINLINE void seterrno(int e) { errno = e; }

/*
 * Leaves the current G so that fn(mp, gp) runs once gp is off its stack;
 * fn returns a G to run next, or NULL.  Returns when gp is resumed.
 *
 * Fast path: if this P has a runnable G, switch straight to it and let it
 * run fn (afterswitch): one stack switch instead of two.  Otherwise switch
 * to g0, whose loop runs fn and then findrunnable.
 *
 * Tracing: one site per switch.  mcall tests rt_trace_on once and, when
 * set, runs mcall_traced, the same body with the leave event and the next
 * G's GoStart compiled in (fn says which leave event: park_m GoBlock,
 * gosched_m GoSched, gopreempt_m GoPreempt, goexit0 GoEnd); the untraced
 * body has no site at all.  The flag
 * cannot change in between: a trace starts and stops with the world
 * stopped, and this M holds its P until the switch (fastnext declines a
 * hand-off when a stop is pending, and execute emits GoStart then).
 */
static G *park_m(M *mp, G *gp);
static G *gosched_m(M *mp, G *gp);
static G *gopreempt_m(M *mp, G *gp);
static G *goexit0(M *mp, G *gp);

static inline __attribute__((always_inline)) void mcall_body(
    G *(*fn)(M *, G *), bool dying, bool traced) {
    M *mp = rt_getm();
    G *gp = mp->curg;
    gp->saved_errno = errno;
    /* The leave event (GoBlock reads gp->waitreason); exitsyscall0 has
     * none, GoSysExit was. */
    int ev = !traced             ? 0
             : fn == park_m      ? RT_EV_GoBlock
             : fn == gosched_m   ? RT_EV_GoSched
             : fn == gopreempt_m ? RT_EV_GoPreempt
             : fn == goexit0     ? RT_EV_GoEnd
                                 : 0;
    bool inherit = false;
    G *next = fastnext(mp, mp->p, &inherit, fn == park_m);
    if (next) {
        mp->pendingfn = fn;
        mp->pendingg = gp;
        becomecurg(mp, mp->p, next, inherit);
        if (traced) rt_trace_goswitch(mp, gp, ev, next); /* leave + start */
        rt_switch(&gp->ctx, &next->ctx, dying);
    } else {
        if (traced && ev) rt_trace_goleave(mp, gp, ev);
        mp->mcallfn = fn;
        rt_switch(&gp->ctx, &mp->g0->ctx, dying);
    }
    afterswitch();
    seterrno(gp->saved_errno);
}

static RT_NOINLINE __attribute__((unused)) void mcall_traced(
    G *(*fn)(M *, G *), bool dying) {
    mcall_body(fn, dying, true);
}

static RT_NOINLINE void mcall_plain(G *(*fn)(M *, G *), bool dying) {
    mcall_body(fn, dying, false);
}

/* The site is in the caller, ahead of any prologue of mcall's own. */
static inline __attribute__((always_inline)) void mcall(G *(*fn)(M *, G *),
                                                        bool dying) {
    RT_TRACE({
        mcall_traced(fn, dying);
        return;
    });
    mcall_plain(fn, dying);
}

static GORT_NORETURN void mainexit(G *gp);

static void goentry(void) {
    rt_switch_entered();
    afterswitch();
    G *gp = rt_getg();
    errno = 0;
    gp->fn(gp->arg);
    gp = rt_getg();
    if (gp->ismain && gp->donenote) mainexit(gp);
    rt_goexit1(); /* fn returned, so every defer frame has been closed */
}

static void resetspinning(M *mp) {
    if (!mp->spinning) return;
    TRACE_SPIN(mp, false);
    mp->spinning = false;
    int n = axadd(&rt_sched.nmspinning, -1);
    if (n < 0) rt_throw("findrunnable: negative nmspinning");
    /* We were the last spinner and found work: there may be more, so make
     * sure someone else looks. */
    if (n == 0 && ald(&rt_sched.npidle) > 0) rt_wakep();
}

/* ---------------------------------------------------------------------- */
/* Parking and readying                                                    */
/* ---------------------------------------------------------------------- */

static G *park_m(M *mp, G *gp) {
    setgstatus_from_running(gp, Gwaiting);
    bool (*unlockf)(G *, void *) = mp->waitunlockf;
    void *lock = mp->waitlock;
    mp->waitunlockf = NULL;
    mp->waitlock = NULL;
    bool park = !unlockf || unlockf(gp, lock);
    /* The unlockf released the locks the G parked with (lock.c counts
     * them); any left is a critical section that would outlive the G. */
    if (unlikely(mp->locks))
        rt_throw("gopark: parking inside a runtime critical section");
    if (!park) {
        casgstatus(gp, Gwaiting, Grunnable);
        return gp; /* run it again at once */
    }
    return NULL;
}

/* rt_gopark's body, inlined into rt_goparkunlock too (the trace site
 * would otherwise cost that hot path a call). */
static inline __attribute__((always_inline)) void gopark(
    bool (*unlockf)(G *gp, void *lock), void *lock, const char *reason) {
    M *mp = rt_getm();
    G *gp = mp->curg;
    gp->waitreason = reason;
    gp->waitsince = 0;
    mp->waitunlockf = unlockf;
    mp->waitlock = lock;
    mcall(park_m, false);
}

void rt_gopark(bool (*unlockf)(G *gp, void *lock), void *lock,
               const char *reason) {
    gopark(unlockf, lock, reason);
}

static bool unlock_mutex(G *gp, void *l) {
    (void)gp;
    rt_unlock((rt_mutex *)l);
    return true;
}

void rt_goparkunlock(rt_mutex *lock, const char *reason) {
    gopark(unlock_mutex, lock, reason);
}

void rt_goready(G *gp) {
    M *mp = rt_getm();
    P *pp = mp ? mp->p : NULL;
    uint32_t s = readgstatus(gp);
    if (unlikely((s & ~(uint32_t)Gscan) != Gwaiting))
        rt_throwf("goready: goroutine %lld bad status %u", (long long)gp->goid,
                  s);
    casgstatus_quiet(gp, Gwaiting, Grunnable);
    RT_TRACE(rt_trace_goready(pp, gp)); /* before gp can run */
    if (pp) {
        rt_runqput(pp, gp, true);
    } else {
        rt_lock(&rt_sched.lock);
        rt_globrunqput(gp);
        rt_unlock(&rt_sched.lock);
    }
    rt_wakep();
}

/* A yielding G goes behind the local work.  With no local work but some in
 * the global queue, it goes behind that instead (as Go's Gosched always
 * does), or findrunnable would find it first and run it again. */
static G *gosched_m(M *mp, G *gp) {
    setgstatus_from_running(gp, Grunnable);
    if (rt_runqempty(mp->p) && ald_relaxed(&rt_sched.runqsize) > 0) {
        rt_lock(&rt_sched.lock);
        rt_globrunqput(gp);
        rt_unlock(&rt_sched.lock);
        return NULL;
    }
    rt_runqput(mp->p, gp, false);
    return NULL;
}

static G *gopreempt_m(M *mp, G *gp) {
    (void)mp;
    setgstatus_from_running(gp, Grunnable);
    rt_lock(&rt_sched.lock);
    rt_globrunqput(gp);
    rt_unlock(&rt_sched.lock);
    return NULL;
}

void rt_gosched(void) { mcall(gosched_m, false); }

void gort_gosched(void) {
    rt_mustg("gort_gosched");
    mcall(gosched_m, false);
}

/* Honours either flag: the M's thread-local one (gort_preempt_pending) or
 * the G's own (gort_preempt_flag, which the VM polls).  Both are raised
 * together, but a G's flag raised just as it left its M is not the next
 * M's: then only the G's is set, and must be cleared here too, or its
 * poller would call in at every poll. */
void gort_safepoint(void) {
    M *mp = rt_tlsm;
    G *gp = mp ? mp->curg : NULL;
    if (!gort_preempt_pending() && !(gp && ald_relaxed(&gp->preempt))) return;
    if (!gp) return;
    ast_relaxed(&gort_mtls_cur.preempt, 0u);
    ast_relaxed(&gp->preempt, 0u);
    mcall(gopreempt_m, false);
}

/* ---------------------------------------------------------------------- */
/* Goroutine exit                                                          */
/* ---------------------------------------------------------------------- */

static G *goexit0(M *mp, G *gp) {
    P *pp = mp->p;
    rt_note *done = gp->donenote;
    setgstatus_from_running(gp, Gdead);
    if (!gp->sys) axadd(&rt_sched.ngoroutine, -1);
    gp->m = NULL;
    gp->fn = NULL;
    gp->arg = NULL;
    gp->waitreason = NULL;
    gp->donenote = NULL;
    gp->frames = NULL;
    gp->panic = NULL;
    gp->hooks = NULL;
    gp->waiting = NULL;
    rt_stackput(pp, gp);
    gfput(pp, gp);
    if (done) {
        rt_lock(&rt_sched.lock);
        rt_sched.ncall--;
        rt_unlock(&rt_sched.lock);
        rt_notewakeup(done);
    }
    return NULL;
}

/* Ends the current goroutine without running deferred calls (panic.c runs
 * them first in gort_goexit). */
GORT_NORETURN void rt_goexit1(void) {
    mcall(goexit0, true);
    rt_throw("goexit: dead goroutine resumed");
}

/* ---------------------------------------------------------------------- */
/* Ms                                                                      */
/* ---------------------------------------------------------------------- */

static void *mstart(void *arg);

static M *allocm(void) {
    M *mp = calloc(1, sizeof *mp);
    if (!mp) rt_throw("runtime: out of memory allocating M");
    mp->g0 = calloc(1, sizeof(G));
    if (!mp->g0) rt_throw("runtime: out of memory allocating g0");
    mp->g0->goid = 0;
    mp->g0->sys = true;
    mp->fastrand = (uint64_t)rt_nanotime() * 0x9E3779B97F4A7C15ull ^
                   (uint64_t)(uintptr_t)mp;
    rt_lock(&rt_sched.lock);
    mp->id = rt_sched.mnext++;
    rt_sched.mcount++;
    mp->alllink = rt_sched.allm;
    ast(&rt_sched.allm, mp);
    rt_unlock(&rt_sched.lock);
    return mp;
}

static void newm(P *pp, bool spinning) {
    M *mp = allocm();
    mp->nextp = pp;
    mp->spinning = spinning;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 1 << 20);
    int err = pthread_create(&mp->thread, &attr, mstart, mp);
    pthread_attr_destroy(&attr);
    if (err)
        rt_throwf("runtime: failed to create new OS thread (have %d already; "
                  "errno=%d)",
                  rt_sched.mcount, err);
}

static void *mstart(void *arg) {
    M *mp = arg;
    rt_tlsm = mp;
    mp->tls = &gort_mtls_cur;
    rt_ctx_sanitizer_thread(&mp->g0->ctx);
    {
        pthread_attr_t a;
        void *lo;
        size_t sz;
        if (pthread_getattr_np(pthread_self(), &a) == 0) {
            pthread_attr_getstack(&a, &lo, &sz);
            mp->g0->ctx.stack_lo = lo;
            mp->g0->ctx.stack_size = sz;
            mp->g0->stack_lo = (uintptr_t)lo;
            mp->g0->stack_hi = (uintptr_t)lo + sz;
            pthread_attr_destroy(&a);
        }
    }
    rt_minit_signalstack();
    if (mp->nextp) {
        P *pp = mp->nextp;
        mp->nextp = NULL;
        acquirep(mp, pp);
    } else {
        stopm(mp);
    }
    schedule_loop(mp);
    return NULL;
}

/* Parks mp until startm hands it a P. */
static void stopm(M *mp) {
    if (mp->p) rt_throw("stopm holding p");
    if (mp->spinning) rt_throw("stopm spinning");
    rt_lock(&rt_sched.lock);
    mput(mp);
    rt_unlock(&rt_sched.lock);
    mp->blocked = true;
    rt_notesleep(&mp->park);
    mp->blocked = false;
    rt_noteclear(&mp->park);
    P *pp = mp->nextp;
    mp->nextp = NULL;
    acquirep(mp, pp);
}

/* Starts an M to run pp (or an idle P if pp is NULL). */
static void startm(P *pp, bool spinning) {
    rt_lock(&rt_sched.lock);
    if (!pp) {
        pp = pidleget();
        if (!pp) {
            rt_unlock(&rt_sched.lock);
            if (spinning) axadd(&rt_sched.nmspinning, -1);
            return;
        }
    }
    M *nmp = mget();
    rt_unlock(&rt_sched.lock);
    if (!nmp) {
        newm(pp, spinning);
        return;
    }
    if (nmp->spinning) rt_throw("startm: m is spinning");
    if (nmp->nextp) rt_throw("startm: m has p");
    nmp->spinning = spinning;
    nmp->nextp = pp;
    rt_notewakeup(&nmp->park);
}

void rt_wakep(void) {
    if (ald_relaxed(&rt_sched.npidle) == 0) return;
    int z = 0;
    if (ald_relaxed(&rt_sched.nmspinning) != 0 ||
        !acas(&rt_sched.nmspinning, &z, 1))
        return;
    startm(NULL, true);
}

static void acquirep(M *mp, P *pp) {
    if (mp->p) rt_throw("acquirep: already in go");
    if (pp->m || ald(&pp->status) != Pidle)
        rt_throwf("acquirep: invalid p state (status %u)", ald(&pp->status));
    mp->p = pp;
    ast(&pp->m, mp);
    ast(&pp->status, Prunning);
    TRACE_PROC_START(pp, mp);
}

static P *releasep(M *mp) {
    P *pp = mp->p;
    if (!pp || pp->m != mp || ald(&pp->status) != Prunning)
        rt_throw("releasep: invalid p state");
    TRACE_PROC_STOP(pp);
    mp->p = NULL;
    ast(&pp->m, (M *)NULL);
    ast(&pp->status, Pidle);
    return pp;
}

/* Hands off P from a syscall or a locked M: starts an M if there is work,
 * otherwise puts it idle. */
static void handoffp(P *pp) {
    if (!rt_runqempty(pp) || ald_relaxed(&rt_sched.runqsize) != 0) {
        startm(pp, false);
        return;
    }
    int z = 0;
    if (ald_relaxed(&rt_sched.nmspinning) + ald_relaxed(&rt_sched.npidle) ==
            0 &&
        acas(&rt_sched.nmspinning, &z, 1)) {
        startm(pp, true);
        return;
    }
    rt_lock(&rt_sched.lock);
    if (ald(&rt_sched.gcwaiting)) {
        ast(&pp->status, Pgcstop);
        ast(&pp->m, (M *)NULL);
        if (--rt_sched.stopwait == 0) rt_notewakeup(&rt_sched.stopnote);
        rt_unlock(&rt_sched.lock);
        return;
    }
    if (rt_sched.runqsize) {
        rt_unlock(&rt_sched.lock);
        startm(pp, false);
        return;
    }
    pidleput(pp);
    rt_unlock(&rt_sched.lock);
    /* If it has timers, someone must watch them: a poller will. */
    if (ald(&pp->timer0when) != 0) {
        int64_t w = ald(&pp->timer0when);
        if (ald(&rt_sched.lastpoll) == 0 && w < ald(&rt_sched.pollUntil))
            rt_netpollBreak();
        else
            rt_wakep();
    }
}

/* ---------------------------------------------------------------------- */
/* Stop the world                                                          */
/* ---------------------------------------------------------------------- */

/* Stops mp's P for the STW in progress and parks mp. */
static void gcstopm(M *mp) {
    if (mp->spinning) {
        mp->spinning = false;
        axadd(&rt_sched.nmspinning, -1);
    }
    P *pp = releasep(mp);
    rt_lock(&rt_sched.lock);
    ast(&pp->status, Pgcstop);
    if (--rt_sched.stopwait == 0) rt_notewakeup(&rt_sched.stopnote);
    rt_unlock(&rt_sched.lock);
    stopm(mp);
}

static void preemptall(void) {
    for (int i = 0; i < ald_relaxed(&rt_sched.gomaxprocs); i++) {
        P *pp = rt_allp[i];
        if (ald(&pp->status) != Prunning) continue;
        rt_preemptone(pp); /* the G's flag too: the VM polls that one */
    }
}

static bool stw_unlock(G *gp, void *arg) {
    (void)gp;
    rt_unlock((rt_mutex *)arg);
    return true;
}

/* How long a stop-the-world waits for running goroutines to stop by
 * themselves before it holds the laggards in place (preempt.c). */
#define STW_HOLD_AFTER_NS (1000 * 1000)

/* Holds the Ms of the Ps with ids below `below` that have not stopped
 * yet, if they run their own C code.  If our own P is not below it
 * (GOMAXPROCS is dropping it), P0 is not held either: procresize moves us
 * there.  Returns true when every P is stopped.  sched.lock not held. */
static bool holdlaggards(int below) {
    M *self = rt_getm();
    int n = rt_sched.gomaxprocs < below ? rt_sched.gomaxprocs : below;
    for (int i = 0; i < n; i++) {
        P *pp = rt_allp[i];
        if (pp == self->p || pp->stwheld || ald(&pp->status) != Prunning)
            continue;
        if (i == 0 && self->p->id >= below) continue;
        if (!rt_holdp(pp)) continue;
        rt_lock(&rt_sched.lock);
        rt_sched.stopwait--;
        rt_unlock(&rt_sched.lock);
    }
    rt_lock(&rt_sched.lock);
    bool done = rt_sched.stopwait == 0;
    rt_unlock(&rt_sched.lock);
    return done;
}

static void stopTheWorld(const char *reason, int holdbelow);

void rt_stopTheWorld(const char *reason) {
    stopTheWorld(reason, GORT_MAXPROCS);
}

static void stopTheWorld(const char *reason, int holdbelow) {
    G *gp = rt_mustg("stopTheWorld");
    rt_lock(&rt_sched.lock);
    while (stwowner) {
        gp->schedlink = NULL;
        if (stwwaittail)
            stwwaittail->schedlink = gp;
        else
            stwwaithead = gp;
        stwwaittail = gp;
        rt_gopark(stw_unlock, &rt_sched.lock, WAIT_STW);
        rt_lock(&rt_sched.lock);
        if (stwowner == gp) break; /* handed over by startTheWorld */
    }
    stwowner = gp;
    M *mp = rt_getm();
    TRACE_STW_START(reason);
    rt_sched.stwreason = reason;
    rt_sched.stopwait = rt_sched.gomaxprocs;
    ast(&rt_sched.gcwaiting, 1u);
    preemptall();
    /* Our own P. */
    ast(&mp->p->status, Pgcstop);
    rt_sched.stopwait--;
    for (int i = 0; i < rt_sched.gomaxprocs; i++) {
        P *pp = rt_allp[i];
        uint32_t s = Psyscall;
        if (acas(&pp->status, &s, Pgcstop)) {
            ast_relaxed(&pp->syscalltick, ald_relaxed(&pp->syscalltick) + 1);
            rt_sched.stopwait--;
        }
    }
    P *pp;
    while ((pp = pidleget()) != NULL) {
        ast(&pp->status, Pgcstop);
        rt_sched.stopwait--;
    }
    bool wait = rt_sched.stopwait > 0;
    rt_unlock(&rt_sched.lock);
    if (wait) {
        int64_t start = rt_nanotime();
        for (;;) {
            if (rt_notetsleep(&rt_sched.stopnote, 100 * 1000)) break;
            preemptall();
            /* Still running after a while: C code that does not reach a
             * safe point.  Hold it where it is.  When we counted the last
             * P ourselves nobody wakes the note; a P that stopped
             * meanwhile may have: cleared below either way. */
            if (rt_nanotime() - start >= STW_HOLD_AFTER_NS &&
                holdlaggards(holdbelow))
                break;
        }
        rt_noteclear(&rt_sched.stopnote);
    }
    if (rt_sched.stopwait != 0) rt_throw("stopTheWorld: not stopped");
    rt_holdattached();
}

/* Changes the number of Ps (world stopped, sched.lock held).  Returns the
 * list of Ps with work. */
static P *procresize(M *mp, int nprocs) {
    int old = rt_sched.gomaxprocs;
    for (int i = 0; i < nprocs; i++) {
        if (!rt_allp[i]) {
            P *pp = aligned_alloc(RT_CACHELINE,
                                  (sizeof(P) + RT_CACHELINE - 1) &
                                      ~(size_t)(RT_CACHELINE - 1));
            if (!pp) rt_throw("runtime: out of memory allocating P");
            memset(pp, 0, sizeof *pp);
            pp->id = i;
            pp->mcache = rt_mcache_new();
            pp->status = Pgcstop;
            rt_allp[i] = pp;
        } else if (i >= old) {
            ast(&rt_allp[i]->status, Pgcstop);
        }
    }
    /* Destroy Ps beyond nprocs: their work goes to the global queue. */
    for (int i = nprocs; i < old; i++) {
        P *pp = rt_allp[i];
        G *next = axchg(&pp->runnext, NULL);
        if (next) globrunqputhead(next);
        bool inh;
        G *gp;
        while ((gp = rt_runqget(pp, &inh)) != NULL) rt_globrunqput(gp);
        rt_movetimers(rt_allp[0], pp);
        rt_mcache_flush(pp);
        ast(&pp->status, Pdead);
    }
    /* If our own P is going away, move to P0. */
    if (mp->p && mp->p->id >= nprocs) {
        P *pp = mp->p;
        ast(&pp->m, (M *)NULL);
        mp->p = NULL;
        ast(&pp->status, Pdead);
        P *p0 = rt_allp[0];
        mp->p = p0;
        ast(&p0->m, mp);
        ast(&p0->status, Pgcstop);
    }
    ast(&rt_sched.gomaxprocs, nprocs);
    P *runnable = NULL;
    for (int i = nprocs - 1; i >= 0; i--) {
        P *pp = rt_allp[i];
        if (mp->p == pp || pp->stwheld) continue; /* held: keeps its M */
        ast(&pp->status, Pidle);
        ast(&pp->m, (M *)NULL);
        if (rt_runqempty(pp)) {
            pidleput(pp);
        } else {
            pp->link = runnable;
            runnable = pp;
        }
    }
    return runnable;
}

void rt_startTheWorld(void) {
    M *mp = rt_getm();
    rt_lock(&rt_sched.lock);
    int n = newprocs ? newprocs : rt_sched.gomaxprocs;
    newprocs = 0;
    P *runnable = procresize(mp, n);
    ast(&mp->p->status, Prunning);
    ast(&rt_sched.gcwaiting, 0u);
    ast_relaxed(&gort_mtls_cur.preempt, 0u);
    ast_relaxed(&mp->curg->preempt, 0u);
    /* Held threads go on from where they were; what the pause changed
     * (the barrier flag) is visible to them: the release is a store-
     * release their handler reads with an acquire load. */
    rt_releaseheld();
    rt_releaseattached();
    /* Hand STW ownership to the next waiter, if any. */
    G *next = stwwaithead;
    if (next) {
        stwwaithead = next->schedlink;
        if (!stwwaithead) stwwaittail = NULL;
    }
    stwowner = next;
    rt_unlock(&rt_sched.lock);
    while (runnable) {
        P *pp = runnable;
        runnable = pp->link;
        startm(pp, false);
    }
    TRACE_STW_DONE();
    if (next) rt_goready(next);
    rt_wakep();
}

/* ---------------------------------------------------------------------- */
/* Syscalls                                                                */
/* ---------------------------------------------------------------------- */

void gort_syscall_enter(void) {
    /* First, before this function reuses any: the caller's callee-saved
     * registers, which the collector scans while we are in Gsyscall. */
    uintptr_t regs[RT_NSAVEDREGS];
    rt_savecalleeregs(regs);
    M *mp = rt_getm();
    G *gp = mp ? mp->curg : NULL;
    if (!gp) return; /* a plain thread: nothing to hand off */
    if (unlikely(!mp->p))
        rt_throw("gort_syscall_enter called twice (without gort_syscall_exit "
                 "in between)");
    memcpy(gp->syscallregs, regs, sizeof regs);
    gp->syscallsp = (uintptr_t)__builtin_frame_address(0);
    P *pp = mp->p;
    gp->saved_errno = errno;
    mp->syscalltick = pp->syscalltick;
    /* No clock read here: sysmon times a syscall by seeing the P's
     * syscalltick stay put (sysmon.c), as Go's retake does; a clock read
     * per call was a third of an FFI call's cost (docs/ffi.md). */
    TRACE_GO_SYSCALL(gp);
    setgstatus_from_running(gp, Gsyscall);
    mp->oldp = pp;
    mp->p = NULL;
    ast(&pp->m, (M *)NULL);
    ast(&pp->status, Psyscall);
    if (ald(&rt_sched.gcwaiting)) {
        /* A stop-the-world is waiting for us: give up the P now. */
        uint32_t s = Psyscall;
        if (acas(&pp->status, &s, Pgcstop)) {
            rt_lock(&rt_sched.lock);
            if (--rt_sched.stopwait == 0) rt_notewakeup(&rt_sched.stopnote);
            rt_unlock(&rt_sched.lock);
        }
    }
    errno = gp->saved_errno;
}

/* On g0, for gort_syscall_exit's slow path: gp is still Gsyscall (see
 * there), and a stack scan may hold its Gscan bit, so this is a CAS that
 * waits for the scan, not a running G's plain store. */
static G *exitsyscall0(M *mp, G *gp) {
    casgstatus_quiet(gp, Gsyscall, Grunnable); /* GoSysExit was emitted */
    rt_lock(&rt_sched.lock);
    P *pp = ald(&rt_sched.gcwaiting) ? NULL : pidleget();
    if (!pp) rt_globrunqput(gp);
    rt_unlock(&rt_sched.lock);
    if (pp) {
        acquirep(mp, pp);
        return gp;
    }
    stopm(mp);
    return NULL;
}

void gort_syscall_exit(void) {
    M *mp = rt_getm();
    G *gp = mp ? mp->curg : NULL;
    if (!gp) return;
    if (unlikely(ald(&gp->status) != Gsyscall))
        rt_throw("gort_syscall_exit called without gort_syscall_enter");
    int e = errno;
    P *oldp = mp->oldp;
    mp->oldp = NULL;
    uint32_t s = Psyscall;
    /* Fast path: our P is still waiting for us. */
    if (oldp && ald(&oldp->m) == NULL && acas(&oldp->status, &s, Prunning)) {
        mp->p = oldp;
        ast(&oldp->m, mp);
        ast_relaxed(&oldp->syscalltick, oldp->syscalltick + 1);
        casgstatus(gp, Gsyscall, Grunning);
        /* Back in goroutine code: a safe point.  sysmon asks a goroutine
         * that has held its P for 10 ms through a loop of short calls to
         * yield here, or its P's queue would starve. */
        errno = e;
        if (unlikely(ald_relaxed(&oldp->preempt))) {
            ast_relaxed(&oldp->preempt, 0u);
            ast_relaxed(&gp->preempt, 1u);
        }
        /* errno is set first and not touched after: the goroutine may
         * resume on another thread, and a compiler may keep the old
         * thread's errno address across the call (mcall carries errno
         * over the switch itself) */
        if (unlikely(ald_relaxed(&gp->preempt))) gort_safepoint();
        return;
    }
    /* Try an idle P. */
    if (ald_relaxed(&rt_sched.npidle) > 0 && !ald(&rt_sched.gcwaiting)) {
        rt_lock(&rt_sched.lock);
        P *pp = ald(&rt_sched.gcwaiting) ? NULL : pidleget();
        rt_unlock(&rt_sched.lock);
        if (pp) {
            acquirep(mp, pp);
            ast_relaxed(&pp->syscalltick, pp->syscalltick + 1);
            casgstatus(gp, Gsyscall, Grunning);
            errno = e;
            return;
        }
    }
    /* Slow path: queue ourselves and let the scheduler find us a P.  We
     * have no P, so g0 must not touch one until it acquires.
     *
     * The G stays Gsyscall until exitsyscall0, on g0, makes it Grunnable
     * (as Go's exitsyscall0 does): a G is Grunning only while its M holds
     * a P.  It used to pass through Grunning here, with no P, for the few
     * instructions up to the switch; a stop-the-world that had taken our
     * P counted it stopped all the same, so a goroutine could be seen
     * "running" while the world was stopped: after gort_main returned,
     * test_embed's exit handler found one (body_stopped_before_exit_
     * handlers, under TSan and load, when this thread was descheduled in
     * that window).  Staying Gsyscall is safe for the collector: what it
     * scans for a Gsyscall G (the registers gort_syscall_enter saved and
     * the stack from its frame up) is the caller's, as during the call;
     * the runtime code from here to the switch touches no heap pointer
     * and writes only its own frames. */
    RT_TRACE(rt_trace_go(RT_EV_GoSysExit, gp));
    mcall(exitsyscall0, false);
    seterrno(e); /* possibly on another thread now */
}

/* sysmon: takes back pp from an M stuck in a syscall.  Returns true if it
 * did. */
bool rt_retake_syscall(P *pp) {
    uint32_t s = Psyscall;
    if (!acas(&pp->status, &s, Pidle)) return false;
    TRACE_PROC_STEAL(pp);
    ast_relaxed(&pp->syscalltick, ald_relaxed(&pp->syscalltick) + 1);
    handoffp(pp);
    return true;
}

/* sysmon: asks the G running on pp to yield. */
void rt_preemptone(P *pp) {
    M *mp = ald(&pp->m);
    if (!mp) return;
    G *gp = ald(&mp->curg);
    if (gp) ast_relaxed(&gp->preempt, 1u);
    if (mp->tls) ast_relaxed(&mp->tls->preempt, 1u);
}

/* ---------------------------------------------------------------------- */
/* findrunnable                                                            */
/* ---------------------------------------------------------------------- */

static G *stealwork(M *mp, int64_t now, int64_t *pollUntil, bool *ran) {
    P *pp = mp->p;
    int n = ald_relaxed(&rt_sched.gomaxprocs);
    for (int round = 0; round < 4; round++) {
        bool last = round == 3;
        uint32_t start = rt_fastrandn((uint32_t)n);
        /* Odd increments visit every P once when n is the modulus. */
        for (int k = 0; k < n; k++) {
            P *victim = rt_allp[(start + (uint32_t)k) % (uint32_t)n];
            if (victim == pp) continue;
            if (ald(&rt_sched.gcwaiting)) return NULL;
            if (last && ald(&victim->timer0when) != 0) {
                bool r = false;
                int64_t w = rt_checkTimers(victim, now, &r);
                if (w && (!*pollUntil || w < *pollUntil)) *pollUntil = w;
                if (r) {
                    *ran = true;
                    bool inh;
                    G *gp = rt_runqget(pp, &inh);
                    if (gp) return gp;
                }
            }
            G *gp;
            uint32_t n = rt_runqsteal(pp, victim, last, &gp);
            if (n) {
                TRACE_STEAL(victim, n);
                return gp;
            }
        }
    }
    return NULL;
}

/* Runs any G from list on the current P, the rest to queues. */
static void injectglist(G *list) {
    if (!list) return;
    int n = 0;
    for (G *g = list; g; g = g->schedlink) {
        casgstatus(g, Gwaiting, Grunnable);
        n++;
    }
    P *pp = rt_getp();
    if (!pp) {
        rt_lock(&rt_sched.lock);
        while (list) {
            G *g = list;
            list = g->schedlink;
            rt_globrunqput(g);
        }
        rt_unlock(&rt_sched.lock);
        for (int i = 0; i < n && ald_relaxed(&rt_sched.npidle) > 0; i++)
            startm(NULL, false);
        return;
    }
    while (list) {
        G *g = list;
        list = g->schedlink;
        rt_runqput(pp, g, false);
    }
    rt_wakep();
}

static bool anyrunq(void) {
    for (int i = 0; i < ald_relaxed(&rt_sched.gomaxprocs); i++)
        if (!rt_runqempty(rt_allp[i])) return true;
    return false;
}

static rt_note exitnote; /* Ms park here forever once the program ends */

static G *findrunnable(M *mp, bool *inheritTime) {
top:;
    P *pp = mp->p;
    if (unlikely(ald_relaxed(&rt_sched.exiting))) {
        rt_notesleep(&exitnote);
    }
    if (ald(&rt_sched.gcwaiting)) {
        gcstopm(mp);
        goto top;
    }
    int64_t now = 0; /* read lazily: the clock costs ~20 ns */
    bool ran = false;
    int64_t pollUntil = rt_checkTimers(pp, 0, &ran);
    *inheritTime = false;

    /* A chain of goroutines readying each other through runnext shares
     * one time slice (inheritTime).  When sysmon has flagged that slice as
     * over (mp->tls->preempt, reset by the next execute) and the parking G
     * had no safe point to honour it, let the global queue in and send
     * runnext to the back of the local queue: otherwise a ping-pong pair
     * on this P would starve both queues forever. */
    bool sliceover = unlikely(ald_relaxed(&mp->tls->preempt) != 0);

    /* Fairness: sometimes the global queue first. */
    if ((pp->schedtick % 61 == 0 || sliceover) &&
        ald_relaxed(&rt_sched.runqsize) > 0) {
        rt_lock(&rt_sched.lock);
        G *gp = rt_globrunqget(pp, 1);
        rt_unlock(&rt_sched.lock);
        if (gp) return gp;
    }
    if (sliceover) {
        G *next = axchg(&pp->runnext, (G *)NULL);
        if (next) rt_runqput(pp, next, false);
    }
    /* While marking: this P's background mark worker, if it is due. */
    if (unlikely(ald_relaxed(&rt_gcBlackenEnabled))) {
        G *gw = rt_gcFindRunnableWorker(pp);
        if (gw) {
            casgstatus(gw, Gwaiting, Grunnable);
            return gw;
        }
    }
    G *gp = rt_runqget(pp, inheritTime);
    if (gp) return gp;
    if (ald_relaxed(&rt_sched.runqsize) > 0) {
        rt_lock(&rt_sched.lock);
        gp = rt_globrunqget(pp, 0);
        rt_unlock(&rt_sched.lock);
        if (gp) return gp;
    }
    if (rt_netpollinited() && ald(&rt_netpollWaiters) > 0 &&
        ald(&rt_sched.lastpoll) != 0) {
        int cnt;
        G *list = rt_netpoll(0, &cnt);
        if (list) {
            gp = list;
            G *rest = list->schedlink;
            casgstatus(gp, Gwaiting, Grunnable);
            injectglist(rest);
            return gp;
        }
    }
    int busy = ald_relaxed(&rt_sched.gomaxprocs) - ald(&rt_sched.npidle);
    if (mp->spinning || 2 * ald(&rt_sched.nmspinning) < busy) {
        if (!mp->spinning) {
            mp->spinning = true;
            axadd(&rt_sched.nmspinning, 1);
            TRACE_SPIN(mp, true);
        }
        now = rt_nanotime();
        gp = stealwork(mp, now, &pollUntil, &ran);
        if (gp) return gp;
        if (ran) goto top; /* timers readied something elsewhere */
    }
    {
        int64_t e = rt_nobarrier_earliest_timer();
        if (e && (!pollUntil || e < pollUntil)) pollUntil = e;
    }

    /* Nothing to do: mark the heap if the collector can use the P. */
    if (unlikely(ald_relaxed(&rt_gcBlackenEnabled))) {
        G *gw = rt_gcFindIdleWorker(pp);
        if (gw) {
            casgstatus(gw, Gwaiting, Grunnable);
            return gw;
        }
    }

    /* Nothing to do: give up the P. */
    rt_lock(&rt_sched.lock);
    if (ald(&rt_sched.gcwaiting)) {
        rt_unlock(&rt_sched.lock);
        goto top;
    }
    if (rt_sched.runqsize) {
        gp = rt_globrunqget(pp, 0);
        rt_unlock(&rt_sched.lock);
        return gp;
    }
    releasep(mp);
    pidleput(pp);
    rt_unlock(&rt_sched.lock);

    bool wasSpinning = mp->spinning;
    if (mp->spinning) {
        mp->spinning = false;
        TRACE_SPIN(mp, false);
        if (axadd(&rt_sched.nmspinning, -1) < 0)
            rt_throw("findrunnable: negative nmspinning");
        /* Work submitted after we looked but before we dropped spinning
         * would be lost without this re-check. */
        if (anyrunq()) {
            rt_lock(&rt_sched.lock);
            P *np = pidleget();
            rt_unlock(&rt_sched.lock);
            if (np) {
                acquirep(mp, np);
                mp->spinning = true;
                axadd(&rt_sched.nmspinning, 1);
                goto top;
            }
        }
    }
    (void)wasSpinning;

    /* Block in the poller if there are fds or timers to wait for and
     * nobody else does. */
    if (rt_netpollinited() &&
        (ald(&rt_netpollWaiters) > 0 || pollUntil != 0)) {
        int64_t lp = ald(&rt_sched.lastpoll);
        /* Retry while lastpoll is non-zero: sysmon may have just moved it
         * (it polls too), which is no reason to leave the timers
         * unwatched.  A failed CAS reloads lp. */
        while (lp != 0 && !acas(&rt_sched.lastpoll, &lp, 0)) {
        }
        if (lp != 0) {
            int64_t delay = -1;
            if (pollUntil) {
                now = rt_nanotime();
                delay = pollUntil - now;
                if (delay < 0) delay = 0;
            }
            ast(&rt_sched.pollUntil, pollUntil ? pollUntil : INT64_MAX);
            int cnt;
            G *list = rt_netpoll(delay, &cnt);
            ast(&rt_sched.pollUntil, (int64_t)0);
            ast(&rt_sched.lastpoll, rt_nanotime());
            rt_lock(&rt_sched.lock);
            P *np = ald(&rt_sched.gcwaiting) ? NULL : pidleget();
            rt_unlock(&rt_sched.lock);
            if (!np) {
                injectglist(list);
            } else {
                acquirep(mp, np);
                if (list) {
                    gp = list;
                    casgstatus(gp, Gwaiting, Grunnable);
                    injectglist(gp->schedlink);
                    return gp;
                }
                goto top;
            }
        } else if (pollUntil) {
            /* Someone polls: wake it if our timer is earlier than its
             * timeout.  0 means it has taken lastpoll but not yet
             * published its timeout: wake it too, or the timer could be
             * missed for as long as that poll sleeps. */
            int64_t pu = ald(&rt_sched.pollUntil);
            if (pu == 0 || pu > pollUntil) rt_netpollBreak();
        }
    }
    stopm(mp);
    goto top;
}

/* g0's loop: find a G, run it, handle what it asked for, repeat. */
static void schedule_loop(M *mp) {
    G *next = NULL;
    bool inherit = false;
    for (;;) {
        if (!next) {
            next = findrunnable(mp, &inherit);
            resetspinning(mp);
        }
        execute(mp, next, inherit);
        /* Back on g0: curg mcalled us. */
        G *gp = mp->curg;
        ast(&mp->curg, (G *)NULL);
        gp->m = NULL;
        G *(*fn)(M *, G *) = mp->mcallfn;
        mp->mcallfn = NULL;
        next = fn(mp, gp);
        inherit = true;
        if (next && ald(&rt_sched.gcwaiting)) {
            /* The unlockf declined to park but the world is stopping. */
            rt_lock(&rt_sched.lock);
            rt_globrunqput(next);
            rt_unlock(&rt_sched.lock);
            next = NULL;
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Deadlock detection                                                      */
/* ---------------------------------------------------------------------- */

/* Set (before sched.exiting) when checkdead reports a deadlock. */
static uint32_t deadexit;

/* sched.lock held.  Called when an M goes idle. */
static void checkdead(void) {
    if (rt_sched.ncall == 0 || rt_sched.exiting) return;
    /* A foreign thread may still call in and wake someone: an attached
     * one, or any thread of a host that said so (gort_config). */
    if (rt_sched.nattached > 0 || rt_sched.hostcalls) return;
    int run = rt_sched.mcount - rt_sched.nmidle;
    if (run > 0) return;
    if (run < 0)
        rt_throwf("checkdead: inconsistent counts: mcount=%d nmidle=%d",
                  rt_sched.mcount, rt_sched.nmidle);
    if (rt_sched.runqsize > 0) return;
    size_t n = ald(&rt_allglen);
    G **all = ald(&rt_allgs);
    int waiting = 0;
    for (size_t i = 0; i < n; i++) {
        G *gp = all[i];
        uint32_t s = readgstatus(gp) & ~(uint32_t)Gscan;
        if (s == Gwaiting) waiting += !gp->sys; /* as Go's: user goroutines */
        else if (s == Grunnable || s == Grunning || s == Gsyscall || s == Gheld)
            return; /* someone will run (a race with a wake-up) */
    }
    if (rt_numtimers() > 0) return;
    if (ald(&rt_netpollWaiters) > 0) return;
    ast(&deadexit, 1u); /* before exiting: see ensure_started */
    ast(&rt_sched.exiting, true);
    rt_unlock(&rt_sched.lock);
    rt_fatal_dump(waiting ? "all goroutines are asleep - deadlock!"
                          : "no goroutines (main called runtime.Goexit) - "
                            "deadlock!",
                  false);
}

/* A thread detached: if it was the last possible waker, the program may be
 * deadlocked now.  No lock held. */
void rt_checkdead_detached(void) {
    rt_lock(&rt_sched.lock);
    rt_sched.nattached--;
    if (rt_sched.nattached == 0 && rt_sched.started) checkdead();
    rt_unlock(&rt_sched.lock);
}

/* ---------------------------------------------------------------------- */
/* Initialisation and entry points                                         */
/* ---------------------------------------------------------------------- */

int gort_numcpu(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0) return n;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static size_t choose_stacksize(const gort_config *cfg) {
    size_t sz = 256 * 1024;
    const char *env = getenv("GORT_STACK_SIZE");
    if (cfg && cfg->stack_size) {
        sz = cfg->stack_size;
    } else if (env && *env) {
        int64_t v = rt_parse_size(env);
        if (v <= 0)
            rt_throwf("runtime: GORT_STACK_SIZE=%s: not a size (want bytes "
                      "or a KiB/MiB suffix)",
                      env);
        sz = (size_t)v;
    }
    if (sz < 16 * 1024 || sz > ((size_t)1 << 30))
        rt_throwf("runtime: goroutine stack size %zu out of range [16 KiB, 1 "
                  "GiB]",
                  sz);
    size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    return (sz + pg - 1) & ~(pg - 1);
}

static int choose_procs(const gort_config *cfg) {
    int n = rt_ncpu;
    const char *env = getenv("GOMAXPROCS");
    if (cfg && cfg->gomaxprocs < 0)
        rt_throwf("gort_main: negative gomaxprocs %d", cfg->gomaxprocs);
    if (cfg && cfg->gomaxprocs > 0) {
        n = cfg->gomaxprocs;
    } else if (env && *env) {
        char *end;
        long v = strtol(env, &end, 10);
        if (*end == 0 && v > 0) n = (int)v; /* Go ignores bad values */
    }
    if (n > GORT_MAXPROCS) n = GORT_MAXPROCS;
    return n;
}

/*
 * Pins the object that holds the runtime (an executable, or a shared
 * module that linked libgort.a and was dlopen'ed): runtime threads run its
 * code until the process ends, so a dlclose by the host must never unmap
 * it.  RTLD_NOLOAD|RTLD_NODELETE marks the loaded object as never to be
 * unloaded; for the main program the call finds nothing and does nothing.
 * dlopen is found through dlsym, not named: a statically linked program
 * (the gort command) has no module to pin, finds none, and is linked
 * without the static-dlopen warning.
 */
static void pinmodule(void) {
    Dl_info di;
    if (!dladdr((void *)pinmodule, &di) || !di.dli_fname || !di.dli_fname[0]) return;
    void *(*open)(const char *, int);
    *(void **)&open = dlsym(RTLD_DEFAULT, "dlopen");
    if (open) (void)open(di.dli_fname, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
}

void rt_schedinit(const gort_config *cfg) {
    pinmodule();
    rt_sched.starttime = rt_nanotime();
    tscinit();
    rt_parsedebugvars();
    rt_mallocinit();
    rt_ncpu = gort_numcpu();
    rt_sched.stacksize = choose_stacksize(cfg);
    rt_stack_init();
    rt_traceback_init();
    rt_sched.hostcalls = cfg && cfg->host_calls_in;
    rt_preempt_init();
    rt_signals_init(cfg);
    rt_forkinit();
    rt_netpollinit();
    ast(&rt_sched.lastpoll, rt_nanotime());
    ast(&rt_sched.pollUntil, INT64_MAX);
    int n = choose_procs(cfg);
    rt_lock(&rt_sched.lock);
    ast(&rt_sched.gomaxprocs, 0);
    static M fake; /* procresize wants an M; this thread has no P */
    P *runnable = procresize(&fake, n);
    (void)runnable; /* all Ps are empty */
    rt_unlock(&rt_sched.lock);
    rt_trace_init(); /* GORT_TRACE */
    rt_sched.started = true;
    rt_gcinit();
    rt_sysmon_start();
}

/*
 * A foreign thread called in after the run ended (sched.exiting).  When it
 * ended because checkdead found a deadlock, that report is on its way and
 * ends the process: the caller waits for it rather than print its own
 * error over it.  deadexit is stored before sched.exiting, so a caller that
 * read exiting set (with acquire, or under sched.lock) sees it.
 */
static GORT_NORETURN void calledafterexit(void) {
    if (ald(&deadexit))
        for (;;) pause();
    rt_throw("gort: runtime used after gort_main returned");
}

static void ensure_started(const gort_config *cfg, bool formain) {
    if (rt_forkchild) rt_throw(forkmsg);
    rt_lock(&initlock);
    /* An early answer only: sched.exiting is written under sched.lock, not
     * initlock (checkdead, mainexit), so the run may end right after this
     * read; callwait checks again where it counts, under sched.lock. */
    if (ald(&rt_sched.exiting)) {
        rt_unlock(&initlock);
        calledafterexit();
    }
    if (formain && rt_sched.started) {
        rt_unlock(&initlock);
        rt_throw("gort_main: called twice, or after gort_call started the "
                 "runtime");
    }
    if (!rt_sched.started) rt_schedinit(cfg);
    rt_unlock(&initlock);
}

/* Runs fn on a new goroutine and waits for it on this (foreign) thread. */
static void callwait(gort_func fn, void *arg, int64_t goid) {
    rt_note done = {0};
    G *gp = newg(NULL, fn, arg, false, goid);
    gp->donenote = &done;
    gp->ismain = goid == 1; /* only gort_main asks for goid 1 */
    /* Count the caller and queue its G in one step, so checkdead never
     * sees a waiting caller without its runnable G. */
    rt_lock(&rt_sched.lock);
    /* The run may have ended since ensure_started looked (a deadlock
     * reported, or gort_main returning): sched.exiting is final only under
     * sched.lock.  A G queued now would never run (every M that looks for
     * work parks for good) and the caller would wait for ever. */
    if (unlikely(rt_sched.exiting)) {
        rt_unlock(&rt_sched.lock);
        calledafterexit(); /* gp is dropped: nothing runs any more */
    }
    rt_sched.ncall++;
    rt_globrunqput(gp);
    rt_unlock(&rt_sched.lock);
    ast_relaxed(&mainstarted, true); /* host threads call in concurrently */
    startm(NULL, false);
    /* An attached thread waits parked: a stop-the-world reads the
     * registers it saved instead of holding it. */
    rt_attached *a = rt_tls_attached;
    if (a) rt_attpark(a);
    rt_notesleep(&done);
    if (a) rt_attunpark(a);
}

/*
 * The main goroutine's fn returned: end the program as Go's runtime.main
 * does, then stop every goroutine before gort_main's thread goes back to
 * the host (which will run its exit handlers, or more code):
 *
 *   1. a goroutine still running a panic's deferred calls gets a moment
 *      (it may recover); one printing a fatal panic ends the process with
 *      status 2 itself, so wait for that;
 *   2. stop the world, and mark the run over (sched.exiting): the world is
 *      never started again, goroutines leaving a syscall bracket stay
 *      stopped, sysmon idles;
 *   3. wake gort_main's thread; this M keeps the stopped world and sleeps.
 *
 * A goroutine running C code that never reaches a safe point is held in
 * place by step 2, as for a collection, and stays held (Gheld) for good
 * (docs/embedding.md, "Shutdown").
 */
static GORT_NORETURN RT_NOINLINE void mainexit(G *gp) {
    for (int i = 0; i < 1000 && ald(&rt_runningPanicDefers) > 0; i++)
        gort_sleep(100 * GORT_MICROSECOND);
    while (ald(&rt_panicking)) gort_sleep(GORT_SECOND);
    TRACE_EXIT(); /* finish a GORT_TRACE recording while goroutines run */
    rt_stopTheWorld("exit");
    rt_lock(&rt_sched.lock);
    ast(&rt_sched.exiting, true);
    rt_sched.ncall--;
    rt_unlock(&rt_sched.lock);
    /* Host threads are the host's: they run on (goroutines held in C stay
     * held, as every other goroutine stays stopped). */
    rt_releaseattached();
    rt_lock(&rt_sched.lock);
    rt_note *done = gp->donenote;
    gp->donenote = NULL;
    rt_unlock(&rt_sched.lock);
    rt_notewakeup(done);
    for (;;) rt_notesleep(&exitnote);
}

int gort_main(const gort_config *cfg, gort_func fn, void *arg) {
    if (rt_getg()) rt_throw("gort_main called from a goroutine");
    if (!fn) rt_throw("gort_main: nil func");
    ensure_started(cfg, true);
    ast(&rt_sched.goidgen, (int64_t)1);
    callwait(fn, arg, 1);
    /* The main goroutine has stopped every goroutine (mainexit): nothing
     * runs any more. */
    return 0;
}

void gort_call(gort_func fn, void *arg) {
    if (!fn) rt_throw("gort_call: nil func");
    if (rt_getg()) {
        fn(arg);
        return;
    }
    if (rt_getm()) rt_throw("gort_call: called on the scheduler stack");
    ensure_started(NULL, false);
    callwait(fn, arg, 0);
}

int64_t gort_goid(void) {
    G *gp = rt_getg();
    return gp ? gp->goid : 0;
}

int gort_numgoroutine(void) { return ald(&rt_sched.ngoroutine); }

bool gort_started(void) {
    rt_lock(&initlock);
    bool s = rt_sched.started;
    rt_unlock(&initlock);
    return s;
}

int gort_gomaxprocs(int n) {
    if (n < 0) rt_throwf("gort_gomaxprocs: negative count %d", n);
    if (!rt_sched.started) return choose_procs(NULL);
    int prev = ald_relaxed(&rt_sched.gomaxprocs);
    if (n == 0 || n == prev) return prev;
    if (n > GORT_MAXPROCS) n = GORT_MAXPROCS;
    rt_mustg("gort_gomaxprocs");
    /* Ps at or beyond n are destroyed: only Ps below it may stay held. */
    stopTheWorld("GOMAXPROCS", n);
    newprocs = n;
    rt_startTheWorld();
    return prev;
}

void gort_exit(int status) {
    TRACE_EXIT();
    rt_flush_stdout();
    fflush(NULL);
    _exit(status);
}

void gort_set_vm_hooks(const gort_vm_hooks *hooks, void *ctx) {
    G *gp = rt_mustg("gort_set_vm_hooks");
    /* The collector may read both while this G is stopped at any
     * instruction here (mgcmark.c scangfields): withdraw the hooks, store
     * the context, publish.  Hooks it sees are never paired with another
     * call's ctx. */
    ast(&gp->hooks, (const gort_vm_hooks *)NULL);
    ast(&gp->hooks_ctx, ctx);
    ast(&gp->hooks, hooks);
}
