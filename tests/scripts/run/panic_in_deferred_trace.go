// A panic inside a deferred call while panicking: the traceback starts
// in the deferred function.
package main

func cleanup() {
	var m map[string]bool
	m["x"] = true
}

func main() {
	defer cleanup()
	panic("work failed")
}

// Output:
// panic: work failed
// 	panic: assignment to entry in nil map
//
// goroutine 1 [running]:
// main.cleanup()
// 	panic_in_deferred_trace.go:7
// Exit: 2
