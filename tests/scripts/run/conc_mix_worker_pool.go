// A worker pool: jobs on a channel, results collected under a Mutex,
// a WaitGroup to know when all workers are done.
package main

import (
	"fmt"
	"sync"
)

func main() {
	jobs := make(chan int, 100)
	var mu sync.Mutex
	var wg sync.WaitGroup
	results := map[int]int{}
	perWorker := make([]int, 4)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			for j := range jobs {
				sq := j * j
				mu.Lock()
				results[j] = sq
				perWorker[w]++
				mu.Unlock()
			}
			wg.Done()
		}(w)
	}
	for i := 1; i <= 100; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	keys := []int{}
	sum, done := 0, 0
	for k, v := range results {
		keys = append(keys, k)
		sum += v
	}
	for _, n := range perWorker {
		done += n
	}
	sortInts(keys)
	fmt.Println(len(keys), keys[0], keys[99], sum, done)
}

// sortInts: an insertion sort (the test does not depend on package sort)
func sortInts(s []int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Output:
// 100 1 100 338350 100
