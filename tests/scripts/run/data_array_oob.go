// An array index out of range panics with Go's message.
package main

func at(a [4]int, i int) int {
	return a[i]
}

func main() {
	a := [4]int{1, 2, 3, 4}
	println(at(a, 3))
	println(at(a, 4))
}

// Output:
// 4
// panic: runtime error: index out of range [4] with length 4
//
// goroutine 1 [running]:
// main.at(...)
// 	data_array_oob.go:5
// main.main()
// 	data_array_oob.go:11
// Exit: 2
