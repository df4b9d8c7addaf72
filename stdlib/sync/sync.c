/*
 * sync.c: natives of package sync (stdlib/sync/sync.go declares the
 * API), bound to the runtime's own implementations (runtime/src/sync.c,
 * sema.c, syncmap.c; gort.h, "sync").
 *
 * The script-side structs have the runtime's C layout, not Go's
 * (scripts/gen-stdlib-decls.go, gortLayout), so a native hands the
 * receiver pointer straight to the runtime:
 *
 *   sync.Mutex      {state int32; sema uint32}           == gort_mutex
 *   sync.RWMutex    {w Mutex; writerSem, readerSem uint32;
 *                    readerCount, readerWait int32}     == gort_rwmutex
 *   sync.WaitGroup  {state uint64; sema uint32}          == gort_waitgroup
 *   sync.Once       {done uint32; m Mutex}               == gort_once
 *   sync.Cond       {L Locker; h Mutex; c notifyCond}    L, then a helper
 *                                                        mutex and a gort_cond
 *   sync.Map        {_ [0]func(); keyType uintptr; mu Mutex;
 *                    read, dirty *uintptr; misses int}   == gort_syncmap
 *   sync.Pool       {New func() any; mu Mutex; items []any}
 *
 * Every zero value is the runtime's zero value, so `var mu sync.Mutex`
 * works in a local, a global, a struct field or the heap, and nothing
 * needs an initialiser. A struct holding them is scanned by its declared
 * fields: Map's read and dirty are pointer fields (the tables live on the
 * GC heap; the collector marks an object by its own type, whatever the
 * field's static type says), Cond's c.l points at its own h.
 *
 * Blocking (Lock, Wait, RLock...) parks the goroutine on the runtime's
 * semaphore table from inside the native: the calling frame's pc is saved
 * and it is the goroutine's current frame, so the collector scans the VM
 * frames precisely while it waits, as in a channel operation
 * (docs/vm-concurrency.md).
 *
 * Cond. Go's L is any Locker (a *Mutex, an RWMutex's RLocker, a script
 * type), while gort_cond waits on a gort_mutex. Wait therefore runs
 *     lock(h); L.Unlock(); gort_cond_wait(c)  [ticket, unlock h, park,
 *     relock h]; unlock(h); L.Lock()
 * and Signal/Broadcast take h around the notify. A signaler that changed
 * the condition under L after the waiter's L.Unlock() blocks on h until
 * the waiter holds its ticket, so no wake-up is lost; h is held only for
 * those few instructions, never while parked.
 *
 * Map. Keys and values are `any`. The runtime map hashes keys through
 * key_type, here a descriptor of the empty interface whose hash and ==
 * are the runtime's interface algorithms (unhashable dynamic types panic
 * as a Go map key does); it is set on first use, so the zero Map works.
 * Values are stored as pointers to heap cells holding the `any`.
 *
 * Pool. A locked stack of `any` values, not the runtime's per-P gort_pool:
 * gort_pool stores one pointer per object and must not live outside the
 * GC heap, while a script's Pool holds interfaces and may sit in a
 * frame. Get pops the most recent Put, else calls New. Nothing is
 * dropped at a collection (Go may drop; a program cannot rely on either).
 *
 * Rejected: Go's own sync package compiled from source (it needs
 * unsafe, runtime_Semacquire and the race hooks); opaque handles
 * allocated on first use (the zero value would need a side table keyed by
 * address, wrong when the struct is copied before use, and the collector
 * would not see them through the struct).
 */
#include <string.h>

#include "interp.h"
#include "itab.h"
#include "natives.h"

static void *recv(const vmslot *r) {
    if (!r[0].p) gort_panic_nil(0, 0);
    return r[0].p;
}

/* ---- Mutex, RWMutex ---- */

static void mutex_Lock(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_mutex_lock(recv(r));
}
static void mutex_Unlock(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_mutex_unlock(recv(r));
}
static void mutex_TryLock(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].u = gort_mutex_trylock(recv(r));
}
static void rw_Lock(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_rwmutex_lock(recv(r));
}
static void rw_Unlock(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_rwmutex_unlock(recv(r));
}
static void rw_RLock(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_rwmutex_rlock(recv(r));
}
static void rw_RUnlock(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_rwmutex_runlock(recv(r));
}
static void rw_TryLock(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].u = gort_rwmutex_trylock(recv(r));
}
static void rw_TryRLock(struct vmstate *vm, vmslot *r) {
    (void)vm;
    r[1].u = gort_rwmutex_tryrlock(recv(r));
}

/* RLocker: a Locker whose Lock and Unlock are rw's RLock and RUnlock.
 * Its dynamic type (natives.c, link_rlocker) is a struct laid over the
 * RWMutex, so the interface's data word is rw itself, as Go's
 * (*rlocker)(rw) is. */
const gort_type vm_rlocker_type = {.size = sizeof(gort_rwmutex), .align = 4, .name = "*sync.rlocker",
                                   .kind = GORT_KIND_STRUCT,
                                   .tflags = GORT_TFLAG_COMPARABLE | GORT_TFLAG_REGULARMEM, .pkgpath = "sync"};
const vmnative vm_native_rlocker_Lock = {"sync.(*rlocker).Lock", rw_RLock};
const vmnative vm_native_rlocker_Unlock = {"sync.(*rlocker).Unlock", rw_RUnlock};

/* func (rw *RWMutex) RLocker() Locker */
static void rw_RLocker(struct vmstate *vm, vmslot *r) {
    const vmlib *l = vm_prog(vm)->lib;
    if (!l->rlocker) gort_panic_str("sync: the program's sync.Locker was not linked");
    const vmprog *p = vm_prog(vm);
    r[1].p = (void *)itab_get(p->itabs ? p->itabs : l->itabs, l->lockeriface, l->rlocker);
    r[2].p = r[0].p;
}

/* ---- WaitGroup ---- */

/* func (wg *WaitGroup) Add(delta int): Go's panics ("sync: negative
 * WaitGroup counter") come from the runtime. */
static void wg_Add(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_waitgroup_add(recv(r), (int)r[1].i);
}
static void wg_Done(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_waitgroup_done(recv(r));
}
static void wg_Wait(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_waitgroup_wait(recv(r));
}

/* ---- Once ---- */

typedef struct callarg {
    struct vmstate *vm;
    vmslot *cl;
} callarg;

static void call_func0(void *arg) {
    callarg *a = arg;
    vm_call_closure(a->vm, a->cl, NULL, NULL);
}

/* func (o *Once) Do(f func()): f runs on the caller's goroutine, inside
 * gort_once_do's slow path, which holds o.m while it runs (a second Do
 * waits there, parked). */
static void once_Do(struct vmstate *vm, vmslot *r) {
    gort_once *o = recv(r);
    if (__atomic_load_n(&o->done, __ATOMIC_ACQUIRE)) return;
    callarg a = {vm, r[1].p};
    gort_once_do(o, call_func0, &a);
}

/* ---- Cond ---- */

typedef struct cond {
    vmslot L[2];  /* Locker: itab, data */
    gort_mutex h; /* orders L.Unlock before the ticket (see above) */
    gort_cond c;  /* c.L == &h once used */
} cond;

_Static_assert(offsetof(cond, c) == 24, "sync.Cond layout: L, h, then the gort_cond");

static cond *cond_recv(const vmslot *r) {
    cond *c = recv(r);
    if (!__atomic_load_n(&c->c.L, __ATOMIC_ACQUIRE)) { /* zero value: Cond{L: l} */
        gort_mutex *z = NULL;
        /* one CAS wins; a loser's acquire reads the winner's store */
        __atomic_compare_exchange_n(&c->c.L, &z, &c->h, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    }
    return c;
}

/* Calls method i of the Locker (0 Lock, 1 Unlock: sorted by name). */
static void locker_call(struct vmstate *vm, const vmslot *L, int i) {
    const vmitab *tab = L[0].p;
    if (!tab) gort_panic_nil(0, 0);
    vm_call_method(vm, tab->type, tab->fun[i], L[1].p, NULL);
}

/* func NewCond(l Locker) *Cond */
static const gort_type *cond_type(void);
static void sync_NewCond(struct vmstate *vm, vmslot *r) {
    (void)vm;
    cond *c = gort_new(cond_type());
    gort_store_ptr(&c->L[0].p, r[0].p);
    gort_store_ptr(&c->L[1].p, r[1].p);
    gort_store_ptr((void **)(void *)&c->c.L, &c->h);
    r[2].p = c;
}

static void cond_Wait(struct vmstate *vm, vmslot *r) {
    cond *c = cond_recv(r);
    gort_mutex_lock(&c->h);
    locker_call(vm, c->L, 1);
    gort_cond_wait(&c->c);
    gort_mutex_unlock(&c->h);
    locker_call(vm, c->L, 0);
}
static void cond_Signal(struct vmstate *vm, vmslot *r) {
    (void)vm;
    cond *c = cond_recv(r);
    gort_mutex_lock(&c->h);
    gort_cond_signal(&c->c);
    gort_mutex_unlock(&c->h);
}
static void cond_Broadcast(struct vmstate *vm, vmslot *r) {
    (void)vm;
    cond *c = cond_recv(r);
    gort_mutex_lock(&c->h);
    gort_cond_broadcast(&c->c);
    gort_mutex_unlock(&c->h);
}

/* {L.itab, L.data, h, c.L, wait/notify, lock, head, tail, checker} */
static const uint8_t cond_mask[] = {0x0B}; /* L's words, c.L */
static const gort_type condt = {.size = sizeof(cond), .align = 8, .ptrwords = 4, .ptrmask = cond_mask,
                                .name = "sync.Cond", .kind = GORT_KIND_STRUCT};
static const gort_type *cond_type(void) { return &condt; }

/* ---- Map ---- */

static uint64_t any_hash(const void *p, uint64_t seed);
static bool any_equal(const void *a, const void *b);
static const uint8_t mask_any[] = {0x02}; /* the data word (the type word is not a heap pointer) */
static const gort_type eface = {.size = 16, .align = 8, .ptrwords = 2, .ptrmask = mask_any,
                                .name = "interface {}", .kind = GORT_KIND_INTERFACE};
static const gort_type anykey = {.size = 16, .align = 8, .ptrwords = 2, .ptrmask = mask_any,
                                 .name = "interface {}", .kind = GORT_KIND_INTERFACE,
                                 .hash = any_hash, .equal = any_equal};
static uint64_t any_hash(const void *p, uint64_t seed) { return gort_hash_value(&eface, p, seed); }
static bool any_equal(const void *a, const void *b) { return gort_equal_value(&eface, a, b); }

static gort_syncmap *map_recv(const vmslot *r) {
    gort_syncmap *m = recv(r);
    if (!__atomic_load_n(&m->key_type, __ATOMIC_ACQUIRE)) {
        /* first use of a zero Map: one CAS wins, and a loser's acquire
         * reads the winner's store before the runtime reads key_type */
        const gort_type *z = NULL;
        __atomic_compare_exchange_n(&m->key_type, &z, &anykey, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    }
    return m;
}

/* A heap cell holding the `any` at v. */
static void *box(const vmslot *v) {
    vmslot *b = gort_new(&eface);
    gort_store_ptr(&b[0].p, v[0].p);
    gort_store_ptr(&b[1].p, v[1].p);
    return b;
}
static void unbox(const void *cell, vmslot *out) {
    const vmslot *b = cell;
    out[0] = b ? b[0] : (vmslot){0};
    out[1] = b ? b[1] : (vmslot){0};
}

/* The key as a value the map may hash: an unhashable dynamic type panics
 * as Go's map does ("runtime error: hash of unhashable type []int"). */
static const void *key_of(const vmslot *k) {
    if (k[0].p) gort_hash_value(&eface, k, 0);
    return k;
}

/* func (m *Map) Load(key any) (value any, ok bool): r[1..2] key, r[3..4]
 * value, r[5] ok */
static void map_Load(struct vmstate *vm, vmslot *r) {
    (void)vm;
    void *cell = NULL;
    bool ok = gort_syncmap_load(map_recv(r), key_of(r + 1), &cell);
    unbox(cell, r + 3);
    r[5].u = ok;
}
static void map_Store(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_syncmap *m = map_recv(r);
    gort_syncmap_store(m, key_of(r + 1), box(r + 3));
}
/* LoadOrStore(key, value any) (actual any, loaded bool): r[1..2], r[3..4]
 * in; r[5..6] actual, r[7] loaded */
static void map_LoadOrStore(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_syncmap *m = map_recv(r);
    void *cell = box(r + 3), *actual = NULL;
    bool loaded = gort_syncmap_load_or_store(m, key_of(r + 1), cell, &actual);
    unbox(loaded ? actual : cell, r + 5);
    r[7].u = loaded;
}
static void map_LoadAndDelete(struct vmstate *vm, vmslot *r) {
    (void)vm;
    void *cell = NULL;
    bool loaded = gort_syncmap_load_and_delete(map_recv(r), key_of(r + 1), &cell);
    unbox(cell, r + 3);
    r[5].u = loaded;
}
static void map_Delete(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_syncmap_delete(map_recv(r), key_of(r + 1));
}

typedef struct rangearg {
    struct vmstate *vm;
    vmslot *f;
} rangearg;

static bool range_one(const void *key, void *value, void *arg) {
    rangearg *a = arg;
    vmslot args[4], res[1];
    const vmslot *k = key;
    args[0] = k[0];
    args[1] = k[1];
    unbox(value, args + 2);
    vm_call_closure(a->vm, a->f, args, res);
    return res[0].u & 1;
}

/* func (m *Map) Range(f func(key, value any) bool) */
static void map_Range(struct vmstate *vm, vmslot *r) {
    gort_syncmap *m = map_recv(r);
    rangearg a = {vm, r[1].p};
    gort_syncmap_range(m, range_one, &a);
}

/* ---- Pool ---- */

typedef struct pool {
    vmslot *New;     /* closure: func() any */
    gort_mutex mu;   /* guards items */
    gort_slice items; /* []any, used as a stack */
} pool;

static void pool_Put(struct vmstate *vm, vmslot *r) {
    (void)vm;
    pool *p = recv(r);
    if (!r[1].p) return; /* Put(nil) does nothing, as in Go */
    gort_mutex_lock(&p->mu);
    gort_slice s = gort_append(&eface, p->items, r + 1, 1);
    gort_store_ptr(&p->items.ptr, s.ptr);
    p->items.len = s.len;
    p->items.cap = s.cap;
    gort_mutex_unlock(&p->mu);
}

/* func (p *Pool) Get() any */
static void pool_Get(struct vmstate *vm, vmslot *r) {
    pool *p = recv(r);
    gort_mutex_lock(&p->mu);
    if (p->items.len > 0) {
        vmslot *top = (vmslot *)p->items.ptr + 2 * (p->items.len - 1);
        r[1] = top[0];
        r[2] = top[1];
        top[0].p = top[1].p = NULL; /* the pool no longer keeps it alive */
        p->items.len--;
        gort_mutex_unlock(&p->mu);
        return;
    }
    gort_mutex_unlock(&p->mu);
    r[1].p = r[2].p = NULL;
    if (p->New) vm_call_closure(vm, p->New, NULL, r + 1);
}

static const vmnative natives[] = {
    {"sync.(*Mutex).Lock", mutex_Lock},
    {"sync.(*Mutex).Unlock", mutex_Unlock},
    {"sync.(*Mutex).TryLock", mutex_TryLock},
    {"sync.(*RWMutex).Lock", rw_Lock},
    {"sync.(*RWMutex).Unlock", rw_Unlock},
    {"sync.(*RWMutex).RLock", rw_RLock},
    {"sync.(*RWMutex).RUnlock", rw_RUnlock},
    {"sync.(*RWMutex).TryLock", rw_TryLock},
    {"sync.(*RWMutex).TryRLock", rw_TryRLock},
    {"sync.(*RWMutex).RLocker", rw_RLocker},
    {"sync.(*WaitGroup).Add", wg_Add},
    {"sync.(*WaitGroup).Done", wg_Done},
    {"sync.(*WaitGroup).Wait", wg_Wait},
    {"sync.(*Once).Do", once_Do},
    {"sync.NewCond", sync_NewCond},
    {"sync.(*Cond).Wait", cond_Wait},
    {"sync.(*Cond).Signal", cond_Signal},
    {"sync.(*Cond).Broadcast", cond_Broadcast},
    {"sync.(*Map).Load", map_Load},
    {"sync.(*Map).Store", map_Store},
    {"sync.(*Map).LoadOrStore", map_LoadOrStore},
    {"sync.(*Map).LoadAndDelete", map_LoadAndDelete},
    {"sync.(*Map).Delete", map_Delete},
    {"sync.(*Map).Range", map_Range},
    {"sync.(*Pool).Get", pool_Get},
    {"sync.(*Pool).Put", pool_Put},
};
const vmnative_table vm_natives_sync = {natives, (int)(sizeof natives / sizeof natives[0])};
