// Elements of every kind in slices: loads, stores, ++ and op=, and
// parallel assignments that change the slice or the index they use.
package main

type P struct{ X int }

func main() {
	i8 := []int8{127, -128}
	i8[0]++
	i8[1] -= 1
	bs := []byte{255, 1}
	bs[0]++
	bs[1] <<= 7
	fs := []float64{1.5, 2}
	fs[1] *= fs[0]
	bo := []bool{false, true}
	bo[0] = !bo[1]
	u := []uint{0}
	u[0]--
	println(i8[0], i8[1], bs[0], bs[1], fs[1], bo[0], u[0] == 1<<64-1)
	s := []int{1, 2, 3}
	t := []int{7, 8, 9}
	i := 0
	s, s[0] = t, 100
	println(s[0], t[0])
	i, t[i] = 2, 50
	println(i, t[0], t[2])
	p := &P{1}
	q := &P{2}
	p, p.X = q, 10
	println(p.X, q.X)
	ps := []*P{{1}, {2}}
	ps[0], ps[1] = ps[1], ps[0]
	ps[0].X += 40
	println(ps[0].X, ps[1].X)
	n := 3
	defer1 := []int{0, 1, 2}
	defer1[n-1] = defer1[n-2] + defer1[n-3]
	println(defer1[2])
}

// Output:
// -128 127 0 128 +3.000000e+000 false true
// 7 7
// 2 50 9
// 2 2
// 42 1
// 1
