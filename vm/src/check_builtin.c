/*
 * check_builtin.c: calls of the built-in functions.
 *
 * Each built-in has its own argument rules (Go spec, "Built-in
 * functions"); the count is checked first with Go's "not enough
 * arguments for len(x) (expected 1, found 0)" wording, then the operand
 * types. len and cap of an array (or pointer to array) without calls or
 * receives, and of a constant string, are constants. append, copy,
 * delete, make, new, panic, print, println, recover and close have no
 * constant results; the ones without results are M_NOVALUE (and a
 * statement may use them), the others M_VALUE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char *bnames[B_COUNT] = {
    [B_APPEND] = "append", [B_CAP] = "cap", [B_CLOSE] = "close", [B_COMPLEX] = "complex",
    [B_COPY] = "copy", [B_DELETE] = "delete", [B_IMAG] = "imag", [B_LEN] = "len",
    [B_MAKE] = "make", [B_NEW] = "new", [B_PANIC] = "panic", [B_PRINT] = "print",
    [B_PRINTLN] = "println", [B_REAL] = "real", [B_RECOVER] = "recover",
};

/* Argument counts: min, max (-1 = variadic). */
static const int bargs[B_COUNT][2] = {
    [B_APPEND] = {1, -1}, [B_CAP] = {1, 1}, [B_CLOSE] = {1, 1}, [B_COMPLEX] = {2, 2},
    [B_COPY] = {2, 2}, [B_DELETE] = {2, 2}, [B_IMAG] = {1, 1}, [B_LEN] = {1, 1},
    [B_MAKE] = {1, 3}, [B_NEW] = {1, 1}, [B_PANIC] = {1, 1}, [B_PRINT] = {0, -1},
    [B_PRINTLN] = {0, -1}, [B_REAL] = {1, 1}, [B_RECOVER] = {0, 0},
};

static void bad(operand *x) {
    x->mode = M_INVALID;
    x->type = types_invalid;
}

/* has_call_or_recv: does e contain a function call or a receive (which
 * make len(array) non-constant)? */
static bool has_call_or_recv(ast_expr *e) {
    if (!e) return false;
    switch (e->kind) {
    case E_CALL: return !(e->call.fun->mode == M_TYPEXPR);
    case E_UNARY: return e->unary.op == T_ARROW || has_call_or_recv(e->unary.x);
    case E_PAREN: return has_call_or_recv(e->paren.x);
    case E_SELECTOR: return has_call_or_recv(e->selector.x);
    case E_INDEX: return has_call_or_recv(e->index.x) || (e->index.nindex && has_call_or_recv(e->index.index[0]));
    case E_STAR: return has_call_or_recv(e->star.x);
    case E_BINARY: return has_call_or_recv(e->binary.x) || has_call_or_recv(e->binary.y);
    case E_COMPOSITE:
        for (int i = 0; i < e->composite.elts.n; i++)
            if (has_call_or_recv(e->composite.elts.v[i])) return true;
        return false;
    case E_KEYVALUE: return has_call_or_recv(e->keyvalue.key) || has_call_or_recv(e->keyvalue.value);
    default: return false;
    }
}

void check_builtin(checker *c, operand *x, ast_expr *call, int id) {
    ast_exprs *args = &call->call.args;
    int n = args->n;
    const char *name = bnames[id];
    if (call->call.dots && id != B_APPEND) {
        check_errorf(c, call->call.rparen, "invalid operation: invalid use of ... with built-in %s", name);
        use_exprs(c, args);
        bad(x);
        return;
    }
    if (n < bargs[id][0] || (bargs[id][1] >= 0 && n > bargs[id][1])) {
        const char *msg = n < bargs[id][0] ? "not enough" : "too many";
        check_errorf(c, expr_start(call), "invalid operation: %s arguments for %s (expected %d, found %d)", msg,
                     exprstr(c, call), bargs[id][0], n);
        use_exprs(c, args);
        bad(x);
        return;
    }
    operand a;
    switch (id) {
    case B_LEN:
    case B_CAP: {
        expr(c, &a, args->v[0]);
        if (a.mode == M_INVALID) {
            bad(x);
            return;
        }
        gtype *u = under(a.type);
        if (u->kind == K_POINTER && under(u->elem)->kind == K_ARRAY) u = under(u->elem);
        bool ok = false, isconst = false;
        int64_t cv = 0;
        switch (u->kind) {
        case K_STRING:
        case K_UNTYPED_STRING:
            if (id == B_LEN) {
                ok = true;
                if (a.mode == M_CONST) {
                    size_t l;
                    gconst_string_val(a.val, &l);
                    isconst = true;
                    cv = (int64_t)l;
                }
                if (is_untyped(a.type)) convert_untyped(c, &a, &types_basic[K_STRING]);
            }
            break;
        case K_ARRAY:
            ok = true;
            if (!has_call_or_recv(args->v[0]) && u->len >= 0) {
                isconst = true;
                cv = u->len;
            }
            break;
        case K_SLICE: case K_CHAN: ok = true; break;
        case K_MAP: ok = id == B_LEN; break;
        default: break;
        }
        if (!ok) {
            check_errorf(c, expr_start(args->v[0]), "invalid argument: %s for %s", opstr(c, &a), name);
            bad(x);
            return;
        }
        x->type = &types_basic[K_INT];
        if (isconst) {
            x->mode = M_CONST;
            x->val = gconst_int64(c->cc, cv);
        } else {
            x->mode = M_VALUE;
        }
        return;
    }
    case B_APPEND: {
        operand s;
        expr(c, &s, args->v[0]);
        if (s.mode == M_INVALID) {
            ast_exprs rest = {args->v + 1, n - 1};
            use_exprs(c, &rest);
            bad(x);
            return;
        }
        if (s.mode == M_NIL) {
            check_errorf(c, expr_start(args->v[0]), "first argument to append must be a typed slice; have untyped nil");
            ast_exprs rest = {args->v + 1, n - 1};
            use_exprs(c, &rest);
            bad(x);
            return;
        }
        gtype *u = under(s.type);
        if (u->kind != K_SLICE) {
            check_errorf(c, expr_start(args->v[0]), "invalid argument: %s is not a slice", opstr(c, &s));
            ast_exprs rest = {args->v + 1, n - 1};
            use_exprs(c, &rest);
            bad(x);
            return;
        }
        if (call->call.dots) {
            if (n != 2) {
                /* As Go: a call of func(S, ...E) with the wrong count. */
                operand *v = calloc((size_t)n, sizeof *v);
                v[0] = s;
                for (int i = 1; i < n; i++) expr(c, &v[i], args->v[i]);
                tbuf w = {0};
                tbuf_puts(&w, "(");
                summary_type(c, &w, s.type);
                tbuf_puts(&w, ", ...");
                summary_type(c, &w, u->elem);
                tbuf_puts(&w, ")");
                check_errorf(c, expr_start(args->v[n < 2 ? n - 1 : 2]), "%s arguments in call to append\n\thave %s\n\twant %.*s",
                             n < 2 ? "not enough" : "too many", operands_summary(c, v, n), (int)w.len, w.buf);
                free(w.buf);
                free(v);
            } else {
                operand t;
                expr(c, &t, args->v[1]);
                if (t.mode != M_INVALID) {
                    /* append([]byte, string...) */
                    if (under(u->elem)->kind == K_UINT8 && is_string(t.type)) {
                        if (is_untyped(t.type)) convert_untyped(c, &t, &types_basic[K_STRING]);
                    } else {
                        assignment(c, &t, s.type, "append");
                    }
                }
            }
        } else {
            for (int i = 1; i < n; i++) {
                operand t;
                expr_hint(c, &t, args->v[i], u->elem);
                assignment(c, &t, u->elem, "argument to append");
            }
        }
        x->mode = M_VALUE;
        x->type = s.type;
        return;
    }
    case B_COPY: {
        operand d, s;
        expr(c, &d, args->v[0]);
        expr(c, &s, args->v[1]);
        if (d.mode == M_INVALID || s.mode == M_INVALID) {
            bad(x);
            return;
        }
        gtype *du = under(d.type), *su = under(s.type);
        if (du->kind != K_SLICE) {
            check_errorf(c, expr_start(args->v[0]), "invalid argument: copy expects slice arguments; found %s and %s",
                         opstr(c, &d), opstr(c, &s));
            bad(x);
            return;
        }
        gtype *se = NULL;
        if (su->kind == K_SLICE) se = su->elem;
        else if (is_string(su)) se = &types_byte;
        if (!se) {
            check_errorf(c, expr_start(args->v[0]), "invalid argument: copy expects slice arguments; found %s and %s",
                         opstr(c, &d), opstr(c, &s));
            bad(x);
            return;
        }
        if (!types_identical(du->elem, se)) {
            check_errorf(c, expr_start(args->v[0]),
                         "invalid argument: arguments to copy %s and %s have different element types %s and %s",
                         opstr(c, &d), opstr(c, &s), tstr(c, du->elem), tstr(c, se));
            bad(x);
            return;
        }
        if (is_untyped(s.type)) convert_untyped(c, &s, &types_basic[K_STRING]);
        x->mode = M_VALUE;
        x->type = &types_basic[K_INT];
        return;
    }
    case B_DELETE: {
        operand m, k;
        expr(c, &m, args->v[0]);
        if (m.mode == M_INVALID) {
            expr(c, &k, args->v[1]);
            bad(x);
            return;
        }
        gtype *u = under(m.type);
        if (u->kind != K_MAP) {
            check_errorf(c, expr_start(args->v[0]), "invalid argument: %s is not a map", opstr(c, &m));
            expr(c, &k, args->v[1]);
            bad(x);
            return;
        }
        expr_hint(c, &k, args->v[1], u->key);
        if (k.mode != M_INVALID) {
            char why[512];
            if (!assignable_to(c, &k, u->key, why, sizeof why)) {
                check_errorf(c, expr_start(args->v[1]), "invalid argument: %s is not assignable to %s", opstr(c, &k),
                             tstr(c, u->key));
            } else {
                convert_untyped(c, &k, u->key);
            }
        }
        x->mode = M_NOVALUE;
        x->type = type_empty_tuple();
        return;
    }
    case B_CLOSE: {
        expr(c, &a, args->v[0]);
        if (a.mode == M_INVALID) {
            bad(x);
            return;
        }
        gtype *u = under(a.type);
        if (u->kind != K_CHAN) {
            check_errorf(c, expr_start(args->v[0]), "invalid operation: cannot close non-channel %s", opstr(c, &a));
            bad(x);
            return;
        }
        if (u->dir == DIR_RECV) {
            check_errorf(c, expr_start(args->v[0]), "invalid operation: cannot close receive-only channel %s",
                         opstr(c, &a));
            bad(x);
            return;
        }
        x->mode = M_NOVALUE;
        x->type = type_empty_tuple();
        return;
    }
    case B_MAKE: {
        gtype *T = typexpr(c, args->v[0]);
        if (!T) {
            ast_exprs rest = {args->v + 1, n - 1};
            use_exprs(c, &rest);
            bad(x);
            return;
        }
        gtype *u = under(T);
        int min = 1;
        switch (u->kind) {
        case K_SLICE: min = 2; break;
        case K_MAP: case K_CHAN: break;
        default:
            check_errorf(c, expr_start(args->v[0]), "invalid argument: cannot make %s; type must be slice, map, or channel",
                         exprstr(c, args->v[0]));
            {
                ast_exprs rest = {args->v + 1, n - 1};
                use_exprs(c, &rest);
            }
            bad(x);
            return;
        }
        if (n < min || n > min + 1) {
            if (n < min)
                check_errorf(c, call->call.rparen, "invalid operation: %s expects %d or %d arguments; found %d",
                             exprstr(c, call), min, min + 1, n);
            else
                check_errorf(c, expr_start(call), "invalid operation: %s expects %d or %d arguments; found %d",
                             exprstr(c, call), min, min + 1, n);
            ast_exprs rest = {args->v + 1, n - 1};
            use_exprs(c, &rest);
            bad(x);
            return;
        }
        int64_t sz[2] = {-1, -1};
        /* Go checks each size as an index with no upper bound. */
        for (int i = 1; i < n; i++) index_const(c, args->v[i], -1, &sz[i - 1], false);
        if (sz[0] >= 0 && sz[1] >= 0 && sz[0] > sz[1])
            check_errorf(c, expr_start(args->v[1]), "invalid argument: length and capacity swapped");
        x->mode = M_VALUE;
        x->type = T;
        return;
    }
    case B_NEW: {
        gtype *T = typexpr(c, args->v[0]);
        if (!T) {
            bad(x);
            return;
        }
        x->mode = M_VALUE;
        x->type = type_pointer(c->a, T);
        return;
    }
    case B_PANIC: {
        expr(c, &a, args->v[0]);
        if (a.mode != M_INVALID) assignment(c, &a, c->u->any, "argument to panic");
        x->mode = M_NOVALUE;
        x->type = type_empty_tuple();
        return;
    }
    case B_PRINT:
    case B_PRINTLN:
        if (n == 1) {
            /* print(f()) with a multi-valued f is allowed. */
            raw_expr(c, &a, args->v[0], NULL, false, true);
            if (a.mode == M_VALUE && a.type->kind == K_TUPLE) {
                x->mode = M_NOVALUE;
                x->type = type_empty_tuple();
                return;
            }
            if (a.mode == M_TYPEXPR || a.mode == M_BUILTIN || a.mode == M_NOVALUE) {
                check_errorf(c, expr_start(args->v[0]), "%s %s", exprstr(c, args->v[0]),
                             a.mode == M_TYPEXPR ? "(type) is not an expression" :
                             a.mode == M_BUILTIN ? "(built-in) must be called" : "(no value) used as value");
            } else if (a.mode == M_NIL) {
                check_errorf(c, expr_start(args->v[0]), "use of untyped nil in argument to %s", name);
            } else if (a.mode != M_INVALID) {
                assignment(c, &a, NULL, arena_printf(c->a, "argument to %s", name));
            }
            x->mode = M_NOVALUE;
            x->type = type_empty_tuple();
            return;
        }
        for (int i = 0; i < n; i++) {
            expr(c, &a, args->v[i]);
            if (a.mode == M_INVALID) continue;
            if (a.mode == M_NIL) {
                check_errorf(c, expr_start(args->v[i]), "use of untyped nil in argument to %s", name);
                continue;
            }
            assignment(c, &a, NULL, arena_printf(c->a, "argument to %s", name));
        }
        x->mode = M_NOVALUE;
        x->type = type_empty_tuple();
        return;
    case B_RECOVER:
        x->mode = M_VALUE;
        x->type = c->u->any;
        return;
    default:
        check_errorf(c, expr_start(call), "complex numbers are not supported by gort");
        use_exprs(c, args);
        bad(x);
        return;
    }
}
