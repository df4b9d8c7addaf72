// Arrays: literals ([...]T, keyed indices), indexing, len, value
// semantics and equality.
package main

func sum(a [5]int) int {
	s := 0
	for i := 0; i < len(a); i++ {
		s += a[i]
	}
	a[0] = 1000
	return s
}

func main() {
	a := [5]int{1, 2, 3}
	b := [...]string{2: "c", 0: "a", "b"}
	c := [...]int{4: 1}
	println(len(a), len(b), len(c), a[2], a[4], b[0], b[1], b[2], c[4])
	println(sum(a), a[0])
	d := a
	d[1] = 20
	println(a[1], d[1], a == d)
	d[1] = 2
	println(a == d)
	var e [3]float64
	e[1] = 2.5
	e[2] += e[1] * 2
	println(e[0], e[1], e[2])
	var bs [4]byte
	for i := range bs {
		bs[i] = byte(250 + i*3)
	}
	println(bs[0], bs[1], bs[2], bs[3])
}

// Output:
// 5 3 5 3 0 a b c 1
// 6 1
// 2 20 false
// true
// +0.000000e+000 +2.500000e+000 +5.000000e+000
// 250 253 0 3
