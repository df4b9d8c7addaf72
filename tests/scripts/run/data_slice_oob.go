// A slice index beyond the length (not the capacity) panics.
package main

func main() {
	s := make([]int, 2, 10)
	s[1] = 1
	println(s[1])
	s[2] = 2
}

// Output:
// 1
// panic: runtime error: index out of range [2] with length 2
//
// goroutine 1 [running]:
// main.main()
// 	data_slice_oob.go:8
// Exit: 2
