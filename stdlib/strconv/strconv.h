/*
 * strconv.h: strconv's parsers for other natives (fmt's Sscan), with
 * Go's error kinds (strconv.c).
 */
#ifndef GORT_STDLIB_STRCONV_H
#define GORT_STDLIB_STRCONV_H

#include "natives.h"

enum { E_OK, E_SYNTAX, E_RANGE, E_BASE, E_BITSIZE };

int vm_strconv_parse_uint(gort_string s, int64_t base, int64_t bits, uint64_t *out, int64_t *arg);
int vm_strconv_parse_int(gort_string s, int64_t base, int64_t bits, int64_t *out, int64_t *arg);
int vm_strconv_parse_float(gort_string s, int64_t bits, double *out);
/* The error (at out) a failed parse of s by strconv function fn returns:
 * a *strconv.NumError (kind: E_SYNTAX...; arg: the bad base or size). */
void vm_strconv_numerr(struct vmstate *vm, const char *fn, gort_string s, int kind, int64_t arg, vmslot *out);

#endif
