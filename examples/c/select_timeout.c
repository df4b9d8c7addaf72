/*
 * select_timeout.c — timeouts and non-blocking operations with select
 * (Go by Example's "Timeouts" and "Non-Blocking Channel Operations").
 *
 *   select {                              gort_select_case cs[] = {
 *   case res := <-c1:                         gort_case_recv(c1, &res),
 *   case <-time.After(100 * ms):              gort_case_recv(gort_after(100 ms), NULL),
 *   }                                     };  gort_select(cs, 2, true);
 *
 * gort_after returns a channel that a runtime timer sends to once the time
 * has passed, so a timeout is just one more case.  Passing block = false is
 * select with a default case: it returns -1 at once if nothing is ready.
 */
#include <gort.h>

#include <stdio.h>

typedef struct job {
    gort_chan *out;
    int64_t delay;
    const char *msg;
} job;
static const uint8_t job_mask[] = {0x1};
static const gort_type job_type = {
    .size = sizeof(job), .align = 8, .ptrwords = 1, .ptrmask = job_mask,
    .name = "job", .kind = GORT_KIND_STRUCT,
};

/* Sends msg on out after delay: a slow external call. */
static void slow(void *arg) {
    job *j = arg;
    gort_sleep(j->delay);
    gort_string s = {j->msg, (intptr_t)__builtin_strlen(j->msg)};
    gort_chan_send(j->out, &s);
}

static gort_chan *start(int64_t delay, const char *msg) {
    job *j = gort_new(&job_type);
    /* Buffered, so the late sender does not block forever once nobody
     * listens (Go's advice for this pattern). */
    j->out = gort_chan_make(&gort_type_string, 1);
    j->delay = delay;
    j->msg = msg;
    gort_go(slow, j);
    return j->out;
}

static void call_with_timeout(gort_chan *c, int64_t timeout,
                              const char *name) {
    gort_string res;
    gort_select_case cs[] = {gort_case_recv(c, &res),
                             gort_case_recv(gort_after(timeout), NULL)};
    if (gort_select(cs, 2, true) == 0)
        printf("%s: %.*s\n", name, (int)res.len, res.ptr);
    else
        printf("%s: timeout after %lld ms\n", name,
               (long long)(timeout / GORT_MILLISECOND));
}

static void main_fn(void *arg) {
    (void)arg;
    /* The answer takes 200 ms; we wait only 50. */
    call_with_timeout(start(200 * GORT_MILLISECOND, "result 1"),
                      50 * GORT_MILLISECOND, "call 1");
    /* The answer takes 10 ms; we would wait up to 500. */
    call_with_timeout(start(10 * GORT_MILLISECOND, "result 2"),
                      500 * GORT_MILLISECOND, "call 2");

    /* Non-blocking receive and send: select with default. */
    gort_chan *messages = gort_chan_make(&gort_type_string, 0);
    gort_string m = GORT_STR("hi");
    gort_select_case r[] = {gort_case_recv(messages, &m)};
    if (gort_select(r, 1, false) < 0) printf("no message received\n");
    gort_select_case s[] = {gort_case_send(messages, &m)};
    if (gort_select(s, 1, false) < 0) printf("no receiver: message not sent\n");
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
