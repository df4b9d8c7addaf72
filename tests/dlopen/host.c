/*
 * host.c — a program that does not link libgort.a but loads a module that
 * does (argv[1], gort_dlmod.so) with dlopen, runs goroutines through it,
 * and dlcloses it.  The runtime pins its module on start (RTLD_NODELETE),
 * because its threads keep running module code: after dlclose the module
 * must still be loaded and callable.  Exits 0 when all that holds.
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

typedef int64_t (*runfn)(int n);

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_dlopen MODULE.so\n");
        return 2;
    }
    void *h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    runfn run = (runfn)(uintptr_t)dlsym(h, "mod_run");
    if (!run) {
        fprintf(stderr, "dlsym: %s\n", dlerror());
        return 1;
    }
    int64_t got = run(100);
    if (got != 100) {
        fprintf(stderr, "mod_run(100) = %lld\n", (long long)got);
        return 1;
    }
    if (dlclose(h) != 0) {
        fprintf(stderr, "dlclose: %s\n", dlerror());
        return 1;
    }
    /* Still there: the runtime's own reference cannot be dropped. */
    void *again = dlopen(argv[1], RTLD_NOW | RTLD_NOLOAD);
    if (!again) {
        fprintf(stderr, "the module was unloaded by dlclose\n");
        return 1;
    }
    got = run(50); /* the old pointer is still valid code */
    if (got != 50) {
        fprintf(stderr, "mod_run(50) after dlclose = %lld\n", (long long)got);
        return 1;
    }
    printf("ok: 150 goroutines through a dlopen'ed libgort, module pinned\n");
    return 0;
}
