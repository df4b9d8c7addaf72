/*
 * arena.h: per-compilation memory.
 *
 * Everything the front end builds (AST nodes, literal text, interned names,
 * the checker's types and constants) lives in one arena and dies with it:
 * arena_free releases it all at once. Allocation is a pointer bump in the
 * current chunk; chunks come from calloc, and the arena never reuses
 * memory, so what it hands out is always zeroed.
 *
 * The arena also interns names: arena_intern returns one pointer per
 * distinct spelling, so the checker compares identifiers by pointer and
 * hashes them by address. Spellings the shared base arena knows (the
 * universe's and the stdlib declarations' names) come from the base, so
 * they are the same pointers in every compilation.
 *
 * An arena is used by one thread at a time (no locks). The front end does
 * not use the GC heap at all.
 */
#ifndef GORTVM_ARENA_H
#define GORTVM_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct arena_chunk arena_chunk;
typedef struct arena_name arena_name;

typedef struct arena {
    char *ptr;            /* next free byte of the current chunk */
    char *end;            /* end of the current chunk */
    arena_chunk *chunks;  /* every chunk, newest first (freed by arena_free) */
    size_t total;         /* bytes of the arena's chunks (sizes the next chunk) */
    arena_name **names;   /* intern table: open addressing, power-of-two size */
    uint32_t nnames, capnames;
    const struct arena *base; /* frozen shared names looked up first (arena_set_base), or NULL */
} arena;

void arena_init(arena *a);
/* Makes b's names (b frozen from now on: never interned into again) the
 * base of every arena initialised or rebased afterwards: arena_intern
 * returns b's copy of a spelling b has, so names agree by pointer with the
 * objects built on them (the shared universe and stdlib, universe.c). A
 * later call publishes a newer b; earlier ones stay valid. */
void arena_set_base(const arena *b);
/* Takes the base published now as a's base and forgets the names a has
 * interned: the caller must hold none of them (a spelling could then have
 * two pointers). */
void arena_rebase(arena *a);
void arena_free(arena *a);

/* Slow path of arena_alloc: starts a new chunk big enough for n bytes. */
void *arena_grow(arena *a, size_t n);

/* Returns n zeroed bytes aligned to 8. Never returns NULL (running out of
 * memory is fatal). */
static inline void *arena_alloc(arena *a, size_t n) {
    n = (n + 7) & ~(size_t)7;
    if ((size_t)(a->end - a->ptr) < n)
        return arena_grow(a, n);
    void *p = a->ptr;
    a->ptr += n;
    return p;
}

#define ARENA_NEW(a, T) ((T *)arena_alloc((a), sizeof(T)))
#define ARENA_ARRAY(a, T, n) ((T *)arena_alloc((a), sizeof(T) * (size_t)(n)))

/* Copies s[0:n] and a NUL terminator into the arena. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* printf into the arena. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the arena's unique NUL-terminated copy of s[0:n]: equal
 * spellings give equal pointers. */
const char *arena_intern(arena *a, const char *s, size_t n);

#endif
