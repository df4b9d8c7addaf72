/*
 * test_embed.c — the runtime as a library inside a host program
 * (docs/embedding.md): the public inline code's write barriers, the
 * protected call (gort_pcall), fork, and the end of a run.
 *
 * Write barriers of gort.h's inline code.  GORT_APPEND and
 * gort_builder_reset replace a heap pointer that may sit in a GC object
 * (a slice or builder field).  The scenario that shows a missing barrier
 * is the deletion half of the hybrid barrier: a holder object H is white
 * (reachable only from C memory while the cycle marks), the goroutine's
 * stack is already scanned (black), the goroutine copies H's old buffer
 * pointer to its stack, and then the inline code overwrites the field.
 * Unless the store shades the old buffer, nothing ever marks it: H is
 * found later (its new buffer is black, allocated during mark) and the
 * stack is not scanned again.  The scenario then hands the old buffer to
 * a black object; gccheckmark re-marks from the roots and finds it there,
 * unmarked.  The scenarios run in a
 * child with GODEBUG=gccheckmark=1; a missing barrier ends it with
 * "fatal error: checkmark found unmarked object".
 *
 * GORT_TEST_CONCURRENCY GORT_TEST_ASAN_TOO: runs under ThreadSanitizer and AddressSanitizer.
 */
#include "sync_testlib.h"

#include "mgc.h"
#include "runtime.h"

#include <pthread.h>

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

static child_result cres;

static bool has(const char *s) { return strstr(cres.out, s) != NULL; }

/* Runs child scenario name with GODEBUG set to godebug (NULL: unset). */
static void child(const char *name, const char *godebug) {
    const char *old = getenv("GODEBUG");
    char *saved = old ? strdup(old) : NULL;
    if (godebug) setenv("GODEBUG", godebug, 1);
    else unsetenv("GODEBUG");
    run_child(name, &cres);
    if (saved) setenv("GODEBUG", saved, 1);
    else unsetenv("GODEBUG");
    free(saved);
}

#define CHILD_OK(want)                                                         \
    do {                                                                       \
        if (!has(want) || cres.status != 0)                                    \
            tl_fail(__FILE__, __LINE__, "child (status %d) printed:\n%s",      \
                    cres.status, cres.out);                                    \
    } while (0)

/* Clears the stack below the caller's frame, so that no dead frame keeps a
 * conservative copy of the objects a scenario hides (test_gc.c has the
 * story). */
static RT_NOINLINE void scrubstack(void) {
    volatile char pad[8192];
    memset((char *)pad, 0, sizeof pad);
    __asm__ volatile("" ::"r"(pad) : "memory");
}

static void gcrunner(void *arg) {
    gort_gc();
    __atomic_store_n((int *)arg, 1, __ATOMIC_RELEASE);
}

/* Marking has nothing left to do but is held open (rt_gcTestHoldMark):
 * every root, this goroutine's stack included, has been scanned. */
static bool marked_all(void *arg) {
    (void)arg;
    return ald(&rt_gcphase) == GCmark &&
           ald(&rt_gcwork.markrootNext) >= rt_gcwork.markrootJobs &&
           ald(&rt_gcwork.full) == 0 && ald(&rt_gcwork.nwait) == rt_gcwork.nproc;
}

/* Starts a cycle and holds it in the mark phase once the roots are done. */
static void hold_mark(int *done) {
    ast(&rt_gcTestHoldMark, 1u);
    gort_go(gcrunner, done);
    while (!marked_all(NULL)) gort_sleep(100 * GORT_MICROSECOND);
    gort_sleep(5 * GORT_MILLISECOND);
}

/* Lets the held cycle finish and waits for it. */
static void release_mark(int *done) {
    ast(&rt_gcTestHoldMark, 0u);
    rt_gcMarkDone();
    while (!__atomic_load_n(done, __ATOMIC_ACQUIRE)) gort_sleep(GORT_MILLISECOND);
}

/* Reuses freed memory of the buffer sizes, filled with junk. */
static RT_NOINLINE void churn(void) {
    for (int i = 0; i < 20000; i++) {
        uint8_t *p = gort_alloc(64, NULL);
        memset(p, 0xEE, 64);
        uint8_t *q = gort_alloc(128, NULL);
        memset(q, 0xEE, 128);
    }
}

/* ---------------------------------------------------------------------- */
/* Write barriers of the inline code (children, GODEBUG=gccheckmark=1)     */
/* ---------------------------------------------------------------------- */

/* A GC object with a slice and a builder: pointer words 0 (s.ptr) and 3
 * (b.buf.ptr). */
typedef struct holder {
    gort_slice s;
    gort_builder b;
} holder;
static const uint8_t holder_mask[] = {0x9};
static const gort_type holder_type = {.size = sizeof(holder),
                                      .align = 8,
                                      .ptrwords = 4,
                                      .ptrmask = holder_mask,
                                      .name = "holder",
                                      .kind = GORT_KIND_STRUCT};

static holder **hidden_h; /* malloc'd: not a root */
static holder *g_holder;  /* registered roots */
static void **g_keep;

/* H with a full 64-byte slice and 64 builder bytes, reachable only from
 * C memory.  Runs on a goroutine of its own that then exits, so that no
 * live stack keeps a stale copy of a pointer to H or its buffers. */
static RT_NOINLINE void hide_holder_inner(void) {
    hidden_h = malloc(sizeof *hidden_h);
    holder *h = gort_new(&holder_type);
    gort_slice s = gort_make_slice(&gort_type_uint8, 64, 64);
    for (int i = 0; i < 64; i++) ((uint8_t *)s.ptr)[i] = (uint8_t)i;
    gort_typedmemmove(&holder_type, h, &(holder){s, {{NULL, 0, 0}}});
    for (int i = 0; i < 64; i++) gort_builder_write_byte(&h->b, (uint8_t)(i + 100));
    *hidden_h = h;
}

/* The goroutine's stack goes back to a cache and the next goroutine (the
 * collector's runner) may run on it: scrub what the inner call left. */
static void hide_holder_g(void *arg) {
    hide_holder_inner();
    scrubstack();
    __atomic_store_n((int *)arg, 1, __ATOMIC_RELEASE);
}

static RT_NOINLINE void hide_holder(void) {
    int done = 0;
    gort_go(hide_holder_g, &done);
    while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE))
        gort_sleep(100 * GORT_MICROSECOND);
}

static bool bytes_ok(const uint8_t *p, int n, int base) {
    for (int i = 0; i < n; i++)
        if (p[i] != (uint8_t)(i + base)) return false;
    return true;
}

static bool marked(const void *p) {
    uintptr_t base, idx;
    MSpan *sp;
    return rt_findObject((uintptr_t)p, &base, &sp, &idx) &&
           rt_span_isMarked(sp, idx);
}

/* The shared part: hide H, hold mark after every root was scanned, then
 * copy the old buffer pointer to this (black) stack and overwrite the
 * field with the inline code under test, publish H through a registered
 * root, finish the cycle and churn.  Prints whether the old buffer
 * survived.  A stale conservative word somewhere (an allocator's or a
 * dead frame's copy) sometimes marks H or its buffer anyway; such a round
 * proves nothing, and the scenario tries again with a new H. */
static RT_NOINLINE void deletion_scenario(int which) {
    gort_root_add(&g_holder, 1);
    gort_root_add(&g_keep, 1);
    for (int round = 0;; round++) {
        if (round == 20) {
            printf("no clean round\n");
            return;
        }
        hide_holder();
        scrubstack();
        int done = 0;
        hold_mark(&done);
        holder *h = *hidden_h;
        if (marked(h) || marked(h->s.ptr) || marked(h->b.buf.ptr)) {
            release_mark(&done);
            continue;
        }
        const uint8_t *volatile old;
        if (which == 0) {
            old = h->s.ptr;
            GORT_APPEND(h->s, &gort_type_uint8, uint8_t, 64); /* grows */
        } else {
            old = (const uint8_t *)gort_builder_string(&h->b).ptr;
            gort_builder_reset(&h->b);
        }
        /* The stack holds the only reference to the old buffer.  Hand it
         * to a black object (allocated during mark), so that gccheckmark
         * finds it through a precise heap pointer: a conservative stack
         * word alone proves nothing to it.  The plain store is what the
         * hybrid barrier permits: a scanned stack never holds a white
         * pointer (the deletion half under test guarantees it), so
         * copying one into a black object needs no shading.
         * gort_store_ptr would shade it and hide the bug. */
        void **k = gort_alloc(sizeof *k, &gort_type_pointer);
        *k = (void *)old;
        g_keep = k;
        g_holder = h; /* registered roots are rescanned at mark termination */
        *hidden_h = NULL;
        h = NULL;
        release_mark(&done);
        for (int i = 0; i < 3; i++) {
            gort_gc();
            churn();
        }
        printf("survived: %d\n", bytes_ok(old, 64, which == 0 ? 0 : 100));
        return;
    }
}

static void child_append_barrier(void *arg) {
    (void)arg;
    deletion_scenario(0);
}
static void child_builder_barrier(void *arg) {
    (void)arg;
    deletion_scenario(1);
}

static void body_append_barrier(void *arg) {
    (void)arg;
    child("append_barrier", "gccheckmark=1");
    CHILD_OK("survived: 1");
}

static void body_builder_reset_barrier(void *arg) {
    (void)arg;
    child("builder_barrier", "gccheckmark=1");
    CHILD_OK("survived: 1");
}

/* ---------------------------------------------------------------------- */

static const child_scenario scenarios[] = {
    {"append_barrier", child_append_barrier},
    {"builder_barrier", child_builder_barrier},
};

int main(int argc, char **argv) {
    maybe_run_child(argc, argv, scenarios, RT_ARRAY_LEN(scenarios));
    const struct CMUnitTest tests[] = {
        GO_TEST(body_append_barrier),
        GO_TEST(body_builder_reset_barrier),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
