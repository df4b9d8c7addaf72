/*
 * fork.c — what the runtime does around fork(2), so that a goroutine (or
 * any host thread) may fork and then exec.  docs/embedding.md, "Fork".
 *
 * A child of fork has one thread: the one that called fork.  Every other
 * M, and so every other goroutine, P, sysmon and the collector's workers,
 * is gone, while the memory still says they exist and the locks they held
 * stay held.  The child also shares the parent's epoll instance.  The
 * runtime cannot run there, so the rule is Go's (syscall.ForkExec): fork,
 * then exec, calling only async-signal-safe functions in between (dup2,
 * close, chdir, setsid, execve, _exit, ...).  posix_spawn is the easy way
 * to follow it.
 *
 * Handlers registered with pthread_atfork make the gap between fork and
 * exec safe, as Go's BeforeFork / AfterForkInChild do:
 *
 *   prepare  (parent, forking thread)  block every signal on this thread,
 *            so that no runtime signal handler (a collector's SIGURG, a
 *            SIGQUIT dump) can run in the child before it is ready;
 *   parent   restore the thread's signal mask;
 *   child    give every signal the runtime took (faults, SIGQUIT, the
 *            preemption signal) back to the action the host had before
 *            the runtime started, SIG_DFL where it had none
 *            (signal.c: rt_signals_restore_host; a runtime handler would
 *            act on the parent's copied goroutines), forget this thread's
 *            M, mark the process a fork child, then restore the mask.
 *
 * In the child, any runtime call that needs a goroutine or starts the
 * runtime is then a clear fatal error ("gort: runtime used in the child of
 * a fork; fork, then exec") instead of a hang on a lock whose owner does
 * not exist.  The inline fast paths of gort.h (an uncontended mutex) touch
 * only their own memory and still work.
 *
 * Invariants: the handlers only make system calls and write thread-local
 * or plain global words (they run in the fork window); the prepare mask
 * is thread-local, so concurrent forks on several threads are fine.
 *
 * Rejected alternatives: taking the runtime's locks in prepare, as glibc
 * does for malloc (it would let the child use the runtime, but a fork
 * would wait for every lock in the runtime, and the child still has no
 * other threads: the scheduler could not run anyway); closing the epoll
 * descriptor in the child (it is close-on-exec already, and an exec is
 * the only way on).
 */
#include "runtime.h"

#include <pthread.h>
#include <signal.h>

bool rt_forkchild;

static __thread sigset_t forkmask; /* the forking thread's mask */

static void prepare(void) {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &forkmask);
}

static void parent(void) { pthread_sigmask(SIG_SETMASK, &forkmask, NULL); }

static void child(void) {
    rt_signals_restore_host();
    rt_forkchild = true;
    rt_dropm();
    pthread_sigmask(SIG_SETMASK, &forkmask, NULL);
}

void rt_forkinit(void) {
    if (pthread_atfork(prepare, parent, child) != 0)
        rt_throw("runtime: pthread_atfork failed");
}
