/*
 * mod.c — a shared module that links libgort.a (built by CMake as
 * gort_dlmod.so, loaded by host.c with dlopen).  Its one entry point runs
 * goroutines from the host's thread through gort_call: n workers each send
 * their number on a channel, and the sum comes back.
 */
#include <gort.h>
#include <stdint.h>

typedef struct job {
    int n;
    int64_t sum;
} job;

static void worker(void *arg) {
    gort_chan *c = arg;
    int64_t v = gort_goid();
    gort_chan_send(c, &v);
}

static void run(void *arg) {
    job *j = arg;
    gort_chan *c = gort_chan_make(&gort_type_int64, 0);
    int64_t first = 0;
    for (int i = 0; i < j->n; i++) gort_go(worker, c);
    j->sum = 0;
    for (int i = 0; i < j->n; i++) {
        int64_t v;
        gort_chan_recv(c, &v);
        if (i == 0) first = v;
        j->sum += v > 0;
    }
    (void)first;
}

/* Runs n goroutines; returns how many reported a goroutine id. */
__attribute__((visibility("default"))) int64_t mod_run(int n) {
    job j = {n, 0};
    gort_call(run, &j);
    return j.sum;
}
