/*
 * sched.c — scheduler benchmarks, against the Go twin
 * tests/bench/go/sched/main.go (same loops, same row names):
 *
 *   spawn_exit_join      1M goroutines, each decrements a counter and
 *                        exits; the last one closes a channel the main
 *                        goroutine waits on.  ns per goroutine.
 *   gosched_pingpong     GOMAXPROCS=1, two goroutines each calling
 *                        Gosched N times: ns per round trip (one yield by
 *                        each, i.e. two switches).
 *   sleep0_timer_churn   4 goroutines each sleeping 1 µs in a loop
 *                        (a timer armed, fired and the goroutine readied
 *                        per sleep).  ns per sleep, wall time.
 *   parallel_speedup_2p  a CPU-bound job cut into 8 goroutines, run with
 *                        GOMAXPROCS=1 and with GOMAXPROCS=2: time(1 P) /
 *                        time(2 P).  Best of 3 each.
 *
 * The main goroutine sets GOMAXPROCS itself (2 unless a row says
 * otherwise), as the twin does.
 */
#include <gort.h>

#include <stdio.h>
#include <stdlib.h>

static void report(const char *name, const char *unit, double v) {
    printf("BENCH %s %s %.2f\n", name, unit, v);
    fflush(stdout);
}

/* ---------------------------------------------------------------------- */

static int64_t left;

/* arg is the channel: goroutine arguments are GC roots, C globals are not. */
static void exiter(void *arg) {
    if (__atomic_sub_fetch(&left, 1, __ATOMIC_ACQ_REL) == 0)
        gort_chan_close(arg);
}

static void spawn_exit_join(long n) {
    gort_chan *alldone = gort_chan_make(NULL, 0);
    left = n;
    int64_t start = gort_nanotime();
    for (long i = 0; i < n; i++) gort_go(exiter, alldone);
    gort_chan_recv(alldone, NULL);
    report("spawn_exit_join", "ns/op",
           (double)(gort_nanotime() - start) / (double)n);
}

/* ---------------------------------------------------------------------- */

static gort_waitgroup wg = GORT_WAITGROUP_INIT;

static void yielder(void *arg) {
    long n = (long)arg;
    for (long i = 0; i < n; i++) gort_gosched();
    gort_waitgroup_done(&wg);
}

static void gosched_pingpong(long n) {
    int prev = gort_gomaxprocs(1);
    gort_waitgroup_add(&wg, 2);
    int64_t start = gort_nanotime();
    gort_go(yielder, (void *)n);
    gort_go(yielder, (void *)n);
    gort_waitgroup_wait(&wg);
    report("gosched_pingpong", "ns/op",
           (double)(gort_nanotime() - start) / (double)n);
    gort_gomaxprocs(prev);
}

/* ---------------------------------------------------------------------- */

static void sleeper(void *arg) {
    long n = (long)arg;
    for (long i = 0; i < n; i++) gort_sleep(GORT_MICROSECOND);
    gort_waitgroup_done(&wg);
}

static void sleep_churn(long n) {
    enum { G = 4 };
    gort_waitgroup_add(&wg, G);
    int64_t start = gort_nanotime();
    for (int k = 0; k < G; k++) gort_go(sleeper, (void *)(n / G));
    gort_waitgroup_wait(&wg);
    report("sleep0_timer_churn", "ns/op",
           (double)(gort_nanotime() - start) / (double)(n / G * G));
}

/* ---------------------------------------------------------------------- */

enum { CHUNKS = 8 };
static uint64_t sums[CHUNKS];

/* A dependent chain of multiply/xor/shift steps: no memory traffic, no
 * vectorisation, the same instructions in C and Go. */
static uint64_t work(uint64_t seed, long iters) {
    uint64_t x = seed | 1;
    for (long i = 0; i < iters; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x *= 0x9E3779B97F4A7C15ull;
    }
    return x;
}

typedef struct chunk {
    int k;
    long iters;
} chunk;

static void cruncher(void *arg) {
    chunk *c = arg;
    sums[c->k] = work(2 * (uint64_t)c->k + 1, c->iters);
    gort_waitgroup_done(&wg);
}

static double timejob(int procs, long iters) {
    int prev = gort_gomaxprocs(procs);
    chunk cs[CHUNKS];
    gort_waitgroup_add(&wg, CHUNKS);
    int64_t start = gort_nanotime();
    for (int k = 0; k < CHUNKS; k++) {
        cs[k] = (chunk){k, iters / CHUNKS};
        gort_go(cruncher, &cs[k]);
    }
    gort_waitgroup_wait(&wg);
    double t = (double)(gort_nanotime() - start);
    gort_gomaxprocs(prev);
    return t;
}

static void parallel_speedup(long iters) {
    double best1 = 1e30, best2 = 1e30;
    for (int r = 0; r < 3; r++) {
        double t1 = timejob(1, iters), t2 = timejob(2, iters);
        if (t1 < best1) best1 = t1;
        if (t2 < best2) best2 = t2;
    }
    uint64_t x = 0;
    for (int k = 0; k < CHUNKS; k++) x += sums[k];
    fprintf(stderr, "parallel: 1 P %.1f ms, 2 P %.1f ms (checksum %llx)\n",
            best1 / 1e6, best2 / 1e6, (unsigned long long)x);
    report("parallel_speedup_2p", "x", best1 / best2);
}

/* ---------------------------------------------------------------------- */

static void bench(void *arg) {
    (void)arg;
    gort_gomaxprocs(2);
    spawn_exit_join(1000000);
    gosched_pingpong(2000000);
    sleep_churn(20000);
    parallel_speedup(400000000);
}

int main(void) { return gort_main(NULL, bench, NULL); }
