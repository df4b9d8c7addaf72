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
 */
#include <string.h>

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

static const vmnative natives[] = {
    {"os.Args", os_Args},
    {"os.Exit", os_Exit},
    {"os.Getpid", os_Getpid},
};
const vmnative_table vm_natives_os = {natives, (int)(sizeof natives / sizeof natives[0])};
