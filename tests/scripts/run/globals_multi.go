// Package variables from one multi-valued call: each call runs once, blank
// names included, and a variable declared earlier may depend on them.
package main

var calls int

func two(x int) (int, string) {
	calls++
	return x, "s" + string(rune('0'+x))
}

var early = b + "!"
var a, b = two(1)
var _, c = two(2)
var _, _ = two(3)
var _ = side()

func side() int {
	println("side effect")
	return 0
}

func main() {
	println(a, b, c, early, calls)
}

// Output:
// side effect
// 1 s1 s2 s1! 3
