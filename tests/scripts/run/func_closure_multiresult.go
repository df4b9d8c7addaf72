// Function values with several parameters and results, strings included.
package main

func main() {
	split := func(s string, i int) (string, string) {
		return s[:i], s[i:]
	}
	a, b := split("gopher", 2)
	println(a, b)
	swap := func(x, y string) (string, string) { return y, x }
	a, b = swap(a, b)
	println(a, b)
	divmod := func(a, b int) (q, r int) {
		q = a / b
		r = a % b
		return
	}
	q, r := divmod(17, 5)
	println(q, r)
}

// Output:
// go pher
// pher go
// 3 2
