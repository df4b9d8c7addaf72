// Publish/subscribe: a broker goroutine owns the subscriber list and
// fans each message out to every subscriber's buffered channel; select
// lets it take subscriptions and messages in any order, and closing the
// topic ends every subscriber's range loop. Results are gathered through
// a channel of summaries, so the output does not depend on scheduling.
package main

import "fmt"

type summary struct {
	name  string
	count int
	last  string
}

func broker(subscribe <-chan chan string, publish <-chan string, done chan<- bool) {
	var subs []chan string
	for {
		select {
		case s := <-subscribe:
			subs = append(subs, s)
		case msg, ok := <-publish:
			if !ok {
				for _, s := range subs {
					close(s)
				}
				done <- true
				return
			}
			for _, s := range subs {
				s <- msg
			}
		}
	}
}

func subscriber(name string, in <-chan string, out chan<- summary) {
	sum := summary{name: name}
	for msg := range in {
		sum.count++
		sum.last = msg
	}
	out <- sum
}

func main() {
	subscribe := make(chan chan string)
	publish := make(chan string)
	done := make(chan bool)
	results := make(chan summary)
	go broker(subscribe, publish, done)
	names := []string{"carol", "alice", "bob"}
	for _, n := range names {
		in := make(chan string, 16)
		subscribe <- in
		go subscriber(n, in, results)
	}
	for i := 1; i <= 10; i++ {
		publish <- fmt.Sprintf("news #%d", i)
	}
	close(publish)
	<-done
	byName := map[string]summary{}
	for range names {
		s := <-results
		byName[s.name] = s
	}
	for _, n := range []string{"alice", "bob", "carol"} {
		s := byName[n]
		fmt.Printf("%-5s got %d messages, last %q\n", s.name, s.count, s.last)
	}
}

// Output:
// alice got 10 messages, last "news #10"
// bob   got 10 messages, last "news #10"
// carol got 10 messages, last "news #10"
