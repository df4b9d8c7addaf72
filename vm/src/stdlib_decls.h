/*
 * stdlib_decls.h: the stdlib packages' API declarations, embedded in the
 * binary.
 *
 * Each package that scripts may import has one or more Go files under
 * stdlib/<importpath>/ declaring its API without bodies (generated from
 * Go 1.19 by scripts/gen-stdlib-decls.go). The build copies them into the
 * static library gort_stdlib_decls (stdlib/CMakeLists.txt, stdlib/decls.c),
 * so the type checker reads `import "fmt"` from memory, exactly as it reads
 * user code, with no files needed at run time. docs/stdlib.md draws it.
 */
#ifndef GORTVM_STDLIB_DECLS_H
#define GORTVM_STDLIB_DECLS_H

#include <stddef.h>

typedef struct {
    const char *name; /* file name within the package directory, "fmt.go" */
    const char *src;  /* its bytes, NUL-terminated for convenience */
    size_t len;       /* length without the NUL */
} gort_stdlib_file;

/* The files of package importpath ("fmt", "math/rand"); *nfiles (when not
 * NULL) receives their count. NULL when gort has no such package. */
const gort_stdlib_file *gort_stdlib_lookup(const char *importpath, int *nfiles);

/* The identifiers of package importpath's files: *nnames NUL-terminated
 * words, one after another ("Append\0Appendf\0..."), a superset of the
 * names the scanner interns from them. NULL (and 0) when gort has no such
 * package or the build could not list them (a file with non-ASCII bytes):
 * then scan the files. */
const char *gort_stdlib_names(const char *importpath, int *nnames);

/* Number of packages, and the import path of the i-th (0 <= i < count) in
 * sorted order; NULL when i is out of range. */
int gort_stdlib_count(void);
const char *gort_stdlib_package(int i);

#endif
