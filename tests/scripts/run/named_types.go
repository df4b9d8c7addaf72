// Named basic types: arithmetic, conversion, comparison.
package main

type celsius float64
type meters int32
type label string

func warm(c celsius) bool { return c > 20 }

func main() {
	var c celsius = 25.5
	println(warm(c), warm(c-10))
	m := meters(2147483647)
	m++
	println(m)
	var l label = "x"
	l += "y"
	println(l, len(l), l == "xy")
	f := float64(c) * 2
	println(f)
}

// Output:
// true false
// -2147483648
// xy 2 true
// +5.100000e+001
