// recover_worker: a pool of workers where a job that panics does not take
// the program down. Each worker runs every job inside a function with a
// deferred recover, so a runtime error in one job (an index out of range,
// a nil map write) or an explicit panic becomes an error result on the
// results channel, and the worker goes on with its next job. The worker's
// own deferred call tells the collector it is done, whatever happened.
//
// What it shows: defer runs at every exit of a function, recover stops a
// panic only in the deferred function itself, a recovered function
// returns normally with its named results (err here), and a runtime
// error's value is an error whose Error() is Go's message.
//
//	scripts/run recover_worker.go
package main

import "fmt"

type result struct {
	job int
	val int
	err error
}

// run does job n; some jobs panic.
func run(n int) (val int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("job %d: %v", n, r)
		}
	}()
	table := []int{10, 20, 30}
	switch {
	case n%5 == 3:
		return table[n], nil // index out of range for n >= 3
	case n%7 == 6:
		var m map[int]int
		m[n] = 1 // assignment to entry in nil map
	case n == 9:
		panic(fmt.Sprintf("job %d refuses", n))
	}
	return n * n, nil
}

func worker(jobs <-chan int, out chan<- result, done chan<- bool) {
	defer func() { done <- true }()
	for n := range jobs {
		v, err := run(n)
		out <- result{n, v, err}
	}
}

func main() {
	const njobs, nworkers = 12, 3
	jobs := make(chan int, njobs)
	out := make(chan result, njobs)
	done := make(chan bool)
	for w := 0; w < nworkers; w++ {
		go worker(jobs, out, done)
	}
	for n := 0; n < njobs; n++ {
		jobs <- n
	}
	close(jobs)
	for w := 0; w < nworkers; w++ {
		<-done
	}
	close(out)
	results := make([]result, njobs)
	for r := range out {
		results[r.job] = r
	}
	failed := 0
	for _, r := range results {
		if r.err != nil {
			failed++
			fmt.Println("error:", r.err)
		} else {
			fmt.Println("job", r.job, "=", r.val)
		}
	}
	fmt.Println(failed, "of", njobs, "jobs failed; every worker finished")
}
