// Function literals are refused at their position.
package main

func main() {
	f := func() int { return 1 }
	println(f())
}

// Output:
// unsupported_closure.go:5:7: gort: function values is not supported yet
// Exit: 1
