// Slicing an array beyond its length panics "with length".
package main

func main() {
	var a [3]int
	n := 4
	println(len(a[1:n]))
}

// Output:
// panic: runtime error: slice bounds out of range [:4] with length 3
//
// goroutine 1 [running]:
// main.main()
// 	data_array_slice_bounds.go:7
// Exit: 2
