/*
 * test_panic.c — defer, panic, recover and Goexit (runtime/src/panic.c,
 * docs/panic.md).
 *
 * In-process tests run each body on a goroutine through gort_call and
 * assert on the main thread afterwards (a cmocka assertion longjmps, and
 * must never jump across the frames under test).  Scenarios that end the
 * program run in a child process: the binary re-executes itself as
 * `/proc/self/exe --child NAME`, and the parent compares the child's
 * output and exit status with what Go 1.19 prints for the same program
 * (the Go programs are quoted beside each scenario).
 */
#include "testlib.h"

#include <malloc.h>

#define NOSAN __attribute__((no_sanitize("address", "undefined")))

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

/* A log of events, appended by deferred calls ("a,b,c"). */
static char logbuf[1024];

static void logreset(void) { logbuf[0] = 0; }

static void logs(const char *s) {
    if (logbuf[0]) strncat(logbuf, ",", sizeof logbuf - strlen(logbuf) - 1);
    strncat(logbuf, s, sizeof logbuf - strlen(logbuf) - 1);
}

static void dlog(void *arg) { logs(arg); }

/* The text of a value as a panic prints it. */
static const char *fmtany(gort_any v) {
    static char buf[4][256];
    static int k;
    char *b = buf[k++ % 4];
    gort_any_format(v, b, 256);
    return b;
}

/* Records a recovered value; arg points to a gort_any. */
static void recover_into(void *arg) { *(gort_any *)arg = gort_recover(); }

static int frames_open(void) { return rt_getg()->frames != NULL; }

/* ---------------------------------------------------------------------- */
/* Deferred calls without panics                                           */
/* ---------------------------------------------------------------------- */

static void body_lifo(void *arg) {
    (void)arg;
    GORT_FRAME_BEGIN(f);
    gort_defer(dlog, "a");
    gort_defer(dlog, "b");
    gort_defer(dlog, "c"); /* beyond the inline slots: from the pool */
    gort_defer(dlog, "d");
    logs("body");
    GORT_FRAME_END(f);
    logs("after");
}

static void test_defer_lifo(void **state) {
    (void)state;
    logreset();
    gort_call(body_lifo, NULL);
    assert_string_equal(logbuf, "body,d,c,b,a,after");
}

static void set_to_2(void *p) { *(volatile int *)p = 2; }

/* Go: func f() int { x := 1; defer func() { x = 2 }(); return x } == 1 */
static int return_before_defers(volatile int *x) {
    GORT_FRAME_BEGIN(f);
    *x = 1;
    gort_defer(set_to_2, (void *)x);
    GORT_FRAME_RETURN(f, *x);
    GORT_FRAME_END(f);
    return -1;
}

static void body_return(void *arg) {
    int *out = arg;
    volatile int x = 0;
    out[0] = return_before_defers(&x);
    out[1] = x;
    out[2] = frames_open();
}

static void test_frame_return_evaluates_first(void **state) {
    (void)state;
    int out[3] = {0};
    gort_call(body_return, out);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 2);
    assert_int_equal(out[2], 0);
}

static void leave_early(int early) {
    GORT_FRAME_BEGIN(f);
    gort_defer(dlog, "deferred");
    if (early) GORT_FRAME_LEAVE(f);
    logs("late");
    GORT_FRAME_END(f);
    logs("after");
}

static void body_leave(void *arg) {
    (void)arg;
    leave_early(1);
    leave_early(0);
}

static void test_frame_leave(void **state) {
    (void)state;
    logreset();
    gort_call(body_leave, NULL);
    assert_string_equal(logbuf, "deferred,after,late,deferred,after");
}

static void count(void *p) { ++*(int *)p; }

static void nested(int depth, int *n) {
    GORT_FRAME_BEGIN(f);
    for (int i = 0; i < 3; i++) gort_defer(count, n);
    if (depth > 0) nested(depth - 1, n);
    GORT_FRAME_END(f);
}

static void ten_defers(int *n) {
    GORT_FRAME_BEGIN(f);
    for (int i = 0; i < 10; i++) gort_defer(count, n);
    GORT_FRAME_END(f);
}

static void body_many(void *arg) {
    int *n = arg;
    for (int it = 0; it < 1000; it++) ten_defers(n);
    nested(50, n);
    n[1] = frames_open();
}

static void test_many_defers(void **state) {
    (void)state;
    int n[2] = {0, 1};
    gort_call(body_many, n);
    assert_int_equal(n[0], 1000 * 10 + 51 * 3);
    assert_int_equal(n[1], 0);
}

/* Records beyond a frame's inline slots come from the per-P pool and go
 * back to it: 80,000 of them leave the heap as it was.  (Under ASan,
 * mallinfo2 reports nothing and the check is vacuous.) */
static void body_pool(void *arg) {
    size_t *used = arg;
    int n = 0;
    ten_defers(&n); /* warm the pool */
    used[0] = mallinfo2().uordblks;
    for (int i = 0; i < 10000; i++) ten_defers(&n);
    used[1] = mallinfo2().uordblks;
    used[2] = (size_t)n;
}

static void test_defer_records_recycled(void **state) {
    (void)state;
    size_t used[3];
    gort_call(body_pool, used);
    assert_int_equal(used[2], 10001 * 10);
    /* Allow a little for other threads. */
    assert_true(used[1] < used[0] + 4096);
}

/* A deferred function without a frame of its own that defers: the call
 * joins the frame being ended and runs next. */
static void defers_more(void *arg) {
    (void)arg;
    logs("outer-call");
    gort_defer(dlog, "added");
}

static void body_defer_in_defer(void *arg) {
    gort_any *r = arg;
    {
        GORT_FRAME_BEGIN(f);
        gort_defer(dlog, "first");
        gort_defer(defers_more, NULL);
        GORT_FRAME_END(f);
    }
    {
        GORT_FRAME_BEGIN(g);
        gort_defer(recover_into, r);
        gort_defer(defers_more, NULL);
        gort_panic_str("p");
        GORT_FRAME_END(g);
    }
}

static void test_defer_inside_deferred_call(void **state) {
    (void)state;
    gort_any r = GORT_NIL;
    logreset();
    gort_call(body_defer_in_defer, &r);
    assert_string_equal(logbuf, "outer-call,added,first,outer-call,added");
    assert_true(tl_isstr(r, "p"));
}

/* ---------------------------------------------------------------------- */
/* recover                                                                 */
/* ---------------------------------------------------------------------- */

typedef struct recres {
    gort_any r;
    int result;
    int reached;
} recres;

static void rec_and_log(void *arg) {
    recres *rr = arg;
    rr->r = gort_recover();
    logs("recovered");
}

static int may_panic(recres *rr, int x) {
    volatile int result = -1;
    GORT_FRAME_BEGIN(f);
    gort_defer(dlog, "cleanup");
    gort_defer(rec_and_log, rr);
    result = 10;
    if (x) gort_panicf("bad x=%d", x);
    result = 20;
    GORT_FRAME_END(f);
    logs("returns");
    return result;
}

static void body_recover(void *arg) {
    recres *rr = arg;
    rr->result = may_panic(rr, 3);
    rr->reached = 1;
}

/* Go: recovered function returns normally, with the results it had. */
static void test_recover_returns_normally(void **state) {
    (void)state;
    recres rr = {GORT_NIL, 0, 0};
    logreset();
    gort_call(body_recover, &rr);
    assert_true(tl_isstr(rr.r, "bad x=3"));
    assert_int_equal(rr.result, 10);
    assert_int_equal(rr.reached, 1);
    assert_string_equal(logbuf, "recovered,cleanup,returns");
}

static void body_recover_nil(void *arg) {
    recres *rr = arg;
    gort_any direct = gort_recover();
    rr->result = may_panic(rr, 0); /* the deferred recover sees no panic */
    rr->reached = gort_any_isnil(direct) && gort_any_isnil(rr->r);
}

static void test_recover_nil_without_panic(void **state) {
    (void)state;
    recres rr = {gort_any_int(1), 0, 0};
    logreset();
    gort_call(body_recover_nil, &rr);
    assert_int_equal(rr.reached, 1);
    assert_int_equal(rr.result, 20);
    assert_string_equal(logbuf, "recovered,cleanup,returns");
}

/* recover from a function the deferred function calls: nil, and the panic
 * goes on.  Both a tail call (which the compiler turns into a jump) and a
 * non-inlined ordinary call. */
static gort_any helper_seen[3];

static void recover_helper_tail(void) { helper_seen[0] = gort_recover(); }

static RT_NOINLINE void recover_helper_fn(void) {
    helper_seen[1] = (gort_recover)();
    __asm__ volatile("");
}

static inline void recover_helper_inline(void) {
    helper_seen[2] = gort_recover();
}

static void deferred_calls_helper(void *arg) {
    (void)arg;
    recover_helper_fn();
    recover_helper_inline();
    recover_helper_tail();
}

static void inner_with_helper(void) {
    GORT_FRAME_BEGIN(f);
    gort_defer(deferred_calls_helper, NULL);
    gort_panic_str("through");
    GORT_FRAME_END(f);
    logs("inner returned");
}

static void body_nested_helper(void *arg) {
    gort_any *r = arg;
    GORT_FRAME_BEGIN(f);
    gort_defer(recover_into, r);
    inner_with_helper();
    GORT_FRAME_END(f);
}

static void test_recover_in_helper_does_not_stop_panic(void **state) {
    (void)state;
    gort_any r = GORT_NIL;
    for (int i = 0; i < 3; i++) helper_seen[i] = gort_any_int(7);
    logreset();
    gort_call(body_nested_helper, &r);
    for (int i = 0; i < 3; i++) assert_true(gort_any_isnil(helper_seen[i]));
    assert_true(tl_isstr(r, "through"));
    assert_string_equal(logbuf, "");
}

/* Only the first recover takes the value; the frame's other deferred
 * calls then run as at a normal return and see nil. */
static void body_two_recovers(void *arg) {
    gort_any *r = arg;
    GORT_FRAME_BEGIN(f);
    gort_defer(recover_into, &r[0]);
    gort_defer(recover_into, &r[1]);
    gort_panic(gort_any_int(5));
    GORT_FRAME_END(f);
}

static void test_second_recover_nil(void **state) {
    (void)state;
    gort_any r[2] = {gort_any_int(1), GORT_NIL};
    gort_call(body_two_recovers, r);
    assert_true(gort_any_isnil(r[0]));
    assert_ptr_equal(r[1].type, &gort_type_int);
    assert_int_equal(*(const int64_t *)r[1].data, 5);
}

/* A(recover) -> B(defer b) -> C(defer c) -> panic.  The deferred calls of
 * C and B run once, during the panic; A resumes at its GORT_FRAME_END and
 * runs its own remaining call once. */
static void frame_c(void) {
    GORT_FRAME_BEGIN(f);
    gort_defer(dlog, "c");
    gort_panic_str("deep");
    GORT_FRAME_END(f);
    logs("C-after");
}

static void frame_b(void) {
    GORT_FRAME_BEGIN(f);
    gort_defer(dlog, "b");
    frame_c();
    GORT_FRAME_END(f);
    logs("B-after");
}

static void log_recover(void *arg) {
    *(gort_any *)arg = gort_recover();
    logs("rec");
}

static void body_below(void *arg) {
    GORT_FRAME_BEGIN(f);
    gort_defer(dlog, "a1");
    gort_defer(log_recover, arg);
    frame_b();
    logs("A-body");
    GORT_FRAME_END(f);
    logs("A-after");
}

static void test_frames_below_not_rerun(void **state) {
    (void)state;
    gort_any r = GORT_NIL;
    logreset();
    gort_call(body_below, &r);
    assert_true(tl_isstr(r, "deep"));
    assert_string_equal(logbuf, "c,b,rec,a1,A-after");
}

/* Go: defer func() { r = recover() }(); defer func() { panic("second") }();
 * panic("first")  =>  r == "second", and no panic remains. */
static void panic_second(void *arg) {
    (void)arg;
    gort_panic_str("second");
}

static void body_nested_recovered(void *arg) {
    gort_any *r = arg;
    {
        GORT_FRAME_BEGIN(f);
        gort_defer(recover_into, &r[0]);
        gort_defer(panic_second, NULL);
        gort_panic_str("first");
        GORT_FRAME_END(f);
    }
    r[1] = gort_any_int(rt_getg()->panic == NULL);
}

static void test_nested_panic_recovered(void **state) {
    (void)state;
    gort_any r[2] = {GORT_NIL, GORT_NIL};
    gort_call(body_nested_recovered, r);
    assert_true(tl_isstr(r[0], "second"));
    assert_int_equal(*(const int64_t *)r[1].data, 1);
}

/* defer func() { panic(recover()) }() in an inner frame; the outer frame
 * recovers the very same value. */
static void repanic(void *arg) {
    (void)arg;
    gort_panic(gort_recover());
}

static void body_repanic(void *arg) {
    gort_any *r = arg;
    GORT_FRAME_BEGIN(f);
    gort_defer(recover_into, &r[0]);
    {
        GORT_FRAME_BEGIN(g);
        gort_defer(repanic, NULL);
        gort_panic(r[1]);
        GORT_FRAME_END(g);
    }
    GORT_FRAME_END(f);
}

static void test_repanic_after_recover(void **state) {
    (void)state;
    static const int64_t v = 99;
    gort_any r[2] = {GORT_NIL, gort_any_of(&gort_type_int, &v)};
    gort_call(body_repanic, r);
    assert_ptr_equal(r[0].type, &gort_type_int);
    assert_ptr_equal(r[0].data, &v);
}

/* A deferred call that panics while its frame ends normally; an older
 * deferred call of the same frame recovers; the frame then ends. */
static void body_panic_at_end(void *arg) {
    gort_any *r = arg;
    {
        GORT_FRAME_BEGIN(f);
        gort_defer(dlog, "oldest");
        gort_defer(log_recover, r);
        gort_defer(panic_second, NULL);
        logs("body");
        GORT_FRAME_END(f);
    }
    logs("after");
}

static void test_panic_in_deferred_at_frame_end(void **state) {
    (void)state;
    gort_any r = GORT_NIL;
    logreset();
    gort_call(body_panic_at_end, &r);
    assert_true(tl_isstr(r, "second"));
    assert_string_equal(logbuf, "body,rec,oldest,after");
}

/* A nil deferred function panics when it is called, as in Go. */
static void body_nil_defer(void *arg) {
    gort_any *r = arg;
    GORT_FRAME_BEGIN(f);
    gort_defer(recover_into, r);
    {
        GORT_FRAME_BEGIN(g);
        gort_defer(NULL, NULL);
        logs("body");
        GORT_FRAME_END(g);
    }
    GORT_FRAME_END(f);
}

static void test_nil_deferred_function(void **state) {
    (void)state;
    gort_any r = GORT_NIL;
    logreset();
    gort_call(body_nil_defer, &r);
    gort_error *e = gort_any_to_error(r);
    assert_non_null(e);
    assert_true(gort_error_is_runtime(e));
    assert_string_equal(gort_error_message(e), "runtime error: invalid memory "
                                               "address or nil pointer "
                                               "dereference");
}

/* Recursion 100 deep, a frame per level, panic at the bottom, recover at
 * the top: every level's deferred call runs once, innermost first. */
static int depth_seen[101], depth_n;

static void note_depth(void *arg) { depth_seen[depth_n++] = (int)(intptr_t)arg; }

static void recurse(int d) {
    GORT_FRAME_BEGIN(f);
    gort_defer(note_depth, (void *)(intptr_t)d);
    if (d == 0) gort_panic(gort_any_int(d));
    recurse(d - 1);
    GORT_FRAME_END(f);
}

static void body_recurse(void *arg) {
    gort_any *r = arg;
    GORT_FRAME_BEGIN(f);
    gort_defer(recover_into, r);
    recurse(99);
    GORT_FRAME_END(f);
}

static void test_deep_recursion(void **state) {
    (void)state;
    gort_any r = GORT_NIL;
    depth_n = 0;
    gort_call(body_recurse, &r);
    assert_int_equal(depth_n, 100);
    for (int i = 0; i < 100; i++) assert_int_equal(depth_seen[i], i);
    assert_int_equal(*(const int64_t *)r.data, 0);
}

/* ---------------------------------------------------------------------- */
/* Goexit                                                                  */
/* ---------------------------------------------------------------------- */

typedef struct goexit_state {
    gort_any rec;      /* recover() inside a deferred call during Goexit */
    int after_goexit;  /* reached code after gort_goexit */
    int after_end;     /* reached code after an enclosing GORT_FRAME_END */
    int done;          /* the outermost deferred call ran */
    char log[128];
} goexit_state;

static void gx_log(goexit_state *s, const char *m) {
    if (s->log[0]) strcat(s->log, ",");
    strcat(s->log, m);
}

static goexit_state *gxs;

static void gx_dlog(void *arg) { gx_log(gxs, arg); }
static void gx_done(void *arg) {
    (void)arg;
    gx_log(gxs, "done");
    ast(&gxs->done, 1);
}
static void gx_recover(void *arg) {
    (void)arg;
    gxs->rec = gort_recover();
    gx_log(gxs, "rec");
}

static void gx_inner(void) {
    GORT_FRAME_BEGIN(f);
    gort_defer(gx_dlog, "inner");
    gort_defer(gx_recover, NULL);
    gort_goexit();
    gxs->after_goexit = 1;
    GORT_FRAME_END(f);
    gxs->after_end = 1;
}

static void gx_goroutine(void *arg) {
    (void)arg;
    GORT_FRAME_BEGIN(f);
    gort_defer(gx_done, NULL);
    gort_defer(gx_dlog, "outer");
    gx_inner();
    GORT_FRAME_END(f);
    gxs->after_end = 1;
}

static void wait_done(int *flag) {
    for (int i = 0; i < 100000 && !ald(flag); i++) gort_sleep(100000);
}

static void body_goexit(void *arg) {
    gxs = arg;
    gort_go(gx_goroutine, NULL);
    wait_done(&gxs->done);
}

static void test_goexit_runs_defers_recover_nil(void **state) {
    (void)state;
    goexit_state s;
    memset(&s, 0, sizeof s);
    s.rec = gort_any_int(1);
    gort_call(body_goexit, &s);
    assert_int_equal(s.done, 1);
    assert_string_equal(s.log, "rec,inner,outer,done");
    assert_true(gort_any_isnil(s.rec));
    assert_int_equal(s.after_goexit, 0);
    assert_int_equal(s.after_end, 0);
}

/* Goexit runs a deferred call that panics; an older deferred call recovers
 * that panic.  Go returns to the Goexit, which goes on running deferred
 * calls and ends the goroutine: the recovering frame does not resume. */
static void gx_panics(void *arg) {
    (void)arg;
    gx_log(gxs, "panics");
    gort_panic_str("in goexit");
}

static void gx_bypass_goroutine(void *arg) {
    (void)arg;
    GORT_FRAME_BEGIN(f);
    gort_defer(gx_done, NULL);
    {
        GORT_FRAME_BEGIN(g);
        gort_defer(gx_dlog, "g-oldest");
        gort_defer(gx_recover, NULL);
        gort_defer(gx_panics, NULL);
        gort_goexit();
        gxs->after_goexit = 1;
        GORT_FRAME_END(g);
    }
    gxs->after_end = 1;
    GORT_FRAME_END(f);
    gxs->after_end = 1;
}

static void body_goexit_bypass(void *arg) {
    gxs = arg;
    gort_go(gx_bypass_goroutine, NULL);
    wait_done(&gxs->done);
}

static void test_goexit_not_bypassed_by_recover(void **state) {
    (void)state;
    goexit_state s;
    memset(&s, 0, sizeof s);
    gort_call(body_goexit_bypass, &s);
    assert_int_equal(s.done, 1);
    assert_string_equal(s.log, "panics,rec,g-oldest,done");
    assert_true(tl_isstr(s.rec, "in goexit"));
    assert_int_equal(s.after_goexit, 0);
    assert_int_equal(s.after_end, 0);
}

/* ---------------------------------------------------------------------- */
/* Values, errors, runtime errors                                          */
/* ---------------------------------------------------------------------- */

static void body_recover_call(void *arg) {
    void **a = arg;
    gort_any *r = a[0];
    void (*fn)(void *) = (void (*)(void *))a[1];
    GORT_FRAME_BEGIN(f);
    gort_defer(recover_into, r);
    fn(a[2]);
    GORT_FRAME_END(f);
}

/* Runs fn(arg) under a recovering frame; returns the recovered value. */
static gort_any catch(void (*fn)(void *), void *arg) {
    gort_any r = GORT_NIL;
    void *a[3] = {&r, (void *)fn, arg};
    gort_call(body_recover_call, a);
    return r;
}

static void do_index(void *arg) {
    (void)arg;
    rt_panicrt("index out of range [%d] with length %d", 5, 3);
}
static void do_plain(void *arg) {
    (void)arg;
    rt_panicplain("send on closed channel");
}
static void do_error(void *arg) { gort_panic(gort_any_error(arg)); }

static void test_runtime_errors(void **state) {
    (void)state;
    gort_any r = catch(do_index, NULL);
    gort_error *e = gort_any_to_error(r);
    assert_non_null(e);
    assert_true(gort_error_is_runtime(e));
    assert_string_equal(gort_error_message(e),
                        "runtime error: index out of range [5] with length 3");
    assert_string_equal(fmtany(r),
                        "runtime error: index out of range [5] with length 3");
    e = gort_any_to_error(catch(do_plain, NULL));
    assert_non_null(e);
    assert_true(gort_error_is_runtime(e));
    assert_string_equal(gort_error_message(e), "send on closed channel");

    gort_error *mine = gort_errorf("open %s: code %d", "x.txt", 2);
    r = catch(do_error, mine);
    assert_ptr_equal(gort_any_to_error(r), mine);
    assert_false(gort_error_is_runtime(mine));
    assert_string_equal(gort_error_message(mine), "open x.txt: code 2");
    assert_string_equal(r.type->name, "*errors.errorString");
    assert_null(gort_any_to_error(gort_any_int(3)));
    assert_null(gort_any_to_error(GORT_NIL));
}

/* The channel operations' panics are ordinary recoverable runtime errors. */
static void do_close_nil(void *arg) {
    (void)arg;
    gort_chan_close(NULL);
}
static void do_close_twice(void *arg) {
    gort_chan_close(arg);
    gort_chan_close(arg);
}
static void do_send_closed(void *arg) {
    int64_t v = 1;
    gort_chan_send(arg, &v);
}

static void test_channel_panics_recoverable(void **state) {
    (void)state;
    gort_chan *c = gort_chan_make(&gort_type_int, 1);
    const struct {
        void (*fn)(void *);
        const char *msg;
    } cases[] = {{do_close_nil, "close of nil channel"},
                 {do_close_twice, "close of closed channel"},
                 {do_send_closed, "send on closed channel"}};
    for (size_t i = 0; i < RT_ARRAY_LEN(cases); i++) {
        gort_error *e = gort_any_to_error(catch(cases[i].fn, c));
        assert_non_null(e);
        assert_true(gort_error_is_runtime(e));
        assert_string_equal(gort_error_message(e), cases[i].msg);
    }
}

/* Custom types, as a Go program would declare them. */
typedef struct http_error {
    gort_error e;
    int code;
} http_error;
static int http_error_text(char *b, size_t n, const void *v) {
    return snprintf(b, n, "http status %d", ((const http_error *)v)->code);
}
static const gort_type http_error_type = {.size = sizeof(http_error),
                                          .align = _Alignof(http_error),
                                          .name = "*main.httpError",
                                          .kind = GORT_KIND_ERROR,
                                          .format = http_error_text};
static const gort_type myint_type = {.size = 8, .align = 8,
                                     .name = "main.MyInt",
                                     .kind = GORT_KIND_INT};
static const gort_type myint32_type = {.size = 4, .align = 4,
                                       .name = "main.Celsius",
                                       .kind = GORT_KIND_INT32};
static const gort_type mystr_type = {.size = sizeof(gort_string),
                                     .align = 8,
                                     .name = "main.MyStr",
                                     .kind = GORT_KIND_STRING};
static const gort_type mystruct_type = {.size = 16, .align = 8,
                                        .name = "main.T",
                                        .kind = GORT_KIND_STRUCT};
static int stringer_text(char *b, size_t n, const void *v) {
    (void)v;
    return snprintf(b, n, "stringer!");
}
static const gort_type stringer_type = {.size = 1, .align = 1,
                                        .name = "main.S",
                                        .kind = GORT_KIND_STRUCT,
                                        .format = stringer_text};
static const gort_type complex_type = {.size = 16, .align = 8,
                                       .name = "complex128",
                                       .kind = GORT_KIND_COMPLEX128};

static void test_value_formats(void **state) {
    (void)state;
    /* Each expected text is what Go 1.19 prints for panic(<Go value>). */
    double f = 3.14, big = 1e300, zero = 0.0, small = -1.25e-7;
    float f32 = 1.5f;
    int64_t myint = 7;
    int32_t celsius = -20;
    bool t = true;
    uintptr_t up = 10;
    uint8_t byte = 65;
    int8_t i8 = -3;
    gort_string hi = GORT_STR("hi");
    int64_t st[2] = {1, 2};
    char s = 0;
    double cplx[2] = {1, 2};
    http_error he = {{&http_error_type}, 404};
    assert_string_equal(fmtany(gort_any_int(42)), "42");
    assert_string_equal(fmtany(gort_any_int(-5)), "-5");
    assert_string_equal(fmtany(gort_any_of(&gort_type_float64, &f)),
                        "+3.140000e+000");
    assert_string_equal(fmtany(gort_any_of(&gort_type_float64, &big)),
                        "+1.000000e+300");
    assert_string_equal(fmtany(gort_any_of(&gort_type_float64, &zero)),
                        "+0.000000e+000");
    assert_string_equal(fmtany(gort_any_of(&gort_type_float64, &small)),
                        "-1.250000e-007");
    assert_string_equal(fmtany(gort_any_of(&gort_type_float32, &f32)),
                        "+1.500000e+000");
    assert_string_equal(fmtany(gort_any_of(&gort_type_bool, &t)), "true");
    assert_string_equal(fmtany(gort_any_of(&gort_type_uintptr, &up)), "10");
    assert_string_equal(fmtany(gort_any_of(&gort_type_uint8, &byte)), "65");
    assert_string_equal(fmtany(gort_any_of(&gort_type_int8, &i8)), "-3");
    assert_string_equal(fmtany(gort_any_string("boom")), "boom");
    assert_string_equal(fmtany(gort_any_of(&myint_type, &myint)),
                        "main.MyInt(7)");
    assert_string_equal(fmtany(gort_any_of(&myint32_type, &celsius)),
                        "main.Celsius(-20)");
    assert_string_equal(fmtany(gort_any_of(&mystr_type, &hi)),
                        "main.MyStr(\"hi\")");
    char want[64];
    snprintf(want, sizeof want, "(main.T) %#lx", (unsigned long)(uintptr_t)st);
    assert_string_equal(fmtany(gort_any_of(&mystruct_type, st)), want);
    assert_string_equal(fmtany(gort_any_of(&stringer_type, &s)), "stringer!");
    assert_string_equal(fmtany(gort_any_of(&complex_type, cplx)),
                        "(+1.000000e+000+2.000000e+000i)");
    assert_string_equal(fmtany(gort_any_error(&he.e)), "http status 404");
    assert_string_equal(fmtany(GORT_NIL), "nil");
    /* snprintf conventions. */
    char tiny[4];
    assert_int_equal(gort_any_format(gort_any_string("abcdef"), tiny, 4), 6);
    assert_string_equal(tiny, "abc");
}

/* ---------------------------------------------------------------------- */
/* Faults become panics                                                    */
/* ---------------------------------------------------------------------- */

/* cmocka installs its own SIGSEGV/SIGFPE handlers around each test; put
 * the runtime's back (captured in main once the runtime runs). */
static struct sigaction rt_segv, rt_fpe;

static void runtime_signals(void) {
    sigaction(SIGSEGV, &rt_segv, NULL);
    sigaction(SIGFPE, &rt_fpe, NULL);
}

static volatile int *volatile nilptr;
static volatile int zero_divisor;

static NOSAN void do_nil_read(void *arg) {
    *(volatile int *)arg = *nilptr;
}
static volatile int div_sink;
static NOSAN void do_divide(void *arg) {
    volatile int x = 7;
    (void)arg;
    div_sink = x / zero_divisor;
}

static void body_fault(void *arg) {
    void **a = arg;
    gort_any *r = a[0];
    int sink = 0;
    {
        GORT_FRAME_BEGIN(f);
        gort_defer(recover_into, r);
        ((void (*)(void *))a[1])(&sink);
        GORT_FRAME_END(f);
    }
    a[2] = (void *)(uintptr_t)(rt_getg()->sig == 0 && !frames_open());
}

static void test_nil_dereference_panics(void **state) {
    (void)state;
    gort_any r = GORT_NIL;
    void *a[3] = {&r, (void *)do_nil_read, NULL};
    runtime_signals();
    for (int i = 0; i < 3; i++) { /* the handler stays installed */
        r = GORT_NIL;
        gort_call(body_fault, a);
        gort_error *e = gort_any_to_error(r);
        assert_non_null(e);
        assert_true(gort_error_is_runtime(e));
        assert_string_equal(gort_error_message(e),
                            "runtime error: invalid memory address or nil "
                            "pointer dereference");
        assert_true(a[2] != NULL);
    }
}

static void test_divide_by_zero_panics(void **state) {
    (void)state;
    gort_any r = GORT_NIL;
    void *a[3] = {&r, (void *)do_divide, NULL};
    runtime_signals();
    gort_call(body_fault, a);
    gort_error *e = gort_any_to_error(r);
    assert_non_null(e);
    assert_string_equal(gort_error_message(e),
                        "runtime error: integer divide by zero");
    assert_true(a[2] != NULL);
}

/* ---------------------------------------------------------------------- */
/* Several goroutines panicking and recovering at once                     */
/* ---------------------------------------------------------------------- */

static int many_ok, many_done;

/* The recovered value lands in the caller's variable: a local of the
 * function that owns the frame would have to be volatile (setjmp rule). */
static void panic_and_recover(gort_any *r, int64_t v) {
    GORT_FRAME_BEGIN(f);
    gort_defer(recover_into, r);
    if (v % 7 == 0) gort_gosched();
    gort_panic(gort_any_int(v));
    GORT_FRAME_END(f);
}

static void panicky(void *arg) {
    intptr_t id = (intptr_t)arg;
    for (int i = 0; i < 200; i++) {
        gort_any r = GORT_NIL;
        panic_and_recover(&r, id * 1000 + i);
        if (r.type == &gort_type_int && *(const int64_t *)r.data == id * 1000 + i)
            axadd(&many_ok, 1);
    }
    axadd(&many_done, 1);
}

static void body_many_goroutines(void *arg) {
    (void)arg;
    for (intptr_t i = 0; i < 8; i++) gort_go(panicky, (void *)i);
    for (int i = 0; i < 100000 && ald(&many_done) < 8; i++) gort_sleep(100000);
}

static void test_goroutines_recover_independently(void **state) {
    (void)state;
    many_ok = many_done = 0;
    gort_call(body_many_goroutines, NULL);
    assert_int_equal(many_done, 8);
    assert_int_equal(many_ok, 8 * 200);
}

/* ---------------------------------------------------------------------- */
/* An interpreter: one C frame, many script frames                         */
/* ---------------------------------------------------------------------- */

/*
 * A tiny stack machine.  Script functions are arrays of instructions;
 * CALL pushes a script frame, DEFER defers a script function (run by the
 * interpreter through vm_rundeferred), RECOVER stores recover() if the
 * running script frame is a deferred call's entry frame.  One C activation
 * of vm_run serves every script frame it calls; a deferred script call
 * runs in a nested vm_run (as a deferred call must, on top of the panic).
 */
enum { OP_LOG, OP_CALL, OP_DEFER, OP_PANIC, OP_RECOVER, OP_RET, OP_SET };
typedef struct insn {
    int op;
    int arg;
    const char *s;
} insn;

static const insn *vm_funcs[8];

typedef struct vm_frame {
    int fn, pc;
    int result;      /* a named result, Go-style */
    bool isdeferred; /* entry frame of a deferred call */
} vm_frame;

typedef struct vm {
    vm_frame fr[16];
    int sp;          /* index of the running script frame */
    gort_any rec;
    int results[8];  /* result returned by each function */
    int lands;       /* recoveries that landed in this vm_run */
} vm;

typedef struct vm_deferred {
    vm *m;
    int fn;
} vm_deferred;

static void vm_run(vm *m, int fn, bool isdeferred);

static void vm_rundeferred(void *arg) {
    vm_deferred *d = arg;
    vm sub;
    memset(&sub, 0, sizeof sub);
    vm_run(&sub, d->fn, true);
    if (!gort_any_isnil(sub.rec)) d->m->rec = sub.rec;
}

static vm_deferred vm_dpool[32];
static int vm_ndpool;

static void vm_run(vm *m, int entry, bool isdeferred) {
    /* Everything read after a landing lives in *m, never in locals. */
    gort_frame f;
    jmp_buf resume;
    gort_frame_push(&f);
    f.resume = &resume;
    m->sp = 0;
    m->fr[0] = (vm_frame){entry, 0, 0, isdeferred};
    if (setjmp(resume) != 0) {
        /* A recovery: unwind the script stack to the frame whose deferred
         * call recovered, run its remaining deferred calls, return from
         * it normally. */
        m->lands++;
        vm_frame *target = f.resume_tag;
        m->sp = (int)(target - m->fr);
        gort_frame_run_defers(&f, target);
        m->results[target->fn] = target->result;
        if (m->sp == 0) goto done;
        m->sp--;
    }
    for (;;) {
        vm_frame *fr = &m->fr[m->sp];
        insn in = vm_funcs[fr->fn][fr->pc++];
        switch (in.op) {
        case OP_LOG: logs(in.s); break;
        case OP_SET: fr->result = in.arg; break;
        case OP_CALL:
            m->fr[++m->sp] = (vm_frame){in.arg, 0, 0, false};
            break;
        case OP_DEFER: {
            vm_deferred *d = &vm_dpool[vm_ndpool++];
            d->m = m;
            d->fn = in.arg;
            gort_frame_defer(&f, vm_rundeferred, d, fr);
            break;
        }
        case OP_PANIC: gort_panic_str(in.s);
        case OP_RECOVER:
            /* Go's rule, checked by the VM: only the deferred function's
             * own frame may recover. */
            if (fr->isdeferred && m->sp == 0) m->rec = gort_recover_unchecked();
            break;
        case OP_RET:
            gort_frame_run_defers(&f, fr); /* deferreturn */
            m->results[fr->fn] = fr->result;
            if (m->sp == 0) goto done;
            m->sp--;
            break;
        }
    }
done:
    gort_frame_end(&f);
}

/*
 * func 0: log main; defer 4; call 1; log main-after; return 0
 * func 1: set 11; defer 3; call 2; log f1-after (skipped); return
 * func 2: defer 5; log f2; panic "vm"
 * func 3: log d3-recovers; recover
 * func 4: log d4
 * func 5: log d5; call 6 (recover not direct: nil)
 * func 6: recover
 */
static const insn vm_f0[] = {{OP_LOG, 0, "main"}, {OP_DEFER, 4, 0},
                             {OP_CALL, 1, 0}, {OP_LOG, 0, "main-after"},
                             {OP_SET, 5, 0}, {OP_RET, 0, 0}};
static const insn vm_f1[] = {{OP_SET, 11, 0}, {OP_DEFER, 3, 0},
                             {OP_CALL, 2, 0}, {OP_LOG, 0, "f1-after"},
                             {OP_RET, 0, 0}};
static const insn vm_f2[] = {{OP_DEFER, 5, 0}, {OP_LOG, 0, "f2"},
                             {OP_PANIC, 0, "vm"}};
static const insn vm_f3[] = {{OP_LOG, 0, "d3"}, {OP_RECOVER, 0, 0},
                             {OP_RET, 0, 0}};
static const insn vm_f4[] = {{OP_LOG, 0, "d4"}, {OP_RET, 0, 0}};
static const insn vm_f5[] = {{OP_LOG, 0, "d5"}, {OP_CALL, 6, 0},
                             {OP_RET, 0, 0}};
static const insn vm_f6[] = {{OP_RECOVER, 0, 0}, {OP_RET, 0, 0}};

static void body_vm(void *arg) {
    vm *m = arg;
    vm_funcs[0] = vm_f0;
    vm_funcs[1] = vm_f1;
    vm_funcs[2] = vm_f2;
    vm_funcs[3] = vm_f3;
    vm_funcs[4] = vm_f4;
    vm_funcs[5] = vm_f5;
    vm_funcs[6] = vm_f6;
    vm_ndpool = 0;
    vm_run(m, 0, false);
    m->lands += frames_open() * 100;
}

static void test_vm_resume_target(void **state) {
    (void)state;
    vm m;
    memset(&m, 0, sizeof m);
    logreset();
    gort_call(body_vm, &m);
    /* f2 panics: d5 runs (its callee's recover is not direct), then d3
     * (deferred by f1) recovers; f1 returns normally with result 11; main
     * goes on; d4 runs at main's return. */
    assert_string_equal(logbuf, "main,f2,d5,d3,main-after,d4");
    assert_true(tl_isstr(m.rec, "vm"));
    assert_int_equal(m.lands, 1);
    assert_int_equal(m.results[1], 11);
    assert_int_equal(m.results[0], 5);
}

/* ---------------------------------------------------------------------- */
/* Child scenarios: programs that end with a panic or a fatal error        */
/* ---------------------------------------------------------------------- */

/* Go: panic("boom") */
static void ch_str(void *a) {
    (void)a;
    gort_panic_str("boom");
}
/* Go: panic(42) */
static void ch_int(void *a) {
    (void)a;
    gort_panic(gort_any_int(42));
}
/* Go: panic(3.14) */
static void ch_float(void *a) {
    (void)a;
    static const double v = 3.14;
    gort_panic(gort_any_of(&gort_type_float64, &v));
}
/* Go: panic(fmt.Errorf("wrapped %d", 5)) */
static void ch_errorf(void *a) {
    (void)a;
    gort_panic(gort_any_error(gort_errorf("wrapped %d", 5)));
}
/* Go: panic(&httpError{404}) with an Error method */
static void ch_customerr(void *a) {
    (void)a;
    http_error *e = gort_new(&http_error_type);
    e->e.type = &http_error_type;
    e->code = 404;
    gort_panic(gort_any_error(&e->e));
}
/* Go: panic(MyInt(7)) */
static void ch_myint(void *a) {
    (void)a;
    static const int64_t v = 7;
    gort_panic(gort_any_of(&myint_type, &v));
}
/* Go: panic(nil) (Go 1.19) */
static void ch_nil(void *a) {
    (void)a;
    gort_panic(GORT_NIL);
}
/* Go: defer func() { panic("second") }(); panic("first") */
static void ch_nested(void *a) {
    (void)a;
    GORT_FRAME_BEGIN(f);
    gort_defer(panic_second, NULL);
    gort_panic_str("first");
    GORT_FRAME_END(f);
}
static void panic_third(void *a) {
    (void)a;
    gort_panic_str("third");
}
/* Go: defer panic("third"); defer panic("second"); panic("first") */
static void ch_nested3(void *a) {
    (void)a;
    GORT_FRAME_BEGIN(f);
    gort_defer(panic_third, NULL);
    gort_defer(panic_second, NULL);
    gort_panic_str("first");
    GORT_FRAME_END(f);
}
/* Go: defer func() { r := recover(); panic(r) }(); panic("first") */
static void ch_repanic(void *a) {
    (void)a;
    GORT_FRAME_BEGIN(f);
    gort_defer(repanic, NULL);
    gort_panic_str("first");
    GORT_FRAME_END(f);
}
static void recover_then_panic(void *a) {
    (void)a;
    (void)gort_recover();
    gort_panic_str("second");
}
/* Go: defer func() { recover(); panic("second") }(); panic("first") */
static void ch_recpanic(void *a) {
    (void)a;
    GORT_FRAME_BEGIN(f);
    gort_defer(recover_then_panic, NULL);
    gort_panic_str("first");
    GORT_FRAME_END(f);
}
static void goroutine_panics(void *a) {
    (void)a;
    gort_panic_str("in goroutine");
}
/* Go: go func() { panic("in goroutine") }(); time.Sleep(time.Second) */
static void ch_goroutine(void *a) {
    (void)a;
    gort_go(goroutine_panics, NULL);
    gort_sleep(10 * GORT_SECOND);
}
/* Go: go func() { time.Sleep(100ms); println("other done") }();
 * runtime.Goexit() */
static void other_sleeps(void *a) {
    (void)a;
    gort_sleep(100 * GORT_MILLISECOND);
    fprintf(stderr, "other done\n");
}
static void ch_goexit(void *a) {
    (void)a;
    gort_go(other_sleeps, NULL);
    gort_goexit();
}
static void blocks_forever(void *a) {
    (void)a;
    gort_select(NULL, 0, true);
}
/* Go: go func() { select {} }(); runtime.Goexit() */
static void ch_goexitblocked(void *a) {
    (void)a;
    gort_go(blocks_forever, NULL);
    gort_goexit();
}
static void print_recover(void *a) {
    (void)a;
    fprintf(stderr, "recover in goexit: %s\n", fmtany(gort_recover()));
}
/* Go: defer func() { fmt.Println("recover in goexit:", recover()) }();
 * runtime.Goexit() */
static void ch_goexitrecover(void *a) {
    (void)a;
    GORT_FRAME_BEGIN(f);
    gort_defer(print_recover, NULL);
    gort_goexit();
    GORT_FRAME_END(f);
}
static void panic_after_goexit(void *a) {
    (void)a;
    gort_panic_str("after goexit");
}
/* Go: defer func() { panic("after goexit") }(); runtime.Goexit() */
static void ch_panicgoexit(void *a) {
    (void)a;
    GORT_FRAME_BEGIN(f);
    gort_defer(panic_after_goexit, NULL);
    gort_goexit();
    GORT_FRAME_END(f);
}
/* Go: a := []int{1, 2, 3}; i := 5; _ = a[i] */
static void ch_index(void *a) { do_index(a); }
/* Go: close(c); c <- 1 */
static void ch_plain(void *a) { do_plain(a); }
/* Go: var p *int; _ = *p */
static void ch_nilptr(void *a) {
    (void)a;
    int sink;
    do_nil_read(&sink);
}
/* Go: a, b := 1, 0; _ = a / b */
static void ch_div(void *a) {
    (void)a;
    int sink;
    do_divide(&sink);
}
/* Go: _ = *(*int)(unsafe.Pointer(uintptr(0xdeadbeef))) */
static NOSAN void ch_fault(void *a) {
    (void)a;
    volatile int *p = (volatile int *)(uintptr_t)0xdeadbeef;
    (void)*p;
}
static void helper_only(void *a) {
    (void)a;
    recover_helper_fn();
}
/* recover in a function called by the deferred one: panic goes on. */
static void ch_helperrecover(void *a) {
    (void)a;
    GORT_FRAME_BEGIN(f);
    gort_defer(helper_only, NULL);
    gort_panic_str("not stopped");
    GORT_FRAME_END(f);
}
static void leaves_frame_open(void) {
    GORT_FRAME_BEGIN(f);
    gort_defer(dlog, "never");
    if (getpid() > 0) return; /* wrong: skips GORT_FRAME_END */
    GORT_FRAME_END(f);
}
static void ch_leftopen(void *a) {
    (void)a;
    GORT_FRAME_BEGIN(f);
    leaves_frame_open();
    GORT_FRAME_END(f);
}
static void ch_lockedpanic(void *a) {
    (void)a;
    static const gort_string msg = GORT_STR("locked");
    rt_getm()->locks++;
    gort_panic(gort_any_of(&gort_type_string, &msg));
}
/* The value is printed before the goroutine trace, which starts with the
 * goroutine that panicked and names the functions on its stack. */
static RT_NOINLINE void ch_trace_inner(void) {
    gort_panic_str("traced");
    __asm__ volatile("");
}
static void ch_trace(void *a) {
    (void)a;
    ch_trace_inner();
}

static const tl_scenario scenarios[] = {
    {"str", .main = ch_str},
    {"int", .main = ch_int},
    {"float", .main = ch_float},
    {"errorf", .main = ch_errorf},
    {"customerr", .main = ch_customerr},
    {"myint", .main = ch_myint},
    {"nil", .main = ch_nil},
    {"nested", .main = ch_nested},
    {"nested3", .main = ch_nested3},
    {"repanic", .main = ch_repanic},
    {"recpanic", .main = ch_recpanic},
    {"goroutine", .main = ch_goroutine},
    {"goexit", .main = ch_goexit},
    {"goexitblocked", .main = ch_goexitblocked},
    {"goexitrecover", .main = ch_goexitrecover},
    {"panicgoexit", .main = ch_panicgoexit},
    {"index", .main = ch_index},
    {"plain", .main = ch_plain},
    {"nilptr", .main = ch_nilptr},
    {"div", .main = ch_div},
    {"fault", .main = ch_fault},
    {"helperrecover", .main = ch_helperrecover},
    {"leftopen", .main = ch_leftopen},
    {"lockedpanic", .main = ch_lockedpanic},
    {"trace", .main = ch_trace},
};

/* Runs `self --child name` with GOTRACEBACK=tb (NULL: unset). */
static void run_child(const char *name, const char *tb, tl_child_result *r) {
    char var[64];
    snprintf(var, sizeof var, "GOTRACEBACK=%s", tb ? tb : "");
    const char *env[] = {tb ? var : "GOTRACEBACK", NULL};
    tl_child(name, env, NULL, r);
}

static tl_child_result cr;

/* The child's whole output with GOTRACEBACK=none, and status 2. */
static void expect_exact(const char *name, const char *want) {
    run_child(name, "none", &cr);
    if (strcmp(cr.out, want) != 0)
        fail_msg("child %s printed:\n%s\nwant:\n%s", name, cr.out, want);
    assert_int_equal(cr.status, 2);
}

static void expect_prefix(const char *name, const char *tb, const char *want) {
    run_child(name, tb, &cr);
    if (strncmp(cr.out, want, strlen(want)) != 0)
        fail_msg("child %s printed:\n%s\nwant prefix:\n%s", name, cr.out, want);
    assert_int_equal(cr.status, 2);
}

static void test_child_values(void **state) {
    (void)state;
    expect_exact("str", "panic: boom\n");
    expect_exact("int", "panic: 42\n");
    expect_exact("float", "panic: +3.140000e+000\n");
    expect_exact("errorf", "panic: wrapped 5\n");
    expect_exact("customerr", "panic: http status 404\n");
    expect_exact("myint", "panic: main.MyInt(7)\n");
    expect_exact("nil", "panic: nil\n");
}

static void test_child_nested(void **state) {
    (void)state;
    expect_exact("nested", "panic: first\n\tpanic: second\n");
    expect_exact("nested3", "panic: first\n\tpanic: second\n\tpanic: third\n");
    expect_exact("repanic", "panic: first [recovered]\n\tpanic: first\n");
    expect_exact("recpanic", "panic: first [recovered]\n\tpanic: second\n");
    expect_exact("helperrecover", "panic: not stopped\n");
}

static void test_child_runtime_errors(void **state) {
    (void)state;
    expect_exact("index",
                 "panic: runtime error: index out of range [5] with length 3\n");
    expect_exact("plain", "panic: send on closed channel\n");
    expect_exact("div", "panic: runtime error: integer divide by zero\n");
    expect_prefix("nilptr", "none",
                  "panic: runtime error: invalid memory address or nil "
                  "pointer dereference\n[signal SIGSEGV: segmentation "
                  "violation code=0x1 addr=0x0 pc=0x");
    assert_non_null(strstr(cr.out, "]\n"));
    assert_null(strstr(cr.out, "goroutine"));
    /* code=0x1 (SEGV_MAPERR) normally; 0x2 under ASan, whose shadow gap
     * covers the address. */
    expect_prefix("fault", NULL,
                  "unexpected fault address 0xdeadbeef\nfatal error: "
                  "fault\n[signal SIGSEGV: segmentation violation code=0x");
    assert_non_null(strstr(cr.out, " addr=0xdeadbeef pc=0x"));
    assert_non_null(strstr(cr.out, "]\n\ngoroutine 1 [running]:\n"));
}

static void test_child_traceback(void **state) {
    (void)state;
    expect_prefix("trace", NULL, "panic: traced\n\ngoroutine 1 [running]:\n");
    const char *inner = strstr(cr.out, "ch_trace_inner(");
    const char *outer = strstr(cr.out, "ch_trace(");
    assert_non_null(inner);
    assert_non_null(outer);
    assert_true(inner < outer);
    /* A goroutine other than main: the program ends all the same. */
    expect_prefix("goroutine", NULL, "panic: in goroutine\n\ngoroutine ");
    assert_null(strstr(cr.out, "goroutine 1 [running]"));
    assert_non_null(strstr(cr.out, "[running]:\n"));
    assert_non_null(strstr(cr.out, "goroutine_panics("));
}

static void test_child_goexit(void **state) {
    (void)state;
    expect_exact("panicgoexit", "panic: after goexit\n");
    expect_prefix("goexit", "none",
                  "other done\nfatal error: no goroutines (main called "
                  "runtime.Goexit) - deadlock!\n");
    /* With the default traceback too: nothing is left to dump, and Go 1.19
     * prints no blank line after the message. */
    expect_prefix("goexit", NULL, "other done\nfatal error: no goroutines");
    assert_string_equal(cr.out, "other done\nfatal error: no goroutines (main "
                                "called runtime.Goexit) - deadlock!\n");
    expect_prefix("goexitrecover", "none",
                  "recover in goexit: nil\nfatal error: no goroutines (main "
                  "called runtime.Goexit) - deadlock!\n");
    expect_prefix("goexitblocked", NULL,
                  "fatal error: all goroutines are asleep - deadlock!\n");
    assert_non_null(strstr(cr.out, "[select (no cases)]:\n"));
}

static void test_child_misuse(void **state) {
    (void)state;
    expect_prefix("leftopen", NULL, "fatal error: defer frame 0x");
    assert_non_null(strstr(cr.out, "left open"));
    expect_prefix("lockedpanic", NULL,
                  "panic: locked\nfatal error: panic holding locks\n");
}

/* ---------------------------------------------------------------------- */

static void noop(void *a) { (void)a; }

int main(int argc, char **argv) {
#if GORT_SANITIZE_ADDRESS
    /* ASan's SIGSEGV handler is a host handler to the runtime, which
     * passes it the wild faults it does not claim (docs/embedding.md):
     * drop it, so that the children show the runtime's own reports. */
    if (argc == 3 && !strcmp(argv[1], "--child")) signal(SIGSEGV, SIG_DFL);
#endif
    tl_child_main(argc, argv, scenarios, RT_ARRAY_LEN(scenarios));
    gort_call(noop, NULL); /* starts the runtime: its handlers are set */
    sigaction(SIGSEGV, NULL, &rt_segv);
    sigaction(SIGFPE, NULL, &rt_fpe);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defer_lifo),
        cmocka_unit_test(test_frame_return_evaluates_first),
        cmocka_unit_test(test_frame_leave),
        cmocka_unit_test(test_many_defers),
        cmocka_unit_test(test_defer_records_recycled),
        cmocka_unit_test(test_defer_inside_deferred_call),
        cmocka_unit_test(test_recover_returns_normally),
        cmocka_unit_test(test_recover_nil_without_panic),
        cmocka_unit_test(test_recover_in_helper_does_not_stop_panic),
        cmocka_unit_test(test_second_recover_nil),
        cmocka_unit_test(test_frames_below_not_rerun),
        cmocka_unit_test(test_nested_panic_recovered),
        cmocka_unit_test(test_repanic_after_recover),
        cmocka_unit_test(test_panic_in_deferred_at_frame_end),
        cmocka_unit_test(test_nil_deferred_function),
        cmocka_unit_test(test_deep_recursion),
        cmocka_unit_test(test_goexit_runs_defers_recover_nil),
        cmocka_unit_test(test_goexit_not_bypassed_by_recover),
        cmocka_unit_test(test_runtime_errors),
        cmocka_unit_test(test_channel_panics_recoverable),
        cmocka_unit_test(test_value_formats),
        cmocka_unit_test(test_nil_dereference_panics),
        cmocka_unit_test(test_divide_by_zero_panics),
        cmocka_unit_test(test_goroutines_recover_independently),
        cmocka_unit_test(test_vm_resume_target),
        cmocka_unit_test(test_child_values),
        cmocka_unit_test(test_child_nested),
        cmocka_unit_test(test_child_runtime_errors),
        cmocka_unit_test(test_child_traceback),
        cmocka_unit_test(test_child_goexit),
        cmocka_unit_test(test_child_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
