/*
 * bench trace — what the execution tracer costs (docs/tracing.md).
 *
 *   trace_pingpong_off_p1/_p2   ns/round trip  unbuffered channel ping-pong,
 *                                              tracing off, GOMAXPROCS 1 / 2
 *   trace_pingpong_on_p1/_p2    ns/round trip  the same while recording a
 *                                              trace (to $TMPDIR), as
 *                                              shipped: no block stacks
 *   trace_on_off_ratio_p1/_p2   x              on / off (goal: <= 1.3)
 *   trace_pingpong_stk_p1/_p2   ns/round trip  on, GORT_TRACE_STACKS=1
 *                                              (stacks on block events)
 *   trace_stk_off_ratio_p1/_p2  x              stk / off
 *   trace_bytes_per_event       B/event        file size / events, for the
 *                                              p2 traced ping-pong (goal:
 *                                              <= 12)
 *
 * Off and on runs alternate, 5 of each, and each row is the median, so a
 * noisy neighbour hits both sides alike.  No Go twin: Go's tracer is a
 * different design with a different event set.
 *
 * `bench_trace icount off|on pingpong|spawn N` runs one fixed workload at
 * GOMAXPROCS 1 and prints no rows: scripts/trace-cost runs it under
 * callgrind, where instruction counts are stable and wall time is not.
 */
#include <gort.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../runtime/src/trace.h"

typedef struct pair {
    gort_chan *ping, *pong;
} pair;
static const uint8_t pair_mask[] = {0x3};
static const gort_type pair_type = {
    .size = sizeof(pair), .align = 8, .ptrwords = 2, .ptrmask = pair_mask,
    .name = "pair", .kind = GORT_KIND_STRUCT,
};

static void echo(void *arg) {
    pair *p = arg;
    int64_t v;
    while (gort_chan_recv(p->ping, &v)) gort_chan_send(p->pong, &v);
}

static double pingpong(long n) {
    pair *p = gort_new(&pair_type);
    p->ping = gort_chan_make(&gort_type_int64, 0);
    p->pong = gort_chan_make(&gort_type_int64, 0);
    gort_go(echo, p);
    int64_t t0 = gort_nanotime();
    for (int64_t i = 0; i < n; i++) {
        gort_chan_send(p->ping, &i);
        int64_t r;
        gort_chan_recv(p->pong, &r);
        if (r != i) abort();
    }
    int64_t t1 = gort_nanotime();
    gort_chan_close(p->ping);
    return (double)(t1 - t0) / (double)n;
}

static char path[256];

static double traced(long n, bool stacks) {
    if (stacks) setenv("GORT_TRACE_STACKS", "1", 1);
    else unsetenv("GORT_TRACE_STACKS");
    if (!gort_trace_start(path)) abort();
    double ns = pingpong(n);
    if (!gort_trace_stop()) abort();
    return ns;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void rows(int procs) {
    gort_gomaxprocs(procs);
    long n = 200000;
    pingpong(n / 10);
    double off[5], on[5], stk[5];
    for (int i = 0; i < 5; i++) {
        off[i] = pingpong(n);
        on[i] = traced(n, false);
        stk[i] = traced(n, true);
    }
    qsort(off, 5, sizeof off[0], cmp);
    qsort(on, 5, sizeof on[0], cmp);
    qsort(stk, 5, sizeof stk[0], cmp);
    printf("BENCH trace_pingpong_off_p%d ns/op %.1f\n", procs, off[2]);
    printf("BENCH trace_pingpong_on_p%d ns/op %.1f\n", procs, on[2]);
    printf("BENCH trace_on_off_ratio_p%d x %.2f\n", procs, on[2] / off[2]);
    printf("BENCH trace_pingpong_stk_p%d ns/op %.1f\n", procs, stk[2]);
    printf("BENCH trace_stk_off_ratio_p%d x %.2f\n", procs, stk[2] / off[2]);
}

/* spawn: n goroutines that each decrement a counter; the last closes. */
static int64_t left;

static void exiter(void *arg) {
    if (__atomic_sub_fetch(&left, 1, __ATOMIC_ACQ_REL) == 0)
        gort_chan_close(arg);
}

static void spawn(long n) {
    gort_chan *alldone = gort_chan_make(NULL, 0);
    left = n;
    for (long i = 0; i < n; i++) gort_go(exiter, alldone);
    gort_chan_recv(alldone, NULL);
}

static char **args;

static void icount_main(void *arg) {
    (void)arg;
    bool on = strcmp(args[2], "on") == 0;
    long n = atol(args[4]);
    gort_gomaxprocs(1);
    if (on && !gort_trace_start(path)) abort();
    if (strcmp(args[3], "spawn") == 0)
        spawn(n);
    else
        pingpong(n);
    if (on) {
        if (!gort_trace_stop()) abort();
        rt_trace_stats st;
        rt_trace_getstats(&st);
        fprintf(stderr, "trace: %llu events, %llu bytes, %.2f B/event\n",
                (unsigned long long)st.events, (unsigned long long)st.bytes,
                (double)st.bytes / (double)(st.events ? st.events : 1));
        unlink(path);
    }
}

static void bench_main(void *arg) {
    (void)arg;
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/gort_bench_trace_%d.trace", tmp ? tmp : "/tmp",
             (int)getpid());
    rows(1);
    rows(2);
    rt_trace t;
    if (!rt_trace_read(path, &t)) abort();
    printf("BENCH trace_bytes_per_event B/event %.2f\n",
           (double)t.bytes / (double)(t.nev ? t.nev : 1));
    rt_trace_free(&t);
    unlink(path);
}

int main(int argc, char **argv) {
    args = argv;
    if (argc == 5 && strcmp(argv[1], "icount") == 0) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/gort_icount_trace_%d.trace",
                 tmp ? tmp : "/tmp", (int)getpid());
        return gort_main(NULL, icount_main, NULL);
    }
    return gort_main(NULL, bench_main, NULL);
}
