/*
 * types.h: the checker's types, objects and scopes.
 *
 *   gtype ─ kind ─┬─ basic      bool int…uint64 uintptr float32/64 string,
 *                 │             and the untyped kinds (untyped int, rune,
 *                 │             float, bool, string, nil)
 *                 ├─ K_NAMED    obj (its type name), under (resolved
 *                 │             lazily), methods (declared, in source order)
 *                 ├─ K_POINTER  elem          K_SLICE  elem
 *                 ├─ K_ARRAY    elem, len     K_MAP    key, elem
 *                 ├─ K_CHAN     elem, dir
 *                 ├─ K_STRUCT   fields[] (gobj vars: name, type, embedded, tag)
 *                 ├─ K_FUNC     params, results (K_TUPLE), variadic, recv
 *                 ├─ K_INTERFACE methods[] (explicit), embeddeds[], and the
 *                 │             complete method set all[] (sorted by name)
 *                 └─ K_TUPLE    vars[] (parameters, results, multi-values)
 *
 *   gobj ─ kind: package name, const, type name, var (incl. struct fields
 *          and parameters), func (incl. methods), label, builtin, nil
 *
 * Every type, object and scope lives in the compilation's arena. Types are
 * compared structurally by types_identical; the predeclared basic types are
 * unique objects (byte and rune are separate objects of kind uint8/int32 so
 * they print as written, as in go/types). A gtype is immutable once its
 * declaration is checked, except that a named type's under and methods are
 * filled while its package is checked.
 *
 * Names are interned in the arena (arena_intern), so every comparison of
 * names in the checker is a pointer comparison.
 */
#ifndef GORTVM_TYPES_H
#define GORTVM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "source.h"

typedef struct gtype gtype;
typedef struct gobj gobj;
typedef struct gscope gscope;
typedef struct gpkg gpkg;
struct gconst;
struct ast_expr;
struct ast_decl;
struct ast_spec;
struct ast_file;

typedef enum gkind {
    K_INVALID,
    K_BOOL,
    K_INT, K_INT8, K_INT16, K_INT32, K_INT64,
    K_UINT, K_UINT8, K_UINT16, K_UINT32, K_UINT64, K_UINTPTR,
    K_FLOAT32, K_FLOAT64,
    K_COMPLEX64, K_COMPLEX128,
    K_STRING,
    K_UNSAFEPTR,
    K_UNTYPED_BOOL, K_UNTYPED_INT, K_UNTYPED_RUNE, K_UNTYPED_FLOAT,
    K_UNTYPED_STRING, K_UNTYPED_NIL,
    K_NBASIC,
    K_NAMED = K_NBASIC,
    K_POINTER, K_ARRAY, K_SLICE, K_MAP, K_CHAN, K_STRUCT, K_FUNC,
    K_INTERFACE, K_TUPLE
} gkind;

/* Basic type properties (gtype.info). */
enum {
    I_BOOLEAN = 1 << 0,
    I_INTEGER = 1 << 1,
    I_UNSIGNED = 1 << 2,
    I_FLOAT = 1 << 3,
    I_COMPLEX = 1 << 4,
    I_STRING = 1 << 5,
    I_UNTYPED = 1 << 6,
    I_ORDERED = I_INTEGER | I_FLOAT | I_STRING,
    I_NUMERIC = I_INTEGER | I_FLOAT | I_COMPLEX,
    I_CONSTTYPE = I_BOOLEAN | I_NUMERIC | I_STRING,
};

/* Channel directions: the same values as ast.h's CHAN_*. */
enum { DIR_BOTH, DIR_SEND, DIR_RECV };

struct gtype {
    uint8_t kind;       /* gkind */
    uint8_t info;       /* basic: I_* flags */
    uint8_t dir;        /* K_CHAN: DIR_* */
    bool variadic;      /* K_FUNC: last parameter is ...T (its type is []T) */
    bool complete;      /* K_INTERFACE: all[] computed; K_NAMED: under resolved */
    bool comparable_iface; /* K_INTERFACE: embeds comparable (constraint only) */
    bool isany;         /* K_INTERFACE: the universe's any (printed "any") */
    uint8_t state;      /* K_NAMED: resolution state (check_decl.c) */
    const char *name;   /* basic: its name ("int", "untyped int", "byte") */
    gtype *elem;        /* pointer, slice, array, chan: element; map: value */
    gtype *key;         /* map key */
    int64_t len;        /* array length (-1 when it could not be computed) */
    gobj **vars;        /* struct fields / tuple vars */
    int nvars;
    gtype *params, *results; /* K_FUNC: K_TUPLE each (never NULL) */
    gobj *recv;         /* K_FUNC: the receiver of a method, or NULL */
    gobj **methods;     /* K_INTERFACE: explicit methods; K_NAMED: declared methods */
    int nmethods, capmethods;
    gtype **embeddeds;  /* K_INTERFACE: embedded types */
    srcpos *embedpos;
    int nembeddeds;
    gobj **all;         /* K_INTERFACE: complete method set, sorted by name */
    int nall;
    gobj *obj;          /* K_NAMED: its type name */
    gtype *under;       /* K_NAMED: underlying type (NULL while unresolved) */
};

typedef enum gobjkind {
    O_BAD,
    O_PKGNAME,
    O_CONST,
    O_TYPE,
    O_VAR,
    O_FUNC,
    O_LABEL,
    O_BUILTIN,
    O_NIL,
} gobjkind;

/* Built-in functions (gobj.builtin). */
typedef enum gbuiltin {
    B_APPEND, B_CAP, B_CLOSE, B_COMPLEX, B_COPY, B_DELETE, B_IMAG, B_LEN,
    B_MAKE, B_NEW, B_PANIC, B_PRINT, B_PRINTLN, B_REAL, B_RECOVER,
    B_COUNT
} gbuiltin;

/* Declaration states for package-level objects (the colours of types2's
 * object path walk): white (not started), grey (on the path), black. */
enum { COLOR_WHITE, COLOR_GREY, COLOR_BLACK };

struct gobj {
    uint8_t kind;       /* gobjkind */
    uint8_t color;      /* COLOR_*: package-level declaration state */
    uint8_t builtin;    /* O_BUILTIN: gbuiltin */
    bool used;          /* var: read somewhere; pkgname: referenced */
    bool field;         /* var: a struct field */
    bool embedded;      /* field: embedded */
    bool param;         /* var: a parameter or result */
    bool pkglevel;      /* declared at package level */
    bool ptrrecv;       /* func: method with a pointer receiver */
    bool hasbody;       /* func: declared with a body */
    const char *name;   /* interned */
    gtype *type;        /* NULL until its declaration is checked */
    gpkg *pkg;          /* the declaring package (NULL: universe) */
    srcpos pos;
    struct gconst *val; /* O_CONST: its value */
    const char *tag;    /* field: the tag's value, or NULL */
    size_t taglen;
    int order;          /* package-level: declaration order (init order) */
    int iota;           /* O_CONST: iota of its spec */
    gpkg *imported;     /* O_PKGNAME: the package it names */
    struct ast_spec *spec;    /* package-level const/var/type: its spec */
    struct ast_decl *decl;    /* package-level func: its declaration */
    struct ast_expr *init;    /* package-level var: its initialiser (or NULL) */
    struct ast_expr *typexpr; /* const/var spec's type expression */
    int initidx, ninit; /* var: this var's place in a n:1 spec initialiser */
    struct ast_file *file;    /* where it is declared */
    gobj **deps;        /* package-level var/func: objects its init uses */
    int ndeps, capdeps;
    int gnode;          /* check_init_order: its graph node + 1 while it runs, else 0 */
    gscope *scope;      /* func: its body scope */
    struct vmextern *ext; /* func: the C function a //gort:extern names (ffi.c) */
};

struct gscope {
    gscope *parent;
    gobj **tab;         /* open addressing, name -> object (NULL: linear search of order) */
    int cap, n;
    gobj **order;       /* objects in insertion order (unused checks) */
    int norder, caporder;
    bool func;          /* the outermost scope of a function body */
    bool pkgfile;       /* a file scope (imports) */
    srcpos end;         /* where the scope ends ("}") */
};

struct gpkg {
    const char *path;   /* import path ("main" for the program) */
    const char *name;   /* package name */
    gscope *scope;      /* package scope (parent: universe) */
    bool checked;       /* fully checked */
    bool checking;      /* being checked (import cycle guard) */
    bool fake;          /* stdlib: declarations only */
    gobj **inits;       /* package-level variables in initialization order */
    int ninits;         /*   (check_init_order; the program's package only) */
};

/* The predeclared types, indexed by gkind; plus byte and rune. */
extern gtype types_basic[K_NBASIC];
extern gtype types_byte, types_rune;
extern gtype *types_invalid;

/* The universe (universe.c): built once per process, in the shared arena
 * that is every compilation's intern base (universe_shared). */
typedef struct guniverse {
    gscope *scope;
    gtype *error;      /* the named type "error" */
    gtype *any;        /* interface{}, spelled any (printed "any") */
    gtype *comparable; /* the constraint interface (unsupported outside) */
    gobj *iota;
} guniverse;
guniverse *universe_new(arena *a);
/* The shared universe (built once, pthread_once) and the stdlib packages
 * (each parsed and checked once, on its first import); read-only once
 * built, so any number of compilations may use them at once. */
guniverse *universe_shared(void);
/* The shared, checked stdlib package with this import path, or NULL. */
gpkg *universe_stdlib(const char *path);
/* Before a compilation interns its names: puts the names of the stdlib
 * packages that srcs import (and of their imports) into the shared intern
 * base, so that the base its arena then takes (arena_rebase, which also
 * forgets the names this scan interned into a) agrees with the packages'
 * objects by pointer. */
void universe_prepare(arena *a, const char *const *srcs, const size_t *lens, int n);

/* Scopes. */
gscope *scope_new(arena *a, gscope *parent);
gobj *scope_lookup_local(gscope *s, const char *name);
gobj *scope_lookup(gscope *s, const char *name, gscope **found);
/* Inserts obj; returns the object already declared under its name (and
 * does not insert) or NULL. */
gobj *scope_insert(arena *a, gscope *s, gobj *obj);

gobj *obj_new(arena *a, gobjkind kind, const char *name, gtype *type, srcpos pos);

/* Type constructors. */
gtype *type_new(arena *a, gkind kind);
gtype *type_pointer(arena *a, gtype *elem);
gtype *type_slice(arena *a, gtype *elem);
gtype *type_tuple(arena *a, gobj **vars, int n);
gtype *type_empty_tuple(void);

/* Properties. */
gtype *under(gtype *t);
static inline bool is_basic(const gtype *t) { return t->kind < K_NBASIC; }
bool types_identical(gtype *x, gtype *y);
bool types_identical_ignore_tags(gtype *x, gtype *y);
bool is_untyped(gtype *t);
bool is_typed_info(gtype *t, int info);  /* under(t) is basic with info */
bool is_integer(gtype *t);
bool is_unsigned(gtype *t);
bool is_float(gtype *t);
bool is_numeric(gtype *t);
bool is_string(gtype *t);
bool is_boolean(gtype *t);
bool is_ordered(gtype *t);
bool is_const_type(gtype *t);
bool is_interface(gtype *t);
bool is_named(gtype *t);      /* named or basic (has a name) */
bool types_comparable(gtype *t);
bool has_nil(gtype *t);
/* The default type of an untyped type; t itself otherwise. */
gtype *default_type(gtype *t);
/* Interfaces: completes t's method set (idempotent). */
void iface_complete(arena *a, gtype *t);

/* Method sets and lookup (types.c). */
typedef struct lookup_result {
    gobj *obj;          /* field or method, NULL if not found */
    int *index;         /* path of field indices through embedding */
    int nindex;
    bool indirect;      /* a pointer was followed on the path */
    bool ambiguous;     /* several at the shallowest depth */
    bool ptrrecv_only;  /* found a method with pointer receiver on a non-addressable value */
} lookup_result;
lookup_result lookup_field_or_method(arena *a, gtype *t, bool addressable, gpkg *pkg,
                                     const char *name);
/* missing_method: the first method of interface iface that t lacks, or
 * NULL. *wrong is set to t's method of the same name when it exists with
 * the wrong type (or a pointer receiver, when *ptr is set). */
gobj *missing_method(arena *a, gtype *t, gtype *iface, bool statictype, gobj **wrong,
                     bool *ptr);
bool assertable_to(arena *a, gtype *iface, gtype *t, gobj **missing, gobj **wrong);

/* Formatting as Go prints types in errors; qualifies names by package
 * except those of pkg. Returns the full length like snprintf. */
typedef struct tbuf {
    char *buf;
    size_t len, cap;
} tbuf;
void tbuf_puts(tbuf *b, const char *s);
void tbuf_printf(tbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void type_write(tbuf *b, gtype *t, gpkg *pkg);
void sig_write(tbuf *b, gtype *sig, gpkg *pkg, bool withfunc);
/* type_string: formats into an arena string. */
const char *type_string(arena *a, gtype *t, gpkg *pkg);

/* Method set helpers. */
gobj *named_method(gtype *named, const char *name);
void named_add_method(arena *a, gtype *named, gobj *m);

#endif
