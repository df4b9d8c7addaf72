/*
 * ffi.c: natives of package ffi (stdlib/ffi/ffi.go declares the API):
 * C memory and strings for scripts that call C (vm/src/ffi.c,
 * docs/ffi.md).
 *
 * A Pointer is a uintptr to the VM: a scalar slot the collector never
 * follows, so C memory is never mistaken for the heap and Go memory is
 * never kept alive by one. Loads and stores go through memcpy, so an
 * unaligned offset is as good as C makes it; a Nil (or wild) pointer
 * faults as C code would, which is fatal (docs/ffi.md, "Errors").
 *
 * Errno is the value the goroutine's last FFI call left (vm/src/ffi.c
 * saves it right after the call, before the runtime runs).
 */
#include <stdlib.h>
#include <string.h>

#include "interp.h"
#include "natives.h"

static void ffi_Malloc(struct vmstate *vm, vmslot *r) {
    (void)vm;
    if (r[0].i < 0) gort_panic_runtime("ffi.Malloc: negative size");
    void *p = calloc(1, r[0].i ? (size_t)r[0].i : 1);
    if (!p) gort_panic_runtime("ffi.Malloc: out of C memory");
    r[1].p = p;
}

static void ffi_Free(struct vmstate *vm, vmslot *r) {
    (void)vm;
    free(r[0].p);
}

static void gostr(const char *p, size_t n, vmslot *r) {
    char *s = n ? gort_alloc(n, NULL) : NULL;
    if (n) memcpy(s, p, n);
    r[0].p = s;
    r[1].i = (int64_t)n;
}

static void ffi_CString(struct vmstate *vm, vmslot *r) {
    (void)vm;
    size_t n = (size_t)r[1].i;
    char *p = malloc(n + 1);
    if (!p) gort_panic_runtime("ffi.CString: out of C memory");
    if (n) memcpy(p, r[0].s, n);
    p[n] = 0;
    r[2].p = p;
}

static void ffi_GoString(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const char *p = r[0].p;
    gostr(p, p ? strlen(p) : 0, r + 1);
}

static void ffi_GoStringN(struct vmstate *vm, vmslot *r) {
    (void)vm;
    if (r[1].i < 0) gort_panic_runtime("ffi.GoStringN: negative length");
    gostr(r[0].p, (size_t)r[1].i, r + 2);
}

static void ffi_GoBytes(struct vmstate *vm, vmslot *r) {
    (void)vm;
    if (r[1].i < 0) gort_panic_runtime("ffi.GoBytes: negative length");
    size_t n = (size_t)r[1].i;
    char *b = n ? gort_alloc(n, NULL) : NULL;
    if (n) memcpy(b, r[0].p, n);
    r[2].p = b;
    r[3].i = (int64_t)n;
    r[4].i = (int64_t)n;
}

static void ffi_Copy(struct vmstate *vm, vmslot *r) {
    (void)vm;
    if (r[3].i) memcpy(r[0].p, r[1].p, (size_t)r[2].i);
}

static void ffi_Errno(struct vmstate *vm, vmslot *r) { r[0].i = vm->ffi_errno; }

static void ffi_StrError(struct vmstate *vm, vmslot *r) {
    (void)vm;
    char buf[256];
    const char *s = strerror_r((int)r[0].i, buf, sizeof buf);
    gostr(s, strlen(s), r + 1);
}

#define LOAD(name, T, field, conv)                                   \
    static void ffi_##name(struct vmstate *vm, vmslot *r) {          \
        (void)vm;                                                    \
        T v;                                                         \
        memcpy(&v, (char *)r[0].p + r[1].i, sizeof v);               \
        r[2].field = conv v;                                         \
    }                                                                \
    static void ffi_Set##name(struct vmstate *vm, vmslot *r) {       \
        (void)vm;                                                    \
        T v = (T)r[2].field;                                         \
        memcpy((char *)r[0].p + r[1].i, &v, sizeof v);               \
    }
LOAD(Int8, int8_t, i, (int64_t))
LOAD(Int16, int16_t, i, (int64_t))
LOAD(Int32, int32_t, i, (int64_t))
LOAD(Int64, int64_t, i, (int64_t))
LOAD(Uint8, uint8_t, u, (uint64_t))
LOAD(Uint16, uint16_t, u, (uint64_t))
LOAD(Uint32, uint32_t, u, (uint64_t))
LOAD(Uint64, uint64_t, u, (uint64_t))
LOAD(Float32, float, f, (double))
LOAD(Float64, double, f, (double))
LOAD(Pointer, uint64_t, u, (uint64_t))

static void ffi_PointerAt(struct vmstate *vm, vmslot *r) { ffi_Pointer(vm, r); }

#define N(name) {"ffi." #name, ffi_##name}
static const vmnative natives[] = {
    N(Malloc), N(Free), N(CString), N(GoString), N(GoStringN), N(GoBytes), N(Copy), N(Errno),
    N(StrError), N(Int8), N(Int16), N(Int32), N(Int64), N(Uint8), N(Uint16), N(Uint32),
    N(Uint64), N(Float32), N(Float64), N(PointerAt), N(SetInt8), N(SetInt16), N(SetInt32),
    N(SetInt64), N(SetUint8), N(SetUint16), N(SetUint32), N(SetUint64), N(SetFloat32),
    N(SetFloat64), N(SetPointer),
};

const vmnative_table vm_natives_ffi = {natives, (int)(sizeof natives / sizeof natives[0])};
