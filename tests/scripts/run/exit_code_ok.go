// A program that returns from main exits with status 0.
package main

func main() {
	x := 3
	if x > 2 {
		return
	}
	println("not reached")
}

// Output:
