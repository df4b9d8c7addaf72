/*
 * vm_fuzz.c: what one fuzz input goes through (see vm_fuzz.h).
 *
 * Today: scanning and parsing (parse_file), the S-expression printer and
 * the Go-syntax expression printer over the whole tree (they walk every
 * node, so a malformed tree the parser builds after an error shows up as
 * a crash here), printing the diagnostics, then the type checker over the
 * same input, the code generator and the disassembler
 * (gortvm_compile_source with codegen, gortvm_disassemble), and then an
 * input that compiles is run (run_child).
 *
 * Running. A program may loop forever, panic, call os.Exit or recurse
 * without end, each of which ends or stalls its process, so it runs in a
 * forked child: a time limit (alarm, GORT_FUZZ_RUN_SECONDS, default 2),
 * a small VM stack (GORT_VM_MAXSTACK=16 MiB) and standard output to
 * /dev/null. The parent reads the child's standard error and judges:
 * any exit status is fine (0, 2 for a panic, n for os.Exit(n)), and so is
 * the timeout's SIGALRM; death by any other signal, a sanitizer's report
 * (AddressSanitizer, a UBSan "file.c:L:C: runtime error:" line) or the
 * runtime's "fatal error: unexpected signal" is a crash, and the parent
 * aborts with the child's output so that libFuzzer keeps the input.
 * LeakSanitizer's report at the child's exit is not judged: a program
 * that ends by os.Exit leaves the runtime's memory in place, as Go does.
 */
#include "vm_fuzz.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ast.h"
#include "gortvm.h"

static FILE *devnull(void) {
    static FILE *f;
    if (!f)
        f = fopen("/dev/null", "w");
    return f;
}

static void exprs_of(const ast_file *file) {
    char buf[128];
    for (int i = 0; i < file->decls.n; i++) {
        const ast_decl *d = file->decls.v[i];
        if (d->kind == D_FUNC || d->kind == D_BAD)
            continue;
        for (int j = 0; j < d->gen.specs.n; j++) {
            const ast_spec *s = d->gen.specs.v[j];
            if (d->kind == D_CONST || d->kind == D_VAR)
                for (int k = 0; k < s->value.values.n; k++)
                    ast_expr_string(buf, sizeof buf, s->value.values.v[k]);
            else if (d->kind == D_TYPE && s->type.type)
                ast_expr_string(buf, sizeof buf, s->type.type);
        }
    }
}

static bool crashed_output(const char *out) {
    if (strstr(out, "ERROR: AddressSanitizer") || strstr(out, "UndefinedBehaviorSanitizer")) return true;
    if (strstr(out, "fatal error: unexpected signal")) return true;
    for (const char *p = out; (p = strstr(p, ": runtime error: ")); p++) {
        /* UBSan: "file.c:12:3: runtime error: ..." (not Go's "panic: runtime error:") */
        const char *line = p;
        while (line > out && line[-1] != '\n') line--;
        if (strncmp(line, "panic: ", 7) != 0 && strstr(line, ".c:") && strstr(line, ".c:") < p) return true;
        if (strncmp(line, "panic: ", 7) != 0 && strstr(line, ".h:") && strstr(line, ".h:") < p) return true;
    }
    return false;
}

/* Runs the compiled program p in a child process under limits; aborts
 * if the child crashed. */
static void run_child(gortvm_program *p) {
    int fds[2];
    if (pipe(fds) != 0) return;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return;
    }
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 2);
        FILE *null = fopen("/dev/null", "w");
        if (null) dup2(fileno(null), 1);
        setenv("GORT_VM_MAXSTACK", "16777216", 1);
        const char *secs = getenv("GORT_FUZZ_RUN_SECONDS");
        /* libFuzzer times units with its own SIGALRM handler, which the
         * child inherits: without the default action the alarm would not
         * end a program that loops for ever (goto.go's `goto exit`). */
        signal(SIGALRM, SIG_DFL);
        alarm(secs && atoi(secs) > 0 ? (unsigned)atoi(secs) : 2);
        static char *argv[] = {"fuzz.go", NULL};
        gortvm_run_args(p, 1, argv);
        _exit(0);
    }
    close(fds[1]);
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap + 1);
    if (!out) abort();
    for (;;) {
        ssize_t k = read(fds[0], out + n, cap - n);
        /* libFuzzer's own SIGALRM (its -timeout clock, every second)
         * interrupts the read: keep reading, or the child's next write
         * to the closed pipe kills it with SIGPIPE, a false crash */
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        n += (size_t)k;
        if (n == cap) { /* keep the first 32 KiB and the last part */
            memmove(out + (cap / 2), out + cap - (cap / 4), cap / 4);
            n = cap / 2 + cap / 4;
        }
    }
    out[n] = 0;
    close(fds[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0) {
    }
    bool bad = crashed_output(out) || (WIFSIGNALED(st) && WTERMSIG(st) != SIGALRM);
    if (bad) {
        fprintf(stderr, "vm_fuzz: the program crashed (%s %d); its output:\n%s\n",
                WIFSIGNALED(st) ? "signal" : "exit status", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st), out);
        free(out);
        abort();
    }
    free(out);
}

void vm_fuzz_one(const uint8_t *data, size_t len) {
    arena a;
    diag d;
    arena_init(&a);
    diag_init(&d);
    d.limit = 0;
    ast_file *f = parse_file(&a, &d, "fuzz.go", (const char *)data, len);
    FILE *out = devnull();
    if (out) {
        ast_print_file(out, f);
        diag_print(&d, out);
    }
    exprs_of(f);
    diag_free(&d);
    arena_free(&a);
    /* The whole front end: parse and type-check (every error, no limit),
     * then generate and list the bytecode. */
    /* no FFI: a fuzzed program must not call arbitrary C (abort, exit, ...) */
    gortvm_options opts = {.max_errors = -1, .codegen = 1, .no_ffi = 1};
    gortvm_program *p = gortvm_compile_source("fuzz.go", (const char *)data, len, &opts);
    if (out && gortvm_nerrors(p) == 0) gortvm_disassemble(p, NULL, out);
    if (gortvm_nerrors(p) == 0 && !getenv("GORT_FUZZ_NORUN")) run_child(p);
    gortvm_free(p);
}
