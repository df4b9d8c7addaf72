// Convert a panic to an error and back.
package main

import (
	"errors"
	"fmt"
)

var errBad = errors.New("bad input")

func parse(s string) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
				return
			}
			panic(r)
		}
	}()
	if s == "" {
		panic(errBad)
	}
	if s == "?" {
		panic("unknown")
	}
	return len(s), nil
}

func main() {
	n, err := parse("abc")
	fmt.Println(n, err)
	n, err = parse("")
	fmt.Println(n, err, errors.Is(err, errBad))
	parse("?")
}

// Output:
// 3 <nil>
// 0 bad input true
// panic: unknown [recovered]
// 	panic: unknown
//
// goroutine 1 [running]:
// main.parse.func1()
// 	defer_recover_rethrow_error.go:18
// Exit: 2
