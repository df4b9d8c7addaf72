/*
 * finalizer_fd.c — a finalizer that closes a file descriptor.
 *
 * A C resource (here an fd from open(2)) is wrapped in a small GC object,
 * and a finalizer registered with gort_set_finalizer closes the fd once the
 * wrapper becomes unreachable, as Go's os.File does with
 * runtime.SetFinalizer.  The program opens two files:
 *
 *     kept     stays reachable from a registered root: its fd stays open
 *     dropped  is used on a short-lived goroutine and then forgotten
 *
 * then runs gort_gc() until the finalizer has run, and shows with
 * fcntl(fd, F_GETFD) that the dropped file's fd is closed (EBADF) while the
 * kept one is still open.  Finalizers run on the runtime's finalizer
 * goroutine some time after the cycle that found the object dead, hence the
 * loop.  In real code, close files explicitly (defer); the finalizer is the
 * safety net for the ones forgotten.
 *
 * Why a goroutine: goroutine stacks are scanned conservatively, so a stale
 * copy of the wrapper's address left in a dead stack slot of main would keep
 * it alive.  Creating and dropping it on a goroutine that has exited leaves
 * no such copy.
 */
#include <gort.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The wrapper: no pointers, so a noscan type. */
typedef struct file {
    int fd;
    const char *name; /* static string, not a GC pointer */
} file;

static const gort_type file_type = {.size = sizeof(file), .align = 8,
                                    .name = "*main.file",
                                    .kind = GORT_KIND_STRUCT};

static int closed_by_finalizer = -1; /* atomic: fd the finalizer closed */

static void file_finalize(void *obj) {
    file *f = obj;
    printf("finalizer: closing %s (fd %d)\n", f->name, f->fd);
    close(f->fd);
    __atomic_store_n(&closed_by_finalizer, f->fd, __ATOMIC_RELEASE);
}

static file *open_file(const char *path, const char *name) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        perror(path);
        gort_exit(1);
    }
    file *f = gort_new(&file_type);
    f->fd = fd;
    f->name = name;
    gort_set_finalizer(f, file_finalize);
    return f;
}

static bool fd_open(int fd) { return fcntl(fd, F_GETFD) != -1; }

static file *kept; /* a registered root */

/* Opens "dropped", reads a byte, sends its fd number back and returns:
 * from then on nothing references the wrapper. */
static void use_and_drop(void *arg) {
    gort_chan *c = arg;
    file *f = open_file("/dev/zero", "dropped");
    char b;
    if (read(f->fd, &b, 1) != 1) perror("read");
    printf("opened %s as fd %d, read one byte, dropping it\n", f->name, f->fd);
    int fd = f->fd;
    gort_chan_send(c, &fd);
}

static void main_fn(void *arg) {
    (void)arg;
    gort_root_add(&kept, 1);
    kept = open_file("/dev/null", "kept");
    printf("opened %s as fd %d, keeping it\n", kept->name, kept->fd);

    gort_chan *c = gort_chan_make(&gort_type_int, 0);
    gort_go(use_and_drop, c);
    int fd;
    gort_chan_recv(c, &fd);

    int cycles = 0;
    while (__atomic_load_n(&closed_by_finalizer, __ATOMIC_ACQUIRE) != fd &&
           cycles < 50) {
        gort_gc();
        cycles++;
        gort_sleep(GORT_MILLISECOND); /* let the finalizer goroutine run */
    }
    errno = 0;
    bool dropped_open = fd_open(fd);
    int err = errno;
    printf("after %d gort_gc() call(s): fcntl(%d, F_GETFD) %s\n", cycles, fd,
           dropped_open ? "succeeds: still open" : strerror(err));
    printf("fcntl(%d, F_GETFD) on the kept file: %s\n", kept->fd,
           fd_open(kept->fd) ? "open" : "closed");
    if (dropped_open || err != EBADF || !fd_open(kept->fd)) {
        printf("FAIL\n");
        gort_exit(1);
    }
    printf("ok: the finalizer closed the dropped fd; the kept one is open\n");
    close(kept->fd);
    gort_set_finalizer(kept, NULL); /* closed by hand: no finalizer now */
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
