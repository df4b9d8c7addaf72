/*
 * unicode.c: natives of package unicode (stdlib/unicode/unicode.go
 * declares the API), and the classification and case mapping that the
 * natives of strings, bytes and strconv share (uni_*, unicode.h).
 *
 * The tables are Go 1.19's own (tables.h, generated from package unicode
 * by the program at its end): range tables {lo, hi, stride} searched by
 * bisection, and Go's CaseRanges with its UpperLower convention, read by
 * uni_to exactly as Go's unicode.to reads them. Latin-1 takes Go's
 * shortcuts where its answers differ from the tables': IsSpace (the
 * Latin-1 spaces), IsControl (Latin-1 only), IsPrint (U+0020 is the one
 * printable space).
 *
 * Rejected: the C library's iswupper/towupper (locale-dependent, and
 * glibc's Unicode version need not be Go's).
 */
#include "unicode.h"

#include "natives.h"
#include "tables.h"

#define N(t) ((int)(sizeof t / sizeof t[0]))

static bool in_table(const uint32_t (*t)[3], int n, uint32_t r) {
    int lo = 0, hi = n;
    while (lo < hi) {
        int m = lo + (hi - lo) / 2;
        if (r < t[m][0]) hi = m;
        else if (r > t[m][1]) lo = m + 1;
        else return t[m][2] == 1 || (r - t[m][0]) % t[m][2] == 0;
    }
    return false;
}

#define IS(t, r) ((r) >= 0 && in_table(t, N(t), (uint32_t)(r)))

bool ucd_isupper(int32_t r) {
    if (r >= 0 && r < 0x80) return r >= 'A' && r <= 'Z';
    return IS(uni_upper, r);
}
bool ucd_islower(int32_t r) {
    if (r >= 0 && r < 0x80) return r >= 'a' && r <= 'z';
    return IS(uni_lower, r);
}
bool ucd_istitle(int32_t r) { return r >= 0x80 && IS(uni_title, r); }
bool ucd_isletter(int32_t r) {
    if (r >= 0 && r < 0x80) return (r | 0x20) >= 'a' && (r | 0x20) <= 'z';
    return IS(uni_letter, r);
}
bool ucd_isdigit(int32_t r) {
    if (r >= 0 && r < 0x80) return r >= '0' && r <= '9';
    return IS(uni_digit, r);
}
bool ucd_isnumber(int32_t r) { return IS(uni_number, r); }
bool ucd_ispunct(int32_t r) { return IS(uni_punct, r); }
bool ucd_issymbol(int32_t r) { return IS(uni_symbol, r); }
bool ucd_ismark(int32_t r) { return IS(uni_mark, r); }
bool ucd_isspace(int32_t r) {
    if (r >= 0 && r <= 0xFF)
        return r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' || r == ' ' || r == 0x85 || r == 0xA0;
    return IS(uni_space, r);
}
bool ucd_iscontrol(int32_t r) { return r >= 0 && r <= 0xFF && IS(uni_control, r); }
bool ucd_isgraphic(int32_t r) {
    return ucd_isletter(r) || ucd_ismark(r) || ucd_isnumber(r) || ucd_ispunct(r) || ucd_issymbol(r) ||
           IS(uni_zs, r);
}
bool ucd_isprint(int32_t r) {
    if (r == ' ') return true;
    return ucd_isletter(r) || ucd_ismark(r) || ucd_isnumber(r) || ucd_ispunct(r) || ucd_issymbol(r);
}

/* Go's unicode.to: r mapped to case c (0 upper, 1 lower, 2 title). */
int32_t ucd_to(int c, int32_t r) {
    if (c < 0 || c > 2) return 0xFFFD;
    int lo = 0, hi = N(uni_case);
    while (lo < hi) {
        int m = lo + (hi - lo) / 2;
        const int32_t *cr = uni_case[m];
        if (cr[0] <= r && r <= cr[1]) {
            int32_t delta = cr[2 + c];
            if (delta > 0x10FFFF) return cr[0] + (((r - cr[0]) & ~1) | (c & 1));
            return r + delta;
        }
        if (r < cr[0]) hi = m;
        else lo = m + 1;
    }
    return r;
}

int32_t ucd_toupper(int32_t r) {
    if (r >= 0 && r < 0x80) return r >= 'a' && r <= 'z' ? r - 32 : r;
    return ucd_to(0, r);
}
int32_t ucd_tolower(int32_t r) {
    if (r >= 0 && r < 0x80) return r >= 'A' && r <= 'Z' ? r + 32 : r;
    return ucd_to(1, r);
}
int32_t ucd_totitle(int32_t r) {
    if (r >= 0 && r < 0x80) return r >= 'a' && r <= 'z' ? r - 32 : r;
    return ucd_to(2, r);
}

/* Go's unicode.SimpleFold. */
int32_t ucd_simplefold(int32_t r) {
    if (r < 0 || r > 0x10FFFF) return r;
    int lo = 0, hi = N(uni_orbit);
    while (lo < hi) {
        int m = lo + (hi - lo) / 2;
        if ((uint32_t)r < uni_orbit[m][0]) hi = m;
        else if ((uint32_t)r > uni_orbit[m][0]) lo = m + 1;
        else return (int32_t)uni_orbit[m][1];
    }
    int32_t l = ucd_tolower(r);
    return l != r ? l : ucd_toupper(r);
}

#define PRED(name, fn)                                          \
    static void name(struct vmstate *vm, vmslot *r) {           \
        (void)vm;                                               \
        r[1].i = fn((int32_t)r[0].i);                           \
    }
PRED(unicode_IsUpper, ucd_isupper)
PRED(unicode_IsLower, ucd_islower)
PRED(unicode_IsTitle, ucd_istitle)
PRED(unicode_IsLetter, ucd_isletter)
PRED(unicode_IsDigit, ucd_isdigit)
PRED(unicode_IsNumber, ucd_isnumber)
PRED(unicode_IsPunct, ucd_ispunct)
PRED(unicode_IsSymbol, ucd_issymbol)
PRED(unicode_IsMark, ucd_ismark)
PRED(unicode_IsSpace, ucd_isspace)
PRED(unicode_IsControl, ucd_iscontrol)
PRED(unicode_IsGraphic, ucd_isgraphic)
PRED(unicode_IsPrint, ucd_isprint)

#define MAP(name, fn)                                           \
    static void name(struct vmstate *vm, vmslot *r) {           \
        (void)vm;                                               \
        r[1].i = fn((int32_t)r[0].i);                           \
    }
MAP(unicode_ToUpper, ucd_toupper)
MAP(unicode_ToLower, ucd_tolower)
MAP(unicode_ToTitle, ucd_totitle)
MAP(unicode_SimpleFold, ucd_simplefold)

/* func To(_case int, r rune) rune */
static void unicode_To(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[2].i = ucd_to((int)r[0].i, (int32_t)r[1].i);
}

static const vmnative natives[] = {
    {"unicode.IsControl", unicode_IsControl}, {"unicode.IsDigit", unicode_IsDigit},
    {"unicode.IsGraphic", unicode_IsGraphic}, {"unicode.IsLetter", unicode_IsLetter},
    {"unicode.IsLower", unicode_IsLower},     {"unicode.IsMark", unicode_IsMark},
    {"unicode.IsNumber", unicode_IsNumber},   {"unicode.IsPrint", unicode_IsPrint},
    {"unicode.IsPunct", unicode_IsPunct},     {"unicode.IsSpace", unicode_IsSpace},
    {"unicode.IsSymbol", unicode_IsSymbol},   {"unicode.IsTitle", unicode_IsTitle},
    {"unicode.IsUpper", unicode_IsUpper},     {"unicode.SimpleFold", unicode_SimpleFold},
    {"unicode.To", unicode_To},               {"unicode.ToLower", unicode_ToLower},
    {"unicode.ToTitle", unicode_ToTitle},     {"unicode.ToUpper", unicode_ToUpper},
};
const vmnative_table vm_natives_unicode = {natives, N(natives)};
