// A failed assertion from one non-empty interface to a concrete type.
package main

type I interface{ M() }
type A int
type B int

func (A) M() {}
func (B) M() {}

func main() {
	var i I = A(1)
	println(i.(A) == 1)
	_ = i.(B)
}

// Output:
// true
// panic: interface conversion: main.I is main.A, not main.B
//
// goroutine 1 [running]:
// main.main()
// 	func_iface_assert_iface_panic.go:14
// Exit: 2
