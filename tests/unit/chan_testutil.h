/*
 * chan_testutil.h — helpers shared by the channel and select tests (included by
 * test_chan.c and test_select.c only; not a public header).
 *
 * Child scenarios: a test that must end the program (panic, deadlock,
 * SIGQUIT) re-executes the test binary as `/proc/self/exe --child NAME`;
 * main() runs the scenario under gort_main and the parent checks the
 * captured output and exit status.
 */
#ifndef GORT_CHAN_TESTUTIL_H
#define GORT_CHAN_TESTUTIL_H

#include "runtime.h"

#include <setjmp.h>
#include <stdatomic.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

extern char **environ;

/*
 * Goroutine-safe assertions.  cmocka keeps its state in thread-locals, and a
 * goroutine may resume on another OS thread after any blocking call, so
 * cmocka cannot run inside a goroutine.  Instead cmocka runs on the
 * process's main thread and each test body runs on a goroutine through
 * gort_call (gort_test).  The assert_* macros below replace cmocka's: a
 * failure records its message and, on the body's goroutine, longjmps back
 * to the start of the body (on another goroutine it only records).  The
 * cmocka wrapper then reports the failure on the main thread.
 */
static struct {
    jmp_buf env;
    G *g;               /* the goroutine running the body */
    atomic_int failed;
    char msg[8192];
} T;

static void t_fail(const char *file, int line, const char *fmt, ...)
    GORT_PRINTF(3, 4);
static void t_fail(const char *file, int line, const char *fmt, ...) {
    int z = 0;
    if (atomic_compare_exchange_strong(&T.failed, &z, 1)) {
        int n = snprintf(T.msg, sizeof T.msg, "%s:%d: ", file, line);
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(T.msg + n, sizeof T.msg - (size_t)n, fmt, ap);
        va_end(ap);
    }
    if (rt_getg() == T.g) longjmp(T.env, 1);
}

#undef fail
#undef fail_msg
#undef assert_true
#undef assert_false
#undef assert_int_equal
#undef assert_int_not_equal
#undef assert_in_range
#undef assert_null
#undef assert_non_null
#undef assert_ptr_equal
#undef assert_memory_equal
#undef assert_string_equal
#define fail() t_fail(__FILE__, __LINE__, "fail()")
#define fail_msg(...) t_fail(__FILE__, __LINE__, __VA_ARGS__)
#define assert_true(c)                                                         \
    ((c) ? (void)0 : t_fail(__FILE__, __LINE__, "%s is false", #c))
#define assert_false(c)                                                        \
    (!(c) ? (void)0 : t_fail(__FILE__, __LINE__, "%s is true", #c))
#define assert_int_equal(a, b)                                                 \
    do {                                                                       \
        intmax_t a_ = (intmax_t)(a), b_ = (intmax_t)(b);                       \
        if (a_ != b_)                                                          \
            t_fail(__FILE__, __LINE__, "%s == %s: %jd != %jd", #a, #b, a_,     \
                   b_);                                                        \
    } while (0)
#define assert_int_not_equal(a, b)                                             \
    do {                                                                       \
        intmax_t a_ = (intmax_t)(a), b_ = (intmax_t)(b);                       \
        if (a_ == b_)                                                          \
            t_fail(__FILE__, __LINE__, "%s != %s: both %jd", #a, #b, a_);      \
    } while (0)
#define assert_in_range(v, lo, hi)                                             \
    do {                                                                       \
        intmax_t v_ = (intmax_t)(v), l_ = (intmax_t)(lo), h_ = (intmax_t)(hi); \
        if (v_ < l_ || v_ > h_)                                                \
            t_fail(__FILE__, __LINE__, "%s = %jd not in [%jd, %jd]", #v, v_,   \
                   l_, h_);                                                    \
    } while (0)
#define assert_null(p)                                                         \
    ((p) == NULL ? (void)0 : t_fail(__FILE__, __LINE__, "%s is not NULL", #p))
#define assert_non_null(p)                                                     \
    ((p) != NULL ? (void)0 : t_fail(__FILE__, __LINE__, "%s is NULL", #p))
#define assert_ptr_equal(a, b)                                                 \
    do {                                                                       \
        const void *a_ = (a), *b_ = (b);                                       \
        if (a_ != b_)                                                          \
            t_fail(__FILE__, __LINE__, "%s == %s: %p != %p", #a, #b, a_, b_);  \
    } while (0)
#define assert_memory_equal(a, b, n)                                           \
    (memcmp((a), (b), (n)) == 0                                                \
         ? (void)0                                                             \
         : t_fail(__FILE__, __LINE__, "memory %s != %s", #a, #b))
#define assert_string_equal(a, b)                                              \
    (strcmp((a), (b)) == 0 ? (void)0                                           \
                           : t_fail(__FILE__, __LINE__, "\"%s\" != \"%s\"", \
                                    (a), (b)))

static void t_body(void *arg) {
    void (*fn)(void **) = (void (*)(void **))arg;
    T.g = rt_getg();
    if (setjmp(T.env) == 0) fn(NULL);
    T.g = NULL;
}

/* cmocka's test function: runs the body (initial_state) on a goroutine. */
static void t_wrapper(void **state) {
    atomic_store(&T.failed, 0);
    gort_call(t_body, *state);
    if (atomic_load(&T.failed)) {
        print_error("%s\n", T.msg);
        _fail(__FILE__, __LINE__);
    }
}

/* A cmocka test entry whose body f runs on a goroutine. */
#define gort_unit_test(f) {#f, t_wrapper, NULL, NULL, (void *)(f)}

/* main(): the cmocka runner on this (non-goroutine) thread. */
static int gort_run_tests(const char *group, const struct CMUnitTest *tests,
                     size_t n) {
    setenv("GORT_STACK_SIZE", "64K", 0); /* 10k-goroutine tests */
    return _cmocka_run_group_tests(group, tests, n, NULL, NULL);
}


static inline HChan *hc(gort_chan *c) { return (HChan *)c; }

typedef struct child_result {
    int status;      /* exit status, or 128 + signal */
    char out[1 << 16];
    size_t len;
} child_result;

/* Runs `/proc/self/exe --child name`, capturing stdout and stderr. */
static void run_child(const char *name, child_result *r) {
    int fd[2];
    if (pipe(fd) != 0) fail_msg("pipe");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 2);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    posix_spawn_file_actions_addclose(&fa, fd[1]);
    char *argv[] = {"/proc/self/exe", "--child", (char *)name, NULL};
    char **envp = environ;
#if GORT_SANITIZE_THREAD
    /* The SIGQUIT dump resolves symbols (and allocates) inside the signal
     * handler the first time; TSan reports that as signal-unsafe. */
    static char tsanopt[1024];
    static char *envbuf[512];
    size_t ne = 0;
    const char *old = getenv("TSAN_OPTIONS");
    snprintf(tsanopt, sizeof tsanopt, "TSAN_OPTIONS=%s%sreport_signal_unsafe=0",
             old ? old : "", old ? " " : "");
    for (char **e = environ; *e && ne < RT_ARRAY_LEN(envbuf) - 2; e++)
        if (strncmp(*e, "TSAN_OPTIONS=", 13)) envbuf[ne++] = *e;
    envbuf[ne++] = tsanopt;
    envbuf[ne] = NULL;
    envp = envbuf;
#endif
    pid_t pid;
    int err = posix_spawn(&pid, "/proc/self/exe", &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    if (err) fail_msg("posix_spawn: %d", err);
    r->len = 0;
    gort_syscall_enter();
    for (;;) {
        ssize_t n = read(fd[0], r->out + r->len, sizeof r->out - 1 - r->len);
        if (n <= 0) break;
        r->len += (size_t)n;
    }
    int st = 0;
    waitpid(pid, &st, 0);
    gort_syscall_exit();
    close(fd[0]);
    r->out[r->len] = 0;
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Asserts that child `name` exits with status 2 and its output contains
 * each of the NULL-terminated strings. */
static void expect_child(const char *name, ...) {
    static child_result r; /* 64 KiB: keep it off the goroutine stack */
    run_child(name, &r);
    va_list ap;
    va_start(ap, name);
    const char *want;
    while ((want = va_arg(ap, const char *)) != NULL) {
        if (!strstr(r.out, want)) {
            va_end(ap);
            fail_msg("child %s: output lacks \"%s\"; output:\n%.6000s", name,
                     want, r.out);
        }
    }
    va_end(ap);
    if (r.status != 2)
        fail_msg("child %s: status %d, want 2; output:\n%.6000s", name,
                 r.status, r.out);
}

/* Number of goroutines parked with exactly this wait reason. */
static RT_UNUSED int nparked(const char *reason) {
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

/* Waits (sleeping, so other goroutines run) until at least n goroutines
 * are parked with reason.  Gives up after ~20 s. */
static RT_UNUSED bool waitparked(const char *reason, int n) {
    for (int i = 0; i < 20000; i++) {
        if (nparked(reason) >= n) return true;
        gort_sleep(GORT_MILLISECOND);
    }
    return false;
}

/* Waits until q has a queued sudog. */
static RT_UNUSED bool waitqueued(WaitQ *q) {
    for (int i = 0; i < 20000; i++) {
        if (ald(&q->first)) return true;
        gort_sleep(GORT_MILLISECOND);
    }
    return false;
}

/*
 * State shared between a test body and its goroutines lives on the GC heap,
 * every word scanned as a possible pointer, and is referenced from the
 * body's stack (a root) rather than from unregistered statics, which the
 * collector does not see.  Goroutines get it through their argument.
 */
static RT_UNUSED void *t_new(size_t size) {
    return gort_alloc(size, &gort_type_pointer);
}

/* A child scenario: runs under gort_main. */
typedef struct child_scenario {
    const char *name;
    void (*fn)(void *);
} child_scenario;

/* main() helper: `prog --child NAME` runs that scenario. */
static int child_main(const child_scenario *tab, size_t n, const char *name) {
    alarm(30); /* a hung child must not hang the test */
    for (size_t i = 0; i < n; i++)
        if (!strcmp(tab[i].name, name)) {
            gort_config cfg = {0};
            gort_main(&cfg, tab[i].fn, NULL);
            return 0;
        }
    fprintf(stderr, "unknown child scenario %s\n", name);
    return 99;
}

#endif
