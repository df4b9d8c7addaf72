// Struct and array equality: field by field (strings by content, floats
// by value so that +0 == -0 and NaN != NaN).
package main

type K struct {
	S string
	F float64
	N int8
	A [2]int16
}

func nan() float64 {
	z := 0.0
	return z / z
}

func main() {
	a := K{"x", 1.5, 1, [2]int16{1, 2}}
	b := K{"x", 1.5, 1, [2]int16{1, 2}}
	s := "xy"
	b.S = s[:1]
	println(a == b, a != b)
	b.A[1] = 3
	println(a == b)
	c := K{F: 0}
	d := K{F: -c.F}
	println(c == d)
	e := K{F: nan()}
	println(e == e, e != e)
	x := [3]string{"a", "b", "c"}
	y := [3]string{"a", "b", "c"}
	println(x == y)
	y[2] = "C"
	println(x == y, x != y)
	type P struct{ X, Y int }
	println(P{1, 2} == P{1, 2}, P{1, 2} == P{2, 1})
}

// Output:
// true false
// false
// true
// false true
// true
// false true
// true false
