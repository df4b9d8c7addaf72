/*
 * interp.h: the interpreter's state, shared by interp.c (the loop) and
 * vmgo.c (goroutines and channels). Internal to the VM library.
 *
 *   vmshared (one per program run: prog, globals, stack limit; counted)
 *      ▲ sh            ▲ sh
 *   vmstate (main)   vmstate (goroutine 7) ...   one per goroutine
 *     ci ─► vmframe ◄─► vmframe ...              frame records
 *     chunk ─► vmchunk ◄─► vmchunk               slots (never move)
 *
 * A vmstate is everything a VM goroutine is between two instructions:
 * its frame records (each with its saved pc) and the chunks holding its
 * slots. It lives in malloc'd memory, scanned by the goroutine's scan
 * hook (interp.c, vm_scan), never on the C stack: a goroutine that
 * blocks in a channel operation has its whole VM state here, which is
 * what lets a later version park it without a C stack (DESIGN.md).
 */
#ifndef GORTVM_INTERP_H
#define GORTVM_INTERP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gort.h"
#include "bytecode.h"
#include "natives.h"

typedef vmslot slot; /* natives.h: natives see the registers as they are */

typedef struct vmchunk {
    struct vmchunk *prev, *next; /* next: kept for reuse */
    slot *end;                   /* one past the last slot */
    slot data[];
} vmchunk;

typedef struct vmframe {
    struct vmframe *prev, *next; /* next: a free record kept for reuse */
    const vmfunc *fn;
    slot *base;
    const uint32_t *pc;          /* the resume point while a callee runs,
                                    the faulting instruction + 1 on a panic */
    slot *ret;                   /* where RET puts the results */
    vmchunk *chunk;              /* the chunk holding base */
    uint32_t top;                /* slots scanned while a callee runs */
    slot *cl;                    /* the closure it runs (word 0 its vmfunc,
                                    then its context), or NULL; scanned */
    size_t depth;                /* stack bytes in use up to this frame */
    struct vmdefer *defers;      /* its pending deferred calls, newest
                                    first (GC heap records; scanned) */
    bool pdefer;                 /* the entry frame of a deferred call that
                                    a panic runs: recover may stop it, and
                                    tracebacks show a panic frame below */
} vmframe;

/* A deferred call (DEFER, DEFERV, DEFERI): a GC heap object typed by the
 * callee's vmfunc.defertype (codegen_chan.c), hung on the frame that
 * deferred it. Words: link, closure, vmfunc, started, then a copy of the
 * parameter slots. Owned by the goroutine running the frame. */
typedef struct vmdefer {
    struct vmdefer *link;        /* next older deferred call of the frame */
    slot *cl;                    /* the closure, or NULL */
    const vmfunc *fn;            /* NULL: a nil function value (panics
                                    when the call runs, as in Go) */
    uint64_t started;            /* a panic or Goexit has called it */
    slot args[];
} vmdefer;

/* What the goroutines of one program run share. Immutable once made,
 * except refs and the globals' contents. */
typedef struct vmshared {
    const vmprog *p;
    slot *globals;               /* a registered GC root (gort_root_add) */
    size_t maxstack;             /* bytes per goroutine (Go's 1 GB) */
    int refs;                    /* atomic: states and goroutines not yet
                                    started that use it; the last frees */
    struct vmshared *prev, *next; /* the live list (interp.c), under its lock */
} vmshared;

typedef struct vmstate {
    const vmprog *p;             /* == sh->p */
    slot *globals;               /* == sh->globals */
    vmshared *sh;
    vmframe *ci;                 /* the running frame */
    vmframe first;               /* the entry frame record */
    vmchunk *chunk;              /* the first chunk */
    size_t maxstack;             /* == sh->maxstack */
    char pbuf[512];              /* print/println output gathered */
    size_t npbuf;
    bool isgo;                   /* a `go` statement's goroutine (vmgo.c
                                    frees it when the goroutine ends) */
    int ffi_errno;               /* errno after its last FFI call (ffi.c;
                                    ffi.Errno) */
    bool goexiting;              /* runtime.Goexit runs: go_entry's frame
                                    frees the state after the defers */
} vmstate;

/* A state for a new goroutine of the program sh runs (a small first
 * chunk); takes a reference on sh. vm_state_free drops it. */
vmstate *vm_state_new_go(vmshared *sh);
/* Runs fn (closure cl, or NULL) with the parameter slots args on vm, an
 * idle state, to its return. */
void vm_run_func(vmstate *vm, const vmfunc *fn, slot *cl, const slot *args);
void vm_shared_release(vmshared *sh);
/* Calls func value cl (a closure object: word 0 its vmfunc) from C with
 * the parameter slots args; its result slots go to res (ffi.c's
 * callbacks). Runs on the caller's C stack, nested above vm->ci. */
void vm_call_closure(vmstate *vm, slot *cl, const slot *args, slot *res);

/* vmgo.c: the goroutine and channel instructions' slow paths. Each
 * runs with the frame's pc saved (tracebacks, the collector). */
/* go fn(args...): args are fn's parameter slots (copied). */
void vm_go(vmstate *vm, const vmfunc *fn, slot *cl, const slot *args);
/* The entry of a `go` goroutine: block b is {closure, vmfunc, vmshared,
 * parameter slots...} on the GC heap, and holds a reference on the
 * vmshared (time.AfterFunc starts its goroutines through it too). */
void vm_go_entry(void *b);
/* runtime.Goexit on vm's goroutine: runs every pending deferred call
 * (script and C), then ends the goroutine; a `go` goroutine's state is
 * freed by go_entry's frame. Does not return. */
GORT_NORETURN void vm_goexit(vmstate *vm);
void vm_chan_send(gort_chan *c, const slot *v, const gort_type *et);
/* <-c into r (its register form; an aggregate into new memory);
 * returns ok. discard: no value wanted. */
bool vm_chan_recv(gort_chan *c, slot *r, const gort_type *et, bool discard);
struct vmselect;
int vm_select(const struct vmselect *s, slot *R);
/* Loads the value of type t at p into registers r (interp.c). */
void vm_load_value(const gort_type *t, slot *r, const void *p);

#endif
