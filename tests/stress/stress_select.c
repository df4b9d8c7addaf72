/*
 * stress_select.c — random channel and select torture.
 *
 * Senders, receivers and channels of mixed capacities.  Every sender owns a
 * few channels; it sends unique values (sender id, sequence number) with a
 * random choice of plain sends, non-blocking sends and blocking or
 * non-blocking selects that mix its send cases with receive cases on any
 * channel, nil cases, repeated channels and timer channels.  When a
 * channel's last sender finishes, that sender closes it.  Receivers select
 * over every channel still open (in a random case order, sometimes with
 * duplicates and nil cases), or try single channels, until all channels are
 * closed and drained.
 *
 * Checked at the end: every value whose send completed was received exactly
 * once, and nothing else was received.  A watchdog turns a hang into a
 * fatal error with a goroutine dump.
 *
 * GORT_STRESS_SECONDS (default 2) bounds the sending phase.
 * GORT_TEST_CONCURRENCY
 */
#include "../unit/testlib.h"

#include <stdatomic.h>

enum {
    NSEND = 8,        /* sender goroutines (they also receive sometimes) */
    NRECV = 4,        /* receiver goroutines */
    NCH = 12,         /* channels */
    OWN = 3,          /* channels per sender */
    MAXSEQ = 1 << 17, /* values per sender at most */
};

static const intptr_t caps[NCH] = {0, 0, 0, 1, 1, 2, 3, 8, 0, 16, 1, 64};

static atomic_int nsenders[NCH];      /* senders not yet finished, per chan */
static int own[NSEND][OWN];
static uint32_t sentn[NSEND];         /* completed sends (owner writes) */
static uint8_t recvd[NSEND][MAXSEQ];  /* receive count per value (atomic) */
static atomic_int bad;                /* values that were never sent */
static atomic_long nrecv, nsel, nclosedseen;
static double secs;      /* GORT_STRESS_SECONDS */
static int64_t deadline; /* gort_nanotime() when the senders stop */
static int rc;           /* main's exit status */

static void record(int64_t v) {
    uint64_t sid = (uint64_t)v >> 32, seq = (uint64_t)v & 0xffffffffu;
    if (sid >= NSEND || seq >= MAXSEQ) {
        atomic_fetch_add(&bad, 1);
        return;
    }
    __atomic_add_fetch(&recvd[sid][seq], 1, __ATOMIC_RELAXED);
    atomic_fetch_add(&nrecv, 1);
}

/* ---------------------------------------------------------------------- */
/* Senders                                                                 */
/* ---------------------------------------------------------------------- */

static void sender(void *arg) {
    tl_world *w = ((tl_worker *)arg)->w;
    gort_chan **chans = w->chans;
    int id = (int)((tl_worker *)arg)->id;
    tl_rng r = {0x9E3779B97F4A7C15ull * (uint64_t)(id + 1)};
    uint32_t seq = 0;
    gort_select_case cs[OWN + 6];
    int64_t in[3];
    while (seq < MAXSEQ && (seq & 63 || gort_nanotime() < deadline)) {
        int64_t v = ((int64_t)id << 32) | seq;
        gort_chan *mine = chans[own[id][tl_rnd(&r, OWN)]];
        int op = (int)tl_rnd(&r, 10);
        bool sent = false;
        if (op == 0) {
            gort_chan_send(mine, &v);
            sent = true;
        } else if (op == 1) {
            sent = gort_chan_trysend(mine, &v);
        } else if (op == 2) {
            bool ok;
            int64_t x;
            if (gort_chan_tryrecv(chans[tl_rnd(&r, NCH)], &x, &ok) && ok)
                record(x);
        } else if (op == 3) {
            gort_gosched();
        } else {
            /* A select: send cases on own channels (one of them maybe
             * twice), receive cases anywhere, sometimes a nil case or a
             * timer. */
            int n = 0;
            for (int k = 0; k < OWN; k++)
                if (tl_rnd(&r, 4)) cs[n++] = gort_case_send(chans[own[id][k]], &v);
            if (n == 0) cs[n++] = gort_case_send(mine, &v);
            if (tl_rnd(&r, 4) == 0) cs[n++] = gort_case_send(mine, &v);
            int nr = (int)tl_rnd(&r, 3);
            for (int k = 0; k < nr; k++)
                cs[n++] = gort_case_recv(chans[tl_rnd(&r, NCH)], &in[k]);
            if (tl_rnd(&r, 4) == 0) cs[n++] = gort_case_recv(NULL, NULL);
            if (tl_rnd(&r, 16) == 0)
                cs[n++] = gort_case_recv(gort_after(50 * GORT_MICROSECOND), NULL);
            /* shuffle */
            for (int k = n - 1; k > 0; k--) {
                int j = (int)tl_rnd(&r, (uint32_t)k + 1);
                gort_select_case t = cs[k];
                cs[k] = cs[j];
                cs[j] = t;
            }
            int got = gort_select(cs, n, op < 8);
            atomic_fetch_add(&nsel, 1);
            if (got >= 0) {
                if (cs[got].dir == GORT_SELECT_SEND) {
                    sent = true;
                } else if (cs[got].elem && cs[got].ok) {
                    record(*(int64_t *)cs[got].elem);
                }
            }
        }
        if (sent) {
            seq++;
            ast(&sentn[id], seq);
        }
    }
    /* Done sending: the last sender of each channel closes it. */
    for (int k = 0; k < OWN; k++) {
        int c = own[id][k];
        bool dup = false;
        for (int j = 0; j < k; j++) dup |= own[id][j] == c;
        if (!dup && atomic_fetch_sub(&nsenders[c], 1) == 1)
            gort_chan_close(chans[c]);
    }
    gort_chan_send(w->done, NULL);
}

/* ---------------------------------------------------------------------- */
/* Receivers                                                               */
/* ---------------------------------------------------------------------- */

static void receiver(void *arg) {
    tl_world *w = ((tl_worker *)arg)->w;
    gort_chan **chans = w->chans;
    int id = (int)((tl_worker *)arg)->id;
    tl_rng r = {0xD1B54A32D192ED03ull * (uint64_t)(id + 7)};
    bool open[NCH];
    int nopen = NCH;
    for (int i = 0; i < NCH; i++) open[i] = true;
    gort_select_case cs[2 * NCH + 2];
    int64_t in[2 * NCH + 2];
    int chof[2 * NCH + 2];
    while (nopen > 0) {
        int op = (int)tl_rnd(&r, 8);
        if (op == 0) { /* try one open channel */
            int k = (int)tl_rnd(&r, (uint32_t)nopen), c = 0;
            for (c = 0; c < NCH; c++)
                if (open[c] && k-- == 0) break;
            int64_t x;
            bool ok;
            if (gort_chan_tryrecv(chans[c], &x, &ok)) {
                if (ok) record(x);
                else if (open[c]) open[c] = false, nopen--, atomic_fetch_add(&nclosedseen, 1);
            }
            continue;
        }
        /* Select over every open channel (some twice), maybe a nil case,
         * in random order; op 1 does not block. */
        int n = 0;
        for (int c = 0; c < NCH; c++) {
            if (!open[c]) continue;
            chof[n] = c;
            cs[n] = gort_case_recv(chans[c], &in[n]);
            n++;
            if (tl_rnd(&r, 8) == 0) {
                chof[n] = c;
                cs[n] = gort_case_recv(chans[c], &in[n]);
                n++;
            }
        }
        if (tl_rnd(&r, 4) == 0) {
            chof[n] = -1;
            cs[n++] = gort_case_recv(NULL, NULL);
        }
        for (int k = n - 1; k > 0; k--) {
            int j = (int)tl_rnd(&r, (uint32_t)k + 1);
            gort_select_case t = cs[k];
            cs[k] = cs[j];
            cs[j] = t;
            int tc = chof[k];
            chof[k] = chof[j];
            chof[j] = tc;
        }
        int got = gort_select(cs, n, op != 1);
        atomic_fetch_add(&nsel, 1);
        if (got < 0) continue;
        int c = chof[got];
        if (cs[got].ok) {
            record(*(int64_t *)cs[got].elem);
        } else if (c >= 0 && open[c]) {
            open[c] = false;
            nopen--;
            atomic_fetch_add(&nclosedseen, 1);
        }
    }
    gort_chan_send(w->done, NULL);
}

/* ---------------------------------------------------------------------- */
/* Main                                                                    */
/* ---------------------------------------------------------------------- */

static void main_fn(void *arg) {
    (void)arg;
    int64_t start = gort_nanotime();
    deadline = start + (int64_t)(secs * 1e9);
    tl_world *w = tl_world_make(&gort_type_int64, caps, NCH, NSEND + NRECV);
    tl_rng r = {12345};
    for (int s = 0; s < NSEND; s++)
        for (int k = 0; k < OWN; k++) {
            /* Every channel gets a sender: s*OWN+k covers them all. */
            int c = k == 0 ? (s * OWN) % NCH : (int)tl_rnd(&r, NCH);
            if (k == 0 && s * OWN >= NCH) c = (int)tl_rnd(&r, NCH);
            own[s][k] = c;
        }
    for (int c = 0; c < NCH; c++) {
        bool has = false;
        for (int s = 0; s < NSEND; s++)
            for (int k = 0; k < OWN; k++) has |= own[s][k] == c;
        if (!has) own[c % NSEND][OWN - 1] = c;
    }
    for (int s = 0; s < NSEND; s++)
        for (int k = 0; k < OWN; k++) {
            bool dup = false;
            for (int j = 0; j < k; j++) dup |= own[s][j] == own[s][k];
            if (!dup) atomic_fetch_add(&nsenders[own[s][k]], 1);
        }
    for (int i = 0; i < NSEND; i++) tl_world_go(w, sender, i);
    for (int i = 0; i < NRECV; i++) tl_world_go(w, receiver, i);

    /* Watchdog: a hang is a fatal error with a dump of every goroutine. */
    tl_await(w->done, NSEND + NRECV, (int64_t)(secs * 1e9) + 60 * GORT_SECOND,
             "stress_select: senders and receivers");

    long total = 0, dup = 0, lost = 0;
    for (int s = 0; s < NSEND; s++) {
        uint32_t n = ald(&sentn[s]);
        total += n;
        for (uint32_t q = 0; q < MAXSEQ; q++) {
            uint8_t c = __atomic_load_n(&recvd[s][q], __ATOMIC_RELAXED);
            if (q < n && c == 0) lost++;
            if (q < n && c > 1) dup++;
            if (q >= n && c != 0) dup++;
        }
    }
    printf("stress_select: %.1f s, %ld values sent, %ld received, %ld "
           "selects, %ld closes seen, lost %ld, duplicated %ld, bad %d\n",
           (gort_nanotime() - start) / 1e9, total, atomic_load(&nrecv),
           atomic_load(&nsel), atomic_load(&nclosedseen), lost, dup,
           atomic_load(&bad));
    if (lost || dup || atomic_load(&bad) || total == 0 ||
        atomic_load(&nclosedseen) != (long)NRECV * NCH)
        rc = 1;
}

int main(void) {
    secs = tl_stress_seconds(2.0);
    gort_config cfg = {.gomaxprocs = 4};
    gort_main(&cfg, main_fn, NULL);
    if (rc) fprintf(stderr, "stress_select: FAILED\n");
    return rc;
}
