/*
 * preempt.c — how a stop-the-world reaches threads that do not stop by
 * themselves: goroutines computing in C, and foreign threads attached with
 * gort_thread_attach.  Also the per-goroutine preemption flag the VM polls.
 *
 * A stop-the-world (proc.c rt_stopTheWorld) first asks: it sets every
 * running goroutine's preemption flag and waits for each P to stop at a
 * safe point (a park, gort_safepoint, a syscall bracket, the scheduler).
 * A goroutine computing in C may never get there.  After STW_HOLD_AFTER_NS
 * (proc.c, 1 ms) the owner therefore *holds* it in place:
 *
 *   owner                                   thread of the laggard P
 *   -----                                   -----------------------
 *   mp->stwreq: REQUESTED, signal ------->  preemption signal handler
 *                                           (mgcmark.c rt_sigsuspend):
 *                                           publish uc, sp, hsp; ACKED;
 *   sees ACKED: the thread is stopped <---  futex-wait on the request
 *   holdable?  (below)
 *     no:  release, ask again in 100 us --> returns, runs on
 *     yes: mp->held, pp->stwheld,
 *          G Gheld, stopwait--              (stays in the handler)
 *   ... world stopped: GC phase work ...
 *   rt_startTheWorld: Grunning, release ->  returns from the handler to
 *                                           the interrupted instruction
 *
 * The held goroutine counts as stopped, and its status says so: Gheld
 * (runtime.h), which the deadlock detector, dumps and a host's exit
 * handler (gort_main returns with the world stopped) do not take for
 * running.  Its P keeps its M and its status
 * Prunning (the owner never takes it; procresize skips it), so per-P state
 * the goroutine is not using (mcache, grey queue, run queue, timers) is the
 * owner's to flush as usual.  It resumes exactly where it was, on the same
 * M: it is never switched to another goroutine or M, because arbitrary C
 * may hold libc locks, have cached a thread-local, or be halfway through a
 * barrier sequence.  Go can redirect a goroutine to asyncPreempt only
 * because its compiler marks which instructions are safe; a C compiler
 * marks none.
 *
 * Holdable means the thread runs its goroutine's own code:
 *   - no runtime lock held (mp->locks == 0; rt_lock counts), not dying;
 *   - on its goroutine's stack (not g0, not a signal stack), no VM hooks
 *     (a VM's stack is consistent only at safe points; the interpreter
 *     polls gort_preempt_flag() instead);
 *   - the interrupted pc is not in the runtime's text, the gort_text
 *     section every runtime object's code is renamed into before archiving
 *     (scripts/cmake/gort_text.cmake), so the linker brackets it with
 *     __start_gort_text/__stop_gort_text;
 *   - nor in a system library (libc, the vDSO, ld.so, a sanitizer runtime:
 *     the shared objects under /lib and /usr/lib, listed at start).  The pc
 *     alone cannot tell a libc call made by the runtime (clock_gettime from
 *     rt_nanotime, malloc from a runtime table, several frames deep) from
 *     one made by the program, and a frame walk through libc has no frame
 *     pointers to follow; so a goroutine inside libc is simply asked again
 *     100 us later, by when a spinning loop is back in its own code;
 *   - when the handler ran on the thread's own stack but not straight from
 *     the kernel (ThreadSanitizer calls it later, from inside an
 *     interceptor, with the ucontext of the signal's arrival), the thread
 *     is held in that interceptor, not at the ucontext's pc: then what
 *     counts is that no return address between the sanitizer's frames and
 *     the interrupted sp (the frames entered since the signal arrived,
 *     found by walking the frame-pointer chain: the runtime and the
 *     sanitizers keep frame pointers) points into the runtime's text.  A thread without a signal stack, such as
 *     an attached one, gets the kernel's signal frame on its own stack;
 *     the ucontext lying in between tells that case apart.  The held
 *     thread's stack is then scanned from the handler's frame
 *     (rt_heldscanlo), which covers the registers the interceptor saved.
 * A thread that is not holdable runs on to its next safe point (runtime
 * code reaches one in microseconds) and is asked again.  The runtime's
 * own libc calls go through the GOT, not a PLT stub in the executable
 * (CMakeLists.txt: -fno-plt), so no runtime call passes through code that
 * looks like the program's.
 *
 * The barrier.  The sweep-termination pause turns the write barrier on.
 * A held thread observes it when released: the owner stores the flag
 * before releasing, the release is a store-release its handler reads with
 * an acquire load, so its next gort_store_ptr sees the barrier on.  A store
 * already past its flag test when the thread was held completes without a
 * barrier, so the pause shades for it what the barrier would have
 * (mgcmark.c rt_gcShadeHeld): everything its registers and stack reach (the
 * value it may store) and the pointer words of every object its registers
 * or innermost frame point into (the value it may overwrite).
 *
 * Foreign threads.  gort_thread_attach registers the calling thread.  A
 * stop-the-world, once every P stopped, stops every attached thread: one
 * waiting inside gort_call (parked: it saved its registers and sp first) is
 * claimed, and cannot leave the wait until the world starts; any other is
 * held in its handler like a goroutine, under the same rules except that a
 * pc in a system library is holdable when it sits at a system call (a host
 * thread blocked in read or a condition variable holds no lock the pause
 * needs, and may block for ever).  The sweep-termination pause scans its
 * stack and registers conservatively, with the same shading as a held
 * goroutine; once per cycle suffices because it runs with the barrier on
 * afterwards, like a goroutine created during mark.  Attached threads count
 * as possible wakers for the deadlock detector (proc.c checkdead).  The
 * list of attached threads is frozen while a stop-the-world holds them:
 * attaching or detaching then waits (parked, so it can be claimed).
 *
 * Signal safety: the handler does atomics and raw futex calls only.  The
 * owner, while it holds threads, takes no runtime lock a held thread could
 * hold (held threads hold none).  A held thread may hold a libc lock of its
 * own (a FILE's, say); the pause does not use stdio.
 *
 * Rejected: preempting C at an arbitrary instruction (above); waiting
 * cooperatively (a C loop that never calls in stalls every other goroutine
 * for as long as it runs: the behaviour this file replaces); telling
 * runtime code by the return address at sp alone (a libc call two frames
 * deep, and a goroutine's entry function whose return address is the
 * runtime's, defeat it); a per-M "in runtime" counter raised by every
 * public entry point (hundreds of them, plus inline fast paths, each
 * paying for it); stopping the whole process (the owner must keep running);
 * scanning a held thread only later (its in-flight store needs the pause's
 * shading).
 */
#include "mgc.h"

#include <link.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <ucontext.h>
#include <unistd.h>

/* The runtime's code (gort_text).  Weak: a build that did not collect it
 * leaves both NULL, and then nothing is ever held. */
extern const char __start_gort_text[] __attribute__((weak));
extern const char __stop_gort_text[] __attribute__((weak));

__thread rt_attached *rt_tls_attached RT_TLS_IE;
uint64_t rt_stwHolds;

/* ---------------------------------------------------------------------- */
/* Where a pc is                                                           */
/* ---------------------------------------------------------------------- */

#define MAXSYSTEXT 64
static struct {
    uintptr_t lo, hi;
} systext[MAXSYSTEXT];
static int nsystext; /* written once by rt_preempt_init, before any hold */

static bool inruntime(uintptr_t pc) {
    return pc >= (uintptr_t)__start_gort_text && pc < (uintptr_t)__stop_gort_text;
}

static bool insystem(uintptr_t pc) {
    for (int i = 0; i < nsystext; i++)
        if (pc >= systext[i].lo && pc < systext[i].hi) return true;
    return false;
}

static int addobject(struct dl_phdr_info *info, size_t size, void *arg) {
    (void)size;
    uintptr_t vdso = *(uintptr_t *)arg;
    const char *name = info->dlpi_name ? info->dlpi_name : "";
    bool sys = strncmp(name, "/lib", 4) == 0 || strncmp(name, "/usr/lib", 8) == 0 ||
               strncmp(name, "linux-vdso", 10) == 0 ||
               strncmp(name, "linux-gate", 10) == 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
        if (!sys && !(vdso && info->dlpi_addr <= vdso && vdso < lo + ph->p_memsz))
            continue;
        if (nsystext < MAXSYSTEXT) {
            systext[nsystext].lo = lo;
            systext[nsystext].hi = lo + ph->p_memsz;
            nsystext++;
        }
    }
    return 0;
}

void rt_preempt_init(void) {
    uintptr_t vdso = (uintptr_t)getauxval(AT_SYSINFO_EHDR);
    nsystext = 0;
    dl_iterate_phdr(addobject, &vdso);
}

static uintptr_t ucpc(const void *ucv) {
    const ucontext_t *uc = ucv;
#if defined(__x86_64__)
    return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    return (uintptr_t)uc->uc_mcontext.pc;
#else
    (void)uc;
    return 0;
#endif
}

/* Is pc at a system call instruction (or just after one: the kernel
 * rewinds a restartable call to re-execute it)? */
static GC_NOSAN bool atsyscall(uintptr_t pc) {
#if defined(__x86_64__)
    const volatile uint8_t *p = (const uint8_t *)pc;
    return (p[0] == 0x0f && p[1] == 0x05) || (p[-2] == 0x0f && p[-1] == 0x05);
#elif defined(__aarch64__)
    const volatile uint32_t *p = (const uint32_t *)pc;
    return p[0] == 0xd4000001u || p[-1] == 0xd4000001u;
#else
    (void)pc;
    return false;
#endif
}

/* The rules of the essay.  attached: an attached thread's (a system
 * library pc at a system call is holdable; so is a sanitizer's deferred
 * delivery, see below). */
static bool holdable(const rt_suspendreq *r, uintptr_t lo, uintptr_t hi,
                     bool attached) {
    if (!__start_gort_text || !__stop_gort_text) return false;
    uintptr_t pc = ucpc(r->uc), sp = r->sp, hsp = r->hsp;
    uintptr_t ucp = (uintptr_t)r->uc;
    if (pc == 0 || sp < lo || sp >= hi) return false;
    if (hsp >= lo && hsp < hi && !(ucp >= hsp && ucp < sp)) {
        /* The handler runs on this stack but not straight from the kernel
         * (whose signal frame, holding the ucontext, would lie between):
         * a sanitizer called it later, from inside an interceptor.  The
         * thread stops there, not at the ucontext's pc, and what it ran
         * since the signal arrived is in the sanitizer's frames, which
         * keep no frame pointers and hold stale runtime addresses in slots
         * they never wrote: whether runtime code is on the way cannot be
         * told.  A goroutine is not held (it may be halfway through per-P
         * state); an attached thread, which has none and counts its
         * runtime locks, is. */
        return attached && hsp < sp;
    }
    if (inruntime(pc)) return false;
    if (insystem(pc) && !(attached && atsyscall(pc))) return false;
    return true;
}

bool rt_holdable(const rt_suspendreq *r, uintptr_t lo, uintptr_t hi) {
    return holdable(r, lo, hi, false);
}

/* ---------------------------------------------------------------------- */
/* Holding goroutines                                                      */
/* ---------------------------------------------------------------------- */

bool rt_holdp(P *pp) {
    M *mp = ald(&pp->m);
    if (!mp || ald(&pp->status) != Prunning) return false;
    if (!rt_suspend_hold(&mp->stwreq, mp, mp->thread)) return false;
    /* mp sits in its handler: what its code last wrote is ours to read
     * (the acknowledgement is a release, our load of it an acquire). */
    G *gp = mp->curg;
    bool ok = mp->p == pp && ald(&pp->m) == mp && ald(&pp->status) == Prunning &&
              gp && ald(&gp->status) == Grunning && gp->m == mp && !gp->hooks &&
              mp->locks == 0 && !mp->dying &&
              rt_holdable(&mp->stwreq, gp->stack_lo, gp->stack_hi);
    if (!ok) {
        rt_suspend_release(&mp->stwreq);
        return false;
    }
    ast(&mp->held, true);
    /* Not running any more, whatever its status said: dumps, the deadlock
     * detector and exit handlers see it stopped (runtime.h, Gheld). */
    ast(&gp->status, (uint32_t)Gheld);
    pp->stwheld = true;
    axadd(&rt_stwHolds, (uint64_t)1);
    return true;
}

void rt_releaseheld(void) {
    for (int i = 0; i < GORT_MAXPROCS; i++) {
        P *pp = rt_allp[i];
        if (!pp) break;
        if (!pp->stwheld) continue;
        pp->stwheld = false;
        M *mp = pp->m;
        ast(&mp->curg->status, (uint32_t)Grunning); /* before it runs on */
        ast(&mp->held, false);
        rt_suspend_release(&mp->stwreq);
    }
}

/* ---------------------------------------------------------------------- */
/* Attached foreign threads                                                */
/* ---------------------------------------------------------------------- */

enum { ATT_RUNNING, ATT_PARKED, ATT_CLAIMED };

static rt_mutex attachlock;
static rt_attached *attached; /* attachlock; frozen while a STW holds them */
static uint32_t frozen;       /* atomic: 1 while a stop-the-world holds them */

RT_NOINLINE void rt_attpark(rt_attached *a) {
    rt_savecalleeregs(a->parkedregs);
    a->parkedsp = (uintptr_t)__builtin_frame_address(0);
    ast(&a->parked, (uint32_t)ATT_PARKED);
}

void rt_attunpark(rt_attached *a) {
    for (;;) {
        uint32_t s = ATT_PARKED;
        if (acas(&a->parked, &s, (uint32_t)ATT_RUNNING)) return;
        /* Claimed by a stop-the-world: its end puts us back to PARKED. */
        rt_futexsleep(&a->parked, ATT_CLAIMED, -1);
    }
}

/* Takes attachlock once no stop-the-world holds the attached threads;
 * waits parked (claimable) meanwhile.  a: the caller's record, if any. */
static void lockunfrozen(rt_attached *a) {
    for (;;) {
        rt_lock(&attachlock);
        if (!ald(&frozen)) return;
        rt_unlock(&attachlock);
        if (a) rt_attpark(a);
        while (ald(&frozen)) rt_futexsleep(&frozen, 1, -1);
        if (a) rt_attunpark(a);
    }
}

static void stackbounds(uintptr_t *lo, uintptr_t *hi) {
    pthread_attr_t at;
    void *addr = NULL;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &at) == 0) {
        pthread_attr_getstack(&at, &addr, &size);
        pthread_attr_destroy(&at);
    }
    if (!addr) rt_throw("gort_thread_attach: cannot find the thread's stack");
    *lo = (uintptr_t)addr;
    *hi = (uintptr_t)addr + size;
}

void gort_thread_attach(void) {
    if (rt_getm()) rt_throw("gort_thread_attach: called on a goroutine or runtime thread");
    if (rt_tls_attached) rt_throw("gort_thread_attach: thread already attached");
    rt_attached *a = calloc(1, sizeof *a);
    if (!a) rt_throw("runtime: out of memory attaching a thread");
    a->thread = pthread_self();
    stackbounds(&a->stack_lo, &a->stack_hi);
    rt_tls_attached = a;
    lockunfrozen(NULL);
    a->next = attached;
    attached = a;
    rt_unlock(&attachlock);
    rt_lock(&rt_sched.lock);
    rt_sched.nattached++;
    rt_unlock(&rt_sched.lock);
}

void gort_thread_detach(void) {
    rt_attached *a = rt_tls_attached;
    if (!a) rt_throw("gort_thread_detach: thread not attached");
    if (a->locks != 0) rt_throw("gort_thread_detach: holding runtime locks");
    lockunfrozen(a);
    rt_attached **pp = &attached;
    while (*pp != a) pp = &(*pp)->next;
    *pp = a->next;
    rt_unlock(&attachlock);
    rt_tls_attached = NULL;
    free(a);
    rt_checkdead_detached();
}

void rt_forattached(void (*fn)(rt_attached *a, void *ctx), void *ctx) {
    if (!ald(&frozen)) return;
    for (rt_attached *a = attached; a; a = a->next) fn(a, ctx);
}

/* Tries once to stop a: claims it parked, or holds it in its handler if
 * it runs its own code.  STW owner, list frozen. */
static bool stopattached(rt_attached *a) {
    uint32_t s = ATT_PARKED;
    if (acas(&a->parked, &s, (uint32_t)ATT_CLAIMED)) return true;
    if (!rt_suspend_hold(&a->req, a, a->thread)) return false;
    if (a->locks == 0 && ald(&a->parked) == ATT_RUNNING &&
        holdable(&a->req, a->stack_lo, a->stack_hi, true)) {
        a->held = true;
        axadd(&rt_stwHolds, (uint64_t)1);
        return true;
    }
    rt_suspend_release(&a->req);
    return false;
}

void rt_holdattached(void) {
    rt_lock(&attachlock);
    ast(&frozen, 1u);
    rt_unlock(&attachlock);
    for (int round = 0;; round++) {
        bool all = true;
        for (rt_attached *a = attached; a; a = a->next)
            if (!a->held && ald(&a->parked) != ATT_CLAIMED && !stopattached(a))
                all = false;
        if (all) return;
        if (round < 10) sched_yield();
        else usleep(50);
    }
}

void rt_releaseattached(void) {
    if (!ald(&frozen)) return;
    for (rt_attached *a = attached; a; a = a->next) {
        if (a->held) {
            a->held = false;
            rt_suspend_release(&a->req);
        } else if (ald(&a->parked) == ATT_CLAIMED) {
            ast(&a->parked, (uint32_t)ATT_PARKED);
            rt_futexwakeup(&a->parked, 1);
        }
    }
    ast(&frozen, 0u);
    rt_futexwakeup(&frozen, INT32_MAX);
}

/* Test hook: runtime code that runs for ns nanoseconds without a safe
 * point, with *inside set meanwhile. */
void rt_test_inruntime(int *inside, int64_t ns) {
    int64_t end = rt_nanotime() + ns;
    ast(inside, 1);
    while (rt_nanotime() < end) rt_cpu_relax();
    ast(inside, 0);
}

/* ---------------------------------------------------------------------- */
/* The preemption flag                                                     */
/* ---------------------------------------------------------------------- */

const volatile uint32_t *gort_preempt_flag(void) {
    return &rt_mustg("gort_preempt_flag")->preempt;
}
