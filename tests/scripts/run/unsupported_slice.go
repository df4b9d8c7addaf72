// What the code generator does not handle yet is a compile error, not a crash.
package main

func main() {
	s := []int{1, 2, 3}
	println(len(s))
}

// Output:
// unsupported_slice.go:5:7: gort: slices is not supported yet
// Exit: 1
