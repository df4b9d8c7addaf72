/*
 * natives.h: C functions bound to the body-less declarations of stdlib/.
 *
 * A stdlib package declares its API in Go (stdlib/<pkg>/NAME.go, functions
 * without bodies). A native is the C function that implements one of
 * them, registered under the declaration's qualified name:
 *
 *   "fmt.Println"                        package function
 *   "strings.(*Builder).WriteString"     method, pointer receiver
 *   "time.Duration.String"               method, value receiver
 *
 * The calling convention is a VM call's: the caller reserves a call area
 * shaped like the function's parameters followed by its results (the
 * receiver first, for a method), writes the arguments there, and the
 * native reads them from r[0..] and writes its results after them. With
 * the shapes of docs/bytecode.md (a string is 2 slots: data, length; a
 * slice 3: data, len, cap; an interface 2: type or itab, data):
 *
 *   func Repeat(s string, count int) string
 *   r[0] r[1]  s           (in)
 *   r[2]       count       (in)
 *   r[3] r[4]  the result  (out)
 *
 * A native runs on the goroutine's C stack, with the script frame that
 * called it saved (its pc), so a native may panic through the runtime
 * (gort_panic, gort_panic_runtime...) and the traceback prints the
 * script's frames. It may call back into the VM (vm_call: a Stringer's
 * String method) and allocate on the GC heap; pointers it stores into
 * heap objects go through the runtime's barriers like any C code's.
 *
 * Registration is explicit: each stdlib package with natives defines a
 * table (stdlib/<pkg>/<pkg>.c: `const vmnative_table vm_natives_fmt`)
 * that natives.c lists, and a host may add its own with
 * vm_natives_register before compiling. The code generator binds a call
 * of a body-less stdlib function to its native at compile time, and a
 * call of one that has none is a compile error naming it.
 */
#ifndef GORTVM_NATIVES_H
#define GORTVM_NATIVES_H

#include <stdbool.h>
#include <stdint.h>

#include "gort.h"

/* One 8-byte VM slot (the interpreter's registers have this layout). */
typedef union vmslot {
    int64_t i;
    uint64_t u;
    double f;
    void *p;
    const char *s;
} vmslot;

struct vmstate;

/* r: the call area (parameters, then results). vm: the calling VM thread,
 * for natives that call back into scripts or read the program's state. */
typedef void (*vmnative_fn)(struct vmstate *vm, vmslot *r);

typedef struct vmnative {
    const char *name; /* qualified: "fmt.Println", "strings.(*Builder).Len" */
    vmnative_fn fn;
} vmnative;

typedef struct vmnative_table {
    const vmnative *v;
    int n;
} vmnative_table;

/* The native registered under qualified name, or NULL. Thread-safe. */
const vmnative *vm_native_lookup(const char *name);

/* Adds a table of natives (kept by pointer: it must outlive every
 * compilation). A name registered twice resolves to the later one.
 * Call before compiling programs that use them; returns false when the
 * registry is full. */
bool vm_natives_register(const vmnative_table *t);

/* Writes the qualified name of function or method object o (a
 * declaration of a stdlib package) into buf. */
struct gobj;
void vm_native_qualname(const struct gobj *o, char *buf, size_t n);

/* ---- services natives use (interp.c) ---- */

/* The program's arguments as os.Args sees them (set by gortvm_run). */
void vm_set_args(int argc, char **argv);
int vm_args(char ***argv);

/* Calls VM function fn of the running program with the parameter slots
 * args[0..nparams) and copies its result slots to res; runs on the
 * caller's C stack (a native calling back into the script: a method
 * whose code an itab or gort_method.ifn names). */
struct vmfunc;
void vm_call(struct vmstate *vm, const struct vmfunc *fn, const vmslot *args, vmslot *res);
/* Calls the func value cl (a closure: word 0 its vmfunc, then its
 * context; nil panics as Go's call of a nil func does) with the
 * parameter slots args, copying its result slots to res (may be NULL);
 * runs on the caller's C stack, as vm_call: a native calling back a
 * script's func argument (sort.Slice's less, strings.Map's mapping,
 * sync.Once's f, an FFI callback). */
void vm_call_closure(struct vmstate *vm, vmslot *cl, const vmslot *args, vmslot *res);
/* Calls method fn (gort_method.ifn of dynamic type t) on the value at
 * data, passing the receiver as an interface call (ICALL) does. */
void vm_call_method(struct vmstate *vm, const gort_type *t, const struct vmfunc *fn, const void *data, vmslot *res);

/* Calls method fn (gort_method.ifn or vmitab.fun[i] of dynamic type t)
 * on the value at data with the further parameter slots args[0..nargs):
 * an interface call made from C (fmt.Fprint's Write). */
void vm_call_imethod(struct vmstate *vm, const gort_type *t, const struct vmfunc *fn, const void *data,
                     const vmslot *args, int nargs, vmslot *res);

/* vm_call_imethod as a protected call (vm_pcall_method says how). */
bool vm_pcall_imethod(struct vmstate *vm, const gort_type *t, const struct vmfunc *fn, const void *data,
                      const vmslot *args, int nargs, vmslot *res, gort_panic_info *pi);

/* vm_call_method as a protected call (gort_pcall): a panic in the
 * method, unrecovered there, comes back as false with *pi describing it
 * (release it with gort_panic_info_free) and the VM thread back in the
 * native's frame; true when the method returned. */
bool vm_pcall_method(struct vmstate *vm, const gort_type *t, const struct vmfunc *fn, const void *data,
                     vmslot *res, gort_panic_info *pi);

/* The program the VM thread runs. */
const struct vmprog *vm_prog(struct vmstate *vm);

/* A VM function whose code runs native nf (NATIVEFN; RET): a native
 * method reachable through itabs and gort_method.ifn as script methods
 * are. ptrs: bit i set when slot i (parameters, then results) holds a
 * pointer. Allocated in a. */
struct arena;
struct vmfunc *vm_native_func(struct arena *a, const vmnative *nf, int nparams, int nresults, uint32_t ptrs);

/* The stdlib's own types, linked for one program (natives.c): errors
 * made by errors.New and fmt.Errorf, whose methods are native
 * trampolines, and the itabs that make them `error` values. */
struct vmitabs;
typedef struct vmlib {
    const gort_type *error;     /* the error interface (the program's) */
    const gort_type *errstring; /* *errors.errorString */
    const gort_type *wraperror; /* *fmt.wrapError */
    const gort_type *numerror;  /* *strconv.NumError (NULL: strconv unused) */
    const gort_type *fmtstate;  /* *fmt.pp, a fmt.State over a C fmt_state (NULL: fmt unused) */
    struct vmitabs *itabs;      /* itabs of these types for error */
    const gort_type *ctxiface;  /* context.Context (the program's), or NULL
                                   when the program calls no context native */
    const gort_type *ctxtype;   /* context's one implementation (context.c) */
    const struct vmfunc *cancelfn; /* the code of every CancelFunc closure */
    const gort_type *lockeriface;  /* sync.Locker (the program's), or NULL */
    const gort_type *rlocker;      /* RWMutex.RLocker's type (sync.c) */
} vmlib;
struct vmlink;
struct arena;
/* used[0..nused): the natives the program calls (links the types of
 * only the packages it uses). ctxiface, lockeriface: the program's
 * context.Context and sync.Locker, or NULL. */
vmlib *natives_link(struct vmlink *l, struct arena *a, const vmnative *const *used, int nused,
                    const gort_type *ctxiface, const gort_type *lockeriface);
void natives_unlink(vmlib *lib);
/* The error interface value (itab, data) holding the dynamic value at
 * data (of type t), or nil for a NULL t. */
void vm_make_error(struct vmstate *vm, const gort_type *t, const void *data, vmslot *out);

/* A VM thread of a program for hosts (gortvm_call): its globals and
 * stack persist from call to call. enter/leave install and remove the
 * collector's and traceback's hooks on the calling goroutine; init runs
 * the package initialisation (once, before the first call). */
struct vmprog;
struct vmstate *vm_state_new(const struct vmprog *p);
void vm_state_enter(struct vmstate *vm);
void vm_state_leave(struct vmstate *vm);
void vm_state_init(struct vmstate *vm);
void vm_state_free(struct vmstate *vm);

#endif
