/*
 * sleep_sort.c — sorting by sleeping: one goroutine per number sleeps for
 * that many time units and then sends the number on a channel.  The
 * channel receives them in order because timers fire in deadline order.
 *
 *     go 30 --sleep 30u--------------------------------> c <- 30
 *     go 4  --sleep 4u--> c <- 4
 *     go 17 --sleep 17u----------------> c <- 17
 *     main: <-c <-c <-c  ==>  4 17 30
 *
 * A joke algorithm, but a real test of the timer heap: each sleeping
 * goroutine parks with its timer on its P's 4-ary heap, the idle M waits
 * in epoll_wait until the earliest deadline, and the scheduler readies
 * each goroutine when its timer fires.  None of them holds a thread while
 * it sleeps.  With a 2 ms unit, the order is exact unless the machine
 * stalls this process for longer than 2 ms at the wrong moment.
 *
 *     scripts/run sleep_sort                 (sorts a built-in list)
 *     scripts/run sleep_sort 5 3 9 1 7
 */
#include <gort.h>

#include <stdio.h>
#include <stdlib.h>

#define UNIT (2 * GORT_MILLISECOND)

/* What each sleeper gets: the channel and its number.  Allocated with
 * gort_new, so its channel pointer is visible to the collector. */
typedef struct item {
    gort_chan *out;
    int64_t n;
} item;
static const uint8_t item_mask[] = {0x1}; /* word 0 is a pointer */
static const gort_type item_type = {
    .size = sizeof(item), .align = 8, .ptrwords = 1, .ptrmask = item_mask,
    .name = "item", .kind = GORT_KIND_STRUCT,
};

static void sleeper(void *arg) {
    item *it = arg;
    gort_sleep(it->n * UNIT);
    gort_chan_send(it->out, &it->n);
}

typedef struct args {
    int argc;
    char **argv;
} args;

static void main_fn(void *arg) {
    args *a = arg;
    static const int64_t builtin[] = {42, 7, 19, 3, 88, 25, 61, 11, 50, 34, 0, 73};
    int n = a->argc > 1 ? a->argc - 1 : (int)(sizeof builtin / sizeof *builtin);
    gort_chan *c = gort_chan_make(&gort_type_int64, 0);

    printf("input: ");
    for (int i = 0; i < n; i++) {
        item *it = gort_new(&item_type);
        it->out = c;
        it->n = a->argc > 1 ? atoll(a->argv[i + 1]) : builtin[i];
        if (it->n < 0) it->n = 0;
        printf("%lld ", (long long)it->n);
        gort_go(sleeper, it);
    }
    printf("\nsorted: ");
    for (int i = 0; i < n; i++) {
        int64_t v;
        gort_chan_recv(c, &v);
        printf("%lld ", (long long)v);
        fflush(stdout);
    }
    printf("\n");
}

int main(int argc, char **argv) {
    args a = {argc, argv};
    return gort_main(NULL, main_fn, &a);
}
