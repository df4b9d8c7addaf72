/*
 * typed_alloc.c — allocating on the GC heap with type descriptors.
 *
 * Every heap object comes with a gort_type that says which of its words
 * hold pointers (ptrmask, one bit per word), so the collector can scan it
 * precisely.  This program builds a binary search tree of nodes (two child
 * pointers, a key, a pointer to a value string), an array of node pointers
 * (gort_alloc with the element type: the mask repeats per element), and a
 * pointer-free byte buffer (type NULL: never scanned).  Memory always comes
 * back zeroed.  docs/allocator.md shows the size classes and bitmaps.
 */
#include <gort.h>

#include <stdio.h>
#include <string.h>

typedef struct node {
    struct node *left, *right; /* words 0 and 1: pointers */
    long key;                  /* word 2: not a pointer */
    char *val;                 /* word 3: pointer (into the GC heap) */
} node;

static const uint8_t node_mask[] = {0x0b}; /* 1011: words 0, 1 and 3 */
static const gort_type node_type = {
    .size = sizeof(node), .align = _Alignof(node), .ptrwords = 4,
    .ptrmask = node_mask, .name = "main.node", .kind = GORT_KIND_STRUCT};

static node *insert(node *t, long key, int *depth) {
    node **link = &t, *n;
    int d = 1;
    while ((n = *link) != NULL) {
        link = key < n->key ? &n->left : &n->right;
        d++;
    }
    n = gort_new(&node_type); /* zeroed: left = right = NULL */
    n->key = key;
    n->val = gort_alloc(16, NULL); /* tiny, pointer-free */
    snprintf(n->val, 16, "v%ld", key);
    *link = n;
    if (d > *depth) *depth = d;
    return t;
}

static long walk(node *t, node **out, long *n) {
    if (!t) return 0;
    long s = walk(t->left, out, n);
    out[(*n)++] = t;
    return s + t->key + walk(t->right, out, n);
}

static void run(void *arg) {
    (void)arg;
    enum { N = 1000 };
    node *root = NULL;
    int depth = 0;
    unsigned long x = 42;
    for (int i = 0; i < N; i++) {
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        root = insert(root, (long)(x >> 40) % 100000, &depth);
    }
    /* An array of N node pointers: one pointer word per element. */
    node **sorted = gort_alloc(N * sizeof(node *), &gort_type_pointer);
    long n = 0, sum = walk(root, sorted, &n);
    bool ordered = true;
    for (long i = 1; i < n; i++) ordered &= sorted[i - 1]->key <= sorted[i]->key;
    printf("tree: %ld keys, depth %d, sum %ld, in order: %s\n", n, depth, sum,
           ordered ? "yes" : "no");
    printf("smallest: %s, largest: %s\n", sorted[0]->val, sorted[n - 1]->val);

    /* A large pointer-free buffer: its own span, zeroed. */
    size_t big = 100000;
    unsigned char *buf = gort_alloc(big, NULL);
    size_t nonzero = 0;
    for (size_t i = 0; i < big; i++) nonzero += buf[i] != 0;
    memset(buf, 0xff, big);
    printf("buffer of %zu bytes, %zu nonzero bytes when allocated\n", big,
           nonzero);
}

int main(void) { return gort_main(NULL, run, NULL); }
