/*
 * interp.c: the bytecode interpreter.
 *
 * One C function, execute(), runs every VM-to-VM call of a goroutine: a
 * CALL pushes a frame record and jumps to the callee's first instruction,
 * a RET pops it and resumes the caller, and the C stack never grows with
 * the script's recursion (Lua's `goto startfunc`). Natives (the runtime's
 * string, panic and print helpers) are called from the loop like any C
 * function.
 *
 * Dispatch is by computed goto: the table of label addresses comes from
 * the X-macro in opcodes.h, so an opcode without a handler does not
 * compile. Configuring with -DGORT_VM_SWITCH=ON builds the same handlers
 * as the cases of a switch instead (for compilers without the extension
 * and to measure what threading buys).
 *
 * The VM stack:
 *
 *   chunk 1 (malloc'd, never moves)          chunk 2
 *   ┌───────────────────────────────────┐    ┌─────────────────────┐
 *   │ main's slots │ f's slots │ g's ...│    │ h's slots (args     │
 *   └───────────────────────────────────┘    │ copied in)          │
 *        ▲ base         ▲ base = main.base+A └─────────────────────┘
 *   frame records (vmframe, a doubly linked list reused like Lua's
 *   CallInfo): fn, base, saved pc, ret (where RET copies the results),
 *   top (how many of the frame's slots to scan while a callee runs).
 *
 * A callee's frame starts inside the caller's, at the call area: its
 * parameters are the caller's argument slots, unmoved. When the callee
 * does not fit in the chunk, the next chunk (allocated once and kept)
 * takes it and the arguments are copied; RET copies the results back to
 * `ret`. Chunks never move, so a pointer into a frame stays valid (the
 * escape analysis to come relies on it).
 *
 * The collector scans a VM goroutine through its scan hook (vm_scan):
 * every frame's slots below `top` whose bit is set in the function's
 * pointer bitmap, and each frame's closure. Pointer slots above the
 * parameters are zeroed on entry, so no stale scalar is ever read as a
 * pointer. The globals belong to every goroutine of the program
 * (vmshared, interp.h): they are one registered root, not part of any
 * goroutine's scan.
 *
 * Goroutines: every goroutine has its own vmstate (frames and chunks)
 * and runs this same loop; GO/SEND/RECV/SELECT's slow paths are in
 * vmgo.c, whose essay tells how a goroutine blocks and what parking
 * without a C stack will take (docs/vm-concurrency.md).
 *
 * Runtime errors call the runtime's panics (gort_panic_bounds,
 * gort_panic_runtime, gort_panic) after saving the pc in the frame, so
 * that the describe hook prints the script's position: `main.f(...)` and
 * a tab and `file:line +0xOFF` for every VM frame, innermost first, as
 * Go's traceback does.
 *
 * defer, panic, recover (docs/vm-defer.md). DEFER hangs a GC heap
 * record (vmdefer) on the running frame; DEFERRET, in the epilogue every
 * return of a deferring function jumps to, runs them newest first inside
 * this loop. Each C activation of the loop (run: a vmact in its C frame)
 * opens, on its first DEFER, one runtime frame (gort_frame) whose single
 * deferred call is the unwinder, vm_unwind: a panic or Goexit passing
 * through runs the activation's VM records with it, each in a nested
 * activation whose entry frame is marked pdefer (the only frame where
 * RECOVER may stop a panic). When one recovers, the runtime longjmps to
 * the activation's jmp_buf and land() resumes the recovering frame at
 * its epilogue (vmfunc.recoverpc). Invariants: a frame with pending
 * records belongs to an activation whose runtime frame is open and holds
 * one pending unwinder; frames above vm->ci have no records; a record
 * is unlinked before DEFERRET calls it and after the unwinder's call
 * returns (started while it runs). Rejected: a runtime record per
 * script defer (on the C stack or in a per-P pool: a goroutine parked
 * without its C stack would lose them), and running deferred calls by C
 * recursion on normal returns (DEFERRET pushes them as calls).
 *
 * The hooks may run while the goroutine is stopped anywhere (at a safe
 * point, or suspended by a signal): a frame record is complete before
 * vm->ci points at it, and the current frame is always scanned whole.
 * Pointer stores into the heap go through the write barrier (STP and
 * the other stores, TCOPY, CLOSURE); stores into frames need none (a
 * frame is part of a stack, scanned once while its goroutine is
 * stopped); a store into a pointer global takes it while a cycle
 * marks (setg).
 *
 * Preemption: the loop polls the goroutine's preemption flag (one load
 * through a pointer execute() keeps: gort_preempt_flag(), valid on
 * whichever thread the goroutine runs, where a thread-local's address
 * could be kept across a call that moved it) at every function entry and
 * every taken backward jump.
 *
 * Rejected: recursion on the C stack per VM call (a deep recursion would
 * overflow the goroutine's small C stack, and a goroutine could not park
 * without it); one big contiguous VM stack reallocated on growth
 * (pointers into frames would dangle); NaN-boxing or tagged values (the
 * compiler knows every type).
 */
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gort.h"
#include "bytecode.h"
#include "itab.h"
#include "interp.h"
#include "natives.h"
#include "vmffi.h"

#define CHUNK_SLOTS (64 * 1024)

#define GO_CHUNK_SLOTS 512 /* a goroutine's first chunk: 4 KiB */

/* A chunk after prev of at least nslots slots: twice prev's size, up to
 * CHUNK_SLOTS (a goroutine starts small; main starts at CHUNK_SLOTS). */
static vmchunk *chunk_new(vmchunk *prev, size_t nslots) {
    size_t want = prev ? 2 * (size_t)(prev->end - prev->data) : 0;
    if (want > CHUNK_SLOTS) want = CHUNK_SLOTS;
    if (nslots < want) nslots = want;
    vmchunk *c = malloc(sizeof *c + nslots * sizeof(slot));
    if (!c) {
        fputs("fatal error: runtime: out of memory\n", stderr);
        gort_exit(2);
    }
    c->prev = prev;
    c->next = NULL;
    c->end = c->data + nslots;
    if (prev) prev->next = c;
    return c;
}

/* ------------------------------------------------------------------ */
/* hooks: tracebacks and the collector                                 */

static uint32_t frame_line(const vmframe *f) {
    const vmfunc *fn = f->fn;
    long at = f->pc ? (long)(f->pc - fn->code) - 1 : 0;
    if (at < 0) at = 0;
    if (at >= fn->ncode) at = fn->ncode - 1;
    return fn->ncode > 0 ? fn->lines[at] : fn->line;
}

static void vm_describe(void *ctx, void (*write)(const char *s, size_t n)) {
    vmstate *vm = ctx;
    char buf[1024 + PATH_MAX];
    char cwd[PATH_MAX]; /* Go prints absolute paths */
    if (!getcwd(cwd, sizeof cwd)) cwd[0] = 0;
    int depth = 0;
    for (vmframe *f = vm->ci; f; f = f->prev, depth++) {
        if (depth == 100) { /* Go's traceback stops at 100 frames too */
            const char *elided = "...additional frames elided...\n";
            write(elided, strlen(elided));
            break;
        }
        const char *file = f->fn->file < vm->p->files->n ? vm->p->files->files[f->fn->file].name : "?";
        long off = f->pc ? (long)(f->pc - f->fn->code) * 4 : 0;
        int n = snprintf(buf, sizeof buf, "%s(%s)\n\t%s%s%s:%u +0x%lx\n", f->fn->name, f->fn->nparams ? "..." : "",
                         file[0] != '/' && cwd[0] ? cwd : "", file[0] != '/' && cwd[0] ? "/" : "", file,
                         frame_line(f), off);
        write(buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
        if (f->pdefer && f->prev) {
            /* a deferred call a panic runs: Go shows the panic's frame
             * between it and the panicking frames */
            const char *pf = "panic({...})\n\truntime/panic.c\n";
            write(pf, strlen(pf));
        }
    }
}

static void vm_scan(void *ctx, void (*mark)(void *ptr, void *gcw), void *gcw) {
    vmstate *vm = ctx;
    for (vmframe *f = vm->ci; f; f = f->prev) {
        const vmfunc *fn = f->fn;
        uint32_t top = f == vm->ci ? fn->nslots : f->top;
        for (uint32_t i = 0; i < top; i++)
            if (fn->ptrmap[i / 8] & (1u << (i % 8)) && f->base[i].p) mark(f->base[i].p, gcw);
        if (f->cl) mark(f->cl, gcw);
        if (f->defers) mark(f->defers, gcw); /* typed: the rest of the list follows */
    }
    /* the globals are a registered root (vm_shared_new) */
}

static void write_stderr(const char *s, size_t n) {
    while (n > 0) {
        ssize_t k = write(2, s, n);
        if (k <= 0) return;
        s += k;
        n -= (size_t)k;
    }
}

static void __attribute__((noreturn)) stack_overflow(vmstate *vm) {
    char buf[128];
    int n = snprintf(buf, sizeof buf, "runtime: goroutine stack exceeds %zu-byte limit\n", vm->maxstack);
    write_stderr(buf, (size_t)n);
    n = snprintf(buf, sizeof buf, "fatal error: stack overflow\n\ngoroutine %lld [running]:\n", (long long)gort_goid());
    write_stderr(buf, (size_t)n);
    vm_describe(vm, write_stderr);
    gort_exit(2);
}

/* ------------------------------------------------------------------ */
/* print and println                                                   */

static void pflush(vmstate *vm) {
    write_stderr(vm->pbuf, vm->npbuf);
    vm->npbuf = 0;
}

static void pr_write(vmstate *vm, const char *s, size_t n) {
    if (vm->npbuf + n > sizeof vm->pbuf) {
        pflush(vm);
        if (n > sizeof vm->pbuf) {
            write_stderr(s, n);
            return;
        }
    }
    memcpy(vm->pbuf + vm->npbuf, s, n);
    vm->npbuf += n;
}

/* Go's runtime printfloat: +d.dddddde+ddd, NaN, +Inf, -Inf (the runtime's
 * own formatter, so script and C panics print floats alike). */
static void print_float(vmstate *vm, double v) {
    char buf[GORT_PRINTFLOAT_MAX];
    pr_write(vm, buf, gort_printfloat(v, buf));
}

static void print_uint(vmstate *vm, uint64_t u) {
    char buf[24];
    int i = sizeof buf;
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    pr_write(vm, buf + i, sizeof buf - (size_t)i);
}

static void print_int(vmstate *vm, int64_t v) {
    if (v < 0) {
        pr_write(vm, "-", 1);
        print_uint(vm, 0 - (uint64_t)v);
    } else {
        print_uint(vm, (uint64_t)v);
    }
}

/* ------------------------------------------------------------------ */
/* panics                                                              */

static void __attribute__((noreturn)) bad_opcode(uint32_t i) {
    char buf[64];
    int n = snprintf(buf, sizeof buf, "fatal error: gort: bad opcode %u\n", (unsigned)INS_OP(i));
    write_stderr(buf, (size_t)n);
    gort_exit(2);
}

/* ------------------------------------------------------------------ */
/* composite values                                                    */

/* A map iteration (range) lives on the heap: its first seven words
 * point into the map. */
static const uint8_t map_iter_mask[1] = {0x7f};
static const gort_type map_iter_type = {
    .size = sizeof(gort_map_iter), .align = 8, .ptrwords = 7, .ptrmask = map_iter_mask,
    .name = "runtime.hiter", .kind = GORT_KIND_STRUCT,
};

/* Where a map opcode's key is: the key register itself (its slots are
 * the key's memory: integers, pointers, strings), the address it holds
 * (structs and arrays), or a float32 made from its float64. */
enum { MAPX_TYPE = 0xffffff, MAPX_KEYREF = 1 << 24, MAPX_KEYF32 = 1 << 25 };
static inline const void *map_key(slot *r, uint32_t x, float *f32) {
    if (x & MAPX_KEYREF) return r->p;
    if (x & MAPX_KEYF32) {
        *f32 = (float)r->f;
        return f32;
    }
    return r;
}

static inline gort_slice slice_at(const slot *r) {
    gort_slice s = {r[0].p, (intptr_t)r[1].i, (intptr_t)r[2].i};
    return s;
}
static inline void slice_put(slot *r, gort_slice s) {
    r[0].p = s.ptr;
    r[1].i = s.len;
    r[2].i = s.cap;
}

static int64_t f64toi64(double d) {
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) return (int64_t)d;
    return INT64_MIN;
}

static uint64_t f64tou64(double d) {
    if (d < 9223372036854775808.0) return (uint64_t)f64toi64(d);
    double e = d - 9223372036854775808.0;
    if (e < 9223372036854775808.0) return (uint64_t)(int64_t)e | (UINT64_C(1) << 63);
    return UINT64_C(1) << 63;
}

/* ------------------------------------------------------------------ */
/* interface values                                                    */

/* Loads the value of type t at p (its memory form) into registers r (the
 * canonical register form: small integers extended to 64 bits, float32
 * widened to float64). t is not an aggregate (those are by address). */
void vm_load_value(const gort_type *t, slot *r, const void *p) {
    switch (t->kind) {
    case GORT_KIND_BOOL: case GORT_KIND_UINT8: r->u = *(const uint8_t *)p; return;
    case GORT_KIND_INT8: r->i = *(const int8_t *)p; return;
    case GORT_KIND_INT16: r->i = *(const int16_t *)p; return;
    case GORT_KIND_UINT16: r->u = *(const uint16_t *)p; return;
    case GORT_KIND_INT32: r->i = *(const int32_t *)p; return;
    case GORT_KIND_UINT32: r->u = *(const uint32_t *)p; return;
    case GORT_KIND_FLOAT32: r->f = *(const float *)p; return;
    default: memcpy(r, p, t->size); return;
    }
}

/* A new heap copy of the value of type t in registers r (or at r->p when
 * byaddr): the data word of an interface. */
static void *box_value(const gort_type *t, const slot *r, int byaddr) {
    void *p = gort_new(t);
    if (byaddr) {
        gort_typedmemmove(t, p, r->p);
        return p;
    }
    switch (t->kind) {
    case GORT_KIND_BOOL: case GORT_KIND_INT8: case GORT_KIND_UINT8: *(uint8_t *)p = (uint8_t)r->u; break;
    case GORT_KIND_INT16: case GORT_KIND_UINT16: *(uint16_t *)p = (uint16_t)r->u; break;
    case GORT_KIND_INT32: case GORT_KIND_UINT32: *(uint32_t *)p = (uint32_t)r->u; break;
    case GORT_KIND_FLOAT32: *(float *)p = (float)r->f; break;
    default: gort_typedmemmove(t, p, r); break;
    }
    return p;
}

/* A failed type assertion: Go's *runtime.TypeAssertionError texts. */
static void __attribute__((noreturn)) assert_fail(const gort_type *have, const vmassert *as) {
    const char *want = as->target->name;
    if (!have) gort_panic_plainerror("interface conversion: %s is nil, not %s", as->targetiface ? "interface" : as->iface, want);
    if (as->targetiface)
        gort_panic_plainerror("interface conversion: %s is not %s: missing method %s", have->name, want,
                              itab_missing(as->target, have));
    gort_panic_plainerror("interface conversion: %s is %s, not %s", as->iface, have->name, want);
}

/* G[g] = v. A pointer global gets the write barrier while a cycle
 * marks: the globals root is rescanned at mark termination, but a
 * pointer one goroutine stores and another moves into its already
 * scanned frame before deleting it would escape both scans without the
 * barrier's shading of the stored value. */
static inline void setg(const vmprog *p, slot *G, uint32_t g, slot v) {
    if (__builtin_expect(__atomic_load_n(&gort_writebarrier, __ATOMIC_RELAXED) != 0, 0) &&
        (p->gptrmap[g / 8] & (1u << (g % 8))))
        gort_wbstore(&G[g].p, v.p);
    else
        G[g] = v;
}

/* ------------------------------------------------------------------ */
/* defer, panic, recover                                               */

/* One C activation of the loop (run, execute): the VM frames from entry
 * up, and the runtime frame record it opens on its first defer. Lives in
 * run()'s C frame. */
typedef struct vmact {
    vmstate *vm;
    vmframe *entry;              /* its first VM frame */
    gort_frame fr;               /* linked while open: its one record is
                                    the unwinder (vm_unwind) */
    jmp_buf jb;                  /* fr.resume: where a recovery lands */
    uintptr_t sp;                /* run()'s frame: fr's owner */
    vmframe *rframe;             /* set by vm_unwind: the frame whose
                                    deferred call recovered */
    bool open;                   /* fr is linked */
    bool done;                   /* closing fr: the unwinder does nothing */
    bool pdefer;                 /* entry runs a deferred call for a panic */
} vmact;

static void run(vmstate *vm, bool pdefer);
static void vm_unwind(void *arg);

/* Links a's runtime frame (on its first defer), with the unwinder as its
 * one deferred call. The frame is run()'s: a frame a native opens later
 * is deeper. */
static void open_frame(vmact *a) {
    gort_frame_push(&a->fr);
    a->fr.sp = a->sp;
    a->fr.resume = &a->jb;
    gort_frame_defer_unwinder(&a->fr, vm_unwind, a);
    a->open = true;
}

/* Pushes a frame for fn (closure cl) above every slot of ci (or the
 * first frame, ci NULL), with the parameters copied from args and the
 * rest zeroed; it becomes vm->ci. Results stay in its own slots. */
static vmframe *push_frame(vmstate *vm, vmframe *ci, const vmfunc *fn, slot *cl, const slot *args) {
    vmframe *nf;
    slot *nb;
    vmchunk *c;
    if (!ci) {
        nf = &vm->first;
        nf->prev = NULL;
        c = vm->chunk;
        nb = c->data;
        nf->depth = 0;
    } else {
        nf = ci->next;
        if (!nf) {
            nf = malloc(sizeof *nf);
            if (!nf) {
                fputs("fatal error: runtime: out of memory\n", stderr);
                gort_exit(2);
            }
            nf->prev = ci;
            nf->next = NULL;
            nf->defers = NULL;
            ci->next = nf;
        }
        ci->top = ci->fn->nslots;
        nf->depth = ci->depth;
        c = ci->chunk;
        nb = ci->base + ci->fn->nslots;
    }
    nf->depth += sizeof(slot) * fn->nslots + sizeof(vmframe);
    if (nf->depth > vm->maxstack) stack_overflow(vm);
    if (nb + fn->nslots > c->end) {
        vmchunk *nx = c->next;
        if (!nx || nx->data + fn->nslots > nx->end) {
            c->next = NULL;
            while (nx) {
                vmchunk *n2 = nx->next;
                free(nx);
                nx = n2;
            }
            nx = chunk_new(c, fn->nslots);
        }
        c = nx;
        nb = c->data;
    }
    memset(nb, 0, sizeof(slot) * fn->nslots);
    if (fn->nparams) memcpy(nb, args, sizeof(slot) * fn->nparams);
    nf->fn = fn;
    nf->base = nb;
    nf->ret = nb + fn->nparams;
    nf->chunk = c;
    nf->pc = NULL;
    nf->cl = cl;
    nf->pdefer = false;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    vm->ci = nf;
    return nf;
}

/* The record type for fn when the code generator made none (a native
 * method's trampoline reached through an itab): built once, kept. */
static const gort_type *defer_type(const vmfunc *fn) {
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static struct {
        const vmfunc *fn;
        gort_type *t;
    } cache[64];
    static int n;
    pthread_mutex_lock(&mu);
    gort_type *t = NULL;
    for (int i = 0; i < n; i++)
        if (cache[i].fn == fn) t = cache[i].t;
    if (!t) {
        size_t words = 4 + (size_t)fn->nparams;
        t = calloc(1, sizeof *t);
        uint8_t *mask = calloc(words / 8 + 1, 1);
        if (!t || !mask) abort();
        mask[0] = 0x3; /* link, closure */
        for (size_t k = 0; k < fn->nparams; k++)
            if (fn->ptrmap[k / 8] & (1u << (k % 8))) mask[(k + 4) / 8] |= (uint8_t)(1u << ((k + 4) % 8));
        *t = (gort_type){.size = 8 * words, .align = 8, .ptrwords = words, .ptrmask = mask,
                         .name = "runtime._defer", .kind = GORT_KIND_STRUCT};
        if (n < 64) cache[n++] = (typeof(cache[0])){fn, t};
    }
    pthread_mutex_unlock(&mu);
    return t;
}

static const uint8_t nildefer_mask[1] = {0x3};
static const gort_type nildefer_type = {
    .size = 32, .align = 8, .ptrwords = 2, .ptrmask = nildefer_mask, .name = "runtime._defer",
    .kind = GORT_KIND_STRUCT,
};

/* defer fn(args) in frame ci (the running frame) of activation a. */
static void defer_push(vmstate *vm, vmact *a, vmframe *ci, const vmfunc *fn, slot *cl, const slot *args) {
    (void)vm;
    const gort_type *t = !fn ? &nildefer_type : fn->defertype ? fn->defertype : defer_type(fn);
    vmdefer *d = gort_new(t);
    d->fn = fn;
    /* d is new, but a cycle may have begun while it was allocated: the
     * stores shade what they store (see panic.c newerror) */
    gort_store_ptr((void **)&d->cl, cl);
    if (fn)
        for (uint32_t k = 0; k < fn->nparams; k++) {
            if (fn->ptrmap[k / 8] & (1u << (k % 8))) gort_store_ptr(&d->args[k].p, args[k].p);
            else d->args[k] = args[k];
        }
    gort_store_ptr((void **)&d->link, ci->defers);
    ci->defers = d;
    if (!a->open) open_frame(a);
}

/* Runs deferred call d (its record stays on its frame, started, while
 * it runs) for a panic: a new activation whose entry recover may stop
 * the panic. */
static void run_deferred(vmstate *vm, vmdefer *d) {
    if (!d->fn) gort_panic_nil(0, 0);
    push_frame(vm, vm->ci, d->fn, d->cl, d->args);
    run(vm, true);
}

/* The unwinder: the one deferred call of an activation's runtime frame,
 * run by a panic (or Goexit) passing through. Runs the pending deferred
 * calls of the activation's VM frames, newest first, as Go's gopanic
 * does; when one recovers, notes its frame and returns, and the runtime
 * longjmps to a->jb (run(), then land()). A panic raised inside one
 * finds this unwinder started, aborts the older panic and calls it again
 * (gort_frame_defer_unwinder): the record whose call panicked is
 * started, and dropped. */
static void vm_unwind(void *arg) {
    vmact *a = arg;
    if (a->done) return;
    vmstate *vm = a->vm;
    vmframe *f = vm->ci;
    f->top = f->fn->nslots; /* the deferred calls run above all of it */
    for (;;) {
        vmdefer *d;
        while ((d = f->defers) != NULL) {
            if (d->started) {
                f->defers = d->link;
                continue;
            }
            d->started = 1;
            run_deferred(vm, d);
            f->defers = d->link;
            if (gort_recovered()) {
                a->rframe = f;
                /* pending again: if the recovery goes back to a Goexit
                 * instead of here, the Goexit runs the rest */
                gort_frame_defer_unwinder(&a->fr, vm_unwind, a);
                return;
            }
        }
        if (f == a->entry || !f->prev) return;
        f = f->prev;
    }
}

/* A recovery landed in a's run(): the frame whose deferred call
 * recovered returns normally through its epilogue (its remaining
 * deferred calls, then its results as they are). Frames above it are
 * gone; their deferred calls have all run. */
static const uint32_t *land(vmact *a) {
    vmstate *vm = a->vm;
    vmframe *f = a->rframe;
    a->rframe = NULL;
    f->top = f->fn->nslots;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    vm->ci = f;
    if (!a->fr.defers) gort_frame_defer_unwinder(&a->fr, vm_unwind, a);
    return f->fn->code + f->fn->recoverpc;
}

/* ------------------------------------------------------------------ */
/* the loop                                                            */

/* Runs the activation a from vm->ci at pc0 until its entry frame
 * returns. */
static void execute(vmstate *vm, vmact *a, const uint32_t *pc0) {
    vmframe *entry = a->entry;
    const vmprog *prog = vm->p;
    const uint64_t *K = prog->k;
    const gort_type *const *T = prog->types;
    slot *G = vm->globals;
    vmframe *ci = vm->ci;
    slot *R = ci->base;
    const uint32_t *pc = pc0;
    uint32_t i;
    const volatile uint32_t *preempt = gort_preempt_flag(); /* POLL */
    const vmfunc *cfn;  /* CALLV, ICALL: the callee, then do_call */
    slot *ccl;          /* its closure */

#define A INS_A(i)
#define B INS_B(i)
#define C INS_C(i)
#define RA R[INS_A(i)]
#define RB R[INS_B(i)]
#define RC R[INS_C(i)]
#define SAVEPC() (ci->pc = pc)
#define NILCHECK(ptr)                            \
    do {                                         \
        if (__builtin_expect((ptr) == NULL, 0)) { \
            SAVEPC();                            \
            gort_panic_nil(0, (uintptr_t)pc);    \
        }                                        \
    } while (0)
#define LOADAT(ctype, field, conv)               \
    do {                                         \
        const char *b_ = RB.p;                   \
        NILCHECK(b_);                            \
        ctype v_;                                \
        memcpy(&v_, b_ + C, sizeof v_);          \
        RA.field = conv v_;                      \
    } while (0)
#define STOREAT(ctype, val)                      \
    do {                                         \
        char *b_ = RA.p;                         \
        NILCHECK(b_);                            \
        ctype v_ = (ctype)(val);                 \
        memcpy(b_ + C, &v_, sizeof v_);          \
    } while (0)
#define POLL()                                   \
    do {                                         \
        if (__builtin_expect(__atomic_load_n(preempt, __ATOMIC_RELAXED), 0)) { \
            SAVEPC();                            \
            gort_safepoint();                    \
        }                                        \
    } while (0)
#define BRANCH(cond)                             \
    do {                                         \
        if (cond) {                              \
            int32_t off_ = (int32_t)*pc;         \
            pc += 1 + off_;                      \
            if (off_ < 0) POLL();                \
        } else {                                 \
            pc++;                                \
        }                                        \
    } while (0)
#define JUMP(off)                                \
    do {                                         \
        int32_t off_ = (off);                    \
        pc += off_;                              \
        if (off_ < 0) POLL();                    \
    } while (0)

#ifdef GORT_VM_SWITCH
#define CASE(op) case OP_##op:
#define NEXT() break
    for (;;) {
        i = *pc++;
        switch (INS_OP(i)) {
#else
    static const void *const labels[OP_COUNT] = {
#define OPC_LABEL(name, fmt, meaning, dis) &&L_##name,
        GORT_OPCODES(OPC_LABEL)
#undef OPC_LABEL
    };
#define CASE(op) L_##op:
#define NEXT()                                   \
    do {                                         \
        i = *pc++;                               \
        goto *labels[INS_OP(i)];                 \
    } while (0)
    POLL();
    NEXT();
    {
        {
#endif
        CASE(NOP) NEXT();
        CASE(MOVE) RA = RB; NEXT();
        CASE(MOVE2) R[A] = R[B]; R[A + 1] = R[B + 1]; NEXT();
        CASE(LOADI) RA.i = INS_SBX(i); NEXT();
        CASE(LOADK) RA.u = K[INS_BX(i)]; NEXT();
        CASE(LOADKS) R[A].u = K[INS_BX(i)]; R[A + 1].u = K[INS_BX(i) + 1]; NEXT();
        CASE(ZERO) memset(&RA, 0, sizeof(slot) * B); NEXT();
        CASE(GETG) RA = G[INS_BX(i)]; NEXT();
        CASE(SETG) setg(prog, G, INS_BX(i), RA); NEXT();
        CASE(GETG2) R[A] = G[INS_BX(i)]; R[A + 1] = G[INS_BX(i) + 1]; NEXT();
        CASE(SETG2) setg(prog, G, INS_BX(i), R[A]); setg(prog, G, INS_BX(i) + 1, R[A + 1]); NEXT();

        CASE(ADDI64) RA.u = RB.u + RC.u; NEXT();
        CASE(SUBI64) RA.u = RB.u - RC.u; NEXT();
        CASE(MULI64) RA.u = RB.u * RC.u; NEXT();
        CASE(DIVI64) {
            int64_t y = RC.i;
            if (__builtin_expect(y == 0, 0)) {
                SAVEPC();
                gort_panic_runtime("integer divide by zero");
            }
            RA.i = y == -1 ? (int64_t)(0 - RB.u) : RB.i / y;
            NEXT();
        }
        CASE(DIVU64) {
            uint64_t y = RC.u;
            if (__builtin_expect(y == 0, 0)) {
                SAVEPC();
                gort_panic_runtime("integer divide by zero");
            }
            RA.u = RB.u / y;
            NEXT();
        }
        CASE(REMI64) {
            int64_t y = RC.i;
            if (__builtin_expect(y == 0, 0)) {
                SAVEPC();
                gort_panic_runtime("integer divide by zero");
            }
            RA.i = y == -1 ? 0 : RB.i % y;
            NEXT();
        }
        CASE(REMU64) {
            uint64_t y = RC.u;
            if (__builtin_expect(y == 0, 0)) {
                SAVEPC();
                gort_panic_runtime("integer divide by zero");
            }
            RA.u = RB.u % y;
            NEXT();
        }
        CASE(ANDI64) RA.u = RB.u & RC.u; NEXT();
        CASE(ORI64) RA.u = RB.u | RC.u; NEXT();
        CASE(XORI64) RA.u = RB.u ^ RC.u; NEXT();
        CASE(ANDNI64) RA.u = RB.u & ~RC.u; NEXT();
        CASE(SHLI64) { uint64_t s = RC.u; RA.u = s >= 64 ? 0 : RB.u << s; NEXT(); }
        CASE(SHRI64) { uint64_t s = RC.u; RA.i = s >= 64 ? (RB.i < 0 ? -1 : 0) : RB.i >> s; NEXT(); }
        CASE(SHRU64) { uint64_t s = RC.u; RA.u = s >= 64 ? 0 : RB.u >> s; NEXT(); }
        CASE(CHKSHIFT)
            if (__builtin_expect(RA.i < 0, 0)) {
                SAVEPC();
                gort_panic_runtime("negative shift amount");
            }
            NEXT();
        CASE(ADDI64K) RA.u = RB.u + (uint64_t)(int64_t)INS_SC(i); NEXT();
        CASE(MULI64K) RA.u = RB.u * (uint64_t)(int64_t)INS_SC(i); NEXT();
        CASE(SHLI64K) RA.u = RB.u << C; NEXT();
        CASE(SHRI64K) RA.i = RB.i >> C; NEXT();
        CASE(SHRU64K) RA.u = RB.u >> C; NEXT();
        CASE(DIVI64P2) {
            int64_t x = RB.i; /* round toward zero: add 2**C-1 when negative */
            RA.i = (x + (int64_t)((uint64_t)(x >> 63) >> (64 - C))) >> C;
            NEXT();
        }
        CASE(ANDI64K) RA.u = RB.u & C; NEXT();
        CASE(NEGI64) RA.u = 0 - RB.u; NEXT();
        CASE(BNOTI64) RA.u = ~RB.u; NEXT();
        CASE(SEXT8) RA.i = (int8_t)RB.u; NEXT();
        CASE(SEXT16) RA.i = (int16_t)RB.u; NEXT();
        CASE(SEXT32) RA.i = (int32_t)RB.u; NEXT();
        CASE(ZEXT8) RA.u = (uint8_t)RB.u; NEXT();
        CASE(ZEXT16) RA.u = (uint16_t)RB.u; NEXT();
        CASE(ZEXT32) RA.u = (uint32_t)RB.u; NEXT();

        CASE(ADDF64) RA.f = RB.f + RC.f; NEXT();
        CASE(SUBF64) RA.f = RB.f - RC.f; NEXT();
        CASE(MULF64) RA.f = RB.f * RC.f; NEXT();
        CASE(DIVF64) RA.f = RB.f / RC.f; NEXT();
        CASE(NEGF64) RA.f = -RB.f; NEXT();
        CASE(RNDF32) RA.f = (double)(float)RB.f; NEXT();
        CASE(I64TOF64) RA.f = (double)RB.i; NEXT();
        CASE(U64TOF64) RA.f = (double)RB.u; NEXT();
        CASE(F64TOI64) RA.i = f64toi64(RB.f); NEXT();
        CASE(F64TOU64) RA.u = f64tou64(RB.f); NEXT();

        CASE(EQI64) RA.i = RB.u == RC.u; NEXT();
        CASE(NEI64) RA.i = RB.u != RC.u; NEXT();
        CASE(LTI64) RA.i = RB.i < RC.i; NEXT();
        CASE(LEI64) RA.i = RB.i <= RC.i; NEXT();
        CASE(LTU64) RA.i = RB.u < RC.u; NEXT();
        CASE(LEU64) RA.i = RB.u <= RC.u; NEXT();
        CASE(EQF64) RA.i = RB.f == RC.f; NEXT();
        CASE(NEF64) RA.i = RB.f != RC.f; NEXT();
        CASE(LTF64) RA.i = RB.f < RC.f; NEXT();
        CASE(LEF64) RA.i = RB.f <= RC.f; NEXT();
        CASE(EQSTR) {
            gort_string x = {R[B].s, (intptr_t)R[B + 1].i}, y = {R[C].s, (intptr_t)R[C + 1].i};
            RA.i = gort_string_equal(x, y);
            NEXT();
        }
        CASE(NESTR) {
            gort_string x = {R[B].s, (intptr_t)R[B + 1].i}, y = {R[C].s, (intptr_t)R[C + 1].i};
            RA.i = !gort_string_equal(x, y);
            NEXT();
        }
        CASE(LTSTR) {
            gort_string x = {R[B].s, (intptr_t)R[B + 1].i}, y = {R[C].s, (intptr_t)R[C + 1].i};
            RA.i = gort_string_compare(x, y) < 0;
            NEXT();
        }
        CASE(LESTR) {
            gort_string x = {R[B].s, (intptr_t)R[B + 1].i}, y = {R[C].s, (intptr_t)R[C + 1].i};
            RA.i = gort_string_compare(x, y) <= 0;
            NEXT();
        }
        CASE(NOT) RA.i = !RB.i; NEXT();

        CASE(JMP) JUMP(INS_SJ(i)); NEXT();
        CASE(JTRUE) if (RA.i) JUMP(INS_SBX(i)); NEXT();
        CASE(JFALSE) if (!RA.i) JUMP(INS_SBX(i)); NEXT();
        CASE(JEQI64) BRANCH(RA.u == RB.u); NEXT();
        CASE(JNEI64) BRANCH(RA.u != RB.u); NEXT();
        CASE(JLTI64) BRANCH(RA.i < RB.i); NEXT();
        CASE(JLEI64) BRANCH(RA.i <= RB.i); NEXT();
        CASE(JLTU64) BRANCH(RA.u < RB.u); NEXT();
        CASE(JLEU64) BRANCH(RA.u <= RB.u); NEXT();
        CASE(JEQI64K) BRANCH(RA.i == INS_SB(i)); NEXT();
        CASE(JNEI64K) BRANCH(RA.i != INS_SB(i)); NEXT();
        CASE(JLTI64K) BRANCH(RA.i < INS_SB(i)); NEXT();
        CASE(JLEI64K) BRANCH(RA.i <= INS_SB(i)); NEXT();
        CASE(JGTI64K) BRANCH(RA.i > INS_SB(i)); NEXT();
        CASE(JGEI64K) BRANCH(RA.i >= INS_SB(i)); NEXT();
        CASE(JEQI64C) BRANCH(RA.u == K[B]); NEXT();
        CASE(JNEI64C) BRANCH(RA.u != K[B]); NEXT();
        CASE(JLTI64C) BRANCH(RA.i < (int64_t)K[B]); NEXT();
        CASE(JLEI64C) BRANCH(RA.i <= (int64_t)K[B]); NEXT();
        CASE(JGTI64C) BRANCH(RA.i > (int64_t)K[B]); NEXT();
        CASE(JGEI64C) BRANCH(RA.i >= (int64_t)K[B]); NEXT();
        CASE(INCJLT) RA.u += 1; BRANCH(RA.i < RB.i); NEXT();
        CASE(INCJLE) RA.u += 1; BRANCH(RA.i <= RB.i); NEXT();
        CASE(INCJLTC) RA.u += 1; BRANCH(RA.i < (int64_t)K[B]); NEXT();
        CASE(INCJLEC) RA.u += 1; BRANCH(RA.i <= (int64_t)K[B]); NEXT();
        CASE(JEQF64) BRANCH(RA.f == RB.f); NEXT();
        CASE(JNEF64) BRANCH(RA.f != RB.f); NEXT();
        CASE(JLTF64) BRANCH(RA.f < RB.f); NEXT();
        CASE(JLEF64) BRANCH(RA.f <= RB.f); NEXT();
        CASE(JNLTF64) BRANCH(!(RA.f < RB.f)); NEXT();
        CASE(JNLEF64) BRANCH(!(RA.f <= RB.f)); NEXT();

        CASE(CONCAT) {
            gort_string parts[2] = {{R[B].s, (intptr_t)R[B + 1].i}, {R[C].s, (intptr_t)R[C + 1].i}};
            SAVEPC();
            gort_string r = gort_string_concat(2, parts);
            R[A].s = r.ptr;
            R[A + 1].i = r.len;
            NEXT();
        }
        CASE(INDEXSTR) {
            int64_t x = RC.i, n = R[B + 1].i;
            if (__builtin_expect((uint64_t)x >= (uint64_t)n, 0)) {
                SAVEPC();
                gort_panic_bounds(GORT_BOUNDS_INDEX, x, n);
            }
            RA.u = (uint8_t)R[B].s[x];
            NEXT();
        }
        CASE(SLICESTR) {
            gort_string s = {R[B].s, (intptr_t)R[B + 1].i};
            SAVEPC();
            gort_string r = gort_string_slice(s, (intptr_t)R[C].i, (intptr_t)R[C + 1].i);
            R[A].s = r.ptr;
            R[A + 1].i = r.len;
            NEXT();
        }
        CASE(RUNESTR) {
            int64_t r = RB.i;
            if (r < 0 || r > GORT_RUNE_MAX) r = GORT_RUNE_ERROR;
            SAVEPC();
            gort_string s = gort_string_from_rune((gort_rune)r);
            R[A].s = s.ptr;
            R[A + 1].i = s.len;
            NEXT();
        }
        CASE(DECRUNE) {
            int64_t x = RC.i, n = R[B + 1].i;
            int w = 1;
            if (x >= 0 && x < n) {
                R[A].i = gort_utf8_decode(R[B].s + x, (intptr_t)(n - x), &w);
            } else {
                R[A].i = GORT_RUNE_ERROR;
            }
            R[A + 1].i = w;
            NEXT();
        }

        CASE(CALL) {
            cfn = prog->funcs[INS_BX(i)];
            ccl = NULL;
        do_call:;
            const vmfunc *fn = cfn;
            slot *nb = R + A;
            vmframe *nf = ci->next;
            if (!nf) {
                nf = malloc(sizeof *nf);
                if (!nf) {
                    fputs("fatal error: runtime: out of memory\n", stderr);
                    gort_exit(2);
                }
                nf->prev = ci;
                nf->next = NULL;
                nf->defers = NULL;
                ci->next = nf;
            }
            ci->pc = pc;
            nf->pdefer = false;
            nf->depth = ci->depth + sizeof(slot) * fn->nslots + sizeof(vmframe);
            if (__builtin_expect(nf->depth > vm->maxstack, 0)) stack_overflow(vm);
            if (__builtin_expect(nb + fn->nslots <= ci->chunk->end, 1)) {
                nf->ret = nb + fn->nparams;
                nf->chunk = ci->chunk;
                ci->top = A;
            } else {
                vmchunk *c = ci->chunk->next;
                if (!c || c->data + fn->nslots > c->end) {
                    if (c) {
                        ci->chunk->next = NULL;
                        while (c) {
                            vmchunk *nx = c->next;
                            free(c);
                            c = nx;
                        }
                    }
                    c = chunk_new(ci->chunk, fn->nslots);
                }
                memcpy(c->data, nb, sizeof(slot) * fn->nparams);
                nf->ret = nb + fn->nparams;
                nf->chunk = c;
                nb = c->data;
                ci->top = ci->fn->nslots;
            }
            nf->fn = fn;
            nf->base = nb;
            nf->pc = NULL;
            nf->cl = ccl;
            if (fn->zero) memset(nb + fn->nparams, 0, sizeof(slot) * (size_t)(fn->nslots - fn->nparams));
            /* the new record is complete before the collector can see it
             * (a goroutine may be suspended by a signal at any point) */
            __atomic_signal_fence(__ATOMIC_SEQ_CST);
            ci = nf;
            vm->ci = ci;
            R = nb;
            pc = fn->code;
            POLL();
            NEXT();
        }
        CASE(RET) {
            slot *src = R + A;
            if (ci->ret != src && B) memmove(ci->ret, src, sizeof(slot) * B);
            __atomic_signal_fence(__ATOMIC_SEQ_CST);
            if (ci == entry) {
                vm->ci = ci->prev;
                return;
            }
            ci = ci->prev;
            vm->ci = ci;
            R = ci->base;
            pc = ci->pc;
            NEXT();
        }

        CASE(PRINTI) print_int(vm, RA.i); NEXT();
        CASE(PRINTU) print_uint(vm, RA.u); NEXT();
        CASE(PRINTF) print_float(vm, RA.f); NEXT();
        CASE(PRINTB) if (RA.i) pr_write(vm, "true", 4); else pr_write(vm, "false", 5); NEXT();
        CASE(PRINTS) pr_write(vm, R[A].s, (size_t)R[A + 1].i); NEXT();
        CASE(PRINTSP) pr_write(vm, " ", 1); NEXT();
        CASE(PRINTNL) pr_write(vm, "\n", 1); NEXT();
        CASE(PRINTEND) pflush(vm); NEXT();
        CASE(PANIC) {
            gort_any v = {R[A].p, R[A + 1].p};
            SAVEPC();
            gort_panic(v);
        }
        CASE(RECOVER) {
            gort_any v = GORT_NIL;
            /* Go's rule: only the deferred function itself, called by
             * the panic (not a function it calls, not a deferred call run
             * by a normal return) */
            if (ci == entry && a->pdefer) v = gort_recover_unchecked();
            R[A].p = (void *)(uintptr_t)v.type;
            R[A + 1].p = (void *)(uintptr_t)v.data;
            NEXT();
        }
        CASE(DEFER) SAVEPC(); defer_push(vm, a, ci, prog->funcs[INS_BX(i)], NULL, R + A); NEXT();
        CASE(DEFERV) {
            slot *cl = RB.p;
            SAVEPC();
            defer_push(vm, a, ci, cl ? cl[0].p : NULL, cl, R + A);
            NEXT();
        }
        CASE(DEFERI) {
            const vmitab *tab = RB.p;
            SAVEPC();
            if (__builtin_expect(!tab, 0)) gort_panic_nil(0, (uintptr_t)pc);
            cfn = tab->fun[C];
            if (cfn->ifaceload) vm_load_value(tab->type, &RA, R[B + 1].p);
            else RA.p = R[B + 1].p;
            defer_push(vm, a, ci, cfn, NULL, R + A);
            NEXT();
        }
        CASE(DEFERRET) {
            vmdefer *d = ci->defers;
            if (!d) NEXT();
            /* Go's deferreturn: unlinked before the call, so that a panic
             * in it runs the frame's other deferred calls, not this one */
            ci->defers = d->link;
            ci->pc = pc - 1; /* back here when it returns */
            if (__builtin_expect(!d->fn, 0)) gort_panic_nil(0, (uintptr_t)pc);
            ci = push_frame(vm, ci, d->fn, d->cl, d->args);
            R = ci->base;
            pc = ci->fn->code;
            POLL();
            NEXT();
        }

        /* ---- pointers, structs, arrays, slices, maps ---- */
        CASE(NEW) SAVEPC(); RA.p = gort_new(T[INS_BX(i)]); NEXT();
        CASE(LOADT) RA.p = (void *)(uintptr_t)T[INS_BX(i)]; NEXT();
        CASE(NILCHK) NILCHECK(RA.p); NEXT();
        CASE(ADDP) { char *b = RB.p; NILCHECK(b); RA.p = b + C; NEXT(); }
        CASE(ADDPX) { uint32_t x = *pc++; char *b = RB.p; NILCHECK(b); RA.p = b + x; NEXT(); }
        CASE(LD8S) LOADAT(int8_t, i, (int64_t)); NEXT();
        CASE(LD8U) LOADAT(uint8_t, u, (uint64_t)); NEXT();
        CASE(LD16S) LOADAT(int16_t, i, (int64_t)); NEXT();
        CASE(LD16U) LOADAT(uint16_t, u, (uint64_t)); NEXT();
        CASE(LD32S) LOADAT(int32_t, i, (int64_t)); NEXT();
        CASE(LD32U) LOADAT(uint32_t, u, (uint64_t)); NEXT();
        CASE(LD64) LOADAT(uint64_t, u, ); NEXT();
        CASE(LDF32) LOADAT(float, f, (double)); NEXT();
        CASE(LD2) {
            const char *b = RB.p;
            NILCHECK(b);
            memcpy(&R[A], b + C, 2 * sizeof(slot));
            NEXT();
        }
        CASE(LD3) {
            const char *b = RB.p;
            NILCHECK(b);
            memcpy(&R[A], b + C, 3 * sizeof(slot));
            NEXT();
        }
        CASE(ST8) STOREAT(uint8_t, RB.u); NEXT();
        CASE(ST16) STOREAT(uint16_t, RB.u); NEXT();
        CASE(ST32) STOREAT(uint32_t, RB.u); NEXT();
        CASE(ST64) STOREAT(uint64_t, RB.u); NEXT();
        CASE(STF32) STOREAT(float, RB.f); NEXT();
        CASE(STP) {
            char *b = RA.p;
            NILCHECK(b);
            gort_store_ptr((void **)(void *)(b + C), RB.p);
            NEXT();
        }
        CASE(STSTR) {
            char *b = RA.p;
            NILCHECK(b);
            gort_store_ptr((void **)(void *)(b + C), R[B].p);
            memcpy(b + C + 8, &R[B + 1], 8);
            NEXT();
        }
        CASE(STSLICE) {
            char *b = RA.p;
            NILCHECK(b);
            gort_store_ptr((void **)(void *)(b + C), R[B].p);
            memcpy(b + C + 8, &R[B + 1], 16);
            NEXT();
        }
        CASE(STIFACE) {
            char *b = RA.p;
            NILCHECK(b);
            gort_store_ptr((void **)(void *)(b + C), R[B].p);
            gort_store_ptr((void **)(void *)(b + C + 8), R[B + 1].p);
            NEXT();
        }
        CASE(TCOPY) {
            NILCHECK(RA.p);
            NILCHECK(RB.p);
            gort_typedmemmove(RC.p, RA.p, RB.p);
            NEXT();
        }
        CASE(TCLONE) {
            const gort_type *t = RC.p;
            void *src = RB.p;
            NILCHECK(src);
            SAVEPC();
            void *o = gort_new(t);
            gort_typedmemmove(t, o, src);
            RA.p = o;
            NEXT();
        }
        CASE(TEQ) {
            NILCHECK(RB.p);
            NILCHECK(RC.p);
            SAVEPC();
            RA.i = gort_equal_value(RA.p, RB.p, RC.p);
            NEXT();
        }
        CASE(IDX) {
            uint32_t x = *pc++;
            int64_t ix = RC.i, n = R[B + 1].i;
            if (__builtin_expect((uint64_t)ix >= (uint64_t)n, 0)) {
                SAVEPC();
                gort_panic_bounds(GORT_BOUNDS_INDEX, ix, n);
            }
            RA.p = (char *)R[B].p + (size_t)ix * x;
            NEXT();
        }
        CASE(AIDX) {
            uint32_t x = *pc++;
            char *b = RB.p;
            int64_t ix = RC.i, n = (int64_t)K[x];
            NILCHECK(b);
            if (__builtin_expect((uint64_t)ix >= (uint64_t)n, 0)) {
                SAVEPC();
                gort_panic_bounds(GORT_BOUNDS_INDEX, ix, n);
            }
            RA.p = b + (size_t)ix * K[x + 1];
            NEXT();
        }
        CASE(SLICE) {
            uint32_t x = *pc++;
            gort_slice s = slice_at(&R[B]);
            const gort_type *t = T[x & 0x3fffffff];
            int64_t lo = R[C].i, hi = R[C + 1].i;
            SAVEPC();
            if (x >> 31) {
                int64_t mx = R[C + 2].i;
                if ((x >> 30 & 1) && (uint64_t)mx > (uint64_t)s.len)
                    gort_panic_bounds(GORT_BOUNDS_SLICE3_ALEN, mx, s.len);
                s = gort_slice_slice3(t, s, lo, hi, mx);
            } else {
                if ((x >> 30 & 1) && (uint64_t)hi > (uint64_t)s.len)
                    gort_panic_bounds(GORT_BOUNDS_SLICE_ALEN, hi, s.len);
                s = gort_slice_slice(t, s, lo, hi);
            }
            slice_put(&R[A], s);
            NEXT();
        }
        CASE(ARRSL) {
            uint32_t x = *pc++;
            void *b = RB.p;
            NILCHECK(b);
            R[A].p = b;
            R[A + 1].i = x;
            R[A + 2].i = x;
            NEXT();
        }
        CASE(MAKESLICE) {
            uint32_t x = *pc++;
            SAVEPC();
            slice_put(&R[A], gort_make_slice(T[x], (intptr_t)RB.i, (intptr_t)RC.i));
            NEXT();
        }
        CASE(GROW) {
            uint32_t x = *pc++;
            gort_slice s = slice_at(&R[A]);
            intptr_t n = (intptr_t)RB.i;
            if (__builtin_expect(s.len + n > s.cap, 0)) {
                SAVEPC();
                s = gort_slice_grow(T[x], s, s.len + n);
            }
            s.len += n;
            slice_put(&R[A], s);
            NEXT();
        }
        CASE(APPENDSL) {
            uint32_t x = *pc++;
            SAVEPC();
            slice_put(&R[A], gort_append(T[x], slice_at(&R[A]), R[B].p, (intptr_t)R[B + 1].i));
            NEXT();
        }
        CASE(COPYSL) {
            uint32_t x = *pc++;
            gort_slice src = slice_at(&R[C]);
            if (x >> 31) src.cap = src.len; /* a string */
            SAVEPC();
            RA.i = gort_copy(T[x & 0x7fffffff], slice_at(&R[B]), src);
            NEXT();
        }
        CASE(STR2BYTES) {
            gort_string s = {R[B].s, (intptr_t)R[B + 1].i};
            SAVEPC();
            slice_put(&R[A], gort_string_to_bytes(s));
            NEXT();
        }
        CASE(BYTES2STR) {
            gort_slice b = slice_at(&R[B]);
            SAVEPC();
            gort_string s = gort_string_from_bytes(b);
            R[A].s = s.ptr;
            R[A + 1].i = s.len;
            NEXT();
        }
        CASE(STR2RUNES) {
            gort_string s = {R[B].s, (intptr_t)R[B + 1].i};
            SAVEPC();
            slice_put(&R[A], gort_string_to_runes(s));
            NEXT();
        }
        CASE(RUNES2STR) {
            gort_slice b = slice_at(&R[B]);
            SAVEPC();
            gort_string s = gort_string_from_runes(b);
            R[A].s = s.ptr;
            R[A + 1].i = s.len;
            NEXT();
        }
        CASE(MAKEMAP) {
            uint32_t x = *pc++;
            const gort_type *mt = T[x & MAPX_TYPE];
            SAVEPC();
            RA.p = gort_map_make(mt->key, mt->elem->size ? mt->elem : NULL, (intptr_t)RB.i);
            NEXT();
        }
        CASE(MAPGET) {
            uint32_t x = *pc++;
            float f;
            SAVEPC();
            RA.p = gort_map_access(RB.p, map_key(&RC, x, &f));
            NEXT();
        }
        CASE(MAPGET2) {
            uint32_t x = *pc++;
            float f;
            bool ok;
            SAVEPC();
            void *e = gort_map_access2(RB.p, map_key(&RC, x, &f), &ok);
            R[A].p = e;
            R[A + 1].i = ok;
            NEXT();
        }
        CASE(MAPSET) {
            uint32_t x = *pc++;
            float f;
            SAVEPC();
            RA.p = gort_map_assign(RB.p, map_key(&RC, x, &f));
            NEXT();
        }
        CASE(MAPDEL) {
            uint32_t x = *pc++;
            float f;
            SAVEPC();
            gort_map_delete(RA.p, map_key(&RB, x, &f));
            NEXT();
        }
        CASE(MAPLEN) RA.i = gort_map_len(RB.p); NEXT();
        CASE(MAPITER) {
            SAVEPC();
            gort_map_iter *it = gort_new(&map_iter_type);
            gort_map_iter_init(RB.p, it);
            RA.p = it;
            NEXT();
        }
        CASE(LDIDX64) {
            int64_t ix = RC.i, n = R[B + 1].i;
            if (__builtin_expect((uint64_t)ix >= (uint64_t)n, 0)) {
                SAVEPC();
                gort_panic_bounds(GORT_BOUNDS_INDEX, ix, n);
            }
            RA.u = ((const uint64_t *)R[B].p)[ix];
            NEXT();
        }
        CASE(STIDX64) {
            int64_t ix = RB.i, n = R[A + 1].i;
            if (__builtin_expect((uint64_t)ix >= (uint64_t)n, 0)) {
                SAVEPC();
                gort_panic_bounds(GORT_BOUNDS_INDEX, ix, n);
            }
            ((uint64_t *)R[A].p)[ix] = RC.u;
            NEXT();
        }
        CASE(LDIDX8) {
            int64_t ix = RC.i, n = R[B + 1].i;
            if (__builtin_expect((uint64_t)ix >= (uint64_t)n, 0)) {
                SAVEPC();
                gort_panic_bounds(GORT_BOUNDS_INDEX, ix, n);
            }
            RA.u = ((const uint8_t *)R[B].p)[ix];
            NEXT();
        }
        CASE(STIDX8) {
            int64_t ix = RB.i, n = R[A + 1].i;
            if (__builtin_expect((uint64_t)ix >= (uint64_t)n, 0)) {
                SAVEPC();
                gort_panic_bounds(GORT_BOUNDS_INDEX, ix, n);
            }
            ((uint8_t *)R[A].p)[ix] = (uint8_t)RC.u;
            NEXT();
        }
        CASE(PRINTP) {
            char buf[24];
            int n = snprintf(buf, sizeof buf, "%#lx", (unsigned long)(uintptr_t)RA.p);
            if (!RA.p) n = snprintf(buf, sizeof buf, "0x0");
            pr_write(vm, buf, (size_t)n);
            NEXT();
        }
        CASE(PRINTIFACE) {
            char buf[64];
            int n = snprintf(buf, sizeof buf, "(%#lx,%#lx)", (unsigned long)(uintptr_t)R[A].p,
                             (unsigned long)(uintptr_t)R[A + 1].p);
            if (!R[A].p && !R[A + 1].p) n = snprintf(buf, sizeof buf, "(0x0,0x0)");
            pr_write(vm, buf, (size_t)n);
            NEXT();
        }
        CASE(PRINTSL) {
            char buf[80];
            int n = snprintf(buf, sizeof buf, "[%lld/%lld]", (long long)R[A + 1].i, (long long)R[A + 2].i);
            pr_write(vm, buf, (size_t)n);
            n = R[A].p ? snprintf(buf, sizeof buf, "%#lx", (unsigned long)(uintptr_t)R[A].p) : snprintf(buf, sizeof buf, "0x0");
            pr_write(vm, buf, (size_t)n);
            NEXT();
        }
        CASE(MAPNEXT) {
            gort_map_iter *it = RB.p;
            SAVEPC();
            if (gort_map_iter_next(it)) {
                R[A].p = it->key;
                R[A + 1].p = it->elem;
            } else {
                R[A].p = R[A + 1].p = NULL;
            }
            NEXT();
        }

        /* ---- function values, closures, methods, interfaces ---- */
        CASE(LOADFN) RA.p = (void *)&prog->funcs[INS_BX(i)]; NEXT();
        CASE(CLOSURE) {
            const vmfunc *fn = prog->funcs[INS_BX(i)];
            SAVEPC();
            slot *cl = gort_new(fn->cltype);
            cl[0].p = (void *)fn;
            for (uint32_t k = 0; k < fn->nctx; k++) {
                if (fn->cltype->ptrmask[(k + 1) / 8] & (1u << ((k + 1) % 8))) gort_store_ptr(&cl[k + 1].p, R[A + 1 + k].p);
                else cl[k + 1] = R[A + 1 + k];
            }
            RA.p = cl;
            NEXT();
        }
        CASE(GETCTX) memcpy(&RA, ci->cl + 1 + B, sizeof(slot) * C); NEXT();
        CASE(CALLV) {
            slot *cl = RB.p;
            if (__builtin_expect(!cl, 0)) {
                SAVEPC();
                gort_panic_nil(0, (uintptr_t)pc);
            }
            cfn = cl[0].p;
            ccl = cl;
            goto do_call;
        }
        CASE(ICALL) {
            const vmitab *tab = RB.p;
            if (__builtin_expect(!tab, 0)) {
                SAVEPC();
                gort_panic_nil(0, (uintptr_t)pc);
            }
            cfn = tab->fun[C];
            void *data = R[B + 1].p;
            if (cfn->ifaceload) vm_load_value(tab->type, &RA, data);
            else RA.p = data;
            ccl = NULL;
            goto do_call;
        }
        CASE(BOX) {
            const gort_type *t = C & 1 ? (RA.p ? ((const vmitab *)RA.p)->type : NULL) : RA.p;
            SAVEPC();
            R[A + 1].p = t ? box_value(t, &RB, C & 2) : NULL;
            NEXT();
        }
        CASE(UNBOX) {
            const gort_type *t = C & 1 ? ((const vmitab *)RB.p)->type : RB.p;
            void *data = R[B + 1].p;
            if (C & 2) {
                SAVEPC();
                void *p = gort_new(t);
                gort_typedmemmove(t, p, data);
                RA.p = p;
            } else {
                vm_load_value(t, &RA, data);
            }
            NEXT();
        }
        CASE(TYPEOF) {
            void *w = RB.p;
            RA.p = C && w ? (void *)((const vmitab *)w)->type : w;
            NEXT();
        }
        CASE(ITAB) RA.p = (void *)itab_get(prog->itabs, (const gort_type *)(uintptr_t)K[INS_BX(i)], RA.p); NEXT();
        CASE(ASSERTFAIL) SAVEPC(); assert_fail(RA.p, (const vmassert *)(uintptr_t)K[INS_BX(i)]); NEXT();
        CASE(EQIFACE) {
            const gort_type *t = RB.p;
            if (t != RC.p) {
                RA.i = 0;
            } else if (!t || (R[B + 1].p == R[C + 1].p && t->hash != gort_hash_unhashable)) {
                RA.i = 1;
            } else {
                SAVEPC();
                RA.i = gort_equal_value(t, R[B + 1].p, R[C + 1].p);
            }
            NEXT();
        }

        /* ---- natives (natives.h) ---- */
        CASE(CALLN) {
            /* the native may panic (the traceback needs pc), call back
             * into the VM (frames go above this one's slots) or let the
             * collector scan this frame whole (it is vm->ci) */
            SAVEPC();
            ci->top = ci->fn->nslots;
            prog->natives[INS_BX(i)]->fn(vm, R + A);
            NEXT();
        }
        CASE(CALLX) {
            /* a C function (ffi.c): the frame is scanned whole while C
             * runs (its pointers stay alive), and a callback's frames
             * go above it */
            SAVEPC();
            ci->top = ci->fn->nslots;
            vm_ffi_call(vm, prog->externs[INS_BX(i)], R + A);
            NEXT();
        }
        CASE(NATIVEFN) {
            SAVEPC();
            ci->top = ci->fn->nslots;
            ci->fn->native->fn(vm, R);
            NEXT();
        }
        /* ---- goroutines and channels (vmgo.c) ---- */
        CASE(GO) SAVEPC(); vm_go(vm, prog->funcs[INS_BX(i)], NULL, R + A); NEXT();
        CASE(GOV) {
            slot *cl = RB.p;
            SAVEPC();
            vm_go(vm, cl ? cl[0].p : NULL, cl, R + A); /* nil: Go's fatal error */
            NEXT();
        }
        CASE(GOI) {
            const vmitab *tab = RB.p;
            SAVEPC();
            if (__builtin_expect(!tab, 0)) gort_panic_nil(0, (uintptr_t)pc);
            cfn = tab->fun[C];
            if (cfn->ifaceload) vm_load_value(tab->type, &RA, R[B + 1].p);
            else RA.p = R[B + 1].p;
            vm_go(vm, cfn, NULL, R + A);
            NEXT();
        }
        CASE(MAKECHAN) {
            uint32_t x = *pc++;
            const gort_type *et = T[x]->elem;
            SAVEPC();
            RA.p = gort_chan_make(et->size ? et : NULL, (intptr_t)RB.i);
            NEXT();
        }
        CASE(SEND) {
            uint32_t x = *pc++;
            SAVEPC(); /* the frame is vm->ci: scanned whole while parked */
            vm_chan_send(RA.p, &RB, T[x]);
            NEXT();
        }
        CASE(RECV) {
            uint32_t x = *pc++;
            SAVEPC();
            bool ok = vm_chan_recv(RB.p, &RA, T[x & 0xffffff], x >> 25 & 1);
            if (x >> 24 & 1) RC.i = ok;
            NEXT();
        }
        CASE(CLOSE) SAVEPC(); gort_chan_close(RA.p); NEXT();
        CASE(CHANLEN) RA.i = gort_chan_len(RB.p); NEXT();
        CASE(CHANCAP) RA.i = gort_chan_cap(RB.p); NEXT();
        CASE(SELECT) {
            SAVEPC();
            RA.i = vm_select((const struct vmselect *)(uintptr_t)K[INS_BX(i)], R);
            NEXT();
        }
#ifdef GORT_VM_SWITCH
        default:
            bad_opcode(i);
        }
    }
#else
        }
    }
    bad_opcode(i);
#endif
#undef A
#undef B
#undef C
#undef RA
#undef RB
#undef RC
}

/* ------------------------------------------------------------------ */
/* entry                                                               */

static size_t max_stack(void) {
    const char *s = getenv("GORT_VM_MAXSTACK");
    if (s && *s) {
        char *end;
        unsigned long long v = strtoull(s, &end, 10);
        if (*end == 0 && v >= 4096) return (size_t)v;
    }
    return 1000000000;
}

/* ---- calls from natives and hosts ---- */

static int prog_argc;
static char **prog_argv;

void vm_set_args(int argc, char **argv) {
    prog_argc = argc;
    prog_argv = argv;
}

int vm_args(char ***argv) {
    *argv = prog_argv;
    return prog_argc;
}

/* Calls fn above every slot of the running frame (a native is running
 * on its behalf, or the VM is idle) and copies its results out. The C
 * stack grows by one activation per nested call; the VM's own depth
 * limit applies. */
static void call_cl(vmstate *vm, const vmfunc *fn, slot *cl, const vmslot *args, vmslot *res) {
    vmframe *nf = push_frame(vm, vm->ci, fn, cl, args);
    slot *nb = nf->base;
    run(vm, false);
    if (fn->nresults && res) memcpy(res, nb + fn->nparams, sizeof(slot) * fn->nresults);
}

/* One activation of the loop from vm->ci (a new frame) to its return.
 * A recovery in one of its frames lands here (land) and the loop goes
 * on from that frame's epilogue. pdefer: the frame is a deferred call a
 * panic runs. */
static void run(vmstate *vm, bool pdefer) {
    vmact a;
    a.vm = vm;
    a.entry = vm->ci;
    a.sp = (uintptr_t)__builtin_dwarf_cfa();
    a.rframe = NULL;
    a.open = false;
    a.done = false;
    a.pdefer = pdefer;
    a.entry->pdefer = pdefer;
    const uint32_t *pc;
    if (setjmp(a.jb)) pc = land(&a);
    else pc = a.entry->fn->code;
    execute(vm, &a, pc);
    if (a.open) {
        a.done = true;
        gort_frame_end(&a.fr);
    }
}

void vm_call(vmstate *vm, const vmfunc *fn, const vmslot *args, vmslot *res) { call_cl(vm, fn, NULL, args, res); }

void vm_call_closure(vmstate *vm, vmslot *cl, const vmslot *args, vmslot *res) {
    if (!cl) gort_panic_nil(0, 0); /* calling a nil func value */
    call_cl(vm, cl[0].p, cl, args, res);
}

void vm_run_func(vmstate *vm, const vmfunc *fn, slot *cl, const slot *args) {
    call_cl(vm, fn, cl, args, NULL);
    vm->ci = NULL;
}

const vmprog *vm_prog(vmstate *vm) { return vm->p; }

void vm_call_method(vmstate *vm, const gort_type *t, const vmfunc *fn, const void *data, vmslot *res) {
    slot args[VM_MAX_SLOTS];
    if (fn->ifaceload && t->size <= sizeof args) vm_load_value(t, args, data);
    else args[0].p = (void *)data;
    vm_call(vm, fn, args, res);
}

typedef struct pcallarg {
    vmstate *vm;
    const gort_type *t;
    const vmfunc *fn;
    const void *data;
    vmslot *res;
} pcallarg;

static void pcall_method(void *arg) {
    pcallarg *a = arg;
    vm_call_method(a->vm, a->t, a->fn, a->data, a->res);
}

bool vm_pcall_method(vmstate *vm, const gort_type *t, const vmfunc *fn, const void *data, vmslot *res,
                     gort_panic_info *pi) {
    vmframe *ci = vm->ci;
    pcallarg a = {vm, t, fn, data, res};
    if (gort_pcall(pcall_method, &a, pi) == GORT_PCALL_OK) return true;
    vm->ci = ci; /* the frames the panic unwound are dropped */
    return false;
}

/* Calls function fi with no arguments on vm. */
static void run_func(vmstate *vm, int fi) {
    const vmfunc *fn = vm->p->funcs[fi];
    vmchunk *c = vm->chunk;
    vmframe *f = &vm->first;
    f->prev = NULL;
    f->fn = fn;
    f->base = c->data;
    f->ret = c->data + fn->nparams;
    f->chunk = c;
    f->pc = NULL;
    f->cl = NULL;
    f->depth = sizeof(slot) * fn->nslots + sizeof(vmframe);
    f->pdefer = false;
    memset(c->data, 0, sizeof(slot) * fn->nslots);
    vm->ci = f;
    run(vm, false);
    vm->ci = NULL;
}

/* ---- VM states ---- */

/* Every live vmshared, linked from a global: a program's goroutines may
 * still hold one when the process ends (blocked goroutines, a stopped
 * time.AfterFunc), as Go's do, and their references sit in runtime
 * memory that leak checkers do not scan; from here the state is
 * reachable, so LeakSanitizer does not report it at exit. */
static pthread_mutex_t shared_mu = PTHREAD_MUTEX_INITIALIZER;
static vmshared *shared_live;

static vmshared *shared_new(const vmprog *p) {
    vmshared *sh = calloc(1, sizeof *sh);
    if (!sh) abort();
    pthread_mutex_lock(&shared_mu);
    sh->next = shared_live;
    if (shared_live) shared_live->prev = sh;
    shared_live = sh;
    pthread_mutex_unlock(&shared_mu);
    sh->p = p;
    sh->globals = calloc((size_t)p->nglobals + 1, sizeof(slot));
    if (!sh->globals) abort();
    /* Every goroutine of the program reads and writes them: a root of
     * its own rather than part of one goroutine's scan, shaded at the
     * start of each cycle and rescanned at mark termination. */
    gort_root_add(sh->globals, (size_t)p->nglobals + 1);
    sh->maxstack = max_stack();
    sh->refs = 1;
    return sh;
}

void vm_shared_release(vmshared *sh) {
    if (__atomic_sub_fetch(&sh->refs, 1, __ATOMIC_ACQ_REL) != 0) return;
    pthread_mutex_lock(&shared_mu);
    if (sh->prev) sh->prev->next = sh->next;
    else shared_live = sh->next;
    if (sh->next) sh->next->prev = sh->prev;
    pthread_mutex_unlock(&shared_mu);
    gort_root_remove(sh->globals);
    free(sh->globals);
    free(sh);
}

static vmstate *state_new(vmshared *sh, size_t chunkslots) {
    vmstate *vm = calloc(1, sizeof *vm);
    if (!vm) abort();
    vm->sh = sh;
    vm->p = sh->p;
    vm->globals = sh->globals;
    vm->maxstack = sh->maxstack;
    vm->chunk = chunk_new(NULL, chunkslots);
    return vm;
}

/* (Host states own a new vmshared.) */
vmstate *vm_state_new(const vmprog *p) { return state_new(shared_new(p), CHUNK_SLOTS); }

vmstate *vm_state_new_go(vmshared *sh) {
    __atomic_add_fetch(&sh->refs, 1, __ATOMIC_RELAXED);
    vmstate *vm = state_new(sh, GO_CHUNK_SLOTS);
    vm->isgo = true;
    return vm;
}

/* Go's preprintpanics for script values: an error prints its Error()
 * text, a Stringer its String() (run now, on the panicking goroutine,
 * above its frames). */
static const gort_method *text_method(const gort_type *t, const char *name) {
    for (intptr_t k = 0; k < t->nmethods; k++) {
        const gort_method *m = &t->methods[k];
        if (strcmp(m->name, name) != 0 || !m->ifn || !m->mtyp) continue;
        const gort_type *ft = m->mtyp;
        if (ft->nin == 0 && ft->nout == 1 && ft->out[0]->kind == GORT_KIND_STRING) return m;
    }
    return NULL;
}

static void vm_preprint(void *ctx, gort_any *v) {
    const gort_type *t = v->type;
    if (!t || !t->nmethods) return;
    const gort_method *m = text_method(t, "Error");
    if (!m) m = text_method(t, "String");
    if (!m) return;
    vmslot res[2];
    vm_call_method(ctx, t, m->ifn, v->data, res);
    gort_string *s = gort_new(&gort_type_string);
    gort_store_ptr((void **)&s->ptr, (void *)(uintptr_t)res[0].s);
    s->len = (intptr_t)res[1].i;
    *v = (gort_any){&gort_type_string, s};
}

static const gort_vm_hooks vm_hooks = {vm_scan, vm_describe, vm_preprint};

void vm_state_enter(vmstate *vm) { gort_set_vm_hooks(&vm_hooks, vm); }

void vm_state_leave(vmstate *vm) {
    (void)vm;
    gort_set_vm_hooks(NULL, NULL);
}

void vm_state_init(vmstate *vm) { run_func(vm, vm->p->initfn); }

void vm_state_free(vmstate *vm) {
    if (!vm) return;
    for (vmframe *f = vm->first.next; f;) {
        vmframe *nx = f->next;
        free(f);
        f = nx;
    }
    for (vmchunk *c = vm->chunk; c;) {
        vmchunk *nx = c->next;
        free(c);
        c = nx;
    }
    vm_shared_release(vm->sh);
    free(vm);
}

/* Goroutines the program started may still run when main returns: under
 * gort_main (gortvm_run from a thread) the runtime stops them for good
 * before it returns; the shared state outlives them by its count. */
void vm_run_main(const vmprog *p) {
    vmstate *vm = vm_state_new(p);
    vm_state_enter(vm);
    run_func(vm, p->initfn);
    run_func(vm, p->mainfn);
    vm_state_leave(vm);
    vm_state_free(vm);
}
