/*
 * types.c: type identity, predicates, method sets, lookup and formatting.
 *
 * The checker builds types as it checks declarations (check_decl.c,
 * check_typexpr.c); this file answers questions about them:
 *
 *  - identity (types_identical): named types are identical only to
 *    themselves; composite types structurally, ignoring parameter names,
 *    comparing struct tags and unexported names' packages. Interfaces
 *    compare their complete method sets. Mutually recursive interfaces are
 *    handled by a stack of pairs being compared (a pair already on the
 *    stack is assumed identical), as go/types does.
 *  - lookup_field_or_method: a breadth-first walk of embedded fields, depth
 *    by depth. At each depth every embedded type is searched; two finds at
 *    the shallowest depth, or one find through a type embedded twice at
 *    that depth, make the selector ambiguous. A named type is visited once
 *    (embedding cycles terminate). A method with a pointer receiver found
 *    on a value that is neither addressable nor reached through a pointer
 *    is reported as such (Go's "method has pointer receiver").
 *  - missing_method / implements: interface satisfaction with Go's reasons.
 *  - type_write: types as Go's type checker prints them in messages
 *    ("map[string]int", "func(x int) (int, error)", "struct{a int "tag"}",
 *    "interface{M()}", names qualified by package outside the current one).
 *
 * Rejected: hash-consing composite types (unique pointers would make
 * identity a pointer test, but every constructor would then hash its
 * operands; identity checks are rare compared with type construction in a
 * checker that mostly propagates existing types).
 */
#include "types.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- constructors ---- */

gtype *type_new(arena *a, gkind kind) {
    gtype *t = ARENA_NEW(a, gtype);
    t->kind = (uint8_t)kind;
    return t;
}

gtype *type_pointer(arena *a, gtype *elem) {
    gtype *t = type_new(a, K_POINTER);
    t->elem = elem;
    return t;
}

gtype *type_slice(arena *a, gtype *elem) {
    gtype *t = type_new(a, K_SLICE);
    t->elem = elem;
    return t;
}

gtype *type_tuple(arena *a, gobj **vars, int n) {
    if (n == 0) return type_empty_tuple();
    gtype *t = type_new(a, K_TUPLE);
    t->vars = vars;
    t->nvars = n;
    return t;
}

gtype *type_empty_tuple(void) {
    static gtype empty = {.kind = K_TUPLE};
    return &empty;
}

gobj *obj_new(arena *a, gobjkind kind, const char *name, gtype *type, srcpos pos) {
    gobj *o = ARENA_NEW(a, gobj);
    o->kind = (uint8_t)kind;
    o->name = name;
    o->type = type;
    o->pos = pos;
    return o;
}

/* ---- scopes ---- */

static uint32_t hashptr(const void *p) {
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return (uint32_t)(x >> 32);
}

gscope *scope_new(arena *a, gscope *parent) {
    gscope *s = ARENA_NEW(a, gscope);
    s->parent = parent;
    return s;
}

gobj *scope_lookup_local(gscope *s, const char *name) {
    if (s->cap == 0) {
        for (int i = 0; i < s->norder; i++)
            if (s->order[i]->name == name) return s->order[i];
        return NULL;
    }
    uint32_t m = (uint32_t)(s->cap - 1);
    for (uint32_t h = hashptr(name) & m; s->tab[h]; h = (h + 1) & m)
        if (s->tab[h]->name == name) return s->tab[h];
    return NULL;
}

gobj *scope_lookup(gscope *s, const char *name, gscope **found) {
    for (; s; s = s->parent) {
        gobj *o = scope_lookup_local(s, name);
        if (o) {
            if (found) *found = s;
            return o;
        }
    }
    return NULL;
}

/* The table is open addressing over object pointers, not chained through
 * the objects: one object may sit in several scopes (a dot import puts a
 * shared stdlib package's objects into a file scope), so a scope must not
 * write into the objects it holds. */
static void tab_put(gobj **tab, int cap, gobj *o) {
    uint32_t m = (uint32_t)(cap - 1), h = hashptr(o->name) & m;
    while (tab[h]) h = (h + 1) & m;
    tab[h] = o;
}

static void scope_rehash(arena *a, gscope *s) {
    int cap = s->cap ? s->cap * 2 : 32;
    gobj **tab = ARENA_ARRAY(a, gobj *, cap);
    for (int i = 0; i < s->norder; i++) tab_put(tab, cap, s->order[i]);
    s->tab = tab;
    s->cap = cap;
}

gobj *scope_insert(arena *a, gscope *s, gobj *obj) {
    gobj *old = scope_lookup_local(s, obj->name);
    if (old) return old;
    if (s->norder == s->caporder) {
        int cap = s->caporder ? s->caporder * 2 : 4;
        gobj **v = ARENA_ARRAY(a, gobj *, cap);
        if (s->norder) memcpy(v, s->order, sizeof *v * (size_t)s->norder);
        s->order = v;
        s->caporder = cap;
    }
    s->order[s->norder++] = obj;
    s->n++;
    /* Small scopes are searched linearly; large ones get a hash table. */
    if (s->cap == 0 && s->norder > 8) {
        scope_rehash(a, s);
        return NULL;
    }
    if (s->cap) {
        if (s->n * 2 > s->cap) {
            scope_rehash(a, s);
        } else {
            tab_put(s->tab, s->cap, obj);
        }
    }
    return NULL;
}

/* ---- predicates ---- */

gtype *under(gtype *t) {
    while (t && t->kind == K_NAMED) {
        if (!t->under) return types_invalid;
        t = t->under;
    }
    return t ? t : types_invalid;
}

bool is_untyped(gtype *t) { return is_basic(t) && (t->info & I_UNTYPED); }

bool is_typed_info(gtype *t, int info) {
    gtype *u = under(t);
    return is_basic(u) && (u->info & info);
}

bool is_integer(gtype *t) { return is_typed_info(t, I_INTEGER); }
bool is_unsigned(gtype *t) { return is_typed_info(t, I_UNSIGNED); }
bool is_float(gtype *t) { return is_typed_info(t, I_FLOAT); }
bool is_numeric(gtype *t) { return is_typed_info(t, I_NUMERIC); }
bool is_string(gtype *t) { return is_typed_info(t, I_STRING); }
bool is_boolean(gtype *t) { return is_typed_info(t, I_BOOLEAN); }
bool is_ordered(gtype *t) { return is_typed_info(t, I_ORDERED); }
bool is_const_type(gtype *t) { return is_typed_info(t, I_CONSTTYPE); }
bool is_interface(gtype *t) { return under(t)->kind == K_INTERFACE; }
bool is_named(gtype *t) { return t->kind == K_NAMED || is_basic(t); }

bool types_comparable(gtype *t) {
    gtype *u = under(t);
    switch (u->kind) {
    case K_UNTYPED_NIL: return false;
    case K_POINTER: case K_CHAN: case K_INTERFACE: return true;
    case K_STRUCT:
        for (int i = 0; i < u->nvars; i++)
            if (!types_comparable(u->vars[i]->type)) return false;
        return true;
    case K_ARRAY: return types_comparable(u->elem);
    case K_SLICE: case K_MAP: case K_FUNC: case K_TUPLE: return false;
    default: return is_basic(u);
    }
}

bool has_nil(gtype *t) {
    switch (under(t)->kind) {
    case K_POINTER: case K_SLICE: case K_MAP: case K_CHAN: case K_FUNC:
    case K_INTERFACE: case K_UNSAFEPTR: case K_UNTYPED_NIL:
        return true;
    default:
        return false;
    }
}

gtype *default_type(gtype *t) {
    if (!is_basic(t)) return t;
    switch (t->kind) {
    case K_UNTYPED_BOOL: return &types_basic[K_BOOL];
    case K_UNTYPED_INT: return &types_basic[K_INT];
    case K_UNTYPED_RUNE: return &types_rune;
    case K_UNTYPED_FLOAT: return &types_basic[K_FLOAT64];
    case K_UNTYPED_STRING: return &types_basic[K_STRING];
    default: return t;
    }
}

/* ---- identity ---- */

typedef struct ifpair {
    gtype *x, *y;
    struct ifpair *prev;
} ifpair;

static bool identical(gtype *x, gtype *y, bool tags, ifpair *p);

static bool same_name(gobj *a, gobj *b) {
    if (a->name != b->name) return false;
    /* Unexported names of different packages differ. */
    unsigned char c = (unsigned char)a->name[0];
    bool exported = c >= 'A' && c <= 'Z';
    return exported || a->pkg == b->pkg;
}

static bool identical_tuple(gtype *x, gtype *y, bool tags, ifpair *p) {
    if (x->nvars != y->nvars) return false;
    for (int i = 0; i < x->nvars; i++)
        if (!identical(x->vars[i]->type, y->vars[i]->type, tags, p)) return false;
    return true;
}

static bool identical(gtype *x, gtype *y, bool tags, ifpair *p) {
    if (x == y) return true;
    if (!x || !y) return false;
    if (x->kind != y->kind) return false;
    if (is_basic(x)) return true; /* byte and uint8 etc. */
    switch (x->kind) {
    case K_NAMED: return false;
    case K_POINTER: case K_SLICE: return identical(x->elem, y->elem, tags, p);
    case K_ARRAY: return x->len == y->len && identical(x->elem, y->elem, tags, p);
    case K_MAP: return identical(x->key, y->key, tags, p) && identical(x->elem, y->elem, tags, p);
    case K_CHAN: return x->dir == y->dir && identical(x->elem, y->elem, tags, p);
    case K_TUPLE: return identical_tuple(x, y, tags, p);
    case K_FUNC:
        return x->variadic == y->variadic && identical_tuple(x->params, y->params, tags, p) &&
               identical_tuple(x->results, y->results, tags, p);
    case K_STRUCT:
        if (x->nvars != y->nvars) return false;
        for (int i = 0; i < x->nvars; i++) {
            gobj *f = x->vars[i], *g = y->vars[i];
            if (f->embedded != g->embedded || !same_name(f, g)) return false;
            if (tags && (f->taglen != g->taglen ||
                         (f->taglen && memcmp(f->tag, g->tag, f->taglen) != 0)))
                return false;
            if (!identical(f->type, g->type, tags, p)) return false;
        }
        return true;
    case K_INTERFACE:
        if (!x->complete || !y->complete) return false;
        if (x->nall != y->nall || x->comparable_iface != y->comparable_iface) return false;
        for (ifpair *q = p; q; q = q->prev)
            if ((q->x == x && q->y == y) || (q->x == y && q->y == x)) return true;
        {
            ifpair np = {x, y, p};
            for (int i = 0; i < x->nall; i++) {
                if (!same_name(x->all[i], y->all[i])) return false;
                if (!identical(x->all[i]->type, y->all[i]->type, tags, &np)) return false;
            }
        }
        return true;
    default:
        return false;
    }
}

bool types_identical(gtype *x, gtype *y) { return identical(x, y, true, NULL); }
bool types_identical_ignore_tags(gtype *x, gtype *y) { return identical(x, y, false, NULL); }

/* ---- interfaces ---- */

static int cmp_method(const void *a, const void *b) {
    const gobj *x = *(gobj *const *)a, *y = *(gobj *const *)b;
    int c = strcmp(x->name, y->name);
    if (c) return c;
    return (x->pkg > y->pkg) - (x->pkg < y->pkg);
}

void iface_complete(arena *a, gtype *t) {
    if (t->complete) return;
    t->complete = true; /* breaks cycles (reported by the checker) */
    int n = t->nmethods;
    for (int i = 0; i < t->nembeddeds; i++) {
        gtype *e = under(t->embeddeds[i]);
        if (e->kind != K_INTERFACE) continue;
        iface_complete(a, e);
        n += e->nall;
    }
    gobj **all = ARENA_ARRAY(a, gobj *, n ? n : 1);
    int k = 0;
    for (int i = 0; i < t->nmethods; i++) all[k++] = t->methods[i];
    for (int i = 0; i < t->nembeddeds; i++) {
        gtype *e = under(t->embeddeds[i]);
        if (e->kind != K_INTERFACE) continue;
        if (e->comparable_iface) t->comparable_iface = true;
        for (int j = 0; j < e->nall; j++) {
            gobj *m = e->all[j];
            bool dup = false;
            for (int q = 0; q < k; q++)
                if (same_name(all[q], m)) dup = true;
            if (!dup) all[k++] = m;
        }
    }
    qsort(all, (size_t)k, sizeof *all, cmp_method);
    t->all = all;
    t->nall = k;
}

static gobj *iface_method(gtype *it, gpkg *pkg, const char *name, int *idx) {
    for (int i = 0; i < it->nall; i++) {
        gobj *m = it->all[i];
        if (m->name == name) {
            unsigned char c = (unsigned char)name[0];
            if ((c >= 'A' && c <= 'Z') || m->pkg == pkg || !pkg) {
                if (idx) *idx = i;
                return m;
            }
        }
    }
    return NULL;
}

/* ---- method sets and lookup ---- */

gobj *named_method(gtype *named, const char *name) {
    for (int i = 0; i < named->nmethods; i++)
        if (named->methods[i]->name == name) return named->methods[i];
    return NULL;
}

void named_add_method(arena *a, gtype *named, gobj *m) {
    if (named->nmethods == named->capmethods) {
        int cap = named->capmethods ? named->capmethods * 2 : 4;
        gobj **v = ARENA_ARRAY(a, gobj *, cap);
        if (named->nmethods) memcpy(v, named->methods, sizeof *v * (size_t)named->nmethods);
        named->methods = v;
        named->capmethods = cap;
    }
    named->methods[named->nmethods++] = m;
}

static bool name_visible(gobj *o, gpkg *pkg, const char *name) {
    if (o->name != name) return false;
    unsigned char c = (unsigned char)name[0];
    return (c >= 'A' && c <= 'Z') || !pkg || o->pkg == pkg || !o->pkg;
}

typedef struct embedded {
    gtype *t;
    int *index;
    int nindex;
    bool indirect, multiples;
} embedded;

static gtype *deref(gtype *t, bool *isptr) {
    if (t->kind == K_POINTER) {
        *isptr = true;
        return t->elem;
    }
    *isptr = false;
    return t;
}

static int *index_append(arena *a, int *idx, int n, int i) {
    int *v = ARENA_ARRAY(a, int, n + 1);
    if (n) memcpy(v, idx, sizeof *v * (size_t)n);
    v[n] = i;
    return v;
}

lookup_result lookup_field_or_method(arena *a, gtype *T, bool addressable, gpkg *pkg,
                                     const char *name) {
    lookup_result r = {0};
    if (!T || (name[0] == '_' && name[1] == 0)) return r;
    bool isptr;
    gtype *typ = deref(T, &isptr);
    /* A pointer to a named pointer type has no methods; *T for an interface
     * T has none either. */
    if (isptr && is_interface(typ)) return r;
    if (T->kind == K_NAMED && under(T)->kind == K_POINTER) {
        /* Methods are not promoted through a named pointer type, but its
         * underlying pointer's struct fields are. */
        gtype *u = under(T);
        typ = u->elem;
        isptr = true;
        lookup_result fr = lookup_field_or_method(a, u, addressable, pkg, name);
        if (fr.obj && fr.obj->kind == O_FUNC) return r;
        return fr;
    }

    int ncur = 1, capseen = 8, nseen = 0;
    embedded *cur = ARENA_ARRAY(a, embedded, 1);
    cur[0] = (embedded){typ, NULL, 0, isptr, false};
    gtype **seen = malloc(sizeof *seen * (size_t)capseen);
    while (ncur > 0) {
        int nnext = 0, capnext = 4;
        embedded *next = ARENA_ARRAY(a, embedded, capnext);
        for (int ei = 0; ei < ncur; ei++) {
            embedded *e = &cur[ei];
            gtype *t = e->t;
            if (t->kind == K_NAMED) {
                bool dup = false;
                for (int i = 0; i < nseen; i++)
                    if (seen[i] == t) dup = true;
                if (dup) continue;
                if (nseen == capseen) seen = realloc(seen, sizeof *seen * (size_t)(capseen *= 2));
                seen[nseen++] = t;
                for (int i = 0; i < t->nmethods; i++) {
                    gobj *m = t->methods[i];
                    if (!name_visible(m, pkg, name)) continue;
                    if (r.obj || e->multiples) {
                        r.obj = NULL;
                        r.ambiguous = true;
                        goto done;
                    }
                    r.obj = m;
                    r.index = index_append(a, e->index, e->nindex, i);
                    r.nindex = e->nindex + 1;
                    r.indirect = e->indirect;
                    break;
                }
            }
            gtype *u = under(t);
            if (u->kind == K_STRUCT) {
                for (int i = 0; i < u->nvars; i++) {
                    gobj *f = u->vars[i];
                    if (name_visible(f, pkg, name)) {
                        if (r.obj || e->multiples) {
                            r.obj = NULL;
                            r.ambiguous = true;
                            goto done;
                        }
                        r.obj = f;
                        r.index = index_append(a, e->index, e->nindex, i);
                        r.nindex = e->nindex + 1;
                        r.indirect = e->indirect;
                        continue;
                    }
                    if (!r.obj && f->embedded && f->type) {
                        bool p;
                        gtype *ft = deref(f->type, &p);
                        if (nnext == capnext) {
                            embedded *v = ARENA_ARRAY(a, embedded, capnext * 2);
                            memcpy(v, next, sizeof *v * (size_t)nnext);
                            next = v;
                            capnext *= 2;
                        }
                        next[nnext++] = (embedded){ft, index_append(a, e->index, e->nindex, i),
                                                   e->nindex + 1, e->indirect || p, e->multiples};
                    }
                }
            } else if (u->kind == K_INTERFACE) {
                iface_complete(a, u);
                int idx;
                gobj *m = iface_method(u, pkg, name, &idx);
                if (m) {
                    if (r.obj || e->multiples) {
                        r.obj = NULL;
                        r.ambiguous = true;
                        goto done;
                    }
                    r.obj = m;
                    r.index = index_append(a, e->index, e->nindex, idx);
                    r.nindex = e->nindex + 1;
                    r.indirect = e->indirect;
                }
            }
        }
        if (r.obj) {
            if (r.obj->kind == O_FUNC && r.obj->ptrrecv && !r.indirect && !addressable) {
                r.obj = NULL;
                r.ptrrecv_only = true;
            }
            goto done;
        }
        /* Consolidate: the same type embedded twice at one depth. */
        int k = 0;
        for (int i = 0; i < nnext; i++) {
            bool found = false;
            for (int j = 0; j < k; j++)
                if (types_identical(next[j].t, next[i].t)) {
                    next[j].multiples = true;
                    found = true;
                    break;
                }
            if (!found) next[k++] = next[i];
        }
        cur = next;
        ncur = k;
    }
done:
    free(seen);
    return r;
}

/* fold_name: the name of a method or field of t (or of the types embedded
 * in it) equal to name ignoring case, or NULL: types2 looks a missing
 * method up with case folding to say "have m(int), want M(int)". */
static const char *fold_name(gtype *t, const char *name, int depth) {
    if (!t || depth > 8) return NULL;
    bool isptr;
    t = deref(t, &isptr);
    if (t->kind == K_NAMED)
        for (int i = 0; i < t->nmethods; i++)
            if (strcasecmp(t->methods[i]->name, name) == 0) return t->methods[i]->name;
    gtype *u = under(t);
    if (u->kind != K_STRUCT) return NULL;
    for (int i = 0; i < u->nvars; i++)
        if (strcasecmp(u->vars[i]->name, name) == 0) return u->vars[i]->name;
    for (int i = 0; i < u->nvars; i++) {
        if (!u->vars[i]->embedded) continue;
        const char *n = fold_name(u->vars[i]->type, name, depth + 1);
        if (n) return n;
    }
    return NULL;
}

gobj *missing_method(arena *a, gtype *V, gtype *T, bool statictype, gobj **wrong, bool *ptr) {
    gtype *it = under(T);
    *wrong = NULL;
    *ptr = false;
    if (it->kind != K_INTERFACE) return NULL;
    iface_complete(a, it);
    gtype *vu = under(V);
    if (vu->kind == K_INTERFACE) {
        iface_complete(a, vu);
        for (int i = 0; i < it->nall; i++) {
            gobj *m = it->all[i];
            gobj *f = iface_method(vu, m->pkg, m->name, NULL);
            if (!f) {
                if (statictype) return m;
                continue;
            }
            if (!types_identical(f->type, m->type)) {
                *wrong = f;
                return m;
            }
        }
        return NULL;
    }
    for (int i = 0; i < it->nall; i++) {
        gobj *m = it->all[i];
        lookup_result r = lookup_field_or_method(a, V, false, m->pkg, m->name);
        gobj *f = r.obj;
        bool found = f != NULL;
        if (!found && r.ptrrecv_only) {
            r = lookup_field_or_method(a, type_pointer(a, V), false, m->pkg, m->name);
            f = r.obj;
            if (f && f->kind == O_FUNC && types_identical(f->type, m->type)) {
                *wrong = f;
                *ptr = true;
                return m;
            }
        }
        if (!f) {
            const char *alt = fold_name(V, m->name, 0);
            if (alt) f = lookup_field_or_method(a, V, false, m->pkg, alt).obj;
        }
        if (!f || f->kind != O_FUNC) return m;
        if (!found || !types_identical(f->type, m->type)) {
            *wrong = f;
            return m;
        }
    }
    return NULL;
}

bool assertable_to(arena *a, gtype *iface, gtype *t, gobj **missing, gobj **wrong) {
    bool ptr;
    *missing = NULL;
    if (is_interface(t)) return true;
    *missing = missing_method(a, t, iface, false, wrong, &ptr);
    return *missing == NULL;
}

/* ---- formatting ---- */

void tbuf_puts(tbuf *b, const char *s) {
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        if (cap < 64) cap = 64;
        b->buf = realloc(b->buf, cap);
        b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n + 1);
    b->len += n;
}

void tbuf_printf(tbuf *b, const char *fmt, ...) {
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < (int)sizeof small) {
        tbuf_puts(b, small);
        return;
    }
    char *big = malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    tbuf_puts(b, big);
    free(big);
}

static void write_tuple(tbuf *b, gtype *t, bool variadic, gpkg *pkg, int depth);
static void write_type(tbuf *b, gtype *t, gpkg *pkg, int depth);

static void write_quoted(tbuf *b, const char *s, size_t n) {
    tbuf_puts(b, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char tmp[8];
        if (c == '"' || c == '\\') {
            tmp[0] = '\\';
            tmp[1] = (char)c;
            tmp[2] = 0;
        } else if (c == '\n') {
            strcpy(tmp, "\\n");
        } else if (c == '\t') {
            strcpy(tmp, "\\t");
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(tmp, sizeof tmp, "\\x%02x", c);
        } else {
            tmp[0] = (char)c;
            tmp[1] = 0;
        }
        tbuf_puts(b, tmp);
    }
    tbuf_puts(b, "\"");
}

static void write_sig(tbuf *b, gtype *sig, gpkg *pkg, int depth) {
    if (!sig) {
        tbuf_puts(b, "()");
        return;
    }
    write_tuple(b, sig->params, sig->variadic, pkg, depth);
    gtype *res = sig->results;
    if (!res || res->nvars == 0) return;
    tbuf_puts(b, " ");
    if (res->nvars == 1 && !res->vars[0]->name[0]) {
        write_type(b, res->vars[0]->type, pkg, depth);
        return;
    }
    write_tuple(b, res, false, pkg, depth);
}

static void write_tuple(tbuf *b, gtype *t, bool variadic, gpkg *pkg, int depth) {
    tbuf_puts(b, "(");
    for (int i = 0; t && i < t->nvars; i++) {
        gobj *v = t->vars[i];
        if (i) tbuf_puts(b, ", ");
        if (v->name[0]) {
            tbuf_puts(b, v->name);
            tbuf_puts(b, " ");
        }
        if (variadic && i == t->nvars - 1 && v->type->kind == K_SLICE) {
            tbuf_puts(b, "...");
            write_type(b, v->type->elem, pkg, depth);
        } else {
            write_type(b, v->type, pkg, depth);
        }
    }
    tbuf_puts(b, ")");
}

static void write_type(tbuf *b, gtype *t, gpkg *pkg, int depth) {
    if (!t) {
        tbuf_puts(b, "invalid type");
        return;
    }
    if (depth > 50) {
        tbuf_puts(b, "…");
        return;
    }
    depth++;
    if (is_basic(t)) {
        tbuf_puts(b, t->kind == K_INVALID ? "invalid type" : t->name);
        return;
    }
    switch (t->kind) {
    case K_NAMED:
        if (t->obj->pkg && t->obj->pkg != pkg) {
            tbuf_puts(b, t->obj->pkg->name);
            tbuf_puts(b, ".");
        }
        tbuf_puts(b, t->obj->name);
        return;
    case K_POINTER:
        tbuf_puts(b, "*");
        write_type(b, t->elem, pkg, depth);
        return;
    case K_SLICE:
        tbuf_puts(b, "[]");
        write_type(b, t->elem, pkg, depth);
        return;
    case K_ARRAY:
        if (t->len < 0) tbuf_puts(b, "[unknown]");
        else tbuf_printf(b, "[%lld]", (long long)t->len);
        write_type(b, t->elem, pkg, depth);
        return;
    case K_MAP:
        tbuf_puts(b, "map[");
        write_type(b, t->key, pkg, depth);
        tbuf_puts(b, "]");
        write_type(b, t->elem, pkg, depth);
        return;
    case K_CHAN: {
        bool paren = false;
        if (t->dir == DIR_SEND) tbuf_puts(b, "chan<- ");
        else if (t->dir == DIR_RECV) tbuf_puts(b, "<-chan ");
        else {
            tbuf_puts(b, "chan ");
            /* chan (<-chan T) needs parentheses. */
            if (t->elem && t->elem->kind == K_CHAN && t->elem->dir == DIR_RECV) paren = true;
        }
        if (paren) tbuf_puts(b, "(");
        write_type(b, t->elem, pkg, depth);
        if (paren) tbuf_puts(b, ")");
        return;
    }
    case K_STRUCT:
        tbuf_puts(b, "struct{");
        for (int i = 0; i < t->nvars; i++) {
            gobj *f = t->vars[i];
            if (i) tbuf_puts(b, "; ");
            if (!f->embedded) {
                tbuf_puts(b, f->name);
                tbuf_puts(b, " ");
            }
            write_type(b, f->type, pkg, depth);
            if (f->tag) {
                tbuf_puts(b, " ");
                write_quoted(b, f->tag, f->taglen);
            }
        }
        tbuf_puts(b, "}");
        return;
    case K_FUNC:
        tbuf_puts(b, "func");
        write_sig(b, t, pkg, depth);
        return;
    case K_TUPLE:
        write_tuple(b, t, false, pkg, depth);
        return;
    case K_INTERFACE:
        if (t->isany) {
            tbuf_puts(b, "any");
            return;
        }
        tbuf_puts(b, "interface{");
        {
            bool first = true;
            for (int i = 0; i < t->nmethods; i++) {
                if (!first) tbuf_puts(b, "; ");
                first = false;
                tbuf_puts(b, t->methods[i]->name);
                write_sig(b, t->methods[i]->type, pkg, depth);
            }
            for (int i = 0; i < t->nembeddeds; i++) {
                if (!first) tbuf_puts(b, "; ");
                first = false;
                write_type(b, t->embeddeds[i], pkg, depth);
            }
        }
        tbuf_puts(b, "}");
        return;
    default:
        tbuf_puts(b, "invalid type");
    }
}

void type_write(tbuf *b, gtype *t, gpkg *pkg) { write_type(b, t, pkg, 0); }

void sig_write(tbuf *b, gtype *sig, gpkg *pkg, bool withfunc) {
    if (withfunc) tbuf_puts(b, "func");
    write_sig(b, sig, pkg, 0);
}

const char *type_string(arena *a, gtype *t, gpkg *pkg) {
    tbuf b = {0};
    type_write(&b, t, pkg);
    const char *s = arena_strndup(a, b.buf ? b.buf : "", b.len);
    free(b.buf);
    return s;
}
