/*
 * prime_sieve.c — the concurrent prime sieve from the Go tour, on gort
 * channels.
 *
 *   generate --2,3,4,5..--> filter(2) --3,5,7,9..--> filter(3) --5,7,11..--> ...
 *
 * A generator goroutine sends 2, 3, 4, ... on an unbuffered channel.  Each
 * prime found gets a filter goroutine that passes on only the numbers it
 * does not divide; main reads the head of the chain, which is always the
 * next prime.  Every hop is an unbuffered send: a direct handoff from one
 * goroutine's stack to the next.
 *
 * Usage: prime_sieve [N]   (prints the first N primes, default 25)
 */
#include <gort.h>

#include <stdio.h>
#include <stdlib.h>

typedef struct filter_args {
    gort_chan *in, *out;
    int64_t prime;
} filter_args;

/* Its type descriptor: words 0 and 1 are heap pointers (the collector
 * scans the struct through this). */
static const uint8_t filter_mask[] = {0x3};
static const gort_type filter_type = {
    .size = sizeof(filter_args), .align = 8, .ptrwords = 2,
    .ptrmask = filter_mask, .name = "filter_args", .kind = GORT_KIND_STRUCT,
};

static void generate(void *arg) {
    gort_chan *ch = arg;
    for (int64_t i = 2;; i++) gort_chan_send(ch, &i);
}

static void filter(void *arg) {
    filter_args *a = arg;
    for (;;) {
        int64_t i;
        gort_chan_recv(a->in, &i);
        if (i % a->prime != 0) gort_chan_send(a->out, &i);
    }
}

static int n = 25;

static void sieve(void *arg) {
    (void)arg;
    gort_chan *ch = gort_chan_make(&gort_type_int64, 0);
    gort_go(generate, ch);
    for (int i = 0; i < n; i++) {
        int64_t prime;
        gort_chan_recv(ch, &prime);
        printf("%lld%s", (long long)prime, i + 1 < n ? " " : "\n");
        filter_args *a = gort_new(&filter_type);
        a->in = ch;
        a->out = gort_chan_make(&gort_type_int64, 0);
        a->prime = prime;
        gort_go(filter, a);
        ch = a->out;
    }
    /* Returning from main ends the program; the filters just stop. */
}

int main(int argc, char **argv) {
    if (argc > 1) n = atoi(argv[1]);
    if (n < 1) n = 1;
    return gort_main(NULL, sieve, NULL);
}
