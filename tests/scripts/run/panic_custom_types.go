// Go prints panics of named basic types as main.T(value).
package main

type Code int
type Msg string

func main() {
	defer func() {
		r := recover()
		println("recovered a Code")
		_ = r
		panic(Msg("bad message"))
	}()
	panic(Code(7))
}

// Output:
// recovered a Code
// panic: main.Code(7) [recovered]
// 	panic: main.Msg("bad message")
//
// goroutine 1 [running]:
// main.main.func1()
// 	panic_custom_types.go:12
// Exit: 2
