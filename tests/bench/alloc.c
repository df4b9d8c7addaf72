/*
 * alloc.c — allocation throughput, against the Go twin
 * tests/bench/go/alloc/main.go (same loops, same row names):
 *
 *   alloc_small_16B        16-byte pointer-free object (size class 2)
 *   alloc_small_64B_ptr    64-byte struct holding two pointers (scan class:
 *                          the pointer bitmap is written per object)
 *   alloc_large_64KiB      64 KiB pointer-free object (a span of its own),
 *                          one byte written per 4 KiB page
 *
 * and, in C only, for comparison with general-purpose allocators:
 *
 *   alloc_small_16B_glibc  malloc(16) + free(p)
 *   alloc_small_16B_boehm  GC_MALLOC(16) from Boehm GC (when libgc-dev is
 *                          installed at build time; CMakeLists.txt links it)
 *
 * Each object is stored into a global sink and written once, on both sides.
 * ns/op is the best of 3 runs.  Without a collector the gort heap only
 * grows (fresh pages fault in instead of being reused), which the large row
 * feels most.  The comparison rows run on the process's main thread before
 * the runtime starts: Boehm scans the current thread's stack and must not
 * run on a goroutine stack.
 */
#include <gort.h>

#include "benchlib.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#if GORT_HAVE_BOEHM
#include <gc.h>
#endif


static void *volatile sink;

/* --- gort ---------------------------------------------------------------- */

typedef struct node {
    struct node *a, *b;
    int64_t c[6];
} node;
static const uint8_t node_mask[] = {0x3};
static const gort_type node_type = {.size = sizeof(node), .align = 8,
                                    .ptrwords = 2, .ptrmask = node_mask,
                                    .name = "main.node",
                                    .kind = GORT_KIND_STRUCT};

static void small16(long n) {
    for (long i = 0; i < n; i++) {
        char *p = gort_alloc(16, NULL);
        p[0] = 1;
        sink = p;
    }
}

static void small64ptr(long n) {
    for (long i = 0; i < n; i++) {
        node *p = gort_new(&node_type);
        p->c[0] = i;
        sink = p;
    }
}

static void large64k(long n) {
    for (long i = 0; i < n; i++) {
        char *p = gort_alloc(64 << 10, NULL);
        for (int k = 0; k < (64 << 10); k += 4096) p[k] = 1;
        sink = p;
    }
}

static void gort_benches(void *arg) {
    (void)arg;
    bench("alloc_small_16B", 3000000, small16);
    bench("alloc_small_64B_ptr", 2000000, small64ptr);
    bench("alloc_large_64KiB", 2000, large64k);
}

/* --- comparisons (main thread, before the runtime starts) ----------------- */

static void glibc16(long n) {
    for (long i = 0; i < n; i++) {
        char *p = malloc(16);
        p[0] = 1;
        sink = p;
        free(p);
    }
}

#if GORT_HAVE_BOEHM
static void boehm16(long n) {
    for (long i = 0; i < n; i++) {
        char *p = GC_MALLOC(16);
        p[0] = 1;
        sink = p;
    }
}
#endif

int main(void) {
    bench("alloc_small_16B_glibc", 10000000, glibc16);
#if GORT_HAVE_BOEHM
    GC_INIT();
    bench("alloc_small_16B_boehm", 3000000, boehm16);
#endif
    return gort_main(NULL, gort_benches, NULL);
}
