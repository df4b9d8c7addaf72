// Arrays of structs with strings and floats as map keys hash and compare
// element by element.
package main

type Inner struct {
	S string
	F float64
}

func main() {
	m := map[[2]Inner]int{}
	k1 := [2]Inner{{"a", 1}, {"b", 2}}
	k2 := k1
	k2[1].S = "b"
	m[k1] = 5
	m[k2]++
	println(len(m), m[k1])
}

// Output:
// 1 6
