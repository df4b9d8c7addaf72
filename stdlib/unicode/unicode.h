/*
 * unicode.h: Go's Unicode classification and case mapping (Go 1.19's
 * tables, unicode.c), for the natives of unicode, strings, bytes and
 * strconv. A rune is an int32; out-of-range runes are in no class.
 */
#ifndef GORT_STDLIB_UNICODE_H
#define GORT_STDLIB_UNICODE_H

#include <stdbool.h>
#include <stdint.h>

bool ucd_isupper(int32_t r);
bool ucd_islower(int32_t r);
bool ucd_istitle(int32_t r);
bool ucd_isletter(int32_t r);
bool ucd_isdigit(int32_t r);
bool ucd_isnumber(int32_t r);
bool ucd_ispunct(int32_t r);
bool ucd_issymbol(int32_t r);
bool ucd_ismark(int32_t r);
bool ucd_isspace(int32_t r);
bool ucd_iscontrol(int32_t r);
bool ucd_isgraphic(int32_t r);
bool ucd_isprint(int32_t r);
int32_t ucd_to(int c, int32_t r); /* c: 0 upper, 1 lower, 2 title */
int32_t ucd_toupper(int32_t r);
int32_t ucd_tolower(int32_t r);
int32_t ucd_totitle(int32_t r);
int32_t ucd_simplefold(int32_t r);

/* UTF-8 (Go's unicode/utf8 rules; utf8.c) */
/* Decodes the rune at s[0..n) (n > 0): an invalid or short encoding is
 * U+FFFD of width 1. */
int32_t u8_decode(const unsigned char *s, intptr_t n, int *width);
/* Decodes the last rune of s[0..n) (n > 0). */
int32_t u8_decode_last(const unsigned char *s, intptr_t n, int *width);
/* Encodes r (an invalid rune as U+FFFD) into buf[4]; returns the length. */
int u8_encode(char *buf, int32_t r);
/* utf8.RuneLen: -1 for an invalid rune. */
int u8_runelen(int32_t r);

#endif
