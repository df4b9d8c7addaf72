// A three-index slice whose max exceeds the capacity panics.
package main

func main() {
	s := make([]string, 1, 4)
	m := 5
	t := s[0:1:m]
	println(len(t))
}

// Output:
// panic: runtime error: slice bounds out of range [::5] with capacity 4
//
// goroutine 1 [running]:
// main.main()
// 	data_slice3_bounds.go:7
// Exit: 2
