// NewTicker with a non-positive interval panics with Go's error.
package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println("making a ticker")
	time.NewTicker(0)
}

// Output:
// making a ticker
// panic: non-positive interval for NewTicker
//
// goroutine 1 [running]:
// main.main()
// 	conc_time_ticker_negative.go:11
// Exit: 2
