/*
 * slices_strings.c — Go's slices and strings from C.
 *
 *   1. append's growth, Go 1.19's rule: the capacity doubles below 256
 *      elements, then grows by newcap += (newcap + 768) / 4, each time
 *      rounded up to an allocator size class (watch 512 -> 848: 832
 *      int64s = 6656 bytes, class 6784).  GODEBUG=gortgrowslice=classic
 *      shows the classic rule instead (double below 1024, then 1.25x).
 *   2. The aliasing pitfall: two appends to the same slice with spare
 *      capacity write the same backing array; once append has to grow,
 *      the slices part ways.  s[lo:hi:max] caps a slice to stop this.
 *   3. Strings: a Builder, slicing without copies, and ranging over UTF-8
 *      runes (an invalid byte decodes as U+FFFD, width 1).
 *   4. Bounds checks: an out-of-range index panics with Go's message,
 *      recovered here.
 * docs/slices-and-strings.md explains each of these.
 */
#include <gort.h>

#include <stdio.h>

static int64_t get(gort_slice s, intptr_t i) {
    return *(int64_t *)gort_slice_index(&gort_type_int, s, i);
}

static void growth(void) {
    printf("1. append growth of []int64 (len -> new cap):\n  ");
    gort_slice s = {0}; /* the nil slice */
    intptr_t lastcap = 0;
    int shown = 0;
    for (int64_t i = 0; i < 5000; i++) {
        GORT_APPEND(s, &gort_type_int, int64_t, i);
        if (s.cap != lastcap) {
            printf("%ld->%ld%s", (long)s.len, (long)s.cap,
                   ++shown % 8 == 0 ? "\n  " : " ");
            lastcap = s.cap;
        }
    }
    printf("\n");
}

static void aliasing(void) {
    printf("2. aliasing:\n");
    int64_t one = 1, two = 2, three = 3;
    gort_slice a = gort_make_slice(&gort_type_int, 3, 4); /* spare room: 1 */
    gort_slice b = gort_append(&gort_type_int, a, &one, 1);
    gort_slice c = gort_append(&gort_type_int, a, &two, 1);
    printf("  a=make([]int,3,4); b=append(a,1); c=append(a,2) -> b[3]=%ld "
           "(c's append overwrote it)\n", (long)get(b, 3));
    gort_slice d = gort_append(&gort_type_int, b, &three, 1); /* b is full */
    *(int64_t *)gort_slice_index(&gort_type_int, d, 0) = 99;
    printf("  d=append(b,3) grew: d[0]=99 leaves b[0]=%ld, c[0]=%ld\n",
           (long)get(b, 0), (long)get(c, 0));
    gort_slice capped = gort_slice_slice3(&gort_type_int, a, 0, 3, 3);
    gort_slice e = gort_append(&gort_type_int, capped, &three, 1);
    printf("  e=append(a[0:3:3],3) copies: e[3]=%ld, b[3] still %ld\n",
           (long)get(e, 3), (long)get(b, 3));
}

static void strings(void) {
    printf("3. strings:\n");
    gort_builder b = {0};
    gort_builder_write_string(&b, GORT_STR("héllo"));
    gort_builder_write_string(&b, GORT_STR(", "));
    gort_builder_write_rune(&b, 0x4e16); /* 世 */
    gort_builder_write_rune(&b, 0x754c); /* 界 */
    gort_builder_write_byte(&b, 0xff);   /* not UTF-8 */
    gort_string s = gort_builder_string(&b); /* no copy */
    printf("  built %ld bytes, %ld runes; s[7:] shares s's bytes: %s\n",
           (long)s.len, (long)gort_utf8_count(s),
           gort_string_slice(s, 7, s.len).ptr == s.ptr + 7 ? "yes" : "no");
    printf("  range:");
    gort_rune r;
    GORT_STRING_RANGE(s, i, r) printf(" %ld:U+%04X", (long)i, (unsigned)r);
    printf("\n");
    gort_string n = gort_format_float(1.0 / 3, 'g', -1, 64);
    int64_t v = 0;
    gort_error *err = NULL;
    gort_atoi(GORT_STR("12a"), &v, &err);
    printf("  FormatFloat(1/3): %.*s; Atoi(\"12a\"): %s\n", (int)n.len, n.ptr,
           gort_error_message(err));
}

static void show(void *arg) {
    (void)arg;
    gort_any r = gort_recover();
    char buf[128];
    gort_any_format(r, buf, sizeof buf);
    printf("4. recovered: %s\n", buf);
}

static void bounds(void) {
    gort_slice s = gort_make_slice(&gort_type_int, 3, 3);
    volatile intptr_t i = 5;
    GORT_FRAME_BEGIN(f);
    gort_defer(show, NULL);
    get(s, i);
    GORT_FRAME_END(f);
}

static void run(void *arg) {
    (void)arg;
    growth();
    aliasing();
    strings();
    bounds();
}

int main(void) { return gort_main(NULL, run, NULL); }
