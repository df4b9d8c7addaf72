// A panic in a deferred call during a normal return, recovered, then a
// runtime error re-panicked from a deferred call: Go's [recovered] chain.
package main

import "fmt"

type T struct{ name string }

func (t T) String() string { return "T(" + t.name + ")" }

func f() {
	defer func() {
		fmt.Println("deferred during normal return")
		panic(T{"x"})
	}()
	fmt.Println("f body")
}

func main() {
	defer func() {
		r := recover()
		fmt.Println("recovered", r)
		var m map[int]int
		func() {
			defer func() { panic(recover()) }()
			m[1] = 1
		}()
	}()
	f()
}

// Output:
// f body
// deferred during normal return
// recovered T(x)
// panic: T(x) [recovered]
// 	panic: assignment to entry in nil map [recovered]
// 	panic: assignment to entry in nil map
//
// goroutine 1 [running]:
// main.main.func1.1.1()
// 	panic_repanic_chain.go:25
// Exit: 2
