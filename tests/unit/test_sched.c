/*
 * test_sched.c — the G/M/P scheduler, end to end.
 *
 * GORT_TEST_CONCURRENCY: many threads and goroutines race here, so this
 * file runs under ThreadSanitizer in scripts/test.
 *
 * Layout:
 *   - the first test runs before the runtime starts: owner and thief
 *     threads racing on fake Ps' run queues (every G taken exactly once);
 *   - the others are GO_TEST bodies: cmocka stays on the main thread
 *     and each body runs on a goroutine via gort_call (testlib.h
 *     says why), checking with CHECK*.  Goroutines a body starts record
 *     what they saw into statics; the body checks.
 * Every body starts with GOMAXPROCS 2; bodies that need a single P set it
 * to 1 and the runner restores 2.
 * Nothing here asserts a timing; "within 5 s" bounds only turn a hang
 * (the bug) into a failure.
 */
#include "testlib.h"

#include <fenv.h>

#define BOUND (5 * GORT_SECOND)

/* ---------------------------------------------------------------------- */
/* Run queues under contention (before the runtime starts)                 */
/* ---------------------------------------------------------------------- */

enum { CQ_N = 60000, CQ_THIEVES = 2 };
static P *cq_owner;
static G *cq_gs;
static int cq_claimed[CQ_N];
static int cq_stop;
static int cq_stolen;

static void cq_claim(G *gp) { tl_inc(&cq_claimed[gp - cq_gs]); }

static void *cq_thief(void *arg) {
    P *mine = arg;
    for (;;) {
        bool stop = tl_load(&cq_stop);
        G *first;
        uint32_t n = rt_runqsteal(mine, cq_owner, true, &first);
        if (n) {
            tl_add(&cq_stolen, (int)n);
            cq_claim(first);
            bool inh;
            G *gp;
            while ((gp = rt_runqget(mine, &inh)) != NULL) cq_claim(gp);
        } else if (stop) {
            break;
        }
    }
    return NULL;
}

/* One owner puts (sometimes into runnext) and gets; thieves steal halves.
 * Whatever the interleaving, every G must come out exactly once: from the
 * owner's get, a thief's steal, or the global queue (overflow). */
static void test_runq_concurrent_steal(void **state) {
    (void)state;
    /* No M may exist that could take the fake Gs from the global queue. */
    assert_false(rt_sched.started);
    cq_owner = tl_newp(0);
    cq_owner->status = Prunning;
    cq_gs = tl_newgs(CQ_N);
    P *thiefp[CQ_THIEVES];
    pthread_t th[CQ_THIEVES];
    for (int i = 0; i < CQ_THIEVES; i++) {
        thiefp[i] = tl_newp(i + 1);
        thiefp[i]->status = Prunning;
        assert_int_equal(pthread_create(&th[i], NULL, cq_thief, thiefp[i]), 0);
    }
    bool inh;
    G *gp;
    for (int i = 0; i < CQ_N; i++) {
        rt_runqput(cq_owner, &cq_gs[i], i % 5 == 0);
        if (i % 3 == 0 && (gp = rt_runqget(cq_owner, &inh)) != NULL)
            cq_claim(gp);
    }
    while ((gp = rt_runqget(cq_owner, &inh)) != NULL) cq_claim(gp);
    tl_store(&cq_stop, 1);
    for (int i = 0; i < CQ_THIEVES; i++) pthread_join(th[i], NULL);
    int n;
    for (gp = tl_globgrab(&n); gp; gp = gp->schedlink) cq_claim(gp);
    for (int i = 0; i < CQ_N; i++)
        if (cq_claimed[i] != 1)
            fail_msg("G %d taken %d times", i, cq_claimed[i]);
    assert_true(rt_runqempty(cq_owner));
    print_message("stolen by thieves: %d of %d\n", cq_stolen, CQ_N);
    for (int i = 0; i < CQ_THIEVES; i++) free(thiefp[i]);
    free(cq_owner);
    free(cq_gs);
}

/* ---------------------------------------------------------------------- */
/* Goroutine ids and counts                                                */
/* ---------------------------------------------------------------------- */

enum { ID_N = 64 };
static int64_t id_seen[ID_N];
static int id_done;

static void id_worker(void *arg) {
    id_seen[(long)arg] = gort_goid();
    tl_inc(&id_done);
}

static void test_goid_and_count(void *arg) {
    (void)arg;
    CHECK(gort_goid() > 0);
    int base = gort_numgoroutine();
    CHECK(base >= 1);
    for (long i = 0; i < ID_N; i++) gort_go(id_worker, (void *)i);
    CHECK(tl_wait_ge(&id_done, ID_N, BOUND));
    for (int i = 0; i < ID_N; i++) {
        CHECK(id_seen[i] > gort_goid());
        for (int j = 0; j < i; j++) CHECK(id_seen[i] != id_seen[j]);
    }
    /* The count drops once the goroutines have exited (goexit0 runs on
     * g0 just after the worker's last store). */
    int64_t end = gort_nanotime() + BOUND;
    while (gort_numgoroutine() != base && gort_nanotime() < end)
        gort_sleep(GORT_MILLISECOND);
    CHECK_EQ(gort_numgoroutine(), base);
    CHECK_EQ(gort_numcpu() > 0, 1);
}

/* ---------------------------------------------------------------------- */
/* Work stealing                                                           */
/* ---------------------------------------------------------------------- */

enum { WS_N = 200 };
static struct {
    int p;
    int64_t m;
} ws_rec[WS_N];
static int ws_done;

static void ws_worker(void *arg) {
    long i = (long)arg;
    ws_rec[i].p = rt_getp()->id;
    ws_rec[i].m = rt_getm()->id;
    tl_spin(20 * GORT_MICROSECOND);
    tl_inc(&ws_done);
}

/* All workers are queued on the main goroutine's P (runnext plus the
 * ring: fewer than 256, so nothing spills to the global queue), and the
 * main goroutine then spins without entering the runtime, so its P never
 * schedules.  Every worker therefore has to be stolen by the other P. */
static void test_work_stealing(void *arg) {
    (void)arg;
    int mainp = rt_getp()->id;
    int64_t mainm = rt_getm()->id;
    for (long i = 0; i < WS_N; i++) gort_go(ws_worker, (void *)i);
    int64_t end = gort_nanotime() + BOUND;
    while (tl_load(&ws_done) < WS_N && gort_nanotime() < end) rt_cpu_relax();
    CHECK_EQ(tl_load(&ws_done), WS_N);
    CHECK_EQ(rt_getp()->id, mainp);
    int ps[GORT_MAXPROCS] = {0};
    for (int i = 0; i < WS_N; i++) {
        CHECK_NE(ws_rec[i].p, mainp);
        CHECK(ws_rec[i].m != mainm);
        ps[ws_rec[i].p]++;
    }
    printf("main on P%d/M%lld; workers ran on P%d (%d of them)\n",
                  mainp, (long long)mainm, 1 - mainp, ps[1 - mainp]);
}

/* Two goroutines that can only finish if they run at the same time on
 * different Ps: each spins (no runtime calls) until it has seen the
 * other running. */
static int par_running[2];
static int par_p[2];
static int par_ok;

static void par_worker(void *arg) {
    long i = (long)arg;
    par_p[i] = rt_getp()->id;
    tl_store(&par_running[i], 1);
    int64_t end = gort_nanotime() + BOUND;
    while (!tl_load(&par_running[1 - i]) && gort_nanotime() < end)
        rt_cpu_relax();
    if (tl_load(&par_running[1 - i])) tl_inc(&par_ok);
}

static void test_parallel_on_two_ps(void *arg) {
    (void)arg;
    gort_go(par_worker, (void *)0);
    gort_go(par_worker, (void *)1);
    int done = 0;
    int64_t end = gort_nanotime() + 2 * BOUND;
    while ((done = tl_load(&par_ok)) < 2 && gort_nanotime() < end)
        gort_sleep(GORT_MILLISECOND);
    CHECK_EQ(done, 2);
    CHECK_NE(par_p[0], par_p[1]);
}

/* ---------------------------------------------------------------------- */
/* Many goroutines                                                         */
/* ---------------------------------------------------------------------- */

/* ThreadSanitizer models every goroutine as a fiber, and fibers count
 * against its limit of 8128 threads; it also makes each switch ~100x
 * slower.  Under TSan the counts below are scaled down. */
#if GORT_SANITIZE_THREAD
enum { HK_N = 20000, GATE_N = 2000 };
#else
enum { HK_N = 100000, GATE_N = 10000 };
#endif
static int hk_done;
static int64_t hk_sum;

static void hk_worker(void *arg) {
    tl_add(&hk_sum, (int64_t)(long)arg);
    tl_inc(&hk_done);
}

/* 100k goroutines (20k under TSan), spawned from one goroutine that yields every 1024
 * spawns (so their stacks are recycled through the G free lists rather
 * than all live at once), all complete. */
static void test_100k_goroutines(void *arg) {
    (void)arg;
    int base = gort_numgoroutine();
    for (long i = 0; i < HK_N; i++) {
        gort_go(hk_worker, (void *)i);
        if (i % 1024 == 1023) gort_gosched();
    }
    CHECK(tl_wait_ge(&hk_done, HK_N, 12 * BOUND));
    CHECK_EQ(tl_load(&hk_sum), (int64_t)HK_N * (HK_N - 1) / 2);
    int64_t end = gort_nanotime() + BOUND;
    while (gort_numgoroutine() != base && gort_nanotime() < end)
        gort_sleep(GORT_MILLISECOND);
    CHECK_EQ(gort_numgoroutine(), base);
}

/* 10k goroutines (2k under TSan) parked at once on a gate
 * (rt_goparkunlock), then readied one by one by the main goroutine. */
static rt_mutex gate_lock;
static G *gate_gs[GATE_N];
static int gate_n, gate_done;

static void gate_worker(void *arg) {
    (void)arg;
    rt_lock(&gate_lock);
    gate_gs[gate_n++] = rt_getg();
    rt_goparkunlock(&gate_lock, "test gate");
    tl_inc(&gate_done);
}

static void test_10k_parked(void *arg) {
    (void)arg;
    int base = gort_numgoroutine();
    for (int i = 0; i < GATE_N; i++) {
        gort_go(gate_worker, NULL);
        if (i % 1024 == 1023) gort_gosched();
    }
    int64_t end = gort_nanotime() + 6 * BOUND;
    int n = 0;
    while (gort_nanotime() < end) {
        rt_lock(&gate_lock);
        n = gate_n;
        rt_unlock(&gate_lock);
        if (n == GATE_N) break;
        gort_sleep(GORT_MILLISECOND);
    }
    CHECK_EQ(n, GATE_N);
    CHECK_EQ(gort_numgoroutine(), base + GATE_N);
    rt_lock(&gate_lock); /* every G registered under the lock is parked */
    for (int i = 0; i < GATE_N; i++) {
        CHECK_EQ(ald(&gate_gs[i]->status), Gwaiting);
        CHECK(strcmp(gate_gs[i]->waitreason, "test gate") == 0);
    }
    rt_unlock(&gate_lock);
    CHECK_EQ(tl_load(&gate_done), 0);
    for (int i = 0; i < GATE_N; i++) rt_goready(gate_gs[i]);
    CHECK(tl_wait_ge(&gate_done, GATE_N, 6 * BOUND));
}

/* ---------------------------------------------------------------------- */
/* System calls                                                            */
/* ---------------------------------------------------------------------- */

static int sc_pipe[2];
static int sc_entered, sc_progress, sc_at_exit, sc_done, sc_fired;
static ssize_t sc_readn;

static void sc_blocker(void *arg) {
    (void)arg;
    char c;
    tl_store(&sc_entered, 1);
    gort_syscall_enter();
    ssize_t n = read(sc_pipe[0], &c, 1); /* blocks this M */
    gort_syscall_exit();
    sc_readn = n;
    tl_store(&sc_at_exit, tl_load(&sc_progress));
    tl_inc(&sc_done);
}

static void sc_runner(void *arg) {
    (void)arg;
    while (!tl_load(&sc_entered)) gort_gosched();
    for (int i = 0; i < 20; i++) {
        tl_inc(&sc_progress);
        gort_gosched();
    }
    if (write(sc_pipe[1], "x", 1) != 1) abort();
    tl_inc(&sc_done);
}

/* Writes to the pipe after 5 s if the test is stuck, so that a failure
 * is a failed assertion, not a hang. */
static void *sc_watchdog(void *arg) {
    (void)arg;
    for (int i = 0; i < 500 && tl_load(&sc_done) < 2; i++) usleep(10000);
    if (tl_load(&sc_done) < 2) {
        tl_store(&sc_fired, 1);
        if (write(sc_pipe[1], "w", 1) != 1) abort();
    }
    return NULL;
}

/* With one P, a goroutine blocked in read() inside gort_syscall_enter/exit
 * must not stall the other: sysmon hands the P to another M.  The read
 * can only return because the other goroutine ran and wrote the byte. */
static void test_syscall_handoff_read(void *arg) {
    (void)arg;
    CHECK_EQ(pipe(sc_pipe), 0);
    gort_gomaxprocs(1);
    pthread_t wd;
    CHECK_EQ(pthread_create(&wd, NULL, sc_watchdog, NULL), 0);
    gort_go(sc_blocker, NULL);
    gort_go(sc_runner, NULL);
    bool ok = tl_wait_ge(&sc_done, 2, 2 * BOUND);
    gort_syscall_enter();
    pthread_join(wd, NULL);
    gort_syscall_exit();
    close(sc_pipe[0]);
    close(sc_pipe[1]);
    CHECK(ok);
    CHECK(!(tl_load(&sc_fired)));
    CHECK_EQ(sc_readn, 1);
    CHECK_EQ(tl_load(&sc_at_exit), 20);
}

static int ns_before, ns_after, ns_done, ns_stop;

static void ns_blocker(void *arg) {
    (void)arg;
    struct timespec ts = {0, 100 * 1000 * 1000};
    ns_before = tl_load(&sc_progress);
    gort_syscall_enter();
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
    gort_syscall_exit();
    ns_after = tl_load(&sc_progress);
    tl_store(&ns_stop, 1);
    tl_inc(&ns_done);
}

static void ns_runner(void *arg) {
    (void)arg;
    int64_t end = gort_nanotime() + BOUND;
    while (!tl_load(&ns_stop) && gort_nanotime() < end) {
        tl_inc(&sc_progress);
        gort_sleep(GORT_MILLISECOND);
    }
    tl_inc(&ns_done);
}

/* Same with nanosleep: during the 100 ms the blocker sleeps in the kernel,
 * the runner (which needs the only P) keeps counting. */
static void test_syscall_handoff_nanosleep(void *arg) {
    (void)arg;
    tl_store(&sc_progress, 0);
    gort_gomaxprocs(1);
    gort_go(ns_runner, NULL);
    gort_sleep(2 * GORT_MILLISECOND);
    gort_go(ns_blocker, NULL);
    CHECK(tl_wait_ge(&ns_done, 2, 2 * BOUND));
    printf("runner progressed %d steps during the blocker's syscall\n",
                  ns_after - ns_before);
    CHECK(ns_after - ns_before >= 2);
}

static int sl_stop, sl_timedout, sl_done, sl_calls;

/* Short blocking calls back to back, never a scheduling point between
 * them but gort_syscall_exit. */
static void sl_looper(void *arg) {
    (void)arg;
    int64_t end = gort_nanotime() + BOUND;
    while (!tl_load(&sl_stop)) {
        if (gort_nanotime() > end) {
            tl_store(&sl_timedout, 1);
            break;
        }
        gort_syscall_enter();
        usleep(500);
        gort_syscall_exit();
        tl_inc(&sl_calls);
    }
    tl_inc(&sl_done);
}

/* With one P, a goroutine looping on short blocking calls must not keep
 * the P for ever: each call is too short for sysmon to retake the P, so
 * sysmon asks the goroutine to yield as it comes back from one
 * (gort_syscall_exit), as Go preempts a goroutine in a syscall loop.
 * Without that, main's sleeps never end and the looper runs into its
 * deadline. */
static void test_syscall_loop_yields(void *arg) {
    (void)arg;
    gort_gomaxprocs(1);
    gort_go(sl_looper, NULL);
    while (tl_load(&sl_calls) == 0) gort_gosched();
    for (int i = 0; i < 3; i++) gort_sleep(GORT_MILLISECOND);
    tl_store(&sl_stop, 1);
    CHECK(tl_wait_ge(&sl_done, 1, 2 * BOUND));
    CHECK(!tl_load(&sl_timedout));
}

/* ---------------------------------------------------------------------- */
/* GOMAXPROCS                                                              */
/* ---------------------------------------------------------------------- */

enum { MP_N = 300 };
static int mp_p[MP_N];
static int mp_done, mp_spin_stop, mp_spinners;

static void mp_worker(void *arg) {
    mp_p[(long)arg] = rt_getp()->id;
    tl_inc(&mp_done);
}

/* Spins in a loop that polls gort_safepoint, as VM code would. */
static void mp_spinner(void *arg) {
    (void)arg;
    tl_inc(&mp_spinners);
    while (!tl_load(&mp_spin_stop)) {
        tl_spin(10 * GORT_MICROSECOND);
        gort_safepoint();
    }
    tl_add(&mp_spinners, -1);
}

static void test_gomaxprocs(void *arg) {
    (void)arg;
    CHECK_EQ(gort_gomaxprocs(0), 2);
    CHECK_EQ(gort_gomaxprocs(1), 2);
    CHECK_EQ(gort_gomaxprocs(0), 1);
    CHECK_EQ(gort_gomaxprocs(1), 1); /* same value: no change */
    for (long i = 0; i < 50; i++) gort_go(mp_worker, (void *)i);
    CHECK(tl_wait_ge(&mp_done, 50, BOUND));
    for (int i = 0; i < 50; i++) CHECK_EQ(mp_p[i], 0);

    /* Changing it stops the world: spinning goroutines must reach a safe
     * point for it to finish. */
    gort_go(mp_spinner, NULL);
    gort_go(mp_spinner, NULL);
    CHECK(tl_wait_ge(&mp_spinners, 2, BOUND));
    CHECK_EQ(gort_gomaxprocs(2), 1);
    CHECK_EQ(gort_gomaxprocs(3), 2);
    CHECK_EQ(gort_gomaxprocs(0), 3);
    tl_store(&mp_done, 0);
    for (long i = 0; i < MP_N; i++) gort_go(mp_worker, (void *)i);
    CHECK(tl_wait_ge(&mp_done, MP_N, BOUND));
    for (int i = 0; i < MP_N; i++) CHECK(mp_p[i] >= 0 && mp_p[i] < 3);
    CHECK_EQ(gort_gomaxprocs(2), 3);
    tl_store(&mp_spin_stop, 1);
    int64_t end = gort_nanotime() + BOUND;
    while (tl_load(&mp_spinners) > 0 && gort_nanotime() < end)
        gort_sleep(GORT_MILLISECOND);
    CHECK_EQ(tl_load(&mp_spinners), 0);
}

/* Shrinking GOMAXPROCS moves the dropped Ps' timers: sleepers whose timers
 * sat on P1 still wake. */
enum { MT_N = 40 };
static int mt_done, mt_onp1;

static void mt_sleeper(void *arg) {
    (void)arg;
    if (rt_getp()->id == 1) tl_inc(&mt_onp1);
    gort_sleep(30 * GORT_MILLISECOND);
    tl_inc(&mt_done);
}

static void test_gomaxprocs_moves_timers(void *arg) {
    (void)arg;
    for (int i = 0; i < MT_N; i++) gort_go(mt_sleeper, NULL);
    gort_sleep(5 * GORT_MILLISECOND);
    CHECK_EQ(gort_gomaxprocs(1), 2);
    CHECK(tl_wait_ge(&mt_done, MT_N, BOUND));
    printf("%d of %d sleepers had started on P1\n", tl_load(&mt_onp1),
                  MT_N);
}

/* ---------------------------------------------------------------------- */
/* Preemption                                                              */
/* ---------------------------------------------------------------------- */

static int pr_seen, pr_after, pr_done;
static int64_t pr_elapsed;

static void pr_spinner(void *arg) {
    (void)arg;
    int64_t start = gort_nanotime();
    while (!gort_preempt_pending() && gort_nanotime() - start < BOUND)
        rt_cpu_relax();
    pr_elapsed = gort_nanotime() - start;
    tl_store(&pr_seen, gort_preempt_pending());
    gort_safepoint();
    tl_store(&pr_after, gort_preempt_pending());
    tl_inc(&pr_done);
}

/* sysmon flags a goroutine that has run for more than 10 ms; the flag is
 * what gort_preempt_pending() reads, and gort_safepoint() clears it. */
static void test_preempt_request(void *arg) {
    (void)arg;
    gort_go(pr_spinner, NULL);
    CHECK(tl_wait_ge(&pr_done, 1, 2 * BOUND));
    printf("preempt request after %.1f ms of spinning\n",
                  (double)pr_elapsed / 1e6);
    CHECK(tl_load(&pr_seen));
    CHECK(!(tl_load(&pr_after)));
}

static int py_b_ran, py_a_saw, py_done;

static void py_b(void *arg) {
    (void)arg;
    tl_store(&py_b_ran, 1);
    tl_inc(&py_done);
}

/* A spins polling gort_safepoint until B has run.  With one P, B (queued
 * on A's own P) can only run if A's safepoint yields when sysmon asks. */
static void py_a(void *arg) {
    (void)arg;
    gort_go(py_b, NULL);
    int64_t end = gort_nanotime() + BOUND;
    while (!tl_load(&py_b_ran) && gort_nanotime() < end) gort_safepoint();
    tl_store(&py_a_saw, tl_load(&py_b_ran));
    tl_inc(&py_done);
}

static void test_preempt_yields(void *arg) {
    (void)arg;
    gort_gomaxprocs(1);
    gort_go(py_a, NULL);
    CHECK(tl_wait_ge(&py_done, 2, 2 * BOUND));
    CHECK(tl_load(&py_a_saw));
}

/* Two goroutines readying each other through runnext share one time
 * slice and, with one P, could keep the P forever.  Once the slice is
 * over (10 ms) the queue behind them must get its turn: here a goroutine
 * that a foreign thread's gort_call put on the global run queue. */
static tl_slot pp_slots[2];
static int pp_stop, pp_exited, pp_rounds, gq_ran;

static void pp_player(void *arg) {
    long me = (long)arg;
    for (;;) {
        tl_slot_take(&pp_slots[me]);
        bool stop = tl_load(&pp_stop);
        tl_inc(&pp_rounds);
        tl_slot_put(&pp_slots[1 - me]);
        if (stop) break;
    }
    tl_inc(&pp_exited);
}

static int gq_fds[2];

static void gq_fn(void *arg) {
    (void)arg;
    tl_store(&gq_ran, 1);
    if (write(gq_fds[1], "g", 1) != 1) abort();
}

static void *gq_thread(void *arg) {
    (void)arg;
    gort_call(gq_fn, NULL); /* queued globally: no P on this thread */
    return NULL;
}

/* The body waits in gort_fd_wait (no timer ticks that would break the
 * pair up by themselves) until gq_fn has run, at most 5 s. */
static void test_pingpong_pair_does_not_starve(void *arg) {
    (void)arg;
    CHECK_EQ(pipe2(gq_fds, O_NONBLOCK | O_CLOEXEC), 0);
    gort_gomaxprocs(1);
    gort_go(pp_player, (void *)0);
    gort_go(pp_player, (void *)1);
    tl_slot_put(&pp_slots[0]);
    CHECK(tl_wait_ge(&pp_rounds, 1000, BOUND));
    pthread_t th;
    CHECK_EQ(pthread_create(&th, NULL, gq_thread, NULL), 0);
    int64_t deadline = gort_nanotime() + BOUND;
    char c;
    while (read(gq_fds[0], &c, 1) != 1 &&
           gort_fd_wait(gq_fds[0], GORT_FD_READ, deadline) == GORT_FD_READY) {
    }
    bool ran = tl_load(&gq_ran);
    tl_store(&pp_stop, 1);
    CHECK(tl_wait_ge(&pp_exited, 2, BOUND));
    gort_syscall_enter();
    pthread_join(th, NULL);
    gort_syscall_exit();
    gort_fd_close(gq_fds[0]);
    gort_fd_close(gq_fds[1]);
    CHECK(ran);
    printf("%d hand-offs\n", tl_load(&pp_rounds));
}

/* ---------------------------------------------------------------------- */
/* Per-goroutine state across switches                                     */
/* ---------------------------------------------------------------------- */

static int gs_log[40];
static int gs_len, gs_done;

static void gs_worker(void *arg) {
    for (int i = 0; i < 20; i++) {
        gs_log[tl_inc(&gs_len) - 1] = (int)(long)arg;
        gort_gosched();
    }
    tl_inc(&gs_done);
}

/* One P, two goroutines yielding: gort_gosched puts the caller at the tail
 * of the local queue, so they strictly alternate. */
static void test_gosched_alternates(void *arg) {
    (void)arg;
    gort_gomaxprocs(1);
    gort_go(gs_worker, (void *)1);
    gort_go(gs_worker, (void *)2);
    CHECK(tl_wait_ge(&gs_done, 2, BOUND));
    CHECK_EQ(gs_len, 40);
    for (int i = 1; i < 40; i++) CHECK_NE(gs_log[i], gs_log[i - 1]);
}

static int er_stage, er_ok, er_done;

static void er_one(void *arg) {
    (void)arg;
    errno = 1111;
    tl_store(&er_stage, 1);
    while (tl_load(&er_stage) != 2) gort_gosched();
    if (errno == 1111) tl_inc(&er_ok);
    tl_inc(&er_done);
}

static void er_two(void *arg) {
    (void)arg;
    while (tl_load(&er_stage) != 1) gort_gosched();
    errno = 2222;
    tl_store(&er_stage, 2);
    gort_gosched();
    if (errno == 2222) tl_inc(&er_ok);
    tl_inc(&er_done);
}

/* errno belongs to the thread, so the switch saves it per goroutine. */
static void test_errno_per_goroutine(void *arg) {
    (void)arg;
    gort_gomaxprocs(1);
    gort_go(er_one, NULL);
    gort_go(er_two, NULL);
    CHECK(tl_wait_ge(&er_done, 2, BOUND));
    CHECK_EQ(tl_load(&er_ok), 2);
}

/* errno must also follow a goroutine that resumes on another thread.
 * The worker parks; the body readies it into its own P's runnext and then
 * either spins (the other P steals it: the other M) or yields (it runs on
 * the body's M).  Alternating makes it change Ms in most rounds.  Both
 * read errno through tl_geterrno (see testlib.h). */
enum { EM_ROUNDS = 100 };
static rt_mutex em_lock;
static G *em_waiter;
static int em_round, em_bad, em_moves, em_done;

static void em_worker(void *arg) {
    (void)arg;
    for (int i = 0; i < EM_ROUNDS; i++) {
        int64_t m0 = rt_getm()->id;
        tl_seterrno(1000 + i);
        rt_lock(&em_lock);
        em_waiter = rt_getg();
        rt_goparkunlock(&em_lock, "test errno");
        if (tl_geterrno() != 1000 + i) tl_inc(&em_bad);
        if (rt_getm()->id != m0) tl_inc(&em_moves);
        tl_inc(&em_round);
    }
    tl_inc(&em_done);
}

static void test_errno_survives_migration(void *arg) {
    (void)arg;
    gort_go(em_worker, NULL);
    for (int i = 0; i < EM_ROUNDS; i++) {
        G *gp = NULL;
        int64_t end = gort_nanotime() + BOUND;
        while (!gp && gort_nanotime() < end) {
            rt_lock(&em_lock);
            gp = em_waiter;
            em_waiter = NULL;
            rt_unlock(&em_lock);
            if (!gp) gort_gosched();
        }
        CHECK(gp != NULL);
        tl_seterrno(7); /* this goroutine's own errno */
        rt_goready(gp);
        while (tl_load(&em_round) <= i && gort_nanotime() < end) {
            if (i % 2) gort_gosched();
            else rt_cpu_relax();
        }
        CHECK_EQ(tl_geterrno(), 7);
    }
    CHECK(tl_wait_ge(&em_done, 1, BOUND));
    printf("worker resumed on another M in %d of %d rounds\n",
           tl_load(&em_moves), EM_ROUNDS);
    CHECK_EQ(tl_load(&em_bad), 0);
    CHECK(tl_load(&em_moves) > 0);
}

static int fp_stage, fp_done;
static int fp_round1, fp_round2, fp_fresh;
static double fp_div1, fp_div2;

/* 1/3 rounded by the SSE unit (MXCSR) under the current mode. */
static double third(void) {
    volatile double one = 1.0, three = 3.0;
    return one / three;
}

static void fp_one(void *arg) {
    (void)arg;
    fesetround(FE_UPWARD);
    tl_store(&fp_stage, 1);
    while (tl_load(&fp_stage) != 2) gort_gosched();
    fp_round1 = fegetround();
    fp_div1 = third();
    fesetround(FE_TONEAREST);
    tl_inc(&fp_done);
}

static void fp_two(void *arg) {
    (void)arg;
    while (tl_load(&fp_stage) != 1) gort_gosched();
    fp_fresh = fegetround(); /* a new goroutine starts with the defaults */
    fesetround(FE_DOWNWARD);
    tl_store(&fp_stage, 2);
    gort_gosched();
    fp_round2 = fegetround();
    fp_div2 = third();
    fesetround(FE_TONEAREST);
    tl_inc(&fp_done);
}

/* The FPU control words (MXCSR, x87 CW) are part of the saved context. */
static void test_fpu_control_per_goroutine(void *arg) {
    (void)arg;
    gort_gomaxprocs(1);
    gort_go(fp_one, NULL);
    gort_go(fp_two, NULL);
    CHECK(tl_wait_ge(&fp_done, 2, BOUND));
    CHECK_EQ(fp_fresh, FE_TONEAREST);
    CHECK_EQ(fp_round1, FE_UPWARD);
    CHECK_EQ(fp_round2, FE_DOWNWARD);
    CHECK(fp_div1 > fp_div2); /* up vs down differ in the last bit */
    CHECK_EQ(fegetround(), FE_TONEAREST);
}

/* ---------------------------------------------------------------------- */
/* gort_call                                                               */
/* ---------------------------------------------------------------------- */

static int64_t call_goid, call_inline_goid;
static int call_slept;

static void call_fn(void *arg) {
    int64_t t0 = gort_nanotime();
    gort_sleep(2 * GORT_MILLISECOND);
    call_slept = gort_nanotime() - t0 >= 2 * GORT_MILLISECOND;
    *(int64_t *)arg = gort_goid();
}

static void *call_thread(void *arg) {
    (void)arg;
    gort_call(call_fn, &call_goid); /* blocks this thread */
    return NULL;
}

static void test_gort_call(void *arg) {
    (void)arg;
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, call_thread, NULL), 0);
    gort_syscall_enter();
    pthread_join(t, NULL);
    gort_syscall_exit();
    CHECK(call_goid > 1);
    CHECK(call_slept);
    /* From a goroutine, gort_call just calls fn. */
    gort_call(call_fn, &call_inline_goid);
    CHECK_EQ(call_inline_goid, gort_goid());
}

/* ---------------------------------------------------------------------- */

int main(void) {
    tl_procs = 2; /* every body starts with GOMAXPROCS 2 */
    const struct CMUnitTest tests[] = {
        /* First: it must run before the runtime starts (see above). */
        cmocka_unit_test(test_runq_concurrent_steal),
        GO_TEST(test_goid_and_count),
        GO_TEST(test_work_stealing),
        GO_TEST(test_parallel_on_two_ps),
        GO_TEST(test_100k_goroutines),
        GO_TEST(test_10k_parked),
        GO_TEST(test_syscall_handoff_read),
        GO_TEST(test_syscall_handoff_nanosleep),
        GO_TEST(test_syscall_loop_yields),
        GO_TEST(test_gomaxprocs),
        GO_TEST(test_gomaxprocs_moves_timers),
        GO_TEST(test_preempt_request),
        GO_TEST(test_preempt_yields),
        GO_TEST(test_pingpong_pair_does_not_starve),
        GO_TEST(test_gosched_alternates),
        GO_TEST(test_errno_per_goroutine),
        GO_TEST(test_errno_survives_migration),
        GO_TEST(test_fpu_control_per_goroutine),
        GO_TEST(test_gort_call),
    };
    return cmocka_run_group_tests_name("sched", tests, NULL, NULL);
}
