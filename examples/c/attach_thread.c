/*
 * attach_thread.c — a host thread attached to the runtime builds a list
 * that only its own stack refers to, while a goroutine computes in a pure
 * C loop that never calls the runtime, and the main goroutine collects.
 *
 *     host pthread (attached)       goroutine "spinner"      main goroutine
 *     -----------------------       -------------------      --------------
 *     gort_thread_attach()          for (;;) x = x*a + c     5 x gort_gc():
 *     builds a list of 1000 nodes     (no safe point)          each pause
 *     (only its stack holds the                                 suspends the
 *      head), re-checks it after                                spinner and
 *      every cycle                                              the host
 *     gort_call(send the sum)  ---------------------------->    thread in place
 *     gort_thread_detach()                                      and scans the
 *                                                               host's stack
 *
 * Without the attach the list would be garbage to the collector (a host
 * thread's stack is not a root) and its nodes reused; without suspension
 * the first gort_gc() would wait for the spinner for ever.
 * docs/embedding.md, "Attaching a foreign thread"; docs/scheduler.md,
 * "Stop-the-world and GOMAXPROCS".
 */
#include <gort.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

typedef struct node {
    struct node *next;
    int64_t val;
} node;
static const uint8_t node_mask[] = {0x1};
static const gort_type node_type = {.size = sizeof(node),
                                    .align = 8,
                                    .ptrwords = 1,
                                    .ptrmask = node_mask,
                                    .name = "main.node",
                                    .kind = GORT_KIND_STRUCT};

enum { N = 1000, CYCLES = 5 };

static gort_chan *done;        /* the host thread's sum arrives here */
static volatile int cycles;    /* collections the main goroutine finished */
static volatile int stop;      /* ends the spinner */
static volatile uint64_t spun; /* the spinner's result, so it is not dead code */

static int64_t sum(const node *n) {
    int64_t s = 0;
    for (; n; n = n->next) s += n->val;
    return s;
}

static void send(void *arg) { gort_chan_send(done, arg); }

static void *host(void *arg) {
    (void)arg;
    gort_thread_attach();
    node *head = NULL;
    for (int i = 1; i <= N; i++) {
        node *n = gort_new(&node_type);
        n->val = i;
        gort_store_ptr((void **)&n->next, head);
        head = n;
    }
    /* The list stays intact through every cycle, though nothing but this
     * frame refers to it. */
    int64_t s = 0;
    for (int seen = 0; seen < CYCLES;) {
        s = sum(head);
        if (s != (int64_t)N * (N + 1) / 2) break;
        seen = __atomic_load_n(&cycles, __ATOMIC_ACQUIRE);
    }
    gort_call(send, &s);
    gort_thread_detach();
    return NULL;
}

static void spinner(void *arg) {
    (void)arg;
    uint64_t x = 1;
    while (!stop) x = x * 6364136223846793005u + 1442695040888963407u;
    spun = x;
}

static void mainfn(void *arg) {
    (void)arg;
    gort_root_add(&done, 1); /* a global: not a root by itself */
    done = gort_chan_make(&gort_type_int64, 0);
    gort_go(spinner, NULL);
    pthread_t t;
    pthread_create(&t, NULL, host, NULL);
    for (int i = 0; i < CYCLES; i++) {
        for (int j = 0; j < 2000; j++) gort_new(&node_type); /* garbage */
        gort_gc(); /* returns: the spinner is suspended for each pause */
        __atomic_store_n(&cycles, i + 1, __ATOMIC_RELEASE);
    }
    int64_t s;
    gort_chan_recv(done, &s);
    printf("host thread's list sum after %d collections: %lld (want %lld)\n",
           CYCLES, (long long)s, (long long)N * (N + 1) / 2);
    stop = 1;
    gort_syscall_enter();
    pthread_join(t, NULL);
    gort_syscall_exit();
}

int main(void) {
    gort_config cfg = {.gomaxprocs = 2}; /* the spinner keeps one P */
    return gort_main(&cfg, mainfn, NULL);
}
