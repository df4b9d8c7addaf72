// Golden errors: import declarations Go rejects before looking a package up.

package main

import init "fmt" // ERROR "cannot import package as init - init must be a func"
import "a b"      // ERROR "invalid import path \(invalid character U\+0020 ' '\)"
import "x!"       // ERROR "invalid import path \(invalid character U\+0021 '!'\)"

func main() {
	type T = T // ERROR "invalid recursive type T\n\t.*T refers to\n\t.*T"
	m := map[string]struct{ age int }{}
	m["a"].age = 1 // ERROR "cannot assign to struct field m\[.a.\]\.age in map"
}
