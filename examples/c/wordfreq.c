/*
 * wordfreq.c — word frequencies with a map[string]int.
 *
 *     wordfreq [FILE]      (no FILE: a built-in text)
 *
 *   text ──split──> "the" "map" "the" ...
 *                     │
 *                     v      counts := map[string]int{}
 *              counts[w]++   gort_map_assign_faststr(counts, w) -> int64 slot
 *                     │
 *   range counts ──> array ──qsort──> top 10
 *
 * The words are slices of one lower-cased copy of the text, which lives
 * until the end: the map's keys point into it and never copy the bytes.
 * (Keys whose bytes may go away must be copied into the GC heap first.)
 */
#include <gort.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char builtin[] =
    "A map is a hash table. The map hashes the key, and the low bits of the "
    "hash pick a bucket; the top byte of the hash is kept in the bucket so "
    "that a lookup compares only the keys whose top byte matches. When the "
    "buckets get too full the map grows: it allocates a table twice the size "
    "and moves the old buckets a few at a time, so no single insert pays for "
    "the whole move. The order of a range over a map is random on purpose: "
    "the map starts the range at a random bucket, so no program can depend "
    "on the order.";

static char *readall(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *len = n;
    return buf;
}

typedef struct {
    gort_string w;
    int64_t n;
} entry;

static int bycount(const void *a, const void *b) {
    const entry *x = a, *y = b;
    if (x->n != y->n) return x->n > y->n ? -1 : 1;
    intptr_t l = x->w.len < y->w.len ? x->w.len : y->w.len;
    int c = memcmp(x->w.ptr, y->w.ptr, (size_t)l);
    return c ? c : (x->w.len > y->w.len) - (x->w.len < y->w.len);
}

static void run(void *arg) {
    const char *path = arg;
    size_t len = strlen(builtin);
    char *text = NULL;
    if (path && !(text = readall(path, &len))) {
        fprintf(stderr, "wordfreq: cannot read %s\n", path);
        gort_exit(1);
    }
    if (!text) text = strdup(builtin);
    for (size_t i = 0; i < len; i++) text[i] = (char)tolower((unsigned char)text[i]);

    gort_map *counts = gort_map_make(&gort_type_string, &gort_type_int64, 0);
    long total = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && !isalnum((unsigned char)text[i])) i++;
        size_t start = i;
        while (i < len && (isalnum((unsigned char)text[i]) || text[i] == '\'')) i++;
        if (i == start) continue;
        gort_string w = {text + start, (intptr_t)(i - start)};
        (*(int64_t *)gort_map_assign_faststr(counts, w))++; /* counts[w]++ */
        total++;
    }

    intptr_t n = gort_map_len(counts);
    entry *all = malloc((size_t)(n ? n : 1) * sizeof *all);
    intptr_t k = 0;
    gort_map_iter it;
    gort_map_iter_init(counts, &it);
    while (gort_map_iter_next(&it)) /* for w, c := range counts */
        all[k++] = (entry){*(gort_string *)it.key, *(int64_t *)it.elem};
    qsort(all, (size_t)n, sizeof *all, bycount);

    printf("%ld words, %ld distinct\n", total, (long)n);
    for (intptr_t i = 0; i < n && i < 10; i++)
        printf("%6lld  %.*s\n", (long long)all[i].n, (int)all[i].w.len, all[i].w.ptr);
    gort_map_info in;
    gort_map_inspect(counts, &in);
    printf("map: %d bucket(s) (B=%d), %zu overflow\n", (int)in.nbuckets, in.B,
           (size_t)in.overflow_buckets);
    free(all);
    free(text);
}

int main(int argc, char **argv) {
    return gort_main(NULL, run, argc > 1 ? argv[1] : NULL);
}
