// Composite literals with elided types, pointers to literals inside
// literals, and keyed array elements.
package main

type P struct{ X, Y int }

type Line struct {
	A, B *P
	Tags map[string]int
}

func main() {
	pts := []*P{{1, 2}, {3, 4}}
	pts[0].X = 10
	println(pts[0].X, pts[1].Y)
	ls := [...]Line{1: {A: &P{5, 6}, Tags: map[string]int{"k": 1}}}
	println(len(ls), ls[0].A == nil, ls[1].A.Y, ls[1].Tags["k"])
	grid := [][]P{{{1, 1}}, {{2, 2}, {3, 3}}}
	println(len(grid[1]), grid[1][1].X)
	m := map[P][]P{{0, 0}: {{1, 1}}}
	println(m[P{}][0].Y)
}

// Output:
// 10 4
// 2 true 6 1
// 2 3
// 1
