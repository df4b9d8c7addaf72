/*
 * trace_workers.c — a worker pool that records its own execution trace
 * (docs/tracing.md has its timeline).
 *
 *   trace_workers [OUT]      OUT: trace_workers.html by default; a name
 *                            ending in .json writes Chrome trace JSON, any
 *                            other name the binary trace (gort trace view)
 *
 *            jobs (cap 8)                    results (cap 8)
 * feeder ───> [..] ───> worker 1..4 ───┬──> [..] ───> main
 *                                      └──> mutex-guarded total
 *
 * What the timeline shows:
 *   - the workers' slices on the P lanes, each ending blocked on the jobs
 *     channel ("chan receive") with an arrow from main's send that woke it;
 *   - a few long jobs (every 10th) that run past the 10 ms time slice and
 *     are preempted at a gort_safepoint;
 *   - garbage from every job: GC cycles with their stop-the-world pauses
 *     and mark assists charged to the allocating workers;
 *   - contention on the total's mutex (sync.Mutex.Lock), user regions
 *     ("job") and log messages.
 */
#include <gort.h>

#include <stdio.h>
#include <string.h>

enum { JOBS = 40, WORKERS = 4 };

typedef struct pool {
    gort_chan *jobs, *results;
    gort_mutex mu;   /* guards total */
    int64_t total;
    uint64_t task;
} pool;
static const uint8_t pool_mask[] = {0x3};
static const gort_type pool_type = {
    .size = sizeof(pool), .align = 8, .ptrwords = 2, .ptrmask = pool_mask,
    .name = "pool", .kind = GORT_KIND_STRUCT,
};

typedef struct node {
    struct node *next;
    int64_t v[7];
} node;
static const uint8_t node_mask[] = {0x1};
static const gort_type node_type = {
    .size = sizeof(node), .align = 8, .ptrwords = 1, .ptrmask = node_mask,
    .name = "node", .kind = GORT_KIND_STRUCT,
};

/* A job: build and sum a list (garbage for the collector), then spin on
 * arithmetic for about `ms`, offering the scheduler a safe point often. */
static int64_t work(int64_t job, int ms) {
    node *list = NULL;
    for (int i = 0; i < 4000; i++) {
        node *n = gort_new(&node_type);
        n->v[0] = job + i;
        gort_store_ptr((void **)&n->next, list); /* the write barrier */
        list = n;
    }
    int64_t sum = 0;
    for (node *n = list; n; n = n->next) sum += n->v[0];
    uint64_t x = (uint64_t)job;
    int64_t end = gort_nanotime() + (int64_t)ms * GORT_MILLISECOND;
    while (gort_nanotime() < end) {
        for (int i = 0; i < 1000; i++) x = x * 6364136223846793005u + 1;
        gort_safepoint();
    }
    return sum + (int64_t)(x & 1);
}

static void worker(void *arg) {
    pool *p = arg;
    int64_t job;
    while (gort_chan_recv(p->jobs, &job)) {
        gort_trace_region_start(p->task, "job");
        int64_t r = work(job, job % 10 == 0 ? 15 : 1);
        gort_trace_region_end(p->task, "job");
        gort_mutex_lock(&p->mu);
        p->total += r;
        gort_mutex_unlock(&p->mu);
        gort_chan_send(p->results, &r);
    }
}

/* Queues every job, then closes jobs so the workers' loops end. */
static void feeder(void *arg) {
    pool *p = arg;
    gort_trace_log(p->task, "feeder", "queueing jobs");
    for (int64_t j = 1; j <= JOBS; j++) gort_chan_send(p->jobs, &j);
    gort_chan_close(p->jobs);
}

static void main_fn(void *arg) {
    const char *out = arg;
    if (!gort_trace_start(out)) {
        fprintf(stderr, "trace_workers: cannot trace to %s\n", out);
        gort_exit(1);
    }
    pool *p = gort_new(&pool_type);
    p->jobs = gort_chan_make(&gort_type_int64, 8);
    p->results = gort_chan_make(&gort_type_int64, 8);
    p->task = gort_trace_task_new(0, "worker pool");
    for (int w = 0; w < WORKERS; w++) gort_go(worker, p);
    gort_go(feeder, p);
    int64_t sum = 0;
    for (int i = 0; i < JOBS; i++) {
        int64_t r;
        gort_chan_recv(p->results, &r);
        sum += r;
    }
    gort_mutex_lock(&p->mu);
    bool same = sum == p->total;
    gort_mutex_unlock(&p->mu);
    gort_trace_task_end(p->task);
    if (!gort_trace_stop()) {
        fprintf(stderr, "trace_workers: writing %s failed\n", out);
        gort_exit(1);
    }
    printf("%d jobs on %d workers, totals %s; trace in %s\n", JOBS, WORKERS,
           same ? "agree" : "DISAGREE", out);
    if (!same) gort_exit(1);
}

int main(int argc, char **argv) {
    return gort_main(NULL, main_fn, argc > 1 ? argv[1] : "trace_workers.html");
}
