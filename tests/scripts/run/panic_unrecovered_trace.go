// An unrecovered panic prints the script frames of the goroutine.
package main

import "fmt"

type stack []int

func (s *stack) pop() int {
	old := *s
	v := old[len(old)-1]
	*s = old[:len(old)-1]
	return v
}

func main() {
	var s stack
	defer fmt.Println("deferred before the crash")
	s.pop()
}

// Output:
// deferred before the crash
// panic: runtime error: index out of range [-1]
//
// goroutine 1 [running]:
// main.(...)
// 	panic_unrecovered_trace.go:10
// main.main()
// 	panic_unrecovered_trace.go:18
// Exit: 2
