// s[a:b] with a > b panics with Go's slice bounds message.
package main

func main() {
	s := []int{1, 2, 3}
	i, j := 2, 1
	println(len(s[i:]))
	println(len(s[i:j]))
}

// Output:
// 1
// panic: runtime error: slice bounds out of range [2:1]
//
// goroutine 1 [running]:
// main.main()
// 	data_slice_bounds.go:8
// Exit: 2
