// A deferred call's arguments are evaluated at the defer statement.
package main

import "fmt"

func show(tag string, v int) { fmt.Println(tag, v) }

func main() {
	x := 1
	defer show("deferred with x =", x)
	x = 2
	defer func() { fmt.Println("closure sees x =", x) }()
	x = 3
	s := []int{1, 2}
	defer fmt.Println("slice header taken now:", len(s))
	s = append(s, 3)
	fmt.Println("x is", x, "len", len(s))
}

// Output:
// x is 3 len 3
// slice header taken now: 2
// closure sees x = 3
// deferred with x = 1
