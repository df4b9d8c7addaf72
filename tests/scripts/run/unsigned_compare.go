// Unsigned comparisons.
package main

func main() {
	var a uint64 = 1 << 63
	var b uint64 = 1
	println(a > b, a < b, a >= b)
	var c uint8 = 200
	var d uint8 = 100
	println(c > d, c+d < c)
	var x uint = 0
	x--
	if x > 5 {
		println("max uint is big")
	}
	var n int = -1
	println(n < 1, uint(n) > 1)
}

// Output:
// true false true
// true true
// max uint is big
// true true
