/*
 * branches.c: label and branch checks of a function body.
 *
 * Go's compiler checks labels, goto, break, continue and fallthrough in
 * its syntax package (syntax/branches.go), right after parsing each
 * function body that had no syntax error; so do we, with Go's messages:
 *
 *   label L defined and not used          label L already defined at POS
 *   label L not defined                   goto L jumps into block starting at POS
 *   goto L jumps over declaration of x at POS
 *   break is not in a loop, switch, or select     continue is not in a loop
 *   invalid break label L     break label not defined: L     (same for continue)
 *   fallthrough statement out of place    cannot fallthrough final case in switch
 *   cannot fallthrough in type switch
 *
 * The walk visits each block once, keeping:
 *   - a block chain (parent, start position, the labeled statement that
 *     owns the block) so that `break L`/`continue L` find an enclosing
 *     labeled statement and a backward goto finds a label in an enclosing
 *     block;
 *   - the unresolved forward gotos of the block, resolved when their label
 *     appears later in the same block and otherwise handed to the parent
 *     (a goto whose label is only found in an inner block jumps into it);
 *   - the latest variable declaration of the block and the forward gotos
 *     pending at that point: those jump over it if they resolve later in
 *     the same block.
 * Labels are per function; a function has few, so they are a small array
 * searched by interned-name pointer.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

/* Blocks live on the C stack of the walk; a label outlives its block's
 * frame, so it names the block by a unique id and copies its start. */
typedef struct label {
    const ast_stmt *lstmt; /* S_LABELED */
    int parent;            /* id of the block declaring it */
    srcpos parentstart;    /* that block's start */
    bool used;
} label;

typedef struct block {
    const struct block *parent;
    int id;
    srcpos start;
    const ast_stmt *lstmt; /* labeled statement owning this block, or NULL */
} block;

typedef struct targets {
    const ast_stmt *breaks;    /* S_FOR/S_RANGE/S_SWITCH/S_TYPESWITCH/S_SELECT or NULL */
    const ast_stmt *continues; /* S_FOR/S_RANGE or NULL */
    int caseindex;             /* index of the enclosing switch case, or -1 */
} targets;

typedef struct gotos {
    const ast_stmt **v; /* malloc'd S_BRANCH gotos */
    int n, cap;
} gotos;

typedef struct lscope {
    diag *d;
    int nerr;
    label *labels; /* malloc'd */
    int nlabels, caplabels;
    int nblocks;   /* block ids handed out */
} lscope;

static void push(gotos *g, const ast_stmt *s) {
    if (g->n == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 8;
        g->v = realloc(g->v, (size_t)g->cap * sizeof *g->v);
        if (!g->v)
            abort();
    }
    g->v[g->n++] = s;
}

static void err(lscope *ls, srcpos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err(lscope *ls, srcpos pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_verrorf(ls->d, pos, fmt, ap);
    va_end(ap);
    ls->nerr++;
}

static label *lookup(lscope *ls, const char *name) {
    for (int i = 0; i < ls->nlabels; i++)
        if (ls->labels[i].lstmt->labeled.label->ident.name == name)
            return &ls->labels[i];
    return NULL;
}

static const char *posstr(lscope *ls, srcpos pos, char *buf, size_t cap) {
    srcpos_format(&ls->d->files, pos, buf, cap);
    return buf;
}

static label *declare(lscope *ls, const block *b, const ast_stmt *s) {
    const ast_expr *nm = s->labeled.label;
    label *alt = lookup(ls, nm->ident.name);
    if (alt) {
        char where[300];
        err(ls, nm->pos, "label %s already defined at %s", nm->ident.name,
            posstr(ls, alt->lstmt->labeled.label->pos, where, sizeof where));
        return alt;
    }
    if (ls->nlabels == ls->caplabels) {
        ls->caplabels = ls->caplabels ? 2 * ls->caplabels : 8;
        ls->labels = realloc(ls->labels, (size_t)ls->caplabels * sizeof *ls->labels);
        if (!ls->labels)
            abort();
    }
    ls->labels[ls->nlabels] = (label){s, b->id, b->start, false};
    return &ls->labels[ls->nlabels++];
}

static const ast_stmt *gototarget(lscope *ls, const block *b, const char *name) {
    label *l = lookup(ls, name);
    if (!l)
        return NULL;
    l->used = true;
    for (; b; b = b->parent)
        if (l->parent == b->id)
            return l->lstmt;
    return NULL;
}

static const ast_stmt invalid_target;

static const ast_stmt *enclosingtarget(lscope *ls, const block *b, const char *name) {
    label *l = lookup(ls, name);
    if (!l)
        return NULL;
    l->used = true;
    for (; b; b = b->parent)
        if (l->lstmt == b->lstmt)
            return l->lstmt;
    return &invalid_target;
}

static void blockbranches(lscope *ls, const block *parent, targets ctxt, const ast_stmt *lstmt, srcpos start,
                          ast_stmt *const *list, int n, gotos *out);

static void fallthroughcheck(lscope *ls, const ast_stmt *s, targets ctxt, int idx, int n) {
    const char *msg = "fallthrough statement out of place";
    const ast_stmt *t = ctxt.breaks;
    if (t && t->kind == S_TYPESWITCH) {
        msg = "cannot fallthrough in type switch";
    } else if (t && t->kind == S_SWITCH) {
        if (ctxt.caseindex < 0 || idx + 1 < n) {
            /* out of place */
        } else if (ctxt.caseindex + 1 == t->sw.clauses.n) {
            msg = "cannot fallthrough final case in switch";
        } else {
            return; /* ok */
        }
    }
    err(ls, s->pos, "%s", msg);
}

static void branch(lscope *ls, const block *b, const ast_stmt *s, targets ctxt, int idx, int n, gotos *fwd) {
    if (!s->branch.label) {
        switch (s->branch.tok) {
        case T_BREAK:
            if (!ctxt.breaks)
                err(ls, s->pos, "break is not in a loop, switch, or select");
            break;
        case T_CONTINUE:
            if (!ctxt.continues)
                err(ls, s->pos, "continue is not in a loop");
            break;
        case T_FALLTHROUGH:
            fallthroughcheck(ls, s, ctxt, idx, n);
            break;
        default:
            break;
        }
        return;
    }
    const ast_expr *lb = s->branch.label;
    const char *name = lb->ident.name;
    const ast_stmt *t;
    switch (s->branch.tok) {
    case T_BREAK:
        if ((t = enclosingtarget(ls, b, name)) != NULL) {
            int k = t == &invalid_target ? -1 : t->labeled.stmt->kind;
            if (k != S_SWITCH && k != S_TYPESWITCH && k != S_SELECT && k != S_FOR && k != S_RANGE)
                err(ls, lb->pos, "invalid break label %s", name);
        } else {
            err(ls, lb->pos, "break label not defined: %s", name);
        }
        break;
    case T_CONTINUE:
        if ((t = enclosingtarget(ls, b, name)) != NULL) {
            int k = t == &invalid_target ? -1 : t->labeled.stmt->kind;
            if (k != S_FOR && k != S_RANGE)
                err(ls, lb->pos, "invalid continue label %s", name);
        } else {
            err(ls, lb->pos, "continue label not defined: %s", name);
        }
        break;
    case T_GOTO:
        if (!gototarget(ls, b, name))
            push(fwd, s);
        break;
    default:
        break;
    }
}

static void blockbranches(lscope *ls, const block *parent, targets ctxt, const ast_stmt *lstmt, srcpos start,
                          ast_stmt *const *list, int n, gotos *out) {
    block b = {parent, ++ls->nblocks, start, lstmt};
    srcpos varpos = {0, 0, 0};
    char varname[256] = "";
    gotos fwd = {0}, bad = {0};

    while (n > 0 && list[n - 1]->kind == S_EMPTY)
        n--;
    for (int idx = 0; idx < n; idx++) {
        const ast_stmt *s = list[idx];
        lstmt = NULL;
    again:
        switch (s->kind) {
        case S_DECL:
            if (s->decl.decl->kind == D_VAR && s->decl.decl->gen.specs.n > 0) {
                const ast_spec *sp = s->decl.decl->gen.specs.v[0];
                varpos = sp->pos;
                ast_expr_string(varname, sizeof varname, sp->value.names.v[0]);
                bad.n = 0;
                for (int i = 0; i < fwd.n; i++)
                    push(&bad, fwd.v[i]);
            }
            break;
        case S_LABELED: {
            const ast_expr *lb = s->labeled.label;
            if (strcmp(lb->ident.name, "_") != 0) {
                label *l = declare(ls, &b, s);
                int k = 0;
                for (int i = 0; i < fwd.n; i++) {
                    const ast_stmt *g = fwd.v[i];
                    if (g->branch.label->ident.name == lb->ident.name) {
                        l->used = true;
                        bool over = false;
                        if (srcpos_known(varpos))
                            for (int j = 0; j < bad.n; j++)
                                over |= bad.v[j] == g;
                        if (over) {
                            char where[300];
                            err(ls, g->branch.label->pos, "goto %s jumps over declaration of %s at %s",
                                lb->ident.name, varname, posstr(ls, varpos, where, sizeof where));
                        }
                    } else {
                        fwd.v[k++] = g;
                    }
                }
                fwd.n = k;
                lstmt = s;
            }
            s = s->labeled.stmt;
            goto again;
        }
        case S_BRANCH:
            branch(ls, &b, s, ctxt, idx, n, &fwd);
            break;
        case S_ASSIGN:
            if (s->assign.op == T_DEFINE) {
                varpos = s->pos;
                char *p = varname;
                size_t room = sizeof varname;
                for (int i = 0; i < s->assign.lhs.n && room > 1; i++) {
                    size_t w = ast_expr_string(p, room, s->assign.lhs.v[i]);
                    w = w < room - 1 ? w : room - 1;
                    p += w, room -= w;
                    if (i + 1 < s->assign.lhs.n && room > 3) {
                        memcpy(p, ", ", 3);
                        p += 2, room -= 2;
                    }
                }
                bad.n = 0;
                for (int i = 0; i < fwd.n; i++)
                    push(&bad, fwd.v[i]);
            }
            break;
        case S_BLOCK:
            blockbranches(ls, &b, (targets){ctxt.breaks, ctxt.continues, -1}, lstmt, s->pos, s->block.list.v,
                          s->block.list.n, &fwd);
            break;
        case S_IF: {
            targets inner = {ctxt.breaks, ctxt.continues, -1};
            blockbranches(ls, &b, inner, lstmt, s->ifs.then->pos, s->ifs.then->block.list.v,
                          s->ifs.then->block.list.n, &fwd);
            if (s->ifs.els) {
                ast_stmt *const one[1] = {s->ifs.els};
                blockbranches(ls, &b, inner, lstmt, s->ifs.els->pos, one, 1, &fwd);
            }
            break;
        }
        case S_FOR:
        case S_RANGE: {
            const ast_stmt *body = s->kind == S_FOR ? s->fors.body : s->range.body;
            blockbranches(ls, &b, (targets){s, s, -1}, lstmt, body->pos, body->block.list.v, body->block.list.n,
                          &fwd);
            break;
        }
        case S_SWITCH:
        case S_TYPESWITCH: {
            ast_stmts cl = s->kind == S_SWITCH ? s->sw.clauses : s->tsw.clauses;
            for (int i = 0; i < cl.n; i++)
                blockbranches(ls, &b, (targets){s, ctxt.continues, i}, lstmt, cl.v[i]->pos, cl.v[i]->cas.body.v,
                              cl.v[i]->cas.body.n, &fwd);
            break;
        }
        case S_SELECT: {
            ast_stmts cl = s->sel.clauses;
            for (int i = 0; i < cl.n; i++)
                blockbranches(ls, &b, (targets){s, ctxt.continues, -1}, lstmt, cl.v[i]->pos,
                              cl.v[i]->comm.body.v, cl.v[i]->comm.body.n, &fwd);
            break;
        }
        default:
            break;
        }
    }
    for (int i = 0; i < fwd.n; i++)
        push(out, fwd.v[i]);
    free(fwd.v);
    free(bad.v);
}

int ast_check_branches(diag *d, const ast_stmt *body) {
    if (!body)
        return 0;
    lscope ls = {d, 0, NULL, 0, 0, 0};
    gotos fwd = {0};
    blockbranches(&ls, NULL, (targets){NULL, NULL, -1}, NULL, body->pos, body->block.list.v, body->block.list.n,
                  &fwd);
    for (int i = 0; i < fwd.n; i++) {
        const ast_expr *lb = fwd.v[i]->branch.label;
        label *l = lookup(&ls, lb->ident.name);
        if (l) {
            char where[300];
            l->used = true;
            err(&ls, lb->pos, "goto %s jumps into block starting at %s", lb->ident.name,
                posstr(&ls, l->parentstart, where, sizeof where));
        } else {
            err(&ls, lb->pos, "label %s not defined", lb->ident.name);
        }
    }
    for (int i = 0; i < ls.nlabels; i++)
        if (!ls.labels[i].used) {
            const ast_expr *lb = ls.labels[i].lstmt->labeled.label;
            err(&ls, lb->pos, "label %s defined and not used", lb->ident.name);
        }
    free(fwd.v);
    free(ls.labels);
    return ls.nerr;
}
