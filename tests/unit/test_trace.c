/*
 * test_trace.c — the execution tracer, checked event by event
 * (docs/tracing.md).  Every check is on event order, goroutine ids, counts
 * and sequence numbers, never on times.
 *
 *   - ping-pong: each round shows the sender unblocking the receiver with
 *     its own id, and a goroutine's block, unblock and start in that order;
 *   - a GC cycle: GCStart, the sweep-termination STW (mark begins inside
 *     it), the mark-termination STW (GCMarkTerm, GCDone inside), in order;
 *   - a long run with a handful of buffers: the writer recycles them
 *     (bounded memory), every batch arrives (no sequence gap) and every
 *     recorded event decodes (counts agree), however often an emitter had
 *     to wait;
 *   - block stacks: every block in the ping-pong carries the stack of its
 *     blocking site (the blocking function's name among its frames), and
 *     one goroutine blocking at two sites of the same depth, or at one
 *     site reached from two callers, gets one exact id per stack;
 *   - annotations: a task, a region in it and a log, with their ids and
 *     names, in order;
 *   - conversion: JSON (with the blocking sites as stack frames) and HTML
 *     from the same trace.
 *
 * GORT_TEST_CONCURRENCY: the recorder's buffers cross threads (Ps, the
 * writer), so this runs under TSan too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <gort.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace.h"

#define RT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

typedef struct pp {
    gort_chan *ping, *pong;
    long n;
} pp;
static const uint8_t pp_mask[] = {0x3};
static const gort_type pp_type = {
    .size = sizeof(pp), .align = 8, .ptrwords = 2, .ptrmask = pp_mask,
    .name = "pp", .kind = GORT_KIND_STRUCT,
};

static int64_t ponger_id;

static void ponger(void *arg) {
    pp *p = arg;
    ponger_id = gort_goid();
    int64_t v;
    while (gort_chan_recv(p->ping, &v)) gort_chan_send(p->pong, &v);
}

static char path[256];
static int64_t main_id;
static bool ok_start, ok_stop;

static void pingpong(void *arg) {
    long n = (long)arg;
    main_id = gort_goid();
    ok_start = gort_trace_start(path);
    pp *p = gort_new(&pp_type);
    p->ping = gort_chan_make(&gort_type_int64, 0);
    p->pong = gort_chan_make(&gort_type_int64, 0);
    gort_go(ponger, p);
    for (int64_t i = 0; i < n; i++) {
        int64_t v = i;
        gort_chan_send(p->ping, &v);
        gort_chan_recv(p->pong, &v);
    }
    gort_chan_close(p->ping);
    ok_stop = gort_trace_stop();
}

static void record(gort_func fn, long arg, rt_trace *t) {
    snprintf(path, sizeof path, "/tmp/gort_test_trace_%d.trace", (int)getpid());
    gort_call(fn, (void *)arg);
    assert_true(ok_start);
    assert_true(ok_stop);
    bool r = rt_trace_read(path, t);
    if (!r) fprintf(stderr, "read: %s\n", t->err);
    assert_true(r);
    assert_true(t->seqok);
}

/* Is e about goroutine g (as its subject)? */
static bool about(const rt_trace_ev *e, int64_t g) {
    switch (e->type) {
    case RT_EV_GoStart: case RT_EV_GoBlock: case RT_EV_GoUnblock:
    case RT_EV_GoSched: case RT_EV_GoPreempt: case RT_EV_GoEnd:
    case RT_EV_GoCreate:
        return (int64_t)e->args[0] == g;
    }
    return false;
}

/* Does stack id's symbols include name? */
static bool stackhas(const rt_trace *t, uint64_t id, const char *name) {
    if (id == 0 || id >= t->nstacks) return false;
    for (uint32_t k = 0; k < t->stacks[id].n; k++)
        if (strcmp(rt_trace_str(t, t->stacks[id].syms[k]), name) == 0) return true;
    return false;
}

static void test_pingpong(void **state) {
    (void)state;
    enum { N = 200 };
    rt_trace t;
    record(pingpong, N, &t);
    int64_t a = main_id, b = ponger_id;
    assert_true(a > 0 && b > 0 && a != b);
    int created = 0, wakes_ab = 0, wakes_ba = 0, startsb = 0;
    for (int64_t g = 0; g < 2; g++) {
        int64_t me = g ? b : a, other = g ? a : b;
        /* The goroutine's own events follow its state machine. */
        int state = 2; /* running (a) or runnable after create (b) */
        if (g) state = 0;
        for (size_t i = 0; i < t.nev; i++) {
            const rt_trace_ev *e = &t.ev[i];
            if (!about(e, me)) continue;
            switch (e->type) {
            case RT_EV_GoCreate:
                assert_int_equal(me, b);
                assert_int_equal((int64_t)e->args[1], a); /* parent */
                created++;
                state = 1;
                break;
            case RT_EV_GoBlock:
                assert_int_equal(state, 2);
                assert_string_not_equal(rt_trace_str(&t, e->args[1]), "");
                state = 3;
                break;
            case RT_EV_GoUnblock:
                assert_int_equal(state, 3);
                /* Woken by the other side of the ping-pong (or the trace
                 * stop's world restart for the final park). */
                if ((int64_t)e->args[1] == other) {
                    if (g) wakes_ab++;
                    else wakes_ba++;
                }
                state = 1;
                break;
            case RT_EV_GoStart:
                assert_int_equal(state, 1);
                if (g) startsb++;
                state = 2;
                break;
            case RT_EV_GoSched: case RT_EV_GoPreempt:
                assert_int_equal(state, 2);
                state = 1;
                break;
            case RT_EV_GoEnd:
                state = 4;
                break;
            }
        }
    }
    assert_int_equal(created, 1);
    /* Every block has its site: the ponger blocks in its loop, the main
     * goroutine in pingpong; the channel code's frames come first. */
    int stacks = 0;
    for (size_t i = 0; i < t.nev; i++) {
        const rt_trace_ev *e = &t.ev[i];
        if (e->type != RT_EV_GoBlock) continue;
        int64_t g = (int64_t)e->args[0];
        if (g != a && g != b) continue;
        assert_true(e->args[2] != 0);
        assert_true(stackhas(&t, e->args[2], g == b ? "ponger" : "pingpong"));
        assert_true(stackhas(&t, e->args[2], "gort_chan_send") ||
                    stackhas(&t, e->args[2], "gort_chan_recv"));
        stacks++;
    }
    assert_true(stacks >= 2 * N - 1);
    /* Each of the 2N rendezvous on an unbuffered channel parks one side,
     * which the other side wakes (channel operations never spin). */
    assert_true(wakes_ab + wakes_ba >= 2 * N - 1);
    assert_true(startsb >= 1);
    rt_trace_free(&t);
    unlink(path);
}

/* Two blocking sites at the same depth (wait_a, wait_b), and one site
 * reached from two callers (via_a, via_b -> inner): the per-site cache is
 * keyed by the park frame and its first pc, the same for both in each
 * pair, so only a frame-by-frame check tells them apart. */
typedef struct sites {
    gort_chan *req, *ack;
} sites;
static const uint8_t sites_mask[] = {0x3};
static const gort_type sites_type = {
    .size = sizeof(sites), .align = 8, .ptrwords = 2, .ptrmask = sites_mask,
    .name = "sites", .kind = GORT_KIND_STRUCT,
};
enum { NSITE = 40 };
static int64_t waiter_id;

static __attribute__((noinline)) int64_t wait_a(gort_chan *c) {
    int64_t v = 0;
    gort_chan_recv(c, &v);
    return v + 1;
}
static __attribute__((noinline)) int64_t wait_b(gort_chan *c) {
    int64_t v = 0;
    gort_chan_recv(c, &v);
    return v + 2;
}
static __attribute__((noinline)) int64_t inner(gort_chan *c) {
    int64_t v = 0;
    gort_chan_recv(c, &v);
    return v + 3;
}
static __attribute__((noinline)) int64_t via_a(gort_chan *c) { return inner(c) + 1; }
static __attribute__((noinline)) int64_t via_b(gort_chan *c) { return inner(c) + 2; }

static void waiter(void *arg) {
    sites *s = arg;
    waiter_id = gort_goid();
    int64_t sum = 0;
    for (int i = 0; i < NSITE; i++) {
        switch (i % 4) {
        case 0: sum += wait_a(s->req); break;
        case 1: sum += wait_b(s->req); break;
        case 2: sum += via_a(s->req); break;
        default: sum += via_b(s->req); break;
        }
        gort_chan_send(s->ack, &sum);
    }
}

/* With one P the waiter always parks on req before the next send: the
 * main goroutine yields to it first, and runs again only once the waiter
 * blocks. */
static void siterun(void *arg) {
    (void)arg;
    int procs = gort_gomaxprocs(1);
    ok_start = gort_trace_start(path);
    sites *s = gort_new(&sites_type);
    s->req = gort_chan_make(&gort_type_int64, 0);
    s->ack = gort_chan_make(&gort_type_int64, 0);
    gort_go(waiter, s);
    for (int64_t i = 0; i < NSITE; i++) {
        int64_t v = i;
        gort_gosched(); /* the waiter runs on into its next receive */
        gort_chan_send(s->req, &v);
        gort_chan_recv(s->ack, &v);
    }
    ok_stop = gort_trace_stop();
    gort_gomaxprocs(procs);
}

static void test_block_sites(void **state) {
    (void)state;
    rt_trace t;
    record(siterun, 0, &t);
    /* The waiter's blocks on req, by site: each site's blocks share one
     * id, and the four sites have four ids. */
    static const char *const names[4] = {"wait_a", "wait_b", "via_a", "via_b"};
    uint64_t ids[4] = {0};
    int seen[4] = {0};
    for (size_t i = 0; i < t.nev; i++) {
        const rt_trace_ev *e = &t.ev[i];
        if (e->type != RT_EV_GoBlock || (int64_t)e->args[0] != waiter_id) continue;
        if (!stackhas(&t, e->args[2], "gort_chan_recv")) continue; /* ack sends */
        int k = -1;
        for (int j = 0; j < 4; j++)
            if (stackhas(&t, e->args[2], names[j])) {
                assert_int_equal(k, -1); /* one site per stack */
                k = j;
            }
        assert_true(k >= 0);
        if (k >= 2) assert_true(stackhas(&t, e->args[2], "inner"));
        if (seen[k]++ == 0) ids[k] = e->args[2];
        assert_int_equal(e->args[2], ids[k]);
    }
    for (int j = 0; j < 4; j++) {
        assert_true(seen[j] > 0);
        for (int k = 0; k < j; k++) assert_true(ids[j] != ids[k]);
    }
    rt_trace_free(&t);
    unlink(path);
}

/* The default (GORT_TRACE_STACKS unset): blocks without stacks, creation
 * stacks kept. */
static void test_no_block_stacks(void **state) {
    (void)state;
    unsetenv("GORT_TRACE_STACKS");
    rt_trace t;
    record(pingpong, 20, &t);
    setenv("GORT_TRACE_STACKS", "1", 1);
    int blocks = 0, created = 0;
    for (size_t i = 0; i < t.nev; i++) {
        const rt_trace_ev *e = &t.ev[i];
        if (e->type == RT_EV_GoBlock) {
            assert_int_equal(e->args[2], 0);
            blocks++;
        }
        if (e->type == RT_EV_GoCreate && (int64_t)e->args[0] == ponger_id) {
            assert_true(stackhas(&t, e->args[2], "pingpong"));
            created++;
        }
    }
    assert_true(blocks > 0);
    assert_int_equal(created, 1);
    rt_trace_free(&t);
    unlink(path);
}

static uint64_t task_id, sub_id;
static int64_t annot_id;

static void annotate(void *arg) {
    (void)arg;
    annot_id = gort_goid();
    ok_start = gort_trace_start(path);
    task_id = gort_trace_task_new(0, "checkout");
    sub_id = gort_trace_task_new(task_id, "payment");
    gort_trace_region_start(sub_id, "charge card");
    gort_trace_log(sub_id, "payment", "declined, retrying");
    gort_trace_region_end(sub_id, "charge card");
    gort_trace_task_end(sub_id);
    gort_trace_task_end(task_id);
    ok_stop = gort_trace_stop();
}

static void test_annotations(void **state) {
    (void)state;
    rt_trace t;
    record(annotate, 0, &t);
    static const int want[] = {RT_EV_TaskCreate, RT_EV_TaskCreate, RT_EV_RegionStart,
                               RT_EV_UserLog, RT_EV_RegionEnd, RT_EV_TaskEnd,
                               RT_EV_TaskEnd};
    size_t k = 0;
    for (size_t i = 0; i < t.nev && k < RT_ARRAY_LEN(want); i++) {
        const rt_trace_ev *e = &t.ev[i];
        if (e->type != want[0] && e->type != RT_EV_RegionStart &&
            e->type != RT_EV_UserLog && e->type != RT_EV_RegionEnd &&
            e->type != RT_EV_TaskEnd)
            continue;
        assert_string_equal(rt_trace_evname(e->type), rt_trace_evname(want[k]));
        assert_int_equal((int64_t)e->args[0], annot_id);
        switch (k) {
        case 0:
            assert_int_equal(e->args[1], task_id);
            assert_int_equal(e->args[2], 0);
            assert_string_equal(rt_trace_str(&t, e->args[3]), "checkout");
            break;
        case 1:
            assert_int_equal(e->args[1], sub_id);
            assert_int_equal(e->args[2], task_id);
            assert_string_equal(rt_trace_str(&t, e->args[3]), "payment");
            break;
        case 2: case 4:
            assert_int_equal(e->args[1], sub_id);
            assert_string_equal(rt_trace_str(&t, e->args[2]), "charge card");
            break;
        case 3:
            assert_string_equal(rt_trace_str(&t, e->args[1]), "payment");
            assert_int_equal(e->args[2], sub_id);
            assert_string_equal(e->str, "declined, retrying");
            break;
        case 5: assert_int_equal(e->args[1], sub_id); break;
        case 6: assert_int_equal(e->args[1], task_id); break;
        }
        k++;
    }
    assert_int_equal(k, RT_ARRAY_LEN(want));
    rt_trace_free(&t);
    /* In the JSON: the tasks as async slices (begin and end by id and
     * name), the region as a slice, the log as a mark. */
    char out[300];
    snprintf(out, sizeof out, "%s.json", path);
    assert_true(gort_trace_convert(path, out, "json"));
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    char want1[120], want2[120];
    snprintf(want1, sizeof want1, "\"id\":\"task%llu\",\"cat\":\"task\",\"name\":\"checkout\"",
             (unsigned long long)task_id);
    const char *b1 = strstr(buf, want1);
    assert_non_null(b1);
    assert_non_null(strstr(b1 + 1, want1)); /* its end */
    snprintf(want2, sizeof want2, "\"id\":\"task%llu\",\"cat\":\"task\",\"name\":\"payment\"",
             (unsigned long long)sub_id);
    assert_non_null(strstr(buf, want2));
    assert_non_null(strstr(buf, "\"name\":\"charge card\",\"cat\":\"region\""));
    assert_non_null(strstr(buf, "\"message\":\"declined, retrying\""));
    unlink(out);
    unlink(path);
}

static void gcrun(void *arg) {
    (void)arg;
    ok_start = gort_trace_start(path);
    gort_gc();
    ok_stop = gort_trace_stop();
}

static void test_gc_phases(void **state) {
    (void)state;
    rt_trace t;
    record(gcrun, 0, &t);
    /* The phase changes happen while the world is stopped. */
    static const int want[] = {RT_EV_GCStart, RT_EV_STWStart, RT_EV_GCMark,
                               RT_EV_STWDone, RT_EV_STWStart, RT_EV_GCMarkTerm,
                               RT_EV_GCDone, RT_EV_STWDone};
    static const char *const stw[] = {"GC sweep termination", "GC mark termination"};
    size_t k = 0;
    int nstw = 0;
    for (size_t i = 0; i < t.nev && k < RT_ARRAY_LEN(want); i++) {
        const rt_trace_ev *e = &t.ev[i];
        if (k == 0 && e->type != RT_EV_GCStart) continue;
        bool phase = false;
        for (size_t j = 0; j < RT_ARRAY_LEN(want); j++)
            if (e->type == want[j]) phase = true;
        if (!phase) continue;
        if (e->type == RT_EV_STWStart && k > 0 && want[k] != RT_EV_STWStart) {
            /* A mark termination that found more work restarts the world
             * and tries again: an extra STW pair, not a phase. */
            continue;
        }
        if (e->type == RT_EV_STWDone && want[k] != RT_EV_STWDone) continue;
        assert_string_equal(rt_trace_evname(e->type), rt_trace_evname(want[k]));
        if (e->type == RT_EV_STWStart) assert_string_equal(rt_trace_str(&t, e->args[0]), stw[nstw++]);
        k++;
    }
    assert_int_equal(k, RT_ARRAY_LEN(want));
    rt_trace_free(&t);
    unlink(path);
}

static void test_long_run_bounded(void **state) {
    (void)state;
    enum { N = 150000 };
    rt_trace t;
    record(pingpong, N, &t);
    rt_trace_stats st;
    rt_trace_getstats(&st);
    /* Every event the recorder counted into a batch decodes, every batch
     * arrived in sequence, and memory stayed within the buffer bound while
     * many more batches than buffers went through. */
    assert_int_equal(st.events, t.nev);
    assert_true(t.seqok);
    assert_true(st.bufsmax <= st.bufslimit);
    assert_true(st.batches > 3 * st.bufslimit);
    /* No event lost: one wake-up per rendezvous, 2N of them. */
    uint64_t wakes = 0;
    for (size_t i = 0; i < t.nev; i++) {
        const rt_trace_ev *e = &t.ev[i];
        int64_t g = (int64_t)e->args[0], by = (int64_t)e->args[1];
        if (e->type == RT_EV_GoUnblock &&
            ((g == ponger_id && by == main_id) || (g == main_id && by == ponger_id)))
            wakes++;
    }
    assert_true(wakes >= 2 * (uint64_t)N - 1);
    fprintf(stderr, "long run: %zu events, %.2f bytes/event, %llu batches, "
                    "%llu buffers max (limit %llu), %llu waits\n",
            t.nev, (double)t.bytes / (double)t.nev,
            (unsigned long long)st.batches, (unsigned long long)st.bufsmax,
            (unsigned long long)st.bufslimit, (unsigned long long)st.waits);
    rt_trace_free(&t);
    unlink(path);
}

static void test_convert(void **state) {
    (void)state;
    rt_trace t;
    record(pingpong, 20, &t);
    rt_trace_free(&t);
    char out[300];
    snprintf(out, sizeof out, "%s.json", path);
    assert_true(gort_trace_convert(path, out, "json"));
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    assert_true(n > 0);
    assert_non_null(strstr(buf, "\"traceEvents\""));
    /* Blocked slices name their site: as args and as an end stack frame
     * into stackFrames, whose frames include the blocking function. */
    assert_non_null(strstr(buf, "\"blocked at\":[\"chanpark\""));
    assert_non_null(strstr(buf, "\"esf\":\""));
    assert_non_null(strstr(buf, "\"stackFrames\":{"));
    assert_non_null(strstr(buf, "\"name\":\"ponger\""));
    /* The creation site is the creating function, past the runtime's
     * own frames (gort_go, newproc and their compiler clones). */
    assert_non_null(strstr(buf, "\"created at\":\"pingpong\""));
    unlink(out);
    snprintf(out, sizeof out, "%s.html", path);
    assert_true(gort_trace_convert(path, out, "html"));
    unlink(out);
    assert_false(gort_trace_convert("/nonexistent/x.trace", out, "json"));
    unlink(path);
}

int main(void) {
    /* Few buffers, so the long run must recycle them (read at the first
     * trace). */
    setenv("GORT_TRACE_BUFS", "6", 1);
    /* Block stacks are opt-in; every test but test_no_block_stacks wants
     * them. */
    setenv("GORT_TRACE_STACKS", "1", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pingpong),
        cmocka_unit_test(test_block_sites),
        cmocka_unit_test(test_no_block_stacks),
        cmocka_unit_test(test_annotations),
        cmocka_unit_test(test_gc_phases),
        cmocka_unit_test(test_long_run_bounded),
        cmocka_unit_test(test_convert),
    };
    return cmocka_run_group_tests_name("trace", tests, NULL, NULL);
}
