/*
 * strings.c: natives of package strings (stdlib/strings/strings.go
 * declares the API).
 *
 * Strings are (data, length) pairs, two slots each; a new string's bytes
 * come from the GC heap (gort_string_new, pointer-free). Searching is
 * memmem/memchr: byte-wise, which is what Go's functions mean on UTF-8.
 *
 * Results that are parts of an argument (Split, Fields, Trim, Cut) share
 * its bytes, as Go's substrings do; a []string result is allocated first
 * and filled through the write barrier. Everything that reads runes
 * decodes as `for range` does (an invalid byte is U+FFFD of width 1)
 * and follows Go's own loops where invalid input makes a difference:
 * Map rewrites invalid bytes as U+FFFD only once something has changed,
 * ContainsRune(set, U+FFFD) matches an invalid byte, and the Replacer's
 * empty old string matches between bytes, as Go's generic replacer does.
 *
 * Functions taking a func(rune) bool or func(rune) rune call the script's
 * closure on the VM for each rune (vm_call_closure); the case functions
 * run the same loops over ../unicode's C tables instead.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdlib.h>
#include <string.h>

#include "bytecode.h"
#include "format.h"
#include "itab.h"
#include "natives.h"
#include "../unicode/unicode.h"

static gort_string arg(const vmslot *r) { return (gort_string){r[0].s, (intptr_t)r[1].i}; }

static void ret(vmslot *r, gort_string s) {
    r[0].s = s.ptr;
    r[1].i = s.len;
}

static intptr_t index_of(gort_string s, gort_string sub) {
    if (sub.len == 0) return 0;
    if (sub.len > s.len) return -1;
    const char *p = memmem(s.ptr, (size_t)s.len, sub.ptr, (size_t)sub.len);
    return p ? p - s.ptr : -1;
}

/* func Repeat(s string, count int) string */
static void strings_Repeat(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_string s = arg(r);
    int64_t n = r[2].i;
    if (n < 0) gort_panic_str("strings: negative Repeat count");
    if (s.len && (uint64_t)n > (uint64_t)INTPTR_MAX / (uint64_t)s.len)
        gort_panic_str("strings: Repeat count causes overflow");
    intptr_t total = s.len * (intptr_t)n;
    if (total == 0) {
        ret(r + 3, (gort_string){"", 0});
        return;
    }
    char *b = gort_alloc((size_t)total, NULL);
    for (intptr_t i = 0; i < total; i += s.len) memcpy(b + i, s.ptr, (size_t)s.len);
    ret(r + 3, (gort_string){b, total});
}

/* func Index(s string, substr string) int */
static void strings_Index(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[4].i = index_of(arg(r), arg(r + 2));
}

/* func Contains(s string, substr string) bool */
static void strings_Contains(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[4].i = index_of(arg(r), arg(r + 2)) >= 0;
}

/* func HasPrefix(s string, prefix string) bool */
static void strings_HasPrefix(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_string s = arg(r), p = arg(r + 2);
    r[4].i = s.len >= p.len && memcmp(s.ptr, p.ptr, (size_t)p.len) == 0;
}

/* func HasSuffix(s string, suffix string) bool */
static void strings_HasSuffix(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_string s = arg(r), p = arg(r + 2);
    r[4].i = s.len >= p.len && memcmp(s.ptr + s.len - p.len, p.ptr, (size_t)p.len) == 0;
}

/* func Count(s string, substr string) int: non-overlapping instances;
 * an empty substr counts the runes plus one. */
static void strings_Count(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_string s = arg(r), sub = arg(r + 2);
    int64_t n = 0;
    if (sub.len == 0) {
        for (intptr_t i = 0; i < s.len; i++)
            if (((unsigned char)s.ptr[i] & 0xC0) != 0x80) n++;
        r[4].i = n + 1;
        return;
    }
    for (;;) {
        intptr_t i = index_of(s, sub);
        if (i < 0) break;
        n++;
        s.ptr += i + sub.len;
        s.len -= i + sub.len;
    }
    r[4].i = n;
}

/* func Compare(a string, b string) int */
static void strings_Compare(struct vmstate *vm, vmslot *r) {
    (void)vm;
    int c = gort_string_compare(arg(r), arg(r + 2));
    r[4].i = c < 0 ? -1 : c > 0;
}


/* ---- helpers ---- */

typedef fmtbuf sbuf; /* a malloc'd byte buffer: results are copied out */

static void sbuf_write(sbuf *b, const char *p, size_t n) {
    if (n) fmtbuf_write(b, p, n);
}

static void sbuf_rune(sbuf *b, int32_t r) {
    char e[4];
    if (r >= 0 && r < 0x80) {
        e[0] = (char)r;
        fmtbuf_write(b, e, 1);
        return;
    }
    fmtbuf_write(b, e, (size_t)u8_encode(e, r));
}

static gort_string sbuf_string(sbuf *b) {
    gort_string s = b->n ? gort_string_new(b->p, (intptr_t)b->n) : (gort_string){"", 0};
    fmtbuf_free(b);
    return s;
}

static gort_string sub(gort_string s, intptr_t i, intptr_t j) { return (gort_string){s.ptr + i, j - i}; }

static gort_string copystr(const char *p, size_t n) {
    return n ? gort_string_new(p, (intptr_t)n) : (gort_string){"", 0};
}

static void ret_bool(vmslot *r, bool b) { r[0].i = b; }

/* A []string of n elements, filled by set_elem. */
static gort_slice new_strs(intptr_t n) { return gort_make_slice(&gort_type_string, n, n); }

static void set_elem(gort_slice a, intptr_t i, gort_string s) {
    gort_string *e = a.ptr;
    gort_store_ptr((void **)(void *)&e[i].ptr, (void *)s.ptr);
    e[i].len = s.len;
}

static void ret_slice(vmslot *r, gort_slice a) {
    r[0].p = a.ptr;
    r[1].i = a.len;
    r[2].i = a.cap;
}

static int32_t decode(gort_string s, intptr_t i, int *w) {
    unsigned char c = (unsigned char)s.ptr[i];
    if (c < 0x80) {
        *w = 1;
        return c;
    }
    return u8_decode((const unsigned char *)s.ptr + i, s.len - i, w);
}

static int32_t decode_last(gort_string s, intptr_t end, int *w) {
    unsigned char c = (unsigned char)s.ptr[end - 1];
    if (c < 0x80) {
        *w = 1;
        return c;
    }
    return u8_decode_last((const unsigned char *)s.ptr, end, w);
}

static intptr_t last_index_of(gort_string s, gort_string sub_) {
    if (sub_.len == 0) return s.len;
    for (intptr_t i = s.len - sub_.len; i >= 0; i--)
        if (s.ptr[i] == sub_.ptr[0] && memcmp(s.ptr + i, sub_.ptr, (size_t)sub_.len) == 0) return i;
    return -1;
}

/* Go's IndexRune: U+FFFD also finds an invalid byte; an invalid rune
 * is never found. */
static intptr_t index_rune(gort_string s, int32_t r) {
    if (r >= 0 && r < 0x80) {
        const char *p = memchr(s.ptr, r, (size_t)s.len);
        return p ? p - s.ptr : -1;
    }
    if (r == 0xFFFD) {
        for (intptr_t i = 0; i < s.len;) {
            int w;
            if (decode(s, i, &w) == 0xFFFD) return i;
            i += w;
        }
        return -1;
    }
    if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return -1;
    char b[4];
    int n = u8_encode(b, r);
    return index_of(s, (gort_string){b, n});
}

/* A rune predicate: a script closure or a C function. */
typedef struct pred {
    struct vmstate *vm;
    vmslot *fv; /* the func(rune) bool value */
    bool (*c)(int32_t);
} pred;

static bool test(const pred *p, int32_t r) {
    if (p->c) return p->c(r);
    vmslot a[1] = {{.i = r}}, res[1];
    vm_call_closure(p->vm, p->fv, a, res);
    return res[0].i & 1;
}

static intptr_t index_func(gort_string s, const pred *p, bool truth) {
    for (intptr_t i = 0; i < s.len;) {
        int w;
        int32_t r = decode(s, i, &w);
        if (test(p, r) == truth) return i;
        i += w;
    }
    return -1;
}

static intptr_t last_index_func(gort_string s, const pred *p, bool truth) {
    for (intptr_t i = s.len; i > 0;) {
        int w;
        int32_t r = decode_last(s, i, &w);
        i -= w;
        if (test(p, r) == truth) return i;
    }
    return -1;
}

static gort_string trim_left_func(gort_string s, const pred *p) {
    intptr_t i = index_func(s, p, false);
    return i < 0 ? (gort_string){"", 0} : sub(s, i, s.len);
}

static gort_string trim_right_func(gort_string s, const pred *p) {
    intptr_t i = last_index_func(s, p, false);
    if (i >= 0 && (unsigned char)s.ptr[i] >= 0x80) {
        int w;
        decode(s, i, &w);
        i += w;
    } else i++;
    return sub(s, 0, i);
}

static bool is_space(int32_t r) { return ucd_isspace(r); }

/* ---- Map and the case functions ---- */

typedef struct mapper {
    struct vmstate *vm;
    vmslot *fv; /* the func(rune) rune value */
    int32_t (*c)(void *ctx, int32_t r);
    void *ctx;
} mapper;

static int32_t apply(const mapper *m, int32_t r) {
    if (m->c) return m->c(m->ctx, r);
    vmslot a[1] = {{.i = r}}, res[1];
    vm_call_closure(m->vm, m->fv, a, res);
    return (int32_t)res[0].i;
}


/* Go's strings.Map. */
static gort_string map_string(gort_string s, const mapper *m) {
    intptr_t i = 0;
    int32_t first = 0;
    int width = 0;
    for (; i < s.len; i += width) {
        int32_t c = decode(s, i, &width);
        int32_t r = apply(m, c);
        if (r == c && c != 0xFFFD) continue;
        if (c == 0xFFFD && width != 1 && r == c) continue;
        first = r;
        break;
    }
    if (i >= s.len) return s;
    sbuf b = {0};
    sbuf_write(&b, s.ptr, (size_t)i);
    if (first >= 0) sbuf_rune(&b, first);
    for (i += width; i < s.len; i += width) {
        int32_t c = decode(s, i, &width);
        int32_t r = apply(m, c);
        if (r >= 0) sbuf_rune(&b, r);
    }
    return sbuf_string(&b);
}

static int32_t to_upper(void *ctx, int32_t r) { return (void)ctx, ucd_toupper(r); }
static int32_t to_lower(void *ctx, int32_t r) { return (void)ctx, ucd_tolower(r); }
static int32_t to_title(void *ctx, int32_t r) { return (void)ctx, ucd_totitle(r); }

static bool is_separator(int32_t r) {
    if (r <= 0x7F) {
        if ((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_') return false;
        return true;
    }
    if (ucd_isletter(r) || ucd_isdigit(r)) return false;
    return ucd_isspace(r);
}

static int32_t title_rune(void *ctx, int32_t r) {
    int32_t *prev = ctx;
    bool sep = is_separator(*prev);
    *prev = r;
    return sep ? ucd_totitle(r) : r;
}

/* ---- natives ---- */

#define S(i) arg(r + (i))

/* func Clone(s string) string */
static void strings_Clone(struct vmstate *vm, vmslot *r) { (void)vm, ret(r + 2, copystr(r[0].s, (size_t)r[1].i)); }

/* func ContainsRune(s string, r rune) bool */
static void strings_ContainsRune(struct vmstate *vm, vmslot *r) {
    (void)vm, ret_bool(r + 3, index_rune(S(0), (int32_t)r[2].i) >= 0);
}

/* func IndexRune(s string, r rune) int */
static void strings_IndexRune(struct vmstate *vm, vmslot *r) { (void)vm, r[3].i = index_rune(S(0), (int32_t)r[2].i); }

/* func IndexByte(s string, c byte) int */
static void strings_IndexByte(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const char *p = memchr(r[0].s, (int)(r[2].u & 0xFF), (size_t)r[1].i);
    r[3].i = p ? p - r[0].s : -1;
}

/* func LastIndexByte(s string, c byte) int */
static void strings_LastIndexByte(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const char *p = r[1].i ? memrchr(r[0].s, (int)(r[2].u & 0xFF), (size_t)r[1].i) : NULL;
    r[3].i = p ? p - r[0].s : -1;
}

/* func LastIndex(s string, substr string) int */
static void strings_LastIndex(struct vmstate *vm, vmslot *r) { (void)vm, r[4].i = last_index_of(S(0), S(2)); }

static intptr_t index_any(gort_string s, gort_string chars) {
    if (chars.len == 0) return -1;
    for (intptr_t i = 0; i < s.len;) {
        int w;
        int32_t c = decode(s, i, &w);
        if (index_rune(chars, c) >= 0) return i;
        i += w;
    }
    return -1;
}

static intptr_t last_index_any(gort_string s, gort_string chars) {
    if (chars.len == 0) return -1;
    for (intptr_t i = s.len; i > 0;) {
        int w;
        int32_t c = decode_last(s, i, &w);
        i -= w;
        if (index_rune(chars, c) >= 0) return i;
    }
    return -1;
}

/* func IndexAny(s string, chars string) int; LastIndexAny; ContainsAny */
static void strings_IndexAny(struct vmstate *vm, vmslot *r) { (void)vm, r[4].i = index_any(S(0), S(2)); }
static void strings_LastIndexAny(struct vmstate *vm, vmslot *r) { (void)vm, r[4].i = last_index_any(S(0), S(2)); }
static void strings_ContainsAny(struct vmstate *vm, vmslot *r) { (void)vm, ret_bool(r + 4, index_any(S(0), S(2)) >= 0); }

/* func IndexFunc(s string, f func(rune) bool) int; LastIndexFunc */
static void strings_IndexFunc(struct vmstate *vm, vmslot *r) {
    pred p = {vm, r[2].p, NULL};
    r[3].i = index_func(S(0), &p, true);
}
static void strings_LastIndexFunc(struct vmstate *vm, vmslot *r) {
    pred p = {vm, r[2].p, NULL};
    r[3].i = last_index_func(S(0), &p, true);
}

/* func TrimFunc(s string, f func(rune) bool) string; TrimLeftFunc; TrimRightFunc */
static void strings_TrimFunc(struct vmstate *vm, vmslot *r) {
    pred p = {vm, r[2].p, NULL};
    ret(r + 3, trim_right_func(trim_left_func(S(0), &p), &p));
}
static void strings_TrimLeftFunc(struct vmstate *vm, vmslot *r) {
    pred p = {vm, r[2].p, NULL};
    ret(r + 3, trim_left_func(S(0), &p));
}
static void strings_TrimRightFunc(struct vmstate *vm, vmslot *r) {
    pred p = {vm, r[2].p, NULL};
    ret(r + 3, trim_right_func(S(0), &p));
}

/* func TrimSpace(s string) string */
static void strings_TrimSpace(struct vmstate *vm, vmslot *r) {
    pred p = {vm, NULL, is_space};
    ret(r + 2, trim_right_func(trim_left_func(S(0), &p), &p));
}

static bool in_cutset(gort_string cutset, int32_t c) { return index_rune(cutset, c) >= 0; }

static gort_string trim_left(gort_string s, gort_string cutset) {
    while (s.len > 0) {
        int w;
        int32_t c = decode(s, 0, &w);
        if (!in_cutset(cutset, c)) break;
        s = sub(s, w, s.len);
    }
    return s;
}

static gort_string trim_right(gort_string s, gort_string cutset) {
    while (s.len > 0) {
        int w;
        int32_t c = decode_last(s, s.len, &w);
        if (!in_cutset(cutset, c)) break;
        s.len -= w;
    }
    return s;
}

/* func Trim(s string, cutset string) string; TrimLeft; TrimRight */
static void strings_Trim(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_string s = S(0), c = S(2);
    if (s.len == 0 || c.len == 0) {
        ret(r + 4, s);
        return;
    }
    ret(r + 4, trim_right(trim_left(s, c), c));
}
static void strings_TrimLeft(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_string s = S(0), c = S(2);
    ret(r + 4, s.len == 0 || c.len == 0 ? s : trim_left(s, c));
}
static void strings_TrimRight(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_string s = S(0), c = S(2);
    ret(r + 4, s.len == 0 || c.len == 0 ? s : trim_right(s, c));
}

/* func TrimPrefix(s string, prefix string) string; TrimSuffix */
static void strings_TrimPrefix(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_string s = S(0), p = S(2);
    if (s.len >= p.len && memcmp(s.ptr, p.ptr, (size_t)p.len) == 0) s = sub(s, p.len, s.len);
    ret(r + 4, s);
}
static void strings_TrimSuffix(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_string s = S(0), p = S(2);
    if (s.len >= p.len && memcmp(s.ptr + s.len - p.len, p.ptr, (size_t)p.len) == 0) s.len -= p.len;
    ret(r + 4, s);
}

/* func Cut(s string, sep string) (before string, after string, found bool) */
static void strings_Cut(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_string s = S(0), sep = S(2);
    intptr_t i = index_of(s, sep);
    if (i >= 0) {
        ret(r + 4, sub(s, 0, i));
        ret(r + 6, sub(s, i + sep.len, s.len));
        r[8].i = 1;
    } else {
        ret(r + 4, s);
        ret(r + 6, (gort_string){"", 0});
        r[8].i = 0;
    }
}

/* Go's genSplit: n < 0 all, n == 0 nil; sepSave bytes of sep kept. */
static gort_slice gen_split(gort_string s, gort_string sep, intptr_t save, intptr_t n) {
    if (n == 0) return (gort_slice){NULL, 0, 0};
    if (sep.len == 0) { /* explode into runes */
        intptr_t l = 0;
        for (intptr_t i = 0; i < s.len; l++) {
            int w;
            decode(s, i, &w);
            i += w;
        }
        if (n < 0 || n > l) n = l;
        gort_slice a = new_strs(n);
        intptr_t i = 0;
        for (intptr_t k = 0; k < n - 1; k++) {
            int w;
            decode(s, i, &w);
            set_elem(a, k, sub(s, i, i + w));
            i += w;
        }
        if (n > 0) set_elem(a, n - 1, sub(s, i, s.len));
        return a;
    }
    if (n < 0) {
        n = 1;
        for (gort_string t = s;;) {
            intptr_t m = index_of(t, sep);
            if (m < 0) break;
            n++;
            t = sub(t, m + sep.len, t.len);
        }
    }
    if (n > s.len + 1) n = s.len + 1;
    gort_slice a = new_strs(n);
    intptr_t i = 0;
    for (n--; i < n; i++) {
        intptr_t m = index_of(s, sep);
        if (m < 0) break;
        set_elem(a, i, sub(s, 0, m + save));
        s = sub(s, m + sep.len, s.len);
    }
    set_elem(a, i, s);
    a.len = i + 1;
    return a;
}

/* func Split(s, sep string) []string; SplitN; SplitAfter; SplitAfterN */
static void strings_Split(struct vmstate *vm, vmslot *r) { (void)vm, ret_slice(r + 4, gen_split(S(0), S(2), 0, -1)); }
static void strings_SplitN(struct vmstate *vm, vmslot *r) { (void)vm, ret_slice(r + 5, gen_split(S(0), S(2), 0, r[4].i)); }
static void strings_SplitAfter(struct vmstate *vm, vmslot *r) {
    (void)vm, ret_slice(r + 4, gen_split(S(0), S(2), r[3].i, -1));
}
static void strings_SplitAfterN(struct vmstate *vm, vmslot *r) {
    (void)vm, ret_slice(r + 5, gen_split(S(0), S(2), r[3].i, r[4].i));
}

static gort_slice fields_func(gort_string s, const pred *p) {
    intptr_t n = 0;
    bool in = false;
    for (intptr_t i = 0; i < s.len;) {
        int w;
        int32_t c = decode(s, i, &w);
        bool sep = test(p, c);
        if (!sep && !in) n++;
        in = !sep;
        i += w;
    }
    gort_slice a = new_strs(n);
    intptr_t k = 0, start = -1;
    for (intptr_t i = 0; i < s.len && k < n;) {
        int w;
        int32_t c = decode(s, i, &w);
        bool sep = p->c ? p->c(c) : test(p, c);
        if (sep && start >= 0) {
            set_elem(a, k++, sub(s, start, i));
            start = -1;
        } else if (!sep && start < 0) start = i;
        i += w;
    }
    if (start >= 0 && k < n) set_elem(a, k++, sub(s, start, s.len));
    a.len = k;
    return a;
}

/* func Fields(s string) []string */
static void strings_Fields(struct vmstate *vm, vmslot *r) {
    pred p = {vm, NULL, is_space};
    ret_slice(r + 2, fields_func(S(0), &p));
}

/* func FieldsFunc(s string, f func(rune) bool) []string: Go 1.19 calls f
 * once per rune (it records the spans first); so does this. */
static void strings_FieldsFunc(struct vmstate *vm, vmslot *r) {
    gort_string s = S(0);
    pred p = {vm, r[2].p, NULL};
    intptr_t cap = 32, n = 0;
    intptr_t *spans = malloc(sizeof *spans * 2 * (size_t)cap);
    if (!spans) abort();
    intptr_t start = -1;
    for (intptr_t i = 0; i < s.len;) {
        int w;
        int32_t c = decode(s, i, &w);
        bool sep = test(&p, c);
        if (sep && start >= 0) {
            if (n == cap) {
                cap *= 2;
                spans = realloc(spans, sizeof *spans * 2 * (size_t)cap);
                if (!spans) abort();
            }
            spans[2 * n] = start, spans[2 * n + 1] = i, n++;
            start = -1;
        } else if (!sep && start < 0) start = i;
        i += w;
    }
    if (start >= 0) {
        if (n == cap) {
            cap *= 2;
            spans = realloc(spans, sizeof *spans * 2 * (size_t)cap);
            if (!spans) abort();
        }
        spans[2 * n] = start, spans[2 * n + 1] = s.len, n++;
    }
    gort_slice a = new_strs(n);
    for (intptr_t k = 0; k < n; k++) set_elem(a, k, sub(s, spans[2 * k], spans[2 * k + 1]));
    free(spans);
    ret_slice(r + 3, a);
}

/* func Join(elems []string, sep string) string */
static void strings_Join(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const gort_string *e = r[0].p;
    intptr_t n = (intptr_t)r[1].i;
    gort_string sep = S(3);
    if (n == 0) {
        ret(r + 5, (gort_string){"", 0});
        return;
    }
    if (n == 1) {
        ret(r + 5, e[0]);
        return;
    }
    intptr_t total = sep.len * (n - 1);
    for (intptr_t i = 0; i < n; i++) total += e[i].len;
    char *b = gort_alloc((size_t)total, NULL);
    intptr_t o = 0;
    for (intptr_t i = 0; i < n; i++) {
        if (i) memcpy(b + o, sep.ptr, (size_t)sep.len), o += sep.len;
        memcpy(b + o, e[i].ptr, (size_t)e[i].len);
        o += e[i].len;
    }
    ret(r + 5, (gort_string){b, total});
}

static gort_string replace(gort_string s, gort_string old, gort_string new_, int64_t n) {
    if ((old.len == new_.len && memcmp(old.ptr, new_.ptr, (size_t)old.len) == 0) || n == 0) return s;
    int64_t m = 0;
    if (old.len == 0) {
        m = 1;
        for (intptr_t i = 0; i < s.len; m++) {
            int w;
            decode(s, i, &w);
            i += w;
        }
    } else
        for (gort_string t = s;;) {
            intptr_t k = index_of(t, old);
            if (k < 0) break;
            m++;
            t = sub(t, k + old.len, t.len);
        }
    if (m == 0) return s;
    if (n < 0 || m < n) n = m;
    sbuf b = {0};
    intptr_t start = 0;
    for (int64_t i = 0; i < n; i++) {
        intptr_t j = start;
        if (old.len == 0) {
            if (i > 0) {
                int w;
                decode(s, start, &w);
                j += w;
            }
        } else j += index_of(sub(s, start, s.len), old);
        sbuf_write(&b, s.ptr + start, (size_t)(j - start));
        sbuf_write(&b, new_.ptr, (size_t)new_.len);
        start = j + old.len;
    }
    sbuf_write(&b, s.ptr + start, (size_t)(s.len - start));
    return sbuf_string(&b);
}

/* func Replace(s, old, new string, n int) string; ReplaceAll */
static void strings_Replace(struct vmstate *vm, vmslot *r) { (void)vm, ret(r + 7, replace(S(0), S(2), S(4), r[6].i)); }
static void strings_ReplaceAll(struct vmstate *vm, vmslot *r) { (void)vm, ret(r + 6, replace(S(0), S(2), S(4), -1)); }

/* func EqualFold(s, t string) bool: Go's loop over SimpleFold orbits */
static bool equal_fold(gort_string s, gort_string t) {
    intptr_t i = 0, j = 0;
    while (i < s.len && j < t.len) {
        int w;
        int32_t sr = decode(s, i, &w);
        i += w;
        int32_t tr = decode(t, j, &w);
        j += w;
        if (tr == sr) continue;
        if (tr < sr) {
            int32_t x = tr;
            tr = sr;
            sr = x;
        }
        if (tr < 0x80) {
            if (sr >= 'A' && sr <= 'Z' && tr == sr + 'a' - 'A') continue;
            return false;
        }
        int32_t f = ucd_simplefold(sr);
        while (f != sr && f < tr) f = ucd_simplefold(f);
        if (f == tr) continue;
        return false;
    }
    return i == s.len && j == t.len;
}
static void strings_EqualFold(struct vmstate *vm, vmslot *r) { (void)vm, ret_bool(r + 4, equal_fold(S(0), S(2))); }

/* func Map(mapping func(rune) rune, s string) string */
static void strings_Map(struct vmstate *vm, vmslot *r) {
    mapper m = {vm, r[0].p, NULL, NULL};
    ret(r + 3, map_string(S(1), &m));
}

/* The case functions: Go's ASCII fast paths, else Map over the tables. */
static gort_string ascii_case(gort_string s, bool upper, bool *done) {
    bool need = false;
    *done = false;
    for (intptr_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c >= 0x80) return s;
        if (upper ? (c >= 'a' && c <= 'z') : (c >= 'A' && c <= 'Z')) need = true;
    }
    *done = true;
    if (!need) return s;
    char *b = gort_alloc((size_t)s.len, NULL);
    for (intptr_t i = 0; i < s.len; i++) {
        char c = s.ptr[i];
        if (upper && c >= 'a' && c <= 'z') c -= 32;
        else if (!upper && c >= 'A' && c <= 'Z') c += 32;
        b[i] = c;
    }
    return (gort_string){b, s.len};
}

static void strings_ToUpper(struct vmstate *vm, vmslot *r) {
    bool done;
    gort_string s = ascii_case(S(0), true, &done);
    mapper m = {vm, NULL, to_upper, NULL};
    ret(r + 2, done ? s : map_string(s, &m));
}
static void strings_ToLower(struct vmstate *vm, vmslot *r) {
    bool done;
    gort_string s = ascii_case(S(0), false, &done);
    mapper m = {vm, NULL, to_lower, NULL};
    ret(r + 2, done ? s : map_string(s, &m));
}
static void strings_ToTitle(struct vmstate *vm, vmslot *r) {
    mapper m = {vm, NULL, to_title, NULL};
    ret(r + 2, map_string(S(0), &m));
}
/* func Title(s string) string (deprecated in Go, kept as Go has it) */
static void strings_Title(struct vmstate *vm, vmslot *r) {
    int32_t prev = ' ';
    mapper m = {vm, NULL, title_rune, &prev};
    ret(r + 2, map_string(S(0), &m));
}

/* func ToValidUTF8(s, replacement string) string */
static void strings_ToValidUTF8(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_string s = S(0), rep = S(2);
    sbuf b = {0};
    bool invalid = false;
    for (intptr_t i = 0; i < s.len;) {
        int w;
        int32_t c = decode(s, i, &w);
        if (c == 0xFFFD && w == 1) {
            i++;
            if (!invalid) {
                invalid = true;
                sbuf_write(&b, rep.ptr, (size_t)rep.len);
            }
            continue;
        }
        invalid = false;
        sbuf_write(&b, s.ptr + i, (size_t)w);
        i += w;
    }
    ret(r + 4, sbuf_string(&b));
}

/* ---- Replacer ---- */

/* The heap object behind a *strings.Replacer (the declared struct has
 * no fields; the pointer is only ever handed back to these natives). */
typedef struct replacer {
    gort_slice oldnew; /* the pairs, as NewReplacer got them (a copy) */
} replacer;
static const uint8_t replacer_mask[] = {0x01};
static const gort_type replacer_type = {
    .size = 24, .align = 8, .ptrwords = 1, .ptrmask = replacer_mask, .name = "strings.replacer",
    .kind = GORT_KIND_STRUCT, .tflags = GORT_TFLAG_NAMED, .pkgpath = "strings"};

/* func NewReplacer(oldnew ...string) *Replacer */
static void strings_NewReplacer(struct vmstate *vm, vmslot *r) {
    (void)vm;
    intptr_t n = (intptr_t)r[1].i;
    if (n % 2 == 1) gort_panic_str("strings.NewReplacer: odd argument count");
    gort_slice a = new_strs(n);
    const gort_string *src = r[0].p;
    for (intptr_t i = 0; i < n; i++) set_elem(a, i, src[i]);
    replacer *rp = gort_new(&replacer_type);
    gort_store_ptr(&rp->oldnew.ptr, a.ptr);
    rp->oldnew.len = a.len;
    rp->oldnew.cap = a.cap;
    r[3].p = rp;
}

/* Go's generic replacer: at each byte position the earliest pair (in
 * argument order) whose old string is a prefix there; an empty old
 * string matches once per position. */
static void replacer_run(const replacer *rp, gort_string s, sbuf *b) {
    if (!rp) gort_panic_nil(0, 0);
    const gort_string *on = rp->oldnew.ptr;
    intptr_t np = rp->oldnew.len / 2, last = 0;
    bool prev_empty = false;
    for (intptr_t i = 0; i <= s.len;) {
        intptr_t best = -1;
        for (intptr_t k = 0; k < np; k++) {
            gort_string o = on[2 * k];
            if (o.len == 0 && prev_empty) continue;
            if (o.len <= s.len - i && memcmp(s.ptr + i, o.ptr, (size_t)o.len) == 0) {
                best = k;
                break;
            }
        }
        prev_empty = best >= 0 && on[2 * best].len == 0;
        if (best >= 0) {
            sbuf_write(b, s.ptr + last, (size_t)(i - last));
            sbuf_write(b, on[2 * best + 1].ptr, (size_t)on[2 * best + 1].len);
            i += on[2 * best].len;
            last = i;
            continue;
        }
        i++;
    }
    if (last != s.len) sbuf_write(b, s.ptr + last, (size_t)(s.len - last));
}

/* func (r *Replacer) Replace(s string) string */
static void replacer_Replace(struct vmstate *vm, vmslot *r) {
    (void)vm;
    sbuf b = {0};
    replacer_run(r[0].p, S(1), &b);
    ret(r + 3, sbuf_string(&b));
}

/* func (r *Replacer) WriteString(w io.Writer, s string) (n int, err error) */
static void replacer_WriteString(struct vmstate *vm, vmslot *r) {
    sbuf b = {0};
    replacer_run(r[0].p, S(3), &b);
    gort_string out = sbuf_string(&b);
    const vmitab *tab = r[1].p;
    if (!tab) gort_panic_nil(0, 0);
    gort_slice bs = gort_make_slice(&gort_type_uint8, out.len, out.len);
    memcpy(bs.ptr, out.ptr, (size_t)out.len);
    vmslot args[3] = {{.p = bs.ptr}, {.i = bs.len}, {.i = bs.cap}};
    vm_call_imethod(vm, tab->type, tab->fun[0], r[2].p, args, 3, r + 5);
}

static const vmnative natives[] = {
    {"strings.Repeat", strings_Repeat},       {"strings.Index", strings_Index},
    {"strings.Contains", strings_Contains},   {"strings.HasPrefix", strings_HasPrefix},
    {"strings.HasSuffix", strings_HasSuffix}, {"strings.Count", strings_Count},
    {"strings.Compare", strings_Compare},
    {"strings.Clone", strings_Clone},         {"strings.ContainsAny", strings_ContainsAny},
    {"strings.ContainsRune", strings_ContainsRune}, {"strings.Cut", strings_Cut},
    {"strings.EqualFold", strings_EqualFold}, {"strings.Fields", strings_Fields},
    {"strings.FieldsFunc", strings_FieldsFunc}, {"strings.IndexAny", strings_IndexAny},
    {"strings.IndexByte", strings_IndexByte}, {"strings.IndexFunc", strings_IndexFunc},
    {"strings.IndexRune", strings_IndexRune}, {"strings.Join", strings_Join},
    {"strings.LastIndex", strings_LastIndex}, {"strings.LastIndexAny", strings_LastIndexAny},
    {"strings.LastIndexByte", strings_LastIndexByte}, {"strings.LastIndexFunc", strings_LastIndexFunc},
    {"strings.Map", strings_Map},             {"strings.NewReplacer", strings_NewReplacer},
    {"strings.Replace", strings_Replace},     {"strings.ReplaceAll", strings_ReplaceAll},
    {"strings.Split", strings_Split},         {"strings.SplitAfter", strings_SplitAfter},
    {"strings.SplitAfterN", strings_SplitAfterN}, {"strings.SplitN", strings_SplitN},
    {"strings.Title", strings_Title},         {"strings.ToLower", strings_ToLower},
    {"strings.ToTitle", strings_ToTitle},     {"strings.ToUpper", strings_ToUpper},
    {"strings.ToValidUTF8", strings_ToValidUTF8}, {"strings.Trim", strings_Trim},
    {"strings.TrimFunc", strings_TrimFunc},   {"strings.TrimLeft", strings_TrimLeft},
    {"strings.TrimLeftFunc", strings_TrimLeftFunc}, {"strings.TrimPrefix", strings_TrimPrefix},
    {"strings.TrimRight", strings_TrimRight}, {"strings.TrimRightFunc", strings_TrimRightFunc},
    {"strings.TrimSpace", strings_TrimSpace}, {"strings.TrimSuffix", strings_TrimSuffix},
    {"strings.(*Replacer).Replace", replacer_Replace},
    {"strings.(*Replacer).WriteString", replacer_WriteString},
};
const vmnative_table vm_natives_strings = {natives, (int)(sizeof natives / sizeof natives[0])};
