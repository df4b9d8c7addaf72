/*
 * test_chan.c — channels: buffered and unbuffered send/receive, FIFO
 * order, close, direct handoff, typed elements, fan-in, Go's panic
 * messages, wait reasons in dumps and deadlock detection.
 *
 * GORT_TEST_CONCURRENCY: runs under ThreadSanitizer.
 */
#include "testlib.h"

#include <stdatomic.h>

/* ---------------------------------------------------------------------- */
/* Buffered and unbuffered basics                                          */
/* ---------------------------------------------------------------------- */

static void test_buffered_basic(void *arg) {
    (void)arg;
    gort_chan *c = gort_chan_make(&gort_type_int32, 3);
    CHECK_EQ(gort_chan_cap(c), 3);
    CHECK_EQ(gort_chan_len(c), 0);
    for (int i = 1; i <= 3; i++) gort_chan_send(c, &i);
    CHECK_EQ(gort_chan_len(c), 3);
    int v = 99;
    CHECK(!(gort_chan_trysend(c, &v))); /* full */
    for (int i = 1; i <= 3; i++) {
        int got = 0;
        CHECK(gort_chan_recv(c, &got));
        CHECK_EQ(got, i);
    }
    bool ok = true;
    CHECK(!(gort_chan_tryrecv(c, &v, &ok))); /* empty */
    CHECK_EQ(gort_chan_len(c), 0);
    /* Wrap the ring several times. */
    for (int round = 0; round < 10; round++) {
        for (int i = 0; i < 2; i++) {
            int x = round * 10 + i;
            CHECK(gort_chan_trysend(c, &x));
        }
        for (int i = 0; i < 2; i++) {
            int got;
            CHECK(gort_chan_tryrecv(c, &got, &ok));
            CHECK(ok);
            CHECK_EQ(got, round * 10 + i);
        }
    }
    /* Receive into NULL discards. */
    CHECK(gort_chan_trysend(c, &v));
    CHECK(gort_chan_recv(c, NULL));
    CHECK_EQ(gort_chan_len(c), 0);
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

static void test_unbuffered_pingpong(void *arg) {
    (void)arg;
    gort_chan **cc = chanpair(&gort_type_int64, 0);
    CHECK_EQ(gort_chan_cap(cc[0]), 0);
    gort_go(echo, cc);
    for (int64_t i = 0; i < 10000; i++) {
        gort_chan_send(cc[0], &i);
        int64_t r = -1;
        CHECK(gort_chan_recv(cc[1], &r));
        CHECK_EQ(r, i * 2 + 1);
    }
    int64_t v = 1;
    CHECK(!(gort_chan_trysend(cc[1], &v))); /* nobody receives on it */
    gort_chan_close(cc[0]);
    CHECK(!(gort_chan_recv(cc[1], &v))); /* echo closed it on exit */
    CHECK_EQ(v, 0);
}

/* Unbuffered try-ops succeed exactly when a peer is parked. */
static void recv_one(void *arg) {
    int v;
    gort_chan_recv(arg, &v);
}

static void test_unbuffered_try(void *arg) {
    (void)arg;
    gort_chan *c = gort_chan_make(&gort_type_int32, 0);
    int v = 5;
    bool ok;
    CHECK(!(gort_chan_trysend(c, &v)));
    CHECK(!(gort_chan_tryrecv(c, &v, &ok)));
    gort_go(recv_one, c);
    CHECK(tl_wait_queued(&tl_hchan(c)->recvq));
    CHECK(gort_chan_trysend(c, &v));
    CHECK((ald(&tl_hchan(c)->recvq.first)) == NULL);
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
        fifo_args *a = tl_new(sizeof *a);
        *a = (fifo_args){c, i};
        gort_go(fifo_sender, a);
    }
    int next[FIFO_SENDERS] = {0};
    for (int n = 0; n < FIFO_SENDERS * FIFO_PER; n++) {
        int64_t v;
        CHECK(gort_chan_recv(c, &v));
        int id = (int)(v >> 32), seq = (int)(v & 0xffffffff);
        CHECK_RANGE(id, 0, FIFO_SENDERS - 1);
        CHECK_EQ(seq, next[id]);
        next[id]++;
    }
    for (int i = 0; i < FIFO_SENDERS; i++) CHECK_EQ(next[i], FIFO_PER);
}

static void test_fifo_per_sender(void *arg) {
    (void)arg;
    fifo_run(0);
    fifo_run(1);
    fifo_run(7);
    fifo_run(128);
}

/* ---------------------------------------------------------------------- */
/* close                                                                   */
/* ---------------------------------------------------------------------- */

static void test_close_drains_buffer(void *arg) {
    (void)arg;
    gort_chan *c = gort_chan_make(&gort_type_int32, 4);
    int a = 10, b = 20;
    gort_chan_send(c, &a);
    gort_chan_send(c, &b);
    gort_chan_close(c);
    CHECK_EQ(gort_chan_len(c), 2);
    int v = 0;
    CHECK(gort_chan_recv(c, &v));
    CHECK_EQ(v, 10);
    bool ok = false;
    CHECK(gort_chan_tryrecv(c, &v, &ok));
    CHECK(ok);
    CHECK_EQ(v, 20);
    for (int i = 0; i < 3; i++) {
        v = 77;
        CHECK(!(gort_chan_recv(c, &v)));
        CHECK_EQ(v, 0); /* the zero value */
        v = 77;
        ok = true;
        CHECK(gort_chan_tryrecv(c, &v, &ok)); /* proceeds: closed */
        CHECK(!ok);
        CHECK_EQ(v, 0);
    }
    gort_chan *u = gort_chan_make(&gort_type_int32, 0);
    gort_chan_close(u);
    v = 5;
    CHECK(!(gort_chan_recv(u, &v)));
    CHECK_EQ(v, 0);
}

enum { CLOSE_WAITERS = 50 };
static atomic_int close_woken, close_bad;

static void close_receiver(void *arg) {
    int64_t v = 12345;
    bool ok = gort_chan_recv(arg, &v);
    if (ok || v != 0) atomic_fetch_add(&close_bad, 1);
    atomic_fetch_add(&close_woken, 1);
}

static void test_close_wakes_all_receivers(void *arg) {
    (void)arg;
    atomic_store(&close_woken, 0);
    atomic_store(&close_bad, 0);
    gort_chan *c = gort_chan_make(&gort_type_int64, 0);
    for (int i = 0; i < CLOSE_WAITERS; i++) gort_go(close_receiver, c);
    /* Wait until all of them are parked on c. */
    for (int i = 0; i < 20000; i++) {
        int n = 0;
        rt_lock(&tl_hchan(c)->lock);
        for (Sudog *s = tl_hchan(c)->recvq.first; s; s = s->next) n++;
        rt_unlock(&tl_hchan(c)->lock);
        if (n == CLOSE_WAITERS) break;
        gort_sleep(GORT_MILLISECOND);
    }
    gort_chan_close(c);
    while (atomic_load(&close_woken) < CLOSE_WAITERS) gort_sleep(GORT_MILLISECOND);
    CHECK_EQ(atomic_load(&close_bad), 0);
    CHECK((tl_hchan(c)->recvq.first) == NULL);
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
    handoff *ho = tl_new(sizeof *ho);
    gort_chan *c = ho->c = gort_chan_make(&gort_type_int64, cap);
    ho->dst = -1;
    gort_go(handoff_receiver, ho);
    CHECK(tl_wait_queued(&tl_hchan(c)->recvq)); /* receiver parked first */
    int64_t v = 4242;
    gort_chan_send(c, &v);
    /* Nothing has run since the send: the copy happened in our send. */
    CHECK_EQ(ho->dst, 4242);
    CHECK_EQ(atomic_load(&ho->returned), 0);
    CHECK_EQ(ald(&rt_getp()->runnext), ho->g);
    HChan *h = tl_hchan(c);
    CHECK_EQ(h->qcount, 0);
    CHECK_EQ(h->sendx, 0); /* the ring was never written */
    CHECK_EQ(h->recvx, 0);
    while (!atomic_load(&ho->returned)) gort_gosched();
}

static void test_direct_handoff(void *arg) {
    (void)arg;
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

static void test_recv_from_full_with_parked_sender(void *arg) {
    (void)arg;
    gort_chan *c = gort_chan_make(&gort_type_int32, 2);
    int a = 1, b = 2;
    gort_chan_send(c, &a);
    gort_chan_send(c, &b);
    gort_go(full_sender, c);
    CHECK(tl_wait_queued(&tl_hchan(c)->sendq));
    int v;
    CHECK(gort_chan_recv(c, &v));
    CHECK_EQ(v, 1);
    CHECK_EQ(gort_chan_len(c), 2); /* sender's value moved in */
    CHECK((ald(&tl_hchan(c)->sendq.first)) == NULL);
    CHECK(gort_chan_recv(c, &v));
    CHECK_EQ(v, 2);
    CHECK(gort_chan_recv(c, &v));
    CHECK_EQ(v, 3);
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

static void test_struct_elements(void *arg) {
    (void)arg;
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
            CHECK(gort_chan_recv(cc[1], &out));
            CHECK_EQ(out.name, names[i % 3]);
            CHECK_EQ(out.n, i + 1);
            CHECK(out.x == i * 0.5);
            CHECK(memcmp(out.tag, in.tag, sizeof in.tag) == 0);
        }
        gort_chan_close(cc[0]);
        /* Zero value of a struct on close. */
        gort_chan *z = gort_chan_make(&item_type, 1);
        gort_chan_close(z);
        item out;
        memset(&out, 0xff, sizeof out);
        CHECK(!(gort_chan_recv(z, &out)));
        item zero;
        memset(&zero, 0, sizeof zero);
        CHECK(memcmp(&out, &zero, sizeof out) == 0);
    }
}

static void signal_done(void *arg) { gort_chan_send(arg, NULL); }

static void test_zero_size_and_big_elements(void *arg) {
    (void)arg;
    /* chan struct{}: elem NULL. */
    gort_chan *done = gort_chan_make(NULL, 0);
    gort_go(signal_done, done);
    CHECK(gort_chan_recv(done, NULL));
    gort_chan *sig = gort_chan_make(NULL, 5);
    for (int i = 0; i < 5; i++) CHECK(gort_chan_trysend(sig, NULL));
    CHECK(!(gort_chan_trysend(sig, NULL)));
    CHECK_EQ(gort_chan_len(sig), 5);
    CHECK(gort_chan_recv(sig, NULL));
    /* A 4000-byte element, through buffer and handoff. */
    static const gort_type big = {.size = 4000, .align = 8, .name = "[4000]byte"};
    gort_chan *b = gort_chan_make(&big, 2);
    static char in[4000], out[4000];
    for (int i = 0; i < 4000; i++) in[i] = (char)(i * 7);
    gort_chan_send(b, in);
    CHECK(gort_chan_recv(b, out));
    CHECK(memcmp(in, out, 4000) == 0);
    /* Sending NULL sends the zero value. */
    gort_chan_send(b, NULL);
    memset(out, 1, sizeof out);
    CHECK(gort_chan_recv(b, out));
    for (int i = 0; i < 4000; i++) CHECK_EQ(out[i], 0);
}

/* ---------------------------------------------------------------------- */
/* nil channels                                                            */
/* ---------------------------------------------------------------------- */

static void test_nil_channel_nonblocking(void *arg) {
    (void)arg;
    int v = 1;
    bool ok;
    CHECK(!(gort_chan_trysend(NULL, &v)));
    CHECK(!(gort_chan_tryrecv(NULL, &v, &ok)));
    CHECK_EQ(gort_chan_len(NULL), 0);
    CHECK_EQ(gort_chan_cap(NULL), 0);
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

static void test_fanin_10k(void *arg) {
    (void)arg;
    static uint8_t seen[FANIN];
    memset(seen, 0, sizeof seen);
    gort_chan *c = gort_chan_make(&gort_type_int64, 0);
    for (int64_t i = 0; i < FANIN; i++) {
        fanin_arg *a = tl_new(sizeof *a);
        *a = (fanin_arg){c, i};
        gort_go(fanin_sender, a);
    }
    for (int i = 0; i < FANIN; i++) {
        int64_t v = -1;
        CHECK(gort_chan_recv(c, &v));
        CHECK_RANGE(v, 0, FANIN - 1);
        seen[v]++;
    }
    for (int i = 0; i < FANIN; i++) CHECK_EQ(seen[i], 1);
    int64_t v;
    CHECK(!(gort_chan_tryrecv(c, &v, NULL)));
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

static void test_prime_sieve(void *arg) {
    (void)arg;
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
        CHECK(gort_chan_recv(ch, &prime));
        CHECK_EQ(prime, want[i]);
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
    tl_wait_queued(&tl_hchan(c)->sendq);
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
    tl_wait_parked(WAIT_CHAN_RECV, 1);
    tl_wait_parked(WAIT_CHAN_SEND, 1);
    tl_wait_parked(WAIT_CHAN_RECV_NIL, 1);
    tl_wait_parked(WAIT_CHAN_SEND_NIL, 1);
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
    tl_wait_parked(WAIT_CHAN_RECV, 1);
    raise(SIGQUIT);
    gort_sleep(20 * GORT_SECOND);
}

static const tl_scenario children[] = {
    {"send_closed", .main = child_send_closed},
    {"trysend_closed", .main = child_trysend_closed},
    {"close_nil", .main = child_close_nil},
    {"close_closed", .main = child_close_closed},
    {"makechan_negative", .main = child_makechan_negative},
    {"makechan_huge", .main = child_makechan_huge},
    {"close_wakes_sender", .main = child_close_wakes_sender},
    {"deadlock", .main = child_deadlock},
    {"nil_main", .main = child_nil_main},
    {"sigquit", .main = child_sigquit},
};

static void test_panic_messages(void *arg) {
    (void)arg;
    CHECK_CHILD("send_closed", NULL, 2,
                "panic: send on closed channel\n\ngoroutine 1 [running]:\n");
    CHECK_CHILD("trysend_closed", NULL, 2, "panic: send on closed channel\n\n");
    CHECK_CHILD("close_nil", NULL, 2,
                "panic: close of nil channel\n\ngoroutine 1 [running]:\n");
    CHECK_CHILD("close_closed", NULL, 2,
                "panic: close of closed channel\n\ngoroutine 1 [running]:\n");
    CHECK_CHILD("makechan_negative", NULL, 2,
                "panic: makechan: size out of range\n\ngoroutine 1 "
                "[running]:\n");
    CHECK_CHILD("makechan_huge", NULL, 2,
                "panic: makechan: size out of range\n\n");
}

static void test_close_wakes_sender_panics(void *arg) {
    (void)arg;
    CHECK_CHILD("close_wakes_sender", NULL, 2,
                "panic: send on closed channel\n\n", "[running]:\n");
}

static void test_deadlock_and_wait_reasons(void *arg) {
    (void)arg;
    CHECK_CHILD("deadlock", NULL, 2,
                "fatal error: all goroutines are asleep - deadlock!",
                "goroutine 1 [chan receive]:", "[chan send]:",
                "[chan receive (nil chan)]:", "[chan send (nil chan)]:");
    CHECK_CHILD("nil_main", NULL, 2,
                "fatal error: all goroutines are asleep - deadlock!",
                "goroutine 1 [chan receive (nil chan)]:");
}

static void test_sigquit_dump(void *arg) {
    (void)arg;
    CHECK_CHILD("sigquit", NULL, 2, "SIGQUIT: quit", "goroutine 1 [running]:",
                "[chan receive]:");
}

int main(int argc, char **argv) {
    tl_child_main(argc, argv, children, RT_ARRAY_LEN(children));
    tl_child_signal_unsafe_ok = true; /* the SIGQUIT dump */
    setenv("GORT_STACK_SIZE", "64K", 0); /* 10k-goroutine tests */
    const struct CMUnitTest tests[] = {
        GO_TEST(test_buffered_basic),
        GO_TEST(test_unbuffered_pingpong),
        GO_TEST(test_unbuffered_try),
        GO_TEST(test_fifo_per_sender),
        GO_TEST(test_close_drains_buffer),
        GO_TEST(test_close_wakes_all_receivers),
        GO_TEST(test_direct_handoff),
        GO_TEST(test_recv_from_full_with_parked_sender),
        GO_TEST(test_struct_elements),
        GO_TEST(test_zero_size_and_big_elements),
        GO_TEST(test_nil_channel_nonblocking),
        GO_TEST(test_fanin_10k),
        GO_TEST(test_prime_sieve),
        GO_TEST(test_panic_messages),
        GO_TEST(test_close_wakes_sender_panics),
        GO_TEST(test_deadlock_and_wait_reasons),
        GO_TEST(test_sigquit_dump),
    };
    return cmocka_run_group_tests_name("chan", tests, NULL, NULL);
}
