// A method call on a nil interface value panics.
package main

type Speaker interface{ Speak() string }

func talk(s Speaker) string { return s.Speak() }

func main() {
	var s Speaker
	println(s == nil)
	println(talk(s))
}

// Output:
// true
// panic: runtime error: invalid memory address or nil pointer dereference
// [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=PC]
//
// goroutine 1 [running]:
// main.talk(...)
// 	func_iface_nil_call.go:6
// main.main()
// 	func_iface_nil_call.go:11
// Exit: 2
