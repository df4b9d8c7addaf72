// Multiple results, named results, bare return, blank identifiers.
package main

func divmod(a, b int) (q, r int) {
	q = a / b
	r = a % b
	return
}

func swap(a, b string) (string, string) {
	return b, a
}

func three() (int, string, bool) {
	return 1, "two", true
}

func pass() (int, string, bool) {
	return three()
}

func named() (x int, s string) {
	x = 5
	return x * 2, "s"
}

func main() {
	q, r := divmod(17, 5)
	println(q, r)
	a, b := swap("x", "y")
	println(a, b)
	_, s, _ := pass()
	println(s)
	a, b = b, a
	println(a, b)
	x, y := named()
	println(x, y)
	var i, j, k = 1, 2, 3
	i, j, k = k, i, j
	println(i, j, k)
	n, _ := divmod(9, 4)
	println(n)
}

// Output:
// 3 2
// y x
// two
// x y
// 10 s
// 3 1 2
// 2
