/*
 * stress_gc.c — the collector under a mutator that does everything at once.
 *
 * Worker goroutines own chains of checksummed nodes.  Each keeps its
 * chains in three places the collector must find on its own: a local array
 * on its C stack (conservative roots), a map[int64]*node it owns (a GC
 * object reached only from that stack), and the buffers of shared channels
 * (chains in flight between goroutines, sometimes only in a buffer or in a
 * parked receiver's destination).  At random the workers
 *
 *   - build new chains (allocation: with GODEBUG=gcstress=N a whole cycle
 *     runs every N spans the allocator hands out),
 *   - hand chains to each other through selects mixing sends, receives,
 *     nil cases, timers and default,
 *   - rewire the graph: a node's `link` is pointed at another chain with
 *     gort_store_ptr while the collector may be marking (the barrier's job),
 *   - move chains into and out of their map, and delete from it,
 *   - check a chain they hold: every node's checksum, and one step through
 *     each link.
 *
 * A collector goroutine calls gort_gc() in a loop, and GODEBUG defaults to
 * gccheckmark=1 (after every cycle a stop-the-world re-mark throws on any
 * reachable object left white) plus gcstress.  A node freed while still
 * reachable shows up as a checksum mismatch (the sweeper or a new object
 * overwrote it) or as a checkmark failure; both fail the run.
 *
 * At the end every chain anywhere (stacks, maps, channel buffers) is
 * checked once more.  A watchdog turns a hang into a fatal error with a
 * goroutine dump.
 *
 * Ownership.  A chain has exactly one owner at a time: one worker (in one
 * slot of its `keep` array or under one key of its map, never both) or one
 * channel (a buffer slot, or the send in progress).  Only the owner writes
 * a chain's `link` fields (rewire) and only the owner walks the chain
 * (verify), so those plain reads and barrier stores never race.  Every
 * move is a move: keep -> map stores and clears the slot, map -> keep
 * loads and deletes the key, a send clears its slot once the select
 * commits.  A `link` may point into a chain owned by someone else; verify
 * reads only that node's `id` and `sum`, which never change after build
 * and are published to the next owner by the channel operation.  (Copying
 * map -> keep without the delete once let a chain be traded away while it
 * was still in the sender's map: TSan caught the new owner's rewire racing
 * the old owner's verify.)
 *
 * GORT_STRESS_SECONDS (default 2) is how long each of the two runs lasts at
 * least (see main); GODEBUG set in the environment makes it one run with
 * that setting.  A run goes on past that time until it has done what the
 * final check demands (a chain built, a chain received, two cycles), so a
 * slow or loaded machine stretches the run instead of failing it; a run
 * that cannot get there in a minute is a hang and the watchdog throws.
 * GORT_TEST_CONCURRENCY GORT_TEST_ASAN_TOO
 */
#include "../unit/testlib.h"

#include <stdatomic.h>

#if GORT_SANITIZE_THREAD
enum { NWORK = 12 }; /* TSan: fewer goroutines, same mix */
#else
enum { NWORK = 48 };
#endif
enum {
    NKEEP = 24,   /* chains on each worker's stack */
    NCH = 8,      /* shared channels */
    MAXLEN = 24,  /* nodes per chain at most */
    KEYS = 64,    /* map keys per worker */
};

static const intptr_t caps[NCH] = {0, 0, 1, 1, 4, 16, 0, 64};

typedef struct node {
    struct node *next; /* the chain */
    struct node *link; /* a cross edge into another chain (rewired) */
    uint64_t id;
    uint64_t sum;      /* check(id) */
} node;

static const uint8_t node_mask[] = {0x3};
static const gort_type node_type = {.size = sizeof(node),
                                    .align = 8,
                                    .ptrwords = 2,
                                    .ptrmask = node_mask,
                                    .name = "stress.node",
                                    .kind = GORT_KIND_STRUCT};

static uint64_t check(uint64_t id) {
    uint64_t x = id * 0x9E3779B97F4A7C15ull;
    return x ^ (x >> 31) ^ 0xC2B2AE3D27D4EB4Full;
}

static atomic_long nbuilt, nsent, nrecv, nrewired, nmapops, nchecked, nbad;
static atomic_long ncycles; /* gort_gc calls the collector goroutine finished */
static atomic_int stopgc;
static double secs;      /* GORT_STRESS_SECONDS */
static int64_t deadline; /* gort_nanotime() when the workers may stop */
static int rc;           /* main's exit status */

/* Whether the workers go on: until the deadline, and then until the run has
 * done what main checks at the end.  Monotonic: once false, it stays false. */
static bool running(void) {
    if (gort_nanotime() < deadline) return true;
    return atomic_load(&nbuilt) == 0 || atomic_load(&nrecv) == 0 ||
           atomic_load(&ncycles) < 2;
}


static RT_NOINLINE node *build(tl_rng *r, uint64_t *nextid) {
    int len = 1 + (int)tl_rnd(r, MAXLEN);
    node *head = NULL;
    for (int i = 0; i < len; i++) {
        node *n = gort_new(&node_type);
        n->id = (*nextid)++;
        n->sum = check(n->id);
        gort_store_ptr((void **)&n->next, head);
        head = n;
    }
    atomic_fetch_add(&nbuilt, 1);
    return head;
}

static bool nodeok(const node *n) { return n->sum == check(n->id); }

/* Checks every node of a chain and the node each link points at. */
static bool verify(const node *c) {
    int len = 0;
    for (const node *n = c; n; n = n->next) {
        if (!nodeok(n) || ++len > MAXLEN) return false;
        if (n->link && !nodeok(n->link)) return false;
    }
    atomic_fetch_add(&nchecked, 1);
    return true;
}

static void expect(const node *c, const char *where) {
    if (verify(c)) return;
    atomic_fetch_add(&nbad, 1);
    fprintf(stderr, "stress_gc: corrupt chain %p found %s\n", (void *)c, where);
}

/* Points a random node of a at a random node of b. */
static void rewire(tl_rng *r, node *a, node *b) {
    if (!a || !b) return;
    for (int k = (int)tl_rnd(r, MAXLEN); k > 0 && a->next; k--) a = a->next;
    for (int k = (int)tl_rnd(r, MAXLEN); k > 0 && b->next; k--) b = b->next;
    gort_store_ptr((void **)&a->link, b);
    atomic_fetch_add(&nrewired, 1);
}

static RT_NOINLINE void trade(tl_rng *r, gort_chan **chans, node **keep) {
    gort_select_case cs[6];
    node *in[3] = {NULL, NULL, NULL};
    int slot[6];
    int n = 0;
    int i = (int)tl_rnd(r, NKEEP);
    if (keep[i]) {
        slot[n] = i;
        cs[n++] = gort_case_send(chans[tl_rnd(r, NCH)], &keep[i]);
    }
    for (int k = 0, nr = 1 + (int)tl_rnd(r, 2); k < nr; k++) {
        slot[n] = -1 - k;
        cs[n++] = gort_case_recv(chans[tl_rnd(r, NCH)], &in[k]);
    }
    if (tl_rnd(r, 4) == 0) {
        slot[n] = -100;
        cs[n++] = gort_case_recv(NULL, NULL);
    }
    bool block = tl_rnd(r, 3) != 0;
    if (block) { /* never wait long: everyone may be sending */
        slot[n] = -100;
        cs[n++] = gort_case_recv(gort_after(200 * GORT_MICROSECOND), NULL);
    }
    int got = gort_select(cs, n, block);
    if (got < 0 || slot[got] == -100) return;
    if (slot[got] >= 0) {
        keep[slot[got]] = NULL; /* it is the receiver's now */
        atomic_fetch_add(&nsent, 1);
        return;
    }
    node *c = in[-1 - slot[got]];
    if (!cs[got].ok || !c) return;
    atomic_fetch_add(&nrecv, 1);
    expect(c, "after a receive");
    keep[tl_rnd(r, NKEEP)] = c;
}

static RT_NOINLINE void mapop(tl_rng *r, gort_map *m, node **keep) {
    int64_t key = (int64_t)tl_rnd(r, KEYS);
    node *v = NULL;
    switch (tl_rnd(r, 4)) {
    case 0: { /* keep -> map */
        int i = (int)tl_rnd(r, NKEEP);
        if (keep[i]) gort_map_store(m, &key, &keep[i]);
        keep[i] = NULL;
        break;
    }
    case 1: /* map -> keep: a move, so the chain has one place only */
        if (gort_map_load(m, &key, &v) && v) {
            gort_map_delete(m, &key);
            expect(v, "in a map");
            keep[tl_rnd(r, NKEEP)] = v;
        }
        break;
    case 2:
        gort_map_delete(m, &key);
        break;
    default:
        if (gort_map_load(m, &key, &v) && v) expect(v, "in a map");
    }
    atomic_fetch_add(&nmapops, 1);
}

static void checkmap(gort_map *m) {
    gort_map_iter it;
    for (gort_map_iter_init(m, &it); gort_map_iter_next(&it);)
        expect(*(node **)it.elem, "in a map at the end");
}

static void work(void *arg) {
    tl_world *w = ((tl_worker *)arg)->w;
    int id = (int)((tl_worker *)arg)->id;
    tl_rng r = {0x9E3779B97F4A7C15ull * (uint64_t)(id + 1)};
    uint64_t nextid = (uint64_t)id << 40;
    node *keep[NKEEP] = {NULL};
    gort_map *m = gort_map_make(&gort_type_int64, &gort_type_pointer, 0);
    while (running()) {
        switch (tl_rnd(&r, 10)) {
        case 0:
        case 1:
            keep[tl_rnd(&r, NKEEP)] = build(&r, &nextid);
            break;
        case 2:
        case 3:
        case 4:
            trade(&r, w->chans, keep);
            break;
        case 5:
            rewire(&r, keep[tl_rnd(&r, NKEEP)], keep[tl_rnd(&r, NKEEP)]);
            break;
        case 6:
        case 7:
            mapop(&r, m, keep);
            break;
        case 8: {
            node *c = keep[tl_rnd(&r, NKEEP)];
            if (c) expect(c, "on a stack");
            break;
        }
        default:
            gort_gosched();
        }
    }
    for (int i = 0; i < NKEEP; i++)
        if (keep[i]) expect(keep[i], "on a stack at the end");
    checkmap(m);
    gort_chan_send(w->done, NULL);
}

static void collector(void *arg) {
    (void)arg;
    while (!atomic_load(&stopgc)) {
        gort_gc();
        atomic_fetch_add(&ncycles, 1);
        gort_sleep(100 * GORT_MICROSECOND);
    }
}

static void main_fn(void *arg) {
    (void)arg;
    int64_t start = gort_nanotime();
    deadline = start + (int64_t)(secs * 1e9);
    tl_world *w = tl_world_make(&gort_type_pointer, caps, NCH, NWORK);
    gort_go(collector, NULL);
    for (int i = 0; i < NWORK; i++) tl_world_go(w, work, i);
    tl_await(w->done, NWORK, 60 * GORT_SECOND, "stress_gc: workers");
    atomic_store(&stopgc, 1);
    /* Chains still in channel buffers. */
    long inflight = 0;
    for (int i = 0; i < NCH; i++) {
        node *c;
        bool ok;
        while (gort_chan_tryrecv(w->chans[i], &c, &ok) && ok) {
            expect(c, "in a channel buffer at the end");
            inflight++;
        }
    }
    gort_gc();
    gort_memstats ms;
    gort_read_memstats(&ms);
    printf("stress_gc: %.1f s, %d workers, %u GCs, %ld chains built, %ld "
           "sent, %ld received, %ld in flight at the end, %ld rewired, %ld "
           "map ops, %ld checked, %ld corrupt\n",
           (gort_nanotime() - start) / 1e9, NWORK, ms.NumGC,
           atomic_load(&nbuilt), atomic_load(&nsent), atomic_load(&nrecv),
           inflight, atomic_load(&nrewired), atomic_load(&nmapops),
           atomic_load(&nchecked), atomic_load(&nbad));
    if (atomic_load(&nbad) || atomic_load(&nbuilt) == 0 ||
        atomic_load(&nrecv) == 0 || ms.NumGC < 2)
        rc = 1;
}

/* Runs this program again with GODEBUG=gcstress (a cycle every few
 * spans: few mutations per cycle, but every allocation path under a
 * cycle), and waits for it. */
static int run_gcstress_phase(void) {
    pid_t pid = fork();
    if (pid < 0) return 1;
    if (pid == 0) {
        setenv("GODEBUG", "gccheckmark=1,gcstress=16", 1);
        execl("/proc/self/exe", "stress_gc", (char *)NULL);
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0) return 1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

int main(void) {
    secs = tl_stress_seconds(2.0);
    /* Two phases unless GODEBUG is given: with gcstress in a child, then
     * here with the collector goroutine alone (many mutations per cycle:
     * the barrier's workout).  gccheckmark in both. */
    int child = 0;
    if (!getenv("GODEBUG")) {
        child = run_gcstress_phase();
        setenv("GODEBUG", "gccheckmark=1", 1);
    }
    gort_main(NULL, main_fn, NULL);
    if (rc || child) fprintf(stderr, "stress_gc: FAILED\n");
    return rc || child;
}
