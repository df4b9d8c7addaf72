/*
 * vm_test_stdlib_decls.c: the embedded stdlib API declarations
 * (stdlib/decls.c, vm/src/stdlib_decls.h, docs/stdlib.md).
 *
 * Every package directory under stdlib/ is found by gort_stdlib_lookup with
 * the same bytes as on disk, every package the gosuite lists import is
 * there, unknown paths give NULL, and each embedded file is valid Go 1.19
 * syntax per `gofmt -l -e` (when Go 1.19 is installed; the test says when
 * it skips that part). Each package's build-time name list
 * (gort_stdlib_names) holds every identifier the scanner finds in its
 * files: universe.c relies on that instead of scanning them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "diag.h"
#include "scan.h"
#include "stdlib_decls.h"

#define GOFMT "/usr/lib/go-1.19/bin/gofmt"

/* The source tree's stdlib/ directory, found from this file's path. */
static void stdlib_dir(char *buf, size_t n) {
    snprintf(buf, n, "%s", __FILE__);
    char *p = strstr(buf, "tests/unit/vm_test_stdlib_decls.c");
    assert_non_null(p);
    snprintf(p, n - (size_t)(p - buf), "stdlib");
}

static char *read_file(const char *path, size_t *len) {
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

static void test_every_package_matches_disk(void **state) {
    (void)state;
    char dir[4096];
    stdlib_dir(dir, sizeof dir);
    int npkgs = gort_stdlib_count();
    assert_true(npkgs >= 19);
    int nfiles_total = 0;
    for (int i = 0; i < npkgs; i++) {
        const char *path = gort_stdlib_package(i);
        assert_non_null(path);
        if (i > 0)
            assert_true(strcmp(gort_stdlib_package(i - 1), path) < 0);
        int n;
        const gort_stdlib_file *files = gort_stdlib_lookup(path, &n);
        assert_non_null(files);
        assert_true(n >= 1);
        for (int j = 0; j < n; j++) {
            char fpath[8192];
            snprintf(fpath, sizeof fpath, "%s/%s/%s", dir, path, files[j].name);
            size_t len = 0;
            char *disk = read_file(fpath, &len);
            if (!disk)
                fail_msg("%s is embedded but not on disk", fpath);
            assert_int_equal(len, files[j].len);
            assert_memory_equal(disk, files[j].src, len);
            assert_int_equal(files[j].src[len], 0);
            free(disk);
            nfiles_total++;
        }
    }
    /* and every .go file on disk is embedded */
    char cmd[8300];
    snprintf(cmd, sizeof cmd, "find '%s' -name '*.go' | wc -l", dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    int ondisk = -1;
    assert_int_equal(fscanf(p, "%d", &ondisk), 1);
    pclose(p);
    assert_int_equal(ondisk, nfiles_total);
    assert_null(gort_stdlib_package(-1));
    assert_null(gort_stdlib_package(npkgs));
}

static void test_lookup(void **state) {
    (void)state;
    /* every package imported by the gosuite lists (public.tsv, errorcheck.tsv,
     * including testing's dot imports), and the design's stdlib list */
    static const char *const want[] = {
        "bufio", "bytes", "context", "errors", "fmt", "io", "math", "math/rand", "os",
        "runtime", "sort", "strconv", "strings", "sync", "sync/atomic", "testing", "time",
        "unicode", "unicode/utf8",
        /* referenced by those APIs */
        "io/fs", "syscall",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int n = -1;
        const gort_stdlib_file *f = gort_stdlib_lookup(want[i], &n);
        if (!f)
            fail_msg("package %s is missing", want[i]);
        const char *slash = strrchr(want[i], '/');
        char pkgline[64];
        snprintf(pkgline, sizeof pkgline, "\npackage %s\n", slash ? slash + 1 : want[i]);
        assert_non_null(strstr(f[0].src, pkgline));
    }
    int n = 7;
    assert_null(gort_stdlib_lookup("unsafe", &n));
    assert_int_equal(n, 0);
    assert_null(gort_stdlib_lookup("reflect", NULL));
    assert_null(gort_stdlib_lookup("", NULL));
    assert_null(gort_stdlib_lookup("fmt/", NULL));
    assert_null(gort_stdlib_lookup("zzz", NULL));
    /* a few facts the checker relies on */
    const gort_stdlib_file *fmt = gort_stdlib_lookup("fmt", NULL);
    assert_non_null(strstr(fmt[0].src, "func Println(a ...any) (n int, err error)"));
    assert_non_null(strstr(fmt[0].src, "func Fprintf(w io.Writer, format string, a ...any) (n int, err error)"));
    const gort_stdlib_file *math = gort_stdlib_lookup("math", NULL);
    assert_non_null(strstr(math[0].src, "const MaxInt64 = 9223372036854775807"));
    const gort_stdlib_file *ctx = gort_stdlib_lookup("context", NULL);
    assert_non_null(strstr(ctx[0].src, "func WithTimeout(parent Context, timeout time.Duration) (Context, CancelFunc)"));
}

static void test_gofmt_accepts(void **state) {
    (void)state;
    if (access(GOFMT, X_OK) != 0) {
        printf("skipping: %s not installed (Go 1.19 checks the syntax)\n", GOFMT);
        skip();
    }
    char tmp[] = "/tmp/gort_stdlib_XXXXXX";
    assert_non_null(mkdtemp(tmp));
    for (int i = 0; i < gort_stdlib_count(); i++) {
        int n;
        const gort_stdlib_file *files = gort_stdlib_lookup(gort_stdlib_package(i), &n);
        for (int j = 0; j < n; j++) {
            char path[512], cmd[1024];
            snprintf(path, sizeof path, "%s/f%d_%d.go", tmp, i, j);
            FILE *f = fopen(path, "wb");
            assert_non_null(f);
            assert_int_equal(fwrite(files[j].src, 1, files[j].len, f), files[j].len);
            fclose(f);
            /* -l lists files whose formatting differs; -e reports all errors */
            snprintf(cmd, sizeof cmd, GOFMT " -l -e %s 2>&1", path);
            FILE *p = popen(cmd, "r");
            assert_non_null(p);
            char out[4096];
            size_t got = fread(out, 1, sizeof out - 1, p);
            out[got] = 0;
            int rc = pclose(p);
            if (rc != 0 || got != 0)
                fail_msg("gofmt rejects %s/%s (rc %d): %s", gort_stdlib_package(i),
                         files[j].name, rc, out);
            unlink(path);
        }
    }
    rmdir(tmp);
}

static bool listed(const char *names, int n, const char *name) {
    for (int k = 0; k < n; k++) {
        if (strcmp(names, name) == 0)
            return true;
        names += strlen(names) + 1;
    }
    return false;
}

static void test_names_cover_identifiers(void **state) {
    (void)state;
    for (int i = 0; i < gort_stdlib_count(); i++) {
        const char *path = gort_stdlib_package(i);
        int nfiles = 0, nnames = 0;
        const gort_stdlib_file *f = gort_stdlib_lookup(path, &nfiles);
        const char *names = gort_stdlib_names(path, &nnames);
        assert_non_null(names); /* every file is ASCII today */
        assert_true(nnames > 0);
        for (int j = 0; j < nfiles; j++) {
            arena a;
            arena_init(&a);
            diag d;
            diag_init(&d);
            scanner sc;
            uint32_t fi = srcset_add(&d.files, f[j].name, f[j].src, f[j].len);
            scan_init(&sc, &a, &d, fi, f[j].src, f[j].len);
            for (scan_next(&sc); sc.tok != T_EOF; scan_next(&sc))
                if (sc.tok == T_NAME && !listed(names, nnames, sc.lit))
                    fail_msg("%s/%s: %s is not in the package's name list", path, f[j].name, sc.lit);
            scan_free(&sc);
            diag_free(&d);
            arena_free(&a);
        }
    }
    assert_null(gort_stdlib_names("unsafe", NULL));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_cover_identifiers),
        cmocka_unit_test(test_every_package_matches_disk),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_gofmt_accepts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
