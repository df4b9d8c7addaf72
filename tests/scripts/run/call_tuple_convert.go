// f(g()): each of g's results is converted to f's parameter type, boxed
// when the parameter is an interface (the two layouts differ).
package main

import (
	"errors"
	"fmt"
)

type A struct {
	K int
	S string
	M map[string]string
}

type T struct{ n int }

func (t T) String() string { return fmt.Sprint("T", t.n) }

func newA(k int, s string) (a A) {
	a.K = k
	a.S = s
	a.M = make(map[string]string)
	a.M[s] = s
	return
}

func proxy() (x int, a A) { return 1, newA(2, "3") }

func consume(x int, a interface{}) {
	fmt.Println(x)
	fmt.Println(a)
}

func pair() (T, error) { return T{7}, errors.New("boom") }

func show(s fmt.Stringer, e interface{}) { fmt.Println(s.String(), e) }

func two() (interface{}, int) { return "str", 4 }

func take(a interface{}, b interface{}) { fmt.Println(a, b) }

func main() {
	consume(proxy())
	show(pair())
	take(two())
}

// Output:
// 1
// {2 3 map[3:3]}
// T7 boom
// str 4
