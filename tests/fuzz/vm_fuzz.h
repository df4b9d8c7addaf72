/*
 * vm_fuzz.h: the front end's fuzzing hook.
 *
 * vm_fuzz_one runs every front-end stage that exists on one input, as one
 * file of one compilation, with no error limit. Fuzzer entry points
 * (fuzz_*.c) call it; later stages extend vm_fuzz.c, not the entry
 * points, so one fuzz run exercises the whole front end; an input that
 * compiles is also run, in a child process with a time limit
 * (GORT_FUZZ_RUN_SECONDS, default 2; GORT_FUZZ_NORUN=1 skips running).
 */
#ifndef GORT_VM_FUZZ_H
#define GORT_VM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

void vm_fuzz_one(const uint8_t *data, size_t len);

#endif
