/*
 * time.c — channel-based time: time.After, Timer, Ticker, AfterFunc.
 *
 *   gort_after(d) ──> hchan (cap 1, int64_t) <── sendTimeTimer on g0
 *                       ^                          |
 *                       |                          runtime Timer, when = now + d,
 *                   receiver / select case         in the current P's heap
 *
 * A runtime timer (timer.c) fires on the scheduler, never on a goroutine,
 * so its function must not block.  The send is therefore non-blocking, as
 * Go's sendTime is: the channel has one slot and is the timer's alone, so
 * a one-shot send only fails if the program closed the channel (which Go's
 * types forbid; here the value is dropped rather than panic on the
 * scheduler).  If a receiver is parked, the value goes straight to it and
 * it is readied onto this P.
 *
 * A pending timer keeps the program "alive" for deadlock detection: a
 * goroutine waiting on gort_after's channel is asleep, not deadlocked.
 *
 * gort_after is Go's After: NewTimer(d).C.  The timer record (below) lives
 * on the GC heap and a pending one is reachable from its P's timer heap, so
 * the channel stays alive while the timer is pending even when the program
 * dropped it (a select that took another case).
 */
#include "runtime.h"

#include <stdlib.h>

gort_chan *gort_after(int64_t ns) {
    rt_mustg("gort_after");
    return gort_timer_chan(gort_timer_make(ns));
}

/* ---------------------------------------------------------------------- */
/* Timers, tickers and AfterFunc (time.Timer, time.Ticker)                 */
/* ---------------------------------------------------------------------- */

/*
 * A gort_timer is a runtime Timer plus what its function needs:
 *
 *   gort_timer (GC heap)
 *   +---------------------+
 *   | Timer t             |  t.f = sendTime (Timer, Ticker) or goFunc
 *   |   when, period, ... |  t.arg = the gort_timer itself
 *   | c      ------------+--> hchan (cap 1, int64_t wall-clock ns): t.C
 *   | fn, fnarg           |  AfterFunc: go fn(fnarg) when it fires
 *   +---------------------+
 *
 * Stop is rt_deltimer: true iff it removed a pending timer (so the function
 * will not run).  Reset is rt_modtimer: re-arms the timer and reports
 * whether it was pending.  Neither drains the channel, exactly as Go 1.19:
 * a value sent before Stop stays in the buffer.  A ticker is a timer with a
 * period; timer.c re-arms it at when + k*period for the smallest k that
 * lies in the future, so ticks never drift and a slow receiver loses ticks
 * (the send does not block, the buffer holds one) rather than delaying
 * the schedule.
 *
 * The record lives on the GC heap; a pending one is reachable from its P's
 * timer heap (which the collector treats as a root), a stopped or fired one
 * only from the program.
 */
struct gort_timer {
    Timer t;
    HChan *c;         /* NULL for AfterFunc */
    gort_func fn;     /* AfterFunc */
    void *fnarg;
};

/* Pointer words: t.arg, c, fnarg.  Built once from the offsets, so the
 * mask follows any change to Timer's layout. */
#define TIMERWORDS (sizeof(gort_timer) / sizeof(void *))
static uint8_t timermask[(TIMERWORDS + 7) / 8];
static const gort_type timerType = {
    .size = sizeof(gort_timer), .align = _Alignof(gort_timer),
    .ptrwords = TIMERWORDS, .ptrmask = timermask,
    .name = "*time.Timer", .kind = GORT_KIND_STRUCT};

__attribute__((constructor)) static void inittimermask(void) {
    size_t offs[] = {offsetof(gort_timer, t.arg), offsetof(gort_timer, c),
                     offsetof(gort_timer, fnarg)};
    for (size_t i = 0; i < RT_ARRAY_LEN(offs); i++) {
        size_t w = offs[i] / sizeof(void *);
        timermask[w / 8] |= (uint8_t)(1u << (w % 8));
    }
}

/* Go's when(d): the nanotime d from now; d <= 0 is "now"; overflow is
 * "never". */
static int64_t whenafter(int64_t ns) {
    int64_t now = rt_nanotime();
    if (ns <= 0) return now;
    int64_t t = now + ns;
    return t < now ? INT64_MAX : t;
}

/* Timer function of Timers and Tickers: runs on g0, must not block. */
static void sendTimeTimer(void *arg, uintptr_t seq, int64_t now) {
    (void)seq;
    (void)now;
    gort_timer *tm = arg;
    int64_t wall = gort_now();
    (void)rt_chansend(tm->c, &wall, false); /* full: drop the tick */
}

/* Timer function of AfterFunc: go fn(arg). */
static void goFunc(void *arg, uintptr_t seq, int64_t now) {
    (void)seq;
    (void)now;
    gort_timer *tm = arg;
    rt_newproc(tm->fn, tm->fnarg, false);
}

static gort_timer *newtimer(int64_t when, int64_t period, HChan *c,
                            gort_func fn, void *fnarg) {
    gort_timer *tm = gort_alloc(sizeof *tm, &timerType);
    /* Barriers even into a fresh object: c was allocated before tm, so
     * with a cycle started in between tm is black and c white, and c may
     * leave our stack before the collector scans it. */
    gort_store_ptr((void **)&tm->c, c);
    tm->fn = fn;
    gort_store_ptr(&tm->fnarg, fnarg);
    tm->t.f = c ? sendTimeTimer : goFunc;
    tm->t.arg = tm; /* itself: no barrier needed */
    tm->t.when = when;
    tm->t.period = period;
    rt_addtimer(&tm->t);
    return tm;
}

gort_timer *gort_timer_make(int64_t ns) {
    rt_mustg("gort_timer_make");
    return newtimer(whenafter(ns), 0, rt_makechan(&gort_type_int64, 1), NULL,
                    NULL);
}

gort_chan *gort_timer_chan(gort_timer *t) { return (gort_chan *)t->c; }

bool gort_timer_stop(gort_timer *t) {
    if (!t->t.f) gort_panic_str("time: Stop called on uninitialized Timer");
    return rt_deltimer(&t->t);
}

bool gort_timer_reset(gort_timer *t, int64_t ns) {
    if (!t->t.f) gort_panic_str("time: Reset called on uninitialized Timer");
    return rt_modtimer(&t->t, whenafter(ns), 0);
}

gort_timer *gort_after_func(int64_t ns, gort_func fn, void *arg) {
    rt_mustg("gort_after_func");
    if (!fn) gort_panic_str("time: AfterFunc with nil func");
    return newtimer(whenafter(ns), 0, NULL, fn, arg);
}

gort_ticker *gort_ticker_make(int64_t ns) {
    rt_mustg("gort_ticker_make");
    if (ns <= 0)
        gort_panic(gort_any_error(
            gort_error_new("non-positive interval for NewTicker")));
    return (gort_ticker *)newtimer(whenafter(ns), ns,
                                   rt_makechan(&gort_type_int64, 1), NULL,
                                   NULL);
}

gort_chan *gort_ticker_chan(gort_ticker *t) {
    return (gort_chan *)((gort_timer *)t)->c;
}

void gort_ticker_stop(gort_ticker *t) { rt_deltimer(&((gort_timer *)t)->t); }

void gort_ticker_reset(gort_ticker *t, int64_t ns) {
    if (ns <= 0) gort_panic_str("non-positive interval for Ticker.Reset");
    gort_timer *tm = (gort_timer *)t;
    if (!tm->t.f) gort_panic_str("time: Reset called on uninitialized Ticker");
    rt_modtimer(&tm->t, whenafter(ns), ns);
}

gort_chan *gort_tick(int64_t ns) {
    if (ns <= 0) return NULL;
    return gort_ticker_chan(gort_ticker_make(ns));
}
