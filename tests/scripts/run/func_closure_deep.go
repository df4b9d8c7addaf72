// A closure recursing a million calls deep uses no C stack.
package main

func main() {
	var sum func(n int) int
	sum = func(n int) int {
		if n == 0 {
			return 0
		}
		return n + sum(n-1)
	}
	println(sum(1000000))
}

// Output:
// 500000500000
