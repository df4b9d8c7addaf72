// A panic inside a method called through an interface shows both frames.
package main

type Divider interface{ Div(int) int }
type N int

func (n N) Div(d int) int { return int(n) / d }

func main() {
	var d Divider = N(10)
	println(d.Div(2))
	println(d.Div(0))
}

// Output:
// 5
// panic: runtime error: integer divide by zero
//
// goroutine 1 [running]:
// main.N.Div(...)
// 	func_iface_method_panic_trace.go:7
// main.main()
// 	func_iface_method_panic_trace.go:12
// Exit: 2
