/*
 * test_stw.c — a stop-the-world reaches every kind of thread: goroutines
 * spinning in C are held in place (preempt.c), goroutines inside runtime
 * code or holding a runtime lock are let run to their next safe point,
 * attached foreign threads are roots and are stopped too; the deadlock
 * detector counts attached threads and hosts that call in; goroutines get
 * their own stack sizes; the per-goroutine preemption flag.
 *
 * The whole binary runs with GODEBUG=gccheckmark=1 (set in main before
 * the runtime starts): every cycle's marking is verified.
 *
 * ThreadSanitizer delivers an asynchronous signal only when the thread
 * next calls an intercepted function, from inside it, where the runtime
 * cannot tell whether runtime code is on the way (preempt.c): it never
 * holds a goroutine then.  So under TSan the goroutine spinners reach a
 * safe point (gspinpoint) and the attached thread's loop calls an
 * intercepted function (spinpoint); everywhere else they are pure C and
 * never enter the runtime, and the tests check that they were held.
 *
 * GORT_TEST_CONCURRENCY GORT_TEST_ASAN_TOO: runs under ThreadSanitizer and AddressSanitizer.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testlib.h"

#define BOUND (10 * GORT_SECOND)

/* A point in a spin loop where ThreadSanitizer can deliver signals; no
 * runtime call, nothing at all in other builds. */
#if GORT_SANITIZE_THREAD
static volatile char spinbuf[8] = "spin";
static inline void spinpoint(void) { (void)strlen((const char *)spinbuf); }
#else
static inline void spinpoint(void) {}
#endif

/* The same in a goroutine's loop: under TSan, a safe point. */
static inline void gspinpoint(void) {
#if GORT_SANITIZE_THREAD
    gort_safepoint();
#endif
}

/* Whether a goroutine spinning in pure C gets held in place. */
#if GORT_SANITIZE_THREAD
#define HOLDS_GOROUTINES 0
#else
#define HOLDS_GOROUTINES 1
#endif

/* ---------------------------------------------------------------------- */
/* gort_gc beside a goroutine spinning in C for ever                       */
/* ---------------------------------------------------------------------- */

typedef struct node {
    struct node *next;
    uint64_t val;
} node;
static const uint8_t node_mask[] = {0x1};
static const gort_type node_type = {.size = sizeof(node),
                                    .align = 8,
                                    .ptrwords = 1,
                                    .ptrmask = node_mask,
                                    .name = "test.node",
                                    .kind = GORT_KIND_STRUCT};

enum { RING = 64 };
static int spin_stop, spin_started, spin_bad;
static uint64_t spin_rounds;

/* Builds a ring of RING nodes reachable only from this frame, then
 * rotates it for ever with barriered stores (gort_store_ptr is inline:
 * with the barrier off it is a plain store, no runtime call), checking
 * that no node was freed under it. */
static void ring_spinner(void *arg) {
    (void)arg;
    node *head = NULL;
    for (int i = 0; i < RING; i++) {
        node *n = gort_new(&node_type);
        n->val = (uint64_t)i * 7919;
        gort_store_ptr((void **)&n->next, head);
        head = n;
    }
    node *tail = head;
    while (tail->next) tail = tail->next;
    gort_store_ptr((void **)&tail->next, head); /* close the ring */
    tl_inc(&spin_started);
    uint64_t rounds = 0;
    while (!tl_load(&spin_stop)) {
        /* Move head's successor to after the next node: two stores. */
        node *a = head->next, *b = a->next;
        gort_store_ptr((void **)&head->next, b);
        gort_store_ptr((void **)&a->next, b->next);
        gort_store_ptr((void **)&b->next, a);
        head = b;
        uint64_t sum = 0;
        node *p = head;
        for (int i = 0; i < RING; i++, p = p->next) sum += p->val;
        if (sum != 7919ull * RING * (RING - 1) / 2) tl_store(&spin_bad, 1);
        rounds++;
        gspinpoint();
    }
    tl_store(&spin_rounds, rounds);
    tl_add(&spin_started, -1);
}

/* Allocates garbage so that a freed node would be reused and changed. */
static void churn(void) {
    for (int i = 0; i < 20000; i++) {
        node *n = gort_new(&node_type);
        n->val = 0xdeadbeef;
    }
}

static void test_gc_beside_spinner(void *arg) {
    (void)arg;
    tl_store(&spin_stop, 0);
    tl_store(&spin_bad, 0);
    gort_go(ring_spinner, NULL);
    CHECK(tl_wait_ge(&spin_started, 1, BOUND));
    uint64_t holds0 = ald(&rt_stwHolds);
    for (int i = 0; i < 5; i++) {
        churn();
        gort_gc(); /* returns: the spinner is held for each pause */
    }
    tl_store(&spin_stop, 1);
    CHECK(tl_wait_ge(&spin_started, 0, BOUND));
    int64_t end = gort_nanotime() + BOUND;
    while (tl_load(&spin_started) > 0 && gort_nanotime() < end)
        gort_sleep(GORT_MILLISECOND);
    CHECK_EQ(tl_load(&spin_started), 0);
    CHECK_EQ(tl_load(&spin_bad), 0);
    CHECK(tl_load(&spin_rounds) > 0);
    printf("%llu holds, %llu spinner rounds\n",
           (unsigned long long)(ald(&rt_stwHolds) - holds0),
           (unsigned long long)tl_load(&spin_rounds));
    if (HOLDS_GOROUTINES) CHECK(ald(&rt_stwHolds) > holds0);
}

/* A held goroutine is not running: status Gheld while the world is
 * stopped (exit handlers, dumps and the deadlock detector see it stopped),
 * Grunning again once it starts; a dump shows its frames. */
static G *held_g; /* atomic */
static int held_stop, held_started;

static void plain_spinner(void *arg) {
    (void)arg;
    __atomic_store_n(&held_g, rt_getg(), __ATOMIC_SEQ_CST);
    tl_inc(&held_started);
    volatile uint64_t x = 0;
    while (!tl_load(&held_stop)) {
        x = x * 6364136223846793005ull + 1;
        gspinpoint();
    }
    tl_add(&held_started, -1);
}

static void test_held_status(void *arg) {
    (void)arg;
    tl_store(&held_stop, 0);
    gort_go(plain_spinner, NULL);
    CHECK(tl_wait_ge(&held_started, 1, BOUND));
    G *gp = __atomic_load_n(&held_g, __ATOMIC_SEQ_CST);
    for (int i = 0; i < 3; i++) {
        uint64_t holds0 = ald(&rt_stwHolds);
        rt_stopTheWorld("test held status");
        uint32_t s = ald(&gp->status);
        bool held = ald(&rt_stwHolds) > holds0;
        if (held && i == 0) rt_traceback_g(gp, false); /* its frames */
        rt_startTheWorld();
        if (HOLDS_GOROUTINES && gort_gomaxprocs(0) > 1) {
            CHECK(held);
            CHECK_EQ(s, (uint32_t)Gheld);
        } else if (!held) {
            CHECK(s != (uint32_t)Gheld);
        }
        CHECK(ald(&gp->status) != (uint32_t)Gheld);
    }
    tl_store(&held_stop, 1);
    int64_t end = gort_nanotime() + BOUND;
    while (tl_load(&held_started) > 0 && gort_nanotime() < end)
        gort_sleep(GORT_MILLISECOND);
    CHECK_EQ(tl_load(&held_started), 0);
}

/* ---------------------------------------------------------------------- */
/* Spinning while holding libc locks                                       */
/* ---------------------------------------------------------------------- */

static int libc_stop, libc_started;

static void malloc_spinner(void *arg) {
    (void)arg;
    tl_inc(&libc_started);
    while (!tl_load(&libc_stop)) {
        void *p[8];
        for (int i = 0; i < 8; i++) p[i] = malloc(16 + 48 * (size_t)i);
        for (int i = 0; i < 8; i++) free(p[i]);
        gspinpoint();
    }
    tl_add(&libc_started, -1);
}

static void stdio_spinner(void *arg) {
    (void)arg;
    FILE *f = fopen("/dev/null", "w");
    tl_inc(&libc_started);
    while (!tl_load(&libc_stop)) {
        flockfile(f); /* held by a thread that a pause may hold */
        for (int i = 0; i < 16; i++) putc_unlocked('x', f);
        funlockfile(f);
        flockfile(stderr);
        funlockfile(stderr);
        gspinpoint();
    }
    fclose(f);
    tl_add(&libc_started, -1);
}

static void test_gc_beside_libc_locks(void *arg) {
    (void)arg;
    gort_gomaxprocs(3); /* two spinners never yield: keep a P for us */
    tl_store(&libc_stop, 0);
    gort_go(malloc_spinner, NULL);
    gort_go(stdio_spinner, NULL);
    CHECK(tl_wait_ge(&libc_started, 2, BOUND));
    for (int i = 0; i < 10; i++) {
        churn();
        gort_gc();
        gort_memstats ms;
        gort_read_memstats(&ms); /* another pause */
    }
    tl_store(&libc_stop, 1);
    int64_t end = gort_nanotime() + BOUND;
    while (tl_load(&libc_started) > 0 && gort_nanotime() < end)
        gort_sleep(GORT_MILLISECOND);
    CHECK_EQ(tl_load(&libc_started), 0);
}

/* ---------------------------------------------------------------------- */
/* Runtime code and runtime locks run on to a safe point                   */
/* ---------------------------------------------------------------------- */

static int rt_inside, rt_stop, rt_started;
static rt_mutex testlock;
static int lock_held;

/* Alternates long runs inside a runtime function with pure C spinning. */
static void runtime_spinner(void *arg) {
    (void)arg;
    tl_inc(&rt_started);
    while (!tl_load(&rt_stop)) {
        rt_test_inruntime(&rt_inside, 30 * GORT_MILLISECOND);
        tl_spin(GORT_MILLISECOND);
        gspinpoint();
    }
    tl_add(&rt_started, -1);
}

/* Alternates holding a runtime lock while spinning in C and not. */
static void lock_spinner(void *arg) {
    (void)arg;
    tl_inc(&rt_started);
    while (!tl_load(&rt_stop)) {
        rt_lock(&testlock);
        tl_store(&lock_held, 1);
        int64_t end = rt_nanotime() + 30 * GORT_MILLISECOND;
        while (rt_nanotime() < end) spinpoint(); /* no safe point: a lock is held */
        tl_store(&lock_held, 0);
        rt_unlock(&testlock);
        tl_spin(GORT_MILLISECOND);
        gspinpoint();
    }
    tl_add(&rt_started, -1);
}

/* rt_test_inruntime spins on rt_nanotime: most of its time is spent in
 * clock_gettime, libc and vDSO code called from the runtime, which must
 * not be mistaken for the goroutine's own C code. */
static void test_runtime_code_finishes(void *arg) {
    (void)arg;
    gort_gomaxprocs(3); /* two spinners never yield: keep a P for us */
    tl_store(&rt_stop, 0);
    gort_go(runtime_spinner, NULL);
    gort_go(lock_spinner, NULL);
    CHECK(tl_wait_ge(&rt_started, 2, BOUND));
    int sawinside = 0, sawlocked = 0, bad = 0;
    for (int i = 0; i < 20; i++) {
        /* Stop while they are (probably) in the middle of it. */
        while (!tl_load(&rt_inside) && !tl_load(&lock_held))
            gort_sleep(100 * GORT_MICROSECOND);
        sawinside += tl_load(&rt_inside);
        sawlocked += tl_load(&lock_held);
        rt_stopTheWorld("test: runtime code");
        /* The world is stopped: neither is inside any more, and they stay
         * out (held in their pure C part) until it starts. */
        int inside = tl_load(&rt_inside), locked = tl_load(&lock_held);
        tl_spin(GORT_MILLISECOND);
        int inside2 = tl_load(&rt_inside), locked2 = tl_load(&lock_held);
        rt_startTheWorld();
        bad += inside + locked + inside2 + locked2;
    }
    tl_store(&rt_stop, 1);
    int64_t end = gort_nanotime() + BOUND;
    while (tl_load(&rt_started) > 0 && gort_nanotime() < end)
        gort_sleep(GORT_MILLISECOND);
    CHECK_EQ(tl_load(&rt_started), 0);
    CHECK_EQ(bad, 0);
    printf("stopped while inside %d times, while locked %d times\n", sawinside,
           sawlocked);
    CHECK(sawinside + sawlocked > 0);
}

/* ---------------------------------------------------------------------- */
/* Attached foreign threads                                                */
/* ---------------------------------------------------------------------- */

static int fin_ran;
static void fin(void *obj) {
    (void)obj;
    tl_inc(&fin_ran);
}

static int att_phase; /* 1 attached and holding, 2 cycles done, 3 gone */
static int att_ok;

/* Holds the only reference to a new object in a local while spinning in C
 * through the cycles; checks it afterwards. */
static void *attached_thread(void *arg) {
    (void)arg;
    gort_thread_attach();
    node *volatile obj = gort_new(&node_type);
    obj->val = 0x5eed;
    gort_set_finalizer((void *)obj, fin);
    tl_store(&att_phase, 1);
    while (tl_load(&att_phase) == 1) spinpoint();
    tl_store(&att_ok, obj->val == 0x5eed);
    gort_thread_detach();
    tl_store(&att_phase, 3);
    return NULL;
}

static void test_attached_thread_roots(void *arg) {
    (void)arg;
    tl_store(&att_phase, 0);
    tl_store(&fin_ran, 0);
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, attached_thread, NULL), 0);
    CHECK(tl_wait_ge(&att_phase, 1, BOUND));
    uint64_t holds0 = ald(&rt_stwHolds);
    for (int i = 0; i < 4; i++) {
        churn();
        gort_gc();
    }
    gort_sleep(10 * GORT_MILLISECOND); /* a finalizer would have run */
    CHECK(ald(&rt_stwHolds) > holds0);
    CHECK_EQ(tl_load(&fin_ran), 0);
    tl_store(&att_phase, 2);
    CHECK(tl_wait_ge(&att_phase, 3, BOUND));
    gort_syscall_enter();
    pthread_join(t, NULL);
    gort_syscall_exit();
    CHECK_EQ(tl_load(&att_ok), 1);
    /* Detached and gone: the thread is no longer visited by pauses (it no
     * longer exists to be signalled). */
    for (int i = 0; i < 3; i++) gort_gc();
    rt_lock(&rt_sched.lock);
    int n = rt_sched.nattached;
    rt_unlock(&rt_sched.lock);
    CHECK_EQ(n, 0);
}

/* An attached thread waiting inside gort_call (parked) keeps its roots. */
static node *volatile parked_obj_seen;
static void call_body(void *arg) {
    node *obj = arg;
    for (int i = 0; i < 3; i++) {
        churn();
        gort_gc();
    }
    parked_obj_seen = obj;
}

static void *attached_caller(void *arg) {
    (void)arg;
    gort_thread_attach();
    gort_thread_detach(); /* and again: detach, re-attach */
    gort_thread_attach();
    node *volatile obj = gort_new(&node_type);
    obj->val = 0xca11;
    gort_call(call_body, (void *)obj);
    tl_store(&att_ok, obj->val == 0xca11 && parked_obj_seen == obj);
    gort_thread_detach();
    return NULL;
}

static void test_attached_parked(void **state) {
    (void)state;
    tl_store(&att_ok, 0);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, attached_caller, NULL), 0);
    pthread_join(t, NULL);
    assert_int_equal(tl_load(&att_ok), 1);
}

/* ---------------------------------------------------------------------- */
/* Deadlock detection with host threads                                    */
/* ---------------------------------------------------------------------- */

static gort_chan *hostch;
static int host_attach, host_ready;

typedef struct hostarg {
    int v;
} hostarg;

static void host_send(void *arg) {
    int64_t v = ((hostarg *)arg)->v; /* gort_type_int is Go's int */
    gort_chan_send(hostch, &v);
}

/* A host pthread: waits a while, then sends through gort_call. */
static void *host_thread(void *arg) {
    if (host_attach) gort_thread_attach();
    tl_inc(&host_ready);
    usleep(50 * 1000);
    gort_call(host_send, arg);
    if (host_attach) gort_thread_detach();
    return NULL;
}

static hostarg hargs[3] = {{1}, {2}, {3}};

/* Main waits for `want` values that host threads send later. */
static void host_main(void *arg) {
    int want = (int)(intptr_t)arg;
    hostch = gort_chan_make(&gort_type_int, 0);
    for (int i = 0; i < 3; i++) {
        pthread_t t;
        pthread_create(&t, NULL, host_thread, &hargs[i]);
        pthread_detach(t);
    }
    if (host_attach) /* attached before main blocks */
        while (tl_load(&host_ready) < 3) gort_sleep(GORT_MILLISECOND);
    int64_t sum = 0;
    for (int i = 0; i < want; i++) {
        int64_t v;
        gort_chan_recv(hostch, &v);
        sum += v;
    }
    printf("sum %lld\n", (long long)sum);
}

static void c_host_declared(void) {
    gort_config cfg = {.host_calls_in = true};
    gort_main(&cfg, host_main, (void *)(intptr_t)3);
}
static void c_host_attached(void) {
    host_attach = 1;
    gort_main(NULL, host_main, (void *)(intptr_t)3);
}
static void c_host_attached_deadlock(void) {
    host_attach = 1;
    gort_main(NULL, host_main, (void *)(intptr_t)4);
}
static void c_host_undeclared(void) {
    gort_main(NULL, host_main, (void *)(intptr_t)3);
}

static void expect_child(const char *name, int status, const char *text) {
    static tl_child_result res;
    tl_child(name, NULL, NULL, &res);
    if (res.status != status || !strstr(res.out, text))
        fail_msg("child %s: status %d, want %d with \"%s\"; output:\n%s", name,
                 res.status, status, text, res.out);
}

static void test_host_threads_deadlock(void **state) {
    (void)state;
    /* Declared or attached: no false deadlock. */
    expect_child("host_declared", 0, "sum 6");
    expect_child("host_attached", 0, "sum 6");
    /* Attached, but main waits for one more value than is ever sent: once
     * the last thread detaches, a real deadlock. */
    expect_child("host_attached_deadlock", 2,
                 "fatal error: all goroutines are asleep - deadlock!");
    /* Neither: the deadlock is reported as before (as Go without cgo). */
    expect_child("host_undeclared", 2,
                 "fatal error: all goroutines are asleep - deadlock!");
}

/* ---------------------------------------------------------------------- */
/* gort_go_stack                                                           */
/* ---------------------------------------------------------------------- */

static int st_done;
static size_t st_size[4];

static RT_NOINLINE int recurse(int n) {
    volatile char buf[256];
    buf[0] = (char)n;
    return n == 0 ? buf[0] : recurse(n - 1) + buf[0];
}

static void stack_user(void *arg) {
    int k = (int)(intptr_t)arg;
    G *gp = rt_getg();
    st_size[k] = gp->stack_hi - gp->stack_lo;
    recurse(20); /* ~6 KiB: fits the smallest stack */
    tl_inc(&st_done);
}

static void test_go_stack(void *arg) {
    (void)arg;
    size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    tl_store(&st_done, 0);
    gort_go_stack(stack_user, (void *)0, 20000);
    gort_go_stack(stack_user, (void *)1, 1);
    gort_go_stack(stack_user, (void *)2, 0);
    gort_go_stack(stack_user, (void *)3, 1 << 20);
    CHECK(tl_wait_ge(&st_done, 4, BOUND));
    CHECK_EQ(st_size[0], (20000 + pg - 1) / pg * pg);
    CHECK_EQ(st_size[1], GORT_STACK_MIN);
    CHECK_EQ(st_size[2], rt_sched.stacksize);
    CHECK_EQ(st_size[3], 1 << 20);
    CHECK_EQ(rt_roundstack((size_t)1 << 40), (size_t)1 << 30);
    /* Many rounds of small-stack goroutines: stacks are pooled and come
     * back with the size they were made with. */
    for (int round = 0; round < 50; round++) {
        tl_store(&st_done, 0);
        for (int i = 0; i < 3; i++) gort_go_stack(stack_user, (void *)(intptr_t)i, 24 << 10);
        gort_go(stack_user, (void *)3);
        CHECK(tl_wait_ge(&st_done, 4, BOUND));
        CHECK_EQ(st_size[0], 24 << 10);
        CHECK_EQ(st_size[3], rt_sched.stacksize);
    }
}

static void overflow(void *arg) {
    (void)arg;
    recurse(1 << 20);
}
static void small_main(void *arg) {
    (void)arg;
    gort_go_stack(overflow, NULL, 16 << 10);
    gort_sleep(5 * GORT_SECOND);
}
static void c_small_overflow(void) { gort_main(NULL, small_main, NULL); }

static void test_go_stack_overflow(void **state) {
    (void)state;
#if GORT_SANITIZE_ADDRESS
    skip(); /* ASan reports the overflow itself */
#else
    expect_child("small_overflow", 2,
                 "runtime: goroutine stack exceeds 16384-byte limit");
#endif
}

/* ---------------------------------------------------------------------- */
/* gort_preempt_flag                                                       */
/* ---------------------------------------------------------------------- */

static int pf_seen, pf_stop, pf_started, pf_moved;

/* Polls its flag as an interpreter would, with the pointer cached across
 * yields (which may move it to another M). */
static void flag_poller(void *arg) {
    (void)arg;
    const volatile uint32_t *flag = gort_preempt_flag();
    M *first = rt_getm();
    tl_inc(&pf_started);
    while (!tl_load(&pf_stop)) {
        if (__atomic_load_n(flag, __ATOMIC_RELAXED)) { /* atomic: TSan */
            tl_inc(&pf_seen);
            gort_safepoint();
            if (rt_getm() != first) tl_store(&pf_moved, 1);
            if (gort_preempt_flag() != flag) tl_store(&pf_moved, -1000);
        }
        gspinpoint();
    }
    tl_add(&pf_started, -1);
}

static void test_preempt_flag(void *arg) {
    (void)arg;
    tl_store(&pf_stop, 0);
    const volatile uint32_t *mine = gort_preempt_flag();
    CHECK(mine == (const volatile uint32_t *)&rt_getg()->preempt);
    gort_go(flag_poller, NULL);
    gort_go(flag_poller, NULL);
    gort_go(flag_poller, NULL);
    CHECK(tl_wait_ge(&pf_started, 3, BOUND));
    /* sysmon's 10 ms time slice sets it (three pollers, two Ps) and so
     * does a stop-the-world. */
    CHECK(tl_wait_ge(&pf_seen, 6, BOUND));
    gort_gc();
    tl_store(&pf_stop, 1);
    int64_t end = gort_nanotime() + BOUND;
    while (tl_load(&pf_started) > 0 && gort_nanotime() < end)
        gort_sleep(GORT_MILLISECOND);
    CHECK_EQ(tl_load(&pf_started), 0);
    CHECK(tl_load(&pf_moved) >= 0);
}

/* ---------------------------------------------------------------------- */

static const tl_scenario scenarios[] = {
    {"host_declared", NULL, c_host_declared},
    {"host_attached", NULL, c_host_attached},
    {"host_attached_deadlock", NULL, c_host_attached_deadlock},
    {"host_undeclared", NULL, c_host_undeclared},
    {"small_overflow", NULL, c_small_overflow},
};

int main(int argc, char **argv) {
    tl_child_main(argc, argv, scenarios, RT_ARRAY_LEN(scenarios));
    setenv("GODEBUG", "gccheckmark=1", 1);
    const struct CMUnitTest tests[] = {
        GO_TEST(test_gc_beside_spinner),
        GO_TEST(test_held_status),
        GO_TEST(test_gc_beside_libc_locks),
        GO_TEST(test_runtime_code_finishes),
        GO_TEST(test_attached_thread_roots),
        cmocka_unit_test(test_attached_parked),
        cmocka_unit_test(test_host_threads_deadlock),
        GO_TEST(test_go_stack),
        cmocka_unit_test(test_go_stack_overflow),
        GO_TEST(test_preempt_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
