/*
 * time.c: natives of package time (stdlib/time/time.go declares the
 * API), bound to the runtime's timers (runtime/src/time.c, timer.c:
 * per-P timer heaps run by the scheduler; gort.h, "time").
 *
 * Layouts (scripts/gen-stdlib-decls.go, gortLayout):
 *
 *   Time    {wall int64}              wall-clock nanoseconds since the
 *                                     Unix epoch (gort_now)
 *   Timer   {C <-chan Time; r *uintptr}   r: the runtime's gort_timer
 *   Ticker  {C <-chan Time; r *uintptr}   r: the runtime's gort_ticker
 *
 * Time is one word because a runtime timer sends its firing time as an
 * int64 (gort_now()) on a channel of capacity 1: with an 8-byte,
 * pointer-free Time the timer's channel *is* a `chan Time` byte for byte,
 * so `<-t.C`, `<-time.After(d)` and a select over them are the VM's
 * ordinary channel instructions on the runtime's own channel, and the
 * receiver parks in the runtime, never blocking its thread. Go's Time
 * also carries a monotonic reading and a *Location; here Sub and Since
 * use the wall clock, which is what the runtime's timers stamp.
 *
 * AfterFunc(d, f) starts f on a new goroutine when the timer fires, as a
 * `go f()` does: the runtime's timer runs vm_go_entry (vmgo.c) on a block
 * {closure, vmfunc, vmshared} that the timer keeps alive.
 *
 * Duration's methods are Go's (time/time.go) in C, String included.
 *
 * Not here: Time's calendar (Date, Format, String, Location, Parse).
 */
#include <string.h>

#include "interp.h"
#include "natives.h"

/* ---- Duration ---- */

/* fmtFrac/fmtInt of Go's time package: digits right to left into buf
 * ending at w. */
static int fmt_frac(char *buf, int w, uint64_t *v, int prec) {
    bool print = false;
    for (int i = 0; i < prec; i++) {
        int digit = (int)(*v % 10);
        print = print || digit != 0;
        if (print) buf[--w] = (char)('0' + digit);
        *v /= 10;
    }
    if (print) buf[--w] = '.';
    return w;
}

static int fmt_int(char *buf, int w, uint64_t v) {
    if (v == 0) buf[--w] = '0';
    while (v > 0) {
        buf[--w] = (char)('0' + v % 10);
        v /= 10;
    }
    return w;
}

/* func (d Duration) String() string: "1h2m0.5s", "1.5µs", "0s" */
static void dur_String(struct vmstate *vm, vmslot *r) {
    (void)vm;
    char buf[32];
    int w = sizeof buf;
    int64_t d = r[0].i;
    uint64_t u = (uint64_t)d;
    bool neg = d < 0;
    if (neg) u = -u;
    if (u < 1000000000) {
        int prec = 0;
        buf[--w] = 's';
        if (u == 0) {
            gort_string s = gort_string_new("0s", 2);
            r[1].s = s.ptr;
            r[2].i = s.len;
            return;
        } else if (u < 1000) {
            buf[--w] = 'n';
        } else if (u < 1000000) {
            prec = 3;
            buf[--w] = (char)0xB5; /* U+00B5 µ */
            buf[--w] = (char)0xC2;
        } else {
            prec = 6;
            buf[--w] = 'm';
        }
        w = fmt_frac(buf, w, &u, prec);
        w = fmt_int(buf, w, u);
    } else {
        buf[--w] = 's';
        w = fmt_frac(buf, w, &u, 9);
        w = fmt_int(buf, w, u % 60);
        u /= 60;
        if (u > 0) {
            buf[--w] = 'm';
            w = fmt_int(buf, w, u % 60);
            u /= 60;
            if (u > 0) {
                buf[--w] = 'h';
                w = fmt_int(buf, w, u);
            }
        }
    }
    if (neg) buf[--w] = '-';
    gort_string s = gort_string_new(buf + w, (intptr_t)sizeof buf - w);
    r[1].s = s.ptr;
    r[2].i = s.len;
}

#define SECOND INT64_C(1000000000)
#define MINUTE (60 * SECOND)
#define HOUR (60 * MINUTE)

static void dur_Nanoseconds(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].i = r[0].i;
}
static void dur_Microseconds(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].i = r[0].i / 1000;
}
static void dur_Milliseconds(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].i = r[0].i / 1000000;
}
static void dur_Seconds(struct vmstate *vm, vmslot *r) {
    (void)vm;
    int64_t d = r[0].i;
    r[1].f = (double)(d / SECOND) + (double)(d % SECOND) / 1e9;
}
static void dur_Minutes(struct vmstate *vm, vmslot *r) {
    (void)vm;
    int64_t d = r[0].i;
    r[1].f = (double)(d / MINUTE) + (double)(d % MINUTE) / (60 * 1e9);
}
static void dur_Hours(struct vmstate *vm, vmslot *r) {
    (void)vm;
    int64_t d = r[0].i;
    r[1].f = (double)(d / HOUR) + (double)(d % HOUR) / (60 * 60 * 1e9);
}
/* func (d Duration) Truncate(m Duration) Duration */
static void dur_Truncate(struct vmstate *vm, vmslot *r) {
    (void)vm;
    int64_t d = r[0].i, m = r[1].i;
    r[2].i = m <= 0 ? d : d - d % m;
}
/* func (d Duration) Round(m Duration) Duration: halfway away from zero,
 * saturating at the ends of the range, as Go's. Wrapping arithmetic is
 * done unsigned (Go's int64 wraps; C's would be undefined). */
static bool less_than_half(int64_t x, int64_t y) { return (uint64_t)x + (uint64_t)x < (uint64_t)y; }
static void dur_Round(struct vmstate *vm, vmslot *r) {
    (void)vm;
    int64_t d = r[0].i, m = r[1].i;
    if (m <= 0) {
        r[2].i = d;
        return;
    }
    int64_t rem = d % m;
    if (d < 0) {
        rem = -rem;
        int64_t d1 = (int64_t)((uint64_t)d - (uint64_t)m + (uint64_t)rem);
        r[2].i = less_than_half(rem, m) ? d + rem : d1 < d ? d1 : INT64_MIN;
        return;
    }
    int64_t d1 = (int64_t)((uint64_t)d + (uint64_t)m - (uint64_t)rem);
    r[2].i = less_than_half(rem, m) ? d - rem : d1 > d ? d1 : INT64_MAX;
}
static void dur_Abs(struct vmstate *vm, vmslot *r) {
    (void)vm;
    int64_t d = r[0].i;
    r[1].i = d >= 0 ? d : d == INT64_MIN ? INT64_MAX : -d;
}

/* ---- Time (wall-clock nanoseconds) ----
 * A Time is a struct, so its register holds the address of its memory
 * (docs/design/vm-values.md, "Aggregates by address"): an argument is
 * read through the pointer, a result is new memory. */

static const gort_type time_type = {.size = 8, .align = 8, .name = "time.Time", .kind = GORT_KIND_STRUCT};

static int64_t tget(const vmslot *r) { return *(const int64_t *)r->p; }
static void tput(vmslot *r, int64_t wall) {
    int64_t *t = gort_new(&time_type);
    *t = wall;
    r->p = t;
}

static void time_Now(struct vmstate *vm, vmslot *r) {
    (void)vm;
    tput(&r[0], gort_now());
}
static void time_Since(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].i = gort_now() - tget(&r[0]);
}
static void time_Until(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].i = tget(&r[0]) - gort_now();
}
static void time_Unix(struct vmstate *vm, vmslot *r) {
    (void)vm;
    tput(&r[2], r[0].i * SECOND + r[1].i);
}
static void t_Sub(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[2].i = tget(&r[0]) - tget(&r[1]);
}
static void t_Add(struct vmstate *vm, vmslot *r) {
    (void)vm;
    tput(&r[2], tget(&r[0]) + r[1].i);
}
static void t_After(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[2].u = tget(&r[0]) > tget(&r[1]);
}
static void t_Before(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[2].u = tget(&r[0]) < tget(&r[1]);
}
static void t_Equal(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[2].u = tget(&r[0]) == tget(&r[1]);
}
static void t_IsZero(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].u = tget(&r[0]) == 0;
}
/* floor division, as Go's Unix* of times before 1970 */
static int64_t floordiv(int64_t a, int64_t b) { return a / b - (a % b < 0); }
static void t_UnixNano(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].i = tget(&r[0]);
}
static void t_UnixMicro(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].i = floordiv(tget(&r[0]), 1000);
}
static void t_UnixMilli(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].i = floordiv(tget(&r[0]), 1000000);
}
static void t_Unix(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].i = floordiv(tget(&r[0]), SECOND);
}
static void t_Nanosecond(struct vmstate *vm, vmslot *r) {
    (void)vm;
    int64_t n = tget(&r[0]) % SECOND;
    r[1].i = n < 0 ? n + SECOND : n;
}

/* ---- Sleep, After, Tick ---- */

/* func Sleep(d Duration): parks the goroutine on the runtime's timers */
static void time_Sleep(struct vmstate *vm, vmslot *r) {
    (void)vm;
    if (r[0].i > 0) gort_sleep(r[0].i);
}
static void time_After(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].p = gort_after(r[0].i);
}
static void time_Tick(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].p = gort_tick(r[0].i);
}

/* ---- Timer, Ticker ---- */

typedef struct timer {
    gort_chan *C;
    void *r; /* gort_timer or gort_ticker (GC heap) */
} timer;

static const uint8_t mask_2[] = {0x03};
static const gort_type timer_type = {.size = sizeof(timer), .align = 8, .ptrwords = 2, .ptrmask = mask_2,
                                     .name = "time.Timer", .kind = GORT_KIND_STRUCT};

static timer *new_timer(gort_chan *c, void *t) {
    timer *tm = gort_new(&timer_type);
    gort_store_ptr((void **)(void *)&tm->C, c);
    gort_store_ptr(&tm->r, t);
    return tm;
}

static timer *timer_recv(const vmslot *r, const char *msg) {
    timer *t = r[0].p;
    if (!t) gort_panic_nil(0, 0);
    if (!t->r) gort_panic_str(msg);
    return t;
}

static void time_NewTimer(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_timer *t = gort_timer_make(r[0].i);
    r[1].p = new_timer(gort_timer_chan(t), t);
}
static void timer_Stop(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].u = gort_timer_stop(timer_recv(r, "time: Stop called on uninitialized Timer")->r);
}
static void timer_Reset(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[2].u = gort_timer_reset(timer_recv(r, "time: Reset called on uninitialized Timer")->r, r[1].i);
}

/* The block vm_go_entry takes for a func() with no parameters:
 * {closure, vmfunc, vmshared}; only the closure is a heap pointer. */
static const uint8_t mask_cl[] = {0x01};
static const gort_type goblock_type = {.size = 24, .align = 8, .ptrwords = 1, .ptrmask = mask_cl,
                                       .name = "time.afterFunc", .kind = GORT_KIND_STRUCT};

/* func AfterFunc(d Duration, f func()) *Timer: the goroutine holds a
 * reference on the program's shared state from now on, as a pending `go`
 * does (a timer stopped before it fires keeps it until the program ends). */
static void time_AfterFunc(struct vmstate *vm, vmslot *r) {
    vmslot *cl = r[1].p;
    if (!cl) gort_panic_nil(0, 0);
    vmslot *b = gort_new(&goblock_type);
    gort_store_ptr(&b[0].p, cl);
    b[1].p = cl[0].p;
    b[2].p = vm->sh;
    __atomic_add_fetch(&vm->sh->refs, 1, __ATOMIC_RELAXED);
    r[2].p = new_timer(NULL, gort_after_func(r[0].i, vm_go_entry, b));
}

static void time_NewTicker(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_ticker *t = gort_ticker_make(r[0].i);
    r[1].p = new_timer(gort_ticker_chan(t), t);
}
static void ticker_Stop(struct vmstate *vm, vmslot *r) {
    (void)vm;
    timer *t = r[0].p;
    if (!t) gort_panic_nil(0, 0);
    if (t->r) gort_ticker_stop(t->r); /* Go: Stop of a zero Ticker does nothing */
}
static void ticker_Reset(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_ticker_reset(timer_recv(r, "time: Reset called on uninitialized Ticker")->r, r[1].i);
}

static const vmnative natives[] = {
    {"time.Duration.String", dur_String},
    {"time.Duration.Nanoseconds", dur_Nanoseconds},
    {"time.Duration.Microseconds", dur_Microseconds},
    {"time.Duration.Milliseconds", dur_Milliseconds},
    {"time.Duration.Seconds", dur_Seconds},
    {"time.Duration.Minutes", dur_Minutes},
    {"time.Duration.Hours", dur_Hours},
    {"time.Duration.Truncate", dur_Truncate},
    {"time.Duration.Round", dur_Round},
    {"time.Duration.Abs", dur_Abs},
    {"time.Now", time_Now},
    {"time.Since", time_Since},
    {"time.Until", time_Until},
    {"time.Unix", time_Unix},
    {"time.Time.Sub", t_Sub},
    {"time.Time.Add", t_Add},
    {"time.Time.After", t_After},
    {"time.Time.Before", t_Before},
    {"time.Time.Equal", t_Equal},
    {"time.Time.IsZero", t_IsZero},
    {"time.Time.Unix", t_Unix},
    {"time.Time.UnixNano", t_UnixNano},
    {"time.Time.UnixMicro", t_UnixMicro},
    {"time.Time.UnixMilli", t_UnixMilli},
    {"time.Time.Nanosecond", t_Nanosecond},
    {"time.Sleep", time_Sleep},
    {"time.After", time_After},
    {"time.Tick", time_Tick},
    {"time.NewTimer", time_NewTimer},
    {"time.(*Timer).Stop", timer_Stop},
    {"time.(*Timer).Reset", timer_Reset},
    {"time.AfterFunc", time_AfterFunc},
    {"time.NewTicker", time_NewTicker},
    {"time.(*Ticker).Stop", ticker_Stop},
    {"time.(*Ticker).Reset", ticker_Reset},
};
const vmnative_table vm_natives_time = {natives, (int)(sizeof natives / sizeof natives[0])};
