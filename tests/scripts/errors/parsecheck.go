// Golden errors: the parser's complaints that are not syntax errors leave a
// well-formed tree, and the type checker still runs after them, as in Go.

package main

type T int

func (a, b T) m() {} // ERROR "method has multiple receivers"

var s = "abc"
var _ = s[1::] // ERROR "middle index required in 3-index slice" "final index required in 3-index slice" "invalid operation: 3-index slice of string"
var x int = "a" // ERROR "cannot use .a. \(untyped string constant\) as int value in variable declaration"

func main() {}
