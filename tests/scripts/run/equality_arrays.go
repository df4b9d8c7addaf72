// == and != on arrays, structs holding arrays and strings, and
// interfaces holding them.
package main

import "fmt"

type key struct {
	name string
	pos  [2]int
}

func main() {
	a := [3]int{1, 2, 3}
	b := [3]int{1, 2, 3}
	c := [3]int{1, 2, 4}
	fmt.Println(a == b, a != b, a == c)
	s1 := [2]string{"x", "y"}
	s2 := [2]string{"x", "y" + ""}
	fmt.Println(s1 == s2)
	k1 := key{"k", [2]int{1, 2}}
	k2 := key{"k", [2]int{1, 2}}
	k3 := key{"k", [2]int{2, 1}}
	fmt.Println(k1 == k2, k1 == k3)
	var i1, i2 interface{} = k1, k2
	var i3 interface{} = k3
	fmt.Println(i1 == i2, i1 == i3)
	m := map[key]int{k1: 1}
	m[k2]++
	fmt.Println(m[k1], len(m))
	f1 := [2]float64{0, 1}
	f2 := [2]float64{-0.0, 1}
	fmt.Println(f1 == f2)
}

// Output:
// true false false
// true
// true false
// true false
// 2 1
// true
