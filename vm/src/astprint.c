/*
 * astprint.c: the AST as a canonical S-expression, for tests and debugging.
 *
 * One parenthesised form per node, its kind first, children in source
 * order, no positions (tests that care about positions check them
 * directly). Examples:
 *
 *   x + f(1, y...)      (binary + x (call f (lit 1) y ...))
 *   []int{1, 2}         (composite (slicetype int) (lit 1) (lit 2))
 *   for k, v := range m {}   (range := k v m (block))
 *
 * A missing optional child prints as "_"; identifiers print bare; literals
 * print their source text. The form is stable: golden tests compare it
 * byte for byte.
 */
#include "ast.h"

static void pexpr(FILE *f, const ast_expr *e);
static void pstmt(FILE *f, const ast_stmt *s);

static void popt(FILE *f, const ast_expr *e) {
    fputc(' ', f);
    if (e)
        pexpr(f, e);
    else
        fputc('_', f);
}

static void pexprs(FILE *f, ast_exprs l) {
    for (int i = 0; i < l.n; i++) {
        fputc(' ', f);
        pexpr(f, l.v[i]);
    }
}

static void pfields(FILE *f, const char *tag, const ast_fields *fl) {
    fprintf(f, " (%s", tag);
    for (int i = 0; i < fl->n; i++) {
        const ast_field *fd = fl->v[i];
        fputs(" (field", f);
        for (int j = 0; j < fd->nnames; j++) {
            fputc(' ', f);
            pexpr(f, fd->names[j]);
        }
        popt(f, fd->type);
        if (fd->tag) {
            fputc(' ', f);
            pexpr(f, fd->tag);
        }
        fputc(')', f);
    }
    fputc(')', f);
}

static void pexpr(FILE *f, const ast_expr *e) {
    switch ((ast_expr_kind)e->kind) {
    case E_BAD: fputs("(bad)", f); return;
    case E_IDENT: fputs(e->ident.name, f); return;
    case E_BASICLIT: fprintf(f, "(lit %.*s)", (int)e->lit.len, e->lit.text); return;
    case E_COMPOSITE:
        fputs("(composite", f);
        popt(f, e->composite.type);
        pexprs(f, e->composite.elts);
        break;
    case E_FUNCLIT:
        fputs("(funclit ", f);
        pexpr(f, e->funclit.type);
        fputc(' ', f);
        pstmt(f, e->funclit.body);
        break;
    case E_PAREN: fputs("(paren ", f); pexpr(f, e->paren.x); break;
    case E_SELECTOR:
        fputs("(sel ", f);
        pexpr(f, e->selector.x);
        fputc(' ', f);
        pexpr(f, e->selector.sel);
        break;
    case E_INDEX:
        fputs("(index ", f);
        pexpr(f, e->index.x);
        for (int i = 0; i < e->index.nindex; i++) {
            fputc(' ', f);
            pexpr(f, e->index.index[i]);
        }
        break;
    case E_SLICE:
        fputs(e->slice.slice3 ? "(slice3 " : "(slice ", f);
        pexpr(f, e->slice.x);
        popt(f, e->slice.lo);
        popt(f, e->slice.hi);
        if (e->slice.slice3)
            popt(f, e->slice.max);
        break;
    case E_TYPEASSERT:
        fputs("(assert ", f);
        pexpr(f, e->typeassert.x);
        if (e->typeassert.type) {
            fputc(' ', f);
            pexpr(f, e->typeassert.type);
        } else {
            fputs(" type", f);
        }
        break;
    case E_CALL:
        fputs("(call ", f);
        pexpr(f, e->call.fun);
        pexprs(f, e->call.args);
        if (e->call.dots)
            fputs(" ...", f);
        break;
    case E_STAR: fputs("(star ", f); pexpr(f, e->star.x); break;
    case E_UNARY: fprintf(f, "(unary %s ", token_text(e->unary.op)); pexpr(f, e->unary.x); break;
    case E_BINARY:
        fprintf(f, "(binary %s ", token_text(e->binary.op));
        pexpr(f, e->binary.x);
        fputc(' ', f);
        pexpr(f, e->binary.y);
        break;
    case E_KEYVALUE:
        fputs("(kv ", f);
        pexpr(f, e->keyvalue.key);
        fputc(' ', f);
        pexpr(f, e->keyvalue.value);
        break;
    case E_ARRAYTYPE:
        fputs("(arraytype", f);
        if (e->array.len)
            popt(f, e->array.len);
        else
            fputs(" ...", f);
        popt(f, e->array.elem);
        break;
    case E_SLICETYPE: fputs("(slicetype ", f); pexpr(f, e->slicetype.elem); break;
    case E_STRUCTTYPE: fputs("(struct", f); pfields(f, "fields", &e->strct.fields); break;
    case E_FUNCTYPE:
        fputs("(functype", f);
        pfields(f, "params", &e->func.params);
        pfields(f, "results", &e->func.results);
        break;
    case E_INTERFACETYPE: fputs("(interface", f); pfields(f, "elems", &e->iface.elems); break;
    case E_MAPTYPE:
        fputs("(maptype ", f);
        pexpr(f, e->map.key);
        fputc(' ', f);
        pexpr(f, e->map.value);
        break;
    case E_CHANTYPE:
        fprintf(f, "(chantype %s ", e->chan.dir == CHAN_SEND ? "send" : e->chan.dir == CHAN_RECV ? "recv" : "both");
        pexpr(f, e->chan.elem);
        break;
    case E_ELLIPSIS: fputs("(ellipsis ", f); pexpr(f, e->ellipsis.elem); break;
    case E_KIND_COUNT: break;
    }
    fputc(')', f);
}

static void pstmts(FILE *f, ast_stmts l) {
    for (int i = 0; i < l.n; i++) {
        fputc(' ', f);
        pstmt(f, l.v[i]);
    }
}

static void pdecl(FILE *f, const ast_decl *d);

static void sopt(FILE *f, const ast_stmt *s) {
    fputc(' ', f);
    if (s)
        pstmt(f, s);
    else
        fputc('_', f);
}

static void pstmt(FILE *f, const ast_stmt *s) {
    switch ((ast_stmt_kind)s->kind) {
    case S_BAD: fputs("(badstmt", f); break;
    case S_EMPTY: fputs("(empty", f); break;
    case S_BLOCK: fputs("(block", f); pstmts(f, s->block.list); break;
    case S_EXPR: fputs("(expr ", f); pexpr(f, s->expr.x); break;
    case S_SEND:
        fputs("(send ", f);
        pexpr(f, s->send.ch);
        fputc(' ', f);
        pexpr(f, s->send.value);
        break;
    case S_INCDEC: fprintf(f, "(%s ", token_text(s->incdec.op)); pexpr(f, s->incdec.x); break;
    case S_ASSIGN:
        fprintf(f, "(assign %s%s (", token_text(s->assign.op),
                s->assign.op == T_ASSIGN || s->assign.op == T_DEFINE ? "" : "=");
        for (int i = 0; i < s->assign.lhs.n; i++) {
            if (i)
                fputc(' ', f);
            pexpr(f, s->assign.lhs.v[i]);
        }
        fputs(")", f);
        pexprs(f, s->assign.rhs);
        break;
    case S_GO: fputs("(go ", f); pexpr(f, s->call.call); break;
    case S_DEFER: fputs("(defer ", f); pexpr(f, s->call.call); break;
    case S_RETURN: fputs("(return", f); pexprs(f, s->ret.results); break;
    case S_BRANCH:
        fprintf(f, "(%s", token_text(s->branch.tok));
        if (s->branch.label)
            fprintf(f, " %s", s->branch.label->ident.name);
        break;
    case S_LABELED:
        fprintf(f, "(label %s ", s->labeled.label->ident.name);
        pstmt(f, s->labeled.stmt);
        break;
    case S_DECL: fputc('(', f); pdecl(f, s->decl.decl); fputc(')', f); return;
    case S_IF:
        fputs("(if", f);
        sopt(f, s->ifs.init);
        popt(f, s->ifs.cond);
        sopt(f, s->ifs.then);
        if (s->ifs.els)
            sopt(f, s->ifs.els);
        break;
    case S_SWITCH:
        fputs("(switch", f);
        sopt(f, s->sw.init);
        popt(f, s->sw.tag);
        pstmts(f, s->sw.clauses);
        break;
    case S_TYPESWITCH:
        fputs("(typeswitch", f);
        sopt(f, s->tsw.init);
        popt(f, s->tsw.lhs);
        popt(f, s->tsw.x);
        pstmts(f, s->tsw.clauses);
        break;
    case S_CASE:
        if (s->cas.isdefault)
            fputs("(default", f);
        else {
            fputs("(case (", f);
            for (int i = 0; i < s->cas.list.n; i++) {
                if (i)
                    fputc(' ', f);
                pexpr(f, s->cas.list.v[i]);
            }
            fputc(')', f);
        }
        pstmts(f, s->cas.body);
        break;
    case S_SELECT: fputs("(select", f); pstmts(f, s->sel.clauses); break;
    case S_COMM:
        fputs("(comm", f);
        sopt(f, s->comm.comm);
        pstmts(f, s->comm.body);
        break;
    case S_FOR:
        fputs("(for", f);
        sopt(f, s->fors.init);
        popt(f, s->fors.cond);
        sopt(f, s->fors.post);
        sopt(f, s->fors.body);
        break;
    case S_RANGE:
        fprintf(f, "(range %s", s->range.op == T_EOF ? "_" : token_text(s->range.op));
        popt(f, s->range.key);
        popt(f, s->range.value);
        popt(f, s->range.x);
        sopt(f, s->range.body);
        break;
    case S_KIND_COUNT: break;
    }
    fputc(')', f);
}

static const char *const declnames[] = {"baddecl", "import", "const", "type", "var", "func"};

static void pspec(FILE *f, int kind, const ast_spec *sp) {
    fputs(" (spec", f);
    switch (kind) {
    case D_IMPORT:
        popt(f, sp->import.name);
        popt(f, sp->import.path);
        break;
    case D_CONST:
    case D_VAR:
        fputs(" (", f);
        for (int i = 0; i < sp->value.names.n; i++) {
            if (i)
                fputc(' ', f);
            pexpr(f, sp->value.names.v[i]);
        }
        fputc(')', f);
        popt(f, sp->value.type);
        pexprs(f, sp->value.values);
        break;
    case D_TYPE:
        fputc(' ', f);
        pexpr(f, sp->type.name);
        if (sp->type.tparams)
            pfields(f, "tparams", sp->type.tparams);
        fputs(sp->type.alias ? " =" : "", f);
        popt(f, sp->type.type);
        break;
    }
    fputc(')', f);
}

static void pdecl(FILE *f, const ast_decl *d) {
    fputs(declnames[d->kind < D_KIND_COUNT ? d->kind : 0], f);
    if (d->kind == D_FUNC) {
        for (int i = 0; i < d->func.npragmas; i++)
            fprintf(f, " (pragma \"%s\")", d->func.pragmas[i].text);
        if (d->func.recv)
            pfields(f, "recv", d->func.recv);
        fputc(' ', f);
        pexpr(f, d->func.name);
        if (d->func.tparams)
            pfields(f, "tparams", d->func.tparams);
        fputc(' ', f);
        pexpr(f, d->func.type);
        sopt(f, d->func.body);
        return;
    }
    for (int i = 0; i < d->gen.specs.n; i++)
        pspec(f, d->kind, d->gen.specs.v[i]);
}

void ast_print_expr(FILE *f, const ast_expr *e) { pexpr(f, e); }

void ast_print_stmt(FILE *f, const ast_stmt *s) { pstmt(f, s); }

void ast_print_file(FILE *f, const ast_file *file) {
    fprintf(f, "(file %s\n", file->pkgname ? file->pkgname->ident.name : "_");
    for (int i = 0; i < file->decls.n; i++) {
        fputs("  (", f);
        pdecl(f, file->decls.v[i]);
        fputs(")\n", f);
    }
    fputs(")\n", f);
}
