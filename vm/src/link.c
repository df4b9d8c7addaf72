/*
 * link.c: runtime type descriptors (gort_type) for the checker's types.
 *
 * Everything the runtime does with a typed value goes through a gort_type:
 * the allocator and the collector read size and the pointer bitmap, maps
 * hash and compare keys by kind (or field by field), panics and fmt print
 * the name, and the interface machinery compares descriptor pointers. The
 * code generator asks link_type for the descriptor of every type it
 * allocates, stores in a map, boxes or compares, and keeps them in the
 * program's type table.
 *
 *   gtype  ──link_type──►  memo (types_identical) ──hit──► gort_type
 *                                  │miss
 *                                  ▼
 *           new descriptor, entered in the memo BEFORE its parts are
 *           linked, so that recursive types (type L struct{ next *L })
 *           end at the pointer: *L's elem is L's descriptor, complete or
 *           not yet, and its size never depends on it.
 *
 * Invariants:
 * - one descriptor per identical type: descriptor equality is type
 *   identity (the interface comparisons and type switches rely on it);
 * - layout is Go's amd64 layout, computed from the gtype alone
 *   (link_sizeof/alignof recurse through arrays and struct fields, never
 *   through pointers), so it is known before the descriptor is complete;
 * - the pointer bitmap has a bit per 8-byte word: a string's, slice's,
 *   pointer's, map's, channel's and func's first word, both words of an
 *   interface (the itab or type word may point at GC memory);
 * - comparable structs and arrays whose memory is not "regular" (strings,
 *   floats, interfaces, padding or blank fields inside) carry
 *   GORT_TFLAG_FIELDALG: the runtime hashes and compares them field by
 *   field; regular ones carry GORT_TFLAG_REGULARMEM and go as raw memory;
 *   uncomparable ones set hash = gort_hash_unhashable, so that the runtime
 *   panics with Go's "hash of unhashable type T" and "comparing
 *   uncomparable type T".
 * - names are the runtime's (reflect's) spelling: "main.T", "*main.T",
 *   "[]int", "[3]string", "map[string]int", "struct { X int; y string }",
 *   "interface {}", "func(int) string", "uint8" for byte, "int32" for rune.
 *
 * Rejected: building descriptors lazily at run time (the interpreter would
 * need the checker's types, and every boxing would search a table);
 * one descriptor per type expression (identical types would compare
 * unequal in interfaces); a linear scan of the memo per kind, as before
 * (some gosuite programs have thousands of types: link_type was 40% of
 * code generation over the corpus). The memo is a hash table on a hash
 * of the type's structure (typehash), types_identical deciding between
 * equal hashes.
 */
#include <stdlib.h>
#include <string.h>

#include "link.h"

typedef struct memo {
    gtype *t;     /* NULL: an empty slot */
    gort_type *d;
    uint64_t h;   /* typehash(t) */
} memo;

struct vmlink {
    arena *a;
    memo *m;      /* open addressing on typehash, cap a power of two, load <= 1/2 */
    int cap;
    int count;
};

vmlink *link_new(arena *a) {
    vmlink *l = calloc(1, sizeof *l);
    if (!l) abort();
    l->a = a;
    return l;
}

void link_free(vmlink *l) {
    if (!l) return;
    free(l->m);
    free(l);
}

int link_count(const vmlink *l) { return l->count; }

static gtype *norm(gtype *t) {
    t = default_type(t);
    if (t == &types_byte) return &types_basic[K_UINT8];
    if (t == &types_rune) return &types_basic[K_INT32];
    return t;
}

/* ------------------------------------------------------------------ */
/* layout                                                              */

static size_t align_up(size_t x, size_t a) { return (x + a - 1) & ~(a - 1); }

size_t link_alignof(vmlink *l, gtype *t) {
    gtype *u = under(norm(t));
    switch (u->kind) {
    case K_BOOL: case K_INT8: case K_UINT8: return 1;
    case K_INT16: case K_UINT16: return 2;
    case K_INT32: case K_UINT32: case K_FLOAT32: case K_COMPLEX64: return 4;
    case K_ARRAY: return link_alignof(l, u->elem);
    case K_STRUCT: {
        size_t a = 1;
        for (int i = 0; i < u->nvars; i++) {
            size_t fa = link_alignof(l, u->vars[i]->type);
            if (fa > a) a = fa;
        }
        return a;
    }
    default: return 8;
    }
}

/* Offsets of every field of struct u into off (u->nvars entries);
 * returns the struct's size. */
static size_t struct_layout(vmlink *l, gtype *u, size_t *off) {
    size_t o = 0, a = 1, lastsize = 1;
    for (int i = 0; i < u->nvars; i++) {
        gtype *ft = u->vars[i]->type;
        size_t fa = link_alignof(l, ft), fs = link_sizeof(l, ft);
        if (fa > a) a = fa;
        o = align_up(o, fa);
        if (off) off[i] = o;
        o += fs;
        lastsize = fs;
    }
    /* Go pads a trailing zero-size field so that its address stays
     * inside the object */
    if (u->nvars > 0 && lastsize == 0 && o > 0) o++;
    return align_up(o, a);
}

size_t link_sizeof(vmlink *l, gtype *t) {
    gtype *u = under(norm(t));
    switch (u->kind) {
    case K_BOOL: case K_INT8: case K_UINT8: return 1;
    case K_INT16: case K_UINT16: return 2;
    case K_INT32: case K_UINT32: case K_FLOAT32: return 4;
    case K_INT: case K_INT64: case K_UINT: case K_UINT64: case K_UINTPTR:
    case K_FLOAT64: case K_COMPLEX64: case K_POINTER: case K_MAP: case K_CHAN:
    case K_FUNC: case K_UNSAFEPTR:
        return 8;
    case K_COMPLEX128: case K_STRING: case K_INTERFACE: return 16;
    case K_SLICE: return 24;
    case K_ARRAY: return (size_t)(u->len > 0 ? u->len : 0) * link_sizeof(l, u->elem);
    case K_STRUCT: return struct_layout(l, u, NULL);
    default: return 0;
    }
}

size_t link_offsetof(vmlink *l, gtype *t, int i) {
    gtype *u = under(norm(t));
    size_t stackoff[16], *off = u->nvars <= 16 ? stackoff : malloc(sizeof *off * (size_t)u->nvars);
    if (!off) abort();
    struct_layout(l, u, off);
    size_t r = off[i];
    if (off != stackoff) free(off);
    return r;
}

/* ------------------------------------------------------------------ */
/* names                                                               */

static void write_name(arena *a, tbuf *b, gtype *t);

static void write_quoted(tbuf *b, const char *s, size_t n) {
    tbuf_puts(b, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\', esc[1] = (char)c, esc[2] = 0;
        } else if (c == '\n') {
            strcpy(esc, "\\n");
        } else if (c == '\t') {
            strcpy(esc, "\\t");
        } else if (c < 0x20 || c == 0x7f) {
            static const char hex[] = "0123456789abcdef";
            esc[0] = '\\', esc[1] = 'x', esc[2] = hex[c >> 4], esc[3] = hex[c & 15], esc[4] = 0;
        } else {
            esc[0] = (char)c, esc[1] = 0;
        }
        tbuf_puts(b, esc);
    }
    tbuf_puts(b, "\"");
}

static void write_sig(arena *a, tbuf *b, gtype *f) {
    tbuf_puts(b, "(");
    for (int i = 0; i < f->params->nvars; i++) {
        if (i) tbuf_puts(b, ", ");
        gtype *pt = f->params->vars[i]->type;
        if (f->variadic && i == f->params->nvars - 1) {
            tbuf_puts(b, "...");
            write_name(a, b, under(pt)->elem);
        } else {
            write_name(a, b, pt);
        }
    }
    tbuf_puts(b, ")");
    int nr = f->results->nvars;
    if (nr == 1) {
        tbuf_puts(b, " ");
        write_name(a, b, f->results->vars[0]->type);
    } else if (nr > 1) {
        tbuf_puts(b, " (");
        for (int i = 0; i < nr; i++) {
            if (i) tbuf_puts(b, ", ");
            write_name(a, b, f->results->vars[i]->type);
        }
        tbuf_puts(b, ")");
    }
}

static void write_name(arena *a, tbuf *b, gtype *t) {
    t = norm(t);
    if (is_basic(t)) {
        tbuf_puts(b, t->name);
        return;
    }
    switch (t->kind) {
    case K_NAMED:
        if (t->obj->pkg && t->obj->pkg->path) {
            tbuf_puts(b, t->obj->pkg->name ? t->obj->pkg->name : t->obj->pkg->path);
            tbuf_puts(b, ".");
        }
        tbuf_puts(b, t->obj->name);
        return;
    case K_POINTER:
        tbuf_puts(b, "*");
        write_name(a, b, t->elem);
        return;
    case K_SLICE:
        tbuf_puts(b, "[]");
        write_name(a, b, t->elem);
        return;
    case K_ARRAY:
        tbuf_printf(b, "[%lld]", (long long)t->len);
        write_name(a, b, t->elem);
        return;
    case K_MAP:
        tbuf_puts(b, "map[");
        write_name(a, b, t->key);
        tbuf_puts(b, "]");
        write_name(a, b, t->elem);
        return;
    case K_CHAN:
        tbuf_puts(b, t->dir == DIR_SEND ? "chan<- " : t->dir == DIR_RECV ? "<-chan " : "chan ");
        write_name(a, b, t->elem);
        return;
    case K_FUNC:
        tbuf_puts(b, "func");
        write_sig(a, b, t);
        return;
    case K_STRUCT:
        if (t->nvars == 0) {
            tbuf_puts(b, "struct {}");
            return;
        }
        tbuf_puts(b, "struct { ");
        for (int i = 0; i < t->nvars; i++) {
            gobj *f = t->vars[i];
            if (i) tbuf_puts(b, "; ");
            if (!f->embedded) {
                tbuf_puts(b, f->name);
                tbuf_puts(b, " ");
            }
            write_name(a, b, f->type);
            if (f->tag) {
                tbuf_puts(b, " ");
                write_quoted(b, f->tag, f->taglen);
            }
        }
        tbuf_puts(b, " }");
        return;
    case K_INTERFACE:
        iface_complete(a, t);
        if (t->nall == 0) {
            tbuf_puts(b, "interface {}");
            return;
        }
        tbuf_puts(b, "interface { ");
        for (int i = 0; i < t->nall; i++) {
            if (i) tbuf_puts(b, "; ");
            tbuf_puts(b, t->all[i]->name);
            write_sig(a, b, t->all[i]->type);
        }
        tbuf_puts(b, " }");
        return;
    default:
        tbuf_puts(b, "?");
        return;
    }
}

/* ------------------------------------------------------------------ */
/* descriptors                                                         */

static gort_kind rkind(gtype *u) {
    switch (u->kind) {
    case K_BOOL: return GORT_KIND_BOOL;
    case K_INT: return GORT_KIND_INT;
    case K_INT8: return GORT_KIND_INT8;
    case K_INT16: return GORT_KIND_INT16;
    case K_INT32: return GORT_KIND_INT32;
    case K_INT64: return GORT_KIND_INT64;
    case K_UINT: return GORT_KIND_UINT;
    case K_UINT8: return GORT_KIND_UINT8;
    case K_UINT16: return GORT_KIND_UINT16;
    case K_UINT32: return GORT_KIND_UINT32;
    case K_UINT64: return GORT_KIND_UINT64;
    case K_UINTPTR: return GORT_KIND_UINTPTR;
    case K_FLOAT32: return GORT_KIND_FLOAT32;
    case K_FLOAT64: return GORT_KIND_FLOAT64;
    case K_COMPLEX64: return GORT_KIND_COMPLEX64;
    case K_COMPLEX128: return GORT_KIND_COMPLEX128;
    case K_STRING: return GORT_KIND_STRING;
    case K_UNSAFEPTR: return GORT_KIND_UNSAFE_POINTER;
    case K_POINTER: return GORT_KIND_POINTER;
    case K_ARRAY: return GORT_KIND_ARRAY;
    case K_SLICE: return GORT_KIND_SLICE;
    case K_MAP: return GORT_KIND_MAP;
    case K_CHAN: return GORT_KIND_CHAN;
    case K_STRUCT: return GORT_KIND_STRUCT;
    case K_FUNC: return GORT_KIND_FUNC;
    case K_INTERFACE: return GORT_KIND_INTERFACE;
    default: return GORT_KIND_INVALID;
    }
}

static void setbit(uint8_t *mask, size_t w) { mask[w / 8] |= (uint8_t)(1u << (w % 8)); }

/* A descriptor's pointer bitmap, one bit per word, allocated (zeroed, from
 * the arena) on first use. */
typedef struct ptrmask {
    arena *a;
    size_t words;  /* the type's size in words */
    uint8_t *mask; /* words / 8 + 1 bytes, or NULL while no bit is set */
} ptrmask;

static uint8_t *pmask(ptrmask *m) {
    if (!m->mask) m->mask = ARENA_ARRAY(m->a, uint8_t, m->words / 8 + 1);
    return m->mask;
}

/* Sets the bits of the pointer words of a value of descriptor d placed at
 * byte offset off. */
static void add_ptrs(uint8_t *mask, size_t off, const gort_type *d) {
    for (size_t w = 0; w < d->ptrwords; w++)
        if (d->ptrmask[w / 8] >> (w % 8) & 1) setbit(mask, off / 8 + w);
}

/* Raw memory comparison is == for kind k (and the memory has no holes). */
static bool regular_kind(gort_kind k) {
    switch (k) {
    case GORT_KIND_FLOAT32: case GORT_KIND_FLOAT64: case GORT_KIND_COMPLEX64:
    case GORT_KIND_COMPLEX128: case GORT_KIND_STRING: case GORT_KIND_INTERFACE:
        return false;
    default:
        return true;
    }
}

/* A hash of t's structure that identical types share (types_identical,
 * tags included): named types by identity, composite types by their
 * parts, interfaces by their kind only (an interface may be entered
 * before link_type completes it, and its method set would change its
 * hash; a program has few unnamed interface types), and nothing after the
 * first 256 parts (*budget), so that a deep or alias-shared type costs
 * bounded work; the walk is the same for identical types, so they stop at
 * the same part.
 * Unequal hashes mean different types; equal ones are compared. */
static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001B3ull + (h >> 29); }

static uint64_t typehash(gtype *t, int *budget) {
    if (!t) return 1;
    uint64_t h = mix(0xcbf29ce484222325ull, (uint64_t)t->kind);
    if (is_basic(t)) return h;
    if (t->kind == K_NAMED) return mix(h, (uint64_t)(uintptr_t)t);
    if (--*budget < 0) return h;
    switch (t->kind) {
    case K_ARRAY: h = mix(h, (uint64_t)t->len); /* fall through */
    case K_POINTER: case K_SLICE: return mix(h, typehash(t->elem, budget));
    case K_CHAN: return mix(mix(h, (uint64_t)t->dir), typehash(t->elem, budget));
    case K_MAP: return mix(mix(h, typehash(t->key, budget)), typehash(t->elem, budget));
    case K_FUNC:
        h = mix(h, t->variadic);
        return mix(mix(h, typehash(t->params, budget)), typehash(t->results, budget));
    case K_TUPLE: case K_STRUCT:
        h = mix(h, (uint64_t)t->nvars);
        for (int i = 0; i < t->nvars; i++) {
            if (t->kind == K_STRUCT) h = mix(mix(h, (uint64_t)(uintptr_t)t->vars[i]->name), t->vars[i]->embedded);
            h = mix(h, typehash(t->vars[i]->type, budget));
        }
        return h;
    case K_INTERFACE: /* by kind only: link_type completes interfaces after entering them */
    default:
        return h;
    }
}

/* The memo's slot for t (hash h): its entry, or the empty slot where it
 * goes. */
static memo *slot(vmlink *l, gtype *t, uint64_t h) {
    size_t mask = (size_t)l->cap - 1;
    for (size_t i = (size_t)(h ^ h >> 32) & mask;; i = (i + 1) & mask) {
        memo *m = &l->m[i];
        if (!m->t || (m->h == h && (m->t == t || types_identical(m->t, t)))) return m;
    }
}

static memo *lookup(vmlink *l, gtype *t, uint64_t h) {
    if (!l->cap) return NULL;
    memo *m = slot(l, t, h);
    return m->t ? m : NULL;
}

static void enter(vmlink *l, gtype *t, uint64_t h, gort_type *d) {
    if (2 * (l->count + 1) > l->cap) {
        memo *old = l->m;
        int ocap = l->cap;
        l->cap = ocap ? 2 * ocap : 64;
        l->m = calloc((size_t)l->cap, sizeof *l->m);
        if (!l->m) abort();
        for (int i = 0; i < ocap; i++)
            if (old[i].t) *slot(l, old[i].t, old[i].h) = old[i];
        free(old);
    }
    *slot(l, t, h) = (memo){t, d, h};
    l->count++;
}

static const gort_type *basic_desc(gtype *u) {
    switch (u->kind) {
    case K_BOOL: return &gort_type_bool;
    case K_INT: return &gort_type_int;
    case K_INT8: return &gort_type_int8;
    case K_INT16: return &gort_type_int16;
    case K_INT32: return &gort_type_int32;
    case K_INT64: return &gort_type_int64;
    case K_UINT: return &gort_type_uint;
    case K_UINT8: return &gort_type_uint8;
    case K_UINT16: return &gort_type_uint16;
    case K_UINT32: return &gort_type_uint32;
    case K_UINT64: return &gort_type_uint64;
    case K_UINTPTR: return &gort_type_uintptr;
    case K_FLOAT32: return &gort_type_float32;
    case K_FLOAT64: return &gort_type_float64;
    case K_STRING: return &gort_type_string;
    default: return NULL;
    }
}

/* d's pointer words from the bitmap built so far: up to the last set bit. */
static void set_ptrwords(gort_type *d, const ptrmask *pm) {
    size_t last = 0;
    for (size_t b = pm->mask ? pm->words / 8 + 1 : 0; b-- > 0;)
        if (pm->mask[b]) {
            last = b * 8 + 8 - (size_t)__builtin_clz((unsigned)pm->mask[b] << 24);
            break;
        }
    d->ptrwords = last;
    d->ptrmask = last ? pm->mask : NULL;
}

const gort_type *link_type(vmlink *l, gtype *t) {
    if (!t) return NULL;
    t = norm(t);
    if (t->kind == K_TUPLE || t->kind == K_INVALID || is_untyped(t)) return NULL;
    /* the predeclared basic types are the runtime's own descriptors, so
     * that C code and the VM agree on them */
    if (is_basic(t)) {
        const gort_type *bd = basic_desc(t);
        if (bd) return bd;
    }
    int budget = 256;
    uint64_t h = typehash(t, &budget);
    memo *m = lookup(l, t, h);
    if (m) return m->d;
    gort_type *d = ARENA_NEW(l->a, gort_type);
    memset(d, 0, sizeof *d);
    enter(l, t, h, d);

    gtype *u = under(t);
    arena *a = l->a;
    tbuf nb = {0};
    write_name(a, &nb, t);
    d->name = arena_strndup(a, nb.buf ? nb.buf : "", nb.len);
    free(nb.buf);
    d->kind = rkind(u);
    d->size = link_sizeof(l, t);
    d->align = link_alignof(l, t);
    if (t->kind == K_NAMED) {
        d->tflags |= GORT_TFLAG_NAMED;
        d->pkgpath = t->obj->pkg ? t->obj->pkg->path : NULL;
    }
    bool comparable = types_comparable(t);
    if (comparable) d->tflags |= GORT_TFLAG_COMPARABLE;

    /* The pointer bitmap is made when a pointer word turns up (ptrmask):
     * a large array of scalars needs none, and scanning or clearing a
     * bitmap for it cost milliseconds ([100 << 20]byte). */
    ptrmask pm = {a, (d->size + 7) / 8, NULL};
    bool regular = regular_kind(d->kind);

    switch (u->kind) {
    case K_STRING: case K_POINTER: case K_MAP: case K_CHAN: case K_FUNC:
    case K_UNSAFEPTR: case K_SLICE:
        setbit(pmask(&pm), 0);
        break;
    case K_INTERFACE: {
        setbit(pmask(&pm), 0);
        setbit(pmask(&pm), 1);
        iface_complete(a, u);
        if (u->nall) {
            gort_method *ms = ARENA_ARRAY(a, gort_method, u->nall);
            memset(ms, 0, sizeof *ms * (size_t)u->nall);
            for (int i = 0; i < u->nall; i++) {
                ms[i].name = u->all[i]->name;
                ms[i].mtyp = link_type(l, u->all[i]->type);
            }
            d->methods = ms;
            d->nmethods = u->nall;
        }
        break;
    }
    default:
        break;
    }
    /* A pointer-shaped type's words are known already: publish them
     * before linking its element, which may come back to this
     * descriptor through the memo (type node struct{ next *node },
     * linked from *node first: node's next field must see a pointer). */
    set_ptrwords(d, &pm);
    switch (u->kind) {
    case K_POINTER: case K_SLICE: case K_CHAN:
        d->elem = link_type(l, u->elem);
        break;
    case K_MAP:
        d->key = link_type(l, u->key);
        d->elem = link_type(l, u->elem);
        break;
    case K_ARRAY: {
        const gort_type *e = link_type(l, u->elem);
        d->elem = e;
        d->len = u->len;
        if (e->ptrwords)
            for (int64_t i = 0; i < u->len; i++) add_ptrs(pmask(&pm), (size_t)i * e->size, e);
        regular = !!(e->tflags & GORT_TFLAG_REGULARMEM) || (regular_kind(e->kind) && e->kind != GORT_KIND_STRUCT &&
                                                           e->kind != GORT_KIND_ARRAY);
        break;
    }
    case K_STRUCT: {
        int n = u->nvars;
        gort_field *fs = ARENA_ARRAY(a, gort_field, n ? n : 1);
        memset(fs, 0, sizeof *fs * (size_t)(n ? n : 1));
        size_t stackoff[16], *off = n <= 16 ? stackoff : malloc(sizeof *off * (size_t)n);
        if (!off) abort();
        struct_layout(l, u, off);
        size_t end = 0;
        for (int i = 0; i < n; i++) {
            gobj *f = u->vars[i];
            const gort_type *ft = link_type(l, f->type);
            fs[i].name = f->name;
            fs[i].type = ft;
            fs[i].offset = off[i];
            fs[i].tag = f->tag ? arena_strndup(a, f->tag, f->taglen) : NULL;
            fs[i].embedded = f->embedded;
            if (ft->ptrwords) add_ptrs(pmask(&pm), off[i], ft);
            bool freg = (ft->tflags & GORT_TFLAG_REGULARMEM) ||
                        (regular_kind(ft->kind) && ft->kind != GORT_KIND_STRUCT && ft->kind != GORT_KIND_ARRAY);
            if (!freg || off[i] != end || (f->name[0] == '_' && !f->name[1])) regular = false;
            end = off[i] + ft->size;
        }
        if (end != d->size) regular = false; /* trailing padding */
        if (off != stackoff) free(off);
        d->fields = fs;
        d->nfields = n;
        break;
    }
    case K_FUNC: {
        int np = u->params->nvars, nr = u->results->nvars;
        const gort_type **in = ARENA_ARRAY(a, const gort_type *, np ? np : 1);
        const gort_type **out = ARENA_ARRAY(a, const gort_type *, nr ? nr : 1);
        for (int i = 0; i < np; i++) in[i] = link_type(l, u->params->vars[i]->type);
        for (int i = 0; i < nr; i++) out[i] = link_type(l, u->results->vars[i]->type);
        d->in = in;
        d->out = out;
        d->nin = np;
        d->nout = nr;
        if (u->variadic) d->tflags |= GORT_TFLAG_VARIADIC;
        break;
    }
    default:
        break;
    }
    set_ptrwords(d, &pm);

    /* hashing and equality */
    if (!comparable) {
        if (u->kind == K_STRUCT || u->kind == K_ARRAY) d->hash = gort_hash_unhashable;
    } else if (u->kind == K_STRUCT || u->kind == K_ARRAY) {
        d->tflags |= regular ? GORT_TFLAG_REGULARMEM : GORT_TFLAG_FIELDALG;
    } else if (regular) {
        d->tflags |= GORT_TFLAG_REGULARMEM;
    }
    /* a defined basic type (type Celsius float64) keeps the runtime's
     * behaviour of its kind; nothing more to do */
    return d;
}

void link_set_methods(vmlink *l, const gort_type *t, const gort_method *m, intptr_t n) {
    (void)l;
    gort_type *d = (gort_type *)(uintptr_t)t; /* the link's own descriptor */
    d->methods = m;
    d->nmethods = n;
}
