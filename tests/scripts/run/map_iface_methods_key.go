// Maps keyed by interfaces with methods (their values hold itabs, not
// types): hashing and equality look through the itab to the dynamic type.
package main

import (
	"errors"
	"fmt"
)

type S interface{ Name() string }
type A struct{ n string }

func (a A) Name() string { return a.n }

type B int

func (b B) Name() string { return fmt.Sprint("B", int(b)) }

func main() {
	m := map[S]int{}
	m[A{"x"}] = 1
	m[B(2)] = 2
	m[A{"x"}] += 10
	var s S = B(2)
	fmt.Println(len(m), m[A{"x"}], m[s], m[B(3)])
	delete(m, s)
	v, ok := m[B(2)]
	fmt.Println(len(m), v, ok)
	e1 := errors.New("a")
	me := map[error]string{e1: "first"}
	me[e1] = "again"
	fmt.Println(len(me), me[e1])
	type K struct {
		s S
		i int
	}
	mk := map[K]int{{A{"y"}, 1}: 5}
	fmt.Println(mk[K{A{"y"}, 1}], mk[K{B(1), 1}])
}

// Output:
// 2 11 2 0
// 1 0 false
// 1 again
// 5 0
