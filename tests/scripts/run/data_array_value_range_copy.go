// Arrays are values: assignment, parameters, results, elements of
// slices and map values are all copies.
package main

type Grid [2][2]int

func flip(g Grid) Grid {
	g[0][0], g[1][1] = g[1][1], g[0][0]
	return g
}

func main() {
	g := Grid{{1, 2}, {3, 4}}
	h := flip(g)
	println(g[0][0], h[0][0])
	gs := []Grid{g, h}
	gs[0][1][1] = 40
	println(g[1][1], gs[0][1][1])
	m := map[string]Grid{"g": g}
	x := m["g"]
	x[0][0] = 100
	println(m["g"][0][0], x[0][0])
	arr := [3]string{"a", "b", "c"}
	sl := arr[:]
	sl[0] = "z"
	cp := arr
	cp[1] = "y"
	println(arr[0], arr[1], cp[0], cp[1])
}

// Output:
// 1 4
// 4 40
// 1 100
// z b z y
