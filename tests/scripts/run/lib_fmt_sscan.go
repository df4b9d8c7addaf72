package main

import (
	"fmt"
)

func main() {
	var a, b int
	var s string
	var f float64
	var ok bool
	n, err := fmt.Sscan("5 7", &a, &b)
	fmt.Println(n, err, a, b)
	n, err = fmt.Sscan("5", &a, &b)
	fmt.Println(n, err)
	n, err = fmt.Sscan("", &a)
	fmt.Println(n, err)
	n, err = fmt.Sscan("  12\n\n hello 3.5 true", &a, &s, &f, &ok)
	fmt.Println(n, err, a, s, f, ok)
	n, err = fmt.Sscan("x", &a)
	fmt.Println(n, err)
	n, err = fmt.Sscan("0x1F -0b11 +7", &a, &b, &a)
	fmt.Println(n, err, a, b)
	var i8 int8
	n, err = fmt.Sscan("300", &i8)
	fmt.Println(n, err, i8)
	var u uint
	n, err = fmt.Sscan("-3", &u)
	fmt.Println(n, err, u)
	n, err = fmt.Sscan("maybe", &ok)
	fmt.Println(n, err)
	n, err = fmt.Sscan("1e3 .5", &f, &f)
	fmt.Println(n, err, f)
	n, err = fmt.Sscanln("1 2\n3", &a, &b)
	fmt.Println(n, err, a, b)
	n, err = fmt.Sscanln("1\n2", &a, &b)
	fmt.Println(n, err)
	n, err = fmt.Sscanln("1 2 3", &a, &b)
	fmt.Println(n, err)
	n, err = fmt.Sscanf("age=42 name=bob", "age=%d name=%s", &a, &s)
	fmt.Println(n, err, a, s)
	n, err = fmt.Sscanf("7-8", "%d-%d", &a, &b)
	fmt.Println(n, err, a, b)
	n, err = fmt.Sscanf("7:8", "%d-%d", &a, &b)
	fmt.Println(n, err)
	n, err = fmt.Sscanf("ff 3.25", "%x %f", &a, &f)
	fmt.Println(n, err, a, f)
	n, err = fmt.Sscanf("1", "%d %d", &a, &b)
	fmt.Println(n, err)
	n, err = fmt.Sscanf("1 2", "%d", &a, &b)
	fmt.Println(n, err)
	var r rune
	n, err = fmt.Sscanf("héllo", "h%c", &r)
	fmt.Println(n, err, string(r))
	n, err = fmt.Sscanf(`"quoted str" x`, "%q %s", &s, &s)
	fmt.Println(n, err, s)
	n, err = fmt.Sscan("abc", a)
	fmt.Println(n, err)
	var bs []byte
	n, err = fmt.Sscan("bytes!", &bs)
	fmt.Println(n, err, string(bs))
	n, err = fmt.Sscanf("5%", "%d%%", &a)
	fmt.Println(n, err, a)
	n, err = fmt.Sscanf("12 34", "%d%d", &a, &b)
	fmt.Println(n, err, a, b)
	n, err = fmt.Sscanf("1 2", "%v %v", &a, &s)
	fmt.Println(n, err, a, s)
}

// Output:
// 2 <nil> 5 7
// 1 EOF
// 0 EOF
// 4 <nil> 12 hello 3.5 true
// 0 expected integer
// 3 <nil> 7 -3
// 0 integer overflow on token 300 0
// 0 expected integer 0
// 1 <nil>
// 2 <nil> 0.5
// 2 <nil> 1 2
// 1 unexpected newline
// 2 expected newline
// 2 <nil> 42 bob
// 2 <nil> 7 8
// 1 input does not match format
// 2 <nil> 255 3.25
// 1 EOF
// 1 too many operands
// 1 <nil> é
// 2 <nil> x
// 0 type not a pointer: int
// 1 <nil> bytes!
// 1 <nil> 5
// 2 <nil> 12 34
// 2 <nil> 1 2
