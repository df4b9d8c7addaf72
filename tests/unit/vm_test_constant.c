/*
 * vm_test_constant.c: exact constants (vm/src/constant.c,
 * docs/design/constants.md).
 *
 * The expected values in vm_constant_cases.h were printed by Go 1.19's
 * go/constant and the type checker's representability rules
 * (tests/unit/go/constant_oracle). The messages at the end were printed by
 * `go tool compile -p=p -C -e` on the Go lines quoted beside them; the test
 * assembles the same sentences from this package's answers.
 *
 * test_parallel runs compilations' constant work in several threads at once
 * (no shared state): GORT_TEST_CONCURRENCY GORT_TEST_ASAN_TOO, so it runs
 * under TSan as well as ASan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "constant.h"

struct lit_case {
    gconst_lit kind;
    const char *text, *str, *exact;
};
struct bin_case {
    gconst_lit xk;
    const char *x, *op;
    gconst_lit yk;
    const char *y, *want;
};
struct un_case {
    const char *op;
    gconst_lit xk;
    const char *x;
    unsigned prec;
    const char *want;
};
struct shift_case {
    gconst_lit xk;
    const char *x, *op;
    unsigned s;
    const char *want;
    size_t bitlen;
};
struct repr_case {
    gconst_lit xk;
    const char *x, *from, *to;
    gconst_repr want;
    const char *out;
};
struct conv_case {
    gconst_lit xk;
    const char *x, *from, *want;
};
struct f64_case {
    gconst_lit xk;
    const char *x;
    unsigned long long bits;
    bool exact;
    unsigned bits32;
    bool exact32;
};

#include "vm_constant_cases.h"

typedef struct {
    arena a;
    gconst_ctx c;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    arena_init(&f->a);
    gconst_ctx_init(&f->c, &f->a);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    gconst_ctx_free(&f->c);
    gconst_ctx_free(&f->c); /* idempotent */
    arena_free(&f->a);
    free(f);
    return 0;
}

/* A literal, optionally negated (a leading '-' as in the oracle's tables). */
static gconst *lit(gconst_ctx *c, gconst_lit k, const char *s) {
    bool neg = s[0] == '-';
    gconst *x = gconst_literal(c, k, s + neg, strlen(s + neg));
    if (!x)
        fail_msg("literal %s did not parse", s);
    if (neg)
        x = gconst_unary(c, GCONST_SUB, x, 0, false, NULL);
    return x;
}

static gconst_op opof(const char *s) {
    static const struct {
        const char *s;
        gconst_op op;
    } t[] = {
        {"+", GCONST_ADD}, {"-", GCONST_SUB}, {"*", GCONST_MUL}, {"/", GCONST_QUO},
        {"quo", GCONST_QUO_INT}, {"%", GCONST_REM}, {"&", GCONST_AND}, {"|", GCONST_OR},
        {"^", GCONST_XOR}, {"&^", GCONST_AND_NOT}, {"==", GCONST_EQL}, {"!=", GCONST_NEQ},
        {"<", GCONST_LSS}, {"<=", GCONST_LEQ}, {">", GCONST_GTR}, {">=", GCONST_GEQ},
        {"<<", GCONST_SHL}, {">>", GCONST_SHR},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i].s, s) == 0)
            return t[i].op;
    fail_msg("no operator %s", s);
    return GCONST_ADD;
}

static gconst_basic basicof(const char *s) {
    for (int t = GCONST_T_BOOL; t <= GCONST_T_UNTYPED_STRING; t++)
        if (strcmp(gconst_basic_name((gconst_basic)t), s) == 0)
            return (gconst_basic)t;
    fail_msg("no type %s", s);
    return GCONST_T_BOOL;
}

#define CHECK_STR(got, want, what)                                                     \
    do {                                                                               \
        const char *g_ = (got), *w_ = (want);                                          \
        if (strcmp(g_, w_) != 0)                                                       \
            fail_msg("%s: got %s, want %s", (what), g_, w_);                           \
    } while (0)

static void test_literals(void **state) {
    fixture *f = *state;
    for (size_t i = 0; i < sizeof lit_cases / sizeof lit_cases[0]; i++) {
        const struct lit_case *t = &lit_cases[i];
        gconst *x = lit(&f->c, t->kind, t->text);
        CHECK_STR(gconst_str(&f->c, x), t->str, t->text);
        if (t->exact)
            CHECK_STR(gconst_exact_str(&f->c, x), t->exact, t->text);
        char buf[8];
        size_t n = gconst_format(buf, sizeof buf, x);
        assert_int_equal(n, strlen(t->str));
        assert_int_equal(strncmp(buf, t->str, 7), 0);
    }
}

static void test_bad_literals(void **state) {
    fixture *f = *state;
    static const struct {
        gconst_lit k;
        const char *s;
    } bad[] = {
        {GCONST_LIT_INT, "08"}, {GCONST_LIT_INT, "0x"}, {GCONST_LIT_INT, "12a"},
        {GCONST_LIT_FLOAT, "0x1.8"}, {GCONST_LIT_FLOAT, "1e"}, {GCONST_LIT_FLOAT, "1.2.3"},
        {GCONST_LIT_CHAR, "'ab'"}, {GCONST_LIT_CHAR, "''"}, {GCONST_LIT_CHAR, "'\\400'"},
        {GCONST_LIT_CHAR, "'\\uD800'"}, {GCONST_LIT_CHAR, "'\\q'"}, {GCONST_LIT_STRING, "\"abc"},
        {GCONST_LIT_STRING, "\"\\'\""}, {GCONST_LIT_STRING, "\"\\x4\""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (gconst_literal(&f->c, bad[i].k, bad[i].s, strlen(bad[i].s)))
            fail_msg("%s parsed", bad[i].s);
}

static void test_binary(void **state) {
    fixture *f = *state;
    for (size_t i = 0; i < sizeof bin_cases / sizeof bin_cases[0]; i++) {
        const struct bin_case *t = &bin_cases[i];
        gconst *x = lit(&f->c, t->xk, t->x), *y = lit(&f->c, t->yk, t->y);
        gconst_err err;
        gconst *r = gconst_binary(&f->c, x, opof(t->op), y, &err);
        char what[256];
        snprintf(what, sizeof what, "%s %s %s", t->x, t->op, t->y);
        assert_int_equal(err, GCONST_OK);
        CHECK_STR(gconst_str(&f->c, r), t->want, what);
        if (gconst_kind_of(r) == GCONST_BOOL)
            assert_int_equal(gconst_compare(x, opof(t->op), y), strcmp(t->want, "true") == 0);
    }
}

static void test_unary(void **state) {
    fixture *f = *state;
    for (size_t i = 0; i < sizeof un_cases / sizeof un_cases[0]; i++) {
        const struct un_case *t = &un_cases[i];
        gconst_err err;
        gconst *r = gconst_unary(&f->c, opof(t->op), lit(&f->c, t->xk, t->x), t->prec,
                                 t->prec > 0, &err);
        assert_int_equal(err, GCONST_OK);
        CHECK_STR(gconst_str(&f->c, r), t->want, t->x);
    }
    gconst_err err;
    gconst *b = gconst_unary(&f->c, GCONST_NOT, gconst_bool(&f->c, true), 0, false, &err);
    assert_int_equal(gconst_kind_of(b), GCONST_BOOL);
    assert_false(gconst_bool_val(b));
    CHECK_STR(gconst_str(&f->c, b), "false", "!true");
    /* ^ on a float, ! on an int: kind errors */
    gconst *u = gconst_unary(&f->c, GCONST_XOR, gconst_float64(&f->c, 1.5), 0, false, &err);
    assert_int_equal(err, GCONST_EKIND);
    assert_int_equal(gconst_kind_of(u), GCONST_UNKNOWN);
    gconst_unary(&f->c, GCONST_NOT, gconst_int64(&f->c, 1), 0, false, &err);
    assert_int_equal(err, GCONST_EKIND);
    /* unknown propagates without a new error */
    gconst *r = gconst_unary(&f->c, GCONST_SUB, u, 0, false, &err);
    assert_int_equal(err, GCONST_OK);
    assert_int_equal(gconst_kind_of(r), GCONST_UNKNOWN);
    CHECK_STR(gconst_str(&f->c, r), "unknown", "unknown");
}

static void test_bool_and_errors(void **state) {
    fixture *f = *state;
    gconst_ctx *c = &f->c;
    gconst *t = gconst_bool(c, true), *fa = gconst_bool(c, false);
    gconst_err err;
    assert_false(gconst_bool_val(gconst_binary(c, t, GCONST_LAND, fa, &err)));
    assert_true(gconst_bool_val(gconst_binary(c, t, GCONST_LOR, fa, &err)));
    assert_true(gconst_bool_val(gconst_binary(c, t, GCONST_NEQ, fa, &err)));
    gconst_binary(c, t, GCONST_LSS, fa, &err);
    assert_int_equal(err, GCONST_EKIND);
    /* division by zero, for every division operator and kind */
    gconst *zero = gconst_int64(c, 0), *fzero = lit(c, GCONST_LIT_FLOAT, "0.0");
    gconst_op ops[] = {GCONST_QUO, GCONST_QUO_INT, GCONST_REM};
    for (int i = 0; i < 3; i++) {
        gconst *r = gconst_binary(c, gconst_int64(c, 1), ops[i], zero, &err);
        assert_int_equal(err, GCONST_EDIVZERO);
        assert_int_equal(gconst_kind_of(r), GCONST_UNKNOWN);
    }
    gconst_binary(c, lit(c, GCONST_LIT_FLOAT, "1e1000"), GCONST_QUO, fzero, &err);
    assert_int_equal(err, GCONST_EDIVZERO);
    /* mismatched kinds, and operators a kind does not have */
    gconst_binary(c, gconst_string(c, "a", 1), GCONST_ADD, zero, &err);
    assert_int_equal(err, GCONST_EKIND);
    gconst_binary(c, gconst_string(c, "a", 1), GCONST_SUB, gconst_string(c, "b", 1), &err);
    assert_int_equal(err, GCONST_EKIND);
    gconst_binary(c, gconst_float64(c, 1.5), GCONST_REM, gconst_int64(c, 1), &err);
    assert_int_equal(err, GCONST_EKIND);
    gconst_binary(c, gconst_float64(c, 1.5), GCONST_AND, gconst_int64(c, 1), &err);
    assert_int_equal(err, GCONST_EKIND);
    /* unknown operands give unknown results without an error */
    gconst *u = gconst_unknown(c);
    assert_int_equal(gconst_kind_of(gconst_binary(c, u, GCONST_ADD, zero, &err)), GCONST_UNKNOWN);
    assert_int_equal(err, GCONST_OK);
    assert_false(gconst_compare(u, GCONST_EQL, u));
    /* float exponent overflow (big.Float's range) */
    gconst *big = lit(c, GCONST_LIT_FLOAT, "1e600000000");
    assert_int_equal(gconst_kind_of(big), GCONST_FLOAT);
    gconst_binary(c, big, GCONST_MUL, big, &err);
    assert_int_equal(err, GCONST_ERANGE);
}

static void test_shift(void **state) {
    fixture *f = *state;
    for (size_t i = 0; i < sizeof shift_cases / sizeof shift_cases[0]; i++) {
        const struct shift_case *t = &shift_cases[i];
        gconst_err err;
        gconst *r = gconst_shift(&f->c, lit(&f->c, t->xk, t->x), opof(t->op), t->s, &err);
        assert_int_equal(err, GCONST_OK);
        CHECK_STR(gconst_str(&f->c, r), t->want, t->x);
        assert_int_equal(gconst_bitlen(r), t->bitlen);
        assert_int_equal(gconst_int_overflows(r), t->bitlen > 512);
    }
    gconst_err err;
    gconst *r = gconst_shift(&f->c, gconst_int64(&f->c, 1), GCONST_SHL, GCONST_MAX_SHIFT + 1, &err);
    assert_int_equal(err, GCONST_ESHIFT);
    assert_int_equal(gconst_kind_of(r), GCONST_UNKNOWN);
    gconst_shift(&f->c, gconst_float64(&f->c, 1.5), GCONST_SHL, 1, &err);
    assert_int_equal(err, GCONST_EKIND);
}

static void test_represent(void **state) {
    fixture *f = *state;
    for (size_t i = 0; i < sizeof repr_cases / sizeof repr_cases[0]; i++) {
        const struct repr_case *t = &repr_cases[i];
        gconst *out;
        char what[256];
        snprintf(what, sizeof what, "%s (%s) as %s", t->x, t->from, t->to);
        gconst_repr r = gconst_represent(&f->c, lit(&f->c, t->xk, t->x), basicof(t->from),
                                         basicof(t->to), &out);
        if (r != t->want)
            fail_msg("%s: got status %d, want %d", what, r, t->want);
        CHECK_STR(gconst_str(&f->c, out), t->out, what);
    }
    for (size_t i = 0; i < sizeof conv_cases / sizeof conv_cases[0]; i++) {
        const struct conv_case *t = &conv_cases[i];
        gconst *out;
        assert_int_equal(gconst_convert(&f->c, lit(&f->c, t->xk, t->x), basicof(t->from),
                                        GCONST_T_STRING, &out),
                         GCONST_REPR_OK);
        CHECK_STR(gconst_str(&f->c, out), t->want, t->x);
    }
    /* a float into string is no conversion at all */
    assert_int_equal(gconst_convert(&f->c, gconst_float64(&f->c, 65), GCONST_T_UNTYPED_FLOAT,
                                    GCONST_T_STRING, NULL),
                     GCONST_REPR_INVALID);
    /* unknown values are representable everywhere (no follow-up errors) */
    assert_int_equal(gconst_represent(&f->c, gconst_unknown(&f->c), GCONST_T_UNTYPED_INT,
                                      GCONST_T_INT8, NULL),
                     GCONST_REPR_OK);
    assert_int_equal(gconst_basic_bits(GCONST_T_UINTPTR), 64);
    assert_int_equal(gconst_basic_bits(GCONST_T_UNTYPED_INT), 0);
    assert_true(gconst_basic_is_unsigned(GCONST_T_UINT8));
    assert_false(gconst_basic_is_unsigned(GCONST_T_INT8));
    CHECK_STR(gconst_basic_name(GCONST_T_UNTYPED_RUNE), "untyped rune", "name");
}

static void test_machine_values(void **state) {
    fixture *f = *state;
    for (size_t i = 0; i < sizeof f64_cases / sizeof f64_cases[0]; i++) {
        const struct f64_case *t = &f64_cases[i];
        gconst *x = lit(&f->c, t->xk, t->x);
        bool ex;
        double d = gconst_float64_val(x, &ex);
        unsigned long long bits;
        memcpy(&bits, &d, 8);
        if (bits != t->bits || ex != t->exact)
            fail_msg("%s: float64 %016llx exact %d, want %016llx %d", t->x, bits, ex, t->bits,
                     t->exact);
        float g = gconst_float32_val(x, &ex);
        unsigned b32;
        memcpy(&b32, &g, 4);
        if (b32 != t->bits32 || ex != t->exact32)
            fail_msg("%s: float32 %08x exact %d, want %08x %d", t->x, b32, ex, t->bits32,
                     t->exact32);
    }
    int64_t i64;
    uint64_t u64;
    assert_true(gconst_int64_val(lit(&f->c, GCONST_LIT_INT, "-9223372036854775808"), &i64));
    assert_true(i64 == INT64_MIN);
    assert_false(gconst_int64_val(lit(&f->c, GCONST_LIT_INT, "9223372036854775808"), &i64));
    assert_true(gconst_uint64_val(lit(&f->c, GCONST_LIT_INT, "18446744073709551615"), &u64));
    assert_true(u64 == UINT64_MAX);
    assert_false(gconst_uint64_val(lit(&f->c, GCONST_LIT_INT, "18446744073709551616"), &u64));
    assert_false(gconst_uint64_val(gconst_int64(&f->c, -1), &u64));
    assert_true(gconst_int64_val(lit(&f->c, GCONST_LIT_FLOAT, "1e18"), &i64));
    assert_true(i64 == 1000000000000000000);
    assert_false(gconst_int64_val(lit(&f->c, GCONST_LIT_FLOAT, "1.5"), &i64));
    assert_true(gconst_uint64_val(gconst_uint64(&f->c, UINT64_MAX - 1), &u64));
    assert_true(u64 == UINT64_MAX - 1);
    size_t n;
    const char *s = gconst_string_val(lit(&f->c, GCONST_LIT_STRING, "\"a\\x00b\""), &n);
    assert_int_equal(n, 3);
    assert_memory_equal(s, "a\0b", 3);
    assert_int_equal(gconst_sign(lit(&f->c, GCONST_LIT_FLOAT, "-1e1000")), -1);
    assert_true(gconst_is_integral(lit(&f->c, GCONST_LIT_FLOAT, "2.0")));
    assert_false(gconst_is_integral(lit(&f->c, GCONST_LIT_FLOAT, "2.5")));
    assert_int_equal(gconst_kind_of(gconst_to_int(&f->c, lit(&f->c, GCONST_LIT_FLOAT, "2.5"))),
                     GCONST_UNKNOWN);
    assert_int_equal(gconst_kind_of(gconst_to_float(&f->c, gconst_int64(&f->c, 3))), GCONST_FLOAT);
}

/* Messages as Go 1.19's compiler prints them, assembled from the answers. */
static void test_messages(void **state) {
    fixture *f = *state;
    gconst_ctx *c = &f->c;
    char msg[512];
    gconst *out;
    gconst_err err;

    /* var c int = 1e100 */
    gconst *x = lit(c, GCONST_LIT_FLOAT, "1e100");
    gconst_repr r = gconst_represent(c, x, GCONST_T_UNTYPED_FLOAT, GCONST_T_INT, &out);
    assert_int_equal(r, GCONST_REPR_TRUNCATED);
    snprintf(msg, sizeof msg, "cannot use 1e100 (untyped float constant %s) as int value in variable declaration (truncated)",
             gconst_str(c, x));
    CHECK_STR(msg, "cannot use 1e100 (untyped float constant 1e+100) as int value in variable declaration (truncated)", "1e100");

    /* var b byte = 256 */
    x = lit(c, GCONST_LIT_INT, "256");
    assert_int_equal(gconst_represent(c, x, GCONST_T_UNTYPED_INT, GCONST_T_UINT8, &out),
                     GCONST_REPR_OVERFLOWS);

    /* const l = ^uint8(0) + 1: "^uint8(0) + 1 (constant 256 of type uint8) overflows uint8" */
    gconst *n = gconst_unary(c, GCONST_XOR, gconst_int64(c, 0), 8, true, &err);
    n = gconst_binary(c, n, GCONST_ADD, gconst_int64(c, 1), &err);
    assert_int_equal(gconst_represent(c, n, GCONST_T_UINT8, GCONST_T_UINT8, &out), GCONST_REPR_OVERFLOWS);
    snprintf(msg, sizeof msg, "^uint8(0) + 1 (constant %s of type uint8) overflows uint8", gconst_str(c, n));
    CHECK_STR(msg, "^uint8(0) + 1 (constant 256 of type uint8) overflows uint8", "^uint8");

    /* var q int = 1.2345678901e100 */
    x = lit(c, GCONST_LIT_FLOAT, "1.2345678901e100");
    CHECK_STR(gconst_str(c, x), "1.23457e+100", "1.2345678901e100");
    /* var r int = 1.0/3: "(untyped float constant 0.333333)" */
    x = gconst_binary(c, lit(c, GCONST_LIT_FLOAT, "1.0"), GCONST_QUO, gconst_int64(c, 3), &err);
    CHECK_STR(gconst_str(c, x), "0.333333", "1.0/3");

    /* const g = f * f with f = 1 << 600: "constant multiplication overflow" */
    gconst *f600 = gconst_shift(c, gconst_int64(c, 1), GCONST_SHL, 600, &err);
    assert_true(gconst_int_overflows(f600)); /* "constant shift overflow" */
    snprintf(msg, sizeof msg, "constant %s overflow", gconst_op_name(GCONST_SHL, false));
    CHECK_STR(msg, "constant shift overflow", "shift");
    gconst *f300 = gconst_shift(c, gconst_int64(c, 1), GCONST_SHL, 300, &err);
    assert_false(gconst_int_overflows(f300));
    assert_true(gconst_int_overflows(gconst_binary(c, f300, GCONST_MUL, f300, &err)));
    snprintf(msg, sizeof msg, "constant %s overflow", gconst_op_name(GCONST_MUL, false));
    CHECK_STR(msg, "constant multiplication overflow", "mul");
    CHECK_STR(gconst_op_name(GCONST_XOR, true), "bitwise complement", "^");
    CHECK_STR(gconst_op_name(GCONST_XOR, false), "bitwise XOR", "^");
    CHECK_STR(gconst_op_name(GCONST_ADD, false), "addition", "+");
    CHECK_STR(gconst_op_name(GCONST_SUB, false), "subtraction", "-");
    CHECK_STR(gconst_op_name(GCONST_QUO, false), "", "/");

    /* var o = int(1e300 * 1e300): the conversion shows the integer value */
    x = gconst_binary(c, lit(c, GCONST_LIT_FLOAT, "1e300"), GCONST_MUL,
                      lit(c, GCONST_LIT_FLOAT, "1e300"), &err);
    assert_int_equal(gconst_convert(c, x, GCONST_T_UNTYPED_FLOAT, GCONST_T_INT, &out),
                     GCONST_REPR_TRUNCATED);
    assert_int_equal(gconst_kind_of(out), GCONST_INT);
    assert_int_equal(strlen(gconst_str(c, out)), 601);
}

/* Every gmp value dies with gconst_ctx_free (ASan's leak check sees the
 * rest), and contexts are independent. */
static void test_cleanup(void **state) {
    (void)state;
    arena a;
    arena_init(&a);
    gconst_ctx c1, c2;
    gconst_ctx_init(&c1, &a);
    gconst_ctx_init(&c2, &a);
    gconst_err err;
    gconst *x = gconst_shift(&c1, gconst_int64(&c1, 3), GCONST_SHL, 500, &err);
    gconst *y = gconst_binary(&c2, lit(&c2, GCONST_LIT_FLOAT, "1e1000"), GCONST_QUO,
                              gconst_int64(&c2, 7), &err);
    assert_true(c1.nbigs > 0);
    assert_true(c2.nbigs > 0);
    assert_int_equal(gconst_kind_of(x), GCONST_INT);
    assert_int_equal(gconst_kind_of(y), GCONST_FLOAT);
    gconst_ctx_free(&c1);
    assert_int_equal(c1.nbigs, 0);
    CHECK_STR(gconst_str(&c2, y), "1.42857e+999", "1e1000/7");
    gconst_ctx_free(&c2);
    arena_free(&a);
}

/* One thread's compilation: its own arena and context, big values of every
 * representation, then the cleanup. Returns the printed result. */
static void *parallel_worker(void *arg) {
    char *out = arg;
    for (int round = 0; round < 50; round++) {
        arena a;
        arena_init(&a);
        gconst_ctx c;
        gconst_ctx_init(&c, &a);
        gconst_err err;
        gconst *x = gconst_shift(&c, gconst_int64(&c, 3), GCONST_SHL, 400, &err);
        x = gconst_binary(&c, x, GCONST_QUO_INT, gconst_int64(&c, 7), &err);
        gconst *y = gconst_binary(&c, gconst_literal(&c, GCONST_LIT_FLOAT, "1e1000", 6), GCONST_QUO,
                                  gconst_int64(&c, 7), &err);
        gconst *z = gconst_binary(&c, gconst_literal(&c, GCONST_LIT_FLOAT, "0.1", 3), GCONST_ADD,
                                  gconst_literal(&c, GCONST_LIT_FLOAT, "0.2", 3), &err);
        snprintf(out, 64, "%zu %s %s", gconst_bitlen(x), gconst_str(&c, y), gconst_str(&c, z));
        gconst_ctx_free(&c);
        arena_free(&a);
    }
    return NULL;
}

static void test_parallel(void **state) {
    (void)state;
    enum { N = 4 };
    pthread_t t[N];
    char out[N][64];
    for (int i = 0; i < N; i++)
        assert_int_equal(pthread_create(&t[i], NULL, parallel_worker, out[i]), 0);
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        CHECK_STR(out[i], "399 1.42857e+999 0.3", "parallel");
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_literals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_literals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_binary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bool_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shift, setup, teardown),
        cmocka_unit_test_setup_teardown(test_represent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_machine_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_messages, setup, teardown),
        cmocka_unit_test(test_cleanup),
        cmocka_unit_test(test_parallel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
