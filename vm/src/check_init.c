/*
 * check_init.c: package initialization order and initialization cycles.
 *
 * Go initializes package-level variables in dependency order: a variable
 * is initialized after every variable its initializer refers to, directly
 * or through the bodies of the functions and methods it calls or names.
 * A dependency on itself is an "initialization loop". Cycles among
 * functions alone are fine (recursion), so the check must look through
 * function bodies, which are checked last (check.c, pass 4): the order can
 * only be computed once every body has been seen.
 *
 * While the checker works, every use of a package-level const, var, func
 * or method of the package being checked is recorded in the `deps` of the
 * object whose declaration contains it (add_dep, with checker.declobj: a
 * var's initializer, a function's or method's body including the function
 * literals in it). This pass then builds types2's dependency graph:
 *
 *     x = f()          deps:  x ─► f ─► g ─► y        graph:  x ─► y
 *     func f() { g() }                 └───► x                x ─► x  (loop)
 *     func g() { _ = y; _ = x }
 *
 * Function nodes are removed: each const/var node's successors are the
 * const/var nodes reachable through paths of functions only (a depth-first
 * walk per node, with a generation stamp as its visited set). Nodes are
 * then taken from a binary heap keyed by (remaining dependencies, source
 * order): a node taken while it still has dependencies sits on a cycle or
 * behind one; if a path leads from it back to itself through the raw deps
 * (functions included, so the message names them), the loop is reported
 * as go/types does:
 *
 *     initialization loop for x
 *             prog.go:7:5: x refers to
 *             prog.go:3:6: f refers to
 *             prog.go:7:5: x
 *
 * and the node's predecessors lose one dependency each, as if it had been
 * initialized. The variables in the order they were taken are the package's
 * initialization order (gpkg.inits), which code generation follows.
 *
 * Cycles through constants and variables only (`var a = b; var b = a`)
 * are reported here too, not on the declaration path (check_cycle leaves
 * them alone and marks the objects invalid), so that every loop, direct or
 * through a body, is worded and positioned the same way.
 *
 * Rejected: reporting loops on the declaration path by checking function
 * bodies eagerly when a function is first named. That changes the order in
 * which errors inside bodies are found relative to declarations, makes the
 * path deep (every call chain), and still misses a body that refers to a
 * variable whose declaration has finished. A reachability matrix
 * (Warshall) is simpler but quadratic in memory for large generated
 * programs.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

typedef struct inode {
    gobj *obj;
    int *succ, nsucc, capsucc; /* const/var nodes it depends on (funcs removed) */
    int *pred, npred, cappred; /* nodes that depend on it */
    int ndeps;                 /* successors not yet taken */
    int heap;                  /* its index in the heap, -1 once taken */
} inode;

typedef struct initg {
    inode *n;
    int nn;
    int *stamp;                /* per node: generation of the last walk that saw it */
    int gen;
    int *heap, nheap;
} initg;

static void push_int(int **v, int *n, int *cap, int x) {
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 4;
        *v = realloc(*v, sizeof **v * (size_t)*cap);
    }
    (*v)[(*n)++] = x;
}

static int node_of(gobj *o) { return o ? o->gnode - 1 : -1; }

/* Heap order: fewer remaining dependencies first, then source order. */
static bool before(initg *g, int a, int b) {
    inode *x = &g->n[a], *y = &g->n[b];
    if (x->ndeps != y->ndeps) return x->ndeps < y->ndeps;
    return x->obj->order < y->obj->order;
}

static void heap_swap(initg *g, int i, int j) {
    int t = g->heap[i];
    g->heap[i] = g->heap[j];
    g->heap[j] = t;
    g->n[g->heap[i]].heap = i;
    g->n[g->heap[j]].heap = j;
}

static void sift_up(initg *g, int i) {
    while (i > 0) {
        int p = (i - 1) / 2;
        if (!before(g, g->heap[i], g->heap[p])) break;
        heap_swap(g, i, p);
        i = p;
    }
}

static void sift_down(initg *g, int i) {
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < g->nheap && before(g, g->heap[l], g->heap[m])) m = l;
        if (r < g->nheap && before(g, g->heap[r], g->heap[m])) m = r;
        if (m == i) return;
        heap_swap(g, i, m);
        i = m;
    }
}

/* successors: the const/var nodes reachable from node i through function
 * nodes only. */
static void successors(initg *g, int i, int **stack, int *cap) {
    int sp = 0;
    g->gen++;
    inode *n = &g->n[i];
    push_int(stack, &sp, cap, i);
    while (sp > 0) {
        gobj *o = g->n[(*stack)[--sp]].obj;
        for (int k = 0; k < o->ndeps; k++) {
            int d = node_of(o->deps[k]);
            if (d < 0 || g->stamp[d] == g->gen) continue;
            g->stamp[d] = g->gen;
            if (g->n[d].obj->kind == O_FUNC) {
                push_int(stack, &sp, cap, d);
            } else {
                push_int(&n->succ, &n->nsucc, &n->capsucc, d);
                push_int(&g->n[d].pred, &g->n[d].npred, &g->n[d].cappred, i);
            }
        }
    }
}

/* find_path: a path of raw dependencies from `from` to `to`, as nodes
 * appended to path in order from `from` (excluded) to `to`. */
static bool find_path(initg *g, int from, int to, int **path, int *np, int *cap) {
    if (g->stamp[from] == g->gen) return false;
    g->stamp[from] = g->gen;
    gobj *o = g->n[from].obj;
    for (int k = 0; k < o->ndeps; k++) {
        int d = node_of(o->deps[k]);
        if (d < 0) continue;
        int mark = *np;
        push_int(path, np, cap, d);
        if (d == to || find_path(g, d, to, path, np, cap)) return true;
        *np = mark;
    }
    return false;
}

static void report_loop(checker *c, initg *g, int i) {
    int *path = NULL, np = 0, cap = 0;
    g->gen++;
    if (find_path(g, i, i, &path, &np, &cap)) {
        gobj *o = g->n[i].obj;
        tbuf b = {0};
        char buf[512];
        tbuf_printf(&b, "initialization loop for %s", o->name);
        for (int k = 0; k < np; k++) {
            srcpos_format(&c->d->files, o->pos, buf, sizeof buf);
            tbuf_printf(&b, "\n\t%s: %s refers to", buf, o->name);
            o = g->n[path[k]].obj;
        }
        srcpos_format(&c->d->files, o->pos, buf, sizeof buf);
        tbuf_printf(&b, "\n\t%s: %s", buf, o->name);
        check_errorf(c, g->n[i].obj->pos, "%s", b.buf);
        free(b.buf);
    }
    free(path);
}

static void add_node(checker *c, initg *g, int *cap, gobj *o) {
    (void)c;
    if (!o || o->gnode || (o->kind != O_CONST && o->kind != O_VAR && o->kind != O_FUNC)) return;
    if (g->nn == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        g->n = realloc(g->n, sizeof *g->n * (size_t)*cap);
    }
    g->n[g->nn] = (inode){.obj = o, .heap = -1};
    o->gnode = ++g->nn;
}

void check_init_order(checker *c, ast_file **files, int nfiles) {
    initg g = {0};
    int cap = 0;
    for (int i = 0; i < nfiles; i++) {
        ast_file *f = files[i];
        for (int j = 0; j < f->decls.n; j++) {
            ast_decl *d = f->decls.v[j];
            if (d->kind == D_FUNC) {
                add_node(c, &g, &cap, d->func.name->ident.obj);
            } else if (d->kind == D_CONST || d->kind == D_VAR) {
                for (int k = 0; k < d->gen.specs.n; k++) {
                    ast_spec *s = d->gen.specs.v[k];
                    for (int q = 0; q < s->value.names.n; q++) add_node(c, &g, &cap, s->value.names.v[q]->ident.obj);
                }
            }
        }
    }
    g.stamp = calloc((size_t)g.nn + 1, sizeof *g.stamp);
    g.heap = malloc(sizeof *g.heap * ((size_t)g.nn + 1));
    int *stack = NULL, scap = 0;
    for (int i = 0; i < g.nn; i++)
        if (g.n[i].obj->kind != O_FUNC) successors(&g, i, &stack, &scap);
    free(stack);
    for (int i = 0; i < g.nn; i++) {
        if (g.n[i].obj->kind == O_FUNC) continue;
        g.n[i].ndeps = g.n[i].nsucc;
        g.n[i].heap = g.nheap;
        g.heap[g.nheap++] = i;
    }
    for (int i = g.nheap / 2; i >= 0; i--) sift_down(&g, i);
    gpkg *pkg = c->pkg;
    pkg->inits = ARENA_ARRAY(c->a, gobj *, g.nheap ? g.nheap : 1);
    pkg->ninits = 0;
    while (g.nheap > 0) {
        int i = g.heap[0];
        heap_swap(&g, 0, --g.nheap);
        g.n[i].heap = -1;
        sift_down(&g, 0);
        if (g.n[i].ndeps > 0) report_loop(c, &g, i);
        for (int k = 0; k < g.n[i].npred; k++) {
            inode *p = &g.n[g.n[i].pred[k]];
            p->ndeps--;
            if (p->heap >= 0) sift_up(&g, p->heap);
        }
        if (g.n[i].obj->kind == O_VAR) pkg->inits[pkg->ninits++] = g.n[i].obj;
    }
    for (int i = 0; i < g.nn; i++) {
        g.n[i].obj->gnode = 0;
        free(g.n[i].succ);
        free(g.n[i].pred);
    }
    free(g.n);
    free(g.stamp);
    free(g.heap);
}
