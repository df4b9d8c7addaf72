/*
 * sysmon.c — the system monitor: a thread without a P that watches the
 * scheduler.
 *
 * Every 20 µs (backing off to 10 ms when there is nothing to do) it
 *   - retakes the P of an M that has been in a blocking C call
 *     (gort_syscall_enter) since the previous tick, so the P's goroutines run
 *     on another M ("syscall handoff");
 *   - asks a goroutine that has run for more than 10 ms without
 *     rescheduling to yield (sets the per-M preempt flag that
 *     gort_preempt_pending() reads);
 *   - polls the network if no M has for 10 ms;
 *   - prints GODEBUG=schedtrace lines.
 * Memory-related duties (forced GC every 2 minutes, the scavenger) hook in
 * here too (see rt_sysmon_hook).
 *
 * It runs without a P, so it never runs goroutines and never holds
 * sched.lock for long.  It reads P and M fields racily on purpose; every
 * action it takes is a CAS or an idempotent flag.
 */
#include "runtime.h"

#include <stdlib.h>
#include <unistd.h>

#define FORCE_PREEMPT_NS (10 * 1000 * 1000)

static void (*sysmon_hooks[4])(int64_t now);
static int nhooks;

void rt_sysmon_hook(void (*fn)(int64_t now)) {
    if (nhooks == (int)RT_ARRAY_LEN(sysmon_hooks))
        rt_throw("sysmon: too many hooks");
    sysmon_hooks[nhooks++] = fn;
}

/* Returns the number of Ps retaken. */
static int retake(int64_t now) {
    int n = 0;
    int np = ald(&rt_sched.gomaxprocs);
    for (int i = 0; i < np; i++) {
        P *pp = ald(&rt_allp[i]);
        if (!pp) continue;
        uint32_t s = ald(&pp->status);
        if (s == Prunning || s == Psyscall) {
            uint64_t t = ald_relaxed(&pp->schedtick);
            if (pp->sysmontick != t) {
                pp->sysmontick = t;
                pp->schedwhen = now;
            } else if (pp->schedwhen + FORCE_PREEMPT_NS <= now) {
                /* Psyscall too, as Go: a goroutine that loops on short
                 * blocking calls changes syscalltick every time, so it is
                 * never retaken below, and would keep its P (and the
                 * goroutines queued on it) for ever; the flag makes
                 * gort_syscall_exit yield.  A P in a syscall has no M
                 * (pp->m is NULL), so the flag goes on the P. */
                if (s == Psyscall) ast_relaxed(&pp->preempt, 1u);
                else rt_preemptone(pp);
            }
        }
        if (s != Psyscall) continue;
        uint64_t t = ald_relaxed(&pp->syscalltick);
        if (pp->sysmonsyscalltick != t) {
            /* First sighting of this syscall: give it one tick (>= 20 µs). */
            pp->sysmonsyscalltick = t;
            pp->syscallwhen_seen = now;
            continue;
        }
        /* Don't retake if there is nothing for the P to do, unless the
         * call has been long (so idle Ps can be counted correctly). */
        if (rt_runqempty(pp) &&
            ald_relaxed(&rt_sched.nmspinning) + ald_relaxed(&rt_sched.npidle) > 0 &&
            pp->syscallwhen_seen + FORCE_PREEMPT_NS > now)
            continue;
        if (rt_retake_syscall(pp)) n++;
    }
    return n;
}

static void *sysmon(void *arg) {
    (void)arg;
    int64_t delay = 0;
    int idle = 0;
    int64_t lasttrace = rt_nanotime();
    for (;;) {
        if (idle == 0) delay = 20;
        else if (idle > 50) delay *= 2;
        if (delay > 10000) delay = 10000;
        usleep((useconds_t)delay);
        int64_t now = rt_nanotime();
        if (ald_relaxed(&rt_sched.exiting)) {
            usleep(100000);
            continue;
        }
        /* Poll the network if nobody has for 10 ms. */
        int64_t lp = ald(&rt_sched.lastpoll);
        if (lp != 0 && lp + 10 * 1000 * 1000 < now &&
            acas(&rt_sched.lastpoll, &lp, now)) {
            int cnt;
            G *list = rt_netpoll(0, &cnt);
            if (list) {
                rt_lock(&rt_sched.lock);
                while (list) {
                    G *gp = list;
                    list = gp->schedlink;
                    for (;;) { /* the collector may hold Gscan briefly */
                        uint32_t w = Gwaiting;
                        if (acas(&gp->status, &w, (uint32_t)Grunnable)) break;
                        if (w != (Gwaiting | Gscan))
                            rt_throw("sysmon: netpoll returned a non-waiting G");
                        rt_cpu_relax();
                    }
                    rt_globrunqput(gp);
                }
                rt_unlock(&rt_sched.lock);
                for (int i = 0; i < cnt; i++) rt_wakep();
            }
        }
        if (retake(now) > 0) idle = 0;
        else idle++;
        for (int i = 0; i < nhooks; i++) sysmon_hooks[i](now);
        if (rt_debug.schedtrace > 0 &&
            lasttrace + (int64_t)rt_debug.schedtrace * 1000000 <= now) {
            lasttrace = now;
            rt_schedtrace(rt_debug.scheddetail > 0);
        }
    }
    return NULL;
}

void rt_sysmon_start(void) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, sysmon, NULL) != 0)
        rt_throw("runtime: cannot start sysmon");
    pthread_attr_destroy(&attr);
}

static const char *gstatusname(uint32_t s) {
    switch (s) {
    case Gidle: return "idle";
    case Grunnable: return "runnable";
    case Grunning: return "running";
    case Gsyscall: return "syscall";
    case Gwaiting: return "waiting";
    case Gdead: return "dead";
    case Gheld: return "held";
    default: return "???";
    }
}

/* Prints one schedtrace line (and with detailed, Go's scheddetail block). */
void rt_schedtrace(bool detailed) {
    int64_t now = rt_nanotime();
    rt_lock(&rt_sched.lock);
    int threads = rt_sched.mcount + 1; /* + sysmon */
    char buf[4096];
    int off = snprintf(buf, sizeof buf,
                       "SCHED %lldms: gomaxprocs=%d idleprocs=%d threads=%d "
                       "spinningthreads=%d idlethreads=%d runqueue=%d",
                       (long long)((now - rt_sched.starttime) / 1000000),
                       ald_relaxed(&rt_sched.gomaxprocs), ald(&rt_sched.npidle), threads,
                       ald(&rt_sched.nmspinning), rt_sched.nmidle,
                       rt_sched.runqsize);
    if (detailed) {
        off += snprintf(buf + off, sizeof buf - (size_t)off,
                        " gcwaiting=%u nmidlelocked=0 stopwait=%d "
                        "sysmonwait=0\n",
                        ald(&rt_sched.gcwaiting), rt_sched.stopwait);
    } else {
        off += snprintf(buf + off, sizeof buf - (size_t)off, " [");
        for (int i = 0; i < ald_relaxed(&rt_sched.gomaxprocs) && off < (int)sizeof buf - 16;
             i++) {
            P *pp = rt_allp[i];
            uint32_t q = ald(&pp->runqtail) - ald(&pp->runqhead);
            off += snprintf(buf + off, sizeof buf - (size_t)off, "%s%u",
                            i ? " " : "", q);
        }
        off += snprintf(buf + off, sizeof buf - (size_t)off, "]\n");
    }
    rt_write(buf, strlen(buf));
    if (detailed) {
        for (int i = 0; i < ald_relaxed(&rt_sched.gomaxprocs); i++) {
            P *pp = rt_allp[i];
            M *mp = ald(&pp->m);
            rt_printf("  P%d: status=%u schedtick=%llu syscalltick=%llu "
                      "m=%lld runqsize=%u gfreecnt=%d timerslen=%d\n",
                      i, ald(&pp->status), (unsigned long long)pp->schedtick,
                      (unsigned long long)pp->syscalltick,
                      mp ? (long long)mp->id : -1LL,
                      ald(&pp->runqtail) - ald(&pp->runqhead), pp->ngfree,
                      ald(&pp->ntimers));
        }
        for (M *mp = ald(&rt_sched.allm); mp; mp = mp->alllink) {
            P *pp = mp->p;
            G *gp = mp->curg;
            rt_printf("  M%lld: p=%d curg=%lld mallocing=0 throwing=%d "
                      "preemptoff= locks=%d dying=%d spinning=%s "
                      "blocked=%s lockedg=-1\n",
                      (long long)mp->id, pp ? pp->id : -1,
                      gp ? (long long)gp->goid : -1LL, mp->dying, mp->locks,
                      mp->dying, mp->spinning ? "true" : "false",
                      mp->blocked ? "true" : "false");
        }
        size_t n = ald(&rt_allglen);
        G **all = ald(&rt_allgs);
        for (size_t i = 0; i < n; i++) {
            G *gp = all[i];
            uint32_t s = ald(&gp->status);
            if (s == Gdead) continue;
            M *mp = gp->m;
            rt_printf("  G%lld: status=%u(%s) m=%lld lockedm=-1\n",
                      (long long)gp->goid, s,
                      s == Gwaiting && gp->waitreason ? gp->waitreason
                                                      : gstatusname(s),
                      mp ? (long long)mp->id : -1LL);
        }
    }
    rt_unlock(&rt_sched.lock);
}
