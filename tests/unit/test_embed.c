/*
 * test_embed.c — the runtime as a library inside a host program
 * (docs/embedding.md): the public inline code's write barriers, the
 * protected call (gort_pcall), fork, and the end of a run.
 *
 * Write barriers of gort.h's inline code.  GORT_APPEND and
 * gort_builder_reset replace a heap pointer that may sit in a GC object
 * (a slice or builder field).  The scenario that shows a missing barrier
 * is the deletion half of the hybrid barrier: a holder object H is white
 * (reachable only from C memory while the cycle marks), the goroutine's
 * stack is already scanned (black), the goroutine copies H's old buffer
 * pointer to its stack, and then the inline code overwrites the field.
 * Unless the store shades the old buffer, nothing ever marks it: H is
 * found later (its new buffer is black, allocated during mark) and the
 * stack is not scanned again.  The scenario then hands the old buffer to
 * a black object; gccheckmark re-marks from the roots and finds it there,
 * unmarked.  The scenarios run in a
 * child with GODEBUG=gccheckmark=1; a missing barrier ends it with
 * "fatal error: checkmark found unmarked object".
 *
 * GORT_TEST_CONCURRENCY GORT_TEST_ASAN_TOO: runs under ThreadSanitizer and AddressSanitizer.
 */
#include "testlib.h"

#include <pthread.h>
#include <sys/resource.h>

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

static tl_child_result cres;

static bool has(const char *s) { return strstr(cres.out, s) != NULL; }

/* Runs child scenario name with GODEBUG set to godebug (NULL: unset). */
static void child(const char *name, const char *godebug) {
    char var[256];
    snprintf(var, sizeof var, "GODEBUG=%s", godebug ? godebug : "");
    const char *env[] = {godebug ? var : "GODEBUG", NULL};
    tl_child(name, env, NULL, &cres);
}

/* A deletion scenario proves something only when it got a round in which
 * nothing else kept the old buffer alive; under heavy load a stale word
 * sometimes marks every round ("no clean round"), and the run is then
 * inconclusive rather than failed. */
#define CHILD_BARRIER_OK()                                                     \
    do {                                                                       \
        CHECK_CHILD_STATUS(&cres, 0);                                          \
        if (!has("survived: 1") && !has("no clean round"))                     \
            tl_child_fail(__FILE__, __LINE__, &cres, "no survived: 1");        \
    } while (0)

/* Starts a cycle and holds it in the mark phase once the roots are done. */
static void hold_mark(int *done) {
    ast(&rt_gcTestHoldMark, 1u);
    gort_go(gc_runner, done);
    while (!gc_marked_all(NULL)) gort_sleep(100 * GORT_MICROSECOND);
    gort_sleep(5 * GORT_MILLISECOND);
}

/* Lets the held cycle finish and waits for it. */
static void release_mark(int *done) {
    ast(&rt_gcTestHoldMark, 0u);
    rt_gcMarkDone();
    while (!__atomic_load_n(done, __ATOMIC_ACQUIRE)) gort_sleep(GORT_MILLISECOND);
}

/* Reuses freed memory of the buffer sizes, filled with junk. */
static RT_NOINLINE void churn(void) {
    for (int i = 0; i < 20000; i++) {
        uint8_t *p = gort_alloc(64, NULL);
        memset(p, 0xEE, 64);
        uint8_t *q = gort_alloc(128, NULL);
        memset(q, 0xEE, 128);
    }
}

/* ---------------------------------------------------------------------- */
/* Write barriers of the inline code (children, GODEBUG=gccheckmark=1)     */
/* ---------------------------------------------------------------------- */

/* A GC object with a slice and a builder: pointer words 0 (s.ptr) and 3
 * (b.buf.ptr). */
typedef struct holder {
    gort_slice s;
    gort_builder b;
} holder;
static const uint8_t holder_mask[] = {0x9};
static const gort_type holder_type = {.size = sizeof(holder),
                                      .align = 8,
                                      .ptrwords = 4,
                                      .ptrmask = holder_mask,
                                      .name = "holder",
                                      .kind = GORT_KIND_STRUCT};

static holder **hidden_h; /* malloc'd: not a root */
static holder *g_holder;  /* registered roots */
static void **g_keep;

/* H with a full 64-byte slice and 64 builder bytes, reachable only from
 * C memory.  Runs on a goroutine of its own that then exits, so that no
 * live stack keeps a stale copy of a pointer to H or its buffers. */
static RT_NOINLINE void hide_holder_inner(void) {
    hidden_h = malloc(sizeof *hidden_h);
    holder *h = gort_new(&holder_type);
    gort_slice s = gort_make_slice(&gort_type_uint8, 64, 64);
    for (int i = 0; i < 64; i++) ((uint8_t *)s.ptr)[i] = (uint8_t)i;
    gort_typedmemmove(&holder_type, h, &(holder){s, {{NULL, 0, 0}}});
    for (int i = 0; i < 64; i++) gort_builder_write_byte(&h->b, (uint8_t)(i + 100));
    *hidden_h = h;
}

/* The goroutine's stack goes back to a cache and the next goroutine (the
 * collector's runner) may run on it: scrub what the inner call left. */
static void hide_holder_g(void *arg) {
    hide_holder_inner();
    tl_scrubstack();
    __atomic_store_n((int *)arg, 1, __ATOMIC_RELEASE);
}

static RT_NOINLINE void hide_holder(void) {
    int done = 0;
    gort_go(hide_holder_g, &done);
    while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE))
        gort_sleep(100 * GORT_MICROSECOND);
}

static bool bytes_ok(const uint8_t *p, int n, int base) {
    for (int i = 0; i < n; i++)
        if (p[i] != (uint8_t)(i + base)) return false;
    return true;
}

static bool marked(const void *p) {
    uintptr_t base, idx;
    MSpan *sp;
    return rt_findObject((uintptr_t)p, &base, &sp, &idx) &&
           rt_span_isMarked(sp, idx);
}

/* The shared part: hide H, hold mark after every root was scanned, then
 * copy the old buffer pointer to this (black) stack and overwrite the
 * field with the inline code under test, publish H through a registered
 * root, finish the cycle and churn.  Prints whether the old buffer
 * survived.  A stale conservative word somewhere (an allocator's or a
 * dead frame's copy) sometimes marks H or its buffer anyway; such a round
 * proves nothing, and the scenario tries again with a new H. */
static RT_NOINLINE void deletion_scenario(int which) {
    gort_root_add(&g_holder, 1);
    gort_root_add(&g_keep, 1);
    for (int round = 0;; round++) {
        if (round == 20) {
            printf("no clean round\n");
            return;
        }
        hide_holder();
        tl_scrubstack();
        int done = 0;
        hold_mark(&done);
        holder *h = *hidden_h;
        if (marked(h) || marked(h->s.ptr) || marked(h->b.buf.ptr)) {
            release_mark(&done);
            continue;
        }
        const uint8_t *volatile old;
        if (which == 0) {
            old = h->s.ptr;
            GORT_APPEND(h->s, &gort_type_uint8, uint8_t, 64); /* grows */
        } else {
            old = (const uint8_t *)gort_builder_string(&h->b).ptr;
            gort_builder_reset(&h->b);
        }
        /* The stack holds the only reference to the old buffer.  Hand it
         * to a black object (allocated during mark), so that gccheckmark
         * finds it through a precise heap pointer: a conservative stack
         * word alone proves nothing to it.  The plain store is what the
         * hybrid barrier permits: a scanned stack never holds a white
         * pointer (the deletion half under test guarantees it), so
         * copying one into a black object needs no shading.
         * gort_store_ptr would shade it and hide the bug. */
        void **k = gort_alloc(sizeof *k, &gort_type_pointer);
        *k = (void *)old;
        g_keep = k;
        g_holder = h; /* registered roots are rescanned at mark termination */
        *hidden_h = NULL;
        h = NULL;
        release_mark(&done);
        for (int i = 0; i < 3; i++) {
            gort_gc();
            churn();
        }
        printf("survived: %d\n", bytes_ok(old, 64, which == 0 ? 0 : 100));
        return;
    }
}

static void child_append_barrier(void *arg) {
    (void)arg;
    deletion_scenario(0);
}
static void child_builder_barrier(void *arg) {
    (void)arg;
    deletion_scenario(1);
}

static void body_append_barrier(void *arg) {
    (void)arg;
    child("append_barrier", "gccheckmark=1");
    CHILD_BARRIER_OK();
}

static void body_builder_reset_barrier(void *arg) {
    (void)arg;
    child("builder_barrier", "gccheckmark=1");
    CHILD_BARRIER_OK();
}

/* ---------------------------------------------------------------------- */
/* The protected call                                                      */
/* ---------------------------------------------------------------------- */

static RT_NOINLINE void panicker(void *arg) {
    (void)arg;
    gort_panic_str("boom");
}

static int ran;
static void worker_ok(void *arg) {
    (void)arg;
    __atomic_add_fetch(&ran, 1, __ATOMIC_SEQ_CST);
}

static void body_pcall_panic_then_call(void *arg) {
    (void)arg;
    gort_panic_info pi;
    CHECK_EQ(gort_pcall(panicker, NULL, &pi), GORT_PCALL_PANIC);
    CHECK(tl_isstr(pi.value, "boom"));
    CHECK(!strcmp(pi.message, "panic: boom\n"));
    /* The traceback starts at the panic, then the function that panicked. */
    if (strncmp(pi.traceback, "goroutine ", 10) != 0 ||
        !strstr(pi.traceback, " [running]:\ngort_panic(...)\n") ||
        !strstr(pi.traceback, "\npanicker(...)\n"))
        FAILF("traceback:\n%s", pi.traceback);
    gort_panic_info_free(&pi);
    CHECK(pi.message == NULL && pi.value.type == NULL);
    /* The runtime goes on: no panic left running, further calls work. */
    CHECK_EQ(ald(&rt_runningPanicDefers), 0);
    int before = __atomic_load_n(&ran, __ATOMIC_SEQ_CST);
    CHECK_EQ(gort_pcall(worker_ok, NULL, &pi), GORT_PCALL_OK);
    CHECK(pi.message == NULL && pi.traceback == NULL && pi.value.type == NULL);
    CHECK_EQ(gort_pcall(worker_ok, NULL, NULL), GORT_PCALL_OK);
    CHECK_EQ(__atomic_load_n(&ran, __ATOMIC_SEQ_CST), before + 2);
}

static void panic_error(void *arg) {
    (void)arg;
    gort_panic(gort_any_error(gort_error_new("disk on fire")));
}
static void panic_index(void *arg) {
    (void)arg;
    gort_slice s = gort_make_slice(&gort_type_int64, 3, 3);
    *(int64_t *)gort_slice_index(&gort_type_int64, s, 5) = 1;
}

static void body_pcall_error_values(void *arg) {
    (void)arg;
    gort_panic_info pi;
    CHECK_EQ(gort_pcall(panic_error, NULL, &pi), GORT_PCALL_PANIC);
    gort_error *e = gort_any_to_error(pi.value);
    CHECK(e != NULL);
    CHECK(!strcmp(gort_error_message(e), "disk on fire"));
    CHECK(!gort_error_is_runtime(e));
    CHECK(!strcmp(pi.message, "panic: disk on fire\n"));
    gort_panic_info_free(&pi);
    CHECK_EQ(gort_pcall(panic_index, NULL, &pi), GORT_PCALL_PANIC);
    e = gort_any_to_error(pi.value);
    CHECK(e != NULL && gort_error_is_runtime(e));
    if (strcmp(pi.message, "panic: runtime error: index out of range [5] with "
                           "length 3\n"))
        FAILF("message: %s", pi.message);
    gort_panic_info_free(&pi);
}

/* Go: defer func() { panic("second") }(); panic("first") */
static void d_panic_second(void *arg) {
    (void)arg;
    gort_panic_str("second");
}
static void nested_unrecovered(void *arg) {
    (void)arg;
    GORT_FRAME_BEGIN(f);
    gort_defer(d_panic_second, NULL);
    gort_panic_str("first");
    GORT_FRAME_END(f);
}
/* fn recovers its own panic: the protected call sees a normal return. */
static void d_recover(void *arg) {
    (void)arg;
    gort_recover();
}
static void self_recovering(void *arg) {
    (void)arg;
    GORT_FRAME_BEGIN(f);
    gort_defer(d_recover, NULL);
    gort_panic_str("handled");
    GORT_FRAME_END(f);
}
static void inner_pcall(void *arg) {
    gort_panic_info pi;
    *(int *)arg = gort_pcall(panicker, NULL, &pi);
    gort_panic_info_free(&pi);
}

static void body_pcall_nested(void *arg) {
    (void)arg;
    gort_panic_info pi;
    CHECK_EQ(gort_pcall(nested_unrecovered, NULL, &pi), GORT_PCALL_PANIC);
    CHECK(tl_isstr(pi.value, "second"));
    if (strcmp(pi.message, "panic: first\n\tpanic: second\n"))
        FAILF("message: %s", pi.message);
    gort_panic_info_free(&pi);
    CHECK_EQ(ald(&rt_runningPanicDefers), 0);
    CHECK_EQ(gort_pcall(self_recovering, NULL, &pi), GORT_PCALL_OK);
    int inner = -1;
    CHECK_EQ(gort_pcall(inner_pcall, &inner, &pi), GORT_PCALL_OK);
    CHECK_EQ(inner, GORT_PCALL_PANIC);
    CHECK_EQ(ald(&rt_runningPanicDefers), 0);
}

/* From threads that are not goroutines (cmocka's main thread and plain
 * pthreads): fn runs on a goroutine of its own. */
static void goexiter(void *arg) {
    (void)arg;
    gort_goexit();
}

static void test_pcall_from_thread(void **state) {
    (void)state;
    gort_panic_info pi;
    assert_int_equal(gort_pcall(panicker, NULL, &pi), GORT_PCALL_PANIC);
    assert_true(tl_isstr(pi.value, "boom"));
    assert_string_equal(pi.message, "panic: boom\n");
    gort_gc(); /* the value is a root while the thread holds it */
    assert_true(tl_isstr(pi.value, "boom"));
    gort_panic_info_free(&pi);
    int before = __atomic_load_n(&ran, __ATOMIC_SEQ_CST);
    gort_call(worker_ok, NULL);
    assert_int_equal(gort_pcall(worker_ok, NULL, &pi), GORT_PCALL_OK);
    assert_int_equal(__atomic_load_n(&ran, __ATOMIC_SEQ_CST), before + 2);
    assert_int_equal(gort_pcall(goexiter, NULL, &pi), GORT_PCALL_GOEXIT);
    assert_null(pi.message);
    assert_int_equal(gort_pcall(nested_unrecovered, NULL, &pi), GORT_PCALL_PANIC);
    assert_string_equal(pi.message, "panic: first\n\tpanic: second\n");
    gort_panic_info_free(&pi);
}

enum { PC_THREADS = 8, PC_ROUNDS = 200 };
static int pc_bad;

static void *pcall_thread(void *arg) {
    intptr_t id = (intptr_t)arg;
    for (int i = 0; i < PC_ROUNDS; i++) {
        gort_panic_info pi;
        bool panics = (i + id) % 2 == 0;
        gort_pcall_status st = gort_pcall(panics ? panic_error : worker_ok,
                                          NULL, &pi);
        if (st != (panics ? GORT_PCALL_PANIC : GORT_PCALL_OK) ||
            (panics && strcmp(pi.message, "panic: disk on fire\n")))
            __atomic_add_fetch(&pc_bad, 1, __ATOMIC_SEQ_CST);
        gort_panic_info_free(&pi);
    }
    return NULL;
}

static void test_pcall_many_threads(void **state) {
    (void)state;
    pthread_t t[PC_THREADS];
    int before = __atomic_load_n(&ran, __ATOMIC_SEQ_CST);
    for (intptr_t i = 0; i < PC_THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, pcall_thread, (void *)i), 0);
    for (int i = 0; i < PC_THREADS; i++) pthread_join(t[i], NULL);
    assert_int_equal(pc_bad, 0);
    assert_int_equal(__atomic_load_n(&ran, __ATOMIC_SEQ_CST) - before,
                     PC_THREADS * PC_ROUNDS / 2);
    assert_int_equal(ald(&rt_runningPanicDefers), 0);
}

/* ---------------------------------------------------------------------- */
/* rt_runningPanicDefers after nested panics                               */
/* ---------------------------------------------------------------------- */

/* A recovered nested panic: the aborted "first" ends with the recovery. */
static void nested_recovered(void) {
    GORT_FRAME_BEGIN(f);
    gort_defer(d_recover, NULL);
    gort_defer(d_panic_second, NULL);
    gort_panic_str("first");
    GORT_FRAME_END(f);
}

/* A Goexit inside a deferred call of a panic: that panic never ends. */
static void d_goexit(void *arg) {
    (void)arg;
    gort_goexit();
}
static void d_setflag(void *arg) { __atomic_store_n((int *)arg, 1, __ATOMIC_SEQ_CST); }
static void goexit_in_panic(void *arg) {
    GORT_FRAME_BEGIN(f);
    gort_defer(d_setflag, arg);
    gort_defer(d_goexit, NULL);
    gort_panic_str("abandoned");
    GORT_FRAME_END(f);
}

static bool flag_set(void *arg) { return __atomic_load_n((int *)arg, __ATOMIC_SEQ_CST); }

static bool no_panic_running(void *arg) {
    (void)arg;
    return ald(&rt_runningPanicDefers) == 0;
}

static void body_panic_counter(void *arg) {
    (void)arg;
    CHECK_EQ(ald(&rt_runningPanicDefers), 0);
    nested_recovered();
    /* gort_main waits for this counter to drop to 0 before it returns. */
    CHECK_EQ(ald(&rt_runningPanicDefers), 0);
    int flag = 0;
    gort_go(goexit_in_panic, &flag);
    /* The flag is set by a deferred call the Goexit runs; the counter
     * drops after them. */
    CHECK(tl_wait_until(flag_set, &flag, 5 * GORT_SECOND));
    CHECK(tl_wait_until(no_panic_running, NULL, 5 * GORT_SECOND));
}

/* ---------------------------------------------------------------------- */
/* Shutdown: goroutines are stopped before the host's exit handlers run     */
/* ---------------------------------------------------------------------- */

/* Workers of three kinds: one that reaches safe points, one that only
 * allocates (the allocator's safe point), one that sleeps in a syscall
 * bracket.  Each counts its rounds. */
static int cnt_safe, cnt_alloc, cnt_sys;

static void w_safe(void *arg) {
    (void)arg;
    for (;;) {
        __atomic_add_fetch(&cnt_safe, 1, __ATOMIC_SEQ_CST);
        gort_safepoint();
    }
}
static void w_alloc(void *arg) {
    (void)arg;
    for (;;) {
        __atomic_add_fetch(&cnt_alloc, 1, __ATOMIC_SEQ_CST);
        gort_alloc(512, NULL);
    }
}
static void w_sys(void *arg) {
    (void)arg;
    for (;;) {
        __atomic_add_fetch(&cnt_sys, 1, __ATOMIC_SEQ_CST);
        gort_syscall_enter();
        usleep(2000);
        gort_syscall_exit();
    }
}

static int total(void) {
    return __atomic_load_n(&cnt_safe, __ATOMIC_SEQ_CST) +
           __atomic_load_n(&cnt_alloc, __ATOMIC_SEQ_CST) +
           __atomic_load_n(&cnt_sys, __ATOMIC_SEQ_CST);
}

/* Registered with atexit before gort_main: runs after gort_main returned
 * and the host's main returned.  No goroutine but the main one (which
 * holds the stopped world) may be running, and no counter may move. */
static void at_exit_check(void) {
    int running = 0;
    size_t n = ald(&rt_allglen);
    G **all = ald(&rt_allgs);
    for (size_t i = 0; i < n; i++)
        if (all[i]->goid != 1 && (ald(&all[i]->status) & ~(uint32_t)Gscan) == Grunning)
            running++;
    int before = total();
    usleep(50 * 1000);
    printf("running: %d, moved: %d\n", running, total() - before);
    fflush(stdout);
}

static void child_atexit(void *arg) {
    (void)arg;
    gort_go(w_safe, NULL);
    gort_go(w_alloc, NULL);
    gort_go(w_sys, NULL);
    while (!__atomic_load_n(&cnt_safe, __ATOMIC_SEQ_CST) ||
           !__atomic_load_n(&cnt_alloc, __ATOMIC_SEQ_CST) ||
           !__atomic_load_n(&cnt_sys, __ATOMIC_SEQ_CST))
        gort_sleep(100 * GORT_MICROSECOND);
}

static void body_stopped_before_exit_handlers(void *arg) {
    (void)arg;
    child("atexit", NULL);
    CHECK_CHILD_STATUS(&cres, 0);
    CHECK_CHILD_OUT(&cres, "running: 0, moved: 0\n");
}

/* ---------------------------------------------------------------------- */
/* Fork, then exec                                                         */
/* ---------------------------------------------------------------------- */

static gort_mutex fork_mu;
static int fork_stop;

/* Allocates and holds a mutex most of the time: a fork is likely to land
 * while some runtime lock or this mutex is held. */
static void busy(void *arg) {
    gort_waitgroup *wg = arg;
    while (!__atomic_load_n(&fork_stop, __ATOMIC_SEQ_CST)) {
        gort_mutex_lock(&fork_mu);
        for (int i = 0; i < 50; i++) gort_alloc(64 + (size_t)i * 8, NULL);
        gort_mutex_unlock(&fork_mu);
        gort_safepoint();
    }
    gort_waitgroup_done(wg);
}

/* fork, then only async-signal-safe calls, then exec (or _exit). */
static pid_t spawn_sh(const char *script, bool quit_first) {
    pid_t pid = fork();
    if (pid == 0) {
        if (quit_first) {
            /* The runtime's SIGQUIT handler would dump the parent's
             * goroutines; a fork child gets the default action. */
            struct rlimit nocore = {0, 0};
            setrlimit(RLIMIT_CORE, &nocore);
            raise(SIGQUIT);
            _exit(99);
        }
        execl("/bin/sh", "sh", "-c", script, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static int waitstatus(pid_t pid) {
    int st = 0;
    gort_syscall_enter();
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    gort_syscall_exit();
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void body_fork_exec(void *arg) {
    (void)arg;
    enum { NBUSY = 4, NFORK = 20 };
    gort_waitgroup wg = {0};
    __atomic_store_n(&fork_stop, 0, __ATOMIC_SEQ_CST);
    gort_waitgroup_add(&wg, NBUSY);
    for (int i = 0; i < NBUSY; i++) gort_go(busy, &wg);
    for (int i = 0; i < NFORK; i++) {
        pid_t pid = spawn_sh("exit 7", false);
        CHECK(pid > 0);
        CHECK_EQ(waitstatus(pid), 7);
    }
    pid_t pid = spawn_sh(NULL, true);
    CHECK(pid > 0);
    CHECK_EQ(waitstatus(pid), 128 + SIGQUIT);
    __atomic_store_n(&fork_stop, 1, __ATOMIC_SEQ_CST);
    gort_waitgroup_wait(&wg);
}

/* A fork child that calls into the runtime gets a clear fatal error. */
static void child_fork_misuse(void *arg) {
    (void)arg;
    pid_t pid = fork();
    if (pid == 0) {
        gort_gosched(); /* not allowed: fork, then exec */
        _exit(0);
    }
    int st = waitstatus(pid);
    printf("child status %d\n", st);
}

static void body_fork_misuse(void *arg) {
    (void)arg;
    child("fork_misuse", NULL);
    CHECK_CHILD_STATUS(&cres, 0);
    CHECK_CHILD_OUT(&cres, "child status 2\n");
    CHECK(has("fatal error: gort: runtime used in the child of a fork; fork, "
              "then exec"));
}

/* ---------------------------------------------------------------------- */

static const tl_scenario scenarios[] = {
    {"append_barrier", .main = child_append_barrier},
    {"builder_barrier", .main = child_builder_barrier},
    {"atexit", .main = child_atexit},
    {"fork_misuse", .main = child_fork_misuse},
};

int main(int argc, char **argv) {
    if (argc >= 3 && !strcmp(argv[2], "atexit")) atexit(at_exit_check);
    tl_child_main(argc, argv, scenarios, RT_ARRAY_LEN(scenarios));
    const struct CMUnitTest tests[] = {
        GO_TEST(body_append_barrier),
        GO_TEST(body_builder_reset_barrier),
        GO_TEST(body_pcall_panic_then_call),
        GO_TEST(body_pcall_error_values),
        GO_TEST(body_pcall_nested),
        cmocka_unit_test(test_pcall_from_thread),
        cmocka_unit_test(test_pcall_many_threads),
        GO_TEST(body_panic_counter),
        GO_TEST(body_stopped_before_exit_handlers),
        GO_TEST(body_fork_exec),
        GO_TEST(body_fork_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
