// Struct literals (keyed and positional), field reads and writes, and
// value semantics: assignment copies.
package main

type Point struct {
	X, Y int
}

type Named struct {
	Name  string
	P     Point
	Ratio float64
	Small int8
	Flag  bool
}

func main() {
	p := Point{1, 2}
	q := Point{Y: 5}
	println(p.X, p.Y, q.X, q.Y)
	r := p
	r.X = 100
	println(p.X, r.X)
	n := Named{Name: "n1", P: Point{3, 4}, Ratio: 0.5, Small: -3, Flag: true}
	m := n
	m.P.X = 30
	m.Name += "!"
	println(n.Name, n.P.X, n.P.Y, n.Ratio, n.Small, n.Flag)
	println(m.Name, m.P.X)
	n.Small -= 126
	println(n.Small)
	var z Named
	println(z.Name == "", z.P.X, z.Flag, z.Ratio)
	z.P = p
	p.Y = 9
	println(z.P.Y, p.Y)
}

// Output:
// 1 2 0 5
// 1 100
// n1 3 4 +5.000000e-001 -3 true
// n1! 30
// 127
// true 0 false +0.000000e+000
// 2 9
