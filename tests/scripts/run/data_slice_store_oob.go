// Storing beyond a slice's length panics, also through op= and ++.
package main

func main() {
	s := []float64{1, 2}
	s[1] += 0.5
	println(s[1])
	i := 2
	s[i]++
}

// Output:
// +2.500000e+000
// panic: runtime error: index out of range [2] with length 2
//
// goroutine 1 [running]:
// main.main()
// 	data_slice_store_oob.go:9
// Exit: 2
