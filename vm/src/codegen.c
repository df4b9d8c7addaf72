/*
 * codegen.c: register bytecode from the checked syntax tree.
 *
 * One pass over each function body, in the manner of Lua's lcode.c: an
 * expression is compiled either into registers the caller chose
 * (expr_to) or into whatever register already holds it (eval: a local
 * variable is used in place, anything else lands in a temporary), and a
 * condition is compiled into jumps (cond_jump: fused compare-and-branch
 * for comparisons, short circuits for && || !), never into a bool first.
 *
 * Registers. Every value has a shape: a bool, an integer or a float is
 * one scalar slot; a string is two slots, a pointer and a length. A slot
 * keeps one kind (pointer or scalar) for the whole function, so that the
 * function has one pointer bitmap and the collector reads a frame
 * exactly. The allocator is first fit over the frame's 256 slots, and a
 * slot can be reused only by a value of the same kind in that position
 * (alloc_pattern). Local variables get their slots where they are
 * declared and give them back at the end of their block; temporaries are
 * freed as soon as they are consumed.
 *
 * Calls. A frame is [params][results][locals and temporaries]. A caller
 * reserves a call area above every slot in use, shaped like the callee's
 * parameters followed by its results, evaluates the arguments straight
 * into it, and emits CALL A f: the callee's frame starts at R[A], so the
 * arguments are its parameters without a copy, and RET leaves the results
 * at R[A+nparams], where the caller takes them. Because parameters and
 * results are both part of the area, the caller's bitmap agrees with the
 * callee's for the slots they share.
 *
 * Refusals. What this generator does not handle yet (composite types,
 * closures, methods, goroutines...) is reported at its position as
 * "gort: X is not supported yet" and the rest of that function is
 * skipped (a longjmp out of the function), so each function reports at
 * most one such error and nothing half-compiled is ever run.
 *
 * Rejected: an AST-walking interpreter (an order of magnitude slower than
 * a register machine, and the speed goals are Lua's); a stack
 * machine (more instructions per statement, every operand moved twice);
 * tagged slots (the checker already knows every type, so a tag would only
 * be checked, never needed); a separate pointer register file (strings
 * would no longer be consecutive slots).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "bytecode.h"
#include "check.h"
#include "constant.h"

enum { SK_FREE = 0, SK_SCALAR = 1, SK_PTR = 2 };

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

typedef struct fstate {
    gen *g;
    vmfunc *f;
    uint32_t *code, *lines;
    int ncode, cap;
    uint32_t line;        /* current source line */
    uint8_t kind[VM_MAX_SLOTS];
    uint8_t busy[VM_MAX_SLOTS];
    int nslots;
    struct { gobj *o; int reg; } *vars;
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
} fstate;

struct gen {
    arena *a;
    diag *d;
    gconst_ctx *cc;
    gpkg *pkg;
    vmprog *p;
    vmfunc **funcs;
    gobj **fobjs;
    int nfuncs, capfuncs;
    uint64_t *k;
    int nk, capk;
    gobj **gobjs;         /* globals: object -> first slot */
    int *gslot;
    int ngobjs, capgobjs;
    uint8_t gkind[65536];
    int nglobals;
    int errors;
};

/* ------------------------------------------------------------------ */
/* errors                                                              */

static void __attribute__((noreturn)) unsupported(fstate *fs, srcpos pos, const char *what, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, what);
    vsnprintf(buf, sizeof buf, what, ap);
    va_end(ap);
    diag_errorf(fs->g->d, pos, "gort: %s is not supported yet", buf);
    fs->g->errors++;
    longjmp(fs->fail, 1);
}

static void __attribute__((noreturn)) toolarge(fstate *fs, srcpos pos, const char *what) {
    diag_errorf(fs->g->d, pos, "gort: function too large (%s)", what);
    fs->g->errors++;
    longjmp(fs->fail, 1);
}

/* ------------------------------------------------------------------ */
/* shapes                                                              */

/* The slots of a value of type t: 1 or 2; 0 for a type the generator does
 * not handle. pat (2 bytes) gets each slot's kind. */
static int shape(gtype *t, uint8_t *pat) {
    t = under(default_type(t));
    if (!t) return 0;
    switch (t->kind) {
    case K_BOOL: case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64:
    case K_UINT: case K_UINT8: case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR:
    case K_FLOAT32: case K_FLOAT64:
        if (pat) pat[0] = SK_SCALAR;
        return 1;
    case K_STRING:
        if (pat) pat[0] = SK_PTR, pat[1] = SK_SCALAR;
        return 2;
    default:
        return 0;
    }
}

static const char *kind_words(gtype *t) {
    t = under(t);
    switch (t ? t->kind : K_INVALID) {
    case K_POINTER: return "pointers";
    case K_ARRAY: return "arrays";
    case K_SLICE: return "slices";
    case K_MAP: return "maps";
    case K_CHAN: return "channels";
    case K_STRUCT: return "structs";
    case K_FUNC: return "function values";
    case K_INTERFACE: return "interfaces";
    case K_TUPLE: return "multiple values in this position";
    case K_COMPLEX64: case K_COMPLEX128: return "complex numbers";
    case K_UNSAFEPTR: return "unsafe.Pointer";
    case K_UNTYPED_NIL: return "nil";
    default: return "this type";
    }
}

static int need_shape(fstate *fs, srcpos pos, gtype *t, uint8_t *pat) {
    int n = shape(t, pat);
    if (!n) unsupported(fs, pos, "%s", kind_words(t));
    return n;
}

static gkind bkind(gtype *t) {
    t = under(default_type(t));
    return t ? (gkind)t->kind : K_INVALID;
}
static bool k_int(gkind k) { return k >= K_INT && k <= K_UINTPTR; }
static bool k_unsigned(gkind k) { return k >= K_UINT && k <= K_UINTPTR; }
static bool k_float(gkind k) { return k == K_FLOAT32 || k == K_FLOAT64; }

/* ------------------------------------------------------------------ */
/* emitting                                                            */

static int emit(fstate *fs, uint32_t w) {
    if (fs->ncode == fs->cap) {
        fs->cap = fs->cap ? fs->cap * 2 : 64;
        fs->code = realloc(fs->code, sizeof *fs->code * (size_t)fs->cap);
        fs->lines = realloc(fs->lines, sizeof *fs->lines * (size_t)fs->cap);
        if (!fs->code || !fs->lines) abort();
    }
    fs->code[fs->ncode] = w;
    fs->lines[fs->ncode] = fs->line;
    return fs->ncode++;
}

static int op_abc(fstate *fs, int op, int a, int b, int c) { return emit(fs, MK_ABC(op, a, b, c)); }
static int op_abx(fstate *fs, int op, int a, int bx) { return emit(fs, MK_ABX(op, a, bx)); }

static void setline(fstate *fs, srcpos pos) {
    if (pos.line) fs->line = pos.line;
}

/* Jump lists live in the compilation's arena: an unsupported construct
 * longjmps out of the function being generated, and lists held in C locals
 * then would leak if they were malloc'd. */
static void jl_add(fstate *fs, jlist *l, int pc) {
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 4;
        int *v = arena_alloc(fs->g->a, sizeof *v * (size_t)cap);
        if (l->n) memcpy(v, l->v, sizeof *v * (size_t)l->n);
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = pc;
}
/* Points the jump at pc `at` to `target`. */
static void patch(fstate *fs, int at, int target) {
    uint32_t w = fs->code[at];
    int op = (int)INS_OP(w);
    switch (vm_opformat[op]) {
    case OPF_SJ: {
        int off = target - (at + 1);
        if (off > SJ_MAX || off < -SJ_MAX) toolarge(fs, srcpos_make(0, fs->line, 0), "jump");
        fs->code[at] = MK_SJ(op, off);
        break;
    }
    case OPF_ASBX: {
        int off = target - (at + 1);
        if (off > SBX_MAX || off < -SBX_MAX) toolarge(fs, srcpos_make(0, fs->line, 0), "jump");
        fs->code[at] = MK_ABX(op, INS_A(w), (uint16_t)(int16_t)off);
        break;
    }
    case OPF_ABJ:
        fs->code[at + 1] = (uint32_t)(int32_t)(target - (at + 2));
        break;
    default:
        abort();
    }
}
static void patch_list(fstate *fs, jlist *l, int target) {
    for (int i = 0; i < l->n; i++) patch(fs, l->v[i], target);
    *l = (jlist){0};
}
static void patch_here(fstate *fs, jlist *l) { patch_list(fs, l, fs->ncode); }

static int emit_jmp(fstate *fs) { return emit(fs, MK_SJ(OP_JMP, 0)); }
static void jmp_to(fstate *fs, int target) { patch(fs, emit_jmp(fs), target); }
static int emit_abj(fstate *fs, int op, int a, int b) {
    int at = op_abc(fs, op, a, b, 0);
    emit(fs, 0);
    return at;
}

/* ------------------------------------------------------------------ */
/* constants                                                           */

static int kadd(fstate *fs, uint64_t w) {
    gen *g = fs->g;
    for (int i = 0; i < g->nk; i++)
        if (g->k[i] == w) return i;
    if (g->nk == g->capk) {
        g->capk = g->capk ? g->capk * 2 : 64;
        g->k = realloc(g->k, sizeof *g->k * (size_t)g->capk);
        if (!g->k) abort();
    }
    if (g->nk >= 65535) toolarge(fs, srcpos_make(0, fs->line, 0), "more than 65535 constants");
    g->k[g->nk] = w;
    return g->nk++;
}

static int kstring(fstate *fs, const char *s, size_t len) {
    gen *g = fs->g;
    if (g->nk + 2 > g->capk) {
        g->capk = g->capk ? g->capk * 2 : 64;
        g->k = realloc(g->k, sizeof *g->k * (size_t)g->capk);
        if (!g->k) abort();
    }
    if (g->nk + 2 >= 65535) toolarge(fs, srcpos_make(0, fs->line, 0), "more than 65535 constants");
    char *copy = arena_strndup(g->a, s, len);
    g->k[g->nk] = (uint64_t)(uintptr_t)copy;
    g->k[g->nk + 1] = (uint64_t)len;
    g->nk += 2;
    return g->nk - 2;
}

static void load_int(fstate *fs, int dst, int64_t v) {
    if (v >= -SBX_MAX && v <= SBX_MAX) op_abx(fs, OP_LOADI, dst, (uint16_t)(int16_t)v);
    else op_abx(fs, OP_LOADK, dst, kadd(fs, (uint64_t)v));
}

/* Loads the constant of expression e (mode M_CONST) into dst. */
static void load_const(fstate *fs, ast_expr *e, int dst) {
    gkind k = bkind(e->type);
    gconst *v = e->val;
    if (k == K_BOOL) {
        op_abx(fs, OP_LOADI, dst, gconst_bool_val(v) ? 1 : 0);
    } else if (k_int(k)) {
        int64_t i;
        uint64_t u;
        if (gconst_int64_val(v, &i)) load_int(fs, dst, i);
        else if (gconst_uint64_val(v, &u)) op_abx(fs, OP_LOADK, dst, kadd(fs, u));
        else unsupported(fs, ast_expr_start(e), "this constant");
    } else if (k_float(k)) {
        bool exact;
        double d = k == K_FLOAT32 ? (double)gconst_float32_val(v, &exact) : gconst_float64_val(v, &exact);
        uint64_t w;
        memcpy(&w, &d, 8);
        op_abx(fs, OP_LOADK, dst, kadd(fs, w));
    } else if (k == K_STRING) {
        size_t len;
        const char *s = gconst_string_val(v, &len);
        op_abx(fs, OP_LOADKS, dst, kstring(fs, s, len));
    } else {
        unsupported(fs, ast_expr_start(e), "%s", kind_words(e->type));
    }
}

/* ------------------------------------------------------------------ */
/* registers                                                           */

static void frame_grow(fstate *fs, int top) {
    if (top > fs->nslots) fs->nslots = top;
}

/* Reserves n consecutive slots with kinds pat[0..n) at or above minbase. */
static int alloc_pattern(fstate *fs, const uint8_t *pat, int n, int minbase) {
    for (int base = minbase; base + n <= VM_MAX_SLOTS; base++) {
        int i;
        for (i = 0; i < n; i++) {
            int s = base + i;
            if (fs->busy[s] || (fs->kind[s] != SK_FREE && fs->kind[s] != pat[i])) break;
        }
        if (i < n) continue;
        for (i = 0; i < n; i++) {
            fs->busy[base + i] = 1;
            fs->kind[base + i] = pat[i];
        }
        frame_grow(fs, base + n);
        return base;
    }
    toolarge(fs, srcpos_make(0, fs->line, 0), "more than 256 registers");
}

static int ralloc(fstate *fs, srcpos pos, gtype *t) {
    uint8_t pat[2];
    int n = need_shape(fs, pos, t, pat);
    return alloc_pattern(fs, pat, n, 0);
}

static void rfree_n(fstate *fs, int r, int n) {
    for (int i = 0; i < n; i++) fs->busy[r + i] = 0;
}
static void rfree(fstate *fs, int r, gtype *t) { rfree_n(fs, r, shape(t, NULL)); }

static int top_busy(fstate *fs) {
    int top = 0;
    for (int i = 0; i < VM_MAX_SLOTS; i++)
        if (fs->busy[i]) top = i + 1;
    return top;
}

static void move(fstate *fs, int dst, int src, int n) {
    if (dst == src) return;
    op_abc(fs, n == 2 ? OP_MOVE2 : OP_MOVE, dst, src, 0);
}

/* ------------------------------------------------------------------ */
/* variables                                                           */

static int var_reg(fstate *fs, gobj *o) {
    for (int i = fs->nvars - 1; i >= 0; i--)
        if (fs->vars[i].o == o) return fs->vars[i].reg;
    return -1;
}

static void var_bind(fstate *fs, gobj *o, int reg) {
    if (fs->nvars == fs->capvars) {
        fs->capvars = fs->capvars ? fs->capvars * 2 : 16;
        fs->vars = realloc(fs->vars, sizeof *fs->vars * (size_t)fs->capvars);
        if (!fs->vars) abort();
    }
    fs->vars[fs->nvars].o = o;
    fs->vars[fs->nvars].reg = reg;
    fs->nvars++;
}

static int global_slot(gen *g, gobj *o) {
    for (int i = 0; i < g->ngobjs; i++)
        if (g->gobjs[i] == o) return g->gslot[i];
    return -1;
}

static int func_index(gen *g, gobj *o) {
    for (int i = 0; i < g->nfuncs; i++)
        if (g->fobjs[i] == o) return i;
    return -1;
}

static bool is_blank_ident(ast_expr *e) {
    return e->kind == E_IDENT && e->ident.name[0] == '_' && e->ident.name[1] == 0;
}

static ast_expr *unparen(ast_expr *e) {
    while (e->kind == E_PAREN) e = e->paren.x;
    return e;
}

/* ------------------------------------------------------------------ */
/* expressions                                                         */

static void expr_to(fstate *fs, ast_expr *e, int dst);
static void cond_jump(fstate *fs, ast_expr *e, bool jumpif, jlist *out);
static int call(fstate *fs, ast_expr *e, int *nres_slots);

typedef struct val {
    int reg;
    bool temp;
} val;

static bool is_const(ast_expr *e) { return e->mode == M_CONST && e->val; }

/* The register holding e's value: a local variable's own, or a new
 * temporary (temp set: free it with vfree). */
static val eval(fstate *fs, ast_expr *e) {
    ast_expr *u = unparen(e);
    if (u->kind == E_IDENT && !is_const(u) && u->ident.obj) {
        int r = var_reg(fs, u->ident.obj);
        if (r >= 0) return (val){r, false};
    }
    if (u->kind == E_CALL && !is_const(u)) {
        ast_expr *fun = unparen(u->call.fun);
        if (fun->mode != M_TYPEXPR && fun->mode != M_BUILTIN && shape(e->type, NULL)) {
            /* use the result where the call left it: free the parameter
             * slots of the call area, keep the result slots */
            int np;
            int base = call(fs, u, &np);
            rfree_n(fs, base, np);
            return (val){base + np, true};
        }
    }
    int r = ralloc(fs, ast_expr_start(e), e->type);
    expr_to(fs, e, r);
    return (val){r, true};
}
static void vfree(fstate *fs, val v, gtype *t) {
    if (v.temp) rfree(fs, v.reg, t);
}

/* The int8 immediate of constant integer expression e, if it has one. */
static bool imm8(ast_expr *e, int64_t *out) {
    int64_t v;
    if (!is_const(e) || !k_int(bkind(e->type)) || !gconst_int64_val(e->val, &v)) return false;
    if (v < -128 || v > 127) return false;
    *out = v;
    return true;
}

/* Re-canonicalises an integer of kind k after an operation that may have
 * left its width. */
static void wrap(fstate *fs, gkind k, int r) {
    switch (k) {
    case K_INT8: op_abc(fs, OP_SEXT8, r, r, 0); break;
    case K_INT16: op_abc(fs, OP_SEXT16, r, r, 0); break;
    case K_INT32: op_abc(fs, OP_SEXT32, r, r, 0); break;
    case K_UINT8: op_abc(fs, OP_ZEXT8, r, r, 0); break;
    case K_UINT16: op_abc(fs, OP_ZEXT16, r, r, 0); break;
    case K_UINT32: op_abc(fs, OP_ZEXT32, r, r, 0); break;
    default: break;
    }
}

/* Converts the value in src (kind from) to kind to, into dst. */
static void convert_num(fstate *fs, gkind from, gkind to, int dst, int src) {
    if (k_int(from) && k_int(to)) {
        move(fs, dst, src, 1);
        wrap(fs, to, dst);
    } else if (k_int(from) && k_float(to)) {
        op_abc(fs, k_unsigned(from) ? OP_U64TOF64 : OP_I64TOF64, dst, src, 0);
        if (to == K_FLOAT32) op_abc(fs, OP_RNDF32, dst, dst, 0);
    } else if (k_float(from) && k_int(to)) {
        op_abc(fs, k_unsigned(to) ? OP_F64TOU64 : OP_F64TOI64, dst, src, 0);
        wrap(fs, to, dst);
    } else if (k_float(from) && k_float(to)) {
        if (to == K_FLOAT32 && from == K_FLOAT64) op_abc(fs, OP_RNDF32, dst, src, 0);
        else move(fs, dst, src, 1);
    } else {
        move(fs, dst, src, 1);
    }
}

static void binary_arith(fstate *fs, ast_expr *e, int dst) {
    token op = e->binary.op;
    ast_expr *x = e->binary.x, *y = e->binary.y;
    gkind k = bkind(e->type);
    if (k == K_STRING) {
        if (op != T_ADD) unsupported(fs, ast_expr_start(e), "this string operator");
        val a = eval(fs, x), b = eval(fs, y);
        op_abc(fs, OP_CONCAT, dst, a.reg, b.reg);
        vfree(fs, b, y->type);
        vfree(fs, a, x->type);
        return;
    }
    if (k_float(k)) {
        int o;
        switch (op) {
        case T_ADD: o = OP_ADDF64; break;
        case T_SUB: o = OP_SUBF64; break;
        case T_MUL: o = OP_MULF64; break;
        case T_QUO: o = OP_DIVF64; break;
        default: unsupported(fs, ast_expr_start(e), "this float operator");
        }
        val a = eval(fs, x), b = eval(fs, y);
        op_abc(fs, o, dst, a.reg, b.reg);
        if (k == K_FLOAT32) op_abc(fs, OP_RNDF32, dst, dst, 0);
        vfree(fs, b, y->type);
        vfree(fs, a, x->type);
        return;
    }
    if (!k_int(k)) unsupported(fs, ast_expr_start(e), "%s in arithmetic", kind_words(e->type));
    bool uns = k_unsigned(k);
    bool needwrap = true;
    int64_t im;
    if (op == T_SHL || op == T_SHR) {
        gkind ck = bkind(y->type);
        int64_t cnt;
        val a = eval(fs, x);
        if (is_const(y) && gconst_int64_val(y->val, &cnt) && cnt >= 0 && cnt < 64) {
            int o = op == T_SHL ? OP_SHLI64K : uns ? OP_SHRU64K : OP_SHRI64K;
            op_abc(fs, o, dst, a.reg, (int)cnt);
        } else {
            val b = eval(fs, y);
            if (!k_unsigned(ck) && !is_const(y)) op_abc(fs, OP_CHKSHIFT, b.reg, 0, 0);
            int o = op == T_SHL ? OP_SHLI64 : uns ? OP_SHRU64 : OP_SHRI64;
            op_abc(fs, o, dst, a.reg, b.reg);
            vfree(fs, b, y->type);
        }
        vfree(fs, a, x->type);
        if (op == T_SHL) wrap(fs, k, dst);
        return;
    }
    if ((op == T_ADD || op == T_SUB) && imm8(y, &im) && !(op == T_SUB && im == -128)) {
        val a = eval(fs, x);
        op_abc(fs, OP_ADDI64K, dst, a.reg, (int)(op == T_SUB ? -im : im));
        vfree(fs, a, x->type);
        wrap(fs, k, dst);
        return;
    }
    if (op == T_MUL && imm8(y, &im)) {
        val a = eval(fs, x);
        op_abc(fs, OP_MULI64K, dst, a.reg, (int)im);
        vfree(fs, a, x->type);
        wrap(fs, k, dst);
        return;
    }
    if (op == T_AND && is_const(y) && gconst_int64_val(y->val, &im) && im >= 0 && im <= 255) {
        val a = eval(fs, x);
        op_abc(fs, OP_ANDI64K, dst, a.reg, (int)im);
        vfree(fs, a, x->type);
        return;
    }
    int o;
    switch (op) {
    case T_ADD: o = OP_ADDI64; break;
    case T_SUB: o = OP_SUBI64; break;
    case T_MUL: o = OP_MULI64; break;
    case T_QUO: o = uns ? OP_DIVU64 : OP_DIVI64; needwrap = !uns; break;
    case T_REM: o = uns ? OP_REMU64 : OP_REMI64; needwrap = false; break;
    case T_AND: o = OP_ANDI64; needwrap = false; break;
    case T_OR: o = OP_ORI64; needwrap = false; break;
    case T_XOR: o = OP_XORI64; needwrap = false; break;
    case T_AND_NOT: o = OP_ANDNI64; needwrap = false; break;
    default: unsupported(fs, ast_expr_start(e), "this integer operator");
    }
    val a = eval(fs, x), b = eval(fs, y);
    op_abc(fs, o, dst, a.reg, b.reg);
    vfree(fs, b, y->type);
    vfree(fs, a, x->type);
    if (needwrap) wrap(fs, k, dst);
}

/* A comparison's opcode producing a bool; *swap set when the operands
 * must be exchanged (> and >=). */
static int compare_op(fstate *fs, ast_expr *e, bool *swap) {
    gkind k = bkind(e->binary.x->type);
    token op = e->binary.op;
    *swap = op == T_GTR || op == T_GEQ;
    bool lt = op == T_LSS || op == T_GTR;
    bool eq = op == T_EQL;
    bool ne = op == T_NEQ;
    if (k == K_STRING) return eq ? OP_EQSTR : ne ? OP_NESTR : lt ? OP_LTSTR : OP_LESTR;
    if (k_float(k)) return eq ? OP_EQF64 : ne ? OP_NEF64 : lt ? OP_LTF64 : OP_LEF64;
    if (k_int(k) || k == K_BOOL) {
        if (eq) return OP_EQI64;
        if (ne) return OP_NEI64;
        if (k_unsigned(k)) return lt ? OP_LTU64 : OP_LEU64;
        return lt ? OP_LTI64 : OP_LEI64;
    }
    unsupported(fs, ast_expr_start(e), "comparing %s", kind_words(e->binary.x->type));
}

static bool is_compare(token op) {
    return op == T_EQL || op == T_NEQ || op == T_LSS || op == T_LEQ || op == T_GTR || op == T_GEQ;
}

static void bool_from_cond(fstate *fs, ast_expr *e, int dst) {
    jlist f = {0};
    cond_jump(fs, e, false, &f);
    op_abx(fs, OP_LOADI, dst, 1);
    int j = emit_jmp(fs);
    patch_here(fs, &f);
    op_abx(fs, OP_LOADI, dst, 0);
    patch(fs, j, fs->ncode);
}

static void builtin_call(fstate *fs, ast_expr *e, int dst, int id);

/* string(x) and numeric conversions. */
static void conversion_to(fstate *fs, ast_expr *e, int dst) {
    gtype *to = e->type;
    ast_expr *x = e->call.args.v[0];
    gkind tk = bkind(to), fk = bkind(x->type);
    if (tk == K_STRING && fk == K_STRING) {
        expr_to(fs, x, dst);
        return;
    }
    if (tk == K_STRING && k_int(fk)) {
        val a = eval(fs, x);
        op_abc(fs, OP_RUNESTR, dst, a.reg, 0);
        vfree(fs, a, x->type);
        return;
    }
    if ((k_int(tk) || k_float(tk)) && (k_int(fk) || k_float(fk))) {
        val a = eval(fs, x);
        convert_num(fs, fk, tk, dst, a.reg);
        vfree(fs, a, x->type);
        return;
    }
    if (tk == K_BOOL && fk == K_BOOL) {
        expr_to(fs, x, dst);
        return;
    }
    unsupported(fs, ast_expr_start(e), "conversion to %s", kind_words(to));
}

static void expr_to(fstate *fs, ast_expr *e, int dst) {
    if (is_const(e)) {
        load_const(fs, e, dst);
        return;
    }
    switch (e->kind) {
    case E_PAREN:
        expr_to(fs, e->paren.x, dst);
        return;
    case E_IDENT: {
        gobj *o = e->ident.obj;
        if (!o) break;
        if (o->kind == O_VAR) {
            int n = need_shape(fs, ast_expr_start(e), e->type, NULL);
            int r = var_reg(fs, o);
            if (r >= 0) {
                move(fs, dst, r, n);
                return;
            }
            int gs = global_slot(fs->g, o);
            if (gs >= 0) {
                op_abx(fs, n == 2 ? OP_GETG2 : OP_GETG, dst, gs);
                return;
            }
            unsupported(fs, ast_expr_start(e), "a variable of an enclosing function");
        }
        if (o->kind == O_NIL) unsupported(fs, ast_expr_start(e), "nil");
        if (o->kind == O_FUNC) unsupported(fs, ast_expr_start(e), "function values");
        break;
    }
    case E_UNARY: {
        ast_expr *x = e->unary.x;
        gkind k = bkind(e->type);
        switch (e->unary.op) {
        case T_ADD:
            expr_to(fs, x, dst);
            return;
        case T_SUB: {
            val a = eval(fs, x);
            if (k_float(k)) op_abc(fs, OP_NEGF64, dst, a.reg, 0);
            else op_abc(fs, OP_NEGI64, dst, a.reg, 0), wrap(fs, k, dst);
            vfree(fs, a, x->type);
            return;
        }
        case T_XOR: {
            val a = eval(fs, x);
            op_abc(fs, OP_BNOTI64, dst, a.reg, 0);
            wrap(fs, k, dst);
            vfree(fs, a, x->type);
            return;
        }
        case T_NOT: {
            val a = eval(fs, x);
            op_abc(fs, OP_NOT, dst, a.reg, 0);
            vfree(fs, a, x->type);
            return;
        }
        case T_AND: unsupported(fs, ast_expr_start(e), "taking an address (&x)");
        case T_ARROW: unsupported(fs, ast_expr_start(e), "receiving from a channel");
        default: break;
        }
        break;
    }
    case E_BINARY: {
        token op = e->binary.op;
        if (op == T_LAND || op == T_LOR) {
            bool_from_cond(fs, e, dst);
            return;
        }
        if (is_compare(op)) {
            bool swap;
            int o = compare_op(fs, e, &swap);
            val a = eval(fs, e->binary.x), b = eval(fs, e->binary.y);
            if (swap) op_abc(fs, o, dst, b.reg, a.reg);
            else op_abc(fs, o, dst, a.reg, b.reg);
            vfree(fs, b, e->binary.y->type);
            vfree(fs, a, e->binary.x->type);
            return;
        }
        binary_arith(fs, e, dst);
        return;
    }
    case E_CALL: {
        ast_expr *fun = unparen(e->call.fun);
        if (fun->mode == M_TYPEXPR) {
            conversion_to(fs, e, dst);
            return;
        }
        if (fun->mode == M_BUILTIN) {
            builtin_call(fs, e, dst, fun->kind == E_IDENT && fun->ident.obj ? fun->ident.obj->builtin : -1);
            return;
        }
        int nres;
        int base = call(fs, e, &nres);
        int n = need_shape(fs, ast_expr_start(e), e->type, NULL);
        int resat = base + nres;
        move(fs, dst, resat, n);
        rfree_n(fs, base, nres + n);
        return;
    }
    case E_INDEX: {
        ast_expr *x = e->index.x;
        if (bkind(x->type) != K_STRING) unsupported(fs, ast_expr_start(e), "indexing %s", kind_words(x->type));
        val a = eval(fs, x), i = eval(fs, e->index.index[0]);
        op_abc(fs, OP_INDEXSTR, dst, a.reg, i.reg);
        vfree(fs, i, e->index.index[0]->type);
        vfree(fs, a, x->type);
        return;
    }
    case E_SLICE: {
        ast_expr *x = e->slice.x;
        if (bkind(x->type) != K_STRING) unsupported(fs, ast_expr_start(e), "slicing %s", kind_words(x->type));
        val a = eval(fs, x);
        uint8_t pat[2] = {SK_SCALAR, SK_SCALAR};
        int lh = alloc_pattern(fs, pat, 2, 0);
        if (e->slice.lo) expr_to(fs, e->slice.lo, lh);
        else op_abx(fs, OP_LOADI, lh, 0);
        if (e->slice.hi) expr_to(fs, e->slice.hi, lh + 1);
        else op_abc(fs, OP_MOVE, lh + 1, a.reg + 1, 0);
        op_abc(fs, OP_SLICESTR, dst, a.reg, lh);
        rfree_n(fs, lh, 2);
        vfree(fs, a, x->type);
        return;
    }
    case E_COMPOSITE: unsupported(fs, ast_expr_start(e), "composite literals");
    case E_FUNCLIT: unsupported(fs, ast_expr_start(e), "function literals");
    case E_SELECTOR: unsupported(fs, ast_expr_start(e), "selectors (package members, fields and methods)");
    case E_TYPEASSERT: unsupported(fs, ast_expr_start(e), "type assertions");
    case E_STAR: unsupported(fs, ast_expr_start(e), "pointer indirection");
    default: break;
    }
    unsupported(fs, ast_expr_start(e), "this expression");
}

/* Jumps (to be patched, added to out) when e evaluates to jumpif; falls
 * through otherwise. */
static void cond_jump(fstate *fs, ast_expr *e, bool jumpif, jlist *out) {
    e = unparen(e);
    if (is_const(e) && bkind(e->type) == K_BOOL) {
        if (gconst_bool_val(e->val) == jumpif) jl_add(fs, out, emit_jmp(fs));
        return;
    }
    if (e->kind == E_UNARY && e->unary.op == T_NOT) {
        cond_jump(fs, e->unary.x, !jumpif, out);
        return;
    }
    if (e->kind == E_BINARY && (e->binary.op == T_LAND || e->binary.op == T_LOR)) {
        bool land = e->binary.op == T_LAND;
        if (land != jumpif) {
            /* a && b jumping when false; a || b jumping when true */
            cond_jump(fs, e->binary.x, jumpif, out);
            cond_jump(fs, e->binary.y, jumpif, out);
        } else {
            jlist skip = {0};
            cond_jump(fs, e->binary.x, !jumpif, &skip);
            cond_jump(fs, e->binary.y, jumpif, out);
            patch_here(fs, &skip);
        }
        return;
    }
    if (e->kind == E_BINARY && is_compare(e->binary.op)) {
        ast_expr *x = e->binary.x, *y = e->binary.y;
        gkind k = bkind(x->type);
        token op = e->binary.op;
        if (k_int(k) || k == K_BOOL) {
            bool uns = k_unsigned(k);
            if (!jumpif) {
                switch (op) {
                case T_EQL: op = T_NEQ; break;
                case T_NEQ: op = T_EQL; break;
                case T_LSS: op = T_GEQ; break;
                case T_LEQ: op = T_GTR; break;
                case T_GTR: op = T_LEQ; break;
                default: op = T_LSS; break;
                }
            }
            int64_t im;
            if (!uns && imm8(y, &im)) {
                val a = eval(fs, x);
                int o = op == T_EQL ? OP_JEQI64K : op == T_NEQ ? OP_JNEI64K : op == T_LSS ? OP_JLTI64K
                      : op == T_LEQ ? OP_JLEI64K : op == T_GTR ? OP_JGTI64K : OP_JGEI64K;
                jl_add(fs, out, emit_abj(fs, o, a.reg, (int)im));
                vfree(fs, a, x->type);
                return;
            }
            int64_t kv;
            if (!uns && is_const(y) && gconst_int64_val(y->val, &kv)) {
                int ki = kadd(fs, (uint64_t)kv);
                if (ki < 256) {
                    val a = eval(fs, x);
                    int o = op == T_EQL ? OP_JEQI64C : op == T_NEQ ? OP_JNEI64C : op == T_LSS ? OP_JLTI64C
                          : op == T_LEQ ? OP_JLEI64C : op == T_GTR ? OP_JGTI64C : OP_JGEI64C;
                    jl_add(fs, out, emit_abj(fs, o, a.reg, ki));
                    vfree(fs, a, x->type);
                    return;
                }
            }
            if (uns && (op == T_EQL || op == T_NEQ) && imm8(y, &im) && im >= 0) {
                val a = eval(fs, x);
                jl_add(fs, out, emit_abj(fs, op == T_EQL ? OP_JEQI64K : OP_JNEI64K, a.reg, (int)im));
                vfree(fs, a, x->type);
                return;
            }
            val a = eval(fs, x), b = eval(fs, y);
            int ra = a.reg, rb = b.reg, o;
            switch (op) {
            case T_EQL: o = OP_JEQI64; break;
            case T_NEQ: o = OP_JNEI64; break;
            case T_LSS: o = uns ? OP_JLTU64 : OP_JLTI64; break;
            case T_LEQ: o = uns ? OP_JLEU64 : OP_JLEI64; break;
            case T_GTR: o = uns ? OP_JLTU64 : OP_JLTI64; ra = b.reg; rb = a.reg; break;
            default: o = uns ? OP_JLEU64 : OP_JLEI64; ra = b.reg; rb = a.reg; break;
            }
            jl_add(fs, out, emit_abj(fs, o, ra, rb));
            vfree(fs, b, y->type);
            vfree(fs, a, x->type);
            return;
        }
        if (k_float(k)) {
            val a = eval(fs, x), b = eval(fs, y);
            int ra = a.reg, rb = b.reg, o;
            bool sw = op == T_GTR || op == T_GEQ;
            if (sw) ra = b.reg, rb = a.reg;
            bool lt = op == T_LSS || op == T_GTR;
            if (op == T_EQL) o = jumpif ? OP_JEQF64 : OP_JNEF64;
            else if (op == T_NEQ) o = jumpif ? OP_JNEF64 : OP_JEQF64;
            else if (lt) o = jumpif ? OP_JLTF64 : OP_JNLTF64;
            else o = jumpif ? OP_JLEF64 : OP_JNLEF64;
            jl_add(fs, out, emit_abj(fs, o, ra, rb));
            vfree(fs, b, y->type);
            vfree(fs, a, x->type);
            return;
        }
    }
    val v = eval(fs, e);
    int at = op_abx(fs, jumpif ? OP_JTRUE : OP_JFALSE, v.reg, 0);
    jl_add(fs, out, at);
    vfree(fs, v, e->type);
}

/* A call of a package-level function: returns the call area's base;
 * the results are at base + *nparam_slots. The area stays reserved
 * (params and results) until the caller frees it. */
static int call(fstate *fs, ast_expr *e, int *nparam_slots) {
    ast_expr *fun = unparen(e->call.fun);
    if (fun->kind == E_SELECTOR) unsupported(fs, ast_expr_start(e), "calling methods and package functions");
    if (fun->kind != E_IDENT || !fun->ident.obj || fun->ident.obj->kind != O_FUNC)
        unsupported(fs, ast_expr_start(e), "calling function values");
    gobj *fo = fun->ident.obj;
    int fi = func_index(fs->g, fo);
    if (fi < 0) unsupported(fs, ast_expr_start(e), "calling this function");
    gtype *sig = fo->type;
    if (sig->variadic) unsupported(fs, ast_expr_start(e), "variadic functions");
    uint8_t pat[VM_MAX_SLOTS];
    int n = 0, np;
    gtype *ps = sig->params, *rs = sig->results;
    for (int i = 0; i < ps->nvars; i++) {
        if (n + 2 > VM_MAX_SLOTS) toolarge(fs, e->pos, "too many arguments");
        n += need_shape(fs, ast_expr_start(e), ps->vars[i]->type, pat + n);
    }
    np = n;
    for (int i = 0; i < rs->nvars; i++) {
        if (n + 2 > VM_MAX_SLOTS) toolarge(fs, e->pos, "too many results");
        n += need_shape(fs, ast_expr_start(e), rs->vars[i]->type, pat + n);
    }
    if (e->call.args.n != ps->nvars) unsupported(fs, ast_expr_start(e), "passing a multi-valued call as arguments");
    int base = alloc_pattern(fs, pat, n, top_busy(fs));
    int off = 0;
    for (int i = 0; i < ps->nvars; i++) {
        expr_to(fs, e->call.args.v[i], base + off);
        off += shape(ps->vars[i]->type, NULL);
    }
    setline(fs, e->pos);
    op_abx(fs, OP_CALL, base, fi);
    *nparam_slots = np;
    return base;
}

static void print_value(fstate *fs, ast_expr *x) {
    gkind k = bkind(x->type);
    val v = eval(fs, x);
    int o;
    if (k == K_BOOL) o = OP_PRINTB;
    else if (k_unsigned(k)) o = OP_PRINTU;
    else if (k_int(k)) o = OP_PRINTI;
    else if (k_float(k)) o = OP_PRINTF;
    else if (k == K_STRING) o = OP_PRINTS;
    else unsupported(fs, ast_expr_start(x), "printing %s", kind_words(x->type));
    op_abc(fs, o, v.reg, 0, 0);
    vfree(fs, v, x->type);
}

static void builtin_call(fstate *fs, ast_expr *e, int dst, int id) {
    ast_exprs *args = &e->call.args;
    switch (id) {
    case B_PRINT:
    case B_PRINTLN:
        for (int i = 0; i < args->n; i++) {
            if (i > 0 && id == B_PRINTLN) op_abc(fs, OP_PRINTSP, 0, 0, 0);
            print_value(fs, args->v[i]);
        }
        if (id == B_PRINTLN) op_abc(fs, OP_PRINTNL, 0, 0, 0);
        op_abc(fs, OP_PRINTEND, 0, 0, 0);
        return;
    case B_LEN: {
        ast_expr *x = args->v[0];
        if (bkind(x->type) != K_STRING) unsupported(fs, ast_expr_start(e), "len of %s", kind_words(x->type));
        val v = eval(fs, x);
        op_abc(fs, OP_MOVE, dst, v.reg + 1, 0);
        vfree(fs, v, x->type);
        return;
    }
    case B_PANIC: {
        ast_expr *x = args->v[0];
        gtype *t = x->type;
        gkind k = bkind(t);
        if (is_interface(t) || !shape(t, NULL)) unsupported(fs, ast_expr_start(e), "panic with %s", kind_words(t));
        if (t->kind == K_NAMED) unsupported(fs, ast_expr_start(e), "panic with a value of a named type");
        val v = eval(fs, x);
        int cls = k == K_BOOL ? 3 : k == K_STRING ? 4 : k_float(k) ? 2 : k_unsigned(k) ? 1 : 0;
        op_abc(fs, OP_PANIC, v.reg, cls, (int)k);
        vfree(fs, v, t);
        return;
    }
    default:
        unsupported(fs, ast_expr_start(e), "this built-in function");
    }
}

/* ------------------------------------------------------------------ */
/* statements                                                          */

static void stmt(fstate *fs, ast_stmt *s);

static void block(fstate *fs, ast_stmts *list) {
    int nvars = fs->nvars;
    for (int i = 0; i < list->n; i++) stmt(fs, list->v[i]);
    /* give the block's variables' slots back */
    for (int i = nvars; i < fs->nvars; i++)
        rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
    fs->nvars = nvars;
}

/* Declares local o, returning its register. */
static int declare(fstate *fs, gobj *o, srcpos pos) {
    int r = ralloc(fs, pos, o->type);
    var_bind(fs, o, r);
    return r;
}

/* Where assignments to lhs go: a register, or a global (*gslot >= 0). */
typedef struct place {
    int reg;      /* register of a local, or -1 */
    int gslot;    /* global slot, or -1 */
    bool blank;
} place;

/* The type of an assignment's left side (a := leaves the identifier's
 * own type slot empty; its object has the type). */
static gtype *ltype(ast_expr *e) {
    e = unparen(e);
    if (e->kind == E_IDENT && e->ident.obj && e->ident.obj->type) return e->ident.obj->type;
    return e->type;
}

static place lvalue(fstate *fs, ast_expr *lhs) {
    lhs = unparen(lhs);
    if (is_blank_ident(lhs)) return (place){-1, -1, true};
    if (lhs->kind == E_IDENT && lhs->ident.obj && lhs->ident.obj->kind == O_VAR) {
        need_shape(fs, lhs->pos, ltype(lhs), NULL);
        int r = var_reg(fs, lhs->ident.obj);
        if (r >= 0) return (place){r, -1, false};
        int g = global_slot(fs->g, lhs->ident.obj);
        if (g >= 0) return (place){-1, g, false};
        unsupported(fs, ast_expr_start(lhs), "assigning to a variable of an enclosing function");
    }
    switch (lhs->kind) {
    case E_INDEX: unsupported(fs, ast_expr_start(lhs), "assigning to an element");
    case E_SELECTOR: unsupported(fs, ast_expr_start(lhs), "assigning to a field");
    case E_STAR: unsupported(fs, ast_expr_start(lhs), "assigning through a pointer");
    default: unsupported(fs, ast_expr_start(lhs), "this assignment");
    }
}

static void store(fstate *fs, place p, int src, gtype *t) {
    if (p.blank) return;
    int n = shape(t, NULL);
    if (p.reg >= 0) move(fs, p.reg, src, n);
    else op_abx(fs, n == 2 ? OP_SETG2 : OP_SETG, src, p.gslot);
}

/* lhs = rhs for one pair, rhs already typed for lhs. */
static void assign1(fstate *fs, ast_expr *lhs, ast_expr *rhs) {
    place p = lvalue(fs, lhs);
    if (p.blank) {
        if (unparen(rhs)->kind == E_CALL || !is_const(rhs)) {
            if (!shape(rhs->type, NULL) && unparen(rhs)->kind == E_CALL) {
                unsupported(fs, ast_expr_start(rhs), "%s", kind_words(rhs->type));
            }
            val v = eval(fs, rhs);
            vfree(fs, v, rhs->type);
        }
        return;
    }
    if (p.reg >= 0) {
        expr_to(fs, rhs, p.reg);
        return;
    }
    val v = eval(fs, rhs);
    store(fs, p, v.reg, ltype(lhs));
    vfree(fs, v, rhs->type);
}

/* Assigns the results of call rhs to lhs[0..n). define: lhs names new
 * variables (except those already declared in scope: o->pos tells). */
static void assign_call(fstate *fs, ast_exprs *lhs, ast_expr *rhs, bool define) {
    ast_expr *fun = unparen(rhs->call.fun);
    if (fun->mode == M_BUILTIN || fun->mode == M_TYPEXPR) unsupported(fs, ast_expr_start(rhs), "comma-ok forms");
    int np;
    int base = call(fs, rhs, &np);
    gtype *rs = fun->ident.obj->type->results;
    int off = base + np;
    for (int i = 0; i < lhs->n; i++) {
        ast_expr *l = lhs->v[i];
        gtype *t = rs->vars[i]->type;
        if (define && !is_blank_ident(l) && var_reg(fs, l->ident.obj) < 0) declare(fs, l->ident.obj, l->pos);
        place p = lvalue(fs, l);
        store(fs, p, off, t);
        off += shape(t, NULL);
    }
    rfree_n(fs, base, off - base);
}

static void assign_stmt(fstate *fs, ast_stmt *s) {
    ast_exprs *lhs = &s->assign.lhs, *rhs = &s->assign.rhs;
    token op = s->assign.op;
    if (op == T_ASSIGN || op == T_DEFINE) {
        bool define = op == T_DEFINE;
        if (rhs->n == 1 && lhs->n > 1) {
            if (unparen(rhs->v[0])->kind != E_CALL) unsupported(fs, s->pos, "comma-ok forms");
            assign_call(fs, lhs, rhs->v[0], define);
            return;
        }
        if (lhs->n == 1) {
            ast_expr *l = lhs->v[0];
            if (define && !is_blank_ident(l) && var_reg(fs, l->ident.obj) < 0) {
                /* x := x + 1 in an inner scope reads the outer x: a
                 * different object, so declaring first is safe */
                need_shape(fs, ast_expr_start(rhs->v[0]), rhs->v[0]->type, NULL);
                int r = declare(fs, l->ident.obj, l->pos);
                expr_to(fs, rhs->v[0], r);
                return;
            }
            assign1(fs, l, rhs->v[0]);
            return;
        }
        /* parallel: evaluate every right side, then assign */
        val *vals = arena_alloc(fs->g->a, sizeof *vals * (size_t)rhs->n);
        for (int i = 0; i < rhs->n; i++) {
            ast_expr *r = rhs->v[i];
            need_shape(fs, r->pos, r->type, NULL);
            vals[i].reg = ralloc(fs, r->pos, r->type);
            vals[i].temp = true;
            expr_to(fs, r, vals[i].reg);
        }
        for (int i = 0; i < lhs->n; i++) {
            ast_expr *l = lhs->v[i];
            if (define && !is_blank_ident(l) && var_reg(fs, l->ident.obj) < 0) declare(fs, l->ident.obj, l->pos);
            place p = lvalue(fs, l);
            store(fs, p, vals[i].reg, ltype(l));
        }
        for (int i = 0; i < rhs->n; i++) vfree(fs, vals[i], rhs->v[i]->type);
        return;
    }
    /* x op= y */
    ast_expr *l = lhs->v[0];
    ast_expr bin = {0};
    bin.kind = E_BINARY;
    bin.pos = s->pos;
    bin.mode = M_VALUE;
    bin.type = ltype(l);
    bin.binary.op = op;
    bin.binary.x = l;
    bin.binary.y = rhs->v[0];
    place p = lvalue(fs, l);
    if (p.reg >= 0) {
        expr_to(fs, &bin, p.reg);
        return;
    }
    int r = ralloc(fs, s->pos, ltype(l));
    expr_to(fs, &bin, r);
    store(fs, p, r, ltype(l));
    rfree(fs, r, ltype(l));
}

static void incdec(fstate *fs, ast_stmt *s) {
    ast_expr *l = s->incdec.x;
    gkind k = bkind(l->type);
    place p = lvalue(fs, l);
    int r = p.reg >= 0 ? p.reg : ralloc(fs, s->pos, l->type);
    if (p.reg < 0) expr_to(fs, l, r);
    if (k_float(k)) {
        double one = 1.0;
        uint64_t w;
        memcpy(&w, &one, 8);
        int t = ralloc(fs, s->pos, l->type);
        op_abx(fs, OP_LOADK, t, kadd(fs, w));
        op_abc(fs, s->incdec.op == T_INC ? OP_ADDF64 : OP_SUBF64, r, r, t);
        if (k == K_FLOAT32) op_abc(fs, OP_RNDF32, r, r, 0);
        rfree(fs, t, l->type);
    } else {
        op_abc(fs, OP_ADDI64K, r, r, s->incdec.op == T_INC ? 1 : -1);
        wrap(fs, k, r);
    }
    if (p.reg < 0) {
        store(fs, p, r, l->type);
        rfree(fs, r, l->type);
    }
}

static void var_decl(fstate *fs, ast_decl *d) {
    for (int i = 0; i < d->gen.specs.n; i++) {
        ast_spec *sp = d->gen.specs.v[i];
        ast_exprs *names = &sp->value.names, *values = &sp->value.values;
        if (values->n == 0) {
            for (int j = 0; j < names->n; j++) {
                gobj *o = names->v[j]->ident.obj;
                if (!o) continue;
                int r = declare(fs, o, names->v[j]->pos);
                op_abc(fs, OP_ZERO, r, shape(o->type, NULL), 0);
            }
        } else if (values->n == names->n) {
            val *vals = arena_alloc(fs->g->a, sizeof *vals * (size_t)values->n);
            for (int j = 0; j < values->n; j++) vals[j] = eval(fs, values->v[j]);
            for (int j = 0; j < names->n; j++) {
                gobj *o = names->v[j]->ident.obj;
                if (o && !is_blank_ident(names->v[j])) {
                    int r = declare(fs, o, names->v[j]->pos);
                    move(fs, r, vals[j].reg, shape(o->type, NULL));
                }
            }
            for (int j = 0; j < values->n; j++) vfree(fs, vals[j], values->v[j]->type);
        } else {
            if (unparen(values->v[0])->kind != E_CALL) unsupported(fs, sp->pos, "comma-ok forms");
            assign_call(fs, names, values->v[0], true);
        }
    }
}

static target *find_target(fstate *fs, ast_expr *label, bool loop) {
    for (target *t = fs->targets; t; t = t->up) {
        if (label) {
            if (t->label == label->ident.name) return t;
        } else if (t->isloop || !loop) {
            return t;
        }
    }
    return NULL;
}

static labelpos *label_get(fstate *fs, const char *name) {
    for (int i = 0; i < fs->nlabels; i++)
        if (fs->labels[i].name == name) return &fs->labels[i];
    if (fs->nlabels == fs->caplabels) {
        fs->caplabels = fs->caplabels ? fs->caplabels * 2 : 8;
        fs->labels = realloc(fs->labels, sizeof *fs->labels * (size_t)fs->caplabels);
        if (!fs->labels) abort();
    }
    labelpos *l = &fs->labels[fs->nlabels++];
    *l = (labelpos){name, -1, {0}};
    return l;
}


/* A counting loop `for ...; i < n; i++` (or <=) over a signed 64-bit
 * local i, n a local or a constant: its step and test are one INCJLT*.
 * Returns the opcode and sets *b to B, or returns -1. */
static int counting_loop(fstate *fs, ast_stmt *s, int *ireg, int *b) {
    ast_stmt *post = s->fors.post;
    ast_expr *cond = s->fors.cond ? unparen(s->fors.cond) : NULL;
    if (!post || !cond || post->kind != S_INCDEC || post->incdec.op != T_INC) return -1;
    if (cond->kind != E_BINARY || (cond->binary.op != T_LSS && cond->binary.op != T_LEQ)) return -1;
    ast_expr *x = unparen(post->incdec.x), *cx = unparen(cond->binary.x), *y = unparen(cond->binary.y);
    if (x->kind != E_IDENT || cx->kind != E_IDENT || x->ident.obj != cx->ident.obj || !x->ident.obj) return -1;
    gkind k = bkind(x->ident.obj->type);
    if (k != K_INT && k != K_INT64) return -1;
    int r = var_reg(fs, x->ident.obj);
    if (r < 0) return -1;
    bool lt = cond->binary.op == T_LSS;
    int64_t kv;
    if (is_const(y) && gconst_int64_val(y->val, &kv)) {
        int ki = kadd(fs, (uint64_t)kv);
        if (ki >= 256) return -1;
        *ireg = r;
        *b = ki;
        return lt ? OP_INCJLTC : OP_INCJLEC;
    }
    if (y->kind == E_IDENT && y->ident.obj && y->ident.obj != x->ident.obj && var_reg(fs, y->ident.obj) >= 0 &&
        bkind(y->type) == k) {
        *ireg = r;
        *b = var_reg(fs, y->ident.obj);
        return lt ? OP_INCJLT : OP_INCJLE;
    }
    return -1;
}

static void for_stmt(fstate *fs, ast_stmt *s, const char *label) {
    int nvars = fs->nvars;
    if (s->fors.init) stmt(fs, s->fors.init);
    target t = {fs->targets, s, label, true, {0}, {0}};
    fs->targets = &t;
    int ireg, b;
    int cop = counting_loop(fs, s, &ireg, &b);
    if (cop >= 0) {
        /* entry test; body; step-and-test back to the body */
        setline(fs, s->fors.cond->pos);
        jlist out = {0};
        cond_jump(fs, s->fors.cond, false, &out);
        int top = fs->ncode;
        stmt(fs, s->fors.body);
        patch_here(fs, &t.cont);
        setline(fs, s->fors.post->pos);
        patch(fs, emit_abj(fs, cop, ireg, b), top);
        patch_here(fs, &out);
        patch_here(fs, &t.brk);
        fs->targets = t.up;
        for (int i = nvars; i < fs->nvars; i++) rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
        fs->nvars = nvars;
        return;
    }
    int jtest = s->fors.cond ? emit_jmp(fs) : -1;
    int top = fs->ncode;
    stmt(fs, s->fors.body);
    patch_here(fs, &t.cont);
    if (s->fors.post) stmt(fs, s->fors.post);
    if (s->fors.cond) {
        patch(fs, jtest, fs->ncode);
        setline(fs, s->fors.cond->pos);
        jlist back = {0};
        cond_jump(fs, s->fors.cond, true, &back);
        patch_list(fs, &back, top);
    } else {
        jmp_to(fs, top);
    }
    patch_here(fs, &t.brk);
    fs->targets = t.up;
    for (int i = nvars; i < fs->nvars; i++) rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
    fs->nvars = nvars;
}

static void range_stmt(fstate *fs, ast_stmt *s, const char *label) {
    ast_expr *x = s->range.x;
    if (bkind(x->type) != K_STRING) unsupported(fs, s->range.rangepos, "range over %s", kind_words(x->type));
    int nvars = fs->nvars;
    /* hidden: the string, the index, the next index; rune and width */
    uint8_t spat[2] = {SK_PTR, SK_SCALAR}, ipat[4] = {SK_SCALAR, SK_SCALAR, SK_SCALAR, SK_SCALAR};
    int str = alloc_pattern(fs, spat, 2, 0);
    expr_to(fs, x, str);
    int hid = alloc_pattern(fs, ipat, 4, 0); /* hid: index, hid+1: next, hid+2: rune, hid+3: width */
    op_abx(fs, OP_LOADI, hid + 1, 0);
    place pk = {-1, -1, true}, pv = {-1, -1, true};
    if (s->range.op == T_DEFINE) {
        if (s->range.key && !is_blank_ident(s->range.key)) pk = (place){declare(fs, s->range.key->ident.obj, s->range.key->pos), -1, false};
        if (s->range.value && !is_blank_ident(s->range.value)) pv = (place){declare(fs, s->range.value->ident.obj, s->range.value->pos), -1, false};
    } else {
        if (s->range.key) pk = lvalue(fs, s->range.key);
        if (s->range.value) pv = lvalue(fs, s->range.value);
    }
    target t = {fs->targets, s, label, true, {0}, {0}};
    fs->targets = &t;
    int jtest = emit_jmp(fs);
    int top = fs->ncode;
    op_abc(fs, OP_MOVE, hid, hid + 1, 0);
    op_abc(fs, OP_DECRUNE, hid + 2, str, hid);
    op_abc(fs, OP_ADDI64, hid + 1, hid, hid + 3);
    store(fs, pk, hid, types_basic + K_INT);
    store(fs, pv, hid + 2, types_basic + K_INT32);
    stmt(fs, s->range.body);
    patch_here(fs, &t.cont);
    patch(fs, jtest, fs->ncode);
    jlist back = {0};
    jl_add(fs, &back, emit_abj(fs, OP_JLTI64, hid + 1, str + 1));
    patch_list(fs, &back, top);
    patch_here(fs, &t.brk);
    fs->targets = t.up;
    for (int i = nvars; i < fs->nvars; i++) rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
    fs->nvars = nvars;
    rfree_n(fs, hid, 4);
    rfree_n(fs, str, 2);
}

static void switch_stmt(fstate *fs, ast_stmt *s, const char *label) {
    int nvars = fs->nvars;
    if (s->sw.init) stmt(fs, s->sw.init);
    val tag = {-1, false};
    if (s->sw.tag) {
        need_shape(fs, s->sw.tag->pos, s->sw.tag->type, NULL);
        tag = eval(fs, s->sw.tag);
    }
    int nc = s->sw.clauses.n;
    jlist *tobody = arena_alloc(fs->g->a, ((size_t)nc + 1) * sizeof *tobody);
    int dflt = -1;
    for (int i = 0; i < nc; i++) {
        ast_stmt *c = s->sw.clauses.v[i];
        if (c->cas.isdefault) dflt = i;
        for (int j = 0; j < c->cas.list.n; j++) {
            ast_expr *ce = c->cas.list.v[j];
            setline(fs, ce->pos);
            if (!s->sw.tag) {
                cond_jump(fs, ce, true, &tobody[i]);
                continue;
            }
            ast_expr cmp = {0};
            ast_expr tagref = *s->sw.tag;
            (void)tagref;
            /* tag == ce, with the tag already in a register */
            gkind k = bkind(s->sw.tag->type);
            val v = eval(fs, ce);
            int o;
            if (k == K_STRING) {
                int b = alloc_pattern(fs, (const uint8_t[]){SK_SCALAR}, 1, 0);
                op_abc(fs, OP_EQSTR, b, tag.reg, v.reg);
                jl_add(fs, &tobody[i], op_abx(fs, OP_JTRUE, b, 0));
                rfree_n(fs, b, 1);
            } else {
                o = k_float(k) ? OP_JEQF64 : OP_JEQI64;
                if (!k_float(k) && !k_int(k) && k != K_BOOL) unsupported(fs, ast_expr_start(ce), "switch on %s", kind_words(s->sw.tag->type));
                jl_add(fs, &tobody[i], emit_abj(fs, o, tag.reg, v.reg));
            }
            vfree(fs, v, ce->type);
            (void)cmp;
        }
    }
    if (dflt >= 0) jl_add(fs, &tobody[dflt], emit_jmp(fs));
    target t = {fs->targets, s, label, false, {0}, {0}};
    fs->targets = &t;
    jl_add(fs, &t.brk, emit_jmp(fs));
    jlist fall = {0};
    for (int i = 0; i < nc; i++) {
        ast_stmt *c = s->sw.clauses.v[i];
        patch_here(fs, &tobody[i]);
        patch_here(fs, &fall);
        jlist *saved = fs->fallthru;
        fs->fallthru = &fall;
        block(fs, &c->cas.body);
        fs->fallthru = saved;
        if (fall.n == 0) jl_add(fs, &t.brk, emit_jmp(fs));
    }
    patch_here(fs, &fall);
    patch_here(fs, &t.brk);
    fs->targets = t.up;
    if (tag.reg >= 0) vfree(fs, tag, s->sw.tag->type);
    for (int i = nvars; i < fs->nvars; i++) rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
    fs->nvars = nvars;
}

static void return_stmt(fstate *fs, ast_stmt *s) {
    gtype *rs = fs->sig->results;
    ast_exprs *res = &s->ret.results;
    int nres = fs->f->nresults;
    if (res->n == 0) {
        op_abc(fs, OP_RET, fs->resbase, nres, 0);
        return;
    }
    if (res->n == 1 && rs->nvars > 1) {
        int np;
        int base = call(fs, res->v[0], &np);
        op_abc(fs, OP_RET, base + np, nres, 0);
        rfree_n(fs, base, np + nres);
        return;
    }
    if (res->n == 1) {
        val v = eval(fs, res->v[0]);
        op_abc(fs, OP_RET, v.reg, nres, 0);
        vfree(fs, v, res->v[0]->type);
        return;
    }
    uint8_t pat[VM_MAX_SLOTS];
    int n = 0;
    for (int i = 0; i < rs->nvars; i++) n += shape(rs->vars[i]->type, pat + n);
    int base = alloc_pattern(fs, pat, n, 0);
    int off = base;
    for (int i = 0; i < res->n; i++) {
        expr_to(fs, res->v[i], off);
        off += shape(rs->vars[i]->type, NULL);
    }
    op_abc(fs, OP_RET, base, nres, 0);
    rfree_n(fs, base, n);
}

static void stmt(fstate *fs, ast_stmt *s) {
    setline(fs, s->pos);
    const char *label = fs->pending_label;
    fs->pending_label = NULL;
    switch (s->kind) {
    case S_EMPTY:
        return;
    case S_BLOCK:
        block(fs, &s->block.list);
        return;
    case S_EXPR: {
        ast_expr *x = unparen(s->expr.x);
        if (x->kind != E_CALL) unsupported(fs, s->pos, "this expression statement");
        ast_expr *fun = unparen(x->call.fun);
        if (fun->mode == M_BUILTIN) {
            builtin_call(fs, x, 0, fun->kind == E_IDENT && fun->ident.obj ? fun->ident.obj->builtin : -1);
            return;
        }
        if (fun->mode == M_TYPEXPR) unsupported(fs, s->pos, "this expression statement");
        int np;
        int base = call(fs, x, &np);
        gtype *rs = fun->ident.obj->type->results;
        int n = 0;
        for (int i = 0; i < rs->nvars; i++) n += shape(rs->vars[i]->type, NULL);
        rfree_n(fs, base, np + n);
        return;
    }
    case S_INCDEC:
        incdec(fs, s);
        return;
    case S_ASSIGN:
        assign_stmt(fs, s);
        return;
    case S_DECL:
        if (s->decl.decl->kind == D_VAR) var_decl(fs, s->decl.decl);
        return; /* const and type declarations generate no code */
    case S_IF: {
        int nvars = fs->nvars;
        if (s->ifs.init) stmt(fs, s->ifs.init);
        jlist f = {0};
        setline(fs, s->ifs.cond->pos);
        cond_jump(fs, s->ifs.cond, false, &f);
        stmt(fs, s->ifs.then);
        if (s->ifs.els) {
            int j = emit_jmp(fs);
            patch_here(fs, &f);
            stmt(fs, s->ifs.els);
            patch(fs, j, fs->ncode);
        } else {
            patch_here(fs, &f);
        }
        for (int i = nvars; i < fs->nvars; i++) rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
        fs->nvars = nvars;
        return;
    }
    case S_FOR:
        for_stmt(fs, s, label);
        return;
    case S_RANGE:
        range_stmt(fs, s, label);
        return;
    case S_SWITCH:
        switch_stmt(fs, s, label);
        return;
    case S_LABELED: {
        labelpos *l = label_get(fs, s->labeled.label->ident.name);
        l->pc = fs->ncode;
        patch_list(fs, &l->fwd, l->pc);
        fs->pending_label = s->labeled.label->ident.name;
        stmt(fs, s->labeled.stmt);
        fs->pending_label = NULL;
        return;
    }
    case S_BRANCH: {
        switch (s->branch.tok) {
        case T_BREAK: {
            target *t = find_target(fs, s->branch.label, false);
            if (!t) unsupported(fs, s->pos, "break out of select");
            jl_add(fs, &t->brk, emit_jmp(fs));
            return;
        }
        case T_CONTINUE: {
            target *t = find_target(fs, s->branch.label, true);
            if (!t) unsupported(fs, s->pos, "this continue");
            jl_add(fs, &t->cont, emit_jmp(fs));
            return;
        }
        case T_GOTO: {
            labelpos *l = label_get(fs, s->branch.label->ident.name);
            if (l->pc >= 0) jmp_to(fs, l->pc);
            else jl_add(fs, &l->fwd, emit_jmp(fs));
            return;
        }
        case T_FALLTHROUGH:
            if (!fs->fallthru) unsupported(fs, s->pos, "this fallthrough");
            jl_add(fs, fs->fallthru, emit_jmp(fs));
            return;
        default:
            break;
        }
        break;
    }
    case S_RETURN:
        return_stmt(fs, s);
        return;
    case S_GO: unsupported(fs, s->pos, "go statements");
    case S_DEFER: unsupported(fs, s->pos, "defer statements");
    case S_SELECT: unsupported(fs, s->pos, "select statements");
    case S_SEND: unsupported(fs, s->pos, "channel sends");
    case S_TYPESWITCH: unsupported(fs, s->pos, "type switches");
    default: break;
    }
    unsupported(fs, s->pos, "this statement");
}

/* ------------------------------------------------------------------ */
/* functions                                                           */

static void fstate_init(fstate *fs, gen *g, vmfunc *f) {
    memset(fs, 0, sizeof *fs);
    fs->g = g;
    fs->f = f;
    fs->line = f->line;
}

static void fstate_finish(fstate *fs) {
    vmfunc *f = fs->f;
    uint32_t *code = ARENA_ARRAY(fs->g->a, uint32_t, fs->ncode);
    uint32_t *lines = ARENA_ARRAY(fs->g->a, uint32_t, fs->ncode);
    memcpy(code, fs->code, sizeof *code * (size_t)fs->ncode);
    memcpy(lines, fs->lines, sizeof *lines * (size_t)fs->ncode);
    f->code = code;
    f->lines = lines;
    f->ncode = fs->ncode;
    f->nslots = (uint16_t)(fs->nslots > f->nparams + f->nresults ? fs->nslots : f->nparams + f->nresults);
    memset(f->ptrmap, 0, sizeof f->ptrmap);
    f->zero = false;
    for (int i = 0; i < f->nslots; i++)
        if (fs->kind[i] == SK_PTR) {
            f->ptrmap[i / 8] |= (uint8_t)(1u << (i % 8));
            if (i >= f->nparams) f->zero = true;
        }
}

static void fstate_free(fstate *fs) {
    free(fs->code);
    free(fs->lines);
    free(fs->vars);
    free(fs->labels);
}

static void gen_func(gen *g, int fi, ast_decl *d) {
    gobj *fo = g->fobjs[fi];
    vmfunc *f = g->funcs[fi];
    fstate fs;
    fstate_init(&fs, g, f);
    if (setjmp(fs.fail)) {
        fstate_free(&fs);
        return;
    }
    gtype *sig = fo->type;
    fs.sig = sig;
    if (d->func.recv) unsupported(&fs, d->pos, "methods");
    if (sig->variadic) unsupported(&fs, d->pos, "variadic functions");
    gtype *ps = sig->params, *rs = sig->results;
    uint8_t pat[2];
    for (int i = 0; i < ps->nvars; i++) {
        gobj *p = ps->vars[i];
        int n = need_shape(&fs, p->pos, p->type, pat);
        int r = alloc_pattern(&fs, pat, n, fs.nslots);
        if (p->name && !(p->name[0] == '_' && !p->name[1])) var_bind(&fs, p, r);
    }
    f->nparams = (uint16_t)fs.nslots;
    fs.resbase = fs.nslots;
    bool named = false;
    for (int i = 0; i < rs->nvars; i++) {
        gobj *p = rs->vars[i];
        int n = need_shape(&fs, p->pos, p->type, pat);
        int r = alloc_pattern(&fs, pat, n, fs.nslots);
        if (p->name && p->name[0]) {
            named = true;
            if (!(p->name[0] == '_' && !p->name[1])) var_bind(&fs, p, r);
        }
    }
    f->nresults = (uint16_t)(fs.nslots - f->nparams);
    if (named && f->nresults) op_abc(&fs, OP_ZERO, fs.resbase, f->nresults, 0);
    block(&fs, &d->func.body->block.list);
    fs.line = d->func.body->block.rbrace.line ? d->func.body->block.rbrace.line : fs.line;
    op_abc(&fs, OP_RET, fs.resbase, f->nresults, 0);
    for (int i = 0; i < fs.nlabels; i++)
        if (fs.labels[i].fwd.n) unsupported(&fs, d->pos, "this goto");
    fstate_finish(&fs);
    fstate_free(&fs);
}

/* ------------------------------------------------------------------ */
/* package initialisation                                              */

typedef struct initctx {
    gen *g;
    fstate *fs;
    gobj **done;
    int ndone, capdone;
} initctx;

static bool init_done(initctx *ic, gobj *o) {
    for (int i = 0; i < ic->ndone; i++)
        if (ic->done[i] == o) return true;
    return false;
}
static void init_mark(initctx *ic, gobj *o) {
    if (ic->ndone == ic->capdone) {
        ic->capdone = ic->capdone ? ic->capdone * 2 : 32;
        ic->done = realloc(ic->done, sizeof *ic->done * (size_t)ic->capdone);
        if (!ic->done) abort();
    }
    ic->done[ic->ndone++] = o;
}

static void init_var(initctx *ic, gobj *o);

/* Initialises, first, every variable o's initialiser depends on, through
 * the functions it calls. */
static void init_deps(initctx *ic, gobj *o) {
    for (int i = 0; i < o->ndeps; i++) {
        gobj *d = o->deps[i];
        if (d->kind == O_VAR) init_var(ic, d);
        else if (d->kind == O_FUNC && !init_done(ic, d)) {
            init_mark(ic, d);
            init_deps(ic, d);
        }
    }
}

static void init_var(initctx *ic, gobj *o) {
    if (init_done(ic, o)) return;
    init_mark(ic, o);
    fstate *fs = ic->fs;
    init_deps(ic, o);
    ast_spec *sp = o->spec;
    setline(fs, o->pos);
    if (sp && sp->value.names.n > 1 && sp->value.values.n == 1) {
        for (int i = 0; i < sp->value.names.n; i++)
            if (sp->value.names.v[i]->ident.obj) init_mark(ic, sp->value.names.v[i]->ident.obj);
        assign_call(fs, &sp->value.names, sp->value.values.v[0], false);
        return;
    }
    if (!o->init) return; /* zero: the globals area starts zeroed */
    int gs = global_slot(ic->g, o);
    val v = eval(fs, o->init);
    if (gs >= 0) store(fs, (place){-1, gs, false}, v.reg, o->type);
    vfree(fs, v, o->init->type);
}

/* main.init: variables in dependency order, then the init functions. */
static void gen_init(gen *g, int initfn, gobj **vars, int nvars, const int *initidx, int ninits) {
    fstate fs;
    fstate_init(&fs, g, g->funcs[initfn]);
    initctx ic = {g, &fs, NULL, 0, 0};
    if (!setjmp(fs.fail)) {
        for (int i = 0; i < nvars; i++) init_var(&ic, vars[i]);
        for (int i = 0; i < ninits; i++) op_abx(&fs, OP_CALL, top_busy(&fs), initidx[i]);
        op_abc(&fs, OP_RET, 0, 0, 0);
        fstate_finish(&fs);
    }
    fstate_free(&fs);
    free(ic.done);
}

/* ------------------------------------------------------------------ */
/* the program                                                         */

static vmfunc *new_func(gen *g, gobj *fo, const char *name, srcpos pos) {
    if (g->nfuncs == g->capfuncs) {
        g->capfuncs = g->capfuncs ? g->capfuncs * 2 : 32;
        g->funcs = realloc(g->funcs, sizeof *g->funcs * (size_t)g->capfuncs);
        g->fobjs = realloc(g->fobjs, sizeof *g->fobjs * (size_t)g->capfuncs);
        if (!g->funcs || !g->fobjs) abort();
    }
    vmfunc *f = ARENA_NEW(g->a, vmfunc);
    memset(f, 0, sizeof *f);
    f->name = name;
    f->file = pos.file;
    f->line = pos.line;
    g->funcs[g->nfuncs] = f;
    g->fobjs[g->nfuncs] = fo;
    g->nfuncs++;
    return f;
}

vmprog *codegen_program(arena *a, diag *d, gconst_ctx *cc, gpkg *pkg, ast_file **files, int nfiles) {
    gen *g = calloc(1, sizeof *g);
    if (!g) abort();
    g->a = a;
    g->d = d;
    g->cc = cc;
    g->pkg = pkg;
    vmprog *p = ARENA_NEW(a, vmprog);
    memset(p, 0, sizeof *p);
    p->files = &d->files;
    g->p = p;

    /* functions and globals get their indices first: bodies refer to
     * later declarations */
    gobj **vars = NULL;
    int nvars = 0;
    int initfn = -1, mainfn = -1;
    for (int fi = 0; fi < nfiles; fi++) {
        ast_file *f = files[fi];
        for (int i = 0; i < f->decls.n; i++) {
            ast_decl *dl = f->decls.v[i];
            if (dl->kind == D_FUNC && dl->func.body && !dl->func.recv) {
                gobj *o = dl->func.name->ident.obj;
                const char *nm = dl->func.name->ident.name;
                if (!o || strcmp(nm, "init") == 0) continue; /* init functions: below */
                new_func(g, o, arena_printf(a, "main.%s", nm), dl->pos);
            } else if (dl->kind == D_FUNC && dl->func.body && dl->func.recv) {
                diag_errorf(d, dl->pos, "gort: methods is not supported yet");
                g->errors++;
            } else if (dl->kind == D_VAR) {
                for (int s = 0; s < dl->gen.specs.n; s++) {
                    ast_spec *sp = dl->gen.specs.v[s];
                    for (int j = 0; j < sp->value.names.n; j++) {
                        gobj *o = sp->value.names.v[j]->ident.obj;
                        if (!o) continue;
                        if (is_blank_ident(sp->value.names.v[j])) {
                            /* no slot, but its initialiser runs */
                            vars = realloc(vars, sizeof *vars * (size_t)(nvars + 1));
                            vars[nvars++] = o;
                            continue;
                        }
                        uint8_t pat[2];
                        int n = shape(o->type, pat);
                        if (!n) {
                            diag_errorf(d, sp->value.names.v[j]->pos, "gort: %s is not supported yet",
                                        kind_words(o->type));
                            g->errors++;
                            continue;
                        }
                        if (g->ngobjs == g->capgobjs) {
                            g->capgobjs = g->capgobjs ? g->capgobjs * 2 : 32;
                            g->gobjs = realloc(g->gobjs, sizeof *g->gobjs * (size_t)g->capgobjs);
                            g->gslot = realloc(g->gslot, sizeof *g->gslot * (size_t)g->capgobjs);
                        }
                        g->gobjs[g->ngobjs] = o;
                        g->gslot[g->ngobjs++] = g->nglobals;
                        for (int k = 0; k < n; k++) g->gkind[g->nglobals++] = pat[k];
                        vars = realloc(vars, sizeof *vars * (size_t)(nvars + 1));
                        vars[nvars++] = o;
                    }
                }
            }
        }
    }
    /* init functions: several may be declared; they have no object */
    int ninits = 0;
    int *initidx = NULL;
    for (int fi = 0; fi < nfiles; fi++) {
        ast_file *f = files[fi];
        for (int i = 0; i < f->decls.n; i++) {
            ast_decl *dl = f->decls.v[i];
            if (dl->kind == D_FUNC && dl->func.body && !dl->func.recv &&
                strcmp(dl->func.name->ident.name, "init") == 0) {
                gobj *fake = obj_new(a, O_FUNC, dl->func.name->ident.name, NULL, dl->pos);
                fake->type = type_new(a, K_FUNC);
                fake->type->params = type_empty_tuple();
                fake->type->results = type_empty_tuple();
                initidx = realloc(initidx, sizeof *initidx * (size_t)(ninits + 1));
                initidx[ninits] = g->nfuncs;
                new_func(g, fake, arena_printf(a, "main.init.%d", ninits), dl->pos);
                ninits++;
            }
        }
    }
    for (int i = 0; i < g->nfuncs; i++)
        if (strcmp(g->funcs[i]->name, "main.main") == 0) mainfn = i;
    initfn = g->nfuncs;
    new_func(g, NULL, "main.init", srcpos_make(files[0]->fileidx, 1, 1));

    /* bodies */
    int k = 0;
    for (int fi = 0; fi < nfiles; fi++) {
        ast_file *f = files[fi];
        for (int i = 0; i < f->decls.n; i++) {
            ast_decl *dl = f->decls.v[i];
            if (dl->kind != D_FUNC || !dl->func.body || dl->func.recv) continue;
            gobj *o = dl->func.name->ident.obj;
            int idx;
            if (strcmp(dl->func.name->ident.name, "init") == 0) idx = initidx[k++];
            else if (o) idx = func_index(g, o);
            else continue;
            gen_func(g, idx, dl);
        }
    }

    gen_init(g, initfn, vars, nvars, initidx, ninits);
    free(vars);
    free(initidx);

    if (mainfn < 0 && g->errors == 0) {
        diag_errorf(d, srcpos_make(files[0]->fileidx, 0, 0), "function main is undeclared in the main package");
        g->errors++;
    }
    vmprog *res = NULL;
    if (g->errors == 0) {
        p->funcs = ARENA_ARRAY(a, vmfunc *, g->nfuncs);
        memcpy(p->funcs, g->funcs, sizeof *p->funcs * (size_t)g->nfuncs);
        p->nfuncs = g->nfuncs;
        uint64_t *kk = ARENA_ARRAY(a, uint64_t, g->nk ? g->nk : 1);
        if (g->nk) memcpy(kk, g->k, sizeof *kk * (size_t)g->nk);
        p->k = kk;
        p->nk = g->nk;
        p->nglobals = g->nglobals;
        uint8_t *gm = ARENA_ARRAY(a, uint8_t, g->nglobals / 8 + 1);
        memset(gm, 0, (size_t)g->nglobals / 8 + 1);
        for (int i = 0; i < g->nglobals; i++)
            if (g->gkind[i] == SK_PTR) gm[i / 8] |= (uint8_t)(1u << (i % 8));
        p->gptrmap = gm;
        p->initfn = initfn;
        p->mainfn = mainfn;
        res = p;
    }
    free(g->funcs);
    free(g->fobjs);
    free(g->k);
    free(g->gobjs);
    free(g->gslot);
    free(g);
    return res;
}
