// A generator: a closure that returns the next Fibonacci number each call.
package main

func fibgen() func() int {
	a, b := 0, 1
	return func() int {
		r := a
		a, b = b, a+b
		return r
	}
}

func main() {
	next := fibgen()
	for i := 0; i < 10; i++ {
		print(next(), " ")
	}
	println()
}

// Output:
// 0 1 1 2 3 5 8 13 21 34 
