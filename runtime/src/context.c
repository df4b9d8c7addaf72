/*
 * context.c — Go's package context: cancellation trees, deadlines, values.
 *
 *                 Background (static, never canceled, Done() == nil)
 *                      |
 *               WithValue(k1, v1)          value nodes: one key each,
 *                      |                   Value() walks up the chain
 *               WithCancel  ----------- cancel ctx A: mu, err, done (lazy),
 *                /          \                         children list
 *     WithTimeout(50ms)    WithValue(k2)
 *      timer ctx B            |
 *      (runtime timer)     WithCancel  --- cancel ctx C
 *
 * Cancellation goes down: cancel(A) sets A.err, closes A.done and cancels
 * every registered child (B, C) while holding A.mu, so that no child can be
 * registered and missed meanwhile (lock order: parent before child).  A
 * child registers with its nearest cancelable ancestor when it is made
 * (propagateCancel); value nodes in between are skipped, since they cannot
 * be canceled.  If that ancestor is already canceled, the child is
 * canceled at once.  When a child is canceled by its own cancel function
 * or deadline it detaches from the ancestor (removeChild), so a long-lived
 * parent does not accumulate dead children.
 *
 * The children registry is an intrusive doubly-linked list (O(1) insert
 * and remove, no allocation) instead of Go's map[canceler]struct{}; each
 * child's list links are guarded by its parent's mu, and `registered` says
 * whether it is still on the list (a parent that cancels drops the whole
 * list at once).
 *
 * Done channels are made lazily: a context whose Done() nobody calls never
 * allocates a channel.  A context canceled before its first Done() gets an
 * already-closed channel then.
 *
 * Deadlines are runtime timers (gort_after_func): when one fires, a new
 * goroutine cancels the context with "context deadline exceeded" (it needs
 * locks and closes a channel, which a timer function, running on the
 * scheduler, may not do).  Canceling before the deadline stops the timer,
 * so neither a timer nor a goroutine outlives the context.
 *
 * All contexts come from the constructors here: there is no user-defined
 * Context in C, so Go's fallback goroutine that watches a foreign parent's
 * Done channel is never needed.  Keys are compared by pointer identity
 * (use the address of a static variable, like Go's unexported key types).
 * Nodes live on the GC heap; pointer stores into them use the write barrier.
 */
#include "runtime.h"

enum { CTX_BACKGROUND, CTX_TODO, CTX_VALUE, CTX_CANCEL, CTX_TIMER };

struct gort_context {
    gort_context *parent;     /* immutable; NULL for Background/TODO */
    const void *key;          /* value node: immutable */
    void *val;
    HChan *done;              /* cancel node: atomic, made under mu */
    gort_context *children;   /* under mu: registered children */
    gort_context *sibnext;    /* under the registering parent's mu */
    gort_context *sibprev;
    gort_context *regparent;  /* the cancel node we are registered with */
    gort_error *err;          /* set once under mu; atomic reads */
    gort_error *cause;        /* under mu */
    gort_timer *timer;        /* timer node: under mu */
    int64_t deadline;         /* timer node: wall-clock ns; immutable */
    gort_mutex mu;
    int kind;                 /* immutable */
    bool registered;          /* under regparent's mu */
};

/* Pointer words: parent .. timer (the first 11 words). */
static const uint8_t ctxmask[2] = {0xff, 0x07};
static const gort_type ctxType = {
    .size = sizeof(gort_context), .align = _Alignof(gort_context),
    .ptrwords = 11, .ptrmask = ctxmask, .name = "*context.cancelCtx",
    .kind = GORT_KIND_STRUCT};
_Static_assert(offsetof(gort_context, timer) == 10 * sizeof(void *),
               "ctxmask covers parent..timer");

static gort_context background = {.kind = CTX_BACKGROUND};
static gort_context todo = {.kind = CTX_TODO};

/* ---------------------------------------------------------------------- */
/* Errors                                                                  */
/* ---------------------------------------------------------------------- */

static int canceledText(char *b, size_t n, const void *v) {
    (void)v;
    return snprintf(b, n, "context canceled");
}
static int deadlineText(char *b, size_t n, const void *v) {
    (void)v;
    return snprintf(b, n, "context deadline exceeded");
}
static const gort_type canceledType = {
    .size = sizeof(gort_error), .align = _Alignof(gort_error),
    .name = "*errors.errorString", .kind = GORT_KIND_ERROR,
    .format = canceledText};
static const gort_type deadlineType = {
    .size = sizeof(gort_error), .align = _Alignof(gort_error),
    .name = "context.deadlineExceededError", .kind = GORT_KIND_ERROR,
    .format = deadlineText};

gort_error gort_context_canceled = {&canceledType};
gort_error gort_context_deadline_exceeded = {&deadlineType};

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

static inline void wbstore(void *slot, const void *v) {
    rt_typedmemmove(&gort_type_pointer, slot, &v);
}

static inline bool cancelable(const gort_context *c) {
    return c->kind == CTX_CANCEL || c->kind == CTX_TIMER;
}

/* The nearest ancestor (or c itself) that can be canceled, or NULL. */
static gort_context *cancelnode(gort_context *c) {
    while (c && !cancelable(c)) c = c->parent;
    return c;
}

static gort_context *newctx(gort_context *parent, int kind) {
    if (!parent) gort_panic_str("cannot create context from nil parent");
    gort_context *c = gort_alloc(sizeof *c, &ctxType);
    wbstore(&c->parent, parent);
    c->kind = kind;
    return c;
}

/* ---------------------------------------------------------------------- */
/* Cancellation                                                            */
/* ---------------------------------------------------------------------- */

static void removechild(gort_context *c);

/* Cancels c and its descendants.  err is Canceled or DeadlineExceeded;
 * cause NULL means err.  removeFromParent: detach c from its registered
 * ancestor (not done when the ancestor itself is canceling us). */
static void cancelctx(gort_context *c, bool removeFromParent, gort_error *err,
                      gort_error *cause) {
    if (!cause) cause = err;
    gort_mutex_lock(&c->mu);
    if (c->err) { /* already canceled */
        gort_mutex_unlock(&c->mu);
        return;
    }
    rt_atomicwb((void **)&c->err, err);
    ast(&c->err, err);
    wbstore(&c->cause, cause);
    HChan *d = ald(&c->done);
    if (d) gort_chan_close((gort_chan *)d);
    /* Children: each is canceled (it takes its own mu: parent -> child
     * order) and dropped from our list in one go. */
    for (gort_context *ch = c->children; ch;) {
        gort_context *next = ch->sibnext;
        ch->registered = false;
        wbstore(&ch->sibnext, NULL);
        wbstore(&ch->sibprev, NULL);
        wbstore(&ch->regparent, NULL);
        cancelctx(ch, false, err, cause);
        ch = next;
    }
    wbstore(&c->children, NULL);
    gort_timer *t = c->timer;
    if (t) {
        gort_timer_stop(t); /* a deadline that will not be needed */
        wbstore(&c->timer, NULL);
    }
    gort_mutex_unlock(&c->mu);
    if (removeFromParent) removechild(c);
}

/* Links c into p's children (p->mu held, p not canceled). */
static void linkchild(gort_context *p, gort_context *c) {
    wbstore(&c->sibnext, p->children);
    wbstore(&c->sibprev, NULL);
    if (p->children) wbstore(&p->children->sibprev, c);
    wbstore(&p->children, c);
    wbstore(&c->regparent, p);
    c->registered = true;
}

static void removechild(gort_context *c) {
    gort_context *p = cancelnode(c->parent);
    if (!p) return;
    gort_mutex_lock(&p->mu);
    if (c->registered && c->regparent == p) {
        if (c->sibprev)
            wbstore(&c->sibprev->sibnext, c->sibnext);
        else
            wbstore(&p->children, c->sibnext);
        if (c->sibnext) wbstore(&c->sibnext->sibprev, c->sibprev);
        wbstore(&c->sibnext, NULL);
        wbstore(&c->sibprev, NULL);
        wbstore(&c->regparent, NULL);
        c->registered = false;
    }
    gort_mutex_unlock(&p->mu);
}

/* Arranges for c to be canceled when its parent is. */
static void propagatecancel(gort_context *parent, gort_context *c) {
    gort_context *p = cancelnode(parent);
    if (!p) return; /* Background/TODO at the root: never canceled */
    gort_mutex_lock(&p->mu);
    gort_error *perr = p->err, *pcause = p->cause;
    if (!perr) linkchild(p, c);
    gort_mutex_unlock(&p->mu);
    if (perr) cancelctx(c, false, perr, pcause); /* parent already canceled */
}

/* ---------------------------------------------------------------------- */
/* Constructors                                                            */
/* ---------------------------------------------------------------------- */

gort_context *gort_context_background(void) { return &background; }
gort_context *gort_context_todo(void) { return &todo; }

gort_context *gort_context_with_cancel(gort_context *parent,
                                       gort_cancel_func *cancel) {
    gort_context *c = newctx(parent, CTX_CANCEL);
    propagatecancel(parent, c);
    if (cancel) *cancel = (gort_cancel_func)c;
    return c;
}

gort_context *gort_context_with_cancel_cause(gort_context *parent,
                                             gort_cancel_func *cancel) {
    return gort_context_with_cancel(parent, cancel);
}

void gort_cancel(gort_cancel_func f) {
    if (f) cancelctx((gort_context *)f, true, &gort_context_canceled, NULL);
}

void gort_cancel_cause(gort_cancel_func f, gort_error *cause) {
    if (f) cancelctx((gort_context *)f, true, &gort_context_canceled, cause);
}

/* The timer's goroutine: the deadline passed. */
static void deadlinefired(void *arg) {
    cancelctx(arg, true, &gort_context_deadline_exceeded, NULL);
}

gort_context *gort_context_with_deadline(gort_context *parent,
                                         int64_t deadline,
                                         gort_cancel_func *cancel) {
    int64_t cur;
    if (!parent) gort_panic_str("cannot create context from nil parent");
    if (gort_context_deadline(parent, &cur) && cur < deadline)
        /* The parent's deadline comes first: it is ours too. */
        return gort_context_with_cancel(parent, cancel);
    gort_context *c = newctx(parent, CTX_TIMER);
    c->deadline = deadline;
    propagatecancel(parent, c);
    if (cancel) *cancel = (gort_cancel_func)c;
    int64_t dur = deadline - gort_now();
    if (dur <= 0) { /* deadline already passed */
        cancelctx(c, true, &gort_context_deadline_exceeded, NULL);
        return c;
    }
    gort_mutex_lock(&c->mu);
    if (!c->err) wbstore(&c->timer, gort_after_func(dur, deadlinefired, c));
    gort_mutex_unlock(&c->mu);
    return c;
}

gort_context *gort_context_with_timeout(gort_context *parent, int64_t ns,
                                        gort_cancel_func *cancel) {
    int64_t now = gort_now(), d = now + ns;
    if (ns > 0 && d < now) d = INT64_MAX;
    return gort_context_with_deadline(parent, d, cancel);
}

gort_context *gort_context_with_value(gort_context *parent, const void *key,
                                      void *val) {
    if (!key) gort_panic_str("nil key");
    gort_context *c = newctx(parent, CTX_VALUE);
    wbstore(&c->key, key);
    wbstore(&c->val, val);
    return c;
}

/* ---------------------------------------------------------------------- */
/* The Context interface                                                   */
/* ---------------------------------------------------------------------- */

gort_chan *gort_context_done(gort_context *c) {
    c = cancelnode(c);
    if (!c) return NULL; /* never canceled: a nil channel, blocks forever */
    HChan *d = ald(&c->done);
    if (d) return (gort_chan *)d;
    gort_mutex_lock(&c->mu);
    d = c->done;
    if (!d) {
        d = rt_makechan(NULL, 0);
        if (c->err) gort_chan_close((gort_chan *)d);
        rt_atomicwb((void **)&c->done, d);
        ast(&c->done, d);
    }
    gort_mutex_unlock(&c->mu);
    return (gort_chan *)d;
}

gort_error *gort_context_err(gort_context *c) {
    c = cancelnode(c);
    return c ? ald(&c->err) : NULL;
}

gort_error *gort_context_cause(gort_context *c) {
    c = cancelnode(c);
    if (!c) return NULL;
    gort_mutex_lock(&c->mu);
    gort_error *cause = c->cause;
    gort_mutex_unlock(&c->mu);
    return cause;
}

bool gort_context_deadline(gort_context *c, int64_t *deadline) {
    for (; c; c = c->parent) {
        if (c->kind == CTX_TIMER) {
            if (deadline) *deadline = c->deadline;
            return true;
        }
    }
    return false;
}

void *gort_context_value(gort_context *c, const void *key) {
    for (; c; c = c->parent)
        if (c->kind == CTX_VALUE && c->key == key) return c->val;
    return NULL;
}

/* Test hook: registered children of a cancelable context. */
int rt_context_nchildren(gort_context *c) {
    c = cancelnode(c);
    if (!c) return 0;
    int n = 0;
    gort_mutex_lock(&c->mu);
    for (gort_context *ch = c->children; ch; ch = ch->sibnext) n++;
    gort_mutex_unlock(&c->mu);
    return n;
}
