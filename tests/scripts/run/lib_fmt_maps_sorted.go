package main

import (
	"fmt"
)

func main() {
	m := map[string]int{"zeta": 1, "alpha": 2, "mid": 3, "": 4}
	fmt.Println(m)
	fmt.Printf("%v %d\n", map[int]string{3: "c", -1: "a", 2: "b"}, map[int]bool{})
	fmt.Printf("%#v\n", map[string]bool{"b": true, "a": false})
	fmt.Println(map[float64]int{2.5: 1, -1: 2, 0: 3}, map[bool]int{true: 1, false: 0})
	type k struct{ a, b int }
	fmt.Println(map[k]string{{2, 1}: "x", {1, 2}: "y", {1, 1}: "z"})
	var nm map[string]int
	fmt.Println(nm, len(nm))
	fmt.Printf("%v %+v\n", map[string][]int{"b": {2}, "a": {1, 1}}, map[string]*int{"n": nil})
}

// Output:
// map[:4 alpha:2 mid:3 zeta:1]
// map[-1:a 2:b 3:c] map[]
// map[string]bool{"a":false, "b":true}
// map[-1:2 0:3 2.5:1] map[false:0 true:1]
// map[{1 1}:z {1 2}:y {2 1}:x]
// map[] 0
// map[a:[1 1] b:[2]] map[n:<nil>]
