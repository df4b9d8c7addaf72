/*
 * test_signal.c — signal chaining with a host program's handlers, the
 * preemption signal's choice, and faults that must be fatal errors
 * (signal.c, docs/embedding.md "Signals and chaining").
 *
 * Every scenario runs in a child process (`--child NAME`, testlib.h)
 * so that it starts with the default dispositions, installs its "host"
 * handlers, and then starts the runtime; the parent checks what the child
 * printed and its exit status.
 *
 * GORT_TEST_CONCURRENCY: the preemption scenarios race a spinning
 * goroutine against the collector's signal suspension; TSan checks them.
 * GORT_TEST_ASAN_TOO: the fault scenarios matter under ASan+UBSan too.
 */
#include "testlib.h"

#include <pthread.h>

/* ---------------------------------------------------------------------- */
/* A host with handlers of its own                                         */
/* ---------------------------------------------------------------------- */

/* Addresses the compiler cannot see through: 16 (a wild fault for the
 * host, the nil page for the runtime) and 8. */
static int *volatile bad16 = (int *)16;
static int *volatile bad8 = (int *)8;

static volatile sig_atomic_t host_urg, host_quit, host_segv, host_usr2;
static sigjmp_buf host_jb;

static void on_urg(int sig) { (void)sig; host_urg++; }
static void on_quit(int sig) { (void)sig; host_quit++; }
static void on_usr2(int sig) { (void)sig; host_usr2++; }
static void on_segv(int sig, siginfo_t *si, void *uc) {
    (void)sig;
    (void)si;
    (void)uc;
    host_segv++;
    siglongjmp(host_jb, 1);
}

static void host_install(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_urg;
    sigaction(SIGURG, &sa, NULL);
    sa.sa_handler = on_quit;
    sigaction(SIGQUIT, &sa, NULL);
    sa.sa_handler = on_usr2;
    sigaction(SIGUSR2, &sa, NULL);
    sa.sa_flags = SA_SIGINFO;
    sa.sa_sigaction = on_segv;
    sigaction(SIGSEGV, &sa, NULL);
}

/* A fault on a thread that is not a goroutine; the host recovers. */
static RT_NOINLINE void host_fault(void) {
    if (sigsetjmp(host_jb, 1) == 0) {
        *bad16 = 1;
        printf("unreachable\n");
    }
}

static void *host_thread(void *arg) {
    (void)arg;
    host_fault();
    return NULL;
}

static void run_host_thread(void) {
    pthread_t t;
    pthread_create(&t, NULL, host_thread, NULL);
    pthread_join(t, NULL);
}

static int g_ran;
static void small_main(void *arg) {
    (void)arg;
    gort_chan *c = gort_chan_make(&gort_type_int64, 1);
    int64_t v = 7, w = 0;
    gort_chan_send(c, &v);
    gort_chan_recv(c, &w);
    g_ran = (int)w;
}

/* The host's handlers are still called for its own signals after the
 * runtime started: a fault on a host thread, SIGURG and SIGQUIT raised by
 * the host (SIGQUIT: the runtime does not even take it). */
static void c_host_handlers(void) {
    host_install();
    gort_call(small_main, NULL);
    run_host_thread();
    raise(SIGURG);
    raise(SIGQUIT);
    host_fault(); /* the calling thread itself: gort_call's, not an M */
    printf("ran=%d segv=%d urg=%d quit=%d\n", g_ran, (int)host_segv,
           (int)host_urg, (int)host_quit);
}

/* The same with gort_main, and the host thread running while goroutines
 * do. */
static void host_main(void *arg) {
    (void)arg;
    small_main(NULL);
    gort_syscall_enter();
    run_host_thread();
    gort_syscall_exit();
}
static void c_host_handlers_main(void) {
    host_install();
    gort_main(NULL, host_main, NULL);
    run_host_thread();
    raise(SIGURG);
    printf("ran=%d segv=%d urg=%d\n", g_ran, (int)host_segv, (int)host_urg);
}

/* ---------------------------------------------------------------------- */
/* Preemption signals versus the host's                                    */
/* ---------------------------------------------------------------------- */

static int spin_stop, spin_state;

static RT_NOINLINE void spinner(void *arg) {
    (void)arg;
    __atomic_store_n(&spin_state, 1, __ATOMIC_RELEASE);
    while (!__atomic_load_n(&spin_stop, __ATOMIC_ACQUIRE))
        if (gort_preempt_pending()) gort_safepoint();
    __atomic_store_n(&spin_state, 2, __ATOMIC_RELEASE);
}

static void *raiser(void *arg) {
    int sig = *(int *)arg;
    for (int i = 0; i < 5; i++) raise(sig);
    return NULL;
}

/* Collects while a goroutine spins in C on another P, until a running
 * goroutine was scanned by signal suspension, while a host thread raises
 * `hostsig` five times.  Prints the counts. */
static void preempt_run(int hostsig) {
    gort_go(spinner, NULL);
    while (__atomic_load_n(&spin_state, __ATOMIC_ACQUIRE) != 1)
        gort_sleep(GORT_MILLISECOND);
    uint64_t before = ald(&rt_gcSignalScans);
    pthread_t t;
    pthread_create(&t, NULL, raiser, &hostsig);
    for (int i = 0; i < 200 && ald(&rt_gcSignalScans) == before; i++) {
        gort_gc();
        for (int k = 0; k < 2000; k++) gort_new(&gort_type_int64);
    }
    gort_syscall_enter();
    pthread_join(t, NULL);
    gort_syscall_exit();
    __atomic_store_n(&spin_stop, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&spin_state, __ATOMIC_ACQUIRE) != 2)
        gort_sleep(GORT_MILLISECOND);
    bool scanned = ald(&rt_gcSignalScans) > before;
#if GORT_SANITIZE_THREAD /* TSan may hold signals back: then it yields */
    scanned = true;
#endif
    printf("preemptsig=%d scanned=%d urg=%d usr2=%d\n", rt_preemptsig(),
           scanned, (int)host_urg, (int)host_usr2);
}

static void urg_main(void *arg) {
    (void)arg;
    preempt_run(SIGURG);
}
static void c_host_sigurg(void) {
    host_install();
    gort_config cfg = {.gomaxprocs = 2};
    gort_main(&cfg, urg_main, NULL);
}

/* GORT_PREEMPT_SIGNAL=SIGUSR2 in the environment: the runtime suspends
 * with SIGUSR2 and never touches SIGURG, which stays the host's. */
static void usr2_main(void *arg) {
    (void)arg;
    struct sigaction sa;
    sigaction(SIGURG, NULL, &sa);
    printf("sigurg-is-host=%d\n", sa.sa_handler == on_urg);
    preempt_run(SIGUSR2);
}
static void c_preempt_env(void) {
    host_install();
    gort_config cfg = {.gomaxprocs = 2};
    gort_main(&cfg, usr2_main, NULL);
}

/* gort_config: SIGSEGV left alone, and no preemption signal at all. */
static void leave_main(void *arg) {
    (void)arg;
    struct sigaction sa;
    sigaction(SIGSEGV, NULL, &sa);
    printf("segv-is-host=%d preemptsig=%d urg-handled=%d\n",
           sa.sa_sigaction == on_segv, rt_preemptsig(),
           rt_sighandling(SIGURG));
}
static void c_config_leave(void) {
    host_install();
    gort_config cfg = {.signals_leave = GORT_SIGBIT(SIGSEGV),
                       .preempt_signal = -1};
    gort_main(&cfg, leave_main, NULL);
}

/* ---------------------------------------------------------------------- */
/* Faults that are fatal errors                                            */
/* ---------------------------------------------------------------------- */

/* The element copy faults under c->lock. */
static void chanfault_main(void *arg) {
    (void)arg;
    gort_chan *c = gort_chan_make(&gort_type_int64, 1);
    gort_chan_send(c, (void *)16);
    printf("unreachable\n");
}
static void c_chanfault(void) { gort_main(NULL, chanfault_main, NULL); }

/* A key hash that faults for key 3 once armed: growth rehashes key 3
 * inside the write (MAP_HASHWRITING set). */
static int hash_armed;
static uint64_t khash(const void *p, uint64_t seed) {
    int64_t k = *(const int64_t *)p;
    if (__atomic_load_n(&hash_armed, __ATOMIC_RELAXED) && k == 3)
        return (uint64_t)*bad16;
    return gort_hash_bytes(p, sizeof k, seed);
}
static bool keq(const void *a, const void *b) {
    return *(const int64_t *)a == *(const int64_t *)b;
}
static const gort_type key_type = {
    .size = 8, .align = 8, .name = "main.key", .kind = GORT_KIND_STRUCT,
    .hash = khash, .equal = keq};

static void maphash_main(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&key_type, &gort_type_int64, 0);
    for (int64_t k = 0; k < 8; k++) *(int64_t *)gort_map_assign(m, &k) = k;
    __atomic_store_n(&hash_armed, 1, __ATOMIC_RELAXED);
    for (int64_t k = 8; k < 64; k++) *(int64_t *)gort_map_assign(m, &k) = k;
    printf("unreachable\n");
}
static void c_maphash(void) { gort_main(NULL, maphash_main, NULL); }

/* Still a recoverable panic: a nil dereference in goroutine code, with a
 * host SIGSEGV handler installed (the runtime claims the nil page). */
static void nilderef_main(void *arg) {
    (void)arg;
    *bad8 = 1;
}
static void c_nilderef(void) {
    host_install();
    gort_main(NULL, nilderef_main, NULL);
}

static void syscall2_main(void *arg) {
    (void)arg;
    gort_syscall_enter();
    gort_syscall_enter();
}
static void c_syscall2(void) { gort_main(NULL, syscall2_main, NULL); }

static void syscallexit_main(void *arg) {
    (void)arg;
    gort_syscall_exit();
}
static void c_syscallexit(void) { gort_main(NULL, syscallexit_main, NULL); }

/* gort_set_vm_hooks racing the collector: a spinning goroutine swaps
 * between two hook tables, each with its own context, while cycles run;
 * a scan must never see one table with the other's context. */
static int hk_mismatch, hk_scans, hk_stop, hk_done;
static int ctxa, ctxb;
static void scan_a(void *ctx, void (*mark)(void *, void *), void *gcw) {
    (void)mark, (void)gcw;
    __atomic_add_fetch(ctx == &ctxa ? &hk_scans : &hk_mismatch, 1,
                       __ATOMIC_RELAXED);
}
static void scan_b(void *ctx, void (*mark)(void *, void *), void *gcw) {
    (void)mark, (void)gcw;
    __atomic_add_fetch(ctx == &ctxb ? &hk_scans : &hk_mismatch, 1,
                       __ATOMIC_RELAXED);
}
static const gort_vm_hooks hooks_a = {.scan = scan_a};
static const gort_vm_hooks hooks_b = {.scan = scan_b};

static void hook_swapper(void *arg) {
    (void)arg;
    for (unsigned i = 0; !__atomic_load_n(&hk_stop, __ATOMIC_ACQUIRE); i++) {
        if (i & 1)
            gort_set_vm_hooks(&hooks_a, &ctxa);
        else
            gort_set_vm_hooks(&hooks_b, &ctxb);
        if (gort_preempt_pending()) gort_safepoint();
    }
    gort_set_vm_hooks(NULL, NULL);
    __atomic_store_n(&hk_done, 1, __ATOMIC_RELEASE);
}

static void vmhooks_main(void *arg) {
    (void)arg;
    gort_go(hook_swapper, NULL);
    for (int i = 0; i < 30; i++) {
        gort_gc();
        for (int k = 0; k < 2000; k++) gort_new(&gort_type_int64);
    }
    __atomic_store_n(&hk_stop, 1, __ATOMIC_RELEASE);
    while (!__atomic_load_n(&hk_done, __ATOMIC_ACQUIRE))
        gort_sleep(GORT_MILLISECOND);
    printf("vmhooks mismatch=%d scanned=%d\n", hk_mismatch, hk_scans > 0);
}
static void c_vmhooks(void) {
    gort_config cfg = {.gomaxprocs = 2};
    gort_main(&cfg, vmhooks_main, NULL);
}

static const tl_scenario scenarios[] = {
    {"vmhooks", .raw = c_vmhooks},
    {"host_handlers", .raw = c_host_handlers},
    {"host_handlers_main", .raw = c_host_handlers_main},
    {"host_sigurg", .raw = c_host_sigurg},
    {"preempt_env", .raw = c_preempt_env},
    {"config_leave", .raw = c_config_leave},
    {"chanfault", .raw = c_chanfault},
    {"maphash", .raw = c_maphash},
    {"nilderef", .raw = c_nilderef},
    {"syscall2", .raw = c_syscall2},
    {"syscallexit", .raw = c_syscallexit},
};

/* ---------------------------------------------------------------------- */
/* Parent side                                                             */
/* ---------------------------------------------------------------------- */

static tl_child_result res;

static void expect(const char *name, const char *const *env, int status,
                   const char *want) {
    tl_child(name, env, NULL, &res);
    if (res.status != status || !strstr(res.out, want)) {
        fprintf(stderr, "---- %s: status %d, output ----\n%s----\n", name,
                res.status, res.out);
        fail_msg("%s: want status %d and \"%s\"", name, status, want);
    }
}

static void test_host_handlers(void **state) {
    (void)state;
    expect("host_handlers", NULL, 0, "ran=7 segv=2 urg=1 quit=1\n");
    expect("host_handlers_main", NULL, 0, "ran=7 segv=2 urg=1\n");
}

static void test_host_sigurg_while_preempting(void **state) {
    (void)state;
    char want[96];
    snprintf(want, sizeof want, "preemptsig=%d scanned=1 urg=5 usr2=0\n",
             SIGURG);
    expect("host_sigurg", NULL, 0, want);
}

static void test_preempt_signal_chosen(void **state) {
    (void)state;
    const char *env[] = {"GORT_PREEMPT_SIGNAL=SIGUSR2", NULL};
    char want[96];
    snprintf(want, sizeof want,
             "sigurg-is-host=1\npreemptsig=%d scanned=1 urg=0 usr2=5\n",
             SIGUSR2);
    expect("preempt_env", env, 0, want);
    const char *bad[] = {"GORT_PREEMPT_SIGNAL=SIGNOPE", NULL};
    expect("preempt_env", bad, 2,
           "fatal error: GORT_PREEMPT_SIGNAL=SIGNOPE: not a signal");
}

static void test_config_leave(void **state) {
    (void)state;
    expect("config_leave", NULL, 0,
           "segv-is-host=1 preemptsig=0 urg-handled=0\n");
}

static void test_fault_under_chan_lock(void **state) {
    (void)state;
    expect("chanfault", NULL, 2,
           "fatal error: unexpected signal during runtime execution\n"
           "[signal SIGSEGV: segmentation violation code=0x1 addr=0x10 pc=");
    assert_null(strstr(res.out, "unreachable"));
    assert_non_null(strstr(res.out, "goroutine 1 [running]:"));
}

static void test_fault_in_map_hash(void **state) {
    (void)state;
    expect("maphash", NULL, 2,
           "fatal error: unexpected signal during runtime execution\n"
           "[signal SIGSEGV: segmentation violation code=0x1 addr=0x10 pc=");
}

static void test_nil_deref_still_panics(void **state) {
    (void)state;
    expect("nilderef", NULL, 2,
           "panic: runtime error: invalid memory address or nil pointer "
           "dereference\n[signal SIGSEGV: segmentation violation");
}

static void test_syscall_misuse(void **state) {
    (void)state;
    expect("syscall2", NULL, 2,
           "fatal error: gort_syscall_enter called twice (without "
           "gort_syscall_exit in between)\n");
    expect("syscallexit", NULL, 2,
           "fatal error: gort_syscall_exit called without "
           "gort_syscall_enter\n");
}

static void test_vm_hooks_published_whole(void **state) {
    (void)state;
    expect("vmhooks", NULL, 0, "vmhooks mismatch=0 scanned=1\n");
}

int main(int argc, char **argv) {
    tl_child_main(argc, argv, scenarios, RT_ARRAY_LEN(scenarios));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_host_handlers),
        cmocka_unit_test(test_host_sigurg_while_preempting),
        cmocka_unit_test(test_preempt_signal_chosen),
        cmocka_unit_test(test_config_leave),
        cmocka_unit_test(test_fault_under_chan_lock),
        cmocka_unit_test(test_fault_in_map_hash),
        cmocka_unit_test(test_nil_deref_still_panics),
        cmocka_unit_test(test_syscall_misuse),
        cmocka_unit_test(test_vm_hooks_published_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
