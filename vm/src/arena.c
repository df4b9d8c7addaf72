/*
 * arena.c: bump allocation in mmap'd chunks, a process-wide pool of free
 * chunks, and the name intern table.
 *
 * Chunks start at 64 KiB and double up to 4 MiB; a request larger than a
 * quarter of the chunk size gets a chunk of its own (so a huge literal does
 * not waste the rest of the current chunk). Fresh chunks are mapped with
 * MAP_POPULATE: the kernel hands over the pages zeroed and already mapped
 * in one call, where touching fresh calloc'd memory page by page took a
 * fault per 4 KiB (measured: page faults were three quarters of parse time
 * on the gosuite corpus). Chunks of 2 MiB and more are aligned to 2 MiB and
 * asked for transparent huge pages, then populated: filling fresh memory
 * then costs one TLB entry per 2 MiB.
 *
 * The pool. A compilation is short and the next one wants the same memory
 * again, so arena_free does not unmap its chunks: it puts them on a
 * process-wide free list, and arena_grow takes the largest pooled chunk
 * that fits before it maps a new one, clearing the bytes the previous
 * arena used (only those; a process that never compiles again never pays
 * for clearing). Mapping, populating and unmapping a chunk cost far more than
 * clearing what was used of it (a compilation of a 50-line program spent
 * 80 us in mmap/munmap; one memset of its few used KiB is ~1 us). The pool
 * is guarded by pool_mu (compilations may run on several threads) and
 * holds at most POOL_MAX (16 MiB) bytes; chunks beyond that are unmapped
 * (a 200,000-line program's arena is ~160 MiB: clearing all of it at
 * free cost a sixth of its compilation). Under
 * AddressSanitizer the pool is off, so a pointer kept past arena_free
 * still faults instead of reading the next compilation's nodes.
 *
 *   arena_free: chunk ──► pool (pool_mu) ──► arena_grow: memset(0, used)
 *                 (over POOL_MAX: munmap)
 *
 * Invariant: every byte past a chunk's bump pointer is zero while an arena
 * owns it, whether the chunk came fresh or from the pool, so arena_alloc
 * need not clear memory. Each chunk records how far it was used
 * (arena_chunk.used, set when the arena leaves it) so that clearing
 * touches only dirty bytes.
 *
 * The intern table maps a spelling to its unique copy. Open addressing with
 * linear probing over a power-of-two array of entry pointers, load at most
 * 1/2, FNV-1a hashes kept in the entries so growth does not rehash text.
 * An arena may have a base (arena_set_base: a frozen snapshot of the
 * shared names, those of the universe and of the stdlib packages scanned
 * so far): its table is probed first, read-only and without a lock, so a
 * name the shared objects use is the same pointer in every compilation. A
 * published snapshot never changes; a newer one (more packages scanned)
 * replaces it for arenas initialised or rebased (arena_rebase) later. An
 * arena reads one snapshot for its whole life, so it never holds its own
 * copy of a spelling its base has.
 *
 * Rejected: malloc per node (the parser makes one allocation per node, and
 * malloc's bookkeeping would dominate scanning time); a global intern table
 * (names would outlive the compilation and need a lock); a per-thread pool
 * (no lock, but a host compiling on many threads would keep a pool per
 * thread, and the lock is taken once per chunk, not per allocation).
 */
#include "arena.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#define ARENA_NO_POOL 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_NO_POOL 1
#endif
#endif

/* Under ASan the chunks are LeakSanitizer root regions: LSan does not scan
 * anonymous mappings, and the shared stdlib universe (universe.c) keeps
 * libgmp's malloc'd constants reachable only through its arena for the
 * life of the process. A chunk stops being a root when it is unmapped,
 * so a compilation's constants that are never freed still show as leaks. */
#ifdef ARENA_NO_POOL
#include <sanitizer/lsan_interface.h>
#define LSAN_ROOT(p, n) __lsan_register_root_region((p), (n))
#define LSAN_UNROOT(p, n) __lsan_unregister_root_region((p), (n))
#else
#define LSAN_ROOT(p, n) ((void)0)
#define LSAN_UNROOT(p, n) ((void)0)
#endif

struct arena_chunk {
    arena_chunk *next; /* the arena's chunk list, or the pool's */
    size_t size;       /* mapped bytes, header included */
    size_t used;       /* bytes past the header handed out (set when the arena leaves the chunk) */
};

struct arena_name {
    uint32_t hash;
    uint32_t len;
    char text[]; /* NUL-terminated */
};

enum { CHUNK_MIN = 64 << 10, CHUNK_MAX = 4 << 20, HUGE = 2 << 20 };
#define POOL_MAX ((size_t)16 << 20)
#define HDR ((sizeof(arena_chunk) + 15) & ~(size_t)15)

#ifndef ARENA_NO_POOL
/* The pool of free chunks, all bytes past their headers zero. */
static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static arena_chunk *pool;  /* guarded by pool_mu */
static size_t pool_bytes;  /* guarded by pool_mu: sum of the pooled chunks' sizes */
#endif

static void oom(size_t n) {
    fprintf(stderr, "fatal error: out of memory allocating %zu bytes for the compiler\n", n);
    abort();
}

static _Atomic(const arena *) base_arena; /* set once by arena_set_base */

void arena_init(arena *a) {
    memset(a, 0, sizeof *a);
    a->base = atomic_load_explicit(&base_arena, memory_order_acquire);
}

void arena_set_base(const arena *b) { atomic_store_explicit(&base_arena, b, memory_order_release); }

void arena_rebase(arena *a) {
    /* The names interned so far are forgotten (their bytes stay): none of
     * them may be in use, or one spelling could get two pointers. */
    if (a->names) memset(a->names, 0, sizeof *a->names * a->capnames);
    a->nnames = 0;
    a->base = atomic_load_explicit(&base_arena, memory_order_acquire);
}

/* Returns chunk c to the pool (clearing what was used of it) or unmaps it. */
static void release(arena_chunk *c) {
#ifndef ARENA_NO_POOL
    /* Kept with its used bytes dirty: reuse clears them. */
    pthread_mutex_lock(&pool_mu);
    bool keep = pool_bytes + c->size <= POOL_MAX;
    if (keep) {
        pool_bytes += c->size;
        c->next = pool;
        pool = c;
    }
    pthread_mutex_unlock(&pool_mu);
    if (keep)
        return;
#endif
    LSAN_UNROOT(c, c->size);
    munmap(c, c->size);
}

/* Takes the largest pooled chunk of at least len bytes, or NULL. */
static arena_chunk *reuse(size_t len) {
#ifdef ARENA_NO_POOL
    (void)len;
    return NULL;
#else
    pthread_mutex_lock(&pool_mu);
    arena_chunk **best = NULL;
    for (arena_chunk **pp = &pool; *pp; pp = &(*pp)->next)
        if ((*pp)->size >= len && (!best || (*pp)->size > (*best)->size))
            best = pp;
    arena_chunk *c = NULL;
    if (best) {
        c = *best;
        *best = c->next;
        pool_bytes -= c->size;
        c->next = NULL;
    }
    pthread_mutex_unlock(&pool_mu);
    if (c) {
        memset((char *)c + HDR, 0, c->used);
        c->used = 0;
    }
    return c;
#endif
}

void arena_free(arena *a) {
    if (a->chunks)
        a->chunks->used = (size_t)(a->ptr - ((char *)a->chunks + HDR));
    arena_chunk *c = a->chunks;
    while (c) {
        arena_chunk *next = c->next;
        release(c);
        c = next;
    }
    free(a->names);
    memset(a, 0, sizeof *a);
}

/* A chunk of len bytes (a multiple of HUGE) aligned to HUGE and backed by
 * transparent huge pages where the kernel allows: one page-table entry per
 * 2 MiB instead of 512, so filling the chunk costs far fewer TLB misses and
 * page-population steps. NULL if the mapping fails. */
static arena_chunk *hugechunk(size_t len) {
    len = (len + HUGE - 1) & ~(size_t)(HUGE - 1);
    char *m = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    char *p = (char *)(((uintptr_t)m + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
    if (p > m)
        munmap(m, (size_t)(p - m));
    if (p + len < m + len + HUGE)
        munmap(p + len, (size_t)(m + len + HUGE - (p + len)));
#ifdef MADV_HUGEPAGE
    madvise(p, len, MADV_HUGEPAGE);
#endif
    madvise(p, len, 23 /* MADV_POPULATE_WRITE (Linux 5.14); ignored where unknown */);
    arena_chunk *c = (arena_chunk *)p;
    c->size = len;
    return c;
}

void *arena_grow(arena *a, size_t n) {
    size_t hdr = HDR;
    size_t size = a->total < CHUNK_MIN ? CHUNK_MIN : a->total;
    if (size > CHUNK_MAX)
        size = CHUNK_MAX;
    bool own = n > size / 4;
    if (own)
        size = n;
    size_t len = (hdr + size + 4095) & ~(size_t)4095;
    arena_chunk *c = reuse(len);
    if (!c && len >= HUGE)
        c = hugechunk(len);
    if (!c) {
        c = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (c == MAP_FAILED)
            oom(n);
        c->size = len;
    }
    LSAN_ROOT(c, c->size);
    size = c->size - hdr;
    a->total += hdr + size;
    char *base = (char *)c + hdr;
    if (own && a->chunks) {
        /* keep bumping in the current chunk: link this one behind it */
        c->used = n;
        c->next = a->chunks->next;
        a->chunks->next = c;
        return base;
    }
    if (a->chunks)
        a->chunks->used = (size_t)(a->ptr - ((char *)a->chunks + HDR));
    c->next = a->chunks;
    a->chunks = c;
    a->ptr = base + n;
    a->end = base + size;
    return base;
}

char *arena_strndup(arena *a, const char *s, size_t n) {
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    return p;
}

char *arena_printf(arena *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

static uint32_t fnv(const char *s, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void rehash(arena *a) {
    uint32_t cap = a->capnames ? a->capnames * 2 : 1024;
    arena_name **t = calloc(cap, sizeof *t);
    if (!t)
        oom(cap * sizeof *t);
    for (uint32_t i = 0; i < a->capnames; i++) {
        arena_name *e = a->names[i];
        if (!e)
            continue;
        uint32_t j = e->hash & (cap - 1);
        while (t[j])
            j = (j + 1) & (cap - 1);
        t[j] = e;
    }
    free(a->names);
    a->names = t;
    a->capnames = cap;
}

const char *arena_intern(arena *a, const char *s, size_t n) {
    uint32_t h = fnv(s, n), mask, i;
    const arena *b = a->base;
    if (b && b->capnames) {
        mask = b->capnames - 1;
        for (i = h & mask; b->names[i]; i = (i + 1) & mask) {
            arena_name *e = b->names[i];
            if (e->hash == h && e->len == n && memcmp(e->text, s, n) == 0)
                return e->text;
        }
    }
    if (2 * (a->nnames + 1) > a->capnames)
        rehash(a);
    mask = a->capnames - 1;
    i = h & mask;
    for (arena_name *e; (e = a->names[i]) != NULL; i = (i + 1) & mask)
        if (e->hash == h && e->len == n && memcmp(e->text, s, n) == 0)
            return e->text;
    arena_name *e = arena_alloc(a, sizeof *e + n + 1);
    e->hash = h;
    e->len = (uint32_t)n;
    memcpy(e->text, s, n);
    a->names[i] = e;
    a->nnames++;
    return e->text;
}
