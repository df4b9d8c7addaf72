/*
 * runtime.c: natives of package runtime (stdlib/runtime/runtime.go
 * declares the API): the scheduler's and the collector's knobs, bound to
 * the runtime's own implementations.
 *
 * Gosched yields from inside CALLN: the calling frame's pc is saved and
 * it is the VM goroutine's current frame, so the collector scans it
 * precisely while the goroutine waits in the run queue, as at any
 * preemption point. Goexit runs the goroutine's deferred calls (the
 * runtime's Goexit reaches the VM's unwinders) before it ends. GC
 * blocks until a full cycle, sweep included, is
 * done, as Go's runtime.GC does.
 */
#include "interp.h"
#include "natives.h"

/* func Gosched() */
static void rt_Gosched(struct vmstate *vm, vmslot *r) {
    (void)vm, (void)r;
    gort_gosched();
}

/* func Goexit(): ends the calling goroutine after its deferred calls;
 * in main, the program goes on until the other goroutines end. */
static void rt_Goexit(struct vmstate *vm, vmslot *r) {
    (void)r;
    vm_goexit(vm);
}

/* func GC() */
static void rt_GC(struct vmstate *vm, vmslot *r) {
    (void)vm, (void)r;
    gort_gc();
}

/* func NumGoroutine() int */
static void rt_NumGoroutine(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[0].i = gort_numgoroutine();
}

/* func GOMAXPROCS(n int) int: n < 1 only queries, as Go's does */
static void rt_GOMAXPROCS(struct vmstate *vm, vmslot *r) {
    (void)vm;
    int64_t n = r[0].i;
    r[1].i = gort_gomaxprocs(n < 1 ? 0 : (int)n);
}

/* func NumCPU() int */
static void rt_NumCPU(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[0].i = gort_numcpu();
}

static const vmnative natives[] = {
    {"runtime.GC", rt_GC},
    {"runtime.GOMAXPROCS", rt_GOMAXPROCS},
    {"runtime.Goexit", rt_Goexit},
    {"runtime.Gosched", rt_Gosched},
    {"runtime.NumCPU", rt_NumCPU},
    {"runtime.NumGoroutine", rt_NumGoroutine},
};
const vmnative_table vm_natives_runtime = {natives, (int)(sizeof natives / sizeof natives[0])};
