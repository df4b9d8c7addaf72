/*
 * test_context.c — context trees: cancellation propagates down and
 * children detach, deadlines fire (and inherit), values shadow, Done is
 * lazy, causes, and no goroutine or timer outlives a canceled context.
 *
 * GORT_TEST_CONCURRENCY: trees are built and canceled from many goroutines
 * at once.
 */
#include "testlib.h"

/* Is ch closed (a receive returns at once with ok == false)? */
static bool isclosed(gort_chan *ch) {
    bool ok = true;
    return ch && gort_chan_tryrecv(ch, NULL, &ok) && !ok;
}

static bool settled(int g, int t) {
    for (int i = 0; i < 2000; i++) {
        if (gort_numgoroutine() == g && rt_numtimers() == t) return true;
        gort_sleep(GORT_MILLISECOND);
    }
    return false;
}

static void test_background(void *arg) {
    (void)arg;
    gort_context *bg = gort_context_background(), *todo = gort_context_todo();
    CHECK(bg != todo);
    CHECK(gort_context_done(bg) == NULL);
    CHECK(gort_context_err(bg) == NULL);
    CHECK(gort_context_cause(todo) == NULL);
    CHECK(!gort_context_deadline(bg, NULL));
    static int k;
    CHECK(gort_context_value(bg, &k) == NULL);
    /* Values on Background stay uncancelable. */
    gort_context *v = gort_context_with_value(bg, &k, &k);
    CHECK(gort_context_done(v) == NULL);
    CHECK(gort_context_value(v, &k) == &k);
}

static void test_cancel_tree(void *arg) {
    (void)arg;
    int g0 = gort_numgoroutine(), t0 = rt_numtimers();
    static int key;
    gort_cancel_func croot, ca, cc, cd;
    gort_context *root = gort_context_with_cancel(gort_context_background(), &croot);
    gort_context *a = gort_context_with_cancel(root, &ca);
    gort_context *b = gort_context_with_value(a, &key, (void *)"b");
    gort_context *c = gort_context_with_cancel(b, &cc);
    gort_context *d = gort_context_with_timeout(root, 3600 * GORT_SECOND, &cd);
    CHECK_EQ(rt_context_nchildren(root), 2); /* a and d */
    CHECK_EQ(rt_context_nchildren(a), 1);    /* c, through the value node */
    CHECK_EQ(rt_numtimers(), t0 + 1);
    gort_chan *adone = gort_context_done(a); /* made before the cancel */
    CHECK(!isclosed(adone));
    CHECK(gort_context_err(c) == NULL);
    gort_cancel(croot);
    gort_context *all[] = {root, a, b, c, d};
    for (int i = 0; i < 5; i++) {
        CHECK(gort_context_err(all[i]) == &gort_context_canceled);
        CHECK(isclosed(gort_context_done(all[i]))); /* lazy ones too */
    }
    CHECK(gort_context_done(b) == gort_context_done(a)); /* b is a's */
    CHECK(isclosed(adone));
    CHECK_EQ(rt_context_nchildren(root), 0);
    CHECK_EQ(rt_numtimers(), t0); /* d's deadline timer is gone */
    /* Cancel functions of canceled contexts do nothing. */
    gort_cancel(ca);
    gort_cancel(cc);
    gort_cancel(cd);
    gort_cancel(croot);
    CHECK(gort_context_err(d) == &gort_context_canceled);
    /* A child of a canceled parent is canceled from the start. */
    gort_context *late = gort_context_with_cancel(c, NULL);
    CHECK(gort_context_err(late) == &gort_context_canceled);
    CHECK(isclosed(gort_context_done(late)));
    CHECK(settled(g0, t0));
}

static void test_child_detaches(void *arg) {
    (void)arg;
    gort_cancel_func cp;
    gort_context *p = gort_context_with_cancel(gort_context_background(), &cp);
    static gort_cancel_func cs[100];
    for (int i = 0; i < 100; i++) gort_context_with_cancel(p, &cs[i]);
    CHECK_EQ(rt_context_nchildren(p), 100);
    for (int i = 0; i < 100; i += 2) gort_cancel(cs[i]); /* from the middle */
    CHECK_EQ(rt_context_nchildren(p), 50);
    for (int i = 1; i < 100; i += 2) gort_cancel(cs[i]);
    CHECK_EQ(rt_context_nchildren(p), 0);
    CHECK(gort_context_err(p) == NULL); /* children do not cancel parents */
    /* Timed-out children detach as well. */
    for (int i = 0; i < 10; i++)
        gort_context_with_timeout(p, GORT_MILLISECOND, NULL);
    for (int i = 0; i < 2000 && rt_context_nchildren(p) > 0; i++)
        gort_sleep(GORT_MILLISECOND);
    CHECK_EQ(rt_context_nchildren(p), 0);
    gort_cancel(cp);
}

static void test_timeout_fires(void *arg) {
    (void)arg;
    int g0 = gort_numgoroutine(), t0 = rt_numtimers();
    gort_cancel_func cancel;
    int64_t before = gort_now();
    gort_context *ctx =
        gort_context_with_timeout(gort_context_background(), 10 * GORT_MILLISECOND, &cancel);
    int64_t dl;
    CHECK(gort_context_deadline(ctx, &dl));
    CHECK(dl >= before + 10 * GORT_MILLISECOND);
    CHECK(dl <= gort_now() + 10 * GORT_MILLISECOND);
    CHECK(gort_context_err(ctx) == NULL);
    gort_chan_recv(gort_context_done(ctx), NULL);
    CHECK(gort_now() >= dl);
    CHECK(gort_context_err(ctx) == &gort_context_deadline_exceeded);
    CHECK(gort_context_cause(ctx) == &gort_context_deadline_exceeded);
    char buf[64];
    gort_any_format(gort_any_error(gort_context_err(ctx)), buf, sizeof buf);
    CHECK(strcmp(buf, "context deadline exceeded") == 0);
    gort_cancel(cancel); /* after expiry: no effect */
    CHECK(gort_context_err(ctx) == &gort_context_deadline_exceeded);
    CHECK(settled(g0, t0)); /* the canceling goroutine has exited */
    /* A deadline in the past: canceled at once, no timer. */
    gort_context *past = gort_context_with_deadline(gort_context_background(),
                                                    gort_now() - 1, NULL);
    CHECK(gort_context_err(past) == &gort_context_deadline_exceeded);
    CHECK_EQ(rt_numtimers(), t0);
}

/* A child cannot extend its parent's deadline: its deadline is the
 * parent's, and the parent's timeout cancels it. */
static void test_deadline_inherited(void *arg) {
    (void)arg;
    gort_cancel_func cp, cc;
    gort_context *p = gort_context_with_timeout(gort_context_background(),
                                                5 * GORT_MILLISECOND, &cp);
    gort_context *c = gort_context_with_timeout(p, 3600 * GORT_SECOND, &cc);
    int64_t dp, dc;
    CHECK(gort_context_deadline(p, &dp));
    CHECK(gort_context_deadline(c, &dc));
    CHECK_EQ(dc, dp);
    /* A shorter child deadline is its own. */
    gort_cancel_func cs;
    gort_context *s = gort_context_with_timeout(p, GORT_MILLISECOND, &cs);
    int64_t ds;
    CHECK(gort_context_deadline(s, &ds) && ds < dp);
    gort_chan_recv(gort_context_done(c), NULL);
    CHECK(gort_context_err(c) == &gort_context_deadline_exceeded);
    CHECK(gort_context_err(p) == &gort_context_deadline_exceeded);
    gort_cancel(cc);
    gort_cancel(cp);
    gort_cancel(cs);
}

static void test_values_shadow(void *arg) {
    (void)arg;
    static int k1, k2, one = 1, two = 2, three = 3;
    gort_context *a = gort_context_with_value(gort_context_background(), &k1, &one);
    gort_cancel_func cancel;
    gort_context *b = gort_context_with_cancel(a, &cancel);
    gort_context *c = gort_context_with_value(b, &k1, &two); /* shadows */
    gort_context *d = gort_context_with_value(c, &k2, &three);
    CHECK(gort_context_value(a, &k1) == &one);
    CHECK(gort_context_value(b, &k1) == &one); /* through the cancel node */
    CHECK(gort_context_value(c, &k1) == &two);
    CHECK(gort_context_value(d, &k1) == &two);
    CHECK(gort_context_value(d, &k2) == &three);
    CHECK(gort_context_value(c, &k2) == NULL);
    static int other;
    CHECK(gort_context_value(d, &other) == NULL);
    gort_cancel(cancel);
    CHECK(gort_context_value(d, &k1) == &two); /* values survive cancel */
}

static void test_cancel_cause(void *arg) {
    (void)arg;
    gort_cancel_func cancel;
    gort_context *p = gort_context_with_cancel_cause(gort_context_background(), &cancel);
    gort_context *c = gort_context_with_cancel(p, NULL);
    gort_error *why = gort_error_new("backend on fire");
    gort_cancel_cause(cancel, why);
    CHECK(gort_context_err(p) == &gort_context_canceled);
    CHECK(gort_context_cause(p) == why);
    CHECK(gort_context_cause(c) == why); /* inherited by the subtree */
    CHECK(gort_context_err(c) == &gort_context_canceled);
    gort_cancel_func c2;
    gort_context *q = gort_context_with_cancel(gort_context_background(), &c2);
    gort_cancel(c2);
    CHECK(gort_context_cause(q) == &gort_context_canceled); /* no cause: Err */
    char buf[64];
    gort_any_format(gort_any_error(gort_context_err(q)), buf, sizeof buf);
    CHECK(strcmp(buf, "context canceled") == 0);
}

/* Fan-out: workers block on Done (in a select with a channel that never
 * sends); one cancel wakes all, and nothing is left behind. */
enum { NWORK = 200 };
static int fan_exited; /* atomic */
static gort_waitgroup fan_wg;

static void fan_worker(void *arg) {
    gort_context *ctx = arg;
    gort_chan *never = gort_chan_make(&gort_type_int, 0);
    int x;
    gort_select_case cs[2] = {gort_case_recv(never, &x),
                              gort_case_recv(gort_context_done(ctx), NULL)};
    if (gort_select(cs, 2, true) == 1 &&
        gort_context_err(ctx) == &gort_context_canceled)
        __atomic_add_fetch(&fan_exited, 1, __ATOMIC_RELAXED);
    gort_waitgroup_done(&fan_wg);
}

static void test_fanout_no_leaks(void *arg) {
    (void)arg;
    int g0 = gort_numgoroutine(), t0 = rt_numtimers();
    gort_cancel_func cancel;
    gort_context *root = gort_context_with_cancel(gort_context_background(), &cancel);
    gort_context_with_timeout(root, 3600 * GORT_SECOND, NULL); /* a timer */
    gort_waitgroup_add(&fan_wg, NWORK);
    for (int i = 0; i < NWORK; i++) {
        gort_context *c = gort_context_with_cancel(root, NULL);
        gort_go(fan_worker, c);
    }
    /* Many contexts with deadlines, canceled before they expire. */
    static gort_cancel_func cs[1000];
    for (int i = 0; i < 1000; i++)
        gort_context_with_timeout(root, 3600 * GORT_SECOND, &cs[i]);
    CHECK_EQ(rt_numtimers(), t0 + 1001);
    for (int i = 0; i < 1000; i++) gort_cancel(cs[i]);
    CHECK_EQ(rt_numtimers(), t0 + 1);
    gort_sleep(2 * GORT_MILLISECOND);
    CHECK_EQ(__atomic_load_n(&fan_exited, __ATOMIC_RELAXED), 0);
    gort_cancel(cancel);
    gort_waitgroup_wait(&fan_wg);
    CHECK_EQ(fan_exited, NWORK);
    CHECK(settled(g0, t0));
}

/* Contexts made and canceled concurrently with their parent's cancel:
 * every child ends up canceled, and none stays registered. */
enum { RACERS = 8, PERRACER = 300 };
static gort_context *race_root;
static int race_bad;      /* atomic */
static int race_canceled; /* atomic: the root's gort_cancel has returned */
static gort_waitgroup race_wg;

static void racer(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < PERRACER; i++) {
        gort_cancel_func c;
        gort_context *ch = gort_context_with_cancel(race_root, &c);
        gort_context *gc = gort_context_with_timeout(ch, GORT_SECOND, NULL);
        if ((i + id) % 3 == 0) gort_cancel(c);
        if (i == PERRACER - 1) {
            /* After the root's cancel, new children are canceled at birth. */
            while (!__atomic_load_n(&race_canceled, __ATOMIC_ACQUIRE))
                gort_sleep(100 * GORT_MICROSECOND);
            if (!gort_context_err(gort_context_with_cancel(race_root, NULL)))
                __atomic_store_n(&race_bad, 1, __ATOMIC_RELAXED);
        }
        /* Once cancel(root) has returned, the whole tree is canceled (while
         * it runs, the root's Err is set before its children's). */
        if (__atomic_load_n(&race_canceled, __ATOMIC_ACQUIRE) &&
            (!gort_context_err(ch) || !gort_context_err(gc)))
            __atomic_store_n(&race_bad, 1, __ATOMIC_RELAXED);
    }
    gort_waitgroup_done(&race_wg);
}

static void test_concurrent_tree(void *arg) {
    (void)arg;
    int t0 = rt_numtimers();
    gort_cancel_func cancel;
    race_root = gort_context_with_cancel(gort_context_background(), &cancel);
    gort_waitgroup_add(&race_wg, RACERS);
    for (long i = 0; i < RACERS; i++) gort_go(racer, (void *)i);
    gort_sleep(GORT_MILLISECOND);
    gort_cancel(cancel);
    __atomic_store_n(&race_canceled, 1, __ATOMIC_RELEASE);
    gort_waitgroup_wait(&race_wg);
    CHECK_EQ(race_bad, 0);
    CHECK_EQ(rt_context_nchildren(race_root), 0);
    CHECK(settled(gort_numgoroutine(), t0));
}

static void child_nil_parent(void *arg) {
    (void)arg;
    gort_context_with_cancel(NULL, NULL);
}

static void test_nil_parent_panics(void *arg) {
    (void)arg;
    CHECK_CHILD("nil_parent", NULL, 2,
                "panic: cannot create context from nil parent");
}

static const struct CMUnitTest tests[] = {
    GO_TEST(test_background),
    GO_TEST(test_cancel_tree),
    GO_TEST(test_child_detaches),
    GO_TEST(test_timeout_fires),
    GO_TEST(test_deadline_inherited),
    GO_TEST(test_values_shadow),
    GO_TEST(test_cancel_cause),
    GO_TEST(test_fanout_no_leaks),
    GO_TEST(test_concurrent_tree),
    GO_TEST(test_nil_parent_panics),
};

static const tl_scenario children[] = {
    {"nil_parent", .main = child_nil_parent},
};

int main(int argc, char **argv) {
    tl_child_main(argc, argv, children, RT_ARRAY_LEN(children));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
