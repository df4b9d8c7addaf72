// recover called by a helper of the deferred function does not stop
// the panic: only the deferred function itself may recover.
package main

import "fmt"

func helper() any { return recover() }

func main() {
	defer func() {
		fmt.Println("outer deferred recovers:", recover())
	}()
	defer func() {
		fmt.Println("helper got:", helper())
	}()
	panic("boom")
}

// Output:
// helper got: <nil>
// outer deferred recovers: boom
