// Asserting a nil interface to a concrete type panics.
package main

func main() {
	var x interface{}
	_, ok := x.(int)
	println(ok)
	println(x.(int))
}

// Output:
// false
// panic: interface conversion: interface {} is nil, not int
//
// goroutine 1 [running]:
// main.main()
// 	func_iface_assert_nil.go:8
// Exit: 2
