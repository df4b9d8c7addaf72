/*
 * builder.c: strings.Builder, Go's strings/builder.go in C.
 *
 * A Builder is the struct Go declares (stdlib/strings/strings.go keeps
 * its unexported fields for these natives; scripts/gen-stdlib-decls.go,
 * keepFields):
 *
 *   type Builder struct {
 *       addr *Builder // of the receiver, to detect copies by value
 *       buf  []byte
 *   }
 *
 *   offset 0   addr     pointer word
 *          8   buf.ptr  pointer word
 *         16   buf.len
 *         24   buf.cap
 *
 * so the zero value is an empty Builder, and a Builder lives wherever
 * the script put it (a local, a field, the heap) with the layout that
 * the linker gives the declared struct. Every method is a native bound
 * to "strings.(*Builder).NAME"; r[0] is the receiver pointer.
 *
 * Invariants, as in Go:
 *   - addr is nil (the Builder was never written to, or was Reset) or
 *     points to the Builder itself. Every mutating method runs the copy
 *     check first: it sets addr on first use, and a Builder whose addr is
 *     another Builder was copied by value after use, which panics with
 *     Go's "strings: illegal use of non-zero Builder copied by value".
 *     String, Len and Cap skip the check, as Go's do.
 *   - String returns a string sharing buf's bytes (no copy). That is safe
 *     because a Builder only appends: bytes a string already covers are
 *     never written again, and Reset drops buf rather than reusing it.
 *   - buf grows as append grows it (gort_append: Go 1.19's growslice with
 *     size-class rounding), and Grow(n) to exactly 2*cap+n, as Go's
 *     make([]byte, len, 2*cap+n) does; so Cap prints Go's numbers.
 *
 * Stores of the buffer pointer and of addr go through the write barrier
 * (gort_store_ptr): the Builder may sit in the heap. A nil receiver
 * panics with Go's nil dereference, as reading b.addr would in Go.
 *
 * Rejected: a hidden C object behind a zero-size Go struct (the
 * declaration had `_ [0]func()`): the zero value would need a lazily
 * allocated side table keyed by address, which breaks when the Builder
 * moves with the struct holding it and cannot see copies.
 */
#include <string.h>

#include "natives.h"

typedef struct builder {
    struct builder *addr; /* the Builder itself once used; nil before */
    gort_slice buf;       /* the bytes written */
} builder;

/* b (the receiver), panicking as a nil dereference for a nil b. */
static builder *recv(const vmslot *r) {
    builder *b = r[0].p;
    if (!b) gort_panic_nil(0, 0);
    return b;
}

static void copy_check(builder *b) {
    if (!b->addr) gort_store_ptr((void **)(void *)&b->addr, b);
    else if (b->addr != b) gort_panic_str("strings: illegal use of non-zero Builder copied by value");
}

/* b.buf = s: the pointer word through the barrier. */
static void set_buf(builder *b, gort_slice s) {
    gort_store_ptr(&b->buf.ptr, s.ptr);
    b->buf.len = s.len;
    b->buf.cap = s.cap;
}

static void append_bytes(builder *b, const void *p, intptr_t n) {
    if (n == 0) return;
    if (b->buf.cap - b->buf.len >= n) {
        memcpy((char *)b->buf.ptr + b->buf.len, p, (size_t)n);
        b->buf.len += n;
        return;
    }
    set_buf(b, gort_append(&gort_type_uint8, b->buf, p, n));
}

/* buf = make([]byte, len(b.buf), 2*cap(b.buf)+n); copy(buf, b.buf) */
static void grow(builder *b, intptr_t n) {
    gort_slice s = gort_make_slice(&gort_type_uint8, b->buf.len, 2 * b->buf.cap + n);
    if (b->buf.len) memcpy(s.ptr, b->buf.ptr, (size_t)b->buf.len);
    set_buf(b, s);
}

/* func (b *Builder) String() string */
static void builder_String(struct vmstate *vm, vmslot *r) {
    (void)vm;
    builder *b = recv(r);
    r[1].p = b->buf.ptr;
    r[2].i = b->buf.len;
}

/* func (b *Builder) Len() int */
static void builder_Len(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].i = recv(r)->buf.len;
}

/* func (b *Builder) Cap() int */
static void builder_Cap(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].i = recv(r)->buf.cap;
}

/* func (b *Builder) Reset() */
static void builder_Reset(struct vmstate *vm, vmslot *r) {
    (void)vm;
    builder *b = recv(r);
    gort_store_ptr((void **)(void *)&b->addr, NULL);
    set_buf(b, (gort_slice){NULL, 0, 0});
}

/* func (b *Builder) Grow(n int) */
static void builder_Grow(struct vmstate *vm, vmslot *r) {
    (void)vm;
    builder *b = recv(r);
    copy_check(b);
    int64_t n = r[1].i;
    if (n < 0) gort_panic_str("strings.Builder.Grow: negative count");
    if (b->buf.cap - b->buf.len < n) grow(b, (intptr_t)n);
}

/* func (b *Builder) Write(p []byte) (int, error): r[1..3] p, r[4] n,
 * r[5..6] the nil error. */
static void builder_Write(struct vmstate *vm, vmslot *r) {
    (void)vm;
    builder *b = recv(r);
    copy_check(b);
    intptr_t n = (intptr_t)r[2].i;
    append_bytes(b, r[1].p, n);
    r[4].i = n;
    r[5].p = r[6].p = NULL;
}

/* func (b *Builder) WriteByte(c byte) error */
static void builder_WriteByte(struct vmstate *vm, vmslot *r) {
    (void)vm;
    builder *b = recv(r);
    copy_check(b);
    uint8_t c = (uint8_t)r[1].u;
    append_bytes(b, &c, 1);
    r[2].p = r[3].p = NULL;
}

/* UTF-8 of r into p (an invalid rune is U+FFFD, as utf8.EncodeRune). */
static int encode_rune(uint8_t *p, int32_t r) {
    uint32_t c = (uint32_t)r;
    if (c < 0x80) {
        p[0] = (uint8_t)c;
        return 1;
    }
    if (c < 0x800) {
        p[0] = (uint8_t)(0xC0 | c >> 6);
        p[1] = (uint8_t)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
    if (c < 0x10000) {
        p[0] = (uint8_t)(0xE0 | c >> 12);
        p[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        p[2] = (uint8_t)(0x80 | (c & 0x3F));
        return 3;
    }
    p[0] = (uint8_t)(0xF0 | c >> 18);
    p[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
    p[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
    p[3] = (uint8_t)(0x80 | (c & 0x3F));
    return 4;
}

/* func (b *Builder) WriteRune(r rune) (int, error): a multi-byte rune
 * first makes room for utf8.UTFMax bytes with grow, as Go's does (which
 * shows in Cap). */
static void builder_WriteRune(struct vmstate *vm, vmslot *r) {
    (void)vm;
    builder *b = recv(r);
    copy_check(b);
    uint8_t enc[GORT_UTF8_MAX];
    int n = encode_rune(enc, (int32_t)r[1].i);
    if (n > 1 && b->buf.cap - b->buf.len < GORT_UTF8_MAX) grow(b, GORT_UTF8_MAX);
    append_bytes(b, enc, n);
    r[2].i = n;
    r[3].p = r[4].p = NULL;
}

/* func (b *Builder) WriteString(s string) (int, error) */
static void builder_WriteString(struct vmstate *vm, vmslot *r) {
    (void)vm;
    builder *b = recv(r);
    copy_check(b);
    intptr_t n = (intptr_t)r[2].i;
    append_bytes(b, r[1].s, n);
    r[3].i = n;
    r[4].p = r[5].p = NULL;
}

static const vmnative natives[] = {
    {"strings.(*Builder).String", builder_String},
    {"strings.(*Builder).Len", builder_Len},
    {"strings.(*Builder).Cap", builder_Cap},
    {"strings.(*Builder).Reset", builder_Reset},
    {"strings.(*Builder).Grow", builder_Grow},
    {"strings.(*Builder).Write", builder_Write},
    {"strings.(*Builder).WriteByte", builder_WriteByte},
    {"strings.(*Builder).WriteRune", builder_WriteRune},
    {"strings.(*Builder).WriteString", builder_WriteString},
};
const vmnative_table vm_natives_strings_builder = {natives, (int)(sizeof natives / sizeof natives[0])};
