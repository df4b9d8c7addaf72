/*
 * embed_pcall.c — a host program that survives its scripts' panics.
 *
 * The host's own thread (main, not a goroutine) runs three "requests"
 * through gort_pcall, as a Lua host runs chunks through lua_pcall:
 *
 *     host thread                       goroutine (one per call)
 *     -----------                       ------------------------
 *     gort_pcall(handle, "ok")    --->  returns             -> GORT_PCALL_OK
 *     gort_pcall(handle, "index") --->  s[5] on len 3: panic
 *                                       deferred cleanup runs
 *                                       (not recovered)     -> GORT_PCALL_PANIC
 *     gort_pcall(handle, "error") --->  panic(err)          -> GORT_PCALL_PANIC
 *
 * A panic comes back as a status, the value recover() would return, the
 * text an unrecovered panic would print, and its traceback; the process
 * goes on and the runtime takes further calls.  docs/embedding.md,
 * "Threads, gort_call and the protected call".
 */
#include <gort.h>

#include <stdio.h>
#include <string.h>

static void cleanup(void *arg) { printf("  cleanup for %s\n", (const char *)arg); }

static void handle(void *arg) {
    const char *req = arg;
    GORT_FRAME_BEGIN(f);
    gort_defer(cleanup, arg); /* runs on return and on panic alike */
    if (!strcmp(req, "index")) {
        gort_slice s = gort_make_slice(&gort_type_int, 3, 3);
        *(int64_t *)gort_slice_index(&gort_type_int, s, 5) = 1;
    } else if (!strcmp(req, "error")) {
        gort_panic(gort_any_error(gort_errorf("request %s failed", req)));
    }
    printf("  %s handled\n", req);
    GORT_FRAME_END(f);
}

int main(void) {
    const char *reqs[] = {"ok", "index", "error", "ok"};
    for (int i = 0; i < 4; i++) {
        gort_panic_info pi;
        printf("request %s:\n", reqs[i]);
        gort_pcall_status st = gort_pcall(handle, (void *)reqs[i], &pi);
        if (st == GORT_PCALL_PANIC) {
            gort_error *err = gort_any_to_error(pi.value);
            printf("  status PANIC, runtime error: %s\n  %s",
                   err && gort_error_is_runtime(err) ? "yes" : "no",
                   pi.message);
            /* "goroutine N [running]:", then the frames from the panic. */
            printf("  traceback starts at the panic: %s\n",
                   strstr(pi.traceback, "[running]:\ngort_panic") ? "yes" : "no");
            gort_panic_info_free(&pi);
        } else {
            printf("  status OK\n");
        }
    }
    return 0;
}
