/*
 * os.c: natives of package os (stdlib/os/os.go declares the API).
 *
 * os.Exit ends the process at once with the status given, as Go's does:
 * deferred calls do not run and the runtime is not shut down cleanly.
 * os.Args is a package variable: a read compiles to a call of the getter
 * registered under "os.Args", which builds the []string from vm_args (the
 * program's path, then its arguments, as `gort run` passes them). Each
 * read makes a new slice, so a script that assigns to os.Args[i] does not
 * see it on the next read (assigning to os.Args itself does not compile).
 *
 * Stdin, Stdout and Stderr are *File values pointing at three static
 * descriptors (stdfiles[]): the declared File has no fields, so a File
 * is known by its address, and the same address comes back on every
 * read, as Go's variables do. Their Write and WriteString make one
 * write(2) per call (Go's os.File is unbuffered too); that is what
 * fmt.Fprint reaches through io.Writer. Any other *File (a script's
 * &os.File{}, or nil) is invalid, as Go's zero File is.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "natives.h"

/* func Exit(code int) */
static void os_Exit(struct vmstate *vm, vmslot *r) {
    (void)vm;
    gort_exit((int)r[0].i);
}

/* func Getpid() int */
static void os_Getpid(struct vmstate *vm, vmslot *r) {
    (void)vm;
    extern int getpid(void);
    r[0].i = getpid();
}

/* var Args []string */
static void os_Args(struct vmstate *vm, vmslot *r) {
    (void)vm;
    char **argv;
    int argc = vm_args(&argv);
    gort_slice s = gort_make_slice(&gort_type_string, argc, argc);
    gort_string *e = s.ptr;
    for (int i = 0; i < argc; i++) {
        gort_string a = gort_string_new(argv[i], (intptr_t)strlen(argv[i]));
        gort_store_ptr((void **)(void *)&e[i].ptr, (void *)a.ptr);
        e[i].len = a.len;
    }
    r[0].p = s.ptr;
    r[1].i = s.len;
    r[2].i = s.cap;
}

/* The standard files; a File is known by its address here. */
typedef struct stdfile {
    int fd;
    const char *name;
} stdfile;
static stdfile stdfiles[3] = {{0, "/dev/stdin"}, {1, "/dev/stdout"}, {2, "/dev/stderr"}};

static const stdfile *file_of(const void *f) {
    for (int i = 0; i < 3; i++)
        if (f == &stdfiles[i]) return &stdfiles[i];
    return NULL;
}

/* var Stdin, Stdout, Stderr *File */
static void os_Stdin(struct vmstate *vm, vmslot *r) { (void)vm, r[0].p = &stdfiles[0]; }
static void os_Stdout(struct vmstate *vm, vmslot *r) { (void)vm, r[0].p = &stdfiles[1]; }
static void os_Stderr(struct vmstate *vm, vmslot *r) { (void)vm, r[0].p = &stdfiles[2]; }

void vm_errors_new(struct vmstate *vm, gort_string s, vmslot *out);

static void set_error(struct vmstate *vm, const char *msg, vmslot *out) {
    vm_errors_new(vm, gort_string_new(msg, (intptr_t)strlen(msg)), out);
}

/* write(2)s all of p to f; results (n int, err error) at out. */
static void file_write(struct vmstate *vm, const void *fp, const char *p, intptr_t n, vmslot *out) {
    const stdfile *f = file_of(fp);
    out[0].i = 0;
    out[1].p = out[2].p = NULL;
    if (!f) {
        set_error(vm, "invalid argument", out + 1);
        return;
    }
    intptr_t off = 0;
    while (off < n) {
        ssize_t k = write(f->fd, p + off, (size_t)(n - off));
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            char msg[256];
            snprintf(msg, sizeof msg, "write %s: %s", f->name, strerror(k < 0 ? errno : EIO));
            set_error(vm, msg, out + 1);
            break;
        }
        off += k;
    }
    out[0].i = off;
}

/* func (f *File) Write(b []byte) (n int, err error) */
static void file_Write(struct vmstate *vm, vmslot *r) { file_write(vm, r[0].p, r[1].p, (intptr_t)r[2].i, r + 4); }

/* func (f *File) WriteString(s string) (n int, err error) */
static void file_WriteString(struct vmstate *vm, vmslot *r) {
    file_write(vm, r[0].p, r[1].s, (intptr_t)r[2].i, r + 3);
}

/* func (f *File) Name() string */
static void file_Name(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const stdfile *f = file_of(r[0].p);
    if (!f) gort_panic_nil(0, 0);
    r[1].s = f->name;
    r[2].i = (int64_t)strlen(f->name);
}

/* func (f *File) Fd() uintptr */
static void file_Fd(struct vmstate *vm, vmslot *r) {
    (void)vm;
    const stdfile *f = file_of(r[0].p);
    r[1].i = f ? f->fd : -1;
}

static const vmnative natives[] = {
    {"os.(*File).Fd", file_Fd},
    {"os.(*File).Name", file_Name},
    {"os.(*File).Write", file_Write},
    {"os.(*File).WriteString", file_WriteString},
    {"os.Stderr", os_Stderr},
    {"os.Stdin", os_Stdin},
    {"os.Stdout", os_Stdout},
    {"os.Args", os_Args},
    {"os.Exit", os_Exit},
    {"os.Getpid", os_Getpid},
};
const vmnative_table vm_natives_os = {natives, (int)(sizeof natives / sizeof natives[0])};
