// Golden errors: constant indices of index expressions and of array and
// slice literals, as Go's index check reports them.

package main

var i int
var s []int

var _ = [10]int{1.5: 1}     // ERROR "1.5 \(untyped float constant\) truncated to int"
var _ = [10]int{i: 1}       // ERROR "index i must be integer constant"
var _ = [2]int{1, 2, 3}     // ERROR "index 2 is out of bounds \(>= 2\)"
var _ = [10]int{"a": 1}     // ERROR "cannot convert .a. \(untyped string constant\) to int"
var _ = [0]int{-1: 50}      // ERROR "invalid argument: index -1 \(constant of type int\) must not be negative"
var _ = [10]int{2: 1, 1 << 4: 3} // ERROR "invalid argument: index 16 out of bounds \[0:10\]"
var _ = s[1.5]              // ERROR "1.5 \(untyped float constant\) truncated to int"
var _ = "abc"[5]            // ERROR "invalid argument: index 5 out of bounds \[0:3\]"
var _ = s[1<<70]            // ERROR "1 << 70 \(untyped int constant 1180591620717411303424\) overflows int"

type T int8

var t T
var _ = t + 1000 // ERROR "1000 \(untyped int constant\) overflows int8"
var _ = t + 1.5  // ERROR "1.5 \(untyped float constant\) truncated to int8"

func main() {}
