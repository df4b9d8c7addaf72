/*
 * testlib.h — the scaffolding shared by every test in tests/unit and
 * tests/stress.  Each test includes it first; its helpers are static, so
 * every test executable has its own copy.  What each part is for:
 *
 *   Checks on goroutines.  cmocka keeps its state (the jmp_buf of the
 *   running test, the pending message) in __thread variables, and a
 *   goroutine may resume on another OS thread after any call that parks,
 *   where cmocka would find another thread's state.  So the cmocka runner
 *   stays on the process's main thread, outside the runtime, and a test
 *   body runs on a goroutine through gort_call: GO_TEST(fn) in the
 *   CMUnitTest table makes the entry for a body `void fn(void *arg)`.
 *   Bodies check with CHECK, CHECK_EQ, CHECK_RANGE, CHECK_STR... and fail
 *   with FAILF.  A failed check records the first failure (later ones, on
 *   other goroutines, are dropped) and ends the calling goroutine with
 *   gort_goexit, as Go's t.FailNow does; the runner then reports it
 *   through cmocka on the main thread.  Off a goroutine (a plain cmocka
 *   test on the main thread) the same macros fail through cmocka
 *   directly.  A check in a goroutine other than the body ends that
 *   goroutine: the body must not wait for it for ever.  Every body starts
 *   with GOMAXPROCS tl_procs (a test's main() may set it; by default the
 *   count the runtime started with), and the runner restores it after a
 *   body that changed it.
 *
 *   Shared counters and waiting.  Flags and counters that goroutines share
 *   are plain ints used through tl_load/tl_store/tl_inc/tl_add
 *   (sequentially consistent: no reasoning about orderings).  A body
 *   waits for "all N got there" with tl_wait_until/tl_wait_ge (poll and
 *   sleep, give up after a limit), or for goroutines parked with a wait
 *   reason (tl_wait_parked) or queued on a channel (tl_wait_queued).  The
 *   limits only turn a hang into a failure: tests never assert timings.
 *
 *   Child processes.  A scenario that ends the program (a panic, a fatal
 *   error, a deadlock, SIGQUIT) runs in a child: the test binary
 *   re-executes itself as `/proc/self/exe --child NAME`, its main() calls
 *   tl_child_main first, which runs scenario NAME (under gort_main, or
 *   as is) and exits.  tl_child spawns a child with a changed environment
 *   and captures its stdout and stderr; CHECK_CHILD runs one and checks
 *   its exit status and output, printing the whole output on a mismatch.
 *
 *   Runtime internals, the way Go's export_test.go exposes them: errno
 *   helpers that survive a park, fake Ps and Gs for the run queue, a
 *   hand-rolled park/ready token (tl_slot), panic text and string values
 *   (panictext, tl_isstr), the allocator's view of an object, a
 *   simulated GC cycle that only sweeps, a collection held open in its
 *   mark phase, and a stack scrubber for tests that hide objects from a
 *   conservative scan.
 *
 *   Stress tests.  tl_stress_seconds reads GORT_STRESS_SECONDS (how long
 *   a stress test runs at least) and refuses a bad value; tl_rnd is their
 *   random number generator; tl_world holds the channels their workers
 *   share; tl_await is the watchdog that turns a hang into a fatal error
 *   with a goroutine dump.
 *
 * Helpers that only one test needs stay in that test.
 *
 * Rejected ways to end a failed check: a longjmp back to the start of the
 * body skips the deferred calls of every frame in between and leaves
 * GORT_FRAMEs open; a `return` from the checking function works only in
 * void functions and lets a helper's caller run on past the failure.
 * gort_goexit unwinds the goroutine the way Go does.
 */
#ifndef GORT_TESTLIB_H
#define GORT_TESTLIB_H

#include "runtime.h"
#include "mgc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

extern char **environ;

/* ---------------------------------------------------------------------- */
/* Checks on goroutines                                                    */
/* ---------------------------------------------------------------------- */

typedef struct tl_failure {
    int state; /* 0 none, 1 being written, 2 written (release) */
    const char *file;
    int line;
    char msg[4096];
} tl_failure;
static RT_UNUSED tl_failure tl_failed;

static inline GORT_NORETURN void tl_fail(const char *file, int line,
                                         const char *fmt, ...)
    GORT_PRINTF(3, 4);
static inline GORT_NORETURN void tl_fail(const char *file, int line,
                                         const char *fmt, ...) {
    va_list ap;
    if (gort_goid() == 0) { /* a plain thread: cmocka works here */
        char msg[sizeof tl_failed.msg];
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        print_error("%s:%d: %s\n", file, line, msg);
        _fail(file, line);
        abort(); /* _fail jumps back into cmocka's runner */
    }
    int z = 0;
    if (__atomic_compare_exchange_n(&tl_failed.state, &z, 1, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        tl_failed.file = file; /* the first failure wins */
        tl_failed.line = line;
        va_start(ap, fmt);
        vsnprintf(tl_failed.msg, sizeof tl_failed.msg, fmt, ap);
        va_end(ap);
        __atomic_store_n(&tl_failed.state, 2, __ATOMIC_RELEASE);
    }
    gort_goexit();
}

#define FAILF(...) tl_fail(__FILE__, __LINE__, __VA_ARGS__)

#define CHECK(c)                                                               \
    do {                                                                       \
        if (!(c)) tl_fail(__FILE__, __LINE__, "check failed: %s", #c);         \
    } while (0)

/* CHECK_INT(a, <=, b): an integer comparison that prints both values.
 * Pointers compare through it too. */
#define CHECK_INT(a, op, b)                                                    \
    do {                                                                       \
        long long a_ = (long long)(a), b_ = (long long)(b);                    \
        if (!(a_ op b_))                                                       \
            tl_fail(__FILE__, __LINE__,                                        \
                    "check failed: %s %s %s (%lld %s %lld)", #a, #op, #b, a_,  \
                    #op, b_);                                                  \
    } while (0)
#define CHECK_EQ(a, b) CHECK_INT(a, ==, b)
#define CHECK_NE(a, b) CHECK_INT(a, !=, b)

/* CHECK_RANGE(v, lo, hi): lo <= v <= hi. */
#define CHECK_RANGE(v, lo, hi)                                                 \
    do {                                                                       \
        long long v_ = (long long)(v), l_ = (long long)(lo),                   \
                  h_ = (long long)(hi);                                        \
        if (v_ < l_ || v_ > h_)                                                \
            tl_fail(__FILE__, __LINE__, "check failed: %s = %lld not in "      \
                    "[%lld, %lld]", #v, v_, l_, h_);                           \
    } while (0)

/* CHECK_STR(hay, needle): hay contains needle. */
#define CHECK_STR(hay, needle)                                                 \
    do {                                                                       \
        const char *h_ = (hay), *n_ = (needle);                                \
        if (!strstr(h_, n_))                                                   \
            tl_fail(__FILE__, __LINE__, "%s does not contain \"%s\":\n%s",     \
                    #hay, n_, h_);                                             \
    } while (0)

#define CHECK_STREQ(a, b)                                                      \
    do {                                                                       \
        const char *a_ = (a), *b_ = (b);                                       \
        if (strcmp(a_, b_) != 0)                                               \
            tl_fail(__FILE__, __LINE__, "check failed: %s == %s (\"%s\" vs "   \
                    "\"%s\")", #a, #b, a_, b_);                                \
    } while (0)

/* GOMAXPROCS every body starts with (0: what the runtime started with). */
static RT_UNUSED int tl_procs;

static inline void tl_noop(void *arg) { (void)arg; }

static inline void tl_body(void *arg) {
    gort_func body = *(const gort_func *)arg;
    if (gort_gomaxprocs(0) != tl_procs) gort_gomaxprocs(tl_procs);
    body(NULL);
    if (gort_gomaxprocs(0) != tl_procs) gort_gomaxprocs(tl_procs);
}

/* cmocka's test function for GO_TEST: runs the body (the test's initial
 * state) on a goroutine and reports a recorded failure. */
static inline void tl_cmocka_run(void **state) {
    /* The first goroutine of a runtime that gort_call starts gets id 1,
     * and gort_goexit treats goroutine 1 as gort_main's: a body ending
     * that way would not wake gort_call.  Spend id 1 on an empty one. */
    static bool started;
    if (!started) {
        started = true;
        gort_call(tl_noop, NULL);
        if (!tl_procs) tl_procs = gort_gomaxprocs(0);
    }
    __atomic_store_n(&tl_failed.state, 0, __ATOMIC_RELEASE);
    gort_call(tl_body, *state);
    int s;
    while ((s = __atomic_load_n(&tl_failed.state, __ATOMIC_ACQUIRE)) == 1) {
    }
    if (s == 2) {
        print_error("%s:%d: %s\n", tl_failed.file, tl_failed.line,
                    tl_failed.msg);
        _fail(tl_failed.file, tl_failed.line);
    }
}

/* A CMUnitTest entry whose body `void fn(void *arg)` runs on a goroutine. */
#define GO_TEST(fn)                                                            \
    { #fn, tl_cmocka_run, NULL, NULL, (void *)&(const gort_func){fn} }

/* ---------------------------------------------------------------------- */
/* Shared counters and waiting                                             */
/* ---------------------------------------------------------------------- */

#define tl_load(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define tl_store(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define tl_inc(p) __atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define tl_add(p, v) __atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)

/* Polls cond(arg) every 100 us (sleeping: other goroutines run) for at
 * most limit ns.  Goroutine only.  Returns cond's last value. */
static inline bool tl_wait_until(bool (*cond)(void *), void *arg,
                                 int64_t limit) {
    int64_t end = gort_nanotime() + limit;
    while (!cond(arg)) {
        if (gort_nanotime() > end) return cond(arg);
        gort_sleep(100 * GORT_MICROSECOND);
    }
    return true;
}

typedef struct tl_ge_arg {
    const int *v;
    int target;
} tl_ge_arg;
static inline bool tl_ge(void *arg) {
    tl_ge_arg *a = arg;
    return __atomic_load_n(a->v, __ATOMIC_ACQUIRE) >= a->target;
}

/* Waits until *v >= target, for at most limit ns. */
static inline bool tl_wait_ge(const int *v, int target, int64_t limit) {
    tl_ge_arg a = {v, target};
    return tl_wait_until(tl_ge, &a, limit);
}

/* Busy-waits about ns nanoseconds without entering the runtime. */
static inline void tl_spin(int64_t ns) {
    int64_t end = rt_nanotime() + ns;
    while (rt_nanotime() < end) rt_cpu_relax();
}

/* Number of goroutines parked with exactly this wait reason. */
static inline int tl_nparked(const char *reason) {
    int n = 0;
    size_t len = ald(&rt_allglen);
    G **all = ald(&rt_allgs);
    for (size_t i = 0; i < len; i++) {
        G *gp = all[i];
        if (ald(&gp->status) == Gwaiting && gp->waitreason &&
            !strcmp(gp->waitreason, reason))
            n++;
    }
    return n;
}

typedef struct tl_parked_arg {
    const char *reason;
    int n;
} tl_parked_arg;
static inline bool tl_parked_enough(void *arg) {
    tl_parked_arg *a = arg;
    return tl_nparked(a->reason) >= a->n;
}

/* Waits (at most 20 s) until at least n goroutines are parked with reason. */
static inline bool tl_wait_parked(const char *reason, int n) {
    tl_parked_arg a = {reason, n};
    return tl_wait_until(tl_parked_enough, &a, 20 * GORT_SECOND);
}

static inline bool tl_queued(void *q) { return ald(&((WaitQ *)q)->first); }

/* Waits (at most 20 s) until q has a queued sudog. */
static inline bool tl_wait_queued(WaitQ *q) {
    return tl_wait_until(tl_queued, q, 20 * GORT_SECOND);
}

/* ---------------------------------------------------------------------- */
/* Child processes                                                         */
/* ---------------------------------------------------------------------- */

/* A child scenario: main runs under gort_main (the exit status is what
 * gort_main returns), or else raw runs as is (status 0 if it returns;
 * for scenarios that configure the runtime themselves, or test it before
 * it starts). */
typedef struct tl_scenario {
    const char *name;
    gort_func main;
    void (*raw)(void);
} tl_scenario;

/* Child side, first thing in main(): if argv is "--child NAME", runs
 * scenario NAME and exits.  Returns otherwise (not a child). */
static inline void tl_child_main(int argc, char **argv, const tl_scenario *sc,
                                 size_t n) {
    if (argc < 3 || strcmp(argv[1], "--child") != 0) return;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(sc[i].name, argv[2]) == 0) {
            int rc = 0;
            if (sc[i].main) rc = gort_main(NULL, sc[i].main, NULL);
            else sc[i].raw();
            fflush(NULL);
            exit(rc);
        }
    }
    fprintf(stderr, "unknown child scenario %s\n", argv[2]);
    exit(99);
}

typedef struct tl_child_result {
    int status;      /* exit status, 128+signal if killed, -1 if it hung */
    bool signaled;
    size_t len;
    char out[65536]; /* stdout and stderr interleaved, NUL-terminated */
} tl_child_result;

/* Under TSan: children run with report_signal_unsafe=0.  The SIGQUIT dump
 * resolves symbols (and allocates) in the signal handler the first time,
 * which TSan reports as signal-unsafe; tests of such dumps set this. */
static RT_UNUSED bool tl_child_signal_unsafe_ok;

/*
 * Runs scenario `name` in a child with the environment changed by env (a
 * NULL-terminated list of "K=V" to set and "K" to unset; may be NULL).  If
 * quit_marker is set, sends SIGQUIT to the child once its output contains
 * that text.  Waits at most 60 s (then kills the child: status -1).
 * Blocking calls are bracketed by gort_syscall_enter/exit, so a caller on
 * a goroutine does not hold its P meanwhile.
 */
static inline void tl_child(const char *name, const char *const *env,
                            const char *quit_marker, tl_child_result *r) {
    r->status = -1;
    r->signaled = false;
    r->len = 0;
    r->out[0] = 0;
    char tsanopt[1024];
    const char *extra[2] = {NULL, NULL};
#if GORT_SANITIZE_THREAD
    if (tl_child_signal_unsafe_ok) {
        const char *old = getenv("TSAN_OPTIONS");
        snprintf(tsanopt, sizeof tsanopt,
                 "TSAN_OPTIONS=%s%sreport_signal_unsafe=0", old ? old : "",
                 old ? " " : "");
        extra[0] = tsanopt;
    }
#else
    (void)tsanopt;
#endif
    /* The environment: environ minus overridden names, plus overrides. */
    size_t nenv = 0, nover = 0;
    while (environ[nenv]) nenv++;
    while (env && env[nover]) nover++;
    const char **over = calloc(nover + 2, sizeof *over);
    char **envp = calloc(nenv + nover + 2, sizeof *envp);
    if (!over || !envp) abort();
    for (size_t j = 0; j < nover; j++) over[j] = env[j];
    if (extra[0]) over[nover++] = extra[0];
    size_t k = 0;
    for (size_t i = 0; i < nenv; i++) {
        bool skip = false;
        for (size_t j = 0; j < nover; j++) {
            size_t l = strcspn(over[j], "=");
            if (strncmp(environ[i], over[j], l) == 0 && environ[i][l] == '=')
                skip = true;
        }
        if (!skip) envp[k++] = environ[i];
    }
    for (size_t j = 0; j < nover; j++)
        if (strchr(over[j], '=')) envp[k++] = (char *)over[j];
    envp[k] = NULL;

    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) abort();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
    char *argv[] = {"/proc/self/exe", "--child", (char *)name, NULL};
    pid_t pid;
    int err = posix_spawn(&pid, "/proc/self/exe", &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    free(envp);
    free(over);
    close(fds[1]);
    if (err != 0) {
        close(fds[0]);
        snprintf(r->out, sizeof r->out, "posix_spawn: %s", strerror(err));
        return;
    }
    int64_t deadline = rt_nanotime() + 60 * GORT_SECOND;
    bool quit_sent = false, killed = false;
    gort_syscall_enter();
    for (;;) {
        struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
        int64_t left = deadline - rt_nanotime();
        if (left <= 0 && !killed) {
            kill(pid, SIGKILL);
            killed = true;
        }
        int pr = poll(&pfd, 1, left > 0 ? (int)(left / 1000000) + 1 : 100);
        if (pr < 0 && errno == EINTR) continue;
        if (pr == 0) continue;
        char scratch[4096];
        size_t room = sizeof r->out - 1 - r->len;
        char *dst = room ? r->out + r->len : scratch; /* full: drain only */
        ssize_t n = read(fds[0], dst, room ? room : sizeof scratch);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (room) r->len += (size_t)n;
        r->out[r->len] = 0;
        if (quit_marker && !quit_sent && strstr(r->out, quit_marker)) {
            kill(pid, SIGQUIT);
            quit_sent = true;
        }
    }
    close(fds[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    gort_syscall_exit();
    if (killed) {
        r->status = -1;
    } else if (WIFEXITED(st)) {
        r->status = WEXITSTATUS(st);
    } else if (WIFSIGNALED(st)) {
        r->signaled = true;
        r->status = 128 + WTERMSIG(st);
    }
}

/* Counts non-overlapping occurrences of s in text. */
static inline int tl_count(const char *text, const char *s) {
    int n = 0;
    size_t l = strlen(s);
    for (const char *p = strstr(text, s); p; p = strstr(p + l, s)) n++;
    return n;
}

/* The last child that CHECK_CHILD ran (64 KiB: off the goroutine stack). */
static RT_UNUSED tl_child_result tl_cres;

/* On a failed expectation about a child: its whole output on stderr
 * (a failure message is short), then the failure. */
#define tl_child_fail(file, line, r, ...)                                      \
    do {                                                                       \
        fprintf(stderr, "---- child output (%zu bytes, status %d) ----\n%s"    \
                        "----\n", (r)->len, (r)->status, (r)->out);            \
        tl_fail(file, line, __VA_ARGS__);                                      \
    } while (0)

/* Expectations about a child's result r. */
#define CHECK_CHILD_STATUS(r, n)                                               \
    do {                                                                       \
        if ((r)->status != (n))                                                \
            tl_child_fail(__FILE__, __LINE__, (r), "child status %d, want %d", \
                          (r)->status, (n));                                   \
    } while (0)
#define CHECK_CHILD_OUT(r, s)                                                  \
    do {                                                                       \
        if (!strstr((r)->out, (s)))                                            \
            tl_child_fail(__FILE__, __LINE__, (r),                             \
                          "child output lacks \"%s\"", (s));                   \
    } while (0)
#define CHECK_CHILD_NOT_OUT(r, s)                                              \
    do {                                                                       \
        if (strstr((r)->out, (s)))                                             \
            tl_child_fail(__FILE__, __LINE__, (r), "child output has \"%s\"",  \
                          (s));                                                \
    } while (0)

static inline void tl_check_child(const char *file, int line, const char *name,
                                  const char *const *env, int status, ...) {
    tl_child(name, env, NULL, &tl_cres);
    if (tl_cres.status != status)
        tl_child_fail(file, line, &tl_cres, "child %s: status %d, want %d",
                      name, tl_cres.status, status);
    va_list ap;
    va_start(ap, status);
    const char *want;
    while ((want = va_arg(ap, const char *)) != NULL) {
        if (!strstr(tl_cres.out, want)) {
            va_end(ap);
            tl_child_fail(file, line, &tl_cres,
                          "child %s: output lacks \"%s\"", name, want);
        }
    }
    va_end(ap);
}

/* CHECK_CHILD(name, env, status, strings...): runs child scenario name
 * (env as tl_child) and checks its exit status and that its output
 * contains each string (a NULL among them ends the list).  The result
 * stays in tl_cres. */
#define CHECK_CHILD(name, env, status, ...)                                    \
    tl_check_child(__FILE__, __LINE__, (name), (env), (status), __VA_ARGS__,   \
                   (const char *)NULL)

/* ---------------------------------------------------------------------- */
/* Runtime internals                                                       */
/* ---------------------------------------------------------------------- */

/*
 * errno after a call that may park.  glibc declares __errno_location()
 * const, so within one function the compiler may reuse errno's address
 * from before the park, when the goroutine ran on another thread.  Read
 * (and write) it through these out-of-line helpers instead.
 */
static RT_NOINLINE RT_UNUSED int tl_geterrno(void) { return errno; }
static RT_NOINLINE RT_UNUSED void tl_seterrno(int e) { errno = e; }

/* read(2)/write(2) returning -errno on failure.  They never park, so the
 * errno they read is the calling thread's: use them in "try the I/O, on
 * -EAGAIN gort_fd_wait, retry" loops. */
static RT_NOINLINE RT_UNUSED ssize_t tl_read(int fd, void *buf, size_t n) {
    ssize_t r = read(fd, buf, n);
    return r < 0 ? -errno : r;
}
static RT_NOINLINE RT_UNUSED ssize_t tl_write(int fd, const void *buf,
                                              size_t n) {
    ssize_t r = write(fd, buf, n);
    return r < 0 ? -errno : r;
}

/* Fake Ps and Gs for the run-queue tests, which drive rt_runqput/
 * rt_runqget/rt_runqsteal on Ps that no M owns, with Gs that never run.
 * tl_newp: a zeroed P; status Pidle keeps runqgrab from pausing to let
 * the "owner" run its runnext. */
static inline P *tl_newp(int id) {
    size_t sz = (sizeof(P) + RT_CACHELINE - 1) & ~(size_t)(RT_CACHELINE - 1);
    P *pp = aligned_alloc(RT_CACHELINE, sz);
    if (!pp) abort();
    memset(pp, 0, sz);
    pp->id = id;
    pp->status = Pidle;
    return pp;
}

/* An array of n zeroed Gs with goid i+1, status Grunnable. */
static inline G *tl_newgs(size_t n) {
    G *gs = calloc(n, sizeof *gs);
    if (!gs) abort();
    for (size_t i = 0; i < n; i++) {
        gs[i].goid = (int64_t)i + 1;
        gs[i].status = Grunnable;
    }
    return gs;
}

/* Number of Gs in pp's queue (ring plus runnext). */
static inline uint32_t tl_runqlen(P *pp) {
    return ald(&pp->runqtail) - ald(&pp->runqhead) + (ald(&pp->runnext) != NULL);
}

/* Takes the whole global run queue (before the runtime runs, or with
 * nothing else touching it).  Returns the list and its length. */
static inline G *tl_globgrab(int *n) {
    rt_lock(&rt_sched.lock);
    G *list = rt_sched.runqhead;
    *n = rt_sched.runqsize;
    rt_sched.runqhead = rt_sched.runqtail = NULL;
    rt_sched.runqsize = 0;
    rt_unlock(&rt_sched.lock);
    return list;
}

/* A token passed between goroutines by parking and readying them with
 * rt_gopark/rt_goready directly (a hand-rolled unbuffered channel). */
typedef struct tl_slot {
    rt_mutex lock;
    G *waiter; /* under lock */
    int token; /* under lock */
} tl_slot;

static inline void tl_slot_put(tl_slot *sl) {
    rt_lock(&sl->lock);
    sl->token++;
    G *gp = sl->waiter;
    sl->waiter = NULL;
    rt_unlock(&sl->lock);
    if (gp) rt_goready(gp);
}

static inline void tl_slot_take(tl_slot *sl) {
    rt_lock(&sl->lock);
    while (sl->token == 0) {
        sl->waiter = rt_getg();
        rt_goparkunlock(&sl->lock, "test slot");
        rt_lock(&sl->lock);
    }
    sl->token--;
    rt_unlock(&sl->lock);
}

/* A channel's runtime structure. */
static inline HChan *tl_hchan(gort_chan *c) { return (HChan *)c; }

/*
 * State shared between a test body and its goroutines lives on the GC heap,
 * every word scanned as a possible pointer, and is referenced from the
 * body's stack (a root) rather than from unregistered statics, which the
 * collector does not see.  Goroutines get it through their argument.
 */
static inline void *tl_new(size_t size) {
    return gort_alloc(size, &gort_type_pointer);
}

/* Where tl_panictext's recover writes the panic value's text. */
static inline char *tl_caughtbuf(void) {
    static char buf[256];
    return buf;
}

static inline void tl_catcher(void *arg) {
    (void)arg;
    gort_any r = gort_recover();
    if (gort_any_isnil(r)) snprintf(tl_caughtbuf(), 256, "<no panic>");
    else gort_any_format(r, tl_caughtbuf(), 256);
}

/* Runs fn(arg) (goroutine only) and returns the text of the panic it
 * raised, or "<no panic>". */
static inline const char *panictext(void (*fn)(void *), void *arg) {
    tl_caughtbuf()[0] = 0;
    GORT_FRAME_BEGIN(f);
    gort_defer(tl_catcher, NULL);
    fn(arg);
    GORT_FRAME_END(f);
    return tl_caughtbuf();
}

/* Whether v holds a Go string equal to want. */
static inline bool tl_isstr(gort_any v, const char *want) {
    if (v.type != &gort_type_string) return false;
    const gort_string *s = v.data;
    return s->len == (intptr_t)strlen(want) &&
           !memcmp(s->ptr, want, (size_t)s->len);
}

/* Clears the stack below the caller's frame.  Stacks are scanned
 * conservatively, and a dead frame's copy of a pointer would keep an
 * object that a test has "hidden" alive whenever a later, deeper frame
 * (gort_sleep's, say) leaves that slot unwritten: it depends on the
 * compiler and the sanitizer's frame layout.  Boehm's GC_clear_stack. */
static RT_NOINLINE RT_UNUSED void tl_scrubstack(void) {
    volatile char pad[8192];
    memset((char *)pad, 0, sizeof pad);
    __asm__ volatile("" ::"r"(pad) : "memory");
}

/* The span and index of an allocated object (NULL if p is not one). */
static inline MSpan *obj_span(void *p, uintptr_t *idx) {
    uintptr_t base;
    MSpan *s;
    uintptr_t i;
    if (!rt_findObject((uintptr_t)p, &base, &s, &i)) return NULL;
    if (idx) *idx = i;
    return s;
}

/* The slot size the allocator gave p's object (0 if p is not one). */
static inline uintptr_t objsize(const void *p) {
    uintptr_t idx;
    MSpan *s = obj_span((void *)p, &idx);
    return s ? rt_span_elemsize(s) : 0;
}

/* Marks p's object as reachable for the next simulated cycle. */
static inline void mark_obj(void *p) {
    uintptr_t idx;
    MSpan *s = obj_span(p, &idx);
    if (s) rt_span_setMarked(s, idx);
}

/*
 * One simulated GC cycle: the collector is not needed to exercise
 * sweeping.  With the world stopped: finish the previous sweep (sweep
 * termination: never mark an unswept span), mark keep[0..n) with
 * rt_span_setMarked (exactly what marking leaves behind; NULL entries
 * skipped), rt_sweepStart (as mark termination does).  Sweeping then
 * happens lazily and in the background; finish: also rt_sweepFinish.
 * Tests using it run with GOGC=off, so that the real collector runs no
 * cycles of its own.
 */
static inline void gc_cycle(void **keep, size_t n, bool finish) {
    rt_stopTheWorld("test gc");
    rt_sweepFinish();
    for (size_t i = 0; i < n; i++)
        if (keep[i]) mark_obj(keep[i]);
    rt_sweepStart();
    rt_startTheWorld();
    if (finish) rt_sweepFinish();
}

static inline uint64_t stat_ld(uint64_t *p) {
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/*
 * A collection held open in its mark phase, for tests that must act while
 * every root has been scanned but the cycle has not ended (barrier tests:
 * a store then must shade by itself, or the object is lost):
 *
 *   ast(&rt_gcTestHoldMark, 1u);
 *   gort_go(gc_runner, &done);                  // a collection
 *   tl_wait_until(gc_marked_all, NULL, limit);  // roots scanned, no work
 *   ... the store under test ...
 *   ast(&rt_gcTestHoldMark, 0u);                // let mark termination run
 */

/* Runs gort_gc() and then sets *(int *)arg to 1 (release). */
static inline void gc_runner(void *arg) {
    gort_gc();
    __atomic_store_n((int *)arg, 1, __ATOMIC_RELEASE);
}

/* Marking has nothing left to do but is held open (rt_gcTestHoldMark):
 * every root, the caller's stack included, has been scanned.  The argument
 * is unused (the shape fits tl_wait_until). */
static inline bool gc_marked_all(void *arg) {
    (void)arg;
    return ald(&rt_gcphase) == GCmark &&
           ald(&rt_gcwork.markrootNext) >= rt_gcwork.markrootJobs &&
           ald(&rt_gcwork.full) == 0 && ald(&rt_gcwork.nwait) == rt_gcwork.nproc;
}

/* ---------------------------------------------------------------------- */
/* Stress tests                                                            */
/* ---------------------------------------------------------------------- */

/* How long a stress test runs at least: GORT_STRESS_SECONDS (a positive
 * number, fractions allowed), def when it is unset or empty.  Anything
 * else ends the program with a message: a typo must not quietly run the
 * default. */
static inline double tl_stress_seconds(double def) {
    const char *s = getenv("GORT_STRESS_SECONDS");
    if (!s || !*s) return def;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ' || *end == '\t' || *end == '\n') end++;
    if (errno || end == s || *end || !(v > 0) || v > 1e6) {
        fprintf(stderr,
                "GORT_STRESS_SECONDS=\"%s\": want a positive number of "
                "seconds (such as 2 or 0.5)\n",
                s);
        exit(2);
    }
    return v;
}

/* A xorshift generator: each goroutine owns one (no locking). */
typedef struct tl_rng {
    uint64_t s; /* not 0 */
} tl_rng;

/* A number in [0, n). */
static inline uint32_t tl_rnd(tl_rng *r, uint32_t n) {
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return (uint32_t)(((r->s >> 32) * (uint64_t)n) >> 32);
}

/*
 * A stress test's shared channels: chans[nch] that the workers trade
 * through, and done, where each worker reports its end (tl_await reads
 * it).  The world lives on the GC heap, every word a possible pointer:
 * statics are not roots, so goroutines reach it through their argument,
 * a tl_worker, and main's stack keeps it alive.
 */
typedef struct tl_world {
    gort_chan *done;
    gort_chan *chans[];
} tl_world;

typedef struct tl_worker {
    tl_world *w;
    intptr_t id;
} tl_worker;

/* A world of nch channels of elem with capacities caps[], and a done
 * channel with room for nworkers. */
static inline tl_world *tl_world_make(const gort_type *elem,
                                      const intptr_t *caps, int nch,
                                      int nworkers) {
    tl_world *w = gort_alloc(sizeof *w + (size_t)nch * sizeof w->chans[0],
                             &gort_type_pointer);
    for (int i = 0; i < nch; i++)
        gort_store_ptr((void **)&w->chans[i], gort_chan_make(elem, caps[i]));
    gort_store_ptr((void **)&w->done, gort_chan_make(NULL, nworkers));
    return w;
}

/* Starts fn on a goroutine with a tl_worker {w, id} as its argument. */
static inline void tl_world_go(tl_world *w, gort_func fn, intptr_t id) {
    tl_worker *k = gort_alloc(sizeof *k, &gort_type_pointer);
    gort_store_ptr((void **)&k->w, w);
    k->id = id;
    gort_go(fn, k);
}

/* The watchdog: receives n values from done, waiting at most limit ns for
 * each; a longer wait is a hang, and a fatal error with a goroutine dump
 * names what. */
static inline void tl_await(gort_chan *done, int n, int64_t limit,
                            const char *what) {
    for (; n > 0; n--) {
        gort_select_case cs[] = {gort_case_recv(done, NULL),
                                 gort_case_recv(gort_after(limit), NULL)};
        if (gort_select(cs, 2, true) == 1)
            rt_throwf("%s: nothing finished for %lld s", what,
                      (long long)(limit / GORT_SECOND));
    }
}

#endif /* GORT_TESTLIB_H */
