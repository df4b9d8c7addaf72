// Pointers to fields and elements alias the containing value.
package main

type T struct {
	A [4]int
	S string
	N struct{ X, Y float64 }
}

func inc(p *int) { *p++ }

func main() {
	var t T
	inc(&t.A[2])
	inc(&t.A[2])
	ps := &t.S
	*ps = "set"
	pn := &t.N
	pn.Y = 2.5
	px := &t.N.X
	*px = -1
	println(t.A[2], t.S, t.N.X, t.N.Y)
	s := make([]T, 2)
	e := &s[1]
	e.S = "second"
	inc(&e.A[0])
	println(s[1].S, s[1].A[0], s[0].S == "")
	u := s[1]
	u.S = "copy"
	println(s[1].S)
}

// Output:
// 2 set -1.000000e+000 +2.500000e+000
// second 1 true
// second
