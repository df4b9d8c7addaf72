/*
 * panic.c — defer, panic, recover and Goexit on setjmp frames.
 *
 * Go's compiler knows every function's deferred calls and every stack
 * frame's extent; C code tells the runtime instead.  A function that
 * defers opens a frame (GORT_FRAME_BEGIN): a gort_frame record in its own
 * stack frame, holding a jmp_buf taken right there and the list of its
 * pending deferred calls.  Frames are linked newest-first from G.frames,
 * so each goroutine has a stack of setjmp points parallel to its C stack:
 *
 *     C stack (grows down)                G.frames
 *     +--------------------------+
 *     | main_fn                  |
 *     |   gort_frame A  <--------+------- A.link = NULL
 *     |     defers: d2 -> d1     |
 *     | handler (no frame)       |
 *     | parse                    |
 *     |   gort_frame B  <--------+------- B.link = &A
 *     |     defers: d3           |
 *     | gort_panic(v)            |        G.panic -> p {arg = v}
 *     +--------------------------+        G.frames = &B
 *
 * gort_panic(v) pushes an rt_panic on G.panic and walks the frames from
 * the innermost: it calls each pending deferred call (d3, then d2, d1),
 * leaving the record on its frame marked "started" while it runs, and
 * unlinks a frame once its list is empty.  If a deferred call recovers,
 * the panic is over: after that call returns the runtime longjmps to the
 * jmp_buf of the frame that deferred it, which lands in GORT_FRAME_BEGIN's
 * setjmp; the macro jumps to GORT_FRAME_END, which runs the frame's
 * remaining deferred calls, and the function continues after it: it
 * "returns normally", as Go puts it.  Frames below the recovering one are
 * already unlinked (their deferred calls ran during the panic), frames
 * above it are untouched.  If no deferred call recovers, the panic prints
 * "panic: v" and the goroutine's backtrace, and exits with status 2.
 *
 * Nested panics follow Go's panic.go exactly.  A panic raised inside a
 * deferred call finds that call's record still started by the older panic:
 * it marks the older panic aborted, drops the record and carries on.
 * Aborted panics stay on G.panic until a recovery, so the fatal message
 * shows the whole history ("panic: first [recovered]\n\tpanic: second").
 * Goexit is a panic record that cannot be recovered (recover returns nil
 * while it is the newest); if a panic started inside one of its deferred
 * calls is recovered further out, the recovery returns to the Goexit loop
 * (its own setjmp point) rather than abandoning the Goexit.
 *
 * recover's rule — only the deferred function itself may recover — needs
 * to know who called gort_recover.  The panic runs each deferred call
 * through rt_calldefer, a few lines of assembly that store their frame
 * pointer in the panic (p->argp) and call fn from a known return address.
 * gort_recover, compiled with frame pointers, follows one link of the
 * frame-pointer chain: its caller's saved frame pointer must be
 * rt_calldefer's and its caller's return address must be rt_calldefer_ret.
 * A helper called by the deferred function fails the test (its saved frame
 * pointer is the deferred function's), as does a recursive call.  Code
 * built without frame pointers is recognised only approximately; see
 * docs/panic.md.
 *
 * Defer records: the first GORT_FRAME_INLINE_DEFERS of a frame live inside
 * the gort_frame (stack memory: defer + return makes no allocation, like
 * Go's stack-allocated defer records); more come from a per-P pool of
 * malloc'd records refilled from a global list.  The collector finds the
 * arguments of pooled records through rt_scandefers.
 *
 * Synchronous faults in goroutines become panics as in Go: the SIGSEGV /
 * SIGFPE handler (stack.c) calls rt_sigpanic_prepare, which rewrites the
 * signal context so that, when the handler returns, the goroutine "calls"
 * rt_sigpanic from the faulting instruction.  The panic therefore starts
 * in ordinary goroutine context, with the signal mask restored by
 * sigreturn, never by longjmp out of a signal handler.
 *
 * Invariants:
 *   - G.frames lists frames in stack order; every linked frame has
 *     cookie == its address ^ FRAME_MAGIC and g == its goroutine.
 *   - A record on a frame's list is either pending (started == 0) or is
 *     being run by exactly the panic d->panic (NULL once that was aborted).
 *   - p->argp != 0 exactly while rt_calldefer runs a deferred call for p.
 *
 * Rejected alternatives: a single defer chain on the G, as Go has (the
 * frame is where a recovery must land, so grouping records under it makes
 * both the walk and the landing direct); unwinding with the C++/DWARF
 * unwinder (needs -fexceptions everywhere and cleanup attributes, and
 * cannot resume a frame in the middle); longjmp out of the signal handler
 * (leaves the signal blocked and the handler's state behind).
 */
#include "runtime.h"

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <ucontext.h>
#include <unistd.h>

#if GORT_SANITIZE_ADDRESS
void __asan_handle_no_return(void);
#endif

int rt_runningPanicDefers;
int rt_panicking;

/* ---------------------------------------------------------------------- */
/* rt_calldefer: the one caller of deferred calls run by a panic           */
/* ---------------------------------------------------------------------- */

/* Calls fn(arg) after storing its own frame pointer in *argp. */
void rt_calldefer(gort_func fn, void *arg, uintptr_t *argp);

#if defined(__x86_64__)
#define HAVE_CALLDEFER_RET 1
extern const char rt_calldefer_ret[];
__asm__(".text\n"
        ".p2align 4\n"
        ".globl rt_calldefer\n"
        ".hidden rt_calldefer\n"
        ".type rt_calldefer, @function\n"
        "rt_calldefer:\n"
        ".cfi_startproc\n"
#if defined(__CET__)
        "endbr64\n"
#endif
        "pushq %rbp\n"
        ".cfi_def_cfa_offset 16\n"
        ".cfi_offset %rbp, -16\n"
        "movq %rsp, %rbp\n"
        ".cfi_def_cfa_register %rbp\n"
        "movq %rbp, (%rdx)\n"
        "movq %rdi, %rax\n"
        "movq %rsi, %rdi\n"
        "callq *%rax\n"
        ".globl rt_calldefer_ret\n"
        ".hidden rt_calldefer_ret\n"
        "rt_calldefer_ret:\n"
        "popq %rbp\n"
        ".cfi_def_cfa %rsp, 8\n"
        "ret\n"
        ".cfi_endproc\n"
        ".size rt_calldefer, .-rt_calldefer\n");
#elif defined(__aarch64__)
#define HAVE_CALLDEFER_RET 1
extern const char rt_calldefer_ret[];
__asm__(".text\n"
        ".p2align 2\n"
        ".globl rt_calldefer\n"
        ".hidden rt_calldefer\n"
        ".type rt_calldefer, %function\n"
        "rt_calldefer:\n"
        ".cfi_startproc\n"
#if defined(__ARM_FEATURE_BTI_DEFAULT)
        "bti c\n"
#endif
        "stp x29, x30, [sp, #-16]!\n"
        ".cfi_def_cfa_offset 16\n"
        ".cfi_offset x29, -16\n"
        ".cfi_offset x30, -8\n"
        "mov x29, sp\n"
        ".cfi_def_cfa_register x29\n"
        "str x29, [x2]\n"
        "mov x3, x0\n"
        "mov x0, x1\n"
        "blr x3\n"
        ".globl rt_calldefer_ret\n"
        ".hidden rt_calldefer_ret\n"
        "rt_calldefer_ret:\n"
        "ldp x29, x30, [sp], #16\n"
        ".cfi_def_cfa sp, 0\n"
        ".cfi_restore x29\n"
        ".cfi_restore x30\n"
        "ret\n"
        ".cfi_endproc\n"
        ".size rt_calldefer, .-rt_calldefer\n");
#else
#define HAVE_CALLDEFER_RET 0
RT_NOINLINE void rt_calldefer(gort_func fn, void *arg, uintptr_t *argp) {
    *argp = (uintptr_t)__builtin_frame_address(0);
    fn(arg);
    __asm__ volatile("" ::: "memory"); /* no tail call: keep this frame */
}
#endif

/* ---------------------------------------------------------------------- */
/* Defer records                                                           */
/* ---------------------------------------------------------------------- */

#define FRAME_MAGIC ((uintptr_t)0x9e3779b97f4a7c15ull)

static rt_mutex deferlock;         /* guards deferfree */
static gort_defer_rec *deferfree;  /* global pool, linked by link */

static inline uintptr_t frame_cookie(const gort_frame *f) {
    return (uintptr_t)f ^ FRAME_MAGIC;
}

static gort_defer_rec *pool_get(void) {
    M *mp = rt_getm();
    P *pp = mp->p;
    gort_defer_rec *d;
    if (unlikely(!pp)) {
        d = malloc(sizeof *d);
        if (!d) rt_throw("runtime: out of memory allocating defer record");
        return d;
    }
    mp->locks++;
    if (pp->ndeferpool == 0) {
        rt_lock(&deferlock);
        while (pp->ndeferpool < DEFER_CACHE / 2 && deferfree) {
            d = deferfree;
            deferfree = d->link;
            pp->deferpool[pp->ndeferpool++] = d;
        }
        rt_unlock(&deferlock);
        while (pp->ndeferpool < DEFER_CACHE / 2) {
            d = malloc(sizeof *d);
            if (!d) rt_throw("runtime: out of memory allocating defer record");
            pp->deferpool[pp->ndeferpool++] = d;
        }
    }
    d = pp->deferpool[--pp->ndeferpool];
    mp->locks--;
    return d;
}

static void pool_put(gort_defer_rec *d) {
    M *mp = rt_getm();
    P *pp = mp->p;
    if (unlikely(!pp)) {
        free(d);
        return;
    }
    mp->locks++;
    if (pp->ndeferpool == DEFER_CACHE) {
        rt_lock(&deferlock);
        while (pp->ndeferpool > DEFER_CACHE / 2) {
            gort_defer_rec *x = pp->deferpool[--pp->ndeferpool];
            x->link = deferfree;
            deferfree = x;
        }
        rt_unlock(&deferlock);
    }
    pp->deferpool[pp->ndeferpool++] = d;
    mp->locks--;
}

static inline gort_defer_rec *newdefer(gort_frame *f) {
    gort_defer_rec *d;
    if (likely(f->ninline < GORT_FRAME_INLINE_DEFERS)) {
        d = &f->inl[f->ninline++];
        d->pooled = 0;
    } else {
        d = pool_get();
        d->pooled = 1;
    }
    return d;
}

/* Releases d, already unlinked from f. */
static inline void freedefer(gort_frame *f, gort_defer_rec *d) {
    if (d->pooled) {
        pool_put(d);
        return;
    }
    /* Inline slots are released in LIFO order; one freed out of order
     * simply stays unused until the frame ends. */
    if (f->ninline > 0 && d == &f->inl[f->ninline - 1]) f->ninline--;
}

static void unlinkdefer(gort_frame *f, gort_defer_rec *d) {
    gort_defer_rec **pp = &f->defers;
    while (*pp && *pp != d) pp = &(*pp)->link;
    if (!*pp) rt_throw("bad defer entry in panic");
    *pp = d->link;
    d->link = NULL;
}

/* ---------------------------------------------------------------------- */
/* Frames                                                                  */
/* ---------------------------------------------------------------------- */

static inline bool onstack(G *gp, const void *p) {
    return (uintptr_t)p >= gp->stack_lo && (uintptr_t)p < gp->stack_hi;
}

static GORT_NORETURN RT_NOINLINE void frameleftopen(const gort_frame *f) {
    rt_throwf("defer frame %p left open: a function returned or jumped out "
              "of GORT_FRAME_BEGIN without reaching GORT_FRAME_END (use "
              "GORT_FRAME_RETURN or GORT_FRAME_LEAVE)",
              (const void *)f);
}

/* f is linked on gp: throws if it is stale (its function returned without
 * closing it, and its memory has been reused). */
static inline void checkframe(G *gp, const gort_frame *f) {
    if (unlikely(f->cookie != frame_cookie(f) || f->g != gp))
        frameleftopen(f);
}

RT_NOINLINE void gort_frame_push(gort_frame *f) {
    G *gp = rt_getg();
    if (unlikely(!gp)) gp = rt_mustg("GORT_FRAME_BEGIN");
    /* Our caller's stack pointer: the same for every frame one function
     * opens, lower for frames its callees open. */
    uintptr_t sp = (uintptr_t)__builtin_dwarf_cfa();
    gort_frame *top = gp->frames;
    if (top) {
        checkframe(gp, top);
        /* A live outer frame belongs to this function or a caller; if its
         * function is deeper, it returned without closing the frame. */
        if (unlikely(sp > top->sp)) frameleftopen(top);
    }
    f->sp = sp;
    f->link = top;
    f->defers = NULL;
    f->resume = NULL;
    f->resume_tag = NULL;
    f->g = gp;
    f->ninline = 0;
    f->fast = 0;
    f->cookie = frame_cookie(f);
    gp->frames = f;
}

/* Runs d's call as a normal (not panicking) deferred call. */
static inline void calldeferred(gort_func fn, void *arg) {
    if (unlikely(!fn))
        rt_panicrt("invalid memory address or nil pointer dereference");
    fn(arg);
}

void gort_frame_end(gort_frame *f) {
    if (unlikely(f->cookie != frame_cookie(f)))
        rt_throwf("GORT_FRAME_END: frame %p is not open", (void *)f);
    G *gp = f->g;
    if (unlikely(gp->frames != f)) frameleftopen(gp->frames);
    gort_defer_rec *d;
    while ((d = f->defers) != NULL) {
        /* Unlinked before the call, as Go's deferreturn does: if it
         * panics, the panic runs the remaining calls but not this one. */
        f->defers = d->link;
        gort_func fn = d->fn;
        void *arg = d->arg;
        freedefer(f, d);
        calldeferred(fn, arg);
    }
    if (unlikely(gp->frames != f)) frameleftopen(gp->frames);
    gp->frames = f->link;
    f->cookie = 0;
}

static inline void pushdefer(gort_frame *f, gort_func fn, void *arg,
                             void *tag) {
    gort_defer_rec *d = newdefer(f);
    d->fn = fn;
    d->arg = arg;
    d->tag = tag;
    d->panic = NULL;
    d->started = 0;
    d->unwinder = 0;
    d->link = f->defers;
    f->defers = d;
}

void gort_defer(gort_func fn, void *arg) {
    G *gp = rt_getg();
    if (unlikely(!gp)) gp = rt_mustg("gort_defer");
    gort_frame *f = gp->frames;
    if (unlikely(!f))
        rt_throw("gort_defer: no open frame (open one with GORT_FRAME_BEGIN)");
    checkframe(gp, f);
    pushdefer(f, fn, arg, NULL);
}

void gort_frame_defer(gort_frame *f, gort_func fn, void *arg, void *tag) {
    if (unlikely(f->cookie != frame_cookie(f)))
        rt_throwf("gort_frame_defer: frame %p is not open", (void *)f);
    pushdefer(f, fn, arg, tag);
}

void gort_frame_defer_unwinder(gort_frame *f, gort_func fn, void *arg) {
    gort_frame_defer(f, fn, arg, NULL);
    f->defers->unwinder = 1;
}

void gort_frame_run_defers(gort_frame *f, void *tag) {
    G *gp = rt_getg();
    if (unlikely(!gp)) gp = rt_mustg("gort_frame_run_defers");
    checkframe(gp, f);
    gort_defer_rec *d;
    while ((d = f->defers) != NULL && d->tag == tag) {
        f->defers = d->link;
        gort_func fn = d->fn;
        void *arg = d->arg;
        freedefer(f, d);
        calldeferred(fn, arg);
    }
}

void rt_scandefers(G *gp, void (*mark)(void *ptr, void *ctx), void *ctx) {
    for (gort_frame *f = gp->frames; f; f = f->link)
        for (gort_defer_rec *d = f->defers; d; d = d->link)
            if (d->arg) mark(d->arg, ctx);
    for (struct rt_panic *p = gp->panic; p; p = p->link)
        if (p->arg.data) mark((void *)(uintptr_t)p->arg.data, ctx);
}

/* ---------------------------------------------------------------------- */
/* Panic                                                                   */
/* ---------------------------------------------------------------------- */

static GORT_NORETURN void rt_fatalpanic(G *gp);
static void printpanicval(gort_any v);
static void preprintpanics(G *gp);
static __thread int printingpanic; /* this thread is in rt_fatalpanic */

/* Stops the panic p: recovered by the deferred call with the given tag
 * of frame f, which that call's return has just left. */
static GORT_NORETURN void recovery(G *gp, struct rt_panic *p, gort_frame *f,
                                   void *tag) {
    gp->panic = p->link;
    axadd(&rt_runningPanicDefers, -1);
    if (gp->panic && gp->panic->goexit && gp->panic->aborted) {
        /* A normal recovery would abandon the Goexit whose deferred call
         * raised this panic: resume the Goexit loop instead. */
        longjmp(*(jmp_buf *)gp->panic->goexitjb, 1);
    }
    /* The aborted panics end here too: each was counted in
     * rt_runningPanicDefers when it started (Go 1.19 forgets to lower it
     * for them, and gort_main would then wait out its whole grace period
     * at exit). */
    while (gp->panic && gp->panic->aborted) {
        if (!gp->panic->goexit) axadd(&rt_runningPanicDefers, -1);
        gp->panic = gp->panic->link;
    }
    if (!gp->panic) gp->sig = 0;
    if (unlikely(!onstack(gp, (void *)f->sp)))
        rt_throwf("recovery: frame %p not on goroutine %lld's stack",
                  (void *)f, (long long)gp->goid);
    f->resume_tag = tag;
#if GORT_SANITIZE_ADDRESS
    __asan_handle_no_return(); /* the frames we jump over are gone */
#endif
    if (f->resume) longjmp(*f->resume, 1);
#if defined(__x86_64__) || (defined(__aarch64__) && !defined(__clang__))
    if (f->fast) __builtin_longjmp(f->fastjb, 1);
#endif
    longjmp(f->jb, 1);
}

/* The panic loop: runs deferred calls for p until one recovers (then does
 * not return) or none is left. */
static void rundefers(G *gp, struct rt_panic *p) {
    for (;;) {
        gort_frame *f = gp->frames;
        if (!f) return;
        checkframe(gp, f);
        gort_defer_rec *d = f->defers;
        if (!d) {
            gp->frames = f->link; /* every deferred call of f has run */
            f->cookie = 0;
            continue;
        }
        if (d->started) {
            /* Started by an earlier panic or Goexit, which will not
             * continue (we are back here because d's call panicked). */
            if (d->panic) d->panic->aborted = true;
            d->panic = NULL;
            if (!d->unwinder) {
                unlinkdefer(f, d);
                freedefer(f, d);
                continue;
            }
        }
        d->started = 1;
        d->panic = p;
        if (unlikely(!d->fn)) {
            unlinkdefer(f, d);
            freedefer(f, d);
            rt_panicrt("invalid memory address or nil pointer dereference");
        }
        p->deferfn = d->fn;
        rt_calldefer(d->fn, d->arg, &p->argp);
        p->argp = 0;
        p->deferfn = NULL;
        /* The call returned.  It may have deferred more calls on f (a
         * deferred function without a frame of its own), so d need not be
         * the head any more. */
        d->panic = NULL;
        void *tag = d->tag;
        unlinkdefer(f, d);
        freedefer(f, d);
        if (p->recovered) recovery(gp, p, f, tag);
    }
}

GORT_NORETURN void gort_panic(gort_any v) {
    M *mp = rt_getm();
    G *gp = mp ? mp->curg : NULL;
    if (unlikely(gp && gp->preprinting && !printingpanic && !mp->locks)) {
        /* Go's preprintpanics: "...: <string value>" or "...: type T" */
        char msg[256];
        if (v.type == &gort_type_string)
            snprintf(msg, sizeof msg, "panic while printing panic value: %.*s",
                     (int)((const gort_string *)v.data)->len, ((const gort_string *)v.data)->ptr);
        else
            snprintf(msg, sizeof msg, "panic while printing panic value: type %s",
                     v.type && v.type->name ? v.type->name : "nil");
        rt_throw(msg);
    }
    if (unlikely(!gp || printingpanic || mp->locks)) {
        rt_printf("panic: ");
        printpanicval(v);
        rt_printf("\n");
        if (printingpanic) rt_throw("panic while printing panic value");
        rt_throw(gp ? "panic holding locks" : "panic on system stack");
    }
    struct rt_panic p;
    memset(&p, 0, sizeof p);
    p.arg = v;
    p.link = gp->panic;
    gp->panic = &p;
    axadd(&rt_runningPanicDefers, 1);
    rundefers(gp, &p);
    preprintpanics(gp);
    rt_fatalpanic(gp);
}

/* Go's preprintpanics: the goroutine's interpreter turns its values into
 * what an unrecovered panic prints (an error's text...), while it can
 * still run script code. */
static void preprintpanics(G *gp) {
    const gort_vm_hooks *hk = gp->hooks;
    if (!hk || !hk->preprint) return;
    gp->preprinting = true; /* a panic in there: "panic while printing panic value" */
    for (struct rt_panic *q = gp->panic; q; q = q->link)
        if (!q->goexit) hk->preprint(gp->hooks_ctx, &q->arg);
    gp->preprinting = false;
}

static gort_string copystring(const char *s, size_t n) {
    char *b = gort_alloc(n + 1, NULL);
    memcpy(b, s, n);
    return (gort_string){b, (intptr_t)n};
}

gort_any gort_any_string(const char *s) {
    if (!s) s = "";
    gort_string tmp = copystring(s, strlen(s));
    gort_string *str = gort_new(&gort_type_string);
    rt_typedmemmove(&gort_type_string, str, &tmp); /* barrier: see newerror */
    return (gort_any){&gort_type_string, str};
}

gort_any gort_any_int(int64_t n) {
    int64_t *b = gort_new(&gort_type_int);
    *b = n;
    return (gort_any){&gort_type_int, b};
}

gort_any gort_box(const gort_type *t, const void *value) {
    if (!t) return GORT_NIL;
    void *b = gort_new(t);
    if (value) rt_typedmemmove(t, b, value);
    return (gort_any){t, b};
}

GORT_NORETURN void gort_panic_str(const char *msg) {
    gort_panic(gort_any_string(msg));
}

static gort_string vformat(const char *fmt, va_list ap) {
    char small[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) n = 0;
    if ((size_t)n < sizeof small) {
        va_end(ap2);
        return copystring(small, (size_t)n);
    }
    char *b = gort_alloc((size_t)n + 1, NULL);
    vsnprintf(b, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return (gort_string){b, n};
}

GORT_NORETURN void gort_panicf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    gort_string s = vformat(fmt, ap);
    va_end(ap);
    gort_string *str = gort_new(&gort_type_string);
    rt_typedmemmove(&gort_type_string, str, &s);
    gort_panic((gort_any){&gort_type_string, str});
}

/* ---------------------------------------------------------------------- */
/* recover                                                                 */
/* ---------------------------------------------------------------------- */

/* Is the function whose frame pointer is fp (gort_recover's caller) the
 * deferred function that rt_calldefer (frame pointer argp) called? */
static bool calledbydefer(G *gp, uintptr_t fp, uintptr_t argp) {
    if (fp == argp) return true; /* caller keeps no frame pointer */
    if (fp < gp->stack_lo || fp + 2 * sizeof(uintptr_t) > gp->stack_hi ||
        (fp & (sizeof(uintptr_t) - 1)))
        return false;
    const uintptr_t *rec = (const uintptr_t *)fp; /* {saved fp, return pc} */
    if (rec[0] != argp) return false;
#if HAVE_CALLDEFER_RET
    return rec[1] == (uintptr_t)rt_calldefer_ret;
#else
    return true;
#endif
}

/* Length of a symbol's base name: "f.part.0", "f.lto_priv.0" -> "f". */
static size_t baselen(const char *s) { return strcspn(s, "."); }

/* Is fn the function named func?  Compares base names; true when either
 * name is unknown (a stripped binary). */
static bool samefunc(gort_func fn, const char *func) {
    static __thread struct {
        gort_func fn;
        const char *name;    /* fn's symbol */
        const char *func;    /* last name compared with it, and result */
        bool same;
    } cache[16];
    unsigned i = (unsigned)(((uintptr_t)fn >> 4) % 16);
    if (cache[i].fn != fn) {
        cache[i].name = rt_funcname((uintptr_t)fn);
        cache[i].fn = fn;
        cache[i].func = NULL;
    }
    if (func && cache[i].func == func) return cache[i].same;
    const char *name = cache[i].name;
    bool same = true;
    if (name && func && strcmp(name, "?") && strcmp(func, "?")) {
        size_t n = baselen(func);
        same = baselen(name) == n && strncmp(name, func, n) == 0;
    }
    cache[i].func = func;
    cache[i].same = same;
    return same;
}

/* The recover test.  fp: the caller's frame pointer; func: the caller's
 * name (__func__), or NULL to look it up from its return address ra. */
static gort_any dorecover(uintptr_t fp, const char *func, uintptr_t ra) {
    G *gp = rt_getg();
    if (!gp) return GORT_NIL;
    struct rt_panic *p = gp->panic;
    if (!p || p->goexit || p->recovered || !p->argp) return GORT_NIL;
    if (!calledbydefer(gp, fp, p->argp)) return GORT_NIL;
    if (!func) func = rt_funcname(ra - 1);
    if (!samefunc(p->deferfn, func)) return GORT_NIL;
    p->recovered = true;
    return p->arg;
}

RT_NOINLINE gort_any gort_recover_from(const char *func) {
    const uintptr_t *fp = __builtin_frame_address(0);
    return dorecover(fp[0], func ? func : "?", 0);
}

/* Without __func__, the caller is named by its return address: a helper
 * that the deferred function reached by a jump (a tail call) differs. */
RT_NOINLINE gort_any(gort_recover)(void) {
    const uintptr_t *fp = __builtin_frame_address(0);
    return dorecover(fp[0], NULL, (uintptr_t)__builtin_return_address(0));
}

bool gort_recovered(void) {
    G *gp = rt_getg();
    return gp && gp->panic && gp->panic->recovered;
}

gort_any gort_recover_unchecked(void) {
    G *gp = rt_getg();
    if (!gp) return GORT_NIL;
    struct rt_panic *p = gp->panic;
    if (!p || p->goexit || p->recovered || !p->argp) return GORT_NIL;
    p->recovered = true;
    return p->arg;
}

/* ---------------------------------------------------------------------- */
/* Goexit                                                                  */
/* ---------------------------------------------------------------------- */

/* Runs every deferred call of gp for the Goexit p. */
static RT_NOINLINE void goexit_rundefers(G *gp, struct rt_panic *p) {
    p->aborted = false; /* back here after a bypassed recovery */
    for (;;) {
        gort_frame *f = gp->frames;
        if (!f) return;
        checkframe(gp, f);
        gort_defer_rec *d = f->defers;
        if (!d) {
            gp->frames = f->link;
            f->cookie = 0;
            continue;
        }
        if (d->started) {
            if (d->panic) d->panic->aborted = true;
            d->panic = NULL;
            if (!d->unwinder) {
                unlinkdefer(f, d);
                freedefer(f, d);
                continue;
            }
        }
        d->started = 1;
        d->panic = p;
        gort_func fn = d->fn;
        if (unlikely(!fn)) {
            unlinkdefer(f, d);
            freedefer(f, d);
            rt_panicrt("invalid memory address or nil pointer dereference");
        }
        fn(d->arg); /* recover is nil here: Goexit is not a panic */
        d->panic = NULL;
        unlinkdefer(f, d);
        freedefer(f, d);
    }
}

GORT_NORETURN void gort_goexit(void) {
    G *gp = rt_mustg("gort_goexit");
    struct rt_panic p;
    jmp_buf jb;
    memset(&p, 0, sizeof p);
    p.goexit = true;
    p.link = gp->panic;
    p.goexitjb = &jb;
    gp->panic = &p;
    (void)setjmp(jb); /* a recovery that bypasses this Goexit lands here */
    goexit_rundefers(rt_getg(), &p);
    gp = rt_getg();
    /* Panics whose deferred call this Goexit aborted never finish. */
    for (struct rt_panic *q = p.link; q; q = q->link)
        if (!q->goexit) axadd(&rt_runningPanicDefers, -1);
    if (gp->ismain && gp->donenote) {
        /* The main goroutine: the program does not end; it goes on until
         * the other goroutines finish (then checkdead reports "no
         * goroutines (main called runtime.Goexit) - deadlock!"), exit or
         * panic.  gort_main's thread sleeps on its note forever. */
        gp->donenote = NULL;
    }
    rt_goexit1();
}

/* ---------------------------------------------------------------------- */
/* Errors                                                                  */
/* ---------------------------------------------------------------------- */

typedef struct errorString {
    gort_error e;
    gort_string s;
} errorString;

static int fmt_errorString(char *b, size_t n, const void *v) {
    const errorString *e = v;
    return snprintf(b, n, "%.*s", (int)e->s.len, e->s.ptr);
}

static int fmt_runtimeError(char *b, size_t n, const void *v) {
    const errorString *e = v;
    return snprintf(b, n, "runtime error: %.*s", (int)e->s.len, e->s.ptr);
}

static const uint8_t errorString_mask[1] = {0x2}; /* word 1: s.ptr */

#define ERRTYPE(var, nm, f)                                                    \
    static const gort_type var = {.size = sizeof(errorString),                 \
                                  .align = _Alignof(errorString),              \
                                  .ptrwords = 2,                               \
                                  .ptrmask = errorString_mask,                 \
                                  .name = nm,                                  \
                                  .kind = GORT_KIND_ERROR,                     \
                                  .format = f}
ERRTYPE(type_errorString, "*errors.errorString", fmt_errorString);
ERRTYPE(type_plainError, "runtime.plainError", fmt_errorString);
ERRTYPE(type_runtimeError, "runtime.Error", fmt_runtimeError);

static gort_error *newerror(const gort_type *t, gort_string s) {
    errorString *e = gort_new(t);
    e->e.type = t;
    /* With a barrier though e is new: s was allocated first, so with a
     * cycle started in between e is black and s's bytes white, and they
     * may be gone from our stack before the collector scans it. */
    rt_typedmemmove(&gort_type_string, &e->s, &s);
    return &e->e;
}

gort_error *gort_error_new(const char *msg) {
    if (!msg) msg = "";
    return newerror(&type_errorString, copystring(msg, strlen(msg)));
}

gort_error *gort_errorf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    gort_string s = vformat(fmt, ap);
    va_end(ap);
    return newerror(&type_errorString, s);
}

const char *gort_error_message(const gort_error *err) {
    if (!err) return "<nil>";
    char small[256];
    gort_any v = {err->type, err};
    int n = gort_any_format(v, small, sizeof small);
    if (n < 0) n = 0;
    char *b = gort_alloc((size_t)n + 1, NULL);
    if ((size_t)n < sizeof small)
        memcpy(b, small, (size_t)n + 1);
    else
        gort_any_format(v, b, (size_t)n + 1);
    return b;
}

gort_any gort_any_error(gort_error *err) {
    if (!err) return GORT_NIL;
    return (gort_any){err->type, err};
}

gort_error *gort_any_to_error(gort_any v) {
    if (!v.type || v.type->kind != GORT_KIND_ERROR) return NULL;
    return (gort_error *)(uintptr_t)v.data;
}

bool gort_error_is_runtime(const gort_error *err) {
    return err &&
           (err->type == &type_plainError || err->type == &type_runtimeError);
}

GORT_NORETURN void rt_panicplain(const char *msg) {
    gort_error *e =
        newerror(&type_plainError, (gort_string){msg, (intptr_t)strlen(msg)});
    gort_panic(gort_any_error(e));
}

static GORT_NORETURN void vpanicrt(const char *fmt, va_list ap) {
    gort_panic(gort_any_error(newerror(&type_runtimeError, vformat(fmt, ap))));
}

GORT_NORETURN void rt_panicrt(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vpanicrt(fmt, ap);
}

GORT_NORETURN void gort_panic_runtime(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vpanicrt(fmt, ap);
}

GORT_NORETURN void gort_panic_plainerror(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    gort_string s = vformat(fmt, ap);
    va_end(ap);
    gort_panic(gort_any_error(newerror(&type_plainError, s)));
}

/* An interpreter's explicit nil check: the panic a fault at address addr
 * would have raised, with the same "[signal SIGSEGV ...]" line when it
 * goes unrecovered (pc: the interpreter's own position, for that line). */
GORT_NORETURN void gort_panic_nil(uintptr_t addr, uintptr_t pc) {
    G *gp = rt_getg();
    if (gp && !gp->panic) {
        gp->sig = SIGSEGV;
        gp->sigcode0 = SEGV_MAPERR;
        gp->sigcode1 = addr;
        gp->sigpc = pc;
    }
    rt_panicrt("invalid memory address or nil pointer dereference");
}

/* ---------------------------------------------------------------------- */
/* Printing panic values (Go's printany / printanycustomtype)              */
/* ---------------------------------------------------------------------- */

/* A bounded writer with snprintf's "length wanted" result. */
typedef struct wbuf {
    char *b;
    size_t n, len;
} wbuf;

static void wput(wbuf *w, const char *s, size_t n) {
    if (w->len < w->n) {
        size_t room = w->n - w->len;
        memcpy(w->b + w->len, s, n < room ? n : room);
    }
    w->len += n;
}

static void wputs(wbuf *w, const char *s) { wput(w, s, strlen(s)); }

static void wprintf(wbuf *w, const char *fmt, ...) GORT_PRINTF(2, 3);
static void wprintf(wbuf *w, const char *fmt, ...) {
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) wput(w, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Go's print(float64): sign, 7 significant digits, 3-digit exponent
 * ("+1.500000e+000"), the same arithmetic as runtime.printfloat so the
 * digits agree.  Shared with the VM's print/println (vm/src/interp.c). */
size_t gort_printfloat(double v, char *out) {
    if (v != v) {
        memcpy(out, "NaN", 3);
        return 3;
    }
    if (v + v == v && v != 0) {
        memcpy(out, v > 0 ? "+Inf" : "-Inf", 4);
        return 4;
    }
    enum { N = 7 };
    char buf[N + 7];
    int e = 0;
    buf[0] = '+';
    if (v == 0) {
        if (1 / v < 0) buf[0] = '-';
    } else {
        if (v < 0) {
            v = -v;
            buf[0] = '-';
        }
        while (v >= 10) {
            e++;
            v /= 10;
        }
        while (v < 1) {
            e--;
            v *= 10;
        }
        double h = 5.0;
        for (int i = 0; i < N; i++) h /= 10;
        v += h;
        if (v >= 10) {
            e++;
            v /= 10;
        }
    }
    for (int i = 0; i < N; i++) {
        int s = (int)v;
        buf[i + 2] = (char)(s + '0');
        v -= s;
        v *= 10;
    }
    buf[1] = buf[2];
    buf[2] = '.';
    buf[N + 2] = 'e';
    buf[N + 3] = '+';
    if (e < 0) {
        e = -e;
        buf[N + 3] = '-';
    }
    buf[N + 4] = (char)(e / 100 + '0');
    buf[N + 5] = (char)(e / 10 % 10 + '0');
    buf[N + 6] = (char)(e % 10 + '0');
    memcpy(out, buf, sizeof buf);
    return sizeof buf;
}

static void wfloat(wbuf *w, double v) {
    char buf[GORT_PRINTFLOAT_MAX];
    wput(w, buf, gort_printfloat(v, buf));
}

static int64_t loadint(const void *p, size_t size) {
    switch (size) {
    case 1: return *(const int8_t *)p;
    case 2: return *(const int16_t *)p;
    case 4: return *(const int32_t *)p;
    default: return *(const int64_t *)p;
    }
}

static uint64_t loaduint(const void *p, size_t size) {
    switch (size) {
    case 1: return *(const uint8_t *)p;
    case 2: return *(const uint16_t *)p;
    case 4: return *(const uint32_t *)p;
    default: return *(const uint64_t *)p;
    }
}

/* Writes the value of a scalar kind as Go's print does; false if t's kind
 * is not a scalar. */
static bool wscalar(wbuf *w, const gort_type *t, const void *p) {
    switch (t->kind) {
    case GORT_KIND_BOOL:
        wputs(w, *(const bool *)p ? "true" : "false");
        return true;
    case GORT_KIND_INT: case GORT_KIND_INT8: case GORT_KIND_INT16:
    case GORT_KIND_INT32: case GORT_KIND_INT64:
        wprintf(w, "%lld", (long long)loadint(p, t->size));
        return true;
    case GORT_KIND_UINT: case GORT_KIND_UINT8: case GORT_KIND_UINT16:
    case GORT_KIND_UINT32: case GORT_KIND_UINT64: case GORT_KIND_UINTPTR:
        wprintf(w, "%llu", (unsigned long long)loaduint(p, t->size));
        return true;
    case GORT_KIND_FLOAT32:
        wfloat(w, t->size == sizeof(float) ? *(const float *)p
                                            : *(const double *)p);
        return true;
    case GORT_KIND_FLOAT64:
        wfloat(w, *(const double *)p);
        return true;
    case GORT_KIND_COMPLEX64:
        wputs(w, "(");
        wfloat(w, ((const float *)p)[0]);
        wfloat(w, ((const float *)p)[1]);
        wputs(w, "i)");
        return true;
    case GORT_KIND_COMPLEX128:
        wputs(w, "(");
        wfloat(w, ((const double *)p)[0]);
        wfloat(w, ((const double *)p)[1]);
        wputs(w, "i)");
        return true;
    default:
        return false;
    }
}

/* Is t one of Go's predeclared scalar types (printed without a type
 * name)?  The built-in descriptors, or any descriptor (a VM's, say) whose
 * name is the predeclared name of its kind. */
static bool isbuiltin(const gort_type *t) {
    static const char *const names[] = {
        [GORT_KIND_BOOL] = "bool",         [GORT_KIND_INT] = "int",
        [GORT_KIND_INT8] = "int8",         [GORT_KIND_INT16] = "int16",
        [GORT_KIND_INT32] = "int32",       [GORT_KIND_INT64] = "int64",
        [GORT_KIND_UINT] = "uint",         [GORT_KIND_UINT8] = "uint8",
        [GORT_KIND_UINT16] = "uint16",     [GORT_KIND_UINT32] = "uint32",
        [GORT_KIND_UINT64] = "uint64",     [GORT_KIND_UINTPTR] = "uintptr",
        [GORT_KIND_FLOAT32] = "float32",   [GORT_KIND_FLOAT64] = "float64",
        [GORT_KIND_COMPLEX64] = "complex64",
        [GORT_KIND_COMPLEX128] = "complex128",
    };
    if (t == &gort_type_bytes) return true;
    if ((size_t)t->kind >= RT_ARRAY_LEN(names) || !names[t->kind]) return false;
    if (t->name && !strcmp(t->name, names[t->kind])) return true;
    return (t->kind == GORT_KIND_UINT8 && t->name && !strcmp(t->name, "byte")) ||
           (t->kind == GORT_KIND_INT32 && t->name && !strcmp(t->name, "rune"));
}

static void wformatted(wbuf *w, const gort_type *t, const void *data) {
    char small[256];
    int n = t->format(small, sizeof small, data);
    if (n <= 0) return;
    if ((size_t)n < sizeof small) {
        wput(w, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        wput(w, small, sizeof small - 1);
        return;
    }
    t->format(big, (size_t)n + 1, data);
    wput(w, big, (size_t)n);
    free(big);
}

static void wany(wbuf *w, gort_any v) {
    const gort_type *t = v.type;
    if (!t) {
        wputs(w, "nil");
        return;
    }
    const char *name = t->name ? t->name : "?";
    if (t == &gort_type_string) {
        const gort_string *s = v.data;
        wput(w, s->ptr, (size_t)s->len);
        return;
    }
    if (t == &gort_type_cstring) {
        const char *s = *(const char *const *)v.data;
        wputs(w, s ? s : "(null)");
        return;
    }
    if (isbuiltin(t) && wscalar(w, t, v.data)) return;
    /* An error prints its Error() text, a type with a printer (Go's
     * Stringer) its String() text. */
    if (t->format && t != &gort_type_pointer) {
        wformatted(w, t, v.data);
        return;
    }
    switch (t->kind) {
    case GORT_KIND_STRING: {
        const gort_string *s = v.data;
        wputs(w, name);
        wputs(w, "(\"");
        wput(w, s->ptr, (size_t)s->len);
        wputs(w, "\")");
        return;
    }
    case GORT_KIND_COMPLEX64:
    case GORT_KIND_COMPLEX128:
        wputs(w, name);
        wscalar(w, t, v.data);
        return;
    case GORT_KIND_POINTER: case GORT_KIND_UNSAFE_POINTER:
    case GORT_KIND_MAP: case GORT_KIND_CHAN: case GORT_KIND_FUNC:
        /* Pointer-shaped: Go's interface holds the pointer itself. */
        wprintf(w, "(%s) %#lx", name,
                (unsigned long)*(const uintptr_t *)v.data);
        return;
    default:
        break;
    }
    size_t mark = w->len;
    wputs(w, name);
    wputs(w, "(");
    if (wscalar(w, t, v.data)) {
        wputs(w, ")");
        return;
    }
    w->len = mark;
    wprintf(w, "(%s) %#lx", name, (unsigned long)(uintptr_t)v.data);
}

int gort_any_format(gort_any v, char *buf, size_t n) {
    wbuf w = {buf, n, 0};
    wany(&w, v);
    if (n > 0) buf[w.len < n ? w.len : n - 1] = 0;
    return (int)w.len;
}

static void printpanicval(gort_any v) {
    char small[1024];
    int n = gort_any_format(v, small, sizeof small);
    if (n <= 0) return;
    if ((size_t)n < sizeof small) {
        rt_write(small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        rt_write(small, sizeof small - 1);
        return;
    }
    gort_any_format(v, big, (size_t)n + 1);
    rt_write(big, (size_t)n);
    free(big);
}

/* Go's printpanics: oldest first, each nested one indented by a tab,
 * Goexits skipped. */
void rt_printpanics(struct rt_panic *p) {
    if (p->link) {
        rt_printpanics(p->link);
        if (!p->link->goexit) rt_write("\t", 1);
    }
    if (p->goexit) return;
    rt_write("panic: ", 7);
    printpanicval(p->arg);
    if (p->recovered) rt_write(" [recovered]", 12);
    rt_write("\n", 1);
}

static const char *signame(int sig) {
    switch (sig) {
    case SIGSEGV: return "SIGSEGV: segmentation violation";
    case SIGBUS: return "SIGBUS: bus error";
    case SIGFPE: return "SIGFPE: floating-point exception";
    default: return "unknown signal";
    }
}

static void printsignal(G *gp) {
    rt_printf("[signal %s code=0x%lx addr=0x%lx pc=0x%lx]\n", signame(gp->sig),
              (unsigned long)gp->sigcode0, (unsigned long)gp->sigcode1,
              (unsigned long)gp->sigpc);
}

/* An unrecovered panic: print it and end the program.  The name starts
 * with rt_fatal so the backtrace starts at gort_panic, Go's panic(...). */
static GORT_NORETURN RT_NOINLINE void rt_fatalpanic(G *gp) {
    printingpanic = 1;
    if (axadd(&rt_panicking, 1) > 1) {
        /* Another goroutine is already printing its panic; it will exit. */
        for (;;) pause();
    }
    rt_flush_stdout();
    rt_printpanics(gp->panic);
    /* Go checks integer division explicitly, so its divide-by-zero panic
     * shows no signal; ours comes from SIGFPE but prints the same. */
    if (gp->sig && gp->sig != SIGFPE) printsignal(gp);
    if (rt_gotraceback() > 0) {
        rt_write("\n", 1);
        rt_dumpgoroutines(gp);
    }
    rt_exit(2);
}

/* ---------------------------------------------------------------------- */
/* Signals                                                                 */
/* ---------------------------------------------------------------------- */

/* Entered from a faulting instruction, as if it had called us (see
 * rt_sigpanic_prepare): turns the fault recorded in the G into a panic. */
#if defined(__x86_64__)
__attribute__((force_align_arg_pointer))
#endif
static GORT_NORETURN RT_NOINLINE __attribute__((used)) void
rt_sigpanic(void) {
    G *gp = rt_getg();
    switch (gp->sig) {
    case SIGSEGV:
    case SIGBUS:
        if (gp->sigcode1 < 0x1000)
            rt_panicrt("invalid memory address or nil pointer dereference");
        break;
    case SIGFPE:
        if (gp->sigcode0 == FPE_INTDIV) rt_panicrt("integer divide by zero");
        if (gp->sigcode0 == FPE_INTOVF) rt_panicrt("integer overflow");
        rt_panicrt("floating point error");
    }
    /* A wild (not nil) address: Go throws "fault" with this report. */
    M *mp = rt_getm();
    printingpanic = 1;
    if (axadd(&rt_panicking, 1) > 1)
        for (;;) pause();
    rt_flush_stdout();
    rt_printf("unexpected fault address 0x%lx\n", (unsigned long)gp->sigcode1);
    rt_printf("fatal error: fault\n");
    printsignal(gp);
    if (rt_gotraceback() > 0) {
        mp->dying = 1; /* a throw: show every goroutine */
        rt_write("\n", 1);
        rt_dumpgoroutines(gp);
    }
    rt_exit(2);
}

bool rt_sigpanic_prepare(int sig, void *info, void *ucv) {
    siginfo_t *si = info;
    if (sig != SIGSEGV && sig != SIGBUS && sig != SIGFPE) return false;
    if (si->si_code <= 0) return false; /* sent by kill/raise: not a fault */
    M *mp = rt_getm();
    G *gp = mp ? mp->curg : NULL;
    if (!gp || mp->locks || mp->dying || printingpanic ||
        ald(&gp->status) != Grunning)
        return false;
#if defined(__x86_64__) && defined(REG_RIP)
    ucontext_t *uc = ucv;
    greg_t *r = uc->uc_mcontext.gregs;
    uintptr_t pc = (uintptr_t)r[REG_RIP], sp = (uintptr_t)r[REG_RSP];
#elif defined(__aarch64__)
    ucontext_t *uc = ucv;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.pc;
    uintptr_t sp = (uintptr_t)uc->uc_mcontext.sp;
#else
    (void)ucv;
    return false;
#endif
    /* Only faults in goroutine code, on the goroutine's stack, with room
     * to push a return address. */
    if (sp < gp->stack_lo + 1024 || sp > gp->stack_hi) return false;
    gp->sig = sig;
    gp->sigcode0 = (uintptr_t)si->si_code;
    gp->sigcode1 = (uintptr_t)si->si_addr;
    gp->sigpc = pc;
#if defined(__x86_64__) && defined(REG_RIP)
    /* Push pc+1 as the return address: unwinders look up ra-1, which is
     * then the faulting instruction itself. */
    sp -= sizeof(uintptr_t);
    *(uintptr_t *)sp = pc + 1;
    r[REG_RSP] = (greg_t)sp;
    r[REG_RIP] = (greg_t)(uintptr_t)rt_sigpanic;
#elif defined(__aarch64__)
    uc->uc_mcontext.regs[30] = pc + 4;
    uc->uc_mcontext.pc = (uintptr_t)rt_sigpanic;
#endif
    return true;
}
