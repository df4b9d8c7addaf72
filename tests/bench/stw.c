/*
 * stw.c — how long a stop-the-world takes when a goroutine computes in C
 * and never reaches a safe point, against the Go twin
 * tests/bench/go/stw/main.go (a goroutine in a tight loop, which Go
 * preempts asynchronously):
 *
 *   gc_spinner_p50_us   the median and the largest wall time of one
 *   gc_spinner_max_us   forced collection (gort_gc / runtime.GC) while one
 *                       goroutine spins in a pure C loop that never calls
 *                       the runtime (us, 30 collections).  Two stop-the-
 *                       worlds per cycle: each waits about 1 ms for the
 *                       spinner to stop by itself, then suspends it in
 *                       place (docs/scheduler.md, "Stopping the world").
 *   gc_idle_p50_us      the same collection with no spinner, for scale.
 *
 * The spinner gives up on its own after SPIN_LIMIT_S seconds, so that a
 * runtime that cannot suspend it still finishes the run (its rows then
 * show the spin time).  The machine is shared: rows are noisy.
 */
#include <gort.h>

#include "benchlib.h"

#include <stdint.h>
#include <stdlib.h>

#define SPIN_LIMIT_S 20
#define NGC 30

static volatile int stop, spinning;

/* Pure C: a counter, and a look at the clock every 2^22 rounds. */
static void spinner(void *arg) {
    (void)arg;
    int64_t end = now() + (int64_t)SPIN_LIMIT_S * 1000000000;
    uint64_t n = 0;
    spinning = 1;
    while (!stop) {
        n++;
        if ((n & ((1u << 22) - 1)) == 0 && now() > end) break;
    }
    spinning = 0;
}

static int cmp(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Times NGC collections; prints the median (and the largest). */
static void timegc(const char *p50, const char *max) {
    int64_t t[NGC];
    for (int i = 0; i < NGC; i++) {
        int64_t t0 = now();
        gort_gc();
        t[i] = now() - t0;
    }
    qsort(t, NGC, sizeof t[0], cmp);
    row(p50, "us", (double)t[NGC / 2] / 1e3);
    if (max) row(max, "us", (double)t[NGC - 1] / 1e3);
}

static void benchmain(void *arg) {
    (void)arg;
    timegc("gc_idle_p50_us", NULL);
    gort_go(spinner, NULL);
    while (!spinning) gort_sleep(GORT_MILLISECOND);
    timegc("gc_spinner_p50_us", "gc_spinner_max_us");
    stop = 1;
    while (spinning) gort_sleep(GORT_MILLISECOND);
}

int main(void) {
    /* Two Ps even on one CPU: the spinner keeps one, the collector the
     * other. */
    gort_config cfg = {.gomaxprocs = 2};
    return gort_main(&cfg, benchmain, NULL);
}
