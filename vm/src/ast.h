/*
 * ast.h: the syntax tree of a Go 1.19 source file.
 *
 * Three node families, one struct each, a kind tag and a union of shapes:
 *
 *   ast_file ── decls ──> ast_decl  D_IMPORT D_CONST D_TYPE D_VAR  (gen: specs)
 *                           │        D_FUNC (recv, name, type, body, pragmas)
 *                           └─ ast_spec  import | value (const, var) | type
 *
 *   ast_stmt  S_BLOCK S_EXPR S_SEND S_INCDEC S_ASSIGN S_GO S_DEFER S_RETURN
 *             S_BRANCH S_LABELED S_DECL S_EMPTY S_IF S_SWITCH S_TYPESWITCH
 *             S_CASE S_SELECT S_COMM S_FOR S_RANGE S_BAD
 *
 *   ast_expr  values:  E_IDENT E_BASICLIT E_COMPOSITE E_FUNCLIT E_PAREN
 *                      E_SELECTOR E_INDEX E_SLICE E_TYPEASSERT E_CALL E_STAR
 *                      E_UNARY E_BINARY E_KEYVALUE
 *             types:   E_ARRAYTYPE E_SLICETYPE E_STRUCTTYPE E_FUNCTYPE
 *                      E_INTERFACETYPE E_MAPTYPE E_CHANTYPE E_ELLIPSIS
 *             E_BAD (a syntax error was reported here)
 *
 * Every node has a position (file, line, column), placed where Go's syntax
 * package places it, so that errors reported "at the node" land where Go's
 * do: a binary or unary expression's pos is its operator, a call's its
 * '(', a selector's and a type assertion's the '.', an index or slice
 * expression's the '[', a composite literal's its '{', a key-value pair's
 * the ':', an assignment's its operator, a labeled statement's the ':',
 * an expression statement's its expression's pos. ast_expr_start() gives
 * the leftmost position (Go's syntax.StartPos, which types2 reports at).
 * Lists are arrays in the arena with a count (ast_exprs, ast_stmts, ...),
 * never linked lists.
 *
 * Slots the checker fills (declared as opaque pointers so this header does
 * not depend on the checker's): every expression has `type` (struct gtype *),
 * `val` (struct gconst *, a constant's value) and `mode`; an identifier has
 * `obj` (struct gobj *, the object it denotes or declares). The parser
 * leaves them zero.
 *
 * Things outside gort's language are still parsed, so the checker can name
 * them at their position rather than leave a cascade of syntax errors: type
 * parameter lists (ast_decl.func.tparams, ast_spec.type.tparams, both
 * non-NULL only when present), instantiation (E_INDEX with nindex > 1, or
 * any index of a generic type), constraint elements in interfaces (E_UNARY
 * with op T_TILDE, E_BINARY with op T_OR as an embedded element), and
 * imaginary literals (E_BASICLIT with kind T_IMAG). The parser itself
 * reports "generics are not supported by gort" at type parameter lists.
 *
 * Literal values: E_BASICLIT keeps the source text; ast_string_value and
 * ast_rune_value decode strings and runes (the scanner has validated them).
 * Numbers are decoded by the constant package from the text.
 */
#ifndef GORTVM_AST_H
#define GORTVM_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"
#include "source.h"
#include "token.h"

struct gtype;  /* the checker's type */
struct gconst; /* a constant value (constant.h) */
struct gobj;   /* the checker's object: var, const, type, func, package, label */

typedef struct ast_expr ast_expr;
typedef struct ast_stmt ast_stmt;
typedef struct ast_decl ast_decl;
typedef struct ast_spec ast_spec;
typedef struct ast_field ast_field;
typedef struct ast_file ast_file;

typedef struct ast_exprs { ast_expr **v; int n; } ast_exprs;
typedef struct ast_stmts { ast_stmt **v; int n; } ast_stmts;
typedef struct ast_decls { ast_decl **v; int n; } ast_decls;
typedef struct ast_specs { ast_spec **v; int n; } ast_specs;

/* A parenthesised list of fields: parameters, results, struct fields,
 * interface elements. */
typedef struct ast_fields {
    ast_field **v;
    int n;
    srcpos open, close; /* the ( or {, and the ) or }; line 0 if absent
                           (a single unparenthesised result type) */
} ast_fields;

/* One field: `a, b T "tag"`, an embedded `T` / `*T` (nnames == 0), a
 * parameter `x T` or an unnamed one `T` (nnames == 0), a variadic
 * parameter (type is E_ELLIPSIS), an interface method `m(...)` (one name,
 * type an E_FUNCTYPE) or an embedded interface element (nnames == 0). */
struct ast_field {
    srcpos pos;
    ast_expr **names; /* E_IDENTs */
    int nnames;
    ast_expr *type;   /* NULL only after a syntax error */
    ast_expr *tag;    /* struct tag (E_BASICLIT string) or NULL */
};

/* A //go: or //gort: comment directly above a declaration. */
typedef struct ast_pragma {
    srcpos pos;
    const char *text; /* NUL-terminated, from "//" to the end of the line */
} ast_pragma;

typedef enum ast_expr_kind {
    E_BAD,
    E_IDENT,
    E_BASICLIT,
    E_COMPOSITE,
    E_FUNCLIT,
    E_PAREN,
    E_SELECTOR,
    E_INDEX,
    E_SLICE,
    E_TYPEASSERT,
    E_CALL,
    E_STAR,
    E_UNARY,
    E_BINARY,
    E_KEYVALUE,
    E_ARRAYTYPE,
    E_SLICETYPE,
    E_STRUCTTYPE,
    E_FUNCTYPE,
    E_INTERFACETYPE,
    E_MAPTYPE,
    E_CHANTYPE,
    E_ELLIPSIS,
    E_KIND_COUNT
} ast_expr_kind;

/* Channel directions (E_CHANTYPE). */
enum { CHAN_BOTH, CHAN_SEND, CHAN_RECV };

struct ast_expr {
    uint8_t kind;  /* ast_expr_kind */
    uint8_t mode;  /* checker: operand mode */
    uint16_t flags; /* checker's use */
    srcpos pos;
    struct gtype *type; /* checker: the expression's type */
    struct gconst *val; /* checker: its value, when constant */
    union {
        struct {                 /* E_IDENT */
            const char *name;    /* interned (arena_intern): compare pointers */
            struct gobj *obj;    /* checker: denoted or declared object */
        } ident;
        struct {                 /* E_BASICLIT */
            token kind;          /* T_INT T_FLOAT T_IMAG T_CHAR T_STRING */
            bool bad;            /* the scanner reported an error in it */
            const char *text;    /* source text, NUL-terminated */
            uint32_t len;
        } lit;
        struct {                 /* E_COMPOSITE: type{elts} */
            ast_expr *type;      /* NULL inside an outer literal's braces */
            ast_exprs elts;      /* elements; E_KEYVALUE for key: value */
            srcpos lbrace, rbrace;
        } composite;
        struct {                 /* E_FUNCLIT: func(...) ... { body } */
            ast_expr *type;      /* E_FUNCTYPE */
            ast_stmt *body;      /* S_BLOCK */
        } funclit;
        struct {                 /* E_PAREN */
            ast_expr *x;
        } paren;
        struct {                 /* E_SELECTOR: x.sel; pos is the . */
            ast_expr *x;
            ast_expr *sel;       /* E_IDENT */
        } selector;
        struct {                 /* E_INDEX: x[index...]; pos is the [ */
            ast_expr *x;
            ast_expr **index;    /* one index; several = instantiation */
            int nindex;
            srcpos rbrack;
        } index;
        struct {                 /* E_SLICE: x[lo:hi] or x[lo:hi:max]; pos is the [ */
            ast_expr *x;
            ast_expr *lo, *hi, *max; /* each may be NULL (max only if !slice3) */
            bool slice3;
            srcpos rbrack;
        } slice;
        struct {                 /* E_TYPEASSERT: x.(T); pos is the . */
            ast_expr *x;
            ast_expr *type;      /* NULL for x.(type) (type switch guard) */
            ast_expr *lhs;       /* parser: v in a guard v := x.(type) */
        } typeassert;
        struct {                 /* E_CALL: fun(args...); pos is the ( */
            ast_expr *fun;
            ast_exprs args;
            bool dots;           /* last argument followed by ... */
            srcpos rparen;
        } call;
        struct {                 /* E_STAR: *x, a dereference or pointer type */
            ast_expr *x;
        } star;
        struct {                 /* E_UNARY: op x (+ - ! ^ & <- ~) */
            token op;
            ast_expr *x;
        } unary;
        struct {                 /* E_BINARY: x op y; pos is the operator */
            token op;
            ast_expr *x, *y;
        } binary;
        struct {                 /* E_KEYVALUE in composite literals; pos is the : */
            ast_expr *key, *value;
        } keyvalue;
        struct {                 /* E_ARRAYTYPE: [len]elem */
            ast_expr *len;       /* NULL for [...]elem */
            ast_expr *elem;
        } array;
        struct {                 /* E_SLICETYPE: []elem */
            ast_expr *elem;
        } slicetype;
        struct {                 /* E_STRUCTTYPE */
            ast_fields fields;
        } strct;
        struct {                 /* E_FUNCTYPE */
            ast_fields params, results;
        } func;
        struct {                 /* E_INTERFACETYPE */
            ast_fields elems;    /* methods and embedded elements */
        } iface;
        struct {                 /* E_MAPTYPE */
            ast_expr *key, *value;
        } map;
        struct {                 /* E_CHANTYPE */
            int dir;             /* CHAN_BOTH, CHAN_SEND, CHAN_RECV */
            ast_expr *elem;
        } chan;
        struct {                 /* E_ELLIPSIS: ...elem (variadic parameter) */
            ast_expr *elem;
        } ellipsis;
    };
};

typedef enum ast_stmt_kind {
    S_BAD,
    S_EMPTY,
    S_BLOCK,
    S_EXPR,
    S_SEND,
    S_INCDEC,
    S_ASSIGN,
    S_GO,
    S_DEFER,
    S_RETURN,
    S_BRANCH,
    S_LABELED,
    S_DECL,
    S_IF,
    S_SWITCH,
    S_TYPESWITCH,
    S_CASE,
    S_SELECT,
    S_COMM,
    S_FOR,
    S_RANGE,
    S_KIND_COUNT
} ast_stmt_kind;

struct ast_stmt {
    uint8_t kind; /* ast_stmt_kind */
    srcpos pos;
    union {
        struct {                 /* S_BLOCK */
            ast_stmts list;
            srcpos rbrace;
        } block;
        struct {                 /* S_EXPR */
            ast_expr *x;
        } expr;
        struct {                 /* S_SEND: ch <- value; pos is ch's */
            ast_expr *ch, *value;
        } send;
        struct {                 /* S_INCDEC: x++ / x--; pos is x's */
            ast_expr *x;
            token op;            /* T_INC or T_DEC */
        } incdec;
        struct {                 /* S_ASSIGN; pos is the operator */
            token op;            /* T_ASSIGN, T_DEFINE, or a binary op for op= */
            ast_exprs lhs, rhs;
        } assign;
        struct {                 /* S_GO, S_DEFER */
            ast_expr *call;      /* checked to be a call by the checker */
        } call;
        struct {                 /* S_RETURN */
            ast_exprs results;
        } ret;
        struct {                 /* S_BRANCH */
            token tok;           /* T_BREAK T_CONTINUE T_GOTO T_FALLTHROUGH */
            ast_expr *label;     /* E_IDENT or NULL */
        } branch;
        struct {                 /* S_LABELED: label: stmt */
            ast_expr *label;     /* E_IDENT */
            ast_stmt *stmt;      /* S_EMPTY when the label ends a block */
        } labeled;
        struct {                 /* S_DECL: const, type or var inside a function */
            ast_decl *decl;
        } decl;
        struct {                 /* S_IF */
            ast_stmt *init;      /* or NULL */
            ast_expr *cond;      /* NULL only after a syntax error */
            ast_stmt *then;      /* S_BLOCK */
            ast_stmt *els;       /* NULL, S_IF or S_BLOCK */
        } ifs;
        struct {                 /* S_SWITCH */
            ast_stmt *init;      /* or NULL */
            ast_expr *tag;       /* or NULL */
            ast_stmts clauses;   /* S_CASE */
            srcpos rbrace;
        } sw;
        struct {                 /* S_TYPESWITCH: switch init; lhs := x.(type) */
            ast_stmt *init;      /* or NULL */
            ast_expr *lhs;       /* E_IDENT or NULL */
            ast_expr *x;         /* the operand of .(type) */
            srcpos guard;        /* position of the guard (lhs, or x) */
            ast_stmts clauses;   /* S_CASE; list holds types (and nil) */
            srcpos rbrace;
        } tsw;
        struct {                 /* S_CASE: case list: body / default: body */
            ast_exprs list;      /* empty for default */
            bool isdefault;
            ast_stmts body;
            srcpos colon;
        } cas;
        struct {                 /* S_SELECT */
            ast_stmts clauses;   /* S_COMM */
            srcpos rbrace;
        } sel;
        struct {                 /* S_COMM: case comm: body / default: body */
            ast_stmt *comm;      /* S_SEND, S_EXPR (<-c), S_ASSIGN (v[, ok] =/:= <-c)
                                    (or any simple statement: the checker
                                    rejects the others); NULL = default */
            ast_stmts body;
            srcpos colon;
        } comm;
        struct {                 /* S_FOR: for init; cond; post { body } */
            ast_stmt *init, *post; /* or NULL */
            ast_expr *cond;      /* or NULL */
            ast_stmt *body;      /* S_BLOCK */
        } fors;
        struct {                 /* S_RANGE: for key, value op range x { body }; pos is the for */
            ast_expr *key, *value; /* each may be NULL */
            token op;            /* T_DEFINE, T_ASSIGN, or T_EOF with no key */
            ast_expr *x;
            ast_stmt *body;      /* S_BLOCK */
            ast_exprs lhs;       /* every variable written (more than 2 is an error) */
            srcpos rangepos;     /* the range keyword */
        } range;
    };
};

typedef enum ast_decl_kind {
    D_BAD,
    D_IMPORT,
    D_CONST,
    D_TYPE,
    D_VAR,
    D_FUNC,
    D_KIND_COUNT
} ast_decl_kind;

/* A spec of an import, const, var or type declaration. */
struct ast_spec {
    srcpos pos;
    int index;                   /* position in its group, 0-based (iota for const) */
    union {
        struct {                 /* D_IMPORT */
            ast_expr *name;      /* E_IDENT ("." and "_" included) or NULL */
            ast_expr *path;      /* E_BASICLIT string (bad when malformed) */
        } import;
        struct {                 /* D_CONST, D_VAR */
            ast_exprs names;     /* E_IDENTs */
            ast_expr *type;      /* or NULL */
            ast_exprs values;    /* may be empty */
            bool implicit;       /* const spec that repeats the previous
                                    spec's type and values (no type, no =) */
        } value;
        struct {                 /* D_TYPE */
            ast_expr *name;      /* E_IDENT */
            ast_fields *tparams; /* type parameters (unsupported) or NULL */
            bool alias;          /* type name = type */
            ast_expr *type;
        } type;
    };
};

struct ast_decl {
    uint8_t kind; /* ast_decl_kind */
    srcpos pos;   /* the keyword */
    union {
        struct {                 /* D_IMPORT D_CONST D_TYPE D_VAR */
            ast_specs specs;
            bool grouped;        /* written with ( ) */
            srcpos lparen, rparen;
        } gen;
        struct {                 /* D_FUNC */
            ast_fields *recv;    /* receiver list, or NULL for a function */
            ast_expr *name;      /* E_IDENT */
            ast_fields *tparams; /* type parameters (unsupported) or NULL */
            ast_expr *type;      /* E_FUNCTYPE */
            ast_stmt *body;      /* S_BLOCK, or NULL (declaration only) */
            ast_pragma *pragmas; /* //go: and //gort: lines above it */
            int npragmas;
        } func;
    };
};

struct ast_file {
    uint32_t fileidx;   /* index in the diag's srcset */
    const char *name;   /* the file name */
    srcpos pkgpos;      /* the package keyword */
    ast_expr *pkgname;  /* E_IDENT, NULL if the clause is missing */
    ast_decls decls;    /* imports first (as written), then the rest */
    uint32_t nlines;    /* lines in the file */
    int nerrors;        /* errors the scanner and parser reported; the
                           driver stops after parsing when any file has
                           some, as Go's compiler does */
};

/* Parses one file. Registers it in d's srcset; reports syntax errors to d.
 * src need not be NUL-terminated and must outlive the arena's use. Always
 * returns a file (possibly partial after errors). */
ast_file *parse_file(arena *a, diag *d, const char *filename, const char *src, size_t len);

/* The decoded bytes of a string literal (E_BASICLIT T_STRING, not bad):
 * stored in the arena, NUL-terminated, *len without the NUL. */
const char *ast_string_value(arena *a, const ast_expr *lit, size_t *len);
/* The code point of a rune literal (E_BASICLIT T_CHAR, not bad). */
int32_t ast_rune_value(const ast_expr *lit);

/* Go's checkBranches (syntax/branches.go), run by the parser on each
 * function body that parsed without errors: undefined, unused and
 * duplicate labels, goto jumping into a block or over a variable
 * declaration, misplaced break/continue/fallthrough. Returns the number of
 * errors reported. */
int ast_check_branches(diag *d, const ast_stmt *body);

/* The leftmost position of e (Go's syntax.StartPos). */
srcpos ast_expr_start(const ast_expr *e);

/* Debug/test dump: a canonical S-expression, one node per parenthesis,
 * e.g. (call (sel (ident fmt) Println) (lit "hi")). */
void ast_print_file(FILE *f, const ast_file *file);
void ast_print_expr(FILE *f, const ast_expr *e);
void ast_print_stmt(FILE *f, const ast_stmt *s);

/* Go-syntax rendering of an expression as Go's type checker prints it in
 * messages (syntax.String): "x + 1", "f(a, b...)", "[]int{…}", "func() {…}".
 * Writes at most cap bytes (NUL included); returns the full length. */
size_t ast_expr_string(char *buf, size_t cap, const ast_expr *e);

#endif
