/*
 * pipeline.c — a pipeline with fan-out and fan-in, as in the Go blog's
 * "Go Concurrency Patterns: Pipelines".
 *
 *                     +--> square #1 --+
 *   gen 1..N --> in --+--> square #2 --+--> merge --> main: sum
 *                     +--> square #3 --+
 *
 * Fan-out: three workers receive from the same channel; each value goes to
 * exactly one of them.  Fan-in: one forwarding goroutine per worker output
 * copies into a single channel, and a WaitGroup closes that channel once
 * every forwarder is done, which ends main's receive loop.  Closing is how
 * each stage tells the next one "no more values".
 */
#include <gort.h>

#include <stdio.h>

enum { N = 1000, WORKERS = 3 };

/* What a stage goroutine needs: its input, its output, a WaitGroup. */
typedef struct link {
    gort_chan *in, *out;
    gort_waitgroup *wg;
} link;
static const uint8_t link_mask[] = {0x7}; /* three pointer words */
static const gort_type link_type = {
    .size = sizeof(link), .align = 8, .ptrwords = 3, .ptrmask = link_mask,
    .name = "link", .kind = GORT_KIND_STRUCT,
};

static link *newlink(gort_chan *in, gort_chan *out, gort_waitgroup *wg) {
    link *l = gort_new(&link_type);
    *l = (link){in, out, wg};
    return l;
}

static void gen(void *arg) {
    gort_chan *out = arg;
    for (int64_t i = 1; i <= N; i++) gort_chan_send(out, &i);
    gort_chan_close(out);
}

static void square(void *arg) {
    link *l = arg;
    int64_t v;
    while (gort_chan_recv(l->in, &v)) { /* for v := range in */
        v *= v;
        gort_chan_send(l->out, &v);
    }
    gort_chan_close(l->out);
}

static void forward(void *arg) {
    link *l = arg;
    int64_t v;
    while (gort_chan_recv(l->in, &v)) gort_chan_send(l->out, &v);
    gort_waitgroup_done(l->wg);
}

static void closer(void *arg) {
    link *l = arg;
    gort_waitgroup_wait(l->wg);
    gort_chan_close(l->out);
}

static void main_fn(void *arg) {
    (void)arg;
    gort_chan *in = gort_chan_make(&gort_type_int64, 0);
    gort_go(gen, in);

    /* Fan-out: every worker reads the same input channel. */
    gort_chan *outs[WORKERS];
    for (int w = 0; w < WORKERS; w++) {
        outs[w] = gort_chan_make(&gort_type_int64, 0);
        gort_go(square, newlink(in, outs[w], NULL));
    }

    /* Fan-in: merge the worker outputs into one channel. */
    gort_waitgroup wg = {0};
    gort_chan *merged = gort_chan_make(&gort_type_int64, 16);
    gort_waitgroup_add(&wg, WORKERS);
    for (int w = 0; w < WORKERS; w++)
        gort_go(forward, newlink(outs[w], merged, &wg));
    gort_go(closer, newlink(NULL, merged, &wg));

    int64_t sum = 0, v;
    int count = 0;
    while (gort_chan_recv(merged, &v)) {
        sum += v;
        count++;
    }
    printf("%d squares received, sum of squares 1..%d = %lld (expected %lld)\n",
           count, N, (long long)sum, (long long)N * (N + 1) * (2 * N + 1) / 6);
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
