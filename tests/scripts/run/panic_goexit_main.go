// Goexit in main runs main's defers; once the other goroutines end, Go
// reports a deadlock.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	defer fmt.Println("main's deferred call runs")
	runtime.Goexit()
}

// Output:
// main's deferred call runs
// fatal error: no goroutines (main called runtime.Goexit) - deadlock!
// Exit: 2
