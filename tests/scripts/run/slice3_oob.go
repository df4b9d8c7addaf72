// A full slice expression beyond the capacity panics with Go's message.
package main

func main() {
	s := make([]int, 2, 4)
	t := s[1:3:4]
	println(len(t), cap(t))
	i := 5
	_ = s[0:2:i]
}

// Output:
// 2 3
// panic: runtime error: slice bounds out of range [::5] with capacity 4
//
// goroutine 1 [running]:
// main.main()
// 	slice3_oob.go:9
// Exit: 2
