// Printf flags, widths, precisions and explicit operand indexes ("%[2]d",
// "%[3]*.[2]*[1]f", BADINDEX), bad verbs and operands, and the float
// verbs %x %X %b.
package main

import "fmt"

func main() {
	fmt.Printf("%[2]d %[1]d\n", 1, 2)
	fmt.Printf("%[3]*.[2]*[1]f|\n", 12.0, 2, 6)
	fmt.Printf("%d %d %#[1]x %#x\n", 16, 17)
	fmt.Printf("%[5]d|%[0]d|%[]d|%[x]d|%[2]2d|%[1].2d|%[\n", 1, 2)
	fmt.Printf("%[2]d\n", 1, 2, 3)
	fmt.Printf("%.|%5.\n")
	fmt.Printf("%-+8.3f|%+08d|%x|%X|% X\n", 3.0, -5, "hello", []byte("hi"), "hi")
	fmt.Printf("%6.3v|%.0f|%.1e|%08.3f|%-08d|\n", "abcdef", 2.5, 123456.0, -3.14159, 42)
	fmt.Printf("%x %x %.3x %10.2x|%-12X|\n", 0.1, -1e300, 3.0, 1.0, 5e-324)
	fmt.Printf("%b %b\n", float32(1.5), -0.0)
	fmt.Printf("%e %g %v\n", float32(1e10), float32(3.4e38), float32(16777216.0))
	fmt.Printf("%t %t\n", 1, "x")
	fmt.Printf("%s %v\n", nil, nil)
	fmt.Printf("%d\n", []interface{}{1, "a"})
	fmt.Printf("%c|%5c|%-3c|\n", 65, 'é', 'z')
	fmt.Printf("%q %q %+q %#q %#+q\n", 0x7f, '\n', 'é', 'é', '\'')
	fmt.Printf("%U %#U %#U\n", -1, 0x10FFFF+1, 'a')
	fmt.Printf("%08b|%o|%#b|%#O\n", 5, -8, 5, 8)
	fmt.Printf("%v|%6v|%-6v|%06v\n", true, 12, -3, -3)
	fmt.Printf("% d|% d|%+ d\n", 5, -5, 5)
	fmt.Printf("%.3s|%.10s|%.0s|%5.2s|\n", "日本語日本語", "ab", "abc", "xyz")
	fmt.Printf("%x|%X|% x|%#x|%# x\n", "日本", "\xff", "abc", "abc", "abc")
	fmt.Printf("%v %v %v\n", 1e-5, 123456789.0, 1e100)
	fmt.Printf("%.2f %.2f %.2f %.0f %.0f\n", 2.675, 1.005, -0.001, 0.5, 1.5)
	fmt.Printf("%g %g %g %g\n", 100000.0, 1000000.0, 1e-4, 1e-5)
	fmt.Printf("%v %v\n", float32(0.1)+float32(0.2), 0.1+0.2)
}

// Output:
// 2 1
//  12.00|
// 16 17 0x10 0x11
// %!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)|%!
// (BADINDEX)2
// %!|(MISSING)%!
// (MISSING)+3.000  |-0000005|68656c6c6f|6869|68 69
//    abc|2|1.2e+05|-003.142|42      |
// 0x1.999999999999ap-04 -0x1.7e43c8800759cp+996 0x1.800p+01 0x1.00p+00|0X1P-1074   |
// 12582912p-23 0p-1074
// 1.000000e+10 3.4e+38 1.6777216e+07
// %!t(int=1) %!t(string=x)
// %!s(<nil>) <nil>
// [1 %!d(string=a)]
// A|    é|z  |
// '\x7f' '\n' '\u00e9' 'é' '\''
// U+FFFFFFFFFFFFFFFF U+110000 U+0061 'a'
// 00000101|-10|0b101|0o010
// true|    12|-3    |-00003
//  5|-5|+5
// 日本語|ab||   xy|
// e697a5e69cac|FF|61 62 63|0x616263|0x61 0x62 0x63
// 1e-05 1.23456789e+08 1e+100
// 2.67 1.00 -0.00 0 2
// 100000 1e+06 0.0001 1e-05
// 0.3 0.3
