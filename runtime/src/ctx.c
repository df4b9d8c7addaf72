/*
 * ctx.c — preparing contexts and switching between them.
 *
 * The assembly in arch/ moves registers; this file builds the first frame of
 * a new context and wraps every switch with the annotations the sanitizers
 * need to follow a thread that changes stacks:
 *   - ThreadSanitizer models each goroutine as a "fiber" and must be told on
 *     every switch (__tsan_switch_to_fiber), or it sees one thread running
 *     on many stacks and reports nonsense.
 *   - AddressSanitizer must be told the bounds of the stack being entered
 *     (__sanitizer_start/finish_switch_fiber), or its stack-use checks and
 *     longjmp handling fire on the first switch.
 * In normal builds the wrapper is just the assembly call.
 *
 * Rejected: annotating inside the assembly (ties the .S files to sanitizer
 * internals), and ucontext everywhere (a syscall per switch).
 */
#include "runtime.h"

#if GORT_SANITIZE_THREAD
void *__tsan_get_current_fiber(void);
void *__tsan_create_fiber(unsigned flags);
void __tsan_destroy_fiber(void *fiber);
void __tsan_switch_to_fiber(void *fiber, unsigned flags);
#endif
#if GORT_SANITIZE_ADDRESS
void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom,
                                    size_t size);
void __sanitizer_finish_switch_fiber(void *fake_stack_save,
                                     const void **bottom_old,
                                     size_t *size_old);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#endif

#if !GORT_UCONTEXT
extern void rt_ctx_trampoline(void);

void rt_ctx_init(rt_context *c, void *stack_lo, size_t size,
                 void (*entry)(void)) {
    uintptr_t top = ((uintptr_t)stack_lo + size) & ~(uintptr_t)15;
#if defined(__x86_64__)
    /* Frame popped by rt_ctx_swap: ctl word, r15..r12, rbx, rbp, ret. */
    uint64_t *sp = (uint64_t *)top - 8;
    memset(sp, 0, 8 * sizeof(uint64_t));
    sp[0] = 0x1F80u | ((uint64_t)0x037Fu << 32); /* MXCSR, x87 CW defaults */
    sp[5] = (uint64_t)(uintptr_t)entry;           /* rbx */
    sp[6] = 0;                                    /* rbp */
    sp[7] = (uint64_t)(uintptr_t)rt_ctx_trampoline;
#elif defined(__aarch64__)
    uint64_t *sp = (uint64_t *)top - 22;          /* 176-byte frame */
    memset(sp, 0, 22 * sizeof(uint64_t));
    sp[0] = (uint64_t)(uintptr_t)entry;           /* x19 */
    sp[10] = 0;                                   /* x29 */
    sp[11] = (uint64_t)(uintptr_t)rt_ctx_trampoline; /* x30 */
    sp[20] = 0;                                   /* fpcr default */
#else
#error "no assembly context switch for this target: build with GORT_FORCE_UCONTEXT"
#endif
#if GORT_SANITIZE_ADDRESS
    /* A reused stack still carries the redzones of the frames its last
     * goroutine abandoned when it switched away for good. */
    __asan_unpoison_memory_region(stack_lo, (uintptr_t)sp - (uintptr_t)stack_lo);
#endif
    c->sp = sp;
    c->stack_lo = stack_lo;
    c->stack_size = size;
}
#endif

/* Called once per context that will be switched to. */
void rt_ctx_sanitizer_new(rt_context *c) {
#if GORT_SANITIZE_THREAD
    if (!c->tsan_fiber) c->tsan_fiber = __tsan_create_fiber(0);
#else
    (void)c;
#endif
}

/* Records the calling thread's own context (a g0). */
void rt_ctx_sanitizer_thread(rt_context *c) {
#if GORT_SANITIZE_THREAD
    c->tsan_fiber = __tsan_get_current_fiber();
#else
    (void)c;
#endif
}

/*
 * Switches from the current context to `to`.  dying: `from` will never be
 * resumed (its goroutine exited), so ASan may drop its fake stack.
 */
void rt_switch(rt_context *from, rt_context *to, bool dying) {
#if GORT_SANITIZE_ADDRESS
    void *fake = NULL;
    __sanitizer_start_switch_fiber(dying ? NULL : &fake, to->stack_lo,
                                   to->stack_size);
#else
    (void)dying;
#endif
#if GORT_SANITIZE_THREAD
    __tsan_switch_to_fiber(to->tsan_fiber, 0);
#endif
    rt_ctx_swap(from, to);
#if GORT_SANITIZE_ADDRESS
    __sanitizer_finish_switch_fiber(fake, NULL, NULL);
#endif
}

/* Sanitizers: the first instructions of a new context. */
void rt_switch_entered(void) {
#if GORT_SANITIZE_ADDRESS
    __sanitizer_finish_switch_fiber(NULL, NULL, NULL);
#endif
}
