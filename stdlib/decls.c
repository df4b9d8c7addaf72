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
 * and each package's names ("Append\0Appendf\0..."): the identifiers of its
 * files, found at build time, so that a compilation need not scan the files
 * to learn them (universe.c).
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
    const char *names; /* its identifier-shaped words, NUL-separated, or NULL */
    int nnames;
} stdlib_pkg;

#include "stdlib_decls_gen.h"

enum { NPKGS = (int)(sizeof stdlib_pkgs / sizeof stdlib_pkgs[0]) };

static const stdlib_pkg *find(const char *importpath) {
    int lo = 0, hi = NPKGS;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(importpath, stdlib_pkgs[mid].path);
        if (c == 0)
            return &stdlib_pkgs[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const gort_stdlib_file *gort_stdlib_lookup(const char *importpath, int *nfiles) {
    const stdlib_pkg *p = find(importpath);
    if (nfiles)
        *nfiles = p ? p->nfiles : 0;
    return p ? p->files : NULL;
}

const char *gort_stdlib_names(const char *importpath, int *nnames) {
    const stdlib_pkg *p = find(importpath);
    if (nnames)
        *nnames = p && p->names ? p->nnames : 0;
    return p ? p->names : NULL;
}

int gort_stdlib_count(void) { return NPKGS; }

const char *gort_stdlib_package(int i) {
    return i >= 0 && i < NPKGS ? stdlib_pkgs[i].path : NULL;
}
