/*
 * hello.c — the smallest gort program: start goroutines, let them sleep
 * and print, wait for all of them.
 *
 *     main goroutine --go--> hello 0 .. hello 7 --Done--> WaitGroup
 *           \______________________ Wait ______________/
 *
 * gort_main runs main_fn as goroutine 1 on GOMAXPROCS Ps (one per CPU by
 * default).  Worker i sleeps 5 * (8 - i) ms first, so they print in
 * reverse order of creation: gort_sleep parks the goroutine on a timer, it does
 * not block a thread.  The WaitGroup (Go's sync.WaitGroup) parks main
 * until every worker has called Done.
 *
 *     scripts/run hello
 */
#include <gort.h>

#include <stdio.h>

enum { N = 8 };
static gort_waitgroup wg = GORT_WAITGROUP_INIT;

static void hello(void *arg) {
    long i = (long)arg;
    gort_sleep((N - i) * 5 * GORT_MILLISECOND);
    printf("hello from goroutine %lld (worker %ld)\n", (long long)gort_goid(), i);
    gort_waitgroup_done(&wg);
}

static void main_fn(void *arg) {
    (void)arg;
    gort_waitgroup_add(&wg, N);
    for (long i = 0; i < N; i++) gort_go(hello, (void *)i);
    gort_waitgroup_wait(&wg);
    printf("all %d goroutines done on %d Ps\n", N, gort_gomaxprocs(0));
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
