// Slicing a string out of range panics with Go's message.
package main

func main() {
	s := "hello"
	n := 10
	println(s[2:n])
}

// Output:
// panic: runtime error: slice bounds out of range [:10] with length 5
//
// goroutine 1 [running]:
// main.main()
// 	string_slice_oob.go:7
// Exit: 2
