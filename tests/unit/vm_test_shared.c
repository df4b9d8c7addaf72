/*
 * vm_test_shared.c: the universe and stdlib packages shared by every
 * compilation (vm/src/universe.c, the arena's intern base and chunk pool
 * in vm/src/arena.c).
 *
 * GORT_TEST_CONCURRENCY GORT_TEST_ASAN_TOO: compilations run on several
 * threads at once from a fresh process, so the first imports race to build
 * the shared packages (ThreadSanitizer judges the locking); every thread
 * must see the same packages and print the same errors as one thread does.
 * Also: a dot import does not disturb the shared package for later
 * compilations, and errors that point into a stdlib file print its name.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "gortvm.h"

static const char good[] =
    "package main\n\nimport (\n\t\"fmt\"\n\t\"io\"\n\t\"os\"\n\t\"sort\"\n\t\"strings\"\n)\n\n"
    "type w struct{ n int }\n\n"
    "func (x *w) Write(p []byte) (int, error) { x.n += len(p); return len(p), nil }\n\n"
    "func main() {\n\tvar out io.Writer = &w{}\n\tfmt.Fprintln(out, strings.Repeat(\"a\", 3))\n"
    "\tvar b strings.Builder\n\tb.WriteString(\"x\")\n\ts := []int{3, 1, 2}\n\tsort.Ints(s)\n"
    "\tfmt.Fprintln(os.Stdout, b.String(), s, true, false)\n}\n";

static const char bad[] =
    "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n\t\"time\"\n)\n\n"
    "type w struct{}\n\n"
    "func main() {\n\tvar x int = strings.Repeat(\"a\", 2)\n\tfmt.Println(x, time.Second+\"s\")\n"
    "\tvar _ fmt.Stringer = w{}\n\tstrings.Nope()\n}\n";

/* errors_of compiles src and returns its errors, one per line (malloc'd). */
static char *errors_of(const char *name, const char *src) {
    gortvm_options o = {.max_errors = -1};
    gortvm_program *p = gortvm_compile_source(name, src, strlen(src), &o);
    size_t cap = 1, n = 0;
    char *out = calloc(1, 1);
    for (int i = 0; i < gortvm_nerrors(p); i++) {
        const char *e = gortvm_error(p, i);
        size_t l = strlen(e);
        out = realloc(out, cap += l + 1);
        memcpy(out + n, e, l);
        n += l;
        out[n++] = '\n';
        out[n] = 0;
    }
    gortvm_free(p);
    return out;
}

enum { NTHREADS = 4, ROUNDS = 8 };

typedef struct {
    char *good[ROUNDS], *bad[ROUNDS];
} result;

static void *worker(void *arg) {
    result *r = arg;
    for (int i = 0; i < ROUNDS; i++) {
        r->good[i] = errors_of("good.go", good);
        r->bad[i] = errors_of("bad.go", bad);
    }
    return NULL;
}

static void test_concurrent_first_use(void **state) {
    (void)state;
    pthread_t t[NTHREADS];
    result r[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) assert_int_equal(pthread_create(&t[i], NULL, worker, &r[i]), 0);
    for (int i = 0; i < NTHREADS; i++) assert_int_equal(pthread_join(t[i], NULL), 0);
    char *want = errors_of("bad.go", bad);
    assert_non_null(strstr(want, "strings.Repeat"));
    assert_non_null(strstr(want, "undefined: strings.Nope"));
    for (int i = 0; i < NTHREADS; i++)
        for (int j = 0; j < ROUNDS; j++) {
            assert_string_equal(r[i].good[j], "");
            assert_string_equal(r[i].bad[j], want);
            free(r[i].good[j]);
            free(r[i].bad[j]);
        }
    free(want);
}

/* A dot import puts the shared package's objects into a file scope; the
 * package's own scope must stay intact for the next compilation. */
static void test_dot_import(void **state) {
    (void)state;
    static const char dot[] = "package main\n\nimport . \"strings\"\n\nfunc main() { _ = Repeat(\"a\", 2); _ = ToUpper(\"b\") }\n";
    static const char plain[] =
        "package main\n\nimport \"strings\"\n\nfunc main() {\n\t_ = strings.Repeat(\"a\", 2)\n\t_ = strings.ToUpper(\"b\")\n"
        "\t_ = strings.Fields(\"c\")\n\t_ = strings.TrimSpace(\"d\")\n}\n";
    for (int i = 0; i < 3; i++) {
        char *e = errors_of("dot.go", dot);
        assert_string_equal(e, ""); /* the uses use the import */
        free(e);
        e = errors_of("plain.go", plain);
        assert_string_equal(e, "");
        free(e);
    }
}

/* A stdlib package's names join the shared intern base when a program
 * first imports it, before the program's names are interned: a method of
 * the first file must match an interface of a package that only the second
 * file imports (context, which no other test here imports). */
static void test_lazy_names(void **state) {
    (void)state;
    char dir[] = "/tmp/vm_test_shared.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char a[64], b[64];
    snprintf(a, sizeof a, "%s/a.go", dir);
    snprintf(b, sizeof b, "%s/b.go", dir);
    FILE *f = fopen(a, "w");
    assert_non_null(f);
    fputs("package main\n\nimport \"time\"\n\ntype ctx struct{}\n\n"
          "func (ctx) Deadline() (time.Time, bool) { return time.Time{}, false }\n"
          "func (ctx) Done() <-chan struct{}       { return nil }\n"
          "func (ctx) Err() error                  { return nil }\n"
          "func (ctx) Value(key any) any           { return nil }\n\n"
          "func main() { use(ctx{}) }\n",
          f);
    fclose(f);
    f = fopen(b, "w");
    assert_non_null(f);
    fputs("package main\n\nimport \"context\"\n\nfunc use(c context.Context) { _ = c.Err() }\n", f);
    fclose(f);
    gortvm_options o = {.max_errors = -1};
    gortvm_program *p = gortvm_compile_path(dir, &o);
    if (gortvm_nerrors(p) > 0) fprintf(stderr, "%s\n", gortvm_error(p, 0));
    assert_int_equal(gortvm_nerrors(p), 0);
    gortvm_free(p);
    remove(a);
    remove(b);
    rmdir(dir);
}

/* true and false are shared constants with their values. */
static void test_universe_constants(void **state) {
    (void)state;
    static const char src[] =
        "package main\n\nconst t = true\nconst f = !t\n\nvar a [1]int\n\n"
        "func main() {\n\tconst x = t && !f\n\tvar y int8 = 200\n\t_ = a[2]\n\t_, _ = x, y\n}\n";
    for (int i = 0; i < 2; i++) {
        char *e = errors_of("u.go", src);
        assert_non_null(strstr(e, "u.go:10:15: cannot use 200 (untyped int constant) as int8 value in variable declaration (overflows)"));
        assert_non_null(strstr(e, "u.go:11:8: invalid argument: index 2 out of bounds [0:1]"));
        free(e);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concurrent_first_use),
        cmocka_unit_test(test_dot_import),
        cmocka_unit_test(test_lazy_names),
        cmocka_unit_test(test_universe_constants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
