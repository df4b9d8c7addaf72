/*
 * stack.c — goroutine stacks: mmap'd regions with a guard page below.
 *
 *     stack_map                stack_lo                         stack_hi
 *     |  guard (1 page, no access) |  usable stack, grows down  <-- |
 *
 * A C stack cannot be moved (C code keeps pointers into it), so unlike Go's
 * 2 KiB growable stacks every goroutine gets a fixed-size region, 256 KiB by
 * default ($GORT_STACK_SIZE, gort_config.stack_size).  The region is reserved
 * with MAP_NORESERVE and only the pages a goroutine touches become resident,
 * so a parked goroutine costs one or two pages of real memory.
 *
 * Guard pages: on Linux >= 6.13 the guard is installed with
 * MADV_GUARD_INSTALL, which marks the page without splitting the mapping;
 * otherwise with mprotect(PROT_NONE), which costs a second VMA per stack and
 * so caps live goroutines at about vm.max_map_count / 2 (32k by default).
 * Past that budget stacks are mapped without a guard and a warning is
 * printed once (see docs/stacks-and-switching.md).
 *
 * Overflow: a write into the guard page raises SIGSEGV.  The handler
 * (signal.c) runs on a per-M sigaltstack (the goroutine stack is
 * exhausted), recognises the address as a guard page, and
 * rt_stack_overflow prints Go's message and exits with status 2.
 *
 * Reuse: a goroutine takes its stack when it first runs (proc.c
 * becomecurg) and returns it when it exits, into a per-P cache of free
 * stacks backed by a global pool.  A burst of spawns therefore costs G
 * structs, not stacks: the goroutines that run and exit one after another
 * reuse the same few hot stacks, and neither spawning nor a first run
 * normally makes a system call.  Past 4096 pooled stacks, freed stacks go
 * back to the OS.
 */
#include "runtime.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#if GORT_HAVE_VALGRIND
#include <valgrind/valgrind.h>
#endif

#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif

static size_t pagesize;
static int guard_mode;        /* 0 untried, 1 madvise guard, 2 mprotect */
static int64_t nvma_guards;   /* atomic: mprotect guards alive */
static int64_t vma_budget;    /* mprotect guards allowed */
static bool warned_noguard;

static int64_t read_max_map_count(void) {
    FILE *f = fopen("/proc/sys/vm/max_map_count", "r");
    long v = 65530;
    if (f) {
        if (fscanf(f, "%ld", &v) != 1) v = 65530;
        fclose(f);
    }
    return v;
}

/* guard_mode and warned_noguard are shared by every M allocating stacks:
 * accessed atomically (the values only ever move one way). */
static bool install_guard(void *base) {
    if (ald_relaxed(&guard_mode) != 2 &&
        madvise(base, pagesize, MADV_GUARD_INSTALL) == 0) {
        ast_relaxed(&guard_mode, 1);
        return true;
    }
    ast_relaxed(&guard_mode, 2);
    if (axadd(&nvma_guards, 1) > vma_budget) {
        axadd(&nvma_guards, -1);
        if (!axchg(&warned_noguard, true)) {
            rt_printf("runtime: warning: more than %lld goroutine stacks; new "
                      "stacks have no guard page (raise vm.max_map_count)\n",
                      (long long)vma_budget);
        }
        return false;
    }
    if (mprotect(base, pagesize, PROT_NONE) != 0) {
        axadd(&nvma_guards, -1);
        return false;
    }
    return true;
}

/* Maps a new stack of `size` usable bytes; returns its base (the guard
 * page). */
static void *stackmap(size_t size) {
    size_t total = size + pagesize;
    void *base = mmap(NULL, total, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK,
                      -1, 0);
    if (base == MAP_FAILED)
        rt_throwf("runtime: cannot allocate %zu-byte goroutine stack: %s",
                  total, strerror(errno));
    install_guard(base);
    return base;
}

static void stackunmap(void *base, size_t size) {
    if (ald_relaxed(&guard_mode) == 2) axadd(&nvma_guards, -1);
    munmap(base, size + pagesize);
}

/*
 * Free stacks: a per-P cache (owner only, no lock) in front of a global
 * pool (poollock).  A free stack stores the pool link in its lowest usable
 * word.  Beyond POOL_MAX pooled stacks, stacks go back to the OS.
 */
#define POOL_MAX 4096
static rt_mutex poollock;
static void *pool;
static int npool;

static void *poolget(void) {
    rt_lock(&poollock);
    void *base = pool;
    if (base) {
        pool = *(void **)((char *)base + pagesize);
        npool--;
    }
    rt_unlock(&poollock);
    return base;
}

static void poolput(void *base) {
    rt_lock(&poollock);
    if (npool >= POOL_MAX) {
        rt_unlock(&poollock);
        stackunmap(base, rt_sched.stacksize);
        return;
    }
    *(void **)((char *)base + pagesize) = pool;
    pool = base;
    npool++;
    rt_unlock(&poollock);
}

/*
 * Stacks of other sizes (gort_go_stack): one pool per size, for the first
 * SIZED_POOLS sizes seen (an interpreter uses one or two), under poollock,
 * at most SIZED_MAX stacks each; other sizes go straight back to the OS.
 */
#define SIZED_POOLS 8
#define SIZED_MAX 256
static struct {
    size_t size;
    void *head;
    int n;
} sized[SIZED_POOLS]; /* poollock */

static void *sizedget(size_t size) {
    void *base = NULL;
    rt_lock(&poollock);
    for (int i = 0; i < SIZED_POOLS && sized[i].size; i++) {
        if (sized[i].size != size || !sized[i].head) continue;
        base = sized[i].head;
        sized[i].head = *(void **)((char *)base + pagesize);
        sized[i].n--;
        break;
    }
    rt_unlock(&poollock);
    return base ? base : stackmap(size);
}

static void sizedput(void *base, size_t size) {
    rt_lock(&poollock);
    for (int i = 0; i < SIZED_POOLS; i++) {
        if (!sized[i].size) sized[i].size = size;
        if (sized[i].size != size) continue;
        if (sized[i].n >= SIZED_MAX) break;
        *(void **)((char *)base + pagesize) = sized[i].head;
        sized[i].head = base;
        sized[i].n++;
        rt_unlock(&poollock);
        return;
    }
    rt_unlock(&poollock);
    stackunmap(base, size);
}

void rt_stackget(P *pp, G *gp) {
    void *base = NULL;
    size_t size = gp->stacksize ? gp->stacksize : rt_sched.stacksize;
    if (size != rt_sched.stacksize) {
        base = sizedget(size);
    } else if (pp && pp->nstackcache > 0) {
        base = pp->stackcache[--pp->nstackcache];
    } else if (pp) {
        /* Refill half the cache from the pool in one lock round trip. */
        rt_lock(&poollock);
        while (pool && pp->nstackcache < STACK_CACHE / 2) {
            void *b = pool;
            pool = *(void **)((char *)b + pagesize);
            npool--;
            pp->stackcache[pp->nstackcache++] = b;
        }
        rt_unlock(&poollock);
        if (pp->nstackcache > 0) base = pp->stackcache[--pp->nstackcache];
    } else {
        base = poolget();
    }
    if (!base) base = stackmap(size);
    gp->stack_map = base;
    gp->stack_map_size = size + pagesize;
    gp->stack_lo = (uintptr_t)base + pagesize;
    gp->stack_hi = (uintptr_t)base + gp->stack_map_size;
#if GORT_HAVE_VALGRIND
    gp->vgstack = VALGRIND_STACK_REGISTER(gp->stack_lo, gp->stack_hi);
#endif
}

void rt_stackput(P *pp, G *gp) {
    void *base = gp->stack_map;
    if (!base) return;
#if GORT_HAVE_VALGRIND
    VALGRIND_STACK_DEREGISTER(gp->vgstack);
#endif
    size_t size = gp->stack_map_size - pagesize;
    gp->stack_map = NULL;
    gp->stack_map_size = 0;
    gp->stack_lo = gp->stack_hi = 0;
    if (size != rt_sched.stacksize) {
        sizedput(base, size);
        return;
    }
    if (pp && pp->nstackcache < STACK_CACHE) {
        pp->stackcache[pp->nstackcache++] = base;
        return;
    }
    if (pp) {
        /* Cache full: move half of it to the pool. */
        while (pp->nstackcache > STACK_CACHE / 2)
            poolput(pp->stackcache[--pp->nstackcache]);
        pp->stackcache[pp->nstackcache++] = base;
        return;
    }
    poolput(base);
}

G *rt_stack_guard_owner(uintptr_t addr) {
    M *mp = rt_getm();
    G *gp = mp ? mp->curg : NULL;
    /* A write just below the guard counts too: a large frame can skip it. */
    if (gp && gp->stack_map && addr >= (uintptr_t)gp->stack_map - 16 * pagesize &&
        addr < gp->stack_lo)
        return gp;
    return NULL;
}

/* ---------------------------------------------------------------------- */
/* Signal stacks and stack overflow                                        */
/* ---------------------------------------------------------------------- */

#define SIGSTACK_SIZE (64 * 1024)

void rt_minit_signalstack(void) {
    stack_t ss;
    void *p = mmap(NULL, SIGSTACK_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) rt_throw("runtime: cannot allocate signal stack");
    ss.ss_sp = p;
    ss.ss_size = SIGSTACK_SIZE;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL) != 0) rt_throw("runtime: sigaltstack failed");
}

/* A write into (or just below) the running G's guard page: Go's report.
 * Called by the fault handler (signal.c) on the M's signal stack. */
GORT_NORETURN void rt_stack_overflow(uintptr_t addr) {
    G *gp = rt_stack_guard_owner(addr);
    rt_printf("runtime: goroutine stack exceeds %zu-byte limit\n",
              gp->stack_hi - gp->stack_lo);
    rt_printf("runtime: sp=%p stack=[%p, %p]\n", (void *)addr,
              (void *)gp->stack_lo, (void *)gp->stack_hi);
    rt_printf("fatal error: stack overflow\n\n");
    rt_printf("goroutine %lld [running]:\n(stack exhausted; no "
              "backtrace)\n",
              (long long)gp->goid);
    rt_flush_stdout();
    rt_exit(2);
}

void rt_stack_init(void) {
    pagesize = (size_t)sysconf(_SC_PAGESIZE);
    vma_budget = read_max_map_count() / 2 - 1024;
    if (vma_budget < 1024) vma_budget = 1024;
}

size_t rt_pagesize(void) { return pagesize; }
