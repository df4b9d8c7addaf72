// Asserting to an interface the dynamic type does not implement names the missing method.
package main

type T int

func (T) M() {}

type I interface {
	M()
	N()
}

func main() {
	var x interface{} = T(1)
	_, ok := x.(I)
	println(ok)
	_ = x.(I)
}

// Output:
// false
// panic: interface conversion: main.T is not main.I: missing method N
//
// goroutine 1 [running]:
// main.main()
// 	func_iface_assert_missing.go:17
// Exit: 2
