/*
 * runtime.h — the core types of the gort runtime and the internal API that
 * crosses files.
 *
 * This is the one header a reader needs beside gort.h: it describes G, M, P,
 * the global scheduler state, sudogs, timers and the small lock/note layer
 * they all stand on.  Each field says who owns it and which lock guards it.
 * Files named after their Go counterparts (proc.c ~ proc.go, chan.c ~
 * chan.go) implement what is declared here.
 *
 * Naming: cross-file internals are rt_<goname> (rt_gopark, rt_runqput);
 * statics are short plain names.
 *
 * Thread-local state: rt_getm() returns the current M.  A goroutine may
 * resume on another M after any call that can park, so never keep an M or P
 * pointer across such a call; re-read it.  A G pointer stays valid (the G
 * is the same wherever it runs).
 */
#ifndef GORT_RUNTIME_H
#define GORT_RUNTIME_H

#include "gort.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#if GORT_UCONTEXT
#include <ucontext.h>
#endif

/* ---------------------------------------------------------------------- */
/* Compiler helpers                                                        */
/* ---------------------------------------------------------------------- */

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define RT_NOINLINE __attribute__((noinline))
#define RT_UNUSED __attribute__((unused))
#define RT_CACHELINE 64
#define RT_ALIGNED(n) __attribute__((aligned(n)))
/* Thread-locals that signal handlers read use the initial-exec model: in a
 * dlopen'ed object the default (global-dynamic) model reaches them through
 * __tls_get_addr, which may allocate on a thread's first access, and a
 * handler must not allocate (docs/embedding.md). */
#define RT_TLS_IE __attribute__((tls_model("initial-exec")))
#define RT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Relaxed/acquire/release shorthands over the GCC builtins, which work on
 * plain (non-_Atomic) fields too. */
#define ald(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define ald_relaxed(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define ast(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define ast_relaxed(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define axadd(p, v) __atomic_add_fetch((p), (v), __ATOMIC_ACQ_REL)
#define axchg(p, v) __atomic_exchange_n((p), (v), __ATOMIC_ACQ_REL)
#define acas(p, oldp, v)                                                       \
    __atomic_compare_exchange_n((p), (oldp), (v), false, __ATOMIC_ACQ_REL,      \
                                __ATOMIC_ACQUIRE)

static inline void rt_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __asm__ volatile("pause");
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

typedef struct G G;
typedef struct M M;
typedef struct P P;
typedef struct Sudog Sudog;
typedef struct Timer Timer;
typedef struct Sched Sched;

/* ---------------------------------------------------------------------- */
/* Locks and notes (lock.c)                                                */
/* ---------------------------------------------------------------------- */

/*
 * rt_mutex: a futex-based lock for runtime internals, held for short
 * critical sections.  It blocks the OS thread, never parks a goroutine: a
 * goroutine must not park while holding one (except through the unlockf of
 * rt_gopark, which releases it on g0).  Zero value is unlocked.
 */
typedef struct rt_mutex {
    uint32_t key; /* 0 unlocked, 1 locked, 2 locked with sleepers */
} rt_mutex;

void rt_lock(rt_mutex *l);
void rt_unlock(rt_mutex *l);
bool rt_trylock(rt_mutex *l);

/*
 * rt_note: a one-shot event for parking an M.  notesleep blocks until
 * notewakeup; noteclear re-arms it.  Exactly one sleeper, one waker.
 */
typedef struct rt_note {
    uint32_t key;
} rt_note;

void rt_noteclear(rt_note *n);
void rt_notewakeup(rt_note *n);
void rt_notesleep(rt_note *n);
/* Sleeps at most ns (ns < 0: forever); returns true if woken. */
bool rt_notetsleep(rt_note *n, int64_t ns);

void rt_futexsleep(uint32_t *addr, uint32_t val, int64_t ns);
void rt_futexwakeup(uint32_t *addr, uint32_t cnt);

/* ---------------------------------------------------------------------- */
/* Context switch (arch/switch_*.S, arch/switch_ucontext.c, ctx.c)          */
/* ---------------------------------------------------------------------- */

/*
 * A saved execution context.  On x86-64 and aarch64 the callee-saved
 * registers and FPU control words are pushed on the goroutine's own stack
 * and only sp is stored here.
 */
typedef struct rt_context {
    void *sp;             /* saved stack pointer (asm switch) */
#if GORT_UCONTEXT
    ucontext_t uc;        /* portable fallback */
#endif
    void *stack_lo;       /* stack bounds, for sanitizer fiber annotations */
    size_t stack_size;
    void *tsan_fiber;     /* ThreadSanitizer fiber handle (TSan builds) */
} rt_context;

/* Assembly primitives.  rt_ctx_swap saves the current context into *from
 * and resumes *to.  rt_ctx_init prepares a context whose first resume calls
 * entry() on the given stack; entry must never return. */
void rt_ctx_swap(rt_context *from, rt_context *to);
void rt_ctx_init(rt_context *c, void *stack_lo, size_t size,
                 void (*entry)(void));
/* Sanitizer-aware switch (ctx.c); dying: `from` is never resumed. */
void rt_switch(rt_context *from, rt_context *to, bool dying);
void rt_switch_entered(void);
void rt_ctx_sanitizer_new(rt_context *c);
void rt_ctx_sanitizer_thread(rt_context *c);

/*
 * rt_savecalleeregs stores the callee-saved registers into r[0..
 * RT_NSAVEDREGS).  Used as the first statement of a function, it captures
 * the values its caller keeps in registers across the call: the collector
 * scans them conservatively (gort_syscall_enter, a goroutine scanning its
 * own stack).  The operand is pinned to a caller-saved register so that
 * no callee-saved one is touched before the stores.
 */
#if defined(__x86_64__)
#define RT_NSAVEDREGS 6
static inline __attribute__((always_inline)) void
rt_savecalleeregs(uintptr_t *r) {
    register uintptr_t *p __asm__("rdi") = r;
    __asm__ volatile("movq %%rbx, 0(%0)\n\tmovq %%rbp, 8(%0)\n\t"
                     "movq %%r12, 16(%0)\n\tmovq %%r13, 24(%0)\n\t"
                     "movq %%r14, 32(%0)\n\tmovq %%r15, 40(%0)"
                     :
                     : "r"(p)
                     : "memory");
}
#elif defined(__aarch64__)
#define RT_NSAVEDREGS 12
static inline __attribute__((always_inline)) void
rt_savecalleeregs(uintptr_t *r) {
    register uintptr_t *p __asm__("x0") = r;
    __asm__ volatile("stp x19, x20, [%0, #0]\n\tstp x21, x22, [%0, #16]\n\t"
                     "stp x23, x24, [%0, #32]\n\tstp x25, x26, [%0, #48]\n\t"
                     "stp x27, x28, [%0, #64]\n\tstp x29, x30, [%0, #80]"
                     :
                     : "r"(p)
                     : "memory");
}
#else
/* Other targets: setjmp spills the callee-saved registers into a jmp_buf
 * (some glibc ports mangle sp/fp/pc there, which are not heap pointers). */
#include <setjmp.h>
#define RT_NSAVEDREGS ((sizeof(jmp_buf) + sizeof(uintptr_t) - 1) / sizeof(uintptr_t))
#define rt_savecalleeregs(r) ((void)setjmp(*(jmp_buf *)(void *)(r)))
#endif

/* ---------------------------------------------------------------------- */
/* Goroutines                                                              */
/* ---------------------------------------------------------------------- */

/*
 * G status.  Who owns the G (may touch its stack and fields):
 *   Gidle      just allocated, owned by its creator.
 *   Grunnable  on a run queue, not running; owned by whoever dequeues it.
 *   Grunning   running on an M that owns it and holds a P; it is not on
 *              a run queue.
 *   Gsyscall   running a blocking C call between gort_syscall_enter/exit;
 *              not on a run queue, its M owns it, it may have no P.  On
 *              the slow way out (no P to be had) it stays Gsyscall until
 *              exitsyscall0, on g0, makes it Grunnable.
 *   Gwaiting   parked (see waitreason); not on a run queue; whoever readies
 *              it (rt_goready) takes ownership.
 *   Gdead      exited or not yet used; on a free list; owned by the list.
 *   Gheld      was Grunning, and its M sits suspended in place for the
 *              stop-the-world in progress (preempt.c): it runs no code, is
 *              not on a run queue, keeps its M and P, and goes back to
 *              Grunning, set by the STW owner, before the world starts.
 *              Only that owner moves a G into and out of it.
 */
enum {
    Gidle = 0,
    Grunnable = 1,
    Grunning = 2,
    Gsyscall = 3,
    Gwaiting = 4,
    Gdead = 6,
    Gheld = 9,
    /* Gscan is or'ed into the status while the collector scans the G's
     * stack; the G cannot change status (so cannot start running) until
     * the scanner clears it.  casgstatus waits for it to clear. */
    Gscan = 0x1000,
};

/* Wait reasons shown in goroutine dumps: "goroutine 5 [chan receive]:". */
#define WAIT_SLEEP "sleep"
#define WAIT_IO "IO wait"
#define WAIT_CHAN_SEND "chan send"
#define WAIT_CHAN_RECV "chan receive"
#define WAIT_CHAN_SEND_NIL "chan send (nil chan)"
#define WAIT_CHAN_RECV_NIL "chan receive (nil chan)"
#define WAIT_SELECT "select"
#define WAIT_SELECT_NOCASES "select (no cases)"
#define WAIT_STW "stop the world"
#define WAIT_CALL "gort_call"

struct gort_frame;   /* panic.c: defer frame (defined in gort.h) */
struct rt_panic;     /* panic.c: an active panic */

struct G {
    rt_context ctx;        /* saved context while not running */
    uintptr_t stack_lo;    /* lowest usable address (above the guard page) */
    uintptr_t stack_hi;    /* one past the highest address */
    void *stack_map;       /* mapping base (guard page included), NULL
                              while the G has no stack (never run, dead) */
    size_t stack_map_size; /* mapping size */
    unsigned vgstack;      /* valgrind stack id while it has a stack */

    uint32_t status;         /* G* above; atomic: read by sysmon/dumps */
    const char *waitreason;  /* set while Gwaiting; owner writes */
    int64_t waitsince;       /* nanotime when it parked, for dumps */
    int64_t goid;            /* unique, 1 for the main goroutine */
    bool sys;                /* runtime-internal goroutine, not counted */
    uint32_t preempt;        /* 1: yield at the next safe point (sysmon's
                                time slice, a stop-the-world, a stack
                                scan); atomic, set by those, cleared by
                                the owner.  gort_preempt_flag() hands out
                                its address (the VM polls it) */
    size_t stacksize;        /* usable stack bytes (gort_go_stack); set by
                                its creator, fixed until it exits */
    int saved_errno;         /* errno across switches (it is per thread) */

    G *schedlink;            /* run queue / free list link; queue owner */
    M *m;                    /* M running it, NULL otherwise */
    M *lockedm;              /* unused for now: LockOSThread */

    gort_func fn;            /* entry and its argument.  NOTE for the GC:
                                a G that has not run yet has no stack
                                (stack_map == NULL), so arg is its only
                                root and must be scanned (conservatively) */
    void *arg;
    void *gopc;              /* return address of the gort_go that made it */
    int64_t parentgoid;      /* creator, for "created by ... in goroutine N" */

    rt_note *donenote;       /* gort_call/gort_main: woken when fn returns */
    bool ismain;             /* goroutine 1 of gort_main (not gort_call's) */

    /* Blocking.  Set by the parker, read by the waker under the lock that
     * protects the object it waits on (channel, sema root, timer heap). */
    void *param;             /* passed from waker to parked G */
    Sudog *waiting;          /* sudogs this G is queued on (chan/select) */
    uint32_t selectdone;     /* atomic: select already won by a case */
    bool parkingonchan;      /* atomic-ish: between chanpark and unlock */
    Timer *timer;            /* sleep/fd-wait timer, lazily allocated */

    /* defer/panic (panic.c). */
    struct gort_frame *frames; /* innermost defer frame, owner only */
    struct rt_panic *panic;    /* innermost active panic, owner only */
    bool preprinting;          /* the VM hook turns panic values into text
                                  (panic.c preprintpanics), owner only */
    /* Synchronous signal turned into a panic (panic.c rt_sigpanic); set by
     * the fault handler on this G's M, cleared when no panic remains. */
    int sig;                   /* SIGSEGV, SIGBUS, SIGFPE or 0 */
    uintptr_t sigcode0;        /* si_code */
    uintptr_t sigcode1;        /* fault address */
    uintptr_t sigpc;           /* faulting pc */

    /* VM hooks (gort_set_vm_hooks). */
    const gort_vm_hooks *hooks;
    void *hooks_ctx;

    /* Collector (mgc.c, mgcmark.c). */
    int64_t gcAssistBytes;   /* owner: assist credit (> 0) or debt (< 0) in
                                bytes; valid while gcAssistGen is the
                                current cycle */
    uint32_t gcAssistGen;    /* owner: cycle gcAssistBytes belongs to */
    uintptr_t syscallsp;     /* set by gort_syscall_enter before Gsyscall:
                                the stack of a G in a syscall is scanned
                                from here up, plus syscallregs */
    uintptr_t syscallregs[RT_NSAVEDREGS]; /* caller's callee-saved
                                registers at gort_syscall_enter */

    /* Preserved for GC and dumps: the backtrace of the creation point. */
    void *createpc[4];
};

/*
 * A sudog is a G waiting on a wait queue (a channel's sendq/recvq, a
 * semaphore root).  One G can be on many queues (select), so the queue
 * element is the sudog, not the G.  Fields are guarded by the lock of the
 * queue the sudog is on.  Sudogs come from a per-P cache (rt_acquireSudog).
 */
struct Sudog {
    G *g;
    Sudog *next, *prev;      /* wait-queue links */
    void *elem;              /* data element (may point into g's stack) */
    int64_t acquiretime;     /* semaphores: when it queued */
    uint32_t ticket;         /* semaphores: handoff / FIFO ticket */
    bool isSelect;           /* g is in a select: CAS g->selectdone */
    bool success;            /* woken by a value (true) or by close */
    Sudog *waitlink;         /* g->waiting list, or semaphore root list */
    Sudog *waittail;         /* semaphore root: tail of waitlink list */
    struct HChan *c;         /* channel it waits on */
    void *parent;            /* semaphore root */
};

/* Sudogs from the current P's cache (refilled from a global pool). */
Sudog *rt_acquireSudog(void);
void rt_releaseSudog(Sudog *s);

/* ---------------------------------------------------------------------- */
/* Channels (chan.c, select.c; docs/channels.md)                            */
/* ---------------------------------------------------------------------- */

/* A FIFO of sudogs blocked on one channel, under the channel's lock.
 * first is also read without the lock (atomic loads) by the non-blocking
 * fast paths, so writers store it atomically. */
typedef struct WaitQ {
    Sudog *first;
    Sudog *last;
} WaitQ;

/*
 * hchan: a channel (the public gort_chan * points to one).  The buffer is
 * a ring of dataqsiz elements; the qcount values waiting in it start at
 * recvx, and sendx is where the next one goes.  Invariants (under lock):
 * at least one of sendq and recvq is empty (except for an unbuffered
 * channel that one select waits on in both directions); for a buffered
 * channel, qcount > 0 implies recvq is empty and qcount < dataqsiz implies
 * sendq is empty.  Fields marked "atomic" are also read without the lock.
 */
typedef struct HChan {
    uintptr_t qcount;          /* values in buf; lock + atomic */
    uintptr_t dataqsiz;        /* buffer capacity; immutable */
    void *buf;                 /* dataqsiz elements; immutable */
    const gort_type *elemtype; /* immutable; NULL: zero-size elements */
    uint32_t elemsize;         /* immutable, < 64 KiB */
    uint32_t closed;           /* set once under lock; atomic */
    bool noscan;               /* elements hold no pointers: plain copies */
    uint32_t seq;              /* seqlock over qcount, closed and the queue
                                * heads: odd while one changes; lock +
                                * atomic (select.c reads it lock-free) */
    uintptr_t sendx;           /* next slot to fill; lock */
    uintptr_t recvx;           /* next slot to drain; lock */
    WaitQ recvq;               /* receivers blocked on c; lock */
    WaitQ sendq;               /* senders blocked on c; lock */
    rt_mutex lock;             /* guards the above and the sudogs queued
                                * here (their elem, success, links) */
} HChan;

/* chan.c.  Functions named "locked" expect c->lock held and leave it held.
 * None of them panics: the public wrappers raise Go's panics after every
 * lock is released. */
HChan *rt_makechan(const gort_type *elem, intptr_t size);
/* Sends *ep (NULL: zero value).  Returns 1 sent, 0 would block (only when
 * !block), -1 closed. */
int rt_chansend(HChan *c, const void *ep, bool block);
/* Receives into *ep (NULL: discard).  Returns false only when !block and
 * nothing is ready; *received is false when c was closed and drained. */
bool rt_chanrecv(HChan *c, void *ep, bool block, bool *received);
/* Go's send()/recv() without the unlock: hands ep to the parked receiver
 * sg, or takes the value of the parked sender sg (through the buffer
 * when it is full).  Follow with unlock(s) and rt_chanready(sg). */
void rt_chansendlocked(HChan *c, Sudog *sg, const void *ep);
void rt_chanrecvlocked(HChan *c, Sudog *sg, void *ep);
/* Wakes sg's goroutine as the winner of its wait; no channel lock held. */
void rt_chanready(Sudog *sg);
/* Buffer ops (locked): append *ep (qcount < dataqsiz) / take the head. */
void rt_chanbufput(HChan *c, const void *ep);
void rt_chanbufget(HChan *c, void *ep);
/* *dst = *src for c's element type (src NULL: zero; dst NULL: nothing). */
void rt_chanelemmove(HChan *c, void *dst, const void *src);
/* Wait queues of c (locked; q is &c->recvq or &c->sendq).  dequeue skips
 * sudogs of a select already won by another case (g->selectdone); remove
 * tolerates an already removed sg. */
void rt_waitq_enqueue(HChan *c, WaitQ *q, Sudog *sg);
Sudog *rt_waitq_dequeue(HChan *c, WaitQ *q);
void rt_waitq_remove(HChan *c, WaitQ *q, Sudog *sg);

/* ---------------------------------------------------------------------- */
/* Ms                                                                      */
/* ---------------------------------------------------------------------- */

/*
 * A request to hold one thread in its preemption signal's handler
 * (mgcmark.c serves it).  state = seq << 3 | SUSP_*: the requester fills
 * who before raising state to REQUESTED; the handler of the thread whose
 * M (or attached record) is `who` publishes uc, sp and hsp, acknowledges,
 * and waits (futex on state) until the requester releases it.
 */
typedef struct rt_suspendreq {
    uint32_t state;          /* atomic */
    void *who;               /* target M or rt_attached; before state */
    void *uc;                /* interrupted ucontext (handler) */
    uintptr_t sp;            /* interrupted sp (handler) */
    uintptr_t hsp;           /* the handler's own frame (handler) */
} rt_suspendreq;

struct M {
    int64_t id;
    G *g0;                   /* scheduling context: this thread's own stack */
    G *curg;                 /* user G running on this M, or NULL on g0 */
    P *p;                    /* attached P, NULL when idle or in syscall */
    P *nextp;                /* P handed over with the wake-up (startm) */
    P *oldp;                 /* P held before the syscall, to reacquire */
    bool spinning;           /* looking for work; counted in nmspinning */
    bool blocked;            /* parked on park note */
    rt_note park;            /* idle Ms sleep here */
    M *schedlink;            /* sched.midle list, under sched.lock */
    M *alllink;              /* allm list, append-only */
    pthread_t thread;
    gort_mtls *tls;          /* this thread's gort_mtls_cur */
    uint64_t fastrand;       /* per-M PRNG state */
    int locks;               /* >0: runtime critical section */
    int dying;               /* throw in progress on this M */

    /* mcall: what g0 does for the G that just switched to it. */
    G *(*mcallfn)(M *mp, G *gp); /* returns a G to run next, or NULL */
    /* Direct hand-off (proc.c mcall): work the previous G left for the G
     * it switched to, run by that G first thing (afterswitch). */
    G *(*pendingfn)(M *mp, G *gp);
    G *pendingg;
    /* rt_gopark's unlock callback, run on g0 after the G is off its stack. */
    bool (*waitunlockf)(G *gp, void *arg);
    void *waitlock;

    uint64_t syscalltick;    /* copied from p->syscalltick at enter */

    /* Stop-the-world by suspension (preempt.c).  stwreq: the request its
     * preemption signal's handler answers (the STW owner's); held: this M
     * sits in that handler, its P counted as stopped, until
     * rt_startTheWorld releases it (written by the STW owner, atomic:
     * stack scanners peek at it). */
    rt_suspendreq stwreq;
    bool held;
};

/* ---------------------------------------------------------------------- */
/* Ps                                                                      */
/* ---------------------------------------------------------------------- */

/*
 * P status.
 *   Pidle     no M; on sched.pidle (under sched.lock) with an empty runq
 *             (it may still own timers).
 *   Prunning  owned by an M running user code or the scheduler.
 *   Psyscall  its M is in a blocking C call; sysmon may CAS it to Pidle
 *             and hand it off (retake).
 *   Pgcstop   stopped for a stop-the-world; owned by the STW caller.
 *   Pdead     beyond GOMAXPROCS.
 */
enum { Pidle = 0, Prunning, Psyscall, Pgcstop, Pdead };

#define RUNQ_SIZE 256
#define SUDOG_CACHE 128
#define DEFER_CACHE 32
#define GFREE_LOCAL_MAX 64
#define STACK_CACHE 32

struct P {
    int32_t id;
    uint32_t status;         /* P*; atomic (sysmon CASes Psyscall) */
    P *link;                 /* sched.pidle list, under sched.lock */
    M *m;                    /* owner M, NULL when idle */
    uint64_t schedtick;      /* incremented on every scheduling round */
    uint64_t syscalltick;    /* incremented on every syscall */
    int64_t schedwhen;       /* sysmon: when schedtick was last seen */
    uint64_t sysmontick;     /* sysmon: last schedtick seen */
    uint64_t sysmonsyscalltick; /* sysmon: last syscalltick seen */
    int64_t syscallwhen_seen; /* sysmon: when sysmonsyscalltick was seen */
    uint32_t preempt;        /* atomic: set by sysmon while Psyscall (no M
                                to reach); the goroutine that comes back to
                                this P in gort_syscall_exit yields */

    /* Local run queue: lock-free single producer (the owner), multiple
     * consumers (owner and stealers) that CAS runqhead. */
    uint32_t runqhead;       /* atomic */
    uint32_t runqtail;       /* atomic; written by the owner only */
    G *runq[RUNQ_SIZE];      /* slots, accessed atomically */
    G *runnext;              /* atomic: next G to run, ahead of runq */

    /* Dead Gs (no stacks), for malloc-free spawning; owner only. */
    G *gfree;
    int ngfree;
    /* Free goroutine stacks (mapping bases), for syscall-free first runs;
     * owner only. */
    void *stackcache[STACK_CACHE];
    int nstackcache;

    /* Goroutine ids are handed out in batches: [goidcache, goidcacheend). */
    int64_t goidcache, goidcacheend;

    /* Sudog cache (chan.c/select.c/sema.c); owner only. */
    Sudog *sudogcache[SUDOG_CACHE];
    int nsudog;

    /* Timers (timer.c): a 4-ary min-heap keyed on when. */
    rt_mutex timerslock;
    Timer **timers;          /* under timerslock */
    int ntimers, captimers;  /* under timerslock */
    int64_t timer0when;      /* atomic: when of timers[0], 0 if none */
    int64_t clocknow;        /* owner: last clock reading (proc.c fastnext) */
    uint64_t clocktsc;       /* owner: TSC taken just before clocknow */

    /* Memory (malloc.c): per-P allocation cache, owner only. */
    struct MCache *mcache;

    /* The M owning this P sits suspended in place for the stop-the-world
     * in progress (preempt.c): the P counts as stopped but keeps its M and
     * its Prunning status.  STW owner only. */
    bool stwheld;

    /* Defer records (panic.c) for frames with more deferred calls than
     * their inline slots; owner only, with mp->locks held. */
    struct gort_defer_rec *deferpool[DEFER_CACHE];
    int ndeferpool;

    char pad[RT_CACHELINE];
};

#define GORT_MAXPROCS 1024

/* ---------------------------------------------------------------------- */
/* Global scheduler state (proc.c)                                         */
/* ---------------------------------------------------------------------- */

struct Sched {
    rt_mutex lock;           /* guards everything below unless marked */

    M *midle;                /* idle Ms waiting for work */
    int nmidle;
    int mcount;              /* Ms created (sysmon excluded) */
    int64_t mnext;           /* next M id */
    M *allm;                 /* all Ms, append-only; atomic head */
    int nmspinning;          /* atomic: spinning Ms */

    P *pidle;                /* idle Ps */
    int npidle;              /* atomic */

    G *runqhead, *runqtail;  /* global run queue */
    int runqsize;

    rt_mutex gflock;         /* guards gfree */
    G *gfree;                /* global pool of dead Gs with stacks */
    int ngfree;

    int64_t goidgen;         /* atomic: goid batches */
    int ngoroutine;          /* atomic: user goroutines alive */
    int gomaxprocs;          /* current P count; changes under STW */

    uint32_t gcwaiting;      /* atomic: a stop-the-world is in progress */
    uint32_t slowsched;      /* atomic: >0 sends every scheduling decision
                                through findrunnable (no direct G-to-G
                                hand-off); set while GC mark workers must be
                                considered, for example */
    int stopwait;            /* Ps still to stop */
    rt_note stopnote;        /* STW caller sleeps here */
    const char *stwreason;

    int64_t lastpoll;        /* atomic: 0 while an M blocks in netpoll */
    int64_t pollUntil;       /* atomic: when that M's epoll_wait times out */

    int ncall;               /* active gort_main/gort_call callers */
    bool exiting;            /* gort_main returned: never schedule again */
    bool started;            /* runtime initialised */

    int64_t starttime;       /* nanotime at init, for schedtrace */
    size_t stacksize;        /* goroutine stack size */

    int nattached;           /* threads attached (gort_thread_attach);
                                sched.lock */
    bool hostcalls;          /* gort_config.host_calls_in: host threads may
                                gort_call later; checkdead never reports */
};

extern Sched rt_sched;
extern P *rt_allp[GORT_MAXPROCS];
extern int rt_ncpu;

/* Current M of this thread (NULL on a thread that is not an M).  Not inlined
 * on purpose: the compiler must re-read the thread pointer after a switch. */
M *rt_getm(void);
/* The variable behind rt_getm.  Read it directly only where nothing can
 * park between the read and the use (lock.c, signal handlers). */
extern __thread M *rt_tlsm RT_TLS_IE;
/* The running user G, or NULL on g0 or a foreign thread. */
G *rt_getg(void);
/* The running G, or a fatal error naming `what` when not on a goroutine. */
G *rt_mustg(const char *what);

/* ---------------------------------------------------------------------- */
/* Scheduler API (proc.c)                                                  */
/* ---------------------------------------------------------------------- */

void rt_schedinit(const gort_config *cfg);

/* Parks the current goroutine with the given wait reason.  On g0, after
 * the G is off its stack, unlockf(gp, lock) is called; if it returns false
 * the G is made runnable again at once.  unlockf may be NULL.  Returns when
 * another goroutine readies it with rt_goready.  Goroutine only. */
void rt_gopark(bool (*unlockf)(G *gp, void *lock), void *lock,
               const char *reason);
/* rt_gopark with an rt_mutex released after parking. */
void rt_goparkunlock(rt_mutex *lock, const char *reason);
/* Makes a Gwaiting G runnable, into the current P's runnext (so the
 * readied G runs next: ping-pong pairs stay on one P). */
void rt_goready(G *gp);
/* Creates a G running fn(arg), on the current P's runnext. */
G *rt_newproc(gort_func fn, void *arg, bool sys);
/* The same on a stack of stacksize usable bytes (0: the configured size;
 * else already rounded by rt_roundstack). */
G *rt_newproc_stack(gort_func fn, void *arg, bool sys, size_t stacksize);
/* gort_go_stack's rounding: whole pages in [GORT_STACK_MIN, 1 GiB]. */
size_t rt_roundstack(size_t size);
/* Yields the processor. */
void rt_gosched(void);
/* Ends the current goroutine (deferred calls must already have run). */
GORT_NORETURN void rt_goexit1(void);
/* sysmon helpers. */
bool rt_retake_syscall(P *pp);
void rt_preemptone(P *pp);

void rt_runqput(P *pp, G *gp, bool next);
G *rt_runqget(P *pp, bool *inheritTime);
bool rt_runqempty(P *pp);
uint32_t rt_runqsteal(P *pp, P *victim, bool stealRunNextG, G **first);
void rt_globrunqput(G *gp);      /* sched.lock held */
G *rt_globrunqget(P *pp, int max); /* sched.lock held */

/* Wakes an idle P if there is one and no M is spinning. */
void rt_wakep(void);

/* Stop-the-world: every P stops at a safe point; the caller keeps running.
 * Blocks until all Ps stopped.  Goroutine only.  A goroutine running its
 * own C code that does not reach a safe point within about 1 ms is
 * suspended in place by a signal instead (preempt.c): its P counts as
 * stopped but keeps its M and status Prunning.  Attached foreign threads
 * are stopped too. */
void rt_stopTheWorld(const char *reason);
void rt_startTheWorld(void);

/* Returns the current P of this M (NULL on a foreign thread). */
P *rt_getp(void);

/* GC stack scanning: take/release the Gscan bit of a G whose status is
 * old (Grunnable, Gwaiting, Gsyscall).  castogscanstatus fails if the
 * status changed meanwhile. */
bool rt_castogscanstatus(G *gp, uint32_t old);
void rt_casfromgscanstatus(G *gp, uint32_t old);

/* Cheap per-M random numbers. */
uint32_t rt_fastrand(void);
uint32_t rt_fastrandn(uint32_t n);

/* All Gs ever created (for dumps and GC), append-only. */
extern rt_mutex rt_allglock;
extern G **rt_allgs;
extern size_t rt_allglen;

/* ---------------------------------------------------------------------- */
/* Stacks (stack.c)                                                        */
/* ---------------------------------------------------------------------- */

/* Gives gp a stack of rt_sched.stacksize bytes with a guard page below,
 * from pp's cache, the global pool, or the OS (pp may be NULL). */
void rt_stackget(P *pp, G *gp);
/* Returns gp's stack to pp's cache (or the pool, or the OS). */
void rt_stackput(P *pp, G *gp);
/* Sizes the guard-page budget (stacks themselves are made on demand). */
void rt_stack_init(void);
/* The report for a fault at addr in the running G's guard page. */
GORT_NORETURN void rt_stack_overflow(uintptr_t addr);
/* Gives the calling thread an alternate signal stack. */
void rt_minit_signalstack(void);
/* Returns the G whose guard page contains addr, or NULL. */
G *rt_stack_guard_owner(uintptr_t addr);

/* ---------------------------------------------------------------------- */
/* Timers (timer.c)                                                        */
/* ---------------------------------------------------------------------- */

/*
 * A runtime timer.  f(arg, seq, now) runs on the scheduler (g0 or the M
 * checking timers) when `when` passes; it must not block.  A periodic timer
 * (period > 0) is re-armed at when + period * k.
 */
struct Timer {
    rt_mutex mu;             /* serialises add/del/mod of this timer */
    int64_t when;            /* nanotime; under pp->timerslock while queued */
    int64_t period;
    void (*f)(void *arg, uintptr_t seq, int64_t now);
    void *arg;
    uintptr_t seq;
    P *pp;                   /* heap it is in (atomic), NULL if not queued */
    int idx;                 /* index in pp->timers, under pp->timerslock */
};

/* Adds t (not queued) to the current P's heap. */
void rt_addtimer(Timer *t);
/* Removes t if queued; returns true if it was (Go's Stop result). */
bool rt_deltimer(Timer *t);
/* Re-arms t at when (removing it first if queued); returns whether it was
 * queued. */
bool rt_modtimer(Timer *t, int64_t when, int64_t period);
/* Runs pp's expired timers (now == 0: read the clock only if pp has
 * timers).  Returns the next when (0: none) and sets *ran if any ran.
 * Called by the scheduler with pp owned or stolen-from. */
int64_t rt_checkTimers(P *pp, int64_t now, bool *ran);
/* Earliest timer over all Ps (0: none). */
int64_t rt_nobarrier_earliest_timer(void);
/* Number of queued timers over all Ps (for deadlock detection, tests). */
int rt_numtimers(void);
/* Moves all timers of pp to the current P (procresize). */
void rt_movetimers(P *to, P *from);

/* ---------------------------------------------------------------------- */
/* Network poller (netpoll.c)                                              */
/* ---------------------------------------------------------------------- */

void rt_netpollinit(void);
bool rt_netpollinited(void);
/* Polls; delay < 0 blocks, 0 polls, > 0 waits at most delay ns.  Returns a
 * list of Gs (linked by schedlink) made runnable; *n receives the count. */
G *rt_netpoll(int64_t delay, int *n);
/* Interrupts a blocked rt_netpoll. */
void rt_netpollBreak(void);
/* Goroutines parked in gort_fd_wait (atomic). */
extern int rt_netpollWaiters;

/* ---------------------------------------------------------------------- */
/* Time                                                                    */
/* ---------------------------------------------------------------------- */

static inline int64_t rt_nanotime(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---------------------------------------------------------------------- */
/* Printing, fatal errors, tracebacks (traceback.c)                         */
/* ---------------------------------------------------------------------- */

/* fork.c: pthread_atfork handlers (installed by rt_schedinit); in the
 * child of a fork rt_forkchild is set and the thread has no M (rt_dropm,
 * proc.c), so runtime calls fail clearly. */
extern bool rt_forkchild;
void rt_forkinit(void);
void rt_dropm(void);

/* Unbuffered formatted write to stderr; safe in fatal paths (no malloc). */
void rt_printf(const char *fmt, ...) GORT_PRINTF(1, 2);
void rt_vprintf(const char *fmt, va_list ap);
void rt_write(const char *s, size_t n);
/* While a thread's rt_capture is set, rt_write appends to it instead of
 * writing fd 2 (gort_pcall's report: no goroutine switch in between).  A
 * fatal error clears it.  Text past cap - 1 bytes is dropped. */
typedef struct rt_capture {
    char *buf;  /* NUL-terminated */
    size_t len, cap;
} rt_capture;
extern __thread rt_capture *rt_capturing;

/* A broken invariant: prints "fatal error: msg", the goroutine dump
 * (per GOTRACEBACK) and exits with status 2.  Never recoverable. */
GORT_NORETURN void rt_throw(const char *msg);
GORT_NORETURN void rt_throwf(const char *fmt, ...) GORT_PRINTF(1, 2);
/* Fatal error without the dump of other goroutines (e.g. deadlock prints
 * all goroutines itself). */
GORT_NORETURN void rt_fatal_dump(const char *msg, bool all);

/* Name of the function containing pc ("?" if unknown). */
const char *rt_funcname(uintptr_t pc);
/* Prints "goroutine N [reason]:" and a backtrace for gp. */
void rt_traceback_g(G *gp, bool current);
/* Prints all goroutines (current first), as GOTRACEBACK allows. */
void rt_dumpgoroutines(G *cur);
/* GOTRACEBACK level: 0 none, 1 single, 2 all (default single... see .c). */
int rt_gotraceback(void);

/* Flushes stdout if no one holds its lock (fatal paths). */
void rt_flush_stdout(void);

/* Process exit used by fatal paths. */
GORT_NORETURN void rt_exit(int code);

/* Loads what the fatal paths need (unwinder, symbols) before a crash. */
void rt_traceback_init(void);
/* Prints hdr verbatim, then the goroutine dump of a throw; exits 2. */
GORT_NORETURN void rt_fatal_dump_hdr(const char *hdr, bool all);
/* The SIGQUIT dump (called by signal.c's handler); exits 2. */
void rt_sigquit(siginfo_t *si);

/* Signals (signal.c): installs the runtime's handlers, saving the actions
 * they replace (docs/embedding.md).  Called once, at start. */
void rt_signals_init(const gort_config *cfg);
void rt_signals_restore_host(void);
uintptr_t rt_ucsp(void *ucontext); /* interrupted sp (signal.c) */ /* fork child: host actions back */
/* Is the runtime's handler installed for sig? */
bool rt_sighandling(int sig);
/* The preemption signal, 0 when there is none. */
int rt_preemptsig(void);
/* Sends the preemption signal to mp's thread, marked as the runtime's;
 * 0 on success, -1 when there is no preemption signal or it failed. */
int rt_sigpreempt(M *mp);
/* The same to an attached foreign thread. */
int rt_sigpreempt_thread(pthread_t thread);
/* Serves the suspension requests for this M or attached thread
 * (mgcmark.c); called from the preemption signal's handler with its
 * ucontext. */
void rt_sigsuspend(void *ucontext);

/* ---------------------------------------------------------------------- */
/* Suspension in place (preempt.c; the handshake is mgcmark.c's)           */
/* ---------------------------------------------------------------------- */

/* Signals the thread of r->who and waits (at most 2 ms) until it sits in
 * its handler.  true: it does, and stays there until rt_suspend_release.
 * false: no answer (request cancelled) or refused. */
bool rt_suspend_hold(rt_suspendreq *r, void *who, pthread_t thread);
void rt_suspend_release(rt_suspendreq *r);
/* May a thread held at this context stay held?  Only in its own C code:
 * not in the runtime's text, not in a system library (libc, the vDSO, a
 * sanitizer: possibly called from runtime code), with no runtime frame
 * between the handler and the interrupted sp.  lo/hi: its stack. */
bool rt_holdable(const rt_suspendreq *r, uintptr_t lo, uintptr_t hi);
/* Greys, for a thread held at the start of a cycle, everything its
 * registers and stack reach and the pointer words of every object they or
 * its innermost frame point into (a store halfway through an inline
 * barrier sequence: docs/design/gc-roots-and-barrier.md).  mgcmark.c. */
struct gcWork;
void rt_gcShadeHeld(const rt_suspendreq *r, uintptr_t lo, uintptr_t hi,
                    struct gcWork *w);
/* Scans [sp, hi) of a held thread: the start of its scan (below sp by the
 * red zone, or from the handler's frame when the handler ran on the same
 * stack). */
uintptr_t rt_heldscanlo(const rt_suspendreq *r, uintptr_t lo, uintptr_t hi);

/*
 * A foreign thread attached with gort_thread_attach (preempt.c).  Its
 * stack and registers are roots; a stop-the-world holds it in its
 * preemption signal's handler or, while it waits inside gort_call
 * (parked), takes the registers and sp it saved.  Records are linked on a
 * list under attachlock; fields are the thread's own unless marked.
 */
typedef struct rt_attached {
    struct rt_attached *next; /* attachlock */
    pthread_t thread;
    uintptr_t stack_lo, stack_hi;
    int locks;                /* rt_mutexes it holds (lock.c) */
    uint32_t parked;          /* atomic: ATT_* (preempt.c) */
    uintptr_t parkedsp;       /* valid while parked */
    uintptr_t parkedregs[RT_NSAVEDREGS];
    rt_suspendreq req;        /* the STW owner's request */
    bool held;                /* STW owner */
} rt_attached;
extern __thread rt_attached *rt_tls_attached RT_TLS_IE;
/* World stopped: calls fn for every attached thread (held or parked). */
void rt_forattached(void (*fn)(rt_attached *a, void *ctx), void *ctx);
/* STW owner: holds pp's M in place if it runs its goroutine's own C code
 * (true: pp counts as stopped; the caller decrements stopwait). */
bool rt_holdp(P *pp);
/* STW owner, world starting: releases every held M. */
void rt_releaseheld(void);
/* STW owner, every P stopped: stops every attached thread, holding it or
 * claiming it parked; releases them all when the world starts. */
void rt_holdattached(void);
void rt_releaseattached(void);
/* An attached thread about to wait inside gort_call saves its registers
 * and sp (a stop-the-world reads them instead of holding it), and leaves
 * that state after the wait (waiting while a stop-the-world claims it). */
void rt_attpark(rt_attached *a);
void rt_attunpark(rt_attached *a);
/* gort_thread_detach: one possible waker fewer; checks for a deadlock. */
void rt_checkdead_detached(void);
/* Threads held in place by stop-the-worlds so far (atomic; tests, bench). */
extern uint64_t rt_stwHolds;
/* Test hook: runtime code that runs ns nanoseconds with no safe point,
 * *inside set meanwhile (a stop-the-world must let it finish). */
void rt_test_inruntime(int *inside, int64_t ns);
/* Builds the table of system libraries rt_holdable consults. */
void rt_preempt_init(void);

/* ---------------------------------------------------------------------- */
/* Memory: allocator (malloc.c, mheap.c, mcentral.c, mcache.c, msize.c)    */
/* and collector (mgc.c, mgcmark.c, mbarrier.c, mfinal.c)                  */
/* ---------------------------------------------------------------------- */

/*
 * The allocator/collector boundary.  The allocator owns spans, their bits
 * and sweeping (freeing what the last mark left white); the collector owns
 * phases, marking, barriers, the pacer and finalizers.  Neither reaches
 * into the other's structures except through what is declared here.
 *
 *   mallocgc --(rt_gcAllocHook: assist / trigger)--> collector
 *   collector --(rt_findObject, mark bits, heap bits)--> allocator
 *   collector --(rt_sweepStart at mark termination)--> allocator
 */

#define RT_PAGE_SHIFT 13
#define RT_PAGE_SIZE ((uintptr_t)1 << RT_PAGE_SHIFT) /* 8 KiB */
#define RT_MAX_SMALL_SIZE 32768
#define RT_TINY_SIZE 16
#define RT_NUM_SIZE_CLASSES 68
#define RT_ARENA_SIZE ((uintptr_t)64 << 20)           /* 64 MiB */

typedef struct MSpan MSpan;
typedef struct MCache MCache;

/* Span states. */
enum { mSpanDead = 0, mSpanInUse = 1, mSpanManual = 2, mSpanFree = 3 };

/*
 * Allocator-owned (struct body defined by the allocator below this block):
 *   startAddr, npages, elemsize, nelems, spanclass (sizeclass << 1 | noscan),
 *   freeindex, allocCount, allocBits, gcmarkBits, sweepgen, state, and a
 *   per-word pointer bitmap for scan spans (filled at allocation from the
 *   object's gort_type ptrmask, repeated for arrays).
 * Sweepgen protocol (as Go): with h = mheap sweepgen,
 *   sweepgen == h-2: needs sweeping;  h-1: being swept;  h: swept, ready;
 *   h+1: cached in an mcache before sweep began, needs sweeping;
 *   h+3: swept and then cached.  h += 2 at every GC (rt_sweepStart).
 */

/* --- provided by the allocator ---------------------------------------- */

/* Allocates size bytes typed t (t NULL or ptrwords==0: noscan), zeroed.
 * Never returns NULL.  May assist the collector.  Goroutine or foreign
 * thread. */
void *rt_mallocgc(size_t size, const gort_type *t, bool needzero);
/* The span containing p, or NULL if p is not in the GC heap.  Lock-free. */
MSpan *rt_spanOf(uintptr_t p);
/* If p points into an allocated object of an
 * in-use span, returns true with its base, span and index.  Interior
 * pointers are fine; free slots return false. */
bool rt_findObject(uintptr_t p, uintptr_t *base, MSpan **span,
                   uintptr_t *objIndex);
/* Object size of a span, whether it holds pointers. */
uintptr_t rt_span_elemsize(MSpan *s);
bool rt_span_noscan(MSpan *s);
/* Mark bits (gcmarkBits) of object idx: atomic test-and-set returns the
 * previous value; isMarked is a plain atomic read. */
bool rt_span_setMarked(MSpan *s, uintptr_t idx);
bool rt_span_isMarked(MSpan *s, uintptr_t idx);
/* Pointer bitmap: true if the word at addr (inside an object of s) may hold
 * a heap pointer. */
bool rt_heapBitsIsPointer(MSpan *s, uintptr_t addr);
/* Called by the collector at mark termination (world stopped): advances
 * sweepgen; every in-use span becomes unswept (mcaches are emptied onto
 * the unswept lists and drop their tiny blocks).  Sweeping then proceeds
 * lazily (allocation) and in the background. */
void rt_sweepStart(void);
/* Sweeps everything not yet swept (gort_gc waits for this).  Also call it
 * at sweep termination, before a cycle marks anything: a mark set on a
 * span that is still unswept would be taken for the old cycle's and lost
 * (rt_sweepStart throws if the previous sweep was not finished). */
void rt_sweepFinish(void);
/* Calls fn for every in-use span (world stopped; checkmark, stats). */
void rt_forEachSpan(void (*fn)(MSpan *s, void *arg), void *arg);
/* Flushes/returns P's mcache spans (procresize, STW). */
void rt_mcache_flush(P *pp);
MCache *rt_mcache_new(void);

/* Heap accounting, maintained by the allocator (atomics). */
typedef struct rt_heapstats {
    uint64_t heapLive;    /* bytes in spans handed out (marked + new):
                             + a span's free bytes when an mcache takes it,
                             + each large object; - the unused part when a
                             span leaves an mcache in the same cycle.  The
                             collector resets it to the marked bytes at
                             mark termination; sweeping never changes it. */
    uint64_t heapAlloc;   /* bytes in allocated objects; counted when their
                             span leaves the mcache (exact after
                             rt_mcache_flush of every P / rt_sweepStart) */
    uint64_t heapSys;     /* bytes of address space obtained for the heap */
    uint64_t heapIdle;    /* bytes in free spans */
    uint64_t heapReleased;/* bytes returned to the OS (scavenged) */
    uint64_t heapInuse;   /* bytes in in-use spans */
    uint64_t mallocs, frees;
    uint64_t totalAlloc;
} rt_heapstats;
extern rt_heapstats rt_memstats_heap;

/* --- provided by the collector ---------------------------------------- */

/* GC phase, read by the allocator and the barrier fast paths. */
enum { GCoff = 0, GCmark = 1, GCmarktermination = 2 };
extern uint32_t rt_gcphase;           /* atomic */
extern uint32_t rt_writeBarrierEnabled; /* atomic: barrier on (mark phase) */
extern uint32_t rt_gcBlackenEnabled;  /* atomic: allocate black, assist */
/* Called by mallocgc after every allocation of size bytes from a new span
 * or large object (not per object): accounts, assists when marking, and
 * starts a cycle when the heap reaches its trigger.  It may block: assist
 * (scan), park, yield, or stop the world and run a whole cycle (including
 * rt_sweepStart).  So call it with no runtime lock held, with the mcache
 * consistent, after the new object is fully allocated (and marked, during
 * mark).  On a foreign thread or with m->locks > 0 it never blocks.
 * With GODEBUG=gcstress=N it is also called after every allocation, with
 * size 0 when no span was taken (nothing to charge: only the stress
 * counter ticks). */
void rt_gcAllocHook(uintptr_t size);
/* Starts the collector's background workers (called from rt_schedinit). */
void rt_gcinit(void);
/* Scheduler hooks (proc.c findrunnable), as Go's findRunnableGCWorker:
 * while marking, the background mark worker pp should run now (dedicated
 * or fractional), or, when pp has nothing else to do, an idle one.  The
 * returned G is Gwaiting: the caller makes it Grunnable and runs it. */
G *rt_gcFindRunnableWorker(P *pp);
G *rt_gcFindIdleWorker(P *pp);
/* Shades p (any value) when the write barrier is on: a goroutine's
 * argument while it is created during mark (it lives in the G, not on a
 * stack the collector scans).  One load and a branch otherwise. */
void rt_gcShadeSlow(void *p);
static inline void rt_gcShadeArg(void *p) {
    if (unlikely(__atomic_load_n(&rt_writeBarrierEnabled, __ATOMIC_RELAXED)))
        rt_gcShadeSlow(p);
}

/* ---------------------------------------------------------------------- */
/* Allocator structures (msize.c, malloc.c, mcache.c, mcentral.c, mheap.c, */
/* mgcsweep.c).  docs/allocator.md draws them.  The collector needs only    */
/* the boundary above; these are here so one header describes the heap.   */
/* ---------------------------------------------------------------------- */

#define RT_NUM_SPAN_CLASSES (RT_NUM_SIZE_CLASSES * 2)
#define RT_TINY_SPANCLASS ((2u << 1) | 1u)        /* 16-byte noscan class */
#define RT_PAGES_PER_ARENA (RT_ARENA_SIZE / RT_PAGE_SIZE) /* 8192 */
#define RT_ARENA_SHIFT 26
/* The arena index covers 48-bit addresses: a static L1 array of 64
 * entries, each pointing to an L2 array of 65536 arena pointers. */
#define RT_HEAP_ADDR_BITS 48
#define RT_ARENA_L1_BITS 6
#define RT_ARENA_L2_BITS (RT_HEAP_ADDR_BITS - RT_ARENA_SHIFT - RT_ARENA_L1_BITS)
/* Largest request mallocgc tries to satisfy (Go's maxAlloc on amd64). */
#define RT_MAX_ALLOC ((uintptr_t)1 << 47)

/* Size classes (msize.c): Go's table. */
extern const uint16_t rt_class_to_size[RT_NUM_SIZE_CLASSES];
extern const uint8_t rt_class_to_allocnpages[RT_NUM_SIZE_CLASSES];
extern const uint32_t rt_class_to_divmagic[RT_NUM_SIZE_CLASSES];
extern const uint8_t rt_size_to_class8[1024 / 8 + 1];
extern const uint8_t rt_size_to_class128[(RT_MAX_SMALL_SIZE - 1024) / 128 + 1];

/* Size class of a small size, 1 <= size <= RT_MAX_SMALL_SIZE. */
static inline uint32_t rt_sizeclass(uintptr_t size) {
    if (size <= 1024 - 8) return rt_size_to_class8[(size + 7) >> 3];
    return rt_size_to_class128[(size - 1024 + 127) >> 7];
}
/* The size mallocgc really hands out for a request of size bytes (size
 * class, or whole pages for large objects); growslice rounds with it. */
uintptr_t rt_roundupsize(uintptr_t size);

/* A span class: size class << 1 | noscan.  Class 0 holds large objects. */
static inline uint8_t rt_makeSpanClass(uint32_t sizeclass, bool noscan) {
    return (uint8_t)(sizeclass << 1 | (noscan ? 1u : 0u));
}

typedef struct HeapArena HeapArena;

/*
 * An mspan: npages contiguous pages, either cut into nelems objects of one
 * span class (in use), or a free run owned by the heap.
 *
 * Ownership of the allocation state (freeindex, allocCache, allocCount):
 * the mcache that caches the span (no lock), or the sweeper that moved
 * sweepgen to h-1, or whoever holds the lock of the list the span is on.
 * Accounting equation for an in-use small span, when nobody is allocating
 * from it: allocCount == #{i < freeindex} + #{i >= freeindex, allocBits[i]}
 * (the objects below freeindex are all allocated).
 */
struct MSpan {
    MSpan *next, *prev;     /* mcentral list or heap free list; that lock */
    MSpan *snext, *sprev;   /* free spans with unscavenged pages; heap lock */
    void *list;             /* list it is on (checks); that list's lock */

    /* Set when the span is (re)initialised under the heap lock, then fixed
     * while in use.  rt_spanOf reads them lock-free (atomic loads). */
    uintptr_t startAddr;    /* first byte */
    uintptr_t npages;
    uintptr_t elemsize;     /* object size (npages * page for large) */
    HeapArena *arena;       /* arena of startAddr (heap bitmap fast path) */
    uint32_t nelems;        /* objects; 1 for a large span */
    uint32_t divMul;        /* object index = (offset * divMul) >> 32 */
    uint8_t spanclass;      /* sizeclass << 1 | noscan */
    uint8_t state;          /* mSpan*; atomic, stored last on init */
    bool needzero;          /* memory may be dirty: zero on allocation */

    /* Allocation state (owner: see above). */
    uint32_t freeindex;     /* objects below are allocated; atomic stores
                               (rt_findObject reads it lock-free) */
    uint32_t allocCount;    /* allocated objects */
    uint32_t allocCountBeforeCache; /* allocCount when cached (stats) */
    uint64_t allocCache;    /* ~allocBits from freeindex, 64 at a time */
    uint64_t *allocBits;    /* 1 = allocated, as of the last sweep */
    uint64_t *gcmarkBits;   /* 1 = marked this cycle; atomic or */
    uint32_t sweepgen;      /* atomic; see "Sweepgen protocol" above */
    uintptr_t nscav;        /* free spans: scavenged pages; heap lock */
};

/*
 * A per-P cache of spans, one per span class, plus the tiny block.  Owned
 * by its P: used with no lock, with mp->locks raised so the goroutine
 * cannot move.  The foreign-thread cache is guarded by a mutex instead.
 */
struct MCache {
    uintptr_t tiny;         /* current 16-byte tiny block, 0 if none */
    uintptr_t tinyoffset;   /* first free byte in it */
    MSpan *tinyspan;        /* its span (allocate-black during mark) */
    uint32_t tinyindex;     /* its object index */
    uint64_t tinyAllocs;    /* tiny allocations not yet in the stats */
    MSpan *alloc[RT_NUM_SPAN_CLASSES]; /* &rt_emptymspan when none */
};

/* A doubly linked list of spans; the owner's lock guards it. */
typedef struct SpanList {
    MSpan *first, *last;
    uintptr_t n;
} SpanList;

/*
 * The central free list of one span class.  partial[] holds spans with
 * free objects, full[] spans without (or not yet known: unswept).  Index
 * sweepgen/2 % 2 is the swept list, the other the unswept one, so one
 * sweepgen += 2 turns every swept list into an unswept one.  Spans cached
 * in an mcache are on no list.  Large spans live on class 0's full lists.
 */
typedef struct MCentral {
    rt_mutex lock;          /* guards the lists */
    uint8_t spanclass;
    SpanList partial[2];
    SpanList full[2];
    char pad[RT_CACHELINE];
} RT_ALIGNED(RT_CACHELINE) MCentral;

/*
 * Metadata of one 64 MiB arena (mmap'd apart from the arena, touched
 * lazily): Go's heapArena.  The arena index maps an address to it.
 */
struct HeapArena {
    /* Pointer bitmap, one bit per word of the arena: 1 = the word may
     * hold a heap pointer.  Written at allocation for objects of scan
     * spans by the span's owner; read by the collector.  Atomic words. */
    uint64_t bitmap[RT_ARENA_SIZE / 8 / 64];
    /* spans[i]: the span holding page i.  Every page of an in-use span;
     * the first and last page of a free span; other entries are stale
     * (rt_spanOf checks state and bounds).  Atomic; written under the
     * heap lock. */
    MSpan *spans[RT_PAGES_PER_ARENA];
    /* scav: page i is scavenged or never touched: zero, not resident, and
     * counted in heapReleased.  Meaningful for free pages; heap lock. */
    uint64_t scav[RT_PAGES_PER_ARENA / 64];
    uintptr_t base;
};

/* The arena index: rt_arenas[l1][l2], each level published atomically. */
extern HeapArena **rt_arenas[1 << RT_ARENA_L1_BITS];

static inline HeapArena *rt_arenaOf(uintptr_t p) {
    uintptr_t ai = p >> RT_ARENA_SHIFT;
    if (unlikely(ai >> (RT_ARENA_L1_BITS + RT_ARENA_L2_BITS))) return NULL;
    HeapArena **l2 = ald(&rt_arenas[ai >> RT_ARENA_L2_BITS]);
    if (!l2) return NULL;
    return ald(&l2[ai & (((uintptr_t)1 << RT_ARENA_L2_BITS) - 1)]);
}

#define RT_HEAP_FREELISTS 128

/*
 * The page heap.  Lock order: foreign mcache lock > mcentral.lock >
 * mheap.lock (sched.lock is above all of them: procresize flushes
 * mcaches under it).
 */
typedef struct MHeap {
    rt_mutex lock;            /* guards the fields below unless marked */
    uint32_t sweepgen;        /* atomic; += 2 by rt_sweepStart */
    uint32_t sweepdone;       /* atomic: every span swept this cycle */
    int32_t sweepers;         /* atomic: sweeps in progress */
    SpanList free[RT_HEAP_FREELISTS]; /* free runs of exactly i pages */
    SpanList freelarge;       /* free runs of >= RT_HEAP_FREELISTS pages */
    MSpan *dirtyfirst, *dirtylast; /* free spans with unscavenged pages,
                                      oldest first (snext/sprev) */
    uintptr_t curArenaBase, curArenaEnd; /* reserved, not yet committed */
    MSpan **allspans;         /* every span record ever made; append-only,
                                 read lock-free (atomic pointer + length) */
    uintptr_t nallspans, capallspans;
    MSpan *spanfree;          /* recycled span records */
    uint64_t peakInuse;       /* max heapInuse this GC cycle (scavenger) */
    uint64_t lastPeakInuse;   /* ... and in the previous cycle */
    MCentral central[RT_NUM_SPAN_CLASSES]; /* own locks */
} MHeap;

extern MHeap rt_mheap;
extern MSpan rt_emptymspan;   /* placeholder in empty mcache slots */

/* mheap.c.  Sets up the heap (idempotent; mallocgc calls it lazily) and
 * registers the scavenger with sysmon (from rt_schedinit). */
void rt_mallocinit(void);
/* A span of npages for span class spc, in use, sweepgen current, bits
 * cleared; NULL when the OS refuses memory.  Sweeps first (reclaim) if
 * sweeping is unfinished.  No mcentral lock may be held. */
MSpan *rt_mheap_alloc(uintptr_t npages, uint8_t spc);
/* Returns an in-use span's pages to the heap (coalescing). */
void rt_mheap_freeSpan(MSpan *s);
/* Releases up to nbytes of free, resident pages to the OS (madvise);
 * returns the bytes released.  Takes the heap lock. */
uintptr_t rt_mheap_scavenge(uintptr_t nbytes);
/* Scavenger goal override for tests: retained bytes the background
 * scavenger aims for; -1 (the default) means automatic. */
extern int64_t rt_scavenger_goal;

/* mcentral.c.  A swept span with free objects for an mcache, or NULL when
 * out of memory; and the way back. */
MSpan *rt_mcentral_cacheSpan(MCentral *c);
void rt_mcentral_uncacheSpan(MCentral *c, MSpan *s);
/* Adds s to c's swept lists (full or partial by its count); takes c's
 * lock. */
void rt_mcentral_pushSwept(MCentral *c, MSpan *s);
void rt_spanlist_insert(SpanList *l, MSpan *s);     /* at the front */
void rt_spanlist_insertBack(SpanList *l, MSpan *s);
void rt_spanlist_remove(SpanList *l, MSpan *s);
MSpan *rt_spanlist_pop(SpanList *l);                  /* first, or NULL */

/* mcache.c.  refill: swaps c's full span of class spc for one with free
 * objects; returns the bytes that span adds to heapLive, 0 when out of
 * memory.  releaseAll: returns every cached span (non-stale spans keep
 * their sweep state).  prepareForSweep: rt_sweepStart's cheap version,
 * world stopped, sweepgen just advanced: cached spans go to the unswept
 * lists without being swept. */
uintptr_t rt_mcache_refill(MCache *c, uint8_t spc);
void rt_mcache_releaseAll(MCache *c);
void rt_mcache_prepareForSweep(MCache *c);
/* malloc.c: the cache for threads that are not Ms, and its lock (taken
 * first: it is also how rt_sweepStart keeps them out). */
extern rt_mutex rt_foreignlock;
extern MCache *rt_foreigncache;

/* malloc.c: span bit helpers. */
void rt_span_refillAllocCache(MSpan *s, uint32_t word);
uint32_t rt_span_nextFreeIndex(MSpan *s);

/* mgcsweep.c.  Sweeps s, which the caller owns (sweepgen moved to h-1).
 * preserve: keep s (the caller caches it); otherwise s goes to its
 * mcentral's swept lists or, empty, back to the heap.  Returns true if s
 * was freed to the heap. */
bool rt_sweepspan(MSpan *s, bool preserve);
/* Sweeps one unswept span; returns the pages it freed, or UINTPTR_MAX
 * when nothing was left to sweep. */
uintptr_t rt_sweepone(void);

/* ASan integration: free object slots are poisoned, so a use of a freed
 * GC object is reported (malloc.c, mgcsweep.c). */
#if GORT_SANITIZE_ADDRESS
#include <sanitizer/asan_interface.h>
#define RT_POISON(p, n) ASAN_POISON_MEMORY_REGION((void *)(p), (size_t)(n))
#define RT_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((void *)(p), (size_t)(n))
#else
#define RT_POISON(p, n) ((void)0)
#define RT_UNPOISON(p, n) ((void)0)
#endif

/* Stats helper: atomic add to an rt_memstats_heap counter. */
static inline void rt_statadd(uint64_t *p, int64_t d) {
    __atomic_add_fetch(p, (uint64_t)d, __ATOMIC_RELAXED);
}

/* ---------------------------------------------------------------------- */
/* Panics raised by the runtime (panic.c)                                  */
/* ---------------------------------------------------------------------- */

/* Panics with a runtime error whose message is printed as is:
 * rt_panicplain("send on closed channel") prints
 * "panic: send on closed channel" (Go's plainError).  Recoverable. */
GORT_NORETURN void rt_panicplain(const char *msg);
/* Panics with a runtime.Error printed as "panic: runtime error: <msg>"
 * ("index out of range [5] with length 3").  Recoverable. */
GORT_NORETURN void rt_panicrt(const char *fmt, ...) GORT_PRINTF(1, 2);
/* Call both with no runtime lock held (unlock the channel first, as Go
 * does): a recovered panic resumes in user code.  With mp->locks > 0 they
 * throw "panic holding locks".  rt_panicplain keeps msg (a literal); the
 * recovered error's text points to it. */

/*
 * An active panic or Goexit.  Lives in gort_panic's (gort_goexit's) C
 * frame; linked from G.panic, newest first.  Owner: the G.
 */
struct rt_panic {
    gort_any arg;            /* the panic value */
    struct rt_panic *link;   /* older panic still in progress */
    uintptr_t argp;          /* frame pointer of rt_calldefer while it runs
                                a deferred call for this panic, else 0:
                                gort_recover's "called directly" test */
    gort_func deferfn;       /* the deferred function rt_calldefer runs */
    bool recovered;          /* gort_recover took the value */
    bool aborted;            /* a newer panic ran past the deferred call
                                this one started */
    bool goexit;             /* a Goexit, not a panic */
    void *goexitjb;          /* Goexit: jmp_buf * where a recovery that
                                bypasses the Goexit resumes its loop */
};

/* Panics still running deferred calls (Go's runningPanicDefers), and
 * panics printing their fatal message; gort_main waits for both before it
 * returns.  Atomic. */
extern int rt_runningPanicDefers, rt_panicking;
/* Prints the panics p and older as an unrecovered panic does ("panic: v"
 * lines, oldest first). */
void rt_printpanics(struct rt_panic *p);

/* Called by the SIGSEGV/SIGBUS/SIGFPE handler (stack.c) with its siginfo
 * and ucontext.  If the fault is a synchronous one in a running goroutine
 * outside the runtime's critical sections, rewrites the context so that
 * the goroutine resumes in a call to the panic path ("invalid memory
 * address or nil pointer dereference", "integer divide by zero") and
 * returns true; else false (the handler then dies with "fatal error"). */
bool rt_sigpanic_prepare(int sig, void *siginfo, void *ucontext);

/* GC: reports the argument of every pending deferred call of gp (the
 * records in the per-P pool are malloc'd, so the stack scan misses them). */
void rt_scandefers(G *gp, void (*mark)(void *ptr, void *ctx), void *ctx);

/* ---------------------------------------------------------------------- */
/* Typed memory (mbarrier.c)                                               */
/* ---------------------------------------------------------------------- */

/* Copies one value of type t from src to dst with the write barriers the
 * collector needs (dst may be on the heap or a stack). */
/* memmove and memset that move pointer words whole (mbarrier.c). */
void rt_ptrmemmove(void *dst, const void *src, size_t n);
void rt_ptrmemclr(void *dst, size_t n);
void rt_typedmemmove(const gort_type *t, void *dst, const void *src);
/* Zeroes one value of type t at dst (with barriers for its pointers). */
void rt_typedmemclr(const gort_type *t, void *dst);
/* The write barrier of an atomic pointer store, without the store: call it
 * right before atomically storing (or CASing) v into *slot, which is on the
 * heap or a stack (Go's atomicwb: shades *slot and v while marking). */
void rt_atomicwb(void **slot, void *v);
/* Go's typedslicecopy: moves n values of type t from src to dst (they may
 * overlap), shading every pointer overwritten and copied while marking. */
void rt_typedslicecopy(const gort_type *t, void *dst, const void *src,
                       intptr_t n);
/* Before copying n values of type t from src into a fresh object (which
 * holds no pointers yet): shades the pointers being copied (growslice). */
void rt_bulkBarrierPreWriteSrcOnly(const gort_type *t, const void *src,
                                   intptr_t n);

/* ---------------------------------------------------------------------- */
/* Semaphores and sync (sema.c, sync.c; docs/sync.md)                       */
/* ---------------------------------------------------------------------- */

#define WAIT_SEMACQUIRE "semacquire"
/* Go 1.19 names every sync wait but Cond.Wait "semacquire" (later Go
 * versions say "sync.Mutex.Lock" and so on). */
#define WAIT_MUTEX "semacquire"
#define WAIT_RWMUTEX_R "semacquire"
#define WAIT_RWMUTEX_W "semacquire"
#define WAIT_WAITGROUP "semacquire"
#define WAIT_COND "sync.Cond.Wait"

/* Waits until *addr > 0 and decrements it, parking with `reason` meanwhile.
 * lifo queues at the front of addr's waiters (a Mutex waiter that lost a
 * race after waking).  Goroutine only. */
void rt_semacquire1(uint32_t *addr, bool lifo, const char *reason);
void rt_semacquire(uint32_t *addr); /* reason "semacquire", FIFO */
/* Increments *addr and wakes the first waiter on addr, if any.  handoff:
 * pass the count straight to that waiter and yield the P to it. */
void rt_semrelease1(uint32_t *addr, bool handoff);
void rt_semrelease(uint32_t *addr);

/* A ticket-based wait list for sync.Cond (layout shared with gort_cond). */
typedef struct rt_notifyList {
    uint32_t wait;   /* atomic: next ticket */
    uint32_t notify; /* atomic read; written under lock: next to notify */
    rt_mutex lock;
    Sudog *head, *tail; /* parked waiters, under lock */
} rt_notifyList;
uint32_t rt_notifyListAdd(rt_notifyList *l);
void rt_notifyListWait(rt_notifyList *l, uint32_t ticket);
void rt_notifyListNotifyOne(rt_notifyList *l);
void rt_notifyListNotifyAll(rt_notifyList *l);

/* Test hooks (sync.c): how often a Mutex entered / left starvation mode. */
extern uint64_t rt_mutex_starve_enter, rt_mutex_starve_exit;

/*
 * GC hooks for sync (registry in pool.c).  The collector must call
 *   rt_gc_run_cycle_hooks()          at the start of every cycle, with the
 *                                    world stopped, before marking (Go's
 *                                    clearpools: sync.Pool's poolCleanup);
 *   rt_gc_markroot_hooks(mark, gcw)  while marking roots: each hook calls
 *                                    mark(ptr, gcw) for the heap pointers
 *                                    it keeps in C memory (the pools of
 *                                    allPools/oldPools and their arrays).
 * mark has the shape of gort_vm_hooks.scan's callback.
 */
typedef void (*rt_gc_markfn)(void *ptr, void *gcw);
void rt_gc_register_cycle_hook(void (*fn)(void));
void rt_gc_register_root_hook(void (*fn)(rt_gc_markfn mark, void *gcw));
void rt_gc_run_cycle_hooks(void);
void rt_gc_markroot_hooks(rt_gc_markfn mark, void *gcw);

/* Test hooks: registered children of a context (context.c). */
int rt_context_nchildren(gort_context *c);

/* Test hooks: registered pools (pool.c); a sync.Map's shape (syncmap.c). */
void rt_pool_counts(size_t *all, size_t *old);
void rt_syncmap_stats(gort_syncmap *m, intptr_t *nread, intptr_t *ndirty,
                      intptr_t *misses, bool *amended);

/* ---------------------------------------------------------------------- */
/* Environment (debug.c)                                                    */
/* ---------------------------------------------------------------------- */

typedef struct rt_debugvars {
    int schedtrace;   /* GODEBUG=schedtrace=MS */
    int scheddetail;  /* GODEBUG=scheddetail=1 */
    int gctrace;      /* GODEBUG=gctrace=1 */
    int gccheckmark;  /* GODEBUG=gccheckmark=1 */
    int gcstress;     /* GODEBUG=gcstress=1: GC at every allocation */
    int growclassic;  /* GODEBUG=gortgrowslice=classic: append grows by
                         the pre-1.18 rule (slice.c) */
} rt_debugvars;
extern rt_debugvars rt_debug;
void rt_parsedebugvars(void);
/* Parses a size with optional KiB/MiB/GiB/KB/MB/GB/K/M/G suffix; -1 bad. */
int64_t rt_parse_size(const char *s);

/* sysmon (sysmon.c). */
void rt_sysmon_start(void);
/* Registers fn to run on every sysmon tick (GC time trigger, scavenger). */
void rt_sysmon_hook(void (*fn)(int64_t now));
void rt_schedtrace(bool detailed);

#endif /* GORT_RUNTIME_H */
