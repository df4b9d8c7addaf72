/*
 * gen_large.h — the generated Go program that bench_compile's compile_large
 * row and bench_vm_frontend's large rows compile (their Go twins,
 * tests/bench/go/compile and go/vm_frontend, generate the same text).
 * nfunc functions of typical code: a struct, a method, a range loop, a
 * closure, a switch.
 */
#ifndef GORT_BENCH_GEN_LARGE_H
#define GORT_BENCH_GEN_LARGE_H

#include <stdio.h>
#include <stdlib.h>

/* Writes the program into a malloc'd buffer; *lines (if not NULL) gets its
 * line count. */
static char *gen_large(int nfunc, size_t *len, long *lines) {
    size_t cap = (size_t)nfunc * 1024 + 4096, n = 0;
    char *b = malloc(cap);
    n += (size_t)sprintf(b + n, "package main\n\ntype pt struct{ x, y int }\n\n"
                                "func (p *pt) move(dx int) { p.x += dx }\n\n");
    for (int i = 0; i < nfunc; i++) {
        n += (size_t)sprintf(b + n,
            "func f%d(xs []int, m map[string]int) (int, error) {\n"
            "\ttotal := 0\n"
            "\tp := &pt{x: %d, y: 2}\n"
            "\tfor i, x := range xs {\n"
            "\t\tif x%%2 == 0 && i > 3 {\n"
            "\t\t\ttotal += x * 3\n"
            "\t\t} else {\n"
            "\t\t\ttotal -= len(m) << 1\n"
            "\t\t}\n"
            "\t}\n"
            "\tadd := func(k string) { m[k] = total + p.y }\n"
            "\tadd(\"k%d\")\n"
            "\tswitch total %% 3 {\n"
            "\tcase 0:\n"
            "\t\tp.move(1)\n"
            "\tdefault:\n"
            "\t\ttotal++\n"
            "\t}\n"
            "\treturn total + p.x, nil\n"
            "}\n",
            i, i, i);
    }
    n += (size_t)sprintf(b + n, "\nfunc main() {}\n");
    *len = n;
    if (lines) {
        *lines = 0;
        for (size_t i = 0; i < n; i++) *lines += b[i] == '\n';
    }
    return b;
}

#endif
