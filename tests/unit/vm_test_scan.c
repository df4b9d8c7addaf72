/*
 * vm_test_scan.c: the scanner, the diagnostics list and the arena.
 *
 * Token streams are rendered one token per word (names and literals with
 * their text, automatic semicolons as ";nl" / ";eof", explicit ones as
 * ";") and compared with the expected stream; the semicolon rule gets a
 * case for each kind of token that ends a line. Source-level errors (NUL,
 * invalid UTF-8, BOM) are compared with Go 1.19's messages. Literal
 * decoding covers every escape. The diag cases pin Go's per-line filters,
 * sorting and the error limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ast.h"
#include "scan.h"

static char *tokens(const char *src, size_t len, char **errs) {
    arena a;
    diag d;
    scanner s;
    arena_init(&a);
    diag_init(&d);
    d.limit = 0;
    uint32_t fi = srcset_add(&d.files, "x.go", src, len);
    scan_init(&s, &a, &d, fi, src, len);
    char *out = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&out, &n);
    for (int i = 0; i < 1000; i++) {
        scan_next(&s);
        if (i)
            fputc(' ', m);
        switch (s.tok) {
        case T_EOF:
            fputs("EOF", m);
            break;
        case T_NAME:
            fputs(s.lit, m);
            break;
        case T_INT: case T_FLOAT: case T_IMAG: case T_CHAR: case T_STRING:
            fprintf(m, "%.*s", (int)s.litlen, s.lit);
            break;
        case T_SEMI:
            fputs(strcmp(s.lit, "newline") == 0 ? ";nl" : strcmp(s.lit, "EOF") == 0 ? ";eof" : ";", m);
            break;
        case T_ASSIGN_OP:
            fprintf(m, "%s=", token_text(s.op));
            break;
        default:
            fputs(token_text(s.tok), m);
            break;
        }
        if (s.tok == T_EOF)
            break;
    }
    fclose(m);
    if (errs) {
        char *e = NULL;
        size_t en = 0;
        FILE *em = open_memstream(&e, &en);
        diag_print(&d, em);
        fclose(em);
        *errs = e;
    }
    scan_free(&s);
    diag_free(&d);
    arena_free(&a);
    return out;
}

static void check(const char *src, const char *want) {
    char *errs;
    char *got = tokens(src, strlen(src), &errs);
    if (strcmp(got, want) != 0 || errs[0])
        print_error("src %s\ngot  %s\nwant %s\nerrors %s\n", src, got, want, errs);
    assert_string_equal(got, want);
    assert_string_equal(errs, "");
    free(got);
    free(errs);
}

static void test_tokens(void **state) {
    (void)state;
    check("a+=b<<=c&^=d&^e", "a += b <<= c &^= d &^ e ;eof EOF");
    check("x := <-ch; y... . .. ", "x := <- ch ; y ... . . . EOF");
    check("&& || == != <= >= < > ! ~ ++ -- % ^ | *", "&& || == != <= >= < > ! ~ ++ -- % ^ | * EOF");
    check("break case chan const continue default defer else fallthrough for func go goto if import",
          "break case chan const continue default defer else fallthrough for func go goto if import EOF");
    check("interface map package range return select struct switch type var iff _x",
          "interface map package range return select struct switch type var iff _x ;eof EOF");
    check("ä本 = 1", "ä本 = 1 ;eof EOF");
}

static void test_semicolons(void **state) {
    (void)state;
    /* a newline becomes ';' after names, literals, the four keywords and ++ -- ) ] } */
    check("x\n1\n1.5\n'a'\n\"s\"\n`r`\n1i\n", "x ;nl 1 ;nl 1.5 ;nl 'a' ;nl \"s\" ;nl `r` ;nl 1i ;nl EOF");
    check("break\ncontinue\nfallthrough\nreturn\n", "break ;nl continue ;nl fallthrough ;nl return ;nl EOF");
    check("x++\nx--\n)\n]\n}\n", "x ++ ;nl x -- ;nl ) ;nl ] ;nl } ;nl EOF");
    /* and not after operators, other keywords and openers */
    check("x +\ny\nif\n(\n{\n,\n", "x + y ;nl if ( { comma EOF");
    /* comments: a line comment ends the line; a block comment with a newline acts as one */
    check("x // c\ny /* a\nb */ z /* c */ w", "x ;nl y ;nl z w ;eof EOF");
    check("x;y", "x ; y ;eof EOF");
}

static void test_numbers(void **state) {
    (void)state;
    check("0 123 0x1F 0X_ff 0o17 0O7 0b101 0B_1 017 1_000", "0 123 0x1F 0X_ff 0o17 0O7 0b101 0B_1 017 1_000 ;eof EOF");
    check("1.5 .5 1. 1e10 1E+3 1.5e-3 0x1p4 0x.8p0 0X1P-2 1_0.2_5", "1.5 .5 1. 1e10 1E+3 1.5e-3 0x1p4 0x.8p0 0X1P-2 1_0.2_5 ;eof EOF");
    check("1i 0i 1.5i 0x1p2i 089i", "1i 0i 1.5i 0x1p2i 089i ;eof EOF");
}

static void test_source_errors(void **state) {
    (void)state;
    static const char src[] = "\xef\xbb\xbfpackage p\nvar _ = \"a\0b\"\nvar _ = \"\xff\"\nvar \xef\xbb\xbfx = 1\n";
    char *errs;
    free(tokens(src, sizeof src - 1, &errs));
    assert_string_equal(errs, "x.go:2:11: invalid NUL character\nx.go:3:10: invalid UTF-8 encoding\n"
                              "x.go:4:5: invalid BOM in the middle of the file\n");
    free(errs);
    /* a file starting with a BOM: columns count its bytes, as Go's do */
    char *got = tokens("\xef\xbb\xbfpackage", 10, &errs);
    assert_string_equal(got, "package EOF");
    assert_string_equal(errs, "");
    free(got);
    free(errs);
}

static void test_values(void **state) {
    (void)state;
    static const struct {
        const char *lit;
        const char *val;
        size_t len;
    } strs[] = {
        {"\"a\\tb\"", "a\tb", 3},
        {"\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\"", "\a\b\f\n\r\t\v\\\"", 9},
        {"\"\\x41\\101\\u00e4\\U0001F600\"", "AA\xc3\xa4\xf0\x9f\x98\x80", 8},
        {"\"\\xff\"", "\xff", 1},
        {"`a\\n\r\nb`", "a\\n\nb", 5},
        {"\"\"", "", 0},
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        char buf[64];
        size_t n = scan_unquote_string(strs[i].lit, strlen(strs[i].lit), buf);
        assert_int_equal(n, strs[i].len);
        assert_memory_equal(buf, strs[i].val, n);
    }
    assert_int_equal(scan_unquote_rune("'a'", 3), 'a');
    assert_int_equal(scan_unquote_rune("'\\n'", 4), '\n');
    assert_int_equal(scan_unquote_rune("'\\''", 4), '\'');
    assert_int_equal(scan_unquote_rune("'\\377'", 6), 255);
    assert_int_equal(scan_unquote_rune("'\\u00e4'", 8), 0xe4);
    assert_int_equal(scan_unquote_rune("'本'", 5), 0x672c);
}

static void test_diag(void **state) {
    (void)state;
    diag d;
    diag_init(&d);
    srcset_add(&d.files, "a.go", "", 0);
    srcset_add(&d.files, "b.go", "", 0);
    diag_errorf(&d, srcpos_make(1, 1, 1), "in b");
    diag_errorf(&d, srcpos_make(0, 5, 2), "syntax error: one");
    diag_errorf(&d, srcpos_make(0, 5, 9), "syntax error: two on the same line"); /* dropped */
    diag_errorf(&d, srcpos_make(0, 3, 1), "same");
    diag_errorf(&d, srcpos_make(0, 3, 4), "same"); /* same line and text: dropped */
    diag_errorf(&d, srcpos_make(0, 3, 4), "other");
    assert_int_equal(diag_count(&d), 4);
    assert_int_equal(d.nsyntax, 2);
    char *out = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&out, &n);
    diag_print(&d, m);
    fclose(m);
    assert_string_equal(out, "a.go:3:1: same\na.go:3:4: other\na.go:5:2: syntax error: one\nb.go:1:1: in b\n");
    free(out);
    diag_free(&d);

    diag_init(&d);
    srcset_add(&d.files, "a.go", "", 0);
    for (int i = 1; i <= 15; i++)
        diag_errorf(&d, srcpos_make(0, (uint32_t)(20 - i), 1), "e%d", i);
    assert_true(diag_full(&d));
    assert_int_equal(diag_count(&d), 10);
    out = NULL;
    m = open_memstream(&out, &n);
    diag_print(&d, m);
    fclose(m);
    assert_non_null(strstr(out, "a.go:10:1: e10\na.go:11:1: e9\n"));
    assert_non_null(strstr(out, "a.go:19:1: e1\na.go:10:1: too many errors\n"));
    free(out);
    diag_free(&d);
}

/* Line directives: the positions after them print relative to them, as
 * Go's do (checked against go tool compile); bad numbers get Go's errors. */
static void test_line_directives(void **state) {
    (void)state;
    static const char src[] = "package p\n"             /* 1 */
                              "//line a.go:100\n"       /* 2 */
                              "var x\n"                 /* 3: a.go:100, no column */
                              "var y /*line b.go:7:3*/z\n" /* 4 */
                              "//line :50:10\n"         /* 5 */
                              "var w\n"                 /* 6: b.go:50:10 */
                              "//line c.go:\n"          /* 7: invalid line number */
                              "//line c.go:5:0\n"       /* 8: invalid column number */
                              "  //line d.go:1\n"       /* 9: not in column 1: a comment */
                              "/*line e.go:9:9\n*/v\n";  /* 10: spans lines: a comment */
    arena a;
    diag d;
    scanner s;
    arena_init(&a);
    diag_init(&d);
    d.limit = 0;
    uint32_t fi = srcset_add(&d.files, "x.go", src, sizeof src - 1);
    scan_init(&s, &a, &d, fi, src, sizeof src - 1);
    srcpos at[8];
    int n = 0;
    for (int i = 0; i < 100; i++) {
        scan_next(&s);
        if (s.tok == T_EOF) break;
        if (s.tok == T_NAME && n < 8) at[n++] = scan_pos(&s);
    }
    assert_int_equal(n, 6); /* p x y z w v */
    static const char *want[] = {"x.go:1:9", "a.go:100[x.go:3:5]", "a.go:101[x.go:4:5]", "b.go:7:3[x.go:4:24]",
                                 "b.go:50:14[x.go:6:5]", "b.go:55:3[x.go:11:3]"};
    char buf[128];
    for (int i = 0; i < n; i++) {
        srcpos_format(&d.files, at[i], buf, sizeof buf);
        assert_string_equal(buf, want[i]);
    }
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    diag_print(&d, m);
    fclose(m);
    assert_string_equal(out, "b.go:51:13: invalid line number: \nb.go:52:15: invalid column number: 0\n");
    free(out);
    scan_free(&s);
    diag_free(&d);
    arena_free(&a);
}

static void test_arena(void **state) {
    (void)state;
    arena a;
    arena_init(&a);
    const char *x = arena_intern(&a, "hello", 5);
    const char *y = arena_intern(&a, "hello world", 5);
    assert_ptr_equal(x, y);
    assert_string_equal(x, "hello");
    assert_ptr_not_equal(arena_intern(&a, "hell", 4), x);
    for (int i = 0; i < 100000; i++) {
        char buf[16];
        int n = snprintf(buf, sizeof buf, "n%d", i);
        const char *p = arena_intern(&a, buf, (size_t)n);
        assert_ptr_equal(p, arena_intern(&a, buf, (size_t)n));
    }
    char *big = arena_alloc(&a, 10 << 20); /* a chunk of its own */
    for (size_t i = 0; i < (10u << 20); i += 4096)
        assert_int_equal(big[i], 0);
    int *small = ARENA_ARRAY(&a, int, 10);
    for (int i = 0; i < 10; i++)
        assert_int_equal(small[i], 0);
    assert_ptr_equal(x, arena_intern(&a, "hello", 5));
    assert_string_equal(arena_printf(&a, "%d-%s", 7, "x"), "7-x");
    arena_free(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens),        cmocka_unit_test(test_semicolons),
        cmocka_unit_test(test_numbers),       cmocka_unit_test(test_source_errors),
        cmocka_unit_test(test_values),        cmocka_unit_test(test_diag),
        cmocka_unit_test(test_line_directives),
        cmocka_unit_test(test_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
