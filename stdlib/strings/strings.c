/*
 * strings.c: natives of package strings (stdlib/strings/strings.go
 * declares the API).
 *
 * Strings are (data, length) pairs, two slots each; a new string's bytes
 * come from the GC heap (gort_string_new, pointer-free). Searching is
 * memmem/memchr: byte-wise, which is what Go's functions mean on UTF-8.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <string.h>

#include "natives.h"

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

static const vmnative natives[] = {
    {"strings.Repeat", strings_Repeat},       {"strings.Index", strings_Index},
    {"strings.Contains", strings_Contains},   {"strings.HasPrefix", strings_HasPrefix},
    {"strings.HasSuffix", strings_HasSuffix}, {"strings.Count", strings_Count},
    {"strings.Compare", strings_Compare},
};
const vmnative_table vm_natives_strings = {natives, (int)(sizeof natives / sizeof natives[0])};
