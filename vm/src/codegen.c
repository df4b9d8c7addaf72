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
#include "codegen_int.h"
#include "itab.h"
#include "natives.h"
#include "vmffi.h"


/* ------------------------------------------------------------------ */
/* errors                                                              */

void __attribute__((noreturn)) cg_unsupported(fstate *fs, srcpos pos, const char *what, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, what);
    vsnprintf(buf, sizeof buf, what, ap);
    va_end(ap);
    diag_errorf(fs->g->d, pos, "gort: %s is not supported yet", buf);
    fs->g->errors++;
    longjmp(fs->fail, 1);
}

void __attribute__((noreturn)) cg_toolarge(fstate *fs, srcpos pos, const char *what) {
    diag_errorf(fs->g->d, pos, "gort: function too large (%s)", what);
    fs->g->errors++;
    longjmp(fs->fail, 1);
}

/* ------------------------------------------------------------------ */
/* shapes                                                              */

/* The slots of a value of type t: 1 or 2; 0 for a type the generator does
 * not handle. pat (2 bytes) gets each slot's kind. */
int cg_shape(gtype *t, uint8_t *pat) {
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
    case K_POINTER: case K_MAP: case K_CHAN: case K_STRUCT: case K_ARRAY:
        /* structs and arrays: the address of their memory */
        if (pat) pat[0] = SK_PTR;
        return 1;
    case K_SLICE:
        if (pat) pat[0] = SK_PTR, pat[1] = SK_SCALAR, pat[2] = SK_SCALAR;
        return 3;
    case K_FUNC: /* a closure object or a static function value */
        if (pat) pat[0] = SK_PTR;
        return 1;
    case K_INTERFACE: /* (type or itab, data): docs/design/vm-values.md */
        if (pat) pat[0] = SK_PTR, pat[1] = SK_PTR;
        return 2;
    default:
        return 0;
    }
}

const char *cg_kind_words(gtype *t) {
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

int cg_need_shape(fstate *fs, srcpos pos, gtype *t, uint8_t *pat) {
    int n = cg_shape(t, pat);
    if (!n) cg_unsupported(fs, pos, "%s", cg_kind_words(t));
    return n;
}

gkind cg_bkind(gtype *t) {
    t = under(default_type(t));
    return t ? (gkind)t->kind : K_INVALID;
}

/* ------------------------------------------------------------------ */
/* emitting                                                            */

int cg_emit(fstate *fs, uint32_t w) {
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

int cg_op_abc(fstate *fs, int op, int a, int b, int c) { return cg_emit(fs, MK_ABC(op, a, b, c)); }
int cg_op_abx(fstate *fs, int op, int a, int bx) { return cg_emit(fs, MK_ABX(op, a, bx)); }

void cg_setline(fstate *fs, srcpos pos) {
    if (pos.line) fs->line = pos.line;
}

/* Jump lists live in the compilation's arena: an unsupported construct
 * longjmps out of the function being generated, and lists held in C locals
 * then would leak if they were malloc'd. */
void cg_jl_add(fstate *fs, jlist *l, int pc) {
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
void cg_patch(fstate *fs, int at, int target) {
    uint32_t w = fs->code[at];
    int op = (int)INS_OP(w);
    switch (vm_opformat[op]) {
    case OPF_SJ: {
        int off = target - (at + 1);
        if (off > SJ_MAX || off < -SJ_MAX) cg_toolarge(fs, srcpos_make(0, fs->line, 0), "jump");
        fs->code[at] = MK_SJ(op, off);
        break;
    }
    case OPF_ASBX: {
        int off = target - (at + 1);
        if (off > SBX_MAX || off < -SBX_MAX) cg_toolarge(fs, srcpos_make(0, fs->line, 0), "jump");
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
void cg_patch_list(fstate *fs, jlist *l, int target) {
    for (int i = 0; i < l->n; i++) cg_patch(fs, l->v[i], target);
    *l = (jlist){0};
}
void cg_patch_here(fstate *fs, jlist *l) { cg_patch_list(fs, l, fs->ncode); }

int cg_emit_jmp(fstate *fs) { return cg_emit(fs, MK_SJ(OP_JMP, 0)); }
void cg_jmp_to(fstate *fs, int target) { cg_patch(fs, cg_emit_jmp(fs), target); }
int cg_emit_abj(fstate *fs, int op, int a, int b) {
    int at = cg_op_abc(fs, op, a, b, 0);
    cg_emit(fs, 0);
    return at;
}

/* ------------------------------------------------------------------ */
/* constants                                                           */

int cg_kadd(fstate *fs, uint64_t w) {
    gen *g = fs->g;
    for (int i = 0; i < g->nk; i++)
        if (g->k[i] == w) return i;
    if (g->nk == g->capk) {
        g->capk = g->capk ? g->capk * 2 : 64;
        g->k = realloc(g->k, sizeof *g->k * (size_t)g->capk);
        if (!g->k) abort();
    }
    if (g->nk >= 65535) cg_toolarge(fs, srcpos_make(0, fs->line, 0), "more than 65535 constants");
    g->k[g->nk] = w;
    return g->nk++;
}

int cg_kstring(fstate *fs, const char *s, size_t len) {
    gen *g = fs->g;
    if (g->nk + 2 > g->capk) {
        g->capk = g->capk ? g->capk * 2 : 64;
        g->k = realloc(g->k, sizeof *g->k * (size_t)g->capk);
        if (!g->k) abort();
    }
    if (g->nk + 2 >= 65535) cg_toolarge(fs, srcpos_make(0, fs->line, 0), "more than 65535 constants");
    char *copy = arena_strndup(g->a, s, len);
    g->k[g->nk] = (uint64_t)(uintptr_t)copy;
    g->k[g->nk + 1] = (uint64_t)len;
    g->nk += 2;
    return g->nk - 2;
}

int cg_kpair(fstate *fs, uint64_t a, uint64_t b) {
    gen *g = fs->g;
    if (g->nk + 2 > g->capk) {
        g->capk = g->capk ? g->capk * 2 : 64;
        g->k = realloc(g->k, sizeof *g->k * (size_t)g->capk);
        if (!g->k) abort();
    }
    if (g->nk + 2 >= 65535) cg_toolarge(fs, srcpos_make(0, fs->line, 0), "more than 65535 constants");
    g->k[g->nk] = a;
    g->k[g->nk + 1] = b;
    g->nk += 2;
    return g->nk - 2;
}

void cg_load_int(fstate *fs, int dst, int64_t v) {
    if (v >= -SBX_MAX && v <= SBX_MAX) cg_op_abx(fs, OP_LOADI, dst, (uint16_t)(int16_t)v);
    else cg_op_abx(fs, OP_LOADK, dst, cg_kadd(fs, (uint64_t)v));
}

/* Loads the constant of expression e (mode M_CONST) into dst. */
void cg_load_const(fstate *fs, ast_expr *e, int dst) {
    gkind k = cg_bkind(e->type);
    gconst *v = e->val;
    if (k == K_BOOL) {
        cg_op_abx(fs, OP_LOADI, dst, gconst_bool_val(v) ? 1 : 0);
    } else if (k_int(k)) {
        int64_t i;
        uint64_t u;
        if (gconst_int64_val(v, &i)) cg_load_int(fs, dst, i);
        else if (gconst_uint64_val(v, &u)) cg_op_abx(fs, OP_LOADK, dst, cg_kadd(fs, u));
        else cg_unsupported(fs, ast_expr_start(e), "this constant");
    } else if (k_float(k)) {
        bool exact;
        double d = k == K_FLOAT32 ? (double)gconst_float32_val(v, &exact) : gconst_float64_val(v, &exact);
        uint64_t w;
        memcpy(&w, &d, 8);
        cg_op_abx(fs, OP_LOADK, dst, cg_kadd(fs, w));
    } else if (k == K_STRING) {
        size_t len;
        const char *s = gconst_string_val(v, &len);
        cg_op_abx(fs, OP_LOADKS, dst, cg_kstring(fs, s, len));
    } else {
        cg_unsupported(fs, ast_expr_start(e), "%s", cg_kind_words(e->type));
    }
}

/* ------------------------------------------------------------------ */
/* registers                                                           */

static void frame_grow(fstate *fs, int top) {
    if (top > fs->nslots) fs->nslots = top;
}

/* Reserves n consecutive slots with kinds pat[0..n) at or above minbase. */
int cg_alloc_pattern(fstate *fs, const uint8_t *pat, int n, int minbase) {
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
    cg_toolarge(fs, srcpos_make(0, fs->line, 0), "more than 256 registers");
}

int cg_ralloc(fstate *fs, srcpos pos, gtype *t) {
    uint8_t pat[CG_MAX_SHAPE];
    int n = cg_need_shape(fs, pos, t, pat);
    return cg_alloc_pattern(fs, pat, n, 0);
}

void cg_rfree_n(fstate *fs, int r, int n) {
    for (int i = 0; i < n; i++) fs->busy[r + i] = 0;
}
void cg_rfree(fstate *fs, int r, gtype *t) { cg_rfree_n(fs, r, cg_shape(t, NULL)); }

int cg_top_busy(fstate *fs) {
    int top = 0;
    for (int i = 0; i < VM_MAX_SLOTS; i++)
        if (fs->busy[i]) top = i + 1;
    return top;
}

void cg_move(fstate *fs, int dst, int src, int n) {
    if (dst == src) return;
    if (n == 3) {
        cg_op_abc(fs, OP_MOVE2, dst, src, 0);
        cg_op_abc(fs, OP_MOVE, dst + 2, src + 2, 0);
        return;
    }
    cg_op_abc(fs, n == 2 ? OP_MOVE2 : OP_MOVE, dst, src, 0);
}

int cg_rscalar(fstate *fs) {
    static const uint8_t pat[1] = {SK_SCALAR};
    return cg_alloc_pattern(fs, pat, 1, 0);
}

int cg_rptr(fstate *fs) {
    static const uint8_t pat[1] = {SK_PTR};
    return cg_alloc_pattern(fs, pat, 1, 0);
}

int cg_type_index(fstate *fs, gtype *t) {
    gen *g = fs->g;
    const gort_type *d = link_type(g->link, t);
    if (!d) cg_unsupported(fs, srcpos_make(0, fs->line, 0), "%s", cg_kind_words(t));
    for (int i = 0; i < g->ntypes; i++)
        if (g->types[i] == d) return i;
    if (g->ntypes >= 65535) cg_toolarge(fs, srcpos_make(0, fs->line, 0), "more than 65535 types");
    if (g->ntypes == g->captypes) {
        g->captypes = g->captypes ? g->captypes * 2 : 32;
        g->types = realloc(g->types, sizeof *g->types * (size_t)g->captypes);
        if (!g->types) abort();
    }
    g->types[g->ntypes] = d;
    return g->ntypes++;
}

/* ------------------------------------------------------------------ */
/* variables                                                           */

cgvar *cg_var(fstate *fs, gobj *o) {
    for (int i = fs->nvars - 1; i >= 0; i--)
        if (fs->vars[i].o == o) return &fs->vars[i];
    return NULL;
}

int cg_var_reg(fstate *fs, gobj *o) {
    cgvar *v = cg_var(fs, o);
    return v ? v->reg : -1;
}

void cg_var_bind(fstate *fs, gobj *o, int reg) {
    if (fs->nvars == fs->capvars) {
        fs->capvars = fs->capvars ? fs->capvars * 2 : 16;
        fs->vars = realloc(fs->vars, sizeof *fs->vars * (size_t)fs->capvars);
        if (!fs->vars) abort();
    }
    fs->vars[fs->nvars].o = o;
    fs->vars[fs->nvars].reg = reg;
    fs->vars[fs->nvars].boxed = false;
    fs->nvars++;
}

int cg_global_slot(gen *g, gobj *o) {
    for (int i = 0; i < g->ngobjs; i++)
        if (g->gobjs[i] == o) return g->gslot[i];
    return -1;
}

bool cg_global_boxed(gen *g, gobj *o) {
    for (int i = 0; i < g->ngobjs; i++)
        if (g->gobjs[i] == o) return g->gboxed[i];
    return false;
}

int cg_func_index(gen *g, gobj *o) {
    for (int i = 0; i < g->nfuncs; i++)
        if (g->fobjs[i] == o) return i;
    return -1;
}


/* ------------------------------------------------------------------ */
/* expressions                                                         */

void cg_expr_to(fstate *fs, ast_expr *e, int dst);
static bool native_var(fstate *fs, ast_expr *e, int dst);
void cg_cond_jump(fstate *fs, ast_expr *e, bool jumpif, jlist *out);
int cg_call(fstate *fs, ast_expr *e, int *nres_slots);



/* The register holding e's value: a local variable's own, or a new
 * temporary (temp set: free it with vfree). */
/* The register already holding e's value when e is len or cap of a local
 * slice (its second or third slot), else {-1}. */
static val cg_eval_slot(fstate *fs, ast_expr *e) {
    ast_expr *u = unparen(e);
    if (u->kind != E_CALL || is_const(u) || u->call.args.n != 1) return (val){-1, false};
    ast_expr *fun = unparen(u->call.fun);
    int bid = fun->mode == M_BUILTIN && fun->kind == E_IDENT && fun->ident.obj ? fun->ident.obj->builtin : -1;
    ast_expr *x = unparen(u->call.args.v[0]);
    if ((bid != B_LEN && bid != B_CAP) || under(default_type(x->type))->kind != K_SLICE ||
        x->kind != E_IDENT || !x->ident.obj)
        return (val){-1, false};
    cgvar *v = cg_var(fs, x->ident.obj);
    if (!v || v->boxed) return (val){-1, false};
    return (val){v->reg + (bid == B_LEN ? 1 : 2), false};
}

val cg_eval(fstate *fs, ast_expr *e) {
    ast_expr *u = unparen(e);
    if (u->kind == E_IDENT && !is_const(u) && u->ident.obj) {
        cgvar *v = cg_var(fs, u->ident.obj);
        /* a boxed variable's register holds its cell, not its value; an
         * aggregate's holds its memory, which the caller only reads */
        if (v && !v->boxed) return (val){v->reg, false};
    }
    if (u->kind == E_CALL && !is_const(u)) {
        ast_expr *fun = unparen(u->call.fun);
        /* len or cap of a slice in a local's registers is its second or
         * third slot: read it there (a loop's `j < len(u)` then compares
         * registers, without a MOVE each iteration) */
        val sl = cg_eval_slot(fs, u);
        if (sl.reg >= 0) return sl;
        if (fun->mode != M_TYPEXPR && fun->mode != M_BUILTIN && cg_shape(e->type, NULL)) {
            /* use the result where the call left it: free the parameter
             * slots of the call area, keep the result slots */
            int np;
            int base = cg_call(fs, u, &np);
            cg_rfree_n(fs, base, np);
            return (val){base + np, true};
        }
    }
    int r = cg_ralloc(fs, ast_expr_start(e), e->type);
    cg_expr_to(fs, e, r);
    return (val){r, true};
}
void cg_vfree(fstate *fs, val v, gtype *t) {
    if (v.temp) cg_rfree(fs, v.reg, t);
}

/* The int8 immediate of constant integer expression e, if it has one. */
bool cg_imm8(ast_expr *e, int64_t *out) {
    int64_t v;
    if (!is_const(e) || !k_int(cg_bkind(e->type)) || !gconst_int64_val(e->val, &v)) return false;
    if (v < -128 || v > 127) return false;
    *out = v;
    return true;
}

/* Re-canonicalises an integer of kind k after an operation that may have
 * left its width. */
void cg_wrap(fstate *fs, gkind k, int r) {
    switch (k) {
    case K_INT8: cg_op_abc(fs, OP_SEXT8, r, r, 0); break;
    case K_INT16: cg_op_abc(fs, OP_SEXT16, r, r, 0); break;
    case K_INT32: cg_op_abc(fs, OP_SEXT32, r, r, 0); break;
    case K_UINT8: cg_op_abc(fs, OP_ZEXT8, r, r, 0); break;
    case K_UINT16: cg_op_abc(fs, OP_ZEXT16, r, r, 0); break;
    case K_UINT32: cg_op_abc(fs, OP_ZEXT32, r, r, 0); break;
    default: break;
    }
}

/* Converts the value in src (kind from) to kind to, into dst. */
void cg_convert_num(fstate *fs, gkind from, gkind to, int dst, int src) {
    if (k_int(from) && k_int(to)) {
        cg_move(fs, dst, src, 1);
        cg_wrap(fs, to, dst);
    } else if (k_int(from) && k_float(to)) {
        cg_op_abc(fs, k_unsigned(from) ? OP_U64TOF64 : OP_I64TOF64, dst, src, 0);
        if (to == K_FLOAT32) cg_op_abc(fs, OP_RNDF32, dst, dst, 0);
    } else if (k_float(from) && k_int(to)) {
        cg_op_abc(fs, k_unsigned(to) ? OP_F64TOU64 : OP_F64TOI64, dst, src, 0);
        cg_wrap(fs, to, dst);
    } else if (k_float(from) && k_float(to)) {
        if (to == K_FLOAT32 && from == K_FLOAT64) cg_op_abc(fs, OP_RNDF32, dst, src, 0);
        else cg_move(fs, dst, src, 1);
    } else {
        cg_move(fs, dst, src, 1);
    }
}

static void binary_arith(fstate *fs, ast_expr *e, int dst) {
    token op = e->binary.op;
    ast_expr *x = e->binary.x, *y = e->binary.y;
    gkind k = cg_bkind(e->type);
    if (k == K_STRING) {
        if (op != T_ADD) cg_unsupported(fs, ast_expr_start(e), "this string operator");
        val a = cg_eval(fs, x), b = cg_eval(fs, y);
        cg_op_abc(fs, OP_CONCAT, dst, a.reg, b.reg);
        cg_vfree(fs, b, y->type);
        cg_vfree(fs, a, x->type);
        return;
    }
    if (k_float(k)) {
        int o;
        switch (op) {
        case T_ADD: o = OP_ADDF64; break;
        case T_SUB: o = OP_SUBF64; break;
        case T_MUL: o = OP_MULF64; break;
        case T_QUO: o = OP_DIVF64; break;
        default: cg_unsupported(fs, ast_expr_start(e), "this float operator");
        }
        val a = cg_eval(fs, x), b = cg_eval(fs, y);
        cg_op_abc(fs, o, dst, a.reg, b.reg);
        if (k == K_FLOAT32) cg_op_abc(fs, OP_RNDF32, dst, dst, 0);
        cg_vfree(fs, b, y->type);
        cg_vfree(fs, a, x->type);
        return;
    }
    if (!k_int(k)) cg_unsupported(fs, ast_expr_start(e), "%s in arithmetic", cg_kind_words(e->type));
    bool uns = k_unsigned(k);
    bool needwrap = true;
    int64_t im;
    if (op == T_SHL || op == T_SHR) {
        gkind ck = cg_bkind(y->type);
        int64_t cnt;
        val a = cg_eval(fs, x);
        if (is_const(y) && gconst_int64_val(y->val, &cnt) && cnt >= 0 && cnt < 64) {
            int o = op == T_SHL ? OP_SHLI64K : uns ? OP_SHRU64K : OP_SHRI64K;
            cg_op_abc(fs, o, dst, a.reg, (int)cnt);
        } else {
            val b = cg_eval(fs, y);
            if (!k_unsigned(ck) && !is_const(y)) cg_op_abc(fs, OP_CHKSHIFT, b.reg, 0, 0);
            int o = op == T_SHL ? OP_SHLI64 : uns ? OP_SHRU64 : OP_SHRI64;
            cg_op_abc(fs, o, dst, a.reg, b.reg);
            cg_vfree(fs, b, y->type);
        }
        cg_vfree(fs, a, x->type);
        if (op == T_SHL) cg_wrap(fs, k, dst);
        return;
    }
    if ((op == T_ADD || op == T_SUB) && cg_imm8(y, &im) && !(op == T_SUB && im == -128)) {
        val a = cg_eval(fs, x);
        cg_op_abc(fs, OP_ADDI64K, dst, a.reg, (int)(op == T_SUB ? -im : im));
        cg_vfree(fs, a, x->type);
        cg_wrap(fs, k, dst);
        return;
    }
    if (op == T_MUL && cg_imm8(y, &im)) {
        val a = cg_eval(fs, x);
        cg_op_abc(fs, OP_MULI64K, dst, a.reg, (int)im);
        cg_vfree(fs, a, x->type);
        cg_wrap(fs, k, dst);
        return;
    }
    if (op == T_QUO && is_const(y) && gconst_int64_val(y->val, &im) && im > 1 && (im & (im - 1)) == 0 &&
        im <= (int64_t)1 << 62) {
        /* by a power of two: a shift (unsigned) or a rounding shift */
        int sh = __builtin_ctzll((uint64_t)im);
        val a = cg_eval(fs, x);
        cg_op_abc(fs, uns ? OP_SHRU64K : OP_DIVI64P2, dst, a.reg, sh);
        cg_vfree(fs, a, x->type);
        return;
    }
    if (op == T_AND && is_const(y) && gconst_int64_val(y->val, &im) && im >= 0 && im <= 255) {
        val a = cg_eval(fs, x);
        cg_op_abc(fs, OP_ANDI64K, dst, a.reg, (int)im);
        cg_vfree(fs, a, x->type);
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
    default: cg_unsupported(fs, ast_expr_start(e), "this integer operator");
    }
    val a = cg_eval(fs, x), b = cg_eval(fs, y);
    cg_op_abc(fs, o, dst, a.reg, b.reg);
    cg_vfree(fs, b, y->type);
    cg_vfree(fs, a, x->type);
    if (needwrap) cg_wrap(fs, k, dst);
}

/* A comparison's opcode producing a bool; *swap set when the operands
 * must be exchanged (> and >=). */
int cg_compare_op(fstate *fs, ast_expr *e, bool *swap) {
    gkind k = cg_bkind(e->binary.x->type);
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
    cg_unsupported(fs, ast_expr_start(e), "comparing %s", cg_kind_words(e->binary.x->type));
}

bool cg_is_compare(token op) {
    return op == T_EQL || op == T_NEQ || op == T_LSS || op == T_LEQ || op == T_GTR || op == T_GEQ;
}

void cg_bool_from_cond(fstate *fs, ast_expr *e, int dst) {
    jlist f = {0};
    cg_cond_jump(fs, e, false, &f);
    cg_op_abx(fs, OP_LOADI, dst, 1);
    int j = cg_emit_jmp(fs);
    cg_patch_here(fs, &f);
    cg_op_abx(fs, OP_LOADI, dst, 0);
    cg_patch(fs, j, fs->ncode);
}

void cg_builtin_call(fstate *fs, ast_expr *e, int dst, int id);

/* string(x) and numeric conversions. */
static void conversion_to(fstate *fs, ast_expr *e, int dst) {
    gtype *to = e->type;
    ast_expr *x = e->call.args.v[0];
    gkind tk = cg_bkind(to), fk = cg_bkind(x->type);
    if (cg_data_conversion(fs, e, dst)) return;
    if (tk == K_STRING && fk == K_STRING) {
        cg_expr_to(fs, x, dst);
        return;
    }
    if (tk == K_STRING && k_int(fk)) {
        val a = cg_eval(fs, x);
        cg_op_abc(fs, OP_RUNESTR, dst, a.reg, 0);
        cg_vfree(fs, a, x->type);
        return;
    }
    if ((k_int(tk) || k_float(tk)) && (k_int(fk) || k_float(fk))) {
        val a = cg_eval(fs, x);
        cg_convert_num(fs, fk, tk, dst, a.reg);
        cg_vfree(fs, a, x->type);
        return;
    }
    if (tk == K_BOOL && fk == K_BOOL) {
        cg_expr_to(fs, x, dst);
        return;
    }
    cg_unsupported(fs, ast_expr_start(e), "conversion to %s", cg_kind_words(to));
}

void cg_expr_to(fstate *fs, ast_expr *e, int dst) {
    if (!is_const(e) && cg_func_expr(fs, e, dst)) return; /* codegen_func.c */
    if (is_const(e)) {
        cg_load_const(fs, e, dst);
        return;
    }
    switch (e->kind) {
    case E_PAREN:
        cg_expr_to(fs, e->paren.x, dst);
        return;
    case E_IDENT: {
        gobj *o = e->ident.obj;
        if (!o) break;
        if (cg_data_expr(fs, e, dst)) return;
        if (o->kind == O_VAR) {
            int n = cg_need_shape(fs, ast_expr_start(e), e->type, NULL);
            int r = cg_var_reg(fs, o);
            if (r >= 0) {
                cg_move(fs, dst, r, n);
                return;
            }
            int gs = cg_global_slot(fs->g, o);
            if (gs >= 0) {
                if (n >= 2) cg_op_abx(fs, OP_GETG2, dst, gs);
                if (n != 2) cg_op_abx(fs, OP_GETG, dst + n - 1, gs + n - 1);
                return;
            }
            cg_unsupported(fs, ast_expr_start(e), "a variable of an enclosing function");
        }
        if (o->kind == O_NIL) cg_unsupported(fs, ast_expr_start(e), "nil");
        if (o->kind == O_FUNC) {
            cg_func_value(fs, e, dst);
            return;
        }
        break;
    }
    case E_UNARY: {
        ast_expr *x = e->unary.x;
        gkind k = cg_bkind(e->type);
        switch (e->unary.op) {
        case T_ADD:
            cg_expr_to(fs, x, dst);
            return;
        case T_SUB: {
            val a = cg_eval(fs, x);
            if (k_float(k)) cg_op_abc(fs, OP_NEGF64, dst, a.reg, 0);
            else cg_op_abc(fs, OP_NEGI64, dst, a.reg, 0), cg_wrap(fs, k, dst);
            cg_vfree(fs, a, x->type);
            return;
        }
        case T_XOR: {
            val a = cg_eval(fs, x);
            cg_op_abc(fs, OP_BNOTI64, dst, a.reg, 0);
            cg_wrap(fs, k, dst);
            cg_vfree(fs, a, x->type);
            return;
        }
        case T_NOT: {
            val a = cg_eval(fs, x);
            cg_op_abc(fs, OP_NOT, dst, a.reg, 0);
            cg_vfree(fs, a, x->type);
            return;
        }
        case T_AND:
            if (cg_data_expr(fs, e, dst)) return;
            cg_unsupported(fs, ast_expr_start(e), "taking an address (&x)");
        case T_ARROW: cg_chan_expr(fs, e, dst); return; /* codegen_chan.c */
        default: break;
        }
        break;
    }
    case E_BINARY: {
        token op = e->binary.op;
        if (op == T_LAND || op == T_LOR) {
            cg_bool_from_cond(fs, e, dst);
            return;
        }
        if (cg_is_compare(op)) {
            if (cg_data_compare(fs, e, dst)) return;
            bool swap;
            int o = cg_compare_op(fs, e, &swap);
            val a = cg_eval(fs, e->binary.x), b = cg_eval(fs, e->binary.y);
            if (swap) cg_op_abc(fs, o, dst, b.reg, a.reg);
            else cg_op_abc(fs, o, dst, a.reg, b.reg);
            cg_vfree(fs, b, e->binary.y->type);
            cg_vfree(fs, a, e->binary.x->type);
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
            cg_builtin_call(fs, e, dst, fun->kind == E_IDENT && fun->ident.obj ? fun->ident.obj->builtin : -1);
            return;
        }
        int nres;
        int base = cg_call(fs, e, &nres);
        int n = cg_need_shape(fs, ast_expr_start(e), e->type, NULL);
        int resat = base + nres;
        cg_move(fs, dst, resat, n);
        cg_rfree_n(fs, base, nres + n);
        return;
    }
    case E_INDEX: {
        ast_expr *x = e->index.x;
        if (cg_data_expr(fs, e, dst)) return;
        if (cg_bkind(x->type) != K_STRING) cg_unsupported(fs, ast_expr_start(e), "indexing %s", cg_kind_words(x->type));
        val a = cg_eval(fs, x), i = cg_eval(fs, e->index.index[0]);
        cg_op_abc(fs, OP_INDEXSTR, dst, a.reg, i.reg);
        cg_vfree(fs, i, e->index.index[0]->type);
        cg_vfree(fs, a, x->type);
        return;
    }
    case E_SLICE: {
        ast_expr *x = e->slice.x;
        if (cg_data_expr(fs, e, dst)) return;
        if (cg_bkind(x->type) != K_STRING) cg_unsupported(fs, ast_expr_start(e), "slicing %s", cg_kind_words(x->type));
        val a = cg_eval(fs, x);
        uint8_t pat[2] = {SK_SCALAR, SK_SCALAR};
        int lh = cg_alloc_pattern(fs, pat, 2, 0);
        if (e->slice.lo) cg_expr_to(fs, e->slice.lo, lh);
        else cg_op_abx(fs, OP_LOADI, lh, 0);
        if (e->slice.hi) cg_expr_to(fs, e->slice.hi, lh + 1);
        else cg_op_abc(fs, OP_MOVE, lh + 1, a.reg + 1, 0);
        cg_op_abc(fs, OP_SLICESTR, dst, a.reg, lh);
        cg_rfree_n(fs, lh, 2);
        cg_vfree(fs, a, x->type);
        return;
    }
    case E_COMPOSITE:
    case E_STAR:
        if (cg_data_expr(fs, e, dst)) return;
        break;
    case E_SELECTOR:
        if (cg_data_expr(fs, e, dst)) return;
        if (native_var(fs, e, dst)) return;
        if (cg_native_funcval(fs, e, dst)) return;
        cg_unsupported(fs, ast_expr_start(e), "selectors (package members and methods)");
    case E_FUNCLIT:
        cg_func_value(fs, e, dst);
        return;
    case E_TYPEASSERT: break; /* cg_func_expr */
    default: break;
    }
    cg_unsupported(fs, ast_expr_start(e), "this expression");
}

/* Jumps (to be patched, added to out) when e evaluates to jumpif; falls
 * through otherwise. */
void cg_cond_jump(fstate *fs, ast_expr *e, bool jumpif, jlist *out) {
    e = unparen(e);
    if (is_const(e) && cg_bkind(e->type) == K_BOOL) {
        if (gconst_bool_val(e->val) == jumpif) cg_jl_add(fs, out, cg_emit_jmp(fs));
        return;
    }
    if (e->kind == E_UNARY && e->unary.op == T_NOT) {
        cg_cond_jump(fs, e->unary.x, !jumpif, out);
        return;
    }
    if (e->kind == E_BINARY && (e->binary.op == T_LAND || e->binary.op == T_LOR)) {
        bool land = e->binary.op == T_LAND;
        if (land != jumpif) {
            /* a && b jumping when false; a || b jumping when true */
            cg_cond_jump(fs, e->binary.x, jumpif, out);
            cg_cond_jump(fs, e->binary.y, jumpif, out);
        } else {
            jlist skip = {0};
            cg_cond_jump(fs, e->binary.x, !jumpif, &skip);
            cg_cond_jump(fs, e->binary.y, jumpif, out);
            cg_patch_here(fs, &skip);
        }
        return;
    }
    if (e->kind == E_BINARY && cg_is_compare(e->binary.op)) {
        ast_expr *x = e->binary.x, *y = e->binary.y;
        gkind k = cg_bkind(x->type);
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
            if (!uns && cg_imm8(y, &im)) {
                val a = cg_eval(fs, x);
                int o = op == T_EQL ? OP_JEQI64K : op == T_NEQ ? OP_JNEI64K : op == T_LSS ? OP_JLTI64K
                      : op == T_LEQ ? OP_JLEI64K : op == T_GTR ? OP_JGTI64K : OP_JGEI64K;
                cg_jl_add(fs, out, cg_emit_abj(fs, o, a.reg, (int)im));
                cg_vfree(fs, a, x->type);
                return;
            }
            int64_t kv;
            if (!uns && is_const(y) && gconst_int64_val(y->val, &kv)) {
                int ki = cg_kadd(fs, (uint64_t)kv);
                if (ki < 256) {
                    val a = cg_eval(fs, x);
                    int o = op == T_EQL ? OP_JEQI64C : op == T_NEQ ? OP_JNEI64C : op == T_LSS ? OP_JLTI64C
                          : op == T_LEQ ? OP_JLEI64C : op == T_GTR ? OP_JGTI64C : OP_JGEI64C;
                    cg_jl_add(fs, out, cg_emit_abj(fs, o, a.reg, ki));
                    cg_vfree(fs, a, x->type);
                    return;
                }
            }
            if (uns && (op == T_EQL || op == T_NEQ) && cg_imm8(y, &im) && im >= 0) {
                val a = cg_eval(fs, x);
                cg_jl_add(fs, out, cg_emit_abj(fs, op == T_EQL ? OP_JEQI64K : OP_JNEI64K, a.reg, (int)im));
                cg_vfree(fs, a, x->type);
                return;
            }
            val a = cg_eval(fs, x), b = cg_eval(fs, y);
            int ra = a.reg, rb = b.reg, o;
            switch (op) {
            case T_EQL: o = OP_JEQI64; break;
            case T_NEQ: o = OP_JNEI64; break;
            case T_LSS: o = uns ? OP_JLTU64 : OP_JLTI64; break;
            case T_LEQ: o = uns ? OP_JLEU64 : OP_JLEI64; break;
            case T_GTR: o = uns ? OP_JLTU64 : OP_JLTI64; ra = b.reg; rb = a.reg; break;
            default: o = uns ? OP_JLEU64 : OP_JLEI64; ra = b.reg; rb = a.reg; break;
            }
            cg_jl_add(fs, out, cg_emit_abj(fs, o, ra, rb));
            cg_vfree(fs, b, y->type);
            cg_vfree(fs, a, x->type);
            return;
        }
        if (k_float(k)) {
            val a = cg_eval(fs, x), b = cg_eval(fs, y);
            int ra = a.reg, rb = b.reg, o;
            bool sw = op == T_GTR || op == T_GEQ;
            if (sw) ra = b.reg, rb = a.reg;
            bool lt = op == T_LSS || op == T_GTR;
            if (op == T_EQL) o = jumpif ? OP_JEQF64 : OP_JNEF64;
            else if (op == T_NEQ) o = jumpif ? OP_JNEF64 : OP_JEQF64;
            else if (lt) o = jumpif ? OP_JLTF64 : OP_JNLTF64;
            else o = jumpif ? OP_JLEF64 : OP_JNLEF64;
            cg_jl_add(fs, out, cg_emit_abj(fs, o, ra, rb));
            cg_vfree(fs, b, y->type);
            cg_vfree(fs, a, x->type);
            return;
        }
    }
    if (cg_data_cond(fs, e, jumpif, out)) return;
    val v = cg_eval(fs, e);
    int at = cg_op_abx(fs, jumpif ? OP_JTRUE : OP_JFALSE, v.reg, 0);
    cg_jl_add(fs, out, at);
    cg_vfree(fs, v, e->type);
}

/* The function a package-qualified selector (fmt.Println) denotes, or
 * NULL. */
static gobj *pkg_func(ast_expr *fun) {
    if (fun->kind != E_SELECTOR) return NULL;
    ast_expr *x = unparen(fun->selector.x);
    if (x->kind != E_IDENT || !x->ident.obj || x->ident.obj->kind != O_PKGNAME) return NULL;
    gobj *o = fun->selector.sel->ident.obj;
    return o && o->kind == O_FUNC ? o : NULL;
}

/* A function of another package declared without a body: a stdlib
 * declaration that a native implements. */
bool cg_is_native(gen *g, gobj *fo) {
    return !fo->hasbody && fo->pkg && fo->pkg != g->pkg;
}

/* The index in the program's native table of the native bound to fo;
 * a compile error naming it when the stdlib declares it but nothing
 * implements it. */
int cg_native_index(fstate *fs, srcpos pos, gobj *fo) {
    char name[256];
    vm_native_qualname(fo, name, sizeof name);
    const vmnative *nf = vm_native_lookup(name);
    if (!fs->g->ctxiface && fo->pkg && strcmp(fo->pkg->path, "context") == 0) {
        gobj *ci = scope_lookup_local(fo->pkg->scope, arena_intern(fs->g->a, "Context", 7));
        if (ci) fs->g->ctxiface = link_type(fs->g->link, ci->type);
    }
    if (!fs->g->lockeriface && fo->pkg && strcmp(fo->pkg->path, "sync") == 0) {
        gobj *li = scope_lookup_local(fo->pkg->scope, arena_intern(fs->g->a, "Locker", 6));
        if (li) fs->g->lockeriface = link_type(fs->g->link, li->type);
    }
    if (!nf) {
        diag_errorf(fs->g->d, pos, "gort: %s is not implemented yet (a stdlib function without a native)", name);
        fs->g->errors++;
        longjmp(fs->fail, 1);
    }
    gen *g = fs->g;
    for (int i = 0; i < g->nnatives; i++)
        if (g->natives[i] == nf) return i;
    if (g->nnatives >= 65535) cg_toolarge(fs, pos, "more than 65535 natives");
    if (g->nnatives == g->capnatives) {
        g->capnatives = g->capnatives ? g->capnatives * 2 : 16;
        g->natives = realloc(g->natives, sizeof *g->natives * (size_t)g->capnatives);
        if (!g->natives) abort();
    }
    g->natives[g->nnatives] = nf;
    return g->nnatives++;
}

/* The index in the program's table of C functions of extern fo (a
 * //gort:extern declaration the checker resolved). */
static int extern_index(fstate *fs, srcpos pos, gobj *fo) {
    gen *g = fs->g;
    for (int i = 0; i < g->nexterns; i++)
        if (g->externs[i] == fo->ext) return i;
    if (g->nexterns >= 65535) cg_toolarge(fs, pos, "more than 65535 C functions");
    if (g->nexterns == g->capexterns) {
        g->capexterns = g->capexterns ? g->capexterns * 2 : 8;
        g->externs = realloc(g->externs, sizeof *g->externs * (size_t)g->capexterns);
        if (!g->externs) abort();
    }
    g->externs[g->nexterns] = fo->ext;
    return g->nexterns++;
}

/* A stdlib package variable (os.Args): read through the native
 * registered under its qualified name, a getter with no parameters
 * whose one result is the variable's value. */
static bool native_var(fstate *fs, ast_expr *e, int dst) {
    ast_expr *x = unparen(e->selector.x);
    if (x->kind != E_IDENT || !x->ident.obj || x->ident.obj->kind != O_PKGNAME) return false;
    gobj *o = e->selector.sel->ident.obj;
    if (!o || o->kind != O_VAR || !o->pkg || o->pkg == fs->g->pkg) return false;
    int ni = cg_native_index(fs, ast_expr_start(e), o);
    uint8_t pat[CG_MAX_SHAPE];
    int n = cg_need_shape(fs, ast_expr_start(e), o->type, pat);
    int base = cg_alloc_pattern(fs, pat, n, cg_top_busy(fs));
    cg_setline(fs, e->pos);
    cg_op_abx(fs, OP_CALLN, base, ni);
    cg_move(fs, dst, base, n);
    cg_rfree_n(fs, base, n);
    return true;
}

/* A call of a package-level function: returns the call area's base;
 * the results are at base + *nparam_slots. The area stays reserved
 * (params and results) until the caller frees it. */
int cg_call(fstate *fs, ast_expr *e, int *nparam_slots) {
    ast_expr *fun = unparen(e->call.fun);
    gobj *fo = pkg_func(fun);
    if (!fo && (fun->kind != E_IDENT || !fun->ident.obj || fun->ident.obj->kind != O_FUNC))
        return cg_func_call(fs, e, nparam_slots); /* codegen_func.c */
    if (!fo) fo = fun->ident.obj;
    int fi = -1, ni = -1, xi = -1;
    if (fo->ext) xi = extern_index(fs, ast_expr_start(e), fo);
    else if (cg_is_native(fs->g, fo)) ni = cg_native_index(fs, ast_expr_start(e), fo);
    else fi = cg_func_index(fs->g, fo);
    if (fi < 0 && ni < 0 && xi < 0) cg_unsupported(fs, ast_expr_start(e), "calling this function");
    gtype *sig = fo->type;
    uint8_t pat[VM_MAX_SLOTS];
    int np;
    int n = cg_call_pattern(fs, e, sig, pat, 0, &np); /* codegen_func.c */
    int base = cg_alloc_pattern(fs, pat, n, cg_top_busy(fs));
    cg_call_args(fs, e, sig, base);
    cg_setline(fs, e->pos);
    if (xi >= 0 && fo->ext->rkind == XR_STRUCT) /* C writes the struct into fresh memory */
        cg_op_abx(fs, OP_NEW, base + np, cg_type_index(fs, sig->results->vars[0]->type));
    if (xi >= 0) cg_op_abx(fs, OP_CALLX, base, xi);
    else if (ni >= 0) cg_op_abx(fs, OP_CALLN, base, ni);
    else cg_op_abx(fs, OP_CALL, base, fi);
    *nparam_slots = np;
    return base;
}

static void print_value(fstate *fs, ast_expr *x) {
    gkind k = cg_bkind(x->type);
    val v = cg_eval(fs, x);
    int o;
    if (k == K_BOOL) o = OP_PRINTB;
    else if (k_unsigned(k)) o = OP_PRINTU;
    else if (k_int(k)) o = OP_PRINTI;
    else if (k_float(k)) o = OP_PRINTF;
    else if (k == K_STRING) o = OP_PRINTS;
    else if (k == K_POINTER || k == K_MAP || k == K_CHAN) o = OP_PRINTP;
    else if (k == K_SLICE) o = OP_PRINTSL;
    else if (is_interface(x->type)) o = OP_PRINTIFACE;
    else cg_unsupported(fs, ast_expr_start(x), "printing %s", cg_kind_words(x->type));
    cg_op_abc(fs, o, v.reg, 0, 0);
    cg_vfree(fs, v, x->type);
}

void cg_builtin_call(fstate *fs, ast_expr *e, int dst, int id) {
    ast_exprs *args = &e->call.args;
    switch (id) {
    case B_PRINT:
    case B_PRINTLN:
        for (int i = 0; i < args->n; i++) {
            if (i > 0 && id == B_PRINTLN) cg_op_abc(fs, OP_PRINTSP, 0, 0, 0);
            print_value(fs, args->v[i]);
        }
        if (id == B_PRINTLN) cg_op_abc(fs, OP_PRINTNL, 0, 0, 0);
        cg_op_abc(fs, OP_PRINTEND, 0, 0, 0);
        return;
    case B_LEN: {
        ast_expr *x = args->v[0];
        if (cg_data_builtin(fs, e, dst, id)) return;
        if (cg_chan_builtin(fs, e, dst, id)) return;
        if (cg_bkind(x->type) != K_STRING) cg_unsupported(fs, ast_expr_start(e), "len of %s", cg_kind_words(x->type));
        val v = cg_eval(fs, x);
        cg_op_abc(fs, OP_MOVE, dst, v.reg + 1, 0);
        cg_vfree(fs, v, x->type);
        return;
    }
    case B_PANIC: {
        /* panic(v): v as an interface{} value, whatever its type */
        gtype *any = universe_shared()->any;
        val v = cg_eval_to_type(fs, args->v[0], any);
        cg_setline(fs, e->pos);
        cg_op_abc(fs, OP_PANIC, v.reg, 0, 0);
        cg_vfree(fs, v, cg_conv_type(args->v[0], any));
        return;
    }
    case B_RECOVER: {
        int r = dst;
        if (r < 0) {
            uint8_t pat[2] = {SK_PTR, SK_PTR};
            r = cg_alloc_pattern(fs, pat, 2, 0);
        }
        cg_op_abc(fs, OP_RECOVER, r, 0, 0);
        if (dst < 0) cg_rfree_n(fs, r, 2);
        return;
    }
    default:
        if (cg_data_builtin(fs, e, dst, id)) return;
        if (cg_chan_builtin(fs, e, dst, id)) return;
        cg_unsupported(fs, ast_expr_start(e), "this built-in function");
    }
}

/* ------------------------------------------------------------------ */
/* statements                                                          */

void cg_stmt(fstate *fs, ast_stmt *s);

void cg_block(fstate *fs, ast_stmts *list) {
    int nvars = fs->nvars;
    for (int i = 0; i < list->n; i++) cg_stmt(fs, list->v[i]);
    /* give the block's variables' slots back */
    for (int i = nvars; i < fs->nvars; i++)
        cg_rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
    fs->nvars = nvars;
}

/* Declares local o, returning its register. */
int cg_declare_raw(fstate *fs, gobj *o, srcpos pos) {
    if (cg_addrtaken(fs->g, o)) {
        /* lives in a heap cell: the register holds the cell's address */
        cg_need_shape(fs, pos, o->type, NULL);
        int r = cg_rptr(fs);
        cg_op_abx(fs, OP_NEW, r, cg_type_index(fs, o->type));
        cg_var_bind(fs, o, r);
        fs->vars[fs->nvars - 1].boxed = true;
        return r;
    }
    int r = cg_ralloc(fs, pos, o->type);
    cg_var_bind(fs, o, r);
    return r;
}

int cg_declare(fstate *fs, gobj *o, srcpos pos) {
    int r = cg_declare_raw(fs, o, pos);
    if (!fs->vars[fs->nvars - 1].boxed && cg_is_aggregate(o->type)) cg_zero(fs, o->type, r);
    return r;
}

/* Binds a hidden variable of type t to register r, as an identifier
 * expression the generator can compile like any other (op= and ++ on
 * places that must be evaluated once). Unbind with fs->nvars--. */
static ast_expr *hidden_var(fstate *fs, gtype *t, int r, srcpos pos) {
    gobj *o = obj_new(fs->g->a, O_VAR, "~tmp", t, pos);
    cg_var_bind(fs, o, r);
    ast_expr *id = arena_alloc(fs->g->a, sizeof *id);
    memset(id, 0, sizeof *id);
    id->kind = E_IDENT;
    id->mode = M_VAR;
    id->pos = pos;
    id->type = t;
    id->ident.name = o->name;
    id->ident.obj = o;
    return id;
}


/* The type of an assignment's left side (a := leaves the identifier's
 * own type slot empty; its object has the type). */
gtype *cg_ltype(ast_expr *e) {
    e = unparen(e);
    if (e->kind == E_IDENT && e->ident.obj && e->ident.obj->type) return e->ident.obj->type;
    return e->type;
}

place cg_lvalue(fstate *fs, ast_expr *lhs) {
    lhs = unparen(lhs);
    if (is_blank_ident(lhs)) return pl_blank();
    place dp;
    if (cg_data_lvalue(fs, lhs, &dp)) return dp;
    if (lhs->kind == E_IDENT && lhs->ident.obj && lhs->ident.obj->kind == O_VAR) {
        cg_need_shape(fs, lhs->pos, cg_ltype(lhs), NULL);
        int r = cg_var_reg(fs, lhs->ident.obj);
        if (r >= 0) return pl_reg(r);
        int g = cg_global_slot(fs->g, lhs->ident.obj);
        if (g >= 0) return pl_global(g);
        cg_unsupported(fs, ast_expr_start(lhs), "assigning to a variable of an enclosing function");
    }
    switch (lhs->kind) {
    case E_INDEX: cg_unsupported(fs, ast_expr_start(lhs), "assigning to an element");
    case E_SELECTOR: cg_unsupported(fs, ast_expr_start(lhs), "assigning to a field");
    case E_STAR: cg_unsupported(fs, ast_expr_start(lhs), "assigning through a pointer");
    default: cg_unsupported(fs, ast_expr_start(lhs), "this assignment");
    }
}

void cg_store(fstate *fs, place p, int src, gtype *t) {
    if (p.blank) return;
    if (p.kind == PL_MEM || p.kind == PL_MAP || p.kind == PL_SIDX) {
        cg_data_store(fs, p, src, t);
        return;
    }
    int n = cg_shape(t, NULL);
    if (p.reg >= 0) {
        cg_move(fs, p.reg, src, n);
        return;
    }
    if (n >= 2) cg_op_abx(fs, OP_SETG2, src, p.gslot);
    if (n != 2) cg_op_abx(fs, OP_SETG, src + n - 1, p.gslot + n - 1);
}

/* lhs = rhs for one pair, rhs already typed for lhs. */
void cg_assign1(fstate *fs, ast_expr *lhs, ast_expr *rhs) {
    place p = cg_lvalue(fs, lhs);
    if (p.blank) {
        if (unparen(rhs)->kind == E_CALL || !is_const(rhs)) {
            if (!cg_shape(rhs->type, NULL) && unparen(rhs)->kind == E_CALL) {
                cg_unsupported(fs, ast_expr_start(rhs), "%s", cg_kind_words(rhs->type));
            }
            val v = cg_eval(fs, rhs);
            cg_vfree(fs, v, rhs->type);
        }
        return;
    }
    if (p.kind == PL_REG) {
        cg_expr_to_type(fs, rhs, p.reg, cg_ltype(lhs));
        return;
    }
    gtype *lt = cg_ltype(lhs);
    val v = cg_eval_to_type(fs, rhs, lt);
    cg_store(fs, p, v.reg, lt);
    cg_vfree(fs, v, cg_conv_type(rhs, lt));
    cg_place_free(fs, p);
}

/* Assigns the results of call rhs to lhs[0..n). define: lhs names new
 * variables (except those already declared in scope: o->pos tells). */
void cg_assign_call(fstate *fs, ast_exprs *lhs, ast_expr *rhs, bool define) {
    if (cg_func_commaok(fs, lhs, rhs, define)) return;
    if (cg_chan_commaok(fs, lhs, rhs, define)) return;
    if (cg_data_commaok(fs, lhs, rhs, define)) return;
    if (unparen(rhs)->kind != E_CALL) cg_unsupported(fs, ast_expr_start(rhs), "comma-ok forms");
    rhs = unparen(rhs);
    ast_expr *fun = unparen(rhs->call.fun);
    if (fun->mode == M_BUILTIN || fun->mode == M_TYPEXPR) cg_unsupported(fs, ast_expr_start(rhs), "comma-ok forms");
    int np;
    int base = cg_call(fs, rhs, &np);
    gtype *rs = cg_call_sig(rhs)->results;
    int off = base + np;
    for (int i = 0; i < lhs->n; i++) {
        ast_expr *l = lhs->v[i];
        gtype *t = rs->vars[i]->type;
        if (define && !is_blank_ident(l) && cg_var_reg(fs, l->ident.obj) < 0) cg_declare(fs, l->ident.obj, l->pos);
        place p = cg_lvalue(fs, l);
        cg_store(fs, p, off, t);
        cg_place_free(fs, p);
        off += cg_shape(t, NULL);
    }
    cg_rfree_n(fs, base, off - base);
}

static void assign_stmt(fstate *fs, ast_stmt *s) {
    ast_exprs *lhs = &s->assign.lhs, *rhs = &s->assign.rhs;
    token op = s->assign.op;
    if (op == T_ASSIGN || op == T_DEFINE) {
        bool define = op == T_DEFINE;
        if (rhs->n == 1 && lhs->n > 1) {
            cg_assign_call(fs, lhs, rhs->v[0], define);
            return;
        }
        if (lhs->n == 1) {
            ast_expr *l = lhs->v[0];
            if (define && !is_blank_ident(l) && cg_var_reg(fs, l->ident.obj) < 0) {
                /* x := x + 1 in an inner scope reads the outer x: a
                 * different object, so declaring first is safe */
                cg_need_shape(fs, ast_expr_start(rhs->v[0]), rhs->v[0]->type, NULL);
                int r = cg_declare_raw(fs, l->ident.obj, l->pos);
                if (!fs->vars[fs->nvars - 1].boxed) {
                    /* an aggregate gets the fresh value's memory */
                    cg_expr_to(fs, rhs->v[0], r);
                    return;
                }
                val v = cg_eval(fs, rhs->v[0]);
                cg_store_mem(fs, l->ident.obj->type, r, v.reg);
                cg_vfree(fs, v, rhs->v[0]->type);
                return;
            }
            cg_assign1(fs, l, rhs->v[0]);
            return;
        }
        /* parallel: the operands of the left sides' index expressions
         * and indirections, then every right side, then the stores */
        val *vals = arena_alloc(fs->g->a, sizeof *vals * (size_t)rhs->n);
        place *pls = arena_alloc(fs->g->a, sizeof *pls * (size_t)lhs->n);
        for (int i = 0; i < lhs->n; i++) {
            ast_expr *l = lhs->v[i];
            if (define && !is_blank_ident(l) && cg_var_reg(fs, l->ident.obj) < 0) {
                pls[i] = pl_blank(); /* declared below, after the right sides */
                continue;
            }
            fs->parallel_lhs = lhs;
            pls[i] = cg_lvalue(fs, l);
            fs->parallel_lhs = NULL;
        }
        for (int i = 0; i < rhs->n; i++) {
            ast_expr *r = rhs->v[i];
            cg_need_shape(fs, r->pos, r->type, NULL);
            vals[i].reg = cg_ralloc(fs, r->pos, r->type);
            vals[i].temp = true;
            cg_expr_to(fs, r, vals[i].reg);
        }
        for (int i = 0; i < lhs->n; i++) {
            ast_expr *l = lhs->v[i];
            if (define && !is_blank_ident(l) && cg_var_reg(fs, l->ident.obj) < 0) {
                cg_declare(fs, l->ident.obj, l->pos);
                pls[i] = cg_lvalue(fs, l);
            }
            cg_store(fs, pls[i], vals[i].reg, cg_ltype(l));
        }
        for (int i = lhs->n - 1; i >= 0; i--) cg_place_free(fs, pls[i]);
        for (int i = 0; i < rhs->n; i++) cg_vfree(fs, vals[i], rhs->v[i]->type);
        return;
    }
    /* x op= y */
    ast_expr *l = lhs->v[0];
    ast_expr bin = {0};
    bin.kind = E_BINARY;
    bin.pos = s->pos;
    bin.mode = M_VALUE;
    bin.type = cg_ltype(l);
    bin.binary.op = op;
    bin.binary.x = l;
    bin.binary.y = rhs->v[0];
    place p = cg_lvalue(fs, l);
    if (p.kind == PL_REG) {
        cg_expr_to(fs, &bin, p.reg);
        return;
    }
    gtype *lt = cg_ltype(l);
    int r = cg_ralloc(fs, s->pos, lt);
    if (p.kind == PL_MEM || p.kind == PL_MAP || p.kind == PL_SIDX) {
        /* the place once: load, operate on a hidden variable, store */
        cg_data_load_place(fs, p, r, lt);
        bin.binary.x = hidden_var(fs, lt, r, s->pos);
        cg_expr_to(fs, &bin, r);
        fs->nvars--;
    } else {
        cg_expr_to(fs, &bin, r);
    }
    cg_store(fs, p, r, lt);
    cg_rfree(fs, r, lt);
    cg_place_free(fs, p);
}

static void incdec(fstate *fs, ast_stmt *s) {
    ast_expr *l = s->incdec.x;
    gkind k = cg_bkind(l->type);
    place p = cg_lvalue(fs, l);
    int r = p.reg >= 0 ? p.reg : cg_ralloc(fs, s->pos, l->type);
    if (p.kind == PL_MEM || p.kind == PL_MAP || p.kind == PL_SIDX) cg_data_load_place(fs, p, r, l->type);
    else if (p.reg < 0) cg_expr_to(fs, l, r);
    if (k_float(k)) {
        double one = 1.0;
        uint64_t w;
        memcpy(&w, &one, 8);
        int t = cg_ralloc(fs, s->pos, l->type);
        cg_op_abx(fs, OP_LOADK, t, cg_kadd(fs, w));
        cg_op_abc(fs, s->incdec.op == T_INC ? OP_ADDF64 : OP_SUBF64, r, r, t);
        if (k == K_FLOAT32) cg_op_abc(fs, OP_RNDF32, r, r, 0);
        cg_rfree(fs, t, l->type);
    } else {
        cg_op_abc(fs, OP_ADDI64K, r, r, s->incdec.op == T_INC ? 1 : -1);
        cg_wrap(fs, k, r);
    }
    if (p.reg < 0) {
        cg_store(fs, p, r, l->type);
        cg_rfree(fs, r, l->type);
        cg_place_free(fs, p);
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
                int r = cg_declare(fs, o, names->v[j]->pos);
                if (!fs->vars[fs->nvars - 1].boxed && !cg_is_aggregate(o->type))
                    cg_op_abc(fs, OP_ZERO, r, cg_shape(o->type, NULL), 0);
            }
        } else if (values->n == names->n) {
            val *vals = arena_alloc(fs->g->a, sizeof *vals * (size_t)values->n);
            for (int j = 0; j < values->n; j++) {
                gobj *vo = j < names->n ? names->v[j]->ident.obj : NULL;
                vals[j] = cg_eval_to_type(fs, values->v[j], vo ? vo->type : NULL);
            }
            for (int j = 0; j < names->n; j++) {
                gobj *o = names->v[j]->ident.obj;
                if (o && !is_blank_ident(names->v[j])) {
                    int r = cg_declare(fs, o, names->v[j]->pos);
                    if (fs->vars[fs->nvars - 1].boxed || cg_is_aggregate(o->type)) {
                        cg_store_mem(fs, o->type, r, vals[j].reg);
                    } else {
                        cg_move(fs, r, vals[j].reg, cg_shape(o->type, NULL));
                    }
                }
            }
            for (int j = 0; j < values->n; j++) {
                gobj *vo = j < names->n ? names->v[j]->ident.obj : NULL;
                cg_vfree(fs, vals[j], vo ? cg_conv_type(values->v[j], vo->type) : values->v[j]->type);
            }
        } else {
            cg_assign_call(fs, names, values->v[0], true);
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
    gkind k = cg_bkind(x->ident.obj->type);
    if (k != K_INT && k != K_INT64) return -1;
    int r = cg_var_reg(fs, x->ident.obj);
    if (r < 0 || cg_var(fs, x->ident.obj)->boxed) return -1; /* a boxed one's register is its cell */
    bool lt = cond->binary.op == T_LSS;
    int64_t kv;
    if (is_const(y) && gconst_int64_val(y->val, &kv)) {
        int ki = cg_kadd(fs, (uint64_t)kv);
        if (ki >= 256) return -1;
        *ireg = r;
        *b = ki;
        return lt ? OP_INCJLTC : OP_INCJLEC;
    }
    if (y->kind == E_IDENT && y->ident.obj && y->ident.obj != x->ident.obj && cg_var_reg(fs, y->ident.obj) >= 0 &&
        !cg_var(fs, y->ident.obj)->boxed && cg_bkind(y->type) == k) {
        *ireg = r;
        *b = cg_var_reg(fs, y->ident.obj);
        return lt ? OP_INCJLT : OP_INCJLE;
    }
    /* n is len(s) of a local slice: its length slot (cg_eval) */
    if (y->kind == E_CALL && k == K_INT) {
        val v = cg_eval_slot(fs, y);
        if (v.reg >= 0) {
            *ireg = r;
            *b = v.reg;
            return lt ? OP_INCJLT : OP_INCJLE;
        }
    }
    return -1;
}

static void for_stmt(fstate *fs, ast_stmt *s, const char *label) {
    int nvars = fs->nvars;
    if (s->fors.init) cg_stmt(fs, s->fors.init);
    target t = {fs->targets, s, label, true, {0}, {0}};
    fs->targets = &t;
    int ireg, b;
    int cop = counting_loop(fs, s, &ireg, &b);
    if (cop >= 0) {
        /* entry test; body; step-and-test back to the body */
        cg_setline(fs, s->fors.cond->pos);
        jlist out = {0};
        cg_cond_jump(fs, s->fors.cond, false, &out);
        int top = fs->ncode;
        cg_stmt(fs, s->fors.body);
        cg_patch_here(fs, &t.cont);
        cg_setline(fs, s->fors.post->pos);
        cg_patch(fs, cg_emit_abj(fs, cop, ireg, b), top);
        cg_patch_here(fs, &out);
        cg_patch_here(fs, &t.brk);
        fs->targets = t.up;
        for (int i = nvars; i < fs->nvars; i++) cg_rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
        fs->nvars = nvars;
        return;
    }
    int jtest = s->fors.cond ? cg_emit_jmp(fs) : -1;
    int top = fs->ncode;
    cg_stmt(fs, s->fors.body);
    cg_patch_here(fs, &t.cont);
    if (s->fors.post) cg_stmt(fs, s->fors.post);
    if (s->fors.cond) {
        cg_patch(fs, jtest, fs->ncode);
        cg_setline(fs, s->fors.cond->pos);
        jlist back = {0};
        cg_cond_jump(fs, s->fors.cond, true, &back);
        cg_patch_list(fs, &back, top);
    } else {
        cg_jmp_to(fs, top);
    }
    cg_patch_here(fs, &t.brk);
    fs->targets = t.up;
    for (int i = nvars; i < fs->nvars; i++) cg_rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
    fs->nvars = nvars;
}

static void range_stmt(fstate *fs, ast_stmt *s, const char *label) {
    ast_expr *x = s->range.x;
    if (cg_data_range(fs, s, label)) return;
    if (cg_chan_range(fs, s, label)) return;
    if (cg_bkind(x->type) != K_STRING) cg_unsupported(fs, s->range.rangepos, "range over %s", cg_kind_words(x->type));
    int nvars = fs->nvars;
    /* hidden: the string, the index, the next index; rune and width */
    uint8_t spat[2] = {SK_PTR, SK_SCALAR}, ipat[4] = {SK_SCALAR, SK_SCALAR, SK_SCALAR, SK_SCALAR};
    int str = cg_alloc_pattern(fs, spat, 2, 0);
    cg_expr_to(fs, x, str);
    int hid = cg_alloc_pattern(fs, ipat, 4, 0); /* hid: index, hid+1: next, hid+2: rune, hid+3: width */
    cg_op_abx(fs, OP_LOADI, hid + 1, 0);
    place pk = pl_blank(), pv = pl_blank();
    if (s->range.op == T_DEFINE) {
        if (s->range.key && !is_blank_ident(s->range.key)) pk = pl_reg(cg_declare(fs, s->range.key->ident.obj, s->range.key->pos));
        if (s->range.value && !is_blank_ident(s->range.value)) pv = pl_reg(cg_declare(fs, s->range.value->ident.obj, s->range.value->pos));
    } else {
        if (s->range.key) pk = cg_lvalue(fs, s->range.key);
        if (s->range.value) pv = cg_lvalue(fs, s->range.value);
    }
    target t = {fs->targets, s, label, true, {0}, {0}};
    fs->targets = &t;
    int jtest = cg_emit_jmp(fs);
    int top = fs->ncode;
    cg_op_abc(fs, OP_MOVE, hid, hid + 1, 0);
    cg_op_abc(fs, OP_DECRUNE, hid + 2, str, hid);
    cg_op_abc(fs, OP_ADDI64, hid + 1, hid, hid + 3);
    cg_store(fs, pk, hid, types_basic + K_INT);
    cg_store(fs, pv, hid + 2, types_basic + K_INT32);
    cg_stmt(fs, s->range.body);
    cg_patch_here(fs, &t.cont);
    cg_patch(fs, jtest, fs->ncode);
    jlist back = {0};
    cg_jl_add(fs, &back, cg_emit_abj(fs, OP_JLTI64, hid + 1, str + 1));
    cg_patch_list(fs, &back, top);
    cg_patch_here(fs, &t.brk);
    fs->targets = t.up;
    for (int i = nvars; i < fs->nvars; i++) cg_rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
    fs->nvars = nvars;
    cg_rfree_n(fs, hid, 4);
    cg_rfree_n(fs, str, 2);
}

static void switch_stmt(fstate *fs, ast_stmt *s, const char *label) {
    int nvars = fs->nvars;
    if (s->sw.init) cg_stmt(fs, s->sw.init);
    val tag = {-1, false};
    if (s->sw.tag) {
        cg_need_shape(fs, s->sw.tag->pos, s->sw.tag->type, NULL);
        tag = cg_eval(fs, s->sw.tag);
    }
    int nc = s->sw.clauses.n;
    jlist *tobody = arena_alloc(fs->g->a, ((size_t)nc + 1) * sizeof *tobody);
    int dflt = -1;
    for (int i = 0; i < nc; i++) {
        ast_stmt *c = s->sw.clauses.v[i];
        if (c->cas.isdefault) dflt = i;
        for (int j = 0; j < c->cas.list.n; j++) {
            ast_expr *ce = c->cas.list.v[j];
            cg_setline(fs, ce->pos);
            if (!s->sw.tag) {
                cg_cond_jump(fs, ce, true, &tobody[i]);
                continue;
            }
            ast_expr cmp = {0};
            ast_expr tagref = *s->sw.tag;
            (void)tagref;
            /* tag == ce, with the tag already in a register */
            gkind k = cg_bkind(s->sw.tag->type);
            val v = cg_eval(fs, ce);
            int o;
            if (k == K_STRING) {
                int b = cg_alloc_pattern(fs, (const uint8_t[]){SK_SCALAR}, 1, 0);
                cg_op_abc(fs, OP_EQSTR, b, tag.reg, v.reg);
                cg_jl_add(fs, &tobody[i], cg_op_abx(fs, OP_JTRUE, b, 0));
                cg_rfree_n(fs, b, 1);
            } else if (cg_is_aggregate(s->sw.tag->type)) {
                int b = cg_rscalar(fs);
                cg_op_abx(fs, OP_LOADT, b, cg_type_index(fs, s->sw.tag->type));
                cg_op_abc(fs, OP_TEQ, b, tag.reg, v.reg);
                cg_jl_add(fs, &tobody[i], cg_op_abx(fs, OP_JTRUE, b, 0));
                cg_rfree_n(fs, b, 1);
            } else {
                o = k_float(k) ? OP_JEQF64 : OP_JEQI64;
                if (!k_float(k) && !k_int(k) && k != K_BOOL && k != K_POINTER)
                    cg_unsupported(fs, ast_expr_start(ce), "switch on %s", cg_kind_words(s->sw.tag->type));
                cg_jl_add(fs, &tobody[i], cg_emit_abj(fs, o, tag.reg, v.reg));
            }
            cg_vfree(fs, v, ce->type);
            (void)cmp;
        }
    }
    if (dflt >= 0) cg_jl_add(fs, &tobody[dflt], cg_emit_jmp(fs));
    target t = {fs->targets, s, label, false, {0}, {0}};
    fs->targets = &t;
    cg_jl_add(fs, &t.brk, cg_emit_jmp(fs));
    jlist fall = {0};
    for (int i = 0; i < nc; i++) {
        ast_stmt *c = s->sw.clauses.v[i];
        cg_patch_here(fs, &tobody[i]);
        cg_patch_here(fs, &fall);
        jlist *saved = fs->fallthru;
        fs->fallthru = &fall;
        cg_block(fs, &c->cas.body);
        fs->fallthru = saved;
        if (fall.n == 0) cg_jl_add(fs, &t.brk, cg_emit_jmp(fs));
    }
    cg_patch_here(fs, &fall);
    cg_patch_here(fs, &t.brk);
    fs->targets = t.up;
    if (tag.reg >= 0) cg_vfree(fs, tag, s->sw.tag->type);
    for (int i = nvars; i < fs->nvars; i++) cg_rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
    fs->nvars = nvars;
}

/* The result of index i (its shape at result offset off) takes the
 * value in registers src: a named result boxed in a cell is stored
 * there, any other result moves into its result slots. */
static void set_result(fstate *fs, gtype *rs, int i, int off, int src) {
    gtype *t = rs->vars[i]->type;
    for (int k = 0; k < fs->nboxres; k++)
        if (fs->boxres[k].slot == fs->resbase + off) {
            cg_store_mem(fs, t, fs->boxres[k].cell, src);
            return;
        }
    cg_move(fs, fs->resbase + off, src, cg_shape(t, NULL));
}

/* return in a function with an epilogue: the values, all evaluated
 * first, become the results; then the epilogue runs the deferred calls
 * (which may change named results) and returns them. */
static void return_epi(fstate *fs, ast_stmt *s) {
    gtype *rs = fs->sig->results;
    ast_exprs *res = &s->ret.results;
    if (res->n == 1 && rs->nvars > 1) {
        int np;
        int base = cg_call(fs, res->v[0], &np);
        int off = 0;
        for (int i = 0; i < rs->nvars; i++) {
            set_result(fs, rs, i, off, base + np + off);
            off += cg_shape(rs->vars[i]->type, NULL);
        }
        cg_rfree_n(fs, base, np + fs->f->nresults);
    } else if (res->n > 0) {
        uint8_t pat[VM_MAX_SLOTS];
        int n = 0;
        for (int i = 0; i < rs->nvars; i++) n += cg_shape(rs->vars[i]->type, pat + n);
        int base = cg_alloc_pattern(fs, pat, n, 0);
        int off = 0;
        for (int i = 0; i < res->n; i++) {
            cg_expr_to_type(fs, res->v[i], base + off, rs->vars[i]->type);
            off += cg_shape(rs->vars[i]->type, NULL);
        }
        off = 0;
        for (int i = 0; i < res->n; i++) {
            set_result(fs, rs, i, off, base + off);
            off += cg_shape(rs->vars[i]->type, NULL);
        }
        cg_rfree_n(fs, base, n);
    }
    cg_jl_add(fs, &fs->retj, cg_emit_jmp(fs));
}

static void return_stmt(fstate *fs, ast_stmt *s) {
    gtype *rs = fs->sig->results;
    ast_exprs *res = &s->ret.results;
    int nres = fs->f->nresults;
    if (fs->epi) {
        return_epi(fs, s);
        return;
    }
    if (res->n == 0) {
        cg_op_abc(fs, OP_RET, fs->resbase, nres, 0);
        return;
    }
    if (res->n == 1 && rs->nvars > 1) {
        int np;
        int base = cg_call(fs, res->v[0], &np);
        cg_op_abc(fs, OP_RET, base + np, nres, 0);
        cg_rfree_n(fs, base, np + nres);
        return;
    }
    if (res->n == 1) {
        val v = cg_eval_to_type(fs, res->v[0], rs->vars[0]->type);
        if (!v.temp && cg_is_aggregate(res->v[0]->type)) {
            /* the caller gets memory nobody else names */
            int c = cg_rptr(fs);
            cg_copy_aggregate(fs, res->v[0]->type, c, v.reg);
            v = (val){c, true};
        }
        cg_op_abc(fs, OP_RET, v.reg, nres, 0);
        cg_vfree(fs, v, cg_conv_type(res->v[0], rs->vars[0]->type));
        return;
    }
    uint8_t pat[VM_MAX_SLOTS];
    int n = 0;
    for (int i = 0; i < rs->nvars; i++) n += cg_shape(rs->vars[i]->type, pat + n);
    int base = cg_alloc_pattern(fs, pat, n, 0);
    int off = base;
    for (int i = 0; i < res->n; i++) {
        cg_expr_to_type(fs, res->v[i], off, rs->vars[i]->type);
        off += cg_shape(rs->vars[i]->type, NULL);
    }
    cg_op_abc(fs, OP_RET, base, nres, 0);
    cg_rfree_n(fs, base, n);
}

void cg_stmt(fstate *fs, ast_stmt *s) {
    cg_setline(fs, s->pos);
    const char *label = fs->pending_label;
    fs->pending_label = NULL;
    switch (s->kind) {
    case S_EMPTY:
        return;
    case S_BLOCK:
        cg_block(fs, &s->block.list);
        return;
    case S_EXPR: {
        ast_expr *x = unparen(s->expr.x);
        if (cg_chan_expr(fs, x, -1)) return; /* <-c */
        if (x->kind != E_CALL) cg_unsupported(fs, s->pos, "this expression statement");
        ast_expr *fun = unparen(x->call.fun);
        if (fun->mode == M_BUILTIN) {
            cg_builtin_call(fs, x, -1, fun->kind == E_IDENT && fun->ident.obj ? fun->ident.obj->builtin : -1);
            return;
        }
        if (fun->mode == M_TYPEXPR) cg_unsupported(fs, s->pos, "this expression statement");
        int np;
        int base = cg_call(fs, x, &np);
        gtype *rs = cg_call_sig(x)->results;
        int n = 0;
        for (int i = 0; i < rs->nvars; i++) n += cg_shape(rs->vars[i]->type, NULL);
        cg_rfree_n(fs, base, np + n);
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
        if (s->ifs.init) cg_stmt(fs, s->ifs.init);
        jlist f = {0};
        cg_setline(fs, s->ifs.cond->pos);
        cg_cond_jump(fs, s->ifs.cond, false, &f);
        cg_stmt(fs, s->ifs.then);
        if (s->ifs.els) {
            int j = cg_emit_jmp(fs);
            cg_patch_here(fs, &f);
            cg_stmt(fs, s->ifs.els);
            cg_patch(fs, j, fs->ncode);
        } else {
            cg_patch_here(fs, &f);
        }
        for (int i = nvars; i < fs->nvars; i++) cg_rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
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
        cg_patch_list(fs, &l->fwd, l->pc);
        fs->pending_label = s->labeled.label->ident.name;
        cg_stmt(fs, s->labeled.stmt);
        fs->pending_label = NULL;
        return;
    }
    case S_BRANCH: {
        switch (s->branch.tok) {
        case T_BREAK: {
            target *t = find_target(fs, s->branch.label, false);
            if (!t) cg_unsupported(fs, s->pos, "break out of select");
            cg_jl_add(fs, &t->brk, cg_emit_jmp(fs));
            return;
        }
        case T_CONTINUE: {
            target *t = find_target(fs, s->branch.label, true);
            if (!t) cg_unsupported(fs, s->pos, "this continue");
            cg_jl_add(fs, &t->cont, cg_emit_jmp(fs));
            return;
        }
        case T_GOTO: {
            labelpos *l = label_get(fs, s->branch.label->ident.name);
            if (l->pc >= 0) cg_jmp_to(fs, l->pc);
            else cg_jl_add(fs, &l->fwd, cg_emit_jmp(fs));
            return;
        }
        case T_FALLTHROUGH:
            if (!fs->fallthru) cg_unsupported(fs, s->pos, "this fallthrough");
            cg_jl_add(fs, fs->fallthru, cg_emit_jmp(fs));
            return;
        default:
            break;
        }
        break;
    }
    case S_RETURN:
        return_stmt(fs, s);
        return;
    case S_GO: cg_go_stmt(fs, s); return; /* codegen_chan.c */
    case S_DEFER: cg_defer_stmt(fs, s); return; /* codegen_chan.c */
    case S_SELECT: cg_select_stmt(fs, s, label); return;
    case S_SEND: cg_send_stmt(fs, s); return;
    case S_TYPESWITCH:
        cg_typeswitch(fs, s, label);
        return;
    default: break;
    }
    cg_unsupported(fs, s->pos, "this statement");
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

/* Whether the statements of body (not those of function literals in
 * it) include a defer. */
static bool has_defer_list(ast_stmts *l);
static bool has_defer(ast_stmt *s) {
    if (!s) return false;
    switch (s->kind) {
    case S_DEFER: return true;
    case S_BLOCK: return has_defer_list(&s->block.list);
    case S_LABELED: return has_defer(s->labeled.stmt);
    case S_IF: return has_defer(s->ifs.then) || has_defer(s->ifs.els);
    case S_FOR: return has_defer(s->fors.body);
    case S_RANGE: return has_defer(s->range.body);
    case S_SWITCH:
    case S_TYPESWITCH:
    case S_SELECT: {
        ast_stmts *cl = s->kind == S_SWITCH ? &s->sw.clauses : s->kind == S_TYPESWITCH ? &s->tsw.clauses : &s->sel.clauses;
        for (int i = 0; i < cl->n; i++)
            if (has_defer_list(cl->v[i]->kind == S_COMM ? &cl->v[i]->comm.body : &cl->v[i]->cas.body)) return true;
        return false;
    }
    default: return false;
    }
}
static bool has_defer_list(ast_stmts *l) {
    for (int i = 0; i < l->n; i++)
        if (has_defer(l->v[i])) return true;
    return false;
}

/* Generates function fi: its receiver (recv, a method's, or NULL), the
 * parameters and results of sig, then the context words of a closure
 * (caps[0..ncaps), codegen_func.c), then body. */
void cg_gen_body(gen *g, int fi, gobj *recv, gtype *sig, ast_stmt *body, srcpos pos, gobj **caps, int ncaps) {
    vmfunc *f = g->funcs[fi];
    fstate fs;
    fstate_init(&fs, g, f);
    if (setjmp(fs.fail)) {
        fstate_free(&fs);
        return;
    }
    fs.sig = sig;
    (void)pos;
    gtype *ps = sig->params, *rs = sig->results;
    uint8_t pat[CG_MAX_SHAPE];
    if (recv) {
        int n = cg_need_shape(&fs, recv->pos, recv->type, pat);
        int r = cg_alloc_pattern(&fs, pat, n, fs.nslots);
        if (recv->name && recv->name[0] && !(recv->name[0] == '_' && !recv->name[1])) cg_var_bind(&fs, recv, r);
    }
    for (int i = 0; i < ps->nvars; i++) {
        gobj *p = ps->vars[i];
        int n = cg_need_shape(&fs, p->pos, p->type, pat);
        int r = cg_alloc_pattern(&fs, pat, n, fs.nslots);
        if (p->name && !(p->name[0] == '_' && !p->name[1])) cg_var_bind(&fs, p, r);
    }
    f->nparams = (uint16_t)fs.nslots;
    fs.resbase = fs.nslots;
    bool named = false;
    for (int i = 0; i < rs->nvars; i++) {
        gobj *p = rs->vars[i];
        int n = cg_need_shape(&fs, p->pos, p->type, pat);
        int r = cg_alloc_pattern(&fs, pat, n, fs.nslots);
        if (p->name && p->name[0]) {
            named = true;
            if (!(p->name[0] == '_' && !p->name[1])) cg_var_bind(&fs, p, r);
        }
    }
    f->nresults = (uint16_t)(fs.nslots - f->nparams);
    if (named && f->nresults) cg_op_abc(&fs, OP_ZERO, fs.resbase, f->nresults, 0);
    fs.epi = has_defer(body);
    for (int i = 0; i < fs.nvars; i++) {
        cgvar *v = &fs.vars[i];
        gobj *o = v->o;
        bool isres = v->reg >= fs.resbase;
        if (cg_addrtaken(g, o) && isres) {
            /* a named result a closure captures (a deferred one, say)
             * lives in a cell; the epilogue copies it to its slots */
            if (fs.nboxres == (int)(sizeof fs.boxres / sizeof fs.boxres[0]))
                cg_unsupported(&fs, o->pos, "so many captured named results");
            int cell = cg_rptr(&fs);
            cg_op_abx(&fs, OP_NEW, cell, cg_type_index(&fs, o->type));
            fs.boxres[fs.nboxres].cell = cell;
            fs.boxres[fs.nboxres].slot = v->reg;
            fs.boxres[fs.nboxres].t = o->type;
            fs.nboxres++;
            v->reg = cell;
            v->boxed = true;
            fs.epi = true;
        } else if (cg_addrtaken(g, o)) {
            /* an address-taken parameter moves to a heap cell */
            int cell = cg_rptr(&fs);
            cg_op_abx(&fs, OP_NEW, cell, cg_type_index(&fs, o->type));
            cg_store_mem(&fs, o->type, cell, v->reg);
            v->reg = cell;
            v->boxed = true;
        } else if (isres && cg_is_aggregate(o->type)) {
            cg_zero(&fs, o->type, v->reg);
        }
    }
    cg_bind_context(&fs, caps, ncaps); /* codegen_func.c */
    cg_block(&fs, &body->block.list);
    fs.line = body->block.rbrace.line ? body->block.rbrace.line : fs.line;
    if (fs.epi) {
        cg_patch_here(&fs, &fs.retj);
        if (has_defer(body)) {
            /* the NOP gives a frame running its deferred calls the line
             * of the closing brace (its saved pc is DEFERRET's, the
             * instruction before it names the line) */
            cg_op_abc(&fs, OP_NOP, 0, 0, 0);
            f->recoverpc = fs.ncode;
            cg_op_abc(&fs, OP_DEFERRET, 0, 0, 0);
        }
        for (int k = 0; k < fs.nboxres; k++) {
            if (cg_is_aggregate(fs.boxres[k].t)) cg_copy_aggregate(&fs, fs.boxres[k].t, fs.boxres[k].slot, fs.boxres[k].cell);
            else cg_load_mem(&fs, fs.boxres[k].t, fs.boxres[k].slot, fs.boxres[k].cell);
        }
    }
    cg_op_abc(&fs, OP_RET, fs.resbase, f->nresults, 0);
    free(fs.retj.v);
    for (int i = 0; i < fs.nlabels; i++)
        if (fs.labels[i].fwd.n) cg_unsupported(&fs, pos, "this goto");
    fstate_finish(&fs);
    fstate_free(&fs);
}

void cg_fstate_init(fstate *fs, gen *g, vmfunc *f) { fstate_init(fs, g, f); }
void cg_fstate_finish(fstate *fs) { fstate_finish(fs); }
void cg_fstate_free(fstate *fs) { fstate_free(fs); }

static void gen_func(gen *g, int fi, ast_decl *d) {
    gtype *sig = g->fobjs[fi]->type;
    cg_gen_body(g, fi, sig->recv, sig, d->func.body, d->pos, NULL, 0);
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
    cg_setline(fs, o->pos);
    if (sp && sp->value.names.n > 1 && sp->value.values.n == 1) {
        for (int i = 0; i < sp->value.names.n; i++)
            if (sp->value.names.v[i]->ident.obj) init_mark(ic, sp->value.names.v[i]->ident.obj);
        cg_assign_call(fs, &sp->value.names, sp->value.values.v[0], false);
        return;
    }
    if (!o->init) return; /* zero: the globals area starts zeroed */
    int gs = cg_global_slot(ic->g, o);
    val v = cg_eval_to_type(fs, o->init, o->type);
    if (gs >= 0 && (cg_global_boxed(ic->g, o) || cg_is_aggregate(o->type))) {
        int p = cg_rptr(fs);
        cg_op_abx(fs, OP_GETG, p, gs);
        cg_store_mem(fs, o->type, p, v.reg);
        cg_rfree_n(fs, p, 1);
    } else if (gs >= 0) {
        cg_store(fs, pl_global(gs), v.reg, o->type);
    }
    cg_vfree(fs, v, cg_conv_type(o->init, o->type));
}

/* main.init: variables in dependency order, then the init functions. */
static void gen_init(gen *g, int initfn, gobj **vars, int nvars, const int *initidx, int ninits) {
    fstate fs;
    fstate_init(&fs, g, g->funcs[initfn]);
    initctx ic = {g, &fs, NULL, 0, 0};
    if (!setjmp(fs.fail)) {
        /* aggregates and address-taken globals: their memory, first */
        for (int i = 0; i < g->ngobjs; i++) {
            gobj *o = g->gobjs[i];
            if (!g->gboxed[i] && !cg_is_aggregate(o->type)) continue;
            int r = cg_rptr(&fs);
            cg_op_abx(&fs, OP_NEW, r, cg_type_index(&fs, o->type));
            cg_op_abx(&fs, OP_SETG, r, g->gslot[i]);
            cg_rfree_n(&fs, r, 1);
        }
        for (int i = 0; i < nvars; i++) init_var(&ic, vars[i]);
        for (int i = 0; i < ninits; i++) cg_op_abx(&fs, OP_CALL, cg_top_busy(&fs), initidx[i]);
        cg_op_abc(&fs, OP_RET, 0, 0, 0);
        fstate_finish(&fs);
    }
    fstate_free(&fs);
    free(ic.done);
}

/* ------------------------------------------------------------------ */
/* the program                                                         */

vmfunc *cg_new_func(gen *g, gobj *fo, const char *name, srcpos pos) {
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
    g->link = link_new(a);
    cg_find_addrtaken(g, files, nfiles);
    cg_find_captured(g, files, nfiles);
    vmprog *p = ARENA_NEW(a, vmprog);
    memset(p, 0, sizeof *p);
    p->files = &d->files;
    p->itabs = itab_cache_new();
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
                cg_new_func(g, o, arena_printf(a, "main.%s", nm), dl->pos);
            } else if (dl->kind == D_FUNC && dl->func.body && dl->func.recv) {
                gobj *o = dl->func.name->ident.obj;
                if (o) cg_new_func(g, o, cg_method_name(g, o), dl->pos); /* codegen_func.c */
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
                        uint8_t pat[CG_MAX_SHAPE];
                        int n = cg_shape(o->type, pat);
                        bool boxed = cg_addrtaken(g, o) && !cg_is_aggregate(o->type);
                        if (n && boxed) n = 1, pat[0] = SK_PTR; /* its cell */
                        if (!n) {
                            diag_errorf(d, sp->value.names.v[j]->pos, "gort: %s is not supported yet",
                                        cg_kind_words(o->type));
                            g->errors++;
                            continue;
                        }
                        if (g->ngobjs == g->capgobjs) {
                            g->capgobjs = g->capgobjs ? g->capgobjs * 2 : 32;
                            g->gobjs = realloc(g->gobjs, sizeof *g->gobjs * (size_t)g->capgobjs);
                            g->gslot = realloc(g->gslot, sizeof *g->gslot * (size_t)g->capgobjs);
                            g->gboxed = realloc(g->gboxed, sizeof *g->gboxed * (size_t)g->capgobjs);
                        }
                        g->gboxed[g->ngobjs] = boxed;
                        g->gobjs[g->ngobjs] = o;
                        g->gslot[g->ngobjs++] = g->nglobals;
                        if (g->nglobals + n > g->capgkind) {
                            g->capgkind = g->capgkind ? 2 * (g->capgkind + n) : 64 + n;
                            g->gkind = realloc(g->gkind, (size_t)g->capgkind);
                            if (!g->gkind) abort();
                        }
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
                cg_new_func(g, fake, arena_printf(a, "main.init.%d", ninits), dl->pos);
                ninits++;
            }
        }
    }
    for (int i = 0; i < g->nfuncs; i++)
        if (strcmp(g->funcs[i]->name, "main.main") == 0) mainfn = i;
    initfn = g->nfuncs;
    cg_new_func(g, NULL, "main.init", srcpos_make(files[0]->fileidx, 1, 1));

    /* method tables (interfaces) and the wrappers they need */
    cg_method_tables(g, files, nfiles); /* codegen_func.c */
    /* bodies */
    int k = 0;
    for (int fi = 0; fi < nfiles; fi++) {
        ast_file *f = files[fi];
        for (int i = 0; i < f->decls.n; i++) {
            ast_decl *dl = f->decls.v[i];
            if (dl->kind != D_FUNC || !dl->func.body) continue;
            gobj *o = dl->func.name->ident.obj;
            int idx;
            if (dl->func.recv) idx = o ? cg_func_index(g, o) : -1;
            else if (strcmp(dl->func.name->ident.name, "init") == 0) idx = initidx[k++];
            else if (o) idx = cg_func_index(g, o);
            else continue;
            if (idx >= 0) gen_func(g, idx, dl);
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
        cg_go_types(g, p->funcs, p->nfuncs); /* codegen_chan.c */
        uint64_t *kk = ARENA_ARRAY(a, uint64_t, g->nk ? g->nk : 1);
        if (g->nk) memcpy(kk, g->k, sizeof *kk * (size_t)g->nk);
        p->k = kk;
        p->nk = g->nk;
        const gort_type **tt = ARENA_ARRAY(a, const gort_type *, g->ntypes ? g->ntypes : 1);
        if (g->ntypes) memcpy(tt, g->types, sizeof *tt * (size_t)g->ntypes);
        p->types = tt;
        p->ntypes = g->ntypes;
        p->nglobals = g->nglobals;
        uint8_t *gm = ARENA_ARRAY(a, uint8_t, g->nglobals / 8 + 1);
        memset(gm, 0, (size_t)g->nglobals / 8 + 1);
        for (int i = 0; i < g->nglobals; i++)
            if (g->gkind[i] == SK_PTR) gm[i / 8] |= (uint8_t)(1u << (i % 8));
        p->gptrmap = gm;
        p->initfn = initfn;
        p->mainfn = mainfn;
        p->natives = ARENA_ARRAY(a, const vmnative *, g->nnatives ? g->nnatives : 1);
        if (g->nnatives) memcpy(p->natives, g->natives, sizeof *p->natives * (size_t)g->nnatives);
        p->nnatives = g->nnatives;
        p->lib = natives_link(g->link, a, p->natives, p->nnatives, g->ctxiface, g->lockeriface);
        p->externs = ARENA_ARRAY(a, const vmextern *, g->nexterns ? g->nexterns : 1);
        if (g->nexterns) memcpy(p->externs, g->externs, sizeof *p->externs * (size_t)g->nexterns);
        p->nexterns = g->nexterns;
        res = p;
    } else {
        itab_cache_free(p->itabs);
        p->itabs = NULL;
    }
    free(g->funcs);
    free(g->fobjs);
    free(g->k);
    free(g->types);
    link_free(g->link);
    free(g->gobjs);
    free(g->gslot);
    free(g->gboxed);
    free(g->gkind);
    free(g->addrtaken);
    free(g->natives);
    free(g->externs);
    free(g);
    return res;
}
