// Go: differs: -ffi=false is gort's switch
// Flags: -ffi=false
package main

import (
	"ffi"
	"fmt"
)

//gort:extern libm.so.6 cos
func cos(x float64) float64

func main() {
	fmt.Println(cos(0), ffi.Nil)
}

// Output:
// disabled.go:6:2: gort: package ffi is turned off (gort run -ffi=false)
// disabled.go:10:1: gort:extern: the FFI is turned off (gort run -ffi=false)
// Exit: 1
