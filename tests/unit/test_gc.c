/*
 * test_gc.c — the garbage collector (runtime/src/mgc*.c, mbarrier.c,
 * mfinal.c; docs/gc.md).
 *
 * What "survives" means here: after the collections, the test allocates a
 * lot of fresh objects of the same size ("churn") so that any slot the
 * collector wrongly freed gets reused and overwritten, and then checks the
 * objects it kept through the root under test (each carries its id and a
 * checksum).  What "reclaimed" means: memstats after gort_gc, or a
 * finalizer running.
 *
 * Roots covered: a graph with cycles held from a stack local, an interior
 * pointer on the stack, a pointer held only in a callee-saved register (a
 * parked goroutine, a goroutine in gort_syscall_enter, a running goroutine
 * stopped by the collector's signal), a registered global (including a
 * plain store during mark), a channel buffer, a parked goroutine's stack,
 * a timer's argument, the VM scan hook, a goroutine's start argument.
 * Scenarios that end the program (gccheckmark catching a missing barrier,
 * misuse fatal errors, gctrace's format) run in a child process.
 *
 * GORT_TEST_CONCURRENCY GORT_TEST_ASAN_TOO: runs under ThreadSanitizer and AddressSanitizer.
 */
#include "testlib.h"

#include <pthread.h>
#include <regex.h>

/* ---------------------------------------------------------------------- */
/* Test objects                                                            */
/* ---------------------------------------------------------------------- */

/* 4 words: two pointers, an id, a checksum of the id. */
typedef struct tnode {
    struct tnode *a, *b;
    uint64_t id;
    uint64_t sum;
} tnode;

static const uint8_t tnode_mask[] = {0x3};
static const gort_type tnode_type = {.size = sizeof(tnode),
                                     .align = 8,
                                     .ptrwords = 2,
                                     .ptrmask = tnode_mask,
                                     .name = "tnode",
                                     .kind = GORT_KIND_STRUCT};

static uint64_t sumof(uint64_t id) { return id * 0x9E3779B97F4A7C15ull ^ 0x5bd1e995; }

static RT_NOINLINE tnode *mk(uint64_t id) {
    tnode *n = gort_new(&tnode_type);
    n->id = id;
    n->sum = sumof(id);
    return n;
}

static bool okn(const tnode *n, uint64_t id) {
    return n && n->id == id && n->sum == sumof(id);
}

/* Reuses freed memory: many objects of the test sizes, filled with junk. */
static RT_NOINLINE void churn(size_t n) {
    for (size_t i = 0; i < n; i++) {
        tnode *t = gort_new(&tnode_type);
        t->id = 0xdeadbeefdeadbeefull;
        t->sum = 0xdeadbeefdeadbeefull;
        uint64_t *raw = gort_alloc(256, NULL);
        for (int k = 0; k < 32; k++) raw[k] = 0xdeadbeefdeadbeefull;
    }
}

static void gc_and_churn(int rounds) {
    for (int i = 0; i < rounds; i++) {
        gort_gc();
        churn(20000);
    }
    gort_gc();
}

/* Runs fn on a goroutine of its own and waits for it to be gone: whatever
 * fn leaves on its stack dies with it (a conservatively scanned stack of a
 * live goroutine may keep stale words for a long time).  Gone means
 * exited, not just done: between the close and its exit the goroutine is
 * still scanned, and a collection then found fn's pointers on its stack
 * (body_memstats_consistent kept all 20,000 objects about once in ten
 * runs).  So the trampoline scrubs what fn left before it signals, and
 * run_apart waits for the goroutine count to drop back. */
static void trampoline(void *arg) {
    void **a = arg;
    ((void (*)(void))a[0])();
    tl_scrubstack();
    gort_chan_close(a[1]);
}
static void run_apart(void (*fn)(void)) {
    int before = gort_numgoroutine();
    void **a = gort_alloc(2 * sizeof *a, &gort_type_pointer);
    a[0] = (void *)fn; /* a code pointer: not a heap pointer */
    gort_store_ptr(&a[1], gort_chan_make(NULL, 0));
    gort_go(trampoline, a);
    gort_chan_recv(a[1], NULL);
    int64_t end = gort_nanotime() + 5 * GORT_SECOND;
    while (gort_numgoroutine() > before && gort_nanotime() < end) gort_sleep(GORT_MICROSECOND * 50);
}

static uint32_t numgc(void) {
    gort_memstats ms;
    gort_read_memstats(&ms);
    return ms.NumGC;
}

/* ---------------------------------------------------------------------- */
/* Reclaiming and surviving                                                */
/* ---------------------------------------------------------------------- */

static void body_reclaims_garbage(void *arg) {
    (void)arg;
    gort_memstats ms;
    gort_gc();
    gort_read_memstats(&ms);
    uint64_t base = ms.HeapAlloc;
    uint32_t gc0 = ms.NumGC;
    /* 64 MiB of garbage, in 1 MiB rounds. */
    uint64_t maxinuse = 0;
    for (int r = 0; r < 64; r++) {
        churn(1 << 20 >> 8);
        gort_read_memstats(&ms);
        if (ms.HeapInuse > maxinuse) maxinuse = ms.HeapInuse;
    }
    gort_gc();
    gort_read_memstats(&ms);
    CHECK(ms.NumGC > gc0 + 3);      /* the heap trigger ran cycles */
    CHECK(ms.Frees > 0);
    CHECK(maxinuse < 48u << 20);    /* bounded by the pacer, not 64 MiB */
    CHECK(ms.HeapAlloc < base + (2u << 20));
}

/* A graph of n nodes: node i points to i+1 (a ring) and to a random node. */
static RT_NOINLINE tnode *mkgraph(int n, uint32_t seed) {
    tnode **tmp = gort_alloc((size_t)n * sizeof *tmp, &gort_type_pointer);
    for (int i = 0; i < n; i++) gort_store_ptr((void **)&tmp[i], mk((uint64_t)i));
    for (int i = 0; i < n; i++) {
        seed = seed * 1664525 + 1013904223;
        gort_store_ptr((void **)&tmp[i]->a, tmp[(i + 1) % n]);
        gort_store_ptr((void **)&tmp[i]->b, tmp[seed % (uint32_t)n]);
    }
    return tmp[0];
}

static bool visit(tnode *root, int n) {
    uint8_t *seen = calloc((size_t)n, 1);
    tnode **stack = malloc((size_t)n * 2 * sizeof *stack);
    int sp = 0, count = 0;
    bool ok = true;
    stack[sp++] = root;
    while (sp && ok) {
        tnode *t = stack[--sp];
        if (t->id >= (uint64_t)n || !okn(t, t->id)) {
            ok = false;
            break;
        }
        if (seen[t->id]) continue;
        seen[t->id] = 1;
        count++;
        stack[sp++] = t->a;
        stack[sp++] = t->b;
    }
    free(seen);
    free(stack);
    return ok && count == n;
}

static void body_graph_with_cycles(void *arg) {
    (void)arg;
    tnode *volatile root = mkgraph(20000, 7);
    gc_and_churn(3);
    CHECK(visit(root, 20000));
}

/* Returns a pointer 100 bytes into a 256-byte pointer-free object: the only
 * reference left is interior. */
static RT_NOINLINE char *interior(void) {
    char *p = gort_alloc(256, NULL);
    for (int i = 0; i < 256; i++) p[i] = (char)(i * 7 + 3);
    return p + 100;
}

static void body_interior_pointer_on_stack(void *arg) {
    (void)arg;
    char *volatile mid = interior();
    gc_and_churn(3);
    char *p = mid - 100;
    for (int i = 0; i < 256; i++) CHECK(p[i] == (char)(i * 7 + 3));
}

#if defined(__x86_64__)
/* Keeps the only reference to a node in rbx (callee-saved) across fn():
 * the collector must find it in the registers the context switch (or
 * gort_syscall_enter) saved. */
static RT_NOINLINE bool hold_in_rbx(void (*fn)(void), uint64_t id) {
    register tnode *r __asm__("rbx") = mk(id);
    __asm__ volatile("" : "+r"(r));
    fn();
    __asm__ volatile("" : "+r"(r));
    return okn(r, id);
}
#define HAVE_REGTEST 1
#endif

#ifdef HAVE_REGTEST
static void gc_churn_fn(void) { gc_and_churn(2); }

static void body_pointer_only_in_register(void *arg) {
    (void)arg;
    CHECK(hold_in_rbx(gc_churn_fn, 4242));
}

/* A goroutine blocked in a syscall with its reference in rbx. */
static int syspipe[2];
static int sys_state; /* 1: about to block, 2: done ok, 3: done bad */

static void block_in_read(void) {
    char c;
    __atomic_store_n(&sys_state, 1, __ATOMIC_RELEASE);
    gort_syscall_enter();
    ssize_t n = read(syspipe[0], &c, 1);
    gort_syscall_exit();
    (void)n;
}

static void sysholder(void *arg) {
    (void)arg;
    bool ok = hold_in_rbx(block_in_read, 777);
    __atomic_store_n(&sys_state, ok ? 2 : 3, __ATOMIC_RELEASE);
}

static bool sys_blocked(void *arg) {
    (void)arg;
    return __atomic_load_n(&sys_state, __ATOMIC_ACQUIRE) == 1;
}
static bool sys_done(void *arg) {
    (void)arg;
    return __atomic_load_n(&sys_state, __ATOMIC_ACQUIRE) >= 2;
}

static void body_syscall_registers(void *arg) {
    (void)arg;
    CHECK(pipe(syspipe) == 0);
    sys_state = 0;
    gort_go(sysholder, NULL);
    CHECK(tl_wait_until(sys_blocked, NULL, 5 * GORT_SECOND));
    gort_sleep(20 * GORT_MILLISECOND); /* inside read() by now */
    gc_and_churn(2);
    CHECK(write(syspipe[1], "x", 1) == 1);
    CHECK(tl_wait_until(sys_done, NULL, 5 * GORT_SECOND));
    CHECK_EQ(__atomic_load_n(&sys_state, __ATOMIC_ACQUIRE), 2);
    close(syspipe[0]);
    close(syspipe[1]);
}

/* A goroutine running C code (it only polls the preempt flag) with its
 * reference in a register: scanned by signal suspension while it runs. */
static int spin_stop, spin_state;

static RT_NOINLINE void spinner(void *arg) {
    (void)arg;
    register tnode *r __asm__("rbx") = mk(999);
    __atomic_store_n(&spin_state, 1, __ATOMIC_RELEASE);
    while (!__atomic_load_n(&spin_stop, __ATOMIC_ACQUIRE)) {
        __asm__ volatile("" : "+r"(r));
        if (gort_preempt_pending()) gort_safepoint();
    }
    __asm__ volatile("" : "+r"(r));
    __atomic_store_n(&spin_state, okn(r, 999) ? 2 : 3, __ATOMIC_RELEASE);
}

static bool spin_started(void *arg) {
    (void)arg;
    return __atomic_load_n(&spin_state, __ATOMIC_ACQUIRE) == 1;
}
static bool spin_done(void *arg) {
    (void)arg;
    return __atomic_load_n(&spin_state, __ATOMIC_ACQUIRE) >= 2;
}

static void body_running_goroutine_scanned_by_signal(void *arg) {
    (void)arg;
    if (gort_gomaxprocs(0) < 2) return; /* needs a P for the spinner */
    spin_stop = 0;
    spin_state = 0;
    uint64_t before = ald(&rt_gcSignalScans);
    gort_go(spinner, NULL);
    CHECK(tl_wait_until(spin_started, NULL, 5 * GORT_SECOND));
    for (int i = 0; i < 50 && ald(&rt_gcSignalScans) == before; i++)
        gc_and_churn(1);
#if !GORT_SANITIZE_THREAD /* TSan may hold signals back: then it yields */
    CHECK(ald(&rt_gcSignalScans) > before);
#endif
    __atomic_store_n(&spin_stop, 1, __ATOMIC_RELEASE);
    CHECK(tl_wait_until(spin_done, NULL, 5 * GORT_SECOND));
    CHECK_EQ(__atomic_load_n(&spin_state, __ATOMIC_ACQUIRE), 2);
}
#endif /* HAVE_REGTEST */

/* ---------------------------------------------------------------------- */
/* Registered roots, runtime roots, hooks                                  */
/* ---------------------------------------------------------------------- */

static tnode *g_root;
static int fin_count;
static uint64_t fin_seen_id;

static void count_fin(void *obj) {
    fin_seen_id = ((tnode *)obj)->id;
    __atomic_add_fetch(&fin_count, 1, __ATOMIC_ACQ_REL);
}

static bool fin_ran(void *arg) {
    return __atomic_load_n(&fin_count, __ATOMIC_ACQUIRE) >= *(int *)arg;
}

static int global_ok;
static void check_global(void) { global_ok = okn(g_root, 31337); }

static void put_global(void) {
    g_root = mk(31337); /* a plain C store: roots need no barrier */
    gort_set_finalizer(g_root, count_fin);
}

static void body_registered_global(void *arg) {
    (void)arg;
    gort_root_add(&g_root, 1);
    fin_count = 0;
    run_apart(put_global);
    gc_and_churn(3);
    run_apart(check_global);
    CHECK(global_ok);
    CHECK_EQ(fin_count, 0);
    /* Unregistered, the object is garbage: its finalizer runs. */
    gort_root_remove(&g_root);
    g_root = NULL;
    int want = 1;
    for (int i = 0; i < 20 && !fin_ran(&want); i++) {
        gort_gc();
        gort_sleep(GORT_MILLISECOND);
    }
    CHECK(tl_wait_until(fin_ran, &want, 5 * GORT_SECOND));
    CHECK_EQ(fin_seen_id, 31337);
}

/* A plain store into a registered global after the marker scanned the
 * roots, of an object nothing else references: mark termination's rescan
 * must find it. */
static void **hidden; /* malloc'd: not a root */

static RT_NOINLINE void hide(uint64_t id) {
    hidden = malloc(sizeof *hidden);
    *hidden = mk(id);
    /* Leave no register copy behind either: the caller scrubs the stack
     * next, and the return value register is overwritten. */
}

static bool flag_set(void *arg) { return __atomic_load_n((int *)arg, __ATOMIC_ACQUIRE); }

static void body_root_store_during_mark(void *arg) {
    (void)arg;
    gort_root_add(&g_root, 1);
    g_root = NULL;
    hide(4711);
    tl_scrubstack();
    int done = 0;
    ast(&rt_gcTestHoldMark, 1u);
    gort_go(gc_runner, &done);
    CHECK(tl_wait_until(gc_marked_all, NULL, 5 * GORT_SECOND));
    gort_sleep(5 * GORT_MILLISECOND);
    g_root = *hidden; /* plain store, after the roots were scanned */
    *hidden = NULL;
    ast(&rt_gcTestHoldMark, 0u);
    rt_gcMarkDone();
    CHECK(tl_wait_until(flag_set, &done, 5 * GORT_SECOND));
    gc_and_churn(1);
    CHECK(okn(g_root, 4711));
    gort_root_remove(&g_root);
    g_root = NULL;
    free(hidden);
}

static void body_channel_buffer(void *arg) {
    (void)arg;
    gort_chan *c = gort_chan_make(&gort_type_pointer, 4);
    for (uint64_t i = 0; i < 4; i++) {
        tnode *t = mk(100 + i);
        gort_chan_send(c, &t);
    }
    gc_and_churn(3);
    for (uint64_t i = 0; i < 4; i++) {
        tnode *t = NULL;
        CHECK(gort_chan_recv(c, &t));
        CHECK(okn(t, 100 + i));
    }
}

/* A goroutine parked with the object only on its stack (received from a
 * channel into a local), and a goroutine whose start argument is its only
 * reference (created but not yet run). */
static void parked_holder(void *arg) {
    gort_chan **cc = arg;
    tnode *mine = NULL;
    gort_chan_recv(cc[0], &mine);      /* the value arrives on our stack */
    gort_chan_recv(cc[1], NULL);       /* park holding it */
    bool ok = okn(mine, 555);
    gort_chan_send(cc[2], &ok);
}

static RT_NOINLINE void sendnew(gort_chan *c, uint64_t id) {
    tnode *t = mk(id);
    gort_chan_send(c, &t);
}

static void body_parked_stack_and_chan_handoff(void *arg) {
    (void)arg;
    gort_chan **cc = gort_alloc(3 * sizeof *cc, &gort_type_pointer);
    gort_store_ptr((void **)&cc[0], gort_chan_make(&gort_type_pointer, 0));
    gort_store_ptr((void **)&cc[1], gort_chan_make(NULL, 0));
    gort_store_ptr((void **)&cc[2], gort_chan_make(&gort_type_bool, 1));
    gort_go(parked_holder, cc);
    sendnew(cc[0], 555); /* direct hand-off to the parked receiver */
    gc_and_churn(3);
    gort_chan_send(cc[1], NULL);
    bool ok = false;
    gort_chan_recv(cc[2], &ok);
    CHECK(ok);
}

static void timerfn(void *arg, uintptr_t seq, int64_t now) {
    (void)arg;
    (void)seq;
    (void)now;
}

static RT_NOINLINE Timer *armtimer(uint64_t id) {
    Timer *t = calloc(1, sizeof *t);
    t->f = timerfn;
    t->arg = mk(id);
    t->when = gort_nanotime() + 3600 * GORT_SECOND;
    rt_addtimer(t);
    return t;
}

static void body_timer_argument(void *arg) {
    (void)arg;
    Timer *t = armtimer(888);
    gc_and_churn(3);
    CHECK(okn(t->arg, 888));
    rt_deltimer(t);
    free(t);
}

static void **vmslot; /* malloc'd: only the VM hook reports it */

static void vmscan(void *ctx, void (*mark)(void *ptr, void *gcw), void *gcw) {
    (void)ctx;
    mark(*vmslot, gcw);
}

static const gort_vm_hooks vmhooks = {.scan = vmscan};

static void vm_goroutine(void *arg) {
    gort_chan **cc = arg;
    gort_set_vm_hooks(&vmhooks, NULL);
    gort_chan_recv(cc[0], NULL); /* parked: the hook is its only root */
    bool ok = okn(*vmslot, 321);
    gort_set_vm_hooks(NULL, NULL);
    gort_chan_send(cc[1], &ok);
}

static RT_NOINLINE void vmstore(uint64_t id) { *vmslot = mk(id); }

static void body_vm_scan_hook(void *arg) {
    (void)arg;
    vmslot = malloc(sizeof *vmslot);
    vmstore(321);
    gort_chan **cc = gort_alloc(2 * sizeof *cc, &gort_type_pointer);
    gort_store_ptr((void **)&cc[0], gort_chan_make(NULL, 0));
    gort_store_ptr((void **)&cc[1], gort_chan_make(&gort_type_bool, 1));
    gort_go(vm_goroutine, cc);
    gort_sleep(5 * GORT_MILLISECOND);
    gc_and_churn(3);
    gort_chan_send(cc[0], NULL);
    bool ok = false;
    gort_chan_recv(cc[1], &ok);
    CHECK(ok);
    free(vmslot);
}

/* A goroutine created with an object as argument, then left unrun while
 * the creator collects: the G's arg is the only root. */
static int argok;
static void arg_goroutine(void *arg) {
    __atomic_store_n(&argok, okn(arg, 556) ? 1 : 2, __ATOMIC_RELEASE);
}

static RT_NOINLINE void spawn_with_arg(void) { gort_go(arg_goroutine, mk(556)); }

static bool argdone(void *arg) {
    (void)arg;
    return __atomic_load_n(&argok, __ATOMIC_ACQUIRE) != 0;
}

static void body_goroutine_argument(void *arg) {
    (void)arg;
    argok = 0;
    int old = gort_gomaxprocs(1); /* so it cannot run before we collect */
    spawn_with_arg();
    gc_and_churn(2);
    gort_gomaxprocs(old);
    CHECK(tl_wait_until(argdone, NULL, 5 * GORT_SECOND));
    CHECK_EQ(argok, 1);
}

/* ---------------------------------------------------------------------- */
/* Finalizers                                                              */
/* ---------------------------------------------------------------------- */

static void mkfinalized(void) {
    tnode *t = mk(50);
    gort_store_ptr((void **)&t->a, mk(51)); /* reachable only through t */
    gort_set_finalizer(t, count_fin);
}

static int ref_ok;
static void check_referent_fin(void *obj) {
    tnode *t = obj;
    __atomic_store_n(&ref_ok, okn(t, 60) && okn(t->a, 61) ? 1 : 2, __ATOMIC_RELEASE);
}

static void mkfinalized_ref(void) {
    tnode *t = mk(60);
    gort_store_ptr((void **)&t->a, mk(61));
    gort_set_finalizer(t, check_referent_fin);
}

static void body_finalizers(void *arg) {
    (void)arg;
    fin_count = 0;
    run_apart(mkfinalized);
    int want = 1;
    /* run_apart(tl_scrubstack): mkfinalized's goroutine stack goes back to
     * the stack cache, and the next goroutine to take it may leave a dead
     * copy of t unwritten in its own frames (more likely with ASan's
     * padded frames), which a conservative scan would take for a
     * reference.  A goroutine that zeroes the top of its stack first clears
     * such copies out of the cached stacks. */
    for (int i = 0; i < 40 && !fin_ran(&want); i++) {
        run_apart(tl_scrubstack);
        gort_gc();
        churn(5000);
        gort_sleep(GORT_MILLISECOND);
    }
    CHECK(tl_wait_until(fin_ran, &want, 5 * GORT_SECOND));
    for (int i = 0; i < 5; i++) gort_gc();
    gort_sleep(10 * GORT_MILLISECOND);
    CHECK_EQ(__atomic_load_n(&fin_count, __ATOMIC_ACQUIRE), 1); /* once */
    CHECK_EQ(fin_seen_id, 50);

    /* The finalizer sees its object and what it references intact. */
    ref_ok = 0;
    run_apart(mkfinalized_ref);
    for (int i = 0; i < 40 && !ref_ok; i++) {
        run_apart(tl_scrubstack);
        gort_gc();
        churn(5000);
        gort_sleep(GORT_MILLISECOND);
    }
    CHECK_EQ(__atomic_load_n(&ref_ok, __ATOMIC_ACQUIRE), 1);

    /* Removed before it could run: never runs. */
    fin_count = 0;
    tnode *t = mk(70);
    gort_set_finalizer(t, count_fin);
    gort_set_finalizer(t, NULL);
    t = NULL;
    for (int i = 0; i < 5; i++) gort_gc();
    gort_sleep(10 * GORT_MILLISECOND);
    CHECK_EQ(__atomic_load_n(&fin_count, __ATOMIC_ACQUIRE), 0);
}

/* ---------------------------------------------------------------------- */
/* Control: gort_gc, GOGC, memory limit, time trigger, memstats            */
/* ---------------------------------------------------------------------- */

static void body_gc_blocks_until_complete(void *arg) {
    (void)arg;
    gort_memstats a, b;
    gort_read_memstats(&a);
    gort_gc();
    gort_read_memstats(&b);
    CHECK(b.NumGC >= a.NumGC + 1);
    CHECK(b.NumForcedGC >= a.NumForcedGC + 1);
    CHECK(b.LastGC >= a.LastGC);
    CHECK(b.PauseNs[(b.NumGC + 255) % 256] > 0);
    CHECK(b.PauseTotalNs > a.PauseTotalNs);
    CHECK_EQ(ald(&rt_gcphase), GCoff);
}

static void body_gogc_off(void *arg) {
    (void)arg;
    int old = gort_set_gc_percent(-1);
    CHECK(old >= 0);
    uint32_t n0 = numgc();
    churn(200000); /* ~56 MiB of garbage */
    CHECK_EQ(numgc(), n0);
    gort_memstats ms;
    gort_read_memstats(&ms);
    CHECK_EQ(ms.NextGC, 0);
    gort_gc(); /* still collects when asked */
    CHECK_EQ(numgc(), n0 + 1);
    CHECK_EQ(gort_set_gc_percent(old), -1);
    gort_read_memstats(&ms);
    CHECK(ms.NextGC > 0);
}

static void body_memory_limit(void *arg) {
    (void)arg;
#if GORT_SANITIZE_THREAD
    /* The limit counts resident memory, and TSan's shadow (several times
     * the heap) alone exceeds 64 MiB: every allocation would start a
     * cycle.  The normal build runs this test.  (Not cmocka's skip(): its
     * state is the main thread's, and this body runs on a goroutine.) */
    return;
#endif
    int oldpct = gort_set_gc_percent(-1);
    int64_t oldlim = gort_set_memory_limit(64 << 20);
    CHECK_EQ(oldlim, INT64_MAX);
    CHECK_EQ(gort_set_memory_limit(-1), 64 << 20); /* query */
    uint32_t n0 = numgc();
    uint64_t maxinuse = 0;
    gort_memstats ms;
    for (int r = 0; r < 40; r++) {
        churn(8000); /* ~2.2 MiB */
        gort_read_memstats(&ms);
        if (ms.HeapInuse > maxinuse) maxinuse = ms.HeapInuse;
    }
    CHECK(numgc() > n0);            /* the limit triggered cycles */
    CHECK(maxinuse < 80u << 20);    /* ~88 MiB allocated in all */
    gort_set_memory_limit(oldlim);
    gort_set_gc_percent(oldpct);
}

static void body_time_trigger(void *arg) {
    (void)arg;
    int64_t old = ald(&rt_gcForcePeriod);
    ast(&rt_gcForcePeriod, 50 * GORT_MILLISECOND);
    uint32_t n0 = numgc();
    gort_sleep(400 * GORT_MILLISECOND);
    ast(&rt_gcForcePeriod, old);
    CHECK(numgc() > n0);
}

static tnode **live; /* a GC array of live nodes, registered */
enum { NLIVE = 20000 };
static int live_ok;

static void mklive(void) {
    live = gort_alloc(NLIVE * sizeof *live, &gort_type_pointer);
    for (int i = 0; i < NLIVE; i++)
        gort_store_ptr((void **)&live[i], mk((uint64_t)i));
    churn(50000);
}

static void checklive(void) {
    live_ok = 1;
    for (int i = 0; i < NLIVE; i++)
        if (!okn(live[i], (uint64_t)i)) live_ok = 0;
}

static void body_memstats_consistent(void *arg) {
    (void)arg;
    enum { N = NLIVE };
    gort_memstats a, b, c;
    gort_gc();
    gort_gc();
    gort_read_memstats(&a);
    CHECK_EQ(a.HeapObjects, a.Mallocs - a.Frees);
    CHECK(a.HeapInuse >= a.HeapAlloc);
    CHECK(a.HeapSys >= a.HeapInuse);
    CHECK(a.Sys >= a.HeapSys + a.StackSys);
    CHECK(a.TotalAlloc >= a.HeapAlloc);
    gort_root_add(&live, 1);
    run_apart(mklive);
    gort_gc();
    gort_read_memstats(&b);
    uint64_t want = N * sizeof(tnode) + N * sizeof *live;
    /* Live bytes are exactly what we keep, within the tiny-alloc and
     * size-class rounding tolerance (4 KiB + 1/16). */
    CHECK(b.HeapAlloc >= a.HeapAlloc + want - (want >> 4));
    CHECK(b.HeapAlloc <= a.HeapAlloc + want + (want >> 4) + (64 << 10));
    run_apart(checklive);
    CHECK(live_ok);
    gort_root_remove(&live);
    live = NULL;
    tl_scrubstack();
    gort_gc();
    gort_read_memstats(&c);
    CHECK(c.HeapAlloc <= a.HeapAlloc + (64 << 10));
    CHECK(c.Frees >= b.Frees + N);
    CHECK(c.TotalAlloc >= b.TotalAlloc);
    uint64_t sum = 0;
    for (uint32_t k = 0; k < c.NumGC && k < 256; k++) sum += c.PauseNs[k];
    CHECK(c.PauseTotalNs >= sum);
    CHECK(c.GCCPUFraction >= 0 && c.GCCPUFraction < 1);
}

static void *foreign(void *arg) {
    gort_gc();
    gort_memstats ms;
    gort_read_memstats(&ms);
    *(uint32_t *)arg = ms.NumGC;
    return NULL;
}

static void body_foreign_thread_gc(void *arg) {
    (void)arg;
    uint32_t n0 = numgc(), n1 = 0;
    pthread_t t;
    CHECK(pthread_create(&t, NULL, foreign, &n1) == 0);
    gort_syscall_enter();
    pthread_join(t, NULL);
    gort_syscall_exit();
    CHECK(n1 >= n0 + 1);
}

/* Goroutines building and checking trees while cycles run. */
static tnode *tree(int d, uint64_t id) {
    tnode *n = mk(id);
    if (d > 0) {
        gort_store_ptr((void **)&n->a, tree(d - 1, 2 * id));
        gort_store_ptr((void **)&n->b, tree(d - 1, 2 * id + 1));
    }
    return n;
}

static bool checktree(const tnode *n, int d, uint64_t id) {
    if (!okn(n, id)) return false;
    if (d == 0) return !n->a && !n->b;
    return checktree(n->a, d - 1, 2 * id) && checktree(n->b, d - 1, 2 * id + 1);
}

static void builder(void *arg) {
    gort_chan *res = arg;
    bool ok = true;
    tnode *keep = tree(10, 1);
    for (int i = 0; i < 200 && ok; i++) {
        tnode *t = tree(8, 1);
        ok = checktree(t, 8, 1) && checktree(keep, 10, 1);
    }
    gort_chan_send(res, &ok);
}

static void body_concurrent_builders(void *arg) {
    (void)arg;
    enum { NB = 8 };
    uint32_t n0 = numgc();
    gort_chan *res = gort_chan_make(&gort_type_bool, NB);
    for (int i = 0; i < NB; i++) gort_go(builder, res);
    for (int i = 0; i < NB; i++) {
        bool ok = false;
        gort_chan_recv(res, &ok);
        CHECK(ok);
    }
    CHECK(numgc() > n0);
}

/* ---------------------------------------------------------------------- */
/* Child scenarios                                                         */
/* ---------------------------------------------------------------------- */

/* A missing write barrier: A is black before the store, B only ever lived
 * in C memory; gccheckmark must catch A -> B. */
static tnode *g_a;

static RT_NOINLINE void missing_barrier(bool use_barrier) {
    gort_root_add(&g_a, 1);
    g_a = mk(1);
    hide(2);
    tl_scrubstack();
    int done = 0;
    ast(&rt_gcTestHoldMark, 1u);
    gort_go(gc_runner, &done);
    while (!gc_marked_all(NULL)) gort_sleep(100 * GORT_MICROSECOND);
    gort_sleep(5 * GORT_MILLISECOND);
    if (use_barrier) gort_store_ptr((void **)&g_a->a, *hidden);
    else g_a->a = *hidden; /* the bug */
    *hidden = NULL;
    ast(&rt_gcTestHoldMark, 0u);
    rt_gcMarkDone();
    while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) gort_sleep(GORT_MILLISECOND);
    gc_and_churn(1);
    printf("survived: %d\n", okn(g_a->a, 2));
}

static void child_missing_barrier(void *arg) {
    (void)arg;
    missing_barrier(false);
}
static void child_with_barrier(void *arg) {
    (void)arg;
    missing_barrier(true);
}

static void child_gctrace(void *arg) {
    (void)arg;
    churn(10);
    gort_gc();
}

static void child_fin_interior(void *arg) {
    (void)arg;
    char *p = gort_alloc(64, &gort_type_pointer);
    gort_set_finalizer(p + 8, (void (*)(void *))free);
}
static void child_fin_nil(void *arg) {
    (void)arg;
    gort_set_finalizer(NULL, (void (*)(void *))free);
}
static void child_fin_notheap(void *arg) {
    (void)arg;
    static int x;
    gort_set_finalizer(&x, (void (*)(void *))free);
}
static void child_fin_twice(void *arg) {
    (void)arg;
    tnode *t = mk(1);
    gort_set_finalizer(t, count_fin);
    gort_set_finalizer(t, count_fin);
}
static void child_root_remove(void *arg) {
    (void)arg;
    static void *x;
    gort_root_remove(&x);
}
static void child_gogc(void *arg) {
    (void)arg;
    printf("gogc=%d\n", gort_set_gc_percent(100));
}
static void child_gcstress(void *arg) {
    (void)arg;
    tnode *keep = tree(6, 1);
    for (int i = 0; i < 20; i++) {
        tnode *t = tree(8, 1);
        if (!checktree(t, 8, 1) || !checktree(keep, 6, 1)) {
            printf("corrupt\n");
            return;
        }
    }
    printf("ok numgc>=20: %d\n", numgc() >= 20);
}

static const tl_scenario scenarios[] = {
    {"missing_barrier", .main = child_missing_barrier},
    {"with_barrier", .main = child_with_barrier},
    {"gctrace", .main = child_gctrace},
    {"fin_interior", .main = child_fin_interior},
    {"fin_nil", .main = child_fin_nil},
    {"fin_notheap", .main = child_fin_notheap},
    {"fin_twice", .main = child_fin_twice},
    {"root_remove", .main = child_root_remove},
    {"gogc", .main = child_gogc},
    {"gcstress", .main = child_gcstress},
};

static tl_child_result cres;

/* Runs a child with extra environment ("NAME=value"; NULL: none). */
static void child(const char *name, const char *env1, const char *env2) {
    const char *env[] = {env1 ? env1 : env2, env1 ? env2 : NULL, NULL};
    tl_child(name, env, NULL, &cres);
}

static bool has(const char *s) { return strstr(cres.out, s) != NULL; }

static void body_checkmark_catches_missing_barrier(void *arg) {
    (void)arg;
    child("missing_barrier", "GODEBUG=gccheckmark=1", "GOTRACEBACK=none");
    if (!has("runtime: checkmarks found unexpected unmarked object obj=0x") ||
        !has("runtime: found obj at *(0x") || !has("+0x0)") ||
        !has("fatal error: checkmark found unmarked object"))
        FAILF("child printed:\n%s", cres.out);
    CHECK_EQ(cres.status, 2);
    /* The same program with the barrier: no report, and B survives. */
    child("with_barrier", "GODEBUG=gccheckmark=1", NULL);
    if (!has("survived: 1")) FAILF("child printed:\n%s", cres.out);
    CHECK_EQ(cres.status, 0);
}

static void body_gctrace_format(void *arg) {
    (void)arg;
    child("gctrace", "GODEBUG=gctrace=1", NULL);
    CHECK_EQ(cres.status, 0);
    regex_t re;
    CHECK(regcomp(&re,
                  "^gc 1 @[0-9]+\\.[0-9]{3}s [0-9]+%: "
                  "[0-9.]+\\+[0-9.]+\\+[0-9.]+ ms clock, "
                  "[0-9.]+\\+[0-9.]+/[0-9.]+/[0-9.]+\\+[0-9.]+ ms cpu, "
                  "[0-9]+->[0-9]+->[0-9]+ MB, [0-9]+ MB goal, [0-9]+ MB stacks, "
                  "[0-9]+ MB globals, [0-9]+ P \\(forced\\)$",
                  REG_EXTENDED | REG_NEWLINE) == 0);
    int m = regexec(&re, cres.out, 0, NULL, 0);
    regfree(&re);
    if (m != 0) FAILF("gctrace printed:\n%s", cres.out);
}

static void body_misuse(void *arg) {
    (void)arg;
    static const struct {
        const char *name, *want;
    } cases[] = {
        {"fin_interior", "fatal error: runtime.SetFinalizer: pointer not at "
                         "beginning of allocated block\n"},
        {"fin_nil", "fatal error: runtime.SetFinalizer: first argument is nil\n"},
        {"fin_notheap", "fatal error: runtime.SetFinalizer: pointer not in "
                        "allocated block\n"},
        {"fin_twice", "fatal error: runtime.SetFinalizer: finalizer already set\n"},
        {"root_remove", "panic: gort_root_remove: region was not registered with "
                        "gort_root_add\n"},
    };
    for (size_t i = 0; i < RT_ARRAY_LEN(cases); i++) {
        child(cases[i].name, "GOTRACEBACK=none", NULL);
        if (strncmp(cres.out, cases[i].want, strlen(cases[i].want)) != 0)
            FAILF("%s printed:\n%s\nwant:\n%s",
                  cases[i].name, cres.out, cases[i].want);
        CHECK_EQ(cres.status, 2);
    }
    child("gogc", "GOMEMLIMIT=lots", "GOTRACEBACK=none");
    if (strncmp(cres.out,
                "GOMEMLIMIT=lots\nfatal error: malformed GOMEMLIMIT; see `go "
                "doc runtime/debug.SetMemoryLimit`\n",
                90) != 0)
        FAILF("GOMEMLIMIT=lots printed:\n%s", cres.out);
    CHECK_EQ(cres.status, 2);
}

static void body_env(void *arg) {
    (void)arg;
    child("gogc", "GOGC=off", NULL);
    CHECK(has("gogc=-1"));
    child("gogc", "GOGC=250", NULL);
    CHECK(has("gogc=250"));
    child("gogc", "GOGC=bogus", NULL); /* ignored, as Go */
    CHECK(has("gogc=100"));
    child("gcstress", "GODEBUG=gcstress=1,gccheckmark=1", NULL);
    if (!has("ok numgc>=20: 1")) FAILF("gcstress:\n%s", cres.out);
}

int main(int argc, char **argv) {
    tl_child_main(argc, argv, scenarios, RT_ARRAY_LEN(scenarios));
    if (getenv("GC_TEST_FILTER")) cmocka_set_test_filter(getenv("GC_TEST_FILTER"));
    const struct CMUnitTest tests[] = {
        GO_TEST(body_reclaims_garbage),
        GO_TEST(body_graph_with_cycles),
        GO_TEST(body_interior_pointer_on_stack),
#ifdef HAVE_REGTEST
        GO_TEST(body_pointer_only_in_register),
        GO_TEST(body_syscall_registers),
        GO_TEST(body_running_goroutine_scanned_by_signal),
#endif
        GO_TEST(body_registered_global),
        GO_TEST(body_root_store_during_mark),
        GO_TEST(body_channel_buffer),
        GO_TEST(body_parked_stack_and_chan_handoff),
        GO_TEST(body_timer_argument),
        GO_TEST(body_vm_scan_hook),
        GO_TEST(body_goroutine_argument),
        GO_TEST(body_finalizers),
        GO_TEST(body_gc_blocks_until_complete),
        GO_TEST(body_gogc_off),
        GO_TEST(body_memory_limit),
        GO_TEST(body_time_trigger),
        GO_TEST(body_memstats_consistent),
        GO_TEST(body_foreign_thread_gc),
        GO_TEST(body_concurrent_builders),
        GO_TEST(body_checkmark_catches_missing_barrier),
        GO_TEST(body_gctrace_format),
        GO_TEST(body_misuse),
        GO_TEST(body_env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
