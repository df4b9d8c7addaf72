// make with a negative length panics with Go's makeslice message.
package main

func main() {
	n := -1
	s := make([]int, n)
	println(len(s))
}

// Output:
// panic: runtime error: makeslice: len out of range
//
// goroutine 1 [running]:
// main.main()
// 	data_makeslice_len.go:6
// Exit: 2
