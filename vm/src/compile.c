/*
 * compile.c: the front end's driver behind gortvm.h.
 *
 * One compilation owns one arena (every node, type, object and constant
 * struct), one constant context (gmp's limbs) and one diag (the file table
 * and the error list). Compiling a path reads the file, or every .go file
 * of the directory in name order (as go/build lists them), parses each
 * one, and type-checks the package if parsing reported no syntax error.
 * As in Go's compiler, only messages that start with "syntax error" stop
 * it: the parser's other complaints ("middle index required in 3-index
 * slice", "method has no receiver") and the scanner's ("newline in
 * string") leave a well-formed tree, and the checker's errors follow
 * them. Source
 * texts are kept until the program is freed, since positions and literal
 * nodes point into them.
 *
 * Rejected: one global arena for all compilations (a host that compiles
 * many scripts would never get memory back) and memory-mapping sources
 * (a script is small; reading it is simpler and works on pipes).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gort.h"
#include "gortvm.h"
#include "bytecode.h"
#include "itab.h"
#include "check.h"
#include "natives.h"

struct gortvm_program {
    arena a;
    diag d;
    gconst_ctx cc;
    char **texts;    /* source texts read from disk (malloc'd) */
    size_t *lens;    /* their lengths (malloc'd) */
    const char **names; /* their paths (in the arena; malloc'd array) */
    int ntexts;
    char **lines;    /* formatted errors, made on demand */
    int nlines;
    bool sorted;
    gpkg *pkg;       /* the checked main package */
    ast_file **files;
    int nfiles;
    bool codegen;    /* generate bytecode after checking */
    bool noffi;      /* gortvm_options.no_ffi */
    vmprog *vm;      /* the bytecode (codegen.c), or NULL */
    struct vmembed *embed; /* gortvm_call's state (embed.c), or NULL */
};

/* embed.c's view of a program. */
vmprog *gortvm_vmprog_(gortvm_program *p) { return p->vm; }
gpkg *gortvm_pkg_(gortvm_program *p) { return p->pkg; }
struct vmembed **gortvm_embed_(gortvm_program *p) { return &p->embed; }
void vm_embed_free(struct vmembed *e);

const char *gortvm_version(void) { return "gort 0.2 (go1.19 subset)"; }

static gortvm_program *program_new(const gortvm_options *opts) {
    gortvm_program *p = calloc(1, sizeof *p);
    if (!p) abort();
    universe_shared(); /* before arena_init: the shared names are the arena's base */
    arena_init(&p->a);
    p->a.first = 16 << 10; /* a script is small; a pooled chunk is taken whole */
    diag_init(&p->d);
    gconst_ctx_init(&p->cc, &p->a);
    p->codegen = opts && opts->codegen;
    p->noffi = opts && opts->no_ffi;
    if (opts && opts->max_errors < 0) p->d.limit = 0;
    else if (opts && opts->max_errors > 0) p->d.limit = opts->max_errors;
    return p;
}

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 8192, n = 0, k;
    char *buf = malloc(cap);
    while ((k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *len = n;
    return buf;
}

static void check_program(gortvm_program *p) {
    if (p->d.nsyntax > 0 || p->nfiles == 0) return;
    checker c = {0};
    c.a = &p->a;
    c.d = &p->d;
    c.cc = &p->cc;
    c.u = universe_shared();
    c.iota = -1;
    c.noffi = p->noffi;
    gpkg *pkg = ARENA_NEW(&p->a, gpkg);
    pkg->path = "main";
    pkg->name = p->files[0]->pkgname ? p->files[0]->pkgname->ident.name : arena_intern(&p->a, "main", 4);
    check_package(&c, pkg, p->files, p->nfiles);
    free(c.path);
    free(c.later);
    free(c.pend);
    free(c.pkgs);
    p->pkg = pkg;
    if (p->codegen && diag_count(&p->d) == 0)
        p->vm = codegen_program(&p->a, &p->d, &p->cc, pkg, p->files, p->nfiles);
}

static void add_file(gortvm_program *p, const char *name, const char *src, size_t len) {
    p->files = realloc(p->files, sizeof *p->files * (size_t)(p->nfiles + 1));
    p->files[p->nfiles++] = parse_file(&p->a, &p->d, name, src, len);
}

/* Reads a file for parse_paths. */
static void read_path(gortvm_program *p, const char *path) {
    size_t len;
    char *src = read_all(path, &len);
    if (!src) {
        diag_errorf(&p->d, srcpos_make(0, 0, 0), "open %s: no such file or directory", path);
        return;
    }
    p->texts = realloc(p->texts, sizeof *p->texts * (size_t)(p->ntexts + 1));
    p->lens = realloc(p->lens, sizeof *p->lens * (size_t)(p->ntexts + 1));
    p->names = realloc(p->names, sizeof *p->names * (size_t)(p->ntexts + 1));
    p->texts[p->ntexts] = src;
    p->lens[p->ntexts] = len;
    p->names[p->ntexts++] = arena_strndup(&p->a, path, strlen(path));
}

/* Before the first name is interned: the stdlib packages the sources
 * import get their names into the shared base (universe.c), and the
 * program's arena takes that base. */
static void prepare(gortvm_program *p, const char *const *srcs, const size_t *lens, int n) {
    universe_prepare(&p->a, srcs, lens, n);
    arena_rebase(&p->a);
}

/* Parses the files read_path read. */
static void parse_paths(gortvm_program *p) {
    prepare(p, (const char *const *)p->texts, p->lens, p->ntexts);
    for (int i = 0; i < p->ntexts; i++) add_file(p, p->names[i], p->texts[i], p->lens[i]);
}

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

gortvm_program *gortvm_compile_path(const char *path, const gortvm_options *opts) {
    gortvm_program *p = program_new(opts);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        DIR *dir = opendir(path);
        char **names = NULL;
        int n = 0;
        struct dirent *de;
        while (dir && (de = readdir(dir))) {
            size_t l = strlen(de->d_name);
            if (l > 3 && strcmp(de->d_name + l - 3, ".go") == 0 &&
                !(l > 8 && strcmp(de->d_name + l - 8, "_test.go") == 0) && de->d_name[0] != '.' &&
                de->d_name[0] != '_') {
                names = realloc(names, sizeof *names * (size_t)(n + 1));
                names[n++] = strdup(de->d_name);
            }
        }
        if (dir) closedir(dir);
        qsort(names, (size_t)n, sizeof *names, cmpstr);
        for (int i = 0; i < n; i++) {
            char *full = malloc(strlen(path) + strlen(names[i]) + 2);
            sprintf(full, "%s/%s", path, names[i]);
            read_path(p, full);
            free(full);
            free(names[i]);
        }
        free(names);
        if (n == 0) diag_errorf(&p->d, srcpos_make(0, 0, 0), "no Go files in %s", path);
    } else {
        read_path(p, path);
    }
    parse_paths(p);
    check_program(p);
    return p;
}

gortvm_program *gortvm_compile_source(const char *name, const char *src, size_t len, const gortvm_options *opts) {
    gortvm_program *p = program_new(opts);
    prepare(p, &src, &len, 1);
    add_file(p, arena_strndup(&p->a, name, strlen(name)), src, len);
    check_program(p);
    return p;
}

int gortvm_nerrors(const gortvm_program *p) { return diag_count(&p->d); }

const char *gortvm_error(gortvm_program *p, int i) {
    if (i < 0 || i >= diag_count(&p->d)) return NULL;
    if (!p->sorted) {
        diag_sort(&p->d);
        p->sorted = true;
    }
    if (!p->lines) {
        p->nlines = diag_count(&p->d);
        p->lines = calloc((size_t)p->nlines, sizeof *p->lines);
    }
    if (!p->lines[i]) {
        char buf[8192];
        diag_format(&p->d, i, buf, sizeof buf);
        p->lines[i] = strdup(buf);
    }
    return p->lines[i];
}

void gortvm_print_errors(gortvm_program *p, FILE *f) {
    p->sorted = true;
    diag_print(&p->d, f);
}

static void run_main(void *arg) { vm_run_main(arg); }

int gortvm_run(gortvm_program *p) {
    if (!p->vm || diag_count(&p->d) > 0) return 1;
    /* gort_main ends the program as Go's main does: the goroutines the
     * script started are stopped for good before it returns. */
    if (!gort_goid() && !gort_started()) gort_main(NULL, run_main, p->vm);
    else gort_call(run_main, p->vm);
    return 0;
}

int gortvm_run_args(gortvm_program *p, int argc, char **argv) {
    vm_set_args(argc, argv);
    return gortvm_run(p);
}

int gortvm_disassemble(gortvm_program *p, const char *fname, FILE *out) {
    if (!p->vm) return 1;
    return vm_disassemble(p->vm, fname, out) ? 0 : 1;
}

void gortvm_free(gortvm_program *p) {
    if (!p) return;
    vm_embed_free(p->embed);
    if (p->vm) natives_unlink(p->vm->lib);
    for (int i = 0; i < p->nlines; i++) free(p->lines[i]);
    free(p->lines);
    gconst_ctx_free(&p->cc);
    if (p->vm) itab_cache_free(p->vm->itabs);
    arena_free(&p->a);
    diag_free(&p->d);
    for (int i = 0; i < p->ntexts; i++) free(p->texts[i]);
    free(p->texts);
    free(p->lens);
    free(p->names);
    free(p->files);
    free(p);
}
