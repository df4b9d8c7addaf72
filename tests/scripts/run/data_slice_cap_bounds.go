// Slicing beyond the capacity panics.
package main

func main() {
	s := make([]int, 2, 3)
	println(len(s[:3]))
	n := 4
	println(len(s[:n]))
}

// Output:
// 3
// panic: runtime error: slice bounds out of range [:4] with capacity 3
//
// goroutine 1 [running]:
// main.main()
// 	data_slice_cap_bounds.go:8
// Exit: 2
