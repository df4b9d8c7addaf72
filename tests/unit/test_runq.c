/*
 * test_runq.c — the P-local run queue, driven directly on fake Ps.
 *
 * The runtime is never started here: the Ps and Gs are the test's own, no M
 * exists that could run a G, and the global run queue (which runqputslow
 * spills into) is read back and emptied by the test.  Single-threaded, so
 * it runs under ASan+UBSan; test_sched.c races owners against thieves.
 *
 *     runnext   runq: head ........ tail   (256 slots)
 *        |            oldest     newest
 *     runqget takes runnext first, then the head; runqput(next) swaps the
 *     new G into runnext and kicks the old one to the tail.
 */
#include "testlib.h"

static void test_fifo(void **state) {
    (void)state;
    P *pp = tl_newp(0);
    G *gs = tl_newgs(10);
    assert_true(rt_runqempty(pp));
    for (int i = 0; i < 10; i++) rt_runqput(pp, &gs[i], false);
    assert_false(rt_runqempty(pp));
    assert_int_equal(tl_runqlen(pp), 10);
    for (int i = 0; i < 10; i++) {
        bool inherit = true;
        G *gp = rt_runqget(pp, &inherit);
        assert_ptr_equal(gp, &gs[i]);
        assert_false(inherit); /* from the ring: a fresh time slice */
    }
    bool inherit;
    assert_null(rt_runqget(pp, &inherit));
    assert_true(rt_runqempty(pp));
    free(gs);
    free(pp);
}

static void test_runnext(void **state) {
    (void)state;
    P *pp = tl_newp(0);
    G *gs = tl_newgs(4);
    rt_runqput(pp, &gs[0], false); /* ring: 0 */
    rt_runqput(pp, &gs[1], true);  /* runnext: 1 */
    assert_ptr_equal(pp->runnext, &gs[1]);
    rt_runqput(pp, &gs[2], true);  /* runnext: 2; 1 kicked to the tail */
    assert_ptr_equal(pp->runnext, &gs[2]);
    assert_int_equal(tl_runqlen(pp), 3);
    assert_false(rt_runqempty(pp));

    bool inherit = false;
    assert_ptr_equal(rt_runqget(pp, &inherit), &gs[2]);
    assert_true(inherit); /* runnext inherits the time slice */
    assert_ptr_equal(rt_runqget(pp, &inherit), &gs[0]);
    assert_false(inherit);
    assert_ptr_equal(rt_runqget(pp, &inherit), &gs[1]);
    assert_null(rt_runqget(pp, &inherit));

    /* runnext alone makes the queue non-empty. */
    rt_runqput(pp, &gs[3], true);
    assert_false(rt_runqempty(pp));
    assert_ptr_equal(rt_runqget(pp, &inherit), &gs[3]);
    assert_true(rt_runqempty(pp));
    free(gs);
    free(pp);
}

/* Indices keep running past RUNQ_SIZE; the ring must wrap cleanly. */
static void test_wraparound(void **state) {
    (void)state;
    P *pp = tl_newp(0);
    G *gs = tl_newgs(RUNQ_SIZE);
    bool inherit;
    for (int round = 0; round < 40; round++) {
        int n = 1 + (round * 37) % (RUNQ_SIZE - 1);
        for (int i = 0; i < n; i++) rt_runqput(pp, &gs[i], false);
        for (int i = 0; i < n; i++)
            assert_ptr_equal(rt_runqget(pp, &inherit), &gs[i]);
        assert_true(rt_runqempty(pp));
    }
    assert_true(pp->runqtail > RUNQ_SIZE * 10u);
    free(gs);
    free(pp);
}

/* A full ring spills its older half plus the new G to the global queue. */
static void test_overflow_to_global(void **state) {
    (void)state;
    P *pp = tl_newp(0);
    G *gs = tl_newgs(RUNQ_SIZE + 2);
    for (int i = 0; i < RUNQ_SIZE; i++) rt_runqput(pp, &gs[i], false);
    assert_int_equal(tl_runqlen(pp), RUNQ_SIZE);
    assert_int_equal(rt_sched.runqsize, 0);

    rt_runqput(pp, &gs[RUNQ_SIZE], false); /* runqputslow */
    assert_int_equal(tl_runqlen(pp), RUNQ_SIZE / 2);
    int n;
    G *list = tl_globgrab(&n);
    assert_int_equal(n, RUNQ_SIZE / 2 + 1);
    /* Global: the oldest half in order, then the G that did not fit. */
    int i = 0;
    for (G *gp = list; gp; gp = gp->schedlink, i++)
        assert_ptr_equal(gp, i < RUNQ_SIZE / 2 ? &gs[i] : &gs[RUNQ_SIZE]);
    assert_int_equal(i, RUNQ_SIZE / 2 + 1);
    /* Local: the newer half, still FIFO. */
    bool inherit;
    for (i = RUNQ_SIZE / 2; i < RUNQ_SIZE; i++)
        assert_ptr_equal(rt_runqget(pp, &inherit), &gs[i]);
    assert_true(rt_runqempty(pp));

    /* A G kicked out of runnext into a full ring spills the same way. */
    for (i = 0; i < RUNQ_SIZE; i++) rt_runqput(pp, &gs[i], false);
    rt_runqput(pp, &gs[RUNQ_SIZE], true);     /* runnext, ring full */
    rt_runqput(pp, &gs[RUNQ_SIZE + 1], true); /* kicks RUNQ_SIZE out */
    assert_ptr_equal(pp->runnext, &gs[RUNQ_SIZE + 1]);
    list = tl_globgrab(&n);
    assert_int_equal(n, RUNQ_SIZE / 2 + 1);
    G *last = list;
    while (last->schedlink) last = last->schedlink;
    assert_ptr_equal(last, &gs[RUNQ_SIZE]);
    free(gs);
    free(pp);
}

/* rt_globrunqget takes its share (size/gomaxprocs + 1) into the local
 * queue and returns the first. */
static void test_globrunqget(void **state) {
    (void)state;
    P *pp = tl_newp(0);
    G *gs = tl_newgs(10);
    rt_lock(&rt_sched.lock);
    int saved = rt_sched.gomaxprocs;
    rt_sched.gomaxprocs = 2; /* no runtime runs: only this test reads it */
    for (int i = 0; i < 10; i++) rt_globrunqput(&gs[i]);
    assert_int_equal(rt_sched.runqsize, 10);
    G *gp = rt_globrunqget(pp, 0); /* 10/2 + 1 = 6 */
    assert_ptr_equal(gp, &gs[0]);
    assert_int_equal(rt_sched.runqsize, 4);
    assert_int_equal(tl_runqlen(pp), 5);
    gp = rt_globrunqget(pp, 1); /* max 1: nothing goes local */
    assert_ptr_equal(gp, &gs[6]);
    assert_int_equal(tl_runqlen(pp), 5);
    rt_sched.gomaxprocs = saved;
    rt_unlock(&rt_sched.lock);
    int n;
    tl_globgrab(&n);
    assert_int_equal(n, 3);
    bool inherit;
    for (int i = 1; i <= 5; i++)
        assert_ptr_equal(rt_runqget(pp, &inherit), &gs[i]);
    free(gs);
    free(pp);
}

/* Stealing takes the older half (rounded up) of the victim's ring; the
 * thief runs the last stolen G at once and queues the rest. */
static void test_steal_half(void **state) {
    (void)state;
    P *victim = tl_newp(0), *thief = tl_newp(1);
    G *gs = tl_newgs(10);
    for (int i = 0; i < 10; i++) rt_runqput(victim, &gs[i], false);
    G *first = NULL;
    assert_int_equal(rt_runqsteal(thief, victim, false, &first), 5);
    assert_ptr_equal(first, &gs[4]);
    assert_int_equal(tl_runqlen(thief), 4);
    assert_int_equal(tl_runqlen(victim), 5);
    bool inherit;
    for (int i = 0; i < 4; i++)
        assert_ptr_equal(rt_runqget(thief, &inherit), &gs[i]);
    for (int i = 5; i < 10; i++)
        assert_ptr_equal(rt_runqget(victim, &inherit), &gs[i]);

    /* One G: the thief takes it (n - n/2 rounds up). */
    rt_runqput(victim, &gs[0], false);
    assert_int_equal(rt_runqsteal(thief, victim, false, &first), 1);
    assert_ptr_equal(first, &gs[0]);
    assert_true(rt_runqempty(thief));
    assert_true(rt_runqempty(victim));

    /* Nothing to steal. */
    assert_int_equal(rt_runqsteal(thief, victim, true, &first), 0);
    assert_null(first);
    free(gs);
    free(victim);
    free(thief);
}

/* runnext is stolen only when asked (the last round of stealwork) and only
 * when the ring is empty. */
static void test_steal_runnext(void **state) {
    (void)state;
    P *victim = tl_newp(0), *thief = tl_newp(1);
    G *gs = tl_newgs(2);
    G *first;
    rt_runqput(victim, &gs[0], true);
    assert_int_equal(rt_runqsteal(thief, victim, false, &first), 0);
    assert_ptr_equal(victim->runnext, &gs[0]);
    /* A running owner is given a moment first; the steal still succeeds. */
    victim->status = Prunning;
    assert_int_equal(rt_runqsteal(thief, victim, true, &first), 1);
    assert_ptr_equal(first, &gs[0]);
    assert_null(victim->runnext);
    /* With a non-empty ring, the ring is stolen and runnext stays. */
    rt_runqput(victim, &gs[0], true);
    rt_runqput(victim, &gs[1], false);
    assert_int_equal(rt_runqsteal(thief, victim, true, &first), 1);
    assert_ptr_equal(first, &gs[1]);
    assert_ptr_equal(victim->runnext, &gs[0]);
    free(gs);
    free(victim);
    free(thief);
}

/* Stealing from a full ring moves at most half: the thief's own ring never
 * overflows (it is empty when stealwork runs). */
static void test_steal_full(void **state) {
    (void)state;
    P *victim = tl_newp(0), *thief = tl_newp(1);
    G *gs = tl_newgs(RUNQ_SIZE);
    for (int i = 0; i < RUNQ_SIZE; i++) rt_runqput(victim, &gs[i], false);
    G *first;
    assert_int_equal(rt_runqsteal(thief, victim, true, &first), RUNQ_SIZE / 2);
    assert_ptr_equal(first, &gs[RUNQ_SIZE / 2 - 1]);
    assert_int_equal(tl_runqlen(thief), RUNQ_SIZE / 2 - 1);
    assert_int_equal(tl_runqlen(victim), RUNQ_SIZE / 2);
    assert_int_equal(rt_sched.runqsize, 0);
    free(gs);
    free(victim);
    free(thief);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifo),
        cmocka_unit_test(test_runnext),
        cmocka_unit_test(test_wraparound),
        cmocka_unit_test(test_overflow_to_global),
        cmocka_unit_test(test_globrunqget),
        cmocka_unit_test(test_steal_half),
        cmocka_unit_test(test_steal_runnext),
        cmocka_unit_test(test_steal_full),
    };
    return cmocka_run_group_tests_name("runq", tests, NULL, NULL);
}
