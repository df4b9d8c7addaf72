// Type assertions to concrete types, comma-ok and panicking.
package main

func main() {
	var x interface{} = 42
	n := x.(int)
	println(n + 1)
	s, ok := x.(string)
	println(s == "", ok)
	m, ok := x.(int)
	println(m, ok)
	x = "hello"
	s, ok = x.(string)
	println(s, ok)
	_ = x.(int)
}

// Output:
// 43
// true false
// 42 true
// hello true
// panic: interface conversion: interface {} is string, not int
//
// goroutine 1 [running]:
// main.main()
// 	func_iface_assert.go:15
// Exit: 2
