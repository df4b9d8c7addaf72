/*
 * gort.h — the one public header of libgort.a, a Go-like runtime in C.
 *
 * The API follows Go's semantics rather than errno conventions: misuse that
 * Go punishes with a panic panics here too, comma-ok results are a bool, and
 * running out of memory or breaking an invariant is a fatal error.  There is
 * no error code to forget to check.
 *
 *     Go                         C
 *     --                         -
 *     func main() { ... }        gort_main(NULL, main_fn, arg)
 *     go f(x)                    gort_go(f, x)
 *     runtime.Gosched()          gort_gosched()
 *     time.Sleep(d)              gort_sleep(ns)
 *     runtime.GOMAXPROCS(n)      gort_gomaxprocs(n)
 *     runtime.NumGoroutine()     gort_numgoroutine()
 *
 * Every public name starts with gort_ or GORT_.  Handles are opaque.
 * Functions marked "goroutine only" must be called from code running on a
 * goroutine (inside gort_main, gort_call or gort_go); calling them from any
 * other thread is a fatal error that names the call.
 */
#ifndef GORT_H
#define GORT_H

#include <stdarg.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GORT_VERSION "0.1.0"

#if defined(__GNUC__)
#define GORT_NORETURN __attribute__((noreturn))
#define GORT_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define GORT_NORETURN
#define GORT_PRINTF(a, b)
#endif

/* ===================================================================== */
/* Lifecycle and goroutines                                               */
/* ===================================================================== */

/* A goroutine body. */
typedef void (*gort_func)(void *arg);

/*
 * Runtime configuration.  Zero fields mean "take the default": first the
 * environment (GOMAXPROCS, GORT_STACK_SIZE), then the built-in value.
 */
typedef struct gort_config {
    int gomaxprocs;    /* number of Ps; 0: $GOMAXPROCS or the CPU count */
    size_t stack_size; /* goroutine stack size in bytes; 0: $GORT_STACK_SIZE
                          or 256 KiB.  Rounded up to whole pages; must lie in
                          [16 KiB, 1 GiB]. */
    /* Signals (docs/embedding.md).  The runtime installs handlers for
     * SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGQUIT (unless the host has one)
     * and its preemption signal, and passes on to the host's handler every
     * signal that is not its own.  Bit (1 << sig) set: the runtime leaves
     * sig alone entirely (GORT_SIGBIT(SIGSEGV) | ...). */
    uint64_t signals_leave;
    /* The signal that suspends a running goroutine's thread for the
     * collector.  0: $GORT_PREEMPT_SIGNAL (a number or a name such as
     * SIGUSR2, or "none"), else SIGURG.  -1: none (running goroutines are
     * scanned at their next safe point). */
    int preempt_signal;
    /* Threads of the host may call gort_call at any time, without
     * gort_thread_attach: the runtime then never reports "all goroutines
     * are asleep", since such a call may still wake them (as Go with cgo
     * does).  Attached threads count as wakers anyway. */
    bool host_calls_in;
} gort_config;

#define GORT_SIGBIT(sig) ((uint64_t)1 << (sig))

/*
 * Runs fn(arg) as goroutine 1 and returns 0 when it returns.  The program
 * ends as a Go program does: other goroutines do not keep it alive; they
 * are stopped (at their next safe point) before gort_main returns, so the
 * host's exit handlers run with no goroutine running
 * (docs/embedding.md, "Shutdown").  An unrecovered panic or
 * a fatal error exits the process with status 2 instead.  May be called once
 * per process, from a thread that is not a goroutine.
 */
int gort_main(const gort_config *cfg, gort_func fn, void *arg);

/*
 * Runs fn(arg) on a new goroutine and blocks the calling OS thread until it
 * returns.  For threads that are not goroutines (a Lua host, a C program's
 * own threads).  Starts the runtime with default configuration if needed.
 * Called from a goroutine, it simply calls fn(arg).
 */
void gort_call(gort_func fn, void *arg);
/* gort_pcall, the protected variant, is declared with panic and recover. */


/* go fn(arg).  Goroutine only.  fn == NULL is Go's fatal error "go of nil
 * func value". */
void gort_go(gort_func fn, void *arg);

/* The smallest stack gort_go_stack gives. */
#define GORT_STACK_MIN ((size_t)16 << 10)

/*
 * go fn(arg) on a stack of stack_size bytes instead of the configured size
 * (gort_config.stack_size): rounded up to whole pages and into
 * [GORT_STACK_MIN, 1 GiB]; 0 means the configured size.  For goroutines
 * that need little C stack (an interpreter's) or much.  A guard page below
 * turns an overflow into Go's "goroutine stack exceeds" fatal error.
 * Stacks of one size are pooled and reused.  Goroutine only.
 */
void gort_go_stack(gort_func fn, void *arg, size_t stack_size);

/* Yields the processor; the goroutine stays runnable.  Goroutine only. */
void gort_gosched(void);

/* Ends the calling goroutine (after running its deferred calls). */
GORT_NORETURN void gort_goexit(void);

/* Exits the process immediately with the given status, like os.Exit. */
GORT_NORETURN void gort_exit(int status);

/* Whether the runtime has started (gort_main, gort_call or GORT_TRACE
 * ran): a host that is not a goroutine then uses gort_call, not
 * gort_main.  Any thread. */
bool gort_started(void);

/* The calling goroutine's id (1 for main); 0 when not on a goroutine. */
int64_t gort_goid(void);

/* Number of goroutines that exist (running, runnable or waiting). */
int gort_numgoroutine(void);

/*
 * Sets the number of Ps to n and returns the previous setting.  n == 0 only
 * queries, as runtime.GOMAXPROCS(0) does.  n < 0 is a fatal error naming
 * the call.  Changing the value
 * stops the world until every running goroutine reaches a safe point.
 */
int gort_gomaxprocs(int n);

/* Number of CPUs usable by this process. */
int gort_numcpu(void);

/* ===================================================================== */
/* Preemption and system calls                                            */
/* ===================================================================== */

/*
 * Per-thread state the runtime shares with inline code.  Do not touch it
 * directly; use gort_preempt_pending().
 */
typedef struct gort_mtls {
    volatile uint32_t preempt; /* set by sysmon or a stop-the-world request */
} gort_mtls;
extern __thread gort_mtls gort_mtls_cur;

/*
 * True when the runtime wants the current goroutine to yield: it has run for
 * more than 10 ms, or the world is being stopped.  One load; safe to call in
 * a tight loop.  Pair it with gort_safepoint().
 */
static inline bool gort_preempt_pending(void) {
    return __atomic_load_n(&gort_mtls_cur.preempt, __ATOMIC_RELAXED) != 0;
}

/* Honours a pending preemption request (yields if one is set). */
void gort_safepoint(void);

/*
 * The calling goroutine's preemption flag: nonzero when the runtime wants
 * it to call gort_safepoint() (sysmon's 10 ms time slice, a stop-the-world,
 * a stack scan).  gort_preempt_pending() reads a thread-local, whose address
 * a compiler may keep across a call in which the goroutine moved to another
 * thread (PIC code); this address belongs to the goroutine and stays valid
 * and current wherever it runs, until it exits.  An interpreter caches it
 * in its state and polls it at back-edges and calls:
 *
 *     const volatile uint32_t *preempt = gort_preempt_flag();
 *     for (;;) {                           // dispatch loop
 *         ...
 *         if (__atomic_load_n(preempt, __ATOMIC_RELAXED))  // a back-edge
 *             gort_safepoint();
 *     }
 *
 * Goroutine only.
 */
const volatile uint32_t *gort_preempt_flag(void);

/*
 * Attaches the calling foreign thread (a host's own pthread, not a
 * goroutine) to the runtime, like JNI's AttachCurrentThread.  While attached
 * its stack and registers are garbage-collection roots (scanned
 * conservatively, once per cycle), a stop-the-world stops it (suspended in
 * place by the preemption signal, which it must leave unblocked; or, while
 * it waits inside gort_call, simply kept there), and it counts as a thread
 * that may still wake a goroutine: the runtime reports no deadlock while it
 * is attached.  It uses the API as any foreign thread does (gort_call,
 * gort_alloc, gort_store_ptr).  May be called before the runtime starts.
 * Detach before the thread exits; detaching the last attached thread checks
 * for a deadlock at once.  Attaching twice, or detaching a thread that is
 * not attached, is a fatal error.  docs/embedding.md, "Attaching a foreign
 * thread".
 */
void gort_thread_attach(void);
void gort_thread_detach(void);

/*
 * Bracket a blocking C call.  While it runs, sysmon may hand this goroutine's
 * P to another thread, so the call never stalls other goroutines.  Between
 * enter and exit the goroutine must not call into the runtime.
 */
void gort_syscall_enter(void);
void gort_syscall_exit(void);

/* ===================================================================== */
/* Time                                                                   */
/* ===================================================================== */

#define GORT_NANOSECOND ((int64_t)1)
#define GORT_MICROSECOND ((int64_t)1000)
#define GORT_MILLISECOND ((int64_t)1000000)
#define GORT_SECOND ((int64_t)1000000000)

/* Monotonic clock in nanoseconds. */
int64_t gort_nanotime(void);

/* Wall clock: nanoseconds since the Unix epoch. */
int64_t gort_now(void);

/* Parks the goroutine for at least ns nanoseconds (ns <= 0 yields). */
void gort_sleep(int64_t ns);

/* ===================================================================== */
/* Network poller                                                         */
/* ===================================================================== */

typedef enum gort_fd_mode {
    GORT_FD_READ = 'r',
    GORT_FD_WRITE = 'w',
} gort_fd_mode;

typedef enum gort_fd_result {
    GORT_FD_READY = 0,   /* the fd is (or may be) ready: retry the I/O */
    GORT_FD_TIMEOUT = 1, /* the deadline passed first */
    GORT_FD_CLOSED = 2,  /* gort_fd_close was called on the fd */
} gort_fd_result;

/*
 * Parks the goroutine until fd is ready for mode, or until the absolute
 * gort_nanotime() deadline passes (deadline 0: no deadline).  The fd should
 * be non-blocking: the pattern is "try the I/O, on EAGAIN call gort_fd_wait,
 * retry".  The M is never blocked.  Goroutine only.
 */
gort_fd_result gort_fd_wait(int fd, gort_fd_mode mode, int64_t deadline);

/* Removes fd from the poller, wakes its waiters with GORT_FD_CLOSED, and
 * closes it.  Use this instead of close() for fds passed to gort_fd_wait. */
int gort_fd_close(int fd);

/* ===================================================================== */
/* Types                                                                  */
/* ===================================================================== */

typedef enum gort_kind {
    GORT_KIND_INVALID = 0,
    GORT_KIND_BOOL,
    GORT_KIND_INT,
    GORT_KIND_INT8,
    GORT_KIND_INT16,
    GORT_KIND_INT32,
    GORT_KIND_INT64,
    GORT_KIND_UINT,
    GORT_KIND_UINT8,
    GORT_KIND_UINT16,
    GORT_KIND_UINT32,
    GORT_KIND_UINT64,
    GORT_KIND_UINTPTR,
    GORT_KIND_FLOAT32,
    GORT_KIND_FLOAT64,
    GORT_KIND_COMPLEX64,
    GORT_KIND_COMPLEX128,
    GORT_KIND_STRING,
    GORT_KIND_POINTER,
    GORT_KIND_UNSAFE_POINTER,
    GORT_KIND_SLICE,
    GORT_KIND_ARRAY,
    GORT_KIND_STRUCT,
    GORT_KIND_MAP,
    GORT_KIND_CHAN,
    GORT_KIND_FUNC,
    GORT_KIND_INTERFACE,
    GORT_KIND_ERROR, /* a gort_error (see the panic section) */
} gort_kind;

typedef struct gort_type gort_type;

/* A Go string: immutable bytes, not NUL-terminated. */
typedef struct gort_string {
    const char *ptr;
    intptr_t len;
} gort_string;

/* A string literal as a gort_string. */
#define GORT_STR(lit) ((gort_string){(lit), (intptr_t)sizeof(lit) - 1})

/*
 * A type descriptor.  Every heap object is allocated with one, so the GC can
 * scan it precisely, and every typed value (channel element, map key, panic
 * value) carries one.  Descriptors are immutable and normally static.
 *
 * Pointer layout: word i (i < ptrwords) of a value holds a pointer into the
 * GC heap (or NULL, or a pointer elsewhere) iff bit i of ptrmask is set
 * (ptrmask[i / 8] >> (i % 8) & 1).  Words at or beyond ptrwords hold no
 * pointers.  ptrwords == 0 means the type holds no pointers ("noscan").
 */
struct gort_type {
    size_t size;            /* bytes */
    size_t align;           /* power of two, <= 16 */
    size_t ptrwords;        /* words covered by ptrmask; 0: pointer-free */
    const uint8_t *ptrmask; /* one bit per word, LSB first */
    const char *name;       /* for printing and dumps: "int", "*node" */
    gort_kind kind;
    const gort_type *elem;  /* pointee / element type, if any */
    /* Map keys.  NULL hash: hashed and compared as raw memory.  A type that
     * may not be a map key sets hash = gort_hash_unhashable. */
    uint64_t (*hash)(const void *value, uint64_t seed);
    bool (*equal)(const void *a, const void *b);
    /* Printing a value of this type (panic values, %v).  Writes at most n
     * bytes including the NUL and returns the length it wanted, as
     * snprintf.  NULL: printed by kind ("(T) 0xADDR" for opaque kinds). */
    int (*format)(char *buf, size_t n, const void *value);
    /* ---- Composite and named types (the VM's link step fills these; a
     * descriptor written by hand may leave them zero) ---- */
    uint32_t tflags;              /* GORT_TFLAG_* */
    const char *pkgpath;          /* defined types: "main"; NULL otherwise */
    const gort_type *key;         /* map: key type (elem: the value type) */
    intptr_t len;                 /* array: length (elem: element type) */
    const struct gort_field *fields; /* struct: fields in source order */
    intptr_t nfields;
    /* Methods, sorted by name: a defined type's (value receivers) and a
     * pointer to one (all of them), or an interface's method set (mtyp
     * only; ifn/tfn NULL). */
    const struct gort_method *methods;
    intptr_t nmethods;
    const gort_type *const *in;   /* func: parameter types */
    const gort_type *const *out;  /* func: result types */
    intptr_t nin, nout;           /* func: counts (variadic: GORT_TFLAG_VARIADIC) */
};

/* gort_type.tflags. */
enum {
    GORT_TFLAG_NAMED = 1 << 0,      /* a defined type: name is "pkg.T" */
    GORT_TFLAG_COMPARABLE = 1 << 1, /* == is defined on its values */
    GORT_TFLAG_REGULARMEM = 1 << 2, /* == and hash are raw memory */
    /* hash and == go field by field (struct) or element by element
     * (array) through fields/elem: comparable composites whose memory is
     * not regular (strings, floats, interfaces or padding inside) */
    GORT_TFLAG_FIELDALG = 1 << 3,
    GORT_TFLAG_VARIADIC = 1 << 4,   /* func: the last parameter is ...T */
};

/* A struct field (gort_type.fields). */
typedef struct gort_field {
    const char *name;       /* "X"; an embedded field: its type's name */
    const gort_type *type;
    size_t offset;          /* bytes from the start of the struct */
    const char *tag;        /* the tag's value, or NULL */
    bool embedded;
} gort_field;

/* A method (gort_type.methods).  ifn: the code an interface call runs
 * (the receiver is the interface's data word); tfn: the code a call on
 * the type itself runs.  What they point at is the caller's business
 * (the VM keeps its functions there). */
typedef struct gort_method {
    const char *name;
    const gort_type *mtyp;  /* the signature, a func type without receiver */
    const void *ifn, *tfn;
} gort_method;

/* Built-in descriptors. */
extern const gort_type gort_type_bool, gort_type_int, gort_type_int8,
    gort_type_int16, gort_type_int32, gort_type_int64, gort_type_uint,
    gort_type_uint8, gort_type_uint16, gort_type_uint32, gort_type_uint64,
    gort_type_uintptr, gort_type_float32, gort_type_float64,
    gort_type_string, /* a gort_string */
    gort_type_pointer, /* one word that may point into the GC heap */
    gort_type_cstring, /* const char *, not a heap pointer, printed as text */
    gort_type_bytes;   /* a byte with no pointers (for byte buffers) */

/* Marker hash for types that may not be map keys (panics when used). */
uint64_t gort_hash_unhashable(const void *value, uint64_t seed);

/* ===================================================================== */
/* Memory                                                                 */
/* ===================================================================== */

/* Allocates one zeroed object of type t on the GC heap.  Never NULL. */
void *gort_new(const gort_type *t);

/* Allocates size zeroed bytes laid out as an array of t (t may be NULL for
 * pointer-free bytes).  Never NULL.  size 0 returns one shared non-NULL
 * address.  Running out of memory is a fatal error ("fatal error: runtime:
 * out of memory: cannot allocate N-byte block (M in use)").  GC memory must
 * never be passed to free().  docs/allocator.md describes the allocator. */
void *gort_alloc(size_t size, const gort_type *t);

/* ===================================================================== */
/* Channels and select                                                    */
/* ===================================================================== */

/*
 * A channel is Go's chan T.  Values are copied in and out through pointers
 * and typed by the element's gort_type (the collector scans buffered
 * values through it).
 *
 *     Go                           C
 *     --                           -
 *     c := make(chan T, n)         c = gort_chan_make(&T_type, n)
 *     c <- v                       gort_chan_send(c, &v)
 *     v, ok := <-c                 ok = gort_chan_recv(c, &v)
 *     <-c                          gort_chan_recv(c, NULL)
 *     close(c)                     gort_chan_close(c)
 *     len(c), cap(c)               gort_chan_len(c), gort_chan_cap(c)
 *     select { case ...: }         gort_select(cases, n, true)
 *     select { ...; default: }     gort_select(cases, n, false)
 *     <-time.After(d)              gort_chan_recv(gort_after(d), NULL)
 *
 * NULL is the nil channel: a send or receive on it blocks forever, close
 * panics.  Operations that may block are goroutine only.
 */
typedef struct gort_chan gort_chan;

/* make(chan T, cap).  elem NULL makes a channel of a zero-size type (Go's
 * chan struct{}, for signalling).  cap < 0, or a buffer too large to
 * allocate, panics with "makechan: size out of range". */
gort_chan *gort_chan_make(const gort_type *elem, intptr_t cap);

/* c <- *elem (elem NULL: the zero value).  Blocks until a receiver takes
 * the value or the buffer has room.  Panics with "send on closed channel"
 * if c is closed, or is closed while the sender waits. */
void gort_chan_send(gort_chan *c, const void *elem);

/* ok = (*elem, ok = <-c).  Blocks until a value is there.  Returns true
 * with the value, or false with the zero value once c is closed and its
 * buffer drained.  elem NULL discards the value. */
bool gort_chan_recv(gort_chan *c, void *elem);

/* close(c).  Every waiting receiver wakes with the zero value and false;
 * every waiting sender wakes and panics.  Panics with "close of nil
 * channel" or "close of closed channel". */
void gort_chan_close(gort_chan *c);

/* len(c): values buffered; cap(c): buffer capacity.  0 for nil. */
intptr_t gort_chan_len(gort_chan *c);
intptr_t gort_chan_cap(gort_chan *c);

/* select { case c <- *elem: true; default: false }.  Never blocks.
 * Panics with "send on closed channel" if c is closed. */
bool gort_chan_trysend(gort_chan *c, const void *elem);

/* select { case *elem, *ok = <-c: true; default: false }.  Never blocks.
 * ok (may be NULL) is set as gort_chan_recv's result when it returns true. */
bool gort_chan_tryrecv(gort_chan *c, void *elem, bool *ok);

/* Direction of a select case. */
enum {
    GORT_SELECT_SEND = 1, /* case c <- *elem */
    GORT_SELECT_RECV = 2, /* case *elem, ok = <-c */
};

/* One case of a select.  Build it with gort_case_send/gort_case_recv. */
typedef struct gort_select_case {
    gort_chan *c; /* NULL: a case that never proceeds, as in Go */
    int dir;      /* GORT_SELECT_SEND or GORT_SELECT_RECV */
    void *elem;   /* send: the value (NULL: zero); receive: where to store
                     it (NULL: discard) */
    bool ok;      /* out, for the chosen receive: true if a value arrived,
                     false if c was closed */
} gort_select_case;

static inline gort_select_case gort_case_send(gort_chan *c, const void *elem) {
    gort_select_case k = {c, GORT_SELECT_SEND, (void *)(uintptr_t)elem, false};
    return k;
}
static inline gort_select_case gort_case_recv(gort_chan *c, void *elem) {
    gort_select_case k = {c, GORT_SELECT_RECV, elem, false};
    return k;
}

/*
 * select over cases[0..n).  If some cases can proceed, one of them, chosen
 * uniformly at random, proceeds and its index is returned.  If none can,
 * block == false returns -1 (the default case) and block == true waits
 * until one can.  A chosen send on a closed channel panics with "send on
 * closed channel".  n == 0 with block == true blocks forever (select {}).
 */
int gort_select(gort_select_case *cases, int n, bool block);

/*
 * time.After(ns): a new channel (capacity 1, element int64_t) that receives
 * the wall-clock time (gort_now()) once ns nanoseconds have passed.  The
 * timer's send never blocks.  Goroutine only.
 */
gort_chan *gort_after(int64_t ns);

/* ===================================================================== */
/* sync                                                                   */
/* ===================================================================== */

/*
 * Go's package sync.  Every type is usable zero-initialised, exactly like
 * its Go counterpart (`gort_mutex mu = {0};`, or a zeroed field of a heap
 * object), and must not be copied after first use.  Blocking parks the
 * goroutine on the runtime's semaphore table; no call here ever blocks an
 * OS thread.  Lock/Unlock style calls are "goroutine only" when they have
 * to wait (the uncontended fast paths work anywhere).
 *
 * The state words are public so that the fast paths can be inline (one
 * atomic instruction, as in Go) and so that tests and teaching tools can
 * look at them; change them only through the functions.
 */

/* sync.Mutex.  state: bit 0 locked, bit 1 woken (a waiter was woken and is
 * competing, so Unlock need not wake another), bit 2 starving (lock is
 * handed FIFO to waiters), bits 3.. the number of waiters. */
typedef struct gort_mutex {
    int32_t state; /* atomic */
    uint32_t sema; /* semaphore the waiters park on */
} gort_mutex;

#define GORT_MUTEX_INIT {0, 0}
#define GORT_MUTEX_LOCKED 1
#define GORT_MUTEX_WOKEN 2
#define GORT_MUTEX_STARVING 4
#define GORT_MUTEX_WAITER_SHIFT 3

/* Slow paths of the inline functions below; not for direct use. */
void gort_mutex_lock_slow(gort_mutex *m);
void gort_mutex_unlock_slow(gort_mutex *m, int32_t newstate);

/* m.Lock().  One CAS when uncontended; otherwise spins briefly (multicore,
 * owner running) and then parks ("sync.Mutex.Lock"). */
static inline void gort_mutex_lock(gort_mutex *m) {
    int32_t z = 0;
    if (__builtin_expect(__atomic_compare_exchange_n(&m->state, &z,
                                                     GORT_MUTEX_LOCKED, false,
                                                     __ATOMIC_ACQUIRE,
                                                     __ATOMIC_RELAXED),
                         1))
        return;
    gort_mutex_lock_slow(m);
}

/* m.TryLock(): true if it acquired the lock.  Never blocks. */
bool gort_mutex_trylock(gort_mutex *m);

/* m.Unlock().  Unlocking an unlocked mutex is a fatal error
 * ("fatal error: sync: unlock of unlocked mutex").  Any goroutine may
 * unlock a mutex another one locked, as in Go. */
static inline void gort_mutex_unlock(gort_mutex *m) {
    int32_t n = __atomic_sub_fetch(&m->state, GORT_MUTEX_LOCKED,
                                   __ATOMIC_RELEASE);
    if (__builtin_expect(n != 0, 0)) gort_mutex_unlock_slow(m, n);
}

/* sync.RWMutex.  reader_count is the number of readers, minus 1<<30 while
 * a writer is pending or holding the lock; reader_wait is the number of
 * readers the pending writer still waits for. */
typedef struct gort_rwmutex {
    gort_mutex w;           /* held by writers */
    uint32_t writer_sem;    /* the writer waits here for departing readers */
    uint32_t reader_sem;    /* readers wait here for the writer */
    int32_t reader_count;   /* atomic */
    int32_t reader_wait;    /* atomic */
} gort_rwmutex;

#define GORT_RWMUTEX_INIT {GORT_MUTEX_INIT, 0, 0, 0, 0}
#define GORT_RWMUTEX_MAX_READERS (1 << 30)

void gort_rwmutex_rlock_slow(gort_rwmutex *rw);
void gort_rwmutex_runlock_slow(gort_rwmutex *rw, int32_t r);

/* rw.RLock(): blocks ("sync.RWMutex.RLock") while a writer holds or waits
 * for the lock, so a stream of readers cannot starve a writer. */
static inline void gort_rwmutex_rlock(gort_rwmutex *rw) {
    if (__builtin_expect(__atomic_add_fetch(&rw->reader_count, 1,
                                            __ATOMIC_ACQUIRE) < 0,
                         0))
        gort_rwmutex_rlock_slow(rw);
}

/* rw.RUnlock().  Fatal error "sync: RUnlock of unlocked RWMutex" if not
 * read-locked. */
static inline void gort_rwmutex_runlock(gort_rwmutex *rw) {
    int32_t r = __atomic_sub_fetch(&rw->reader_count, 1, __ATOMIC_RELEASE);
    if (__builtin_expect(r < 0, 0)) gort_rwmutex_runlock_slow(rw, r);
}

bool gort_rwmutex_tryrlock(gort_rwmutex *rw);
/* rw.Lock(): waits for the writer mutex, announces itself (new readers
 * now block), then waits ("sync.RWMutex.Lock") for active readers. */
void gort_rwmutex_lock(gort_rwmutex *rw);
bool gort_rwmutex_trylock(gort_rwmutex *rw);
/* rw.Unlock(): readers blocked meanwhile all proceed, then the writer
 * mutex is released.  Fatal error "sync: Unlock of unlocked RWMutex". */
void gort_rwmutex_unlock(gort_rwmutex *rw);

/* sync.WaitGroup.  state: the counter in the high 32 bits, the number of
 * waiters in the low 32 bits. */
typedef struct gort_waitgroup {
    uint64_t state; /* atomic */
    uint32_t sema;
} gort_waitgroup;

#define GORT_WAITGROUP_INIT {0, 0}

/* wg.Add(delta).  Panics "sync: negative WaitGroup counter" if the counter
 * drops below zero, and "sync: WaitGroup misuse: Add called concurrently
 * with Wait" on the misuse Go detects.  Reaching zero releases every
 * waiter. */
void gort_waitgroup_add(gort_waitgroup *wg, int delta);
/* wg.Done() == wg.Add(-1). */
void gort_waitgroup_done(gort_waitgroup *wg);
/* wg.Wait(): returns at once if the counter is zero, else parks
 * ("sync.WaitGroup.Wait").  Panics "sync: WaitGroup is reused before
 * previous Wait has returned" on that misuse. */
void gort_waitgroup_wait(gort_waitgroup *wg);

/* sync.Once. */
typedef struct gort_once {
    uint32_t done; /* atomic: 1 once fn has returned (or panicked) */
    gort_mutex m;
} gort_once;

#define GORT_ONCE_INIT {0, GORT_MUTEX_INIT}

void gort_once_do_slow(gort_once *o, gort_func fn, void *arg);

/* once.Do(fn): the first call runs fn(arg); every call returns only after
 * that run finished.  A panic in fn counts as finished, as in Go. */
static inline void gort_once_do(gort_once *o, gort_func fn, void *arg) {
    if (__builtin_expect(__atomic_load_n(&o->done, __ATOMIC_ACQUIRE) == 0, 0))
        gort_once_do_slow(o, fn, arg);
}

/* sync.Cond on a gort_mutex.  The notify list is a ticket queue (see
 * sema.c): wait/notify are ticket counters, head/tail the parked waiters. */
typedef struct gort_cond {
    gort_mutex *L;        /* held while observing or changing the condition */
    struct {
        uint32_t wait;    /* atomic: next ticket to hand out */
        uint32_t notify;  /* atomic: next ticket to notify */
        uint32_t lock;    /* runtime lock of the list */
        void *head, *tail;
    } notify;
    uintptr_t checker;    /* its own address once used: detects copies */
} gort_cond;

#define GORT_COND_INIT(mu) {(mu), {0, 0, 0, NULL, NULL}, 0}

/* c = sync.NewCond(L) for a cond that is not statically initialised. */
void gort_cond_init(gort_cond *c, gort_mutex *L);
/* c.Wait(): unlocks c->L, parks ("sync.Cond.Wait") until Signal or
 * Broadcast, relocks c->L.  Goroutine only.  Panics "sync.Cond is copied"
 * if the struct was copied after first use. */
void gort_cond_wait(gort_cond *c);
/* c.Signal(): wakes one waiter, if any. */
void gort_cond_signal(gort_cond *c);
/* c.Broadcast(): wakes every waiter. */
void gort_cond_broadcast(gort_cond *c);

/*
 * sync.Pool: a per-P cache of reusable objects.  Put and Get touch only the
 * calling P's slots (no lock, no shared cache line) in the common case.  At
 * every garbage collection the pool's contents move to a victim cache and
 * the previous victim cache is dropped, so an object survives at most two
 * cycles unused.  Objects put in a pool should be GC heap objects
 * (gort_new): a dropped object is simply garbage.  new_fn, if set, makes a
 * value when the pool is empty (Go's Pool.New).  A used pool stays
 * registered with the runtime until two collections after its last use, so
 * it must not live on a stack: make it static, or allocate it with
 * gort_new(&gort_type_pool).
 */
typedef struct gort_pool {
    void *(*new_fn)(void *new_arg); /* optional */
    void *new_arg;
    void *local;          /* atomic: per-P array, [local_size] */
    uintptr_t local_size; /* atomic */
    void *victim;         /* the local array of the previous cycle */
    uintptr_t victim_size;
} gort_pool;

#define GORT_POOL_INIT(fn, arg) {(fn), (arg), NULL, 0, NULL, 0}

/* p.Put(x).  x == NULL is ignored. */
void gort_pool_put(gort_pool *p, void *x);
/* p.Get(): some pooled object (removed from the pool), else new_fn's
 * result, else NULL. */
void *gort_pool_get(gort_pool *p);

/*
 * sync.Map: a concurrent map optimised for keys written once and read many
 * times, or for goroutines touching disjoint keys.  Loads of keys present
 * in the read-only part take no lock.
 *
 * Keys: with key_type == NULL (the zero value) a key is the pointer-sized
 * word passed as `key` itself (an integer or an identity pointer), compared
 * by value.  With key_type set (before first use), `key` points to a value
 * of that type, which the map copies; it is hashed and compared with
 * key_type->hash / ->equal (raw memory when those are NULL).  Values are
 * pointer-sized words (NULL allowed).
 *
 * The map and what it points to live on the GC heap: keep a gort_syncmap
 * where the collector sees it (a goroutine stack, a GC object, a registered
 * root), as for any structure holding GC pointers.
 */
typedef struct gort_syncmap {
    const gort_type *key_type; /* NULL: word keys; set before first use */
    gort_mutex mu;             /* guards dirty and misses */
    void *read;                /* atomic: the read-only snapshot */
    void *dirty;               /* under mu: the dirty table or NULL */
    intptr_t misses;           /* under mu */
} gort_syncmap;

#define GORT_SYNCMAP_INIT {NULL, GORT_MUTEX_INIT, NULL, NULL, 0}

/* v, ok := m.Load(key) */
bool gort_syncmap_load(gort_syncmap *m, const void *key, void **value);
/* m.Store(key, value) */
void gort_syncmap_store(gort_syncmap *m, const void *key, void *value);
/* actual, loaded := m.LoadOrStore(key, value); actual may be NULL. */
bool gort_syncmap_load_or_store(gort_syncmap *m, const void *key, void *value,
                                void **actual);
/* v, loaded := m.LoadAndDelete(key); value may be NULL. */
bool gort_syncmap_load_and_delete(gort_syncmap *m, const void *key,
                                  void **value);
/* m.Delete(key) */
void gort_syncmap_delete(gort_syncmap *m, const void *key);
/* m.Range(f): calls f for each key until it returns false.  No key is
 * visited twice; concurrent stores may or may not be seen.  `key` is the
 * word (NULL key_type) or a pointer to the map's copy of the key. */
void gort_syncmap_range(gort_syncmap *m,
                        bool (*f)(const void *key, void *value, void *arg),
                        void *arg);

/* Descriptors of the two structs that hold GC pointers, for allocating
 * them with gort_new (a Pool or Map on the GC heap). */
extern const gort_type gort_type_pool, gort_type_syncmap;

/*
 * sync/atomic for pointers into the GC heap.  C11 atomics serve every other
 * case (use <stdatomic.h> or the __atomic builtins on plain fields); these
 * add the collector's write barrier that a pointer store needs, as Go's
 * atomic.StorePointer and friends do.  Sequentially consistent.
 */
void gort_atomic_store_pointer(void **slot, void *v);
void *gort_atomic_swap_pointer(void **slot, void *v);
bool gort_atomic_cas_pointer(void **slot, void *old, void *v);

/* ===================================================================== */
/* time: timers, tickers, AfterFunc                                       */
/* ===================================================================== */

/*
 * Go's time.Timer, time.Ticker and time.AfterFunc on the runtime's per-P
 * timer heaps (O(log n) to add or remove, nothing runs until one is due).
 * A timer's channel has capacity 1 and element int64_t: it receives the
 * wall-clock time (gort_now()) at which the timer fired.
 *
 *     Go                               C
 *     --                               -
 *     t := time.NewTimer(d)            t = gort_timer_make(d)
 *     <-t.C                            gort_chan_recv(gort_timer_chan(t), &now)
 *     t.Stop()                         gort_timer_stop(t)
 *     t.Reset(d)                       gort_timer_reset(t, d)
 *     time.AfterFunc(d, f)             gort_after_func(d, f, arg)
 *     tk := time.NewTicker(d)          tk = gort_ticker_make(d)
 *     tk.Stop(); tk.Reset(d)           gort_ticker_stop(tk); gort_ticker_reset(tk, d)
 *     time.Tick(d)                     gort_tick(d)
 *
 * Durations are nanoseconds (GORT_MILLISECOND, ...).  Timers live on the GC
 * heap; dropping one that is still pending is fine (it fires, nobody
 * listens), as in Go.
 */
typedef struct gort_timer gort_timer;
typedef struct gort_ticker gort_ticker;

/* time.NewTimer(d): fires once after d (d <= 0: at once).  Goroutine only. */
gort_timer *gort_timer_make(int64_t ns);
/* t.C; NULL for a timer made by gort_after_func. */
gort_chan *gort_timer_chan(gort_timer *t);
/* t.Stop(): true if this call stopped the timer (its value was not and will
 * not be sent; fn will not run), false if it had already fired or been
 * stopped.  Does not drain t.C. */
bool gort_timer_stop(gort_timer *t);
/* t.Reset(d): re-arms t to fire after d; true if it was still pending.
 * As in Go, reset only stopped or drained timers: a value already in t.C
 * stays there. */
bool gort_timer_reset(gort_timer *t, int64_t ns);
/* time.AfterFunc(d, f): after d, runs fn(arg) in its own goroutine.
 * gort_timer_stop / gort_timer_reset apply. */
gort_timer *gort_after_func(int64_t ns, gort_func fn, void *arg);

/* time.NewTicker(d): sends the time every d; a slow receiver loses ticks
 * (the channel holds one) but the schedule never drifts.  d <= 0 panics
 * with the error "non-positive interval for NewTicker".  Goroutine only. */
gort_ticker *gort_ticker_make(int64_t ns);
gort_chan *gort_ticker_chan(gort_ticker *t);
/* tk.Stop(): no more ticks (one may already wait in the channel). */
void gort_ticker_stop(gort_ticker *t);
/* tk.Reset(d): stops and restarts with period d; d <= 0 panics with
 * "non-positive interval for Ticker.Reset". */
void gort_ticker_reset(gort_ticker *t, int64_t ns);
/* time.Tick(d): a ticker's channel that is never stopped; NULL if d <= 0. */
gort_chan *gort_tick(int64_t ns);

/* ===================================================================== */
/* defer / panic / recover                                                */
/* ===================================================================== */

/*
 * Go's defer, panic and recover for C functions (docs/panic.md).  A
 * function that defers work opens a frame; the frame's jmp_buf goes on the
 * goroutine's frame stack, so a panic can find every pending deferred call
 * and a recover can resume the frame that deferred it.
 *
 *     Go                                  C
 *     --                                  -
 *     func f() (n int) {                  int f(void) {
 *                                             volatile int n = 0;
 *                                             GORT_FRAME_BEGIN(fr);
 *         defer unlock(mu)                    gort_defer(unlock, mu);
 *         if bad { return 1 }                 if (bad) { n = 1; GORT_FRAME_LEAVE(fr); }
 *         n = work()                          n = work();
 *         return                              GORT_FRAME_END(fr);
 *     }                                       return n;
 *                                         }
 *     panic("boom")                       gort_panic_str("boom")
 *     panic(fmt.Sprintf(...))             gort_panicf(fmt, ...)
 *     panic(err)                          gort_panic(gort_any_error(err))
 *     r := recover()                      gort_any r = gort_recover()
 *     runtime.Goexit()                    gort_goexit()
 *     errors.New(s), fmt.Errorf(...)      gort_error_new(s), gort_errorf(...)
 *
 * The rules, which the runtime checks where it can:
 *  - Deferred calls run last-in first-out when control reaches
 *    GORT_FRAME_END, or when a panic passes through the frame.
 *  - Leave a frame only through GORT_FRAME_END: fall through to it, jump
 *    to it with GORT_FRAME_LEAVE, or use GORT_FRAME_RETURN /
 *    GORT_FRAME_RETURN_VOID.  A plain return (or goto, or break) out of the
 *    frame leaves it on the frame stack; the next frame operation of the
 *    goroutine notices and stops the program with a fatal error.
 *  - When a deferred call of the frame recovers a panic, execution resumes
 *    at GORT_FRAME_END (the frame's remaining deferred calls run) and
 *    continues after it: the function "returns normally", as in Go.  Keep
 *    results in variables declared before GORT_FRAME_BEGIN and return them
 *    after GORT_FRAME_END.
 *  - setjmp's rule: a local variable that is changed after
 *    GORT_FRAME_BEGIN and read after a recovery must be volatile.
 *  - gort_recover returns the panic value only when the deferred function
 *    itself (the fn given to gort_defer) calls it while a panic is running
 *    that call; anywhere else it returns nil, as Go's recover does.
 * Frames, gort_defer, gort_panic and gort_recover are goroutine only.
 */

/* An interface value, Go's any / eface: a type and a pointer to a value of
 * that type.  type == NULL is nil. */
typedef struct gort_any {
    const gort_type *type;
    const void *data;
} gort_any;

#define GORT_NIL ((gort_any){NULL, NULL})

static inline bool gort_any_isnil(gort_any v) { return v.type == NULL; }

/* An any that points at value (not copied: it must outlive the any). */
static inline gort_any gort_any_of(const gort_type *t, const void *value) {
    gort_any v = {t, value};
    return v;
}

/* An any holding a heap copy of *value (t->size bytes). */
gort_any gort_box(const gort_type *t, const void *value);
/* An any holding an int (gort_type_int; data points to an int64_t). */
gort_any gort_any_int(int64_t n);
/* An any holding a string (gort_type_string; data points to a gort_string
 * whose bytes are a heap copy of s). */
gort_any gort_any_string(const char *s);

/*
 * Writes v as an unrecovered panic prints it: the text of an error,
 * format() of a type that has one, Go's print() form for the built-in
 * types ("42", "+1.500000e+000"), T(value) for other scalar types
 * ("main.Celsius(20)"), "(T) 0xADDR" for anything else, "nil" for nil.
 * snprintf conventions: at most n bytes with the NUL, returns the length
 * it wanted.
 */
int gort_any_format(gort_any v, char *buf, size_t n);

/*
 * Errors: Go's error interface.  An error value is a struct whose first
 * member is a gort_error; its type has kind GORT_KIND_ERROR and a format
 * function that writes the Error() text, given a pointer to the struct:
 *
 *     typedef struct { gort_error e; int code; } http_error;
 *     static int http_error_text(char *b, size_t n, const void *v) {
 *         return snprintf(b, n, "http %d", ((const http_error *)v)->code);
 *     }
 *     static const gort_type http_error_type = {
 *         .size = sizeof(http_error), .align = _Alignof(http_error),
 *         .name = "*main.httpError", .kind = GORT_KIND_ERROR,
 *         .format = http_error_text};
 */
typedef struct gort_error {
    const gort_type *type; /* the dynamic type: kind GORT_KIND_ERROR */
} gort_error;

/* errors.New(msg): type "*errors.errorString". */
gort_error *gort_error_new(const char *msg);
/* fmt.Errorf(format, ...) without %w: also a "*errors.errorString". */
gort_error *gort_errorf(const char *format, ...) GORT_PRINTF(1, 2);
/* err.Error() as a NUL-terminated heap string. */
const char *gort_error_message(const gort_error *err);
/* The error as an any ({err->type, err}); NULL gives nil. */
gort_any gort_any_error(gort_error *err);
/* v.(error): the error v holds, or NULL if v is nil or not an error. */
gort_error *gort_any_to_error(gort_any v);
/* v.(runtime.Error): true for the runtime's own panics ("runtime error:
 * index out of range ...", "send on closed channel", ...). */
bool gort_error_is_runtime(const gort_error *err);

/*
 * A deferred call.  The first GORT_FRAME_INLINE_DEFERS of a frame live in
 * the frame itself; more come from a per-P pool.  Fields are the runtime's.
 */
struct rt_panic;
typedef struct gort_defer_rec {
    gort_func fn;                /* the call: fn(arg) */
    void *arg;
    void *tag;                   /* interpreters: the script frame that
                                    deferred it (gort_frame_defer) */
    struct gort_defer_rec *link; /* next older deferred call of the frame */
    struct rt_panic *panic;      /* panic or Goexit running it, or NULL */
    unsigned char started;       /* a panic or Goexit has called it */
    unsigned char pooled;        /* from the per-P pool */
    unsigned char unwinder;      /* an interpreter's unwinder: a newer
                                    panic finding it started calls it
                                    again (gort_frame_defer_unwinder) */
} gort_defer_rec;

#define GORT_FRAME_INLINE_DEFERS 2

/*
 * A frame: one per function activation that defers (a local variable, never
 * static or heap).  Fields are the runtime's, except jb, which
 * GORT_FRAME_BEGIN sets with setjmp, and resume, which an interpreter may
 * set (see "Interpreters" below).
 */
typedef struct gort_frame {
    union {
        jmp_buf jb;            /* where a recovery resumes this frame */
        void *fastjb[5];       /* the same, for __builtin_setjmp */
    };
    int fast;                  /* set by GORT_FRAME_BEGIN: fastjb is used */
    jmp_buf *resume;           /* if set, a recovery longjmps here instead */
    void *resume_tag;          /* set by a recovery: tag of the deferred
                                  call that recovered */
    struct gort_frame *link;   /* next outer frame of the goroutine */
    gort_defer_rec *defers;    /* pending deferred calls, newest first */
    void *g;                   /* owning goroutine */
    uintptr_t sp;              /* stack pointer of the owning function */
    uintptr_t cookie;          /* open-frame check, set while linked */
    unsigned ninline;          /* inline records in use */
    gort_defer_rec inl[GORT_FRAME_INLINE_DEFERS];
} gort_frame;

/* Links f as the goroutine's innermost frame.  f->jb must be set (setjmp)
 * before the first deferred call, or f->resume.  Use GORT_FRAME_BEGIN.
 * Declared returns_twice (it returns once) so that compilers treat the
 * function that opens a frame as they treat one that calls setjmp: in
 * particular they never inline it into its caller, which would make the
 * caller's locals subject to setjmp's rules. */
#if defined(__GNUC__)
__attribute__((returns_twice))
#endif
void gort_frame_push(gort_frame *f);
/* Runs f's pending deferred calls, newest first, and unlinks f.  f must be
 * the innermost frame.  Use GORT_FRAME_END. */
void gort_frame_end(gort_frame *f);

/*
 * The setjmp GORT_FRAME_BEGIN uses.  GCC's and Clang's __builtin_setjmp
 * stores three words (no signal mask, no pointer mangling) and costs a
 * fraction of libc's; sanitizers only understand libc's setjmp/longjmp,
 * so instrumented code uses that.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define GORT_SANITIZED_ 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define GORT_SANITIZED_ 1
#endif
#if !defined(GORT_SANITIZED_) && !defined(__cplusplus) &&                      \
    (defined(__x86_64__) || (defined(__aarch64__) && !defined(__clang__)))
#define GORT_FRAME_SETJMP_(f) ((f).fast = 1, __builtin_setjmp((f).fastjb))
#else
#define GORT_FRAME_SETJMP_(f) setjmp((f).jb)
#endif

/* Opens frame `name` in the current function. */
#define GORT_FRAME_BEGIN(name)                                                 \
    gort_frame name;                                                           \
    gort_frame_push(&name);                                                    \
    if (GORT_FRAME_SETJMP_(name) != 0)                                         \
    goto gort_frame_end_##name

/* Closes frame `name`: runs its deferred calls.  A recovery lands here. */
#define GORT_FRAME_END(name)                                                   \
    gort_frame_end_##name : gort_frame_end(&name)

/* Jumps to GORT_FRAME_END(name) (Go's bare return in a function with
 * named results). */
#define GORT_FRAME_LEAVE(name) goto gort_frame_end_##name

/* return value, running the frame's deferred calls first.  value is
 * evaluated before they run, as Go evaluates a return's operands. */
#ifdef __cplusplus
#define GORT_FRAME_RETURN(name, value)                                         \
    do {                                                                       \
        auto gort_ret_ = (value);                                              \
        gort_frame_end(&name);                                                 \
        return gort_ret_;                                                      \
    } while (0)
#else
#define GORT_FRAME_RETURN(name, value)                                         \
    do {                                                                       \
        __auto_type gort_ret_ = (value);                                       \
        gort_frame_end(&name);                                                 \
        return gort_ret_;                                                      \
    } while (0)
#endif
#define GORT_FRAME_RETURN_VOID(name)                                           \
    do {                                                                       \
        gort_frame_end(&name);                                                 \
        return;                                                                \
    } while (0)

/* defer fn(arg) in the goroutine's innermost frame.  fn(arg) runs when the
 * frame ends or a panic passes through it.  No allocation for a frame's
 * first GORT_FRAME_INLINE_DEFERS calls; a per-P pool after that. */
void gort_defer(gort_func fn, void *arg);

/* panic(v): runs the goroutine's deferred calls, innermost first, until
 * one recovers.  Unrecovered, prints "panic: <v>" (gort_any_format), the
 * goroutine's backtrace, and exits the process with status 2 — whichever
 * goroutine panicked. */
GORT_NORETURN void gort_panic(gort_any v);
/* panic(msg) with a string value (msg is copied). */
GORT_NORETURN void gort_panic_str(const char *msg);
/* panic(fmt.Sprintf(format, ...)). */
GORT_NORETURN void gort_panicf(const char *format, ...) GORT_PRINTF(1, 2);
/* panic with a runtime.Error: "runtime error: " + the formatted message,
 * for code that checks Go's rules itself (an interpreter's bounds check). */
GORT_NORETURN void gort_panic_runtime(const char *format, ...)
    GORT_PRINTF(1, 2);
/* panic with a runtime.Error whose text has no "runtime error: " prefix,
 * as Go's *runtime.TypeAssertionError ("interface conversion: ..."). */
GORT_NORETURN void gort_panic_plainerror(const char *format, ...)
    GORT_PRINTF(1, 2);
/* The nil dereference panic of a fault at addr (an interpreter's explicit
 * check): "runtime error: invalid memory address or nil pointer
 * dereference", and Go's "[signal SIGSEGV: segmentation violation
 * code=0x1 addr=0x0 pc=...]" line if it goes unrecovered. */
GORT_NORETURN void gort_panic_nil(uintptr_t addr, uintptr_t pc);
/* Formats v as Go's print/println and panic messages do ("+1.500000e+000",
 * "NaN", "+Inf", "-Inf") into buf, without a terminating NUL; returns the
 * length, at most GORT_PRINTFLOAT_MAX.  Any thread, no runtime needed. */
#define GORT_PRINTFLOAT_MAX 14
size_t gort_printfloat(double v, char *buf);

/*
 * recover(): called directly by a deferred function while a panic is
 * running it, stops the panic and returns its value; nil otherwise (also
 * during Goexit).  After the deferred function returns, the frame that
 * deferred it resumes at GORT_FRAME_END.
 *
 * "Directly" is checked on the machine stack (the caller's frame must be
 * the one the panic called) and, because a C compiler may inline a helper
 * into its caller or turn a call into a jump, by name: the macro passes
 * __func__, which must be the deferred function's name.  The function form
 * (gort_recover)() checks only the stack.
 */
gort_any gort_recover_from(const char *func);
gort_any(gort_recover)(void);
#define gort_recover() gort_recover_from(__func__)

/*
 * Interpreters.  A VM that runs many script frames in one C function opens
 * one gort_frame for them (it may also set f->resume to a jmp_buf inside
 * its dispatch loop), and defers each script-level call with a tag naming
 * the script frame.  On recovery the runtime longjmps to *f->resume (or
 * f->jb) with value 1 and f->resume_tag set to the tag of the deferred call
 * that recovered: the VM unwinds its own stack to that script frame, runs
 * that frame's remaining deferred calls with gort_frame_run_defers, and
 * returns from it normally.  Deferred calls of frames below it already ran;
 * those of frames above it stay pending.
 */
void gort_frame_defer(gort_frame *f, gort_func fn, void *arg, void *tag);
/* Runs (newest first) the pending deferred calls of f whose tag is tag, as
 * long as they are the newest: a script frame's deferreturn. */
void gort_frame_run_defers(gort_frame *f, void *tag);
/* recover() on behalf of a deferred call the VM runs: the VM has checked
 * that the script function calling recover is the deferred one.  Returns
 * nil unless a panic (not a Goexit) is running a deferred call and has not
 * been recovered. */
gort_any gort_recover_unchecked(void);
/* Adds to f an interpreter's unwinder: fn(arg) runs the deferred calls of
 * every script frame f covers, as Go's open-coded defer frames are run.
 * It differs from gort_frame_defer in one way: a panic raised inside a
 * script deferred call that the unwinder runs finds the unwinder started;
 * it marks the older panic aborted, as for any record, but then calls the
 * unwinder again instead of dropping it, so the script frames' remaining
 * deferred calls run for the new panic. */
void gort_frame_defer_unwinder(gort_frame *f, gort_func fn, void *arg);
/* Whether the calling goroutine's newest panic has been recovered (by a
 * deferred call that has not yet returned to the panic): an unwinder asks
 * after each script deferred call, since recover(nil) returns nil too. */
bool gort_recovered(void);

/*
 * A protected call, in the spirit of lua_pcall: runs fn(arg) as gort_call
 * does, but a panic that nothing inside fn recovers comes back to the
 * caller instead of ending the process, and the runtime stays usable.
 * Every deferred call inside fn has run by then, as for any panic.
 *
 *   from a thread that is not a goroutine: fn runs on a new goroutine and
 *     the thread blocks until it ends.  If fn calls gort_goexit, that
 *     goroutine ends after its deferred calls: GORT_PCALL_GOEXIT.
 *   from a goroutine: fn runs on the calling goroutine, wrapped as Go's
 *     `func() (r any) { defer func() { r = recover() }(); fn(arg) }`.
 *     gort_goexit inside fn ends the calling goroutine (Goexit cannot be
 *     stopped, as in Go), so that status never comes back.
 *
 * A fatal error (a throw, a deadlock, "concurrent map writes") still ends
 * the process.  pi may be NULL; otherwise it is always written (zeroed on
 * success) and, after GORT_PCALL_PANIC, must be released with
 * gort_panic_info_free.
 */
typedef enum gort_pcall_status {
    GORT_PCALL_OK = 0,     /* fn returned (or recovered its own panics) */
    GORT_PCALL_PANIC = 1,  /* fn panicked; *pi describes the panic */
    GORT_PCALL_GOEXIT = 2, /* fn called gort_goexit (thread callers only) */
} gort_pcall_status;

typedef struct gort_panic_info {
    gort_any value;        /* recover()'s value: the newest panic's; kept
                              alive (a registered root) until
                              gort_panic_info_free */
    char *message;         /* malloc'd: the lines an unrecovered panic
                              prints, "panic: boom\n" (nested panics:
                              "panic: first\n\tpanic: second\n") */
    char *traceback;       /* malloc'd: "goroutine N [running]:" and the
                              frames from the panic down, or NULL */
    int rooted_;           /* the runtime's */
} gort_panic_info;

gort_pcall_status gort_pcall(gort_func fn, void *arg, gort_panic_info *pi);
/* Releases what gort_pcall put in *pi (the root, the strings); zeroes it. */
void gort_panic_info_free(gort_panic_info *pi);

/* ===================================================================== */
/* context                                                                */
/* ===================================================================== */

/*
 * Go's package context.  A context carries a cancellation signal, maybe a
 * deadline, and values down a tree of calls and goroutines; canceling a
 * context cancels everything derived from it.
 *
 *     Go                                    C
 *     --                                    -
 *     ctx := context.Background()           ctx = gort_context_background()
 *     ctx, cancel := context.WithCancel(p)  ctx = gort_context_with_cancel(p, &cancel)
 *     cancel()                              gort_cancel(cancel)
 *     context.WithTimeout(p, d)             gort_context_with_timeout(p, d, &cancel)
 *     context.WithDeadline(p, t)            gort_context_with_deadline(p, t, &cancel)
 *     context.WithValue(p, k, v)            gort_context_with_value(p, &k, v)
 *     <-ctx.Done()                          gort_chan_recv(gort_context_done(ctx), NULL)
 *     ctx.Err() == context.Canceled         gort_context_err(ctx) == &gort_context_canceled
 *     ctx.Value(k)                          gort_context_value(ctx, &k)
 *
 * Times are wall-clock nanoseconds (gort_now()); durations nanoseconds.
 * Contexts live on the GC heap; as in Go, call the cancel function when the
 * work is done, so the context and its timer are released at once.
 */
typedef struct gort_context gort_context;
typedef struct gort_cancel_fn *gort_cancel_func;

/* context.Canceled ("context canceled") and context.DeadlineExceeded
 * ("context deadline exceeded"): compare Err() results by address. */
extern gort_error gort_context_canceled, gort_context_deadline_exceeded;

/* context.Background() / context.TODO(): never canceled, no values. */
gort_context *gort_context_background(void);
gort_context *gort_context_todo(void);

/* context.WithCancel(parent): a child canceled by *cancel (which may be
 * NULL if unused) or when parent is.  Goroutine only. */
gort_context *gort_context_with_cancel(gort_context *parent,
                                       gort_cancel_func *cancel);
/* context.WithCancelCause(parent): cancel it with gort_cancel_cause. */
gort_context *gort_context_with_cancel_cause(gort_context *parent,
                                             gort_cancel_func *cancel);
/* cancel(): cancels with gort_context_canceled; later calls do nothing. */
void gort_cancel(gort_cancel_func cancel);
/* cancel(cause): as gort_cancel, recording cause (NULL: Canceled) for
 * gort_context_cause. */
void gort_cancel_cause(gort_cancel_func cancel, gort_error *cause);

/* context.WithDeadline(parent, d): also canceled, with
 * gort_context_deadline_exceeded, when the wall clock reaches deadline. */
gort_context *gort_context_with_deadline(gort_context *parent,
                                         int64_t deadline,
                                         gort_cancel_func *cancel);
/* context.WithTimeout(parent, d) == WithDeadline(parent, now + d). */
gort_context *gort_context_with_timeout(gort_context *parent, int64_t ns,
                                        gort_cancel_func *cancel);
/* context.WithValue(parent, key, val).  Keys are compared by address: use
 * the address of a static variable.  key NULL panics ("nil key"). */
gort_context *gort_context_with_value(gort_context *parent, const void *key,
                                      void *val);

/* ctx.Done(): closed when ctx is canceled; NULL (a nil channel, which
 * blocks forever) for a context that can never be canceled. */
gort_chan *gort_context_done(gort_context *ctx);
/* ctx.Err(): NULL, &gort_context_canceled or
 * &gort_context_deadline_exceeded. */
gort_error *gort_context_err(gort_context *ctx);
/* context.Cause(ctx): the cause given to gort_cancel_cause, else Err(). */
gort_error *gort_context_cause(gort_context *ctx);
/* deadline, ok := ctx.Deadline() */
bool gort_context_deadline(gort_context *ctx, int64_t *deadline);
/* ctx.Value(key): the innermost value for key, or NULL. */
void *gort_context_value(gort_context *ctx, const void *key);

/* ===================================================================== */
/* Maps                                                                   */
/* ===================================================================== */

/*
 * Go's built-in map (docs/maps.md): a hash table of 8-slot buckets on the
 * GC heap that grows incrementally.  Keys and values are copied in and
 * out through pointers and typed by their gort_type.
 *
 *     Go                           C
 *     --                           -
 *     m := make(map[K]V, n)        m = gort_map_make(&K_type, &V_type, n)
 *     v := m[k]                    v = *(V *)gort_map_access(m, &k)
 *     v, ok := m[k]                p = gort_map_access2(m, &k, &ok)
 *     m[k] = v                     *(V *)gort_map_assign(m, &k) = v  (scalars)
 *                                  gort_map_store(m, &k, &v)  (any V)
 *     delete(m, k)                 gort_map_delete(m, &k)
 *     len(m)                       gort_map_len(m)
 *     for k, v := range m { }      gort_map_iter it; gort_map_iter_init(m, &it);
 *                                  while (gort_map_iter_next(&it)) {
 *                                      use it.key, it.elem }
 *     clear(m)                     gort_map_clear(m)
 *     m[i] with i int64/uint64     gort_map_access_fast64(m, i), _assign_, ...
 *
 * Keys: hashed by type.  Strings by their bytes; floats so that +0 == -0
 * and NaN != NaN (every NaN key is a new entry, and never found again);
 * gort_any (GORT_KIND_INTERFACE) by the dynamic type, panicking with
 * "runtime error: hash of unhashable type T" for slices, maps, funcs and
 * types whose hash is gort_hash_unhashable; a type with its own hash/equal
 * (structs with strings or padding) through those; everything else as raw
 * memory of t->size bytes.
 *
 * NULL is the nil map: reads find nothing (a zero value), len is 0,
 * delete does nothing, assigning panics with "assignment to entry in nil
 * map".  A map is not safe for concurrent use: any number of readers, or
 * one writer.  A write during another write is the fatal error
 * "concurrent map writes"; a read during a write, "concurrent map read and
 * map write" (detected on a best-effort basis, as in Go).
 *
 * Pointers returned by access/assign point into the map and stay valid
 * only until the next write to it.  A value that holds GC pointers must
 * be stored through gort_map_store (or gort_store_ptr/gort_typedmemmove
 * into the slot), never with a plain C assignment.  A gort_map handle is
 * itself a GC object: keep it where the collector sees it.
 */
typedef struct gort_map gort_map;

/* make(map[K]V, hint).  elem NULL: a zero-size value (map[K]struct{}, a
 * set).  hint < 0 counts as 0.  A key type that cannot be hashed panics. */
gort_map *gort_map_make(const gort_type *key, const gort_type *elem,
                        intptr_t hint);
/* m[*key]: a pointer to the value, or to a zero value (read-only) when
 * the key is absent or m is nil. */
void *gort_map_access(gort_map *m, const void *key);
/* v, ok := m[*key]: as gort_map_access; *ok (if ok != NULL) is set. */
void *gort_map_access2(gort_map *m, const void *key, bool *ok);
/* v, ok := m[*key] copied out into *elem (NULL: not copied; a nil map,
 * which has no value type, leaves *elem untouched). */
bool gort_map_load(gort_map *m, const void *key, void *elem);
/* The slot for m[*key], inserted (zeroed) if absent.  Store the value
 * into it before the next map operation. */
void *gort_map_assign(gort_map *m, const void *key);
/* m[*key] = *elem with the write barrier (elem NULL: the zero value). */
void gort_map_store(gort_map *m, const void *key, const void *elem);
/* delete(m, *key). */
void gort_map_delete(gort_map *m, const void *key);
/* clear(m): removes every entry, keeping the bucket array. */
void gort_map_clear(gort_map *m);
/* len(m). */
intptr_t gort_map_len(gort_map *m);

/* Fast paths for keys of 4 or 8 bytes of plain memory (int32, uint64,
 * pointers ...) and for gort_string keys, as Go's mapaccess1_fast64.  The
 * key type must fit (fatal error otherwise); mixing them with the generic
 * calls on one map is fine. */
void *gort_map_access_fast32(gort_map *m, uint32_t key);
void *gort_map_access_fast64(gort_map *m, uint64_t key);
void *gort_map_access_faststr(gort_map *m, gort_string key);
void *gort_map_access2_fast32(gort_map *m, uint32_t key, bool *ok);
void *gort_map_access2_fast64(gort_map *m, uint64_t key, bool *ok);
void *gort_map_access2_faststr(gort_map *m, gort_string key, bool *ok);
void *gort_map_assign_fast32(gort_map *m, uint32_t key);
void *gort_map_assign_fast64(gort_map *m, uint64_t key);
void *gort_map_assign_faststr(gort_map *m, gort_string key);
void gort_map_delete_fast32(gort_map *m, uint32_t key);
void gort_map_delete_fast64(gort_map *m, uint64_t key);
void gort_map_delete_faststr(gort_map *m, gort_string key);

/* An iteration (Go's hiter).  Lives on the goroutine's stack.  Starts at
 * a random bucket and slot; sees every entry present for the whole
 * iteration exactly once.  Entries added during the iteration may or may
 * not be seen; deleted ones not yet reached are not seen.  key/elem point
 * into the map (valid until the next write). */
typedef struct gort_map_iter {
    void *key;  /* current key; NULL when done */
    void *elem; /* current value */
    /* private */
    void *h_, *buckets_, *bptr_, *overflow_, *oldoverflow_;
    uintptr_t startbucket_, bucket_, checkbucket_;
    uint8_t offset_, wrapped_, B_, i_;
} gort_map_iter;

/* for k, v := range m: init, then next() until it returns false. */
void gort_map_iter_init(gort_map *m, gort_map_iter *it);
bool gort_map_iter_next(gort_map_iter *it);

/* Introspection for teaching and tests. */
typedef struct gort_map_info {
    intptr_t count;            /* len(m) */
    int B;                     /* log2(nbuckets) */
    uintptr_t nbuckets;        /* 2^B */
    uintptr_t overflow_buckets;/* overflow buckets chained in buckets */
    uintptr_t noverflow;       /* the growth trigger's count (approximate
                                  above B = 15) */
    bool growing;              /* old buckets are being evacuated */
    bool same_size_grow;       /* ... into an array of the same size */
    uintptr_t nevacuate;       /* old buckets below this are evacuated */
    uintptr_t noldbuckets;     /* size of the old array while growing */
    uint32_t keysize, elemsize, bucketsize; /* bytes per slot / bucket */
} gort_map_info;

void gort_map_inspect(gort_map *m, gort_map_info *info);
/* Writes a line of gort_map_info, then one line per bucket chain:
 * "bucket   3: [##.#....] [#.......]", one character per slot: '#' full,
 * '_' empty, '.' empty and nothing after it, 'x'/'y' evacuated to the low
 * or high half, 'e' empty and evacuated.  snprintf conventions. */
size_t gort_map_dump(gort_map *m, char *buf, size_t n);

/* Hashing helpers for types with their own hash/equal (gort_type.hash):
 * combine the fields' hashes by chaining the seed. */
uint64_t gort_hash_bytes(const void *p, size_t n, uint64_t seed);
uint64_t gort_hash_value(const gort_type *t, const void *v, uint64_t seed);
bool gort_equal_value(const gort_type *t, const void *a, const void *b);

/* ===================================================================== */
/* Slices and strings                                                     */
/* ===================================================================== */

/*
 * Go's slices and strings (docs/slices-and-strings.md).  A slice is a view
 * {ptr, len, cap} of a backing array on the GC heap, allocated with the
 * element's gort_type (so pointer elements are scanned); a string is an
 * immutable {ptr, len} that shares its bytes when sliced.
 *
 *     Go                         C
 *     --                         -
 *     make([]T, n, c)            s = gort_make_slice(&T_type, n, c)
 *     s = append(s, v)           GORT_APPEND(s, &T_type, T, v)
 *     s = append(s, vs...)       s = gort_append(&T_type, s, vs.ptr, vs.len)
 *     copy(dst, src)             n = gort_copy(&T_type, dst, src)
 *     s[lo:hi], s[lo:hi:max]     gort_slice_slice(&T_type, s, lo, hi), ..._slice3
 *     &s[i]                      (T *)gort_slice_index(&T_type, s, i)
 *     a + b + c                  gort_string_concat(3, (gort_string[]){a, b, c})
 *     a == b, a < b              gort_string_equal(a, b), gort_string_compare(a, b) < 0
 *     s[lo:hi], s[i]             gort_string_slice(s, lo, hi), gort_string_index(s, i)
 *     []byte(s), string(b)       gort_string_to_bytes(s), gort_string_from_bytes(b)
 *     []rune(s), string(rs)      gort_string_to_runes(s), gort_string_from_runes(rs)
 *     for i, r := range s        GORT_STRING_RANGE(s, i, r) { ... }
 *     strings.Builder            gort_builder (gort_builder_write_string, ...)
 *     strconv.Itoa, FormatFloat  gort_format_int, gort_format_float
 *     strconv.Atoi, ParseFloat   gort_atoi, gort_parse_float
 *
 * Out-of-range indices and bounds panic with Go's runtime errors ("index
 * out of range [5] with length 3", "slice bounds out of range [:5] with
 * capacity 3").  The nil slice is {NULL, 0, 0}; the empty string is any
 * {p, 0}.  Slices and builders hold heap pointers: keep them on the stack
 * or in objects whose gort_type marks their ptr word.  A gort_string must
 * point to memory that outlives it (the heap, static data): the runtime
 * may return a part as is instead of copying it (concatenation with one
 * non-empty part, slicing).
 */
typedef struct gort_slice {
    void *ptr;    /* first element; NULL only for the nil slice */
    intptr_t len; /* elements in use */
    intptr_t cap; /* elements from ptr to the end of the backing array */
} gort_slice;

typedef int32_t gort_rune;
#define GORT_RUNE_ERROR ((gort_rune)0xFFFD) /* utf8.RuneError */
#define GORT_RUNE_MAX ((gort_rune)0x10FFFF)
#define GORT_UTF8_MAX 4                     /* bytes per rune, at most */

/* make([]T, len, cap): zeroed.  len < 0 or too large panics "makeslice:
 * len out of range", cap < len or too large "makeslice: cap out of
 * range".  elem must not be NULL. */
gort_slice gort_make_slice(const gort_type *elem, intptr_t len, intptr_t cap);
/* growslice: a slice with s's elements, len s.len and cap >= newcap (the
 * backing array is new; s's is untouched).  Go 1.19's rule: doubles below
 * 256 elements, then grows by newcap += (newcap + 768) / 4, rounding up
 * to the allocator's size class (GODEBUG=gortgrowslice=classic: doubles
 * below 1024, then 1.25x).  Too
 * large panics "growslice: cap out of range".  Used by the append fast
 * path; rarely called directly. */
gort_slice gort_slice_grow(const gort_type *elem, gort_slice s, intptr_t newcap);
/* append(s, vals[0..n)...): vals may alias s's backing array. */
gort_slice gort_append(const gort_type *elem, gort_slice s, const void *vals,
                       intptr_t n);
/* copy(dst, src): min(dst.len, src.len) elements, overlap allowed
 * (memmove), with write barriers for pointer elements.  Returns the count. */
intptr_t gort_copy(const gort_type *elem, gort_slice dst, gort_slice src);
/* s[lo:hi] and s[lo:hi:max] with Go's bounds checks (0 <= lo <= hi <= max
 * <= cap).  A result of capacity 0 keeps s.ptr (never points past the
 * backing array). */
gort_slice gort_slice_slice(const gort_type *elem, gort_slice s, intptr_t lo,
                            intptr_t hi);
gort_slice gort_slice_slice3(const gort_type *elem, gort_slice s, intptr_t lo,
                             intptr_t hi, intptr_t max);

/* Go's bounds errors (runtime.boundsError codes) and the panic that
 * reports one: gort_panic_bounds(GORT_BOUNDS_INDEX, 5, 3) panics with
 * "runtime error: index out of range [5] with length 3". */
typedef enum gort_bounds {
    GORT_BOUNDS_INDEX,       /* s[x], 0 <= x < y (len) failed */
    GORT_BOUNDS_SLICE_ALEN,  /* s[?:x], 0 <= x <= y (len) failed */
    GORT_BOUNDS_SLICE_ACAP,  /* s[?:x], 0 <= x <= y (cap) failed */
    GORT_BOUNDS_SLICE_B,     /* s[x:y], 0 <= x <= y failed */
    GORT_BOUNDS_SLICE3_ALEN, /* s[?:?:x], 0 <= x <= y (len) failed */
    GORT_BOUNDS_SLICE3_ACAP, /* s[?:?:x], 0 <= x <= y (cap) failed */
    GORT_BOUNDS_SLICE3_B,    /* s[?:x:y], 0 <= x <= y failed */
    GORT_BOUNDS_SLICE3_C,    /* s[x:y:?], 0 <= x <= y failed */
} gort_bounds;
GORT_NORETURN void gort_panic_bounds(gort_bounds code, int64_t x, int64_t y);

/* &s[i], panicking "index out of range [i] with length len" unless
 * 0 <= i < s.len. */
static inline void *gort_slice_index(const gort_type *elem, gort_slice s,
                                     intptr_t i) {
    if (__builtin_expect((uintptr_t)i >= (uintptr_t)s.len, 0))
        gort_panic_bounds(GORT_BOUNDS_INDEX, i, s.len);
    return (char *)s.ptr + (size_t)i * elem->size;
}

/* s = append(s, v), v an expression of C type ctype described by *elem
 * (pointer elements are stored through the write barrier).  s must be an
 * lvalue of type gort_slice; it may be a field of a GC object: a growth
 * installs the new backing array through the write barrier (the fast path,
 * room left, stores only the element and len). */
#define GORT_APPEND(s, elem, ctype, v)                                         \
    do {                                                                       \
        ctype gort_v_ = (v);                                                   \
        if (__builtin_expect((s).len == (s).cap, 0)) {                         \
            gort_slice gort_g_ = gort_slice_grow((elem), (s), (s).len + 1);    \
            gort_store_ptr(&(s).ptr, gort_g_.ptr); /* s may be in the heap */  \
            (s).cap = gort_g_.cap;                                             \
        }                                                                      \
        ctype *gort_p_ = (ctype *)(s).ptr + (s).len;                           \
        if (!(elem)->ptrwords) {                                               \
            *gort_p_ = gort_v_;                                                \
        } else if (sizeof(ctype) == sizeof(void *)) { /* one pointer word */   \
            void *gort_w_ = 0;                                                 \
            __builtin_memcpy(&gort_w_, &gort_v_,                               \
                             sizeof(ctype) == sizeof(void *) ? sizeof(void *) : 0); \
            gort_store_ptr((void **)(void *)gort_p_, gort_w_);                 \
        } else {                                                               \
            gort_typedmemmove((elem), gort_p_, &gort_v_);                      \
        }                                                                      \
        (s).len++;                                                             \
    } while (0)

/* a + b + ...: one exactly sized pointer-free allocation (none when the
 * result is empty or is a single non-empty part, which is returned as
 * is). */
gort_string gort_string_concat(intptr_t n, const gort_string *parts);
/* A heap copy of p[0..n). */
gort_string gort_string_new(const char *p, intptr_t n);
/* -1, 0, +1 as bytes compare (strings.Compare). */
int gort_string_compare(gort_string a, gort_string b);
static inline bool gort_string_equal(gort_string a, gort_string b) {
    return a.len == b.len &&
           (a.ptr == b.ptr || a.len == 0 ||
            __builtin_memcmp(a.ptr, b.ptr, (size_t)a.len) == 0);
}
/* s[lo:hi] (shares s's bytes), with Go's bounds checks. */
gort_string gort_string_slice(gort_string s, intptr_t lo, intptr_t hi);
/* s[i], panicking unless 0 <= i < s.len. */
static inline uint8_t gort_string_index(gort_string s, intptr_t i) {
    if (__builtin_expect((uintptr_t)i >= (uintptr_t)s.len, 0))
        gort_panic_bounds(GORT_BOUNDS_INDEX, i, s.len);
    return (uint8_t)s.ptr[i];
}
/* []byte(s) (a copy; cap rounded up to the size class) and string(b)
 * (an exactly sized copy). */
gort_slice gort_string_to_bytes(gort_string s);
gort_string gort_string_from_bytes(gort_slice b);
/* []rune(s) (invalid bytes become GORT_RUNE_ERROR) and string(runes)
 * (invalid runes become "\uFFFD"); string(r) for one rune. */
gort_slice gort_string_to_runes(gort_string s);
gort_string gort_string_from_runes(gort_slice runes);
gort_string gort_string_from_rune(gort_rune r);

/* UTF-8, exactly as Go's unicode/utf8.  decode: the first rune of p[0..n)
 * and its width; invalid or incomplete encodings (overlong forms,
 * surrogates, > U+10FFFF) give (GORT_RUNE_ERROR, 1), empty input
 * (GORT_RUNE_ERROR, 0).  encode: writes r (invalid runes as U+FFFD) to
 * buf, returns the width 1..4.  runelen: bytes to encode r, -1 if
 * invalid. */
gort_rune gort_utf8_decode(const char *p, intptr_t n, int *width);
int gort_utf8_encode(char buf[GORT_UTF8_MAX], gort_rune r);
int gort_utf8_runelen(gort_rune r);
bool gort_utf8_valid(gort_string s);
intptr_t gort_utf8_count(gort_string s); /* utf8.RuneCountInString */

/* One step of `for i, r := range s`: the rune at byte offset i (0 <= i <
 * s.len) in *r, and the offset of the next one. */
static inline intptr_t gort_string_next(gort_string s, intptr_t i,
                                        gort_rune *r) {
    uint8_t c = (uint8_t)s.ptr[i];
    if (__builtin_expect(c < 0x80, 1)) {
        *r = c;
        return i + 1;
    }
    int w;
    *r = gort_utf8_decode(s.ptr + i, s.len - i, &w);
    return i + w;
}
/* for i, r := range s { body }: declares intptr_t i; r is a gort_rune the
 * caller declared.  break and continue work; s is evaluated repeatedly. */
#define GORT_STRING_RANGE(s, i, r)                                             \
    for (intptr_t i = 0, gort_n_ = (s).len ? gort_string_next((s), 0, &(r)) : 0; \
         i < (s).len;                                                          \
         i = gort_n_,                                                          \
                  gort_n_ = i < (s).len ? gort_string_next((s), i, &(r)) : i)

/*
 * strings.Builder: appends bytes to a growing []byte (append's growth
 * rule) and hands out the result without copying.  The zero value is an
 * empty builder: gort_builder b = {0};.  gort_builder_string's result shares
 * the buffer; later writes only append after it, so it never changes.
 */
typedef struct gort_builder {
    gort_slice buf; /* bytes written so far (len), backing array (cap) */
} gort_builder;

void gort_builder_grow(gort_builder *b, intptr_t n); /* room for n more */
void gort_builder_write(gort_builder *b, const void *p, intptr_t n);
void gort_builder_write_string(gort_builder *b, gort_string s);
void gort_builder_write_byte(gort_builder *b, uint8_t c);
void gort_builder_write_rune(gort_builder *b, gort_rune r);
static inline gort_string gort_builder_string(const gort_builder *b) {
    gort_string s = {(const char *)b->buf.ptr, b->buf.len};
    return s;
}
static inline intptr_t gort_builder_len(const gort_builder *b) {
    return b->buf.len;
}
static inline void gort_store_ptr(void **slot, void *ptr); /* below */
/* b.Reset(): forget the buffer (strings returned before stay valid).  b
 * may live in a GC object: dropping the buffer is a pointer store, and the
 * barrier shades the old buffer, which a string on a scanned stack may
 * still share. */
static inline void gort_builder_reset(gort_builder *b) {
    gort_store_ptr(&b->buf.ptr, NULL);
    b->buf.len = b->buf.cap = 0;
}

/* Number formatting into caller buffers (the VM's fmt builds on these).
 * itoa/utoa: v in base 2..36 (lower-case digits), written at buf, returns
 * the length (at most GORT_ITOA_MAX); another base panics
 * "strconv: illegal AppendInt/FormatInt base".  ftoa: strconv.FormatFloat
 * (fmt 'e', 'E', 'f', 'g' or 'G'; prec -1 for the shortest text that
 * parses back to f at bitsize 32 or 64), snprintf conventions: writes at
 * most n bytes including a NUL and returns the length it wanted. */
#define GORT_ITOA_MAX 65
int gort_itoa(char buf[GORT_ITOA_MAX], int64_t v, int base);
int gort_utoa(char buf[GORT_ITOA_MAX], uint64_t v, int base);
int gort_ftoa(char *buf, size_t n, double f, char fmt, int prec, int bitsize);
/* The same as heap strings: strconv.FormatInt, FormatUint, FormatFloat. */
gort_string gort_format_int(int64_t v, int base);
gort_string gort_format_uint(uint64_t v, int base);
gort_string gort_format_float(double f, char fmt, int prec, int bitsize);

/* Parsing, as strconv.  The result is GORT_NUM_OK, or the kind of error;
 * on an error, when err is not NULL, *err receives Go's error value
 * ("strconv.Atoi: parsing \"12a\": invalid syntax").  Out of range values
 * store the clamped value, as Go does.  base 0 reads a prefix (0x, 0o, 0b,
 * 0) and allows underscores; bitsize 0 means 64. */
typedef enum gort_numerr {
    GORT_NUM_OK,
    GORT_NUM_SYNTAX,  /* strconv.ErrSyntax: "invalid syntax" */
    GORT_NUM_RANGE,   /* strconv.ErrRange: "value out of range" */
    GORT_NUM_BASE,    /* "invalid base N" */
    GORT_NUM_BITSIZE, /* "invalid bit size N" */
} gort_numerr;
gort_numerr gort_atoi(gort_string s, int64_t *out, gort_error **err);
gort_numerr gort_parse_int(gort_string s, int base, int bitsize, int64_t *out,
                           gort_error **err);
gort_numerr gort_parse_uint(gort_string s, int base, int bitsize,
                            uint64_t *out, gort_error **err);
gort_numerr gort_parse_float(gort_string s, int bitsize, double *out,
                             gort_error **err);
gort_numerr gort_parse_bool(gort_string s, bool *out, gort_error **err);

/* ===================================================================== */
/* Memory and GC                                                          */
/* ===================================================================== */

/*
 * The heap is garbage collected: nothing allocated with gort_new/gort_alloc
 * is ever freed by hand (passing it to free() is an error).  An object stays
 * alive while it is reachable from a root: a goroutine's stack or saved
 * registers (scanned conservatively: any word that points into an object,
 * interior pointers included), a region registered with gort_root_add, or
 * another reachable object (scanned precisely, through its gort_type).
 * Memory the C library gave you (malloc, static data) is NOT scanned: a
 * pointer kept only there does not keep an object alive; register it.
 *
 * The collector marks concurrently with your goroutines, so every store of
 * a pointer INTO a GC object must go through the write barrier:
 *
 *     Go                          C
 *     --                          -
 *     n.left = l                  gort_store_ptr((void **)&n->left, l)
 *     *dst = *src  (typed)        gort_typedmemmove(&T_type, dst, src)
 *     runtime.GC()                gort_gc()
 *     debug.SetGCPercent(p)       gort_set_gc_percent(p)
 *     debug.SetMemoryLimit(b)     gort_set_memory_limit(b)
 *     runtime.ReadMemStats(&m)    gort_read_memstats(&m)
 *     runtime.SetFinalizer(o, f)  gort_set_finalizer(o, f)
 *     runtime.KeepAlive(o)        gort_keepalive(o)
 *
 * Stores of non-pointer data, and stores into stack variables, C memory or
 * registered roots, need no barrier (a barrier there is harmless).  A
 * pointer store without the barrier can let the collector free a live
 * object; GODEBUG=gccheckmark=1 detects that ("checkmark found unmarked
 * object").  docs/gc.md explains why.
 *
 * Environment: GOGC=100 (heap growth before the next cycle, in percent;
 * "off" disables), GOMEMLIMIT=size (soft memory limit, e.g. 512MiB),
 * GODEBUG=gctrace=1 (a line per cycle, Go's format), gccheckmark=1,
 * gcstress=N (a full cycle every N allocations; tests).
 */

/* The barrier's state, read by the inline fast path; do not write it. */
extern uint32_t gort_writebarrier;
/* Slow path of gort_store_ptr (marking in progress). */
void gort_wbstore(void **slot, void *ptr);

/* *slot = ptr, with the write barrier.  slot may be anywhere (heap, stack,
 * C memory); ptr may be NULL or point anywhere.  When no cycle is marking
 * this costs one load and a branch beside the store. */
static inline void gort_store_ptr(void **slot, void *ptr) {
    if (__builtin_expect(
            __atomic_load_n(&gort_writebarrier, __ATOMIC_RELAXED) != 0, 0))
        gort_wbstore(slot, ptr);
    else
        *slot = ptr;
}

/* *dst = *src for one value of type t (t->size bytes), with barriers for
 * every pointer word of t.  Use it for struct copies into the heap. */
void gort_typedmemmove(const gort_type *t, void *dst, const void *src);
/* Zeroes one value of type t at dst, with barriers. */
void gort_typedmemclr(const gort_type *t, void *dst);

/* Keeps obj reachable up to this point (runtime.KeepAlive): the compiler
 * may otherwise drop the last reference early, letting a finalizer run
 * while the object's resource is still in use. */
static inline void gort_keepalive(const void *obj) {
    __asm__ volatile("" : : "r"(obj) : "memory");
}

/*
 * Registers nwords words at ptr as a root: a global or C-allocated array of
 * pointers into the GC heap.  Scanned conservatively at every cycle (and
 * again at mark termination, so plain C stores into it are safe).  Any
 * thread.  gort_root_remove(ptr) unregisters it (panics if ptr was not
 * registered).
 */
void gort_root_add(void *ptr, size_t nwords);
void gort_root_remove(void *ptr);

/*
 * Runs a full collection and blocks until it is complete, sweep included,
 * as runtime.GC does.  Goroutine or any thread.
 */
void gort_gc(void);

/* Sets GOGC and returns the previous setting; < 0 disables the collector
 * (except gort_gc and the memory limit).  Waits for a running cycle to
 * finish when disabling, as debug.SetGCPercent. */
int gort_set_gc_percent(int percent);

/* Sets the soft memory limit in bytes (GOMEMLIMIT) and returns the previous
 * one; a negative limit only queries.  INT64_MAX: no limit (the default). */
int64_t gort_set_memory_limit(int64_t limit);

/*
 * Runs fn(obj) on the finalizer goroutine some time after obj becomes
 * unreachable; obj is kept alive until fn returns (resurrected for one
 * cycle), and fn runs once.  fn == NULL removes obj's finalizer.  obj must
 * be the start of a GC object (fatal error otherwise, as Go's
 * runtime.SetFinalizer); setting a second finalizer is a fatal error.  Meant
 * for resources C owns (file descriptors, malloc'd buffers): there is no
 * guarantee it ever runs, e.g. before the program exits.
 */
void gort_set_finalizer(void *obj, void (*fn)(void *obj));

/*
 * runtime.MemStats, with Go's field names and meanings.  Sizes in bytes.
 * StackInuse/StackSys are goroutine stack reservations (mapped lazily: the
 * resident part is much smaller).  GCSys is the collector's own metadata.
 */
typedef struct gort_memstats {
    uint64_t Alloc;        /* = HeapAlloc */
    uint64_t TotalAlloc;   /* bytes allocated, ever */
    uint64_t Sys;          /* bytes obtained from the OS (heap+stacks+GC) */
    uint64_t Mallocs;      /* objects allocated, ever */
    uint64_t Frees;        /* objects freed, ever */
    uint64_t HeapAlloc;    /* bytes of allocated heap objects */
    uint64_t HeapSys;      /* heap address space mapped */
    uint64_t HeapIdle;     /* bytes in free spans */
    uint64_t HeapInuse;    /* bytes in in-use spans */
    uint64_t HeapReleased; /* bytes returned to the OS */
    uint64_t HeapObjects;  /* live objects (Mallocs - Frees) */
    uint64_t StackInuse;   /* stacks of live goroutines */
    uint64_t StackSys;     /* all goroutine stacks, cached ones too */
    uint64_t GCSys;        /* collector metadata (work buffers) */
    uint64_t NextGC;       /* heap goal of the next cycle (0: GC off) */
    uint64_t LastGC;       /* end of the last cycle, ns since the epoch */
    uint64_t PauseTotalNs; /* all stop-the-world pauses */
    uint64_t PauseNs[256]; /* most recent at [(NumGC + 255) % 256] */
    uint64_t PauseEnd[256];/* end of that pause, ns since the epoch */
    uint32_t NumGC;        /* completed cycles */
    uint32_t NumForcedGC;  /* cycles started by gort_gc */
    double GCCPUFraction;  /* share of CPU time used by the GC since start */
    bool EnableGC;         /* always true */
    bool DebugGC;          /* unused, false */
} gort_memstats;

/* Fills *ms; stops the world briefly, as runtime.ReadMemStats.  Goroutine
 * or any thread. */
void gort_read_memstats(gort_memstats *ms);

/* ===================================================================== */
/* Execution tracing (docs/tracing.md)                                    */
/* ===================================================================== */

/*
 * Starts recording an execution trace into path (runtime/trace.Start).  A
 * name ending in .json or .html is converted when the trace stops.  Stops
 * the world briefly.  Returns false if a trace is already running or the
 * file cannot be created.  Goroutine only.  GORT_TRACE=path does the same
 * for a whole program, from the runtime's start to gort_main's return.
 */
bool gort_trace_start(const char *path);
/* Stops the trace and finishes the file (runtime/trace.Stop).  Returns
 * false if writing or converting failed.  Goroutine only. */
bool gort_trace_stop(void);
/* Whether a trace is being recorded (runtime/trace.IsEnabled). */
bool gort_trace_enabled(void);
/* User annotations, as runtime/trace's: a task groups work across
 * goroutines (0: none), a region is a span of time on one goroutine, a
 * log is a message at a point in time.  No-ops when tracing is off. */
uint64_t gort_trace_task_new(uint64_t parent, const char *name);
void gort_trace_task_end(uint64_t task);
void gort_trace_region_start(uint64_t task, const char *name);
void gort_trace_region_end(uint64_t task, const char *name);
void gort_trace_log(uint64_t task, const char *category, const char *message);
/* Converts a binary trace to format "json" (Chrome trace events) or
 * "html" (a self-contained timeline).  Any thread; needs no runtime.
 * Returns false, with a message on stderr, on a bad trace or output. */
bool gort_trace_convert(const char *trace, const char *out, const char *format);

/* ===================================================================== */
/* VM hooks                                                               */
/* ===================================================================== */

/*
 * Optional per-goroutine hooks for an interpreter running on the goroutine.
 * scan: report the VM stack's heap pointers to the collector.  describe:
 * print the VM's own frames into a traceback (write with the given writer).
 */
typedef struct gort_vm_hooks {
    void (*scan)(void *ctx, void (*mark)(void *ptr, void *gcw), void *gcw);
    void (*describe)(void *ctx, void (*write)(const char *s, size_t n));
    /* optional: before an unrecovered panic prints, each panic value of
     * the goroutine in turn (Go's preprintpanics: an error or a Stringer
     * becomes its text).  May run script code; a panic inside it is the
     * fatal error "panic while printing panic value". */
    void (*preprint)(void *ctx, gort_any *v);
} gort_vm_hooks;

/* Installs hooks on the calling goroutine (NULL removes them). */
void gort_set_vm_hooks(const gort_vm_hooks *hooks, void *ctx);

#ifdef __cplusplus
}
#endif
#endif /* GORT_H */
