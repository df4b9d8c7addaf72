/*
 * decls.c: finding a stdlib package's API declarations in the binary.
 *
 * The build turns every stdlib/<importpath>/NAME.go file into a byte array
 * (embed.cmake writes stdlib_decls_gen.h) and lists the packages in sorted
 * import-path order, each with its files:
 *
 *   stdlib_pkgs[]  {"bufio", files_bufio, 1} {"bytes", ...} ... {"unicode/utf8", ...}
 *                             │
 *                             └─> {"bufio.go", file0, 3120}
 *                                              │
 *                                              └─> "// Code generated ... package bufio ..."
 *
 * A lookup is a binary search over the ~20 paths. The tables are const and
 * there is no state, so any number of compilations may read them at once.
 *
 * Rejected: reading stdlib/ from disk at run time (a script must run from a
 * single binary anywhere), and generating the table with a script language
 * the build machine may lack (the generator is CMake itself, which the build
 * already needs).
 */
#include "stdlib_decls.h"

#include <string.h>

typedef struct {
    const char *path;              /* import path */
    const gort_stdlib_file *files; /* its files, sorted by name */
    int nfiles;
} stdlib_pkg;

#include "stdlib_decls_gen.h"

enum { NPKGS = (int)(sizeof stdlib_pkgs / sizeof stdlib_pkgs[0]) };

const gort_stdlib_file *gort_stdlib_lookup(const char *importpath, int *nfiles) {
    int lo = 0, hi = NPKGS;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(importpath, stdlib_pkgs[mid].path);
        if (c == 0) {
            if (nfiles)
                *nfiles = stdlib_pkgs[mid].nfiles;
            return stdlib_pkgs[mid].files;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    if (nfiles)
        *nfiles = 0;
    return NULL;
}

int gort_stdlib_count(void) { return NPKGS; }

const char *gort_stdlib_package(int i) {
    return i >= 0 && i < NPKGS ? stdlib_pkgs[i].path : NULL;
}
