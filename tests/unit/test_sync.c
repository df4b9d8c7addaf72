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
#include <gort.h>

#include "runtime.h"
#include "sync_testlib.h"


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

static bool sema_all_queued(void *arg) {
    (void)arg;
    int n = 0;
    for (size_t i = 0; i < rt_allglen; i++) {
        G *gp = rt_allgs[i];
        if (ald(&gp->status) == Gwaiting && gp->waitreason &&
            strcmp(gp->waitreason, WAIT_SEMACQUIRE) == 0)
            n++;
    }
    return n == NADDR * PERADDR;
}

static void test_sema_fifo_per_address(void *arg) {
    (void)arg;
    static semarg args[NADDR][PERADDR];
    gort_waitgroup_add(&semwg, NADDR * PERADDR);
    /* Queue waiters one at a time so the FIFO order is known. */
    for (int id = 0; id < PERADDR; id++) {
        for (int a = 0; a < NADDR; a++) {
            args[a][id] = (semarg){a, id};
            gort_go(semwaiter, &args[a][id]);
        }
        for (int k = 0; k < 3; k++) gort_sleep(GORT_MILLISECOND);
    }
    CHECK(wait_until(sema_all_queued, NULL, 5 * GORT_SECOND));
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
    CHECK(wait_until(all_readers_inside, NULL, 10 * GORT_SECOND));
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
    CHECK(wait_until(wp_writer_pending, NULL, 10 * GORT_SECOND));
    CHECK(!(gort_rwmutex_tryrlock(&wp))); /* writer pending: no readers */
    gort_go(wp_late_reader, NULL);
    CHECK(wait_until(wp_late_parked, NULL, 10 * GORT_SECOND));
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
    CHECK(wait_until(cond_all_parked, NULL, 10 * GORT_SECOND));
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
    CHECK(wait_until(s_parked, (void *)(intptr_t)3, 10 * GORT_SECOND));
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

static gort_mutex dl_a, dl_b;

static void dl_other(void *arg) {
    (void)arg;
    gort_mutex_lock(&dl_b);
    gort_sleep(GORT_MILLISECOND);
    gort_mutex_lock(&dl_a);
}

static void child_mutex_deadlock(void *arg) {
    (void)arg;
    gort_mutex_lock(&dl_a);
    gort_go(dl_other, NULL);
    gort_sleep(GORT_MILLISECOND / 2);
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

static void expect_child(const char *name, const char *want1,
                         const char *want2) {
    child_result *r = malloc(sizeof *r);
    run_child(name, r);
    if (r->status != 2 || !strstr(r->out, want1) ||
        (want2 && !strstr(r->out, want2)))
        fprintf(stderr, "child %s: status %d, output:\n%s\n", name, r->status,
                r->out);
    CHECK_EQ(r->status, 2);
    CHECK((strstr(r->out, want1)) != NULL);
    if (want2) CHECK((strstr(r->out, want2)) != NULL);
    free(r);
}

static void test_fatal_unlock_unlocked(void *arg) {
    (void)arg;
    expect_child("unlock_unlocked", "fatal error: sync: unlock of unlocked mutex",
                 "goroutine 1 [running]:");
}

static void test_fatal_rwmutex(void *arg) {
    (void)arg;
    expect_child("runlock_unlocked",
                 "fatal error: sync: RUnlock of unlocked RWMutex", NULL);
    expect_child("rwunlock_unlocked",
                 "fatal error: sync: Unlock of unlocked RWMutex", NULL);
}

static void test_panic_waitgroup_negative(void *arg) {
    (void)arg;
    expect_child("wg_negative", "panic: sync: negative WaitGroup counter",
                 "goroutine 1 [running]:");
}

static void test_deadlock_on_mutexes(void *arg) {
    (void)arg;
    expect_child("mutex_deadlock",
                 "fatal error: all goroutines are asleep - deadlock!",
                 "[sync.Mutex.Lock]");
    expect_child("wg_deadlock",
                 "fatal error: all goroutines are asleep - deadlock!",
                 "[sync.WaitGroup.Wait]");
    expect_child("wg_deadlock", "[sync.RWMutex.RLock]", NULL);
}

static void test_panic_cond_copied(void *arg) {
    (void)arg;
    expect_child("cond_copied", "panic: sync.Cond is copied", NULL);
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
    GO_TEST(test_cond_broadcast_wakes_all),
    GO_TEST(test_cond_signal_wakes_one),
    GO_TEST(test_fatal_unlock_unlocked),
    GO_TEST(test_fatal_rwmutex),
    GO_TEST(test_panic_waitgroup_negative),
    GO_TEST(test_deadlock_on_mutexes),
    GO_TEST(test_panic_cond_copied),
};

static const child_scenario children[] = {
    {"unlock_unlocked", child_unlock_unlocked},
    {"runlock_unlocked", child_runlock_unlocked},
    {"rwunlock_unlocked", child_rwunlock_unlocked},
    {"wg_negative", child_wg_negative},
    {"mutex_deadlock", child_mutex_deadlock},
    {"wg_deadlock", child_wg_deadlock},
    {"cond_copied", child_cond_copied},
};

int main(int argc, char **argv) {
    maybe_run_child(argc, argv, children, RT_ARRAY_LEN(children));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
