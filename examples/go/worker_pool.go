// worker_pool: a fixed number of workers take jobs from one channel and
// send results on another; a sync.WaitGroup tells when every worker has
// finished, so the results channel can be closed and drained. The jobs
// are spread over the workers however the scheduler likes, but the
// summary printed at the end does not depend on it.
//
//	scripts/run worker_pool.go
package main

import (
	"fmt"
	"sync"
)

type result struct {
	job, worker, value int
}

// collatz counts the steps of n's Collatz sequence down to 1.
func collatz(n int) int {
	steps := 0
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		steps++
	}
	return steps
}

func worker(id int, jobs <-chan int, results chan<- result, wg *sync.WaitGroup) {
	for j := range jobs {
		results <- result{j, id, collatz(j)}
	}
	wg.Done()
}

func main() {
	const nworkers, njobs = 4, 10000
	jobs := make(chan int, 100)
	results := make(chan result, 100)
	var wg sync.WaitGroup
	for w := 1; w <= nworkers; w++ {
		wg.Add(1)
		go worker(w, jobs, results, &wg)
	}
	go func() {
		for j := 1; j <= njobs; j++ {
			jobs <- j
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	best, count := result{}, 0
	perWorker := map[int]int{}
	for r := range results {
		count++
		perWorker[r.worker]++
		if r.value > best.value || (r.value == best.value && r.job < best.job) {
			best = r
		}
	}
	done := 0
	for _, n := range perWorker {
		done += n
	}
	fmt.Println("jobs done:", count, "by", len(perWorker) <= nworkers, "workers, total", done)
	fmt.Printf("longest Collatz sequence below %d: %d (%d steps)\n", njobs, best.job, best.value)
}

// Output:
// jobs done: 10000 by true workers, total 10000
// longest Collatz sequence below 10000: 6171 (261 steps)
