/*
 * check_expr.c: expressions.
 *
 * raw_expr checks one expression and leaves an operand: its mode, type and
 * (for constants) value, recorded in the AST node. The wrappers say what
 * the context allows: expr (a single value), expr_or_type, multi_expr (a
 * call returning a tuple, in an assignment or return).
 *
 * Untyped values. Constant expressions are evaluated exactly through
 * constant.h while both operands are constants; a constant keeps an untyped
 * type (untyped int, rune, float, string, bool) until the context gives it
 * one: an assignment to a typed variable, an operation with a typed
 * operand, or a conversion. Then convert_untyped checks that the value is
 * representable (Go's "overflows"/"truncated") and update_untyped rewrites
 * the recorded types of the untyped sub-expressions, so that every node
 * ends with its final type (what the code generator reads). A value that is
 * untyped but not constant (a comparison, `1 << s`) is handled the same way.
 *
 * Errors are worded as Go 1.19's compiler words them (types2 with
 * CompilerErrorMessages), at the start of the offending operand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static void binary(checker *c, operand *x, ast_expr *e, ast_expr *lhs, ast_expr *rhs, token op);

/* ---- constants and basic types ---- */

gconst_basic const_basic(gtype *t) {
    gtype *u = under(t);
    switch (u->kind) {
    case K_BOOL: return GCONST_T_BOOL;
    case K_STRING: return GCONST_T_STRING;
    case K_INT: return GCONST_T_INT;
    case K_INT8: return GCONST_T_INT8;
    case K_INT16: return GCONST_T_INT16;
    case K_INT32: return GCONST_T_INT32;
    case K_INT64: return GCONST_T_INT64;
    case K_UINT: return GCONST_T_UINT;
    case K_UINT8: return GCONST_T_UINT8;
    case K_UINT16: return GCONST_T_UINT16;
    case K_UINT32: return GCONST_T_UINT32;
    case K_UINT64: return GCONST_T_UINT64;
    case K_UINTPTR: return GCONST_T_UINTPTR;
    case K_FLOAT32: return GCONST_T_FLOAT32;
    case K_FLOAT64: return GCONST_T_FLOAT64;
    case K_UNTYPED_BOOL: return GCONST_T_UNTYPED_BOOL;
    case K_UNTYPED_INT: return GCONST_T_UNTYPED_INT;
    case K_UNTYPED_RUNE: return GCONST_T_UNTYPED_RUNE;
    case K_UNTYPED_FLOAT: return GCONST_T_UNTYPED_FLOAT;
    case K_UNTYPED_STRING: return GCONST_T_UNTYPED_STRING;
    default: return GCONST_T_UNTYPED_INT;
    }
}

void record(checker *c, operand *x) {
    (void)c;
    if (!x->expr) return;
    x->expr->mode = x->mode;
    x->expr->type = x->type;
    x->expr->val = x->mode == M_CONST ? x->val : NULL;
}

static void invalid(operand *x) { x->mode = M_INVALID; x->type = types_invalid; }

bool is_blank(checker *c, ast_expr *e) {
    return e && e->kind == E_IDENT && e->ident.name == c->name_blank;
}

void single_value(checker *c, operand *x) {
    if (x->mode == M_VALUE && x->type && x->type->kind == K_TUPLE) {
        check_errorf(c, expr_start(x->expr), "multiple-value %s (value of type %s) in single-value context",
                     exprstr(c, x->expr), tstr(c, x->type));
        invalid(x);
    }
}

/* update_untyped gives untyped expression e (and its untyped operands)
 * the final type t. */
void update_untyped(checker *c, ast_expr *e, gtype *t) {
    while (e && e->type && is_untyped(e->type)) {
        e->type = t;
        switch (e->kind) {
        case E_PAREN: e = e->paren.x; continue;
        case E_UNARY: e = e->unary.x; continue;
        case E_BINARY:
            switch (e->binary.op) {
            case T_EQL: case T_NEQ: case T_LSS: case T_LEQ: case T_GTR: case T_GEQ:
                return; /* operands keep their own types */
            case T_SHL: case T_SHR:
                /* A non-constant shift of an untyped constant takes its
                 * type from the context, which must be an integer type. */
                if (e->mode != M_CONST && !is_untyped(t) && t->kind != K_INVALID && !is_integer(t)) {
                    check_errorf(c, expr_start(e->binary.x), "invalid operation: %s (shift of type %s)",
                                 exprstr(c, e), tstr(c, t));
                    return;
                }
                e = e->binary.x;
                continue;
            default:
                update_untyped(c, e->binary.x, t);
                e = e->binary.y;
                continue;
            }
        default: return;
        }
    }
}

/* representable: can constant x be represented in basic type t? Reports
 * Go's message when report is set. On success x->val is t's value. */
bool representable(checker *c, operand *x, gtype *t, bool report) {
    gconst *out = NULL;
    gconst_repr r = gconst_represent(c->cc, x->val, const_basic(x->type), const_basic(t), &out);
    if (r == GCONST_REPR_OK) {
        x->val = out;
        return true;
    }
    if (report) {
        if (r == GCONST_REPR_TRUNCATED)
            check_errorf(c, expr_start(x->expr), "%s truncated to %s", opstr(c, x), tstr(c, t));
        else if (r == GCONST_REPR_OVERFLOWS)
            check_errorf(c, expr_start(x->expr), "%s overflows %s", opstr(c, x), tstr(c, t));
        else
            check_errorf(c, expr_start(x->expr), "cannot convert %s to type %s", opstr(c, x), tstr(c, t));
    }
    return false;
}

/* implicit_type: the type untyped x takes in a context of type target, or
 * NULL (code: 1 invalid, 2 truncated, 3 overflows). */
static gtype *implicit_type(checker *c, operand *x, gtype *target, int *code, gconst **val) {
    *code = 0;
    *val = NULL;
    if (x->mode == M_INVALID || !is_untyped(x->type) || target->kind == K_INVALID) return x->type;
    if (is_untyped(target)) {
        int xk = x->type->kind, tk = target->kind;
        bool xn = x->type->info & (I_NUMERIC), tn = target->info & I_NUMERIC;
        if (xn && tn) return xk < tk ? target : x->type;
        if (xk != tk) {
            *code = 1;
            return NULL;
        }
        return x->type;
    }
    if (x->mode == M_NIL || x->type->kind == K_UNTYPED_NIL) {
        if (has_nil(target)) return target;
        *code = 1;
        return NULL;
    }
    gtype *u = under(target);
    if (is_basic(u)) {
        if (x->mode == M_CONST) {
            gconst *out = NULL;
            if (!(u->info & I_CONSTTYPE)) {
                *code = 1;
                return NULL;
            }
            gconst_repr r = gconst_represent(c->cc, x->val, const_basic(x->type), const_basic(u), &out);
            if (r != GCONST_REPR_OK) {
                *code = r == GCONST_REPR_TRUNCATED ? 2 : r == GCONST_REPR_OVERFLOWS ? 3 : 1;
                return NULL;
            }
            *val = out;
            return target;
        }
        switch (x->type->kind) {
        case K_UNTYPED_BOOL:
            if (!(u->info & I_BOOLEAN)) *code = 1;
            break;
        case K_UNTYPED_INT: case K_UNTYPED_RUNE: case K_UNTYPED_FLOAT:
            if (!(u->info & I_NUMERIC)) *code = 1;
            break;
        case K_UNTYPED_STRING:
            if (!(u->info & I_STRING)) *code = 1;
            break;
        default: *code = 1;
        }
        return *code ? NULL : target;
    }
    if (u->kind == K_INTERFACE) {
        /* Untyped values in an interface context take their default type
         * when the interface is empty (or any non-empty one, checked by
         * assignability). */
        if (u->nall > 0 && x->type->kind != K_UNTYPED_NIL) return default_type(x->type);
        return default_type(x->type);
    }
    *code = 1;
    return NULL;
}

/* convert_untyped: give untyped x the type target (or report). */
void convert_untyped(checker *c, operand *x, gtype *target) {
    if (x->mode == M_INVALID || !is_untyped(x->type) || !target || target->kind == K_INVALID) return;
    int code;
    gconst *val;
    gtype *nt = implicit_type(c, x, target, &code, &val);
    if (!nt) {
        /* Go's invalidConversion names the target's underlying type. */
        gtype *u = under(target);
        if (x->mode == M_NIL) {
            check_errorf(c, expr_start(x->expr), "cannot convert nil to type %s", tstr(c, target));
        } else if (code == 2) {
            check_errorf(c, expr_start(x->expr), "%s truncated to %s", opstr(c, x), tstr(c, u));
        } else if (code == 3) {
            check_errorf(c, expr_start(x->expr), "%s overflows %s", opstr(c, x), tstr(c, u));
        } else {
            check_errorf(c, expr_start(x->expr), "cannot convert %s to %s", opstr(c, x), tstr(c, u));
        }
        invalid(x);
        return;
    }
    if (val) x->val = val;
    if (nt != x->type) {
        /* A non-constant shift of an untyped constant must end integer. */
        x->type = nt;
        if (x->expr) update_untyped(c, x->expr, nt);
    }
    if (x->expr && x->mode == M_CONST) x->expr->val = x->val;
}

void default_operand(checker *c, operand *x) {
    if (x->mode == M_INVALID || !x->type || !is_untyped(x->type) || x->mode == M_NIL) return;
    convert_untyped(c, x, default_type(x->type));
}

/* ---- assignability ---- */

/* ensure_methods declares the methods of t (and of the types embedded in
 * it) so that method sets can be compared. */
void ensure_methods(checker *c, gtype *t, int depth) {
    if (!t || depth > 8) return;
    if (t->kind == K_POINTER) t = t->elem;
    if (t->kind == K_NAMED) {
        for (int i = 0; i < t->nmethods; i++)
            if (t->methods[i]->color != COLOR_BLACK && t->methods[i]->decl) decl_object(c, t->methods[i]);
    }
    gtype *u = under(t);
    if (u->kind == K_STRUCT)
        for (int i = 0; i < u->nvars; i++)
            if (u->vars[i]->embedded) ensure_methods(c, u->vars[i]->type, depth + 1);
}

/* missing_reason words why a type lacks interface method m, as types2's
 * missingMethodReason does; alt is the type's method of that name (or of
 * that name with another case), or NULL. */
void missing_reason(checker *c, tbuf *b, gobj *m, gobj *alt) {
    if (!alt) {
        tbuf_printf(b, "(missing %s method)", m->name);
        return;
    }
    if (m->name != alt->name) {
        tbuf_printf(b, "(missing %s method)", m->name);
    } else if (types_identical(m->type, alt->type)) {
        tbuf_printf(b, "(%s method has pointer receiver)", m->name);
        return;
    } else {
        tbuf_printf(b, "(wrong type for %s method)", m->name);
    }
    tbuf_printf(b, "\n\t\thave %s", alt->name);
    sig_write(b, alt->type, c->pkg, false);
    tbuf_printf(b, "\n\t\twant %s", m->name);
    sig_write(b, m->type, c->pkg, false);
}

bool implements_why(checker *c, gtype *v, gtype *t, char *why, size_t cap) {
    ensure_methods(c, v, 0);
    gtype *tu = under(t);
    if (tu->kind != K_INTERFACE) {
        snprintf(why, cap, "%s is not an interface", tstr(c, t));
        return false;
    }
    iface_complete(c->a, tu);
    if (tu->comparable_iface && !types_comparable(v)) {
        snprintf(why, cap, "%s does not implement comparable", tstr(c, v));
        return false;
    }
    gobj *wrong;
    bool ptr;
    gobj *m = missing_method(c->a, v, t, true, &wrong, &ptr);
    if (!m) return true;
    tbuf b = {0};
    tbuf_printf(&b, "%s does not implement %s ", tstr(c, v), tstr(c, t));
    (void)ptr;
    if (wrong) {
        missing_reason(c, &b, m, wrong);
    } else {
        gtype *vu = under(v);
        if (vu->kind == K_POINTER && is_interface(vu->elem))
            tbuf_printf(&b, "(type %s is pointer to interface, not interface)", tstr(c, v));
        else
            tbuf_printf(&b, "(missing %s method)", m->name);
    }
    snprintf(why, cap, "%s", b.buf);
    free(b.buf);
    return false;
}

bool assignable_to(checker *c, operand *x, gtype *T, char *why, size_t cap) {
    if (why && cap) why[0] = 0;
    if (x->mode == M_INVALID || T->kind == K_INVALID) return true;
    gtype *V = x->type;
    if (types_identical(V, T)) return true;
    gtype *Vu = under(V), *Tu = under(T);
    if (is_untyped(Vu)) {
        int code;
        gconst *val;
        return implicit_type(c, x, T, &code, &val) != NULL && (Tu->kind != K_INTERFACE ||
               Vu->kind == K_UNTYPED_NIL || implements_why(c, default_type(V), T, why, cap));
    }
    if (types_identical(Vu, Tu) && (!is_named(V) || !is_named(T))) return true;
    if (Tu->kind == K_INTERFACE) return implements_why(c, V, T, why, cap);
    if (Tu->kind == K_POINTER && is_interface(Tu->elem)) {
        snprintf(why, cap, "type %s is pointer to interface, not interface", tstr(c, T));
        return false;
    }
    if (Vu->kind == K_INTERFACE) {
        char tmp[8];
        if (implements_why(c, T, V, tmp, 0)) {
            if (why) snprintf(why, cap, "need type assertion");
            return false;
        }
        return false;
    }
    if (Vu->kind == K_CHAN && Vu->dir == DIR_BOTH && Tu->kind == K_CHAN &&
        types_identical(Vu->elem, Tu->elem))
        return !is_named(V) || !is_named(T);
    return false;
}

void assignment(checker *c, operand *x, gtype *T, const char *context) {
    if (!context) context = c->ctxcall ? arena_printf(c->a, "argument to %s", exprstr(c, c->ctxcall)) : "assignment";
    single_value(c, x);
    switch (x->mode) {
    case M_INVALID: return;
    case M_CONST: case M_VAR: case M_MAPINDEX: case M_VALUE: case M_NIL: case M_COMMAOK: break;
    default:
        check_errorf(c, expr_start(x->expr), "cannot assign %s to %s in %s", opstr(c, x),
                     T ? tstr(c, T) : "_", context);
        invalid(x);
        return;
    }
    if (is_untyped(x->type)) {
        gtype *target = T;
        if (x->mode == M_NIL || x->type->kind == K_UNTYPED_NIL) {
            /* Go's isNil is the nil value only: a type switch's variable
             * of untyped nil type may be assigned to _. */
            if (!T && x->mode != M_NIL) return;
            if (!T) {
                check_errorf(c, expr_start(x->expr), "use of untyped nil in %s", context);
                invalid(x);
                return;
            }
        } else if (!T || under(T)->kind == K_INTERFACE) {
            target = default_type(x->type);
        }
        int code;
        gconst *val;
        gtype *nt = implicit_type(c, x, target, &code, &val);
        if (!nt) {
            const char *suffix = code == 2 ? " (truncated)" : code == 3 ? " (overflows)" : "";
            if (x->mode == M_NIL)
                check_errorf(c, expr_start(x->expr), "cannot use nil as %s value in %s", tstr(c, target), context);
            else
                check_errorf(c, expr_start(x->expr), "cannot use %s as %s value in %s%s", opstr(c, x),
                             tstr(c, target), context, suffix);
            invalid(x);
            return;
        }
        if (val) {
            x->val = val;
            if (x->expr) x->expr->val = val;
        }
        if (nt != x->type) {
            x->type = nt;
            if (x->expr) update_untyped(c, x->expr, nt);
        }
        if (x->mode == M_NIL && x->expr) x->expr->type = nt;
    }
    if (!T) return;
    char why[1024];
    if (!assignable_to(c, x, T, why, sizeof why)) {
        if (why[0])
            check_errorf(c, expr_start(x->expr), "cannot use %s as type %s in %s:\n\t%s", opstr(c, x),
                         tstr(c, T), context, why);
        else
            check_errorf(c, expr_start(x->expr), "cannot use %s as type %s in %s", opstr(c, x), tstr(c, T),
                         context);
        invalid(x);
    }
}

/* ---- identifiers ---- */

/* add_dep records that the declaration being checked (c->declobj: a
 * package-level const or var initializer, or a function or method body)
 * uses package-level object o (check_init.c). */
void add_dep(checker *c, gobj *o) {
    gobj *d = c->declobj;
    if (!d || !o->pkglevel || (o->kind != O_VAR && o->kind != O_FUNC && o->kind != O_CONST) || o->pkg != c->pkg)
        return;
    if (d->ndeps == d->capdeps) {
        int cap = d->capdeps ? d->capdeps * 2 : 4;
        gobj **v = ARENA_ARRAY(c->a, gobj *, cap);
        if (d->ndeps) memcpy(v, d->deps, sizeof *v * (size_t)d->ndeps);
        d->deps = v;
        d->capdeps = cap;
    }
    d->deps[d->ndeps++] = o;
}

static void ident(checker *c, operand *x, ast_expr *e, bool wanttype) {
    const char *name = e->ident.name;
    if (name == c->name_blank) {
        check_errorf(c, e->pos, "cannot use _ as value or type");
        invalid(x);
        return;
    }
    gobj *o = lookup_use(c, name);
    if (!o) {
        check_errorf(c, e->pos, "undefined: %s", name);
        invalid(x);
        return;
    }
    e->ident.obj = o;
    (void)wanttype;
    if (o->pkglevel && o->color != COLOR_BLACK) {
        if (o->kind == O_FUNC && o->color == COLOR_WHITE) {
            /* Functions declare their signature only: no cycle through a
             * body at declaration time. */
            decl_object(c, o);
        } else {
            decl_object(c, o);
        }
    }
    add_dep(c, o);
    switch (o->kind) {
    case O_PKGNAME:
        /* As Go: this is no use of the import. */
        check_errorf(c, e->pos, "use of package %s not in selector", name);
        invalid(x);
        return;
    case O_CONST:
        if (o == c->u->iota) {
            if (c->iota < 0) {
                check_errorf(c, e->pos, "cannot use iota outside constant declaration");
                invalid(x);
                return;
            }
            x->mode = M_CONST;
            x->type = o->type;
            x->val = gconst_int64(c->cc, c->iota);
            return;
        }
        if (!o->pkg && !o->val) {
            /* true / false */
            o->val = gconst_bool(c->cc, name[0] == 't');
        }
        if (!o->type || o->type->kind == K_INVALID) {
            invalid(x);
            return;
        }
        x->mode = M_CONST;
        x->type = o->type;
        x->val = o->val ? o->val : gconst_unknown(c->cc);
        return;
    case O_TYPE:
        if (!o->type) {
            invalid(x);
            return;
        }
        if (o->type == c->u->comparable) {
            check_errorf(c, e->pos, "cannot use type comparable outside a type constraint: interface is (or embeds) comparable");
            invalid(x);
            return;
        }
        if (is_basic(o->type) && (o->type->info & I_COMPLEX)) {
            check_errorf(c, e->pos, "complex numbers are not supported by gort");
            invalid(x);
            return;
        }
        x->mode = M_TYPEXPR;
        x->type = o->type;
        return;
    case O_VAR:
        if (o->pkg == c->pkg) o->used = true;
        if (!o->type || o->type->kind == K_INVALID) {
            invalid(x);
            return;
        }
        x->mode = M_VAR;
        x->type = o->type;
        return;
    case O_FUNC:
        if (!o->type) {
            invalid(x);
            return;
        }
        x->mode = M_VALUE;
        x->type = o->type;
        return;
    case O_BUILTIN:
        if (o->builtin == B_COMPLEX || o->builtin == B_REAL || o->builtin == B_IMAG) {
            check_errorf(c, e->pos, "complex numbers are not supported by gort");
            invalid(x);
            return;
        }
        x->mode = M_BUILTIN;
        x->builtin = o->builtin;
        x->type = types_invalid;
        return;
    case O_NIL:
        x->mode = M_NIL;
        x->type = &types_basic[K_UNTYPED_NIL];
        return;
    default:
        invalid(x);
    }
}

/* ---- literals ---- */

static void basic_lit(checker *c, operand *x, ast_expr *e) {
    if (e->lit.bad) {
        invalid(x);
        return;
    }
    gconst_lit k;
    gtype *t;
    switch (e->lit.kind) {
    case T_INT: k = GCONST_LIT_INT; t = &types_basic[K_UNTYPED_INT]; break;
    case T_FLOAT: k = GCONST_LIT_FLOAT; t = &types_basic[K_UNTYPED_FLOAT]; break;
    case T_CHAR: k = GCONST_LIT_CHAR; t = &types_basic[K_UNTYPED_RUNE]; break;
    case T_STRING: k = GCONST_LIT_STRING; t = &types_basic[K_UNTYPED_STRING]; break;
    default:
        check_errorf(c, e->pos, "complex numbers are not supported by gort");
        invalid(x);
        return;
    }
    gconst *v = gconst_literal(c->cc, k, e->lit.text, e->lit.len);
    if (!v) {
        invalid(x);
        return;
    }
    if (k == GCONST_LIT_INT || k == GCONST_LIT_FLOAT) {
        /* Go rejects literals whose exponent is out of range. */
        if (gconst_kind_of(v) == GCONST_UNKNOWN) {
            check_errorf(c, e->pos, "excessively large exponent in constant %s", e->lit.text);
            invalid(x);
            return;
        }
    }
    x->mode = M_CONST;
    x->type = t;
    x->val = v;
}

static int64_t index_of_const(checker *c, ast_expr *e, int64_t length, bool *ok);

static void composite_lit(checker *c, operand *x, ast_expr *e, gtype *hint) {
    gtype *t = NULL, *base = NULL;
    if (e->composite.type) {
        ast_expr *te = e->composite.type;
        if (te->kind == E_ARRAYTYPE && !te->array.len) {
            /* [...]T{...}: the length comes from the elements. */
            gtype *el = typexpr(c, te->array.elem);
            t = type_new(c->a, K_ARRAY);
            t->elem = el ? el : types_invalid;
            t->len = -2;
            te->mode = M_TYPEXPR;
            te->type = t;
        } else {
            t = typexpr(c, te);
        }
        base = t;
    } else if (hint) {
        t = hint;
        base = t;
        gtype *u = under(t);
        if (u->kind == K_POINTER) {
            base = u->elem;
        }
    } else {
        check_errorf(c, e->pos, "missing type in composite literal");
        use_exprs(c, &e->composite.elts);
        invalid(x);
        return;
    }
    if (!t) {
        use_exprs(c, &e->composite.elts);
        invalid(x);
        return;
    }
    gtype *u = under(base);
    ast_exprs *el = &e->composite.elts;
    switch (u->kind) {
    case K_STRUCT: {
        if (el->n == 0) break;
        bool keyed = el->v[0]->kind == E_KEYVALUE;
        if (keyed) {
            bool *seen = ARENA_ARRAY(c->a, bool, u->nvars ? u->nvars : 1);
            for (int i = 0; i < el->n; i++) {
                ast_expr *kv = el->v[i];
                if (kv->kind != E_KEYVALUE) {
                    check_errorf(c, expr_start(kv), "mixture of field:value and value elements in struct literal");
                    operand y;
                    expr(c, &y, kv);
                    continue;
                }
                ast_expr *key = kv->keyvalue.key;
                if (key->kind != E_IDENT) {
                    check_errorf(c, expr_start(key), "invalid field name %s in struct literal", exprstr(c, key));
                    operand y;
                    expr(c, &y, kv->keyvalue.value);
                    continue;
                }
                /* As Go: the value first, without a type hint (a struct
                 * field's literal may not elide its type). */
                operand y;
                expr(c, &y, kv->keyvalue.value);
                int fi = -1;
                for (int k = 0; k < u->nvars && key->ident.name != c->name_blank; k++)
                    if (u->vars[k]->name == key->ident.name &&
                        (u->vars[k]->pkg == c->pkg || (key->ident.name[0] >= 'A' && key->ident.name[0] <= 'Z')))
                        fi = k;
                if (fi < 0) {
                    check_errorf(c, key->pos, "unknown field '%s' in struct literal of type %s", key->ident.name, tstr(c, base));
                    continue;
                }
                key->ident.obj = u->vars[fi];
                key->type = u->vars[fi]->type;
                assignment(c, &y, u->vars[fi]->type, "struct literal");
                if (seen[fi]) {
                    check_errorf(c, key->pos, "duplicate field name %s in struct literal", key->ident.name);
                    continue;
                }
                seen[fi] = true;
            }
        } else {
            int i;
            for (i = 0; i < el->n; i++) {
                ast_expr *v = el->v[i];
                operand y;
                if (v->kind == E_KEYVALUE) {
                    check_errorf(c, expr_start(v), "mixture of field:value and value elements in struct literal");
                    expr(c, &y, v->keyvalue.value);
                    continue;
                }
                expr(c, &y, v);
                if (i >= u->nvars) {
                    check_errorf(c, expr_start(v), "too many values in %s{…}", tstr(c, base));
                    break;
                }
                gobj *f = u->vars[i];
                if (f->pkg != c->pkg && !(f->name[0] >= 'A' && f->name[0] <= 'Z')) {
                    check_errorf(c, expr_start(v), "implicit assignment to unexported field %s in %s literal",
                                 f->name, tstr(c, base));
                    continue;
                }
                assignment(c, &y, f->type, "struct literal");
            }
            if (i < u->nvars && i == el->n)
                check_errorf(c, e->composite.rbrace, "too few values in %s{…}", tstr(c, base));
        }
        break;
    }
    case K_ARRAY:
    case K_SLICE: {
        int64_t idx = 0, max = 0;
        int64_t length = u->kind == K_ARRAY && u->len >= 0 ? u->len : -1;
        int64_t *seen = NULL;
        int nseen = 0;
        for (int i = 0; i < el->n; i++) {
            ast_expr *v = el->v[i];
            operand y;
            if (v->kind == E_KEYVALUE) {
                bool ok;
                int64_t k = index_of_const(c, v->keyvalue.key, length, &ok);
                if (ok) idx = k;
                else idx = -1;
                v = v->keyvalue.value;
            } else if (length >= 0 && idx >= length) {
                check_errorf(c, expr_start(v), "index %lld is out of bounds (>= %lld)", (long long)idx,
                             (long long)length);
                idx = -1;
            }
            if (idx >= 0) {
                for (int k = 0; k < nseen; k++)
                    if (seen[k] == idx) {
                        check_errorf(c, expr_start(el->v[i]), "duplicate index %lld in array or slice literal",
                                     (long long)idx);
                        break;
                    }
                if (nseen % 16 == 0) seen = realloc(seen, sizeof *seen * (size_t)(nseen + 16));
                seen[nseen++] = idx;
            }
            expr_hint(c, &y, v, u->elem);
            assignment(c, &y, u->elem, "array or slice literal");
            if (idx >= 0) {
                idx++;
                if (idx > max) max = idx;
            }
        }
        free(seen);
        if (u->kind == K_ARRAY && u->len == -2) u->len = max;
        break;
    }
    case K_MAP: {
        for (int i = 0; i < el->n; i++) {
            ast_expr *kv = el->v[i];
            operand k, v;
            if (kv->kind != E_KEYVALUE) {
                check_errorf(c, expr_start(kv), "missing key in map literal");
                expr(c, &v, kv);
                continue;
            }
            expr_hint(c, &k, kv->keyvalue.key, u->key);
            assignment(c, &k, u->key, "map literal");
            if (k.mode == M_CONST && kv->keyvalue.key) {
                for (int j = 0; j < i; j++) {
                    ast_expr *pk = el->v[j];
                    if (pk->kind != E_KEYVALUE || !pk->keyvalue.key->val) continue;
                    if (!pk->keyvalue.key->type || !types_identical(pk->keyvalue.key->type, k.type)) continue;
                    if (gconst_kind_of(pk->keyvalue.key->val) == gconst_kind_of(k.val) &&
                        gconst_compare(pk->keyvalue.key->val, GCONST_EQL, k.val)) {
                        check_errorf(c, expr_start(kv->keyvalue.key), "duplicate key %s in map literal",
                                     exprstr(c, kv->keyvalue.key));
                        break;
                    }
                }
            }
            expr_hint(c, &v, kv->keyvalue.value, u->elem);
            assignment(c, &v, u->elem, "map literal");
        }
        break;
    }
    default:
        if (u->kind != K_INVALID)
            check_errorf(c, expr_start(e), "invalid composite literal type %s", tstr(c, t));
        use_exprs(c, el);
        invalid(x);
        return;
    }
    x->mode = M_VALUE;
    x->type = t;
}

void use_exprs(checker *c, ast_exprs *v) {
    for (int i = 0; i < v->n; i++) {
        operand y;
        ast_expr *e = v->v[i];
        if (e->kind == E_KEYVALUE) e = e->keyvalue.value;
        raw_expr(c, &y, e, NULL, true, true);
    }
}

/* A composite literal's key: Go's index check, and then it must be a constant. */
static int64_t index_of_const(checker *c, ast_expr *e, int64_t length, bool *ok) {
    int64_t v;
    *ok = false;
    if (!index_const(c, e, length, &v, false)) return 0;
    if (v < 0) {
        check_errorf(c, expr_start(e), "index %s must be integer constant", exprstr(c, e));
        return 0;
    }
    *ok = true;
    return v;
}

/* ---- selectors ---- */

static void selector(checker *c, operand *x, ast_expr *e) {
    ast_expr *xe = e->selector.x, *sel = e->selector.sel;
    const char *name = sel->ident.name;
    if (xe->kind == E_IDENT) {
        gobj *p = scope_lookup(c->scope, xe->ident.name, NULL);
        if (p && p->kind == O_PKGNAME) {
            p->used = true;
            xe->ident.obj = p;
            gobj *o = scope_lookup_local(p->imported->scope, name);
            unsigned char ch = (unsigned char)name[0];
            if (!o) {
                check_errorf(c, sel->pos, "undefined: %s.%s", xe->ident.name, name);
                invalid(x);
                return;
            }
            if (!(ch >= 'A' && ch <= 'Z')) {
                check_errorf(c, sel->pos, "name %s not exported by package %s", name, p->imported->name);
                invalid(x);
                return;
            }
            sel->ident.obj = o;
            switch (o->kind) {
            case O_CONST: x->mode = M_CONST; x->val = o->val; x->type = o->type; break;
            case O_TYPE: x->mode = M_TYPEXPR; x->type = o->type; break;
            case O_VAR: x->mode = M_VAR; x->type = o->type; break;
            case O_FUNC: x->mode = M_VALUE; x->type = o->type; break;
            default: invalid(x); return;
            }
            if (!x->type) invalid(x);
            return;
        }
    }
    raw_expr(c, x, xe, NULL, true, false);
    if (x->mode == M_INVALID) return;
    if (x->mode == M_BUILTIN) {
        check_errorf(c, expr_start(xe), "%s is not an expression", exprstr(c, xe));
        invalid(x);
        return;
    }
    if (x->mode == M_NOVALUE) {
        check_errorf(c, expr_start(xe), "%s (no value) used as value", exprstr(c, xe));
        invalid(x);
        return;
    }
    single_value(c, x);
    if (x->mode == M_INVALID) return;
    if (x->mode == M_NIL) {
        check_errorf(c, expr_start(xe), "use of untyped nil");
        invalid(x);
        return;
    }
    if (x->mode == M_TYPEXPR) {
        /* Method expression T.m. */
        gtype *T = x->type;
        lookup_result r = lookup_field_or_method(c->a, T, false, c->pkg, name);
        if (!r.obj && r.ptrrecv_only) {
            check_errorf(c, expr_start(e), "invalid method expression %s.%s (needs pointer receiver (*%s).%s)",
                         tstr(c, T), name, tstr(c, T), name);
            invalid(x);
            return;
        }
        if (r.ambiguous) {
            check_errorf(c, sel->pos, "ambiguous selector %s.%s", exprstr(c, xe), name);
            invalid(x);
            return;
        }
        if (!r.obj || r.obj->kind != O_FUNC) {
            check_errorf(c, sel->pos, "%s.%s undefined (type %s has no %s %s)", exprstr(c, xe), name, tstr(c, T),
                         r.obj ? "method" : "field or method", name);
            invalid(x);
            return;
        }
        sel->ident.obj = r.obj;
        if (!r.obj->type) decl_object(c, r.obj);
        add_dep(c, r.obj);
        gtype *ms = r.obj->type;
        if (!ms) {
            invalid(x);
            return;
        }
        /* func(recv T, params...) results */
        gtype *ft = type_new(c->a, K_FUNC);
        int np = ms->params->nvars;
        gobj **vars = ARENA_ARRAY(c->a, gobj *, np + 1);
        vars[0] = obj_new(c->a, O_VAR, intern(c, "_"), T, sel->pos);
        vars[0]->name = intern(c, "");
        for (int i = 0; i < np; i++) vars[i + 1] = ms->params->vars[i];
        ft->params = type_tuple(c->a, vars, np + 1);
        ft->results = ms->results;
        ft->variadic = ms->variadic;
        x->mode = M_VALUE;
        x->type = ft;
        return;
    }
    gtype *T = x->type;
    if (T->kind == K_INVALID) {
        invalid(x);
        return;
    }
    lookup_result r = lookup_field_or_method(c->a, T, x->mode == M_VAR, c->pkg, name);
    if (!r.obj) {
        if (r.ambiguous) {
            check_errorf(c, sel->pos, "ambiguous selector %s", exprstr(c, e));
        } else if (r.ptrrecv_only) {
            check_errorf(c, sel->pos, "cannot call pointer method %s on %s", name, tstr(c, T));
        } else if (under(T)->kind == K_POINTER && is_interface(under(T)->elem)) {
            check_errorf(c, sel->pos, "%s undefined (type %s is pointer to interface, not interface)",
                         exprstr(c, e), tstr(c, T));
        } else {
            /* Is there a field or method with different capitalisation or unexported? */
            lookup_result r2 = lookup_field_or_method(c->a, T, true, NULL, name);
            const char *what = "field or method";
            if (r2.obj && r2.obj->pkg != c->pkg) {
                check_errorf(c, sel->pos, "%s undefined (cannot refer to unexported %s %s)", exprstr(c, e),
                             r2.obj->kind == O_FUNC ? "method" : "field", name);
            } else {
                gtype *u = under(T);
                if (u->kind == K_INTERFACE || (u->kind == K_POINTER && false)) what = "field or method";
                check_errorf(c, sel->pos, "%s undefined (type %s has no %s %s)", exprstr(c, e), tstr(c, T), what,
                             name);
            }
        }
        invalid(x);
        return;
    }
    sel->ident.obj = r.obj;
    if (r.obj->kind == O_VAR) {
        /* Field: addressable if x is, or if reached through a pointer. */
        if (x->mode == M_VAR || r.indirect) x->mode = M_VAR;
        else x->mode = M_VALUE;
        x->type = r.obj->type;
        return;
    }
    if (!r.obj->type) decl_object(c, r.obj);
    add_dep(c, r.obj);
    if (!r.obj->type) {
        invalid(x);
        return;
    }
    /* Method value: the method's signature without receiver. */
    gtype *ms = r.obj->type;
    gtype *ft = type_new(c->a, K_FUNC);
    ft->params = ms->params;
    ft->results = ms->results;
    ft->variadic = ms->variadic;
    x->mode = M_VALUE;
    x->type = ft;
}

/* ---- index and slice ---- */

bool index_const(checker *c, ast_expr *e, int64_t max, int64_t *out, bool allow_eq) {
    operand x;
    expr(c, &x, e);
    *out = -1;
    if (x.mode == M_INVALID) return false;
    /* Go's isValidIndex: an untyped constant index is given type int first
     * (so 1.5 is "truncated to int"), then the type must be an integer. */
    convert_untyped(c, &x, &types_basic[K_INT]);
    if (x.mode == M_INVALID) return false;
    if (!is_integer(x.type)) {
        check_errorf(c, expr_start(e), "invalid argument: index %s must be integer", opstr(c, &x));
        return false;
    }
    if (x.mode != M_CONST) return true;
    int64_t v;
    gconst *iv = gconst_to_int(c->cc, x.val);
    if (gconst_sign(iv) < 0) {
        check_errorf(c, expr_start(e), "invalid argument: index %s must not be negative", opstr(c, &x));
        return false;
    }
    if (!gconst_int64_val(iv, &v)) {
        check_errorf(c, expr_start(e), "invalid argument: index %s overflows int", opstr(c, &x));
        return false;
    }
    if (max >= 0 && (allow_eq ? v > max : v >= max)) {
        check_errorf(c, expr_start(e), "invalid argument: index %lld out of bounds [0:%lld]", (long long)v,
                     (long long)(allow_eq ? max + 1 : max));
        return false;
    }
    *out = v;
    return true;
}

static void index_expr(checker *c, operand *x, ast_expr *e, gtype *hint) {
    (void)hint;
    raw_expr(c, x, e->index.x, NULL, true, false);
    if (x->mode == M_INVALID) {
        for (int i = 0; i < e->index.nindex; i++) {
            operand y;
            expr(c, &y, e->index.index[i]);
        }
        return;
    }
    if (x->mode == M_TYPEXPR || e->index.nindex != 1) {
        check_errorf(c, e->pos, "generics are not supported by gort");
        invalid(x);
        return;
    }
    single_value(c, x);
    if (x->mode == M_INVALID) return;
    ast_expr *ie = e->index.index[0];
    gtype *u = under(x->type);
    int64_t length = -1, idx;
    switch (u->kind) {
    case K_STRING:
    case K_UNTYPED_STRING:
        if (x->mode == M_CONST) {
            size_t n;
            gconst_string_val(x->val, &n);
            length = (int64_t)n;
        }
        index_const(c, ie, length, &idx, false);
        if (x->mode == M_CONST && idx >= 0) {
            size_t n;
            const char *s = gconst_string_val(x->val, &n);
            x->val = gconst_int64(c->cc, (unsigned char)s[idx]);
            x->mode = M_CONST;
            x->type = &types_byte;
            if (is_untyped(u)) x->type = &types_byte;
        } else {
            x->mode = M_VALUE;
            x->type = &types_byte;
        }
        return;
    case K_ARRAY:
        index_const(c, ie, u->len, &idx, false);
        if (x->mode != M_VAR) x->mode = M_VALUE;
        x->type = u->elem;
        return;
    case K_POINTER:
        if (under(u->elem)->kind == K_ARRAY) {
            gtype *a = under(u->elem);
            index_const(c, ie, a->len, &idx, false);
            x->mode = M_VAR;
            x->type = a->elem;
            return;
        }
        break;
    case K_SLICE:
        index_const(c, ie, -1, &idx, false);
        x->mode = M_VAR;
        x->type = u->elem;
        return;
    case K_MAP: {
        operand k;
        expr_hint(c, &k, ie, u->key);
        assignment(c, &k, u->key, "map index");
        x->mode = M_MAPINDEX;
        x->type = u->elem;
        return;
    }
    default:
        break;
    }
    check_errorf(c, expr_start(e->index.x), "invalid operation: cannot index %s", opstr(c, x));
    operand y;
    expr(c, &y, ie);
    invalid(x);
}

static void slice_expr(checker *c, operand *x, ast_expr *e) {
    expr(c, x, e->slice.x);
    if (x->mode == M_INVALID) {
        operand y;
        if (e->slice.lo) expr(c, &y, e->slice.lo);
        if (e->slice.hi) expr(c, &y, e->slice.hi);
        if (e->slice.max) expr(c, &y, e->slice.max);
        return;
    }
    gtype *u = under(x->type);
    int64_t length = -1;
    bool valid = false;
    gtype *result = x->type;
    switch (u->kind) {
    case K_STRING:
    case K_UNTYPED_STRING:
        if (e->slice.slice3) {
            check_errorf(c, e->slice.max ? expr_start(e->slice.max) : e->pos, "invalid operation: 3-index slice of string");
            invalid(x);
            return;
        }
        valid = true;
        if (x->mode == M_CONST) {
            size_t n;
            gconst_string_val(x->val, &n);
            length = (int64_t)n;
        }
        if (is_untyped(u)) result = &types_basic[K_STRING];
        break;
    case K_ARRAY:
        valid = true;
        length = u->len;
        if (x->mode != M_VAR) {
            check_errorf(c, expr_start(e->slice.x), "invalid operation: %s (slice of unaddressable value)",
                         opstr(c, x));
            invalid(x);
            return;
        }
        result = type_slice(c->a, u->elem);
        break;
    case K_POINTER:
        if (under(u->elem)->kind == K_ARRAY) {
            valid = true;
            length = under(u->elem)->len;
            result = type_slice(c->a, under(u->elem)->elem);
        }
        break;
    case K_SLICE:
        valid = true;
        break;
    default:
        break;
    }
    if (!valid) {
        check_errorf(c, expr_start(e->slice.x), "invalid operation: cannot slice %s", opstr(c, x));
        invalid(x);
        return;
    }
    int64_t v[3] = {-1, -1, -1};
    ast_expr *ix[3] = {e->slice.lo, e->slice.hi, e->slice.max};
    for (int i = 0; i < 3; i++)
        if (ix[i]) index_const(c, ix[i], length, &v[i], true);
    /* Constant indices must be non-decreasing. */
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            if (v[i] >= 0 && v[j] >= 0 && v[i] > v[j]) {
                check_errorf(c, expr_start(ix[j]), "invalid slice indices: %lld < %lld", (long long)v[j],
                             (long long)v[i]);
                i = j = 3;
            }
    x->mode = M_VALUE;
    x->type = result;
}

/* ---- unary and binary ---- */

static bool op_ok(checker *c, operand *x, token op, bool unary) {
    gtype *t = x->type;
    bool ok;
    switch (op) {
    case T_ADD:
        ok = unary ? is_numeric(t) : (is_numeric(t) || is_string(t));
        break;
    case T_SUB: case T_MUL: case T_QUO: ok = is_numeric(t); break;
    case T_REM: case T_AND: case T_OR: case T_AND_NOT: ok = is_integer(t); break;
    case T_XOR: ok = is_integer(t); break;
    case T_NOT: case T_LAND: case T_LOR: ok = is_boolean(t); break;
    default: ok = false;
    }
    if (!ok) {
        const char *ts = x->mode == M_NIL ? "nil" : opstr(c, x);
        check_errorf(c, expr_start(x->expr), "invalid operation: operator %s not defined on %s", token_text(op), ts);
    }
    return ok;
}

static gconst_op const_op(token op) {
    switch (op) {
    case T_ADD: return GCONST_ADD;
    case T_SUB: return GCONST_SUB;
    case T_MUL: return GCONST_MUL;
    case T_QUO: return GCONST_QUO;
    case T_REM: return GCONST_REM;
    case T_AND: return GCONST_AND;
    case T_OR: return GCONST_OR;
    case T_XOR: return GCONST_XOR;
    case T_AND_NOT: return GCONST_AND_NOT;
    case T_LAND: return GCONST_LAND;
    case T_LOR: return GCONST_LOR;
    case T_EQL: return GCONST_EQL;
    case T_NEQ: return GCONST_NEQ;
    case T_LSS: return GCONST_LSS;
    case T_LEQ: return GCONST_LEQ;
    case T_GTR: return GCONST_GTR;
    case T_GEQ: return GCONST_GEQ;
    case T_SHL: return GCONST_SHL;
    case T_SHR: return GCONST_SHR;
    case T_NOT: return GCONST_NOT;
    default: return GCONST_ADD;
    }
}

/* overflow: after a constant operation at pos. */
static void overflow(checker *c, operand *x, srcpos pos, gconst_op op, bool unary) {
    if (gconst_kind_of(x->val) == GCONST_UNKNOWN) {
        check_errorf(c, pos, "constant result is not representable");
        invalid(x);
        return;
    }
    if (!is_untyped(x->type)) {
        if (!representable(c, x, under(x->type), true)) invalid(x);
        return;
    }
    if (gconst_int_overflows(x->val)) {
        const char *n = gconst_op_name(op, unary);
        check_errorf(c, pos, "constant %s overflow", n);
        x->val = gconst_unknown(c->cc);
        invalid(x);
    }
}

static void unary(checker *c, operand *x, ast_expr *e, gtype *hint) {
    token op = e->unary.op;
    if (op == T_AND) {
        ast_expr *xe = e->unary.x;
        while (xe->kind == E_PAREN) xe = xe->paren.x;
        if (xe->kind == E_COMPOSITE) {
            gtype *h = NULL;
            if (hint && under(hint)->kind == K_POINTER) h = under(hint)->elem;
            raw_expr(c, x, xe, h, false, false);
            if (x->mode == M_INVALID) return;
            x->mode = M_VALUE;
            x->type = type_pointer(c->a, x->type);
            return;
        }
        expr(c, x, e->unary.x);
        if (x->mode == M_INVALID) return;
        if (x->mode != M_VAR) {
            check_errorf(c, expr_start(e), "invalid operation: cannot take address of %s", opstr(c, x));
            invalid(x);
            return;
        }
        x->mode = M_VALUE;
        x->type = type_pointer(c->a, x->type);
        return;
    }
    if (op == T_ARROW) {
        expr(c, x, e->unary.x);
        if (x->mode == M_INVALID) return;
        gtype *u = under(x->type);
        if (u->kind != K_CHAN) {
            check_errorf(c, expr_start(e), "invalid operation: cannot receive from non-channel %s", opstr(c, x));
            invalid(x);
            return;
        }
        if (u->dir == DIR_SEND) {
            check_errorf(c, expr_start(e), "invalid operation: cannot receive from send-only channel %s",
                         opstr(c, x));
            invalid(x);
            return;
        }
        x->mode = M_COMMAOK;
        x->type = u->elem;
        return;
    }
    if (op == T_TILDE) {
        check_errorf(c, e->pos, "generics are not supported by gort");
        invalid(x);
        return;
    }
    expr(c, x, e->unary.x);
    if (x->mode == M_INVALID) return;
    if (!op_ok(c, x, op, true)) {
        invalid(x);
        return;
    }
    if (x->mode == M_CONST) {
        gconst_err err;
        gtype *u = under(x->type);
        unsigned bits = gconst_basic_bits(const_basic(u));
        bool uns = is_unsigned(u) && !is_untyped(u);
        gconst_op cop = op == T_ADD ? GCONST_ADD : op == T_SUB ? GCONST_SUB : op == T_XOR ? GCONST_XOR : GCONST_NOT;
        x->val = gconst_unary(c->cc, cop, x->val, bits, uns, &err);
        x->expr = e;
        overflow(c, x, e->pos, cop, true);
        return;
    }
    x->mode = M_VALUE;
}

static bool is_comparison(token op) {
    return op == T_EQL || op == T_NEQ || op == T_LSS || op == T_LEQ || op == T_GTR || op == T_GEQ;
}

/* match_types: converts untyped operands to each other's type. */
static void match_types(checker *c, operand *x, operand *y) {
    bool xu = is_untyped(x->type), yu = is_untyped(y->type);
    if (xu && !yu) {
        if (y->type->kind == K_INVALID) return;
        /* may fail: reported by the caller as mismatched types */
        int code;
        gconst *v;
        gtype *nt = implicit_type(c, x, y->type, &code, &v);
        if (nt) {
            if (v) x->val = v;
            x->type = nt;
            if (x->expr) update_untyped(c, x->expr, nt);
            if (x->mode == M_NIL && x->expr) x->expr->type = nt;
        } else if (code == 2 || code == 3) {
            check_errorf(c, expr_start(x->expr), code == 2 ? "%s truncated to %s" : "%s overflows %s", opstr(c, x),
                         tstr(c, under(y->type)));
            invalid(x);
        }
    } else if (yu && !xu) {
        match_types(c, y, x);
    } else if (xu && yu && x->mode != M_NIL && y->mode != M_NIL) {
        bool xn = x->type->info & I_NUMERIC, yn = y->type->info & I_NUMERIC;
        if (xn && yn) {
            gtype *t = x->type->kind > y->type->kind ? x->type : y->type;
            x->type = t;
            y->type = t;
        }
    }
}

const char *incomparable_cause(checker *c, gtype *t) {
    gtype *u = under(t);
    switch (u->kind) {
    case K_SLICE: return "slice can only be compared to nil";
    case K_FUNC: return "func can only be compared to nil";
    case K_MAP: return "map can only be compared to nil";
    case K_STRUCT:
        for (int i = 0; i < u->nvars; i++)
            if (!types_comparable(u->vars[i]->type))
                return arena_printf(c->a, "struct containing %s cannot be compared", tstr(c, u->vars[i]->type));
        break;
    case K_ARRAY:
        return arena_printf(c->a, "%s cannot be compared", tstr(c, t));
    default: break;
    }
    return "";
}

/* kind_string: how types2 names an operand's type in "operator < not
 * defined on ...": the kind for composite types, else the type. */
static const char *kind_string(checker *c, gtype *t) {
    switch (under(t)->kind) {
    case K_ARRAY: return "array";
    case K_SLICE: return "slice";
    case K_STRUCT: return "struct";
    case K_POINTER: return "pointer";
    case K_FUNC: return "func";
    case K_INTERFACE: return "interface";
    case K_MAP: return "map";
    case K_CHAN: return "chan";
    default: return tstr(c, t);
    }
}

static void comparison(checker *c, operand *x, operand *y, token op, ast_expr *e) {
    const char *cause = NULL;
    operand *errop = x;
    char why[512];
    bool ok = assignable_to(c, x, y->type, why, sizeof why) || assignable_to(c, y, x->type, why, sizeof why);
    if (ok) {
        if (op == T_EQL || op == T_NEQ) {
            if (x->mode == M_NIL || y->mode == M_NIL) {
                gtype *t = x->mode == M_NIL ? y->type : x->type;
                if (!has_nil(t) || (x->mode == M_NIL && y->mode == M_NIL)) {
                    ok = false;
                    errop = x->mode == M_NIL ? y : x;
                    if (x->mode == M_NIL && y->mode == M_NIL)
                        cause = arena_printf(c->a, "operator %s not defined on untyped nil", token_text(op));
                    else
                        cause = arena_printf(c->a, "mismatched types %s and %s", x->mode == M_NIL ? "untyped nil" : tstr(c, x->type),
                                             y->mode == M_NIL ? "untyped nil" : tstr(c, y->type));
                }
            } else if (!types_comparable(x->type)) {
                ok = false;
                errop = x;
                cause = incomparable_cause(c, x->type);
            } else if (!types_comparable(y->type)) {
                ok = false;
                errop = y;
                cause = incomparable_cause(c, y->type);
            }
        } else {
            if (!is_ordered(x->type)) {
                ok = false;
                errop = x;
                cause = arena_printf(c->a, "operator %s not defined on %s", token_text(op), kind_string(c, x->type));
            } else if (!is_ordered(y->type)) {
                ok = false;
                errop = y;
                cause = arena_printf(c->a, "operator %s not defined on %s", token_text(op), kind_string(c, y->type));
            }
        }
    } else {
        errop = y;
        cause = arena_printf(c->a, "mismatched types %s and %s", x->mode == M_NIL ? "untyped nil" : tstr(c, x->type),
                             y->mode == M_NIL ? "untyped nil" : tstr(c, y->type));
    }
    if (!ok) {
        /* types2 reports at the operand at fault */
        srcpos at = errop == y ? expr_start(e->binary.y) : expr_start(e);
        check_errorf(c, at, "invalid operation: %s %s %s (%s)", exprstr(c, e->binary.x), token_text(op),
                     exprstr(c, e->binary.y), cause);
        invalid(x);
        return;
    }
    if (x->mode == M_CONST && y->mode == M_CONST) {
        x->val = gconst_bool(c->cc, gconst_compare(x->val, const_op(op), y->val));
        x->mode = M_CONST;
    } else {
        x->mode = M_VALUE;
        /* The operands take their default types. */
        default_operand(c, x);
        default_operand(c, y);
        if (x->mode == M_NIL && x->expr) x->expr->type = y->type;
        if (y->mode == M_NIL && y->expr) y->expr->type = x->type;
    }
    x->type = &types_basic[K_UNTYPED_BOOL];
}

static void shift(checker *c, operand *x, operand *y, token op, ast_expr *e) {
    /* The shifted operand must be an integer (or an untyped constant
     * representable as one). */
    if (x->mode == M_CONST && is_untyped(x->type)) {
        if (gconst_is_integral(x->val)) {
            x->val = gconst_to_int(c->cc, x->val);
            if (x->type->kind == K_UNTYPED_FLOAT) x->type = &types_basic[K_UNTYPED_INT];
        }
    }
    if (!is_integer(x->type) && !(x->mode == M_CONST && is_untyped(x->type) && gconst_is_integral(x->val))) {
        check_errorf(c, expr_start(x->expr), "invalid operation: shifted operand %s must be integer", opstr(c, x));
        invalid(x);
        return;
    }
    /* The count: an integer, or an untyped constant representable as uint. */
    if (y->mode == M_CONST) {
        gconst *yv = gconst_to_int(c->cc, y->val);
        if (gconst_kind_of(yv) != GCONST_INT || (!is_untyped(y->type) && !is_integer(y->type))) {
            check_errorf(c, expr_start(y->expr), "invalid operation: shift count %s must be integer", opstr(c, y));
            invalid(x);
            return;
        }
        if (gconst_sign(yv) < 0) {
            check_errorf(c, expr_start(y->expr), "invalid operation: negative shift count %s", opstr(c, y));
            invalid(x);
            return;
        }
        if (is_untyped(y->type)) {
            convert_untyped(c, y, &types_basic[K_UINT]);
            if (y->mode == M_INVALID) {
                invalid(x);
                return;
            }
        }
        y->val = yv;
    } else {
        if (is_untyped(y->type)) {
            convert_untyped(c, y, &types_basic[K_UINT]);
            if (y->mode == M_INVALID) {
                invalid(x);
                return;
            }
        }
        if (!is_integer(y->type)) {
            check_errorf(c, expr_start(y->expr), "invalid operation: shift count %s must be integer", opstr(c, y));
            invalid(x);
            return;
        }
    }
    if (x->mode == M_CONST) {
        if (y->mode == M_CONST) {
            uint64_t s;
            if (gconst_kind_of(x->val) == GCONST_UNKNOWN || gconst_kind_of(y->val) == GCONST_UNKNOWN) {
                x->val = gconst_unknown(c->cc);
                return;
            }
            if (!gconst_uint64_val(y->val, &s) || s > GCONST_MAX_SHIFT) {
                check_errorf(c, expr_start(y->expr), "invalid shift count %s", opstr(c, y));
                invalid(x);
                return;
            }
            gconst_err err;
            x->val = gconst_shift(c->cc, gconst_to_int(c->cc, x->val), const_op(op), s, &err);
            x->expr = e;
            overflow(c, x, e->pos, GCONST_SHL, false);
            return;
        }
        if (is_untyped(x->type)) {
            /* Non-constant shift of an untyped constant: the constant takes
             * the type the context gives the whole expression; remember it
             * as an untyped value of the constant's kind. */
            x->mode = M_VALUE;
            return;
        }
    }
    x->mode = M_VALUE;
}

static void binary(checker *c, operand *x, ast_expr *e, ast_expr *lhs, ast_expr *rhs, token op) {
    operand y;
    expr(c, x, lhs);
    expr(c, &y, rhs);
    if (x->mode == M_INVALID) return;
    if (y.mode == M_INVALID) {
        invalid(x);
        return;
    }
    if (op == T_SHL || op == T_SHR) {
        shift(c, x, &y, op, e);
        return;
    }
    match_types(c, x, &y);
    if (x->mode == M_INVALID) return;
    if (y.mode == M_INVALID) {
        invalid(x);
        return;
    }
    if (is_comparison(op)) {
        comparison(c, x, &y, op, e);
        return;
    }
    if (!types_identical(x->type, y.type)) {
        if (x->type->kind != K_INVALID && y.type->kind != K_INVALID)
            check_errorf(c, expr_start(e), "invalid operation: %s (mismatched types %s and %s)", exprstr(c, e),
                         x->mode == M_NIL ? "untyped nil" : tstr(c, x->type),
                         y.mode == M_NIL ? "untyped nil" : tstr(c, y.type));
        invalid(x);
        return;
    }
    if (!op_ok(c, x, op, false)) {
        invalid(x);
        return;
    }
    if (op == T_QUO || op == T_REM) {
        if ((x->mode == M_CONST || is_integer(x->type)) && y.mode == M_CONST && gconst_sign(y.val) == 0 &&
            gconst_kind_of(y.val) != GCONST_UNKNOWN) {
            check_errorf(c, expr_start(y.expr), "invalid operation: division by zero");
            invalid(x);
            return;
        }
    }
    if (x->mode == M_CONST && y.mode == M_CONST) {
        gconst_op cop = const_op(op);
        if (op == T_QUO && is_integer(x->type)) cop = GCONST_QUO_INT;
        gconst *xv = x->val, *yv = y.val;
        if (cop == GCONST_QUO_INT || cop == GCONST_REM || cop == GCONST_AND || cop == GCONST_OR ||
            cop == GCONST_XOR || cop == GCONST_AND_NOT) {
            xv = gconst_to_int(c->cc, xv);
            yv = gconst_to_int(c->cc, yv);
        }
        gconst_err err;
        x->val = gconst_binary(c->cc, xv, cop, yv, &err);
        if (err == GCONST_EDIVZERO) {
            check_errorf(c, expr_start(y.expr), "invalid operation: division by zero");
            invalid(x);
            return;
        }
        x->expr = e;
        overflow(c, x, e->pos, cop, false);
        return;
    }
    x->mode = M_VALUE;
}

/* ---- type assertions and conversions ---- */

static void type_assert(checker *c, operand *x, ast_expr *e) {
    expr(c, x, e->typeassert.x);
    if (x->mode == M_INVALID) {
        if (e->typeassert.type) typexpr(c, e->typeassert.type);
        return;
    }
    if (!e->typeassert.type) {
        check_errorf(c, e->pos, "invalid syntax tree: use of .(type) outside type switch");
        invalid(x);
        return;
    }
    if (!is_interface(x->type)) {
        check_errorf(c, expr_start(e->typeassert.x), "invalid operation: %s is not an interface", opstr(c, x));
        typexpr(c, e->typeassert.type);
        invalid(x);
        return;
    }
    gtype *T = typexpr(c, e->typeassert.type);
    if (!T) {
        invalid(x);
        return;
    }
    gobj *missing, *wrong = NULL;
    ensure_methods(c, T, 0);
    if (!assertable_to(c->a, under(x->type), T, &missing, &wrong)) {
        tbuf b = {0};
        missing_reason(c, &b, missing, wrong);
        check_errorf(c, expr_start(e->typeassert.x), "impossible type assertion: %s\n\t%s does not implement %s %s",
                     exprstr(c, e), tstr(c, T), tstr(c, x->type), b.buf);
        free(b.buf);
        invalid(x);
        return;
    }
    x->mode = M_COMMAOK;
    x->type = T;
}

static bool convertible(checker *c, operand *x, gtype *T) {
    if (assignable_to(c, x, T, NULL, 0)) return true;
    gtype *V = x->type, *Vu = under(V), *Tu = under(T);
    if (types_identical_ignore_tags(Vu, Tu)) return true;
    if (Vu->kind == K_POINTER && Tu->kind == K_POINTER && V->kind != K_NAMED && T->kind != K_NAMED &&
        types_identical_ignore_tags(under(Vu->elem), under(Tu->elem)))
        return true;
    if ((is_integer(Vu) || is_float(Vu)) && (is_integer(Tu) || is_float(Tu))) return true;
    if (is_string(Tu) && (is_integer(Vu) ||
                          (Vu->kind == K_SLICE && (under(Vu->elem)->kind == K_UINT8 || under(Vu->elem)->kind == K_INT32))))
        return true;
    if (is_string(Vu) && Tu->kind == K_SLICE &&
        (under(Tu->elem)->kind == K_UINT8 || under(Tu->elem)->kind == K_INT32))
        return true;
    /* slice to array pointer (Go 1.17) */
    if (Vu->kind == K_SLICE && Tu->kind == K_POINTER && under(Tu->elem)->kind == K_ARRAY &&
        types_identical(Vu->elem, under(Tu->elem)->elem))
        return true;
    return false;
}

void conversion(checker *c, operand *x, gtype *T, ast_expr *call) {
    bool constarg = x->mode == M_CONST;
    bool ok;
    if (constarg && is_const_type(T)) {
        gconst *out = NULL;
        gtype *tu = under(T);
        if (is_untyped(x->type) && is_string(tu) && !(x->type->info & I_INTEGER) && !(x->type->info & I_STRING)) {
            ok = false;
        } else {
            gconst_repr r = gconst_convert(c->cc, x->val, const_basic(x->type), const_basic(tu), &out);
            ok = r == GCONST_REPR_OK;
            if (!ok && (r == GCONST_REPR_TRUNCATED) && is_untyped(x->type)) {
                check_errorf(c, expr_start(x->expr), "cannot convert %s to type %s (truncated)", opstr(c, x), tstr(c, T));
                invalid(x);
                return;
            }
            if (!ok && r == GCONST_REPR_OVERFLOWS && !is_untyped(x->type)) {
                check_errorf(c, expr_start(x->expr), "cannot convert %s to type %s (overflows)", opstr(c, x),
                             tstr(c, T));
                invalid(x);
                return;
            }
            if (!ok && r == GCONST_REPR_INVALID) ok = false;
            else if (ok) x->val = out;
        }
        if (!ok && convertible(c, x, T) && (x->mode != M_CONST || !is_numeric(x->type) || !is_numeric(T))) {
            /* e.g. a typed constant converted to a non-constant type */
        }
    } else if (constarg && !is_const_type(T)) {
        ok = convertible(c, x, T);
        if (ok) {
            if (is_untyped(x->type) && x->expr) {
                gtype *d = default_type(x->type);
                if (x->type->kind == K_UNTYPED_NIL) d = T;
                update_untyped(c, x->expr, d);
            }
            x->mode = M_VALUE;
        }
    } else {
        ok = convertible(c, x, T);
        if (ok && is_untyped(x->type)) {
            gtype *final = T;
            if (under(T)->kind == K_INTERFACE || (is_untyped(x->type) && x->type->kind != K_UNTYPED_NIL &&
                                                  !is_basic(under(T))))
                final = default_type(x->type);
            if (x->mode == M_NIL) final = T;
            if (x->expr) update_untyped(c, x->expr, final);
            else x->type = final;
        }
        if (ok) x->mode = M_VALUE;
    }
    if (!ok) {
        if (x->mode == M_NIL)
            check_errorf(c, expr_start(x->expr), "cannot convert nil to type %s", tstr(c, T));
        else {
            /* The cause, as types2's convertibleTo gives it: why x is not
             * assignable to T (a missing method, ...). */
            char why[1024];
            if (!assignable_to(c, x, T, why, sizeof why) && why[0])
                check_errorf(c, expr_start(x->expr), "cannot convert %s to type %s:\n\t%s", opstr(c, x), tstr(c, T),
                             why);
            else
                check_errorf(c, expr_start(x->expr), "cannot convert %s to type %s", opstr(c, x), tstr(c, T));
        }
        invalid(x);
        return;
    }
    (void)call;
    x->type = T;
}

/* ---- function literals ---- */

void func_body(checker *c, gobj *fobj, gtype *sig, ast_stmt *body);

static void func_lit(checker *c, operand *x, ast_expr *e) {
    gscope *s = scope_new(c->a, c->scope);
    s->func = true;
    gscope *saved = c->scope;
    c->scope = s;
    gtype *sig = typexpr(c, e->funclit.type);
    c->scope = saved;
    if (!sig) {
        invalid(x);
        return;
    }
    /* Parameters were declared in a scope made by typexpr; redo them in s. */
    gtype *t = check_functype(c, NULL, e->funclit.type, &s);
    if (e->funclit.body) {
        gscope *sv = c->scope;
        c->scope = s;
        func_body(c, NULL, t, e->funclit.body);
        c->scope = sv;
    }
    x->mode = M_VALUE;
    x->type = t;
}

/* ---- the dispatcher ---- */

void raw_expr(checker *c, operand *x, ast_expr *e, gtype *hint, bool allowtype, bool allowmulti) {
    x->mode = M_INVALID;
    x->type = types_invalid;
    x->val = NULL;
    x->expr = e;
    switch (e->kind) {
    case E_BAD: break;
    case E_IDENT: ident(c, x, e, allowtype); break;
    case E_BASICLIT: basic_lit(c, x, e); break;
    case E_COMPOSITE: composite_lit(c, x, e, hint); break;
    case E_FUNCLIT: func_lit(c, x, e); break;
    case E_PAREN:
        raw_expr(c, x, e->paren.x, hint, allowtype, false);
        x->expr = e;
        break;
    case E_SELECTOR: selector(c, x, e); break;
    case E_INDEX: index_expr(c, x, e, hint); break;
    case E_SLICE: slice_expr(c, x, e); break;
    case E_TYPEASSERT: type_assert(c, x, e); break;
    case E_CALL: check_call(c, x, e); break;
    case E_STAR:
        raw_expr(c, x, e->star.x, NULL, true, false);
        if (x->mode == M_INVALID) break;
        if (x->mode == M_TYPEXPR) {
            x->type = type_pointer(c->a, x->type);
            break;
        }
        if (x->mode == M_NIL) {
            check_errorf(c, expr_start(e), "invalid operation: cannot indirect nil");
            invalid(x);
            break;
        }
        single_value(c, x);
        if (x->mode == M_INVALID) break;
        if (under(x->type)->kind != K_POINTER) {
            check_errorf(c, expr_start(e), "invalid operation: cannot indirect %s", opstr(c, x));
            invalid(x);
            break;
        }
        x->mode = M_VAR;
        x->type = under(x->type)->elem;
        break;
    case E_UNARY: unary(c, x, e, hint); break;
    case E_BINARY: binary(c, x, e, e->binary.x, e->binary.y, e->binary.op); break;
    case E_KEYVALUE:
        check_errorf(c, e->pos, "unexpected key:value expression");
        break;
    case E_ARRAYTYPE: case E_SLICETYPE: case E_STRUCTTYPE: case E_FUNCTYPE:
    case E_INTERFACETYPE: case E_MAPTYPE: case E_CHANTYPE: {
        gtype *t = typexpr(c, e);
        if (t) {
            x->mode = M_TYPEXPR;
            x->type = t;
        }
        break;
    }
    case E_ELLIPSIS:
        check_errorf(c, e->pos, "invalid use of ...");
        break;
    default: break;
    }
    x->expr = e;
    (void)allowmulti;
    if (x->mode != M_INVALID && !x->type) x->type = types_invalid;
    record(c, x);
}

/* expr: a single value (not a type). */
void expr(checker *c, operand *x, ast_expr *e) { expr_hint(c, x, e, NULL); }

/* Reports an operand that is not a value (a type, an uncalled built-in,
 * a call without results) and invalidates it; returns whether x is one. */
static bool need_value(checker *c, operand *x, ast_expr *e) {
    const char *what;
    switch (x->mode) {
    case M_TYPEXPR: what = "%s (type) is not an expression"; break;
    case M_BUILTIN: what = "%s (built-in) must be called"; break;
    case M_NOVALUE: what = "%s (no value) used as value"; break;
    default: return true;
    }
    check_errorf(c, expr_start(e), what, exprstr(c, e));
    invalid(x);
    return false;
}

void expr_hint(checker *c, operand *x, ast_expr *e, gtype *hint) {
    raw_expr(c, x, e, hint, false, false);
    if (need_value(c, x, e)) single_value(c, x);
}

/* expr_hint_multi is expr_hint that leaves a multi-valued call's tuple
 * to the caller (assignments report it as a count mismatch). */
void expr_hint_multi(checker *c, operand *x, ast_expr *e, gtype *hint) {
    raw_expr(c, x, e, hint, false, true);
    need_value(c, x, e);
}

void expr_or_type(checker *c, operand *x, ast_expr *e) {
    raw_expr(c, x, e, NULL, true, false);
    if (x->mode == M_NOVALUE) {
        check_errorf(c, expr_start(e), "%s (no value) used as value", exprstr(c, e));
        invalid(x);
    } else if (x->mode != M_TYPEXPR) {
        single_value(c, x);
    }
}

void multi_expr(checker *c, operand *x, ast_expr *e) {
    raw_expr(c, x, e, NULL, false, true);
    need_value(c, x, e);
}
