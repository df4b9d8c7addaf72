/*
 * itab.h: interface method tables (itab.c).
 *
 * A non-empty interface value is two words, (itab *, data); an empty one
 * is (gort_type *, data). data points at a heap copy of the value (see
 * docs/design/vm-values.md, "Interfaces"). The itab starts with the
 * dynamic type, so the dynamic type of any interface value is one load
 * away, and then holds the code of each of the interface's methods in
 * the interface's order (sorted by name, as gort_type.methods):
 *
 *   iface value            vmitab (one per (interface, type), cached)
 *   ┌────────┬──────┐      ┌──────────────────────┐
 *   │ itab * │ data │ ───► │ type   main.File     │
 *   └────────┴──┬───┘      │ iface  main.RW       │
 *               │          │ fun[0] Read  ─────────┼──► vmfunc
 *               ▼          │ fun[1] Write ─────────┼──► vmfunc
 *          heap copy       └──────────────────────┘
 *          of the value
 */
#ifndef GORTVM_ITAB_H
#define GORTVM_ITAB_H

#include <stdbool.h>
#include <stdint.h>

#include "gort.h"

struct vmfunc;

typedef struct vmitab {
    const gort_type *type;   /* the dynamic type: first, so TYPEOF is one load */
    const gort_type *iface;  /* the interface type */
    intptr_t nfun;
    const struct vmfunc *fun[]; /* the interface's methods, in its order */
} vmitab;

/* A type assertion the code generator describes for ASSERTFAIL (a
 * constant): what Go's *runtime.TypeAssertionError prints. */
typedef struct vmassert {
    const char *iface;        /* the operand's static type ("interface {}") */
    const gort_type *target;  /* the asserted type */
    bool targetiface;         /* target is an interface (missing method) */
} vmassert;

/* A program's itabs: built on first use, kept until itab_cache_free.
 * Safe for concurrent use by the program's goroutines. */
typedef struct vmitabs vmitabs;
vmitabs *itab_cache_new(void);
void itab_cache_free(vmitabs *c);

/* The itab of interface iface for dynamic type t; NULL when t lacks one
 * of iface's methods (or t is NULL). Memoised per (iface, t). */
const vmitab *itab_get(vmitabs *c, const gort_type *iface, const gort_type *t);

/* The name of the first method of iface (by name) that t lacks, or NULL. */
const char *itab_missing(const gort_type *iface, const gort_type *t);

#endif
