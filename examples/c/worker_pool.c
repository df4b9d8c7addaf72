/*
 * worker_pool.c — a fixed pool of workers fed through a jobs channel, with
 * a results channel back (Go by Example's "Worker Pools").
 *
 *            jobs (cap 16)              results (cap 16)
 *   main ---> [9][8]...[1] ---> worker 1 ---+
 *                         ---> worker 2 ---+--> [..] ---> main
 *                         ---> worker 3 ---+
 *
 * main queues every job and closes jobs; each worker loops "for j := range
 * jobs", so closing jobs is what lets the workers finish.  Every job takes
 * 10 ms (gort_sleep parks the goroutine, not the thread), so three workers
 * finish nine jobs in about 30 ms instead of 90.
 */
#include <gort.h>

#include <stdio.h>

enum { JOBS = 9, WORKERS = 3 };

typedef struct pool {
    gort_chan *jobs, *results;
} pool;
static const uint8_t pool_mask[] = {0x3};
static const gort_type pool_type = {
    .size = sizeof(pool), .align = 8, .ptrwords = 2, .ptrmask = pool_mask,
    .name = "pool", .kind = GORT_KIND_STRUCT,
};

static void worker(void *arg) {
    pool *p = arg;
    int64_t job;
    while (gort_chan_recv(p->jobs, &job)) {
        gort_sleep(10 * GORT_MILLISECOND); /* "work" */
        int64_t result = job * job;
        gort_chan_send(p->results, &result);
    }
}

static void main_fn(void *arg) {
    (void)arg;
    pool *p = gort_new(&pool_type);
    p->jobs = gort_chan_make(&gort_type_int64, 16);
    p->results = gort_chan_make(&gort_type_int64, 16);
    for (int w = 0; w < WORKERS; w++) gort_go(worker, p);

    int64_t t0 = gort_nanotime();
    for (int64_t j = 1; j <= JOBS; j++) gort_chan_send(p->jobs, &j);
    gort_chan_close(p->jobs); /* no more jobs: workers drain and stop */

    /* Results arrive in completion order; index them by job to print
     * them in a fixed order. */
    int64_t byjob[JOBS + 1] = {0};
    for (int i = 0; i < JOBS; i++) {
        int64_t r;
        gort_chan_recv(p->results, &r);
        for (int j = 1; j <= JOBS; j++)
            if ((int64_t)j * j == r) byjob[j] = r;
    }
    int64_t ms = (gort_nanotime() - t0) / GORT_MILLISECOND;
    for (int j = 1; j <= JOBS; j++)
        printf("job %d -> %lld\n", j, (long long)byjob[j]);
    printf("%d jobs of 10 ms on %d workers: %s\n", JOBS, WORKERS,
           ms < JOBS * 10 ? "ran in parallel" : "ran one at a time?");
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
