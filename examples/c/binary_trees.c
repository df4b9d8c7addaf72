/*
 * binary_trees.c — the benchmark game's binary-trees on the gort heap.
 *
 * Builds many short-lived complete binary trees (pure allocation and
 * garbage) next to one long-lived tree, depth levels in parallel on
 * goroutines.  Pointer fields of heap objects are written through
 * gort_store_ptr, the write barrier: the collector marks while the trees
 * are being built.  Run it with GODEBUG=gctrace=1 to see one line per
 * collection cycle.
 *
 *     binary_trees [depth]      (default 16; the benchmark game uses 21)
 */
#include <gort.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct node {
    struct node *left, *right;
} node;

static const uint8_t node_ptrs[] = {0x3}; /* both words are pointers */
static const gort_type node_type = {
    .size = sizeof(node), .align = 8, .ptrwords = 2, .ptrmask = node_ptrs,
    .name = "node", .kind = GORT_KIND_STRUCT};

static node *bottom_up(int depth) {
    node *n = gort_new(&node_type);
    if (depth > 0) {
        gort_store_ptr((void **)&n->left, bottom_up(depth - 1));
        gort_store_ptr((void **)&n->right, bottom_up(depth - 1));
    }
    return n;
}

static long check(const node *n) {
    return n->left ? 1 + check(n->left) + check(n->right) : 1;
}

/* One depth level's job, on the GC heap (it holds a pointer: the channel).
 * Memory from malloc is not scanned, so a GC pointer must not live only
 * there. */
typedef struct level {
    int depth, iterations;
    long check;
    gort_chan *done;
} level;

static const uint8_t level_ptrs[] = {0x4}; /* word 2: done */
static const gort_type level_type = {
    .size = sizeof(level), .align = 8, .ptrwords = 3, .ptrmask = level_ptrs,
    .name = "level", .kind = GORT_KIND_STRUCT};

static void run_level(void *arg) {
    level *l = arg;
    long c = 0;
    for (int i = 0; i < l->iterations; i++) c += check(bottom_up(l->depth));
    l->check = c;
    gort_chan_send(l->done, NULL);
}

static void main_fn(void *arg) {
    int n = *(int *)arg;
    int min_depth = 4, max_depth = n < min_depth + 2 ? min_depth + 2 : n;

    printf("stretch tree of depth %d\t check: %ld\n", max_depth + 1,
           check(bottom_up(max_depth + 1)));
    node *long_lived = bottom_up(max_depth);

    int nlevels = (max_depth - min_depth) / 2 + 1;
    level *levels = gort_alloc((size_t)nlevels * sizeof *levels, &level_type);
    gort_chan *done = gort_chan_make(NULL, nlevels);
    for (int i = 0; i < nlevels; i++) {
        int d = min_depth + 2 * i;
        levels[i].depth = d;
        levels[i].iterations = 1 << (max_depth - d + min_depth);
        gort_store_ptr((void **)&levels[i].done, done);
        gort_go(run_level, &levels[i]);
    }
    for (int i = 0; i < nlevels; i++) gort_chan_recv(done, NULL);
    for (int i = 0; i < nlevels; i++)
        printf("%d\t trees of depth %d\t check: %ld\n", levels[i].iterations,
               levels[i].depth, levels[i].check);
    printf("long lived tree of depth %d\t check: %ld\n", max_depth,
           check(long_lived));
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 16;
    return gort_main(NULL, main_fn, &n);
}
