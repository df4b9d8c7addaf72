// Deferred calls run last-in first-out when the function returns.
package main

import "fmt"

func main() {
	defer fmt.Println("first deferred, runs last")
	defer fmt.Println("second deferred")
	defer fmt.Println("third deferred, runs first")
	fmt.Println("body")
}

// Output:
// body
// third deferred, runs first
// second deferred
// first deferred, runs last
