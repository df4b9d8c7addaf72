// init functions run after variable initialisation, in order.
package main

var x = 10

func init() {
	println("init 1", x)
	x++
}

func init() {
	println("init 2", x)
	x *= 2
}

func main() {
	println("main", x)
}

// Output:
// init 1 10
// init 2 11
// main 22
