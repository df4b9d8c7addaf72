// Interface comparison: same dynamic type and equal values.
package main

type A int
type B int

func main() {
	var x, y interface{}
	println(x == y, x == nil)
	x = 1
	y = 1
	println(x == y)
	y = 2
	println(x == y)
	x = A(1)
	y = B(1)
	println(x == y, x == A(1), y == B(1))
	x = "s"
	y = "s"
	println(x == y, x != y)
	x = 1.5
	println(x == 1.5, x == 1)
}

// Output:
// true true
// true
// false
// false true true
// true false
// true false
