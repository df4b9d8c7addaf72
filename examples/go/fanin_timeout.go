// fanin_timeout: three sources with different speeds are merged into one
// channel with select (fan-in). Each request gets an answer or gives up
// after a deadline made by time.After; a quiet period, measured with a
// time.Timer that is reset on every message, ends the program.
//
//	scripts/run fanin_timeout.go
package main

import (
	"fmt"
	"time"
)

type msg struct {
	from string
	seq  int
}

// source sends n messages, one every period.
func source(name string, n int, period time.Duration) <-chan msg {
	c := make(chan msg)
	go func() {
		for i := 1; i <= n; i++ {
			time.Sleep(period)
			c <- msg{name, i}
		}
	}()
	return c
}

// merge forwards from both channels to one (the fan-in).
func merge(a, b, c <-chan msg) <-chan msg {
	out := make(chan msg)
	go func() {
		for {
			select {
			case m := <-a:
				out <- m
			case m := <-b:
				out <- m
			case m := <-c:
				out <- m
			}
		}
	}()
	return out
}

// query answers after delay, or not at all if the caller stopped waiting.
func query(delay time.Duration) <-chan string {
	c := make(chan string, 1) // buffered: a late answer does not block forever
	go func() {
		time.Sleep(delay)
		c <- fmt.Sprint("answer after ", delay)
	}()
	return c
}

func main() {
	for _, d := range []time.Duration{5 * time.Millisecond, 500 * time.Millisecond} {
		select {
		case a := <-query(d):
			fmt.Println(a)
		case <-time.After(100 * time.Millisecond):
			fmt.Println("query timed out after 100ms")
		}
	}

	in := merge(source("fast", 6, 2*time.Millisecond), source("medium", 4, 5*time.Millisecond),
		source("slow", 2, 20*time.Millisecond))
	counts := map[string]int{}
	last := map[string]int{}
	inOrder := true
	quiet := time.NewTimer(300 * time.Millisecond)
	for done := false; !done; {
		select {
		case m := <-in:
			counts[m.from]++
			if m.seq != last[m.from]+1 {
				inOrder = false
			}
			last[m.from] = m.seq
			if !quiet.Stop() {
				<-quiet.C
			}
			quiet.Reset(300 * time.Millisecond)
		case <-quiet.C:
			done = true
		}
	}
	fmt.Println("received fast:", counts["fast"], "medium:", counts["medium"], "slow:", counts["slow"])
	fmt.Println("each source in order:", inOrder)
}

// Output:
// answer after 5ms
// query timed out after 100ms
// received fast: 6 medium: 4 slow: 2
// each source in order: true
