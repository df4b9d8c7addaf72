// Each function reports its first unsupported construct.
package main

func work() {}

func a() {
	go work()
}

func b() {
	defer work()
}

func main() {
	a()
	b()
}

// Output:
// unsupported_go.go:7:2: gort: go statements is not supported yet
// unsupported_go.go:11:2: gort: defer statements is not supported yet
// Exit: 1
