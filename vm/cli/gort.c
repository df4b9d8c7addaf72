/*
 * gort: the command.
 *
 *   gort run PROG.go|DIR [args]   compile and run; os.Args is PROG and args;
 *                                 the exit status is the program's (os.Exit(n)
 *                                 gives n, an unrecovered panic 2, a compile
 *                                 error 1)
 *   gort build [-e] PROG.go|DIR   compile only; print errors, exit 1 on any
 *   gort dis PROG.go|DIR [FUNC]   print the bytecode with its source lines
 *   gort version                  print the version
 *   gort help                     print this summary
 *
 * Errors print as `file:line:col: msg`, at most 10 unless -e (Go's limit),
 * then "too many errors". Later versions add test and lua.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gortvm.h"

#include <gort.h>

int gort_trace_main(int argc, char **argv); /* cli/trace/trace_main.c */

static const char usage[] =
    "gort is a runtime and VM for a subset of Go.\n"
    "\n"
    "Usage:\n"
    "\n"
    "\tgort <command> [arguments]\n"
    "\n"
    "The commands are:\n"
    "\n"
    "\trun [-trace FILE] [-ffi=false] PROG.go|DIR [args]\n"
    "\t                         compile and run a program; its exit status is\n"
    "\t                         the program's (os.Exit(n): n, a panic: 2,\n"
    "\t                         a compile error: 1); -trace records an\n"
    "\t                         execution trace (.json/.html convert at exit);\n"
    "\t                         -ffi=false forbids calling C (//gort:extern)\n"
    "\tbuild [-e] PROG.go|DIR   type-check a program and report its errors\n"
    "\t                         (-e: report all errors, not just the first 10)\n"
    "\tdis PROG.go|DIR [FUNC]   print the bytecode of a program (or of one\n"
    "\t                         function) with its source lines\n"
    "\ttrace view|json|stats FILE  convert an execution trace (GORT_TRACE=FILE)\n"
    "\t                         to an HTML timeline or Chrome trace JSON\n"
    "\tversion                  print the gort version\n"
    "\thelp                     print this help\n";

static int cmd_build(int argc, char **argv) {
    gortvm_options opts = {0};
    const char *path = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-e") == 0) opts.max_errors = -1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "gort build: unknown flag %s\n", argv[i]);
            return 2;
        } else if (!path) path = argv[i];
        else {
            fprintf(stderr, "gort build: one program (a file or a directory) at a time\n");
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "usage: gort build [-e] PROG.go|DIR\n");
        return 2;
    }
    gortvm_program *p = gortvm_compile_path(path, &opts);
    int rc = gortvm_nerrors(p) > 0;
    if (rc) gortvm_print_errors(p, stderr);
    gortvm_free(p);
    return rc;
}

/* Compiles path to bytecode; prints the errors and returns NULL on any. */
static gortvm_program *compile_code(const char *path, bool noffi) {
    gortvm_options opts = {0};
    opts.codegen = 1;
    opts.no_ffi = noffi;
    gortvm_program *p = gortvm_compile_path(path, &opts);
    if (gortvm_nerrors(p) > 0) {
        gortvm_print_errors(p, stderr);
        gortvm_free(p);
        return NULL;
    }
    return p;
}

/* gort run -trace FILE: records an execution trace around the program
 * (docs/tracing.md); FILE.json or FILE.html converts at the end. */
static int cmd_run(int argc, char **argv) {
    const char *trace = NULL;
    bool noffi = false;
    for (;;) {
        if (argc >= 2 && strcmp(argv[0], "-trace") == 0) {
            trace = argv[1];
            argc -= 2;
            argv += 2;
        } else if (argc >= 1 && (strcmp(argv[0], "-ffi=false") == 0 || strcmp(argv[0], "-ffi=true") == 0)) {
            noffi = strcmp(argv[0], "-ffi=false") == 0;
            argc--;
            argv++;
        } else {
            break;
        }
    }
    if (argc < 1 || argv[0][0] == '-') {
        fprintf(stderr, "usage: gort run [-trace FILE] [-ffi=false] PROG.go|DIR [arguments]\n");
        return 2;
    }
    gortvm_program *p = compile_code(argv[0], noffi);
    if (!p) return 1;
    if (trace) {
        /* GORT_TRACE records from the runtime's start to the end of
         * gort_main (main's return, or os.Exit), which the program's
         * goroutines do not outlive; the file is checked here first */
        FILE *f = fopen(trace, "w");
        if (!f) {
            fprintf(stderr, "gort run: -trace %s: cannot record (file, or already tracing)\n", trace);
            gortvm_free(p);
            return 1;
        }
        fclose(f);
        setenv("GORT_TRACE", trace, 1);
    }
    /* os.Args: the program's path, then its arguments */
    int rc = gortvm_run_args(p, argc, argv);
    gortvm_free(p);
    return rc;
}

static int cmd_dis(int argc, char **argv) {
    if (argc < 1 || argc > 2 || argv[0][0] == '-') {
        fprintf(stderr, "usage: gort dis PROG.go|DIR [FUNC]\n");
        return 2;
    }
    gortvm_program *p = compile_code(argv[0], false);
    if (!p) return 1;
    int rc = gortvm_disassemble(p, argc > 1 ? argv[1] : NULL, stdout);
    if (rc) fprintf(stderr, "gort dis: no function %s\n", argv[1]);
    gortvm_free(p);
    return rc;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "build") == 0) return cmd_build(argc - 2, argv + 2);
    if (strcmp(cmd, "run") == 0) return cmd_run(argc - 2, argv + 2);
    if (strcmp(cmd, "dis") == 0) return cmd_dis(argc - 2, argv + 2);
    if (strcmp(cmd, "trace") == 0) return gort_trace_main(argc - 1, argv + 1);
    if (strcmp(cmd, "version") == 0) {
        printf("%s\n", gortvm_version());
        return 0;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    fprintf(stderr, "gort %s: unknown command\nRun 'gort help' for usage.\n", cmd);
    return 2;
}
