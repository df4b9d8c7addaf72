// make with a capacity below the length panics.
package main

func main() {
	n, c := 5, 2
	s := make([]int, n, c)
	println(len(s))
}

// Output:
// panic: runtime error: makeslice: cap out of range
//
// goroutine 1 [running]:
// main.main()
// 	data_makeslice_cap.go:6
// Exit: 2
