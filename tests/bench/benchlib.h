/*
 * benchlib.h — what the C benchmarks share: the clock, the row format that
 * scripts/bench reads (`BENCH <name> <unit> <value>`), and best-of-N
 * timing of a loop.  Header-only (static inline): each bench_<stem> is one
 * .c file, and CMake builds nothing else in tests/bench/.
 */
#ifndef GORT_BENCHLIB_H
#define GORT_BENCHLIB_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Monotonic nanoseconds. */
static inline int64_t now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Prints one row: two decimals for ns/op, one otherwise. */
static inline void row(const char *name, const char *unit, double v) {
    printf("BENCH %s %s %.*f\n", name, unit, strcmp(unit, "ns/op") ? 1 : 2, v);
    fflush(stdout);
}

/* Runs f(n) three times and prints the best time per iteration in ns. */
static inline void bench(const char *name, long n, void (*f)(long)) {
    double best = 1e30;
    for (int r = 0; r < 3; r++) {
        int64_t t0 = now();
        f(n);
        double ns = (double)(now() - t0) / (double)n;
        if (ns < best) best = ns;
    }
    row(name, "ns/op", best);
}

#endif /* GORT_BENCHLIB_H */
