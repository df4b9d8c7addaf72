/*
 * bench_vm_conc: concurrency in scripts, against the same scripts
 * compiled by Go (the twin tests/bench/go/vm_conc runs them with main
 * renamed, so both sides time one source).
 *
 *   BENCH vm_pingpong_1m          ms  unbuffered ping-pong, 1M round trips
 *                                     (goal: <= 1.0x Go)
 *   BENCH vm_spawn_1m_wg_mutex    ms  1M goroutines, each locking a
 *                                     sync.Mutex and calling WaitGroup.Done
 *                                     (goal: <= 1.5x Go)
 *   BENCH vm_parallel_1p          ms  a CPU job over 2 goroutines on 1 P
 *   BENCH vm_parallel_2p          ms  the same on 2 Ps
 *   BENCH vm_parallel_speedup     x   1p / 2p (goal: >= 1.8)
 *
 * Each script (tests/bench/vm/{pingpong,spawn,parallel}.go) times its own
 * work with time.Now/time.Since and prints its rows, so compilation and
 * startup are not counted and the rows mean the same on both sides. This
 * driver runs each with `gort run` as a child process and passes its rows
 * through; a script that fails costs its rows, not the bench.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const scripts[] = {"pingpong", "spawn", "parallel"};

/* The gort command next to this binary: build-bench/bench/../vm/gort. */
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

int main(void) {
    char gort[PATH_MAX + 16];
    gort_path(gort, sizeof gort);
    int failed = 0;
    for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
        char cmd[3 * PATH_MAX], line[256];
        snprintf(cmd, sizeof cmd, "'%s' run '%s/tests/bench/vm/%s.go'", gort, GORT_SOURCE_DIR, scripts[i]);
        fprintf(stderr, "bench_vm_conc: %s …\n", scripts[i]);
        FILE *f = popen(cmd, "r");
        if (!f) {
            failed++;
            continue;
        }
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "BENCH ", 6) == 0) fputs(line, stdout);
        int rc = pclose(f);
        if (rc != 0) {
            fprintf(stderr, "bench_vm_conc: `%s` failed (status %d)\n", cmd, rc);
            failed++;
        }
        fflush(stdout);
    }
    return failed ? 1 : 0;
}
