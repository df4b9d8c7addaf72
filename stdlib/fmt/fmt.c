/*
 * fmt.c: natives of package fmt (stdlib/fmt/fmt.go declares the API);
 * the formatting itself is vm/src/format.c.
 *
 * Every function here takes `a ...any`: the call area holds the slice
 * (data, len, cap) whose elements are empty interfaces, two words each
 * (type, pointer to the value), which is a gort_any: the engine reads
 * them in place. A value with a String or Error method prints through
 * it: the engine hands the method (gort_method.ifn, a VM function) back
 * to call_string, which runs it on the VM (vm_call_method) with the
 * receiver an interface call would pass.
 *
 * Print, Println and Printf write to standard output with one write(2)
 * per call, as Go's (unbuffered) os.Stdout does.
 */
#include <errno.h>
#include <unistd.h>

#include "bytecode.h"
#include "format.h"
#include "natives.h"

static void call_string(void *ud, const gort_type *t, const gort_method *m, const void *data, gort_string *out) {
    vmslot res[2];
    vm_call_method(ud, t, m->ifn, data, res);
    out->ptr = res[0].s;
    out->len = (intptr_t)res[1].i;
}

static gort_string str_arg(const vmslot *r) { return (gort_string){r[0].s, (intptr_t)r[1].i}; }

static void ret_string(vmslot *r, fmtbuf *b) {
    gort_string s = b->n ? gort_string_new(b->p, (intptr_t)b->n) : (gort_string){"", 0};
    fmtbuf_free(b);
    r[0].s = s.ptr;
    r[1].i = s.len;
}

/* Writes b to standard output; results (n int, err error) at r. */
static void write_out(vmslot *r, fmtbuf *b) {
    size_t off = 0;
    while (off < b->n) {
        ssize_t k = write(1, b->p + off, b->n - off);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        off += (size_t)k;
    }
    fmtbuf_free(b);
    r[0].i = (int64_t)off;
    r[1].p = NULL; /* err: nil */
    r[2].p = NULL;
}

#define ANYS(r) ((const gort_any *)(r)[0].p), ((int)(r)[1].i)

/* func Print(a ...any) (n int, err error) */
static void fmt_Print(struct vmstate *vm, vmslot *r) {
    fmt_env env = {call_string, vm};
    fmtbuf b = {0};
    fmt_sprint(&b, &env, ANYS(r));
    write_out(r + 3, &b);
}

/* func Println(a ...any) (n int, err error) */
static void fmt_Println(struct vmstate *vm, vmslot *r) {
    fmt_env env = {call_string, vm};
    fmtbuf b = {0};
    fmt_sprintln(&b, &env, ANYS(r));
    write_out(r + 3, &b);
}

/* func Printf(format string, a ...any) (n int, err error) */
static void fmt_Printf(struct vmstate *vm, vmslot *r) {
    fmt_env env = {call_string, vm};
    fmtbuf b = {0};
    gort_string f = str_arg(r);
    fmt_sprintf(&b, &env, f.ptr, (size_t)f.len, ANYS(r + 2));
    write_out(r + 5, &b);
}

/* func Sprint(a ...any) string */
static void fmt_Sprint(struct vmstate *vm, vmslot *r) {
    fmt_env env = {call_string, vm};
    fmtbuf b = {0};
    fmt_sprint(&b, &env, ANYS(r));
    ret_string(r + 3, &b);
}

/* func Sprintln(a ...any) string */
static void fmt_Sprintln(struct vmstate *vm, vmslot *r) {
    fmt_env env = {call_string, vm};
    fmtbuf b = {0};
    fmt_sprintln(&b, &env, ANYS(r));
    ret_string(r + 3, &b);
}

/* func Sprintf(format string, a ...any) string */
static void fmt_Sprintf(struct vmstate *vm, vmslot *r) {
    fmt_env env = {call_string, vm};
    fmtbuf b = {0};
    gort_string f = str_arg(r);
    fmt_sprintf(&b, &env, f.ptr, (size_t)f.len, ANYS(r + 2));
    ret_string(r + 5, &b);
}

/* An error value holding a new *errors.errorString (errors.c). */
void vm_errors_new(struct vmstate *vm, gort_string s, vmslot *out);

/* type wrapError struct { msg string; err error }, as Go's fmt. */
typedef struct wraperror {
    gort_string msg;
    void *err[2];
} wraperror;

/* func (e *wrapError) Error() string */
static void wraperror_Error(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const wraperror *w = *(wraperror *const *)r[0].p;
    r[1].s = w->msg.ptr;
    r[2].i = w->msg.len;
}
const vmnative vm_native_wraperror_Error = {"fmt.(*wrapError).Error", wraperror_Error};

/* func (e *wrapError) Unwrap() error */
static void wraperror_Unwrap(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const wraperror *w = *(wraperror *const *)r[0].p;
    r[1].p = w->err[0];
    r[2].p = w->err[1];
}
const vmnative vm_native_wraperror_Unwrap = {"fmt.(*wrapError).Unwrap", wraperror_Unwrap};

/* func Errorf(format string, a ...any) error: a *fmt.wrapError when the
 * format has one %w with an error operand, else a *errors.errorString. */
static void fmt_Errorf(struct vmstate *vm, vmslot *r) {
    fmt_env env = {call_string, vm};
    fmtbuf b = {0};
    gort_string f = str_arg(r);
    const gort_any *args = (const gort_any *)r[2].p;
    int w;
    fmt_errorf(&b, &env, f.ptr, (size_t)f.len, args, (int)r[3].i, &w);
    gort_string msg = b.n ? gort_string_new(b.p, (intptr_t)b.n) : (gort_string){"", 0};
    fmtbuf_free(&b);
    if (w < 0) {
        vm_errors_new(vm, msg, r + 5);
        return;
    }
    const vmlib *lib = vm_prog(vm)->lib;
    wraperror *we = gort_new(lib->wraperror->elem);
    gort_store_ptr((void **)(void *)&we->msg.ptr, (void *)msg.ptr);
    we->msg.len = msg.len;
    vmslot e[2];
    vm_make_error(vm, args[w].type, args[w].data, e);
    gort_store_ptr(&we->err[0], e[0].p);
    gort_store_ptr(&we->err[1], e[1].p);
    void **cell = gort_new(lib->wraperror);
    gort_store_ptr(cell, we);
    vm_make_error(vm, lib->wraperror, cell, r + 5);
}

static const vmnative natives[] = {
    {"fmt.Errorf", fmt_Errorf},
    {"fmt.Print", fmt_Print},   {"fmt.Println", fmt_Println},   {"fmt.Printf", fmt_Printf},
    {"fmt.Sprint", fmt_Sprint}, {"fmt.Sprintln", fmt_Sprintln}, {"fmt.Sprintf", fmt_Sprintf},
};
const vmnative_table vm_natives_fmt = {natives, (int)(sizeof natives / sizeof natives[0])};
