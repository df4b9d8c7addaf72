/*
 * malloc_testlib.h — test-only access to the allocator's internals, and the
 * harness shared by test_malloc.c and test_malloc_concurrent.c.
 *
 * Harness: cmocka keeps its state in thread-locals and a goroutine may
 * resume on another thread after any park, so cmocka runs on the process's
 * main thread and each test body runs on a goroutine through gort_call.
 * A body checks with CHECK/CHECK_EQ; a failed check records the message
 * and ends the body's goroutine, and the cmocka side reports it.
 *
 * Child scenarios (fatal errors): the binary re-executes itself as
 * `/proc/self/exe --child NAME` and the parent checks output and status.
 *
 * Simulated GC cycles: the collector is not needed to exercise sweeping.
 * gc_cycle() stops the world, marks what the test says is reachable with
 * rt_span_setMarked (exactly what marking leaves behind), and calls
 * rt_sweepStart as mark termination does.  The tests run with GOGC=off so
 * that a real collector, when present, does not run cycles of its own.
 */
#ifndef MALLOC_TESTLIB_H
#define MALLOC_TESTLIB_H

#include "runtime.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ---- test bodies on goroutines ------------------------------------- */

static struct {
    int failed;
    char msg[1024];
} mt_result;

static inline void mt_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));
static inline void mt_fail(const char *file, int line, const char *fmt, ...) {
    va_list ap;
    int n = snprintf(mt_result.msg, sizeof mt_result.msg, "%s:%d: ", file, line);
    va_start(ap, fmt);
    vsnprintf(mt_result.msg + n, sizeof mt_result.msg - (size_t)n, fmt, ap);
    va_end(ap);
    __atomic_store_n(&mt_result.failed, 1, __ATOMIC_RELEASE);
    gort_goexit();
}

/* Only on the body's own goroutine (it ends that goroutine). */
#define CHECK(c)                                                               \
    do {                                                                       \
        if (!(c)) mt_fail(__FILE__, __LINE__, "check failed: %s", #c);         \
    } while (0)
#define CHECK_EQ(a, b)                                                         \
    do {                                                                       \
        long long mt_a = (long long)(a), mt_b = (long long)(b);                \
        if (mt_a != mt_b)                                                      \
            mt_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b,      \
                    mt_a, mt_b);                                               \
    } while (0)

static inline void mt_cmocka_run(void **state) {
    const gort_func *body = (const gort_func *)*state;
    mt_result.failed = 0;
    mt_result.msg[0] = 0;
    gort_call(*body, NULL);
    if (__atomic_load_n(&mt_result.failed, __ATOMIC_ACQUIRE))
        fail_msg("%s", mt_result.msg);
}

#define GO_TEST(fn)                                                            \
    {                                                                          \
        #fn, mt_cmocka_run, NULL, NULL, (void *)&(const gort_func){fn}        \
    }

/* ---- child processes ----------------------------------------------- */

typedef struct child_result {
    int status;      /* exit status, or 128+signal */
    char out[65536]; /* stdout + stderr */
} child_result;

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

/* ---- allocator internals -------------------------------------------- */

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

/* ---- panics ----------------------------------------------------------- */

/* Where panictext's recover writes the panic value's text. */
static inline char *caughtbuf(void) {
    static char buf[256];
    return buf;
}

static inline void catcher(void *arg) {
    (void)arg;
    gort_any r = gort_recover();
    if (gort_any_isnil(r)) snprintf(caughtbuf(), 256, "<no panic>");
    else gort_any_format(r, caughtbuf(), 256);
}

/* Runs fn(arg) (goroutine only) and returns the text of the panic it
 * raised, or "<no panic>". */
static inline const char *panictext(void (*fn)(void *), void *arg) {
    caughtbuf()[0] = 0;
    GORT_FRAME_BEGIN(f);
    gort_defer(catcher, NULL);
    fn(arg);
    GORT_FRAME_END(f);
    return caughtbuf();
}

/* Marks p's object as reachable for the next simulated cycle. */
static inline void mark_obj(void *p) {
    uintptr_t idx;
    MSpan *s = obj_span(p, &idx);
    if (s) rt_span_setMarked(s, idx);
}

/* One simulated GC cycle, world stopped: finish the previous sweep (sweep
 * termination), mark keep[0..n) (NULL entries skipped), rt_sweepStart
 * (mark termination).  Sweeping then
 * happens lazily and in the background; finish: also rt_sweepFinish. */
static inline void gc_cycle(void **keep, size_t n, bool finish) {
    rt_stopTheWorld("test gc");
    rt_sweepFinish(); /* sweep termination: never mark an unswept span */
    for (size_t i = 0; i < n; i++)
        if (keep[i]) mark_obj(keep[i]);
    rt_sweepStart();
    rt_startTheWorld();
    if (finish) rt_sweepFinish();
}

static inline uint64_t stat_ld(uint64_t *p) {
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

#endif
