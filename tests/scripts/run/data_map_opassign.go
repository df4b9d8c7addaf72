// m[k] op= v and m[k]++ evaluate m and k once.
package main

var calls int

func key(s string) string {
	calls++
	return s
}

func main() {
	m := map[string]int{}
	words := []string{"a", "b", "a", "c", "a", "b"}
	for _, w := range words {
		m[key(w)]++
	}
	println(m["a"], m["b"], m["c"], calls)
	m[key("a")] *= 10
	m["d"] -= 4
	println(m["a"], m["d"], calls)
	s := map[int]string{}
	s[1] += "x"
	s[1] += "y"
	println(s[1])
	f := map[string]float64{}
	f["pi"] += 3.14
	f["pi"]++
	println(f["pi"])
}

// Output:
// 3 2 1 6
// 30 -4 7
// xy
// +4.140000e+000
