// A panic inside a deferred call replaces the running panic; both print.
package main

import "fmt"

func main() {
	defer fmt.Println("outermost deferred still runs")
	defer func() {
		panic("second")
	}()
	panic("first")
}

// Output:
// outermost deferred still runs
// panic: first
// 	panic: second
//
// goroutine 1 [running]:
// main.main.func1()
// 	panic_in_defer.go:9
// Exit: 2
