// Go twin of tests/bench/panic.c: the cost of defer and of panic+recover.
//
//	defer_return   ns/op  a function that defers one call and returns
//	panic_recover  ns/op  a function that defers a recovering call and
//	                      panics with a static string
//
// Each row is the median of 5 runs of about 100 ms.
package main

import (
	"fmt"
	"os"
	"sort"
	"time"
)

func inc(p *int64) { *p++ }

//go:noinline
func deferReturn(x *int64) {
	defer inc(x)
}

func rec(p *int64) {
	if recover() != nil {
		*p++
	}
}

//go:noinline
func panicRecover(x *int64) {
	defer rec(x)
	panic("boom")
}

func run(fn func(*int64), n int64) float64 {
	var x int64
	t0 := time.Now()
	for i := int64(0); i < n; i++ {
		fn(&x)
	}
	d := time.Since(t0)
	if x != n {
		fmt.Fprintf(os.Stderr, "bench: %d of %d calls counted\n", x, n)
		os.Exit(1)
	}
	return float64(d.Nanoseconds()) / float64(n)
}

func measure(fn func(*int64)) float64 {
	n := int64(1000)
	for run(fn, n)*float64(n) < 20e6 {
		n *= 2
	}
	n = int64(100e6/run(fn, n)) + 1
	r := make([]float64, 5)
	for i := range r {
		r[i] = run(fn, n)
	}
	sort.Float64s(r)
	return r[2]
}

func main() {
	fmt.Printf("BENCH defer_return ns/op %.2f\n", measure(deferReturn))
	fmt.Printf("BENCH panic_recover ns/op %.2f\n", measure(panicRecover))
}
