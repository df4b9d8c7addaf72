// Golden errors: statements, assignments, calls and built-ins.

package main

func two() (int, int) { return 1, 2 }

func noret() int {
} // ERROR "missing return"

func ret() int {
	return // ERROR "not enough return values"
}

func main() {
	a, b := two()
	_, _ = a, b
	a, b := two() // ERROR "no new variables on left side of :="
	var x int = two() // ERROR "multiple-value two\(\) \(value of type \(int, int\)\) in single-value context"
	_ = x
	if 1 { // ERROR "non-boolean condition in if statement"
	}
	switch a {
	case 1:
	case 1: // ERROR "duplicate case 1 \(constant of type int\) in expression switch"
	}
	var e interface{}
	switch e.(type) {
	case int:
	case int: // ERROR "duplicate case int in type switch"
	}
	defer len("x") // ERROR "defer discards result of len\(.x.\)"
	two(1) // ERROR "too many arguments in call to two"
	_ = len() // ERROR "not enough arguments for len\(\) \(expected 1, found 0\)"
	_ = make(int) // ERROR "cannot make int; type must be slice, map, or channel"
	var ch <-chan int
	ch <- 1 // ERROR "cannot send to receive-only channel"
	close(ch) // ERROR "cannot close receive-only channel"
	var s string
	s++ // ERROR "non-numeric type string"
	for range 5 { // ERROR "cannot range over 5"
	}
}

// A type switch clause whose one type failed gives its variable an
// invalid type: uses of it report nothing more.
func badcase(x interface{}) {
	switch t := x.(type) {
	case nosuch: // ERROR "undefined: nosuch"
		t.f = 1
	case 0: // ERROR "0 is not a type"
		t.g()
	}
}

// x op= y and x++ read x: the blank identifier has no value. (The code
// generator once crashed on these.)
func blankops() {
	_ -= 1 // ERROR "cannot use _ as value or type"
	_++ // ERROR "cannot use _ as value or type"
}
