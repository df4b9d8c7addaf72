// Runtime errors are panics a deferred call can recover; their value is
// a runtime.Error whose Error() is Go's message.
package main

import (
	"fmt"
	"runtime"
)

type P struct{ v int }

func catch(name string, f func()) {
	defer func() {
		r := recover()
		err, ok := r.(error)
		_, isrt := r.(runtime.Error)
		fmt.Println(name, "|", ok, isrt, "|", err.Error())
	}()
	f()
}

func main() {
	catch("index", func() { a := []int{1, 2}; i := 3; _ = a[i] })
	catch("nilmap", func() { var m map[int]int; m[1] = 2 })
	catch("divide", func() { a, b := 1, 0; _ = a / b })
	catch("nilptr", func() { var p *P; _ = p.v })
	catch("assert", func() { var x any = "s"; _ = x.(int) })
	catch("slice", func() { s := []int{1}; j := 5; _ = s[1:j] })
	catch("closed", func() { c := make(chan int); close(c); close(c) })
	fmt.Println("all recovered")
}

// Output:
// index | true true | runtime error: index out of range [3] with length 2
// nilmap | true true | assignment to entry in nil map
// divide | true true | runtime error: integer divide by zero
// nilptr | true true | runtime error: invalid memory address or nil pointer dereference
// assert | true true | interface conversion: interface {} is string, not int
// slice | true true | runtime error: slice bounds out of range [:5] with capacity 1
// closed | true true | close of closed channel
// all recovered
