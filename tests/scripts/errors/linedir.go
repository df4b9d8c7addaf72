// Golden errors: line directives move the positions errors are reported
// at, as in Go. Each directive names this file and the line of the ERROR
// comment that expects its error.

package main

//line linedir.go:14
var x int = "a"
var y int = /*line linedir.go:15:1*/ "b"




// ERROR "cannot use .a. \(untyped string constant\) as int value in variable declaration"
// ERROR "cannot use .b. \(untyped string constant\) as int value in variable declaration"

func main() {}
