/*
 * stress_sync.c — sync, timers and context, all at once, for a while.
 *
 * For GORT_STRESS_SECONDS (default 2) these run side by side:
 *   - mutex workers: increment plain counters under one Mutex (some with
 *     TryLock, some holding it across a yield or a short sleep, which
 *     drives the mutex into starvation mode and out again);
 *   - rw workers: mostly readers checking an invariant that writers keep
 *     under the write lock;
 *   - a cond pipeline: producer and consumers on a bounded queue guarded
 *     by a Mutex with two Conds (Signal and Broadcast);
 *   - WaitGroup rounds: spawn a batch, Wait, repeat;
 *   - pool users: Get/Put of owned objects (never handed out twice); a
 *     miss puts a fresh object, as Pool.New would;
 *   - map users: Store/Load/Delete/LoadOrStore on a shared Map while a
 *     ranger walks it;
 *   - timer churners: Timers and AfterFuncs made, stopped, reset;
 *   - context trees: a root with children, grandchildren and timeouts,
 *     canceled while workers wait on Done.
 * Then (once every kind has made progress, however long past the
 * deadline that takes on a loaded machine, up to a minute) everything
 * stops and the test checks the invariants, that every kind made progress, and that goroutines and timers are back where they
 * started.  The counts depend on the machine; only their consistency is
 * checked.
 *
 * GORT_TEST_CONCURRENCY (stress tests always run under TSan).
 */
#include "../unit/testlib.h"

static int stop; /* atomic */
static int64_t deadline_ns;
static gort_waitgroup all;

static bool stopping(void) { return __atomic_load_n(&stop, __ATOMIC_ACQUIRE); }
static void count(int64_t *c) { __atomic_add_fetch(c, 1, __ATOMIC_RELAXED); }
static uint32_t rnd(uint32_t *s) {
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

/* ---- mutex ---------------------------------------------------------- */
static gort_mutex mu;
static int64_t mu_counter, mu_ops; /* mu_counter: plain, under mu */
static int mu_inside, mu_bad;      /* mu_inside: plain, under mu */

static void mutex_worker(void *arg) {
    uint32_t s = (uint32_t)(uintptr_t)arg;
    while (!stopping()) {
        uint32_t r = rnd(&s) % 16;
        if (r == 0) {
            if (!gort_mutex_trylock(&mu)) continue;
        } else {
            gort_mutex_lock(&mu);
        }
        if (mu_inside++) mu_bad = 1;
        mu_counter++;
        if (r == 1) gort_gosched();
        if (r == 2) gort_sleep(20 * GORT_MICROSECOND);
        mu_inside--;
        gort_mutex_unlock(&mu);
        count(&mu_ops);
    }
    gort_waitgroup_done(&all);
}

/* ---- rwmutex -------------------------------------------------------- */
static gort_rwmutex rw;
static int64_t rw_a, rw_b; /* plain: written under the write lock */
static int64_t rw_reads, rw_writes;
static int rw_bad;

static void rw_worker(void *arg) {
    uint32_t s = (uint32_t)(uintptr_t)arg;
    while (!stopping()) {
        if (rnd(&s) % 20 == 0) {
            gort_rwmutex_lock(&rw);
            rw_a++;
            if (rnd(&s) % 4 == 0) gort_gosched();
            rw_b++;
            gort_rwmutex_unlock(&rw);
            count(&rw_writes);
        } else {
            gort_rwmutex_rlock(&rw);
            if (rw_a != rw_b) __atomic_store_n(&rw_bad, 1, __ATOMIC_RELAXED);
            gort_rwmutex_runlock(&rw);
            count(&rw_reads);
        }
    }
    gort_waitgroup_done(&all);
}

/* ---- cond pipeline -------------------------------------------------- */
enum { QCAP = 8 };
static gort_mutex qmu;
static gort_cond notfull = GORT_COND_INIT(&qmu), notempty = GORT_COND_INIT(&qmu);
static int64_t queue[QCAP];
static int qhead, qlen, qclosed;            /* under qmu */
static int64_t produced, consumed_sum, produced_sum, consumed; /* under qmu */

static void producer(void *arg) {
    (void)arg;
    int64_t v = 1;
    while (!stopping()) {
        gort_mutex_lock(&qmu);
        while (qlen == QCAP) gort_cond_wait(&notfull);
        queue[(qhead + qlen++) % QCAP] = v;
        produced++;
        produced_sum += v++;
        gort_cond_signal(&notempty);
        gort_mutex_unlock(&qmu);
    }
    gort_mutex_lock(&qmu);
    qclosed = 1;
    gort_cond_broadcast(&notempty);
    gort_mutex_unlock(&qmu);
    gort_waitgroup_done(&all);
}

static void consumer(void *arg) {
    (void)arg;
    gort_mutex_lock(&qmu);
    for (;;) {
        while (qlen == 0 && !qclosed) gort_cond_wait(&notempty);
        if (qlen == 0) break;
        int64_t v = queue[qhead];
        qhead = (qhead + 1) % QCAP;
        qlen--;
        consumed++;
        consumed_sum += v;
        gort_cond_signal(&notfull);
    }
    gort_mutex_unlock(&qmu);
    gort_waitgroup_done(&all);
}

/* ---- waitgroup rounds ----------------------------------------------- */
static int64_t wg_rounds, wg_done_total, wg_spawned;

typedef struct wground {
    int64_t n; /* atomic: children that ran */
    gort_waitgroup wg;
} wground;

static void wg_child(void *arg) {
    wground *r = arg;
    count(&r->n);
    gort_waitgroup_done(&r->wg);
}

static void wg_worker(void *arg) {
    (void)arg;
    wground r = {0, GORT_WAITGROUP_INIT};
    while (!stopping()) {
        int k = 1 + (int)(ald_relaxed(&wg_rounds) % 50);
        gort_waitgroup_add(&r.wg, k);
        for (int i = 0; i < k; i++) gort_go(wg_child, &r);
        __atomic_add_fetch(&wg_spawned, k, __ATOMIC_RELAXED);
        gort_waitgroup_wait(&r.wg);
        count(&wg_rounds);
    }
    __atomic_add_fetch(&wg_done_total, ald(&r.n), __ATOMIC_RELAXED);
    gort_waitgroup_done(&all);
}

/* ---- pool ------------------------------------------------------------ */
typedef struct pobj { int owned; int magic; } pobj;
enum { NPOBJ = 64 };
static pobj pobjs[NPOBJ];
static gort_pool pool;
static int64_t pool_hits, pool_misses;
static int pool_bad;

static void pool_worker(void *arg) {
    uint32_t s = (uint32_t)(uintptr_t)arg;
    while (!stopping()) {
        pobj *x = gort_pool_get(&pool);
        if (!x) {
            /* The pool may drop everything: two GC cycle hooks with no Get
             * in between (a loaded machine) empty it for good.  Refill it
             * as Pool.New would, so that hits stay possible. */
            count(&pool_misses);
            pobj *fresh = calloc(1, sizeof *fresh);
            if (!fresh) abort();
            fresh->magic = 7;
            gort_pool_put(&pool, fresh);
            gort_gosched();
            continue;
        }
        count(&pool_hits);
        if (x->magic != 7 || __atomic_exchange_n(&x->owned, 1, __ATOMIC_ACQ_REL))
            __atomic_store_n(&pool_bad, 1, __ATOMIC_RELAXED);
        if (rnd(&s) % 8 == 0) gort_gosched();
        __atomic_store_n(&x->owned, 0, __ATOMIC_RELEASE);
        gort_pool_put(&pool, x);
    }
    gort_waitgroup_done(&all);
}

/* The collector's cycle hook, as a GC would run it (pool rotation). */
static void gc_cycler(void *arg) {
    (void)arg;
    while (!stopping()) {
        gort_sleep(5 * GORT_MILLISECOND);
        rt_stopTheWorld("stress: GC cycle hooks");
        rt_gc_run_cycle_hooks();
        rt_startTheWorld();
    }
    gort_waitgroup_done(&all);
}

/* ---- sync.Map -------------------------------------------------------- */
enum { MK = 256 };
static gort_syncmap *smap; /* on the test body's stack (a GC root) */
static int64_t map_ops, map_ranges;
static int map_bad;

static bool map_check(const void *k, void *v, void *arg) {
    (void)arg;
    if ((uintptr_t)v % 1000 != (uintptr_t)k % 1000)
        __atomic_store_n(&map_bad, 1, __ATOMIC_RELAXED);
    return true;
}

static void map_worker(void *arg) {
    uint32_t s = (uint32_t)(uintptr_t)arg;
    while (!stopping()) {
        uintptr_t k = rnd(&s) % MK;
        void *v, *actual;
        switch (rnd(&s) % 8) {
        case 0: gort_syncmap_delete(smap, (void *)k); break;
        case 1: gort_syncmap_store(smap, (void *)k, (void *)(k + 1000 * (rnd(&s) % 100))); break;
        case 2:
            gort_syncmap_load_or_store(smap, (void *)k, (void *)(k + 1000), &actual);
            if ((uintptr_t)actual % 1000 != k) __atomic_store_n(&map_bad, 1, __ATOMIC_RELAXED);
            break;
        case 3:
            if (gort_syncmap_load_and_delete(smap, (void *)k, &v) && (uintptr_t)v % 1000 != k)
                __atomic_store_n(&map_bad, 1, __ATOMIC_RELAXED);
            break;
        default:
            if (gort_syncmap_load(smap, (void *)k, &v) && (uintptr_t)v % 1000 != k)
                __atomic_store_n(&map_bad, 1, __ATOMIC_RELAXED);
        }
        count(&map_ops);
        if (ald_relaxed(&map_ops) % 64 == 0) gort_gosched();
    }
    gort_waitgroup_done(&all);
}

static void map_ranger(void *arg) {
    (void)arg;
    while (!stopping()) {
        gort_syncmap_range(smap, map_check, NULL);
        count(&map_ranges);
        gort_sleep(100 * GORT_MICROSECOND);
    }
    gort_waitgroup_done(&all);
}

/* ---- timers ------------------------------------------------------------ */
static int64_t tm_made, tm_stopped, tm_fired, af_fired;

static void af_fn(void *arg) {
    (void)arg;
    count(&af_fired);
}

static void timer_worker(void *arg) {
    uint32_t s = (uint32_t)(uintptr_t)arg;
    while (!stopping()) {
        int64_t d = (int64_t)(rnd(&s) % 2000) * GORT_MICROSECOND;
        gort_timer *t = rnd(&s) % 2 ? gort_timer_make(d) : gort_after_func(d, af_fn, NULL);
        count(&tm_made);
        switch (rnd(&s) % 3) {
        case 0:
            if (gort_timer_stop(t)) count(&tm_stopped);
            break;
        case 1:
            gort_timer_reset(t, d / 2);
            break;
        default:
            break;
        }
        if (gort_timer_chan(t) && rnd(&s) % 4 == 0) {
            int64_t v;
            bool ok;
            gort_sleep(d + GORT_MILLISECOND);
            if (gort_chan_tryrecv(gort_timer_chan(t), &v, &ok)) count(&tm_fired);
        }
        gort_gosched();
    }
    gort_waitgroup_done(&all);
}

/* ---- context trees --------------------------------------------------- */
static int64_t ctx_trees, ctx_waiters_woken;
static int ctx_bad;

typedef struct ctxwait {
    gort_context *ctx;
    gort_waitgroup *wg;
} ctxwait;

static void ctx_waiter(void *arg) {
    ctxwait *w = arg;
    gort_chan_recv(gort_context_done(w->ctx), NULL);
    if (!gort_context_err(w->ctx)) __atomic_store_n(&ctx_bad, 1, __ATOMIC_RELAXED);
    count(&ctx_waiters_woken);
    gort_waitgroup_done(w->wg);
}

static void ctx_worker(void *arg) {
    uint32_t s = (uint32_t)(uintptr_t)arg;
    static int key;
    while (!stopping()) {
        gort_cancel_func cancel;
        gort_context *root = gort_context_with_cancel(gort_context_background(), &cancel);
        gort_waitgroup wg = GORT_WAITGROUP_INIT;
        ctxwait ws[8];
        for (int i = 0; i < 8; i++) {
            gort_context *c = gort_context_with_value(root, &key, (void *)(intptr_t)i);
            if (i % 2) c = gort_context_with_timeout(c, (int64_t)(rnd(&s) % 3000) * GORT_MICROSECOND, NULL);
            else c = gort_context_with_cancel(c, NULL);
            ws[i] = (ctxwait){c, &wg};
            gort_waitgroup_add(&wg, 1);
            gort_go(ctx_waiter, &ws[i]);
        }
        gort_sleep((int64_t)(rnd(&s) % 2000) * GORT_MICROSECOND);
        gort_cancel(cancel);
        gort_waitgroup_wait(&wg);
        for (int i = 0; i < 8; i++)
            if ((intptr_t)gort_context_value(ws[i].ctx, &key) != i)
                __atomic_store_n(&ctx_bad, 1, __ATOMIC_RELAXED);
        count(&ctx_trees);
    }
    gort_waitgroup_done(&all);
}

/* ---------------------------------------------------------------------- */

/* Whether every kind of worker has made progress. */
static bool progressed(void) {
    gort_mutex_lock(&qmu);
    bool queued = produced > 0;
    gort_mutex_unlock(&qmu);
    return ald(&mu_ops) > 0 && ald(&rw_reads) > 0 && ald(&rw_writes) > 0 &&
           queued && ald(&wg_rounds) > 0 && ald(&pool_hits) > 0 &&
           ald(&map_ops) > 0 && ald(&map_ranges) > 0 && ald(&tm_made) > 0 &&
           ald(&ctx_trees) > 0;
}

static void spawn(gort_func fn, int n, uint32_t seed) {
    gort_waitgroup_add(&all, n);
    for (int i = 0; i < n; i++) gort_go(fn, (void *)(uintptr_t)(seed + 7919u * (uint32_t)i));
}

static void test_stress_sync(void *arg) {
    (void)arg;
    deadline_ns = (int64_t)(tl_stress_seconds(2.0) * 1e9);
    int g0 = gort_numgoroutine(), t0 = rt_numtimers();
    gort_syncmap m = GORT_SYNCMAP_INIT;
    smap = &m;
    for (int i = 0; i < NPOBJ; i++) {
        pobjs[i].magic = 7;
        gort_pool_put(&pool, &pobjs[i]);
    }
    spawn(mutex_worker, 6, 1);
    spawn(rw_worker, 4, 2);
    spawn(producer, 1, 3);
    spawn(consumer, 3, 4);
    spawn(wg_worker, 2, 5);
    spawn(pool_worker, 4, 6);
    spawn(gc_cycler, 1, 7);
    spawn(map_worker, 4, 8);
    spawn(map_ranger, 1, 9);
    spawn(timer_worker, 3, 10);
    spawn(ctx_worker, 3, 11);
    /* Run for the time asked, then on until every kind has made progress
     * (what the check below demands), so that a slow or loaded machine
     * stretches the run rather than failing it.  A kind that makes no
     * progress for another minute is starved: the check then fails with
     * the counters printed. */
    gort_sleep(deadline_ns);
    for (int64_t end = gort_nanotime() + 60 * GORT_SECOND;
         !progressed() && gort_nanotime() < end;)
        gort_sleep(GORT_MILLISECOND);
    __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
    gort_waitgroup_wait(&all);

    fprintf(stderr,
            "stress_sync: mutex %lld, rw %lld/%lld, queue %lld, wg rounds %lld, "
            "pool %lld/%lld, map %lld (%lld ranges), timers %lld (stopped %lld, "
            "fired %lld, afterfunc %lld), ctx trees %lld; starvation episodes %llu\n",
            (long long)mu_ops, (long long)rw_reads, (long long)rw_writes,
            (long long)produced, (long long)wg_rounds, (long long)pool_hits,
            (long long)pool_misses, (long long)map_ops, (long long)map_ranges,
            (long long)tm_made, (long long)tm_stopped, (long long)tm_fired,
            (long long)af_fired, (long long)ctx_trees,
            (unsigned long long)ald(&rt_mutex_starve_enter));
    CHECK(!mu_bad);
    CHECK_EQ(mu_counter, mu_ops);
    CHECK(!rw_bad);
    CHECK_EQ(rw_a, rw_writes);
    CHECK_EQ(produced, consumed);
    CHECK_EQ(produced_sum, consumed_sum);
    CHECK_EQ(wg_done_total, wg_spawned);
    CHECK(!pool_bad);
    CHECK(!map_bad);
    CHECK(!ctx_bad);
    CHECK_EQ(ctx_waiters_woken, ctx_trees * 8);
    /* Progress of every kind. */
    CHECK(progressed());
    /* Pending timers run out (all are shorter than 3 ms) and their
     * AfterFunc goroutines exit. */
    bool clean = false;
    for (int i = 0; i < 3000 && !clean; i++) {
        clean = gort_numgoroutine() == g0 && rt_numtimers() == t0;
        if (!clean) gort_sleep(GORT_MILLISECOND);
    }
    CHECK(clean);
}

static const struct CMUnitTest tests[] = {
    GO_TEST(test_stress_sync),
};

int main(void) { return cmocka_run_group_tests(tests, NULL, NULL); }
