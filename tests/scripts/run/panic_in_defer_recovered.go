// A panic raised by a deferred call is itself recoverable further out;
// the older panic is aborted.
package main

import "fmt"

func f() (r string) {
	defer func() {
		r = fmt.Sprint("recovered: ", recover())
	}()
	defer func() {
		panic("from deferred")
	}()
	panic("original")
}

func main() {
	fmt.Println(f())
}

// Output:
// recovered: from deferred
