/*
 * gortvm.h: the VM library's public API.
 *
 * A program is `package main` in one .go file, or in the .go files of one
 * directory (files ending in _test.go are left out). Compiling it parses
 * and type-checks it (and, in later versions, generates bytecode); the
 * result holds either the checked program or its errors, worded as Go
 * 1.19's compiler words them and printed as `file:line:col: msg`.
 *
 *   gortvm_program *p = gortvm_compile_path("prog.go", NULL);
 *   if (gortvm_nerrors(p) > 0) gortvm_print_errors(p, stderr);
 *   gortvm_free(p);
 *
 * A program object is used by one thread at a time; separate programs
 * may be compiled in parallel.
 */
#ifndef GORTVM_H
#define GORTVM_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gortvm_program gortvm_program;

typedef struct gortvm_options {
    int max_errors; /* errors kept before "too many errors": 0 = Go's 10, -1 = all (-e) */
    int codegen;    /* nonzero: also generate bytecode (needed by gortvm_run
                       and gortvm_disassemble); constructs the code generator
                       does not handle yet are then errors */
    int no_ffi;     /* nonzero: scripts may not call C (//gort:extern is a
                       compile error; docs/ffi.md, "Turning it off") */
} gortvm_options;

/* Compiles a .go file or a directory of .go files. Never returns NULL
 * (an unreadable path is an error of the result). opts may be NULL. */
gortvm_program *gortvm_compile_path(const char *path, const gortvm_options *opts);
/* Compiles one file's source held in memory; name is used in messages.
 * src is borrowed until gortvm_free. */
gortvm_program *gortvm_compile_source(const char *name, const char *src, size_t len,
                                      const gortvm_options *opts);

/* Number of errors (0: the program compiled). */
int gortvm_nerrors(const gortvm_program *p);
/* Error i as "file:line:col: msg" (continuation lines start with a tab),
 * sorted by position; valid until gortvm_free. */
const char *gortvm_error(gortvm_program *p, int i);
/* Prints every error, one per line, then "too many errors" when the
 * limit was reached, as Go does. */
void gortvm_print_errors(gortvm_program *p, FILE *f);

/* Runs the program's package initialisation and main.main on a goroutine
 * (starting the runtime with gort_main when the caller is not one), and
 * returns 0 when main returns. A panic that is not recovered prints Go's
 * `panic: ...` and a traceback of the script's frames and exits the process
 * with status 2. The program must have been compiled with codegen set and
 * without errors (otherwise returns 1). */
int gortvm_run(gortvm_program *p);

/* Writes the bytecode of function fname ("main.f" or "f"), or of every
 * function when fname is NULL, with the source lines interleaved. Returns
 * 0, or 1 if there is no such function or no bytecode. */
int gortvm_disassemble(gortvm_program *p, const char *fname, FILE *out);

void gortvm_free(gortvm_program *p);

/* As gortvm_run, with the program's arguments: os.Args is argv[0..argc)
 * (argv[0] is the program's name). argv must outlive the run. */
int gortvm_run_args(gortvm_program *p, int argc, char **argv);

/* ---- Calling a script's functions from C ----
 *
 *   gortvm_value args[2] = {gortvm_int(6), gortvm_int(7)}, res;
 *   if (gortvm_call(p, "mul", args, 2, &res, 1) != 0)
 *       fprintf(stderr, "%s\n", gortvm_call_error(p));
 *   else
 *       printf("%lld\n", (long long)res.i);
 *
 * The program must have been compiled with codegen set and without
 * errors. Its package initialisation runs before the first call; its
 * package variables keep their values from call to call. Arguments and
 * results are the scalar kinds and strings (any integer type is an
 * int64 here, converted as Go converts; float32 and float64 are a
 * double). A panic the script does not recover ends the process as
 * under gortvm_run (status 2). A program object is used by one thread at
 * a time. */
typedef enum gortvm_kind {
    GORTVM_INVALID = 0,
    GORTVM_INT,    /* every integer type: i */
    GORTVM_FLOAT,  /* float32, float64: f */
    GORTVM_BOOL,   /* b */
    GORTVM_STRING, /* s (bytes, not NUL-terminated in general) */
} gortvm_kind;

typedef struct gortvm_value {
    gortvm_kind kind;
    union {
        long long i;
        double f;
        int b;
        struct {
            const char *ptr;
            size_t len;
        } s;
    };
} gortvm_value;

static inline gortvm_value gortvm_int(long long i) {
    gortvm_value v;
    v.kind = GORTVM_INT;
    v.i = i;
    return v;
}
static inline gortvm_value gortvm_float(double f) {
    gortvm_value v;
    v.kind = GORTVM_FLOAT;
    v.f = f;
    return v;
}
static inline gortvm_value gortvm_bool(int b) {
    gortvm_value v;
    v.kind = GORTVM_BOOL;
    v.b = b != 0;
    return v;
}
static inline gortvm_value gortvm_string(const char *s, size_t len) {
    gortvm_value v;
    v.kind = GORTVM_STRING;
    v.s.ptr = s;
    v.s.len = len;
    return v;
}

/* Calls the package-level function fname ("f" or "main.f") with nargs
 * arguments and stores its results (nres must be the number it has).
 * Returns 0, or 1 with a message for gortvm_call_error when there is no
 * such function or the arguments do not fit its parameters. A string
 * result's bytes belong to the program until its next call or
 * gortvm_free. */
int gortvm_call(gortvm_program *p, const char *fname, const gortvm_value *args, int nargs,
                gortvm_value *res, int nres);
/* Why the last gortvm_call failed ("" when it did not). */
const char *gortvm_call_error(gortvm_program *p);

/* The library's version string. */
const char *gortvm_version(void);

#ifdef __cplusplus
}
#endif

#endif
