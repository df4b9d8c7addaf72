/*
 * vm_fuzz.c: what one fuzz input goes through (see vm_fuzz.h).
 *
 * Today: scanning and parsing (parse_file), the S-expression printer and
 * the Go-syntax expression printer over the whole tree (they walk every
 * node, so a malformed tree the parser builds after an error shows up as
 * a crash here), printing the diagnostics, then the type checker over the
 * same input, the code generator and the disassembler
 * (gortvm_compile_source with codegen, gortvm_disassemble). The program
 * is not run: an input may loop forever or panic, which ends the process.
 */
#include "vm_fuzz.h"

#include <stdio.h>

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
    gortvm_options opts = {.max_errors = -1, .codegen = 1};
    gortvm_program *p = gortvm_compile_source("fuzz.go", (const char *)data, len, &opts);
    if (out && gortvm_nerrors(p) == 0) gortvm_disassemble(p, NULL, out);
    gortvm_free(p);
}
