// Golden errors: a type larger than the address space (Go's backend limit
// of 1<<50 bytes on 64-bit targets), reported for a program that otherwise
// type-checks.

package main

var X [1 << 50]byte // ERROR "type \[1125899906842624\]byte larger than address space"

var Y [1 << 49]int16 // ERROR "type \[562949953421312\]int16 larger than address space"

var Z [1 << 40]byte

func main() {}
