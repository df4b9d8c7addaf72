// Goexit in a goroutine runs its defers; the others continue.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	done := make(chan int)
	for i := 0; i < 3; i++ {
		go func(id int) {
			defer func() { done <- id }()
			if id == 1 {
				runtime.Goexit()
			}
		}(i)
	}
	sum := 0
	for i := 0; i < 3; i++ {
		sum += <-done
	}
	fmt.Println("sum of ids", sum)
}

// Output:
// sum of ids 3
