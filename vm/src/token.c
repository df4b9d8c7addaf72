/*
 * token.c: the token table's accessors (token.h holds the table).
 */
#include "token.h"

static const char *const texts[T_COUNT] = {
#define X(name, text, prec) [name] = text,
    TOKENS(X)
#undef X
};

static const unsigned char precs[T_COUNT] = {
#define X(name, text, prec) [name] = prec,
    TOKENS(X)
#undef X
};

const char *token_text(token t) { return (unsigned)t < T_COUNT ? texts[t] : "?"; }

int token_prec(token t) { return (unsigned)t < T_COUNT ? precs[t] : 0; }
