/*
 * codegen_dis.c: the opcode tables and the disassembler behind `gort dis`.
 *
 * The tables (name, operand format, meaning, disassembly pattern) are
 * expanded from the one X-macro list in opcodes.h, so the interpreter,
 * this listing and docs/bytecode.md cannot disagree about an opcode.
 *
 * A listing prints each function's header (name, frame shape, pointer
 * slots), then its instructions; before the first instruction of each
 * new source line it prints that line of the source, so the listing reads
 * as the source annotated with its code:
 *
 *   func main.fib  params=1 results=1 slots=5 ptrs=-
 *   7	if n < 2 {
 *      0  JGEI64K   r0 2 +3          if r0 >= 2 jmp 5
 *
 * Rejected: a separate hand-written name table (it drifts from the
 * enum), and printing raw operands only (the pattern makes a listing
 * readable without the table at hand).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bytecode.h"
#include "gort.h"
#include "natives.h"
#include "vmffi.h"

#define OPC_NAME(name, fmt, meaning, dis) #name,
#define OPC_FMT(name, fmt, meaning, dis) fmt,
#define OPC_MEANING(name, fmt, meaning, dis) meaning,
#define OPC_DIS(name, fmt, meaning, dis) dis,
const char *const vm_opname[OP_COUNT] = {GORT_OPCODES(OPC_NAME)};
const uint8_t vm_opformat[OP_COUNT] = {GORT_OPCODES(OPC_FMT)};
const char *const vm_opmeaning[OP_COUNT] = {GORT_OPCODES(OPC_MEANING)};
const char *const vm_opdis[OP_COUNT] = {GORT_OPCODES(OPC_DIS)};

/* The text of line `line` of file `file`, without its newline. */
static const char *source_line(const srcset *s, uint32_t file, uint32_t line, size_t *len) {
    if (file >= s->n || line == 0) return NULL;
    const src_file *f = &s->files[file];
    const char *p = f->text, *end = f->text + f->len;
    for (uint32_t l = 1; l < line && p < end; p++)
        if (*p == '\n') l++;
    if (p >= end) return NULL;
    const char *q = memchr(p, '\n', (size_t)(end - p));
    *len = (size_t)((q ? q : end) - p);
    return p;
}

static void put_string_const(const vmprog *p, uint32_t k, FILE *out) {
    if (k + 1 >= (uint32_t)p->nk) {
        fputs("?", out);
        return;
    }
    const char *s = (const char *)(uintptr_t)p->k[k];
    uint64_t n = p->k[k + 1];
    fputc('"', out);
    for (uint64_t i = 0; i < n && i < 40; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
        else if (c == '\n') fputs("\\n", out);
        else if (c < 32 || c >= 127) fprintf(out, "\\x%02x", c);
        else fputc(c, out);
    }
    fputs(n > 40 ? "\"..." : "\"", out);
}

static void dis_one(const vmprog *p, const vmfunc *f, int at, FILE *out) {
    uint32_t i = f->code[at];
    int op = (int)INS_OP(i);
    if (op >= OP_COUNT) {
        fprintf(out, "%6d  <bad opcode %d>\n", at, op);
        return;
    }
    int fmt = vm_opformat[op];
    int next = at + (fmt == OPF_ABJ || fmt == OPF_ABCX ? 2 : 1);
    uint32_t ext = fmt == OPF_ABCX && at + 1 < f->ncode ? f->code[at + 1] : 0;
    int32_t jump = 0;
    if (fmt == OPF_SJ) jump = INS_SJ(i);
    else if (fmt == OPF_ASBX) jump = INS_SBX(i);
    else if (fmt == OPF_ABJ && at + 1 < f->ncode) jump = (int32_t)f->code[at + 1];
    fprintf(out, "%6d  %-9s", at, vm_opname[op]);
    char ops[48];
    switch (fmt) {
    case OPF_ABC: snprintf(ops, sizeof ops, "%u %u %u", INS_A(i), INS_B(i), INS_C(i)); break;
    case OPF_ABX: snprintf(ops, sizeof ops, "%u %u", INS_A(i), INS_BX(i)); break;
    case OPF_ASBX: snprintf(ops, sizeof ops, "%u %d", INS_A(i), INS_SBX(i)); break;
    case OPF_SJ: snprintf(ops, sizeof ops, "%d", INS_SJ(i)); break;
    case OPF_ABCX: snprintf(ops, sizeof ops, "%u %u %u %u", INS_A(i), INS_B(i), INS_C(i), ext); break;
    default: snprintf(ops, sizeof ops, "%u %u %+d", INS_A(i), INS_B(i), jump); break;
    }
    fprintf(out, " %-14s ", ops);
    for (const char *d = vm_opdis[op]; *d; d++) {
        if (*d != '%' || !d[1]) {
            fputc(*d, out);
            continue;
        }
        switch (*++d) {
        case 'A': fprintf(out, "r%u", INS_A(i)); break;
        case 'B': fprintf(out, "r%u", INS_B(i)); break;
        case 'C': fprintf(out, "r%u", INS_C(i)); break;
        case 'b': fprintf(out, "%d", INS_SB(i)); break;
        case 'c': fprintf(out, "%d", INS_SC(i)); break;
        case 'u':
            fprintf(out, "%u", fmt == OPF_ABC && (op == OP_ZERO || op == OP_RET || op == OP_PANIC) ? INS_B(i) : INS_C(i));
            break;
        case 'x': fprintf(out, "%u", INS_BX(i)); break;
        case 'i': fprintf(out, "%d", INS_SBX(i)); break;
        case 'k': {
            uint32_t k = INS_BX(i);
            if (k < (uint32_t)p->nk) {
                double d64;
                memcpy(&d64, &p->k[k], 8);
                fprintf(out, "K%u (%" PRId64 " / %g)", k, (int64_t)p->k[k], d64);
            } else {
                fprintf(out, "K%u", k);
            }
            break;
        }
        case 'K': {
            uint32_t k = INS_B(i);
            if (k < (uint32_t)p->nk) fprintf(out, "K%u (%" PRId64 ")", k, (int64_t)p->k[k]);
            else fprintf(out, "K%u", k);
            break;
        }
        case 's': put_string_const(p, INS_BX(i), out); break;
        case 'j': fprintf(out, "%d", next + jump); break;
        case 'f': {
            uint32_t fi = INS_BX(i);
            fputs(fi < (uint32_t)p->nfuncs ? p->funcs[fi]->name : "?", out);
            break;
        }
        case 'g': fprintf(out, "g%u", INS_BX(i)); break;
        case 'X': fprintf(out, "%u", ext); break;
        case 't': {
            uint32_t ti = INS_BX(i);
            fputs(ti < (uint32_t)p->ntypes && p->types[ti]->name ? p->types[ti]->name : "?", out);
            break;
        }
        case 'n': {
            uint32_t ni = INS_BX(i);
            fputs(ni < (uint32_t)p->nnatives ? p->natives[ni]->name : "?", out);
            break;
        }
        case 'e': {
            uint32_t xi = INS_BX(i);
            fputs(xi < (uint32_t)p->nexterns ? p->externs[xi]->sym : "?", out);
            break;
        }
        case '%': fputc('%', out); break;
        default: fputc(*d, out); break;
        }
    }
    fputc('\n', out);
}

static void dis_func(const vmprog *p, const vmfunc *f, FILE *out) {
    fprintf(out, "func %s  params=%u results=%u slots=%u ptrs=", f->name, f->nparams, f->nresults, f->nslots);
    bool any = false;
    for (int s = 0; s < f->nslots; s++)
        if (f->ptrmap[s / 8] & (1u << (s % 8))) {
            fprintf(out, "%sr%d", any ? "," : "", s);
            any = true;
        }
    if (!any) fputc('-', out);
    fputc('\n', out);
    uint32_t last = 0;
    for (int at = 0; at < f->ncode; at++) {
        uint32_t line = f->lines[at];
        if (line != last && line) {
            size_t len;
            const char *src = source_line(p->files, f->file, line, &len);
            if (src) {
                while (len > 0 && (*src == ' ' || *src == '\t')) src++, len--;
                fprintf(out, "%5u\t%.*s\n", line, (int)len, src);
            }
            last = line;
        }
        dis_one(p, f, at, out);
        if (vm_opformat[INS_OP(f->code[at])] == OPF_ABJ || vm_opformat[INS_OP(f->code[at])] == OPF_ABCX) at++;
    }
    fputc('\n', out);
}

bool vm_disassemble(const vmprog *p, const char *fname, FILE *out) {
    bool found = false;
    for (int i = 0; i < p->nfuncs; i++) {
        const vmfunc *f = p->funcs[i];
        if (fname && strcmp(f->name, fname) != 0 && strcmp(f->name + 5, fname) != 0) continue;
        dis_func(p, f, out);
        found = true;
    }
    return found;
}
