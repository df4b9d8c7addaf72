/*
 * vm_frontend.c: the front end's speed per stage, in process.
 *
 * Two inputs, each measured stage by stage:
 *   corpus  the 497 programs of the public gosuite list (Go 1.19's own
 *           test programs, /usr/share/go-1.19/test), read into memory
 *           first, one compilation per program (as `gort build` would
 *           compile each), so every per-compilation cost counts: the
 *           arena, the universe, the stdlib packages a program imports
 *   large   one generated 200,000-line program of typical code (10,000
 *           functions with structs, methods, loops, maps, closures and
 *           switches), one compilation
 *
 * Stages, each timed over the whole input:
 *   scan    scan_next to EOF, one arena per file
 *   parse   scan + parse + branch checks (parse_file), one arena per file
 *   full    gortvm_compile_source: parse + type-check, everything freed
 *   check   derived: lines / (full time - parse time)
 *
 * Rows (lines per second of thread CPU time, best of N passes; CPU time
 * because the machine may be shared and wall time then measures the
 * neighbours):
 *   BENCH fe_scan_corpus   lines/s   BENCH fe_scan_large   lines/s
 *   BENCH fe_parse_corpus  lines/s   BENCH fe_parse_large  lines/s
 *   BENCH fe_check_corpus  lines/s   BENCH fe_check_large  lines/s
 *   BENCH fe_full_corpus   lines/s   BENCH fe_full_large   lines/s
 *   BENCH fe_goal_corpus   x         BENCH fe_goal_large   x
 * fe_goal_* is parse + check against the goal of 1,000,000 lines/s (1.0
 * means the goal is met). The Go twin (tests/bench/go/vm_frontend) times
 * go/scanner, go/parser and go/types on the same inputs under the same
 * row names, so scripts/bench prints gort/Go ratios per stage.
 *
 * Environment: GORT_GOSUITE (directory of public.tsv, default the
 * project's tests/gosuite), GORT_GOTEST (default /usr/share/go-1.19/test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ast.h"
#include "gen_large.h"
#include "gortvm.h"
#include "scan.h"

#ifndef GORT_SOURCE_DIR
#define GORT_SOURCE_DIR "."
#endif

typedef struct file {
    char *name, *src;
    size_t len;
} file;

static double cputime(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static long count_lines(const char *s, size_t n) {
    long l = 0;
    for (size_t i = 0; i < n; i++) l += s[i] == '\n';
    return l;
}

static int load(file **out, long *lines) {
    const char *suite = getenv("GORT_GOSUITE") ? getenv("GORT_GOSUITE") : GORT_SOURCE_DIR "/tests/gosuite";
    const char *root = getenv("GORT_GOTEST") ? getenv("GORT_GOTEST") : "/usr/share/go-1.19/test";
    char path[2048], line[1024];
    snprintf(path, sizeof path, "%s/public.tsv", suite);
    FILE *list = fopen(path, "r");
    if (!list) return -1;
    int n = 0, cap = 0;
    file *v = NULL;
    *lines = 0;
    while (fgets(line, sizeof line, list)) {
        char *tab = strchr(line, '\t');
        if (!tab || strncmp(line, "path\t", 5) == 0) continue;
        *tab = 0;
        snprintf(path, sizeof path, "%s/%s", root, line);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        fseek(f, 0, SEEK_END);
        long len = ftell(f);
        fseek(f, 0, SEEK_SET);
        char *src = malloc((size_t)len + 1);
        if (!src || fread(src, 1, (size_t)len, f) != (size_t)len) {
            fclose(f);
            free(src);
            continue;
        }
        fclose(f);
        *lines += count_lines(src, (size_t)len);
        if (n == cap) {
            cap = cap ? 2 * cap : 512;
            v = realloc(v, (size_t)cap * sizeof *v);
        }
        v[n++] = (file){strdup(line), src, (size_t)len};
    }
    fclose(list);
    *out = v;
    return n;
}


enum { SCAN, PARSE, FULL };

/* One pass of stage st over every file; returns its CPU seconds. */
static double pass(file *v, int n, int st) {
    double t0 = cputime();
    for (int i = 0; i < n; i++) {
        if (st == FULL) {
            gortvm_program *p = gortvm_compile_source(v[i].name, v[i].src, v[i].len, NULL);
            gortvm_free(p);
            continue;
        }
        arena a;
        diag d;
        arena_init(&a);
        diag_init(&d);
        if (st == PARSE) {
            parse_file(&a, &d, v[i].name, v[i].src, v[i].len);
        } else {
            scanner s;
            uint32_t fi = srcset_add(&d.files, v[i].name, v[i].src, v[i].len);
            scan_init(&s, &a, &d, fi, v[i].src, v[i].len);
            do scan_next(&s);
            while (s.tok != T_EOF);
            scan_free(&s);
        }
        if (d.n) {
            fprintf(stderr, "bench_vm_frontend: %s has syntax errors:\n", v[i].name);
            diag_print(&d, stderr);
            exit(1);
        }
        diag_free(&d);
        arena_free(&a);
    }
    return cputime() - t0;
}

static double best_of(file *v, int n, int st, int reps) {
    double best = 1e9;
    for (int r = 0; r < reps; r++) {
        double t = pass(v, n, st);
        if (t < best) best = t;
    }
    return best;
}

static void measure(const char *what, file *v, int n, long lines, int reps) {
    double ts = best_of(v, n, SCAN, reps), tp = best_of(v, n, PARSE, reps), tf = best_of(v, n, FULL, reps);
    char name[64];
    printf("# %s: %d files, %ld lines; best of %d: scan %.2f ms, parse %.2f ms, parse+check %.2f ms\n", what, n,
           lines, reps, ts * 1e3, tp * 1e3, tf * 1e3);
    snprintf(name, sizeof name, "fe_scan_%s", what);
    printf("BENCH %s lines/s %.0f\n", name, (double)lines / ts);
    snprintf(name, sizeof name, "fe_parse_%s", what);
    printf("BENCH %s lines/s %.0f\n", name, (double)lines / tp);
    snprintf(name, sizeof name, "fe_check_%s", what);
    printf("BENCH %s lines/s %.0f\n", name, tf > tp ? (double)lines / (tf - tp) : 0.0);
    snprintf(name, sizeof name, "fe_full_%s", what);
    printf("BENCH %s lines/s %.0f\n", name, (double)lines / tf);
    snprintf(name, sizeof name, "fe_goal_%s", what);
    printf("BENCH %s x %.3f\n", name, (double)lines / tf / 1e6);
    fflush(stdout);
}

int main(void) {
    file *v;
    long lines;
    int n = load(&v, &lines);
    if (n <= 0) {
        fprintf(stderr, "bench_vm_frontend: no gosuite programs found (set GORT_GOSUITE, GORT_GOTEST)\n");
        return 1;
    }
    measure("corpus", v, n, lines, 10);
    file g = {"large.go", NULL, 0};
    g.src = gen_large(10000, &g.len, NULL);
    measure("large", &g, 1, count_lines(g.src, g.len), 5);
    free(g.src);
    for (int i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].src);
    }
    free(v);
    return 0;
}
