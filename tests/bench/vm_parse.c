/*
 * vm_parse.c: front-end throughput over Go's test suite (no Go twin).
 *
 * Loads every program of the public gosuite list (GORT_GOSUITE, default
 * /work/shared/gosuite; sources under GORT_GOTEST, default
 * /usr/share/go-1.19/test) into memory, then, in one process and one
 * arena per pass, scans all of them, and scans and parses all of them.
 * Reports lines per second of thread CPU time, best of 10 passes (CPU
 * time, because the machine is shared and wall time measures the
 * neighbours). Rows:
 *   BENCH scan_gosuite  lines/s  N
 *   BENCH parse_gosuite lines/s  N      (scan + parse + branch checks)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ast.h"
#include "scan.h"

typedef struct file {
    char *name, *src;
    size_t len;
} file;

static double cputime(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int load(file **out, long *lines) {
    const char *suite = getenv("GORT_GOSUITE") ? getenv("GORT_GOSUITE") : "/work/shared/gosuite";
    const char *root = getenv("GORT_GOTEST") ? getenv("GORT_GOTEST") : "/usr/share/go-1.19/test";
    char path[2048], line[1024];
    snprintf(path, sizeof path, "%s/public.tsv", suite);
    FILE *list = fopen(path, "r");
    if (!list)
        return -1;
    int n = 0, cap = 0;
    file *v = NULL;
    *lines = 0;
    while (fgets(line, sizeof line, list)) {
        char *tab = strchr(line, '\t');
        if (!tab || strncmp(line, "path\t", 5) == 0)
            continue;
        *tab = 0;
        snprintf(path, sizeof path, "%s/%s", root, line);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
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
        for (long i = 0; i < len; i++)
            *lines += src[i] == '\n';
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

static double pass(file *v, int n, bool parse) {
    arena a;
    diag d;
    arena_init(&a);
    diag_init(&d);
    double t0 = cputime();
    for (int i = 0; i < n; i++) {
        if (parse) {
            parse_file(&a, &d, v[i].name, v[i].src, v[i].len);
        } else {
            scanner s;
            uint32_t fi = srcset_add(&d.files, v[i].name, v[i].src, v[i].len);
            scan_init(&s, &a, &d, fi, v[i].src, v[i].len);
            do
                scan_next(&s);
            while (s.tok != T_EOF);
            scan_free(&s);
        }
    }
    double t = cputime() - t0;
    if (d.n) {
        fprintf(stderr, "bench_vm_parse: the corpus has errors:\n");
        diag_print(&d, stderr);
        exit(1);
    }
    diag_free(&d);
    arena_free(&a);
    return t;
}

int main(void) {
    file *v;
    long lines;
    int n = load(&v, &lines);
    if (n <= 0) {
        fprintf(stderr, "bench_vm_parse: no gosuite programs found (set GORT_GOSUITE, GORT_GOTEST)\n");
        return 1;
    }
    for (int parse = 0; parse < 2; parse++) {
        double best = 1e9;
        for (int rep = 0; rep < 10; rep++) {
            double t = pass(v, n, parse);
            if (t < best)
                best = t;
        }
        printf("# %d files, %ld lines, best %.2f ms\n", n, lines, best * 1e3);
        printf("BENCH %s lines/s %.0f\n", parse ? "parse_gosuite" : "scan_gosuite", (double)lines / best);
    }
    return 0;
}
