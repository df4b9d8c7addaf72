/*
 * link.h: the checker's types as the runtime's type descriptors (link.c).
 *
 *   gtype (checker, compile time)  --link_type-->  gort_type (runtime)
 *
 * One descriptor per identical type (types_identical), so descriptor
 * pointers compare as types do: two interface values hold the same
 * dynamic type iff their type words are equal. Descriptors live in the
 * compilation's arena with the program and never change once returned,
 * except for the method table, which link_set_methods fills (once) for
 * the code generator of methods.
 *
 * Memory layout is Go's on a 64-bit machine (docs/design/vm-values.md):
 * bool and int8 1 byte, int16 2, int32/float32 4, int/int64/float64 and
 * pointers, maps, channels and funcs 8, string 16 (ptr, len), slice 24
 * (ptr, len, cap), interface 16 (type or itab, data), arrays len * elem,
 * structs with each field at its alignment and the size rounded up to
 * the struct's alignment.
 */
#ifndef GORTVM_LINK_H
#define GORTVM_LINK_H

#include "gort.h"
#include "arena.h"
#include "types.h"

typedef struct vmlink vmlink;

/* A link context whose descriptors live in a (they outlive the context). */
vmlink *link_new(arena *a);
/* Frees the context's memo table; the descriptors stay in the arena. */
void link_free(vmlink *l);

/* The descriptor of t (untyped types: of their default type). Never NULL
 * for a type that has a runtime form; NULL for tuples and invalid types. */
const gort_type *link_type(vmlink *l, gtype *t);

/* Size and alignment of a value of t in memory, and the offset of field
 * i of struct type t (t's underlying type must be a struct). */
size_t link_sizeof(vmlink *l, gtype *t);
size_t link_alignof(vmlink *l, gtype *t);
size_t link_offsetof(vmlink *l, gtype *t, int i);

/* Installs t's method table (sorted by name; the array must outlive the
 * program, e.g. in the same arena). Once per descriptor. */
void link_set_methods(vmlink *l, const gort_type *t, const gort_method *m, intptr_t n);

/* How many descriptors the context made (tests, statistics). */
int link_count(const vmlink *l);

#endif
