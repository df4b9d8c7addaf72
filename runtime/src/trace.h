/*
 * trace.h — the execution tracer's event set, its event-site macros and the
 * reader the converter and the tests share.
 *
 * Event sites in the scheduler and the collector are one line each:
 * TRACE_GC_START(n) and friends, all RT_TRACE(call).  With tracing off a
 * site is a compare of rt_trace_on with zero and a branch not taken (two
 * instructions on x86-64, no register); the goroutine switch events come
 * from one site per switch in proc.c's mcall.  Everything else lives in
 * trace.c (recording), trace_convert.c (reading, JSON and HTML).
 * docs/tracing.md describes the byte format and the measured costs.
 */
#ifndef GORT_TRACE_H
#define GORT_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct G;
struct P;
struct M;

/*
 * Event types.  Each event in a batch is: one type byte, a varint timestamp
 * delta (trace ticks since the previous event of the batch), then the
 * varint arguments listed here.  "g" is a goroutine id; string and stack
 * arguments are ids into the tables written at the end of the trace.
 */
#define RT_TRACE_EVENTS(X)                                                    \
    X(GoCreate, 4)      /* g, parent g, stack, flags (1: runtime G) */         \
    X(GoStart, 1)       /* g: starts running on this buffer's P */            \
    X(GoSched, 1)       /* g: yielded, stays runnable */                      \
    X(GoPreempt, 1)     /* g: preempted at a safe point, runnable */          \
    X(GoBlock, 3)       /* g, reason string, stack */                         \
    X(GoUnblock, 2)     /* g readied, by g (0: no goroutine) */               \
    X(GoEnd, 1)         /* g: exited */                                       \
    X(GoSysCall, 1)     /* g: entered a blocking call, P in Psyscall */       \
    X(GoSysExit, 1)     /* g: back from it (any buffer) */                    \
    X(GoStatus, 3)      /* g, status (1 runnable 2 running 4 waiting), why */ \
    X(ProcStart, 1)     /* m: acquired this buffer's P */                     \
    X(ProcStop, 0)      /* this buffer's P went idle */                       \
    X(ProcSteal, 2)     /* p, m: P taken from a blocked M (handoff) */        \
    X(SpinStart, 1)     /* m: spinning for work holding this P */             \
    X(SpinStop, 1)      /* m */                                               \
    X(Steal, 2)         /* victim p, goroutines taken */                      \
    X(GCStart, 1)       /* cycle number */                                    \
    X(GCMark, 0)        /* concurrent mark begins */                          \
    X(GCMarkTerm, 0)    /* mark termination begins */                         \
    X(GCDone, 0)        /* cycle over, sweeping begins */                     \
    X(STWStart, 1)      /* reason string */                                   \
    X(STWDone, 0)                                                             \
    X(AssistStart, 1)   /* g: mark assist */                                  \
    X(AssistDone, 1)    /* g */                                               \
    X(HeapCounts, 2)    /* heap live bytes, heap goal bytes */                \
    X(GoCounts, 2)      /* goroutines, runnable goroutines */                 \
    X(UserLog, 3)       /* g, category string, task; then length, bytes */    \
    X(RegionStart, 3)   /* g, task, name string */                            \
    X(RegionEnd, 3)     /* g, task, name string */                            \
    X(TaskCreate, 4)    /* g, task, parent task, name string */               \
    X(TaskEnd, 2)       /* g, task */                                         \
    X(ProcInfo, 2)      /* p, status (P* of runtime.h): at trace start */     \
    X(Clock, 2)         /* ticks, nanoseconds: calibration point */           \
    X(GoSwitch, 4)      /* g leaves, why, next g starts, stack: see below */  \
    X(String, 0)        /* table: id, length, bytes */                        \
    X(Stack, 0)         /* table: id, n, n x (pc, symbol string) */

/* GoSwitch is a direct hand-off, recorded as one event and read back as
 * two at the same time: g's leave event, then GoStart of next.  why says
 * which leave: RT_SWITCH_SCHED, _PREEMPT, _END, or RT_SWITCH_BLOCK plus
 * the wait reason's string id (GoBlock, whose stack is the last argument;
 * 0 for the other leaves). */
enum { RT_SWITCH_NONE, RT_SWITCH_SCHED, RT_SWITCH_PREEMPT, RT_SWITCH_END, RT_SWITCH_BLOCK };

enum {
    RT_EV_NONE = 0,
#define X(name, nargs) RT_EV_##name,
    RT_TRACE_EVENTS(X)
#undef X
    RT_EV_COUNT
};

/* Batch owner ids: 0 is the shared buffer (no P), p+1 is P p. */
#define RT_TRACE_GLOBAL 0

/* ---------------------------------------------------------------------- */
/* Recording (trace.c)                                                     */
/* ---------------------------------------------------------------------- */

/* Non-zero while a trace is being recorded.  Hidden: the sites address it
 * pc-relative even in position-independent code (libgort.a may link into
 * a shared object; hidden still means "one per linked object"). */
extern uint32_t rt_trace_on __attribute__((visibility("hidden")));

/* GORT_TRACE_SITES=0 (-DGORT_TRACE_SITES=0 in CFLAGS) compiles every site
 * out: the baseline scripts/trace-cost measures the sites' cost against. */
#ifndef GORT_TRACE_SITES
#define GORT_TRACE_SITES 1
#endif

/* The emitters are out of line and cold: the site's code is the check. */
#define RT_TRACE_COLD __attribute__((noinline, cold))

#if !GORT_TRACE_SITES
#define RT_TRACE_ON() 0
#define RT_TRACE(call)                                                        \
    do {                                                                      \
    } while (0)
#else
#define RT_TRACE_ON() __builtin_expect(__atomic_load_n(&rt_trace_on, __ATOMIC_RELAXED) != 0, 0)
#if defined(__x86_64__)
/*
 * A site is two instructions, `cmpl $0, rt_trace_on(%rip); jne`, and
 * clobbers no register: a C load would need a scratch register (compilers
 * do not fold an atomic load into a compare), and on the scheduler's hot
 * paths that register costs a spill and a reload.  The call sits behind
 * the label, which gcc lays out as cold.  A relaxed load is all the flag
 * needs: it changes only while the world is stopped.
 */
#if defined(__clang__)
#define RT_TRACE_COLDLABEL
#else
#define RT_TRACE_COLDLABEL __attribute__((cold));
#endif
#define RT_TRACE(call)                                                        \
    do {                                                                      \
        __label__ rt_trace_yes_, rt_trace_no_;                                \
        __asm__ goto("cmpl $0, rt_trace_on(%%rip)\n\tjne %l[rt_trace_yes_]"  \
                     :                                                        \
                     :                                                        \
                     : "cc"                                                   \
                     : rt_trace_yes_);                                        \
        goto rt_trace_no_;                                                    \
    rt_trace_yes_:                                                            \
        RT_TRACE_COLDLABEL                                                    \
        call;                                                                 \
    rt_trace_no_:;                                                            \
    } while (0)
#else
#define RT_TRACE(call)                                                        \
    do {                                                                      \
        if (RT_TRACE_ON()) call;                                              \
    } while (0)
#endif
#endif

/* Goroutines.  Start, block, yield, preempt and end come from mcall and
 * execute (proc.c), which call the rt_trace_* functions themselves. */
#define TRACE_GO_CREATE(gp) RT_TRACE(rt_trace_gocreate(gp))
#define TRACE_GO_SYSCALL(gp) RT_TRACE(rt_trace_go(RT_EV_GoSysCall, gp))
/* Ps and Ms. */
#define TRACE_PROC_START(pp, mp) RT_TRACE(rt_trace_procstart(pp, (mp)->id))
#define TRACE_PROC_STOP(pp) RT_TRACE(rt_trace_procstop(pp))
#define TRACE_PROC_STEAL(pp) RT_TRACE(rt_trace_procsteal(pp))
#define TRACE_SPIN(mp, on) RT_TRACE(rt_trace_spin((mp)->id, on))
#define TRACE_STEAL(victim, n) RT_TRACE(rt_trace_steal(victim, n))
/* The collector. */
#define TRACE_GC_START(n) RT_TRACE(rt_trace_gc(RT_EV_GCStart, n))
#define TRACE_GC_MARK() RT_TRACE(rt_trace_gc(RT_EV_GCMark, 0))
#define TRACE_GC_MARKTERM() RT_TRACE(rt_trace_gc(RT_EV_GCMarkTerm, 0))
#define TRACE_GC_DONE() RT_TRACE(rt_trace_gc(RT_EV_GCDone, 0))
#define TRACE_STW_START(reason) RT_TRACE(rt_trace_stw(reason))
#define TRACE_STW_DONE() RT_TRACE(rt_trace_gc(RT_EV_STWDone, 0))
#define TRACE_ASSIST(gp, on) RT_TRACE(rt_trace_assist(gp, on))
/* gort_main's end and gort_exit: finish a GORT_TRACE recording. */
#define TRACE_EXIT() RT_TRACE(rt_trace_exit())

/* The emitters of a switch: out of line but not cold (cold would compile
 * them for size, and with tracing on they are the hot path). */
#define RT_TRACE_HOT __attribute__((noinline))
RT_TRACE_COLD void rt_trace_gstatus(struct G *gp, uint32_t old, uint32_t new_);
RT_TRACE_COLD void rt_trace_gocreate(struct G *gp);
RT_TRACE_COLD void rt_trace_go(int ev, struct G *gp);
/* gp leaves mp with event ev (GoBlock reads gp->waitreason); the switch
 * form also starts next (GoSwitch; ev 0: GoStart only). */
RT_TRACE_HOT void rt_trace_goleave(struct M *mp, struct G *gp, int ev);
RT_TRACE_HOT void rt_trace_goswitch(struct M *mp, struct G *gp, int ev,
                                    struct G *next);
RT_TRACE_HOT void rt_trace_gostart(struct M *mp, struct G *gp);
/* gp is readied by mp's current goroutine; goready's form takes the P
 * it holds (or NULL), whose M is the current one. */
RT_TRACE_HOT void rt_trace_gounblock(struct M *mp, struct G *gp);
RT_TRACE_HOT void rt_trace_goready(struct P *pp, struct G *gp);
RT_TRACE_COLD void rt_trace_procstart(struct P *pp, int64_t mid);
RT_TRACE_COLD void rt_trace_procstop(struct P *pp);
RT_TRACE_COLD void rt_trace_procsteal(struct P *pp);
RT_TRACE_COLD void rt_trace_spin(int64_t mid, bool on);
RT_TRACE_COLD void rt_trace_steal(struct P *victim, uint32_t n);
RT_TRACE_COLD void rt_trace_gc(int ev, uint64_t arg);
RT_TRACE_COLD void rt_trace_stw(const char *reason);
RT_TRACE_COLD void rt_trace_assist(struct G *gp, bool on);
RT_TRACE_COLD void rt_trace_exit(void);
/* Runtime start: honours GORT_TRACE (no goroutine exists yet). */
void rt_trace_init(void);

/* Recorder statistics, for the tests and the benchmarks. */
typedef struct rt_trace_stats {
    uint64_t events;     /* events recorded by the last or current trace */
    uint64_t bytes;      /* bytes written to the file */
    uint64_t batches;    /* batches written */
    uint64_t bufsmax;    /* most buffers allocated at once */
    uint64_t bufslimit;  /* the bound on buffers (memory / buffer size) */
    uint64_t waits;      /* times a full buffer had to wait for the writer */
} rt_trace_stats;
void rt_trace_getstats(rt_trace_stats *st);

/* ---------------------------------------------------------------------- */
/* Reading (trace_convert.c)                                               */
/* ---------------------------------------------------------------------- */

/* One decoded event, in time order after rt_trace_read. */
typedef struct rt_trace_ev {
    int64_t ts;        /* nanoseconds since the trace started */
    uint8_t type;      /* RT_EV_* */
    int32_t p;         /* P of the batch, -1 for the shared buffer */
    uint64_t args[4];
    const char *str;   /* UserLog message (owned by the trace) */
} rt_trace_ev;

typedef struct rt_trace_stack {
    uint32_t n;
    uint64_t pcs[16];
    uint32_t syms[16]; /* string ids */
} rt_trace_stack;

typedef struct rt_trace {
    rt_trace_ev *ev;
    size_t nev;
    char **strs;         /* by id; NULL where undefined */
    size_t nstrs;
    rt_trace_stack *stacks; /* by id */
    size_t nstacks;
    int maxp;            /* highest P id seen */
    uint64_t nbatches;
    uint64_t bytes;
    bool seqok;          /* every buffer's batches arrived without a gap */
    char err[160];
} rt_trace;

/* Reads a binary trace file.  Returns false with t->err set on a bad file. */
bool rt_trace_read(const char *path, rt_trace *t);
void rt_trace_free(rt_trace *t);
const char *rt_trace_str(const rt_trace *t, uint64_t id);
const char *rt_trace_evname(int type);
/* Writes JSON ("json") or HTML ("html").  Returns false, err set, on error. */
bool rt_trace_write(const rt_trace *t, const char *out, const char *format,
                    char *err, size_t errlen);

#endif
