/*
 * replay.c: vm_fuzz_one over files, without libFuzzer (the vm_fuzz_replay
 * test): every regression input of tests/fuzz/regress/ and every golden
 * program of tests/scripts/run/ goes through the whole fuzz hook, the
 * run in a limited child included, in the normal and sanitizer builds.
 * vm_fuzz_one aborts when an input crashes anything.
 */
#include <stdio.h>
#include <stdlib.h>

#include "vm_fuzz.h"

int main(int argc, char **argv) {
    static char buf[1 << 20];
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "replay: cannot open %s\n", argv[i]);
            return 1;
        }
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        vm_fuzz_one((const unsigned char *)buf, n);
    }
    printf("replay: %d inputs, no crash\n", argc - 1);
    return 0;
}
