/*
 * fuzz_parse.c: libFuzzer entry point for the front end.
 *
 * Built with -DGORT_BUILD_FUZZ=ON -DCMAKE_C_COMPILER=clang
 * -DGORT_SANITIZE=address,undefined (scripts/fuzz does this), seeded from
 * Go's test suite (scripts/fuzz builds the seed directory at run time).
 * Every input found to crash is kept in tests/fuzz/regress/ and replayed
 * by scripts/fuzz before fuzzing.
 */
#include <stddef.h>
#include <stdint.h>

#include "vm_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    vm_fuzz_one(data, size);
    return 0;
}
