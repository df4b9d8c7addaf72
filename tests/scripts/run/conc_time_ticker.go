// time.NewTicker: a loop that counts ticks until a deadline, Stop, and
// Reset to another period; time.Tick's channel.
package main

import (
	"fmt"
	"time"
)

func main() {
	tk := time.NewTicker(10 * time.Millisecond)
	n := 0
	for range tk.C {
		n++
		if n == 5 {
			break
		}
	}
	tk.Stop()
	fmt.Println("ticks:", n)
	select {
	case <-tk.C:
		// a tick may have been sent before Stop; drain it
	default:
	}
	select {
	case <-tk.C:
		fmt.Println("tick after Stop")
	case <-time.After(50 * time.Millisecond):
		fmt.Println("no ticks after Stop")
	}
	tk.Reset(5 * time.Millisecond)
	<-tk.C
	<-tk.C
	tk.Stop()
	fmt.Println("Reset ticks")
	c := time.Tick(5 * time.Millisecond)
	for i := 0; i < 3; i++ {
		<-c
	}
	fmt.Println("Tick:", 3, time.Tick(0) == nil)
}

// Output:
// ticks: 5
// no ticks after Stop
// Reset ticks
// Tick: 3 true
