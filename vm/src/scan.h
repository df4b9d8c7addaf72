/*
 * scan.h: the scanner, turning a source file into Go 1.19 tokens.
 *
 * The parser drives it one token at a time (scan_next); the current token's
 * fields are valid until the next call. Errors go straight to the diag with
 * Go's wording and positions. See scan.c for the rules.
 */
#ifndef GORTVM_SCAN_H
#define GORTVM_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "token.h"

typedef struct scanner {
    /* input: the caller's bytes (not copied, no terminator needed: every
     * read checks r < len) */
    const char *buf;
    size_t len;
    size_t r;        /* index of the byte after ch */
    int32_t ch;      /* current character, -1 at EOF */
    uint32_t chw;    /* its width in bytes */
    uint32_t line;   /* 0-based line of ch */
    uint32_t col;    /* 0-based byte column of ch */
    size_t b;        /* start of the current token's text */
    bool nlsemi;     /* a newline or EOF now becomes ';' */

    arena *a;
    diag *d;
    uint32_t file;

    /* the current token */
    token tok;
    token op;        /* T_ASSIGN_OP: the operator (T_ADD for +=) */
    uint32_t tline, tcol; /* 1-based position of the token */
    const char *lit; /* T_NAME: interned name; literals: text (not
                        NUL-terminated, litlen bytes); T_SEMI: "semicolon",
                        "newline" or "EOF" */
    size_t litlen;
    bool bad;        /* literal with an error */

    /* //go: and //gort: directives seen since the parser last took them */
    ast_pragma *pragmas; /* malloc'd */
    int npragmas, cappragmas;
} scanner;

void scan_init(scanner *s, arena *a, diag *d, uint32_t file, const char *src, size_t len);
void scan_free(scanner *s);
void scan_next(scanner *s);

static inline srcpos scan_pos(const scanner *s) { return srcpos_make(s->file, s->tline, s->tcol); }

/* Decodes a validated string literal's text (quotes included) into dst,
 * which has room for 3 * litlen bytes (an invalid UTF-8 byte, reported by
 * the scanner, decodes to U+FFFD); returns the decoded length. */
size_t scan_unquote_string(const char *text, size_t len, char *dst);
/* Decodes a validated rune literal's text (quotes included). */
int32_t scan_unquote_rune(const char *text, size_t len);

/* UTF-8: decodes one code point from p[0:n]; returns it and sets *w to its
 * width, or returns -1 with *w = 1 for an invalid encoding. */
int32_t utf8_decode(const unsigned char *p, size_t n, uint32_t *w);
/* Encodes r into p (4 bytes room); returns the width. */
int utf8_encode(char *p, int32_t r);
bool uni_isletter(int32_t r);
bool uni_isdigit(int32_t r);

#endif
