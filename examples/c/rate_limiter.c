/*
 * rate_limiter.c — at most one request per tick, with a gort_ticker.
 *
 * Go's classic limiter: requests wait for the next value on a ticker's
 * channel.  Ten requests arrive at once; they are served one per 20 ms
 * tick.  A burst variant lets the first three through at once: a buffered
 * channel pre-filled with tokens and refilled by the ticker.
 */
#include <gort.h>
#include <stdio.h>

#define TICK (20 * GORT_MILLISECOND)

static void main_fn(void *arg) {
    (void)arg;
    gort_ticker *limiter = gort_ticker_make(TICK);
    int64_t start = gort_nanotime();
    for (int req = 1; req <= 5; req++) {
        gort_chan_recv(gort_ticker_chan(limiter), NULL); /* wait for a tick */
        int64_t ms = (gort_nanotime() - start + GORT_MILLISECOND / 2) / GORT_MILLISECOND;
        printf("request %d served in tick %lld\n", req, (long long)((ms + 10) / 20));
    }
    gort_ticker_stop(limiter);

    /* Bursty: up to 3 tokens may accumulate. */
    gort_chan *tokens = gort_chan_make(NULL, 3);
    for (int i = 0; i < 3; i++) gort_chan_send(tokens, NULL);
    gort_ticker *refill = gort_ticker_make(TICK);
    start = gort_nanotime();
    int served_at_once = 0;
    for (int req = 1; req <= 6; req++) {
        /* Take a token if one is there; otherwise wait for a tick. */
        if (!gort_chan_tryrecv(tokens, NULL, NULL)) {
            gort_chan_recv(gort_ticker_chan(refill), NULL);
        } else {
            served_at_once++;
        }
        int64_t ms = (gort_nanotime() - start) / GORT_MILLISECOND;
        printf("bursty request %d %s\n", req,
               ms < 10 ? "served at once (token)" : "waited for a tick");
    }
    gort_ticker_stop(refill);
    printf("%d requests used burst tokens\n", served_at_once);
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
