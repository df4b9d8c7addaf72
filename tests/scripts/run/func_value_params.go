// Functions as parameters and results.
package main

func apply(f func(int) int, x int) int { return f(x) }

func twice(f func(int) int) func(int) int {
	return func(x int) int { return f(f(x)) }
}

func square(x int) int { return x * x }

func compose(f, g func(int) int) func(int) int {
	return func(x int) int { return g(f(x)) }
}

func main() {
	println(apply(square, 7))
	println(twice(square)(3))
	add3 := func(x int) int { return x + 3 }
	println(compose(add3, square)(1), compose(square, add3)(1))
	println(apply(twice(twice(add3)), 0))
}

// Output:
// 49
// 81
// 16 4
// 12
