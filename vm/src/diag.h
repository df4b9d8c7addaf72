/*
 * diag.h: the error list of a compilation.
 *
 * Stages report errors with diag_errorf(d, pos, fmt, ...). The list follows
 * Go 1.19's compiler (cmd/compile/internal/base/print.go):
 *   - a message that starts with "syntax error" is dropped when a syntax
 *     error was already reported on the same line (one per line);
 *   - any other message is dropped when the previous other message was on
 *     the same line with the same text;
 *   - when the count reaches the limit (10; 0 means none, as with -e) the
 *     list is "full": later reports are ignored, and diag_print ends with
 *     "file:line:col: too many errors" at the position of the report that
 *     filled it. Stages should stop early once diag_full() is true.
 * diag_print sorts the messages by position (stable), drops exact duplicate
 * lines, and prints "file:line:col: msg" lines.
 *
 * The diag owns the compilation's srcset (the file table srcpos.file
 * indexes), since printing a position needs the file's name.
 */
#ifndef GORTVM_DIAG_H
#define GORTVM_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "source.h"

typedef struct diag_msg {
    srcpos pos;
    char *msg;   /* malloc'd; no position prefix, no newline */
    bool syntax; /* starts with "syntax error" */
} diag_msg;

typedef struct diag {
    srcset files;   /* every file of the compilation */
    diag_msg *msgs; /* malloc'd, in report order (diag_sort reorders) */
    int n, cap;
    int limit;      /* 10 by default; 0 = unlimited (-e) */
    int nsyntax;    /* syntax errors reported, dropped ones included */
    bool full;      /* the limit was reached */
    srcpos fullpos; /* position of the report that reached it */
    srcpos last_syntax, last_other; /* the per-line filters' state */
    char *last_msg;                 /* malloc'd text of the last other message */
} diag;

void diag_init(diag *d);
void diag_free(diag *d);

void diag_errorf(diag *d, srcpos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_verrorf(diag *d, srcpos pos, const char *fmt, va_list ap);

/* Number of errors kept (what Go counts toward its limit). */
static inline int diag_count(const diag *d) { return d->n; }
static inline bool diag_full(const diag *d) { return d->full; }

/* Sorts the messages by position (stable). diag_print calls it. */
void diag_sort(diag *d);
/* Sorts and prints every message, then "too many errors" if full. */
void diag_print(diag *d, FILE *f);
/* Formats message i as "file:line:col: msg" into buf (no newline). */
void diag_format(const diag *d, int i, char *buf, size_t cap);

#endif
