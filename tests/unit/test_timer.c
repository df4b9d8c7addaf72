/*
 * test_timer.c — gort_sleep and the per-P timer heaps.
 *
 * Sleepers wake in deadline order and never early; the 4-ary heap fires
 * runtime timers (rt_addtimer/rt_deltimer/rt_modtimer) in `when` order,
 * never fires a deleted one, re-arms periodic ones; and a timer moved
 * earlier from a thread outside the runtime interrupts the M that is
 * blocked in epoll_wait with the old, later deadline.
 *
 * No concurrency marker: this file runs under ASan+UBSan (the heap's index
 * arithmetic is what those catch); test_sched.c and test_netpoll.c cover
 * the races under TSan.
 */
#include "testlib.h"

#define BOUND (5 * GORT_SECOND)

/* ---------------------------------------------------------------------- */
/* gort_sleep                                                              */
/* ---------------------------------------------------------------------- */

enum { SL_N = 12, SL_ROUNDS = 5 };
#define SL_GAP (10 * GORT_MILLISECOND)
static int sl_order[SL_N];
static int sl_pos, sl_done, sl_early;
static int64_t sl_late_max, sl_base;

static void sl_sleeper(void *arg) {
    long rank = (long)arg;
    int64_t deadline = sl_base + rank * SL_GAP;
    gort_sleep(deadline - gort_nanotime());
    int64_t late = gort_nanotime() - deadline;
    if (late < 0) tl_inc(&sl_early);
    int64_t m = tl_load(&sl_late_max);
    while (late > m &&
           !__atomic_compare_exchange_n(&sl_late_max, &m, late, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
    }
    sl_order[tl_inc(&sl_pos) - 1] = (int)rank;
    tl_inc(&sl_done);
}

/*
 * Sleepers started in a scrambled order, with deadlines 10 ms apart, wake
 * in deadline order, and none before its deadline.
 *
 * Order is exact as long as each timer is checked before the next one is
 * due.  If this process is kept off the CPU for longer than about half
 * the gap (a busy host, sanitizers), several timers expire in the same
 * check and readying each into runnext runs the later one first, as in
 * Go: such a round says nothing about order and is retried.  A round
 * without such a stall must be in order.  Early wake-ups always fail.
 * (The heap's firing order itself is checked exactly, stall or not, by
 * test_timer_heap.)
 */
static void test_sleep_order_not_early(void *arg) {
    (void)arg;
    int conclusive = 0;
    for (int round = 0; round < SL_ROUNDS && !conclusive; round++) {
        tl_store(&sl_pos, 0);
        tl_store(&sl_done, 0);
        tl_store(&sl_late_max, 0);
        sl_base = gort_nanotime() + 20 * GORT_MILLISECOND;
        for (int i = 0; i < SL_N; i++)
            gort_go(sl_sleeper, (void *)(long)((i * 5) % SL_N));
        CHECK(tl_wait_ge(&sl_done, SL_N, BOUND));
        CHECK_EQ(tl_load(&sl_early), 0);
        int inversions = 0;
        for (int i = 0; i < SL_N; i++) inversions += sl_order[i] != i;
        int64_t late = tl_load(&sl_late_max);
        printf("round %d: latest wake-up %.2f ms after its deadline, %d out "
               "of order\n",
               round, (double)late / 1e6, inversions);
        if (late < SL_GAP / 2) {
            CHECK_EQ(inversions, 0);
            conclusive = 1;
        }
    }
    if (!conclusive)
        printf("every round stalled for more than %d ms: order not checked "
               "(never-early was)\n",
               (int)(SL_GAP / 2 / GORT_MILLISECOND));
}

static int yz_log[8];
static int yz_len, yz_done;

static void yz_worker(void *arg) {
    for (int i = 0; i < 4; i++) {
        yz_log[tl_inc(&yz_len) - 1] = (int)(long)arg;
        gort_sleep(i % 2 ? 0 : -5); /* both just yield */
    }
    tl_inc(&yz_done);
}

/* gort_sleep(0) and negative durations yield, like gort_gosched. */
static void test_sleep_nonpositive_yields(void *arg) {
    (void)arg;
    gort_gomaxprocs(1);
    gort_go(yz_worker, (void *)1);
    gort_go(yz_worker, (void *)2);
    CHECK(tl_wait_ge(&yz_done, 2, BOUND));
    for (int i = 1; i < 8; i++) CHECK_NE(yz_log[i], yz_log[i - 1]);
    CHECK_EQ(rt_numtimers(), 0); /* no timer was armed */
}

enum { SM_N = 2000 };
static int sm_done, sm_early;

static void sm_sleeper(void *arg) {
    int64_t d = (int64_t)(long)arg * 10 * GORT_MICROSECOND;
    int64_t start = gort_nanotime();
    gort_sleep(d);
    if (gort_nanotime() < start + d) tl_inc(&sm_early);
    tl_inc(&sm_done);
}

/* Many sleepers on both Ps' heaps at once. */
static void test_sleep_many(void *arg) {
    (void)arg;
    for (long i = 0; i < SM_N; i++)
        gort_go(sm_sleeper, (void *)((i * 7919) % 2000 + 1));
    CHECK(tl_wait_ge(&sm_done, SM_N, 4 * BOUND));
    CHECK_EQ(tl_load(&sm_early), 0);
}

static void test_clocks(void *arg) {
    (void)arg;
    int64_t a = gort_nanotime();
    gort_sleep(GORT_MILLISECOND);
    int64_t b = gort_nanotime();
    CHECK(b - a >= GORT_MILLISECOND);
    int64_t wall = gort_now();
    int64_t secs = (int64_t)time(NULL);
    CHECK(wall / GORT_SECOND >= secs - 1 && wall / GORT_SECOND <= secs + 1);
}

/* ---------------------------------------------------------------------- */
/* Runtime timers on the heap                                              */
/* ---------------------------------------------------------------------- */

enum { HT_N = 300 };
static Timer ht_t[HT_N];
static int ht_fired[HT_N];
static int ht_seq[HT_N];   /* firing order -> timer index */
static int64_t ht_at[HT_N]; /* when it fired */
static int ht_nfired;

static void ht_fire(void *arg, uintptr_t seq, int64_t now) {
    (void)seq;
    long i = (long)arg;
    tl_inc(&ht_fired[i]);
    ht_at[i] = now;
    ht_seq[tl_inc(&ht_nfired) - 1] = (int)i;
}

/* One P, so one M runs the heap and order is exact.  Deleted timers never
 * fire, modified ones fire at their new time, the rest in `when` order,
 * none early. */
static void test_timer_heap(void *arg) {
    (void)arg;
    gort_gomaxprocs(1);
    int base = rt_numtimers();
    int64_t now = gort_nanotime();
    uint32_t x = 12345;
    for (int i = 0; i < HT_N; i++) {
        x = x * 1103515245u + 12345u;
        ht_t[i] = (Timer){.f = ht_fire, .arg = (void *)(long)i};
        ht_t[i].when = now + 20 * GORT_MILLISECOND +
                       (int64_t)(x >> 8) % (60 * GORT_MILLISECOND);
        rt_addtimer(&ht_t[i]);
    }
    CHECK_EQ(rt_numtimers(), base + HT_N);
    int expect = HT_N;
    for (int i = 0; i < HT_N; i += 3) {
        CHECK(rt_deltimer(&ht_t[i]));
        CHECK(!rt_deltimer(&ht_t[i])); /* already gone */
        expect--;
    }
    for (int i = 1; i < HT_N; i += 5) /* move some, earlier or later */
        if (i % 3) CHECK(rt_modtimer(&ht_t[i], now + (i % 2 ? 15 : 85) *
                                               GORT_MILLISECOND, 0));
    CHECK_EQ(rt_numtimers(), base + expect);
    CHECK(tl_wait_ge(&ht_nfired, expect, BOUND));
    gort_sleep(20 * GORT_MILLISECOND); /* nothing else may fire */
    CHECK_EQ(tl_load(&ht_nfired), expect);
    CHECK_EQ(rt_numtimers(), base);
    for (int i = 0; i < HT_N; i++) {
        CHECK_EQ(ht_fired[i], i % 3 == 0 ? 0 : 1);
        if (i % 3) CHECK(ht_at[i] >= ht_t[i].when);
        CHECK(ht_t[i].pp == NULL);
    }
    for (int k = 1; k < expect; k++)
        CHECK(ht_t[ht_seq[k - 1]].when <= ht_t[ht_seq[k]].when);
}

static Timer pt;
static int pt_count;
static int64_t pt_first;

static void pt_fire(void *arg, uintptr_t seq, int64_t now) {
    (void)arg;
    (void)seq;
    if (!pt_first) pt_first = now;
    tl_inc(&pt_count);
}

/* A periodic timer re-arms itself until deleted. */
static void test_periodic_timer(void *arg) {
    (void)arg;
    gort_gomaxprocs(1);
    pt = (Timer){.f = pt_fire};
    int64_t first = gort_nanotime() + 5 * GORT_MILLISECOND;
    pt.when = first;
    pt.period = 5 * GORT_MILLISECOND;
    rt_addtimer(&pt);
    CHECK(tl_wait_ge(&pt_count, 4, BOUND));
    CHECK(rt_deltimer(&pt));
    int n = tl_load(&pt_count);
    gort_sleep(20 * GORT_MILLISECOND);
    CHECK_EQ(tl_load(&pt_count), n);
    CHECK(pt_first >= first);
    /* Re-armed at first + k periods: n firings need n-1 periods. */
    CHECK(pt.when >= first + n * 5 * GORT_MILLISECOND);
}

/* ---------------------------------------------------------------------- */
/* Moving a timer earlier wakes the poller                                  */
/* ---------------------------------------------------------------------- */

static Timer ea_t;
static G *ea_g;
static rt_mutex ea_lock;
static int ea_parked, ea_fired;

static void ea_fire(void *arg, uintptr_t seq, int64_t now) {
    (void)arg;
    (void)seq;
    (void)now;
    tl_store(&ea_fired, 1);
    rt_lock(&ea_lock);
    G *gp = ea_g;
    ea_g = NULL;
    rt_unlock(&ea_lock);
    if (gp) rt_goready(gp);
}

static void *ea_thread(void *arg) {
    (void)arg;
    while (!tl_load(&ea_parked)) usleep(1000);
    usleep(20000); /* let the idle M settle into epoll_wait */
    rt_modtimer(&ea_t, rt_nanotime() + GORT_MILLISECOND, 0);
    return NULL;
}

/* The only timer is 60 s away, so the idle M blocks in epoll_wait for 60
 * s.  A thread outside the runtime moves it to 1 ms from now: the poller
 * must be interrupted (netpollBreak) and the timer fire long before the
 * old deadline. */
static void test_modtimer_earlier_wakes_poller(void *arg) {
    (void)arg;
    gort_gomaxprocs(1);
    ea_t = (Timer){.f = ea_fire};
    ea_t.when = gort_nanotime() + 60 * GORT_SECOND;
    rt_addtimer(&ea_t);
    pthread_t th;
    CHECK_EQ(pthread_create(&th, NULL, ea_thread, NULL), 0);
    int64_t start = gort_nanotime();
    rt_lock(&ea_lock);
    ea_g = rt_getg();
    tl_store(&ea_parked, 1);
    rt_goparkunlock(&ea_lock, "test wait");
    int64_t took = gort_nanotime() - start;
    gort_syscall_enter();
    pthread_join(th, NULL);
    gort_syscall_exit();
    CHECK(tl_load(&ea_fired));
    CHECK(took < 30 * GORT_SECOND);
    printf("woken %.1f ms after parking\n", (double)took / 1e6);
}

int main(void) {
    tl_procs = 2; /* every body starts with GOMAXPROCS 2 */
    const struct CMUnitTest tests[] = {
        GO_TEST(test_sleep_order_not_early),
        GO_TEST(test_sleep_nonpositive_yields),
        GO_TEST(test_sleep_many),
        GO_TEST(test_clocks),
        GO_TEST(test_timer_heap),
        GO_TEST(test_periodic_timer),
        GO_TEST(test_modtimer_earlier_wakes_poller),
    };
    return cmocka_run_group_tests_name("timer", tests, NULL, NULL);
}
