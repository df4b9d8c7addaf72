// Comparing interfaces holding uncomparable values panics.
package main

func main() {
	var x, y interface{} = []int{1}, []int{1}
	println("comparing")
	println(x == y)
}

// Output:
// comparing
// panic: runtime error: comparing uncomparable type []int
//
// goroutine 1 [running]:
// main.main()
// 	func_iface_compare_panic.go:7
// Exit: 2
