/*
 * codegen_int.h: the code generator's internal interface, shared by its
 * files (codegen.c: scalars, strings, control flow, calls; codegen_data.c:
 * pointers, structs, arrays, slices, maps; further files add closures,
 * methods, interfaces and natives). Internal to the VM library.
 *
 * Conventions every file keeps:
 * - A value of type t occupies cg_shape(t) consecutive registers of the
 *   kinds cg_shape writes (SK_PTR or SK_SCALAR); a slot keeps its kind for
 *   the whole function (one pointer bitmap per function).
 * - Structs and arrays are handled by address: their one register points
 *   at the value's memory (docs/design/vm-values.md, "Aggregates"). A
 *   register of such a type produced by cg_expr_to/cg_eval into a new
 *   destination points at memory nobody else names (a fresh copy), except
 *   that cg_eval of a variable gives the variable's own memory (read it,
 *   never write through it).
 * - A variable whose address is taken lives in a heap cell: its register
 *   holds the cell's address (vars[i].boxed) and reads and writes go
 *   through it.
 * - What a function cannot generate yet is reported with cg_unsupported,
 *   which longjmps out of the function being generated.
 */
#ifndef GORTVM_CODEGEN_INT_H
#define GORTVM_CODEGEN_INT_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "bytecode.h"
#include "check.h"
#include "constant.h"
#include "link.h"

enum { SK_FREE = 0, SK_SCALAR = 1, SK_PTR = 2 };

/* The most slots one value takes in registers (a slice). */
#define CG_MAX_SHAPE 4

typedef struct jlist {
    int *v;
    int n, cap;
} jlist;

/* A loop, switch or labeled statement that break/continue may name. */
typedef struct target {
    struct target *up;
    ast_stmt *stmt;       /* the S_FOR, S_RANGE or S_SWITCH */
    const char *label;    /* its label's name, or NULL */
    bool isloop;
    jlist brk, cont;      /* jumps to the end / to the continue point */
} target;

typedef struct labelpos {
    const char *name;
    int pc;               /* -1 until defined */
    jlist fwd;            /* gotos waiting for it */
} labelpos;

typedef struct gen gen;

/* A local variable: its register, or the register holding the address
 * of its heap cell (boxed). */
typedef struct cgvar {
    gobj *o;
    int reg;
    bool boxed;
} cgvar;

typedef struct fstate {
    gen *g;
    vmfunc *f;
    uint32_t *code, *lines;
    int ncode, cap;
    uint32_t line;        /* current source line */
    uint8_t kind[VM_MAX_SLOTS];
    uint8_t busy[VM_MAX_SLOTS];
    int nslots;
    cgvar *vars;
    int nvars, capvars;
    target *targets;
    labelpos *labels;
    int nlabels, caplabels;
    gtype *sig;
    int resbase;          /* first result slot */
    jmp_buf fail;
    /* fallthrough: the jump out of the current case body */
    jlist *fallthru;
    const char *pending_label; /* set by S_LABELED for the statement it labels */
    int nlits;            /* function literals named so far ("main.f.funcN") */
    /* evaluating the places of a parallel assignment: the variables it
     * assigns, whose registers a place must not use (a store may change
     * them before the place's own store) */
    ast_exprs *parallel_lhs;
    /* the epilogue every return jumps to when the function defers or a
     * closure captures a named result: DEFERRET, each boxed named result
     * loaded into its result slots, RET (codegen.c, cg_gen_body) */
    bool epi;
    jlist retj;           /* jumps to the epilogue */
    struct { int cell, slot; gtype *t; } boxres[8]; /* boxed named results */
    int nboxres;
    int ndeferwraps;      /* defer of a built-in: "main.f.deferwrapN" */
} fstate;

struct gen {
    arena *a;
    diag *d;
    gconst_ctx *cc;
    gpkg *pkg;
    vmprog *p;
    vmlink *link;         /* gtype -> gort_type (link.c) */
    vmfunc **funcs;
    gobj **fobjs;
    int nfuncs, capfuncs;
    uint64_t *k;
    int nk, capk;
    const gort_type **types; /* the program's type table (NEWOBJ etc.) */
    int ntypes, captypes;
    gobj **gobjs;         /* globals: object -> first slot */
    int *gslot;
    bool *gboxed;         /* the global's slot holds its cell's address */
    int ngobjs, capgobjs;
    gobj **addrtaken;     /* variables whose address is taken (cg_find_addrtaken),
                             or that closures capture: a set, open addressing
                             on the pointer, capaddrtaken a power of two */
    int naddrtaken, capaddrtaken;
    uint8_t *gkind;       /* [nglobals]: each global slot's kind (malloc'd, capgkind) */
    int nglobals, capgkind;
    int errors;
    const struct vmnative **natives; /* natives called: CALLN's Bx (natives.h) */
    int nnatives, capnatives;
    const struct vmextern **externs; /* C functions called: CALLX's Bx (ffi.h) */
    int nexterns, capexterns;
    const gort_type *ctxiface; /* context.Context once a context native is
                                  called: its natives make values of it */
    const gort_type *lockeriface; /* sync.Locker, likewise (RWMutex.RLocker) */
};

typedef struct val {
    int reg;
    bool temp;
} val;

/* Where an assignment goes. */
typedef enum { PL_REG, PL_GLOBAL, PL_BLANK, PL_MEM, PL_MAP, PL_SIDX } plkind;
typedef struct place {
    int reg;      /* PL_REG: register of a local, or -1 */
    int gslot;    /* PL_GLOBAL: global slot, or -1 */
    bool blank;   /* PL_BLANK */
    plkind kind;
    int addr;     /* PL_MEM: register holding the address; PL_MAP: the map;
                     PL_SIDX: the slice (an element of 8 bytes or 1) */
    int key;      /* PL_MAP: register holding the key; PL_SIDX: the index */
    int off;      /* PL_MEM: byte offset from the address */
    gtype *slt;   /* PL_SIDX: the slice's type */
    gtype *keyt;  /* PL_MAP: key type */
    gtype *maptype; /* PL_MAP: the map's type */
    bool temp;    /* PL_MEM/PL_MAP/PL_SIDX: addr (and key) are temporaries */
    bool keytemp; /* PL_SIDX: key is a temporary */
} place;

static inline place pl_reg(int r) { return (place){.reg = r, .gslot = -1, .kind = PL_REG, .addr = -1, .key = -1}; }
static inline place pl_global(int g) { return (place){.reg = -1, .gslot = g, .kind = PL_GLOBAL, .addr = -1, .key = -1}; }
static inline place pl_blank(void) {
    return (place){.reg = -1, .gslot = -1, .blank = true, .kind = PL_BLANK, .addr = -1, .key = -1};
}

static inline bool k_int(gkind k) { return k >= K_INT && k <= K_UINTPTR; }
static inline bool k_unsigned(gkind k) { return k >= K_UINT && k <= K_UINTPTR; }
static inline bool k_float(gkind k) { return k == K_FLOAT32 || k == K_FLOAT64; }

static inline bool is_blank_ident(ast_expr *e) {
    return e->kind == E_IDENT && e->ident.name[0] == '_' && e->ident.name[1] == 0;
}

static inline ast_expr *unparen(ast_expr *e) {
    while (e->kind == E_PAREN) e = e->paren.x;
    return e;
}

static inline bool is_const(ast_expr *e) { return e->mode == M_CONST && e->val; }

/* errors */
void __attribute__((noreturn)) cg_unsupported(fstate *fs, srcpos pos, const char *what, ...)
    __attribute__((format(printf, 3, 4)));
void __attribute__((noreturn)) cg_toolarge(fstate *fs, srcpos pos, const char *what);

/* shapes */
int cg_shape(gtype *t, uint8_t *pat);
const char *cg_kind_words(gtype *t);
int cg_need_shape(fstate *fs, srcpos pos, gtype *t, uint8_t *pat);
gkind cg_bkind(gtype *t);
bool cg_is_aggregate(gtype *t); /* struct or array: handled by address */

/* emitting */
int cg_emit(fstate *fs, uint32_t w);
int cg_op_abc(fstate *fs, int op, int a, int b, int c);
int cg_op_abx(fstate *fs, int op, int a, int bx);
void cg_setline(fstate *fs, srcpos pos);
void cg_jl_add(fstate *fs, jlist *l, int pc);
void cg_patch(fstate *fs, int at, int target);
void cg_patch_list(fstate *fs, jlist *l, int target);
void cg_patch_here(fstate *fs, jlist *l);
int cg_emit_jmp(fstate *fs);
void cg_jmp_to(fstate *fs, int target);
int cg_emit_abj(fstate *fs, int op, int a, int b);

/* constants and types */
int cg_kadd(fstate *fs, uint64_t w);
int cg_kstring(fstate *fs, const char *s, size_t len);
/* Two consecutive constant words (never shared). */
int cg_kpair(fstate *fs, uint64_t a, uint64_t b);
void cg_load_int(fstate *fs, int dst, int64_t v);
void cg_load_const(fstate *fs, ast_expr *e, int dst);
/* The index of t's descriptor in the program's type table. */
int cg_type_index(fstate *fs, gtype *t);

/* registers */
int cg_alloc_pattern(fstate *fs, const uint8_t *pat, int n, int minbase);
int cg_ralloc(fstate *fs, srcpos pos, gtype *t);
int cg_rscalar(fstate *fs);   /* one scalar temporary */
int cg_rptr(fstate *fs);      /* one pointer temporary */
void cg_rfree_n(fstate *fs, int r, int n);
void cg_rfree(fstate *fs, int r, gtype *t);
int cg_top_busy(fstate *fs);
void cg_move(fstate *fs, int dst, int src, int n);

/* variables */
cgvar *cg_var(fstate *fs, gobj *o);
int cg_var_reg(fstate *fs, gobj *o);
void cg_var_bind(fstate *fs, gobj *o, int reg);
int cg_global_slot(gen *g, gobj *o);
bool cg_global_boxed(gen *g, gobj *o);
int cg_func_index(gen *g, gobj *o);
/* Natives (codegen.c): whether function or method fo is a stdlib
 * declaration without a body, and the index of the native bound to it
 * (a compile error when none is registered). */
bool cg_is_native(gen *g, gobj *fo);
int cg_native_index(fstate *fs, srcpos pos, gobj *fo);
/* Declares local o: a register, and for an aggregate or an address-taken
 * variable its memory (zeroed). cg_declare_raw leaves an aggregate's
 * register for the caller to fill with a fresh value. */
int cg_declare(fstate *fs, gobj *o, srcpos pos);
int cg_declare_raw(fstate *fs, gobj *o, srcpos pos);
bool cg_addrtaken(gen *g, gobj *o);
/* Adds o to the address-taken set (a variable that lives in a heap cell). */
void cg_mark_addrtaken(gen *g, gobj *o);

/* expressions */
void cg_expr_to(fstate *fs, ast_expr *e, int dst);
val cg_eval(fstate *fs, ast_expr *e);
void cg_vfree(fstate *fs, val v, gtype *t);
void cg_cond_jump(fstate *fs, ast_expr *e, bool jumpif, jlist *out);
int cg_call(fstate *fs, ast_expr *e, int *nres_slots);
void cg_wrap(fstate *fs, gkind k, int r);
void cg_convert_num(fstate *fs, gkind from, gkind to, int dst, int src);
void cg_builtin_call(fstate *fs, ast_expr *e, int dst, int id);
void cg_bool_from_cond(fstate *fs, ast_expr *e, int dst);
int cg_compare_op(fstate *fs, ast_expr *e, bool *swap);
bool cg_is_compare(token op);
bool cg_imm8(ast_expr *e, int64_t *out);

/* statements */
void cg_stmt(fstate *fs, ast_stmt *s);
void cg_block(fstate *fs, ast_stmts *list);
gtype *cg_ltype(ast_expr *e);
place cg_lvalue(fstate *fs, ast_expr *lhs);
void cg_store(fstate *fs, place p, int src, gtype *t);
void cg_place_free(fstate *fs, place p);
/* Stores to / loads from a PL_MEM or PL_MAP place (codegen_data.c). */
void cg_data_store(fstate *fs, place p, int src, gtype *t);
void cg_data_load_place(fstate *fs, place p, int dst, gtype *t);
void cg_assign1(fstate *fs, ast_expr *lhs, ast_expr *rhs);
void cg_assign_call(fstate *fs, ast_exprs *lhs, ast_expr *rhs, bool define);

/* codegen_data.c: composite values */
/* Finds the variables of the package whose address is taken. */
void cg_find_addrtaken(gen *g, struct ast_file **files, int nfiles);
/* The expression forms of composite values; false: not one of them. */
bool cg_data_expr(fstate *fs, ast_expr *e, int dst);
/* Builtins on composite values (len, cap, append, copy, make, new,
 * delete); false: not handled here. */
bool cg_data_builtin(fstate *fs, ast_expr *e, int dst, int id);
/* Conversions involving slices ([]byte(s), string(b), ...). */
bool cg_data_conversion(fstate *fs, ast_expr *e, int dst);
/* A comparison of pointers, maps or slices (with nil) compiled into a
 * jump taken when e is jumpif; false: not one of them. */
bool cg_data_cond(fstate *fs, ast_expr *e, bool jumpif, jlist *out);
/* Comparisons of composite values into a bool register. */
bool cg_data_compare(fstate *fs, ast_expr *e, int dst);
/* e is a variable that the parallel assignment being generated assigns. */
bool cg_assigned_in_parallel(fstate *fs, ast_expr *e);
/* Reports a value of v that would need a conversion the generator does
 * not make yet to be stored as a t (a concrete value into an interface). */
void cg_check_assignable(fstate *fs, ast_expr *v, gtype *t);
/* Places: x.f, a[i], *p, m[k]. */
bool cg_data_lvalue(fstate *fs, ast_expr *lhs, place *out);
/* Loads a value of type t from memory at R[addr] into dst. */
void cg_load_mem(fstate *fs, gtype *t, int dst, int addr);
/* Stores the value of type t in src to memory at R[addr] (with the write
 * barrier when t holds pointers). */
void cg_store_mem(fstate *fs, gtype *t, int addr, int src);
/* range over arrays, slices, maps, pointers to arrays and integers;
 * false: not one of them. */
bool cg_data_range(fstate *fs, ast_stmt *s, const char *label);
/* v, ok := m[k]: the comma-ok forms of map index. */
bool cg_data_commaok(fstate *fs, ast_exprs *lhs, ast_expr *rhs, bool define);
/* A fresh zero value of type t into dst (aggregates get new memory). */
void cg_zero(fstate *fs, gtype *t, int dst);
/* Makes dst (of aggregate type t) a copy of the value at R[src]. */
void cg_copy_aggregate(fstate *fs, gtype *t, int dst, int src);

/* codegen.c: a new function (its body generated later); the body of
 * function fi (recv: a method's receiver; caps: a closure's context) */
vmfunc *cg_new_func(gen *g, gobj *fo, const char *name, srcpos pos);
vmfunc *cg_native_trampoline(fstate *fs, const struct vmnative *nf, const uint8_t *pat, int np, int n, srcpos pos);
void cg_gen_body(gen *g, int fi, gobj *recv, gtype *sig, ast_stmt *body, srcpos pos, gobj **caps, int ncaps);

/* codegen_func.c: function values, closures, calls through values */
/* Marks the variables function literals capture (they live in cells). */
void cg_find_captured(gen *g, struct ast_file **files, int nfiles);
/* The value of a function name or a function literal into dst. */
void cg_func_value(fstate *fs, ast_expr *e, int dst);
/* A native stdlib function as a func value (codegen_func.c); false: e is not one. */
bool cg_native_funcval(fstate *fs, ast_expr *e, int dst);
/* Binds a closure's captured variables to its context words. */
void cg_bind_context(fstate *fs, gobj **caps, int n);
/* The signature a call expression calls. */
gtype *cg_call_sig(ast_expr *call);
/* The call area's kinds for sig (pat from index n): returns the total,
 * *np the parameter slots. */
int cg_call_pattern(fstate *fs, ast_expr *e, gtype *sig, uint8_t *pat, int n, int *np);
/* Evaluates call e's arguments into the area at `at` (variadic
 * packaging, s..., f(g())). */
void cg_call_args(fstate *fs, ast_expr *e, gtype *sig, int at);
/* A call through a function value: like cg_call. */
int cg_func_call(fstate *fs, ast_expr *e, int *nparam_slots);

void cg_fstate_init(fstate *fs, gen *g, vmfunc *f);
void cg_fstate_finish(fstate *fs);
void cg_fstate_free(fstate *fs);

/* codegen_func.c: methods and interfaces */
/* "main.T.M" or "main.(*T).M", as Go's tracebacks name a method. */
const char *cg_method_name(gen *g, gobj *m);
/* Fills the method tables of the package's types (itab.c reads them). */
void cg_method_tables(gen *g, struct ast_file **files, int nfiles);
/* e into dst converted to type t (boxing into an interface, or an
 * interface into another); any other e: cg_expr_to. */
void cg_expr_to_type(fstate *fs, ast_expr *e, int dst, gtype *t);
/* The type e's value has once assigned to t (t when it is boxed into
 * the interface t), and e evaluated so. */
gtype *cg_conv_type(ast_expr *e, gtype *t);
val cg_eval_to_type(fstate *fs, ast_expr *e, gtype *t);
/* Forms of interfaces and methods: x.(T), x.M as a value, T.M, a
 * comparison with an interface; false: not one of them. */
bool cg_func_expr(fstate *fs, ast_expr *e, int dst);
/* v, ok := x.(T); false: not that form. */
bool cg_func_commaok(fstate *fs, ast_exprs *lhs, ast_expr *rhs, bool define);
/* The type switch statement. */
void cg_typeswitch(fstate *fs, ast_stmt *s, const char *label);

/* codegen_chan.c: go statements, channels, select */
/* Each function's `go` block type (vmfunc.gotype). */
void cg_go_types(gen *g, vmfunc **funcs, int n);
void cg_go_stmt(fstate *fs, ast_stmt *s);
void cg_defer_stmt(fstate *fs, ast_stmt *s);
void cg_send_stmt(fstate *fs, ast_stmt *s);
/* <-c into dst (dst < 0: dropped); false: e is not a receive. */
bool cg_chan_expr(fstate *fs, ast_expr *e, int dst);
/* v, ok := <-c; false: not that form. */
bool cg_chan_commaok(fstate *fs, ast_exprs *lhs, ast_expr *rhs, bool define);
/* close, and len, cap and make of channels; false: not one of them. */
bool cg_chan_builtin(fstate *fs, ast_expr *e, int dst, int id);
/* for v := range c; false: x is not a channel. */
bool cg_chan_range(fstate *fs, ast_stmt *s, const char *label);
void cg_select_stmt(fstate *fs, ast_stmt *s, const char *label);

#endif
