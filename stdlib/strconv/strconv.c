/*
 * strconv.c: natives of package strconv (stdlib/strconv/strconv.go
 * declares the API).
 *
 * Everything is C: these are the hot conversions of scripts (Itoa, Atoi,
 * FormatFloat, ParseFloat), and each is a loop over bytes. The float
 * formatter and the quoter are vm/src/format.c's (fmt_formatfloat,
 * fmt_quote), so fmt's %v and strconv.FormatFloat cannot disagree.
 *
 * Parsing follows Go's strconv line by line where it matters for what a
 * script can observe: the order of checks (a range error is reported as
 * soon as the value overflows, before a later bad digit), the value
 * returned with a range error (the clamped maximum), base prefixes and
 * underscores only with base 0 (underscoreOK), and float syntax checked
 * by Go's readFloat rules before glibc's correctly rounding strtod/strtof
 * computes the value (strtod alone would accept "0x1.8" without an
 * exponent, "  1", "nan(123)" and "infinit").
 *
 * Errors. A parse failure returns a *strconv.NumError (its Func, the
 * input, and Err: ErrSyntax, ErrRange or a base/bit-size error), printed
 * as Go's: `strconv.Atoi: parsing "x": invalid syntax`. The descriptor of
 * *NumError is the program's own (natives.c links it from the strconv
 * declarations), so `err.(*strconv.NumError)` and errors.As see it.
 * ErrSyntax and ErrRange are two *errors.errorString objects in static
 * memory, the same address on every read, so errors.Is(err,
 * strconv.ErrRange) holds as in Go; the collector ignores pointers
 * outside its heap.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytecode.h"
#include "format.h"
#include "itab.h"
#include "natives.h"
#include "strconv.h"

static gort_string sarg(const vmslot *r) { return (gort_string){r[0].s, (intptr_t)r[1].i}; }

static void sret(vmslot *r, gort_string s) {
    r[0].s = s.ptr;
    r[1].i = s.len;
}

static gort_string newstr(const char *p, size_t n) {
    return n ? gort_string_new(p, (intptr_t)n) : (gort_string){"", 0};
}

static gort_string cstr(const char *p) { return newstr(p, strlen(p)); }

/* ---- errors ---- */

typedef struct errstr {
    gort_string s;
} errstr;
static errstr err_syntax = {{"invalid syntax", 14}}, err_range = {{"value out of range", 18}};
static void *cell_syntax = &err_syntax, *cell_range = &err_range;

static void err_value(struct vmstate *vm, void **cell, vmslot *out) {
    vm_make_error(vm, vm_prog(vm)->lib->errstring, cell, out);
}

/* var ErrSyntax, ErrRange error */
static void strconv_ErrSyntax(struct vmstate *vm, vmslot *r) { err_value(vm, &cell_syntax, r); }
static void strconv_ErrRange(struct vmstate *vm, vmslot *r) { err_value(vm, &cell_range, r); }

void vm_errors_new(struct vmstate *vm, gort_string s, vmslot *out);

/* Layout of type NumError struct { Func, Num string; Err error }. */
typedef struct numerror {
    gort_string fn, num;
    void *err[2];
} numerror;


/* The error result (at out) of a failed parse: a *NumError for func fn
 * and input s, its Err chosen by kind (arg: the bad base or bit size). */
void vm_strconv_numerr(struct vmstate *vm, const char *fn, gort_string s, int kind, int64_t arg, vmslot *out) {
    vmslot e[2];
    char msg[64];
    switch (kind) {
    case E_SYNTAX: err_value(vm, &cell_syntax, e); break;
    case E_RANGE: err_value(vm, &cell_range, e); break;
    default:
        snprintf(msg, sizeof msg, "%s %lld", kind == E_BASE ? "invalid base" : "invalid bit size", (long long)arg);
        vm_errors_new(vm, cstr(msg), e);
        break;
    }
    const gort_type *pt = vm_prog(vm)->lib->numerror;
    numerror *ne = gort_new(pt->elem);
    gort_string f = cstr(fn), num = newstr(s.ptr, (size_t)s.len);
    gort_store_ptr((void **)(void *)&ne->fn.ptr, (void *)f.ptr);
    ne->fn.len = f.len;
    gort_store_ptr((void **)(void *)&ne->num.ptr, (void *)num.ptr);
    ne->num.len = num.len;
    gort_store_ptr(&ne->err[0], e[0].p);
    gort_store_ptr(&ne->err[1], e[1].p);
    void **cell = gort_new(pt);
    gort_store_ptr(cell, ne);
    vm_make_error(vm, pt, cell, out);
}

/* func (e *NumError) Error() string:
 * "strconv." + e.Func + ": parsing " + Quote(e.Num) + ": " + e.Err.Error() */
static void numerror_Error(struct vmstate *vm, vmslot *r) {
    const numerror *ne = r[0].p;
    if (!ne) gort_panic_nil(0, 0);
    fmtbuf b = {0};
    fmtbuf_write(&b, "strconv.", 8);
    fmtbuf_write(&b, ne->fn.ptr, (size_t)ne->fn.len);
    fmtbuf_write(&b, ": parsing ", 10);
    fmt_quote(&b, ne->num.ptr, (size_t)ne->num.len, '"', false);
    fmtbuf_write(&b, ": ", 2);
    const vmitab *tab = ne->err[0];
    if (!tab) gort_panic_nil(0, 0);
    const gort_method *m = fmt_string_method(tab->type, "Error");
    vmslot res[2];
    vm_call_method(vm, tab->type, m->ifn, ne->err[1], res);
    fmtbuf_write(&b, res[0].s, (size_t)res[1].i);
    gort_string s = newstr(b.p, b.n);
    fmtbuf_free(&b);
    sret(r + 1, s);
}
const vmnative vm_native_numerror_Error = {"strconv.(*NumError).Error", numerror_Error};

/* func (e *NumError) Unwrap() error */
static void numerror_Unwrap(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const numerror *ne = r[0].p;
    if (!ne) gort_panic_nil(0, 0);
    r[1].p = ne->err[0];
    r[2].p = ne->err[1];
}
const vmnative vm_native_numerror_Unwrap = {"strconv.(*NumError).Unwrap", numerror_Unwrap};

/* ---- integers ---- */

static char lower(char c) { return (char)(c | ('x' - 'X')); }

/* Go's underscoreOK: underscores only between digits, or between a base
 * prefix and a digit. */
static bool underscore_ok(const char *s, intptr_t n) {
    char saw = '^';
    intptr_t i = 0;
    if (n >= 1 && (s[0] == '-' || s[0] == '+')) s++, n--;
    bool hex = false;
    if (n >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
        i = 2;
        saw = '0';
        hex = lower(s[1]) == 'x';
    }
    for (; i < n; i++) {
        if ((s[i] >= '0' && s[i] <= '9') || (hex && lower(s[i]) >= 'a' && lower(s[i]) <= 'f')) {
            saw = '0';
            continue;
        }
        if (s[i] == '_') {
            if (saw != '0') return false;
            saw = '_';
            continue;
        }
        if (saw == '_') return false;
        saw = '!';
    }
    return saw != '_';
}

/* Go's ParseUint: the value, or an error kind (*arg: the bad base or bit
 * size); with E_RANGE the value is the maximum of bitSize bits. */
int vm_strconv_parse_uint(gort_string str, int64_t base, int64_t bits, uint64_t *out, int64_t *arg) {
    const char *s = str.ptr;
    intptr_t n = str.len;
    *out = 0;
    if (n == 0) return E_SYNTAX;
    bool base0 = base == 0;
    if (base >= 2 && base <= 36) {
    } else if (base == 0) {
        base = 10;
        if (s[0] == '0') {
            if (n >= 3 && lower(s[1]) == 'b') base = 2, s += 2, n -= 2;
            else if (n >= 3 && lower(s[1]) == 'o') base = 8, s += 2, n -= 2;
            else if (n >= 3 && lower(s[1]) == 'x') base = 16, s += 2, n -= 2;
            else base = 8, s++, n--;
        }
    } else {
        *arg = base;
        return E_BASE;
    }
    if (bits == 0) bits = 64;
    else if (bits < 0 || bits > 64) {
        *arg = bits;
        return E_BITSIZE;
    }
    uint64_t cutoff = UINT64_MAX / (uint64_t)base + 1;
    uint64_t maxval = bits == 64 ? UINT64_MAX : (1ull << bits) - 1;
    bool underscores = false;
    uint64_t v = 0;
    for (intptr_t i = 0; i < n; i++) {
        char c = s[i];
        unsigned d;
        if (c == '_' && base0) {
            underscores = true;
            continue;
        } else if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
        else if (lower(c) >= 'a' && lower(c) <= 'z') d = (unsigned)(lower(c) - 'a' + 10);
        else return E_SYNTAX;
        if (d >= (unsigned)base) return E_SYNTAX;
        if (v >= cutoff) {
            *out = maxval;
            return E_RANGE;
        }
        v *= (uint64_t)base;
        uint64_t v1 = v + d;
        if (v1 < v || v1 > maxval) {
            *out = maxval;
            return E_RANGE;
        }
        v = v1;
    }
    if (underscores && !underscore_ok(str.ptr, str.len)) return E_SYNTAX;
    *out = v;
    return E_OK;
}

/* Go's ParseInt over parse_uint. */
int vm_strconv_parse_int(gort_string s0, int64_t base, int64_t bits, int64_t *out, int64_t *arg) {
    *out = 0;
    if (s0.len == 0) return E_SYNTAX;
    gort_string s = s0;
    bool neg = false;
    if (s.ptr[0] == '+') s.ptr++, s.len--;
    else if (s.ptr[0] == '-') s.ptr++, s.len--, neg = true;
    uint64_t un;
    int k = vm_strconv_parse_uint(s, base, bits, &un, arg);
    if (k != E_OK && k != E_RANGE) return k;
    if (bits == 0) bits = 64;
    uint64_t cutoff = 1ull << (bits - 1);
    if (!neg && un >= cutoff) {
        *out = (int64_t)(cutoff - 1);
        return E_RANGE;
    }
    if (neg && un > cutoff) {
        *out = -(int64_t)(cutoff - 1) - 1;
        return E_RANGE;
    }
    *out = neg ? (int64_t)(0 - un) : (int64_t)un;
    return E_OK;
}

/* func ParseInt(s string, base int, bitSize int) (i int64, err error) */
static void strconv_ParseInt(struct vmstate *vm, vmslot *r) {
    int64_t v, arg = 0;
    int k = vm_strconv_parse_int(sarg(r), r[2].i, r[3].i, &v, &arg);
    r[4].i = v;
    r[5].p = r[6].p = NULL;
    if (k) vm_strconv_numerr(vm, "ParseInt", sarg(r), k, arg, r + 5);
}

/* func ParseUint(s string, base int, bitSize int) (uint64, error) */
static void strconv_ParseUint(struct vmstate *vm, vmslot *r) {
    uint64_t v;
    int64_t arg = 0;
    int k = vm_strconv_parse_uint(sarg(r), r[2].i, r[3].i, &v, &arg);
    r[4].u = v;
    r[5].p = r[6].p = NULL;
    if (k) vm_strconv_numerr(vm, "ParseUint", sarg(r), k, arg, r + 5);
}

/* func Atoi(s string) (int, error) */
static void strconv_Atoi(struct vmstate *vm, vmslot *r) {
    gort_string s = sarg(r);
    r[3].p = r[4].p = NULL;
    if (s.len > 0 && s.len < 19) { /* Go's fast path: no overflow possible */
        intptr_t i = 0;
        bool neg = false;
        if (s.ptr[0] == '-' || s.ptr[0] == '+') {
            neg = s.ptr[0] == '-';
            i = 1;
            if (s.len == 1) goto bad;
        }
        int64_t n = 0;
        for (; i < s.len; i++) {
            unsigned d = (unsigned char)s.ptr[i] - '0';
            if (d > 9) goto bad;
            n = n * 10 + d;
        }
        r[2].i = neg ? -n : n;
        return;
    bad:
        r[2].i = 0;
        vm_strconv_numerr(vm, "Atoi", s, E_SYNTAX, 0, r + 3);
        return;
    }
    int64_t v, arg = 0;
    int k = vm_strconv_parse_int(s, 10, 0, &v, &arg);
    r[2].i = v;
    if (k) vm_strconv_numerr(vm, "Atoi", s, k, arg, r + 3);
}

/* func ParseBool(str string) (bool, error) */
static void strconv_ParseBool(struct vmstate *vm, vmslot *r) {
    static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True"};
    static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False"};
    gort_string s = sarg(r);
    r[3].p = r[4].p = NULL;
    for (int i = 0; i < 6; i++) {
        if ((size_t)s.len == strlen(t[i]) && memcmp(s.ptr, t[i], (size_t)s.len) == 0) {
            r[2].i = 1;
            return;
        }
        if ((size_t)s.len == strlen(f[i]) && memcmp(s.ptr, f[i], (size_t)s.len) == 0) {
            r[2].i = 0;
            return;
        }
    }
    r[2].i = 0;
    vm_strconv_numerr(vm, "ParseBool", s, E_SYNTAX, 0, r + 3);
}

/* The digits of u in base (2..36) into the end of buf; returns the start. */
static char *utoa(char *end, uint64_t u, int base) {
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char *p = end;
    do {
        *--p = digits[u % (unsigned)base];
        u /= (unsigned)base;
    } while (u);
    return p;
}

static size_t format_int(char *buf, uint64_t u, bool neg, int64_t base) {
    if (base < 2 || base > 36) gort_panic_str("strconv: illegal AppendInt/FormatInt base");
    char tmp[72];
    char *p = utoa(tmp + sizeof tmp, neg ? 0 - u : u, (int)base);
    if (neg) *--p = '-';
    size_t n = (size_t)(tmp + sizeof tmp - p);
    memcpy(buf, p, n);
    return n;
}

/* func Itoa(i int) string */
static void strconv_Itoa(struct vmstate *vm, vmslot *r) {
    (void)vm;
    char b[72];
    if (r[0].u < 10) { /* Go's small-integer strings: no allocation */
        static const char d[] = "0123456789";
        sret(r + 1, (gort_string){d + r[0].u, 1});
        return;
    }
    size_t n = format_int(b, r[0].u, r[0].i < 0, 10);
    sret(r + 1, newstr(b, n));
}

/* func FormatInt(i int64, base int) string */
static void strconv_FormatInt(struct vmstate *vm, vmslot *r) {
    (void)vm;
    char b[72];
    size_t n = format_int(b, r[0].u, r[0].i < 0, r[1].i);
    sret(r + 2, newstr(b, n));
}

/* func FormatUint(i uint64, base int) string */
static void strconv_FormatUint(struct vmstate *vm, vmslot *r) {
    (void)vm;
    char b[72];
    size_t n = format_int(b, r[0].u, false, r[1].i);
    sret(r + 2, newstr(b, n));
}

/* func FormatBool(b bool) string */
static void strconv_FormatBool(struct vmstate *vm, vmslot *r) {
    (void)vm;
    sret(r + 1, r[0].i & 1 ? (gort_string){"true", 4} : (gort_string){"false", 5});
}

/* ---- floats ---- */

static void format_float(fmtbuf *b, double v, int64_t verb, int64_t prec, int64_t bits) {
    if (bits != 32 && bits != 64) gort_panic_str("strconv: illegal AppendFloat/FormatFloat bitSize");
    size_t cap = 400 + (size_t)(prec > 0 ? prec : 0);
    char small[400], *out = cap <= sizeof small ? small : malloc(cap);
    if (!out) abort();
    fmt_formatfloat(out, cap, v, (char)verb, (int)prec, (int)bits);
    fmtbuf_write(b, out, strlen(out));
    if (out != small) free(out);
}

/* func FormatFloat(f float64, fmt byte, prec int, bitSize int) string */
static void strconv_FormatFloat(struct vmstate *vm, vmslot *r) {
    (void)vm;
    fmtbuf b = {0};
    format_float(&b, r[0].f, r[1].i & 0xFF, r[2].i, r[3].i);
    sret(r + 4, newstr(b.p, b.n));
    fmtbuf_free(&b);
}

/* Case-insensitive length of the common prefix of s and lowercase p. */
static intptr_t prefix_fold(const char *s, intptr_t n, const char *p) {
    intptr_t i = 0;
    while (i < n && p[i] && lower(s[i]) == p[i]) i++;
    return i;
}

/* Go's special(): ±Inf/Infinity, NaN; the bytes consumed, or 0. */
static intptr_t special(const char *s, intptr_t n, double *f) {
    if (n == 0) return 0;
    int sign = 1, nsign = 0;
    if (s[0] == '+' || s[0] == '-') {
        sign = s[0] == '-' ? -1 : 1;
        nsign = 1;
        s++, n--;
    } else if (lower(s[0]) == 'n') {
        if (prefix_fold(s, n, "nan") == 3) {
            *f = NAN;
            return 3;
        }
        return 0;
    }
    if (n == 0 || lower(s[0]) != 'i') return 0;
    intptr_t k = prefix_fold(s, n, "infinity");
    if (k > 3 && k < 8) k = 3;
    if (k == 3 || k == 8) {
        *f = sign * INFINITY;
        return nsign + k;
    }
    return 0;
}

/* Go's readFloat syntax: [sign] (decimal | 0x hex with p exponent),
 * digits with underscores, one point, an exponent with digits. Copies
 * the number without underscores into out (for strtod). */
static bool float_syntax(const char *s, intptr_t n, char *out) {
    intptr_t i = 0, o = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) out[o++] = s[i++];
    int base = 10;
    bool underscores = false;
    if (i + 2 < n + 1 && i + 1 < n && s[i] == '0' && lower(s[i + 1]) == 'x') {
        base = 16;
        out[o++] = '0', out[o++] = 'x';
        i += 2;
        underscores = false;
    }
    bool sawdot = false, sawdigits = false;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '_') {
            underscores = true;
            continue;
        }
        if (c == '.') {
            if (sawdot) break;
            sawdot = true;
            out[o++] = c;
            continue;
        }
        if ((c >= '0' && c <= '9') || (base == 16 && lower(c) >= 'a' && lower(c) <= 'f')) {
            sawdigits = true;
            out[o++] = c;
            continue;
        }
        break;
    }
    if (!sawdigits) return false;
    if (i < n && lower(s[i]) == (base == 10 ? 'e' : 'p')) {
        out[o++] = s[i++];
        if (i >= n) return false;
        if (s[i] == '+' || s[i] == '-') out[o++] = s[i++];
        if (i >= n || s[i] < '0' || s[i] > '9') return false;
        for (; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); i++) {
            if (s[i] == '_') underscores = true;
            else out[o++] = s[i];
        }
    } else if (base == 16) return false; /* a hex mantissa needs a p exponent */
    if (i != n) return false;
    if (underscores && !underscore_ok(s, n)) return false;
    out[o] = 0;
    return true;
}

/* Go's ParseFloat: the value and an error kind. */
int vm_strconv_parse_float(gort_string str, int64_t bits, double *out) {
    *out = 0;
    double f;
    intptr_t k = special(str.ptr, str.len, &f);
    if (k) {
        if (k != str.len) return E_SYNTAX;
        *out = f;
        return E_OK;
    }
    char small[128], *buf = str.len < (intptr_t)sizeof small - 4 ? small : malloc((size_t)str.len + 4);
    if (!buf) abort();
    int res = E_OK;
    if (!float_syntax(str.ptr, str.len, buf)) res = E_SYNTAX;
    else if (bits == 32) {
        float v = strtof(buf, NULL);
        *out = v;
        if (isinf(v)) res = E_RANGE;
    } else {
        double v = strtod(buf, NULL);
        *out = v;
        if (isinf(v)) res = E_RANGE;
    }
    if (buf != small) free(buf);
    return res;
}

/* func ParseFloat(s string, bitSize int) (float64, error) */
static void strconv_ParseFloat(struct vmstate *vm, vmslot *r) {
    double v;
    int k = vm_strconv_parse_float(sarg(r), r[2].i, &v);
    r[3].f = v;
    r[4].p = r[5].p = NULL;
    if (k) vm_strconv_numerr(vm, "ParseFloat", sarg(r), k, 0, r + 4);
}

/* ---- quoting ---- */

static void quote_to(vmslot *out, const char *s, size_t n, char q, bool ascii) {
    fmtbuf b = {0};
    fmt_quote(&b, s, n, q, ascii);
    sret(out, newstr(b.p, b.n));
    fmtbuf_free(&b);
}

static size_t rune_bytes(char *buf, int64_t r) {
    uint32_t u = r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF) ? 0xFFFD : (uint32_t)r;
    if (u < 0x80) return buf[0] = (char)u, 1;
    if (u < 0x800) return buf[0] = (char)(0xC0 | (u >> 6)), buf[1] = (char)(0x80 | (u & 0x3F)), 2;
    if (u < 0x10000) {
        buf[0] = (char)(0xE0 | (u >> 12));
        buf[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (u & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (u >> 18));
    buf[1] = (char)(0x80 | ((u >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((u >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (u & 0x3F));
    return 4;
}

/* func Quote(s string) string */
static void strconv_Quote(struct vmstate *vm, vmslot *r) {
    (void)vm;
    quote_to(r + 2, r[0].s, (size_t)r[1].i, '"', false);
}

/* func QuoteToASCII(s string) string */
static void strconv_QuoteToASCII(struct vmstate *vm, vmslot *r) {
    (void)vm;
    quote_to(r + 2, r[0].s, (size_t)r[1].i, '"', true);
}

/* func QuoteRune(r rune) string */
static void strconv_QuoteRune(struct vmstate *vm, vmslot *r) {
    (void)vm;
    char b[4];
    quote_to(r + 1, b, rune_bytes(b, (int32_t)r[0].i), '\'', false);
}

/* func QuoteRuneToASCII(r rune) string */
static void strconv_QuoteRuneToASCII(struct vmstate *vm, vmslot *r) {
    (void)vm;
    char b[4];
    quote_to(r + 1, b, rune_bytes(b, (int32_t)r[0].i), '\'', true);
}

/* func CanBackquote(s string) bool */
static void strconv_CanBackquote(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[2].i = fmt_canbackquote(r[0].s, (size_t)r[1].i);
}

/* func IsPrint(r rune) bool */
static void strconv_IsPrint(struct vmstate *vm, vmslot *r) {
    (void)vm;
    int32_t c = (int32_t)r[0].i;
    r[1].i = c >= 0 && fmt_isprint((uint32_t)c);
}

static int unhex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (lower(c) >= 'a' && lower(c) <= 'f') return lower(c) - 'a' + 10;
    return -1;
}

/* Go's UnquoteChar: decodes the first character or escape of s (inside
 * quote q); false on a syntax error. */
static bool unquote_char(const char *s, intptr_t n, char q, int32_t *value, bool *multibyte, intptr_t *used) {
    if (n == 0) return false;
    unsigned char c = (unsigned char)s[0];
    *multibyte = false;
    if (c == (unsigned char)q && (q == '\'' || q == '"')) return false;
    if (c >= 0x80) {
        gort_rune rr;
        intptr_t w = gort_string_next((gort_string){s, n}, 0, &rr);
        *value = rr;
        *multibyte = true;
        *used = w;
        return true;
    }
    if (c != '\\') {
        *value = c;
        *used = 1;
        return true;
    }
    if (n <= 1) return false;
    char e = s[1];
    *used = 2;
    switch (e) {
    case 'a': *value = '\a'; return true;
    case 'b': *value = '\b'; return true;
    case 'f': *value = '\f'; return true;
    case 'n': *value = '\n'; return true;
    case 'r': *value = '\r'; return true;
    case 't': *value = '\t'; return true;
    case 'v': *value = '\v'; return true;
    case 'x': case 'u': case 'U': {
        int k = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (n < 2 + k) return false;
        uint32_t v = 0;
        for (int j = 0; j < k; j++) {
            int x = unhex(s[2 + j]);
            if (x < 0) return false;
            v = (v << 4) | (uint32_t)x;
        }
        *used = 2 + k;
        if (e == 'x') {
            *value = (int32_t)v;
            return true;
        }
        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return false;
        *value = (int32_t)v;
        *multibyte = true;
        return true;
    }
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        if (n < 4) return false;
        int32_t v = 0;
        for (int j = 1; j <= 3; j++) {
            int x = s[j] - '0';
            if (x < 0 || x > 7) return false;
            v = (v << 3) | x;
        }
        if (v > 255) return false;
        *value = v;
        *used = 4;
        return true;
    }
    case '\\': *value = '\\'; return true;
    case '\'': case '"':
        if (e != q) return false;
        *value = e;
        return true;
    default: return false;
    }
}

static bool valid_utf8(const char *s, intptr_t n) {
    for (intptr_t i = 0; i < n;) {
        gort_rune r;
        intptr_t w = gort_string_next((gort_string){s, n}, i, &r) - i;
        if (r == 0xFFFD && w == 1) return false;
        i += w;
    }
    return true;
}

/* Go's unquote: the quoted literal at the start of in[0..n); its value
 * (unescape) into out, *used the bytes it spans. False: ErrSyntax. */
static bool unquote(const char *in, intptr_t n, bool unescape, fmtbuf *out, intptr_t *used) {
    if (n < 2) return false;
    char q = in[0];
    const char *endp = memchr(in + 1, q, (size_t)(n - 1));
    if (!endp) return false;
    intptr_t end = endp - in + 1;
    if (q == '`') {
        if (unescape)
            for (intptr_t i = 1; i < end - 1; i++)
                if (in[i] != '\r') fmtbuf_write(out, in + i, 1);
        *used = end;
        return true;
    }
    if (q != '"' && q != '\'') return false;
    if (!memchr(in, '\\', (size_t)end) && !memchr(in, '\n', (size_t)end)) {
        bool valid;
        if (q == '"') valid = valid_utf8(in + 1, end - 2);
        else {
            gort_rune r = 0xFFFD;
            intptr_t w = end - 2 > 0 ? gort_string_next((gort_string){in + 1, end - 2}, 0, &r) : 0;
            valid = 1 + w + 1 == end && (r != 0xFFFD || w != 1);
        }
        if (valid) {
            if (unescape) fmtbuf_write(out, in + 1, (size_t)(end - 2));
            *used = end;
            return true;
        }
    }
    const char *p = in + 1, *lim = in + n;
    while (p < lim && *p != q) {
        int32_t v;
        bool mb;
        intptr_t k;
        if (*p == '\n' || !unquote_char(p, lim - p, q, &v, &mb, &k)) return false;
        p += k;
        if (unescape) {
            if (v < 0x80 || !mb) {
                char c = (char)v;
                fmtbuf_write(out, &c, 1);
            } else {
                char e[4];
                fmtbuf_write(out, e, rune_bytes(e, v));
            }
        }
        if (q == '\'') break;
    }
    if (!(p < lim && *p == q)) return false;
    *used = p + 1 - in;
    return true;
}

/* strconv.Unquote for fmt's %q scanning: the whole of in[0..n). */
bool vm_strconv_unquote(const char *in, intptr_t n, fmtbuf *out);
bool vm_strconv_unquote(const char *in, intptr_t n, fmtbuf *out) {
    intptr_t used;
    return unquote(in, n, true, out, &used) && used == n;
}

/* func Unquote(s string) (string, error) */
static void strconv_Unquote(struct vmstate *vm, vmslot *r) {
    gort_string s = sarg(r);
    r[2].s = "";
    r[3].i = 0;
    r[4].p = r[5].p = NULL;
    fmtbuf b = {0};
    intptr_t used;
    if (unquote(s.ptr, s.len, true, &b, &used) && used == s.len) sret(r + 2, newstr(b.p, b.n));
    else err_value(vm, &cell_syntax, r + 4);
    fmtbuf_free(&b);
}

/* func QuotedPrefix(s string) (string, error) */
static void strconv_QuotedPrefix(struct vmstate *vm, vmslot *r) {
    gort_string s = sarg(r);
    r[2].s = "";
    r[3].i = 0;
    r[4].p = r[5].p = NULL;
    intptr_t used;
    if (unquote(s.ptr, s.len, false, NULL, &used)) sret(r + 2, (gort_string){s.ptr, used});
    else err_value(vm, &cell_syntax, r + 4);
}

/* func UnquoteChar(s string, quote byte) (value rune, multibyte bool, tail string, err error) */
static void strconv_UnquoteChar(struct vmstate *vm, vmslot *r) {
    gort_string s = sarg(r);
    int32_t v = 0;
    bool mb = false;
    intptr_t k = 0;
    r[3].i = r[4].i = 0;
    r[5].s = "";
    r[6].i = 0;
    r[7].p = r[8].p = NULL;
    if (!unquote_char(s.ptr, s.len, (char)r[2].i, &v, &mb, &k)) {
        err_value(vm, &cell_syntax, r + 7);
        return;
    }
    r[3].i = v;
    r[4].i = mb;
    sret(r + 5, (gort_string){s.ptr + k, s.len - k});
}

/* ---- Append ---- */

static void append_bytes(vmslot *r, const char *p, size_t n, vmslot *out) {
    gort_slice s = {r[0].p, (intptr_t)r[1].i, (intptr_t)r[2].i};
    s = gort_append(&gort_type_uint8, s, p, (intptr_t)n);
    out[0].p = s.ptr;
    out[1].i = s.len;
    out[2].i = s.cap;
}

/* func AppendInt(dst []byte, i int64, base int) []byte */
static void strconv_AppendInt(struct vmstate *vm, vmslot *r) {
    (void)vm;
    char b[72];
    append_bytes(r, b, format_int(b, r[3].u, r[3].i < 0, r[4].i), r + 5);
}

/* func AppendUint(dst []byte, i uint64, base int) []byte */
static void strconv_AppendUint(struct vmstate *vm, vmslot *r) {
    (void)vm;
    char b[72];
    append_bytes(r, b, format_int(b, r[3].u, false, r[4].i), r + 5);
}

/* func AppendBool(dst []byte, b bool) []byte */
static void strconv_AppendBool(struct vmstate *vm, vmslot *r) {
    (void)vm;
    if (r[3].i & 1) append_bytes(r, "true", 4, r + 4);
    else append_bytes(r, "false", 5, r + 4);
}

/* func AppendFloat(dst []byte, f float64, fmt byte, prec int, bitSize int) []byte */
static void strconv_AppendFloat(struct vmstate *vm, vmslot *r) {
    (void)vm;
    fmtbuf b = {0};
    format_float(&b, r[3].f, r[4].i & 0xFF, r[5].i, r[6].i);
    append_bytes(r, b.p, b.n, r + 7);
    fmtbuf_free(&b);
}

/* func AppendQuote(dst []byte, s string) []byte */
static void strconv_AppendQuote(struct vmstate *vm, vmslot *r) {
    (void)vm;
    fmtbuf b = {0};
    fmt_quote(&b, r[3].s, (size_t)r[4].i, '"', false);
    append_bytes(r, b.p, b.n, r + 5);
    fmtbuf_free(&b);
}

/* func AppendQuoteRune(dst []byte, r rune) []byte */
static void strconv_AppendQuoteRune(struct vmstate *vm, vmslot *r) {
    (void)vm;
    fmtbuf b = {0};
    char e[4];
    fmt_quote(&b, e, rune_bytes(e, (int32_t)r[3].i), '\'', false);
    append_bytes(r, b.p, b.n, r + 4);
    fmtbuf_free(&b);
}

static const vmnative natives[] = {
    {"strconv.AppendBool", strconv_AppendBool},
    {"strconv.AppendFloat", strconv_AppendFloat},
    {"strconv.AppendInt", strconv_AppendInt},
    {"strconv.AppendQuote", strconv_AppendQuote},
    {"strconv.AppendQuoteRune", strconv_AppendQuoteRune},
    {"strconv.AppendUint", strconv_AppendUint},
    {"strconv.Atoi", strconv_Atoi},
    {"strconv.CanBackquote", strconv_CanBackquote},
    {"strconv.ErrRange", strconv_ErrRange},
    {"strconv.ErrSyntax", strconv_ErrSyntax},
    {"strconv.FormatBool", strconv_FormatBool},
    {"strconv.FormatFloat", strconv_FormatFloat},
    {"strconv.FormatInt", strconv_FormatInt},
    {"strconv.FormatUint", strconv_FormatUint},
    {"strconv.IsPrint", strconv_IsPrint},
    {"strconv.Itoa", strconv_Itoa},
    {"strconv.ParseBool", strconv_ParseBool},
    {"strconv.ParseFloat", strconv_ParseFloat},
    {"strconv.ParseInt", strconv_ParseInt},
    {"strconv.ParseUint", strconv_ParseUint},
    {"strconv.Quote", strconv_Quote},
    {"strconv.QuoteRune", strconv_QuoteRune},
    {"strconv.QuoteRuneToASCII", strconv_QuoteRuneToASCII},
    {"strconv.QuoteToASCII", strconv_QuoteToASCII},
    {"strconv.QuotedPrefix", strconv_QuotedPrefix},
    {"strconv.Unquote", strconv_Unquote},
    {"strconv.UnquoteChar", strconv_UnquoteChar},
    {"strconv.(*NumError).Error", numerror_Error},
    {"strconv.(*NumError).Unwrap", numerror_Unwrap},
};
const vmnative_table vm_natives_strconv = {natives, (int)(sizeof natives / sizeof natives[0])};
