/*
 * trace_convert.c — reads a binary execution trace and writes it as Chrome
 * trace-event JSON or as a self-contained HTML timeline.
 *
 * Reading (rt_trace_read).  The file is the magic "gorttrc\3" and a run of
 * batches; a batch is a buffer of one owner (a P, the shared no-P buffer or
 * the writer's sampler), so its events are in order, but batches of
 * different owners interleave in the order the writer got them.  The
 * reader decodes every batch, checks that each owner's sequence numbers
 * have no gap, turns ticks into nanoseconds with the first and last Clock
 * pairs, and sorts all events by (time, file order).  A GoSwitch (a direct
 * hand-off, one event in the file) is read back as its two events, the
 * leave event and the next goroutine's GoStart, so nothing after the
 * reader knows it exists.
 *
 * The model (build).  One pass over the sorted events replays each
 * goroutine's state machine:
 *
 *                 GoCreate          GoStart
 *     (new) ───────────────> runnable ──────> running ──GoBlock──> waiting
 *                               ^   <─GoSched/GoPreempt─┘  │          │
 *                               │                         GoSysCall   │
 *                               │                          v          │
 *                               └──GoSysExit (no P)─── syscall       │
 *                               └──────────────GoUnblock──────────────┘
 *
 * A running stretch is a slice on its P's lane; an unblock remembers who
 * did it, and the goroutine's next start draws a flow arrow from there.
 * The same pass collects GC cycles, stop-the-world pauses, assists, steals,
 * user annotations and counters, and per-goroutine totals (running,
 * runnable, syscall, blocked by reason) for the summary table.
 *
 * Writing.  JSON: Ps are threads of one process, goroutine slices are "X"
 * events, arrows are "s"/"f" flow pairs, counters are "C" events.  HTML:
 * the model as one JSON object spliced into trace_viewer.html (embedded at
 * build time as rt_trace_viewer_html), whose script draws it on a canvas.
 *
 * Rejected: converting in the recording process only (a trace copied from
 * a production machine must convert elsewhere: the symbols travel in the
 * file instead); streaming the JSON without sorting (batches arrive out of
 * order, and the viewers need each slice's end before writing it).
 */
#include "trace.h"

#include <gort.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char rt_trace_viewer_html[];

static const int8_t nargs[RT_EV_COUNT] = {
#define X(name, n) [RT_EV_##name] = n,
    RT_TRACE_EVENTS(X)
#undef X
};

static const char *const evnames[RT_EV_COUNT] = {
    [RT_EV_NONE] = "None",
#define X(name, n) [RT_EV_##name] = #name,
    RT_TRACE_EVENTS(X)
#undef X
};

const char *rt_trace_evname(int type) {
    return type > 0 && type < RT_EV_COUNT ? evnames[type] : "?";
}

/* ---------------------------------------------------------------------- */
/* Reading                                                                 */
/* ---------------------------------------------------------------------- */

typedef struct Rd {
    const uint8_t *p, *end;
    bool bad;
} Rd;

static uint64_t getv(Rd *r) {
    uint64_t v = 0;
    for (int s = 0; s < 64; s += 7) {
        if (r->p >= r->end) {
            r->bad = true;
            return 0;
        }
        uint8_t b = *r->p++;
        v |= (uint64_t)(b & 0x7f) << s;
        if (!(b & 0x80)) return v;
    }
    r->bad = true;
    return 0;
}

static bool fail(rt_trace *t, const char *msg) {
    snprintf(t->err, sizeof t->err, "%s", msg);
    return false;
}

static void *grow(void *p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return p;
    size_t n = *cap ? *cap : 256;
    while (n < need) n *= 2;
    void *q = realloc(p, n * elem);
    if (!q) {
        fprintf(stderr, "gort trace: out of memory\n");
        exit(2);
    }
    memset((char *)q + *cap * elem, 0, (n - *cap) * elem);
    *cap = n;
    return q;
}

typedef struct Raw {
    rt_trace_ev ev;
    uint64_t ticks;
    size_t idx;
} Raw;

static int rawcmp(const void *a, const void *b) {
    const Raw *x = a, *y = b;
    if (x->ev.ts != y->ev.ts) return x->ev.ts < y->ev.ts ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static bool readfile(const char *path, uint8_t **buf, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    size_t cap = 1 << 16, n = 0;
    uint8_t *b = malloc(cap);
    for (;;) {
        if (!b) break;
        size_t r = fread(b + n, 1, cap - n, f);
        n += r;
        if (n < cap) break;
        cap *= 2;
        b = realloc(b, cap);
    }
    fclose(f);
    *buf = b;
    *len = n;
    return b != NULL;
}

/* One table entry (String or Stack). */
static void tableentry(rt_trace *t, Rd *r, int type, size_t *capstr,
                       size_t *capstk) {
    uint64_t id = getv(r);
    if (id > (1u << 24)) {
        r->bad = true;
        return;
    }
    if (type == RT_EV_String) {
        uint64_t len = getv(r);
        if (len > (uint64_t)(r->end - r->p)) {
            r->bad = true;
            return;
        }
        t->strs = grow(t->strs, capstr, id + 1, sizeof *t->strs);
        if (id + 1 > t->nstrs) t->nstrs = id + 1;
        free(t->strs[id]);
        t->strs[id] = malloc(len + 1);
        memcpy(t->strs[id], r->p, len);
        t->strs[id][len] = 0;
        r->p += len;
        return;
    }
    t->stacks = grow(t->stacks, capstk, id + 1, sizeof *t->stacks);
    if (id + 1 > t->nstacks) t->nstacks = id + 1;
    rt_trace_stack *s = &t->stacks[id];
    uint64_t n = getv(r);
    s->n = 0;
    for (uint64_t i = 0; i < n && !r->bad; i++) {
        uint64_t pc = getv(r), sym = getv(r);
        if (s->n < 16) {
            s->pcs[s->n] = pc;
            s->syms[s->n++] = (uint32_t)sym;
        }
    }
}

bool rt_trace_read(const char *path, rt_trace *t) {
    memset(t, 0, sizeof *t);
    t->maxp = -1;
    t->seqok = true;
    uint8_t *buf;
    size_t len;
    if (!readfile(path, &buf, &len)) {
        snprintf(t->err, sizeof t->err, "cannot read: %s", strerror(errno));
        return false;
    }
    t->bytes = len;
    if (len < 8 || memcmp(buf, "gorttrc\3", 8) != 0) {
        free(buf);
        return fail(t, "not a gort trace (bad magic)");
    }
    Raw *raw = NULL;
    size_t nraw = 0, capraw = 0, capstr = 0, capstk = 0;
    uint64_t *seqs = calloc(1 << 11, sizeof *seqs);
    /* Calibration: the Clock pairs with the smallest and largest ticks. */
    uint64_t ct0 = UINT64_MAX, cn0 = 0, ct1 = 0, cn1 = 0;
    Rd r = {buf + 8, buf + len, false};
    while (r.p < r.end && !r.bad) {
        uint64_t owner = getv(&r), seq = getv(&r), base = getv(&r),
                 blen = getv(&r);
        if (r.bad || owner >= (1 << 11) || blen > (uint64_t)(r.end - r.p))
            break;
        if (seq != seqs[owner]) t->seqok = false;
        seqs[owner] = seq + 1;
        t->nbatches++;
        int p = owner >= 1 && owner <= 1024 ? (int)owner - 1 : -1;
        if (p > t->maxp) t->maxp = p;
        Rd b = {r.p, r.p + blen, false};
        r.p += blen;
        uint64_t ts = base;
        while (b.p < b.end && !b.bad) {
            int type = *b.p++;
            if (type <= 0 || type >= RT_EV_COUNT) {
                b.bad = true;
                break;
            }
            ts += getv(&b);
            if (type == RT_EV_String || type == RT_EV_Stack) {
                tableentry(t, &b, type, &capstr, &capstk);
                continue;
            }
            raw = grow(raw, &capraw, nraw + 1, sizeof *raw);
            Raw *e = &raw[nraw];
            e->idx = nraw++;
            e->ticks = ts;
            e->ev.type = (uint8_t)type;
            e->ev.p = p;
            for (int i = 0; i < nargs[type]; i++) e->ev.args[i] = getv(&b);
            if (type == RT_EV_UserLog) {
                uint64_t n = getv(&b);
                if (n > (uint64_t)(b.end - b.p)) {
                    b.bad = true;
                    break;
                }
                char *m = malloc(n + 1);
                memcpy(m, b.p, n);
                m[n] = 0;
                b.p += n;
                e->ev.str = m;
            }
            if (type == RT_EV_GoSwitch) {
                /* Read back as the leave event, then GoStart of next. */
                uint64_t g = e->ev.args[0], why = e->ev.args[1],
                         next = e->ev.args[2], stk = e->ev.args[3];
                memset(e->ev.args, 0, sizeof e->ev.args);
                e->ev.args[0] = g;
                e->ev.type = why >= RT_SWITCH_BLOCK     ? RT_EV_GoBlock
                             : why == RT_SWITCH_SCHED   ? RT_EV_GoSched
                             : why == RT_SWITCH_PREEMPT ? RT_EV_GoPreempt
                                                        : RT_EV_GoEnd;
                if (why >= RT_SWITCH_BLOCK) {
                    e->ev.args[1] = why - RT_SWITCH_BLOCK;
                    e->ev.args[2] = stk;
                }
                raw = grow(raw, &capraw, nraw + 1, sizeof *raw);
                Raw *s = &raw[nraw];
                memset(s, 0, sizeof *s);
                s->idx = nraw++;
                s->ticks = ts;
                s->ev.type = RT_EV_GoStart;
                s->ev.p = p;
                s->ev.args[0] = next;
            }
            if (type == RT_EV_Clock) {
                if (e->ev.args[0] < ct0) ct0 = e->ev.args[0], cn0 = e->ev.args[1];
                if (e->ev.args[0] >= ct1) ct1 = e->ev.args[0], cn1 = e->ev.args[1];
            }
        }
        if (b.bad) r.bad = true;
    }
    free(seqs);
    free(buf);
    if (r.bad) {
        for (size_t i = 0; i < nraw; i++) free((void *)raw[i].ev.str);
        free(raw);
        return fail(t, "corrupt trace (a batch does not decode)");
    }
    double scale = ct1 > ct0 && cn1 > cn0 ? (double)(cn1 - cn0) / (double)(ct1 - ct0) : 1.0;
    if (ct0 == UINT64_MAX) ct0 = 0;
    int64_t t0 = INT64_MAX;
    for (size_t i = 0; i < nraw; i++) {
        raw[i].ev.ts = (int64_t)((double)((int64_t)(raw[i].ticks - ct0)) * scale);
        if (raw[i].ev.ts < t0) t0 = raw[i].ev.ts;
    }
    for (size_t i = 0; i < nraw; i++) raw[i].ev.ts -= t0;
    qsort(raw, nraw, sizeof *raw, rawcmp);
    t->ev = malloc((nraw ? nraw : 1) * sizeof *t->ev);
    for (size_t i = 0; i < nraw; i++) t->ev[i] = raw[i].ev;
    t->nev = nraw;
    free(raw);
    return true;
}

void rt_trace_free(rt_trace *t) {
    for (size_t i = 0; i < t->nev; i++) free((void *)t->ev[i].str);
    free(t->ev);
    for (size_t i = 0; i < t->nstrs; i++) free(t->strs[i]);
    free(t->strs);
    free(t->stacks);
    memset(t, 0, sizeof *t);
}

const char *rt_trace_str(const rt_trace *t, uint64_t id) {
    return id < t->nstrs && t->strs[id] ? t->strs[id] : "";
}

/* ---------------------------------------------------------------------- */
/* The model                                                               */
/* ---------------------------------------------------------------------- */

enum { GS_NONE, GS_RUNNABLE, GS_RUNNING, GS_WAITING, GS_SYSCALL, GS_DEAD };

typedef struct Reason {
    uint32_t str; /* reason string id */
    int64_t ns;
} Reason;

typedef struct Gor {
    uint64_t id, parent, stack;
    bool sys, seen;
    int state;
    int64_t since;      /* when state began */
    int32_t p;          /* P while running */
    uint32_t why;       /* wait reason while waiting */
    int64_t created, ended;
    int64_t run, runnable, syscall;
    Reason blocked[12]; /* by reason; the last slot collects the rest */
    int nblocked;
    /* The pending unblock, for the next start's arrow. */
    bool wake;
    int64_t wakets;
    int32_t wakep;
    uint64_t waker;
    int32_t open;       /* index of the open slice, -1 */
} Gor;

typedef struct Slice {
    int32_t p;
    uint64_t g;
    int64_t start, end;
    uint32_t endwhy;   /* string id of what ended it (reason), or 0 */
    uint32_t endstk;   /* GoBlock: the blocking site's stack id, or 0 */
    uint8_t endkind;   /* the event type that ended it */
} Slice;

typedef struct Flow {
    int32_t fromp, top;
    int64_t fromts, tots;
    uint64_t from, to;
} Flow;

typedef struct Span {
    int32_t p;
    uint64_t g;
    int64_t start, end;
    uint64_t a;        /* GC: cycle; STW: reason; region: name; spin: m */
    uint64_t b;        /* GC: mark start; region: task */
    int64_t c;         /* GC: mark termination start */
} Span;

typedef struct Model {
    const rt_trace *t;
    Gor *g;
    size_t ng, capg;
    Slice *sl;
    size_t nsl, capsl;
    Flow *fl;
    size_t nfl, capfl;
    Span *gc, *stw, *assist, *region, *spin;
    size_t ngc, capgc, nstw, capstw, nassist, capassist, nregion, capregion,
        nspin, capspin;
    int64_t end;
    int nprocs;
} Model;

static Gor *gfind(Model *m, uint64_t id) {
    for (size_t lo = 0, hi = m->ng; lo < hi;) {
        size_t mid = (lo + hi) / 2;
        if (m->g[mid].id == id) return &m->g[mid];
        if (m->g[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

static int gcmp(const void *a, const void *b) {
    const Gor *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Every goroutine id the trace mentions, sorted, so lookups are binary. */
static void collectgs(Model *m) {
    const rt_trace *t = m->t;
    for (size_t i = 0; i < t->nev; i++) {
        const rt_trace_ev *e = &t->ev[i];
        switch (e->type) {
        case RT_EV_GoCreate: case RT_EV_GoStart: case RT_EV_GoSched:
        case RT_EV_GoPreempt: case RT_EV_GoBlock: case RT_EV_GoUnblock:
        case RT_EV_GoEnd: case RT_EV_GoSysCall: case RT_EV_GoSysExit:
        case RT_EV_GoStatus:
            m->g = grow(m->g, &m->capg, m->ng + 1, sizeof *m->g);
            m->g[m->ng++].id = e->args[0];
            break;
        }
    }
    qsort(m->g, m->ng, sizeof *m->g, gcmp);
    size_t k = 0;
    for (size_t i = 0; i < m->ng; i++)
        if (k == 0 || m->g[k - 1].id != m->g[i].id) m->g[k++] = m->g[i];
    m->ng = k;
    for (size_t i = 0; i < m->ng; i++) {
        m->g[i].open = -1;
        m->g[i].p = -1;
        m->g[i].created = -1;
        m->g[i].ended = -1;
    }
}

static Span *addspan(Span **v, size_t *n, size_t *cap, int32_t p, uint64_t g,
                     int64_t start) {
    *v = grow(*v, cap, *n + 1, sizeof **v);
    Span *s = &(*v)[(*n)++];
    memset(s, 0, sizeof *s);
    s->p = p;
    s->g = g;
    s->start = start;
    s->end = -1;
    return s;
}

static void account(Gor *g, int64_t ts) {
    int64_t d = ts - g->since;
    if (d < 0) d = 0;
    switch (g->state) {
    case GS_RUNNING: g->run += d; break;
    case GS_RUNNABLE: g->runnable += d; break;
    case GS_SYSCALL: g->syscall += d; break;
    case GS_WAITING: {
        int i;
        for (i = 0; i < g->nblocked; i++)
            if (g->blocked[i].str == g->why) break;
        if (i == g->nblocked) {
            if (g->nblocked < 12) g->nblocked++;
            else i = 11;
            g->blocked[i].str = g->why;
        }
        g->blocked[i].ns += d;
        break;
    }
    }
    g->since = ts;
}

static void gsetstate(Gor *g, int s, int64_t ts) {
    if (g->seen) account(g, ts);
    g->seen = true;
    g->state = s;
    g->since = ts;
}

static void openslice(Model *m, Gor *g, int32_t p, int64_t ts) {
    if (p < 0) return;
    /* A P runs one goroutine: close whatever the lane still shows. */
    for (size_t i = m->nsl; i-- > 0 && i + 64 > m->nsl;)
        if (m->sl[i].p == p && m->sl[i].end < 0) {
            m->sl[i].end = ts;
            Gor *o = gfind(m, m->sl[i].g);
            if (o && o->open == (int32_t)i) o->open = -1;
        }
    m->sl = grow(m->sl, &m->capsl, m->nsl + 1, sizeof *m->sl);
    Slice *s = &m->sl[m->nsl];
    memset(s, 0, sizeof *s);
    s->p = p;
    s->g = g->id;
    s->start = ts;
    s->end = -1;
    g->open = (int32_t)m->nsl++;
    g->p = p;
    if (p + 1 > m->nprocs) m->nprocs = p + 1;
}

static void closeslice(Model *m, Gor *g, int64_t ts, int kind, uint32_t why,
                       uint32_t stk) {
    if (g->open < 0) return;
    Slice *s = &m->sl[g->open];
    s->end = ts;
    s->endkind = (uint8_t)kind;
    s->endwhy = why;
    s->endstk = stk;
    g->open = -1;
}

static void goevent(Model *m, const rt_trace_ev *e) {
    Gor *g = gfind(m, e->args[0]);
    if (!g) return;
    int64_t ts = e->ts;
    switch (e->type) {
    case RT_EV_GoCreate:
        g->parent = e->args[1];
        g->stack = e->args[2];
        g->sys = e->args[3] & 1;
        g->created = ts;
        gsetstate(g, GS_RUNNABLE, ts);
        break;
    case RT_EV_GoStatus:
        g->why = (uint32_t)e->args[2];
        if (e->args[1] == 2 || e->args[1] == 3) {
            gsetstate(g, e->args[1] == 2 ? GS_RUNNING : GS_SYSCALL, ts);
            if (e->args[1] == 2) openslice(m, g, (int32_t)e->args[2], ts);
        } else {
            gsetstate(g, e->args[1] == 4 ? GS_WAITING : GS_RUNNABLE, ts);
        }
        break;
    case RT_EV_GoStart:
        gsetstate(g, GS_RUNNING, ts);
        openslice(m, g, e->p, ts);
        if (g->wake) {
            m->fl = grow(m->fl, &m->capfl, m->nfl + 1, sizeof *m->fl);
            m->fl[m->nfl++] = (Flow){g->wakep, e->p, g->wakets, ts, g->waker, g->id};
            g->wake = false;
        }
        break;
    case RT_EV_GoSched:
    case RT_EV_GoPreempt:
        closeslice(m, g, ts, e->type, 0, 0);
        gsetstate(g, GS_RUNNABLE, ts);
        break;
    case RT_EV_GoBlock:
        closeslice(m, g, ts, e->type, (uint32_t)e->args[1],
                   e->args[2] < m->t->nstacks ? (uint32_t)e->args[2] : 0);
        g->why = (uint32_t)e->args[1];
        gsetstate(g, GS_WAITING, ts);
        break;
    case RT_EV_GoUnblock:
        gsetstate(g, GS_RUNNABLE, ts);
        if (e->args[1] != e->args[0]) {
            Gor *w = gfind(m, e->args[1]);
            g->wake = true;
            g->wakets = ts;
            g->wakep = e->p >= 0 ? e->p : (w ? w->p : -1);
            g->waker = e->args[1];
        }
        break;
    case RT_EV_GoEnd:
        closeslice(m, g, ts, e->type, 0, 0);
        gsetstate(g, GS_DEAD, ts);
        g->ended = ts;
        break;
    case RT_EV_GoSysCall:
        closeslice(m, g, ts, e->type, 0, 0);
        gsetstate(g, GS_SYSCALL, ts);
        break;
    case RT_EV_GoSysExit:
        if (e->p >= 0) {
            gsetstate(g, GS_RUNNING, ts);
            openslice(m, g, e->p, ts);
        } else {
            gsetstate(g, GS_RUNNABLE, ts);
        }
        break;
    }
}

static void build(Model *m, const rt_trace *t) {
    memset(m, 0, sizeof *m);
    m->t = t;
    m->nprocs = t->maxp + 1;
    collectgs(m);
    Span *cur = NULL;  /* open GC cycle (index in gc) */
    long curgc = -1, curstw = -1;
    long spinopen[1024];
    for (int i = 0; i < 1024; i++) spinopen[i] = -1;
    for (size_t i = 0; i < t->nev; i++) {
        const rt_trace_ev *e = &t->ev[i];
        if (e->ts > m->end) m->end = e->ts;
        switch (e->type) {
        case RT_EV_GCStart:
            curgc = (long)m->ngc;
            cur = addspan(&m->gc, &m->ngc, &m->capgc, e->p, 0, e->ts);
            cur->a = e->args[0];
            cur->b = 0;
            cur->c = -1;
            break;
        case RT_EV_GCMark:
            if (curgc >= 0) m->gc[curgc].b = (uint64_t)e->ts;
            break;
        case RT_EV_GCMarkTerm:
            if (curgc >= 0) m->gc[curgc].c = e->ts;
            break;
        case RT_EV_GCDone:
            if (curgc >= 0) m->gc[curgc].end = e->ts;
            curgc = -1;
            break;
        case RT_EV_STWStart:
            curstw = (long)m->nstw;
            addspan(&m->stw, &m->nstw, &m->capstw, e->p, 0, e->ts)->a = e->args[0];
            break;
        case RT_EV_STWDone:
            if (curstw >= 0) m->stw[curstw].end = e->ts;
            curstw = -1;
            break;
        case RT_EV_AssistStart:
            addspan(&m->assist, &m->nassist, &m->capassist, e->p, e->args[0], e->ts);
            break;
        case RT_EV_AssistDone:
            for (size_t k = m->nassist; k-- > 0;)
                if (m->assist[k].g == e->args[0] && m->assist[k].end < 0) {
                    m->assist[k].end = e->ts;
                    break;
                }
            break;
        case RT_EV_RegionStart: {
            Span *s = addspan(&m->region, &m->nregion, &m->capregion, e->p,
                              e->args[0], e->ts);
            s->a = e->args[2];
            s->b = e->args[1];
            break;
        }
        case RT_EV_RegionEnd:
            for (size_t k = m->nregion; k-- > 0;)
                if (m->region[k].g == e->args[0] && m->region[k].end < 0 &&
                    m->region[k].a == e->args[2]) {
                    m->region[k].end = e->ts;
                    break;
                }
            break;
        case RT_EV_SpinStart:
            if (e->p >= 0 && e->args[0] < 1024) {
                spinopen[e->args[0]] = (long)m->nspin;
                addspan(&m->spin, &m->nspin, &m->capspin, e->p, 0, e->ts)->a = e->args[0];
            }
            break;
        case RT_EV_SpinStop:
            if (e->args[0] < 1024 && spinopen[e->args[0]] >= 0) {
                m->spin[spinopen[e->args[0]]].end = e->ts;
                spinopen[e->args[0]] = -1;
            }
            break;
        default:
            goevent(m, e);
        }
    }
    /* Close what is still open at the end. */
    for (size_t i = 0; i < m->nsl; i++)
        if (m->sl[i].end < 0) m->sl[i].end = m->end;
    Span *all[] = {m->gc, m->stw, m->assist, m->region, m->spin};
    size_t alln[] = {m->ngc, m->nstw, m->nassist, m->nregion, m->nspin};
    for (int k = 0; k < 5; k++)
        for (size_t i = 0; i < alln[k]; i++)
            if (all[k][i].end < 0) all[k][i].end = m->end;
    for (size_t i = 0; i < m->ng; i++)
        if (m->g[i].seen) account(&m->g[i], m->end);
}

static void freemodel(Model *m) {
    free(m->g);
    free(m->sl);
    free(m->fl);
    free(m->gc);
    free(m->stw);
    free(m->assist);
    free(m->region);
    free(m->spin);
}

/* ---------------------------------------------------------------------- */
/* Writing                                                                 */
/* ---------------------------------------------------------------------- */

/* A JSON string; '<' escaped so the text is safe inside <script>. */
static void jstr(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c < 0x20 || c == '<' || c == '>' || c == '&') fprintf(f, "\\u%04x", c);
        else fputc(c, f);
    }
    fputc('"', f);
}

/* The creation site: the first frame outside the runtime's own entry
 * points (newproc, gort_go, the tracer). */
static const char *site(const rt_trace *t, uint64_t stack) {
    if (stack == 0 || stack >= t->nstacks) return "";
    const rt_trace_stack *s = &t->stacks[stack];
    for (uint32_t i = 0; i < s->n; i++) {
        const char *n = rt_trace_str(t, s->syms[i]);
        /* Compare without a compiler clone's suffix (newg.cold). */
        char base[128];
        snprintf(base, sizeof base, "%s", n);
        char *dot = strchr(base, '.');
        if (dot) *dot = 0;
        if (strncmp(base, "rt_", 3) == 0 || strcmp(base, "gort_go") == 0 ||
            strcmp(base, "newg") == 0 || strcmp(base, "casgstatus") == 0 ||
            strcmp(base, "callers") == 0 || strcmp(base, "callwait") == 0)
            continue;
        return n;
    }
    return s->n ? rt_trace_str(t, s->syms[s->n - 1]) : "";
}

/* Frames worth showing: not the tracer's own, not the goroutine entry
 * below every goroutine's first function. */
static bool shown(const char *name) {
    return strncmp(name, "rt_trace_", 9) != 0 && strcmp(name, "callers") != 0 &&
           strcmp(name, "goentry") != 0 && strcmp(name, "rt_ctx_trampoline") != 0;
}

/* Stack id's frames as a JSON array of names, innermost first. */
static void jstack(FILE *f, const rt_trace *t, uint64_t id) {
    fputc('[', f);
    bool first = true;
    if (id && id < t->nstacks)
        for (uint32_t k = 0; k < t->stacks[id].n; k++) {
            const char *n = rt_trace_str(t, t->stacks[id].syms[k]);
            if (!shown(n)) continue;
            if (!first) fputc(',', f);
            jstr(f, n);
            first = false;
        }
    fputc(']', f);
}

/* How many frames of stack id are shown. */
static uint32_t nshown(const rt_trace *t, uint64_t id) {
    uint32_t m = 0;
    if (id && id < t->nstacks)
        for (uint32_t k = 0; k < t->stacks[id].n; k++)
            m += shown(rt_trace_str(t, t->stacks[id].syms[k]));
    return m;
}

static const char *endname(const rt_trace *t, const Slice *s) {
    switch (s->endkind) {
    case RT_EV_GoBlock: return rt_trace_str(t, s->endwhy);
    case RT_EV_GoSched: return "yield";
    case RT_EV_GoPreempt: return "preempted";
    case RT_EV_GoEnd: return "end";
    case RT_EV_GoSysCall: return "syscall";
    default: return "trace end";
    }
}

static double us(int64_t ns) { return (double)ns / 1000.0; }

/* Task id -> name string id, sorted by task id. */
typedef struct TaskName {
    uint64_t id, name;
} TaskName;

static int taskcmp(const void *a, const void *b) {
    const TaskName *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static uint64_t taskname(const TaskName *v, size_t n, uint64_t id) {
    for (size_t lo = 0, hi = n; lo < hi;) {
        size_t mid = (lo + hi) / 2;
        if (v[mid].id == id) return v[mid].name;
        if (v[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

static void writejson(FILE *f, const Model *m) {
    const rt_trace *t = m->t;
    TaskName *tasks = NULL;
    size_t ntasks = 0, captasks = 0;
    for (size_t i = 0; i < t->nev; i++)
        if (t->ev[i].type == RT_EV_TaskCreate) {
            tasks = grow(tasks, &captasks, ntasks + 1, sizeof *tasks);
            tasks[ntasks++] = (TaskName){t->ev[i].args[1], t->ev[i].args[3]};
        }
    if (ntasks) qsort(tasks, ntasks, sizeof *tasks, taskcmp);
    enum { GCTID = 100000, NOP = 100001 };
    fprintf(f, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
    fprintf(f, "{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"gort\"}}");
    for (int p = 0; p < m->nprocs; p++)
        fprintf(f, ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"name\":\"thread_name\",\"args\":{\"name\":\"P%d\"}}"
                   ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":%d}}",
                p, p, p, p + 2);
    fprintf(f, ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"name\":\"thread_name\",\"args\":{\"name\":\"GC\"}}", GCTID);
    fprintf(f, ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":0}}", GCTID);
    fprintf(f, ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"name\":\"thread_name\",\"args\":{\"name\":\"no P\"}}", NOP);
    for (size_t i = 0; i < m->nsl; i++) {
        const Slice *s = &m->sl[i];
        const Gor *g = gfind((Model *)m, s->g);
        fprintf(f, ",\n{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f,"
                   "\"name\":\"G%" PRIu64 "\",\"cat\":\"goroutine\",\"args\":{\"goid\":%" PRIu64 ",\"end\":",
                s->p, us(s->start), us(s->end - s->start), s->g, s->g);
        jstr(f, endname(t, s));
        fprintf(f, ",\"created at\":");
        jstr(f, g ? site(t, g->stack) : "");
        if (s->endstk) {
            fprintf(f, ",\"blocked at\":");
            jstack(f, t, s->endstk);
        }
        fputc('}', f);
        /* The blocking site as Chrome's end stack frame (stackFrames). */
        uint32_t m = nshown(t, s->endstk);
        if (m) fprintf(f, ",\"esf\":\"%u.%u\"", s->endstk, m - 1);
        fputc('}', f);
    }
    for (size_t i = 0; i < m->nfl; i++) {
        const Flow *w = &m->fl[i];
        int fromtid = w->fromp >= 0 ? w->fromp : NOP;
        fprintf(f, ",\n{\"ph\":\"s\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"id\":%zu,\"name\":\"unblock\",\"cat\":\"flow\"}",
                fromtid, us(w->fromts), i + 1);
        fprintf(f, ",\n{\"ph\":\"f\",\"bp\":\"e\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"id\":%zu,\"name\":\"unblock\",\"cat\":\"flow\"}",
                w->top, us(w->tots), i + 1);
    }
    for (size_t i = 0; i < m->ngc; i++) {
        const Span *s = &m->gc[i];
        fprintf(f, ",\n{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f,\"name\":\"GC %" PRIu64 "\",\"cat\":\"gc\"}",
                GCTID, us(s->start), us(s->end - s->start), s->a);
        if (s->b)
            fprintf(f, ",\n{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f,\"name\":\"mark\",\"cat\":\"gc\"}",
                    GCTID, us((int64_t)s->b), us((s->c >= 0 ? s->c : s->end) - (int64_t)s->b));
        if (s->c >= 0)
            fprintf(f, ",\n{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f,\"name\":\"mark termination\",\"cat\":\"gc\"}",
                    GCTID, us(s->c), us(s->end - s->c));
    }
    for (size_t i = 0; i < m->nstw; i++) {
        const Span *s = &m->stw[i];
        fprintf(f, ",\n{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f,\"name\":",
                GCTID, us(s->start), us(s->end - s->start));
        char nm[200];
        snprintf(nm, sizeof nm, "STW: %s", rt_trace_str(t, s->a));
        jstr(f, nm);
        fprintf(f, ",\"cat\":\"stw\"}");
    }
    for (size_t i = 0; i < m->nassist; i++) {
        const Span *s = &m->assist[i];
        fprintf(f, ",\n{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f,\"name\":\"mark assist\",\"cat\":\"gc\",\"args\":{\"goid\":%" PRIu64 "}}",
                s->p >= 0 ? s->p : NOP, us(s->start), us(s->end - s->start), s->g);
    }
    for (size_t i = 0; i < m->nregion; i++) {
        const Span *s = &m->region[i];
        fprintf(f, ",\n{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f,\"name\":",
                s->p >= 0 ? s->p : NOP, us(s->start), us(s->end - s->start));
        jstr(f, rt_trace_str(t, s->a));
        fprintf(f, ",\"cat\":\"region\",\"args\":{\"goid\":%" PRIu64 ",\"task\":%" PRIu64 "}}", s->g, s->b);
    }
    for (size_t i = 0; i < m->nspin; i++) {
        const Span *s = &m->spin[i];
        fprintf(f, ",\n{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f,\"name\":\"spinning\",\"cat\":\"sched\",\"args\":{\"m\":%" PRIu64 "}}",
                s->p, us(s->start), us(s->end - s->start), s->a);
    }
    for (size_t i = 0; i < t->nev; i++) {
        const rt_trace_ev *e = &t->ev[i];
        int tid = e->p >= 0 ? e->p : NOP;
        switch (e->type) {
        case RT_EV_HeapCounts:
            fprintf(f, ",\n{\"ph\":\"C\",\"pid\":1,\"ts\":%.3f,\"name\":\"Heap\",\"args\":{\"live\":%" PRIu64 ",\"goal\":%" PRIu64 "}}",
                    us(e->ts), e->args[0], e->args[1]);
            break;
        case RT_EV_GoCounts:
            fprintf(f, ",\n{\"ph\":\"C\",\"pid\":1,\"ts\":%.3f,\"name\":\"Goroutines\",\"args\":{\"goroutines\":%" PRIu64 ",\"runnable\":%" PRIu64 "}}",
                    us(e->ts), e->args[0], e->args[1]);
            break;
        case RT_EV_Steal:
            fprintf(f, ",\n{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"name\":\"steal %" PRIu64 " from P%" PRIu64 "\",\"cat\":\"sched\"}",
                    tid, us(e->ts), e->args[1], e->args[0]);
            break;
        case RT_EV_UserLog:
            fprintf(f, ",\n{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"name\":", tid, us(e->ts));
            jstr(f, rt_trace_str(t, e->args[1]));
            fprintf(f, ",\"cat\":\"log\",\"args\":{\"goid\":%" PRIu64 ",\"message\":", e->args[0]);
            jstr(f, e->str ? e->str : "");
            fprintf(f, "}}");
            break;
        case RT_EV_ProcSteal:
            fprintf(f, ",\n{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%" PRIu64 ",\"ts\":%.3f,\"name\":\"P handed off (syscall)\",\"cat\":\"sched\"}",
                    e->args[0], us(e->ts));
            break;
        case RT_EV_TaskCreate:
        case RT_EV_TaskEnd: {
            /* Tasks as async slices: begin and end share the id, the
             * category and the name (TaskEnd names it through its create). */
            uint64_t name = e->type == RT_EV_TaskCreate ? e->args[3] : taskname(tasks, ntasks, e->args[1]);
            fprintf(f, ",\n{\"ph\":\"%c\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"id\":\"task%" PRIu64 "\",\"cat\":\"task\",\"name\":",
                    e->type == RT_EV_TaskCreate ? 'b' : 'e', tid, us(e->ts), e->args[1]);
            jstr(f, rt_trace_str(t, name));
            if (e->type == RT_EV_TaskCreate)
                fprintf(f, ",\"args\":{\"goid\":%" PRIu64 ",\"parent task\":%" PRIu64 "}", e->args[0], e->args[2]);
            fputc('}', f);
            break;
        }
        }
    }
    free(tasks);
    /* stackFrames: frame k of stack s (0 outermost) is "s.k", its parent
     * "s.(k-1)". */
    fprintf(f, "\n],\"stackFrames\":{");
    bool first = true;
    for (size_t s = 1; s < t->nstacks; s++) {
        uint32_t k = 0;
        for (uint32_t j = t->stacks[s].n; j-- > 0;) {
            const char *n = rt_trace_str(t, t->stacks[s].syms[j]);
            if (!shown(n)) continue;
            fprintf(f, "%s\n\"%zu.%u\":{\"category\":\"gort\",\"name\":", first ? "" : ",", s, k);
            jstr(f, n);
            if (k) fprintf(f, ",\"parent\":\"%zu.%u\"", s, k - 1);
            fputc('}', f);
            first = false;
            k++;
        }
    }
    fprintf(f, "}}\n");
}

/* The HTML viewer's data: compact arrays, times in ns. */
static void writedata(FILE *f, const Model *m) {
    const rt_trace *t = m->t;
    fprintf(f, "{\"nprocs\":%d,\"end\":%" PRId64 ",\"strings\":[", m->nprocs, m->end);
    for (size_t i = 0; i < t->nstrs; i++) {
        if (i) fputc(',', f);
        jstr(f, rt_trace_str(t, i));
    }
    fprintf(f, "],\n\"slices\":[");
    for (size_t i = 0; i < m->nsl; i++) {
        const Slice *s = &m->sl[i];
        /* p, g, start, dur, end kind, reason, blocking stack */
        fprintf(f, "%s[%d,%" PRIu64 ",%" PRId64 ",%" PRId64 ",%d,%u,%u]", i ? "," : "", s->p, s->g,
                s->start, s->end - s->start, s->endkind, s->endwhy, s->endstk);
    }
    fprintf(f, "],\n\"stacks\":[");
    for (size_t i = 0; i < t->nstacks; i++) {
        if (i) fputc(',', f);
        jstack(f, t, i);
    }
    fprintf(f, "],\n\"flows\":[");
    for (size_t i = 0; i < m->nfl; i++) {
        const Flow *w = &m->fl[i];
        fprintf(f, "%s[%d,%" PRId64 ",%d,%" PRId64 ",%" PRIu64 ",%" PRIu64 "]", i ? "," : "", w->fromp, w->fromts,
                w->top, w->tots, w->from, w->to);
    }
    fprintf(f, "],\n\"gc\":[");
    for (size_t i = 0; i < m->ngc; i++) {
        const Span *s = &m->gc[i];
        fprintf(f, "%s[%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRIu64 "]", i ? "," : "", s->start, s->end,
                (int64_t)s->b, s->c, s->a);
    }
    fprintf(f, "],\n\"stw\":[");
    for (size_t i = 0; i < m->nstw; i++)
        fprintf(f, "%s[%" PRId64 ",%" PRId64 ",%" PRIu64 "]", i ? "," : "", m->stw[i].start, m->stw[i].end,
                m->stw[i].a);
    fprintf(f, "],\n\"assists\":[");
    for (size_t i = 0; i < m->nassist; i++)
        fprintf(f, "%s[%d,%" PRIu64 ",%" PRId64 ",%" PRId64 "]", i ? "," : "", m->assist[i].p,
                m->assist[i].g, m->assist[i].start, m->assist[i].end);
    fprintf(f, "],\n\"regions\":[");
    for (size_t i = 0; i < m->nregion; i++)
        fprintf(f, "%s[%d,%" PRIu64 ",%" PRId64 ",%" PRId64 ",%" PRIu64 ",%" PRIu64 "]", i ? "," : "", m->region[i].p,
                m->region[i].g, m->region[i].start, m->region[i].end, m->region[i].a, m->region[i].b);
    /* Tasks: id, name string, parent task. */
    fprintf(f, "],\n\"tasks\":[");
    bool firsttask = true;
    for (size_t i = 0; i < t->nev; i++)
        if (t->ev[i].type == RT_EV_TaskCreate) {
            fprintf(f, "%s[%" PRIu64 ",%" PRIu64 ",%" PRIu64 "]", firsttask ? "" : ",", t->ev[i].args[1],
                    t->ev[i].args[3], t->ev[i].args[2]);
            firsttask = false;
        }
    fprintf(f, "],\n\"spins\":[");
    for (size_t i = 0; i < m->nspin; i++)
        fprintf(f, "%s[%d,%" PRId64 ",%" PRId64 "]", i ? "," : "", m->spin[i].p, m->spin[i].start,
                m->spin[i].end);
    fprintf(f, "],\n\"heap\":[");
    bool first = true;
    for (size_t i = 0; i < t->nev; i++)
        if (t->ev[i].type == RT_EV_HeapCounts) {
            fprintf(f, "%s[%" PRId64 ",%" PRIu64 ",%" PRIu64 "]", first ? "" : ",", t->ev[i].ts,
                    t->ev[i].args[0], t->ev[i].args[1]);
            first = false;
        }
    fprintf(f, "],\n\"gcount\":[");
    first = true;
    for (size_t i = 0; i < t->nev; i++)
        if (t->ev[i].type == RT_EV_GoCounts) {
            fprintf(f, "%s[%" PRId64 ",%" PRIu64 ",%" PRIu64 "]", first ? "" : ",", t->ev[i].ts,
                    t->ev[i].args[0], t->ev[i].args[1]);
            first = false;
        }
    fprintf(f, "],\n\"marks\":[");
    first = true;
    for (size_t i = 0; i < t->nev; i++) {
        const rt_trace_ev *e = &t->ev[i];
        if (e->type != RT_EV_Steal && e->type != RT_EV_UserLog && e->type != RT_EV_ProcSteal)
            continue;
        /* ts, p, kind, text */
        char txt[1200];
        int p = e->p;
        if (e->type == RT_EV_Steal)
            snprintf(txt, sizeof txt, "stole %" PRIu64 " goroutine(s) from P%" PRIu64, e->args[1], e->args[0]);
        else if (e->type == RT_EV_ProcSteal)
            snprintf(txt, sizeof txt, "P%" PRIu64 " handed off from a blocked syscall", e->args[0]),
                p = (int)e->args[0];
        else
            snprintf(txt, sizeof txt, "G%" PRIu64 " log [%s] %s", e->args[0],
                     rt_trace_str(t, e->args[1]), e->str ? e->str : "");
        fprintf(f, "%s[%" PRId64 ",%d,%d,", first ? "" : ",", e->ts, p, e->type);
        jstr(f, txt);
        fputc(']', f);
        first = false;
    }
    fprintf(f, "],\n\"goroutines\":[");
    first = true;
    for (size_t i = 0; i < m->ng; i++) {
        const Gor *g = &m->g[i];
        fprintf(f, "%s\n{\"id\":%" PRIu64 ",\"parent\":%" PRIu64 ",\"sys\":%d,\"created\":%" PRId64
                   ",\"ended\":%" PRId64 ",\"run\":%" PRId64 ",\"runnable\":%" PRId64 ",\"syscall\":%" PRId64 ",\"site\":",
                first ? "" : ",", g->id, g->parent, g->sys, g->created, g->ended, g->run,
                g->runnable, g->syscall);
        jstr(f, site(t, g->stack));
        fprintf(f, ",\"stack\":");
        jstack(f, t, g->stack);
        fprintf(f, ",\"blocked\":{");
        for (int k = 0; k < g->nblocked; k++) {
            if (k) fputc(',', f);
            jstr(f, g->blocked[k].str ? rt_trace_str(t, g->blocked[k].str) : "waiting");
            fprintf(f, ":%" PRId64, g->blocked[k].ns);
        }
        fprintf(f, "}}");
        first = false;
    }
    fprintf(f, "]}");
}

static void writehtml(FILE *f, const Model *m) {
    const char *tpl = rt_trace_viewer_html;
    const char *mark = strstr(tpl, "/*GORT_TRACE_DATA*/");
    if (!mark) {
        fputs(tpl, f);
        return;
    }
    fwrite(tpl, 1, (size_t)(mark - tpl), f);
    writedata(f, m);
    fputs(mark + strlen("/*GORT_TRACE_DATA*/"), f);
}

bool rt_trace_write(const rt_trace *t, const char *out, const char *format,
                    char *err, size_t errlen) {
    bool html = strcmp(format, "html") == 0;
    if (!html && strcmp(format, "json") != 0) {
        snprintf(err, errlen, "unknown format %s (want json or html)", format);
        return false;
    }
    FILE *f = strcmp(out, "-") == 0 ? stdout : fopen(out, "w");
    if (!f) {
        snprintf(err, errlen, "cannot create: %s", strerror(errno));
        return false;
    }
    Model m;
    build(&m, t);
    if (html) writehtml(f, &m);
    else writejson(f, &m);
    freemodel(&m);
    bool ok = !ferror(f);
    if (f != stdout) ok = fclose(f) == 0 && ok;
    else fflush(f);
    if (!ok) snprintf(err, errlen, "write failed: %s", strerror(errno));
    return ok;
}

bool gort_trace_convert(const char *trace, const char *out, const char *format) {
    rt_trace t;
    if (!rt_trace_read(trace, &t)) {
        fprintf(stderr, "gort trace: %s: %s\n", trace, t.err);
        rt_trace_free(&t);
        return false;
    }
    char err[200];
    bool ok = rt_trace_write(&t, out, format, err, sizeof err);
    if (!ok) fprintf(stderr, "gort trace: %s: %s\n", out, err);
    rt_trace_free(&t);
    return ok;
}
