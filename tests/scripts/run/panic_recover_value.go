// recover returns the value passed to panic, of any type.
package main

import (
	"errors"
	"fmt"
)

type T struct{ X, Y int }

func try(v any) {
	defer func() {
		r := recover()
		fmt.Printf("recovered %T: %v\n", r, r)
	}()
	panic(v)
}

func main() {
	try("a string")
	try(42)
	try(3.5)
	try(T{1, 2})
	try(errors.New("an error"))
	try([]int{1, 2, 3})
	fmt.Println("main continues")
}

// Output:
// recovered string: a string
// recovered int: 42
// recovered float64: 3.5
// recovered main.T: {1 2}
// recovered *errors.errorString: an error
// recovered []int: [1 2 3]
// main continues
