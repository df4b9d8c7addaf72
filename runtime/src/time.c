/*
 * time.c — channel-based time: time.After.
 *
 *   gort_after(d) ──> hchan (cap 1, int64_t) <── sendTime(c, now) on g0
 *                       ^                          |
 *                       |                          runtime Timer, when = now + d,
 *                   receiver / select case         in the current P's heap
 *
 * A runtime timer (timer.c) fires on the scheduler, never on a goroutine,
 * so its function must not block.  sendTime therefore does a non-blocking
 * send, as Go's does: the channel has one slot, it is the timer's alone,
 * and the timer sends once, so the send only fails if the program closed
 * the channel (which Go's types forbid; here it drops the tick rather than
 * panic on the scheduler).  If a receiver is parked, the value goes
 * straight to it and it is readied onto this P.
 *
 * A pending timer keeps the program "alive" for deadlock detection: a
 * goroutine waiting on gort_after's channel is asleep, not deadlocked.
 *
 * The timer record lives outside the GC heap (P timer heaps are not
 * scanned) and is freed by its own callback; the channel it points to is
 * also reachable from the receiver.  Timer and Ticker objects, with Stop and
 * Reset, join this file later.
 */
#include "runtime.h"

#include <stdlib.h>

typedef struct afterTimer {
    Timer t; /* must be first: the callback gets the record through arg */
    HChan *c;
} afterTimer;

/* Timer function: runs on g0 with no lock held. */
static void sendTime(void *arg, uintptr_t seq, int64_t now) {
    (void)seq;
    (void)now;
    afterTimer *at = arg;
    int64_t wall = gort_now();
    (void)rt_chansend(at->c, &wall, false);
    free(at); /* one-shot: the heap dropped it before calling us */
}

gort_chan *gort_after(int64_t ns) {
    rt_mustg("gort_after");
    HChan *c = rt_makechan(&gort_type_int64, 1);
    afterTimer *at = calloc(1, sizeof *at);
    if (!at) rt_throw("runtime: out of memory allocating timer");
    at->c = c;
    at->t.f = sendTime;
    at->t.arg = at;
    int64_t now = rt_nanotime();
    at->t.when = ns <= 0 ? now : now + ns;
    if (at->t.when < now) at->t.when = INT64_MAX; /* overflow: never */
    rt_addtimer(&at->t);
    return (gort_chan *)c;
}
