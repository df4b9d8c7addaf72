/*
 * sync.c — benchmarks for sync, timers and context, against the Go twin
 * tests/bench/go/sync/main.go (same loops, same row names):
 *
 *   mutex_uncontended          Lock+Unlock, one goroutine
 *   mutex_contended_2 / _8     Lock; shared++; Unlock from 2 / 8 goroutines
 *   rwmutex_read_mostly        4 goroutines, 1 write per 100 reads
 *   waitgroup_add_done         Add(1)+Done() from 2 goroutines on one group
 *   syncmap_load_read_mostly   Load of present keys (read map), 2 goroutines
 *   timer_create_stop          NewTimer(1s) + Stop
 *   context_withcancel_cancel  WithCancel(parent) + cancel
 *
 * ns/op is wall time over all operations of all goroutines.
 */
#include <gort.h>

#include <stdio.h>
#include <stdlib.h>

static void report(const char *name, int64_t start, long ops) {
    double ns = (double)(gort_nanotime() - start) / (double)ops;
    printf("BENCH %s ns/op %.2f\n", name, ns);
    fflush(stdout);
}

static void mutex_uncontended(long n) {
    gort_mutex mu = GORT_MUTEX_INIT;
    int64_t start = gort_nanotime();
    for (long i = 0; i < n; i++) {
        gort_mutex_lock(&mu);
        gort_mutex_unlock(&mu);
    }
    report("mutex_uncontended", start, n);
}

static long shared;

typedef struct job {
    long per;
    gort_mutex *mu;
    gort_rwmutex *rw;
    gort_waitgroup *wg, *done;
    gort_syncmap *m;
    int k;
} job;

static void contended_worker(void *arg) {
    job *j = arg;
    for (long i = 0; i < j->per; i++) {
        gort_mutex_lock(j->mu);
        shared++;
        gort_mutex_unlock(j->mu);
    }
    gort_waitgroup_done(j->done);
}

static void mutex_contended(const char *name, int g, long n) {
    gort_mutex mu = GORT_MUTEX_INIT;
    gort_waitgroup done = GORT_WAITGROUP_INIT;
    job j = {.per = n / g, .mu = &mu, .done = &done};
    int64_t start = gort_nanotime();
    for (int k = 0; k < g; k++) {
        gort_waitgroup_add(&done, 1);
        gort_go(contended_worker, &j);
    }
    gort_waitgroup_wait(&done);
    report(name, start, j.per * g);
}

static void rw_worker(void *arg) {
    job *j = arg;
    long local = 0;
    for (long i = 0; i < j->per; i++) {
        if (i % 100 == 0) {
            gort_rwmutex_lock(j->rw);
            shared++;
            gort_rwmutex_unlock(j->rw);
        } else {
            gort_rwmutex_rlock(j->rw);
            local += *(volatile long *)&shared;
            gort_rwmutex_runlock(j->rw);
        }
    }
    (void)local;
    gort_waitgroup_done(j->done);
}

static void rwmutex_read_mostly(int g, long n) {
    gort_rwmutex rw = GORT_RWMUTEX_INIT;
    gort_waitgroup done = GORT_WAITGROUP_INIT;
    job j = {.per = n / g, .rw = &rw, .done = &done};
    int64_t start = gort_nanotime();
    for (int k = 0; k < g; k++) {
        gort_waitgroup_add(&done, 1);
        gort_go(rw_worker, &j);
    }
    gort_waitgroup_wait(&done);
    report("rwmutex_read_mostly", start, j.per * g);
}

static void wg_worker(void *arg) {
    job *j = arg;
    for (long i = 0; i < j->per; i++) {
        gort_waitgroup_add(j->wg, 1);
        gort_waitgroup_done(j->wg);
    }
    gort_waitgroup_done(j->done);
}

static void waitgroup_add_done(int g, long n) {
    gort_waitgroup wg = GORT_WAITGROUP_INIT, done = GORT_WAITGROUP_INIT;
    job j = {.per = n / g, .wg = &wg, .done = &done};
    int64_t start = gort_nanotime();
    for (int k = 0; k < g; k++) {
        gort_waitgroup_add(&done, 1);
        gort_go(wg_worker, &j);
    }
    gort_waitgroup_wait(&done);
    report("waitgroup_add_done", start, j.per * g);
}

enum { KEYS = 1024 };

typedef struct mapjob {
    job j;
    int k;
} mapjob;

static void map_worker(void *arg) {
    mapjob *mj = arg;
    long hits = 0;
    for (long i = 0; i < mj->j.per; i++) {
        uintptr_t key = (uintptr_t)(i + mj->k) & (KEYS - 1);
        if (gort_syncmap_load(mj->j.m, (const void *)key, NULL)) hits++;
    }
    if (hits != mj->j.per) {
        fprintf(stderr, "missing key\n");
        abort();
    }
    gort_waitgroup_done(mj->j.done);
}

static void syncmap_load(int g, long n) {
    gort_syncmap m = GORT_SYNCMAP_INIT; /* on this goroutine's stack: a GC root */
    gort_waitgroup done = GORT_WAITGROUP_INIT;
    for (uintptr_t k = 0; k < KEYS; k++)
        gort_syncmap_store(&m, (const void *)k, (void *)k);
    for (uintptr_t k = 0; k < KEYS; k++) /* promote dirty to read */
        gort_syncmap_load(&m, (const void *)k, NULL);
    mapjob mj[8];
    int64_t start = gort_nanotime();
    for (int k = 0; k < g; k++) {
        mj[k] = (mapjob){{.per = n / g, .m = &m, .done = &done}, k};
        gort_waitgroup_add(&done, 1);
        gort_go(map_worker, &mj[k]);
    }
    gort_waitgroup_wait(&done);
    report("syncmap_load_read_mostly", start, (n / g) * g);
}

static void timer_create_stop(long n) {
    int64_t start = gort_nanotime();
    for (long i = 0; i < n; i++) {
        gort_timer *t = gort_timer_make(GORT_SECOND);
        gort_timer_stop(t);
    }
    report("timer_create_stop", start, n);
}

static void context_withcancel(long n) {
    gort_cancel_func cancelparent;
    gort_context *parent =
        gort_context_with_cancel(gort_context_background(), &cancelparent);
    int64_t start = gort_nanotime();
    for (long i = 0; i < n; i++) {
        gort_cancel_func cancel;
        gort_context_with_cancel(parent, &cancel);
        gort_cancel(cancel);
    }
    report("context_withcancel_cancel", start, n);
    gort_cancel(cancelparent);
}

static void main_fn(void *arg) {
    (void)arg;
    mutex_uncontended(20000000);
    mutex_contended("mutex_contended_2", 2, 4000000);
    mutex_contended("mutex_contended_8", 8, 4000000);
    rwmutex_read_mostly(4, 8000000);
    waitgroup_add_done(2, 4000000);
    syncmap_load(2, 20000000);
    timer_create_stop(2000000);
    context_withcancel(2000000);
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
