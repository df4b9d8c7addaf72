/*
 * chan.c — channels: Go's hchan, its three send cases, direct handoff and
 * close.  select.c builds select on the "locked" pieces exported here.
 *
 *   HChan                                   buf (dataqsiz = 4)
 *   +----------+                            +----+----+----+----+
 *   | qcount 2 |                            |    | v1 | v2 |    |
 *   | sendx  3 |---------------------+      +----+----+----+----+
 *   | recvx  1 |------------------+  |            ^         ^
 *   | buf      |--> ring          |  |            recvx     sendx
 *   | recvq    |--> sudog <-> sudog (blocked receivers)
 *   | sendq    |--> sudog <-> sudog (blocked senders)
 *   | closed   |
 *   | lock     |
 *   +----------+
 *
 * A send takes one of three paths, tried in order under c->lock:
 *   1. A receiver is parked (recvq not empty): copy the value straight into
 *      the receiver's destination (sudog.elem, often a variable on the
 *      receiver's own stack) and ready it.  The value never touches the
 *      buffer: this is the direct handoff, and the readied goroutine goes
 *      to this P's runnext, so a ping-pong pair stays on one P.
 *   2. The buffer has room: copy into buf[sendx].
 *   3. Otherwise park on sendq with a sudog whose elem points at the
 *      sender's value; a receiver later copies it out (and readies us).
 * Receives mirror this.  A receiver that finds a parked sender on a full
 * buffered channel takes the head of the buffer and moves the sender's
 * value to the tail, so FIFO order holds across the buffer and the queue.
 *
 * Invariants (c->lock held): at least one of sendq and recvq is empty
 * (except for one select waiting on an unbuffered channel both ways);
 * for a buffered channel qcount > 0 implies recvq is empty and
 * qcount < dataqsiz implies sendq is empty.  A sudog on a queue belongs
 * to a parked goroutine: its lock is only released in rt_gopark's unlockf,
 * on g0, after the goroutine's status is Gwaiting, so whoever dequeues a
 * sudog may ready its goroutine without further checks.  The waker sets
 * gp->param = sg and sg->success (true: a value moved; false: close) after
 * dropping the lock; the readied goroutine reads them.
 *
 * Non-blocking fast paths read qcount, closed and the queue heads without
 * the lock (one atomic load each), as Go's chansend/chanrecv do: a
 * non-blocking send on a full channel or receive on an empty open channel
 * fails without touching the lock.  Each such check reads one word, so the
 * answer was true at the instant of that load: the operation linearizes
 * there.  (The receive reads closed after "empty", then re-checks empty, so
 * "closed and drained" is also observed at one instant.)  Every change of
 * those words happens inside a seqlock window (HChan.seq odd), so select
 * can also check several channels at once without their locks (select.c).
 *
 * Sudogs: a goroutine blocked on one channel keeps its sudog in the frame
 * of chanpark (Go must take every sudog from a cache because its stacks
 * move; ours never do).  A select needs one per case and takes them from
 * the per-P cache, rt_acquireSudog.
 *
 * Memory: the hchan and its buffer come from gort_alloc.  Elements without
 * pointers share one pointer-free allocation with the hchan (buf points just
 * past it); otherwise the hchan is a typed object whose only heap pointer is
 * buf, and buf is an array of the element type.  Copies of pointer-carrying
 * elements go through rt_typedmemmove/rt_typedmemclr so the collector sees
 * every store, including the ones into another goroutine's stack.
 *
 * Rejected alternatives: a lock-free ring for buffered channels (close,
 * select and blocking all need the queues and the buffer to change together
 * under one lock; Go discussed one and kept the lock); waking the receiver and letting
 * it copy (one more trip through the buffer and a second lock acquisition
 * for every handoff); a spinning wait before parking (ping-pong pairs on
 * one P would spin against themselves).
 */
#include "runtime.h"

/* Go's limit on hchan+buf (48-bit address space). */
#define MAXALLOC ((uintptr_t)1 << 47)
#define HCHANSIZE ((sizeof(HChan) + 15) & ~(size_t)15)

static inline HChan *H(gort_chan *c) { return (HChan *)c; }

/* ---------------------------------------------------------------------- */
/* make                                                                    */
/* ---------------------------------------------------------------------- */

/* The hchan as a typed object: buf is its only pointer into the heap (the
 * queues hold sudogs on goroutine stacks or from the sudog cache, outside
 * the heap; elemtype is static). */
static const uint8_t hchan_ptrmask[] = {1u << (offsetof(HChan, buf) / 8)};
static const gort_type hchan_type = {
    .size = sizeof(HChan),
    .align = 8,
    .ptrwords = offsetof(HChan, buf) / 8 + 1,
    .ptrmask = hchan_ptrmask,
    .name = "runtime.hchan",
    .kind = GORT_KIND_STRUCT,
};

HChan *rt_makechan(const gort_type *elem, intptr_t size) {
    uintptr_t esz = elem ? elem->size : 0;
    if (esz >= (1u << 16)) rt_throw("makechan: invalid channel element type");
    if (elem && elem->align > 16) rt_throw("makechan: bad alignment");
    if (size < 0 || (esz && (uintptr_t)size > (MAXALLOC - HCHANSIZE) / esz))
        rt_panicplain("makechan: size out of range");
    uintptr_t mem = esz * (uintptr_t)size;
    bool noscan = !elem || elem->ptrwords == 0;
    HChan *c;
    if (mem == 0) {
        /* Unbuffered, or zero-size elements: buf is never dereferenced
         * (the race detector would use it as the channel's address). */
        c = gort_alloc(sizeof(HChan), NULL);
        c->buf = c;
    } else if (noscan) {
        c = gort_alloc(HCHANSIZE + mem, NULL);
        c->buf = (char *)c + HCHANSIZE;
    } else {
        c = gort_new(&hchan_type);
        c->buf = gort_alloc(mem, elem); /* both new (black during a mark):
                                           no write barrier needed */
    }
    c->elemtype = elem;
    c->elemsize = (uint32_t)esz;
    c->noscan = noscan;
    c->dataqsiz = (uintptr_t)size;
    return c;
}

gort_chan *gort_chan_make(const gort_type *elem, intptr_t cap) {
    return (gort_chan *)rt_makechan(elem, cap);
}

/* ---------------------------------------------------------------------- */
/* Elements and the ring                                                   */
/* ---------------------------------------------------------------------- */

static inline void *chanbuf(HChan *c, uintptr_t i) {
    return (char *)c->buf + i * c->elemsize;
}

/* *dst = *src.  Pointer-free elements are plain copies (the common small
 * sizes inline to one load and one store); the rest use the typed copy so
 * the collector's barriers see them. */
static inline void elemmove(HChan *c, void *dst, const void *src) {
    if (!dst) return;
    if (likely(c->noscan)) {
        switch (c->elemsize) {
        case 0: return;
        case 8: memcpy(dst, src ? src : (const void *)&(uint64_t){0}, 8); return;
        case 4: memcpy(dst, src ? src : (const void *)&(uint32_t){0}, 4); return;
        default:
            if (src) memcpy(dst, src, c->elemsize);
            else memset(dst, 0, c->elemsize);
            return;
        }
    }
    if (src) rt_typedmemmove(c->elemtype, dst, src);
    else rt_typedmemclr(c->elemtype, dst);
}

void rt_chanelemmove(HChan *c, void *dst, const void *src) {
    elemmove(c, dst, src);
}

/* Seqlock windows around every change of what decides readiness (qcount,
 * closed, the queue heads), for select.c's lock-free snapshot: the count
 * is odd inside a window.  Inside, the changed fields are stored with
 * release so that a reader who sees a new value also sees the odd count.
 * c->lock held: the lock orders the writers. */
static inline void modbegin(HChan *c) { ast_relaxed(&c->seq, c->seq + 1); }
static inline void modend(HChan *c) { ast(&c->seq, c->seq + 1); }

static inline void bufput(HChan *c, const void *ep) {
    elemmove(c, chanbuf(c, c->sendx), ep);
    if (++c->sendx == c->dataqsiz) c->sendx = 0;
    modbegin(c);
    ast(&c->qcount, c->qcount + 1);
    modend(c);
}

static inline void bufget(HChan *c, void *ep) {
    void *slot = chanbuf(c, c->recvx);
    elemmove(c, ep, slot);
    elemmove(c, slot, NULL); /* the buffer must not keep garbage alive */
    if (++c->recvx == c->dataqsiz) c->recvx = 0;
    modbegin(c);
    ast(&c->qcount, c->qcount - 1);
    modend(c);
}

void rt_chanbufput(HChan *c, const void *ep) { bufput(c, ep); }
void rt_chanbufget(HChan *c, void *ep) { bufget(c, ep); }

/* ---------------------------------------------------------------------- */
/* Wait queues                                                             */
/* ---------------------------------------------------------------------- */

static inline void enqueue(HChan *c, WaitQ *q, Sudog *sg) {
    sg->next = NULL;
    Sudog *x = q->last;
    if (x) {
        sg->prev = x;
        x->next = sg;
        q->last = sg;
        return;
    }
    sg->prev = NULL;
    modbegin(c);
    ast(&q->first, sg);
    modend(c);
    q->last = sg;
}

static inline Sudog *dequeue(HChan *c, WaitQ *q) {
    if (!q->first) return NULL;
    modbegin(c);
    Sudog *sg;
    for (;;) {
        sg = q->first;
        if (!sg) break;
        Sudog *y = sg->next;
        if (!y) {
            ast(&q->first, (Sudog *)NULL);
            q->last = NULL;
        } else {
            y->prev = NULL;
            ast(&q->first, y);
            sg->next = NULL; /* marks sg removed (see rt_waitq_remove) */
        }
        /* A select goroutine sits on several queues; the first waker to
         * flip its selectdone owns it.  Losers just drop the sudog: its
         * goroutine removes its other sudogs itself once it holds all
         * their locks again. */
        if (sg->isSelect) {
            uint32_t z = 0;
            if (!acas(&sg->g->selectdone, &z, 1u)) continue;
        }
        break;
    }
    modend(c);
    return sg;
}

void rt_waitq_enqueue(HChan *c, WaitQ *q, Sudog *sg) { enqueue(c, q, sg); }
Sudog *rt_waitq_dequeue(HChan *c, WaitQ *q) { return dequeue(c, q); }

void rt_waitq_remove(HChan *c, WaitQ *q, Sudog *sg) {
    Sudog *x = sg->prev, *y = sg->next;
    if (x) {
        x->next = y;
        if (y) y->prev = x;
        else q->last = x;
        sg->next = sg->prev = NULL;
        return;
    }
    if (y) { /* head of the queue */
        y->prev = NULL;
        modbegin(c);
        ast(&q->first, y);
        modend(c);
        sg->next = NULL;
        return;
    }
    /* Alone, or already dequeued by a waker that lost the select race. */
    if (q->first == sg) {
        modbegin(c);
        ast(&q->first, (Sudog *)NULL);
        modend(c);
        q->last = NULL;
    }
}

/* ---------------------------------------------------------------------- */
/* Handoff to and from parked goroutines                                   */
/* ---------------------------------------------------------------------- */

static inline void sendlocked(HChan *c, Sudog *sg, const void *ep) {
    if (sg->elem) {
        elemmove(c, sg->elem, ep); /* straight into the receiver's variable */
        sg->elem = NULL;
    }
}

static inline void recvlocked(HChan *c, Sudog *sg, void *ep) {
    if (c->dataqsiz == 0) {
        elemmove(c, ep, sg->elem); /* straight from the sender's variable */
    } else {
        /* Full buffer: take the head, and the sender's value becomes the
         * new tail (the ring is full, so sendx == recvx throughout). */
        void *slot = chanbuf(c, c->recvx);
        elemmove(c, ep, slot);
        elemmove(c, slot, sg->elem);
        if (++c->recvx == c->dataqsiz) c->recvx = 0;
        c->sendx = c->recvx;
    }
    sg->elem = NULL;
}

static inline void ready(Sudog *sg) {
    G *gp = sg->g;
    gp->param = sg;
    sg->success = true;
    rt_goready(gp);
}

void rt_chansendlocked(HChan *c, Sudog *sg, const void *ep) {
    sendlocked(c, sg, ep);
}
void rt_chanrecvlocked(HChan *c, Sudog *sg, void *ep) {
    recvlocked(c, sg, ep);
}
void rt_chanready(Sudog *sg) { ready(sg); }

/* ---------------------------------------------------------------------- */
/* Send and receive                                                        */
/* ---------------------------------------------------------------------- */

/* Would a send block right now?  One atomic load of mutable state. */
static inline bool full(HChan *c) {
    if (c->dataqsiz == 0) return ald(&c->recvq.first) == NULL;
    return ald(&c->qcount) == c->dataqsiz;
}

/* Would a receive block right now (ignoring close)? */
static inline bool empty(HChan *c) {
    if (c->dataqsiz == 0) return ald(&c->sendq.first) == NULL;
    return ald(&c->qcount) == 0;
}

/* Parks the current goroutine forever (nil channel, empty select). */
static GORT_NORETURN void blockforever(const char *what, const char *reason) {
    rt_mustg(what);
    rt_gopark(NULL, NULL, reason);
    rt_throw("unreachable: woke a goroutine blocked forever");
}

/* Parks the current goroutine on q with a sudog for elem; c->lock held,
 * released by the park.  Returns whether it was woken with a value (false:
 * by close).
 *
 * The sudog lives in this frame.  Go takes every sudog from a cache
 * because its goroutine stacks move; ours never do, and a sudog on a
 * queue is only touched while its goroutine is parked (the waker writes
 * param and success before rt_goready, and nothing after), so the frame
 * outlives every use.  Selects need several sudogs and take them from the
 * per-P cache (select.c). */
static bool chanpark(HChan *c, WaitQ *q, void *elem, const char *what,
                     const char *reason) {
    G *gp = rt_mustg(what);
    Sudog mysg = {.g = gp, .elem = elem, .c = c};
    gp->waiting = &mysg;
    gp->param = NULL;
    enqueue(c, q, &mysg);
    rt_goparkunlock(&c->lock, reason);
    if (unlikely(gp->waiting != &mysg || gp->param != &mysg))
        rt_throw("G waiting list is corrupted");
    gp->waiting = NULL;
    gp->param = NULL;
    return mysg.success;
}

int rt_chansend(HChan *c, const void *ep, bool block) {
    if (unlikely(!c)) {
        if (!block) return 0;
        blockforever("gort_chan_send", WAIT_CHAN_SEND_NIL);
    }
    /* Fast path (Go's): a non-blocking send on a full open channel fails
     * without the lock.  closed is loaded before fullness, and a channel
     * never reopens, so the pair is taken as one observation of an open,
     * full channel (chan.go's chansend makes the same argument). */
    if (!block && !ald(&c->closed) && full(c)) return 0;

    rt_lock(&c->lock);
    if (unlikely(c->closed)) {
        rt_unlock(&c->lock);
        return -1;
    }
    Sudog *sg = dequeue(c, &c->recvq);
    if (sg) { /* case 1: direct handoff to a parked receiver */
        sendlocked(c, sg, ep);
        rt_unlock(&c->lock);
        ready(sg);
        return 1;
    }
    if (c->qcount < c->dataqsiz) { /* case 2: room in the buffer */
        bufput(c, ep);
        rt_unlock(&c->lock);
        return 1;
    }
    if (!block) {
        rt_unlock(&c->lock);
        return 0;
    }
    /* case 3: park until a receiver takes *ep (or close wakes us). */
    if (chanpark(c, &c->sendq, (void *)(uintptr_t)ep, "gort_chan_send",
                 WAIT_CHAN_SEND))
        return 1;
    if (!ald(&c->closed)) rt_throw("chansend: spurious wakeup");
    return -1;
}

bool rt_chanrecv(HChan *c, void *ep, bool block, bool *received) {
    *received = false;
    if (unlikely(!c)) {
        if (!block) return false;
        blockforever("gort_chan_recv", WAIT_CHAN_RECV_NIL);
    }
    /* Fast path: a non-blocking receive on an empty channel. */
    if (!block && empty(c)) {
        if (!ald(&c->closed)) return false; /* open and empty: would block */
        /* Closed.  Re-check emptiness: a value may have been sent before
         * the close, and it must still be received. */
        if (empty(c)) {
            elemmove(c, ep, NULL);
            return true;
        }
    }

    rt_lock(&c->lock);
    if (c->closed && c->qcount == 0) {
        rt_unlock(&c->lock);
        elemmove(c, ep, NULL);
        return true;
    }
    Sudog *sg = dequeue(c, &c->sendq);
    if (sg) { /* a parked sender: unbuffered, or the buffer is full */
        recvlocked(c, sg, ep);
        rt_unlock(&c->lock);
        ready(sg);
        *received = true;
        return true;
    }
    if (c->qcount > 0) {
        bufget(c, ep);
        rt_unlock(&c->lock);
        *received = true;
        return true;
    }
    if (!block) {
        rt_unlock(&c->lock);
        return false;
    }
    *received = chanpark(c, &c->recvq, ep, "gort_chan_recv", WAIT_CHAN_RECV);
    return true;
}

/* ---------------------------------------------------------------------- */
/* close                                                                   */
/* ---------------------------------------------------------------------- */

/* Returns false (and does nothing) if c is already closed. */
static bool closechan(HChan *c) {
    rt_lock(&c->lock);
    if (c->closed) {
        rt_unlock(&c->lock);
        return false;
    }
    modbegin(c);
    ast(&c->closed, 1u);
    modend(c);
    /* Collect every waiter on a list through schedlink (free while the G
     * waits), then ready them once the lock is dropped. */
    G *list = NULL;
    Sudog *sg;
    while ((sg = dequeue(c, &c->recvq)) != NULL) {
        if (sg->elem) {
            elemmove(c, sg->elem, NULL); /* receivers get the zero value */
            sg->elem = NULL;
        }
        sg->g->param = sg;
        sg->success = false;
        sg->g->schedlink = list;
        list = sg->g;
    }
    while ((sg = dequeue(c, &c->sendq)) != NULL) {
        sg->elem = NULL; /* senders will panic */
        sg->g->param = sg;
        sg->success = false;
        sg->g->schedlink = list;
        list = sg->g;
    }
    rt_unlock(&c->lock);
    while (list) {
        G *gp = list;
        list = gp->schedlink;
        gp->schedlink = NULL;
        rt_goready(gp);
    }
    return true;
}

/* ---------------------------------------------------------------------- */
/* Public API                                                              */
/* ---------------------------------------------------------------------- */

void gort_chan_send(gort_chan *c, const void *elem) {
    if (unlikely(rt_chansend(H(c), elem, true) < 0))
        rt_panicplain("send on closed channel");
}

bool gort_chan_recv(gort_chan *c, void *elem) {
    bool ok;
    rt_chanrecv(H(c), elem, true, &ok);
    return ok;
}

bool gort_chan_trysend(gort_chan *c, const void *elem) {
    HChan *h = H(c);
    if (h && !ald(&h->closed) && full(h)) return false; /* no call, no lock */
    int r = rt_chansend(h, elem, false);
    if (unlikely(r < 0)) rt_panicplain("send on closed channel");
    return r > 0;
}

bool gort_chan_tryrecv(gort_chan *c, void *elem, bool *ok) {
    HChan *h = H(c);
    if (h && empty(h) && !ald(&h->closed)) return false; /* no call */
    bool received;
    bool selected = rt_chanrecv(H(c), elem, false, &received);
    if (selected && ok) *ok = received;
    return selected;
}

void gort_chan_close(gort_chan *c) {
    if (unlikely(!c)) rt_panicplain("close of nil channel");
    if (unlikely(!closechan(H(c)))) rt_panicplain("close of closed channel");
}

intptr_t gort_chan_len(gort_chan *c) {
    return c ? (intptr_t)ald_relaxed(&H(c)->qcount) : 0;
}

intptr_t gort_chan_cap(gort_chan *c) {
    return c ? (intptr_t)H(c)->dataqsiz : 0;
}
