// Go: differs: calls C through //gort:extern (Go needs cgo for this)
package main

import "time"

import (
	"fmt"
	"runtime"
)

func hold(p *int64, ms int32) int64 { time.Sleep(time.Duration(ms) * time.Millisecond); return *p }

func sum32(p []int32, n int32) int64 {
	s := int64(0)
	for _, v := range p[:n] {
		s += int64(v)
	}
	return s
}

type node struct {
	next *node
	pad  [4]int64
}

func churn(done chan bool) {
	// garbage and collections while C holds the pointers
	for i := 0; i < 20; i++ {
		var l *node
		for j := 0; j < 2000; j++ {
			l = &node{next: l}
		}
		runtime.GC()
	}
	done <- true
}

func main() {
	done := make(chan bool)
	go churn(done)
	p := new(int64)
	*p = 12345
	got := hold(p, 200) // the only reference to *p is the call's argument
	fmt.Println(got)
	<-done
	// a slice's array held only by the call
	go churn(done)
	fmt.Println(sum32(make([]int32, 100000), 100000), hold(new(int64), 100))
	<-done
}
