/*
 * test_netpoll.c — gort_fd_wait and gort_fd_close on pipes.
 *
 * GORT_TEST_CONCURRENCY: wake-ups come from the poller, from deadline
 * timers and from other threads; this file runs under TSan.
 *
 * The pattern under test is the one gort.h prescribes: non-blocking fd,
 * try the I/O, on EAGAIN gort_fd_wait, retry.  The I/O goes through
 * tl_read/tl_write, which return -errno: errno must not be read after a
 * park in the same function (testlib.h says why).  A waiting goroutine is
 * parked ("IO wait") and its M is free; readiness, a deadline or
 * gort_fd_close wakes it with READY, TIMEOUT or CLOSED.
 */
#include "testlib.h"

#define BOUND (5 * GORT_SECOND)

static void nbpipe(int fds[2]) {
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) abort();
}

/* Waits until gp is parked with the given wait reason.  Under TSan the
 * reason is not compared: the G's owner rewrites it when the G runs again,
 * and the only ordering between that and our read is the pipe, which TSan
 * cannot see; the fd-waiter count stands in for it there. */
static bool parked(G **gpp, const char *reason) {
    int64_t end = gort_nanotime() + BOUND;
    while (gort_nanotime() < end) {
        G *gp = __atomic_load_n(gpp, __ATOMIC_SEQ_CST);
        if (gp && ald(&gp->status) == Gwaiting) {
#if GORT_SANITIZE_THREAD
            (void)reason;
            if (ald(&rt_netpollWaiters) > 0) return true;
#else
            if (gp->waitreason && strcmp(gp->waitreason, reason) == 0)
                return true;
#endif
        }
        gort_sleep(100 * GORT_MICROSECOND);
    }
    return false;
}

/* ---------------------------------------------------------------------- */

static int rd_fds[2];
static G *rd_g;
static int rd_waits, rd_done;
static gort_fd_result rd_res;
static char rd_buf[16];
static ssize_t rd_n;

static void reader(void *arg) {
    (void)arg;
    __atomic_store_n(&rd_g, rt_getg(), __ATOMIC_SEQ_CST);
    for (;;) {
        ssize_t n = tl_read(rd_fds[0], rd_buf, sizeof rd_buf - 1);
        if (n >= 0) {
            rd_n = n;
            break;
        }
        if (n != -EAGAIN) {
            rd_n = -1;
            break;
        }
        tl_inc(&rd_waits);
        rd_res = gort_fd_wait(rd_fds[0], GORT_FD_READ, 0);
        if (rd_res != GORT_FD_READY) break;
    }
    tl_inc(&rd_done);
}

/* The reader parks in "IO wait" (its M is not blocked: this goroutine
 * keeps running on the other P, and with one P as well); a write wakes
 * it and it reads the data. */
static void test_reader_parks_and_wakes(void *arg) {
    (void)arg;
    for (int procs = 2; procs >= 1; procs--) {
        gort_gomaxprocs(procs);
        nbpipe(rd_fds);
        rd_g = NULL;
        tl_store(&rd_done, 0);
        tl_store(&rd_waits, 0);
        gort_go(reader, NULL);
        CHECK(parked(&rd_g, "IO wait"));
        CHECK(ald(&rt_netpollWaiters) >= 1);
        CHECK_EQ(tl_load(&rd_done), 0);
        CHECK_EQ(write(rd_fds[1], "hello", 5), 5);
        CHECK(tl_wait_ge(&rd_done, 1, BOUND));
        CHECK_EQ(rd_res, GORT_FD_READY);
        CHECK_EQ(rd_n, 5);
        rd_buf[rd_n] = 0;
        CHECK(strcmp(rd_buf, "hello") == 0);
        CHECK_EQ(tl_load(&rd_waits), 1);
        gort_fd_close(rd_fds[0]);
        gort_fd_close(rd_fds[1]);
    }
}

/* A deadline that passes first returns TIMEOUT, never early; a deadline
 * already past returns TIMEOUT without parking. */
static void test_deadline_timeout(void *arg) {
    (void)arg;
    int fds[2];
    nbpipe(fds);
    int64_t start = gort_nanotime();
    int64_t deadline = start + 20 * GORT_MILLISECOND;
    CHECK_EQ(gort_fd_wait(fds[0], GORT_FD_READ, deadline), GORT_FD_TIMEOUT);
    CHECK(gort_nanotime() >= deadline);
    CHECK_EQ(gort_fd_wait(fds[0], GORT_FD_READ, gort_nanotime() - 1),
                GORT_FD_TIMEOUT);
    CHECK_EQ(ald(&rt_netpollWaiters), 0);
    /* The expired deadline timer is gone: data now wakes a new wait. */
    CHECK_EQ(write(fds[1], "x", 1), 1);
    CHECK_EQ(gort_fd_wait(fds[0], GORT_FD_READ, gort_nanotime() + BOUND),
                GORT_FD_READY);
    gort_fd_close(fds[0]);
    gort_fd_close(fds[1]);
}

/* gort_fd_close wakes a parked waiter with CLOSED. */
static void test_close_wakes_waiter(void *arg) {
    (void)arg;
    nbpipe(rd_fds);
    rd_g = NULL;
    tl_store(&rd_done, 0);
    gort_go(reader, NULL);
    CHECK(parked(&rd_g, "IO wait"));
    CHECK_EQ(gort_fd_close(rd_fds[0]), 0);
    CHECK(tl_wait_ge(&rd_done, 1, BOUND));
    CHECK_EQ(rd_res, GORT_FD_CLOSED);
    CHECK_EQ(ald(&rt_netpollWaiters), 0);
    gort_fd_close(rd_fds[1]);
}

static int wr_fds[2];
static G *wr_g;
static int wr_done;
static gort_fd_result wr_res;

static void writer(void *arg) {
    (void)arg;
    __atomic_store_n(&wr_g, rt_getg(), __ATOMIC_SEQ_CST);
    char c = 'w';
    ssize_t n;
    while ((n = tl_write(wr_fds[1], &c, 1)) != 1) {
        if (n != -EAGAIN) return;
        wr_res = gort_fd_wait(wr_fds[1], GORT_FD_WRITE, 0);
        if (wr_res != GORT_FD_READY) return;
    }
    tl_inc(&wr_done);
}

/* A writer on a full pipe parks until the reader drains it. */
static void test_writer_waits_for_room(void *arg) {
    (void)arg;
    nbpipe(wr_fds);
    char buf[4096];
    memset(buf, 'f', sizeof buf);
    size_t filled = 0;
    ssize_t n;
    while ((n = write(wr_fds[1], buf, sizeof buf)) > 0) filled += (size_t)n;
    CHECK(errno == EAGAIN);
    gort_go(writer, NULL);
    CHECK(parked(&wr_g, "IO wait"));
    size_t drained = 0;
    CHECK_EQ(n = read(wr_fds[0], buf, sizeof buf), (ssize_t)sizeof buf);
    drained += (size_t)n;
    CHECK(tl_wait_ge(&wr_done, 1, BOUND));
    CHECK_EQ(wr_res, GORT_FD_READY);
    char last = 0;
    while ((n = read(wr_fds[0], buf, sizeof buf)) > 0) {
        drained += (size_t)n;
        last = buf[n - 1];
    }
    CHECK_EQ(drained, filled + 1);
    CHECK_EQ(last, 'w');
    printf("pipe held %zu bytes\n", filled);
    gort_fd_close(wr_fds[0]);
    gort_fd_close(wr_fds[1]);
}

/* An edge that arrives with nobody waiting is remembered: the next wait
 * returns READY at once instead of missing it (edge-triggered epoll). */
static void test_edge_remembered(void *arg) {
    (void)arg;
    int fds[2];
    nbpipe(fds);
    /* Registers the fd with the poller. */
    CHECK_EQ(gort_fd_wait(fds[0], GORT_FD_READ,
                             gort_nanotime() + GORT_MILLISECOND),
                GORT_FD_TIMEOUT);
    CHECK_EQ(write(fds[1], "e", 1), 1);
    gort_sleep(20 * GORT_MILLISECOND); /* a poll sees the edge meanwhile */
    int64_t t0 = gort_nanotime();
    CHECK_EQ(gort_fd_wait(fds[0], GORT_FD_READ, t0 + BOUND), GORT_FD_READY);
    char c;
    CHECK_EQ(read(fds[0], &c, 1), 1);
    gort_fd_close(fds[0]);
    gort_fd_close(fds[1]);
}

/* Regular files never block (epoll refuses them): READY at once.  A
 * closed fd: CLOSED.  (Fds that went through gort_fd_wait are closed with
 * gort_fd_close, which resets the poller's record of the fd number.) */
static void test_file_and_bad_fd(void *arg) {
    (void)arg;
    int fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    CHECK(fd >= 0);
    CHECK_EQ(gort_fd_wait(fd, GORT_FD_READ, 0), GORT_FD_READY);
    CHECK_EQ(gort_fd_wait(fd, GORT_FD_WRITE, 0), GORT_FD_READY);
    CHECK_EQ(gort_fd_close(fd), 0);
    int fds[2];
    nbpipe(fds);
    int dead = fds[0];
    close(fds[0]);
    close(fds[1]);
    CHECK_EQ(gort_fd_wait(dead, GORT_FD_READ, 0), GORT_FD_CLOSED);
}

/* ---------------------------------------------------------------------- */

static int fx_fds[2];

static void *fx_thread(void *arg) {
    (void)arg;
    usleep(30000);
    if (write(fx_fds[1], "t", 1) != 1) abort();
    return NULL;
}

/* The only thing to wait for is an fd written by a thread outside the
 * runtime: an idle M blocks in epoll_wait with no timeout and the main
 * goroutine wakes when the byte arrives (and no deadlock is reported). */
static void test_wake_from_foreign_thread(void *arg) {
    (void)arg;
    nbpipe(fx_fds);
    pthread_t th;
    CHECK_EQ(pthread_create(&th, NULL, fx_thread, NULL), 0);
    char c;
    ssize_t n;
    while ((n = tl_read(fx_fds[0], &c, 1)) != 1) {
        CHECK_EQ(n, -EAGAIN);
        CHECK_EQ(gort_fd_wait(fx_fds[0], GORT_FD_READ, 0), GORT_FD_READY);
    }
    CHECK_EQ(c, 't');
    gort_syscall_enter();
    pthread_join(th, NULL);
    gort_syscall_exit();
    gort_fd_close(fx_fds[0]);
    gort_fd_close(fx_fds[1]);
}

/* ---------------------------------------------------------------------- */

enum { PP_PAIRS = 32, PP_ROUNDS = 200 };
static int pp_fds[PP_PAIRS][2][2]; /* [pair][direction][end] */
static int pp_done, pp_bad;

static bool pp_read(int fd, char *c) {
    for (;;) {
        ssize_t n = tl_read(fd, c, 1);
        if (n == 1) return true;
        if (n != -EAGAIN) return false;
        if (gort_fd_wait(fd, GORT_FD_READ, 0) != GORT_FD_READY) return false;
    }
}

static void pp_ping(void *arg) {
    long k = (long)arg;
    for (int i = 0; i < PP_ROUNDS; i++) {
        char c = (char)i, r;
        if (write(pp_fds[k][0][1], &c, 1) != 1 || !pp_read(pp_fds[k][1][0], &r) ||
            r != c)
            tl_inc(&pp_bad);
    }
    tl_inc(&pp_done);
}

static void pp_pong(void *arg) {
    long k = (long)arg;
    for (int i = 0; i < PP_ROUNDS; i++) {
        char c;
        if (!pp_read(pp_fds[k][0][0], &c) || write(pp_fds[k][1][1], &c, 1) != 1)
            tl_inc(&pp_bad);
    }
    tl_inc(&pp_done);
}

/* 32 pairs echo a byte back and forth 200 times over pipes: every wait
 * parks a goroutine, never an M. */
static void test_pipe_pingpong_pairs(void *arg) {
    (void)arg;
    for (int k = 0; k < PP_PAIRS; k++) {
        nbpipe(pp_fds[k][0]);
        nbpipe(pp_fds[k][1]);
    }
    for (long k = 0; k < PP_PAIRS; k++) {
        gort_go(pp_ping, (void *)k);
        gort_go(pp_pong, (void *)k);
    }
    CHECK(tl_wait_ge(&pp_done, 2 * PP_PAIRS, 4 * BOUND));
    CHECK_EQ(tl_load(&pp_bad), 0);
    CHECK_EQ(ald(&rt_netpollWaiters), 0);
    for (int k = 0; k < PP_PAIRS; k++)
        for (int d = 0; d < 2; d++)
            for (int e = 0; e < 2; e++) gort_fd_close(pp_fds[k][d][e]);
}

int main(void) {
    tl_procs = 2; /* every body starts with GOMAXPROCS 2 */
    const struct CMUnitTest tests[] = {
        GO_TEST(test_reader_parks_and_wakes),
        GO_TEST(test_deadline_timeout),
        GO_TEST(test_close_wakes_waiter),
        GO_TEST(test_writer_waits_for_room),
        GO_TEST(test_edge_remembered),
        GO_TEST(test_file_and_bad_fd),
        GO_TEST(test_wake_from_foreign_thread),
        GO_TEST(test_pipe_pingpong_pairs),
    };
    return cmocka_run_group_tests_name("netpoll", tests, NULL, NULL);
}
