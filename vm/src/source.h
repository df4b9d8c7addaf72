/*
 * source.h: source files and positions.
 *
 * A srcpos names a file of the compilation (an index into its srcset), a
 * line and a column, both 1-based; columns count bytes, as Go's compiler
 * does. Line 0 means "no position". Every AST node carries one, so that
 * diagnostics, escape analysis's reports and runtime tracebacks can name the
 * place. Positions order by file (in the order files were added), then line,
 * then column: the order Go sorts its error messages in.
 */
#ifndef GORTVM_SOURCE_H
#define GORTVM_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct srcpos {
    uint32_t file; /* index into the srcset */
    uint32_t line; /* 1-based; 0 = unknown */
    uint32_t col;  /* 1-based byte column */
} srcpos;

/* A line directive (//line name:line[:col] at the start of a line, or a
 * one-line block comment holding "line name:line[:col]" anywhere): from
 * the position right after it, positions print relative to it, as in Go.
 * Nodes keep their physical positions (so they still order and compare by
 * place in the file); only srcpos_format and srcpos_rel translate. */
typedef struct src_linedir {
    uint32_t line, col;   /* where it takes effect (physical) */
    char *name;           /* the file name it gives; malloc'd, owned by the srcset */
    uint32_t rline, rcol; /* the line and column it gives there; rcol 0 = no columns */
} src_linedir;

typedef struct src_file {
    const char *name; /* as given by the user (printed in diagnostics); borrowed */
    const char *text; /* the bytes; borrowed, must outlive the compilation */
    size_t len;
    uint32_t nlines;  /* set by the scanner when it reaches EOF */
    src_linedir *dirs; /* in position order (the scanner adds them); malloc'd */
    uint32_t ndirs;
} src_file;

typedef struct srcset {
    src_file *files; /* malloc'd array, owned by the set */
    uint32_t n, cap;
    uint32_t base;   /* index of files[0]: 0, or SRC_SHARED for the shared set */
} srcset;

/* File indices from SRC_SHARED up name files of the process-wide shared
 * set (the stdlib declarations, checked once: universe.c); any srcset
 * prints them through the set registered with srcset_set_shared. */
#define SRC_SHARED 0x40000000u

void srcset_init(srcset *s);
void srcset_free(srcset *s);
/* Adds a file and returns its index. name and text are borrowed. */
uint32_t srcset_add(srcset *s, const char *name, const char *text, size_t len);
/* The file with index i (which s added). */
static inline src_file *srcset_file(srcset *s, uint32_t i) { return &s->files[i - s->base]; }
/* Registers the shared set (once, before any compilation reads it). */
void srcset_set_shared(const srcset *shared);

static inline srcpos srcpos_make(uint32_t file, uint32_t line, uint32_t col) {
    srcpos p = {file, line, col};
    return p;
}
static inline bool srcpos_known(srcpos p) { return p.line != 0; }
/* <0, 0, >0 as a sorts before, with, after b. */
int srcpos_cmp(srcpos a, srcpos b);
/* Formats "file:line:col" into buf (NUL-terminated, truncated to cap),
 * relative to the file's line directives: "file:line" when the directive
 * in effect gave no column. */
void srcpos_format(const srcset *s, srcpos p, char *buf, size_t cap);
/* The position p prints as: file name, line and column (0 = none). */
void srcpos_rel(const srcset *s, srcpos p, const char **name, uint32_t *line, uint32_t *col);
/* Records a line directive of file (which s added); see src_linedir. */
void srcset_add_linedir(srcset *s, uint32_t file, uint32_t line, uint32_t col, const char *name, size_t namelen,
                        uint32_t rline, uint32_t rcol);

#endif
