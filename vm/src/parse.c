/*
 * parse.c: the parser, Go 1.19 source to the AST of ast.h.
 *
 * Recursive descent with one token of lookahead, shaped like Go's own
 * parser (cmd/compile/internal/syntax/parser.go) so that it accepts the
 * same programs and rejects the rest with the same messages at the same
 * positions. What that takes:
 *
 *   - Error wording. syntax_error(msg) builds Go's sentence from the
 *     current token: a message starting "in ", "at ", "after " or
 *     "expecting " becomes "syntax error: unexpected TOKEN<msg>", where
 *     TOKEN is a name's spelling, "literal 1.5", an operator, "newline" for
 *     an automatic semicolon, "comma", ...; any other message is printed as
 *     "syntax error: <msg>". After an error at EOF nothing more is said.
 *
 *   - Recovery. advance(follow...) skips tokens until one of the follow
 *     set or, inside a function body, a keyword that starts a statement
 *     (Go's stopset: break const continue defer fallthrough for go goto if
 *     return select switch type var). Each production uses Go's follow
 *     sets, so the parser re-synchronises where Go does and reports the
 *     same later errors.
 *
 *   - The composite-literal ambiguity. In `if x == T{} {`, the `{` after T
 *     could open a literal or the block. `xnest` counts the nesting of
 *     parentheses, brackets and literal braces; control clause headers set
 *     it to -1, so a bare `T {` there is never a literal, while `(T{})` is.
 *     Literal types that can only be types ([]int{...}, map[K]V{...},
 *     struct{...}{...}) are literals anywhere.
 *
 *   - The <- re-association: `<-chan int` is parsed as <- applied to
 *     `chan int`, then re-associated into a receive-only channel type.
 *
 *   - Generics: type parameter lists are parsed as Go parses them and then
 *     reported once, "generics are not supported by gort", at their '['.
 *     Instantiations parse as index expressions for the checker to reject.
 *
 * Node positions are Go's: a binary expression's is its operator, a call's
 * its '(', a selector's its '.', an assignment's its operator (see ast.h;
 * ast_expr_start gives the leftmost position for messages).
 *
 * Memory: nodes come from the arena. Lists are gathered on a scratch stack
 * of pointers (grown with realloc, reused across the file) and copied into
 * the arena once complete, so there is no per-element allocation and no
 * linked list.
 *
 * Rejected: a Pratt parser driven by a table (Go's binary-expression loop
 * is already precedence climbing, and the rest of Go's grammar is keyword
 * directed); building Go's intermediate ListExpr nodes (arrays serve).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "scan.h"

typedef unsigned __int128 tokset;
#define TS(t) ((tokset)1 << (t))

typedef struct parser {
    scanner s;
    arena *a;
    diag *d;
    uint32_t file;
    int xnest;     /* expression nesting; -1 in a control clause header */
    int fnest;     /* function nesting */
    int errcnt;    /* errors reported by this parser (scanner's included) */
    int scanerrs;  /* diag count seen from the scanner */
    void **stk;    /* scratch stack for lists */
    int nstk, capstk;
    int depth;     /* nesting of recursive productions (see deeper) */
} parser;

/* ---- tokens and errors ---- */

#define TOK (p->s.tok)

static inline srcpos ppos(const parser *p) { return srcpos_make(p->file, p->s.tline, p->s.tcol); }

static void next(parser *p) {
    int before = p->d->n + p->d->nsyntax;
    scan_next(&p->s);
    if (p->d->n + p->d->nsyntax != before || p->d->full)
        p->errcnt++; /* a scanner error (the diag may have filtered it) */
    (void)before;
}

static void error_at(parser *p, srcpos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void error_at(parser *p, srcpos pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    p->errcnt++;
    diag_verrorf(p->d, pos, fmt, ap);
    va_end(ap);
}

/* The current token as Go prints it after "unexpected ". */
static void tokstr(parser *p, char *buf, size_t cap) {
    token t = TOK;
    switch (t) {
    case T_NAME:
    case T_SEMI:
        snprintf(buf, cap, "%s", p->s.lit);
        break;
    case T_INT: case T_FLOAT: case T_IMAG: case T_CHAR: case T_STRING:
        snprintf(buf, cap, "literal %.*s", (int)(p->s.litlen > 200 ? 200 : p->s.litlen), p->s.lit);
        break;
    case T_ASSIGN_OP:
        snprintf(buf, cap, "%s=", token_text(p->s.op));
        break;
    default:
        snprintf(buf, cap, "%s", token_text(t));
        break;
    }
}

static bool hasprefix(const char *s, const char *pre) { return strncmp(s, pre, strlen(pre)) == 0; }

static void syntax_error_at(parser *p, srcpos pos, const char *msg) {
    if (TOK == T_EOF && p->errcnt > 0)
        return; /* avoid meaningless follow-up errors */
    if (msg[0] == 0 || hasprefix(msg, "in ") || hasprefix(msg, "at ") || hasprefix(msg, "after ") ||
        hasprefix(msg, "expecting ")) {
        char tok[256];
        tokstr(p, tok, sizeof tok);
        error_at(p, pos, "syntax error: unexpected %s%s%s", tok, hasprefix(msg, "expecting ") ? ", " : msg[0] ? " " : "",
                 msg);
        return;
    }
    error_at(p, pos, "syntax error: %s", msg);
}

static void syntax_error(parser *p, const char *msg) { syntax_error_at(p, ppos(p), msg); }

static void syntax_errorf(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void syntax_errorf(parser *p, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    syntax_error(p, msg);
}

static const tokset stopset = TS(T_BREAK) | TS(T_CONST) | TS(T_CONTINUE) | TS(T_DEFER) | TS(T_FALLTHROUGH) |
                              TS(T_FOR) | TS(T_GO) | TS(T_GOTO) | TS(T_IF) | TS(T_RETURN) | TS(T_SELECT) |
                              TS(T_SWITCH) | TS(T_TYPE) | TS(T_VAR);

/* Go's advance: with an empty follow set, skips exactly one token (not
 * EOF); otherwise skips to a token of follow (or of the stopset inside a
 * function body). */
static void advance(parser *p, tokset follow) {
    if (follow == 0) {
        if (TOK != T_EOF)
            next(p);
        return;
    }
    follow |= TS(T_EOF);
    if (p->fnest > 0)
        follow |= stopset;
    while (!(follow & TS(TOK)))
        next(p);
}

/* The parser recurses once per nesting level of the source, and later
 * stages recurse over the tree, so nesting is bounded: past MAXDEPTH
 * levels (parentheses, blocks, types, literal braces, operators in one
 * expression) the parser reports the error once and skips to EOF, where
 * every production ends. Go's parser has no limit (its stack grows); no
 * program of Go's test suite comes near this one. */
enum { MAXDEPTH = 1000 };

static bool deeper(parser *p) {
    if (++p->depth <= MAXDEPTH)
        return true;
    if (p->s.tok != T_EOF) {
        p->errcnt++;
        diag_errorf(p->d, ppos(p), "syntax error: nesting too deep (more than %d levels)", MAXDEPTH);
        while (p->s.tok != T_EOF)
            scan_next(&p->s);
    }
    return false;
}

static const tokset opset = TS(T_ADD) | TS(T_SUB) | TS(T_MUL) | TS(T_QUO) | TS(T_REM) | TS(T_AND) | TS(T_OR) |
                            TS(T_XOR) | TS(T_SHL) | TS(T_SHR) | TS(T_AND_NOT) | TS(T_LAND) | TS(T_LOR) |
                            TS(T_EQL) | TS(T_NEQ) | TS(T_LSS) | TS(T_LEQ) | TS(T_GTR) | TS(T_GEQ) | TS(T_NOT) |
                            TS(T_TILDE);

static bool got(parser *p, token t) {
    if (TOK == t) {
        next(p);
        return true;
    }
    return false;
}

static void want(parser *p, token t) {
    if (!got(p, t)) {
        syntax_errorf(p, "expecting %s", token_text(t));
        advance(p, 0);
    }
}

/* got(=), also accepting := with an error (Go's gotAssign). */
static bool gotassign(parser *p) {
    if (TOK == T_DEFINE) {
        syntax_error(p, "expecting =");
        next(p);
        return true;
    }
    return got(p, T_ASSIGN);
}

/* ---- scratch lists ---- */

static int mark(parser *p) { return p->nstk; }

static void push(parser *p, void *x) {
    if (p->nstk == p->capstk) {
        p->capstk = p->capstk ? 2 * p->capstk : 256;
        p->stk = realloc(p->stk, (size_t)p->capstk * sizeof *p->stk);
        if (!p->stk) {
            fprintf(stderr, "fatal error: out of memory\n");
            abort();
        }
    }
    p->stk[p->nstk++] = x;
}

/* Moves the pointers pushed since m into an arena array. */
static void **popto(parser *p, int m, int *n) {
    *n = p->nstk - m;
    void **v = NULL;
    if (*n > 0) {
        v = ARENA_ARRAY(p->a, void *, *n);
        memcpy(v, p->stk + m, (size_t)*n * sizeof *v);
    }
    p->nstk = m;
    return v;
}

static ast_exprs pop_exprs(parser *p, int m) {
    ast_exprs l;
    l.v = (ast_expr **)popto(p, m, &l.n);
    return l;
}

static ast_stmts pop_stmts(parser *p, int m) {
    ast_stmts l;
    l.v = (ast_stmt **)popto(p, m, &l.n);
    return l;
}

/* Go's list: after an element, consumes sep or reports and recovers.
 * Returns false when the list must end without its closing token. */
static bool list_sep(parser *p, const char *context, token sep, token close) {
    if (!got(p, sep) && TOK != close) {
        syntax_errorf(p, "in %s; possibly missing %s or %s", context, token_text(sep), token_text(close));
        advance(p, TS(T_RPAREN) | TS(T_RBRACK) | TS(T_RBRACE));
        if (TOK != close)
            return false;
    }
    return true;
}

/* ---- nodes ---- */

static ast_expr *newexpr(parser *p, ast_expr_kind k, srcpos pos) {
    ast_expr *e = ARENA_NEW(p->a, ast_expr);
    e->kind = (uint8_t)k;
    e->pos = pos;
    return e;
}

static ast_stmt *newstmt(parser *p, ast_stmt_kind k, srcpos pos) {
    ast_stmt *s = ARENA_NEW(p->a, ast_stmt);
    s->kind = (uint8_t)k;
    s->pos = pos;
    return s;
}

static ast_expr *badexpr(parser *p) { return newexpr(p, E_BAD, ppos(p)); }

static ast_expr *newname(parser *p, srcpos pos, const char *name) {
    ast_expr *e = newexpr(p, E_IDENT, pos);
    e->ident.name = name;
    return e;
}

static ast_expr *unparen(ast_expr *x) {
    while (x->kind == E_PAREN)
        x = x->paren.x;
    return x;
}

/* ---- forward declarations ---- */

static ast_expr *expr(parser *p);
static ast_expr *binaryexpr(parser *p, ast_expr *x, int prec);
static ast_expr *unaryexpr(parser *p);
static ast_expr *pexpr(parser *p, ast_expr *x, bool keep_parens);
static ast_expr *type_(parser *p);
static ast_expr *typeornil(parser *p);
static ast_expr *functype(parser *p, const char *context, ast_fields **tparams);
static ast_stmt *blockstmt(parser *p, const char *context);
static ast_stmt *stmtornil(parser *p);
static ast_stmts stmtlist(parser *p);
static ast_fields paramlist(parser *p, ast_expr *name, ast_expr *typ, token close, bool requirenames);
static ast_exprs exprlist(parser *p);
static ast_expr *qualifiedname(parser *p, ast_expr *name);

/* ---- common productions ---- */

static ast_expr *name(parser *p) {
    if (TOK == T_NAME) {
        ast_expr *n = newname(p, ppos(p), p->s.lit);
        next(p);
        return n;
    }
    ast_expr *n = newname(p, ppos(p), arena_intern(p->a, "_", 1));
    syntax_error(p, "expecting name");
    advance(p, 0);
    return n;
}

static ast_exprs namelist(parser *p, ast_expr *first) {
    int m = mark(p);
    push(p, first);
    while (got(p, T_COMMA))
        push(p, name(p));
    return pop_exprs(p, m);
}

static ast_expr *oliteral(parser *p) {
    if (TOK >= T_INT && TOK <= T_STRING) {
        ast_expr *b = newexpr(p, E_BASICLIT, ppos(p));
        b->lit.kind = TOK;
        b->lit.bad = p->s.bad;
        b->lit.text = arena_strndup(p->a, p->s.lit, p->s.litlen);
        b->lit.len = (uint32_t)p->s.litlen;
        next(p);
        return b;
    }
    return NULL;
}

static ast_exprs exprlist(parser *p) {
    int m = mark(p);
    push(p, expr(p));
    while (got(p, T_COMMA))
        push(p, expr(p));
    return pop_exprs(p, m);
}

/* Go's typeList: x { "," type } [","], inside [ ]. Returns the elements;
 * *comma reports a separating or trailing comma. */
static ast_exprs typelist(parser *p, bool *comma) {
    int m = mark(p);
    *comma = false;
    p->xnest++;
    push(p, expr(p));
    if (got(p, T_COMMA)) {
        *comma = true;
        ast_expr *t = typeornil(p);
        if (t) {
            push(p, t);
            while (got(p, T_COMMA)) {
                if (!(t = typeornil(p)))
                    break;
                push(p, t);
            }
        }
    }
    p->xnest--;
    return pop_exprs(p, m);
}

static ast_expr *typeinstance(parser *p, ast_expr *typ) {
    ast_expr *x = newexpr(p, E_INDEX, ppos(p));
    want(p, T_LBRACK);
    x->index.x = typ;
    if (TOK == T_RBRACK) {
        syntax_error(p, "expecting type");
        x->index.index = ARENA_ARRAY(p->a, ast_expr *, 1);
        x->index.index[0] = badexpr(p);
        x->index.nindex = 1;
    } else {
        bool comma;
        ast_exprs l = typelist(p, &comma);
        x->index.index = l.v;
        x->index.nindex = l.n;
    }
    x->index.rbrack = ppos(p);
    want(p, T_RBRACK);
    return x;
}

static ast_expr *qualifiedname(parser *p, ast_expr *nm) {
    ast_expr *x;
    if (nm) {
        x = nm;
    } else if (TOK == T_NAME) {
        x = name(p);
    } else {
        x = newname(p, ppos(p), arena_intern(p->a, "_", 1));
        syntax_error(p, "expecting name");
        advance(p, TS(T_DOT) | TS(T_SEMI) | TS(T_RBRACE));
    }
    if (TOK == T_DOT) {
        ast_expr *s = newexpr(p, E_SELECTOR, ppos(p));
        next(p);
        s->selector.x = x;
        s->selector.sel = name(p);
        x = s;
    }
    if (TOK == T_LBRACK)
        x = typeinstance(p, x);
    return x;
}

/* ---- expressions ---- */

static ast_expr *expr(parser *p) { return binaryexpr(p, NULL, 0); }

static ast_expr *binaryexpr(parser *p, ast_expr *x, int prec) {
    if (!x)
        x = unaryexpr(p);
    int tprec, saved = p->depth;
    while ((tprec = token_prec(TOK)) > prec) {
        if (!deeper(p))
            break;
        ast_expr *t = newexpr(p, E_BINARY, ppos(p));
        t->binary.op = TOK;
        next(p);
        t->binary.x = x;
        t->binary.y = binaryexpr(p, NULL, tprec);
        x = t;
    }
    p->depth = saved;
    return x;
}

/* Formats a type for the <- re-association error. */
static void exprstr(const ast_expr *e, char *buf, size_t cap) { ast_expr_string(buf, cap, e); }

static ast_expr *unaryexpr1(parser *p);

static ast_expr *unaryexpr(parser *p) {
    ast_expr *x = deeper(p) ? unaryexpr1(p) : badexpr(p);
    p->depth--;
    return x;
}

static ast_expr *unaryexpr1(parser *p) {
    switch (TOK) {
    case T_MUL: {
        ast_expr *x = newexpr(p, E_STAR, ppos(p));
        next(p);
        x->star.x = unaryexpr(p);
        return x;
    }
    case T_ADD: case T_SUB: case T_NOT: case T_XOR: case T_TILDE: {
        ast_expr *x = newexpr(p, E_UNARY, ppos(p));
        x->unary.op = TOK;
        next(p);
        x->unary.x = unaryexpr(p);
        return x;
    }
    case T_AND: {
        ast_expr *x = newexpr(p, E_UNARY, ppos(p));
        x->unary.op = T_AND;
        next(p);
        /* unaryexpr may return a parenthesised composite literal */
        x->unary.x = unparen(unaryexpr(p));
        return x;
    }
    case T_ARROW: {
        srcpos pos = ppos(p);
        next(p);
        ast_expr *x = unaryexpr(p);
        if (x->kind == E_CHANTYPE) {
            /* <-chan E: re-associate <- with the channel type */
            int dir = CHAN_SEND;
            ast_expr *t = x;
            while (dir == CHAN_SEND) {
                if (t->kind != E_CHANTYPE)
                    break;
                dir = t->chan.dir;
                if (dir == CHAN_RECV)
                    syntax_error(p, "unexpected <-, expecting chan");
                t->chan.dir = CHAN_RECV;
                t = t->chan.elem;
            }
            if (dir == CHAN_SEND) {
                char buf[256];
                exprstr(t, buf, sizeof buf);
                syntax_errorf(p, "unexpected %s, expecting chan", buf);
            }
            return x;
        }
        ast_expr *o = newexpr(p, E_UNARY, pos);
        o->unary.op = T_ARROW;
        o->unary.x = x;
        return o;
    }
    default:
        break;
    }
    return pexpr(p, NULL, true);
}

static ast_stmt *funcbody(parser *p);

static ast_expr *operand(parser *p, bool keep_parens) {
    switch (TOK) {
    case T_NAME:
        return name(p);
    case T_INT: case T_FLOAT: case T_IMAG: case T_CHAR: case T_STRING:
        return oliteral(p);
    case T_LPAREN: {
        srcpos pos = ppos(p);
        next(p);
        p->xnest++;
        ast_expr *x = expr(p);
        p->xnest--;
        want(p, T_RPAREN);
        /* keep the parentheses where an error may need them: before a {
         * (no parenthesised literal types) and in go/defer */
        if (TOK == T_LBRACE)
            keep_parens = true;
        if (keep_parens) {
            ast_expr *px = newexpr(p, E_PAREN, pos);
            px->paren.x = x;
            x = px;
        }
        return x;
    }
    case T_FUNC: {
        srcpos pos = ppos(p);
        next(p);
        ast_fields *tp = NULL;
        ast_expr *ftyp = functype(p, "function type", &tp);
        if (TOK == T_LBRACE) {
            p->xnest++;
            ast_expr *f = newexpr(p, E_FUNCLIT, pos);
            f->funclit.type = ftyp;
            f->funclit.body = funcbody(p);
            p->xnest--;
            return f;
        }
        return ftyp;
    }
    case T_LBRACK: case T_CHAN: case T_MAP: case T_STRUCT: case T_INTERFACE:
        return type_(p);
    default: {
        ast_expr *x = badexpr(p);
        syntax_error(p, "expecting expression");
        advance(p, TS(T_RPAREN) | TS(T_RBRACK) | TS(T_RBRACE));
        return x;
    }
    }
}

/* Go's isValue: must x be a value (not a type)? */
static bool isvalue(const ast_expr *x) {
    switch (x->kind) {
    case E_BASICLIT: case E_COMPOSITE: case E_FUNCLIT: case E_SLICE: case E_TYPEASSERT: case E_CALL:
        return true;
    case E_UNARY: case E_BINARY:
        return true;
    case E_STAR:
        return false; /* *T may be a type */
    case E_PAREN:
        return isvalue(x->paren.x);
    case E_INDEX:
        if (isvalue(x->index.x))
            return true;
        return x->index.nindex == 1 && isvalue(x->index.index[0]);
    default:
        return false;
    }
}

static ast_expr *bare_complitexpr(parser *p);

static ast_expr *complitexpr(parser *p) {
    ast_expr *x = newexpr(p, E_COMPOSITE, ppos(p));
    if (!deeper(p)) {
        p->depth--;
        return x;
    }
    x->composite.lbrace = ppos(p);
    p->xnest++;
    want(p, T_LBRACE);
    int m = mark(p);
    bool closed = true;
    while (TOK != T_EOF && TOK != T_RBRACE) {
        ast_expr *e = bare_complitexpr(p);
        if (TOK == T_COLON) {
            ast_expr *l = newexpr(p, E_KEYVALUE, ppos(p));
            next(p);
            l->keyvalue.key = e;
            l->keyvalue.value = bare_complitexpr(p);
            e = l;
        }
        push(p, e);
        if (!list_sep(p, "composite literal", T_COMMA, T_RBRACE)) {
            closed = false;
            break;
        }
    }
    x->composite.elts = pop_exprs(p, m);
    x->composite.rbrace = ppos(p);
    if (closed)
        want(p, T_RBRACE);
    p->xnest--;
    p->depth--;
    return x;
}

static ast_expr *bare_complitexpr(parser *p) {
    if (TOK == T_LBRACE)
        return complitexpr(p);
    return expr(p);
}

static ast_exprs arglist(parser *p, bool *dots, srcpos *rparen) {
    int m = mark(p);
    *dots = false;
    p->xnest++;
    bool closed = true;
    while (TOK != T_EOF && TOK != T_RPAREN) {
        push(p, expr(p));
        *dots = got(p, T_DOTDOTDOT);
        if (!list_sep(p, "argument list", T_COMMA, T_RPAREN)) {
            closed = false;
            break;
        }
        if (*dots)
            break;
    }
    *rparen = ppos(p);
    if (closed)
        want(p, T_RPAREN);
    p->xnest--;
    return pop_exprs(p, m);
}

static ast_expr *pexpr(parser *p, ast_expr *x, bool keep_parens) {
    if (!x)
        x = operand(p, keep_parens);
    for (;;) {
        srcpos pos = ppos(p);
        switch (TOK) {
        case T_DOT:
            next(p);
            if (TOK == T_NAME) {
                ast_expr *t = newexpr(p, E_SELECTOR, pos);
                t->selector.x = x;
                t->selector.sel = name(p);
                x = t;
            } else if (TOK == T_LPAREN) {
                next(p);
                ast_expr *t = newexpr(p, E_TYPEASSERT, pos);
                t->typeassert.x = x;
                if (!got(p, T_TYPE))
                    t->typeassert.type = type_(p);
                x = t;
                want(p, T_RPAREN);
            } else {
                syntax_error(p, "expecting name or (");
                advance(p, TS(T_SEMI) | TS(T_RPAREN));
            }
            break;
        case T_LBRACK: {
            next(p);
            if (TOK == T_RBRACK) {
                syntax_error(p, "expecting operand");
                next(p);
                break;
            }
            ast_expr *i = NULL;
            if (TOK != T_COLON) {
                bool comma;
                ast_exprs l = typelist(p, &comma);
                if (comma || TOK == T_RBRACK) {
                    ast_expr *t = newexpr(p, E_INDEX, pos);
                    t->index.x = x;
                    t->index.index = l.v;
                    t->index.nindex = l.n;
                    t->index.rbrack = ppos(p);
                    want(p, T_RBRACK);
                    x = t;
                    break;
                }
                i = l.v[0]; /* typelist without a comma has one element */
            }
            if (!got(p, T_COLON)) {
                syntax_error(p, "expecting comma, : or ]");
                advance(p, TS(T_COMMA) | TS(T_COLON) | TS(T_RBRACK));
            }
            p->xnest++;
            ast_expr *t = newexpr(p, E_SLICE, pos);
            t->slice.x = x;
            t->slice.lo = i;
            if (TOK != T_COLON && TOK != T_RBRACK)
                t->slice.hi = expr(p);
            if (TOK == T_COLON) {
                t->slice.slice3 = true;
                if (!t->slice.hi) {
                    error_at(p, ppos(p), "middle index required in 3-index slice");
                    t->slice.hi = badexpr(p);
                }
                next(p);
                if (TOK != T_RBRACK) {
                    t->slice.max = expr(p);
                } else {
                    error_at(p, ppos(p), "final index required in 3-index slice");
                    t->slice.max = badexpr(p);
                }
            }
            p->xnest--;
            t->slice.rbrack = ppos(p);
            want(p, T_RBRACK);
            x = t;
            break;
        }
        case T_LPAREN: {
            ast_expr *t = newexpr(p, E_CALL, pos);
            next(p);
            t->call.fun = x;
            t->call.args = arglist(p, &t->call.dots, &t->call.rparen);
            x = t;
            break;
        }
        case T_LBRACE: {
            ast_expr *t = unparen(x);
            bool ok = false;
            switch (t->kind) {
            case E_IDENT: case E_SELECTOR:
                ok = p->xnest >= 0;
                break;
            case E_INDEX:
                ok = p->xnest >= 0 && !isvalue(t);
                break;
            case E_ARRAYTYPE: case E_SLICETYPE: case E_STRUCTTYPE: case E_MAPTYPE:
                ok = true;
                break;
            default:
                break;
            }
            if (!ok)
                return x;
            if (t != x)
                syntax_error(p, "cannot parenthesize type in composite literal");
            ast_expr *n = complitexpr(p);
            n->composite.type = x;
            x = n;
            break;
        }
        default:
            return x;
        }
    }
}

/* ---- types ---- */

static ast_expr *type_(parser *p) {
    ast_expr *t = typeornil(p);
    if (!t) {
        t = badexpr(p);
        syntax_error(p, "expecting type");
        advance(p, TS(T_COMMA) | TS(T_COLON) | TS(T_SEMI) | TS(T_RPAREN) | TS(T_RBRACK) | TS(T_RBRACE));
    }
    return t;
}

static ast_expr *newindirect(parser *p, srcpos pos, ast_expr *typ) {
    ast_expr *o = newexpr(p, E_STAR, pos);
    o->star.x = typ;
    return o;
}

static ast_expr *chanelem(parser *p) {
    ast_expr *t = typeornil(p);
    if (!t) {
        t = badexpr(p);
        syntax_error(p, "missing channel element type");
    }
    return t;
}

static ast_expr *slicetype(parser *p, srcpos pos) {
    ast_expr *t = newexpr(p, E_SLICETYPE, pos);
    t->slicetype.elem = type_(p);
    return t;
}

/* After "[" (at pos); len is an already parsed length or NULL. */
static ast_expr *arraytype(parser *p, srcpos pos, ast_expr *len) {
    if (!len && !got(p, T_DOTDOTDOT)) {
        p->xnest++;
        len = expr(p);
        p->xnest--;
    }
    if (TOK == T_COMMA) {
        syntax_error(p, "unexpected comma; expecting ]");
        next(p);
    }
    want(p, T_RBRACK);
    ast_expr *t = newexpr(p, E_ARRAYTYPE, pos);
    t->array.len = len;
    t->array.elem = type_(p);
    return t;
}

static ast_fields *newfields(parser *p, ast_fields f) {
    ast_fields *r = ARENA_NEW(p->a, ast_fields);
    *r = f;
    return r;
}

static ast_field *newfield(parser *p, srcpos pos, ast_expr *nm, ast_expr *typ, ast_expr *tag) {
    ast_field *f = ARENA_NEW(p->a, ast_field);
    f->pos = pos;
    if (nm) {
        f->names = ARENA_ARRAY(p->a, ast_expr *, 1);
        f->names[0] = nm;
        f->nnames = 1;
    }
    f->type = typ;
    f->tag = tag;
    return f;
}

static void generics(parser *p, srcpos pos) { error_at(p, pos, "generics are not supported by gort"); }

/* After "[": x [n]E, or instantiation arguments x[A, B]. */
static ast_expr *arrayortargs(parser *p) {
    srcpos pos = ppos(p);
    want(p, T_LBRACK);
    if (got(p, T_RBRACK))
        return slicetype(p, pos);
    bool comma;
    ast_exprs n = typelist(p, &comma);
    want(p, T_RBRACK);
    if (!comma) {
        ast_expr *elem = typeornil(p);
        if (elem) {
            ast_expr *t = newexpr(p, E_ARRAYTYPE, pos);
            t->array.len = n.v[0];
            t->array.elem = elem;
            return t;
        }
    }
    ast_expr *t = newexpr(p, E_INDEX, pos);
    t->index.index = n.v;
    t->index.nindex = n.n;
    return t;
}

/* One struct field declaration; pushes its fields (one per name). */
static void fielddecl(parser *p) {
    srcpos pos = ppos(p);
    switch (TOK) {
    case T_NAME: {
        ast_expr *nm = name(p);
        if (TOK == T_DOT || (TOK >= T_INT && TOK <= T_STRING) || TOK == T_SEMI || TOK == T_RBRACE) {
            ast_expr *typ = qualifiedname(p, nm);
            ast_expr *tag = oliteral(p);
            push(p, newfield(p, pos, NULL, typ, tag));
            return;
        }
        ast_exprs names = namelist(p, nm);
        ast_expr *typ;
        if (names.n == 1 && TOK == T_LBRACK) {
            typ = arrayortargs(p);
            if (typ->kind == E_INDEX) {
                typ->index.x = nm;
                ast_expr *tag = oliteral(p);
                push(p, newfield(p, pos, NULL, typ, tag));
                return;
            }
        } else {
            typ = type_(p);
        }
        ast_expr *tag = oliteral(p);
        ast_field *f = ARENA_NEW(p->a, ast_field);
        f->pos = names.v[0]->pos;
        f->names = names.v;
        f->nnames = names.n;
        f->type = typ;
        f->tag = tag;
        push(p, f);
        return;
    }
    case T_MUL: {
        next(p);
        ast_expr *typ;
        if (TOK == T_LPAREN) {
            syntax_error(p, "cannot parenthesize embedded type");
            next(p);
            typ = qualifiedname(p, NULL);
            got(p, T_RPAREN);
        } else {
            typ = qualifiedname(p, NULL);
        }
        ast_expr *tag = oliteral(p);
        push(p, newfield(p, pos, NULL, newindirect(p, pos, typ), tag));
        return;
    }
    case T_LPAREN: {
        syntax_error(p, "cannot parenthesize embedded type");
        next(p);
        ast_expr *typ;
        if (TOK == T_MUL) {
            srcpos spos = ppos(p);
            next(p);
            typ = newindirect(p, spos, qualifiedname(p, NULL));
        } else {
            typ = qualifiedname(p, NULL);
        }
        got(p, T_RPAREN);
        ast_expr *tag = oliteral(p);
        push(p, newfield(p, pos, NULL, typ, tag));
        return;
    }
    default:
        syntax_error(p, "expecting field name or embedded type");
        advance(p, TS(T_SEMI) | TS(T_RBRACE));
        return;
    }
}

static ast_expr *structtype(parser *p) {
    ast_expr *t = newexpr(p, E_STRUCTTYPE, ppos(p));
    want(p, T_STRUCT);
    t->strct.fields.open = ppos(p);
    want(p, T_LBRACE);
    int m = mark(p);
    bool closed = true;
    while (TOK != T_EOF && TOK != T_RBRACE) {
        fielddecl(p);
        if (!list_sep(p, "struct type", T_SEMI, T_RBRACE)) {
            closed = false;
            break;
        }
    }
    t->strct.fields.v = (ast_field **)popto(p, m, &t->strct.fields.n);
    t->strct.fields.close = ppos(p);
    if (closed)
        want(p, T_RBRACE);
    return t;
}

static ast_expr *embeddedterm(parser *p) {
    if (TOK == T_TILDE) {
        ast_expr *t = newexpr(p, E_UNARY, ppos(p));
        t->unary.op = T_TILDE;
        next(p);
        t->unary.x = type_(p);
        return t;
    }
    ast_expr *t = typeornil(p);
    if (!t) {
        t = badexpr(p);
        syntax_error(p, "expecting ~ term or type");
        advance(p, opset | TS(T_SEMI) | TS(T_RPAREN) | TS(T_RBRACK) | TS(T_RBRACE));
    }
    return t;
}

/* EmbeddedElem = MethodSpec | EmbeddedTerm { "|" EmbeddedTerm } */
static ast_field *embeddedelem(parser *p, ast_field *f) {
    if (!f) {
        f = ARENA_NEW(p->a, ast_field);
        f->pos = ppos(p);
        f->type = embeddedterm(p);
    }
    while (TOK == T_OR) {
        ast_expr *t = newexpr(p, E_BINARY, ppos(p));
        t->binary.op = T_OR;
        next(p);
        t->binary.x = f->type;
        t->binary.y = embeddedterm(p);
        f->type = t;
    }
    return f;
}

static ast_field *methoddecl(parser *p) {
    ast_field *f = ARENA_NEW(p->a, ast_field);
    f->pos = ppos(p);
    ast_expr *nm = name(p);
    const char *context = "interface method";
    if (TOK == T_LPAREN) {
        f->names = ARENA_ARRAY(p->a, ast_expr *, 1);
        f->names[0] = nm;
        f->nnames = 1;
        f->type = functype(p, context, NULL);
        return f;
    }
    if (TOK == T_LBRACK) {
        srcpos pos = ppos(p);
        next(p);
        if (TOK == T_RBRACK) {
            srcpos rpos = ppos(p);
            next(p);
            if (TOK == T_LPAREN) {
                error_at(p, rpos, "empty type parameter list");
                f->names = ARENA_ARRAY(p->a, ast_expr *, 1);
                f->names[0] = nm;
                f->nnames = 1;
                f->type = functype(p, context, NULL);
            } else {
                error_at(p, rpos, "empty type argument list");
                f->type = nm;
            }
            return f;
        }
        ast_fields list = paramlist(p, NULL, NULL, T_RBRACK, false);
        if (list.n == 0) {
            if (TOK == T_LPAREN) {
                f->names = ARENA_ARRAY(p->a, ast_expr *, 1);
                f->names[0] = nm;
                f->nnames = 1;
                f->type = functype(p, context, NULL);
            } else {
                f->type = nm;
            }
            return f;
        }
        if (list.v[0]->nnames > 0) {
            f->names = ARENA_ARRAY(p->a, ast_expr *, 1);
            f->names[0] = nm;
            f->nnames = 1;
            f->type = functype(p, context, NULL);
            error_at(p, pos, "interface method must have no type parameters");
            return f;
        }
        ast_expr *t = newexpr(p, E_INDEX, pos);
        t->index.x = nm;
        t->index.index = ARENA_ARRAY(p->a, ast_expr *, list.n);
        for (int i = 0; i < list.n; i++)
            t->index.index[i] = list.v[i]->type;
        t->index.nindex = list.n;
        f->type = t;
        return f;
    }
    f->type = qualifiedname(p, nm);
    return f;
}

static ast_expr *interfacetype(parser *p) {
    ast_expr *t = newexpr(p, E_INTERFACETYPE, ppos(p));
    want(p, T_INTERFACE);
    t->iface.elems.open = ppos(p);
    want(p, T_LBRACE);
    int m = mark(p);
    bool closed = true;
    while (TOK != T_EOF && TOK != T_RBRACE) {
        ast_field *f = NULL;
        if (TOK == T_NAME)
            f = methoddecl(p);
        if (!f || f->nnames == 0)
            f = embeddedelem(p, f);
        push(p, f);
        if (!list_sep(p, "interface type", T_SEMI, T_RBRACE)) {
            closed = false;
            break;
        }
    }
    t->iface.elems.v = (ast_field **)popto(p, m, &t->iface.elems.n);
    t->iface.elems.close = ppos(p);
    if (closed)
        want(p, T_RBRACE);
    return t;
}

static ast_fields funcresult(parser *p) {
    ast_fields r = {0};
    if (TOK == T_LPAREN) {
        srcpos open = ppos(p);
        next(p);
        r = paramlist(p, NULL, NULL, T_RPAREN, false);
        r.open = open;
        return r;
    }
    srcpos pos = ppos(p);
    ast_expr *typ = typeornil(p);
    if (typ) {
        r.v = ARENA_ARRAY(p->a, ast_field *, 1);
        r.v[0] = newfield(p, pos, NULL, typ, NULL);
        r.n = 1;
    }
    return r;
}

/* If context is non-empty, type parameters are not permitted; tparams
 * receives a type parameter list when present (tparams may be NULL). */
static ast_expr *functype(parser *p, const char *context, ast_fields **tparams) {
    ast_expr *typ = newexpr(p, E_FUNCTYPE, ppos(p));
    if (TOK == T_LBRACK) {
        srcpos lpos = ppos(p);
        next(p);
        if (context && context[0]) {
            char msg[128];
            snprintf(msg, sizeof msg, "%s must have no type parameters", context);
            syntax_error_at(p, typ->pos, msg);
        }
        if (TOK == T_RBRACK) {
            syntax_error(p, "empty type parameter list");
            next(p);
        } else {
            ast_fields tp = paramlist(p, NULL, NULL, T_RBRACK, true);
            tp.open = lpos;
            if (tparams)
                *tparams = newfields(p, tp);
            if (!context || !context[0])
                generics(p, lpos);
        }
    }
    typ->func.params.open = ppos(p);
    want(p, T_LPAREN);
    ast_fields params = paramlist(p, NULL, NULL, T_RPAREN, false);
    params.open = typ->func.params.open;
    typ->func.params = params;
    typ->func.results = funcresult(p);
    return typ;
}

static ast_expr *typeornil1(parser *p);

static ast_expr *typeornil(parser *p) {
    ast_expr *t = deeper(p) ? typeornil1(p) : badexpr(p);
    p->depth--;
    return t;
}

static ast_expr *typeornil1(parser *p) {
    srcpos pos = ppos(p);
    switch (TOK) {
    case T_MUL:
        next(p);
        return newindirect(p, pos, type_(p));
    case T_ARROW: {
        next(p);
        want(p, T_CHAN);
        ast_expr *t = newexpr(p, E_CHANTYPE, pos);
        t->chan.dir = CHAN_RECV;
        t->chan.elem = chanelem(p);
        return t;
    }
    case T_FUNC:
        next(p);
        return functype(p, "function type", NULL);
    case T_LBRACK:
        next(p);
        if (got(p, T_RBRACK))
            return slicetype(p, pos);
        return arraytype(p, pos, NULL);
    case T_CHAN: {
        next(p);
        ast_expr *t = newexpr(p, E_CHANTYPE, pos);
        if (got(p, T_ARROW))
            t->chan.dir = CHAN_SEND;
        t->chan.elem = chanelem(p);
        return t;
    }
    case T_MAP: {
        next(p);
        want(p, T_LBRACK);
        ast_expr *t = newexpr(p, E_MAPTYPE, pos);
        t->map.key = type_(p);
        want(p, T_RBRACK);
        t->map.value = type_(p);
        return t;
    }
    case T_STRUCT:
        return structtype(p);
    case T_INTERFACE:
        return interfacetype(p);
    case T_NAME:
        return qualifiedname(p, NULL);
    case T_LPAREN: {
        next(p);
        ast_expr *t = type_(p);
        want(p, T_RPAREN);
        return t;
    }
    default:
        return NULL;
    }
}

/* ---- parameters ---- */

/* A parameter under construction: at most one name. */
typedef struct par {
    srcpos pos;
    ast_expr *name, *type;
} par;

static ast_field *parfield(parser *p, srcpos pos, ast_expr *nm, ast_expr *typ) {
    return newfield(p, pos, nm, typ, NULL);
}

/* ParameterDecl = [ IdentifierList ] [ "..." ] Type. Returns NULL after
 * an error. */
static ast_field *paramdeclornil(parser *p, ast_expr *nm, token follow) {
    bool typesetsok = follow == T_RBRACK;
    srcpos pos = ppos(p);
    if (nm)
        pos = nm->pos;
    else if (typesetsok && TOK == T_TILDE)
        return embeddedelem(p, NULL);
    ast_field *f = parfield(p, pos, NULL, NULL);
    if (TOK == T_NAME || nm) {
        if (!nm)
            nm = name(p);
        if (TOK == T_LBRACK) {
            f->type = arrayortargs(p);
            if (f->type->kind == E_INDEX) {
                f->type->index.x = nm;
            } else {
                f->names = ARENA_ARRAY(p->a, ast_expr *, 1);
                f->names[0] = nm;
                f->nnames = 1;
            }
            if (typesetsok && TOK == T_OR)
                f = embeddedelem(p, f);
            return f;
        }
        if (TOK == T_DOT) {
            f->type = qualifiedname(p, nm);
            if (typesetsok && TOK == T_OR)
                f = embeddedelem(p, f);
            return f;
        }
        if (typesetsok && TOK == T_OR) {
            f->type = nm;
            return embeddedelem(p, f);
        }
        f->names = ARENA_ARRAY(p->a, ast_expr *, 1);
        f->names[0] = nm;
        f->nnames = 1;
    }
    if (TOK == T_DOTDOTDOT) {
        ast_expr *t = newexpr(p, E_ELLIPSIS, ppos(p));
        next(p);
        t->ellipsis.elem = typeornil(p);
        if (!t->ellipsis.elem) {
            t->ellipsis.elem = badexpr(p);
            syntax_error(p, "... is missing type");
        }
        f->type = t;
        return f;
    }
    if (typesetsok && TOK == T_TILDE) {
        f->type = embeddedelem(p, NULL)->type;
        return f;
    }
    f->type = typeornil(p);
    if (typesetsok && TOK == T_OR && f->type)
        f = embeddedelem(p, f);
    if (f->nnames > 0 || f->type)
        return f;
    syntax_errorf(p, "expecting %s", token_text(follow));
    advance(p, TS(T_COMMA) | TS(follow));
    return NULL;
}

/* "(" or "[" has been consumed. name (and typ) may be a first parameter
 * already parsed. Returns fields with one name each, or none. */
static ast_fields paramlist(parser *p, ast_expr *nm, ast_expr *typ, token close, bool requirenames) {
    ast_fields r = {0};
    if (nm && typ && TOK == close) {
        next(p);
        r.v = ARENA_ARRAY(p->a, ast_field *, 1);
        r.v[0] = parfield(p, nm->pos, nm, typ);
        r.n = 1;
        return r;
    }
    int m = mark(p);
    int named = 0, typed = 0;
    srcpos end;
    bool closed = true;
    while (TOK != T_EOF && TOK != close) {
        ast_field *f;
        if (typ)
            f = parfield(p, nm->pos, nm, typ);
        else
            f = paramdeclornil(p, nm, close);
        nm = NULL;
        typ = NULL;
        if (f) {
            if (f->nnames > 0 && f->type)
                named++;
            if (f->type)
                typed++;
            push(p, f);
        }
        if (!list_sep(p, "parameter list", T_COMMA, close)) {
            closed = false;
            break;
        }
    }
    end = ppos(p);
    if (closed)
        want(p, close);
    r.v = (ast_field **)popto(p, m, &r.n);
    r.close = end;
    if (r.n == 0)
        return r;
    if (named == 0 && !requirenames) {
        /* all unnamed: the names found are type names */
        for (int i = 0; i < r.n; i++) {
            ast_field *f = r.v[i];
            if (f->nnames > 0) {
                f->type = f->names[0];
                f->names = NULL;
                f->nnames = 0;
            }
        }
    } else if (named != r.n) {
        /* some named: all must have names and types */
        srcpos pos = {0, 0, 0};
        ast_expr *t = NULL;
        for (int i = r.n - 1; i >= 0; i--) {
            ast_field *f = r.v[i];
            if (f->type) {
                t = f->type;
                if (f->nnames == 0) {
                    pos = ast_expr_start(t);
                    f->names = ARENA_ARRAY(p->a, ast_expr *, 1);
                    f->names[0] = newname(p, pos, arena_intern(p->a, "_", 1));
                    f->nnames = 1;
                }
            } else if (t) {
                f->type = t;
            } else {
                pos = f->names[0]->pos;
                ast_expr *b = newexpr(p, E_BAD, pos);
                f->type = b;
            }
        }
        if (srcpos_known(pos)) {
            const char *msg;
            if (requirenames) {
                if (named == typed) {
                    pos = end;
                    msg = "missing type constraint";
                } else {
                    msg = "type parameters must be named";
                }
            } else {
                msg = "mixed named and unnamed parameters";
            }
            syntax_error_at(p, pos, msg);
        }
    }
    return r;
}

/* ---- statements ---- */

static ast_stmt *newassign(parser *p, srcpos pos, token op, ast_exprs lhs, ast_exprs rhs) {
    ast_stmt *a = newstmt(p, S_ASSIGN, pos);
    a->assign.op = op;
    a->assign.lhs = lhs;
    a->assign.rhs = rhs;
    return a;
}

static ast_exprs one(parser *p, ast_expr *x) {
    ast_exprs l;
    l.v = ARENA_ARRAY(p->a, ast_expr *, 1);
    l.v[0] = x;
    l.n = 1;
    return l;
}

/* S_RANGE under construction: pos is the `range` keyword; the caller sets
 * the for position and body. */
static ast_stmt *rangeclause(parser *p, ast_exprs lhs, token op) {
    ast_stmt *r = newstmt(p, S_RANGE, ppos(p));
    r->range.rangepos = ppos(p);
    next(p); /* range */
    r->range.op = lhs.n ? op : T_EOF;
    if (lhs.n > 0)
        r->range.key = lhs.v[0];
    if (lhs.n > 1)
        r->range.value = lhs.v[1];
    r->range.lhs = lhs;
    r->range.x = expr(p);
    return r;
}

static ast_stmt *simplestmt(parser *p, ast_exprs *lhsp, token keyword) {
    if (keyword == T_FOR && TOK == T_RANGE) {
        ast_exprs none = {0};
        return rangeclause(p, none, T_EOF);
    }
    ast_exprs lhs = lhsp ? *lhsp : exprlist(p);
    if (lhs.n == 1 && TOK != T_ASSIGN && TOK != T_DEFINE) {
        srcpos pos = ppos(p);
        ast_expr *x = lhs.v[0];
        switch (TOK) {
        case T_ASSIGN_OP: {
            token op = p->s.op;
            next(p);
            return newassign(p, pos, op, lhs, one(p, expr(p)));
        }
        case T_INC:
        case T_DEC: {
            ast_stmt *s = newstmt(p, S_INCDEC, pos);
            s->incdec.op = TOK;
            s->incdec.x = x;
            next(p);
            return s;
        }
        case T_ARROW: {
            ast_stmt *s = newstmt(p, S_SEND, pos);
            next(p);
            s->send.ch = x;
            s->send.value = expr(p);
            return s;
        }
        default: {
            ast_stmt *s = newstmt(p, S_EXPR, x->pos);
            s->expr.x = x;
            return s;
        }
        }
    }
    if (TOK == T_ASSIGN || TOK == T_DEFINE) {
        srcpos pos = ppos(p);
        token op = TOK;
        next(p);
        if (keyword == T_FOR && TOK == T_RANGE)
            return rangeclause(p, lhs, op);
        ast_exprs rhs = exprlist(p);
        if (keyword == T_SWITCH && op == T_DEFINE && rhs.n == 1 && rhs.v[0]->kind == E_TYPEASSERT &&
            !rhs.v[0]->typeassert.type && lhs.n == 1 && lhs.v[0]->kind == E_IDENT) {
            /* switch ... lhs := x.(type) */
            ast_expr *g = rhs.v[0];
            g->typeassert.lhs = lhs.v[0];
            ast_stmt *s = newstmt(p, S_EXPR, g->pos);
            s->expr.x = g;
            return s;
        }
        return newassign(p, pos, op, lhs, rhs);
    }
    syntax_error(p, "expecting := or = or comma");
    advance(p, TS(T_SEMI) | TS(T_RBRACE));
    ast_stmt *s = newstmt(p, S_EXPR, lhs.v[0]->pos);
    s->expr.x = lhs.v[0];
    return s;
}

static ast_stmt *labeledstmtornil(parser *p, ast_expr *label) {
    ast_stmt *s = newstmt(p, S_LABELED, ppos(p));
    s->labeled.label = label;
    want(p, T_COLON);
    if (TOK == T_RBRACE) {
        s->labeled.stmt = newstmt(p, S_EMPTY, ppos(p));
        return s;
    }
    s->labeled.stmt = stmtornil(p);
    if (s->labeled.stmt)
        return s;
    syntax_error_at(p, s->pos, "missing statement after label");
    return NULL;
}

static ast_stmt *blockstmt(parser *p, const char *context) {
    ast_stmt *s = newstmt(p, S_BLOCK, ppos(p));
    if (!got(p, T_LBRACE)) {
        syntax_errorf(p, "expecting { after %s", context);
        advance(p, TS(T_NAME) | TS(T_RBRACE));
        s->block.rbrace = ppos(p);
        if (got(p, T_RBRACE))
            return s;
    }
    s->block.list = stmtlist(p);
    s->block.rbrace = ppos(p);
    want(p, T_RBRACE);
    return s;
}

static ast_stmt *funcbody(parser *p) {
    p->fnest++;
    int errcnt = p->errcnt;
    ast_stmt *body = blockstmt(p, "");
    p->fnest--;
    if (errcnt == p->errcnt)
        p->errcnt += ast_check_branches(p->d, body);
    return body;
}

typedef ast_spec *(*specfn)(parser *, int index);

static ast_decl *appendgroup(parser *p, ast_decl_kind kind, srcpos pos, specfn f);

static ast_spec *varspec(parser *p, int index);
static ast_spec *constspec(parser *p, int index);
static ast_spec *typespec(parser *p, int index);

static ast_stmt *declstmt(parser *p) {
    ast_stmt *s = newstmt(p, S_DECL, ppos(p));
    token t = TOK;
    srcpos pos = ppos(p);
    next(p);
    s->decl.decl = appendgroup(p, t == T_VAR ? D_VAR : t == T_CONST ? D_CONST : D_TYPE, pos,
                               t == T_VAR ? varspec : t == T_CONST ? constspec : typespec);
    return s;
}

/* Renders a simple statement as Go's String does, for "cannot use ... as
 * value". */
static void stmtstr(const ast_stmt *s, char *buf, size_t cap);

/* Go's header: the clauses of if, for and switch. */
static void header(parser *p, token keyword, ast_stmt **initp, ast_expr **condp, ast_stmt **postp) {
    ast_stmt *init = NULL, *post = NULL, *condstmt = NULL;
    ast_expr *cond = NULL;
    want(p, keyword);
    if (TOK == T_LBRACE) {
        if (keyword == T_IF) {
            syntax_error(p, "missing condition in if statement");
            cond = badexpr(p);
        }
        *initp = NULL, *condp = cond;
        if (postp)
            *postp = NULL;
        return;
    }
    int outer = p->xnest;
    p->xnest = -1;
    if (TOK != T_SEMI) {
        if (got(p, T_VAR))
            syntax_errorf(p, "var declaration not allowed in %s initializer", token_text(keyword));
        init = simplestmt(p, NULL, keyword);
        if (init->kind == S_RANGE) {
            p->xnest = outer;
            *initp = init, *condp = NULL;
            if (postp)
                *postp = NULL;
            return;
        }
    }
    srcpos semipos = {0, 0, 0};
    const char *semilit = NULL;
    if (TOK != T_LBRACE) {
        if (TOK == T_SEMI) {
            semipos = ppos(p);
            semilit = p->s.lit;
            next(p);
        } else {
            want(p, T_LBRACE);
            if (TOK != T_LBRACE)
                advance(p, TS(T_LBRACE) | TS(T_RBRACE));
        }
        if (keyword == T_FOR) {
            if (TOK != T_SEMI) {
                if (TOK == T_LBRACE) {
                    syntax_error(p, "expecting for loop condition");
                    goto done;
                }
                condstmt = simplestmt(p, NULL, T_EOF);
            }
            want(p, T_SEMI);
            if (TOK != T_LBRACE) {
                post = simplestmt(p, NULL, T_EOF);
                if (post->kind == S_ASSIGN && post->assign.op == T_DEFINE)
                    syntax_error_at(p, post->pos, "cannot declare in post statement of for loop");
            }
        } else if (TOK != T_LBRACE) {
            condstmt = simplestmt(p, NULL, keyword);
        }
    } else {
        condstmt = init;
        init = NULL;
    }
done:
    if (!condstmt) {
        if (keyword == T_IF && srcpos_known(semipos)) {
            if (strcmp(semilit, "semicolon") != 0)
                syntax_error_at(p, semipos,
                                strcmp(semilit, "newline") == 0 ? "unexpected newline, expecting { after if clause"
                                                                : "unexpected EOF, expecting { after if clause");
            else
                syntax_error_at(p, semipos, "missing condition in if statement");
            cond = newexpr(p, E_BAD, semipos);
        }
    } else if (condstmt->kind == S_EXPR) {
        cond = condstmt->expr.x;
    } else {
        char str[600];
        stmtstr(condstmt, str, sizeof str);
        char msg[700];
        snprintf(msg, sizeof msg, "cannot use %s as value", str);
        syntax_error_at(p, condstmt->pos, msg);
    }
    p->xnest = outer;
    *initp = init, *condp = cond;
    if (postp)
        *postp = post;
}

static ast_stmt *ifstmt1(parser *p);

static ast_stmt *ifstmt(parser *p) {
    ast_stmt *s = deeper(p) ? ifstmt1(p) : newstmt(p, S_BAD, ppos(p));
    p->depth--;
    return s;
}

static ast_stmt *ifstmt1(parser *p) {
    ast_stmt *s = newstmt(p, S_IF, ppos(p));
    header(p, T_IF, &s->ifs.init, &s->ifs.cond, NULL);
    s->ifs.then = blockstmt(p, "if clause");
    if (got(p, T_ELSE)) {
        if (TOK == T_IF) {
            s->ifs.els = ifstmt(p);
        } else if (TOK == T_LBRACE) {
            s->ifs.els = blockstmt(p, "");
        } else {
            syntax_error(p, "else must be followed by if or statement block");
            advance(p, TS(T_NAME) | TS(T_RBRACE));
        }
    }
    return s;
}

static ast_stmt *forstmt(parser *p) {
    srcpos pos = ppos(p);
    ast_stmt *init, *post;
    ast_expr *cond;
    header(p, T_FOR, &init, &cond, &post);
    ast_stmt *s;
    if (init && init->kind == S_RANGE) {
        s = init;
        s->pos = pos;
    } else {
        s = newstmt(p, S_FOR, pos);
        s->fors.init = init;
        s->fors.cond = cond;
        s->fors.post = post;
    }
    ast_stmt *body = blockstmt(p, "for clause");
    if (s->kind == S_RANGE)
        s->range.body = body;
    else
        s->fors.body = body;
    return s;
}

static ast_stmt *caseclause(parser *p) {
    ast_stmt *c = newstmt(p, S_CASE, ppos(p));
    switch (TOK) {
    case T_CASE:
        next(p);
        c->cas.list = exprlist(p);
        break;
    case T_DEFAULT:
        next(p);
        c->cas.isdefault = true;
        break;
    default:
        syntax_error(p, "expecting case or default or }");
        advance(p, TS(T_COLON) | TS(T_CASE) | TS(T_DEFAULT) | TS(T_RBRACE));
        break;
    }
    c->cas.colon = ppos(p);
    want(p, T_COLON);
    c->cas.body = stmtlist(p);
    return c;
}

static ast_stmt *commclause(parser *p) {
    ast_stmt *c = newstmt(p, S_COMM, ppos(p));
    switch (TOK) {
    case T_CASE:
        next(p);
        c->comm.comm = simplestmt(p, NULL, T_EOF);
        break;
    case T_DEFAULT:
        next(p);
        break;
    default:
        syntax_error(p, "expecting case or default or }");
        advance(p, TS(T_COLON) | TS(T_CASE) | TS(T_DEFAULT) | TS(T_RBRACE));
        break;
    }
    c->comm.colon = ppos(p);
    want(p, T_COLON);
    c->comm.body = stmtlist(p);
    return c;
}

static ast_stmt *switchstmt(parser *p) {
    ast_stmt *s = newstmt(p, S_SWITCH, ppos(p));
    header(p, T_SWITCH, &s->sw.init, &s->sw.tag, NULL);
    if (!got(p, T_LBRACE)) {
        syntax_error(p, "missing { after switch clause");
        advance(p, TS(T_CASE) | TS(T_DEFAULT) | TS(T_RBRACE));
    }
    int m = mark(p);
    while (TOK != T_EOF && TOK != T_RBRACE)
        push(p, caseclause(p));
    s->sw.clauses = pop_stmts(p, m);
    s->sw.rbrace = ppos(p);
    want(p, T_RBRACE);
    ast_expr *tag = s->sw.tag;
    if (tag && tag->kind == E_TYPEASSERT && !tag->typeassert.type) {
        /* a type switch: S_TYPESWITCH shares the S_SWITCH prefix fields'
         * meaning but has its own layout */
        ast_stmt *init = s->sw.init;
        ast_stmts clauses = s->sw.clauses;
        srcpos rbrace = s->sw.rbrace;
        s->kind = S_TYPESWITCH;
        memset(&s->tsw, 0, sizeof s->tsw);
        s->tsw.init = init;
        s->tsw.lhs = tag->typeassert.lhs;
        s->tsw.x = tag->typeassert.x;
        s->tsw.guard = tag->typeassert.lhs ? tag->typeassert.lhs->pos : tag->pos;
        s->tsw.clauses = clauses;
        s->tsw.rbrace = rbrace;
    }
    return s;
}

static ast_stmt *selectstmt(parser *p) {
    ast_stmt *s = newstmt(p, S_SELECT, ppos(p));
    want(p, T_SELECT);
    if (!got(p, T_LBRACE)) {
        syntax_error(p, "missing { after select clause");
        advance(p, TS(T_CASE) | TS(T_DEFAULT) | TS(T_RBRACE));
    }
    int m = mark(p);
    while (TOK != T_EOF && TOK != T_RBRACE)
        push(p, commclause(p));
    s->sel.clauses = pop_stmts(p, m);
    s->sel.rbrace = ppos(p);
    want(p, T_RBRACE);
    return s;
}

static ast_stmt *callstmt(parser *p) {
    ast_stmt *s = newstmt(p, TOK == T_GO ? S_GO : S_DEFER, ppos(p));
    const char *kw = TOK == T_GO ? "go" : "defer";
    next(p);
    ast_expr *x = pexpr(p, NULL, TOK == T_LPAREN);
    ast_expr *t = unparen(x);
    if (t != x) {
        error_at(p, x->pos, "expression in %s must not be parenthesized", kw);
        x = t;
    }
    if (x->kind != E_CALL) {
        error_at(p, x->pos, "expression in %s must be function call", kw);
        ast_expr *cx = newexpr(p, E_CALL, x->pos);
        cx->call.fun = x;
        x = cx;
    }
    s->call.call = x;
    return s;
}

static ast_stmt *stmtornil1(parser *p);

static ast_stmt *stmtornil(parser *p) {
    ast_stmt *s = deeper(p) ? stmtornil1(p) : NULL;
    p->depth--;
    return s;
}

static ast_stmt *stmtornil1(parser *p) {
    if (TOK == T_NAME) {
        ast_exprs lhs = exprlist(p);
        if (lhs.n == 1 && lhs.v[0]->kind == E_IDENT && TOK == T_COLON)
            return labeledstmtornil(p, lhs.v[0]);
        return simplestmt(p, &lhs, T_EOF);
    }
    switch (TOK) {
    case T_VAR: case T_CONST: case T_TYPE:
        return declstmt(p);
    case T_LBRACE:
        return blockstmt(p, "");
    case T_ADD: case T_SUB: case T_MUL: case T_AND: case T_XOR: case T_NOT:
    case T_INT: case T_FLOAT: case T_IMAG: case T_CHAR: case T_STRING:
    case T_FUNC: case T_LPAREN: case T_LBRACK: case T_STRUCT: case T_MAP: case T_CHAN: case T_INTERFACE:
    case T_ARROW:
        return simplestmt(p, NULL, T_EOF);
    case T_FOR:
        return forstmt(p);
    case T_SWITCH:
        return switchstmt(p);
    case T_SELECT:
        return selectstmt(p);
    case T_IF:
        return ifstmt(p);
    case T_FALLTHROUGH: {
        ast_stmt *s = newstmt(p, S_BRANCH, ppos(p));
        next(p);
        s->branch.tok = T_FALLTHROUGH;
        return s;
    }
    case T_BREAK: case T_CONTINUE: {
        ast_stmt *s = newstmt(p, S_BRANCH, ppos(p));
        s->branch.tok = TOK;
        next(p);
        if (TOK == T_NAME)
            s->branch.label = name(p);
        return s;
    }
    case T_GO: case T_DEFER:
        return callstmt(p);
    case T_GOTO: {
        ast_stmt *s = newstmt(p, S_BRANCH, ppos(p));
        s->branch.tok = T_GOTO;
        next(p);
        s->branch.label = name(p);
        return s;
    }
    case T_RETURN: {
        ast_stmt *s = newstmt(p, S_RETURN, ppos(p));
        next(p);
        if (TOK != T_SEMI && TOK != T_RBRACE)
            s->ret.results = exprlist(p);
        return s;
    }
    case T_SEMI:
        return newstmt(p, S_EMPTY, ppos(p));
    default:
        return NULL;
    }
}

static ast_stmts stmtlist(parser *p) {
    int m = mark(p);
    while (TOK != T_EOF && TOK != T_RBRACE && TOK != T_CASE && TOK != T_DEFAULT) {
        ast_stmt *s = stmtornil(p);
        if (!s)
            break;
        push(p, s);
        if (!got(p, T_SEMI) && TOK != T_RBRACE) {
            syntax_error(p, "at end of statement");
            advance(p, TS(T_SEMI) | TS(T_RBRACE) | TS(T_CASE) | TS(T_DEFAULT));
            got(p, T_SEMI);
        }
    }
    return pop_stmts(p, m);
}

/* ---- declarations ---- */

static ast_spec *newspec(parser *p, int index) {
    ast_spec *s = ARENA_NEW(p->a, ast_spec);
    s->pos = ppos(p);
    s->index = index;
    return s;
}

static ast_spec *importspec(parser *p, int index) {
    ast_spec *d = newspec(p, index);
    if (TOK == T_NAME) {
        d->import.name = name(p);
    } else if (TOK == T_DOT) {
        d->import.name = newname(p, ppos(p), arena_intern(p->a, ".", 1));
        next(p);
    }
    d->import.path = oliteral(p);
    if (!d->import.path) {
        syntax_error(p, "missing import path");
        advance(p, TS(T_SEMI) | TS(T_RPAREN));
        return d;
    }
    if (!d->import.path->lit.bad && d->import.path->lit.kind != T_STRING) {
        syntax_error(p, "import path must be a string");
        d->import.path->lit.bad = true;
    }
    return d;
}

static ast_spec *constspec(parser *p, int index) {
    ast_spec *d = newspec(p, index);
    d->value.names = namelist(p, name(p));
    if (TOK != T_EOF && TOK != T_SEMI && TOK != T_RPAREN) {
        d->value.type = typeornil(p);
        if (gotassign(p))
            d->value.values = exprlist(p);
    }
    d->value.implicit = !d->value.type && d->value.values.n == 0;
    return d;
}

/* Go's extractName: can x be split into a type parameter name and its
 * constraint? */
static bool istypeelem(const ast_expr *x) {
    switch (x->kind) {
    case E_ARRAYTYPE: case E_STRUCTTYPE: case E_FUNCTYPE: case E_INTERFACETYPE: case E_SLICETYPE:
    case E_MAPTYPE: case E_CHANTYPE:
        return true;
    case E_BINARY:
        return istypeelem(x->binary.x) || istypeelem(x->binary.y);
    case E_UNARY:
        return x->unary.op == T_TILDE || istypeelem(x->unary.x);
    case E_STAR:
        return istypeelem(x->star.x);
    case E_PAREN:
        return istypeelem(x->paren.x);
    default:
        return false;
    }
}

static ast_expr *extractname(parser *p, ast_expr *x, bool force, ast_expr **ptype) {
    *ptype = NULL;
    switch (x->kind) {
    case E_IDENT:
        return x;
    case E_BINARY:
        if (x->binary.op == T_MUL && x->binary.x->kind == E_IDENT && (force || istypeelem(x->binary.y))) {
            *ptype = newindirect(p, x->pos, x->binary.y);
            return x->binary.x;
        }
        if (x->binary.op == T_OR) {
            ast_expr *lhs;
            ast_expr *nm = extractname(p, x->binary.x, force || istypeelem(x->binary.y), &lhs);
            if (nm && lhs) {
                ast_expr *op = newexpr(p, E_BINARY, x->pos);
                *op = *x;
                op->binary.x = lhs;
                *ptype = op;
                return nm;
            }
        }
        break;
    case E_CALL:
        if (x->call.fun->kind == E_IDENT && x->call.args.n == 1 && !x->call.dots &&
            (force || istypeelem(x->call.args.v[0]))) {
            *ptype = x->call.args.v[0];
            return x->call.fun;
        }
        break;
    default:
        break;
    }
    return NULL;
}

static ast_spec *typespec(parser *p, int index) {
    ast_spec *d = newspec(p, index);
    d->type.name = name(p);
    if (TOK == T_LBRACK) {
        srcpos pos = ppos(p);
        next(p);
        if (TOK == T_NAME) {
            ast_expr *x = name(p);
            if (TOK != T_LBRACK) {
                p->xnest++;
                x = binaryexpr(p, pexpr(p, x, false), 0);
                p->xnest--;
            }
            ast_expr *ptype;
            ast_expr *pname = extractname(p, x, TOK == T_COMMA, &ptype);
            if (pname && (ptype || TOK != T_RBRACK)) {
                ast_fields tp = paramlist(p, pname, ptype, T_RBRACK, true);
                tp.open = pos;
                d->type.tparams = newfields(p, tp);
                generics(p, pos);
                d->type.alias = gotassign(p);
                d->type.type = typeornil(p);
            } else {
                d->type.type = arraytype(p, pos, x);
            }
        } else if (TOK == T_RBRACK) {
            next(p);
            d->type.type = slicetype(p, pos);
        } else {
            d->type.type = arraytype(p, pos, NULL);
        }
    } else {
        d->type.alias = gotassign(p);
        d->type.type = typeornil(p);
    }
    if (!d->type.type) {
        d->type.type = badexpr(p);
        syntax_error(p, "in type declaration");
        advance(p, TS(T_SEMI) | TS(T_RPAREN));
    }
    return d;
}

static ast_spec *varspec(parser *p, int index) {
    ast_spec *d = newspec(p, index);
    d->value.names = namelist(p, name(p));
    if (gotassign(p)) {
        d->value.values = exprlist(p);
    } else {
        d->value.type = type_(p);
        if (gotassign(p))
            d->value.values = exprlist(p);
    }
    return d;
}

/* The keyword has been consumed; pos is its position. */
static ast_decl *appendgroup(parser *p, ast_decl_kind kind, srcpos pos, specfn f) {
    ast_decl *d = ARENA_NEW(p->a, ast_decl);
    d->kind = (uint8_t)kind;
    d->pos = pos;
    int m = mark(p);
    if (TOK == T_LPAREN) {
        d->gen.grouped = true;
        d->gen.lparen = ppos(p);
        p->s.npragmas = 0;
        next(p);
        int i = 0;
        bool closed = true;
        while (TOK != T_EOF && TOK != T_RPAREN) {
            push(p, f(p, i++));
            if (!list_sep(p, "grouped declaration", T_SEMI, T_RPAREN)) {
                closed = false;
                break;
            }
        }
        d->gen.rparen = ppos(p);
        if (closed)
            want(p, T_RPAREN);
    } else {
        push(p, f(p, 0));
    }
    d->gen.specs.v = (ast_spec **)popto(p, m, &d->gen.specs.n);
    return d;
}

static ast_decl *funcdeclornil(parser *p, srcpos pos) {
    ast_decl *f = ARENA_NEW(p->a, ast_decl);
    f->kind = D_FUNC;
    f->pos = pos;
    if (p->s.npragmas > 0) {
        f->func.npragmas = p->s.npragmas;
        f->func.pragmas = ARENA_ARRAY(p->a, ast_pragma, p->s.npragmas);
        memcpy(f->func.pragmas, p->s.pragmas, (size_t)p->s.npragmas * sizeof(ast_pragma));
        p->s.npragmas = 0;
    }
    if (TOK == T_LPAREN) {
        srcpos open = ppos(p);
        next(p);
        ast_fields rcvr = paramlist(p, NULL, NULL, T_RPAREN, false);
        rcvr.open = open;
        if (rcvr.n == 0)
            error_at(p, ppos(p), "method has no receiver");
        else if (rcvr.n > 1 || rcvr.v[0]->nnames > 1) {
            /* Go keeps the first receiver only. */
            error_at(p, ppos(p), "method has multiple receivers");
            rcvr.n = 1;
            if (rcvr.v[0]->nnames > 1) rcvr.v[0]->nnames = 1;
        }
        f->func.recv = newfields(p, rcvr);
    }
    if (TOK != T_NAME) {
        syntax_error(p, "expecting name or (");
        advance(p, TS(T_LBRACE) | TS(T_SEMI));
        return NULL;
    }
    f->func.name = name(p);
    f->func.type = functype(p, f->func.recv ? "method" : "", &f->func.tparams);
    if (TOK == T_LBRACE)
        f->func.body = funcbody(p);
    return f;
}

static ast_file *fileornil(parser *p, ast_file *f) {
    f->pkgpos = ppos(p);
    if (!got(p, T_PACKAGE)) {
        syntax_error(p, "package statement must be first");
        return f;
    }
    p->s.npragmas = 0;
    f->pkgname = name(p);
    want(p, T_SEMI);
    if (p->errcnt > 0)
        return f;
    int m = mark(p);
    while (TOK == T_IMPORT) {
        srcpos pos = ppos(p);
        next(p);
        push(p, appendgroup(p, D_IMPORT, pos, importspec));
        want(p, T_SEMI);
    }
    while (TOK != T_EOF) {
        srcpos pos = ppos(p);
        ast_decl *d = NULL;
        switch (TOK) {
        case T_CONST:
            next(p);
            d = appendgroup(p, D_CONST, pos, constspec);
            break;
        case T_TYPE:
            next(p);
            d = appendgroup(p, D_TYPE, pos, typespec);
            break;
        case T_VAR:
            next(p);
            d = appendgroup(p, D_VAR, pos, varspec);
            break;
        case T_FUNC:
            next(p);
            d = funcdeclornil(p, pos);
            break;
        default: {
            int n = p->nstk - m;
            ast_decl *last = n > 0 ? p->stk[p->nstk - 1] : NULL;
            if (TOK == T_LBRACE && last && last->kind == D_FUNC && !last->func.body)
                syntax_error(p, "unexpected semicolon or newline before {");
            else
                syntax_error(p, "non-declaration statement outside function body");
            advance(p, TS(T_CONST) | TS(T_TYPE) | TS(T_VAR) | TS(T_FUNC));
            continue;
        }
        }
        if (d)
            push(p, d);
        p->s.npragmas = 0;
        if (TOK != T_EOF && !got(p, T_SEMI)) {
            syntax_error(p, "after top level declaration");
            advance(p, TS(T_CONST) | TS(T_TYPE) | TS(T_VAR) | TS(T_FUNC));
        }
    }
    f->decls.v = (ast_decl **)popto(p, m, &f->decls.n);
    return f;
}

ast_file *parse_file(arena *a, diag *d, const char *filename, const char *src, size_t len) {
    parser p;
    memset(&p, 0, sizeof p);
    p.a = a;
    p.d = d;
    p.file = srcset_add(&d->files, filename, src, len);
    scan_init(&p.s, a, d, p.file, src, len);
    ast_file *f = ARENA_NEW(a, ast_file);
    f->fileidx = p.file;
    f->name = filename;
    next(&p);
    fileornil(&p, f);
    /* count the lines even when parsing stopped early */
    while (p.s.tok != T_EOF && p.s.ch >= 0) {
        if (p.s.ch == '\n')
            p.s.line++;
        p.s.r++;
        p.s.ch = p.s.r < p.s.len ? (unsigned char)p.s.buf[p.s.r] : -1;
    }
    f->nlines = p.s.tok == T_EOF ? srcset_file(&d->files, p.file)->nlines : p.s.line + 1;
    srcset_file(&d->files, p.file)->nlines = f->nlines;
    f->nerrors = p.errcnt;
    scan_free(&p.s);
    free(p.stk);
    return f;
}

/* ---- Go-syntax rendering ---- */

typedef struct sbuf {
    char *b;
    size_t cap, n;
} sbuf;

static void sput(sbuf *s, const char *t, size_t n) {
    for (size_t i = 0; i < n; i++, s->n++)
        if (s->n + 1 < s->cap)
            s->b[s->n] = t[i];
}

static void sputs(sbuf *s, const char *t) { sput(s, t, strlen(t)); }

static void sexpr(sbuf *s, const ast_expr *e);

static void sexprs(sbuf *s, ast_exprs l) {
    for (int i = 0; i < l.n; i++) {
        if (i)
            sputs(s, ", ");
        sexpr(s, l.v[i]);
    }
}

static void sfields(sbuf *s, const ast_fields *f, const char *sep) {
    for (int i = 0; i < f->n; i++) {
        const ast_field *fl = f->v[i];
        if (i)
            sputs(s, sep);
        for (int j = 0; j < fl->nnames; j++) {
            if (j)
                sputs(s, ", ");
            sexpr(s, fl->names[j]);
        }
        if (fl->type) {
            if (fl->nnames)
                sputs(s, " ");
            sexpr(s, fl->type);
        }
        if (fl->tag) {
            sputs(s, " ");
            sexpr(s, fl->tag);
        }
    }
}

static void ssig(sbuf *s, const ast_expr *ft) {
    sputs(s, "(");
    sfields(s, &ft->func.params, ", ");
    sputs(s, ")");
    const ast_fields *r = &ft->func.results;
    if (r->n == 0)
        return;
    sputs(s, " ");
    if (r->n == 1 && r->v[0]->nnames == 0) {
        sexpr(s, r->v[0]->type);
        return;
    }
    sputs(s, "(");
    sfields(s, r, ", ");
    sputs(s, ")");
}

static void sexpr(sbuf *s, const ast_expr *e) {
    if (!e)
        return;
    switch ((ast_expr_kind)e->kind) {
    case E_BAD:
        sputs(s, "BadExpr");
        break;
    case E_IDENT:
        sputs(s, e->ident.name);
        break;
    case E_BASICLIT:
        sput(s, e->lit.text, e->lit.len);
        break;
    case E_COMPOSITE:
        sexpr(s, e->composite.type);
        sputs(s, e->composite.elts.n ? "{…}" : "{}");
        break;
    case E_FUNCLIT:
        sputs(s, "func");
        ssig(s, e->funclit.type);
        sputs(s, e->funclit.body && e->funclit.body->block.list.n ? " {…}" : " {}");
        break;
    case E_PAREN:
        sputs(s, "(");
        sexpr(s, e->paren.x);
        sputs(s, ")");
        break;
    case E_SELECTOR:
        sexpr(s, e->selector.x);
        sputs(s, ".");
        sexpr(s, e->selector.sel);
        break;
    case E_INDEX:
        sexpr(s, e->index.x);
        sputs(s, "[");
        for (int i = 0; i < e->index.nindex; i++) {
            if (i)
                sputs(s, ", ");
            sexpr(s, e->index.index[i]);
        }
        sputs(s, "]");
        break;
    case E_SLICE:
        sexpr(s, e->slice.x);
        sputs(s, "[");
        sexpr(s, e->slice.lo);
        sputs(s, ":");
        sexpr(s, e->slice.hi);
        if (e->slice.slice3) {
            sputs(s, ":");
            sexpr(s, e->slice.max);
        }
        sputs(s, "]");
        break;
    case E_TYPEASSERT:
        if (e->typeassert.lhs) {
            sexpr(s, e->typeassert.lhs);
            sputs(s, " := ");
        }
        sexpr(s, e->typeassert.x);
        sputs(s, ".(");
        if (e->typeassert.type)
            sexpr(s, e->typeassert.type);
        else
            sputs(s, "type");
        sputs(s, ")");
        break;
    case E_CALL:
        sexpr(s, e->call.fun);
        sputs(s, "(");
        sexprs(s, e->call.args);
        if (e->call.dots)
            sputs(s, "...");
        sputs(s, ")");
        break;
    case E_STAR:
        sputs(s, "*");
        sexpr(s, e->star.x);
        break;
    case E_UNARY:
        sputs(s, token_text(e->unary.op));
        sexpr(s, e->unary.x);
        break;
    case E_BINARY:
        sexpr(s, e->binary.x);
        sputs(s, " ");
        sputs(s, token_text(e->binary.op));
        sputs(s, " ");
        sexpr(s, e->binary.y);
        break;
    case E_KEYVALUE:
        sexpr(s, e->keyvalue.key);
        sputs(s, ": ");
        sexpr(s, e->keyvalue.value);
        break;
    case E_ARRAYTYPE:
        sputs(s, "[");
        if (e->array.len)
            sexpr(s, e->array.len);
        else
            sputs(s, "...");
        sputs(s, "]");
        sexpr(s, e->array.elem);
        break;
    case E_SLICETYPE:
        sputs(s, "[]");
        sexpr(s, e->slicetype.elem);
        break;
    case E_STRUCTTYPE:
        sputs(s, "struct{");
        sfields(s, &e->strct.fields, "; ");
        sputs(s, "}");
        break;
    case E_FUNCTYPE:
        sputs(s, "func");
        ssig(s, e);
        break;
    case E_INTERFACETYPE:
        sputs(s, "interface{");
        for (int i = 0; i < e->iface.elems.n; i++) {
            const ast_field *f = e->iface.elems.v[i];
            if (i)
                sputs(s, "; ");
            if (f->nnames) {
                sexpr(s, f->names[0]);
                ssig(s, f->type);
            } else {
                sexpr(s, f->type);
            }
        }
        sputs(s, "}");
        break;
    case E_MAPTYPE:
        sputs(s, "map[");
        sexpr(s, e->map.key);
        sputs(s, "]");
        sexpr(s, e->map.value);
        break;
    case E_CHANTYPE:
        if (e->chan.dir == CHAN_RECV)
            sputs(s, "<-");
        sputs(s, "chan");
        if (e->chan.dir == CHAN_SEND)
            sputs(s, "<-");
        sputs(s, " ");
        sexpr(s, e->chan.elem);
        break;
    case E_ELLIPSIS:
        sputs(s, "...");
        sexpr(s, e->ellipsis.elem);
        break;
    case E_KIND_COUNT:
        break;
    }
}

size_t ast_expr_string(char *buf, size_t cap, const ast_expr *e) {
    sbuf s = {buf, cap, 0};
    sexpr(&s, e);
    if (cap)
        buf[s.n < cap ? s.n : cap - 1] = 0;
    return s.n;
}

static void stmtstr(const ast_stmt *st, char *buf, size_t cap) {
    sbuf s = {buf, cap, 0};
    switch (st->kind) {
    case S_ASSIGN:
        if (st->assign.op == T_ASSIGN) {
            sputs(&s, "assignment (");
            sexprs(&s, st->assign.lhs);
            sputs(&s, ") = (");
            sexprs(&s, st->assign.rhs);
            sputs(&s, ")");
        } else {
            sexprs(&s, st->assign.lhs);
            sputs(&s, " ");
            sputs(&s, st->assign.op == T_DEFINE ? ":" : token_text(st->assign.op));
            sputs(&s, "= ");
            sexprs(&s, st->assign.rhs);
        }
        break;
    case S_INCDEC:
        sexpr(&s, st->incdec.x);
        sputs(&s, token_text(st->incdec.op));
        break;
    case S_SEND:
        sexpr(&s, st->send.ch);
        sputs(&s, " <- ");
        sexpr(&s, st->send.value);
        break;
    case S_RANGE:
        if (st->range.lhs.n) {
            sexprs(&s, st->range.lhs);
            sputs(&s, st->range.op == T_DEFINE ? " := " : " = ");
        }
        sputs(&s, "range ");
        sexpr(&s, st->range.x);
        break;
    default:
        sputs(&s, "statement");
        break;
    }
    if (cap)
        buf[s.n < cap ? s.n : cap - 1] = 0;
}

srcpos ast_expr_start(const ast_expr *e) {
    for (;;) {
        switch (e->kind) {
        case E_SELECTOR: e = e->selector.x; continue;
        case E_INDEX: e = e->index.x; continue;
        case E_SLICE: e = e->slice.x; continue;
        case E_TYPEASSERT:
            if (e->typeassert.lhs)
                return e->typeassert.lhs->pos;
            e = e->typeassert.x;
            continue;
        case E_CALL: e = e->call.fun; continue;
        case E_BINARY: e = e->binary.x; continue;
        case E_KEYVALUE: e = e->keyvalue.key; continue;
        case E_COMPOSITE:
            if (e->composite.type) {
                e = e->composite.type;
                continue;
            }
            return e->pos;
        default:
            return e->pos;
        }
    }
}
