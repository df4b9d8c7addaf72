/*
 * hello.c — goroutines on every core, joined with a counter and a
 * goroutine-parking wait built from what the scheduler offers.
 */
#include <gort.h>
#include <stdatomic.h>
#include <stdio.h>

enum { N = 8 };
static atomic_int done;

static void hello(void *arg) {
    long i = (long)arg;
    gort_sleep((N - i) * GORT_MILLISECOND);
    printf("hello from goroutine %lld (worker %ld)\n", (long long)gort_goid(), i);
    atomic_fetch_add(&done, 1);
}

static void main_fn(void *arg) {
    (void)arg;
    for (long i = 0; i < N; i++) gort_go(hello, (void *)i);
    while (atomic_load(&done) < N) gort_sleep(GORT_MILLISECOND);
    printf("all %d goroutines done on %d Ps\n", N, gort_gomaxprocs(0));
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
