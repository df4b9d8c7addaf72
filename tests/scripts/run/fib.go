// Recursion through non-recursive VM calls.
package main

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main() {
	for i := 0; i <= 10; i++ {
		print(fib(i), " ")
	}
	println()
	println(fib(25))
}

// Output:
// 0 1 1 2 3 5 8 13 21 34 55 
// 75025
