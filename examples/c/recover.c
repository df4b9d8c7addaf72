/*
 * recover.c — turning panics back into errors.
 *
 * Workers run jobs that may fail the way Go code fails: an explicit panic
 * with an error value, an index out of range, a nil pointer dereference,
 * an integer division by zero.  Each worker recovers in a deferred call
 * and reports the error on a channel instead of taking the program down.
 *
 *     func worker(id int, results chan<- result) {
 *         res := result{id: id}
 *         defer func() {
 *             if r := recover(); r != nil { res.err = fmt.Errorf("%v", r) }
 *             results <- res
 *         }()
 *         res.value = job(id)
 *     }
 */
#include <gort.h>
#include <stdio.h>

typedef struct result {
    int id;
    int64_t value;
    const char *err; /* NULL: no error */
} result;

static gort_type result_type = {.size = sizeof(result),
                                .align = _Alignof(result),
                                .name = "main.result",
                                .kind = GORT_KIND_STRUCT};

static volatile int zero = 0;
static int *volatile nowhere = NULL;

static int64_t job(int id) {
    int table[3] = {10, 20, 30};
    switch (id) {
    case 1: gort_panic(gort_any_error(gort_errorf("job %d: bad input", id)));
    case 2: {
        int i = 5; /* Go checks bounds; C code calls the runtime's check */
        if (i >= 3)
            gort_panic_runtime("index out of range [%d] with length %d", i, 3);
        return table[i];
    }
    case 3: return *nowhere;     /* SIGSEGV becomes a runtime error panic */
    case 4:
        /* Go checks the divisor before dividing, and so must C code: x86-64
         * traps on an integer division by zero (SIGFPE, which the runtime
         * also turns into this panic), but aarch64 quietly gives 0. */
        if (zero == 0) gort_panic_runtime("integer divide by zero");
        return 100 / zero;
    default: return table[id % 3] * 2;
    }
}

typedef struct job_state {
    result res;
    gort_chan *results;
} job_state;

static void finish(void *arg) {
    job_state *s = arg;
    gort_any r = gort_recover();
    if (!gort_any_isnil(r)) {
        gort_error *e = gort_any_to_error(r);
        s->res.err = e ? gort_error_message(e) : "non-error panic";
    }
    gort_chan_send(s->results, &s->res);
}

static void worker(void *arg) {
    job_state *s = arg;
    GORT_FRAME_BEGIN(fr);
    gort_defer(finish, s);
    s->res.value = job(s->res.id);
    GORT_FRAME_END(fr);
}

enum { NJOBS = 5 };

static void main_fn(void *arg) {
    (void)arg;
    gort_chan *results = gort_chan_make(&result_type, 0);
    static job_state jobs[NJOBS];
    for (int i = 0; i < NJOBS; i++) {
        jobs[i] = (job_state){{i, 0, NULL}, results};
        gort_go(worker, &jobs[i]);
    }
    result got[NJOBS];
    for (int i = 0; i < NJOBS; i++) {
        result r;
        gort_chan_recv(results, &r);
        got[r.id] = r;
    }
    for (int i = 0; i < NJOBS; i++) {
        if (got[i].err)
            printf("job %d: error: %s\n", i, got[i].err);
        else
            printf("job %d: value %lld\n", i, (long long)got[i].value);
    }
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
