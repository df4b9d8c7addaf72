/*
 * netpoll.c — the network poller on epoll.
 *
 * A goroutine that would block on a file descriptor parks instead
 * (gort_fd_wait), and its M goes on running other goroutines.  The
 * scheduler asks the poller for goroutines whose fds became ready: without
 * blocking from findrunnable, and blocking (with the nearest timer as
 * timeout) from the one idle M that sleeps in epoll_wait.
 *
 * Each fd has a pollDesc, created on its first wait and registered once,
 * edge-triggered, for both directions.  Per direction it holds either a
 * parked G or a "ready" bit: an edge that arrives with nobody waiting is
 * remembered, and the next wait consumes it instead of parking.  So the
 * user's loop "try the I/O; on EAGAIN wait; retry" never misses an edge.
 *
 *     pollDesc (per fd, lock)        epoll (edge-triggered, IN|OUT|RDHUP)
 *       rg: G* | NULL, rready            |
 *       wg: G* | NULL, wready     <------+ netpoll(): mark ready / take G
 *       rt, wt: deadline timers
 *
 * Deadlines are runtime timers that wake the waiter with GORT_FD_TIMEOUT;
 * gort_fd_close wakes both waiters with GORT_FD_CLOSED before closing.  A
 * seq number in the pollDesc invalidates timers armed for an earlier fd
 * with the same number.
 *
 * pollDescs are never freed (fd numbers are reused); they live in a
 * two-level table indexed by fd, so lookup needs no lock.
 *
 * Rejected: a lock-free state word per direction as Go has (pdReady/
 * pdWait CAS protocol).  The pollDesc lock is uncontended in practice and
 * the protocol is easier to read; docs/scheduler.md shows where to change
 * it if profiles say otherwise.
 *
 * Lock order: pollDesc.lock > timer locks.
 */
#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

typedef struct PollDesc {
    rt_mutex lock;
    int fd;
    bool registered;     /* added to epoll */
    bool alwaysready;    /* epoll refused it (a regular file) */
    bool closing;
    bool rready, wready; /* an edge arrived with no waiter */
    G *rg, *wg;          /* parked waiters */
    gort_fd_result *rres, *wres; /* where to store the waiter's result */
    uintptr_t seq;       /* bumped on close */
    Timer rt, wt;        /* deadline timers */
} PollDesc;

#define PD_L1 4096
#define PD_L2 1024
static PollDesc **pdtab[PD_L1];

static int epfd = -1;
#define BREAK_KEY UINT64_MAX /* epoll data of the eventfd that interrupts a poll */
static int breakfd = -1;
static uint32_t breakpending;
static bool inited;
int rt_netpollWaiters;

bool rt_netpollinited(void) { return inited; }

void rt_netpollinit(void) {
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) rt_throwf("runtime: epoll_create1 failed: %s", strerror(errno));
    breakfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (breakfd < 0) rt_throwf("runtime: eventfd failed: %s", strerror(errno));
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = BREAK_KEY};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, breakfd, &ev) != 0)
        rt_throwf("runtime: epoll_ctl(breakfd) failed: %s", strerror(errno));
    inited = true;
}

void rt_netpollBreak(void) {
    uint32_t z = 0;
    if (!acas(&breakpending, &z, 1)) return;
    uint64_t one = 1;
    for (;;) {
        ssize_t n = write(breakfd, &one, sizeof one);
        if (n == sizeof one || errno == EAGAIN) return;
        if (errno != EINTR) rt_throwf("runtime: netpollBreak write failed: %s",
                                      strerror(errno));
    }
}

static PollDesc *pdget(int fd) {
    if (fd < 0 || fd >= PD_L1 * PD_L2)
        rt_throwf("gort_fd_wait: fd %d out of range", fd);
    PollDesc **l2 = ald(&pdtab[fd / PD_L2]);
    if (!l2) {
        PollDesc **n = calloc(PD_L2, sizeof *n);
        if (!n) rt_throw("runtime: out of memory in netpoll");
        PollDesc **z = NULL;
        if (acas(&pdtab[fd / PD_L2], &z, n)) l2 = n;
        else { free(n); l2 = z; }
    }
    PollDesc *pd = ald(&l2[fd % PD_L2]);
    if (!pd) {
        PollDesc *n = calloc(1, sizeof *n);
        if (!n) rt_throw("runtime: out of memory in netpoll");
        n->fd = fd;
        PollDesc *z = NULL;
        if (acas(&l2[fd % PD_L2], &z, n)) pd = n;
        else { free(n); pd = z; }
    }
    return pd;
}

static PollDesc *pdlookup(int fd) {
    if (fd < 0 || fd >= PD_L1 * PD_L2) return NULL;
    PollDesc **l2 = ald(&pdtab[fd / PD_L2]);
    return l2 ? ald(&l2[fd % PD_L2]) : NULL;
}

/* Takes the waiter of one direction (pd->lock held); NULL if none. */
static G *take(PollDesc *pd, bool read, gort_fd_result res) {
    G **gpp = read ? &pd->rg : &pd->wg;
    G *gp = *gpp;
    if (!gp) return NULL;
    *gpp = NULL;
    *(read ? pd->rres : pd->wres) = res;
    rt_deltimer(read ? &pd->rt : &pd->wt);
    return gp;
}

static void deadline_fired(void *arg, uintptr_t seq, int64_t now) {
    (void)now;
    PollDesc *pd = (PollDesc *)((uintptr_t)arg & ~(uintptr_t)1);
    bool read = ((uintptr_t)arg & 1) != 0;
    rt_lock(&pd->lock);
    G *gp = NULL;
    if (seq == pd->seq) {
        G **gpp = read ? &pd->rg : &pd->wg;
        gp = *gpp;
        if (gp) {
            *gpp = NULL;
            *(read ? pd->rres : pd->wres) = GORT_FD_TIMEOUT;
        }
    }
    rt_unlock(&pd->lock);
    if (gp) {
        axadd(&rt_netpollWaiters, -1);
        rt_goready(gp);
    }
}

static bool fdwait_unlock(G *gp, void *arg) {
    (void)gp;
    rt_unlock(&((PollDesc *)arg)->lock);
    return true;
}

gort_fd_result gort_fd_wait(int fd, gort_fd_mode mode, int64_t deadline) {
    G *gp = rt_mustg("gort_fd_wait");
    if (mode != GORT_FD_READ && mode != GORT_FD_WRITE)
        rt_throwf("gort_fd_wait: bad mode %d (want GORT_FD_READ or "
                  "GORT_FD_WRITE)",
                  (int)mode);
    PollDesc *pd = pdget(fd);
    bool read = mode == GORT_FD_READ;
    rt_lock(&pd->lock);
    if (!pd->registered && !pd->alwaysready) {
        struct epoll_event ev = {
            .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
            .data.u64 = (uint64_t)fd};
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) == 0) {
            pd->registered = true;
        } else if (errno == EPERM) {
            pd->alwaysready = true; /* regular files never block */
        } else if (errno == EBADF) {
            rt_unlock(&pd->lock);
            return GORT_FD_CLOSED;
        } else {
            int e = errno;
            rt_unlock(&pd->lock);
            rt_throwf("gort_fd_wait: epoll_ctl(fd %d): %s", fd, strerror(e));
        }
    }
    if (pd->alwaysready) {
        rt_unlock(&pd->lock);
        return GORT_FD_READY;
    }
    bool *ready = read ? &pd->rready : &pd->wready;
    if (*ready) {
        *ready = false;
        rt_unlock(&pd->lock);
        return GORT_FD_READY;
    }
    if (deadline != 0 && deadline <= rt_nanotime()) {
        rt_unlock(&pd->lock);
        return GORT_FD_TIMEOUT;
    }
    if (read ? pd->rg : pd->wg) {
        rt_unlock(&pd->lock);
        rt_throwf("gort_fd_wait: two goroutines waiting to %s fd %d",
                  read ? "read" : "write", fd);
    }
    gort_fd_result res = GORT_FD_READY;
    if (read) { pd->rg = gp; pd->rres = &res; }
    else { pd->wg = gp; pd->wres = &res; }
    if (deadline != 0) {
        Timer *t = read ? &pd->rt : &pd->wt;
        t->f = deadline_fired;
        t->arg = (void *)((uintptr_t)pd | (read ? 1u : 0u));
        t->seq = pd->seq;
        t->period = 0;
        rt_modtimer(t, deadline, 0);
    }
    axadd(&rt_netpollWaiters, 1);
    rt_gopark(fdwait_unlock, pd, WAIT_IO);
    return res;
}

int gort_fd_close(int fd) {
    PollDesc *pd = pdlookup(fd);
    if (pd) {
        rt_lock(&pd->lock);
        G *r = take(pd, true, GORT_FD_CLOSED);
        G *w = take(pd, false, GORT_FD_CLOSED);
        if (pd->registered) epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
        pd->registered = false;
        pd->alwaysready = false;
        pd->rready = pd->wready = false;
        pd->seq++;
        rt_unlock(&pd->lock);
        if (r) { axadd(&rt_netpollWaiters, -1); rt_goready(r); }
        if (w) { axadd(&rt_netpollWaiters, -1); rt_goready(w); }
    }
    return close(fd);
}

/* epoll_pwait2 (Linux 5.11+) takes a timespec, so a goroutine sleeping
 * 50 us on an otherwise idle machine wakes after ~50 us, not after
 * epoll_wait's 1 ms granularity.  Older kernels fall back to ms. */
static int nopwait2;

static int epwait(struct epoll_event *evs, int nevs, int64_t delay) {
#ifdef SYS_epoll_pwait2
    if (!ald_relaxed(&nopwait2)) {
        struct timespec ts, *tsp = NULL;
        if (delay >= 0) {
            ts.tv_sec = delay / 1000000000;
            ts.tv_nsec = delay % 1000000000;
            tsp = &ts;
        }
        long k = syscall(SYS_epoll_pwait2, epfd, evs, nevs, tsp, NULL, 0);
        if (k >= 0 || errno != ENOSYS) return (int)k;
        ast_relaxed(&nopwait2, 1);
    }
#endif
    int timeout;
    if (delay < 0) timeout = -1;
    else if (delay == 0) timeout = 0;
    else if (delay < 1000000) timeout = 1;
    else if (delay < (int64_t)1e15) timeout = (int)(delay / 1000000);
    else timeout = 1000000000;
    return epoll_wait(epfd, evs, nevs, timeout);
}

G *rt_netpoll(int64_t delay, int *n) {
    struct epoll_event evs[128];
    G *list = NULL, *tail = NULL;
    *n = 0;
    int k;
    for (;;) {
        k = epwait(evs, (int)RT_ARRAY_LEN(evs), delay);
        if (k >= 0) break;
        if (errno != EINTR)
            rt_throwf("runtime: epoll_wait failed: %s", strerror(errno));
        if (delay > 0) return NULL; /* let the caller recompute */
    }
    for (int i = 0; i < k; i++) {
        uint32_t e = evs[i].events;
        if (evs[i].data.u64 == BREAK_KEY) {
            uint64_t v;
            while (read(breakfd, &v, sizeof v) > 0) {}
            ast(&breakpending, 0u);
            continue;
        }
        /* The event names the fd, not the pollDesc: looking it up through
         * the table (published with a release CAS) orders its creation
         * before our use in a way ThreadSanitizer can see; the kernel's
         * epoll hand-off is invisible to it.  Same pollDesc either way
         * (one per fd number, never freed). */
        PollDesc *pd = pdlookup((int)evs[i].data.u64);
        if (!pd) continue;
        bool r = e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR);
        bool w = e & (EPOLLOUT | EPOLLHUP | EPOLLERR);
        rt_lock(&pd->lock);
        G *gs[2] = {NULL, NULL};
        if (r && !(gs[0] = take(pd, true, GORT_FD_READY))) pd->rready = true;
        if (w && !(gs[1] = take(pd, false, GORT_FD_READY))) pd->wready = true;
        rt_unlock(&pd->lock);
        for (int j = 0; j < 2; j++) {
            G *gp = gs[j];
            if (!gp) continue;
            axadd(&rt_netpollWaiters, -1);
            gp->schedlink = NULL;
            if (tail) tail->schedlink = gp;
            else list = gp;
            tail = gp;
            (*n)++;
        }
    }
    return list;
}
