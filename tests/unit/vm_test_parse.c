/*
 * vm_test_parse.c: the parser and the branch checks.
 *
 * Two kinds of cases:
 *   - valid programs, parsed and dumped as S-expressions (ast_print_file)
 *     and compared with the expected tree: every construct of the
 *     grammar has one;
 *   - erroneous programs, compared with the diagnostics Go 1.19 prints
 *     for them (`go tool compile -p=p -e`), lines of the type checker
 *     left out. The expected texts were produced by Go itself, not by
 *     this parser.
 * Plus: error limit and "too many errors", recovery (several errors per
 * file), pragmas on function declarations, positions, the Go-syntax
 * expression printer, and the whole public gosuite corpus parsing clean
 * when /usr/share/go-1.19/test is installed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ast.h"

/* Parses src as "x.go" into a and d, which it initialises. */
static ast_file *parse_into(arena *a, diag *d, const char *src) {
    arena_init(a);
    diag_init(d);
    return parse_file(a, d, "x.go", src, strlen(src));
}

/* Parses src as x.go with no error limit; returns the diagnostics text
 * (malloc'd) and, in *dump, the S-expression of the tree (malloc'd). */
static char *parse(const char *src, char **dump, int limit) {
    arena a;
    diag d;
    arena_init(&a);
    diag_init(&d);
    d.limit = limit;
    ast_file *f = parse_file(&a, &d, "x.go", src, strlen(src));
    char *out = NULL, *tree = NULL;
    size_t n = 0, tn = 0;
    FILE *m = open_memstream(&out, &n);
    diag_print(&d, m);
    fclose(m);
    if (dump) {
        FILE *t = open_memstream(&tree, &tn);
        ast_print_file(t, f);
        fclose(t);
        *dump = tree;
    }
    diag_free(&d);
    arena_free(&a);
    return out;
}

/* ---- valid programs ---- */

static const struct {
    const char *src, *tree;
} trees[] = {
    {"package p; import (\"fmt\"; m \"math\"; . \"os\"; _ \"sort\")",
     "(file p\n  (import (spec _ (lit \"fmt\")) (spec m (lit \"math\")) (spec . (lit \"os\")) (spec _ (lit \"sort\")))\n)\n"},
    {"package p; const (a = iota; b; c int = 2)",
     "(file p\n  (const (spec (a) _ iota) (spec (b) _) (spec (c) int (lit 2)))\n)\n"},
    {"package p; var x, y = 1, \"s\"; var z []map[string]*T",
     "(file p\n  (var (spec (x y) _ (lit 1) (lit \"s\")))\n  (var (spec (z) (slicetype (maptype string (star T)))))\n)\n"},
    {"package p; type A = [3]int; type C chan<- <-chan int; type F func(int, ...string) (r error)",
     "(file p\n  (type (spec A = (arraytype (lit 3) int)))\n  (type (spec C (chantype send (chantype recv int))))\n"
     "  (type (spec F (functype (params (field int) (field (ellipsis string))) (results (field r error)))))\n)\n"},
    {"package p; type S struct { a, b int `tag`; T; *U; p.V }",
     "(file p\n  (type (spec S (struct (fields (field a b int (lit `tag`)) (field T) (field (star U)) (field (sel p V))))))\n)\n"},
    {"package p; type I interface { M(x int) bool; io.Reader }",
     "(file p\n  (type (spec I (interface (elems (field M (functype (params (field x int)) (results (field bool)))) (field (sel io Reader))))))\n)\n"},
    {"package p; func (t *T) M() {}",
     "(file p\n  (func (recv (field t (star T))) M (functype (params) (results)) (block))\n)\n"},
    {"package p; func f() { x := a + b*c; x += 1; x++; ch <- x; <-ch; return }",
     "(file p\n  (func f (functype (params) (results)) (block (assign := (x) (binary + a (binary * b c))) (assign += (x) (lit 1)) (++ x) (send ch x) (expr (unary <- ch)) (return)))\n)\n"},
    {"package p; func f() { if x := f(); x > 0 { } else if y { } else { } }",
     "(file p\n  (func f (functype (params) (results)) (block (if (assign := (x) (call f)) (binary > x (lit 0)) (block) (if _ y (block) (block)))))\n)\n"},
    {"package p; func f() { for i := 0; i < n; i++ {}; for k, v := range m {}; for range c {}; for {} }",
     "(file p\n  (func f (functype (params) (results)) (block (for (assign := (i) (lit 0)) (binary < i n) (++ i) (block)) "
     "(range := k v m (block)) (range _ _ _ c (block)) (for _ _ _ (block))))\n)\n"},
    {"package p; func f() { switch x := v.(type) { case int, nil: default: } }",
     "(file p\n  (func f (functype (params) (results)) (block (typeswitch _ x v (case (int nil)) (default))))\n)\n"},
    {"package p; func f() { switch { case a: fallthrough; case b: } }",
     "(file p\n  (func f (functype (params) (results)) (block (switch _ _ (case (a) (fallthrough)) (case (b)))))\n)\n"},
    {"package p; func f() { select { case v, ok := <-c: case c <- 1: default: } }",
     "(file p\n  (func f (functype (params) (results)) (block (select (comm (assign := (v ok) (unary <- c))) (comm (send c (lit 1))) (comm _))))\n)\n"},
    {"package p; func f() { L: for { break L; continue L }; goto L }",
     "(file p\n  (func f (functype (params) (results)) (block (label L (for _ _ _ (block (break L) (continue L)))) (goto L)))\n)\n"},
    {"package p; func f() { go g(); defer func() { recover() }() }",
     "(file p\n  (func f (functype (params) (results)) (block (go (call g)) (defer (call (funclit (functype (params) (results)) (block (expr (call recover))))))))\n)\n"},
    {"package p; var _ = []T{{1, 2}, 3: {}}; var _ = &T{a: 1}; var _ = s[1:2:3]; var _ = s[:]; var _ = x.(T); var _ = T.M",
     "(file p\n  (var (spec (_) _ (composite (slicetype T) (composite _ (lit 1) (lit 2)) (kv (lit 3) (composite _)))))\n"
     "  (var (spec (_) _ (unary & (composite T (kv a (lit 1))))))\n  (var (spec (_) _ (slice3 s (lit 1) (lit 2) (lit 3))))\n"
     "  (var (spec (_) _ (slice s _ _)))\n  (var (spec (_) _ (assert x T)))\n  (var (spec (_) _ (sel T M)))\n)\n"},
    {"package p; func f() { if x == (T{}) {}; for _, v := range []int{1} {} }",
     "(file p\n  (func f (functype (params) (results)) (block (if _ (binary == x (paren (composite T))) (block)) (range := _ v (composite (slicetype int) (lit 1)) (block))))\n)\n"},
    {"package p; var _ = <-chan int(nil); var _ = (*T)(nil); var _ = f(a, b...); var _ = 1.5e3 + 0x1p-2 + 'x' + 1i",
     "(file p\n  (var (spec (_) _ (unary <- (call (chantype both int) nil))))\n  (var (spec (_) _ (call (paren (star T)) nil)))\n"
     "  (var (spec (_) _ (call f a b ...)))\n  (var (spec (_) _ (binary + (binary + (binary + (lit 1.5e3) (lit 0x1p-2)) (lit 'x')) (lit 1i))))\n)\n"},
};

static void test_trees(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof trees / sizeof trees[0]; i++) {
        char *tree;
        char *errs = parse(trees[i].src, &tree, 0);
        if (strcmp(errs, "") != 0 || strcmp(tree, trees[i].tree) != 0)
            print_error("case %zu: %s\nerrors:\n%sgot:\n%swant:\n%s", i, trees[i].src, errs, tree, trees[i].tree);
        assert_string_equal(errs, "");
        assert_string_equal(tree, trees[i].tree);
        free(tree);
        free(errs);
    }
}

/* ---- errors, as Go 1.19 reports them ---- */

static const struct {
    const char *src, *want;
} errcases[] = {
    {"package p\n\nvar _ = 1 @ 2\n",
     "x.go:3:11: invalid character U+0040 '@'\nx.go:3:13: syntax error: unexpected literal 2 after top level declaration\n"},
    {"package p\n\nvar _ = 0128\n",
     "x.go:3:12: invalid digit '8' in octal literal\n"},
    {"package p\n\nvar _ = 0x\n",
     "x.go:3:11: hexadecimal literal has no digits\n"},
    {"package p\n\nvar _ = 1e\n",
     "x.go:3:11: exponent has no digits\n"},
    {"package p\n\nvar _ = 0x1.0\n",
     "x.go:3:14: hexadecimal mantissa requires a 'p' exponent\n"},
    {"package p\n\nvar _ = 0b102\n",
     "x.go:3:13: invalid digit '2' in binary literal\n"},
    {"package p\n\nvar _ = 1__0\n",
     "x.go:3:11: '_' must separate successive digits\n"},
    {"package p\n\nvar _ = 0o1.5\n",
     "x.go:3:12: invalid radix point in octal literal\n"},
    {"package p\n\nvar _ = 0b1e3\n",
     "x.go:3:12: 'e' exponent requires decimal mantissa\n"},
    {"package p\n\nvar _ = 0x1p\n",
     "x.go:3:13: exponent has no digits\n"},
    {"package p\n\nvar _ = ''\n",
     "x.go:3:10: empty rune literal or unescaped '\n"},
    {"package p\n\nvar _ = 'ab'\n",
     "x.go:3:9: more than one character in rune literal\n"},
    {"package p\n\nvar _ = '\\q'\n",
     "x.go:3:11: unknown escape\n"},
    {"package p\n\nvar _ = \"\\x4g\"\n",
     "x.go:3:13: invalid character 'g' in hexadecimal escape\n"},
    {"package p\n\nvar _ = \"\\400\"\n",
     "x.go:3:14: octal escape value 256 > 255\n"},
    {"package p\n\nvar _ = \"\\uD800\"\n",
     "x.go:3:16: escape is invalid Unicode code point U+D800\n"},
    {"package p\n\nvar _ = \"abc\n",
     "x.go:3:13: newline in string\n"},
    {"package p\n\nvar _ = 'a\n",
     "x.go:3:11: newline in rune literal\n"},
    {"package p\n\nvar _ = `abc\n",
     "x.go:3:9: string not terminated\n"},
    {"package p\n\n/* unterminated\n",
     "x.go:3:1: comment not terminated\n"},
    {"package p\n\nvar _ = 1 # 2\n",
     "x.go:3:11: invalid character U+0023 '#'\nx.go:3:13: syntax error: unexpected literal 2 after top level declaration\n"},
    {"package p\n\nvar ١x = 1\n",
     "x.go:3:5: identifier cannot begin with digit U+0661 '١'\n"},
    {"package p\n\nvar x$ = 1\n",
     "x.go:3:6: invalid character U+0024 '$'\n"},
    {"package p\n\nvar _ = 1_\n",
     "x.go:3:10: '_' must separate successive digits\n"},
    {"package p\n\nfunc f() { x := 1 +; }\n",
     "x.go:3:20: syntax error: unexpected semicolon, expecting expression\n"},
    {"package p\n\nfunc f() { if x := 1 {} }\n",
     "x.go:3:17: syntax error: cannot use x := 1 as value\n"},
    {"package p\n\nfunc f() { for i := 0; i < 3; i := 1 {} }\n",
     "x.go:3:33: syntax error: cannot declare in post statement of for loop\n"},
    {"package p\n\nfunc f() { go f }\n",
     "x.go:3:15: expression in go must be function call\n"},
    {"package p\n\nfunc f() { defer (f()) }\n",
     "x.go:3:18: expression in defer must not be parenthesized\n"},
    {"package p\n\nfunc f() { L: }\n",
     "x.go:3:12: label L defined and not used\n"},
    {"package p\n\nfunc f() { break }\n",
     "x.go:3:12: break is not in a loop, switch, or select\n"},
    {"package p\n\nfunc f() { continue }\n",
     "x.go:3:12: continue is not in a loop\n"},
    {"package p\n\nfunc f() { L: for { break M } }\n",
     "x.go:3:12: label L defined and not used\nx.go:3:27: break label not defined: M\n"},
    {"package p\n\nfunc f() { goto L }\n",
     "x.go:3:17: label L not defined\n"},
    {"package p\n\nfunc f() { switch { case 1: fallthrough } }\n",
     "x.go:3:29: cannot fallthrough final case in switch\n"},
    {"package p\n\nfunc f() { var x interface{}; switch x.(type) { case int: fallthrough; default: } }\n",
     "x.go:3:59: cannot fallthrough in type switch\n"},
    {"package p\n\nfunc f[T any]() {}\n",
     "x.go:3:7: generics are not supported by gort\n"},
    {"package p\n\ntype T[P any] struct{}\n",
     "x.go:3:7: generics are not supported by gort\n"},
    {"package p\n\nx := 1\n",
     "x.go:3:1: syntax error: non-declaration statement outside function body\n"},
    {"package p\n\nfunc f() { a[] }\n",
     "x.go:3:14: syntax error: unexpected ], expecting operand\n"},
    {"package p\n\nfunc f() { a[1:2:] }\n",
     "x.go:3:18: final index required in 3-index slice\n"},
    {"package p\n\nfunc f() { if x = 1 {} }\n",
     "x.go:3:17: syntax error: cannot use assignment (x) = (1) as value\n"},
    {"package p\n\nfunc f() { else {} }\n",
     "x.go:3:12: syntax error: unexpected else, expecting }\n"},
    {"package p\n\nfunc f() { if true {} else for {} }\n",
     "x.go:3:28: syntax error: else must be followed by if or statement block\n"},
    {"package p\n\nfunc (a, b T) m() {}\n",
     "x.go:3:15: method has multiple receivers\n"},
    {"package p\n\nfunc () m() {}\n",
     "x.go:3:9: method has no receiver\n"},
    {"package p\n\nfunc f(a, b int, c) {}\n",
     "x.go:3:18: syntax error: mixed named and unnamed parameters\n"},
    {"package p\n\ntype T struct { (T) }\n",
     "x.go:3:17: syntax error: cannot parenthesize embedded type\n"},
    {"package p\n\nfunc f() { x := []int{1, 2\n",
     "x.go:3:27: syntax error: unexpected newline in composite literal; possibly missing comma or }\n"},
    {"package p\n\n} }\n",
     "x.go:3:1: syntax error: non-declaration statement outside function body\n"},
    {"package p\n\nfunc f() { switch x { default: } ; select { x } }\n",
     "x.go:3:45: syntax error: unexpected x, expecting case or default or }\n"},
    {"package p\n\nfunc f() { for var i = 0; i < 1; i++ {} }\n",
     "x.go:3:20: syntax error: var declaration not allowed in for initializer\n"},
    {"package p\n\n{\n",
     "x.go:3:1: syntax error: non-declaration statement outside function body\n"},
    {"package p\n\n}\n",
     "x.go:3:1: syntax error: non-declaration statement outside function body\n"},
    {"package p\nfunc f()\n{\n}\n",
     "x.go:3:1: syntax error: unexpected semicolon or newline before {\n"},
    {"package p\nfunc f() {\n\tgoto L\n\tx := 1\n\t_ = x\nL:\n\t{\n\tM:\n\t}\n\tgoto M\n}\n",
     "x.go:3:7: goto L jumps over declaration of x at x.go:4:4\nx.go:10:7: goto M jumps into block starting at x.go:7:2\n"},
    {"package p\nfunc f() {\n\tx := 1 +\n\tif x = 1 {\n\t}\n\tfor i := 0; i < 3; i := 1 {}\n\tvar a [3]int = [3]int{1, 2\n\t}\n}\n",
     "x.go:4:2: syntax error: unexpected if, expecting expression\nx.go:6:23: syntax error: cannot declare in post statement of for loop\n"
     "x.go:7:28: syntax error: unexpected newline in composite literal; possibly missing comma or }\n"},
    {"x := 1\n", "x.go:1:1: syntax error: package statement must be first\n"},
    {"package p\nfunc f() { L: L: for {} }\n",
     "x.go:2:12: label L defined and not used\nx.go:2:15: label L already defined at x.go:2:12\n"},
};

static void test_errors(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof errcases / sizeof errcases[0]; i++) {
        char *errs = parse(errcases[i].src, NULL, 0);
        if (strcmp(errs, errcases[i].want) != 0)
            print_error("case %zu: %s\ngot:\n%swant:\n%s", i, errcases[i].src, errs, errcases[i].want);
        assert_string_equal(errs, errcases[i].want);
        free(errs);
    }
}

static void test_too_many(void **state) {
    (void)state;
    char src[4096] = "package p\nfunc f() {\n";
    for (int i = 0; i < 12; i++)
        strcat(src, "\tgoto L\n");
    strcat(src, "}\n");
    char *errs = parse(src, NULL, 10);
    const char *last = strstr(errs, "x.go:12:7: too many errors\n");
    assert_non_null(last);
    int lines = 0;
    for (const char *c = errs; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 11);
    free(errs);
}

/* Nesting is bounded (the parser recurses per level): one error, no crash. */
static void test_nesting(void **state) {
    (void)state;
    static const char *const shapes[][2] = {
        {"var x = ", "("}, {"func f() {", "{"}, {"var x ", "[]"}, {"var x = 1", "+1"}, {"var x = T{", "{"},
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        size_t n = strlen(shapes[i][1]);
        char *src = malloc(64 + 5000 * n);
        strcpy(src, "package p\n");
        strcat(src, shapes[i][0]);
        char *e = src + strlen(src);
        for (int k = 0; k < 5000; k++, e += n)
            memcpy(e, shapes[i][1], n);
        strcpy(e, "\n");
        char *errs = parse(src, NULL, 0);
        assert_non_null(strstr(errs, "syntax error: nesting too deep (more than 1000 levels)\n"));
        assert_string_equal(strchr(errs, '\n'), "\n"); /* one line: nothing after */
        free(errs);
        free(src);
    }
}

static void test_pragmas(void **state) {
    (void)state;
    const char *src = "package p\n\n//gort:extern puts\n//go:noinline\nfunc f()\n\n// not a pragma\nfunc g() {}\n";
    arena a;
    diag d;
    ast_file *f = parse_into(&a, &d, src);
    assert_int_equal(d.n, 0);
    assert_int_equal(f->decls.n, 2);
    const ast_decl *fd = f->decls.v[0];
    assert_int_equal(fd->func.npragmas, 2);
    assert_string_equal(fd->func.pragmas[0].text, "//gort:extern puts");
    assert_int_equal(fd->func.pragmas[0].pos.line, 3);
    assert_string_equal(fd->func.pragmas[1].text, "//go:noinline");
    assert_null(fd->func.body);
    assert_int_equal(f->decls.v[1]->func.npragmas, 0);
    diag_free(&d);
    arena_free(&a);
}

static void test_positions(void **state) {
    (void)state;
    const char *src = "package p\nvar _ = a.b(c) + d[1]\n";
    arena a;
    diag d;
    ast_file *f = parse_into(&a, &d, src);
    assert_int_equal(f->nlines, 3);
    const ast_expr *e = f->decls.v[0]->gen.specs.v[0]->value.values.v[0];
    assert_int_equal(e->kind, E_BINARY);
    assert_int_equal(e->pos.line, 2);
    assert_int_equal(e->pos.col, 16); /* the operator */
    const ast_expr *call = e->binary.x;
    assert_int_equal(call->pos.col, 12);                  /* the ( */
    assert_int_equal(call->call.fun->pos.col, 10);        /* the . */
    assert_int_equal(ast_expr_start(e).col, 9);           /* a */
    assert_int_equal(e->binary.y->pos.col, 19);           /* the [ */
    char buf[64];
    ast_expr_string(buf, sizeof buf, e);
    assert_string_equal(buf, "a.b(c) + d[1]");
    diag_free(&d);
    arena_free(&a);
}

static void test_exprstring(void **state) {
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"[]int{1, 2}", "[]int{…}"},
        {"func(x int) string { return \"\" }", "func(x int) string {…}"},
        {"map[string]chan<- *T{}", "map[string]chan<- *T{}"},
        {"struct{a int}{}", "struct{a int}{}"},
        {"-x.(interface{M()})", "-x.(interface{M()})"},
        {"s[a:b:c]", "s[a:b:c]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char src[256], buf[256];
        snprintf(src, sizeof src, "package p\nvar _ = %s\n", cases[i].in);
        arena a;
        diag d;
        ast_file *f = parse_into(&a, &d, src);
        assert_int_equal(d.n, 0);
        ast_expr_string(buf, sizeof buf, f->decls.v[0]->gen.specs.v[0]->value.values.v[0]);
        assert_string_equal(buf, cases[i].out);
        diag_free(&d);
        arena_free(&a);
    }
}

/* Every file of the public gosuite list parses with no error. */
static void test_corpus(void **state) {
    (void)state;
    const char *root = "/usr/share/go-1.19/test";
    /* GORT_GOSUITE names the gosuite directory (public.tsv) */
    const char *dir = getenv("GORT_GOSUITE") ? getenv("GORT_GOSUITE") : "/work/shared/gosuite";
    char lpath[1024];
    snprintf(lpath, sizeof lpath, "%s/public.tsv", dir);
    FILE *list = fopen(lpath, "r");
    if (!list) {
        print_message("public.tsv not found: corpus check skipped\n");
        skip();
    }
    char line[1024];
    int files = 0;
    while (fgets(line, sizeof line, list)) {
        char *tab = strchr(line, '\t');
        if (!tab || strncmp(line, "path\t", 5) == 0)
            continue;
        *tab = 0;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", root, line);
        FILE *fp = fopen(path, "rb");
        if (!fp)
            continue;
        fseek(fp, 0, SEEK_END);
        long n = ftell(fp);
        fseek(fp, 0, SEEK_SET);
        char *src = malloc((size_t)n + 1);
        assert_int_equal(fread(src, 1, (size_t)n, fp), (size_t)n);
        fclose(fp);
        arena a;
        diag d;
        arena_init(&a);
        diag_init(&d);
        parse_file(&a, &d, line, src, (size_t)n);
        if (d.n)
            diag_print(&d, stderr);
        assert_int_equal(d.n, 0);
        diag_free(&d);
        arena_free(&a);
        free(src);
        files++;
    }
    fclose(list);
    print_message("%d gosuite files parsed\n", files);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trees),     cmocka_unit_test(test_errors),
        cmocka_unit_test(test_too_many),  cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_pragmas),
        cmocka_unit_test(test_positions), cmocka_unit_test(test_exprstring),
        cmocka_unit_test(test_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
