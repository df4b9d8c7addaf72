/*
 * vm_embed.c: a C host that compiles a Go program held in a string and
 * calls its functions through gortvm.h (docs/embedding.md, "The VM").
 *
 *   scripts/run vm_embed
 *
 * The script keeps state between calls in a package variable, and its
 * init function runs once, before the first call. A mistaken call (a
 * wrong argument count or type) is an error the host reads, not a crash.
 */
#include <stdio.h>
#include <string.h>

#include "gortvm.h"

static const char script[] =
    "package main\n"
    "\n"
    "import \"strings\"\n"
    "\n"
    "var calls int\n"
    "\n"
    "func init() { calls = 100 }\n"
    "\n"
    "func fib(n int) int {\n"
    "\tif n < 2 {\n"
    "\t\treturn n\n"
    "\t}\n"
    "\treturn fib(n-1) + fib(n-2)\n"
    "}\n"
    "\n"
    "func greet(name string, times int) (string, int) {\n"
    "\tcalls++\n"
    "\treturn strings.Repeat(\"hello \"+name+\"! \", times), calls\n"
    "}\n"
    "\n"
    "func hyp(a, b float64) float64 { return a*a + b*b }\n"
    "\n"
    "func main() {}\n";

int main(void) {
    gortvm_options opts = {0};
    opts.codegen = 1;
    gortvm_program *p = gortvm_compile_source("embedded.go", script, strlen(script), &opts);
    if (gortvm_nerrors(p) > 0) {
        gortvm_print_errors(p, stderr);
        gortvm_free(p);
        return 1;
    }

    gortvm_value arg = gortvm_int(30), res[2];
    if (gortvm_call(p, "fib", &arg, 1, res, 1) != 0) goto fail;
    printf("fib(30) = %lld\n", res[0].i);

    for (int i = 1; i <= 2; i++) {
        gortvm_value args[2] = {gortvm_string("gort", 4), gortvm_int(i)};
        if (gortvm_call(p, "greet", args, 2, res, 2) != 0) goto fail;
        printf("greet: %.*s(call %lld)\n", (int)res[0].s.len, res[0].s.ptr, res[1].i);
    }

    gortvm_value f[2] = {gortvm_float(3), gortvm_float(4)};
    if (gortvm_call(p, "main.hyp", f, 2, res, 1) != 0) goto fail;
    printf("hyp(3, 4) = %g\n", res[0].f);

    /* mistakes are reported, not run */
    if (gortvm_call(p, "fib", f, 1, res, 1) != 0) printf("%s\n", gortvm_call_error(p));
    if (gortvm_call(p, "nope", NULL, 0, NULL, 0) != 0) printf("%s\n", gortvm_call_error(p));
    if (gortvm_call(p, "greet", f, 1, res, 2) != 0) printf("%s\n", gortvm_call_error(p));

    gortvm_free(p);
    return 0;
fail:
    fprintf(stderr, "%s\n", gortvm_call_error(p));
    gortvm_free(p);
    return 1;
}
