// Map literals, including structs as values and nested literals.
package main

type P struct {
	X, Y int
}

func main() {
	m := map[string]P{"a": {1, 2}, "b": {X: 3}}
	println(len(m), m["a"].Y, m["b"].X, m["c"].X)
	g := map[int][]string{1: {"x"}, 2: {"y", "z"}}
	println(len(g[2]), g[2][1], len(g[3]))
	e := map[bool]int{}
	e[true]++
	e[true]++
	e[false]--
	println(e[true], e[false], len(e))
}

// Output:
// 2 2 3 0
// 2 z 0
// 2 -1 2
