// A negative index panics too.
package main

func main() {
	var a [3]string
	i := -1
	a[i] = "x"
}

// Output:
// panic: runtime error: index out of range [-1]
//
// goroutine 1 [running]:
// main.main()
// 	data_array_neg.go:7
// Exit: 2
