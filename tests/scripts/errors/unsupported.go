// Golden errors: what gort leaves out of Go, reported at the use.

package main

var c complex128 // ERROR "complex numbers are not supported by gort"

var j = 2i // ERROR "complex numbers are not supported by gort"

func main() {
	_ = real(1) // ERROR "complex numbers are not supported by gort"
}
