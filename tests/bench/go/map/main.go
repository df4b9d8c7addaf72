// Go twin of tests/bench/map.c: the same map loops and keys, printed as
// `BENCH <row> ns/op <value>`.
package main

import (
	"fmt"
	"time"
)

func report(name string, start time.Time, ops int) {
	ns := float64(time.Since(start).Nanoseconds()) / float64(ops)
	fmt.Printf("BENCH %s ns/op %.2f\n", name, ns)
}

var xs uint64

func next() uint64 {
	xs ^= xs << 13
	xs ^= xs >> 7
	xs ^= xs << 17
	return xs
}

var sink int64

func insertBench(name string, keys []int64, reps int) {
	start := time.Now()
	for r := 0; r < reps; r++ {
		m := make(map[int64]int64)
		for i, k := range keys {
			m[k] = int64(i)
		}
		sink += int64(len(m))
	}
	report(name, start, len(keys)*reps)
}

func lookupBench(name string, m map[int64]int64, keys []int64, ops int) {
	var s int64
	n := len(keys)
	start := time.Now()
	for i := 0; i < ops; i++ {
		s += m[keys[i%n]]
	}
	report(name, start, ops)
	sink += s
}

func int64Benches(n int, ins, hit, miss string, reps, ops int) {
	xs = 88172645463325252
	keys := make([]int64, n)
	absent := make([]int64, n)
	for i := range keys {
		keys[i] = int64(next())
	}
	for i := range absent {
		absent[i] = int64(next())
	}
	insertBench(ins, keys, reps)
	m := make(map[int64]int64)
	for i, k := range keys {
		m[k] = int64(i)
	}
	order := make([]int64, n)
	for i := range order {
		order[i] = keys[uint64(i)*7919%uint64(n)]
	}
	lookupBench(hit, m, order, ops)
	lookupBench(miss, m, absent, ops)
}

func stringBenches() {
	const N = 100000
	ks := make([]string, N)
	qs := make([]string, N)
	for i := 0; i < N; i++ {
		b := []byte(fmt.Sprintf("key-%d", i))
		ks[i] = string(b)
		qs[i*7919%N] = string(b)
	}
	reps := 5
	var m map[string]int64
	start := time.Now()
	for r := 0; r < reps; r++ {
		m = make(map[string]int64)
		for i, k := range ks {
			m[k] = int64(i)
		}
	}
	report("map_string_insert_100k", start, N*reps)
	var s int64
	ops := 2000000
	start = time.Now()
	for i := 0; i < ops; i++ {
		s += m[qs[i%N]]
	}
	report("map_string_lookup_100k", start, ops)
	sink += s
}

func iterateBench() {
	n := 1000000
	m := make(map[int64]int64)
	xs = 88172645463325252
	for i := 0; i < n; i++ {
		m[int64(next())] = int64(i)
	}
	reps := 5
	var s int64
	start := time.Now()
	for r := 0; r < reps; r++ {
		for _, v := range m {
			s += v
		}
	}
	report("map_iterate_1m", start, n*reps)
	sink += s
}

func churnBench() {
	const N = 100000
	ring := make([]int64, N)
	m := make(map[int64]int64)
	xs = 88172645463325252
	for i := range ring {
		ring[i] = int64(next())
		m[ring[i]] = int64(i)
	}
	ops := 2000000
	start := time.Now()
	for i := 0; i < ops; i++ {
		j := i % N
		delete(m, ring[j])
		ring[j] = int64(next())
		m[ring[j]] = int64(i)
	}
	report("map_delete_churn_100k", start, ops)
	sink += int64(len(m))
}

func main() {
	int64Benches(1000, "map_int64_insert_1k", "map_int64_lookup_hit_1k",
		"map_int64_lookup_miss_1k", 2000, 10000000)
	int64Benches(1000000, "map_int64_insert_1m", "map_int64_lookup_hit_1m",
		"map_int64_lookup_miss_1m", 3, 5000000)
	stringBenches()
	iterateBench()
	churnBench()
}
