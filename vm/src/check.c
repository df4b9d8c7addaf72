/*
 * check.c: the type checker's driver.
 *
 * check_package checks one package (the program, or an imported stdlib
 * package, which is checked exactly like user code) in four passes:
 *
 *   1. collect: every file's imports go into that file's scope; every
 *      package-level const, var, type and func gets an object in the
 *      package scope (redeclarations reported); methods are set aside.
 *   2. methods are attached to their receiver base types, so that method
 *      sets are complete before any body asks for them.
 *   3. declare: each package-level object is checked on demand (a use of
 *      an object not yet checked checks it first, on a path that detects
 *      cycles: "invalid recursive type"), then all
 *      in source order.
 *   4. bodies: function bodies, queued while declaring, are checked last;
 *      then the initialization order (check_init.c) reports loops, also
 *      those through function bodies;
 *      unused imports are reported at the end.
 *
 * Imports resolve through the embedded stdlib declarations
 * (gort_stdlib_lookup); each package is parsed and checked once per
 * process, on its first import (check_stdlib_package, called by
 * universe.c), and shared read-only by every compilation after that. Go refuses a few packages gort
 * does not implement (unsafe, reflect, cgo's "C"): those get a clear error
 * at the import's position.
 *
 * Errors are reported through the diag in Go 1.19's words. The diag
 * applies Go's per-line filters and the limit of 10.
 */
#include "check.h"
#include "vmffi.h"
#include "scan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__has_include)
#if __has_include("stdlib_decls.h")
#include "stdlib_decls.h"
#define HAVE_STDLIB_DECLS 1
#endif
#endif

/* check_errorf reports an error at pos. As types2 does, once an error
 * has been reported a message mentioning "invalid operand" or "invalid
 * type" after its first word is dropped: it is a follow-on error. */
void check_errorf(checker *c, srcpos pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *msg;
    int n = vasprintf(&msg, fmt, ap);
    va_end(ap);
    if (n < 0) {
        fprintf(stderr, "fatal error: out of memory\n");
        abort();
    }
    const char *p;
    bool followon = diag_count(c->d) > 0 && (((p = strstr(msg, "invalid operand")) && p > msg) ||
                                             ((p = strstr(msg, "invalid type")) && p > msg));
    if (!followon) diag_errorf(c->d, pos, "%s", msg);
    free(msg);
}

void check_softf(checker *c, srcpos pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_verrorf(c->d, pos, fmt, ap);
    va_end(ap);
}

const char *intern(checker *c, const char *s) { return arena_intern(c->a, s, strlen(s)); }

const char *tstr(checker *c, gtype *t) { return type_string(c->a, t, c->pkg); }

const char *exprstr(checker *c, ast_expr *e) {
    char small[256];
    size_t n = ast_expr_string(small, sizeof small, e);
    if (n < sizeof small) return arena_strndup(c->a, small, n);
    char *big = arena_alloc(c->a, n + 1);
    ast_expr_string(big, n + 1, e);
    return big;
}

static const char *mode_names[] = {
    [M_INVALID] = "invalid operand", [M_NOVALUE] = "no value", [M_BUILTIN] = "built-in",
    [M_TYPEXPR] = "type", [M_CONST] = "constant", [M_VAR] = "variable",
    [M_MAPINDEX] = "map index expression", [M_VALUE] = "value", [M_NIL] = "nil",
    [M_COMMAOK] = "comma, ok expression",
};

/* opstr formats an operand as go/types' operandString. */
const char *opstr(checker *c, operand *x) {
    if (x->mode == M_NIL) return "nil";
    tbuf b = {0};
    const char *e = NULL;
    if (x->expr) e = exprstr(c, x->expr);
    else if (x->mode == M_TYPEXPR) e = tstr(c, x->type);
    else if (x->mode == M_CONST) e = gconst_str(c->cc, x->val);
    if (e && *e) {
        tbuf_puts(&b, e);
        tbuf_puts(&b, " (");
    }
    bool hastype = false;
    if (x->mode != M_INVALID && x->mode != M_NOVALUE && x->mode != M_BUILTIN &&
        x->mode != M_TYPEXPR && x->type) {
        if (is_untyped(x->type)) {
            tbuf_puts(&b, x->type->name);
            tbuf_puts(&b, " ");
        } else {
            hastype = true;
        }
    }
    tbuf_puts(&b, mode_names[x->mode]);
    if (x->mode == M_CONST && x->val) {
        const char *s = gconst_str(c->cc, x->val);
        if (!e || strcmp(s, e) != 0) {
            tbuf_puts(&b, " ");
            tbuf_puts(&b, s);
        }
    }
    if (hastype) {
        if (x->type->kind != K_INVALID) {
            tbuf_puts(&b, " of type ");
            type_write(&b, x->type, c->pkg);
        } else {
            tbuf_puts(&b, " with invalid type");
        }
    }
    if (e && *e) tbuf_puts(&b, ")");
    const char *s = arena_strndup(c->a, b.buf ? b.buf : "", b.len);
    free(b.buf);
    return s;
}

/* expr_start: the position of an expression's first token (Go reports
 * most operand errors there). */
srcpos expr_start(ast_expr *e) {
    for (;;) {
        switch (e->kind) {
        case E_SELECTOR: e = e->selector.x; continue;
        case E_INDEX: e = e->index.x; continue;
        case E_SLICE: e = e->slice.x; continue;
        case E_TYPEASSERT: e = e->typeassert.x; continue;
        case E_CALL: e = e->call.fun; continue;
        case E_BINARY: e = e->binary.x; continue;
        case E_KEYVALUE: e = e->keyvalue.key; continue;
        case E_COMPOSITE:
            if (e->composite.type) {
                e = e->composite.type;
                continue;
            }
            return e->pos;
        default: return e->pos;
        }
    }
}

/* expr_pos: where types2 reports an error about an expression
 * (syntax.StartPos for most; the operator of a binary expression). */
srcpos expr_pos(ast_expr *e) { return expr_start(e); }

void check_later(checker *c, gobj *fobj, gtype *sig, ast_stmt *body) {
    if (c->nlater == c->caplater) {
        c->caplater = c->caplater ? c->caplater * 2 : 64;
        c->later = realloc(c->later, sizeof *c->later * (size_t)c->caplater);
    }
    c->later[c->nlater++] = (delayed){fobj, sig, body, c->scope, c->file, c->declobj};
}

/* ---- imports ---- */

static gpkg *find_pkg(checker *c, const char *path) {
    for (int i = 0; i < c->npkgs; i++)
        if (strcmp(c->pkgs[i]->path, path) == 0) return c->pkgs[i];
    return NULL;
}

#ifdef HAVE_STDLIB_DECLS
static void add_pkg(checker *c, gpkg *p) {
    if (c->npkgs == c->cappkgs) {
        c->cappkgs = c->cappkgs ? c->cappkgs * 2 : 16;
        c->pkgs = realloc(c->pkgs, sizeof *c->pkgs * (size_t)c->cappkgs);
    }
    c->pkgs[c->npkgs++] = p;
}
#endif

gpkg *check_import(checker *c, const char *path, srcpos pos) {
    gpkg *p = find_pkg(c, path);
    if (p) {
        if (p->checking) {
            check_errorf(c, pos, "import cycle not allowed");
            return NULL;
        }
        return p;
    }
    if (strcmp(path, "unsafe") == 0 || strcmp(path, "reflect") == 0 || strcmp(path, "C") == 0) {
        check_errorf(c, pos, "package %s is not supported by gort", path);
        return NULL;
    }
#ifdef HAVE_STDLIB_DECLS
    /* Checked once per process, on first import (universe.c). */
    p = universe_stdlib(path);
    if (!p) {
        check_errorf(c, pos, "could not import %s (package %s is not in gort's standard library)",
                     path, path);
        return NULL;
    }
    add_pkg(c, p);
    return p;
#else
    check_errorf(c, pos, "could not import %s (no standard library in this build)", path);
    return NULL;
#endif
}

#ifdef HAVE_STDLIB_DECLS
gpkg *check_stdlib_package(checker *c, const char *path) {
    int nfiles = 0;
    const gort_stdlib_file *sf = gort_stdlib_lookup(path, &nfiles);
    if (!sf) return NULL;
    gpkg *p = ARENA_NEW(c->a, gpkg);
    p->path = arena_strndup(c->a, path, strlen(path));
    const char *slash = strrchr(path, '/');
    p->name = intern(c, slash ? slash + 1 : path);
    p->fake = true;
    p->checking = true;
    add_pkg(c, p);
    ast_file **files = ARENA_ARRAY(c->a, ast_file *, nfiles ? nfiles : 1);
    for (int i = 0; i < nfiles; i++) {
        const char *fname = arena_printf(c->a, "$GOROOT/src/%s/%s", path, sf[i].name);
        files[i] = parse_file(c->a, c->d, fname, sf[i].src, sf[i].len);
    }
    if (nfiles > 0 && files[0]->pkgname) p->name = files[0]->pkgname->ident.name;
    checker sub = *c;
    sub.pkg = NULL;
    sub.scope = NULL;
    sub.fn = NULL;
    sub.declobj = NULL;
    sub.path = NULL;
    sub.npath = sub.cappath = 0;
    sub.later = NULL;
    sub.nlater = sub.caplater = 0;
    sub.pend = NULL;
    sub.npend = 0;
    sub.tlater = NULL;
    sub.ntlater = sub.captlater = 0;
    sub.stdlib = true;
    check_package(&sub, p, files, nfiles);
    c->pkgs = sub.pkgs;
    c->npkgs = sub.npkgs;
    c->cappkgs = sub.cappkgs;
    free(sub.path);
    free(sub.later);
    free(sub.pend);
    p->checking = false;
    return p;
}
#endif

gobj *lookup_use(checker *c, const char *name) {
    gscope *found = NULL;
    gobj *o = scope_lookup(c->scope, name, &found);
    if (o && found && found->pkgfile && o->kind != O_PKGNAME && o->pkg != c->pkg) {
        /* Found in a file scope but declared elsewhere: dot-imported. The
         * object may be shared (stdlib), so the mark goes on the file's
         * import, never on the object. */
        for (int k = 0; k < found->norder; k++) {
            gobj *m = found->order[k];
            if (m->kind == O_PKGNAME && m->name[0] == '.' && m->imported == o->pkg) {
                m->used = true;
                break;
            }
        }
    }
    return o;
}

/* ---- collecting package-level objects ---- */

static void redeclared(checker *c, gobj *o, gobj *old) {
    char buf[512];
    srcpos_format(&c->d->files, old->pos, buf, sizeof buf);
    if (old->kind == O_PKGNAME && !srcpos_known(old->pos)) {
        check_errorf(c, o->pos, "%s redeclared in this block", o->name);
        return;
    }
    check_errorf(c, o->pos, "%s redeclared in this block\n\t%s: other declaration of %s", o->name,
                 buf, o->name);
}

void declare_obj(checker *c, gscope *s, ast_expr *ident, gobj *o) {
    if (ident) ident->ident.obj = o;
    if (o->name == c->name_blank) return;
    gobj *old = scope_insert(c->a, s, o);
    if (old) redeclared(c, o, old);
}

/* Go's validatedImportPath: no control, space or other non-graphic
 * character, none of !"#$%&'()*,:;<=>?[\]^{|}` and no U+FFFD. Reports and
 * returns true for a bad path. Non-ASCII letters count as graphic. */
static bool bad_import_path(checker *c, const char *path, size_t len, srcpos pos) {
    static const char illegal[] = "!\"#$%&'()*,:;<=>?[\\]^{|}`";
    for (size_t i = 0; i < len;) {
        uint32_t w;
        int32_t r = utf8_decode((const unsigned char *)path + i, len - i, &w);
        i += w;
        bool bad = r < 0 || r == 0xFFFD || r <= 0x20 || r == 0x7F || (r >= 0x80 && r <= 0xA0) ||
                   r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 ||
                   r == 0x202F || r == 0x205F || r == 0x3000 || (r < 0x80 && strchr(illegal, (int)r));
        if (!bad) continue;
        if (r < 0) r = 0xFFFD;
        bool printable = r >= 0x20 && r < 0x7F;
        if (printable)
            check_errorf(c, pos, "invalid import path (invalid character U+%04X '%c')", (unsigned)r, (int)r);
        else
            check_errorf(c, pos, "invalid import path (invalid character U+%04X)", (unsigned)r);
        return true;
    }
    return false;
}

static void collect_imports(checker *c, ast_file *f, gscope *fscope) {
    for (int i = 0; i < f->decls.n; i++) {
        ast_decl *d = f->decls.v[i];
        if (d->kind != D_IMPORT) continue;
        for (int j = 0; j < d->gen.specs.n; j++) {
            ast_spec *s = d->gen.specs.v[j];
            ast_expr *pe = s->import.path;
            if (!pe || pe->kind != E_BASICLIT || pe->lit.bad) continue;
            size_t len;
            const char *path = ast_string_value(c->a, pe, &len);
            if (len == 0) {
                check_errorf(c, pe->pos, "invalid import path (empty string)");
                continue;
            }
            if (bad_import_path(c, path, len, pe->pos)) continue;
            gpkg *p = check_import(c, path, pe->pos);
            if (!p) continue;
            const char *name = p->name;
            if (s->import.name) name = s->import.name->ident.name;
            if (name == c->name_blank) continue;
            if (name == c->name_init) {
                check_errorf(c, s->import.name ? s->import.name->pos : pe->pos, "cannot import package as init - init must be a func");
                continue;
            }
            gobj *o = obj_new(c->a, O_PKGNAME, name, types_invalid, pe->pos);
            o->imported = p;
            o->pkg = c->pkg;
            o->file = f;
            if (s->import.name) {
                s->import.name->ident.obj = o;
                o->pos = s->import.name->pos;
                if (name[0] == '.' && name[1] == 0) {
                    /* Dot import: every exported name into the file scope. */
                    o->used = false;
                    gscope *ps = p->scope;
                    for (int k = 0; k < ps->norder; k++) {
                        gobj *x = ps->order[k];
                        unsigned char ch = (unsigned char)x->name[0];
                        if (ch >= 'A' && ch <= 'Z') scope_insert(c->a, fscope, x);
                    }
                    /* ". path": one marker per dot import, a name no
                     * identifier can use or collide with. */
                    o->name = intern(c, arena_printf(c->a, ". %s", p->path));
                    o->spec = s;
                    /* Record it for the unused check. */
                    gobj *marker = o;
                    marker->iota = -2;
                    scope_insert(c->a, fscope, marker);
                    continue;
                }
            }
            o->spec = s;
            gobj *old = scope_insert(c->a, fscope, o);
            if (old) {
                char buf[512];
                srcpos_format(&c->d->files, old->pos, buf, sizeof buf);
                check_errorf(c, o->pos, "%s redeclared in this block\n\t%s: other declaration of %s",
                             name, buf, name);
            }
        }
    }
}

static void collect_decls(checker *c, ast_file *f, gscope *fscope, int *order) {
    (void)fscope;
    gscope *ps = c->pkg->scope;
    for (int i = 0; i < f->decls.n; i++) {
        ast_decl *d = f->decls.v[i];
        switch (d->kind) {
        case D_CONST:
        case D_VAR: {
            ast_spec *last = NULL;
            for (int j = 0; j < d->gen.specs.n; j++) {
                ast_spec *s = d->gen.specs.v[j];
                if (d->kind == D_VAR || !s->value.implicit || !last) last = s;
                for (int k = 0; k < s->value.names.n; k++) {
                    ast_expr *id = s->value.names.v[k];
                    gobj *o = obj_new(c->a, d->kind == D_CONST ? O_CONST : O_VAR, id->ident.name,
                                      NULL, id->pos);
                    o->pkg = c->pkg;
                    o->pkglevel = true;
                    o->spec = s;
                    o->file = f;
                    o->order = (*order)++;
                    o->iota = s->index;
                    o->initidx = k;
                    o->typexpr = last->value.type;
                    o->init = k < last->value.values.n ? last->value.values.v[k] : NULL;
                    if (d->kind == D_CONST && !o->init)
                        check_errorf(c, id->pos, "missing init expr for %s", id->ident.name);
                    o->used = true;
                    if ((id->ident.name == c->name_init || id->ident.name == c->name_main) &&
                        d->kind == D_VAR && !c->stdlib) {
                        if (id->ident.name == c->name_init)
                            check_errorf(c, id->pos, "cannot declare init - must be func");
                        else if (strcmp(c->pkg->name, "main") == 0)
                            check_errorf(c, id->pos, "cannot declare main - must be func");
                    }
                    if (id->ident.name == c->name_init && d->kind == D_CONST)
                        check_errorf(c, id->pos, "cannot declare init - must be func");
                    declare_obj(c, ps, id, o);
                    /* Remember the object on the identifier even for _. */
                    id->ident.obj = o;
                }
                if (d->kind == D_CONST && s == last && last->value.values.n > s->value.names.n)
                    check_errorf(c, s->value.values.v[s->value.names.n]->pos, "extra init expr");
            }
            break;
        }
        case D_TYPE:
            for (int j = 0; j < d->gen.specs.n; j++) {
                ast_spec *s = d->gen.specs.v[j];
                ast_expr *id = s->type.name;
                gobj *o = obj_new(c->a, O_TYPE, id->ident.name, NULL, id->pos);
                o->pkg = c->pkg;
                o->pkglevel = true;
                o->spec = s;
                o->file = f;
                o->order = (*order)++;
                if (!s->type.alias && !s->type.tparams) {
                    gtype *nt = type_new(c->a, K_NAMED);
                    nt->obj = o;
                    o->type = nt;
                }
                if (s->type.tparams) check_errorf(c, id->pos, "generics are not supported by gort");
                if (id->ident.name == c->name_init)
                    check_errorf(c, id->pos, "cannot declare init - must be func");
                else if (id->ident.name == c->name_main && strcmp(c->pkg->name, "main") == 0)
                    check_errorf(c, id->pos, "cannot declare main - must be func");
                declare_obj(c, ps, id, o);
                id->ident.obj = o;
            }
            break;
        case D_FUNC: {
            ast_expr *id = d->func.name;
            gobj *o = obj_new(c->a, O_FUNC, id->ident.name, NULL, id->pos);
            o->pkg = c->pkg;
            o->pkglevel = true;
            o->decl = d;
            o->file = f;
            o->order = (*order)++;
            o->hasbody = d->func.body != NULL;
            id->ident.obj = o;
            if (d->func.recv) break; /* methods: collect_methods */
            if (id->ident.name == c->name_init) {
                /* init functions are not declared; each is checked. */
                if (d->func.type->func.params.n || d->func.type->func.results.n)
                    check_errorf(c, id->pos, "func init must have no arguments and no return values");
                o->used = true;
                break;
            }
            if (id->ident.name == c->name_main && strcmp(c->pkg->name, "main") == 0) {
                if (d->func.type->func.params.n || d->func.type->func.results.n)
                    check_errorf(c, id->pos, "func main must have no arguments and no return values");
            }
            declare_obj(c, ps, id, o);
            break;
        }
        default:
            break;
        }
    }
}

static void check_unused_imports(checker *c, gscope *fs) {
    for (int i = 0; i < fs->norder; i++) {
        gobj *o = fs->order[i];
        if (o->kind != O_PKGNAME || o->used || o->pkg != c->pkg) continue;
        if (o->spec && o->spec->import.name && o->spec->import.name->ident.name != o->imported->name &&
            o->name[0] != '.')
            check_softf(c, o->spec->import.path->pos, "imported and not used: \"%s\" as %s",
                        o->imported->path, o->name);
        else
            check_softf(c, o->spec ? o->spec->import.path->pos : o->pos,
                        "imported and not used: \"%s\"", o->imported->path);
    }
}

bool check_package(checker *c, gpkg *pkg, ast_file **files, int nfiles) {
    c->pkg = pkg;
    pkg->scope = scope_new(c->a, c->u->scope);
    if (!c->name_blank) {
        c->name_blank = intern(c, "_");
        c->name_init = intern(c, "init");
        c->name_main = intern(c, "main");
    }
    gscope **fscopes = ARENA_ARRAY(c->a, gscope *, nfiles ? nfiles : 1);
    int order = 0;
    bool pkgname_seen = false;
    for (int i = 0; i < nfiles; i++) {
        ast_file *f = files[i];
        if (f->pkgname && !c->stdlib) {
            /* As Go: the first file not named _ names the package. */
            const char *fn = f->pkgname->ident.name;
            if (!pkgname_seen && fn == c->name_blank) {
                check_errorf(c, f->pkgname->pos, "invalid package name _");
            } else if (!pkgname_seen) {
                pkg->name = fn;
                pkgname_seen = true;
            } else if (fn != pkg->name) {
                check_errorf(c, f->pkgname->pos, "package %s; expected %s", fn, pkg->name);
            }
        }
        fscopes[i] = scope_new(c->a, pkg->scope);
        c->files = files;
        c->fscopes = fscopes;
        c->nfiles = i + 1;
        fscopes[i]->pkgfile = true;
        c->file = f;
        c->scope = fscopes[i];
        collect_imports(c, f, fscopes[i]);
    }
    for (int i = 0; i < nfiles; i++) {
        c->file = files[i];
        c->scope = fscopes[i];
        collect_decls(c, files[i], fscopes[i], &order);
    }
    /* Objects of a file resolve names through its file scope: record it
     * per object by checking each file's declarations with its scope. */
    for (int i = 0; i < nfiles; i++) {
        c->file = files[i];
        c->scope = fscopes[i];
        collect_methods(c, &files[i], 1);
    }
    /* A name declared in the package and imported in a file conflicts. */
    for (int i = 0; i < nfiles; i++) {
        gscope *fs = fscopes[i];
        for (int k = 0; k < fs->norder; k++) {
            gobj *o = fs->order[k];
            if (o->kind != O_PKGNAME) {
                /* A dot-imported object. */
                gobj *p = o->pkg != pkg ? scope_lookup_local(pkg->scope, o->name) : NULL;
                if (p && o->pkg) {
                    char buf[512];
                    srcpos_format(&c->d->files, o->pos, buf, sizeof buf);
                    check_errorf(c, p->pos,
                                 "%s already declared through dot-import of package %s (\"%s\")\n\t%s: other declaration of %s",
                                 p->name, o->pkg->name, o->pkg->path, buf, p->name);
                }
                continue;
            }
            gobj *p = scope_lookup_local(pkg->scope, o->name);
            if (p) {
                char buf[512];
                srcpos_format(&c->d->files, o->pos, buf, sizeof buf);
                check_errorf(c, p->pos, "%s already declared through import of package %s (\"%s\")\n\t%s: other declaration of %s",
                             p->name, o->imported->name, o->imported->path, buf, p->name);
            }
        }
    }
    /* Declare everything, in source order within three passes, as Go
     * 1.19's checker does: type definitions, then type aliases, then the
     * rest.  An alias is then checked after the types it may name, which
     * avoids needing an alias's type while it is still being declared:
     * `type F = func(E); type E struct{ f F }` would otherwise give f an
     * invalid type (Go's issue 25838). */
    for (int pass = 0; pass < 3; pass++) {
        for (int i = 0; i < nfiles; i++) {
            ast_file *f = files[i];
            for (int j = 0; j < f->decls.n; j++) {
                ast_decl *d = f->decls.v[j];
                c->file = f;
                c->scope = fscopes[i];
                if (d->kind == D_IMPORT || (d->kind == D_TYPE) != (pass < 2)) continue;
                if (d->kind == D_FUNC) {
                    gobj *o = d->func.name->ident.obj;
                    if (o) decl_object(c, o);
                    continue;
                }
                for (int k = 0; k < d->gen.specs.n; k++) {
                    ast_spec *s = d->gen.specs.v[k];
                    if (d->kind == D_TYPE) {
                        if (s->type.alias == (pass == 1) && s->type.name->ident.obj)
                            decl_object(c, s->type.name->ident.obj);
                    } else {
                        for (int q = 0; q < s->value.names.n; q++)
                            if (s->value.names.v[q]->ident.obj) decl_object(c, s->value.names.v[q]->ident.obj);
                    }
                }
            }
        }
    }
    resolve_pending(c);
    run_type_checks(c);
    /* Bodies. */
    for (int i = 0; i < c->nlater; i++) {
        delayed dl = c->later[i];
        c->file = dl.file;
        c->scope = dl.scope;
        c->declobj = dl.declobj;
        func_body(c, dl.fobj, dl.sig, dl.body);
    }
    c->nlater = 0;
    run_type_checks(c); /* local types */
    c->declobj = NULL;
    if (!c->stdlib) check_init_order(c, files, nfiles);
    if (!c->stdlib) {
        for (int i = 0; i < nfiles; i++) check_unused_imports(c, fscopes[i]);
        /* Like Go's linker, these only matter for a program that is
         * otherwise correct (go tool compile does not report them). */
        if (diag_count(c->d) == 0) ffi_check_externs(c, files, nfiles, c->noffi);
        /* Go's backend sizes types only for a program that type-checks. */
        if (diag_count(c->d) == 0) check_sizes(c);
        if (diag_count(c->d) == 0 && strcmp(pkg->name ? pkg->name : "", "main") == 0) {
            gobj *m = scope_lookup_local(pkg->scope, c->name_main);
            if (!m && nfiles > 0)
                check_errorf(c, files[0]->pkgpos, "function main is undeclared in the main package");
        }
    }
    pkg->checked = true;
    return diag_count(c->d) == 0;
}
