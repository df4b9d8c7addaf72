// go of a stdlib function: the goroutine runs the native through a
// NATIVEFN trampoline.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	runtime.GOMAXPROCS(1)
	go fmt.Println("from a goroutine:", 1, "two")
	for runtime.NumGoroutine() > 1 {
		runtime.Gosched()
	}
	fmt.Println("main")
}

// Output:
// from a goroutine: 1 two
// main
