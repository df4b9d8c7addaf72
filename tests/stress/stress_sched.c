/*
 * stress_sched.c — everything the scheduler does, at once, for a while.
 *
 * For GORT_STRESS_SECONDS (default 2) these run side by side:
 *   - spawners: goroutines that keep starting children, each of which
 *     yields, sleeps, spins through safe points or spawns grandchildren;
 *   - pipe pairs: goroutines echoing bytes over non-blocking pipes with
 *     gort_fd_wait, some waits with short deadlines that time out;
 *   - park/ready pairs: two goroutines readying each other through
 *     rt_gopark/rt_goready (a hand-rolled unbuffered channel);
 *   - blockers: goroutines in nanosleep inside gort_syscall_enter/exit, so
 *     sysmon keeps retaking their Ps;
 *   - a toggler changing GOMAXPROCS between 1, 2 and 3 (stop-the-world
 *     under load).
 * Then everything is told to stop, and the test checks that every spawned
 * goroutine finished, every echoed byte came back, each kind of work made
 * progress, and the goroutine count is back where it started.  The counts
 * depend on the machine; only their consistency is checked.
 *
 * GORT_TEST_CONCURRENCY (stress tests always run under TSan).
 */
#include "../unit/testlib.h"

static int stop;
static int64_t spawned, finished, yields, sleeps, spins;
static int64_t echoed, timeouts, handoffs, blocked, toggles;
static int workers_left;
/* Live workers by kind, for the failure message. */
enum { K_SPAWNER, K_PINGER, K_PONGER, K_HANDOFF, K_BLOCKER, K_TOGGLER, NKINDS };
static const char *kindname[NKINDS] = {"spawner", "pinger", "ponger",
                                       "handoff", "blocker", "toggler"};
static int live[NKINDS];

static void worker_done(int kind) {
    tl_add(&live[kind], -1);
    tl_add(&workers_left, -1);
}

static uint32_t rnd(uint32_t *s) {
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

/* ---------------------------------------------------------------------- */

static void child(void *arg);

static void spawn(long depth) {
    tl_add(&spawned, 1);
    gort_go(child, (void *)depth);
}

static void child(void *arg) {
    long depth = (long)arg;
    uint32_t s = (uint32_t)gort_goid() * 2654435761u;
    switch (rnd(&s) % 5) {
    case 0:
        for (int i = 0; i < 3; i++) gort_gosched();
        tl_add(&yields, 1);
        break;
    case 1:
        gort_sleep((int64_t)(rnd(&s) % 200) * GORT_MICROSECOND);
        tl_add(&sleeps, 1);
        break;
    case 2: {
        int64_t end = gort_nanotime() + 20 * GORT_MICROSECOND;
        while (gort_nanotime() < end) gort_safepoint();
        tl_add(&spins, 1);
        break;
    }
    default:
        if (depth < 3 && !tl_load(&stop)) {
            spawn(depth + 1);
            spawn(depth + 1);
        }
        break;
    }
    tl_add(&finished, 1);
}

/* Children alive at once stay bounded: memory, and under TSan every new
 * G struct costs a fiber (a ThreadSanitizer thread context, ~ms each). */
#if GORT_SANITIZE_THREAD
#define MAXLIVE 48
#else
#define MAXLIVE 1024
#endif

static void spawner(void *arg) {
    (void)arg;
    while (!tl_load(&stop)) {
        if (tl_load(&spawned) - tl_load(&finished) < MAXLIVE)
            for (int i = 0; i < 16; i++) spawn(0);
        gort_sleep(200 * GORT_MICROSECOND);
    }
    worker_done(K_SPAWNER);
}

/* ---------------------------------------------------------------------- */

enum { PAIRS = 8 };
static int pfds[PAIRS][2][2];
static int pipe_bad;

/* Reads one byte, waiting as needed; a short deadline sometimes expires
 * first and the wait is retried. */
static int last_err, last_res;

static bool getbyte(int fd, char *c, uint32_t *s) {
    for (;;) {
        ssize_t n = tl_read(fd, c, 1);
        if (n == 1) return true;
        if (n != -EAGAIN) {
            tl_store(&last_err, (int)-n);
            return false;
        }
        int64_t dl = rnd(s) % 4 == 0
                         ? gort_nanotime() + 50 * GORT_MICROSECOND
                         : 0;
        gort_fd_result r = gort_fd_wait(fd, GORT_FD_READ, dl);
        if (r == GORT_FD_TIMEOUT) tl_add(&timeouts, 1);
        else if (r != GORT_FD_READY) {
            tl_store(&last_res, (int)r);
            return false;
        }
    }
}

static void pinger(void *arg) {
    long k = (long)arg;
    uint32_t s = (uint32_t)k + 1;
    for (unsigned i = 0; !tl_load(&stop); i++) {
        char c = (char)('a' + i % 26), r; /* never 0: 0 means "stop" */
        if (write(pfds[k][0][1], &c, 1) != 1) {
            tl_store(&last_err, 1000 + errno);
            tl_add(&pipe_bad, 1);
            break;
        }
        r = 0;
        bool got = getbyte(pfds[k][1][0], &r, &s);
        if (!got || r != c) {
            if (got) tl_store(&last_err, 2000000 + (c & 0xff) * 1000 + (r & 0xff));
            tl_add(&pipe_bad, 1);
            break;
        }
        tl_add(&echoed, 1);
    }
    char z = 0; /* tells the ponger to stop */
    if (write(pfds[k][0][1], &z, 1) != 1) tl_add(&pipe_bad, 1);
    worker_done(K_PINGER);
}

static void ponger(void *arg) {
    long k = (long)arg;
    uint32_t s = (uint32_t)k + 100;
    for (;;) {
        char c;
        if (!getbyte(pfds[k][0][0], &c, &s)) {
            tl_add(&pipe_bad, 1);
            break;
        }
        if (c == 0) break;
        if (write(pfds[k][1][1], &c, 1) != 1) {
            tl_store(&last_err, 3000 + errno);
            tl_add(&pipe_bad, 1);
            break;
        }
    }
    worker_done(K_PONGER);
}

/* ---------------------------------------------------------------------- */

/* Two goroutines pass a token back and forth by parking and readying. */
static tl_slot slots[2];

static void handoff(void *arg) {
    long me = (long)arg;
    for (;;) {
        tl_slot_take(&slots[me]);
        bool done = tl_load(&stop);
        tl_add(&handoffs, 1);
        tl_slot_put(&slots[1 - me]);
        if (done) break;
    }
    worker_done(K_HANDOFF);
}

/* ---------------------------------------------------------------------- */

static void blocker(void *arg) {
    (void)arg;
    while (!tl_load(&stop)) {
        struct timespec ts = {0, 50 * 1000};
        gort_syscall_enter();
        nanosleep(&ts, NULL);
        gort_syscall_exit();
        tl_add(&blocked, 1);
        gort_gosched();
    }
    worker_done(K_BLOCKER);
}

static void toggler(void *arg) {
    (void)arg;
    int n = 0;
    while (!tl_load(&stop)) {
        gort_sleep(20 * GORT_MILLISECOND);
        gort_gomaxprocs(1 + n++ % 3);
        tl_add(&toggles, 1);
    }
    gort_gomaxprocs(2);
    worker_done(K_TOGGLER);
}

/* ---------------------------------------------------------------------- */

static void test_stress(void *arg) {
    (void)arg;
    double secs = tl_stress_seconds(2.0);
    int base = gort_numgoroutine();
    for (int k = 0; k < PAIRS; k++)
        for (int d = 0; d < 2; d++)
            CHECK_EQ(pipe2(pfds[k][d], O_NONBLOCK | O_CLOEXEC), 0);

    int nworkers = 4 + 2 * PAIRS + 2 + 2 + 1;
    tl_store(&workers_left, nworkers);
    live[K_SPAWNER] = 4;
    live[K_PINGER] = live[K_PONGER] = PAIRS;
    live[K_HANDOFF] = live[K_BLOCKER] = 2;
    live[K_TOGGLER] = 1;
    for (int i = 0; i < 4; i++) gort_go(spawner, NULL);
    for (long k = 0; k < PAIRS; k++) {
        gort_go(pinger, (void *)k);
        gort_go(ponger, (void *)k);
    }
    gort_go(handoff, (void *)0);
    gort_go(handoff, (void *)1);
    tl_slot_put(&slots[0]); /* the first token */
    gort_go(blocker, NULL);
    gort_go(blocker, NULL);
    gort_go(toggler, NULL);

    gort_sleep((int64_t)(secs * 1e9));
    tl_store(&stop, 1);

    int64_t end = gort_nanotime() + 30 * GORT_SECOND;
    while ((tl_load(&workers_left) > 0 ||
            tl_load(&finished) != tl_load(&spawned)) &&
           gort_nanotime() < end)
        gort_sleep(GORT_MILLISECOND);
    printf("%.1f s: spawned %lld (yields %lld, sleeps %lld, spins %lld), "
           "echoed %lld (timeouts %lld), handoffs %lld, syscalls %lld, "
           "GOMAXPROCS changes %lld\n",
           secs, (long long)spawned, (long long)yields, (long long)sleeps,
           (long long)spins, (long long)echoed, (long long)timeouts,
           (long long)handoffs, (long long)blocked, (long long)toggles);
    for (int k = 0; k < NKINDS; k++)
        if (tl_load(&live[k]))
            printf("still running: %d %s (pipe errors %d, errno %d, "
                   "wait result %d)\n",
                   live[k], kindname[k], tl_load(&pipe_bad),
                   tl_load(&last_err), tl_load(&last_res));
    CHECK_EQ(tl_load(&workers_left), 0);
    CHECK_EQ(tl_load(&finished), tl_load(&spawned));
    if (tl_load(&pipe_bad))
        printf("pipe errors %d: errno/code %d, wait result %d\n",
               tl_load(&pipe_bad), tl_load(&last_err), tl_load(&last_res));
    CHECK_EQ(tl_load(&pipe_bad), 0);
    CHECK(spawned > 0 && yields > 0 && sleeps > 0 && spins > 0);
    CHECK(echoed > 0 && handoffs > 0 && blocked > 0 && toggles > 0);
    end = gort_nanotime() + 5 * GORT_SECOND;
    while (gort_numgoroutine() != base && gort_nanotime() < end)
        gort_sleep(GORT_MILLISECOND);
    CHECK_EQ(gort_numgoroutine(), base);
    CHECK_EQ(ald(&rt_netpollWaiters), 0);
    for (int k = 0; k < PAIRS; k++)
        for (int d = 0; d < 2; d++)
            for (int e = 0; e < 2; e++) gort_fd_close(pfds[k][d][e]);
}

int main(void) {
    tl_procs = 2; /* every body starts with GOMAXPROCS 2 */
    const struct CMUnitTest tests[] = {GO_TEST(test_stress)};
    return cmocka_run_group_tests_name("stress_sched", tests, NULL, NULL);
}
