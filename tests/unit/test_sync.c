/*
 * test_sync.c — the semaphore table and package sync: Mutex (exclusion,
 * starvation mode in and out), RWMutex (writer preference, reader
 * concurrency), WaitGroup (10k goroutines, misuse panics), Once, Cond,
 * Pool (victim rotation) and Map (promotion, expunged, concurrent Range).
 *
 * GORT_TEST_CONCURRENCY: run under ThreadSanitizer; the exclusion tests
 * touch plain (non-atomic) data under the locks, so a broken lock is a
 * reported race as well as a wrong count.
 */
#include "testlib.h"


/* ---------------------------------------------------------------------- */
/* Semaphore table                                                         */
/* ---------------------------------------------------------------------- */

/* Addresses 251*8 bytes apart hash to the same root, so these exercise the
 * treap: several distinct addresses in one root, each with a FIFO. */
enum { SEMROOTS = 251, NADDR = 6, PERADDR = 5 };
static uint32_t semwords[NADDR * SEMROOTS * 2] __attribute__((aligned(8)));
static uint32_t *semaddr(int i) { return &semwords[i * SEMROOTS * 2]; }

static int semorder[NADDR][PERADDR]; /* wake order per address */
static int semnext[NADDR];           /* guarded by the semaphores' hand-off */
static gort_waitgroup semwg;

typedef struct { int addr, id; } semarg;

static void semwaiter(void *p) {
    semarg *a = p;
    rt_semacquire(semaddr(a->addr));
    int k = __atomic_fetch_add(&semnext[a->addr], 1, __ATOMIC_ACQ_REL);
    semorder[a->addr][k] = a->id;
    gort_waitgroup_done(&semwg);
}

/* Are *(int *)arg goroutines parked in semacquire? */
static bool sema_queued(void *arg) {
    int n = 0;
    for (size_t i = 0; i < rt_allglen; i++) {
        G *gp = rt_allgs[i];
        if (ald(&gp->status) == Gwaiting && gp->waitreason &&
            strcmp(gp->waitreason, WAIT_SEMACQUIRE) == 0)
            n++;
    }
    return n == *(int *)arg;
}

static void test_sema_fifo_per_address(void *arg) {
    (void)arg;
    static semarg args[NADDR][PERADDR];
    gort_waitgroup_add(&semwg, NADDR * PERADDR);
    /* Queue waiters one round at a time, each round parked before the
     * next starts, so the FIFO order is known (a pause between rounds is
     * not enough: on a loaded machine a round may not have run yet). */
    for (int id = 0; id < PERADDR; id++) {
        for (int a = 0; a < NADDR; a++) {
            args[a][id] = (semarg){a, id};
            gort_go(semwaiter, &args[a][id]);
        }
        int queued = (id + 1) * NADDR;
        CHECK(tl_wait_until(sema_queued, &queued, 5 * GORT_SECOND));
    }
    /* Release addresses in a scrambled order, one count at a time (and
     * wait for its effect, so run order cannot blur wake order); each
     * release must wake the oldest waiter of that address. */
    for (int id = 0; id < PERADDR; id++) {
        for (int j = 0; j < NADDR; j++) {
            int a = (j * 5 + id) % NADDR;
            rt_semrelease(semaddr(a));
            while (__atomic_load_n(&semnext[a], __ATOMIC_ACQUIRE) != id + 1)
                gort_sleep(20 * GORT_MICROSECOND);
        }
    }
    gort_waitgroup_wait(&semwg);
    for (int a = 0; a < NADDR; a++) {
        CHECK_EQ(semnext[a], PERADDR);
        for (int k = 0; k < PERADDR; k++) CHECK_EQ(semorder[a][k], k);
        CHECK_EQ(*semaddr(a), 0);
    }
}

/* A count released before anyone waits is consumed without parking. */
static void test_sema_counts(void *arg) {
    (void)arg;
    static uint32_t s;
    rt_semrelease(&s);
    rt_semrelease(&s);
    CHECK_EQ(s, 2);
    rt_semacquire(&s);
    rt_semacquire(&s);
    CHECK_EQ(s, 0);
}

/* ---------------------------------------------------------------------- */
/* Mutex                                                                   */
/* ---------------------------------------------------------------------- */

static gort_mutex excl_mu;
static long excl_counter;         /* plain: guarded by excl_mu */
static int excl_inside;           /* plain: must never exceed 1 */
static int excl_maxinside;
static gort_waitgroup excl_wg;
enum { EXCL_G = 16, EXCL_N = 20000 };

static void excl_worker(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < EXCL_N; i++) {
        if ((i + id) % 7 == 0) {
            while (!gort_mutex_trylock(&excl_mu)) gort_gosched();
        } else {
            gort_mutex_lock(&excl_mu);
        }
        excl_inside++;
        if (excl_inside > excl_maxinside) excl_maxinside = excl_inside;
        excl_counter++;
        if (i % 1000 == 0) gort_gosched(); /* hold it across a switch */
        excl_inside--;
        gort_mutex_unlock(&excl_mu);
    }
    gort_waitgroup_done(&excl_wg);
}

static void test_mutex_exclusion(void *arg) {
    (void)arg;
    gort_waitgroup_add(&excl_wg, EXCL_G);
    for (long i = 0; i < EXCL_G; i++) gort_go(excl_worker, (void *)i);
    gort_waitgroup_wait(&excl_wg);
    CHECK_EQ(excl_counter, (long)EXCL_G * EXCL_N);
    CHECK_EQ(excl_maxinside, 1);
    CHECK_EQ(excl_mu.state, 0);
}

static void test_mutex_trylock(void *arg) {
    (void)arg;
    gort_mutex m = GORT_MUTEX_INIT;
    CHECK(gort_mutex_trylock(&m));
    CHECK(!(gort_mutex_trylock(&m)));
    gort_mutex_unlock(&m);
    CHECK_EQ(m.state, 0);
    gort_mutex_lock(&m);
    CHECK_EQ(m.state, GORT_MUTEX_LOCKED);
    gort_mutex_unlock(&m);
}

/* A hog that re-takes the lock right after releasing it (it is running;
 * the woken waiter is not yet) starves a waiter in normal mode.  After 1 ms
 * the waiter switches the mutex to starvation mode and gets it handed off;
 * being the last waiter, it switches back. */
static gort_mutex fair_mu;
static int fair_stop;           /* atomic */
static int fair_saw_starving;   /* atomic: hog saw the bit while holding */
static int fair_victim_done;    /* atomic */
static gort_waitgroup fair_wg;

static void fair_hog(void *arg) {
    (void)arg;
    while (!__atomic_load_n(&fair_stop, __ATOMIC_ACQUIRE)) {
        gort_mutex_lock(&fair_mu);
        if (__atomic_load_n(&fair_mu.state, __ATOMIC_RELAXED) &
            GORT_MUTEX_STARVING)
            __atomic_store_n(&fair_saw_starving, 1, __ATOMIC_RELAXED);
        gort_sleep(100 * GORT_MICROSECOND);
        gort_mutex_unlock(&fair_mu);
    }
    gort_waitgroup_done(&fair_wg);
}

static void fair_victim(void *arg) {
    (void)arg;
    gort_sleep(GORT_MILLISECOND); /* let the hog get going */
    for (int i = 0; i < 10; i++) {
        gort_mutex_lock(&fair_mu);
        gort_mutex_unlock(&fair_mu);
        gort_sleep(100 * GORT_MICROSECOND);
    }
    __atomic_store_n(&fair_victim_done, 1, __ATOMIC_RELEASE);
    __atomic_store_n(&fair_stop, 1, __ATOMIC_RELEASE);
    gort_waitgroup_done(&fair_wg);
}

static void test_mutex_starvation_mode(void *arg) {
    (void)arg;
    uint64_t enter0 = ald(&rt_mutex_starve_enter);
    uint64_t exit0 = ald(&rt_mutex_starve_exit);
    gort_waitgroup_add(&fair_wg, 2);
    gort_go(fair_hog, NULL);
    gort_go(fair_victim, NULL);
    gort_waitgroup_wait(&fair_wg);
    CHECK(fair_victim_done);
    uint64_t entered = ald(&rt_mutex_starve_enter) - enter0;
    uint64_t left = ald(&rt_mutex_starve_exit) - exit0;
    CHECK(entered >= 1);  /* the victim had to force its turn */
    CHECK_EQ(entered, left); /* and every episode ended */
    CHECK_EQ(fair_mu.state, 0);
    (void)fair_saw_starving; /* informative: depends on interleaving */
}

/* Starvation mode step by step, on one P so the interleaving is fixed.
 * Three waiters queue behind main for > 1 ms.  Main unlocks (normal mode:
 * waiter 0 is woken, but not yet running) and re-locks at once, barging
 * ahead of it.  Waiter 0 runs, finds the lock taken after waiting > 1 ms,
 * sets the starving bit and queues at the front.  From then on each Unlock
 * hands the lock to the queue head; waiter 2, the last one, switches the
 * mutex back to normal mode. */
static gort_mutex st_mu;
static int st_order[3], st_n;   /* under st_mu */
static int32_t st_seen[3];      /* state observed by each waiter, locked */
static gort_waitgroup st_wg;

static void st_waiter(void *arg) {
    long id = (long)arg;
    gort_mutex_lock(&st_mu);
    st_seen[st_n] = __atomic_load_n(&st_mu.state, __ATOMIC_RELAXED);
    st_order[st_n++] = (int)id;
    gort_mutex_unlock(&st_mu);
    gort_waitgroup_done(&st_wg);
}

static int32_t st_state(void) {
    return __atomic_load_n(&st_mu.state, __ATOMIC_RELAXED);
}

static void test_mutex_starvation_handoff(void *arg) {
    (void)arg;
    int procs = gort_gomaxprocs(1);
    uint64_t enter0 = ald(&rt_mutex_starve_enter);
    uint64_t exit0 = ald(&rt_mutex_starve_exit);
    gort_mutex_lock(&st_mu);
    gort_waitgroup_add(&st_wg, 3);
    for (long i = 0; i < 3; i++) {
        gort_go(st_waiter, (void *)i);
        while ((st_state() >> GORT_MUTEX_WAITER_SHIFT) != i + 1)
            gort_sleep(50 * GORT_MICROSECOND);
    }
    gort_sleep(2 * GORT_MILLISECOND); /* everyone has waited > 1 ms */
    CHECK_EQ(st_state(), GORT_MUTEX_LOCKED | 3 << GORT_MUTEX_WAITER_SHIFT);
    gort_mutex_unlock(&st_mu);  /* wakes waiter 0 (runnable, not running) */
    CHECK_EQ(st_state(), GORT_MUTEX_WOKEN | 2 << GORT_MUTEX_WAITER_SHIFT);
    gort_mutex_lock(&st_mu);    /* barge */
    gort_sleep(GORT_MILLISECOND); /* waiter 0 runs, loses, starves */
    CHECK_EQ(st_state(), GORT_MUTEX_LOCKED | GORT_MUTEX_STARVING |
                                     3 << GORT_MUTEX_WAITER_SHIFT);
    CHECK_EQ(ald(&rt_mutex_starve_enter) - enter0, 1);
    /* A newcomer may not take a starving mutex, even when it is free. */
    gort_mutex_unlock(&st_mu);  /* hands off to waiter 0 and yields to it */
    gort_waitgroup_wait(&st_wg);
    gort_gomaxprocs(procs);
    CHECK_EQ(st_order[0], 0);
    CHECK_EQ(st_order[1], 1);
    CHECK_EQ(st_order[2], 2);
    CHECK(st_seen[0] & GORT_MUTEX_STARVING);
    CHECK(st_seen[1] & GORT_MUTEX_STARVING);
    CHECK(!(st_seen[2] & GORT_MUTEX_STARVING)); /* last: back to normal */
    CHECK_EQ(ald(&rt_mutex_starve_exit) - exit0, 1);
    CHECK_EQ(st_state(), 0);
}

static void test_mutex_trylock_starving(void *arg) {
    (void)arg;
    gort_mutex m = {GORT_MUTEX_STARVING | 1 << GORT_MUTEX_WAITER_SHIFT, 0};
    CHECK(!(gort_mutex_trylock(&m))); /* free but owed to a waiter */
}

/* ---------------------------------------------------------------------- */
/* RWMutex                                                                 */
/* ---------------------------------------------------------------------- */

enum { NREADERS = 8 };
static gort_rwmutex rw;
static int rw_inside;            /* atomic: readers holding the read lock */
static int rw_release;           /* atomic */
static gort_waitgroup rw_wg;

static void rw_reader(void *arg) {
    (void)arg;
    gort_rwmutex_rlock(&rw);
    __atomic_add_fetch(&rw_inside, 1, __ATOMIC_ACQ_REL);
    while (!__atomic_load_n(&rw_release, __ATOMIC_ACQUIRE))
        gort_sleep(100 * GORT_MICROSECOND);
    __atomic_sub_fetch(&rw_inside, 1, __ATOMIC_ACQ_REL);
    gort_rwmutex_runlock(&rw);
    gort_waitgroup_done(&rw_wg);
}

static bool all_readers_inside(void *arg) {
    (void)arg;
    return __atomic_load_n(&rw_inside, __ATOMIC_ACQUIRE) == NREADERS;
}

static void test_rwmutex_readers_concurrent(void *arg) {
    (void)arg;
    gort_waitgroup_add(&rw_wg, NREADERS);
    for (int i = 0; i < NREADERS; i++) gort_go(rw_reader, NULL);
    /* All readers hold the lock at once; none can leave before that. */
    CHECK(tl_wait_until(all_readers_inside, NULL, 10 * GORT_SECOND));
    CHECK_EQ(rw.reader_count, NREADERS);
    CHECK(!(gort_rwmutex_trylock(&rw)));
    CHECK(gort_rwmutex_tryrlock(&rw));
    gort_rwmutex_runlock(&rw);
    __atomic_store_n(&rw_release, 1, __ATOMIC_RELEASE);
    gort_waitgroup_wait(&rw_wg);
    CHECK_EQ(rw.reader_count, 0);
    CHECK(gort_rwmutex_trylock(&rw));
    gort_rwmutex_unlock(&rw);
}

/* Writer preference: with a reader inside and a writer waiting, a new
 * reader must wait for the writer. */
static gort_rwmutex wp;
static int wp_log[3], wp_n;     /* atomic index */
static int wp_release;          /* atomic */
static gort_waitgroup wp_wg;

static void wp_note(int who) {
    int k = __atomic_fetch_add(&wp_n, 1, __ATOMIC_ACQ_REL);
    wp_log[k] = who;
}

static void wp_first_reader(void *arg) {
    (void)arg;
    gort_rwmutex_rlock(&wp);
    while (!__atomic_load_n(&wp_release, __ATOMIC_ACQUIRE))
        gort_sleep(100 * GORT_MICROSECOND);
    wp_note(1);
    gort_rwmutex_runlock(&wp);
    gort_waitgroup_done(&wp_wg);
}

static void wp_writer(void *arg) {
    (void)arg;
    gort_rwmutex_lock(&wp);
    wp_note(2);
    gort_rwmutex_unlock(&wp);
    gort_waitgroup_done(&wp_wg);
}

static void wp_late_reader(void *arg) {
    (void)arg;
    gort_rwmutex_rlock(&wp);
    wp_note(3);
    gort_rwmutex_runlock(&wp);
    gort_waitgroup_done(&wp_wg);
}

static bool wp_writer_pending(void *arg) {
    (void)arg;
    return __atomic_load_n(&wp.reader_count, __ATOMIC_ACQUIRE) < 0;
}

static bool wp_late_parked(void *arg) {
    (void)arg;
    /* 1 active reader, the announced writer, and the late reader counted:
     * reader_count = 2 - 2^30 (the late reader incremented it and parked). */
    return __atomic_load_n(&wp.reader_count, __ATOMIC_ACQUIRE) ==
           2 - GORT_RWMUTEX_MAX_READERS;
}

static void test_rwmutex_writer_preference(void *arg) {
    (void)arg;
    gort_waitgroup_add(&wp_wg, 3);
    gort_go(wp_first_reader, NULL);
    while (__atomic_load_n(&wp.reader_count, __ATOMIC_ACQUIRE) != 1)
        gort_sleep(50 * GORT_MICROSECOND);
    gort_go(wp_writer, NULL);
    CHECK(tl_wait_until(wp_writer_pending, NULL, 10 * GORT_SECOND));
    CHECK(!(gort_rwmutex_tryrlock(&wp))); /* writer pending: no readers */
    gort_go(wp_late_reader, NULL);
    CHECK(tl_wait_until(wp_late_parked, NULL, 10 * GORT_SECOND));
    CHECK_EQ(__atomic_load_n(&wp_n, __ATOMIC_ACQUIRE), 0);
    __atomic_store_n(&wp_release, 1, __ATOMIC_RELEASE);
    gort_waitgroup_wait(&wp_wg);
    CHECK_EQ(wp_log[0], 1);
    CHECK_EQ(wp_log[1], 2);
    CHECK_EQ(wp_log[2], 3);
    CHECK_EQ(wp.reader_count, 0);
    CHECK_EQ(wp.reader_wait, 0);
}

/* Mixed readers and writers: writers' increments are exclusive, readers
 * see consistent pairs. */
static gort_rwmutex mix;
static long mix_a, mix_b;        /* plain: written only under the write lock */
static int mix_bad;              /* atomic */
static gort_waitgroup mix_wg;

static void mix_worker(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < 3000; i++) {
        if ((i + id) % 10 == 0) {
            gort_rwmutex_lock(&mix);
            mix_a++;
            if (i % 300 == 0) gort_gosched();
            mix_b++;
            gort_rwmutex_unlock(&mix);
        } else {
            gort_rwmutex_rlock(&mix);
            if (mix_a != mix_b) __atomic_store_n(&mix_bad, 1, __ATOMIC_RELAXED);
            gort_rwmutex_runlock(&mix);
        }
    }
    gort_waitgroup_done(&mix_wg);
}

static void test_rwmutex_mixed(void *arg) {
    (void)arg;
    gort_waitgroup_add(&mix_wg, 8);
    for (long i = 0; i < 8; i++) gort_go(mix_worker, (void *)i);
    gort_waitgroup_wait(&mix_wg);
    CHECK_EQ(mix_bad, 0);
    CHECK_EQ(mix_a, 8 * 300);
    CHECK_EQ(mix_b, 8 * 300);
}

/* ---------------------------------------------------------------------- */
/* WaitGroup                                                               */
/* ---------------------------------------------------------------------- */

#if GORT_SANITIZE_THREAD
enum { WG_N = 1000 }; /* each goroutine is a (slow) TSan fiber */
#else
enum { WG_N = 10000 };
#endif
static gort_waitgroup big_wg, start_wg;
static int big_done; /* atomic */

static void wg_worker(void *arg) {
    (void)arg;
    gort_waitgroup_wait(&start_wg); /* many waiters on one WaitGroup too */
    __atomic_add_fetch(&big_done, 1, __ATOMIC_RELAXED);
    gort_waitgroup_done(&big_wg);
}

static void test_waitgroup_10k(void *arg) {
    (void)arg;
    /* The previous test's workers may still be on their way out after
     * their Done (their thread descheduled on a loaded machine): let them
     * go before counting. */
    for (int i = 0; i < 1000 && gort_numgoroutine() > 1; i++)
        gort_sleep(GORT_MILLISECOND);
    int g0 = gort_numgoroutine();
    gort_waitgroup_add(&start_wg, 1);
    gort_waitgroup_add(&big_wg, WG_N);
    for (int i = 0; i < WG_N; i++) gort_go(wg_worker, NULL);
    gort_waitgroup_done(&start_wg); /* releases all 10k waiters */
    gort_waitgroup_wait(&big_wg);
    CHECK_EQ(big_done, WG_N);
    CHECK_EQ(big_wg.state, 0);
    CHECK_EQ(start_wg.state, 0);
    /* Reusable once Wait has returned. */
    gort_waitgroup_add(&big_wg, 1);
    gort_waitgroup_done(&big_wg);
    gort_waitgroup_wait(&big_wg);
    for (int i = 0; i < 1000 && gort_numgoroutine() > g0; i++)
        gort_sleep(GORT_MILLISECOND);
    CHECK_EQ(gort_numgoroutine(), g0);
}

/* ---------------------------------------------------------------------- */
/* Once                                                                    */
/* ---------------------------------------------------------------------- */

static gort_once once;
static int once_runs;            /* atomic */
static int once_value;           /* plain: written by the once function */
static int once_bad;             /* atomic */
static gort_waitgroup once_wg;

static void once_fn(void *arg) {
    (void)arg;
    __atomic_add_fetch(&once_runs, 1, __ATOMIC_RELAXED);
    gort_sleep(2 * GORT_MILLISECOND); /* callers pile up on the mutex */
    once_value = 42;
}

static void once_caller(void *arg) {
    (void)arg;
    gort_once_do(&once, once_fn, NULL);
    if (once_value != 42) __atomic_store_n(&once_bad, 1, __ATOMIC_RELAXED);
    gort_waitgroup_done(&once_wg);
}

static void test_once_contended(void *arg) {
    (void)arg;
    gort_waitgroup_add(&once_wg, 100);
    for (int i = 0; i < 100; i++) gort_go(once_caller, NULL);
    gort_waitgroup_wait(&once_wg);
    CHECK_EQ(once_runs, 1);
    CHECK_EQ(once_bad, 0);
    CHECK_EQ(once.done, 1);
}

/* A panicking fn counts as done, and the mutex is released: later calls
 * return at once.  The panic reaches Do's caller. */
static gort_once ponce;
static int ponce_runs;

static void ponce_fn(void *arg) {
    (void)arg;
    ponce_runs++;
    gort_panic_str("once boom");
}

static volatile int ponce_recovered;

static void ponce_recover(void *arg) {
    (void)arg;
    gort_any r = gort_recover();
    if (!gort_any_isnil(r)) ponce_recovered = 1;
}

static void ponce_call(void) {
    GORT_FRAME_BEGIN(fr);
    gort_defer(ponce_recover, NULL);
    gort_once_do(&ponce, ponce_fn, NULL);
    GORT_FRAME_END(fr);
}

static void test_once_panic(void *arg) {
    (void)arg;
    ponce_call();
    CHECK(ponce_recovered);
    CHECK_EQ(ponce.done, 1);
    CHECK_EQ(ponce.m.state, 0);
    gort_once_do(&ponce, ponce_fn, NULL); /* does not run fn again */
    CHECK_EQ(ponce_runs, 1);
}

/* ---------------------------------------------------------------------- */
/* Cond                                                                    */
/* ---------------------------------------------------------------------- */

enum { COND_N = 50 };
static gort_mutex cmu;
static gort_cond cond = GORT_COND_INIT(&cmu);
static int cond_flag, cond_waiting, cond_woken; /* under cmu */
static gort_waitgroup cond_wg;

static void cond_waiter(void *arg) {
    (void)arg;
    gort_mutex_lock(&cmu);
    cond_waiting++;
    while (!cond_flag) gort_cond_wait(&cond);
    cond_woken++;
    gort_mutex_unlock(&cmu);
    gort_waitgroup_done(&cond_wg);
}

static bool cond_all_parked(void *arg) {
    (void)arg;
    gort_mutex_lock(&cmu);
    bool all = cond_waiting == COND_N;
    gort_mutex_unlock(&cmu);
    /* Parked, not merely counted: tickets handed out == waiters. */
    return all && (int)ald(&cond.notify.wait) -
                          (int)ald(&cond.notify.notify) == COND_N;
}

static void test_cond_broadcast_wakes_all(void *arg) {
    (void)arg;
    gort_waitgroup_add(&cond_wg, COND_N);
    for (int i = 0; i < COND_N; i++) gort_go(cond_waiter, NULL);
    CHECK(tl_wait_until(cond_all_parked, NULL, 10 * GORT_SECOND));
    gort_mutex_lock(&cmu);
    cond_flag = 1;
    gort_cond_broadcast(&cond);
    gort_mutex_unlock(&cmu);
    gort_waitgroup_wait(&cond_wg);
    CHECK_EQ(cond_woken, COND_N);
}

static gort_mutex smu;
static gort_cond scond;
static int s_tokens, s_waiting, s_woken; /* under smu */
static gort_waitgroup s_wg;

static void signal_waiter(void *arg) {
    (void)arg;
    gort_mutex_lock(&smu);
    s_waiting++;
    while (s_tokens == 0) gort_cond_wait(&scond);
    s_tokens--;
    s_woken++;
    gort_mutex_unlock(&smu);
    gort_waitgroup_done(&s_wg);
}

static bool s_parked(void *arg) {
    int want = (int)(intptr_t)arg;
    return (int)(ald(&scond.notify.wait) - ald(&scond.notify.notify)) == want;
}

static int s_woken_now(void) {
    gort_mutex_lock(&smu);
    int w = s_woken;
    gort_mutex_unlock(&smu);
    return w;
}

static void test_cond_signal_wakes_one(void *arg) {
    (void)arg;
    gort_cond_init(&scond, &smu);
    gort_waitgroup_add(&s_wg, 3);
    for (int i = 0; i < 3; i++) gort_go(signal_waiter, NULL);
    CHECK(tl_wait_until(s_parked, (void *)(intptr_t)3, 10 * GORT_SECOND));
    for (int k = 1; k <= 3; k++) {
        gort_mutex_lock(&smu);
        s_tokens++;
        gort_cond_signal(&scond);
        gort_mutex_unlock(&smu);
        while (s_woken_now() < k) gort_sleep(100 * GORT_MICROSECOND);
        gort_sleep(2 * GORT_MILLISECOND); /* nobody else wakes meanwhile */
        CHECK_EQ(s_woken_now(), k);
    }
    gort_waitgroup_wait(&s_wg);
    /* Signal with no waiters is a no-op. */
    gort_cond_signal(&scond);
    gort_cond_broadcast(&scond);
}

/* ---------------------------------------------------------------------- */
/* Pool                                                                    */
/* ---------------------------------------------------------------------- */

/* What a collection does to pools, without a collector: the cycle hooks
 * run with the world stopped, as the collector runs them at the start of
 * every cycle. */
static void fake_gc_cycle(void) {
    rt_stopTheWorld("test: GC cycle hooks");
    rt_gc_run_cycle_hooks();
    rt_startTheWorld();
}

static int pool_news; /* atomic */
static void *pool_new(void *arg) {
    __atomic_add_fetch(&pool_news, 1, __ATOMIC_RELAXED);
    return arg;
}

static void test_pool_basic(void *arg) {
    (void)arg;
    int procs = gort_gomaxprocs(1); /* everything on one P's cache */
    static gort_pool p;             /* zero value: no New */
    static int objs[1000];
    CHECK(gort_pool_get(&p) == NULL);
    gort_pool_put(&p, NULL); /* ignored */
    CHECK(gort_pool_get(&p) == NULL);
    gort_pool_put(&p, &objs[0]);
    CHECK(gort_pool_get(&p) == &objs[0]); /* the private slot */
    CHECK(gort_pool_get(&p) == NULL);
    /* Many: private, then rings of 8, 16, ... on the shared chain. */
    for (int i = 0; i < 1000; i++) gort_pool_put(&p, &objs[i]);
    static char seen[1000];
    memset(seen, 0, sizeof seen);
    for (int i = 0; i < 1000; i++) {
        int *x = gort_pool_get(&p);
        CHECK(x != NULL);
        CHECK(x >= objs && x < objs + 1000);
        CHECK(!seen[x - objs]);
        seen[x - objs] = 1;
    }
    CHECK(gort_pool_get(&p) == NULL);
    /* New makes a value when empty. */
    static int fresh;
    /* Pools stay registered with the runtime until two cycles after their
     * last use: never on a stack. */
    static gort_pool q = GORT_POOL_INIT(pool_new, &fresh);
    CHECK(gort_pool_get(&q) == &fresh);
    CHECK_EQ(pool_news, 1);
    gort_pool_put(&q, &objs[1]);
    CHECK(gort_pool_get(&q) == &objs[1]);
    CHECK_EQ(pool_news, 1);
    gort_gomaxprocs(procs);
}

/* Objects survive one cycle (in the victim cache) and are dropped at the
 * second. */
static void test_pool_victim_rotation(void *arg) {
    (void)arg;
    int procs = gort_gomaxprocs(1);
    static gort_pool p;
    static int a, b, c[20];
    size_t nall, nold;
    gort_pool_put(&p, &a);
    for (int i = 0; i < 20; i++) gort_pool_put(&p, &c[i]);
    rt_pool_counts(&nall, &nold);
    CHECK(nall >= 1);
    fake_gc_cycle(); /* local -> victim */
    CHECK(p.local == NULL);
    CHECK(p.victim != NULL);
    rt_pool_counts(&nall, &nold);
    CHECK_EQ(nall, 0);
    CHECK(nold >= 1);
    CHECK(gort_pool_get(&p) == &a); /* victim's private slot */
    CHECK(gort_pool_get(&p) != NULL); /* victim's shared chain */
    /* (Those Gets found local empty and made a new, empty local array, as
     * Go's do; so the pool is registered again.) */
    fake_gc_cycle(); /* the rest of the victim is dropped */
    CHECK(gort_pool_get(&p) == NULL);
    /* Put after a cycle: local again; two cycles without use drop it. */
    gort_pool_put(&p, &b);
    fake_gc_cycle();
    fake_gc_cycle();
    CHECK(p.local == NULL && p.victim == NULL);
    rt_pool_counts(&nall, &nold);
    CHECK_EQ(nall, 0); /* unused pools drop out of the registry */
    CHECK(gort_pool_get(&p) == NULL);
    gort_gomaxprocs(procs);
}

/* Many goroutines on all Ps putting and getting: no object may be handed
 * out twice at once (each carries an owner flag), and none is invented. */
enum { POOL_OBJS = 256, POOL_G = 8, POOL_ITERS = 4000 };
typedef struct pobj { int owned; int magic; } pobj;
static pobj pobjs[POOL_OBJS];
static gort_pool cpool;
static int pool_bad; /* atomic */
static gort_waitgroup pool_wg;

static void pool_worker(void *arg) {
    long id = (long)arg;
    pobj *mine[8];
    int n = 0;
    for (int i = 0; i < POOL_ITERS; i++) {
        if (n < 8 && (i + id) % 3 != 0) {
            pobj *x = gort_pool_get(&cpool);
            if (!x) continue;
            if (x->magic != 0x5eed || __atomic_exchange_n(&x->owned, 1, __ATOMIC_ACQ_REL))
                __atomic_store_n(&pool_bad, 1, __ATOMIC_RELAXED);
            mine[n++] = x;
        } else if (n > 0) {
            pobj *x = mine[--n];
            __atomic_store_n(&x->owned, 0, __ATOMIC_RELEASE);
            gort_pool_put(&cpool, x);
        }
        if (i % 500 == 0) gort_gosched();
    }
    while (n > 0) {
        pobj *x = mine[--n];
        __atomic_store_n(&x->owned, 0, __ATOMIC_RELEASE);
        gort_pool_put(&cpool, x);
    }
    gort_waitgroup_done(&pool_wg);
}

static void test_pool_concurrent(void *arg) {
    (void)arg;
    for (int i = 0; i < POOL_OBJS; i++) {
        pobjs[i].magic = 0x5eed;
        gort_pool_put(&cpool, &pobjs[i]);
    }
    gort_waitgroup_add(&pool_wg, POOL_G);
    for (long i = 0; i < POOL_G; i++) gort_go(pool_worker, (void *)i);
    gort_waitgroup_wait(&pool_wg);
    CHECK_EQ(pool_bad, 0);
    /* Drain: never more than we put in, and never a duplicate. */
    int got = 0;
    void *x;
    while ((x = gort_pool_get(&cpool)) != NULL) {
        pobj *o = x;
        CHECK(o >= pobjs && o < pobjs + POOL_OBJS);
        CHECK(!__atomic_exchange_n(&o->owned, 1, __ATOMIC_ACQ_REL));
        got++;
    }
    CHECK(got <= POOL_OBJS);
}

/* ---------------------------------------------------------------------- */
/* Map                                                                     */
/* ---------------------------------------------------------------------- */

#define K(n) ((const void *)(uintptr_t)(n))
#define V(n) ((void *)(uintptr_t)(n))

static void test_syncmap_semantics(void *arg) {
    (void)arg;
    gort_syncmap m = GORT_SYNCMAP_INIT;
    void *v = V(99);
    CHECK(!gort_syncmap_load(&m, K(1), &v));
    CHECK(v == V(99)); /* untouched on a miss */
    gort_syncmap_store(&m, K(1), V(10));
    CHECK(gort_syncmap_load(&m, K(1), &v) && v == V(10));
    gort_syncmap_store(&m, K(1), V(11));
    CHECK(gort_syncmap_load(&m, K(1), &v) && v == V(11));
    void *actual;
    CHECK(gort_syncmap_load_or_store(&m, K(1), V(12), &actual));
    CHECK(actual == V(11));
    CHECK(!gort_syncmap_load_or_store(&m, K(2), V(20), &actual));
    CHECK(actual == V(20));
    CHECK(gort_syncmap_load(&m, K(2), &v) && v == V(20));
    /* A NULL value is a value. */
    gort_syncmap_store(&m, K(3), NULL);
    v = V(1);
    CHECK(gort_syncmap_load(&m, K(3), &v) && v == NULL);
    CHECK(gort_syncmap_load_or_store(&m, K(3), V(30), &actual) && actual == NULL);
    /* LoadAndDelete / Delete. */
    CHECK(gort_syncmap_load_and_delete(&m, K(2), &v) && v == V(20));
    CHECK(!gort_syncmap_load_and_delete(&m, K(2), &v));
    CHECK(!gort_syncmap_load(&m, K(2), NULL));
    gort_syncmap_delete(&m, K(1));
    gort_syncmap_delete(&m, K(1));
    CHECK(!gort_syncmap_load(&m, K(1), NULL));
    gort_syncmap_store(&m, K(1), V(13));
    CHECK(gort_syncmap_load(&m, K(1), &v) && v == V(13));
    /* Key 0 is a key like any other. */
    gort_syncmap_store(&m, K(0), V(5));
    CHECK(gort_syncmap_load(&m, K(0), &v) && v == V(5));
}

static void test_syncmap_promotion_and_expunge(void *arg) {
    (void)arg;
    gort_syncmap m = GORT_SYNCMAP_INIT;
    intptr_t nr, nd, miss;
    bool am;
    for (int i = 1; i <= 10; i++) gort_syncmap_store(&m, K(i), V(i * 100));
    rt_syncmap_stats(&m, &nr, &nd, &miss, &am);
    CHECK_EQ(nr, 0);  /* new keys go to dirty only */
    CHECK_EQ(nd, 10);
    CHECK(am);
    /* Each Load misses read and locks; after len(dirty) misses, dirty is
     * promoted to read. */
    for (int i = 0; i < 9; i++) CHECK(gort_syncmap_load(&m, K(5), NULL));
    rt_syncmap_stats(&m, &nr, &nd, &miss, &am);
    CHECK_EQ(miss, 9);
    CHECK_EQ(nr, 0);
    CHECK(gort_syncmap_load(&m, K(5), NULL));
    rt_syncmap_stats(&m, &nr, &nd, &miss, &am);
    CHECK_EQ(nr, 10);
    CHECK_EQ(nd, -1); /* dirty is nil */
    CHECK_EQ(miss, 0);
    CHECK(!am);
    /* Now Loads hit read: no misses counted. */
    for (int i = 1; i <= 10; i++) CHECK(gort_syncmap_load(&m, K(i), NULL));
    rt_syncmap_stats(&m, &nr, &nd, &miss, &am);
    CHECK_EQ(miss, 0);
    /* Updates of read keys are lock-free and need no dirty map. */
    gort_syncmap_store(&m, K(3), V(333));
    rt_syncmap_stats(&m, &nr, &nd, &miss, &am);
    CHECK_EQ(nd, -1);
    /* Delete a key (nil in read), then add a new key: dirty is rebuilt
     * from read without the deleted key (expunged). */
    gort_syncmap_delete(&m, K(7));
    gort_syncmap_store(&m, K(11), V(1100));
    rt_syncmap_stats(&m, &nr, &nd, &miss, &am);
    CHECK_EQ(nr, 10);
    CHECK_EQ(nd, 10); /* 9 live + key 11 */
    CHECK(am);
    CHECK(!gort_syncmap_load(&m, K(7), NULL));
    /* Storing the expunged key again puts its entry back into dirty. */
    gort_syncmap_store(&m, K(7), V(777));
    rt_syncmap_stats(&m, &nr, &nd, &miss, &am);
    CHECK_EQ(nd, 11);
    void *v;
    CHECK(gort_syncmap_load(&m, K(7), &v) && v == V(777));
    CHECK(gort_syncmap_load(&m, K(3), &v) && v == V(333));
    /* A miss on a missing key also counts (it took the lock). */
    CHECK(!gort_syncmap_load(&m, K(12345), NULL));
    rt_syncmap_stats(&m, &nr, &nd, &miss, &am);
    CHECK(miss >= 1);
}

static bool count_fn(const void *k, void *v, void *arg) {
    (void)k;
    (void)v;
    (*(int *)arg)++;
    return true;
}

static void test_syncmap_typed_keys(void *arg) {
    (void)arg;
    gort_syncmap m = GORT_SYNCMAP_INIT;
    m.key_type = &gort_type_string;
    char buf1[] = "alpha", buf2[] = "alpha";
    gort_string a1 = {buf1, 5}, a2 = {buf2, 5}, b = GORT_STR("beta");
    gort_syncmap_store(&m, &a1, V(1));
    gort_syncmap_store(&m, &b, V(2));
    void *v;
    CHECK(gort_syncmap_load(&m, &a2, &v) && v == V(1)); /* equal bytes */
    gort_string a3 = GORT_STR("alphb");
    CHECK(!gort_syncmap_load(&m, &a3, NULL));
    gort_syncmap n = GORT_SYNCMAP_INIT;
    n.key_type = &gort_type_int64;
    for (int64_t i = 0; i < 1000; i++) gort_syncmap_store(&n, &i, V(i + 1));
    for (int64_t i = 0; i < 1000; i++) {
        int64_t k = i;
        CHECK(gort_syncmap_load(&n, &k, &v) && v == V(i + 1));
    }
    int cnt = 0;
    gort_syncmap_range(&n, count_fn, &cnt);
    CHECK_EQ(cnt, 1000);
    for (int64_t i = 0; i < 1000; i += 2) gort_syncmap_delete(&n, &i);
    cnt = 0;
    gort_syncmap_range(&n, count_fn, &cnt);
    CHECK_EQ(cnt, 500);
}

/* Range while others store and delete: a key is never reported twice in
 * one pass, and values are consistent with keys. */
enum { RK = 512 };
/* The map lives on the test body's stack, which the collector scans
 * (a static one would have to be registered as a root); workers reach it
 * through this pointer. */
static gort_syncmap *rmap;
static int range_stop, range_bad, range_passes; /* atomic */
static gort_waitgroup range_wg;

typedef struct { unsigned char seen[RK]; int dup; } rangestate;

static bool range_fn(const void *k, void *v, void *arg) {
    rangestate *st = arg;
    uintptr_t key = (uintptr_t)k;
    if (key >= RK || ((uintptr_t)v % 100000) != key) st->dup = 1;
    else if (st->seen[key]++) st->dup = 1;
    return true;
}

static void range_writer(void *arg) {
    long id = (long)arg;
    uint32_t x = (uint32_t)id * 2654435761u + 1;
    for (int i = 0; i < 20000 && !__atomic_load_n(&range_stop, __ATOMIC_ACQUIRE); i++) {
        x = x * 1103515245u + 12345u;
        uintptr_t k = (x >> 8) % RK;
        if (x & 1) gort_syncmap_delete(rmap, K(k));
        else gort_syncmap_store(rmap, K(k), V(k + 100000 * (uintptr_t)(i + 1)));
        if (i % 256 == 0) gort_gosched();
    }
    gort_waitgroup_done(&range_wg);
}

static void range_reader(void *arg) {
    (void)arg;
    rangestate *st = malloc(sizeof *st);
    for (int pass = 0; pass < 200; pass++) {
        memset(st, 0, sizeof *st);
        gort_syncmap_range(rmap, range_fn, st);
        if (st->dup) __atomic_store_n(&range_bad, 1, __ATOMIC_RELAXED);
        __atomic_add_fetch(&range_passes, 1, __ATOMIC_RELAXED);
        /* Loads in between, some of them misses. */
        for (uintptr_t k = 0; k < 64; k++) {
            void *v;
            if (gort_syncmap_load(rmap, K(k), &v) && (uintptr_t)v % 100000 != k)
                __atomic_store_n(&range_bad, 1, __ATOMIC_RELAXED);
        }
        gort_gosched();
    }
    free(st);
    gort_waitgroup_done(&range_wg);
}

static void test_syncmap_concurrent_range(void *arg) {
    (void)arg;
    gort_syncmap m = GORT_SYNCMAP_INIT;
    rmap = &m;
    for (uintptr_t k = 0; k < RK; k += 3) gort_syncmap_store(rmap, K(k), V(k));
    gort_waitgroup_add(&range_wg, 6);
    for (long i = 0; i < 4; i++) gort_go(range_writer, (void *)i);
    for (long i = 0; i < 2; i++) gort_go(range_reader, (void *)i);
    gort_waitgroup_wait(&range_wg);
    CHECK_EQ(range_bad, 0);
    CHECK_EQ(range_passes, 400);
    /* Afterwards, Range and Load agree. */
    rangestate *st = malloc(sizeof *st);
    memset(st, 0, sizeof *st);
    gort_syncmap_range(rmap, range_fn, st);
    CHECK(!st->dup);
    for (uintptr_t k = 0; k < RK; k++)
        CHECK_EQ(gort_syncmap_load(rmap, K(k), NULL), st->seen[k]);
    free(st);
}

static bool stop_after_3(const void *k, void *v, void *arg) {
    (void)k;
    (void)v;
    return ++*(int *)arg < 3;
}

static void test_syncmap_range_stops(void *arg) {
    (void)arg;
    gort_syncmap m = GORT_SYNCMAP_INIT;
    for (int i = 0; i < 10; i++) gort_syncmap_store(&m, K(i), V(i));
    int n = 0;
    gort_syncmap_range(&m, stop_after_3, &n);
    CHECK_EQ(n, 3);
}

/* ---------------------------------------------------------------------- */
/* Fatal errors and panics (child processes)                               */
/* ---------------------------------------------------------------------- */

static void child_unlock_unlocked(void *arg) {
    (void)arg;
    gort_mutex m = GORT_MUTEX_INIT;
    gort_mutex_unlock(&m);
}

static void child_runlock_unlocked(void *arg) {
    (void)arg;
    gort_rwmutex m = GORT_RWMUTEX_INIT;
    gort_rwmutex_runlock(&m);
}

static void child_rwunlock_unlocked(void *arg) {
    (void)arg;
    gort_rwmutex m = GORT_RWMUTEX_INIT;
    gort_rwmutex_unlock(&m);
}

static void child_wg_negative(void *arg) {
    (void)arg;
    gort_waitgroup wg = GORT_WAITGROUP_INIT;
    gort_waitgroup_add(&wg, 1);
    gort_waitgroup_done(&wg);
    gort_waitgroup_done(&wg);
}

/* Add(1) again (new round) while a waiter of the old round, woken, has not
 * yet returned from Wait: Go's reuse check.  The waiter is woken through
 * the semaphore but cannot run before main re-Adds, on one P. */
static gort_waitgroup reuse_wg;

static void reuse_waiter(void *arg) {
    (void)arg;
    gort_waitgroup_wait(&reuse_wg);
}

static void child_wg_reused(void *arg) {
    (void)arg;
    gort_gomaxprocs(1);
    gort_waitgroup_add(&reuse_wg, 1);
    gort_go(reuse_waiter, NULL);
    gort_sleep(GORT_MILLISECOND); /* waiter parks */
    gort_waitgroup_done(&reuse_wg); /* wakes it: runnable, not running */
    gort_waitgroup_add(&reuse_wg, 1);
    gort_sleep(GORT_MILLISECOND);
}

static gort_mutex dl_a, dl_b;
static int dl_b_held; /* atomic: dl_other holds dl_b */

static void dl_other(void *arg) {
    (void)arg;
    gort_mutex_lock(&dl_b);
    __atomic_store_n(&dl_b_held, 1, __ATOMIC_RELEASE);
    gort_mutex_lock(&dl_a);
}

static void child_mutex_deadlock(void *arg) {
    (void)arg;
    gort_mutex_lock(&dl_a);
    gort_go(dl_other, NULL);
    /* A handshake, not a sleep: on a loaded machine (TSan, CI) the other
     * goroutine may not run for a long time. */
    while (!__atomic_load_n(&dl_b_held, __ATOMIC_ACQUIRE))
        gort_sleep(GORT_MICROSECOND * 100);
    gort_mutex_lock(&dl_b); /* ABBA: both park forever */
}

static void rlocker(void *arg) { gort_rwmutex_rlock(arg); }

static void child_wg_deadlock(void *arg) {
    (void)arg;
    static gort_waitgroup wg;
    static gort_rwmutex r;
    gort_rwmutex_lock(&r);
    gort_go(rlocker, &r);
    gort_waitgroup_add(&wg, 1);
    gort_waitgroup_wait(&wg);
}

static void child_cond_copied(void *arg) {
    (void)arg;
    gort_mutex m = GORT_MUTEX_INIT;
    gort_cond c = GORT_COND_INIT(&m);
    gort_cond_signal(&c);
    gort_cond d = c;
    gort_cond_signal(&d);
}

static void test_fatal_unlock_unlocked(void *arg) {
    (void)arg;
    CHECK_CHILD("unlock_unlocked", NULL, 2, "fatal error: sync: unlock of unlocked mutex",
                "goroutine 1 [running]:");
}

static void test_fatal_rwmutex(void *arg) {
    (void)arg;
    CHECK_CHILD("runlock_unlocked", NULL, 2,
                "fatal error: sync: RUnlock of unlocked RWMutex");
    CHECK_CHILD("rwunlock_unlocked", NULL, 2,
                "fatal error: sync: Unlock of unlocked RWMutex");
}

static void test_panic_waitgroup_negative(void *arg) {
    (void)arg;
    CHECK_CHILD("wg_negative", NULL, 2, "panic: sync: negative WaitGroup counter",
                "goroutine 1 [running]:");
    CHECK_CHILD("wg_reused", NULL, 2, "panic: sync: WaitGroup is reused before "
                "previous Wait has returned");
}

static void test_deadlock_on_mutexes(void *arg) {
    (void)arg;
    /* Go 1.19 calls all of these waits "semacquire". */
    CHECK_CHILD("mutex_deadlock", NULL, 2,
                "fatal error: all goroutines are asleep - deadlock!",
                "goroutine 1 [semacquire]:");
    CHECK_CHILD("wg_deadlock", NULL, 2,
                "fatal error: all goroutines are asleep - deadlock!",
                "goroutine 1 [semacquire]:");
    CHECK_CHILD("wg_deadlock", NULL, 2, "[semacquire]:\n", "created by child_wg_deadlock\n");
}

static void test_panic_cond_copied(void *arg) {
    (void)arg;
    CHECK_CHILD("cond_copied", NULL, 2, "panic: sync.Cond is copied");
}

/* ---------------------------------------------------------------------- */

static const struct CMUnitTest tests[] = {
    GO_TEST(test_sema_counts),
    GO_TEST(test_sema_fifo_per_address),
    GO_TEST(test_mutex_trylock),
    GO_TEST(test_mutex_exclusion),
    GO_TEST(test_mutex_starvation_mode),
    GO_TEST(test_mutex_starvation_handoff),
    GO_TEST(test_mutex_trylock_starving),
    GO_TEST(test_rwmutex_readers_concurrent),
    GO_TEST(test_rwmutex_writer_preference),
    GO_TEST(test_rwmutex_mixed),
    GO_TEST(test_waitgroup_10k),
    GO_TEST(test_once_contended),
    GO_TEST(test_once_panic),
    GO_TEST(test_cond_broadcast_wakes_all),
    GO_TEST(test_cond_signal_wakes_one),
    GO_TEST(test_pool_basic),
    GO_TEST(test_pool_victim_rotation),
    GO_TEST(test_pool_concurrent),
    GO_TEST(test_syncmap_semantics),
    GO_TEST(test_syncmap_promotion_and_expunge),
    GO_TEST(test_syncmap_typed_keys),
    GO_TEST(test_syncmap_concurrent_range),
    GO_TEST(test_syncmap_range_stops),
    GO_TEST(test_fatal_unlock_unlocked),
    GO_TEST(test_fatal_rwmutex),
    GO_TEST(test_panic_waitgroup_negative),
    GO_TEST(test_deadlock_on_mutexes),
    GO_TEST(test_panic_cond_copied),
};

static const tl_scenario children[] = {
    {"unlock_unlocked", .main = child_unlock_unlocked},
    {"runlock_unlocked", .main = child_runlock_unlocked},
    {"rwunlock_unlocked", .main = child_rwunlock_unlocked},
    {"wg_negative", .main = child_wg_negative},
    {"wg_reused", .main = child_wg_reused},
    {"mutex_deadlock", .main = child_mutex_deadlock},
    {"wg_deadlock", .main = child_wg_deadlock},
    {"cond_copied", .main = child_cond_copied},
};

int main(int argc, char **argv) {
    tl_child_main(argc, argv, children, RT_ARRAY_LEN(children));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
