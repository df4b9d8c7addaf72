// Golden errors: switch, type switch and select clauses, range variables.

package main

func main() {
	var x interface{}
	switch x {
	default:
	case 1:
	default: // ERROR "multiple defaults \(first at clauses.go:8:2\)"
	}
	switch x.(type) {
	default:
	default: // ERROR "multiple defaults \(first at clauses.go:13:2\)"
	}
	c := make(chan int)
	select {
	default:
	case <-c:
	default: // ERROR "multiple defaults \(first at clauses.go:18:2\)"
	}
	var i, j, k int
	for i, j, k = range []int{} { // ERROR "range clause permits at most two iteration variables"
	}
	for i, j = range c { // ERROR "range over c \(variable of type chan int\) permits only one iteration variable"
	}
	_, _, _ = i, j, k
}

func sel(done chan struct{}) {
	select {
	case done: // ERROR "select case must be send or receive \(possibly with assignment\)"
	}
}

type B struct{ _ string }

var _ = B{_: "x"} // ERROR "unknown field '_' in struct literal of type B"

func ts() {
	switch t := nil.(type) { // ERROR "nil is not an interface"
	default:
		_ = t
	}
	switch u := one.(type) { // ERROR "u declared but not used" "one \(untyped int constant 1\) is not an interface"
	default:
	}
}
const one = 1
