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

#define U(t) under(default_type(t))

/* ------------------------------------------------------------------ */
/* walking a literal for its free variables                            */

typedef struct walker {
    void (*ident)(struct walker *w, ast_expr *e);
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
    case E_SELECTOR: wexpr(w, e->selector.x); return;
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
    if (cg_is_aggregate(o->type) || cg_addrtaken(g, o)) return;
    if (g->naddrtaken == g->capaddrtaken) {
        g->capaddrtaken = g->capaddrtaken ? g->capaddrtaken * 2 : 16;
        g->addrtaken = realloc(g->addrtaken, sizeof *g->addrtaken * (size_t)g->capaddrtaken);
        if (!g->addrtaken) abort();
    }
    g->addrtaken[g->naddrtaken++] = o;
}

static void cw_funclit(walker *w, ast_expr *e) {
    capwalk *c = (capwalk *)w;
    freevars f;
    free_vars(e, &f);
    for (int i = 0; i < f.n; i++) mark_captured(c->g, f.v[i]);
    free(f.v);
    wstmt(w, e->funclit.body); /* nested literals */
}

void cg_find_captured(gen *g, ast_file **files, int nfiles) {
    capwalk c = {{cw_ident, cw_funclit}, g};
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
 * the first literal inside that one (Go's names, as tracebacks print). */
static const char *literal_name(gen *g, const char *outer) {
    bool inlit = strstr(outer, ".func") != NULL;
    const char *pre = arena_printf(g->a, inlit ? "%s." : "%s.func", outer);
    size_t np = strlen(pre);
    int k = 1;
    for (int i = 0; i < g->nfuncs; i++) {
        const char *nm = g->funcs[i]->name;
        if (strncmp(nm, pre, np) == 0 && nm[np] >= '0' && nm[np] <= '9' && !strchr(nm + np, '.')) k++;
    }
    return arena_printf(g->a, "%s%d", pre, k);
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
    vmfunc *f = cg_new_func(g, NULL, literal_name(g, fs->f->name), ast_expr_start(e));
    uint8_t pat[VM_MAX_SLOTS];
    for (int i = 0; i < n; i++) pat[i] = SK_PTR; /* cells, or an aggregate's memory */
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
        for (int i = 0; i < n; i++) cg_move(fs, at + i, off + i, 1);
        cg_rfree_n(fs, ib, off - ib + n);
        return;
    }
    int nfixed = sig->variadic ? np - 1 : np;
    int off = at;
    for (int i = 0; i < nfixed; i++) {
        cg_expr_to(fs, args->v[i], off);
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
    gtype *sig = U(fun->type);
    if (!sig || sig->kind != K_FUNC) cg_unsupported(fs, ast_expr_start(e), "calling this");
    if (fun->kind == E_SELECTOR) cg_unsupported(fs, ast_expr_start(e), "calling methods and package functions");
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
