// Asserting a nil interface to an interface type.
package main

type I interface{ M() }

func main() {
	var x interface{}
	_, ok := x.(I)
	println(ok)
	_ = x.(I)
}

// Output:
// false
// panic: interface conversion: interface is nil, not main.I
//
// goroutine 1 [running]:
// main.main()
// 	func_iface_nil_assert_iface.go:10
// Exit: 2
