// Go twin of tests/bench/gc.c: the garbage collector under load, same rows.
//
//	binary_trees_d18, _d21   the benchmark game's binary-trees, single
//	                         goroutine (ms; d18 best of 3, d21 one run)
//	alloc_live_16B           new([16]byte) with a 64 MiB live tree kept (ns/op)
//	alloc_live_64B_ptr       new(node64) (two pointers) with the same tree
//	gc_pause_max_us_gN       N goroutines (4, 1000) build and drop depth-10
//	gc_pause_p99_us_gN       trees next to an 8 MiB live tree, for a fixed
//	gc_total_ms_gN           amount of work: max and p99 of the stop-the-world
//	                         pauses (MemStats.PauseNs) and the wall time
//	rss_per_live_d18         in a child process: binary-trees depth 18, then
//	                         peak RSS (VmHWM) / live heap (HeapAlloc after a
//	                         GC with the long-lived tree kept) (x)
//
// gogc [FILTER] runs only the rows whose name contains FILTER, gogc =NAME
// only row NAME.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

type node struct{ left, right *node }

func bottomUp(d int) *node {
	if d <= 0 {
		return &node{}
	}
	return &node{bottomUp(d - 1), bottomUp(d - 1)}
}

func (n *node) check() int {
	if n.left == nil {
		return 1
	}
	return 1 + n.left.check() + n.right.check()
}

var sinkCheck int

// binaryTrees runs the benchmark game program without printing and returns
// the long-lived tree so the caller can keep it.
func binaryTrees(n int) *node {
	const minDepth = 4
	maxDepth := n
	if maxDepth < minDepth+2 {
		maxDepth = minDepth + 2
	}
	sum := bottomUp(maxDepth + 1).check()
	longLived := bottomUp(maxDepth)
	for d := minDepth; d <= maxDepth; d += 2 {
		iters := 1 << uint(maxDepth-d+minDepth)
		c := 0
		for i := 0; i < iters; i++ {
			c += bottomUp(d).check()
		}
		sum += c
	}
	sum += longLived.check()
	sinkCheck = sum
	return longLived
}

var filter string // os.Args[1]: run only rows containing it

func want(name string) bool {
	if strings.HasPrefix(filter, "=") {
		return name == filter[1:]
	}
	return strings.Contains(name, filter)
}

func msRow(name string, reps int, f func()) {
	if !want(name) {
		return
	}
	best := 1e30
	for r := 0; r < reps; r++ {
		t0 := time.Now()
		f()
		ms := float64(time.Since(t0).Nanoseconds()) / 1e6
		if ms < best {
			best = ms
		}
	}
	fmt.Printf("BENCH %s ms %.1f\n", name, best)
}

// --- allocation under a live heap ----------------------------------------

type node64 struct {
	a, b *node64
	c    [6]int64
}

var (
	liveTree *node64
	sink16   *[16]byte
	sink64   *node64
)

func tree64(d int) *node64 {
	n := &node64{}
	if d > 0 {
		n.a = tree64(d - 1)
		n.b = tree64(d - 1)
	}
	return n
}

func nsRow(name string, n int, f func(n int)) {
	if !want(name) {
		return
	}
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

// --- pauses under a concurrent workload ----------------------------------

const (
	pauseTrees = 24000 // depth-10 trees in all, split among the goroutines
	pauseDepth = 10
)

func pauses(g int) {
	names := []string{fmt.Sprintf("gc_pause_max_us_g%d", g),
		fmt.Sprintf("gc_pause_p99_us_g%d", g), fmt.Sprintf("gc_total_ms_g%d", g)}
	if !want(names[0]) && !want(names[1]) && !want(names[2]) {
		return
	}
	long := bottomUp(18)
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	t0 := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < g; i++ {
		wg.Add(1)
		n := pauseTrees / g
		if i < pauseTrees%g {
			n++
		}
		go func(n int) {
			defer wg.Done()
			c := 0
			for k := 0; k < n; k++ {
				c += bottomUp(pauseDepth).check()
			}
			if c != n*(1<<(pauseDepth+1)-1) {
				panic("bad check")
			}
		}(n)
	}
	wg.Wait()
	total := time.Since(t0)
	runtime.ReadMemStats(&m1)
	runtime.KeepAlive(long)
	cycles := int(m1.NumGC - m0.NumGC)
	if cycles > 256 {
		cycles = 256
	}
	ps := make([]float64, 0, cycles)
	for i := 0; i < cycles; i++ {
		ps = append(ps, float64(m1.PauseNs[(int(m1.NumGC)+255-i)%256])/1e3)
	}
	sort.Float64s(ps)
	// p99 interpolated between the two nearest ranks (with under 100
	// cycles the nearest-rank p99 would simply be the max).
	max, p99 := 0.0, 0.0
	if n := len(ps); n > 0 {
		max = ps[n-1]
		r := 0.99 * float64(n-1)
		lo := int(r)
		p99 = ps[lo]
		if lo+1 < n {
			p99 += (r - float64(lo)) * (ps[lo+1] - ps[lo])
		}
	}
	fmt.Printf("BENCH %s us %.1f\n", names[0], max)
	fmt.Printf("BENCH %s us %.1f\n", names[1], p99)
	fmt.Printf("BENCH %s ms %.1f\n", names[2], float64(total.Nanoseconds())/1e6)
	fmt.Fprintf(os.Stderr, "g%d: %d cycles\n", g, m1.NumGC-m0.NumGC)
}

// --- peak RSS per live byte (child process) ------------------------------

func vmHWM() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			f := strings.Fields(l)
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

func rssChild() {
	long := binaryTrees(18)
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	runtime.KeepAlive(long)
	hwm := vmHWM()
	fmt.Printf("BENCH rss_per_live_d18 x %.2f\n", float64(hwm)/float64(m.HeapAlloc))
	fmt.Fprintf(os.Stderr, "rss: VmHWM %d KiB, live %d KiB\n", hwm>>10, m.HeapAlloc>>10)
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--rss" {
		rssChild()
		return
	}
	if len(os.Args) > 1 {
		filter = os.Args[1]
	}
	if want("rss_per_live_d18") {
		cmd := exec.Command("/proc/self/exe", "--rss")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "rss child:", err)
		}
	}

	msRow("binary_trees_d18", 3, func() { binaryTrees(18) })
	msRow("binary_trees_d21", 1, func() { binaryTrees(21) })

	if want("alloc_live") {
		liveTree = tree64(19) // 2^20-1 objects of 64 B: 64 MiB live
		runtime.GC()
	}
	nsRow("alloc_live_16B", 20000000, func(n int) {
		for i := 0; i < n; i++ {
			p := new([16]byte)
			p[0] = 1
			sink16 = p
		}
	})
	nsRow("alloc_live_64B_ptr", 5000000, func(n int) {
		for i := 0; i < n; i++ {
			p := new(node64)
			p.c[0] = int64(i)
			sink64 = p
		}
	})
	runtime.KeepAlive(liveTree)
	liveTree = nil

	pauses(4)
	pauses(1000)
}
