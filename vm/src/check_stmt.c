/*
 * check_stmt.c: function bodies, statements and assignments.
 *
 * A function body is checked in its own scope chain: the parameters'
 * scope, then one scope per block and per if/for/switch/select/case
 * clause, as the spec's implicit blocks. Closing a scope reports its
 * variables that were declared and never used ("x declared but not used";
 * a variable that is only assigned to is not used). Labels and branch
 * statements are checked by the parser's branches pass, as Go's syntax
 * package does.
 *
 * Assignments share one routine for `=`, `:=`, var declarations and
 * returns: n values for n targets, or one multi-valued call (or a comma-ok
 * expression: map index, type assertion, receive) for several targets.
 * `:=` must declare at least one new non-blank variable; it reuses the
 * ones already declared in the same scope.
 *
 * A function with results must end in a terminating statement (the spec's
 * list: return, goto, panic, a block/if/for/switch/select that
 * terminates), else "missing return" at its closing brace.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

enum { CTX_NONE = 0, CTX_BREAK_OK = 1, CTX_FALLTHROUGH_OK = 2, CTX_FINAL_SWITCH_CASE = 4, CTX_IN_TYPESWITCH = 8 };

static void stmt(checker *c, ast_stmt *s, int ctxt);

void open_scope(checker *c) { c->scope = scope_new(c->a, c->scope); }

void report_unused(checker *c, gscope *s) {
    for (int i = 0; i < s->norder; i++) {
        gobj *o = s->order[i];
        if (o->kind == O_VAR && !o->used && !o->param && !o->field && o->name != c->name_blank)
            check_softf(c, o->pos, "%s declared but not used", o->name);
    }
}

void close_scope(checker *c) {
    report_unused(c, c->scope);
    c->scope = c->scope->parent;
}

/* ---- function bodies ---- */

void func_body(checker *c, gobj *fobj, gtype *sig, ast_stmt *body) {
    funcctx fc = {sig, c->scope, NULL, body, fobj};
    funcctx *saved = c->fn;
    int saved_iota = c->iota;
    c->fn = &fc;
    c->iota = -1;
    if (fobj && fobj->decl && fobj->decl->func.recv) check_receiver(c, fobj);
    gscope *outer = c->scope;
    /* The body's block shares the parameters' scope (a parameter and a
     * local of the same name are redeclarations). */
    stmt_list(c, &body->block.list, CTX_NONE);
    if (sig->results->nvars > 0 && !is_terminating(c, body, NULL))
        check_errorf(c, body->block.rbrace, "missing return");
    report_unused(c, outer);
    c->fn = saved;
    c->iota = saved_iota;
}

void stmt_list(checker *c, ast_stmts *list, int ctxt) {
    bool fallok = ctxt & CTX_FALLTHROUGH_OK;
    int inner = ctxt & ~CTX_FALLTHROUGH_OK;
    /* trailing empty statements are ignored for fallthrough placement */
    int last = list->n - 1;
    while (last >= 0 && list->v[last]->kind == S_EMPTY) last--;
    for (int i = 0; i < list->n; i++) {
        int ic = inner;
        if (fallok && i == last) ic |= CTX_FALLTHROUGH_OK;
        stmt(c, list->v[i], ic);
    }
}

/* ---- terminating statements ---- */

static bool has_break(ast_stmt *s, const char *label, bool implicit);

static bool has_break_list(ast_stmts *l, const char *label, bool implicit) {
    for (int i = 0; i < l->n; i++)
        if (has_break(l->v[i], label, implicit)) return true;
    return false;
}

static bool has_break(ast_stmt *s, const char *label, bool implicit) {
    if (!s) return false;
    switch (s->kind) {
    case S_BRANCH:
        if (s->branch.tok == T_BREAK) {
            if (!s->branch.label) return implicit;
            return label && s->branch.label->ident.name == label;
        }
        return false;
    case S_BLOCK: return has_break_list(&s->block.list, label, implicit);
    case S_LABELED: return has_break(s->labeled.stmt, label, implicit);
    case S_IF: return has_break(s->ifs.then, label, implicit) || has_break(s->ifs.els, label, implicit);
    case S_CASE: return has_break_list(&s->cas.body, label, implicit);
    case S_COMM: return has_break_list(&s->comm.body, label, implicit);
    /* Nested breakable statements: an unlabeled break refers to them. */
    case S_SWITCH: return label && has_break_list(&s->sw.clauses, label, false);
    case S_TYPESWITCH: return label && has_break_list(&s->tsw.clauses, label, false);
    case S_SELECT: return label && has_break_list(&s->sel.clauses, label, false);
    case S_FOR: return label && has_break(s->fors.body, label, false);
    case S_RANGE: return label && has_break(s->range.body, label, false);
    default: return false;
    }
}

static bool is_terminating_list(checker *c, ast_stmts *l) {
    int i = l->n - 1;
    while (i >= 0 && l->v[i]->kind == S_EMPTY) i--;
    return i >= 0 && is_terminating(c, l->v[i], NULL);
}

bool is_terminating(checker *c, ast_stmt *s, const char *label) {
    if (!s) return false;
    switch (s->kind) {
    case S_RETURN: return true;
    case S_BRANCH: return s->branch.tok == T_GOTO || s->branch.tok == T_FALLTHROUGH;
    case S_EXPR: {
        ast_expr *e = s->expr.x;
        while (e->kind == E_PAREN) e = e->paren.x;
        if (e->kind == E_CALL) {
            ast_expr *f = e->call.fun;
            while (f->kind == E_PAREN) f = f->paren.x;
            if (f->kind == E_IDENT && f->ident.obj && f->ident.obj->kind == O_BUILTIN &&
                f->ident.obj->builtin == B_PANIC)
                return true;
        }
        return false;
    }
    case S_BLOCK: return is_terminating_list(c, &s->block.list);
    case S_LABELED: return is_terminating(c, s->labeled.stmt, s->labeled.label->ident.name);
    case S_IF: return s->ifs.els && is_terminating(c, s->ifs.then, NULL) && is_terminating(c, s->ifs.els, NULL);
    case S_FOR: return !s->fors.cond && !has_break(s->fors.body, label, true);
    case S_RANGE: return false;
    case S_SWITCH:
    case S_TYPESWITCH: {
        ast_stmts *cl = s->kind == S_SWITCH ? &s->sw.clauses : &s->tsw.clauses;
        bool hasdef = false;
        for (int i = 0; i < cl->n; i++) {
            ast_stmt *cs = cl->v[i];
            if (cs->cas.isdefault) hasdef = true;
            if (!is_terminating_list(c, &cs->cas.body) || has_break_list(&cs->cas.body, label, true)) return false;
        }
        return hasdef;
    }
    case S_SELECT:
        for (int i = 0; i < s->sel.clauses.n; i++) {
            ast_stmt *cs = s->sel.clauses.v[i];
            if (!is_terminating_list(c, &cs->comm.body) || has_break_list(&cs->comm.body, label, true)) return false;
        }
        return true;
    default: return false;
    }
}

/* ---- assignments ---- */

static void assign_mismatch(checker *c, srcpos pos, int nl, int nr, ast_expr *call) {
    if (call)
        check_errorf(c, pos, "assignment mismatch: %d variable%s but %s returns %d value%s", nl, nl == 1 ? "" : "s",
                     exprstr(c, call->kind == E_CALL ? call->call.fun : call), nr, nr == 1 ? "" : "s");
    else
        check_errorf(c, pos, "assignment mismatch: %d variable%s but %d value%s", nl, nl == 1 ? "" : "s", nr,
                     nr == 1 ? "" : "s");
}

/* rhs_values evaluates the right-hand side for nl targets: returns a
 * malloc'd array of nl operands, or NULL after an error. */
static operand *rhs_values(checker *c, int nl, ast_exprs *rhs, gtype **hints, srcpos pos, bool *commaok,
                           bool isdecl) {
    *commaok = false;
    if (rhs->n > 0) pos = expr_start(rhs->v[0]); /* where types2 reports a mismatch */
    operand *v = calloc((size_t)(nl > rhs->n ? nl : rhs->n) + 1, sizeof *v);
    if (nl == 1 && rhs->n == 1 && !isdecl) {
        /* x = f() with f returning several values: a count mismatch (in
         * `var x = f()` it is a multiple value in a single-value context). */
        expr_hint_multi(c, &v[0], rhs->v[0], hints ? hints[0] : NULL);
        if (v[0].mode == M_VALUE && v[0].type && v[0].type->kind == K_TUPLE) {
            assign_mismatch(c, pos, 1, v[0].type->nvars, rhs->v[0]);
            free(v);
            return NULL;
        }
        return v;
    }
    if (nl == rhs->n) {
        for (int i = 0; i < nl; i++) expr_hint(c, &v[i], rhs->v[i], hints ? hints[i] : NULL);
        return v;
    }
    if (rhs->n == 1) {
        operand x;
        raw_expr(c, &x, rhs->v[0], NULL, false, true);
        if (x.mode == M_INVALID) {
            free(v);
            return NULL;
        }
        if (x.mode == M_NOVALUE) {
            check_errorf(c, expr_start(rhs->v[0]), "%s (no value) used as value", exprstr(c, rhs->v[0]));
            free(v);
            return NULL;
        }
        if (x.type->kind == K_TUPLE && x.mode == M_VALUE) {
            if (x.type->nvars != nl) {
                assign_mismatch(c, pos, nl, x.type->nvars, rhs->v[0]);
                free(v);
                return NULL;
            }
            for (int i = 0; i < nl; i++) {
                v[i].mode = M_VALUE;
                v[i].type = x.type->vars[i]->type;
                v[i].expr = rhs->v[0];
            }
            return v;
        }
        if (nl == 2 && (x.mode == M_MAPINDEX || x.mode == M_COMMAOK)) {
            *commaok = true;
            v[0] = x;
            v[1].mode = M_VALUE;
            v[1].type = &types_basic[K_UNTYPED_BOOL];
            v[1].expr = NULL;
            return v;
        }
        if (x.type->kind == K_TUPLE) {
            assign_mismatch(c, pos, nl, x.type->nvars, rhs->v[0]);
        } else if (x.expr && x.expr->kind == E_CALL) {
            assign_mismatch(c, pos, nl, 1, rhs->v[0]);
        } else {
            assign_mismatch(c, pos, nl, 1, NULL);
        }
        free(v);
        return NULL;
    }
    for (int i = 0; i < rhs->n; i++) {
        operand y;
        raw_expr(c, &y, rhs->v[i], NULL, false, true);
    }
    assign_mismatch(c, pos, nl, rhs->n, NULL);
    free(v);
    return NULL;
}

/* init_vars: declared variables lhs get their values (and types when
 * none was declared). */
void init_vars(checker *c, gobj **lhs, int nl, ast_exprs *rhs, srcpos pos) {
    gtype **hints = calloc((size_t)nl + 1, sizeof *hints);
    for (int i = 0; i < nl; i++) hints[i] = lhs[i]->type;
    bool commaok;
    operand *v = rhs_values(c, nl, rhs, hints, pos, &commaok, true);
    free(hints);
    if (!v) {
        for (int i = 0; i < nl; i++) {
            if (!lhs[i]->type) lhs[i]->type = types_invalid;
            lhs[i]->used = true;
        }
        return;
    }
    for (int i = 0; i < nl; i++) {
        gobj *o = lhs[i];
        operand *x = &v[i];
        if (x->mode == M_INVALID) {
            if (!o->type) o->type = types_invalid;
            o->used = true;
            continue;
        }
        if (commaok && i == 1) {
            if (!o->type) o->type = &types_basic[K_BOOL];
            else {
                operand b = {M_VALUE, 0, NULL, &types_basic[K_UNTYPED_BOOL], NULL};
                if (!assignable_to(c, &b, o->type, NULL, 0))
                    check_errorf(c, o->pos, "cannot use untyped bool value as type %s in assignment", tstr(c, o->type));
            }
            continue;
        }
        if (o->type) {
            if (o->type->kind == K_INVALID) x->mode = M_INVALID;
            else assignment(c, x, o->type, "variable declaration");
        } else {
            assignment(c, x, NULL, "variable declaration");
            o->type = x->mode == M_INVALID ? types_invalid : x->type;
        }
        if (x->mode == M_INVALID) o->used = true;
    }
    /* As in types2: when one initialization failed, none of the
     * variables is reported unused (a follow-on error). */
    for (int i = 0; i < nl; i++)
        if (v[i].mode == M_INVALID)
            for (int k = 0; k < nl; k++) lhs[k]->used = true;
    free(v);
}

/* use_lhs marks the variables named by assignment targets lhs as used:
 * after a failed assignment, "declared but not used" would be a
 * follow-on error. */
static void use_lhs(checker *c, ast_exprs *lhs) {
    for (int i = 0; i < lhs->n; i++) {
        ast_expr *id = lhs->v[i];
        while (id->kind == E_PAREN) id = id->paren.x;
        if (id->kind != E_IDENT) continue;
        gobj *o = scope_lookup(c->scope, id->ident.name, NULL);
        if (o && o->kind == O_VAR && o->pkg == c->pkg) o->used = true;
    }
}

/* lhs_var checks an assignment target; returns its type (NULL for _). */
static gtype *lhs_var(checker *c, ast_expr *e, operand *z) {
    if (is_blank(c, e)) {
        e->ident.obj = NULL;
        z->mode = M_VAR;
        z->type = NULL;
        return NULL;
    }
    /* Assigning to a variable does not use it. */
    gobj *v = NULL;
    bool wasused = false;
    ast_expr *id = e;
    while (id->kind == E_PAREN) id = id->paren.x;
    if (id->kind == E_IDENT) {
        gobj *o = scope_lookup(c->scope, id->ident.name, NULL);
        if (o && o->kind == O_VAR && o->pkg == c->pkg) {
            v = o;
            wasused = o->used;
        }
    }
    expr(c, z, e);
    if (v) v->used = wasused;
    if (z->mode == M_INVALID) return types_invalid;
    if (z->mode != M_VAR && z->mode != M_MAPINDEX) {
        ast_expr *se = e;
        while (se->kind == E_PAREN) se = se->paren.x;
        ast_expr *sx = se->kind == E_SELECTOR ? se->selector.x : NULL;
        while (sx && sx->kind == E_PAREN) sx = sx->paren.x;
        if (sx && sx->kind == E_INDEX && sx->index.x->type && under(sx->index.x->type)->kind == K_MAP)
            check_errorf(c, expr_start(e), "cannot assign to struct field %s in map", exprstr(c, e));
        else if (z->mode == M_CONST || (se->kind == E_IDENT && se->ident.obj && se->ident.obj->kind == O_FUNC))
            check_errorf(c, expr_start(e), "cannot assign to %s (neither addressable nor a map index expression)", exprstr(c, e));
        else if (se->kind == E_INDEX && se->index.x->type && is_string(se->index.x->type))
            check_errorf(c, expr_start(e), "cannot assign to %s (value of type %s)", exprstr(c, e), tstr(c, z->type));
        else
            check_errorf(c, expr_start(e), "cannot assign to %s (neither addressable nor a map index expression)",
                         exprstr(c, e));
        z->mode = M_INVALID;
        return types_invalid;
    }
    return z->type;
}

void assign_vars(checker *c, ast_exprs *lhs, ast_exprs *rhs, srcpos pos) {
    int nl = lhs->n;
    gtype **ts = calloc((size_t)nl + 1, sizeof *ts);
    operand z;
    for (int i = 0; i < nl; i++) ts[i] = lhs_var(c, lhs->v[i], &z);
    bool commaok;
    operand *v = rhs_values(c, nl, rhs, ts, pos, &commaok, false);
    bool ok = v != NULL;
    if (v) {
        for (int i = 0; i < nl; i++) {
            if (v[i].mode == M_INVALID || (ts[i] && ts[i]->kind == K_INVALID)) {
                ok = false;
                continue;
            }
            if (commaok && i == 1) continue;
            assignment(c, &v[i], ts[i], "assignment");
            if (v[i].mode == M_INVALID) ok = false;
        }
        free(v);
    }
    if (!ok) use_lhs(c, lhs);
    free(ts);
}

void define_vars(checker *c, ast_exprs *lhs, ast_exprs *rhs, srcpos pos) {
    int nl = lhs->n;
    gobj **objs = calloc((size_t)nl + 1, sizeof *objs);
    bool *isnew = calloc((size_t)nl + 1, sizeof *isnew);
    int nnew = 0;
    bool bad = false;
    for (int i = 0; i < nl; i++) {
        ast_expr *id = lhs->v[i];
        if (id->kind != E_IDENT) {
            operand z;
            expr(c, &z, id);
            check_errorf(c, expr_start(id), "non-name %s on left side of :=", exprstr(c, id));
            bad = true;
            continue;
        }
        for (int j = 0; j < i; j++)
            if (lhs->v[j]->kind == E_IDENT && lhs->v[j]->ident.name == id->ident.name && id->ident.name != c->name_blank) {
                check_errorf(c, id->pos, "%s repeated on left side of :=", id->ident.name);
                bad = true;
            }
        gobj *old = id->ident.name == c->name_blank ? NULL : scope_lookup_local(c->scope, id->ident.name);
        if (old) {
            id->ident.obj = old;
            objs[i] = old;
            if (old->kind != O_VAR) {
                check_errorf(c, id->pos, "cannot assign to %s", id->ident.name);
                bad = true;
            }
            continue;
        }
        gobj *o = obj_new(c->a, O_VAR, id->ident.name, NULL, id->pos);
        o->pkg = c->pkg;
        id->ident.obj = o;
        objs[i] = o;
        isnew[i] = true;
        if (id->ident.name != c->name_blank) nnew++;
    }
    if (nnew == 0 && !bad) check_softf(c, pos, "no new variables on left side of :=");
    /* Initialise: new vars take the value types; old ones are assigned. */
    gtype **hints = calloc((size_t)nl + 1, sizeof *hints);
    for (int i = 0; i < nl; i++)
        if (objs[i] && !isnew[i]) hints[i] = objs[i]->type;
    bool commaok;
    operand *v = rhs_values(c, nl, rhs, hints, pos, &commaok, false);
    free(hints);
    for (int i = 0; i < nl; i++) {
        gobj *o = objs[i];
        if (!o) continue;
        if (!v) {
            if (isnew[i]) {
                o->type = types_invalid;
                o->used = true;
            }
            continue;
        }
        operand *x = &v[i];
        if (commaok && i == 1) {
            if (isnew[i]) o->type = &types_basic[K_BOOL];
            continue;
        }
        if (isnew[i]) {
            assignment(c, x, NULL, "assignment");
            o->type = x->mode == M_INVALID ? types_invalid : x->type;
            if (x->mode == M_INVALID) o->used = true;
        } else if (o->kind == O_VAR && x->mode != M_INVALID) {
            bool u = o->used;
            assignment(c, x, o->type, "assignment");
            o->used = u || x->mode == M_INVALID;
        }
    }
    if (v)
        for (int i = 0; i < nl; i++)
            if (v[i].mode == M_INVALID)
                for (int k = 0; k < nl; k++)
                    if (objs[k]) objs[k]->used = true;
    free(v);
    for (int i = 0; i < nl; i++)
        if (objs[i] && isnew[i]) declare_obj(c, c->scope, lhs->v[i], objs[i]);
    free(objs);
    free(isnew);
}

/* ---- statements ---- */

static void expr_stmt(checker *c, ast_stmt *s) {
    operand x;
    raw_expr(c, &x, s->expr.x, NULL, false, true);
    if (x.mode == M_INVALID) return;
    const char *msg = NULL;
    switch (x.mode) {
    case M_NOVALUE: return;
    case M_BUILTIN: msg = "must be called"; break;
    case M_TYPEXPR: msg = "is not an expression"; break;
    default: {
        ast_expr *e = s->expr.x;
        while (e->kind == E_PAREN) e = e->paren.x;
        if (e->kind == E_CALL) {
            ast_expr *f = e->call.fun;
            while (f->kind == E_PAREN) f = f->paren.x;
            if (f->mode == M_TYPEXPR) {
                msg = "is not used";
                break;
            }
            if (f->kind == E_IDENT && f->ident.obj && f->ident.obj->kind == O_BUILTIN) {
                int b = f->ident.obj->builtin;
                if (b == B_COPY || b == B_RECOVER) return;
                msg = "is not used";
                break;
            }
            return;
        }
        if (e->kind == E_UNARY && e->unary.op == T_ARROW) return;
        msg = "is not used";
    }
    }
    check_errorf(c, expr_start(s->expr.x), "%s %s", opstr(c, &x), msg);
}

static void go_defer(checker *c, ast_stmt *s, const char *what) {
    ast_expr *e = s->call.call;
    if (!e) return;
    ast_expr *u = e;
    if (u->kind != E_CALL) {
        operand x;
        raw_expr(c, &x, e, NULL, true, true);
        check_errorf(c, expr_start(e), "expression in %s must be function call", what);
        return;
    }
    operand x;
    raw_expr(c, &x, e, NULL, false, true);
    if (x.mode == M_INVALID) return;
    ast_expr *f = e->call.fun;
    while (f->kind == E_PAREN) f = f->paren.x;
    if (f->mode == M_TYPEXPR) {
        check_errorf(c, expr_start(e), "%s requires function call, not conversion", what);
        return;
    }
    if (f->kind == E_IDENT && f->ident.obj && f->ident.obj->kind == O_BUILTIN) {
        int b = f->ident.obj->builtin;
        if (b != B_CLOSE && b != B_COPY && b != B_DELETE && b != B_PANIC && b != B_PRINT && b != B_PRINTLN &&
            b != B_RECOVER)
            check_errorf(c, expr_start(e), "%s discards result of %s", what, opstr(c, &x));
    }
}

static void return_stmt(checker *c, ast_stmt *s) {
    gtype *res = c->fn->sig->results;
    ast_exprs *r = &s->ret.results;
    if (r->n == 0) {
        if (res->nvars > 0 && res->vars[0]->name[0] == 0) {
            check_errorf(c, s->pos, "not enough return values\n\thave ()\n\twant %s", tstr(c, res));
        } else if (res->nvars > 0) {
            /* Named results: a result shadowed in the body is an error. */
            for (int i = 0; i < res->nvars; i++) {
                gobj *o = scope_lookup(c->scope, res->vars[i]->name, NULL);
                if (o && o != res->vars[i] && res->vars[i]->name != c->name_blank) {
                    char buf[256];
                    srcpos_format(&c->d->files, o->pos, buf, sizeof buf);
                    check_errorf(c, s->pos, "result parameter %s not in scope at return\n\t%s: inner declaration of %s",
                                 res->vars[i]->name, buf, res->vars[i]->name);
                }
            }
        }
        return;
    }
    if (res->nvars == 0) {
        operand *v = calloc((size_t)r->n, sizeof *v);
        for (int i = 0; i < r->n; i++) expr(c, &v[i], r->v[i]);
        check_errorf(c, expr_start(r->v[0]), "too many return values\n\thave %s\n\twant ()", operands_summary(c, v, r->n));
        free(v);
        return;
    }
    int nl = res->nvars;
    if (r->n != nl && !(r->n == 1)) {
        operand *v = calloc((size_t)r->n, sizeof *v);
        for (int i = 0; i < r->n; i++) expr(c, &v[i], r->v[i]);
        check_errorf(c, expr_start(r->v[r->n < nl ? r->n - 1 : nl]), "%s return values\n\thave %s\n\twant %s",
                     r->n < nl ? "not enough" : "too many", operands_summary(c, v, r->n), tstr(c, res));
        free(v);
        return;
    }
    gtype **hints = calloc((size_t)nl, sizeof *hints);
    for (int i = 0; i < nl; i++) hints[i] = res->vars[i]->type;
    bool commaok;
    operand *v;
    if (r->n == 1 && nl > 1) {
        operand x;
        raw_expr(c, &x, r->v[0], NULL, false, true);
        if (x.mode == M_INVALID) {
            free(hints);
            return;
        }
        if (x.mode == M_VALUE && x.type->kind == K_TUPLE) {
            if (x.type->nvars != nl) {
                check_errorf(c, expr_start(r->v[0]), "%s return values\n\thave %s\n\twant %s",
                             x.type->nvars < nl ? "not enough" : "too many", tstr(c, x.type), tstr(c, res));
                free(hints);
                return;
            }
            for (int i = 0; i < nl; i++) {
                operand y = {M_VALUE, 0, r->v[0], x.type->vars[i]->type, NULL};
                char why[512];
                if (!assignable_to(c, &y, res->vars[i]->type, why, sizeof why))
                    check_errorf(c, expr_start(r->v[0]), "cannot use %s value as type %s in return statement",
                                 tstr(c, y.type), tstr(c, res->vars[i]->type));
            }
            free(hints);
            return;
        }
        if (x.mode == M_NOVALUE) {
            check_errorf(c, expr_start(r->v[0]), "%s (no value) used as value", exprstr(c, r->v[0]));
            free(hints);
            return;
        }
        check_errorf(c, expr_start(r->v[0]), "not enough return values\n\thave %s\n\twant %s",
                     operands_summary(c, &x, 1), tstr(c, res));
        free(hints);
        return;
    }
    v = rhs_values(c, nl, r, hints, s->pos, &commaok, true);
    free(hints);
    if (!v) return;
    for (int i = 0; i < nl; i++)
        if (v[i].mode != M_INVALID) assignment(c, &v[i], res->vars[i]->type, "return statement");
    free(v);
}

static bool const_equal(checker *c, operand *a, ast_expr *b) {
    (void)c;
    if (!b->val || !a->val || !b->type) return false;
    if (!types_identical(a->type, b->type)) return false;
    if (gconst_kind_of(a->val) != gconst_kind_of(b->val) && !(gconst_kind_of(a->val) >= GCONST_INT && gconst_kind_of(b->val) >= GCONST_INT))
        return false;
    return gconst_compare(a->val, GCONST_EQL, b->val);
}

/* Go's "multiple defaults (first at POS)" for a switch, type switch or
 * select whose clause list has more than one default. */
static void multiple_defaults(checker *c, ast_stmts *cl) {
    ast_stmt *first = NULL;
    for (int i = 0; i < cl->n; i++) {
        ast_stmt *cs = cl->v[i];
        bool isdef = cs->kind == S_COMM ? cs->comm.comm == NULL : cs->cas.isdefault;
        if (!isdef) continue;
        if (first) {
            char buf[512];
            srcpos_format(&c->d->files, first->pos, buf, sizeof buf);
            check_errorf(c, cs->pos, "multiple defaults (first at %s)", buf);
        } else {
            first = cs;
        }
    }
}

static void switch_stmt(checker *c, ast_stmt *s, int ctxt) {
    (void)ctxt;
    open_scope(c);
    if (s->sw.init) stmt(c, s->sw.init, CTX_NONE);
    operand tag;
    if (s->sw.tag) {
        expr(c, &tag, s->sw.tag);
        default_operand(c, &tag);
        if (tag.mode != M_INVALID && tag.mode != M_NIL && !types_comparable(tag.type) && !has_nil(tag.type)) {
            check_errorf(c, expr_start(s->sw.tag), "cannot switch on %s", opstr(c, &tag));
            tag.mode = M_INVALID;
        }
        if (tag.mode == M_NIL) {
            check_errorf(c, expr_start(s->sw.tag), "use of untyped nil in switch expression");
            tag.mode = M_INVALID;
        }
    } else {
        tag.mode = M_CONST;
        tag.type = &types_basic[K_BOOL];
        tag.val = gconst_bool(c->cc, true);
        tag.expr = NULL;
    }
    ast_expr **seen = NULL;
    int nseen = 0;
    multiple_defaults(c, &s->sw.clauses);
    for (int i = 0; i < s->sw.clauses.n; i++) {
        ast_stmt *cl = s->sw.clauses.v[i];
        for (int j = 0; j < cl->cas.list.n; j++) {
            ast_expr *ce = cl->cas.list.v[j];
            operand v;
            expr(c, &v, ce);
            if (v.mode == M_INVALID || tag.mode == M_INVALID) continue;
            /* Compare v == tag. */
            operand t2 = tag;
            if (!s->sw.tag) t2.expr = NULL;
            operand vv = v;
            char why[256];
            if (is_untyped(vv.type)) {
                if (s->sw.tag) convert_untyped(c, &vv, tag.type);
                else convert_untyped(c, &vv, &types_basic[K_BOOL]);
                if (vv.mode == M_INVALID) continue;
            }
            bool ok = assignable_to(c, &vv, t2.type, why, sizeof why) || assignable_to(c, &t2, vv.type, why, sizeof why);
            if (!ok) {
                if (s->sw.tag)
                    check_errorf(c, expr_start(ce), "invalid case %s in switch on %s (mismatched types %s and %s)",
                                 exprstr(c, ce), exprstr(c, s->sw.tag), tstr(c, vv.type), tstr(c, tag.type));
                else
                    check_errorf(c, expr_start(ce), "invalid case %s in switch (mismatched types %s and bool)",
                                 exprstr(c, ce), tstr(c, vv.type));
                continue;
            }
            if (s->sw.tag && !types_comparable(vv.type) && vv.mode != M_NIL) {
                check_errorf(c, expr_start(ce), "invalid case %s in switch on %s (%s)", exprstr(c, ce),
                             exprstr(c, s->sw.tag), incomparable_cause(c, vv.type));
                continue;
            }
            if (vv.mode == M_CONST) {
                for (int k = 0; k < nseen; k++)
                    if (const_equal(c, &vv, seen[k])) {
                        char buf[256];
                        srcpos_format(&c->d->files, expr_start(seen[k]), buf, sizeof buf);
                        check_errorf(c, expr_start(ce), "duplicate case %s in expression switch\n\t%s: previous case",
                                     opstr(c, &vv), buf);
                        break;
                    }
                ce->type = vv.type;
                ce->val = vv.val;
                if (nseen % 16 == 0) seen = realloc(seen, sizeof *seen * (size_t)(nseen + 16));
                seen[nseen++] = ce;
            }
        }
        open_scope(c);
        int cc = CTX_BREAK_OK;
        if (i < s->sw.clauses.n - 1) cc |= CTX_FALLTHROUGH_OK;
        stmt_list(c, &cl->cas.body, cc);
        close_scope(c);
    }
    free(seen);
    close_scope(c);
}

static void type_switch(checker *c, ast_stmt *s) {
    open_scope(c);
    if (s->tsw.init) stmt(c, s->tsw.init, CTX_NONE);
    operand x;
    expr(c, &x, s->tsw.x);
    bool xbad = x.mode == M_INVALID; /* not so when x is merely no interface */
    if (x.mode != M_INVALID && !is_interface(x.type)) {
        check_errorf(c, expr_start(s->tsw.x), "%s is not an interface", opstr(c, &x));
        x.mode = M_INVALID;
    }
    gobj **vars = NULL;
    int nvars = 0;
    bool anyused = false;
    gtype **seen = NULL;
    ast_expr **seenat = NULL;
    int nseen = 0;
    multiple_defaults(c, &s->tsw.clauses);
    for (int i = 0; i < s->tsw.clauses.n; i++) {
        ast_stmt *cl = s->tsw.clauses.v[i];
        gtype *single = NULL;
        for (int j = 0; j < cl->cas.list.n; j++) {
            ast_expr *te = cl->cas.list.v[j];
            gtype *T = NULL;
            bool isnil = false;
            if (te->kind == E_IDENT) {
                gobj *o = scope_lookup(c->scope, te->ident.name, NULL);
                if (o && o->kind == O_NIL) {
                    isnil = true;
                    te->ident.obj = o;
                    te->mode = M_NIL;
                    te->type = &types_basic[K_UNTYPED_NIL];
                }
            }
            if (!isnil) T = typexpr(c, te);
            if (isnil) T = &types_basic[K_UNTYPED_NIL];
            if (!T) {
                /* As in types2: the variable of a clause whose one type
                 * failed is invalid (no follow-on errors through it). */
                if (cl->cas.list.n == 1) single = types_invalid;
                continue;
            }
            if (cl->cas.list.n == 1) single = isnil ? NULL : T;
            for (int k = 0; k < nseen; k++)
                if (types_identical(seen[k], T)) {
                    char buf[256];
                    srcpos_format(&c->d->files, expr_start(seenat[k]), buf, sizeof buf);
                    check_errorf(c, expr_start(te), "duplicate case %s in type switch\n\t%s: previous case",
                                 isnil ? "nil" : tstr(c, T), buf);
                    break;
                }
            if (nseen % 16 == 0) {
                seen = realloc(seen, sizeof *seen * (size_t)(nseen + 16));
                seenat = realloc(seenat, sizeof *seenat * (size_t)(nseen + 16));
            }
            seenat[nseen] = te;
            seen[nseen++] = T;
            if (!isnil && x.mode != M_INVALID && !is_interface(T)) {
                gobj *missing, *wrong = NULL;
                ensure_methods(c, T, 0);
                if (!assertable_to(c->a, under(x.type), T, &missing, &wrong)) {
                    tbuf b = {0};
                    missing_reason(c, &b, missing, wrong);
                    check_errorf(c, expr_start(te), "impossible type switch case: %s\n\t%s cannot have dynamic type %s %s",
                                 exprstr(c, te), opstr(c, &x), tstr(c, T), b.buf);
                    free(b.buf);
                }
            }
        }
        open_scope(c);
        if (s->tsw.lhs) {
            gtype *vt = single ? single : x.type;
            gobj *v = obj_new(c->a, O_VAR, s->tsw.lhs->ident.name, vt ? vt : types_invalid, s->tsw.lhs->pos);
            v->pkg = c->pkg;
            if (xbad) v->used = true;
            scope_insert(c->a, c->scope, v);
            if (nvars % 16 == 0) vars = realloc(vars, sizeof *vars * (size_t)(nvars + 16));
            vars[nvars++] = v;
        }
        stmt_list(c, &cl->cas.body, CTX_BREAK_OK | CTX_IN_TYPESWITCH);
        /* The clause variable is reported once for the whole switch. */
        if (s->tsw.lhs) {
            gobj *v = vars[nvars - 1];
            if (v->used) anyused = true;
            v->used = true;
        }
        close_scope(c);
    }
    if (s->tsw.lhs) {
        if (s->tsw.lhs->ident.name == c->name_blank)
            check_errorf(c, s->tsw.lhs->pos, "no new variable on left side of :=");
        else if (!anyused)
            check_softf(c, s->tsw.lhs->pos, "%s declared but not used", s->tsw.lhs->ident.name);
        if (nvars) s->tsw.lhs->ident.obj = vars[0];
    }
    free(vars);
    free(seen);
    free(seenat);
    close_scope(c);
}

static void range_stmt(checker *c, ast_stmt *s) {
    open_scope(c);
    operand x;
    expr(c, &x, s->range.x);
    gtype *kt = NULL, *vt = NULL;
    if (x.mode != M_INVALID) {
        gtype *u = under(x.type);
        if (u->kind == K_POINTER && under(u->elem)->kind == K_ARRAY) u = under(u->elem);
        if (u->kind != K_CHAN && s->range.lhs.n > 2)
            check_errorf(c, expr_start(s->range.lhs.v[2]), "range clause permits at most two iteration variables");
        switch (u->kind) {
        case K_STRING:
        case K_UNTYPED_STRING:
            kt = &types_basic[K_INT];
            vt = &types_rune;
            if (is_untyped(x.type)) convert_untyped(c, &x, &types_basic[K_STRING]);
            break;
        case K_ARRAY: case K_SLICE: kt = &types_basic[K_INT]; vt = u->elem; break;
        case K_MAP: kt = u->key; vt = u->elem; break;
        case K_CHAN:
            kt = u->elem;
            if (u->dir == DIR_SEND) {
                check_errorf(c, expr_start(s->range.x), "invalid operation: range %s receive from send-only channel",
                             exprstr(c, s->range.x));
                kt = NULL;
            }
            if (s->range.value) {
                check_errorf(c, expr_start(s->range.value), "range over %s permits only one iteration variable",
                             opstr(c, &x));
            }
            break;
        default:
            check_errorf(c, expr_start(s->range.x), "cannot range over %s", opstr(c, &x));
            break;
        }
    }
    ast_expr *lhs[2] = {s->range.key, s->range.value};
    gtype *ts[2] = {kt, vt};
    if (s->range.op == T_DEFINE) {
        gobj *vars[2] = {NULL, NULL};
        for (int i = 0; i < 2; i++) {
            if (!lhs[i]) continue;
            if (lhs[i]->kind != E_IDENT) {
                check_errorf(c, expr_start(lhs[i]), "non-name %s on left side of :=", exprstr(c, lhs[i]));
                continue;
            }
            vars[i] = obj_new(c->a, O_VAR, lhs[i]->ident.name, ts[i] ? ts[i] : types_invalid, lhs[i]->pos);
            vars[i]->pkg = c->pkg;
            lhs[i]->ident.obj = vars[i];
            lhs[i]->type = vars[i]->type;
            if (!ts[i]) vars[i]->used = true;
        }
        for (int i = 0; i < 2; i++)
            if (vars[i]) declare_obj(c, c->scope, lhs[i], vars[i]);
    } else if (s->range.op == T_ASSIGN) {
        for (int i = 0; i < 2; i++) {
            if (!lhs[i]) continue;
            operand z;
            gtype *lt = lhs_var(c, lhs[i], &z);
            if (!ts[i] || (lt && lt->kind == K_INVALID)) continue;
            operand y = {M_VALUE, 0, lhs[i], ts[i], NULL};
            if (lt && !assignable_to(c, &y, lt, NULL, 0))
                check_errorf(c, expr_start(lhs[i]), "cannot use %s (value of type %s) as type %s in range",
                             exprstr(c, lhs[i]), tstr(c, ts[i]), tstr(c, lt));
        }
    }
    stmt(c, s->range.body, CTX_BREAK_OK);
    close_scope(c);
}

static void select_stmt(checker *c, ast_stmt *s) {
    multiple_defaults(c, &s->sel.clauses);
    for (int i = 0; i < s->sel.clauses.n; i++) {
        ast_stmt *cl = s->sel.clauses.v[i];
        open_scope(c);
        ast_stmt *comm = cl->comm.comm;
        if (comm) {
            bool valid = false;
            if (comm->kind == S_SEND) valid = true;
            else if (comm->kind == S_EXPR) {
                ast_expr *e = comm->expr.x;
                while (e->kind == E_PAREN) e = e->paren.x;
                valid = e->kind == E_UNARY && e->unary.op == T_ARROW;
            } else if (comm->kind == S_ASSIGN && comm->assign.rhs.n == 1) {
                ast_expr *e = comm->assign.rhs.v[0];
                while (e->kind == E_PAREN) e = e->paren.x;
                valid = e->kind == E_UNARY && e->unary.op == T_ARROW;
            }
            if (!valid) {
                /* Go checks neither the case nor its body then. */
                check_errorf(c, comm->pos, "select case must be send or receive (possibly with assignment)");
                close_scope(c);
                continue;
            }
            stmt(c, comm, CTX_NONE);
        }
        stmt_list(c, &cl->comm.body, CTX_BREAK_OK);
        close_scope(c);
    }
}

static void stmt(checker *c, ast_stmt *s, int ctxt) {
    if (!s) return;
    switch (s->kind) {
    case S_BAD: case S_EMPTY: break;
    case S_BLOCK:
        open_scope(c);
        stmt_list(c, &s->block.list, ctxt & ~CTX_FALLTHROUGH_OK);
        close_scope(c);
        break;
    case S_EXPR: expr_stmt(c, s); break;
    case S_SEND: {
        operand ch, v;
        expr(c, &ch, s->send.ch);
        expr(c, &v, s->send.value);
        if (ch.mode == M_INVALID || v.mode == M_INVALID) break;
        gtype *u = under(ch.type);
        if (u->kind != K_CHAN) {
            check_errorf(c, expr_start(s->send.ch), "invalid operation: cannot send to non-channel %s", opstr(c, &ch));
            break;
        }
        if (u->dir == DIR_RECV) {
            check_errorf(c, expr_start(s->send.ch), "invalid operation: cannot send to receive-only channel %s",
                         opstr(c, &ch));
            break;
        }
        assignment(c, &v, u->elem, "send");
        break;
    }
    case S_INCDEC: {
        operand z;
        if ((s->incdec.x->kind == E_IDENT && s->incdec.x->ident.name == c->name_blank)) {
            /* x++ reads x, and _ has no value */
            check_errorf(c, s->incdec.x->pos, "cannot use _ as value or type");
            break;
        }
        gtype *t = lhs_var(c, s->incdec.x, &z);
        /* x++ reads x: it counts as a use, as in Go. */
        if (s->incdec.x->kind == E_IDENT && s->incdec.x->ident.obj && s->incdec.x->ident.obj->kind == O_VAR)
            s->incdec.x->ident.obj->used = true;
        if (!t || t->kind == K_INVALID) break;
        if (!is_numeric(t)) {
            check_errorf(c, expr_start(s->incdec.x), "invalid operation: %s%s (non-numeric type %s)",
                         exprstr(c, s->incdec.x), s->incdec.op == T_INC ? "++" : "--", tstr(c, t));
        }
        break;
    }
    case S_ASSIGN:
        if (s->assign.op == T_DEFINE) {
            define_vars(c, &s->assign.lhs, &s->assign.rhs, s->pos);
        } else if (s->assign.op == T_ASSIGN) {
            assign_vars(c, &s->assign.lhs, &s->assign.rhs, s->pos);
        } else {
            /* x op= y */
            if (s->assign.lhs.n != 1 || s->assign.rhs.n != 1) {
                check_errorf(c, s->pos, "assignment operation %s requires single-valued expressions",
                             token_text(s->assign.op));
                break;
            }
            operand z;
            if ((s->assign.lhs.v[0]->kind == E_IDENT && s->assign.lhs.v[0]->ident.name == c->name_blank)) {
                /* x op= y reads x, and _ has no value */
                check_errorf(c, s->assign.lhs.v[0]->pos, "cannot use _ as value or type");
                operand y;
                expr(c, &y, s->assign.rhs.v[0]);
                break;
            }
            gtype *t = lhs_var(c, s->assign.lhs.v[0], &z);
            if (!t || t->kind == K_INVALID) {
                operand y;
                expr(c, &y, s->assign.rhs.v[0]);
                break;
            }
            /* Check as the binary expression lhs op rhs. */
            ast_expr bin = {0};
            bin.kind = E_BINARY;
            bin.pos = s->pos;
            bin.binary.op = s->assign.op;
            bin.binary.x = s->assign.lhs.v[0];
            bin.binary.y = s->assign.rhs.v[0];
            operand x;
            gobj *v = NULL;
            ast_expr *id = s->assign.lhs.v[0];
            if (id->kind == E_IDENT) v = id->ident.obj;
            bool wasused = v ? v->used : false;
            raw_expr(c, &x, &bin, NULL, false, false);
            (void)wasused; /* x op= y reads x: a use */
            if (x.mode == M_INVALID) break;
            x.expr = s->assign.rhs.v[0];
            assignment(c, &x, t, "assignment");
        }
        break;
    case S_GO: go_defer(c, s, "go"); break;
    case S_DEFER: go_defer(c, s, "defer"); break;
    case S_RETURN: return_stmt(c, s); break;
    case S_BRANCH: break; /* checked by the parser's branches pass */
    case S_LABELED: stmt(c, s->labeled.stmt, ctxt); break;
    case S_DECL: decl_local(c, s->decl.decl); break;
    case S_IF: {
        open_scope(c);
        if (s->ifs.init) stmt(c, s->ifs.init, CTX_NONE);
        if (s->ifs.cond) {
            operand x;
            expr(c, &x, s->ifs.cond);
            if (x.mode != M_INVALID && !is_boolean(x.type))
                check_errorf(c, expr_start(s->ifs.cond), "non-boolean condition in if statement");
            else default_operand(c, &x);
        }
        stmt(c, s->ifs.then, ctxt & ~CTX_FALLTHROUGH_OK);
        if (s->ifs.els) stmt(c, s->ifs.els, ctxt & ~CTX_FALLTHROUGH_OK);
        close_scope(c);
        break;
    }
    case S_SWITCH: switch_stmt(c, s, ctxt); break;
    case S_TYPESWITCH: type_switch(c, s); break;
    case S_SELECT: select_stmt(c, s); break;
    case S_FOR: {
        open_scope(c);
        if (s->fors.init) stmt(c, s->fors.init, CTX_NONE);
        if (s->fors.cond) {
            operand x;
            expr(c, &x, s->fors.cond);
            if (x.mode != M_INVALID && !is_boolean(x.type))
                check_errorf(c, expr_start(s->fors.cond), "non-boolean condition in for statement");
            else default_operand(c, &x);
        }
        if (s->fors.post) {
            if (s->fors.post->kind == S_ASSIGN && s->fors.post->assign.op == T_DEFINE)
                check_errorf(c, s->fors.post->pos, "cannot declare in post statement of for loop");
            else stmt(c, s->fors.post, CTX_NONE);
        }
        stmt(c, s->fors.body, CTX_BREAK_OK);
        close_scope(c);
        break;
    }
    case S_RANGE: range_stmt(c, s); break;
    default: break;
    }
}
