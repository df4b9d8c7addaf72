/*
 * traceback.c — linked statically (and once more as a static PIE), it
 * checks that a panic's traceback names the runtime's and this program's
 * functions.  dladdr knows nothing of a statically linked program, so the
 * symbolizer must find the program through the auxiliary vector and its
 * own program headers (runtime/src/traceback.c, exelayout); before that,
 * every frame of a static program printed as "?".  Exits 0 when the
 * traceback of a protected call that panics starts at gort_panic and
 * passes through this file's handler.
 */
#include <gort.h>
#include <stdio.h>
#include <string.h>

static void __attribute__((noinline)) static_handler(void *arg) {
    (void)arg;
    gort_panic_runtime("index out of range [%d] with length %d", 7, 3);
}

int main(void) {
    gort_panic_info pi;
    if (gort_pcall(static_handler, NULL, &pi) != GORT_PCALL_PANIC) {
        fprintf(stderr, "traceback: the protected call did not panic\n");
        return 1;
    }
    int ok = strstr(pi.traceback, "[running]:\ngort_panic") != NULL &&
             strstr(pi.traceback, "static_handler(") != NULL;
    if (!ok) fprintf(stderr, "traceback: frames not named:\n%s", pi.traceback);
    gort_panic_info_free(&pi);
    return ok ? 0 : 1;
}
