// Golden errors: composite literals, slicing, and the built-ins append and
// make, with Go's wording.

package main

type T struct {
	i    int
	next *T
}

var a [3]int

func f() [3]int { return a }

var _ = &T{i: 0, next: {}} // ERROR "missing type in composite literal"
var _ = &T{0, {}}          // ERROR "missing type in composite literal"
var _ = T{j: 1}            // ERROR "unknown field 'j' in struct literal of type T"
var _ = f()[:]             // ERROR "invalid operation: f\(\) \(value of type \[3\]int\) \(slice of unaddressable value\)"
var _ = 301[:]             // ERROR "invalid operation: cannot slice 301 \(untyped int constant\)"

var s []int
var fl float64

var _ = append(s...)       // ERROR "not enough arguments in call to append\n\thave \(\[\]int\)\n\twant \(\[\]int, \.\.\.int\)"
var _ = append(s, 2, s...) // ERROR "too many arguments in call to append\n\thave \(\[\]int, number, \[\]int\)\n\twant \(\[\]int, \.\.\.int\)"
var _ = make([]int, fl)    // ERROR "invalid argument: index fl \(variable of type float64\) must be integer"
var _ = make([]int, -1)    // ERROR "invalid argument: index -1 \(constant of type int\) must not be negative"
var _ = make([]int, "a")   // ERROR "cannot convert .a. \(untyped string constant\) to int"

func main() {
	_()      // ERROR "cannot use _ as value or type"
	x := _ + 1 // ERROR "cannot use _ as value or type"
	_ = x
}
