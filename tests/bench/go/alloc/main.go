// Go twin of tests/bench/alloc.c: allocation throughput, same rows.
//
//	alloc_small_16B      new([16]byte): 16 bytes, no pointers (size class 2)
//	alloc_small_64B_ptr  new(node): 64 bytes with two pointers
//	alloc_large_64KiB    make([]byte, 64<<10), one byte written per 4 KiB page
//
// Each object goes to a global sink and is written once; ns/op is the best
// of 3 runs, garbage collection included.
package main

import (
	"fmt"
	"time"
)

type node struct {
	a, b *node
	c    [6]int64
}

var (
	sink16   *[16]byte
	sinkNode *node
	sinkBig  []byte
)

func bench(name string, n int, f func(n int)) {
	best := 1e30
	for r := 0; r < 3; r++ {
		t0 := time.Now()
		f(n)
		ns := float64(time.Since(t0).Nanoseconds()) / float64(n)
		if ns < best {
			best = ns
		}
	}
	fmt.Printf("BENCH %s ns/op %.2f\n", name, best)
}

func small16(n int) {
	for i := 0; i < n; i++ {
		p := new([16]byte)
		p[0] = 1
		sink16 = p
	}
}

func small64ptr(n int) {
	for i := 0; i < n; i++ {
		p := new(node)
		p.c[0] = int64(i)
		sinkNode = p
	}
}

func large64k(n int) {
	for i := 0; i < n; i++ {
		p := make([]byte, 64<<10)
		for k := 0; k < len(p); k += 4096 {
			p[k] = 1
		}
		sinkBig = p
	}
}

func main() {
	bench("alloc_small_16B", 3000000, small16)
	bench("alloc_small_64B_ptr", 2000000, small64ptr)
	bench("alloc_large_64KiB", 2000, large64k)
}
