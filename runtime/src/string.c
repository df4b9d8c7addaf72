/*
 * string.c — Go's strings: concatenation, comparison, slicing, the
 * conversions to and from []byte and []rune, strings.Builder, and the
 * strconv number formatting and parsing the VM's fmt builds on.
 * docs/slices-and-strings.md draws the pictures.
 *
 * A string is gort_string {ptr, len}: a two-word value whose bytes are
 * immutable once it exists.  Immutability is what makes sharing free:
 *
 *     s    = {p, 11}      "hello world"       one noscan GC object
 *     s[6:] = {p+6, 5}          ^^^^^         same bytes, no copy
 *
 * so slicing (gort_string_slice) and string(builder) never copy, while
 * every conversion from mutable memory ([]byte, []rune, C buffers) does.
 * String bytes live in noscan objects (they hold no pointers): the
 * collector finds them through the ptr word of whatever gort_string
 * points there, interior pointers included, and never scans inside.
 *
 * Allocation sizes:
 *   - concatenation, string(b), string(runes): exactly the bytes needed,
 *     with no NUL terminator (the allocator rounds to its size class; a
 *     32-byte result takes a 32-byte object, not 48).  Go's
 *     concatstrings; results under 16 bytes go to the tiny allocator.
 *   - []byte(s), []rune(s): the capacity is the size class's, so a
 *     following append has the slack for free (Go's rawbyteslice).
 *   - gort_builder: append's growth rule over a []byte; String() hands
 *     out the bytes written so far without copying.  Later writes only
 *     append after them, and a growth copies to a new array, so a string
 *     already handed out never changes.
 *
 * Number formatting: integers by repeated division (two digits at a time
 * for base 10).  Floats: the fixed-precision forms are glibc's printf
 * (%e, %f, %g are correctly rounded and print like Go's 'e', 'f', 'g'
 * for a given precision); the shortest form (prec -1) tries %.{p-1}e for
 * p = 1..17 and keeps the first that strtod reads back as the same value,
 * also trying the p-digit neighbours of printf's choice (the nearest
 * p-digit decimal can miss the rounding interval at a power of two where
 * a farther one fits); the digits are then laid out by Go's rules ('g'
 * switches to an exponent below 1e-4 or from 1e+06 on).  Slower than
 * Go's Ryu but needs no tables; it is not on any hot path.
 *
 * Number parsing is strconv's, error texts included: ParseUint's digit
 * loop with its overflow cutoff, base prefixes and underscore rules;
 * ParseFloat checks Go's syntax itself and lets strtod (strtof for
 * bitsize 32) do the correctly rounded conversion.  Errors are described
 * by a gort_numerr code; Go's *NumError text is only built (a heap
 * allocation) when the caller asks for it.  strconv.Quote inside the
 * error text treats every valid rune from U+00A0 up as printable (Go
 * consults Unicode tables).
 */
#include "runtime.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const char emptystr[1] = "";
#define EMPTY ((gort_string){emptystr, 0})

/* ---------------------------------------------------------------------- */
/* Allocation, concatenation, comparison                                   */
/* ---------------------------------------------------------------------- */

/* memcpy for the short parts strings are mostly made of: up to 16 bytes
 * with two overlapping loads and stores instead of a library call. */
static inline void copybytes(char *d, const char *s, size_t n) {
    if (n >= 8 && n <= 16) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
    } else if (n >= 4 && n < 8) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &b, 4);
    } else if (n < 4) {
        for (size_t i = 0; i < n; i++) d[i] = s[i];
    } else {
        memcpy(d, s, n);
    }
}

/* n bytes for a new string, not zeroed (the caller fills them all). */
static inline char *rawstring(intptr_t n) {
    return rt_mallocgc((uintptr_t)n, NULL, false);
}

gort_string gort_string_new(const char *p, intptr_t n) {
    if (n <= 0) {
        if (n < 0) rt_panicrt("makeslice: len out of range");
        return EMPTY;
    }
    char *b = rawstring(n);
    memcpy(b, p, (size_t)n);
    return (gort_string){b, n};
}

gort_string gort_string_concat(intptr_t n, const gort_string *parts) {
    intptr_t total = 0, nonempty = 0, last = 0;
    for (intptr_t i = 0; i < n; i++) {
        intptr_t l = parts[i].len;
        if (l == 0) continue;
        if (unlikely(l < 0 || l > INTPTR_MAX - total))
            rt_throw("string concatenation too long");
        total += l;
        nonempty++;
        last = i;
    }
    if (nonempty == 0) return EMPTY;
    if (nonempty == 1) return parts[last]; /* immutable: share it */
    char *b = rawstring(total), *w = b;
    for (intptr_t i = 0; i < n; i++) {
        if (parts[i].len == 0) continue;
        copybytes(w, parts[i].ptr, (size_t)parts[i].len);
        w += parts[i].len;
    }
    return (gort_string){b, total};
}

int gort_string_compare(gort_string a, gort_string b) {
    intptr_t l = a.len < b.len ? a.len : b.len;
    if (l > 0 && a.ptr != b.ptr) {
        int c = memcmp(a.ptr, b.ptr, (size_t)l);
        if (c) return c < 0 ? -1 : 1;
    }
    return a.len < b.len ? -1 : a.len > b.len;
}

/* s[lo:hi]: hi against len first, then lo against hi, as Go. */
gort_string gort_string_slice(gort_string s, intptr_t lo, intptr_t hi) {
    if (unlikely((uintptr_t)hi > (uintptr_t)s.len))
        gort_panic_bounds(GORT_BOUNDS_SLICE_ALEN, hi, s.len);
    if (unlikely((uintptr_t)lo > (uintptr_t)hi))
        gort_panic_bounds(GORT_BOUNDS_SLICE_B, lo, hi);
    if (lo == hi) return (gort_string){s.ptr, 0}; /* never past the end */
    return (gort_string){s.ptr + lo, hi - lo};
}

/* ---------------------------------------------------------------------- */
/* Conversions                                                             */
/* ---------------------------------------------------------------------- */

/* A []byte of length n and the size class's capacity; bytes [n, cap)
 * zeroed, [0, n) left for the caller. */
static gort_slice rawbyteslice(intptr_t n) {
    uintptr_t cap = rt_roundupsize((uintptr_t)n);
    char *p = rt_mallocgc(cap, &gort_type_bytes, false);
    if (cap > (uintptr_t)n) memset(p + n, 0, cap - (uintptr_t)n);
    return (gort_slice){p, n, (intptr_t)cap};
}

gort_slice gort_string_to_bytes(gort_string s) {
    gort_slice b = rawbyteslice(s.len);
    if (s.len) memcpy(b.ptr, s.ptr, (size_t)s.len);
    return b;
}

gort_string gort_string_from_bytes(gort_slice b) {
    return gort_string_new(b.ptr, b.len);
}

gort_slice gort_string_to_runes(gort_string s) {
    intptr_t n = gort_utf8_count(s);
    uintptr_t mem = rt_roundupsize((uintptr_t)n * sizeof(gort_rune));
    gort_rune *r = rt_mallocgc(mem, &gort_type_int32, false);
    intptr_t k = 0;
    for (intptr_t i = 0; i < s.len;) i = gort_string_next(s, i, &r[k++]);
    memset(r + n, 0, mem - (uintptr_t)n * sizeof(gort_rune));
    return (gort_slice){r, n, (intptr_t)(mem / sizeof(gort_rune))};
}

gort_string gort_string_from_runes(gort_slice runes) {
    const gort_rune *r = runes.ptr;
    intptr_t size = 0;
    for (intptr_t i = 0; i < runes.len; i++) {
        int w = gort_utf8_runelen(r[i]);
        size += w < 0 ? 3 : w; /* invalid: U+FFFD */
    }
    if (size == 0) return EMPTY;
    char *b = rawstring(size), *w = b;
    for (intptr_t i = 0; i < runes.len; i++) w += gort_utf8_encode(w, r[i]);
    return (gort_string){b, size};
}

gort_string gort_string_from_rune(gort_rune r) {
    char buf[GORT_UTF8_MAX];
    return gort_string_new(buf, gort_utf8_encode(buf, r));
}

/* ---------------------------------------------------------------------- */
/* strings.Builder                                                         */
/* ---------------------------------------------------------------------- */

/* Installs the grown buffer s.  The builder may live in a heap object:
 * its ptr word is stored through the barrier. */
static inline void installbuf(gort_builder *b, gort_slice s) {
    gort_store_ptr(&b->buf.ptr, s.ptr);
    b->buf.len = s.len;
    b->buf.cap = s.cap;
}

/* Go's Builder.grow: a new array of 2*cap+n (not append's rule: Grow is
 * an explicit request, made exactly). */
void gort_builder_grow(gort_builder *b, intptr_t n) {
    if (n < 0) gort_panic_str("strings.Builder.Grow: negative count");
    if (b->buf.cap - b->buf.len >= n) return;
    gort_slice s = gort_make_slice(&gort_type_bytes, b->buf.len,
                                   2 * b->buf.cap + n);
    if (b->buf.len) memcpy(s.ptr, b->buf.ptr, (size_t)b->buf.len);
    installbuf(b, s);
}

/* Makes room for n more bytes by append's rule; returns where they go. */
static inline char *reserve(gort_builder *b, intptr_t n) {
    if (unlikely(b->buf.cap - b->buf.len < n)) {
        if (unlikely(n > INTPTR_MAX - b->buf.len))
            rt_panicrt("growslice: cap out of range");
        installbuf(b, gort_slice_grow(&gort_type_bytes, b->buf, b->buf.len + n));
    }
    char *w = (char *)b->buf.ptr + b->buf.len;
    b->buf.len += n;
    return w;
}

void gort_builder_write(gort_builder *b, const void *p, intptr_t n) {
    if (n <= 0) return;
    /* p may point into the buffer itself: growth leaves the old array
     * intact, and the new bytes go after the written ones. */
    memcpy(reserve(b, n), p, (size_t)n);
}

void gort_builder_write_string(gort_builder *b, gort_string s) {
    gort_builder_write(b, s.ptr, s.len);
}

void gort_builder_write_byte(gort_builder *b, uint8_t c) {
    *reserve(b, 1) = (char)c;
}

void gort_builder_write_rune(gort_builder *b, gort_rune r) {
    if ((uint32_t)r < 0x80) {
        *reserve(b, 1) = (char)r;
        return;
    }
    char buf[GORT_UTF8_MAX];
    int w = gort_utf8_encode(buf, r);
    memcpy(reserve(b, w), buf, (size_t)w);
}

/* ---------------------------------------------------------------------- */
/* Integer formatting                                                      */
/* ---------------------------------------------------------------------- */

static const char digits36[] = "0123456789abcdefghijklmnopqrstuvwxyz";
static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                            "25262728293031323334353637383940414243444546474849"
                            "50515253545556575859606162636465666768697071727374"
                            "75767778798081828384858687888990919293949596979899";

/* u in base, written backwards ending at end; returns the first byte. */
static char *fmtbits(char *end, uint64_t u, int base) {
    if (base < 2 || base > 36)
        gort_panic_str("strconv: illegal AppendInt/FormatInt base");
    char *w = end;
    if (base == 10) {
        while (u >= 100) {
            unsigned d = (unsigned)(u % 100) * 2;
            u /= 100;
            *--w = pairs[d + 1];
            *--w = pairs[d];
        }
        if (u >= 10) {
            *--w = pairs[u * 2 + 1];
            *--w = pairs[u * 2];
        } else {
            *--w = (char)('0' + u);
        }
        return w;
    }
    do {
        *--w = digits36[u % (unsigned)base];
        u /= (unsigned)base;
    } while (u);
    return w;
}

int gort_utoa(char buf[GORT_ITOA_MAX], uint64_t v, int base) {
    char tmp[GORT_ITOA_MAX];
    char *end = tmp + sizeof tmp, *w = fmtbits(end, v, base);
    memcpy(buf, w, (size_t)(end - w));
    return (int)(end - w);
}

int gort_itoa(char buf[GORT_ITOA_MAX], int64_t v, int base) {
    char tmp[GORT_ITOA_MAX];
    char *end = tmp + sizeof tmp;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    char *w = fmtbits(end, u, base);
    if (v < 0) *--w = '-';
    memcpy(buf, w, (size_t)(end - w));
    return (int)(end - w);
}

gort_string gort_format_int(int64_t v, int base) {
    char buf[GORT_ITOA_MAX];
    return gort_string_new(buf, gort_itoa(buf, v, base));
}

gort_string gort_format_uint(uint64_t v, int base) {
    char buf[GORT_ITOA_MAX];
    return gort_string_new(buf, gort_utoa(buf, v, base));
}

/* ---------------------------------------------------------------------- */
/* Float formatting                                                        */
/* ---------------------------------------------------------------------- */

/* A decimal d[0..nd) x 10^(dp-nd): 0.d[0]d[1]... x 10^dp, as Go's
 * decimalSlice. */
typedef struct {
    char d[24];
    int nd, dp;
} decimal;

/* Reads printf's "%.*e" output (no sign) into *dec. */
static void readexp(const char *s, decimal *dec) {
    dec->nd = 0;
    for (; *s && *s != 'e'; s++)
        if (*s != '.') dec->d[dec->nd++] = *s;
    dec->dp = atoi(s + 1) + 1;
}

static bool roundtrips(const char *text, double f, int bitsize) {
    if (bitsize == 32) return strtof(text, NULL) == (float)f;
    return strtod(text, NULL) == f;
}

/* dec = m x 10^e, trailing zeros dropped. */
static void setdec(decimal *dec, uint64_t m, int e) {
    char tmp[24];
    int nd = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)m);
    dec->dp = e + nd;
    while (nd > 1 && tmp[nd - 1] == '0') nd--;
    memcpy(dec->d, tmp, (size_t)nd);
    dec->nd = nd;
}

/* The shortest decimal that reads back as f (finite, > 0). */
static void shortest(double f, int bitsize, decimal *dec) {
    char buf[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, f);
        readexp(buf, dec);
        if (roundtrips(buf, f, bitsize)) return;
        /* printf's p digits are the nearest p-digit decimal; at a power
         * of two the interval that reads back as f is lopsided, and a
         * neighbour m-1 or m+1 may fit where the nearest does not. */
        uint64_t m = 0;
        for (int i = 0; i < dec->nd; i++) m = m * 10 + (uint64_t)(dec->d[i] - '0');
        int e = dec->dp - dec->nd;
        long double best = -1;
        uint64_t bestm = 0;
        for (int k = -1; k <= 1; k += 2) {
            uint64_t c = m + (uint64_t)(int64_t)k;
            char cand[40];
            snprintf(cand, sizeof cand, "%llue%d", (unsigned long long)c, e);
            if (c == 0 || !roundtrips(cand, f, bitsize)) continue;
            long double d = fabsl(strtold(cand, NULL) - (long double)f);
            if (best < 0 || d < best) best = d, bestm = c;
        }
        if (best >= 0) {
            setdec(dec, bestm, e);
            return;
        }
    }
    /* unreachable: 17 digits always read back */
}

/* Appends c to the output (counting what does not fit). */
typedef struct {
    char *buf;
    size_t n, len;
} out;

static inline void put(out *o, char c) {
    if (o->len + 1 < o->n) o->buf[o->len] = c;
    o->len++;
}

static void puts_(out *o, const char *s) {
    while (*s) put(o, *s++);
}

/* Go's fmtE: d.ddd e±dd with prec digits after the point. */
static void fmte(out *o, const decimal *dec, int prec, char e) {
    put(o, dec->nd ? dec->d[0] : '0');
    if (prec > 0) {
        put(o, '.');
        for (int i = 1; i <= prec; i++) put(o, i < dec->nd ? dec->d[i] : '0');
    }
    put(o, e);
    int exp = dec->nd ? dec->dp - 1 : 0;
    put(o, exp < 0 ? '-' : '+');
    if (exp < 0) exp = -exp;
    char tmp[8];
    int k = snprintf(tmp, sizeof tmp, "%02d", exp);
    for (int i = 0; i < k; i++) put(o, tmp[i]);
}

/* Go's fmtF: integer part, then prec digits after the point. */
static void fmtf(out *o, const decimal *dec, int prec) {
    if (dec->dp > 0) {
        for (int i = 0; i < dec->dp; i++) put(o, i < dec->nd ? dec->d[i] : '0');
    } else {
        put(o, '0');
    }
    if (prec > 0) {
        put(o, '.');
        for (int i = 1; i <= prec; i++) {
            int j = dec->dp + i - 1;
            put(o, j >= 0 && j < dec->nd ? dec->d[j] : '0');
        }
    }
}

int gort_ftoa(char *buf, size_t n, double f, char fmt, int prec, int bitsize) {
    out o = {buf, n, 0};
    if (bitsize == 32) f = (float)f;
    if (isnan(f)) {
        puts_(&o, "NaN");
    } else if (isinf(f)) {
        puts_(&o, f > 0 ? "+Inf" : "-Inf");
    } else if (fmt != 'e' && fmt != 'E' && fmt != 'f' && fmt != 'g' &&
               fmt != 'G') {
        put(&o, '%');
        put(&o, fmt);
    } else if (prec >= 0) {
        /* Fixed precision: printf prints these as Go does. */
        char spec[8] = {'%', '.', '*', fmt, 0};
        int k = snprintf(buf, n, spec, prec, f);
        return k;
    } else {
        decimal dec;
        if (signbit(f)) put(&o, '-');
        f = fabs(f);
        if (f == 0) {
            dec.nd = 0;
            dec.dp = 0;
        } else {
            shortest(f, bitsize, &dec);
        }
        if (fmt == 'e' || fmt == 'E') {
            fmte(&o, &dec, dec.nd > 0 ? dec.nd - 1 : 0, fmt);
        } else if (fmt == 'f') {
            fmtf(&o, &dec, dec.nd - dec.dp > 0 ? dec.nd - dec.dp : 0);
        } else {
            int exp = dec.dp - 1;
            if (exp < -4 || exp >= 6) /* Go's eprec for the shortest */
                fmte(&o, &dec, dec.nd > 0 ? dec.nd - 1 : 0,
                     fmt == 'g' ? 'e' : 'E');
            else
                fmtf(&o, &dec, dec.nd - dec.dp > 0 ? dec.nd - dec.dp : 0);
        }
    }
    if (n) buf[o.len < n ? o.len : n - 1] = 0;
    return (int)o.len;
}

gort_string gort_format_float(double f, char fmt, int prec, int bitsize) {
    char small[64];
    int k = gort_ftoa(small, sizeof small, f, fmt, prec, bitsize);
    if ((size_t)k < sizeof small) return gort_string_new(small, k);
    char *b = rt_mallocgc((size_t)k + 1, NULL, false);
    gort_ftoa(b, (size_t)k + 1, f, fmt, prec, bitsize);
    return (gort_string){b, k};
}

/* ---------------------------------------------------------------------- */
/* Parsing                                                                 */
/* ---------------------------------------------------------------------- */

/* strconv.Quote, for error texts. */
static void quote(gort_builder *b, gort_string s) {
    gort_builder_write_byte(b, '"');
    for (intptr_t i = 0; i < s.len;) {
        int w;
        gort_rune r = gort_utf8_decode(s.ptr + i, s.len - i, &w);
        char esc[16];
        const char *e = NULL;
        switch (r) {
        case '"': e = "\\\""; break;
        case '\\': e = "\\\\"; break;
        case '\a': e = "\\a"; break;
        case '\b': e = "\\b"; break;
        case '\f': e = "\\f"; break;
        case '\n': e = "\\n"; break;
        case '\r': e = "\\r"; break;
        case '\t': e = "\\t"; break;
        case '\v': e = "\\v"; break;
        }
        if (!e) {
            if (r == GORT_RUNE_ERROR && w == 1)
                snprintf(esc, sizeof esc, "\\x%02x", (uint8_t)s.ptr[i]);
            else if (r < 0x20 || r == 0x7f)
                snprintf(esc, sizeof esc, "\\x%02x", (unsigned)r);
            else if (r >= 0x80 && r < 0xA0)
                snprintf(esc, sizeof esc, "\\u%04x", (unsigned)r);
            else
                esc[0] = 0;
            if (esc[0]) e = esc;
        }
        if (e)
            gort_builder_write(b, e, (intptr_t)strlen(e));
        else
            gort_builder_write(b, s.ptr + i, w);
        i += w;
    }
    gort_builder_write_byte(b, '"');
}

/* Go's *NumError text: strconv.<fn>: parsing "<s>": <why>. */
static gort_numerr numerr(gort_numerr code, const char *fn, gort_string s,
                          int arg, gort_error **err) {
    if (!err) return code;
    gort_builder b = {0};
    gort_builder_write_string(&b, GORT_STR("strconv."));
    gort_builder_write(&b, fn, (intptr_t)strlen(fn));
    gort_builder_write_string(&b, GORT_STR(": parsing "));
    quote(&b, s);
    char why[40];
    switch (code) {
    case GORT_NUM_SYNTAX: snprintf(why, sizeof why, ": invalid syntax"); break;
    case GORT_NUM_RANGE: snprintf(why, sizeof why, ": value out of range"); break;
    case GORT_NUM_BASE: snprintf(why, sizeof why, ": invalid base %d", arg); break;
    default: snprintf(why, sizeof why, ": invalid bit size %d", arg); break;
    }
    gort_builder_write(&b, why, (intptr_t)strlen(why));
    gort_string t = gort_builder_string(&b);
    *err = gort_errorf("%.*s", (int)t.len, t.ptr);
    return code;
}

static inline int lower(int c) { return c | 0x20; }

/* Go's underscoreOK: underscores only between digits, or between a base
 * prefix and a digit. */
static bool underscoreok(const char *s, intptr_t n) {
    intptr_t i = 0;
    char saw = '^'; /* ^ start, 0 digit or prefix, _ underscore, ! other */
    if (n >= 1 && (s[0] == '-' || s[0] == '+')) s++, n--;
    bool hex = false;
    if (n >= 2 && s[0] == '0' &&
        (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
        i = 2;
        saw = '0';
        hex = lower(s[1]) == 'x';
    }
    for (; i < n; i++) {
        int c = (uint8_t)s[i];
        if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
            saw = '0';
        } else if (c == '_') {
            if (saw != '0') return false;
            saw = '_';
        } else {
            if (saw == '_') return false;
            saw = '!';
        }
    }
    return saw != '_';
}

static inline int digitval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    return 99;
}

/* ParseUint's core; *arg gets the bad base or bit size. */
static gort_numerr parseuint(gort_string s0, int base, int bitsize,
                             uint64_t *out, int *arg) {
    *out = 0;
    if (s0.len == 0) return GORT_NUM_SYNTAX;
    const char *s = s0.ptr;
    intptr_t n = s0.len;
    bool base0 = base == 0;
    if (base == 0) {
        base = 10;
        if (s[0] == '0') {
            if (n >= 3 && lower(s[1]) == 'b') base = 2, s += 2, n -= 2;
            else if (n >= 3 && lower(s[1]) == 'o') base = 8, s += 2, n -= 2;
            else if (n >= 3 && lower(s[1]) == 'x') base = 16, s += 2, n -= 2;
            else base = 8, s++, n--;
        }
    } else if (base < 2 || base > 36) {
        *arg = base;
        return GORT_NUM_BASE;
    }
    if (bitsize == 0) bitsize = 64;
    else if (bitsize < 0 || bitsize > 64) {
        *arg = bitsize;
        return GORT_NUM_BITSIZE;
    }
    uint64_t cutoff = UINT64_MAX / (unsigned)base + 1;
    uint64_t maxval = bitsize == 64 ? UINT64_MAX : ((uint64_t)1 << bitsize) - 1;
    bool underscores = false;
    uint64_t v = 0;
    for (intptr_t i = 0; i < n; i++) {
        int c = (uint8_t)s[i];
        if (c == '_' && base0) {
            underscores = true;
            continue;
        }
        int d = digitval(c);
        if (d >= base) return GORT_NUM_SYNTAX;
        if (v >= cutoff) {
            *out = maxval;
            return GORT_NUM_RANGE;
        }
        v *= (unsigned)base;
        uint64_t v1 = v + (unsigned)d;
        if (v1 < v || v1 > maxval) {
            *out = maxval;
            return GORT_NUM_RANGE;
        }
        v = v1;
    }
    if (underscores && !underscoreok(s0.ptr, s0.len)) return GORT_NUM_SYNTAX;
    *out = v;
    return GORT_NUM_OK;
}

gort_numerr gort_parse_uint(gort_string s, int base, int bitsize,
                            uint64_t *out, gort_error **err) {
    int arg = 0;
    uint64_t v;
    gort_numerr e = parseuint(s, base, bitsize, &v, &arg);
    if (out) *out = v;
    return e ? numerr(e, "ParseUint", s, arg, err) : e;
}

static gort_numerr parseint(gort_string s0, int base, int bitsize,
                            int64_t *out, int *arg) {
    *out = 0;
    if (s0.len == 0) return GORT_NUM_SYNTAX;
    gort_string s = s0;
    bool neg = false;
    if (s.ptr[0] == '+' || s.ptr[0] == '-') {
        neg = s.ptr[0] == '-';
        s.ptr++, s.len--;
    }
    uint64_t u;
    gort_numerr e = parseuint(s, base, bitsize, &u, arg);
    if (e != GORT_NUM_OK && e != GORT_NUM_RANGE) return e;
    if (bitsize == 0) bitsize = 64;
    uint64_t cutoff = (uint64_t)1 << (bitsize - 1);
    if (!neg && u >= cutoff) {
        *out = (int64_t)(cutoff - 1);
        return GORT_NUM_RANGE;
    }
    if (neg && u > cutoff) {
        *out = -(int64_t)(cutoff - 1) - 1;
        return GORT_NUM_RANGE;
    }
    *out = neg ? (int64_t)(0 - u) : (int64_t)u;
    return GORT_NUM_OK;
}

gort_numerr gort_parse_int(gort_string s, int base, int bitsize, int64_t *out,
                           gort_error **err) {
    int arg = 0;
    int64_t v;
    gort_numerr e = parseint(s, base, bitsize, &v, &arg);
    if (out) *out = v;
    return e ? numerr(e, "ParseInt", s, arg, err) : e;
}

gort_numerr gort_atoi(gort_string s, int64_t *out, gort_error **err) {
    int arg = 0;
    int64_t v = 0;
    gort_numerr e;
    /* Go's fast path: up to 18 decimal digits cannot overflow. */
    if (s.len > 0 && s.len < 19) {
        intptr_t i = s.ptr[0] == '-' || s.ptr[0] == '+';
        e = i < s.len ? GORT_NUM_OK : GORT_NUM_SYNTAX;
        for (intptr_t j = i; j < s.len && !e; j++) {
            unsigned d = (unsigned)(uint8_t)s.ptr[j] - '0';
            if (d > 9) e = GORT_NUM_SYNTAX;
            v = v * 10 + d;
        }
        if (e) v = 0;
        else if (s.ptr[0] == '-') v = -v;
    } else {
        e = parseint(s, 10, 0, &v, &arg);
    }
    if (out) *out = v;
    return e ? numerr(e, "Atoi", s, arg, err) : e;
}

gort_numerr gort_parse_bool(gort_string s, bool *out, gort_error **err) {
    static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
    static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};
    for (int i = 0; i < 6; i++) {
        gort_string y = {yes[i], (intptr_t)strlen(yes[i])};
        gort_string n = {no[i], (intptr_t)strlen(no[i])};
        if (gort_string_equal(s, y) || gort_string_equal(s, n)) {
            if (out) *out = gort_string_equal(s, y);
            return GORT_NUM_OK;
        }
    }
    if (out) *out = false;
    return numerr(GORT_NUM_SYNTAX, "ParseBool", s, 0, err);
}

/* Case-insensitive match of s[0..n) with the lower-case word w. */
static bool wordis(const char *s, intptr_t n, const char *w) {
    if ((intptr_t)strlen(w) != n) return false;
    for (intptr_t i = 0; i < n; i++)
        if (lower((uint8_t)s[i]) != w[i]) return false;
    return true;
}

/* Checks Go's float syntax (readFloat) and copies s without underscores
 * into buf (NUL-terminated).  Returns false on a syntax error. */
static bool floatsyntax(const char *s, intptr_t n, char *buf) {
    intptr_t i = 0, k = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) buf[k++] = s[i++];
    bool hex = false;
    if (i + 2 < n && s[i] == '0' && lower(s[i + 1]) == 'x') {
        hex = true;
        buf[k++] = '0', buf[k++] = 'x';
        i += 2;
    }
    bool sawdot = false, sawdigits = false, underscores = false;
    for (; i < n; i++) {
        int c = (uint8_t)s[i];
        if (c == '_') {
            underscores = true;
        } else if (c == '.') {
            if (sawdot) return false;
            sawdot = true;
            buf[k++] = '.';
        } else if ((c >= '0' && c <= '9') ||
                   (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
            sawdigits = true;
            buf[k++] = (char)c;
        } else {
            break;
        }
    }
    if (!sawdigits) return false;
    char expc = hex ? 'p' : 'e';
    if (i < n && lower(s[i]) == expc) {
        buf[k++] = (char)expc;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) buf[k++] = s[i++];
        bool expdigits = false;
        for (; i < n; i++) {
            int c = (uint8_t)s[i];
            if (c == '_') {
                underscores = true;
            } else if (c >= '0' && c <= '9') {
                expdigits = true;
                buf[k++] = (char)c;
            } else {
                break;
            }
        }
        if (!expdigits) return false;
    } else if (hex) {
        return false; /* a hex mantissa needs a 'p' exponent */
    }
    if (i != n) return false;
    if (underscores && !underscoreok(s, n)) return false;
    buf[k] = 0;
    return true;
}

static gort_numerr parsefloat(gort_string s, int bitsize, double *out) {
    *out = 0;
    const char *p = s.ptr;
    intptr_t n = s.len, i = 0;
    bool neg = false;
    if (n > 0 && (p[0] == '+' || p[0] == '-')) neg = p[0] == '-', i = 1;
    if (wordis(p + i, n - i, "inf") || wordis(p + i, n - i, "infinity")) {
        *out = neg ? -INFINITY : INFINITY;
        return GORT_NUM_OK;
    }
    if (wordis(p, n, "nan")) { /* no sign, as Go */
        *out = NAN;
        return GORT_NUM_OK;
    }
    char small[128];
    char *buf = n < (intptr_t)sizeof small ? small : malloc((size_t)n + 1);
    if (!buf) rt_throw("parsefloat: out of memory");
    gort_numerr e = GORT_NUM_SYNTAX;
    if (floatsyntax(p, n, buf)) {
        double v = bitsize == 32 ? (double)strtof(buf, NULL) : strtod(buf, NULL);
        e = isinf(v) ? GORT_NUM_RANGE : GORT_NUM_OK; /* overflow only */
        *out = v;
    }
    if (buf != small) free(buf);
    return e;
}

gort_numerr gort_parse_float(gort_string s, int bitsize, double *out,
                             gort_error **err) {
    double v;
    gort_numerr e;
    int arg = 0;
    if (bitsize != 32 && bitsize != 64) {
        /* Go 1.19 reads anything but 32 as 64. */
        bitsize = 64;
    }
    e = parsefloat(s, bitsize, &v);
    if (out) *out = v;
    return e ? numerr(e, "ParseFloat", s, arg, err) : e;
}
