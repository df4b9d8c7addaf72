// A slice with lo > hi panics.
package main

func main() {
	s := "hello"
	lo, hi := 3, 1
	println(s[lo:hi])
}

// Output:
// panic: runtime error: slice bounds out of range [3:1]
//
// goroutine 1 [running]:
// main.main()
// 	string_slice_inverted.go:7
// Exit: 2
