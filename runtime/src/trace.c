/*
 * trace.c — the execution tracer's recording side.
 *
 * What it records.  The scheduler and the collector call one-line sites
 * (trace.h: TRACE_GC_START(n), TRACE_PROC_STOP(pp), ...).  Each site tests
 * rt_trace_on and, when set, appends one event to a buffer: a type byte,
 * the time since the buffer's previous event as a varint, and the event's
 * varint arguments.  Goroutine switches, most of any trace, have their own
 * path (rt_trace_goswitch, goleave, gostart, goready): proc.c's mcall
 * tests the flag once per switch, the caller hands over its M, and a
 * direct hand-off is a single GoSwitch event that the reader expands into
 * the leave event and the next goroutine's GoStart.  docs/tracing.md
 * draws the format.
 *
 * Where events go.
 *
 *     M holding P3 ──> pbufs[3] ─┐  full (64 KiB) or at stop
 *     M holding P0 ──> pbufs[0] ─┼──────────────> fullq ──> writer thread ──> file
 *     no P (sysmon, syscall exit,│                  ^          │
 *     foreign thread) ─> gbuf ───┘ (under glock)    │          └─> freeq
 *     writer's 1 ms sampler (counters, clock) ─> gbuf
 *
 *   - A P's buffer is written only by the M holding that P (mp->p == pp), so
 *     it needs no lock: P hand-offs already order one owner's writes before
 *     the next owner's.
 *   - Events without a P go to one shared buffer under glock, re-checking
 *     rt_trace_on under the lock (gort_trace_stop takes glock to flush it).
 *   - A full buffer goes to fullq; the writer thread writes it as a batch
 *     (owner, per-owner sequence number, base timestamp, length, bytes) and
 *     returns it to freeq.  At most `buflimit` buffers exist: an emitter that
 *     finds none free waits for the writer.  So a trace never loses an event
 *     and never holds more than buflimit x 64 KiB, however long it runs.
 *
 * Time.  On x86-64 with an invariant TSC, a tick is TSC/16 (about 5 ns);
 * on aarch64 the virtual counter cntvct_el0; elsewhere CLOCK_MONOTONIC in
 * nanoseconds.  The writer records (ticks, nanoseconds) Clock pairs at the
 * start, every 50 ms and at the end; the converter maps ticks to time by
 * the first and last pair, so no calibration delays the start.
 *
 * Names.  Wait reasons are the runtime's constant strings: interned by
 * address in a lock-free table (a hit is one probe).  User strings (log
 * categories, region and task names) are interned by content under
 * strlock.  Stacks (creation sites and blocking sites, up to STKMAX
 * frame-pointer frames) go through the stack cache: a lock-free table by
 * content, fronted for blocking sites by a per-site cache whose hits are
 * checked frame by frame ("The per-site cache" below).  The tables are
 * written, with each stack pc's symbol, as a final batch when the trace
 * stops; they persist across traces.
 *
 * Switching on and off.  gort_trace_start and gort_trace_stop stop the
 * world: with every P parked no M is half-way through an event, so the
 * per-P buffers can be taken (stop) and the initial state of every P and
 * goroutine can be written before any event (start).  GORT_TRACE=FILE
 * starts at runtime initialisation, before any goroutine exists; gort_main
 * and gort_exit stop it (a .json or .html name converts at that point).
 *
 * Rejected alternatives: one locked buffer (every event would contend on
 * one line across Ps); per-M buffers (an M moves between Ps, and the
 * viewer's lanes are Ps); writing on the emitting thread (a write(2) at
 * every full buffer would show up as a stall in the very trace); clock_gettime
 * per event (kvm-clock costs ~25 ns here, the TSC ~7).
 */
#include "trace.h"

#include "mgc.h"
#include "runtime.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

uint32_t rt_trace_on;

enum { BUFSIZE = 64 * 1024, EVMAX = 96, MSGMAX = 1024, STKMAX = 10 };
/* Batch owner of the writer's sampler buffer (after the Ps). */
#define SAMPLER (GORT_MAXPROCS + 1)

typedef struct TraceBuf {
    struct TraceBuf *next; /* fullq/freeq link, under qlock */
    uint32_t owner;        /* RT_TRACE_GLOBAL or p+1; set when taken */
    uint32_t pos;          /* bytes used; owner (P holder or glock) */
    uint64_t base;         /* ticks of the first event; owner */
    uint64_t last;         /* ticks of the previous event; owner */
    uint64_t nev;          /* events in data; owner */
    uint8_t data[BUFSIZE];
} TraceBuf;

/* A P without a buffer points at nobuf, which looks full: the emitter's
 * one bounds check also catches "no buffer yet".  Never written. */
static TraceBuf nobuf = {.pos = BUFSIZE};
static TraceBuf *pbufs[GORT_MAXPROCS] = {
    [0 ... GORT_MAXPROCS - 1] = &nobuf}; /* owner: the M holding P i */
static TraceBuf *gbuf;                 /* under glock */
static rt_mutex glock;

/* The writer and its queues. */
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t qcond = PTHREAD_COND_INITIALIZER;   /* writer waits */
static pthread_cond_t freecond = PTHREAD_COND_INITIALIZER; /* emitters wait */
static TraceBuf *fullq, *fullqtail, *freeq; /* under qlock */
static uint64_t nbufs;                      /* allocated; under qlock */
static bool wstop;                          /* under qlock */
static pthread_t writer;
static int tracefd = -1;                    /* writer only, once started */
static uint64_t seqs[GORT_MAXPROCS + 2];    /* writer: next seq per owner */
static TraceBuf *sbuf;                      /* the writer's own (sampler) */
static rt_trace_stats stats;                /* under qlock */

/* Which trace is running: gort_trace_start's or GORT_TRACE's. */
static uint32_t busy;       /* atomic: a start or stop is in progress */
static char *convertpath;   /* GORT_TRACE=x.json|x.html: convert at stop */
static char *binpath;       /* the binary file being written */

#define AINLINE inline __attribute__((always_inline))

static int tsmode; /* 0: clock_gettime, 1: TSC >> 4, 2: cntvct_el0 */

static AINLINE uint64_t ticks(void) {
#if defined(__x86_64__)
    if (likely(tsmode == 1)) return __builtin_ia32_rdtsc() >> 4;
#elif defined(__aarch64__)
    if (likely(tsmode == 2)) {
        uint64_t v;
        __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
        return v;
    }
#endif
    return (uint64_t)rt_nanotime();
}

static void choosetsmode(void) {
    tsmode = 0;
#if defined(__x86_64__)
    unsigned a, b, c, d;
    /* CPUID 0x80000007 EDX bit 8: the TSC runs at a constant rate in every
     * P-, C- and T-state (and hypervisors that expose it keep it so). */
    if (__get_cpuid(0x80000007, &a, &b, &c, &d) && (d & (1u << 8))) tsmode = 1;
#elif defined(__aarch64__)
    tsmode = 2;
#endif
    if (getenv("GORT_TRACE_CLOCK") && strcmp(getenv("GORT_TRACE_CLOCK"), "monotonic") == 0)
        tsmode = 0;
}

/* ---------------------------------------------------------------------- */
/* Varints and buffers                                                     */
/* ---------------------------------------------------------------------- */

static AINLINE uint8_t *putv(uint8_t *p, uint64_t v) {
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    return p;
}

static TraceBuf *bufalloc(uint32_t owner) {
    pthread_mutex_lock(&qlock);
    TraceBuf *b;
    for (;;) {
        b = freeq;
        if (b) {
            freeq = b->next;
            break;
        }
        if (nbufs < stats.bufslimit) {
            nbufs++;
            if (nbufs > stats.bufsmax) stats.bufsmax = nbufs;
            pthread_mutex_unlock(&qlock);
            b = malloc(sizeof *b);
            if (!b) rt_throw("trace: out of memory for a buffer");
            pthread_mutex_lock(&qlock);
            break;
        }
        stats.waits++;
        pthread_cond_wait(&freecond, &qlock);
    }
    pthread_mutex_unlock(&qlock);
    b->next = NULL;
    b->owner = owner;
    b->pos = 0;
    b->nev = 0;
    b->base = b->last = ticks();
    return b;
}

static void bufpush(TraceBuf *b) {
    if (!b || b == &nobuf) return;
    if (b->pos == 0) {
        pthread_mutex_lock(&qlock);
        b->next = freeq;
        freeq = b;
        pthread_mutex_unlock(&qlock);
        return;
    }
    pthread_mutex_lock(&qlock);
    b->next = NULL;
    if (fullqtail)
        fullqtail->next = b;
    else
        fullq = b;
    fullqtail = b;
    pthread_cond_signal(&qcond);
    pthread_mutex_unlock(&qlock);
}

/* An event being written: the buffer and whether glock is held. */
typedef struct W {
    M *mp;           /* this thread's M, or NULL */
    TraceBuf **slot;
    uint32_t owner;
    bool locked;
} W;

/* Picks this thread's buffer.  False if tracing stopped meanwhile. */
static AINLINE bool wbegin(W *w) {
    M *mp = w->mp = rt_getm();
    P *pp = mp ? mp->p : NULL;
    if (likely(pp != NULL)) {
        w->slot = &pbufs[pp->id];
        w->owner = (uint32_t)pp->id + 1;
        w->locked = false;
        return true;
    }
    rt_lock(&glock);
    if (!ald(&rt_trace_on)) {
        rt_unlock(&glock);
        return false;
    }
    w->slot = &gbuf;
    w->owner = RT_TRACE_GLOBAL;
    w->locked = true;
    return true;
}

static AINLINE void wend(W *w) {
    if (w->locked) rt_unlock(&glock);
}

/* Starts an event of up to `room` bytes; returns where its arguments go. */
static AINLINE uint8_t *evstart(W *w, int ev, size_t room) {
    TraceBuf *b = *w->slot;
    if (unlikely(!b || b->pos + room > BUFSIZE)) {
        bufpush(b);
        b = *w->slot = bufalloc(w->owner);
    }
    uint64_t t = ticks();
    uint8_t *p = b->data + b->pos;
    /* A P moves between CPUs: clamp a tiny backwards step across cores. */
    uint64_t d = t > b->last ? t - b->last : 0;
    b->last = t > b->last ? t : b->last;
    *p++ = (uint8_t)ev;
    return putv(p, d);
}

static AINLINE void evfinish(W *w, uint8_t *end) {
    TraceBuf *b = *w->slot;
    b->pos = (uint32_t)(end - b->data);
    b->nev++;
}

static void emit(int ev, int n, uint64_t a0, uint64_t a1, uint64_t a2,
                 uint64_t a3) {
    W w;
    if (!wbegin(&w)) return;
    uint8_t *p = evstart(&w, ev, EVMAX);
    if (n > 0) p = putv(p, a0);
    if (n > 1) p = putv(p, a1);
    if (n > 2) p = putv(p, a2);
    if (n > 3) p = putv(p, a3);
    evfinish(&w, p);
    if (ev == RT_EV_GoSwitch) (*w.slot)->nev++; /* read back as two */
    wend(&w);
}

/* ---------------------------------------------------------------------- */
/* Interning                                                               */
/* ---------------------------------------------------------------------- */

enum { PTAB = 1024, CTAB = 1 << 14 };

/* Constant strings by address; lookups lock-free, inserts under strlock.
 * key is published (release) after id is written. */
static struct {
    const char *key;
    uint32_t id;
} ptab[PTAB];

/* Strings by content (hash), under strlock. */
typedef struct CEnt {
    uint64_t hash;   /* 0: empty */
    uint32_t id;
} CEnt;
static CEnt ctab[CTAB];
static size_t ctabn;

static rt_mutex strlock;
static char **strs;       /* id -> string; under strlock */
static size_t nstrs, capstrs;
typedef struct Stk {
    uint32_t n;
    uintptr_t pcs[STKMAX];
} Stk;
static Stk *stks;         /* id -> stack; under strlock */
static size_t nstks, capstks;

static uint32_t addstr(const char *s, size_t len) {
    if (nstrs == capstrs) {
        capstrs = capstrs ? 2 * capstrs : 64;
        strs = realloc(strs, capstrs * sizeof *strs);
        if (!strs) rt_throw("trace: out of memory for strings");
    }
    char *c = malloc(len + 1);
    if (!c) rt_throw("trace: out of memory for strings");
    memcpy(c, s, len);
    c[len] = 0;
    strs[nstrs] = c;
    return (uint32_t)nstrs++;
}

static void tablesinit(void) {
    if (nstrs == 0) addstr("", 0); /* id 0: no string */
    if (nstks == 0) {
        capstks = 64;
        stks = calloc(capstks, sizeof *stks);
        if (!stks) rt_throw("trace: out of memory for stacks");
        nstks = 1; /* id 0: no stack */
    }
}

static uint32_t internptr(const char *s) {
    if (!s) return 0;
    /* One direct probe covers the common case. */
    uintptr_t h0 = ((uintptr_t)s * 0x9E3779B97F4A7C15ull) >> 54;
    if (likely(ald(&ptab[h0 & (PTAB - 1)].key) == s)) return ptab[h0 & (PTAB - 1)].id;
    uintptr_t h = ((uintptr_t)s * 0x9E3779B97F4A7C15ull) >> 54;
    for (uint32_t i = 0; i < PTAB; i++) {
        uint32_t k = (uint32_t)(h + i) & (PTAB - 1);
        const char *key = ald(&ptab[k].key);
        if (key == s) return ptab[k].id;
        if (key) continue;
        rt_lock(&strlock);
        if (ptab[k].key == NULL) {
            ptab[k].id = addstr(s, strlen(s));
            ast(&ptab[k].key, s);
        }
        rt_unlock(&strlock);
        i--; /* look at the same slot again */
    }
    return 0; /* table full: the reason prints empty */
}

static uint64_t fnv(const void *p, size_t n, uint64_t h) {
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ull;
    return h | 1;
}

/* Content interning.  strlock held. */
static CEnt *clookup(uint64_t h, const char *key, size_t len) {
    for (size_t i = 0; i < CTAB; i++) {
        CEnt *e = &ctab[(h + i) & (CTAB - 1)];
        if (e->hash == 0) return e;
        if (e->hash == h && strlen(strs[e->id]) == len &&
            memcmp(strs[e->id], key, len) == 0)
            return e;
    }
    return NULL;
}

static uint32_t internstr(const char *s) {
    if (!s) return 0;
    size_t len = strlen(s);
    if (len > MSGMAX) len = MSGMAX;
    uint64_t h = fnv(s, len, 0xcbf29ce484222325ull);
    rt_lock(&strlock);
    CEnt *e = clookup(h, s, len);
    uint32_t id = 0;
    if (e && e->hash) {
        id = e->id;
    } else if (e && ctabn < CTAB * 3 / 4) {
        id = e->id = addstr(s, len);
        e->hash = h;
        ctabn++;
    }
    rt_unlock(&strlock);
    return id;
}

/*
 * Stacks: the per-site stack cache.  A stack (up to STKMAX return
 * addresses) is hashed word by word as it is captured; its id is found in
 * scache, an open-addressed table read without a lock: one probe at
 * hash >> 52 usually hits, and a hit compares the pcs (ids are exact, never
 * a guess from the hash).  A miss takes strlock, probes again, and
 * publishes a new entry: pcs, n and id first, then the hash with release
 * order, so a reader that sees the hash sees the rest.  An entry never
 * changes after that, so hits need no lock and no atomic beyond the
 * acquire load of the hash.  The table persists across traces, like the
 * string tables; when it is 3/4 full, new stacks get id 0 (none).
 */
enum { SCACHE = 4096 };
typedef struct SEnt {
    uint64_t hash; /* 0: empty; written once under strlock, release */
    uint32_t id;   /* stks index; written before hash */
    uint32_t n;
    uintptr_t pcs[STKMAX];
} SEnt;
static SEnt scache[SCACHE];
static size_t scachen; /* entries used; under strlock */

#define STKSEED 0x84222325cbf29ce4ull
#define STKMUL 0x9E3779B97F4A7C15ull

static AINLINE uint64_t stkmix(uint64_t h, uintptr_t pc) {
    return (h ^ pc) * STKMUL;
}

static AINLINE bool stkeq(const SEnt *e, const uintptr_t *pcs, uint32_t n) {
    if (e->n != n) return false;
    for (uint32_t i = 0; i < n; i++)
        if (e->pcs[i] != pcs[i]) return false;
    return true;
}

static RT_NOINLINE SEnt *stackslow(const uintptr_t *pcs, uint32_t n,
                                   uint64_t h) {
    size_t h0 = (size_t)(h >> 52);
    for (size_t i = 0; i < SCACHE; i++) {
        SEnt *e = &scache[(h0 + i) & (SCACHE - 1)];
        uint64_t eh = ald(&e->hash);
        if (eh == h && stkeq(e, pcs, n)) return e;
        if (eh == 0) break;
    }
    SEnt *found = NULL;
    rt_lock(&strlock);
    for (size_t i = 0; i < SCACHE; i++) {
        SEnt *e = &scache[(h0 + i) & (SCACHE - 1)];
        if (e->hash == h && stkeq(e, pcs, n)) {
            found = e;
            break;
        }
        if (e->hash != 0) continue;
        if (scachen >= SCACHE * 3 / 4) break; /* full: no stack */
        if (nstks == capstks) {
            capstks *= 2;
            stks = realloc(stks, capstks * sizeof *stks);
            if (!stks) rt_throw("trace: out of memory for stacks");
        }
        uint32_t id = (uint32_t)nstks++;
        stks[id].n = n;
        memcpy(stks[id].pcs, pcs, n * sizeof *pcs);
        e->id = id;
        e->n = n;
        memcpy(e->pcs, pcs, n * sizeof *pcs);
        scachen++;
        ast(&e->hash, h);
        found = e;
        break;
    }
    rt_unlock(&strlock);
    return found;
}

/* The entry of pcs[0..n) whose stkmix hash is h, or NULL (none: n is 0,
 * or the table is full). */
static AINLINE SEnt *stackent(const uintptr_t *pcs, uint32_t n, uint64_t h) {
    if (n == 0) return NULL;
    h |= 1;
    SEnt *e = &scache[h >> 52];
    if (likely(ald(&e->hash) == h && stkeq(e, pcs, n))) return e;
    return stackslow(pcs, n, h);
}

static uint32_t internstack(const uintptr_t *pcs, uint32_t n) {
    uint64_t h = STKSEED;
    for (uint32_t i = 0; i < n; i++) h = stkmix(h, pcs[i]);
    SEnt *e = stackent(pcs, n, h);
    return e ? e->id : 0;
}

/* Up to STKMAX return addresses above our caller, by frame pointers,
 * staying inside the current stack. */
static RT_NOINLINE uint32_t callers(uintptr_t *pcs) {
    M *mp = rt_getm();
    G *gp = mp ? (mp->curg ? mp->curg : mp->g0) : NULL;
    uintptr_t lo = gp ? gp->stack_lo : 0, hi = gp ? gp->stack_hi : 0;
    uintptr_t *fp = __builtin_frame_address(0);
    uint32_t n = 0;
    while (n < STKMAX && lo && (uintptr_t)fp >= lo && (uintptr_t)fp + 16 <= hi &&
           ((uintptr_t)fp & 7) == 0) {
        uintptr_t pc = fp[1];
        uintptr_t *next = (uintptr_t *)fp[0];
        if (!pc) break;
        pcs[n++] = pc;
        if (next <= fp) break;
        fp = next;
    }
    if (n == 0) pcs[n++] = (uintptr_t)__builtin_return_address(0);
    return n;
}

/* ---------------------------------------------------------------------- */
/* Event sites                                                             */
/* ---------------------------------------------------------------------- */

void rt_trace_gocreate(G *gp) {
    uintptr_t pcs[STKMAX];
    uint32_t n = callers(pcs);
    G *parent = rt_getg();
    emit(RT_EV_GoCreate, 4, (uint64_t)gp->goid,
         parent ? (uint64_t)parent->goid : 0, internstack(pcs, n),
         gp->sys ? 1 : 0);
}

/*
 * The switch events (GoStart, GoBlock, GoSched, GoPreempt, GoEnd,
 * GoUnblock) are most of a trace, so they have their own path: the caller
 * passes its M, the P's buffer is pbufs[mp->p->id], and an event is a
 * bounds check, rdtsc, and three or four byte stores for the type, the
 * delta and the arguments.  Without a P (a goroutine readied from a plain
 * thread or from sysmon) they take emit's locked path.
 */
static RT_NOINLINE TraceBuf *prefill(P *pp) {
    TraceBuf **slot = &pbufs[pp->id];
    bufpush(*slot);
    return *slot = bufalloc((uint32_t)pp->id + 1);
}

/* Starts an event in pp's buffer: the type and the time delta.  Returns
 * where the arguments go; *now is the event's ticks. */
static AINLINE uint8_t *pstart(P *pp, TraceBuf **bp, int ev, uint64_t *now) {
    TraceBuf *b = pbufs[pp->id];
    if (unlikely(b->pos > BUFSIZE - EVMAX)) b = prefill(pp);
    uint64_t t = ticks();
    uint8_t *p = b->data + b->pos;
    uint64_t last = b->last;
    uint64_t d = 0;
    if (likely(t > last)) {
        d = t - last;
        b->last = t;
    }
    *p++ = (uint8_t)ev;
    *bp = b;
    *now = t;
    return putv(p, d);
}

/* nev: the events the reader will count for this one. */
static AINLINE void pfinish(TraceBuf *b, uint8_t *p, int nev) {
    b->pos = (uint32_t)(p - b->data);
    b->nev += (uint64_t)nev;
}

static AINLINE void ppemit(P *pp, int ev, uint64_t a0, uint64_t a1,
                           uint64_t a2, uint64_t a3, int n) {
    if (unlikely(!pp)) {
        emit(ev, n, a0, a1, a2, a3);
        return;
    }
    TraceBuf *b;
    uint64_t now;
    uint8_t *p = pstart(pp, &b, ev, &now);
    p = putv(p, a0);
    if (n > 1) p = putv(p, a1);
    if (n > 2) p = putv(p, a2);
    if (n > 3) p = putv(p, a3);
    pfinish(b, p, 1);
}

static AINLINE void pemit(M *mp, int ev, uint64_t a0, uint64_t a1,
                          uint64_t a2, uint64_t a3, int n) {
    ppemit(mp ? mp->p : NULL, ev, a0, a1, a2, a3, n);
}

/* Wait reasons by address: the first probe of ptab, inline.  The key is
 * loaded with acquire, as in internptr: another thread may have just
 * filled the slot (id, then key with release), and a relaxed load would
 * let the id be read before it was written (TSan, test_trace). */
static uint32_t internptr(const char *s);
static AINLINE uint32_t reasonid(const char *s) {
    uintptr_t h = (((uintptr_t)s * 0x9E3779B97F4A7C15ull) >> 54) & (PTAB - 1);
    if (likely(ald(&ptab[h].key) == s && s)) return ptab[h].id;
    return internptr(s);
}

/*
 * The blocking site: the stack of gp, which is about to park, by frame
 * pointers from the emitter's own frame.  The first two frames are always
 * proc.c's mcall_traced and the park function (rt_gopark or
 * rt_goparkunlock), so the stack starts at the return address into what
 * called the park (chanpark, semacquire, ...).
 *
 * The walk stays inside gp's stack: a frame's pc is taken only if its
 * saved frame pointer leads to a frame above it and below stack_hi.  So a
 * goroutine's stack ends at goentry (whose saved frame pointer is the
 * trampoline's 0), and a frame chain broken by code built without frame
 * pointers, or leaving the stack (a sanitizer's fake frames), ends there.
 *
 * The per-site cache.  A goroutine that blocks at a site blocks there
 * again, usually at the same depth: fcache remembers, by the park
 * function's frame address and the first pc, the entry last found there.
 * A hit is checked frame by frame against that entry (the walk compares
 * instead of hashing and storing), so a cached id is exact: any
 * difference, deeper frames included, falls back to the hashing walk and
 * the stack table.  Entries are immutable once published, so fcache is
 * pointers written and read with release/acquire and no lock; a lost race
 * between two Ps only costs a later miss.  Always inlined into the
 * emitter, so that __builtin_frame_address(0) is the emitter's frame
 * (out of line, the call and a second frame cost more than they save).
 *
 * Rejected: hashing every walk and probing the stack table (about 205
 * instructions a block in the ping-pong, against about 105 for the
 * checked hit); trusting a 64-bit hash of the pcs without comparing them
 * (cheaper by a few instructions a frame, but an id could then name the
 * wrong stack); keying a cache by the first return address alone (two
 * callers of one blocking function would share a stack).  Unblocks
 * recorded late, in the readied G and written with its next start, were
 * tried to pay for the stacks: they saved the unblock event's cost at the
 * readier but added as much to the switch (two more varints).
 */
enum { BLOCKSKIP = 2, FCACHE = 1024 };
/* GORT_TRACE_STACKS=1 gives block events their stacks; read at start,
 * while the world is stopped.  Off by default: a checked hit costs about
 * 105 instructions a block, which takes a channel ping-pong from 1.30x to
 * 1.49x its untraced time (docs/tracing.md, "Cost"), past the 1.3x budget
 * a trace that is always safe to switch on must keep.  Creation stacks
 * are always recorded: a goroutine is created once, and blocks often. */
static bool blockstacks = false;
static SEnt *fcache[FCACHE];

static RT_NOINLINE uint32_t blockwalk(uintptr_t *fp, uintptr_t hi,
                                      SEnt **slot) {
    uintptr_t pcs[STKMAX];
    uint64_t h = STKSEED;
    uint32_t n = 0;
    for (;;) {
        uintptr_t *next = (uintptr_t *)fp[0];
        if (next <= fp || (uintptr_t)next > hi) break;
        uintptr_t pc = fp[1];
        pcs[n++] = pc;
        h = stkmix(h, pc);
        if (n == STKMAX) break;
        fp = next;
    }
    SEnt *e = stackent(pcs, n, h);
    if (!e) return 0;
    ast(slot, e);
    return e->id;
}

static AINLINE uint32_t blockstack(G *gp) {
    uintptr_t *fp = __builtin_frame_address(0);
    uintptr_t hi = gp->stack_hi - 2 * sizeof(uintptr_t);
    if (unlikely(gp->stack_hi == 0)) return 0;
    for (int i = 0; i < BLOCKSKIP; i++) {
        uintptr_t *next = (uintptr_t *)fp[0];
        if (next <= fp || (uintptr_t)next > hi) return 0;
        fp = next;
    }
    SEnt **slot = &fcache[(((uintptr_t)fp >> 4) ^ fp[1]) & (FCACHE - 1)];
    const SEnt *e = ald(slot);
    if (likely(e != NULL)) {
        const uintptr_t *want = e->pcs, *end = e->pcs + e->n;
        uintptr_t *f = fp, *next;
        for (; want != end; want++, f = next) {
            next = (uintptr_t *)f[0];
            if (next <= f) goto miss;
            if ((uintptr_t)next > hi) goto miss;
            if (f[1] != *want) goto miss;
        }
        /* All n frames agree; the chain must also end where it did. */
        next = (uintptr_t *)f[0];
        if (e->n == STKMAX || next <= f || (uintptr_t)next > hi) return e->id;
    }
miss:
    return blockwalk(fp, hi, slot);
}

void rt_trace_goleave(M *mp, G *gp, int ev) {
    if (ev == RT_EV_GoBlock)
        pemit(mp, ev, (uint64_t)gp->goid, reasonid(gp->waitreason),
              likely(blockstacks) ? blockstack(gp) : 0, 0, 3);
    else
        pemit(mp, ev, (uint64_t)gp->goid, 0, 0, 0, 1);
}

void rt_trace_goswitch(M *mp, G *gp, int ev, G *next) {
    uint64_t why, stk = 0;
    switch (ev) {
    case RT_EV_GoBlock:
        why = RT_SWITCH_BLOCK + reasonid(gp->waitreason);
        if (likely(blockstacks)) stk = blockstack(gp);
        break;
    case RT_EV_GoSched: why = RT_SWITCH_SCHED; break;
    case RT_EV_GoPreempt: why = RT_SWITCH_PREEMPT; break;
    case RT_EV_GoEnd: why = RT_SWITCH_END; break;
    default:
        pemit(mp, RT_EV_GoStart, (uint64_t)next->goid, 0, 0, 0, 1);
        return;
    }
    P *pp = mp ? mp->p : NULL;
    if (unlikely(!pp)) {
        emit(RT_EV_GoSwitch, 4, (uint64_t)gp->goid, why, (uint64_t)next->goid,
             stk);
        return;
    }
    TraceBuf *b;
    uint64_t now;
    uint8_t *p = pstart(pp, &b, RT_EV_GoSwitch, &now);
    p = putv(p, (uint64_t)gp->goid);
    p = putv(p, why);
    p = putv(p, (uint64_t)next->goid);
    p = putv(p, stk);
    pfinish(b, p, 2); /* read back as the leave and the start */
}

void rt_trace_gostart(M *mp, G *gp) {
    pemit(mp, RT_EV_GoStart, (uint64_t)gp->goid, 0, 0, 0, 1);
}

static AINLINE void unblock(P *pp, M *mp, G *gp) {
    G *by = mp ? mp->curg : NULL;
    ppemit(pp, RT_EV_GoUnblock, (uint64_t)gp->goid,
           by ? (uint64_t)by->goid : 0, 0, 0, 2);
}

void rt_trace_gounblock(M *mp, G *gp) { unblock(mp ? mp->p : NULL, mp, gp); }

/* goready's P is the current M's (pp->m), or NULL. */
void rt_trace_goready(P *pp, G *gp) {
    if (pp)
        unblock(pp, pp->m, gp);
    else
        rt_trace_gounblock(rt_getm(), gp);
}

/* proc.c's casgstatus: the other transitions that are events. */
void rt_trace_gstatus(G *gp, uint32_t old, uint32_t new) {
    if (old == Gdead && new == Grunnable)
        rt_trace_gocreate(gp);
    else if (old == Gwaiting && new == Grunnable)
        rt_trace_gounblock(rt_getm(), gp);
    else if (old == Gsyscall && new == Grunning)
        rt_trace_go(RT_EV_GoSysExit, gp);
}

void rt_trace_go(int ev, G *gp) {
    emit(ev, 1, (uint64_t)gp->goid, 0, 0, 0);
}

void rt_trace_procstart(P *pp, int64_t mid) {
    (void)pp; /* the buffer is pp's: acquirep has set mp->p */
    emit(RT_EV_ProcStart, 1, (uint64_t)mid, 0, 0, 0);
}

void rt_trace_procstop(P *pp) {
    (void)pp; /* called before releasep clears mp->p */
    emit(RT_EV_ProcStop, 0, 0, 0, 0, 0);
}

void rt_trace_procsteal(P *pp) {
    M *mp = rt_getm();
    emit(RT_EV_ProcSteal, 2, (uint64_t)pp->id, mp ? (uint64_t)mp->id : 0, 0, 0);
}

void rt_trace_spin(int64_t mid, bool on) {
    emit(on ? RT_EV_SpinStart : RT_EV_SpinStop, 1, (uint64_t)mid, 0, 0, 0);
}

void rt_trace_steal(P *victim, uint32_t n) {
    emit(RT_EV_Steal, 2, (uint64_t)victim->id, n, 0, 0);
}

static void heapcounts(void) {
    emit(RT_EV_HeapCounts, 2, ald_relaxed(&rt_memstats_heap.heapLive),
         ald_relaxed(&rt_gcctl.heapGoal), 0, 0);
}

void rt_trace_gc(int ev, uint64_t arg) {
    emit(ev, ev == RT_EV_GCStart ? 1 : 0, arg, 0, 0, 0);
    if (ev == RT_EV_GCStart || ev == RT_EV_GCDone) heapcounts();
}

void rt_trace_stw(const char *reason) {
    emit(RT_EV_STWStart, 1, internptr(reason), 0, 0, 0);
}

void rt_trace_assist(G *gp, bool on) {
    emit(on ? RT_EV_AssistStart : RT_EV_AssistDone, 1, (uint64_t)gp->goid, 0,
         0, 0);
}

/* ---------------------------------------------------------------------- */
/* User annotations (gort.h)                                               */
/* ---------------------------------------------------------------------- */

static uint64_t curgoid(void) {
    G *gp = rt_getg();
    return gp ? (uint64_t)gp->goid : 0;
}

void gort_trace_log(uint64_t task, const char *category, const char *message) {
    if (!RT_TRACE_ON()) return;
    uint32_t cat = internstr(category);
    size_t len = message ? strlen(message) : 0;
    if (len > MSGMAX) len = MSGMAX;
    W w;
    if (!wbegin(&w)) return;
    uint8_t *p = evstart(&w, RT_EV_UserLog, EVMAX + len);
    p = putv(p, curgoid());
    p = putv(p, cat);
    p = putv(p, task);
    p = putv(p, len);
    memcpy(p, message ? message : "", len);
    evfinish(&w, p + len);
    wend(&w);
}

static uint64_t tasknext;

uint64_t gort_trace_task_new(uint64_t parent, const char *name) {
    uint64_t id = axadd(&tasknext, 1);
    if (RT_TRACE_ON())
        emit(RT_EV_TaskCreate, 4, curgoid(), id, parent, internstr(name));
    return id;
}

void gort_trace_task_end(uint64_t task) {
    if (RT_TRACE_ON()) emit(RT_EV_TaskEnd, 2, curgoid(), task, 0, 0);
}

void gort_trace_region_start(uint64_t task, const char *name) {
    if (RT_TRACE_ON())
        emit(RT_EV_RegionStart, 3, curgoid(), task, internstr(name), 0);
}

void gort_trace_region_end(uint64_t task, const char *name) {
    if (RT_TRACE_ON())
        emit(RT_EV_RegionEnd, 3, curgoid(), task, internstr(name), 0);
}

bool gort_trace_enabled(void) { return RT_TRACE_ON(); }

/* ---------------------------------------------------------------------- */
/* The writer thread                                                       */
/* ---------------------------------------------------------------------- */

static bool writeall(int fd, const void *p, size_t n) {
    const uint8_t *b = p;
    while (n > 0) {
        ssize_t r = write(fd, b, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        b += r;
        n -= (size_t)r;
    }
    return true;
}

static bool werr; /* writer: a write failed (reported at stop) */

/* Writes b as a batch.  Writer thread, or the stopper after the writer. */
static void writebatch(TraceBuf *b) {
    uint8_t hdr[64], *p = hdr;
    p = putv(p, b->owner);
    p = putv(p, seqs[b->owner]++);
    p = putv(p, b->base);
    p = putv(p, b->pos);
    if (!writeall(tracefd, hdr, (size_t)(p - hdr)) ||
        !writeall(tracefd, b->data, b->pos))
        werr = true;
    pthread_mutex_lock(&qlock);
    stats.events += b->nev;
    stats.bytes += (uint64_t)(p - hdr) + b->pos;
    stats.batches++;
    pthread_mutex_unlock(&qlock);
}

static uint64_t runnable(void) {
    int64_t n = ald_relaxed(&rt_sched.runqsize);
    int np = ald_relaxed(&rt_sched.gomaxprocs);
    for (int i = 0; i < np; i++) {
        P *pp = rt_allp[i];
        if (!pp) continue;
        uint32_t h = ald_relaxed(&pp->runqhead), t = ald_relaxed(&pp->runqtail);
        uint32_t d = t - h;
        if (d <= RUNQ_SIZE) n += d;
        if (ald_relaxed(&pp->runnext)) n++;
    }
    return n > 0 ? (uint64_t)n : 0;
}

static void clockpair(void) {
    uint64_t t = ticks();
    emit(RT_EV_Clock, 2, t, (uint64_t)rt_nanotime(), 0, 0);
}

/* Every millisecond: the counters, into the writer's own buffer (never
 * gbuf: an emitter may hold glock while it waits for this thread). */
static void sample(unsigned n) {
    if (sbuf->pos + 4 * EVMAX > BUFSIZE) {
        writebatch(sbuf);
        sbuf->pos = 0;
        sbuf->nev = 0;
        sbuf->base = sbuf->last = ticks();
    }
    W w = {NULL, &sbuf, SAMPLER, false};
    uint8_t *p = evstart(&w, RT_EV_HeapCounts, EVMAX);
    p = putv(p, ald_relaxed(&rt_memstats_heap.heapLive));
    p = putv(p, ald_relaxed(&rt_gcctl.heapGoal));
    evfinish(&w, p);
    p = evstart(&w, RT_EV_GoCounts, EVMAX);
    p = putv(p, (uint64_t)ald_relaxed(&rt_sched.ngoroutine));
    p = putv(p, runnable());
    evfinish(&w, p);
    if (n % 50 == 0) {
        uint64_t t = ticks();
        p = evstart(&w, RT_EV_Clock, EVMAX);
        p = putv(p, t);
        p = putv(p, (uint64_t)rt_nanotime());
        evfinish(&w, p);
    }
}

static void *writerloop(void *arg) {
    (void)arg;
    unsigned n = 0;
    pthread_mutex_lock(&qlock);
    for (;;) {
        while (fullq) {
            TraceBuf *b = fullq;
            fullq = b->next;
            if (!fullq) fullqtail = NULL;
            pthread_mutex_unlock(&qlock);
            writebatch(b);
            pthread_mutex_lock(&qlock);
            b->next = freeq;
            freeq = b;
            pthread_cond_broadcast(&freecond);
        }
        if (wstop) break;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 1000000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        int r = pthread_cond_timedwait(&qcond, &qlock, &ts);
        if (r == ETIMEDOUT && !wstop) {
            pthread_mutex_unlock(&qlock);
            sample(++n);
            pthread_mutex_lock(&qlock);
        }
    }
    pthread_mutex_unlock(&qlock);
    return NULL;
}

/* ---------------------------------------------------------------------- */
/* Start and stop                                                          */
/* ---------------------------------------------------------------------- */

static const uint8_t magic[8] = {'g', 'o', 'r', 't', 't', 'r', 'c', 3};

/* Opens the file and starts the writer.  False if it cannot be created. */
static bool openwriter(const char *path) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return false;
    tracefd = fd;
    werr = !writeall(fd, magic, sizeof magic);
    memset(seqs, 0, sizeof seqs);
    pthread_mutex_lock(&qlock);
    uint64_t limit = stats.bufslimit;
    memset(&stats, 0, sizeof stats);
    stats.bufslimit = limit;
    stats.bufsmax = nbufs;
    wstop = false;
    pthread_mutex_unlock(&qlock);
    if (!sbuf && !(sbuf = malloc(sizeof *sbuf)))
        rt_throw("trace: out of memory for a buffer");
    sbuf->owner = SAMPLER;
    sbuf->pos = 0;
    sbuf->nev = 0;
    sbuf->base = sbuf->last = ticks();
    if (pthread_create(&writer, NULL, writerloop, NULL) != 0)
        rt_throw("trace: cannot start the writer thread");
    return true;
}

/* Initial state, before rt_trace_on is set: every P and goroutine.  The
 * world is stopped (or nothing runs yet). */
static void writestate(void) {
    clockpair();
    int np = rt_sched.gomaxprocs;
    for (int i = 0; i < np; i++)
        if (rt_allp[i])
            emit(RT_EV_ProcInfo, 2, (uint64_t)i, ald(&rt_allp[i]->status), 0, 0);
    rt_lock(&rt_allglock);
    for (size_t i = 0; i < rt_allglen; i++) {
        G *gp = rt_allgs[i];
        uint32_t s = ald(&gp->status) & ~(uint32_t)Gscan;
        if (s == Gheld) s = Grunning; /* it runs on when the world starts */
        if (s == Gdead || s == Gidle || gp->sys) continue;
        uint64_t why = 0;
        if (s == Gwaiting) why = internptr(gp->waitreason);
        if ((s == Grunning || s == Gsyscall) && gp->m && gp->m->p)
            why = (uint64_t)gp->m->p->id;
        emit(RT_EV_GoStatus, 3, (uint64_t)gp->goid, s, why, 0);
    }
    rt_unlock(&rt_allglock);
}

static void limitinit(void) {
    if (stats.bufslimit) return;
    /* Room for every P's current buffer twice over, plus slack. */
    uint64_t lim = 2 * (uint64_t)rt_ncpu + 16;
    const char *env = getenv("GORT_TRACE_BUFS");
    if (env && atoi(env) >= 4) lim = (uint64_t)atoi(env);
    stats.bufslimit = lim;
}

/* Starts recording; the world is stopped or not yet running. */
static bool startlocked(const char *path) {
    if (ald(&rt_trace_on)) return false;
    choosetsmode();
    const char *stk = getenv("GORT_TRACE_STACKS");
    blockstacks = stk && strcmp(stk, "1") == 0;
    rt_lock(&strlock);
    tablesinit();
    rt_unlock(&strlock);
    pthread_mutex_lock(&qlock);
    limitinit();
    pthread_mutex_unlock(&qlock);
    if (!openwriter(path)) return false;
    /* writestate emits from this thread: with a P (gort_trace_start) into
     * that P's buffer, otherwise into gbuf; gbuf needs rt_trace_on set. */
    rt_lock(&glock);
    ast(&rt_trace_on, 1u);
    rt_unlock(&glock);
    writestate();
    return true;
}

/* The tables: strings, then stacks with their symbols, as one batch of
 * events from the shared owner.  After the writer has stopped. */
static void writetables(void) {
    rt_lock(&strlock);
    /* Symbolise stack pcs into new strings first. */
    size_t nst = nstks;
    uint32_t (*syms)[STKMAX] = calloc(nst ? nst : 1, sizeof *syms);
    for (size_t i = 1; i < nst && syms; i++)
        for (uint32_t j = 0; j < stks[i].n; j++) {
            Dl_info di;
            char name[256];
            uintptr_t pc = stks[i].pcs[j];
            const char *fn = rt_funcname(pc - 1); /* static ones too */
            if (strcmp(fn, "?") != 0)
                snprintf(name, sizeof name, "%s", fn);
            else if (dladdr((void *)(pc - 1), &di) && di.dli_fname)
                snprintf(name, sizeof name, "%s+0x%lx",
                         strrchr(di.dli_fname, '/') ? strrchr(di.dli_fname, '/') + 1
                                                    : di.dli_fname,
                         (unsigned long)(pc - (uintptr_t)di.dli_fbase));
            else
                snprintf(name, sizeof name, "0x%lx", (unsigned long)pc);
            syms[i][j] = addstr(name, strlen(name));
        }
    TraceBuf *b = malloc(sizeof *b);
    if (!b) rt_throw("trace: out of memory for the tables");
    b->owner = RT_TRACE_GLOBAL;
    b->pos = 0;
    b->nev = 0;
    b->base = 0;
    for (size_t i = 0; i < nstrs + nst; i++) {
        bool isstk = i >= nstrs;
        size_t id = isstk ? i - nstrs : i;
        if (isstk && id == 0) continue;
        size_t len = isstk ? 0 : strlen(strs[id]);
        size_t need = 32 + len + (isstk ? STKMAX * 20 : 0);
        if (b->pos + need > BUFSIZE) {
            writebatch(b);
            b->pos = 0;
        }
        uint8_t *p = b->data + b->pos;
        *p++ = isstk ? RT_EV_Stack : RT_EV_String;
        *p++ = 0; /* time delta */
        p = putv(p, id);
        if (isstk) {
            p = putv(p, stks[id].n);
            for (uint32_t j = 0; j < stks[id].n; j++) {
                p = putv(p, stks[id].pcs[j]);
                p = putv(p, syms ? syms[id][j] : 0);
            }
        } else {
            p = putv(p, len);
            memcpy(p, strs[id], len);
            p += len;
        }
        b->pos = (uint32_t)(p - b->data);
    }
    if (b->pos) writebatch(b);
    free(b);
    free(syms);
    rt_unlock(&strlock);
}

/* Stops recording: the world is stopped (or only this thread runs).
 * Returns false if writing failed. */
static bool stoplocked(void) {
    clockpair();
    rt_lock(&glock);
    ast(&rt_trace_on, 0u);
    TraceBuf *g = gbuf;
    gbuf = NULL;
    rt_unlock(&glock);
    for (int i = 0; i < GORT_MAXPROCS; i++) {
        bufpush(pbufs[i]);
        pbufs[i] = &nobuf;
    }
    bufpush(g);
    pthread_mutex_lock(&qlock);
    wstop = true;
    pthread_cond_signal(&qcond);
    pthread_mutex_unlock(&qlock);
    pthread_join(writer, NULL);
    if (sbuf->pos) writebatch(sbuf);
    writetables();
    /* Keep a few buffers for the next trace; give the rest back. */
    pthread_mutex_lock(&qlock);
    while (freeq && nbufs > 4) {
        TraceBuf *b = freeq;
        freeq = b->next;
        free(b);
        nbufs--;
    }
    pthread_mutex_unlock(&qlock);
    bool ok = !werr;
    if (close(tracefd) != 0) ok = false;
    tracefd = -1;
    return ok;
}

static bool endswith(const char *s, const char *suf) {
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

/* GORT_TRACE=out.json/.html records into out.json.bin, converted at stop. */
static bool startpath(const char *path) {
    free(convertpath);
    free(binpath);
    convertpath = NULL;
    binpath = NULL;
    if (endswith(path, ".json") || endswith(path, ".html")) {
        convertpath = strdup(path);
        size_t n = strlen(path) + 16;
        binpath = malloc(n);
        if (!convertpath || !binpath) rt_throw("trace: out of memory");
        snprintf(binpath, n, "%s.gorttrace", path);
    }
    return startlocked(binpath ? binpath : path);
}

static bool finishpath(void) {
    if (!convertpath) return true;
    char err[200];
    rt_trace t;
    bool ok = rt_trace_read(binpath, &t);
    if (!ok) {
        fprintf(stderr, "gort: trace %s: %s\n", binpath, t.err);
    } else {
        ok = rt_trace_write(&t, convertpath,
                            endswith(convertpath, ".json") ? "json" : "html",
                            err, sizeof err);
        if (!ok) fprintf(stderr, "gort: trace %s: %s\n", convertpath, err);
    }
    rt_trace_free(&t);
    if (ok) unlink(binpath);
    return ok;
}

/* busy is a flag, not an rt_mutex: the holder parks in stopTheWorld. */
static void busyacquire(void) {
    uint32_t z = 0;
    while (!acas(&busy, &z, 1u)) {
        z = 0;
        gort_gosched();
    }
}

bool gort_trace_start(const char *path) {
    rt_mustg("gort_trace_start");
    if (!path) rt_throw("gort_trace_start: nil path");
    busyacquire();
    if (ald(&rt_trace_on)) {
        ast(&busy, 0u);
        return false; /* Go: "tracing is already enabled" */
    }
    rt_stopTheWorld("start tracing");
    bool ok = startpath(path);
    rt_startTheWorld();
    ast(&busy, 0u);
    return ok;
}

bool gort_trace_stop(void) {
    rt_mustg("gort_trace_stop");
    busyacquire();
    if (!ald(&rt_trace_on)) {
        ast(&busy, 0u);
        return true;
    }
    rt_stopTheWorld("stop tracing");
    bool ok = stoplocked();
    rt_startTheWorld();
    if (ok) ok = finishpath();
    ast(&busy, 0u);
    return ok;
}

void rt_trace_init(void) {
    const char *path = getenv("GORT_TRACE");
    if (!path || !*path) return;
    if (!startpath(path))
        rt_throwf("runtime: GORT_TRACE=%s: cannot create the file", path);
}

static void stopfn(void *arg) {
    (void)arg;
    gort_trace_stop();
}

void rt_trace_exit(void) {
    if (rt_getg())
        gort_trace_stop();
    else if (!rt_getm())
        gort_call(stopfn, NULL);
}

void rt_trace_getstats(rt_trace_stats *st) {
    pthread_mutex_lock(&qlock);
    *st = stats;
    pthread_mutex_unlock(&qlock);
}
