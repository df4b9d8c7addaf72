/*
 * gc.c — the garbage collector under load, against the Go twin
 * tests/bench/go/gc/main.go (same programs, same row names):
 *
 *   binary_trees_d18, _d21  the benchmark game's binary-trees on one
 *                           goroutine (ms; d18 best of 3, d21 one run).
 *                           Pure allocation of 16-byte two-pointer nodes and
 *                           garbage next to one long-lived tree: the
 *                           collector's throughput.
 *   alloc_live_16B          16-byte pointer-free objects allocated while a
 *                           64 MiB tree of 64-byte nodes stays live, so every
 *                           cycle marks 64 MiB (ns/op, GC cost amortised in)
 *   alloc_live_64B_ptr      the same with 64-byte objects holding two pointers
 *   gc_pause_max_us_gN      N goroutines (4 and 1000) build and drop depth-10
 *   gc_pause_p99_us_gN      trees next to a depth-18 (8 MiB) live tree, for a
 *   gc_total_ms_gN          fixed total amount of work: the largest and the
 *                           99th-percentile stop-the-world pause of the
 *                           cycles run meanwhile (memstats' PauseNs ring, us)
 *                           and the wall time (ms).  The pause should not
 *                           grow with N.
 *   rss_per_live_d18        in a child process (a fresh peak): binary-trees
 *                           depth 18, then peak RSS (VmHWM of
 *                           /proc/self/status) / live heap (HeapAlloc after a
 *                           full collection, the long-lived tree kept) (x)
 *
 * and, in C only, the same binary-trees depth 18 with other allocators:
 *
 *   binary_trees_d18_boehm  GC_MALLOC from Boehm GC (conservative,
 *                           stop-the-world; when libgc-dev is installed at
 *                           build time, CMakeLists.txt links it)
 *   binary_trees_d18_malloc malloc + an explicit free of every tree
 *
 * (best of 2).
 * These run on the process's main thread before the runtime starts (Boehm
 * scans the current thread's stack and must not run on a goroutine stack).
 *
 * Binary-trees is single-goroutine on both sides so the row measures the
 * collector and allocator, not the scheduler (examples/c/binary_trees.c is
 * the parallel version).  Pointer fields are written with gort_store_ptr,
 * the write barrier, as Go's compiler writes them.  The machine has few
 * cores shared with other work: pause rows in particular are noisy, as a
 * descheduled thread inside a stop-the-world pause lengthens it.
 *
 *     bench_gc [FILTER]     only the rows whose name contains FILTER
 *     bench_gc =NAME        only row NAME
 */
#include <gort.h>

#include "benchlib.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if GORT_HAVE_BOEHM
#include <gc.h>
#endif

static const char *filter; /* argv[1]: run only rows containing it */

static bool want(const char *name) {
    if (filter && filter[0] == '=') return strcmp(name, filter + 1) == 0;
    return !filter || strstr(name, filter);
}

/* Runs f(n) reps times and prints the best time in ms. */
static void ms_row(const char *name, int reps, int n, long (*f)(int)) {
    if (!want(name)) return;
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        int64_t t0 = now();
        f(n);
        double ms = (double)(now() - t0) / 1e6;
        if (ms < best) best = ms;
    }
    row(name, "ms", best);
}

enum { MIN_DEPTH = 4 };

/* Expected check sum of binary-trees n: stretch + levels + long-lived. */
static long expected_sum(int n) {
    int max = n < MIN_DEPTH + 2 ? MIN_DEPTH + 2 : n;
    long s = (1L << (max + 2)) - 1;
    for (int d = MIN_DEPTH; d <= max; d += 2)
        s += (1L << (max - d + MIN_DEPTH)) * ((1L << (d + 1)) - 1);
    return s + (1L << (max + 1)) - 1;
}

static void verify(const char *what, int n, long sum) {
    if (sum != expected_sum(n)) {
        fprintf(stderr, "%s: check %ld, want %ld\n", what, sum,
                expected_sum(n));
        exit(1);
    }
}

/* --- binary-trees: gort ---------------------------------------------------- */

typedef struct node {
    struct node *left, *right;
} node;
static const uint8_t node_mask[] = {0x3};
static const gort_type node_type = {.size = sizeof(node), .align = 8,
                                    .ptrwords = 2, .ptrmask = node_mask,
                                    .name = "main.node",
                                    .kind = GORT_KIND_STRUCT};

static node *bottom_up(int d) {
    node *n = gort_new(&node_type);
    if (d > 0) {
        gort_store_ptr((void **)&n->left, bottom_up(d - 1));
        gort_store_ptr((void **)&n->right, bottom_up(d - 1));
    }
    return n;
}

static long check(const node *n) {
    return n->left ? 1 + check(n->left) + check(n->right) : 1;
}

static node *volatile long_lived_sink;

/* The benchmark game program without its output; leaves the long-lived tree
 * in long_lived_sink for the caller. */
static long trees_gort(int n) {
    int max = n < MIN_DEPTH + 2 ? MIN_DEPTH + 2 : n;
    long sum = check(bottom_up(max + 1));
    node *long_lived = bottom_up(max);
    for (int d = MIN_DEPTH; d <= max; d += 2) {
        int iters = 1 << (max - d + MIN_DEPTH);
        long c = 0;
        for (int i = 0; i < iters; i++) c += check(bottom_up(d));
        sum += c;
    }
    sum += check(long_lived);
    long_lived_sink = long_lived;
    verify("binary_trees", n, sum);
    return sum;
}

/* --- binary-trees: malloc and Boehm (main thread, runtime not started) ----- */

typedef struct cnode {
    struct cnode *left, *right;
} cnode;

static cnode *bottom_up_malloc(int d) {
    cnode *n = malloc(sizeof *n);
    if (!n) abort();
    n->left = d > 0 ? bottom_up_malloc(d - 1) : NULL;
    n->right = d > 0 ? bottom_up_malloc(d - 1) : NULL;
    return n;
}

static long check_c(const cnode *n) {
    return n->left ? 1 + check_c(n->left) + check_c(n->right) : 1;
}

static void free_tree(cnode *n) {
    if (n->left) {
        free_tree(n->left);
        free_tree(n->right);
    }
    free(n);
}

static long check_free(cnode *n) {
    long c = check_c(n);
    free_tree(n);
    return c;
}

static long trees_malloc(int n) {
    int max = n < MIN_DEPTH + 2 ? MIN_DEPTH + 2 : n;
    long sum = check_free(bottom_up_malloc(max + 1));
    cnode *long_lived = bottom_up_malloc(max);
    for (int d = MIN_DEPTH; d <= max; d += 2) {
        int iters = 1 << (max - d + MIN_DEPTH);
        for (int i = 0; i < iters; i++) sum += check_free(bottom_up_malloc(d));
    }
    sum += check_free(long_lived);
    verify("binary_trees_malloc", n, sum);
    return sum;
}

#if GORT_HAVE_BOEHM
static cnode *bottom_up_boehm(int d) {
    cnode *n = GC_MALLOC(sizeof *n); /* zeroed */
    if (d > 0) {
        n->left = bottom_up_boehm(d - 1);
        n->right = bottom_up_boehm(d - 1);
    }
    return n;
}

static long trees_boehm(int n) {
    int max = n < MIN_DEPTH + 2 ? MIN_DEPTH + 2 : n;
    long sum = check_c(bottom_up_boehm(max + 1));
    cnode *long_lived = bottom_up_boehm(max);
    for (int d = MIN_DEPTH; d <= max; d += 2) {
        int iters = 1 << (max - d + MIN_DEPTH);
        for (int i = 0; i < iters; i++) sum += check_c(bottom_up_boehm(d));
    }
    sum += check_c(long_lived);
    verify("binary_trees_boehm", n, sum);
    return sum;
}
#endif

/* --- allocation under a live heap --------------------------------------- */

typedef struct node64 {
    struct node64 *a, *b;
    int64_t c[6];
} node64;
static const gort_type node64_type = {.size = sizeof(node64), .align = 8,
                                      .ptrwords = 2, .ptrmask = node_mask,
                                      .name = "main.node64",
                                      .kind = GORT_KIND_STRUCT};

static node64 *live_tree; /* registered root */
static void *volatile sink;

static node64 *tree64(int d) {
    node64 *n = gort_new(&node64_type);
    if (d > 0) {
        gort_store_ptr((void **)&n->a, tree64(d - 1));
        gort_store_ptr((void **)&n->b, tree64(d - 1));
    }
    return n;
}

static void ns_row(const char *name, long n, void (*f)(long)) {
    if (!want(name)) return;
    double best = 1e30;
    for (int r = 0; r < 3; r++) {
        int64_t t0 = now();
        f(n);
        double ns = (double)(now() - t0) / (double)n;
        if (ns < best) best = ns;
    }
    row(name, "ns/op", best);
}

static void live16(long n) {
    for (long i = 0; i < n; i++) {
        char *p = gort_alloc(16, NULL);
        p[0] = 1;
        sink = p;
    }
}

static void live64ptr(long n) {
    for (long i = 0; i < n; i++) {
        node64 *p = gort_new(&node64_type);
        p->c[0] = i;
        sink = p;
    }
}

/* --- pauses under a concurrent workload ----------------------------------- */

enum { PAUSE_TREES = 24000, PAUSE_DEPTH = 10 };

static gort_waitgroup pause_wg = GORT_WAITGROUP_INIT;

static void pause_worker(void *arg) {
    long n = (long)(intptr_t)arg, c = 0;
    for (long k = 0; k < n; k++) c += check(bottom_up(PAUSE_DEPTH));
    if (c != n * ((1L << (PAUSE_DEPTH + 1)) - 1)) {
        fprintf(stderr, "pause worker: bad check %ld\n", c);
        exit(1);
    }
    gort_waitgroup_done(&pause_wg);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static gort_memstats ms0, ms1; /* large: not on a goroutine stack */

static void pauses(int g) {
    char name[3][64];
    snprintf(name[0], sizeof name[0], "gc_pause_max_us_g%d", g);
    snprintf(name[1], sizeof name[1], "gc_pause_p99_us_g%d", g);
    snprintf(name[2], sizeof name[2], "gc_total_ms_g%d", g);
    if (!want(name[0]) && !want(name[1]) && !want(name[2])) return;
    node *long_tree = bottom_up(18);
    gort_gc();
    gort_read_memstats(&ms0);
    int64_t t0 = now();
    for (int i = 0; i < g; i++) {
        long n = PAUSE_TREES / g + (i < PAUSE_TREES % g);
        gort_waitgroup_add(&pause_wg, 1);
        gort_go(pause_worker, (void *)(intptr_t)n);
    }
    gort_waitgroup_wait(&pause_wg);
    double total = (double)(now() - t0) / 1e6;
    gort_read_memstats(&ms1);
    gort_keepalive(long_tree);

    int cycles = (int)(ms1.NumGC - ms0.NumGC);
    if (cycles > 256) cycles = 256;
    static double ps[256];
    for (int i = 0; i < cycles; i++)
        ps[i] = (double)ms1.PauseNs[(ms1.NumGC + 255 - (uint32_t)i) % 256] / 1e3;
    qsort(ps, (size_t)cycles, sizeof ps[0], cmp_double);
    /* p99 interpolated between the two nearest ranks (with under 100
     * cycles the nearest-rank p99 would simply be the max). */
    double max = 0, p99 = 0;
    if (cycles > 0) {
        max = ps[cycles - 1];
        double r = 0.99 * (cycles - 1);
        int lo = (int)r;
        p99 = lo + 1 < cycles ? ps[lo] + (r - lo) * (ps[lo + 1] - ps[lo])
                              : ps[lo];
    }
    row(name[0], "us", max);
    row(name[1], "us", p99);
    row(name[2], "ms", total);
    fprintf(stderr, "g%d: %u cycles\n", g, ms1.NumGC - ms0.NumGC);
}

/* --- peak RSS per live byte (child process) -------------------------------- */

static uint64_t vm_hwm(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    uint64_t kb = 0;
    if (!f) return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %lu kB", &kb) == 1) break;
    fclose(f);
    return kb << 10;
}

static void rss_child(void *arg) {
    (void)arg;
    gort_root_add((void *)&long_lived_sink, 1);
    trees_gort(18);
    gort_gc();
    gort_read_memstats(&ms0);
    long_lived_sink = NULL;
    uint64_t hwm = vm_hwm();
    row("rss_per_live_d18", "x", (double)hwm / (double)ms0.HeapAlloc);
    fprintf(stderr, "rss: VmHWM %lu KiB, live %lu KiB\n",
            (unsigned long)(hwm >> 10), (unsigned long)(ms0.HeapAlloc >> 10));
}

static void run_rss_child(void) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/proc/self/exe", "bench_gc", "--rss", (char *)NULL);
        _exit(127);
    }
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
        WEXITSTATUS(st) != 0)
        fprintf(stderr, "rss child failed\n");
}

/* --- main ------------------------------------------------------------------ */

static void gort_benches(void *arg) {
    (void)arg;
    gort_root_add(&live_tree, 1);
    gort_root_add((void *)&long_lived_sink, 1);
    ms_row("binary_trees_d18", 3, 18, trees_gort);
    ms_row("binary_trees_d21", 1, 21, trees_gort);
    long_lived_sink = NULL;

    if (want("alloc_live")) {
        live_tree = tree64(19); /* 2^20 - 1 nodes of 64 B: 64 MiB */
        gort_gc();
    }
    ns_row("alloc_live_16B", 20000000, live16);
    ns_row("alloc_live_64B_ptr", 5000000, live64ptr);
    live_tree = NULL;

    pauses(4);
    pauses(1000);
}

/* bench_gc [FILTER | =NAME]: see the top of the file. */
int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--rss") == 0)
        return gort_main(NULL, rss_child, NULL);
    filter = argc > 1 ? argv[1] : NULL;
    if (want("rss_per_live_d18")) run_rss_child();
    ms_row("binary_trees_d18_malloc", 2, 18, trees_malloc);
#if GORT_HAVE_BOEHM
    GC_INIT();
    ms_row("binary_trees_d18_boehm", 2, 18, trees_boehm);
#endif
    return gort_main(NULL, gort_benches, NULL);
}
