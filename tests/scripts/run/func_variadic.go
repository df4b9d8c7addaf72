// Variadic functions: extra arguments are packaged into a slice.
package main

func sum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func count(prefix string, xs ...string) int {
	n := 0
	for _, x := range xs {
		println(prefix, x)
		n++
	}
	return n
}

func main() {
	println(sum())
	println(sum(1))
	println(sum(1, 2, 3, 4))
	println(count("-", "a", "b"))
	println(count("none"))
}

// Output:
// 0
// 1
// 10
// - a
// - b
// 2
// 0
