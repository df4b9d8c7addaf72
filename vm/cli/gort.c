/*
 * gort: the command.
 *
 *   gort build [-e] PROG.go|DIR   compile only; print errors, exit 1 on any
 *   gort version                  print the version
 *   gort help                     print this summary
 *
 * Errors print as `file:line:col: msg`, at most 10 unless -e (Go's limit),
 * then "too many errors". Later versions add run, test, dis, trace and lua.
 */
#include <stdio.h>
#include <string.h>

#include "gortvm.h"

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
    "\tbuild [-e] PROG.go|DIR   type-check a program and report its errors\n"
    "\t                         (-e: report all errors, not just the first 10)\n"
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

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "build") == 0) return cmd_build(argc - 2, argv + 2);
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
