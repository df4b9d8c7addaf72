// Deferred closures capture variables, not values (Go 1.19 loop variables
// are shared across iterations); passing an argument copies the value.
package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Println("captured", i) }()
	}
	for i := 0; i < 3; i++ {
		defer func(v int) { fmt.Println("passed", v) }(i)
	}
	for i := 0; i < 3; i++ {
		i := i
		defer func() { fmt.Println("copied", i) }()
	}
}

// Output:
// copied 2
// copied 1
// copied 0
// passed 2
// passed 1
// passed 0
// captured 3
// captured 3
// captured 3
