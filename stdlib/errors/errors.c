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
 * chain of Unwrap (errors.As, and Is methods on the chain, are not
 * implemented).
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
        vmslot next[2];
        unwrap(vm, err, next);
        if (!next[0].p) break;
        err[0] = next[0];
        err[1] = next[1];
    }
    r[4].i = 0;
}

static const vmnative natives[] = {
    {"errors.New", errors_New},
    {"errors.Unwrap", errors_Unwrap},
    {"errors.Is", errors_Is},
};
const vmnative_table vm_natives_errors = {natives, (int)(sizeof natives / sizeof natives[0])};
