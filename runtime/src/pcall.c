/*
 * pcall.c — the protected call: gort_pcall runs a function and hands an
 * unrecovered panic back to its caller instead of ending the process, as
 * lua_pcall does for Lua errors.  docs/embedding.md teaches it.
 *
 * It is built from the ordinary panic machinery (panic.c), not beside it:
 * gort_pcall opens a frame that defers one function, catch(), and then
 * calls fn.  In Go:
 *
 *     func pcall(fn func()) (r any) {
 *         defer func() { r = recover() }()
 *         fn()
 *     }
 *
 * A panic in fn runs fn's own deferred calls first (they are newer), so
 * anything fn recovers itself stays recovered.  When the panic reaches
 * catch(), the panicking stack is still there: catch() prints the panic
 * lines (rt_printpanics) and the traceback (rt_traceback_g) into a buffer
 * instead of fd 2 (rt_capturing, traceback.c), then recovers.  The runtime
 * lands in pcall's GORT_FRAME_END, and gort_pcall returns
 * GORT_PCALL_PANIC:
 *
 *     host thread              goroutine (new)
 *     -----------              ---------------
 *     gort_pcall(fn)  ----->   run: FRAME { defer catch; fn() }
 *       (blocked in                   fn -> gort_panic(v)
 *        gort_call)                      fn's deferred calls
 *                                        catch(): capture text, recover
 *                                 FRAME_END (recovered: returns normally)
 *     <-----------------------  goroutine ends
 *     status PANIC, pi->value, pi->message, pi->traceback
 *
 * From a goroutine the same frame runs on the calling goroutine: no new
 * goroutine, and a Goexit in fn ends the caller, as Goexit always does.
 * From a thread, fn runs on a goroutine of its own (gort_call), and a
 * Goexit there ends only that goroutine: the caller sees
 * GORT_PCALL_GOEXIT.
 *
 * Invariants:
 *   - catch() calls gort_recover itself (recover's rule: the deferred
 *     function, called by the panic).
 *   - The value goes into *pi only after &pi->value is a registered root:
 *     a host thread's stack is not scanned, and the collector must not
 *     free the value while the host holds it.
 *   - Capture happens on one goroutine with no switch in between (the
 *     capture pointer is thread-local).
 *
 * Rejected alternatives: a flag on the G that turns rt_fatalpanic into a
 * longjmp to the caller (the stack would be abandoned with frames still
 * linked, and every fatal path would need to know about it); catching
 * throws too (a throw is a broken invariant: the runtime is not fit to
 * continue, Go never recovers one).
 */
#include "runtime.h"

#include <stdlib.h>

typedef struct pcallctx {
    gort_func fn;
    void *arg;
    gort_panic_info *pi;       /* caller's, or NULL */
    gort_pcall_status status;  /* set by catch() */
    bool returned;             /* fn returned */
} pcallctx;

enum { CAPTURE_MAX = 16 * 1024 };

/* Drops the frames above the newest gort_panic (catch(), rt_calldefer,
 * the panic loop), so that the traceback starts where Go's does: at the
 * panic call, then the function that panicked.  Frames are two lines. */
static void trimframes(char *tb) {
    char *body = strchr(tb, '\n');
    if (!body) return;
    body++;
    char *at = strstr(body, "gort_panic(...)\n");
    if (!at || (at != body && at[-1] != '\n')) return;
    memmove(body, at, strlen(at) + 1);
}

static char *capture(void (*print)(G *gp), G *gp, bool trim) {
    rt_capture c = {malloc(CAPTURE_MAX), 0, CAPTURE_MAX};
    if (!c.buf) return NULL;
    c.buf[0] = 0;
    rt_capturing = &c;
    print(gp);
    rt_capturing = NULL;
    if (trim) trimframes(c.buf);
    return c.buf;
}

static void printpanics(G *gp) { rt_printpanics(gp->panic); }
static void printtrace(G *gp) { rt_traceback_g(gp, true); }

/* The deferred call of the protected frame.  Runs when fn returned (does
 * nothing), during a Goexit (cannot stop it), or for a panic that fn did
 * not recover (captures and recovers it). */
static void pcall_catch(void *arg) {
    pcallctx *c = arg;
    if (c->returned) return;
    G *gp = rt_getg();
    if (!gp->panic || gp->panic->goexit) {
        c->status = GORT_PCALL_GOEXIT;
        return;
    }
    gort_panic_info *pi = c->pi;
    if (pi) {
        pi->message = capture(printpanics, gp, false);
        pi->traceback = capture(printtrace, gp, true);
    }
    gort_any v = gort_recover();
    c->status = GORT_PCALL_PANIC;
    if (pi) {
        gort_root_add(&pi->value, 2);
        pi->rooted_ = 1;
        pi->value = v;
    }
}

static RT_NOINLINE void pcall_run(pcallctx *c) {
    GORT_FRAME_BEGIN(f);
    gort_defer(pcall_catch, c);
    c->fn(c->arg);
    c->returned = true;
    GORT_FRAME_END(f);
}

static void pcall_trampoline(void *arg) { pcall_run(arg); }

gort_pcall_status gort_pcall(gort_func fn, void *arg, gort_panic_info *pi) {
    if (!fn) rt_throw("gort_pcall: nil func");
    if (pi) memset(pi, 0, sizeof *pi);
    pcallctx c = {fn, arg, pi, GORT_PCALL_GOEXIT, false};
    if (rt_getg()) pcall_run(&c);
    else gort_call(pcall_trampoline, &c);
    return c.returned ? GORT_PCALL_OK : c.status;
}

void gort_panic_info_free(gort_panic_info *pi) {
    if (!pi) return;
    if (pi->rooted_) gort_root_remove(&pi->value);
    free(pi->message);
    free(pi->traceback);
    memset(pi, 0, sizeof *pi);
}
