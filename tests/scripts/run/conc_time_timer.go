// time.NewTimer: C fires once; Stop before it fires returns true and
// nothing arrives; Reset re-arms a stopped or drained timer.
package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.NewTimer(10 * time.Millisecond)
	<-t.C
	fmt.Println("fired; Stop after firing:", t.Stop())
	fmt.Println("Reset of a drained timer:", t.Reset(10*time.Millisecond))
	<-t.C
	fmt.Println("fired again")

	t2 := time.NewTimer(time.Hour)
	fmt.Println("Stop pending:", t2.Stop(), "Stop again:", t2.Stop())
	select {
	case <-t2.C:
		fmt.Println("unexpected")
	case <-time.After(30 * time.Millisecond):
		fmt.Println("nothing from a stopped timer")
	}
	fmt.Println("Reset stopped:", t2.Reset(5*time.Millisecond))
	<-t2.C
	fmt.Println("fired after Reset")

	t3 := time.NewTimer(time.Hour)
	fmt.Println("Reset pending:", t3.Reset(time.Millisecond))
	<-t3.C
	fmt.Println("t3 fired early")
	t4 := time.NewTimer(0)
	<-t4.C
	fmt.Println("zero duration fires at once")
}

// Output:
// fired; Stop after firing: false
// Reset of a drained timer: false
// fired again
// Stop pending: true Stop again: false
// nothing from a stopped timer
// Reset stopped: false
// fired after Reset
// Reset pending: true
// t3 fired early
// zero duration fires at once
