/*
 * codegen_chan.c: go statements, channels and select.
 *
 * `go f(x)` is generated as the call f(x) would be — the function value
 * or method and the arguments evaluated in the calling goroutine, into a
 * call area — and then the call instruction itself is rewritten: CALL
 * becomes GO, CALLV GOV and ICALL GOI, with the same operands (a
 * native's CALLN becomes a GO of a NATIVEFN trampoline). So every
 * kind of callee a call handles (a function, a closure, a method value,
 * a method through an interface, variadic packaging, f(g())) is a go
 * target for free, and the interpreter (vmgo.c) copies the parameters
 * into the new goroutine's heap block. Each function gets that block's
 * type here (cg_go_types), from its pointer bitmap.
 *
 * Channel values are one pointer slot (the runtime's gort_chan). SEND,
 * RECV, CLOSE, CHANLEN and CHANCAP name the element type by its type
 * table index, so the interpreter can move values between their register
 * form and the channel's memory form. A receive is an expression
 * (`<-c`), a statement (the value dropped), a comma-ok assignment
 * (`v, ok := <-c`) or a range loop (receive until closed).
 *
 * select evaluates, in source order, every case's channel and every
 * value to send into registers, then runs SELECT, whose constant names
 * a vmselect descriptor (arena memory, immutable: which registers hold
 * what). SELECT leaves the chosen case's index (-1: default) in a
 * register, and the clauses follow as a chain of compare-and-branch on
 * it; a receiving clause first assigns the value and ok it received.
 *
 * Rejected: a GO opcode that takes a function value only (a static call
 * or a method call would first need a closure allocated just to be
 * called once); evaluating a select's sends lazily in the chosen clause
 * (Go evaluates them all on entry, in order, exactly once).
 */
#include <setjmp.h>
#include <string.h>

#include "codegen_int.h"
#include "natives.h"

#define U(t) under(default_type(t))

/* ------------------------------------------------------------------ */
/* go                                                                  */

void cg_go_types(gen *g, vmfunc **funcs, int n) {
    for (int i = 0; i < n; i++) {
        vmfunc *f = funcs[i];
        size_t words = 3 + (size_t)f->nparams;
        gort_type *t = ARENA_NEW(g->a, gort_type);
        memset(t, 0, sizeof *t);
        uint8_t *mask = ARENA_ARRAY(g->a, uint8_t, words / 8 + 1);
        memset(mask, 0, words / 8 + 1);
        mask[0] = 1; /* the closure */
        for (size_t k = 0; k < f->nparams; k++)
            if (f->ptrmap[k / 8] & (1u << (k % 8))) mask[(k + 3) / 8] |= (uint8_t)(1u << ((k + 3) % 8));
        t->size = 8 * words;
        t->align = 8;
        t->ptrwords = words;
        t->ptrmask = mask;
        t->name = "runtime.vmgo";
        t->kind = GORT_KIND_STRUCT;
        f->gotype = t;
        /* the defer record (interp.h, vmdefer): link, closure, vmfunc,
         * started, then the parameters */
        words = 4 + (size_t)f->nparams;
        t = ARENA_NEW(g->a, gort_type);
        memset(t, 0, sizeof *t);
        mask = ARENA_ARRAY(g->a, uint8_t, words / 8 + 1);
        memset(mask, 0, words / 8 + 1);
        mask[0] = 0x3;
        for (size_t k = 0; k < f->nparams; k++)
            if (f->ptrmap[k / 8] & (1u << (k % 8))) mask[(k + 4) / 8] |= (uint8_t)(1u << ((k + 4) % 8));
        t->size = 8 * words;
        t->align = 8;
        t->ptrwords = words;
        t->ptrmask = mask;
        t->name = "runtime._defer";
        t->kind = GORT_KIND_STRUCT;
        f->defertype = t;
    }
}

/* `go fmt.Println(...)`: a two-instruction function, NATIVEFN; RET,
 * that runs native ni on its parameters (natives.c makes the same kind
 * for native methods), so the goroutine runs it like any VM function. */
static int native_trampoline(fstate *fs, ast_expr *call, uint32_t ni) {
    gen *g = fs->g;
    gtype *sig = cg_call_sig(call);
    uint8_t pat[VM_MAX_SLOTS];
    int np;
    int nr = sig->recv ? cg_need_shape(fs, ast_expr_start(call), sig->recv->type, pat) : 0;
    int n = cg_call_pattern(fs, call, sig, pat, nr, &np);
    int fi = g->nfuncs;
    cg_native_trampoline(fs, g->natives[ni], pat, np, n, ast_expr_start(call));
    return fi;
}

void cg_go_stmt(fstate *fs, ast_stmt *s) {
    ast_expr *x = unparen(s->call.call);
    ast_expr *fun = unparen(x->call.fun);
    if (fun->mode == M_BUILTIN || fun->mode == M_TYPEXPR) cg_unsupported(fs, s->pos, "go with a built-in function");
    int np;
    int base = cg_call(fs, x, &np);
    uint32_t *w = &fs->code[fs->ncode - 1];
    int op;
    switch (INS_OP(*w)) {
    case OP_CALL: op = OP_GO; break;
    case OP_CALLV: op = OP_GOV; break;
    case OP_ICALL: op = OP_GOI; break;
    case OP_CALLN:
        *w = MK_ABX(OP_GO, INS_A(*w), native_trampoline(fs, x, INS_BX(*w)));
        op = -1;
        break;
    default: cg_unsupported(fs, s->pos, "go with this function");
    }
    if (op >= 0) *w = (*w & ~(uint32_t)0xff) | (uint32_t)op;
    gtype *rs = cg_call_sig(x)->results;
    int n = 0;
    for (int i = 0; i < rs->nvars; i++) n += cg_shape(rs->vars[i]->type, NULL);
    cg_rfree_n(fs, base, np + n);
}

/* `defer close(ch)`, `defer println(x)`, `defer panic(v)`: a built-in
 * has no function to record, so it gets one, as Go's compiler makes
 * main.f.deferwrapN: its parameters are the arguments (evaluated at the
 * defer statement), its body the built-in's call on them. Returns the
 * function's index; *np its parameter slots, which the caller fills. */
static int builtin_wrapper(fstate *fs, ast_expr *call, int *np) {
    gen *g = fs->g;
    ast_exprs *args = &call->call.args;
    ast_expr *fun = unparen(call->call.fun);
    int id = fun->ident.obj->builtin;
    int fi = g->nfuncs;
    const char *name = arena_printf(g->a, "%s.deferwrap%d", fs->f->name, ++fs->ndeferwraps);
    vmfunc *f = cg_new_func(g, NULL, name, ast_expr_start(call));
    fstate w;
    cg_fstate_init(&w, g, f);
    if (setjmp(w.fail)) {
        cg_fstate_free(&w);
        longjmp(fs->fail, 1);
    }
    w.line = fs->line;
    ast_expr *nc = arena_alloc(g->a, sizeof *nc);
    *nc = *call;
    nc->call.args.v = ARENA_ARRAY(g->a, ast_expr *, args->n > 0 ? args->n : 1);
    nc->call.args.n = args->n;
    for (int i = 0; i < args->n; i++) {
        gtype *t = id == B_PANIC ? universe_shared()->any : default_type(args->v[i]->type);
        uint8_t pat[CG_MAX_SHAPE];
        int k = cg_need_shape(&w, ast_expr_start(args->v[i]), t, pat);
        int r = cg_alloc_pattern(&w, pat, k, w.nslots);
        gobj *o = obj_new(g->a, O_VAR, "~arg", t, args->v[i]->pos);
        cg_var_bind(&w, o, r);
        ast_expr *id_ = arena_alloc(g->a, sizeof *id_);
        memset(id_, 0, sizeof *id_);
        id_->kind = E_IDENT;
        id_->mode = M_VAR;
        id_->pos = args->v[i]->pos;
        id_->type = t;
        id_->ident.name = o->name;
        id_->ident.obj = o;
        nc->call.args.v[i] = id_;
    }
    f->nparams = (uint16_t)w.nslots;
    /* `defer recover()`: recover is then the deferred function, not
     * called by one, and never stops a panic (Go's rule) */
    if (id != B_RECOVER) cg_builtin_call(&w, nc, -1, id);
    cg_op_abc(&w, OP_RET, f->nparams, 0, 0);
    cg_fstate_finish(&w);
    cg_fstate_free(&w);
    /* the arguments, into a call area shaped like its parameters */
    uint8_t pat[VM_MAX_SLOTS];
    int n = 0;
    for (int i = 0; i < f->nparams; i++) pat[n++] = (f->ptrmap[i / 8] & (1u << (i % 8))) ? SK_PTR : SK_SCALAR;
    int base = cg_alloc_pattern(fs, pat, n, cg_top_busy(fs));
    int off = base;
    for (int i = 0; i < args->n; i++) {
        gtype *t = nc->call.args.v[i]->type;
        cg_expr_to_type(fs, args->v[i], off, t);
        off += cg_shape(t, NULL);
    }
    *np = n;
    return base | fi << 16;
}

void cg_defer_stmt(fstate *fs, ast_stmt *s) {
    ast_expr *x = unparen(s->call.call);
    ast_expr *fun = unparen(x->call.fun);
    if (fun->mode == M_TYPEXPR) cg_unsupported(fs, s->pos, "defer of a conversion");
    if (fun->mode == M_BUILTIN) {
        int np;
        int r = builtin_wrapper(fs, x, &np);
        int base = r & 0xffff;
        cg_setline(fs, s->pos);
        cg_op_abx(fs, OP_DEFER, base, r >> 16);
        cg_rfree_n(fs, base, np);
        return;
    }
    int np;
    int base = cg_call(fs, x, &np);
    uint32_t *w = &fs->code[fs->ncode - 1];
    int op;
    switch (INS_OP(*w)) {
    case OP_CALL: op = OP_DEFER; break;
    case OP_CALLV: op = OP_DEFERV; break;
    case OP_ICALL: op = OP_DEFERI; break;
    case OP_CALLN:
        *w = MK_ABX(OP_DEFER, INS_A(*w), native_trampoline(fs, x, INS_BX(*w)));
        op = -1;
        break;
    default: cg_unsupported(fs, s->pos, "defer with this function");
    }
    if (op >= 0) *w = (*w & ~(uint32_t)0xff) | (uint32_t)op;
    gtype *rs = cg_call_sig(x)->results;
    int n = 0;
    for (int i = 0; i < rs->nvars; i++) n += cg_shape(rs->vars[i]->type, NULL);
    cg_rfree_n(fs, base, np + n);
}

/* ------------------------------------------------------------------ */
/* send, receive, close, len, cap, make                               */

enum { RECVX_OK = 1 << 24, RECVX_DISCARD = 1 << 25 };

static int emit_x(fstate *fs, int op, int a, int b, int c, uint32_t x) {
    int at = cg_op_abc(fs, op, a, b, c);
    cg_emit(fs, x);
    return at;
}

void cg_send_stmt(fstate *fs, ast_stmt *s) {
    gtype *et = U(s->send.ch->type)->elem;
    val ch = cg_eval(fs, s->send.ch);
    val v = cg_eval_to_type(fs, s->send.value, et);
    cg_setline(fs, s->pos);
    emit_x(fs, OP_SEND, ch.reg, v.reg, 0, (uint32_t)cg_type_index(fs, et));
    cg_vfree(fs, v, cg_conv_type(s->send.value, et));
    cg_vfree(fs, ch, s->send.ch->type);
}

/* <-e.x into dst (dst < 0: the value is dropped); ok into okr when
 * okr >= 0. */
static void recv(fstate *fs, ast_expr *e, int dst, int okr) {
    ast_expr *ch = e->unary.x;
    gtype *et = U(ch->type)->elem;
    val c = cg_eval(fs, ch);
    uint32_t x = (uint32_t)cg_type_index(fs, et);
    if (x > 0xffffff) cg_toolarge(fs, e->pos, "type table");
    if (okr >= 0) x |= RECVX_OK;
    if (dst < 0) x |= RECVX_DISCARD;
    cg_setline(fs, e->pos);
    emit_x(fs, OP_RECV, dst < 0 ? 0 : dst, c.reg, okr < 0 ? 0 : okr, x);
    cg_vfree(fs, c, ch->type);
}

bool cg_chan_expr(fstate *fs, ast_expr *e, int dst) {
    if (e->kind != E_UNARY || e->unary.op != T_ARROW) return false;
    recv(fs, e, dst, -1);
    return true;
}

bool cg_chan_commaok(fstate *fs, ast_exprs *lhs, ast_expr *rhs, bool define) {
    ast_expr *r = unparen(rhs);
    if (r->kind != E_UNARY || r->unary.op != T_ARROW || lhs->n != 2) return false;
    gtype *et = U(r->unary.x->type)->elem;
    /* the left sides' operands first (`*f(), ok = <-g()` calls f, then
     * g), as Go's assignment does; new variables are new objects, so
     * declaring them first cannot change what the right side reads */
    place pl[2];
    for (int i = 0; i < 2; i++) {
        ast_expr *l = lhs->v[i];
        if (define && !is_blank_ident(l) && cg_var_reg(fs, l->ident.obj) < 0) cg_declare(fs, l->ident.obj, l->pos);
        pl[i] = cg_lvalue(fs, l);
    }
    int okr = cg_rscalar(fs);
    int v = cg_ralloc(fs, ast_expr_start(rhs), et);
    recv(fs, r, v, okr);
    int src[2] = {v, okr};
    gtype *ts[2] = {et, &types_basic[K_BOOL]};
    for (int i = 0; i < 2; i++) cg_store(fs, pl[i], src[i], ts[i]);
    cg_rfree(fs, v, et);
    cg_rfree_n(fs, okr, 1);
    cg_place_free(fs, pl[1]);
    cg_place_free(fs, pl[0]);
    return true;
}

bool cg_chan_builtin(fstate *fs, ast_expr *e, int dst, int id) {
    ast_exprs *args = &e->call.args;
    if (args->n < 1) return false;
    gtype *u = U(args->v[0]->type);
    switch (id) {
    case B_CLOSE: {
        val c = cg_eval(fs, args->v[0]);
        cg_setline(fs, e->pos);
        cg_op_abc(fs, OP_CLOSE, c.reg, 0, 0);
        cg_vfree(fs, c, args->v[0]->type);
        return true;
    }
    case B_LEN:
    case B_CAP: {
        if (!u || u->kind != K_CHAN) return false;
        val c = cg_eval(fs, args->v[0]);
        cg_op_abc(fs, id == B_LEN ? OP_CHANLEN : OP_CHANCAP, dst, c.reg, 0);
        cg_vfree(fs, c, args->v[0]->type);
        return true;
    }
    case B_MAKE: {
        if (!u || u->kind != K_CHAN) return false;
        int h = cg_rscalar(fs);
        if (args->n > 1) cg_expr_to(fs, args->v[1], h);
        else cg_op_abx(fs, OP_LOADI, h, 0);
        cg_setline(fs, e->pos);
        emit_x(fs, OP_MAKECHAN, dst, h, 0, (uint32_t)cg_type_index(fs, args->v[0]->type));
        cg_rfree_n(fs, h, 1);
        return true;
    }
    default:
        return false;
    }
}

/* ------------------------------------------------------------------ */
/* range over a channel                                                */

bool cg_chan_range(fstate *fs, ast_stmt *s, const char *label) {
    ast_expr *x = s->range.x;
    gtype *u = U(x->type);
    if (!u || u->kind != K_CHAN) return false;
    int nvars = fs->nvars;
    gtype *et = u->elem;
    target t = {fs->targets, s, label, true, {0}, {0}};
    int ch = cg_rptr(fs);
    cg_expr_to(fs, x, ch);
    int okr = cg_rscalar(fs);
    int v = cg_ralloc(fs, s->pos, et);
    place pk = pl_blank();
    ast_expr *k = s->range.key;
    bool want = k && !is_blank_ident(k);
    if (want && s->range.op == T_DEFINE) cg_declare(fs, k->ident.obj, k->pos);
    if (want) pk = cg_lvalue(fs, k);
    fs->targets = &t;
    int top = fs->ncode;
    cg_setline(fs, s->range.rangepos);
    uint32_t xw = (uint32_t)cg_type_index(fs, et) | RECVX_OK | (want ? 0 : RECVX_DISCARD);
    emit_x(fs, OP_RECV, v, ch, okr, xw);
    jlist out = {0};
    cg_jl_add(fs, &out, cg_emit_abj(fs, OP_JEQI64K, okr, 0));
    if (want) cg_store(fs, pk, v, et);
    cg_stmt(fs, s->range.body);
    cg_patch_here(fs, &t.cont);
    cg_jmp_to(fs, top);
    cg_patch_here(fs, &out);
    cg_patch_here(fs, &t.brk);
    fs->targets = t.up;
    cg_place_free(fs, pk);
    for (int i = nvars; i < fs->nvars; i++) cg_rfree(fs, fs->vars[i].reg, fs->vars[i].o->type);
    fs->nvars = nvars;
    cg_rfree(fs, v, et);
    cg_rfree_n(fs, okr, 1);
    cg_rfree_n(fs, ch, 1);
    return true;
}

/* ------------------------------------------------------------------ */
/* select                                                              */

/* et's descriptor (the type table may move while it is indexed). */
static const gort_type *elem_type(fstate *fs, gtype *et) {
    int ti = cg_type_index(fs, et);
    return fs->g->types[ti];
}

/* The receive of a select case's statement, or NULL for a send. The
 * statement is `<-c`, `v [, ok] = <-c` or `v [, ok] := <-c`. */
static ast_expr *comm_recv(ast_stmt *c, ast_exprs **lhs, bool *define) {
    *lhs = NULL;
    *define = false;
    if (c->kind == S_EXPR) return unparen(c->expr.x);
    if (c->kind == S_ASSIGN) {
        *lhs = &c->assign.lhs;
        *define = c->assign.op == T_DEFINE;
        return unparen(c->assign.rhs.v[0]);
    }
    return NULL;
}

void cg_select_stmt(fstate *fs, ast_stmt *s, const char *label) {
    ast_stmts *cl = &s->sel.clauses;
    int n = 0, ndef = -1;
    for (int i = 0; i < cl->n; i++) {
        if (cl->v[i]->comm.comm) n++;
        else ndef = i;
    }
    if (n > 128) cg_toolarge(fs, s->pos, "select cases");
    vmselect *d = arena_alloc(fs->g->a, sizeof *d + sizeof d->c[0] * (size_t)(n ? n : 1));
    memset(d, 0, sizeof *d + sizeof d->c[0] * (size_t)(n ? n : 1));
    d->n = n;
    d->block = ndef < 0;
    /* the operands, in source order; registers kept until the clauses */
    int *vals = ARENA_ARRAY(fs->g->a, int, n ? n : 1); /* arena: cg_unsupported longjmps */
    int *oks = ARENA_ARRAY(fs->g->a, int, n ? n : 1);
    int *chs = ARENA_ARRAY(fs->g->a, int, n ? n : 1);
    int k = 0;
    for (int i = 0; i < cl->n; i++) {
        ast_stmt *c = cl->v[i]->comm.comm;
        if (!c) continue;
        vmselcase *sc = &d->c[k];
        ast_exprs *lhs;
        bool define;
        ast_expr *r = comm_recv(c, &lhs, &define);
        oks[k] = -1;
        if (!r) { /* send */
            gtype *et = U(c->send.ch->type)->elem;
            chs[k] = cg_rptr(fs);
            cg_expr_to(fs, c->send.ch, chs[k]);
            vals[k] = cg_ralloc(fs, c->pos, et);
            cg_expr_to_type(fs, c->send.value, vals[k], et);
            sc->flags = VMSEL_SEND;
            sc->elem = elem_type(fs, et);
        } else {
            gtype *et = U(r->unary.x->type)->elem;
            chs[k] = cg_rptr(fs);
            cg_expr_to(fs, r->unary.x, chs[k]);
            sc->flags = VMSEL_RECV;
            sc->elem = elem_type(fs, et);
            bool wantv = lhs && !is_blank_ident(lhs->v[0]);
            bool wantok = lhs && lhs->n > 1 && !is_blank_ident(lhs->v[1]);
            vals[k] = wantv ? cg_ralloc(fs, c->pos, et) : -1;
            if (!wantv) sc->flags |= VMSEL_DISCARD;
            if (wantok) oks[k] = cg_rscalar(fs);
        }
        sc->ch = (uint8_t)chs[k];
        sc->val = (uint8_t)(vals[k] < 0 ? 0 : vals[k]);
        sc->ok = oks[k] < 0 ? VMSEL_NOOK : (uint16_t)oks[k];
        k++;
    }
    int idx = cg_rscalar(fs);
    cg_setline(fs, s->pos);
    cg_op_abx(fs, OP_SELECT, idx, cg_kadd(fs, (uint64_t)(uintptr_t)d));
    target t = {fs->targets, s, label, false, {0}, {0}};
    fs->targets = &t;
    k = 0;
    for (int i = 0; i < cl->n; i++) {
        ast_stmt *cc = cl->v[i];
        ast_stmt *c = cc->comm.comm;
        int me = c ? k++ : -1;
        int nvars = fs->nvars;
        jlist next = {0};
        if (me >= 128) cg_toolarge(fs, s->pos, "select cases");
        cg_jl_add(fs, &next, cg_emit_abj(fs, OP_JNEI64K, idx, me));
        if (c) {
            ast_exprs *lhs;
            bool define;
            ast_expr *r = comm_recv(c, &lhs, &define);
            if (r && lhs) {
                gtype *et = U(r->unary.x->type)->elem;
                int src[2] = {vals[me], oks[me]};
                gtype *ts[2] = {et, &types_basic[K_BOOL]};
                for (int j = 0; j < lhs->n; j++) {
                    ast_expr *l = lhs->v[j];
                    if (is_blank_ident(l) || src[j] < 0) continue;
                    if (define && cg_var_reg(fs, l->ident.obj) < 0) cg_declare(fs, l->ident.obj, l->pos);
                    place pl = cg_lvalue(fs, l);
                    cg_store(fs, pl, src[j], ts[j]);
                    cg_place_free(fs, pl);
                }
            }
        }
        cg_block(fs, &cc->comm.body);
        for (int j = nvars; j < fs->nvars; j++) cg_rfree(fs, fs->vars[j].reg, fs->vars[j].o->type);
        fs->nvars = nvars;
        cg_jl_add(fs, &t.brk, cg_emit_jmp(fs));
        cg_patch_here(fs, &next);
    }
    cg_patch_here(fs, &t.brk);
    fs->targets = t.up;
    cg_rfree_n(fs, idx, 1);
    k = 0;
    for (int i = 0; i < cl->n; i++) {
        ast_stmt *c = cl->v[i]->comm.comm;
        if (!c) continue;
        if (oks[k] >= 0) cg_rfree_n(fs, oks[k], 1);
        if (vals[k] >= 0) {
            ast_exprs *lhs;
            bool define;
            ast_expr *r = comm_recv(c, &lhs, &define);
            gtype *gt = r ? U(r->unary.x->type)->elem : U(c->send.ch->type)->elem;
            cg_rfree(fs, vals[k], gt);
        }
        cg_rfree_n(fs, chs[k], 1);
        k++;
    }
}
