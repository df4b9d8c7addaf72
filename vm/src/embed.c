/*
 * embed.c: gortvm_call, a host calling a script's function (gortvm.h).
 *
 *   host thread                          goroutine (gort_call)
 *   gortvm_call(p, "mul", args, res) ──► enter the program's vmstate
 *     check the signature (checker's      run main.init (first call only)
 *     objects), convert the arguments     vm_call(main.mul, slots) ──► execute()
 *                                         results -> gortvm_value
 *   ◄── 0, results  ◄─────────────────── leave
 *
 * The program keeps one VM state (vmembed.vm) for all its calls, so
 * package variables persist between calls, as the Lua module needs.
 * Arguments are checked against the function's declared parameters
 * before anything runs, by the checker's objects (the main package's
 * scope): a host gets "mul takes 2 arguments, not 1" rather than a
 * script reading garbage. Integers are converted as Go converts them
 * (truncated to the parameter's width, sign- or zero-extended), a
 * float32 parameter gets the double rounded to float32, and a string's
 * bytes are copied to the GC heap inside the goroutine. String results
 * are copied out to memory the program owns (vmembed.strs), valid until
 * its next call.
 *
 * Rejected: passing results as GC pointers to the host (a collection
 * after the call could free them); running each call on a fresh VM state
 * (package variables would reset and init would run every time).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gortvm.h"
#include "bytecode.h"
#include "natives.h"
#include "types.h"

struct vmembed {
    struct vmstate *vm;  /* created on the first call */
    bool inited;         /* main.init has run */
    char err[256];       /* the last call's error, "" if none */
    char **strs;         /* string results of the last call (malloc'd) */
    int nstrs;
};

vmprog *gortvm_vmprog_(gortvm_program *p);
gpkg *gortvm_pkg_(gortvm_program *p);
struct vmembed **gortvm_embed_(gortvm_program *p);

void vm_embed_free(struct vmembed *e) {
    if (!e) return;
    vm_state_free(e->vm);
    for (int i = 0; i < e->nstrs; i++) free(e->strs[i]);
    free(e->strs);
    free(e);
}

static gortvm_kind kind_of(gtype *t, gkind *bk) {
    t = under(t);
    if (!t) return GORTVM_INVALID;
    *bk = (gkind)t->kind;
    switch (t->kind) {
    case K_BOOL: return GORTVM_BOOL;
    case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64:
    case K_UINT: case K_UINT8: case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR:
        return GORTVM_INT;
    case K_FLOAT32: case K_FLOAT64: return GORTVM_FLOAT;
    case K_STRING: return GORTVM_STRING;
    default: return GORTVM_INVALID;
    }
}

static const char *kind_name(gortvm_kind k) {
    switch (k) {
    case GORTVM_INT: return "an integer";
    case GORTVM_FLOAT: return "a float";
    case GORTVM_BOOL: return "a bool";
    case GORTVM_STRING: return "a string";
    default: return "an invalid value";
    }
}

/* An integer in the canonical form of kind k (docs/bytecode.md). */
static int64_t canon(int64_t v, gkind k) {
    switch (k) {
    case K_INT8: return (int8_t)v;
    case K_INT16: return (int16_t)v;
    case K_INT32: return (int32_t)v;
    case K_UINT8: return (uint8_t)v;
    case K_UINT16: return (uint16_t)v;
    case K_UINT32: return (uint32_t)v;
    default: return v;
    }
}

typedef struct callctx {
    struct vmembed *e;
    const vmprog *prog;
    const vmfunc *fn;
    gtype *sig;
    const gortvm_value *args;
    gortvm_value *res;
} callctx;

static void call_on_goroutine(void *arg) {
    callctx *c = arg;
    struct vmembed *e = c->e;
    if (!e->vm) e->vm = vm_state_new(c->prog);
    vm_state_enter(e->vm);
    if (!e->inited) {
        e->inited = true;
        vm_state_init(e->vm);
    }
    vmslot in[VM_MAX_SLOTS], out[VM_MAX_SLOTS];
    int k = 0;
    gtype *ps = c->sig->params, *rs = c->sig->results;
    for (int i = 0; i < ps->nvars; i++) {
        gkind bk = K_INVALID;
        gortvm_kind vk = kind_of(ps->vars[i]->type, &bk);
        const gortvm_value *a = &c->args[i];
        switch (vk) {
        case GORTVM_INT: in[k++].i = canon(a->i, bk); break;
        case GORTVM_FLOAT: in[k++].f = bk == K_FLOAT32 ? (double)(float)a->f : a->f; break;
        case GORTVM_BOOL: in[k++].i = a->b != 0; break;
        default: {
            gort_string s = gort_string_new(a->s.ptr, (intptr_t)a->s.len);
            in[k].s = s.ptr;
            in[k + 1].i = s.len;
            k += 2;
            break;
        }
        }
    }
    vm_call(e->vm, c->fn, in, out);
    k = 0;
    for (int i = 0; i < rs->nvars; i++) {
        gkind bk = K_INVALID;
        gortvm_kind vk = kind_of(rs->vars[i]->type, &bk);
        gortvm_value *r = &c->res[i];
        r->kind = vk;
        switch (vk) {
        case GORTVM_INT: r->i = out[k++].i; break;
        case GORTVM_FLOAT: r->f = out[k++].f; break;
        case GORTVM_BOOL: r->b = out[k++].i != 0; break;
        default: {
            size_t n = (size_t)out[k + 1].i;
            char *copy = malloc(n + 1);
            if (!copy) abort();
            if (n) memcpy(copy, out[k].s, n);
            copy[n] = 0;
            e->strs = realloc(e->strs, sizeof *e->strs * (size_t)(e->nstrs + 1));
            if (!e->strs) abort();
            e->strs[e->nstrs++] = copy;
            r->s.ptr = copy;
            r->s.len = n;
            k += 2;
            break;
        }
        }
    }
    vm_state_leave(e->vm);
}

static int __attribute__((format(printf, 2, 3))) fail(struct vmembed *e, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = snprintf(e->err, sizeof e->err, "gortvm_call: ");
    vsnprintf(e->err + n, sizeof e->err - (size_t)n, fmt, ap);
    va_end(ap);
    return 1;
}

int gortvm_call(gortvm_program *p, const char *fname, const gortvm_value *args, int nargs, gortvm_value *res,
                int nres) {
    struct vmembed **ep = gortvm_embed_(p);
    if (!*ep) {
        *ep = calloc(1, sizeof **ep);
        if (!*ep) abort();
    }
    struct vmembed *e = *ep;
    e->err[0] = 0;
    for (int i = 0; i < e->nstrs; i++) free(e->strs[i]);
    e->nstrs = 0;
    const vmprog *prog = gortvm_vmprog_(p);
    gpkg *pkg = gortvm_pkg_(p);
    if (!prog || !pkg || gortvm_nerrors(p) > 0) {
        return fail(e, "the program has no bytecode (compile it with codegen, without errors)");
    }
    const char *name = strncmp(fname, "main.", 5) == 0 ? fname + 5 : fname;
    gobj *o = NULL;
    for (int i = 0; i < pkg->scope->norder && !o; i++) {
        gobj *c = pkg->scope->order[i];
        if (c->kind == O_FUNC && strcmp(c->name, name) == 0) o = c;
    }
    char qual[300];
    snprintf(qual, sizeof qual, "main.%s", name);
    const vmfunc *fn = NULL;
    for (int i = 0; i < prog->nfuncs && o; i++)
        if (strcmp(prog->funcs[i]->name, qual) == 0) fn = prog->funcs[i];
    if (!o || !fn) return fail(e, "%s: no such function", qual);
    gtype *sig = o->type;
    if (sig->variadic) return fail(e, "%s is variadic", qual);
    if (nargs != sig->params->nvars)
        return fail(e, "%s takes %d arguments, not %d", qual, sig->params->nvars, nargs);
    if (nres != sig->results->nvars)
        return fail(e, "%s has %d results, not %d", qual, sig->results->nvars, nres);
    for (int i = 0; i < nargs; i++) {
        gkind bk;
        gortvm_kind want = kind_of(sig->params->vars[i]->type, &bk);
        if (want == GORTVM_INVALID)
            return fail(e, "%s: parameter %d has a type gortvm_call cannot pass", qual, i + 1);
        if (args[i].kind != want)
            return fail(e, "%s: argument %d must be %s", qual, i + 1, kind_name(want));
    }
    for (int i = 0; i < nres; i++) {
        gkind bk;
        if (kind_of(sig->results->vars[i]->type, &bk) == GORTVM_INVALID)
            return fail(e, "%s: result %d has a type gortvm_call cannot return", qual, i + 1);
    }
    callctx c = {e, prog, fn, sig, args, res};
    gort_call(call_on_goroutine, &c);
    return 0;
}

const char *gortvm_call_error(gortvm_program *p) {
    struct vmembed *e = *gortvm_embed_(p);
    return e ? e->err : "";
}
