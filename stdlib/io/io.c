/*
 * io.c: natives of package io (stdlib/io/io.go declares the API): the
 * sentinel errors, so far.
 *
 * io.EOF and io.ErrUnexpectedEOF are *errors.errorString values in
 * static memory, the same address on every read (natives read package
 * variables through getters), so `err == io.EOF` holds for the EOF that
 * fmt.Sscan returns (vm_io_eof) as in Go.
 */
#include "bytecode.h"
#include "natives.h"

typedef struct errstr {
    gort_string s;
} errstr;
static errstr eof = {{"EOF", 3}}, unexpected = {{"unexpected EOF", 14}};
static void *cell_eof = &eof, *cell_unexpected = &unexpected;

void vm_io_eof(struct vmstate *vm, vmslot *out);
void vm_io_eof(struct vmstate *vm, vmslot *out) { vm_make_error(vm, vm_prog(vm)->lib->errstring, &cell_eof, out); }

/* var EOF, ErrUnexpectedEOF error */
static void io_EOF(struct vmstate *vm, vmslot *r) { vm_io_eof(vm, r); }
static void io_ErrUnexpectedEOF(struct vmstate *vm, vmslot *r) {
    vm_make_error(vm, vm_prog(vm)->lib->errstring, &cell_unexpected, r);
}

static const vmnative natives[] = {
    {"io.EOF", io_EOF},
    {"io.ErrUnexpectedEOF", io_ErrUnexpectedEOF},
};
const vmnative_table vm_natives_io = {natives, (int)(sizeof natives / sizeof natives[0])};
