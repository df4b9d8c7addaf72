/*
 * sched_testutil.h — test-only helpers for the scheduler tests.
 *
 * Two kinds of help:
 *
 *   Child processes.  Anything that ends the program (a fatal error, a
 *   deadlock, a stack overflow, SIGQUIT) is run in a child: the test binary
 *   re-executes itself as `/proc/self/exe --child NAME`, its main() runs
 *   scenario NAME under gort_main, and the parent checks the exit status
 *   and what the child wrote to stderr.  tu_child() does the spawning and
 *   the capturing; tu_child_main() is the dispatcher for the child side.
 *
 *   Fake Ps and Gs.  The run-queue tests drive rt_runqput/rt_runqget/
 *   rt_runqsteal on P structs they allocate themselves, with Gs that are
 *   never run (like Go's export_test.go, which exposes runqput/runqget).
 *
 * The helpers are static so that each test file includes its own copy.
 */
#ifndef GORT_SCHED_TESTUTIL_H
#define GORT_SCHED_TESTUTIL_H

#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* ---------------------------------------------------------------------- */
/* Child processes                                                         */
/* ---------------------------------------------------------------------- */

typedef struct tu_scenario {
    const char *name;
    void (*fn)(void); /* runs in the child; normally calls gort_main */
} tu_scenario;

/* Child side: if argv is "--child NAME", runs scenario NAME and exits with
 * status 0 if it returns.  Returns otherwise (not a child). */
static inline void tu_child_main(int argc, char **argv,
                                 const tu_scenario *sc, size_t n) {
    if (argc < 3 || strcmp(argv[1], "--child") != 0) return;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(sc[i].name, argv[2]) == 0) {
            sc[i].fn();
            fflush(NULL);
            exit(0);
        }
    }
    fprintf(stderr, "unknown child scenario %s\n", argv[2]);
    exit(99);
}

typedef struct tu_result {
    int status;      /* exit status, or 128+signal if killed */
    bool signaled;
    char out[65536]; /* stderr and stdout interleaved, NUL-terminated */
    size_t len;
} tu_result;

/*
 * Runs scenario `name` in a child with the environment changed by env (a
 * NULL-terminated list of "K=V" to set and "K" to unset; may be NULL).  If
 * quit_marker is set, sends SIGQUIT to the child once its output contains
 * that text.  Waits at most 20 s (then kills the child and records
 * status -1).  Blocking reads are bracketed by gort_syscall_enter/exit, so
 * a caller running on a goroutine does not hold its P.
 */
static inline void tu_child(const char *name, const char *const *env,
                            const char *quit_marker, tu_result *r) {
    memset(r, 0, sizeof *r);
    r->status = -1;
    /* The environment: environ minus overridden names, plus overrides. */
    size_t nenv = 0, nover = 0;
    while (environ[nenv]) nenv++;
    while (env && env[nover]) nover++;
    char **envp = calloc(nenv + nover + 1, sizeof *envp);
    size_t k = 0;
    for (size_t i = 0; i < nenv; i++) {
        bool skip = false;
        for (size_t j = 0; j < nover; j++) {
            size_t l = strcspn(env[j], "=");
            if (strncmp(environ[i], env[j], l) == 0 && environ[i][l] == '=')
                skip = true;
        }
        if (!skip) envp[k++] = environ[i];
    }
    for (size_t j = 0; j < nover; j++)
        if (strchr(env[j], '=')) envp[k++] = (char *)env[j];
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
    close(fds[1]);
    if (err != 0) {
        close(fds[0]);
        snprintf(r->out, sizeof r->out, "posix_spawn: %s", strerror(err));
        return;
    }
    int64_t deadline = rt_nanotime() + 20 * GORT_SECOND;
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
static inline int tu_count(const char *text, const char *s) {
    int n = 0;
    size_t l = strlen(s);
    for (const char *p = strstr(text, s); p; p = strstr(p + l, s)) n++;
    return n;
}

/* ---------------------------------------------------------------------- */
/* Fake Ps and Gs for run-queue tests                                      */
/* ---------------------------------------------------------------------- */

/* A zeroed P that no M owns.  status Pidle keeps runqgrab from pausing to
 * let the "owner" run its runnext. */
static inline P *tu_newp(int id) {
    size_t sz = (sizeof(P) + RT_CACHELINE - 1) & ~(size_t)(RT_CACHELINE - 1);
    P *pp = aligned_alloc(RT_CACHELINE, sz);
    if (!pp) abort();
    memset(pp, 0, sz);
    pp->id = id;
    pp->status = Pidle;
    return pp;
}

/* An array of n zeroed Gs with goid i+1, status Grunnable. */
static inline G *tu_newgs(size_t n) {
    G *gs = calloc(n, sizeof *gs);
    if (!gs) abort();
    for (size_t i = 0; i < n; i++) {
        gs[i].goid = (int64_t)i + 1;
        gs[i].status = Grunnable;
    }
    return gs;
}

/* Number of Gs in pp's queue (ring plus runnext). */
static inline uint32_t tu_runqlen(P *pp) {
    return ald(&pp->runqtail) - ald(&pp->runqhead) + (ald(&pp->runnext) != NULL);
}

/* Takes the whole global run queue (before the runtime runs, or with
 * nothing else touching it).  Returns the list and its length. */
static inline G *tu_globgrab(int *n) {
    rt_lock(&rt_sched.lock);
    G *list = rt_sched.runqhead;
    *n = rt_sched.runqsize;
    rt_sched.runqhead = rt_sched.runqtail = NULL;
    rt_sched.runqsize = 0;
    rt_unlock(&rt_sched.lock);
    return list;
}

/*
 * errno after a call that may park.  glibc declares __errno_location()
 * const, so within one function the compiler may reuse errno's address
 * from before the park, when the goroutine ran on another thread.  Read
 * (and write) it through these out-of-line helpers instead.
 */
static RT_NOINLINE RT_UNUSED int tu_geterrno(void) { return errno; }
static RT_NOINLINE RT_UNUSED void tu_seterrno(int e) { errno = e; }

/* read(2)/write(2) returning -errno on failure.  They never park, so the
 * errno they read is the calling thread's: use them in "try the I/O, on
 * -EAGAIN gort_fd_wait, retry" loops. */
static RT_NOINLINE RT_UNUSED ssize_t tu_read(int fd, void *buf, size_t n) {
    ssize_t r = read(fd, buf, n);
    return r < 0 ? -errno : r;
}
static RT_NOINLINE RT_UNUSED ssize_t tu_write(int fd, const void *buf,
                                              size_t n) {
    ssize_t r = write(fd, buf, n);
    return r < 0 ? -errno : r;
}

/* Busy-waits about ns nanoseconds without entering the runtime. */
static inline void tu_spin(int64_t ns) {
    int64_t end = rt_nanotime() + ns;
    while (rt_nanotime() < end) rt_cpu_relax();
}

/* ---------------------------------------------------------------------- */
/* Waiting from a goroutine                                                */
/* ---------------------------------------------------------------------- */

/* Shared counters and flags in the tests are plain ints used through
 * these (sequentially consistent, so the tests need no reasoning about
 * orderings). */
#define tu_load(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define tu_store(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define tu_inc(p) __atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define tu_add(p, v) __atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)

/* Sleep-polls (100 us steps) until *v >= target or timeout ns pass.
 * Goroutine only.  Returns whether the target was reached. */
static inline bool tu_wait_ge(const int *v, int target, int64_t timeout) {
    int64_t end = gort_nanotime() + timeout;
    while (__atomic_load_n(v, __ATOMIC_ACQUIRE) < target) {
        if (gort_nanotime() > end) return false;
        gort_sleep(100 * GORT_MICROSECOND);
    }
    return true;
}

/* ---------------------------------------------------------------------- */
/* Goroutine test bodies                                                   */
/* ---------------------------------------------------------------------- */

/*
 * libcmocka keeps its state (the jmp_buf of the running test, its list of
 * allocated blocks, the pending error message) in __thread variables.  A
 * goroutine may resume on another M, i.e. another OS thread, after any
 * call that parks, and cmocka then finds another thread's (uninitialised)
 * state: asserts fail silently with exit(-1) or crash.  So the cmocka
 * runner stays on the process's main thread, outside the runtime, and each
 * test body runs on a goroutine through gort_call (which blocks the main
 * thread until the body returns).  Bodies and the goroutines they start
 * check with TU_CHECK*, which records the first failure and returns from
 * the calling function; tu_run turns a recorded failure into a cmocka
 * failure on the main thread.
 */
typedef struct tu_failure {
    int state; /* 0 none, 1 being written, 2 written (release) */
    const char *file;
    int line;
    char msg[512];
} tu_failure;
static tu_failure tu_fail;

static inline void tu_failf(const char *file, int line, const char *fmt, ...)
    GORT_PRINTF(3, 4);
static inline void tu_failf(const char *file, int line, const char *fmt, ...) {
    int z = 0;
    if (!__atomic_compare_exchange_n(&tu_fail.state, &z, 1, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return; /* the first failure wins */
    tu_fail.file = file;
    tu_fail.line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tu_fail.msg, sizeof tu_fail.msg, fmt, ap);
    va_end(ap);
    __atomic_store_n(&tu_fail.state, 2, __ATOMIC_RELEASE);
}

#define TU_CHECK(c)                                                            \
    do {                                                                       \
        if (!(c)) {                                                            \
            tu_failf(__FILE__, __LINE__, "check failed: %s", #c);              \
            return;                                                            \
        }                                                                      \
    } while (0)

/* TU_CHECK_INT(a, ==, b): integer comparison that prints both values. */
#define TU_CHECK_INT(a, op, b)                                                 \
    do {                                                                       \
        long long a_ = (long long)(a), b_ = (long long)(b);                    \
        if (!(a_ op b_)) {                                                     \
            tu_failf(__FILE__, __LINE__, "check failed: %s %s %s (%lld %s %lld)", \
                     #a, #op, #b, a_, #op, b_);                                \
            return;                                                            \
        }                                                                      \
    } while (0)

#define TU_CHECK_EQ(a, b) TU_CHECK_INT(a, ==, b)
#define TU_CHECK_NE(a, b) TU_CHECK_INT(a, !=, b)

#define TU_CHECK_STR(hay, needle)                                              \
    do {                                                                       \
        if (!strstr((hay), (needle))) {                                        \
            tu_failf(__FILE__, __LINE__, "%s does not contain \"%s\"", #hay,   \
                     (needle));                                                \
            return;                                                            \
        }                                                                      \
    } while (0)

/* GOMAXPROCS every body starts with (and is restored after it). */
static int tu_procs = 2;

static inline void tu_tramp(void *arg) {
    void (**body)(void) = arg;
    if (gort_gomaxprocs(0) != tu_procs) gort_gomaxprocs(tu_procs);
    (*body)();
    if (gort_gomaxprocs(0) != tu_procs) gort_gomaxprocs(tu_procs);
}

/* Runs body on a goroutine (gort_call from the main thread) and reports
 * a TU_CHECK failure through cmocka.  Call from the cmocka test function. */
#define tu_run(body)                                                           \
    do {                                                                       \
        void (*b_)(void) = (body);                                             \
        __atomic_store_n(&tu_fail.state, 0, __ATOMIC_RELEASE);                 \
        gort_call(tu_tramp, &b_);                                              \
        int s_;                                                                \
        while ((s_ = __atomic_load_n(&tu_fail.state, __ATOMIC_ACQUIRE)) == 1) { \
        }                                                                      \
        if (s_ == 2)                                                           \
            fail_msg("%s:%d: %s", tu_fail.file, tu_fail.line, tu_fail.msg);    \
    } while (0)

/* Declares cmocka test `name` whose body runs on a goroutine. */
#define TU_GO_TEST(name)                                                       \
    static void name##_body(void);                                             \
    static void name(void **state) {                                           \
        (void)state;                                                           \
        tu_run(name##_body);                                                   \
    }                                                                          \
    static void name##_body(void)

#endif /* GORT_SCHED_TESTUTIL_H */
