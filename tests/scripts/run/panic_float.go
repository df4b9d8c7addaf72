// panic with a float value prints as print does.
package main

func main() {
	x := 1.5
	panic(x * 2)
}

// Output:
// panic: +3.000000e+000
//
// goroutine 1 [running]:
// main.main()
// 	panic_float.go:6
// Exit: 2
