/*
 * test_chan.c — channels: buffered and unbuffered send/receive, FIFO
 * order, close, direct handoff, typed elements, fan-in, Go's panic
 * messages, wait reasons in dumps and deadlock detection.
 *
 * GORT_TEST_CONCURRENCY: runs under ThreadSanitizer.
 */
#include "chan_testutil.h"

#include <stdatomic.h>

/* ---------------------------------------------------------------------- */
/* Buffered and unbuffered basics                                          */
/* ---------------------------------------------------------------------- */

static void test_buffered_basic(void **state) {
    (void)state;
    gort_chan *c = gort_chan_make(&gort_type_int32, 3);
    assert_int_equal(gort_chan_cap(c), 3);
    assert_int_equal(gort_chan_len(c), 0);
    for (int i = 1; i <= 3; i++) gort_chan_send(c, &i);
    assert_int_equal(gort_chan_len(c), 3);
    int v = 99;
    assert_false(gort_chan_trysend(c, &v)); /* full */
    for (int i = 1; i <= 3; i++) {
        int got = 0;
        assert_true(gort_chan_recv(c, &got));
        assert_int_equal(got, i);
    }
    bool ok = true;
    assert_false(gort_chan_tryrecv(c, &v, &ok)); /* empty */
    assert_int_equal(gort_chan_len(c), 0);
    /* Wrap the ring several times. */
    for (int round = 0; round < 10; round++) {
        for (int i = 0; i < 2; i++) {
            int x = round * 10 + i;
            assert_true(gort_chan_trysend(c, &x));
        }
        for (int i = 0; i < 2; i++) {
            int got;
            assert_true(gort_chan_tryrecv(c, &got, &ok));
            assert_true(ok);
            assert_int_equal(got, round * 10 + i);
        }
    }
    /* Receive into NULL discards. */
    assert_true(gort_chan_trysend(c, &v));
    assert_true(gort_chan_recv(c, NULL));
    assert_int_equal(gort_chan_len(c), 0);
}

/* Two channels in memory that outlives the test body (goroutines may still
 * read them after the body returns). */
static gort_chan **chanpair(const gort_type *t, intptr_t cap) {
    gort_chan **cc = gort_alloc(2 * sizeof *cc, &gort_type_pointer);
    cc[0] = gort_chan_make(t, cap);
    cc[1] = gort_chan_make(t, cap);
    return cc;
}

static void echo(void *arg) {
    gort_chan **cc = arg;
    int64_t v;
    while (gort_chan_recv(cc[0], &v)) {
        v = v * 2 + 1;
        gort_chan_send(cc[1], &v);
    }
    gort_chan_close(cc[1]);
}

static void test_unbuffered_pingpong(void **state) {
    (void)state;
    gort_chan **cc = chanpair(&gort_type_int64, 0);
    assert_int_equal(gort_chan_cap(cc[0]), 0);
    gort_go(echo, cc);
    for (int64_t i = 0; i < 10000; i++) {
        gort_chan_send(cc[0], &i);
        int64_t r = -1;
        assert_true(gort_chan_recv(cc[1], &r));
        assert_int_equal(r, i * 2 + 1);
    }
    int64_t v = 1;
    assert_false(gort_chan_trysend(cc[1], &v)); /* nobody receives on it */
    gort_chan_close(cc[0]);
    assert_false(gort_chan_recv(cc[1], &v)); /* echo closed it on exit */
    assert_int_equal(v, 0);
}

/* Unbuffered try-ops succeed exactly when a peer is parked. */
static void recv_one(void *arg) {
    int v;
    gort_chan_recv(arg, &v);
}

static void test_unbuffered_try(void **state) {
    (void)state;
    gort_chan *c = gort_chan_make(&gort_type_int32, 0);
    int v = 5;
    bool ok;
    assert_false(gort_chan_trysend(c, &v));
    assert_false(gort_chan_tryrecv(c, &v, &ok));
    gort_go(recv_one, c);
    assert_true(waitqueued(&hc(c)->recvq));
    assert_true(gort_chan_trysend(c, &v));
    assert_null(ald(&hc(c)->recvq.first));
}

/* ---------------------------------------------------------------------- */
/* FIFO order per sender                                                    */
/* ---------------------------------------------------------------------- */

enum { FIFO_SENDERS = 8, FIFO_PER = 5000 };

typedef struct fifo_args {
    gort_chan *c;
    int id;
} fifo_args;

static void fifo_sender(void *arg) {
    fifo_args *a = arg;
    for (int i = 0; i < FIFO_PER; i++) {
        int64_t v = ((int64_t)a->id << 32) | i;
        gort_chan_send(a->c, &v);
    }
}

static void fifo_run(intptr_t cap) {
    gort_chan *c = gort_chan_make(&gort_type_int64, cap);
    for (int i = 0; i < FIFO_SENDERS; i++) {
        fifo_args *a = t_new(sizeof *a);
        *a = (fifo_args){c, i};
        gort_go(fifo_sender, a);
    }
    int next[FIFO_SENDERS] = {0};
    for (int n = 0; n < FIFO_SENDERS * FIFO_PER; n++) {
        int64_t v;
        assert_true(gort_chan_recv(c, &v));
        int id = (int)(v >> 32), seq = (int)(v & 0xffffffff);
        assert_in_range(id, 0, FIFO_SENDERS - 1);
        assert_int_equal(seq, next[id]);
        next[id]++;
    }
    for (int i = 0; i < FIFO_SENDERS; i++) assert_int_equal(next[i], FIFO_PER);
}

static void test_fifo_per_sender(void **state) {
    (void)state;
    fifo_run(0);
    fifo_run(1);
    fifo_run(7);
    fifo_run(128);
}

/* ---------------------------------------------------------------------- */
/* close                                                                   */
/* ---------------------------------------------------------------------- */

static void test_close_drains_buffer(void **state) {
    (void)state;
    gort_chan *c = gort_chan_make(&gort_type_int32, 4);
    int a = 10, b = 20;
    gort_chan_send(c, &a);
    gort_chan_send(c, &b);
    gort_chan_close(c);
    assert_int_equal(gort_chan_len(c), 2);
    int v = 0;
    assert_true(gort_chan_recv(c, &v));
    assert_int_equal(v, 10);
    bool ok = false;
    assert_true(gort_chan_tryrecv(c, &v, &ok));
    assert_true(ok);
    assert_int_equal(v, 20);
    for (int i = 0; i < 3; i++) {
        v = 77;
        assert_false(gort_chan_recv(c, &v));
        assert_int_equal(v, 0); /* the zero value */
        v = 77;
        ok = true;
        assert_true(gort_chan_tryrecv(c, &v, &ok)); /* proceeds: closed */
        assert_false(ok);
        assert_int_equal(v, 0);
    }
    gort_chan *u = gort_chan_make(&gort_type_int32, 0);
    gort_chan_close(u);
    v = 5;
    assert_false(gort_chan_recv(u, &v));
    assert_int_equal(v, 0);
}

enum { CLOSE_WAITERS = 50 };
static atomic_int close_woken, close_bad;

static void close_receiver(void *arg) {
    int64_t v = 12345;
    bool ok = gort_chan_recv(arg, &v);
    if (ok || v != 0) atomic_fetch_add(&close_bad, 1);
    atomic_fetch_add(&close_woken, 1);
}

static void test_close_wakes_all_receivers(void **state) {
    (void)state;
    atomic_store(&close_woken, 0);
    atomic_store(&close_bad, 0);
    gort_chan *c = gort_chan_make(&gort_type_int64, 0);
    for (int i = 0; i < CLOSE_WAITERS; i++) gort_go(close_receiver, c);
    /* Wait until all of them are parked on c. */
    for (int i = 0; i < 20000; i++) {
        int n = 0;
        rt_lock(&hc(c)->lock);
        for (Sudog *s = hc(c)->recvq.first; s; s = s->next) n++;
        rt_unlock(&hc(c)->lock);
        if (n == CLOSE_WAITERS) break;
        gort_sleep(GORT_MILLISECOND);
    }
    gort_chan_close(c);
    while (atomic_load(&close_woken) < CLOSE_WAITERS) gort_sleep(GORT_MILLISECOND);
    assert_int_equal(atomic_load(&close_bad), 0);
    assert_null(hc(c)->recvq.first);
}

/* ---------------------------------------------------------------------- */
/* Direct handoff                                                          */
/* ---------------------------------------------------------------------- */

typedef struct handoff {
    gort_chan *c;
    int64_t dst;       /* the receiver's destination */
    atomic_int returned;
    G *g;
} handoff;

static void handoff_receiver(void *arg) {
    handoff *ho = arg;
    ho->g = rt_getg();
    bool ok = gort_chan_recv(ho->c, &ho->dst);
    (void)ok;
    atomic_store(&ho->returned, 1);
}

/* With one P, a sender that finds the receiver parked writes the value into
 * the receiver's variable itself, before the receiver runs again, and puts
 * the receiver in its P's runnext; the buffer is never used. */
static void handoff_case(intptr_t cap) {
    handoff *ho = t_new(sizeof *ho);
    gort_chan *c = ho->c = gort_chan_make(&gort_type_int64, cap);
    ho->dst = -1;
    gort_go(handoff_receiver, ho);
    assert_true(waitqueued(&hc(c)->recvq)); /* receiver parked first */
    int64_t v = 4242;
    gort_chan_send(c, &v);
    /* Nothing has run since the send: the copy happened in our send. */
    assert_int_equal(ho->dst, 4242);
    assert_int_equal(atomic_load(&ho->returned), 0);
    assert_ptr_equal(ald(&rt_getp()->runnext), ho->g);
    HChan *h = hc(c);
    assert_int_equal(h->qcount, 0);
    assert_int_equal(h->sendx, 0); /* the ring was never written */
    assert_int_equal(h->recvx, 0);
    while (!atomic_load(&ho->returned)) gort_gosched();
}

static void test_direct_handoff(void **state) {
    (void)state;
    int prev = gort_gomaxprocs(1);
    handoff_case(0);
    handoff_case(4);
    gort_gomaxprocs(prev);
}

/* A receiver that finds a full buffer with a parked sender takes the head
 * and moves the sender's value to the tail: FIFO holds. */
static void full_sender(void *arg) {
    int v = 3;
    gort_chan_send(arg, &v);
}

static void test_recv_from_full_with_parked_sender(void **state) {
    (void)state;
    gort_chan *c = gort_chan_make(&gort_type_int32, 2);
    int a = 1, b = 2;
    gort_chan_send(c, &a);
    gort_chan_send(c, &b);
    gort_go(full_sender, c);
    assert_true(waitqueued(&hc(c)->sendq));
    int v;
    assert_true(gort_chan_recv(c, &v));
    assert_int_equal(v, 1);
    assert_int_equal(gort_chan_len(c), 2); /* sender's value moved in */
    assert_null(ald(&hc(c)->sendq.first));
    assert_true(gort_chan_recv(c, &v));
    assert_int_equal(v, 2);
    assert_true(gort_chan_recv(c, &v));
    assert_int_equal(v, 3);
}

/* ---------------------------------------------------------------------- */
/* Element types                                                           */
/* ---------------------------------------------------------------------- */

typedef struct item {
    char *name;     /* a pointer word */
    int64_t n;
    double x;
    char tag[13];
} item;
static const uint8_t item_mask[] = {0x1};
static const gort_type item_type = {
    .size = sizeof(item), .align = _Alignof(item), .ptrwords = 1,
    .ptrmask = item_mask, .name = "item", .kind = GORT_KIND_STRUCT,
};

static void item_echo(void *arg) {
    gort_chan **cc = arg;
    item it;
    while (gort_chan_recv(cc[0], &it)) {
        it.n++;
        gort_chan_send(cc[1], &it);
    }
}

static void test_struct_elements(void **state) {
    (void)state;
    static char names[3][8] = {"a", "bb", "ccc"};
    for (intptr_t cap = 0; cap <= 3; cap += 3) {
        gort_chan **cc = chanpair(&item_type, cap);
        gort_go(item_echo, cc);
        for (int i = 0; i < 300; i++) {
            item in = {names[i % 3], i, i * 0.5, "tag"};
            in.tag[3] = (char)('0' + i % 10);
            gort_chan_send(cc[0], &in);
            item out;
            memset(&out, 0xff, sizeof out);
            assert_true(gort_chan_recv(cc[1], &out));
            assert_ptr_equal(out.name, names[i % 3]);
            assert_int_equal(out.n, i + 1);
            assert_true(out.x == i * 0.5);
            assert_memory_equal(out.tag, in.tag, sizeof in.tag);
        }
        gort_chan_close(cc[0]);
        /* Zero value of a struct on close. */
        gort_chan *z = gort_chan_make(&item_type, 1);
        gort_chan_close(z);
        item out;
        memset(&out, 0xff, sizeof out);
        assert_false(gort_chan_recv(z, &out));
        item zero;
        memset(&zero, 0, sizeof zero);
        assert_memory_equal(&out, &zero, sizeof out);
    }
}

static void signal_done(void *arg) { gort_chan_send(arg, NULL); }

static void test_zero_size_and_big_elements(void **state) {
    (void)state;
    /* chan struct{}: elem NULL. */
    gort_chan *done = gort_chan_make(NULL, 0);
    gort_go(signal_done, done);
    assert_true(gort_chan_recv(done, NULL));
    gort_chan *sig = gort_chan_make(NULL, 5);
    for (int i = 0; i < 5; i++) assert_true(gort_chan_trysend(sig, NULL));
    assert_false(gort_chan_trysend(sig, NULL));
    assert_int_equal(gort_chan_len(sig), 5);
    assert_true(gort_chan_recv(sig, NULL));
    /* A 4000-byte element, through buffer and handoff. */
    static const gort_type big = {.size = 4000, .align = 8, .name = "[4000]byte"};
    gort_chan *b = gort_chan_make(&big, 2);
    static char in[4000], out[4000];
    for (int i = 0; i < 4000; i++) in[i] = (char)(i * 7);
    gort_chan_send(b, in);
    assert_true(gort_chan_recv(b, out));
    assert_memory_equal(in, out, 4000);
    /* Sending NULL sends the zero value. */
    gort_chan_send(b, NULL);
    memset(out, 1, sizeof out);
    assert_true(gort_chan_recv(b, out));
    for (int i = 0; i < 4000; i++) assert_int_equal(out[i], 0);
}

/* ---------------------------------------------------------------------- */
/* nil channels                                                            */
/* ---------------------------------------------------------------------- */

static void test_nil_channel_nonblocking(void **state) {
    (void)state;
    int v = 1;
    bool ok;
    assert_false(gort_chan_trysend(NULL, &v));
    assert_false(gort_chan_tryrecv(NULL, &v, &ok));
    assert_int_equal(gort_chan_len(NULL), 0);
    assert_int_equal(gort_chan_cap(NULL), 0);
}

/* ---------------------------------------------------------------------- */
/* 10k-goroutine fan-in                                                    */
/* ---------------------------------------------------------------------- */

/* ThreadSanitizer models every goroutine as a fiber; each costs it a full
 * thread context (milliseconds to create) and counts against its limit of
 * 8128 threads.  Under TSan the same paths run with fewer senders. */
#if GORT_SANITIZE_THREAD
enum { FANIN = 500 };
#else
enum { FANIN = 10000 };
#endif
typedef struct fanin_arg {
    gort_chan *c;
    int64_t i;
} fanin_arg;

static void fanin_sender(void *arg) {
    fanin_arg *a = arg;
    gort_chan_send(a->c, &a->i);
}

static void test_fanin_10k(void **state) {
    (void)state;
    static uint8_t seen[FANIN];
    memset(seen, 0, sizeof seen);
    gort_chan *c = gort_chan_make(&gort_type_int64, 0);
    for (int64_t i = 0; i < FANIN; i++) {
        fanin_arg *a = t_new(sizeof *a);
        *a = (fanin_arg){c, i};
        gort_go(fanin_sender, a);
    }
    for (int i = 0; i < FANIN; i++) {
        int64_t v = -1;
        assert_true(gort_chan_recv(c, &v));
        assert_in_range(v, 0, FANIN - 1);
        seen[v]++;
    }
    for (int i = 0; i < FANIN; i++) assert_int_equal(seen[i], 1);
    int64_t v;
    assert_false(gort_chan_tryrecv(c, &v, NULL));
}

/* ---------------------------------------------------------------------- */
/* Prime sieve                                                             */
/* ---------------------------------------------------------------------- */

/* The Go tour's concurrent sieve (examples/c/prime_sieve.c): a chain of
 * filter goroutines connected by unbuffered channels. */
static void sieve_gen(void *arg) {
    for (int64_t i = 2;; i++) gort_chan_send(arg, &i);
}

static void sieve_filter(void *arg) {
    gort_chan **io = arg; /* in, out, prime (as a pointer-sized int) */
    int64_t prime = (int64_t)(intptr_t)io[2];
    for (;;) {
        int64_t i;
        gort_chan_recv(io[0], &i);
        if (i % prime) gort_chan_send(io[1], &i);
    }
}

static void test_prime_sieve(void **state) {
    (void)state;
#if GORT_SANITIZE_THREAD
    enum { NPRIMES = 60 }; /* goroutines are expensive fibers under TSan */
#else
    enum { NPRIMES = 300 };
#endif
    /* Reference: trial division. */
    int64_t want[NPRIMES];
    int n = 0;
    for (int64_t k = 2; n < NPRIMES; k++) {
        bool p = true;
        for (int j = 0; j < n && want[j] * want[j] <= k; j++)
            if (k % want[j] == 0) p = false;
        if (p) want[n++] = k;
    }
    gort_chan *ch = gort_chan_make(&gort_type_int64, 0);
    gort_go(sieve_gen, ch);
    for (int i = 0; i < NPRIMES; i++) {
        int64_t prime = 0;
        assert_true(gort_chan_recv(ch, &prime));
        assert_int_equal(prime, want[i]);
        gort_chan **io = gort_alloc(3 * sizeof *io, &gort_type_pointer);
        io[0] = ch;
        io[1] = gort_chan_make(&gort_type_int64, 0);
        io[2] = (gort_chan *)(intptr_t)prime;
        gort_go(sieve_filter, io);
        ch = io[1];
    }
}

/* ---------------------------------------------------------------------- */
/* Child scenarios: panics, deadlock, dumps                                 */
/* ---------------------------------------------------------------------- */

static void child_send_closed(void *arg) {
    (void)arg;
    gort_chan *c = gort_chan_make(&gort_type_int32, 1);
    gort_chan_close(c);
    int v = 1;
    gort_chan_send(c, &v);
}

static void child_trysend_closed(void *arg) {
    (void)arg;
    gort_chan *c = gort_chan_make(&gort_type_int32, 0);
    gort_chan_close(c);
    gort_chan_trysend(c, NULL);
}

static void child_close_nil(void *arg) {
    (void)arg;
    gort_chan_close(NULL);
}

static void child_close_closed(void *arg) {
    (void)arg;
    gort_chan *c = gort_chan_make(&gort_type_int32, 0);
    gort_chan_close(c);
    gort_chan_close(c);
}

static void child_makechan_negative(void *arg) {
    (void)arg;
    gort_chan_make(&gort_type_int32, -1);
}

static void child_makechan_huge(void *arg) {
    (void)arg;
    static const gort_type big = {.size = 60000, .align = 8, .name = "big"};
    gort_chan_make(&big, INTPTR_MAX / 1000);
}

static void blocked_sender(void *arg) {
    int v = 7;
    gort_chan_send(arg, &v);
}

/* A sender parked on c wakes up when c is closed, and panics. */
static void child_close_wakes_sender(void *arg) {
    (void)arg;
    gort_chan *c = gort_chan_make(&gort_type_int32, 0);
    gort_go(blocked_sender, c);
    waitqueued(&hc(c)->sendq);
    gort_chan_close(c);
    gort_sleep(20 * GORT_SECOND); /* the sender's panic ends the program */
}

static void recv_forever(void *arg) { gort_chan_recv(arg, NULL); }
static void send_forever(void *arg) { gort_chan_send(arg, NULL); }

/* Everyone blocked on channels: the runtime reports the deadlock and the
 * dump shows each wait reason. */
static void child_deadlock(void *arg) {
    (void)arg;
    gort_chan *a = gort_chan_make(&gort_type_int32, 0);
    gort_chan *b = gort_chan_make(&gort_type_int32, 0);
    gort_go(recv_forever, a);
    gort_go(send_forever, b);
    gort_go(recv_forever, NULL);
    gort_go(send_forever, NULL);
    waitparked(WAIT_CHAN_RECV, 1);
    waitparked(WAIT_CHAN_SEND, 1);
    waitparked(WAIT_CHAN_RECV_NIL, 1);
    waitparked(WAIT_CHAN_SEND_NIL, 1);
    gort_chan *c = gort_chan_make(&gort_type_int32, 3);
    gort_chan_recv(c, NULL);
}

static void child_nil_main(void *arg) {
    (void)arg;
    gort_chan_recv(NULL, NULL);
}

static void child_sigquit(void *arg) {
    (void)arg;
    gort_chan *a = gort_chan_make(&gort_type_int32, 0);
    gort_go(recv_forever, a);
    waitparked(WAIT_CHAN_RECV, 1);
    raise(SIGQUIT);
    gort_sleep(20 * GORT_SECOND);
}

static const child_scenario children[] = {
    {"send_closed", child_send_closed},
    {"trysend_closed", child_trysend_closed},
    {"close_nil", child_close_nil},
    {"close_closed", child_close_closed},
    {"makechan_negative", child_makechan_negative},
    {"makechan_huge", child_makechan_huge},
    {"close_wakes_sender", child_close_wakes_sender},
    {"deadlock", child_deadlock},
    {"nil_main", child_nil_main},
    {"sigquit", child_sigquit},
};

static void test_panic_messages(void **state) {
    (void)state;
    expect_child("send_closed",
                 "panic: send on closed channel\n\ngoroutine 1 [running]:\n",
                 NULL);
    expect_child("trysend_closed", "panic: send on closed channel\n\n", NULL);
    expect_child("close_nil",
                 "panic: close of nil channel\n\ngoroutine 1 [running]:\n",
                 NULL);
    expect_child("close_closed",
                 "panic: close of closed channel\n\ngoroutine 1 [running]:\n",
                 NULL);
    expect_child("makechan_negative",
                 "panic: makechan: size out of range\n\ngoroutine 1 "
                 "[running]:\n",
                 NULL);
    expect_child("makechan_huge", "panic: makechan: size out of range\n\n",
                 NULL);
}

static void test_close_wakes_sender_panics(void **state) {
    (void)state;
    expect_child("close_wakes_sender", "panic: send on closed channel\n\n",
                 "[running]:\n", NULL);
}

static void test_deadlock_and_wait_reasons(void **state) {
    (void)state;
    expect_child("deadlock", "fatal error: all goroutines are asleep - deadlock!",
                 "goroutine 1 [chan receive]:", "[chan send]:",
                 "[chan receive (nil chan)]:", "[chan send (nil chan)]:",
                 NULL);
    expect_child("nil_main", "fatal error: all goroutines are asleep - deadlock!",
                 "goroutine 1 [chan receive (nil chan)]:", NULL);
}

static void test_sigquit_dump(void **state) {
    (void)state;
    expect_child("sigquit", "SIGQUIT: quit", "goroutine 1 [running]:",
                 "[chan receive]:", NULL);
}

int main(int argc, char **argv) {
    if (argc == 3 && !strcmp(argv[1], "--child"))
        return child_main(children, RT_ARRAY_LEN(children), argv[2]);
    static const struct CMUnitTest tests[] = {
        gort_unit_test(test_buffered_basic),
        gort_unit_test(test_unbuffered_pingpong),
        gort_unit_test(test_unbuffered_try),
        gort_unit_test(test_fifo_per_sender),
        gort_unit_test(test_close_drains_buffer),
        gort_unit_test(test_close_wakes_all_receivers),
        gort_unit_test(test_direct_handoff),
        gort_unit_test(test_recv_from_full_with_parked_sender),
        gort_unit_test(test_struct_elements),
        gort_unit_test(test_zero_size_and_big_elements),
        gort_unit_test(test_nil_channel_nonblocking),
        gort_unit_test(test_fanin_10k),
        gort_unit_test(test_prime_sieve),
        gort_unit_test(test_panic_messages),
        gort_unit_test(test_close_wakes_sender_panics),
        gort_unit_test(test_deadlock_and_wait_reasons),
        gort_unit_test(test_sigquit_dump),
    };
    return gort_run_tests("chan", tests, RT_ARRAY_LEN(tests));
}
