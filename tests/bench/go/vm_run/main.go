// The compiled-Go twin of bench_vm_run: fib(35), best of 3, wall time.
package main

import (
	"fmt"
	"os"
	"time"
)

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main() {
	best := time.Duration(1 << 62)
	for r := 0; r < 3; r++ {
		t0 := time.Now()
		fmt.Fprintln(os.Stderr, fib(35))
		if d := time.Since(t0); d < best {
			best = d
		}
	}
	fmt.Printf("BENCH vm_fib35 ms %.1f\n", float64(best)/1e6)
}
