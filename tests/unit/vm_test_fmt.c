/*
 * vm_test_fmt.c: the fmt engine (vm/src/format.c) on gort_any values
 * built by hand, with hand-written type descriptors: no script, no code
 * generator. Every expected string is Go 1.19's output for the same
 * call (the Go program that printed them is in the comment above each
 * group), so the engine is held to Go byte for byte.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format.h"
#include "gort.h"

static int failures;

static void check(const char *what, fmtbuf *b, const char *want) {
    size_t n = strlen(want);
    if (b->n != n || memcmp(b->p, want, n) != 0) {
        fprintf(stderr, "FAIL %s\n  got:  %.*s\n  want: %s\n", what, (int)b->n, b->p ? b->p : "", want);
        failures++;
    }
    fmtbuf_free(b);
}

/* Sprintf with n operands. */
static void sprintf_check(const char *want, const char *format, int n, ...) {
    gort_any args[32];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) args[i] = va_arg(ap, gort_any);
    va_end(ap);
    fmtbuf b = {0};
    fmt_sprintf(&b, NULL, format, strlen(format), args, n);
    check(format, &b, want);
}

/* Boxed operands (heap copies, as an interface holds them). */
static gort_any I(int64_t v) { return gort_box(&gort_type_int, &v); }
static gort_any I8(int8_t v) { return gort_box(&gort_type_int8, &v); }
static gort_any U8(uint8_t v) { return gort_box(&gort_type_uint8, &v); }
static gort_any I16(int16_t v) { return gort_box(&gort_type_int16, &v); }
static gort_any U32(uint32_t v) { return gort_box(&gort_type_uint32, &v); }
static gort_any U64(uint64_t v) { return gort_box(&gort_type_uint64, &v); }
static gort_any I64(int64_t v) { return gort_box(&gort_type_int64, &v); }
static gort_any R(int32_t v) { return gort_box(&gort_type_int32, &v); }
static gort_any F(double v) { return gort_box(&gort_type_float64, &v); }
static gort_any F32(float v) { return gort_box(&gort_type_float32, &v); }
static gort_any B(bool v) { return gort_box(&gort_type_bool, &v); }
static gort_any S(const char *s) {
    gort_string v = {s, (intptr_t)strlen(s)};
    return gort_box(&gort_type_string, &v);
}
static gort_any SN(const char *s, size_t n) {
    gort_string v = {s, (intptr_t)n};
    return gort_box(&gort_type_string, &v);
}

/* ---- hand-written descriptors ---- */

static const gort_type t_any = {.size = 16, .align = 8, .name = "interface {}", .kind = GORT_KIND_INTERFACE};

typedef struct {
    gort_string name;
    int64_t age;
} P;
static const gort_field p_fields[] = {
    {"Name", &gort_type_string, offsetof(P, name), NULL, false},
    {"Age", &gort_type_int, offsetof(P, age), NULL, false},
};
static const gort_type t_P = {.size = sizeof(P), .align = 8, .name = "main.P", .kind = GORT_KIND_STRUCT,
                              .tflags = GORT_TFLAG_NAMED, .fields = p_fields, .nfields = 2};
static const gort_type t_pP = {.size = 8, .align = 8, .name = "*main.P", .kind = GORT_KIND_POINTER, .elem = &t_P};

static const gort_type t_ints = {.size = 24, .align = 8, .name = "[]int", .kind = GORT_KIND_SLICE,
                                 .elem = &gort_type_int};
static const gort_type t_strs = {.size = 24, .align = 8, .name = "[]string", .kind = GORT_KIND_SLICE,
                                 .elem = &gort_type_string};
static const gort_type t_int8s = {.size = 24, .align = 8, .name = "[]int8", .kind = GORT_KIND_SLICE,
                                  .elem = &gort_type_int8};
static const gort_type t_bytes = {.size = 24, .align = 8, .name = "[]uint8", .kind = GORT_KIND_SLICE,
                                  .elem = &gort_type_uint8};
static const gort_type t_bools2 = {.size = 2, .align = 1, .name = "[2]bool", .kind = GORT_KIND_ARRAY,
                                   .elem = &gort_type_bool, .len = 2};
static const gort_type t_anys = {.size = 24, .align = 8, .name = "[]interface {}", .kind = GORT_KIND_SLICE,
                                 .elem = &t_any};
static const gort_type t_pint = {.size = 8, .align = 8, .name = "*int", .kind = GORT_KIND_POINTER,
                                 .elem = &gort_type_int};
static const gort_type t_map_si = {.size = 8, .align = 8, .name = "map[string]int", .kind = GORT_KIND_MAP,
                                   .key = &gort_type_string, .elem = &gort_type_int};
static const gort_type t_map_is = {.size = 8, .align = 8, .name = "map[int]string", .kind = GORT_KIND_MAP,
                                   .key = &gort_type_int, .elem = &gort_type_string};

/* type Cel float64; func (c Cel) String() string { return fmt.Sprintf("%.1f°C", float64(c)) } */
static gort_string cel_string(const void *data) {
    fmtbuf b = {0};
    gort_any a = gort_box(&gort_type_float64, data);
    fmt_sprintf(&b, NULL, "%.1f°C", strlen("%.1f°C"), &a, 1);
    gort_string s = gort_string_new(b.p, (intptr_t)b.n);
    fmtbuf_free(&b);
    return s;
}
static const gort_type *const string_out[] = {&gort_type_string};
static const gort_type t_func_string = {.size = 8, .align = 8, .name = "func() string", .kind = GORT_KIND_FUNC,
                                        .out = string_out, .nout = 1};
static const gort_method cel_methods[] = {{"String", &t_func_string, (const void *)cel_string, NULL}};
static const gort_type t_Cel = {.size = 8, .align = 8, .name = "main.Cel", .kind = GORT_KIND_FLOAT64,
                                .tflags = GORT_TFLAG_NAMED, .methods = cel_methods, .nmethods = 1};
static const gort_type t_Cels = {.size = 24, .align = 8, .name = "[]main.Cel", .kind = GORT_KIND_SLICE,
                                 .elem = &t_Cel};
typedef struct {
    double a, b;
} AB;
static const gort_field ab_fields[] = {
    {"A", &t_Cel, 0, NULL, false},
    {"b", &t_Cel, 8, NULL, false},
};
static const gort_type t_AB = {.size = 16, .align = 8, .name = "struct { A main.Cel; main.b main.Cel }",
                               .kind = GORT_KIND_STRUCT, .fields = ab_fields, .nfields = 2};

/* The VM's side of methods, here: ifn is a C function. */
static bool call_string(void *ud, const gort_type *t, const gort_method *m, const void *data, gort_string *out,
                        gort_any *panicked) {
    (void)ud;
    (void)t;
    (void)panicked;
    gort_string (*fn)(const void *) = (gort_string(*)(const void *))m->ifn;
    *out = fn(data);
    return true;
}
static const fmt_env env = {call_string, NULL, NULL};

static gort_any slice_of(const gort_type *t, void *elems, intptr_t n) {
    gort_slice s = {elems, n, n};
    return gort_box(t, &s);
}

static void test_body(void *arg) {
    (void)arg;
    /* fmt.Sprintf("%d|%5d|%-5d|%05d|%x|%X|%o|%b|%+d|% d", 42, 42, 42, -42, 255, 255, 8, 5, 3, 7) */
    sprintf_check("42|   42|42   |-0042|ff|FF|10|101|+3| 7", "%d|%5d|%-5d|%05d|%x|%X|%o|%b|%+d|% d", 10, I(42),
                  I(42), I(42), I(-42), I(255), I(255), I(8), I(5), I(3), I(7));
    sprintf_check("héllo|\"a\\\"b\\n\"|        hi|hi        |hé|6869|68 69|0x6869|6869",
                  "%s|%q|%10s|%-10s|%.2s|%x|% x|%#x|%X", 9, S("héllo"), S("a\"b\n"), S("hi"), S("hi"), S("héllo"),
                  S("hi"), S("hi"), S("hi"), S("hi"));
    sprintf_check("3.141590|2.50|1.234568e+03|1.2345e-05|1e+21|1.23456789e+08|0.1|   3.142|+1.2e+04",
                  "%f|%.2f|%e|%g|%v|%v|%v|%8.3f|%+.1e", 9, F(3.14159), F(2.5), F(1234.5678), F(0.000012345),
                  F(1e21), F(123456789.0), F(0.1), F(3.14159), F(12345.678));
    {
        gort_any a[] = {S("a"), I(1), I(2), S("b"), F(3.5), B(true)};
        fmtbuf b = {0};
        fmt_sprint(&b, NULL, a, 6);
        check("Sprint", &b, "a1 2b3.5 true");
        gort_any c[] = {I(1), S("x"), GORT_NIL};
        fmt_sprintln(&b, NULL, c, 3);
        check("Sprintln", &b, "1 x <nil>\n");
    }
    sprintf_check("%!d(string=str) %!s(int=5)", "%d %s", 2, S("str"), I(5));
    sprintf_check("%!d(MISSING)", "%d", 0);
    sprintf_check("1%!(EXTRA int=2)", "%d", 2, I(1), I(2));
    sprintf_check("%!(NOVERB)", "%", 0);
    sprintf_check("%!z(int=3)", "%z", 1, I(3));
    sprintf_check("A|'é'|U+1F600|U+0078 'x'|'\\''|'\\n'", "%c|%q|%U|%#U|%q|%q", 6, R('A'), R(0xE9), R(0x1F600),
                  R('x'), R('\''), R('\n'));
    sprintf_check("int string float64 <nil>", "%T %T %T %T", 4, I(1), S("s"), F(2.5), GORT_NIL);
    sprintf_check("true|false| true|%!d(bool=true)", "%t|%v|%5t|%d", 4, B(true), B(false), B(true), B(true));
    sprintf_check("NaN|+Inf|-0|-Inf| -Inf|-003.142|+0.667|1e-07", "%v|%v|%v|%v|%5.1f|%08.3f|%+.3g|%g", 8, F(NAN),
                  F(INFINITY), F(-0.0), F(-INFINITY), F(-INFINITY), F(-3.14159), F(2.0 / 3), F(1e-7));
    {
        gort_any a[] = {F32(0.1f), F32(16777216.0f), F32(1.0f / 3)};
        fmtbuf b = {0};
        fmt_sprint(&b, NULL, a, 3);
        check("Sprint float32", &b, "0.1 1.6777216e+07 0.33333334");
    }
    sprintf_check("18446744073709551615|-9223372036854775808|-ff|-10|010|0b101", "%d|%d|%x|%o|%#o|%#b", 6,
                  U64(UINT64_MAX), I64(INT64_MIN), I(-255), I(-8), I(8), I(5));
    sprintf_check("   42|7   |3.14|2|007|  -007|", "%*d|%-*d|%.*f|%.0f|%.3d|%6.3d|%.0d", 10, I(5), I(42), I(4), I(7),
                  I(2), F(3.14159), F(2.5), I(7), I(-7), I(0));
    sprintf_check("tab\there|1.5|\"☺\\x00\\u00a0\\u200b\"", "%v|%+v|%q", 3, S("tab\there"), F(1.5),
                  SN("☺\0\u00a0\u200b", 9));
    {
        P p1 = {{"Bob", 3}, 30};
        P *p2 = gort_new(&t_P);
        *p2 = (P){{"Al", 2}, 2};
        sprintf_check("{Bob 30} {Name:Bob Age:30} &{Al 2}", "%v %+v %v", 3, gort_box(&t_P, &p1),
                      gort_box(&t_P, &p1), gort_box(&t_pP, &p2));
    }
    {
        int64_t ints[] = {1, 2, 3};
        gort_string strs[] = {{"a", 1}, {"b", 1}};
        int8_t i8[] = {-1, 2};
        bool b2[2] = {true, false};
        sprintf_check("[1 2 3] [\"a\" \"b\"] [] [-1 2] [true false]", "%v %q %v %d %v", 5,
                      slice_of(&t_ints, ints, 3), slice_of(&t_strs, strs, 2), slice_of(&t_ints, NULL, 0),
                      slice_of(&t_int8s, i8, 2), gort_box(&t_bools2, b2));
    }
    {
        gort_map *m1 = gort_map_make(&gort_type_string, &gort_type_int, 0);
        const char *keys[] = {"b", "a", "c"};
        for (int i = 0; i < 3; i++) {
            gort_string k = {keys[i], 1};
            int64_t v = (2 - i + 3) % 3; /* b:2 a:1 c:0 */
            gort_map_store(m1, &k, &v);
        }
        gort_map *m2 = gort_map_make(&gort_type_int, &gort_type_string, 0);
        int64_t k3 = 3, km = -1;
        gort_string vc = {"c", 1}, vm = {"m", 1};
        gort_map_store(m2, &k3, &vc);
        gort_map_store(m2, &km, &vm);
        gort_map *m3 = NULL;
        sprintf_check("map[a:1 b:2 c:0] map[-1:m 3:c] map[]", "%v %v %v", 3, gort_box(&t_map_si, &m1),
                      gort_box(&t_map_is, &m2), gort_box(&t_map_si, &m3));
    }
    {
        uint8_t b1[] = {1, 171};
        sprintf_check("01ab|hi|6869|01 02 03|\"q\"", "%x|%s|%X|% x|%q", 5, slice_of(&t_bytes, b1, 2),
                      slice_of(&t_bytes, "hi", 2), slice_of(&t_bytes, "hi", 2), slice_of(&t_bytes, "\1\2\3", 3),
                      slice_of(&t_bytes, "q", 1));
    }
    {
        int64_t *nilp = NULL;
        gort_any elems[] = {I(1), S("a"), GORT_NIL, F(2.5)};
        /* []any's elements are interface values: (type, data) words */
        sprintf_check("<nil>|[1 %!d(string=a) <nil> %!d(float64=2.5)]", "%v|%d", 2, gort_box(&t_pint, &nilp),
                      slice_of(&t_anys, elems, 4));
    }
    {
        /* fmt.Sprintf("%v|%s|%d|%v|%x|%6v|%-7s|", Cel(21.5), Cel(-3), Cel(1), []Cel{1, 2}, Cel(0), Cel(2), Cel(3)) */
        double c[] = {21.5, -3, 1, 0, 2, 3};
        double cs[] = {1, 2};
        gort_any a[] = {gort_box(&t_Cel, &c[0]), gort_box(&t_Cel, &c[1]), gort_box(&t_Cel, &c[2]),
                        slice_of(&t_Cels, cs, 2), gort_box(&t_Cel, &c[3]), gort_box(&t_Cel, &c[4]),
                        gort_box(&t_Cel, &c[5])};
        const char *f = "%v|%s|%d|%v|%x|%6v|%-7s|";
        fmtbuf b = {0};
        fmt_sprintf(&b, &env, f, strlen(f), a, 7);
        check("Stringer", &b, "21.5°C|-3.0°C|%!d(main.Cel=1)|[1.0°C 2.0°C]|302e30c2b043| 2.0°C|3.0°C  |");
        /* struct{ A, b Cel }{1, 2}: no String through an unexported field */
        AB ab = {1, 2};
        gort_any s = gort_box(&t_AB, &ab);
        fmt_sprintf(&b, &env, "%v", 2, &s, 1);
        check("unexported field", &b, "{1.0°C 2}");
    }
    sprintf_check("  3.14|1.234e+03|1E-10|1.000000E+100|1.23e+03|0.3333333333|100000|1e+06|1e-05",
                  "%6.2f|%-8.3e|%G|%E|%.3g|%.10g|%g|%g|%v", 9, F(3.14159), F(1234.5), F(1e-10), F(1e100),
                  F(1234.5678), F(1.0 / 3), F(100000.0), F(1000000.0), F(1e-5));
    sprintf_check("  \"a\"|z   |  é|e9|C3A9|00000101", "%5q|%-4c|%3c|%x|%X|%08b", 6, S("a"), R('z'), R(0xE9),
                  R(0xE9), S("é"), I(5));
    sprintf_check("-128 200 -5 4000000000", "%v %v %v %v", 4, I8(-128), U8(200), I16(-5), U32(4000000000u));
    sprintf_check("%!w(int=3)|%!!(MISSING)", "%w|%!", 1, I(3));
    {
        /* Errorf: %w takes an error operand and reports which */
        gort_any e = gort_any_error(gort_error_new("inner 1"));
        fmtbuf b = {0};
        int w;
        fmt_errorf(&b, NULL, "wrap: %w", 8, &e, 1, &w);
        check("Errorf %w", &b, "wrap: inner 1");
        assert_int_equal(w, 0);
        gort_any n = GORT_NIL;
        fmt_errorf(&b, NULL, "x %w", 4, &n, 1, &w);
        check("Errorf %w nil", &b, "x %!w(<nil>)");
        assert_int_equal(w, -1);
    }
}

static void test_fmt(void **state) {
    (void)state;
    gort_main(NULL, test_body, NULL);
    assert_int_equal(failures, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_fmt)};
    return cmocka_run_group_tests_name("vm_fmt", tests, NULL, NULL);
}
