// Each iteration's defer is its own record; all run at function return.
package main

import "fmt"

func count(n int) {
	for i := 0; i < n; i++ {
		defer fmt.Println("deferred", i)
	}
	fmt.Println("loop done")
}

func main() {
	count(4)
	fmt.Println("after count")
}

// Output:
// loop done
// deferred 3
// deferred 2
// deferred 1
// deferred 0
// after count
