// A parameter whose address is taken gets its own heap cell.
package main

func f(n int, s string) (*int, *string) {
	n *= 2
	s += s
	return &n, &s
}

func main() {
	a, b := f(21, "ab")
	println(*a, *b)
	c, _ := f(1, "")
	*c = 5
	println(*a, *c)
}

// Output:
// 42 abab
// 42 5
