/*
 * natives.c: the registry of natives (C functions bound to stdlib
 * declarations by qualified name; natives.h describes the convention).
 *
 * Two sources feed it. The stdlib's own tables are compiled in and listed
 * here by name (builtin[]): a table per package, defined next to the
 * package's declarations in stdlib/<pkg>/<pkg>.c. A host adds tables with
 * vm_natives_register. A lookup walks the host tables newest first, then
 * the built-in ones, comparing names: it runs once per distinct callee at
 * compile time, never while a program runs (the generated code holds the
 * function pointer), so a hash table would buy nothing.
 *
 * The host tables live in a fixed array published with a release store of
 * the count, so compilations on other threads may look up while a host
 * registers (registration itself is serialised by a mutex).
 *
 * Rejected: constructor functions that register each package (a static
 * library drops object files nothing references, and with them their
 * constructors); a dlsym lookup of a mangled symbol per name (needs
 * -rdynamic and exported symbols, and fails for hosts that strip).
 */
#include "natives.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "bytecode.h"
#include "interp.h"
#include "itab.h"
#include "link.h"
#include "types.h"

extern const vmnative_table vm_natives_context, vm_natives_errors, vm_natives_ffi, vm_natives_fmt, vm_natives_math,
    vm_natives_os, vm_natives_runtime, vm_natives_strings, vm_natives_strings_builder, vm_natives_sync,
    vm_natives_sync_atomic, vm_natives_time, vm_natives_strconv, vm_natives_unicode, vm_natives_utf8,
    vm_natives_sort, vm_natives_io, vm_natives_fmt_scan, vm_natives_bytes_buffer;

static const vmnative_table *const builtin[] = {
    &vm_natives_context,
    &vm_natives_errors,
    &vm_natives_ffi,
    &vm_natives_fmt,
    &vm_natives_math,
    &vm_natives_os,
    &vm_natives_runtime,
    &vm_natives_strings,
    &vm_natives_strings_builder,
    &vm_natives_strconv,
    &vm_natives_unicode,
    &vm_natives_utf8,
    &vm_natives_sort,
    &vm_natives_io,
    &vm_natives_fmt_scan,
    &vm_natives_bytes_buffer,
    &vm_natives_sync,
    &vm_natives_sync_atomic,
    &vm_natives_time,
};

enum { MAX_HOST_TABLES = 64 };
static const vmnative_table *host[MAX_HOST_TABLES];
static int nhost;                 /* published with release; read with acquire */
static pthread_mutex_t host_mu = PTHREAD_MUTEX_INITIALIZER;

static const vmnative *find(const vmnative_table *t, const char *name) {
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->v[i].name, name) == 0) return &t->v[i];
    return NULL;
}

const vmnative *vm_native_lookup(const char *name) {
    int n = __atomic_load_n(&nhost, __ATOMIC_ACQUIRE);
    for (int i = n - 1; i >= 0; i--) {
        const vmnative *f = find(host[i], name);
        if (f) return f;
    }
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) {
        const vmnative *f = find(builtin[i], name);
        if (f) return f;
    }
    return NULL;
}

bool vm_natives_register(const vmnative_table *t) {
    pthread_mutex_lock(&host_mu);
    bool ok = nhost < MAX_HOST_TABLES;
    if (ok) {
        host[nhost] = t;
        __atomic_store_n(&nhost, nhost + 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&host_mu);
    return ok;
}

void vm_native_qualname(const gobj *o, char *buf, size_t n) {
    const char *pkg = o->pkg ? o->pkg->path : "";
    gtype *sig = o->type;
    gobj *recv = sig && sig->kind == K_FUNC ? sig->recv : NULL;
    if (!recv) {
        snprintf(buf, n, "%s.%s", pkg, o->name);
        return;
    }
    gtype *rt = recv->type;
    bool ptr = rt && rt->kind == K_POINTER;
    if (ptr) rt = rt->elem;
    const char *tname = rt && rt->kind == K_NAMED && rt->obj ? rt->obj->name : "?";
    if (ptr) snprintf(buf, n, "%s.(*%s).%s", pkg, tname, o->name);
    else snprintf(buf, n, "%s.%s.%s", pkg, tname, o->name);
}

/* ------------------------------------------------------------------ */
/* the stdlib's own types, per program                                 */

/* A VM function whose code runs native nf: a native method reachable
 * through itabs and gort_method.ifn as script methods are. ptrs: bit i
 * set when slot i holds a pointer. */
vmfunc *vm_native_func(arena *a, const vmnative *nf, int nparams, int nresults, uint32_t ptrs) {
    vmfunc *f = ARENA_NEW(a, vmfunc);
    memset(f, 0, sizeof *f);
    uint32_t *code = ARENA_ARRAY(a, uint32_t, 2);
    uint32_t *lines = ARENA_ARRAY(a, uint32_t, 2);
    code[0] = MK_ABC(OP_NATIVEFN, 0, 0, 0);
    code[1] = MK_ABC(OP_RET, nparams, nresults, 0);
    lines[0] = lines[1] = 0;
    f->name = nf->name;
    f->code = code;
    f->lines = lines;
    f->ncode = 2;
    f->file = UINT32_MAX;
    f->nparams = (uint16_t)nparams;
    f->nresults = (uint16_t)nresults;
    f->nslots = (uint16_t)(nparams + nresults);
    for (int i = 0; i < nparams + nresults; i++)
        if (ptrs & (1u << i)) {
            f->ptrmap[i / 8] |= (uint8_t)(1u << (i % 8));
            if (i >= nparams) f->zero = true;
        }
    f->native = nf;
    return f;
}

/* type errorString struct { s string } */
static const uint8_t mask_1[] = {0x01};
static const gort_field errstring_fields[] = {{"s", &gort_type_string, 0, NULL, false}};
static const gort_type errstring_type = {
    .size = 16, .align = 8, .ptrwords = 1, .ptrmask = mask_1, .name = "errors.errorString",
    .kind = GORT_KIND_STRUCT, .tflags = GORT_TFLAG_NAMED | GORT_TFLAG_COMPARABLE | GORT_TFLAG_FIELDALG,
    .pkgpath = "errors", .fields = errstring_fields, .nfields = 1};

static const gort_type *func_returning(vmlink *l, arena *a, gtype *res) {
    gtype *f = type_new(a, K_FUNC);
    f->params = type_empty_tuple();
    gobj **v = ARENA_ARRAY(a, gobj *, 1);
    v[0] = obj_new(a, O_VAR, "", res, srcpos_make(0, 0, 0));
    f->results = type_tuple(a, v, 1);
    return link_type(l, f);
}

static const gort_type *link_fmtstate(vmlink *l, arena *a);

static gort_type *pointer_to(arena *a, const gort_type *elem, const char *name) {
    gort_type *t = ARENA_NEW(a, gort_type);
    memset(t, 0, sizeof *t);
    t->size = 8;
    t->align = 8;
    t->ptrwords = 1;
    t->ptrmask = mask_1;
    t->name = name;
    t->kind = GORT_KIND_POINTER;
    t->elem = elem;
    t->tflags = GORT_TFLAG_COMPARABLE | GORT_TFLAG_REGULARMEM;
    return t;
}

extern const vmnative vm_native_errstring_Error, vm_native_wraperror_Error, vm_native_wraperror_Unwrap,
    vm_native_numerror_Error, vm_native_numerror_Unwrap;

/* Does the program call a native of package pkg ("strconv.")? */
static bool uses(const vmnative *const *used, int nused, const char *pkg) {
    size_t n = strlen(pkg);
    for (int i = 0; i < nused; i++)
        if (strncmp(used[i]->name, pkg, n) == 0) return true;
    return false;
}

/* *strconv.NumError, the program's descriptor of the declared type (so
 * type assertions in the script match it), with its native methods. */
static const gort_type *link_numerror(vmlink *l, arena *a, const gort_type *fstr, const gort_type *ferr) {
    gpkg *sp = universe_stdlib("strconv");
    gobj *o = NULL;
    for (int i = 0; sp && i < sp->scope->norder; i++) /* names are interned: compare the text */
        if (strcmp(sp->scope->order[i]->name, "NumError") == 0) o = sp->scope->order[i];
    if (!o) return NULL;
    gort_type *d = (gort_type *)link_type(l, type_pointer(a, o->type));
    if (d->nmethods) return d; /* the code generator filled them (native_methods) */
    gort_method *m = ARENA_ARRAY(a, gort_method, 2);
    const vmfunc *fe = vm_native_func(a, &vm_native_numerror_Error, 1, 2, 0x3);
    const vmfunc *fu = vm_native_func(a, &vm_native_numerror_Unwrap, 1, 2, 0x7);
    ((vmfunc *)fe)->ifaceload = ((vmfunc *)fu)->ifaceload = true;
    m[0] = (gort_method){"Error", fstr, fe, fe};
    m[1] = (gort_method){"Unwrap", ferr, fu, fu};
    link_set_methods(l, d, m, 2);
    return d;
}

/* context's type: a struct whose methods are the natives of context.c,
 * with the signatures of the program's context.Context. */
extern const vmnative vm_native_ctx_Deadline, vm_native_ctx_Done, vm_native_ctx_Err, vm_native_ctx_Value,
    vm_native_ctx_cancel;
extern const gort_type vm_context_type;

static void link_context(vmlib *lib, arena *a) {
    const gort_type *ci = lib->ctxiface;
    if (!ci || ci->nmethods != 4) return;
    /* slots: receiver (the struct's address), then per method:
     * Deadline: Time (an address), ok; Done: chan; Err: error; Value: key, result */
    static const struct { const vmnative *nf; int np, nr; uint32_t ptrs; } m[4] = {
        {&vm_native_ctx_Deadline, 1, 2, 0x3},
        {&vm_native_ctx_Done, 1, 1, 0x3},
        {&vm_native_ctx_Err, 1, 2, 0x7},
        {&vm_native_ctx_Value, 3, 2, 0x1f},
    };
    gort_type *t = ARENA_NEW(a, gort_type);
    *t = vm_context_type;
    gort_method *ms = ARENA_ARRAY(a, gort_method, 4);
    for (int i = 0; i < 4; i++) {
        const vmfunc *f = vm_native_func(a, m[i].nf, m[i].np, m[i].nr, m[i].ptrs);
        ms[i] = (gort_method){ci->methods[i].name, ci->methods[i].mtyp, f, f};
    }
    t->methods = ms;
    t->nmethods = 4;
    lib->ctxtype = t;
    lib->cancelfn = vm_native_func(a, &vm_native_ctx_cancel, 0, 0, 0);
}

/* RWMutex.RLocker's type: a struct laid over the RWMutex itself (the
 * interface's data word is the *RWMutex), whose Lock and Unlock are the
 * natives of RLock and RUnlock. */
extern const vmnative vm_native_rlocker_Lock, vm_native_rlocker_Unlock;
extern const gort_type vm_rlocker_type;

static void link_rlocker(vmlib *lib, arena *a) {
    const gort_type *li = lib->lockeriface;
    if (!li || li->nmethods != 2) return;
    gort_type *t = ARENA_NEW(a, gort_type);
    *t = vm_rlocker_type;
    gort_method *ms = ARENA_ARRAY(a, gort_method, 2);
    const vmfunc *lk = vm_native_func(a, &vm_native_rlocker_Lock, 1, 0, 0x1);
    const vmfunc *ul = vm_native_func(a, &vm_native_rlocker_Unlock, 1, 0, 0x1);
    ms[0] = (gort_method){li->methods[0].name, li->methods[0].mtyp, lk, lk}; /* Lock */
    ms[1] = (gort_method){li->methods[1].name, li->methods[1].mtyp, ul, ul}; /* Unlock */
    t->methods = ms;
    t->nmethods = 2;
    lib->rlocker = t;
}

vmlib *natives_link(vmlink *l, arena *a, const vmnative *const *used, int nused, const gort_type *ctxiface,
                    const gort_type *lockeriface) {
    vmlib *lib = ARENA_NEW(a, vmlib);
    memset(lib, 0, sizeof *lib);
    guniverse *u = universe_shared();
    lib->error = link_type(l, u->error);
    const gort_type *fstr = func_returning(l, a, &types_basic[K_STRING]);
    const gort_type *ferr = func_returning(l, a, u->error);

    /* *errors.errorString: Error() string */
    gort_type *es = pointer_to(a, &errstring_type, "*errors.errorString");
    gort_method *m = ARENA_ARRAY(a, gort_method, 1);
    const vmfunc *f = vm_native_func(a, &vm_native_errstring_Error, 1, 2, 0x3);
    m[0] = (gort_method){"Error", fstr, f, f};
    es->methods = m;
    es->nmethods = 1;
    lib->errstring = es;

    /* *fmt.wrapError: struct { msg string; err error }; Error, Unwrap */
    gort_type *ws = ARENA_NEW(a, gort_type);
    memset(ws, 0, sizeof *ws);
    uint8_t *wmask = ARENA_ARRAY(a, uint8_t, 1);
    wmask[0] = 0x0D; /* msg.ptr, err's two words */
    gort_field *wf = ARENA_ARRAY(a, gort_field, 2);
    wf[0] = (gort_field){"msg", &gort_type_string, 0, NULL, false};
    wf[1] = (gort_field){"err", lib->error, 16, NULL, false};
    *ws = (gort_type){.size = 32, .align = 8, .ptrwords = 4, .ptrmask = wmask, .name = "fmt.wrapError",
                      .kind = GORT_KIND_STRUCT, .tflags = GORT_TFLAG_NAMED, .pkgpath = "fmt",
                      .fields = wf, .nfields = 2};
    gort_type *wp = pointer_to(a, ws, "*fmt.wrapError");
    gort_method *wm = ARENA_ARRAY(a, gort_method, 2);
    const vmfunc *fe = vm_native_func(a, &vm_native_wraperror_Error, 1, 2, 0x3);
    const vmfunc *fu = vm_native_func(a, &vm_native_wraperror_Unwrap, 1, 2, 0x7);
    wm[0] = (gort_method){"Error", fstr, fe, fe};
    wm[1] = (gort_method){"Unwrap", ferr, fu, fu};
    wp->methods = wm;
    wp->nmethods = 2;
    lib->wraperror = wp;
    if (uses(used, nused, "strconv.") || uses(used, nused, "fmt.Sscan")) lib->numerror = link_numerror(l, a, fstr, ferr);
    if (uses(used, nused, "fmt.")) lib->fmtstate = link_fmtstate(l, a);
    lib->itabs = itab_cache_new();
    lib->ctxiface = ctxiface;
    link_context(lib, a);
    lib->lockeriface = lockeriface;
    link_rlocker(lib, a);
    return lib;
}

void natives_unlink(vmlib *lib) {
    if (lib) itab_cache_free(lib->itabs);
}

void vm_make_error(struct vmstate *vm, const gort_type *t, const void *data, vmslot *out) {
    if (!t) {
        out[0].p = out[1].p = NULL;
        return;
    }
    const vmprog *p = vm_prog(vm);
    vmitabs *c = p->itabs ? p->itabs : p->lib->itabs;
    out[0].p = (void *)itab_get(c, p->lib->error, t);
    out[1].p = (void *)data;
}

void vm_call_imethod(struct vmstate *vm, const gort_type *t, const vmfunc *fn, const void *data,
                     const vmslot *args, int nargs, vmslot *res) {
    vmslot a[VM_MAX_SLOTS];
    if (fn->ifaceload) vm_load_value(t, (slot *)a, data);
    else a[0].p = (void *)data;
    for (int i = 0; i < nargs && i + 1 < VM_MAX_SLOTS; i++) a[1 + i] = args[i];
    vm_call(vm, fn, a, res);
}

typedef struct pcallimeth {
    struct vmstate *vm;
    const gort_type *t;
    const vmfunc *fn;
    const void *data;
    const vmslot *args;
    int nargs;
    vmslot *res;
} pcallimeth;

static void pcall_imethod(void *arg) {
    pcallimeth *a = arg;
    vm_call_imethod(a->vm, a->t, a->fn, a->data, a->args, a->nargs, a->res);
}

bool vm_pcall_imethod(struct vmstate *vm, const gort_type *t, const vmfunc *fn, const void *data,
                      const vmslot *args, int nargs, vmslot *res, gort_panic_info *pi) {
    vmframe *ci = vm->ci;
    pcallimeth a = {vm, t, fn, data, args, nargs, res};
    if (gort_pcall(pcall_imethod, &a, pi) == GORT_PCALL_OK) return true;
    vm->ci = ci; /* the frames the panic unwound are dropped */
    return false;
}

/* ---- fmt.State for Formatters: *fmt.pp over a C fmt_state ---- */

extern const vmnative vm_native_fmtstate_Flag, vm_native_fmtstate_Precision, vm_native_fmtstate_Width,
    vm_native_fmtstate_Write;

static const gort_type *link_fmtstate(vmlink *l, arena *a) {
    gpkg *fp = universe_stdlib("fmt");
    gobj *o = NULL;
    for (int i = 0; fp && i < fp->scope->norder; i++)
        if (strcmp(fp->scope->order[i]->name, "State") == 0) o = fp->scope->order[i];
    if (!o) return NULL;
    const gort_type *it = link_type(l, o->type);
    if (!it || it->nmethods != 4) return NULL;
    static const uint8_t mask0[] = {0};
    gort_type *st = ARENA_NEW(a, gort_type);
    memset(st, 0, sizeof *st);
    *st = (gort_type){.size = 8, .align = 8, .ptrwords = 0, .ptrmask = mask0, .name = "fmt.pp",
                      .kind = GORT_KIND_STRUCT, .tflags = GORT_TFLAG_NAMED, .pkgpath = "fmt"};
    gort_type *pt = pointer_to(a, st, "*fmt.pp");
    gort_method *m = ARENA_ARRAY(a, gort_method, 4);
    for (int i = 0; i < 4; i++) {
        const char *name = it->methods[i].name;
        const vmnative *nf;
        int np, nr;
        uint32_t ptrs;
        if (strcmp(name, "Flag") == 0) nf = &vm_native_fmtstate_Flag, np = 2, nr = 1, ptrs = 0x1;
        else if (strcmp(name, "Precision") == 0) nf = &vm_native_fmtstate_Precision, np = 1, nr = 2, ptrs = 0x1;
        else if (strcmp(name, "Width") == 0) nf = &vm_native_fmtstate_Width, np = 1, nr = 2, ptrs = 0x1;
        else if (strcmp(name, "Write") == 0) nf = &vm_native_fmtstate_Write, np = 4, nr = 3, ptrs = 0x63;
        else return NULL;
        vmfunc *f = vm_native_func(a, nf, np, nr, ptrs);
        f->ifaceload = true;
        m[i] = (gort_method){name, it->methods[i].mtyp, f, f};
    }
    pt->methods = m;
    pt->nmethods = 4;
    return pt;
}
