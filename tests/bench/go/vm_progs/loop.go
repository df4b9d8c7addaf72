// Generated from tests/bench/vm/loop.go (its main renamed main_loop):
// the compiled-Go twin of bench_vm_progs' prog row.
package main

// An integer loop of 1e8 iterations: the dispatch loop's cost per
// iteration (an add, a multiply-free mix, a compare-and-branch).

func main_loop() {
	sum := 0
	for i := 0; i < 100000000; i++ {
		sum += i ^ (i >> 3)
	}
	println(sum)
}
