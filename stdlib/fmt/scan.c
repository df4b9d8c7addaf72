/*
 * scan.c: fmt.Sscan, Sscanln and Sscanf, Go's fmt/scan.go in C.
 *
 * A scan state (scanst) reads runes from the input string as Go's ss
 * does: getRune/unread, a rune limit per operand (Sscanf's widths), and
 * the two newline rules (Sscan: a newline is a space; Sscanln and
 * Sscanf: a newline ends the input an operand may read, and Sscanln
 * wants one, or the end, after the last operand). Each operand is a
 * pointer in an `any` (its type word says what to parse: Go's scanOne
 * switch over *bool, *int…, *uint…, *float…, *string, *[]byte), and the
 * parsers are Go's: SkipSpace, notEOF, accept, scanBasePrefix,
 * scanNumber, floatToken, quotedString, advance (format matching).
 *
 * Errors unwind as Go's scan panics do, by longjmp back to the native
 * (errorHandler's role), with nothing of the VM's between: the result is
 * an errors.New text ("expected integer", "unexpected newline",
 * "input does not match format"…), io.EOF when the input ends before an
 * operand starts, or strconv's *NumError from the number parsers.
 * Values already stored stay stored, and n counts them, as in Go.
 *
 * Not here: Scan/Scanln/Scanf on standard input and Fscan* on an
 * io.Reader (they need buffered reads through Read; the system
 * packages), Scanner/ScanState operands, and %U.
 */
#include <setjmp.h>
#include <string.h>

#include "../strconv/strconv.h"
#include "../unicode/unicode.h"
#include "bytecode.h"
#include "format.h"
#include "natives.h"

void vm_errors_new(struct vmstate *vm, gort_string s, vmslot *out);
void vm_io_eof(struct vmstate *vm, vmslot *out);

enum { EOF_RUNE = -1 };

typedef struct scanst {
    struct vmstate *vm;
    const char *s;
    intptr_t n, pos;
    intptr_t count, limit;  /* runes read; the operand's limit (Sscanf widths) */
    int lastw;              /* width of the last rune read (for unread) */
    bool nlspace;           /* Sscan: newlines are spaces */
    fmtbuf buf;             /* the token being read */
    jmp_buf fail;
    vmslot err[2];          /* the error, when failing */
} scanst;

static void __attribute__((noreturn)) fail_str(scanst *s, const char *msg) {
    vm_errors_new(s->vm, gort_string_new(msg, (intptr_t)strlen(msg)), s->err);
    longjmp(s->fail, 1);
}

static void __attribute__((noreturn)) fail_eof(scanst *s) {
    vm_io_eof(s->vm, s->err);
    longjmp(s->fail, 1);
}

static int32_t get_rune(scanst *s) {
    if (s->pos >= s->n || s->count >= s->limit) {
        s->lastw = 0;
        return EOF_RUNE;
    }
    int w;
    int32_t r = (unsigned char)s->s[s->pos] < 0x80 ? (w = 1, (unsigned char)s->s[s->pos])
                                                   : u8_decode((const unsigned char *)s->s + s->pos, s->n - s->pos, &w);
    s->pos += w;
    s->count++;
    s->lastw = w;
    return r;
}

static void unread(scanst *s) {
    if (s->lastw) {
        s->pos -= s->lastw;
        s->count--;
        s->lastw = 0;
    }
}

static int32_t must_read(scanst *s) {
    int32_t r = get_rune(s);
    if (r == EOF_RUNE) fail_str(s, "unexpected EOF");
    return r;
}

static bool is_space(int32_t r) { return r >= 0 && ucd_isspace(r); }

static void skip_space(scanst *s) {
    for (;;) {
        int32_t r = get_rune(s);
        if (r == EOF_RUNE) return;
        if (r == '\r' && s->pos < s->n && s->s[s->pos] == '\n') continue;
        if (r == '\n') {
            if (s->nlspace) continue;
            fail_str(s, "unexpected newline");
        }
        if (!is_space(r)) {
            unread(s);
            return;
        }
    }
}

static void not_eof(scanst *s) {
    if (get_rune(s) == EOF_RUNE) fail_eof(s);
    unread(s);
}

/* Go's consume: the next rune if it is in ok (appended to the token when
 * accept); false leaves the input as it was. */
static bool consume(scanst *s, const char *ok, bool accept) {
    int32_t r = get_rune(s);
    if (r == EOF_RUNE) return false;
    if (r < 0x80 && r > 0 && strchr(ok, (int)r)) {
        if (accept) {
            char c = (char)r;
            fmtbuf_write(&s->buf, &c, 1);
        }
        return true;
    }
    unread(s);
    return false;
}

static bool accept(scanst *s, const char *ok) { return consume(s, ok, true); }

static bool peek(scanst *s, const char *ok) {
    int32_t r = get_rune(s);
    if (r != EOF_RUNE) unread(s);
    return r > 0 && r < 0x80 && strchr(ok, (int)r);
}

static void ok_verb(scanst *s, int32_t verb, const char *ok, const char *typ) {
    if (verb > 0 && verb < 0x80 && strchr(ok, (int)verb)) return;
    char msg[96], vb[5];
    vb[u8_encode(vb, verb)] = 0;
    snprintf(msg, sizeof msg, "bad verb '%%%s' for %s", vb, typ);
    fail_str(s, msg);
}

static gort_string token_str(scanst *s) { return (gort_string){s->buf.p ? s->buf.p : "", (intptr_t)s->buf.n}; }

/* A strconv error for the token: fails with the *NumError. */
static void __attribute__((noreturn)) fail_num(scanst *s, const char *fn, int kind, int64_t arg) {
    gort_string t = token_str(s);
    vm_strconv_numerr(s->vm, fn, gort_string_new(t.ptr, t.len), kind, arg, s->err);
    longjmp(s->fail, 1);
}

static const char *DEC = "0123456789", *DEC_ = "0123456789_";

static int base_of(scanst *s, int32_t verb, const char **digits) {
    ok_verb(s, verb, "bdoUxXv", "integer");
    switch (verb) {
    case 'b': *digits = "01"; return 2;
    case 'o': *digits = "01234567"; return 8;
    case 'x': case 'X': *digits = "0123456789aAbBcCdDeEfF"; return 16;
    default: *digits = DEC; return 10;
    }
}

/* Go's scanBasePrefix (verb %v): base 0 for strconv, *have when a 0 was read. */
static const char *base_prefix(scanst *s, bool *have) {
    *have = false;
    if (!peek(s, "0")) return DEC_;
    accept(s, "0");
    *have = true;
    if (peek(s, "bB")) return consume(s, "bB", true), "01_";
    if (peek(s, "oO")) return consume(s, "oO", true), "01234567_";
    if (peek(s, "xX")) return consume(s, "xX", true), "0123456789aAbBcCdDeEfF_";
    return "01234567_";
}

static void scan_number(scanst *s, const char *digits, bool have) {
    if (!have) {
        not_eof(s);
        if (!accept(s, digits)) fail_str(s, "expected integer");
    }
    while (accept(s, digits)) {
    }
}

static int64_t scan_rune(scanst *s, int bits) {
    not_eof(s);
    int32_t r = get_rune(s);
    int64_t x = (int64_t)((uint64_t)(int64_t)r << (64 - bits)) >> (64 - bits);
    if (x != r) {
        char msg[64], vb[5];
        vb[u8_encode(vb, r)] = 0;
        snprintf(msg, sizeof msg, "overflow on character value %s", vb);
        fail_str(s, msg);
    }
    return r;
}

static int64_t scan_int(scanst *s, int32_t verb, int bits) {
    if (verb == 'c') return scan_rune(s, bits);
    skip_space(s);
    not_eof(s);
    const char *digits;
    int base = base_of(s, verb, &digits);
    bool have = false;
    accept(s, "+-");
    if (verb == 'v') {
        digits = base_prefix(s, &have);
        base = 0;
    }
    scan_number(s, digits, have);
    int64_t v, arg = 0;
    int k = vm_strconv_parse_int(token_str(s), base, 64, &v, &arg);
    if (k) fail_num(s, "ParseInt", k, arg);
    int64_t x = (int64_t)((uint64_t)v << (64 - bits)) >> (64 - bits);
    if (x != v) {
        char msg[128];
        snprintf(msg, sizeof msg, "integer overflow on token %.*s", (int)s->buf.n, s->buf.p);
        fail_str(s, msg);
    }
    return v;
}

static uint64_t scan_uint(scanst *s, int32_t verb, int bits) {
    if (verb == 'c') return (uint64_t)scan_rune(s, bits);
    skip_space(s);
    not_eof(s);
    const char *digits;
    int base = base_of(s, verb, &digits);
    bool have = false;
    if (verb == 'v') {
        digits = base_prefix(s, &have);
        base = 0;
    }
    scan_number(s, digits, have);
    uint64_t v;
    int64_t arg = 0;
    int k = vm_strconv_parse_uint(token_str(s), base, 64, &v, &arg);
    if (k) fail_num(s, "ParseUint", k, arg);
    uint64_t x = bits == 64 ? v : v & ((1ull << bits) - 1);
    if (x != v) {
        char msg[128];
        snprintf(msg, sizeof msg, "unsigned integer overflow on token %.*s", (int)s->buf.n, s->buf.p);
        fail_str(s, msg);
    }
    return v;
}

static bool scan_bool(scanst *s, int32_t verb) {
    skip_space(s);
    not_eof(s);
    ok_verb(s, verb, "tv", "boolean");
    switch (get_rune(s)) {
    case '0': return false;
    case '1': return true;
    case 't': case 'T':
        if (accept(s, "rR") && (!accept(s, "uU") || !accept(s, "eE"))) fail_str(s, "syntax error scanning boolean");
        return true;
    case 'f': case 'F':
        if (accept(s, "aA") && (!accept(s, "lL") || !accept(s, "sS") || !accept(s, "eE")))
            fail_str(s, "syntax error scanning boolean");
        return false;
    }
    return false;
}

static double scan_float(scanst *s, int32_t verb, int bits) {
    ok_verb(s, verb, "beEfFgGv", bits == 32 ? "float32" : "float64");
    skip_space(s);
    not_eof(s);
    if (!(accept(s, "nN") && accept(s, "aA") && accept(s, "nN"))) {
        accept(s, "+-");
        if (!(accept(s, "iI") && accept(s, "nN") && accept(s, "fF"))) {
            const char *digits = DEC_, *exp = "eEpP";
            if (accept(s, "0") && accept(s, "xX")) digits = "0123456789aAbBcCdDeEfF_", exp = "pP";
            while (accept(s, digits)) {
            }
            if (accept(s, ".")) while (accept(s, digits)) {
                }
            if (accept(s, exp)) {
                accept(s, "+-");
                while (accept(s, DEC_)) {
                }
            }
        }
    }
    double v;
    int k = vm_strconv_parse_float(token_str(s), bits, &v);
    if (k) fail_num(s, "ParseFloat", k, 0);
    return v;
}

static gort_string scan_string(scanst *s, int32_t verb) {
    ok_verb(s, verb, "svqxX", "string");
    skip_space(s);
    not_eof(s);
    if (verb == 'q') {
        int32_t q = get_rune(s);
        if (q == '`') {
            for (int32_t r; (r = must_read(s)) != '`';) {
                char e[4];
                fmtbuf_write(&s->buf, e, (size_t)u8_encode(e, r));
            }
            return gort_string_new(s->buf.p ? s->buf.p : "", (intptr_t)s->buf.n);
        }
        if (q != '"') fail_str(s, "expected quoted string");
        fmtbuf_write(&s->buf, "\"", 1);
        for (;;) {
            int32_t r = must_read(s);
            char e[4];
            fmtbuf_write(&s->buf, e, (size_t)u8_encode(e, r));
            if (r == '\\') {
                r = must_read(s);
                fmtbuf_write(&s->buf, e, (size_t)u8_encode(e, r));
            } else if (r == '"') break;
        }
        /* strconv.Unquote of the token */
        extern bool vm_strconv_unquote(const char *in, intptr_t n, fmtbuf *out);
        fmtbuf out = {0};
        if (!vm_strconv_unquote(s->buf.p, (intptr_t)s->buf.n, &out)) {
            fmtbuf_free(&out);
            fail_str(s, "invalid syntax");
        }
        gort_string r = out.n ? gort_string_new(out.p, (intptr_t)out.n) : (gort_string){"", 0};
        fmtbuf_free(&out);
        return r;
    }
    if (verb == 'x' || verb == 'X') {
        for (;;) {
            int32_t a = get_rune(s);
            if (a == EOF_RUNE) break;
            int hi = a >= '0' && a <= '9' ? a - '0' : (a | 0x20) >= 'a' && (a | 0x20) <= 'f' ? (a | 0x20) - 'a' + 10 : -1;
            if (hi < 0) {
                unread(s);
                break;
            }
            int32_t b = must_read(s);
            int lo = b >= '0' && b <= '9' ? b - '0' : (b | 0x20) >= 'a' && (b | 0x20) <= 'f' ? (b | 0x20) - 'a' + 10 : -1;
            if (lo < 0) fail_str(s, "illegal hex digit");
            char c = (char)(hi << 4 | lo);
            fmtbuf_write(&s->buf, &c, 1);
        }
        if (s->buf.n == 0) fail_str(s, "no hex data for %x string");
        return gort_string_new(s->buf.p, (intptr_t)s->buf.n);
    }
    for (;;) {
        int32_t r = get_rune(s);
        if (r == EOF_RUNE) break;
        if (is_space(r)) {
            unread(s);
            break;
        }
        char e[4];
        fmtbuf_write(&s->buf, e, (size_t)u8_encode(e, r));
    }
    return s->buf.n ? gort_string_new(s->buf.p, (intptr_t)s->buf.n) : (gort_string){"", 0};
}

/* Go's scanOne: parses one operand (an any holding a pointer). */
static void scan_one(scanst *s, int32_t verb, const gort_any *a) {
    s->buf.n = 0;
    const gort_type *pt = a->type;
    if (!pt || pt->kind != GORT_KIND_POINTER) {
        char msg[160];
        snprintf(msg, sizeof msg, "type not a pointer: %s", pt && pt->name ? pt->name : "<nil>");
        fail_str(s, msg);
    }
    void *dst = *(void *const *)a->data;
    const gort_type *t = pt->elem;
    switch (t->kind) {
    case GORT_KIND_BOOL: *(uint8_t *)dst = scan_bool(s, verb); return;
    case GORT_KIND_INT: case GORT_KIND_INT64: *(int64_t *)dst = scan_int(s, verb, 64); return;
    case GORT_KIND_INT32: *(int32_t *)dst = (int32_t)scan_int(s, verb, 32); return;
    case GORT_KIND_INT16: *(int16_t *)dst = (int16_t)scan_int(s, verb, 16); return;
    case GORT_KIND_INT8: *(int8_t *)dst = (int8_t)scan_int(s, verb, 8); return;
    case GORT_KIND_UINT: case GORT_KIND_UINT64: case GORT_KIND_UINTPTR:
        *(uint64_t *)dst = scan_uint(s, verb, 64);
        return;
    case GORT_KIND_UINT32: *(uint32_t *)dst = (uint32_t)scan_uint(s, verb, 32); return;
    case GORT_KIND_UINT16: *(uint16_t *)dst = (uint16_t)scan_uint(s, verb, 16); return;
    case GORT_KIND_UINT8: *(uint8_t *)dst = (uint8_t)scan_uint(s, verb, 8); return;
    case GORT_KIND_FLOAT64: *(double *)dst = scan_float(s, verb, 64); return;
    case GORT_KIND_FLOAT32: *(float *)dst = (float)scan_float(s, verb, 32); return;
    case GORT_KIND_STRING: {
        gort_string v = scan_string(s, verb);
        gort_string *d = dst;
        gort_store_ptr((void **)(void *)&d->ptr, (void *)v.ptr);
        d->len = v.len;
        return;
    }
    case GORT_KIND_SLICE:
        if (t->elem->kind == GORT_KIND_UINT8) {
            gort_string v = scan_string(s, verb);
            gort_slice b = gort_make_slice(&gort_type_uint8, v.len, v.len);
            if (v.len) memcpy(b.ptr, v.ptr, (size_t)v.len);
            gort_slice *d = dst;
            gort_store_ptr(&d->ptr, b.ptr);
            d->len = b.len;
            d->cap = b.cap;
            return;
        }
        break;
    default: break;
    }
    char msg[160];
    snprintf(msg, sizeof msg, "can't scan type: %s", pt->name ? pt->name : "?");
    fail_str(s, msg);
}

/* Go's doScan: Sscan (nlspace) and Sscanln. */
static int do_scan(scanst *s, const gort_any *a, int na, bool nlend) {
    volatile int n = 0; /* read after a longjmp */
    if (setjmp(s->fail)) return n;
    for (int i = 0; i < na; i++) {
        scan_one(s, 'v', &a[i]);
        n++;
    }
    if (nlend)
        for (;;) {
            int32_t r = get_rune(s);
            if (r == '\n' || r == EOF_RUNE) break;
            if (!is_space(r)) fail_str(s, "expected newline");
        }
    return n;
}

/* Go's advance: matches the format's literal text and spaces from f;
 * returns the bytes consumed, or -1 on a mismatch. */
static intptr_t advance(scanst *s, const char *f, intptr_t fn) {
    intptr_t i = 0;
    while (i < fn) {
        int w;
        int32_t c = u8_decode((const unsigned char *)f + i, fn - i, &w);
        if (is_space(c)) {
            int newlines = 0;
            bool trailing = false;
            while (i < fn && is_space(c)) {
                if (c == '\n') newlines++, trailing = false;
                else trailing = true;
                i += w;
                if (i < fn) c = u8_decode((const unsigned char *)f + i, fn - i, &w);
            }
            for (int j = 0; j < newlines; j++) {
                int32_t in = get_rune(s);
                while (is_space(in) && in != '\n') in = get_rune(s);
                if (in != '\n' && in != EOF_RUNE) fail_str(s, "newline in format does not match input");
            }
            if (trailing) {
                int32_t in = get_rune(s);
                if (newlines == 0) {
                    if (!is_space(in) && in != EOF_RUNE) fail_str(s, "expected space in input to match format");
                    if (in == '\n') fail_str(s, "newline in input does not match format");
                }
                while (is_space(in) && in != '\n') in = get_rune(s);
                if (in != EOF_RUNE) unread(s);
            }
            continue;
        }
        if (c == '%') {
            if (i + w == fn) fail_str(s, "missing verb: % at end of format string");
            if (f[i + w] != '%') return i;
            i += w;
        }
        int32_t in = must_read(s);
        if (in != c) {
            unread(s);
            return -1;
        }
        i += w;
    }
    return i;
}

/* Go's doScanf. */
static int do_scanf(scanst *s, const char *f, intptr_t fn, const gort_any *a, int na) {
    volatile int n = 0; /* read after a longjmp */
    if (setjmp(s->fail)) return n;
    for (intptr_t i = 0; i < fn;) {
        intptr_t w = advance(s, f + i, fn - i);
        if (w > 0) {
            i += w;
            continue;
        }
        if (f[i] != '%') {
            if (w < 0) fail_str(s, "input does not match format");
            break;
        }
        i++;
        intptr_t wid = 0;
        bool widp = false;
        while (i < fn && f[i] >= '0' && f[i] <= '9') {
            if (wid < 1000000) wid = wid * 10 + (f[i] - '0');
            widp = true;
            i++;
        }
        int cw;
        int32_t c = i < fn ? u8_decode((const unsigned char *)f + i, fn - i, &cw) : (cw = 0, EOF_RUNE);
        intptr_t verbat = i;
        i += cw;
        if (c != 'c') skip_space(s);
        if (c == '%') {
            skip_space(s);
            not_eof(s);
            if (!accept(s, "%")) fail_str(s, "missing literal %");
            continue;
        }
        s->limit = widp ? s->count + wid : INTPTR_MAX;
        if (n >= na) {
            char msg[160];
            snprintf(msg, sizeof msg, "too few operands for format '%%%.*s'", (int)(fn - verbat), f + verbat);
            fail_str(s, msg);
        }
        scan_one(s, c, &a[n]);
        n++;
        s->limit = INTPTR_MAX;
    }
    if (n < na) fail_str(s, "too many operands");
    return n;
}

/* Results (n int, err error) at out. */
static void finish(scanst *s, int n, vmslot *out) {
    fmtbuf_free(&s->buf);
    out[0].i = n;
    out[1] = s->err[0];
    out[2] = s->err[1];
}

#define SCANST(vm, r, nl) {.vm = (vm), .s = (r)[0].s, .n = (intptr_t)(r)[1].i, .limit = INTPTR_MAX, .nlspace = (nl)}

/* func Sscan(str string, a ...any) (n int, err error) */
static void fmt_Sscan(struct vmstate *vm, vmslot *r) {
    scanst s = SCANST(vm, r, true);
    int n = do_scan(&s, r[2].p, (int)r[3].i, false);
    finish(&s, n, r + 5);
}

/* func Sscanln(str string, a ...any) (n int, err error) */
static void fmt_Sscanln(struct vmstate *vm, vmslot *r) {
    scanst s = SCANST(vm, r, false);
    int n = do_scan(&s, r[2].p, (int)r[3].i, true);
    finish(&s, n, r + 5);
}

/* func Sscanf(str string, format string, a ...any) (n int, err error) */
static void fmt_Sscanf(struct vmstate *vm, vmslot *r) {
    scanst s = SCANST(vm, r, false);
    int n = do_scanf(&s, r[2].s, (intptr_t)r[3].i, r[4].p, (int)r[5].i);
    finish(&s, n, r + 7);
}

static const vmnative natives[] = {
    {"fmt.Sscan", fmt_Sscan},
    {"fmt.Sscanf", fmt_Sscanf},
    {"fmt.Sscanln", fmt_Sscanln},
};
const vmnative_table vm_natives_fmt_scan = {natives, (int)(sizeof natives / sizeof natives[0])};
