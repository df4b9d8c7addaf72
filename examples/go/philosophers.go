// Dining philosophers: five goroutines share five forks (sync.Mutex).
// Each picks up its lower-numbered fork first, which breaks the circular
// wait that would deadlock the table; a WaitGroup waits for every meal
// and an atomic counter tallies them.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

const philosophers = 5
const meals = 200

func main() {
	forks := make([]sync.Mutex, philosophers)
	var eaten int64
	perSeat := make([]int, philosophers)
	var wg sync.WaitGroup
	for p := 0; p < philosophers; p++ {
		wg.Add(1)
		go func(p int) {
			left, right := p, (p+1)%philosophers
			if left > right {
				left, right = right, left
			}
			for m := 0; m < meals; m++ {
				forks[left].Lock()
				forks[right].Lock()
				perSeat[p]++
				atomic.AddInt64(&eaten, 1)
				forks[right].Unlock()
				forks[left].Unlock()
			}
			wg.Done()
		}(p)
	}
	wg.Wait()
	for p, n := range perSeat {
		fmt.Printf("philosopher %d ate %d times\n", p, n)
	}
	fmt.Println("meals served:", atomic.LoadInt64(&eaten))
}

// Output:
// philosopher 0 ate 200 times
// philosopher 1 ate 200 times
// philosopher 2 ate 200 times
// philosopher 3 ate 200 times
// philosopher 4 ate 200 times
// meals served: 1000
