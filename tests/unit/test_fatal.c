/*
 * test_fatal.c — ways a gort program ends: deadlock, stack overflow,
 * SIGQUIT, misuse of the API, bad configuration; and GODEBUG=schedtrace.
 *
 * Each scenario runs in a child process (`/proc/self/exe --child NAME`,
 * see sched_testutil.h); the parent checks the child's stderr and exit
 * status.  The parent never starts the runtime.  Expected texts are Go's
 * where Go has one ("fatal error: all goroutines are asleep - deadlock!",
 * "goroutine 1 [chan receive]:", "SIGQUIT: quit", the SCHED line).
 *
 * No concurrency marker: runs under ASan+UBSan.  Under ASan the stack
 * overflow scenarios are skipped: ASan's own SIGSEGV handling reports the
 * overflow before the runtime's handler runs.
 */
#include <fcntl.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sched_testutil.h"

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
static void c_deadlock(void) { gort_main(NULL, main_deadlock, NULL); }

static void main_deadlock_two(void *arg) {
    (void)arg;
    gort_go(park_forever, "select (no cases)");
    gort_sleep(GORT_MILLISECOND);
    rt_gopark(NULL, NULL, "chan receive");
}
static void c_deadlock_two(void) { gort_main(NULL, main_deadlock_two, NULL); }

static void c_deadlock_quiet(void) { gort_main(NULL, main_deadlock, NULL); }

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
static void c_timer_pending(void) { gort_main(NULL, main_timer_pending, NULL); }

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
static void c_in_syscall(void) { gort_main(NULL, main_in_syscall, NULL); }

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
static void c_fd_pending(void) { gort_main(NULL, main_fd_pending, NULL); }

static void main_goexit(void *arg) {
    (void)arg;
    gort_goexit();
}
static void c_goexit_deadlock(void) { gort_main(NULL, main_goexit, NULL); }

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
static void c_overflow(void) { gort_main(NULL, main_overflow, NULL); }
static void c_overflow_main(void) { gort_main(NULL, overflow, NULL); }

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
static void c_sigquit(void) { gort_main(NULL, main_sigquit, NULL); }

/* Misuse. */
static void main_go_nil(void *arg) {
    (void)arg;
    gort_go(NULL, NULL);
}
static void c_go_nil(void) { gort_main(NULL, main_go_nil, NULL); }

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
static void c_foreign_sleep(void) { gort_main(NULL, main_foreign_sleep, NULL); }

static void noop(void *arg) { (void)arg; }
static void c_go_before_start(void) { gort_go(noop, NULL); }

static void c_stack_cfg_huge(void) {
    gort_config cfg = {.stack_size = (size_t)1 << 40};
    gort_main(&cfg, noop, NULL);
}

static void c_stack_env(void) { gort_main(NULL, noop, NULL); }

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
static void c_nested_main(void) { gort_main(NULL, main_nested_main, NULL); }

static void main_fd_badmode(void *arg) {
    (void)arg;
    gort_fd_wait(0, (gort_fd_mode)'x', 0);
}
static void c_fd_badmode(void) { gort_main(NULL, main_fd_badmode, NULL); }

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
static void c_exit(void) { gort_main(NULL, main_exit, NULL); }

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

static const tu_scenario scenarios[] = {
    {"deadlock", c_deadlock},
    {"deadlock_two", c_deadlock_two},
    {"deadlock_quiet", c_deadlock_quiet},
    {"timer_pending", c_timer_pending},
    {"in_syscall", c_in_syscall},
    {"fd_pending", c_fd_pending},
    {"goexit_deadlock", c_goexit_deadlock},
    {"overflow", c_overflow},
    {"overflow_main", c_overflow_main},
    {"sigquit", c_sigquit},
    {"go_nil", c_go_nil},
    {"foreign_sleep", c_foreign_sleep},
    {"go_before_start", c_go_before_start},
    {"stack_cfg_huge", c_stack_cfg_huge},
    {"stack_env", c_stack_env},
    {"gomaxprocs_neg", c_gomaxprocs_neg},
    {"cfg_procs_neg", c_cfg_procs_neg},
    {"nested_main", c_nested_main},
    {"fd_badmode", c_fd_badmode},
    {"main_returns", c_main_returns},
    {"exit", c_exit},
    {"schedtrace", c_schedtrace},
};

/* ---------------------------------------------------------------------- */
/* Parent side                                                             */
/* ---------------------------------------------------------------------- */

static tu_result res;

/* Runs a child and prints its output if a check below fails. */
static void run(const char *name, const char *const *env) {
    tu_child(name, env, NULL, &res);
}

/* On a failed expectation, print the child's whole output (cmocka's own
 * message buffer is short), then fail. */
static void dump(void) {
    fprintf(stderr, "---- child output (%zu bytes, status %d) ----\n%s----\n",
            res.len, res.status, res.out);
}

#define EXPECT_STATUS(n)                                                       \
    do {                                                                       \
        if (res.status != (n)) {                                               \
            dump();                                                            \
            fail_msg("status %d, want %d", res.status, (n));                   \
        }                                                                      \
    } while (0)
#define EXPECT_OUT(s)                                                          \
    do {                                                                       \
        if (!strstr(res.out, (s))) {                                           \
            dump();                                                            \
            fail_msg("output lacks \"%s\"", (s));                              \
        }                                                                      \
    } while (0)
#define EXPECT_NOT_OUT(s)                                                      \
    do {                                                                       \
        if (strstr(res.out, (s))) {                                            \
            dump();                                                            \
            fail_msg("output has \"%s\"", (s));                                \
        }                                                                      \
    } while (0)

static void test_deadlock(void **state) {
    (void)state;
    run("deadlock", NULL);
    EXPECT_STATUS(2);
    EXPECT_OUT("fatal error: all goroutines are asleep - deadlock!\n");
    EXPECT_OUT("goroutine 1 [chan receive]:\n");
    EXPECT_OUT("main_deadlock(");
    EXPECT_NOT_OUT("unreachable");
}

static void test_deadlock_two(void **state) {
    (void)state;
    run("deadlock_two", NULL);
    EXPECT_STATUS(2);
    EXPECT_OUT("fatal error: all goroutines are asleep - deadlock!\n");
    EXPECT_OUT("goroutine 1 [chan receive]:\n");
    EXPECT_OUT("goroutine 2 [select (no cases)]:\n");
    EXPECT_OUT("created by main_deadlock_two\n"); /* Go 1.19: no "in goroutine" */
}

static void test_deadlock_gotraceback_none(void **state) {
    (void)state;
    const char *env[] = {"GOTRACEBACK=none", NULL};
    run("deadlock_quiet", env);
    EXPECT_STATUS(2);
    EXPECT_OUT("fatal error: all goroutines are asleep - deadlock!\n");
    EXPECT_NOT_OUT("goroutine 1 [");
}

/* A parked main with a pending timer, a goroutine in a syscall, or an fd
 * waiter is not a deadlock. */
static void test_not_deadlocks(void **state) {
    (void)state;
    run("timer_pending", NULL);
    EXPECT_STATUS(0);
    EXPECT_OUT("woken by a timer\n");
    run("in_syscall", NULL);
    EXPECT_STATUS(0);
    EXPECT_OUT("woken after a syscall\n");
    run("fd_pending", NULL);
    EXPECT_STATUS(0);
    EXPECT_OUT("woken by an fd\n");
}

static void test_goexit_deadlock(void **state) {
    (void)state;
    run("goexit_deadlock", NULL);
    EXPECT_STATUS(2);
    EXPECT_OUT("fatal error: no goroutines (main called ");
    EXPECT_OUT("deadlock!\n");
}

static void test_stack_overflow(void **state) {
    (void)state;
#if GORT_SANITIZE_ADDRESS
    skip();
#endif
    const char *env[] = {"GORT_STACK_SIZE", NULL};
    run("overflow", env);
    EXPECT_STATUS(2);
    EXPECT_OUT("runtime: goroutine stack exceeds 262144-byte limit\n");
    EXPECT_OUT("fatal error: stack overflow\n");
    EXPECT_OUT("goroutine 2 [running]:\n");
    const char *env64[] = {"GORT_STACK_SIZE=64KiB", NULL};
    run("overflow_main", env64);
    EXPECT_STATUS(2);
    EXPECT_OUT("runtime: goroutine stack exceeds 65536-byte limit\n");
    EXPECT_OUT("fatal error: stack overflow\n");
    EXPECT_OUT("goroutine 1 [running]:\n");
}

static void test_sigquit_dump(void **state) {
    (void)state;
    tu_child("sigquit", NULL, "ALL-ASLEEP\n", &res);
    EXPECT_STATUS(2);
    EXPECT_OUT("SIGQUIT: quit\n");
    EXPECT_OUT("goroutine 1 [sleep]:\n");
    for (int i = 2; i <= 4; i++) {
        char want[64];
        snprintf(want, sizeof want, "goroutine %d [sleep]:\n", i);
        EXPECT_OUT(want);
    }
    EXPECT_OUT("goroutine 5 ["); /* the reporter: may not be parked yet */
    /* Backtraces name the C functions each goroutine is parked in. */
    if (tu_count(res.out, "sleeper(") < 4) {
        dump();
        fail_msg("want 4 sleeper frames");
    }
    EXPECT_OUT("created by main_sigquit\n");
}

static void test_go_nil(void **state) {
    (void)state;
    run("go_nil", NULL);
    EXPECT_STATUS(2);
    EXPECT_OUT("fatal error: go of nil func value"); /* as Go */
    EXPECT_OUT("goroutine 1 [running]:\n");
}

static void test_foreign_thread(void **state) {
    (void)state;
    run("foreign_sleep", NULL);
    EXPECT_STATUS(2);
    EXPECT_OUT("fatal error: gort_sleep called from a thread that is not "
               "running a goroutine");
    EXPECT_NOT_OUT("unreachable");
    run("go_before_start", NULL);
    EXPECT_STATUS(2);
    EXPECT_OUT("fatal error: gort_go called before the runtime started");
}

static void test_bad_stack_size(void **state) {
    (void)state;
    const char *tiny[] = {"GORT_STACK_SIZE=1", NULL};
    run("stack_env", tiny);
    EXPECT_STATUS(2);
    EXPECT_OUT("fatal error: runtime: goroutine stack size 1 out of range "
               "[16 KiB, 1 GiB]");
    const char *junk[] = {"GORT_STACK_SIZE=banana", NULL};
    run("stack_env", junk);
    EXPECT_STATUS(2);
    EXPECT_OUT("fatal error: runtime: GORT_STACK_SIZE=banana: not a size");
    const char *huge[] = {"GORT_STACK_SIZE=2GiB", NULL};
    run("stack_env", huge);
    EXPECT_STATUS(2);
    EXPECT_OUT("out of range [16 KiB, 1 GiB]");
    run("stack_cfg_huge", NULL);
    EXPECT_STATUS(2);
    EXPECT_OUT("fatal error: runtime: goroutine stack size 1099511627776 out "
               "of range");
    const char *ok[] = {"GORT_STACK_SIZE=32k", NULL};
    run("stack_env", ok);
    EXPECT_STATUS(0);
}

static void test_bad_gomaxprocs(void **state) {
    (void)state;
    run("gomaxprocs_neg", NULL);
    EXPECT_STATUS(2);
    EXPECT_OUT("gort_gomaxprocs: negative count -1");
    run("cfg_procs_neg", NULL);
    EXPECT_STATUS(2);
    EXPECT_OUT("gort_main: negative gomaxprocs -3");
    /* A bad $GOMAXPROCS is ignored, as Go ignores it. */
    const char *env[] = {"GOMAXPROCS=lots", NULL};
    run("main_returns", env);
    EXPECT_STATUS(0);
}

static void test_misc_misuse(void **state) {
    (void)state;
    run("nested_main", NULL);
    EXPECT_STATUS(2);
    EXPECT_OUT("fatal error: gort_main called from a goroutine");
    run("fd_badmode", NULL);
    EXPECT_STATUS(2);
    EXPECT_OUT("fatal error: gort_fd_wait: bad mode");
}

/* main's return ends the program even though goroutines still run. */
static void test_main_return_ends_program(void **state) {
    (void)state;
    run("main_returns", NULL);
    EXPECT_STATUS(0);
    EXPECT_OUT("main goid=1 returns\n");
    EXPECT_OUT("gort_main returned 0\n");
    run("exit", NULL);
    EXPECT_STATUS(3);
}

static void test_schedtrace(void **state) {
    (void)state;
    const char *env[] = {"GODEBUG=schedtrace=10", NULL};
    run("schedtrace", env);
    EXPECT_STATUS(0);
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
    if (!matched) {
        dump();
        fail_msg("no SCHED line in Go's format");
    }
    if (tu_count(res.out, "SCHED ") < 3) {
        dump();
        fail_msg("want a SCHED line every 10 ms");
    }

    const char *detail[] = {"GODEBUG=schedtrace=10,scheddetail=1", NULL};
    run("schedtrace", detail);
    EXPECT_STATUS(0);
    EXPECT_OUT(" gcwaiting=");
    EXPECT_OUT("  P0: status=");
    EXPECT_OUT("  P1: status=");
    EXPECT_OUT("  M0: p=");
    EXPECT_OUT("  G1: status=");
}

int main(int argc, char **argv) {
    tu_child_main(argc, argv, scenarios, RT_ARRAY_LEN(scenarios));
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
