/*
 * scan.c: the scanner.
 *
 * It reads the source one character at a time the way Go 1.19's scanner
 * (cmd/compile/internal/syntax/scanner.go, source.go) does, because Go's
 * error positions fall out of that model: `ch` is the current character,
 * (line, col) its 0-based position, and an error "at the current character"
 * is reported at (line+1, col+1). ASCII takes one compare per character;
 * other bytes are decoded as UTF-8 on the spot.
 *
 * Source-level rules (as Go's source.go):
 *   - a NUL byte is "invalid NUL character" and skipped;
 *   - an invalid UTF-8 byte is "invalid UTF-8 encoding" and skipped;
 *   - a BOM (U+FEFF) is skipped; anywhere but the first character it is
 *     also "invalid BOM in the middle of the file".
 *
 * The semicolon rule (Go spec, "Semicolons"): after a line's last token, a
 * newline (or EOF, or a block comment spanning lines) becomes a ';' token when
 * that token is an identifier, a literal, one of the keywords break,
 * continue, fallthrough, return, or one of ++ -- ) ] }. The scanner keeps
 * this as `nlsemi`, set by each token that allows it; while it is clear,
 * newlines are plain white space. The inserted token's literal is "newline"
 * or "EOF" (an explicit one is "semicolon"), which is how Go's parser words
 * "unexpected newline".
 *
 * Literals are checked here with Go's messages (digit errors, separators,
 * escapes, unterminated strings and runes) and marked `bad` so that later
 * stages skip them; the parser gets the token either way, so one bad
 * literal does not cascade into syntax errors. Imaginary literals (1i) are
 * scanned as T_IMAG for the checker to reject.
 *
 * Keywords are found by Go's perfect hash over (first byte, second byte,
 * length) into a 64-entry table, then one memcmp. Names are interned in the
 * arena, so the parser and checker never copy or compare identifier text.
 *
 * Comments are skipped, except line comments starting "//go:" or "//gort:"
 * at the start of a line: those are kept as pragmas for the parser to
 * attach to the next function declaration (the FFI reads //gort:extern).
 *
 * Rejected: a table-driven DFA (the semicolon rule and Go's error
 * positions are easier to keep exact in straight code, and this is not the
 * bottleneck); scanning the whole file into a token array first (the
 * parser needs one token of lookahead only, and an array costs memory
 * traffic for nothing).
 */
#include "scan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unicode_tab.h"

/* ---- UTF-8 and Unicode classes ---- */

int32_t utf8_decode(const unsigned char *p, size_t n, uint32_t *w) {
    unsigned c = p[0];
    *w = 1;
    if (c < 0x80)
        return (int32_t)c;
    uint32_t need, r, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1, r = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2, r = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3, r = c & 0x07, min = 0x10000;
    } else {
        return -1;
    }
    if (n < need + 1)
        return -1;
    for (uint32_t i = 1; i <= need; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return -1;
        r = r << 6 | (p[i] & 0x3F);
    }
    if (r < min || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000))
        return -1;
    *w = need + 1;
    return (int32_t)r;
}

int utf8_encode(char *p, int32_t r) {
    uint32_t u = (uint32_t)r;
    if (r < 0 || u > 0x10FFFF || (u >= 0xD800 && u < 0xE000))
        u = 0xFFFD;
    if (u < 0x80) {
        p[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        p[0] = (char)(0xC0 | u >> 6);
        p[1] = (char)(0x80 | (u & 0x3F));
        return 2;
    }
    if (u < 0x10000) {
        p[0] = (char)(0xE0 | u >> 12);
        p[1] = (char)(0x80 | (u >> 6 & 0x3F));
        p[2] = (char)(0x80 | (u & 0x3F));
        return 3;
    }
    p[0] = (char)(0xF0 | u >> 18);
    p[1] = (char)(0x80 | (u >> 12 & 0x3F));
    p[2] = (char)(0x80 | (u >> 6 & 0x3F));
    p[3] = (char)(0x80 | (u & 0x3F));
    return 4;
}

static bool inranges(const uint32_t (*t)[2], size_t n, int32_t r) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if ((uint32_t)r < t[m][0])
            hi = m;
        else if ((uint32_t)r > t[m][1])
            lo = m + 1;
        else
            return true;
    }
    return false;
}

bool uni_isletter(int32_t r) {
    if (r < 0x80)
        return (r | 0x20) >= 'a' && (r | 0x20) <= 'z';
    return inranges(uni_letter, sizeof uni_letter / sizeof uni_letter[0], r);
}

bool uni_isdigit(int32_t r) {
    if (r < 0x80)
        return r >= '0' && r <= '9';
    return inranges(uni_digit, sizeof uni_digit / sizeof uni_digit[0], r);
}

/* An approximation of strconv.IsPrint good for error messages: ASCII
 * graphic characters and space, and non-ASCII characters outside the C1
 * controls, format characters and separators Go treats as unprintable. */
static bool isprint_rune(int32_t r) {
    if (r < 0x80)
        return r >= 0x20 && r < 0x7F;
    if (r < 0xA0 || r == 0xAD || r == 0xFEFF || (r >= 0x2000 && r <= 0x200F) ||
        (r >= 0x2028 && r <= 0x202F) || (r >= 0x205F && r <= 0x206F) ||
        (r >= 0xD800 && r < 0xE000) || (r >= 0xFFF9 && r <= 0xFFFB) || r > 0x10FFFF)
        return false;
    return true;
}

/* Formats r as Go's %#U: "U+0040 '@'" (the character only if printable). */
static void fmt_U(char *buf, size_t cap, int32_t r) {
    char ch[8];
    if (isprint_rune(r)) {
        int n = utf8_encode(ch, r);
        ch[n] = 0;
        snprintf(buf, cap, "U+%04X '%s'", (unsigned)r, ch);
    } else {
        snprintf(buf, cap, "U+%04X", (unsigned)r);
    }
}

/* Formats r as Go's %q of a rune: '8', '\n', '\x00', '\u00ad'. */
static void fmt_q(char *buf, size_t cap, int32_t r) {
    const char *esc = NULL;
    switch (r) {
    case '\a': esc = "\\a"; break;
    case '\b': esc = "\\b"; break;
    case '\f': esc = "\\f"; break;
    case '\n': esc = "\\n"; break;
    case '\r': esc = "\\r"; break;
    case '\t': esc = "\\t"; break;
    case '\v': esc = "\\v"; break;
    case '\\': esc = "\\\\"; break;
    case '\'': esc = "\\'"; break;
    }
    if (esc) {
        snprintf(buf, cap, "'%s'", esc);
    } else if (isprint_rune(r)) {
        char ch[8];
        int n = utf8_encode(ch, r);
        ch[n] = 0;
        snprintf(buf, cap, "'%s'", ch);
    } else if (r < ' ' || r == 0x7F) {
        snprintf(buf, cap, "'\\x%02x'", (unsigned)r);
    } else if (r < 0x10000) {
        snprintf(buf, cap, "'\\u%04x'", (unsigned)r);
    } else {
        snprintf(buf, cap, "'\\U%08x'", (unsigned)r);
    }
}

/* ---- reading characters ---- */

/* Reports at the current character. */
static void errorf(scanner *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void errorf(scanner *s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_verrorf(s->d, srcpos_make(s->file, s->line + 1, s->col + 1), fmt, ap);
    va_end(ap);
}

/* Reports at a byte offset from the current token's start. */
static void errorat(scanner *s, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void errorat(scanner *s, size_t off, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_verrorf(s->d, srcpos_make(s->file, s->tline, s->tcol + (uint32_t)off), fmt, ap);
    va_end(ap);
}

static void nextch_slow(scanner *s);

/* Advances to the next character (Go's source.nextch). */
static inline void nextch(scanner *s) {
    s->col += s->chw;
    if (s->ch == '\n') {
        s->line++;
        s->col = 0;
    }
    if (s->r < s->len) {
        unsigned char c = (unsigned char)s->buf[s->r];
        if (c < 0x80 && c != 0) {
            s->ch = c;
            s->chw = 1;
            s->r++;
            return;
        }
    }
    nextch_slow(s);
}

static void nextch_slow(scanner *s) {
    for (;;) {
        if (s->r >= s->len) {
            s->ch = -1;
            s->chw = 0;
            return;
        }
        const unsigned char *p = (const unsigned char *)s->buf + s->r;
        if (p[0] == 0) {
            s->ch = 0;
            s->chw = 1;
            s->r++;
            errorf(s, "invalid NUL character");
        } else {
            uint32_t w;
            int32_t r = utf8_decode(p, s->len - s->r, &w);
            s->r += w;
            s->chw = w;
            if (r < 0) {
                s->ch = 0xFFFD;
                errorf(s, "invalid UTF-8 encoding");
            } else if (r == 0xFEFF) {
                s->ch = r;
                if (s->line > 0 || s->col > 0)
                    errorf(s, "invalid BOM in the middle of the file");
            } else {
                s->ch = r;
                return;
            }
        }
        /* skip the bad character: advance the column past it */
        s->col += s->chw;
        if (s->r < s->len && (unsigned char)s->buf[s->r] < 0x80 && s->buf[s->r] != 0) {
            s->ch = (unsigned char)s->buf[s->r];
            s->chw = 1;
            s->r++;
            return;
        }
    }
}

void scan_init(scanner *s, arena *a, diag *d, uint32_t file, const char *src, size_t len) {
    memset(s, 0, sizeof *s);
    s->buf = src;
    s->len = len;
    s->a = a;
    s->d = d;
    s->file = file;
    s->ch = ' '; /* a blank before the first character, of width 0 */
    s->chw = 0;
    s->col = 0;
    s->line = 0;
    nextch(s);
}

void scan_free(scanner *s) {
    free(s->pragmas);
    s->pragmas = NULL;
}

static inline bool isletter(int32_t c) { return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_'; }
static inline bool isdecimal(int32_t c) { return c >= '0' && c <= '9'; }
static inline bool ishex(int32_t c) { return isdecimal(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
static inline int32_t lower(int32_t c) { return c | 0x20; }

/* ---- identifiers and keywords ---- */

static const token keywords[64] = {
    [0] = T_ELSE,    [3] = T_IMPORT,     [4] = T_VAR,       [6] = T_RANGE,
    [7] = T_INTERFACE, [10] = T_STRUCT,  [11] = T_RETURN,   [12] = T_FALLTHROUGH,
    [13] = T_SWITCH, [18] = T_FOR,       [21] = T_CASE,     [23] = T_BREAK,
    [25] = T_FUNC,   [27] = T_SELECT,    [28] = T_CHAN,     [33] = T_GO,
    [35] = T_GOTO,   [36] = T_CONST,     [39] = T_CONTINUE, [40] = T_PACKAGE,
    [42] = T_DEFER,  [44] = T_DEFAULT,   [52] = T_MAP,      [56] = T_IF,
    [61] = T_TYPE,
};

/* Go's atIdentChar: is ch (non-ASCII) part of an identifier? Reports a
 * digit at the start or a non-letter as Go does. */
static bool atidentchar(scanner *s, bool first) {
    if (uni_isletter(s->ch) || s->ch == '_')
        return true;
    if (uni_isdigit(s->ch)) {
        if (first) {
            char u[32];
            fmt_U(u, sizeof u, s->ch);
            errorf(s, "identifier cannot begin with digit %s", u);
        }
        return true;
    }
    if (s->ch >= 0x80) {
        char u[32];
        fmt_U(u, sizeof u, s->ch);
        errorf(s, "invalid character %s in identifier", u);
        return true;
    }
    return false;
}

static void ident(scanner *s) {
    while (isletter(s->ch) || isdecimal(s->ch))
        nextch(s);
    if (s->ch >= 0x80)
        while (atidentchar(s, false))
            nextch(s);
    const char *lit = s->buf + s->b;
    size_t n = s->r - s->chw - s->b;
    if (s->ch < 0)
        n = s->len - s->b;
    if (n >= 2) {
        unsigned h = ((unsigned)(unsigned char)lit[0] << 4 ^ (unsigned char)lit[1]) + (unsigned)n;
        token t = keywords[h & 63];
        if (t) {
            const char *kw = token_text(t);
            if (strlen(kw) == n && memcmp(kw, lit, n) == 0) {
                s->nlsemi = t == T_BREAK || t == T_CONTINUE || t == T_FALLTHROUGH || t == T_RETURN;
                s->tok = t;
                return;
            }
        }
    }
    s->nlsemi = true;
    s->tok = T_NAME;
    s->lit = arena_intern(s->a, lit, n);
    s->litlen = n;
}

/* ---- numbers ---- */

static const char *base_name(int base) {
    switch (base) {
    case 2: return "binary";
    case 8: return "octal";
    case 10: return "decimal";
    }
    return "hexadecimal";
}

/* The end of the current token's text. */
static inline size_t segend(const scanner *s) { return s->ch < 0 ? s->len : s->r - s->chw; }

/* Go's digits: accepts { digit | '_' }; records the first digit >= base
 * (base <= 10) as an offset in *invalid. Returns bit 0 = digits seen,
 * bit 1 = separators seen. */
static int digits(scanner *s, int base, long *invalid) {
    int digsep = 0;
    if (base <= 10) {
        int32_t max = '0' + base;
        while (isdecimal(s->ch) || s->ch == '_') {
            int ds = 1;
            if (s->ch == '_')
                ds = 2;
            else if (s->ch >= max && invalid && *invalid < 0)
                *invalid = (long)(s->r - s->chw - s->b);
            digsep |= ds;
            nextch(s);
        }
    } else {
        while (ishex(s->ch) || s->ch == '_') {
            digsep |= s->ch == '_' ? 2 : 1;
            nextch(s);
        }
    }
    return digsep;
}

/* Go's invalidSep: index of the first misplaced '_' in x, or -1. */
static long invalidsep(const char *x, size_t n) {
    int32_t x1 = ' ', d = '.';
    size_t i = 0;
    if (n >= 2 && x[0] == '0') {
        x1 = lower(x[1]);
        if (x1 == 'x' || x1 == 'o' || x1 == 'b') {
            d = '0';
            i = 2;
        }
    }
    for (; i < n; i++) {
        int32_t p = d;
        d = (unsigned char)x[i];
        if (d == '_') {
            if (p != '0')
                return (long)i;
        } else if (isdecimal(d) || (x1 == 'x' && ishex(d))) {
            d = '0';
        } else {
            if (p == '_')
                return (long)i - 1;
            d = '.';
        }
    }
    if (d == '_')
        return (long)n - 1;
    return -1;
}

static void setlit(scanner *s, token kind, bool ok) {
    s->nlsemi = true;
    s->tok = kind;
    s->lit = s->buf + s->b;
    s->litlen = segend(s) - s->b;
    s->bad = !ok;
}

static void number(scanner *s, bool seenpoint) {
    bool ok = true;
    token kind = T_INT;
    int base = 10;
    int32_t prefix = 0;
    int digsep = 0;
    long invalid = -1;
    char q[32];

    if (!seenpoint) {
        if (s->ch == '0') {
            nextch(s);
            switch (lower(s->ch)) {
            case 'x': nextch(s); base = 16, prefix = 'x'; break;
            case 'o': nextch(s); base = 8, prefix = 'o'; break;
            case 'b': nextch(s); base = 2, prefix = 'b'; break;
            default: base = 8, prefix = '0', digsep = 1; break;
            }
        }
        digsep |= digits(s, base, &invalid);
        if (s->ch == '.') {
            if (prefix == 'o' || prefix == 'b') {
                errorf(s, "invalid radix point in %s literal", base_name(base));
                ok = false;
            }
            nextch(s);
            seenpoint = true;
        }
    }
    if (seenpoint) {
        kind = T_FLOAT;
        digsep |= digits(s, base, &invalid);
    }
    if ((digsep & 1) == 0 && ok) {
        errorf(s, "%s literal has no digits", base_name(base));
        ok = false;
    }
    int32_t e = lower(s->ch);
    if (e == 'e' || e == 'p') {
        if (ok) {
            if (e == 'e' && prefix != 0 && prefix != '0') {
                fmt_q(q, sizeof q, s->ch);
                errorf(s, "%s exponent requires decimal mantissa", q);
                ok = false;
            } else if (e == 'p' && prefix != 'x') {
                fmt_q(q, sizeof q, s->ch);
                errorf(s, "%s exponent requires hexadecimal mantissa", q);
                ok = false;
            }
        }
        nextch(s);
        kind = T_FLOAT;
        if (s->ch == '+' || s->ch == '-')
            nextch(s);
        digsep = digits(s, 10, NULL) | (digsep & 2);
        if ((digsep & 1) == 0 && ok) {
            errorf(s, "exponent has no digits");
            ok = false;
        }
    } else if (prefix == 'x' && kind == T_FLOAT && ok) {
        errorf(s, "hexadecimal mantissa requires a 'p' exponent");
        ok = false;
    }
    if (s->ch == 'i') {
        kind = T_IMAG;
        nextch(s);
    }
    setlit(s, kind, ok);
    if (kind == T_INT && invalid >= 0 && ok) {
        fmt_q(q, sizeof q, (unsigned char)s->lit[invalid]);
        errorat(s, (size_t)invalid, "invalid digit %s in %s literal", q, base_name(base));
        ok = false;
    }
    if ((digsep & 2) && ok) {
        long i = invalidsep(s->lit, s->litlen);
        if (i >= 0) {
            errorat(s, (size_t)i, "'_' must separate successive digits");
            ok = false;
        }
    }
    s->bad = !ok;
}

/* ---- runes and strings ---- */

/* Go's escape: after a backslash. Returns false after reporting an error;
 * true at EOF (the caller complains). */
static bool escape(scanner *s, int32_t quote) {
    int n;
    uint32_t base, max;
    char q[32];
    switch (s->ch) {
    case 'a': case 'b': case 'f': case 'n': case 'r': case 't': case 'v': case '\\':
        nextch(s);
        return true;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        n = 3, base = 8, max = 255;
        break;
    case 'x':
        nextch(s);
        n = 2, base = 16, max = 255;
        break;
    case 'u':
        nextch(s);
        n = 4, base = 16, max = 0x10FFFF;
        break;
    case 'U':
        nextch(s);
        n = 8, base = 16, max = 0x10FFFF;
        break;
    default:
        if (s->ch == quote) {
            nextch(s);
            return true;
        }
        if (s->ch < 0)
            return true;
        errorf(s, "unknown escape");
        return false;
    }
    uint32_t x = 0;
    for (int i = n; i > 0; i--) {
        if (s->ch < 0)
            return true;
        uint32_t d = base;
        if (isdecimal(s->ch))
            d = (uint32_t)(s->ch - '0');
        else if (lower(s->ch) >= 'a' && lower(s->ch) <= 'f')
            d = (uint32_t)(lower(s->ch) - 'a' + 10);
        if (d >= base) {
            fmt_q(q, sizeof q, s->ch);
            errorf(s, "invalid character %s in %s escape", q, base_name((int)base));
            return false;
        }
        x = x * base + d;
        nextch(s);
    }
    if (x > max && base == 8) {
        errorf(s, "octal escape value %u > 255", x);
        return false;
    }
    if (x > max || (x >= 0xD800 && x < 0xE000)) {
        char u[32];
        fmt_U(u, sizeof u, (int32_t)x);
        errorf(s, "escape is invalid Unicode code point %s", u);
        return false;
    }
    return true;
}

static void rune(scanner *s) {
    bool ok = true;
    nextch(s);
    for (int n = 0;; n++) {
        if (s->ch == '\'') {
            if (ok) {
                if (n == 0) {
                    errorf(s, "empty rune literal or unescaped '");
                    ok = false;
                } else if (n != 1) {
                    errorat(s, 0, "more than one character in rune literal");
                    ok = false;
                }
            }
            nextch(s);
            break;
        }
        if (s->ch == '\\') {
            nextch(s);
            if (!escape(s, '\''))
                ok = false;
            continue;
        }
        if (s->ch == '\n') {
            if (ok) {
                errorf(s, "newline in rune literal");
                ok = false;
            }
            break;
        }
        if (s->ch < 0) {
            if (ok) {
                errorat(s, 0, "rune literal not terminated");
                ok = false;
            }
            break;
        }
        nextch(s);
    }
    setlit(s, T_CHAR, ok);
}

static void stdstring(scanner *s) {
    bool ok = true;
    nextch(s);
    for (;;) {
        if (s->ch == '"') {
            nextch(s);
            break;
        }
        if (s->ch == '\\') {
            nextch(s);
            if (!escape(s, '"'))
                ok = false;
            continue;
        }
        if (s->ch == '\n') {
            errorf(s, "newline in string");
            ok = false;
            break;
        }
        if (s->ch < 0) {
            errorat(s, 0, "string not terminated");
            ok = false;
            break;
        }
        nextch(s);
    }
    setlit(s, T_STRING, ok);
}

static void rawstring(scanner *s) {
    bool ok = true;
    nextch(s);
    for (;;) {
        if (s->ch == '`') {
            nextch(s);
            break;
        }
        if (s->ch < 0) {
            errorat(s, 0, "string not terminated");
            ok = false;
            break;
        }
        nextch(s);
    }
    setlit(s, T_STRING, ok);
}

/* ---- comments ---- */

static void skipline(scanner *s) {
    while (s->ch >= 0 && s->ch != '\n')
        nextch(s);
}

/* Go's trailingDigits: the offset after the last ':' in text[0:n] (0 when
 * there is none) and whether a decimal number follows it (in *v). */
static size_t trailing_digits(const char *text, size_t n, uint32_t *v, bool *ok) {
    size_t i = n;
    while (i > 0 && text[i - 1] != ':') i--;
    *ok = false;
    *v = 0;
    if (i == 0) return 0;
    uint64_t x = 0;
    for (size_t k = i; k < n; k++) {
        if (text[k] < '0' || text[k] > '9') return i;
        x = x * 10 + (uint64_t)(text[k] - '0');
        if (x > 0xFFFFFFFFu) return i;
    }
    *ok = i < n;
    *v = (uint32_t)x;
    return i;
}

/* A line directive's text (after "line ") at (tline, tcol), taking effect
 * at (line, col): Go's parser.updateBase. A text with no ':' is no
 * directive; bad numbers are reported as Go reports them. */
static void line_directive(scanner *s, uint32_t tline, uint32_t tcol, const char *text, size_t n, uint32_t line,
                           uint32_t col) {
    /* Line and column are limited as Go's (PosMax, 1<<30). */
    const uint32_t posmax = 1u << 30;
    uint32_t v, v2;
    bool ok, ok2;
    size_t i = trailing_digits(text, n, &v, &ok);
    if (i == 0) return;
    if (!ok) {
        diag_errorf(s->d, srcpos_make(s->file, tline, tcol + (uint32_t)i), "invalid line number: %.*s", (int)(n - i),
                    text + i);
        return;
    }
    uint32_t rline = v, rcol = 0;
    size_t i2 = trailing_digits(text, i - 1, &v2, &ok2);
    if (ok2) {
        /* name:line:col */
        size_t ci = i;
        i = i2;
        rline = v2;
        rcol = v;
        if (rcol == 0 || rcol > posmax) {
            diag_errorf(s->d, srcpos_make(s->file, tline, tcol + (uint32_t)ci), "invalid column number: %.*s",
                        (int)(n - ci), text + ci);
            return;
        }
        n = ci - 1;
    }
    if (rline == 0 || rline > posmax) {
        diag_errorf(s->d, srcpos_make(s->file, tline, tcol + (uint32_t)i), "invalid line number: %.*s", (int)(n - i),
                    text + i);
        return;
    }
    const char *name = text;
    size_t namelen = i - 1;
    if (namelen == 0 && ok2) {
        /* name:line:col with no name keeps the current name. */
        const char *cur;
        uint32_t l, c;
        srcpos_rel(&s->d->files, srcpos_make(s->file, line, col), &cur, &l, &c);
        name = cur;
        namelen = strlen(cur);
    }
    srcset_add_linedir(&s->d->files, s->file, line, col, name, namelen, rline, rcol);
}

/* After "//". Keeps //go: and //gort: directives that start a line;
 * applies //line directives that start in column 1. */
static void linecomment(scanner *s, bool blank) {
    size_t start = s->b;
    if (s->tcol == 1 && s->ch == 'l') {
        uint32_t tline = s->tline;
        skipline(s);
        size_t n = segend(s) - start;
        const char *text = s->buf + start;
        if (n > 0 && text[n - 1] == '\r') n--;
        if (n > 7 && memcmp(text, "//line ", 7) == 0) line_directive(s, tline, 1 + 7, text + 7, n - 7, tline + 1, 1);
        return;
    }
    if (!blank || (s->ch != 'g')) {
        skipline(s);
        return;
    }
    srcpos pos = srcpos_make(s->file, s->tline, s->tcol);
    skipline(s);
    size_t n = segend(s) - start;
    const char *text = s->buf + start;
    if (!((n > 5 && memcmp(text, "//go:", 5) == 0) || (n > 7 && memcmp(text, "//gort:", 7) == 0)))
        return;
    if (s->npragmas == s->cappragmas) {
        s->cappragmas = s->cappragmas ? 2 * s->cappragmas : 4;
        s->pragmas = realloc(s->pragmas, (size_t)s->cappragmas * sizeof *s->pragmas);
        if (!s->pragmas) {
            fprintf(stderr, "fatal error: out of memory\n");
            abort();
        }
    }
    s->pragmas[s->npragmas++] = (ast_pragma){pos, arena_strndup(s->a, text, n)};
}

/* After the opening of a block comment. Returns false when not terminated (reported). */
static bool fullcomment(scanner *s) {
    while (s->ch >= 0) {
        while (s->ch == '*') {
            nextch(s);
            if (s->ch == '/') {
                nextch(s);
                return true;
            }
        }
        nextch(s);
    }
    errorat(s, 0, "comment not terminated");
    return false;
}

/* ---- tokens ---- */

/* Ends an operator token that may be followed by '=' (Go's assignop). */
static inline void assignop(scanner *s, token op) {
    if (s->ch == '=') {
        nextch(s);
        s->tok = T_ASSIGN_OP;
        s->op = op;
        return;
    }
    s->tok = op;
}

void scan_next(scanner *s) {
    bool nlsemi = s->nlsemi;
    s->nlsemi = false;
    s->bad = false;
redo:;
    uint32_t startline = s->line, startcol = s->col;
    while (s->ch == ' ' || s->ch == '\t' || (s->ch == '\n' && !nlsemi) || s->ch == '\r')
        nextch(s);
    s->tline = s->line + 1;
    s->tcol = s->col + 1;
    s->b = s->r - s->chw;
    bool blank = s->line > startline || startcol == 0;
    if (isletter(s->ch) || (s->ch >= 0x80 && atidentchar(s, true))) {
        nextch(s);
        ident(s);
        return;
    }
    switch (s->ch) {
    case -1:
        if (nlsemi) {
            s->lit = "EOF";
            s->tok = T_SEMI;
            break;
        }
        s->tok = T_EOF;
        srcset_file(&s->d->files, s->file)->nlines = s->line + 1;
        break;
    case '\n':
        nextch(s);
        s->lit = "newline";
        s->tok = T_SEMI;
        break;
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        number(s, false);
        break;
    case '"': stdstring(s); break;
    case '`': rawstring(s); break;
    case '\'': rune(s); break;
    case '(': nextch(s); s->tok = T_LPAREN; break;
    case '[': nextch(s); s->tok = T_LBRACK; break;
    case '{': nextch(s); s->tok = T_LBRACE; break;
    case ',': nextch(s); s->tok = T_COMMA; break;
    case ';':
        nextch(s);
        s->lit = "semicolon";
        s->tok = T_SEMI;
        break;
    case ')': nextch(s); s->nlsemi = true; s->tok = T_RPAREN; break;
    case ']': nextch(s); s->nlsemi = true; s->tok = T_RBRACK; break;
    case '}': nextch(s); s->nlsemi = true; s->tok = T_RBRACE; break;
    case ':':
        nextch(s);
        if (s->ch == '=') {
            nextch(s);
            s->tok = T_DEFINE;
            break;
        }
        s->tok = T_COLON;
        break;
    case '.':
        nextch(s);
        if (isdecimal(s->ch)) {
            number(s, true);
            break;
        }
        if (s->ch == '.' && s->r < s->len && s->buf[s->r] == '.') {
            nextch(s);
            nextch(s);
            s->tok = T_DOTDOTDOT;
            break;
        }
        s->tok = T_DOT;
        break;
    case '+':
        nextch(s);
        if (s->ch != '+') {
            assignop(s, T_ADD);
            break;
        }
        nextch(s);
        s->nlsemi = true;
        s->tok = T_INC;
        break;
    case '-':
        nextch(s);
        if (s->ch != '-') {
            assignop(s, T_SUB);
            break;
        }
        nextch(s);
        s->nlsemi = true;
        s->tok = T_DEC;
        break;
    case '*': nextch(s); assignop(s, T_MUL); break;
    case '/':
        nextch(s);
        if (s->ch == '/') {
            nextch(s);
            linecomment(s, blank);
            goto redo;
        }
        if (s->ch == '*') {
            size_t start = s->b;
            nextch(s);
            if (fullcomment(s) && s->line + 1 == s->tline) {
                /* A one-line block comment may be a line directive. */
                size_t n = segend(s) - start;
                const char *text = s->buf + start;
                if (n > 9 && memcmp(text, "/*line ", 7) == 0)
                    line_directive(s, s->tline, s->tcol + 7, text + 7, n - 9, s->tline, s->tcol + (uint32_t)n);
            }
            if (s->line + 1 > s->tline && nlsemi) {
                s->lit = "newline";
                s->tok = T_SEMI;
                break;
            }
            goto redo;
        }
        assignop(s, T_QUO);
        break;
    case '%': nextch(s); assignop(s, T_REM); break;
    case '&':
        nextch(s);
        if (s->ch == '&') {
            nextch(s);
            s->tok = T_LAND;
            break;
        }
        if (s->ch == '^') {
            nextch(s);
            assignop(s, T_AND_NOT);
            break;
        }
        assignop(s, T_AND);
        break;
    case '|':
        nextch(s);
        if (s->ch == '|') {
            nextch(s);
            s->tok = T_LOR;
            break;
        }
        assignop(s, T_OR);
        break;
    case '^': nextch(s); assignop(s, T_XOR); break;
    case '<':
        nextch(s);
        if (s->ch == '=') {
            nextch(s);
            s->tok = T_LEQ;
        } else if (s->ch == '<') {
            nextch(s);
            assignop(s, T_SHL);
        } else if (s->ch == '-') {
            nextch(s);
            s->tok = T_ARROW;
        } else {
            s->tok = T_LSS;
        }
        break;
    case '>':
        nextch(s);
        if (s->ch == '=') {
            nextch(s);
            s->tok = T_GEQ;
        } else if (s->ch == '>') {
            nextch(s);
            assignop(s, T_SHR);
        } else {
            s->tok = T_GTR;
        }
        break;
    case '=':
        nextch(s);
        if (s->ch == '=') {
            nextch(s);
            s->tok = T_EQL;
            break;
        }
        s->tok = T_ASSIGN;
        break;
    case '!':
        nextch(s);
        if (s->ch == '=') {
            nextch(s);
            s->tok = T_NEQ;
            break;
        }
        s->tok = T_NOT;
        break;
    case '~': nextch(s); s->tok = T_TILDE; break;
    default: {
        char u[32];
        fmt_U(u, sizeof u, s->ch);
        errorf(s, "invalid character %s", u);
        nextch(s);
        goto redo;
    }
    }
}

/* ---- literal values ---- */

static int hexval(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    return (c | 0x20) - 'a' + 10;
}

/* Decodes one character or escape at *p of an interpreted literal.
 * Sets *isbyte for \x and octal escapes (a byte, not a code point). */
static int32_t unquote1(const char **pp, const char *end, bool *isbyte) {
    const char *p = *pp;
    *isbyte = false;
    if (*p != '\\') {
        uint32_t w;
        int32_t r = utf8_decode((const unsigned char *)p, (size_t)(end - p), &w);
        *pp = p + w;
        return r < 0 ? 0xFFFD : r;
    }
    p++;
    int32_t v = 0;
    int n = 0, base = 16;
    switch (*p++) {
    case 'a': v = '\a'; break;
    case 'b': v = '\b'; break;
    case 'f': v = '\f'; break;
    case 'n': v = '\n'; break;
    case 'r': v = '\r'; break;
    case 't': v = '\t'; break;
    case 'v': v = '\v'; break;
    case '\\': v = '\\'; break;
    case '\'': v = '\''; break;
    case '"': v = '"'; break;
    case 'x': n = 2, *isbyte = true; break;
    case 'u': n = 4; break;
    case 'U': n = 8; break;
    default: p--, n = 3, base = 8, *isbyte = true; break;
    }
    for (int i = 0; i < n && p < end; i++)
        v = v * base + hexval(*p++);
    *pp = p;
    return v;
}

size_t scan_unquote_string(const char *text, size_t len, char *dst) {
    if (len < 2)
        return 0;
    const char *p = text + 1, *end = text + len - 1;
    size_t n = 0;
    if (text[0] == '`') {
        for (; p < end; p++)
            if (*p != '\r')
                dst[n++] = *p;
        return n;
    }
    while (p < end) {
        bool isbyte;
        int32_t r = unquote1(&p, end, &isbyte);
        if (isbyte)
            dst[n++] = (char)r;
        else
            n += (size_t)utf8_encode(dst + n, r);
    }
    return n;
}

int32_t scan_unquote_rune(const char *text, size_t len) {
    if (len < 3)
        return 0;
    const char *p = text + 1;
    bool isbyte;
    return unquote1(&p, text + len - 1, &isbyte);
}

const char *ast_string_value(arena *a, const ast_expr *lit, size_t *len) {
    /* An invalid UTF-8 byte decodes to U+FFFD, three bytes. */
    char *dst = arena_alloc(a, 3 * lit->lit.len + 1);
    *len = scan_unquote_string(lit->lit.text, lit->lit.len, dst);
    dst[*len] = 0;
    return dst;
}

int32_t ast_rune_value(const ast_expr *lit) { return scan_unquote_rune(lit->lit.text, lit->lit.len); }
