// Package-level variables, initialised in dependency order.
package main

var total = sum(limit)
var limit = base * 2
var base = 5
var name string
var greeting = "hi " + who()
var a, b = pair()

func who() string { return "there" }

func sum(n int) int {
	s := 0
	for i := 1; i <= n; i++ {
		s += i
	}
	return s
}

func pair() (int, int) { return limit + 1, limit + 2 }

func bump() {
	counter++
}

var counter int

func main() {
	println(total, limit, base, name == "", greeting)
	println(a, b)
	bump()
	bump()
	println(counter)
	name = "set"
	println(name, len(name))
}

// Output:
// 55 10 5 true hi there
// 11 12
// 2
// set 3
