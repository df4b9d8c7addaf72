// Deferred functions may read and change named results.
package main

import "fmt"

func double() (r int) {
	defer func() { r *= 2 }()
	return 21
}

func trace() (s string, n int) {
	defer func() { s += "!"; n++ }()
	s, n = "hi", 1
	return
}

func overwrite() (r int) {
	defer func() { r = 100 }()
	return 5
}

func main() {
	fmt.Println(double())
	s, n := trace()
	fmt.Println(s, n)
	fmt.Println(overwrite())
}

// Output:
// 42
// hi! 2
// 100
