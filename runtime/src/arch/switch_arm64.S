/*
 * switch_arm64.S — goroutine context switch for aarch64 (AAPCS64).
 *
 * Callee-saved state: x19-x28, the frame pointer x29, the link register
 * x30 (our return address), the low halves d8-d15 of v8-v15, sp and the
 * floating-point control register FPCR.  They are stored in a 176-byte
 * frame on the current stack; the context keeps only sp.
 *
 * Frame, from the saved sp upwards:
 *     [0]   x19 x20   [16] x21 x22   [32] x23 x24   [48] x25 x26
 *     [64]  x27 x28   [80] x29 x30   [96] d8 d9     [112] d10 d11
 *     [128] d12 d13   [144] d14 d15  [160] fpcr      [168] pad
 */
    .text
    .globl rt_ctx_swap
    .type rt_ctx_swap, %function
    .p2align 4
/* void rt_ctx_swap(rt_context *from, rt_context *to)  (x0, x1) */
rt_ctx_swap:
    .cfi_startproc
    sub sp, sp, #176
    stp x19, x20, [sp, #0]
    stp x21, x22, [sp, #16]
    stp x23, x24, [sp, #32]
    stp x25, x26, [sp, #48]
    stp x27, x28, [sp, #64]
    stp x29, x30, [sp, #80]
    stp d8, d9, [sp, #96]
    stp d10, d11, [sp, #112]
    stp d12, d13, [sp, #128]
    stp d14, d15, [sp, #144]
    mrs x9, fpcr
    str x9, [sp, #160]
    mov x9, sp
    str x9, [x0]             /* from->sp = sp */
    ldr x9, [x1]             /* sp = to->sp */
    mov sp, x9
    ldr x9, [sp, #160]
    msr fpcr, x9
    ldp x19, x20, [sp, #0]
    ldp x21, x22, [sp, #16]
    ldp x23, x24, [sp, #32]
    ldp x25, x26, [sp, #48]
    ldp x27, x28, [sp, #64]
    ldp x29, x30, [sp, #80]
    ldp d8, d9, [sp, #96]
    ldp d10, d11, [sp, #112]
    ldp d12, d13, [sp, #128]
    ldp d14, d15, [sp, #144]
    add sp, sp, #176
    ret
    .cfi_endproc
    .size rt_ctx_swap, .-rt_ctx_swap

/* First code of a new context: entry in x19, x29 = 0 ends frame walks. */
    .globl rt_ctx_trampoline
    .type rt_ctx_trampoline, %function
    .p2align 4
rt_ctx_trampoline:
    .cfi_startproc
    .cfi_undefined x30
    mov x29, #0
    mov x30, #0
    blr x19
    brk #0
    .cfi_endproc
    .size rt_ctx_trampoline, .-rt_ctx_trampoline

    .section .note.GNU-stack,"",%progbits
