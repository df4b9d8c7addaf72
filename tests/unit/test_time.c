/*
 * test_time.c — Timer, Ticker and AfterFunc on the per-P timer heaps: firing
 * order, never early, Stop/Reset return values (Go 1.19's), the ticker's
 * drift-free re-arming, AfterFunc on its own goroutine, no leaked timers,
 * Go's panics.
 *
 * GORT_TEST_CONCURRENCY: timer functions run on the scheduler of whatever P
 * finds them due, concurrently with the goroutines that arm and stop them.
 */
#include "testlib.h"

static int64_t recv_time(gort_chan *c) {
    int64_t v = 0;
    gort_chan_recv(c, &v);
    return v;
}

/* Polls c for up to ns; true if a value arrived. */
static bool recv_within(gort_chan *c, int64_t ns, int64_t *v) {
    int64_t end = gort_nanotime() + ns;
    do {
        bool ok;
        if (gort_chan_tryrecv(c, v, &ok)) return true;
        gort_sleep(200 * GORT_MICROSECOND);
    } while (gort_nanotime() < end);
    return false;
}

/* ---------------------------------------------------------------------- */
/* Order and punctuality                                                   */
/* ---------------------------------------------------------------------- */

enum { NORD = 6 };
static const int ord_ms[NORD] = {60, 10, 40, 20, 50, 30};
static int64_t ord_fired[NORD];
static gort_waitgroup ord_wg;

static void ord_fn(void *arg) {
    int i = (int)(intptr_t)arg;
    ord_fired[i] = gort_nanotime();
    gort_waitgroup_done(&ord_wg);
}

/* The heap hands out timers in deadline order: armed in a scrambled
 * order an hour ahead (so no scheduler fires them), then run with a fake
 * clock in one rt_checkTimers call on this P. */
static int heap_order[NORD], heap_n;
static void heap_fn(void *arg, uintptr_t seq, int64_t now) {
    (void)seq;
    (void)now;
    heap_order[heap_n++] = (int)(intptr_t)arg;
}

static void test_timers_fire_in_order(void *arg) {
    (void)arg;
    static Timer ht[NORD];
    int64_t base = gort_nanotime() + 3600 * GORT_SECOND;
    for (int i = 0; i < NORD; i++) {
        ht[i].f = heap_fn;
        ht[i].arg = (void *)(intptr_t)i;
        ht[i].when = base + ord_ms[i] * GORT_MILLISECOND;
        rt_addtimer(&ht[i]);
    }
    P *pp = ald(&ht[0].pp);
    for (int i = 1; i < NORD; i++) CHECK(ald(&ht[i].pp) == pp); /* no park */
    bool ran = false;
    rt_checkTimers(pp, base + 45 * GORT_MILLISECOND, &ran); /* 4 are due */
    CHECK(ran);
    CHECK_EQ(heap_n, 4);
    rt_checkTimers(pp, base + 60 * GORT_MILLISECOND, &ran);
    CHECK_EQ(heap_n, NORD);
    for (int k = 1; k < NORD; k++)
        CHECK(ord_ms[heap_order[k - 1]] < ord_ms[heap_order[k]]);

    /* Real timers: never early.  (Which of two due timers sends first is
     * not fixed: the Ms that find them due may run them concurrently.) */
    gort_timer *ts[NORD];
    int64_t w0 = gort_now();
    for (int i = 0; i < NORD; i++) ts[i] = gort_timer_make(ord_ms[i] * GORT_MILLISECOND);
    for (int i = 0; i < NORD; i++) {
        int64_t v = recv_time(gort_timer_chan(ts[i]));
        CHECK(v >= w0 + ord_ms[i] * GORT_MILLISECOND - GORT_MILLISECOND);
    }
    gort_waitgroup_add(&ord_wg, NORD);
    int64_t t0 = gort_nanotime();
    for (int i = 0; i < NORD; i++)
        gort_after_func(ord_ms[i] * GORT_MILLISECOND, ord_fn, (void *)(intptr_t)i);
    gort_waitgroup_wait(&ord_wg);
    for (int i = 0; i < NORD; i++)
        CHECK(ord_fired[i] >= t0 + ord_ms[i] * GORT_MILLISECOND); /* not early */
}

#if GORT_SANITIZE_THREAD
enum { NMANY = 500 };
#else
enum { NMANY = 10000 };
#endif
static int many_fired, many_early; /* atomic */
static int64_t many_when[NMANY];
static gort_waitgroup many_wg;

static void many_fn(void *arg) {
    int i = (int)(intptr_t)arg;
    if (gort_nanotime() < many_when[i])
        __atomic_add_fetch(&many_early, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&many_fired, 1, __ATOMIC_RELAXED);
    gort_waitgroup_done(&many_wg);
}

/* Thousands of timers on the heaps at once, half of them stopped. */
static void test_many_timers(void *arg) {
    (void)arg;
    int base = rt_numtimers();
    static gort_timer *ts[NMANY];
    uint32_t x = 12345;
    gort_waitgroup_add(&many_wg, NMANY);
    for (int i = 0; i < NMANY; i++) {
        x = x * 1103515245u + 12345u;
        int64_t d = 50 * GORT_MILLISECOND +
                    (int64_t)(x >> 8) % (40 * GORT_MILLISECOND);
        many_when[i] = gort_nanotime() + d;
        ts[i] = gort_after_func(d, many_fn, (void *)(intptr_t)i);
    }
    CHECK(rt_numtimers() >= base + NMANY / 2);
    int stopped = 0;
    for (int i = 1; i < NMANY; i += 2) stopped += gort_timer_stop(ts[i]);
    /* Each timer either fired (Done) or was stopped, never both. */
    gort_waitgroup_add(&many_wg, -stopped);
    gort_waitgroup_wait(&many_wg);
    CHECK_EQ(many_early, 0);
    CHECK_EQ(many_fired, NMANY - stopped);
    CHECK_EQ(rt_numtimers(), base);
}

/* ---------------------------------------------------------------------- */
/* Stop and Reset                                                          */
/* ---------------------------------------------------------------------- */

static void test_timer_stop_reset_results(void *arg) {
    (void)arg;
    int base = rt_numtimers();
    int64_t v;
    /* Pending: Stop stops it; a second Stop reports it already stopped. */
    gort_timer *t = gort_timer_make(GORT_SECOND * 3600);
    CHECK_EQ(rt_numtimers(), base + 1);
    CHECK(gort_timer_stop(t));
    CHECK(!gort_timer_stop(t));
    CHECK_EQ(rt_numtimers(), base);
    CHECK(!recv_within(gort_timer_chan(t), 5 * GORT_MILLISECOND, &v));
    /* Reset of a stopped timer: false, and it fires again. */
    CHECK(!gort_timer_reset(t, GORT_MILLISECOND));
    int64_t w0 = gort_now();
    v = recv_time(gort_timer_chan(t));
    CHECK(v >= w0);
    /* Fired: Stop reports false. */
    CHECK(!gort_timer_stop(t));
    /* Reset of a pending timer: true, and the new time applies. */
    gort_timer *u = gort_timer_make(GORT_SECOND * 3600);
    CHECK(gort_timer_reset(u, 2 * GORT_MILLISECOND));
    CHECK(recv_within(gort_timer_chan(u), 10 * GORT_SECOND, &v));
    /* Stop does not drain: a value sent before Stop stays in the channel. */
    gort_timer *w = gort_timer_make(GORT_MILLISECOND);
    gort_sleep(5 * GORT_MILLISECOND);
    while (rt_numtimers() > base) gort_sleep(GORT_MILLISECOND);
    CHECK(!gort_timer_stop(w));
    bool ok;
    CHECK(gort_chan_tryrecv(gort_timer_chan(w), &v, &ok) && ok);
    /* d <= 0 fires at once. */
    gort_timer *z = gort_timer_make(-5);
    CHECK(recv_within(gort_timer_chan(z), 10 * GORT_SECOND, &v));
    CHECK_EQ(rt_numtimers(), base);
}

static int af_runs; /* atomic */
static int64_t af_goid;
static gort_waitgroup af_wg;

static void af_fn(void *arg) {
    af_goid = gort_goid();
    __atomic_add_fetch(&af_runs, 1, __ATOMIC_ACQ_REL);
    if (arg) gort_waitgroup_done(arg);
}

static void test_after_func(void *arg) {
    (void)arg;
    /* Runs in its own goroutine. */
    gort_waitgroup_add(&af_wg, 1);
    gort_timer *t = gort_after_func(GORT_MILLISECOND, af_fn, &af_wg);
    CHECK(gort_timer_chan(t) == NULL);
    gort_waitgroup_wait(&af_wg);
    CHECK(af_goid != gort_goid() && af_goid > 1);
    CHECK_EQ(af_runs, 1);
    /* Fired: Stop is false; Reset is false and runs it again. */
    CHECK(!gort_timer_stop(t));
    gort_waitgroup_add(&af_wg, 1);
    CHECK(!gort_timer_reset(t, GORT_MILLISECOND));
    gort_waitgroup_wait(&af_wg);
    CHECK_EQ(af_runs, 2);
    /* Stopped before it fires: never runs. */
    gort_timer *s = gort_after_func(20 * GORT_MILLISECOND, af_fn, NULL);
    CHECK(gort_timer_stop(s));
    gort_sleep(40 * GORT_MILLISECOND);
    CHECK_EQ(__atomic_load_n(&af_runs, __ATOMIC_ACQUIRE), 2);
}

/* ---------------------------------------------------------------------- */
/* Tickers                                                                 */
/* ---------------------------------------------------------------------- */

/* The re-arm rule itself, with a fake clock: a periodic timer checked late
 * by 2.5 periods runs once and is re-armed on its original grid (when +
 * 3 periods), not at now + period.  That is what keeps tickers drift-free. */
static int rearm_calls; /* atomic */
static void rearm_fn(void *arg, uintptr_t seq, int64_t now) {
    (void)arg;
    (void)seq;
    (void)now;
    __atomic_add_fetch(&rearm_calls, 1, __ATOMIC_RELAXED);
}

static void test_periodic_rearm_on_grid(void *arg) {
    (void)arg;
    static Timer t;
    const int64_t p = 10 * GORT_MILLISECOND;
    int64_t when = gort_nanotime() + 3600 * GORT_SECOND; /* nobody else fires it */
    t.f = rearm_fn;
    t.when = when;
    t.period = p;
    rt_addtimer(&t);
    P *pp = ald(&t.pp);
    bool ran = false;
    rt_checkTimers(pp, when + 2 * p + p / 2, &ran);
    CHECK(ran);
    CHECK_EQ(rearm_calls, 1);
    CHECK_EQ(t.when, when + 3 * p);
    CHECK(rt_deltimer(&t));
}

/* Real ticks: never early, and lateness does not accumulate. */
static void test_ticker_bounded_drift(void *arg) {
    (void)arg;
    const int64_t p = 10 * GORT_MILLISECOND;
    const int n = 20;
    int64_t t0 = gort_now();
    gort_ticker *tk = gort_ticker_make(p);
    int64_t last = 0, vals[20];
    for (int k = 1; k <= n; k++) {
        int64_t v = recv_time(gort_ticker_chan(tk));
        vals[k - 1] = v;
        CHECK(v >= t0 + k * p); /* a dropped tick only makes it later */
        CHECK(v > last);
        last = v;
    }
    gort_ticker_stop(tk);
    /* Measured from the first tick (the goroutine may lose the CPU between
     * reading t0 and arming the ticker): every tick stays on the first
     * one's grid, up to scheduling jitter.  If the process stalls, ticks
     * are dropped and the next ones come late by whole periods, but still
     * on the grid; a ticker that re-armed at "now + period" would carry
     * each delay forward instead.  The median distance to the grid must be
     * small (test_periodic_rearm_on_grid checks the exact rule). */
    int64_t phase[20];
    for (int k = 0; k < n; k++) {
        int64_t off = vals[k] - vals[0], r = off % p;
        phase[k] = r < p - r ? r : p - r;
    }
    for (int i = 1; i < n; i++) /* sort */
        for (int j = i; j > 0 && phase[j] < phase[j - 1]; j--) {
            int64_t t = phase[j];
            phase[j] = phase[j - 1];
            phase[j - 1] = t;
        }
    if (phase[n / 2] >= 3 * GORT_MILLISECOND)
        for (int k = 1; k <= n; k++)
            fprintf(stderr, "tick %d: %.3f ms after the first\n", k,
                    (double)(vals[k - 1] - vals[0]) / 1e6);
    CHECK(phase[n / 2] < 3 * GORT_MILLISECOND);
}

static void test_ticker_stop_reset(void *arg) {
    (void)arg;
    int base = rt_numtimers();
    int64_t v;
    gort_ticker *tk = gort_ticker_make(2 * GORT_MILLISECOND);
    CHECK_EQ(rt_numtimers(), base + 1);
    recv_time(gort_ticker_chan(tk));
    recv_time(gort_ticker_chan(tk));
    gort_ticker_stop(tk);
    CHECK_EQ(rt_numtimers(), base);
    bool ok;
    (void)gort_chan_tryrecv(gort_ticker_chan(tk), &v, &ok); /* one may wait */
    CHECK(!recv_within(gort_ticker_chan(tk), 10 * GORT_MILLISECOND, &v));
    /* Reset restarts a stopped ticker with the new period. */
    gort_ticker_reset(tk, GORT_MILLISECOND);
    CHECK_EQ(rt_numtimers(), base + 1);
    recv_time(gort_ticker_chan(tk));
    recv_time(gort_ticker_chan(tk));
    gort_ticker_stop(tk);
    /* A slow receiver loses ticks: the channel holds one. */
    gort_ticker *slow = gort_ticker_make(GORT_MILLISECOND);
    gort_sleep(20 * GORT_MILLISECOND);
    CHECK_EQ(gort_chan_len(gort_ticker_chan(slow)), 1);
    gort_ticker_stop(slow);
    CHECK(gort_tick(0) == NULL);
    CHECK(gort_tick(-1) == NULL);
    CHECK_EQ(rt_numtimers(), base);
}

/* A select between a timer and a channel that never sends: the timeout
 * case wins, and stopping it afterwards leaves no timer behind. */
static void test_timer_in_select(void *arg) {
    (void)arg;
    int base = rt_numtimers();
    gort_chan *never = gort_chan_make(&gort_type_int, 0);
    gort_timer *t = gort_timer_make(3 * GORT_MILLISECOND);
    int64_t v, x;
    gort_select_case cs[2] = {gort_case_recv(never, &x),
                              gort_case_recv(gort_timer_chan(t), &v)};
    CHECK_EQ(gort_select(cs, 2, true), 1);
    CHECK(!gort_timer_stop(t));
    CHECK_EQ(rt_numtimers(), base);
}

/* ---------------------------------------------------------------------- */
/* Children                                                                */
/* ---------------------------------------------------------------------- */

static void child_ticker_zero(void *arg) {
    (void)arg;
    gort_ticker_make(0);
}

static void child_ticker_reset_zero(void *arg) {
    (void)arg;
    gort_ticker *tk = gort_ticker_make(GORT_SECOND);
    gort_ticker_reset(tk, -1);
}

/* A stopped timer can never send: waiting on it is a deadlock, and the
 * runtime knows (no timer is pending). */
static void child_stopped_timer_deadlock(void *arg) {
    (void)arg;
    gort_timer *t = gort_timer_make(GORT_SECOND);
    gort_timer_stop(t);
    gort_chan_recv(gort_timer_chan(t), NULL);
}

/* A pending timer is not a deadlock: main wakes up and returns 0. */
static void child_pending_timer_ok(void *arg) {
    (void)arg;
    gort_timer *t = gort_timer_make(5 * GORT_MILLISECOND);
    gort_chan_recv(gort_timer_chan(t), NULL);
    printf("woke\n");
}

static void test_time_panics_and_deadlock(void *arg) {
    (void)arg;
    CHECK_CHILD("ticker_zero", NULL, 2, "panic: non-positive interval for NewTicker",
                "goroutine 1 [running]:");
    CHECK_CHILD("ticker_reset_zero", NULL, 2,
                "panic: non-positive interval for Ticker.Reset");
    CHECK_CHILD("stopped_timer_deadlock", NULL, 2,
                "fatal error: all goroutines are asleep - deadlock!",
                "[chan receive]");
    CHECK_CHILD("pending_timer_ok", NULL, 0, "woke");
}

static const struct CMUnitTest tests[] = {
    GO_TEST(test_timers_fire_in_order),
    GO_TEST(test_many_timers),
    GO_TEST(test_timer_stop_reset_results),
    GO_TEST(test_after_func),
    GO_TEST(test_periodic_rearm_on_grid),
    GO_TEST(test_ticker_bounded_drift),
    GO_TEST(test_ticker_stop_reset),
    GO_TEST(test_timer_in_select),
    GO_TEST(test_time_panics_and_deadlock),
};

static const tl_scenario children[] = {
    {"ticker_zero", .main = child_ticker_zero},
    {"ticker_reset_zero", .main = child_ticker_reset_zero},
    {"stopped_timer_deadlock", .main = child_stopped_timer_deadlock},
    {"pending_timer_ok", .main = child_pending_timer_ok},
};

int main(int argc, char **argv) {
    tl_child_main(argc, argv, children, RT_ARRAY_LEN(children));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
