// Defers run whichever return leaves the function.
package main

import "fmt"

func pick(n int) string {
	defer fmt.Println("  leaving pick", n)
	if n < 0 {
		return "negative"
	}
	switch n {
	case 0:
		return "zero"
	case 1:
		return "one"
	}
	for i := 0; ; i++ {
		if i == n {
			return "many"
		}
	}
}

func main() {
	for _, n := range []int{-1, 0, 1, 5} {
		fmt.Println(pick(n))
	}
}

// Output:
//   leaving pick -1
// negative
//   leaving pick 0
// zero
//   leaving pick 1
// one
//   leaving pick 5
// many
