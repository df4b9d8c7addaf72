// Pointers compare by identity; maps and slices compare with nil.
package main

type T struct{ N int }

func main() {
	a, b := &T{1}, &T{1}
	c := a
	println(a == b, a == c, *a == *b)
	var m map[int]int
	println(m == nil)
	m = map[int]int{}
	println(m != nil)
	x := 1
	p, q := &x, &x
	println(p == q)
	var arr [2]T
	println(&arr[0] == &arr[0], &arr[0] == &arr[1])
}

// Output:
// false true true
// true
// true
// true
// true false
