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
 * receiver an interface call would pass. It runs as a protected call
 * (vm_pcall_method), so a method that panics prints as Go's catchPanic
 * has it ("<nil>" for a nil pointer receiver, else
 * "%!v(PANIC=String method: ...)") instead of ending the program.
 *
 * Print, Println and Printf write to standard output with one write(2)
 * per call, as Go's (unbuffered) os.Stdout does. Fprint, Fprintln and
 * Fprintf format the same way and then make one call of the writer's
 * Write method through its itab (vm_call_imethod), whether a script
 * implements it or a native does (*os.File, *strings.Builder): the
 * bytes go to a new GC-heap []byte, since Write may keep it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytecode.h"
#include "format.h"
#include "itab.h"
#include "natives.h"

/* The state of one fmt call for call_string: the VM thread, and the
 * panics its methods raised (their values stay rooted until the call
 * ends, since the engine prints them after call_string returns). */
typedef struct fmtcall {
    struct vmstate *vm;
    struct caught {
        gort_panic_info pi;
        struct caught *next;
    } *caught;
} fmtcall;

static bool call_string(void *ud, const gort_type *t, const gort_method *m, const void *data, gort_string *out,
                        gort_any *panicked) {
    fmtcall *c = ud;
    vmslot res[2];
    struct caught *k = calloc(1, sizeof *k);
    if (!k) abort();
    if (vm_pcall_method(c->vm, t, m->ifn, data, res, &k->pi)) {
        free(k);
        out->ptr = res[0].s;
        out->len = (intptr_t)res[1].i;
        return true;
    }
    k->next = c->caught;
    c->caught = k;
    *panicked = k->pi.value;
    return false;
}

/* Runs a Formatter's Format(State, verb) with a *fmt.pp State over st
 * (natives.c links the type; its methods are the natives below). */
static bool call_format(void *ud, const gort_type *t, const gort_method *m, const void *data, fmt_state *st,
                        int32_t verb, gort_any *panicked) {
    fmtcall *c = ud;
    const vmprog *p = vm_prog(c->vm);
    const vmitab *tab = p->lib->fmtstate ? itab_get(p->itabs ? p->itabs : p->lib->itabs, m->mtyp->in[0],
                                                    p->lib->fmtstate)
                                         : NULL;
    if (!tab) abort(); /* fmt.State is the declared interface: *fmt.pp has all its methods */
    void *cell = st; /* the interface's data word: a cell holding the *pp (C memory: the collector skips it) */
    vmslot args[3] = {{.p = (void *)tab}, {.p = &cell}, {.i = verb}};
    struct caught *k = calloc(1, sizeof *k);
    if (!k) abort();
    if (vm_pcall_imethod(c->vm, t, m->ifn, data, args, 3, NULL, &k->pi)) {
        free(k);
        return true;
    }
    k->next = c->caught;
    c->caught = k;
    *panicked = k->pi.value;
    return false;
}

/* The methods of *fmt.pp (fmt.State); r[0] is the fmt_state. */
static void fmtstate_Flag(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const fmt_state *st = r[0].p;
    bool f = false;
    switch (r[1].i) {
    case '-': f = st->minus; break;
    case '+': f = st->plus; break;
    case '#': f = st->sharp; break;
    case ' ': f = st->space; break;
    case '0': f = st->zero; break;
    }
    r[2].i = f;
}
static void fmtstate_Width(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const fmt_state *st = r[0].p;
    r[1].i = st->wid;
    r[2].i = st->widp;
}
static void fmtstate_Precision(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const fmt_state *st = r[0].p;
    r[1].i = st->prec;
    r[2].i = st->precp;
}
static void fmtstate_Write(struct vmstate *vm, vmslot *r) {
    (void)vm;
    fmt_state *st = r[0].p;
    if (r[2].i) fmtbuf_write(st->b, r[1].p, (size_t)r[2].i);
    r[4].i = r[2].i;
    r[5].p = r[6].p = NULL;
}
const vmnative vm_native_fmtstate_Flag = {"fmt.(*pp).Flag", fmtstate_Flag};
const vmnative vm_native_fmtstate_Width = {"fmt.(*pp).Width", fmtstate_Width};
const vmnative vm_native_fmtstate_Precision = {"fmt.(*pp).Precision", fmtstate_Precision};
const vmnative vm_native_fmtstate_Write = {"fmt.(*pp).Write", fmtstate_Write};

static void fmtcall_end(fmtcall *c) {
    while (c->caught) {
        struct caught *k = c->caught;
        c->caught = k->next;
        gort_panic_info_free(&k->pi);
        free(k);
    }
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

/* Hands b to w.Write (w: the io.Writer at r[0], r[1]); its results
 * (n int, err error) to res. A nil writer panics as Go's does. */
static void write_to(struct vmstate *vm, const vmslot *w, fmtbuf *b, vmslot *res) {
    const vmitab *tab = w[0].p;
    if (!tab) {
        fmtbuf_free(b);
        gort_panic_nil(0, 0);
    }
    gort_slice s = gort_make_slice(&gort_type_uint8, (intptr_t)b->n, (intptr_t)b->n);
    if (b->n) memcpy(s.ptr, b->p, b->n);
    fmtbuf_free(b);
    vmslot args[3] = {{.p = s.ptr}, {.i = s.len}, {.i = s.cap}};
    vm_call_imethod(vm, tab->type, tab->fun[0], w[1].p, args, 3, res);
}

#define ANYS(r) ((const gort_any *)(r)[0].p), ((int)(r)[1].i)

/* func Print(a ...any) (n int, err error) */
static void fmt_Print(struct vmstate *vm, vmslot *r) {
    fmtcall fc = {vm, NULL};
    fmt_env env = {call_string, &fc, call_format};
    fmtbuf b = {0};
    fmt_sprint(&b, &env, ANYS(r));
    write_out(r + 3, &b);
    fmtcall_end(&fc);
}

/* func Println(a ...any) (n int, err error) */
static void fmt_Println(struct vmstate *vm, vmslot *r) {
    fmtcall fc = {vm, NULL};
    fmt_env env = {call_string, &fc, call_format};
    fmtbuf b = {0};
    fmt_sprintln(&b, &env, ANYS(r));
    write_out(r + 3, &b);
    fmtcall_end(&fc);
}

/* func Printf(format string, a ...any) (n int, err error) */
static void fmt_Printf(struct vmstate *vm, vmslot *r) {
    fmtcall fc = {vm, NULL};
    fmt_env env = {call_string, &fc, call_format};
    fmtbuf b = {0};
    gort_string f = str_arg(r);
    fmt_sprintf(&b, &env, f.ptr, (size_t)f.len, ANYS(r + 2));
    write_out(r + 5, &b);
    fmtcall_end(&fc);
}

/* func Sprint(a ...any) string */
static void fmt_Sprint(struct vmstate *vm, vmslot *r) {
    fmtcall fc = {vm, NULL};
    fmt_env env = {call_string, &fc, call_format};
    fmtbuf b = {0};
    fmt_sprint(&b, &env, ANYS(r));
    ret_string(r + 3, &b);
    fmtcall_end(&fc);
}

/* func Sprintln(a ...any) string */
static void fmt_Sprintln(struct vmstate *vm, vmslot *r) {
    fmtcall fc = {vm, NULL};
    fmt_env env = {call_string, &fc, call_format};
    fmtbuf b = {0};
    fmt_sprintln(&b, &env, ANYS(r));
    ret_string(r + 3, &b);
    fmtcall_end(&fc);
}

/* func Sprintf(format string, a ...any) string */
static void fmt_Sprintf(struct vmstate *vm, vmslot *r) {
    fmtcall fc = {vm, NULL};
    fmt_env env = {call_string, &fc, call_format};
    fmtbuf b = {0};
    gort_string f = str_arg(r);
    fmt_sprintf(&b, &env, f.ptr, (size_t)f.len, ANYS(r + 2));
    ret_string(r + 5, &b);
    fmtcall_end(&fc);
}

/* func Fprint(w io.Writer, a ...any) (n int, err error) */
static void fmt_Fprint(struct vmstate *vm, vmslot *r) {
    fmtcall fc = {vm, NULL};
    fmt_env env = {call_string, &fc, call_format};
    fmtbuf b = {0};
    fmt_sprint(&b, &env, ANYS(r + 2));
    fmtcall_end(&fc);
    write_to(vm, r, &b, r + 5);
}

/* func Fprintln(w io.Writer, a ...any) (n int, err error) */
static void fmt_Fprintln(struct vmstate *vm, vmslot *r) {
    fmtcall fc = {vm, NULL};
    fmt_env env = {call_string, &fc, call_format};
    fmtbuf b = {0};
    fmt_sprintln(&b, &env, ANYS(r + 2));
    fmtcall_end(&fc);
    write_to(vm, r, &b, r + 5);
}

/* func Fprintf(w io.Writer, format string, a ...any) (n int, err error) */
static void fmt_Fprintf(struct vmstate *vm, vmslot *r) {
    fmtcall fc = {vm, NULL};
    fmt_env env = {call_string, &fc, call_format};
    fmtbuf b = {0};
    gort_string f = str_arg(r + 2);
    fmt_sprintf(&b, &env, f.ptr, (size_t)f.len, ANYS(r + 4));
    fmtcall_end(&fc);
    write_to(vm, r, &b, r + 7);
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
    fmtcall fc = {vm, NULL};
    fmt_env env = {call_string, &fc, call_format};
    fmtbuf b = {0};
    gort_string f = str_arg(r);
    const gort_any *args = (const gort_any *)r[2].p;
    int w;
    fmt_errorf(&b, &env, f.ptr, (size_t)f.len, args, (int)r[3].i, &w);
    fmtcall_end(&fc);
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
    {"fmt.Errorf", fmt_Errorf},   {"fmt.Fprint", fmt_Fprint},     {"fmt.Fprintf", fmt_Fprintf},
    {"fmt.Fprintln", fmt_Fprintln},
    {"fmt.Print", fmt_Print},   {"fmt.Println", fmt_Println},   {"fmt.Printf", fmt_Printf},
    {"fmt.Sprint", fmt_Sprint}, {"fmt.Sprintln", fmt_Sprintln}, {"fmt.Sprintf", fmt_Sprintf},
};
const vmnative_table vm_natives_fmt = {natives, (int)(sizeof natives / sizeof natives[0])};
