// The cgo twin of bench_vm_ffi: the same calls of libm's cos and libc's
// usleep from Go through cgo (needs gcc; scripts/bench builds it with the
// default CGO_ENABLED). cgo has no "fast" form, so vm_ffi_cos_fast pairs
// with the same cgo call.
package main

/*
#cgo LDFLAGS: -lm
#include <math.h>
#include <unistd.h>
*/
import "C"

import (
	"fmt"
	"time"
)

const n = 5000000

var sink float64

func cosLoop() float64 {
	s := 0.0
	for i := 0; i < n; i++ {
		s += float64(C.cos(C.double(float64(i&1023) * 0.001)))
	}
	return s
}

func sleep10() {
	done := make(chan bool)
	for i := 0; i < 10; i++ {
		go func() { C.usleep(100000); done <- true }()
	}
	for i := 0; i < 10; i++ {
		<-done
	}
}

func best(f func()) time.Duration {
	b := time.Duration(1 << 62)
	for r := 0; r < 3; r++ {
		t0 := time.Now()
		f()
		if d := time.Since(t0); d < b {
			b = d
		}
	}
	return b
}

func main() {
	d := best(func() { sink += cosLoop() })
	fmt.Printf("BENCH vm_ffi_cos ns/op %.2f\n", float64(d)/n)
	fmt.Printf("BENCH vm_ffi_cos_fast ns/op %.2f\n", float64(d)/n)
	fmt.Printf("BENCH vm_ffi_sleep10 ms %.1f\n", float64(best(sleep10))/1e6)
}
