/*
 * parallel_sum.c — a CPU-bound sum cut into goroutines that run on every P
 * at once.
 *
 *     sum of f(i), i in [0, N)
 *
 *     1 goroutine:     [=================== P0 ===================]
 *     8 goroutines:    [== P0 ==][== P0 ==][== P0 ==][== P0 ==]
 *                      [== P1 ==][== P1 ==][== P1 ==][== P1 ==]
 *
 * The same work is done twice: first by one goroutine, then cut into 8
 * chunks, one goroutine each.  The chunks are queued on the spawning
 * goroutine's P; idle Ps steal half of its queue, so every P gets some.
 * Each chunk records the CPU it ran on (sched_getcpu), and the program
 * compares process CPU time with wall time: about GOMAXPROCS cores' worth
 * of CPU per second of wall time when all Ps are busy.
 *
 *     scripts/run parallel_sum            (GOMAXPROCS defaults to the CPUs)
 *     GOMAXPROCS=1 scripts/run parallel_sum
 *
 * On a machine shared with other work the speedup is lower than the
 * number of cores; the sums are always the same.
 */
#include <gort.h>

#include <sched.h>
#include <stdio.h>
#include <sys/resource.h>

enum { CHUNKS = 8 };
#define N 400000000L

/* A few dependent multiply/xor/shift steps per element: pure CPU. */
static uint64_t f(uint64_t i) {
    uint64_t x = i * 0x9E3779B97F4A7C15ull + 1;
    x ^= x >> 29;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 32;
    return x & 0xFFFF;
}

static uint64_t sum_range(long lo, long hi) {
    uint64_t s = 0;
    for (long i = lo; i < hi; i++) s += f((uint64_t)i);
    return s;
}

typedef struct chunk {
    long lo, hi;
    uint64_t sum; /* out */
    int cpu;      /* out: CPU the chunk finished on */
} chunk;

static chunk chunks[CHUNKS];
static gort_waitgroup wg = GORT_WAITGROUP_INIT;

static void worker(void *arg) {
    chunk *c = arg;
    c->sum = sum_range(c->lo, c->hi);
    c->cpu = sched_getcpu();
    gort_waitgroup_done(&wg);
}

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void main_fn(void *arg) {
    (void)arg;
    int procs = gort_gomaxprocs(0);
    printf("GOMAXPROCS=%d, %d CPUs\n", procs, gort_numcpu());

    int64_t t0 = gort_nanotime();
    uint64_t one = sum_range(0, N);
    double t1 = (double)(gort_nanotime() - t0) / 1e9;
    printf("1 goroutine:  sum=%llu in %.3f s\n", (unsigned long long)one, t1);

    double c0 = cpu_seconds();
    t0 = gort_nanotime();
    gort_waitgroup_add(&wg, CHUNKS);
    for (int k = 0; k < CHUNKS; k++) {
        chunks[k] = (chunk){.lo = N / CHUNKS * k, .hi = N / CHUNKS * (k + 1)};
        gort_go(worker, &chunks[k]);
    }
    gort_waitgroup_wait(&wg);
    double tn = (double)(gort_nanotime() - t0) / 1e9;
    double cpu = cpu_seconds() - c0;

    uint64_t total = 0;
    int used[1024] = {0}, ncpus = 0;
    for (int k = 0; k < CHUNKS; k++) {
        total += chunks[k].sum;
        int c = chunks[k].cpu;
        if (c >= 0 && c < 1024 && used[c]++ == 0) ncpus++;
    }
    printf("%d goroutines: sum=%llu in %.3f s\n", CHUNKS,
           (unsigned long long)total, tn);
    printf("speedup %.2fx; %.2f CPU-seconds per wall second; chunks finished "
           "on %d distinct CPUs\n",
           t1 / tn, cpu / tn, ncpus);
    if (total != one) printf("MISMATCH: the sums differ\n");
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
