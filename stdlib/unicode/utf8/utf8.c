/*
 * utf8.c: natives of package unicode/utf8 (stdlib/unicode/utf8/utf8.go
 * declares the API), and the UTF-8 coder that the natives of strings,
 * bytes and strconv share (utf8_*, ../unicode.h).
 *
 * Decoding follows Go's rules to the byte: a surrogate half (ED A0..BF),
 * an overlong form, a code point past U+10FFFF, a stray continuation
 * byte or a short sequence each decode as RuneError (U+FFFD) of width 1,
 * so a loop that advances by the width visits every byte of invalid
 * input once, as `for range` over a string does.
 */
#include <string.h>

#include "../unicode.h"
#include "natives.h"

int32_t u8_decode(const unsigned char *s, intptr_t n, int *width) {
    *width = 1;
    if (n <= 0) {
        *width = 0;
        return 0xFFFD;
    }
    unsigned c = s[0];
    if (c < 0x80) return (int32_t)c;
    int need;
    uint32_t r, min, lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) need = 1, r = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2, r = c & 0x0F, min = 0x800;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3, r = c & 0x07, min = 0x10000;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else return 0xFFFD;
    if (n < need + 1) return 0xFFFD;
    if (s[1] < lo || s[1] > hi) return 0xFFFD;
    for (int i = 1; i <= need; i++) {
        if (i > 1 && (s[i] < 0x80 || s[i] > 0xBF)) return 0xFFFD;
        r = (r << 6) | (s[i] & 0x3F);
    }
    (void)min;
    *width = need + 1;
    return (int32_t)r;
}

int32_t u8_decode_last(const unsigned char *s, intptr_t n, int *width) {
    *width = 0;
    if (n <= 0) return 0xFFFD;
    *width = 1;
    if (s[n - 1] < 0x80) return s[n - 1];
    intptr_t start = n - 1, lim = n - 4 < 0 ? 0 : n - 4;
    for (start--; start >= lim; start--)
        if ((s[start] & 0xC0) != 0x80) break;
    if (start < 0) start = 0;
    int w;
    int32_t r = u8_decode(s + start, n - start, &w);
    if (start + w != n) return 0xFFFD;
    *width = w;
    return r;
}

int u8_encode(char *buf, int32_t r) {
    uint32_t u = (uint32_t)r;
    if (u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF)) u = 0xFFFD;
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

int u8_runelen(int32_t r) {
    if (r < 0) return -1;
    if (r < 0x80) return 1;
    if (r < 0x800) return 2;
    if (r >= 0xD800 && r <= 0xDFFF) return -1;
    if (r < 0x10000) return 3;
    if (r <= 0x10FFFF) return 4;
    return -1;
}

static bool valid(const unsigned char *s, intptr_t n) {
    for (intptr_t i = 0; i < n;) {
        int w;
        int32_t r = u8_decode(s + i, n - i, &w);
        if (r == 0xFFFD && w == 1) return false;
        i += w;
    }
    return true;
}

static intptr_t count(const unsigned char *s, intptr_t n) {
    intptr_t k = 0;
    for (intptr_t i = 0; i < n; k++) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        int w;
        u8_decode(s + i, n - i, &w);
        i += w;
    }
    return k;
}

/* Full: a complete encoding (or an invalid one) starts s. */
static bool full(const unsigned char *s, intptr_t n) {
    if (n == 0) return false;
    int w;
    int32_t r = u8_decode(s, n, &w);
    if (!(r == 0xFFFD && w == 1)) return true;
    /* short input of a valid prefix is not full */
    unsigned c = s[0];
    int need = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 1;
    if (n >= need) return true;
    /* Go checks the second byte's range only */
    if (n >= 2) {
        unsigned lo = 0x80, hi = 0xBF;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
        if (s[1] < lo || s[1] > hi) return true;
    }
    return false;
}

#define BYTES(r) ((const unsigned char *)(r)[0].p), ((intptr_t)(r)[1].i)

/* func RuneLen(r rune) int */
static void utf8_RuneLen(struct vmstate *vm, vmslot *r) { (void)vm, r[1].i = u8_runelen((int32_t)r[0].i); }
/* func ValidRune(r rune) bool */
static void utf8_ValidRune(struct vmstate *vm, vmslot *r) {
    (void)vm;
    int32_t c = (int32_t)r[0].i;
    r[1].i = (c >= 0 && c < 0xD800) || (c > 0xDFFF && c <= 0x10FFFF);
}
/* func RuneStart(b byte) bool */
static void utf8_RuneStart(struct vmstate *vm, vmslot *r) { (void)vm, r[1].i = (r[0].u & 0xC0) != 0x80; }
/* func ValidString(s string) bool; func Valid(p []byte) bool */
static void utf8_ValidString(struct vmstate *vm, vmslot *r) { (void)vm, r[2].i = valid(BYTES(r)); }
static void utf8_Valid(struct vmstate *vm, vmslot *r) { (void)vm, r[3].i = valid(BYTES(r)); }
/* func RuneCountInString(s string) int; func RuneCount(p []byte) int */
static void utf8_RuneCountInString(struct vmstate *vm, vmslot *r) { (void)vm, r[2].i = count(BYTES(r)); }
static void utf8_RuneCount(struct vmstate *vm, vmslot *r) { (void)vm, r[3].i = count(BYTES(r)); }
/* func FullRuneInString(s string) bool; func FullRune(p []byte) bool */
static void utf8_FullRuneInString(struct vmstate *vm, vmslot *r) { (void)vm, r[2].i = full(BYTES(r)); }
static void utf8_FullRune(struct vmstate *vm, vmslot *r) { (void)vm, r[3].i = full(BYTES(r)); }

static void decode(vmslot *out, const unsigned char *s, intptr_t n, bool last) {
    int w = 0;
    int32_t c = 0xFFFD;
    if (n > 0) c = last ? u8_decode_last(s, n, &w) : u8_decode(s, n, &w);
    out[0].i = c;
    out[1].i = w;
}
/* func DecodeRuneInString(s string) (r rune, size int) and friends */
static void utf8_DecodeRuneInString(struct vmstate *vm, vmslot *r) { (void)vm, decode(r + 2, BYTES(r), false); }
static void utf8_DecodeRune(struct vmstate *vm, vmslot *r) { (void)vm, decode(r + 3, BYTES(r), false); }
static void utf8_DecodeLastRuneInString(struct vmstate *vm, vmslot *r) { (void)vm, decode(r + 2, BYTES(r), true); }
static void utf8_DecodeLastRune(struct vmstate *vm, vmslot *r) { (void)vm, decode(r + 3, BYTES(r), true); }

/* func EncodeRune(p []byte, r rune) int: panics as Go's index does when
 * p is too short. */
static void utf8_EncodeRune(struct vmstate *vm, vmslot *r) {
    (void)vm;
    char b[4];
    int n = u8_encode(b, (int32_t)r[3].i);
    if (r[1].i < n) gort_panic_bounds(GORT_BOUNDS_INDEX, n - 1, r[1].i);
    memcpy(r[0].p, b, (size_t)n);
    r[4].i = n;
}

/* func AppendRune(p []byte, r rune) []byte */
static void utf8_AppendRune(struct vmstate *vm, vmslot *r) {
    (void)vm;
    char b[4];
    int n = u8_encode(b, (int32_t)r[3].i);
    gort_slice s = gort_append(&gort_type_uint8, (gort_slice){r[0].p, (intptr_t)r[1].i, (intptr_t)r[2].i}, b, n);
    r[4].p = s.ptr;
    r[5].i = s.len;
    r[6].i = s.cap;
}

static const vmnative natives[] = {
    {"unicode/utf8.AppendRune", utf8_AppendRune},
    {"unicode/utf8.DecodeLastRune", utf8_DecodeLastRune},
    {"unicode/utf8.DecodeLastRuneInString", utf8_DecodeLastRuneInString},
    {"unicode/utf8.DecodeRune", utf8_DecodeRune},
    {"unicode/utf8.DecodeRuneInString", utf8_DecodeRuneInString},
    {"unicode/utf8.EncodeRune", utf8_EncodeRune},
    {"unicode/utf8.FullRune", utf8_FullRune},
    {"unicode/utf8.FullRuneInString", utf8_FullRuneInString},
    {"unicode/utf8.RuneCount", utf8_RuneCount},
    {"unicode/utf8.RuneCountInString", utf8_RuneCountInString},
    {"unicode/utf8.RuneLen", utf8_RuneLen},
    {"unicode/utf8.RuneStart", utf8_RuneStart},
    {"unicode/utf8.Valid", utf8_Valid},
    {"unicode/utf8.ValidRune", utf8_ValidRune},
    {"unicode/utf8.ValidString", utf8_ValidString},
};
const vmnative_table vm_natives_utf8 = {natives, (int)(sizeof natives / sizeof natives[0])};
