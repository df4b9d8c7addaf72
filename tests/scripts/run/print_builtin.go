// print and println formats.
package main

func main() {
	print("a", "b", 1, 2, true, "\n")
	println("a", "b", 1, 2, true)
	println()
	println(-0.0, 100.0, 1e21, 1.0/3.0, 2e-7)
	var u8 uint8 = 255
	var i64 int64 = -9223372036854775808
	println(u8, i64)
	print()
	println("")
	println("tab\there", "nl")
}

// Output:
// ab12true
// a b 1 2 true
//
// +0.000000e+000 +1.000000e+002 +1.000000e+021 +3.333333e-001 +2.000000e-007
// 255 -9223372036854775808
//
// tab	here nl
