/*
 * test_string.c — strings and UTF-8 (runtime/src/string.c, utf8.c,
 * docs/slices-and-strings.md): UTF-8 over every code point and Go's
 * invalid-sequence table, range iteration, concatenation sizes, slicing,
 * conversions, the builder, and strconv-style formatting and parsing.
 *
 * Expected values come from Go 1.19 (unicode/utf8's test tables, and
 * strconv outputs printed by small Go programs; the Go expression is
 * beside each table).  Bodies run on goroutines (testlib.h).
 */
#include "testlib.h"

#include <math.h>

#define S(lit) ((gort_string){(lit), (intptr_t)sizeof(lit) - 1})

static bool streq(gort_string s, const char *want) {
    return s.len == (intptr_t)strlen(want) && memcmp(s.ptr, want, (size_t)s.len) == 0;
}

#define CHECK_GOSTR(got, want)                                                 \
    do {                                                                       \
        gort_string g_ = (got);                                                \
        const char *w_ = (want);                                               \
        if (!streq(g_, w_))                                                    \
            FAILF("got \"%.*s\", want \"%s\"", (int)g_.len, g_.ptr, w_);      \
    } while (0)

/* ---------------------------------------------------------------------- */
/* UTF-8                                                                   */
/* ---------------------------------------------------------------------- */

/* Every code point: encode, decode back, and the width by range. */
static void body_utf8_all_code_points(void *arg) {
    (void)arg;
    for (gort_rune r = 0; r <= GORT_RUNE_MAX; r++) {
        char buf[GORT_UTF8_MAX];
        int w = gort_utf8_encode(buf, r);
        bool surrogate = r >= 0xD800 && r <= 0xDFFF;
        int want = r < 0x80 ? 1 : r < 0x800 ? 2 : r < 0x10000 ? 3 : 4;
        if (surrogate) {
            CHECK_EQ(gort_utf8_runelen(r), -1);
            CHECK_EQ(w, 3);
            CHECK(memcmp(buf, "\xef\xbf\xbd", 3) == 0);
            continue;
        }
        CHECK_EQ(gort_utf8_runelen(r), want);
        if (w != want) FAILF("U+%04X: width %d", r, w);
        int dw;
        gort_rune back = gort_utf8_decode(buf, w, &dw);
        if (back != r || dw != w)
            FAILF("U+%04X: decoded U+%04X width %d", r, back, dw);
        /* Any truncation is an error of width 1. */
        for (int k = 1; k < w; k++) {
            back = gort_utf8_decode(buf, k, &dw);
            if (back != GORT_RUNE_ERROR || dw != 1)
                FAILF("U+%04X cut to %d: %X/%d", r, k, back, dw);
        }
    }
    /* Out of range runes encode as U+FFFD. */
    gort_rune bad[] = {-1, 0x110000, 0x7fffffff, INT32_MIN};
    for (size_t i = 0; i < RT_ARRAY_LEN(bad); i++) {
        char buf[4];
        CHECK_EQ(gort_utf8_runelen(bad[i]), -1);
        CHECK_EQ(gort_utf8_encode(buf, bad[i]), 3);
        CHECK(memcmp(buf, "\xef\xbf\xbd", 3) == 0);
    }
}

/* unicode/utf8's utf8map and surrogateMap. */
static const struct {
    gort_rune r;
    gort_string s;
} utf8map[] = {
    {0x0000, S("\x00")}, {0x0001, S("\x01")}, {0x007e, S("\x7e")},
    {0x007f, S("\x7f")}, {0x0080, S("\xc2\x80")}, {0x0081, S("\xc2\x81")},
    {0x00bf, S("\xc2\xbf")}, {0x00c0, S("\xc3\x80")}, {0x00c1, S("\xc3\x81")},
    {0x00c8, S("\xc3\x88")}, {0x00d0, S("\xc3\x90")}, {0x00e0, S("\xc3\xa0")},
    {0x00f0, S("\xc3\xb0")}, {0x00f8, S("\xc3\xb8")}, {0x00ff, S("\xc3\xbf")},
    {0x0100, S("\xc4\x80")}, {0x07ff, S("\xdf\xbf")}, {0x0400, S("\xd0\x80")},
    {0x0800, S("\xe0\xa0\x80")}, {0x0801, S("\xe0\xa0\x81")},
    {0x1000, S("\xe1\x80\x80")}, {0xd000, S("\xed\x80\x80")},
    {0xd7ff, S("\xed\x9f\xbf")}, {0xe000, S("\xee\x80\x80")},
    {0xfffe, S("\xef\xbf\xbe")}, {0xffff, S("\xef\xbf\xbf")},
    {0x10000, S("\xf0\x90\x80\x80")}, {0x10001, S("\xf0\x90\x80\x81")},
    {0x40000, S("\xf1\x80\x80\x80")}, {0x10fffe, S("\xf4\x8f\xbf\xbe")},
    {0x10ffff, S("\xf4\x8f\xbf\xbf")}, {0xFFFD, S("\xef\xbf\xbd")},
};

/* unicode/utf8's invalidSequenceTests: each decodes as (RuneError, 1). */
static const char *const invalid[] = {
    "\xed\xa0\x80\x80",
    "\xed\xbf\xbf\x80",
    "\x91\x80\x80\x80",
    "\xC2\x7F\x80\x80",
    "\xC2\xC0\x80\x80",
    "\xDF\x7F\x80\x80",
    "\xDF\xC0\x80\x80",
    "\xE0\x9F\xBF\x80",
    "\xE0\xA0\x7F\x80",
    "\xE0\xBF\xC0\x80",
    "\xE0\xC0\x80\x80",
    "\xE1\x7F\xBF\x80",
    "\xE1\x80\x7F\x80",
    "\xE1\xBF\xC0\x80",
    "\xE1\xC0\x80\x80",
    "\xED\x7F\xBF\x80",
    "\xED\x80\x7F\x80",
    "\xED\x9F\xC0\x80",
    "\xED\xA0\x80\x80",
    "\xF0\x8F\xBF\xBF",
    "\xF0\x90\x7F\xBF",
    "\xF0\x90\x80\x7F",
    "\xF0\xBF\xBF\xC0",
    "\xF0\xBF\xC0\x80",
    "\xF0\xC0\x80\x80",
    "\xF1\x7F\xBF\xBF",
    "\xF1\x80\x7F\xBF",
    "\xF1\x80\x80\x7F",
    "\xF1\xBF\xBF\xC0",
    "\xF1\xBF\xC0\x80",
    "\xF1\xC0\x80\x80",
    "\xF4\x7F\xBF\xBF",
    "\xF4\x80\x7F\xBF",
    "\xF4\x80\x80\x7F",
    "\xF4\x8F\xBF\xC0",
    "\xF4\x8F\xC0\x80",
    "\xF4\x90\x80\x80",
};

static void body_utf8_tables(void *arg) {
    (void)arg;
    for (size_t i = 0; i < RT_ARRAY_LEN(utf8map); i++) {
        char buf[4];
        int w = gort_utf8_encode(buf, utf8map[i].r);
        CHECK_EQ(w, utf8map[i].s.len);
        CHECK(memcmp(buf, utf8map[i].s.ptr, (size_t)w) == 0);
        int dw;
        CHECK_EQ(gort_utf8_decode(utf8map[i].s.ptr, utf8map[i].s.len, &dw), utf8map[i].r);
        CHECK_EQ(dw, w);
        CHECK(gort_utf8_valid(utf8map[i].s));
        CHECK_EQ(gort_utf8_count(utf8map[i].s), 1);
    }
    for (size_t i = 0; i < RT_ARRAY_LEN(invalid); i++) {
        int w;
        gort_rune r = gort_utf8_decode(invalid[i], 4, &w);
        if (r != GORT_RUNE_ERROR || w != 1)
            FAILF("invalid[%zu]: U+%04X width %d", i, r, w);
        CHECK(!gort_utf8_valid((gort_string){invalid[i], 4}));
    }
    /* surrogateMap */
    int w;
    CHECK_EQ(gort_utf8_decode("\xed\xa0\x80", 3, &w), GORT_RUNE_ERROR);
    CHECK_EQ(w, 1);
    CHECK_EQ(gort_utf8_decode("\xed\xbf\xbf", 3, &w), GORT_RUNE_ERROR);
    CHECK_EQ(w, 1);
    CHECK_EQ(gort_utf8_decode("", 0, &w), GORT_RUNE_ERROR);
    CHECK_EQ(w, 0);
    /* validTests */
    static const struct {
        gort_string s;
        bool ok;
    } valid[] = {
        {S(""), true}, {S("a"), true}, {S("abc"), true}, {S("Ж"), true},
        {S("ЖЖ"), true}, {S("брэд-ЛГТМ"), true}, {S("☺☻☹"), true},
        {S("aa\xe2"), false}, {S("\x42\xfa"), false}, {S("\x42\xfa\x43"), false},
        {S("a\xef\xbf\xbd" "b"), true}, {S("\xF4\x8F\xBF\xBF"), true},
        {S("\xF4\x90\x80\x80"), false}, {S("\xF7\xBF\xBF\xBF"), false},
        {S("\xFB\xBF\xBF\xBF\xBF"), false}, {S("\xc0\x80"), false},
        {S("\xed\xa0\x80"), false}, {S("\xed\xbf\xbf"), false},
        {S("0123456789abcdef0123456789abcdef\xff"), false},
    };
    for (size_t i = 0; i < RT_ARRAY_LEN(valid); i++)
        if (gort_utf8_valid(valid[i].s) != valid[i].ok)
            FAILF("valid[%zu] wrong", i);
    /* RuneCountInString: invalid bytes count one each. */
    CHECK_EQ(gort_utf8_count(S("héllo, 世界")), 9);
    CHECK_EQ(gort_utf8_count(S("a\xff" "b\xe2\x82" "c")), 6);
    CHECK_EQ(gort_utf8_count(S("abcdefghijklmnopqrstuvwxyz\xe4\xb8\x96")), 27);
}

/* for i, r := range s, as Go prints it (offset:rune in hex). */
static void rangetext(gort_string s, char *out, size_t n) {
    size_t k = 0;
    out[0] = 0;
    gort_rune r;
    GORT_STRING_RANGE(s, i, r) {
        k += (size_t)snprintf(out + k, n - k, "%ld:%x ", (long)i, (unsigned)r);
    }
}

static void body_range(void *arg) {
    (void)arg;
    char out[256];
    rangetext(S("a\xff" "b\xe2\x82" "c"), out, sizeof out);
    CHECK(strcmp(out, "0:61 1:fffd 2:62 3:fffd 4:fffd 5:63 ") == 0);
    rangetext(S("héllo, 世界"), out, sizeof out);
    CHECK(strcmp(out, "0:68 1:e9 3:6c 4:6c 5:6f 6:2c 7:20 8:4e16 11:754c ") == 0);
    rangetext(S("\xf0\x9f\x98\x80x\xed\xa0\x80"), out, sizeof out);
    CHECK(strcmp(out, "0:1f600 4:78 5:fffd 6:fffd 7:fffd ") == 0);
    rangetext(S(""), out, sizeof out);
    CHECK(strcmp(out, "") == 0);
    /* break and continue behave as in a plain for loop. */
    int seen = 0;
    gort_rune r;
    GORT_STRING_RANGE(S("ab世cd"), i, r) {
        if (r == 'b') continue;
        seen++;
        if (r == 0x4e16) break;
    }
    CHECK_EQ(seen, 2);
}

/* ---------------------------------------------------------------------- */
/* Concatenation, comparison, slicing                                      */
/* ---------------------------------------------------------------------- */

static void body_concat(void *arg) {
    (void)arg;
    gort_string a = gort_string_new("0123456789abcdef", 16);
    gort_string b = gort_string_new("ghijklmnopqrstuv", 16);
    /* 32 bytes: a 32-byte object (no NUL, no padding). */
    gort_string ab = gort_string_concat(2, (gort_string[]){a, b});
    CHECK_GOSTR(ab, "0123456789abcdefghijklmnopqrstuv");
    CHECK_EQ(objsize(ab.ptr), 32);
    /* 48 = 16 x 3 and 17 (class 24) */
    gort_string abc = gort_string_concat(3, (gort_string[]){a, b, a});
    CHECK_EQ(abc.len, 48);
    CHECK_EQ(objsize(abc.ptr), 48);
    gort_string a1 = gort_string_concat(2, (gort_string[]){a, S("!")});
    CHECK_EQ(a1.len, 17);
    CHECK_EQ(objsize(a1.ptr), 24);
    /* Sizes from 16 to 2000 land in exactly their size class. */
    for (intptr_t n = 16; n < 2000; n += 7) {
        gort_string x = gort_string_concat(
            2, (gort_string[]){gort_string_slice(abc, 0, 10),
                               gort_string_new((char[2000]){0}, n - 10)});
        CHECK_EQ(x.len, n);
        CHECK_EQ(objsize(x.ptr), rt_roundupsize((uintptr_t)n));
    }
    /* 8 parts */
    gort_string parts[8];
    for (int i = 0; i < 8; i++) parts[i] = gort_string_slice(abc, i, i + 3);
    CHECK_GOSTR(gort_string_concat(8, parts), "012123234345456567678789");
    /* One non-empty part is shared; nothing is empty, not NULL. */
    gort_string one = gort_string_concat(3, (gort_string[]){S(""), a, S("")});
    CHECK(one.ptr == a.ptr && one.len == 16);
    gort_string none = gort_string_concat(2, (gort_string[]){S(""), S("")});
    CHECK(none.len == 0 && none.ptr != NULL);
    CHECK(gort_string_concat(0, NULL).len == 0);
    /* Small results are correct too (tiny allocator). */
    CHECK_GOSTR(gort_string_concat(2, (gort_string[]){S("ab"), S("c")}), "abc");
}

static void body_compare(void *arg) {
    (void)arg;
    static const struct {
        gort_string a, b;
        int want;
    } t[] = {
        {S(""), S(""), 0}, {S("a"), S(""), 1}, {S(""), S("a"), -1},
        {S("abc"), S("abc"), 0}, {S("ab"), S("abc"), -1}, {S("abc"), S("ab"), 1},
        {S("x"), S("ab"), 1}, {S("ab"), S("x"), -1}, {S("x"), S("a"), 1},
        {S("b"), S("x"), -1}, {S("\x80"), S("\x7f"), 1}, {S("a\x00"), S("a"), 1},
        {S("abcdefgh"), S("abcdefgi"), -1},
    };
    for (size_t i = 0; i < RT_ARRAY_LEN(t); i++) {
        if (gort_string_compare(t[i].a, t[i].b) != t[i].want)
            FAILF("compare case %zu", i);
        CHECK_EQ(gort_string_equal(t[i].a, t[i].b), t[i].want == 0);
    }
    gort_string h = gort_string_new("hello", 5);
    CHECK(gort_string_equal(h, S("hello")));
    CHECK(!gort_string_equal(h, S("hellp")));
}

typedef struct {
    int kind;
    gort_string s;
    intptr_t a, b;
} sop;

static void run_sop(void *arg) {
    sop *o = arg;
    if (o->kind == 0) gort_string_slice(o->s, o->a, o->b);
    else gort_string_index(o->s, o->a);
}

static void body_slice(void *arg) {
    (void)arg;
    gort_string s = gort_string_new("hello world", 11);
    gort_string w = gort_string_slice(s, 6, 11);
    CHECK_GOSTR(w, "world");
    CHECK(w.ptr == s.ptr + 6); /* shared, not copied */
    CHECK_EQ(gort_string_index(s, 4), 'o');
    gort_string e = gort_string_slice(s, 11, 11);
    CHECK(e.len == 0 && e.ptr == s.ptr);
    struct {
        sop o;
        const char *want;
    } cases[] = {
        /* str[:9], str[3:2], str[7], str[-1:], str[-1] with str "hello" */
        {{0, S("hello"), 0, 9}, "runtime error: slice bounds out of range [:9] with length 5"},
        {{0, S("hello"), 3, 2}, "runtime error: slice bounds out of range [3:2]"},
        {{1, S("hello"), 7, 0}, "runtime error: index out of range [7] with length 5"},
        {{0, S("hello"), -1, 5}, "runtime error: slice bounds out of range [-1:]"},
        {{1, S("hello"), -1, 0}, "runtime error: index out of range [-1]"},
        {{0, S("hello"), 5, 5}, "<no panic>"},
    };
    for (size_t i = 0; i < RT_ARRAY_LEN(cases); i++) {
        const char *got = panictext(run_sop, &cases[i].o);
        if (strcmp(got, cases[i].want) != 0)
            FAILF("case %zu: got \"%s\"", i, got);
    }
}

/* ---------------------------------------------------------------------- */
/* Conversions                                                             */
/* ---------------------------------------------------------------------- */

static void body_conversions(void *arg) {
    (void)arg;
    gort_string s = gort_string_new("héllo", 6);
    gort_slice b = gort_string_to_bytes(s);
    CHECK_EQ(b.len, 6);
    CHECK_EQ(b.cap, 8); /* the size class */
    CHECK(b.ptr != s.ptr);
    ((char *)b.ptr)[0] = 'j';
    CHECK_GOSTR(s, "héllo"); /* s is unchanged: the bytes were copied */
    gort_string back = gort_string_from_bytes(b);
    CHECK_GOSTR(back, "jéllo");
    ((char *)b.ptr)[0] = 'x';
    CHECK_GOSTR(back, "jéllo");
    gort_slice big = gort_string_to_bytes(gort_string_new((char[100]){0}, 100));
    CHECK_EQ(big.cap, 112);
    for (intptr_t i = 100; i < big.cap; i++) CHECK_EQ(((char *)big.ptr)[i], 0);
    gort_slice empty = gort_string_to_bytes(S(""));
    CHECK(empty.ptr != NULL && empty.len == 0);
    CHECK_EQ(gort_string_from_bytes((gort_slice){0}).len, 0);

    /* []rune(s) and back; invalid bytes become U+FFFD. */
    gort_slice r = gort_string_to_runes(S("h\xc3\xa9\xff世"));
    CHECK_EQ(r.len, 4);
    CHECK_EQ(r.cap, 4);
    const gort_rune *rv = r.ptr;
    CHECK_EQ(rv[0], 'h');
    CHECK_EQ(rv[1], 0xe9);
    CHECK_EQ(rv[2], 0xfffd);
    CHECK_EQ(rv[3], 0x4e16);
    CHECK_GOSTR(gort_string_from_runes(r), "h\xc3\xa9\xef\xbf\xbd世");
    gort_rune bad[] = {'a', -1, 0xD800, 0x110000, 0x1F600};
    gort_string bs = gort_string_from_runes((gort_slice){bad, 5, 5});
    CHECK_GOSTR(bs, "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xf0\x9f\x98\x80");
    CHECK_EQ(objsize(bs.ptr), 16); /* 14 bytes: one tiny block */
    CHECK_GOSTR(gort_string_from_rune(0x754c), "界");
    CHECK_GOSTR(gort_string_from_rune(-5), "\xef\xbf\xbd");
    CHECK_GOSTR(gort_string_from_rune('A'), "A");
}

/* ---------------------------------------------------------------------- */
/* Builder                                                                 */
/* ---------------------------------------------------------------------- */

static void body_builder(void *arg) {
    (void)arg;
    gort_builder b = {0};
    CHECK_EQ(gort_builder_string(&b).len, 0);
    gort_builder_write_string(&b, S("abc"));
    gort_string first = gort_builder_string(&b);
    CHECK_EQ(b.buf.cap, 8); /* append's growth: 3 bytes -> class 8 */
    gort_builder_write_byte(&b, '-');
    gort_builder_write_rune(&b, 0x4e16);
    gort_builder_write_rune(&b, -1);
    gort_builder_write(&b, "xyz", 3);
    CHECK_GOSTR(gort_builder_string(&b), "abc-世\xef\xbf\xbdxyz");
    CHECK_GOSTR(first, "abc"); /* handed out strings never change */
    CHECK(first.ptr != gort_builder_string(&b).ptr); /* it grew */
    /* No copy: the string is the buffer. */
    CHECK(gort_builder_string(&b).ptr == b.buf.ptr);
    /* Writing the builder's own contents into itself. */
    gort_builder_write_string(&b, gort_builder_string(&b));
    CHECK_GOSTR(gort_builder_string(&b), "abc-世\xef\xbf\xbdxyzabc-世\xef\xbf\xbdxyz");
    /* Growth follows append (Go 1.19's rule): size classes, doubling up
     * to 256, then the smoother steps. */
    gort_builder c = {0};
    intptr_t last = 0, k = 0;
    static const intptr_t caps[] = {8, 16, 32, 64, 128, 256, 512, 896, 1408, 2048};
    for (int i = 0; i < 1500; i++) {
        gort_builder_write_byte(&c, (uint8_t)('a' + i % 26));
        if (c.buf.cap != last) {
            CHECK_EQ(c.buf.cap, caps[k]);
            k++;
            last = c.buf.cap;
        }
    }
    gort_string cs = gort_builder_string(&c);
    CHECK_EQ(cs.len, 1500);
    for (int i = 0; i < 1500; i++) CHECK_EQ(cs.ptr[i], 'a' + i % 26);
    /* Grow(n): 2*cap + n, exactly, when there is not room already. */
    gort_builder g = {0};
    gort_builder_grow(&g, 10);
    CHECK_EQ(g.buf.cap, 10);
    gort_builder_grow(&g, 5);
    CHECK_EQ(g.buf.cap, 10);
    gort_builder_write(&g, "0123456789", 10);
    gort_builder_grow(&g, 5);
    CHECK_EQ(g.buf.cap, 25);
    CHECK_GOSTR(gort_builder_string(&g), "0123456789");
    gort_builder_reset(&g);
    CHECK_EQ(gort_builder_len(&g), 0);
}

/* ---------------------------------------------------------------------- */
/* Formatting                                                              */
/* ---------------------------------------------------------------------- */

static void illegal_base(void *arg) {
    (void)arg;
    gort_format_int(5, 37);
}

static void body_format_int(void *arg) {
    (void)arg;
    static const struct {
        int64_t v;
        int base;
        const char *want;
    } t[] = {
        {0, 10, "0"}, {1, 10, "1"}, {-1, 10, "-1"}, {12345, 10, "12345"},
        {-9876543210, 10, "-9876543210"}, {99, 10, "99"}, {100, 10, "100"},
        {INT64_MAX, 10, "9223372036854775807"},
        {INT64_MIN, 10, "-9223372036854775808"},
        {255, 16, "ff"}, {-255, 16, "-ff"}, {5, 2, "101"}, {35, 36, "z"},
        {36, 36, "10"}, {8, 8, "10"}, {INT64_MIN, 2,
         "-1000000000000000000000000000000000000000000000000000000000000000"},
        {INT64_MAX, 36, "1y2p0ij32e8e7"},
    };
    for (size_t i = 0; i < RT_ARRAY_LEN(t); i++) {
        CHECK_GOSTR(gort_format_int(t[i].v, t[i].base), t[i].want);
        char buf[GORT_ITOA_MAX];
        CHECK_EQ(gort_itoa(buf, t[i].v, t[i].base), strlen(t[i].want));
    }
    CHECK_GOSTR(gort_format_uint(UINT64_MAX, 10), "18446744073709551615");
    CHECK_GOSTR(gort_format_uint(UINT64_MAX, 16), "ffffffffffffffff");
    char buf[GORT_ITOA_MAX];
    CHECK_EQ(gort_utoa(buf, UINT64_MAX, 2), 64);
    CHECK(strcmp(panictext(illegal_base, NULL),
                 "strconv: illegal AppendInt/FormatInt base") == 0);
}

/* strconv.FormatFloat(f, 'g', -1, 64) and (f, 'g', -1, 32), printed by
 * Go 1.19 for powers of two across the exponent range, seeded random
 * values and classics. */
static const struct {
    double f;
    const char *g64, *g32;
} shortest[] = {
    {0x1p-1074, "5e-324", "0"},
    {0x1p-977, "7.82878265628505e-295", "0"},
    {0x1p-880, "1.240520129162012e-265", "0"},
    {0x1p-783, "1.9656826079092814e-236", "0"},
    {0x1p-686, "3.11474842221799e-207", "0"},
    {0x1p-589, "4.935515883730707e-178", "0"},
    {0x1p-492, "7.820637090558988e-149", "0"},
    {0x1p-395, "1.2392294127517818e-119", "0"},
    {0x1p-298, "1.9636373861190906e-90", "0"},
    {0x1p-201, "3.111507638930571e-61", "0"},
    {0x1p-104, "4.930380657631324e-32", "4.9303807e-32"},
    {0x1p-07, "0.0078125", "0.0078125"},
    {0x1p+90, "1.2379400392853803e+27", "1.2379401e+27"},
    {0x1p+187, "1.9615942923083377e+56", "+Inf"},
    {0x1p+284, "3.1082702275611665e+85", "+Inf"},
    {0x1p+381, "4.92525077454931e+114", "+Inf"},
    {0x1p+478, "7.804371375789981e+143", "+Inf"},
    {0x1p+575, "1.2366520073655227e+173", "+Inf"},
    {0x1p+672, "1.959553324262937e+202", "+Inf"},
    {0x1p+769, "3.105036184601418e+231", "+Inf"},
    {0x1p+866, "4.9201262289254483e+260", "+Inf"},
    {0x1p+963, "7.79625120912e+289", "+Inf"},
    {0x1.e421e454dfff3p+858, "3.634632067643165e+258", "+Inf"},
    {0x1.206eeaa152218p-549, "6.114173596961556e-166", "0"},
    {0x1.5c9ad1a6d4bd6p-529, "7.748642838047834e-160", "0"},
    {0x1.e11bf994b1e03p+843, "1.1022753887809113e+254", "+Inf"},
    {0x1.fc844bc6e790ap+406, "3.2827934910655377e+122", "+Inf"},
    {0x1.53cf4ccbf74d1p-724, "1.5041080291381126e-218", "0"},
    {0x1.6e84000cd61f5p-298, "2.8113429115203257e-90", "0"},
    {0x1.d01665c380962p-322, "2.1217845994156893e-97", "0"},
    {0x1.981b87214fcb3p-978, "6.2402053867670005e-295", "0"},
    {0x1.e3f3c1828849cp+331, "8.269724514238753e+99", "+Inf"},
    {0x1.ac37cbdec6671p-84, "8.647792723664556e-26", "8.647793e-26"},
    {0x1.969512f5ec526p-227, "7.363758028347277e-69", "0"},
    {0x1p-1074, "5e-324", "0"},
    {0x1.5555555555555p-02, "0.3333333333333333", "0.33333334"},
    {0x1.5555555555555p-01, "0.6666666666666666", "0.6666667"},
    {0x1.3333333333333p-02, "0.3", "0.3"},
    {0x1.52d02c7e14af6p+76, "1e+23", "1e+23"},
    {0x1.c7e83209e90b2p+72, "8.41e+21", "8.41e+21"},
    {0x1.702ae4d1fb5cp-1028, "5e-310", "0"},
    {0x1.d6f3454p+26, "1.23456789e+08", "1.2345679e+08"},
};

static gort_string ftoa(double f, char fmt, int prec, int bits) {
    return gort_format_float(f, fmt, prec, bits);
}

static void body_format_float(void *arg) {
    (void)arg;
    for (size_t i = 0; i < RT_ARRAY_LEN(shortest); i++) {
        gort_string g = ftoa(shortest[i].f, 'g', -1, 64);
        if (!streq(g, shortest[i].g64))
            FAILF("%a: 64 got %.*s want %s", shortest[i].f,
                  (int)g.len, g.ptr, shortest[i].g64);
        g = ftoa(shortest[i].f, 'g', -1, 32);
        if (!streq(g, shortest[i].g32))
            FAILF("%a: 32 got %.*s want %s", shortest[i].f,
                  (int)g.len, g.ptr, shortest[i].g32);
    }
    /* FormatFloat(f, 'g',-1,64) | 'e',-1 | 'f',-1 | 'g',-1,32 | 'g',5 |
     * 'e',3 | 'f',2  (Go 1.19) */
    static const struct {
        double f;
        const char *w[7];
    } t[] = {
        {0, {"0", "0e+00", "0", "0", "0", "0.000e+00", "0.00"}},
        {-0.0, {"-0", "-0e+00", "-0", "-0", "-0", "-0.000e+00", "-0.00"}},
        {1, {"1", "1e+00", "1", "1", "1", "1.000e+00", "1.00"}},
        {0.1, {"0.1", "1e-01", "0.1", "0.1", "0.1", "1.000e-01", "0.10"}},
        {1e6, {"1e+06", "1e+06", "1000000", "1e+06", "1e+06", "1.000e+06", "1000000.00"}},
        {123456789, {"1.23456789e+08", "1.23456789e+08", "123456789",
                     "1.2345679e+08", "1.2346e+08", "1.235e+08", "123456789.00"}},
        {1e21, {"1e+21", "1e+21", "1000000000000000000000", "1e+21", "1e+21",
                "1.000e+21", "1000000000000000000000.00"}},
        {1e-5, {"1e-05", "1e-05", "0.00001", "1e-05", "1e-05", "1.000e-05", "0.00"}},
        {1e-4, {"0.0001", "1e-04", "0.0001", "0.0001", "0.0001", "1.000e-04", "0.00"}},
        {1.0 / 3, {"0.3333333333333333", "3.333333333333333e-01", "0.3333333333333333",
                   "0.33333334", "0.33333", "3.333e-01", "0.33"}},
        {2.5e-7, {"2.5e-07", "2.5e-07", "0.00000025", "2.5e-07", "2.5e-07", "2.500e-07", "0.00"}},
        {100, {"100", "1e+02", "100", "100", "100", "1.000e+02", "100.00"}},
        {INFINITY, {"+Inf", "+Inf", "+Inf", "+Inf", "+Inf", "+Inf", "+Inf"}},
        {-INFINITY, {"-Inf", "-Inf", "-Inf", "-Inf", "-Inf", "-Inf", "-Inf"}},
        {NAN, {"NaN", "NaN", "NaN", "NaN", "NaN", "NaN", "NaN"}},
        {9007199254740993.0, {"9.007199254740992e+15", "9.007199254740992e+15",
                              "9007199254740992", "9.007199e+15", "9.0072e+15",
                              "9.007e+15", "9007199254740992.00"}},
        {0x1p60, {"1.152921504606847e+18", "1.152921504606847e+18",
                  "1152921504606847000", "1.1529215e+18", "1.1529e+18",
                  "1.153e+18", "1152921504606846976.00"}},
    };
    for (size_t i = 0; i < RT_ARRAY_LEN(t); i++) {
        gort_string got[7] = {
            ftoa(t[i].f, 'g', -1, 64), ftoa(t[i].f, 'e', -1, 64),
            ftoa(t[i].f, 'f', -1, 64), ftoa(t[i].f, 'g', -1, 32),
            ftoa(t[i].f, 'g', 5, 64),  ftoa(t[i].f, 'e', 3, 64),
            ftoa(t[i].f, 'f', 2, 64),
        };
        for (int k = 0; k < 7; k++)
            if (!streq(got[k], t[i].w[k]))
                FAILF("case %zu col %d: got %.*s want %s",
                      i, k, (int)got[k].len, got[k].ptr, t[i].w[k]);
    }
    CHECK_GOSTR(ftoa(1.5, 'E', -1, 64), "1.5E+00");
    CHECK_GOSTR(ftoa(1.5e20, 'G', -1, 64), "1.5E+20");
    CHECK_GOSTR(ftoa(1.5, 'q', -1, 64), "%q");
    /* snprintf conventions */
    char small[4];
    CHECK_EQ(gort_ftoa(small, sizeof small, 123456.0, 'f', -1, 64), 6);
    CHECK(strcmp(small, "123") == 0);
    /* Shortest really is round-trip: seeded random bit patterns. */
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double f;
        memcpy(&f, &x, 8);
        if (!isfinite(f)) continue;
        char buf[40];
        int n = gort_ftoa(buf, sizeof buf, f, 'g', -1, 64);
        CHECK(n < (int)sizeof buf);
        if (strtod(buf, NULL) != f) FAILF("%a -> %s", f, buf);
        float f32 = (float)f;
        if (!isfinite(f32)) continue;
        gort_ftoa(buf, sizeof buf, f32, 'e', -1, 32);
        if (strtof(buf, NULL) != f32) FAILF("%a -> %s (32)", (double)f32, buf);
    }
}

/* ---------------------------------------------------------------------- */
/* Parsing                                                                 */
/* ---------------------------------------------------------------------- */

static const char *errtext(gort_error *e) { return gort_error_message(e); }

static void body_parse_int(void *arg) {
    (void)arg;
    /* strconv.ParseInt(s, 0, 64) (Go 1.19) */
    static const struct {
        gort_string s;
        int64_t v;
        const char *err;
    } t[] = {
        {S("0"), 0, NULL},
        {S("0x"), 0, "strconv.ParseInt: parsing \"0x\": invalid syntax"},
        {S("0b101"), 5, NULL}, {S("0o17"), 15, NULL}, {S("017"), 15, NULL},
        {S("0_17"), 15, NULL}, {S("1_000"), 1000, NULL}, {S("-0x_10"), -16, NULL},
        {S("+5"), 5, NULL},
        {S("--5"), 0, "strconv.ParseInt: parsing \"--5\": invalid syntax"},
        {S("9223372036854775808"), INT64_MAX,
         "strconv.ParseInt: parsing \"9223372036854775808\": value out of range"},
        {S("-9223372036854775808"), INT64_MIN, NULL},
        {S("-9223372036854775809"), INT64_MIN,
         "strconv.ParseInt: parsing \"-9223372036854775809\": value out of range"},
        {S("0x8000000000000000"), INT64_MAX,
         "strconv.ParseInt: parsing \"0x8000000000000000\": value out of range"},
        {S(""), 0, "strconv.ParseInt: parsing \"\": invalid syntax"},
        {S("1__0"), 0, "strconv.ParseInt: parsing \"1__0\": invalid syntax"},
        {S("_1"), 0, "strconv.ParseInt: parsing \"_1\": invalid syntax"},
    };
    for (size_t i = 0; i < RT_ARRAY_LEN(t); i++) {
        int64_t v = -77;
        gort_error *e = NULL;
        gort_numerr r = gort_parse_int(t[i].s, 0, 64, &v, &e);
        if (v != t[i].v) FAILF("case %zu: %lld", i, (long long)v);
        if (!t[i].err) {
            CHECK_EQ(r, GORT_NUM_OK);
            CHECK(e == NULL);
        } else if (strcmp(errtext(e), t[i].err) != 0) {
            FAILF("case %zu: %s", i, errtext(e));
        }
    }
    int64_t v;
    gort_error *e;
    CHECK_EQ(gort_parse_int(S("12"), 1, 64, &v, &e), GORT_NUM_BASE);
    CHECK(strcmp(errtext(e), "strconv.ParseInt: parsing \"12\": invalid base 1") == 0);
    CHECK_EQ(gort_parse_int(S("12"), 10, 65, &v, &e), GORT_NUM_BITSIZE);
    CHECK(strcmp(errtext(e), "strconv.ParseInt: parsing \"12\": invalid bit size 65") == 0);
    CHECK_EQ(gort_parse_int(S("-129"), 10, 8, &v, &e), GORT_NUM_RANGE);
    CHECK_EQ(v, -128);
    CHECK(strcmp(errtext(e), "strconv.ParseInt: parsing \"-129\": value out of range") == 0);
    CHECK_EQ(gort_parse_int(S("1_0"), 10, 64, &v, NULL), GORT_NUM_SYNTAX); /* base 10: no _ */
    CHECK_EQ(gort_parse_int(S("zz"), 36, 64, &v, NULL), GORT_NUM_OK);
    CHECK_EQ(v, 35 * 36 + 35);
    uint64_t u;
    CHECK_EQ(gort_parse_uint(S("-1"), 10, 8, &u, &e), GORT_NUM_SYNTAX);
    CHECK(strcmp(errtext(e), "strconv.ParseUint: parsing \"-1\": invalid syntax") == 0);
    CHECK_EQ(gort_parse_uint(S("256"), 10, 8, &u, &e), GORT_NUM_RANGE);
    CHECK_EQ(u, 255);
    CHECK(strcmp(errtext(e), "strconv.ParseUint: parsing \"256\": value out of range") == 0);
    CHECK_EQ(gort_parse_uint(S("18446744073709551615"), 10, 0, &u, NULL), GORT_NUM_OK);
    CHECK(u == UINT64_MAX);
    CHECK_EQ(gort_parse_uint(S("18446744073709551616"), 10, 0, &u, NULL), GORT_NUM_RANGE);
    /* Atoi, its fast path and its quoting of the input. */
    CHECK_EQ(gort_atoi(S("-42"), &v, NULL), GORT_NUM_OK);
    CHECK_EQ(v, -42);
    CHECK_EQ(gort_atoi(S("+7"), &v, NULL), GORT_NUM_OK);
    CHECK_EQ(v, 7);
    CHECK_EQ(gort_atoi(S("-"), &v, NULL), GORT_NUM_SYNTAX);
    CHECK_EQ(gort_atoi(S("123456789012345678"), &v, NULL), GORT_NUM_OK);
    CHECK_EQ(v, 123456789012345678);
    CHECK_EQ(gort_atoi(S("99999999999999999999"), &v, &e), GORT_NUM_RANGE);
    CHECK(strcmp(errtext(e), "strconv.Atoi: parsing \"99999999999999999999\": value out of range") == 0);
    CHECK_EQ(gort_atoi(S("a\x01\xff\"\\\xc3\xa9\xc2\x85"), &v, &e), GORT_NUM_SYNTAX);
    CHECK(strcmp(errtext(e), "strconv.Atoi: parsing \"a\\x01\\xff\\\"\\\\\xc3\xa9\\u0085\": invalid syntax") == 0);
    CHECK_EQ(gort_atoi(S("1\n"), &v, &e), GORT_NUM_SYNTAX);
    CHECK(strcmp(errtext(e), "strconv.Atoi: parsing \"1\\n\": invalid syntax") == 0);
    bool bv;
    CHECK_EQ(gort_parse_bool(S("True"), &bv, NULL), GORT_NUM_OK);
    CHECK(bv);
    CHECK_EQ(gort_parse_bool(S("0"), &bv, NULL), GORT_NUM_OK);
    CHECK(!bv);
    CHECK_EQ(gort_parse_bool(S("yes"), &bv, &e), GORT_NUM_SYNTAX);
    CHECK(strcmp(errtext(e), "strconv.ParseBool: parsing \"yes\": invalid syntax") == 0);
}

static void body_parse_float(void *arg) {
    (void)arg;
    /* strconv.ParseFloat(s, 64) (Go 1.19); err: 0 ok, 1 syntax, 2 range */
    static const struct {
        gort_string s;
        double v;
        int err;
    } t[] = {
        {S("1_000"), 1000, 0}, {S("0x1"), 0, 1}, {S("0x1p"), 0, 1},
        {S("0x1p0"), 1, 0}, {S(".5"), 0.5, 0}, {S("5."), 5, 0}, {S("1e"), 0, 1},
        {S("infinity"), INFINITY, 0}, {S("+Inf"), INFINITY, 0}, {S("-inf"), -INFINITY, 0},
        {S("-nan"), 0, 1}, {S("+NaN"), 0, 1}, {S(" 1"), 0, 1},
        {S("0x1.8p1"), 3, 0}, {S("0x_1p0"), 1, 0}, {S("1__0"), 0, 1},
        {S("_1"), 0, 1}, {S("1_"), 0, 1}, {S("1e400"), INFINITY, 2},
        {S("-1e400"), -INFINITY, 2}, {S("1e-400"), 0, 0}, {S("."), 0, 1},
        {S(""), 0, 1}, {S("0x"), 0, 1}, {S("0x.p1"), 0, 1}, {S("1e+5"), 1e5, 0},
        {S("1E5"), 1e5, 0}, {S("0X1P-2"), 0.25, 0}, {S("0_1.5"), 1.5, 0},
        {S("0x1_0p0"), 16, 0}, {S("Infinity"), INFINITY, 0}, {S("inf1"), 0, 1},
        {S("1.7976931348623159e308"), INFINITY, 2}, {S("4.9e-324"), 5e-324, 0},
        {S("1e-330"), 0, 0}, {S("0.1"), 0.1, 0}, {S("-2.5e-3"), -2.5e-3, 0},
        {S("1.5x"), 0, 1}, {S("1e5.5"), 0, 1},
    };
    for (size_t i = 0; i < RT_ARRAY_LEN(t); i++) {
        double v = -77;
        gort_numerr r = gort_parse_float(t[i].s, 64, &v, NULL);
        int want = t[i].err == 0 ? GORT_NUM_OK : t[i].err == 1 ? GORT_NUM_SYNTAX : GORT_NUM_RANGE;
        if ((int)r != want || v != t[i].v)
            FAILF("case %zu (%.*s): %d %g", i,
                  (int)t[i].s.len, t[i].s.ptr, (int)r, v);
    }
    double v;
    gort_error *e;
    CHECK_EQ(gort_parse_float(S("nan"), 64, &v, NULL), GORT_NUM_OK);
    CHECK(isnan(v));
    CHECK_EQ(gort_parse_float(S("1e400"), 64, &v, &e), GORT_NUM_RANGE);
    CHECK(strcmp(errtext(e), "strconv.ParseFloat: parsing \"1e400\": value out of range") == 0);
    CHECK_EQ(gort_parse_float(S("0x1"), 64, &v, &e), GORT_NUM_SYNTAX);
    CHECK(strcmp(errtext(e), "strconv.ParseFloat: parsing \"0x1\": invalid syntax") == 0);
    /* bitsize 32: rounded as a float32; overflow past float32's range */
    CHECK_EQ(gort_parse_float(S("3.4028235e38"), 32, &v, NULL), GORT_NUM_OK);
    CHECK(v == (double)3.4028235e38f);
    CHECK_EQ(gort_parse_float(S("3.4028236e38"), 32, &v, NULL), GORT_NUM_RANGE);
    CHECK_EQ(gort_parse_float(S("1e39"), 32, &v, NULL), GORT_NUM_RANGE);
    CHECK(isinf(v));
    CHECK_EQ(gort_parse_float(S("0.1"), 32, &v, NULL), GORT_NUM_OK);
    CHECK(v == (double)0.1f);
    /* Long inputs (beyond the stack buffer). */
    char longnum[300];
    memset(longnum, '1', sizeof longnum);
    longnum[1] = '.';
    CHECK_EQ(gort_parse_float((gort_string){longnum, 300}, 64, &v, NULL), GORT_NUM_OK);
    CHECK(fabs(v - 1.1111111111111112) < 1e-15);
    /* Formatting and parsing round trip at every magnitude. */
    for (int ex = -320; ex <= 308; ex += 7) {
        double f = 1.2345678901234567 * pow(10, ex);
        gort_string s = gort_format_float(f, 'g', -1, 64);
        CHECK_EQ(gort_parse_float(s, 64, &v, NULL), GORT_NUM_OK);
        CHECK(v == f);
    }
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    const struct CMUnitTest tests[] = {
        GO_TEST(body_utf8_all_code_points),
        GO_TEST(body_utf8_tables),
        GO_TEST(body_range),
        GO_TEST(body_concat),
        GO_TEST(body_compare),
        GO_TEST(body_slice),
        GO_TEST(body_conversions),
        GO_TEST(body_builder),
        GO_TEST(body_format_int),
        GO_TEST(body_format_float),
        GO_TEST(body_parse_int),
        GO_TEST(body_parse_float),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
