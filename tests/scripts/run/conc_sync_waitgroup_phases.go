// A WaitGroup reused for several phases; each phase's results are
// complete when Wait returns.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	results := make([]int, 10)
	for phase := 1; phase <= 3; phase++ {
		wg.Add(len(results))
		for i := range results {
			go func(i int) {
				results[i] += i * phase
				wg.Done()
			}(i)
		}
		wg.Wait()
		fmt.Println("phase", phase, results)
	}
	wg.Wait() // zero counter: returns at once
	fmt.Println("done")
}

// Output:
// phase 1 [0 1 2 3 4 5 6 7 8 9]
// phase 2 [0 3 6 9 12 15 18 21 24 27]
// phase 3 [0 6 12 18 24 30 36 42 48 54]
// done
