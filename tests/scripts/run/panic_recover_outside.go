// recover outside a deferred call, or when nothing panics, returns nil.
package main

import "fmt"

func main() {
	fmt.Println("direct:", recover())
	defer func() {
		fmt.Println("deferred, no panic:", recover())
	}()
	func() {
		defer func() { fmt.Println("inner, no panic:", recover()) }()
	}()
}

// Output:
// direct: <nil>
// inner, no panic: <nil>
// deferred, no panic: <nil>
