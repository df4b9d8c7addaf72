/*
 * signal.c — the runtime's signal handlers, installed in one place, and
 * the chaining that lets a host program keep its own.
 *
 * The runtime needs three kinds of signal:
 *
 *   faults        SIGSEGV, SIGBUS, SIGFPE, SIGILL: a nil dereference or a
 *                 division by zero in a goroutine becomes a panic
 *                 (panic.c), a write into a guard page is a stack overflow
 *                 (stack.c), a fault in runtime code is a fatal error;
 *   SIGQUIT       a dump of every goroutine (traceback.c);
 *   preemption    SIGURG by default: the collector suspends a running
 *                 goroutine's thread to scan its stack (mgcmark.c).
 *
 * A host that links libgort.a may have handlers for the same signals, and
 * may raise them for its own reasons.  The model is Go's c-archive mode
 * (runtime/signal_unix.go: initsig, sigfwdgo): when the runtime starts it
 * saves the action each signal had (fwd[]) and installs its handler; the
 * handler decides whether the signal is the runtime's, and passes it on to
 * the saved action when it is not:
 *
 *     signal ──> sighandler (on the M's sigaltstack, errno saved)
 *                  │
 *     preemption ──┼──> serve this M's suspension requests (mgcmark.c)
 *     signal       │    sent by the runtime (SI_QUEUE + cookie)? ── done
 *                  │    else ─────────────────────────────────────> forward
 *     SIGQUIT ─────┼──> goroutine dump, exit 2 (installed only over SIG_DFL)
 *                  │
 *     fault ───────┴──> sent by kill/raise, or thread is not an M ──> forward
 *                       guard page of the running G ──> "stack overflow"
 *                       G's own code, no runtime lock held:
 *                         nil page / divide error ──> panic (sigpanic)
 *                         other address, SIGILL, and the host has a
 *                         handler ──────────────────────────────> forward
 *                         otherwise ──> "fatal error: fault" / crash dump
 *                       runtime code (a lock held, g0, signal stack) ──>
 *                         "fatal error: unexpected signal during runtime
 *                          execution" (never forwarded: Go's rule)
 *
 *     forward: saved handler ──> call it (its sa_mask applied)
 *              SIG_IGN       ──> nothing (a real fault: as SIG_DFL)
 *              SIG_DFL       ──> the default action: ignore, or restore
 *                                SIG_DFL and re-raise (a fault returns and
 *                                re-executes the instruction, so the
 *                                process dies with the original context)
 *
 * "Is this preemption signal ours?" must be exact, or the host loses its
 * signals or receives ours: the runtime sends it with pthread_sigqueue,
 * si_code SI_QUEUE and a cookie in si_value that no other sender has; a
 * signal without it is forwarded after the handler has served whatever
 * requests are pending for its M.  Standard signals do not queue: two
 * sent to one thread before it runs its handler arrive once, so a host
 * signal that coincides with a suspension request on the same thread
 * reaches only the runtime.  (Go 1.19 does not forward its preemption
 * signal at all.)
 *
 * SIGQUIT follows Go's c-archive rule: asynchronous signals belong to the
 * host.  If the host has a handler (or ignores SIGQUIT) when the runtime
 * starts, the runtime leaves it in place, adding SA_ONSTACK as Go does so
 * that it runs on the signal stack on a goroutine's thread; only over
 * SIG_DFL does the runtime install its goroutine dump.
 *
 * gort_config.signals_leave names signals the runtime must not touch at
 * all; the preemption signal is gort_config.preempt_signal or
 * $GORT_PREEMPT_SIGNAL (a number or a name such as SIGUSR2), SIGURG by
 * default, or none.  Without one, a running goroutine is scanned when it
 * next reaches a safe point.
 *
 * Handlers installed by the host after the runtime started replace the
 * runtime's: faults in goroutines stop being panics and the collector
 * waits for safe points.  A host that must install late should save the
 * previous action (ours) and call it for signals it does not own, with
 * SA_ONSTACK set on its own; ours then forwards, in turn, to what was
 * there before the runtime.
 *
 * Invariants.  fwd[sig] is written before the runtime's handler is
 * installed for sig and only read afterwards.  The handlers are
 * async-signal-safe: no locks, no allocation; thread-locals they read are
 * initial-exec (runtime.h RT_TLS_IE).
 *
 * Rejected: installing with sigaction(sig, &sa, NULL), dropping the host's
 * handler (the state before this file); telling our preemption signals
 * from the host's by counting requests per M (a request cancelled after a
 * timeout leaves a signal in flight that the count would hand to the
 * host); forwarding faults in runtime code (the runtime's state is broken
 * and only the runtime can report it).
 */
#include "runtime.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#define NSIGS 65 /* signals 1..64 */

static struct sigaction fwd[NSIGS]; /* the action before ours; see above */
static uint8_t handling[NSIGS];     /* 1: our handler is installed */
static int preemptsig;              /* 0: none; written before install */

/* The cookie in si_value of every preemption signal the runtime sends. */
static void *const preemptcookie = (void *)&preemptsig;

/* ---------------------------------------------------------------------- */
/* Names                                                                   */
/* ---------------------------------------------------------------------- */

static const struct { int sig; const char *name, *desc; } sigtab[] = {
    {SIGHUP, "SIGHUP", "terminal line hangup"},
    {SIGINT, "SIGINT", "interrupt"},
    {SIGQUIT, "SIGQUIT", "quit"},
    {SIGILL, "SIGILL", "illegal instruction"},
    {SIGTRAP, "SIGTRAP", "trace trap"},
    {SIGABRT, "SIGABRT", "abort"},
    {SIGBUS, "SIGBUS", "bus error"},
    {SIGFPE, "SIGFPE", "floating-point exception"},
    {SIGUSR1, "SIGUSR1", "user-defined signal 1"},
    {SIGSEGV, "SIGSEGV", "segmentation violation"},
    {SIGUSR2, "SIGUSR2", "user-defined signal 2"},
    {SIGPIPE, "SIGPIPE", "write to broken pipe"},
    {SIGALRM, "SIGALRM", "alarm clock"},
    {SIGTERM, "SIGTERM", "termination"},
    {SIGCHLD, "SIGCHLD", "child status has changed"},
    {SIGCONT, "SIGCONT", "continue"},
    {SIGTSTP, "SIGTSTP", "keyboard stop"},
    {SIGTTIN, "SIGTTIN", "background read from tty"},
    {SIGTTOU, "SIGTTOU", "background write to tty"},
    {SIGURG, "SIGURG", "urgent I/O condition"},
    {SIGXCPU, "SIGXCPU", "cpu limit exceeded"},
    {SIGXFSZ, "SIGXFSZ", "file size limit exceeded"},
    {SIGVTALRM, "SIGVTALRM", "virtual alarm clock"},
    {SIGPROF, "SIGPROF", "profiling alarm clock"},
    {SIGWINCH, "SIGWINCH", "window size change"},
    {SIGIO, "SIGIO", "i/o now possible"},
    {SIGPWR, "SIGPWR", "power failure restart"},
    {SIGSYS, "SIGSYS", "bad system call"},
};

/* Go's sigtable text: "SIGSEGV: segmentation violation"; buf for others. */
static const char *sigstr(int sig, char *buf, size_t n) {
    for (size_t i = 0; i < RT_ARRAY_LEN(sigtab); i++) {
        if (sigtab[i].sig == sig) {
            snprintf(buf, n, "%s: %s", sigtab[i].name, sigtab[i].desc);
            return buf;
        }
    }
    snprintf(buf, n, "signal %d", sig);
    return buf;
}

/* A signal by number or name ("SIGUSR2", "USR2", "SIGRTMIN+3"); 0 for
 * "none", -1 when s names no signal. */
static int parsesig(const char *s) {
    if (strcmp(s, "none") == 0 || strcmp(s, "0") == 0) return 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (end != s && *end == 0) return v > 0 && v < NSIGS ? (int)v : -1;
    if (strncmp(s, "SIG", 3) == 0) s += 3;
    for (size_t i = 0; i < RT_ARRAY_LEN(sigtab); i++)
        if (strcmp(sigtab[i].name + 3, s) == 0) return sigtab[i].sig;
    int base = 0;
    if (strncmp(s, "RTMIN", 5) == 0) base = SIGRTMIN;
    if (strncmp(s, "RTMAX", 5) == 0) base = SIGRTMAX;
    if (!base) return -1;
    v = s[5] ? strtol(s + 5, &end, 10) : 0;
    if (s[5] && *end) return -1;
    v += base;
    return v >= SIGRTMIN && v <= SIGRTMAX ? (int)v : -1;
}

/* ---------------------------------------------------------------------- */
/* Forwarding                                                              */
/* ---------------------------------------------------------------------- */

static bool sigdflignores(int sig) {
    return sig == SIGURG || sig == SIGCHLD || sig == SIGWINCH || sig == SIGCONT;
}

static bool synchronous(int sig, const siginfo_t *si) {
    return (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL) &&
           si->si_code > 0;
}

static void setsig(int sig, void (*h)(int, siginfo_t *, void *));
static void sighandler(int sig, siginfo_t *si, void *uc);

/* The default action of sig, from inside its handler.  A fault: restore
 * SIG_DFL and return, so that the instruction faults again and the kernel
 * ends the process with the original context (a core dump shows the real
 * crash).  Anything else: restore SIG_DFL, unblock and raise; if the
 * process survives (a stop signal), take the signal back. */
static void sigdefault(int sig, siginfo_t *si) {
    if (sigdflignores(sig)) return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigaction(sig, &sa, NULL);
    if (synchronous(sig, si)) return;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    raise(sig);
    setsig(sig, sighandler);
}

/* Passes sig to the action that was installed before the runtime's. */
static void forward(int sig, siginfo_t *si, void *uc) {
    const struct sigaction *fa = &fwd[sig];
    if (fa->sa_handler == SIG_IGN && !synchronous(sig, si)) return;
    if (fa->sa_handler == SIG_DFL || fa->sa_handler == SIG_IGN) {
        sigdefault(sig, si);
        return;
    }
    sigset_t old;
    pthread_sigmask(SIG_BLOCK, &fa->sa_mask, &old);
    if (fa->sa_flags & SA_SIGINFO)
        fa->sa_sigaction(sig, si, uc);
    else
        fa->sa_handler(sig);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Does the host have a handler of its own (not SIG_DFL or SIG_IGN)? */
static bool hosthandles(int sig) {
    return fwd[sig].sa_handler != SIG_DFL && fwd[sig].sa_handler != SIG_IGN;
}

/* ---------------------------------------------------------------------- */
/* The handler                                                             */
/* ---------------------------------------------------------------------- */

/* The interrupted stack pointer in a signal handler's ucontext (also the
 * collector's suspension handshake, mgcmark.c). */
uintptr_t rt_ucsp(void *ucv) {
    ucontext_t *uc = ucv;
#if defined(__x86_64__)
    return (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
#elif defined(__aarch64__)
    return (uintptr_t)uc->uc_mcontext.sp;
#else
    (void)uc;
    return 0;
#endif
}

static uintptr_t ucpc(void *ucv) {
    ucontext_t *uc = ucv;
#if defined(__x86_64__)
    return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    return (uintptr_t)uc->uc_mcontext.pc;
#else
    (void)uc;
    return 0;
#endif
}

/* A fault the runtime cannot turn into a panic: Go's two reports.  In
 * goroutine code holding a runtime lock (or while dying): sigpanic's
 * throw, "unexpected signal during runtime execution".  On the scheduler
 * stack or for SIGILL: the crash header Go prints for a _SigThrow signal. */
static GORT_NORETURN void sigthrow(int sig, siginfo_t *si, void *uc,
                                   bool ongstack) {
    char name[64], hdr[384];
    M *mp = rt_tlsm;
    sigstr(sig, name, sizeof name);
    if (ongstack && sig != SIGILL) {
        snprintf(hdr, sizeof hdr,
                 "fatal error: unexpected signal during runtime execution\n"
                 "[signal %s code=%#x addr=%#lx pc=%#lx]\n",
                 name, si->si_code, (unsigned long)(uintptr_t)si->si_addr,
                 (unsigned long)ucpc(uc));
    } else {
        snprintf(hdr, sizeof hdr, "%s\nPC=%#lx m=%lld sigcode=%d\n", name,
                 (unsigned long)ucpc(uc), mp ? (long long)mp->id : -1LL,
                 si->si_code);
    }
    rt_fatal_dump_hdr(hdr, true);
}

/* A synchronous signal.  See the picture above. */
static void sigfault(int sig, siginfo_t *si, void *uc) {
    M *mp = rt_tlsm;
    if (!mp || si->si_code <= 0) {
        /* A host thread, or sent by kill/raise/sigqueue: not ours. */
        forward(sig, si, uc);
        return;
    }
    G *gp = mp->curg;
    uintptr_t sp = rt_ucsp(uc), addr = (uintptr_t)si->si_addr;
    /* A goroutine in a syscall may run C on another stack (the VM's FFI
     * runs C calls on a large per-M stack): its fault is still the
     * goroutine's code's, reported and chained as such. */
    bool ongstack = gp && ((sp >= gp->stack_lo && sp <= gp->stack_hi) ||
                           ald_relaxed(&gp->status) == Gsyscall);
    if ((sig == SIGSEGV || sig == SIGBUS) && rt_stack_guard_owner(addr))
        rt_stack_overflow(addr); /* before ongstack: sp is below stack_lo */
    bool usercode = ongstack && mp->locks == 0 && !mp->dying;
    bool claimed = sig == SIGFPE || (sig != SIGILL && addr < 0x1000);
    if (usercode && !claimed && hosthandles(sig)) {
        forward(sig, si, uc);
        return;
    }
    if (sig != SIGILL && rt_sigpanic_prepare(sig, si, uc)) return;
    sigthrow(sig, si, uc, ongstack);
}

/* The preemption signal: serve the suspension requests addressed to this
 * M (or attached thread, preempt.c); forward the signal if someone else
 * sent it. */
static void sigpreempt(int sig, siginfo_t *si, void *uc) {
    if (rt_tlsm || rt_tls_attached) rt_sigsuspend(uc);
    if (si->si_code == SI_QUEUE && si->si_value.sival_ptr == preemptcookie)
        return;
    forward(sig, si, uc);
}

static void sighandler(int sig, siginfo_t *si, void *uc) {
    int e = errno;
    if (sig == ald_relaxed(&preemptsig))
        sigpreempt(sig, si, uc);
    else if (sig == SIGQUIT)
        rt_sigquit(si);
    else
        sigfault(sig, si, uc);
    errno = e;
}

/* ---------------------------------------------------------------------- */
/* Installation                                                            */
/* ---------------------------------------------------------------------- */

static void setsig(int sig, void (*h)(int, siginfo_t *, void *)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h;
    /* SA_RESTART: a host's read() interrupted by a preemption signal is
     * not cut short.  The mask: the runtime's own signals do not nest. */
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

/* Saves sig's action and installs ours; returns false if the host has a
 * handler and keep_host is set (SIGQUIT), leaving it with SA_ONSTACK. */
static bool install(int sig, bool keep_host) {
    struct sigaction old;
    if (sigaction(sig, NULL, &old) != 0) return false;
    if ((old.sa_flags & SA_SIGINFO) && old.sa_sigaction == sighandler)
        return true; /* already ours (a second start in one process) */
    if (keep_host && old.sa_handler != SIG_DFL) {
        if (old.sa_handler != SIG_IGN && !(old.sa_flags & SA_ONSTACK)) {
            old.sa_flags |= SA_ONSTACK;
            sigaction(sig, &old, NULL);
        }
        return false;
    }
    fwd[sig] = old;
    ast(&handling[sig], (uint8_t)1);
    setsig(sig, sighandler);
    return true;
}

static bool leave(const gort_config *cfg, int sig) {
    return cfg && sig < 64 && (cfg->signals_leave >> sig & 1);
}

/* The preemption signal: cfg, then $GORT_PREEMPT_SIGNAL, then SIGURG. */
static int choosepreempt(const gort_config *cfg) {
    int sig = SIGURG;
    const char *env = getenv("GORT_PREEMPT_SIGNAL");
    if (cfg && cfg->preempt_signal) {
        sig = cfg->preempt_signal < 0 ? 0 : cfg->preempt_signal;
    } else if (env && *env) {
        sig = parsesig(env);
        if (sig < 0)
            rt_throwf("GORT_PREEMPT_SIGNAL=%s: not a signal (use a number, a "
                      "name such as SIGUSR2, or none)",
                      env);
    }
    if (sig >= NSIGS || sig == SIGKILL || sig == SIGSTOP || sig == SIGSEGV ||
        sig == SIGBUS || sig == SIGFPE || sig == SIGILL || sig == SIGQUIT)
        rt_throwf("gort: preemption signal %d is not usable (it cannot be "
                  "caught, or the runtime needs it for something else)",
                  sig);
    if (sig && leave(cfg, sig)) sig = 0;
    return sig;
}

void rt_signals_init(const gort_config *cfg) {
    static const int faults[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
    int psig = choosepreempt(cfg);
    for (size_t i = 0; i < RT_ARRAY_LEN(faults); i++)
        if (!leave(cfg, faults[i])) install(faults[i], false);
    if (!leave(cfg, SIGQUIT)) install(SIGQUIT, true);
    if (psig) {
        ast(&preemptsig, psig);
        install(psig, false);
    }
}

/* In the child of a fork (fork.c): every signal the runtime took goes back
 * to the action the host had before the runtime started (SIG_DFL where it
 * had none), so a child that execs, or runs on without the runtime, sees
 * the host's own handlers.  Async-signal-safe: sigaction only. */
void rt_signals_restore_host(void) {
    for (int sig = 1; sig < NSIGS; sig++) {
        if (!ald_relaxed(&handling[sig])) continue;
        sigaction(sig, &fwd[sig], NULL);
        ast_relaxed(&handling[sig], (uint8_t)0);
    }
}

bool rt_sighandling(int sig) {
    return sig > 0 && sig < NSIGS && ald(&handling[sig]);
}

int rt_preemptsig(void) { return ald_relaxed(&preemptsig); }

int rt_sigpreempt_thread(pthread_t thread) {
    int sig = ald_relaxed(&preemptsig);
    if (!sig) return -1;
    union sigval v;
    v.sival_ptr = preemptcookie;
    return pthread_sigqueue(thread, sig, v) == 0 ? 0 : -1;
}

int rt_sigpreempt(M *mp) { return rt_sigpreempt_thread(mp->thread); }
