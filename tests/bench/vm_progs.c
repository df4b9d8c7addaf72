/*
 * bench_vm_progs: the programs run by `gort run`, against Lua 5.4
 * and compiled Go, plus gort's startup cost.
 *
 *   BENCH prog_<name>          ms  N  gort run PROG.go (CPU time of the child)
 *   BENCH prog_<name>_lua      ms  N  lua5.4 PROG.lua, the twin (CPU time)
 *   BENCH prog_<name>_vs_lua   x   N  gort / Lua (goal: <= 0.7 each)
 *   BENCH prog_geomean_vs_lua  x   N  geometric mean of the ratios that ran
 *                                     (goal: <= 0.5)
 *   BENCH gort_run_hello_wall  ms  N  `gort run hello.go`, wall time, best of 5
 *   BENCH gort_run_hello_rss   MB  N  its peak resident set size
 *
 * The programs are tests/bench/vm/<name>.go with their Lua twins
 * <name>.lua beside them; the compiled-Go twins are the same programs in
 * tests/bench/go/vm_progs (scripts/bench copies them there with main
 * renamed, so both sides run one source). Each is compiled in-process first: a program
 * the code generator of this build cannot compile yet is reported as
 * skipped, with its first error, and the run goes on. Programs run as
 * child processes (`build-bench/vm/gort run`), so their CPU time is the
 * child's (getrusage(RUSAGE_CHILDREN)) and a crash costs one row, not the
 * bench. The short ones are best of 3, the long ones one run. Without
 * lua5.4 on PATH the Lua rows are left out.
 */
#include <limits.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "benchlib.h"
#include "gortvm.h"

typedef struct prog {
    const char *file; /* tests/bench/vm/<file>.go and .lua */
    const char *row;  /* prog_<row> */
    int runs;
} prog;

static const prog progs[] = {
    {"fib", "fib35", 3},
    {"loop", "loop1e8", 3},
    {"binarytrees", "binarytrees16", 1},
    {"nbody", "nbody5m", 1},
    {"spectralnorm", "spectralnorm1000", 1},
    {"fannkuch", "fannkuch10", 1},
    {"wordcount", "wordcount", 1},
};

static double children_ms(void) {
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

/* Runs cmd (through the shell), best CPU time of runs; -1 on failure. */
static double best_of(const char *cmd, int runs) {
    double best = 1e30;
    for (int r = 0; r < runs; r++) {
        double t0 = children_ms();
        int rc = system(cmd);
        if (rc != 0) {
            fprintf(stderr, "bench_vm_progs: `%s` failed (status %d)\n", cmd, rc);
            return -1;
        }
        double ms = children_ms() - t0;
        if (ms < best) best = ms;
    }
    return best;
}

/* The gort command next to this binary: build-bench/bench/.. /vm/gort. */
static void gort_path(char *out, size_t n) {
    char self[PATH_MAX - 16];
    ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
    if (k <= 0) {
        snprintf(out, n, "gort");
        return;
    }
    self[k] = 0;
    char *slash = strrchr(self, '/');
    if (slash) *slash = 0;
    snprintf(out, n, "%s/../vm/gort", self);
}

static void hello_rows(const char *gort) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/tests/bench/vm/hello.go", GORT_SOURCE_DIR);
    double best = 1e30;
    long rss = 0;
    for (int r = 0; r < 5; r++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid_t pid = fork();
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0) dup2(null, 2);
            execl(gort, gort, "run", path, (char *)NULL);
            _exit(127);
        }
        int st;
        struct rusage ru;
        if (pid < 0 || wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            fprintf(stderr, "bench_vm_progs: %s run %s failed\n", gort, path);
            return;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        if (ms < best) best = ms;
        if (ru.ru_maxrss > rss) rss = ru.ru_maxrss;
    }
    row("gort_run_hello_wall", "ms", best);
    printf("BENCH gort_run_hello_rss MB %.2f\n", (double)rss / 1024.0);
}

int main(void) {
    char gort[PATH_MAX + 16];
    gort_path(gort, sizeof gort);
    hello_rows(gort);
    bool lua = system("command -v lua5.4 >/dev/null 2>&1") == 0;
    double logsum = 0;
    int nratio = 0;
    for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++) {
        const prog *p = &progs[i];
        char go[PATH_MAX], lu[PATH_MAX], cmd[4 * PATH_MAX];
        snprintf(go, sizeof go, "%s/tests/bench/vm/%s.go", GORT_SOURCE_DIR, p->file);
        snprintf(lu, sizeof lu, "%s/tests/bench/vm/%s.lua", GORT_SOURCE_DIR, p->file);
        gortvm_options opts = {0};
        opts.codegen = 1;
        gortvm_program *cp = gortvm_compile_path(go, &opts);
        if (gortvm_nerrors(cp) > 0) {
            fprintf(stderr, "bench_vm_progs: prog_%s skipped: %s does not compile with this build (%s)\n", p->row,
                    go, gortvm_error(cp, 0));
            printf("prog_%s: skipped, does not compile yet\n", p->row);
            gortvm_free(cp);
            continue;
        }
        gortvm_free(cp);
        fprintf(stderr, "bench_vm_progs: prog_%s …\n", p->row);
        snprintf(cmd, sizeof cmd, "'%s' run '%s' >/dev/null 2>&1", gort, go);
        double g = best_of(cmd, p->runs);
        if (g < 0) continue;
        char name[64];
        snprintf(name, sizeof name, "prog_%s", p->row);
        row(name, "ms", g);
        if (!lua) continue;
        snprintf(cmd, sizeof cmd, "lua5.4 '%s' >/dev/null 2>&1", lu);
        double l = best_of(cmd, p->runs);
        if (l <= 0) continue;
        snprintf(name, sizeof name, "prog_%s_lua", p->row);
        row(name, "ms", l);
        printf("BENCH prog_%s_vs_lua x %.2f\n", p->row, g / l);
        logsum += log(g / l);
        nratio++;
    }
    if (nratio) printf("BENCH prog_geomean_vs_lua x %.2f\n", exp(logsum / nratio));
    return 0;
}
