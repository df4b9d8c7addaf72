/*
 * traceback.c — printing, fatal errors, goroutine dumps and signals.
 *
 * Everything here may run when the process is already broken (a throw, a
 * stack overflow, a SIGQUIT), so it writes straight to fd 2 with write(2),
 * formats into stack buffers, and never takes a runtime lock that a
 * crashed thread might hold (it reads the G list racily, as Go does).
 *
 * A dump looks like Go's:
 *
 *     goroutine 1 [chan receive]:
 *     rt_gopark(...)
 *             /path/to/prog+0x1a2b3
 *     main_worker(...)
 *             /path/to/prog+0x1c000
 *     created by main
 *             /path/to/prog+0x1c0aa
 *
 * Frames are found by walking frame pointers (everything gort builds uses
 * -fno-omit-frame-pointer) from the context a parked goroutine saved in
 * rt_ctx_swap; the running goroutine uses glibc's backtrace().  Names come
 * from the executable's own ELF symbol table (so static functions are
 * named too, and a statically linked program, which dladdr cannot see, is
 * named all the same) and from dladdr for shared libraries.  "module+0xOFF" is what
 * `addr2line -e module 0xOFF` turns into file:line.  The symbol table is
 * read on the first traceback, not at start-up (needsyms): the read is
 * async-signal-safe, so a crash or SIGQUIT handler may be the first.
 * Rejected: reading it in rt_traceback_init, as before, so that handlers
 * need not malloc; sorting the symbols of a static gort took 2 million
 * instructions, most of a fresh `gort run hello.go`.
 *
 * GOTRACEBACK: none (no goroutine traces), single (default: the failing
 * goroutine; fatal errors and SIGQUIT show all), all, system/crash (all;
 * crash also aborts for a core dump).  A goroutine with VM hooks prints
 * its script frames (the describe hook) and, below system, nothing else.
 */
#include "runtime.h"

#include <dlfcn.h>
#include <elf.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <ucontext.h>
#include <unistd.h>

__thread rt_capture *rt_capturing;

void rt_write(const char *s, size_t n) {
    rt_capture *c = rt_capturing;
    if (unlikely(c != NULL)) {
        size_t k = c->len + n < c->cap ? n : c->cap - 1 - c->len;
        memcpy(c->buf + c->len, s, k);
        c->len += k;
        c->buf[c->len] = 0;
        return;
    }
    while (n > 0) {
        ssize_t w = write(2, s, n);
        if (w <= 0) return;
        s += w;
        n -= (size_t)w;
    }
}

void rt_vprintf(const char *fmt, va_list ap) {
    char buf[1024];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    if (n < 0) return;
    if ((size_t)n >= sizeof buf) n = sizeof buf - 1;
    rt_write(buf, (size_t)n);
}

void rt_printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    rt_vprintf(fmt, ap);
    va_end(ap);
}

void rt_flush_stdout(void) {
    if (ftrylockfile(stdout) == 0) {
        fflush_unlocked(stdout);
        funlockfile(stdout);
    }
}

static int tbcrash;

GORT_NORETURN void rt_exit(int code) {
    if (tbcrash) abort();
    _exit(code);
}

int rt_gotraceback(void) {
    static int level = -1;
    if (level >= 0) return level;
    const char *s = getenv("GOTRACEBACK");
    int l = 1;
    if (s) {
        if (!strcmp(s, "none") || !strcmp(s, "0")) l = 0;
        else if (!strcmp(s, "single") || !strcmp(s, "")) l = 1;
        else if (!strcmp(s, "all") || !strcmp(s, "1")) l = 2;
        else if (!strcmp(s, "system") || !strcmp(s, "2")) l = 3;
        else if (!strcmp(s, "crash")) { l = 3; tbcrash = 1; }
    }
    level = l;
    return l;
}

/* ---------------------------------------------------------------------- */
/* Symbols                                                                 */
/* ---------------------------------------------------------------------- */

typedef struct Sym {
    uintptr_t addr;
    size_t size;
    const char *name;
} Sym;

/* The executable's symbols, loaded on first use (needsyms): a process that
 * never prints a traceback never reads them (sorting ~5,000 of them was
 * most of a fresh `gort run`'s instructions). The load may happen inside a
 * signal handler, so it uses only async-signal-safe calls (readlink, open,
 * mmap; the table is mmap'd and sorted in place, never malloc'd). symstate
 * says who may read the tables below: SYMS_READY means they are complete
 * and never change again. */
enum { SYMS_NONE, SYMS_LOADING, SYMS_READY };
static _Atomic int symstate;
static Sym *exesyms;
static size_t nexesyms;
static char exepath[512];
/* Where the main program lies in memory: its load bias (0 unless it is
 * position-independent) and the span of its PT_LOAD segments.  They come
 * from the auxiliary vector and the program headers, not from dladdr,
 * which knows nothing of a statically linked program. */
static uintptr_t exebias, exelo, exehi;

/* Symbols at one address (gort_panic and the compiler's
 * gort_panic.localalias, or foo and foo.cold's neighbour) are ordered so
 * that the plain C name comes last, which is the one symname's search
 * lands on: a name with a '.' ranks below one without. */
static bool symless(const Sym *x, const Sym *y) {
    if (x->addr != y->addr) return x->addr < y->addr;
    return strchr(x->name, '.') != NULL && strchr(y->name, '.') == NULL;
}

/* Heapsort of exesyms by (address, rank): in place, no allocation (see
 * above). */
static void symsift(Sym *v, size_t i, size_t n) {
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) return;
        if (c + 1 < n && symless(&v[c], &v[c + 1])) c++;
        if (!symless(&v[i], &v[c])) return;
        Sym t = v[i];
        v[i] = v[c];
        v[c] = t;
        i = c;
    }
}

static void symsort(Sym *v, size_t n) {
    for (size_t i = n / 2; i-- > 0;) symsift(v, i, n);
    for (size_t k = n; k > 1; k--) {
        Sym t = v[0];
        v[0] = v[k - 1];
        v[k - 1] = t;
        symsift(v, 0, k - 1);
    }
}

/* The program headers are mapped with the first PT_LOAD segment, at file
 * offset e_phoff; AT_PHDR says where they ended up, which gives the bias. */
static void exelayout(const uint8_t *img, size_t len) {
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
    if (eh->e_phoff + (size_t)eh->e_phnum * sizeof(Elf64_Phdr) > len) return;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(img + eh->e_phoff);
    uintptr_t atphdr = (uintptr_t)getauxval(AT_PHDR), lo = UINTPTR_MAX, hi = 0;
    bool biased = false;
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD) continue;
        if (!biased && ph[i].p_offset <= eh->e_phoff &&
            eh->e_phoff < ph[i].p_offset + ph[i].p_filesz) {
            exebias = atphdr - (ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset));
            biased = true;
        }
        if (ph[i].p_vaddr < lo) lo = ph[i].p_vaddr;
        if (ph[i].p_vaddr + ph[i].p_memsz > hi) hi = ph[i].p_vaddr + ph[i].p_memsz;
    }
    if (!biased || !atphdr || hi <= lo) return;
    exelo = lo + exebias;
    exehi = hi + exebias;
}

static void loadexesyms(void) {
    ssize_t l = readlink("/proc/self/exe", exepath, sizeof exepath - 1);
    if (l <= 0) return;
    exepath[l] = 0;
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
        close(fd);
        return;
    }
    const uint8_t *img =
        mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (img == MAP_FAILED) return;
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_shoff + (size_t)eh->e_shnum * sizeof(Elf64_Shdr) >
            (size_t)st.st_size)
        return;
    exelayout(img, (size_t)st.st_size);
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
    for (int i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type != SHT_SYMTAB) continue;
        const Elf64_Shdr *strs = &sh[sh[i].sh_link];
        const Elf64_Sym *syms = (const Elf64_Sym *)(img + sh[i].sh_offset);
        size_t n = sh[i].sh_size / sizeof(Elf64_Sym);
        void *m = mmap(NULL, n * sizeof *exesyms + 1, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) return;
        exesyms = m;
        for (size_t k = 0; k < n; k++) {
            if (ELF64_ST_TYPE(syms[k].st_info) != STT_FUNC || !syms[k].st_value)
                continue;
            exesyms[nexesyms].addr = syms[k].st_value;
            exesyms[nexesyms].size = syms[k].st_size;
            exesyms[nexesyms].name =
                (const char *)(img + strs->sh_offset + syms[k].st_name);
            nexesyms++;
        }
        symsort(exesyms, nexesyms);
        break;
    }
}

/* Loads the symbols once; true when they are ready. A thread that finds
 * another loading them waits for it, but not forever: the loader may be a
 * thread that crashed meanwhile, and a dump without names beats none. */
static bool needsyms(void) {
    int st = atomic_load_explicit(&symstate, memory_order_acquire);
    if (st == SYMS_READY) return true;
    if (st == SYMS_NONE &&
        atomic_compare_exchange_strong(&symstate, &st, SYMS_LOADING)) {
        loadexesyms();
        atomic_store_explicit(&symstate, SYMS_READY, memory_order_release);
        return true;
    }
    for (int i = 0; i < 2000; i++) { /* 200 ms */
        if (atomic_load_explicit(&symstate, memory_order_acquire) == SYMS_READY)
            return true;
        struct timespec ts = {0, 100 * 1000};
        nanosleep(&ts, NULL);
    }
    return false;
}

/* Names pc.  Returns the function name (or "?"), its offset, the module
 * path and pc's offset in the module.  The main program is looked up in
 * its own symbol table (static functions included), whether it is linked
 * dynamically, statically or as a static PIE; shared libraries through
 * dladdr. */
static const char *symname(uintptr_t pc, uintptr_t *off, const char **mod,
                           uintptr_t *modoff) {
    *mod = "?";
    *modoff = pc;
    *off = 0;
    if (needsyms() && exepath[0] && pc >= exelo && pc < exehi) {
        uintptr_t a = pc - exebias;
        *mod = exepath;
        *modoff = a;
        size_t lo = 0, hi = nexesyms;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (exesyms[mid].addr <= a) lo = mid + 1;
            else hi = mid;
        }
        if (lo > 0) {
            Sym *s = &exesyms[lo - 1];
            if (a < s->addr + (s->size ? s->size : 1 << 20)) {
                *off = a - s->addr;
                return s->name;
            }
        }
        return "?";
    }
    Dl_info info;
    memset(&info, 0, sizeof info);
    if (!dladdr((void *)pc, &info)) return "?";
    *mod = info.dli_fname ? info.dli_fname : "?";
    *modoff = pc - (uintptr_t)info.dli_fbase;
    if (info.dli_sname) {
        *off = pc - (uintptr_t)info.dli_saddr;
        return info.dli_sname;
    }
    return "?";
}

/* The name of the function containing pc, or "?"; for recover's check
 * (panic.c) and the tracer's stacks. */
const char *rt_funcname(uintptr_t pc) {
    uintptr_t off, modoff;
    const char *mod;
    return symname(pc, &off, &mod, &modoff);
}

static void printframe(uintptr_t pc, bool isret) {
    uintptr_t off, modoff;
    const char *mod;
    const char *name = symname(isret ? pc - 1 : pc, &off, &mod, &modoff);
    if (isret) { off++; modoff++; }
    rt_printf("%s(...)\n\t%s+%#lx\n", name, mod, (unsigned long)modoff);
}

static bool hidden(uintptr_t pc) {
    uintptr_t off, modoff;
    const char *mod;
    const char *name = symname(pc - 1, &off, &mod, &modoff);
    return !strcmp(name, "rt_ctx_swap") || !strcmp(name, "rt_switch") ||
           !strcmp(name, "rt_ctx_trampoline") || !strcmp(name, "goentry");
}

/* Walks frame pointers from fp within [lo, hi). */
static void fpwalk(uintptr_t pc, uintptr_t fp, uintptr_t lo, uintptr_t hi) {
    int depth = 0;
    if (pc && !hidden(pc)) printframe(pc, true);
    while (fp >= lo && fp + 16 <= hi && (fp & 7) == 0 && depth < 64) {
        uintptr_t *f = (uintptr_t *)fp;
        uintptr_t next = f[0], ret = f[1];
        if (!ret) break;
        if (!hidden(ret)) printframe(ret, true);
        if (next <= fp) break;
        fp = next;
        depth++;
    }
}

static void created_by(G *gp) {
    if (!gp->gopc) return;
    uintptr_t off, modoff;
    const char *mod;
    const char *name = symname((uintptr_t)gp->gopc - 1, &off, &mod, &modoff);
    rt_printf("created by %s\n\t%s+%#lx\n", name, mod,
              (unsigned long)modoff + 1); /* Go 1.19: no "in goroutine N" */
}

static void gheader(G *gp, const char *state) {
    rt_printf("goroutine %lld [%s]:\n", (long long)gp->goid, state);
}

/* A goroutine held in place by a stop-the-world (preempt.c): its frames,
 * from the context its M published.  The walk stays inside its stack even
 * if the world starts meanwhile and it runs on.  false: none to show. */
static bool heldframes(G *gp) {
    M *mp = ald(&gp->m);
    if (!mp || !ald(&mp->held)) return false;
    const ucontext_t *uc = ald(&mp->stwreq.uc);
    if (!uc) return false;
#if defined(__x86_64__)
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    uintptr_t fp = (uintptr_t)uc->uc_mcontext.gregs[REG_RBP];
#elif defined(__aarch64__)
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.pc;
    uintptr_t fp = (uintptr_t)uc->uc_mcontext.regs[29];
#else
    uintptr_t pc = 0, fp = 0;
#endif
    if (!pc) return false;
    rt_printf("\tgoroutine held in place by a stop-the-world\n");
    printframe(pc, false);
    fpwalk(0, fp, gp->stack_lo, gp->stack_hi);
    return true;
}

static const char *gstate(G *gp) {
    switch (ald(&gp->status)) {
    case Grunnable: return "runnable";
    case Grunning:
    case Gheld: return "running"; /* mid-computation, as Go says */
    case Gsyscall: return "syscall";
    case Gwaiting: return gp->waitreason ? gp->waitreason : "waiting";
    case Gidle: return "idle";
    default: return "dead";
    }
}

static void vmframes(G *gp) {
    if (gp->hooks && gp->hooks->describe)
        gp->hooks->describe(gp->hooks_ctx, rt_write);
}

/* A goroutine running an interpreter (VM hooks that describe its frames)
 * is shown by its script frames alone, as Go hides its runtime's frames;
 * the C frames beneath them (the interpreter, the runtime) and the C
 * "created by" line show at GOTRACEBACK=system or crash. */
static bool vmonly(G *gp) {
    return gp->hooks && gp->hooks->describe && rt_gotraceback() < 3;
}

void rt_traceback_g(G *gp, bool current) {
    if (current) {
        gheader(gp, "running");
        vmframes(gp);
        if (vmonly(gp)) return;
        void *pcs[64];
        int n = backtrace(pcs, 64);
        /* Skip the dump machinery itself. */
        int start = 0;
        for (int i = 0; i < n; i++) {
            uintptr_t off, modoff;
            const char *mod;
            const char *nm = symname((uintptr_t)pcs[i] - 1, &off, &mod, &modoff);
            if (!strncmp(nm, "rt_traceback", 12) || !strncmp(nm, "rt_dump", 7) ||
                !strncmp(nm, "rt_throw", 8) || !strncmp(nm, "rt_fatal", 8) ||
                !strcmp(nm, "backtrace"))
                start = i + 1;
        }
        for (int i = start; i < n; i++) {
            if (hidden((uintptr_t)pcs[i])) continue;
            printframe((uintptr_t)pcs[i], i > 0);
        }
        created_by(gp);
        return;
    }
    uint32_t s = ald(&gp->status);
    gheader(gp, gstate(gp));
    if (s == Gheld && heldframes(gp)) {
        created_by(gp);
        return;
    }
    if (s == Grunning || s == Gsyscall || s == Gheld) {
        rt_printf("\tgoroutine running on other thread; stack unavailable\n");
        created_by(gp);
        return;
    }
    vmframes(gp);
    if (vmonly(gp)) return;
#if !GORT_UCONTEXT && (defined(__x86_64__) || defined(__aarch64__))
    uintptr_t sp = (uintptr_t)gp->ctx.sp;
    if (sp >= gp->stack_lo && sp + 8 * 12 <= gp->stack_hi) {
        uintptr_t *fr = (uintptr_t *)sp;
#if defined(__x86_64__)
        uintptr_t fp = fr[6], pc = fr[7];
#else
        uintptr_t fp = fr[10], pc = fr[11];
#endif
        fpwalk(pc, fp, gp->stack_lo, gp->stack_hi);
    }
#endif
    created_by(gp);
}

/* Prints the failing goroutine (or, on g0, the scheduler's own stack when
 * schedstack is set) and then, as the level allows, every other one.
 * lead: a blank line before the first block too (none when nothing is
 * printed, as Go's "no goroutines" deadlock). */
static void dumpgoroutines(G *cur, bool schedstack, bool lead) {
    int level = rt_gotraceback();
    if (level == 0) return;
    M *mp = rt_getm();
    bool first = !lead;
    if (cur) {
        if (lead) rt_printf("\n");
        rt_traceback_g(cur, true);
        first = false;
    } else if (mp && schedstack) {
        if (lead) rt_printf("\n");
        rt_printf("runtime stack:\n");
        void *pcs[64];
        int n = backtrace(pcs, 64);
        for (int i = 1; i < n; i++) printframe((uintptr_t)pcs[i], true);
        first = false;
    }
    if (level < 2 && !(mp && mp->dying)) return;
    size_t n = ald(&rt_allglen);
    G **all = ald(&rt_allgs);
    for (size_t i = 0; i < n; i++) {
        G *gp = all[i];
        if (gp == cur || ald(&gp->status) == Gdead) continue;
        if (gp->sys && level < 3) continue;
        if (!first) rt_printf("\n");
        first = false;
        rt_traceback_g(gp, false);
    }
}

void rt_dumpgoroutines(G *cur) { dumpgoroutines(cur, true, false); }

/* ---------------------------------------------------------------------- */
/* throw                                                                   */
/* ---------------------------------------------------------------------- */

static int throwing;

/* all == false: the error is about the goroutines, not about where the
 * scheduler noticed it (deadlock), so no "runtime stack:" block, as Go. */
GORT_NORETURN void rt_fatal_dump(const char *msg, bool all) {
    char hdr[600];
    snprintf(hdr, sizeof hdr, "fatal error: %s\n", msg);
    rt_fatal_dump_hdr(hdr, all);
}

GORT_NORETURN void rt_fatal_dump_hdr(const char *hdr, bool all) {
    M *mp = rt_getm();
    rt_capturing = NULL;
    if (mp) mp->dying = 1;
    if (axadd(&throwing, 1) > 1) {
        /* Another thread is already dying: let it finish the dump. */
        for (;;) pause();
    }
    rt_flush_stdout();
    rt_write(hdr, strlen(hdr));
    G *cur = mp ? mp->curg : NULL;
    dumpgoroutines(cur, all, true);
    rt_exit(2);
}

GORT_NORETURN void rt_throw(const char *msg) { rt_fatal_dump(msg, true); }

GORT_NORETURN void rt_throwf(const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    rt_fatal_dump(buf, true);
}

/* ---------------------------------------------------------------------- */
/* SIGQUIT                                                                 */
/* ---------------------------------------------------------------------- */

void rt_sigquit(siginfo_t *si) {
    M *mp = rt_getm();
    if (axadd(&throwing, 1) > 1) for (;;) pause();
    rt_flush_stdout();
    rt_printf("SIGQUIT: quit\nPC=%p m=%lld sigcode=%d\n\n", (void *)0,
              mp ? (long long)mp->id : -1LL, si->si_code);
    if (mp) mp->dying = 1;
    int level = rt_gotraceback();
    if (level > 0) {
        /* SIGQUIT always shows everything (as Go's does). */
        size_t n = ald(&rt_allglen);
        G **all = ald(&rt_allgs);
        G *cur = mp ? mp->curg : NULL;
        bool first = true;
        if (cur) { rt_traceback_g(cur, true); first = false; }
        for (size_t i = 0; i < n; i++) {
            G *gp = all[i];
            if (gp == cur || ald(&gp->status) == Gdead) continue;
            if (gp->sys && level < 3) continue;
            if (!first) rt_printf("\n");
            first = false;
            rt_traceback_g(gp, false);
        }
    }
    rt_exit(2);
}

void rt_traceback_init(void) {
    rt_gotraceback();
    void *warm[2];
    backtrace(warm, 2); /* loads the unwinder now, not in a crash */
    /* The symbols wait for the first traceback (needsyms). */
}
