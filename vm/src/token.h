/*
 * token.h: the tokens of Go 1.19, listed once.
 *
 * TOKENS(X) is an X-macro: X(name, text, prec). `text` is the token's
 * spelling as Go's parser prints it in "unexpected X" (keywords and
 * operators print as themselves, two delimiters by the names Go uses:
 * "comma", "semicolon or newline"). `prec` is the binary-operator precedence
 * (5 for * / % << >> & &^, 4 for + - | ^, 3 for comparisons, 2 for &&, 1 for
 * ||, 0 for everything else). The scanner, the parser, the AST printer and
 * the checker's operator messages all read this one table.
 *
 * Literals get one token per kind. An assignment operator "x op= y" is the
 * single token T_ASSIGN_OP whose operator (T_ADD, T_SHL, ...) the scanner
 * reports beside it, as Go's scanner does.
 */
#ifndef GORTVM_TOKEN_H
#define GORTVM_TOKEN_H

#define TOKENS(X)                              \
    X(T_EOF, "EOF", 0)                         \
    X(T_NAME, "name", 0)                       \
    X(T_INT, "literal", 0)                     \
    X(T_FLOAT, "literal", 0)                   \
    X(T_IMAG, "literal", 0)                    \
    X(T_CHAR, "literal", 0)                    \
    X(T_STRING, "literal", 0)                  \
    /* operators; binary ones have a prec */   \
    X(T_ADD, "+", 4)                           \
    X(T_SUB, "-", 4)                           \
    X(T_MUL, "*", 5)                           \
    X(T_QUO, "/", 5)                           \
    X(T_REM, "%", 5)                           \
    X(T_AND, "&", 5)                           \
    X(T_OR, "|", 4)                            \
    X(T_XOR, "^", 4)                           \
    X(T_SHL, "<<", 5)                          \
    X(T_SHR, ">>", 5)                          \
    X(T_AND_NOT, "&^", 5)                      \
    X(T_LAND, "&&", 2)                         \
    X(T_LOR, "||", 1)                          \
    X(T_EQL, "==", 3)                          \
    X(T_NEQ, "!=", 3)                          \
    X(T_LSS, "<", 3)                           \
    X(T_LEQ, "<=", 3)                          \
    X(T_GTR, ">", 3)                           \
    X(T_GEQ, ">=", 3)                          \
    X(T_NOT, "!", 0)                           \
    X(T_TILDE, "~", 0)                         \
    X(T_ARROW, "<-", 0)                        \
    X(T_ASSIGN_OP, "op=", 0)                   \
    X(T_INC, "++", 0)                          \
    X(T_DEC, "--", 0)                          \
    X(T_ASSIGN, "=", 0)                        \
    X(T_DEFINE, ":=", 0)                       \
    /* delimiters */                           \
    X(T_LPAREN, "(", 0)                        \
    X(T_LBRACK, "[", 0)                        \
    X(T_LBRACE, "{", 0)                        \
    X(T_RPAREN, ")", 0)                        \
    X(T_RBRACK, "]", 0)                        \
    X(T_RBRACE, "}", 0)                        \
    X(T_COMMA, "comma", 0)                     \
    X(T_SEMI, "semicolon or newline", 0)       \
    X(T_COLON, ":", 0)                         \
    X(T_DOT, ".", 0)                           \
    X(T_DOTDOTDOT, "...", 0)                   \
    /* keywords, alphabetical */               \
    X(T_BREAK, "break", 0)                     \
    X(T_CASE, "case", 0)                       \
    X(T_CHAN, "chan", 0)                       \
    X(T_CONST, "const", 0)                     \
    X(T_CONTINUE, "continue", 0)               \
    X(T_DEFAULT, "default", 0)                 \
    X(T_DEFER, "defer", 0)                     \
    X(T_ELSE, "else", 0)                       \
    X(T_FALLTHROUGH, "fallthrough", 0)         \
    X(T_FOR, "for", 0)                         \
    X(T_FUNC, "func", 0)                       \
    X(T_GO, "go", 0)                           \
    X(T_GOTO, "goto", 0)                       \
    X(T_IF, "if", 0)                           \
    X(T_IMPORT, "import", 0)                   \
    X(T_INTERFACE, "interface", 0)             \
    X(T_MAP, "map", 0)                         \
    X(T_PACKAGE, "package", 0)                 \
    X(T_RANGE, "range", 0)                     \
    X(T_RETURN, "return", 0)                   \
    X(T_SELECT, "select", 0)                   \
    X(T_STRUCT, "struct", 0)                   \
    X(T_SWITCH, "switch", 0)                   \
    X(T_TYPE, "type", 0)                       \
    X(T_VAR, "var", 0)

typedef enum token {
#define X(name, text, prec) name,
    TOKENS(X)
#undef X
        T_COUNT
} token;

/* The token's text: "+", "<<", "&&", "<-", "!", "~", "break", "comma", ... */
const char *token_text(token t);
/* Binary precedence (1..5), 0 when t is not a binary operator. */
int token_prec(token t);

#endif
