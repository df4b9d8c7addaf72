/*
 * bench_vm_run: programs run by the VM, against Lua 5.4 and compiled Go.
 *
 *   BENCH vm_fib35        ms  N   gort run of fib(35) (best of 3, CPU time)
 *   BENCH vm_fib35_lua    ms  N   lua5.4 running the same function (CPU)
 *   BENCH vm_fib35_vs_lua x   N   gort / Lua (the goal: <= 0.7)
 *
 * The Go twin (tests/bench/go/vm_run) prints vm_fib35 for compiled Go.
 * The script is compiled once (gortvm_compile_source) and run three
 * times on the same runtime; its println goes to standard error. Lua is
 * run as `lua5.4 -e CODE`, its CPU time read from getrusage(CHILDREN),
 * process start included (a few ms); without lua5.4 on PATH its rows are
 * left out. CPU time, not wall time: the machine is shared, and a
 * neighbour's load would otherwise decide the ratio.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "benchlib.h"
#include "gortvm.h"

static const char fib_go[] =
    "package main\n"
    "\n"
    "func fib(n int) int {\n"
    "\tif n < 2 {\n"
    "\t\treturn n\n"
    "\t}\n"
    "\treturn fib(n-1) + fib(n-2)\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tprintln(fib(35))\n"
    "}\n";

static const char fib_lua[] =
    "local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end "
    "io.stderr:write(fib(35), '\\n')";

static double cpu_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double children_ms(void) {
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

int main(void) {
    gortvm_options opts = {0};
    opts.codegen = 1;
    gortvm_program *p = gortvm_compile_source("fib.go", fib_go, sizeof fib_go - 1, &opts);
    if (gortvm_nerrors(p) > 0) {
        gortvm_print_errors(p, stderr);
        return 1;
    }
    double best = 1e30;
    for (int r = 0; r < 3; r++) {
        double t0 = cpu_ms();
        if (gortvm_run(p) != 0) return 1;
        double ms = cpu_ms() - t0;
        if (ms < best) best = ms;
    }
    gortvm_free(p);
    row("vm_fib35", "ms", best);

    if (system("command -v lua5.4 >/dev/null 2>&1") != 0) return 0;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "lua5.4 -e \"%s\"", fib_lua);
    double lua = 1e30;
    for (int r = 0; r < 3; r++) {
        double t0 = children_ms();
        if (system(cmd) != 0) return 1;
        double ms = children_ms() - t0;
        if (ms < lua) lua = ms;
    }
    row("vm_fib35_lua", "ms", lua);
    printf("BENCH vm_fib35_vs_lua x %.2f\n", best / lua); /* row() keeps one decimal */
    return 0;
}
