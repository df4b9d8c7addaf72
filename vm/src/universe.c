/*
 * universe.c: the predeclared identifiers, and the stdlib packages shared
 * by every compilation.
 *
 * The universe scope is the outermost scope of every package: the basic
 * types (and byte, rune), error, any, comparable, the constants true, false
 * and iota, nil, and the built-in functions. The basic type descriptors are
 * static.
 *
 * Built once, shared. The universe and the stdlib packages' declarations
 * (stdlib_decls.h) are built once per process and never change afterwards,
 * so any number of compilations may read them at once:
 *
 *   universe_shared()  ──pthread_once──►  shared.base: the universe scope
 *                                         and its names; snapshot 0 of
 *                                         base's name table published
 *   a compilation: universe_prepare(its sources) ─► for each stdlib import
 *                  not yet named: under shared.mu scan the package's files
 *                  and its imports' (names only, no parsing) into base,
 *                  publish a new snapshot, set named[] (release stores)
 *                  ─► arena_rebase: the compilation's arena takes the
 *                  snapshot published now, for its whole life
 *   check_import("fmt") ─► universe_stdlib("fmt"): published? return it;
 *                          else under shared.mu parse + check fmt (and,
 *                          recursively, what it imports) into shared.a,
 *                          complete its interfaces, publish (release store)
 *
 * Names. The checker compares names by pointer, so a compilation's names
 * must be the shared objects' names. A compilation interns through its
 * base snapshot first (arena.c), and before it interns anything it makes
 * sure the snapshot holds every spelling of every stdlib package it can
 * reach: universe_prepare scans the import declarations of all its files
 * (the same scanner the parser uses, so it finds the same paths) and names
 * those packages and, transitively, their imports. A package's names are
 * also all the names building it can intern, plus the few the checker and
 * parser make up ("_", "init", "main", "", "."), interned in the once. A
 * snapshot is a frozen copy of base's table: readers probe it without a
 * lock while base grows under shared.mu; snapshots are kept for the life
 * of the process (one per first use of a package, so at most one per
 * stdlib package), since a compilation may still read an old one.
 *
 * Positions in the stdlib files carry file indices from SRC_SHARED up
 * (source.h); every srcset prints them through shared.d's, which is sized
 * once for all stdlib files so that it never moves while others read it.
 *
 * What keeps the shared objects read-only once published: every
 * package-level object of a checked package is declared (black), methods
 * too, so a compilation never declares one; the checker marks only its own
 * package's objects used (a dot import's use marks the file's import, not
 * the object); true and false get their values here rather than at first
 * use; a scope's hash table no longer links through its objects (a dot
 * import puts shared objects into a file scope); the interfaces reachable
 * from a package's declarations are completed before it is published
 * (complete_all), so iface_complete finds them complete.
 *
 * Costs: the once builds the universe only; a package is scanned for its
 * names on the first compilation that imports it and checked on its first
 * import. Scanning all ~2,800 lines of declarations up front cost about
 * 450 us of a process's first compilation (measured: first compilation of
 * a 20-line program importing fmt, best of 30 fresh processes on a loaded
 * machine, 1.7-2.0 ms before and 1.2-1.5 ms after; bench_compile's
 * compile_first row). What remains is mostly the cold start of the code
 * and of malloc (a warm compilation of the same program takes ~10 us).
 *
 * Rejected: building every stdlib package in the once (simpler, but the
 * first compilation of a process took ~7 ms); scanning every package's
 * names in the once (what was done before: lock-free without snapshots,
 * but every process paid for all the packages); one shared intern table
 * that every compilation's names go into (every identifier of every
 * compilation would need a lock or a lock-free table, and names would
 * outlive their compilations); the universe per compilation (~45 objects
 * and a scope each time, and the stdlib re-checked each time).
 */
#include "check.h"
#include "scan.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__has_include)
#if __has_include("stdlib_decls.h")
#include "stdlib_decls.h"
#define HAVE_STDLIB_DECLS 1
#endif
#endif

#define B(k, i, n) [k] = {.kind = k, .info = (i), .name = n}
gtype types_basic[K_NBASIC] = {
    B(K_INVALID, 0, "invalid type"),
    B(K_BOOL, I_BOOLEAN, "bool"),
    B(K_INT, I_INTEGER, "int"),
    B(K_INT8, I_INTEGER, "int8"),
    B(K_INT16, I_INTEGER, "int16"),
    B(K_INT32, I_INTEGER, "int32"),
    B(K_INT64, I_INTEGER, "int64"),
    B(K_UINT, I_INTEGER | I_UNSIGNED, "uint"),
    B(K_UINT8, I_INTEGER | I_UNSIGNED, "uint8"),
    B(K_UINT16, I_INTEGER | I_UNSIGNED, "uint16"),
    B(K_UINT32, I_INTEGER | I_UNSIGNED, "uint32"),
    B(K_UINT64, I_INTEGER | I_UNSIGNED, "uint64"),
    B(K_UINTPTR, I_INTEGER | I_UNSIGNED, "uintptr"),
    B(K_FLOAT32, I_FLOAT, "float32"),
    B(K_FLOAT64, I_FLOAT, "float64"),
    B(K_COMPLEX64, I_COMPLEX, "complex64"),
    B(K_COMPLEX128, I_COMPLEX, "complex128"),
    B(K_STRING, I_STRING, "string"),
    B(K_UNSAFEPTR, 0, "unsafe.Pointer"),
    B(K_UNTYPED_BOOL, I_BOOLEAN | I_UNTYPED, "untyped bool"),
    B(K_UNTYPED_INT, I_INTEGER | I_UNTYPED, "untyped int"),
    B(K_UNTYPED_RUNE, I_INTEGER | I_UNTYPED, "untyped rune"),
    B(K_UNTYPED_FLOAT, I_FLOAT | I_UNTYPED, "untyped float"),
    B(K_UNTYPED_STRING, I_STRING | I_UNTYPED, "untyped string"),
    B(K_UNTYPED_NIL, I_UNTYPED, "untyped nil"),
};
#undef B
gtype types_byte = {.kind = K_UINT8, .info = I_INTEGER | I_UNSIGNED, .name = "byte"};
gtype types_rune = {.kind = K_INT32, .info = I_INTEGER, .name = "rune"};
gtype *types_invalid = &types_basic[K_INVALID];

static const char *builtin_names[B_COUNT] = {
    [B_APPEND] = "append", [B_CAP] = "cap", [B_CLOSE] = "close",
    [B_COMPLEX] = "complex", [B_COPY] = "copy", [B_DELETE] = "delete",
    [B_IMAG] = "imag", [B_LEN] = "len", [B_MAKE] = "make", [B_NEW] = "new",
    [B_PANIC] = "panic", [B_PRINT] = "print", [B_PRINTLN] = "println",
    [B_REAL] = "real", [B_RECOVER] = "recover",
};

static gobj *declare(arena *a, gscope *s, gobjkind kind, const char *name, gtype *t) {
    gobj *o = obj_new(a, kind, arena_intern(a, name, strlen(name)), t, srcpos_make(0, 0, 0));
    scope_insert(a, s, o);
    return o;
}

static gtype *named(arena *a, gscope *s, const char *name, gtype *u) {
    gtype *t = type_new(a, K_NAMED);
    t->obj = declare(a, s, O_TYPE, name, t);
    t->under = u;
    t->complete = true;
    return t;
}

guniverse *universe_new(arena *a) {
    guniverse *u = ARENA_NEW(a, guniverse);
    gscope *s = scope_new(a, NULL);
    u->scope = s;
    for (int k = K_BOOL; k <= K_STRING; k++) declare(a, s, O_TYPE, types_basic[k].name, &types_basic[k]);
    declare(a, s, O_TYPE, "byte", &types_byte);
    declare(a, s, O_TYPE, "rune", &types_rune);

    /* type error interface { Error() string } */
    gtype *sig = type_new(a, K_FUNC);
    gobj **res = ARENA_ARRAY(a, gobj *, 1);
    res[0] = obj_new(a, O_VAR, arena_intern(a, "", 0), &types_basic[K_STRING], srcpos_make(0, 0, 0));
    sig->params = type_empty_tuple();
    sig->results = type_tuple(a, res, 1);
    gobj *m = obj_new(a, O_FUNC, arena_intern(a, "Error", 5), sig, srcpos_make(0, 0, 0));
    gtype *ei = type_new(a, K_INTERFACE);
    ei->methods = ARENA_ARRAY(a, gobj *, 1);
    ei->methods[0] = m;
    ei->nmethods = 1;
    iface_complete(a, ei);
    u->error = named(a, s, "error", ei);
    sig->recv = obj_new(a, O_VAR, arena_intern(a, "", 0), u->error, srcpos_make(0, 0, 0));

    gtype *any = type_new(a, K_INTERFACE);
    any->isany = true;
    iface_complete(a, any);
    u->any = any;
    declare(a, s, O_TYPE, "any", any);

    gtype *cmp = type_new(a, K_INTERFACE);
    cmp->comparable_iface = true;
    iface_complete(a, cmp);
    u->comparable = named(a, s, "comparable", cmp);

    /* true, false, iota: their values are set by the checker (constants
     * belong to constant.c). */
    declare(a, s, O_CONST, "true", &types_basic[K_UNTYPED_BOOL]);
    declare(a, s, O_CONST, "false", &types_basic[K_UNTYPED_BOOL]);
    u->iota = declare(a, s, O_CONST, "iota", &types_basic[K_UNTYPED_INT]);
    declare(a, s, O_NIL, "nil", &types_basic[K_UNTYPED_NIL]);
    for (int b = 0; b < B_COUNT; b++) {
        gobj *o = declare(a, s, O_BUILTIN, builtin_names[b], types_invalid);
        o->builtin = (uint8_t)b;
    }
    return u;
}

/* ---- the shared universe and stdlib ---- */

static struct {
    pthread_once_t once;
    pthread_mutex_t mu; /* recursive: building a package builds its imports */
    arena base;         /* the universe and the shared names (mu, after once) */
    guniverse *u;       /* in base */
    int npkgs;          /* stdlib packages (gort_stdlib_count) */
    _Atomic(gpkg *) *pkgs; /* [npkgs] in gort_stdlib_package order: published once built */
    _Atomic(bool) *named;  /* [npkgs]: the package's names (and its imports') are published */
    /* Guarded by mu: */
    bool *scanning;     /* [npkgs]: names being scanned (stops import cycles) */
    bool *building;     /* [npkgs]: being built (an import cycle would find it) */
    arena **snaps;      /* every published snapshot of base's names (kept: readers may hold any) */
    int nsnaps;
    arena a;            /* the packages' nodes, types and objects (base: &base) */
    diag d;             /* the stdlib files (indices from SRC_SHARED), sized once */
    gconst_ctx cc;      /* true, false and the packages' constants */
} shared = {.once = PTHREAD_ONCE_INIT};

static void shared_init(void);

/* Publishes a frozen copy of base's name table as every later arena's
 * base (mu held, or in the once). */
static void publish_names(void) {
    arena *snap = calloc(1, sizeof *snap);
    arena **v = realloc(shared.snaps, sizeof *v * (size_t)(shared.nsnaps + 1));
    if (!snap || !v) abort();
    shared.snaps = v;
    snap->capnames = shared.base.capnames;
    snap->nnames = shared.base.nnames;
    snap->names = malloc(sizeof *snap->names * (snap->capnames ? snap->capnames : 1));
    if (!snap->names) abort();
    if (snap->capnames) memcpy(snap->names, shared.base.names, sizeof *snap->names * snap->capnames);
    shared.snaps[shared.nsnaps++] = snap;
    arena_set_base(snap);
}

static int pkg_index(const char *path) {
#ifdef HAVE_STDLIB_DECLS
    for (int i = 0; i < shared.npkgs; i++)
        if (strcmp(gort_stdlib_package(i), path) == 0) return i;
#else
    (void)path;
#endif
    return -1;
}

/* Scans one file into a (interning its names), calling found(path) for
 * each import path of its import declarations. With imports_only the scan
 * stops at the first declaration that is not an import. */
static void scan_imports(arena *a, const char *name, const char *src, size_t len, bool imports_only,
                         void (*found)(const char *path, void *ctx), void *ctx) {
    diag d;
    diag_init(&d);
    d.limit = 1;
    scanner sc;
    uint32_t fi = srcset_add(&d.files, name, src, len);
    scan_init(&sc, a, &d, fi, src, len);
    bool importing = false;
    for (;;) {
        scan_next(&sc);
        token t = sc.tok;
        if (t == T_EOF) break;
        if (t == T_IMPORT) importing = true;
        else if (t == T_FUNC || t == T_TYPE || t == T_VAR || t == T_CONST) {
            if (imports_only) break;
            importing = false;
        } else if (t == T_STRING && importing && !sc.bad && sc.litlen >= 2 && sc.litlen < 160) {
            char path[3 * 160];
            size_t n = scan_unquote_string(sc.lit, sc.litlen, path);
            path[n < sizeof path ? n : sizeof path - 1] = 0;
            found(path, ctx);
        }
    }
    scan_free(&sc);
    diag_free(&d);
}

static void scan_package_names(int i);
static void found_stdlib_import(const char *path, void *ctx) {
    (void)ctx;
    int j = pkg_index(path);
    if (j >= 0) scan_package_names(j);
}

/* Interns every name of package i's files and of the packages they import
 * into base (mu held). Publishing is the caller's. */
static void scan_package_names(int i) {
#ifdef HAVE_STDLIB_DECLS
    if (atomic_load_explicit(&shared.named[i], memory_order_relaxed) || shared.scanning[i]) return;
    shared.scanning[i] = true;
    int n = 0;
    const gort_stdlib_file *f = gort_stdlib_lookup(gort_stdlib_package(i), &n);
    for (int j = 0; j < n; j++)
        scan_imports(&shared.base, f[j].name, f[j].src, f[j].len, false, found_stdlib_import, NULL);
#else
    (void)i;
#endif
}

/* Makes sure the names of stdlib package i and of everything it imports
 * are in the published base. Lock-free when they already are. */
static void ensure_names(int i) {
    if (atomic_load_explicit(&shared.named[i], memory_order_acquire)) return;
    pthread_mutex_lock(&shared.mu);
    if (!atomic_load_explicit(&shared.named[i], memory_order_relaxed)) {
        scan_package_names(i);
        publish_names();
        /* Every package scanned above is named now (after the publish, so
         * that a reader seeing the flag sees the names). */
        for (int j = 0; j < shared.npkgs; j++)
            if (shared.scanning[j]) {
                shared.scanning[j] = false;
                atomic_store_explicit(&shared.named[j], true, memory_order_release);
            }
    }
    pthread_mutex_unlock(&shared.mu);
}

static void found_user_import(const char *path, void *ctx) {
    (void)ctx;
    int i = pkg_index(path);
    if (i >= 0) ensure_names(i);
}

void universe_prepare(arena *a, const char *const *srcs, const size_t *lens, int n) {
    pthread_once(&shared.once, shared_init);
    for (int k = 0; k < n; k++) scan_imports(a, "prepare.go", srcs[k], lens[k], true, found_user_import, NULL);
}

/* complete_all completes every interface reachable from t (visiting each
 * named type once: seen is a growing list of the named types met). */
static void complete_all(arena *a, gtype *t, gtype ***seen, int *nseen, int depth) {
    if (!t || depth > 64) return;
    switch (t->kind) {
    case K_NAMED:
        for (int i = 0; i < *nseen; i++)
            if ((*seen)[i] == t) return;
        *seen = realloc(*seen, sizeof **seen * (size_t)(*nseen + 1));
        (*seen)[(*nseen)++] = t;
        complete_all(a, t->under, seen, nseen, depth + 1);
        for (int i = 0; i < t->nmethods; i++) complete_all(a, t->methods[i]->type, seen, nseen, depth + 1);
        return;
    case K_INTERFACE:
        iface_complete(a, t);
        for (int i = 0; i < t->nall; i++) complete_all(a, t->all[i]->type, seen, nseen, depth + 1);
        for (int i = 0; i < t->nembeddeds; i++) complete_all(a, t->embeddeds[i], seen, nseen, depth + 1);
        return;
    case K_FUNC:
        complete_all(a, t->params, seen, nseen, depth + 1);
        complete_all(a, t->results, seen, nseen, depth + 1);
        return;
    case K_STRUCT:
    case K_TUPLE:
        for (int i = 0; i < t->nvars; i++) complete_all(a, t->vars[i]->type, seen, nseen, depth + 1);
        return;
    case K_MAP:
        complete_all(a, t->key, seen, nseen, depth + 1);
        complete_all(a, t->elem, seen, nseen, depth + 1);
        return;
    default:
        if (t->kind > K_NAMED) complete_all(a, t->elem, seen, nseen, depth + 1);
        return;
    }
}

/* The once: the universe and the names the checker and parser make up,
 * published as the first base. A stdlib package's names join on its first
 * import (ensure_names). */
static void shared_init(void) {
    arena *b = &shared.base;
    arena_init(b);
    shared.u = universe_new(b);
    /* Names the checker and the parser intern themselves. */
    static const char *const extra[] = {"_", "init", "main", "", "."};
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++) arena_intern(b, extra[i], strlen(extra[i]));
    int nfiles = 0;
#ifdef HAVE_STDLIB_DECLS
    shared.npkgs = gort_stdlib_count();
    for (int i = 0; i < shared.npkgs; i++) {
        int n = 0;
        gort_stdlib_lookup(gort_stdlib_package(i), &n);
        nfiles += n;
    }
#endif
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&shared.mu, &ma);
    pthread_mutexattr_destroy(&ma);
    shared.pkgs = calloc((size_t)shared.npkgs + 1, sizeof *shared.pkgs);
    shared.named = calloc((size_t)shared.npkgs + 1, sizeof *shared.named);
    shared.scanning = calloc((size_t)shared.npkgs + 1, sizeof *shared.scanning);
    shared.building = calloc((size_t)shared.npkgs + 1, sizeof *shared.building);
    arena_init(&shared.a);
    shared.a.base = b; /* the live names: the packages are built under mu */
    diag_init(&shared.d);
    shared.d.limit = 0;
    /* Sized once: readers print positions through it while packages are
     * still being added, so it must never move. */
    shared.d.files.base = SRC_SHARED;
    shared.d.files.cap = (uint32_t)nfiles + 1;
    shared.d.files.files = calloc(shared.d.files.cap, sizeof *shared.d.files.files);
    if (!shared.pkgs || !shared.named || !shared.scanning || !shared.building || !shared.d.files.files) abort();
    gconst_ctx_init(&shared.cc, &shared.a);
    scope_lookup_local(shared.u->scope, arena_intern(b, "true", 4))->val = gconst_bool(&shared.cc, true);
    scope_lookup_local(shared.u->scope, arena_intern(b, "false", 5))->val = gconst_bool(&shared.cc, false);
    srcset_set_shared(&shared.d.files);
    publish_names();
}

guniverse *universe_shared(void) {
    pthread_once(&shared.once, shared_init);
    return shared.u;
}

gpkg *universe_stdlib(const char *path) {
    pthread_once(&shared.once, shared_init);
#ifdef HAVE_STDLIB_DECLS
    int i = pkg_index(path);
    if (i < 0) return NULL;
    gpkg *p = atomic_load_explicit(&shared.pkgs[i], memory_order_acquire);
    if (p) return p;
    ensure_names(i);
    pthread_mutex_lock(&shared.mu);
    p = atomic_load_explicit(&shared.pkgs[i], memory_order_relaxed);
    if (!p && !shared.building[i]) {
        shared.building[i] = true;
        checker c = {0};
        c.a = &shared.a;
        c.d = &shared.d;
        c.cc = &shared.cc;
        c.u = shared.u;
        c.iota = -1;
        c.name_blank = intern(&c, "_");
        c.name_init = intern(&c, "init");
        c.name_main = intern(&c, "main");
        p = check_stdlib_package(&c, path);
        free(c.path);
        free(c.later);
        free(c.pend);
        free(c.pkgs);
        if (diag_count(&shared.d) > 0) {
            fprintf(stderr, "fatal error: the embedded declarations of package %s do not type-check:\n", path);
            diag_print(&shared.d, stderr);
            abort();
        }
        if (!p) abort(); /* listed by gort_stdlib_package, so it has files */
        gtype **seen = NULL;
        int nseen = 0;
        for (int j = 0; j < p->scope->norder; j++) complete_all(&shared.a, p->scope->order[j]->type, &seen, &nseen, 0);
        free(seen);
        shared.building[i] = false;
        atomic_store_explicit(&shared.pkgs[i], p, memory_order_release);
    }
    pthread_mutex_unlock(&shared.mu);
    return p;
#else
    (void)path;
    return NULL;
#endif
}
