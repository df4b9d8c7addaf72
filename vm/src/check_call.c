/*
 * check_call.c: calls and conversions.
 *
 * A call expression f(args) is one of three things, decided by f's
 * operand mode: a conversion T(x) (f is a type), a built-in call
 * (check_builtin.c), or a function call. A function call checks its
 * arguments against the signature: a single multi-valued call may supply
 * all arguments (f(g())), a variadic final parameter takes the remaining
 * arguments as its element type or a slice with `...`. Argument count
 * errors print Go's have/want lists:
 *
 *   not enough arguments in call to f
 *       have (int)
 *       want (int, string)
 *
 * The result is M_NOVALUE for no results, the single result's type, or a
 * tuple (which only assignments, returns and calls accept).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* summary_type writes t as types2's typesSummary does for "have"/"want"
 * lists: an untyped number is "number" (no specific type is implied),
 * other untyped types lose "untyped ", an invalid type is "<T>". */
void summary_type(checker *c, tbuf *b, gtype *t) {
    if (!t || t->kind == K_INVALID) tbuf_puts(b, "<T>");
    else if (t->kind == K_UNTYPED_INT || t->kind == K_UNTYPED_RUNE || t->kind == K_UNTYPED_FLOAT) tbuf_puts(b, "number");
    else if (t->kind == K_UNTYPED_STRING) tbuf_puts(b, "string");
    else if (t->kind == K_UNTYPED_BOOL) tbuf_puts(b, "bool");
    else if (t->kind == K_UNTYPED_NIL) tbuf_puts(b, "nil");
    else type_write(b, t, c->pkg);
}

/* operands_summary: "(int, number)" for n checked operands. */
const char *operands_summary(checker *c, operand *v, int n) {
    tbuf b = {0};
    tbuf_puts(&b, "(");
    for (int i = 0; i < n; i++) {
        if (i) tbuf_puts(&b, ", ");
        if (v[i].mode == M_INVALID) summary_type(c, &b, NULL);
        else if (v[i].mode == M_NIL) tbuf_puts(&b, "nil");
        else summary_type(c, &b, v[i].type);
    }
    tbuf_puts(&b, ")");
    const char *s = arena_strndup(c->a, b.buf, b.len);
    free(b.buf);
    return s;
}

/* args_have: "(int, string)" for the checked arguments. */
static const char *args_have(checker *c, operand *args, int n) { return operands_summary(c, args, n); }

static const char *params_want(checker *c, gtype *sig) {
    tbuf b = {0};
    gtype *p = sig->params;
    tbuf_puts(&b, "(");
    for (int i = 0; p && i < p->nvars; i++) {
        if (i) tbuf_puts(&b, ", ");
        if (sig->variadic && i == p->nvars - 1) {
            tbuf_puts(&b, "...");
            summary_type(c, &b, p->vars[i]->type->elem);
        } else {
            summary_type(c, &b, p->vars[i]->type);
        }
    }
    tbuf_puts(&b, ")");
    const char *s = arena_strndup(c->a, b.buf, b.len);
    free(b.buf);
    return s;
}

/* eval_args checks call arguments into a malloc'd operand array; a single
 * tuple-valued call is spread. */
static operand *eval_args(checker *c, ast_exprs *args, int *nout, gtype *sig) {
    if (args->n == 1) {
        operand x;
        gtype *hint = sig && sig->params->nvars >= 1 ? sig->params->vars[0]->type : NULL;
        raw_expr(c, &x, args->v[0], hint, false, true);
        if (x.mode == M_TYPEXPR) {
            check_errorf(c, expr_start(args->v[0]), "%s (type) is not an expression", exprstr(c, args->v[0]));
            x.mode = M_INVALID;
        } else if (x.mode == M_NOVALUE) {
            check_errorf(c, expr_start(args->v[0]), "%s (no value) used as value", exprstr(c, args->v[0]));
            x.mode = M_INVALID;
        } else if (x.mode == M_BUILTIN) {
            check_errorf(c, expr_start(args->v[0]), "%s (built-in) must be called", exprstr(c, args->v[0]));
            x.mode = M_INVALID;
        }
        if (x.mode == M_VALUE && x.type->kind == K_TUPLE) {
            int n = x.type->nvars;
            operand *v = calloc((size_t)n + 1, sizeof *v);
            for (int i = 0; i < n; i++) {
                v[i].mode = M_VALUE;
                v[i].type = x.type->vars[i]->type;
                v[i].expr = args->v[0];
            }
            *nout = -n; /* negative: came from one call */
            return v;
        }
        operand *v = calloc(1, sizeof *v);
        v[0] = x;
        *nout = 1;
        return v;
    }
    operand *v = calloc((size_t)args->n + 1, sizeof *v);
    for (int i = 0; i < args->n; i++) {
        gtype *hint = NULL;
        if (sig) {
            int np = sig->params->nvars;
            if (i < np) hint = sig->params->vars[i]->type;
            if (sig->variadic && i >= np - 1 && np > 0) hint = sig->params->vars[np - 1]->type->elem;
        }
        expr_hint(c, &v[i], args->v[i], hint);
    }
    *nout = args->n;
    return v;
}

static void call_args(checker *c, ast_expr *call, gtype *sig, operand *args, int nargs, bool spread) {
    int np = sig->params->nvars;
    bool dots = call->call.dots;
    const char *fname = NULL; /* formatted only for a message */
#define FNAME (fname ? fname : (fname = exprstr(c, call->call.fun)))
    if (dots && !sig->variadic) {
        check_errorf(c, call->call.rparen, "have (...) cannot use ... in call to non-variadic %s", FNAME);
        return;
    }
    if (dots && spread) {
        check_errorf(c, call->call.rparen, "cannot use ... with %d-valued %s", nargs, exprstr(c, call->call.args.v[0]));
        return;
    }
    bool ok = true;
    if (sig->variadic && !dots) {
        if (nargs < np - 1) ok = false;
    } else {
        if (nargs != np) ok = false;
    }
    if (!ok) {
        bool few = nargs < np;
        /* types2: at the first extra argument, or the last one, or the call */
        int na = call->call.args.n;
        srcpos at = !few ? expr_start(call->call.args.v[spread ? 0 : np])
                    : na > 0 ? expr_start(call->call.args.v[na - 1])
                             : expr_start(call);
        check_errorf(c, at, "%s arguments in call to %s\n\thave %s\n\twant %s", few ? "not enough" : "too many", FNAME,
                     args_have(c, args, nargs), params_want(c, sig));
        return;
    }
    for (int i = 0; i < nargs; i++) {
        gtype *pt;
        if (sig->variadic && i >= np - 1) {
            pt = sig->params->vars[np - 1]->type;
            if (!dots) pt = pt->elem;
        } else {
            pt = sig->params->vars[i]->type;
        }
        if (args[i].mode == M_INVALID) continue;
        if (spread) {
            char why[512];
            if (!assignable_to(c, &args[i], pt, why, sizeof why))
                check_errorf(c, expr_start(call->call.args.v[0]), "cannot use %s (value of type %s) as type %s in argument to %s",
                             exprstr(c, call->call.args.v[0]), tstr(c, args[i].type), tstr(c, pt), FNAME);
            continue;
        }
        c->ctxcall = call->call.fun;
        assignment(c, &args[i], pt, NULL);
        c->ctxcall = NULL;
    }
#undef FNAME
}

void check_call(checker *c, operand *x, ast_expr *e) {
    ast_expr *fe = e->call.fun;
    raw_expr(c, x, fe, NULL, true, false);
    switch (x->mode) {
    case M_INVALID:
        use_exprs(c, &e->call.args);
        x->expr = e;
        return;
    case M_TYPEXPR: {
        gtype *T = x->type;
        x->mode = M_INVALID;
        if (e->call.args.n != 1) {
            if (e->call.args.n == 0)
                check_errorf(c, e->call.rparen, "missing argument in conversion to %s", tstr(c, T));
            else
                check_errorf(c, expr_start(e->call.args.v[e->call.args.n - 1]), "too many arguments in conversion to %s",
                             tstr(c, T));
            use_exprs(c, &e->call.args);
            return;
        }
        if (e->call.dots) {
            check_errorf(c, e->call.args.v[0]->pos, "invalid use of ... in conversion to %s", tstr(c, T));
            use_exprs(c, &e->call.args);
            return;
        }
        expr_hint(c, x, e->call.args.v[0], T);
        if (x->mode == M_INVALID) return;
        conversion(c, x, T, e);
        x->expr = e;
        return;
    }
    case M_BUILTIN:
        check_builtin(c, x, e, x->builtin);
        x->expr = e;
        return;
    default: break;
    }
    single_value(c, x);
    if (x->mode == M_INVALID) {
        use_exprs(c, &e->call.args);
        return;
    }
    gtype *sig = under(x->type);
    if (sig->kind != K_FUNC) {
        check_errorf(c, expr_start(e), "invalid operation: cannot call non-function %s", opstr(c, x));
        use_exprs(c, &e->call.args);
        x->mode = M_INVALID;
        return;
    }
    int n;
    operand *args = eval_args(c, &e->call.args, &n, sig);
    bool spread = n < 0;
    if (spread) n = -n;
    if (e->call.args.n == 0) n = 0;
    call_args(c, e, sig, args, n, spread);
    free(args);
    x->expr = e;
    gtype *res = sig->results;
    if (res->nvars == 0) {
        x->mode = M_NOVALUE;
        x->type = type_empty_tuple();
    } else if (res->nvars == 1) {
        x->mode = M_VALUE;
        x->type = res->vars[0]->type;
    } else {
        x->mode = M_VALUE;
        x->type = res;
    }
}
