// Each function reports its first unsupported construct.
// Go: differs: gort does not compile go with a built-in yet
package main

func work() {}

func a() {
	go println("x")
}

func b() {
	defer work()
}

func main() {
	a()
	b()
}

// Output:
// unsupported_go.go:8:2: gort: go with a built-in function is not supported yet
// Exit: 1
