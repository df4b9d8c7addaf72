/*
 * defer_cleanup.c — Go's defer in C: a function that takes a lock, opens
 * a file and allocates a buffer releases all three, newest first, on every
 * way out: a normal return, an early return, and a panic passing through.
 *
 *     func save(mode int) int {
 *         mu.Lock();           defer mu.Unlock()
 *         f := os.CreateTemp() defer f.Close()
 *         buf := make(...)     defer free(buf)
 *         ...
 *     }
 */
#include <gort.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gort_mutex mu = GORT_MUTEX_INIT;

static void unlock(void *m) {
    gort_mutex_unlock(m);
    printf("    unlock mutex\n");
}

static void close_file(void *f) {
    fclose(f);
    printf("    close file\n");
}

static void free_buffer(void *b) {
    free(b);
    printf("    free buffer\n");
}

/* mode 0: returns normally; 1: returns early; 2: panics. */
static int save(int mode) {
    GORT_FRAME_BEGIN(fr);
    gort_mutex_lock(&mu);
    gort_defer(unlock, &mu);

    FILE *f = tmpfile();
    if (!f) gort_panic_str("tmpfile failed");
    gort_defer(close_file, f);

    char *buf = malloc(4096);
    gort_defer(free_buffer, buf);

    if (mode == 1) GORT_FRAME_RETURN(fr, -1); /* the deferred calls run */
    snprintf(buf, 4096, "mode=%d\n", mode);
    if (mode == 2) gort_panicf("disk full while writing %zu bytes", strlen(buf));
    fputs(buf, f);
    GORT_FRAME_RETURN(fr, 0);
    GORT_FRAME_END(fr);
    return 0;
}

static void report(void *arg) {
    gort_any r = gort_recover(); /* nil unless save panicked */
    if (!gort_any_isnil(r)) {
        char msg[128];
        gort_any_format(r, msg, sizeof msg);
        printf("  recovered: %s\n", msg);
    }
    (void)arg;
}

/* Runs save(mode) and recovers a panic from it. */
static void run(int mode) {
    printf("save(%d):\n", mode);
    GORT_FRAME_BEGIN(fr);
    gort_defer(report, NULL);
    printf("  returned %d\n", save(mode));
    GORT_FRAME_END(fr);
}

static void main_fn(void *arg) {
    (void)arg;
    run(0);
    run(1);
    run(2);
    /* Every path released the lock: taking it again does not block. */
    printf("mutex free: %s\n", gort_mutex_trylock(&mu) ? "yes" : "no");
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
