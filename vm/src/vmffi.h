/*
 * vmffi.h: scripts calling C through libffi (ffi.c; docs/ffi.md).
 *
 *   //gort:extern [LIB] SYMBOL [fast] [variadic N]
 *   func name(params) result
 *
 * The checker turns each such body-less declaration into a vmextern
 * (ffi_check_externs): the library opened, the symbol found, every
 * parameter classified and the ffi_cif prepared, once. The code generator
 * calls it with CALLX (its call area is a VM call's: parameters, then the
 * result), and the interpreter hands that area to vm_ffi_call.
 */
#ifndef GORTVM_VMFFI_H
#define GORTVM_VMFFI_H

#include <ffi.h>
#include <stdbool.h>

#include "natives.h"
#include "source.h"

/* How one parameter's slots become a C argument. */
enum {
    XA_WORD,   /* ints, bool, uintptr, pointers, float64: the slot itself */
    XA_F32,    /* float32: the slot's float64 narrowed */
    XA_STR,    /* string (2 slots): a NUL-terminated copy for the call */
    XA_SLICE,  /* slice (3 slots): the address of its first element */
    XA_STRUCT, /* struct of scalars (1 slot, its address): by value */
    XA_FUNC,   /* func value: a libffi closure for the call */
};

/* How the C result becomes the result slot. */
enum { XR_VOID, XR_SINT, XR_UINT, XR_BOOL, XR_F32, XR_F64, XR_PTR, XR_STR, XR_STRUCT };

/* A Go func type C may call back (a callback parameter's type). */
typedef struct vmxcb {
    ffi_cif cif;
    ffi_type **atypes; /* C parameter types */
    uint8_t *akind;    /* XR_* of each parameter (how C's value becomes a slot) */
    int nargs;
    uint8_t rkind;     /* XR_* of the Go result, or XR_VOID */
} vmxcb;

typedef struct vmxarg {
    uint8_t kind;   /* XA_* */
    uint16_t slot;  /* its first slot in the call area */
    vmxcb *cb;      /* XA_FUNC: the callback's signature */
} vmxarg;

/* One declaration. Immutable after the checker made it; lives in the
 * program's arena. */
typedef struct vmextern {
    const char *name;  /* the Go function's name (messages, gort dis) */
    const char *sym;   /* the C symbol */
    void (*fn)(void);  /* its address (dlsym) */
    ffi_cif cif;       /* prepared once, for every call */
    ffi_type **atypes;
    vmxarg *args;
    int nargs;
    int nslots;        /* parameter slots; the result follows them */
    uint8_t rkind;     /* XR_* */
    bool fast;         /* "fast": no syscall hand-off around the call */
    bool hascb;        /* some parameter is a callback */
    bool direct;       /* called without libffi (ffi.c, "direct calls"):
                          every argument one register of the C ABI */
    uint8_t *dreg;     /* direct: per parameter, 0..5 an integer register,
                          8..15 a floating-point one (8 + k) */
} vmextern;

/* Checks the program's body-less functions: each needs a valid
 * //gort:extern directive (else Go's "missing function body"); records
 * the vmextern in the gobj (gobj.ext). noffi: the host turned the FFI
 * off, so every directive is an error. */
struct checker;
struct ast_file;
void ffi_check_externs(struct checker *c, struct ast_file **files, int nfiles, bool noffi);

/* Calls x with the call area r (parameters, then the result slot, which
 * for a struct result already holds zeroed memory of its type). */
struct vmstate;
void vm_ffi_call(struct vmstate *vm, const vmextern *x, vmslot *r);

#endif
