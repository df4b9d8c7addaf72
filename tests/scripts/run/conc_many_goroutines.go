// Three thousand goroutines, each with its own VM stack, reporting over
// one buffered channel.
package main

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main() {
	const n = 3000
	res := make(chan int, 100)
	for i := 0; i < n; i++ {
		go func(k int) { res <- fib(k % 15) }(i)
	}
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-res
	}
	println("sum", sum)
}

// Output:
// sum 197200
