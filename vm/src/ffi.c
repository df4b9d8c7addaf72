/*
 * ffi.c: scripts calling C, and C calling scripts back, through libffi.
 *
 * A script names a C function with a body-less declaration and a
 * directive, as Go's runtime names its assembly:
 *
 *   //gort:extern libm.so.6 cos          library (optional), symbol,
 *   func cos(x float64) float64          then options: fast, variadic N
 *
 * Two halves, one per stage:
 *
 *   checker (ffi_check_externs)            interpreter (vm_ffi_call)
 *   ───────────────────────────            ─────────────────────────
 *   parse the directive                    slots -> C argument values
 *   dlopen LIB once (RTLD_LAZY|LOCAL)      (string copies, closures)
 *   dlsym SYMBOL                           gort_syscall_enter
 *   classify each param: XA_*              ffi_call / a direct call ◀── C
 *   classify the result: XR_*              errno saved, gort_syscall_exit
 *   ffi_prep_cif(_var) once → vmextern     C result -> the result slot
 *
 * So every error a declaration can have (no library, no symbol, a type C
 * cannot take, the FFI turned off) is a compile error at the directive,
 * and a call does no lookup and no preparation: it converts, calls and
 * converts back.
 *
 * Invariants:
 * - A vmextern is immutable once made; calls on many threads share it.
 * - Go values C sees stay alive for the call: pointers, slices' arrays
 *   and structs are in the caller's call area, which the collector scans
 *   precisely (CALLX saves pc and sets ci->top), and the collector never
 *   moves an object. So "pinned" costs nothing. Nothing C keeps after the
 *   call is kept alive: C must not hold a Go pointer beyond the call, as
 *   cgo's rules say.
 * - Between gort_syscall_enter and gort_syscall_exit the goroutine makes
 *   no runtime call. A callback into the script first leaves that state
 *   (gort_syscall_exit) and re-enters it before returning to C.
 * - errno is read right after the C call, before the runtime (which keeps
 *   its own) runs, and kept in the VM state for ffi.Errno.
 *
 * Callbacks: a parameter of func type becomes, for one call, a libffi
 * closure whose handler (cb_handler) calls the Go func value. On the
 * thread that made the FFI call (this thread's `curcall`) it runs on the
 * calling goroutine, nested in its VM stack; on any other thread (C made
 * a thread) it attaches that thread (gort_thread_attach) and runs the
 * func value on a goroutine of its own (gort_call) with a fresh VM state
 * of the same program. The closure is freed when the call returns, so C
 * must not call it afterwards.
 *
 * Rejected:
 * - Resolving symbols at the first call: a typo would surface only when
 *   the line runs, and the call path would need a lock or an atomic.
 * - A tagged "any C value" boxing per argument: the checker knows every
 *   type, so classification is done once and a call is a switch per
 *   argument.
 * - Panicking on a fault in C: as with cgo the fault is fatal (the
 *   runtime's SIGSEGV dump); the C library's state is unknown after it.
 *
 * Speed: calls whose arguments are all integer or double registers skip
 * libffi ("direct calls" below). Stacks: a call without callbacks runs on
 * a large stack of its thread ("the per-M stack" below); one with
 * callbacks, or `fast`, stays on the goroutine's.
 */
#include "vmffi.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ast.h"
#include "check.h"
#include "interp.h"
#include "types.h"

/* ------------------------------------------------------------------ */
/* libraries                                                           */

/* Opened libraries by name: each dlopen'd once per process and never
 * closed (a program's vmextern keeps addresses into it). libmu guards. */
typedef struct xlib {
    char *name;
    void *h;
} xlib;

static pthread_mutex_t libmu = PTHREAD_MUTEX_INITIALIZER;
static xlib *libs;
static int nlibs, caplibs;

/* The handle of lib, or NULL with the loader's message in err. */
static void *lib_open(const char *lib, char *err, size_t n) {
    pthread_mutex_lock(&libmu);
    for (int i = 0; i < nlibs; i++)
        if (strcmp(libs[i].name, lib) == 0) {
            void *h = libs[i].h;
            pthread_mutex_unlock(&libmu);
            return h;
        }
    void *h = dlopen(lib, RTLD_LAZY | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(err, n, "%s", e ? e : "cannot open shared object file");
    } else {
        if (nlibs == caplibs) {
            caplibs = caplibs ? 2 * caplibs : 8;
            libs = realloc(libs, sizeof *libs * (size_t)caplibs);
            if (!libs) abort();
        }
        libs[nlibs++] = (xlib){strdup(lib), h};
    }
    pthread_mutex_unlock(&libmu);
    return h;
}

/* ------------------------------------------------------------------ */
/* the directive                                                       */

typedef struct directive {
    const char *lib;   /* NULL: the process's own symbols */
    const char *sym;
    bool fast;
    int variadic;      /* fixed parameters of a variadic C function, or -1 */
} directive;

/* Splits "//gort:extern [LIB] SYMBOL [fast] [variadic N]" into words
 * (in the arena); returns an error message or NULL. */
static const char *parse_directive(arena *a, const char *text, directive *dv) {
    const char *w[8];
    int nw = 0;
    const char *s = text + strlen("//gort:extern");
    while (*s) {
        while (*s == ' ' || *s == '\t') s++;
        if (!*s) break;
        const char *e = s;
        while (*e && *e != ' ' && *e != '\t') e++;
        if (nw == 8) return "too many words";
        w[nw++] = arena_strndup(a, s, (size_t)(e - s));
        s = e;
    }
    dv->lib = NULL;
    dv->fast = false;
    dv->variadic = -1;
    /* options, from the end */
    for (;;) {
        if (nw >= 1 && strcmp(w[nw - 1], "fast") == 0) {
            dv->fast = true;
            nw--;
        } else if (nw >= 2 && strcmp(w[nw - 2], "variadic") == 0) {
            char *end;
            long k = strtol(w[nw - 1], &end, 10);
            if (*end || k < 0 || k > 64) return "variadic wants a count of fixed parameters";
            dv->variadic = (int)k;
            nw -= 2;
        } else {
            break;
        }
    }
    if (nw == 1) dv->sym = w[0];
    else if (nw == 2) dv->lib = w[0], dv->sym = w[1];
    else return "want [LIBRARY] SYMBOL [fast] [variadic N]";
    return NULL;
}

/* ------------------------------------------------------------------ */
/* types                                                               */

/* The C type of scalar Go type t (its underlying type), and in *rk how a
 * C value of it becomes a slot; NULL when t is not a scalar. */
static ffi_type *scalar_type(gtype *t, uint8_t *rk) {
    t = under(t);
    switch (t->kind) {
    case K_BOOL: *rk = XR_BOOL; return &ffi_type_uint8;
    case K_INT8: *rk = XR_SINT; return &ffi_type_sint8;
    case K_INT16: *rk = XR_SINT; return &ffi_type_sint16;
    case K_INT32: *rk = XR_SINT; return &ffi_type_sint32;
    case K_INT: case K_INT64: *rk = XR_SINT; return &ffi_type_sint64;
    case K_UINT8: *rk = XR_UINT; return &ffi_type_uint8;
    case K_UINT16: *rk = XR_UINT; return &ffi_type_uint16;
    case K_UINT32: *rk = XR_UINT; return &ffi_type_uint32;
    case K_UINT: case K_UINT64: case K_UINTPTR: *rk = XR_UINT; return &ffi_type_uint64;
    case K_FLOAT32: *rk = XR_F32; return &ffi_type_float;
    case K_FLOAT64: *rk = XR_F64; return &ffi_type_double;
    case K_POINTER: case K_UNSAFEPTR: *rk = XR_PTR; return &ffi_type_pointer;
    default: return NULL;
    }
}

/* A struct of scalars (and of such structs) as a libffi struct type, or
 * NULL. Go's layout of these is C's on the 64-bit targets we build for:
 * each field at its alignment, the size rounded to the largest. */
static ffi_type *ctype_struct(arena *a, gtype *t) {
    t = under(t);
    if (t->kind != K_STRUCT || t->nvars == 0) return NULL;
    ffi_type *st = ARENA_NEW(a, ffi_type);
    st->type = FFI_TYPE_STRUCT;
    st->elements = ARENA_ARRAY(a, ffi_type *, t->nvars + 1);
    for (int i = 0; i < t->nvars; i++) {
        uint8_t rk;
        ffi_type *ft = scalar_type(t->vars[i]->type, &rk);
        if (!ft) ft = ctype_struct(a, t->vars[i]->type);
        if (!ft) return NULL;
        st->elements[i] = ft;
    }
    return st;
}

/* A Go func type C can call: scalar parameters, at most one scalar
 * result. NULL when it is not one. */
static vmxcb *callback_type(arena *a, gtype *t) {
    t = under(t);
    if (t->kind != K_FUNC || t->variadic || t->results->nvars > 1) return NULL;
    vmxcb *cb = ARENA_NEW(a, vmxcb);
    cb->nargs = t->params->nvars;
    cb->atypes = ARENA_ARRAY(a, ffi_type *, cb->nargs + 1);
    cb->akind = ARENA_ARRAY(a, uint8_t, cb->nargs + 1);
    for (int i = 0; i < cb->nargs; i++) {
        cb->atypes[i] = scalar_type(t->params->vars[i]->type, &cb->akind[i]);
        if (!cb->atypes[i]) return NULL;
    }
    ffi_type *rt = &ffi_type_void;
    cb->rkind = XR_VOID;
    if (t->results->nvars == 1 && !(rt = scalar_type(t->results->vars[0]->type, &cb->rkind))) return NULL;
    if (ffi_prep_cif(&cb->cif, FFI_DEFAULT_ABI, (unsigned)cb->nargs, rt, cb->atypes) != FFI_OK) return NULL;
    return cb;
}

/* Classifies parameter i of type t into x; false when C cannot take it. */
static bool classify_param(arena *a, vmextern *x, int i, gtype *t, bool varpart) {
    vmxarg *g = &x->args[i];
    gtype *u = under(t);
    uint8_t rk;
    ffi_type *ft = scalar_type(t, &rk);
    g->slot = (uint16_t)x->nslots;
    x->nslots += 1;
    if (ft) {
        g->kind = rk == XR_F32 ? XA_F32 : XA_WORD;
        if (varpart) {
            /* C's default argument promotions */
            if (rk == XR_F32) g->kind = XA_WORD, ft = &ffi_type_double;
            else if (ft->size < 4) ft = rk == XR_UINT ? &ffi_type_uint32 : &ffi_type_sint32;
        }
    } else if (u->kind == K_STRING) {
        g->kind = XA_STR;
        ft = &ffi_type_pointer;
        x->nslots += 1;
    } else if (u->kind == K_SLICE && (scalar_type(u->elem, &rk) || ctype_struct(a, u->elem))) {
        g->kind = XA_SLICE;
        ft = &ffi_type_pointer;
        x->nslots += 2;
    } else if (!varpart && (ft = ctype_struct(a, t))) {
        g->kind = XA_STRUCT;
    } else if (!varpart && (g->cb = callback_type(a, t))) {
        g->kind = XA_FUNC;
        ft = &ffi_type_pointer;
        x->hascb = true;
    } else {
        return false;
    }
    x->atypes[i] = ft;
    return true;
}

/* Classifies the result of signature sig; false when C cannot return it. */
static bool classify_result(arena *a, vmextern *x, gtype *sig, ffi_type **rt) {
    *rt = &ffi_type_void;
    x->rkind = XR_VOID;
    if (sig->results->nvars == 0) return true;
    if (sig->results->nvars > 1) return false;
    gtype *t = sig->results->vars[0]->type;
    if ((*rt = scalar_type(t, &x->rkind))) return true;
    if (under(t)->kind == K_STRING) {
        x->rkind = XR_STR;
        *rt = &ffi_type_pointer;
        return true;
    }
    if ((*rt = ctype_struct(a, t))) {
        x->rkind = XR_STRUCT;
        return true;
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* direct calls                                                        */

/*
 * On x86-64 (System V) and AArch64 (AAPCS64) a function whose arguments
 * are all integers, pointers or doubles takes them in two independent
 * register files, in order within each: rdi rsi rdx rcx r8 r9 / x0-x7,
 * and xmm0-7 / v0-v7. So any such function of up to 6 integer and 8
 * double arguments may be called through the one prototype
 *
 *     R f(u64 i0..i5, double d0..d7)       R: uint64_t or double
 *
 * with each argument in its file's next register and the unused ones
 * garbage the callee never reads; the result comes back in rax/x0 or
 * xmm0/v0. That skips libffi's generic marshalling, which was a good part
 * of a short call (docs/ffi.md, "Speed"). Narrow integers are already
 * extended in their slots (the VM keeps them canonical), as C callers
 * extend them. Excluded: float32 (passed as a float, not a double),
 * structs, callbacks, variadic functions (the callee wants a count of
 * vector registers in al on x86-64), and any other target.
 */
#if defined(__x86_64__) || defined(__aarch64__)
#define FFI_DIRECT 1
#else
#define FFI_DIRECT 0
#endif

static void plan_direct(arena *a, vmextern *x, bool variadic) {
    x->direct = false;
    if (!FFI_DIRECT || variadic || x->hascb) return;
    if (x->rkind == XR_F32 || x->rkind == XR_STRUCT) return;
    uint8_t *reg = ARENA_ARRAY(a, uint8_t, x->nargs + 1);
    int ni = 0, nd = 0;
    for (int i = 0; i < x->nargs; i++) {
        const vmxarg *g = &x->args[i];
        if (g->kind == XA_WORD && x->atypes[i] == &ffi_type_double) {
            if (nd == 8) return;
            reg[i] = (uint8_t)(8 + nd++);
        } else if (g->kind == XA_WORD || g->kind == XA_STR || g->kind == XA_SLICE) {
            if (ni == 6) return;
            reg[i] = (uint8_t)ni++;
        } else {
            return;
        }
    }
    x->dreg = reg;
    x->direct = true;
}

typedef uint64_t (*ifn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, double, double, double,
                        double, double, double, double, double);
typedef double (*dfn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, double, double, double,
                      double, double, double, double, double);

/* Calls x directly with the argument values av (as set_args made them);
 * the result goes to rv as libffi would leave it. */
static void call_direct(const vmextern *x, void **av, void *rv) {
    uint64_t i[6] = {0};
    double d[8] = {0};
    for (int k = 0; k < x->nargs; k++) {
        int r = x->dreg[k];
        if (r >= 8) d[r - 8] = *(const double *)av[k];
        else i[r] = *(const uint64_t *)av[k];
    }
    if (x->rkind == XR_F64) {
        *(double *)rv = ((dfn)(void *)x->fn)(i[0], i[1], i[2], i[3], i[4], i[5], d[0], d[1], d[2], d[3], d[4],
                                             d[5], d[6], d[7]);
    } else {
        *(uint64_t *)rv = ((ifn)(void *)x->fn)(i[0], i[1], i[2], i[3], i[4], i[5], d[0], d[1], d[2], d[3], d[4],
                                              d[5], d[6], d[7]);
    }
}

/* ------------------------------------------------------------------ */
/* the checker's pass                                                  */

static const ast_pragma *find_extern(ast_decl *d) {
    for (int i = 0; i < d->func.npragmas; i++) {
        const char *t = d->func.pragmas[i].text;
        size_t n = strlen("//gort:extern");
        if (strncmp(t, "//gort:extern", n) == 0 && (t[n] == 0 || t[n] == ' ' || t[n] == '\t'))
            return &d->func.pragmas[i];
    }
    return NULL;
}

/* Makes the vmextern of declaration d (object o) from directive pr;
 * reports what is wrong at the directive. */
static void check_extern(checker *c, ast_decl *d, gobj *o, const ast_pragma *pr) {
    directive dv;
    const char *why = parse_directive(c->a, pr->text, &dv);
    if (why) {
        check_errorf(c, pr->pos, "gort:extern: %s", why);
        return;
    }
    if (d->func.recv) {
        check_errorf(c, pr->pos, "gort:extern: a method cannot name a C function");
        return;
    }
    char err[512];
    void *h = RTLD_DEFAULT;
    if (dv.lib && !(h = lib_open(dv.lib, err, sizeof err))) {
        check_errorf(c, pr->pos, "gort:extern: %s", err);
        return;
    }
    dlerror();
    void *fn = dlsym(h, dv.sym);
    if (!fn) {
        if (dv.lib) check_errorf(c, pr->pos, "gort:extern: %s: undefined symbol: %s", dv.lib, dv.sym);
        else check_errorf(c, pr->pos, "gort:extern: undefined symbol: %s", dv.sym);
        return;
    }
    gtype *sig = o->type;
    int np = sig->params->nvars;
    if (sig->variadic) {
        check_errorf(c, d->func.name->pos, "gort:extern: a Go variadic parameter cannot be passed to C (use variadic N)");
        return;
    }
    if (dv.variadic > np) {
        check_errorf(c, pr->pos, "gort:extern: variadic %d: %s has %d parameters", dv.variadic, o->name, np);
        return;
    }
    if (np > 32) {
        check_errorf(c, d->func.name->pos, "gort:extern: more than 32 parameters");
        return;
    }
    vmextern *x = ARENA_NEW(c->a, vmextern);
    x->name = o->name;
    x->sym = dv.sym;
    x->fn = (void (*)(void))fn;
    x->fast = dv.fast;
    x->nargs = np;
    x->atypes = ARENA_ARRAY(c->a, ffi_type *, np + 1);
    x->args = ARENA_ARRAY(c->a, vmxarg, np + 1);
    for (int i = 0; i < np; i++) {
        gtype *t = sig->params->vars[i]->type;
        if (!classify_param(c->a, x, i, t, dv.variadic >= 0 && i >= dv.variadic)) {
            check_errorf(c, sig->params->vars[i]->pos, "gort:extern: cannot pass %s to C", type_string(c->a, t, c->pkg));
            return;
        }
    }
    ffi_type *rt;
    if (!classify_result(c->a, x, sig, &rt)) {
        check_errorf(c, d->func.name->pos, "gort:extern: C cannot return %s",
                     type_string(c->a, sig->results, c->pkg));
        return;
    }
    if (rt->size > 64 || (rt->type == FFI_TYPE_STRUCT && !rt->size && rt->elements && rt->elements[0] == NULL)) {
        check_errorf(c, d->func.name->pos, "gort:extern: C cannot return %s", type_string(c->a, sig->results, c->pkg));
        return;
    }
    plan_direct(c->a, x, dv.variadic >= 0);
    ffi_status st = dv.variadic >= 0
        ? ffi_prep_cif_var(&x->cif, FFI_DEFAULT_ABI, (unsigned)dv.variadic, (unsigned)np, rt, x->atypes)
        : ffi_prep_cif(&x->cif, FFI_DEFAULT_ABI, (unsigned)np, rt, x->atypes);
    if (st != FFI_OK || rt->size > 64) {
        check_errorf(c, pr->pos, "gort:extern: libffi cannot prepare a call of %s", dv.sym);
        return;
    }
    o->ext = x;
}

void ffi_check_externs(checker *c, ast_file **files, int nfiles, bool noffi) {
    for (int i = 0; i < nfiles; i++)
        for (int j = 0; j < files[i]->decls.n; j++) {
            ast_decl *d = files[i]->decls.v[j];
            if (d->kind == D_IMPORT && noffi) {
                /* package ffi reads and writes raw memory: off with the rest */
                for (int k = 0; k < d->gen.specs.n; k++) {
                    ast_expr *path = d->gen.specs.v[k]->import.path;
                    if (path && path->kind == E_BASICLIT && strcmp(path->lit.text, "\"ffi\"") == 0)
                        check_errorf(c, path->pos, "gort: package ffi is turned off (gort run -ffi=false)");
                }
            }
            if (d->kind != D_FUNC || d->func.body || !d->func.name->ident.obj) continue;
            const ast_pragma *pr = find_extern(d);
            if (!pr) check_errorf(c, d->func.name->pos, "missing function body");
            else if (noffi) check_errorf(c, pr->pos, "gort:extern: the FFI is turned off (gort run -ffi=false)");
            else check_extern(c, d, d->func.name->ident.obj, pr);
        }
}

/* ------------------------------------------------------------------ */
/* callbacks                                                           */

/* One callback handed to C for one call. */
typedef struct xclosure {
    ffi_closure *cl;
    void *code;        /* what C calls */
    const vmxcb *cb;
    vmstate *vm;       /* the goroutine that made the FFI call */
    slot *fv;          /* the Go func value (a closure object) */
    bool fast;         /* the FFI call did not enter syscall state */
} xclosure;

/* The FFI call running on this thread, if any: a callback arriving on
 * another thread comes from a thread C made. */
static __thread const vmextern *curcall;

static slot slot_from_c(uint8_t kind, const ffi_type *t, const void *p) {
    slot s;
    s.u = 0;
    switch (kind) {
    case XR_BOOL: s.i = *(const uint8_t *)p != 0; break;
    case XR_F32: s.f = *(const float *)p; break;
    case XR_F64: s.f = *(const double *)p; break;
    case XR_PTR: s.p = *(void *const *)p; break;
    case XR_SINT:
        switch (t->size) {
        case 1: s.i = *(const int8_t *)p; break;
        case 2: s.i = *(const int16_t *)p; break;
        case 4: s.i = *(const int32_t *)p; break;
        default: s.i = *(const int64_t *)p; break;
        }
        break;
    case XR_UINT:
        switch (t->size) {
        case 1: s.u = *(const uint8_t *)p; break;
        case 2: s.u = *(const uint16_t *)p; break;
        case 4: s.u = *(const uint32_t *)p; break;
        default: s.u = *(const uint64_t *)p; break;
        }
        break;
    }
    return s;
}

/* Writes slot s as a C return value of type t at ret (libffi wants
 * integers narrower than a register widened to ffi_arg). */
static void slot_to_ret(uint8_t kind, const ffi_type *t, slot s, void *ret) {
    switch (kind) {
    case XR_VOID: break;
    case XR_F32: *(float *)ret = (float)s.f; break;
    case XR_F64: *(double *)ret = s.f; break;
    case XR_PTR: *(void **)ret = s.p; break;
    case XR_SINT: *(ffi_sarg *)ret = (ffi_sarg)s.i; break;
    default:
        if (t->size < 8) *(ffi_arg *)ret = (ffi_arg)(s.u & ((UINT64_C(1) << (8 * t->size)) - 1));
        else *(ffi_arg *)ret = (ffi_arg)s.u;
        break;
    }
}

typedef struct cbrun {
    xclosure *xc;
    slot args[64];
    slot res;
} cbrun;

/* On a goroutine of a foreign thread's own: a VM state of the program
 * runs the func value. */
static void cb_foreign(void *arg) {
    cbrun *r = arg;
    vmstate *vm = vm_state_new_go(r->xc->vm->sh);
    vm->isgo = false;
    vm_state_enter(vm);
    vm_call_closure(vm, r->xc->fv, r->args, &r->res);
    vm_state_leave(vm);
    vm_state_free(vm);
}

static void cb_handler(ffi_cif *cif, void *ret, void **cargs, void *ud) {
    (void)cif;
    xclosure *xc = ud;
    const vmxcb *cb = xc->cb;
    cbrun r;
    r.xc = xc;
    r.res.u = 0;
    for (int i = 0; i < cb->nargs && i < 64; i++) r.args[i] = slot_from_c(cb->akind[i], cb->atypes[i], cargs[i]);
    if (curcall) {
        /* the calling goroutine's own thread: run nested on its VM stack */
        const vmextern *saved = curcall;
        curcall = NULL;
        if (!xc->fast) gort_syscall_exit();
        vm_call_closure(xc->vm, xc->fv, r.args, &r.res);
        if (!xc->fast) gort_syscall_enter();
        curcall = saved;
    } else {
        gort_thread_attach();
        gort_call(cb_foreign, &r);
        gort_thread_detach();
    }
    slot_to_ret(cb->rkind, cb->cif.rtype, r.res, ret);
}

static void closure_make(xclosure *xc, const vmxcb *cb, vmstate *vm, slot *fv, bool fast) {
    xc->cb = cb;
    xc->vm = vm;
    xc->fv = fv;
    xc->fast = fast;
    xc->code = NULL;
    xc->cl = NULL;
    if (!fv) return; /* a nil func is a NULL function pointer */
    xc->cl = ffi_closure_alloc(sizeof(ffi_closure), &xc->code);
    if (!xc->cl || ffi_prep_closure_loc(xc->cl, (ffi_cif *)&cb->cif, cb_handler, xc, xc->code) != FFI_OK) {
        fputs("fatal error: ffi: cannot make a C callback (ffi_closure_alloc)\n", stderr);
        gort_exit(2);
    }
}

/* ------------------------------------------------------------------ */
/* calls                                                               */

enum { MAXARGS = 32, SCRATCH = 512 };

typedef struct callbuf {
    void *av[MAXARGS];     /* libffi's argument pointers */
    slot tmp[MAXARGS];     /* converted values av points at */
    char scratch[SCRATCH]; /* short string copies */
    size_t used;
    void *heap[MAXARGS];   /* long string copies to free */
    int nheap;
    xclosure cls[MAXARGS];
    int ncls;
} callbuf;

/* A NUL-terminated copy of the string (p, n) for the call. */
static char *cstring(callbuf *b, const char *p, size_t n) {
    char *s;
    if (n < SCRATCH - b->used) {
        s = b->scratch + b->used;
        b->used += n + 1;
    } else {
        s = malloc(n + 1);
        if (!s) abort();
        b->heap[b->nheap++] = s;
    }
    if (n) memcpy(s, p, n);
    s[n] = 0;
    return s;
}

static void set_args(callbuf *b, vmstate *vm, const vmextern *x, slot *r) {
    for (int i = 0; i < x->nargs; i++) {
        const vmxarg *g = &x->args[i];
        slot *s = r + g->slot;
        switch (g->kind) {
        case XA_WORD: b->av[i] = s; break;
        case XA_F32: {
            float *f = (float *)&b->tmp[i];
            *f = (float)s->f;
            b->av[i] = f;
            break;
        }
        case XA_STR:
            b->tmp[i].p = cstring(b, s[0].s, (size_t)s[1].i);
            b->av[i] = &b->tmp[i];
            break;
        case XA_SLICE: b->av[i] = s; break; /* its data pointer */
        case XA_STRUCT: b->av[i] = s->p; break;
        case XA_FUNC: {
            xclosure *xc = &b->cls[b->ncls++];
            closure_make(xc, g->cb, vm, s->p, x->fast);
            b->tmp[i].p = xc->code;
            b->av[i] = &b->tmp[i];
            break;
        }
        }
    }
}

/* A Go string copy of C string p (NULL: ""). */
static void gostring(const char *p, slot *r) {
    size_t n = p ? strlen(p) : 0;
    char *s = n ? gort_alloc(n, NULL) : NULL;
    if (n) memcpy(s, p, n);
    r[0].p = s;
    r[1].i = (int64_t)n;
}

static void set_result(const vmextern *x, const void *rv, slot *res) {
    switch (x->rkind) {
    case XR_VOID: break;
    case XR_SINT: res->i = (int64_t)slot_from_c(XR_SINT, x->cif.rtype, rv).i; break;
    case XR_UINT: res->u = slot_from_c(XR_UINT, x->cif.rtype, rv).u; break;
    case XR_BOOL: res->i = *(const uint8_t *)rv != 0; break;
    case XR_F32: res->f = *(const float *)rv; break;
    case XR_F64: res->f = *(const double *)rv; break;
    case XR_PTR: res->p = *(void *const *)rv; break;
    case XR_STR: gostring(*(const char *const *)rv, res); break;
    case XR_STRUCT: memcpy(res->p, rv, x->cif.rtype->size); break;
    }
}

/* ------------------------------------------------------------------ */
/* the per-M stack                                                     */

/*
 * A goroutine's C stack is small (256 KiB by default) and C libraries may
 * want more, so a call runs on a large stack of its thread (its M), as Go
 * runs cgo calls on the M's system stack:
 *
 *   goroutine stack             M stack (8 MiB reserved, touched on demand)
 *   ┌──────────────────┐        ┌──────────────────┐ top
 *   │ execute          │        │ xcall_run        │
 *   │ vm_ffi_call      │  sp ──▶│ ffi_call / C ... │
 *   │ ffi_onstack      │──────▶ │        ▼         │
 *   └──────────────────┘        │ guard page       │
 *                               └──────────────────┘
 *
 * Only calls in syscall state (not `fast`: a fault there must be seen as
 * the goroutine's, runtime/src/signal.c) that take no callback switch.
 * A callback runs script code,
 * which may park its goroutine, and the thread would then run another
 * goroutine whose own call reused the stack under the parked C frames
 * (Go avoids that by locking the goroutine to its thread during a
 * callback, which gort's runtime cannot do yet). A call without callbacks
 * cannot park: it holds its thread until C returns, so one stack per
 * thread suffices. Under ASan and TSan, which track stacks, calls stay on
 * the goroutine's stack. ffi_onstack keeps a frame pointer chain (and CFI)
 * back to the goroutine's stack, so a crash dump or a debugger still
 * walks from C into the script's frames.
 */
#if (defined(__x86_64__) || defined(__aarch64__)) && !GORT_SANITIZE_ADDRESS && !GORT_SANITIZE_THREAD
#define FFI_MSTACK 1
#else
#define FFI_MSTACK 0
#endif

enum { MSTACK_SIZE = 8 << 20 };

#if FFI_MSTACK
void ffi_onstack(void *top, void (*fn)(void *), void *arg);
#if defined(__x86_64__)
__asm__(".text\n"
        ".p2align 4\n"
        ".globl ffi_onstack\n"
        ".hidden ffi_onstack\n"
        ".type ffi_onstack,@function\n"
        "ffi_onstack:\n"
        ".cfi_startproc\n"
        "  pushq %rbp\n"
        "  .cfi_def_cfa_offset 16\n"
        "  .cfi_offset %rbp, -16\n"
        "  movq %rsp, %rbp\n"
        "  .cfi_def_cfa_register %rbp\n"
        "  movq %rdi, %rsp\n"
        "  movq %rdx, %rdi\n"
        "  callq *%rsi\n"
        "  movq %rbp, %rsp\n"
        "  popq %rbp\n"
        "  .cfi_def_cfa %rsp, 8\n"
        "  ret\n"
        ".cfi_endproc\n"
        ".size ffi_onstack, .-ffi_onstack\n");
#else
__asm__(".text\n"
        ".p2align 2\n"
        ".globl ffi_onstack\n"
        ".hidden ffi_onstack\n"
        ".type ffi_onstack,%function\n"
        "ffi_onstack:\n"
        ".cfi_startproc\n"
        "  stp x29, x30, [sp, #-16]!\n"
        "  .cfi_def_cfa_offset 16\n"
        "  .cfi_offset x29, -16\n"
        "  .cfi_offset x30, -8\n"
        "  mov x29, sp\n"
        "  .cfi_def_cfa_register x29\n"
        "  mov sp, x0\n"
        "  mov x0, x2\n"
        "  blr x1\n"
        "  mov sp, x29\n"
        "  .cfi_def_cfa sp, 16\n"
        "  ldp x29, x30, [sp], #16\n"
        "  .cfi_def_cfa_offset 0\n"
        "  ret\n"
        ".cfi_endproc\n"
        ".size ffi_onstack, .-ffi_onstack\n");
#endif

static pthread_key_t mstack_key;
static pthread_once_t mstack_once = PTHREAD_ONCE_INIT;
static __thread char *mstack; /* this thread's stack (its lowest byte), or NULL */

static void mstack_free(void *p) { munmap(p, MSTACK_SIZE); }
static void mstack_init(void) { pthread_key_create(&mstack_key, mstack_free); }

/* The top of this thread's FFI stack, made on first use; NULL when it
 * cannot be had (the call then stays where it is). */
static char *mstack_top(void) {
    if (!mstack) {
        pthread_once(&mstack_once, mstack_init);
        void *p = mmap(NULL, MSTACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK,
                       -1, 0);
        if (p == MAP_FAILED) return NULL;
        mprotect(p, 4096, PROT_NONE); /* the guard page */
        mstack = p;
        pthread_setspecific(mstack_key, p);
    }
    return mstack + MSTACK_SIZE;
}
#endif

typedef struct xcall {
    const vmextern *x;
    void **av;
    void *rv;
} xcall;

static void xcall_run(void *arg) {
    xcall *c = arg;
    if (c->x->direct) call_direct(c->x, c->av, c->rv);
    else ffi_call((ffi_cif *)&c->x->cif, c->x->fn, c->rv, c->av);
}

/* Runs the C call (on the thread's FFI stack when it can). */
static void xcall_do(const vmextern *x, void **av, void *rv) {
    xcall c = {x, av, rv};
#if FFI_MSTACK
    char *top;
    if (!x->hascb && !x->fast && (top = mstack_top())) {
        ffi_onstack(top, xcall_run, &c);
        return;
    }
#endif
    xcall_run(&c);
}

void vm_ffi_call(vmstate *vm, const vmextern *x, slot *r) {
    callbuf b;
    b.used = 0;
    b.nheap = 0;
    b.ncls = 0;
    set_args(&b, vm, x, r);
    /* libffi writes a whole register (or more, for a struct) */
    union {
        ffi_arg a;
        double d;
        char s[64];
    } rv;
    const vmextern *saved = curcall;
    curcall = x;
    if (!x->fast) gort_syscall_enter();
    errno = 0;
    xcall_do(x, b.av, &rv);
    vm->ffi_errno = errno;
    if (!x->fast) gort_syscall_exit();
    curcall = saved;
    set_result(x, &rv, r + x->nslots);
    for (int i = 0; i < b.nheap; i++) free(b.heap[i]);
    for (int i = 0; i < b.ncls; i++)
        if (b.cls[i].cl) ffi_closure_free(b.cls[i].cl);
}
