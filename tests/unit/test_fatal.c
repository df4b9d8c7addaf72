/*
 * test_fatal.c — ways a gort program ends: deadlock, stack overflow,
 * SIGQUIT, misuse of the API, bad configuration; and GODEBUG=schedtrace.
 *
 * Each scenario runs in a child process (`/proc/self/exe --child NAME`,
 * see testlib.h); the parent checks the child's stderr and exit
 * status.  The parent never starts the runtime.  Expected texts are Go's
 * where Go has one ("fatal error: all goroutines are asleep - deadlock!",
 * "goroutine 1 [chan receive]:", "SIGQUIT: quit", the SCHED line).
 *
 * No concurrency marker: runs under ASan+UBSan.  Under ASan the stack
 * overflow scenarios are skipped: ASan's own SIGSEGV handling reports the
 * overflow before the runtime's handler runs.
 */
#include "testlib.h"

#include <regex.h>

/* ---------------------------------------------------------------------- */
/* Child scenarios                                                         */
/* ---------------------------------------------------------------------- */

static void park_forever(void *arg) {
    rt_gopark(NULL, NULL, arg ? (const char *)arg : "chan receive");
}

static void main_deadlock(void *arg) {
    (void)arg;
    rt_gopark(NULL, NULL, "chan receive"); /* nobody will ever ready it */
    printf("unreachable\n");
}

static void main_deadlock_two(void *arg) {
    (void)arg;
    gort_go(park_forever, "select (no cases)");
    gort_sleep(GORT_MILLISECOND);
    rt_gopark(NULL, NULL, "chan receive");
}


/* Not deadlocks: main is parked, but a timer, a syscall or an fd will
 * ready it. */
static G *gate_g;
static rt_mutex gate_lock;

static void gate_park(void) {
    rt_lock(&gate_lock);
    gate_g = rt_getg();
    rt_goparkunlock(&gate_lock, "chan receive");
}

static void gate_open(void) {
    for (;;) {
        rt_lock(&gate_lock);
        G *gp = gate_g;
        gate_g = NULL;
        rt_unlock(&gate_lock);
        if (gp) {
            rt_goready(gp);
            return;
        }
        gort_sleep(GORT_MILLISECOND);
    }
}

static void sleep_then_open(void *arg) {
    (void)arg;
    gort_sleep(50 * GORT_MILLISECOND);
    gate_open();
}

static void main_timer_pending(void *arg) {
    (void)arg;
    gort_go(sleep_then_open, NULL);
    gate_park();
    printf("woken by a timer\n");
}

static void syscall_then_open(void *arg) {
    (void)arg;
    struct timespec ts = {0, 100 * 1000 * 1000};
    gort_syscall_enter();
    nanosleep(&ts, NULL);
    gort_syscall_exit();
    gate_open();
}

static void main_in_syscall(void *arg) {
    (void)arg;
    gort_go(syscall_then_open, NULL);
    gate_park();
    printf("woken after a syscall\n");
}

static int fdw_fds[2];

static void *fdw_thread(void *arg) {
    (void)arg;
    usleep(50000);
    if (write(fdw_fds[1], "x", 1) != 1) abort();
    return NULL;
}

static void main_fd_pending(void *arg) {
    (void)arg;
    if (pipe2(fdw_fds, O_NONBLOCK) != 0) abort();
    pthread_t th;
    pthread_create(&th, NULL, fdw_thread, NULL);
    char c;
    while (read(fdw_fds[0], &c, 1) != 1) gort_fd_wait(fdw_fds[0], GORT_FD_READ, 0);
    printf("woken by an fd\n");
}

static void main_goexit(void *arg) {
    (void)arg;
    gort_goexit();
}

/* Stack overflow: unbounded recursion with 1 KiB frames (the limit is a
 * volatile the compiler cannot see through). */
static volatile int recurse_limit = INT32_MAX;

static RT_NOINLINE int recurse(int n) {
    volatile char frame[1024];
    frame[0] = (char)n;
    frame[sizeof frame - 1] = (char)n;
    if (n >= recurse_limit) return 0;
    return recurse(n + 1) + frame[0] + frame[sizeof frame - 1];
}

static void overflow(void *arg) {
    (void)arg;
    printf("%d\n", recurse(0));
}

static void main_overflow(void *arg) {
    (void)arg;
    gort_go(overflow, NULL); /* goroutine 2 */
    gort_sleep(10 * GORT_SECOND);
}

/* SIGQUIT: four goroutines asleep, then a marker for the parent. */
static G *sq_gs[4];

static RT_NOINLINE void sleeper(void *arg) {
    sq_gs[(long)arg] = rt_getg();
    gort_sleep(3600 * GORT_SECOND);
    printf("unreachable\n");
}

static RT_NOINLINE void reporter(void *arg) {
    (void)arg;
    for (;;) {
        int n = 0;
        for (int i = 0; i < 4; i++) {
            G *gp = __atomic_load_n(&sq_gs[i], __ATOMIC_SEQ_CST);
            if (gp && ald(&gp->status) == Gwaiting) n++;
        }
        if (n == 4) break;
        gort_sleep(GORT_MILLISECOND);
    }
    static const char m[] = "ALL-ASLEEP\n";
    if (write(2, m, sizeof m - 1) < 0) abort();
    gort_sleep(3600 * GORT_SECOND);
    printf("unreachable\n"); /* keeps gort_sleep from being a tail call */
}

static void main_sigquit(void *arg) {
    (void)arg;
    for (long i = 1; i < 4; i++) gort_go(sleeper, (void *)i);
    gort_go(reporter, NULL);
    sleeper((void *)0);
}

/* Misuse. */
static void main_go_nil(void *arg) {
    (void)arg;
    gort_go(NULL, NULL);
}

static void *foreign_sleep(void *arg) {
    (void)arg;
    gort_sleep(GORT_MILLISECOND);
    return NULL;
}

static void main_foreign_sleep(void *arg) {
    (void)arg;
    pthread_t th;
    pthread_create(&th, NULL, foreign_sleep, NULL);
    gort_syscall_enter();
    pthread_join(th, NULL);
    gort_syscall_exit();
    printf("unreachable\n");
}

static void noop(void *arg) { (void)arg; }
static void c_go_before_start(void) { gort_go(noop, NULL); }

static void c_stack_cfg_huge(void) {
    gort_config cfg = {.stack_size = (size_t)1 << 40};
    gort_main(&cfg, noop, NULL);
}


static void main_gomaxprocs_neg(void *arg) {
    (void)arg;
    gort_gomaxprocs(-1);
}
static void c_gomaxprocs_neg(void) {
    gort_main(NULL, main_gomaxprocs_neg, NULL);
}

static void c_cfg_procs_neg(void) {
    gort_config cfg = {.gomaxprocs = -3};
    gort_main(&cfg, noop, NULL);
}

static void main_nested_main(void *arg) {
    (void)arg;
    gort_main(NULL, noop, NULL);
}

static void main_fd_badmode(void *arg) {
    (void)arg;
    gort_fd_wait(0, (gort_fd_mode)'x', 0);
}

/* Normal endings. */
static void forever(void *arg) {
    (void)arg;
    for (;;) gort_sleep(GORT_MILLISECOND);
}

static void main_returns(void *arg) {
    (void)arg;
    for (int i = 0; i < 4; i++) gort_go(forever, NULL);
    gort_sleep(5 * GORT_MILLISECOND);
    printf("main goid=%lld returns\n", (long long)gort_goid());
}
static void c_main_returns(void) {
    int rc = gort_main(NULL, main_returns, NULL);
    printf("gort_main returned %d\n", rc);
}

static void exit3(void *arg) {
    (void)arg;
    gort_exit(3);
}
static void main_exit(void *arg) {
    (void)arg;
    gort_go(exit3, NULL);
    gort_sleep(10 * GORT_SECOND);
}

static void busy(void *arg) {
    (void)arg;
    int64_t end = gort_nanotime() + 80 * GORT_MILLISECOND;
    while (gort_nanotime() < end) gort_sleep(100 * GORT_MICROSECOND);
}

static void main_schedtrace(void *arg) {
    (void)arg;
    for (int i = 0; i < 3; i++) gort_go(busy, NULL);
    gort_sleep(100 * GORT_MILLISECOND);
}
static void c_schedtrace(void) {
    gort_config cfg = {.gomaxprocs = 2};
    gort_main(&cfg, main_schedtrace, NULL);
}

static const tl_scenario scenarios[] = {
    {"deadlock", .main = main_deadlock},
    {"deadlock_two", .main = main_deadlock_two},
    {"deadlock_quiet", .main = main_deadlock},
    {"timer_pending", .main = main_timer_pending},
    {"in_syscall", .main = main_in_syscall},
    {"fd_pending", .main = main_fd_pending},
    {"goexit_deadlock", .main = main_goexit},
    {"overflow", .main = main_overflow},
    {"overflow_main", .main = overflow},
    {"sigquit", .main = main_sigquit},
    {"go_nil", .main = main_go_nil},
    {"foreign_sleep", .main = main_foreign_sleep},
    {"go_before_start", .raw = c_go_before_start},
    {"stack_cfg_huge", .raw = c_stack_cfg_huge},
    {"stack_env", .main = noop},
    {"gomaxprocs_neg", .raw = c_gomaxprocs_neg},
    {"cfg_procs_neg", .raw = c_cfg_procs_neg},
    {"nested_main", .main = main_nested_main},
    {"fd_badmode", .main = main_fd_badmode},
    {"main_returns", .raw = c_main_returns},
    {"exit", .main = main_exit},
    {"schedtrace", .raw = c_schedtrace},
};

/* ---------------------------------------------------------------------- */
/* Parent side                                                             */
/* ---------------------------------------------------------------------- */

static tl_child_result res;

/* Runs a child and prints its output if a check below fails. */
static void run(const char *name, const char *const *env) {
    tl_child(name, env, NULL, &res);
}

static void test_deadlock(void **state) {
    (void)state;
    run("deadlock", NULL);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "fatal error: all goroutines are asleep - deadlock!\n");
    CHECK_CHILD_OUT(&res, "goroutine 1 [chan receive]:\n");
    CHECK_CHILD_OUT(&res, "main_deadlock(");
    CHECK_CHILD_NOT_OUT(&res, "unreachable");
}

static void test_deadlock_two(void **state) {
    (void)state;
    run("deadlock_two", NULL);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "fatal error: all goroutines are asleep - deadlock!\n");
    CHECK_CHILD_OUT(&res, "goroutine 1 [chan receive]:\n");
    CHECK_CHILD_OUT(&res, "goroutine 2 [select (no cases)]:\n");
    CHECK_CHILD_OUT(&res, "created by main_deadlock_two\n"); /* Go 1.19: no "in goroutine" */
}

static void test_deadlock_gotraceback_none(void **state) {
    (void)state;
    const char *env[] = {"GOTRACEBACK=none", NULL};
    run("deadlock_quiet", env);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "fatal error: all goroutines are asleep - deadlock!\n");
    CHECK_CHILD_NOT_OUT(&res, "goroutine 1 [");
}

/* A parked main with a pending timer, a goroutine in a syscall, or an fd
 * waiter is not a deadlock. */
static void test_not_deadlocks(void **state) {
    (void)state;
    run("timer_pending", NULL);
    CHECK_CHILD_STATUS(&res, 0);
    CHECK_CHILD_OUT(&res, "woken by a timer\n");
    run("in_syscall", NULL);
    CHECK_CHILD_STATUS(&res, 0);
    CHECK_CHILD_OUT(&res, "woken after a syscall\n");
    run("fd_pending", NULL);
    CHECK_CHILD_STATUS(&res, 0);
    CHECK_CHILD_OUT(&res, "woken by an fd\n");
}

static void test_goexit_deadlock(void **state) {
    (void)state;
    run("goexit_deadlock", NULL);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "fatal error: no goroutines (main called ");
    CHECK_CHILD_OUT(&res, "deadlock!\n");
}

static void test_stack_overflow(void **state) {
    (void)state;
#if GORT_SANITIZE_ADDRESS
    skip();
#endif
    const char *env[] = {"GORT_STACK_SIZE", NULL};
    run("overflow", env);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "runtime: goroutine stack exceeds 262144-byte limit\n");
    CHECK_CHILD_OUT(&res, "fatal error: stack overflow\n");
    CHECK_CHILD_OUT(&res, "goroutine 2 [running]:\n");
    const char *env64[] = {"GORT_STACK_SIZE=64KiB", NULL};
    run("overflow_main", env64);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "runtime: goroutine stack exceeds 65536-byte limit\n");
    CHECK_CHILD_OUT(&res, "fatal error: stack overflow\n");
    CHECK_CHILD_OUT(&res, "goroutine 1 [running]:\n");
}

static void test_sigquit_dump(void **state) {
    (void)state;
    tl_child("sigquit", NULL, "ALL-ASLEEP\n", &res);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "SIGQUIT: quit\n");
    CHECK_CHILD_OUT(&res, "goroutine 1 [sleep]:\n");
    for (int i = 2; i <= 4; i++) {
        char want[64];
        snprintf(want, sizeof want, "goroutine %d [sleep]:\n", i);
        CHECK_CHILD_OUT(&res, want);
    }
    CHECK_CHILD_OUT(&res, "goroutine 5 ["); /* the reporter: may not be parked yet */
    /* Backtraces name the C functions each goroutine is parked in. */
    if (tl_count(res.out, "sleeper(") < 4)
        tl_child_fail(__FILE__, __LINE__, &res, "want 4 sleeper frames");
    CHECK_CHILD_OUT(&res, "created by main_sigquit\n");
}

static void test_go_nil(void **state) {
    (void)state;
    run("go_nil", NULL);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "fatal error: go of nil func value"); /* as Go */
    CHECK_CHILD_OUT(&res, "goroutine 1 [running]:\n");
}

static void test_foreign_thread(void **state) {
    (void)state;
    run("foreign_sleep", NULL);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "fatal error: gort_sleep called from a thread that is not "
               "running a goroutine");
    CHECK_CHILD_NOT_OUT(&res, "unreachable");
    run("go_before_start", NULL);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "fatal error: gort_go called before the runtime started");
}

static void test_bad_stack_size(void **state) {
    (void)state;
    const char *tiny[] = {"GORT_STACK_SIZE=1", NULL};
    run("stack_env", tiny);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "fatal error: runtime: goroutine stack size 1 out of range "
               "[16 KiB, 1 GiB]");
    const char *junk[] = {"GORT_STACK_SIZE=banana", NULL};
    run("stack_env", junk);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "fatal error: runtime: GORT_STACK_SIZE=banana: not a size");
    const char *huge[] = {"GORT_STACK_SIZE=2GiB", NULL};
    run("stack_env", huge);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "out of range [16 KiB, 1 GiB]");
    run("stack_cfg_huge", NULL);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "fatal error: runtime: goroutine stack size 1099511627776 out "
               "of range");
    const char *ok[] = {"GORT_STACK_SIZE=32k", NULL};
    run("stack_env", ok);
    CHECK_CHILD_STATUS(&res, 0);
}

static void test_bad_gomaxprocs(void **state) {
    (void)state;
    run("gomaxprocs_neg", NULL);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "gort_gomaxprocs: negative count -1");
    run("cfg_procs_neg", NULL);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "gort_main: negative gomaxprocs -3");
    /* A bad $GOMAXPROCS is ignored, as Go ignores it. */
    const char *env[] = {"GOMAXPROCS=lots", NULL};
    run("main_returns", env);
    CHECK_CHILD_STATUS(&res, 0);
}

static void test_misc_misuse(void **state) {
    (void)state;
    run("nested_main", NULL);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "fatal error: gort_main called from a goroutine");
    run("fd_badmode", NULL);
    CHECK_CHILD_STATUS(&res, 2);
    CHECK_CHILD_OUT(&res, "fatal error: gort_fd_wait: bad mode");
}

/* main's return ends the program even though goroutines still run. */
static void test_main_return_ends_program(void **state) {
    (void)state;
    run("main_returns", NULL);
    CHECK_CHILD_STATUS(&res, 0);
    CHECK_CHILD_OUT(&res, "main goid=1 returns\n");
    CHECK_CHILD_OUT(&res, "gort_main returned 0\n");
    run("exit", NULL);
    CHECK_CHILD_STATUS(&res, 3);
}

static void test_schedtrace(void **state) {
    (void)state;
    const char *env[] = {"GODEBUG=schedtrace=10", NULL};
    run("schedtrace", env);
    CHECK_CHILD_STATUS(&res, 0);
    regex_t re;
    assert_int_equal(
        regcomp(&re,
                "SCHED [0-9]+ms: gomaxprocs=2 idleprocs=[0-9]+ threads=[0-9]+ "
                "spinningthreads=[0-9]+ idlethreads=[0-9]+ runqueue=[0-9]+ "
                "\\[[0-9]+ [0-9]+\\]\n",
                REG_EXTENDED),
        0);
    bool matched = regexec(&re, res.out, 0, NULL, 0) == 0;
    regfree(&re);
    if (!matched)
        tl_child_fail(__FILE__, __LINE__, &res, "no SCHED line in Go's format");
    if (tl_count(res.out, "SCHED ") < 3)
        tl_child_fail(__FILE__, __LINE__, &res, "want a SCHED line every 10 ms");

    const char *detail[] = {"GODEBUG=schedtrace=10,scheddetail=1", NULL};
    run("schedtrace", detail);
    CHECK_CHILD_STATUS(&res, 0);
    CHECK_CHILD_OUT(&res, " gcwaiting=");
    CHECK_CHILD_OUT(&res, "  P0: status=");
    CHECK_CHILD_OUT(&res, "  P1: status=");
    CHECK_CHILD_OUT(&res, "  M0: p=");
    CHECK_CHILD_OUT(&res, "  G1: status=");
}

int main(int argc, char **argv) {
    tl_child_main(argc, argv, scenarios, RT_ARRAY_LEN(scenarios));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deadlock),
        cmocka_unit_test(test_deadlock_two),
        cmocka_unit_test(test_deadlock_gotraceback_none),
        cmocka_unit_test(test_not_deadlocks),
        cmocka_unit_test(test_goexit_deadlock),
        cmocka_unit_test(test_stack_overflow),
        cmocka_unit_test(test_sigquit_dump),
        cmocka_unit_test(test_go_nil),
        cmocka_unit_test(test_foreign_thread),
        cmocka_unit_test(test_bad_stack_size),
        cmocka_unit_test(test_bad_gomaxprocs),
        cmocka_unit_test(test_misc_misuse),
        cmocka_unit_test(test_main_return_ends_program),
        cmocka_unit_test(test_schedtrace),
    };
    return cmocka_run_group_tests_name("fatal", tests, NULL, NULL);
}
