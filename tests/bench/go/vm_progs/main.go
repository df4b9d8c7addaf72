// The compiled-Go twin of bench_vm_progs: the same programs
// (tests/bench/vm/*.go, listed in ./scripts and copied with main renamed
// by scripts/bench), timed in
// wall time, best of 3 for the short ones. Their output goes to
// standard error, as the scripts' println does.
package main

import (
	"fmt"
	"time"
)

func timeit(name string, runs int, f func()) {
	best := time.Duration(1 << 62)
	for r := 0; r < runs; r++ {
		t0 := time.Now()
		f()
		if d := time.Since(t0); d < best {
			best = d
		}
	}
	fmt.Printf("BENCH prog_%s ms %.1f\n", name, float64(best)/1e6)
}

func main() {
	timeit("fib35", 3, main_fib)
	timeit("loop1e8", 3, main_loop)
	timeit("binarytrees16", 1, main_binarytrees)
	timeit("nbody5m", 1, main_nbody)
	timeit("spectralnorm1000", 1, main_spectralnorm)
	timeit("fannkuch10", 1, main_fannkuch)
	timeit("wordcount", 1, main_wordcount)
}
