// Generated from tests/bench/vm/fib.go (its main renamed main_fib):
// the compiled-Go twin of bench_vm_progs' prog row.
package main

// fib(35): calls and returns.

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main_fib() {
	println(fib(35))
}
