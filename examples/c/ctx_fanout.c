/*
 * ctx_fanout.c — an HTTP-style request fanned out to backends and cut off
 * by a context deadline.
 *
 * The handler gives the whole request 50 ms (gort_context_with_timeout) and
 * asks five backends in parallel.  Each backend "works" for its latency,
 * but also watches ctx.Done() in a select: when the deadline passes, the
 * slow ones stop at once and report the context's error.  The handler's
 * cancel() afterwards releases the timer; nothing outlives the request.
 */
#include <gort.h>
#include <stdio.h>

typedef struct backend {
    const char *name;
    int latency_ms;
    gort_context *ctx;
    char result[80];
} backend;

static gort_waitgroup wg;

static void call_backend(void *arg) {
    backend *b = arg;
    gort_timer *work = gort_timer_make(b->latency_ms * GORT_MILLISECOND);
    gort_select_case cases[2] = {
        gort_case_recv(gort_timer_chan(work), NULL),
        gort_case_recv(gort_context_done(b->ctx), NULL),
    };
    if (gort_select(cases, 2, true) == 0) {
        snprintf(b->result, sizeof b->result, "ok after %d ms", b->latency_ms);
    } else {
        gort_timer_stop(work); /* abandon the work */
        snprintf(b->result, sizeof b->result, "gave up: %s",
                 gort_error_message(gort_context_err(b->ctx)));
    }
    gort_waitgroup_done(&wg);
}

static void main_fn(void *arg) {
    (void)arg;
    static backend backends[] = {
        {"users", 10, NULL, ""},   {"orders", 20, NULL, ""},
        {"prices", 30, NULL, ""},  {"reviews", 120, NULL, ""},
        {"ads", 200, NULL, ""},
    };
    enum { N = sizeof backends / sizeof backends[0] };
    int before = gort_numgoroutine();

    gort_cancel_func cancel;
    gort_context *ctx = gort_context_with_timeout(gort_context_background(),
                                                  50 * GORT_MILLISECOND, &cancel);
    gort_waitgroup_add(&wg, N);
    for (int i = 0; i < N; i++) {
        backends[i].ctx = ctx;
        gort_go(call_backend, &backends[i]);
    }
    gort_waitgroup_wait(&wg);
    gort_cancel(cancel); /* always: releases the deadline's timer */

    for (int i = 0; i < N; i++)
        printf("%-8s %s\n", backends[i].name, backends[i].result);
    printf("request: %s\n", gort_error_message(gort_context_err(ctx)));
    printf("goroutines left over: %d\n", gort_numgoroutine() - before);
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
