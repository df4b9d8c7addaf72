/*
 * switch_amd64.S — goroutine context switch for x86-64 (System V ABI).
 *
 * A switch happens at a call, so the ABI already lets us clobber every
 * caller-saved register: only rbx, rbp, r12-r15, rsp, the return address
 * and the FPU control words (MXCSR and the x87 control word) must survive.
 * They are pushed on the *current* stack and the stack pointer is stored in
 * the context; resuming pops them from the other stack and returns into it.
 * That is 8 pushes, 8 pops and a ret: a few nanoseconds, with no system
 * call (swapcontext would also save the signal mask with a sigprocmask
 * syscall, about 50x slower).
 *
 * Saved frame, from the saved sp upwards:
 *     [0]   mxcsr (4 bytes) | x87 control word (2 bytes) | pad
 *     [8]   r15
 *     [16]  r14
 *     [24]  r13
 *     [32]  r12
 *     [40]  rbx
 *     [48]  rbp
 *     [56]  return address
 */
    .text
    .globl rt_ctx_swap
    .type rt_ctx_swap, @function
    .p2align 4
/* void rt_ctx_swap(rt_context *from, rt_context *to)  (rdi, rsi) */
rt_ctx_swap:
    .cfi_startproc
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)        /* from->sp = rsp */
    movq (%rsi), %rsp        /* rsp = to->sp */
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .cfi_endproc
    .size rt_ctx_swap, .-rt_ctx_swap

/*
 * First code a new context runs: rt_ctx_init leaves the entry function in
 * rbx and a zero rbp, so frame-pointer walks stop here.  The stack is
 * realigned to 16 bytes for the call; entry never returns.
 */
    .globl rt_ctx_trampoline
    .type rt_ctx_trampoline, @function
    .p2align 4
rt_ctx_trampoline:
    .cfi_startproc
    .cfi_undefined rip
    xorl %ebp, %ebp
    andq $-16, %rsp
    callq *%rbx
    ud2
    .cfi_endproc
    .size rt_ctx_trampoline, .-rt_ctx_trampoline

    .section .note.GNU-stack,"",@progbits
