/*
 * buffer.c: bytes.Buffer, Go's bytes/buffer.go in C.
 *
 * The Buffer is the struct Go declares (stdlib/bytes/bytes.go keeps its
 * unexported fields for these natives; scripts/gen-stdlib-decls.go,
 * keepFields):
 *
 *   offset 0   buf.ptr   pointer word
 *          8   buf.len
 *         16   buf.cap
 *         24   off       read offset: the contents are buf[off:]
 *         32   lastRead  int8, the last read operation (UnreadRune's)
 *
 * so a zero Buffer is empty and ready, wherever the script keeps it.
 * Growth is Go 1.19's grow: reslice within capacity, a first buffer of
 * 64 bytes for small writes, slide the contents down when that frees
 * enough, else growSlice's append of max(len+off+n, 2*cap) bytes to a
 * nil slice (append's size-class rounding). So Cap() and the
 * aliasing of Bytes() results behave as in Go. Every store of buf.ptr
 * goes through the write barrier (the Buffer may be in the heap).
 *
 * Not here: ReadFrom, WriteTo, ReadBytes, UnreadByte/UnreadRune,
 * AvailableBuffer (Go 1.21).
 */
#include <string.h>

#include "../unicode/unicode.h"
#include "bytecode.h"
#include "natives.h"

typedef struct buffer {
    gort_slice buf;
    int64_t off;
    int8_t lastread;
} buffer;

enum { OP_READ = -1, OP_INVALID = 0, SMALL = 64 };

void vm_io_eof(struct vmstate *vm, vmslot *out);

static buffer *recv(const vmslot *r) {
    buffer *b = r[0].p;
    if (!b) gort_panic_nil(0, 0);
    return b;
}

static intptr_t blen(const buffer *b) { return b->buf.len - (intptr_t)b->off; }

static void set_buf(buffer *b, gort_slice s) {
    gort_store_ptr(&b->buf.ptr, s.ptr);
    b->buf.len = s.len;
    b->buf.cap = s.cap;
}

static void reset(buffer *b) {
    b->buf.len = 0;
    b->off = 0;
    b->lastread = OP_INVALID;
}

/* Go's grow: room for n more bytes; returns where to write them. */
static intptr_t grow(buffer *b, intptr_t n) {
    intptr_t m = blen(b);
    if (m == 0 && b->off != 0) reset(b);
    if (n <= b->buf.cap - b->buf.len) {
        intptr_t l = b->buf.len;
        b->buf.len = l + n;
        return l;
    }
    if (!b->buf.ptr && n <= SMALL) {
        set_buf(b, gort_make_slice(&gort_type_uint8, n, SMALL));
        return 0;
    }
    intptr_t c = b->buf.cap;
    if (n <= c / 2 - m) {
        memmove(b->buf.ptr, (char *)b->buf.ptr + b->off, (size_t)m);
    } else if (c > INTPTR_MAX - c - n) {
        gort_panic_str("bytes.Buffer: too large");
    } else {
        /* growSlice: append([]byte(nil), make([]byte, max(m+off+n, 2*(cap-off)))...) */
        intptr_t want = m + (intptr_t)b->off + n;
        if (want < 2 * (c - (intptr_t)b->off)) want = 2 * (c - (intptr_t)b->off);
        gort_slice nb = gort_slice_grow(&gort_type_uint8, (gort_slice){NULL, 0, 0}, want);
        if (m) memcpy(nb.ptr, (char *)b->buf.ptr + b->off, (size_t)m); /* buf.ptr may be nil */
        set_buf(b, nb);
    }
    b->off = 0;
    b->buf.len = m + n;
    return m;
}

static void write_bytes(buffer *b, const void *p, intptr_t n) {
    b->lastread = OP_INVALID;
    intptr_t m = grow(b, n);
    if (n) memcpy((char *)b->buf.ptr + m, p, (size_t)n);
}

static void ok_result(vmslot *out, int64_t n) {
    out[0].i = n;
    out[1].p = out[2].p = NULL;
}

/* func (b *Buffer) Write(p []byte) (n int, err error) */
static void buffer_Write(struct vmstate *vm, vmslot *r) {
    (void)vm;
    write_bytes(recv(r), r[1].p, (intptr_t)r[2].i);
    ok_result(r + 4, r[2].i);
}

/* func (b *Buffer) WriteString(s string) (n int, err error) */
static void buffer_WriteString(struct vmstate *vm, vmslot *r) {
    (void)vm;
    write_bytes(recv(r), r[1].s, (intptr_t)r[2].i);
    ok_result(r + 3, r[2].i);
}

/* func (b *Buffer) WriteByte(c byte) error */
static void buffer_WriteByte(struct vmstate *vm, vmslot *r) {
    (void)vm;
    char c = (char)r[1].u;
    write_bytes(recv(r), &c, 1);
    r[2].p = r[3].p = NULL;
}

/* func (b *Buffer) WriteRune(r rune) (n int, err error) */
static void buffer_WriteRune(struct vmstate *vm, vmslot *r) {
    (void)vm;
    buffer *b = recv(r);
    if ((uint32_t)r[1].i < 0x80) {
        char c = (char)r[1].i;
        write_bytes(b, &c, 1);
        ok_result(r + 2, 1);
        return;
    }
    char e[4];
    int n = u8_encode(e, (int32_t)r[1].i);
    b->lastread = OP_INVALID;
    /* Go grows by UTFMax before encoding, which can move the buffer */
    intptr_t m = grow(b, 4);
    memcpy((char *)b->buf.ptr + m, e, (size_t)n);
    b->buf.len = m + n;
    ok_result(r + 2, n);
}

/* func (b *Buffer) String() string: "<nil>" for a nil *Buffer */
static void buffer_String(struct vmstate *vm, vmslot *r) {
    (void)vm;
    buffer *b = r[0].p;
    if (!b) {
        r[1].s = "<nil>";
        r[2].i = 5;
        return;
    }
    intptr_t n = blen(b);
    gort_string s = n ? gort_string_new((char *)b->buf.ptr + b->off, n) : (gort_string){"", 0};
    r[1].s = s.ptr;
    r[2].i = s.len;
}

/* func (b *Buffer) Bytes() []byte: aliases the contents */
static void buffer_Bytes(struct vmstate *vm, vmslot *r) {
    (void)vm;
    buffer *b = recv(r);
    r[1].p = b->buf.ptr ? (char *)b->buf.ptr + b->off : NULL;
    r[2].i = blen(b);
    r[3].i = b->buf.cap - (intptr_t)b->off;
}

static void buffer_Len(struct vmstate *vm, vmslot *r) { (void)vm, r[1].i = blen(recv(r)); }
static void buffer_Cap(struct vmstate *vm, vmslot *r) { (void)vm, r[1].i = recv(r)->buf.cap; }
static void buffer_Reset(struct vmstate *vm, vmslot *r) { (void)vm, reset(recv(r)); }

/* func (b *Buffer) Truncate(n int) */
static void buffer_Truncate(struct vmstate *vm, vmslot *r) {
    (void)vm;
    buffer *b = recv(r);
    int64_t n = r[1].i;
    if (n == 0) {
        reset(b);
        return;
    }
    b->lastread = OP_INVALID;
    if (n < 0 || n > blen(b)) gort_panic_str("bytes.Buffer: truncation out of range");
    b->buf.len = (intptr_t)(b->off + n);
}

/* func (b *Buffer) Grow(n int) */
static void buffer_Grow(struct vmstate *vm, vmslot *r) {
    (void)vm;
    buffer *b = recv(r);
    if (r[1].i < 0) gort_panic_str("bytes.Buffer.Grow: negative count");
    intptr_t m = grow(b, (intptr_t)r[1].i);
    b->buf.len = m;
}

/* func (b *Buffer) Read(p []byte) (n int, err error) */
static void buffer_Read(struct vmstate *vm, vmslot *r) {
    buffer *b = recv(r);
    b->lastread = OP_INVALID;
    ok_result(r + 4, 0);
    if (blen(b) <= 0) {
        reset(b);
        if (r[2].i != 0) vm_io_eof(vm, r + 5);
        return;
    }
    intptr_t n = blen(b) < (intptr_t)r[2].i ? blen(b) : (intptr_t)r[2].i;
    if (n) memmove(r[1].p, (char *)b->buf.ptr + b->off, (size_t)n);
    b->off += n;
    if (n > 0) b->lastread = OP_READ;
    r[4].i = n;
}

/* func (b *Buffer) ReadByte() (byte, error) */
static void buffer_ReadByte(struct vmstate *vm, vmslot *r) {
    buffer *b = recv(r);
    r[1].i = 0;
    r[2].p = r[3].p = NULL;
    if (blen(b) <= 0) {
        reset(b);
        vm_io_eof(vm, r + 2);
        return;
    }
    r[1].i = ((unsigned char *)b->buf.ptr)[b->off++];
    b->lastread = OP_READ;
}

/* func (b *Buffer) ReadRune() (r rune, size int, err error) */
static void buffer_ReadRune(struct vmstate *vm, vmslot *r) {
    buffer *b = recv(r);
    r[1].i = r[2].i = 0;
    r[3].p = r[4].p = NULL;
    if (blen(b) <= 0) {
        reset(b);
        vm_io_eof(vm, r + 3);
        return;
    }
    int w;
    int32_t c = u8_decode((unsigned char *)b->buf.ptr + b->off, blen(b), &w);
    b->off += w;
    b->lastread = (int8_t)w;
    r[1].i = c;
    r[2].i = w;
}

/* func (b *Buffer) ReadString(delim byte) (line string, err error) */
static void buffer_ReadString(struct vmstate *vm, vmslot *r) {
    buffer *b = recv(r);
    const char *p = b->buf.ptr ? (char *)b->buf.ptr + b->off : NULL; /* nil: an empty buffer */
    intptr_t n = blen(b) > 0 ? blen(b) : 0;
    const char *q = n ? memchr(p, (int)(r[1].u & 0xFF), (size_t)n) : NULL;
    intptr_t end = q ? q - p + 1 : n;
    gort_string s = end ? gort_string_new(p, end) : (gort_string){"", 0};
    b->off += end;
    b->lastread = OP_READ;
    r[2].s = s.ptr;
    r[3].i = s.len;
    r[4].p = r[5].p = NULL;
    if (!q) vm_io_eof(vm, r + 4);
}

/* func (b *Buffer) Next(n int) []byte */
static void buffer_Next(struct vmstate *vm, vmslot *r) {
    (void)vm;
    buffer *b = recv(r);
    b->lastread = OP_INVALID;
    intptr_t m = blen(b), n = (intptr_t)r[1].i;
    if (n > m) n = m;
    r[2].p = b->buf.ptr ? (char *)b->buf.ptr + b->off : NULL;
    r[3].i = n;
    r[4].i = n;
    b->off += n;
    if (n > 0) b->lastread = OP_READ;
}

/* The heap object NewBuffer returns: Buffer's layout, buf.ptr a pointer. */
static const uint8_t buffer_mask[] = {0x01};
static const gort_type buffer_type = {
    .size = 40, .align = 8, .ptrwords = 1, .ptrmask = buffer_mask, .name = "bytes.Buffer",
    .kind = GORT_KIND_STRUCT, .tflags = GORT_TFLAG_NAMED, .pkgpath = "bytes"};

/* func NewBuffer(buf []byte) *Buffer */
static void bytes_NewBuffer(struct vmstate *vm, vmslot *r) {
    (void)vm;
    buffer *b = gort_new(&buffer_type);
    set_buf(b, (gort_slice){r[0].p, (intptr_t)r[1].i, (intptr_t)r[2].i});
    r[3].p = b;
}

/* func NewBufferString(s string) *Buffer */
static void bytes_NewBufferString(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_slice s = gort_make_slice(&gort_type_uint8, (intptr_t)r[1].i, (intptr_t)r[1].i);
    if (r[1].i) memcpy(s.ptr, r[0].s, (size_t)r[1].i);
    buffer *b = gort_new(&buffer_type);
    set_buf(b, s);
    r[2].p = b;
}

static const vmnative natives[] = {
    {"bytes.(*Buffer).Bytes", buffer_Bytes},
    {"bytes.(*Buffer).Cap", buffer_Cap},
    {"bytes.(*Buffer).Grow", buffer_Grow},
    {"bytes.(*Buffer).Len", buffer_Len},
    {"bytes.(*Buffer).Next", buffer_Next},
    {"bytes.(*Buffer).Read", buffer_Read},
    {"bytes.(*Buffer).ReadByte", buffer_ReadByte},
    {"bytes.(*Buffer).ReadRune", buffer_ReadRune},
    {"bytes.(*Buffer).ReadString", buffer_ReadString},
    {"bytes.(*Buffer).Reset", buffer_Reset},
    {"bytes.(*Buffer).String", buffer_String},
    {"bytes.(*Buffer).Truncate", buffer_Truncate},
    {"bytes.(*Buffer).Write", buffer_Write},
    {"bytes.(*Buffer).WriteByte", buffer_WriteByte},
    {"bytes.(*Buffer).WriteRune", buffer_WriteRune},
    {"bytes.(*Buffer).WriteString", buffer_WriteString},
    {"bytes.NewBuffer", bytes_NewBuffer},
    {"bytes.NewBufferString", bytes_NewBufferString},
};
const vmnative_table vm_natives_bytes_buffer = {natives, (int)(sizeof natives / sizeof natives[0])};
