/*
 * signal_chain.c — a host with signal handlers of its own keeps them when
 * it links the runtime.
 *
 * The host installs two handlers before the runtime starts, as a program
 * with a lazily mapped arena and an out-of-band channel would:
 *
 *   SIGSEGV  on its own PROT_NONE page: map the page and retry (any other
 *            address: not the host's, so the default action);
 *   SIGURG   count it.
 *
 * Then, inside gort_main:
 *
 *     goroutine touches the host's page  -- fault, not a nil page, and the
 *                                           host has a handler: forwarded,
 *                                           the host maps it, the store
 *                                           retries and succeeds
 *     goroutine dereferences NULL        -- the runtime's: a Go panic,
 *                                           recovered by a deferred call
 *     the host sends itself SIGURG ×3    -- not the runtime's preemption
 *                                           (no cookie): forwarded, counted
 *     GCs while goroutines spin in C     -- the runtime's own SIGURGs
 *                                           suspend them for stack scans;
 *                                           the host never sees those
 *
 * docs/embedding.md, "Signals and chaining"; runtime/src/signal.c.
 */
#include <gort.h>

#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static char *lazy_page;                 /* the host's PROT_NONE page */
static atomic_int host_faults, host_urgs;

static void host_segv(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    char *a = si->si_addr;
    if (a >= lazy_page && a < lazy_page + 4096 &&
        mprotect(lazy_page, 4096, PROT_READ | PROT_WRITE) == 0) {
        atomic_fetch_add(&host_faults, 1);
        return; /* the faulting store runs again, and now succeeds */
    }
    signal(sig, SIG_DFL); /* not ours: crash as if no one had a handler */
}

static void host_urg(int sig) {
    (void)sig;
    atomic_fetch_add(&host_urgs, 1);
}

static void touch_lazy(void *arg) {
    gort_chan *done = arg;
    lazy_page[100] = 42; /* faults once; the host's handler maps the page */
    printf("goroutine: stored %d in the host's lazy page\n", lazy_page[100]);
    gort_chan_send(done, &(int64_t){1});
}

static int *volatile nowhere;

static void report(void *arg) {
    (void)arg;
    gort_any r = gort_recover();
    gort_error *e = gort_any_to_error(r);
    printf("goroutine: recovered: %s\n", e ? gort_error_message(e) : "?");
}

static void nil_deref(void *arg) {
    gort_chan *done = arg;
    GORT_FRAME_BEGIN(f);
    gort_defer(report, NULL);
    printf("goroutine: read %d\n", *nowhere); /* never printed */
    GORT_FRAME_END(f);
    gort_chan_send(done, &(int64_t){1});
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * GORT_SECOND + ts.tv_nsec;
}

/* Computes in pure C for 50 ms: no safe point, so a collector that wants
 * its stack, or a stop-the-world, suspends the thread in place with the
 * preemption signal (runtime/src/preempt.c). */
static void spin(void *arg) {
    gort_chan *done = arg;
    volatile uint64_t x = 0;
    int64_t end = now_ns() + 50 * GORT_MILLISECOND;
    while (now_ns() < end) x++;
    gort_chan_send(done, &(int64_t){1});
}

static void program(void *arg) {
    (void)arg;
    gort_chan *done = gort_chan_make(&gort_type_int, 0);

    gort_go(touch_lazy, done);
    gort_chan_recv(done, NULL);

    gort_go(nil_deref, done);
    gort_chan_recv(done, NULL);

    for (int i = 0; i < 3; i++) raise(SIGURG); /* the host's own */
    printf("host: sent itself SIGURG 3 times, handler saw %d\n",
           atomic_load(&host_urgs));

    for (int i = 0; i < 2; i++) gort_go(spin, done);
    gort_sleep(10 * GORT_MILLISECOND);
    for (int i = 0; i < 5; i++) gort_gc(); /* suspends the spinners to scan */
    for (int i = 0; i < 2; i++) gort_chan_recv(done, NULL);
    printf("host: after 5 GCs with spinning goroutines, handler saw %d SIGURG\n",
           atomic_load(&host_urgs));
}

int main(void) {
    lazy_page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (lazy_page == MAP_FAILED) return 1;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = host_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = host_urg;
    sa.sa_flags = SA_RESTART | SA_ONSTACK;
    sigaction(SIGURG, &sa, NULL);

    int rc = gort_main(NULL, program, NULL);
    printf("host: faults handled by the host: %d\n", atomic_load(&host_faults));
    return rc;
}
