/*
 * pipe_echo.c — an echo server and its client talking over two pipes, with
 * non-blocking fds and gort_fd_wait: goroutines wait for I/O, threads
 * never do.
 *
 *              up pipe                      down pipe
 *   client ---[w]========[r]--> server --[w]=========[r]--> client
 *   (sender)                (uppercases)               (receiver)
 *
 * Every read and write is attempted first; on EAGAIN the goroutine calls
 * gort_fd_wait, which parks it ("IO wait") until the poller (epoll, edge
 * triggered) reports the fd ready, then retries.  The program runs with
 * GOMAXPROCS=1, so all three goroutines share one P: if a wait blocked the
 * thread, the first empty pipe would hang the program.
 *
 * Part 1 sends lines one at a time and waits for each reply.  Part 2
 * streams 1 MiB through the server (pipes hold 64 KiB, so writers also
 * wait for room) from a sender goroutine while a receiver goroutine
 * checks every byte.
 *
 *     scripts/run pipe_echo
 */
#include <gort.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/*
 * read(2)/write(2) returning -errno on failure.  They read errno right
 * after the call, in a function that never parks.  Don't test errno after
 * a gort_fd_wait in the same function: the goroutine may have moved to
 * another thread, and compilers may reuse errno's (per-thread) address.
 */
static __attribute__((noinline)) ssize_t try_read(int fd, void *b, size_t n) {
    ssize_t r = read(fd, b, n);
    return r < 0 ? -errno : r;
}
static __attribute__((noinline)) ssize_t try_write(int fd, const void *b,
                                                   size_t n) {
    ssize_t r = write(fd, b, n);
    return r < 0 ? -errno : r;
}

/* Reads what is there (at least 1 byte), waiting if nothing is; 0 at EOF. */
static ssize_t read_some(int fd, void *b, size_t n, int *waits) {
    for (;;) {
        ssize_t r = try_read(fd, b, n);
        if (r != -EAGAIN) return r;
        (*waits)++;
        if (gort_fd_wait(fd, GORT_FD_READ, 0) != GORT_FD_READY) return -EBADF;
    }
}

static bool write_all(int fd, const char *p, size_t n, int *waits) {
    while (n > 0) {
        ssize_t r = try_write(fd, p, n);
        if (r == -EAGAIN) {
            (*waits)++;
            if (gort_fd_wait(fd, GORT_FD_WRITE, 0) != GORT_FD_READY) return false;
            continue;
        }
        if (r < 0) return false;
        p += r;
        n -= (size_t)r;
    }
    return true;
}

static int up[2], down[2];
static int server_waits, client_waits, sender_waits, receiver_waits;
static gort_waitgroup wg = GORT_WAITGROUP_INIT;

/* Echoes everything from up to down, uppercased, until EOF. */
static void server(void *arg) {
    (void)arg;
    char buf[4096];
    ssize_t n;
    while ((n = read_some(up[0], buf, sizeof buf, &server_waits)) > 0) {
        for (ssize_t i = 0; i < n; i++) buf[i] = (char)toupper((unsigned char)buf[i]);
        if (!write_all(down[1], buf, (size_t)n, &server_waits)) break;
    }
    gort_fd_close(down[1]); /* the client's reads see EOF */
    gort_waitgroup_done(&wg);
}

enum { STREAM = 1 << 20 };

static void sender(void *arg) {
    (void)arg;
    static char chunk[8192];
    for (size_t sent = 0; sent < STREAM; sent += sizeof chunk) {
        for (size_t i = 0; i < sizeof chunk; i++)
            chunk[i] = (char)('a' + (sent + i) % 26);
        if (!write_all(up[1], chunk, sizeof chunk, &sender_waits)) break;
    }
    gort_fd_close(up[1]); /* EOF for the server */
    gort_waitgroup_done(&wg);
}

static size_t received, bad;

static void receiver(void *arg) {
    (void)arg;
    char buf[8192];
    ssize_t n;
    while ((n = read_some(down[0], buf, sizeof buf, &receiver_waits)) > 0) {
        for (ssize_t i = 0; i < n; i++)
            if (buf[i] != (char)('A' + (received + (size_t)i) % 26)) bad++;
        received += (size_t)n;
    }
    gort_waitgroup_done(&wg);
}

static void main_fn(void *arg) {
    (void)arg;
    gort_gomaxprocs(1);
    if (pipe2(up, O_NONBLOCK | O_CLOEXEC) || pipe2(down, O_NONBLOCK | O_CLOEXEC)) {
        perror("pipe2");
        return;
    }
    gort_waitgroup_add(&wg, 1);
    gort_go(server, NULL);

    /* Part 1: request and reply, one line at a time. */
    static const char *lines[] = {"hello, gort\n", "goroutines wait, threads don't\n",
                                  "bye\n"};
    for (size_t k = 0; k < sizeof lines / sizeof *lines; k++) {
        size_t len = strlen(lines[k]);
        write_all(up[1], lines[k], len, &client_waits);
        char reply[64];
        size_t got = 0;
        while (got < len) {
            ssize_t n = read_some(down[0], reply + got, len - got, &client_waits);
            if (n <= 0) return;
            got += (size_t)n;
        }
        printf("sent %.*s  got %.*s", (int)len - 1, lines[k], (int)len, reply);
    }

    /* Part 2: a 1 MiB stream, sender and receiver in their own goroutines. */
    gort_waitgroup_add(&wg, 2);
    gort_go(sender, NULL);
    gort_go(receiver, NULL);
    gort_waitgroup_wait(&wg);
    gort_fd_close(up[0]);
    gort_fd_close(down[0]);
    printf("streamed %zu bytes through the server, %zu wrong\n", received, bad);
    printf("all on GOMAXPROCS=%d; fd waits: client %d, server %d, sender %d, "
           "receiver %d\n",
           gort_gomaxprocs(0), client_waits, server_waits, sender_waits,
           receiver_waits);
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
