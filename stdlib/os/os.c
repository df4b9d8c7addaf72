/*
 * os.c: natives of package os (stdlib/os/os.go declares the API).
 *
 * os.Exit ends the process at once with the status given, as Go's does:
 * deferred calls do not run and the runtime is not shut down cleanly.
 * os.Args is a package variable the code generator fills at program start
 * from vm_args (the arguments after the program's path on `gort run`).
 */
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

static const vmnative natives[] = {
    {"os.Exit", os_Exit},
    {"os.Getpid", os_Getpid},
};
const vmnative_table vm_natives_os = {natives, (int)(sizeof natives / sizeof natives[0])};
