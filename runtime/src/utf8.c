/*
 * utf8.c — UTF-8 as Go's unicode/utf8 defines it: decoding, encoding,
 * counting and validating runes.  Strings hold arbitrary bytes; these
 * functions say how `for range`, []rune(s) and string(runes) read and
 * write them.
 *
 * The encoding (RFC 3629):
 *
 *     rune range           bytes  first byte   continuation bytes
 *     U+0000..U+007F         1    0xxxxxxx
 *     U+0080..U+07FF         2    110xxxxx     10xxxxxx
 *     U+0800..U+FFFF         3    1110xxxx     10xxxxxx x2
 *     U+10000..U+10FFFF      4    11110xxx     10xxxxxx x3
 *
 * Valid means more than the bit patterns: the shortest form only (no
 * "overlong" 0xC0 0x80 for U+0000), no surrogate halves U+D800..U+DFFF
 * (0xED 0xA0..0xBF ...), nothing above U+10FFFF (0xF4 0x90.. and 0xF5..).
 * All three are caught by checking the SECOND byte against a range that
 * depends on the first, as Go does with its accept ranges:
 *
 *     first byte   second byte    why
 *     0xC2..0xDF   0x80..0xBF     (0xC0, 0xC1 would be overlong)
 *     0xE0         0xA0..0xBF     overlong below
 *     0xED         0x80..0x9F     surrogates above
 *     other E*     0x80..0xBF
 *     0xF0         0x90..0xBF     overlong below
 *     0xF4         0x80..0x8F     > U+10FFFF above
 *     0xF1..0xF3   0x80..0xBF
 *     0x80..0xC1, 0xF5..0xFF      never a first byte
 *
 * Any error decodes as (U+FFFD, width 1): the decoder skips exactly one
 * byte and tries again, so every byte of a string is visited and a
 * truncated sequence is never read past the end.  Encoding an invalid rune
 * (negative, surrogate, > U+10FFFF) writes U+FFFD.
 *
 * Rejected alternative: Go's 256-entry "first" table packing the width and
 * the accept range into one byte.  The switch below compiles to a few
 * compares; the table is faster only on non-ASCII-heavy text, and ASCII
 * takes the inline fast path in gort.h (gort_string_next) either way.
 */
#include "runtime.h"

/* Is c a continuation byte in [lo, hi]? */
static inline bool in(uint8_t c, uint8_t lo, uint8_t hi) {
    return c >= lo && c <= hi;
}

gort_rune gort_utf8_decode(const char *p, intptr_t n, int *width) {
    int w = 1;
    gort_rune r = GORT_RUNE_ERROR;
    if (n < 1) {
        w = 0;
        goto out;
    }
    const uint8_t *b = (const uint8_t *)p;
    uint8_t c0 = b[0];
    if (c0 < 0x80) {
        r = c0;
        goto out;
    }
    if (c0 < 0xC2 || c0 > 0xF4) goto out;
    if (c0 < 0xE0) {
        if (n < 2 || !in(b[1], 0x80, 0xBF)) goto out;
        r = (gort_rune)(c0 & 0x1F) << 6 | (b[1] & 0x3F);
        w = 2;
        goto out;
    }
    uint8_t lo = 0x80, hi = 0xBF;
    if (c0 == 0xE0) lo = 0xA0;
    else if (c0 == 0xED) hi = 0x9F;
    else if (c0 == 0xF0) lo = 0x90;
    else if (c0 == 0xF4) hi = 0x8F;
    if (n < 2 || !in(b[1], lo, hi)) goto out;
    if (n < 3 || !in(b[2], 0x80, 0xBF)) goto out;
    if (c0 < 0xF0) {
        r = (gort_rune)(c0 & 0x0F) << 12 | (gort_rune)(b[1] & 0x3F) << 6 |
            (b[2] & 0x3F);
        w = 3;
        goto out;
    }
    if (n < 4 || !in(b[3], 0x80, 0xBF)) goto out;
    r = (gort_rune)(c0 & 0x07) << 18 | (gort_rune)(b[1] & 0x3F) << 12 |
        (gort_rune)(b[2] & 0x3F) << 6 | (b[3] & 0x3F);
    w = 4;
out:
    if (width) *width = w;
    return r;
}

int gort_utf8_runelen(gort_rune r) {
    if (r < 0) return -1;
    if (r < 0x80) return 1;
    if (r < 0x800) return 2;
    if (r >= 0xD800 && r <= 0xDFFF) return -1;
    if (r < 0x10000) return 3;
    if (r <= GORT_RUNE_MAX) return 4;
    return -1;
}

int gort_utf8_encode(char buf[GORT_UTF8_MAX], gort_rune r) {
    uint8_t *b = (uint8_t *)buf;
    switch (gort_utf8_runelen(r)) {
    case 1:
        b[0] = (uint8_t)r;
        return 1;
    case 2:
        b[0] = (uint8_t)(0xC0 | r >> 6);
        b[1] = (uint8_t)(0x80 | (r & 0x3F));
        return 2;
    case -1:
        r = GORT_RUNE_ERROR;
        /* fallthrough */
    case 3:
        b[0] = (uint8_t)(0xE0 | r >> 12);
        b[1] = (uint8_t)(0x80 | (r >> 6 & 0x3F));
        b[2] = (uint8_t)(0x80 | (r & 0x3F));
        return 3;
    default:
        b[0] = (uint8_t)(0xF0 | r >> 18);
        b[1] = (uint8_t)(0x80 | (r >> 12 & 0x3F));
        b[2] = (uint8_t)(0x80 | (r >> 6 & 0x3F));
        b[3] = (uint8_t)(0x80 | (r & 0x3F));
        return 4;
    }
}

/* Length of the ASCII prefix of p[i..n), eight bytes at a time. */
static inline intptr_t asciirun(const char *p, intptr_t i, intptr_t n) {
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ull) break;
        i += 8;
    }
    while (i < n && (uint8_t)p[i] < 0x80) i++;
    return i;
}

bool gort_utf8_valid(gort_string s) {
    intptr_t i = 0;
    while ((i = asciirun(s.ptr, i, s.len)) < s.len) {
        int w;
        gort_rune r = gort_utf8_decode(s.ptr + i, s.len - i, &w);
        if (r == GORT_RUNE_ERROR && w == 1) return false;
        i += w;
    }
    return true;
}

intptr_t gort_utf8_count(gort_string s) {
    intptr_t i = 0, n = 0;
    for (;;) {
        intptr_t j = asciirun(s.ptr, i, s.len);
        n += j - i;
        i = j;
        if (i >= s.len) return n;
        int w;
        gort_utf8_decode(s.ptr + i, s.len - i, &w);
        i += w;
        n++;
    }
}
