/*
 * format.h: Go's fmt formatting over runtime values (format.c).
 *
 * The engine behind fmt.Print*, Sprint*, Errorf and anything else that
 * prints a value as Go's fmt does. It reads values through their type
 * descriptors only (gort_any: a gort_type and a pointer to the value),
 * so it formats a script's values, a native's and a C host's alike.
 *
 *   fmtbuf b = {0};
 *   gort_any args[2] = {gort_any_int(42), gort_any_string("x")};
 *   fmt_sprintf(&b, NULL, "%5d|%q", 6, args, 2);   // b.p = "   42|\"x\""
 *   fmtbuf_free(&b);
 *
 * Methods. A value whose type has `Error() string` or `String() string`
 * (gort_type.methods, the VM's link step fills them) prints through it for
 * %v %s %q %x %X, as Go's handleMethods does. The engine cannot run a
 * method itself: env->call_string does (the VM calls the script's method;
 * NULL env: methods are ignored). A value of kind GORT_KIND_ERROR (the
 * runtime's own errors) prints its format() text.
 */
#ifndef GORTVM_FORMAT_H
#define GORTVM_FORMAT_H

#include <stddef.h>

#include "gort.h"

/* A growable byte buffer (malloc'd; p is not NUL-terminated). */
typedef struct fmtbuf {
    char *p;
    size_t n, cap;
} fmtbuf;

void fmtbuf_write(fmtbuf *b, const char *s, size_t n);
void fmtbuf_free(fmtbuf *b);

struct fmt_state;
typedef struct fmt_env {
    /* Runs method m (Error or String: func() string) of dynamic type t
     * on the value at data (the gort_any's data word, as an interface
     * call passes it) and stores its result in *out; returns true. A
     * method that panics returns false with the panic's value in
     * *panicked, which must stay valid until the fmt call returns (the
     * engine prints it as Go's catchPanic does: "<nil>" for a nil pointer
     * receiver, else "%!v(PANIC=String method: boom)"). */
    bool (*call_string)(void *ud, const gort_type *t, const gort_method *m, const void *data, gort_string *out,
                        gort_any *panicked);
    void *ud;
    /* Runs method m (Format: func(fmt.State, rune)) of dynamic type t on
     * the value at data, with a State over st (what the method writes
     * goes to st->b); false with *panicked as call_string. NULL:
     * Formatters are ignored. */
    bool (*call_format)(void *ud, const gort_type *t, const gort_method *m, const void *data,
                        struct fmt_state *st, int32_t verb, gort_any *panicked);
} fmt_env;

/* What a Formatter's fmt.State reports and where its Write goes. */
typedef struct fmt_state {
    fmtbuf *b;
    int wid, prec;
    bool widp, precp;
    bool plus, minus, sharp, space, zero; /* Flag('+') also reports %+v, Flag('#') %#v */
} fmt_state;

/* Print, Sprint: operands formatted with %v, a space between two when
 * neither is a string. */
void fmt_sprint(fmtbuf *b, const fmt_env *env, const gort_any *args, int nargs);
/* Println, Sprintln: spaces between all operands, a newline after. */
void fmt_sprintln(fmtbuf *b, const fmt_env *env, const gort_any *args, int nargs);
/* Printf, Sprintf. */
void fmt_sprintf(fmtbuf *b, const fmt_env *env, const char *format, size_t flen, const gort_any *args,
                 int nargs);
/* Errorf's formatting: as fmt_sprintf, and %w accepts an error operand;
 * *wrapped gets the index of the operand %w named (one %w), or -1. */
void fmt_errorf(fmtbuf *b, const fmt_env *env, const char *format, size_t flen, const gort_any *args,
                int nargs, int *wrapped);

/* The method named name with signature func() string of v's dynamic
 * type, or NULL. */
const gort_method *fmt_string_method(const gort_type *t, const char *name);

/* strconv's building blocks, shared with stdlib/strconv: */
/* strconv.Quote of s[0..n) with quote character q ('"' or '\''); ascii:
 * QuoteToASCII (every non-ASCII rune escaped). */
void fmt_quote(fmtbuf *b, const char *s, size_t n, char q, bool ascii);
/* strconv.FormatFloat(v, verb, prec, bits) into out (NUL-terminated):
 * verb one of b e E f g G x X; prec < 0 is the shortest that reads back. */
void fmt_formatfloat(char *out, size_t cap, double v, char verb, int prec, int bits);
/* strconv.IsPrint. */
bool fmt_isprint(uint32_t r);
/* strconv.CanBackquote. */
bool fmt_canbackquote(const char *s, size_t n);

#endif
