/*
 * natives.c: the registry of natives (C functions bound to stdlib
 * declarations by qualified name; natives.h describes the convention).
 *
 * Two sources feed it. The stdlib's own tables are compiled in and listed
 * here by name (builtin[]): a table per package, defined next to the
 * package's declarations in stdlib/<pkg>/<pkg>.c. A host adds tables with
 * vm_natives_register. A lookup walks the host tables newest first, then
 * the built-in ones, comparing names: it runs once per distinct callee at
 * compile time, never while a program runs (the generated code holds the
 * function pointer), so a hash table would buy nothing.
 *
 * The host tables live in a fixed array published with a release store of
 * the count, so compilations on other threads may look up while a host
 * registers (registration itself is serialised by a mutex).
 *
 * Rejected: constructor functions that register each package (a static
 * library drops object files nothing references, and with them their
 * constructors); a dlsym lookup of a mangled symbol per name (needs
 * -rdynamic and exported symbols, and fails for hosts that strip).
 */
#include "natives.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "types.h"

extern const vmnative_table vm_natives_fmt, vm_natives_math, vm_natives_os, vm_natives_strings;

static const vmnative_table *const builtin[] = {
    &vm_natives_fmt,
    &vm_natives_math,
    &vm_natives_os,
    &vm_natives_strings,
};

enum { MAX_HOST_TABLES = 64 };
static const vmnative_table *host[MAX_HOST_TABLES];
static int nhost;                 /* published with release; read with acquire */
static pthread_mutex_t host_mu = PTHREAD_MUTEX_INITIALIZER;

static const vmnative *find(const vmnative_table *t, const char *name) {
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->v[i].name, name) == 0) return &t->v[i];
    return NULL;
}

const vmnative *vm_native_lookup(const char *name) {
    int n = __atomic_load_n(&nhost, __ATOMIC_ACQUIRE);
    for (int i = n - 1; i >= 0; i--) {
        const vmnative *f = find(host[i], name);
        if (f) return f;
    }
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) {
        const vmnative *f = find(builtin[i], name);
        if (f) return f;
    }
    return NULL;
}

bool vm_natives_register(const vmnative_table *t) {
    pthread_mutex_lock(&host_mu);
    bool ok = nhost < MAX_HOST_TABLES;
    if (ok) {
        host[nhost] = t;
        __atomic_store_n(&nhost, nhost + 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&host_mu);
    return ok;
}

void vm_native_qualname(const gobj *o, char *buf, size_t n) {
    const char *pkg = o->pkg ? o->pkg->path : "";
    gtype *sig = o->type;
    gobj *recv = sig && sig->kind == K_FUNC ? sig->recv : NULL;
    if (!recv) {
        snprintf(buf, n, "%s.%s", pkg, o->name);
        return;
    }
    gtype *rt = recv->type;
    bool ptr = rt && rt->kind == K_POINTER;
    if (ptr) rt = rt->elem;
    const char *tname = rt && rt->kind == K_NAMED && rt->obj ? rt->obj->name : "?";
    if (ptr) snprintf(buf, n, "%s.(*%s).%s", pkg, tname, o->name);
    else snprintf(buf, n, "%s.%s.%s", pkg, tname, o->name);
}
