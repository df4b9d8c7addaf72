// Ranging over a string by rune, with invalid UTF-8.
package main

func main() {
	for i, r := range "aé世\xffz" {
		println(i, r)
	}
	n := 0
	for range "héllo" {
		n++
	}
	println(n)
	for i := range "abc" {
		print(i)
	}
	println()
	var k int
	var v rune
	for k, v = range "xy" {
	}
	println(k, v)
}

// Output:
// 0 97
// 1 233
// 3 19990
// 6 65533
// 7 122
// 5
// 012
// 1 121
