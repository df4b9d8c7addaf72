/*
 * atomic.c: natives of package sync/atomic (stdlib/sync/atomic/atomic.go
 * declares the API): the compiler's __atomic builtins on the script's
 * own words, sequentially consistent as Go's atomics are.
 *
 * A function and the method of the matching typed value share one native,
 * since their call areas have the same shape: AddInt64(addr, delta) gets
 * r[0] = addr, r[1] = delta, and (*Int64).Add(delta) gets r[0] = the
 * receiver, whose only field (`v int64`, scripts/gen-stdlib-decls.go,
 * gortLayout) is at offset 0. A 32-bit result goes back in its register
 * form: sign-extended for int32, zero-extended for uint32.
 *
 *   atomic.Bool   {v uint32}   0 or 1
 *   atomic.Value  {v *any}     a pointer to an immutable heap cell holding
 *                              the interface; Store swaps the pointer (with
 *                              the write barrier: gort_atomic_*_pointer), so
 *                              Load sees a whole interface, never half of one
 *
 * Value follows Go's rules: storing nil panics ("sync/atomic: store of nil
 * value into Value"), and so does storing a value of another dynamic type
 * than the first ("... of inconsistently typed value into Value"); a
 * CompareAndSwap compares with the interface == (an uncomparable old
 * panics as Go's does).
 *
 * A nil addr panics with Go's nil dereference.
 */
#include "natives.h"

#define SC __ATOMIC_SEQ_CST

static void *addr(const vmslot *r) {
    if (!r[0].p) gort_panic_nil(0, 0);
    return r[0].p;
}

#define OPS(NAME, T, WIDEN)                                                                   \
    static void add_##NAME(struct vmstate *vm, vmslot *r) {                                   \
        (void)vm;                                                                             \
        r[2].WIDEN = __atomic_add_fetch((T *)addr(r), (T)r[1].WIDEN, SC);                     \
    }                                                                                         \
    static void load_##NAME(struct vmstate *vm, vmslot *r) {                                  \
        (void)vm;                                                                             \
        r[1].WIDEN = __atomic_load_n((T *)addr(r), SC);                                       \
    }                                                                                         \
    static void store_##NAME(struct vmstate *vm, vmslot *r) {                                 \
        (void)vm;                                                                             \
        __atomic_store_n((T *)addr(r), (T)r[1].WIDEN, SC);                                    \
    }                                                                                         \
    static void swap_##NAME(struct vmstate *vm, vmslot *r) {                                  \
        (void)vm;                                                                             \
        r[2].WIDEN = __atomic_exchange_n((T *)addr(r), (T)r[1].WIDEN, SC);                    \
    }                                                                                         \
    static void cas_##NAME(struct vmstate *vm, vmslot *r) {                                   \
        (void)vm;                                                                             \
        T old = (T)r[1].WIDEN;                                                                \
        r[3].u = __atomic_compare_exchange_n((T *)addr(r), &old, (T)r[2].WIDEN, false, SC, SC); \
    }

OPS(i32, int32_t, i)
OPS(i64, int64_t, i)
OPS(u32, uint32_t, u)
OPS(u64, uint64_t, u)

/* ---- Bool: a uint32 holding 0 or 1 ---- */

static void bool_Load(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].u = __atomic_load_n((uint32_t *)addr(r), SC) != 0;
}
static void bool_Store(struct vmstate *vm, vmslot *r) {
    (void)vm;
    __atomic_store_n((uint32_t *)addr(r), (uint32_t)(r[1].u & 1), SC);
}
static void bool_Swap(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[2].u = __atomic_exchange_n((uint32_t *)addr(r), (uint32_t)(r[1].u & 1), SC) != 0;
}
static void bool_CompareAndSwap(struct vmstate *vm, vmslot *r) {
    (void)vm;
    uint32_t old = (uint32_t)(r[1].u & 1);
    r[3].u = __atomic_compare_exchange_n((uint32_t *)addr(r), &old, (uint32_t)(r[2].u & 1), false, SC, SC);
}

/* ---- Value ---- */

static const uint8_t mask_data[] = {0x02};
static const gort_type eface = {.size = 16, .align = 8, .ptrwords = 2, .ptrmask = mask_data,
                                .name = "interface {}", .kind = GORT_KIND_INTERFACE};

/* A new cell holding the interface at v, after Go's checks against the
 * current cell cur. */
static vmslot *value_cell(const vmslot *cur, const vmslot *v) {
    if (!v[0].p) gort_panic_str("sync/atomic: store of nil value into Value");
    if (cur && cur[0].p != v[0].p) gort_panic_str("sync/atomic: store of inconsistently typed value into Value");
    vmslot *c = gort_new(&eface);
    gort_store_ptr(&c[0].p, v[0].p);
    gort_store_ptr(&c[1].p, v[1].p);
    return c;
}

static void value_Load(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const vmslot *c = __atomic_load_n((vmslot **)addr(r), SC);
    r[1].p = c ? c[0].p : NULL;
    r[2].p = c ? c[1].p : NULL;
}
static void value_Store(struct vmstate *vm, vmslot *r) {
    (void)vm;
    void **slot = addr(r);
    for (;;) { /* the type check and the store as one step */
        vmslot *cur = __atomic_load_n((vmslot **)slot, SC);
        if (gort_atomic_cas_pointer(slot, cur, value_cell(cur, r + 1))) return;
    }
}
static void value_Swap(struct vmstate *vm, vmslot *r) {
    (void)vm;
    void **slot = addr(r);
    for (;;) {
        vmslot *cur = __atomic_load_n((vmslot **)slot, SC);
        if (gort_atomic_cas_pointer(slot, cur, value_cell(cur, r + 1))) {
            r[3].p = cur ? cur[0].p : NULL;
            r[4].p = cur ? cur[1].p : NULL;
            return;
        }
    }
}
/* func (v *Value) CompareAndSwap(old, new any) (swapped bool) */
static void value_CompareAndSwap(struct vmstate *vm, vmslot *r) {
    (void)vm;
    void **slot = addr(r);
    if (!r[3].p) gort_panic_str("sync/atomic: compare and swap of nil value into Value");
    if (r[1].p && r[1].p != r[3].p)
        gort_panic_str("sync/atomic: compare and swap of inconsistently typed values");
    for (;;) {
        vmslot *cur = __atomic_load_n((vmslot **)slot, SC);
        if (!cur) {
            if (r[1].p) { /* old != nil cannot match an empty Value */
                r[5].u = 0;
                return;
            }
        } else if (!gort_equal_value(&eface, cur, r + 1)) {
            r[5].u = 0;
            return;
        }
        if (gort_atomic_cas_pointer(slot, cur, value_cell(cur, r + 3))) {
            r[5].u = 1;
            return;
        }
    }
}

#define NUM(T, S)                                                                                 \
    {"sync/atomic.Add" T, add_##S}, {"sync/atomic.Load" T, load_##S}, {"sync/atomic.Store" T, store_##S}, \
        {"sync/atomic.Swap" T, swap_##S}, {"sync/atomic.CompareAndSwap" T, cas_##S},                \
        {"sync/atomic.(*" T ").Add", add_##S}, {"sync/atomic.(*" T ").Load", load_##S},             \
        {"sync/atomic.(*" T ").Store", store_##S}, {"sync/atomic.(*" T ").Swap", swap_##S},         \
        {"sync/atomic.(*" T ").CompareAndSwap", cas_##S}

static const vmnative natives[] = {
    NUM("Int32", i32),
    NUM("Int64", i64),
    NUM("Uint32", u32),
    NUM("Uint64", u64),
    NUM("Uintptr", u64),
    {"sync/atomic.(*Bool).Load", bool_Load},
    {"sync/atomic.(*Bool).Store", bool_Store},
    {"sync/atomic.(*Bool).Swap", bool_Swap},
    {"sync/atomic.(*Bool).CompareAndSwap", bool_CompareAndSwap},
    {"sync/atomic.(*Value).Load", value_Load},
    {"sync/atomic.(*Value).Store", value_Store},
    {"sync/atomic.(*Value).Swap", value_Swap},
    {"sync/atomic.(*Value).CompareAndSwap", value_CompareAndSwap},
};
const vmnative_table vm_natives_sync_atomic = {natives, (int)(sizeof natives / sizeof natives[0])};
