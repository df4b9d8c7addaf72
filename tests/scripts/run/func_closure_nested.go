// Closures nested three deep capture variables of every enclosing function.
package main

func outer(a int) func(int) func(int) int {
	return func(b int) func(int) int {
		return func(c int) int {
			a++
			return a*100 + b*10 + c
		}
	}
}

func main() {
	f := outer(1)
	g := f(2)
	println(g(3))
	println(g(4))
	h := f(5)
	println(h(6))
}

// Output:
// 223
// 324
// 456
