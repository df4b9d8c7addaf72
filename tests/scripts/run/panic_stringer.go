// An unrecovered panic prints a Stringer's String() text.
package main

type Color int

func (c Color) String() string { return [...]string{"red", "green"}[c] }

func main() {
	panic(Color(1))
}

// Output:
// panic: green
//
// goroutine 1 [running]:
// main.main()
// 	panic_stringer.go:9
// Exit: 2
