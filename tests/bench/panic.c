/*
 * bench panic — the cost of defer and of panic+recover (docs/panic.md).
 *
 *   defer_return   ns/op  a function that opens a frame, defers one call
 *                         and returns (the deferred call runs at the end)
 *   panic_recover  ns/op  a function that defers a recovering call and
 *                         panics with a static string
 *
 * Go twin: tests/bench/go/panic.  Each row is the median of 5 runs of
 * about 100 ms.
 */
#include <gort.h>

#include <stdio.h>
#include <stdlib.h>

static void inc(void *p) { ++*(long *)p; }

__attribute__((noinline)) static void defer_return(long *x) {
    GORT_FRAME_BEGIN(f);
    gort_defer(inc, x);
    GORT_FRAME_END(f);
}

static const gort_string msg = GORT_STR("boom");

static void rec(void *p) {
    if (!gort_any_isnil(gort_recover())) ++*(long *)p;
}

__attribute__((noinline)) static void panic_recover(long *x) {
    GORT_FRAME_BEGIN(f);
    gort_defer(rec, x);
    gort_panic(gort_any_of(&gort_type_string, &msg));
    GORT_FRAME_END(f);
}

typedef void (*benchfn)(long *);

static double run(benchfn fn, long n) {
    long x = 0;
    int64_t t0 = gort_nanotime();
    for (long i = 0; i < n; i++) fn(&x);
    int64_t t1 = gort_nanotime();
    if (x != n) {
        fprintf(stderr, "bench: %ld of %ld calls counted\n", x, n);
        exit(1);
    }
    return (double)(t1 - t0) / (double)n;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ns/op: median of 5 runs of ~100 ms each. */
static double measure(benchfn fn) {
    long n = 1000;
    while (run(fn, n) * (double)n < 20e6) n *= 2;
    n = (long)(100e6 / run(fn, n)) + 1;
    double r[5];
    for (int i = 0; i < 5; i++) r[i] = run(fn, n);
    qsort(r, 5, sizeof r[0], cmp);
    return r[2];
}

static void bench(void *arg) {
    (void)arg;
    printf("BENCH defer_return ns/op %.2f\n", measure(defer_return));
    printf("BENCH panic_recover ns/op %.2f\n", measure(panic_recover));
}

int main(void) { return gort_main(NULL, bench, NULL); }
