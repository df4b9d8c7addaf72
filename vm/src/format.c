/*
 * format.c: Go's fmt, in C, over values described by gort_type.
 *
 * fmt.Printf("%-8s|%5.2f|%v\n", name, x, m) comes here as a format string
 * and an array of gort_any (the ...any slice's elements are exactly
 * that: a type word and a pointer to the value). The engine follows Go's
 * fmt/print.go and fmt/format.go step by step, so its output is Go's
 * byte for byte, including the error forms (%!d(string=x), %!v(MISSING),
 * %!(EXTRA int=3), %!(NOVERB)):
 *
 *   doprintf ── for each %[flags][width][.prec]verb ──► printarg(arg, verb)
 *                                                         │
 *      %T %p first; basic unnamed kinds directly; else    ▼
 *      handle_methods (Error/String through env) or printvalue(type, ptr, depth)
 *                                                         │
 *      bool ints floats strings │ pointer (&{...} at depth 0) │ slice/array [a b]
 *      struct {a b} / {A:a B:b} │ map[k:v] in sorted key order │ interface: its
 *      dynamic value, <nil> when empty │ chan func: 0xADDR
 *
 * Where it lives: vm/src, not stdlib/fmt, because it is a service of the
 * VM library beyond package fmt (errors' text, a host printing a value
 * through gortvm.h); stdlib/fmt/fmt.c holds the natives that call it.
 *
 * Values in memory have Go's layout (link.c): a string is (ptr, len), a
 * slice (ptr, len, cap), an interface (type or itab, data) whose data
 * points at a heap copy of the value; an itab starts with its dynamic
 * type, so both interface forms give the dynamic type in one load once we
 * know which form the static type has (an interface type with methods:
 * itab).
 *
 * Floats: %e %f %g with a precision are C's printf (both correctly
 * rounded, same exponent form); the shortest representation (%v, %g
 * without precision) is found by trying 1..17 significant digits until
 * the text reads back as the same float64 (or float32), which gives the
 * shortest correctly rounded digits as Go's Ryu does, then laid out by
 * strconv's %g rule (exponent < -4 or >= 21 for %v... no: >= eprec, 6 when
 * shortest, as ftoa.go).
 *
 * Known differences from Go: %q's notion of a printable rune outside
 * ASCII is "a valid code point >= U+00A0 that is not a format or
 * separator character" (Go consults the full Unicode tables); complex
 * numbers, Formatter, GoStringer, %#v of composite types and argument
 * indexes (%[2]d) are not supported (%#v prints as %v; %[n] as a bad
 * verb).
 *
 * Rejected: formatting through C's printf alone (its %v does not exist,
 * its %x of negative numbers, its %q and its padding differ from Go's);
 * writing the formatter in the Go subset (fmt is the hottest library path
 * of most scripts and would run interpreted).
 */
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* buffer                                                              */

/* Go's words when memory runs out; a fatal error, status 2. */
static void __attribute__((noreturn)) oom(void) {
    fputs("fatal error: runtime: out of memory\n", stderr);
    gort_exit(2);
}

void fmtbuf_write(fmtbuf *b, const char *s, size_t n) {
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->n + n) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) oom();
        b->p = p;
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->n, s, n);
    b->n += n;
}

void fmtbuf_free(fmtbuf *b) {
    free(b->p);
    *b = (fmtbuf){0};
}

static void putc_(fmtbuf *b, char c) { fmtbuf_write(b, &c, 1); }
static void puts_(fmtbuf *b, const char *s) { fmtbuf_write(b, s, strlen(s)); }

/* ------------------------------------------------------------------ */
/* state                                                               */

typedef struct pp {
    fmtbuf *b;
    const fmt_env *env;
    /* flags of the verb being formatted (Go's fmtFlags) */
    bool plus, minus, sharp, space, zero, plusv, sharpv;
    bool widp, precp;
    int wid, prec;
    bool erroring;     /* printing a bad verb's operand: no methods */
    bool panicking;    /* printing the panic of a String/Error method */
    bool reordered;    /* Printf: the format used an index ("%[2]d") */
    bool wraperrs;     /* Errorf: %w allowed */
    int wrapped;       /* index of %w's operand, or -1 */
    int argidx;        /* the operand being printed (for %w) */
} pp;

static void clearflags(pp *p) {
    p->plus = p->minus = p->sharp = p->space = p->zero = p->plusv = p->sharpv = false;
    p->widp = p->precp = false; /* wid and prec keep their values, as Go's fmt does (a Formatter sees them) */
}

static size_t runecount(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}

static void writepadding(pp *p, int n) {
    if (n <= 0) return;
    char c = p->zero ? '0' : ' ';
    for (int i = 0; i < n; i++) putc_(p->b, c);
}

/* Go's fmt.pad: width counts runes. */
static void pad(pp *p, const char *s, size_t n) {
    if (!p->widp || p->wid == 0) {
        fmtbuf_write(p->b, s, n);
        return;
    }
    int width = p->wid - (int)runecount(s, n);
    if (!p->minus) {
        writepadding(p, width);
        fmtbuf_write(p->b, s, n);
    } else {
        fmtbuf_write(p->b, s, n);
        writepadding(p, width);
    }
}
static void padstr(pp *p, const char *s) { pad(p, s, strlen(s)); }

/* ------------------------------------------------------------------ */
/* UTF-8 and quoting                                                   */

static int encoderune(char *buf, uint32_t r) {
    if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
    if (r < 0x80) {
        buf[0] = (char)r;
        return 1;
    }
    if (r < 0x800) {
        buf[0] = (char)(0xC0 | (r >> 6));
        buf[1] = (char)(0x80 | (r & 0x3F));
        return 2;
    }
    if (r < 0x10000) {
        buf[0] = (char)(0xE0 | (r >> 12));
        buf[1] = (char)(0x80 | ((r >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (r & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (r >> 18));
    buf[1] = (char)(0x80 | ((r >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((r >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (r & 0x3F));
    return 4;
}

/* Decodes one rune of s[0..n); *w gets its width (1 for an invalid byte,
 * which decodes as U+FFFD). */
static uint32_t decoderune(const unsigned char *s, size_t n, int *w) {
    gort_string str = {(const char *)s, (intptr_t)n};
    gort_rune r;
    intptr_t next = gort_string_next(str, 0, &r);
    *w = (int)next;
    return (uint32_t)r;
}

/* strconv.IsPrint, which is unicode.IsPrint (Go 1.19's tables, in
 * stdlib/unicode/unicode.c). */
bool ucd_isprint(int32_t r);
static bool isprint_rune(uint32_t r) { return r <= 0x10FFFF && ucd_isprint((int32_t)r); }

static const char hexlower[] = "0123456789abcdef";

/* strconv.Quote (ascii: QuoteToASCII); q is the quote character. */
static void quote(fmtbuf *b, const char *s, size_t n, char q, bool ascii) {
    putc_(b, q);
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        int w;
        uint32_t r = decoderune(u + i, n - i, &w);
        if (w == 1 && r == 0xFFFD) {
            char e[5] = {'\\', 'x', hexlower[u[i] >> 4], hexlower[u[i] & 15], 0};
            puts_(b, e);
            i++;
            continue;
        }
        i += (size_t)w;
        if (r == (uint32_t)q || r == '\\') {
            putc_(b, '\\');
            putc_(b, (char)r);
            continue;
        }
        if (ascii ? (r < 0x7F && isprint_rune(r)) : isprint_rune(r)) {
            char e[4];
            fmtbuf_write(b, e, (size_t)encoderune(e, r));
            continue;
        }
        char e[12];
        switch (r) {
        case '\a': puts_(b, "\\a"); continue;
        case '\b': puts_(b, "\\b"); continue;
        case '\f': puts_(b, "\\f"); continue;
        case '\n': puts_(b, "\\n"); continue;
        case '\r': puts_(b, "\\r"); continue;
        case '\t': puts_(b, "\\t"); continue;
        case '\v': puts_(b, "\\v"); continue;
        default: break;
        }
        if (r < ' ' || r == 0x7F) snprintf(e, sizeof e, "\\x%02x", r);
        else if (r < 0x10000) snprintf(e, sizeof e, "\\u%04x", r);
        else snprintf(e, sizeof e, "\\U%08x", r);
        puts_(b, e);
    }
    putc_(b, q);
}

static bool canbackquote(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        int w;
        uint32_t r = decoderune(u + i, n - i, &w);
        if (w == 1 && r == 0xFFFD) return false;
        i += (size_t)w;
        if (r == '`' || r == 0xFEFF) return false;
        if (r < ' ' && r != '\t') return false;
        if (r == 0x7F) return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* integers                                                            */

static void fmtinteger(pp *p, uint64_t u, int base, bool issigned, char verb, bool upper) {
    const char *digits = upper ? "0123456789ABCDEFX" : "0123456789abcdefx";
    bool negative = issigned && (int64_t)u < 0;
    if (negative) u = 0 - u;
    int prec = 0;
    if (p->precp) {
        prec = p->prec;
        if (prec == 0 && u == 0) {
            bool oz = p->zero;
            p->zero = false;
            writepadding(p, p->wid);
            p->zero = oz;
            return;
        }
    } else if (p->zero && p->widp) {
        prec = p->wid;
        if (negative || p->plus || p->space) prec--;
    }
    size_t cap = 72 + (size_t)(p->wid > 0 ? p->wid : 0) + (size_t)(p->prec > 0 ? p->prec : 0);
    char sbuf[80];
    char *buf = cap <= sizeof sbuf ? sbuf : malloc(cap);
    if (!buf) oom();
    size_t i = cap;
    switch (base) {
    case 10:
        while (u >= 10) {
            buf[--i] = (char)('0' + u % 10);
            u /= 10;
        }
        break;
    case 16:
        while (u >= 16) {
            buf[--i] = digits[u & 15];
            u >>= 4;
        }
        break;
    case 8:
        while (u >= 8) {
            buf[--i] = (char)('0' + (u & 7));
            u >>= 3;
        }
        break;
    default:
        while (u >= 2) {
            buf[--i] = (char)('0' + (u & 1));
            u >>= 1;
        }
        break;
    }
    buf[--i] = digits[u];
    while (i > 0 && prec > (int)(cap - i)) buf[--i] = '0';
    if (p->sharp) {
        if (base == 2) buf[--i] = 'b', buf[--i] = '0';
        else if (base == 8 && buf[i] != '0') buf[--i] = '0';
        else if (base == 16) buf[--i] = digits[16], buf[--i] = '0';
    }
    if (verb == 'O') buf[--i] = 'o', buf[--i] = '0';
    if (negative) buf[--i] = '-';
    else if (p->plus) buf[--i] = '+';
    else if (p->space) buf[--i] = ' ';
    bool oz = p->zero;
    p->zero = false;
    pad(p, buf + i, cap - i);
    p->zero = oz;
    if (buf != sbuf) free(buf);
}

static void fmtunicode(pp *p, uint64_t u) {
    char buf[96];
    int prec = 4;
    if (p->precp && p->prec > 4) prec = p->prec > 60 ? 60 : p->prec;
    char hex[24];
    int nh = snprintf(hex, sizeof hex, "%llX", (unsigned long long)u);
    int n = 0;
    buf[n++] = 'U';
    buf[n++] = '+';
    for (int k = nh; k < prec; k++) buf[n++] = '0';
    memcpy(buf + n, hex, (size_t)nh);
    n += nh;
    if (p->sharp && u <= 0x10FFFF && isprint_rune((uint32_t)u)) {
        buf[n++] = ' ';
        buf[n++] = '\'';
        n += encoderune(buf + n, (uint32_t)u);
        buf[n++] = '\'';
    }
    bool oz = p->zero;
    p->zero = false;
    pad(p, buf, (size_t)n);
    p->zero = oz;
}

static void badverb(pp *p, char verb, const gort_type *t, const void *v, bool isarg);

static void fmtint(pp *p, uint64_t v, bool issigned, char verb, const gort_type *t, const void *ptr) {
    switch (verb) {
    case 'v':
        if (p->sharpv && !issigned) {
            p->sharp = true;
            fmtinteger(p, v, 16, issigned, verb, false);
            p->sharp = false;
        } else {
            fmtinteger(p, v, 10, issigned, verb, false);
        }
        break;
    case 'd': fmtinteger(p, v, 10, issigned, verb, false); break;
    case 'b': fmtinteger(p, v, 2, issigned, verb, false); break;
    case 'o': case 'O': fmtinteger(p, v, 8, issigned, verb, false); break;
    case 'x': fmtinteger(p, v, 16, issigned, verb, false); break;
    case 'X': fmtinteger(p, v, 16, issigned, verb, true); break;
    case 'c': {
        char buf[4];
        uint32_t r = v > 0x10FFFF ? 0xFFFD : (uint32_t)v;
        pad(p, buf, (size_t)encoderune(buf, r));
        break;
    }
    case 'q': {
        uint32_t r = v > 0x10FFFF ? 0xFFFD : (uint32_t)v;
        fmtbuf tmp = {0};
        char rb[4];
        int w = encoderune(rb, r);
        quote(&tmp, rb, (size_t)w, '\'', p->plus);
        pad(p, tmp.p, tmp.n);
        fmtbuf_free(&tmp);
        break;
    }
    case 'U': fmtunicode(p, v); break;
    default: badverb(p, verb, t, ptr, true); break;
    }
}

/* ------------------------------------------------------------------ */
/* floats                                                              */

/* The shortest decimal digits that read back as v (a float of `bits`):
 * digits in d (no dot), *nd of them, decimal point position *dp (value =
 * 0.d × 10^dp). v is finite and not zero. */
static void shortest(double v, int bits, char *d, int *nd, int *dp) {
    char buf[40];
    /* The fewest digits that read back: binary search over 1..17 (if n
     * digits read back, so do n+1: the longer correctly rounded value
     * is at least as close), then format with that many. */
    int lo = 0, hi = 16;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        snprintf(buf, sizeof buf, "%.*e", mid, v);
        double back = strtod(buf, NULL);
        if (bits == 32 ? (float)back == (float)v : back == v) hi = mid;
        else lo = mid + 1;
    }
    snprintf(buf, sizeof buf, "%.*e", lo, v);
    /* buf: [-]d.ddde[+-]xx */
    const char *s = buf[0] == '-' ? buf + 1 : buf;
    int n = 0;
    const char *e = strchr(s, 'e');
    for (const char *q = s; q < e; q++)
        if (*q != '.') d[n++] = *q;
    while (n > 1 && d[n - 1] == '0') n--;
    *nd = n;
    *dp = atoi(e + 1) + 1;
}

/* strconv.FormatFloat(v, 'g' or 'G', -1, bits) for finite v. */
static void fmt_g_shortest(char *out, size_t cap, double v, int bits, bool upper) {
    size_t o = 0;
    if (signbit(v)) out[o++] = '-';
    if (v == 0) {
        out[o++] = '0';
        out[o] = 0;
        return;
    }
    char d[32];
    int nd, dp;
    shortest(fabs(v), bits, d, &nd, &dp);
    int exp = dp - 1;
    if (exp < -4 || exp >= 6) { /* strconv: eprec is 6 when shortest */
        out[o++] = d[0];
        if (nd > 1) {
            out[o++] = '.';
            for (int i = 1; i < nd; i++) out[o++] = d[i];
        }
        snprintf(out + o, cap - o, "%c%c%02d", upper ? 'E' : 'e', exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
        return;
    }
    /* %f with max(nd - dp, 0) fraction digits */
    if (dp <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (int i = 0; i < -dp; i++) out[o++] = '0';
        for (int i = 0; i < nd; i++) out[o++] = d[i];
    } else {
        for (int i = 0; i < dp; i++) out[o++] = i < nd ? d[i] : '0';
        if (nd > dp) {
            out[o++] = '.';
            for (int i = dp; i < nd; i++) out[o++] = d[i];
        }
    }
    out[o] = 0;
}

/* The decimal digits of finite, non-zero |v| correctly rounded to n
 * significant digits, trailing zeros dropped (strconv's decimal after
 * Round: d, *nd, *dp as shortest gives them). */
static void rounded(double v, int n, char *d, int *nd, int *dp) {
    char buf[800];
    if (n > 760) n = 760;
    snprintf(buf, sizeof buf, "%.*e", n - 1, fabs(v));
    int k = 0;
    const char *e = strchr(buf, 'e');
    for (const char *q = buf; q < e; q++)
        if (*q != '.') d[k++] = *q;
    while (k > 1 && d[k - 1] == '0') k--;
    *nd = k;
    *dp = atoi(e + 1) + 1;
}

/* strconv's fmtE: d.ddde±dd with prec digits after the point. */
static size_t fmt_e(char *out, bool neg, const char *d, int nd, int dp, int prec, char fmt) {
    size_t o = 0;
    if (neg) out[o++] = '-';
    out[o++] = nd ? d[0] : '0';
    if (prec > 0) {
        out[o++] = '.';
        for (int i = 1; i <= prec; i++) out[o++] = i < nd ? d[i] : '0';
    }
    int exp = nd == 0 ? 0 : dp - 1;
    o += (size_t)sprintf(out + o, "%c%c%02d", fmt, exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    return o;
}

/* strconv's fmtF: ddd.ddd with prec digits after the point. */
static size_t fmt_f(char *out, bool neg, const char *d, int nd, int dp, int prec) {
    size_t o = 0;
    if (neg) out[o++] = '-';
    if (dp > 0) {
        for (int i = 0; i < dp; i++) out[o++] = i < nd ? d[i] : '0';
    } else out[o++] = '0';
    if (prec > 0) {
        out[o++] = '.';
        for (int i = 1; i <= prec; i++) {
            int j = dp + i - 1;
            out[o++] = j >= 0 && j < nd ? d[j] : '0';
        }
    }
    out[o] = 0;
    return o;
}

static void fmt_hexfloat(char *out, size_t cap, double v, int prec, char verb);
static void fmt_binfloat(char *out, size_t cap, double v, int bits);

void fmt_formatfloat(char *out, size_t cap, double v, char verb, int prec, int bits) {
    if (bits == 32) v = (float)v;
    if (isnan(v)) {
        snprintf(out, cap, "NaN");
        return;
    }
    if (isinf(v)) {
        snprintf(out, cap, v > 0 ? "+Inf" : "-Inf");
        return;
    }
    if (verb == 'b') {
        fmt_binfloat(out, cap, v, bits);
        return;
    }
    if (verb == 'x' || verb == 'X') {
        fmt_hexfloat(out, cap, v, prec, verb);
        return;
    }
    if (verb != 'e' && verb != 'E' && verb != 'f' && verb != 'g' && verb != 'G') {
        snprintf(out, cap, "%%%c", verb);
        return;
    }
    bool neg = signbit(v);
    bool shortest_ = prec < 0;
    char d[800];
    int nd = 0, dp = 0;
    size_t need = 32 + (size_t)(prec > 0 ? prec : 0) + 330;
    char *tmp = need > cap ? malloc(need) : out;
    if (!tmp) oom();
    if (v == 0) {
        nd = 0;
        dp = 0;
    } else if (shortest_) {
        shortest(fabs(v), bits, d, &nd, &dp);
    } else {
        int digits;
        switch (verb) {
        case 'e': case 'E': digits = prec + 1; break;
        case 'f': digits = -1; break;
        default: digits = prec == 0 ? 1 : prec; break;
        }
        if (digits < 0) {
            /* %f: round at prec digits after the point */
            char *buf = malloc((size_t)prec + 400);
            if (!buf) oom();
            sprintf(buf, "%.*f", prec, fabs(v));
            nd = 0;
            dp = -1;
            const char *q = buf;
            while (*q == '0' && q[1] != '.' && q[1]) q++;
            int intpart = 0;
            for (; *q && *q != '.'; q++) d[nd++] = *q, intpart++;
            dp = intpart;
            if (*q == '.') q++;
            for (; *q && nd < (int)sizeof d - 1; q++) d[nd++] = *q;
            free(buf);
            /* strip leading zeros of "0.00ddd" */
            int lead = 0;
            while (lead < nd && d[lead] == '0') lead++;
            if (lead == nd) nd = 0, dp = 0;
            else {
                memmove(d, d + lead, (size_t)(nd - lead));
                nd -= lead;
                dp -= lead;
            }
            while (nd > 0 && d[nd - 1] == '0') nd--;
        } else rounded(v, digits, d, &nd, &dp);
    }
    size_t n;
    switch (verb) {
    case 'e': case 'E':
        if (shortest_) prec = nd > 0 ? nd - 1 : 0;
        n = fmt_e(tmp, neg, d, nd, dp, prec, verb);
        break;
    case 'f':
        if (shortest_) prec = nd - dp > 0 ? nd - dp : 0;
        n = fmt_f(tmp, neg, d, nd, dp, prec);
        break;
    default: {
        if (shortest_) prec = nd;
        else if (prec == 0) prec = 1;
        int eprec = prec;
        if (eprec > nd && nd >= dp) eprec = nd;
        if (shortest_) eprec = 6;
        int exp = dp - 1;
        if (exp < -4 || exp >= eprec) {
            if (prec > nd) prec = nd;
            n = fmt_e(tmp, neg, d, nd, dp, prec - 1 < 0 ? 0 : prec - 1, verb == 'G' ? 'E' : 'e');
        } else {
            if (prec > dp) prec = nd;
            n = fmt_f(tmp, neg, d, nd, dp, prec - dp > 0 ? prec - dp : 0);
        }
        break;
    }
    }
    tmp[n] = 0;
    if (tmp != out) {
        snprintf(out, cap, "%s", tmp);
        free(tmp);
    }
}

void fmt_quote(fmtbuf *b, const char *s, size_t n, char q, bool ascii) { quote(b, s, n, q, ascii); }
bool fmt_isprint(uint32_t r) { return isprint_rune(r); }
bool fmt_canbackquote(const char *s, size_t n) { return canbackquote(s, n); }

/* strconv's 'x' and 'X' format (fmtX): -0x1.8p+01, the mantissa
 * normalised to a leading 1, prec hex digits after the point (all that
 * are non-zero when prec < 0), the binary exponent with at least two
 * digits. bits does not matter: a float32 is exactly a float64, and both
 * normalise to the same mantissa. */
static void fmt_hexfloat(char *out, size_t cap, double v, int prec, char verb) {
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    bool neg = b >> 63;
    int exp = (int)(b >> 52) & 0x7FF;
    uint64_t mant = b & ((1ull << 52) - 1);
    if (exp == 0) exp++;
    else mant |= 1ull << 52;
    exp -= 1023;
    if (mant == 0) exp = 0;
    mant <<= 60 - 52;
    while (mant != 0 && (mant & (1ull << 60)) == 0) mant <<= 1, exp--;
    if (prec >= 0 && prec < 15) {
        unsigned shift = (unsigned)prec * 4;
        uint64_t extra = (mant << shift) & ((1ull << 60) - 1);
        mant >>= 60 - shift;
        if ((extra | (mant & 1)) > 1ull << 59) mant++;
        mant <<= 60 - shift;
        if (mant & (1ull << 61)) mant >>= 1, exp++;
    }
    const char *hex = verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    size_t o = 0;
    char tmp[64];
    if (neg) tmp[o++] = '-';
    tmp[o++] = '0';
    tmp[o++] = verb;
    tmp[o++] = (char)('0' + ((mant >> 60) & 1));
    mant <<= 4;
    if (prec < 0 && mant != 0) {
        tmp[o++] = '.';
        for (; mant != 0; mant <<= 4) tmp[o++] = hex[(mant >> 60) & 15];
    }
    tmp[o] = 0;
    size_t n = (size_t)snprintf(out, cap, "%s", tmp);
    if (prec > 0) { /* prec may be large: the digits past 15 are zeros */
        n += (size_t)snprintf(out + n, cap - n, ".");
        for (int i = 0; i < prec && n + 8 < cap; i++, mant <<= 4) out[n++] = hex[(mant >> 60) & 15];
        out[n] = 0;
    }
    int e = exp < 0 ? -exp : exp;
    snprintf(out + n, cap - n, "%c%c%02d", verb == 'X' ? 'P' : 'p', exp < 0 ? '-' : '+', e);
}

/* strconv's 'b' format: the decimal mantissa, 'p', the binary exponent
 * (4503599627370496p-53), of the float64 or float32 bits. */
static void fmt_binfloat(char *out, size_t cap, double v, int bits) {
    uint64_t mant;
    int exp;
    bool neg;
    if (bits == 32) {
        float f = (float)v;
        uint32_t b;
        memcpy(&b, &f, sizeof b);
        neg = b >> 31;
        exp = (int)(b >> 23) & 0xFF;
        mant = b & ((1u << 23) - 1);
        if (exp == 0) exp++;
        else mant |= 1u << 23;
        exp += -127 - 23;
    } else {
        uint64_t b;
        memcpy(&b, &v, sizeof b);
        neg = b >> 63;
        exp = (int)(b >> 52) & 0x7FF;
        mant = b & ((1ull << 52) - 1);
        if (exp == 0) exp++;
        else mant |= 1ull << 52;
        exp += -1023 - 52;
    }
    snprintf(out, cap, "%s%llup%c%d", neg ? "-" : "", (unsigned long long)mant, exp >= 0 ? '+' : '-',
             exp < 0 ? -exp : exp);
}

static void fmtfloat_go(pp *p, double v, int bits, char verb, int prec) {
    if (p->precp) prec = p->prec;
    char num[400];
    num[0] = '+';
    char *body = num + 1;
    size_t cap = sizeof num - 1;
    if (isnan(v)) snprintf(body, cap, "NaN");
    else if (isinf(v)) snprintf(body, cap, v > 0 ? "+Inf" : "-Inf");
    else if ((verb == 'g' || verb == 'G') && prec < 0) fmt_g_shortest(body, cap, v, bits, verb == 'G');
    else if (verb == 'x' || verb == 'X') fmt_hexfloat(body, cap, v, prec, verb);
    else if (verb == 'b') fmt_binfloat(body, cap, v, bits);
    else {
        char f[8];
        snprintf(f, sizeof f, "%%.*%c", verb);
        if (prec > 300) prec = 300;
        /* a float32 is exactly a float64: the correctly rounded
         * digits of the one are those of the other */
        snprintf(body, cap, f, prec < 0 ? 6 : prec, v);
    }
    char *s = num;
    size_t n = strlen(num);
    if (s[1] == '-' || s[1] == '+') {
        s++;
        n--;
    }
    if (p->space && s[0] == '+' && !p->plus) s[0] = ' ';
    if (s[1] == 'I' || s[1] == 'N') {
        bool oz = p->zero;
        p->zero = false;
        if (s[1] == 'N' && !p->space && !p->plus) s++, n--;
        pad(p, s, n);
        p->zero = oz;
        return;
    }
    if (p->sharp && verb != 'b' && verb != 'x' && verb != 'X') { /* %#x of a float: not done */
        int digits = 0;
        if (verb == 'v' || verb == 'g' || verb == 'G') digits = prec == -1 ? 6 : prec;
        char tail[16] = "";
        bool hasdot = false, nonzero = false;
        for (size_t i = 1; i < n; i++) {
            if (s[i] == '.') hasdot = true;
            else if (s[i] == 'e' || s[i] == 'E') {
                snprintf(tail, sizeof tail, "%s", s + i);
                n = i;
                break;
            } else {
                if (s[i] != '0') nonzero = true;
                if (nonzero) digits--;
            }
        }
        if (!hasdot) {
            if (n == 2 && s[1] == '0') digits--;
            s[n++] = '.';
        }
        while (digits > 0 && n < sizeof num - 20) s[n++] = '0', digits--;
        size_t tl = strlen(tail);
        memcpy(s + n, tail, tl);
        n += tl;
    }
    if (p->plus || s[0] != '+') {
        if (p->zero && p->widp && p->wid > (int)n) {
            putc_(p->b, s[0]);
            writepadding(p, p->wid - (int)n);
            fmtbuf_write(p->b, s + 1, n - 1);
            return;
        }
        pad(p, s, n);
        return;
    }
    pad(p, s + 1, n - 1);
}

static void fmtfloat(pp *p, double v, int bits, char verb, const gort_type *t, const void *ptr) {
    switch (verb) {
    case 'v': fmtfloat_go(p, v, bits, 'g', -1); break;
    case 'g': case 'G': fmtfloat_go(p, v, bits, verb, -1); break;
    case 'f': case 'e': case 'E': fmtfloat_go(p, v, bits, verb, 6); break;
    case 'F': fmtfloat_go(p, v, bits, 'f', 6); break;
    case 'x': case 'X': fmtfloat_go(p, v, bits, verb, -1); break;
    case 'b': fmtfloat_go(p, v, bits, verb, -1); break;
    default: badverb(p, verb, t, ptr, true); break;
    }
}

/* ------------------------------------------------------------------ */
/* strings and bytes                                                   */

static void fmtsbx(pp *p, const char *s, size_t length, bool upper) {
    const char *digits = upper ? "0123456789ABCDEFX" : "0123456789abcdefx";
    if (p->precp && (size_t)p->prec < length) length = (size_t)p->prec;
    size_t width = 2 * length;
    if (width > 0) {
        if (p->space) {
            if (p->sharp) width *= 2;
            width += length - 1;
        } else if (p->sharp) {
            width += 2;
        }
    } else {
        if (p->widp) writepadding(p, p->wid);
        return;
    }
    if (p->widp && p->wid > (int)width && !p->minus) writepadding(p, p->wid - (int)width);
    if (p->sharp) putc_(p->b, '0'), putc_(p->b, digits[16]);
    for (size_t i = 0; i < length; i++) {
        if (p->space && i > 0) {
            putc_(p->b, ' ');
            if (p->sharp) putc_(p->b, '0'), putc_(p->b, digits[16]);
        }
        unsigned char c = (unsigned char)s[i];
        putc_(p->b, digits[c >> 4]);
        putc_(p->b, digits[c & 15]);
    }
    if (p->widp && p->wid > (int)width && p->minus) writepadding(p, p->wid - (int)width);
}

/* fmt.truncateString: at most prec runes. */
static size_t truncated(pp *p, const char *s, size_t n) {
    if (!p->precp) return n;
    int k = p->prec;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (k-- == 0) return i;
        }
    }
    return n;
}

static void fmtstring(pp *p, const char *s, size_t n, char verb, const gort_type *t, const void *ptr) {
    switch (verb) {
    case 'v':
        if (p->sharpv) {
            fmtbuf tmp = {0};
            quote(&tmp, s, n, '"', false);
            pad(p, tmp.p, tmp.n);
            fmtbuf_free(&tmp);
            break;
        }
        /* fall through */
    case 's': pad(p, s, truncated(p, s, n)); break;
    case 'x': fmtsbx(p, s, n, false); break;
    case 'X': fmtsbx(p, s, n, true); break;
    case 'q': {
        n = truncated(p, s, n);
        fmtbuf tmp = {0};
        if (p->sharp && canbackquote(s, n)) {
            putc_(&tmp, '`');
            fmtbuf_write(&tmp, s, n);
            putc_(&tmp, '`');
        } else {
            quote(&tmp, s, n, '"', p->plus);
        }
        pad(p, tmp.p, tmp.n);
        fmtbuf_free(&tmp);
        break;
    }
    default: badverb(p, verb, t, ptr, true); break;
    }
}

/* ------------------------------------------------------------------ */
/* values                                                              */

static bool is_iface_with_methods(const gort_type *t) {
    return t->kind == GORT_KIND_INTERFACE && t->nmethods > 0;
}

/* The dynamic value of an interface stored at ptr (static type t). */
static gort_any iface_value(const gort_type *t, const void *ptr) {
    const void *const *w = ptr;
    const void *tw = w[0];
    if (!tw) return GORT_NIL;
    const gort_type *dt = is_iface_with_methods(t) ? *(const gort_type *const *)tw : tw;
    return (gort_any){dt, w[1]};
}

/* The method Format(fmt.State, rune) of t, or NULL. */
static const gort_method *format_method(const gort_type *t) {
    if (!t) return NULL;
    for (intptr_t i = 0; i < t->nmethods; i++) {
        const gort_method *m = &t->methods[i];
        if (strcmp(m->name, "Format") != 0) continue;
        const gort_type *mt = m->mtyp;
        if (!m->ifn || !mt || mt->nin != 2 || mt->nout != 0 || mt->in[0]->kind != GORT_KIND_INTERFACE ||
            mt->in[1]->kind != GORT_KIND_INT32)
            return NULL;
        return m;
    }
    return NULL;
}

const gort_method *fmt_string_method(const gort_type *t, const char *name) {
    if (!t) return NULL;
    for (intptr_t i = 0; i < t->nmethods; i++) {
        const gort_method *m = &t->methods[i];
        if (strcmp(m->name, name) != 0) continue;
        const gort_type *mt = m->mtyp;
        if (!m->ifn || !mt || mt->nin != 0 || mt->nout != 1 || !mt->out[0] ||
            mt->out[0]->kind != GORT_KIND_STRING)
            return NULL;
        return m;
    }
    return NULL;
}

static void printvalue(pp *p, const gort_type *t, const void *ptr, char verb, int depth, bool canmeth);
static const char *tname(const gort_type *t) { return t && t->name ? t->name : "?"; }
static void printarg(pp *p, gort_any a, char verb);

/* Go's catchPanic: method (Error or String) of a's value panicked with
 * v. A nil pointer receiver prints "<nil>"; anything else the panic's
 * value, "%!v(PANIC=String method: boom)"; a panic while printing that
 * one goes on up. */
static void catch_panic(pp *p, gort_any a, char verb, const char *method, gort_any v) {
    if (a.type && a.type->kind == GORT_KIND_POINTER && !*(const void *const *)a.data) {
        puts_(p->b, "<nil>"); /* as is: no width or precision */
        return;
    }
    if (p->panicking) gort_panic(v);
    pp saved = *p;
    clearflags(p);
    puts_(p->b, "%!");
    putc_(p->b, verb);
    puts_(p->b, "(PANIC=");
    puts_(p->b, method);
    puts_(p->b, " method: ");
    p->panicking = true;
    printarg(p, v, 'v');
    p->panicking = false;
    putc_(p->b, ')');
    p->plus = saved.plus, p->minus = saved.minus, p->sharp = saved.sharp, p->space = saved.space;
    p->zero = saved.zero, p->plusv = saved.plusv, p->sharpv = saved.sharpv;
    p->widp = saved.widp, p->precp = saved.precp; /* wid, prec stay 0: Go's fmtFlags lack them */
}

/* Go's handleMethods for Error and String. */
static bool handle_methods(pp *p, gort_any a, char verb) {
    if (p->erroring) return false;
    if (verb == 'w') {
        const gort_method *em = fmt_string_method(a.type, "Error");
        bool iserr = em || (a.type && a.type->kind == GORT_KIND_ERROR);
        if (!iserr || !p->wraperrs || p->wrapped >= 0) {
            p->wrapped = -2;
            p->wraperrs = false;
            badverb(p, verb, a.type, a.data, true);
            return true;
        }
        p->wrapped = p->argidx;
        verb = 'v';
    }
    const gort_method *fm = p->env && p->env->call_format ? format_method(a.type) : NULL;
    if (fm) {
        /* Formatter: the method writes through the State; no padding */
        fmt_state st = {p->b, p->wid, p->prec, p->widp, p->precp, p->plus || p->plusv, p->minus,
                        p->sharp || p->sharpv, p->space, p->zero};
        gort_any pv = GORT_NIL;
        if (!p->env->call_format(p->env->ud, a.type, fm, a.data, &st, verb, &pv)) catch_panic(p, a, verb, "Format", pv);
        return true;
    }
    if (p->sharpv) {
        /* GoStringer: %#v prints GoString() as %s would */
        const gort_method *gm = p->env && p->env->call_string ? fmt_string_method(a.type, "GoString") : NULL;
        if (!gm) return false;
        gort_string s = {"", 0};
        gort_any pv = GORT_NIL;
        if (!p->env->call_string(p->env->ud, a.type, gm, a.data, &s, &pv)) {
            catch_panic(p, a, verb, gm->name, pv);
            return true;
        }
        fmtstring(p, s.ptr, (size_t)s.len, 's', a.type, a.data);
        return true;
    }
    if (verb != 'v' && verb != 's' && verb != 'x' && verb != 'X' && verb != 'q') return false;
    if (a.type && a.type->kind == GORT_KIND_ERROR && a.type->format) {
        char sb[256];
        int n = a.type->format(sb, sizeof sb, a.data);
        if (n < 0) n = 0;
        if ((size_t)n < sizeof sb) {
            fmtstring(p, sb, (size_t)n, verb, a.type, a.data);
        } else {
            char *big = malloc((size_t)n + 1);
            if (!big) oom();
            a.type->format(big, (size_t)n + 1, a.data);
            fmtstring(p, big, (size_t)n, verb, a.type, a.data);
            free(big);
        }
        return true;
    }
    if (!p->env || !p->env->call_string) return false;
    const gort_method *m = fmt_string_method(a.type, "Error");
    if (!m) m = fmt_string_method(a.type, "String");
    if (!m) return false;
    gort_string s = {"", 0};
    gort_any pv = GORT_NIL;
    if (!p->env->call_string(p->env->ud, a.type, m, a.data, &s, &pv)) {
        catch_panic(p, a, verb, m->name, pv);
        return true;
    }
    fmtstring(p, s.ptr, (size_t)s.len, verb, a.type, a.data);
    return true;
}

static void fmtpointer(pp *p, uint64_t u, char verb, const gort_type *t, const void *ptr) {
    switch (verb) {
    case 'v':
        if (p->sharpv) { /* (*T)(0xc000012345), (*T)(nil) */
            putc_(p->b, '(');
            puts_(p->b, tname(t));
            puts_(p->b, ")(");
            if (u == 0) puts_(p->b, "nil");
            else {
                bool sharp = p->sharp;
                p->sharp = true;
                fmtinteger(p, u, 16, false, 'v', false);
                p->sharp = sharp;
            }
            putc_(p->b, ')');
            break;
        }
        if (u == 0) {
            padstr(p, "<nil>");
            break;
        }
        /* fall through */
    case 'p': {
        bool sharp = p->sharp;
        p->sharp = !sharp;
        fmtinteger(p, u, 16, false, 'v', false);
        p->sharp = sharp;
        break;
    }
    case 'b': case 'o': case 'd': case 'x': case 'X':
        fmtint(p, u, false, verb, t, ptr);
        break;
    default: badverb(p, verb, t, ptr, false); break;
    }
}

static uint64_t load_uint(const gort_type *t, const void *ptr) {
    switch (t->size) {
    case 1: return *(const uint8_t *)ptr;
    case 2: return *(const uint16_t *)ptr;
    case 4: return *(const uint32_t *)ptr;
    default: return *(const uint64_t *)ptr;
    }
}
static int64_t load_int(const gort_type *t, const void *ptr) {
    switch (t->size) {
    case 1: return *(const int8_t *)ptr;
    case 2: return *(const int16_t *)ptr;
    case 4: return *(const int32_t *)ptr;
    default: return *(const int64_t *)ptr;
    }
}

/* Map keys in fmtsort's order. */
typedef struct mapent {
    const void *k, *v;
} mapent;
static const gort_type *sort_keytype;

static int cmpvalue(const gort_type *t, const void *a, const void *b) {
    switch (t->kind) {
    case GORT_KIND_BOOL: return (int)*(const uint8_t *)a - (int)*(const uint8_t *)b;
    case GORT_KIND_INT: case GORT_KIND_INT8: case GORT_KIND_INT16: case GORT_KIND_INT32: case GORT_KIND_INT64: {
        int64_t x = load_int(t, a), y = load_int(t, b);
        return x < y ? -1 : x > y;
    }
    case GORT_KIND_UINT: case GORT_KIND_UINT8: case GORT_KIND_UINT16: case GORT_KIND_UINT32:
    case GORT_KIND_UINT64: case GORT_KIND_UINTPTR: case GORT_KIND_POINTER: case GORT_KIND_CHAN: {
        uint64_t x = load_uint(t, a), y = load_uint(t, b);
        return x < y ? -1 : x > y;
    }
    case GORT_KIND_FLOAT32: case GORT_KIND_FLOAT64: {
        double x = t->size == 4 ? *(const float *)a : *(const double *)a;
        double y = t->size == 4 ? *(const float *)b : *(const double *)b;
        if (x < y) return -1;
        if (x > y) return 1;
        if (isnan(x) && !isnan(y)) return -1;
        if (!isnan(x) && isnan(y)) return 1;
        return 0;
    }
    case GORT_KIND_STRING: {
        int c = gort_string_compare(*(const gort_string *)a, *(const gort_string *)b);
        return c < 0 ? -1 : c > 0;
    }
    case GORT_KIND_STRUCT:
        for (intptr_t i = 0; i < t->nfields; i++) {
            const gort_field *f = &t->fields[i];
            int c = cmpvalue(f->type, (const char *)a + f->offset, (const char *)b + f->offset);
            if (c) return c;
        }
        return 0;
    case GORT_KIND_ARRAY:
        for (intptr_t i = 0; i < t->len; i++) {
            size_t o = (size_t)i * t->elem->size;
            int c = cmpvalue(t->elem, (const char *)a + o, (const char *)b + o);
            if (c) return c;
        }
        return 0;
    case GORT_KIND_INTERFACE: {
        gort_any x = iface_value(t, a), y = iface_value(t, b);
        if (!x.type || !y.type) return x.type ? 1 : y.type ? -1 : 0;
        if (x.type != y.type) return (uintptr_t)x.type < (uintptr_t)y.type ? -1 : 1;
        return cmpvalue(x.type, x.data, y.data);
    }
    default: return 0;
    }
}

static int cmpent(const void *a, const void *b) {
    return cmpvalue(sort_keytype, ((const mapent *)a)->k, ((const mapent *)b)->k);
}

static void printmap(pp *p, const gort_type *t, gort_map *m, char verb, int depth, bool canmeth) {
    if (p->sharpv) {
        puts_(p->b, t->name ? t->name : "map");
        if (!m) {
            puts_(p->b, "(nil)");
            return;
        }
        putc_(p->b, '{');
    } else puts_(p->b, "map[");
    intptr_t n = m ? gort_map_len(m) : 0;
    if (n > 0) {
        mapent *e = malloc(sizeof *e * (size_t)n);
        if (!e) oom();
        intptr_t k = 0;
        gort_map_iter it;
        gort_map_iter_init(m, &it);
        while (k < n && gort_map_iter_next(&it)) e[k].k = it.key, e[k].v = it.elem, k++;
        /* qsort's comparator has no context: the key type is a static,
         * and a recursive map print re-sorts its own entries first */
        const gort_type *saved = sort_keytype;
        sort_keytype = t->key;
        qsort(e, (size_t)k, sizeof *e, cmpent);
        sort_keytype = saved;
        for (intptr_t i = 0; i < k; i++) {
            if (i > 0) puts_(p->b, p->sharpv ? ", " : " ");
            printvalue(p, t->key, e[i].k, verb, depth + 1, canmeth);
            putc_(p->b, ':');
            printvalue(p, t->elem, e[i].v, verb, depth + 1, canmeth);
        }
        free(e);
    }
    putc_(p->b, p->sharpv ? '}' : ']');
}

static bool exported(const char *name) { return name && name[0] >= 'A' && name[0] <= 'Z'; }

static void printvalue(pp *p, const gort_type *t, const void *ptr, char verb, int depth, bool canmeth) {
    if (depth > 0 && canmeth && t->kind != GORT_KIND_INTERFACE) {
        if (handle_methods(p, (gort_any){t, ptr}, verb)) return;
    }
    switch (t->kind) {
    case GORT_KIND_BOOL:
        if (verb == 't' || verb == 'v') padstr(p, *(const uint8_t *)ptr ? "true" : "false");
        else badverb(p, verb, t, ptr, false);
        return;
    case GORT_KIND_INT: case GORT_KIND_INT8: case GORT_KIND_INT16: case GORT_KIND_INT32: case GORT_KIND_INT64:
        fmtint(p, (uint64_t)load_int(t, ptr), true, verb, t, ptr);
        return;
    case GORT_KIND_UINT: case GORT_KIND_UINT8: case GORT_KIND_UINT16: case GORT_KIND_UINT32:
    case GORT_KIND_UINT64: case GORT_KIND_UINTPTR:
        fmtint(p, load_uint(t, ptr), false, verb, t, ptr);
        return;
    case GORT_KIND_FLOAT32:
        fmtfloat(p, *(const float *)ptr, 32, verb, t, ptr);
        return;
    case GORT_KIND_FLOAT64:
        fmtfloat(p, *(const double *)ptr, 64, verb, t, ptr);
        return;
    case GORT_KIND_STRING: {
        const gort_string *s = ptr;
        fmtstring(p, s->ptr, (size_t)s->len, verb, t, ptr);
        return;
    }
    case GORT_KIND_MAP:
        printmap(p, t, *(gort_map *const *)ptr, verb, depth, canmeth);
        return;
    case GORT_KIND_STRUCT:
        if (p->sharpv) puts_(p->b, tname(t));
        putc_(p->b, '{');
        for (intptr_t i = 0; i < t->nfields; i++) {
            const gort_field *f = &t->fields[i];
            if (i > 0) puts_(p->b, p->sharpv ? ", " : " ");
            if ((p->plusv || p->sharpv) && f->name && f->name[0]) {
                puts_(p->b, f->name);
                putc_(p->b, ':');
            }
            /* reflect cannot Interface() an unexported field: no methods
             * below it */
            printvalue(p, f->type, (const char *)ptr + f->offset, verb, depth + 1, canmeth && exported(f->name));
        }
        putc_(p->b, '}');
        return;
    case GORT_KIND_INTERFACE: {
        gort_any v = iface_value(t, ptr);
        if (!v.type) {
            if (p->sharpv) {
                puts_(p->b, tname(t));
                puts_(p->b, "(nil)");
            } else puts_(p->b, "<nil>"); /* whatever the verb, as Go's printValue */
            return;
        }
        if (canmeth && handle_methods(p, v, verb)) return;
        printvalue(p, v.type, v.data, verb, depth + 1, canmeth);
        return;
    }
    case GORT_KIND_ARRAY:
    case GORT_KIND_SLICE: {
        const char *base;
        intptr_t n;
        if (t->kind == GORT_KIND_SLICE) {
            const gort_slice *s = ptr;
            base = s->ptr;
            n = s->len;
        } else {
            base = ptr;
            n = t->len;
        }
        if ((verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') && t->elem->kind == GORT_KIND_UINT8) {
            if (verb == 's') pad(p, base, truncated(p, base, (size_t)n));
            else fmtstring(p, base, (size_t)n, verb, t, ptr);
            return;
        }
        if (p->sharpv) {
            puts_(p->b, tname(t));
            if (t->kind == GORT_KIND_SLICE && !base) {
                puts_(p->b, "(nil)");
                return;
            }
            putc_(p->b, '{');
        } else putc_(p->b, '[');
        for (intptr_t i = 0; i < n; i++) {
            if (i > 0) puts_(p->b, p->sharpv ? ", " : " ");
            printvalue(p, t->elem, base + (size_t)i * t->elem->size, verb, depth + 1, canmeth);
        }
        putc_(p->b, p->sharpv ? '}' : ']');
        return;
    }
    case GORT_KIND_POINTER: {
        const void *q = *(const void *const *)ptr;
        if (depth == 0 && q && t->elem) {
            gort_kind ek = t->elem->kind;
            if (ek == GORT_KIND_ARRAY || ek == GORT_KIND_SLICE || ek == GORT_KIND_STRUCT || ek == GORT_KIND_MAP) {
                putc_(p->b, '&');
                printvalue(p, t->elem, q, verb, depth + 1, canmeth);
                return;
            }
        }
        fmtpointer(p, (uint64_t)(uintptr_t)q, verb, t, ptr);
        return;
    }
    case GORT_KIND_CHAN:
    case GORT_KIND_FUNC:
    case GORT_KIND_UNSAFE_POINTER:
        fmtpointer(p, (uint64_t)(uintptr_t) * (const void *const *)ptr, verb, t, ptr);
        return;
    case GORT_KIND_ERROR:
        if (!handle_methods(p, (gort_any){t, ptr}, verb == 'v' ? 'v' : 's')) padstr(p, "?");
        return;
    default: {
        char buf[64];
        snprintf(buf, sizeof buf, "?%s?", t->name ? t->name : "");
        puts_(p->b, buf);
        return;
    }
    }
}


static void badverb(pp *p, char verb, const gort_type *t, const void *v, bool isarg) {
    (void)isarg;
    p->erroring = true;
    puts_(p->b, "%!");
    char vb[4];
    fmtbuf_write(p->b, vb, (size_t)encoderune(vb, (unsigned char)verb));
    putc_(p->b, '(');
    if (t) {
        puts_(p->b, tname(t));
        putc_(p->b, '=');
        /* Go prints the operand with %v and the current flags */
        printarg(p, (gort_any){t, v}, 'v');
    } else {
        puts_(p->b, "<nil>");
    }
    putc_(p->b, ')');
    p->erroring = false;
}

static void printarg(pp *p, gort_any a, char verb) {
    if (!a.type) {
        if (verb == 'T' || verb == 'v') padstr(p, "<nil>");
        else badverb(p, verb, NULL, NULL, true);
        return;
    }
    if (verb == 'T') {
        const char *n = tname(a.type);
        pad(p, n, strlen(n));
        return;
    }
    if (verb == 'p') {
        gort_kind k = a.type->kind;
        if (k == GORT_KIND_POINTER || k == GORT_KIND_CHAN || k == GORT_KIND_FUNC || k == GORT_KIND_MAP ||
            k == GORT_KIND_UNSAFE_POINTER)
            fmtpointer(p, (uint64_t)(uintptr_t) * (const void *const *)a.data, 'p', a.type, a.data);
        else if (k == GORT_KIND_SLICE)
            fmtpointer(p, (uint64_t)(uintptr_t)((const gort_slice *)a.data)->ptr, 'p', a.type, a.data);
        else
            badverb(p, 'p', a.type, a.data, true);
        return;
    }
    bool named = (a.type->tflags & GORT_TFLAG_NAMED) != 0 || a.type->nmethods > 0 ||
                 a.type->kind == GORT_KIND_ERROR;
    if (named && handle_methods(p, a, verb)) return;
    printvalue(p, a.type, a.data, verb, 0, true);
}

/* ------------------------------------------------------------------ */
/* Print, Println, Printf                                              */

void fmt_sprint(fmtbuf *b, const fmt_env *env, const gort_any *args, int nargs) {
    pp p = {.b = b, .env = env, .wrapped = -1};
    bool prevstring = false;
    for (int i = 0; i < nargs; i++) {
        bool isstring = args[i].type && args[i].type->kind == GORT_KIND_STRING;
        if (i > 0 && !isstring && !prevstring) putc_(b, ' ');
        clearflags(&p);
        printarg(&p, args[i], 'v');
        prevstring = isstring;
    }
}

void fmt_sprintln(fmtbuf *b, const fmt_env *env, const gort_any *args, int nargs) {
    pp p = {.b = b, .env = env, .wrapped = -1};
    for (int i = 0; i < nargs; i++) {
        if (i > 0) putc_(b, ' ');
        clearflags(&p);
        printarg(&p, args[i], 'v');
    }
    putc_(b, '\n');
}

/* An int operand for * (width or precision). */
static bool intfromarg(const gort_any *args, int nargs, int *argnum, int *out) {
    if (*argnum >= nargs) return false;
    gort_any a = args[*argnum];
    (*argnum)++;
    if (!a.type) return false;
    int64_t v;
    switch (a.type->kind) {
    case GORT_KIND_INT: case GORT_KIND_INT8: case GORT_KIND_INT16: case GORT_KIND_INT32: case GORT_KIND_INT64:
        v = load_int(a.type, a.data);
        break;
    case GORT_KIND_UINT: case GORT_KIND_UINT8: case GORT_KIND_UINT16: case GORT_KIND_UINT32:
    case GORT_KIND_UINT64: case GORT_KIND_UINTPTR: {
        uint64_t u = load_uint(a.type, a.data);
        if (u > (uint64_t)INT64_MAX) return false;
        v = (int64_t)u;
        break;
    }
    default: return false;
    }
    if (v > 1000000 || v < -1000000) return false;
    *out = (int)v;
    return true;
}

/* parsenum: a decimal number at f[*i..end), advancing *i; false when
 * there is none. */
static bool parsenum(const char *f, size_t *i, size_t end, int *out) {
    int n = 0;
    bool any = false;
    while (*i < end && f[*i] >= '0' && f[*i] <= '9') {
        if (n < 1000000) n = n * 10 + (f[*i] - '0');
        (*i)++;
        any = true;
    }
    *out = n;
    return any;
}

/* Go's argNumber: an explicit operand index "[n]" at f[*i], one-based.
 * Moves *argnum to it and returns true when there is one (a bad one
 * clears *good). */
static bool argnumber(pp *p, const char *f, size_t *i, size_t end, int *argnum, int nargs, bool *good) {
    if (*i >= end || f[*i] != '[') return false;
    p->reordered = true;
    /* Go's parseArgNumber on f[*i..end): the width consumed and ok */
    size_t wid = 1;
    bool ok = false;
    int n = 0;
    if (end - *i >= 3) {
        for (size_t j = *i + 1; j < end; j++) {
            if (f[j] != ']') continue;
            size_t k = *i + 1;
            ok = parsenum(f, &k, j, &n) && k == j;
            wid = j + 1 - *i;
            break;
        }
    }
    *i += wid;
    if (ok && n >= 1 && n - 1 < nargs) {
        *argnum = n - 1;
        return true;
    }
    *good = false;
    return ok;
}

static void doprintf(pp *p, const char *f, size_t end, const gort_any *args, int nargs) {
    int argnum = 0;
    size_t i = 0;
    p->reordered = false;
    while (i < end) {
        bool good = true, after;
        size_t lasti = i;
        while (i < end && f[i] != '%') i++;
        if (i > lasti) fmtbuf_write(p->b, f + lasti, i - lasti);
        if (i >= end) break;
        i++; /* the % */
        clearflags(p);
        for (; i < end; i++) {
            char c = f[i];
            if (c == '#') p->sharp = true;
            else if (c == '0') p->zero = !p->minus;
            else if (c == '+') p->plus = true;
            else if (c == '-') p->minus = true, p->zero = false;
            else if (c == ' ') p->space = true;
            else break;
        }
        if (i < end && f[i] >= 'a' && f[i] <= 'z' && argnum < nargs) {
            /* Go's fast path for a simple verb: no width, precision or
             * index parsed, so wid and prec keep the last verb's values */
            after = false;
            goto verb;
        }
        after = argnumber(p, f, &i, end, &argnum, nargs, &good);
        /* width */
        if (i < end && f[i] == '*') {
            i++;
            p->widp = intfromarg(args, nargs, &argnum, &p->wid);
            if (!p->widp) puts_(p->b, "%!(BADWIDTH)");
            if (p->wid < 0) {
                p->wid = -p->wid;
                p->minus = true;
                p->zero = false;
            }
            after = false;
        } else {
            p->widp = parsenum(f, &i, end, &p->wid);
            if (after && p->widp) good = false; /* "%[3]2d" */
        }
        /* precision */
        if (i + 1 < end && f[i] == '.') {
            i++;
            if (after) good = false; /* "%[3].2d" */
            after = argnumber(p, f, &i, end, &argnum, nargs, &good);
            if (i < end && f[i] == '*') {
                i++;
                p->precp = intfromarg(args, nargs, &argnum, &p->prec);
                if (p->prec < 0) {
                    p->prec = 0;
                    p->precp = false;
                }
                if (!p->precp) puts_(p->b, "%!(BADPREC)");
                after = false;
            } else {
                parsenum(f, &i, end, &p->prec);
                p->precp = true;
            }
        }
        if (!after) after = argnumber(p, f, &i, end, &argnum, nargs, &good);
    verb:
        if (i >= end) {
            puts_(p->b, "%!(NOVERB)");
            break;
        }
        /* the verb: one rune */
        int w;
        uint32_t verb = decoderune((const unsigned char *)f + i, end - i, &w);
        i += (size_t)w;
        if (verb == '%') {
            putc_(p->b, '%');
            continue;
        }
        if (!good) {
            puts_(p->b, "%!");
            char vb[4];
            fmtbuf_write(p->b, vb, (size_t)encoderune(vb, verb));
            puts_(p->b, "(BADINDEX)");
            continue;
        }
        if (argnum >= nargs) {
            puts_(p->b, "%!");
            char vb[4];
            fmtbuf_write(p->b, vb, (size_t)encoderune(vb, verb));
            puts_(p->b, "(MISSING)");
            continue;
        }
        if (verb == 'v') {
            if (p->sharp) p->sharp = false, p->sharpv = true;
            if (p->plus) p->plus = false, p->plusv = true;
        }
        p->argidx = argnum;
        gort_any a = args[argnum++];
        if (verb >= 0x80) {
            /* a non-ASCII verb is never valid */
            p->erroring = true;
            puts_(p->b, "%!");
            char vb[4];
            fmtbuf_write(p->b, vb, (size_t)encoderune(vb, verb));
            putc_(p->b, '(');
            if (a.type) {
                puts_(p->b, tname(a.type));
                putc_(p->b, '=');
                printarg(p, a, 'v');
            } else {
                puts_(p->b, "<nil>");
            }
            putc_(p->b, ')');
            p->erroring = false;
            continue;
        }
        if (verb == 'w') {
            /* an error operand of Errorf (formatted as %v), else a bad verb */
            if (!handle_methods(p, a, 'w')) printvalue(p, a.type, a.data, 'v', 0, false);
            continue;
        }
        printarg(p, a, (char)verb);
    }
    if (!p->reordered && argnum < nargs) {
        clearflags(p);
        puts_(p->b, "%!(EXTRA ");
        for (int k = argnum; k < nargs; k++) {
            if (k > argnum) puts_(p->b, ", ");
            if (!args[k].type) {
                puts_(p->b, "<nil>");
            } else {
                puts_(p->b, tname(args[k].type));
                putc_(p->b, '=');
                printarg(p, args[k], 'v');
            }
        }
        putc_(p->b, ')');
    }
}

void fmt_sprintf(fmtbuf *b, const fmt_env *env, const char *format, size_t flen, const gort_any *args,
                 int nargs) {
    pp p = {.b = b, .env = env, .wrapped = -1};
    doprintf(&p, format, flen, args, nargs);
}

void fmt_errorf(fmtbuf *b, const fmt_env *env, const char *format, size_t flen, const gort_any *args,
                int nargs, int *wrapped) {
    pp p = {.b = b, .env = env, .wrapped = -1, .wraperrs = true};
    doprintf(&p, format, flen, args, nargs);
    *wrapped = p.wrapped >= 0 ? p.wrapped : -1;
}
