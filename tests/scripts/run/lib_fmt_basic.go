// fmt's verbs on the basic kinds: ints, floats, strings, bools, with
// widths, precisions and flags.
package main

import "fmt"

func main() {
	i, n := 42, -7
	var u8 uint8 = 200
	var i64 int64 = -1 << 63
	var u64 uint64 = 1<<64 - 1
	fmt.Println(i, n, u8, i64, u64)
	fmt.Printf("%d %d %d %d %d\n", i, n, u8, i64, u64)
	fmt.Printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%x] [%X] [%o] [%O] [%b] [%#x] [%#o]\n", i, i, i, i, i, 255, 255, 8, 8, 5, 255, 8)
	fmt.Printf("[%08.3d] [%.0d] [%x] [%c] [%U] [%#U] [%q]\n", 7, 0, -255, 'A', 0x1F600, '世', 'x')
	f := 3.14159
	fmt.Println(f, 1e21, 1e20, 1e-7, 100.0, -0.0, float32(0.1))
	fmt.Printf("%v %f %.2f %8.3f %-8.2f| %e %E %g %G\n", f, f, f, f, f, f, f, f, 1e-10)
	fmt.Printf("%g %g %g %.3g %10.4e %+.1f\n", 1e6, 1e21, 123456789.0, 2.0/3, 12345.678, 2.55)
	fmt.Printf("%x %X %b\n", 1.5, -2.25, 0.5)
	fmt.Printf("%t %v %5t|\n", true, false, true)
	s := "héllo"
	fmt.Printf("%s|%10s|%-10s|%.2s|%q|%x|% x|%X|%#q\n", s, s, s, s, s, "hi", "hi", "hi", "a`b")
	fmt.Printf("%q %+q %q\n", "tab\there\n\"quoted\"", "日本", "\x00\xff")
	fmt.Printf("%5.1f%%\n", 99.5)
	fmt.Printf("%*d|%-*d|%.*f\n", 5, 1, 4, 2, 2, 3.14159)
	fmt.Printf("%v %d\n", 'a', 'a')
	fmt.Print("a", "b", 1, 2, "c", 3.5, true, "\n")
	fmt.Print(1, 2, "\n")
	fmt.Println(fmt.Sprint("x", 1, 2, "y"), fmt.Sprintln("a", 1) == "a 1\n")
	fmt.Println(fmt.Sprintf("%6.2f|%-6s|%06d", 3.14159, "go", -42))
	var byt byte = 'z'
	var r rune = 'ä'
	fmt.Println(byt, r, string(r))
	fmt.Printf("%c%c %v %s\n", byt, r, []byte("hi"), []byte("hi"))
	fmt.Printf("%d%%\n", 50)
}

// Output:
// 42 -7 200 -9223372036854775808 18446744073709551615
// 42 -7 200 -9223372036854775808 18446744073709551615
// [   42] [42   ] [00042] [+42] [ 42] [ff] [FF] [10] [0o10] [101] [0xff] [010]
// [     007] [] [-ff] [A] [U+1F600] [U+4E16 '世'] ['x']
// 3.14159 1e+21 1e+20 1e-07 100 0 0.1
// 3.14159 3.141590 3.14    3.142 3.14    | 3.141590e+00 3.141590E+00 3.14159 1E-10
// 1e+06 1e+21 1.23456789e+08 0.667 1.2346e+04 +2.5
// 0x1.8p+00 -0X1.2P+01 4503599627370496p-53
// true false  true|
// héllo|     héllo|héllo     |hé|"héllo"|6869|68 69|6869|"a`b"
// "tab\there\n\"quoted\"" "\u65e5\u672c" "\x00\xff"
//  99.5%
//     1|2   |3.14
// 97 97
// ab1 2c3.5 true
// 1 2
// x1 2y true
//   3.14|go    |-00042
// 122 228 ä
// zä [104 105] hi
// 50%
