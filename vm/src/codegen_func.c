/*
 * codegen_func.c: function values, closures and calls through them.
 *
 * A function value is one pointer slot. It points at a word holding the
 * function's vmfunc, followed by the function's context:
 *
 *   static function (LOADFN)          closure (CLOSURE), on the GC heap
 *   &prog->funcs[i] ─► ┌────────┐      ┌────────┬────────┬────────┐
 *                      │ vmfunc*│      │ vmfunc*│ ctx[0] │ ctx[1] │ ...
 *                      └────────┘      └────────┴───┬────┴────────┘
 *                                                   ▼
 *                                       a captured variable's heap cell
 *
 * so a call through any function value is the same: load word 0, and
 * hand the object to the callee as its context (CALLV; the frame record
 * keeps it, and the collector scans it there). A function without
 * captures costs no allocation: its value is the address of its slot in
 * the program's function table.
 *
 * Captured variables. Before any code is generated, cg_find_captured
 * walks every function literal and finds the variables it uses that are
 * declared outside it (by position: a local declared outside the
 * literal's braces belongs to an enclosing function). They are marked
 * like address-taken variables, so the enclosing function keeps them in
 * heap cells (codegen_data.c: a boxed variable's register holds its
 * cell). The closure's context words are those cells (for a struct or an
 * array, the address of its memory, which already is a cell), and the
 * literal's body starts by loading each into a register (GETCTX) bound
 * to the variable as a boxed one: reads and writes on both sides go to
 * the same cell, as Go's semantics require, and the cell lives as long
 * as any closure that refers to it.
 *
 * Calls. A call through a value evaluates the function value into a
 * register first (Go evaluates the function operand before the
 * arguments), reserves the call area above everything in use (as a
 * static call does, codegen.c), evaluates the arguments into it and
 * emits CALLV. Arguments are shared by every kind of call:
 * cg_call_args packages the extra arguments of a variadic call into a
 * new slice (a slice literal of the parameter's type), passes s... as
 * is, and spreads a multi-valued call f(g()) over the parameters.
 *
 * Rejected: closures that copy the captured values (Go's closures share
 * the variable); a context pointer in a hidden parameter slot (every
 * function would need one, because a caller of a value does not know
 * whether the callee is a closure); one heap object per closure holding
 * every captured variable inline (variables captured by two closures, or
 * outliving one, would need a second level anyway).
 */
#include <stdlib.h>
#include <string.h>

#include "codegen_int.h"
#include "itab.h"
#include "natives.h"

#define U(t) under(default_type(t))

/* ------------------------------------------------------------------ */
/* walking a literal for its free variables                            */

typedef struct walker {
    void (*ident)(struct walker *w, ast_expr *e);
    void (*sel)(struct walker *w, ast_expr *e);     /* NULL: none */
    void (*funclit)(struct walker *w, ast_expr *e); /* NULL: walk into it */
} walker;

static void wstmt(walker *w, ast_stmt *s);
static void wexpr(walker *w, ast_expr *e);

static void wexprs(walker *w, ast_exprs *l) {
    for (int i = 0; i < l->n; i++) wexpr(w, l->v[i]);
}

static void wexpr(walker *w, ast_expr *e) {
    if (!e) return;
    switch (e->kind) {
    case E_IDENT: w->ident(w, e); return;
    case E_UNARY: wexpr(w, e->unary.x); return;
    case E_COMPOSITE: wexprs(w, &e->composite.elts); return;
    case E_FUNCLIT:
        if (w->funclit) w->funclit(w, e);
        else wstmt(w, e->funclit.body);
        return;
    case E_PAREN: wexpr(w, e->paren.x); return;
    case E_SELECTOR:
        if (w->sel) w->sel(w, e);
        wexpr(w, e->selector.x);
        return;
    case E_INDEX:
        wexpr(w, e->index.x);
        for (int i = 0; i < e->index.nindex; i++) wexpr(w, e->index.index[i]);
        return;
    case E_SLICE:
        wexpr(w, e->slice.x);
        wexpr(w, e->slice.lo);
        wexpr(w, e->slice.hi);
        wexpr(w, e->slice.max);
        return;
    case E_TYPEASSERT: wexpr(w, e->typeassert.x); return;
    case E_CALL:
        wexpr(w, e->call.fun);
        wexprs(w, &e->call.args);
        return;
    case E_STAR: wexpr(w, e->star.x); return;
    case E_BINARY:
        wexpr(w, e->binary.x);
        wexpr(w, e->binary.y);
        return;
    case E_KEYVALUE:
        wexpr(w, e->keyvalue.key);
        wexpr(w, e->keyvalue.value);
        return;
    default: return;
    }
}

static void wstmts(walker *w, ast_stmts *l) {
    for (int i = 0; i < l->n; i++) wstmt(w, l->v[i]);
}

static void wdecl(walker *w, ast_decl *d) {
    if (d->kind != D_VAR && d->kind != D_CONST) return;
    for (int i = 0; i < d->gen.specs.n; i++) wexprs(w, &d->gen.specs.v[i]->value.values);
}

static void wstmt(walker *w, ast_stmt *s) {
    if (!s) return;
    switch (s->kind) {
    case S_BLOCK: wstmts(w, &s->block.list); return;
    case S_EXPR: wexpr(w, s->expr.x); return;
    case S_SEND: wexpr(w, s->send.ch); wexpr(w, s->send.value); return;
    case S_INCDEC: wexpr(w, s->incdec.x); return;
    case S_ASSIGN: wexprs(w, &s->assign.lhs); wexprs(w, &s->assign.rhs); return;
    case S_GO: case S_DEFER: wexpr(w, s->call.call); return;
    case S_RETURN: wexprs(w, &s->ret.results); return;
    case S_LABELED: wstmt(w, s->labeled.stmt); return;
    case S_DECL: wdecl(w, s->decl.decl); return;
    case S_IF:
        wstmt(w, s->ifs.init);
        wexpr(w, s->ifs.cond);
        wstmt(w, s->ifs.then);
        wstmt(w, s->ifs.els);
        return;
    case S_SWITCH:
        wstmt(w, s->sw.init);
        wexpr(w, s->sw.tag);
        wstmts(w, &s->sw.clauses);
        return;
    case S_TYPESWITCH:
        wstmt(w, s->tsw.init);
        wexpr(w, s->tsw.x);
        wstmts(w, &s->tsw.clauses);
        return;
    case S_CASE: wexprs(w, &s->cas.list); wstmts(w, &s->cas.body); return;
    case S_SELECT: wstmts(w, &s->sel.clauses); return;
    case S_COMM: wstmt(w, s->comm.comm); wstmts(w, &s->comm.body); return;
    case S_FOR:
        wstmt(w, s->fors.init);
        wexpr(w, s->fors.cond);
        wstmt(w, s->fors.post);
        wstmt(w, s->fors.body);
        return;
    case S_RANGE:
        wexpr(w, s->range.key);
        wexpr(w, s->range.value);
        wexpr(w, s->range.x);
        wstmt(w, s->range.body);
        return;
    default: return;
    }
}

static bool before(srcpos a, srcpos b) { return a.line < b.line || (a.line == b.line && a.col < b.col); }

/* The free variables of a function literal: locals of enclosing
 * functions that its body (nested literals included) uses. */
typedef struct freevars {
    walker w;
    srcpos from, to;     /* the literal's span */
    gobj **v;
    int n, cap;
} freevars;

static void fv_ident(walker *w, ast_expr *e) {
    freevars *f = (freevars *)w;
    gobj *o = e->ident.obj;
    if (!o || o->kind != O_VAR || o->pkglevel || o->field || is_blank_ident(e)) return;
    bool inside = o->pos.file == f->from.file && !before(o->pos, f->from) && before(o->pos, f->to);
    if (inside) return;
    for (int i = 0; i < f->n; i++)
        if (f->v[i] == o) return;
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 8;
        f->v = realloc(f->v, sizeof *f->v * (size_t)f->cap);
        if (!f->v) abort();
    }
    f->v[f->n++] = o;
}

static void free_vars(ast_expr *lit, freevars *f) {
    memset(f, 0, sizeof *f);
    f->w.ident = fv_ident;
    f->w.sel = NULL;
    f->from = ast_expr_start(lit);
    f->to = lit->funclit.body->block.rbrace;
    f->to.col++;
    wstmt(&f->w, lit->funclit.body);
}

/* ------------------------------------------------------------------ */
/* the pre-pass: variables captured by closures live in cells          */

typedef struct capwalk {
    walker w;
    gen *g;
} capwalk;

static void cw_ident(walker *w, ast_expr *e) { (void)w, (void)e; }

static void mark_captured(gen *g, gobj *o) {
    if (cg_is_aggregate(o->type)) return;
    cg_mark_addrtaken(g, o);
}

static void cw_funclit(walker *w, ast_expr *e) {
    capwalk *c = (capwalk *)w;
    freevars f;
    free_vars(e, &f);
    for (int i = 0; i < f.n; i++) mark_captured(c->g, f.v[i]);
    free(f.v);
    wstmt(w, e->funclit.body); /* nested literals */
}

/* x.M with a pointer receiver on a variable x: &x is taken. */
static void cw_sel(walker *w, ast_expr *e) {
    capwalk *c = (capwalk *)w;
    gobj *m = e->selector.sel->ident.obj;
    ast_expr *x = unparen(e->selector.x);
    if (!m || m->kind != O_FUNC || !m->type || !m->type->recv || m->type->recv->type->kind != K_POINTER) return;
    if (x->kind != E_IDENT || !x->ident.obj || x->ident.obj->kind != O_VAR) return;
    if (U(x->ident.obj->type)->kind == K_POINTER || is_interface(x->ident.obj->type)) return;
    mark_captured(c->g, x->ident.obj);
}

void cg_find_captured(gen *g, ast_file **files, int nfiles) {
    capwalk c = {{cw_ident, cw_sel, cw_funclit}, g};
    for (int fi = 0; fi < nfiles; fi++) {
        ast_file *f = files[fi];
        for (int i = 0; i < f->decls.n; i++) {
            ast_decl *d = f->decls.v[i];
            if (d->kind == D_FUNC) {
                if (d->func.body) wstmt(&c.w, d->func.body);
            } else {
                wdecl(&c.w, d);
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* function values                                                     */

/* The heap object type of a closure with n context words whose kinds
 * are pat[0..n). */
static const gort_type *closure_type(gen *g, const uint8_t *pat, int n) {
    gort_type *t = ARENA_NEW(g->a, gort_type);
    memset(t, 0, sizeof *t);
    uint8_t *mask = ARENA_ARRAY(g->a, uint8_t, (size_t)(n + 1) / 8 + 1);
    memset(mask, 0, (size_t)(n + 1) / 8 + 1);
    for (int i = 0; i < n; i++)
        if (pat[i] == SK_PTR) mask[(i + 1) / 8] |= (uint8_t)(1u << ((i + 1) % 8));
    t->size = 8 * (size_t)(n + 1);
    t->align = 8;
    t->ptrwords = (size_t)n + 1;
    t->ptrmask = mask;
    t->name = "func";
    t->kind = GORT_KIND_FUNC;
    return t;
}

/* "main.f.func2" for the second literal of main.f; "main.f.func1.1" for
 * the first literal inside that one (Go's names, as tracebacks print).
 * fs is the enclosing function's state, which counts its literals (a
 * search of every function's name for the highest number was quadratic:
 * half of code generation on a 200,000-line program). */
static const char *literal_name(fstate *fs) {
    const char *outer = fs->f->name;
    bool inlit = strstr(outer, ".func") != NULL;
    return arena_printf(fs->g->a, inlit ? "%s.%d" : "%s.func%d", outer, ++fs->nlits);
}

void cg_func_value(fstate *fs, ast_expr *e, int dst) {
    gen *g = fs->g;
    e = unparen(e);
    if (e->kind == E_IDENT) {
        int fi = cg_func_index(g, e->ident.obj);
        if (fi < 0) cg_unsupported(fs, ast_expr_start(e), "this function value");
        cg_op_abx(fs, OP_LOADFN, dst, fi);
        return;
    }
    /* a function literal */
    freevars fv;
    free_vars(e, &fv);
    gobj **caps = fv.n ? ARENA_ARRAY(g->a, gobj *, (size_t)fv.n) : NULL;
    if (fv.n) memcpy(caps, fv.v, sizeof *caps * (size_t)fv.n);
    int n = fv.n;
    free(fv.v);
    if (n + 1 > VM_MAX_SLOTS / 2) cg_toolarge(fs, ast_expr_start(e), "too many captured variables");
    gtype *sig = U(e->type);
    int fi = g->nfuncs;
    vmfunc *f = cg_new_func(g, NULL, literal_name(fs), ast_expr_start(e));
    uint8_t pat[VM_MAX_SLOTS];
    memset(pat, SK_PTR, sizeof pat); /* cells, or an aggregate's memory */
    f->nctx = (uint16_t)n;
    if (n) f->cltype = closure_type(g, pat, n);
    /* the literal's own code (its errors are its own) */
    cg_gen_body(g, fi, NULL, sig, e->funclit.body, ast_expr_start(e), caps, n);
    cg_setline(fs, ast_expr_start(e));
    if (n == 0) {
        cg_op_abx(fs, OP_LOADFN, dst, fi);
        return;
    }
    uint8_t p2[VM_MAX_SLOTS];
    for (int i = 0; i <= n; i++) p2[i] = SK_PTR;
    int base = cg_alloc_pattern(fs, p2, n + 1, 0);
    for (int i = 0; i < n; i++) {
        cgvar *v = cg_var(fs, caps[i]);
        if (!v || !(v->boxed || cg_is_aggregate(caps[i]->type)))
            cg_unsupported(fs, ast_expr_start(e), "capturing %s here", caps[i]->name);
        cg_move(fs, base + 1 + i, v->reg, 1);
    }
    cg_op_abx(fs, OP_CLOSURE, base, fi);
    cg_move(fs, dst, base, 1);
    cg_rfree_n(fs, base, n + 1);
}

void cg_bind_context(fstate *fs, gobj **caps, int n) {
    for (int i = 0; i < n; i++) {
        int r = cg_rptr(fs);
        cg_op_abc(fs, OP_GETCTX, r, i, 1);
        cg_var_bind(fs, caps[i], r);
        fs->vars[fs->nvars - 1].boxed = !cg_is_aggregate(caps[i]->type);
    }
}

/* ------------------------------------------------------------------ */
/* calls                                                               */

static int method_call(fstate *fs, ast_expr *e, int *nparam_slots);

gtype *cg_call_sig(ast_expr *call) {
    ast_expr *fun = unparen(call->call.fun);
    return U(fun->type);
}

int cg_call_pattern(fstate *fs, ast_expr *e, gtype *sig, uint8_t *pat, int n, int *np) {
    gtype *ps = sig->params, *rs = sig->results;
    for (int i = 0; i < ps->nvars; i++) {
        if (n + CG_MAX_SHAPE > VM_MAX_SLOTS) cg_toolarge(fs, e->pos, "too many arguments");
        n += cg_need_shape(fs, ast_expr_start(e), ps->vars[i]->type, pat + n);
    }
    *np = n;
    for (int i = 0; i < rs->nvars; i++) {
        if (n + CG_MAX_SHAPE > VM_MAX_SLOTS) cg_toolarge(fs, e->pos, "too many results");
        n += cg_need_shape(fs, ast_expr_start(e), rs->vars[i]->type, pat + n);
    }
    return n;
}

static const void *type_word(fstate *fs, gtype *it, gtype *t);
static const gort_type *rtype(fstate *fs, gtype *t);
static bool nonempty(gtype *t);
static int kptr(fstate *fs, const void *p);

/* The value of type from in registers src, as a value of type t (to
 * which it is assignable) in registers dst: moved, or boxed into an
 * interface, or re-typed from one interface to another (as
 * cg_expr_to_type does for an expression). */
static void reg_to_type(fstate *fs, gtype *from, int src, int dst, gtype *t) {
    if (!is_interface(t) || (is_interface(from) && types_identical(U(from), U(t)))) {
        cg_move(fs, dst, src, cg_shape(from, NULL));
        return;
    }
    if (is_interface(from)) {
        cg_op_abc(fs, OP_TYPEOF, dst, src, nonempty(from) ? 1 : 0);
        if (nonempty(t)) cg_op_abx(fs, OP_ITAB, dst, kptr(fs, rtype(fs, t)));
        cg_move(fs, dst + 1, src + 1, 1);
        return;
    }
    const void *w = type_word(fs, t, from);
    cg_op_abx(fs, OP_LOADK, dst, kptr(fs, w));
    cg_op_abc(fs, OP_BOX, dst, src, (nonempty(t) ? 1 : 0) | (cg_is_aggregate(from) ? 2 : 0));
}

void cg_call_args(fstate *fs, ast_expr *e, gtype *sig, int at) {
    gtype *ps = sig->params;
    ast_exprs *args = &e->call.args;
    int np = ps->nvars;
    if (args->n == 1 && args->v[0]->type && args->v[0]->type->kind == K_TUPLE) {
        /* f(g()): g's results, in order, are f's arguments */
        ast_expr *inner = unparen(args->v[0]);
        int inp;
        int ib = cg_call(fs, inner, &inp);
        gtype *irs = cg_call_sig(inner)->results;
        int off = ib + inp, n = 0;
        for (int i = 0; i < irs->nvars; i++) n += cg_shape(irs->vars[i]->type, NULL);
        if (sig->variadic) {
            /* the results past the fixed parameters fill the slice */
            cg_unsupported(fs, ast_expr_start(e), "a multi-valued call as variadic arguments");
        }
        /* each result converted to its parameter's type (an interface
         * parameter boxes the result), so the two layouts may differ */
        int src = off, dst = at;
        for (int i = 0; i < irs->nvars && i < np; i++) {
            gtype *rt = irs->vars[i]->type, *pt = ps->vars[i]->type;
            reg_to_type(fs, rt, src, dst, pt);
            src += cg_shape(rt, NULL);
            dst += cg_shape(pt, NULL);
        }
        cg_rfree_n(fs, ib, off - ib + n);
        return;
    }
    int nfixed = sig->variadic ? np - 1 : np;
    int off = at;
    for (int i = 0; i < nfixed; i++) {
        cg_expr_to_type(fs, args->v[i], off, ps->vars[i]->type);
        off += cg_shape(ps->vars[i]->type, NULL);
    }
    if (!sig->variadic) return;
    gtype *st = ps->vars[np - 1]->type;
    if (e->call.dots) {
        cg_expr_to(fs, args->v[nfixed], off);
        return;
    }
    int extra = args->n - nfixed;
    if (extra == 0) {
        cg_op_abc(fs, OP_ZERO, off, 3, 0); /* a nil slice */
        return;
    }
    /* []T{extra args...} */
    ast_expr *lit = arena_alloc(fs->g->a, sizeof *lit);
    memset(lit, 0, sizeof *lit);
    lit->kind = E_COMPOSITE;
    lit->pos = args->v[nfixed]->pos;
    lit->mode = M_VALUE;
    lit->type = st;
    lit->composite.elts.v = args->v + nfixed;
    lit->composite.elts.n = extra;
    lit->composite.lbrace = lit->pos;
    lit->composite.rbrace = lit->pos;
    cg_expr_to(fs, lit, off);
}

int cg_func_call(fstate *fs, ast_expr *e, int *nparam_slots) {
    ast_expr *fun = unparen(e->call.fun);
    if (fun->kind == E_SELECTOR && fun->selector.sel->ident.obj && fun->selector.sel->ident.obj->kind == O_FUNC &&
        fun->selector.sel->ident.obj->type &&
        (fun->selector.sel->ident.obj->type->recv || fun->selector.x->mode == M_TYPEXPR))
        return method_call(fs, e, nparam_slots);
    gtype *sig = U(fun->type);
    if (!sig || sig->kind != K_FUNC) cg_unsupported(fs, ast_expr_start(e), "calling this");
    if (fun->kind == E_SELECTOR && (!fun->selector.sel->ident.obj || fun->selector.sel->ident.obj->kind != O_VAR))
        cg_unsupported(fs, ast_expr_start(e), "calling package functions");
    val fv = cg_eval(fs, fun);
    uint8_t pat[VM_MAX_SLOTS];
    int np;
    int n = cg_call_pattern(fs, e, sig, pat, 0, &np);
    int base = cg_alloc_pattern(fs, pat, n, cg_top_busy(fs));
    cg_call_args(fs, e, sig, base);
    cg_setline(fs, e->pos);
    cg_op_abc(fs, OP_CALLV, base, fv.reg, 0);
    cg_vfree(fs, fv, fun->type);
    *nparam_slots = np;
    return base;
}

/* ------------------------------------------------------------------ */
/* methods                                                             */

static gtype *recv_base(gtype *rt) {
    return rt->kind == K_POINTER ? rt->elem : rt;
}

const char *cg_method_name(gen *g, gobj *m) {
    gtype *rt = m->type->recv->type;
    gtype *nt = recv_base(rt);
    const char *tn = nt->kind == K_NAMED && nt->obj ? nt->obj->name : "?";
    if (rt->kind == K_POINTER) return arena_printf(g->a, "main.(*%s).%s", tn, m->name);
    return arena_printf(g->a, "main.%s.%s", tn, m->name);
}

static int find_func(gen *g, const char *name) {
    for (int i = 0; i < g->nfuncs; i++)
        if (strcmp(g->funcs[i]->name, name) == 0) return i;
    return -1;
}

/* A receiver that one slot holds and whose memory form loads into it
 * (ICALL can load it from the data word itself: vmfunc.ifaceload). */
static bool one_word(gtype *t) {
    gtype *u = U(t);
    uint8_t pat[CG_MAX_SHAPE];
    return !cg_is_aggregate(t) && cg_shape(t, pat) == 1 && u->kind != K_BOOL;
}

enum { WR_IFACE, WR_IFACE_DEREF, WR_BOUND };

/* A wrapper around method m (index mi):
 *   WR_IFACE: (data, params...) -> m(*data, params...)   data: the value's box
 *   WR_IFACE_DEREF: (data, params...) -> m(**data, params...)  a *T's box
 *   WR_BOUND: (params...) with the receiver in the context: x.M as a value */
static int gen_wrapper(gen *g, gobj *m, int mi, int kind, const char *name) {
    int fi = g->nfuncs;
    vmfunc *f = cg_new_func(g, NULL, name, m->pos);
    fstate fs;
    cg_fstate_init(&fs, g, f);
    if (setjmp(fs.fail)) {
        cg_fstate_free(&fs);
        return fi;
    }
    gtype *sig = m->type, *rt = sig->recv->type;
    fs.sig = sig;
    uint8_t pat[VM_MAX_SLOTS];
    uint8_t rpat[CG_MAX_SHAPE];
    int nr = cg_need_shape(&fs, m->pos, rt, rpat);
    int np = 0;
    if (kind != WR_BOUND) pat[np++] = SK_PTR;
    int pfirst = np;
    for (int i = 0; i < sig->params->nvars; i++) np += cg_need_shape(&fs, m->pos, sig->params->vars[i]->type, pat + np);
    int nres = 0;
    for (int i = 0; i < sig->results->nvars; i++)
        nres += cg_need_shape(&fs, m->pos, sig->results->vars[i]->type, pat + np + nres);
    cg_alloc_pattern(&fs, pat, np + nres, 0);
    f->nparams = (uint16_t)np;
    f->nresults = (uint16_t)nres;
    fs.resbase = np;
    /* the call area: [receiver][params][results] */
    uint8_t apat[VM_MAX_SLOTS];
    memcpy(apat, rpat, (size_t)nr);
    memcpy(apat + nr, pat + pfirst, (size_t)(np - pfirst + nres));
    int area = cg_alloc_pattern(&fs, apat, nr + np - pfirst + nres, np + nres);
    if (kind == WR_BOUND) {
        f->nctx = (uint16_t)nr;
        f->cltype = closure_type(g, rpat, nr);
        if (cg_is_aggregate(rt)) {
            int t = cg_rptr(&fs);
            cg_op_abc(&fs, OP_GETCTX, t, 0, 1);
            cg_copy_aggregate(&fs, rt, area, t); /* the method gets its own copy */
        } else {
            cg_op_abc(&fs, OP_GETCTX, area, 0, nr);
        }
    } else {
        int addr = 0;
        if (kind == WR_IFACE_DEREF) {
            addr = cg_rptr(&fs);
            cg_op_abc(&fs, OP_LD64, addr, 0, 0);
        }
        cg_load_mem(&fs, rt, area, addr);
    }
    for (int i = pfirst; i < np; i++) cg_move(&fs, area + nr + (i - pfirst), i, 1);
    cg_op_abx(&fs, OP_CALL, area, mi);
    cg_op_abc(&fs, OP_RET, area + nr + (np - pfirst), nres, 0);
    cg_fstate_finish(&fs);
    cg_fstate_free(&fs);
    return fi;
}

typedef struct mlist {
    gort_method *v;
    int n, cap;
} mlist;

static void madd(mlist *l, gort_method m) {
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = realloc(l->v, sizeof *l->v * (size_t)l->cap);
        if (!l->v) abort();
    }
    l->v[l->n++] = m;
}

static int mcmp(const void *a, const void *b) {
    return strcmp(((const gort_method *)a)->name, ((const gort_method *)b)->name);
}

static const gort_method *marena(gen *g, mlist *l) {
    qsort(l->v, (size_t)l->n, sizeof *l->v, mcmp);
    gort_method *r = ARENA_ARRAY(g->a, gort_method, (size_t)l->n);
    memcpy(r, l->v, sizeof *r * (size_t)l->n);
    return r;
}

void cg_method_tables(gen *g, ast_file **files, int nfiles) {
    (void)files, (void)nfiles;
    int nf = g->nfuncs;
    /* each named type with methods, once */
    for (int i = 0; i < nf; i++) {
        gobj *m = g->fobjs[i];
        if (!m || !m->type || !m->type->recv) continue;
        gtype *nt = recv_base(m->type->recv->type);
        bool seen = false;
        for (int j = 0; j < i; j++) {
            gobj *o = g->fobjs[j];
            if (o && o->type && o->type->recv && recv_base(o->type->recv->type) == nt) seen = true;
        }
        if (seen) continue;
        mlist val = {0}, ptr = {0};
        for (int j = i; j < nf; j++) {
            gobj *o = g->fobjs[j];
            if (!o || !o->type || !o->type->recv || recv_base(o->type->recv->type) != nt) continue;
            const gort_type *mt = link_type(g->link, o->type);
            vmfunc *fn = g->funcs[j];
            bool isptr = o->type->recv->type->kind == K_POINTER;
            if (isptr) {
                fn->ifaceload = true;
                madd(&ptr, (gort_method){o->name, mt, fn, fn});
                continue;
            }
            const vmfunc *ifn = fn;
            if (one_word(nt)) fn->ifaceload = true;
            else {
                /* the index first: gen_wrapper may grow (move) g->funcs */
                int wi = gen_wrapper(g, o, j, WR_IFACE, arena_printf(g->a, "%s-i", fn->name));
                ifn = g->funcs[wi];
            }
            madd(&val, (gort_method){o->name, mt, ifn, fn});
            int dw = gen_wrapper(g, o, j, WR_IFACE_DEREF, arena_printf(g->a, "%s-p", fn->name));
            madd(&ptr, (gort_method){o->name, mt, g->funcs[dw], fn});
        }
        if (val.n) link_set_methods(g->link, link_type(g->link, nt), marena(g, &val), val.n);
        if (ptr.n) link_set_methods(g->link, link_type(g->link, type_pointer(g->a, nt)), marena(g, &ptr), ptr.n);
        free(val.v);
        free(ptr.v);
    }
}

/* A synthetic node: sel of x (a field on an embedding path). */
static ast_expr *mk_node(fstate *fs, int kind, srcpos pos, gtype *t) {
    ast_expr *n = arena_alloc(fs->g->a, sizeof *n);
    memset(n, 0, sizeof *n);
    n->kind = (uint8_t)kind;
    n->pos = pos;
    n->mode = M_VAR;
    n->type = t;
    return n;
}

/* The receiver expression for method m selected from x by path
 * r.index (embedded fields first), with & or * as m's receiver wants. */
static ast_expr *recv_expr(fstate *fs, ast_expr *x, gobj *m, const lookup_result *r) {
    ast_expr *rx = x;
    for (int i = 0; i + 1 < r->nindex; i++) {
        gtype *st = U(rx->type);
        if (st->kind == K_POINTER) st = U(st->elem);
        gobj *fld = st->vars[r->index[i]];
        ast_expr *sel = mk_node(fs, E_IDENT, x->pos, fld->type);
        sel->ident.name = fld->name;
        sel->ident.obj = fld;
        ast_expr *n = mk_node(fs, E_SELECTOR, x->pos, fld->type);
        n->selector.x = rx;
        n->selector.sel = sel;
        rx = n;
    }
    bool wantptr = m->type->recv->type->kind == K_POINTER;
    bool isptr = U(rx->type)->kind == K_POINTER;
    if (wantptr && !isptr) {
        ast_expr *n = mk_node(fs, E_UNARY, x->pos, type_pointer(fs->g->a, rx->type));
        n->mode = M_VALUE;
        n->unary.op = T_AND;
        n->unary.x = rx;
        rx = n;
    } else if (!wantptr && isptr) {
        ast_expr *n = mk_node(fs, E_STAR, x->pos, U(rx->type)->elem);
        n->star.x = rx;
        rx = n;
    }
    return rx;
}

/* The declared method named like m of the type T.M or (*T).M names
 * (the checker gives a method expression an object of its own). */
static gobj *declared_method(gtype *t, gobj *m) {
    if (t && t->kind == K_POINTER) t = t->elem;
    if (!t || t->kind != K_NAMED) return m;
    gobj *d = named_method(t, m->name);
    return d ? d : m;
}

/* The index of method name in interface type t's method set. */
static int iface_index(gen *g, gtype *t, const char *name) {
    gtype *u = U(t);
    iface_complete(g->a, u);
    for (int i = 0; i < u->nall; i++)
        if (strcmp(u->all[i]->name, name) == 0) return i;
    return -1;
}

/* x.M(args): a static call of a method, or a dynamic one through an
 * interface (ICALL). */
static int method_call(fstate *fs, ast_expr *e, int *nparam_slots) {
    ast_expr *fun = unparen(e->call.fun), *x = fun->selector.x;
    gobj *m = fun->selector.sel->ident.obj;
    gtype *sig = m->type;
    uint8_t pat[VM_MAX_SLOTS];
    int np;
    if (x->mode == M_TYPEXPR) {
        /* T.M(recv, args...): the method with its receiver as the first argument */
        m = declared_method(x->type, m);
        sig = m->type;
        if (!sig->recv) cg_unsupported(fs, ast_expr_start(e), "this method expression");
        int fi = cg_func_index(fs->g, m);
        if (fi < 0) cg_unsupported(fs, ast_expr_start(e), "this method expression");
        int nr = cg_need_shape(fs, ast_expr_start(e), sig->recv->type, pat);
        int n = cg_call_pattern(fs, e, sig, pat, nr, &np);
        int base = cg_alloc_pattern(fs, pat, n, cg_top_busy(fs));
        if ((unparen(x)->kind == E_STAR) != (sig->recv->type->kind == K_POINTER))
            cg_unsupported(fs, ast_expr_start(e), "this method expression");
        ast_expr shifted = *e;
        cg_expr_to(fs, e->call.args.v[0], base);
        shifted.call.args.v = e->call.args.v + 1;
        shifted.call.args.n = e->call.args.n - 1;
        cg_call_args(fs, &shifted, sig, base + nr);
        cg_setline(fs, e->pos);
        cg_op_abx(fs, OP_CALL, base, fi);
        *nparam_slots = np;
        return base;
    }
    if (is_interface(x->type)) {
        int mi = iface_index(fs->g, x->type, m->name);
        if (mi < 0) cg_unsupported(fs, ast_expr_start(e), "this interface method");
        pat[0] = SK_PTR;
        int n = cg_call_pattern(fs, e, sig, pat, 1, &np);
        val xv = cg_eval(fs, x);
        int base = cg_alloc_pattern(fs, pat, n, cg_top_busy(fs));
        cg_call_args(fs, e, sig, base + 1);
        cg_setline(fs, e->pos);
        cg_op_abc(fs, OP_ICALL, base, xv.reg, mi);
        cg_vfree(fs, xv, x->type);
        *nparam_slots = np;
        return base;
    }
    /* a method of a stdlib type runs its native (strings.(*Builder).Len) */
    int fi = -1, ni = -1;
    if (cg_is_native(fs->g, m)) ni = cg_native_index(fs, ast_expr_start(e), m);
    else fi = cg_func_index(fs->g, m);
    if (fi < 0 && ni < 0) cg_unsupported(fs, ast_expr_start(e), "calling this method");
    lookup_result r = lookup_field_or_method(fs->g->a, x->type, true, NULL, m->name);
    ast_expr *rx = recv_expr(fs, x, m, &r);
    int nr = cg_need_shape(fs, ast_expr_start(e), sig->recv->type, pat);
    int n = cg_call_pattern(fs, e, sig, pat, nr, &np);
    int base = cg_alloc_pattern(fs, pat, n, cg_top_busy(fs));
    cg_expr_to(fs, rx, base);
    cg_call_args(fs, e, sig, base + nr);
    cg_setline(fs, e->pos);
    if (ni >= 0) cg_op_abx(fs, OP_CALLN, base, ni);
    else cg_op_abx(fs, OP_CALL, base, fi);
    *nparam_slots = np;
    return base;
}

/* x.M or T.M as a function value. */
static void method_value(fstate *fs, ast_expr *e, int dst) {
    gen *g = fs->g;
    ast_expr *x = e->selector.x;
    gobj *m = e->selector.sel->ident.obj;
    if (x->mode == M_TYPEXPR) m = declared_method(x->type, m);
    int fi = cg_func_index(g, m);
    if (x->mode == M_TYPEXPR) {
        bool xptr = unparen(x)->kind == E_STAR, mptr = m->type->recv->type->kind == K_POINTER;
        if (fi < 0 || xptr != mptr) cg_unsupported(fs, ast_expr_start(e), "this method expression");
        cg_op_abx(fs, OP_LOADFN, dst, fi);
        return;
    }
    if (is_interface(x->type) || fi < 0) cg_unsupported(fs, ast_expr_start(e), "method values of interfaces");
    const char *wn = arena_printf(g->a, "%s-fm", g->funcs[fi]->name);
    int wi = find_func(g, wn);
    if (wi < 0) wi = gen_wrapper(g, m, fi, WR_BOUND, wn);
    lookup_result r = lookup_field_or_method(g->a, x->type, true, NULL, m->name);
    ast_expr *rx = recv_expr(fs, x, m, &r);
    uint8_t pat[1 + CG_MAX_SHAPE];
    pat[0] = SK_PTR;
    int nr = cg_need_shape(fs, ast_expr_start(e), m->type->recv->type, pat + 1);
    int base = cg_alloc_pattern(fs, pat, nr + 1, 0);
    cg_expr_to(fs, rx, base + 1); /* evaluated (copied) now, as Go binds it */
    cg_op_abx(fs, OP_CLOSURE, base, wi);
    cg_move(fs, dst, base, 1);
    cg_rfree_n(fs, base, nr + 1);
}

/* ------------------------------------------------------------------ */
/* interfaces                                                          */

static bool is_nilexpr(ast_expr *e) {
    e = unparen(e);
    return (e->kind == E_IDENT && e->ident.obj && e->ident.obj->kind == O_NIL) ||
           (e->type && U(e->type) && U(e->type)->kind == K_UNTYPED_NIL);
}

static bool nonempty(gtype *t) {
    gtype *u = U(t);
    iface_complete(NULL, u);
    return u->nall > 0;
}

/* A pointer constant's pool index. */
static int kptr(fstate *fs, const void *p) { return cg_kadd(fs, (uint64_t)(uintptr_t)p); }

static const gort_type *rtype(fstate *fs, gtype *t) {
    const gort_type *d = link_type(fs->g->link, t);
    if (!d) cg_unsupported(fs, srcpos_make(0, fs->line, 0), "%s in interfaces", cg_kind_words(t));
    return d;
}

/* A new two-instruction function, NATIVEFN; RET, that runs native nf
 * on its n slots (np parameters, then results; pat gives each slot's
 * kind): a native as a goroutine's body, a method in an interface's
 * table, or a function value. */
vmfunc *cg_native_trampoline(fstate *fs, const struct vmnative *nf, const uint8_t *pat, int np, int n, srcpos pos) {
    gen *g = fs->g;
    vmfunc *f = cg_new_func(g, NULL, nf->name, pos);
    uint32_t *code = ARENA_ARRAY(g->a, uint32_t, 2);
    uint32_t *lines = ARENA_ARRAY(g->a, uint32_t, 2);
    code[0] = MK_ABC(OP_NATIVEFN, 0, 0, 0);
    code[1] = MK_ABC(OP_RET, np, n - np, 0);
    lines[0] = lines[1] = fs->line;
    f->code = code;
    f->lines = lines;
    f->ncode = 2;
    f->nparams = (uint16_t)np;
    f->nresults = (uint16_t)(n - np);
    f->nslots = (uint16_t)n;
    for (int i = 0; i < n; i++)
        if (pat[i] == SK_PTR) {
            f->ptrmap[i / 8] |= (uint8_t)(1u << (i % 8));
            if (i >= np) f->zero = true;
        }
    f->native = nf;
    return f;
}

/* A trampoline (NATIVEFN; RET) running native nf as method m of a
 * stdlib type, called through an interface: its receiver is loaded from
 * the data word (ifaceload), so the native sees the call area of a
 * direct call. */
static vmfunc *native_method(fstate *fs, gobj *m, const vmnative *nf) {
    gtype *sig = m->type;
    uint8_t pat[VM_MAX_SLOTS];
    int n = sig->recv ? cg_need_shape(fs, srcpos_make(0, fs->line, 0), sig->recv->type, pat) : 0;
    for (int i = 0; sig->params && i < sig->params->nvars; i++)
        n += cg_need_shape(fs, srcpos_make(0, fs->line, 0), sig->params->vars[i]->type, pat + n);
    int np = n;
    for (int i = 0; sig->results && i < sig->results->nvars; i++)
        n += cg_need_shape(fs, srcpos_make(0, fs->line, 0), sig->results->vars[i]->type, pat + n);
    vmfunc *f = cg_native_trampoline(fs, nf, pat, np, n, srcpos_make(0, fs->line, 0));
    f->ifaceload = sig->recv != NULL;
    return f;
}

/* A stdlib function that a native implements, used as a value
 * (strings.FieldsFunc(s, unicode.IsDigit)): a static function whose code
 * runs the native (NATIVEFN; RET), made once per program. */
bool cg_native_funcval(fstate *fs, ast_expr *e, int dst) {
    ast_expr *x = unparen(e->selector.x);
    if (x->kind != E_IDENT || !x->ident.obj || x->ident.obj->kind != O_PKGNAME) return false;
    gobj *o = e->selector.sel->ident.obj;
    if (!o || o->kind != O_FUNC || !cg_is_native(fs->g, o)) return false;
    int ni = cg_native_index(fs, ast_expr_start(e), o);
    const vmnative *nf = fs->g->natives[ni];
    const char *name = arena_printf(fs->g->a, "%s-fv", nf->name);
    int fi = find_func(fs->g, name);
    if (fi < 0) {
        fi = fs->g->nfuncs;
        native_method(fs, o, nf)->name = name;
    }
    cg_op_abx(fs, OP_LOADFN, dst, fi);
    return true;
}

/* Fills the method tables of stdlib type t (a named type of another
 * package, or a pointer to one) from the natives its methods have, once:
 * *strings.Builder becomes an io.Writer and *sync.Mutex a sync.Locker, a
 * stdlib Stringer (time.Duration) prints through its native. *T gets
 * T's pointer methods; T (one word, loaded from the data word as it is)
 * its value methods. Methods without a native are left out, so an
 * interface needing one still fails in type_word. */
static void native_methods(fstate *fs, gtype *t) {
    bool isptr = t->kind == K_POINTER;
    gtype *nt = recv_base(t);
    if (!nt || nt->kind != K_NAMED || !nt->obj || !nt->obj->pkg || nt->obj->pkg == fs->g->pkg ||
        !nt->nmethods)
        return;
    if (!isptr && !one_word(nt)) return;
    bool any = false; /* a script type (another script package's) has none */
    for (int i = 0; i < nt->nmethods && !any; i++) any = cg_is_native(fs->g, nt->methods[i]);
    if (!any) return;
    const gort_type *d = link_type(fs->g->link, t);
    if (!d || d->nmethods || d->methods) return;
    mlist l = {0};
    for (int i = 0; i < nt->nmethods; i++) {
        gobj *m = nt->methods[i];
        if (!m->type || !m->type->recv || !cg_is_native(fs->g, m)) continue;
        if ((m->type->recv->type->kind == K_POINTER) != isptr) continue;
        char name[256];
        vm_native_qualname(m, name, sizeof name);
        const vmnative *nf = vm_native_lookup(name);
        if (!nf) continue;
        const vmfunc *fn = native_method(fs, m, nf);
        madd(&l, (gort_method){m->name, link_type(fs->g->link, m->type), fn, fn});
    }
    if (l.n) link_set_methods(fs->g->link, d, marena(fs->g, &l), l.n);
    free(l.v);
}

/* native_methods for t and for the types its value holds (fields,
 * elements, pointees: fmt prints a struct's time.Duration field with its
 * String method), to a bounded depth. */
static void native_methods_deep(fstate *fs, gtype *t, int depth) {
    if (!t || depth > 6) return;
    if (t->kind == K_NAMED) {
        native_methods(fs, t);
        native_methods(fs, type_pointer(fs->g->a, t));
    } else if (t->kind == K_POINTER) {
        native_methods(fs, t);
    }
    gtype *u = U(t);
    if (!u) return;
    switch (u->kind) {
    case K_STRUCT:
        for (int i = 0; i < u->nvars; i++) native_methods_deep(fs, u->vars[i]->type, depth + 1);
        break;
    case K_POINTER: case K_ARRAY: case K_SLICE: case K_CHAN:
        native_methods_deep(fs, u->elem, depth + 1);
        break;
    case K_MAP:
        native_methods_deep(fs, u->key, depth + 1);
        native_methods_deep(fs, u->elem, depth + 1);
        break;
    default:
        break;
    }
}

/* The type word of an interface of type it holding a value of the
 * concrete type t: t's descriptor, or the itab of (it, t). */
static const void *type_word(fstate *fs, gtype *it, gtype *t) {
    native_methods_deep(fs, t, 0);
    const gort_type *d = rtype(fs, t);
    if (!nonempty(it)) return d;
    const vmitab *tab = itab_get(fs->g->p->itabs, rtype(fs, it), d);
    if (!tab) cg_unsupported(fs, srcpos_make(0, fs->line, 0), "converting %s to this interface", d->name);
    return tab;
}

void cg_expr_to_type(fstate *fs, ast_expr *e, int dst, gtype *t) {
    if (!t || !is_interface(t) || (e->type && is_interface(e->type) && types_identical(U(e->type), U(t)))) {
        cg_expr_to(fs, e, dst);
        return;
    }
    if (is_nilexpr(e)) {
        cg_op_abc(fs, OP_ZERO, dst, 2, 0);
        return;
    }
    if (is_interface(e->type)) {
        /* interface to interface: the dynamic type, then its itab */
        val v = cg_eval(fs, e);
        cg_op_abc(fs, OP_TYPEOF, dst, v.reg, nonempty(e->type) ? 1 : 0);
        if (nonempty(t)) cg_op_abx(fs, OP_ITAB, dst, kptr(fs, rtype(fs, t)));
        cg_move(fs, dst + 1, v.reg + 1, 1);
        cg_vfree(fs, v, e->type);
        return;
    }
    gtype *vt = default_type(e->type);
    const void *w = type_word(fs, t, vt);
    val v = cg_eval(fs, e);
    cg_op_abx(fs, OP_LOADK, dst, kptr(fs, w));
    cg_op_abc(fs, OP_BOX, dst, v.reg, (nonempty(t) ? 1 : 0) | (cg_is_aggregate(vt) ? 2 : 0));
    cg_vfree(fs, v, e->type);
}

/* The value an interface holds, known to be of concrete type t, into dst. */
static void unbox(fstate *fs, int dst, int iface, gtype *it, gtype *t) {
    cg_op_abc(fs, OP_UNBOX, dst, iface, (nonempty(it) ? 1 : 0) | (cg_is_aggregate(t) ? 2 : 0));
}

static const vmassert *assertion(fstate *fs, gtype *it, gtype *t) {
    vmassert *a = ARENA_NEW(fs->g->a, vmassert);
    const gort_type *id = rtype(fs, it);
    a->iface = id->name;
    a->target = rtype(fs, t);
    a->targetiface = is_interface(t);
    return a;
}

/* Tests whether the interface in x (type it) holds a t: jumps to `fail`
 * when not; leaves in tw (a scratch register) the type word for t (the
 * dynamic type, or the itab of t when t is a non-empty interface). */
static void type_test(fstate *fs, int x, gtype *it, gtype *t, int tw, jlist *fail) {
    cg_op_abc(fs, OP_TYPEOF, tw, x, nonempty(it) ? 1 : 0);
    if (is_interface(t)) {
        if (nonempty(t)) cg_op_abx(fs, OP_ITAB, tw, kptr(fs, rtype(fs, t)));
        cg_jl_add(fs, fail, cg_emit_abj(fs, OP_JEQI64K, tw, 0));
        return;
    }
    int k = cg_rptr(fs);
    cg_op_abx(fs, OP_LOADK, k, kptr(fs, rtype(fs, t)));
    cg_jl_add(fs, fail, cg_emit_abj(fs, OP_JNEI64, tw, k));
    cg_rfree_n(fs, k, 1);
}

/* The value of x.(T) after a successful test into dst. */
static void assert_value(fstate *fs, int x, gtype *it, gtype *t, int tw, int dst) {
    if (is_interface(t)) {
        cg_move(fs, dst, tw, 1);
        cg_move(fs, dst + 1, x + 1, 1);
    } else {
        unbox(fs, dst, x, it, t);
    }
}

static void type_assert(fstate *fs, ast_expr *e, int dst) {
    ast_expr *x = e->typeassert.x;
    gtype *t = e->type;
    val xv = cg_eval(fs, x);
    int tw = cg_rptr(fs);
    jlist fail = {0};
    type_test(fs, xv.reg, x->type, t, tw, &fail);
    assert_value(fs, xv.reg, x->type, t, tw, dst);
    int j = cg_emit_jmp(fs);
    cg_patch_here(fs, &fail);
    cg_setline(fs, e->pos);
    cg_op_abc(fs, OP_TYPEOF, tw, xv.reg, nonempty(x->type) ? 1 : 0);
    cg_op_abx(fs, OP_ASSERTFAIL, tw, kptr(fs, assertion(fs, x->type, t)));
    cg_patch(fs, j, fs->ncode);
    cg_rfree_n(fs, tw, 1);
    cg_vfree(fs, xv, x->type);
}

bool cg_func_commaok(fstate *fs, ast_exprs *lhs, ast_expr *rhs, bool define) {
    ast_expr *e = unparen(rhs);
    if (e->kind != E_TYPEASSERT || lhs->n != 2) return false;
    ast_expr *x = e->typeassert.x;
    gtype *t = e->type;
    uint8_t pat[CG_MAX_SHAPE + 1];
    int n = cg_need_shape(fs, ast_expr_start(e), t, pat);
    pat[n] = SK_SCALAR;
    int res = cg_alloc_pattern(fs, pat, n + 1, 0);
    val xv = cg_eval(fs, x);
    int tw = cg_rptr(fs);
    jlist fail = {0};
    type_test(fs, xv.reg, x->type, t, tw, &fail);
    assert_value(fs, xv.reg, x->type, t, tw, res);
    cg_op_abx(fs, OP_LOADI, res + n, 1);
    int j = cg_emit_jmp(fs);
    cg_patch_here(fs, &fail);
    cg_zero(fs, t, res);
    cg_op_abx(fs, OP_LOADI, res + n, 0);
    cg_patch(fs, j, fs->ncode);
    cg_rfree_n(fs, tw, 1);
    cg_vfree(fs, xv, x->type);
    for (int i = 0; i < 2; i++) {
        ast_expr *l = lhs->v[i];
        gtype *lt = i == 0 ? t : types_basic + K_BOOL;
        if (define && !is_blank_ident(l) && !cg_var(fs, l->ident.obj)) cg_declare(fs, l->ident.obj, l->pos);
        place p = cg_lvalue(fs, l);
        cg_store(fs, p, i == 0 ? res : res + n, lt);
        cg_place_free(fs, p);
    }
    cg_rfree_n(fs, res, n + 1);
    return true;
}

/* x == y (or !=) where one side is an interface: into a bool. */
static bool iface_compare(fstate *fs, ast_expr *e, int dst) {
    ast_expr *x = e->binary.x, *y = e->binary.y;
    bool xi = x->type && is_interface(x->type), yi = y->type && is_interface(y->type);
    if (!xi && !yi) return false;
    if (e->binary.op != T_EQL && e->binary.op != T_NEQ) return false;
    gtype *it = xi ? x->type : y->type;
    ast_expr *other = xi ? y : x;
    ast_expr *iface = xi ? x : y;
    uint8_t pat[4] = {SK_PTR, SK_PTR, SK_PTR, SK_PTR};
    int a = cg_alloc_pattern(fs, pat, 4, 0);
    if (is_nilexpr(other)) {
        val v = cg_eval(fs, iface);
        cg_op_abc(fs, OP_MOVE, a, v.reg, 0);
        cg_vfree(fs, v, iface->type);
        cg_op_abc(fs, OP_ZERO, a + 2, 2, 0);
        cg_op_abc(fs, OP_EQIFACE, dst, a, a + 2); /* nil == nil by the type word */
        cg_op_abc(fs, OP_ZERO, a + 1, 1, 0);
    } else {
        /* both as (type, data): the type word of a non-empty one is its itab */
        cg_expr_to_type(fs, x, a, it);
        cg_expr_to_type(fs, y, a + 2, it);
        if (nonempty(it)) {
            cg_op_abc(fs, OP_TYPEOF, a, a, 1);
            cg_op_abc(fs, OP_TYPEOF, a + 2, a + 2, 1);
        }
        cg_setline(fs, e->pos);
        cg_op_abc(fs, OP_EQIFACE, dst, a, a + 2);
    }
    if (e->binary.op == T_NEQ) cg_op_abc(fs, OP_NOT, dst, dst, 0);
    cg_rfree_n(fs, a, 4);
    return true;
}

bool cg_func_expr(fstate *fs, ast_expr *e, int dst) {
    switch (e->kind) {
    case E_TYPEASSERT:
        type_assert(fs, e, dst);
        return true;
    case E_SELECTOR: {
        gobj *m = e->selector.sel->ident.obj;
        if (!m || m->kind != O_FUNC || !m->type || (!m->type->recv && e->selector.x->mode != M_TYPEXPR)) return false;
        method_value(fs, e, dst);
        return true;
    }
    case E_BINARY:
        return iface_compare(fs, e, dst);
    default:
        return false;
    }
}

/* The variable a type switch clause declares (each clause has its own,
 * declared at the guard's position), found where the body uses it. */
typedef struct cvfind {
    walker w;
    ast_expr *lhs;
    gobj *found;
} cvfind;

static void cv_ident(walker *w, ast_expr *e) {
    cvfind *f = (cvfind *)w;
    gobj *o = e->ident.obj;
    if (!f->found && o && o->kind == O_VAR && strcmp(o->name, f->lhs->ident.name) == 0 &&
        o->pos.line == f->lhs->pos.line && o->pos.col == f->lhs->pos.col && o->pos.file == f->lhs->pos.file)
        f->found = o;
}

static gobj *clause_var(ast_stmt *c, ast_expr *lhs) {
    cvfind f = {{cv_ident, NULL, NULL}, lhs, NULL};
    wstmts(&f.w, &c->cas.body);
    return f.found;
}

/* switch v := x.(type) { case T1, T2: ... case nil: ... default: ... } */
void cg_typeswitch(fstate *fs, ast_stmt *s, const char *label) {
    int nvars = fs->nvars;
    if (s->tsw.init) cg_stmt(fs, s->tsw.init);
    ast_expr *bind = s->tsw.lhs;
    ast_expr *x = s->tsw.x;
    gtype *it = x->type;
    val xv = cg_eval(fs, x);
    uint8_t ip[2] = {SK_PTR, SK_PTR};
    int xr = cg_alloc_pattern(fs, ip, 2, 0); /* a copy: the cases may assign x */
    cg_move(fs, xr, xv.reg, 2);
    cg_vfree(fs, xv, it);
    int tw = cg_rptr(fs);
    int nc = s->tsw.clauses.n;
    jlist *tobody = arena_alloc(fs->g->a, ((size_t)nc + 1) * sizeof *tobody);
    memset(tobody, 0, ((size_t)nc + 1) * sizeof *tobody);
    int dflt = -1;
    for (int i = 0; i < nc; i++) {
        ast_stmt *c = s->tsw.clauses.v[i];
        if (c->cas.isdefault) dflt = i;
        for (int j = 0; j < c->cas.list.n; j++) {
            ast_expr *ce = c->cas.list.v[j];
            cg_setline(fs, ce->pos);
            if (is_nilexpr(ce) || ce->mode == M_NIL) {
                cg_op_abc(fs, OP_TYPEOF, tw, xr, 0);
                cg_jl_add(fs, &tobody[i], cg_emit_abj(fs, OP_JEQI64K, tw, 0));
                continue;
            }
            jlist miss = {0};
            type_test(fs, xr, it, ce->type, tw, &miss);
            cg_jl_add(fs, &tobody[i], cg_emit_jmp(fs));
            cg_patch_here(fs, &miss);
        }
    }
    if (dflt >= 0) cg_jl_add(fs, &tobody[dflt], cg_emit_jmp(fs));
    target t = {fs->targets, s, label, false, {0}, {0}};
    fs->targets = &t;
    cg_jl_add(fs, &t.brk, cg_emit_jmp(fs));
    for (int i = 0; i < nc; i++) {
        ast_stmt *c = s->tsw.clauses.v[i];
        cg_patch_here(fs, &tobody[i]);
        int cv = fs->nvars;
        gobj *vo = bind ? clause_var(c, bind) : NULL; /* the clause's v, if used */
        if (bind && vo) {
            gtype *vt = vo->type;
            int r = cg_declare(fs, vo, vo->pos);
            bool boxed = fs->vars[fs->nvars - 1].boxed;
            uint8_t vp[CG_MAX_SHAPE];
            int n = cg_shape(vt, vp);
            int tmp = boxed ? cg_alloc_pattern(fs, vp, n, 0) : r;
            if (c->cas.list.n == 1 && !is_nilexpr(c->cas.list.v[0]) && !is_interface(vt)) {
                unbox(fs, tmp, xr, it, vt);
            } else if (c->cas.list.n == 1 && is_interface(vt) && !types_identical(U(vt), U(it))) {
                cg_op_abc(fs, OP_TYPEOF, tmp, xr, nonempty(it) ? 1 : 0);
                if (nonempty(vt)) cg_op_abx(fs, OP_ITAB, tmp, kptr(fs, rtype(fs, vt)));
                cg_move(fs, tmp + 1, xr + 1, 1);
            } else {
                cg_move(fs, tmp, xr, 2); /* the interface itself */
            }
            if (boxed) {
                cg_store_mem(fs, vt, r, tmp);
                cg_rfree_n(fs, tmp, n);
            }
        }
        cg_block(fs, &c->cas.body);
        for (int k = cv; k < fs->nvars; k++) {
            if (fs->vars[k].boxed) cg_rfree_n(fs, fs->vars[k].reg, 1);
            else cg_rfree(fs, fs->vars[k].reg, fs->vars[k].o->type);
        }
        fs->nvars = cv;
        cg_jl_add(fs, &t.brk, cg_emit_jmp(fs));
    }
    cg_patch_here(fs, &t.brk);
    fs->targets = t.up;
    cg_rfree_n(fs, tw, 1);
    cg_rfree_n(fs, xr, 2);
    for (int i = nvars; i < fs->nvars; i++) cg_rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
    fs->nvars = nvars;
}

gtype *cg_conv_type(ast_expr *e, gtype *t) {
    if (!t || !is_interface(t)) return e->type;
    if (e->type && is_interface(e->type) && types_identical(U(e->type), U(t))) return e->type;
    return t;
}

val cg_eval_to_type(fstate *fs, ast_expr *e, gtype *t) {
    gtype *ct = cg_conv_type(e, t);
    if (ct == e->type) return cg_eval(fs, e);
    int r = cg_ralloc(fs, ast_expr_start(e), ct);
    cg_expr_to_type(fs, e, r, ct);
    return (val){r, true};
}
