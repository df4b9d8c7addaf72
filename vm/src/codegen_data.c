/*
 * codegen_data.c: code generation for pointers, structs, arrays, slices
 * and maps (composite literals, selectors, indexing, slicing, the
 * built-ins on them, range, and the places assignments write to).
 *
 * Values (docs/design/vm-values.md):
 *
 *   type            registers             memory (Go's amd64 layout)
 *   *T, map         1 pointer slot        8 bytes
 *   []T             ptr, len, cap         24 bytes
 *   struct, array   1 pointer slot: the   size and offsets from link.c
 *                   value's own memory
 *
 * Structs and arrays are handled by address ("aggregates"): their register
 * points at memory that holds the value in Go's layout, so a field or an
 * element is a load at an offset, &x of an aggregate variable is its
 * register, and the runtime (maps, fmt, interfaces) sees Go's layout. Value
 * semantics come from copying at the edges: an aggregate read into a new
 * home (a variable's initialiser, an argument, a result, an element of a
 * literal, a map value) is cloned (TCLONE: a new object and a typed copy),
 * and an assignment copies into the existing memory (TCOPY), so that
 * pointers taken earlier still see the variable.
 *
 * Variables whose address is taken (&x, found by cg_find_addrtaken before
 * any code is generated) live in a heap cell (NEW with the variable's
 * gort_type): the register holds the cell's address, and reads and writes
 * are loads and stores through it. Every store into memory that may hold
 * a pointer goes through the runtime's write barrier (STP, STSTR, STSLICE,
 * STIFACE, TCOPY, and the runtime's own map and slice operations).
 *
 * Runtime errors come from the interpreter's explicit checks with Go's
 * messages: a nil dereference (every load, store and address computation
 * through a pointer checks it), index out of range (IDX, AIDX), the
 * slice bounds, makeslice, and assignment to entry in nil map (the
 * runtime's).
 *
 * Rejected: structs in consecutive registers (every field access of a
 * struct in memory - through a pointer, in a slice, in a map - would need
 * a second code path, and the interfaces' data word points at memory
 * anyway; it remains the faster form for small structs that never escape,
 * for later); copy-on-write aggregates (a reference count per value);
 * pointers into the frame for &x (frames hold only 8-byte slots, and a
 * cell of the variable's own type is what the collector and the escape
 * analysis to come expect).
 */
#include <stdlib.h>
#include <string.h>

#include "codegen_int.h"

/* Flags in the X word of the map opcodes (the low 24 bits: the map's
 * type index). */
#define MAPX_KEYREF (1u << 24) /* the key register holds the key's address */
#define MAPX_KEYF32 (1u << 25) /* a float32 key in a float64 slot */
#define SLICEX_3 (1u << 31)    /* SLICE: three indices */
#define SLICEX_ARR (1u << 30)  /* SLICE: of an array (bounds "with length") */
#define COPYX_STR (1u << 31)   /* COPYSL: the source is a string */

static gtype *U(gtype *t) { return under(default_type(t)); }

bool cg_is_aggregate(gtype *t) {
    gtype *u = U(t);
    return u && (u->kind == K_STRUCT || u->kind == K_ARRAY);
}

static size_t tsize(fstate *fs, gtype *t) { return link_sizeof(fs->g->link, t); }

static int emit_x(fstate *fs, int op, int a, int b, int c, uint32_t x) {
    int at = cg_op_abc(fs, op, a, b, c);
    cg_emit(fs, x);
    return at;
}

static int ptr_temp(fstate *fs) { return cg_rptr(fs); }

/* A scalar temporary holding the descriptor of t. */
static int type_reg(fstate *fs, gtype *t) {
    int r = cg_rscalar(fs);
    cg_op_abx(fs, OP_LOADT, r, cg_type_index(fs, t));
    return r;
}

/* ------------------------------------------------------------------ */
/* address-taken variables                                             */

/* The set's slot for o: o's, or the empty one where o goes. */
static gobj **addrslot(gobj **v, int cap, gobj *o) {
    size_t m = (size_t)cap - 1, i = ((uintptr_t)o >> 4) * 0x9E3779B97F4A7C15ull >> 20 & m;
    while (v[i] && v[i] != o) i = (i + 1) & m;
    return &v[i];
}

void cg_mark_addrtaken(gen *g, gobj *o) {
    if (2 * (g->naddrtaken + 1) > g->capaddrtaken) {
        int cap = g->capaddrtaken ? 2 * g->capaddrtaken : 64;
        gobj **v = calloc((size_t)cap, sizeof *v);
        if (!v) abort();
        for (int i = 0; i < g->capaddrtaken; i++)
            if (g->addrtaken[i]) *addrslot(v, cap, g->addrtaken[i]) = g->addrtaken[i];
        free(g->addrtaken);
        g->addrtaken = v;
        g->capaddrtaken = cap;
    }
    gobj **s = addrslot(g->addrtaken, g->capaddrtaken, o);
    if (!*s) {
        *s = o;
        g->naddrtaken++;
    }
}

static void mark(gen *g, gobj *o) { cg_mark_addrtaken(g, o); }

bool cg_addrtaken(gen *g, gobj *o) {
    return g->capaddrtaken && *addrslot(g->addrtaken, g->capaddrtaken, o) == o;
}

static void walk_stmt(gen *g, ast_stmt *s);
static void walk_expr(gen *g, ast_expr *e);

static void walk_exprs(gen *g, ast_exprs *l) {
    for (int i = 0; i < l->n; i++) walk_expr(g, l->v[i]);
}

static void walk_expr(gen *g, ast_expr *e) {
    if (!e) return;
    switch (e->kind) {
    case E_UNARY:
        if (e->unary.op == T_AND) {
            ast_expr *x = unparen(e->unary.x);
            if (x->kind == E_IDENT && x->ident.obj && x->ident.obj->kind == O_VAR && !cg_is_aggregate(x->ident.obj->type))
                mark(g, x->ident.obj);
        }
        walk_expr(g, e->unary.x);
        return;
    case E_COMPOSITE: walk_exprs(g, &e->composite.elts); return;
    case E_FUNCLIT: walk_stmt(g, e->funclit.body); return;
    case E_PAREN: walk_expr(g, e->paren.x); return;
    case E_SELECTOR: walk_expr(g, e->selector.x); return;
    case E_INDEX:
        walk_expr(g, e->index.x);
        for (int i = 0; i < e->index.nindex; i++) walk_expr(g, e->index.index[i]);
        return;
    case E_SLICE:
        walk_expr(g, e->slice.x);
        walk_expr(g, e->slice.lo);
        walk_expr(g, e->slice.hi);
        walk_expr(g, e->slice.max);
        return;
    case E_TYPEASSERT: walk_expr(g, e->typeassert.x); return;
    case E_CALL:
        walk_expr(g, e->call.fun);
        walk_exprs(g, &e->call.args);
        return;
    case E_STAR: walk_expr(g, e->star.x); return;
    case E_BINARY:
        walk_expr(g, e->binary.x);
        walk_expr(g, e->binary.y);
        return;
    case E_KEYVALUE:
        walk_expr(g, e->keyvalue.key);
        walk_expr(g, e->keyvalue.value);
        return;
    default: return;
    }
}

static void walk_stmts(gen *g, ast_stmts *l) {
    for (int i = 0; i < l->n; i++) walk_stmt(g, l->v[i]);
}

static void walk_decl(gen *g, ast_decl *d) {
    if (d->kind != D_VAR && d->kind != D_CONST) return;
    for (int i = 0; i < d->gen.specs.n; i++) walk_exprs(g, &d->gen.specs.v[i]->value.values);
}

static void walk_stmt(gen *g, ast_stmt *s) {
    if (!s) return;
    switch (s->kind) {
    case S_BLOCK: walk_stmts(g, &s->block.list); return;
    case S_EXPR: walk_expr(g, s->expr.x); return;
    case S_SEND: walk_expr(g, s->send.ch); walk_expr(g, s->send.value); return;
    case S_INCDEC: walk_expr(g, s->incdec.x); return;
    case S_ASSIGN: walk_exprs(g, &s->assign.lhs); walk_exprs(g, &s->assign.rhs); return;
    case S_GO: case S_DEFER: walk_expr(g, s->call.call); return;
    case S_RETURN: walk_exprs(g, &s->ret.results); return;
    case S_LABELED: walk_stmt(g, s->labeled.stmt); return;
    case S_DECL: walk_decl(g, s->decl.decl); return;
    case S_IF:
        walk_stmt(g, s->ifs.init);
        walk_expr(g, s->ifs.cond);
        walk_stmt(g, s->ifs.then);
        walk_stmt(g, s->ifs.els);
        return;
    case S_SWITCH:
        walk_stmt(g, s->sw.init);
        walk_expr(g, s->sw.tag);
        walk_stmts(g, &s->sw.clauses);
        return;
    case S_TYPESWITCH:
        walk_stmt(g, s->tsw.init);
        walk_expr(g, s->tsw.x);
        walk_stmts(g, &s->tsw.clauses);
        return;
    case S_CASE: walk_exprs(g, &s->cas.list); walk_stmts(g, &s->cas.body); return;
    case S_SELECT: walk_stmts(g, &s->sel.clauses); return;
    case S_COMM: walk_stmt(g, s->comm.comm); walk_stmts(g, &s->comm.body); return;
    case S_FOR:
        walk_stmt(g, s->fors.init);
        walk_expr(g, s->fors.cond);
        walk_stmt(g, s->fors.post);
        walk_stmt(g, s->fors.body);
        return;
    case S_RANGE: walk_expr(g, s->range.x); walk_stmt(g, s->range.body); return;
    default: return;
    }
}

void cg_find_addrtaken(gen *g, struct ast_file **files, int nfiles) {
    for (int fi = 0; fi < nfiles; fi++) {
        ast_file *f = files[fi];
        for (int i = 0; i < f->decls.n; i++) {
            ast_decl *d = f->decls.v[i];
            if (d->kind == D_FUNC) {
                if (d->func.body) walk_stmt(g, d->func.body);
            } else {
                walk_decl(g, d);
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* loads and stores                                                    */

/* Loads a value of type t at R[addr] + off into dst. */
static void load_off(fstate *fs, gtype *t, int dst, int addr, size_t off) {
    if (off > 255) {
        int p = ptr_temp(fs);
        emit_x(fs, OP_ADDPX, p, addr, 0, (uint32_t)off);
        load_off(fs, t, dst, p, 0);
        cg_rfree_n(fs, p, 1);
        return;
    }
    gtype *u = U(t);
    int c = (int)off;
    switch (u->kind) {
    case K_BOOL: case K_UINT8: cg_op_abc(fs, OP_LD8U, dst, addr, c); return;
    case K_INT8: cg_op_abc(fs, OP_LD8S, dst, addr, c); return;
    case K_INT16: cg_op_abc(fs, OP_LD16S, dst, addr, c); return;
    case K_UINT16: cg_op_abc(fs, OP_LD16U, dst, addr, c); return;
    case K_INT32: cg_op_abc(fs, OP_LD32S, dst, addr, c); return;
    case K_UINT32: cg_op_abc(fs, OP_LD32U, dst, addr, c); return;
    case K_FLOAT32: cg_op_abc(fs, OP_LDF32, dst, addr, c); return;
    case K_INT: case K_INT64: case K_UINT: case K_UINT64: case K_UINTPTR: case K_FLOAT64:
    case K_POINTER: case K_MAP: case K_CHAN: case K_FUNC: case K_UNSAFEPTR:
        cg_op_abc(fs, OP_LD64, dst, addr, c);
        return;
    case K_STRING: case K_INTERFACE: cg_op_abc(fs, OP_LD2, dst, addr, c); return;
    case K_SLICE: cg_op_abc(fs, OP_LD3, dst, addr, c); return;
    case K_STRUCT: case K_ARRAY: {
        int src = addr;
        if (c) {
            src = ptr_temp(fs);
            cg_op_abc(fs, OP_ADDP, src, addr, c);
        }
        int tr = type_reg(fs, t);
        cg_op_abc(fs, OP_TCLONE, dst, src, tr);
        cg_rfree_n(fs, tr, 1);
        if (src != addr) cg_rfree_n(fs, src, 1);
        return;
    }
    default:
        cg_unsupported(fs, srcpos_make(0, fs->line, 0), "loading %s", cg_kind_words(t));
    }
}

/* Stores src (type t) at R[addr] + off. */
static void store_off(fstate *fs, gtype *t, int addr, size_t off, int src) {
    if (off > 255) {
        int p = ptr_temp(fs);
        emit_x(fs, OP_ADDPX, p, addr, 0, (uint32_t)off);
        store_off(fs, t, p, 0, src);
        cg_rfree_n(fs, p, 1);
        return;
    }
    gtype *u = U(t);
    int c = (int)off;
    switch (u->kind) {
    case K_BOOL: case K_UINT8: case K_INT8: cg_op_abc(fs, OP_ST8, addr, src, c); return;
    case K_INT16: case K_UINT16: cg_op_abc(fs, OP_ST16, addr, src, c); return;
    case K_INT32: case K_UINT32: cg_op_abc(fs, OP_ST32, addr, src, c); return;
    case K_FLOAT32: cg_op_abc(fs, OP_STF32, addr, src, c); return;
    case K_INT: case K_INT64: case K_UINT: case K_UINT64: case K_UINTPTR: case K_FLOAT64:
        cg_op_abc(fs, OP_ST64, addr, src, c);
        return;
    case K_POINTER: case K_MAP: case K_CHAN: case K_FUNC: case K_UNSAFEPTR:
        cg_op_abc(fs, OP_STP, addr, src, c);
        return;
    case K_STRING: cg_op_abc(fs, OP_STSTR, addr, src, c); return;
    case K_INTERFACE: cg_op_abc(fs, OP_STIFACE, addr, src, c); return;
    case K_SLICE: cg_op_abc(fs, OP_STSLICE, addr, src, c); return;
    case K_STRUCT: case K_ARRAY: {
        int dst = addr;
        if (c) {
            dst = ptr_temp(fs);
            cg_op_abc(fs, OP_ADDP, dst, addr, c);
        }
        int tr = type_reg(fs, t);
        cg_op_abc(fs, OP_TCOPY, dst, src, tr);
        cg_rfree_n(fs, tr, 1);
        if (dst != addr) cg_rfree_n(fs, dst, 1);
        return;
    }
    default:
        cg_unsupported(fs, srcpos_make(0, fs->line, 0), "storing %s", cg_kind_words(t));
    }
}

void cg_load_mem(fstate *fs, gtype *t, int dst, int addr) { load_off(fs, t, dst, addr, 0); }
void cg_store_mem(fstate *fs, gtype *t, int addr, int src) { store_off(fs, t, addr, 0, src); }

void cg_zero(fstate *fs, gtype *t, int dst) {
    if (cg_is_aggregate(t)) {
        cg_op_abx(fs, OP_NEW, dst, cg_type_index(fs, t));
        return;
    }
    int n = cg_shape(t, NULL);
    if (n) cg_op_abc(fs, OP_ZERO, dst, n, 0);
}

void cg_copy_aggregate(fstate *fs, gtype *t, int dst, int src) {
    int tr = type_reg(fs, t);
    cg_op_abc(fs, OP_TCLONE, dst, src, tr);
    cg_rfree_n(fs, tr, 1);
}

/* ------------------------------------------------------------------ */
/* addresses                                                           */

static val addr_of(fstate *fs, ast_expr *e);

/* The register holding the address of the aggregate value of e (its
 * own memory when e is addressable, a fresh copy otherwise). */
static val agg_addr(fstate *fs, ast_expr *e) {
    ast_expr *u = unparen(e);
    switch (u->kind) {
    case E_IDENT: case E_SELECTOR: case E_INDEX: case E_STAR:
        if (u->kind != E_IDENT || (u->ident.obj && u->ident.obj->kind == O_VAR)) {
            if (u->kind == E_INDEX && U(u->index.x->type)->kind == K_MAP) break;
            return addr_of(fs, u);
        }
        break;
    default:
        break;
    }
    return cg_eval(fs, e); /* a fresh value: its register is its address */
}

/* Follows a selector's path of embedded fields from the address in
 * *base (type t, or pointer to it when isptr). Returns the offset still
 * to add; *base may be replaced by a temporary (*tmp set). */
static size_t field_path(fstate *fs, gtype *t, const int *index, int n, int *base, bool *tmp) {
    size_t off = 0;
    gtype *cur = t;
    for (int i = 0; i < n; i++) {
        gtype *cu = U(cur);
        if (cu->kind == K_POINTER) {
            /* a pointer on the path: load it (nil checked by the load) */
            int p = ptr_temp(fs);
            if (off > 255) {
                emit_x(fs, OP_ADDPX, p, *base, 0, (uint32_t)off);
                cg_op_abc(fs, OP_LD64, p, p, 0);
            } else {
                cg_op_abc(fs, OP_LD64, p, *base, (int)off);
            }
            if (*tmp) cg_rfree_n(fs, *base, 1);
            *base = p;
            *tmp = true;
            off = 0;
            cur = cu->elem;
            cu = U(cur);
        }
        off += link_offsetof(fs->g->link, cu, index[i]);
        cur = cu->vars[index[i]]->type;
    }
    return off;
}

bool cg_assigned_in_parallel(fstate *fs, ast_expr *e) {
    if (!fs->parallel_lhs) return false;
    e = unparen(e);
    if (e->kind != E_IDENT || !e->ident.obj) return false;
    for (int i = 0; i < fs->parallel_lhs->n; i++) {
        ast_expr *l = unparen(fs->parallel_lhs->v[i]);
        if (l->kind == E_IDENT && l->ident.obj == e->ident.obj) return true;
    }
    return false;
}

/* x.f for a field f: a register with an address and the field's offset
 * from it. */
static val field_base(fstate *fs, ast_expr *e, size_t *offp) {
    ast_expr *x = e->selector.x;
    gtype *xt = x->type;
    lookup_result r = lookup_field_or_method(fs->g->a, xt, true, NULL, e->selector.sel->ident.name);
    if (!r.obj || r.obj->kind != O_VAR)
        cg_unsupported(fs, ast_expr_start(e), "this selector");
    val b;
    gtype *st;
    if (U(xt)->kind == K_POINTER) {
        b = cg_eval(fs, x);
        st = U(xt)->elem;
    } else {
        b = agg_addr(fs, x);
        st = xt;
    }
    int base = b.reg;
    bool tmp = b.temp;
    size_t off = field_path(fs, st, r.index, r.nindex, &base, &tmp);
    if (!tmp && cg_assigned_in_parallel(fs, x)) {
        /* a pointer variable's register may change before the store */
        int c = ptr_temp(fs);
        cg_move(fs, c, base, 1);
        base = c;
        tmp = true;
    }
    *offp = off;
    return (val){base, tmp};
}

/* x.f for a field f: the field's address. */
static val field_addr(fstate *fs, ast_expr *e) {
    size_t off;
    val b = field_base(fs, e, &off);
    int p = ptr_temp(fs);
    if (off > 255) emit_x(fs, OP_ADDPX, p, b.reg, 0, (uint32_t)off);
    else cg_op_abc(fs, OP_ADDP, p, b.reg, (int)off);
    if (b.temp) cg_rfree_n(fs, b.reg, 1);
    return (val){p, true};
}

/* The fast indexed access for a slice of elem: 8 (LDIDX64/STIDX64), 1
 * (LDIDX8/STIDX8) or 0. A store must not need a write barrier. */
static int fast_elem(gtype *elem, bool store) {
    switch (cg_bkind(elem)) {
    case K_INT: case K_INT64: case K_UINT: case K_UINT64: case K_UINTPTR: case K_FLOAT64: return 8;
    case K_POINTER: case K_MAP: return store ? 0 : 8;
    case K_UINT8: case K_BOOL: return 1;
    case K_INT8: return store ? 1 : 0;
    default: return 0;
    }
}

/* a[i] of an array (address in R[base]) or a slice (R[base]:3). */
static val index_addr(fstate *fs, ast_expr *e) {
    ast_expr *x = e->index.x, *ix = e->index.index[0];
    gtype *xu = U(x->type);
    val b;
    bool arr = false;
    gtype *at = NULL;
    if (xu->kind == K_ARRAY) {
        b = agg_addr(fs, x);
        arr = true;
        at = xu;
    } else if (xu->kind == K_POINTER && U(xu->elem)->kind == K_ARRAY) {
        b = cg_eval(fs, x);
        arr = true;
        at = U(xu->elem);
    } else if (xu->kind == K_SLICE) {
        b = cg_eval(fs, x);
    } else {
        cg_unsupported(fs, ast_expr_start(e), "indexing %s", cg_kind_words(x->type));
    }
    val i = cg_eval(fs, ix);
    int p = ptr_temp(fs);
    cg_setline(fs, e->pos);
    if (arr) {
        int k = cg_kpair(fs, (uint64_t)at->len, (uint64_t)tsize(fs, at->elem));
        emit_x(fs, OP_AIDX, p, b.reg, i.reg, (uint32_t)k);
    } else {
        emit_x(fs, OP_IDX, p, b.reg, i.reg, (uint32_t)tsize(fs, xu->elem));
    }
    cg_vfree(fs, i, ix->type);
    if (b.temp) cg_rfree(fs, b.reg, x->type);
    return (val){p, true};
}

/* The address of addressable expression e (or of an aggregate's memory). */
static val addr_of(fstate *fs, ast_expr *e) {
    e = unparen(e);
    switch (e->kind) {
    case E_IDENT: {
        gobj *o = e->ident.obj;
        if (!o || o->kind != O_VAR) break;
        cgvar *v = cg_var(fs, o);
        if (v) {
            if (v->boxed || cg_is_aggregate(o->type)) return (val){v->reg, false};
            cg_unsupported(fs, ast_expr_start(e), "taking the address of this variable");
        }
        int gs = cg_global_slot(fs->g, o);
        if (gs >= 0 && (cg_global_boxed(fs->g, o) || cg_is_aggregate(o->type))) {
            int p = ptr_temp(fs);
            cg_op_abx(fs, OP_GETG, p, gs);
            return (val){p, true};
        }
        cg_unsupported(fs, ast_expr_start(e), "a variable of an enclosing function");
    }
    case E_SELECTOR: return field_addr(fs, e);
    case E_INDEX: return index_addr(fs, e);
    case E_STAR: {
        val p = cg_eval(fs, e->star.x);
        if (!p.temp) {
            int t = ptr_temp(fs);
            cg_move(fs, t, p.reg, 1);
            p = (val){t, true};
        }
        cg_op_abc(fs, OP_NILCHK, p.reg, 0, 0);
        return p;
    }
    case E_COMPOSITE:
        if (cg_is_aggregate(e->type)) return cg_eval(fs, e);
        break;
    default:
        break;
    }
    cg_unsupported(fs, ast_expr_start(e), "taking this address");
}

/* ------------------------------------------------------------------ */
/* composite literals                                                  */

static int field_index(gtype *st, const char *name) {
    gtype *u = U(st);
    for (int i = 0; i < u->nvars; i++)
        if (u->vars[i]->name == name || strcmp(u->vars[i]->name, name) == 0) return i;
    return -1;
}

/* Evaluates element value v for a slot of type t (a literal inside a
 * literal may omit its type; for a pointer element it means &T{...}). */
void cg_check_assignable(fstate *fs, ast_expr *v, gtype *t) {
    (void)fs, (void)v, (void)t; /* conversions: cg_eval_to_type (codegen_func.c) */
}

static val elem_value(fstate *fs, ast_expr *v, gtype *t) {
    /* an aggregate is copied by the store that follows */
    return cg_eval_to_type(fs, v, t);
}

static int64_t const_index(ast_expr *k) {
    int64_t i = 0;
    if (k && k->val) gconst_int64_val(k->val, &i);
    return i;
}

static void composite(fstate *fs, ast_expr *e, int dst) {
    gtype *t = e->type;
    gtype *u = U(t);
    if (u->kind == K_POINTER) {
        /* an elided &T{...} inside an outer literal */
        ast_expr inner = *e;
        inner.type = u->elem;
        composite(fs, &inner, dst);
        return;
    }
    ast_exprs *elts = &e->composite.elts;
    switch (u->kind) {
    case K_STRUCT: {
        int box = ptr_temp(fs);
        cg_op_abx(fs, OP_NEW, box, cg_type_index(fs, t));
        for (int i = 0; i < elts->n; i++) {
            ast_expr *el = elts->v[i], *v = el;
            int fi = i;
            if (el->kind == E_KEYVALUE) {
                fi = field_index(t, el->keyvalue.key->ident.name);
                v = el->keyvalue.value;
            }
            gtype *ft = u->vars[fi]->type;
            val x = elem_value(fs, v, ft);
            store_off(fs, ft, box, link_offsetof(fs->g->link, u, fi), x.reg);
            cg_vfree(fs, x, cg_conv_type(v, ft));
        }
        cg_move(fs, dst, box, 1);
        cg_rfree_n(fs, box, 1);
        return;
    }
    case K_ARRAY: {
        int box = ptr_temp(fs);
        cg_op_abx(fs, OP_NEW, box, cg_type_index(fs, t));
        size_t es = tsize(fs, u->elem);
        int64_t idx = 0;
        for (int i = 0; i < elts->n; i++) {
            ast_expr *el = elts->v[i], *v = el;
            if (el->kind == E_KEYVALUE) {
                idx = const_index(el->keyvalue.key);
                v = el->keyvalue.value;
            }
            val x = elem_value(fs, v, u->elem);
            store_off(fs, u->elem, box, (size_t)idx * es, x.reg);
            cg_vfree(fs, x, cg_conv_type(v, u->elem));
            idx++;
        }
        cg_move(fs, dst, box, 1);
        cg_rfree_n(fs, box, 1);
        return;
    }
    case K_SLICE: {
        int64_t n = 0, idx = 0;
        for (int i = 0; i < elts->n; i++) {
            ast_expr *el = elts->v[i];
            if (el->kind == E_KEYVALUE) idx = const_index(el->keyvalue.key);
            idx++;
            if (idx > n) n = idx;
        }
        static const uint8_t sc2[2] = {SK_SCALAR, SK_SCALAR};
        int lc = cg_alloc_pattern(fs, sc2, 2, 0);
        cg_load_int(fs, lc, n);
        cg_op_abc(fs, OP_MOVE, lc + 1, lc, 0);
        uint8_t spat[3] = {SK_PTR, SK_SCALAR, SK_SCALAR};
        int s = cg_alloc_pattern(fs, spat, 3, 0);
        emit_x(fs, OP_MAKESLICE, s, lc, lc + 1, (uint32_t)cg_type_index(fs, u->elem));
        cg_rfree_n(fs, lc, 2);
        size_t es = tsize(fs, u->elem);
        idx = 0;
        for (int i = 0; i < elts->n; i++) {
            ast_expr *el = elts->v[i], *v = el;
            if (el->kind == E_KEYVALUE) {
                idx = const_index(el->keyvalue.key);
                v = el->keyvalue.value;
            }
            val x = elem_value(fs, v, u->elem);
            store_off(fs, u->elem, s, (size_t)idx * es, x.reg);
            cg_vfree(fs, x, cg_conv_type(v, u->elem));
            idx++;
        }
        cg_move(fs, dst, s, 3);
        cg_rfree_n(fs, s, 3);
        return;
    }
    case K_MAP: {
        int m = ptr_temp(fs);
        int h = cg_rscalar(fs);
        cg_load_int(fs, h, elts->n);
        emit_x(fs, OP_MAKEMAP, m, h, 0, (uint32_t)cg_type_index(fs, t));
        cg_rfree_n(fs, h, 1);
        for (int i = 0; i < elts->n; i++) {
            ast_expr *el = elts->v[i];
            ast_expr *k = el->keyvalue.key, *v = el->keyvalue.value;
            val kv = elem_value(fs, k, u->key);
            val vv = elem_value(fs, v, u->elem);
            uint32_t x = (uint32_t)cg_type_index(fs, t);
            if (cg_is_aggregate(u->key)) x |= MAPX_KEYREF;
            if (cg_bkind(u->key) == K_FLOAT32) x |= MAPX_KEYF32;
            int slot = ptr_temp(fs);
            cg_setline(fs, el->pos);
            emit_x(fs, OP_MAPSET, slot, m, kv.reg, x);
            cg_store_mem(fs, u->elem, slot, vv.reg);
            cg_rfree_n(fs, slot, 1);
            cg_vfree(fs, vv, cg_conv_type(v, u->elem));
            cg_vfree(fs, kv, cg_conv_type(k, u->key));
        }
        cg_move(fs, dst, m, 1);
        cg_rfree_n(fs, m, 1);
        return;
    }
    default:
        cg_unsupported(fs, ast_expr_start(e), "composite literals of %s", cg_kind_words(t));
    }
}

/* ------------------------------------------------------------------ */
/* maps                                                                */

static uint32_t mapx(fstate *fs, gtype *mt) {
    gtype *u = U(mt);
    uint32_t x = (uint32_t)cg_type_index(fs, mt);
    if (cg_is_aggregate(u->key)) x |= MAPX_KEYREF;
    if (cg_bkind(u->key) == K_FLOAT32) x |= MAPX_KEYF32;
    return x;
}

/* m[k] read: the value's address (a zero value when absent) into a temp. */
static int map_get(fstate *fs, ast_expr *e, int okreg) {
    ast_expr *m = e->index.x, *k = e->index.index[0];
    gtype *kt = cg_conv_type(k, U(m->type)->key); /* k is assignable to the key type */
    val mv = cg_eval(fs, m);
    val kv = cg_eval_to_type(fs, k, kt);
    cg_setline(fs, e->pos);
    int p;
    if (okreg >= 0) {
        static const uint8_t pat[2] = {SK_PTR, SK_SCALAR};
        p = cg_alloc_pattern(fs, pat, 2, 0);
        emit_x(fs, OP_MAPGET2, p, mv.reg, kv.reg, mapx(fs, m->type));
        cg_move(fs, okreg, p + 1, 1);
        cg_rfree_n(fs, p + 1, 1);
    } else {
        p = ptr_temp(fs);
        emit_x(fs, OP_MAPGET, p, mv.reg, kv.reg, mapx(fs, m->type));
    }
    cg_vfree(fs, kv, kt);
    cg_vfree(fs, mv, m->type);
    return p;
}

bool cg_data_commaok(fstate *fs, ast_exprs *lhs, ast_expr *rhs, bool define) {
    ast_expr *r = unparen(rhs);
    if (r->kind != E_INDEX || U(r->index.x->type)->kind != K_MAP || lhs->n != 2) return false;
    gtype *vt = U(r->index.x->type)->elem;
    int okr = cg_rscalar(fs);
    int p = map_get(fs, r, okr);
    int v = cg_ralloc(fs, ast_expr_start(rhs), vt);
    cg_load_mem(fs, vt, v, p);
    cg_rfree_n(fs, p, 1);
    int src[2] = {v, okr};
    gtype *ts[2] = {vt, &types_basic[K_BOOL]};
    for (int i = 0; i < 2; i++) {
        ast_expr *l = lhs->v[i];
        if (define && !is_blank_ident(l) && cg_var_reg(fs, l->ident.obj) < 0) cg_declare(fs, l->ident.obj, l->pos);
        place pl = cg_lvalue(fs, l);
        cg_store(fs, pl, src[i], ts[i]);
        cg_place_free(fs, pl);
    }
    cg_rfree(fs, v, vt);
    cg_rfree_n(fs, okr, 1);
    return true;
}

/* ------------------------------------------------------------------ */
/* expressions                                                         */

static void slice_expr(fstate *fs, ast_expr *e, int dst) {
    ast_expr *x = e->slice.x;
    gtype *xu = U(x->type);
    static const uint8_t sc3[3] = {SK_SCALAR, SK_SCALAR, SK_SCALAR};
    uint8_t spat[3] = {SK_PTR, SK_SCALAR, SK_SCALAR};
    int s = cg_alloc_pattern(fs, spat, 3, 0);
    gtype *elem;
    if (xu->kind == K_SLICE) {
        cg_expr_to(fs, x, s);
        elem = xu->elem;
    } else {
        gtype *at = xu->kind == K_POINTER ? U(xu->elem) : xu;
        val b = xu->kind == K_POINTER ? cg_eval(fs, x) : agg_addr(fs, x);
        emit_x(fs, OP_ARRSL, s, b.reg, 0, (uint32_t)at->len);
        if (b.temp) cg_rfree_n(fs, b.reg, 1);
        elem = at->elem;
    }
    int ix = cg_alloc_pattern(fs, sc3, 3, 0);
    if (e->slice.lo) cg_expr_to(fs, e->slice.lo, ix);
    else cg_op_abx(fs, OP_LOADI, ix, 0);
    if (e->slice.hi) cg_expr_to(fs, e->slice.hi, ix + 1);
    else cg_op_abc(fs, OP_MOVE, ix + 1, s + 1, 0);
    uint32_t xw = (uint32_t)cg_type_index(fs, elem);
    if (xu->kind != K_SLICE) xw |= SLICEX_ARR;
    if (e->slice.slice3) {
        cg_expr_to(fs, e->slice.max, ix + 2);
        xw |= SLICEX_3;
    }
    cg_setline(fs, e->pos);
    emit_x(fs, OP_SLICE, dst, s, ix, xw);
    cg_rfree_n(fs, ix, 3);
    cg_rfree_n(fs, s, 3);
}

bool cg_data_expr(fstate *fs, ast_expr *e, int dst) {
    switch (e->kind) {
    case E_IDENT: {
        gobj *o = e->ident.obj;
        if (!o) return false;
        if (o->kind == O_NIL) {
            int n = cg_shape(e->type, NULL);
            if (!n) return false;
            cg_op_abc(fs, OP_ZERO, dst, n, 0);
            return true;
        }
        if (o->kind != O_VAR) return false;
        cgvar *v = cg_var(fs, o);
        bool agg = cg_is_aggregate(o->type);
        if (v && v->boxed) {
            cg_load_mem(fs, o->type, dst, v->reg);
            return true;
        }
        if (v && agg) {
            cg_copy_aggregate(fs, o->type, dst, v->reg);
            return true;
        }
        int gs = v ? -1 : cg_global_slot(fs->g, o);
        if (gs >= 0 && (agg || cg_global_boxed(fs->g, o))) {
            int p = ptr_temp(fs);
            cg_op_abx(fs, OP_GETG, p, gs);
            cg_load_mem(fs, o->type, dst, p);
            cg_rfree_n(fs, p, 1);
            return true;
        }
        return false;
    }
    case E_SELECTOR: {
        gobj *so = e->selector.sel->ident.obj;
        if (!so || so->kind != O_VAR || !so->field) return false;
        size_t off;
        val a = field_base(fs, e, &off);
        load_off(fs, e->type, dst, a.reg, off);
        if (a.temp) cg_rfree_n(fs, a.reg, 1);
        return true;
    }
    case E_INDEX: {
        gtype *xu = U(e->index.x->type);
        if (xu->kind == K_MAP) {
            int p = map_get(fs, e, -1);
            cg_load_mem(fs, e->type, dst, p);
            cg_rfree_n(fs, p, 1);
            return true;
        }
        if (xu->kind == K_STRING) return false;
        int fe = xu->kind == K_SLICE ? fast_elem(xu->elem, false) : 0;
        if (fe) {
            val sv = cg_eval(fs, e->index.x), iv = cg_eval(fs, e->index.index[0]);
            cg_setline(fs, e->pos);
            cg_op_abc(fs, fe == 8 ? OP_LDIDX64 : OP_LDIDX8, dst, sv.reg, iv.reg);
            cg_vfree(fs, iv, e->index.index[0]->type);
            cg_vfree(fs, sv, e->index.x->type);
            return true;
        }
        val a = index_addr(fs, e);
        cg_load_mem(fs, e->type, dst, a.reg);
        cg_rfree_n(fs, a.reg, 1);
        return true;
    }
    case E_SLICE:
        if (U(e->slice.x->type)->kind == K_STRING) return false;
        slice_expr(fs, e, dst);
        return true;
    case E_STAR: {
        val p = cg_eval(fs, e->star.x);
        cg_setline(fs, e->pos);
        cg_load_mem(fs, e->type, dst, p.reg);
        cg_vfree(fs, p, e->star.x->type);
        return true;
    }
    case E_UNARY: {
        if (e->unary.op != T_AND) return false;
        ast_expr *x = unparen(e->unary.x);
        if (x->kind == E_COMPOSITE && !cg_is_aggregate(x->type)) {
            /* &[]T{...}, &map[K]V{...}: a new cell holding the value */
            int cell = ptr_temp(fs);
            cg_op_abx(fs, OP_NEW, cell, cg_type_index(fs, x->type));
            val v = cg_eval(fs, x);
            cg_store_mem(fs, x->type, cell, v.reg);
            cg_vfree(fs, v, x->type);
            cg_move(fs, dst, cell, 1);
            cg_rfree_n(fs, cell, 1);
            return true;
        }
        val a = addr_of(fs, x);
        cg_move(fs, dst, a.reg, 1);
        if (a.temp) cg_rfree_n(fs, a.reg, 1);
        return true;
    }
    case E_COMPOSITE:
        composite(fs, e, dst);
        return true;
    default:
        return false;
    }
}

static bool is_nil(ast_expr *e) {
    e = unparen(e);
    return e->kind == E_IDENT && e->ident.obj && e->ident.obj->kind == O_NIL;
}

bool cg_data_cond(fstate *fs, ast_expr *e, bool jumpif, jlist *out) {
    e = unparen(e);
    if (e->kind != E_BINARY || (e->binary.op != T_EQL && e->binary.op != T_NEQ)) return false;
    ast_expr *x = e->binary.x, *y = e->binary.y;
    bool xnil = is_nil(x), ynil = is_nil(y);
    gtype *u = U(xnil ? y->type : x->type);
    if (!u) return false;
    bool eq = (e->binary.op == T_EQL) == jumpif;
    if ((xnil || ynil) && (u->kind == K_POINTER || u->kind == K_MAP || u->kind == K_SLICE)) {
        ast_expr *a = xnil ? y : x;
        val v = cg_eval(fs, a);
        cg_jl_add(fs, out, cg_emit_abj(fs, eq ? OP_JEQI64K : OP_JNEI64K, v.reg, 0));
        cg_vfree(fs, v, a->type);
        return true;
    }
    if (!xnil && !ynil && u->kind == K_POINTER) {
        val a = cg_eval(fs, x), b = cg_eval(fs, y);
        cg_jl_add(fs, out, cg_emit_abj(fs, eq ? OP_JEQI64 : OP_JNEI64, a.reg, b.reg));
        cg_vfree(fs, b, y->type);
        cg_vfree(fs, a, x->type);
        return true;
    }
    return false;
}

/* == and != on structs, arrays, pointers, maps and slices (with nil). */
bool cg_data_compare(fstate *fs, ast_expr *e, int dst) {
    ast_expr *x = e->binary.x, *y = e->binary.y;
    token op = e->binary.op;
    if (op != T_EQL && op != T_NEQ) return false;
    ast_expr *ux = unparen(x), *uy = unparen(y);
    bool xnil = ux->kind == E_IDENT && ux->ident.obj && ux->ident.obj->kind == O_NIL;
    bool ynil = uy->kind == E_IDENT && uy->ident.obj && uy->ident.obj->kind == O_NIL;
    gtype *t = xnil ? y->type : x->type;
    gtype *u = U(t);
    if (!u) return false;
    switch (u->kind) {
    case K_POINTER: case K_MAP: case K_SLICE: case K_CHAN: case K_FUNC: case K_UNSAFEPTR: {
        if (u->kind != K_POINTER && u->kind != K_CHAN && u->kind != K_UNSAFEPTR && !xnil && !ynil) return false;
        ast_expr *a = xnil ? y : x, *b = xnil ? x : y;
        val va = cg_eval(fs, a);
        int zb;
        val vb = {-1, false};
        if (xnil || ynil) {
            zb = cg_rscalar(fs);
            cg_op_abx(fs, OP_LOADI, zb, 0);
        } else {
            vb = cg_eval(fs, b);
            zb = vb.reg;
        }
        cg_op_abc(fs, op == T_EQL ? OP_EQI64 : OP_NEI64, dst, va.reg, zb);
        if (xnil || ynil) cg_rfree_n(fs, zb, 1);
        else cg_vfree(fs, vb, b->type);
        cg_vfree(fs, va, a->type);
        return true;
    }
    case K_STRUCT: case K_ARRAY: {
        val va = agg_addr(fs, x), vb = agg_addr(fs, y);
        int r = cg_rscalar(fs);
        cg_op_abx(fs, OP_LOADT, r, cg_type_index(fs, t));
        cg_setline(fs, e->pos);
        cg_op_abc(fs, OP_TEQ, r, va.reg, vb.reg);
        if (op == T_NEQ) cg_op_abc(fs, OP_NOT, dst, r, 0);
        else cg_move(fs, dst, r, 1);
        cg_rfree_n(fs, r, 1);
        if (vb.temp) cg_rfree_n(fs, vb.reg, 1);
        if (va.temp) cg_rfree_n(fs, va.reg, 1);
        return true;
    }
    default:
        return false;
    }
}

/* ------------------------------------------------------------------ */
/* built-ins                                                           */

static void append_call(fstate *fs, ast_expr *e, int dst) {
    ast_exprs *args = &e->call.args;
    ast_expr *s0 = args->v[0];
    gtype *st = e->type;
    gtype *elem = U(st)->elem;
    uint8_t spat[3] = {SK_PTR, SK_SCALAR, SK_SCALAR};
    int s = cg_alloc_pattern(fs, spat, 3, 0);
    cg_expr_to(fs, s0, s);
    uint32_t ti = (uint32_t)cg_type_index(fs, elem);
    if (e->call.dots) {
        ast_expr *t = args->v[1];
        val tv = cg_eval(fs, t);
        cg_setline(fs, e->pos);
        emit_x(fs, OP_APPENDSL, s, tv.reg, 0, ti);
        cg_vfree(fs, tv, t->type);
    } else if (args->n > 1) {
        int n = args->n - 1;
        /* the values first (they may read s), then grow, then store */
        val *vals = arena_alloc(fs->g->a, sizeof *vals * (size_t)n);
        for (int i = 0; i < n; i++) vals[i] = elem_value(fs, args->v[i + 1], elem);
        static const uint8_t sc2[2] = {SK_SCALAR, SK_SCALAR};
        int c = cg_alloc_pattern(fs, sc2, 2, 0);
        cg_op_abc(fs, OP_MOVE, c, s + 1, 0); /* the old length */
        cg_load_int(fs, c + 1, n);
        cg_setline(fs, e->pos);
        emit_x(fs, OP_GROW, s, c + 1, 0, ti);
        int p = ptr_temp(fs);
        size_t es = tsize(fs, elem);
        for (int i = 0; i < n; i++) {
            emit_x(fs, OP_IDX, p, s, c, (uint32_t)es);
            cg_store_mem(fs, elem, p, vals[i].reg);
            if (i + 1 < n) cg_op_abc(fs, OP_ADDI64K, c, c, 1);
        }
        cg_rfree_n(fs, p, 1);
        cg_rfree_n(fs, c, 2);
        for (int i = n - 1; i >= 0; i--) cg_vfree(fs, vals[i], cg_conv_type(args->v[i + 1], elem));
    }
    cg_move(fs, dst, s, 3);
    cg_rfree_n(fs, s, 3);
}

bool cg_data_builtin(fstate *fs, ast_expr *e, int dst, int id) {
    ast_exprs *args = &e->call.args;
    switch (id) {
    case B_LEN:
    case B_CAP: {
        ast_expr *x = args->v[0];
        gtype *u = U(x->type);
        if (u->kind == K_SLICE) {
            val v = cg_eval(fs, x);
            cg_op_abc(fs, OP_MOVE, dst, v.reg + (id == B_LEN ? 1 : 2), 0);
            cg_vfree(fs, v, x->type);
            return true;
        }
        if (u->kind == K_MAP && id == B_LEN) {
            val v = cg_eval(fs, x);
            cg_op_abc(fs, OP_MAPLEN, dst, v.reg, 0);
            cg_vfree(fs, v, x->type);
            return true;
        }
        if (u->kind == K_ARRAY || (u->kind == K_POINTER && U(u->elem)->kind == K_ARRAY)) {
            /* not constant: the operand has calls; evaluate it for them */
            gtype *at = u->kind == K_ARRAY ? u : U(u->elem);
            val v = cg_eval(fs, x);
            cg_vfree(fs, v, x->type);
            cg_load_int(fs, dst, at->len);
            return true;
        }
        return false;
    }
    case B_NEW: {
        gtype *t = args->v[0]->type;
        cg_op_abx(fs, OP_NEW, dst, cg_type_index(fs, t));
        return true;
    }
    case B_MAKE: {
        gtype *t = args->v[0]->type;
        gtype *u = U(t);
        if (u->kind == K_SLICE) {
            static const uint8_t sc2[2] = {SK_SCALAR, SK_SCALAR};
            int lc = cg_alloc_pattern(fs, sc2, 2, 0);
            cg_expr_to(fs, args->v[1], lc);
            if (args->n > 2) cg_expr_to(fs, args->v[2], lc + 1);
            else cg_op_abc(fs, OP_MOVE, lc + 1, lc, 0);
            cg_setline(fs, e->pos);
            emit_x(fs, OP_MAKESLICE, dst, lc, lc + 1, (uint32_t)cg_type_index(fs, u->elem));
            cg_rfree_n(fs, lc, 2);
            return true;
        }
        if (u->kind == K_MAP) {
            int h = cg_rscalar(fs);
            if (args->n > 1) cg_expr_to(fs, args->v[1], h);
            else cg_op_abx(fs, OP_LOADI, h, 0);
            cg_setline(fs, e->pos);
            emit_x(fs, OP_MAKEMAP, dst, h, 0, (uint32_t)cg_type_index(fs, t));
            cg_rfree_n(fs, h, 1);
            return true;
        }
        return false;
    }
    case B_APPEND:
        append_call(fs, e, dst);
        return true;
    case B_COPY: {
        ast_expr *d = args->v[0], *s = args->v[1];
        val dv = cg_eval(fs, d), sv = cg_eval(fs, s);
        uint32_t x = (uint32_t)cg_type_index(fs, U(d->type)->elem);
        if (cg_bkind(s->type) == K_STRING) x |= COPYX_STR;
        int r = dst;
        bool tmp = false;
        if (r < 0) { /* a statement: the count goes nowhere */
            r = cg_rscalar(fs);
            tmp = true;
        }
        emit_x(fs, OP_COPYSL, r, dv.reg, sv.reg, x);
        if (tmp) cg_rfree_n(fs, r, 1);
        cg_vfree(fs, sv, s->type);
        cg_vfree(fs, dv, d->type);
        return true;
    }
    case B_DELETE: {
        ast_expr *m = args->v[0], *k = args->v[1];
        gtype *kt = cg_conv_type(k, U(m->type)->key);
        val mv = cg_eval(fs, m), kv = cg_eval_to_type(fs, k, kt);
        emit_x(fs, OP_MAPDEL, mv.reg, kv.reg, 0, mapx(fs, m->type));
        cg_vfree(fs, kv, kt);
        cg_vfree(fs, mv, m->type);
        return true;
    }
    default:
        return false;
    }
}

bool cg_data_conversion(fstate *fs, ast_expr *e, int dst) {
    gtype *to = U(e->type);
    ast_expr *x = e->call.args.v[0];
    gtype *from = U(x->type);
    if (!to || !from) return false;
    if (to->kind == K_SLICE && from->kind == K_STRING) {
        gkind ek = cg_bkind(to->elem);
        val v = cg_eval(fs, x);
        cg_op_abc(fs, ek == K_UINT8 ? OP_STR2BYTES : OP_STR2RUNES, dst, v.reg, 0);
        cg_vfree(fs, v, x->type);
        return true;
    }
    if (to->kind == K_STRING && from->kind == K_SLICE) {
        gkind ek = cg_bkind(from->elem);
        val v = cg_eval(fs, x);
        cg_op_abc(fs, ek == K_UINT8 ? OP_BYTES2STR : OP_RUNES2STR, dst, v.reg, 0);
        cg_vfree(fs, v, x->type);
        return true;
    }
    if (to->kind == from->kind &&
        (to->kind == K_POINTER || to->kind == K_SLICE || to->kind == K_MAP || to->kind == K_STRUCT ||
         to->kind == K_ARRAY)) {
        cg_expr_to(fs, x, dst); /* same representation */
        return true;
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* places                                                              */

bool cg_data_lvalue(fstate *fs, ast_expr *lhs, place *out) {
    lhs = unparen(lhs);
    place p = pl_blank();
    p.blank = false;
    switch (lhs->kind) {
    case E_IDENT: {
        gobj *o = lhs->ident.obj;
        if (!o || o->kind != O_VAR) return false;
        cgvar *v = cg_var(fs, o);
        bool agg = cg_is_aggregate(o->type);
        if (v && (v->boxed || agg)) {
            p.kind = PL_MEM;
            p.addr = v->reg;
            p.temp = false;
            *out = p;
            return true;
        }
        int gs = v ? -1 : cg_global_slot(fs->g, o);
        if (gs >= 0 && (agg || cg_global_boxed(fs->g, o))) {
            p.kind = PL_MEM;
            p.addr = ptr_temp(fs);
            cg_op_abx(fs, OP_GETG, p.addr, gs);
            p.temp = true;
            *out = p;
            return true;
        }
        return false;
    }
    case E_INDEX:
        if (U(lhs->index.x->type)->kind == K_MAP) {
            ast_expr *m = lhs->index.x, *k = lhs->index.index[0];
            val mv = cg_eval(fs, m);
            int mr = mv.reg;
            if (!mv.temp) {
                mr = ptr_temp(fs);
                cg_move(fs, mr, mv.reg, 1);
            }
            gtype *kt = cg_conv_type(k, U(m->type)->key);
            int kr = cg_ralloc(fs, ast_expr_start(k), kt);
            cg_expr_to_type(fs, k, kr, kt);
            p.kind = PL_MAP;
            p.addr = mr;
            p.key = kr;
            p.keyt = kt;
            p.maptype = m->type;
            p.temp = true;
            *out = p;
            return true;
        }
        if (U(lhs->index.x->type)->kind == K_SLICE && fast_elem(U(lhs->index.x->type)->elem, true)) {
            ast_expr *x = lhs->index.x, *ix = lhs->index.index[0];
            val sv = cg_eval(fs, x);
            if (!sv.temp && cg_assigned_in_parallel(fs, x)) {
                int c = cg_ralloc(fs, ast_expr_start(x), x->type);
                cg_move(fs, c, sv.reg, 3);
                sv = (val){c, true};
            }
            val iv = cg_eval(fs, ix);
            if (!iv.temp && cg_assigned_in_parallel(fs, ix)) {
                int c = cg_rscalar(fs);
                cg_move(fs, c, iv.reg, 1);
                iv = (val){c, true};
            }
            p.kind = PL_SIDX;
            p.addr = sv.reg;
            p.temp = sv.temp;
            p.key = iv.reg;
            p.keytemp = iv.temp;
            p.keyt = ix->type;
            p.slt = x->type;
            *out = p;
            return true;
        }
        /* fallthrough */
    case E_SELECTOR:
    case E_STAR: {
        if (lhs->kind == E_SELECTOR) {
            gobj *so = lhs->selector.sel->ident.obj;
            if (!so || so->kind != O_VAR || !so->field) return false;
            size_t off;
            val b = field_base(fs, lhs, &off);
            p.kind = PL_MEM;
            p.addr = b.reg;
            p.temp = b.temp;
            p.off = (int)off;
            *out = p;
            return true;
        }
        val a = addr_of(fs, lhs);
        p.kind = PL_MEM;
        p.addr = a.reg;
        p.temp = a.temp;
        *out = p;
        return true;
    }
    default:
        return false;
    }
}

/* Stores to a PL_MEM or PL_MAP place. */
void cg_data_store(fstate *fs, place p, int src, gtype *t) {
    if (p.kind == PL_MEM) {
        store_off(fs, t, p.addr, (size_t)p.off, src);
        return;
    }
    if (p.kind == PL_SIDX) {
        int fe = fast_elem(U(p.slt)->elem, true);
        cg_op_abc(fs, fe == 8 ? OP_STIDX64 : OP_STIDX8, p.addr, p.key, src);
        return;
    }
    /* PL_MAP: the slot (inserted if absent), then the value */
    int slot = ptr_temp(fs);
    emit_x(fs, OP_MAPSET, slot, p.addr, p.key, mapx(fs, p.maptype));
    cg_store_mem(fs, t, slot, src);
    cg_rfree_n(fs, slot, 1);
}

/* Loads the current value of a PL_MEM or PL_MAP place (for op= and ++). */
void cg_data_load_place(fstate *fs, place p, int dst, gtype *t) {
    if (p.kind == PL_MEM) {
        load_off(fs, t, dst, p.addr, (size_t)p.off);
        return;
    }
    if (p.kind == PL_SIDX) {
        int fe = fast_elem(U(p.slt)->elem, false);
        if (fe) {
            cg_op_abc(fs, fe == 8 ? OP_LDIDX64 : OP_LDIDX8, dst, p.addr, p.key);
        } else { /* int8: a byte store, a sign-extending load */
            int a = ptr_temp(fs);
            emit_x(fs, OP_IDX, a, p.addr, p.key, 1);
            cg_load_mem(fs, t, dst, a);
            cg_rfree_n(fs, a, 1);
        }
        return;
    }
    int slot = ptr_temp(fs);
    emit_x(fs, OP_MAPGET, slot, p.addr, p.key, mapx(fs, p.maptype));
    cg_load_mem(fs, t, dst, slot);
    cg_rfree_n(fs, slot, 1);
}

void cg_place_free(fstate *fs, place p) {
    if (p.kind == PL_SIDX) {
        if (p.keytemp) cg_rfree(fs, p.key, p.keyt);
        if (p.temp) cg_rfree_n(fs, p.addr, 3);
        return;
    }
    if (!p.temp) return;
    if (p.kind == PL_MEM) cg_rfree_n(fs, p.addr, 1);
    if (p.kind == PL_MAP) {
        cg_rfree_n(fs, p.addr, 1);
        cg_rfree(fs, p.key, p.keyt);
    }
}

/* ------------------------------------------------------------------ */
/* range                                                               */

/* The places of a range statement's key and value (declared when :=). */
static void range_places(fstate *fs, ast_stmt *s, place *pk, place *pv) {
    *pk = pl_blank();
    *pv = pl_blank();
    if (s->range.op == T_DEFINE) {
        if (s->range.key && !is_blank_ident(s->range.key)) {
            cg_declare(fs, s->range.key->ident.obj, s->range.key->pos);
            *pk = cg_lvalue(fs, s->range.key);
        }
        if (s->range.value && !is_blank_ident(s->range.value)) {
            cg_declare(fs, s->range.value->ident.obj, s->range.value->pos);
            *pv = cg_lvalue(fs, s->range.value);
        }
    } else {
        if (s->range.key) *pk = cg_lvalue(fs, s->range.key);
        if (s->range.value) *pv = cg_lvalue(fs, s->range.value);
    }
}

bool cg_data_range(fstate *fs, ast_stmt *s, const char *label) {
    ast_expr *x = s->range.x;
    gtype *xu = U(x->type);
    if (!xu) return false;
    bool isarr = xu->kind == K_ARRAY, isparr = xu->kind == K_POINTER && U(xu->elem)->kind == K_ARRAY;
    if (!isarr && !isparr && xu->kind != K_SLICE && xu->kind != K_MAP) return false;
    int nvars = fs->nvars;
    bool wantv = s->range.value && !is_blank_ident(s->range.value);
    target t = {fs->targets, s, label, true, {0}, {0}};

    if (xu->kind == K_MAP) {
        val m = cg_eval(fs, x);
        int it = ptr_temp(fs);
        cg_op_abc(fs, OP_MAPITER, it, m.reg, 0);
        cg_vfree(fs, m, x->type);
        static const uint8_t pp[2] = {SK_PTR, SK_PTR};
        int kv = cg_alloc_pattern(fs, pp, 2, 0);
        place pk, pv;
        range_places(fs, s, &pk, &pv);
        fs->targets = &t;
        int top = fs->ncode;
        cg_op_abc(fs, OP_MAPNEXT, kv, it, 0);
        jlist out = {0};
        cg_jl_add(fs, &out, cg_emit_abj(fs, OP_JEQI64K, kv, 0));
        if (!pk.blank) {
            int r = cg_ralloc(fs, s->pos, xu->key);
            cg_load_mem(fs, xu->key, r, kv);
            cg_store(fs, pk, r, xu->key);
            cg_rfree(fs, r, xu->key);
        }
        if (!pv.blank && cg_is_aggregate(xu->elem) && pv.kind == PL_MEM) {
            cg_store(fs, pv, kv + 1, xu->elem); /* copied in place */
        } else if (!pv.blank) {
            int r = cg_ralloc(fs, s->pos, xu->elem);
            cg_load_mem(fs, xu->elem, r, kv + 1);
            cg_store(fs, pv, r, xu->elem);
            cg_rfree(fs, r, xu->elem);
        }
        cg_stmt(fs, s->range.body);
        cg_patch_here(fs, &t.cont);
        cg_jmp_to(fs, top);
        cg_patch_here(fs, &out);
        cg_patch_here(fs, &t.brk);
        fs->targets = t.up;
        cg_place_free(fs, pv);
        cg_place_free(fs, pk);
        for (int i = nvars; i < fs->nvars; i++) cg_rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
        fs->nvars = nvars;
        cg_rfree_n(fs, kv, 2);
        cg_rfree_n(fs, it, 1);
        return true;
    }

    /* arrays, pointers to arrays, slices: the operand once, then an index */
    uint8_t spat[3] = {SK_PTR, SK_SCALAR, SK_SCALAR};
    int sl = cg_alloc_pattern(fs, spat, 3, 0);
    gtype *elem;
    if (xu->kind == K_SLICE) {
        cg_expr_to(fs, x, sl);
        elem = xu->elem;
    } else {
        gtype *at = isarr ? xu : U(xu->elem);
        elem = at->elem;
        if (isarr) {
            if (wantv) {
                /* the range ranges over a copy of the array */
                cg_expr_to(fs, x, sl);
            } else {
                val v = cg_eval(fs, x);
                cg_vfree(fs, v, x->type);
                cg_op_abx(fs, OP_LOADI, sl, 0);
            }
            cg_load_int(fs, sl + 1, at->len);
        } else {
            cg_expr_to(fs, x, sl);
            cg_load_int(fs, sl + 1, at->len);
            if (wantv) cg_op_abc(fs, OP_NILCHK, sl, 0, 0);
        }
    }
    static const uint8_t sc1[1] = {SK_SCALAR};
    int i = cg_alloc_pattern(fs, sc1, 1, 0);
    cg_op_abx(fs, OP_LOADI, i, 0);
    place pk, pv;
    range_places(fs, s, &pk, &pv);
    fs->targets = &t;
    int jtest = cg_emit_jmp(fs);
    int top = fs->ncode;
    if (!pk.blank) cg_store(fs, pk, i, &types_basic[K_INT]);
    if (!pv.blank) {
        int fe = fast_elem(elem, false);
        if (fe && pv.kind == PL_REG) {
            cg_op_abc(fs, fe == 8 ? OP_LDIDX64 : OP_LDIDX8, pv.reg, sl, i);
        } else {
            int p = ptr_temp(fs);
            emit_x(fs, OP_IDX, p, sl, i, (uint32_t)tsize(fs, elem));
            if (cg_is_aggregate(elem) && pv.kind == PL_MEM) {
                cg_store(fs, pv, p, elem); /* copied in place */
            } else {
                int r = cg_ralloc(fs, s->pos, elem);
                cg_load_mem(fs, elem, r, p);
                cg_store(fs, pv, r, elem);
                cg_rfree(fs, r, elem);
            }
            cg_rfree_n(fs, p, 1);
        }
    }
    cg_stmt(fs, s->range.body);
    cg_patch_here(fs, &t.cont);
    cg_op_abc(fs, OP_ADDI64K, i, i, 1);
    cg_patch(fs, jtest, fs->ncode);
    cg_patch(fs, cg_emit_abj(fs, OP_JLTI64, i, sl + 1), top);
    cg_patch_here(fs, &t.brk);
    fs->targets = t.up;
    cg_place_free(fs, pv);
    cg_place_free(fs, pk);
    for (int k = nvars; k < fs->nvars; k++) cg_rfree(fs, fs->vars[k].reg, fs->vars[k].o->type);
    fs->nvars = nvars;
    cg_rfree_n(fs, i, 1);
    cg_rfree_n(fs, sl, 3);
    return true;
}
