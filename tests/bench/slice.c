/*
 * slice.c — slices and strings, against the Go twin
 * tests/bench/go/slice/main.go (same loops, same row names):
 *
 *   slice_append_int      append one int64 at a time to a nil slice until
 *                         it holds 1M, repeated; ns per append (growth and
 *                         its copies included)
 *   slice_append_ptr      the same with *node elements (write barrier
 *                         check per store, scanned backing arrays), 100k
 *   slice_copy_4KiB       copy() of 512 int64s between two slices
 *   string_concat2        a + b, two 16-byte strings, result escapes
 *   string_concat8        eight 8-byte strings in one expression
 *   string_to_bytes_64B   []byte(s) of a 64-byte string
 *   bytes_to_string_64B   string(b) of a 64-byte []byte
 *   string_range_1KiB     for _, r := range s over 1 KiB of mixed UTF-8
 *                         (ASCII, 2- and 3-byte runes); ns per string
 *
 * Results go to global sinks so nothing is optimised away (in Go, a
 * concatenation that does not escape would use a stack buffer).  ns/op is
 * the best of 3 runs.
 */
#include <gort.h>

#include "benchlib.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>


static volatile gort_slice sinks;
static volatile gort_string sinkstr;
static volatile int64_t sinkn;

typedef struct node {
    struct node *next;
    int64_t v;
} node;
static const uint8_t node_mask[] = {0x1};
static const gort_type node_type = {.size = sizeof(node), .align = 8,
                                    .ptrwords = 1, .ptrmask = node_mask,
                                    .name = "main.node",
                                    .kind = GORT_KIND_STRUCT};

#define APPEND_N (1L << 20)

/* n appends, in runs of APPEND_N from a nil slice. */
static void append_int(long n) {
    for (long done = 0; done < n; done += APPEND_N) {
        gort_slice s = {0};
        for (int64_t i = 0; i < APPEND_N; i++)
            GORT_APPEND(s, &gort_type_int, int64_t, i);
        sinks = s;
    }
}

#define APPEND_PTR_N 100000L

static void append_ptr(long n) {
    node *x = gort_new(&node_type);
    for (long done = 0; done < n; done += APPEND_PTR_N) {
        gort_slice s = {0};
        for (long i = 0; i < APPEND_PTR_N; i++)
            GORT_APPEND(s, &gort_type_pointer, node *, x);
        sinks = s;
    }
}

static gort_slice csrc, cdst;

static void copy4k(long n) {
    int64_t total = 0;
    for (long i = 0; i < n; i++) total += gort_copy(&gort_type_int, cdst, csrc);
    sinkn = total;
}

static gort_string s16a, s16b, s8[8], s64;
static gort_slice b64;

static void concat2(long n) {
    for (long i = 0; i < n; i++)
        sinkstr = gort_string_concat(2, (gort_string[]){s16a, s16b});
}

static void concat8(long n) {
    for (long i = 0; i < n; i++) sinkstr = gort_string_concat(8, s8);
}

static void tobytes(long n) {
    for (long i = 0; i < n; i++) sinks = gort_string_to_bytes(s64);
}

static void tostring(long n) {
    for (long i = 0; i < n; i++) sinkstr = gort_string_from_bytes(b64);
}

static gort_string text1k;

static void range1k(long n) {
    int64_t sum = 0;
    for (long k = 0; k < n; k++) {
        gort_rune r;
        GORT_STRING_RANGE(text1k, i, r) sum += r;
    }
    sinkn = sum;
}

static void gort_benches(void *arg) {
    (void)arg;
    csrc = gort_make_slice(&gort_type_int, 512, 512);
    cdst = gort_make_slice(&gort_type_int, 512, 512);
    s16a = gort_string_new("0123456789abcdef", 16);
    s16b = gort_string_new("ghijklmnopqrstuv", 16);
    for (int i = 0; i < 8; i++) s8[i] = gort_string_new("abcdefgh", 8);
    char buf[1024];
    memset(buf, 'x', 64);
    s64 = gort_string_new(buf, 64);
    b64 = gort_string_to_bytes(s64);
    b64.cap = b64.len;
    /* 1 KiB: "héllo, 世界! " (17 bytes) repeated, cut at a rune edge */
    static const char unit[] = "h\xc3\xa9llo, \xe4\xb8\x96\xe7\x95\x8c! ";
    size_t len = 0;
    while (len + sizeof unit - 1 <= sizeof buf) {
        memcpy(buf + len, unit, sizeof unit - 1);
        len += sizeof unit - 1;
    }
    text1k = gort_string_new(buf, (intptr_t)len);

    bench("slice_append_int", 20 * APPEND_N, append_int);
    bench("slice_append_ptr", 20 * APPEND_PTR_N, append_ptr);
    bench("slice_copy_4KiB", 2000000, copy4k);
    bench("string_concat2", 5000000, concat2);
    bench("string_concat8", 3000000, concat8);
    bench("string_to_bytes_64B", 5000000, tobytes);
    bench("bytes_to_string_64B", 5000000, tostring);
    bench("string_range_1KiB", 200000, range1k);
}

int main(void) { return gort_main(NULL, gort_benches, NULL); }
