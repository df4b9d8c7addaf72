// Golden errors: expressions and constants.

package main

var b byte = 300 // ERROR "cannot use 300 \(untyped int constant\) as byte value in variable declaration \(overflows\)"
var c = int8(100) * 2 // ERROR "int8\(100\) \* 2 \(constant 200 of type int8\) overflows int8"
var d int = 1.5 // ERROR "\(truncated\)"
var e = 1 << 600 << 600 // ERROR "constant shift overflow"
const f = 10 / 0 // ERROR "invalid operation: division by zero"
var g = "a" + 1 // ERROR "mismatched types untyped string and untyped int"
var i = []int{} == []int{} // ERROR "slice can only be compared to nil"
var l = byte(300) // ERROR "cannot convert 300 \(untyped int constant\) to type byte"
var n = !1 // ERROR "operator ! not defined on 1 \(untyped int constant\)"
var o = -"s" // ERROR "operator - not defined on .s. \(untyped string constant\)"
const b2 = 2

var p = undefinedName // ERROR "undefined: undefinedName"

type T struct{ x int }

func (t *T) M() {}

func main() {
	var t T
	_ = t.y // ERROR "t.y undefined \(type T has no field or method y\)"
	var s string
	s[0] = 'a' // ERROR "cannot assign to s\[0\]"
	_ = &b2 // ERROR "cannot take address of b2"
	var a [3]int
	_ = a[5] // ERROR "index 5 out of bounds"
	_ = T{x: 1, x: 2} // ERROR "duplicate field name x in struct literal"
	_ = T{z: 1} // ERROR "unknown field .z. in struct literal of type T"
	_ = map[string]int{"a": 1, "a": 2} // ERROR "duplicate key .a. in map literal"
	var k int
	k + 1 // ERROR "k \+ 1 \(value of type int\) is not used"
	_ = k.(int) // ERROR "k \(variable of type int\) is not an interface"
}
