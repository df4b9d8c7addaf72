// Structs and arrays as map keys: compared field by field (strings by
// content).
package main

type Key struct {
	Name string
	N    int
}

func mk(a, b string) string {
	return a + b
}

func main() {
	m := map[Key]int{}
	m[Key{"ab", 1}] = 1
	m[Key{mk("a", "b"), 1}] += 10
	m[Key{"ab", 2}] = 2
	println(len(m), m[Key{"ab", 1}], m[Key{"a" + "b", 2}])
	g := map[[2]int]string{}
	g[[2]int{1, 2}] = "x"
	g[[2]int{2, 1}] = "y"
	k := [2]int{1, 2}
	println(len(g), g[k])
	type pt struct{ x, y int8 }
	h := map[pt]bool{{1, 2}: true}
	println(h[pt{1, 2}], h[pt{2, 1}])
}

// Output:
// 2 11 2
// 2 x
// true false
