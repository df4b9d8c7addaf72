/*
 * test_select.c — select: ready cases, default, fairness, repeated
 * channels, nil channels, wake-up by a value and by close, timeouts with
 * gort_after, many cases, Go's panic and wait reasons.
 *
 * GORT_TEST_CONCURRENCY: runs under ThreadSanitizer.
 */
#include "testlib.h"

/* Queue length of q (c->lock taken). */
static int qlen(HChan *h, WaitQ *q) {
    int n = 0;
    rt_lock(&h->lock);
    for (Sudog *s = q->first; s; s = s->next) n++;
    rt_unlock(&h->lock);
    return n;
}

/* ---------------------------------------------------------------------- */
/* Ready cases and default                                                 */
/* ---------------------------------------------------------------------- */

static void test_ready_case_chosen(void *arg) {
    (void)arg;
    gort_chan *a = gort_chan_make(&gort_type_int32, 1);
    gort_chan *b = gort_chan_make(&gort_type_int32, 1);
    gort_chan *full = gort_chan_make(&gort_type_int32, 1);
    int x = 5;
    gort_chan_send(full, &x);
    int va = 0, vb = 0, vs = 9;
    gort_select_case cs[] = {gort_case_recv(a, &va), gort_case_recv(b, &vb),
                             gort_case_send(full, &vs)};
    for (int blocking = 0; blocking < 2; blocking++) {
        gort_chan_send(b, &x);
        int r = gort_select(cs, 3, blocking);
        CHECK_EQ(r, 1);
        CHECK(cs[1].ok);
        CHECK_EQ(vb, 5);
        CHECK_EQ(va, 0);
    }
    /* Only the send case can proceed once full has room. */
    CHECK(gort_chan_recv(full, NULL));
    CHECK_EQ(gort_select(cs, 3, true), 2);
    int got;
    CHECK(gort_chan_recv(full, &got));
    CHECK_EQ(got, 9);
}

static void test_default(void *arg) {
    (void)arg;
    gort_chan *a = gort_chan_make(&gort_type_int32, 0);
    gort_chan *b = gort_chan_make(&gort_type_int32, 2);
    gort_chan *full = gort_chan_make(&gort_type_int32, 1);
    int x = 1;
    gort_chan_send(full, &x);
    gort_select_case cs[] = {gort_case_recv(a, NULL), gort_case_recv(b, NULL),
                             gort_case_send(full, &x), gort_case_send(a, &x),
                             gort_case_recv(NULL, NULL)};
    for (int n = 0; n <= 5; n++) CHECK_EQ(gort_select(cs, n, false), -1);
    /* Nothing was disturbed. */
    CHECK_EQ(gort_chan_len(full), 1);
    CHECK((tl_hchan(a)->recvq.first) == NULL);
    CHECK((tl_hchan(a)->sendq.first) == NULL);
}

/* ---------------------------------------------------------------------- */
/* Fairness                                                                */
/* ---------------------------------------------------------------------- */

/* Every ready case is chosen about equally often.  A statistical check
 * with a wide margin: with 3 always-ready cases and 30000 selects, each
 * expected count is 10000 with a standard deviation of about 82; the
 * bound below is more than 30 standard deviations away. */
static void test_fairness(void *arg) {
    (void)arg;
    enum { N = 30000, K = 3 };
    gort_chan *c[K];
    for (int i = 0; i < K; i++) c[i] = gort_chan_make(&gort_type_int32, 1);
    int count[K] = {0};
    int v = 0;
    gort_select_case cs[K];
    for (int i = 0; i < K; i++) {
        gort_chan_send(c[i], &v);
        cs[i] = gort_case_recv(c[i], &v);
    }
    for (int n = 0; n < N; n++) {
        int r = gort_select(cs, K, n & 1);
        CHECK_RANGE(r, 0, K - 1);
        count[r]++;
        gort_chan_send(c[r], &v); /* make it ready again */
    }
    for (int i = 0; i < K; i++)
        CHECK_RANGE(count[i], N / K - 2500, N / K + 2500);

    /* Same with send cases into buffers that always have room. */
    int sc[2] = {0, 0};
    gort_chan *d[2] = {gort_chan_make(&gort_type_int32, 1),
                       gort_chan_make(&gort_type_int32, 1)};
    gort_select_case ss[2] = {gort_case_send(d[0], &v),
                              gort_case_send(d[1], &v)};
    for (int n = 0; n < 20000; n++) {
        int r = gort_select(ss, 2, true);
        sc[r]++;
        CHECK(gort_chan_recv(d[r], NULL));
    }
    CHECK_RANGE(sc[0], 8000, 12000);
}

/* ---------------------------------------------------------------------- */
/* Blocking and wake-up                                                    */
/* ---------------------------------------------------------------------- */

typedef struct waiter {
    gort_chan *a, *b;
    int va, vb;
    int chosen;
    bool ok;
    gort_chan *done;
} waiter;

static void select_waiter(void *arg) {
    waiter *w = arg;
    gort_select_case cs[] = {gort_case_recv(w->a, &w->va),
                             gort_case_recv(w->b, &w->vb)};
    w->chosen = gort_select(cs, 2, true);
    w->ok = cs[w->chosen].ok;
    gort_chan_send(w->done, NULL);
}

/* Starts a goroutine blocked in select {case va = <-a: case vb = <-b:}. */
static waiter *start_waiter(intptr_t cap) {
    waiter *w = tl_new(sizeof *w);
    w->a = gort_chan_make(&gort_type_int32, cap);
    w->b = gort_chan_make(&gort_type_int32, cap);
    w->va = w->vb = -1;
    w->chosen = -2;
    w->done = gort_chan_make(NULL, 0);
    gort_go(select_waiter, w);
    CHECK(tl_wait_parked(WAIT_SELECT, 1));
    CHECK_EQ(qlen(tl_hchan(w->a), &tl_hchan(w->a)->recvq), 1);
    CHECK_EQ(qlen(tl_hchan(w->b), &tl_hchan(w->b)->recvq), 1);
    return w;
}

static void test_blocking_select_woken_by_value(void *arg) {
    (void)arg;
    for (intptr_t cap = 0; cap <= 2; cap += 2) {
        waiter *w = start_waiter(cap);
        int v = 31;
        gort_chan_send(w->b, &v); /* direct handoff into the select's elem */
        CHECK(gort_chan_recv(w->done, NULL));
        CHECK_EQ(w->chosen, 1);
        CHECK(w->ok);
        CHECK_EQ(w->vb, 31);
        CHECK_EQ(w->va, -1);
        /* The losing sudog was dequeued from a. */
        CHECK((ald(&tl_hchan(w->a)->recvq.first)) == NULL);
        CHECK((ald(&tl_hchan(w->b)->recvq.first)) == NULL);
        CHECK_EQ(gort_chan_len(w->b), 0);
    }
}

static void test_blocking_select_woken_by_close(void *arg) {
    (void)arg;
    waiter *w = start_waiter(0);
    w->va = 77;
    gort_chan_close(w->a);
    CHECK(gort_chan_recv(w->done, NULL));
    CHECK_EQ(w->chosen, 0);
    CHECK(!w->ok);
    CHECK_EQ(w->va, 0); /* zero value written on close */
    CHECK((ald(&tl_hchan(w->b)->recvq.first)) == NULL);
}

/* A blocking select with a send case: a receiver arriving later takes the
 * value from the select's elem. */
static int sendval;
static void select_sender(void *arg) {
    gort_chan **cc = arg;
    sendval = 55;
    gort_select_case cs[] = {gort_case_send(cc[0], &sendval),
                             gort_case_recv(cc[1], NULL)};
    int r = gort_select(cs, 2, true);
    gort_chan_send(cc[2], &r);
}

static void test_blocking_select_send(void *arg) {
    (void)arg;
    gort_chan **cc = gort_alloc(3 * sizeof *cc, &gort_type_pointer);
    cc[0] = gort_chan_make(&gort_type_int32, 0);
    cc[1] = gort_chan_make(&gort_type_int32, 0);
    cc[2] = gort_chan_make(&gort_type_int32, 1);
    gort_go(select_sender, cc);
    CHECK(tl_wait_parked(WAIT_SELECT, 1));
    int v = 0, r = -1;
    CHECK(gort_chan_recv(cc[0], &v));
    CHECK_EQ(v, 55);
    CHECK(gort_chan_recv(cc[2], &r));
    CHECK_EQ(r, 0);
    CHECK((ald(&tl_hchan(cc[1])->recvq.first)) == NULL);
}

/* Two senders race to wake one blocked select: exactly one wins (selectdone),
 * the other's value stays with it and is received later. */
typedef struct racer {
    gort_chan *c;
    int v;
} racer;

static void racing_sender(void *arg) {
    racer *r = arg;
    gort_chan_send(r->c, &r->v);
}

static void race(gort_chan *c, int v) {
    racer *r = tl_new(sizeof *r);
    *r = (racer){c, v};
    gort_go(racing_sender, r);
}

static void test_select_woken_once(void *arg) {
    (void)arg;
    int wins[2] = {0, 0};
    for (int round = 0; round < 200; round++) {
        waiter *w = start_waiter(0);
        race(w->a, 1);
        race(w->b, 2);
        CHECK(gort_chan_recv(w->done, NULL));
        CHECK_RANGE(w->chosen, 0, 1);
        wins[w->chosen]++;
        int other;
        if (w->chosen == 0) {
            CHECK_EQ(w->va, 1);
            CHECK(gort_chan_recv(w->b, &other));
            CHECK_EQ(other, 2);
        } else {
            CHECK_EQ(w->vb, 2);
            CHECK(gort_chan_recv(w->a, &other));
            CHECK_EQ(other, 1);
        }
    }
    CHECK_EQ(wins[0] + wins[1], 200);
}

/* ---------------------------------------------------------------------- */
/* Repeated and nil channels                                               */
/* ---------------------------------------------------------------------- */

/* A channel in several cases is locked once, and each case keeps its own
 * sudog in the right queue. */
static void test_repeated_channel(void *arg) {
    (void)arg;
    /* Ready: both cases on the same channel get chosen. */
    gort_chan *c = gort_chan_make(&gort_type_int32, 1);
    int v = 3, count[3] = {0};
    gort_select_case cs[] = {gort_case_recv(c, &v), gort_case_recv(c, &v),
                             gort_case_send(c, &v)};
    for (int n = 0; n < 6000; n++) {
        int r = gort_select(cs, 3, true);
        count[r]++;
    }
    /* Alternates between the send (empty buffer) and one of the receives. */
    CHECK_EQ(count[2], 3000);
    CHECK_RANGE(count[0], 1000, 2000);
    CHECK_RANGE(count[1], 1000, 2000);
}

typedef struct repeated {
    gort_chan *c;
    int chosen;
    int v;
    gort_chan *done;
} repeated;

static void repeated_waiter(void *arg) {
    repeated *rp = arg;
    int out = 8;
    gort_select_case cs[] = {gort_case_recv(rp->c, &rp->v),
                             gort_case_send(rp->c, &out),
                             gort_case_recv(rp->c, &rp->v),
                             gort_case_recv(NULL, NULL)};
    rp->chosen = gort_select(cs, 4, true);
    gort_chan_send(rp->done, NULL);
}

static void test_repeated_channel_blocking(void *arg) {
    (void)arg;
    for (int round = 0; round < 40; round++) {
        repeated *rp = tl_new(sizeof *rp);
        rp->c = gort_chan_make(&gort_type_int32, 0);
        rp->done = gort_chan_make(NULL, 0);
        rp->chosen = -1;
        gort_go(repeated_waiter, rp);
        CHECK(tl_wait_parked(WAIT_SELECT, 1));
        HChan *h = tl_hchan(rp->c);
        /* One sudog per case on the channel, each in its queue. */
        CHECK_EQ(qlen(h, &h->recvq), 2);
        CHECK_EQ(qlen(h, &h->sendq), 1);
        if (round & 1) {
            int got = 0;
            CHECK(gort_chan_recv(rp->c, &got));
            CHECK_EQ(got, 8);
            CHECK(gort_chan_recv(rp->done, NULL));
            CHECK_EQ(rp->chosen, 1);
        } else {
            int v = 100 + round;
            gort_chan_send(rp->c, &v);
            CHECK(gort_chan_recv(rp->done, NULL));
            CHECK(rp->chosen == 0 || rp->chosen == 2);
            CHECK_EQ(rp->v, 100 + round);
        }
        /* Every sudog was removed. */
        CHECK(h->recvq.first == NULL);
        CHECK(h->sendq.first == NULL);
    }
}

static void test_nil_channels_ignored(void *arg) {
    (void)arg;
    gort_chan *c = gort_chan_make(&gort_type_int32, 1);
    int v = 4, got = 0;
    gort_chan_send(c, &v);
    gort_select_case cs[] = {gort_case_recv(NULL, &got),
                             gort_case_send(NULL, &v),
                             gort_case_recv(c, &got)};
    for (int i = 0; i < 100; i++) {
        int r = gort_select(cs, 3, i & 1);
        CHECK_EQ(r, 2);
        CHECK_EQ(got, 4);
        gort_chan_send(c, &v);
    }
    CHECK(gort_chan_recv(c, NULL));
    CHECK_EQ(gort_select(cs, 2, false), -1);
}

/* ---------------------------------------------------------------------- */
/* Timeouts with gort_after                                                */
/* ---------------------------------------------------------------------- */

static void test_after_timeout(void *arg) {
    (void)arg;
    gort_chan *never = gort_chan_make(&gort_type_int32, 0);
    int64_t t0 = gort_nanotime(), wall0 = gort_now();
    int64_t fired = 0;
    gort_chan *tmo = gort_after(20 * GORT_MILLISECOND);
    CHECK_EQ(gort_chan_cap(tmo), 1);
    gort_select_case cs[] = {gort_case_recv(never, NULL),
                             gort_case_recv(tmo, &fired)};
    int r = gort_select(cs, 2, true);
    int64_t el = gort_nanotime() - t0;
    CHECK_EQ(r, 1);
    CHECK(cs[1].ok);
    /* Never early; the value is the wall-clock time of firing. */
    CHECK(el >= 20 * GORT_MILLISECOND);
    CHECK(fired >= wall0 + 20 * GORT_MILLISECOND - GORT_MILLISECOND);
    CHECK(fired <= gort_now());
    CHECK((ald(&tl_hchan(never)->recvq.first)) == NULL);

    /* A value that arrives first wins over the timeout. */
    gort_chan *c = gort_chan_make(&gort_type_int32, 1);
    int v = 1;
    gort_chan_send(c, &v);
    gort_select_case cs2[] = {gort_case_recv(c, &v),
                              gort_case_recv(gort_after(GORT_SECOND), NULL)};
    CHECK_EQ(gort_select(cs2, 2, true), 0);

    /* Already expired; a plain receive also works. */
    int64_t t;
    CHECK(gort_chan_recv(gort_after(0), &t));
    CHECK(gort_chan_recv(gort_after(-5), &t));
}

/* ---------------------------------------------------------------------- */
/* Many cases                                                              */
/* ---------------------------------------------------------------------- */

enum { MANY = 64 };
typedef struct many {
    gort_chan *c[MANY];
    gort_select_case cs[2 * MANY];
    int vals[2 * MANY];
    int chosen;
    gort_chan *done;
} many;

static void many_waiter(void *arg) {
    many *mc = arg;
    mc->chosen = gort_select(mc->cs, 2 * MANY, true);
    gort_chan_send(mc->done, NULL);
}

/* 128 cases over 64 channels in shuffled order (each channel twice):
 * exercises the heap sort of the lock order and locking each channel
 * once. */
static void test_many_cases(void *arg) {
    (void)arg;
    many *mc = tl_new(sizeof *mc);
    mc->done = gort_chan_make(NULL, 0);
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < MANY; i++)
            mc->c[i] = gort_chan_make(&gort_type_int32, round & 1);
        for (int i = 0; i < 2 * MANY; i++) {
            int k = (i * 37 + round) % MANY;
            mc->cs[i] = gort_case_recv(mc->c[k], &mc->vals[i]);
            mc->vals[i] = -1;
        }
        mc->chosen = -1;
        gort_go(many_waiter, mc);
        CHECK(tl_wait_parked(WAIT_SELECT, 1));
        int k = (round * 7) % MANY, v = 1000 + round;
        gort_chan_send(mc->c[k], &v);
        CHECK(gort_chan_recv(mc->done, NULL));
        CHECK(mc->cs[mc->chosen].c == mc->c[k]);
        CHECK_EQ(mc->vals[mc->chosen], v);
        for (int i = 0; i < MANY; i++) {
            CHECK((tl_hchan(mc->c[i])->recvq.first) == NULL);
            CHECK_EQ(gort_chan_len(mc->c[i]), 0);
        }
    }
    /* Ready among many, without blocking (the last round's channels have
     * a buffer). */
    CHECK_EQ(gort_chan_cap(mc->c[0]), 1);
    int v = 5;
    gort_chan_send(mc->c[3], &v);
    int r = gort_select(mc->cs, 2 * MANY, false);
    CHECK_RANGE(r, 0, 2 * MANY - 1);
    CHECK(mc->cs[r].c == mc->c[3]);
    CHECK_EQ(mc->vals[r], 5);
    CHECK_EQ(gort_select(mc->cs, 2 * MANY, false), -1);
}

/* ---------------------------------------------------------------------- */
/* Child scenarios                                                         */
/* ---------------------------------------------------------------------- */

static void child_select_send_closed(void *arg) {
    (void)arg;
    gort_chan *c = gort_chan_make(&gort_type_int32, 0);
    gort_chan *d = gort_chan_make(&gort_type_int32, 0);
    gort_chan_close(c);
    int v = 1;
    gort_select_case cs[] = {gort_case_recv(d, NULL), gort_case_send(c, &v)};
    gort_select(cs, 2, true);
}

static void blocked_select_sender(void *arg) {
    gort_chan **cc = arg;
    int v = 1;
    gort_select_case cs[] = {gort_case_recv(cc[1], NULL),
                             gort_case_send(cc[0], &v)};
    gort_select(cs, 2, true);
}

/* A select parked with a send case, woken by close: panics. */
static void child_select_send_woken_by_close(void *arg) {
    (void)arg;
    gort_chan **cc = gort_alloc(2 * sizeof *cc, &gort_type_pointer);
    cc[0] = gort_chan_make(&gort_type_int32, 0);
    cc[1] = gort_chan_make(&gort_type_int32, 0);
    gort_go(blocked_select_sender, cc);
    tl_wait_parked(WAIT_SELECT, 1);
    gort_chan_close(cc[0]);
    gort_sleep(20 * GORT_SECOND);
}

static void select_nocases(void *arg) {
    (void)arg;
    gort_select(NULL, 0, true);
}

static void select_nils(void *arg) {
    (void)arg;
    gort_select_case cs[] = {gort_case_recv(NULL, NULL),
                             gort_case_send(NULL, NULL)};
    gort_select(cs, 2, true);
}

static void child_select_deadlock(void *arg) {
    (void)arg;
    gort_go(select_nocases, NULL);
    gort_go(select_nils, NULL);
    tl_wait_parked(WAIT_SELECT_NOCASES, 1);
    tl_wait_parked(WAIT_SELECT, 1);
    gort_chan *a = gort_chan_make(&gort_type_int32, 0);
    gort_select_case cs[] = {gort_case_recv(a, NULL), gort_case_send(a, NULL)};
    gort_select(cs, 2, true); /* cannot match itself */
}

static void child_empty_select_main(void *arg) {
    (void)arg;
    gort_select(NULL, 0, true);
}

static const tl_scenario children[] = {
    {"select_send_closed", .main = child_select_send_closed},
    {"select_send_woken_by_close", .main = child_select_send_woken_by_close},
    {"select_deadlock", .main = child_select_deadlock},
    {"empty_select_main", .main = child_empty_select_main},
};

static void test_select_panics(void *arg) {
    (void)arg;
    CHECK_CHILD("select_send_closed", NULL, 2,
                "panic: send on closed channel\n\ngoroutine 1 [running]:\n");
    CHECK_CHILD("select_send_woken_by_close", NULL, 2,
                "panic: send on closed channel\n\ngoroutine ", "[running]:");
}

static void test_select_wait_reasons(void *arg) {
    (void)arg;
    CHECK_CHILD("select_deadlock", NULL, 2,
                "fatal error: all goroutines are asleep - deadlock!",
                "goroutine 1 [select]:", "[select (no cases)]:");
    CHECK_CHILD("empty_select_main", NULL, 2,
                "fatal error: all goroutines are asleep - deadlock!",
                "goroutine 1 [select (no cases)]:");
}

int main(int argc, char **argv) {
    tl_child_main(argc, argv, children, RT_ARRAY_LEN(children));
    setenv("GORT_STACK_SIZE", "64K", 0); /* 10k-goroutine tests */
    const struct CMUnitTest tests[] = {
        GO_TEST(test_ready_case_chosen),
        GO_TEST(test_default),
        GO_TEST(test_fairness),
        GO_TEST(test_blocking_select_woken_by_value),
        GO_TEST(test_blocking_select_woken_by_close),
        GO_TEST(test_blocking_select_send),
        GO_TEST(test_select_woken_once),
        GO_TEST(test_repeated_channel),
        GO_TEST(test_repeated_channel_blocking),
        GO_TEST(test_nil_channels_ignored),
        GO_TEST(test_after_timeout),
        GO_TEST(test_many_cases),
        GO_TEST(test_select_panics),
        GO_TEST(test_select_wait_reasons),
    };
    return cmocka_run_group_tests_name("select", tests, NULL, NULL);
}
