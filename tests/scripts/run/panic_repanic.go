// A deferred call that re-panics the recovered value: Go prints the
// chain with [recovered].
package main

import "fmt"

func main() {
	defer func() {
		r := recover()
		fmt.Println("recovered", r, "- panicking again")
		panic(r)
	}()
	panic("first")
}

// Output:
// recovered first - panicking again
// panic: first [recovered]
// 	panic: first
//
// goroutine 1 [running]:
// main.main.func1()
// 	panic_repanic.go:11
// Exit: 2
