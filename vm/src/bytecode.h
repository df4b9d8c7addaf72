/*
 * bytecode.h: a compiled program as the code generator leaves it and the
 * interpreter runs it (internal to the VM library).
 *
 *   vmprog ── funcs[] ──► vmfunc: code[] (opcodes.h words), lines[] (one
 *     │                    source line per word), frame shape (nparams,
 *     │                    nresults, nslots) and its pointer bitmap
 *     ├── k[]        the constant pool: 8-byte words; a string constant is
 *     │              two words (data pointer, length)
 *     ├── nglobals   package-level variables: slots of the globals area,
 *     │              gptrmap says which hold pointers
 *     └── initfn, mainfn   main.init (variable initialisers, then the
 *                    program's init functions), main.main
 *
 * Everything here lives in the compilation's arena and is immutable after
 * codegen_program returns: several goroutines may run one program.
 *
 * A frame (docs/bytecode.md, "Frames"):
 *
 *   slot 0 .. nparams-1                 parameters (as the caller left them)
 *   nparams .. nparams+nresults-1       results (named results live here)
 *   .. nslots-1                         locals and temporaries
 *
 * Slot i holds a pointer for the whole function iff bit i of ptrmap is
 * set; the collector scans a frame by this map (interp.c, vm_scan).
 */
#ifndef GORTVM_BYTECODE_H
#define GORTVM_BYTECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "opcodes.h"
#include "types.h"

#define VM_MAX_SLOTS 256

typedef struct vmfunc {
    const char *name;     /* "main.fib" */
    const uint32_t *code; /* ncode words */
    const uint32_t *lines;/* source line of each word */
    int ncode;
    uint32_t file;        /* srcset index of its file */
    uint32_t line;        /* line of its declaration */
    uint16_t nparams;     /* parameter slots */
    uint16_t nresults;    /* result slots */
    uint16_t nslots;      /* frame size in slots (>= nparams + nresults) */
    bool zero;            /* pointer slots above the parameters: the
                             interpreter zeroes [nparams, nslots) on entry */
    uint8_t ptrmap[VM_MAX_SLOTS / 8]; /* bit i: slot i holds a pointer */
    /* function values and methods (docs/bytecode.md, "Function values") */
    uint16_t nctx;        /* context words its closures carry (CLOSURE) */
    bool ifaceload;       /* a method called through an interface (ICALL)
                             whose receiver is the dynamic value itself,
                             loaded from the data word; else its receiver
                             is the data word (a wrapper) */
    const struct gort_type *cltype; /* its closures' heap object: word 0
                             the function, then the nctx context words */
    const struct vmnative *native; /* a native method's trampoline: its code
                             is NATIVEFN; RET (natives.c, vm_native_func) */
    const struct gort_type *gotype; /* `go f(...)`'s heap block for it: word 0
                             the closure, 1 the vmfunc, 2 the vmshared, then
                             the parameters (vmgo.c) */
    const struct gort_type *defertype; /* `defer f(...)`'s record for it
                             (interp.h, vmdefer): link, closure, vmfunc,
                             started, then the parameters */
    int32_t recoverpc;    /* where a frame of it resumes after one of its
                             deferred calls recovered: its epilogue
                             (DEFERRET, results, RET); 0: it defers nothing */
} vmfunc;

/* A select statement's cases (SELECT's K[Bx] points at one; vmgo.c).
 * Registers of the selecting frame: the channel; the value to send, or
 * where a received value goes; where ok goes (VMSEL_NOOK: nowhere). */
enum { VMSEL_SEND = 1, VMSEL_RECV = 2, VMSEL_DISCARD = 4 };
#define VMSEL_NOOK 0xffff
typedef struct vmselcase {
    uint8_t flags;        /* VMSEL_SEND or VMSEL_RECV, | VMSEL_DISCARD */
    uint8_t ch, val;
    uint16_t ok;
    const struct gort_type *elem;
} vmselcase;
typedef struct vmselect {
    int n;                /* cases, in source order (default excluded) */
    bool block;           /* no default case */
    vmselcase c[];
} vmselect;

typedef struct vmprog {
    vmfunc **funcs;
    int nfuncs;
    const uint64_t *k;    /* constant pool */
    int nk;
    const struct gort_type *const *types; /* type table: descriptors the
                             code names by index (link.c) */
    int ntypes;
    int nglobals;         /* globals area size in slots */
    const uint8_t *gptrmap; /* bit i: global slot i holds a pointer */
    int initfn, mainfn;   /* indices in funcs */
    const srcset *files;  /* file names for positions */
    struct vmitabs *itabs; /* interface method tables (itab.c), built on use */
    const struct vmnative **natives; /* natives called (CALLN's Bx), bound at compile time */
    int nnatives;
    struct vmlib *lib;    /* the stdlib's own types for this program (natives.c) */
    const struct vmextern **externs; /* C functions called (CALLX's Bx; ffi.c) */
    int nexterns;
} vmprog;

/* Generates bytecode for a checked package. Constructs the code generator
 * does not handle yet are reported to d as "gort: X is not supported yet"
 * at their position; the result is then NULL. */
struct ast_file;
struct gconst_ctx;
vmprog *codegen_program(arena *a, diag *d, struct gconst_ctx *cc, gpkg *pkg,
                        struct ast_file **files, int nfiles);

/* Disassembles f (or every function when fname is NULL) with its source
 * lines interleaved (codegen_dis.c). Returns false when fname names no
 * function. */
#include <stdio.h>
bool vm_disassemble(const vmprog *p, const char *fname, FILE *out);

/* Runs main.init then main.main on the calling goroutine (interp.c).
 * Returns when main returns; a panic does not return. */
void vm_run_main(const vmprog *p);

#endif
