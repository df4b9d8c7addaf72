/*
 * sema.c — the semaphore table: the one place where sync objects park.
 *
 * Every blocking operation in sync.c (Mutex.Lock, RWMutex, WaitGroup.Wait)
 * ends in rt_semacquire on a uint32_t counter that lives inside the user's
 * object.  The counter needs no registration and no allocation: the table
 * below maps its *address* to a wait queue.  Cond uses a second structure,
 * the notify list at the bottom of this file.
 *
 *   semtable[251]   (addr >> 3) % 251 picks a root
 *   +--------+--------+--------+-----
 *   | root 0 | root 1 | root 2 | ...     each: lock, nwait, treap
 *   +--------+--------+---+----+-----
 *                         |
 *                 treap of distinct addresses (BST on addr,
 *                 min-heap on a random ticket: balanced on average)
 *                        [&m1.sema]
 *                        /        \
 *              [&wg.sema]          [&m7.sema] -> s -> s -> s   (waitlink:
 *                                                 FIFO of more waiters
 *                                                 on the same address)
 *
 * A treap node is the Sudog of the first waiter on that address; the other
 * waiters hang off it on the waitlink list (waittail points at the end, so
 * FIFO enqueue is O(1)).  LIFO enqueue (a Mutex waiter that has already
 * waited once and lost the race to a newcomer) puts the new sudog in the
 * treap node's place, in front of the old list.  Dequeue takes the node;
 * the next waiter on the list inherits its place in the treap.  So finding
 * the queue for an address is O(log n) in the number of distinct addresses
 * hashed to the root, even with 10^5 goroutines blocked on 10^5 mutexes,
 * and the operations on one address's queue are O(1).
 *
 * Protocol (no lost wake-ups):
 *   acquire: fast path: decrement *addr if > 0.  Else lock root; nwait++;
 *            retry the decrement (a release may have raced); else enqueue
 *            and park, releasing the root lock only once off the stack
 *            (rt_goparkunlock).  Woken: if the releaser handed us the count
 *            (s->ticket == 1, "handoff") we own it; else retry the loop.
 *   release: *addr++; if nwait == 0 nobody can be sleeping (a waiter
 *            increments nwait *before* its last check), done.  Else lock
 *            root, dequeue the first waiter on addr, nwait--, unlock, and
 *            ready it.  With handoff (a starving Mutex), the releaser takes
 *            the count back for the waiter and yields its P to it, so the
 *            waiter runs next and no barging goroutine can steal it.
 *
 * Roots are padded to a cache line so that unrelated semaphores do not
 * share one.  The root lock is an rt_mutex (futex): held only for the few
 * pointer updates of a treap operation.
 *
 * Rejected: one global wait queue (every release scans it); a list of
 * waiters per root without the treap (O(waiters) per operation when many
 * addresses collide); futex per address (blocks the OS thread, the thing
 * this runtime exists to avoid).
 */
#include "runtime.h"

#define SEMTABSZ 251

typedef struct semaRoot {
    rt_mutex lock;
    Sudog *treap;   /* root of the treap of distinct addresses; lock */
    uint32_t nwait; /* atomic: waiters (and would-be waiters) on this root */
} semaRoot;

static struct {
    semaRoot root;
    char pad[RT_CACHELINE - sizeof(semaRoot)];
} semtable[SEMTABSZ] RT_ALIGNED(RT_CACHELINE);

static semaRoot *rootFor(uint32_t *addr) {
    return &semtable[((uintptr_t)addr >> 3) % SEMTABSZ].root;
}

static inline Sudog *sparent(Sudog *s) { return (Sudog *)s->parent; }

static bool cansemacquire(uint32_t *addr) {
    uint32_t v = ald(addr);
    while (v != 0)
        if (__atomic_compare_exchange_n(addr, &v, v - 1, false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            return true;
    return false;
}

/* ---------------------------------------------------------------------- */
/* The treap (root lock held)                                              */
/* ---------------------------------------------------------------------- */

/* Replaces child `old` of old's parent (or the root) by `new`. */
static void replacechild(semaRoot *root, Sudog *p, Sudog *old, Sudog *new) {
    if (!p)
        root->treap = new;
    else if (p->prev == old)
        p->prev = new;
    else if (p->next == old)
        p->next = new;
    else
        rt_throw("semaRoot: corrupt treap");
}

/* (x a (y b c)) -> (y (x a b) c) */
static void rotateLeft(semaRoot *root, Sudog *x) {
    Sudog *p = sparent(x), *y = x->next, *b = y->prev;
    y->prev = x;
    x->parent = y;
    x->next = b;
    if (b) b->parent = x;
    y->parent = p;
    replacechild(root, p, x, y);
}

/* (y (x a b) c) -> (x a (y b c)) */
static void rotateRight(semaRoot *root, Sudog *y) {
    Sudog *p = sparent(y), *x = y->prev, *b = x->next;
    x->next = y;
    y->parent = x;
    y->prev = b;
    if (b) b->parent = y;
    x->parent = p;
    replacechild(root, p, y, x);
}

/* Adds s (the current G) to the waiters on addr. */
static void semqueue(semaRoot *root, uint32_t *addr, Sudog *s, bool lifo) {
    s->g = rt_getg();
    s->elem = addr;
    s->next = s->prev = NULL;
    s->waitlink = s->waittail = NULL;
    Sudog *last = NULL, **pt = &root->treap;
    for (Sudog *t = *pt; t; t = *pt) {
        if (t->elem == addr) {
            if (lifo) {
                /* s takes t's place in the treap; t heads s's list. */
                *pt = s;
                s->ticket = t->ticket;
                s->acquiretime = t->acquiretime;
                s->parent = t->parent;
                s->prev = t->prev;
                s->next = t->next;
                if (s->prev) s->prev->parent = s;
                if (s->next) s->next->parent = s;
                s->waitlink = t;
                s->waittail = t->waittail ? t->waittail : t;
                t->parent = NULL;
                t->prev = t->next = NULL;
                t->waittail = NULL;
            } else {
                if (t->waittail)
                    t->waittail->waitlink = s;
                else
                    t->waitlink = s;
                t->waittail = s;
            }
            return;
        }
        last = t;
        pt = (uintptr_t)addr < (uintptr_t)t->elem ? &t->prev : &t->next;
    }
    /* A new address: a leaf, then rotated up to restore the heap order on
     * the random ticket.  The low bit is set because ticket 0 means "not
     * handed off" once the sudog is dequeued. */
    s->ticket = rt_fastrand() | 1;
    s->parent = last;
    *pt = s;
    while (s->parent && sparent(s)->ticket > s->ticket) {
        if (sparent(s)->prev == s)
            rotateRight(root, sparent(s));
        else
            rotateLeft(root, sparent(s));
    }
}

/* Removes and returns the first waiter on addr, or NULL. */
static Sudog *semdequeue(semaRoot *root, uint32_t *addr) {
    Sudog **ps = &root->treap, *s;
    for (s = *ps; s; s = *ps) {
        if (s->elem == addr) break;
        ps = (uintptr_t)addr < (uintptr_t)s->elem ? &s->prev : &s->next;
    }
    if (!s) return NULL;
    Sudog *t = s->waitlink;
    if (t) {
        /* The next waiter on addr inherits s's node. */
        *ps = t;
        t->ticket = s->ticket;
        t->parent = s->parent;
        t->prev = s->prev;
        if (t->prev) t->prev->parent = t;
        t->next = s->next;
        if (t->next) t->next->parent = t;
        t->waittail = t->waitlink ? s->waittail : NULL;
        s->waitlink = s->waittail = NULL;
    } else {
        /* Rotate s down to a leaf, then cut it off. */
        while (s->next || s->prev) {
            if (!s->next || (s->prev && s->prev->ticket < s->next->ticket))
                rotateRight(root, s);
            else
                rotateLeft(root, s);
        }
        replacechild(root, sparent(s), s, NULL);
    }
    s->parent = NULL;
    s->elem = NULL;
    s->next = s->prev = NULL;
    s->ticket = 0;
    return s;
}

/* ---------------------------------------------------------------------- */
/* Acquire and release                                                     */
/* ---------------------------------------------------------------------- */

void rt_semacquire1(uint32_t *addr, bool lifo, const char *reason) {
    rt_mustg("semacquire");
    if (cansemacquire(addr)) return;
    Sudog *s = rt_acquireSudog();
    semaRoot *root = rootFor(addr);
    s->acquiretime = 0;
    s->ticket = 0;
    for (;;) {
        rt_lock(&root->lock);
        /* Announce ourselves first: a release after this sees nwait > 0
         * and takes the slow path, so the check below cannot miss it. */
        axadd(&root->nwait, 1);
        if (cansemacquire(addr)) {
            axadd(&root->nwait, -1);
            rt_unlock(&root->lock);
            break;
        }
        semqueue(root, addr, s, lifo);
        rt_goparkunlock(&root->lock, reason);
        if (s->ticket != 0 || cansemacquire(addr)) break;
    }
    rt_releaseSudog(s);
}

void rt_semacquire(uint32_t *addr) { rt_semacquire1(addr, false, WAIT_SEMACQUIRE); }

void rt_semrelease1(uint32_t *addr, bool handoff) {
    semaRoot *root = rootFor(addr);
    axadd(addr, 1);
    /* Must follow the increment: see the nwait comment in acquire. */
    if (ald(&root->nwait) == 0) return;
    rt_lock(&root->lock);
    if (ald(&root->nwait) == 0) {
        /* The count was consumed by a waiter's re-check. */
        rt_unlock(&root->lock);
        return;
    }
    Sudog *s = semdequeue(root, addr);
    if (s) axadd(&root->nwait, -1);
    rt_unlock(&root->lock);
    if (!s) return;
    if (handoff && cansemacquire(addr)) s->ticket = 1;
    G *gp = s->g;
    bool direct = s->ticket == 1;
    rt_goready(gp); /* s belongs to gp again from here on */
    M *mp = rt_getm();
    if (direct && mp && mp->curg && mp->locks == 0) {
        /* Direct handoff: the waiter is in our runnext; yield so it runs
         * at once on this P, inheriting the rest of our time slice. */
        rt_gosched();
    }
}

void rt_semrelease(uint32_t *addr) { rt_semrelease1(addr, false); }

/* ---------------------------------------------------------------------- */
/* Notify lists (sync.Cond)                                                */
/* ---------------------------------------------------------------------- */

/*
 * A ticket-based wait list.  Wait takes a ticket (wait++) *before* the
 * caller releases its Cond lock, then parks unless notify has passed its
 * ticket.  Signal advances notify by one and readies the holder of that
 * ticket if it is already queued (if not, it sees notify > ticket and does
 * not park).  Broadcast sets notify = wait and readies the whole list.
 * Counters wrap; their unwrapped difference stays below 2^31.
 *
 *   wait ---> 7   tickets handed out: 0..6
 *   notify -> 4   tickets 0..3 notified; 4,5,6 waiting:  head->[4]->[6]->[5]
 *                 (queue order may differ from ticket order; Signal finds
 *                 ticket 4 by a short scan)
 */

static inline bool tless(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }

uint32_t rt_notifyListAdd(rt_notifyList *l) { return axadd(&l->wait, 1) - 1; }

void rt_notifyListWait(rt_notifyList *l, uint32_t t) {
    rt_lock(&l->lock);
    if (tless(t, l->notify)) {
        rt_unlock(&l->lock);
        return;
    }
    Sudog *s = rt_acquireSudog();
    s->g = rt_getg();
    s->ticket = t;
    if (l->tail)
        l->tail->next = s;
    else
        l->head = s;
    l->tail = s;
    rt_goparkunlock(&l->lock, WAIT_COND);
    rt_releaseSudog(s);
}

void rt_notifyListNotifyAll(rt_notifyList *l) {
    if (ald(&l->wait) == ald(&l->notify)) return; /* nobody new */
    rt_lock(&l->lock);
    Sudog *s = l->head;
    l->head = l->tail = NULL;
    ast(&l->notify, ald(&l->wait));
    rt_unlock(&l->lock);
    while (s) {
        Sudog *next = s->next;
        s->next = NULL;
        rt_goready(s->g);
        s = next;
    }
}

void rt_notifyListNotifyOne(rt_notifyList *l) {
    if (ald(&l->wait) == ald(&l->notify)) return;
    rt_lock(&l->lock);
    uint32_t t = l->notify;
    if (t == ald(&l->wait)) {
        rt_unlock(&l->lock);
        return;
    }
    ast(&l->notify, t + 1);
    for (Sudog *p = NULL, *s = l->head; s; p = s, s = s->next) {
        if (s->ticket != t) continue;
        Sudog *n = s->next;
        if (p)
            p->next = n;
        else
            l->head = n;
        if (!n) l->tail = p;
        rt_unlock(&l->lock);
        s->next = NULL;
        rt_goready(s->g);
        return;
    }
    rt_unlock(&l->lock);
}
