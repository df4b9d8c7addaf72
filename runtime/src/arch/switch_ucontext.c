/*
 * switch_ucontext.c — portable context switch on <ucontext.h>.
 *
 * Used only on targets without a hand-written switch (CMake selects it, or
 * GORT_FORCE_UCONTEXT=ON).  swapcontext saves and restores the signal mask
 * with a system call on every switch, which makes it about 50x slower than
 * the assembly versions; it is kept as a fallback, not as the design.
 */
#include "../runtime.h"

#include <stdlib.h>

static void trampoline(unsigned hi, unsigned lo) {
    void (*entry)(void) =
        (void (*)(void))(((uintptr_t)hi << 16 << 16) | (uintptr_t)lo);
    entry();
    abort();
}

void rt_ctx_swap(rt_context *from, rt_context *to) {
    swapcontext(&from->uc, &to->uc);
}

void rt_ctx_init(rt_context *c, void *stack_lo, size_t size,
                 void (*entry)(void)) {
    uintptr_t e = (uintptr_t)entry;
    getcontext(&c->uc);
    c->uc.uc_stack.ss_sp = stack_lo;
    c->uc.uc_stack.ss_size = size;
    c->uc.uc_link = NULL;
    makecontext(&c->uc, (void (*)(void))trampoline, 2,
                (unsigned)(e >> 16 >> 16), (unsigned)(e & 0xffffffffu));
    c->stack_lo = stack_lo;
    c->stack_size = size;
}
