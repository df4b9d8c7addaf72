/*
 * map_grow_viz.c — watch a map grow and evacuate, one insert at a time.
 *
 * Each line of the dump is one bucket chain, one character per slot:
 *
 *     '#' full   '_' empty   '.' empty, and so is everything after it
 *     'x' / 'y'  moved to the new array's low / high half   'e' empty, moved
 *
 * A map with B = 3 holds 8 buckets.  Inserting the 53rd key would push the
 * load past 6.5 per bucket, so the map allocates 16 new buckets and from
 * then on every write moves (evacuates) at most two old buckets: the one
 * the write needs, and the lowest one not yet moved.  Old bucket i splits
 * into new buckets i and i + 8 by one more bit of each key's hash.
 * Lookups meanwhile read the old bucket if it has not moved yet.
 */
#include <gort.h>

#include <stdio.h>

static char buf[1 << 14];

static void show(gort_map *m, const char *what) {
    printf("--- %s\n", what);
    gort_map_dump(m, buf, sizeof buf);
    fputs(buf, stdout);
}

static void run(void *arg) {
    (void)arg;
    gort_map *m = gort_map_make(&gort_type_int64, &gort_type_int64, 40);
    int64_t k = 0;
    for (; k < 52; k++) *(int64_t *)gort_map_assign(m, &k) = k * k;
    show(m, "52 keys in 8 buckets (6.5 per bucket is the limit)");

    *(int64_t *)gort_map_assign(m, &k) = k * k;
    k++;
    show(m, "insert #53: growth starts; this write evacuated up to 2 old buckets");

    gort_map_info in;
    gort_map_inspect(m, &in);
    while (in.growing) {
        *(int64_t *)gort_map_assign(m, &k) = k * k;
        k++;
        gort_map_inspect(m, &in);
        char what[64];
        snprintf(what, sizeof what, "insert #%lld%s", (long long)k,
                 in.growing ? "" : ": growth done, old array dropped");
        show(m, what);
    }

    /* Every key is still there, whichever array it lives in. */
    for (int64_t i = 0; i < k; i++)
        if (*(int64_t *)gort_map_access(m, &i) != i * i) printf("lost %lld!\n", (long long)i);

    /* Delete most keys: the slots empty, the buckets stay. */
    for (int64_t i = 0; i < k; i += 3)
        for (int64_t j = i; j < i + 2 && j < k; j++) gort_map_delete(m, &j);
    show(m, "after deleting two of every three keys");
}

int main(void) { return gort_main(NULL, run, NULL); }
