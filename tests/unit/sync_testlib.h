/*
 * sync_testlib.h — helpers shared by test_sync.c, test_time.c and
 * test_context.c: running a scenario that ends the program in a child
 * process, and small polling waits.
 *
 * Child scenarios: the test binary re-executes itself as
 * `/proc/self/exe --child NAME`; its main() looks the name up and runs the
 * scenario under gort_main.  The parent collects stdout+stderr and the exit
 * status.
 *
 * cmocka keeps its state (the jmp_buf of the running test, among others)
 * in thread-local variables, and a goroutine may resume on another thread
 * after any park.  So cmocka runs on the process's main thread, not on a
 * goroutine, and each test body runs on a goroutine through gort_call.
 * Bodies check with CHECK/CHECK_EQ: a failed check records the message and
 * ends the body's goroutine (gort_goexit), and the cmocka side reports it.
 * Register bodies with GO_TEST(fn) in the CMUnitTest table.
 */
#ifndef SYNC_TESTLIB_H
#define SYNC_TESTLIB_H

#include <gort.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef struct child_result {
    int status;      /* exit status, or 128+signal */
    char out[65536]; /* stdout + stderr, NUL-terminated */
} child_result;

/* Runs `self --child name` and waits for it.  Blocking C calls are
 * bracketed so the goroutine's P keeps serving others meanwhile. */
static inline void run_child(const char *name, child_result *r) {
    int fds[2];
    if (pipe(fds) != 0) abort();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    char *argv[] = {(char *)"/proc/self/exe", (char *)"--child", (char *)name,
                    NULL};
    pid_t pid;
    if (posix_spawn(&pid, "/proc/self/exe", &fa, NULL, argv, environ) != 0)
        abort();
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    size_t n = 0;
    gort_syscall_enter();
    for (;;) {
        ssize_t k = read(fds[0], r->out + n, sizeof r->out - 1 - n);
        if (k <= 0) break;
        n += (size_t)k;
        if (n == sizeof r->out - 1) break;
    }
    int st = 0;
    waitpid(pid, &st, 0);
    gort_syscall_exit();
    close(fds[0]);
    r->out[n] = 0;
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

typedef struct child_scenario {
    const char *name;
    gort_func fn;
} child_scenario;

/* If argv asks for a child scenario, runs it and never returns. */
static inline void maybe_run_child(int argc, char **argv,
                                   const child_scenario *tab, size_t n) {
    if (argc < 3 || strcmp(argv[1], "--child") != 0) return;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(tab[i].name, argv[2]) == 0) {
            int rc = gort_main(NULL, tab[i].fn, NULL);
            fflush(stdout);
            exit(rc);
        }
    }
    fprintf(stderr, "unknown child scenario %s\n", argv[2]);
    exit(99);
}

/* Polls cond(arg) every 100 us for at most limit_ns; returns its last
 * value.  Tests use it to wait for "all N goroutines got here" without
 * asserting any timing. */
static inline bool wait_until(bool (*cond)(void *), void *arg,
                              int64_t limit_ns) {
    int64_t end = gort_nanotime() + limit_ns;
    while (!cond(arg)) {
        if (gort_nanotime() > end) return cond(arg);
        gort_sleep(100 * GORT_MICROSECOND);
    }
    return true;
}

/* ---- test bodies on goroutines ------------------------------------- */

static struct {
    int failed;
    char msg[1024];
} tl_result;

static inline void tl_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));
static inline void tl_fail(const char *file, int line, const char *fmt, ...) {
    va_list ap;
    int n = snprintf(tl_result.msg, sizeof tl_result.msg, "%s:%d: ", file, line);
    va_start(ap, fmt);
    vsnprintf(tl_result.msg + n, sizeof tl_result.msg - (size_t)n, fmt, ap);
    va_end(ap);
    __atomic_store_n(&tl_result.failed, 1, __ATOMIC_RELEASE);
    gort_goexit();
}

/* Only on the body's own goroutine (it ends that goroutine). */
#define CHECK(c)                                                               \
    do {                                                                       \
        if (!(c)) tl_fail(__FILE__, __LINE__, "check failed: %s", #c);         \
    } while (0)
#define CHECK_EQ(a, b)                                                         \
    do {                                                                       \
        long long tl_a = (long long)(a), tl_b = (long long)(b);                \
        if (tl_a != tl_b)                                                      \
            tl_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b,      \
                    tl_a, tl_b);                                               \
    } while (0)

static void tl_noop(void *arg) { (void)arg; }

/* The cmocka side: runs the body given as the test's initial state. */
static inline void tl_cmocka_run(void **state) {
    const gort_func *body = (const gort_func *)*state;
    /* The first goroutine of a runtime started by gort_call gets id 1, and
     * gort_goexit treats goroutine 1 as gort_main's: exiting it would not
     * wake gort_call.  Spend id 1 on an empty goroutine. */
    static int started;
    if (!started++) gort_call(tl_noop, NULL);
    tl_result.failed = 0;
    tl_result.msg[0] = 0;
    gort_call(*body, NULL);
    if (__atomic_load_n(&tl_result.failed, __ATOMIC_ACQUIRE))
        fail_msg("%s", tl_result.msg);
}

#define GO_TEST(fn)                                                            \
    {                                                                          \
        #fn, tl_cmocka_run, NULL, NULL,                                        \
            (void *)&(const gort_func){fn}                                     \
    }

#endif
