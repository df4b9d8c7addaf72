/*
 * itab.c: the method tables of non-empty interface values.
 *
 * Converting a value of a concrete type T to a non-empty interface I
 * stores, beside the pointer to the value, an itab: T's descriptor and
 * the code of each of I's methods for T. A method call through I is then
 * an indexed load (ICALL in interp.c), never a search by name. The itab
 * of (I, T) is built once, from the two descriptors' method tables
 * (gort_type.methods, both sorted by name, so one merge walk finds every
 * method), and cached for the program's lifetime:
 *
 *   - a conversion the compiler sees (var i I = t) asks for it while
 *     generating code and keeps the pointer as a constant;
 *   - a dynamic one (x.(I), a type switch case I, I(j) from another
 *     interface) asks with the dynamic type at run time (ITAB).
 *
 * Negative answers are cached too (fun == NULL in the entry), so a type
 * switch that tries an interface case again and again searches once.
 *
 * A method matches when its name and its signature's descriptor are the
 * same: link_type memoises one descriptor per identical type, so pointer
 * equality of mtyp is type identity. (Unexported names would also need
 * their package to match; a program is one package today.)
 *
 * Concurrency: goroutines of one program share the cache. Lookups take
 * the cache's mutex; an entry never changes once published, so the itab
 * pointers handed out stay valid until itab_cache_free (when the program
 * is freed).
 *
 * Rejected: a per-call-site cache of (type -> code) with the interface
 * word holding the type only (an eface layout for every interface): it
 * spares the table but makes each call a compare and a possible search,
 * and the design fixes (itab, data) for non-empty interfaces. A global
 * cache keyed by descriptor address: descriptors live in a program's
 * arena, and a later program could reuse the address of a freed one.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "itab.h"

#include "bytecode.h"
#include "natives.h"

typedef struct itabent {
    const gort_type *iface, *type;
    const vmitab *tab; /* NULL: type does not implement iface */
} itabent;

struct vmitabs {
    pthread_mutex_t mu;
    itabent *ents; /* open addressing, cap a power of two */
    size_t cap, n;
    vmitab **all;  /* every itab made, for freeing */
    size_t nall, capall;
};

vmitabs *itab_cache_new(void) {
    vmitabs *c = calloc(1, sizeof *c);
    if (!c) abort();
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

void itab_cache_free(vmitabs *c) {
    if (!c) return;
    for (size_t i = 0; i < c->nall; i++) free(c->all[i]);
    free(c->all);
    free(c->ents);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

static size_t hashpair(const gort_type *a, const gort_type *b) {
    uint64_t h = (uint64_t)(uintptr_t)a * 0x9e3779b97f4a7c15u ^ (uint64_t)(uintptr_t)b * 0xc2b2ae3d27d4eb4fu;
    return (size_t)(h ^ (h >> 29));
}

static itabent *slot_of(itabent *ents, size_t cap, const gort_type *iface, const gort_type *t) {
    size_t i = hashpair(iface, t) & (cap - 1);
    while (ents[i].iface && !(ents[i].iface == iface && ents[i].type == t)) i = (i + 1) & (cap - 1);
    return &ents[i];
}

static void grow(vmitabs *c) {
    size_t ncap = c->cap ? c->cap * 2 : 64;
    itabent *ne = calloc(ncap, sizeof *ne);
    if (!ne) abort();
    for (size_t i = 0; i < c->cap; i++)
        if (c->ents[i].iface) *slot_of(ne, ncap, c->ents[i].iface, c->ents[i].type) = c->ents[i];
    free(c->ents);
    c->ents = ne;
    c->cap = ncap;
}

/* The runtime's own error values (a recovered "index out of range",
 * "assignment to entry in nil map"...: gort_error objects, kind
 * GORT_KIND_ERROR, no method table) have Error() string, and the
 * runtime.Error ones RuntimeError(), as in Go: natives on the object. */
static void rterr_Error(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const char *m = gort_error_message(r[0].p);
    r[1].s = m;
    r[2].i = (int64_t)strlen(m);
}
static void rterr_RuntimeError(struct vmstate *vm, vmslot *r) { (void)vm, (void)r; }
static const vmnative rterr_natives[2] = {{"runtime.Error.Error", rterr_Error},
                                          {"runtime.Error.RuntimeError", rterr_RuntimeError}};
static const uint32_t rterr_code[2][2] = {{MK_ABC(OP_NATIVEFN, 0, 0, 0), MK_ABC(OP_RET, 1, 2, 0)},
                                          {MK_ABC(OP_NATIVEFN, 0, 0, 0), MK_ABC(OP_RET, 1, 0, 0)}};
static const uint32_t rterr_lines[2] = {0, 0};
static const vmfunc rterr_funcs[2] = {
    {.name = "runtime.Error.Error", .code = rterr_code[0], .lines = rterr_lines, .ncode = 2, .file = UINT32_MAX,
     .nparams = 1, .nresults = 2, .nslots = 3, .zero = true, .ptrmap = {0x3}, .native = &rterr_natives[0]},
    {.name = "runtime.Error.RuntimeError", .code = rterr_code[1], .lines = rterr_lines, .ncode = 2,
     .file = UINT32_MAX, .nparams = 1, .nslots = 1, .ptrmap = {0x1}, .native = &rterr_natives[1]},
};

static bool build_rterr(const gort_type *iface, const gort_type *t, const struct vmfunc **fun, const char **missing) {
    bool rt = t->name && (!strcmp(t->name, "runtime.Error") || !strcmp(t->name, "runtime.plainError"));
    for (intptr_t i = 0; i < iface->nmethods; i++) {
        const gort_method *im = &iface->methods[i];
        const gort_type *ft = im->mtyp;
        const vmfunc *f = NULL;
        if (!strcmp(im->name, "Error") && ft && ft->nin == 0 && ft->nout == 1 && ft->out[0]->kind == GORT_KIND_STRING)
            f = &rterr_funcs[0];
        else if (rt && !strcmp(im->name, "RuntimeError") && ft && ft->nin == 0 && ft->nout == 0)
            f = &rterr_funcs[1];
        if (!f) {
            if (missing) *missing = im->name;
            return false;
        }
        if (fun) fun[i] = f;
    }
    return true;
}

/* Fills fun[] from t's methods; false when one is missing. */
static bool build(const gort_type *iface, const gort_type *t, const struct vmfunc **fun, const char **missing) {
    if (t->kind == GORT_KIND_ERROR && !t->nmethods) return build_rterr(iface, t, fun, missing);
    intptr_t j = 0;
    for (intptr_t i = 0; i < iface->nmethods; i++) {
        const gort_method *im = &iface->methods[i];
        int cmp = 1;
        while (j < t->nmethods && (cmp = strcmp(t->methods[j].name, im->name)) < 0) j++;
        if (j == t->nmethods || cmp != 0 || t->methods[j].mtyp != im->mtyp || !t->methods[j].ifn) {
            if (missing) *missing = im->name;
            return false;
        }
        if (fun) fun[i] = t->methods[j].ifn;
        j++;
    }
    return true;
}

const char *itab_missing(const gort_type *iface, const gort_type *t) {
    const char *m = NULL;
    if (!t) return iface->nmethods ? iface->methods[0].name : NULL;
    build(iface, t, NULL, &m);
    return m;
}

const vmitab *itab_get(vmitabs *c, const gort_type *iface, const gort_type *t) {
    if (!t) return NULL;
    pthread_mutex_lock(&c->mu);
    if ((c->n + 1) * 4 >= c->cap * 3) grow(c);
    itabent *e = slot_of(c->ents, c->cap, iface, t);
    if (!e->iface) {
        vmitab *tab = malloc(sizeof *tab + sizeof tab->fun[0] * (size_t)iface->nmethods);
        if (!tab) abort();
        tab->type = t;
        tab->iface = iface;
        tab->nfun = iface->nmethods;
        if (!build(iface, t, tab->fun, NULL)) {
            free(tab);
            tab = NULL;
        } else {
            if (c->nall == c->capall) {
                c->capall = c->capall ? c->capall * 2 : 16;
                c->all = realloc(c->all, sizeof *c->all * c->capall);
                if (!c->all) abort();
            }
            c->all[c->nall++] = tab;
        }
        e->iface = iface;
        e->type = t;
        e->tab = tab;
        c->n++;
    }
    const vmitab *r = e->tab;
    pthread_mutex_unlock(&c->mu);
    return r;
}
