/*
 * errors.c: natives of package errors (stdlib/errors/errors.go declares
 * the API).
 *
 * An error is an interface value (itab, data). errors.New makes a
 * *errors.errorString, as Go's does: the type (natives_link, per
 * program, since its method's signature must be the program's `func()
 * string` descriptor for itabs to match) has one method, Error, whose
 * code is a trampoline to errstring_Error below. So an error from
 * errors.New is called, compared, printed and asserted like any script
 * error, and %T prints *errors.errorString.
 *
 * Unwrap and Is follow Go's errors package: Unwrap calls the value's
 * `Unwrap() error` method if it has one; Is compares with == along the
 * chain of Unwrap, asking an `Is(error) bool` method on the way. As
 * walks the same chain and stores the first error whose dynamic type is
 * the target's element type (or implements it, for an interface
 * target) through the target pointer, or asks an `As(any) bool` method,
 * with Go's panics for a bad target.
 */
#include <string.h>

#include "bytecode.h"
#include "itab.h"
#include "natives.h"

static const gort_type *dyntype(const vmslot *iface) {
    const vmitab *tab = iface[0].p;
    return tab ? tab->type : NULL;
}

/* func (e *errorString) Error() string: r[0] is the data word, a cell
 * holding the *errorString. */
static void errstring_Error(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const gort_string *s = *(gort_string *const *)r[0].p;
    r[1].s = s->ptr;
    r[2].i = s->len;
}
const vmnative vm_native_errstring_Error = {"errors.(*errorString).Error", errstring_Error};

/* An error value holding a new *errors.errorString with text s. */
void vm_errors_new(struct vmstate *vm, gort_string s, vmslot *out) {
    const vmlib *lib = vm_prog(vm)->lib;
    gort_string *es = gort_new(lib->errstring->elem);
    gort_store_ptr((void **)(void *)&es->ptr, (void *)s.ptr);
    es->len = s.len;
    void **cell = gort_new(lib->errstring);
    gort_store_ptr(cell, es);
    vm_make_error(vm, lib->errstring, cell, out);
}

/* func New(text string) error */
static void errors_New(struct vmstate *vm, vmslot *r) {
    vm_errors_new(vm, (gort_string){r[0].s, (intptr_t)r[1].i}, r + 2);
}

/* err.Unwrap() if err's dynamic type has `Unwrap() error`; else nil. */
static void unwrap(struct vmstate *vm, const vmslot *err, vmslot *out) {
    const gort_type *t = dyntype(err);
    out[0].p = out[1].p = NULL;
    if (!t) return;
    for (intptr_t i = 0; i < t->nmethods; i++) {
        const gort_method *m = &t->methods[i];
        if (strcmp(m->name, "Unwrap") != 0) continue;
        const gort_type *mt = m->mtyp;
        if (!m->ifn || !mt || mt->nin != 0 || mt->nout != 1 || mt->out[0]->kind != GORT_KIND_INTERFACE ||
            mt->out[0]->nmethods != 1)
            return;
        vm_call_method(vm, t, m->ifn, err[1].p, out);
        return;
    }
}

/* func Unwrap(err error) error */
static void errors_Unwrap(struct vmstate *vm, vmslot *r) { unwrap(vm, r, r + 2); }

/* err == target for two error values */
static bool equal(const vmslot *a, const vmslot *b) {
    const gort_type *ta = dyntype(a), *tb = dyntype(b);
    if (ta != tb) return false;
    if (!ta || a[1].p == b[1].p) return true;
    return gort_equal_value(ta, a[1].p, b[1].p);
}

/* The method named name of dynamic type t, or NULL. */
static const gort_method *method(const gort_type *t, const char *name) {
    for (intptr_t i = 0; t && i < t->nmethods; i++)
        if (strcmp(t->methods[i].name, name) == 0) return &t->methods[i];
    return NULL;
}

/* func Is(err error, target error) bool */
static void errors_Is(struct vmstate *vm, vmslot *r) {
    vmslot err[2] = {r[0], r[1]}, target[2] = {r[2], r[3]};
    const gort_type *tt = dyntype(target);
    if (!tt) {
        r[4].i = dyntype(err) == NULL;
        return;
    }
    bool comparable = (tt->tflags & GORT_TFLAG_COMPARABLE) != 0;
    for (int depth = 0; depth < 10000; depth++) {
        if (comparable && equal(err, target)) {
            r[4].i = 1;
            return;
        }
        const gort_type *t = dyntype(err);
        const gort_method *m = method(t, "Is");
        if (m && m->ifn && m->mtyp && m->mtyp->nin == 1 && m->mtyp->nout == 1 &&
            m->mtyp->out[0]->kind == GORT_KIND_BOOL && m->mtyp->in[0]->kind == GORT_KIND_INTERFACE &&
            m->mtyp->in[0]->nmethods == 1) {
            vmslot res[1];
            vm_call_imethod(vm, t, m->ifn, err[1].p, target, 2, res);
            if (res[0].i & 1) {
                r[4].i = 1;
                return;
            }
        }
        vmslot next[2];
        unwrap(vm, err, next);
        if (!next[0].p) break;
        err[0] = next[0];
        err[1] = next[1];
    }
    r[4].i = 0;
}

/* func As(err error, target any) bool */
static void errors_As(struct vmstate *vm, vmslot *r) {
    const gort_type *pt = r[2].p;
    if (!pt) gort_panic_str("errors: target cannot be nil");
    void *dst = pt->kind == GORT_KIND_POINTER ? *(void **)r[3].p : NULL;
    if (!dst) gort_panic_str("errors: target must be a non-nil pointer");
    const gort_type *et = pt->elem;
    const vmprog *p = vm_prog(vm);
    vmitabs *c = p->itabs ? p->itabs : p->lib->itabs;
    bool iface = et->kind == GORT_KIND_INTERFACE;
    if (!iface && !itab_get(c, p->lib->error, et))
        gort_panic_str("errors: *target must be interface or implement error");
    vmslot err[2] = {r[0], r[1]};
    for (int depth = 0; depth < 10000 && err[0].p; depth++) {
        const gort_type *t = dyntype(err);
        if (iface) {
            const void *word = et->nmethods ? (const void *)itab_get(c, et, t) : (const void *)t;
            if (word) {
                gort_store_ptr((void **)dst, (void *)word);
                gort_store_ptr((void **)dst + 1, err[1].p);
                r[4].i = 1;
                return;
            }
        } else if (t == et) {
            gort_typedmemmove(et, dst, err[1].p);
            r[4].i = 1;
            return;
        }
        const gort_method *m = method(t, "As");
        if (m && m->ifn && m->mtyp && m->mtyp->nin == 1 && m->mtyp->nout == 1 &&
            m->mtyp->out[0]->kind == GORT_KIND_BOOL && m->mtyp->in[0]->kind == GORT_KIND_INTERFACE &&
            m->mtyp->in[0]->nmethods == 0) {
            vmslot res[1];
            vm_call_imethod(vm, t, m->ifn, err[1].p, r + 2, 2, res);
            if (res[0].i & 1) {
                r[4].i = 1;
                return;
            }
        }
        vmslot next[2];
        unwrap(vm, err, next);
        err[0] = next[0];
        err[1] = next[1];
    }
    r[4].i = 0;
}

static const vmnative natives[] = {
    {"errors.As", errors_As},
    {"errors.New", errors_New},
    {"errors.Unwrap", errors_Unwrap},
    {"errors.Is", errors_Is},
};
const vmnative_table vm_natives_errors = {natives, (int)(sizeof natives / sizeof natives[0])};
