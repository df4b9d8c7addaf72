/*
 * rwcache.c — a read-mostly cache guarded by a gort_rwmutex.
 *
 * Many readers look values up under the read lock at the same time; on a
 * miss one of them computes the value and stores it under the write lock
 * (checking again first: another writer may have filled it meanwhile).  A
 * pending writer makes new readers wait, so writers are never starved by a
 * stream of readers.
 */
#include <gort.h>
#include <stdio.h>

enum { KEYS = 64, READERS = 8, LOOKUPS = 50000 };

static gort_rwmutex rw;
static long cache[KEYS];   /* 0: not cached; guarded by rw */
static long fills;         /* guarded by rw (write lock) */
static gort_waitgroup wg;

static long expensive(int key) { /* the value we cache */
    long v = key;
    for (int i = 0; i < 1000; i++) v = (v * 31 + 7) % 1000003;
    return v + 1;
}

static long lookup(int key) {
    gort_rwmutex_rlock(&rw);
    long v = cache[key];
    gort_rwmutex_runlock(&rw);
    if (v) return v;
    gort_rwmutex_lock(&rw);
    if (!cache[key]) { /* still missing: fill it */
        cache[key] = expensive(key);
        fills++;
    }
    v = cache[key];
    gort_rwmutex_unlock(&rw);
    return v;
}

static long sums[READERS];

static void reader(void *arg) {
    long id = (long)arg;
    unsigned s = (unsigned)id + 1;
    for (int i = 0; i < LOOKUPS; i++) {
        s = s * 1103515245u + 12345u;
        sums[id] += lookup((int)((s >> 8) % KEYS));
    }
    gort_waitgroup_done(&wg);
}

static void main_fn(void *arg) {
    (void)arg;
    gort_waitgroup_add(&wg, READERS);
    for (long i = 0; i < READERS; i++) gort_go(reader, (void *)i);
    gort_waitgroup_wait(&wg);
    long all = 0;
    for (int i = 0; i < READERS; i++) all += sums[i];
    printf("%d readers did %d lookups each\n", READERS, LOOKUPS);
    printf("each of the %d keys was computed once: %s (%ld fills)\n", KEYS,
           fills == KEYS ? "yes" : "no", fills);
    printf("checksum of all lookups: %ld\n", all);
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
