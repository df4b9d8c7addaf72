// Type aliases are declared after type definitions, as Go's checker does,
// so an alias may name a struct that uses the alias before the struct's
// declaration appears (Go's issue 25838).
package main

import "fmt"

type F = func(E) int
type E struct {
	f F
	n int
}

type P = *S
type S struct {
	p P
	v string
}

var x = E{func(e E) int { return e.n * 2 }, 21}

func main() {
	fmt.Println(x.f(x))
	s := &S{v: "inner"}
	t := S{p: s, v: "outer"}
	fmt.Println(t.v, t.p.v, t.p.p == nil)
}

// Output:
// 42
// outer inner true
