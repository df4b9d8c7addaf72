/*
 * diag.c: the file table and the error list (see diag.h for the rules,
 * which are Go 1.19 compiler's).
 *
 * Messages are kept in report order and sorted only when printed: Go counts
 * toward its limit in report order too, so the set of messages printed
 * after "too many errors" matches Go's even when stages report out of
 * position order. The sort is a stable merge sort on an index array.
 */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

/* ---- files and positions ---- */

void srcset_init(srcset *s) { memset(s, 0, sizeof *s); }

void srcset_free(srcset *s) {
    for (uint32_t i = 0; i < s->n; i++) {
        for (uint32_t j = 0; j < s->files[i].ndirs; j++) free(s->files[i].dirs[j].name);
        free(s->files[i].dirs);
    }
    free(s->files);
    memset(s, 0, sizeof *s);
}

uint32_t srcset_add(srcset *s, const char *name, const char *text, size_t len) {
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->files = realloc(s->files, s->cap * sizeof *s->files);
        if (!s->files) {
            fprintf(stderr, "fatal error: out of memory\n");
            abort();
        }
    }
    src_file *f = &s->files[s->n];
    f->name = name;
    f->text = text;
    f->len = len;
    f->nlines = 0;
    f->dirs = NULL;
    f->ndirs = 0;
    return s->base + s->n++;
}

void srcset_add_linedir(srcset *s, uint32_t file, uint32_t line, uint32_t col, const char *name, size_t namelen,
                        uint32_t rline, uint32_t rcol) {
    src_file *f = srcset_file(s, file);
    src_linedir *v = realloc(f->dirs, (f->ndirs + 1) * sizeof *v);
    char *nm = malloc(namelen + 1);
    if (!v || !nm) {
        fprintf(stderr, "fatal error: out of memory\n");
        abort();
    }
    memcpy(nm, name, namelen);
    nm[namelen] = 0;
    v[f->ndirs++] = (src_linedir){line, col, nm, rline, rcol};
    f->dirs = v;
}

static const srcset *shared_files; /* set once by universe.c's shared build */

void srcset_set_shared(const srcset *shared) { shared_files = shared; }

int srcpos_cmp(srcpos a, srcpos b) {
    if (a.file != b.file)
        return a.file < b.file ? -1 : 1;
    if (a.line != b.line)
        return a.line < b.line ? -1 : 1;
    if (a.col != b.col)
        return a.col < b.col ? -1 : 1;
    return 0;
}

void srcpos_rel(const srcset *s, srcpos p, const char **name, uint32_t *line, uint32_t *col) {
    if (p.file >= SRC_SHARED && s->base != SRC_SHARED && shared_files)
        s = shared_files;
    /* The shared set grows while others print from it: its capacity is
     * fixed and unused entries are zero. */
    uint32_t i = p.file - s->base, lim = s->base == SRC_SHARED ? s->cap : s->n;
    const src_file *f = p.file >= s->base && i < lim ? &s->files[i] : NULL;
    *name = f && f->name ? f->name : "?";
    *line = p.line;
    *col = p.col;
    if (!f || f->ndirs == 0) return;
    /* The last directive at or before p (Go's PosBase: RelLine, RelCol). */
    uint32_t k = f->ndirs;
    while (k > 0 && (f->dirs[k - 1].line > p.line || (f->dirs[k - 1].line == p.line && f->dirs[k - 1].col > p.col)))
        k--;
    if (k == 0) return;
    const src_linedir *d = &f->dirs[k - 1];
    *name = d->name;
    *line = d->rline + (p.line - d->line);
    *col = d->rcol == 0 ? 0 : p.line == d->line ? d->rcol + (p.col - d->col) : p.col;
}

/* As Go prints positions: an error's own position relative to the line
 * directives (base.FmtPos); a position inside a message (syntax.Pos's
 * String) adds "[file:line:col]", the physical place, when that differs. */
static void format_pos(const srcset *s, srcpos p, char *buf, size_t cap, bool orig) {
    const char *name;
    uint32_t line, col;
    srcpos_rel(s, p, &name, &line, &col);
    int n = col ? snprintf(buf, cap, "%s:%u:%u", name, line, col) : snprintf(buf, cap, "%s:%u", name, line);
    if (!orig || n < 0 || (size_t)n >= cap) return;
    const char *pname;
    uint32_t l, c;
    srcpos_rel(s, srcpos_make(p.file, 0, 0), &pname, &l, &c); /* the file's own name */
    if (strcmp(pname, name) != 0 || line != p.line || col != p.col)
        snprintf(buf + n, cap - (size_t)n, "[%s:%u:%u]", pname, p.line, p.col);
}

void srcpos_format(const srcset *s, srcpos p, char *buf, size_t cap) { format_pos(s, p, buf, cap, true); }

/* ---- the error list ---- */

void diag_init(diag *d) {
    memset(d, 0, sizeof *d);
    srcset_init(&d->files);
    d->limit = 10;
}

void diag_free(diag *d) {
    for (int i = 0; i < d->n; i++)
        free(d->msgs[i].msg);
    free(d->msgs);
    free(d->last_msg);
    srcset_free(&d->files);
    memset(d, 0, sizeof *d);
}

static bool sameline(srcpos a, srcpos b) { return a.file == b.file && a.line == b.line; }

void diag_verrorf(diag *d, srcpos pos, const char *fmt, va_list ap) {
    if (d->full)
        return;
    char *msg;
    if (vasprintf(&msg, fmt, ap) < 0) {
        fprintf(stderr, "fatal error: out of memory\n");
        abort();
    }
    bool syntax = strncmp(msg, "syntax error", 12) == 0;
    if (syntax) {
        d->nsyntax++;
        if (d->last_syntax.line && sameline(d->last_syntax, pos)) {
            free(msg);
            return;
        }
        d->last_syntax = pos;
    } else {
        if (d->last_msg && sameline(d->last_other, pos) && strcmp(d->last_msg, msg) == 0) {
            free(msg);
            return;
        }
        d->last_other = pos;
        free(d->last_msg);
        d->last_msg = strdup(msg);
    }
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->msgs = realloc(d->msgs, (size_t)d->cap * sizeof *d->msgs);
        if (!d->msgs) {
            fprintf(stderr, "fatal error: out of memory\n");
            abort();
        }
    }
    d->msgs[d->n++] = (diag_msg){pos, msg, syntax};
    if (d->limit > 0 && d->n >= d->limit) {
        d->full = true;
        d->fullpos = pos;
    }
}

void diag_errorf(diag *d, srcpos pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_verrorf(d, pos, fmt, ap);
    va_end(ap);
}

static void msort(diag_msg *v, diag_msg *tmp, int n) {
    if (n < 2)
        return;
    int m = n / 2;
    msort(v, tmp, m);
    msort(v + m, tmp, n - m);
    int i = 0, j = m, k = 0;
    while (i < m && j < n)
        tmp[k++] = srcpos_cmp(v[j].pos, v[i].pos) < 0 ? v[j++] : v[i++];
    while (i < m)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, (size_t)n * sizeof *v);
}

void diag_sort(diag *d) {
    if (d->n < 2)
        return;
    diag_msg *tmp = malloc((size_t)d->n * sizeof *tmp);
    if (!tmp) {
        fprintf(stderr, "fatal error: out of memory\n");
        abort();
    }
    msort(d->msgs, tmp, d->n);
    free(tmp);
}

void diag_format(const diag *d, int i, char *buf, size_t cap) {
    char where[512];
    const diag_msg *m = &d->msgs[i];
    if (srcpos_known(m->pos)) {
        format_pos(&d->files, m->pos, where, sizeof where, false);
        snprintf(buf, cap, "%s: %s", where, m->msg);
    } else {
        snprintf(buf, cap, "%s", m->msg);
    }
}

void diag_print(diag *d, FILE *f) {
    diag_sort(d);
    char prev[1024] = "", cur[1024];
    for (int i = 0; i < d->n; i++) {
        diag_format(d, i, cur, sizeof cur);
        if (i == 0 || strcmp(cur, prev) != 0)
            fprintf(f, "%s\n", cur);
        memcpy(prev, cur, sizeof cur);
    }
    if (d->full) {
        char where[512];
        format_pos(&d->files, d->fullpos, where, sizeof where, false);
        fprintf(f, "%s: too many errors\n", where);
    }
}
