/*
 * type.c — the built-in type descriptors.
 *
 * A gort_type tells the collector which words of a value are pointers
 * (ptrmask, one bit per word) and tells printing and maps how to treat the
 * value.  The descriptors here cover Go's predeclared types; programs and
 * the VM build their own for structs and arrays (docs/allocator.md shows
 * how).
 */
#include "runtime.h"

#include <inttypes.h>

static const uint8_t mask1[1] = {1};

#define FMT(name, ctype, spec)                                                 \
    static int fmt_##name(char *b, size_t n, const void *v) {                  \
        return snprintf(b, n, spec, *(const ctype *)v);                        \
    }
FMT(int8, int8_t, "%" PRId8)
FMT(int16, int16_t, "%" PRId16)
FMT(int32, int32_t, "%" PRId32)
FMT(int64, int64_t, "%" PRId64)
FMT(uint8, uint8_t, "%" PRIu8)
FMT(uint16, uint16_t, "%" PRIu16)
FMT(uint32, uint32_t, "%" PRIu32)
FMT(uint64, uint64_t, "%" PRIu64)
FMT(uintptr, uintptr_t, "%#" PRIxPTR)
FMT(float32, float, "%g")
FMT(float64, double, "%g")
FMT(pointer, void *const, "%p")

static int fmt_bool(char *b, size_t n, const void *v) {
    return snprintf(b, n, "%s", *(const bool *)v ? "true" : "false");
}

static int fmt_string(char *b, size_t n, const void *v) {
    const gort_string *s = v;
    return snprintf(b, n, "%.*s", (int)s->len, s->ptr ? s->ptr : "");
}

static int fmt_cstring(char *b, size_t n, const void *v) {
    const char *s = *(const char *const *)v;
    return snprintf(b, n, "%s", s ? s : "(null)");
}

#define SCALAR(var, nm, ctype, k, f)                                           \
    const gort_type var = {.size = sizeof(ctype),                              \
                           .align = _Alignof(ctype),                           \
                           .name = nm,                                         \
                           .kind = k,                                          \
                           .format = f}

SCALAR(gort_type_bool, "bool", bool, GORT_KIND_BOOL, fmt_bool);
SCALAR(gort_type_int, "int", int64_t, GORT_KIND_INT, fmt_int64);
SCALAR(gort_type_int8, "int8", int8_t, GORT_KIND_INT8, fmt_int8);
SCALAR(gort_type_int16, "int16", int16_t, GORT_KIND_INT16, fmt_int16);
SCALAR(gort_type_int32, "int32", int32_t, GORT_KIND_INT32, fmt_int32);
SCALAR(gort_type_int64, "int64", int64_t, GORT_KIND_INT64, fmt_int64);
SCALAR(gort_type_uint, "uint", uint64_t, GORT_KIND_UINT, fmt_uint64);
SCALAR(gort_type_uint8, "uint8", uint8_t, GORT_KIND_UINT8, fmt_uint8);
SCALAR(gort_type_uint16, "uint16", uint16_t, GORT_KIND_UINT16, fmt_uint16);
SCALAR(gort_type_uint32, "uint32", uint32_t, GORT_KIND_UINT32, fmt_uint32);
SCALAR(gort_type_uint64, "uint64", uint64_t, GORT_KIND_UINT64, fmt_uint64);
SCALAR(gort_type_uintptr, "uintptr", uintptr_t, GORT_KIND_UINTPTR,
       fmt_uintptr);
SCALAR(gort_type_float32, "float32", float, GORT_KIND_FLOAT32, fmt_float32);
SCALAR(gort_type_float64, "float64", double, GORT_KIND_FLOAT64, fmt_float64);
SCALAR(gort_type_bytes, "uint8", uint8_t, GORT_KIND_UINT8, fmt_uint8);
SCALAR(gort_type_cstring, "*char", const char *, GORT_KIND_UNSAFE_POINTER,
       fmt_cstring);

const gort_type gort_type_string = {.size = sizeof(gort_string),
                                    .align = _Alignof(gort_string),
                                    .ptrwords = 1,
                                    .ptrmask = mask1,
                                    .name = "string",
                                    .kind = GORT_KIND_STRING,
                                    .format = fmt_string};

const gort_type gort_type_pointer = {.size = sizeof(void *),
                                     .align = _Alignof(void *),
                                     .ptrwords = 1,
                                     .ptrmask = mask1,
                                     .name = "unsafe.Pointer",
                                     .kind = GORT_KIND_UNSAFE_POINTER,
                                     .format = fmt_pointer};
