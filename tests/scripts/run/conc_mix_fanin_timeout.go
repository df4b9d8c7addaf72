// Fan-in with select: three producers merged into one channel, the
// consumer gives up on a quiet period measured with a Timer it resets.
package main

import (
	"fmt"
	"time"
)

func producer(name string, n int, out chan string) {
	for i := 0; i < n; i++ {
		out <- fmt.Sprint(name, i)
	}
}

func main() {
	out := make(chan string)
	go producer("a", 3, out)
	go producer("b", 4, out)
	go producer("c", 2, out)
	got := []string{}
	idle := time.NewTimer(200 * time.Millisecond)
	for done := false; !done; {
		select {
		case s := <-out:
			got = append(got, s)
			if !idle.Stop() {
				<-idle.C
			}
			idle.Reset(200 * time.Millisecond)
		case <-idle.C:
			done = true
		}
	}
	sortStrings(got)
	fmt.Println(len(got), got)
}

// sortStrings: an insertion sort (the test does not depend on package sort)
func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Output:
// 9 [a0 a1 a2 b0 b1 b2 b3 c0 c1]
