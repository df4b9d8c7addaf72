/*
 * arena.c: bump allocation in mmap'd chunks, and the name intern table.
 *
 * Chunks start at 64 KiB and double up to 4 MiB; a request larger than a
 * quarter of the chunk size gets a chunk of its own (so a huge literal does
 * not waste the rest of the current chunk). Chunks are mapped with
 * MAP_POPULATE: the kernel hands over the pages zeroed and already mapped
 * in one call, where touching fresh calloc'd memory page by page took a
 * fault per 4 KiB (measured: page faults were three quarters of parse time
 * on the gosuite corpus). Memory is never reused, so it stays zero until
 * handed out: arena_alloc need not clear it.
 *
 * The intern table maps a spelling to its unique copy. Open addressing with
 * linear probing over a power-of-two array of entry pointers, load at most
 * 1/2, FNV-1a hashes kept in the entries so growth does not rehash text.
 *
 * Rejected: malloc per node (the parser makes one allocation per node, and
 * malloc's bookkeeping would dominate scanning time); a global intern table
 * (names would outlive the compilation and need a lock).
 */
#include "arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct arena_chunk {
    arena_chunk *next;
    size_t size;
};

struct arena_name {
    uint32_t hash;
    uint32_t len;
    char text[]; /* NUL-terminated */
};

enum { CHUNK_MIN = 64 << 10, CHUNK_MAX = 4 << 20 };

static void oom(size_t n) {
    fprintf(stderr, "fatal error: out of memory allocating %zu bytes for the compiler\n", n);
    abort();
}

void arena_init(arena *a) { memset(a, 0, sizeof *a); }

void arena_free(arena *a) {
    arena_chunk *c = a->chunks;
    while (c) {
        arena_chunk *next = c->next;
        munmap(c, c->size);
        c = next;
    }
    free(a->names);
    memset(a, 0, sizeof *a);
}

void *arena_grow(arena *a, size_t n) {
    size_t hdr = (sizeof(arena_chunk) + 15) & ~(size_t)15;
    size_t size = a->total < CHUNK_MIN ? CHUNK_MIN : a->total;
    if (size > CHUNK_MAX)
        size = CHUNK_MAX;
    bool own = n > size / 4;
    if (own)
        size = n;
    size_t len = (hdr + size + 4095) & ~(size_t)4095;
    arena_chunk *c = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (c == MAP_FAILED)
        oom(n);
    c->size = len;
    size = len - hdr;
    a->total += hdr + size;
    char *base = (char *)c + hdr;
    if (own && a->chunks) {
        /* keep bumping in the current chunk: link this one behind it */
        c->next = a->chunks->next;
        a->chunks->next = c;
        return base;
    }
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
    if (2 * (a->nnames + 1) > a->capnames)
        rehash(a);
    uint32_t h = fnv(s, n), mask = a->capnames - 1;
    uint32_t i = h & mask;
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
