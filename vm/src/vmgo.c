/*
 * vmgo.c: goroutines and channels in the VM.
 *
 * `go f(x)`. The caller evaluates f and its arguments into a call area
 * exactly as for a call (the code generator emits the call and turns its
 * CALL, CALLV or ICALL into GO, GOV or GOI). vm_go then copies the
 * parameter slots into one GC-heap block typed by the callee's
 * vmfunc.gotype (codegen_chan.c builds it from the function's pointer
 * bitmap, so the block is scanned precisely):
 *
 *   word 0      the closure (or nil)       pointer
 *   word 1      the vmfunc                 not a heap pointer
 *   word 2      the vmshared               not a heap pointer
 *   word 3..    the parameters             as the callee's ptrmap says
 *
 * and hands it to gort_go as the new G's argument. Until the G first
 * runs, that argument is its only root (the collector shades a new G's
 * argument); go_entry then makes the goroutine's vmstate (a 4 KiB first
 * chunk, growing by doubling), installs the scan and describe hooks and
 * runs the function through the interpreter. When it returns the G
 * ends; the vmshared (program, globals) is counted so that the last
 * user frees it, whichever goroutine that is. go_entry opens a runtime
 * frame of its own so that runtime.Goexit, after the goroutine's
 * deferred calls have run, frees the state too (vm_goexit); a panic
 * that reaches it is fatal and leaves the state for the traceback.
 *
 * Channels go through the runtime's (gort_chan_*): the VM adds only the
 * conversion between a value's register form (small integers widened to
 * a slot, float32 as a float64, structs and arrays by address) and its
 * memory form, which is what a channel buffer holds. A receive lands in
 * a C local first (or, for a struct or array, straight into new memory)
 * and is loaded into the registers after; the runtime's typed copies
 * shade every pointer on the way, whichever stack or frame is the
 * destination.
 *
 * Blocking. A goroutine that blocks in SEND, RECV or SELECT parks with
 * its C stack, inside the runtime's channel code: the interpreter's C
 * frame is below it. Its VM state is nonetheless complete before the
 * call: the pc is saved in the frame record and the frame is vm->ci, so
 * the scan hook reads every slot of it precisely and the traceback
 * prints the script's line. That is the condition for a later step to
 * park without a C stack (DESIGN.md: the runtime would release the
 * stack at the park and restart the interpreter at ci->pc on wake-up;
 * the channel operation's completion — the ok flag, a received value —
 * then has to live in the frame, not in a C local, and the runtime needs
 * a park that returns to the scheduler instead of into chan.c).
 *
 * Invariants: a SEND/RECV/SELECT saves the pc before calling in; the
 * block's words 1 and 2 are never heap pointers; a vmstate is used by
 * one goroutine only, the vmshared by all of them (globals through
 * GETG/SETG, which are unsynchronised as in Go: data races are the
 * script's).
 *
 * Rejected: a goroutine per call sharing the caller's vmstate (frames
 * of two goroutines would interleave in one chunk); copying the
 * arguments into malloc'd memory (invisible to the collector until the
 * G runs and installs its hook); a 512 KiB first chunk per goroutine as
 * main has (a million parked goroutines would need 512 GB).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"

static bool by_address(const gort_type *t) {
    return t->kind == GORT_KIND_STRUCT || t->kind == GORT_KIND_ARRAY;
}

/* ------------------------------------------------------------------ */
/* go                                                                  */

/* Deferred by go_entry: a Goexit has run the goroutine's deferred calls
 * and ends it now. (A panic that comes this far is fatal and prints
 * through the state's hooks: it stays.) */
static void go_exit_free(void *arg) {
    vmstate *vm = arg;
    if (!vm->goexiting) return;
    vm_state_leave(vm);
    vm_state_free(vm);
}

void vm_go_entry(void *arg) {
    slot *b = arg;
    const vmfunc *fn = b[1].p;
    vmshared *sh = b[2].p;
    vmstate *vm = vm_state_new_go(sh);
    vm_shared_release(sh); /* the pending goroutine's reference */
    vm_state_enter(vm);
    GORT_FRAME_BEGIN(fr);
    gort_defer(go_exit_free, vm);
    vm_run_func(vm, fn, b[0].p, b + 3);
    GORT_FRAME_END(fr);
    vm_state_leave(vm);
    vm_state_free(vm);
}

void vm_go(vmstate *vm, const vmfunc *fn, slot *cl, const slot *args) {
    if (!fn) gort_go(NULL, NULL); /* Go's fatal error: go of nil func value */
    slot *b = gort_new(fn->gotype);
    gort_store_ptr(&b[0].p, cl);
    b[1].p = (void *)(uintptr_t)fn;
    b[2].p = vm->sh;
    for (uint32_t i = 0; i < fn->nparams; i++) {
        if (fn->ptrmap[i / 8] & (1u << (i % 8))) gort_store_ptr(&b[3 + i].p, args[i].p);
        else b[3 + i] = args[i];
    }
    __atomic_add_fetch(&vm->sh->refs, 1, __ATOMIC_RELAXED);
    gort_go(vm_go_entry, b);
}

void vm_goexit(vmstate *vm) {
    vm->goexiting = vm->isgo; /* main's state stays: the program ends with it */
    gort_goexit();
}

/* ------------------------------------------------------------------ */
/* channels                                                            */

void vm_chan_send(gort_chan *c, const slot *v, const gort_type *et) {
    if (by_address(et)) {
        gort_chan_send(c, v->p);
    } else if (et->kind == GORT_KIND_FLOAT32) {
        float f = (float)v->f;
        gort_chan_send(c, &f);
    } else {
        gort_chan_send(c, v); /* little-endian: a slot's low bytes */
    }
}

bool vm_chan_recv(gort_chan *c, slot *r, const gort_type *et, bool discard) {
    if (discard) return gort_chan_recv(c, NULL);
    if (by_address(et)) {
        void *p = gort_new(et);
        bool ok = gort_chan_recv(c, p);
        r->p = p;
        return ok;
    }
    uint64_t buf[4] = {0}; /* string, interface, slice or scalar */
    bool ok = gort_chan_recv(c, buf);
    vm_load_value(et, r, buf);
    return ok;
}

/* ------------------------------------------------------------------ */
/* select                                                              */

int vm_select(const vmselect *s, slot *R) {
    int n = s->n;
    gort_select_case cs[n > 0 ? n : 1];
    uint64_t tmp[n > 0 ? n : 1][4];
    for (int k = 0; k < n; k++) {
        const vmselcase *sc = &s->c[k];
        const gort_type *et = sc->elem;
        memset(tmp[k], 0, sizeof tmp[k]);
        if (sc->flags & VMSEL_SEND) {
            void *e = &R[sc->val];
            if (by_address(et)) {
                e = R[sc->val].p;
            } else if (et->kind == GORT_KIND_FLOAT32) {
                float f = (float)R[sc->val].f;
                memcpy(tmp[k], &f, sizeof f);
                e = tmp[k];
            }
            cs[k] = gort_case_send(R[sc->ch].p, e);
        } else {
            void *e = tmp[k];
            if (sc->flags & VMSEL_DISCARD) e = NULL;
            else if (by_address(et)) e = gort_new(et);
            cs[k] = gort_case_recv(R[sc->ch].p, e);
        }
    }
    int k = gort_select(cs, n, s->block);
    if (k < 0 || !(s->c[k].flags & VMSEL_RECV)) return k;
    const vmselcase *sc = &s->c[k];
    if (!(sc->flags & VMSEL_DISCARD)) {
        if (by_address(sc->elem)) R[sc->val].p = cs[k].elem;
        else vm_load_value(sc->elem, &R[sc->val], tmp[k]);
    }
    if (sc->ok != VMSEL_NOOK) R[sc->ok].i = cs[k].ok;
    return k;
}
