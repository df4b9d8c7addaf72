/*
 * context.c: natives of package context (stdlib/context/context.go
 * declares the API), bound to the runtime's contexts (runtime/src/
 * context.c; gort.h, "context"): cancellation, its propagation to
 * children, deadlines on the runtime's timers and the lazily made Done
 * channel are all the runtime's.
 *
 * A script's Context is an interface value whose dynamic type is one
 * struct made per program (natives.c, link_context), with the four
 * methods of context.Context as native trampolines:
 *
 *   Context (itab, data) ──► vctx (GC heap, the interface's data)
 *                            ├── c       gort_context *  cancellation, deadline, Done
 *                            ├── parent  vctx *          for Value
 *                            └── key, val  any           a WithValue pair (key nil: none)
 *
 *   cancel (a CancelFunc) ──► closure {vmfunc cancelfn, vctx *}
 *                             cancelfn is NATIVEFN ctx_cancel: it reads
 *                             its vctx from the running frame's closure
 *
 * Value compares keys with Go's == on interfaces (the runtime's contexts
 * compare keys by address, which a script's `any` key cannot use), so a
 * value context is a vctx of its own sharing its parent's gort_context;
 * cancellation never needs it. Err returns context.Canceled or
 * context.DeadlineExceeded, two fixed error values (type
 * *errors.errorString, texts as Go's) that the package variables return
 * too, so `ctx.Err() == context.Canceled` holds.
 *
 * Go's rules and panics: a nil parent panics "cannot create context from
 * nil parent", a nil key "nil key", an uncomparable key "key is not
 * comparable". A parent whose dynamic type is the script's own Context
 * implementation is not supported (Go starts a goroutine that watches
 * its Done channel); it panics saying so.
 */
#include <string.h>

#include "interp.h"
#include "itab.h"
#include "natives.h"

typedef struct vctx {
    gort_context *c;      /* the runtime's context */
    struct vctx *parent;  /* NULL for Background and TODO */
    vmslot key[2], val[2]; /* WithValue's pair; key[0] NULL otherwise */
} vctx;

/* c, parent, key's data, val's data (the type words are descriptors) */
static const uint8_t vctx_mask[] = {0x2B};
const gort_type vm_context_type = {.size = sizeof(vctx), .align = 8, .ptrwords = 6, .ptrmask = vctx_mask,
                                   .name = "*context.ctx", .kind = GORT_KIND_STRUCT,
                                   .tflags = GORT_TFLAG_NAMED | GORT_TFLAG_COMPARABLE | GORT_TFLAG_REGULARMEM,
                                   .pkgpath = "context"};

static const uint8_t mask_any[] = {0x02};
static const gort_type eface = {.size = 16, .align = 8, .ptrwords = 2, .ptrmask = mask_any,
                                .name = "interface {}", .kind = GORT_KIND_INTERFACE};
static const gort_type time_type = {.size = 8, .align = 8, .name = "time.Time", .kind = GORT_KIND_STRUCT};
static const uint8_t mask_cl[] = {0x02};
static const gort_type closure_type = {.size = 16, .align = 8, .ptrwords = 2, .ptrmask = mask_cl,
                                       .name = "context.CancelFunc", .kind = GORT_KIND_STRUCT};

static const vmlib *lib(struct vmstate *vm) { return vm_prog(vm)->lib; }

/* The Context interface value for x into out[0..1]. */
static void make_ctx(struct vmstate *vm, vctx *x, vmslot *out) {
    const vmlib *l = lib(vm);
    if (!l->ctxtype) gort_panic_str("context: the program's context.Context was not linked");
    const vmprog *p = vm_prog(vm);
    out[0].p = (void *)itab_get(p->itabs ? p->itabs : l->itabs, l->ctxiface, l->ctxtype);
    out[1].p = x;
}

static vctx *new_ctx(gort_context *c, vctx *parent) {
    vctx *x = gort_new(&vm_context_type);
    gort_store_ptr((void **)(void *)&x->c, c);
    gort_store_ptr((void **)(void *)&x->parent, parent);
    return x;
}

/* The parent argument (an interface at p) as our vctx. */
static vctx *parent_of(struct vmstate *vm, const vmslot *p) {
    const vmitab *tab = p[0].p;
    if (!tab) gort_panic_str("cannot create context from nil parent");
    if (tab->type != lib(vm)->ctxtype)
        gort_panic_str("gort: context: a parent Context of the program's own type is not supported");
    return p[1].p;
}

/* A CancelFunc for the runtime's cancel handle f into out: a closure
 * {cancelfn, f} of the native ctx_cancel. */
static void make_cancel(struct vmstate *vm, gort_cancel_func f, vmslot *out) {
    vmslot *cl = gort_new(&closure_type);
    cl[0].p = (void *)(uintptr_t)lib(vm)->cancelfn;
    gort_store_ptr(&cl[1].p, (void *)f);
    out->p = cl;
}

/* the CancelFunc's code: its handle is in the running frame's closure;
 * later calls do nothing, as in Go */
static void ctx_cancel(struct vmstate *vm, vmslot *r) {
    (void)r;
    gort_cancel((gort_cancel_func)vm->ci->cl[1].p);
}
const vmnative vm_native_ctx_cancel = {"context.CancelFunc", ctx_cancel};

/* ---- the package's functions ---- */

static void ctx_Background(struct vmstate *vm, vmslot *r) { make_ctx(vm, new_ctx(gort_context_background(), NULL), r); }
static void ctx_TODO(struct vmstate *vm, vmslot *r) { make_ctx(vm, new_ctx(gort_context_todo(), NULL), r); }

/* func WithCancel(parent Context) (ctx Context, cancel CancelFunc):
 * r[0..1] parent, r[2..3] ctx, r[4] cancel */
static void ctx_WithCancel(struct vmstate *vm, vmslot *r) {
    vctx *p = parent_of(vm, r);
    gort_cancel_func f;
    gort_context *c = gort_context_with_cancel(p->c, &f);
    make_ctx(vm, new_ctx(c, p), r + 2);
    make_cancel(vm, f, r + 4);
}

/* func WithTimeout(parent Context, timeout time.Duration) (Context, CancelFunc):
 * r[0..1] parent, r[2] timeout, r[3..4], r[5] */
static void ctx_WithTimeout(struct vmstate *vm, vmslot *r) {
    vctx *p = parent_of(vm, r);
    gort_cancel_func f;
    gort_context *c = gort_context_with_timeout(p->c, r[2].i, &f);
    make_ctx(vm, new_ctx(c, p), r + 3);
    make_cancel(vm, f, r + 5);
}

/* func WithDeadline(parent Context, d time.Time) (Context, CancelFunc):
 * d is a Time's address (wall-clock ns, stdlib/time/time.c) */
static void ctx_WithDeadline(struct vmstate *vm, vmslot *r) {
    vctx *p = parent_of(vm, r);
    gort_cancel_func f;
    gort_context *c = gort_context_with_deadline(p->c, *(const int64_t *)r[2].p, &f);
    make_ctx(vm, new_ctx(c, p), r + 3);
    make_cancel(vm, f, r + 5);
}

/* func WithValue(parent Context, key, val any) Context: r[0..1] parent,
 * r[2..3] key, r[4..5] val, r[6..7] the result */
static void ctx_WithValue(struct vmstate *vm, vmslot *r) {
    vctx *p = parent_of(vm, r);
    if (!r[2].p) gort_panic_str("nil key");
    const gort_type *kt = r[2].p;
    if (kt->kind == GORT_KIND_SLICE || kt->kind == GORT_KIND_MAP || kt->kind == GORT_KIND_FUNC ||
        kt->hash == gort_hash_unhashable)
        gort_panic_str("key is not comparable");
    vctx *x = new_ctx(p->c, p);
    x->key[0].p = r[2].p;
    gort_store_ptr(&x->key[1].p, r[3].p);
    x->val[0].p = r[4].p;
    gort_store_ptr(&x->val[1].p, r[5].p);
    make_ctx(vm, x, r + 6);
}

/* var Canceled, DeadlineExceeded error: fixed *errors.errorString values */
typedef struct errstring {
    const char *p;
    intptr_t n;
} errstring;
static const errstring canceled_s = {"context canceled", 16};
static const errstring deadline_s = {"context deadline exceeded", 25};
static const errstring *const canceled_cell = &canceled_s; /* an interface's data: a cell */
static const errstring *const deadline_cell = &deadline_s;

static void err_value(struct vmstate *vm, const gort_error *e, vmslot *out) {
    if (!e) {
        vm_make_error(vm, NULL, NULL, out);
        return;
    }
    const void *cell = e == &gort_context_canceled ? (const void *)&canceled_cell : (const void *)&deadline_cell;
    vm_make_error(vm, lib(vm)->errstring, cell, out);
}

static void ctx_Canceled(struct vmstate *vm, vmslot *r) { err_value(vm, &gort_context_canceled, r); }
static void ctx_DeadlineExceeded(struct vmstate *vm, vmslot *r) {
    err_value(vm, &gort_context_deadline_exceeded, r);
}

/* ---- the methods (r[0]: the vctx, the interface's data) ---- */

/* Deadline() (deadline time.Time, ok bool) */
static void ctx_Deadline(struct vmstate *vm, vmslot *r) {
    (void)vm;
    vctx *x = r[0].p;
    int64_t d = 0;
    bool ok = gort_context_deadline(x->c, &d);
    int64_t *t = gort_new(&time_type);
    *t = ok ? d : 0;
    r[1].p = t;
    r[2].u = ok;
}
const vmnative vm_native_ctx_Deadline = {"context.ctx.Deadline", ctx_Deadline};

/* Done() <-chan struct{}: nil for a context that is never canceled */
static void ctx_Done(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].p = gort_context_done(((vctx *)r[0].p)->c);
}
const vmnative vm_native_ctx_Done = {"context.ctx.Done", ctx_Done};

/* Err() error */
static void ctx_Err(struct vmstate *vm, vmslot *r) {
    err_value(vm, gort_context_err(((vctx *)r[0].p)->c), r + 1);
}
const vmnative vm_native_ctx_Err = {"context.ctx.Err", ctx_Err};

/* Value(key any) any: the innermost pair whose key == key */
static void ctx_Value(struct vmstate *vm, vmslot *r) {
    (void)vm;
    for (vctx *x = r[0].p; x; x = x->parent) {
        if (x->key[0].p && x->key[0].p == r[1].p && gort_equal_value(&eface, x->key, r + 1)) {
            r[3] = x->val[0];
            r[4] = x->val[1];
            return;
        }
    }
    r[3].p = r[4].p = NULL;
}
const vmnative vm_native_ctx_Value = {"context.ctx.Value", ctx_Value};

static const vmnative natives[] = {
    {"context.Background", ctx_Background},
    {"context.TODO", ctx_TODO},
    {"context.WithCancel", ctx_WithCancel},
    {"context.WithTimeout", ctx_WithTimeout},
    {"context.WithDeadline", ctx_WithDeadline},
    {"context.WithValue", ctx_WithValue},
    {"context.Canceled", ctx_Canceled},
    {"context.DeadlineExceeded", ctx_DeadlineExceeded},
};
const vmnative_table vm_natives_context = {natives, (int)(sizeof natives / sizeof natives[0])};
