/*
 * bench chan — channels and select (docs/channels.md).
 *
 *   chan_pingpong_unbuffered_p1   ns/round trip  two goroutines bounce a
 *   chan_pingpong_unbuffered_p2                  value over two unbuffered
 *                                                channels, GOMAXPROCS 1 / 2
 *   chan_buffered_throughput      ns/element     one producer, one consumer,
 *                                                capacity 128, GOMAXPROCS 2
 *   select_2case                  ns/op          one goroutine, two cap-1
 *                                                channels: a 2-case select
 *                                                receives from the full one
 *                                                and refills the other (Go's
 *                                                BenchmarkSelectUncontended)
 *   select_2case_blocking         ns/round trip  ping-pong where the receiver
 *                                                waits in a 2-case select
 *                                                (the other case never ready)
 *   select_nonblocking_default    ns/op          select over two empty
 *                                                channels with default
 *   chan_tryrecv_empty            ns/op          one case + default on an
 *                                                empty channel (Go compiles
 *                                                it to selectnbrecv)
 *
 * Go twin: tests/bench/go/chan.  Each row is the median of 5 runs of at
 * least ~50 ms, after a warm-up run.
 */
#include <gort.h>

#include <stdio.h>
#include <stdlib.h>

typedef double (*benchfn)(long n); /* returns total ns for n ops */

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double measure(benchfn fn) {
    long n = 1000;
    while (fn(n) < 50e6) n *= 2;
    double r[5];
    for (int i = 0; i < 5; i++) r[i] = fn(n) / (double)n;
    qsort(r, 5, sizeof r[0], cmp);
    return r[2];
}

/* ---------------------------------------------------------------------- */

/* The channels a benchmark shares with its helper goroutine: a GC object
 * reached from both stacks (statics are not GC roots). */
typedef struct pair {
    gort_chan *ping, *pong, *never;
    long n;
} pair;

static pair *newpair(intptr_t cap) {
    pair *p = gort_alloc(sizeof *p, &gort_type_pointer);
    p->ping = gort_chan_make(&gort_type_int64, cap);
    p->pong = gort_chan_make(&gort_type_int64, 0);
    p->never = gort_chan_make(&gort_type_int64, 0);
    return p;
}

static void echo(void *arg) {
    pair *p = arg;
    int64_t v;
    while (gort_chan_recv(p->ping, &v)) gort_chan_send(p->pong, &v);
}

static void echo_select(void *arg) {
    pair *p = arg;
    int64_t v;
    gort_select_case cs[2] = {gort_case_recv(p->ping, &v),
                              gort_case_recv(p->never, NULL)};
    for (;;) {
        gort_select(cs, 2, true);
        if (!cs[0].ok) return;
        gort_chan_send(p->pong, &v);
    }
}

static double pingpong_with(long n, gort_func helper) {
    pair *p = newpair(0);
    gort_go(helper, p);
    int64_t t0 = gort_nanotime();
    for (int64_t i = 0; i < n; i++) {
        gort_chan_send(p->ping, &i);
        int64_t r;
        gort_chan_recv(p->pong, &r);
        if (r != i) abort();
    }
    int64_t t1 = gort_nanotime();
    gort_chan_close(p->ping);
    return (double)(t1 - t0);
}

static double pingpong(long n) { return pingpong_with(n, echo); }
static double pingpong_select(long n) { return pingpong_with(n, echo_select); }

static void producer(void *arg) {
    pair *p = arg;
    for (int64_t i = 0; i < p->n; i++) gort_chan_send(p->ping, &i);
    gort_chan_close(p->ping);
}

static double buffered(long n) {
    pair *p = newpair(128);
    p->n = n;
    int64_t t0 = gort_nanotime();
    gort_go(producer, p);
    int64_t v, sum = 0;
    while (gort_chan_recv(p->ping, &v)) sum += v;
    int64_t t1 = gort_nanotime();
    if (sum != (int64_t)n * (n - 1) / 2) abort();
    return (double)(t1 - t0);
}

static double select2(long n) {
    gort_chan *c1 = gort_chan_make(&gort_type_int64, 1);
    gort_chan *c2 = gort_chan_make(&gort_type_int64, 1);
    int64_t z = 0;
    gort_chan_send(c1, &z);
    gort_select_case cs[2] = {gort_case_recv(c1, NULL), gort_case_recv(c2, NULL)};
    int64_t t0 = gort_nanotime();
    for (long i = 0; i < n; i++) {
        if (gort_select(cs, 2, true) == 0) gort_chan_send(c2, &z);
        else gort_chan_send(c1, &z);
    }
    return (double)(gort_nanotime() - t0);
}

static double select_default(long n) {
    gort_chan *c1 = gort_chan_make(&gort_type_int64, 0);
    gort_chan *c2 = gort_chan_make(&gort_type_int64, 0);
    gort_select_case cs[2] = {gort_case_recv(c1, NULL), gort_case_recv(c2, NULL)};
    long hits = 0;
    int64_t t0 = gort_nanotime();
    for (long i = 0; i < n; i++) hits += gort_select(cs, 2, false) >= 0;
    double t = (double)(gort_nanotime() - t0);
    if (hits) abort();
    return t;
}

static double tryrecv(long n) {
    gort_chan *c = gort_chan_make(&gort_type_int64, 0);
    long hits = 0;
    int64_t v;
    int64_t t0 = gort_nanotime();
    for (long i = 0; i < n; i++) hits += gort_chan_tryrecv(c, &v, NULL);
    double t = (double)(gort_nanotime() - t0);
    if (hits) abort();
    return t;
}

static void row(const char *name, const char *unit, benchfn fn, int procs) {
    gort_gomaxprocs(procs);
    fn(1000); /* warm-up: threads, stacks and caches exist */
    printf("BENCH %s %s %.1f\n", name, unit, measure(fn));
    fflush(stdout);
}

static void bench_main(void *arg) {
    (void)arg;
    row("chan_pingpong_unbuffered_p1", "ns/op", pingpong, 1);
    row("chan_pingpong_unbuffered_p2", "ns/op", pingpong, 2);
    row("chan_buffered_throughput", "ns/op", buffered, 2);
    row("select_2case", "ns/op", select2, 2);
    row("select_2case_blocking", "ns/op", pingpong_select, 2);
    row("select_nonblocking_default", "ns/op", select_default, 2);
    row("chan_tryrecv_empty", "ns/op", tryrecv, 2);
}

int main(void) { return gort_main(NULL, bench_main, NULL); }
