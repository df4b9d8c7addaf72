// A deferred function may itself defer, panic and recover internally
// while an outer panic is running.
package main

import "fmt"

func main() {
	defer func() {
		fmt.Println("outer recovers:", recover())
	}()
	defer func() {
		func() {
			defer func() { fmt.Println("inner recovers:", recover()) }()
			panic("inner")
		}()
		fmt.Println("deferred call continues")
	}()
	panic("outer")
}

// Output:
// inner recovers: inner
// deferred call continues
// outer recovers: outer
