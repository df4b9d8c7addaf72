/*
 * check.h: the type checker's internal state, shared by check*.c.
 *
 *   checker ── pkg (the package being checked) ── scope chain ── universe
 *      │
 *      ├── fn: the function whose body is being checked (its signature,
 *      │        labels, whether it has named results)
 *      ├── path: package-level objects being declared (cycle detection)
 *      └── pkgs: every package imported so far (one check per compilation)
 *
 * An operand is the result of checking an expression: its mode (what kind
 * of thing it is: a type, a constant, an addressable variable, a value, a
 * map index, ...), its type and, for constants, its value. When an
 * expression has been checked, its mode, type and value are recorded in
 * the AST node, and identifiers get their object (ast.h's checker slots).
 *
 * Errors go to the compilation's diag at a node's position, in Go 1.19's
 * words. An operand that failed is M_INVALID and is never reported again,
 * so one mistake produces one message.
 */
#ifndef GORTVM_CHECK_H
#define GORTVM_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "constant.h"
#include "diag.h"
#include "types.h"

/* Operand modes (ast_expr.mode after checking). */
typedef enum {
    M_INVALID,  /* an error was reported */
    M_NOVALUE,  /* a call of a function without results */
    M_BUILTIN,  /* a built-in function (only callable) */
    M_TYPEXPR,  /* a type */
    M_CONST,    /* a constant: val is set */
    M_VAR,      /* an addressable variable */
    M_MAPINDEX, /* m[k]: assignable, not addressable; comma-ok */
    M_VALUE,    /* a computed value */
    M_NIL,      /* the predeclared nil */
    M_COMMAOK,  /* a value that may be used in comma-ok form (x.(T), <-c) */
} opmode;

typedef struct operand {
    uint8_t mode;        /* opmode */
    uint8_t builtin;     /* M_BUILTIN: which */
    ast_expr *expr;      /* the expression (for messages), or NULL */
    gtype *type;
    gconst *val;         /* M_CONST */
} operand;

typedef struct label {
    const char *name;
    ast_stmt *stmt;      /* the S_LABELED statement */
    bool used;
    struct label *next;
} label;

typedef struct funcctx {
    gtype *sig;          /* the function's signature */
    gscope *scope;       /* its outermost scope (parameters) */
    label *labels;       /* labels declared in the body */
    ast_stmt *body;
    gobj *obj;           /* the function (NULL for a literal) */
} funcctx;

/* A delayed action: function bodies are checked after all package-level
 * declarations. */
typedef struct delayed {
    gobj *fobj;          /* function or method, or NULL for a literal */
    gtype *sig;
    ast_stmt *body;
    gscope *scope;       /* enclosing scope for a literal's parameters */
    ast_file *file;
    gobj *declobj;       /* package-level object whose init contained it */
} delayed;

/* A check of a type that needs every type of the package set up (Go's
 * check.later for types): map keys must be comparable, and an embedded
 * field's type must not be a pointer. Arena-allocated, run after the
 * package's declarations and again after the function bodies. */
typedef struct typecheck_later {
    int kind;            /* TL_MAPKEY or TL_EMBED */
    gtype *t;            /* the key type, or the embedded type without its * */
    bool ptr;            /* TL_EMBED: written as *T */
    srcpos pos;
} typecheck_later;
enum { TL_MAPKEY, TL_EMBED };

typedef struct checker {
    arena *a;
    diag *d;
    gconst_ctx *cc;
    guniverse *u;
    gpkg *pkg;           /* the package being checked */
    gscope *scope;       /* the current innermost scope */
    ast_file *file;      /* the file being checked */
    funcctx *fn;         /* the current function, or NULL at package level */
    gobj *declobj;       /* package-level var/func whose init is being checked */
    gobj **path;         /* objects being declared, for cycles */
    int npath, cappath;
    gpkg **pkgs;         /* loaded packages (one entry per import path) */
    int npkgs, cappkgs;
    delayed *later;
    int nlater, caplater;
    int iota;            /* current const spec's iota, or -1 */
    bool stdlib;         /* checking a stdlib package */
    bool noffi;          /* the host turned the FFI off (//gort:extern is an error) */
    const char *name_blank, *name_init, *name_main, *name_underscore;
    gconst *gtrue, *gfalse;
    int errors_before;   /* diag count at the start of a statement */
    ast_file **files;    /* the package's files and their file scopes */
    gscope **fscopes;
    int nfiles;
    ast_expr *ctxcall;   /* assignment context NULL means "argument to <ctxcall>" */
    gtype **pend;        /* named types waiting for an underlying type: pairs (T, U) of type T U */
    int npend;
    typecheck_later *tlater; /* arena array; see typecheck_later */
    int ntlater, captlater;
} checker;

/* check.c */
void check_errorf(checker *c, srcpos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void check_softf(checker *c, srcpos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *tstr(checker *c, gtype *t);
const char *opstr(checker *c, operand *x);
const char *exprstr(checker *c, ast_expr *e);
const char *intern(checker *c, const char *s);
gpkg *check_import(checker *c, const char *path, srcpos pos);
/* Parses and checks stdlib package path in c's arena (universe.c's
 * shared build, once per process); NULL when there is no such package. */
gpkg *check_stdlib_package(checker *c, const char *path);
void check_later(checker *c, gobj *fobj, gtype *sig, ast_stmt *body);
/* Looks name up from the current scope for a use: a use of a dot-imported
 * object marks its import used. */
gobj *lookup_use(checker *c, const char *name);
void check_type_later(checker *c, int kind, gtype *t, bool ptr, srcpos pos);
void run_type_checks(checker *c);
void check_sizes(checker *c);
bool check_package(checker *c, gpkg *pkg, ast_file **files, int nfiles);
srcpos expr_pos(ast_expr *e);
srcpos expr_start(ast_expr *e);

/* check_decl.c */
void decl_object(checker *c, gobj *o);
gtype *typexpr(checker *c, ast_expr *e);
gtype *typexpr_def(checker *c, ast_expr *e, gtype *def);
gtype *check_functype(checker *c, ast_fields *recv, ast_expr *ftype, gscope **scopep);
void decl_local(checker *c, ast_decl *d);
void collect_methods(checker *c, ast_file **files, int nfiles);
bool check_cycle(checker *c, gobj *o);
void check_receiver(checker *c, gobj *m);
void resolve_pending(checker *c);
void init_vars(checker *c, gobj **lhs, int nl, ast_exprs *rhs, srcpos pos);

/* check_init.c */
void check_init_order(checker *c, ast_file **files, int nfiles);

/* check_expr.c */
void expr(checker *c, operand *x, ast_expr *e);
void expr_or_type(checker *c, operand *x, ast_expr *e);
void expr_hint(checker *c, operand *x, ast_expr *e, gtype *hint);
void expr_hint_multi(checker *c, operand *x, ast_expr *e, gtype *hint);
void multi_expr(checker *c, operand *x, ast_expr *e);
void raw_expr(checker *c, operand *x, ast_expr *e, gtype *hint, bool allowtype, bool allowmulti);
void assignment(checker *c, operand *x, gtype *t, const char *context);
bool assignable_to(checker *c, operand *x, gtype *t, char *why, size_t cap);
void convert_untyped(checker *c, operand *x, gtype *t);
void conversion(checker *c, operand *x, gtype *t, ast_expr *call);
bool representable(checker *c, operand *x, gtype *t, bool report);
void record(checker *c, operand *x);
void use_exprs(checker *c, ast_exprs *v);
void add_dep(checker *c, gobj *o);
gconst_basic const_basic(gtype *t);
gtype *basic_of(gconst_basic b);
void check_call(checker *c, operand *x, ast_expr *call);
void summary_type(checker *c, tbuf *b, gtype *t);
const char *operands_summary(checker *c, operand *v, int n);
void ensure_methods(checker *c, gtype *t, int depth);
const char *incomparable_cause(checker *c, gtype *t);
void single_value(checker *c, operand *x);
void default_operand(checker *c, operand *x);
bool is_blank(checker *c, ast_expr *e);
void update_untyped(checker *c, ast_expr *e, gtype *t);
bool implements_why(checker *c, gtype *v, gtype *t, char *why, size_t cap);
void missing_reason(checker *c, tbuf *b, gobj *m, gobj *alt);
bool index_const(checker *c, ast_expr *e, int64_t max, int64_t *out, bool allow_neg_max);
void func_body(checker *c, gobj *fobj, gtype *sig, ast_stmt *body);
gtype *struct_type(checker *c, ast_expr *e);

/* check_builtin.c */
void check_builtin(checker *c, operand *x, ast_expr *call, int id);

/* check_stmt.c */
void stmt_list(checker *c, ast_stmts *list, int ctxt);
bool is_terminating(checker *c, ast_stmt *s, const char *label);
void open_scope(checker *c);
void close_scope(checker *c);
void declare_obj(checker *c, gscope *s, ast_expr *ident, gobj *o);
void assign_vars(checker *c, ast_exprs *lhs, ast_exprs *rhs, srcpos pos);
void define_vars(checker *c, ast_exprs *lhs, ast_exprs *rhs, srcpos pos);
void report_unused(checker *c, gscope *s);

#endif
