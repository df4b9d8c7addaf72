/*
 * check_decl.c: declarations and type expressions.
 *
 * Package-level objects are declared on demand: decl_object checks an
 * object's declaration the first time it is needed, whether that is its
 * turn in source order or a use in another declaration. Objects being
 * declared are grey and sit on checker.path; meeting a grey constant or
 * variable again is an initialization loop, reported with the path. Named
 * types are created when they are collected (check.c), so a type can refer
 * to itself through a pointer, slice, map, channel or function; what makes
 * a type invalid is containing itself by value (a struct field or array
 * element of its own type, or `type T T`), which valid_type detects by
 * walking the type with the named types on the current path.
 *
 * Constants: each name of a spec takes the corresponding value of its spec
 * (or of the last spec with values, for the implicit repetition in a group),
 * evaluated with the spec's iota. Variables with a single multi-valued
 * initialiser (`var a, b = f()`) are checked once for the whole spec.
 *
 * Methods are attached to their receiver's base type before any body is
 * checked (collect_methods), so method sets are complete when lookups
 * happen; their signatures are checked on demand like other objects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static gscope *file_scope(checker *c, ast_file *f);

/* ---- cycles ---- */

static void path_push(checker *c, gobj *o) {
    if (c->npath == c->cappath) {
        c->cappath = c->cappath ? c->cappath * 2 : 16;
        c->path = realloc(c->path, sizeof *c->path * (size_t)c->cappath);
    }
    c->path[c->npath++] = o;
}

static void cycle_error(checker *c, gobj **cyc, int n, const char *what) {
    /* Start at the object declared first in the source. */
    int first = 0;
    for (int i = 1; i < n; i++)
        if (srcpos_cmp(cyc[i]->pos, cyc[first]->pos) < 0) first = i;
    tbuf b = {0};
    tbuf_printf(&b, "%s %s", what, cyc[first]->name);
    char buf[512];
    for (int k = 0; k < n; k++) {
        gobj *o = cyc[(first + k) % n];
        srcpos_format(&c->d->files, o->pos, buf, sizeof buf);
        tbuf_printf(&b, "\n\t%s: %s refers to", buf, o->name);
    }
    srcpos_format(&c->d->files, cyc[first]->pos, buf, sizeof buf);
    tbuf_printf(&b, "\n\t%s: %s", buf, cyc[first]->name);
    check_errorf(c, cyc[first]->pos, "%s", b.buf);
    free(b.buf);
}

/* check_cycle: o is grey; report the loop on the path from o. Returns
 * true when a loop was reported. */
bool check_cycle(checker *c, gobj *o) {
    int start = -1;
    for (int i = c->npath - 1; i >= 0; i--)
        if (c->path[i] == o) {
            start = i;
            break;
        }
    if (start < 0) return false;
    int nvals = 0, ntypes = 0;
    for (int i = start; i < c->npath; i++) {
        if (c->path[i]->kind == O_TYPE) ntypes++;
        else if (c->path[i]->kind == O_CONST || c->path[i]->kind == O_VAR) nvals++;
    }
    if (nvals == 0 && ntypes == 0) return false; /* functions may recurse */
    if (ntypes > 0 && nvals == 0) {
        cycle_error(c, &c->path[start], c->npath - start, "invalid recursive type");
        return true;
    }
    if (ntypes == 0 && nvals == c->npath - start) {
        /* Constants and variables only: the object is invalid, and the
         * loop is reported with all others by check_init_order. */
        return true;
    }
    if (ntypes == 0) {
        cycle_error(c, &c->path[start], c->npath - start, "initialization loop for");
        return true;
    }
    cycle_error(c, &c->path[start], c->npath - start, "invalid cycle in declaration of");
    return true;
}

/* ---- type expressions ---- */

static gtype *array_length_type(checker *c, ast_expr *e, gtype *elem);

static gtype *ident_type(checker *c, ast_expr *e) {
    gobj *o = lookup_use(c, e->ident.name);
    if (!o) {
        if (e->ident.name == c->name_blank)
            check_errorf(c, e->pos, "cannot use _ as value or type");
        else
            check_errorf(c, e->pos, "undefined: %s", e->ident.name);
        return NULL;
    }
    e->ident.obj = o;
    if (o->kind != O_TYPE) {
        if (o->kind == O_PKGNAME) {
            check_errorf(c, e->pos, "use of package %s not in selector", o->name);
        } else {
            /* types2 words it with the operand (and so uses a variable). */
            operand x;
            int before = diag_count(c->d);
            raw_expr(c, &x, e, NULL, false, false);
            if (x.mode != M_INVALID)
                check_errorf(c, e->pos, "%s is not a type", opstr(c, &x));
            else if (diag_count(c->d) == before) /* e.g. a function whose signature is being checked */
                check_errorf(c, e->pos, "%s is not a type", e->ident.name);
        }
        return NULL;
    }
    if (o->pkglevel && o->color != COLOR_BLACK) decl_object(c, o);
    if (!o->pkglevel && !o->type && o->color == COLOR_GREY) {
        /* A local alias used in its own declaration. */
        if (!check_cycle(c, o)) check_errorf(c, e->pos, "invalid recursive type %s", o->name);
        return NULL;
    }
    if (o->type == c->u->comparable) {
        check_errorf(c, e->pos, "cannot use type comparable outside a type constraint: interface is (or embeds) comparable");
        return NULL;
    }
    if (o->type && is_basic(o->type) && (o->type->info & I_COMPLEX)) {
        check_errorf(c, e->pos, "complex numbers are not supported by gort");
        return NULL;
    }
    return o->type;
}

static gtype *qualified_type(checker *c, ast_expr *e) {
    ast_expr *x = e->selector.x;
    if (x->kind == E_IDENT) {
        gobj *p = scope_lookup(c->scope, x->ident.name, NULL);
        if (p && p->kind == O_PKGNAME) {
            p->used = true;
            x->ident.obj = p;
            const char *name = e->selector.sel->ident.name;
            gobj *o = scope_lookup_local(p->imported->scope, name);
            unsigned char ch = (unsigned char)name[0];
            if (!o || !(ch >= 'A' && ch <= 'Z')) {
                if (o)
                    check_errorf(c, e->selector.sel->pos, "name %s not exported by package %s", name,
                                 p->imported->name);
                else
                    check_errorf(c, e->selector.sel->pos, "undefined: %s.%s", x->ident.name, name);
                return NULL;
            }
            e->selector.sel->ident.obj = o;
            if (o->kind != O_TYPE) {
                check_errorf(c, expr_start(e), "%s.%s is not a type", x->ident.name, name);
                return NULL;
            }
            return o->type;
        }
    }
    operand op;
    raw_expr(c, &op, e, NULL, true, false);
    if (op.mode == M_INVALID) return NULL;
    if (op.mode != M_TYPEXPR) {
        check_errorf(c, expr_start(e), "%s is not a type", exprstr(c, e));
        return NULL;
    }
    return op.type;
}

static gtype *func_type(checker *c, ast_expr *e, gscope *scope, ast_fields *recv, gobj **recvobj);

/* Go's check of an interface's method set: the explicit methods are
 * entered first at their own positions, then each embedded interface's
 * methods at the embedding's position; a method met again through embedding
 * with a different signature is a "duplicate method" at the later position.
 * (A second explicit method of the same name was reported while collecting.) */
static void iface_embedded_dups(checker *c, gtype *t) {
    int n = t->nmethods;
    for (int i = 0; i < t->nembeddeds; i++) {
        gtype *eu = under(t->embeddeds[i]);
        if (eu->kind == K_INTERFACE) n += eu->nall;
    }
    if (n == t->nmethods) return;
    gobj **seen = ARENA_ARRAY(c->a, gobj *, n);
    srcpos *at = ARENA_ARRAY(c->a, srcpos, n);
    int k = 0;
    for (int i = 0; i < t->nmethods; i++) {
        seen[k] = t->methods[i];
        at[k++] = t->methods[i]->pos;
    }
    for (int i = 0; i < t->nembeddeds; i++) {
        gtype *eu = under(t->embeddeds[i]);
        if (eu->kind != K_INTERFACE) continue;
        for (int j = 0; j < eu->nall; j++) {
            gobj *m = eu->all[j];
            int q = 0;
            while (q < k && !(seen[q]->name == m->name && (seen[q]->pkg == m->pkg || (m->name[0] >= 'A' && m->name[0] <= 'Z'))))
                q++;
            if (q == k) {
                seen[k] = m;
                at[k++] = t->embedpos[i];
            } else if (!types_identical(seen[q]->type, m->type)) {
                char buf[512];
                srcpos_format(&c->d->files, at[q], buf, sizeof buf);
                check_errorf(c, t->embedpos[i], "duplicate method %s\n\t%s: other declaration of %s", m->name, buf,
                             m->name);
            }
        }
    }
}

static gtype *interface_type(checker *c, ast_expr *e, gtype *def) {
    gtype *t = type_new(c->a, K_INTERFACE);
    ast_fields *fl = &e->iface.elems;
    t->methods = ARENA_ARRAY(c->a, gobj *, fl->n ? fl->n : 1);
    t->embeddeds = ARENA_ARRAY(c->a, gtype *, fl->n ? fl->n : 1);
    t->embedpos = ARENA_ARRAY(c->a, srcpos, fl->n ? fl->n : 1);
    (void)def;
    for (int i = 0; i < fl->n; i++) {
        ast_field *f = fl->v[i];
        if (!f->type) continue;
        if (f->nnames == 0) {
            ast_expr *te = f->type;
            if (te->kind == E_UNARY || te->kind == E_BINARY) {
                check_errorf(c, te->pos, "generics are not supported by gort");
                continue;
            }
            gtype *et = typexpr(c, te);
            if (!et) continue;
            gtype *eu = et->kind == K_NAMED && !et->under ? NULL : under(et);
            if (eu && eu->kind != K_INTERFACE && eu->kind != K_INVALID) {
                check_errorf(c, expr_start(te), "generics are not supported by gort");
                continue;
            }
            t->embedpos[t->nembeddeds] = expr_start(te);
            t->embeddeds[t->nembeddeds++] = et;
            continue;
        }
        ast_expr *name = f->names[0];
        gobj *m = obj_new(c->a, O_FUNC, name->ident.name, NULL, name->pos);
        m->pkg = c->pkg;
        name->ident.obj = m;
        if (name->ident.name == c->name_blank) {
            check_errorf(c, name->pos, "methods must have a unique non-blank name");
            continue;
        }
        bool dup = false;
        for (int k = 0; k < t->nmethods; k++)
            if (t->methods[k]->name == m->name) {
                char buf[512];
                srcpos_format(&c->d->files, t->methods[k]->pos, buf, sizeof buf);
                check_errorf(c, name->pos, "duplicate method %s\n\t%s: other declaration of %s", m->name, buf,
                             m->name);
                dup = true;
            }
        if (dup) continue;
        m->type = func_type(c, f->type, NULL, NULL, NULL);
        m->type->recv = obj_new(c->a, O_VAR, c->name_blank, def ? def : t, name->pos);
        t->methods[t->nmethods++] = m;
    }
    /* Complete now when every embedded interface is known. */
    bool ready = true;
    for (int i = 0; i < t->nembeddeds; i++) {
        gtype *et = t->embeddeds[i];
        if (et->kind == K_NAMED && !et->under) ready = false;
    }
    if (ready) {
        iface_complete(c->a, t);
        iface_embedded_dups(c, t);
    }
    return t;
}

gtype *struct_type(checker *c, ast_expr *e) {
    gtype *t = type_new(c->a, K_STRUCT);
    ast_fields *fl = &e->strct.fields;
    int n = 0;
    for (int i = 0; i < fl->n; i++) n += fl->v[i]->nnames ? fl->v[i]->nnames : 1;
    t->vars = ARENA_ARRAY(c->a, gobj *, n ? n : 1);
    for (int i = 0; i < fl->n; i++) {
        ast_field *f = fl->v[i];
        if (!f->type) continue;
        gtype *ft = typexpr(c, f->type);
        const char *tag = NULL;
        size_t taglen = 0;
        if (f->tag && f->tag->kind == E_BASICLIT && !f->tag->lit.bad) tag = ast_string_value(c->a, f->tag, &taglen);
        if (f->nnames == 0) {
            /* Embedded: T, *T, pkg.T, *pkg.T. */
            ast_expr *te = f->type;
            bool ptr = false;
            if (te->kind == E_STAR) {
                ptr = true;
                te = te->star.x;
            }
            while (te->kind == E_PAREN) te = te->paren.x;
            const char *name = NULL;
            srcpos npos = te->pos;
            if (te->kind == E_IDENT) name = te->ident.name;
            else if (te->kind == E_SELECTOR) {
                name = te->selector.sel->ident.name;
                npos = te->selector.sel->pos;
            } else if (te->kind == E_INDEX) {
                continue;
            } else {
                check_errorf(c, f->type->pos, "embedded field type must be a type name");
                continue;
            }
            gobj *fo = obj_new(c->a, O_VAR, name, ft ? ft : types_invalid, npos);
            fo->field = true;
            fo->embedded = true;
            fo->pkg = c->pkg;
            fo->tag = tag;
            fo->taglen = taglen;
            if (ft) {
                gtype *bt = ptr && ft->kind == K_POINTER ? ft->elem : ft;
                check_type_later(c, TL_EMBED, bt, ptr, f->type->pos);
            }
            for (int k = 0; k < t->nvars; k++)
                if (t->vars[k]->name == name) {
                    char buf[512];
                    srcpos_format(&c->d->files, t->vars[k]->pos, buf, sizeof buf);
                    check_errorf(c, npos, "%s redeclared\n\t%s: other declaration of %s", name, buf, name);
                }
            t->vars[t->nvars++] = fo;
            continue;
        }
        for (int k = 0; k < f->nnames; k++) {
            ast_expr *id = f->names[k];
            gobj *fo = obj_new(c->a, O_VAR, id->ident.name, ft ? ft : types_invalid, id->pos);
            fo->field = true;
            fo->pkg = c->pkg;
            fo->tag = tag;
            fo->taglen = taglen;
            id->ident.obj = fo;
            if (id->ident.name != c->name_blank)
                for (int q = 0; q < t->nvars; q++)
                    if (t->vars[q]->name == id->ident.name) {
                        char buf[512];
                        srcpos_format(&c->d->files, t->vars[q]->pos, buf, sizeof buf);
                        check_errorf(c, id->pos, "%s redeclared\n\t%s: other declaration of %s", id->ident.name,
                                     buf, id->ident.name);
                    }
            t->vars[t->nvars++] = fo;
        }
    }
    return t;
}

/* params collects a parameter or result list into a tuple, declaring
 * named parameters in scope (when given). */
static gtype *params(checker *c, ast_fields *fl, gscope *scope, bool variadic_ok, bool *variadic,
                     bool result) {
    int n = 0;
    for (int i = 0; i < fl->n; i++) n += fl->v[i]->nnames ? fl->v[i]->nnames : 1;
    if (n == 0) return type_empty_tuple();
    if (!scope) scope = scope_new(c->a, c->scope); /* for duplicate names in a func type */
    gobj **vars = ARENA_ARRAY(c->a, gobj *, n);
    int k = 0;
    bool named = false, anon = false;
    for (int i = 0; i < fl->n; i++) {
        ast_field *f = fl->v[i];
        ast_expr *te = f->type;
        gtype *t = NULL;
        if (!te) continue;
        if (te->kind == E_ELLIPSIS) {
            if (variadic_ok && i == fl->n - 1 && f->nnames <= 1) {
                *variadic = true;
            } else {
                check_errorf(c, te->pos, "can only use ... with final parameter in list");
            }
            gtype *el = te->ellipsis.elem ? typexpr(c, te->ellipsis.elem) : NULL;
            t = type_slice(c->a, el ? el : types_invalid);
        } else {
            t = typexpr(c, te);
        }
        if (!t) t = types_invalid;
        if (f->nnames == 0) {
            anon = true;
            gobj *v = obj_new(c->a, O_VAR, intern(c, ""), t, te->pos);
            v->param = true;
            v->pkg = c->pkg;
            v->used = true;
            vars[k++] = v;
            continue;
        }
        named = true;
        for (int j = 0; j < f->nnames; j++) {
            ast_expr *id = f->names[j];
            gobj *v = obj_new(c->a, O_VAR, id->ident.name, t, id->pos);
            v->param = true;
            v->pkg = c->pkg;
            v->used = true;
            id->ident.obj = v;
            if (scope) declare_obj(c, scope, id, v);
            vars[k++] = v;
        }
    }
    (void)named;
    (void)anon;
    (void)result;
    return type_tuple(c->a, vars, k);
}

static gtype *func_type(checker *c, ast_expr *e, gscope *scope, ast_fields *recv, gobj **recvobj) {
    gtype *t = type_new(c->a, K_FUNC);
    if (!scope) scope = scope_new(c->a, c->scope);
    if (recv && recvobj) {
        bool v = false;
        gtype *rt = params(c, recv, scope, false, &v, false);
        if (rt->nvars > 0) *recvobj = rt->vars[0];
    }
    bool variadic = false;
    t->params = params(c, &e->func.params, scope, true, &variadic, false);
    t->variadic = variadic;
    bool dummy = false;
    t->results = params(c, &e->func.results, scope, false, &dummy, true);
    return t;
}

gtype *check_functype(checker *c, ast_fields *recv, ast_expr *ftype, gscope **scopep) {
    gscope *s = scope_new(c->a, c->scope);
    s->func = true;
    gobj *ro = NULL;
    gtype *t = func_type(c, ftype, s, recv, &ro);
    t->recv = ro;
    if (scopep) *scopep = s;
    return t;
}

/* const_len: the length of an array type, as types2's arrayLength
 * judges it: a name must denote a constant; the value must be a constant
 * representable as an int (else it "must be integer") and not negative. */
static bool const_len(checker *c, ast_expr *len, int64_t *n) {
    if (len->kind == E_IDENT) {
        gobj *o = scope_lookup(c->scope, len->ident.name, NULL);
        if (!o) {
            check_errorf(c, len->pos, "undeclared name %s for array length", len->ident.name);
            return false;
        }
        if (o->kind != O_CONST) {
            if (o->kind == O_VAR && o->pkg == c->pkg) o->used = true;
            check_errorf(c, len->pos, "invalid array length %s", len->ident.name);
            return false;
        }
    }
    operand x;
    expr(c, &x, len);
    if (x.mode == M_INVALID) return false;
    if (x.mode != M_CONST) {
        check_errorf(c, expr_start(len), "array length %s must be constant", opstr(c, &x));
        return false;
    }
    if (is_untyped(x.type) || is_integer(x.type)) {
        gconst *v = gconst_to_int(c->cc, x.val);
        gconst *out = NULL;
        if (gconst_kind_of(v) == GCONST_INT &&
            gconst_represent(c->cc, v, GCONST_T_UNTYPED_INT, GCONST_T_INT, &out) == GCONST_REPR_OK) {
            int64_t k;
            if (gconst_int64_val(v, &k) && k >= 0) {
                *n = k;
                return true;
            }
            check_errorf(c, expr_start(len), "invalid array length %s", opstr(c, &x));
            return false;
        }
    }
    check_errorf(c, expr_start(len), "array length %s must be integer", opstr(c, &x));
    return false;
}

static gtype *array_length_type(checker *c, ast_expr *e, gtype *elem) {
    gtype *t = type_new(c->a, K_ARRAY);
    t->elem = elem ? elem : types_invalid;
    t->len = -1;
    int64_t n;
    if (e && const_len(c, e, &n)) t->len = n;
    return t;
}

static void check_map_key(checker *c, gtype *key, ast_expr *ke) {
    if (!key || key->kind == K_INVALID) return;
    /* Delayed as in Go: the key may be a type still being declared. */
    check_type_later(c, TL_MAPKEY, key, false, expr_start(ke));
}

void check_type_later(checker *c, int kind, gtype *t, bool ptr, srcpos pos) {
    if (c->ntlater == c->captlater) {
        int cap = c->captlater ? c->captlater * 2 : 16;
        typecheck_later *v = ARENA_ARRAY(c->a, typecheck_later, cap);
        if (c->ntlater) memcpy(v, c->tlater, sizeof *v * (size_t)c->ntlater);
        c->tlater = v;
        c->captlater = cap;
    }
    c->tlater[c->ntlater++] = (typecheck_later){kind, t, ptr, pos};
}

/* Go's backend limit on the size of a type on 64-bit targets (MaxWidth in
 * cmd/compile/internal/types): an array of more bytes than that is "larger
 * than address space". type_size is the size as Go lays values out on
 * amd64, or UINT64_MAX when too large, with *bad the first array found
 * too large. */
#define MAX_WIDTH ((uint64_t)1 << 50)

static uint64_t type_size(gtype *t, uint64_t *align, gtype **bad, int depth) {
    *align = 1;
    if (!t || depth > 64) return 0;
    switch (t->kind) {
    case K_BOOL: case K_INT8: case K_UINT8: return 1;
    case K_INT16: case K_UINT16: *align = 2; return 2;
    case K_INT32: case K_UINT32: case K_FLOAT32: *align = 4; return 4;
    case K_COMPLEX64: *align = 4; return 8;
    case K_INT: case K_UINT: case K_INT64: case K_UINT64: case K_UINTPTR: case K_FLOAT64: case K_UNSAFEPTR:
    case K_POINTER: case K_MAP: case K_CHAN: case K_FUNC: *align = 8; return 8;
    case K_COMPLEX128: *align = 8; return 16;
    case K_STRING: case K_INTERFACE: *align = 8; return 16;
    case K_SLICE: *align = 8; return 24;
    case K_NAMED: return t->under && t->under != t ? type_size(t->under, align, bad, depth + 1) : 0;
    case K_ARRAY: {
        uint64_t es = type_size(t->elem, align, bad, depth + 1);
        if (es == UINT64_MAX) return es;
        if (t->len < 0) return 0;
        if (es != 0 && (uint64_t)t->len > (MAX_WIDTH - 1) / es) {
            if (!*bad) *bad = t;
            return UINT64_MAX;
        }
        return (uint64_t)t->len * es;
    }
    case K_STRUCT: {
        uint64_t off = 0, max = 1;
        for (int i = 0; i < t->nvars; i++) {
            uint64_t fa, fs = type_size(t->vars[i]->type, &fa, bad, depth + 1);
            if (fs == UINT64_MAX) return fs;
            off = (off + fa - 1) / fa * fa + fs;
            if (off >= MAX_WIDTH) return UINT64_MAX; /* Go's "too large": not reported here */
            if (fa > max) max = fa;
        }
        *align = max;
        return (off + max - 1) / max * max;
    }
    default: return 0;
    }
}

/* The package-level types and variables whose type is too large. */
void check_sizes(checker *c) {
    gscope *ps = c->pkg->scope;
    for (int i = 0; i < ps->norder; i++) {
        gobj *o = ps->order[i];
        if ((o->kind != O_TYPE && o->kind != O_VAR) || !o->type) continue;
        gtype *bad = NULL;
        uint64_t align;
        type_size(o->type, &align, &bad, 0);
        if (bad) check_errorf(c, o->pos, "type %s larger than address space", tstr(c, bad));
    }
}

void run_type_checks(checker *c) {
    for (int i = 0; i < c->ntlater; i++) {
        typecheck_later *l = &c->tlater[i];
        if (l->t->kind == K_NAMED && !l->t->under) continue; /* reported with the type */
        gtype *u = under(l->t);
        if (u->kind == K_INVALID) continue;
        if (l->kind == TL_MAPKEY) {
            if (!types_comparable(l->t)) check_errorf(c, l->pos, "invalid map key type %s", tstr(c, l->t));
        } else if (u->kind == K_POINTER) {
            check_errorf(c, l->pos, "embedded field type cannot be a pointer");
        } else if (u->kind == K_INTERFACE && l->ptr) {
            check_errorf(c, l->pos, "embedded field type cannot be a pointer to an interface");
        }
    }
    c->ntlater = 0;
}

gtype *typexpr_def(checker *c, ast_expr *e, gtype *def) {
    gtype *t = NULL;
    switch (e->kind) {
    case E_BAD: return NULL;
    case E_IDENT: t = ident_type(c, e); break;
    case E_SELECTOR: t = qualified_type(c, e); break;
    case E_PAREN: t = typexpr_def(c, e->paren.x, def); break;
    case E_STAR: {
        gtype *el = typexpr(c, e->star.x);
        t = el ? type_pointer(c->a, el) : NULL;
        break;
    }
    case E_ARRAYTYPE:
        if (!e->array.len) {
            check_errorf(c, e->pos, "invalid use of [...] array (outside a composite literal)");
            typexpr(c, e->array.elem);
            return NULL;
        } else {
            gtype *el = typexpr(c, e->array.elem);
            t = array_length_type(c, e->array.len, el);
        }
        break;
    case E_SLICETYPE: {
        gtype *el = typexpr(c, e->slicetype.elem);
        t = type_slice(c->a, el ? el : types_invalid);
        break;
    }
    case E_MAPTYPE: {
        gtype *k = typexpr(c, e->map.key);
        gtype *v = typexpr(c, e->map.value);
        t = type_new(c->a, K_MAP);
        t->key = k ? k : types_invalid;
        t->elem = v ? v : types_invalid;
        check_map_key(c, k, e->map.key);
        break;
    }
    case E_CHANTYPE: {
        gtype *el = typexpr(c, e->chan.elem);
        t = type_new(c->a, K_CHAN);
        t->elem = el ? el : types_invalid;
        t->dir = (uint8_t)(e->chan.dir == CHAN_SEND ? DIR_SEND : e->chan.dir == CHAN_RECV ? DIR_RECV : DIR_BOTH);
        break;
    }
    case E_FUNCTYPE: {
        gscope *s = scope_new(c->a, c->scope);
        t = func_type(c, e, s, NULL, NULL);
        break;
    }
    case E_STRUCTTYPE: t = struct_type(c, e); break;
    case E_INTERFACETYPE: t = interface_type(c, e, def); break;
    case E_INDEX:
        check_errorf(c, e->pos, "generics are not supported by gort");
        return NULL;
    case E_ELLIPSIS:
        check_errorf(c, e->pos, "invalid use of ...");
        return NULL;
    default: {
        operand x;
        raw_expr(c, &x, e, NULL, true, false);
        if (x.mode == M_INVALID) return NULL;
        if (x.mode != M_TYPEXPR) {
            check_errorf(c, expr_start(e), "%s is not a type", exprstr(c, e));
            return NULL;
        }
        t = x.type;
    }
    }
    e->mode = t ? M_TYPEXPR : M_INVALID;
    e->type = t;
    return t;
}

gtype *typexpr(checker *c, ast_expr *e) { return typexpr_def(c, e, NULL); }

/* ---- valid types: no containment cycles ---- */

typedef struct tpath {
    gtype **v;
    int n, cap;
} tpath;

static bool valid_walk(checker *c, gtype *t, tpath *p, gtype *root) {
    if (!t) return true;
    switch (t->kind) {
    case K_NAMED: {
        if (t == root && p->n > 0) {
            gobj **objs = ARENA_ARRAY(c->a, gobj *, p->n);
            for (int i = 0; i < p->n; i++) objs[i] = p->v[i]->obj;
            cycle_error(c, objs, p->n, "invalid recursive type");
            return false;
        }
        for (int i = 0; i < p->n; i++)
            if (p->v[i] == t) return true; /* a cycle not through root: reported for its own root */
        if (!t->obj || t->obj->pkg != root->obj->pkg) return true;
        /* `type T U` leads to U itself, so that the cycle names every type
         * on it (and is found while U still waits for its underlying type). */
        gtype *next = t->under;
        ast_spec *sp = t->obj->spec;
        ast_expr *r = sp && !sp->type.alias ? sp->type.type : NULL;
        while (r && r->kind == E_PAREN) r = r->paren.x;
        if (r && r->kind == E_IDENT && r->ident.obj && r->ident.obj->kind == O_TYPE && r->ident.obj->type &&
            r->ident.obj->type->kind == K_NAMED)
            next = r->ident.obj->type;
        if (!next) return true;
        if (p->n == p->cap) {
            p->cap = p->cap ? p->cap * 2 : 8;
            p->v = realloc(p->v, sizeof *p->v * (size_t)p->cap);
        }
        p->v[p->n++] = t;
        bool ok = valid_walk(c, next, p, root);
        p->n--;
        return ok;
    }
    case K_ARRAY: return valid_walk(c, t->elem, p, root);
    case K_STRUCT:
        for (int i = 0; i < t->nvars; i++)
            if (!valid_walk(c, t->vars[i]->type, p, root)) return false;
        return true;
    default: return true;
    }
}

static bool valid_type(checker *c, gtype *named) {
    tpath p = {0};
    bool ok = valid_walk(c, named, &p, named);
    free(p.v);
    return ok;
}

/* ---- objects ---- */

/* name_cycle: is every type on the path from o declared as a plain
 * type name (type T U), so that no underlying type can ever be found? */
static bool name_cycle(checker *c, gobj *o) {
    int start = -1;
    for (int i = 0; i < c->npath; i++)
        if (c->path[i] == o) start = i;
    if (start < 0) return false; /* finished, waiting for a type on the path: pending */
    for (int i = start; i < c->npath; i++) {
        gobj *p = c->path[i];
        if (p->kind != O_TYPE || !p->spec) return false;
        ast_expr *r = p->spec->type.type;
        while (r && r->kind == E_PAREN) r = r->paren.x;
        if (!r || (r->kind != E_IDENT && r->kind != E_SELECTOR)) return false;
    }
    return true;
}

static void pending_add(checker *c, gtype *named, gtype *rhs) {
    if (c->npend % 16 == 0) c->pend = realloc(c->pend, sizeof *c->pend * (size_t)(c->npend + 16) * 2);
    c->pend[2 * c->npend] = named;
    c->pend[2 * c->npend + 1] = rhs;
    c->npend++;
}

/* resolve_pending gives deferred named types their underlying types. */
void resolve_pending(checker *c) {
    for (int round = 0; round < c->npend + 1; round++) {
        bool again = false;
        for (int i = 0; i < c->npend; i++) {
            gtype *t = c->pend[2 * i], *r = c->pend[2 * i + 1];
            if (t->under && t->under != types_invalid) continue;
            if (r->under) {
                t->under = r->under;
                if (t->under->kind == K_INTERFACE) iface_complete(c->a, t->under);
            } else {
                again = true;
            }
        }
        if (!again) break;
    }
    /* Whatever is still waiting waits on a type that never got one
     * (an error was reported there); the others are validated now. */
    for (int i = 0; i < c->npend; i++) {
        gtype *t = c->pend[2 * i];
        if (!t->under) t->under = types_invalid;
        else if (t->under != types_invalid && !valid_type(c, t)) t->under = types_invalid;
    }
    c->npend = 0;
}

static void type_decl(checker *c, gobj *o) {
    ast_spec *s = o->spec;
    if (s->type.tparams) {
        o->type = types_invalid;
        if (!o->type) o->type = types_invalid;
        return;
    }
    if (s->type.alias) {
        gtype *t = typexpr(c, s->type.type);
        o->type = t ? t : types_invalid;
        return;
    }
    gtype *named = o->type;
    named->state = 1;
    gtype *rhs = typexpr_def(c, s->type.type, named);
    if (!rhs) {
        named->under = types_invalid;
    } else if (rhs->kind == K_NAMED) {
        if (!rhs->under && !name_cycle(c, rhs->obj)) {
            /* U's underlying type is still being built (U is a struct
             * that refers to T through a pointer): T takes it once U is
             * done (resolve_pending). */
            pending_add(c, named, rhs);
        } else if (!rhs->under) {
            /* type T U where U is being resolved: a cycle through names. */
            named->under = types_invalid;
            if (rhs == named) {
                gobj *cyc[1] = {o};
                cycle_error(c, cyc, 1, "invalid recursive type");
            } else {
                int start = -1;
                for (int i = 0; i < c->npath; i++)
                    if (c->path[i] == rhs->obj) start = i;
                if (start >= 0) cycle_error(c, &c->path[start], c->npath - start, "invalid recursive type");
                else check_errorf(c, o->pos, "invalid recursive type %s", o->name);
            }
        } else {
            named->under = rhs->under;
        }
    } else {
        named->under = rhs;
    }
    named->complete = true;
    named->state = 2;
    if (!named->under) return; /* pending */
    if (named->under != types_invalid && !valid_type(c, named)) named->under = types_invalid;
    if (named->under->kind == K_INTERFACE) iface_complete(c->a, named->under);
}

static void value_decl(checker *c, gobj *o);
static void func_decl(checker *c, gobj *o);

static gscope *file_scope(checker *c, ast_file *f);

void decl_object(checker *c, gobj *o) {
    if (o->color == COLOR_BLACK) return;
    if (o->color == COLOR_GREY) {
        if (o->kind == O_TYPE) return; /* the named type already exists */
        if (check_cycle(c, o)) {
            if (!o->type) o->type = types_invalid;
            if (o->kind == O_CONST && !o->val) o->val = gconst_unknown(c->cc);
        }
        return;
    }
    o->color = COLOR_GREY;
    path_push(c, o);
    gscope *saved_scope = c->scope;
    ast_file *saved_file = c->file;
    funcctx *saved_fn = c->fn;
    int saved_iota = c->iota;
    gobj *saved_decl = c->declobj;
    if (o->file) {
        c->scope = file_scope(c, o->file);
        c->file = o->file;
    }
    c->fn = NULL;
    c->iota = -1;
    c->declobj = o->kind == O_TYPE ? NULL : o;
    switch (o->kind) {
    case O_TYPE: type_decl(c, o); break;
    case O_CONST:
    case O_VAR: value_decl(c, o); break;
    case O_FUNC: func_decl(c, o); break;
    default: break;
    }
    c->scope = saved_scope;
    c->file = saved_file;
    c->fn = saved_fn;
    c->iota = saved_iota;
    c->declobj = saved_decl;
    c->npath--;
    o->color = COLOR_BLACK;
}

/* const_init: the type expression and value of constant o's spec, after
 * the implicit repetition (recorded by the collectors). */
static void const_decl(checker *c, gobj *o) {
    c->iota = o->iota;
    gtype *t = NULL;
    if (o->typexpr) {
        t = typexpr(c, o->typexpr);
        if (t && !is_const_type(t) && t->kind != K_INVALID) {
            if (!(under(t)->kind == K_INVALID))
                check_errorf(c, expr_start(o->typexpr), "invalid constant type %s", tstr(c, t));
            o->type = types_invalid;
            o->val = gconst_unknown(c->cc);
            return;
        }
    }
    if (!o->init) {
        o->type = types_invalid;
        o->val = gconst_unknown(c->cc);
        return;
    }
    operand x;
    expr(c, &x, o->init);
    if (x.mode == M_INVALID) {
        o->type = types_invalid;
        o->val = gconst_unknown(c->cc);
        return;
    }
    if (x.mode != M_CONST) {
        check_errorf(c, expr_start(o->init), "%s is not constant", opstr(c, &x));
        o->type = types_invalid;
        o->val = gconst_unknown(c->cc);
        return;
    }
    if (t) {
        assignment(c, &x, t, "constant declaration");
        if (x.mode == M_INVALID) {
            o->type = types_invalid;
            o->val = gconst_unknown(c->cc);
            return;
        }
    }
    o->type = x.type;
    o->val = x.val;
}

void init_vars(checker *c, gobj **lhs, int nl, ast_exprs *rhs, srcpos pos);

static void var_decl(checker *c, gobj *o) {
    ast_spec *s = o->spec;
    gtype *t = NULL;
    if (s->value.type) {
        t = typexpr(c, s->value.type);
        if (!t) t = types_invalid;
    }
    int nl = s->value.names.n;
    gobj **lhs = ARENA_ARRAY(c->a, gobj *, nl);
    for (int i = 0; i < nl; i++) {
        lhs[i] = s->value.names.v[i]->ident.obj;
        if (!lhs[i]) lhs[i] = o;
        if (t) lhs[i]->type = t;
    }
    if (s->value.values.n == 0) {
        if (!t) o->type = types_invalid;
        return;
    }
    if (s->value.values.n == nl || s->value.values.n != 1) {
        if (s->value.values.n == nl) {
            c->declobj = o;
            ast_exprs one = {&s->value.values.v[o->initidx], 1};
            gobj *l1[1] = {o};
            init_vars(c, l1, 1, &one, s->pos);
            return;
        }
        c->declobj = o;
        init_vars(c, lhs, nl, &s->value.values, s->pos);
        return;
    }
    /* n:1: check the initialiser once for all names. */
    for (int i = 0; i < nl; i++) {
        if (lhs[i] != o && lhs[i]->color == COLOR_WHITE) lhs[i]->color = COLOR_GREY;
    }
    c->declobj = o;
    init_vars(c, lhs, nl, &s->value.values, s->pos);
    for (int i = 0; i < nl; i++) {
        if (lhs[i] != o) { /* one initializer: the same dependencies */
            lhs[i]->deps = o->deps;
            lhs[i]->ndeps = lhs[i]->capdeps = o->ndeps;
        }
        if (!lhs[i]->type) lhs[i]->type = types_invalid;
        lhs[i]->color = COLOR_BLACK;
    }
}

static void value_decl(checker *c, gobj *o) {
    if (o->kind == O_CONST) {
        const_decl(c, o);
        return;
    }
    var_decl(c, o);
    if (!o->type) o->type = types_invalid;
}

static void func_decl(checker *c, gobj *o) {
    ast_decl *d = o->decl;
    if (d->func.tparams) {
        o->type = type_new(c->a, K_FUNC);
        o->type->params = o->type->results = type_empty_tuple();
        return;
    }
    gscope *s;
    gtype *sig = check_functype(c, d->func.recv, d->func.type, &s);
    o->type = sig;
    if (d->func.recv && sig->recv) {
        sig->recv->used = true;
    }
    if (!d->func.body) return; /* reported by missing_bodies */
    o->scope = s;
    gscope *saved = c->scope;
    c->scope = s;
    check_later(c, o, sig, d->func.body);
    c->scope = saved;
}

/* ---- methods ---- */

/* collect_methods attaches each method declaration of files to its
 * receiver base type (or reports why it cannot). */
void collect_methods(checker *c, ast_file **files, int nfiles) {
    for (int fi = 0; fi < nfiles; fi++) {
        ast_file *f = files[fi];
        for (int i = 0; i < f->decls.n; i++) {
            ast_decl *d = f->decls.v[i];
            if (d->kind != D_FUNC || !d->func.recv) continue;
            gobj *m = d->func.name->ident.obj;
            if (!m) continue;
            ast_fields *r = d->func.recv;
            if (r->n != 1 || r->v[0]->nnames > 1) continue; /* reported by the parser */
            ast_expr *te = r->v[0]->type;
            if (!te) continue;
            while (te->kind == E_PAREN) te = te->paren.x;
            bool ptr = false;
            if (te->kind == E_STAR) {
                ptr = true;
                te = te->star.x;
                while (te->kind == E_PAREN) te = te->paren.x;
            }
            m->ptrrecv = ptr;
            if (te->kind == E_INDEX) continue; /* generic receiver: reported by the parser */
            if (te->kind != E_IDENT) continue;  /* reported when the signature is checked */
            gobj *base = scope_lookup(c->scope, te->ident.name, NULL);
            if (base && base->kind == O_TYPE && base->spec && base->spec->type.alias && base->color == COLOR_WHITE &&
                base->pkg == c->pkg) {
                /* type A = T: methods on A are methods on T. */
                decl_object(c, base);
                if (base->type && base->type->kind == K_NAMED) base = base->type->obj;
            }
            if (!base || base->kind != O_TYPE || !base->type || base->type->kind != K_NAMED ||
                base->pkg != c->pkg) {
                m->iota = -1; /* not attached: checked with its signature */
                continue;
            }
            gtype *nt = base->type;
            if (m->name == c->name_blank) continue;
            gobj *old = named_method(nt, m->name);
            if (old) {
                char buf[512];
                srcpos_format(&c->d->files, old->pos, buf, sizeof buf);
                check_errorf(c, m->pos, "%s.%s redeclared in this block\n\t%s: other declaration of %s",
                             base->name, m->name, buf, m->name);
                continue;
            }
            named_add_method(c->a, nt, m);
        }
    }
}

/* method_checks: after the receiver base type is resolved, the rules that
 * need its underlying type (called from func_body's caller). */
void check_receiver(checker *c, gobj *m) {
    ast_decl *d = m->decl;
    if (!d || !d->func.recv || d->func.recv->n != 1 || !d->func.recv->v[0]->type) return;
    ast_expr *te = d->func.recv->v[0]->type;
    while (te->kind == E_PAREN) te = te->paren.x;
    if (te->kind == E_STAR) te = te->star.x;
    while (te->kind == E_PAREN) te = te->paren.x;
    gtype *rt = m->type && m->type->recv ? m->type->recv->type : NULL;
    if (!rt || rt->kind == K_INVALID) return;
    gtype *bt = rt->kind == K_POINTER ? rt->elem : rt;
    if (bt->kind == K_POINTER) {
        check_errorf(c, te->pos, "invalid receiver type %s", tstr(c, rt));
        return;
    }
    if (bt->kind != K_NAMED && !is_basic(bt)) {
        check_errorf(c, te->pos, "invalid receiver type %s", tstr(c, rt));
        return;
    }
    if (is_basic(bt) || bt->obj->pkg != c->pkg) {
        check_errorf(c, te->pos, "cannot define new methods on non-local type %s", tstr(c, bt));
        return;
    }
    gtype *u = under(bt);
    if (u->kind == K_POINTER || u->kind == K_INTERFACE) {
        check_errorf(c, te->pos, "invalid receiver type %s (pointer or interface type)", tstr(c, bt));
        return;
    }
    if (u->kind == K_STRUCT) {
        for (int i = 0; i < u->nvars; i++)
            if (u->vars[i]->name == m->name) {
                char buf[512];
                srcpos_format(&c->d->files, u->vars[i]->pos, buf, sizeof buf);
                check_errorf(c, m->pos, "field and method with the same name %s\n\t%s: other declaration of %s",
                             m->name, buf, m->name);
            }
    }
}

/* ---- local declarations ---- */

void decl_local(checker *c, ast_decl *d) {
    switch (d->kind) {
    case D_CONST: {
        ast_spec *last = NULL;
        for (int j = 0; j < d->gen.specs.n; j++) {
            ast_spec *s = d->gen.specs.v[j];
            if (!s->value.implicit || !last) last = s;
            int n = s->value.names.n;
            gobj **objs = ARENA_ARRAY(c->a, gobj *, n ? n : 1);
            for (int k = 0; k < n; k++) {
                ast_expr *id = s->value.names.v[k];
                gobj *o = obj_new(c->a, O_CONST, id->ident.name, NULL, id->pos);
                o->pkg = c->pkg;
                o->iota = s->index;
                o->typexpr = last->value.type;
                o->init = k < last->value.values.n ? last->value.values.v[k] : NULL;
                o->used = true;
                id->ident.obj = o;
                c->iota = s->index;
                const_decl(c, o);
                c->iota = -1;
                objs[k] = o;
                if (!o->init && k >= last->value.values.n) {
                    check_errorf(c, id->pos, "missing init expr for %s", id->ident.name);
                }
            }
            if (last->value.values.n > n && s == last)
                check_errorf(c, s->value.values.v[n]->pos, "extra init expr");
            for (int k = 0; k < n; k++) declare_obj(c, c->scope, s->value.names.v[k], objs[k]);
        }
        break;
    }
    case D_VAR:
        for (int j = 0; j < d->gen.specs.n; j++) {
            ast_spec *s = d->gen.specs.v[j];
            int n = s->value.names.n;
            gtype *t = s->value.type ? typexpr(c, s->value.type) : NULL;
            if (s->value.type && !t) t = types_invalid;
            gobj **objs = ARENA_ARRAY(c->a, gobj *, n ? n : 1);
            for (int k = 0; k < n; k++) {
                ast_expr *id = s->value.names.v[k];
                objs[k] = obj_new(c->a, O_VAR, id->ident.name, t, id->pos);
                objs[k]->pkg = c->pkg;
                id->ident.obj = objs[k];
            }
            if (s->value.values.n > 0) init_vars(c, objs, n, &s->value.values, s->pos);
            for (int k = 0; k < n; k++) {
                if (!objs[k]->type) objs[k]->type = types_invalid;
                declare_obj(c, c->scope, s->value.names.v[k], objs[k]);
            }
        }
        break;
    case D_TYPE:
        for (int j = 0; j < d->gen.specs.n; j++) {
            ast_spec *s = d->gen.specs.v[j];
            ast_expr *id = s->type.name;
            gobj *o = obj_new(c->a, O_TYPE, id->ident.name, NULL, id->pos);
            o->pkg = c->pkg;
            id->ident.obj = o;
            if (s->type.tparams) {
                o->type = types_invalid;
                declare_obj(c, c->scope, id, o);
                continue;
            }
            if (s->type.alias) {
                /* In scope inside its own declaration, as in Go: a use
                 * there is a cycle (ident_type). */
                declare_obj(c, c->scope, id, o);
                path_push(c, o);
                o->color = COLOR_GREY;
                gtype *t = typexpr(c, s->type.type);
                o->color = COLOR_BLACK;
                c->npath--;
                o->type = t ? t : types_invalid;
                continue;
            }
            gtype *named = type_new(c->a, K_NAMED);
            named->obj = o;
            o->type = named;
            /* The name is in scope inside its own declaration. */
            declare_obj(c, c->scope, id, o);
            o->spec = s;
            path_push(c, o);
            o->color = COLOR_GREY;
            type_decl(c, o);
            o->color = COLOR_BLACK;
            c->npath--;
        }
        break;
    default:
        break;
    }
}

/* ---- file scopes ---- */

static gscope *file_scope(checker *c, ast_file *f) {
    /* Package-level objects record their file; the file scope is found
     * through the checker's table set up by check_package. */
    for (int i = 0; i < c->nfiles; i++)
        if (c->files[i] == f) return c->fscopes[i];
    return c->scope;
}
