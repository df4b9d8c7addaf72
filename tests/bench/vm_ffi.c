/*
 * bench_vm_ffi: a script calling C through the FFI (docs/ffi.md).
 *
 *   BENCH vm_ffi_cos       ns/op  N  a loop calling libm's cos through
 *                                    //gort:extern (syscall hand-off on)
 *   BENCH vm_ffi_cos_fast  ns/op  N  the same declared `fast` (no hand-off)
 *   BENCH vm_ffi_sleep10   ms     N  ten goroutines each blocked 100 ms in C
 *                                    (usleep), GOMAXPROCS as set: wall time
 *
 * The Go twin (tests/bench/go/vm_ffi) makes the same calls through cgo, so
 * the ratio column is gort / cgo. A loop iteration is counted whole (the
 * call, its argument conversion and the loop around it) on both sides.
 * The script times itself, best of three, with clock_gettime called
 * through the FFI (the VM's time package has no clock yet), and prints the
 * rows; gortvm_run runs once per process.
 */
#include "benchlib.h"
#include "gortvm.h"

static const char bench_go[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "//gort:extern libm.so.6 cos\n"
    "func cos(x float64) float64\n"
    "\n"
    "//gort:extern libm.so.6 cos fast\n"
    "func cosFast(x float64) float64\n"
    "\n"
    "//gort:extern libc.so.6 usleep\n"
    "func usleep(us uint32) int32\n"
    "\n"
    "type timespec struct{ sec, nsec int64 }\n"
    "\n"
    "//gort:extern libc.so.6 clock_gettime fast\n"
    "func clockGettime(id int32, ts *timespec) int32\n"
    "\n"
    "const n = 5000000\n"
    "\n"
    "func now() int64 {\n"
    "\tvar ts timespec\n"
    "\tclockGettime(1, &ts) // CLOCK_MONOTONIC\n"
    "\treturn ts.sec*1000000000 + ts.nsec\n"
    "}\n"
    "\n"
    "var sink float64\n"
    "\n"
    "func loop(fast bool) {\n"
    "\ts := 0.0\n"
    "\tif fast {\n"
    "\t\tfor i := 0; i < n; i++ {\n"
    "\t\t\ts += cosFast(float64(i&1023) * 0.001)\n"
    "\t\t}\n"
    "\t} else {\n"
    "\t\tfor i := 0; i < n; i++ {\n"
    "\t\t\ts += cos(float64(i&1023) * 0.001)\n"
    "\t\t}\n"
    "\t}\n"
    "\tsink += s\n"
    "}\n"
    "\n"
    "func sleepers() {\n"
    "\tdone := make(chan bool)\n"
    "\tfor i := 0; i < 10; i++ {\n"
    "\t\tgo func() {\n"
    "\t\t\tusleep(100000)\n"
    "\t\t\tdone <- true\n"
    "\t\t}()\n"
    "\t}\n"
    "\tfor i := 0; i < 10; i++ {\n"
    "\t\t<-done\n"
    "\t}\n"
    "}\n"
    "\n"
    "func best(f func()) int64 {\n"
    "\tb := int64(1) << 62\n"
    "\tfor r := 0; r < 3; r++ {\n"
    "\t\tt0 := now()\n"
    "\t\tf()\n"
    "\t\tif d := now() - t0; d < b {\n"
    "\t\t\tb = d\n"
    "\t\t}\n"
    "\t}\n"
    "\treturn b\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tfmt.Printf(\"BENCH vm_ffi_cos ns/op %.2f\\n\", float64(best(func() { loop(false) }))/n)\n"
    "\tfmt.Printf(\"BENCH vm_ffi_cos_fast ns/op %.2f\\n\", float64(best(func() { loop(true) }))/n)\n"
    "\tfmt.Printf(\"BENCH vm_ffi_sleep10 ms %.1f\\n\", float64(best(sleepers))/1e6)\n"
    "}\n";

int main(void) {
    gortvm_options opts = {0};
    opts.codegen = 1;
    gortvm_program *p = gortvm_compile_source("ffi.go", bench_go, sizeof bench_go - 1, &opts);
    if (gortvm_nerrors(p) > 0) {
        gortvm_print_errors(p, stderr);
        return 1;
    }
    int rc = gortvm_run(p);
    gortvm_free(p);
    return rc;
}
